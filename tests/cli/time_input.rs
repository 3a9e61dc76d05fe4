//! Typed times on the command line, run as the real binary with the clock fixed by
//! `SOURCE_DATE_EPOCH`: a bare `HH:MM` is today in every command, refused (exit 2, with the date to
//! give) when it lands more than 24 hours from everything the incident holds; the examples in
//! docs/time-input.md are real output.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ID: &str = "2024-03-01-payments-db-failover";
const HK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/incidents/2022-12-18-hk-zone-c.ron"
);
/// Long after the 2024 record: a bare time read as today is far from it. 2026-01-01 08:00 UTC,
/// in seconds since 1970 as `SOURCE_DATE_EPOCH` takes it.
const LATER: &str = "1767254400";

/// A temporary folder holding `incidents/`, and the fixed "now" its commands see.
struct Sandbox {
    tmp: tempfile::TempDir,
    now: String,
}

impl Sandbox {
    /// A record started 2024-03-01 09:00 Europe/Berlin with one event at 09:04, seen at `now`.
    fn with_record(now: &str) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("incidents")).unwrap();
        let sb = Sandbox {
            tmp,
            now: now.to_string(),
        };
        sb.ok(&[
            "new",
            "--title",
            "Payments DB failover",
            "--severity",
            "sev2",
            "--started",
            "2024-03-01 09:00",
            "--tz",
            "Europe/Berlin",
        ]);
        sb.ok(&[
            "log",
            "payments",
            "Replica lag alarm fired",
            "--at",
            "2024-03-01 09:04",
            "--kind",
            "detection",
        ]);
        sb
    }

    fn file(&self) -> PathBuf {
        self.tmp.path().join("incidents").join(format!("{ID}.ron"))
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_incident"))
            .current_dir(self.tmp.path())
            .env_remove("INCIDENT_DIR")
            .env("TZ", "UTC")
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", &self.now)
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        // Readers print data on standard output; writers report on standard error.
        String::from_utf8(out.stdout.clone()).unwrap() + &stderr(&out)
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn event_times(path: &Path) -> Vec<String> {
    let inc = incident::files::load::load_file(path).unwrap().incident;
    inc.events
        .iter()
        .map(|e| e.at.instant().unwrap().rfc3339())
        .collect()
}

#[test]
fn a_bare_time_on_a_2024_record_is_refused_with_the_date_to_give() {
    let sb = Sandbox::with_record(LATER);
    let before = fs::read(sb.file()).unwrap();
    let out = sb.run(&["log", "payments", "Replica back", "--at", "09:05"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: --at: `09:05` is read as today, 2026-01-01 09:05 in Europe/Berlin, more than 24 hours from the incident's latest recorded time (2024-03-01 09:04); nothing was changed\n\
         hint: give the date: --at \"2024-03-01 09:05\"\n\
         hint: see docs/time-input.md\n"
    );
    assert_eq!(fs::read(sb.file()).unwrap(), before, "the record changed");
    // The suggestion, copied as it stands, is accepted.
    sb.ok(&[
        "log",
        "payments",
        "Replica back",
        "--at",
        "2024-03-01 09:05",
    ]);
    assert_eq!(
        event_times(&sb.file()),
        ["2024-03-01T09:04:00+01:00", "2024-03-01T09:05:00+01:00"]
    );
}

#[test]
fn a_bare_time_within_a_day_of_the_latest_event_is_today() {
    // 1709290800 is 2024-03-01 12:00 in Berlin: 10:30 is today, 86 minutes after the last event.
    let sb = Sandbox::with_record("1709290800");
    let out = sb.ok(&["log", "payments", "Failover done", "--at", "10:30"]);
    assert!(
        out.starts_with("logged e2 at 2024-03-01T10:30:00+01:00"),
        "{out}"
    );
    // The next morning 08:00 is still within a day of 10:30 the day before: it is today.
    // 1709364600 is 2024-03-02 07:30 UTC, 08:30 in Berlin (a later time would be refused as
    // in the future).
    let sb = Sandbox {
        now: "1709364600".to_string(),
        ..sb
    };
    sb.ok(&["log", "payments", "Morning check", "--at", "08:00"]);
    assert_eq!(
        event_times(&sb.file()),
        [
            "2024-03-01T09:04:00+01:00",
            "2024-03-01T10:30:00+01:00",
            "2024-03-02T08:00:00+01:00"
        ]
    );
    // Without --at the event is now, in the home zone's offset.
    sb.ok(&["log", "payments", "Status page updated"]);
    assert_eq!(
        event_times(&sb.file()).last().map(String::as_str),
        Some("2024-03-02T08:30:00+01:00")
    );
    // 09:00 that morning is half an hour ahead of the clock: refused, unless allowed.
    let out = sb.run(&["log", "payments", "Too early", "--at", "09:00"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "--at: 2024-03-02T09:00:00+01:00 is in the future (now is 2024-03-02T07:30:00+00:00)"
        ),
        "{}",
        stderr(&out)
    );
    sb.ok(&[
        "log",
        "payments",
        "Drill step",
        "--at",
        "09:00",
        "--allow-future",
    ]);
}

#[test]
fn every_writer_refuses_a_far_bare_time_naming_its_option() {
    let sb = Sandbox::with_record(LATER);
    let before = fs::read(sb.file()).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "impact",
                "add",
                "payments",
                "--service",
                "DB",
                "--from",
                "09:10",
            ],
            "hint: give the date: --from \"2024-03-01 09:10\"",
        ),
        (
            &[
                "impact",
                "add",
                "payments",
                "--service",
                "DB",
                "--from",
                "2024-03-01 09:10",
                "--to",
                "09:40",
            ],
            "hint: give the date: --to \"2024-03-01 09:40\"",
        ),
        (
            &["impact", "end", "payments", "DB", "--at", "09:50"],
            "hint: give the date: --at \"2024-03-01 09:50\"",
        ),
        (
            &["resolve", "payments", "--at", "10:05"],
            "hint: give the date: --at \"2024-03-01 10:05\"",
        ),
    ];
    for (args, hint) in cases {
        let out = sb.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.starts_with("error: --"), "{args:?}: {err}");
        assert!(err.lines().any(|l| l == *hint), "{args:?}: {err}");
        assert_eq!(fs::read(sb.file()).unwrap(), before, "{args:?} wrote");
    }
}

#[test]
fn a_new_record_has_nothing_to_compare_so_a_bare_start_is_today() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_incident"))
        .current_dir(tmp.path())
        .env_remove("INCIDENT_DIR")
        .env("SOURCE_DATE_EPOCH", LATER)
        .args([
            "--dir",
            "incidents",
            "new",
            "--title",
            "Checkout errors",
            "--severity",
            "sev3",
            "--started",
            "07:45",
            "--tz",
            "Europe/Berlin",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, b"2026-01-01-checkout-errors\n");
    let text = stderr(&out);
    assert!(
        text.starts_with("created incidents/2026-01-01-checkout-errors.ron\n"),
        "{text}"
    );
    assert!(
        text.contains("  started: 2026-01-01T07:45:00+01:00\n"),
        "{text}"
    );
}

/// The views read a bare time as today too, and refuse it the same way on a past incident.
#[test]
fn the_views_refuse_a_far_bare_time_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(HK, dir.path().join("2022-12-18-hk-zone-c.ron")).unwrap();
    let view = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_incident"))
            .arg("--dir")
            .arg(dir.path())
            .env("SOURCE_DATE_EPOCH", LATER)
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap()
    };
    // The record's latest time is a day-precision event on 2022-12-29, which reaches to its
    // last second, 23:59:59 HKT.
    let cases: &[(&[&str], &str)] = &[
        (
            &["timeline", "hk-zone-c", "--since", "14:47"],
            "hint: give the date: --since \"2022-12-29 14:47\"",
        ),
        (
            &["timeline", "hk-zone-c", "--until", "15:20"],
            "hint: give the date: --until \"2022-12-29 15:20\"",
        ),
        (
            &["impact", "hk-zone-c", "--at", "12:00"],
            "hint: give the date: --at \"2022-12-29 12:00\"",
        ),
        // At UTC+14:00 that second is already 2022-12-30: the date follows the zone.
        (
            &["summary", "hk-zone-c", "--at", "12:00", "--tz", "+14:00"],
            "hint: give the date: --at \"2022-12-30 12:00\"",
        ),
    ];
    for (args, hint) in cases {
        let out = view(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?} printed a view");
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 3, "{args:?}: {err}");
        assert!(
            lines[0].starts_with(&format!("error: {}: `", args[2]))
                && lines[0].contains("is read as today, 2026-01-01"),
            "{args:?}: {err}"
        );
        assert_eq!(lines[1], *hint, "{args:?}");
        assert_eq!(lines[2], "hint: see docs/time-input.md", "{args:?}");
    }
    // With the date, the same views run.
    let out = view(&[
        "timeline",
        "hk-zone-c",
        "--since",
        "2022-12-18 14:47",
        "--until",
        "2022-12-18 14:49",
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        3,
        "a header and the two events at 14:47 and 14:49"
    );
}

#[test]
fn an_unreadable_source_date_epoch_is_a_usage_error() {
    let sb = Sandbox::with_record(LATER);
    let sb = Sandbox {
        now: "next tuesday".to_string(),
        ..sb
    };
    let out = sb.run(&["show", "payments"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: SOURCE_DATE_EPOCH is `next tuesday`, which is not a whole number of seconds since 1970\n\
         hint: set it to seconds since 1970-01-01 00:00 UTC (1709283900 is 2024-03-01 09:05 UTC), or unset it to use the clock\n"
    );
}

/// Runs every `$ incident …` example of docs/time-input.md in the sandbox the page describes
/// and compares what it prints (standard output, then standard error) and the exit status with
/// the page.
#[test]
fn documented_examples_are_real_output() {
    let doc =
        fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/time-input.md")).unwrap();
    let mut checked = 0;
    for block in doc.split("```text\n").skip(1) {
        let block = block.split("```").next().unwrap();
        // Each example: `$ incident ARGS`, the lines printed, `[exit N]`.
        for example in block.split("$ incident ").skip(1) {
            let (cmd, printed) = example.split_once('\n').unwrap();
            let (printed, code) = printed.rsplit_once("[exit ").unwrap();
            let code: i32 = code.trim().trim_end_matches(']').parse().unwrap();
            let sb = Sandbox::with_record(LATER);
            let args = split_args(cmd);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = sb.run(&args);
            assert_eq!(out.status.code(), Some(code), "$ incident {cmd}");
            let shown = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
            assert_eq!(shown, printed, "$ incident {cmd}");
            checked += 1;
        }
    }
    assert_eq!(checked, 19, "examples found in docs/time-input.md");
}

/// Splits a documented command line into arguments (double quotes group words).
fn split_args(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => args.extend((!cur.is_empty()).then(|| std::mem::take(&mut cur))),
            c => cur.push(c),
        }
    }
    args.extend((!cur.is_empty()).then_some(cur));
    args
}
