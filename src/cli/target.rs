//! `incident target set`: what the record says of a named service or customer beyond its
//! impact windows — its outcome (affected at unknown times, not affected), its names in
//! other languages, its sources and note.

use incident::model::fact_change::{self, TargetChange};
use incident::model::facts::Outcome;
use incident::model::record::TargetKind;

use super::fact_write::write;
use super::word_arg::word;
use super::{Context, Outcome as Done};

/// Say what happened to a named service or customer, beyond its impact windows.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident target set payments \"Block storage\" --outcome not-affected --source report --note \"No volume errors\"\n  incident target set payments \"Message queue\" --outcome affected-at-unknown-times --source press\n  incident target set hk-zone-c \"Macao Daily\" --customer --name zh-Hant=澳門日報\n\nA target that is new is added without windows (`incident impact add` adds one with a window)."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: TargetCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum TargetCommand {
    Set(SetArgs),
}

/// Set a service's or customer's outcome, names, sources and note (adding it when new).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident target set payments Checkout --note \"Only card payments failed\""
)]
pub struct SetArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The service's or customer's name.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::target_names))]
    pub name: String,

    /// It is a customer (default: a service).
    #[arg(long)]
    pub customer: bool,

    /// What happened to it.
    #[arg(long, value_parser = word::<Outcome>())]
    pub outcome: Option<Outcome>,

    /// Its name in another language: TAG=NAME, TAG a BCP 47 tag (repeat for more).
    #[arg(long = "name", value_name = "TAG=NAME", value_parser = tagged_name)]
    pub names: Vec<(String, String)>,

    /// A source id from the record's sources (repeat for more; added to those it has).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,

    /// What the record says of it (replaces the note).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// Reads `zh-Hant=澳門日報`.
fn tagged_name(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((tag, name)) if !tag.trim().is_empty() && !name.trim().is_empty() => {
            Ok((tag.trim().to_string(), name.trim().to_string()))
        }
        _ => Err(format!(
            "expected TAG=NAME such as zh-Hant=澳門日報, not `{}`",
            incident::model::text::visible(s)
        )),
    }
}

pub fn run(ctx: &Context, args: Args) -> Done {
    let TargetCommand::Set(a) = args.command;
    let kind = if a.customer {
        TargetKind::Customer
    } else {
        TargetKind::Service
    };
    write(
        ctx,
        &a.incident,
        None,
        |inc, _, _| {
            fact_change::set_target(
                inc,
                kind,
                &a.name,
                TargetChange {
                    outcome: a.outcome,
                    names: a.names.clone(),
                    sources: a.sources.clone(),
                    note: a.note.clone(),
                },
            )
        },
        |t, _| {
            let verb = if t.created { "added" } else { "set" };
            format!("{verb} {} `{}`", kind.label(), t.name)
        },
    )
}
