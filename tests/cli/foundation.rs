//! The foundation: `check`, `list`, `show`, name resolution, shell integration — run on the
//! real binary against the shipped record and the broken fixtures.

use predicates::prelude::*;

use crate::common::{HK_FILE, Sandbox, incident, json_of, run, stdout_of, stdout_ok};

/// The shipped record has no error. It has two warnings, which are true of it: OKX's outage
/// is recorded as ending about noon on 19 December, after the resolution at 23:11 on the 18th,
/// so the customer-impact duration (at least 1 d 1 h 43 min) is longer than the total
/// duration (14 h 15 min).
#[test]
fn check_passes_on_the_shipped_records() {
    let out = incident().arg("check").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("0 error(s), 2 warning(s)"), "{stdout}");
    assert!(
        stdout.contains(
            ": W155: warning: the window of customer `OKX` ends (~2022-12-19T12:00:00+08:00) after the incident was resolved (2022-12-18T23:11:00+08:00): time to resolve and total duration stop at the resolution"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            ": W156: warning: the customer-impact duration (≥ ~1 d 1 h 43 min) is longer than the total duration (14 h 15 min)"
        ),
        "{stdout}"
    );
    // Deliberately so: --deny-warnings fails on them.
    incident()
        .args(["check", "--deny-warnings"])
        .assert()
        .code(1);
}

/// Each broken fixture, the position and code it must produce, and words of the message.
const BROKEN: &[(&str, &str, &str)] = &[
    ("bad-instant", ":12:28: E001: error:", "has no UTC offset"),
    (
        "duplicate-ids",
        ":40:17: E120: error:",
        "event id `e1` is used twice",
    ),
    ("empty", ":1:1: E004: error:", "the file is empty"),
    (
        "event-before-start",
        ":33:17: E115: error:",
        "mark it `precursor: true`",
    ),
    (
        "impossible-date",
        ":12:28: E001: error:",
        "2023-02 has no day 30",
    ),
    (
        "merge-conflict",
        ":6:1: E003: error:",
        "unresolved git merge conflict",
    ),
    ("not-utf8", ":35:29: E002: error:", "not UTF-8 (byte 0xFF)"),
    (
        "resolved-before-start",
        ":14:24: E114: error:",
        "resolved (2024-03-01T09:25:00+00:00) is before started",
    ),
    (
        "syntax-error",
        ":7:5: E001: error:",
        "expected `,` between two fields",
    ),
    (
        "unknown-field",
        ":7:5: E001: error:",
        "unknown field `severty` in Incident; expected one of: schema",
    ),
    (
        "unknown-source",
        ":36:23: E130: error:",
        "source `pagr` is not in the record's sources; known: pager",
    ),
    (
        "unknown-zone",
        ":9:15: E103: error:",
        "did you mean Europe/London",
    ),
    (
        "window-backwards",
        ":22:25: E110: error:",
        "ends (2024-03-01T09:25:00+00:00) before it starts",
    ),
    (
        "wrong-type",
        ":2:12: E001: error:",
        "expected a whole number",
    ),
    (
        "owner-missing",
        ":50:17: W140: warning:",
        "action `A1` is open but has no owner",
    ),
];

#[test]
fn each_broken_record_gives_its_error_with_file_line_and_column() {
    for (name, position, words) in BROKEN {
        let path = format!("tests/fixtures/broken/{name}.ron");
        let out = run(incident().args(["check", &path]));
        let stdout = &out.stdout;
        let expected_exit = if position.contains("warning") { 0 } else { 1 };
        assert_eq!(out.code, Some(expected_exit), "{name}: {stdout}");
        let line = format!("{path}{position}");
        assert!(
            stdout.contains(&line),
            "{name}: expected `{line}` in:\n{stdout}"
        );
        assert!(
            stdout.contains(words),
            "{name}: expected `{words}` in:\n{stdout}"
        );
    }
}

#[test]
fn the_broken_folder_fails_as_a_whole_and_lists_every_file() {
    let out = run(incident().args(["check", "tests/fixtures/broken"]));
    assert_eq!(out.code, Some(1));
    let stdout = &out.stdout;
    for (name, _, _) in BROKEN {
        assert!(
            stdout.contains(&format!("{name}.ron:")),
            "{name} missing in:\n{stdout}"
        );
    }
    assert!(
        stdout.contains("15 record(s) checked: 15 error(s), 3 warning(s)"),
        "{stdout}"
    );
}

/// Times that contradict each other: a detection event before moments.detected (W154), and a
/// window that ends after the resolution (W155), beside the errors of those fixtures.
#[test]
fn contradicting_times_are_warned_about_with_the_fix() {
    for (name, position, words) in [
        (
            "event-before-start",
            ":12:24: W154: warning:",
            "moments.detected (2024-03-01T10:04:00+00:00) is later than the earliest detection event `e1` (2024-03-01T09:04:00+00:00): time to detect counts from moments.detected, so it overstates how long detection took; if that event was the first sign, set the moment to its time: `incident moment set event-before-start detected --at 2024-03-01T09:04:00+00:00`\n",
        ),
        (
            "resolved-before-start",
            ":22:25: W155: warning:",
            "the window of service `Checkout` ends (2024-03-01T10:25:00+00:00) after the incident was resolved (2024-03-01T09:25:00+00:00): time to resolve and total duration stop at the resolution while this impact went on, so they understate the incident; if it was not over, move the resolution (`incident moment set resolved-before-start resolved --at TIME`); if the impact ended earlier, correct the window's end (`incident impact end resolved-before-start \"Checkout\" --at TIME` ends an open window; `incident edit resolved-before-start` any other)\n",
        ),
    ] {
        let path = format!("tests/fixtures/broken/{name}.ron");
        let out = incident().args(["check", &path]).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains(&format!("{path}{position} {words}")),
            "{name}: {stdout}"
        );
    }
}

#[test]
fn two_records_of_one_incident_are_warned_about_and_the_fixtures_are_not() {
    let base = crate::git_merge::BASE;
    let sb = Sandbox::with_record(base);
    sb.add_record(
        &base
            .replace("2024-03-01-api-down", "2024-03-01-api-down-again")
            .replace("API down", "API down again")
            .replace(
                "2024-03-01T09:00:00+00:00\"),\n        ),",
                "2024-03-01T08:40:00+00:00\"),\n        ),",
            ),
    );
    let out = sb.run(&["check"]);
    assert_eq!(out.code, Some(0), "a warning: {}{}", out.stdout, out.stderr);
    let warnings: Vec<&str> = out.stdout.lines().filter(|l| l.contains("W125")).collect();
    assert_eq!(warnings.len(), 1, "{}", out.stdout);
    assert!(
        warnings[0].contains("2024-03-01-api-down.ron:3:9: W125: warning: `2024-03-01-api-down` looks like the same incident as `2024-03-01-api-down-again`"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("impact started 20 min apart and the titles share api, down;"));
    sb.cmd(&["check", "--deny-warnings"]).assert().code(1);
    // The same two files named one by one are checked as files.
    let a = sb.file("2024-03-01-api-down");
    let b = sb.file("2024-03-01-api-down-again");
    let out = run(incident()
        .arg("check")
        .arg(&a)
        .arg(&b)
        .current_dir(sb.root()));
    assert!(!out.stdout.contains("W125"), "{}", out.stdout);

    // Outside the incidents folder records are not compared: the fixtures and the bad
    // corpus hold plain copies of one record as test inputs.
    let all = run(incident().args([
        "check",
        "incidents",
        "tests/corpus/bad",
        "tests/fixtures/valid",
        "tests/fixtures/across",
        "tests/fixtures/broken",
        "tests/fixtures/summary",
        "tests/fixtures/uncertain",
        "tests/fixtures/views/hk/record.ron",
        "tests/fixtures/views/small/incidents",
    ]));
    assert!(
        all.stdout.contains(" record(s) checked: "),
        "{}",
        all.stdout
    );
    assert!(!all.stdout.contains("W125"), "{}", all.stdout);
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    incident()
        .args([
            "check",
            "--deny-warnings",
            "tests/fixtures/broken/owner-missing.ron",
        ])
        .assert()
        .code(1);
}

#[test]
fn check_json_lists_problems_with_positions() {
    let out = run(incident().args([
        "check",
        "--format",
        "json",
        "tests/fixtures/broken/window-backwards.ron",
    ]));
    assert_eq!(out.code, Some(1));
    let v = crate::common::parse_json(&out.stdout);
    assert_eq!(v[0]["code"], "E110");
    assert_eq!(v[0]["line"], 22);
    assert_eq!(v[0]["column"], 25);
    assert_eq!(v[0]["severity"], "error");
}

#[test]
fn a_missing_folder_or_file_is_a_clear_error() {
    incident()
        .args(["--dir", "no/such/folder", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no/such/folder does not exist"));
    incident()
        .args(["check", "no/such/file.ron"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "no/such/file.ron: E005: error: cannot read: no such file",
        ));
}

#[test]
fn duplicate_incident_ids_across_files_are_found() {
    let sb = Sandbox::copy_of("tests/fixtures/valid");
    let base = sb.read("2024-03-01-payments-db-failover");
    std::fs::write(sb.dir().join("copy.ron"), &base).unwrap();
    let out = sb.run(&["check"]);
    let stdout = &out.stdout;
    assert_eq!(out.code, Some(1));
    assert!(
        stdout
            .contains("E124: error: incident id `2024-03-01-payments-db-failover` is also used by"),
        "{stdout}"
    );
    assert!(stdout.contains("copy.ron:3:9: E101"), "{stdout}");
}

#[test]
fn show_json_has_every_official_instant_and_the_chinese_names() {
    let json = stdout_of(&["show", "hk-zone-c", "--format", "json"]);
    let v = crate::common::parse_json(&json);
    assert_eq!(v["id"], "2022-12-18-hk-zone-c");
    assert_eq!(v["timezone"], "Asia/Hong_Kong");
    // Every timestamped entry the dossier marks as official, at +08:00.
    for hhmm in [
        "08:56", "09:01", "09:09", "09:17", "09:23", "10:17", "10:30", "10:37", "11:07", "12:30",
        "14:47", "14:49", "15:20", "18:26", "18:55", "19:02", "19:47", "21:36", "22:50", "23:11",
    ] {
        let instant = format!("\"At\": \"2022-12-18T{hhmm}:00+08:00\"");
        assert!(json.contains(&instant), "{instant} missing");
    }
    // About 21:30 the databases were back: approximate, as the statement says.
    assert!(json.contains("\"About\": \"2022-12-18T21:30:00+08:00\""));
    for name in [
        "澳門金融管理局",
        "澳門銀河",
        "蓮花衛視",
        "澳門水泥廠",
        "澳覓",
        "MFood",
        "澳門日報",
    ] {
        let found = v["customers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["names"]["zh-Hant"] == name);
        assert!(found, "{name} is not a customer's Chinese name");
    }
    // Every event cites a source the record lists.
    let sources: Vec<&str> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    for e in v["events"].as_array().unwrap() {
        let cited = e["sources"].as_array().unwrap();
        assert!(!cited.is_empty(), "event {} cites nothing", e["id"]);
        for c in cited {
            assert!(sources.contains(&c.as_str().unwrap()));
        }
    }
}

#[test]
fn show_table_gives_the_overview_and_key_figures() {
    let out = stdout_of(&["show", "hk-zone-c", "--width", "100"]);
    assert!(
        out.contains("Asia/Hong_Kong (UTC+08:00 on 2022-12-18)"),
        "{out}"
    );
    assert!(out.contains("2022-12-18 08:56"), "{out}");
    // 09:17 → 23:11 is 13 h 54 min; 08:56 → 23:11 is 14 h 15 min.
    assert!(out.contains("13 h 54 min"), "{out}");
    assert!(out.contains("14 h 15 min"), "{out}");
    assert!(out.contains("detected 21 min before impact"), "{out}");
    let widths: Vec<usize> = out.lines().map(incident::model::text::width).collect();
    assert!(
        widths.iter().all(|w| *w == widths[0]),
        "ragged table: {widths:?}\n{out}"
    );
}

#[test]
fn names_resolve_by_id_part_or_path_and_errors_list_candidates() {
    stdout_of(&["show", "2022-12-18-hk-zone-c"]);
    stdout_of(&["show", HK_FILE]);
    incident()
        .args(["show", "hk-zone-x"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no incident `hk-zone-x`").and(predicate::str::contains(
                "did you mean 2022-12-18-hk-zone-c",
            )),
        );
    let sb = Sandbox::new();
    let base = std::fs::read_to_string("tests/fixtures/valid/2024-03-01-payments-db-failover.ron")
        .unwrap();
    for id in ["2024-03-01-db-a", "2024-03-01-db-b"] {
        sb.add_record(&base.replace("2024-03-01-payments-db-failover", id));
    }
    sb.cmd(&["show", "db"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "matches more than one incident: 2024-03-01-db-a, 2024-03-01-db-b",
        ));
}

#[test]
fn the_incident_dir_comes_from_flag_env_or_parent_folders() {
    // From a subfolder, the nearest `incidents/` above is used.
    let up = stdout_ok(
        incident()
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
            .args(["list", "--format", "json"]),
    );
    assert!(up.contains("2022-12-18-hk-zone-c"));
    let env = stdout_ok(
        incident()
            .env("INCIDENT_DIR", "tests/fixtures/valid")
            .args(["list", "--format", "json"]),
    );
    assert!(env.contains("2024-03-01-payments-db-failover"));
}

#[test]
fn list_shows_the_shipped_record() {
    let v = json_of(&["list", "--format", "json"]);
    let row = &v[0];
    assert_eq!(row["id"], "2022-12-18-hk-zone-c");
    assert_eq!(row["date"], "2022-12-18");
    assert_eq!(row["severity"], "Sev1");
    assert_eq!(row["duration_minutes"], 855);
    let table = stdout_of(&["list"]);
    assert!(
        table.contains("14 h 15 min") && table.contains("Sev1"),
        "{table}"
    );
}

#[test]
fn every_subcommand_help_has_examples() {
    let help = stdout_of(&["--help"]);
    let subcommands: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|s| s != "help")
        .collect();
    assert!(subcommands.len() >= 5, "{help}");
    for sub in subcommands {
        let text = stdout_of(&[&sub, "--help"]);
        assert!(
            text.contains("Examples:"),
            "`incident {sub} --help` has no examples"
        );
    }
}

#[test]
fn completions_and_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish"] {
        let out = stdout_of(&["completions", shell]);
        assert!(out.contains("check") && out.contains("show"), "{shell}");
    }
    let man = stdout_of(&["man"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH"),
        "{}",
        &man[..80.min(man.len())]
    );
    assert!(man.contains("INCIDENT CHECK"));
}

#[test]
fn usage_errors_exit_2() {
    incident().args(["show"]).assert().code(2);
    incident()
        .args(["show", "hk-zone-c", "--tz", "Mars/Olympus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown time zone"));
    incident().args(["frobnicate"]).assert().code(2);
}
