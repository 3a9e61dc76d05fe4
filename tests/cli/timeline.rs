//! `incident timeline`: the real binary on the shipped Hong Kong record — time zones,
//! filters, every format, widths with Chinese text, the impact chart. The exact output of
//! each format is pinned by the fixture cases in `tests/fixtures/views/` (see `views.rs`).

use incident::model::text::width;
use insta::assert_snapshot;
use serde_json::Value;

use crate::common::{incident, json_of, run, split_args, stdout_of, stdout_ok};

/// The one line of an unwrapped table that holds `needle`.
fn line_with<'a>(out: &'a str, needle: &str) -> &'a str {
    out.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{out}"))
}

/// The events of `timeline --format json`.
fn events_of(args: &[&str]) -> Vec<Value> {
    match json_of(args) {
        Value::Array(a) => a,
        other => panic!("not an array: {other}"),
    }
}

#[test]
fn default_table_is_in_hong_kong_time() {
    let out = stdout_of(&["timeline", "hk-zone-c"]);
    assert!(
        out.starts_with("Times in Asia/Hong_Kong (UTC+08:00)."),
        "{out}"
    );
    let alarm = line_with(&out, "Monitoring raised a temperature-control alarm");
    assert!(alarm.contains("2022-12-18 08:56"), "{alarm}");
    assert!(alarm.contains("T-00:21"), "{alarm}");
    assert!(alarm.contains("detection"), "{alarm}");
    let sprinkler = line_with(&out, "fire sprinkler system was forced on");
    assert!(sprinkler.contains("2022-12-18 14:47"), "{sprinkler}");
    assert!(sprinkler.contains("T+05:30"), "{sprinkler}");
    // Important events are marked; press-only events say so.
    assert!(alarm.contains("│ * ┆"), "{alarm}");
    let okx = line_with(&out, "OKX first reported problems");
    assert!(okx.contains("~2022-12-18 11:00"), "{okx}");
    assert!(okx.contains("scmp-3203983, stl-news (press)"), "{okx}");
    // Day precision: the date, no clock time.
    let pccw = line_with(&out, "PCCW said");
    assert!(
        pccw.contains("2022-12-20 ") && pccw.contains("D+2"),
        "{pccw}"
    );
    assert!(!pccw.contains("2022-12-20 00:00"), "{pccw}");
}

#[test]
fn other_zones_move_the_clock_not_the_instant() {
    let out = stdout_of(&["timeline", "hk-zone-c", "--tz", "UTC"]);
    assert!(out.starts_with("Times in UTC (UTC+00:00)."), "{out}");
    let alarm = line_with(&out, "Monitoring raised a temperature-control alarm");
    assert!(alarm.contains("2022-12-18 00:56"), "{alarm}");
    let sprinkler = line_with(&out, "fire sprinkler system was forced on");
    assert!(sprinkler.contains("2022-12-18 06:47"), "{sprinkler}");
    assert!(sprinkler.contains("T+05:30"), "{sprinkler}");

    let out = stdout_of(&["timeline", "hk-zone-c", "--tz", "America/Los_Angeles"]);
    assert!(
        out.starts_with("Times in America/Los_Angeles (UTC-08:00)."),
        "{out}"
    );
    let alarm = line_with(&out, "Monitoring raised a temperature-control alarm");
    assert!(alarm.contains("2022-12-17 16:56"), "{alarm}");

    let out = stdout_of(&["timeline", "hk-zone-c", "--tz", "+05:30"]);
    let alarm = line_with(&out, "Monitoring raised a temperature-control alarm");
    assert!(alarm.contains("2022-12-18 06:26"), "{alarm}");
}

#[test]
fn a_bad_zone_is_a_usage_error_with_suggestions() {
    let out = run(incident().args(["timeline", "hk-zone-c", "--tz", "Asia/HongKong"]));
    assert_eq!(out.code, Some(2));
    let err = &out.stderr;
    assert!(err.contains("unknown time zone"), "{err}");
    assert!(err.contains("Asia/Hong_Kong"), "{err}");
    incident()
        .args(["timeline", "hk-zone-c", "--since", "noonish"])
        .assert()
        .code(2);
    incident()
        .args(["timeline", "hk-zone-c", "--kind", "explosion"])
        .assert()
        .code(2);
    incident()
        .args(["timeline", "hk-zone-c", "--chart", "--format", "json"])
        .assert()
        .code(2);
}

#[test]
fn json_is_ordered_and_elapsed_agrees_with_the_instants() {
    let events = events_of(&["timeline", "hk-zone-c", "--format", "json"]);
    assert_eq!(events.len(), 34);
    let started = chrono::DateTime::parse_from_rfc3339("2022-12-18T09:17:00+08:00").unwrap();
    let time = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    let mut last = None;
    for e in &events {
        // Where the event is placed: its instant; a day or a range at its middle; a bound
        // (which has no `at`) at its bound.
        let (placed, minutes_to) = match e["precision"].as_str().unwrap() {
            "not_after" => (time(&e["latest"]), time(&e["latest"])),
            "not_before" => (time(&e["earliest"]), time(&e["earliest"])),
            precision => {
                let utc = time(&e["utc"]);
                assert_eq!(utc, time(&e["at"]), "{e}");
                assert_eq!(utc.offset().local_minus_utc(), 0, "{e}");
                let middle = time(&e["earliest"]) + (time(&e["latest"]) - time(&e["earliest"])) / 2;
                (if precision == "day" { middle } else { utc }, utc)
            }
        };
        assert_eq!(
            e["elapsed_minutes"].as_i64().unwrap(),
            (minutes_to - started).num_minutes(),
            "{e}"
        );
        if let Some(prev) = last {
            assert!(prev <= placed, "out of order at {e}");
        }
        last = Some(placed);
        for key in [
            "id",
            "kind",
            "text",
            "sources",
            "important",
            "precision",
            "precursor",
            "press_only",
        ] {
            assert!(e.get(key).is_some(), "{key} missing in {e}");
        }
    }
    let by_id = |id: &str| events.iter().find(|e| e["id"] == id).unwrap().clone();
    let alarm = by_id("first-alarm");
    assert_eq!(alarm["at"], "2022-12-18T08:56:00+08:00");
    assert_eq!(alarm["utc"], "2022-12-18T00:56:00+00:00");
    assert_eq!(alarm["elapsed_minutes"], -21);
    assert_eq!(alarm["important"], true);
    assert_eq!(alarm["precursor"], true);
    let sprinkler = by_id("sprinkler");
    assert_eq!(sprinkler["elapsed_minutes"], 330);
    assert_eq!(sprinkler["at"], "2022-12-18T14:47:00+08:00");
    assert_eq!(by_id("okx-reports-problem")["precision"], "approximate");
    assert_eq!(by_id("okx-reports-problem")["press_only"], true);
    assert_eq!(by_id("pccw-denial")["precision"], "day");
    assert_eq!(by_id("pccw-denial")["date"], "2022-12-20");

    let la = events_of(&[
        "timeline",
        "hk-zone-c",
        "--format",
        "json",
        "--tz",
        "America/Los_Angeles",
    ]);
    assert_eq!(la[0]["at"], "2022-12-17T16:56:00-08:00");
    assert_eq!(la[0]["elapsed_minutes"], -21);
}

#[test]
fn filters_pick_events() {
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["timeline", "hk-zone-c", "--format", "json"];
        all.extend_from_slice(args);
        events_of(&all)
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&["--kind", "recovery", "--important"]),
        ["four-chillers-back", "last-compartment-on"]
    );
    assert_eq!(
        ids(&["--kind", "mitigation", "--kind", "resolution"]),
        ["first-chiller-back", "ecs-api-back"]
    );
    assert_eq!(
        ids(&["--since", "2022-12-18 14:47", "--until", "2022-12-18 15:20"]),
        ["sprinkler", "control-plane-throttled", "first-chiller-back"]
    );
    // Times without an offset are read in the zone shown: 06:47 UTC is the sprinkler.
    assert_eq!(
        ids(&[
            "--tz",
            "UTC",
            "--since",
            "2022-12-18 06:47",
            "--until",
            "2022-12-18 06:47"
        ]),
        ["sprinkler"]
    );
    assert_eq!(
        ids(&[
            "--since",
            "2022-12-18T06:47:00Z",
            "--until",
            "2022-12-18 14:49"
        ]),
        ["sprinkler", "control-plane-throttled"]
    );
    let important = ids(&["--important"]);
    assert_eq!(important.first().map(String::as_str), Some("first-alarm"));
    assert_eq!(important.len(), 12);
}

/// The cells of a chart line from display column `from` on (wide characters take two).
fn plot_of(line: &str, from: usize) -> Vec<char> {
    let mut col = 0;
    let mut out = Vec::new();
    for c in line.chars() {
        if col >= from {
            out.push(c);
        }
        col += width(c.encode_utf8(&mut [0; 4]));
    }
    out
}

/// Lines of the table itself (box drawing), not the caption or the key.
fn table_lines(out: &str) -> Vec<&str> {
    out.lines()
        .filter(|l| l.starts_with(['┌', '│', '├', '╞', '└', '+', '|']))
        .collect()
}

#[test]
fn every_table_line_has_the_same_width_with_chinese_text() {
    for w in ["80", "100", "120", "200"] {
        let out = stdout_of(&["timeline", "hk-zone-c", "--width", w]);
        assert!(
            out.contains("澳門金融管理局") || out.contains("澳門金融管"),
            "{out}"
        );
        let lines = table_lines(&out);
        assert!(lines.len() > 34, "{out}");
        let first = width(lines[0]);
        assert!(first <= w.parse().unwrap(), "width {w}: {first}");
        for l in &lines {
            assert_eq!(width(l), first, "width {w}, line {l:?}");
        }
    }
    // Unbounded (piped, no --width): one line per event, still aligned.
    let out = stdout_of(&["timeline", "hk-zone-c"]);
    let lines = table_lines(&out);
    assert_eq!(lines.len(), 34 + 4);
    for l in &lines {
        assert_eq!(width(l), width(lines[0]), "{l:?}");
    }
    // ASCII tables too.
    let out = stdout_of(&["timeline", "hk-zone-c", "--ascii", "--width", "90"]);
    let lines = table_lines(&out);
    assert!(lines.iter().all(|l| width(l) == width(lines[0])));
}

#[test]
fn no_colour_codes_when_piped_or_no_color() {
    let out = stdout_of(&["timeline", "hk-zone-c", "--chart"]);
    assert!(!out.contains('\u{1b}'));
    let out = stdout_of(&["timeline", "hk-zone-c", "--width", "100"]);
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn markdown_is_one_table_row_per_event() {
    let out = stdout_of(&["timeline", "hk-zone-c", "--format", "markdown"]);
    let parser = pulldown_cmark::Parser::new_ext(&out, pulldown_cmark::Options::ENABLE_TABLES);
    let mut rows = 0;
    let mut in_body = false;
    for ev in parser {
        match ev {
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::TableHead) => in_body = true,
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::TableRow) if in_body => rows += 1,
            _ => {}
        }
    }
    assert_eq!(rows, 34);
    assert!(out.contains("| 2022-12-18 08:56 | T-00:21 | detection | **Monitoring"));
    // Day precision always shows its date; the date is on every row.
    assert!(out.contains("| 2022-12-20 (day) | D+2 |"));
}

#[test]
fn csv_has_a_header_and_every_event() {
    let out = stdout_of(&["timeline", "hk-zone-c", "--format", "csv"]);
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,at,utc,date,time,elapsed_minutes,elapsed,kind,important,precision,text,actor,sources,precursor,press_only,earliest,latest"
    );
    assert!(out.contains(
        "first-alarm,2022-12-18T08:56:00+08:00,2022-12-18T00:56:00+00:00,2022-12-18,08:56,-21,T-00:21,detection,true,exact,"
    ));
    assert!(out.contains("澳門金融管理局"));
    // An exact time is its own earliest and latest; a day runs from its midnight to the next.
    assert!(
        out.lines().any(|l| l.starts_with("first-alarm,")
            && l.ends_with(",true,false,2022-12-18T08:56:00+08:00,2022-12-18T08:56:00+08:00")),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.starts_with("pccw-denial,")
            && l.contains(",D+2,communication,false,day,")
            && l.ends_with(",2022-12-20T00:00:00+08:00,2022-12-21T00:00:00+08:00")),
        "{out}"
    );
    assert_eq!(out.lines().count(), 35);
}

#[test]
fn chart_shows_services_and_macau_customers() {
    let out = stdout_of(&["timeline", "hk-zone-c", "--chart"]);
    for name in [
        "ECS (Zone C)",
        "OSS (Zone C)",
        "Galaxy Macau 澳門銀河",
        "Macao Daily 澳門日報",
        "Aomi 澳覓",
        "OKX",
    ] {
        assert!(out.contains(&format!("  {name}")), "{name} missing:\n{out}");
    }
    assert!(out.contains("one column = 30 min"), "{out}");
    // To the last time the record gives, the internal letter of 29 December (between 12:00
    // and 18:00, placed at its middle); the quiet days between are left out.
    assert!(
        out.contains("From 2022-12-18 08:00 to 2022-12-29 16:00"),
        "{out}"
    );
    assert!(
        out.contains("Quiet stretches left out (≈): 2022-12-19 00:00–12:00 (12 h),"),
        "{out}"
    );
    assert!(
        out.contains("OSS (Zone C): at risk 2022-12-18 10:37–11:07, outage 2022-12-18 11:07–18:26"),
        "{out}"
    );
    assert!(out.contains("end unknown"), "{out}");

    // The OSS bar: half-hour columns from 08:00, so the outage 11:07–18:26 fills columns 6
    // (11:00–11:30) to 20 (18:00–18:30), with the at-risk column 5 (10:30–11:00) before it.
    let axis = line_with(&out, "┬");
    let plot = axis.chars().position(|c| c == '┬').unwrap();
    let oss: Vec<char> = line_with(&out, "  OSS (Zone C) ")
        .chars()
        .skip(plot)
        .collect();
    let first = oss.iter().position(|c| *c == '█').unwrap();
    let last = oss.iter().rposition(|c| *c == '█').unwrap();
    assert_eq!((first, last), (6, 20), "{oss:?}");
    assert_eq!(oss[5], '░');
    // Unknown ends are drawn distinctly, to the chart's end, across the breaks.
    let ecs: String = line_with(&out, "  ECS (Zone C) ")
        .chars()
        .skip(plot)
        .collect();
    assert!(ecs.starts_with("  █┄┄"), "{ecs:?}");
    assert!(ecs.trim_end().ends_with("┄┄≈┄┄┄┄┄┄┄┄"), "{ecs:?}");
    // Approximate start marked before the Macau bars (about noon: column 8); an unknown end
    // fades out, a "no later than" end (Galaxy Macau, noon on the 20th) is drawn to its bound.
    let amcm = plot_of(line_with(&out, "  Monetary Authority of Macao"), plot);
    assert_eq!(&amcm[7..10], &['~', '█', '┄']);
    let galaxy = plot_of(line_with(&out, "  Galaxy Macau"), plot);
    assert_eq!(&galaxy[7..10], &['~', '█', '█']);
    // Key events on the axis, with a key: every important one, the day-only statement too.
    assert!(
        out.contains(
            "  F  2022-12-18 14:47  While the supplier struggled to diagnose the… (impact)"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "  L  2022-12-25 (day)  Alibaba Cloud published 《关于阿里云香港Region… (communication)"
        ),
        "{out}"
    );
    // Chart lines stay within the width.
    for w in ["80", "120"] {
        let out = stdout_of(&["timeline", "hk-zone-c", "--chart", "--width", w]);
        let chart_part = out.split("\nLegend").next().unwrap();
        for l in chart_part.lines().skip(2) {
            assert!(width(l) <= w.parse().unwrap(), "{w}: {l:?}");
        }
    }
}

#[test]
fn chart_in_ascii_when_asked_or_the_locale_is_not_utf8() {
    let out = stdout_of(&["timeline", "hk-zone-c", "--chart", "--ascii"]);
    let out_c = stdout_ok(
        incident()
            .env("LC_ALL", "C")
            .args(["timeline", "hk-zone-c", "--chart"]),
    );
    assert_eq!(out, out_c);
    // Only record names (Chinese) may be outside ASCII.
    let odd: Vec<char> = out
        .chars()
        .filter(|c| !c.is_ascii() && !('\u{3000}'..='\u{9fff}').contains(c))
        .collect();
    assert!(odd.is_empty(), "{odd:?}");
    assert!(out.contains("# outage"), "{out}");
}

#[test]
fn mermaid_chart_for_markdown() {
    let out = stdout_of(&["timeline", "hk-zone-c", "--chart", "--format", "markdown"]);
    assert!(out.contains("```mermaid\ngantt\n"), "{out}");
    assert!(out.contains("    section OSS (Zone C) (service)\n"));
    assert!(out.contains("    outage :crit, 2022-12-18 11:07, 2022-12-18 18:26\n"));
    assert!(out.contains(
        "    outage from ~12.00, end unknown :crit, done, 2022-12-18 12:00, 2022-12-29 16:00\n"
    ));
    assert!(out.contains(
        "    Alibaba Cloud published 《关于阿里云香港Region… (communication), day 12-25 :milestone, 2022-12-25 12:00, 0m\n"
    ));
    assert!(out.contains("    axisFormat %m-%d %H:%M\n"));
    assert!(out.contains(
        "    While the supplier struggled to diagnose the… (impact) :milestone, 2022-12-18 14:47, 0m\n"
    ));
    // A "no later than" end: the bar runs to its bound, and the name says so.
    assert!(out.contains(
        "    outage from ~12.00 to no later than 12-20 12.00 :crit, 2022-12-18 12:00, 2022-12-20 12:00\n"
    ));
    assert!(out.trim_end().ends_with("```"));
}

/// Each output format is pinned by a fixture case in `tests/fixtures/views/`; the help text
/// is pinned here.
#[test]
fn help_snapshot() {
    assert_snapshot!("help", stdout_of(&["timeline", "--help"]));
}

#[test]
fn one_day_shows_clock_times_and_says_the_date() {
    let out = stdout_of(&[
        "timeline",
        "hk-zone-c",
        "--since",
        "2022-12-18 09:00",
        "--until",
        "2022-12-18 10:00",
    ]);
    assert!(out.contains("All events on 2022-12-18."), "{out}");
    let row = line_with(&out, "Temperature-rise alarms");
    assert!(
        row.contains("┆ 09:01 ") && !row.contains("2022-12-18"),
        "{row}"
    );
    // Markdown always shows the date.
    let md = stdout_of(&[
        "timeline",
        "hk-zone-c",
        "--since",
        "2022-12-18 09:00",
        "--until",
        "2022-12-18 10:00",
        "--format",
        "markdown",
    ]);
    assert!(md.contains("| 2022-12-18 09:01 |"), "{md}");
}

#[test]
fn documented_examples_are_real_output() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/timeline.md")).unwrap();
    let mut checked = 0;
    for fence in ["````text\n$ incident ", "```text\n$ incident "] {
        let close = &fence[..fence.find("text").unwrap()];
        for block in doc.split(fence).skip(1) {
            let (cmd, rest) = block.split_once('\n').unwrap();
            let body = rest.split(&format!("\n{close}\n")).next().unwrap();
            if fence.starts_with("```text") && body.contains("```mermaid") {
                continue; // shown in the four-backtick fence
            }
            let args = split_args(cmd);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = stdout_of(&args);
            assert_eq!(
                out.trim_end(),
                body.trim_end(),
                "docs/timeline.md: $ incident {cmd}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} examples found");
}
