//! `incident fmt`: write records in the one canonical layout.

use std::path::PathBuf;

use anstream::eprintln;

use incident::files::store;
use incident::files::write::{Formatted, WriteError, format_file};

use super::write_args::shown;
use super::{Context, Failure, Outcome, emit};

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
    let mut failures: Vec<String> = Vec::new();
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
    for f in &files {
        match format_file(f, args.check, args.strip_comments) {
            Ok(Formatted::Unchanged) => {}
            Ok(Formatted::Changed) => {
                changed += 1;
                let verb = if args.check {
                    "not canonical"
                } else {
                    "formatted"
                };
                out.push_str(&format!("{verb}: {}\n", shown(f)));
            }
            Err(WriteError::Load(p)) => failures.push(p.to_string()),
            Err(e) => failures.push(e.to_string()),
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
    emit(&out)?;
    for f in &failures {
        eprintln!("error: {f}");
    }
    if !failures.is_empty() || (args.check && changed > 0) {
        Err(Failure::Reported)
    } else {
        Ok(())
    }
}

/// The record files of a folder; entries that are not usable records go to `failures`.
fn folder(dir: &std::path::Path, files: &mut Vec<PathBuf>, failures: &mut Vec<String>) -> Outcome {
    for e in store::list_dir(dir)? {
        match e {
            Ok(p) => files.push(p),
            Err(p) => failures.push(p.to_string()),
        }
    }
    Ok(())
}
