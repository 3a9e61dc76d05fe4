//! `incident merge-file`: git's merge driver for records (installed by `incident init`).

use std::path::{Path, PathBuf};

use anstream::eprint;

use incident::derive::merge::{Merged, merge_owned};
use incident::derive::validate::validate;
use incident::files::canonical::to_canonical;
use incident::files::conflict::with_markers;
use incident::files::load::{parse_bytes, parse_text};
use incident::files::write::write_scratch;
use incident::model::problem::Problem;
use incident::model::rule::Rule;

use super::{CommandError, Context, Outcome};

/// Merge three versions of a record by meaning: git's merge driver for records.
///
/// Git runs it as `incident merge-file %O %A %B %P` (set up by `incident init`) and reads
/// the result from OURS. Exit 0: merged cleanly. Exit 1: conflicts (marked around whole
/// fields or items) or a merged record with new errors; `incident check` explains them.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident merge-file base.ron ours.ron theirs.ron incidents/payments.ron\n  git config merge.incident.driver 'incident merge-file %O %A %B %P'   # what `incident init` sets\n\nSee docs/git.md for what merges cleanly and what conflicts."
)]
pub struct Args {
    /// The common ancestor's version (git's %O).
    pub base: PathBuf,
    /// Our version (git's %A); the merged record is written here.
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
    /// The record's path in the repository (git's %P), used in messages and for the rules
    /// that depend on the file name.
    pub path: Option<PathBuf>,
}

/// A merge laid out as text.
pub struct MergedText {
    pub text: String,
    pub merged: Merged,
    /// Errors the merged record has that neither side had (for example, one side resolved
    /// the incident while the other opened an impact window).
    pub new_errors: Vec<Problem>,
}

/// Merges three record texts. `path` is the record's path (messages, file-name rules). A
/// side that cannot be read as a record is an error (the caller falls back to git's own
/// line merge).
pub fn merge_texts(
    path: &Path,
    base: &[u8],
    ours: &[u8],
    theirs: &[u8],
) -> Result<MergedText, Problem> {
    // The three texts are parsed at once, each on its own thread: parsing is most of the
    // work on a large record (docs/performance.md).
    let (b, o, t) = std::thread::scope(|scope| {
        let b = scope.spawn(|| parse_bytes(path, base));
        let o = scope.spawn(|| parse_bytes(path, ours));
        let t = parse_bytes(path, theirs);
        let join = |h: std::thread::ScopedJoinHandle<'_, Result<_, Problem>>| {
            h.join().unwrap_or_else(|_| {
                Err(Problem::new(
                    path,
                    None,
                    Rule::NotRon,
                    "cannot parse".to_string(),
                ))
            })
        };
        (join(b), join(o), t)
    });
    let (b, o, t) = (b?, o?, t?);
    // Only theirs changed anything: the merge is theirs, text and all.
    let theirs_alone = o.incident == b.incident;
    // Their record goes into the merge without a copy; where it is needed again below (rare:
    // the merge has errors) it is read again from its text.
    let merged = merge_owned(&b.incident, &o.incident, t.incident);
    let their_text = t.text;
    let canonical = |inc| {
        to_canonical(inc)
            .map_err(|e| Problem::new(path, None, Rule::NotRon, format!("cannot lay out: {e}")))
    };
    // What a merge must not bring: errors, and an open window on a resolved incident (a
    // warning while writing, so that `resolve` may come before `impact end`; E116 after a
    // merge, where neither side saw the combination).
    let errors_of = |text: &str, inc| -> Vec<Problem> {
        validate(path, text, inc)
            .into_iter()
            .map(after_merge)
            .filter(Problem::is_error)
            .collect()
    };
    // The sides are validated only when the merged record has errors, to tell new ones from
    // those a side already had (validating a large record three times is most of a merge).
    // First without positions: locating walks the whole text, and a clean merge with only
    // warnings (most merges) needs no position at all.
    let has_errors = |inc| {
        incident::derive::validate::unlocated(path, inc)
            .into_iter()
            .map(after_merge)
            .any(|p| p.is_error())
    };
    // Whether a clean merge has errors is asked on a second thread while it is laid out.
    let (text, clean_with_errors) = std::thread::scope(|scope| {
        let asked = scope.spawn(|| merged.is_clean() && has_errors(&merged.ours));
        let text = if merged.ours == o.incident && merged.is_clean() {
            // Nothing of theirs to add: our text as it is, comments and layout kept.
            Ok(o.text.clone())
        } else if theirs_alone && merged.is_clean() {
            Ok(their_text.clone())
        } else if merged.is_clean() {
            canonical(&merged.ours)
        } else {
            canonical(&merged.ours).and_then(|ours| {
                Ok(with_markers(
                    &ours,
                    &canonical(merged.theirs())?,
                    "ours",
                    "theirs",
                ))
            })
        };
        // A panic there is the rules' and would have happened on this thread too.
        let asked = asked
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (text, asked)
    });
    let text = text?;
    let new_errors = if clean_with_errors {
        let found = errors_of(&text, &merged.ours);
        // Only the sides' rule codes are compared: no positions needed.
        let theirs = parse_text(path, &their_text)?;
        let known: Vec<Rule> = [&o.incident, &theirs]
            .into_iter()
            .flat_map(|inc| incident::derive::validate::unlocated(path, inc))
            .map(after_merge)
            .filter(Problem::is_error)
            .map(|p| p.code)
            .collect();
        found
            .into_iter()
            .filter(|p| !known.contains(&p.code))
            .collect()
    } else {
        Vec::new()
    };
    Ok(MergedText {
        text,
        merged,
        new_errors,
    })
}

/// A problem as it stands after a merge: an open window on a resolved incident (W151)
/// becomes E116.
pub fn after_merge(p: Problem) -> Problem {
    if p.code == Rule::OpenWindowAfterResolution {
        Problem {
            code: Rule::OpenWindowAfterMerge,
            message: format!("after a merge: {}", p.message),
            ..p
        }
    } else {
        p
    }
}

/// Says on standard error what a merge did: renumbered ids, conflicts, new errors.
pub fn tell(shown: &str, m: &MergedText) -> String {
    let mut out = String::new();
    for r in &m.merged.renumbered {
        out.push_str(&format!(
            "incident: {shown}: their {} {} is now {} (ours has {} too)\n",
            r.kind, r.from, r.to, r.from
        ));
    }
    for c in &m.merged.conflicts {
        out.push_str(&format!(
            "incident: {shown}: conflict in {}: ours {}, theirs {}\n",
            c.what, c.ours, c.theirs
        ));
    }
    for p in &m.new_errors {
        out.push_str(&format!("incident: {shown}: after the merge: {p}\n"));
    }
    out
}

pub fn run(_ctx: &Context, args: Args) -> Outcome {
    let read = |p: &Path| {
        std::fs::read(p).map_err(|e| CommandError::io(&format!("cannot read {}", p.display()), &e))
    };
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    let path = args.path.clone().unwrap_or_else(|| args.ours.clone());
    let shown = path.display().to_string();
    let m = match merge_texts(&path, &base, &ours, &theirs) {
        Ok(m) => m,
        Err(p) => {
            // Not a record we can read: merge line by line as git would have.
            eprint!("incident: {p}\nincident: {shown}: merged line by line instead\n");
            return line_merge(&args);
        }
    };
    // OURS is git's scratch copy (`%A`): replaced atomically, not synced (see write_scratch).
    write_scratch(&args.ours, m.text.as_bytes())?;
    eprint!("{}", tell(&shown, &m));
    if m.merged.is_clean() && m.new_errors.is_empty() {
        Ok(())
    } else {
        eprint!(
            "incident: {shown}: run `incident check {shown}` to see each conflict and how to resolve it\n"
        );
        Err(CommandError::reported())
    }
}

/// git's own three-way line merge into OURS, for files that are not readable records.
fn line_merge(args: &Args) -> Outcome {
    let status = std::process::Command::new("git")
        .arg("merge-file")
        .args(["-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(&args.ours)
        .arg(&args.base)
        .arg(&args.theirs)
        .status()
        .map_err(|e| CommandError::io("cannot run git merge-file", &e))?;
    if status.success() {
        Ok(())
    } else {
        Err(CommandError::reported())
    }
}
