//! Writing records so that nothing anyone logs is ever lost.
//!
//! - **Locked**: every writer takes an exclusive lock (`flock`) on the folder that holds the
//!   record, opened without following links, and reads the record only once it holds the
//!   lock. Writers queue; none overwrites another. The folder is locked rather than a lock
//!   file beside the record because a lock file can be deleted (`git clean -fX` deletes
//!   ignored files) while one writer holds it, letting the next writer lock a new file beside
//!   it; the folder itself is not swept away, and no file is created for the lock, so no
//!   committed link, FIFO or mode can turn it against the writer. Writers of different
//!   records in one folder queue too; a write takes milliseconds.
//! - **Atomic**: the new text goes to a temporary file in the same folder (created with
//!   `O_EXCL`, so never through a link), takes the record's mode, group and owner (a new
//!   record: the folder's group permissions), is flushed and synced, read back and parsed
//!   (it must equal the intended record), and only then renamed over the record; then the
//!   folder is synced. A crash leaves the old file or the new one.
//! - **Allowed**: a record with no write permission at all, or one the current user may not
//!   write (`access(2)` with the effective ids: the owner, the group, the rest, as the system
//!   decides; root may write anything) is refused, even where the folder would let the
//!   rename through.
//! - **Bounded**: a record that would grow past [`MAX_RECORD_BYTES`], the size readers refuse,
//!   is not written.
//! - **Validated**: the changed record runs through the validation the caller passes (a
//!   [`Validate`]; the commands pass the semantic rules of `derive::validate`, a layer above
//!   this one); a change that adds an error the record did not already have is refused.
//! - **Diff-friendly, comment-keeping**: the new text comes from [`crate::files::patch::plan`],
//!   a textual edit of the existing text where one fits (an appended event is inserted before
//!   the closing `]` of `events`; a changed value has just its own text replaced), so
//!   `git diff` shows only what changed and hand-written comments elsewhere stay. Only when no
//!   textual edit fits is the record rewritten in the canonical layout, and that is refused if
//!   the file holds comments.
//! - **Honest**: once the new file is in place, nothing reports the write as failed. A later
//!   failure (syncing the folder) is returned as a caveat beside the success.

use std::fs::{self, File};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::files::canonical::to_canonical;
use crate::files::load::{MAX_RECORD_BYTES, io_problem, parse_bytes, read_record};
use crate::files::locate::{first_comment, position_of};
use crate::files::patch::{self, PatchError};
use crate::model::change::EditError;
use crate::model::problem::Problem;
use crate::model::record::{Incident, SCHEMA_VERSION};
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
    /// The record has write permission, but not for the current user.
    #[error(
        "{} is not writable by you (owner uid {owner}, group gid {group}, mode {mode:04o}); nothing was changed",
        visible_path(.path)
    )]
    NotYours {
        path: PathBuf,
        owner: u32,
        group: u32,
        mode: u32,
    },
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
    /// The new text would be larger than readers accept.
    #[error(
        "the change would make {} {size} bytes, over the limit of {MAX_RECORD_BYTES} bytes that readers accept; nothing was changed",
        visible_path(.path)
    )]
    TooLarge { path: PathBuf, size: u64 },
    /// A path given for output (`summary -o`) that may not be replaced.
    #[error("refusing to write {}: it is {why}; nothing was written", visible_path(.path))]
    Output { path: PathBuf, why: String },
    #[error("the new text of {} did not read back as written ({why}); the record was left unchanged", visible_path(.path))]
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
    /// What went wrong after the new record was in place (see [`Written`]).
    pub caveat: Option<String>,
}

/// The outcome of [`create`].
#[derive(Debug)]
pub struct Created {
    /// Warnings the new record has (it was still written).
    pub warnings: Vec<Problem>,
    /// What went wrong after the new record was in place (see [`Written`]).
    pub caveat: Option<String>,
}

/// A file written and in place. `caveat` says what failed afterwards — syncing the folder,
/// so the rename may not survive a power cut — when something did: the change is still made,
/// and doing it again would do it twice.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub caveat: Option<String>,
}

/// An exclusive lock on a folder of records, released when dropped.
#[derive(Debug)]
pub struct FolderLock {
    file: File,
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// The folder a file is in: its parent, or `.` for a bare name.
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Takes the exclusive lock of the folder `dir`, waiting for other writers. The folder is
/// opened without following a link in its last component (the callers pass a resolved
/// folder, so a link there means it was swapped for one) and nothing is created.
pub fn lock_folder(dir: &Path, record: &Path) -> Result<FolderLock, WriteError> {
    let io = |action, e| WriteError::Io {
        action,
        path: dir.to_path_buf(),
        record: record.to_path_buf(),
        source: e,
    };
    let file = open_folder(dir).map_err(|e| io("lock the folder", e))?;
    file.lock().map_err(|e| io("lock the folder", e))?;
    Ok(FolderLock { file })
}

#[cfg(unix)]
fn open_folder(dir: &Path) -> std::io::Result<File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags((OFlags::DIRECTORY | OFlags::NOFOLLOW).bits() as i32)
        .open(dir)
}

#[cfg(not(unix))]
fn open_folder(dir: &Path) -> std::io::Result<File> {
    File::open(dir)
}

/// Takes the lock that guards `record`: the lock of the folder it is in.
pub fn lock(record: &Path) -> Result<FolderLock, WriteError> {
    lock_folder(&folder_of(record), record)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is written,
/// flushed, synced, read back and parsed (it must give `expect`), then renamed over `path`
/// (or, with `create`, linked to `path` only if nothing is there); then the folder is synced.
/// Refuses text larger than [`MAX_RECORD_BYTES`].
pub fn write_verified(
    path: &Path,
    bytes: &[u8],
    expect: &Incident,
    create: bool,
) -> Result<Written, WriteError> {
    within_limit(path, bytes)?;
    let verify = |back: &[u8]| match parse_bytes(path, back) {
        Ok(l) if l.incident == *expect => Ok(()),
        Ok(_) => Err(WriteError::Verify {
            path: path.to_path_buf(),
            why: "it parses to a different record".to_string(),
        }),
        Err(p) => Err(WriteError::Verify {
            path: path.to_path_buf(),
            why: p.to_string(),
        }),
    };
    replace(path, bytes, create, &verify, sync_dir)
}

/// Like [`write_verified`], replacing a record with bytes the caller has already parsed to
/// the intended record (with or without a leading byte-order mark, which parsing skips):
/// parsing them a second time would only repeat that work. What is read back after the sync
/// must still be these bytes, byte for byte.
fn write_parsed(path: &Path, bytes: &[u8]) -> Result<Written, WriteError> {
    within_limit(path, bytes)?;
    replace(path, bytes, false, &|_| Ok(()), sync_dir)
}

/// Refuses text larger than [`MAX_RECORD_BYTES`], the size readers refuse.
fn within_limit(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(WriteError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
        });
    }
    Ok(())
}

/// Writes any file (a generated postmortem, say) atomically, the same way records are
/// written: readers see the old file or the new one, never a part of it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<Written, WriteError> {
    replace(path, bytes, false, &|_| Ok(()), sync_dir)
}

/// Replaces a record's text that may not parse yet (a merge that still holds conflict markers,
/// written by `incident mend`): locked, atomic and synced like every record write, refused over
/// [`MAX_RECORD_BYTES`] and when the current user may not write the record — everything
/// [`write_verified`] does except reading the text back as a record.
pub fn write_record_text(path: &Path, bytes: &[u8]) -> Result<Written, WriteError> {
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(WriteError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
        });
    }
    let (real, _lock, _raw, meta) = open_locked(path)?;
    check_writable(path, &real, &meta)?;
    replace(&real, bytes, false, &|_| Ok(()), sync_dir)
}

/// Replaces a scratch file that git hands a merge driver (`%A`, the merge's result)
/// atomically, but without syncing it or its folder and without reading it back: git reads the
/// file as soon as the driver exits and deletes it, so the syncs (some 10–20 ms on a 1 MB
/// record) would buy nothing. As [`write_generated`].
pub fn write_scratch(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_generated(path, bytes)
}

/// Writes a generated file that can always be made again (a page of the static site):
/// atomically as [`write_atomic`] does — a temporary file in the same folder, renamed over
/// the old one, so a reader never sees half a page — but without syncing to disk or reading
/// back. A site of 10,000 pages spent most of its time in those two syncs a file; after a
/// crash the next build writes any page that did not reach the disk.
pub fn write_generated(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
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
    // The page keeps the mode of the one it replaces, or takes the folder's (as records do).
    let attributes = Attributes::for_file(fs::metadata(path).ok().as_ref(), &dir);
    let tmp_path = tmp.path().to_path_buf();
    attributes
        .apply(tmp.as_file())
        .map_err(|e| io("set permissions on", &tmp_path, e))?;
    tmp.write_all(bytes)
        .map_err(|e| io("write", tmp.path(), e))?;
    tmp.flush().map_err(|e| io("write", tmp.path(), e))?;
    tmp.persist(path)
        .map_err(|e| io("replace", path, e.error))?;
    Ok(())
}

/// Checks a path given for output (`summary -o FILE`) before anything is written: it must be
/// a regular file or not exist yet. A link (`/dev/stdout`), a device (`/dev/null`), a FIFO, a
/// socket or a folder is refused — the rename would replace the node itself — and so is a
/// path ending in `.ron` inside the incidents folder `records`, which would replace a
/// record without its lock and its checks.
pub fn check_output(path: &Path, records: Option<&Path>) -> Result<(), WriteError> {
    let refuse = |why: String| {
        Err(WriteError::Output {
            path: path.to_path_buf(),
            why,
        })
    };
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            let to = fs::read_link(path)
                .map(|t| format!(" to {}", visible_path(&t)))
                .unwrap_or_default();
            return refuse(format!(
                "a symbolic link{to}, and writing would replace the link"
            ));
        }
        Ok(m) if !m.is_file() => {
            return refuse(format!(
                "{}, not a regular file",
                crate::files::load::kind_of(&m.file_type())
            ));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(WriteError::Io {
                action: "look at",
                path: path.to_path_buf(),
                record: path.to_path_buf(),
                source: e,
            });
        }
    }
    let is_record_name = path.extension().is_some_and(|x| x == "ron");
    if let Some(records) = records
        && is_record_name
        && let (Ok(root), Ok(parent)) =
            (fs::canonicalize(records), fs::canonicalize(folder_of(path)))
        && parent.starts_with(&root)
    {
        return refuse(format!(
            "a record's path in the incidents folder {}; records change only through the writing commands",
            visible_path(records)
        ));
    }
    Ok(())
}

/// True when `name` is the name of a temporary file [`replace`] makes for a file named
/// `target` (`.{target}.XXXXXX.tmp`), or for any file when `target` is `None`.
pub fn is_temporary_name(name: &str, target: Option<&str>) -> bool {
    let Some(middle) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    let Some((stem, random)) = middle.rsplit_once('.') else {
        return false;
    };
    random.len() == 6
        && random.bytes().all(|b| b.is_ascii_alphanumeric())
        && !stem.is_empty()
        && target.is_none_or(|t| t == stem)
}

/// The temporary files in `dir` that writers left behind (killed between creating and
/// renaming them), sorted by name. Only regular files, never followed through links.
pub fn leftover_temporaries(dir: &Path, target: Option<&str>) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| is_temporary_name(&e.file_name().to_string_lossy(), target))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Removes the temporary files an earlier, interrupted write of `path` left beside it, if
/// they are older than `age` (younger ones may belong to a write still going on). Returns
/// what was removed.
pub fn remove_leftovers(path: &Path, age: std::time::Duration) -> Vec<PathBuf> {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let now = std::time::SystemTime::now();
    leftover_temporaries(&folder_of(path), Some(&name))
        .into_iter()
        .filter(|p| {
            fs::symlink_metadata(p)
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).is_ok_and(|d| d >= age))
        })
        .filter(|p| fs::remove_file(p).is_ok())
        // Named as the target was: `post.md` leaves `.post.md.XXXXXX.tmp`, not `./.post…`.
        .filter_map(|p| p.file_name().map(|n| path.with_file_name(n)))
        .collect()
}

/// How many times the rename is tried again when the temporary file vanished before it
/// (`git clean -fX` deletes leftover temporary files, and cannot tell them from live ones).
const ATTEMPTS: usize = 20;

/// The one atomic-replace procedure: `verify` the bytes (parse them, for a record), then a
/// temporary file in the same folder with the target's permissions and owner: write, flush,
/// fsync, read back through the open file (the bytes must be the ones verified), rename; then
/// `sync` the folder. A failure of `sync` comes back as a caveat: by then the new file is in
/// place.
///
/// On Linux the temporary file has no name while it is written (`O_TMPFILE`): a writer killed
/// meanwhile leaves nothing behind, and `git clean` has nothing to delete. It is given a name
/// only to be renamed at once (a new record: linked to its own name, which fails if taken).
/// Elsewhere, or where the file system cannot, a named temporary file `.NAME.XXXXXX.tmp` is
/// written and renamed. Either way, should the name be deleted before the rename, the rename
/// is tried again; verification is done once, before, so that the name lives only briefly.
fn replace(
    path: &Path,
    bytes: &[u8],
    create: bool,
    verify: &dyn Fn(&[u8]) -> Result<(), WriteError>,
    sync: fn(&Path) -> std::io::Result<()>,
) -> Result<Written, WriteError> {
    let dir = folder_of(path);
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
    let existing = if create {
        None
    } else {
        fs::metadata(path).ok().filter(fs::Metadata::is_file)
    };
    let attributes = Attributes::for_file(existing.as_ref(), &dir);
    // What reads back byte for byte the same as these bytes parses the same, so parsing once
    // here stands for parsing what is read back below.
    verify(bytes)?;
    let placed = |result: std::io::Result<()>| match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && create => {
            Err(WriteError::Exists(path.to_path_buf()))
        }
        Err(e) => Err(io(if create { "create" } else { "replace" }, path, e)),
    };
    #[cfg(target_os = "linux")]
    for attempt in 1..=ATTEMPTS {
        let Some(mut file) = unnamed::open(&dir) else {
            break;
        };
        fill(&mut file, &attributes, bytes, path, &dir)?;
        match unnamed::place(&file, &dir, &name, path, create) {
            Ok(unnamed::Placed::Done) => return Ok(synced(sync, &dir)),
            // Deleted between its link and its rename; an unnamed file cannot be linked a
            // second time once its name is gone, so it is written again.
            Ok(unnamed::Placed::Vanished(_)) if attempt < ATTEMPTS => {}
            Ok(unnamed::Placed::Vanished(e)) | Err(e) => placed(Err(e))?,
        }
    }
    for attempt in 1..=ATTEMPTS {
        let mut tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| io("create a temporary file in", &dir, e))?;
        let tmp_path = tmp.path().to_path_buf();
        fill(tmp.as_file_mut(), &attributes, bytes, path, &tmp_path)?;
        let persisted = if create {
            tmp.persist_noclobber(path).map(drop)
        } else {
            tmp.persist(path).map(drop)
        };
        match persisted {
            Ok(()) => break,
            // The temporary file was deleted under us; the target is untouched. Again.
            Err(e)
                if e.error.kind() == std::io::ErrorKind::NotFound
                    && attempt < ATTEMPTS
                    && fs::symlink_metadata(&tmp_path).is_err()
                    && dir.is_dir() => {}
            Err(e) => placed(Err(e.error))?,
        }
    }
    Ok(synced(sync, &dir))
}

/// Syncs the folder after the rename; a failure is a caveat, not an error (the file is in
/// place and the change made).
fn synced(sync: fn(&Path) -> std::io::Result<()>, dir: &Path) -> Written {
    Written {
        caveat: sync(dir).err().map(|e| {
            format!(
                "syncing the folder {} failed ({e}), so the change may not survive a crash of the machine",
                visible_path(dir)
            )
        }),
    }
}

/// Gives a temporary file its attributes and `bytes`, syncs it, and reads it back through
/// the open file (not its name, which may be deleted meanwhile): the bytes must be the same.
/// `shown` names the temporary file in messages.
fn fill(
    file: &mut File,
    attributes: &Attributes,
    bytes: &[u8],
    path: &Path,
    shown: &Path,
) -> Result<(), WriteError> {
    let io = |action, e| WriteError::Io {
        action,
        path: shown.to_path_buf(),
        record: path.to_path_buf(),
        source: e,
    };
    attributes
        .apply(file)
        .map_err(|e| io("set permissions on a temporary file in", e))?;
    file.write_all(bytes)
        .and_then(|_| file.flush())
        .map_err(|e| io("write a temporary file in", e))?;
    file.sync_all()
        .map_err(|e| io("sync a temporary file in", e))?;
    let mut back = Vec::with_capacity(bytes.len());
    file.rewind()
        .and_then(|_| file.read_to_end(&mut back))
        .map_err(|e| io("read back a temporary file in", e))?;
    if back != bytes {
        return Err(WriteError::Verify {
            path: path.to_path_buf(),
            why: "the bytes differ".to_string(),
        });
    }
    Ok(())
}

/// Temporary files without a name (`O_TMPFILE`), named through `/proc/self/fd` when placed.
#[cfg(target_os = "linux")]
mod unnamed {
    use std::fs::{self, File};
    use std::hash::{BuildHasher, Hasher};
    use std::os::fd::AsRawFd;
    use std::path::Path;

    use rustix::fs::{AtFlags, CWD, Mode, OFlags, linkat};

    /// An unnamed file in `dir`, or `None` where that cannot be done (no `/proc`, a file
    /// system or kernel without `O_TMPFILE`): then a named temporary file is used.
    pub fn open(dir: &Path) -> Option<File> {
        if !Path::new("/proc/self/fd").is_dir() {
            return None;
        }
        rustix::fs::open(
            dir,
            OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o600),
        )
        .ok()
        .map(File::from)
    }

    /// What [`place`] did.
    pub enum Placed {
        Done,
        /// The temporary name was deleted before the rename; the target is untouched.
        Vanished(std::io::Error),
    }

    /// Gives `file` the name `path`: linked to it directly when creating (which fails if the
    /// name is taken), else linked to a fresh temporary name and renamed over `path` at once.
    pub fn place(
        file: &File,
        dir: &Path,
        name: &str,
        path: &Path,
        create: bool,
    ) -> std::io::Result<Placed> {
        let from = format!("/proc/self/fd/{}", file.as_raw_fd());
        let link = |to: &Path| linkat(CWD, from.as_str(), CWD, to, AtFlags::SYMLINK_FOLLOW);
        if create {
            return link(path).map(|()| Placed::Done).map_err(Into::into);
        }
        for attempt in 0..super::ATTEMPTS {
            let tmp = dir.join(format!(".{name}.{}.tmp", random_part(attempt)));
            match link(&tmp) {
                Ok(()) => {}
                // A name that happens to be taken: another one.
                Err(rustix::io::Errno::EXIST) => continue,
                Err(e) => return Err(e.into()),
            }
            return match fs::rename(&tmp, path) {
                Ok(()) => Ok(Placed::Done),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !tmp.exists() => {
                    Ok(Placed::Vanished(e))
                }
                Err(e) => {
                    let _ = fs::remove_file(&tmp);
                    Err(e)
                }
            };
        }
        Err(std::io::Error::other(
            "every temporary name tried was taken",
        ))
    }

    /// Six letters and digits, different in every process and attempt (std's hasher keys
    /// are random per process).
    fn random_part(attempt: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_usize(attempt);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        let mut n = h.finish();
        (0..6)
            .map(|_| {
                let c = ALPHABET[(n % ALPHABET.len() as u64) as usize];
                n /= ALPHABET.len() as u64;
                c as char
            })
            .collect()
    }
}

/// The mode, owner and group a new file takes so that it replaces `existing` (or joins
/// `dir`) without locking anyone out. On other systems, nothing is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Attributes {
    mode: Option<u32>,
    owner: Option<u32>,
    group: Option<u32>,
}

impl Attributes {
    /// The record's own mode, owner and group when it exists; for a new file, the mode
    /// [`new_file_mode`] gives from the folder's (the group comes from the folder by itself
    /// where the folder is setgid).
    #[cfg(unix)]
    fn for_file(existing: Option<&fs::Metadata>, dir: &Path) -> Attributes {
        use std::os::unix::fs::MetadataExt;
        match existing {
            Some(m) => Attributes {
                mode: Some(m.mode() & 0o777),
                owner: Some(m.uid()),
                group: Some(m.gid()),
            },
            None => Attributes {
                mode: Some(fs::metadata(dir).map_or(0o644, |d| new_file_mode(d.mode()))),
                owner: None,
                group: None,
            },
        }
    }

    #[cfg(not(unix))]
    fn for_file(_existing: Option<&fs::Metadata>, _dir: &Path) -> Attributes {
        Attributes {
            mode: None,
            owner: None,
            group: None,
        }
    }

    /// Sets them on the temporary file. Owner and group first (changing them may clear
    /// mode bits), and only as far as allowed: root keeps the record's owner; anyone keeps
    /// its group when they are in it. Otherwise the file is theirs, with the record's mode.
    #[cfg(unix)]
    fn apply(&self, file: &File) -> std::io::Result<()> {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let now = file.metadata()?;
        let owner = self.owner.filter(|&u| u != now.uid());
        let group = self.group.filter(|&g| g != now.gid());
        if (owner.is_some() || group.is_some())
            && std::os::unix::fs::fchown(file, owner, group).is_err()
            && group.is_some()
        {
            let _ = std::os::unix::fs::fchown(file, None, group);
        }
        if let Some(mode) = self.mode {
            file.set_permissions(fs::Permissions::from_mode(mode))?;
        }
        Ok(())
    }

    #[cfg(not(unix))]
    fn apply(&self, _file: &File) -> std::io::Result<()> {
        Ok(())
    }
}

/// The mode of a new record in a folder of mode `dir_mode`: read and write for the owner;
/// read and write for the group as far as the folder gives the group read and write (a
/// shared `0775`/`2775` folder gives `0664`, so teammates can write what anyone creates);
/// read for others when the folder lets others read. Never writable by others, never
/// executable. (The temporary file starts at `0600`, which would hide records from the team.)
pub fn new_file_mode(dir_mode: u32) -> u32 {
    0o600 | (dir_mode & 0o060) | (dir_mode & 0o004)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Refuses to replace a record that is read-only (no write permission for anyone: a choice,
/// kept even for root) or that the current user may not write. The second test is the
/// system's own (`access(2)` with the effective user and groups, so ACLs and root count as
/// the system counts them); without it, a writable folder would let anyone replace a record
/// that is not theirs by renaming over it.
pub fn check_writable(path: &Path, real: &Path, meta: &fs::Metadata) -> Result<(), WriteError> {
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    #[cfg(unix)]
    {
        use rustix::fs::{Access, AtFlags, CWD, accessat};
        use std::os::unix::fs::MetadataExt;
        let verdict = match accessat(CWD, real, Access::WRITE_OK, AtFlags::EACCESS) {
            // Kernels before 5.8 lack the call (NOSYS), and some container sandboxes refuse
            // calls they do not know (PERM); then plain access(2), whose real ids are the
            // effective ones unless the binary is setuid, which it is not meant to be.
            Err(rustix::io::Errno::NOSYS | rustix::io::Errno::PERM) => {
                rustix::fs::access(real, Access::WRITE_OK)
            }
            other => other,
        };
        // Only "permission denied" is about who may write; any other answer (a read-only
        // file system, an immutable file) is left to the write itself to report.
        if verdict == Err(rustix::io::Errno::ACCESS) {
            return Err(WriteError::NotYours {
                path: path.to_path_buf(),
                owner: meta.uid(),
                group: meta.gid(),
                mode: meta.mode() & 0o7777,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = real;
    Ok(())
}

/// The validation a writer runs before it writes: the record's file (for messages), its text
/// and its value in, the problems found out. The text serves only to locate the problems; an
/// empty text asks for them without positions (problems are the same otherwise).
pub type Validate<'a> = &'a dyn Fn(&Path, &str, &Incident) -> Vec<Problem>;

/// Creates a new record file; refuses to overwrite anything, and refuses a record in which
/// `validate` finds errors.
pub fn create(path: &Path, inc: &Incident, validate: Validate) -> Result<Created, WriteError> {
    // Lock the real folder, so that a folder given through a link queues with writers that
    // name it directly.
    let dir = folder_of(path);
    let real_dir = fs::canonicalize(&dir).map_err(|e| WriteError::Io {
        action: "find the folder",
        path: dir.clone(),
        record: path.to_path_buf(),
        source: e,
    })?;
    let _lock = lock_folder(&real_dir, path)?;
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
    let written = write_verified(path, text.as_bytes(), inc, true)?;
    Ok(Created {
        warnings,
        caveat: written.caveat,
    })
}

/// The real path of a record (writes go through a link to the file it names, so the link
/// stays a link), its folder locked, its bytes read, and its metadata: what every writer
/// starts from.
pub fn open_locked(
    path: &Path,
) -> Result<(PathBuf, FolderLock, Vec<u8>, fs::Metadata), WriteError> {
    let load = |e: &std::io::Error| WriteError::Load(io_problem(path, e));
    let real = fs::canonicalize(path).map_err(|e| load(&e))?;
    let lock = lock(&real)?;
    // Read what is at the path now that the lock is held; a FIFO or a device is refused
    // here without being opened for long.
    let raw = read_record(&real).map_err(|p| {
        WriteError::Load(Problem {
            file: path.to_path_buf(),
            ..p
        })
    })?;
    let meta = fs::metadata(&real).map_err(|e| load(&e))?;
    Ok((real, lock, raw, meta))
}

/// The edit-validate-write transaction: locks the record, reads it, applies `edit` to it,
/// runs `validate` on the result, and writes it back safely (see the module docs). When
/// anything fails — the edit, validation, the disk — the file is left byte-for-byte as it was.
pub fn update<T>(
    path: &Path,
    validate: Validate,
    edit: impl FnOnce(&mut Incident) -> Result<T, EditError>,
) -> Result<Updated<T>, WriteError> {
    let (real, _lock, raw, meta) = open_locked(path)?;
    let loaded = parse_bytes(path, &raw).map_err(WriteError::Load)?;
    check_writable(path, &real, &meta)?;
    let old = loaded.incident;
    let mut new = old.clone();
    let value = edit(&mut new)?;
    if new != old {
        // A writer may add a form an older schema cannot hold; it writes the current one.
        new.schema = SCHEMA_VERSION;
    }
    if new == old {
        return Ok(Updated {
            value,
            mode: WriteMode::Unchanged,
            incident: new,
            new_warnings: Vec::new(),
            caveat: None,
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
    // Problems are matched by code and message, never by position, so the records are first
    // checked without positions (an empty text): locating needs a walk over the whole text.
    // The old record is checked only when the new one has problems, and positions are found
    // only for the problems the change adds, the ones that are shown.
    let mut added = validate(path, "", &new);
    let mut before = Vec::new();
    if !added.is_empty() {
        before = validate(path, "", &old);
        added = added_problems(&before, added);
    }
    if !added.is_empty() {
        added = added_problems(&before, validate(path, &text, &new));
    }
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
    let written = if mode == WriteMode::InPlace {
        // `plan` parsed this text back to `new` before handing it over.
        write_parsed(&real, &bytes)?
    } else {
        write_verified(&real, &bytes, &new, false)?
    };
    Ok(Updated {
        value,
        mode,
        incident: new,
        new_warnings: warnings,
        caveat: written.caveat,
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

/// What [`format_file`] found or did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Formatted {
    /// Already canonical.
    Unchanged,
    /// Not canonical; rewritten (or, when checking, would be). `caveat` as in [`Written`].
    Changed { caveat: Option<String> },
}

/// Writes a record in the canonical layout (`check`: only says whether it would change).
/// Refuses files with comments unless `strip_comments`.
pub fn format_file(
    path: &Path,
    check: bool,
    strip_comments: bool,
) -> Result<Formatted, WriteError> {
    let load = |raw: &[u8]| parse_bytes(path, raw).map_err(WriteError::Load);
    if check {
        let raw = read_record(path).map_err(WriteError::Load)?;
        let mut loaded = load(&raw)?;
        loaded.incident.schema = SCHEMA_VERSION;
        let canon =
            to_canonical(&loaded.incident).map_err(|e| WriteError::Serialize(e.to_string()))?;
        return Ok(if raw == canon.as_bytes() {
            Formatted::Unchanged
        } else {
            Formatted::Changed { caveat: None }
        });
    }
    let (real, _lock, raw, meta) = open_locked(path)?;
    let mut loaded = load(&raw)?;
    // Formatting upgrades an older record to the schema this build writes.
    loaded.incident.schema = SCHEMA_VERSION;
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
    check_writable(path, &real, &meta)?;
    let written = write_verified(&real, canon.as_bytes(), &loaded.incident, false)?;
    Ok(Formatted::Changed {
        caveat: written.caveat,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::Status;
    use crate::model::rule::Rule;

    #[test]
    fn new_records_follow_the_folders_group_permissions_never_others_write() {
        assert_eq!(new_file_mode(0o755), 0o644);
        assert_eq!(new_file_mode(0o2775), 0o664);
        assert_eq!(new_file_mode(0o770), 0o660);
        assert_eq!(new_file_mode(0o750), 0o640);
        assert_eq!(new_file_mode(0o700), 0o600);
        assert_eq!(new_file_mode(0o777), 0o664);
        assert_eq!(new_file_mode(0o1777), 0o664);
    }

    #[test]
    fn temporary_names_are_recognised_exactly() {
        assert!(is_temporary_name(".post.md.AbC123.tmp", Some("post.md")));
        assert!(is_temporary_name(".x.ron.k9Zq1x.tmp", None));
        assert!(!is_temporary_name(".post.md.AbC123.tmp", Some("other.md")));
        assert!(!is_temporary_name(".post.md.AbC12.tmp", None));
        assert!(!is_temporary_name("post.md.AbC123.tmp", None));
        assert!(!is_temporary_name(".AbC123.tmp", None));
        assert!(!is_temporary_name(".x.ron.lock", None));
        assert!(!is_temporary_name(".x.ron.Ab-123.tmp", None));
    }

    #[cfg(unix)]
    #[test]
    fn the_lock_is_never_taken_through_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("incidents");
        fs::create_dir(&real).unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let record = link.join("x.ron");
        let e = lock_folder(&link, &record).unwrap_err();
        assert!(
            e.to_string()
                .starts_with(&format!("cannot lock the folder {}: ", link.display())),
            "{e}"
        );
        // The real folder locks, and nothing is created in it.
        let held = lock_folder(&real, &real.join("x.ron")).unwrap();
        assert_eq!(fs::read_dir(&real).unwrap().count(), 0);
        drop(held);
    }

    #[test]
    fn a_failed_folder_sync_after_the_rename_is_a_caveat_not_a_failure() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("out.md");
        fs::write(&path, "old").unwrap();
        fn failing(_: &Path) -> std::io::Result<()> {
            Err(std::io::Error::other("input/output error"))
        }
        let written = replace(&path, b"new", false, &|_| Ok(()), failing).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let caveat = written.caveat.unwrap();
        assert!(
            caveat.starts_with("syncing the folder ")
                && caveat.ends_with(
                    " failed (input/output error), so the change may not survive a crash of the machine"
                ),
            "{caveat}"
        );
        // A failed verification, by contrast, changes nothing and leaves nothing behind.
        let refused = replace(
            &path,
            b"newer",
            false,
            &|_| {
                Err(WriteError::Verify {
                    path: PathBuf::from("out.md"),
                    why: "test".to_string(),
                })
            },
            sync_dir,
        );
        assert!(matches!(refused, Err(WriteError::Verify { .. })));
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn only_the_problems_a_change_adds_are_located_in_the_new_text() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("2022-12-18-hk-zone-c.ron");
        let shipped = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        fs::write(&path, shipped).unwrap();
        let located = std::cell::Cell::new(0);
        // One problem the record always has, and one the new status adds; each located at
        // the end of the text it is given (the text is empty when no position is wanted).
        let validate = |file: &Path, text: &str, inc: &Incident| {
            if !text.is_empty() {
                located.set(located.get() + 1);
            }
            let at = |message: &str| Problem {
                position: (!text.is_empty()).then(|| position_of(text, text.len())),
                ..Problem::new(file, None, Rule::Unreadable, message.to_string())
            };
            let mut out = vec![at("always")];
            if inc.status == Status::Monitoring {
                out.push(at("added"));
            }
            out
        };
        let done = update(&path, &validate, |inc| {
            inc.status = Status::Monitoring;
            Ok(())
        })
        .unwrap_err();
        let WriteError::Invalid { problems, .. } = done else {
            panic!("{done}")
        };
        let new_text = fs::read_to_string(&path).unwrap();
        assert_eq!(new_text, shipped, "refused, so untouched");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "added");
        assert!(problems[0].position.is_some_and(|p| p.line > 1));
        // Located once, in the new text only.
        assert_eq!(located.get(), 1);
    }

    #[test]
    fn records_over_the_read_limit_are_not_written() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.ron");
        let big = vec![b' '; MAX_RECORD_BYTES as usize + 1];
        let inc: Incident = crate::files::load::parse_text(
            &path,
            include_str!("../../incidents/2022-12-18-hk-zone-c.ron"),
        )
        .unwrap();
        let e = write_verified(&path, &big, &inc, true).unwrap_err();
        assert!(
            matches!(e, WriteError::TooLarge { size, .. } if size == MAX_RECORD_BYTES + 1),
            "{e}"
        );
        assert!(!path.exists());
    }
}
