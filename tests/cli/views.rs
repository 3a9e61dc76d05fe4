//! The main views by fixture, in the style of git-cliff's `.github/fixtures/`: each case is a
//! folder holding a command line and the exact output expected from it, run by the real
//! binary against the records of the input folder above it. See
//! `tests/fixtures/views/README.md`; `UPDATE_FIXTURES=1` rewrites the expected files.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{ROOT, Sandbox, split_args};

/// The fixture folder, relative to the package root.
const VIEWS: &str = "tests/fixtures/views";

/// The files a case folder may hold; the first two it must hold.
const CASE_FILES: [&str; 4] = ["command", "expected.out", "expected.err", "expected.code"];

/// An input folder: the records, as `record.ron` or an `incidents/` folder.
struct Input {
    dir: PathBuf,
}

impl Input {
    /// A sandbox holding the input's records under the names their ids ask for.
    fn sandbox(&self) -> Sandbox {
        let folder = self.dir.join("incidents");
        if folder.is_dir() {
            Sandbox::copy_of(folder)
        } else {
            Sandbox::with_record(&fs::read_to_string(self.dir.join("record.ron")).unwrap())
        }
    }

    /// The case folders: every folder here except `incidents/`, sorted by name.
    fn cases(&self) -> Vec<PathBuf> {
        let mut cases: Vec<PathBuf> = fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir() && !p.ends_with("incidents"))
            .collect();
        cases.sort();
        cases
    }
}

/// Every input folder under [`VIEWS`], sorted by name.
fn inputs() -> Vec<Input> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(Path::new(ROOT).join(VIEWS))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter().map(|dir| Input { dir }).collect()
}

/// The path of `p` below [`VIEWS`], for messages.
fn shown(p: &Path) -> String {
    p.strip_prefix(Path::new(ROOT).join(VIEWS))
        .unwrap_or(p)
        .display()
        .to_string()
}

/// Reads an expected file; a missing file reads as `None`.
fn read_expected(path: &Path) -> Option<Vec<u8>> {
    fs::read(path).ok()
}

/// Writes `contents` to `path`, or removes `path` when there is nothing to expect.
fn write_expected(path: &Path, contents: Option<&[u8]>) {
    match contents {
        Some(c) => fs::write(path, c).unwrap(),
        None if path.exists() => fs::remove_file(path).unwrap(),
        None => {}
    }
}

/// What one case printed, and the differences from what its folder expects.
fn run_case(sb: &Sandbox, case: &Path, update: bool) -> Vec<String> {
    let Ok(line) = fs::read_to_string(case.join("command")) else {
        // The layout test names the folder; nothing to run here.
        return Vec::new();
    };
    let args = split_args(line.trim_end_matches('\n'));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // `--dir incidents`, relative, so that paths in the output do not name the sandbox.
    let out = sb
        .cmd(&["--dir", "incidents"])
        .args(&args)
        .output()
        .unwrap();
    let code = out.status.code().expect("the binary was not killed");
    let err = (!out.stderr.is_empty()).then_some(out.stderr.as_slice());
    let code_text = (code != 0).then(|| format!("{code}\n"));
    let (out_file, err_file, code_file) = (
        case.join("expected.out"),
        case.join("expected.err"),
        case.join("expected.code"),
    );
    if update {
        write_expected(&out_file, Some(&out.stdout));
        write_expected(&err_file, err);
        write_expected(&code_file, code_text.as_deref().map(str::as_bytes));
        return Vec::new();
    }
    let name = shown(case);
    let mut problems = Vec::new();
    let expected_out = read_expected(&out_file).unwrap_or_default();
    if out.stdout != expected_out {
        problems.push(format!(
            "{name}: stdout differs from expected.out\n{}",
            first_difference(&expected_out, &out.stdout)
        ));
    }
    if err != read_expected(&err_file).as_deref() {
        problems.push(format!(
            "{name}: stderr differs from expected.err (absent means empty):\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    if code_text.as_deref().map(str::as_bytes) != read_expected(&code_file).as_deref() {
        problems.push(format!(
            "{name}: exit code {code} differs from expected.code (absent means 0)"
        ));
    }
    problems
}

/// The first line where `expected` and `actual` differ, both shown.
fn first_difference(expected: &[u8], actual: &[u8]) -> String {
    let (e, a) = (
        String::from_utf8_lossy(expected),
        String::from_utf8_lossy(actual),
    );
    let (mut el, mut al) = (e.split_inclusive('\n'), a.split_inclusive('\n'));
    for n in 1.. {
        match (el.next(), al.next()) {
            (None, None) => break,
            (x, y) if x == y => continue,
            (x, y) => {
                return format!(
                    "  line {n}\n  expected: {:?}\n  actual:   {:?}",
                    x.unwrap_or("(end of output)"),
                    y.unwrap_or("(end of output)")
                );
            }
        }
    }
    "  (the same text, different bytes)".to_string()
}

/// True when the expected files are to be rewritten rather than checked.
fn updating() -> bool {
    std::env::var_os("UPDATE_FIXTURES").is_some_and(|v| v == "1")
}

#[test]
fn every_case_prints_what_its_folder_expects() {
    let update = updating();
    let mut problems = Vec::new();
    let mut cases = 0;
    for input in inputs() {
        let sb = input.sandbox();
        for case in input.cases() {
            problems.extend(run_case(&sb, &case, update));
            cases += 1;
        }
    }
    assert!(cases >= 20, "only {cases} cases under {VIEWS}");
    assert!(
        problems.is_empty(),
        "{} difference(s); after checking that the new output is right, \
         run `UPDATE_FIXTURES=1 cargo test views` to rewrite the expected files:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn every_case_folder_has_its_command_and_expected_output() {
    let inputs = inputs();
    assert!(inputs.len() >= 2, "the inputs under {VIEWS} are missing");
    for input in inputs {
        let name = shown(&input.dir);
        let record = input.dir.join("record.ron").is_file();
        let folder = input.dir.join("incidents").is_dir();
        assert!(
            record != folder,
            "{name}: holds neither or both of record.ron and incidents/"
        );
        for entry in fs::read_dir(&input.dir).unwrap() {
            let p = entry.unwrap().path();
            assert!(
                p.is_dir() || p.ends_with("record.ron"),
                "{}: a stray file; inputs hold record.ron or incidents/, and case folders",
                shown(&p)
            );
        }
        let cases = input.cases();
        assert!(!cases.is_empty(), "{name}: no case folders");
        for case in cases {
            let case_name = shown(&case);
            // While the other test writes the expected files, they may not be there yet.
            let needed: &[&str] = if updating() {
                &["command"]
            } else {
                &["command", "expected.out"]
            };
            for needed in needed {
                assert!(
                    case.join(needed).is_file(),
                    "{case_name}: no {needed}{}",
                    if *needed == "command" {
                        ""
                    } else {
                        " (UPDATE_FIXTURES=1 writes it)"
                    }
                );
            }
            let command = fs::read_to_string(case.join("command")).unwrap();
            assert!(
                command.ends_with('\n') && command.trim_end().lines().count() == 1,
                "{case_name}/command: one line of arguments, ending in a newline"
            );
            assert!(
                !command.starts_with("incident "),
                "{case_name}/command: the arguments only, without the program name"
            );
            for entry in fs::read_dir(&case).unwrap() {
                let file = entry.unwrap().file_name().to_string_lossy().into_owned();
                assert!(
                    CASE_FILES.contains(&file.as_str()),
                    "{case_name}/{file}: not one of {CASE_FILES:?}"
                );
            }
        }
    }
}
