//! Issue 14, "Must show": the shipped Hong Kong record is rebuilt from an empty incidents
//! folder by commands alone. The script is `tests/fixtures/rebuild/hk-zone-c.commands` (one
//! `incident` command a line, without the program name; double quotes group words; blank and
//! `#` lines are skipped); the long summary comes through `set … --file summary.txt`, a file
//! beside it. After `incident fmt` the result must be byte-identical to the shipped record
//! formatted the same way. Also `log --id`, which the script needs to give events their names.

use std::fs;
use std::path::Path;

use crate::common::{HK_FILE, HK_ID, HK_TEXT, ROOT, Sandbox, clock, split_args};

/// The folder of the script and the text files it reads.
const SCRIPT_DIR: &str = "tests/fixtures/rebuild";
/// Any time after the record's last fact (29 December 2022) and its actions' opening day, so
/// no time in the script is in the future and no default date is today's.
const CLOCK: &str = "2023-01-01T00:00:00Z";

/// The script's commands, each split into its arguments.
fn script() -> Vec<Vec<String>> {
    let text = fs::read_to_string(Path::new(ROOT).join(SCRIPT_DIR).join("hk-zone-c.commands"))
        .expect("the rebuild script");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(split_args)
        .collect()
}

/// A sandbox holding the script's text files in its working folder.
fn sandbox_with_texts() -> Sandbox {
    let sb = Sandbox::new();
    for e in fs::read_dir(Path::new(ROOT).join(SCRIPT_DIR)).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            fs::copy(&p, sb.root().join(p.file_name().unwrap())).unwrap();
        }
    }
    sb
}

/// Runs `args` in `sb` with the clock pinned; it must succeed.
fn run_ok(sb: &Sandbox, args: &[String]) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (k, v) = clock(CLOCK);
    let mut cmd = sb.cmd(&args);
    cmd.env(k, v);
    let r = crate::common::run(&mut cmd);
    assert!(
        r.success(),
        "`incident {}` failed:\n{}",
        args.join(" "),
        r.stderr
    );
}

#[test]
fn the_hong_kong_record_is_rebuilt_by_commands_alone() {
    let lines = script();
    // The script is a real one: it creates the record and writes every part of it.
    assert_eq!(lines[0][0], "new");
    assert!(lines.len() > 90, "only {} commands", lines.len());
    for verb in [
        "set", "source", "log", "impact", "target", "stated", "moment", "claim", "cause", "lesson",
        "action", "status",
    ] {
        assert!(
            lines.iter().any(|l| l[0] == verb),
            "the script never runs `{verb}`"
        );
    }

    let sb = sandbox_with_texts();
    for line in &lines {
        run_ok(&sb, line);
    }
    run_ok(&sb, &["fmt".to_string(), HK_ID.to_string()]);
    assert_eq!(sb.listing(), vec![format!("{HK_ID}.ron")]);
    let rebuilt = sb.read(HK_ID);

    // The shipped record, formatted the same way (it is already canonical: fmt keeps it).
    let shipped = Sandbox::new();
    fs::copy(Path::new(ROOT).join(HK_FILE), shipped.file(HK_ID)).unwrap();
    run_ok(&shipped, &["fmt".to_string(), HK_ID.to_string()]);
    let canonical = shipped.read(HK_ID);
    assert_eq!(
        canonical, HK_TEXT,
        "the shipped record is not in canonical form"
    );

    if rebuilt != canonical {
        let first = rebuilt
            .lines()
            .zip(canonical.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b);
        panic!(
            "the rebuilt record differs from the shipped one (rebuilt {} lines, shipped {}); first difference: {first:?}",
            rebuilt.lines().count(),
            canonical.lines().count()
        );
    }
}

/// A record with one source and one event, for the `log --id` tests.
fn small() -> Sandbox {
    let sb = Sandbox::new();
    for args in [
        &[
            "new",
            "--id",
            "pay",
            "--title",
            "Payments down",
            "--severity",
            "sev2",
            "--tz",
            "UTC",
            "--started",
            "2022-12-01 09:00",
        ][..],
        &[
            "log",
            "pay",
            "Replica lag alarm",
            "--at",
            "2022-12-01 09:04",
            "--kind",
            "detection",
        ][..],
    ] {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        run_ok(&sb, &args);
    }
    sb
}

fn log(sb: &Sandbox, extra: &[&str]) -> crate::common::Run {
    let mut args = vec![
        "log",
        "pay",
        "Failover started",
        "--at",
        "2022-12-01 09:10",
        "--kind",
        "action",
    ];
    args.extend_from_slice(extra);
    let (k, v) = clock(CLOCK);
    let mut cmd = sb.cmd(&args);
    cmd.env(k, v);
    crate::common::run(&mut cmd)
}

#[test]
fn log_id_names_the_event_and_other_facts_can_link_to_it() {
    let sb = small();
    let r = log(&sb, &["--id", "failover"]);
    assert!(r.success(), "{}", r.stderr);
    // What a writer did goes to standard error, beside its warnings.
    assert!(
        r.stderr
            .starts_with("logged failover at 2022-12-01T09:10:00+00:00 in pay"),
        "{}",
        r.stderr
    );
    let text = sb.read("pay");
    assert!(text.contains("id: \"e1\""), "{text}");
    assert!(text.contains("id: \"failover\""), "{text}");
    // The named event is evidence a cause can cite, and the next numbered id is still e2.
    run_ok(
        &sb,
        &[
            "cause",
            "add",
            "pay",
            "The primary's disk filled",
            "--kind",
            "trigger",
            "--id",
            "disk",
            "--evidence",
            "failover",
        ]
        .map(String::from),
    );
    assert!(sb.read("pay").contains("evidence: [\"failover\"]"));
    run_ok(
        &sb,
        &[
            "log",
            "pay",
            "Back",
            "--at",
            "2022-12-01 09:20",
            "--kind",
            "recovery",
        ]
        .map(String::from),
    );
    assert!(sb.read("pay").contains("id: \"e2\""));
}

#[test]
fn log_id_refuses_a_taken_or_unusable_id_and_changes_nothing() {
    let sb = small();
    let before = sb.read("pay");
    let taken = log(&sb, &["--id", "e1"]);
    assert_eq!(taken.code, Some(1), "{}", taken.stderr);
    assert!(
        taken
            .stderr
            .starts_with("error: an event with the id `e1` already exists"),
        "{}",
        taken.stderr
    );
    assert!(
        taken.stderr.contains("incident event set ID e1"),
        "{}",
        taken.stderr
    );
    for bad in ["two words", "trigger.1", "_x", ""] {
        let r = log(&sb, &["--id", bad]);
        assert_eq!(r.code, Some(1), "{bad:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("cannot be an event id"),
            "{bad:?}: {}",
            r.stderr
        );
    }
    assert_eq!(sb.read("pay"), before);
}
