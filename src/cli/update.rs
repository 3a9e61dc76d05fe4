//! `incident update add`: a public update (status page, social media, a blog) as an event of
//! the timeline, with its state and channel.

use incident::model::change::{self, NewEvent};
use incident::model::event_facts::{PublicUpdate, UpdateState};
use incident::model::fact_change::{self, EventFacts};
use incident::model::record::EventKind;
use incident::model::time::when_rfc3339;

use super::fact_write::{time, write};
use super::word_arg::word;
use super::{Context, Outcome};

/// Record a public update: what the organisation told the public, when, where, in which state.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident update add payments \"Investigating elevated API errors\" --at 10:25 --state investigating --channel \"status page\" --source status\n  incident update add payments \"The API works normally again\" --at 11:45 --state resolved --channel Twitter\n\nThe update is logged as a communication event. The first public update is the `communicated`\nmoment: set it with `incident moment set ID communicated --at TIME`."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: UpdateCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum UpdateCommand {
    Add(AddArgs),
}

/// Log a public update.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident update add payments \"Postmortem published\" --at 2025-03-07 --state postmortem --channel blog"
)]
pub struct AddArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// What the update said.
    pub text: String,

    /// When it was posted (required).
    #[arg(long, value_name = "TIME", long_help = concat!("When it was posted: ", crate::time_forms!(), "."))]
    pub at: String,

    /// The state it announced.
    #[arg(long, value_parser = word::<UpdateState>())]
    pub state: UpdateState,

    /// Where it was posted: "status page", Twitter, blog.
    #[arg(long, value_name = "CHANNEL")]
    pub channel: Option<String>,

    /// A source id from the record's sources (repeat for more).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,

    /// Mark it important (shown in short timelines).
    #[arg(long)]
    pub important: bool,

    /// Read --at in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let UpdateCommand::Add(a) = args.command;
    write(
        ctx,
        &a.incident,
        a.tz.as_deref(),
        |inc, tz, now| {
            let at = time(inc, tz, "--at", &a.at, now)?;
            incident::model::change::known_sources(inc, &a.sources)?;
            let id = change::append_event(
                inc,
                NewEvent {
                    at,
                    kind: EventKind::Communication,
                    text: a.text.clone(),
                    actor: None,
                    sources: a.sources.clone(),
                    important: a.important,
                    precursor: false,
                },
            );
            let i = inc.events.len() - 1;
            fact_change::set_event_facts(
                inc,
                i,
                EventFacts {
                    update: Some(PublicUpdate {
                        state: a.state,
                        channel: a.channel.clone(),
                    }),
                    ..Default::default()
                },
            );
            Ok((id, at))
        },
        |(id, at), _| {
            format!(
                "logged public update {id} ({}) at {}",
                a.state.label(),
                when_rfc3339(*at)
            )
        },
    )
}
