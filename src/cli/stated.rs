//! `incident stated add|rm`: a duration or time a source states, kept to be compared with the
//! figure the timeline gives.

use incident::model::fact_change;
use incident::model::facts::{StatedFigure, StatedOf};

use super::fact_write::{time, write};
use super::word_arg::word;
use super::{Context, Outcome};

/// Record a figure a source states: "the outage lasted 4 h 8 min", "back to normal around 2 pm".
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident stated add payments total-duration --duration 4h8m --quote \"the outage lasted 4 h 8 min\" --source report\n  incident stated add payments time-to-detect --duration 10 --quote \"we knew within ten minutes\" --source status\n  incident stated add payments resolved --at \"~14:00\" --approx --quote \"back to normal around 2 pm\" --source press\n  incident stated rm payments 2\n\nThe summary shows whether the timeline agrees, or the difference in minutes."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: StatedCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum StatedCommand {
    Add(AddArgs),
    Rm(RmArgs),
}

/// Add a stated figure: a duration (--duration) or the time of a moment (--at).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident stated add payments customer-impact --duration \"15.5 h\" --approx --quote \"over 15.5 hours\" --source scmp"
)]
pub struct AddArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// What the figure is of: a duration or a moment.
    #[arg(value_parser = word::<StatedOf>())]
    pub of: StatedOf,

    /// For a duration: its length — minutes (248) or hours and minutes (4h8m, "4 h 8 min", 15.5h).
    #[arg(long, value_name = "DURATION", value_parser = fact_change::duration_minutes, conflicts_with = "at")]
    pub duration: Option<i64>,

    /// For a moment: the time stated.
    #[arg(long, value_name = "TIME", long_help = concat!("For a moment: the time stated: ", crate::time_forms!(), "."))]
    pub at: Option<String>,

    /// The source gives it as approximate ("more than", "about").
    #[arg(long)]
    pub approx: bool,

    /// The source's own words: "over 15.5 hours".
    #[arg(long, value_name = "TEXT")]
    pub quote: Option<String>,

    /// A source id from the record's sources (repeat for more).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,

    /// What the source counts from, or why it differs.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Read --at in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

/// Remove a stated figure by its number.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident stated rm payments 1\n\nN counts from 1 in the order `incident show ID --format json` lists `stated`; `add` prints the number it gave. Its sources stay in the record."
)]
pub struct RmArgs {
    #[command(flatten)]
    pub item: super::fact_write::Numbered,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    match args.command {
        StatedCommand::Add(a) => add(ctx, a),
        StatedCommand::Rm(r) => super::fact_write::rm_numbered(
            ctx,
            &r.item,
            "stated figure",
            fact_change::rm_stated,
            fact_change::stated_line,
        ),
    }
}

fn add(ctx: &Context, a: AddArgs) -> Outcome {
    write(
        ctx,
        &a.incident,
        a.tz.as_deref(),
        |inc, tz, now| {
            let at =
                a.at.as_deref()
                    .map(|t| time(inc, tz, "--at", t, now))
                    .transpose()?;
            fact_change::add_stated(
                inc,
                StatedFigure {
                    of: a.of,
                    minutes: a.duration,
                    at,
                    approximate: a.approx,
                    quote: a.quote.clone(),
                    sources: a.sources.clone(),
                    note: a.note.clone(),
                },
            )
        },
        |n, _| format!("added stated figure {n} ({})", a.of.label()),
    )
}
