//! The helpers every test module shares: the real binary with a clean, fixed environment, its
//! output on success, JSON, and temporary incidents folders for runs that must not touch the
//! shipped files.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use incident::model::record::Incident;

/// The package root: the working folder of every run unless a test says otherwise.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The shipped Hong Kong record, relative to [`ROOT`].
pub const HK_FILE: &str = "incidents/2022-12-18-hk-zone-c.ron";
/// The shipped Hong Kong record's id.
pub const HK_ID: &str = "2022-12-18-hk-zone-c";
/// The shipped Hong Kong record's text, as compiled into the tests.
pub const HK_TEXT: &str = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");

/// The `incident` binary, run from [`ROOT`] with an environment that does not depend on the
/// machine: no `INCIDENT_DIR`, `NO_COLOR=1`, a UTF-8 locale, `TZ=UTC`, no `SOURCE_DATE_EPOCH`.
/// A test that needs another value sets it on the returned command, which overrides these.
pub fn incident() -> Command {
    Command::from_std(incident_std())
}

/// [`incident`] as a plain `std::process::Command`, for tests that need its streams (spawn
/// it, send standard error to `/dev/full`).
pub fn incident_std() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_incident"));
    c.current_dir(ROOT)
        .env_remove("INCIDENT_DIR")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("LC_CTYPE")
        // Who did something defaults to git's user name, else the login name: neither of this
        // machine's may leak into what tests see.
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("USER")
        .env_remove("USERNAME")
        .env("LC_ALL", "C.UTF-8")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .env("TZ", "UTC");
    c
}

/// The environment variable and value that fix the binary's clock at `rfc3339` (see
/// [`epoch`]), so how the clock is set is written in one place: `cmd.env(k, v)` with
/// `let (k, v) = clock(…)`.
pub fn clock(rfc3339: &str) -> (&'static str, String) {
    ("SOURCE_DATE_EPOCH", epoch(rfc3339))
}

/// [`incident`] with `--dir dir`.
pub fn incident_in(dir: impl AsRef<Path>) -> Command {
    let mut c = incident();
    c.arg("--dir").arg(dir.as_ref());
    c
}

/// What one run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    /// The exit code; `None` when the process was killed (a crash or a timeout).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// True when the run exited with 0.
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

/// Runs `cmd` to the end. Whatever the exit code, a panic is always a bug, so it fails here.
pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("the incident binary runs");
    let r = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!r.stderr.contains("panicked"), "{cmd:?}: {}", r.stderr);
    r
}

/// Runs `cmd`, requires exit 0, and returns its standard output (which must be UTF-8).
pub fn stdout_ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("the incident binary runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("output is UTF-8")
}

/// The standard output of `incident args…` run from [`ROOT`], which must succeed.
pub fn stdout_of(args: &[&str]) -> String {
    stdout_ok(incident().args(args))
}

/// The standard output of `incident args…` parsed as JSON.
pub fn json_of(args: &[&str]) -> Value {
    parse_json(&stdout_of(args))
}

/// The standard output of `incident --dir dir args…`, which must succeed.
pub fn stdout_in(dir: impl AsRef<Path>, args: &[&str]) -> String {
    stdout_ok(incident_in(dir).args(args))
}

/// The standard output of `incident --dir dir args…` parsed as JSON.
pub fn json_in(dir: impl AsRef<Path>, args: &[&str]) -> Value {
    parse_json(&stdout_in(dir, args))
}

/// Parses command output as JSON, showing the output when it is not.
pub fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The shipped Hong Kong record, parsed.
pub fn hk_record() -> Incident {
    incident::files::load::parse_text(Path::new(HK_FILE), HK_TEXT).unwrap()
}

/// Splits a command line into arguments: words separated by spaces, double quotes group
/// words (as documentation and fixture `command` files write them).
pub fn split_args(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    args.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        args.push(cur);
    }
    args
}

/// A temporary folder holding an `incidents/` folder, for runs that write or that need
/// records the repository does not hold as they are. Removed when dropped.
pub struct Sandbox {
    tmp: tempfile::TempDir,
}

impl Sandbox {
    /// An empty `incidents/` folder.
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("incidents")).unwrap();
        Sandbox { tmp }
    }

    /// A copy of every file in `folder` (relative to [`ROOT`] or absolute).
    pub fn copy_of(folder: impl AsRef<Path>) -> Self {
        let sb = Sandbox::new();
        for e in fs::read_dir(Path::new(ROOT).join(folder)).unwrap() {
            let p = e.unwrap().path();
            fs::copy(&p, sb.dir().join(p.file_name().unwrap())).unwrap();
        }
        sb
    }

    /// A record with `text`, stored under the file name its id asks for.
    pub fn with_record(text: &str) -> Self {
        let sb = Sandbox::new();
        sb.add_record(text);
        sb
    }

    /// Stores `text` as `<id>.ron`, its id read from the text; returns the id.
    pub fn add_record(&self, text: &str) -> String {
        let inc = incident::files::load::parse_text(Path::new("record.ron"), text)
            .unwrap_or_else(|p| panic!("not a record: {p}"));
        fs::write(self.file(&inc.id), text).unwrap();
        inc.id
    }

    /// The folder holding `incidents/`: the working folder of [`Sandbox::cmd`].
    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    /// The `incidents/` folder.
    pub fn dir(&self) -> PathBuf {
        self.root().join("incidents")
    }

    /// The file of the record `id`.
    pub fn file(&self, id: &str) -> PathBuf {
        self.dir().join(format!("{id}.ron"))
    }

    /// The text of the record `id`.
    pub fn read(&self, id: &str) -> String {
        fs::read_to_string(self.file(id)).unwrap()
    }

    /// [`incident`] run from [`Sandbox::root`], so it finds `incidents/` there, with `args`.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = incident();
        c.current_dir(self.root()).args(args);
        c
    }

    /// Runs `incident args…` here to the end.
    pub fn run(&self, args: &[&str]) -> Run {
        run(&mut self.cmd(args))
    }

    /// The standard output of `incident args…` run here, which must succeed.
    pub fn stdout_of(&self, args: &[&str]) -> String {
        stdout_ok(&mut self.cmd(args))
    }

    /// The names in the incidents folder, sorted (to see that no temporary file is left).
    pub fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// `SOURCE_DATE_EPOCH` for an RFC 3339 time: the tool's clock is set in whole seconds since
/// 1970, and tests read better with the time written out.
pub fn epoch(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .expect("an RFC 3339 time")
        .timestamp()
        .to_string()
}
