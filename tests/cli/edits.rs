//! The writing commands, run as the real binary on temporary copies (never on the shipped
//! `incidents/`): nothing logged is lost, failed writes change nothing, comments are kept or
//! the write is refused, appends diff as added lines only.

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use proptest::prelude::*;

use incident::files::canonical::to_canonical;
use incident::model::change::{self, NewEvent, NewRecord, NewWindow};
use incident::model::record::{EventKind, Incident, IncidentKind, Level, Severity, TargetKind};
use incident::model::time::{Instant, When, Zone};

use crate::common::{HK_FILE, HK_TEXT, ROOT, Sandbox, incident, run};

const ID: &str = "2024-03-01-payments-db-failover";

/// A sandbox with one fresh record, started 2024-03-01 09:00 Europe/Berlin.
fn sandbox_with_new_record() -> Sandbox {
    let sb = Sandbox::new();
    sb.cmd(&[
        "new",
        "--title",
        "Payments DB failover",
        "--severity",
        "sev2",
        "--started",
        "2024-03-01 09:00",
        "--tz",
        "Europe/Berlin",
    ])
    .assert()
    .success();
    sb
}

fn load(path: &Path) -> Incident {
    incident::files::load::load_file(path).unwrap().incident
}

/// True when `new` is `old` with one block of lines inserted, nothing changed or removed.
fn is_one_insertion(old: &str, new: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    if b.len() <= a.len() {
        return false;
    }
    let k = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let added = b.len() - a.len();
    b[..k] == a[..k] && b[k + added..] == a[k..]
}

#[test]
fn eight_writers_keep_all_two_hundred_events() {
    let sb = sandbox_with_new_record();
    let root = sb.root().to_path_buf();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let root = root.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    let out = run(incident().current_dir(&root).args([
                        "log",
                        ID,
                        &format!("writer {t} event {i}"),
                        "--at",
                        "2024-03-01 10:00",
                    ]));
                    assert!(out.success(), "{}", out.stderr);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let inc = load(&sb.file(ID));
    assert_eq!(inc.events.len(), 200);
    for t in 0..8 {
        for i in 0..25 {
            let text = format!("writer {t} event {i}");
            assert_eq!(
                inc.events.iter().filter(|e| e.text == text).count(),
                1,
                "{text}"
            );
        }
    }
    let mut ids: Vec<String> = inc.events.iter().map(|e| e.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 200);
    // Each writer's own events are in the order it wrote them.
    for t in 0..8 {
        let mine: Vec<&str> = inc
            .events
            .iter()
            .filter(|e| e.text.starts_with(&format!("writer {t} ")))
            .map(|e| e.text.as_str())
            .collect();
        let expected: Vec<String> = (0..25).map(|i| format!("writer {t} event {i}")).collect();
        assert_eq!(mine, expected);
    }
    assert_eq!(sb.read(ID), to_canonical(&inc).unwrap());
    sb.cmd(&["check", "--deny-warnings"]).assert().success();
    // Nothing but the record: writers lock the folder, not a lock file, and leave no
    // temporary file behind.
    assert_eq!(sb.listing(), vec![format!("{ID}.ron")]);
}

#[test]
fn failed_writes_leave_the_file_byte_for_byte() {
    let sb = sandbox_with_new_record();
    sb.cmd(&["log", ID, "first", "--at", "2024-03-01 09:05"])
        .assert()
        .success();
    sb.cmd(&[
        "action",
        "add",
        ID,
        "Add a replica",
        "--type",
        "prevent",
        "--owner",
        "dba",
    ])
    .assert()
    .success();
    let before = fs::read(sb.file(ID)).unwrap();
    let listing = sb.listing();
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["log", ID, "x", "--at", "25:99"],
            2,
            "cannot read the time `25:99`",
        ),
        (
            &["log", ID, "x", "--at", "yesterday"],
            2,
            "hint: accepted forms",
        ),
        (&["log", ID, "x", "--at", "ongoing"], 2, "is an open end"),
        (
            &["log", ID, "x", "--at", "2024-03-01 16:20..2024-03-01 15:20"],
            2,
            "ends (2024-03-01 15:20) before it starts (2024-03-01 16:20)",
        ),
        (
            &["log", ID, "x", "--at", "2024-03-01 09:20 Mars/Base"],
            2,
            "unknown time zone `Mars/Base`",
        ),
        (
            &["impact", "end", ID, "DB", "--at", "open"],
            2,
            "is an open end",
        ),
        (&["log", ID, "x", "--at", "2024-03-01 08:00"], 1, "E115"),
        (&["log", ID, "   ", "--at", "2024-03-01 09:10"], 1, "E104"),
        (
            &["log", ID, "x", "--source", "nowhere"],
            1,
            "no source `nowhere`",
        ),
        (
            &["log", ID, "x", "--kind", "oops"],
            2,
            "possible values: detection",
        ),
        (
            &["log", "no-such-incident", "x"],
            1,
            "no incident `no-such-incident`",
        ),
        (
            &["log", ID, "x", "--tz", "Mars/Base"],
            2,
            "unknown time zone",
        ),
        (
            &[
                "impact",
                "add",
                ID,
                "--service",
                "DB",
                "--from",
                "09:00",
                "--level",
                "bad",
            ],
            2,
            "possible values: outage",
        ),
        (
            &[
                "impact",
                "add",
                ID,
                "--service",
                "DB",
                "--from",
                "2024-03-01 10:00",
                "--to",
                "2024-03-01 09:00",
            ],
            1,
            "E110",
        ),
        (
            &["impact", "end", ID, "DB"],
            1,
            "no service or customer named `DB`",
        ),
        (&["action", "done", ID, "A9"], 1, "no action item `A9`"),
        (&["action", "set", ID, "A1"], 1, "nothing to change"),
        (
            &["action", "add", ID, "x", "--type", "fix"],
            2,
            "possible values: prevent",
        ),
        (
            &[
                "action", "add", ID, "x", "--type", "detect", "--due", "soon",
            ],
            2,
            "expected a date",
        ),
        (
            &["status", ID, "sleeping"],
            2,
            "possible values: investigating",
        ),
        (&["resolve", ID, "--at", "2024-03-01 08:00"], 1, "E114"),
    ];
    for (args, code, message) in cases {
        let out = sb.run(args);
        assert_eq!(out.code, Some(*code), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(message), "{args:?}: {}", out.stderr);
        assert_eq!(
            fs::read(sb.file(ID)).unwrap(),
            before,
            "{args:?} changed the file"
        );
        assert_eq!(sb.listing(), listing, "{args:?} left a file behind");
    }
}

#[cfg(unix)]
#[test]
fn read_only_records_and_folders_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let sb = sandbox_with_new_record();
    sb.cmd(&["log", ID, "first", "--at", "2024-03-01 09:05"])
        .assert()
        .success();
    let file = sb.file(ID);
    let before = fs::read(&file).unwrap();

    // A read-only file: the tool checks the permission itself (an atomic rename would replace
    // it otherwise), so this holds even when the tests run as root.
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    let out = sb.run(&["log", ID, "second", "--at", "2024-03-01 09:06"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("is read-only; nothing was changed"),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read(&file).unwrap(), before);
    let out = sb.run(&["fmt", "--strip-comments", ID]);
    assert_eq!(out.code, Some(0), "already canonical: nothing to write");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();

    // A read-only folder: the temporary file cannot be created. Root ignores folder
    // permissions; then there is no way to make the folder read-only from here.
    let dir = sb.dir();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join("probe");
    if fs::write(&probe, b"x").is_ok() {
        let _ = fs::remove_file(&probe);
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!(
            "skipped the read-only folder case: this process may write to read-only folders (running as root)"
        );
        return;
    }
    let listing = sb.listing();
    let out = sb.run(&["log", ID, "second", "--at", "2024-03-01 09:06"]);
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("was left unchanged"), "{}", out.stderr);
    assert_eq!(fs::read(&file).unwrap(), before);
    assert_eq!(sb.listing(), listing);
}

/// The record with hand-written comments: one at the top, one inside `moments`, one beside
/// an event.
fn commented(sb: &Sandbox) -> String {
    sb.cmd(&["log", ID, "first", "--at", "2024-03-01 09:05"])
        .assert()
        .success();
    let text = sb
        .read(ID)
        .replace(
            "(\n    schema: 3,",
            "// Written by hand during the call.\n(\n    schema: 3,",
        )
        .replace(
            "        started: (\n",
            "        started: ( // from the pager\n",
        )
        .replace(
            "            text: \"first\",\n",
            "            text: \"first\", /* check */\n",
        );
    fs::write(sb.file(ID), &text).unwrap();
    sb.cmd(&["check"]).assert().success();
    text
}

#[test]
fn log_and_status_keep_comments() {
    let sb = sandbox_with_new_record();
    let before = commented(&sb);
    let out = sb.run(&["log", ID, "second", "--at", "2024-03-01 09:06"]);
    assert!(out.success(), "{}", out.stderr);
    let after_log = sb.read(ID);
    assert!(is_one_insertion(&before, &after_log), "{after_log}");
    for c in ["// Written by hand", "// from the pager", "/* check */"] {
        assert!(after_log.contains(c), "{c} lost");
    }
    // The status value is replaced in place and the change logged; comments stay.
    sb.cmd(&[
        "status",
        ID,
        "identified",
        "--at",
        "2024-03-01 09:07",
        "--by",
        "ana",
    ])
    .assert()
    .success();
    let after_status = sb.read(ID);
    let logged = "        (\n            id: \"e3\",\n            at: At(\"2024-03-01T09:07:00+01:00\"),\n            kind: Note,\n            text: \"status: investigating → identified\",\n            actor: \"ana\",\n        ),\n    ],\n    causes:";
    assert_eq!(
        after_status,
        after_log
            .replace("status: Investigating,", "status: Identified,")
            .replacen("    ],\n    causes:", logged, 1)
    );
    // Window and action appends keep them too.
    sb.cmd(&[
        "impact",
        "add",
        ID,
        "--service",
        "DB",
        "--from",
        "2024-03-01 09:00",
    ])
    .assert()
    .success();
    sb.cmd(&[
        "action",
        "add",
        ID,
        "Alert on lag",
        "--type",
        "detect",
        "--owner",
        "dba",
    ])
    .assert()
    .success();
    sb.cmd(&["impact", "end", ID, "DB", "--at", "2024-03-01 09:50"])
        .assert()
        .success();
    let text = sb.read(ID);
    for c in ["// Written by hand", "// from the pager", "/* check */"] {
        assert!(text.contains(c), "{c} lost");
    }
    sb.cmd(&["check", "--deny-warnings"]).assert().success();
}

#[test]
fn a_rewrite_that_would_drop_comments_is_refused_until_stripped() {
    let sb = sandbox_with_new_record();
    commented(&sb);
    let before = fs::read(sb.file(ID)).unwrap();
    // Moving the start replaces `moments.started`, which holds a comment: that needs a
    // rewrite. (Resolving no longer does: `moments.resolved` is inserted beside it.)
    let out = sb.run(&["moment", "set", ID, "started", "--at", "2024-03-01 08:55"]);
    assert_eq!(out.code, Some(1));
    let err = &out.stderr;
    assert!(err.contains("has comments (line 1)"), "{err}");
    assert!(
        err.contains(&format!("incident fmt --strip-comments {ID}")),
        "{err}"
    );
    assert_eq!(fs::read(sb.file(ID)).unwrap(), before);
    // fmt refuses too, unless told to drop them.
    let out = sb.run(&["fmt", ID]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("has comments"), "{}", out.stderr);
    assert_eq!(fs::read(sb.file(ID)).unwrap(), before);
    sb.cmd(&["fmt", "--check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "not canonical: incidents/{ID}.ron"
        )));
    sb.cmd(&["fmt", "--strip-comments", ID]).assert().success();
    assert!(incident::files::locate::first_comment(&sb.read(ID)).is_none());
    sb.cmd(&["moment", "set", ID, "started", "--at", "2024-03-01 08:55"])
        .assert()
        .success();
    sb.cmd(&["check", "--deny-warnings"]).assert().success();
}

#[test]
fn new_titles_stay_inside_the_incidents_folder() {
    let sb = Sandbox::new();
    let titles = [
        ("../../etc/passwd", "2024-03-01-etc-passwd"),
        ("事故", "2024-03-01-u4e8b-u6545"),
        ("..", "2024-03-01-incident"),
        // The same slug again that day: numbered, never overwritten.
        ("/", "2024-03-01-incident-2"),
        ("a\\b/../c\u{1b}[31m", "2024-03-01-a-b-c-31m"),
        ("Zürich DC: power", "2024-03-01-z-ufc-rich-dc-power"),
    ];
    for (title, id) in titles {
        let out = sb.run(&[
            "new",
            "--title",
            title,
            "--severity",
            "sev3",
            "--started",
            "2024-03-01T09:00:00Z",
            "--tz",
            "UTC",
        ]);
        assert!(out.success(), "{title}: {}", out.stderr);
        assert_eq!(out.stdout, format!("{id}\n"), "{title}");
        assert!(
            out.stderr
                .starts_with(&format!("created incidents/{id}.ron\n")),
            "{title}: {}",
            out.stderr
        );
        let inc = load(&sb.file(id));
        assert_eq!(inc.title, title);
    }
    let listing = sb.listing();
    assert!(
        listing
            .iter()
            .all(|n| !n.contains('/') && !n.contains("..")),
        "{listing:?}"
    );
    assert!(!sb.root().join("etc").exists());
    sb.cmd(&["check", "--deny-warnings"]).assert().success();
}

#[test]
fn new_without_a_folder_says_how_to_make_one() {
    let tmp = tempfile::tempdir().unwrap();
    let new = |extra: &[&str]| {
        let mut c = incident();
        c.current_dir(tmp.path())
            .env("TZ", "Asia/Hong_Kong")
            .args([
                "new",
                "--title",
                "Outage",
                "--severity",
                "sev1",
                "--started",
                "2024-03-01 09:00",
            ])
            .args(extra);
        c
    };
    new(&[]).assert().code(1).stderr(predicate::str::contains(
        "create one with `mkdir incidents`",
    ));
    assert!(!tmp.path().join("incidents").exists());
    new(&["--dir", "incidents"])
        .assert()
        .success()
        .stdout("2024-03-01-outage\n")
        .stderr(predicate::str::contains(
            "home zone: Asia/Hong_Kong (your zone, from TZ",
        ));
    assert!(tmp.path().join("incidents/2024-03-01-outage.ron").is_file());
    // The same title again gets the next number; a chosen id that is taken is refused.
    new(&["--dir", "incidents"]).assert().success();
    assert!(
        tmp.path()
            .join("incidents/2024-03-01-outage-2.ron")
            .is_file()
    );
    new(&["--dir", "incidents", "--id", "2024-03-01-outage"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn the_shipped_record_is_canonical() {
    let text = fs::read_to_string(Path::new(ROOT).join(HK_FILE)).unwrap();
    let inc: Incident = incident::files::load::parse_text(Path::new(HK_FILE), &text).unwrap();
    assert_eq!(to_canonical(&inc).unwrap(), text);
    let out = run(incident().args(["fmt", "--check", HK_FILE]));
    assert!(out.success(), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "1 record(s) checked: 0 not in the canonical layout\n"
    );
}

#[test]
fn fmt_check_lists_and_fmt_fixes_then_is_idempotent() {
    let sb = Sandbox::with_record(HK_TEXT);
    let id = "2022-12-18-hk-zone-c";
    let messy = sb
        .read(id)
        .replace("    schema: 1,\n", "  schema:1,\n")
        .replace("    kind: Real,", "kind: Real,");
    fs::write(sb.file(id), &messy).unwrap();
    sb.cmd(&["fmt", "--check"])
        .assert()
        .code(1)
        .stdout("not canonical: incidents/2022-12-18-hk-zone-c.ron\n1 record(s) checked: 1 not in the canonical layout\n");
    assert_eq!(sb.read(id), messy);
    sb.cmd(&["fmt"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "formatted: incidents/2022-12-18-hk-zone-c.ron",
        ));
    assert_eq!(sb.read(id), HK_TEXT);
    sb.cmd(&["fmt"])
        .assert()
        .success()
        .stdout("")
        .stderr("1 record(s): 0 formatted\n");
    sb.cmd(&["fmt", "--check"]).assert().success();
}

#[test]
fn appends_to_the_shipped_record_are_added_lines_only() {
    let sb = Sandbox::with_record(HK_TEXT);
    let id = "2022-12-18-hk-zone-c";
    let steps: &[&[&str]] = &[
        &[
            "log",
            id,
            "Postmortem review held",
            "--at",
            "2022-12-19 10:00",
            "--kind",
            "note",
        ],
        &[
            "log",
            id,
            "Statement published",
            "--at",
            "2022-12-25T12:00:00+08:00",
            "--kind",
            "communication",
            "--source",
            "statement",
        ],
        &[
            "impact",
            "add",
            id,
            "--service",
            "OSS (Zone C)",
            "--from",
            "2022-12-18 18:26",
            "--to",
            "2022-12-19 00:30",
            "--level",
            "degraded",
        ],
        &[
            "action",
            "add",
            id,
            "Chiller failover drill every quarter",
            "--type",
            "prevent",
            "--owner",
            "Alibaba Cloud",
        ],
    ];
    for args in steps {
        let before = sb.read(id);
        let out = sb.run(args);
        assert!(out.success(), "{args:?}: {}", out.stderr);
        let after = sb.read(id);
        assert!(
            is_one_insertion(&before, &after),
            "{args:?} changed existing lines"
        );
        assert_eq!(
            after,
            to_canonical(&load(&sb.file(id))).unwrap(),
            "{args:?}: not canonical"
        );
    }
    let inc = load(&sb.file(id));
    let e = inc.events.last().unwrap();
    assert_eq!(
        (e.id.as_str(), e.text.as_str()),
        ("e2", "Statement published")
    );
    // `YYYY-MM-DD HH:MM` is read in the home zone, Asia/Hong_Kong.
    assert_eq!(
        inc.events[inc.events.len() - 2]
            .at
            .instant()
            .unwrap()
            .rfc3339(),
        "2022-12-19T10:00:00+08:00"
    );
    let oss = inc
        .services
        .iter()
        .find(|s| s.name == "OSS (Zone C)")
        .unwrap();
    assert_eq!(oss.windows.len(), 3);
    assert_eq!(inc.actions.last().unwrap().id, "A4");
    sb.cmd(&["check"]).assert().success();
}

#[test]
fn a_whole_session_passes_check_and_reads_as_expected() {
    let sb = Sandbox::new();
    let steps: &[&[&str]] = &[
        &[
            "new",
            "--title",
            "Payments DB failover",
            "--severity",
            "sev2",
            "--started",
            "2024-03-01 09:00",
            "--tz",
            "Europe/Berlin",
        ],
        &[
            "log",
            "payments",
            "Replica lag alarm",
            "--at",
            "2024-03-01 09:04",
            "--kind",
            "detection",
            "--actor",
            "monitoring",
            "--important",
        ],
        &[
            "impact",
            "add",
            "payments",
            "--service",
            "Payments API",
            "--from",
            "2024-03-01 09:00",
        ],
        &[
            "impact",
            "add",
            "payments",
            "--customer",
            "Acme",
            "--from",
            "2024-03-01 09:10",
            "--to",
            "2024-03-01 09:40",
            "--level",
            "degraded",
            "--scope",
            "EU checkout",
        ],
        &[
            "status",
            "payments",
            "identified",
            "--at",
            "2024-03-01 09:15",
            "--by",
            "ana",
        ],
        &[
            "log",
            "payments",
            "Failover to the replica",
            "--at",
            "2024-03-01T08:20:00Z",
            "--kind",
            "action",
            "--actor",
            "alice",
        ],
        &[
            "impact",
            "end",
            "payments",
            "Payments API",
            "--at",
            "2024-03-01 09:50",
        ],
        &[
            "action",
            "add",
            "payments",
            "Alert on replica lag",
            "--type",
            "detect",
            "--owner",
            "dba",
            "--due",
            "2024-03-31",
            "--priority",
            "p2",
            "--opened",
            "2024-03-01",
        ],
        &["action", "set", "payments", "A1", "--status", "in-progress"],
        &["resolve", "payments", "--at", "2024-03-01 10:05"],
    ];
    let mut transcript = String::new();
    for args in steps {
        let out = sb.run(args);
        assert!(out.success(), "{args:?}: {}", out.stderr);
        let shell: Vec<String> = args
            .iter()
            .map(|a| {
                if a.contains(' ') {
                    format!("\"{a}\"")
                } else {
                    a.to_string()
                }
            })
            .collect();
        // Data (standard output), then what the writer did (standard error).
        transcript.push_str(&format!(
            "$ incident {}\n{}{}",
            shell.join(" "),
            out.stdout,
            out.stderr
        ));
        sb.cmd(&["check", "--deny-warnings"]).assert().success();
    }
    let inc = load(&sb.file(ID));
    // The first log, the status change, the failover, the status change of `resolve` and the
    // resolution.
    let texts: Vec<&str> = inc.events.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts.len(), 5, "{texts:?}");
    assert_eq!(texts[1], "status: investigating → identified");
    assert_eq!(inc.events[1].actor.as_deref(), Some("ana"));
    assert_eq!(texts[3], "status: identified → resolved");
    // The RFC 3339 time keeps the offset it was given.
    assert_eq!(
        inc.events[2].at.instant().unwrap().rfc3339(),
        "2024-03-01T08:20:00+00:00"
    );
    assert_eq!(inc.events[4].kind, EventKind::Resolution);
    assert_eq!(
        inc.moments
            .resolved
            .as_ref()
            .unwrap()
            .at
            .instant()
            .unwrap()
            .rfc3339(),
        "2024-03-01T10:05:00+01:00"
    );
    assert_eq!(sb.read(ID), to_canonical(&inc).unwrap());
    // `opened` is today, so it is left out of the snapshot.
    insta::assert_snapshot!("write_session", transcript);
}

fn inst(s: &str) -> Instant {
    s.parse().unwrap()
}

#[derive(Clone, Debug)]
enum Step {
    Event {
        minute: i64,
        kind: usize,
        text: String,
        important: bool,
    },
    Window {
        target: usize,
        customer: bool,
        from: i64,
        len: Option<i64>,
        level: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let text = "[a-zA-Z0-9 \"\\\\/*\\]\\[(),:'澳門é\n\t-]{1,40}"
        .prop_filter("not blank", |s| !s.trim().is_empty());
    prop_oneof![
        (0i64..600, 0usize..9, text, any::<bool>()).prop_map(|(minute, kind, text, important)| {
            Step::Event {
                minute,
                kind,
                text,
                important,
            }
        }),
        (
            0usize..3,
            any::<bool>(),
            0i64..600,
            proptest::option::of(0i64..300),
            0usize..3
        )
            .prop_map(|(target, customer, from, len, level)| Step::Window {
                target,
                customer,
                from,
                len,
                level
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Records built by writing random events and windows through `update` read back equal to
    /// the same edits made in memory, stay in the canonical layout, and `fmt` changes nothing.
    #[test]
    fn edits_through_update_round_trip(steps in proptest::collection::vec(step(), 1..12)) {
        let tmp = tempfile::tempdir().unwrap();
        let zone = Zone::Named(chrono_tz::Europe::Berlin);
        let start = inst("2024-03-31T00:30:00+01:00"); // the night the clocks change
        let mut expected = change::new_record(&NewRecord {
            title: "Property".into(),
            severity: Severity::new("Sev3"),
            kind: IncidentKind::Test,
            started: When::At(start),
            timezone: "Europe/Berlin".into(),
            zone,
            now: start,
        }).unwrap();
        let path = tmp.path().join(format!("{}.ron", expected.id));
        incident::files::write::create(&path, &expected, &incident::derive::validate::validate).unwrap();
        let at = |m: i64| Instant(zone.convert(start.get() + chrono::Duration::minutes(m)));
        for s in &steps {
            let apply = |inc: &mut Incident| match s.clone() {
                Step::Event { minute, kind, text, important } => {
                    change::append_event(inc, NewEvent {
                        at: When::At(at(minute)),
                        kind: EventKind::ALL[kind],
                        text,
                        actor: None,
                        sources: vec![],
                        important,
                        precursor: false,
                    });
                }
                Step::Window { target, customer, from, len, level } => {
                    let list = if customer { TargetKind::Customer } else { TargetKind::Service };
                    // A window over one of the same level is refused; the step then does nothing.
                    let _ = change::add_window(inc, list, ["DB", "API", "澳門日報"][target], NewWindow {
                        from: When::At(at(from)),
                        to: len.map_or(When::Open, |l| When::At(at(from + l))),
                        level: [Level::Outage, Level::Degraded, Level::AtRisk][level],
                        scope: None,
                    });
                }
            };
            let before = fs::read_to_string(&path).unwrap();
            let done = incident::files::write::update(&path, &incident::derive::validate::validate, |inc| { apply(inc); Ok(()) }).unwrap();
            apply(&mut expected);
            prop_assert_eq!(&done.incident, &expected);
            let after = fs::read_to_string(&path).unwrap();
            if matches!(s, Step::Event { .. }) && expected.events.len() > 1 {
                prop_assert!(is_one_insertion(&before, &after));
            }
        }
        let text = fs::read_to_string(&path).unwrap();
        prop_assert_eq!(&load(&path), &expected);
        prop_assert_eq!(&text, &to_canonical(&expected).unwrap());
        let reparsed: Incident = incident::files::load::parse_text(&path, &text).unwrap();
        prop_assert_eq!(to_canonical(&reparsed).unwrap(), text.clone());
        prop_assert_eq!(incident::files::write::format_file(&path, false, false).unwrap(), incident::files::write::Formatted::Unchanged);
        prop_assert_eq!(fs::read_to_string(&path).unwrap(), text);
    }
}

#[test]
fn the_first_detection_and_mitigation_events_set_their_moments() {
    let sb = sandbox_with_new_record();
    let o = sb.run(&[
        "log",
        "payments",
        "Alarm",
        "--at",
        "2024-03-01 09:04",
        "--kind",
        "detection",
    ]);
    assert!(o.success(), "{}", o.stderr);
    assert!(
        o.stderr
            .contains("set moments.detected to 2024-03-01T09:04:00+01:00"),
        "{}",
        o.stdout
    );
    let o = sb.run(&[
        "log",
        "payments",
        "Later alarm",
        "--at",
        "2024-03-01 09:30",
        "--kind",
        "detection",
    ]);
    assert!(
        !o.stdout.contains("set moments"),
        "an existing moment is never overwritten"
    );
    sb.cmd(&[
        "log",
        "payments",
        "Failover done",
        "--at",
        "2024-03-01 09:40",
        "--kind",
        "mitigation",
    ])
    .assert()
    .success()
    .stderr(predicates::str::contains("set moments.mitigated"));
    let inc = load(&sb.file(ID));
    let t = |m: Option<&incident::model::record::Moment>| {
        m.and_then(|m| m.at.instant()).map(|i| i.rfc3339())
    };
    assert_eq!(
        t(inc.moments.detected.as_ref()).as_deref(),
        Some("2024-03-01T09:04:00+01:00")
    );
    assert_eq!(
        t(inc.moments.mitigated.as_ref()).as_deref(),
        Some("2024-03-01T09:40:00+01:00")
    );
    // Time to detect is now known: 09:00 → 09:04.
    sb.cmd(&["show", "payments"])
        .assert()
        .success()
        .stdout(predicates::str::contains("4 min"));
    sb.cmd(&["check", "--deny-warnings"]).assert().success();
}

/// Unmounts the small file system when the test ends, however it ends.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_leaves_the_record_as_it_was() {
    let base = tempfile::tempdir().unwrap();
    let mnt = base.path().join("small");
    fs::create_dir(&mnt).unwrap();
    // A 96 KiB file system that we can fill; needs the privilege to mount (CI runs as root).
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=96k", "tmpfs"])
        .arg(&mnt)
        .output();
    if !mounted.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: cannot mount a small tmpfs here (not root, or no mount permission)");
        return;
    }
    let _guard = Mounted(mnt.clone());
    let dir = mnt.join("incidents");
    fs::create_dir(&dir).unwrap();
    let file = dir.join("2022-12-18-hk-zone-c.ron");
    fs::write(&file, HK_TEXT).unwrap();
    let before = fs::read(&file).unwrap();
    // Fill what is left, so the temporary copy of the record cannot be written.
    let filler = vec![b'x'; 4096];
    let mut f = fs::File::create(mnt.join("filler")).unwrap();
    while std::io::Write::write_all(&mut f, &filler).is_ok() {}
    drop(f);
    let out = run(incident().current_dir(&mnt).args([
        "--dir",
        "incidents",
        "log",
        "hk-zone-c",
        "Disk is full",
        "--at",
        "2022-12-18 23:30",
    ]));
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    let err = &out.stderr;
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(fs::read(&file).unwrap(), before, "the record changed");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".lock"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec!["2022-12-18-hk-zone-c.ron".to_string()],
        "a temporary file was left"
    );
}
