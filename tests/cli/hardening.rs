//! Bad input of every kind gives a clear error with a position and never a panic or a hang:
//! truncated files, wrong types, duplicate fields, impossible instants, odd encodings, huge
//! and deeply nested input, merge conflicts, and hostile folder entries.

use std::path::Path;

use crate::common::{HK_ID, HK_TEXT as HK, Run, Sandbox, incident, incident_in, run};

/// `incident check path`; never a panic.
fn check(path: &Path) -> Run {
    run(incident().arg("check").arg(path))
}

/// Writes `text` as the HK record's file in a fresh folder and checks it.
fn check_text(text: impl AsRef<[u8]>) -> (tempfile::TempDir, Run) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{HK_ID}.ron"));
    std::fs::write(&file, text).unwrap();
    let o = check(&file);
    (dir, o)
}

/// Asserts exit 1 and a `file:line:column: CODE` line whose message contains `words`.
fn assert_error(o: &Run, code: &str, words: &str) {
    assert_eq!(o.code, Some(1), "{}", o.stdout);
    let line = o
        .stdout
        .lines()
        .find(|l| l.contains(&format!(": {code}: ")))
        .unwrap_or_else(|| panic!("no {code} in:\n{}", o.stdout));
    let (_, rest) = line.split_once(".ron:").expect("file name");
    let mut parts = rest.splitn(3, ':');
    let l: usize = parts.next().unwrap().parse().expect("line number");
    let c: usize = parts.next().unwrap().parse().expect("column number");
    assert!(l >= 1 && c >= 1, "{line}");
    assert!(line.contains(words), "expected `{words}` in `{line}`");
}

#[test]
fn truncation_anywhere_is_an_error_with_a_position() {
    let bytes = HK.len();
    let mut cuts: Vec<usize> = (1..150).map(|k| k * bytes / 150).collect();
    // Cutting only the final newline leaves a complete record, so stop before the `)`.
    cuts.extend([1, 2, 10, bytes - 3, bytes - 2]);
    let dir = tempfile::tempdir().unwrap();
    for cut in cuts {
        let mut cut = cut;
        while !HK.is_char_boundary(cut) {
            cut -= 1;
        }
        let file = dir.path().join(format!("{HK_ID}.ron"));
        std::fs::write(&file, &HK[..cut]).unwrap();
        let o = check(&file);
        assert_eq!(o.code, Some(1), "cut at {cut}: {}", o.stdout);
        assert!(
            o.stdout.contains(".ron:") && o.stdout.contains(": E00"),
            "cut at {cut}: {}",
            o.stdout
        );
    }
}

#[test]
fn wrong_types_unknown_and_duplicate_fields() {
    let (_d, o) = check_text(HK.replacen("important: true", "important: \"yes\"", 1));
    assert_error(&o, "E001", "expected `true` or `false`");
    let (_d, o) = check_text(HK.replacen("    tags: [", "    tagz: [", 1));
    assert_error(&o, "E001", "unknown field `tagz`");
    let (_d, o) =
        check_text(HK.replacen("    kind: Real,", "    kind: Real,\n    kind: Drill,", 1));
    assert_error(&o, "E001", "field `kind` appears twice");
    let (_d, o) = check_text(HK.replacen("level: Outage", "level: Down", 1));
    assert_error(&o, "E001", "unknown value `Down`");
}

#[test]
fn impossible_instants_are_named() {
    let (_d, o) =
        check_text(HK.replacen("2022-12-18T08:56:00+08:00", "2022-02-30T08:56:00+08:00", 1));
    assert_error(&o, "E001", "2022-02 has no day 30");
    let (_d, o) =
        check_text(HK.replacen("2022-12-18T08:56:00+08:00", "2022-12-18T25:00:00+08:00", 1));
    assert_error(&o, "E001", "hour 25 does not exist");
    let (_d, o) =
        check_text(HK.replacen("2022-12-18T08:56:00+08:00", "2022-12-18T08:56:00+25:00", 1));
    assert_error(&o, "E001", "offset +25:00 is out of range");
    let (_d, o) = check_text(HK.replacen("2022-12-18T08:56:00+08:00", "2022-12-18T08:56:00", 1));
    assert_error(&o, "E001", "no UTC offset");
    let (_d, o) = check_text(HK.replacen("\"Asia/Hong_Kong\"", "\"Asia/HongKong\"", 1));
    assert_error(&o, "E103", "did you mean Asia/Hong_Kong");
}

#[test]
fn empty_and_blank_files() {
    let (_d, o) = check_text("");
    assert_error(&o, "E004", "the file is empty");
    let (_d, o) = check_text("  \n\t\n  ");
    assert_error(&o, "E004", "the file is empty");
}

#[test]
fn bom_and_crlf_simply_work() {
    let (_d, o) = check_text(format!("\u{feff}{HK}"));
    assert_eq!(o.code, Some(0), "{}", o.stdout);
    let (_d, o) = check_text(HK.replace('\n', "\r\n"));
    assert_eq!(o.code, Some(0), "{}", o.stdout);
}

#[test]
fn bytes_that_are_not_utf8() {
    let mut bytes = HK.as_bytes().to_vec();
    let at = HK.find("Monitoring raised").unwrap();
    bytes[at] = 0xC3; // a lead byte followed by ASCII is invalid
    let (_d, o) = check_text(bytes);
    assert_error(&o, "E002", "not UTF-8 (byte 0xC3)");
}

#[test]
fn huge_strings_are_read_or_refused_without_trouble() {
    let big = "x".repeat(10 * 1024 * 1024);
    let (_d, o) = check_text(HK.replacen("    summary: \"", &format!("    summary: \"{big} "), 1));
    assert_eq!(
        o.code,
        Some(0),
        "a valid 10 MB summary is fine: {}",
        &o.stdout[..200.min(o.stdout.len())]
    );
    let (_d, o) = check_text(format!("(\n    schema: 1,\n    id: \"{big}"));
    assert_error(&o, "E001", "");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!(
        "(\n    schema: 1,\n    tags: {}{},\n)",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (_d, o) = check_text(deep);
    assert_error(&o, "E001", "");
    let deep_parens = "(".repeat(100_000);
    let (_d, o) = check_text(deep_parens);
    assert_error(&o, "E001", "");
}

#[test]
fn merge_conflict_markers_are_named_plainly() {
    let conflicted = HK.replacen(
        "    severity: Sev1,\n",
        "<<<<<<< HEAD\n    severity: Sev1,\n=======\n    severity: Sev2,\n>>>>>>> feature\n",
        1,
    );
    let (_d, o) = check_text(conflicted);
    assert_error(&o, "E003", "unresolved git merge conflict");
}

#[test]
fn hostile_folder_entries_are_reported_not_followed() {
    let sb = Sandbox::with_record(HK);
    let inc = sb.dir();
    std::fs::create_dir(inc.join("x.ron")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(inc.join("loop-b.ron"), inc.join("loop-a.ron")).unwrap();
        symlink(inc.join("loop-a.ron"), inc.join("loop-b.ron")).unwrap();
        let outside = sb.root().join("outside.ron");
        std::fs::write(&outside, HK).unwrap();
        symlink(&outside, inc.join("escape.ron")).unwrap();
        symlink(inc.join("missing-target"), inc.join("dangling.ron")).unwrap();
    }
    let o = check(&inc);
    assert_eq!(o.code, Some(1), "{}", o.stdout);
    assert!(
        o.stdout
            .contains("x.ron: E005: error: is a folder, not a record file"),
        "{}",
        o.stdout
    );
    #[cfg(unix)]
    {
        assert!(
            o.stdout.contains(
                "loop-a.ron: E005: error: cannot read: too many levels of symbolic links"
            ),
            "{}",
            o.stdout
        );
        assert!(
            o.stdout.contains("escape.ron: E005: error: is a link to"),
            "{}",
            o.stdout
        );
        assert!(
            o.stdout.contains("outside the incidents folder"),
            "{}",
            o.stdout
        );
        assert!(
            o.stdout
                .contains("dangling.ron: E005: error: cannot read: no such file"),
            "{}",
            o.stdout
        );
    }
    // The good record is still checked and `list` still lists it, reporting the rest.
    assert!(o.stdout.contains("record(s) checked"), "{}", o.stdout);
    let out = run(incident_in(&inc).args(["list", "--format", "json"]));
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains(HK_ID));
    assert!(out.stderr.contains("could not be read and were left out"));
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{HK_ID}.ron"));
    std::fs::write(&file, HK).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&file).is_ok() {
        // Running as root: permissions do not stop reads, so the record is simply valid.
        let o = check(&file);
        assert_eq!(o.code, Some(0));
        eprintln!("running with privileges that ignore file modes; checked that nothing breaks");
        return;
    }
    let o = check(&file);
    assert_error(&o, "E005", "permission denied");
}

#[test]
fn terminal_escapes_in_record_text_are_made_visible() {
    let hostile = HK.replacen(
        "title: \"Alibaba Cloud",
        "title: \"\\u{1b}[2J\\u{1b}]0;pwned\\u{7}Alibaba Cloud",
        1,
    );
    let sb = Sandbox::with_record(&hostile);
    for args in [vec!["list"], vec!["show", "hk-zone-c"]] {
        let stdout = sb.stdout_of(&args);
        assert!(
            !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
            "{args:?} leaked a control character"
        );
        assert!(
            stdout.contains('\u{241b}'),
            "{args:?}: escape not shown as ␛:\n{stdout}"
        );
    }
}

#[test]
fn names_cannot_reach_outside_the_incidents_folder() {
    let sb = Sandbox::with_record(HK);
    let inc = sb.dir();
    let outside = sb.root().join("secret.ron");
    std::fs::write(&outside, HK.replace(HK_ID, "secret")).unwrap();
    let run = |args: &[&str]| {
        let out = crate::common::run(incident_in(&inc).current_dir(sb.root()).args(args));
        (out.code, out.stderr)
    };
    // Ids are matched against the folder's records, never joined to the folder's path.
    for name in [
        "../secret",
        "../../secret",
        "secret",
        "..",
        "/",
        "../incidents/x",
    ] {
        let (code, stderr) = run(&["show", name]);
        assert_eq!(code, Some(1), "{name}: {stderr}");
        assert!(stderr.contains("no incident"), "{name}: {stderr}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, inc.join("escape.ron")).unwrap();
        // Not by id: the link is not a record of the folder.
        let (code, stderr) = run(&["show", "escape"]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("no incident `escape`"), "{stderr}");
        // Not by a path into the folder either: the same check as the folder listing.
        let (code, stderr) = run(&["show", "incidents/escape.ron"]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("outside the incidents folder"), "{stderr}");
        let (code, stderr) = run(&["impact", "incidents/escape.ron"]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("outside the incidents folder"), "{stderr}");
    }
    // A path to a real file outside the incidents folder is refused too, for readers and
    // writers alike; naming its folder with --dir is the way to use it.
    for args in [
        &["show", "secret.ron"][..],
        &["summary", "secret.ron"],
        &["log", "secret.ron", "text"],
    ] {
        let (code, stderr) = run(args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("outside the incidents folder"),
            "{args:?}: {stderr}"
        );
    }
    let before = std::fs::read(&outside).unwrap();
    assert_eq!(std::fs::read(&outside).unwrap(), before);
    // Inside the folder, a path works.
    let (code, stderr) = run(&["show", &format!("incidents/{HK_ID}.ron")]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn absurd_widths_and_zones_never_panic() {
    let hk = "incidents";
    let mut runs: Vec<Vec<String>> = Vec::new();
    for width in ["0", "1", "2", "65535"] {
        for cmd in [
            &["list"][..],
            &["show", "hk-zone-c"],
            &["impact", "hk-zone-c", "--windows", "--by", "level"],
            &["impact", "hk-zone-c", "--figures"],
        ] {
            let mut args = vec!["--width".to_string(), width.to_string()];
            args.extend(cmd.iter().map(|s| s.to_string()));
            runs.push(args);
        }
    }
    for tz in ["+23:59", "-23:59", "-00:00", "America/Los_Angeles"] {
        for cmd in ["show", "impact"] {
            runs.push(vec![
                cmd.into(),
                "hk-zone-c".into(),
                "--tz".into(),
                tz.into(),
            ]);
        }
    }
    for args in &runs {
        let out = run(incident_in(hk).args(args));
        let stderr = &out.stderr;
        assert_eq!(out.code, Some(0), "{args:?}: {stderr}");
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
    // Offsets out of range are usage errors (exit 2), not panics.
    for tz in ["+24:00", "-99", "+", "", "+٣٣"] {
        let out = run(incident_in(hk).args(["show", "hk-zone-c", "--tz", tz]));
        let stderr = &out.stderr;
        assert_eq!(out.code, Some(2), "{tz}: {stderr}");
        assert!(stderr.contains("unknown time zone"), "{tz}: {stderr}");
    }
}

/// Found by fuzzing: `stats --by service` printed a group title — a service name, record
/// text — without making its control characters visible.
#[test]
fn control_characters_in_names_never_reach_the_terminal_in_any_view() {
    let hostile = HK
        .replacen(
            "name: \"OSS (Zone C)\"",
            "name: \"\\u{1d}OSS\\u{1b}[31m (Zone C)\"",
            1,
        )
        .replacen("name: \"OKX\"", "name: \"OKX\\u{7}\\u{1b}]0;x\\u{7}\"", 1);
    assert_ne!(hostile, HK);
    let sb = Sandbox::with_record(&hostile);
    let views: [&[&str]; 8] = [
        &["stats", "--by", "service"],
        &["stats", "--by", "service", "--format", "markdown"],
        &["list", "--service", "OSS"],
        &["actions"],
        &["impact", "hk-zone-c", "--windows"],
        &["impact", "hk-zone-c", "--figures"],
        &["timeline", "hk-zone-c", "--chart"],
        &["timeline", "hk-zone-c"],
    ];
    for args in views {
        let stdout = sb.run(args).stdout;
        let bad = stdout
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t'));
        assert_eq!(bad, None, "{args:?} printed a control character:\n{stdout}");
    }
}
