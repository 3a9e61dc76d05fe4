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
    assert_eq!(r["kind"], "Drill");
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
