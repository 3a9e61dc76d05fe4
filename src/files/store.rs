//! The incidents folder: finding it, listing its records, naming one record, and loading many
//! records on every core.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use thiserror::Error;

use crate::files::load::{Loaded, io_problem, load_file, not_regular};
use crate::model::problem::Problem;
use crate::model::rule::Rule;
use crate::model::text::{visible, visible_path};

/// Why a folder or record could not be found.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum StoreError {
    #[error(
        "no incidents folder: none given with --dir or INCIDENT_DIR, and no `incidents/` folder in {} or above it", visible_path(.start)
    )]
    NoFolder { start: PathBuf },
    #[error("the incidents folder {} does not exist or is not a folder", visible_path(.0))]
    NotAFolder(PathBuf),
    #[error("cannot read the incidents folder {}: {why}", visible_path(.path))]
    Unreadable { path: PathBuf, why: String },
    #[error("no incident `{}` in {}", visible(.name), visible_path(.dir))]
    NotFound {
        name: String,
        dir: PathBuf,
        candidates: Vec<String>,
    },
    /// A file named on the command line that may not be read (a link, not a record file).
    #[error("{}", visible(.0))]
    Refused(String),
    /// A file named on the command line that lies outside the incidents folder.
    #[error("{} is outside the incidents folder {}", visible_path(.path), visible_path(.dir))]
    Outside { path: PathBuf, dir: PathBuf },
    #[error("`{}` matches more than one incident{}", visible(.name), candidates_text(.candidates, ":"))]
    Ambiguous {
        name: String,
        candidates: Vec<String>,
    },
}

impl StoreError {
    /// What to do about it, one hint a line (the closest ids for a name not found).
    pub fn hints(&self) -> Vec<String> {
        match self {
            StoreError::NoFolder { .. } => vec![
                "create one with `mkdir incidents`, or give the folder with --dir or INCIDENT_DIR"
                    .to_string(),
            ],
            StoreError::NotFound { candidates, .. } if !candidates.is_empty() => {
                vec![format!("did you mean {}?", visible(&candidates.join(", ")))]
            }
            StoreError::NotFound { .. } => {
                vec!["`incident list` shows the incidents there".to_string()]
            }
            StoreError::Ambiguous { .. } => {
                vec!["give more of the id, or all of it".to_string()]
            }
            StoreError::Outside { .. } => {
                vec!["name a record of that folder, or give its folder with --dir".to_string()]
            }
            StoreError::NotAFolder(_) | StoreError::Unreadable { .. } | StoreError::Refused(_) => {
                Vec::new()
            }
        }
    }
}

fn candidates_text(c: &[String], lead: &str) -> String {
    if c.is_empty() {
        String::new()
    } else {
        format!("{lead} {}", visible(&c.join(", ")))
    }
}

/// Finds the incidents folder: `explicit` (from `--dir` or `INCIDENT_DIR`), else the nearest
/// `incidents/` walking up from `cwd`.
pub fn find_dir(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf, StoreError> {
    if let Some(dir) = explicit {
        return if dir.is_dir() {
            Ok(dir.to_path_buf())
        } else {
            Err(StoreError::NotAFolder(dir.to_path_buf()))
        };
    }
    let mut here = Some(cwd);
    while let Some(d) = here {
        let candidate = d.join("incidents");
        if candidate.is_dir() {
            return Ok(candidate);
        }
        here = d.parent();
    }
    Err(StoreError::NoFolder {
        start: cwd.to_path_buf(),
    })
}

/// One entry of the folder listing: a record file, or a problem with an entry.
pub type Entry = Result<PathBuf, Problem>;

/// The canonical folder and the paths of its `.ron` entries, sorted, not yet checked.
fn list_names(dir: &Path) -> Result<(PathBuf, Vec<PathBuf>), StoreError> {
    let read = std::fs::read_dir(dir).map_err(|e| StoreError::Unreadable {
        path: dir.to_path_buf(),
        why: e.to_string(),
    })?;
    let root = dir.canonicalize().map_err(|e| StoreError::Unreadable {
        path: dir.to_path_buf(),
        why: e.to_string(),
    })?;
    let names =
        record_names(read.map(|e| e.map(|e| e.path()))).map_err(|e| StoreError::Unreadable {
            path: dir.to_path_buf(),
            why: e.to_string(),
        })?;
    Ok((root, names))
}

/// The `.ron` paths among a folder's entries, sorted. An error reading any entry is an error
/// of the whole listing: a folder read in part must not pass for a folder with fewer records
/// (`check` would say "0 records, passed").
fn record_names(
    entries: impl Iterator<Item = std::io::Result<PathBuf>>,
) -> std::io::Result<Vec<PathBuf>> {
    let mut names = Vec::new();
    for entry in entries {
        let path = entry?;
        // The team's configuration sits beside the records but is not one.
        let is_config = path
            .file_name()
            .is_some_and(|n| n == crate::model::config::CONFIG_FILE);
        if path.extension().is_some_and(|x| x == "ron") && !is_config {
            names.push(path);
        }
    }
    names.sort();
    Ok(names)
}

/// The `.ron` entries of `dir`, sorted by name. Entries that are folders, symlink loops or
/// links that lead outside the folder are returned as problems, not followed.
pub fn list_dir(dir: &Path) -> Result<Vec<Entry>, StoreError> {
    let (root, names) = list_names(dir)?;
    Ok(names.into_iter().map(|p| check_entry(&root, p)).collect())
}

/// Checks a record file named by an explicit path (typed on the command line): like an entry
/// of [`list_dir`], it must not be a folder, and it must not be a link that leads out of the
/// folder it sits in. A path the user typed to a real file elsewhere is allowed: it is what
/// they asked to read.
pub fn check_file(path: &Path) -> Entry {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let root = parent.canonicalize().map_err(|e| io_problem(path, &e))?;
    check_entry(&root, path.to_path_buf())
}

/// A record named by its path: accepted only when it is a regular file (not a link) inside
/// `dir`, so that no argument can make the tool read or write outside the incidents folder.
pub fn contained(dir: &Path, path: &Path) -> Result<PathBuf, StoreError> {
    let root = dir.canonicalize().map_err(|e| StoreError::Unreadable {
        path: dir.to_path_buf(),
        why: e.to_string(),
    })?;
    let real = path
        .canonicalize()
        .map_err(|e| StoreError::Refused(io_problem(path, &e).to_string()))?;
    if !real.starts_with(&root) {
        return Err(StoreError::Outside {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
        });
    }
    check_file(path).map_err(|p| StoreError::Refused(p.to_string()))
}

/// The file a new record with this id would be written to, inside `dir`. `None` when the id
/// is not a safe id ([`crate::model::text::is_safe_id`]: no separators, no leading dot) or when that
/// name in the folder is already a link, so that no id can make a writer leave the folder.
pub fn path_for_id(dir: &Path, id: &str) -> Option<PathBuf> {
    if !crate::model::text::is_safe_id(id) {
        return None;
    }
    let path = dir.join(format!("{id}.ron"));
    let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
    (!is_link && path.parent() == Some(dir)).then_some(path)
}

/// Refuses entries that are not regular files inside `root`: folders, FIFOs, devices and
/// sockets (reported at once, never opened), and links that lead out of the folder or to
/// anything but a regular file.
fn check_entry(root: &Path, path: PathBuf) -> Entry {
    // A regular file (not a link) listed in the folder is inside it: one `lstat` instead of
    // resolving every component of the path, which costs a lot over 10,000 records.
    let own = std::fs::symlink_metadata(&path).map_err(|e| io_problem(&path, &e))?;
    if own.file_type().is_file() {
        return Ok(path);
    }
    if own.is_dir() {
        return Err(folder_problem(&path));
    }
    if !own.file_type().is_symlink() {
        return Err(not_regular(&path, &own.file_type()));
    }
    let real = match path.canonicalize() {
        Ok(r) => r,
        Err(e) => return Err(io_problem(&path, &e)),
    };
    if !real.starts_with(root) {
        return Err(Problem::new(
            &path,
            None,
            Rule::Unreadable,
            format!(
                "is a link to {}, outside the incidents folder; records must live in the folder",
                visible_path(&real)
            ),
        ));
    }
    let target = std::fs::metadata(&real).map_err(|e| io_problem(&path, &e))?;
    if target.is_dir() {
        return Err(folder_problem(&path));
    }
    if !target.is_file() {
        return Err(not_regular(&path, &target.file_type()));
    }
    Ok(path)
}

fn folder_problem(path: &Path) -> Problem {
    Problem::new(
        path,
        None,
        Rule::Unreadable,
        "is a folder, not a record file".to_string(),
    )
}

/// Resolves a name given on the command line to a record file: a path to a file, an exact
/// id, or any part of an id that matches exactly one record.
pub fn resolve(dir: &Path, name: &str) -> Result<PathBuf, StoreError> {
    let as_path = Path::new(name);
    if (name.ends_with(".ron") || name.contains(std::path::MAIN_SEPARATOR)) && as_path.is_file() {
        return contained(dir, as_path);
    }
    let entries = list_dir(dir)?;
    let files: Vec<PathBuf> = entries.into_iter().filter_map(Result::ok).collect();
    let id_of = |p: &PathBuf| {
        p.file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string()
    };
    if let Some(exact) = files.iter().find(|p| id_of(p) == name) {
        return Ok(exact.clone());
    }
    let matches: Vec<&PathBuf> = files.iter().filter(|p| id_of(p).contains(name)).collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            // Suggestions only for names of a sensible length (edit distance is quadratic).
            let mut scored: Vec<(usize, String)> = files
                .iter()
                .filter(|_| name.len() <= 200)
                .map(|p| {
                    let id = id_of(p);
                    // Compare with the whole id and with its slug after the date, so that
                    // `hk-zone-x` finds `2022-12-18-hk-zone-c`.
                    let slug = id
                        .get(11..)
                        .filter(|_| id.as_bytes().get(10) == Some(&b'-'));
                    let d = strsim::levenshtein(name, &id)
                        .min(slug.map_or(usize::MAX, |s| strsim::levenshtein(name, s)));
                    (d, id)
                })
                .collect();
            scored.sort();
            let limit = name.chars().count() / 2 + 2;
            Err(StoreError::NotFound {
                name: name.to_string(),
                dir: dir.to_path_buf(),
                candidates: scored
                    .into_iter()
                    .filter(|(d, _)| *d <= limit)
                    .take(5)
                    .map(|(_, id)| id)
                    .collect(),
            })
        }
        many => Err(StoreError::Ambiguous {
            name: name.to_string(),
            candidates: many.iter().map(|p| id_of(p)).collect(),
        }),
    }
}

/// Applies `f` to every item on all cores, keeping the input order in the output.
pub fn map_parallel<I, T, F>(items: &[I], f: F) -> Vec<T>
where
    I: Sync,
    T: Send,
    F: Fn(&I) -> T + Sync,
{
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    if workers <= 1 {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut parts: Vec<Vec<(usize, T)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        // Small batches keep the cores busy when record sizes vary.
                        let start = next.fetch_add(16, Ordering::Relaxed);
                        if start >= items.len() {
                            break;
                        }
                        for (i, item) in items.iter().enumerate().skip(start).take(16) {
                            out.push((i, f(item)));
                        }
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut all: Vec<(usize, T)> = parts.iter_mut().flat_map(std::mem::take).collect();
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, t)| t).collect()
}

/// Loads every record of `dir`, on all cores, reducing each to `T` right away so that only
/// what the caller needs stays in memory. Problems come back in file order.
pub fn scan<T, F>(dir: &Path, f: F) -> Result<Vec<Result<T, Problem>>, StoreError>
where
    T: Send,
    F: Fn(Loaded) -> T + Sync,
{
    // Entries are checked on the loading threads too: a canonicalize per file, done on one
    // thread, was a serial part that kept two cores from halving the time.
    let (root, names) = list_names(dir)?;
    Ok(map_parallel(&names, |path| {
        check_entry(&root, path.clone()).and_then(|p| load_file(&p).map(&f))
    }))
}

/// Like [`scan`], but hands `f` each record's path (checked to be a regular file inside the
/// folder) rather than the parsed record, so that a caller with a cache can skip parsing;
/// `f` loads the record itself when it needs it ([`crate::files::load::load_file`]).
pub fn scan_paths<T, F>(dir: &Path, f: F) -> Result<Vec<Result<T, Problem>>, StoreError>
where
    T: Send,
    F: Fn(&Path) -> Result<T, Problem> + Sync,
{
    let (root, names) = list_names(dir)?;
    Ok(map_parallel(&names, |path| {
        check_entry(&root, path.clone()).and_then(|p| f(&p))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_reading_any_entry_fails_the_listing() {
        let ok = |p: &str| Ok(PathBuf::from(p));
        let names = record_names([ok("b.ron"), ok("a.ron"), ok("notes.md")].into_iter()).unwrap();
        assert_eq!(names, [PathBuf::from("a.ron"), PathBuf::from("b.ron")]);
        let failing = [
            ok("a.ron"),
            Err(std::io::Error::other("input/output error")),
            ok("b.ron"),
        ];
        let e = record_names(failing.into_iter()).unwrap_err();
        assert_eq!(e.to_string(), "input/output error");
    }

    #[test]
    fn ids_cannot_name_a_file_outside_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        for bad in [
            "../x",
            "/etc/passwd",
            "..",
            ".hidden",
            "a/b",
            "a\\b",
            "",
            "x\0y",
        ] {
            assert_eq!(path_for_id(&dir, bad), None, "{bad:?}");
        }
        assert_eq!(
            path_for_id(&dir, "2022-12-18-hk-zone-c"),
            Some(dir.join("2022-12-18-hk-zone-c.ron"))
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/passwd", dir.join("linked.ron")).unwrap();
            assert_eq!(path_for_id(&dir, "linked"), None);
        }
    }

    #[test]
    fn names_are_matched_against_the_folder_never_joined_to_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        std::fs::write(dir.join("2022-12-18-hk-zone-c.ron"), "()").unwrap();
        for bad in [
            "../x",
            "../../etc/passwd",
            "..",
            "/",
            "../2022-12-18-hk-zone-c",
        ] {
            // Not found, or (when the path exists on this machine) refused as outside.
            assert!(
                matches!(
                    resolve(&dir, bad),
                    Err(StoreError::NotFound { .. }
                        | StoreError::Refused(_)
                        | StoreError::Outside { .. })
                ),
                "{bad:?}: {:?}",
                resolve(&dir, bad)
            );
        }
        assert_eq!(
            resolve(&dir, "hk-zone-c"),
            Ok(dir.join("2022-12-18-hk-zone-c.ron"))
        );
        // A path to a real file outside the folder is refused, one inside is accepted.
        let outside = tempfile::tempdir().unwrap();
        let file = outside.path().join("x.ron");
        std::fs::write(&file, "()").unwrap();
        let refused = resolve(&dir, &file.display().to_string());
        assert!(
            matches!(&refused, Err(StoreError::Outside { path, .. }) if *path == file),
            "{refused:?}"
        );
        let inside = dir.join("2022-12-18-hk-zone-c.ron");
        assert_eq!(resolve(&dir, &inside.display().to_string()), Ok(inside));
    }
}
