//! More of the postmortem from the command line: key moments set and removed, status changes
//! on the timeline with who made them, the earliest detection event as the detection moment,
//! and input a writer refuses (a time in the future, a window over one of the same level, a due
//! date before the item was opened), each with a hint naming a command.

use serde_json::Value;

use crate::common::{Sandbox, parse_json};

/// A sandbox with one incident started 2024-03-01 09:00 in Berlin; the clock is 12:00 UTC.
fn payments() -> Sandbox {
    let sb = Sandbox::new();
    let r = sb.run(&[
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
    assert!(r.success(), "{}", r.stderr);
    sb
}

/// Runs a writer with the clock at 2024-03-01 12:00 UTC; returns (exit code, stderr).
fn write(sb: &Sandbox, args: &[&str]) -> (Option<i32>, String) {
    let mut cmd = sb.cmd(args);
    cmd.env(
        "SOURCE_DATE_EPOCH",
        crate::common::epoch("2024-03-01T12:00:00Z"),
    );
    let r = crate::common::run(&mut cmd);
    (r.code, r.stderr)
}

fn record(sb: &Sandbox) -> Value {
    parse_json(&sb.stdout_of(&["show", "payments", "--format", "json"]))
}

#[test]
fn moments_are_set_in_any_form_and_removed() {
    let sb = payments();
    let (code, err) = write(
        &sb,
        &[
            "moment",
            "set",
            "payments",
            "detected",
            "--at",
            "~09:04",
            "--note",
            "First page from the replica-lag alarm",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.starts_with(
            "set moments.detected of 2024-03-01-payments-db-failover to ~2024-03-01T09:04:00+01:00"
        ),
        "{err}"
    );
    let (code, err) = write(
        &sb,
        &["moment", "set", "payments", "mitigated", "--at", "unknown"],
    );
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = write(
        &sb,
        &["moment", "set", "payments", "detected", "--at", "09:03"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("(was ~2024-03-01T09:04:00+01:00)"), "{err}");
    let m = &record(&sb)["moments"];
    assert_eq!(m["detected"]["at"]["At"], "2024-03-01T09:03:00+01:00");
    // The note stays when only the time changes.
    assert_eq!(
        m["detected"]["note"],
        "First page from the replica-lag alarm"
    );
    assert_eq!(m["mitigated"]["at"], "Unknown");
    // An open moment is no moment.
    let (code, err) = write(
        &sb,
        &["moment", "set", "payments", "resolved", "--at", "ongoing"],
    );
    assert_eq!(code, Some(2), "{err}");
    let (code, err) = write(&sb, &["moment", "unset", "payments", "mitigated"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.starts_with("removed moments.mitigated (unknown)"),
        "{err}"
    );
    assert!(
        record(&sb)["moments"]
            .get("mitigated")
            .is_none_or(Value::is_null)
    );
}

#[test]
fn status_changes_are_logged_with_who_made_them() {
    let sb = payments();
    let (code, err) = write(
        &sb,
        &[
            "status",
            "payments",
            "mitigated",
            "--at",
            "10:40",
            "--by",
            "ana",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.starts_with("status of 2024-03-01-payments-db-failover is Mitigated; logged e1"),
        "{err}"
    );
    // The same status again changes nothing and logs nothing.
    let (code, err) = write(&sb, &["status", "payments", "mitigated", "--by", "ana"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("was already Mitigated"), "{err}");
    let e = &record(&sb)["events"];
    assert_eq!(e.as_array().unwrap().len(), 1);
    assert_eq!(e[0]["text"], "status: investigating → mitigated");
    assert_eq!(e[0]["actor"], "ana");
    assert_eq!(e[0]["at"]["At"], "2024-03-01T10:40:00+01:00");
    // The timeline shows who.
    let timeline = sb.stdout_of(&["timeline", "payments"]);
    assert!(
        timeline.contains("status: investigating → mitigated"),
        "{timeline}"
    );
    assert!(timeline.contains("ana"), "{timeline}");
}

#[test]
fn the_earliest_detection_event_is_the_detection_moment() {
    let sb = payments();
    let log = |text: &str, at: &str| {
        let (code, err) = write(
            &sb,
            &["log", "payments", text, "--at", at, "--kind", "detection"],
        );
        assert_eq!(code, Some(0), "{err}");
        err
    };
    let first = log("Customer report", "09:20");
    assert!(
        first.contains("set moments.detected to 2024-03-01T09:20:00+01:00"),
        "{first}"
    );
    // An alarm found later in the logs, that fired before: it becomes the moment.
    let earlier = log("Replica lag alarm (found in the logs)", "09:04");
    assert!(earlier.contains("moved moments.detected earlier, from 2024-03-01T09:20:00+01:00 to 2024-03-01T09:04:00+01:00: this is the earliest detection event"), "{earlier}");
    // A later one changes nothing.
    let later = log("Second alarm", "09:30");
    assert!(!later.contains("moments.detected"), "{later}");
    assert_eq!(
        record(&sb)["moments"]["detected"]["at"]["At"],
        "2024-03-01T09:04:00+01:00"
    );
}

#[test]
fn input_that_cannot_be_right_is_refused_with_a_command_to_run() {
    let sb = payments();
    // The clock is 13:00 in Berlin: 14:00 is in the future.
    let (code, err) = write(&sb, &["log", "payments", "Later", "--at", "14:00"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--at: 2024-03-01T14:00:00+01:00 is in the future (now is 2024-03-01T12:00:00+00:00); nothing was changed"), "{err}");
    assert!(err.contains("hint: check the date and the zone (--tz); for a drill planned ahead, pass --allow-future"), "{err}");
    let (code, err) = write(
        &sb,
        &[
            "--allow-future",
            "log",
            "payments",
            "Planned restart",
            "--at",
            "14:00",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    // A second outage window over an open one.
    let add = |from: &str, level: &str| {
        write(
            &sb,
            &[
                "impact",
                "add",
                "payments",
                "--service",
                "DB",
                "--from",
                from,
                "--level",
                level,
            ],
        )
    };
    assert_eq!(add("09:05", "outage").0, Some(0));
    let (code, err) = add("09:30", "outage");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("`DB` already has a outage window 2024-03-01T09:05:00+01:00–open that overlaps the new one"), "{err}");
    assert!(err.contains("hint: that window is still open: end it with `incident impact end 2024-03-01-payments-db-failover \"DB\" --at TIME`"), "{err}");
    // Another level over it is fine: a service can be degraded, then down.
    assert_eq!(add("09:30", "degraded").0, Some(0));
    // A due date before the day the item was opened.
    let (code, err) = write(
        &sb,
        &[
            "action",
            "add",
            "payments",
            "Runbook",
            "--type",
            "process",
            "--due",
            "2024-02-20",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("the due date 2024-02-20 is before the day the item was opened, 2024-03-01"),
        "{err}"
    );
    assert!(
        err.contains("hint: give a later --due, or the day it was really opened with --opened"),
        "{err}"
    );
}

#[test]
fn action_items_take_a_link_and_the_day_they_were_opened() {
    let sb = payments();
    let (code, err) = write(
        &sb,
        &[
            "action",
            "add",
            "payments",
            "Alert on replica lag",
            "--type",
            "detect",
            "--link",
            "https://tickets.example/OPS-12",
            "--opened",
            "2024-03-01",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let a = &record(&sb)["actions"][0];
    assert_eq!(a["link"], "https://tickets.example/OPS-12");
    assert_eq!(a["opened"], "2024-03-01");
    // The link reaches the postmortem's action table.
    let md = sb.stdout_of(&["summary", "payments", "--format", "markdown"]);
    assert!(md.contains("https://tickets.example/OPS-12"), "{md}");
    // Back-filled long after the resolution without --opened: a warning says so.
    let (code, err) = write(&sb, &["resolve", "payments", "--at", "11:00"]);
    assert_eq!(code, Some(0), "{err}");
    let mut cmd = sb.cmd(&[
        "action",
        "add",
        "payments",
        "Review alerts",
        "--type",
        "detect",
    ]);
    cmd.env(
        "SOURCE_DATE_EPOCH",
        crate::common::epoch("2024-05-01T12:00:00Z"),
    );
    let r = crate::common::run(&mut cmd);
    assert!(r.success(), "{}", r.stderr);
    assert!(r.stderr.contains("warning: the incident was resolved 61 days ago, and this item is recorded as opened today"), "{}", r.stderr);
}
