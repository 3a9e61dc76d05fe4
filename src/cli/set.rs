//! `incident set`: the record's own fields — title, summary, severity, kind, organisation,
//! where it happened, tags, authors, home zone.
//!
//! FIELD is a word of `model::change::fields::RecordField`; the change itself is
//! `fields::set_field`, one arm a field. This file only reads the values (the summary from a
//! file or standard input) and reports.

use std::io::Read;

use incident::derive::validate::validate;
use incident::model::change::fields::{self, RecordField, SetMode, SetRequest};

use super::word_arg::word;
use super::write_args::{announce, report};
use super::{CommandError, Context, Outcome};

/// Set a field of the record: title, summary, severity, kind, organisation, region, zones,
/// site, tags, authors, home time zone.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident set payments title \"Payments down for 40 minutes\"\n  incident set payments summary --file summary.md --source statement\n  echo \"The primary failed over.\" | incident set payments summary -\n  incident set payments severity sev1 --rationale \"Every card payment failed\"\n  incident set payments provider-severity P0 --source statement\n  incident set payments tags database failover     # the whole list\n  incident set payments tags --add postgres        # one more\n  incident set payments tags --remove failover\n  incident set payments organisation --clear\n  incident set payments field product payments    # a custom field of the team's\n  incident set payments field regions eu,us\n  incident set payments field regions --clear\n\nList fields (summary-sources, zones, tags, authors) take any number of values; the others\ntake one (quote text with spaces). Setting the timezone moves no time: every time in the\nrecord keeps its offset; the new zone is the one times are shown and typed in."
)]
pub struct Args {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// Which field.
    #[arg(value_parser = word::<RecordField>())]
    pub field: RecordField,

    /// The new value; for a list, its items. `-` reads the summary from standard input.
    #[arg(value_name = "VALUE")]
    pub values: Vec<String>,

    /// Read the value (the summary) from this file; `-` is standard input.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["add", "remove", "clear"])]
    pub file: Option<std::path::PathBuf>,

    /// Add the values to a list field instead of replacing it.
    #[arg(long, conflicts_with_all = ["remove", "clear"])]
    pub add: bool,

    /// Remove the values from a list field.
    #[arg(long, conflicts_with = "clear")]
    pub remove: bool,

    /// Empty the field (a list, the summary, or an optional field such as organisation).
    #[arg(long)]
    pub clear: bool,

    /// Why this severity (with `severity`).
    #[arg(long, value_name = "TEXT")]
    pub rationale: Option<String>,

    /// A note on the value (with `provider-severity`).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// A source id the value rests on (with `summary`, `provider-severity`; repeat for more).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    if args.field == RecordField::Field {
        if args.add || args.remove || args.file.is_some() {
            return Err(CommandError::usage(
                "a custom field takes NAME VALUE (or NAME --clear); --add, --remove and --file do not apply",
            ));
        }
        return super::field::set(ctx, &path, &args.values, args.clear);
    }
    let mode = match (args.add, args.remove, args.clear) {
        (true, _, _) => SetMode::Add,
        (_, true, _) => SetMode::Remove,
        (_, _, true) => SetMode::Clear,
        _ => SetMode::Replace,
    };
    let mut values = values(&args)?;
    let field = args.field;
    // A level is read on the team's scale (the built-in one without), and stored as the
    // scale writes it.
    if field == RecordField::Severity
        && let [typed] = values.as_mut_slice()
    {
        let scale = super::conventions::scale(ctx)?;
        *typed = scale
            .parse(typed)
            .map_err(|m| {
                CommandError::user(format!("severity: {m}"))
                    .hinted("`incident config show` prints the scale with what each level means")
            })?
            .name()
            .to_string();
    }
    let request = SetRequest {
        field,
        values,
        mode,
        rationale: args.rationale,
        note: args.note,
        sources: args.sources,
    };
    let done =
        incident::files::write::update(&path, &validate, |inc| fields::set_field(inc, request))?;
    let change = &done.value;
    let headline = if change.before == change.after {
        format!(
            "set {} of {} to {}",
            field.cli(),
            done.incident.id,
            change.after
        )
    } else {
        format!(
            "set {} of {} to {} (was {})",
            field.cli(),
            done.incident.id,
            change.after,
            change.before
        )
    };
    announce(
        ctx,
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}

/// The values as given, with the summary read from `--file` or from standard input (`-`).
fn values(args: &Args) -> Result<Vec<String>, CommandError> {
    let from_stdin = args.values.len() == 1 && args.values[0] == "-";
    let file = match (&args.file, from_stdin) {
        (Some(_), _) if !args.values.is_empty() => {
            return Err(CommandError::usage(
                "give the value either as an argument or with --file, not both",
            ));
        }
        (Some(f), _) => Some(f.clone()),
        (None, true) => Some(std::path::PathBuf::from("-")),
        (None, false) => None,
    };
    let Some(file) = file else {
        return Ok(args.values.clone());
    };
    if args.field != RecordField::Summary && args.field != RecordField::Title {
        return Err(CommandError::usage(format!(
            "{} is not read from a file; give its value on the command line",
            args.field.cli()
        )));
    }
    let mut text = String::new();
    if file.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CommandError::io("cannot read standard input", &e))?;
    } else {
        text = std::fs::read_to_string(&file).map_err(|e| {
            CommandError::io(
                &format!("cannot read {}", super::write_args::shown(&file)),
                &e,
            )
        })?;
    }
    // A file ends with a newline; the record's text does not.
    Ok(vec![text.trim_end().to_string()])
}
