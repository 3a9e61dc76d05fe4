//! `incident reference add`: the provider's own incident id or link, a ticket, a status-page
//! entry.

use incident::model::fact_change;
use incident::model::facts::{Reference, ReferenceKind};

use super::fact_write::write;
use super::word_arg::word;
use super::{Context, Outcome};

/// Record a reference: the provider's incident id, a ticket, a status-page entry.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident reference add payments --kind provider-incident --id EXC-2024-0502 --url https://status.example.com/incidents/exc-2024-0502\n  incident reference add payments --kind ticket --id OPS-4821\n  incident reference add payments --kind status-page --url https://status.example.com/history --note \"The month's history\""
)]
pub struct Args {
    #[command(subcommand)]
    pub command: ReferenceCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ReferenceCommand {
    Add(AddArgs),
    ProviderSeverity(ProviderSeverityArgs),
}

/// Set the provider's own severity label, beside the record's Sev1–Sev4.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident reference provider-severity payments \"P1 major outage\" --source status --note \"The provider's scale runs from P0 to P4\"\n  incident reference provider-severity payments --unset"
)]
pub struct ProviderSeverityArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The label as the provider writes it: P0, "major outage".
    #[arg(required_unless_present = "unset")]
    pub label: Option<String>,

    /// A source id from the record's sources (repeat for more).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,

    /// What the label means on the provider's scale.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Remove the label.
    #[arg(long, conflicts_with_all = ["label", "sources", "note"])]
    pub unset: bool,
}

/// Add a reference (an id, a URL, or both).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  incident reference add payments --kind ticket --id OPS-4821")]
pub struct AddArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// What it points to.
    #[arg(long, value_parser = word::<ReferenceKind>())]
    pub kind: ReferenceKind,

    /// The id as its owner writes it: HKG-2022-1218, INC-4821.
    #[arg(long, value_name = "X")]
    pub id: Option<String>,

    /// Where it is.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// What it is.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let a = match args.command {
        ReferenceCommand::Add(a) => a,
        ReferenceCommand::ProviderSeverity(p) => return provider_severity(ctx, p),
    };
    let r = Reference {
        kind: a.kind,
        id: a.id.clone(),
        url: a.url.clone(),
        note: a.note.clone(),
    };
    write(
        ctx,
        &a.incident,
        None,
        |inc, _, _| fact_change::add_reference(inc, r),
        |n, _| format!("added reference {n} ({})", a.kind.label()),
    )
}

fn provider_severity(ctx: &Context, p: ProviderSeverityArgs) -> Outcome {
    write(
        ctx,
        &p.incident,
        None,
        |inc, _, _| {
            fact_change::set_provider_severity(
                inc,
                p.label.clone(),
                p.sources.clone(),
                p.note.clone(),
            )
        },
        |before, _| {
            let was = before
                .as_deref()
                .map(|b| format!(" (was {b})"))
                .unwrap_or_default();
            match &p.label {
                Some(l) => format!("set the provider's severity to {l}{was}"),
                None => format!("removed the provider's severity{was}"),
            }
        },
    )
}
