//! The record's own fields, sources and events from the command line: `incident set`,
//! `incident source add|set|rm`, `incident event set|rm`, `--source`/`--note`/`--by` on the
//! writers, and the action item flags. Each test runs the real binary on a real file and reads
//! the result back through `incident show --format json`; a refusal leaves the file
//! byte-identical.

use serde_json::Value;

use crate::common::{Run, Sandbox, parse_json};

const ID: &str = "2024-03-01-payments-db-failover";

/// A sandbox with one incident started 2024-03-01 09:00 in Berlin.
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

/// Runs a writer with the clock at 2024-03-01 12:00 UTC.
fn write(sb: &Sandbox, args: &[&str]) -> Run {
    let mut cmd = sb.cmd(args);
    let (k, v) = crate::common::clock("2024-03-01T12:00:00Z");
    cmd.env(k, v);
    crate::common::run(&mut cmd)
}

/// Runs a writer that must succeed; returns what it said.
fn ok(sb: &Sandbox, args: &[&str]) -> String {
    let r = write(sb, args);
    assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
    r.stderr
}

/// Runs a writer that must be refused with exit `code`, leaving the file as it was; returns
/// what it said.
fn refused(sb: &Sandbox, args: &[&str], code: i32) -> String {
    let before = sb.read(ID);
    let r = write(sb, args);
    assert_eq!(r.code, Some(code), "{args:?}: {}", r.stderr);
    assert_eq!(sb.read(ID), before, "{args:?} changed the file");
    r.stderr
}

fn record(sb: &Sandbox) -> Value {
    parse_json(&sb.stdout_of(&["show", "payments", "--format", "json"]))
}

#[test]
fn set_writes_each_field_of_the_record() {
    let sb = payments();
    let said = ok(
        &sb,
        &["set", "payments", "title", "Payments down for 40 minutes"],
    );
    assert_eq!(
        said,
        format!(
            "set title of {ID} to \"Payments down for 40 minutes\" (was \"Payments DB failover\")\n  file: incidents/{ID}.ron\n"
        )
    );
    ok(
        &sb,
        &[
            "set",
            "payments",
            "severity",
            "sev1",
            "--rationale",
            "Every card payment failed",
        ],
    );
    ok(&sb, &["set", "payments", "kind", "drill"]);
    ok(&sb, &["set", "payments", "organisation", "Acme Pay"]);
    ok(&sb, &["set", "payments", "region", "eu-central-1"]);
    ok(&sb, &["set", "payments", "site", "FRA2"]);
    ok(
        &sb,
        &["set", "payments", "zones", "eu-central-1a", "eu-central-1b"],
    );
    ok(&sb, &["set", "payments", "authors", "Alice", "Bob"]);
    ok(
        &sb,
        &[
            "set",
            "payments",
            "provider-severity",
            "P0",
            "--note",
            "Their highest",
        ],
    );
    ok(&sb, &["set", "payments", "timezone", "Asia/Tokyo"]);
    let r = record(&sb);
    assert_eq!(r["title"], "Payments down for 40 minutes");
    assert_eq!(r["severity"], "Sev1");
    assert_eq!(r["severity_rationale"], "Every card payment failed");
    assert_eq!(r["kind"], "drill");
    assert_eq!(r["organisation"], "Acme Pay");
    assert_eq!(r["region"], "eu-central-1");
    assert_eq!(r["site"], "FRA2");
    assert_eq!(
        r["zones"],
        serde_json::json!(["eu-central-1a", "eu-central-1b"])
    );
    assert_eq!(r["authors"], serde_json::json!(["Alice", "Bob"]));
    assert_eq!(r["provider_severity"]["label"], "P0");
    assert_eq!(r["provider_severity"]["note"], "Their highest");
    assert_eq!(r["timezone"], "Asia/Tokyo");
    // A new home zone moves no time: the start keeps its instant and offset.
    assert_eq!(
        r["moments"]["started"]["at"]["At"],
        "2024-03-01T09:00:00+01:00"
    );
}

#[test]
fn set_changes_lists_whole_or_item_by_item() {
    let sb = payments();
    ok(&sb, &["set", "payments", "tags", "database", "failover"]);
    let said = ok(
        &sb,
        &["set", "payments", "tags", "--add", "postgres", "database"],
    );
    assert!(
        said.starts_with(&format!(
            "set tags of {ID} to database, failover, postgres (was database, failover)\n"
        )),
        "{said}"
    );
    ok(&sb, &["set", "payments", "tags", "--remove", "failover"]);
    assert_eq!(
        record(&sb)["tags"],
        serde_json::json!(["database", "postgres"])
    );
    ok(&sb, &["set", "payments", "tags", "--clear"]);
    assert_eq!(record(&sb)["tags"], serde_json::json!([]));
    ok(&sb, &["set", "payments", "organisation", "Acme"]);
    ok(&sb, &["set", "payments", "organisation", "--clear"]);
    assert_eq!(record(&sb).get("organisation"), None);
}

#[test]
fn set_reads_the_summary_from_a_file_or_standard_input() {
    let sb = payments();
    let file = sb.root().join("summary.md");
    std::fs::write(
        &file,
        "The primary database failed over.\n\nPayments stopped.\n",
    )
    .unwrap();
    ok(
        &sb,
        &[
            "set",
            "payments",
            "summary",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(
        record(&sb)["summary"],
        "The primary database failed over.\n\nPayments stopped."
    );
    let mut cmd = sb.cmd(&["set", "payments", "summary", "-"]);
    cmd.write_stdin("Read from standard input.\n");
    let r = crate::common::run(&mut cmd);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(record(&sb)["summary"], "Read from standard input.");
}

#[test]
fn set_refuses_what_a_field_cannot_hold_and_changes_nothing() {
    let sb = payments();
    let said = refused(&sb, &["set", "payments", "severity", "sev9"], 1);
    assert!(
        said.starts_with(
            "error: severity: `sev9` is not a severity level of the built-in scale (did you mean `Sev1` or `Sev2` or `Sev3` or `Sev4`?); the levels, worst first: `Sev1`, `Sev2`, `Sev3`, `Sev4`"
        ),
        "{said}"
    );
    let said = refused(&sb, &["set", "payments", "title", "Two", "words"], 1);
    assert!(
        said.starts_with("error: title takes one value (quote text with spaces); 2 given"),
        "{said}"
    );
    let said = refused(&sb, &["set", "payments", "title", "--clear"], 1);
    assert!(
        said.starts_with("error: --clear does not apply to title"),
        "{said}"
    );
    let said = refused(&sb, &["set", "payments", "kind", "--add", "drill"], 1);
    assert!(
        said.starts_with("error: --add does not apply to kind"),
        "{said}"
    );
    let said = refused(&sb, &["set", "payments", "timezone", "Mars/Olympus"], 1);
    assert!(
        said.starts_with("error: timezone: `Mars/Olympus` is not a valid value"),
        "{said}"
    );
    let said = refused(
        &sb,
        &["set", "payments", "tags", "x", "--rationale", "why"],
        1,
    );
    assert!(
        said.starts_with("error: --rationale does not apply to tags"),
        "{said}"
    );
    // An empty title breaks a rule of the record: refused by validation.
    let said = refused(&sb, &["set", "payments", "title", " "], 1);
    assert!(said.contains("the title is empty"), "{said}");
    // Not a field at all: a usage error listing the fields.
    let said = refused(&sb, &["set", "payments", "colour", "red"], 2);
    assert!(said.contains("possible values: title, summary"), "{said}");
}

#[test]
fn set_refuses_an_unknown_source_and_names_the_command_that_adds_it() {
    let sb = payments();
    let said = refused(
        &sb,
        &[
            "set",
            "payments",
            "summary",
            "Text",
            "--source",
            "statement",
        ],
        1,
    );
    assert_eq!(
        said,
        format!(
            "error: no source `statement` in this incident; nothing was changed\nhint: the incident has no sources yet\nhint: add it first: `incident source add {ID} statement --title TITLE --url URL --kind KIND`\n"
        )
    );
    let said = refused(&sb, &["set", "payments", "summary-sources", "statement"], 1);
    assert!(said.starts_with("error: no source `statement`"), "{said}");
}

#[test]
fn source_add_writes_every_field_and_facts_cite_it() {
    let sb = payments();
    let said = ok(
        &sb,
        &[
            "source",
            "add",
            "payments",
            "statement",
            "--title",
            "Acme Pay statement",
            "--url",
            "https://acme.example/status/42",
            "--kind",
            "official",
            "--publisher",
            "Acme Pay",
            "--date",
            "2024-03-02",
            "--note",
            "Published the next morning",
        ],
    );
    assert_eq!(
        said,
        format!(
            "added source statement (official) to {ID}\n  file: incidents/{ID}.ron\n  cite it with --source statement (log, impact add, action add, moment set, set summary, …)\n  note: W131 source `statement` is listed but no fact cites it\n"
        )
    );
    let s = &record(&sb)["sources"][0];
    assert_eq!(s["id"], "statement");
    assert_eq!(s["title"], "Acme Pay statement");
    assert_eq!(s["url"], "https://acme.example/status/42");
    assert_eq!(s["kind"], "official");
    assert_eq!(s["publisher"], "Acme Pay");
    assert_eq!(s["published"], "2024-03-02");
    assert_eq!(s["note"], "Published the next morning");
    // Now a fact may cite it, and the warning is gone.
    let said = ok(
        &sb,
        &[
            "set",
            "payments",
            "summary",
            "Payments failed.",
            "--source",
            "statement",
        ],
    );
    assert!(!said.contains("W131"), "{said}");
    assert_eq!(
        record(&sb)["summary_sources"],
        serde_json::json!(["statement"])
    );
    // The publisher is shown beside the title in the document.
    let md = sb.stdout_of(&["summary", "payments", "--format", "markdown"]);
    assert!(
        md.contains("| 1 | statement | Acme Pay statement — Acme Pay | official | 2024-03-02 |"),
        "{md}"
    );
}

#[test]
fn source_add_defaults_to_internal_and_refuses_a_taken_or_unusable_key() {
    let sb = payments();
    ok(
        &sb,
        &[
            "source",
            "add",
            "payments",
            "chat",
            "--title",
            "#inc-payments",
            "--further-reading",
        ],
    );
    let s = &record(&sb)["sources"][0];
    assert_eq!(
        (s["kind"].as_str(), s["further_reading"].as_bool()),
        (Some("internal"), Some(true))
    );
    let said = refused(
        &sb,
        &["source", "add", "payments", "chat", "--title", "Again"],
        1,
    );
    assert_eq!(
        said,
        format!(
            "error: the incident already has a source `chat`; nothing was changed\nhint: change it with `incident source set {ID} chat --title TITLE` (or --url, --kind, --publisher, --date, --note)\n"
        )
    );
    let said = refused(
        &sb,
        &["source", "add", "payments", "no spaces", "--title", "x"],
        1,
    );
    assert!(
        said.starts_with("error: `no spaces` is not a usable source key"),
        "{said}"
    );
    let said = refused(
        &sb,
        &[
            "source", "add", "payments", "x", "--title", "x", "--date", "March",
        ],
        2,
    );
    assert!(said.contains("expected a date like 2024-03-31"), "{said}");
}

#[test]
fn source_set_changes_fields_and_empties_optional_ones() {
    let sb = payments();
    ok(
        &sb,
        &[
            "source",
            "add",
            "payments",
            "blog",
            "--title",
            "A blog",
            "--url",
            "https://b.example",
            "--kind",
            "press",
        ],
    );
    ok(
        &sb,
        &[
            "source",
            "set",
            "payments",
            "blog",
            "--kind",
            "analysis",
            "--url",
            "",
            "--publisher",
            "B. Logger",
            "--further-reading",
        ],
    );
    let s = &record(&sb)["sources"][0];
    assert_eq!(s["kind"], "analysis");
    assert_eq!(s.get("url"), None);
    assert_eq!(s["publisher"], "B. Logger");
    assert_eq!(s["further_reading"], true);
    let said = refused(&sb, &["source", "set", "payments", "blog"], 2);
    assert!(
        said.contains("required arguments were not provided"),
        "{said}"
    );
    let said = refused(
        &sb,
        &["source", "set", "payments", "nope", "--title", "x"],
        1,
    );
    assert!(
        said.starts_with("error: no source `nope` in this incident"),
        "{said}"
    );
    assert!(
        said.contains("hint: the incident's sources: blog"),
        "{said}"
    );
}

#[test]
fn source_rm_is_refused_while_cited_and_names_the_citing_items() {
    let sb = payments();
    ok(
        &sb,
        &[
            "source",
            "add",
            "payments",
            "chat",
            "--title",
            "#inc-payments",
        ],
    );
    ok(
        &sb,
        &[
            "log",
            "payments",
            "Failover started",
            "--at",
            "09:10",
            "--source",
            "chat",
        ],
    );
    ok(
        &sb,
        &[
            "moment", "set", "payments", "detected", "--at", "09:05", "--source", "chat",
        ],
    );
    let said = refused(&sb, &["source", "rm", "payments", "chat"], 1);
    assert_eq!(
        said,
        format!(
            "error: source `chat` is cited by moment detected, event e1; nothing was changed\nhint: remove those citations first (`incident edit {ID}`), then run `incident source rm {ID} chat` again\nhint: or keep it as further reading: `incident source set {ID} chat --further-reading`\n"
        )
    );
    ok(
        &sb,
        &["source", "add", "payments", "spare", "--title", "Spare"],
    );
    let said = ok(&sb, &["source", "rm", "payments", "spare"]);
    assert!(
        said.starts_with(&format!("removed source spare (\"Spare\") from {ID}\n")),
        "{said}"
    );
    let r = record(&sb);
    let ids: Vec<&str> = r["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["chat"]);
}

/// [`payments`] with one source, `chat`, and one cause, `replica-lag`, written into the file
/// (the cause commands are another writer's).
fn with_source() -> Sandbox {
    let sb = payments();
    ok(
        &sb,
        &[
            "source",
            "add",
            "payments",
            "chat",
            "--title",
            "#inc-payments",
            "--further-reading",
        ],
    );
    let text = sb.read(ID).replace(
        "root_causes: [],",
        "root_causes: [(id: \"replica-lag\", text: \"Replica lag went unnoticed\")],",
    );
    std::fs::write(sb.file(ID), text).unwrap();
    sb
}

#[test]
fn every_writer_takes_source_and_note_and_refuses_an_unknown_source() {
    let sb = with_source();
    ok(
        &sb,
        &[
            "log",
            "payments",
            "Failover started",
            "--at",
            "09:10",
            "--source",
            "chat",
            "--note",
            "From the bot",
            "--by",
            "alice",
        ],
    );
    ok(
        &sb,
        &[
            "impact",
            "add",
            "payments",
            "--service",
            "Payments API",
            "--from",
            "09:02",
            "--source",
            "chat",
            "--note",
            "EU cards only",
        ],
    );
    ok(
        &sb,
        &[
            "impact",
            "end",
            "payments",
            "Payments API",
            "--at",
            "10:40",
            "--source",
            "chat",
            "--note",
            "Back after failover",
        ],
    );
    ok(
        &sb,
        &[
            "action",
            "add",
            "payments",
            "Alert on lag",
            "--type",
            "detect",
            "--source",
            "chat",
            "--note",
            "From the review",
            "--addresses",
            "replica-lag",
        ],
    );
    ok(
        &sb,
        &[
            "status",
            "payments",
            "mitigated",
            "--at",
            "10:40",
            "--source",
            "chat",
            "--note",
            "Per the bot",
        ],
    );
    ok(
        &sb,
        &[
            "resolve",
            "payments",
            "--at",
            "11:00",
            "--source",
            "chat",
            "--note",
            "Statement time",
        ],
    );
    ok(
        &sb,
        &[
            "moment", "set", "payments", "detected", "--at", "09:05", "--source", "chat", "--note",
            "Pager",
        ],
    );
    let r = record(&sb);
    let e1 = &r["events"][0];
    assert_eq!(
        (e1["actor"].as_str(), e1["note"].as_str()),
        (Some("alice"), Some("From the bot"))
    );
    assert_eq!(e1["sources"], serde_json::json!(["chat"]));
    let w = &r["services"][0]["windows"][0];
    assert_eq!(w["sources"], serde_json::json!(["chat"]));
    // impact end replaces the window's note with its own.
    assert_eq!(w["note"], "Back after failover");
    assert_eq!(w["to"]["At"], "2024-03-01T10:40:00+01:00");
    let a = &r["actions"][0];
    assert_eq!(a["sources"], serde_json::json!(["chat"]));
    assert_eq!(a["note"], "From the review");
    assert_eq!(a["addresses"], serde_json::json!(["replica-lag"]));
    let status = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["text"] == "status: investigating → mitigated")
        .unwrap();
    assert_eq!(
        (status["note"].as_str(), status["sources"][0].as_str()),
        (Some("Per the bot"), Some("chat"))
    );
    let resolved = &r["moments"]["resolved"];
    assert_eq!(
        (resolved["note"].as_str(), resolved["sources"][0].as_str()),
        (Some("Statement time"), Some("chat"))
    );
    let resolution = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "resolution")
        .unwrap();
    assert_eq!(resolution["sources"], serde_json::json!(["chat"]));
    // The note shows in the timeline with the event.
    let tl = sb.stdout_of(&["timeline", "payments", "--format", "markdown"]);
    assert!(
        tl.contains("| Failover started \\[note: From the bot\\] | alice | chat |"),
        "{tl}"
    );

    // Every writer refuses a source the record does not list, naming the command to add it.
    for args in [
        vec!["log", "payments", "x", "--at", "09:30", "--source", "nope"],
        vec![
            "impact",
            "add",
            "payments",
            "--service",
            "Web",
            "--from",
            "09:30",
            "--source",
            "nope",
        ],
        vec![
            "action", "add", "payments", "x", "--type", "detect", "--source", "nope",
        ],
        vec!["action", "set", "payments", "A1", "--source", "nope"],
        vec!["action", "done", "payments", "A1", "--source", "nope"],
        vec!["status", "payments", "closed", "--source", "nope"],
        vec![
            "moment", "set", "payments", "started", "--at", "09:00", "--source", "nope",
        ],
        vec!["event", "set", "payments", "e1", "--source", "nope"],
    ] {
        let said = refused(&sb, &args, 1);
        assert!(
            said.starts_with("error: no source `nope` in this incident"),
            "{args:?}: {said}"
        );
        assert!(
            said.contains("hint: the incident's sources: chat"),
            "{said}"
        );
        assert!(
            said.contains(&format!("`incident source add {ID} nope --title TITLE")),
            "{said}"
        );
    }
}

#[test]
fn log_defaults_the_actor_and_refuses_an_exact_duplicate_unless_asked() {
    let sb = payments();
    let mut cmd = sb.cmd(&[
        "log",
        "payments",
        "Paged the DB on-call",
        "--at",
        "09:10",
        "--kind",
        "escalation",
    ]);
    cmd.env("USER", "carol").env(
        "SOURCE_DATE_EPOCH",
        crate::common::epoch("2024-03-01T12:00:00Z"),
    );
    assert!(crate::common::run(&mut cmd).success());
    assert_eq!(record(&sb)["events"][0]["actor"], "carol");
    let said = refused(
        &sb,
        &[
            "log",
            "payments",
            "Paged the DB on-call",
            "--at",
            "09:10",
            "--kind",
            "escalation",
        ],
        1,
    );
    assert_eq!(
        said,
        "error: the incident already has this event: e1 at 2024-03-01T09:10:00+01:00, escalation, \"Paged the DB on-call\"; nothing was changed\nhint: if it really happened twice, log it again with --duplicate\n"
    );
    // Another kind or time is not a copy; --duplicate logs a copy knowingly.
    ok(
        &sb,
        &[
            "log",
            "payments",
            "Paged the DB on-call",
            "--at",
            "09:11",
            "--kind",
            "escalation",
        ],
    );
    ok(
        &sb,
        &[
            "log",
            "payments",
            "Paged the DB on-call",
            "--at",
            "09:10",
            "--kind",
            "escalation",
            "--duplicate",
        ],
    );
    assert_eq!(record(&sb)["events"].as_array().unwrap().len(), 3);
}

#[test]
fn event_set_changes_an_event_and_refuses_a_copy() {
    let sb = with_source();
    ok(
        &sb,
        &[
            "log",
            "payments",
            "Alarm",
            "--at",
            "09:04",
            "--kind",
            "detection",
        ],
    );
    ok(
        &sb,
        &[
            "log", "payments", "Failover", "--at", "09:10", "--kind", "action",
        ],
    );
    let said = ok(
        &sb,
        &[
            "event",
            "set",
            "payments",
            "E2",
            "--at",
            "09:12",
            "--text",
            "Failover started",
            "--kind",
            "mitigation",
            "--important",
            "--source",
            "chat",
            "--note",
            "Pager time",
            "--by",
            "bob",
        ],
    );
    assert_eq!(
        said,
        format!(
            "changed event e2 of {ID}\n  file: incidents/{ID}.ron\n  now: 2024-03-01T09:12:00+01:00 mitigation \"Failover started\"\n"
        )
    );
    let e = &record(&sb)["events"][1];
    assert_eq!(e["at"]["At"], "2024-03-01T09:12:00+01:00");
    assert_eq!(e["text"], "Failover started");
    assert_eq!(e["kind"], "mitigation");
    assert_eq!(e["important"], true);
    assert_eq!(e["sources"], serde_json::json!(["chat"]));
    assert_eq!(e["note"], "Pager time");
    assert_eq!(e["actor"], "bob");
    ok(&sb, &["event", "set", "payments", "e2", "--not-important"]);
    assert_eq!(record(&sb)["events"][1].get("important"), None);
    let said = refused(
        &sb,
        &[
            "event",
            "set",
            "payments",
            "e2",
            "--at",
            "09:04",
            "--text",
            "Alarm",
            "--kind",
            "detection",
        ],
        1,
    );
    assert!(said.starts_with("error: the incident already has this event: e1 at 2024-03-01T09:04:00+01:00, detection, \"Alarm\""), "{said}");
    let said = refused(&sb, &["event", "set", "payments", "e9", "--text", "x"], 1);
    assert!(
        said.starts_with("error: no event `e9` in this incident"),
        "{said}"
    );
    assert!(
        said.contains("hint: the incident's events: e1, e2"),
        "{said}"
    );
    let said = refused(&sb, &["event", "set", "payments", "e1"], 2);
    assert!(
        said.contains("required arguments were not provided"),
        "{said}"
    );
}

#[test]
fn event_rm_removes_an_event_unless_a_cause_cites_it() {
    let sb = with_source();
    ok(
        &sb,
        &[
            "log",
            "payments",
            "Alarm",
            "--at",
            "09:04",
            "--kind",
            "detection",
        ],
    );
    ok(&sb, &["log", "payments", "Typo", "--at", "09:05"]);
    let text = sb.read(ID).replace(
        "text: \"Replica lag went unnoticed\")",
        "text: \"Replica lag went unnoticed\", evidence: [\"e1\"])",
    );
    std::fs::write(sb.file(ID), text).unwrap();
    let said = refused(&sb, &["event", "rm", "payments", "e1"], 1);
    assert_eq!(
        said,
        format!(
            "error: event `e1` is referred to by root cause replica-lag (as evidence); nothing was changed\nhint: remove those references first (`incident edit {ID}`), or change the event instead with `incident event set {ID} EVENT --text … --at …`\n"
        )
    );
    let said = ok(&sb, &["event", "rm", "payments", "e2"]);
    assert!(
        said.starts_with(&format!(
            "removed event e2 (2024-03-01T09:05:00+01:00 note \"Typo\") from {ID}\n"
        )),
        "{said}"
    );
    let ids: Vec<String> = record(&sb)["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["e1"]);
}

#[test]
fn action_flags_done_day_addresses_status_unknown_and_link() {
    let sb = with_source();
    ok(
        &sb,
        &[
            "action",
            "add",
            "payments",
            "Alert on lag",
            "--type",
            "detect",
            "--opened",
            "2024-03-01",
        ],
    );
    ok(
        &sb,
        &[
            "action",
            "done",
            "payments",
            "a1",
            "--at",
            "2024-03-01",
            "--note",
            "Shipped",
        ],
    );
    let a = &record(&sb)["actions"][0];
    assert_eq!(
        (
            a["status"].as_str(),
            a["completed"].as_str(),
            a["note"].as_str()
        ),
        (Some("done"), Some("2024-03-01"), Some("Shipped"))
    );
    ok(
        &sb,
        &["action", "add", "payments", "Runbook", "--type", "process"],
    );
    ok(
        &sb,
        &[
            "action",
            "set",
            "payments",
            "A2",
            "--status",
            "unknown",
            "--addresses",
            "replica-lag",
            "--link",
            "https://t.example/9",
        ],
    );
    let a = &record(&sb)["actions"][1];
    assert_eq!(a["status"], "unknown");
    assert_eq!(a["addresses"], serde_json::json!(["replica-lag"]));
    assert_eq!(a["link"], "https://t.example/9");
    // Done through `set` is done today when no day is given (the clock: 2024-03-01).
    ok(
        &sb,
        &["action", "set", "payments", "A2", "--status", "done"],
    );
    assert_eq!(record(&sb)["actions"][1]["completed"], "2024-03-01");
    let said = refused(
        &sb,
        &["action", "set", "payments", "A2", "--addresses", "no-such"],
        1,
    );
    assert_eq!(
        said,
        format!(
            "error: no cause `no-such` in this incident; nothing was changed\nhint: the incident's causes: replica-lag\nhint: add the cause first (`incident cause add {ID} …`), or give it an id with `incident edit {ID}`\n"
        )
    );
    let said = refused(
        &sb,
        &[
            "action",
            "add",
            "payments",
            "x",
            "--type",
            "detect",
            "--addresses",
            "no-such",
        ],
        1,
    );
    assert!(said.starts_with("error: no cause `no-such`"), "{said}");
}

#[test]
fn status_no_log_changes_the_status_without_an_event() {
    let sb = payments();
    ok(
        &sb,
        &["log", "payments", "--at", "09:05", "Replica lag alarm"],
    );
    let said = ok(&sb, &["status", "payments", "monitoring", "--no-log"]);
    assert!(
        said.starts_with(&format!(
            "status of {ID} is Monitoring (not logged on the timeline)"
        )),
        "{said}"
    );
    let r = record(&sb);
    assert_eq!(r["status"], "monitoring");
    // Only the event logged by hand: no "status: investigating → monitoring".
    let events = r["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["text"], "Replica lag alarm");
    // Again: nothing to change, and the file stays as it is.
    let before = sb.read(ID);
    let said = ok(&sb, &["status", "payments", "monitoring", "--no-log"]);
    assert!(said.contains("was already Monitoring"), "{said}");
    assert_eq!(sb.read(ID), before);
    // The event's options, and --force, belong to a logged change: usage errors.
    for extra in [
        &["--at", "10:00"][..],
        &["--by", "alice"],
        &["--note", "x"],
        &["--force"],
    ] {
        let mut args = vec!["status", "payments", "closed", "--no-log"];
        args.extend_from_slice(extra);
        let said = refused(&sb, &args, 2);
        assert!(said.contains("cannot be used with"), "{args:?}: {said}");
    }
    // Closing without the event still needs the review: refused, nothing written.
    let said = refused(&sb, &["status", "payments", "closed", "--no-log"], 1);
    assert!(said.contains("is not ready to close"), "{said}");
}
