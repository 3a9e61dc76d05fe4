//! `incident mend`: merge a conflicted record by meaning from git's index, for a clone that
//! merged without the driver.

use anstream::eprint;

use incident::derive::merge::Side;
use incident::files::canonical::to_canonical;
use incident::files::git;
use incident::files::write::write_record_text;

use super::merge_file::{merge_texts, tell};
use super::write_args::shown;
use super::{CommandError, Context, Outcome, emit};

/// Merge a record left with conflict markers by meaning, from git's index.
///
/// During a merge, git keeps the base, ours and theirs of a conflicted file in its index
/// (stages 1–3). `mend` reads them, runs the same merge as `incident merge-file` and writes
/// the result over the file with markers.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident mend payments                # after `git merge` left markers in payments.ron\n  incident mend payments --take theirs  # and settle every real conflict their way\n  git add incidents/payments.ron && git commit\n\nSee docs/git.md."
)]
pub struct Args {
    /// The incident: its id, any unique part of its id, or a path to its file.
    pub incident: String,

    /// Settle fields both sides changed to different values in favour of one side
    /// (default: leave them marked).
    #[arg(long, value_enum, value_name = "SIDE")]
    pub take: Option<TakeSide>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TakeSide {
    Ours,
    Theirs,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let not_merging = || {
        CommandError::user(format!(
            "{} is not being merged: git's index has no base, ours and theirs for it",
            shown(&path)
        ))
        .hinted("`incident mend` works while `git merge` (or rebase, cherry-pick) has stopped on a conflict in the record")
        .hinted("to redo a merge: `git merge --abort`, run `incident init`, then merge again")
    };
    let (top, rel) = git::repo_path(&path).map_err(|e| CommandError::user(e.to_string()))?;
    let stage = |n| git::stage(&top, n, &rel).map_err(|e| CommandError::user(e.to_string()));
    let (Some(ours), Some(theirs)) = (stage(2)?, stage(3)?) else {
        return Err(not_merging());
    };
    let Some(base) = stage(1)? else {
        return Err(CommandError::user(format!(
            "{} was added on both sides: there is no common version to merge from",
            shown(&path)
        ))
        .hinted("keep one side with `git checkout --ours` (or --theirs) and add the other's events by hand"));
    };
    let m = merge_texts(&path, &base, &ours, &theirs)?;
    let text = match args.take {
        Some(take) if !m.merged.is_clean() => {
            let side = match take {
                TakeSide::Ours => Side::Ours,
                TakeSide::Theirs => Side::Theirs,
            };
            to_canonical(m.merged.resolved_to(side))
                .map_err(|e| CommandError::internal(format!("cannot lay out the record: {e}")))?
        }
        _ => m.text.clone(),
    };
    // Under the folder's lock (a writer running meanwhile queues), with the checks every
    // record write makes: size, and whether this user may replace the record.
    write_record_text(&path, text.as_bytes())?;
    let name = shown(&path);
    eprint!("{}", tell(&name, &m));
    let settled = args.take.is_some() || m.merged.is_clean();
    if settled && m.new_errors.is_empty() {
        emit(&format!(
            "mended {name}: merged by meaning from git's index\n  next: git add {rel} && git commit\n"
        ))
    } else {
        Err(CommandError::user(format!(
            "{name} still needs a decision: {} conflict(s), {} new error(s)",
            m.merged.conflicts.len(),
            m.new_errors.len()
        ))
        .hinted(format!("see each one with `incident check {name}`"))
        .hinted(format!(
            "settle them all one way with `incident mend {} --take ours` (or theirs), or edit the file",
            args.incident
        )))
    }
}
