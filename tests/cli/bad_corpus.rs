//! The bad-record corpus: every file in `tests/corpus/bad/` is checked with the real binary and
//! must give the exit status, position, code and words written for it in
//! `tests/corpus/bad/expected.txt` — never a panic, a stack overflow or a hang.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use crate::common::{Run, incident};

const CORPUS: &str = "tests/corpus/bad";
/// Far more than any case needs (the slowest, 10 MB, takes well under a second in release).
const LIMIT: Duration = Duration::from_secs(120);

#[derive(Debug)]
struct Case {
    file: String,
    how: String,
    exit: i32,
    position: Option<String>,
    code: String,
    words: String,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(Path::new(CORPUS).join("expected.txt")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.splitn(6, " | ").collect();
            assert_eq!(cols.len(), 6, "expected.txt: bad line `{l}`");
            Case {
                file: cols[0].to_string(),
                how: cols[1].to_string(),
                exit: cols[2].parse().unwrap(),
                position: (cols[3] != "-").then(|| cols[3].to_string()),
                code: cols[4].to_string(),
                words: cols[5].to_string(),
            }
        })
        .collect()
}

/// Runs `incident args…` with a time limit: it must end by itself, without a panic.
fn run(args: &[&str]) -> Run {
    let r = crate::common::run(incident().timeout(LIMIT).args(args));
    assert!(
        r.code.is_some(),
        "{args:?}: killed (a crash, a stack overflow or over {LIMIT:?})\n{}",
        r.stderr
    );
    assert!(!r.stderr.contains("overflow"), "{args:?}: {}", r.stderr);
    r
}

/// Asserts that `stdout` reports `case` for the file shown as `shown`.
fn assert_reported(case: &Case, shown: &str, stdout: &str) {
    if case.code == "ok" {
        assert!(
            !stdout.contains(&format!("{shown}:")),
            "{}: expected no problem, got:\n{stdout}",
            case.file
        );
        return;
    }
    let severity = if case.code.starts_with('W') {
        "warning"
    } else {
        "error"
    };
    let prefix = match &case.position {
        Some(p) => format!("{shown}:{p}: {}: {severity}: ", case.code),
        None => format!("{shown}: {}: {severity}: ", case.code),
    };
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("{}: expected a line `{prefix}…` in:\n{stdout}", case.file));
    assert!(
        line.contains(&case.words),
        "{}: expected `{}` in `{line}`",
        case.file,
        case.words
    );
}

fn check_one(case: &Case, path: &str) {
    let r = run(&["check", path]);
    assert_eq!(r.code, Some(case.exit), "{}: {}", case.file, r.stdout);
    if case.code == "ok" {
        assert!(
            r.stdout.contains(&case.words),
            "{}: {}",
            case.file,
            r.stdout
        );
    }
    assert_reported(case, path, &r.stdout);
}

#[test]
fn every_file_in_the_corpus_has_an_expectation_and_every_expectation_a_file() {
    let listed: BTreeSet<String> = cases()
        .iter()
        .filter(|c| c.how != "generated")
        .map(|c| c.file.clone())
        .collect();
    let present: BTreeSet<String> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expected.txt")
        .collect();
    assert_eq!(listed, present, "tests/corpus/bad and expected.txt differ");
    for c in cases() {
        assert!(
            matches!(c.how.as_str(), "file" | "folder" | "generated"),
            "{c:?}"
        );
        assert!(
            c.code == "ok" || c.code.len() == 4,
            "{}: code `{}`",
            c.file,
            c.code
        );
    }
}

#[test]
fn each_bad_record_gives_its_exit_status_position_and_message() {
    let mut n = 0;
    for case in cases().iter().filter(|c| c.how == "file") {
        check_one(case, &format!("{CORPUS}/{}", case.file));
        n += 1;
    }
    assert!(n >= 50, "only {n} cases");
}

#[test]
fn checking_the_whole_corpus_folder_reports_every_case() {
    let r = run(&["check", CORPUS]);
    assert_eq!(r.code, Some(1));
    for case in cases().iter().filter(|c| c.how != "generated") {
        assert_reported(case, &format!("{CORPUS}/{}", case.file), &r.stdout);
    }
    // `list` over the same folder lists the good records and names the rest, still exit 1.
    let r = run(&["--dir", CORPUS, "list"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stdout.contains("crlf"), "{}", r.stdout);
    assert!(
        r.stderr.contains("could not be read and were left out"),
        "{}",
        r.stderr
    );
    // A record whose text holds NUL and ESC is shown with the controls made visible.
    let r = run(&["--dir", CORPUS, "show", "nul-in-string"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        !r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{0}'),
        "{}",
        r.stdout
    );
}

#[test]
fn generated_cases_too_big_to_commit() {
    let big = "x".repeat(10 * 1024 * 1024);
    let base = std::fs::read_to_string(format!("{CORPUS}/crlf.ron"))
        .unwrap()
        .replace("\r\n", "\n");
    let dir = tempfile::tempdir().unwrap();
    for case in cases().iter().filter(|c| c.how == "generated") {
        let stem = case.file.trim_end_matches(".ron");
        let text = match stem {
            "huge-string-10mb" => base.replace("\"crlf\"", &format!("\"{stem}\"")).replacen(
                "    summary: \"",
                &format!("    summary: \"{big} "),
                1,
            ),
            "huge-string-unclosed" => format!("(\n    schema: 1,\n    id: \"{big}"),
            // Thousands of problems are located in one walk, not one walk each.
            "many-problems" => {
                let events: String = (0..5000)
                    .map(|i| format!("        (id: \"e{i}\", at: At(\"2024-03-01T10:04:00+00:00\"), kind: Note, text: \"x\", sources: [\"nope\"]),\n"))
                    .collect();
                with_id(&base, stem).replacen(
                    "    events: [\n",
                    &format!("    events: [\n{events}"),
                    1,
                )
            }
            // Suggestions are not computed for a zone name no zone could be near.
            "huge-timezone" => with_id(&base, stem).replace(
                "\"Europe/London\"",
                &format!("\"{}\"", &big[..2 * 1024 * 1024]),
            ),
            // Distinct scopes of many windows are collected in linear time.
            "many-windows" => {
                let windows: String = (0..30_000)
                    .map(|i| format!("                (from: At(\"2024-03-01T10:00:00+00:00\"), to: At(\"2024-03-01T10:25:00+00:00\"), level: Outage, scope: \"s{i}\"),\n"))
                    .collect();
                with_id(&base, stem).replacen(
                    "            windows: [\n",
                    &format!("            windows: [\n{windows}"),
                    1,
                )
            }
            other => panic!("no generator for {other}"),
        };
        let path = dir.path().join(&case.file);
        std::fs::write(&path, text).unwrap();
        let shown = path.to_str().unwrap();
        let started = std::time::Instant::now();
        check_one(case, shown);
        // Generous for a debug build on a busy machine; a quadratic walk took minutes.
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{}: took {:?}",
            case.file,
            started.elapsed()
        );
    }
}

/// The corpus's CRLF record with LF endings and its id set to `id`.
fn with_id(base: &str, id: &str) -> String {
    base.replace("\"crlf\"", &format!("\"{id}\""))
}
