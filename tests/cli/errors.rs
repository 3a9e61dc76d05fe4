//! How errors reach the user: `error: <message>`, then one `hint: <hint>` line per piece of
//! advice, and the exit code of the error's kind (1 refused or not found, 2 usage).

use crate::common::{ROOT, incident, run};

/// The exit code and standard error of a command that must print nothing on standard output.
fn failure(args: &[&str]) -> (Option<i32>, String) {
    let out = run(incident().args(args));
    assert!(out.stdout.is_empty(), "{args:?} printed output");
    (out.code, out.stderr)
}

#[test]
fn a_name_not_found_suggests_the_closest_ids_on_a_hint_line() {
    let (code, err) = failure(&["show", "hk-zone-x"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        format!(
            "error: no incident `hk-zone-x` in {ROOT}/incidents\nhint: did you mean 2022-12-18-hk-zone-c?\n"
        )
    );
}

#[test]
fn an_unknown_zone_is_a_usage_error_with_the_forms_and_the_closest_names() {
    let (code, err) = failure(&["timeline", "hk-zone-c", "--tz", "Asia/HongKong"]);
    assert_eq!(code, Some(2));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "error: unknown time zone `Asia/HongKong`",
            "hint: expected an IANA name such as Asia/Hong_Kong, UTC, local, or an offset such as +05:30",
            "hint: did you mean Asia/Hong_Kong, Hongkong, Asia/Chongqing?",
        ]
    );
}

#[test]
fn an_unreadable_time_lists_the_accepted_forms() {
    let (code, err) = failure(&["timeline", "hk-zone-c", "--since", "noonish"]);
    assert_eq!(code, Some(2));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "error: --since: cannot read the time `noonish`",
            "hint: accepted forms, read in the incident's home zone (or --tz) unless a zone or offset follows, as in `09:05 UTC`, `2022-12-18 09:05 +08:00`, `2022-12-18 Asia/Tokyo`:",
            "hint:   exact: `09:05` (today), `2022-12-18 09:05`, `2022-12-18T09:05:00+08:00`",
            "hint:   approximate: `~09:05`, `about 09:05`; a day: `2022-12-18`",
            "hint:   a range: `15:20..16:20`, `between 15:20 and 16:20`",
            "hint:   a bound: `>=10:15`, `after 10:15`, `not before 10:15`; `<=10:30`, `by 10:30`, `no later than 10:30`",
            "hint:   not known: `unknown`; an end still to come: `ongoing` or `open`",
            "hint: see docs/time-input.md",
        ]
    );
}

#[test]
fn a_record_outside_the_folder_says_how_to_name_one() {
    let (code, err) = failure(&[
        "show",
        "tests/fixtures/valid/2024-03-01-payments-db-failover.ron",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        format!(
            "error: tests/fixtures/valid/2024-03-01-payments-db-failover.ron is outside the incidents folder {ROOT}/incidents\n\
             hint: name a record of that folder, or give its folder with --dir\n"
        )
    );
}

#[test]
fn a_record_with_errors_is_listed_then_the_advice() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        format!("{ROOT}/tests/fixtures/broken/event-before-start.ron"),
        dir.path().join("event-before-start.ron"),
    )
    .unwrap();
    let path = dir.path().join("event-before-start.ron");
    let (code, err) = failure(&["--dir", &dir.path().display().to_string(), "show", "event"]);
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].starts_with(&format!("error: {}:", path.display())) && lines[0].contains("E115"),
        "{err}"
    );
    assert_eq!(
        &lines[lines.len() - 2..],
        [
            "the record has errors",
            "hint: fix them (see `incident check`) and try again"
        ]
    );
}

#[test]
fn a_refused_chart_format_is_a_usage_error_with_the_formats_to_use() {
    let (code, err) = failure(&["timeline", "hk-zone-c", "--chart", "--format", "csv"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "error: --chart is drawn as a table (terminal), mermaid, or markdown (Mermaid in a fenced block)\nhint: use --format table, mermaid or markdown\n"
    );
}

#[test]
fn a_failed_check_reports_its_problems_and_nothing_more() {
    let out = run(incident().args(["check", "tests/fixtures/broken/event-before-start.ron"]));
    assert_eq!(out.code, Some(1));
    // The problems are the report; no `error:` or `hint:` line is added after them.
    let err = &out.stderr;
    assert!(
        !err.lines()
            .any(|l| l.starts_with("error:") || l.starts_with("hint:")),
        "{err}"
    );
    assert!(out.stdout.contains("E115"));
}
