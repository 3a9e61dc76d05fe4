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
