//! History of a record through git: `diff`, `history`, `--rev`, `-` on standard input and
//! `timeline --as-of`, on a scripted repository of five commits with known dates (the real
//! `git` binary, as in `git_merge`).

use super::common::{Sandbox, incident, parse_json, run};
use super::git_merge::{BASE, Repo};

/// The second record, added in the fifth commit.
const DB_ID: &str = "2024-03-01-db-slow";

/// Five commits, each at a known time (UTC, the record's zone Europe/London is UTC in March):
/// 1. 09:10 the record opened (API down, investigating, e1, open window on API);
/// 2. 09:30 `log` e2 "Failover started" at 09:20;
/// 3. 10:00 status mitigated;
/// 4. 10:30 the API window ended at 10:25;
/// 5. 11:00 `log` e3 "Customers told" at 10:50, and a second record added.
fn scripted() -> Repo {
    let repo = Repo::new(true);
    repo.git_dated(
        "2024-03-01T09:10:00Z",
        &["commit", "-q", "--amend", "--no-edit"],
    );
    let commit = |date: &str, message: &str| {
        repo.git_dated(date, &["add", "-A"]);
        repo.git_dated(date, &["commit", "-q", "-m", message]);
    };
    repo.ok(&[
        "log",
        "api",
        "Failover started",
        "--kind",
        "action",
        "--at",
        "09:20",
    ]);
    commit("2024-03-01T09:30:00Z", "Failover");
    repo.ok(&["status", "api", "mitigated", "--at", "2024-03-01 10:00"]);
    commit("2024-03-01T10:00:00Z", "Mitigated");
    repo.ok(&["impact", "end", "api", "API", "--at", "10:25"]);
    commit("2024-03-01T10:30:00Z", "API back");
    repo.ok(&[
        "log",
        "api",
        "Customers told",
        "--kind",
        "communication",
        "--at",
        "10:50",
    ]);
    let db = BASE
        .replace("2024-03-01-api-down", DB_ID)
        .replace("API down", "Database slow");
    std::fs::write(repo.root().join(format!("incidents/{DB_ID}.ron")), db).unwrap();
    commit(
        "2024-03-01T11:00:00Z",
        "Customers told; the database record",
    );
    repo
}

/// The abbreviated hashes of HEAD, HEAD~1, … as git prints them.
fn shorts(repo: &Repo) -> Vec<String> {
    repo.git(&["log", "--format=%h"])
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn history_lists_each_commit_newest_first_with_what_it_changed() {
    let repo = scripted();
    let h = shorts(&repo);
    assert_eq!(h.len(), 5);
    let expected = [
        format!("{} 2024-03-01 Tester: +1 event", h[0]),
        format!("{} 2024-03-01 Tester: window API end ongoing → 10:25", h[1]),
        // The status change is logged as an event too.
        format!(
            "{} 2024-03-01 Tester: +1 event, status investigating → mitigated",
            h[2]
        ),
        format!("{} 2024-03-01 Tester: +1 event", h[3]),
        format!("{} 2024-03-01 Tester: created \"API down\"", h[4]),
    ];
    let out = repo.ok(&["history", "api"]);
    assert_eq!(out.lines().collect::<Vec<_>>(), expected);

    let json = parse_json(&repo.ok(&["history", "api", "--format", "json"]));
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 5);
    assert_eq!(list[0]["subject"], "Customers told; the database record");
    assert_eq!(list[0]["date"], "2024-03-01T11:00:00Z");
    assert_eq!(list[0]["changes"][0]["op"], "added");
    assert_eq!(list[0]["changes"][0]["kind"], "event");
    assert_eq!(list[0]["changes"][0]["name"], "e4");
    let status = list[2]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "status")
        .unwrap();
    assert_eq!(status["before"], "investigating");
    assert_eq!(status["after"], "mitigated");
}

#[test]
fn diff_compares_two_revisions_the_working_file_and_head() {
    let repo = scripted();
    let out = repo.ok(&["diff", "api", "HEAD~4", "HEAD"]);
    assert_eq!(
        out,
        "2024-03-01-api-down: HEAD~4 → HEAD\n\
         status: investigating → mitigated\n\
         window API end: ongoing → 10:25\n\
         + event e2 09:20 action: Failover started\n\
         + event e3 10:00 note: status: investigating → mitigated\n\
         + event e4 10:50 communication: Customers told\n"
    );
    // Nothing changed since HEAD yet.
    assert_eq!(
        repo.ok(&["diff", "api"]),
        "2024-03-01-api-down: HEAD → working file\nno change by meaning\n"
    );
    repo.ok(&[
        "action",
        "add",
        "api",
        "Page the database team",
        "--type",
        "process",
    ]);
    repo.ok(&["status", "api", "monitoring"]);
    let out = repo.ok(&["diff", "api"]);
    assert!(
        out.starts_with(
            "2024-03-01-api-down: HEAD → working file\nstatus: mitigated → monitoring\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("\n+ action A2 Page the database team (process, open)\n"),
        "{out}"
    );
    // One revision: the working file against it.
    let out = repo.ok(&["diff", "api", "HEAD~2"]);
    assert!(out.contains("status: mitigated → monitoring\n"), "{out}");
    assert!(out.contains("window API end: ongoing → 10:25\n"), "{out}");
    assert!(
        out.contains("+ event e4 10:50 communication: Customers told\n"),
        "{out}"
    );
    assert!(!out.contains("e2"), "{out}");

    let json = parse_json(&repo.ok(&["diff", "api", "HEAD~3", "HEAD~2", "--format", "json"]));
    assert_eq!(json["record"], "2024-03-01-api-down");
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("HEAD~3"), Some("HEAD~2"))
    );
    // The status change, and the event that logs it.
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0]["kind"], "status");
    assert_eq!(changes[0]["op"], "changed");
    assert_eq!(
        (changes[1]["kind"].as_str(), changes[1]["op"].as_str()),
        (Some("event"), Some("added"))
    );
}

#[test]
fn read_commands_take_a_revision_or_standard_input() {
    let repo = scripted();
    let events = |json: serde_json::Value| -> Vec<String> {
        json.as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    let at = |rev: &str| {
        events(parse_json(
            &repo.ok(&["timeline", "api", "--rev", rev, "--format", "json"]),
        ))
    };
    assert_eq!(at("HEAD~4"), ["e1"]);
    assert_eq!(at("HEAD~3"), ["e1", "e2"]);
    assert_eq!(at("HEAD"), ["e1", "e2", "e3", "e4"]);
    let show = parse_json(&repo.ok(&["show", "api", "--rev", "HEAD~3", "--format", "json"]));
    assert_eq!(show["status"], "investigating");
    let impact = repo.ok(&["impact", "api", "--rev", "HEAD~1", "--format", "csv"]);
    assert!(impact.contains("10:25"), "{impact}");
    let summary = repo.ok(&["summary", "api", "--rev", "HEAD~2", "--format", "json"]);
    assert_eq!(parse_json(&summary)["meta"]["status"], "mitigated");

    // check: the incidents folder, or one file, as it was.
    let checked = |args: &[&str]| {
        let r = repo.incident(args);
        (r.code, r.stdout.lines().last().unwrap_or("").to_string())
    };
    assert_eq!(
        checked(&["check", "--rev", "HEAD~1"]),
        (
            Some(0),
            "1 record(s) checked: 0 error(s), 0 warning(s)".to_string()
        )
    );
    assert_eq!(
        checked(&["check", "--rev", "HEAD"]),
        (
            Some(0),
            "2 record(s) checked: 0 error(s), 0 warning(s)".to_string()
        )
    );
    let db = format!("incidents/{DB_ID}.ron");
    let r = repo.incident(&["check", "--rev", "HEAD~1", &db]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout.starts_with(&format!(
            "HEAD~1:{db}: E005: error: {db} did not exist at HEAD~1\n"
        )),
        "{}",
        r.stdout
    );

    // A record on standard input, as `git show` gives it.
    let text = repo.git(&["show", "HEAD~3:incidents/2024-03-01-api-down.ron"]);
    let mut c = incident();
    c.current_dir(repo.root())
        .args(["timeline", "-", "--format", "json"])
        .write_stdin(text.clone());
    let r = run(&mut c);
    assert!(r.success(), "{}", r.stderr);
    assert_eq!(events(parse_json(&r.stdout)), ["e1", "e2"]);
    let mut c = incident();
    c.current_dir(repo.root())
        .args(["check", "-"])
        .write_stdin(text.replace("Errors on every request", ""));
    let r = run(&mut c);
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.starts_with("<stdin>:"), "{}", r.stdout);
    assert!(r.stdout.contains(": E104: error: "), "{}", r.stdout);
    assert!(
        r.stdout
            .ends_with("1 record(s) checked: 1 error(s), 0 warning(s)\n"),
        "{}",
        r.stdout
    );
    // Standard input and --rev are two sources: one at a time.
    let mut c = incident();
    c.current_dir(repo.root())
        .args(["show", "-", "--rev", "HEAD"])
        .write_stdin(text);
    let r = run(&mut c);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
}

#[test]
fn as_of_shows_the_last_commit_at_or_before_a_wall_clock_time() {
    let repo = scripted();
    let h = shorts(&repo);
    // 10:10 falls after commit 3 (10:00) and before commit 4 (10:30).
    let out = repo.ok(&["timeline", "api", "--as-of", "2024-03-01 10:10"]);
    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "as of 2024-03-01 10:10: commit {} of 2024-03-01 10:00 by Tester (Mitigated)",
            h[2]
        )
    );
    assert!(
        out.contains("Failover started") && !out.contains("Customers told"),
        "{out}"
    );
    // Exactly at a commit's time counts as after it.
    let r = repo.incident(&[
        "timeline",
        "api",
        "--as-of",
        "2024-03-01 11:00",
        "--format",
        "json",
    ]);
    assert!(r.success(), "{}", r.stderr);
    assert_eq!(parse_json(&r.stdout).as_array().unwrap().len(), 4);
    assert!(
        r.stderr
            .contains(&format!("commit {} of 2024-03-01 11:00", h[0])),
        "{}",
        r.stderr
    );
    // Before the first commit there is nothing to show.
    let r = repo.incident(&["timeline", "api", "--as-of", "2024-03-01 09:00"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .contains("had no commit at or before 2024-03-01 09:00"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(&format!("hint: its first commit is {}", h[4])),
        "{}",
        r.stderr
    );
}

#[test]
fn git_errors_say_what_to_do() {
    let repo = scripted();
    let r = repo.incident(&["diff", "api", "no-such-rev"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .starts_with("error: `no-such-rev` names no commit in this repository\n"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("hint: `incident history 2024-03-01-api-down` lists the commits"),
        "{}",
        r.stderr
    );

    let r = repo.incident(&["show", "db-slow", "--rev", "HEAD~1"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.starts_with(&format!(
            "error: incidents/{DB_ID}.ron did not exist at HEAD~1\n"
        )),
        "{}",
        r.stderr
    );

    // `-` is standard input, not a part of every id, and it has no history.
    for args in [
        &["diff", "-"][..],
        &["history", "-"],
        &["timeline", "-", "--as-of", "10:00"],
    ] {
        let r = repo.incident(args);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stdout);
        assert!(
            r.stderr
                .starts_with("error: a record on standard input (`-`) has no git history"),
            "{}",
            r.stderr
        );
    }

    let sandbox = Sandbox::with_record(BASE);
    let r = sandbox.run(&["history", "api-down"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("is not inside a git repository"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("hint: --rev, diff, history and --as-of read the record's commits"),
        "{}",
        r.stderr
    );
}

#[test]
fn history_follows_a_record_through_a_rename() {
    let repo = scripted();
    let old = "incidents/2024-03-01-api-down.ron";
    let new = "incidents/2024-03-01-api-outage.ron";
    repo.git(&["mv", old, new]);
    let path = repo.root().join(new);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("\"2024-03-01-api-down\"", "\"2024-03-01-api-outage\""),
    )
    .unwrap();
    repo.git_dated(
        "2024-03-01T12:00:00Z",
        &["commit", "-q", "-a", "-m", "Rename"],
    );
    let out = repo.ok(&["history", "api-outage"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert!(
        lines[0].ends_with(" Tester: id 2024-03-01-api-down → 2024-03-01-api-outage"),
        "{out}"
    );
    assert!(lines[5].ends_with("created \"API down\""), "{out}");
    let json = parse_json(&repo.ok(&["history", "api-outage", "--format", "json"]));
    assert_eq!(json[0]["path"], new);
    assert_eq!(json[1]["path"], old);
    // The version before the rename, by the name it had then.
    let r = repo.incident(&["diff", "api-outage", "HEAD~1", "HEAD"]);
    assert_eq!(
        r.code,
        Some(1),
        "the old revision has no file by the new name: {}",
        r.stdout
    );
    assert!(
        r.stderr.contains(&format!("{new} did not exist at HEAD~1")),
        "{}",
        r.stderr
    );
}
