//! `incident reference add|rm`: the provider's own incident id or link, a ticket, a status-page
//! entry.

use incident::model::fact_change;
use incident::model::facts::{Reference, ReferenceKind};

use super::fact_write::write;
use super::word_arg::word;
use super::{Context, Outcome};

/// Record a reference: the provider's incident id, a ticket, a status-page entry.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident reference add payments --kind provider-incident --id EXC-2024-0502 --url https://status.example.com/incidents/exc-2024-0502\n  incident reference add payments --kind ticket --id OPS-4821\n  incident reference add payments --kind status-page --url https://status.example.com/history --note \"The month's history\"\n  incident reference rm payments 2"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: ReferenceCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ReferenceCommand {
    Add(AddArgs),
    Rm(RmArgs),
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

/// Remove a reference by its number.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident reference rm payments 1\n\nN counts from 1 in the order `incident show ID --format json` lists `references`; `add` prints the number it gave. Its sources stay in the record."
)]
pub struct RmArgs {
    #[command(flatten)]
    pub item: super::fact_write::Numbered,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    match args.command {
        ReferenceCommand::Add(a) => add(ctx, a),
        ReferenceCommand::Rm(r) => super::fact_write::rm_numbered(
            ctx,
            &r.item,
            "reference",
            fact_change::rm_reference,
            fact_change::reference_line,
        ),
    }
}

fn add(ctx: &Context, a: AddArgs) -> Outcome {
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
