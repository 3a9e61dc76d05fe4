//! Facts as the sources state them (issue 13, items 1–8, 14 and 17), on the made-up record
//! `tests/fixtures/facts/every-fact-a.ron`, which uses each of them: value by value in the
//! summary's JSON, Markdown and HTML; a walk over every field of the record that fails when
//! any of its text is missing from the Markdown or the HTML document; the rules `check`
//! applies to them; and `fmt` keeping them.

use serde_json::Value;

use crate::common::{Sandbox, incident_in, json_in, run, stdout_in};
use incident::render::html::escape;
use incident::render::markdown::inline;

const DIR: &str = "tests/fixtures/facts";
const FIXTURE: &str = include_str!("../fixtures/facts/every-fact-a.ron");

fn json() -> Value {
    json_in(DIR, &["summary", "every-fact-a", "--format", "json"])
}

fn markdown() -> String {
    stdout_in(DIR, &["summary", "every-fact-a", "--format", "markdown"])
}

fn html() -> String {
    stdout_in(DIR, &["summary", "every-fact-a", "--format", "html"])
}

/// The `text` of each item of a JSON list.
fn texts<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap())
        .collect()
}

#[test]
fn json_gives_every_fact_value_by_value() {
    let v = json();
    let f = &v["facts"];
    // 6: references, the provider's severity and the rationale.
    assert_eq!(f["provider_severity"]["text"], "P1 major outage");
    assert_eq!(f["provider_severity"]["citations"][0]["id"], "status");
    assert_eq!(
        f["severity_rationale"],
        "Sev1 because objects were lost, not only delayed."
    );
    let refs = &f["references"];
    assert_eq!(
        texts(refs, "kind"),
        ["provider_incident", "ticket", "status_page"]
    );
    assert_eq!(refs[0]["id"], "EXC-2024-0502");
    assert_eq!(
        refs[0]["href"],
        "https://status.example.com/incidents/exc-2024-0502"
    );
    assert_eq!(refs[1]["url"], Value::Null);
    // 8: regions and sites.
    assert_eq!(texts(&f["regions"], "name"), ["eu-west", "eu-central"]);
    assert_eq!(f["regions"][0]["zones"], serde_json::json!(["a", "b"]));
    assert_eq!(
        f["regions"][0]["sites"][0]["happened"],
        "Lost utility power; two generators failed to start."
    );
    assert_eq!(f["regions"][1]["sites"][0]["press_only"], true);
    // 5: data loss.
    let loss = &f["data_loss"][0];
    assert_eq!(loss["recovered"], "partly");
    assert_eq!(loss["recovered_label"], "partly recovered");
    assert_eq!(loss["amount"]["value"], 1800.0);
    assert_eq!(loss["amount"]["value_text"], "~1800");
    // 4: counts, on the incident and on a target.
    let counts = &f["counts"];
    assert_eq!(counts[0]["target"], Value::Null);
    assert_eq!(counts[0]["value_text"], "~2300000 requests");
    assert_eq!(counts[1]["target"], "Object storage");
    assert_eq!(counts[1]["what"], "storage hosts lost");
    assert_eq!(counts[1]["value"], 120.0);
    // 2: what happened to each named target.
    let outcomes: Vec<(&str, &str)> = f["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("Object storage", "affected"),
            ("Control API", "affected"),
            ("Block storage", "not_affected"),
            ("Message queue", "affected_at_unknown_times"),
            ("Acme Shop", "affected"),
        ]
    );
    // A not-affected service is not counted; one affected at unknown times is.
    let figure = |key: &str| {
        v["impact"]["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["key"] == key)
            .unwrap()
            .clone()
    };
    assert_eq!(figure("services_affected")["count"], 3);
    assert_eq!(figure("services_affected")["note"], Value::Null);
    let rows = v["impact"]["rows"].as_array().unwrap();
    let block = rows.iter().find(|r| r["name"] == "Block storage").unwrap();
    assert_eq!(
        block["level"],
        Value::Null,
        "never at risk without a window"
    );
    // 3: shares, and the weighted service-hours beside the unweighted.
    let share = &f["targets"][0]["windows"][0]["share"];
    assert_eq!(
        (
            share["percent"].as_f64(),
            share["of"].as_str(),
            share["side"].as_str()
        ),
        (Some(40.0), Some("requests"), Some("affected"))
    );
    assert_eq!(share["text"], "40% of requests affected");
    let worst = &f["targets"][1]["windows"][0]["share"];
    assert_eq!(worst["affected_fraction"], 0.75);
    assert_eq!(worst["worst"], true);
    assert_eq!(figure("service_hours")["value"], "6.13 h");
    // 4 h 8 min × 40% + 2 h × 75% (at most) = 1.65 h + 1.5 h.
    let w = &f["weighted_service_hours"];
    assert_eq!(
        (w["hours"].as_f64(), w["upper_bound"].as_bool()),
        (Some(3.15), Some(true))
    );
    assert_eq!(w["value"], "≤ 3.15 h");
    // 7: stated figures against the record's.
    let stated = &f["stated"];
    assert_eq!(stated[0]["comparison"], "agrees");
    assert_eq!(stated[0]["difference_minutes"], 0);
    assert_eq!(stated[1]["difference_minutes"], -7);
    assert_eq!(stated[1]["comparison"], "the record gives 7 min less");
    assert_eq!(stated[2]["of"], "resolved");
    assert_eq!(stated[2]["difference_minutes"], -35);
    assert_eq!(
        stated[2]["comparison"],
        "the record's time is ~35 min earlier"
    );
    // 1: disputed values: the chosen one, the claims, figures on the chosen.
    let what: Vec<&str> = texts(&f["disputed"], "what");
    assert_eq!(
        what,
        [
            "started",
            "resolved",
            "event failover",
            "service Object storage, window 1, end"
        ]
    );
    assert_eq!(f["disputed"][0]["chosen"], "2024-05-02 09:17");
    assert_eq!(f["disputed"][0]["claims"][0]["text"], "2024-05-02 09:05");
    assert_eq!(f["disputed"][1]["claims"][0]["press_only"], true);
    assert_eq!(v["detection"]["started"]["disputed"], true);
    assert_eq!(v["detection"]["detected"]["disputed"], false);
    assert_eq!(
        figure("time_to_resolve")["minutes"],
        248,
        "the chosen 13:25"
    );
    let ids: Vec<&str> = texts(&v["sections"], "id");
    for id in [
        "data_loss",
        "stated_figures",
        "disputed_facts",
        "references",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
}

#[test]
fn markdown_and_html_show_every_fact() {
    let md = markdown();
    let page = html();
    let lines = [
        "Provider severity",
        "P1 major outage — The provider's own scale runs from P0 to P4.",
        "Severity rationale",
        "eu-west, zones a, b — Zone b stayed up on its own power.",
        "DUB-3 (eu-west): Lost utility power; two generators failed to start.",
        "Objects written to DUB-3 in the last five minutes before the power loss: ~1800 (objects) — partly recovered",
        "requests failed: ~2300000 requests",
        "Object storage: storage hosts lost: ~120",
        "Service Block storage: not affected",
        "Service Message queue: affected at unknown times",
        "Reads and writes in eu-west (40% of requests affected)",
        "Window 1 (degraded, 2024-05-02 10:00 – 2024-05-02 12:00): as low as 25% available (measure not stated)",
        "Weighted service-hours",
        "≤ 3.15 h",
        "Total duration: stated 4 h 8 min; the record gives 4 h 8 min — agrees",
        "Time to detect: stated 10 min; the record gives 3 min — the record gives 7 min less",
        "Resolved: stated ~2024-05-02 14:00; the record gives 2024-05-02 13:25 — the record's time is ~35 min earlier",
        "Started: chosen 2024-05-02 09:17",
        "Also claimed: 2024-05-02 09:05",
        "Service Object storage, window 1, end: chosen 2024-05-02 13:25",
        "Also claimed: 2024-05-02 13:40",
        "Provider incident: EXC-2024-0502 https://status.example.com/incidents/exc-2024-0502",
        "Ticket: OPS-4821",
    ];
    for l in lines {
        assert!(md.contains(&inline(l)), "Markdown lacks {l:?}:\n{md}");
        assert!(page.contains(&escape(l)), "HTML lacks {l:?}");
    }
    // The chosen time is shown, marked as disputed.
    assert!(md.contains("- **Resolved**: 2024-05-02 13:25 (disputed) — "));
    assert!(page.contains(
        "<strong>Resolved</strong>: <time>2024-05-02 13:25</time> <span class=\"disputed\">(disputed)</span>"
    ));
    for h in [
        "Data loss",
        "Stated figures",
        "Disputed facts",
        "References",
    ] {
        assert!(md.contains(&format!("\n## {h}\n")), "{h}");
        assert!(page.contains(&format!("<h2>{h}</h2>")), "{h}");
    }
    // Data loss comes first, right after the summary.
    let at = |h: &str| md.find(&format!("\n## {h}\n")).unwrap();
    assert!(at("Summary") < at("Data loss") && at("Data loss") < at("Impact"));
}

/// Every text leaf of the record, with the key it is under: strings, numbers (as written by
/// people), and times (as their clock time, which the fixture's offsets keep). Words of the
/// closed vocabulary (`Outage`, `Sev1`) and the schema number are not text.
fn leaves(v: &Value, key: &str, parent: &str, out: &mut Vec<(String, String)>) {
    const WORDS: [&str; 16] = [
        "kind",
        "other_kinds",
        "root_cause_status",
        "party",
        "state",
        "role",
        "severity",
        "status",
        "level",
        "of",
        "side",
        "outcome",
        "recovered",
        "type",
        "schema",
        "timezone",
    ];
    const TIMES: [&str; 6] = ["At", "About", "Day", "Between", "NotBefore", "NotAfter"];
    match v {
        // An event's id is a handle for commands (`incident log`, `--since`), not text the
        // document tells.
        Value::String(_) if key == "id" && parent == "events" => {}
        // A graded citation `press#quoted` is shown as its source and its grade's label.
        Value::String(s) if key.ends_with("sources") && s.contains('#') => {
            let (id, token) = s.split_once('#').unwrap();
            let label = match token {
                "quoted" => "official, quoted",
                "analysis" => "independent analysis",
                other => other,
            };
            out.push((key.to_string(), id.to_string()));
            out.push((key.to_string(), label.to_string()));
        }
        Value::String(s) if !WORDS.contains(&key) => out.push((key.to_string(), s.clone())),
        Value::Number(n) if key == "minutes" => {
            let m = n.as_i64().unwrap();
            out.push((key.to_string(), incident::model::time::format_minutes(m)));
        }
        Value::Number(n) if key != "schema" => {
            let n = n.as_f64().unwrap();
            let text = incident::model::facts::number_text(n);
            out.push((key.to_string(), text));
        }
        Value::Array(items) => items.iter().for_each(|x| leaves(x, key, key, out)),
        Value::Object(map) => {
            for (k, x) in map {
                if TIMES.contains(&k.as_str()) {
                    for t in x.as_array().cloned().unwrap_or_else(|| vec![x.clone()]) {
                        let t = t.as_str().unwrap();
                        // `2024-05-02T09:05:00+01:00` is shown as `09:05` in its own zone.
                        out.push((k.clone(), t[11..16].to_string()));
                    }
                } else {
                    leaves(x, k, parent_of(key, parent), out);
                }
            }
        }
        _ => {}
    }
}

/// The list an object is an item of: `events` for the fields of an event.
fn parent_of<'a>(key: &'a str, parent: &'a str) -> &'a str {
    if key.is_empty() { parent } else { key }
}

/// Walks every text leaf of record `id` in `DIR` and fails when one is missing from the
/// summary's Markdown, HTML or JSON; gives the leaves for further checks.
fn walk_reaches_every_view(id: &str) -> Vec<(String, String)> {
    let record = json_in(DIR, &["show", id, "--format", "json"]);
    let mut all = Vec::new();
    leaves(&record, "", "", &mut all);
    assert!(all.len() > 100, "the walk found {} leaves", all.len());
    let md = stdout_in(DIR, &["summary", id, "--format", "markdown"]);
    let page = stdout_in(DIR, &["summary", id, "--format", "html"]);
    let missing: Vec<String> = all
        .iter()
        .filter(|(_, text)| !md.contains(&inline(text)) || !page.contains(&escape(text)))
        .map(|(k, t)| format!("{k}: {t:?}"))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the documents:\n{}",
        missing.join("\n")
    );
    // And in the summary's JSON, as JSON strings hold them; a grade there is its token
    // (`quoted`), where the documents show its label (`official, quoted`).
    let json = serde_json::to_string(&json_in(DIR, &["summary", id, "--format", "json"])).unwrap();
    let missing: Vec<String> = all
        .iter()
        .filter(|(_, text)| {
            let grade = incident::model::record::SourceKind::ALL
                .iter()
                .find(|g| g.label() == text.as_str());
            let text = grade.map_or(text.as_str(), |g| g.token());
            let quoted = serde_json::to_string(text).unwrap();
            !json.contains(quoted.trim_matches('"'))
        })
        .map(|(k, t)| format!("{k}: {t:?}"))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the JSON:\n{}",
        missing.join("\n")
    );
    all
}

#[test]
fn every_field_of_the_record_reaches_both_documents() {
    let all = walk_reaches_every_view("every-fact-a");
    // The walk reaches the facts this issue added, not only the older fields.
    for (k, t) in [
        (
            "note",
            "The status page's first post says errors began at 09:05.",
        ),
        (
            "happened",
            "Took over eu-west writes and ran near its capacity limit.",
        ),
        ("quote", "we knew within ten minutes"),
        ("percent", "25"),
        ("At", "13:40"),
    ] {
        assert!(all.contains(&(k.to_string(), t.to_string())), "{k}: {t}");
    }
}

/// The second made-up record (items 9–16: communication, observers, cause chains, roles,
/// plans, grades) passes the same walk, so nothing of the whole issue is dropped.
#[test]
fn every_field_of_the_second_record_reaches_both_documents() {
    let all = walk_reaches_every_view("every-fact-b");
    for (k, t) in [
        ("name", "ProbeNet"),
        ("channel", "status page"),
        ("detail", "The push tool checked syntax only."),
        ("title", "database lead"),
        ("completed", "2025-03-20"),
    ] {
        assert!(all.contains(&(k.to_string(), t.to_string())), "{k}: {t}");
    }
}

#[test]
fn the_reading_form_shows_the_facts_too() {
    let text = stdout_in(
        DIR,
        &[
            "summary",
            "every-fact-a",
            "--format",
            "text",
            "--width",
            "200",
        ],
    );
    for l in [
        "P1 major outage — The provider's own scale runs from P0 to P4. [2]",
        "Weighted service-hours: ≤ 3.15 h",
        "Also claimed: ~2024-05-02 14:00 [3] (press)",
        "Service Block storage: not affected [1]",
        "Started: 2024-05-02 09:17 (disputed)",
    ] {
        assert!(text.contains(l), "{l}:\n{text}");
    }
}

#[test]
fn check_reports_each_fact_rule_at_its_field() {
    let broken = FIXTURE
        .replace(
            "                    percent: 40.0,",
            "                    percent: 140.0,",
        )
        .replace("            value: 120.0,", "            value: -1.0,")
        .replace(
            "            name: \"Block storage\",\n            windows: [],",
            "            name: \"Block storage\",\n            windows: [\n                (\n                    from: At(\"2024-05-02T10:00:00+01:00\"),\n                    to: At(\"2024-05-02T10:30:00+01:00\"),\n                    level: Outage,\n                ),\n            ],",
        )
        .replace(
            "            of: TimeToDetect,\n            minutes: 10,",
            "            of: TimeToDetect,",
        )
        .replace("        (\n            kind: Ticket,\n            id: \"OPS-4821\",\n        ),", "        (\n            kind: Ticket,\n        ),")
        .replace("            name: \"eu-central\",", "            name: \"eu-west\",")
        .replace(
            "                    at: At(\"2024-05-02T10:45:00+01:00\"),\n                    sources: [\"status\"],",
            "                    at: At(\"2024-05-02T11:00:00+01:00\"),\n                    sources: [\"statuz\"],",
        )
        .replace(
            "    organisation: \"Example Cloud\",",
            "    organisation: \"Example Cloud\",\n    region: \"eu-west\",",
        );
    let sb = Sandbox::with_record(&broken);
    let out = sb.run(&["check"]);
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    let codes: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .collect();
    for code in [
        "E130", "E132", "E133", "E134", "E135", "E136", "E137", "W170", "W172",
    ] {
        assert!(codes.contains(&code), "{code} missing:\n{}", out.stdout);
    }
    // Each points at its field: file:line:column of the value.
    // The line of `needle`, and the column of the value after its `: `.
    let line_of = |needle: &str| {
        let (i, l) = broken
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap();
        let column = l.find(needle).unwrap() + needle.find(": ").unwrap() + 3;
        (i + 1, column)
    };
    let at = |code: &str| {
        out.stdout
            .lines()
            .find(|l| l.contains(&format!(": {code}: ")))
            .unwrap()
            .to_string()
    };
    let (line, column) = line_of("percent: 140.0");
    assert!(
        at("E133").ends_with(&format!(
            "every-fact-a.ron:{line}:{column}: E133: error: the window of `Object storage` gives a share of 140; expected a percentage from 0 to 100"
        )) || at("E133").contains(&format!("every-fact-a.ron:{line}:{column}: E133")),
        "{}",
        at("E133")
    );
    assert!(at("E130").contains("source `statuz`"), "{}", at("E130"));
    assert!(
        at("W170").contains("a claim on event `failover` gives the chosen time"),
        "{}",
        at("W170")
    );
    assert!(at("E132").contains("service `Block storage` is stated as not affected"));
}

#[test]
fn a_claim_without_source_is_a_warning() {
    let text = FIXTURE.replace(
        "                    at: At(\"2024-05-02T10:45:00+01:00\"),\n                    sources: [\"status\"],\n",
        "                    at: At(\"2024-05-02T10:45:00+01:00\"),\n",
    );
    let sb = Sandbox::with_record(&text);
    let out = sb.run(&["check"]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(
        out.stdout
            .contains(": W171: warning: a claim on event `failover` cites no source"),
        "{}",
        out.stdout
    );
}

#[test]
fn fmt_keeps_every_fact_and_the_fixture_is_canonical() {
    let sb = Sandbox::with_record(FIXTURE);
    let before = json_in(sb.dir(), &["show", "every-fact-a", "--format", "json"]);
    let out = run(incident_in(sb.dir()).args(["fmt", "--check"]));
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    // An older record is upgraded to schema 3 and keeps its facts.
    let older = FIXTURE.replacen("schema: 3,", "schema: 2,", 1);
    std::fs::write(sb.file("every-fact-a"), older).unwrap();
    let out = run(incident_in(sb.dir()).args(["fmt"]));
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert_eq!(sb.read("every-fact-a"), FIXTURE);
    let after = json_in(sb.dir(), &["show", "every-fact-a", "--format", "json"]);
    assert_eq!(before, after);
}

#[test]
fn the_hong_kong_record_states_its_disputes_and_share() {
    let v = crate::common::json_of(&["summary", "hk-zone-c", "--format", "json"]);
    let f = &v["facts"];
    let resolved = &f["disputed"][0];
    assert_eq!(resolved["what"], "resolved");
    assert_eq!(resolved["chosen"], "2022-12-18 23:11");
    assert_eq!(resolved["claims"][0]["text"], "2022-12-19 00:30");
    assert_eq!(resolved["claims"][0]["press_only"], true);
    let cp = f["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "ECS control plane / OpenAPI (Hong Kong region)")
        .unwrap();
    let share = &cp["windows"][0]["share"];
    assert_eq!(
        share["text"],
        "as low as 20% available (measure not stated)"
    );
    assert_eq!(share["worst"], true);
    // The stated "over 15.5 hours" against 08:56 → 23:11.
    assert_eq!(f["stated"][0]["difference_minutes"], 855 - 930);
    let md = crate::common::stdout_of(&["summary", "hk-zone-c", "--format", "markdown"]);
    for l in [
        "Heat began to affect some servers: the first impact the statement gives.",
        "The statement gives no end time for ECS: servers were started in batches",
        "- **Resolved**: 2022-12-18 23:11 (disputed)",
    ] {
        assert!(md.contains(&inline(l)) || md.contains(l), "{l}");
    }
}

#[test]
fn timelines_mark_the_disputed_event() {
    let table = stdout_in(DIR, &["timeline", "every-fact-a", "--width", "100"]);
    assert!(table.contains("11:00 (disputed)"), "{table}");
    assert!(
        !table.contains("13:25 (disputed)"),
        "only events with claims"
    );
    let md = stdout_in(DIR, &["timeline", "every-fact-a", "--format", "markdown"]);
    assert!(
        md.contains("| 2024-05-02 11:00 (disputed) | T+01:43 | mitigation |"),
        "{md}"
    );
    let v = json_in(DIR, &["timeline", "every-fact-a", "--format", "json"]);
    let disputed: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["disputed"] == true)
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(disputed, ["failover"]);
    let page = html();
    assert!(page.contains("2024-05-02 11:00 (disputed)"));
}

#[test]
fn impact_json_and_charts_show_shares_and_outcomes() {
    let v = json_in(DIR, &["impact", "every-fact-a", "--format", "json"]);
    let rows = v.as_array().unwrap();
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap().clone();
    let share = &row("Object storage")["windows"][0]["share"];
    assert_eq!(share["percent"], 40.0);
    assert_eq!(share["of"], "requests");
    assert_eq!(share["affected_fraction"], 0.4);
    assert_eq!(row("Block storage")["outcome"], "not_affected");
    assert_eq!(row("Message queue")["outcome"], "affected_at_unknown_times");
    assert_eq!(row("Object storage")["outcome"], Value::Null);
    let table = stdout_in(DIR, &["impact", "every-fact-a", "--width", "200"]);
    assert!(table.contains("Reads and writes in eu-west (40% of requests affected)"));
    assert!(table.contains("not affected"));
    assert!(
        !table.contains("at risk only"),
        "no window, no risk:\n{table}"
    );
    // The chosen end of Object storage's window, which the press disputes.
    assert!(table.contains("┆ 13:25 (disputed) ┆ 4 h 8 min"), "{table}");
    let md = markdown();
    assert!(md.contains(
        "    outage (40% of requests affected) :crit, 2024-05-02 09:17, 2024-05-02 13:25"
    ));
    assert!(
        html().contains(
            "<title>Object storage: outage (40% of requests affected) 09:17–13:25</title>"
        )
    );
}

#[test]
fn stats_leave_out_services_that_were_not_affected() {
    let v = json_in(DIR, &["stats", "--by", "service", "--format", "json"]);
    let text = v.to_string();
    assert!(text.contains("Object storage"), "{text}");
    assert!(!text.contains("Block storage"), "{text}");
}

#[test]
fn show_marks_disputes_outcomes_regions_and_the_provider_severity() {
    let text = stdout_in(DIR, &["show", "every-fact-a", "--width", "160"]);
    for l in [
        "│ Provider severity        ┆ P1 major outage",
        "│ Region                   ┆ eu-west · zone a, b · site DUB-3",
        "│ Started                  ┆ 2024-05-02 09:17 (disputed)",
        "│ Detected                 ┆ 2024-05-02 09:20 ",
        "Block storage [not affected], Message queue [affected at unknown times]",
    ] {
        assert!(text.contains(l), "{l}:\n{text}");
    }
}

/// Item 14 on this record: the news site backs facts of two grades (the provider's words it
/// quotes, and its own report), the summary paragraph cites, and the further-reading source
/// cites nothing yet raises no warning; the grade is shown only where it differs from the kind.
#[test]
fn one_source_backs_facts_of_two_grades_and_the_summary_cites() {
    let v = json();
    assert_eq!(
        v["summary_citations"],
        serde_json::json!([
            {"number": 1, "id": "report", "href": "https://example.com/reports/exc-2024-0502"},
            {"number": 3, "id": "press", "href": null, "grade": "quoted"}
        ])
    );
    assert_eq!(v["summary_press_only"], false);
    let events = v["timeline"]["events"].as_array().unwrap();
    let event = |id: &str| events.iter().find(|e| e["id"] == id).unwrap();
    assert_eq!(
        event("statement")["sources"],
        serde_json::json!(["press#quoted"])
    );
    assert_eq!(event("statement")["press_only"], false);
    assert_eq!(
        event("bridge-opened")["sources"],
        serde_json::json!(["bridge"])
    );

    let md = markdown();
    for line in [
        "took object storage down for part of its requests. [1], [3] (official, quoted)\n",
        "| communication | The provider said writes would stay in eu-central until the power at DUB-3 was stable. | press (official, quoted) |",
        // The same source reporting on its own is press.
        "  - Also claimed: \\~2024-05-02 14:00 [3] (press)\n",
        // An internal source is cited by its id; its grade is its kind, so none is added.
        "| escalation | The storage on-call engineer opened the incident bridge. | bridge |",
        "| 5 | background | Background: why standby generators fail to start | independent analysis, further reading |",
    ] {
        assert!(md.contains(line), "Markdown lacks {line:?}:\n{md}");
    }
    let page = html();
    for part in [
        "<a href=\"#source-3\" title=\"press\">[3]</a> <span class=\"grade\">(official, quoted)</span>",
        "<td><a href=\"#source-3\">press</a> (official, quoted)</td>",
        "<td>independent analysis, further reading</td>",
    ] {
        assert!(page.contains(part), "HTML lacks {part:?}");
    }

    // No W131 for the further-reading source, and no other warning.
    let r = Sandbox::with_record(FIXTURE).run(&["check"]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("1 record(s) checked: 0 error(s), 0 warning(s)"),
        "{}",
        r.stdout
    );

    // The internal marks keep the bridge notes out of the public version only.
    let public = stdout_in(
        DIR,
        &[
            "summary",
            "every-fact-a",
            "--format",
            "markdown",
            "--audience",
            "public",
        ],
    );
    for internal in [
        "opened the incident bridge",
        "Page the facilities on-call engineer",
        "Incident bridge notes",
    ] {
        assert!(md.contains(internal), "{internal}");
        assert!(!public.contains(internal), "public shows {internal}");
    }
}
