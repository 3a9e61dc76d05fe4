//! The terminal: the pager rule, checked under a pseudo-terminal (`script` from util-linux)
//! with a fake pager that writes what it receives to a file.

use std::path::Path;
use std::process::Command;

use crate::common::{self, ROOT};

/// A shell word in single quotes.
fn quoted(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Runs `incident ARGS` with standard output on a pseudo-terminal of `rows` × 100, in the
/// environment of [`common::incident`] plus `env`; returns what the terminal showed.
fn in_terminal(args: &[&str], rows: u16, env: &[(&str, &str)]) -> String {
    let mut line = format!(
        "stty rows {rows} cols 100; exec {}",
        quoted(env!("CARGO_BIN_EXE_incident"))
    );
    for a in args {
        line.push(' ');
        line.push_str(&quoted(a));
    }
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &line, "/dev/null"])
        .current_dir(ROOT)
        .env_remove("INCIDENT_DIR")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("PAGER")
        .env_remove("INCIDENT_PAGER")
        .env("LC_ALL", "C.UTF-8")
        .env("NO_COLOR", "1")
        .env("TZ", "UTC");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("script (util-linux) runs");
    assert!(out.status.success(), "{cmd:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

/// A fake pager that copies its input to `file`.
fn fake_pager(file: &Path) -> String {
    format!("cat > {}", quoted(&file.display().to_string()))
}

#[test]
fn output_taller_than_the_terminal_goes_through_incident_pager() {
    let tmp = tempfile::tempdir().unwrap();
    let paged = tmp.path().join("paged.txt");
    let pager = fake_pager(&paged);
    let shown = in_terminal(
        &["timeline", common::HK_ID],
        20,
        &[("INCIDENT_PAGER", &pager), ("PAGER", "false")],
    );
    let received = std::fs::read_to_string(&paged).expect("the pager was run");
    assert!(received.lines().count() > 20, "{received}");
    assert!(
        received.starts_with("Times in Asia/Hong_Kong (UTC+08:00)."),
        "{received}"
    );
    // Everything went to the pager, nothing around it.
    assert_eq!(shown.trim(), "");
    // The pager got the table fitted to the terminal's 100 columns.
    let widest = received.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 100, "{widest}");
}

#[test]
fn pager_is_pager_when_incident_pager_is_unset() {
    let tmp = tempfile::tempdir().unwrap();
    let paged = tmp.path().join("paged.txt");
    in_terminal(
        &["timeline", common::HK_ID],
        20,
        &[("PAGER", &fake_pager(&paged))],
    );
    assert!(std::fs::read_to_string(&paged).unwrap().contains("Zone C"));
}

#[test]
fn short_output_no_pager_and_pipes_skip_the_pager() {
    let tmp = tempfile::tempdir().unwrap();
    let paged = tmp.path().join("paged.txt");
    let pager = fake_pager(&paged);
    let env = [("INCIDENT_PAGER", pager.as_str())];
    // Fits the screen: printed directly.
    let shown = in_terminal(&["list"], 50, &env);
    assert!(shown.contains("1 incident(s)"), "{shown}");
    assert!(!paged.exists());
    // Taller, but --no-pager.
    let shown = in_terminal(&["--no-pager", "timeline", common::HK_ID], 20, &env);
    assert!(shown.lines().count() > 20);
    assert!(!paged.exists());
    // Taller, but standard output is a pipe.
    let piped = common::stdout_ok(
        common::incident()
            .args(["timeline", common::HK_ID])
            .env("INCIDENT_PAGER", &pager),
    );
    assert!(piped.lines().count() > 20);
    assert!(!paged.exists());
}
