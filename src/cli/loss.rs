//! `incident loss add|rm`: data that was lost — what, how much, whether it came back.

use incident::model::fact_change;
use incident::model::facts::{Count, DataLoss, Recovered};

use super::fact_write::{number, write};
use super::word_arg::word;
use super::{Context, Outcome};

/// Record data loss: what was lost, how much, and whether it was recovered.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident loss add payments \"Objects written in the last five minutes\" --amount 1800 --unit objects --approx --recovered partly --source report\n  incident loss add payments \"Chat attachments\" --amount 1.5 --unit TB --of data --recovered no\n  incident loss add payments \"Chat history of one day\" --recovered unknown\n  incident loss rm payments 1"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: LossCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum LossCommand {
    Add(AddArgs),
    Rm(RmArgs),
}

/// Add a data loss.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident loss add payments \"Orders placed during the failover\" --amount 42 --unit orders --recovered yes"
)]
pub struct AddArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// What was lost.
    pub what: String,

    /// How much, when a source says (with --unit or --of).
    #[arg(long, value_name = "N", value_parser = number)]
    pub amount: Option<f64>,

    /// The unit of --amount: objects, orders, TB. Without --of it also names what was counted.
    #[arg(long, value_name = "UNIT", requires = "amount")]
    pub unit: Option<String>,

    /// What --amount counts, when the unit does not say it: `--amount 1.5 --unit TB --of data`.
    #[arg(long = "of", value_name = "WHAT", requires = "amount")]
    pub counted: Option<String>,

    /// The amount is approximate.
    #[arg(long, requires = "amount")]
    pub approx: bool,

    /// Whether it came back (required).
    #[arg(long, value_parser = word::<Recovered>())]
    pub recovered: Recovered,

    /// A source id from the record's sources (repeat for more).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,

    /// More about it: how it was recovered, what could not be.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// Remove a data loss by its number.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident loss rm payments 2\n\nN counts from 1 in the order `incident show ID --format json` lists `data_loss`; `add` prints the number it gave. Its sources stay in the record."
)]
pub struct RmArgs {
    #[command(flatten)]
    pub item: super::fact_write::Numbered,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    match args.command {
        LossCommand::Add(a) => add(ctx, a),
        LossCommand::Rm(r) => super::fact_write::rm_numbered(
            ctx,
            &r.item,
            "data loss",
            fact_change::rm_loss,
            fact_change::loss_line,
        ),
    }
}

fn add(ctx: &Context, a: AddArgs) -> Outcome {
    // `--amount 1800 --unit objects` counts objects; `--unit TB --of data` counts data in TB.
    let (what, unit) = match (&a.counted, &a.unit) {
        (Some(w), u) => (Some(w.clone()), u.clone()),
        (None, Some(u)) => (Some(u.clone()), None),
        (None, None) => (None, None),
    };
    if a.amount.is_some() && what.is_none() {
        return Err(super::CommandError::usage(
            "--amount needs --unit (objects, TB) or --of (what was counted)",
        )
        .hinted("for example: --amount 1800 --unit objects"));
    }
    let amount = a.amount.zip(what).map(|(value, what)| Count {
        what,
        value,
        unit,
        approximate: a.approx,
        sources: a.sources.clone(),
        note: None,
        internal: false,
    });
    let loss = DataLoss {
        what: a.what.clone(),
        amount,
        recovered: a.recovered,
        sources: a.sources.clone(),
        note: a.note.clone(),
    };
    write(
        ctx,
        &a.incident,
        None,
        |inc, _, _| fact_change::add_loss(inc, loss),
        |n, _| format!("added data loss {n} ({})", a.recovered.label()),
    )
}
