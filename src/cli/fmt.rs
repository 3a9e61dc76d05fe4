//! `incident fmt`: write records in the one canonical layout.

use std::path::PathBuf;

use anstream::eprint;

use incident::files::store;
use incident::files::write::{Formatted, format_file};

use super::write_args::{announce, shown};
use super::{CommandError, Context, Outcome, emit};

/// Write records in the canonical layout (the layout every writer uses).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident fmt                         # every record in the incidents folder\n  incident fmt --check                 # exit 1 and list the records that are not canonical\n  incident fmt payments\n  incident fmt --strip-comments payments   # rewrite a record whose comments you mean to drop\n\nA record with comments is not rewritten unless --strip-comments is given: a rewrite drops them."
)]
pub struct Args {
    /// Records to format: ids, files or folders (default: the incidents folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

    /// Change nothing; exit 1 and list the files that are not in the canonical layout.
    #[arg(long)]
    pub check: bool,

    /// Rewrite records even when they hold comments, dropping the comments.
    #[arg(long, conflicts_with = "check")]
    pub strip_comments: bool,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let mut files: Vec<PathBuf> = Vec::new();
    // Each file's failure is printed and the others still formatted; the exit code says so.
    let mut failures: Vec<CommandError> = Vec::new();
    if args.paths.is_empty() {
        folder(&ctx.dir()?, &mut files, &mut failures)?;
    } else {
        for name in &args.paths {
            let p = std::path::Path::new(name);
            if p.is_dir() {
                folder(p, &mut files, &mut failures)?;
            } else {
                files.push(ctx.resolve(name)?);
            }
        }
    }
    let mut out = String::new();
    let mut changed = 0usize;
    let mut caveats: Vec<String> = Vec::new();
    for f in &files {
        match format_file(f, args.check, args.strip_comments) {
            Ok(Formatted::Unchanged) => {}
            Ok(Formatted::Changed { caveat }) => {
                changed += 1;
                let verb = if args.check {
                    "not canonical"
                } else {
                    "formatted"
                };
                out.push_str(&format!("{verb}: {}\n", shown(f)));
                caveats.extend(caveat);
            }
            Err(e) => failures.push(e.into()),
        }
    }
    let summary = if args.check {
        format!(
            "{} record(s) checked: {changed} not in the canonical layout\n",
            files.len()
        )
    } else {
        format!("{} record(s): {changed} formatted\n", files.len())
    };
    out.push_str(&summary);
    // `fmt --check` answers a question (data, on standard output); `fmt` reports what it did,
    // and records were rewritten: a report that cannot be printed does not undo that.
    if args.check {
        emit(&out)?
    } else {
        let caveat = (!caveats.is_empty()).then(|| caveats.join("; "));
        announce(ctx, &out, caveat.as_deref())?
    }
    for f in &failures {
        eprint!("{}", f.render());
    }
    if !failures.is_empty() || (args.check && changed > 0) {
        Err(CommandError::reported())
    } else {
        Ok(())
    }
}

/// The record files of a folder; entries that are not usable records go to `failures`.
fn folder(
    dir: &std::path::Path,
    files: &mut Vec<PathBuf>,
    failures: &mut Vec<CommandError>,
) -> Outcome {
    for e in store::list_dir(dir)? {
        match e {
            Ok(p) => files.push(p),
            Err(p) => failures.push(p.into()),
        }
    }
    Ok(())
}
