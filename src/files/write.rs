//! Writing records so that nothing anyone logs is ever lost.
//!
//! - **Locked**: every writer takes an exclusive lock on a separate lock file beside the record
//!   (`.<file>.lock`; the record itself is replaced by a rename, so it cannot carry the lock)
//!   and reads the record only once it holds the lock. Writers queue; none overwrites another.
//! - **Atomic**: the new text goes to a temporary file in the same folder, is flushed and
//!   synced, read back and parsed (it must equal the intended record), and only then renamed
//!   over the record; then the folder is synced. A crash leaves the old file or the new one.
//! - **Validated**: the changed record runs through [`crate::derive::validate::validate`]; a change
//!   that adds an error the record did not already have is refused.
//! - **Diff-friendly, comment-keeping**: a change is made as a textual edit of the existing
//!   text where it can be (an appended event is inserted before the closing `]` of `events`;
//!   a changed value has just its own text replaced), so `git diff` shows only what changed
//!   and hand-written comments elsewhere stay. Only when no textual edit fits is the record
//!   rewritten in the canonical layout, and that is refused if the file holds comments.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::files::canonical::to_canonical;
use crate::files::load::{parse_bytes, parse_text};
use crate::files::locate::{self, Path as RonPath, first_comment, position_of, skip_trivia_at};
use crate::model::change::EditError;
use crate::model::problem::Problem;
use crate::model::record::{Affected, Incident};

/// Why a write did not happen. In every case the record file is left as it was.
#[derive(Debug, Error)]
pub enum WriteError {
    /// The record cannot be read or parsed.
    #[error("{0}")]
    Load(Problem),
    #[error("cannot {action} {}: {source}; {} was left unchanged", .path.display(), .record.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        record: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} is read-only; nothing was changed. Make it writable (chmod u+w {}) and try again",
        .0.display(), .0.display()
    )]
    ReadOnly(PathBuf),
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error("refused: the change would make {} invalid; nothing was changed:\n{}", .path.display(), problem_lines(.problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
    #[error(
        "{} has comments (line {line}) and {why}, which would drop them; nothing was changed. Move the comments into a note field, or run `incident fmt --strip-comments {id}` to drop them knowingly, then try again",
        .path.display()
    )]
    Comments {
        path: PathBuf,
        line: usize,
        id: String,
        /// What needs the rewrite.
        why: &'static str,
    },
    #[error("{} already exists; nothing was overwritten", .0.display())]
    Exists(PathBuf),
    #[error("the new text of {} did not read back as written ({why}); the record was left unchanged", .path.display())]
    Verify { path: PathBuf, why: String },
    #[error("cannot serialise the record: {0}")]
    Serialize(String),
}

fn problem_lines(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {}: {}", p.code, crate::model::text::one_line(&p.message)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// How a change reached the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteMode {
    /// The edit changed nothing; the file was not touched.
    Unchanged,
    /// Text was inserted or replaced in place; everything else is byte-for-byte as before.
    InPlace,
    /// The whole record was written in the canonical layout (the file had no comments).
    Rewritten,
}

/// The outcome of [`update`].
#[derive(Debug)]
pub struct Updated<T> {
    /// What the edit returned (an event id, an action id, …).
    pub value: T,
    pub mode: WriteMode,
    /// The record as written.
    pub incident: Incident,
    /// Warnings the change added (the change was still written).
    pub new_warnings: Vec<Problem>,
}

/// The lock file of a record: `.<file name>.lock` in the same folder.
pub fn lock_path(record: &Path) -> PathBuf {
    let name = record
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    record.with_file_name(format!(".{name}.lock"))
}

/// An exclusive lock on a record, released when dropped.
#[derive(Debug)]
pub struct RecordLock {
    file: File,
}

impl Drop for RecordLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// Takes the exclusive lock of `record`, waiting for other writers. The lock file is left in
/// place afterwards: removing it would let two writers lock two different files.
pub fn lock(record: &Path) -> Result<RecordLock, WriteError> {
    let path = lock_path(record);
    let io = |action, e| WriteError::Io {
        action,
        path: path.clone(),
        record: record.to_path_buf(),
        source: e,
    };
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io("create the lock file", e))?;
    file.lock().map_err(|e| io("lock", e))?;
    Ok(RecordLock { file })
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is written,
/// flushed, synced, read back and parsed (it must give `expect`), then renamed over `path`
/// (or, with `create`, linked to `path` only if nothing is there); then the folder is synced.
pub fn write_verified(
    path: &Path,
    bytes: &[u8],
    expect: &Incident,
    create: bool,
) -> Result<(), WriteError> {
    replace(path, bytes, create, |back| match parse_bytes(path, back) {
        Ok(l) if l.incident == *expect => Ok(()),
        Ok(_) => Err(WriteError::Verify {
            path: path.to_path_buf(),
            why: "it parses to a different record".to_string(),
        }),
        Err(p) => Err(WriteError::Verify {
            path: path.to_path_buf(),
            why: p.to_string(),
        }),
    })
}

/// Writes any file (a generated postmortem, say) atomically, the same way records are
/// written: readers see the old file or the new one, never a part of it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    replace(path, bytes, false, |_| Ok(()))
}

/// The one atomic-replace procedure: temporary file in the same folder, same permissions,
/// write, flush, fsync, read back (bytes must match, then `verify`), rename, fsync folder.
fn replace(
    path: &Path,
    bytes: &[u8],
    create: bool,
    verify: impl FnOnce(&[u8]) -> Result<(), WriteError>,
) -> Result<(), WriteError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |action, p: &Path, e| WriteError::Io {
        action,
        path: p.to_path_buf(),
        record: path.to_path_buf(),
        source: e,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| io("create a temporary file in", &dir, e))?;
    // Keep the file's permissions; a new file gets the usual 0644 (the temporary file
    // starts as 0600, which would hide records from the rest of a team on a shared machine).
    let permissions = match fs::metadata(path) {
        Ok(m) if !create => Some(m.permissions()),
        _ => new_file_permissions(),
    };
    if let Some(p) = permissions {
        tmp.as_file()
            .set_permissions(p)
            .map_err(|e| io("set permissions on", tmp.path(), e))?;
    }
    tmp.write_all(bytes)
        .map_err(|e| io("write", tmp.path(), e))?;
    tmp.flush().map_err(|e| io("write", tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| io("sync", tmp.path(), e))?;
    let back = fs::read(tmp.path()).map_err(|e| io("read back", tmp.path(), e))?;
    if back != bytes {
        return Err(WriteError::Verify {
            path: path.to_path_buf(),
            why: "the bytes differ".to_string(),
        });
    }
    verify(&back)?;
    if create {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists(path.to_path_buf())
            } else {
                io("create", path, e.error)
            }
        })?;
    } else {
        tmp.persist(path)
            .map_err(|e| io("replace", path, e.error))?;
    }
    sync_dir(&dir).map_err(|e| io("sync the folder", &dir, e))
}

#[cfg(unix)]
fn new_file_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<fs::Permissions> {
    None
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Creates a new record file; refuses to overwrite anything.
pub fn create(path: &Path, inc: &Incident) -> Result<Vec<Problem>, WriteError> {
    let _lock = lock(path)?;
    if fs::symlink_metadata(path).is_ok() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let text = to_canonical(inc).map_err(|e| WriteError::Serialize(e.to_string()))?;
    let problems = crate::derive::validate::validate(path, &text, inc);
    let (errors, warnings): (Vec<Problem>, Vec<Problem>) =
        problems.into_iter().partition(Problem::is_error);
    if !errors.is_empty() {
        return Err(WriteError::Invalid {
            path: path.to_path_buf(),
            problems: errors,
        });
    }
    write_verified(path, text.as_bytes(), inc, true)?;
    Ok(warnings)
}

/// The edit-validate-write transaction: locks the record, reads it, applies `edit` to it,
/// validates the result, and writes it back safely (see the module docs). When anything fails
/// — the edit, validation, the disk — the file is left byte-for-byte as it was.
pub fn update<T>(
    path: &Path,
    edit: impl FnOnce(&mut Incident) -> Result<T, EditError>,
) -> Result<Updated<T>, WriteError> {
    // Write through a link to the file it names, so the link stays a link.
    let real = fs::canonicalize(path)
        .map_err(|e| WriteError::Load(crate::files::load::io_problem(path, &e)))?;
    let _lock = lock(&real)?;
    let raw =
        fs::read(&real).map_err(|e| WriteError::Load(crate::files::load::io_problem(path, &e)))?;
    let meta = fs::metadata(&real)
        .map_err(|e| WriteError::Load(crate::files::load::io_problem(path, &e)))?;
    let loaded = parse_bytes(path, &raw).map_err(WriteError::Load)?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    let old = loaded.incident;
    let mut new = old.clone();
    let value = edit(&mut new)?;
    if new == old {
        return Ok(Updated {
            value,
            mode: WriteMode::Unchanged,
            incident: new,
            new_warnings: Vec::new(),
        });
    }
    let (text, mode) = plan(path, &loaded.text, &old, &new)?;
    let before = crate::derive::validate::validate(path, &loaded.text, &old);
    let after = crate::derive::validate::validate(path, &text, &new);
    let added = added_problems(&before, after);
    let (errors, warnings): (Vec<Problem>, Vec<Problem>) =
        added.into_iter().partition(Problem::is_error);
    if !errors.is_empty() {
        return Err(WriteError::Invalid {
            path: path.to_path_buf(),
            problems: errors,
        });
    }
    let mut bytes = Vec::with_capacity(text.len() + 3);
    if raw.starts_with("\u{feff}".as_bytes()) {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    bytes.extend_from_slice(text.as_bytes());
    write_verified(&real, &bytes, &new, false)?;
    Ok(Updated {
        value,
        mode,
        incident: new,
        new_warnings: warnings,
    })
}

/// Problems in `after` that `before` did not have, matched by code and message (positions
/// move when text is inserted).
fn added_problems(before: &[Problem], after: Vec<Problem>) -> Vec<Problem> {
    let mut old: Vec<(_, &str)> = before
        .iter()
        .map(|p| (p.code, p.message.as_str()))
        .collect();
    let mut added = Vec::new();
    for p in after {
        match old
            .iter()
            .position(|(c, m)| *c == p.code && *m == p.message)
        {
            Some(i) => {
                old.swap_remove(i);
            }
            None => added.push(p),
        }
    }
    added
}

/// The new text of a record: an in-place edit of `old_text` where one fits, else the canonical
/// layout, unless the file holds comments that a rewrite would drop.
pub fn plan(
    path: &Path,
    old_text: &str,
    old: &Incident,
    new: &Incident,
) -> Result<(String, WriteMode), WriteError> {
    let canon = to_canonical(new).map_err(|e| WriteError::Serialize(e.to_string()))?;
    if let Some(text) = edit_in_place(old_text, &canon, &diff(old, new))
        && parse_text(path, &text).is_ok_and(|parsed| parsed == *new)
    {
        return Ok((text, WriteMode::InPlace));
    }
    if let Some(offset) = first_comment(old_text) {
        return Err(WriteError::Comments {
            path: path.to_path_buf(),
            line: position_of(old_text, offset).line,
            id: old.id.clone(),
            why: "this change cannot be made by editing the text in place: it needs a rewrite",
        });
    }
    Ok((canon, WriteMode::Rewritten))
}

/// One textual change: replace the value at a path, or append items `from..to` to the list at
/// a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Replace(RonPath),
    Append {
        list: RonPath,
        from: usize,
        to: usize,
    },
}

/// The textual changes that turn `old` into `new`, as narrow as the record's shape allows.
/// A change anywhere else is `Replace(root)`: a full rewrite.
pub fn diff(old: &Incident, new: &Incident) -> Vec<Change> {
    let root = RonPath::root();
    // Fields handled below are made equal; anything else that differs needs a rewrite.
    let mut rest = old.clone();
    rest.status = new.status;
    rest.moments = new.moments.clone();
    rest.events = new.events.clone();
    rest.actions = new.actions.clone();
    rest.services = new.services.clone();
    rest.customers = new.customers.clone();
    if rest != *new {
        return vec![Change::Replace(root)];
    }
    let mut out = Vec::new();
    if old.status != new.status {
        out.push(Change::Replace(root.field("status")));
    }
    for name in crate::model::record::MomentName::ALL {
        if old.moments.get(name) != new.moments.get(name) {
            out.push(Change::Replace(root.field("moments").field(name.field())));
        }
    }
    list_changes(
        &root.field("services"),
        &old.services,
        &new.services,
        &mut out,
        affected_changes,
    );
    list_changes(
        &root.field("customers"),
        &old.customers,
        &new.customers,
        &mut out,
        affected_changes,
    );
    list_changes(
        &root.field("events"),
        &old.events,
        &new.events,
        &mut out,
        replace_item,
    );
    list_changes(
        &root.field("actions"),
        &old.actions,
        &new.actions,
        &mut out,
        replace_item,
    );
    out
}

fn replace_item<T>(at: &RonPath, _: &T, _: &T, out: &mut Vec<Change>) {
    out.push(Change::Replace(at.clone()));
}

fn affected_changes(at: &RonPath, old: &Affected, new: &Affected, out: &mut Vec<Change>) {
    let mut same = old.clone();
    same.windows = new.windows.clone();
    if same == *new {
        list_changes(
            &at.field("windows"),
            &old.windows,
            &new.windows,
            out,
            replace_item,
        );
    } else {
        out.push(Change::Replace(at.clone()));
    }
}

fn list_changes<T: PartialEq>(
    at: &RonPath,
    old: &[T],
    new: &[T],
    out: &mut Vec<Change>,
    item: fn(&RonPath, &T, &T, &mut Vec<Change>),
) {
    if old == new {
        return;
    }
    if new.len() > old.len() && new.get(..old.len()) == Some(old) {
        out.push(Change::Append {
            list: at.clone(),
            from: old.len(),
            to: new.len(),
        });
    } else if new.len() == old.len() {
        for (i, (o, n)) in old.iter().zip(new).enumerate() {
            if o != n {
                item(&at.index(i), o, n, out);
            }
        }
    } else {
        out.push(Change::Replace(at.clone()));
    }
}

/// Applies `changes` to `old_text`, taking the new text of each changed part from `canon`
/// (the canonical text of the new record, where every part sits at its canonical indentation).
/// A change that cannot be made in place (the part is missing from the text, holds comments,
/// or the list is laid out unusually) widens to its enclosing value; `None` when that reaches
/// the whole record.
pub fn edit_in_place(old_text: &str, canon: &str, changes: &[Change]) -> Option<String> {
    let mut text = old_text.to_string();
    let crlf = old_text.contains("\r\n");
    for change in changes {
        text = match change {
            Change::Append { list, from, to } => match append(&text, canon, list, *from, *to, crlf)
            {
                Some(t) => t,
                None => replace_widening(&text, canon, list.clone(), crlf)?,
            },
            Change::Replace(at) => replace_widening(&text, canon, at.clone(), crlf)?,
        };
    }
    Some(text)
}

fn fully_located(text: &str, at: &RonPath) -> Option<std::ops::Range<usize>> {
    let (span, found) = locate::locate(text, at);
    (found == at.0.len() && !at.0.is_empty() && span.end > span.start).then_some(span)
}

fn with_line_ends(snippet: &str, crlf: bool) -> String {
    if crlf {
        snippet.replace('\n', "\r\n")
    } else {
        snippet.to_string()
    }
}

/// Replaces the value at `at` with its canonical text, widening to the enclosing value when
/// it cannot; `None` at the root.
fn replace_widening(text: &str, canon: &str, mut at: RonPath, crlf: bool) -> Option<String> {
    loop {
        if at.0.is_empty() {
            return None;
        }
        if let (Some(old), Some(new)) = (fully_located(text, &at), fully_located(canon, &at))
            && first_comment(text.get(old.clone())?).is_none()
        {
            let mut out = String::with_capacity(text.len() + new.len());
            out.push_str(text.get(..old.start)?);
            out.push_str(&with_line_ends(canon.get(new)?, crlf));
            out.push_str(text.get(old.end..)?);
            return Some(out);
        }
        at.0.pop();
    }
}

/// Inserts the canonical lines of items `from..to` of the list at `list` just before the line
/// holding the list's closing `]`. `None` when the list is empty or not laid out one item per
/// line with `]` on its own line.
fn append(
    text: &str,
    canon: &str,
    list: &RonPath,
    from: usize,
    to: usize,
    crlf: bool,
) -> Option<String> {
    if from == 0 || to <= from {
        return None;
    }
    let span = fully_located(text, list)?;
    let body = text.get(span.clone())?;
    if !body.starts_with('[') || !body.ends_with(']') {
        return None;
    }
    let close = span.end - 1;
    let last = fully_located(text, &list.index(from - 1))?;
    let line_start = text.get(..close)?.rfind('\n').map_or(0, |i| i + 1);
    if line_start <= last.end || !text.get(line_start..close)?.trim().is_empty() {
        return None;
    }
    // The canonical lines of the new items, from the start of the first one's line to the
    // newline after the last one's comma.
    let first_new = fully_located(canon, &list.index(from))?;
    let last_new = fully_located(canon, &list.index(to - 1))?;
    let snip_start = canon
        .get(..first_new.start)?
        .rfind('\n')
        .map_or(0, |i| i + 1);
    if !canon.get(snip_start..first_new.start)?.trim().is_empty()
        || !canon.get(last_new.end..)?.starts_with(",\n")
    {
        return None;
    }
    let snippet = with_line_ends(canon.get(snip_start..last_new.end + 2)?, crlf);
    let needs_comma = !text.get(skip_trivia_at(text, last.end)..)?.starts_with(',');
    let mut out = String::with_capacity(text.len() + snippet.len() + 1);
    out.push_str(text.get(..last.end)?);
    if needs_comma {
        out.push(',');
    }
    out.push_str(text.get(last.end..line_start)?);
    out.push_str(&snippet);
    out.push_str(text.get(line_start..)?);
    Some(out)
}

/// What [`format_file`] found or did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Formatted {
    /// Already canonical.
    Unchanged,
    /// Not canonical; rewritten (or, when checking, would be).
    Changed,
}

/// Writes a record in the canonical layout (`check`: only says whether it would change).
/// Refuses files with comments unless `strip_comments`.
pub fn format_file(
    path: &Path,
    check: bool,
    strip_comments: bool,
) -> Result<Formatted, WriteError> {
    let load = |raw: &[u8]| parse_bytes(path, raw).map_err(WriteError::Load);
    let read = |p: &Path| {
        fs::read(p).map_err(|e| WriteError::Load(crate::files::load::io_problem(path, &e)))
    };
    if check {
        let raw = read(path)?;
        let loaded = load(&raw)?;
        let canon =
            to_canonical(&loaded.incident).map_err(|e| WriteError::Serialize(e.to_string()))?;
        return Ok(if raw == canon.as_bytes() {
            Formatted::Unchanged
        } else {
            Formatted::Changed
        });
    }
    let real = fs::canonicalize(path)
        .map_err(|e| WriteError::Load(crate::files::load::io_problem(path, &e)))?;
    let _lock = lock(&real)?;
    let raw = read(&real)?;
    let loaded = load(&raw)?;
    let canon = to_canonical(&loaded.incident).map_err(|e| WriteError::Serialize(e.to_string()))?;
    if raw == canon.as_bytes() {
        return Ok(Formatted::Unchanged);
    }
    if let Some(offset) = first_comment(&loaded.text)
        && !strip_comments
    {
        return Err(WriteError::Comments {
            path: path.to_path_buf(),
            line: position_of(&loaded.text, offset).line,
            id: loaded.incident.id.clone(),
            why: "formatting rewrites the whole record",
        });
    }
    let meta = fs::metadata(&real)
        .map_err(|e| WriteError::Load(crate::files::load::io_problem(path, &e)))?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    write_verified(&real, canon.as_bytes(), &loaded.incident, false)?;
    Ok(Formatted::Changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::change::{self, NewEvent, NewRecord};
    use crate::model::record::{EventKind, IncidentKind, Severity};
    use crate::model::time::{Instant, Zone};

    fn inst(s: &str) -> Instant {
        s.parse().unwrap()
    }

    fn base() -> Incident {
        change::new_record(&NewRecord {
            title: "Payments DB failover".into(),
            severity: Severity::Sev2,
            kind: IncidentKind::Real,
            started: inst("2024-03-01T09:00:00+01:00"),
            timezone: "Europe/Berlin".into(),
            zone: Zone::Named(chrono_tz::Europe::Berlin),
        })
        .unwrap()
    }

    fn event(inc: &mut Incident, at: &str, text: &str) -> String {
        change::append_event(
            inc,
            NewEvent {
                at: inst(at),
                kind: EventKind::Note,
                text: text.into(),
                actor: None,
                sources: vec![],
                important: false,
                precursor: false,
            },
        )
    }

    #[test]
    fn appends_are_insertions_before_the_closing_bracket() {
        let mut old = base();
        event(&mut old, "2024-03-01T09:05:00+01:00", "first");
        let old_text = to_canonical(&old).unwrap();
        let mut new = old.clone();
        event(
            &mut new,
            "2024-03-01T09:06:00+01:00",
            "second ] ) // not a comment",
        );
        let (text, mode) = plan(Path::new("x.ron"), &old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert_eq!(text, to_canonical(&new).unwrap());
    }

    #[test]
    fn the_first_event_replaces_the_empty_list() {
        let old = base();
        let old_text = format!("// kept\n{}", to_canonical(&old).unwrap());
        let mut new = old.clone();
        event(&mut new, "2024-03-01T09:06:00+01:00", "first");
        let (text, mode) = plan(Path::new("x.ron"), &old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert!(text.starts_with("// kept\n"));
        assert_eq!(parse_text(Path::new("x.ron"), &text).unwrap(), new);
    }

    #[test]
    fn comments_inside_a_replaced_value_refuse_a_rewrite() {
        let mut old = base();
        event(&mut old, "2024-03-01T09:05:00+01:00", "first");
        let canon = to_canonical(&old).unwrap();
        // `moments` has no `resolved` yet, so resolving replaces all of `moments`, which
        // holds a comment: that needs a rewrite, which is refused.
        let old_text = canon.replace("        started: (\n", "        started: ( // by hand\n");
        let mut new = old.clone();
        change::resolve(&mut new, inst("2024-03-01T10:00:00+01:00"), "done").unwrap();
        let err = plan(Path::new("x.ron"), &old_text, &old, &new).unwrap_err();
        assert!(
            matches!(err, WriteError::Comments { line: 11, .. }),
            "{err}"
        );
        assert!(
            err.to_string().contains("incident fmt --strip-comments"),
            "{err}"
        );
        // A comment elsewhere, or beside the value, does not stop a change.
        let old_text = format!("// hand-written\n{canon}").replace(
            "status: Investigating,",
            "status: /* hand */ Investigating,",
        );
        let (text, mode) = plan(Path::new("x.ron"), &old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert!(text.contains("status: /* hand */ Resolved,"), "{text}");
        assert_eq!(parse_text(Path::new("x.ron"), &text).unwrap(), new);
    }

    #[test]
    fn missing_trailing_comma_and_crlf() {
        let mut old = base();
        event(&mut old, "2024-03-01T09:05:00+01:00", "first");
        let canon = to_canonical(&old).unwrap();
        let old_text = canon
            .replace("\"first\",\n        ),\n", "\"first\",\n        )\n")
            .replace('\n', "\r\n");
        assert!(parse_text(Path::new("x.ron"), &old_text).is_ok());
        let mut new = old.clone();
        event(&mut new, "2024-03-01T09:06:00+01:00", "second");
        let (text, mode) = plan(Path::new("x.ron"), &old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert!(!text.replace("\r\n", "").contains('\n'));
        assert_eq!(parse_text(Path::new("x.ron"), &text).unwrap(), new);
    }
}
