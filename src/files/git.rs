//! Reading records through git: a record at a revision, the stages of a conflicted merge in
//! git's index, the commits that changed a record, and the repository's own config.
//!
//! Everything runs the `git` binary rather than linking a git library, so the user's
//! configuration, hooks, attributes and credentials apply exactly as on the command line,
//! and the tool gains no heavy dependency (docs/git.md says more).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// What went wrong talking to git.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git: {0}")]
    NotRunnable(String),
    #[error("{0} is not inside a git repository")]
    NotARepository(PathBuf),
    #[error("git {args} failed: {stderr}")]
    Failed { args: String, stderr: String },
}

/// Runs `git args…` in `dir` and returns its output, whatever its exit status.
pub fn run(dir: &Path, args: &[&str]) -> Result<Output, GitError> {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| GitError::NotRunnable(e.to_string()))
}

/// Runs `git args…` in `dir`; its standard output as text when it succeeds.
pub fn text(dir: &Path, args: &[&str]) -> Result<String, GitError> {
    let out = run(dir, args)?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(GitError::Failed {
            args: args.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}

/// Whether `dir` may be inside a git work tree, told without running git: a `.git` in it or
/// in a folder above it, or `GIT_DIR` set. Writers ask this first, so that outside a
/// repository they start no git process (each costs about as much as the writer's own work).
pub fn may_be_in_work_tree(dir: &Path) -> bool {
    if std::env::var_os("GIT_DIR").is_some() {
        return true;
    }
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.ancestors().any(|d| d.join(".git").exists())
}

/// The top folder of the work tree that holds `dir`.
pub fn top_level(dir: &Path) -> Result<PathBuf, GitError> {
    text(dir, &["rev-parse", "--show-toplevel"])
        .map(|s| PathBuf::from(s.trim_end_matches(['\n', '\r'])))
        .map_err(|e| match e {
            GitError::Failed { .. } => GitError::NotARepository(dir.to_path_buf()),
            other => other,
        })
}

/// The repository's git folder (`.git`, or the worktree's own), absolute.
pub fn git_dir(dir: &Path) -> Result<PathBuf, GitError> {
    let s = text(dir, &["rev-parse", "--absolute-git-dir"])?;
    Ok(PathBuf::from(s.trim_end_matches(['\n', '\r'])))
}

/// The path of `file` relative to the top of its work tree, with `/` separators, as git
/// names it in `REV:path`.
pub fn repo_path(file: &Path) -> Result<(PathBuf, String), GitError> {
    let dir = file.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let top = top_level(dir)?;
    let abs = std::fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.to_path_buf())
        .join(file.file_name().unwrap_or_default());
    let top_abs = std::fs::canonicalize(&top).unwrap_or(top.clone());
    let rel = abs
        .strip_prefix(&top_abs)
        .map_err(|_| GitError::NotARepository(file.to_path_buf()))?;
    let rel = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Ok((top, rel))
}

/// The bytes of `path` (relative to `top`) at revision `rev`; `None` when the revision has
/// no such file.
pub fn show_at(top: &Path, rev: &str, path: &str) -> Result<Option<Vec<u8>>, GitError> {
    let spec = format!("{rev}:{path}");
    let out = run(top, &["show", &spec])?;
    if out.status.success() {
        Ok(Some(out.stdout))
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("does not exist") || stderr.contains("exists on disk, but not in") {
            Ok(None)
        } else {
            Err(GitError::Failed {
                args: format!("show {spec}"),
                stderr: stderr.trim().to_string(),
            })
        }
    }
}

/// The conflicted file's stage `n` in git's index (1 base, 2 ours, 3 theirs); `None` when
/// the index has no such stage.
pub fn stage(top: &Path, n: u8, path: &str) -> Result<Option<Vec<u8>>, GitError> {
    let out = run(top, &["show", &format!(":{n}:{path}")])?;
    Ok(out.status.success().then_some(out.stdout))
}

/// One commit that changed a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    /// The abbreviated hash, as `git log --oneline` shows it.
    pub short: String,
    /// Committer date, strict ISO 8601.
    pub date: String,
    pub author: String,
    pub subject: String,
    /// The record's path (relative to the top of the work tree) in this commit: a record
    /// renamed later had another name then.
    pub path: String,
}

/// The commits that changed `path`, newest first, following the file through renames
/// (`git log --follow`), each with the name the file had in it.
pub fn log(top: &Path, path: &str) -> Result<Vec<Commit>, GitError> {
    let out = text(
        top,
        &[
            "log",
            "--follow",
            "--name-only",
            "--format=%x1e%H%x1f%h%x1f%cI%x1f%an%x1f%s",
            "--",
            path,
        ],
    )?;
    Ok(out
        .split('\x1e')
        .filter_map(|entry| {
            let mut lines = entry.lines();
            let mut p = lines.next()?.split('\x1f');
            let mut commit = Commit {
                hash: p.next()?.to_string(),
                short: p.next()?.to_string(),
                date: p.next()?.to_string(),
                author: p.next()?.to_string(),
                subject: p.next().unwrap_or("").to_string(),
                path: String::new(),
            };
            commit.path = lines
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or(path)
                .to_string();
            Some(commit)
        })
        .collect())
}

/// The full hash of the commit `rev` names (`HEAD~2`, a branch, a tag, a hash), or `None`
/// when it names no commit.
pub fn commit_of(top: &Path, rev: &str) -> Result<Option<String>, GitError> {
    let spec = format!("{rev}^{{commit}}");
    let out = run(
        top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    )?;
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string()))
}

/// A value of the repository's own config (`.git/config`), if set; `dir` is any folder of
/// its work tree.
pub fn config_get(dir: &Path, key: &str) -> Result<Option<String>, GitError> {
    let out = run(dir, &["config", "--local", "--get", key])?;
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string()))
}

/// The user's name as git knows it (`git config user.name`, from any level of git's config),
/// asked from `dir`; `None` when git is missing or it is not set.
pub fn user_name(dir: &Path) -> Option<String> {
    let name = text(dir, &["config", "--get", "user.name"]).ok()?;
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Sets a value in the repository's own config (`.git/config`, never the user's).
pub fn config_set(top: &Path, key: &str, value: &str) -> Result<(), GitError> {
    text(top, &["config", "--local", key, value]).map(|_| ())
}

/// True when git's index holds `file` as unmerged (a merge stopped on it).
pub fn is_unmerged(file: &Path) -> bool {
    let Ok((top, rel)) = repo_path(file) else {
        return false;
    };
    text(&top, &["ls-files", "-u", "--", &rel]).is_ok_and(|s| !s.trim().is_empty())
}
