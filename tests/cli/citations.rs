//! Issue 13 item 14, per citation: a citation may give its own grade (`"paper#quoted"`), one
//! source backs facts of different grades, the grade counts for press-only facts, shows
//! beside the citation where it differs from the source's kind, and a bad grade is E131 at
//! its `file:line:column`. The record is `tests/fixtures/citations/`.

use serde_json::Value;

use crate::common::{Sandbox, parse_json};

const RECORD: &str = include_str!("../fixtures/citations/2024-03-01-checkout-errors.ron");
const ID: &str = "2024-03-01-checkout-errors";

fn sandbox() -> Sandbox {
    Sandbox::with_record(RECORD)
}

#[test]
fn graded_citations_check_clean_and_fmt_keeps_them() {
    let sb = sandbox();
    let r = sb.run(&["check"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // `background` is cited by no fact but kept as further reading: no W131.
    assert!(
        r.stdout
            .contains("1 record(s) checked: 0 error(s), 0 warning(s)"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    // fmt lays the file out; the graded citations are strings and stay as written, and a
    // second fmt changes nothing.
    sb.run(&["fmt", ID]);
    let once = sb.read(ID);
    for cited in [
        "summary_sources: [\"paper#quoted\", \"pager\"],",
        "sources: [\"paper#quoted\"],",
        "sources: [\"pager#internal\"],",
    ] {
        assert!(once.contains(cited), "fmt changed {cited}:\n{once}");
    }
    sb.run(&["fmt", ID]);
    assert_eq!(sb.read(ID), once);
    let check = sb.run(&["fmt", "--check"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
}

#[test]
fn a_grade_counts_over_the_source_kind_and_shows_where_it_differs() {
    let sb = sandbox();
    let tl: Value = parse_json(&sb.stdout_of(&["timeline", ID, "--format", "json"]));
    let rows: Vec<(&str, Vec<&str>, bool)> = tl
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap(),
                e["sources"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap())
                    .collect(),
                e["press_only"].as_bool().unwrap(),
            )
        })
        .collect();
    // The same press source: quoting the company (not press-only), then reporting itself.
    assert_eq!(
        rows,
        [
            ("e1", vec!["pager"], false),
            ("e2", vec!["paper#quoted"], false),
            ("e3", vec!["paper"], true),
        ]
    );

    let v: Value = parse_json(&sb.stdout_of(&["summary", ID, "--format", "json"]));
    // The summary paragraph cites; the grade is given where it differs from the kind.
    assert_eq!(
        v["summary_citations"],
        serde_json::json!([
            {"number": 1, "id": "pager", "href": null},
            {"number": 2, "id": "paper", "href": null, "grade": "quoted"}
        ])
    );
    assert_eq!(v["summary_press_only"], false);

    let md = sb.stdout_of(&["summary", ID, "--format", "markdown"]);
    assert!(
        md.contains("Checkout failed for 25 minutes after a database failover. [1], [2] (official, quoted)\n"),
        "{md}"
    );
    // A grade equal to nothing but the kind shows nothing; the press report is press-only.
    assert!(
        md.contains("- **Resolved**: 2024-03-01 10:25 [2] (press)\n"),
        "{md}"
    );
    assert!(
        md.contains("| A1 | Alert on replica lag. [1] (internal) | detect |"),
        "{md}"
    );
    assert!(
        md.contains("| communication | The company said the database had failed over. | paper (official, quoted) |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| resolution | Checkout back to normal, the paper reported. | paper (press) |"
        ),
        "{md}"
    );

    let html = sb.stdout_of(&["summary", ID, "--format", "html"]);
    assert!(
        html.contains(
            "<a href=\"#source-2\" title=\"paper\">[2]</a> <span class=\"grade\">(official, quoted)</span>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"#source-2\">paper</a> (official, quoted)"),
        "{html}"
    );

    let table = sb.stdout_of(&["timeline", ID]);
    assert!(table.contains("paper (official, quoted)"), "{table}");
}

#[test]
fn a_bad_grade_or_a_missing_id_is_e131_at_the_citation() {
    let broken = RECORD
        .replace(
            "sources: [\"paper#quoted\"],",
            "sources: [\"paper#rumour\"],",
        )
        .replace(
            "summary_sources: [\"paper#quoted\", \"pager\"]",
            "summary_sources: [\"#press\", \"pager\"]",
        );
    let sb = Sandbox::new();
    std::fs::write(sb.file(ID), &broken).unwrap();
    let r = sb.run(&["check"]);
    assert_eq!(r.code, Some(1));
    let lines: Vec<&str> = r
        .stdout
        .lines()
        .chain(r.stderr.lines())
        .filter(|l| l.contains("E131"))
        .collect();
    let file = sb.file(ID).display().to_string();
    assert_eq!(
        lines,
        [
            format!(
                "{file}:6:23: E131: error: citation `#press`: a citation needs a source id before `#`"
            ),
            format!(
                "{file}:42:23: E131: error: citation `paper#rumour`: `rumour` is not a citation grade; grades: official, press, quoted, analysis, internal"
            ),
        ]
    );
}

#[test]
fn a_writer_takes_a_graded_citation_and_refuses_a_bad_grade() {
    let sb = sandbox();
    let at = crate::common::epoch("2024-03-01T11:00:00Z");
    let log = |args: &[&str]| {
        let mut c = sb.cmd(args);
        c.env("SOURCE_DATE_EPOCH", &at);
        crate::common::run(&mut c)
    };
    let ok = log(&[
        "log",
        ID,
        "The paper quotes the CEO",
        "--at",
        "10:20",
        "--source",
        "paper#quoted",
    ]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    let text = sb.read(ID);
    assert!(
        text.contains(
            "text: \"The paper quotes the CEO\",\n            sources: [\"paper#quoted\"],"
        ),
        "{text}"
    );
    let before = sb.read(ID);
    let bad = log(&[
        "log",
        ID,
        "Rumour",
        "--at",
        "10:21",
        "--source",
        "paper#rumour",
    ]);
    assert_eq!(bad.code, Some(1));
    assert!(
        bad.stderr
            .contains("E131: citation `paper#rumour`: `rumour` is not a citation grade"),
        "{}",
        bad.stderr
    );
    assert_eq!(sb.read(ID), before);
}
