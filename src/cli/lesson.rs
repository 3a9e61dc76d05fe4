//! `incident lesson add|rm`: what was learned — what went well, what went wrong, where we got
//! lucky.

use incident::model::fact_change::{self, LessonList};

use super::fact_write::write;
use super::word_arg::word;
use super::{Context, Outcome};

/// Record what was learned: what went well, what went wrong, where we got lucky.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident lesson add payments --kind went-well \"The replica took over in two minutes\"\n  incident lesson add payments --kind lucky \"It happened outside the sales peak\" --source chat\n  incident lesson rm payments went-wrong 2\n\nLessons are numbered from 1 in each list, in the order the postmortem shows them."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: LessonCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum LessonCommand {
    Add(AddArgs),
    Rm(RmArgs),
}

/// Add a lesson.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident lesson add payments --kind went-wrong \"Nobody owned the status page\" --detail \"The first update came 40 minutes late.\""
)]
pub struct AddArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The lesson, one sentence (Markdown).
    pub text: String,

    /// Which list it belongs to.
    #[arg(long, value_parser = word::<LessonList>())]
    pub kind: LessonList,

    /// More about it (Markdown).
    #[arg(long, value_name = "TEXT")]
    pub detail: Option<String>,

    /// A source id from the record's sources (repeat for more).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,
}

/// Remove a lesson by its list and number.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  incident lesson rm payments went-wrong 2")]
pub struct RmArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// Which list.
    #[arg(value_parser = word::<LessonList>())]
    pub kind: LessonList,

    /// Its number in that list, from 1.
    pub number: usize,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    match args.command {
        LessonCommand::Add(a) => write(
            ctx,
            &a.incident,
            None,
            |inc, _, _| {
                fact_change::add_lesson(
                    inc,
                    a.kind,
                    a.text.clone(),
                    a.detail.clone(),
                    a.sources.clone(),
                )
            },
            |n, _| format!("added lesson {} {n}", a.kind.cli()),
        ),
        LessonCommand::Rm(a) => write(
            ctx,
            &a.incident,
            None,
            |inc, _, _| fact_change::rm_lesson(inc, a.kind, a.number),
            |text, _| {
                format!(
                    "removed lesson {} {} ({})",
                    a.kind.cli(),
                    a.number,
                    incident::model::text::one_line(text)
                )
            },
        ),
    }
}
