//! `incident edit`: the whole record in the user's editor, validated on save, merged with any
//! change another writer made meanwhile; the user's text is never lost.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use incident::derive::merge::merge;
use incident::derive::validate::validate;
use incident::files::canonical::to_canonical;
use incident::files::load::parse_bytes;
use incident::files::replace::{Replaced, replace_if_unchanged};
use incident::model::problem::Problem;
use incident::model::record::Incident;
use incident::model::text::visible;

use super::{CommandError, Context, Outcome};

/// Edit a record in your editor ($VISUAL, else $EDITOR, else vi), checked when you save.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident edit payments                 # the whole record in $VISUAL or $EDITOR\n  EDITOR=nano incident edit hk-zone-c\n\nThe editor opens a private copy. When you save and quit, the text is parsed and checked:\nif it has errors, the editor opens again with them as comment lines at the top (quit\nwithout saving to give up; your text is kept). Saving it unchanged or empty changes nothing. If someone else wrote to\nthe record meanwhile, both changes are merged; if they changed the same field, nothing is\nwritten and your text is kept in a file the message names."
)]
pub struct Args {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,
}

/// Every line the editor is shown above the record starts with this, and is removed on save.
const HEADER: &str = "// incident edit: ";

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let base = fs::read(&path).map_err(|e| CommandError::io("cannot read the record", &e))?;
    let Ok(base_text) = std::str::from_utf8(&base) else {
        return Err(CommandError::user(format!(
            "{} is not UTF-8 text; `incident edit` edits text",
            visible(&path.display().to_string())
        ))
        .hinted("fix its encoding with another tool, then run `incident check`"));
    };
    // The record as it was may be broken (editing is how one mends it); merging needs it whole.
    let base_record = parse_bytes(&path, &base).ok().map(|l| l.incident);
    let copy = PrivateCopy::create(&path)?;
    let mut shown = base_text.to_string();
    let mut errors: Vec<Problem> = Vec::new();
    loop {
        copy.write(&with_header(&shown, &errors))?;
        run_editor(&copy.path)?;
        let saved = fs::read(&copy.path)
            .map_err(|e| CommandError::io("cannot read the edited copy", &e))
            .map_err(|e| copy.kept(e))?;
        let saved = String::from_utf8(saved).map_err(|_| {
            copy.kept(CommandError::user(
                "the edited text is not UTF-8; nothing was written",
            ))
        })?;
        let edited = without_header(&saved);
        if edited.trim().is_empty() {
            copy.remove();
            return ctx.tell(&format!(
                "edit cancelled: the file was saved empty; {} is unchanged\n",
                path.display()
            ));
        }
        if edited == shown {
            if errors.is_empty() {
                copy.remove();
                return ctx.tell(&format!("no change; {} is unchanged\n", path.display()));
            }
            return Err(copy.kept(CommandError::user(format!(
                "the edited record still has {} error(s); nothing was written",
                errors.len()
            ))));
        }
        let record = match parse_bytes(&path, edited.as_bytes()) {
            Err(p) => {
                errors = vec![p];
                shown = edited;
                continue;
            }
            Ok(l) => l.incident,
        };
        errors = validate(&path, &edited, &record)
            .into_iter()
            .filter(Problem::is_error)
            .collect();
        if !errors.is_empty() {
            shown = edited;
            continue;
        }
        if edited == base_text {
            copy.remove();
            return ctx.tell(&format!("no change; {} is unchanged\n", path.display()));
        }
        return write(
            ctx,
            &path,
            &base,
            base_record.as_ref(),
            edited,
            record,
            &copy,
        );
    }
}

/// Writes the edited record, merging it with whatever another writer put there meanwhile.
fn write(
    ctx: &Context,
    path: &Path,
    base: &[u8],
    base_record: Option<&Incident>,
    edited: String,
    record: Incident,
    copy: &PrivateCopy,
) -> Outcome {
    let mut expected = base.to_vec();
    let (mut bytes, mut new) = (edited.into_bytes(), record.clone());
    let mut merged_with_others = false;
    loop {
        match replace_if_unchanged(path, &expected, &bytes, &new) {
            Ok(Replaced::Written) => break,
            Err(e) => return Err(copy.kept(e.into())),
            Ok(Replaced::Moved(current)) => {
                // Someone wrote meanwhile: ours is their record, theirs is the edit.
                let theirs_now = parse_bytes(path, &current).ok().map(|l| l.incident);
                let (Some(old), Some(now)) = (base_record, theirs_now) else {
                    return Err(copy.kept(CommandError::user(format!(
                        "{} was changed by someone else while you edited it, and one of the two versions does not parse, so they cannot be merged; nothing was written",
                        path.display()
                    ))));
                };
                let m = merge(old, &now, &record);
                if !m.is_clean() {
                    let what: Vec<String> = m
                        .conflicts
                        .iter()
                        .map(|c| {
                            format!(
                                "{}: theirs {}, yours {}",
                                visible(&c.what),
                                visible(&c.ours),
                                visible(&c.theirs)
                            )
                        })
                        .collect();
                    return Err(copy.kept(CommandError::user(format!(
                        "{} was changed by someone else while you edited it, and you both changed the same thing; nothing was written:\n  {}",
                        path.display(),
                        what.join("\n  ")
                    ))));
                }
                let text = to_canonical(&m.ours)
                    .map_err(|e| CommandError::internal(format!("cannot write the record: {e}")))
                    .map_err(|e| copy.kept(e))?;
                let errors: Vec<Problem> = validate(path, &text, &m.ours)
                    .into_iter()
                    .filter(Problem::is_error)
                    .collect();
                if !errors.is_empty() {
                    let lines: Vec<String> = errors.iter().map(|p| p.to_string()).collect();
                    return Err(copy.kept(CommandError::user(format!(
                        "{} was changed by someone else while you edited it; merged, the two changes make the record invalid, so nothing was written:\n  {}",
                        path.display(),
                        lines.join("\n  ")
                    ))));
                }
                expected = current;
                bytes = text.into_bytes();
                new = m.ours;
                merged_with_others = true;
            }
        }
    }
    copy.remove();
    let merged = if merged_with_others {
        " (merged with a change someone else wrote meanwhile)"
    } else {
        ""
    };
    ctx.tell(&format!(
        "edited {}{merged}\n  file: {}\n",
        new.id,
        path.display()
    ))
}

/// The record's text with the problems found in it as comment lines above it. Line numbers
/// count the lines of the record itself, so they match what `incident check` would say.
fn with_header(text: &str, errors: &[Problem]) -> String {
    if errors.is_empty() {
        return text.to_string();
    }
    let mut out = format!(
        "{HEADER}the record has {} error(s), so it was not saved. Fix them and save, or quit\n{HEADER}without saving to give up (your text is kept). Lines count from the first line\n{HEADER}below these comments, which are removed when you save.\n",
        errors.len()
    );
    for p in errors {
        let at = p
            .position
            .map(|pos| format!("{}:{}: ", pos.line, pos.column))
            .unwrap_or_default();
        for (i, line) in visible(&p.message).lines().enumerate() {
            let lead = if i == 0 {
                format!("{at}{}: ", p.code.code())
            } else {
                "  ".to_string()
            };
            out.push_str(&format!("{HEADER}{lead}{line}\n"));
        }
    }
    out.push_str(text);
    out
}

/// The text below the comment lines [`with_header`] put above it.
fn without_header(text: &str) -> String {
    let mut rest = text;
    while let Some(line_end) = rest.find('\n') {
        if !rest.starts_with(HEADER) {
            break;
        }
        rest = &rest[line_end + 1..];
    }
    rest.to_string()
}

/// Runs the user's editor on `file` and waits for it, as git does: `$VISUAL`, else `$EDITOR`,
/// else `vi`, through the shell so that an editor given with options (`code --wait`) works.
fn run_editor(file: &Path) -> Outcome {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string());
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .arg(file)
        .status()
        .map_err(|e| CommandError::io(&format!("cannot start the editor `{editor}`"), &e))?;
    if status.success() {
        return Ok(());
    }
    Err(CommandError::user(format!(
        "the editor `{}` did not finish normally ({status}); nothing was written; your text is kept in {}",
        visible(&editor),
        file.display()
    ))
    .hinted("open that file to recover your changes; the record itself is unchanged"))
}

/// The private copy the editor works on: in the system's temporary folder, readable by its
/// owner only, removed once the edit is written or abandoned, kept when anything goes wrong.
struct PrivateCopy {
    path: PathBuf,
}

impl PrivateCopy {
    fn create(record: &Path) -> Result<Self, CommandError> {
        let stem = record
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "record".to_string());
        let dir = std::env::temp_dir();
        for n in 0..100u32 {
            let path = dir.join(format!(
                "incident-edit-{stem}-{}-{n}.ron",
                std::process::id()
            ));
            let mut options = fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&path) {
                Ok(_) => return Ok(PrivateCopy { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(CommandError::io("cannot create the copy to edit", &e)),
            }
        }
        Err(CommandError::user(format!(
            "cannot create the copy to edit in {}: too many copies there",
            dir.display()
        )))
    }

    fn write(&self, text: &str) -> Outcome {
        let mut f = fs::File::create(&self.path)
            .map_err(|e| CommandError::io("cannot write the copy to edit", &e))?;
        f.write_all(text.as_bytes())
            .and_then(|()| f.sync_all())
            .map_err(|e| CommandError::io("cannot write the copy to edit", &e))
    }

    fn remove(&self) {
        let _ = fs::remove_file(&self.path);
    }

    /// `e`, saying where the user's text is kept and that the record is unchanged.
    fn kept(&self, e: CommandError) -> CommandError {
        if e.message.contains(&self.path.display().to_string()) {
            return e;
        }
        let mut e = e;
        e.message = format!(
            "{}\nyour text is kept in {}",
            e.message,
            self.path.display()
        );
        e.hinted(format!(
            "run `incident edit` again and copy your changes from {}",
            self.path.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_removed_on_save_and_only_it() {
        let text = "// a comment of the record\n(\n)\n";
        let p = Problem::new(
            Path::new("x.ron"),
            Some(incident::model::problem::Position { line: 2, column: 1 }),
            incident::model::rule::Rule::NotRon,
            "expected a value\nsecond line".to_string(),
        );
        let shown = with_header(text, &[p]);
        assert!(shown.contains("// incident edit: 2:1: E001: expected a value\n"));
        assert!(shown.contains("// incident edit:   second line\n"));
        assert_eq!(without_header(&shown), text);
        assert_eq!(without_header(text), text);
        assert_eq!(with_header(text, &[]), text);
    }
}
