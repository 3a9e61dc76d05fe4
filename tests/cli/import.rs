//! `incident import text|slack|statuspage`: each fixture in `tests/fixtures/import/` imported,
//! the record checked value by value, imported again with nothing added, and read back by
//! `check`, `timeline` and `summary`; dry runs and malformed inputs change nothing.

use std::fs;
use std::path::{Path, PathBuf};

use incident::model::record::{EventKind, Incident, Level, Severity, Status};
use incident::model::time::When;

use crate::common::{Sandbox, epoch, parse_json};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");

/// An event as (id, time, actor, text, origin).
type EventRow = (String, String, Option<String>, String, Option<String>);

fn fixture(rel: &str) -> String {
    format!("{FIXTURES}/{rel}")
}

/// A sandbox whose clock is 2024-03-15 12:00 UTC.
fn run(sb: &Sandbox, args: &[&str]) -> crate::common::Run {
    let mut c = sb.cmd(args);
    c.env("SOURCE_DATE_EPOCH", epoch("2024-03-15T12:00:00Z"));
    crate::common::run(&mut c)
}

fn ok(sb: &Sandbox, args: &[&str]) -> crate::common::Run {
    let r = run(sb, args);
    assert!(r.success(), "{args:?}: {}", r.stderr);
    r
}

fn record(sb: &Sandbox, id: &str) -> Incident {
    incident::files::load::parse_text(Path::new("r.ron"), &sb.read(id)).unwrap()
}

fn at(w: When) -> String {
    incident::model::time::when_rfc3339(w)
}

/// `check`, `timeline --format json` and `summary` all succeed on the record; the timeline
/// JSON is returned.
fn views_work(sb: &Sandbox, id: &str) -> serde_json::Value {
    let file = format!("incidents/{id}.ron");
    let check = ok(sb, &["check", &file]);
    assert!(check.stdout.contains("0 error(s)"), "{}", check.stdout);
    let summary = ok(sb, &["summary", id]);
    assert!(summary.stdout.contains("## Timeline"), "{}", summary.stdout);
    parse_json(&ok(sb, &["timeline", id, "--format", "json"]).stdout)
}

/// Imports `args` again and requires that nothing changed: same bytes, "0 events".
fn reimport_adds_nothing(sb: &Sandbox, id: &str, args: &[&str]) {
    let before = sb.read(id);
    let r = ok(sb, args);
    assert!(r.stderr.contains("imported 0 events"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing new"), "{}", r.stderr);
    assert_eq!(sb.read(id), before);
}

#[test]
fn a_chat_log_crossing_midnight_imports_once() {
    let sb = Sandbox::new();
    let log = fixture("text/night-shift.log");
    let r = ok(
        &sb,
        &[
            "import",
            "text",
            &log,
            "--date",
            "2024-03-09",
            "--tz",
            "Europe/Berlin",
            "--new",
            "--title",
            "DB failover at night",
            "--severity",
            "sev2",
        ],
    );
    let id = "2024-03-09-db-failover-at-night";
    assert_eq!(r.stdout, format!("{id}\n"));
    assert!(r.stderr.contains("imported 7 events"), "{}", r.stderr);
    let inc = record(&sb, id);
    assert_eq!(inc.severity, Severity::new("Sev2"));
    assert_eq!(inc.timezone, "Europe/Berlin");
    assert_eq!(
        inc.moments.started.as_ref().map(|m| at(m.at)).as_deref(),
        Some("2024-03-09T23:52:00+01:00")
    );
    let rows: Vec<EventRow> = inc
        .events
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                at(e.at),
                e.actor.clone(),
                e.text.clone(),
                e.origin.clone(),
            )
        })
        .collect();
    let row = |id: &str, t: &str, actor: &str, text: &str, line: u32| {
        (
            id.to_string(),
            t.to_string(),
            Some(actor.to_string()),
            text.to_string(),
            Some(format!("text:night-shift.log:{line}")),
        )
    };
    assert_eq!(
        rows,
        vec![
            row(
                "e1",
                "2024-03-09T23:52:00+01:00",
                "mira",
                "api-gw 5xx rate climbing on eu-west, paging db on-call",
                1
            ),
            row(
                "e2",
                "2024-03-09T23:55:00+01:00",
                "tomas",
                "ack, looking at the primary",
                2
            ),
            // The indented line continues the message before it.
            row(
                "e3",
                "2024-03-09T23:58:00+01:00",
                "tomas",
                "replication lag 40s and growing disk on db-eu-2 is at 97%",
                3
            ),
            // 00:03 after 23:58: the log passed midnight.
            row(
                "e4",
                "2024-03-10T00:03:00+01:00",
                "mira",
                "failover to db-eu-3 started",
                5
            ),
            row(
                "e5",
                "2024-03-10T00:11:00+01:00",
                "tomas",
                "failover done, errors dropping",
                7
            ),
            // A minute back is a late paste on the same day, not another midnight.
            row(
                "e6",
                "2024-03-10T00:10:00+01:00",
                "mira",
                "status page updated (pasted late)",
                8
            ),
            row(
                "e7",
                "2024-03-10T00:26:00+01:00",
                "mira",
                "error rate back to baseline",
                9
            ),
        ]
    );
    assert!(inc.events.iter().all(|e| e.kind == EventKind::Note
        && e.sources == ["chat-night-shift-log"]
        && !e.important
        && !e.precursor));
    assert_eq!(inc.sources.len(), 1);
    assert_eq!(inc.sources[0].title, "Chat log night-shift.log");

    reimport_adds_nothing(
        &sb,
        id,
        &["import", "text", &log, "--date", "2024-03-09", "--into", id],
    );
    let json = views_work(&sb, id);
    assert_eq!(json[0]["origin"], "text:night-shift.log:1");
    assert_eq!(json[5]["date"], "2024-03-10");
}

#[test]
fn a_dated_log_reads_its_own_dates_across_a_clock_change() {
    let sb = Sandbox::new();
    let log = fixture("text/deploy.log");
    ok(
        &sb,
        &[
            "import",
            "text",
            &log,
            "--tz",
            "America/New_York",
            "--new",
            "--title",
            "Deploy 4711",
        ],
    );
    let inc = record(&sb, "2024-03-10-deploy-4711");
    let got: Vec<(String, Option<String>, String)> = inc
        .events
        .iter()
        .map(|e| (at(e.at), e.actor.clone(), e.text.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "2024-03-10T01:58:12-05:00".to_string(),
                None,
                "deploy 4711 started by ci".to_string()
            ),
            // New York skipped 02:00–03:00 that night.
            (
                "2024-03-10T03:02:40-04:00".to_string(),
                Some("ci".to_string()),
                "deploy 4711 finished".to_string()
            ),
            (
                "2024-03-10T03:05:00-04:00".to_string(),
                None,
                "health checks green".to_string()
            ),
        ]
    );
    assert_eq!(inc.severity, Severity::new("Sev3"), "the default for --new");
    views_work(&sb, "2024-03-10-deploy-4711");
}

#[test]
fn malformed_logs_name_the_line_and_change_nothing() {
    let sb = Sandbox::new();
    ok(
        &sb,
        &[
            "import",
            "text",
            &fixture("text/deploy.log"),
            "--tz",
            "UTC",
            "--new",
            "--title",
            "Deploy",
        ],
    );
    let id = "2024-03-10-deploy";
    let before = sb.read(id);
    let bad = sb.root().join("bad.log");
    let cases: [(&str, &[&str], &str); 4] = [
        (
            "[09:00] <a> fine\n[25:10] <a> not a time\n",
            &[],
            "bad.log:2: `25:10` is not a time of day; nothing was changed",
        ),
        (
            "a header line\n[09:00] <a> x\n",
            &[],
            "bad.log:1: no message starts here: expected a time first; nothing was changed",
        ),
        (
            "[09:00] <a> x\n",
            &["--format", "clock"],
            "bad.log:1: no message starts here: expected `HH:MM:SS nick: text`; nothing was changed",
        ),
        // The clocks skip 02:30 in New York that night.
        (
            "2024-03-10 02:30 in the gap\n",
            &["--tz", "America/New_York"],
            "bad.log:1: ",
        ),
    ];
    for (text, extra, message) in cases {
        fs::write(&bad, text).unwrap();
        let mut args = vec![
            "import",
            "text",
            "bad.log",
            "--date",
            "2024-03-10",
            "--into",
            id,
        ];
        args.extend_from_slice(extra);
        let r = run(&sb, &args);
        assert_eq!(r.code, Some(1), "{text}: {}", r.stderr);
        assert!(
            r.stderr.starts_with(&format!("error: {message}")),
            "{text}: {}",
            r.stderr
        );
        assert_eq!(sb.read(id), before, "{text}");
    }
    // A shape without dates needs --date.
    fs::write(&bad, "[09:00] <a> x\n").unwrap();
    let r = run(&sb, &["import", "text", "bad.log", "--into", id]);
    assert!(
        r.stderr
            .contains("bad.log:1: the `[HH:MM] <nick> text` shape gives no date"),
        "{}",
        r.stderr
    );
    assert_eq!(
        sb.listing(),
        vec![format!("{id}.ron")]
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_dry_run_prints_what_would_be_added_and_writes_nothing() {
    let sb = Sandbox::new();
    let log = fixture("text/night-shift.log");
    let r = ok(
        &sb,
        &[
            "import",
            "text",
            &log,
            "--date",
            "2024-03-09",
            "--new",
            "--title",
            "Night",
            "--dry-run",
        ],
    );
    assert!(r.stdout.starts_with("dry run: would import 7 events into 2024-03-09-night (0 already there); nothing was changed\n"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("\n+ e4 2024-03-10T00:03:00+00:00 mira: failover to db-eu-3 started\n"),
        "{}",
        r.stdout
    );
    assert!(sb.listing().is_empty(), "{:?}", sb.listing());
}

fn slack_args<'a>(export: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["import", "slack", export, "--channel", "inc-db-failover"];
    a.extend_from_slice(extra);
    a
}

#[test]
fn a_slack_export_with_threads_edits_bots_emoji_and_rtl_text_imports_once() {
    let sb = Sandbox::new();
    let export = fixture("slack/export");
    ok(
        &sb,
        &slack_args(
            &export,
            &[
                "--new",
                "--title",
                "DB failover",
                "--important-reaction",
                ":pushpin:",
            ],
        ),
    );
    let id = "2024-03-09-db-failover";
    let inc = record(&sb, id);
    let got: Vec<(String, String, String, bool, String)> = inc
        .events
        .iter()
        .map(|e| {
            (
                at(e.at),
                e.actor.clone().unwrap_or_default(),
                e.text.clone(),
                e.important,
                e.origin.clone().unwrap_or_default(),
            )
        })
        .collect();
    let row = |t: &str, who: &str, text: &str, important: bool, ts: &str| {
        (
            t.to_string(),
            who.to_string(),
            text.to_string(),
            important,
            format!("slack:C0INC42/{ts}"),
        )
    };
    assert_eq!(
        got,
        vec![
            // Pinned; `<!here>`, `<url|text>` and emoji made readable.
            row(
                "2024-03-09T22:52:00+00:00",
                "Mira Okafor",
                "@here api-gw 5xx rising :fire: 🔥 see API dashboard (https://grafana.example.com/d/api)",
                true,
                "1710024720.000100"
            ),
            // The thread's replies follow their parent; a channel link by its name.
            row(
                "2024-03-09T22:55:00+00:00",
                "Tomás Ruiz",
                "↳ in reply to Mira Okafor: looking at #general for deploy notes & the replica",
                false,
                "1710024900.000200"
            ),
            row(
                "2024-03-09T23:05:00+00:00",
                "Mira Okafor",
                "↳ in reply to Mira Okafor: thanks @Tomás Ruiz :pray:",
                false,
                "1710025500.000400"
            ),
            // Right-to-left text and name, marked important by its pushpin reaction.
            row(
                "2024-03-09T22:58:00+00:00",
                "ليلى حداد",
                "تم تأكيد المشكلة في قاعدة البيانات",
                true,
                "1710025080.000300"
            ),
            row(
                "2024-03-09T23:03:00+00:00",
                "Tomás Ruiz",
                "failover to db-eu-3 started",
                false,
                "1710025380.000500"
            ),
            // No real name: the user name.
            row(
                "2024-03-09T23:20:00+00:00",
                "sam.k",
                "is checkout affected?",
                false,
                "1710026400.000000"
            ),
            // Edited by a message_changed entry: the latest text.
            row(
                "2024-03-10T00:06:00+00:00",
                "Tomás Ruiz",
                "errors back to baseline, replication caught up",
                false,
                "1710029160.000100"
            ),
        ]
    );
    assert_eq!(inc.sources[0].id, "slack-inc-db-failover");
    reimport_adds_nothing(
        &sb,
        id,
        &slack_args(&export, &["--into", id, "--important-reaction", "pushpin"]),
    );
    let json = views_work(&sb, id);
    assert_eq!(json[2]["text"], "تم تأكيد المشكلة في قاعدة البيانات");

    // Bots and joins when asked for: three more, and the rest is still there once.
    let r = ok(
        &sb,
        &slack_args(
            &export,
            &["--into", id, "--include-bots", "--include-joins"],
        ),
    );
    assert!(r.stderr.contains("imported 3 events into"), "{}", r.stderr);
    let inc = record(&sb, id);
    let extra: Vec<(&str, &str)> = inc.events[7..]
        .iter()
        .map(|e| (e.actor.as_deref().unwrap_or(""), e.text.as_str()))
        .collect();
    assert_eq!(
        extra,
        vec![
            ("ليلى حداد", "@ليلى حداد has joined the channel"),
            ("PagerDuty", "Triggered: DB replication lag > 30s"),
            ("ليلى حداد", "@ليلى حداد has left the channel"),
        ]
    );
}

#[test]
fn slack_since_and_until_choose_messages_and_threads_go_with_their_parent() {
    let sb = Sandbox::new();
    let export = fixture("slack/export");
    let r = ok(
        &sb,
        &slack_args(
            &export,
            &[
                "--since",
                "2024-03-09 23:00",
                "--until",
                "2024-03-09 23:59",
                "--new",
                "--title",
                "Window",
                "--dry-run",
            ],
        ),
    );
    let lines: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("+ ")).collect();
    assert_eq!(
        lines,
        vec![
            "+ e1 2024-03-09T23:03:00+00:00 Tomás Ruiz: failover to db-eu-3 started",
            "+ e2 2024-03-09T23:20:00+00:00 sam.k: is checkout affected?",
        ]
    );
}

#[test]
fn malformed_slack_exports_name_the_file_and_position() {
    let sb = Sandbox::new();
    ok(
        &sb,
        &[
            "import",
            "text",
            &fixture("text/deploy.log"),
            "--tz",
            "UTC",
            "--new",
            "--title",
            "Deploy",
        ],
    );
    let id = "2024-03-10-deploy";
    let before = sb.read(id);
    let export = sb.root().join("export");
    copy_dir(Path::new(&fixture("slack/export")), &export);
    let day = export.join("inc-db-failover/2024-03-10.json");
    fs::write(&day, "[\n  {\"type\": \"message\", \"ts\": \"1710029160.000100\",\n   \"text\": \"x\" \"user\": \"U01MIRA\"}\n]\n").unwrap();
    let r = run(
        &sb,
        &[
            "import",
            "slack",
            "export",
            "--channel",
            "inc-db-failover",
            "--into",
            id,
        ],
    );
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .starts_with("error: export/inc-db-failover/2024-03-10.json:3:16: expected"),
        "{}",
        r.stderr
    );
    fs::write(
        &day,
        r#"[{"type": "message", "ts": "yesterday", "text": "x"}]"#,
    )
    .unwrap();
    let r = run(
        &sb,
        &[
            "import",
            "slack",
            "export",
            "--channel",
            "inc-db-failover",
            "--into",
            id,
        ],
    );
    assert!(r.stderr.starts_with("error: export/inc-db-failover/2024-03-10.json: [0].ts: `yesterday` is not a Slack timestamp"), "{}", r.stderr);
    let r = run(
        &sb,
        &[
            "import",
            "slack",
            "export",
            "--channel",
            "inc-nope",
            "--into",
            id,
        ],
    );
    assert!(
        r.stderr.contains(
            "no channel `inc-nope` in the export; its channels: inc-db-failover, general"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(sb.read(id), before);
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let p: PathBuf = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn status_page_incidents_become_records_once() {
    let sb = Sandbox::new();
    let json = fixture("statuspage/incidents.json");
    let r = ok(&sb, &["import", "statuspage", &json]);
    assert_eq!(
        r.stdout,
        "2024-03-14-elevated-api-error-rates\n2024-03-09-delayed-webhook-deliveries\n"
    );
    assert!(
        r.stderr
            .contains("skipped 1 scheduled maintenance (import them with --maintenance)"),
        "{}",
        r.stderr
    );

    // Unresolved: stays open, windows still open.
    let open = record(&sb, "2024-03-14-elevated-api-error-rates");
    assert_eq!(
        (open.status, open.severity),
        (Status::Monitoring, Severity::new("Sev2"))
    );
    assert_eq!(open.timezone, "America/New_York");
    // The provider's own word is kept beside the severity it maps to.
    assert!(open.tags.is_empty());
    let label = open.provider_severity.as_ref().map(|p| p.label.as_str());
    assert_eq!(label, Some("major"));
    assert_eq!(open.references.len(), 1);
    assert_eq!(open.references[0].id.as_deref(), Some("p0nd3r1ng01"));
    let m = &open.moments;
    // The public was first told at the first update.
    assert_eq!(
        m.communicated.as_ref().map(|m| at(m.at)).as_deref(),
        Some("2024-03-14T10:05:00-04:00")
    );
    assert_eq!(
        m.started.as_ref().map(|m| at(m.at)).as_deref(),
        Some("2024-03-14T10:00:00-04:00")
    );
    assert_eq!(
        m.started.as_ref().and_then(|m| m.note.as_deref()),
        Some("the status page's started_at")
    );
    assert_eq!(
        m.mitigated.as_ref().map(|m| at(m.at)).as_deref(),
        Some("2024-03-14T11:10:00-04:00")
    );
    assert!(m.resolved.is_none() && m.detected.is_none());
    let texts: Vec<(String, &str, &str)> = open
        .events
        .iter()
        .map(|e| (at(e.at), e.text.as_str(), e.origin.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        texts,
        vec![
            // HTML, by display_at.
            (
                "2024-03-14T10:05:00-04:00".to_string(),
                "Investigating: We are investigating elevated error rates on the API & dashboard. Details: incident page (https://status.acme.example/incidents/p0nd3r1ng01)",
                "statuspage:p0nd3r1ng01/u1inv"
            ),
            // Markdown.
            (
                "2024-03-14T10:40:00-04:00".to_string(),
                "Identified: Cause found: A bad configuration push to the edge proxies; Rolling back now",
                "statuspage:p0nd3r1ng01/u2ide"
            ),
            // The status changed: a status event of its own, just after the update.
            (
                "2024-03-14T10:40:00-04:00".to_string(),
                "status: investigating → identified",
                "statuspage:p0nd3r1ng01/u2ide/status"
            ),
            (
                "2024-03-14T11:10:00-04:00".to_string(),
                "Monitoring: A fix has been deployed. We are monitoring the results; see our runbook (https://docs.acme.example/api-errors).",
                "statuspage:p0nd3r1ng01/u3mon"
            ),
            (
                "2024-03-14T11:10:00-04:00".to_string(),
                "status: identified → monitoring",
                "statuspage:p0nd3r1ng01/u3mon/status"
            ),
        ]
    );
    let kinds: Vec<EventKind> = open.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Communication,
            EventKind::Communication,
            EventKind::Note,
            EventKind::Communication,
            EventKind::Note
        ]
    );
    assert!(
        open.events
            .iter()
            .all(|e| e.actor.as_deref() == Some("Acme Cloud"))
    );
    // Each update is a public update with its state, on the status page.
    let states: Vec<&str> = open
        .events
        .iter()
        .filter_map(|e| e.update.as_ref())
        .map(|u| u.state.token())
        .collect();
    assert_eq!(states, ["investigating", "identified", "monitoring"]);
    assert!(
        open.events
            .iter()
            .filter(|e| e.kind == EventKind::Communication)
            .all(|e| e.update.as_ref().and_then(|u| u.channel.as_deref()) == Some("status page"))
    );
    let windows: Vec<(&str, String, String, Level)> = open
        .services
        .iter()
        .flat_map(|s| {
            s.windows
                .iter()
                .map(move |w| (s.name.as_str(), at(w.from), at(w.to), w.level))
        })
        .collect();
    assert_eq!(
        windows,
        vec![
            (
                "API",
                "2024-03-14T10:05:00-04:00".to_string(),
                "2024-03-14T11:10:00-04:00".to_string(),
                Level::Outage
            ),
            (
                "API",
                "2024-03-14T11:10:00-04:00".to_string(),
                "open".to_string(),
                Level::Degraded
            ),
            (
                "Dashboard",
                "2024-03-14T10:05:00-04:00".to_string(),
                "open".to_string(),
                Level::Degraded
            ),
        ]
    );
    let source = &open.sources[0];
    assert_eq!(
        (
            source.id.as_str(),
            source.url.as_deref(),
            source.title.as_str()
        ),
        (
            "statuspage-p0nd3r1ng01",
            Some("https://stspg.io/abc123"),
            "Acme Cloud status page: Elevated API error rates"
        )
    );
    assert!(
        source
            .note
            .as_deref()
            .unwrap()
            .contains("the provider's impact: major (recorded as Sev2")
    );

    // Across the change to daylight saving time on 10 March, over three days.
    let dst = record(&sb, "2024-03-09-delayed-webhook-deliveries");
    assert_eq!(
        (dst.status, dst.severity),
        (Status::Resolved, Severity::new("Sev3"))
    );
    let times: Vec<String> = dst
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Communication)
        .map(|e| at(e.at))
        .collect();
    assert_eq!(
        times,
        [
            "2024-03-09T23:41:00-05:00",
            "2024-03-10T03:30:00-04:00",
            "2024-03-11T08:00:00-04:00",
            "2024-03-11T10:15:00-04:00",
            "2024-03-12T09:00:00-04:00"
        ]
    );
    // Every update changed the status: four status events, in the page's words.
    let changes: Vec<(String, &str)> = dst
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Note)
        .map(|e| (at(e.at), e.text.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "2024-03-10T03:30:00-04:00".to_string(),
                "status: investigating → identified"
            ),
            (
                "2024-03-11T08:00:00-04:00".to_string(),
                "status: identified → monitoring"
            ),
            (
                "2024-03-11T10:15:00-04:00".to_string(),
                "status: monitoring → resolved"
            ),
            (
                "2024-03-12T09:00:00-04:00".to_string(),
                "status: resolved → postmortem"
            ),
        ]
    );
    assert_eq!(
        dst.events[7].text,
        "Postmortem: Our postmortem is on the blog (https://acme.example/blog/webhooks)."
    );
    assert_eq!(
        dst.moments.resolved.as_ref().map(|m| at(m.at)).as_deref(),
        Some("2024-03-11T10:15:00-04:00")
    );
    let hooks = &dst.services[0];
    assert_eq!(hooks.name, "Webhooks");
    assert_eq!(
        hooks
            .windows
            .iter()
            .map(|w| (at(w.from), at(w.to), w.level))
            .collect::<Vec<_>>(),
        vec![(
            "2024-03-09T23:41:00-05:00".to_string(),
            "2024-03-11T10:15:00-04:00".to_string(),
            Level::Degraded
        )]
    );
    // Named without times.
    let mail = &dst.services[1];
    assert_eq!(mail.name, "Email notifications");
    assert!(mail.windows.is_empty());
    assert_eq!(
        mail.note.as_deref(),
        Some("named by the status page; no update says when it was hit (times unknown)")
    );

    let before_open = sb.read("2024-03-14-elevated-api-error-rates");
    reimport_adds_nothing(
        &sb,
        "2024-03-09-delayed-webhook-deliveries",
        &["import", "statuspage", &json],
    );
    assert_eq!(sb.read("2024-03-14-elevated-api-error-rates"), before_open);
    for id in [
        "2024-03-14-elevated-api-error-rates",
        "2024-03-09-delayed-webhook-deliveries",
    ] {
        let tl = views_work(&sb, id);
        assert_eq!(tl[0]["kind"], "communication");
    }
    let impact = ok(&sb, &["impact", "webhook"]);
    assert!(impact.stdout.contains("Webhooks"), "{}", impact.stdout);
}

#[test]
fn scheduled_maintenance_is_imported_only_when_asked() {
    let sb = Sandbox::new();
    let json = fixture("statuspage/incidents.json");
    let r = ok(
        &sb,
        &["import", "statuspage", &json, "--maintenance", "--dry-run"],
    );
    assert!(
        r.stdout
            .contains("would import 5 events into 2024-03-05-database-upgrade"),
        "{}",
        r.stdout
    );
    assert!(sb.listing().is_empty());
    ok(&sb, &["import", "statuspage", &json, "--maintenance"]);
    let m = record(&sb, "2024-03-05-database-upgrade");
    assert_eq!(
        (m.status, m.severity),
        (Status::Resolved, Severity::new("Sev4"))
    );
    let label = m.provider_severity.as_ref().map(|p| p.label.as_str());
    assert_eq!(label, Some("maintenance"));
    // Under maintenance is not impact: the component is named, without windows.
    assert_eq!(m.services[0].name, "Database");
    assert!(m.services[0].windows.is_empty());
    assert_eq!(m.events[1].text, "In progress: Maintenance is in progress.");
    // The maintenance states change too: scheduled → in progress → completed.
    assert_eq!(m.events[2].text, "status: scheduled → in progress");
    assert_eq!(m.events[4].text, "status: in progress → completed");
    views_work(&sb, "2024-03-05-database-upgrade");
}

#[test]
fn status_page_errors_name_the_json_path_and_into_takes_one_incident() {
    let sb = Sandbox::new();
    let bad = sb.root().join("sp.json");
    fs::write(&bad, r#"{"incidents": [{"id": "x", "name": "n", "status": "resolved", "created_at": "last tuesday"}]}"#).unwrap();
    let r = run(&sb, &["import", "statuspage", "sp.json"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.starts_with("error: sp.json: incidents[0]: "),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing was changed"), "{}", r.stderr);
    fs::write(&bad, "{\"incidents\": [\n  {\"id\": \"x\",}\n]}").unwrap();
    let r = run(&sb, &["import", "statuspage", "sp.json"]);
    assert!(
        r.stderr.starts_with("error: sp.json:2:14: trailing comma"),
        "{}",
        r.stderr
    );
    assert!(sb.listing().is_empty());

    ok(
        &sb,
        &[
            "import",
            "text",
            &fixture("text/deploy.log"),
            "--tz",
            "UTC",
            "--new",
            "--title",
            "Deploy",
        ],
    );
    let r = run(
        &sb,
        &[
            "import",
            "statuspage",
            &fixture("statuspage/incidents.json"),
            "--into",
            "deploy",
        ],
    );
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .contains("--into takes one incident; the input has 2"),
        "{}",
        r.stderr
    );
}

#[test]
fn one_bare_incident_goes_into_a_chosen_record() {
    let sb = Sandbox::new();
    let list: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(fixture("statuspage/incidents.json")).unwrap())
            .unwrap();
    // The incident alone, as a bare object.
    fs::write(sb.root().join("one.json"), list["incidents"][1].to_string()).unwrap();
    ok(
        &sb,
        &[
            "import",
            "text",
            &fixture("text/deploy.log"),
            "--tz",
            "America/New_York",
            "--new",
            "--title",
            "Deploy",
        ],
    );
    let id = "2024-03-10-deploy";
    let r = ok(&sb, &["import", "statuspage", "one.json", "--into", id]);
    assert!(
        r.stderr
            .contains("imported 9 events into 2024-03-10-deploy (0 already there)"),
        "{}",
        r.stderr
    );
    let inc = record(&sb, id);
    // The record keeps its own start (01:58, from the log); the page's earlier updates come
    // before it and are marked precursors; its resolution and mitigation are new.
    assert_eq!(
        inc.moments.started.as_ref().map(|m| at(m.at)).as_deref(),
        Some("2024-03-10T01:58:12-05:00")
    );
    assert_eq!(
        inc.moments.resolved.as_ref().map(|m| at(m.at)).as_deref(),
        Some("2024-03-11T10:15:00-04:00")
    );
    let precursors: Vec<&str> = inc
        .events
        .iter()
        .filter(|e| e.precursor)
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(precursors, ["e4"]);
    assert_eq!(
        inc.events[3].origin.as_deref(),
        Some("statuspage:dst5pan0001/w1")
    );
    assert_eq!(
        inc.status,
        Status::Investigating,
        "--into leaves the status to the record"
    );
    reimport_adds_nothing(&sb, id, &["import", "statuspage", "one.json", "--into", id]);
    views_work(&sb, id);
}

#[test]
fn only_a_status_that_differs_from_the_update_before_is_a_status_event() {
    let sb = Sandbox::new();
    // Two investigating updates, then identified, then resolved; `page` after the list, as
    // a streaming reader must accept it.
    let json = r#"{"incidents": [{"id": "st4tus01", "name": "Login failures", "status": "resolved",
        "impact": "minor", "created_at": "2024-02-20T09:00:00Z", "resolved_at": "2024-02-20T10:30:00Z",
        "incident_updates": [
          {"id": "a4", "status": "resolved", "body": "Fixed.", "created_at": "2024-02-20T10:30:00Z"},
          {"id": "a1", "status": "investigating", "body": "Looking.", "created_at": "2024-02-20T09:05:00Z"},
          {"id": "a2", "status": "investigating", "body": "Still looking.", "created_at": "2024-02-20T09:20:00Z"},
          {"id": "a3", "status": "identified", "body": "Found it.", "created_at": "2024-02-20T09:45:00Z"}
        ]}],
        "page": {"id": "pg", "name": "Acme", "time_zone": "Etc/UTC"}}"#;
    fs::write(sb.root().join("st.json"), json).unwrap();
    let r = ok(&sb, &["import", "statuspage", "st.json"]);
    assert_eq!(r.stdout, "2024-02-20-login-failures\n");
    let inc = record(&sb, "2024-02-20-login-failures");
    let events: Vec<(&str, String, EventKind, &str, &str)> = inc
        .events
        .iter()
        .map(|e| {
            (
                e.id.as_str(),
                at(e.at),
                e.kind,
                e.text.as_str(),
                e.origin.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            (
                "e1",
                "2024-02-20T09:05:00+00:00".to_string(),
                EventKind::Communication,
                "Investigating: Looking.",
                "statuspage:st4tus01/a1"
            ),
            (
                "e2",
                "2024-02-20T09:20:00+00:00".to_string(),
                EventKind::Communication,
                "Investigating: Still looking.",
                "statuspage:st4tus01/a2"
            ),
            (
                "e3",
                "2024-02-20T09:45:00+00:00".to_string(),
                EventKind::Communication,
                "Identified: Found it.",
                "statuspage:st4tus01/a3"
            ),
            (
                "e4",
                "2024-02-20T09:45:00+00:00".to_string(),
                EventKind::Note,
                "status: investigating → identified",
                "statuspage:st4tus01/a3/status"
            ),
            (
                "e5",
                "2024-02-20T10:30:00+00:00".to_string(),
                EventKind::Communication,
                "Resolved: Fixed.",
                "statuspage:st4tus01/a4"
            ),
            (
                "e6",
                "2024-02-20T10:30:00+00:00".to_string(),
                EventKind::Note,
                "status: identified → resolved",
                "statuspage:st4tus01/a4/status"
            ),
        ]
    );
    // The status events are the page's, cite it, and are not public updates themselves.
    for e in inc.events.iter().filter(|e| e.kind == EventKind::Note) {
        assert_eq!(e.actor.as_deref(), Some("Acme"));
        assert_eq!(e.sources, ["statuspage-st4tus01"]);
        assert!(e.update.is_none());
    }
    reimport_adds_nothing(
        &sb,
        "2024-02-20-login-failures",
        &["import", "statuspage", "st.json"],
    );
    let tl = views_work(&sb, "2024-02-20-login-failures");
    assert_eq!(tl[3]["text"], "status: investigating → identified");
}

#[test]
fn a_streamed_status_page_names_the_incident_at_fault_and_where() {
    let sb = Sandbox::new();
    let good =
        r#"{"id": "g1", "name": "n", "status": "resolved", "created_at": "2024-03-01T10:00:00Z"}"#;
    let bad = r#"{"id": "b1", "name": "n", "status": "resolved", "created_at": 17}"#;
    fs::write(
        sb.root().join("sp.json"),
        format!("{{\"incidents\": [\n{good},\n{good},\n{bad}]}}"),
    )
    .unwrap();
    let r = run(&sb, &["import", "statuspage", "sp.json"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.starts_with(
            "error: sp.json: incidents[2]: invalid type: integer `17`, expected an RFC 3339 formatted date and time string (line 4, column 65); nothing was changed"
        ),
        "{}",
        r.stderr
    );
    fs::write(sb.root().join("sp.json"), r#"{"incidents": "none"}"#).unwrap();
    let r = run(&sb, &["import", "statuspage", "sp.json"]);
    assert!(
        r.stderr.starts_with(
            "error: sp.json: incidents: invalid type: string \"none\", expected a list"
        ),
        "{}",
        r.stderr
    );
    fs::write(sb.root().join("sp.json"), "[1, 2]").unwrap();
    let r = run(&sb, &["import", "statuspage", "sp.json"]);
    assert!(
        r.stderr.starts_with(
            "error: sp.json: $: invalid type: sequence, expected an object: an incident list, summary.json or one incident"
        ),
        "{}",
        r.stderr
    );
    assert!(sb.listing().is_empty());
}
