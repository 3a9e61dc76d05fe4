//! Uncertain time end to end, run as the real binary: every form of time written through every
//! writer and read back with `show --format json`, and the mixed-precision fixture
//! `tests/fixtures/uncertain/three-zones.ron` (New York, Tokyo, Berlin) whose timeline order and
//! elapsed column are checked value by value against expectations worked out by hand below.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/uncertain");
const ID: &str = "2024-02-28-payments-db-failover";

/// The clock the commands see (`SOURCE_DATE_EPOCH`, 2026-01-01 08:00 UTC); only `new
/// --started unknown` depends on it (its id takes today's date).
const NOW_EPOCH: &str = "1767254400";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_incident"))
        .arg("--dir")
        .arg(dir)
        .env_remove("INCIDENT_DIR")
        .env("SOURCE_DATE_EPOCH", NOW_EPOCH)
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// The record `id` as `show --format json` gives it.
fn show(dir: &Path, id: &str) -> Value {
    serde_json::from_str(&ok(dir, &["show", id, "--format", "json"])).unwrap()
}

/// A folder with one record, started 2024-02-28 12:00 in Berlin (before every time below).
fn sandbox() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    ok(
        tmp.path(),
        &[
            "new",
            "--title",
            "Payments DB failover",
            "--severity",
            "sev2",
            "--started",
            "2024-02-28 12:00",
            "--tz",
            "Europe/Berlin",
        ],
    );
    tmp
}

/// Every form of time, as typed, and the `When` a writer must store for it (as JSON), read in
/// the home zone Europe/Berlin (+01:00 in March 2024) unless a zone or offset follows.
fn forms() -> Vec<(&'static str, Value)> {
    vec![
        (
            "2024-03-01 09:05",
            json!({"At": "2024-03-01T09:05:00+01:00"}),
        ),
        (
            "2024-03-01T08:05:00Z",
            json!({"At": "2024-03-01T08:05:00+00:00"}),
        ),
        (
            "2024-03-01 09:05 +05:30",
            json!({"At": "2024-03-01T09:05:00+05:30"}),
        ),
        (
            "~2024-03-01 09:05",
            json!({"About": "2024-03-01T09:05:00+01:00"}),
        ),
        (
            "about 2024-03-01 09:05 UTC",
            json!({"About": "2024-03-01T09:05:00+00:00"}),
        ),
        // A date alone is a day, never an exact midnight.
        ("2024-03-01", json!({"Day": "2024-03-01T00:00:00+01:00"})),
        // The day as Tokyo knows it.
        (
            "2024-03-02 Asia/Tokyo",
            json!({"Day": "2024-03-02T00:00:00+09:00"}),
        ),
        (
            "2024-03-01 15:20..16:20",
            json!({"Between": ["2024-03-01T15:20:00+01:00", "2024-03-01T16:20:00+01:00"]}),
        ),
        // The second end would be earlier on the same day: it is on the next.
        (
            "between 2024-03-01 23:30 and 00:40",
            json!({"Between": ["2024-03-01T23:30:00+01:00", "2024-03-02T00:40:00+01:00"]}),
        ),
        (
            ">=2024-03-01 10:15",
            json!({"NotBefore": "2024-03-01T10:15:00+01:00"}),
        ),
        (
            "after 2024-03-01 10:15 Asia/Tokyo",
            json!({"NotBefore": "2024-03-01T10:15:00+09:00"}),
        ),
        (
            "<=2024-03-01 10:30",
            json!({"NotAfter": "2024-03-01T10:30:00+01:00"}),
        ),
        // "By" a day is no later than its end.
        (
            "by 2024-03-02",
            json!({"NotAfter": "2024-03-03T00:00:00+01:00"}),
        ),
        (
            "no later than 2024-03-01 10:30",
            json!({"NotAfter": "2024-03-01T10:30:00+01:00"}),
        ),
        ("unknown", json!("Unknown")),
    ]
}

#[test]
fn new_stores_every_form_of_its_start() {
    let tmp = tempfile::tempdir().unwrap();
    for (i, (typed, stored)) in forms().into_iter().enumerate() {
        let title = format!("Form {i}");
        let out = ok(
            tmp.path(),
            &[
                "new",
                "--title",
                &title,
                "--severity",
                "sev3",
                "--started",
                typed,
                "--tz",
                "Europe/Berlin",
            ],
        );
        // `new` prints the id it created, alone, on standard output.
        let id = out.trim().to_string();
        let record = show(tmp.path(), &id);
        assert_eq!(record["moments"]["started"]["at"], stored, "{typed}");
        // The id is dated by the start: a day by its date, a range by its first end, a bound
        // by the bound, an unknown start by today (2026-01-01 in Berlin).
        let date = match typed {
            // "By the 2nd" is no later than its end: dated the 2nd.
            "2024-03-02 Asia/Tokyo" | "by 2024-03-02" => "2024-03-02",
            "unknown" => "2026-01-01",
            _ => "2024-03-01",
        };
        assert_eq!(id, format!("{date}-form-{i}"), "{typed}");
    }
    let out = run(
        tmp.path(),
        &[
            "new",
            "--title",
            "Open",
            "--severity",
            "sev3",
            "--started",
            "ongoing",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`ongoing` is an open end"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn log_stores_every_form_of_its_time() {
    let tmp = sandbox();
    let forms = forms();
    for (typed, _) in &forms {
        // Some forms name the same instant: those events are copies, logged knowingly.
        ok(tmp.path(), &["log", ID, "x", "--at", typed, "--duplicate"]);
    }
    let record = show(tmp.path(), ID);
    let stored: Vec<&Value> = record["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["at"])
        .collect();
    let expected: Vec<&Value> = forms.iter().map(|(_, v)| v).collect();
    assert_eq!(stored, expected);
    let out = run(tmp.path(), &["log", ID, "x", "--at", "ongoing"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn impact_add_stores_every_form_of_its_start_and_end() {
    let tmp = sandbox();
    for (i, (typed, stored)) in forms().into_iter().enumerate() {
        let name = format!("S{i}");
        let out = run(
            tmp.path(),
            &["impact", "add", ID, "--service", &name, "--from", typed],
        );
        // Every form, an unknown or bounded start included: such a window is counted as a
        // bound or left out of totals, and the figures say so (E111 is retired).
        assert!(out.status.success(), "{typed}: {}", stderr(&out));
        let record = show(tmp.path(), ID);
        let target = record["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name.as_str())
            .unwrap();
        assert_eq!(target["windows"][0]["from"], stored, "{typed}");
        assert_eq!(target["windows"][0]["to"], json!("Open"), "{typed}");
    }
    let mut forms = forms();
    forms.push(("ongoing", json!("Open")));
    forms.push(("open", json!("Open")));
    for (i, (typed, stored)) in forms.into_iter().enumerate() {
        let name = format!("C{i}");
        ok(
            tmp.path(),
            &[
                "impact",
                "add",
                ID,
                "--customer",
                &name,
                "--from",
                "2024-02-29 12:00",
                "--to",
                typed,
            ],
        );
        let record = show(tmp.path(), ID);
        let target = record["customers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name.as_str())
            .unwrap();
        assert_eq!(
            target["windows"][0]["from"],
            json!({"At": "2024-02-29T12:00:00+01:00"})
        );
        assert_eq!(target["windows"][0]["to"], stored, "{typed}");
    }
}

#[test]
fn impact_end_stores_every_form_of_its_end() {
    let tmp = sandbox();
    let forms = forms();
    for i in 0..forms.len() {
        let name = format!("S{i}");
        ok(
            tmp.path(),
            &[
                "impact",
                "add",
                ID,
                "--service",
                &name,
                "--from",
                "2024-02-29 12:00",
            ],
        );
    }
    for (i, (typed, _)) in forms.iter().enumerate() {
        ok(
            tmp.path(),
            &["impact", "end", ID, &format!("S{i}"), "--at", typed],
        );
    }
    let record = show(tmp.path(), ID);
    let ends: Vec<&Value> = record["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["windows"][0]["to"])
        .collect();
    let expected: Vec<&Value> = forms.iter().map(|(_, v)| v).collect();
    assert_eq!(ends, expected);
    ok(
        tmp.path(),
        &[
            "impact",
            "add",
            ID,
            "--service",
            "Open",
            "--from",
            "2024-02-29 12:00",
        ],
    );
    let out = run(
        tmp.path(),
        &["impact", "end", ID, "Open", "--at", "ongoing"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn resolve_stores_every_form_in_the_moment_and_its_event() {
    for (typed, stored) in forms() {
        let tmp = sandbox();
        ok(tmp.path(), &["resolve", ID, "--at", typed]);
        let record = show(tmp.path(), ID);
        assert_eq!(record["status"], "resolved", "{typed}");
        assert_eq!(record["moments"]["resolved"]["at"], stored, "{typed}");
        // The status change, then the resolution, both at the time given.
        let events = record["events"].as_array().unwrap();
        assert_eq!(events.len(), 2, "{typed}");
        assert_eq!(
            events[0]["text"], "status: investigating → resolved",
            "{typed}"
        );
        assert_eq!(events[1]["kind"], "resolution", "{typed}");
        for e in events {
            assert_eq!(e["at"], stored, "{typed}");
        }
    }
    let tmp = sandbox();
    let out = run(tmp.path(), &["resolve", ID, "--at", "open"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// One markdown row of a timeline: (When, Elapsed, the first words of the event).
fn markdown_rows(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| When") && !l.starts_with("| ---"))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            let when = cells[0].trim_start_matches("| ").replace('\\', "");
            (when, cells[1].trim().replace('\\', ""))
        })
        .collect()
}

/// The fixture's timeline in its home zone, New York (-05:00 on 4 and 5 March 2024).
///
/// Each event is placed at one instant in New York time, and the start of impact is exact,
/// 19:00 on the 4th, so elapsed time is in hours and minutes except for days:
///
/// | id | as recorded | placed at (NY) | elapsed |
/// | --- | --- | --- | --- |
/// | config-merged | the 4th in New York | its middle, 12:00 on the 4th | day: the 4th − the 4th = D+0 |
/// | deploy-starts | 19:00 NY | 19:00 | T+00:00 |
/// | berlin-paged | 01:12 Berlin (+01:00) on the 5th | 19:12 | T+00:12 |
/// | tokyo-first-report | 10:02 Tokyo (+09:00) on the 5th | 20:02 | T+01:02 |
/// | ttl-lowered | 10:15 Tokyo | 20:15 | T+01:15 |
/// | failover-done | after 10:15 Tokyo | 20:15, after the exact 20:15 | ≥ T+01:15 |
/// | status-page | no later than 10:30 Tokyo | 20:30, before the exact 20:30 | ≤ T+01:30 |
/// | rollback-approved | 02:30 Berlin | 20:30 | T+01:30 |
/// | cache-rebuilt | 03:20–04:20 Berlin | 21:20–22:20, middle 21:50 | T+02:20–T+03:20 |
/// | vendor-confirms | the 5th in Tokyo | 10:00 on the 4th to 10:00 on the 5th, middle 22:00 on the 4th | day: the start is 09:00 on the 5th in Tokyo, so D+0 |
/// | traffic-back | about 23:00 NY | 23:00 | ~T+04:00 |
/// | all-clear | 08:00 NY on the 5th | 08:00 on the 5th | 13 h after 19:00: T+13:00 |
/// | ticket-filed | unknown | last | empty |
///
/// So "after 10:15" (failover-done) comes after the exact 10:02 and 10:15 even though the file
/// lists it first, and the day-only "5th in Tokyo" comes after the 19:00 start, not at its
/// midnight (10:00 on the 4th in New York, which would put it before the start).
#[test]
fn three_zones_timeline_order_and_elapsed_by_hand() {
    let dir = Path::new(FIXTURES);
    let md = ok(dir, &["timeline", "three-zones", "--format", "markdown"]);
    assert!(
        md.starts_with("Times in America/New\\_York (UTC-05:00). Elapsed (T±hh:mm) from the start of impact, 2024-03-04 19:00.\n"),
        "{md}"
    );
    let expected: [(&str, &str); 13] = [
        ("2024-03-04 (day)", "D+0"),
        ("2024-03-04 19:00", "T+00:00"),
        ("2024-03-04 19:12", "T+00:12"),
        ("2024-03-04 20:02", "T+01:02"),
        ("2024-03-04 20:15", "T+01:15"),
        ("≥ 2024-03-04 20:15", "≥ T+01:15"),
        ("≤ 2024-03-04 20:30", "≤ T+01:30"),
        ("2024-03-04 20:30", "T+01:30"),
        ("2024-03-04 21:20–22:20", "T+02:20–T+03:20"),
        // A day recorded in Tokyo keeps its Tokyo date, and says so.
        ("2024-03-05 (day, UTC+09:00)", "D+0"),
        ("~2024-03-04 23:00", "~T+04:00"),
        ("2024-03-05 08:00", "T+13:00"),
        ("unknown", ""),
    ];
    let rows = markdown_rows(&md);
    let rows: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(rows, expected);

    let json: Value =
        serde_json::from_str(&ok(dir, &["timeline", "three-zones", "--format", "json"])).unwrap();
    let rows = json.as_array().unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "config-merged",
            "deploy-starts",
            "berlin-paged",
            "tokyo-first-report",
            "ttl-lowered",
            "failover-done",
            "status-page",
            "rollback-approved",
            "cache-rebuilt",
            "vendor-confirms",
            "traffic-back",
            "all-clear",
            "ticket-filed",
        ]
    );
    // Precision, and the earliest and latest instants, in New York time.
    let fields = |r: &Value| {
        (
            r["precision"].as_str().unwrap().to_string(),
            r["earliest"].as_str().map(str::to_string),
            r["latest"].as_str().map(str::to_string),
            r["elapsed_minutes"].as_i64(),
        )
    };
    let s = |x: &str| Some(x.to_string());
    let expected = [
        // The 4th in New York: midnight to midnight; placed (for minutes) at its start, 19 h
        // before the start of impact.
        (
            "day",
            s("2024-03-04T00:00:00-05:00"),
            s("2024-03-05T00:00:00-05:00"),
            Some(-19 * 60),
        ),
        (
            "exact",
            s("2024-03-04T19:00:00-05:00"),
            s("2024-03-04T19:00:00-05:00"),
            Some(0),
        ),
        (
            "exact",
            s("2024-03-04T19:12:00-05:00"),
            s("2024-03-04T19:12:00-05:00"),
            Some(12),
        ),
        (
            "exact",
            s("2024-03-04T20:02:00-05:00"),
            s("2024-03-04T20:02:00-05:00"),
            Some(62),
        ),
        (
            "exact",
            s("2024-03-04T20:15:00-05:00"),
            s("2024-03-04T20:15:00-05:00"),
            Some(75),
        ),
        // After 10:15 Tokyo: from 20:15 New York, no upper bound.
        ("not_before", s("2024-03-04T20:15:00-05:00"), None, Some(75)),
        // No later than 10:30 Tokyo: up to 20:30 New York, no lower bound.
        ("not_after", None, s("2024-03-04T20:30:00-05:00"), Some(90)),
        (
            "exact",
            s("2024-03-04T20:30:00-05:00"),
            s("2024-03-04T20:30:00-05:00"),
            Some(90),
        ),
        // 21:20–22:20; elapsed minutes to its middle, 21:50: 170.
        (
            "range",
            s("2024-03-04T21:20:00-05:00"),
            s("2024-03-04T22:20:00-05:00"),
            Some(170),
        ),
        // The 5th in Tokyo: 10:00 on the 4th to 10:00 on the 5th in New York; its start is
        // 9 h before the start of impact.
        (
            "day",
            s("2024-03-04T10:00:00-05:00"),
            s("2024-03-05T10:00:00-05:00"),
            Some(-9 * 60),
        ),
        (
            "approximate",
            s("2024-03-04T23:00:00-05:00"),
            s("2024-03-04T23:00:00-05:00"),
            Some(240),
        ),
        (
            "exact",
            s("2024-03-05T08:00:00-05:00"),
            s("2024-03-05T08:00:00-05:00"),
            Some(13 * 60),
        ),
        ("unknown", None, None, None),
    ];
    for (row, (precision, earliest, latest, minutes)) in rows.iter().zip(expected) {
        assert_eq!(
            fields(row),
            (precision.to_string(), earliest, latest, minutes),
            "{}",
            row["id"]
        );
    }
}

/// The same record seen from Tokyo: the order does not depend on the zone shown, the elapsed
/// column neither; the New York day now names its offset and the Tokyo day does not.
#[test]
fn three_zones_in_tokyo_keeps_the_order_and_the_elapsed_column() {
    let dir = Path::new(FIXTURES);
    let md = ok(
        dir,
        &[
            "timeline",
            "three-zones",
            "--format",
            "markdown",
            "--tz",
            "Asia/Tokyo",
        ],
    );
    let rows = markdown_rows(&md);
    let rows: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(
        rows,
        [
            ("2024-03-04 (day, UTC-05:00)", "D+0"),
            ("2024-03-05 09:00", "T+00:00"),
            ("2024-03-05 09:12", "T+00:12"),
            ("2024-03-05 10:02", "T+01:02"),
            ("2024-03-05 10:15", "T+01:15"),
            ("≥ 2024-03-05 10:15", "≥ T+01:15"),
            ("≤ 2024-03-05 10:30", "≤ T+01:30"),
            ("2024-03-05 10:30", "T+01:30"),
            ("2024-03-05 11:20–12:20", "T+02:20–T+03:20"),
            ("2024-03-05 (day)", "D+0"),
            ("~2024-03-05 13:00", "~T+04:00"),
            ("2024-03-05 22:00", "T+13:00"),
            ("unknown", ""),
        ]
    );
}

/// With a start known only to the day (the 4th in New York), elapsed time is whole days in
/// New York: everything on the 4th there is D+0, 08:00 on the 5th is D+1, and the Tokyo day
/// (10:00 on the 4th to 10:00 on the 5th in New York) may fall on either: D+0–D+1. Bounds keep
/// their side: after 20:15 on the 4th is ≥ D+0.
#[test]
fn a_start_known_only_to_the_day_gives_whole_days() {
    let tmp = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(Path::new(FIXTURES).join("three-zones.ron")).unwrap();
    let started = "started: (\n            at: At(\"2024-03-04T19:00:00-05:00\"),";
    assert!(text.contains(started));
    let text = text.replacen(
        started,
        "started: (\n            at: Day(\"2024-03-04T00:00:00-05:00\"),",
        1,
    );
    fs::write(tmp.path().join("three-zones.ron"), text).unwrap();
    let md = ok(
        tmp.path(),
        &["timeline", "three-zones", "--format", "markdown"],
    );
    assert!(
        md.starts_with("Times in America/New\\_York (UTC-05:00). Elapsed (D±n, whole days) from the start of impact, 2024-03-04 (day).\n"),
        "{md}"
    );
    let elapsed: Vec<String> = markdown_rows(&md).into_iter().map(|r| r.1).collect();
    assert_eq!(
        elapsed,
        [
            "D+0",
            "D+0",
            "D+0",
            "D+0",
            "D+0",
            "≥ D+0",
            "≤ D+0",
            "D+0",
            "D+0",
            "D+0–D+1",
            "D+0",
            "D+1",
            "",
        ]
    );
    // The start shows as a day wherever it is shown.
    let out = ok(tmp.path(), &["show", "three-zones"]);
    assert!(out.contains("2024-03-04 (day)"), "{out}");
}
