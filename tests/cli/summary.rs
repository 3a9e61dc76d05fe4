//! `incident summary` on the shipped Hong Kong record and on a hostile record: every section
//! the record supports, Markdown that a CommonMark parser reads as intended (every table a
//! table, no raw HTML or links from record text), byte-identical output, a self-contained
//! HTML page, and JSON checked value by value. The exact Markdown and HTML are pinned by the
//! fixture cases in `tests/fixtures/views/`; the JSON of a small record is a snapshot here.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::common::{
    ROOT, incident, incident_in, json_of, parse_json, stdout_in, stdout_of, stdout_ok,
};

/// The hostile record lives in its own folder: a record named by path must be inside the
/// incidents folder in use.
const HOSTILE_DIR: &str = "tests/fixtures/summary";
const HOSTILE: &str = "tests/fixtures/summary/2024-05-01-hostile.ron";

/// `incident summary HOSTILE args…` with the hostile record's folder.
fn hostile_stdout(args: &[&str]) -> String {
    stdout_ok(
        incident_in(HOSTILE_DIR)
            .args(["summary", HOSTILE])
            .args(args),
    )
}

fn hk_md() -> String {
    stdout_of(&["summary", "hk-zone-c"])
}

fn hostile(format: &str) -> String {
    hostile_stdout(&["--format", format, "--at", "2024-05-01 12:00"])
}

/// The text of a `## Section` up to the next `## `.
fn section<'a>(md: &'a str, title: &str) -> &'a str {
    let head = format!("\n## {title}\n");
    let start = md
        .find(&head)
        .unwrap_or_else(|| panic!("no section {title}"));
    let rest = &md[start + head.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

fn headings(md: &str) -> Vec<(HeadingLevel, String)> {
    let mut out = Vec::new();
    let mut current: Option<(HeadingLevel, String)> = None;
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => current = Some((level, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

/// Unescaped `|` in a line of Markdown (a backslash escapes the next character).
fn pipes(line: &str) -> usize {
    let mut n = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => n += 1,
            _ => {}
        }
    }
    n
}

/// Checks the Markdown the way a CommonMark + GitHub-tables reader sees it: as many tables
/// as were written, each row with the header's column count (in the parse and in the
/// text), a clean heading outline, no raw HTML but the `<br>` the escaper writes, and links
/// only to the sources. Returns the number of tables.
fn check_markdown(md: &str, allowed_links: &[&str]) -> usize {
    // The tables written: each starts with a header line followed by a `| --- |` line.
    let lines: Vec<&str> = md.lines().collect();
    let mut written = 0;
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("| ---") {
            written += 1;
            let cols = pipes(lines[i - 1]) - 1;
            // Every line of this table has the same number of unescaped pipes.
            for row in lines[i - 1..].iter().take_while(|r| r.starts_with('|')) {
                assert_eq!(pipes(row) - 1, cols, "row with a wrong column count: {row}");
            }
        }
    }
    let mut tables = 0;
    let mut columns = 0;
    let mut cells = 0;
    let mut in_row = false;
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match &ev {
            Event::Start(Tag::Table(aligns)) => {
                tables += 1;
                columns = aligns.len();
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                in_row = true;
                cells = 0;
            }
            Event::Start(Tag::TableCell) if in_row => cells += 1,
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                assert_eq!(cells, columns, "a row with {cells} cells, header {columns}");
                in_row = false;
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                assert_eq!(h.as_ref(), "<br>", "raw HTML in the output: {h}");
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                assert!(
                    allowed_links.contains(&dest_url.as_ref()),
                    "a link to {dest_url}"
                );
            }
            Event::Start(Tag::Image { .. }) => panic!("an image"),
            _ => {}
        }
    }
    assert_eq!(tables, written, "tables parsed vs written");
    // The outline: one `#` title first, then `##` and `###` with no skipped level.
    let hs = headings(md);
    assert_eq!(hs[0].0, HeadingLevel::H1);
    assert_eq!(hs.iter().filter(|h| h.0 == HeadingLevel::H1).count(), 1);
    for w in hs.windows(2) {
        assert!(
            (w[1].0 as usize) <= (w[0].0 as usize) + 1,
            "skipped a level: {w:?}"
        );
    }
    tables
}

#[test]
fn hong_kong_summary_has_every_section_in_order() {
    let md = hk_md();
    let hs: Vec<String> = headings(&md)
        .into_iter()
        .filter(|h| h.0 == HeadingLevel::H2)
        .map(|h| h.1)
        .collect();
    assert_eq!(
        hs,
        [
            "Summary",
            "Impact",
            "Root causes",
            "Trigger",
            "Contributing factors",
            "Cause chain",
            "Detection",
            "Resolution",
            "Communication",
            "Stated figures",
            "Disputed facts",
            "Action items",
            "Lessons learned",
            "Timeline",
            "Aftermath",
            "Sources"
        ]
    );
    assert!(md.starts_with(
        "# Alibaba Cloud Hong Kong Region Zone C outage: chiller failure and fire sprinkler\n"
    ));
    for line in [
        "- **Date**: 2022-12-18",
        "- **Status**: resolved",
        "- **Severity**: Sev1 (critical)",
        "- **Authors**: incident maintainers, from the public sources listed",
        "- **Figures as of**: 2022-12-18 23:11 (the resolution)",
    ] {
        assert!(md.contains(line), "missing {line}");
    }
    // The four problems of the statement as causes.
    let roots = section(&md, "Root causes");
    assert!(roots.contains("- Problem 1 of the statement"));
    assert!(roots.contains("- Problem 3 of the statement"));
    let contributing = section(&md, "Contributing factors");
    assert!(contributing.contains("- Problem 2 of the statement"));
    // Problem 4 is known from press summaries that quote the statement: graded as such, so
    // it is not marked press-only.
    assert!(contributing.contains(
        "- Problem 4 of the statement: incident information was not published quickly or transparently enough. [11] (official, quoted), [13] (official, quoted)"
    ));
    // The improvement measures as action items.
    let actions = section(&md, "Action items");
    for id in ["| A1 |", "| A2 |", "| A3 |"] {
        assert!(actions.contains(id), "no {id}");
    }
    assert!(actions.contains(
        "| ID | Action | Type | Owner | Priority | Due | Status | Opened | Addresses | Link |"
    ));
    // Each measure addresses the problem it is listed under; the statement opened them.
    assert!(
        actions.contains("| open | 2022-12-25 | chiller-recovery |"),
        "{actions}"
    );
    // The measures are known from a press paraphrase of the statement: graded so.
    assert!(
        actions.contains("cooling. [12] (official, quoted) | prevent |"),
        "{actions}"
    );
    // The Macau customers, with their Chinese names, in the impact section.
    let impact = section(&md, "Impact");
    for name in [
        "Monetary Authority of Macao (AMCM) (澳門金融管理局)",
        "Galaxy Macau (澳門銀河)",
        "Lotus TV Macau (蓮花衛視)",
        "Macau Cement Manufacturing Co. Ltd. (澳門水泥廠)",
        "Aomi (澳覓)",
        "Macao Daily (澳門日報)",
    ] {
        assert!(impact.contains(name), "no {name}");
    }
    // OSS 11:07–18:26 = 439 min; ECS control plane 14:49–23:11 = 502 min.
    assert!(impact.contains("| 2022-12-18 11:07 | 2022-12-18 18:26 | 7 h 19 min |"));
    assert!(impact.contains("| 2022-12-18 14:49 | 2022-12-18 23:11 | 8 h 22 min |"));
    assert!(impact.contains("- **Time to resolve**: 13 h 54 min"));
    // Detection: the moment, the figure with its note, the detection events.
    let detection = section(&md, "Detection");
    assert!(detection.contains("- **Detected**: 2022-12-18 08:56"));
    assert!(detection.contains("0 min (detected 21 min before impact)"));
    assert!(detection.contains("- 2022-12-18 09:01 — Temperature-rise alarms"));
    // Resolution: moments, figures, events up to 23:11 only.
    let resolution = section(&md, "Resolution");
    assert!(resolution.contains("- **Mitigated**: 2022-12-18 15:20"));
    assert!(resolution.contains("- **Time to mitigate**: 6 h 3 min"));
    assert!(resolution.contains("The ECS API was fully available again."));
    assert!(!resolution.contains("OKX resumed"));
    // Aftermath: after 23:11.
    let aftermath = section(&md, "Aftermath");
    assert!(aftermath.contains("OKX resumed operations"));
    assert!(aftermath.contains("- 2022-12-20 (day) — PCCW said"));
    assert!(!aftermath.contains("ECS API was fully"));
    // Lessons: what went well and wrong; nothing lucky in the record, so no heading.
    let lessons = section(&md, "Lessons learned");
    assert!(lessons.contains("### What went well"));
    assert!(lessons.contains("### What went wrong"));
    assert!(!lessons.contains("lucky"));
    // Citations link to URLs, or to the Sources section for sources without one.
    assert!(md.contains("\n[1]: https://www.aliyun.com/noticelist/articleid/1061819219.html\n"));
    assert!(md.contains("\n[4]: #sources\n"));
    assert!(section(&md, "Sources").contains("| 4 | vonng |"));
}

#[test]
fn every_citation_points_to_a_defined_source() {
    let md = hk_md();
    let defined: Vec<usize> = md
        .lines()
        .filter_map(|l| l.strip_prefix('['))
        .filter_map(|l| l.split_once("]: "))
        .filter_map(|(n, _)| n.parse().ok())
        .collect();
    assert_eq!(defined, (1..=14).collect::<Vec<_>>());
    // Every `[n]` link the parser sees resolves to one of the definitions.
    let mut links = 0;
    for ev in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        if let Event::Start(Tag::Link { dest_url, .. }) = ev {
            links += 1;
            assert!(dest_url.starts_with("http") || dest_url.as_ref() == "#sources");
        }
    }
    assert!(links > 50, "{links} citation links");
}

#[test]
fn hong_kong_markdown_parses_as_intended() {
    let md = hk_md();
    let json: Value = json_of(&["summary", "hk-zone-c", "--format", "json"]);
    let hrefs: Vec<String> = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["href"].as_str().map(str::to_string))
        .collect();
    let mut allowed: Vec<&str> = hrefs.iter().map(String::as_str).collect();
    allowed.push("#sources");
    // Impact, public updates, action items, timeline, sources.
    assert_eq!(check_markdown(&md, &allowed), 5);
}

#[test]
fn hostile_markdown_stays_text() {
    let md = hostile("markdown");
    // Only the safe https source is linked; the javascript: one goes to the Sources section.
    let n = check_markdown(&md, &["#sources", "https://example.com/a%20b%22c%3Cd%3E"]);
    assert_eq!(n, 4);
    // The hostile text is there, as text.
    let mut text = String::new();
    for ev in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        if let Event::Text(t) = ev {
            text.push_str(&t);
        }
    }
    assert!(text.contains("<script>alert(1)</script>"));
    assert!(text.contains("[link](javascript:x)"));
    assert!(text.contains("`rm -rf` *bold*"));
    assert!(text.contains("澳門日報 | Macao Daily"));
    // The summary is prose: a heading in it is strong text, never a heading of the document
    // (the outline check above sees one `#`).
    assert!(md.contains("\n**Not a heading**\n"), "{md}");
    assert!(!md.contains("<script"));
    // No code block from indented text, no quote or list from `>` and `1.`: the one code
    // block is the impact chart's fenced Mermaid block. Code spans come only from prose (the
    // summary's `backticks`, the root cause's `cause`) and the banner's command; the plain texts' backticks stay text.
    // The one quote is the draft banner: the record is not reviewed.
    let mut quotes = 0;
    for ev in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(lang)))
                if &*lang == "mermaid" => {}
            Event::Start(Tag::CodeBlock(_)) => panic!("a code block"),
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::Start(Tag::List(Some(_))) => panic!("an ordered list"),
            Event::Code(c) => assert!(
                [
                    "cause",
                    "backticks",
                    "incident check --ready 2024-05-01-hostile"
                ]
                .contains(&&*c),
                "inline code outside prose and the banner: {c}"
            ),
            _ => {}
        }
    }
    assert_eq!(quotes, 1);
    assert!(md.contains("\n> **Draft — not reviewed:** "));
    // An unresolved incident says what its figures are counted to.
    assert!(md.contains("- **Figures as of**: 2024-05-01 12:00 (as asked)"));
    assert!(md.contains("2 h so far"));
}

#[test]
fn hostile_html_is_escaped() {
    let html = hostile("html");
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b>Mallory"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("API | &lt;script&gt;alert(1)&lt;/script&gt;"));
    // Newlines become line breaks; pipes stay pipes.
    assert!(
        html.contains("Alarm | &lt;script&gt;alert(1)&lt;/script&gt; `rm -rf` *bold*<br>| a | b |")
    );
    // javascript: is never a link; the safe URL is percent-encoded.
    assert!(!html.contains("href=\"javascript"));
    assert!(html.contains("href=\"https://example.com/a%20b%22c%3Cd%3E\""));
    assert!(html.contains("href=\"#source-1\""));
    assert!(html.contains("href=\"https://tracker.example/issue?a=1&amp;b=%3C2%3E\""));
    self_contained(&html);
}

fn self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    for bad in [
        "<script",
        "src=\"http",
        "src='http",
        "@import",
        "url(http",
        "<link",
        "<iframe",
    ] {
        assert!(!html.contains(bad), "the page holds {bad}");
    }
    assert!(html.contains("<style>"));
    assert!(html.contains("@media print"));
    assert!(html.contains("<svg class=\"chart\""));
}

#[test]
fn hong_kong_html_is_one_self_contained_page() {
    let html = stdout_of(&["summary", "hk-zone-c", "--format", "html"]);
    self_contained(&html);
    for id in [
        "summary",
        "impact",
        "root-causes",
        "trigger",
        "contributing-factors",
        "detection",
        "resolution",
        "action-items",
        "lessons-learned",
        "timeline",
        "aftermath",
        "sources",
    ] {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "no {id}");
    }
    assert!(html.contains("澳門銀河"));
    assert!(html.contains("Problem 4 of the statement"));
    assert!(html.contains("<tr id=\"source-14\">"));
    // The chart: one bar per window (6 of services, 8 of customers) besides the row stripes,
    // 4 legend swatches and the 4 quiet stretches left out (the days between the events of
    // 19, 20, 25 and 29 December); unknown ends drawn with a fading fill and dashes.
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    let stripes = svg.matches("fill=\"#fafafa\"").count();
    let breaks = svg.matches("<title>quiet stretch left out: ").count();
    assert_eq!(breaks, 4);
    assert_eq!(svg.matches("<rect x=").count() - stripes - 4 - breaks, 14);
    // Six outage windows with an unknown end (three Macau sites have a bounded end).
    assert_eq!(svg.matches("fill=\"url(#fade-outage)\"").count(), 6 + 1);
    assert!(svg.contains("at risk (not counted)"));
    assert!(svg.contains(">end unknown</text>"));
    assert!(svg.contains(">12-19</text>"));
}

#[test]
fn json_holds_the_sections() {
    let v: Value = json_of(&["summary", "hk-zone-c", "--format", "json"]);
    let ids: Vec<&str> = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    // Schema 2's twelve, cause chain and communication (B), stated figures and disputed facts
    // (A).
    assert_eq!(ids.len(), 16);
    assert_eq!(ids[0], "summary");
    assert_eq!(v["as_of"]["at"], "2022-12-18T23:11:00+08:00");
    assert_eq!(v["as_of"]["basis"], "resolved");
    let actions: Vec<&str> = v["action_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["A1", "A2", "A3"]);
    assert_eq!(v["action_items"][0]["type"], "prevent");
    let figures = v["impact"]["figures"].as_array().unwrap();
    assert_eq!(figures[0]["key"], "time_to_detect");
    assert_eq!(figures[0]["minutes"], 0);
    assert_eq!(figures[0]["note"], "detected 21 min before impact");
    assert_eq!(
        v["detection"]["time_to_detect"]["value"],
        "0 min (detected 21 min before impact)"
    );
    let oss = v["impact"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "OSS (Zone C)")
        .unwrap();
    assert_eq!(oss["minutes"], 439);
    assert_eq!(v["sources"][1]["number"], 2);
    assert_eq!(v["sources"][1]["id"], "zysicyj-1");
    assert_eq!(v["timeline"]["events"].as_array().unwrap().len(), 34);
    assert_eq!(v["contributing"][1]["press_only"], false);
    assert_eq!(v["contributing"][1]["citations"][0]["grade"], "quoted");
    // The summary paragraph cites the statement's copies, the reports of the Macau outages and
    // the press quoting the statement.
    assert_eq!(v["summary_citations"].as_array().unwrap().len(), 8);
    assert_eq!(v["summary_press_only"], false);
    assert_eq!(v["root_causes"][0]["citations"][0]["number"], 2);
}

#[test]
fn times_follow_tz() {
    let md = stdout_of(&["summary", "hk-zone-c", "--tz", "UTC"]);
    // The first alarm, 08:56 HKT, is 00:56 UTC.
    assert!(section(&md, "Detection").contains("- **Detected**: 2022-12-18 00:56"));
    assert!(section(&md, "Timeline").contains("| 2022-12-18 00:56 | T-00:21 | detection |"));
    let la = stdout_of(&["summary", "hk-zone-c", "--tz", "America/Los_Angeles"]);
    assert!(section(&la, "Detection").contains("- **Detected**: 2022-12-17 16:56"));
    assert!(la.contains("- **Date**: 2022-12-17"));
    incident()
        .args(["summary", "hk-zone-c", "--tz", "Mars/Base"])
        .assert()
        .code(2);
}

#[test]
fn output_is_byte_identical_and_written_atomically() {
    for format in ["markdown", "html", "json"] {
        let a = stdout_of(&["summary", "hk-zone-c", "--format", format]);
        let b = stdout_of(&["summary", "hk-zone-c", "--format", format]);
        assert_eq!(a, b, "{format} differs between runs");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("postmortem.html");
    let f = file.to_str().unwrap();
    incident()
        .args(["summary", "hk-zone-c", "--format", "html", "-o", f])
        .assert()
        .success()
        .stdout("");
    let first = std::fs::read(&file).unwrap();
    incident()
        .args(["summary", "hk-zone-c", "--format", "html", "-o", f])
        .assert()
        .success();
    let second = std::fs::read(&file).unwrap();
    assert_eq!(first, second);
    assert_eq!(
        String::from_utf8(first).unwrap(),
        stdout_of(&["summary", "hk-zone-c", "--format", "html"])
    );
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [std::ffi::OsString::from("postmortem.html")]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }
    // A folder that does not exist: exit 1, nothing written.
    let missing = dir.path().join("no/such/folder/x.md");
    incident()
        .args(["summary", "hk-zone-c", "-o", missing.to_str().unwrap()])
        .assert()
        .code(1);
}

#[test]
fn unresolved_incidents_say_what_now_was() {
    let a = hostile("json");
    let v = parse_json(&a);
    assert_eq!(v["as_of"]["at"], "2024-05-01T12:00:00+08:00");
    assert_eq!(v["as_of"]["basis"], "given");
    assert!(v.get("aftermath").is_none(), "no resolution, no aftermath");
    assert_eq!(a, hostile("json"));
    // Without --at, "now" is used and printed.
    let md = hostile_stdout(&[]);
    assert!(md.contains("(the time of writing: the incident is not resolved)"));
}

#[test]
fn hong_kong_json_values_match_the_record() {
    let v = json_of(&["summary", "hk-zone-c", "--format", "json"]);
    let ids: Vec<&str> = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "summary",
            "impact",
            "root_causes",
            "trigger",
            "contributing",
            "cause_chain",
            "detection",
            "resolution",
            "communication",
            "stated_figures",
            "disputed_facts",
            "action_items",
            "lessons",
            "timeline",
            "aftermath",
            "sources"
        ]
    );
    // Key figures, worked out by hand in the impact tests: 09:17 → 15:20, → 23:11; 08:56 →
    // 23:11; 10:17 18 Dec → ~12:00 19 Dec; OSS 439 + RDS ~673 + ECS API 502; OKX ~1500.
    let figures: Vec<(&str, Option<i64>)> = v["impact"]["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap(), f["minutes"].as_i64()))
        .collect();
    assert_eq!(
        figures,
        [
            ("time_to_detect", Some(0)),
            ("time_to_mitigate", Some(363)),
            ("time_to_resolve", Some(834)),
            ("total_duration", Some(855)),
            ("customer_impact", Some(1543)),
            ("service_hours", Some(1614)),
            ("customer_hours", Some(1500)),
            ("services_affected", None),
            ("customers_affected", None),
        ]
    );
    let rows = v["impact"]["rows"].as_array().unwrap();
    let minutes = |name: &str| {
        rows.iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("no row {name}"))["minutes"]
            .clone()
    };
    // 11:07 → 18:26 = 7 h 19 min; 14:49 → 23:11 = 8 h 22 min; 10:17 → ~21:30 = 11 h 13 min.
    assert_eq!(minutes("OSS (Zone C)"), 439);
    assert_eq!(
        minutes("ECS control plane / OpenAPI (Hong Kong region)"),
        502
    );
    assert_eq!(minutes("RDS and other databases (Zone C)"), 673);
    assert_eq!(minutes("OKX"), 1500);
    // Back no later than noon on the 20th: at most 2 d.
    assert_eq!(
        minutes("Galaxy Macau"),
        2880,
        "end no later than 20 Dec 12:00"
    );
    assert_eq!(minutes("Aomi"), Value::Null, "end unknown");
    let kinds = |kind: &str| rows.iter().filter(|r| r["kind"] == kind).count();
    assert_eq!((kinds("service"), kinds("customer")), (5, 8));
    let unknown: i64 = rows
        .iter()
        .map(|r| r["unknown_ends"].as_i64().unwrap())
        .sum();
    assert_eq!(
        unknown, 6,
        "ECS, EBS and 4 Macau customers (3 more have bounded ends)"
    );
    // Every event in the timeline; the detection, resolution and aftermath parts split the
    // important moments around the resolution at 23:11.
    let len = |p: &Value| p.as_array().unwrap().len();
    assert_eq!(len(&v["timeline"]["events"]), 34);
    assert_eq!(len(&v["detection"]["events"]), 2);
    assert_eq!(len(&v["resolution"]["events"]), 10);
    assert_eq!(len(&v["aftermath"]), 7);
    assert_eq!(v["resolution"]["events"][9]["when"], "2022-12-18 23:11");
    assert_eq!(v["aftermath"][0]["when"], "2022-12-19 (day)");
    assert_eq!(
        (
            len(&v["root_causes"]),
            len(&v["trigger"]),
            len(&v["contributing"])
        ),
        (2, 1, 2)
    );
    assert_eq!(
        (
            len(&v["lessons"]["went_well"]),
            len(&v["lessons"]["went_wrong"])
        ),
        (3, 4)
    );
    // Sources are numbered in order; every citation names a listed source by its number and
    // link, and every source an event cites is listed.
    let sources = v["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 14);
    for (i, s) in sources.iter().enumerate() {
        assert_eq!(s["number"], i + 1, "{s}");
    }
    let mut citations = Vec::new();
    collect_citations(&v, &mut citations);
    // 61 in the sections of schema 2, the statement's five again as a public update, and the
    // facts: the windows', the claim on the resolution's, the stated duration's.
    assert_eq!(citations.len(), 89 + 5);
    for c in &citations {
        let s = sources
            .iter()
            .find(|s| s["id"] == c["id"])
            .unwrap_or_else(|| panic!("cites an unlisted source: {c}"));
        assert_eq!(
            (&s["number"], &s["href"]),
            (&c["number"], &c["href"]),
            "{c}"
        );
    }
    for e in v["timeline"]["events"].as_array().unwrap() {
        for id in e["sources"].as_array().unwrap() {
            assert!(sources.iter().any(|s| &s["id"] == id), "{e}");
        }
    }
}

/// Every citation object anywhere in `v`.
fn collect_citations<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(cs)) = map.get("citations") {
                out.extend(cs);
            }
            map.values().for_each(|x| collect_citations(x, out));
        }
        Value::Array(items) => items.iter().for_each(|x| collect_citations(x, out)),
        _ => {}
    }
}

/// The whole JSON of a small hand-written record (the view fixtures' Berlin incident).
#[test]
fn snapshot_small_json() {
    insta::assert_snapshot!(stdout_in(
        "tests/fixtures/views/small/incidents",
        &["summary", "queue", "--format", "json"]
    ));
}

#[test]
fn snapshot_help() {
    insta::assert_snapshot!(stdout_of(&["summary", "--help"]));
}

#[test]
fn docs_excerpt_is_real_output() {
    let doc = std::fs::read_to_string(std::path::Path::new(ROOT).join("docs/summary.md")).unwrap();
    let start = doc.find("````markdown\n").unwrap() + "````markdown\n".len();
    let excerpt = &doc[start..start + doc[start..].find("\n````").unwrap()];
    let md = hk_md();
    for line in excerpt.lines().filter(|l| !l.is_empty()) {
        assert!(
            md.contains(line),
            "docs/summary.md shows a line the command does not print: {line}"
        );
    }
}
