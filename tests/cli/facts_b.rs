//! The facts of issue 13, items 9–16: the made-up record `tests/fixtures/facts/every-fact-b.ron`
//! uses every one, and each is checked value by value in JSON, Markdown and HTML; a broken
//! copy breaks every new rule, each reported at its field with its code.

use serde_json::Value;

use crate::common::{incident, run};

const FIXTURE: &str = "tests/fixtures/facts/every-fact-b.ron";
const BROKEN: &str = "tests/fixtures/facts/broken/every-rule-b.ron";

#[test]
fn every_new_rule_points_at_its_field() {
    let r = run(incident().args(["check", "--format", "json", BROKEN]));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let problems: Value = serde_json::from_str(&r.stdout).unwrap();
    let found: Vec<(u64, u64, &str)> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap(),
                p["column"].as_u64().unwrap(),
                p["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (9, 37, "E130"),   // summary_sources cites an unknown source
            (17, 24, "W194"),  // detected is only ProbeNet's observation
            (74, 27, "W195"),  // Note named twice
            (76, 21, "W193"),  // an update that is not a communication
            (112, 93, "E154"), // Ana hands over before taking over
            (116, 16, "E155"), // Other without a title
            (124, 26, "E151"), // led_to an unknown cause
            (125, 28, "E152"), // evidence names an unknown event
            (134, 25, "W190"), // a loop of led_to
            (145, 21, "E150"), // a cause id used twice
            (151, 28, "W191"), // not determined, yet a root cause is listed
            (163, 24, "E153"), // completed before opened
            (176, 24, "W192"), // completed but in progress
            (178, 25, "E151"), // addresses an unknown cause
            (196, 14, "W131"), // uncited and not kept as further reading
        ]
    );
    let messages: Vec<&str> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[1].contains("observed by external monitor ProbeNet"),
        "{}",
        messages[1]
    );
    assert!(
        messages[8].contains("cause `no-validation` leads back to itself"),
        "{}",
        messages[8]
    );
    assert!(
        messages[6].ends_with("known causes: config-push, no-validation, resolver-crash"),
        "{}",
        messages[6]
    );
}

#[test]
fn the_fixture_is_clean_and_fmt_keeps_every_field() {
    let r = run(incident().args(["check", "--deny-warnings", FIXTURE]));
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("every-fact-b.ron");
    let text = std::fs::read_to_string(crate::common::ROOT.to_string() + "/" + FIXTURE).unwrap();
    std::fs::write(&copy, &text).unwrap();
    let r = run(crate::common::incident_in(dir.path())
        .args(["fmt", "--strip-comments"])
        .arg(&copy));
    assert!(r.success(), "{}", r.stderr);
    let formatted = std::fs::read_to_string(&copy).unwrap();
    let parse =
        |t: &str| incident::files::load::parse_text(std::path::Path::new("x.ron"), t).unwrap();
    assert_eq!(parse(&formatted), parse(&text), "fmt keeps every field");
    for field in [
        "summary_sources: [",
        "communicated: (",
        "other_kinds: [Escalation]",
        "observed_by: (",
        "update: (",
        "planned: (",
        "roles: [",
        "led_to: [",
        "evidence: [",
        "root_cause_status: Determined",
        "completed: \"2025-03-20\"",
        "due: \"2025-06\"",
        "status: Unknown",
        "addresses: [",
        "further_reading: true",
        "kind: Quoted",
        "kind: Analysis",
        "kind: Internal",
    ] {
        assert!(
            formatted.contains(field),
            "fmt dropped {field}:\n{formatted}"
        );
    }
}

const DIR: &str = "tests/fixtures/facts";

fn summary(format: &str) -> String {
    crate::common::stdout_in(DIR, &["summary", "every-fact-b", "--format", format])
}

fn summary_json() -> Value {
    crate::common::parse_json(&summary("json"))
}

fn timeline_json(args: &[&str]) -> Value {
    let mut all = vec!["timeline", "every-fact-b", "--format", "json"];
    all.extend_from_slice(args);
    crate::common::json_in(DIR, &all)
}

/// The event with this id in `incident timeline --format json`.
fn event<'a>(tl: &'a Value, id: &str) -> &'a Value {
    tl.as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect()
}

/// The text of a `## Section` up to the next `## `.
fn md_section<'a>(md: &'a str, title: &str) -> &'a str {
    let head = format!("\n## {title}\n");
    let start = md
        .find(&head)
        .unwrap_or_else(|| panic!("no section {title}"));
    let rest = &md[start + head.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

/// The HTML of `<section id="…">` up to its end.
fn html_section<'a>(html: &'a str, id: &str) -> &'a str {
    let head = format!("<section id=\"{id}\">");
    let start = html
        .find(&head)
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap()]
}

#[test]
fn item_9_communication_moment_figure_and_public_updates() {
    let v = summary_json();
    let c = &v["communication"];
    assert_eq!(c["communicated"]["when"], "2025-03-04 10:25");
    assert_eq!(c["communicated"]["note"], "The first status-page entry.");
    assert_eq!(c["time_to_communicate"]["key"], "time_to_communicate");
    assert_eq!(c["time_to_communicate"]["value"], "25 min");
    assert_eq!(c["time_to_communicate"]["minutes"], 25);
    let updates = c["updates"].as_array().unwrap();
    let rows: Vec<(&str, &str, &str)> = updates
        .iter()
        .map(|u| {
            (
                u["event"]["id"].as_str().unwrap(),
                u["state"].as_str().unwrap(),
                u["channel"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("status-investigating", "investigating", "status page"),
            ("status-identified", "identified", "status page"),
            ("status-resolved", "resolved", "Twitter"),
            ("postmortem-published", "postmortem", "blog"),
        ]
    );
    // Beside the internal story: investigating answers detection, resolved the resolution.
    assert_eq!(updates[0]["internal"]["moment"], "detected");
    assert_eq!(updates[0]["internal"]["minutes_after"], 13);
    assert_eq!(
        updates[0]["internal"]["text"],
        "13 min after detected (2025-03-04 10:12)"
    );
    assert!(
        updates[1].get("internal").is_none(),
        "identified answers no moment"
    );
    assert_eq!(
        updates[2]["internal"]["text"],
        "5 min after resolved (2025-03-04 11:40)"
    );
    let tl = timeline_json(&[]);
    let e = event(&tl, "status-resolved");
    assert_eq!(e["update"]["state"], "resolved");
    assert_eq!(e["update"]["channel"], "Twitter");

    let md = summary("markdown");
    let sec = md_section(&md, "Communication");
    assert!(
        sec.contains("- **Communicated**: 2025-03-04 10:25 — The first status-page entry. [2]"),
        "{sec}"
    );
    assert!(
        sec.contains("- **Time to communicate**: 25 min — communicated − started"),
        "{sec}"
    );
    assert!(
        sec.contains("| When | State | Channel | Update | Beside the internal story |"),
        "{sec}"
    );
    assert!(sec.contains("| 2025-03-04 10:25 | investigating | status page | Status page: investigating elevated API errors; the database team was paged. [2] | 13 min after detected (2025-03-04 10:12) |"), "{sec}");
    assert!(sec.contains("| 2025-03-07 (day) | postmortem | blog | The postmortem was published on the company blog. [1] |"), "{sec}");
    // The impact figures list it too.
    assert!(md_section(&md, "Impact").contains("- **Time to communicate**: 25 min"));

    let html = summary("html");
    let sec = html_section(&html, "communication");
    assert!(sec.contains("<li><strong>Communicated</strong>: <time>2025-03-04 10:25</time> — The first status-page entry."), "{sec}");
    assert!(
        sec.contains("<li><strong>Time to communicate</strong>: 25 min"),
        "{sec}"
    );
    assert!(sec.contains("<td>resolved</td><td>Twitter</td><td>Posted on Twitter: the API is working normally again."), "{sec}");
    assert!(
        sec.contains("<td>5 min after resolved (2025-03-04 11:40)</td>"),
        "{sec}"
    );
}

#[test]
fn item_10_a_third_party_observation_is_not_the_detection() {
    let v = summary_json();
    let d = &v["detection"];
    assert_eq!(
        d["detected"]["when"], "2025-03-04 10:12",
        "the organisation's own alert"
    );
    assert_eq!(d["time_to_detect"]["value"], "12 min");
    assert_eq!(d["outside_first"]["event"]["id"], "probe-errors");
    assert_eq!(d["outside_first"]["minutes_before"], 7);
    assert_eq!(
        d["outside_first"]["text"],
        "external monitor ProbeNet observed it 7 min before the organisation's own detection"
    );
    let tl = timeline_json(&[]);
    let probe = &event(&tl, "probe-errors")["observed_by"];
    assert_eq!(
        (
            probe["party"].as_str(),
            probe["name"].as_str(),
            probe["text"].as_str()
        ),
        (
            Some("external_monitor"),
            Some("ProbeNet"),
            Some("external monitor ProbeNet")
        )
    );
    assert_eq!(
        event(&tl, "customer-report")["observed_by"]["party"],
        "customer"
    );
    assert!(event(&tl, "alert").get("observed_by").is_none());

    let md = summary("markdown");
    let sec = md_section(&md, "Detection");
    assert!(sec.contains("- **Seen outside first**: 2025-03-04 10:05 — ProbeNet reported API errors from five regions. (external monitor ProbeNet observed it 7 min before the organisation's own detection) [4]"), "{sec}");
    assert!(sec.contains("- 2025-03-04 10:05 — ProbeNet reported API errors from five regions. \\[observed by external monitor ProbeNet\\] [4]"), "{sec}");
    let html = summary("html");
    let sec = html_section(&html, "detection");
    assert!(
        sec.contains("<li><strong>Seen outside first</strong>: <time>2025-03-04 10:05</time>"),
        "{sec}"
    );
    assert!(sec.contains("ProbeNet reported API errors from five regions. [observed by external monitor ProbeNet]"), "{sec}");
    // The reading form says it too.
    let text = summary("text");
    assert!(
        text.contains("Seen outside first: 2025-03-04 10:05"),
        "{text}"
    );
}

#[test]
fn item_10_a_moment_may_take_a_third_party_detection_as_its_own() {
    // With `detected` moved to ProbeNet's 10:05, check warns (W194) unless the moment says so.
    let text = std::fs::read_to_string(format!("{}/{FIXTURE}", crate::common::ROOT)).unwrap();
    let moved = text.replace(
        "detected: (at: At(\"2025-03-04T10:12:00+00:00\"), sources: [\"chat\"],",
        "detected: (at: At(\"2025-03-04T10:05:00+00:00\"), sources: [\"probenet\"],",
    );
    assert_ne!(moved, text);
    let sb = crate::common::Sandbox::with_record(&moved);
    let out = sb.run(&["check", "--format", "json"]);
    let problems: Value = serde_json::from_str(&out.stdout).unwrap();
    let codes: Vec<&str> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["W194"], "{}", out.stdout);
    let adopted = moved.replace(
        "sources: [\"probenet\"], note:",
        "sources: [\"probenet\"], observed_by: (party: ExternalMonitor, name: \"ProbeNet\"), note:",
    );
    let sb = crate::common::Sandbox::with_record(&adopted);
    let out = sb.run(&["check", "--deny-warnings"]);
    assert!(out.success(), "{}{}", out.stdout, out.stderr);
    let v = crate::common::json_in(sb.dir(), &["summary", "every-fact-b", "--format", "json"]);
    assert_eq!(
        v["detection"]["detected"]["observed_by"],
        "external monitor ProbeNet"
    );
    assert!(
        v["detection"].get("outside_first").is_none(),
        "not before itself"
    );
}

#[test]
fn item_11_an_event_of_several_kinds() {
    let tl = timeline_json(&[]);
    let e = event(&tl, "status-investigating");
    assert_eq!(e["kind"], "communication");
    assert_eq!(strs(&e["other_kinds"]), ["escalation"]);
    // Asking for either kind finds it.
    let esc = timeline_json(&["--kind", "escalation"]);
    let ids: Vec<&str> = esc
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["status-investigating"]);
    let md = summary("markdown");
    assert!(md.contains("| 2025-03-04 10:25 | T+00:25 | communication, escalation | Status page: investigating elevated API errors; the database team was paged. \\[public update: investigating, on status page\\] | status |"), "{md}");
    let html = summary("html");
    assert!(
        html.contains("<td>communication, escalation</td>"),
        "{html}"
    );
    let table = crate::common::stdout_in(DIR, &["timeline", "every-fact-b", "--width", "200"]);
    assert!(table.contains("communication, escalation"), "{table}");
}

/// A cause as the chain gives it: id, list, led to, evidence ids, addressed by.
type CauseShape<'a> = (&'a str, &'a str, Vec<&'a str>, Vec<&'a str>, Vec<&'a str>);

#[test]
fn item_12_cause_chain_with_ids_links_evidence_actions_and_status() {
    let v = summary_json();
    assert_eq!(v["root_cause_status"]["status"], "determined");
    let c = &v["cause_chain"];
    let causes = c["causes"].as_array().unwrap();
    let shape: Vec<CauseShape> = causes
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap(),
                n["list"].as_str().unwrap(),
                strs(&n["led_to"]),
                n["evidence"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["id"].as_str().unwrap())
                    .collect(),
                strs(&n["addressed_by"]),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            (
                "config-push",
                "trigger",
                vec!["resolver-crash"],
                vec!["alert"],
                vec!["A1"]
            ),
            (
                "no-validation",
                "root_causes",
                vec!["config-push"],
                vec![],
                vec!["A1"]
            ),
            (
                "resolver-crash",
                "contributing",
                vec![],
                vec!["probe-errors", "customer-report"],
                vec![]
            ),
            (
                "single-cluster",
                "contributing",
                vec!["resolver-crash"],
                vec![],
                vec!["A2"]
            ),
        ]
    );
    assert_eq!(
        strs(&causes[2]["led_from"]),
        ["config-push", "single-cluster"]
    );
    assert_eq!(causes[0]["evidence"][0]["when"], "2025-03-04 10:12");
    assert_eq!(c["columns"], 4);

    let md = summary("markdown");
    assert!(md_section(&md, "Root causes").starts_with("\n**Root cause**: determined\n"));
    let sec = md_section(&md, "Cause chain");
    for line in [
        "```mermaid\nflowchart LR\n",
        "    c1[\"no-validation: Configuration pushes were not validated before they were applied. (root cause)\"]\n",
        "    a0([\"A1: Validate configuration pushes before applying them. (done)\"])\n",
        "    c1 --> c0\n",
        "    c0 --> c2\n",
        "    c3 --> c2\n",
        "    c1 -.-> a0\n",
        "    c3 -.-> a1\n",
        "- **config-push** (trigger): A configuration push removed the resolver's upstream list. — led to resolver-crash; evidence: 2025-03-04 10:12 alert (The error-rate alert fired.); addressed by A1\n",
    ] {
        assert!(sec.contains(line), "no {line:?} in {sec}");
    }
    let html = summary("html");
    let sec = html_section(&html, "cause-chain");
    assert!(
        sec.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{sec}"
    );
    assert!(
        sec.contains("<title id=\"chain-title\">Cause chain</title>"),
        "{sec}"
    );
    assert!(sec.contains("<desc id=\"chain-desc\">config-push led to resolver-crash; no-validation led to config-push; single-cluster led to resolver-crash; A1 addresses no-validation, config-push; A2 addresses single-cluster</desc>"), "{sec}");
    // Four causes and two actions, each a box; three solid links and three dashed ones.
    assert_eq!(sec.matches("<rect ").count(), 6);
    assert_eq!(sec.matches("marker-end=").count(), 6);
    assert_eq!(sec.matches("stroke-dasharray=\"5 4\"").count(), 3);
    assert!(
        sec.contains("<li id=\"cause-no-validation\"><strong>no-validation</strong> (root cause)"),
        "{sec}"
    );
    assert!(
        html_section(&html, "root-causes")
            .contains("<p><strong>Root cause</strong>: determined</p>")
    );
}

#[test]
fn item_12_root_cause_not_determined_is_a_value() {
    let text = std::fs::read_to_string(format!("{}/{FIXTURE}", crate::common::ROOT)).unwrap();
    let start = text.find("        root_causes: [").unwrap();
    let end = text[start..].find("        contributing: [").unwrap() + start;
    let undetermined = format!(
        "{}        root_causes: [],\n{}",
        &text[..start],
        &text[end..]
    )
    .replace(
        "root_cause_status: Determined",
        "root_cause_status: NotDetermined",
    )
    .replace("led_to: [\"config-push\"],", "")
    .replace("\"no-validation\", \"config-push\"", "\"config-push\"");
    let sb = crate::common::Sandbox::with_record(&undetermined);
    let out = sb.run(&["check", "--deny-warnings"]);
    assert!(out.success(), "{}{}", out.stdout, out.stderr);
    let md = crate::common::stdout_in(sb.dir(), &["summary", "every-fact-b"]);
    assert_eq!(
        md_section(&md, "Root causes"),
        "\n**Root cause**: not determined\n"
    );
    let v = crate::common::json_in(sb.dir(), &["summary", "every-fact-b", "--format", "json"]);
    assert_eq!(v["root_cause_status"]["status"], "not_determined");
    assert_eq!(v["root_cause_status"]["label"], "not determined");
    assert!(v.get("root_causes").is_none());
}

#[test]
fn item_13_action_items_status_completion_notes_causes_and_month_due() {
    let v = summary_json();
    let a = v["action_items"].as_array().unwrap();
    assert_eq!(
        (
            a[0]["status"].as_str(),
            a[0]["completed"].as_str(),
            a[0]["note"].as_str()
        ),
        (
            Some("done"),
            Some("2025-03-20"),
            Some("Shipped in release 4.2.")
        )
    );
    assert_eq!(strs(&a[0]["addresses"]), ["no-validation", "config-push"]);
    assert_eq!(a[0]["citations"][0]["id"], "postmortem");
    assert_eq!(
        (a[1]["due"].as_str(), a[1]["status"].as_str()),
        (Some("2025-06"), Some("in_progress"))
    );
    assert_eq!(a[2]["status"], "unknown");
    assert!(a[2]["completed"].is_null());
    // The ledger: the done item stops ageing on its completion day; a month is due on its
    // last day; an item of unknown status is neither open nor overdue.
    let ledger =
        |at: &str| crate::common::json_in(DIR, &["actions", "--format", "json", "--at", at]);
    let l = ledger("2025-06-30");
    let items = l["items"].as_array().unwrap();
    // The folder holds engineer A's every-fact record too: this record's items only.
    let row = |id: &str| {
        items
            .iter()
            .find(|i| i["id"] == id && i["incident"] == "every-fact-b")
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            row("A1")["age_days"].as_i64(),
            row("A1")["completed"].as_str()
        ),
        (Some(15), Some("2025-03-20"))
    );
    assert_eq!(row("A2")["age_days"], 117);
    assert_eq!(
        row("A2")["overdue"],
        false,
        "due in June: not overdue on its last day"
    );
    // The ledger's JSON spells statuses as every JSON output does: the token.
    assert_eq!(row("A3")["status"], "unknown");
    assert_eq!(row("A3")["overdue"], false);
    let l = crate::common::json_in(
        DIR,
        &[
            "actions",
            "--format",
            "json",
            "--at",
            "2025-07-01",
            "--incident",
            "every-fact-b",
        ],
    );
    let a2 = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "A2")
        .unwrap()
        .clone();
    assert_eq!(a2["overdue"], true);
    assert_eq!(a2["due"], "2025-06");
    assert_eq!(
        l["counts"]["open"], 1,
        "only A2: done and unknown are not open"
    );

    let md = summary("markdown");
    let sec = md_section(&md, "Action items");
    assert!(sec.contains("| ID | Action | Type | Owner | Priority | Due | Status | Opened | Completed | Addresses | Note | Link |"), "{sec}");
    assert!(sec.contains("| A1 | Validate configuration pushes before applying them. [1] | prevent | Platform team |   | 2025-03-31 | done | 2025-03-05 | 2025-03-20 | no-validation, config-push | Shipped in release 4.2. |   |"), "{sec}");
    assert!(sec.contains("| A2 | Add a second resolver cluster. [1] | mitigate | Infrastructure team |   | 2025-06 | in progress | 2025-03-05 |   | single-cluster |   |   |"), "{sec}");
    assert!(sec.contains("| unknown | 2025-03-05 |   |   | The postmortem lists it; no later source says whether it was done. |"), "{sec}");
    let html = summary("html");
    let sec = html_section(&html, "action-items");
    assert!(
        sec.contains(
            "<th>Opened</th><th>Completed</th><th>Addresses</th><th>Note</th><th>Link</th>"
        ),
        "{sec}"
    );
    assert!(sec.contains("<td>done</td><td>2025-03-05</td><td>2025-03-20</td><td>no-validation, config-push</td><td>Shipped in release 4.2.</td>"), "{sec}");
    assert!(
        sec.contains("<td>2025-06</td><td>in progress</td>"),
        "{sec}"
    );
}

#[test]
fn item_14_source_grades_further_reading_and_summary_citations() {
    let v = summary_json();
    let kinds: Vec<(&str, &str, bool)> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap(),
                s["kind"].as_str().unwrap(),
                s["further_reading"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("postmortem", "official", false),
            ("status", "official", false),
            ("chat", "internal", false),
            ("probenet", "analysis", false),
            ("news", "quoted", false),
            ("resolvers", "press", true),
        ]
    );
    let cited: Vec<u64> = v["summary_citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_u64().unwrap())
        .collect();
    assert_eq!(cited, [1, 2]);
    // A fact only an independent analysis backs is a third party's word, like press; the
    // organisation's text quoted by a third party is not.
    assert_eq!(v["contributing"][0]["citations"][0]["id"], "probenet");
    assert_eq!(v["contributing"][0]["press_only"], true);
    let tl = timeline_json(&[]);
    assert_eq!(
        event(&tl, "failover")["press_only"],
        false,
        "postmortem and news (quoted)"
    );
    let md = summary("markdown");
    assert!(
        md_section(&md, "Summary").contains("the public API failed for 100 minutes. [1], [2]\n")
    );
    let sources = md_section(&md, "Sources");
    assert!(
        sources.contains("| 3 | chat | Incident channel log | internal |"),
        "{sources}"
    );
    assert!(
        sources.contains(
            "| 5 | news | Tech News: Example Co outage, quoting the postmortem | official, quoted |"
        ),
        "{sources}"
    );
    assert!(
        sources.contains(
            "| 6 | resolvers | Background: how DNS resolvers fail | press, further reading |"
        ),
        "{sources}"
    );
    let html = summary("html");
    assert!(
        html_section(&html, "summary").contains("failed for 100 minutes. <span class=\"cite\">"),
        "{html}"
    );
    assert!(html_section(&html, "sources").contains("<td>independent analysis</td>"));
    assert!(html_section(&html, "sources").contains("<td>press, further reading</td>"));
}

#[test]
fn item_15_a_planned_event_is_shown_as_planned() {
    let tl = timeline_json(&[]);
    let e = event(&tl, "restart-planned");
    assert_eq!(e["planned"]["stated"], "2025-03-07 (day)");
    assert_eq!(e["date"], "2025-03-12");
    assert!(event(&tl, "failover").get("planned").is_none());
    let md = summary("markdown");
    assert!(md_section(&md, "Timeline").contains("| 2025-03-12 (day) | D+8 | action | Restart of the primary resolver with the validated configuration. \\[planned, stated 2025-03-07 (day)\\] | postmortem |"));
    assert!(md_section(&md, "Aftermath").contains("\\[planned, stated 2025-03-07 (day)\\]"));
    let html = summary("html");
    assert!(html_section(&html, "timeline").contains("Restart of the primary resolver with the validated configuration. [planned, stated 2025-03-07 (day)]"));
}

#[test]
fn item_16_roles_with_hand_overs() {
    let v = summary_json();
    let r = &v["responders"];
    let holders: Vec<(&str, &str, &str)> = r["holders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["person"].as_str().unwrap(),
                h["role"].as_str().unwrap(),
                h["role_name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        holders,
        [
            ("Ana", "incident_commander", "incident commander"),
            ("Bo", "incident_commander", "incident commander"),
            ("Chen", "communications_lead", "communications lead"),
            ("Dee", "scribe", "scribe"),
            ("Eve", "other", "database lead"),
        ]
    );
    assert_eq!(r["holders"][0]["to"], "2025-03-04 10:40");
    assert_eq!(r["handovers"][0]["from_person"], "Ana");
    assert_eq!(r["handovers"][0]["to_person"], "Bo");
    assert_eq!(r["handovers"][0]["at"], "2025-03-04 10:40");
    assert_eq!(r["handovers"].as_array().unwrap().len(), 1);
    let md = summary("markdown");
    let sec = md_section(&md, "Responders");
    assert!(
        sec.contains("| Ana | incident commander | 2025-03-04 10:12 | 2025-03-04 10:40 | [3] |"),
        "{sec}"
    );
    assert!(sec.contains("| Bo | incident commander | 2025-03-04 10:40 |   | Took over when Ana joined the database work. [3] |"), "{sec}");
    assert!(
        sec.contains("| Eve | database lead |   |   | [3] |"),
        "{sec}"
    );
    assert!(
        sec.contains("- incident commander: Ana handed over to Bo at 2025-03-04 10:40"),
        "{sec}"
    );
    let html = summary("html");
    let sec = html_section(&html, "responders");
    assert!(sec.contains("<tr><td>Chen</td><td>communications lead</td><td class=\"nowrap\">2025-03-04 10:20</td>"), "{sec}");
    assert!(
        sec.contains("<li>incident commander: Ana handed over to Bo at 2025-03-04 10:40</li>"),
        "{sec}"
    );
    let text = summary("text");
    assert!(
        text.contains("hand-over: incident commander: Ana handed over to Bo at 2025-03-04 10:40"),
        "{text}"
    );
}

#[test]
fn show_names_communication_root_cause_and_responders() {
    let out = crate::common::stdout_in(DIR, &["show", "every-fact-b", "--width", "200"]);
    let row = |field: &str| {
        out.lines()
            .find(|l| l.contains(&format!("│ {field} ")))
            .unwrap_or_else(|| panic!("no {field} in {out}"))
            .split('┆')
            .nth(1)
            .unwrap()
            .trim_end_matches('│')
            .trim()
            .to_string()
    };
    assert_eq!(row("Communicated"), "2025-03-04 10:25");
    assert_eq!(row("Time to communicate"), "25 min");
    assert_eq!(row("Root cause"), "determined");
    assert_eq!(
        row("Responders"),
        "Ana (incident commander), Bo (incident commander), Chen (communications lead), Dee (scribe), Eve (database lead)"
    );
}
