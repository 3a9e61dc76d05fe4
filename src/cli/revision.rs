//! Where a read command takes its record from: the working file, the file as it was at a
//! git revision (`--rev REV`, read by `git show REV:path`, so the user's git configuration
//! applies), or standard input (the name `-`). Shared by the read commands, `diff`,
//! `history` and `timeline --as-of`.

use std::path::{Path, PathBuf};

use incident::files::git;
use incident::files::load::{Loaded, load_reader, parse_bytes};

use super::write_args::shown;
use super::{CommandError, Context};

/// The name that stands for a record on standard input.
pub const STDIN: &str = "-";

/// A record file and the git repository it is in: the top of the work tree and its path
/// from there, as `REV:path` names it.
pub struct InGit {
    pub file: PathBuf,
    pub top: PathBuf,
    pub rel: String,
}

impl Context {
    /// Loads one record for a read command — from standard input when `name` is `-`, as it
    /// was at `rev` when given, else the working file — and refuses it when it has errors.
    pub fn load_at(&self, name: &str, rev: Option<&str>) -> Result<Loaded, CommandError> {
        let loaded = match (name, rev) {
            (STDIN, Some(_)) => {
                return Err(CommandError::usage(
                    "--rev reads a record from git, `-` from standard input: give one of them",
                )
                .hinted(
                    "to read another revision: git show REV:incidents/ID.ron | incident show -",
                ));
            }
            (STDIN, None) => {
                let label = Path::new("<stdin>");
                load_reader(label, std::io::stdin().lock())?
            }
            (_, Some(rev)) => {
                let place = self.in_git(name)?;
                place.read(rev)?
            }
            (_, None) => return self.load(name),
        };
        super::refuse_errors(loaded)
    }

    /// The record `name` names and its repository. A record that no longer exists in the
    /// work tree can still be named by its id or path (`incident diff old-id HEAD~3 HEAD~1`).
    pub fn in_git(&self, name: &str) -> Result<InGit, CommandError> {
        if name == STDIN {
            return Err(CommandError::usage(
                "a record on standard input (`-`) has no git history: name the record",
            )
            .hinted("incident diff ID [REV [REV]], incident history ID, incident timeline ID --as-of TIME"));
        }
        let file = match self.resolve(name) {
            Ok(f) => f,
            Err(e) => {
                let gone = if name.ends_with(".ron") {
                    Some(PathBuf::from(name))
                } else {
                    self.dir()
                        .ok()
                        .filter(|_| incident::model::text::is_safe_id(name))
                        .map(|d| d.join(format!("{name}.ron")))
                };
                match gone.filter(|f| {
                    f.parent()
                        .is_none_or(|p| p.as_os_str().is_empty() || p.is_dir())
                }) {
                    Some(f) if !f.exists() => f,
                    _ => return Err(e),
                }
            }
        };
        let (top, rel) = git::repo_path(&file)?;
        Ok(InGit { file, top, rel })
    }
}

impl InGit {
    /// The record as it was at `rev`, parsed but not validated; named `REV:path` in messages.
    pub fn read(&self, rev: &str) -> Result<Loaded, CommandError> {
        self.read_path(rev, &self.rel)
    }

    /// The record at `rev` under the name `rel` it had then.
    pub fn read_path(&self, rev: &str, rel: &str) -> Result<Loaded, CommandError> {
        if git::commit_of(&self.top, rev)?.is_none() {
            return Err(CommandError::user(format!(
                "`{}` names no commit in this repository",
                incident::model::text::visible(rev)
            ))
            .hinted("give a commit, branch or tag: HEAD, HEAD~2, main, a1b2c3d")
            .hinted(format!(
                "`incident history {}` lists the commits that changed the record",
                self.id()
            )));
        }
        let Some(bytes) = git::show_at(&self.top, rev, rel)? else {
            return Err(CommandError::user(format!(
                "{rel} did not exist at {}",
                incident::model::text::visible(rev)
            ))
            .hinted(format!(
                "`incident history {}` lists the commits that changed the record",
                self.id()
            )));
        };
        Ok(parse_bytes(Path::new(&format!("{rev}:{rel}")), &bytes)?)
    }

    /// The working file, parsed but not validated.
    pub fn working(&self) -> Result<Loaded, CommandError> {
        if !self.file.exists() {
            return Err(CommandError::user(format!(
                "{} does not exist in the work tree",
                shown(&self.file)
            ))
            .hinted("name two revisions to compare: incident diff ID REV REV"));
        }
        Ok(incident::files::load::load_file(&self.file)?)
    }

    /// The record's id as its file name says.
    pub fn id(&self) -> String {
        self.file
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
    }
}
