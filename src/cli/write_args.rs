//! What the writing commands share: time-zone arguments, and how a refused write is reported.
//! (Record values are read by `word_arg::word`.)

use incident::model::problem::Problem;

/// The forms a writer's time option takes, for its `--help` (see docs/time-input.md).
#[macro_export]
macro_rules! time_forms {
    () => {
        "`09:05` (today), `2024-03-01 09:05`, RFC 3339, `~09:05` (about), `2024-03-01` (a day), `15:20..16:20` (a range), `>=10:15` or `after 10:15`, `<=10:30` or `by 10:30`, `unknown`; a zone or offset may follow (`09:05 UTC`). See docs/time-input.md"
    };
}
use incident::model::time::Zone;

use super::{CommandError, Context, Outcome};

/// Reads a `--tz` value.
pub fn tz_arg(tz: Option<&str>) -> Result<Option<Zone>, CommandError> {
    Ok(tz.map(incident::model::time::parse_zone).transpose()?)
}

/// Reads a `--due` date.
pub fn date_arg(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        format!(
            "expected a date like 2024-03-31, not `{}`",
            incident::model::text::visible(s)
        )
    })
}

/// What every writer prints after a write: what it did, the file, any extra lines, a note
/// when nothing changed, and the warnings the change added.
pub fn report<T>(
    headline: &str,
    extra: &[String],
    path: &std::path::Path,
    done: &incident::files::write::Updated<T>,
) -> String {
    let mut out = format!("{headline}\n  file: {}\n", shown(path));
    for line in extra {
        out.push_str(&format!("  {line}\n"));
    }
    if done.mode == incident::files::write::WriteMode::Unchanged {
        out.push_str("  (it already was; the file is unchanged)\n");
    }
    out.push_str(&warning_lines(&done.new_warnings));
    if let Some(hint) = super::init::hint_once(path) {
        use std::io::Write;
        // The change is already written; a hint that cannot be printed must not fail it.
        let _ = write!(anstream::stderr(), "{hint}");
    }
    // The headline echoes ids and names from the record: shown, never obeyed.
    incident::model::text::visible(&out)
}

/// Lines that report warnings a change added, for the end of a writer's output.
pub fn warning_lines(warnings: &[Problem]) -> String {
    warnings
        .iter()
        .map(|p| {
            format!(
                "  note: {} {}\n",
                p.code,
                incident::model::text::one_line(&p.message)
            )
        })
        .collect()
}

/// A path as shown in output: relative to the current folder when it lies below it, so the
/// output reads `incidents/2024-03-01-payments-db-failover.ron`; made visible, as file names
/// may hold escapes.
pub fn shown(path: &std::path::Path) -> String {
    let relative = std::env::current_dir().ok().and_then(|cwd| {
        path.strip_prefix(&cwd)
            .ok()
            .map(std::path::Path::to_path_buf)
    });
    incident::model::text::visible_path(relative.as_deref().unwrap_or(path))
}

/// Tells a writer's report once its change is in the file (on standard error, unless
/// `--quiet`: see [`Context::tell`]), and ends the command. From here on nothing may say the
/// write failed, since doing it again would make the change twice: a report that cannot be
/// printed (a full disk behind the stream) is followed by an attempt to say so, and the exit
/// status stays 0, which means "the change is in the file". `caveat` (the folder could not
/// be synced) is said as a warning, even with `--quiet`.
pub fn announce(ctx: &Context, report: &str, caveat: Option<&str>) -> Outcome {
    use std::io::Write;
    let mut err = anstream::stderr();
    if let Err(e) = ctx.tell(report) {
        let headline = report.lines().next().unwrap_or_default();
        // Standard error may be gone for good; then there is no one left to tell.
        let _ = writeln!(
            err,
            "warning: the change was made ({headline}), but its report could not be printed: {}",
            e.message
        );
    }
    if let Some(caveat) = caveat {
        let _ = writeln!(
            err,
            "warning: the change is written, but {}",
            incident::model::text::visible(caveat)
        );
    }
    Ok(())
}

/// `--source` and `--note`, for the writers that lay them on the item they write.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CiteArgs {
    /// A source id from the record's sources (repeat for more; added to those the item has).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,

    /// A note on the item: how it is known, a caveat (replaces its note).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

impl CiteArgs {
    /// The library's form.
    pub fn cite(&self) -> incident::model::change::cite::Cite {
        incident::model::change::cite::Cite {
            sources: self.sources.clone(),
            note: self.note.clone(),
        }
    }
}
