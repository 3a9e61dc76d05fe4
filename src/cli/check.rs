//! `incident check`: parse and validate records.

use std::path::{Path, PathBuf};

use serde::Serialize;

use incident::derive::validate;
use incident::files::load::load_file;
use incident::files::store;
use incident::model::problem::{self, Problem};
use incident::model::rule::Rule;

use super::{CommandError, Context, Outcome, emit, json_text};

/// Parse and validate records; exit 1 when any has errors.
///
/// Each problem is printed as `file:line:column: CODE: severity: message`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident check                      # every record in the incidents folder\n  incident check incidents/2022-12-18-hk-zone-c.ron\n  incident check --deny-warnings tests/fixtures\n  incident check --rules              # list every rule and its code\n  incident check --ready              # the review checklist of every closed record\n  incident check --ready hk-zone-c    # the review checklist of one record\n  incident check --rev HEAD~1         # the incidents folder as it was one commit ago\n  git show HEAD~1:incidents/2022-12-18-hk-zone-c.ron | incident check -\n\nExit status: 0 when no errors (warnings allowed unless --deny-warnings), 1 when problems are found, 2 on a usage error."
)]
pub struct Args {
    /// Files or folders to check (default: the incidents folder); `-` reads a record from
    /// standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,

    /// List the rules with their codes and exit.
    #[arg(long)]
    pub rules: bool,

    /// Check the files and folders named (default: the incidents folder) as they were at git
    /// revision REV, read through `git show REV:path`. See docs/git.md.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,

    /// Review each postmortem against the checklist (summary, impact, causes, actions,
    /// moments, open windows, citations, status) and print it with ✓/✗ and the command that
    /// fixes each ✗; exit 1 when one is not ready. PATHs are then incidents (an id, part of
    /// one, or a path); without one, every closed record is reviewed. See docs/check.md.
    #[arg(long, conflicts_with_all = ["rules", "rev", "deny_warnings"])]
    pub ready: bool,

    /// `text` (one line per problem) or `json`.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    severity: &'static str,
    code: Rule,
    message: &'a str,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    if args.rules {
        let mut out = String::new();
        for r in Rule::ALL {
            out.push_str(&format!(
                "{}  {:<7}  {}\n",
                r.code(),
                r.severity().word(),
                r.summary()
            ));
        }
        return emit(&out);
    }
    if args.ready {
        return ready(ctx, &args);
    }
    let targets = if args.paths.is_empty() {
        vec![ctx.dir()?]
    } else {
        args.paths.clone()
    };
    let mut problems = Vec::new();
    // The team's configuration, when the incidents folder has one: a broken one is reported
    // with the records' problems, and its catalogue applies to every record checked.
    let config = match ctx.dir().map(|d| incident::files::config::load_config(&d)) {
        Ok(Ok(c)) => c.map(|l| l.config),
        Ok(Err(found)) => {
            problems.extend(found);
            None
        }
        Err(_) => None,
    };
    let mut checked = 0usize;
    // Only what the cross-file rule needs is kept of each record, not its text.
    let mut records: Vec<validate::IdSite> = Vec::new();
    // Records are compared with each other for W125 only within the incidents folder: two
    // records of one incident are a problem of the team's store, not of fixtures, drafts
    // or files named from elsewhere.
    let store = ctx.dir().ok().and_then(|d| std::fs::canonicalize(d).ok());
    for target in &targets {
        let in_store = store.is_some() && std::fs::canonicalize(target).ok() == store;
        if target.as_os_str() == super::revision::STDIN {
            checked += 1;
            match check_stdin() {
                Ok((mut site, found)) => {
                    problems.extend(found);
                    site.likeness = None;
                    records.push(site);
                }
                Err(p) => problems.push(p),
            }
            continue;
        }
        let results = match args.rev.as_deref() {
            Some(rev) => at_revision(target, rev)?,
            None => {
                let files = files_of(target, &mut problems)?;
                store::map_parallel(&files, |f| check_file(f, config.as_ref()))
            }
        };
        for r in results {
            checked += 1;
            match r {
                Ok((mut site, found)) => {
                    problems.extend(found);
                    if !in_store {
                        site.likeness = None;
                    }
                    records.push(site);
                }
                Err(p) => problems.extend(p),
            }
        }
    }
    problems.extend(validate::duplicate_ids(&records));
    problems.extend(validate::look_alikes(&records));
    problem::sort(&mut problems);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    match args.format {
        CheckFormat::Text => {
            let mut out: String = problems.iter().map(|p| format!("{p}\n")).collect();
            out.push_str(&format!(
                "{checked} record(s) checked: {errors} error(s), {warnings} warning(s)\n"
            ));
            emit(&out)?;
        }
        CheckFormat::Json => {
            let list: Vec<JsonProblem> = problems
                .iter()
                .map(|p| JsonProblem {
                    file: p.file.display().to_string(),
                    line: p.position.map(|x| x.line),
                    column: p.position.map(|x| x.column),
                    severity: p.severity().word(),
                    code: p.code,
                    message: &p.message,
                })
                .collect();
            emit(&json_text(&list)?)?;
        }
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        Err(CommandError::reported())
    } else {
        Ok(())
    }
}

/// The record files of a target: the file itself, or the `.ron` entries of a folder.
fn files_of(target: &Path, problems: &mut Vec<Problem>) -> Result<Vec<PathBuf>, CommandError> {
    match std::fs::metadata(target) {
        // A folder named like a record (`x.ron`) was meant as a record, not a folder of them.
        Ok(m) if m.is_dir() && target.extension().is_some_and(|x| x == "ron") => {
            problems.push(Problem::new(
                target,
                None,
                Rule::Unreadable,
                "is a folder, not a record file".to_string(),
            ));
            Ok(Vec::new())
        }
        Ok(m) if m.is_dir() => {
            let entries = store::list_dir(target)?;
            problems.extend(
                incident::files::write::leftover_temporaries(target, None)
                    .iter()
                    .map(|p| leftover_problem(p)),
            );
            let mut files = Vec::new();
            for e in entries {
                match e {
                    Ok(p) => files.push(p),
                    Err(p) => problems.push(p),
                }
            }
            Ok(files)
        }
        Ok(_) => match store::check_file(target) {
            Ok(p) => Ok(vec![p]),
            Err(p) => {
                problems.push(p);
                Ok(Vec::new())
            }
        },
        Err(e) => {
            problems.push(incident::files::load::io_problem(target, &e));
            Ok(Vec::new())
        }
    }
}

type Checked = Result<(validate::IdSite, Vec<Problem>), Vec<Problem>>;

/// Checks the record file `target`, or the records of the folder `target`, as they were at
/// `rev`; each is named `REV:path` in messages.
fn at_revision(target: &Path, rev: &str) -> Result<Vec<Checked>, CommandError> {
    use incident::files::git;
    let (top, rel) = git::repo_path(target)?;
    if git::commit_of(&top, rev)?.is_none() {
        return Err(CommandError::user(format!(
            "`{}` names no commit in this repository",
            incident::model::text::visible(rev)
        ))
        .hinted("give a commit, branch or tag: HEAD, HEAD~2, main, a1b2c3d"));
    }
    // A folder at that revision: its `.ron` entries (`git ls-tree` lists a file as itself).
    let listed = git::text(
        &top,
        &["ls-tree", "--name-only", rev, "--", &format!("{rel}/")],
    )?;
    let files: Vec<String> = if listed.trim().is_empty() {
        vec![rel.clone()]
    } else {
        listed
            .lines()
            .filter(|l| l.ends_with(".ron"))
            // The team's configuration is not a record.
            .filter(|l| l.rsplit('/').next() != Some(incident::model::config::CONFIG_FILE))
            .map(str::to_string)
            .collect()
    };
    Ok(files
        .iter()
        .map(|f| {
            let label = PathBuf::from(format!("{rev}:{f}"));
            let bytes = match git::show_at(&top, rev, f) {
                Ok(Some(b)) => b,
                Ok(None) => {
                    return Err(vec![Problem::new(
                        &label,
                        None,
                        Rule::Unreadable,
                        format!(
                            "{f} did not exist at {}",
                            incident::model::text::visible(rev)
                        ),
                    )]);
                }
                Err(e) => {
                    return Err(vec![Problem::new(
                        &label,
                        None,
                        Rule::Unreadable,
                        e.to_string(),
                    )]);
                }
            };
            let loaded = incident::files::load::parse_bytes(&label, &bytes).map_err(|p| vec![p])?;
            let found = validate::validate(&label, &loaded.text, &loaded.incident);
            Ok((validate::IdSite::of(&loaded, &found), found))
        })
        .collect())
}

/// Checks the record on standard input (`incident check -`), named `<stdin>`.
fn check_stdin() -> Result<(validate::IdSite, Vec<Problem>), Problem> {
    let label = Path::new("<stdin>");
    let loaded = incident::files::load::load_reader(label, std::io::stdin().lock())?;
    let found = validate::validate(label, &loaded.text, &loaded.incident);
    Ok((validate::IdSite::of(&loaded, &found), found))
}

/// W007: a temporary file a writer left when it was stopped between writing and renaming.
/// The record it was for is as it was before that write; the file only takes room.
fn leftover_problem(path: &Path) -> Problem {
    let quoted = format!("'{}'", path.display().to_string().replace('\'', "'\\''"));
    Problem::new(
        path,
        None,
        Rule::LeftoverTemporary,
        format!(
            "a temporary file left by a writer that was stopped before it finished (the record it was for is as it was); remove it: rm -- {quoted}"
        ),
    )
}

fn check_file(
    path: &Path,
    config: Option<&incident::model::config::Config>,
) -> Result<(validate::IdSite, Vec<Problem>), Vec<Problem>> {
    let loaded = load_file(path).map_err(|p| {
        if p.code == Rule::MergeConflict {
            conflict_hunks(path).unwrap_or_else(|| vec![p])
        } else {
            vec![p]
        }
    })?;
    let mut found = validate::validate(path, &loaded.text, &loaded.incident);
    if let Some(config) = config {
        found.extend(incident::derive::catalogue::catalogue_problems(
            path,
            &loaded.text,
            &loaded.incident,
            config,
        ));
    }
    // The severity is checked against the built-in scale when the team has none.
    let builtin = incident::model::config::Config::default();
    found.extend(incident::derive::conventions::problems(
        path,
        &loaded.text,
        &loaded.incident,
        config.unwrap_or(&builtin),
    ));
    // Git asked only when it matters: a record git holds as unmerged is being merged.
    if found
        .iter()
        .any(|p| p.code == Rule::OpenWindowAfterResolution)
        && incident::files::git::is_unmerged(path)
    {
        found = found
            .into_iter()
            .map(super::merge_file::after_merge)
            .collect();
    }
    Ok((validate::IdSite::of(&loaded, &found), found))
}

/// One problem per conflict hunk in a record with git's markers: where it is, what each
/// side holds, and the commands that settle it. `None` when no hunk can be read.
fn conflict_hunks(path: &Path) -> Option<Vec<Problem>> {
    use incident::files::conflict::hunks;
    let text = std::fs::read_to_string(path).ok()?;
    let found = hunks(&text);
    if found.is_empty() {
        return None;
    }
    let name = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let total = found.len();
    let side = |label: &str, fallback: &str| {
        if label.is_empty() || label == fallback {
            fallback.to_string()
        } else {
            format!("{fallback} ({label})")
        }
    };
    Some(
        found
            .iter()
            .enumerate()
            .map(|(i, h)| {
                Problem::new(
                    path,
                    Some(incident::files::locate::Position {
                        line: h.line,
                        column: 1,
                    }),
                    Rule::MergeConflict,
                    format!(
                        "unresolved git merge conflict {} of {total}: {} holds {}; {} holds {}; resolve with `incident mend {name}` (merges by meaning from git's index; `--take ours` or `--take theirs` settles what both changed), or edit the lines and remove the markers",
                        i + 1,
                        side(&h.ours_label, "ours"),
                        h.ours_holds(),
                        side(&h.theirs_label, "theirs"),
                        h.theirs_holds(),
                    ),
                )
            })
            .collect(),
    )
}

/// `check --ready`: the review checklist of the incidents named, or of every closed record.
fn ready(ctx: &Context, args: &Args) -> Outcome {
    use incident::derive::readiness::{Review, review_with};
    use incident::model::record::Status;
    // A team's required custom fields are part of its review: a broken configuration is an
    // error, not a review without them.
    let config = ctx.config()?;
    let review = |inc: &incident::model::record::Incident| review_with(inc, config.as_ref());
    let mut reviews: Vec<Review> = Vec::new();
    let mut skipped = 0usize;
    if args.paths.is_empty() {
        let dir = ctx.dir()?;
        for entry in store::list_dir(&dir)? {
            let path = entry.map_err(|p| CommandError::user(p.to_string()))?;
            let loaded = super::refuse_errors(load_file(&path)?)?;
            if loaded.incident.status == Status::Closed {
                reviews.push(review(&loaded.incident));
            } else {
                skipped += 1;
            }
        }
    } else {
        for name in &args.paths {
            let name = name.to_string_lossy();
            let loaded = if name == super::revision::STDIN {
                super::refuse_errors(incident::files::load::load_reader(
                    Path::new("<stdin>"),
                    std::io::stdin().lock(),
                )?)?
            } else {
                ctx.load(&name)?
            };
            reviews.push(review(&loaded.incident));
        }
    }
    let not_ready = reviews.iter().filter(|r| !r.ready).count();
    match args.format {
        CheckFormat::Text => {
            let style = ctx.style;
            let mut out: String = reviews
                .iter()
                .map(|r| incident::render::review::checklist(r, &style))
                .collect::<Vec<_>>()
                .join("\n");
            if args.paths.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&format!(
                    "{} closed record(s) reviewed: {} ready, {not_ready} not ready",
                    reviews.len(),
                    reviews.len() - not_ready
                ));
                if skipped > 0 {
                    out.push_str(&format!(
                        "; {skipped} not closed, not reviewed (name one: incident check --ready ID)"
                    ));
                }
                out.push('\n');
            }
            emit(&out)?;
        }
        CheckFormat::Json => emit(&json_text(&reviews)?)?,
    }
    if not_ready > 0 {
        Err(CommandError::reported())
    } else {
        Ok(())
    }
}
