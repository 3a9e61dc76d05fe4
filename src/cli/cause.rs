//! `incident cause add|set|rm|status`: the causes — trigger, root causes, contributing
//! factors — as a chain, and whether the root cause was determined.

use incident::model::chain::{CauseList, RootCauseStatus};
use incident::model::fact_change::{self, CauseChange, NewFinding};

use super::fact_write::{cause_kind, write};
use super::word_arg::word;
use super::{Context, Outcome};

/// Record why it happened: causes with ids, the causes they led to, the events that show them.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident cause add payments --kind trigger \"A config push removed the upstream list\" --id config-push --evidence e3\n  incident cause add payments --kind root \"Pushes were not validated\" --id no-validation --led-to config-push --source postmortem\n  incident cause set payments config-push --detail \"The tool checked syntax only\"\n  incident cause rm payments contributing.2\n  incident cause status payments not-determined\n\nA cause is named by its id (--id), or by its kind and number: trigger.1, root.2, contributing.1.\nOnly causes with an id can be linked (--led-to) or addressed by action items."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: CauseCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum CauseCommand {
    Add(AddArgs),
    Set(SetArgs),
    Rm(RmArgs),
    Status(StatusArgs),
}

/// Add a cause: what set it off (trigger), a root cause, or a contributing factor.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident cause add payments --kind trigger \"A config push removed the upstream list\" --id config-push\n  incident cause add payments --kind contributing \"Only one resolver cluster\" --led-to config-push"
)]
pub struct AddArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// What the cause is, one sentence (Markdown).
    pub text: String,

    /// Which kind of cause.
    #[arg(long, value_parser = cause_kind())]
    pub kind: CauseList,

    /// An id for links (`config-push`): letters, digits, `-` and `_`.
    #[arg(long, value_name = "CAUSE")]
    pub id: Option<String>,

    /// The id of a cause this one led to (repeat for more).
    #[arg(long = "led-to", value_name = "CAUSE")]
    pub led_to: Vec<String>,

    /// The id of an event that evidences it (repeat for more).
    #[arg(long, value_name = "EVENT",
          add = clap_complete::ArgValueCandidates::new(super::complete::event_ids))]
    pub evidence: Vec<String>,

    /// More about it, beyond the one sentence (Markdown).
    #[arg(long, value_name = "TEXT")]
    pub detail: Option<String>,

    /// A source id from the record's sources (repeat for more).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,
}

/// Change a cause: its text, detail, id (links follow it), kind, links, evidence, sources.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident cause set payments trigger.1 --id config-push\n  incident cause set payments config-push --led-to resolver-crash --evidence e4\n  incident cause set payments single-cluster --kind root"
)]
pub struct SetArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The cause: its id, or its kind and number (`trigger.1`, `root.2`).
    pub cause: String,

    /// New text (Markdown).
    #[arg(long)]
    pub text: Option<String>,

    /// New detail (Markdown).
    #[arg(long, value_name = "TEXT")]
    pub detail: Option<String>,

    /// A new id; the links to the old id (other causes, action items) follow it.
    #[arg(long, value_name = "CAUSE")]
    pub id: Option<String>,

    /// Move it to another kind.
    #[arg(long, value_parser = cause_kind())]
    pub kind: Option<CauseList>,

    /// Add a cause this one led to (repeat for more).
    #[arg(long = "led-to", value_name = "CAUSE")]
    pub led_to: Vec<String>,

    /// Remove a link to a cause (repeat for more).
    #[arg(long = "drop-led-to", value_name = "CAUSE")]
    pub drop_led_to: Vec<String>,

    /// Add an event that evidences it (repeat for more).
    #[arg(long, value_name = "EVENT",
          add = clap_complete::ArgValueCandidates::new(super::complete::event_ids))]
    pub evidence: Vec<String>,

    /// Remove an event from its evidence (repeat for more).
    #[arg(long = "drop-evidence", value_name = "EVENT")]
    pub drop_evidence: Vec<String>,

    /// Add a source id from the record's sources (repeat for more).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,
}

/// Remove a cause. Refused while an action item addresses it or another cause leads to it.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident cause rm payments contributing.2\n  incident cause rm payments single-cluster"
)]
pub struct RmArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The cause: its id, or its kind and number (`trigger.1`, `root.2`).
    pub cause: String,
}

/// State whether the root cause was determined: `not-determined` is a stated value, not a
/// sentence.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident cause status payments not-determined\n  incident cause status payments under-investigation\n  incident cause status payments --unset"
)]
pub struct StatusArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// Whether the root cause was determined.
    #[arg(value_parser = word::<RootCauseStatus>(), required_unless_present = "unset")]
    pub status: Option<RootCauseStatus>,

    /// Remove the statement (the record then says nothing either way).
    #[arg(long, conflicts_with = "status")]
    pub unset: bool,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    match args.command {
        CauseCommand::Add(a) => write(
            ctx,
            &a.incident,
            None,
            |inc, _, _| {
                fact_change::add_cause(
                    inc,
                    a.kind,
                    NewFinding {
                        text: a.text.clone(),
                        id: a.id.clone(),
                        detail: a.detail.clone(),
                        sources: a.sources.clone(),
                        led_to: a.led_to.clone(),
                        evidence: a.evidence.clone(),
                    },
                )
            },
            |key, _| format!("added {} `{key}`", a.kind.label()),
        ),
        CauseCommand::Set(a) => write(
            ctx,
            &a.incident,
            None,
            |inc, _, _| {
                fact_change::set_cause(
                    inc,
                    &a.cause,
                    CauseChange {
                        text: a.text.clone(),
                        detail: a.detail.clone(),
                        id: a.id.clone(),
                        list: a.kind,
                        add_led_to: a.led_to.clone(),
                        drop_led_to: a.drop_led_to.clone(),
                        add_evidence: a.evidence.clone(),
                        drop_evidence: a.drop_evidence.clone(),
                        sources: a.sources.clone(),
                    },
                )
            },
            |key, _| format!("changed cause `{key}`"),
        ),
        CauseCommand::Rm(a) => write(
            ctx,
            &a.incident,
            None,
            |inc, _, _| fact_change::rm_cause(inc, &a.cause),
            |text, _| {
                format!(
                    "removed cause `{}` ({})",
                    a.cause,
                    incident::model::text::one_line(text)
                )
            },
        ),
        CauseCommand::Status(a) => write(
            ctx,
            &a.incident,
            None,
            |inc, _, _| Ok(fact_change::set_root_cause_status(inc, a.status)),
            |before, _| {
                let now = a
                    .status
                    .map_or("not stated".to_string(), |s| s.label().to_string());
                match before {
                    Some(b) if Some(*b) != a.status => {
                        format!("set the root cause to {now} (was {})", b.label())
                    }
                    _ => format!("set the root cause to {now}"),
                }
            },
        ),
    }
}
