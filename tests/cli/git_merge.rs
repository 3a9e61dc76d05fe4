//! Two responders, two branches, one record, `git merge` — with the real `git` binary and
//! the merge driver `incident init` installs. Each of 21 ordinary pairs of writer commands
//! merges without a conflict unless both sides set one field to different values; every
//! merged record passes `check` and keeps every event, window, action and source of both
//! sides with no id twice. Without the driver, `incident mend` reaches the same record.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use incident::model::record::Incident;

use super::common::{incident, run};

const ID: &str = "2024-03-01-api-down";
const NOW: &str = "2024-03-01T12:00:00+00:00";

/// The record both branches start from: one open outage on `API`, one event, one action,
/// one source.
pub const BASE: &str = r#"(
    schema: 1,
    id: "2024-03-01-api-down",
    title: "API down",
    kind: Real,
    severity: Sev2,
    status: Investigating,
    timezone: "Europe/London",
    moments: (
        started: (
            at: At("2024-03-01T09:00:00+00:00"),
        ),
    ),
    services: [
        (
            name: "API",
            windows: [
                (
                    from: At("2024-03-01T09:00:00+00:00"),
                    to: Open,
                    level: Outage,
                ),
            ],
        ),
    ],
    events: [
        (
            id: "e1",
            at: At("2024-03-01T09:05:00+00:00"),
            kind: Impact,
            text: "Errors on every request",
            sources: ["status-page"],
        ),
    ],
    actions: [
        (
            id: "A1",
            text: "Add an alert on error rate",
            type: Detect,
            owner: "ann",
            status: Open,
        ),
    ],
    sources: [
        (
            id: "status-page",
            title: "Status page",
            kind: Official,
        ),
    ],
)
"#;

/// One step a responder takes on a branch.
#[derive(Clone, Copy)]
pub enum Step {
    /// `incident ARGS…` (the record is named `api`).
    Run(&'static [&'static str]),
    /// A source added by hand (no command adds sources): its id and title.
    AddSource(&'static str, &'static str),
}

use Step::{AddSource, Run};

/// A temporary git repository with the record committed on `main`.
pub struct Repo {
    tmp: tempfile::TempDir,
}

impl Repo {
    /// A repository with [`BASE`] committed; `driver` runs `incident init` first.
    pub fn new(driver: bool) -> Repo {
        let repo = Repo {
            tmp: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Tester"]);
        repo.git(&["config", "user.email", "tester@example.com"]);
        std::fs::create_dir(repo.root().join("incidents")).unwrap();
        std::fs::write(repo.file(), BASE).unwrap();
        if driver {
            repo.ok(&["init"]);
        }
        repo.ok(&["fmt"]);
        repo.git(&["add", "-A"]);
        repo.git(&["commit", "-q", "-m", "Open the record"]);
        repo
    }

    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    pub fn file(&self) -> PathBuf {
        self.root().join("incidents").join(format!("{ID}.ron"))
    }

    pub fn record(&self) -> Incident {
        let text = std::fs::read_to_string(self.file()).unwrap();
        incident::files::load::parse_text(&self.file(), &text)
            .unwrap_or_else(|p| panic!("{p}\n{text}"))
    }

    /// `git args…` here with a home folder of its own (no user config applies), which must
    /// succeed unless `may_fail`.
    fn git_run(&self, args: &[&str]) -> std::process::Output {
        Process::new("git")
            .current_dir(self.root())
            .args(args)
            .env("HOME", self.root())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("PATH", path_with_incident())
            .env("SOURCE_DATE_EPOCH", crate::common::epoch(NOW))
            .env("LC_ALL", "C")
            .output()
            .unwrap()
    }

    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_run(args);
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `git args…` with the author and committer dates set to `date` (RFC 3339), which must
    /// succeed: a scripted history with the times a test expects.
    pub fn git_dated(&self, date: &str, args: &[&str]) -> String {
        let out = Process::new("git")
            .current_dir(self.root())
            .args(args)
            .env("HOME", self.root())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("PATH", path_with_incident())
            .env("LC_ALL", "C")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `git merge BRANCH`: true when it merged without a conflict.
    pub fn merge(&self, branch: &str) -> bool {
        self.git_run(&["merge", "-q", "--no-edit", branch])
            .status
            .success()
    }

    /// `incident args…` here.
    pub fn incident(&self, args: &[&str]) -> super::common::Run {
        let mut c = incident();
        c.current_dir(self.root())
            .env("PATH", path_with_incident())
            .env("HOME", self.root())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("SOURCE_DATE_EPOCH", crate::common::epoch(NOW))
            .args(args);
        run(&mut c)
    }

    /// `incident args…` here, which must succeed.
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.incident(args);
        assert!(r.success(), "incident {args:?}: {}", r.stderr);
        r.stdout
    }

    /// Takes the steps and commits them.
    pub fn steps(&self, steps: &[Step], message: &str) {
        for s in steps {
            match *s {
                Run(args) => {
                    self.ok(args);
                }
                AddSource(id, title) => {
                    let mut inc = self.record();
                    inc.sources.push(incident::model::record::Source {
                        internal: false,
                        id: id.to_string(),
                        title: title.to_string(),
                        url: None,
                        kind: incident::model::record::SourceKind::Press,
                        publisher: None,
                        published: None,
                        note: None,
                        further_reading: false,
                    });
                    let text = incident::files::canonical::to_canonical(&inc).unwrap();
                    std::fs::write(self.file(), text).unwrap();
                }
            }
        }
        self.git(&["commit", "-q", "-a", "-m", message]);
    }
}

/// PATH with the folder of the `incident` under test first, so git finds the driver.
fn path_with_incident() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_incident")).parent().unwrap();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

struct Pair {
    name: &'static str,
    ours: &'static [Step],
    theirs: &'static [Step],
    /// Both sides set one field to different values.
    conflicts: bool,
}

const PAIRS: [Pair; 21] = [
    Pair {
        name: "log + log",
        ours: &[Run(&[
            "log",
            "api",
            "Restarted the API pods",
            "--at",
            "10:00",
        ])],
        theirs: &[Run(&[
            "log",
            "api",
            "Paged the DB on-call",
            "--at",
            "10:05",
            "--kind",
            "escalation",
        ])],
        conflicts: false,
    },
    Pair {
        name: "action add + action add",
        ours: &[Run(&[
            "action",
            "add",
            "api",
            "Runbook for pod restarts",
            "--type",
            "process",
            "--owner",
            "bob",
        ])],
        theirs: &[Run(&[
            "action",
            "add",
            "api",
            "Load-test the DB failover",
            "--type",
            "prevent",
            "--owner",
            "cy",
        ])],
        conflicts: false,
    },
    Pair {
        name: "two new services",
        ours: &[Run(&[
            "impact",
            "add",
            "api",
            "--service",
            "Checkout",
            "--from",
            "09:10",
        ])],
        theirs: &[Run(&[
            "impact",
            "add",
            "api",
            "--service",
            "Search",
            "--from",
            "09:20",
            "--level",
            "degraded",
        ])],
        conflicts: false,
    },
    Pair {
        name: "log + resolve",
        ours: &[Run(&[
            "log",
            "api",
            "Error rate falling",
            "--at",
            "10:30",
            "--kind",
            "recovery",
        ])],
        theirs: &[
            Run(&["impact", "end", "api", "API", "--at", "10:40"]),
            Run(&["resolve", "api", "--at", "10:45"]),
        ],
        conflicts: false,
    },
    Pair {
        name: "two mitigations",
        ours: &[Run(&[
            "log",
            "api",
            "Traffic shifted to eu-west",
            "--at",
            "10:10",
            "--kind",
            "mitigation",
        ])],
        theirs: &[Run(&[
            "log",
            "api",
            "Rate limit raised",
            "--at",
            "10:15",
            "--kind",
            "mitigation",
        ])],
        conflicts: false,
    },
    Pair {
        name: "status + status (different)",
        ours: &[Run(&["status", "api", "identified"])],
        theirs: &[Run(&["status", "api", "mitigated"])],
        conflicts: false,
    },
    Pair {
        name: "status + status (same)",
        ours: &[Run(&["status", "api", "monitoring"])],
        theirs: &[Run(&["status", "api", "monitoring"])],
        conflicts: false,
    },
    Pair {
        name: "log + action add",
        ours: &[Run(&[
            "log",
            "api",
            "Customer support briefed",
            "--at",
            "09:40",
            "--kind",
            "communication",
        ])],
        theirs: &[Run(&[
            "action",
            "add",
            "api",
            "Status page template",
            "--type",
            "process",
            "--owner",
            "dee",
        ])],
        conflicts: false,
    },
    Pair {
        name: "impact add + impact end",
        ours: &[Run(&[
            "impact",
            "add",
            "api",
            "--customer",
            "Acme",
            "--from",
            "09:30",
            "--to",
            "10:30",
        ])],
        theirs: &[Run(&["impact", "end", "api", "API", "--at", "11:00"])],
        conflicts: false,
    },
    Pair {
        name: "resolve + log",
        ours: &[
            Run(&["impact", "end", "api", "API", "--at", "11:00"]),
            Run(&["resolve", "api", "--at", "11:05"]),
        ],
        theirs: &[Run(&[
            "log",
            "api",
            "Postmortem meeting booked",
            "--at",
            "11:30",
        ])],
        conflicts: false,
    },
    Pair {
        name: "action done + action add",
        ours: &[Run(&["action", "done", "api", "A1"])],
        theirs: &[Run(&[
            "action",
            "add",
            "api",
            "Alert on latency too",
            "--type",
            "detect",
            "--owner",
            "ann",
        ])],
        conflicts: false,
    },
    Pair {
        name: "action owner + action owner (different)",
        ours: &[Run(&["action", "set", "api", "A1", "--owner", "bob"])],
        theirs: &[Run(&["action", "set", "api", "A1", "--owner", "cy"])],
        conflicts: true,
    },
    Pair {
        name: "two detections",
        ours: &[Run(&[
            "log",
            "api",
            "Pager fired",
            "--at",
            "09:07",
            "--kind",
            "detection",
        ])],
        theirs: &[Run(&[
            "log",
            "api",
            "Customer ticket",
            "--at",
            "09:12",
            "--kind",
            "detection",
        ])],
        conflicts: false,
    },
    Pair {
        name: "one customer, a window each",
        ours: &[Run(&[
            "impact",
            "add",
            "api",
            "--customer",
            "Acme",
            "--from",
            "09:00",
            "--to",
            "09:30",
        ])],
        theirs: &[Run(&[
            "impact",
            "add",
            "api",
            "--customer",
            "Acme",
            "--from",
            "10:00",
            "--to",
            "10:20",
            "--level",
            "degraded",
        ])],
        conflicts: false,
    },
    Pair {
        name: "impact end + impact end (same time)",
        ours: &[Run(&["impact", "end", "api", "API", "--at", "10:50"])],
        theirs: &[Run(&["impact", "end", "api", "API", "--at", "10:50"])],
        conflicts: false,
    },
    Pair {
        name: "impact end + impact end (different times)",
        ours: &[Run(&["impact", "end", "api", "API", "--at", "10:50"])],
        theirs: &[Run(&["impact", "end", "api", "API", "--at", "11:10"])],
        conflicts: true,
    },
    Pair {
        name: "action due + action priority",
        ours: &[Run(&["action", "set", "api", "A1", "--due", "2024-03-15"])],
        theirs: &[Run(&["action", "set", "api", "A1", "--priority", "p1"])],
        conflicts: false,
    },
    Pair {
        name: "log with a source + log",
        ours: &[Run(&[
            "log",
            "api",
            "Status page updated",
            "--at",
            "09:45",
            "--kind",
            "communication",
            "--source",
            "status-page",
        ])],
        theirs: &[Run(&[
            "log",
            "api",
            "Second region checked: fine",
            "--at",
            "09:50",
        ])],
        conflicts: false,
    },
    Pair {
        name: "resolve + resolve (different times)",
        ours: &[
            Run(&["impact", "end", "api", "API", "--at", "10:50"]),
            Run(&["resolve", "api", "--at", "10:55"]),
        ],
        theirs: &[
            Run(&["impact", "end", "api", "API", "--at", "10:50"]),
            Run(&["resolve", "api", "--at", "11:20"]),
        ],
        conflicts: false,
    },
    Pair {
        name: "action add + action done",
        ours: &[Run(&[
            "action",
            "add",
            "api",
            "Cap retries in the client",
            "--type",
            "mitigate",
            "--owner",
            "eve",
        ])],
        theirs: &[Run(&["action", "done", "api", "A1"])],
        conflicts: false,
    },
    Pair {
        name: "a cited source each, same id",
        ours: &[
            AddSource("news", "Tech news write-up"),
            Run(&[
                "log",
                "api",
                "Press picked it up",
                "--at",
                "10:20",
                "--source",
                "news",
            ]),
        ],
        theirs: &[
            AddSource("news", "Local paper"),
            Run(&[
                "log",
                "api",
                "Local paper called",
                "--at",
                "10:25",
                "--kind",
                "communication",
                "--source",
                "news",
            ]),
        ],
        conflicts: false,
    },
];

/// What must survive a merge, without ids (which may be renumbered).
fn contents(inc: &Incident) -> Vec<String> {
    let title = |id: &str| {
        inc.source(id)
            .map_or_else(|| format!("missing {id}"), |s| s.title.clone())
    };
    let mut out = Vec::new();
    for e in &inc.events {
        let cited: Vec<String> = e.sources.iter().map(|s| title(s)).collect();
        out.push(format!(
            "event {:?} {:?} {} {cited:?}",
            e.at, e.kind, e.text
        ));
    }
    for (kind, t) in inc.targets() {
        for w in &t.windows {
            out.push(format!(
                "window {kind:?} {} {:?} {:?}",
                t.name, w.from, w.level
            ));
        }
    }
    for a in &inc.actions {
        out.push(format!("action {}", a.text));
    }
    for s in &inc.sources {
        out.push(format!("source {}", s.title));
    }
    out
}

fn assert_unique_ids(inc: &Incident, pair: &str) {
    for (what, ids) in [
        (
            "event",
            inc.events.iter().map(|e| &e.id).collect::<Vec<_>>(),
        ),
        ("action", inc.actions.iter().map(|a| &a.id).collect()),
        ("source", inc.sources.iter().map(|s| &s.id).collect()),
    ] {
        let set: HashSet<_> = ids.iter().collect();
        assert_eq!(set.len(), ids.len(), "{pair}: a {what} id twice: {ids:?}");
    }
}

/// Runs one pair; returns the merged record's text when it merged cleanly.
fn play(pair: &Pair, driver: bool) -> (Repo, bool) {
    let repo = Repo::new(driver);
    repo.git(&["checkout", "-q", "-b", "theirs"]);
    repo.steps(pair.theirs, "theirs");
    let theirs = repo.record();
    repo.git(&["checkout", "-q", "main"]);
    repo.steps(pair.ours, "ours");
    let ours = repo.record();
    let clean = repo.merge("theirs");
    if clean {
        let merged = repo.record();
        let have: HashSet<String> = contents(&merged).into_iter().collect();
        for side in [&ours, &theirs] {
            for item in contents(side) {
                assert!(have.contains(&item), "{}: lost {item}", pair.name);
            }
        }
        assert_unique_ids(&merged, pair.name);
    }
    (repo, clean)
}

#[test]
fn twenty_one_pairs_merge_by_meaning() {
    std::thread::scope(|s| {
        let handles: Vec<_> = PAIRS
            .iter()
            .map(|pair| s.spawn(move || (pair, play(pair, true))))
            .collect();
        for h in handles {
            let (pair, (repo, clean)) = h.join().unwrap();
            assert_eq!(
                clean, !pair.conflicts,
                "{}: merged cleanly: {clean}",
                pair.name
            );
            let check = repo.incident(&["check"]);
            if clean {
                assert!(check.success(), "{}: {}", pair.name, check.stdout);
                assert_eq!(
                    repo.incident(&["fmt", "--check"]).code,
                    Some(0),
                    "{}: not canonical",
                    pair.name
                );
                continue;
            }
            // A conflict: markers around one whole field, explained by check, settled by mend.
            let text = std::fs::read_to_string(repo.file()).unwrap();
            assert_eq!(text.matches("<<<<<<< ours\n").count(), 1, "{text}");
            assert_eq!(check.code, Some(1));
            assert!(check.stdout.contains("E003"), "{}", check.stdout);
            assert!(check.stdout.contains("incident mend"), "{}", check.stdout);
            repo.ok(&["mend", "api", "--take", "theirs"]);
            assert!(repo.incident(&["check"]).success());
        }
    });
}

#[test]
fn renumbered_ids_and_their_citations() {
    let (repo, clean) = play(&PAIRS[20], true);
    assert!(clean);
    let inc = repo.record();
    let cites: Vec<(String, Vec<String>)> = inc
        .events
        .iter()
        .skip(1)
        .map(|e| (e.id.clone(), e.sources.clone()))
        .collect();
    // Both logged e2 citing `news`; theirs became e3 citing `news-2`, in time order.
    assert_eq!(
        cites,
        [
            ("e2".to_string(), vec!["news".to_string()]),
            ("e3".to_string(), vec!["news-2".to_string()])
        ]
    );
    assert_eq!(inc.source("news-2").unwrap().title, "Local paper");
}

#[test]
fn without_the_driver_mend_reaches_the_same_record() {
    let (with_driver, clean) = play(&PAIRS[0], true);
    assert!(clean);
    let expected = std::fs::read_to_string(with_driver.file()).unwrap();

    let (repo, clean) = play(&PAIRS[0], false);
    assert!(!clean, "git's line merge conflicts on two appended events");
    let text = std::fs::read_to_string(repo.file()).unwrap();
    assert!(text.contains("<<<<<<<"));
    let check = repo.incident(&["check"]);
    assert_eq!(check.code, Some(1));
    assert!(check.stdout.contains("ours (HEAD) holds event e2 at 2024-03-01T10:00:00+00:00 \"Restarted the API pods\"; theirs holds event e2 at 2024-03-01T10:05:00+00:00 \"Paged the DB on-call\""), "{}", check.stdout);
    let out = repo.ok(&["mend", "api"]);
    assert!(
        out.starts_with("mended incidents/2024-03-01-api-down.ron"),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(repo.file()).unwrap(), expected);
    assert!(repo.incident(&["check"]).success());

    // Once committed, there is nothing left to mend.
    repo.git(&["commit", "-q", "-a", "-m", "merged"]);
    let again = repo.incident(&["mend", "api"]);
    assert_eq!(again.code, Some(1));
    assert!(
        again.stderr.contains("is not being merged"),
        "{}",
        again.stderr
    );
    assert!(again.stderr.contains("hint:"), "{}", again.stderr);
}

#[test]
fn mend_refuses_a_read_only_record_and_leaves_it_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let (repo, clean) = play(&PAIRS[0], false);
    assert!(!clean);
    let before = std::fs::read(repo.file()).unwrap();
    std::fs::set_permissions(repo.file(), std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = repo.incident(&["mend", "api"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("read-only"), "{}", out.stderr);
    assert_eq!(std::fs::read(repo.file()).unwrap(), before);
}

#[test]
fn init_is_idempotent_and_says_what_to_commit() {
    let repo = Repo::new(false);
    let first = repo.ok(&["init", "--ci", "github"]);
    assert!(
        first.contains("added `incidents/*.ron merge=incident` to .gitattributes"),
        "{first}"
    );
    assert!(
        first.contains("commit: git add .gitattributes incidents/.incident.ron .gitignore .github/workflows/incident.yml"),
        "{first}"
    );
    assert_eq!(
        repo.git(&["config", "--get", "merge.incident.driver"])
            .trim(),
        "incident merge-file %O %A %B %P"
    );
    let ignore = std::fs::read_to_string(repo.root().join(".gitignore")).unwrap();
    assert_eq!(ignore, "incidents/.*.ron.lock\nincidents/.*.ron.*.tmp\n");
    let workflow =
        std::fs::read_to_string(repo.root().join(".github/workflows/incident.yml")).unwrap();
    assert!(workflow.contains("- run: incident check\n"));
    assert!(workflow.contains("- run: incident actions --overdue --fail\n"));
    // The site job: built on the default branch and published with GitHub's Pages actions.
    for line in [
        "  site:\n    needs: check\n",
        "      pages: write\n      id-token: write\n",
        "        uses: actions/configure-pages@v5\n",
        "      - uses: actions/upload-pages-artifact@v4\n        with:\n          path: _site\n",
        "        uses: actions/deploy-pages@v4\n",
    ] {
        assert!(workflow.contains(line), "{line}\n{workflow}");
    }
    // Its build step, with GitHub's expressions filled in, builds the site of this repository.
    let step = workflow
        .lines()
        .find_map(|l| l.trim().strip_prefix("- run: incident site "))
        .expect("a site step");
    let step = step
        .replace("${{ github.event.repository.name }}", "acme")
        .replace(
            "${{ steps.pages.outputs.base_url }}",
            "https://acme.example/ops",
        );
    let args = super::common::split_args(&step);
    let mut argv = vec!["site"];
    argv.extend(args.iter().map(String::as_str));
    let said = repo.ok(&argv);
    assert!(said.contains("(1 incidents)"), "{said}");
    let index = std::fs::read_to_string(repo.root().join("_site/index.html")).unwrap();
    assert!(
        index.contains("<title>Incidents — acme incidents</title>"),
        "{index}"
    );
    let feed = std::fs::read_to_string(repo.root().join("_site/feed.xml")).unwrap();
    assert!(feed.contains("https://acme.example/ops"), "{feed}");
    std::fs::remove_dir_all(repo.root().join("_site")).unwrap();
    let second = repo.ok(&["init", "--ci", "github"]);
    assert!(second.starts_with("nothing to do"), "{second}");
    let attributes = std::fs::read_to_string(repo.root().join(".gitattributes")).unwrap();
    assert_eq!(
        attributes,
        "incidents/*.ron merge=incident\nincidents/.incident.ron merge=text\n"
    );
    // The lock file a writer leaves is ignored.
    std::fs::write(repo.root().join("incidents/.x.ron.lock"), "").unwrap();
    assert_eq!(
        repo.git(&["status", "--porcelain", "--untracked-files=all"]),
        "?? .gitattributes\n?? .github/workflows/incident.yml\n?? .gitignore\n?? incidents/.incident.ron\n"
    );
}

#[test]
fn a_writer_hints_at_init_once() {
    let repo = Repo::new(false);
    let first = repo.incident(&["log", "api", "one", "--at", "10:00"]);
    assert!(first.success());
    let hint = "hint: git will merge this record line by line; run `incident init` once so it merges by meaning\n";
    // Writers report on standard error too; the hint comes first, once.
    assert!(first.stderr.starts_with(hint), "{}", first.stderr);
    assert_eq!(first.stderr.matches("hint:").count(), 1, "{}", first.stderr);
    let second = repo.incident(&["log", "api", "two", "--at", "10:01"]);
    assert!(!second.stderr.contains("hint:"), "{}", second.stderr);
}

#[test]
fn resolved_on_one_side_and_a_window_opened_on_the_other_is_an_error() {
    let pair = Pair {
        name: "resolve + impact add (open)",
        ours: &[
            Run(&["impact", "end", "api", "API", "--at", "10:50"]),
            Run(&["resolve", "api", "--at", "10:55"]),
        ],
        theirs: &[Run(&[
            "impact",
            "add",
            "api",
            "--service",
            "Search",
            "--from",
            "10:00",
        ])],
        conflicts: true,
    };
    let (repo, clean) = play(&pair, true);
    assert!(!clean, "{}: git must stop", pair.name);
    let text = std::fs::read_to_string(repo.file()).unwrap();
    assert!(!text.contains("<<<<<<<"), "no markers: the record is whole");
    let check = repo.incident(&["check"]);
    assert_eq!(check.code, Some(1));
    assert!(
        check.stdout.contains(": E116: error: after a merge: the window of `Search` is still Open but the incident is Resolved"),
        "{}",
        check.stdout
    );
    // Closing the window settles it.
    repo.ok(&["impact", "end", "api", "Search", "--at", "10:55"]);
    assert!(repo.incident(&["check"]).success());
}
