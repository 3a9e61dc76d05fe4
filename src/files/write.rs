//! Writing records so that nothing anyone logs is ever lost.
//!
//! - **Locked**: every writer takes an exclusive lock on a separate lock file beside the record
//!   (`.<file>.lock`; the record itself is replaced by a rename, so it cannot carry the lock)
//!   and reads the record only once it holds the lock. Writers queue; none overwrites another.
//! - **Atomic**: the new text goes to a temporary file in the same folder, is flushed and
//!   synced, read back and parsed (it must equal the intended record), and only then renamed
//!   over the record; then the folder is synced. A crash leaves the old file or the new one.
//! - **Validated**: the changed record runs through the validation the caller passes (a
//!   [`Validate`]; the commands pass the semantic rules of `derive::validate`, a layer above
//!   this one); a change that adds an error the record did not already have is refused.
//! - **Diff-friendly, comment-keeping**: the new text comes from [`crate::files::patch::plan`],
//!   a textual edit of the existing text where one fits (an appended event is inserted before
//!   the closing `]` of `events`; a changed value has just its own text replaced), so
//!   `git diff` shows only what changed and hand-written comments elsewhere stay. Only when no
//!   textual edit fits is the record rewritten in the canonical layout, and that is refused if
//!   the file holds comments.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::files::canonical::to_canonical;
use crate::files::load::parse_bytes;
use crate::files::locate::{first_comment, position_of};
use crate::files::patch::{self, PatchError};
use crate::model::change::EditError;
use crate::model::problem::Problem;
use crate::model::record::Incident;
use crate::model::text::visible_path;

pub use crate::files::patch::WriteMode;

/// Why a write did not happen. In every case the record file is left as it was.
#[derive(Debug, Error)]
pub enum WriteError {
    /// The record cannot be read or parsed.
    #[error("{0}")]
    Load(Problem),
    #[error("cannot {action} {}: {source}; {} was left unchanged", visible_path(.path), visible_path(.record))]
    Io {
        action: &'static str,
        path: PathBuf,
        record: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} is read-only; nothing was changed. Make it writable (chmod u+w {}) and try again",
        visible_path(.0), visible_path(.0)
    )]
    ReadOnly(PathBuf),
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error("refused: the change would make {} invalid; nothing was changed:\n{}", visible_path(.path), problem_lines(.problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
    #[error(
        "{} has comments (line {line}) and {why}, which would drop them; nothing was changed. Move the comments into a note field, or run `incident fmt --strip-comments {id}` to drop them knowingly, then try again",
        visible_path(.path)
    )]
    Comments {
        path: PathBuf,
        line: usize,
        id: String,
        /// What needs the rewrite.
        why: &'static str,
    },
    #[error("{} already exists; nothing was overwritten", visible_path(.0))]
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

/// The validation a writer runs before it writes: the record's file (for messages), its text
/// and its value in, the problems found out.
pub type Validate<'a> = &'a dyn Fn(&Path, &str, &Incident) -> Vec<Problem>;

/// Creates a new record file; refuses to overwrite anything, and refuses a record in which
/// `validate` finds errors.
pub fn create(path: &Path, inc: &Incident, validate: Validate) -> Result<Vec<Problem>, WriteError> {
    let _lock = lock(path)?;
    if fs::symlink_metadata(path).is_ok() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let text = to_canonical(inc).map_err(|e| WriteError::Serialize(e.to_string()))?;
    let problems = validate(path, &text, inc);
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
/// runs `validate` on the result, and writes it back safely (see the module docs). When
/// anything fails — the edit, validation, the disk — the file is left byte-for-byte as it was.
pub fn update<T>(
    path: &Path,
    validate: Validate,
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
    let (text, mode) = patch::plan(&loaded.text, &old, &new).map_err(|e| match e {
        PatchError::Comments { offset, why } => WriteError::Comments {
            path: path.to_path_buf(),
            line: position_of(&loaded.text, offset).line,
            id: old.id.clone(),
            why,
        },
        PatchError::Serialize(why) => WriteError::Serialize(why),
    })?;
    let before = validate(path, &loaded.text, &old);
    let after = validate(path, &text, &new);
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
    let mut old: Vec<(&str, &str)> = before
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
