//! `incident edit` with a scripted `$EDITOR`: a valid change lands; an invalid one is shown
//! again with its error; a concurrent writer's change is merged in; a clash, a killed editor,
//! an unchanged or empty save change nothing and lose none of the user's text.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::common::{HK_TEXT, Run, Sandbox, hk_record, run};

const ID: &str = "2022-12-18-hk-zone-c";

/// A sandbox with the shipped record and a private temporary folder, so that the copies the
/// editor works on can be listed.
struct Bench {
    sb: Sandbox,
}

impl Bench {
    fn new() -> Self {
        let sb = Sandbox::with_record(HK_TEXT);
        fs::create_dir(sb.root().join("tmp")).unwrap();
        Bench { sb }
    }

    /// An executable script in the sandbox: the editor.
    fn script(&self, name: &str, body: &str) -> PathBuf {
        let path = self.sb.root().join(name);
        fs::write(&path, format!("#!/bin/sh\nset -e\n{body}\n")).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    /// `incident edit ID` with `editor` as `$EDITOR` (and no `$VISUAL`).
    fn edit(&self, editor: &Path) -> Run {
        let mut cmd = self.sb.cmd(&["edit", ID]);
        cmd.env_remove("VISUAL")
            .env("EDITOR", editor)
            .env("TMPDIR", self.sb.root().join("tmp"))
            .env("INCIDENT_BIN", env!("CARGO_BIN_EXE_incident"))
            .env(
                "SOURCE_DATE_EPOCH",
                crate::common::epoch("2022-12-30T00:00:00Z"),
            );
        run(&mut cmd)
    }

    /// The copies left in the temporary folder.
    fn copies(&self) -> Vec<PathBuf> {
        fs::read_dir(self.sb.root().join("tmp"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    }

    fn record(&self) -> String {
        self.sb.read(ID)
    }
}

#[test]
fn a_valid_change_lands_and_leaves_no_copy() {
    let b = Bench::new();
    let editor = b.script(
        "ed.sh",
        r#"sed -i 's/severity: Sev1,/severity: Sev2,/' "$1""#,
    );
    let r = b.edit(&editor);
    assert!(r.success(), "{}", r.stderr);
    assert!(r.stderr.contains(&format!("edited {ID}")), "{}", r.stderr);
    let expected = HK_TEXT.replacen("severity: Sev1,", "severity: Sev2,", 1);
    assert!(
        b.record() == expected,
        "the record is not the original with Sev2"
    );
    assert!(b.copies().is_empty(), "{:?}", b.copies());
}

#[test]
fn an_invalid_change_is_shown_again_with_its_error_until_it_is_fixed() {
    let b = Bench::new();
    // First save: the OSS outage ends before it starts (E110). Second: the error must be shown
    // at the top; the end is put back and the title changed.
    let editor = b.script(
        "ed.sh",
        r#"n=$(cat "$0.count" 2>/dev/null || echo 0); echo $((n+1)) > "$0.count"
if [ "$n" = 0 ]; then
  sed -i 's/to: At("2022-12-18T18:26:00+08:00")/to: At("2022-12-18T08:26:00+08:00")/' "$1"
else
  head -1 "$1" > "$0.first"
  grep '^// incident edit: ' "$1" > "$0.header"
  sed -i 's/to: At("2022-12-18T08:26:00+08:00")/to: At("2022-12-18T18:26:00+08:00")/' "$1"
  sed -i 's/^    title: "Alibaba Cloud/    title: "Edited: Alibaba Cloud/' "$1"
fi"#,
    );
    let r = b.edit(&editor);
    assert!(r.success(), "{}", r.stderr);
    let header = fs::read_to_string(b.sb.root().join("ed.sh.header")).unwrap();
    assert!(
        header.contains(
            ": E110: the window of `OSS (Zone C)` ends (2022-12-18T08:26:00+08:00) before it starts"
        ),
        "{header}"
    );
    // The position counts the record's own lines, as `incident check` does.
    let line = HK_TEXT
        .lines()
        .position(|l| l.contains("to: At(\"2022-12-18T18:26:00+08:00\")"))
        .unwrap()
        + 1;
    assert!(
        header.contains(&format!("// incident edit: {line}:")),
        "{line}: {header}"
    );
    // The comment lines are gone from the record; the change landed.
    let expected = HK_TEXT.replacen(
        "title: \"Alibaba Cloud",
        "title: \"Edited: Alibaba Cloud",
        1,
    );
    assert!(
        b.record() == expected,
        "the record is not the original with the new title"
    );
    assert!(b.copies().is_empty());
}

#[test]
fn giving_up_on_an_invalid_change_writes_nothing_and_keeps_the_text() {
    let b = Bench::new();
    // Breaks the record once, then quits without saving.
    let editor = b.script(
        "ed.sh",
        r#"n=$(cat "$0.count" 2>/dev/null || echo 0); echo $((n+1)) > "$0.count"
if [ "$n" = 0 ]; then sed -i 's/^    title: /    title: title: /' "$1"; fi"#,
    );
    let r = b.edit(&editor);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("still has 1 error(s); nothing was written"),
        "{}",
        r.stderr
    );
    assert!(b.record() == HK_TEXT, "the record changed");
    let copies = b.copies();
    assert_eq!(copies.len(), 1);
    assert!(
        r.stderr.contains(&copies[0].display().to_string()),
        "{}",
        r.stderr
    );
    assert!(
        fs::read_to_string(&copies[0])
            .unwrap()
            .contains("title: title: ")
    );
}

#[test]
fn a_log_written_during_the_edit_is_kept_and_merged() {
    let b = Bench::new();
    let editor = b.script(
        "ed.sh",
        &format!(
            r#""$INCIDENT_BIN" --quiet log {ID} "Logged while someone edited" --at "2022-12-18 23:30"
sed -i 's/severity: Sev1,/severity: Sev2,/' "$1""#
        ),
    );
    let r = b.edit(&editor);
    assert!(r.success(), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("merged with a change someone else wrote meanwhile"),
        "{}",
        r.stderr
    );
    let inc = incident::files::load::parse_text(Path::new("x.ron"), &b.record()).unwrap();
    assert_eq!(inc.severity, incident::model::record::Severity::new("Sev2"));
    let before = hk_record();
    assert_eq!(inc.events.len(), before.events.len() + 1);
    assert!(
        inc.events
            .iter()
            .any(|e| e.text == "Logged while someone edited")
    );
    assert!(b.copies().is_empty());
}

#[test]
fn a_clash_with_a_concurrent_change_writes_nothing_and_keeps_the_text() {
    let b = Bench::new();
    // Someone sets A1's owner to bob while the edit sets it to cy.
    let editor = b.script(
        "ed.sh",
        &format!(
            r#""$INCIDENT_BIN" --quiet action set {ID} A1 --owner bob
sed -i '0,/owner: "Alibaba Cloud"/s//owner: "cy"/' "$1""#
        ),
    );
    let r = b.edit(&editor);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("you both changed the same thing; nothing was written"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("theirs \"bob\", yours \"cy\""),
        "{}",
        r.stderr
    );
    let now = b.record();
    assert!(now.contains("owner: \"bob\""));
    assert!(!now.contains("owner: \"cy\""));
    let copies = b.copies();
    assert_eq!(copies.len(), 1);
    assert!(
        fs::read_to_string(&copies[0])
            .unwrap()
            .contains("owner: \"cy\"")
    );
}

#[test]
fn a_killed_editor_changes_nothing_and_loses_nothing() {
    let b = Bench::new();
    let editor = b.script(
        "ed.sh",
        r#"sed -i 's/severity: Sev1,/severity: Sev3,/' "$1"
kill -KILL $$"#,
    );
    let r = b.edit(&editor);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("did not finish normally"), "{}", r.stderr);
    assert!(b.record() == HK_TEXT, "the record changed");
    let copies = b.copies();
    assert_eq!(copies.len(), 1);
    assert!(r.stderr.contains(&copies[0].display().to_string()));
    assert!(
        fs::read_to_string(&copies[0])
            .unwrap()
            .contains("severity: Sev3,")
    );
}

#[test]
fn an_unchanged_or_empty_save_changes_nothing() {
    let b = Bench::new();
    let r = b.edit(&b.script("same.sh", "true"));
    assert!(r.success(), "{}", r.stderr);
    assert!(r.stderr.contains("no change"), "{}", r.stderr);
    let r = b.edit(&b.script("empty.sh", r#": > "$1""#));
    assert!(r.success(), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("edit cancelled: the file was saved empty"),
        "{}",
        r.stderr
    );
    assert!(b.record() == HK_TEXT, "the record changed");
    assert!(b.copies().is_empty());
}
