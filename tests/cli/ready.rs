//! The review checklist (`check --ready`), closing an incident only when it passes (or with
//! `--force`, recorded), stating "no impact", and the draft banner on unreviewed documents.

use crate::common::*;

const ID: &str = "2024-03-01-payments-api-errors";

/// A sandbox holding a new record with one logged event, on the test clock.
fn new_with_one_event() -> Sandbox {
    let sb = Sandbox::new();
    let (k, v) = clock("2024-03-01T10:00:00Z");
    let ok = |args: &[&str]| {
        let r = run(sb.cmd(args).env(k, &v));
        assert!(r.success(), "{args:?}: {}", r.stderr);
    };
    ok(&[
        "new",
        "--title",
        "Payments API errors",
        "--severity",
        "sev2",
        "--started",
        "09:00",
        "--tz",
        "UTC",
    ]);
    ok(&[
        "log",
        "payments",
        "Alerts fired",
        "--kind",
        "detection",
        "--at",
        "09:05",
    ]);
    sb
}

#[test]
fn a_new_record_with_one_event_is_not_ready_line_by_line() {
    let sb = new_with_one_event();
    let r = sb.run(&["check", "--ready", "payments"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let expected = format!(
        "{ID}: not ready (6 of 8 to do)
  ✗ summary written: the summary is empty
      fix: incident set {ID} summary --file summary.md
  ✗ impact recorded or stated as none: no service or customer recorded
      fix: incident impact add {ID} --service NAME --from TIME --to TIME
      fix: incident impact none {ID}
  ✗ trigger and root cause recorded (or root cause not determined): 0 triggers, 0 root causes
      fix: incident cause add {ID} --kind trigger TEXT
      fix: incident cause add {ID} --kind root TEXT
      fix: incident cause status {ID} not-determined
  ✓ every root cause addressed by an action item: no root cause to address
  ✗ key moments set or stated unknown: not set: mitigated, resolved
      fix: incident moment set {ID} mitigated --at TIME   (or --at unknown)
      fix: incident moment set {ID} resolved --at TIME   (or --at unknown)
  ✓ no open impact windows: none open
  ✗ every fact cited: no source: moment started, moment detected, event e1
      fix: incident source add {ID} KEY --title TITLE --kind internal
      fix: incident moment set {ID} started --at TIME --source KEY   (its time again)
      fix: incident event set {ID} e1 --source KEY
  ✗ status resolved or closed: investigating
      fix: incident resolve {ID} --at TIME
"
    );
    assert_eq!(r.stdout, expected);
    // No press source is cited, so the press wording does not appear.
    assert!(!r.stdout.contains("press"));

    // The same lines as JSON, for scripts.
    let json = parse_json(
        &sb.run(&["check", "--ready", "payments", "--format", "json"])
            .stdout,
    );
    let checks = json[0]["checks"].as_array().unwrap();
    let items: Vec<(&str, bool)> = checks
        .iter()
        .map(|c| (c["item"].as_str().unwrap(), c["ok"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        items,
        [
            ("summary", false),
            ("impact", false),
            ("causes", false),
            ("addressed", true),
            ("moments", false),
            ("windows", true),
            ("cited", false),
            ("status", false),
        ]
    );
    assert_eq!(json[0]["ready"], false);
    assert!(json[0].get("press_only").is_none());
}

#[test]
fn the_shipped_record_is_ready() {
    let out = stdout_of(&["check", "--ready", HK_ID]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], format!("{HK_ID}: ready"));
    assert_eq!(lines.iter().filter(|l| l.starts_with("  ✓")).count(), 8);
    assert!(!out.contains('✗'));
    assert!(out.contains("  ✓ impact recorded or stated as none: 5 services, 8 customers\n"));
    assert!(
        out.contains("  ✓ every root cause addressed by an action item: 2 root causes addressed\n")
    );
    // The record rests partly on press reports: here the press wording applies.
    assert!(
        out.contains("on press alone, shown as (press): every source cited is press reporting")
    );
}

#[test]
fn without_an_id_only_closed_records_are_reviewed() {
    let sb = new_with_one_event();
    let out = sb.stdout_of(&["check", "--ready"]);
    assert_eq!(
        out,
        "0 closed record(s) reviewed: 0 ready, 0 not ready; 1 not closed, not reviewed (name one: incident check --ready ID)\n"
    );
    let hk = Sandbox::with_record(&HK_TEXT.replace("status: Resolved", "status: Closed"));
    let out = hk.stdout_of(&["check", "--ready"]);
    assert!(out.starts_with(&format!("{HK_ID}: ready\n")), "{out}");
    assert!(
        out.ends_with("\n1 closed record(s) reviewed: 1 ready, 0 not ready\n"),
        "{out}"
    );
}

#[test]
fn closing_an_unready_record_is_refused_and_leaves_the_file_as_it_was() {
    let sb = new_with_one_event();
    let (k, v) = clock("2024-03-01T10:00:00Z");
    let r = run(sb.cmd(&["resolve", "payments", "--at", "09:40"]).env(k, &v));
    assert!(r.success(), "{}", r.stderr);
    let before = std::fs::read(sb.file(ID)).unwrap();
    let r = run(sb
        .cmd(&["status", "payments", "closed", "--at", "09:50"])
        .env(k, &v));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.starts_with(&format!(
        "error: {ID} is not ready to close; its review finds:\n  ✗ summary written: the summary is empty\n"
    )), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("  ✗ key moments set or stated unknown: not set: mitigated\n")
    );
    assert!(
        !r.stderr.contains("✗ status"),
        "a resolved incident passes the status line"
    );
    assert!(r.stderr.contains(
        "hint: to close it anyway: `incident status payments closed --force` (the timeline records who forced it)"
    ));
    assert_eq!(
        std::fs::read(sb.file(ID)).unwrap(),
        before,
        "byte-identical"
    );
    assert_eq!(sb.listing(), [format!("{ID}.ron")]);
}

#[test]
fn force_closes_and_records_who_forced_it() {
    let sb = new_with_one_event();
    let (k, v) = clock("2024-03-01T10:00:00Z");
    let r = run(sb.cmd(&["resolve", "payments", "--at", "09:40"]).env(k, &v));
    assert!(r.success(), "{}", r.stderr);
    let r = run(sb
        .cmd(&[
            "status", "payments", "closed", "--force", "--by", "alice", "--at", "09:50",
        ])
        .env(k, &v));
    assert!(r.success(), "{}", r.stderr);
    assert!(
        r.stderr.contains("closed although not ready (no summary;"),
        "{}",
        r.stderr
    );
    let json = parse_json(&sb.stdout_of(&["show", "payments", "--format", "json"]));
    assert_eq!(json["status"], "closed");
    let last = json["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], "alice");
    assert_eq!(
        last["text"],
        "status: resolved → closed (closed with --force by alice; not ready: no summary; no impact recorded; no trigger, no root cause; mitigated not set; 5 facts without a source)"
    );
}

#[test]
fn a_ready_record_closes_without_force() {
    let sb = Sandbox::with_record(HK_TEXT);
    let (k, v) = clock("2024-03-01T10:00:00Z");
    let r = run(sb
        .cmd(&["status", HK_ID, "closed", "--by", "bob"])
        .env(k, &v));
    assert!(r.success(), "{}", r.stderr);
    assert!(!r.stderr.contains("not ready"), "{}", r.stderr);
    // The status event the tool logs needs no source: the record stays ready once closed.
    let out = sb.stdout_of(&["check", "--ready"]);
    assert!(
        out.ends_with("1 closed record(s) reviewed: 1 ready, 0 not ready\n"),
        "{out}"
    );
}

#[test]
fn impact_none_stands_for_windows_and_is_refused_beside_them() {
    let sb = new_with_one_event();
    let r = sb.run(&["impact", "none", "payments"]);
    assert!(r.success(), "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().next().unwrap(),
        format!("stated that {ID} hit no service or customer")
    );
    assert!(sb.read(ID).contains("    no_impact: true,\n"));
    let out = sb.run(&["check", "--ready", "payments"]).stdout;
    assert!(
        out.contains("  ✓ impact recorded or stated as none: stated as none\n"),
        "{out}"
    );

    sb.stdout_of(&["impact", "none", "payments", "--undo"]);
    assert!(!sb.read(ID).contains("no_impact"));

    let (k, v) = clock("2024-03-01T10:00:00Z");
    let r = run(sb
        .cmd(&[
            "impact",
            "add",
            "payments",
            "--service",
            "API",
            "--from",
            "09:00",
            "--to",
            "09:30",
        ])
        .env(k, &v));
    assert!(r.success(), "{}", r.stderr);
    let before = sb.read(ID);
    let r = sb.run(&["impact", "none", "payments"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.starts_with(
        "error: the record holds outage or degraded windows (API), so it cannot state that nothing was hit"
    ), "{}", r.stderr);
    assert_eq!(sb.read(ID), before);
}

#[test]
fn unready_documents_and_site_pages_carry_the_draft_banner() {
    let sb = new_with_one_event();
    let (k, v) = clock("2024-03-01T10:00:00Z");
    let md = stdout_ok(
        sb.cmd(&["summary", "payments", "--format", "markdown"])
            .env(k, &v),
    );
    assert!(md.contains(&format!(
        "> **Draft — not reviewed:** no summary; no impact recorded; no trigger, no root cause; mitigated, resolved not set; 3 facts without a source; status investigating. Run `incident check --ready {ID}` for the checklist.\n"
    )), "{md}");
    let out = sb.root().join("site");
    let r = run(sb.cmd(&["site", "-o", out.to_str().unwrap()]).env(k, &v));
    assert!(r.success(), "{}", r.stderr);
    let page = std::fs::read_to_string(out.join(format!("incidents/{ID}.html"))).unwrap();
    assert!(
        page.contains(
            "<p class=\"draft\" role=\"note\"><strong>Draft — not reviewed:</strong> no summary;"
        ),
        "{page}"
    );
    // A ready record's documents carry none.
    let hk = stdout_of(&["summary", HK_ID, "--format", "html"]);
    assert!(!hk.contains("Draft — not reviewed"));
}

/// A team configuration that does not parse: a missing `)` on line 2.
const BROKEN_CONFIG: &str = "(\n  fields: [ (name: \"team\", type: Text, required: true ]\n)\n";

/// The error every command that reviews prints for [`BROKEN_CONFIG`]: the file, line and
/// column, then the hint to check the file.
fn assert_config_error(r: &Run) {
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("error: the team configuration cannot be used:\n"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("incidents/.incident.ron:2:55: E001: error: configuration: expected `,`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("hint: fix it, then run `incident config check`"),
        "{}",
        r.stderr
    );
}

#[test]
fn check_ready_fails_on_a_broken_team_configuration() {
    let sb = Sandbox::copy_of("incidents");
    std::fs::write(sb.dir().join(".incident.ron"), BROKEN_CONFIG).unwrap();
    let before = std::fs::read(sb.file(HK_ID)).unwrap();
    let r = sb.run(&["check", "--ready", HK_ID]);
    assert_config_error(&r);
    assert_eq!(r.stdout, "", "no review without the team's rules");
    let r = sb.run(&["check", "--ready", HK_ID, "--format", "json"]);
    assert_config_error(&r);
    assert_eq!(std::fs::read(sb.file(HK_ID)).unwrap(), before);
    assert_eq!(
        std::fs::read_to_string(sb.dir().join(".incident.ron")).unwrap(),
        BROKEN_CONFIG
    );
    // `config check` points at the same place.
    let c = sb.run(&["config", "check"]);
    assert_eq!(c.code, Some(1));
    let at = r.stderr.lines().nth(1).unwrap();
    assert!(c.stdout.contains(at) || c.stderr.contains(at), "{c:?}");
}

#[test]
fn closing_is_refused_on_a_broken_team_configuration() {
    let sb = Sandbox::copy_of("incidents");
    std::fs::write(sb.dir().join(".incident.ron"), BROKEN_CONFIG).unwrap();
    let before = std::fs::read(sb.file(HK_ID)).unwrap();
    let (k, v) = clock("2024-03-01T10:00:00Z");
    let r = run(sb.cmd(&["status", "hk-zone-c", "closed"]).env(k, &v));
    assert_config_error(&r);
    assert_eq!(
        std::fs::read(sb.file(HK_ID)).unwrap(),
        before,
        "file unchanged"
    );
    // A status that needs no review does not read the configuration.
    let r = run(sb.cmd(&["status", "hk-zone-c", "monitoring"]).env(k, &v));
    assert!(r.success(), "{}", r.stderr);
}

#[test]
fn the_draft_banner_lists_the_team_s_required_fields() {
    let sb = Sandbox::copy_of("incidents");
    std::fs::write(
        sb.dir().join(".incident.ron"),
        "(\n  fields: [ (name: \"team\", type: Text, required: true) ],\n)\n",
    )
    .unwrap();
    let (k, v) = clock("2024-03-01T10:00:00Z");
    // The shipped record is ready by the built-in rules, not by this team's.
    let r = run(sb.cmd(&["check", "--ready", HK_ID]).env(k, &v));
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(r.stdout.contains("✗ "), "{}", r.stdout);
    assert!(r.stdout.contains("not set: team"), "{}", r.stdout);
    let md = stdout_ok(
        sb.cmd(&["summary", HK_ID, "--format", "markdown"])
            .env(k, &v),
    );
    assert!(
        md.contains(&format!(
            "> **Draft — not reviewed:** required field team not set. Run `incident check --ready {HK_ID}` for the checklist.\n"
        )),
        "{md}"
    );
    let html = stdout_ok(sb.cmd(&["summary", HK_ID, "--format", "html"]).env(k, &v));
    assert!(
        html.contains("<strong>Draft — not reviewed:</strong> required field team not set."),
        "{html}"
    );
    // Set, the banner goes.
    let r = run(sb.cmd(&["set", HK_ID, "field", "team", "cloud"]).env(k, &v));
    assert!(r.success(), "{}", r.stderr);
    let md = stdout_ok(
        sb.cmd(&["summary", HK_ID, "--format", "markdown"])
            .env(k, &v),
    );
    assert!(!md.contains("Draft — not reviewed"), "{md}");
}
