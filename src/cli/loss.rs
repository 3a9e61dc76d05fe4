//! `incident loss add`: data that was lost — what, how much, whether it came back.

use incident::model::fact_change;
use incident::model::facts::{Count, DataLoss, Recovered};

use super::fact_write::{number, write};
use super::word_arg::word;
use super::{Context, Outcome};

/// Record data loss: what was lost, how much, and whether it was recovered.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident loss add payments \"Objects written in the last five minutes\" --amount 1800 --unit objects --approx --recovered partly --source report\n  incident loss add payments \"Chat history of one day\" --recovered unknown"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: LossCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum LossCommand {
    Add(AddArgs),
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

    /// How much, when a source says (with --unit).
    #[arg(long, value_name = "N", value_parser = number, requires = "unit")]
    pub amount: Option<f64>,

    /// What --amount counts: objects, orders, TB.
    #[arg(long, value_name = "UNIT", requires = "amount")]
    pub unit: Option<String>,

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

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let LossCommand::Add(a) = args.command;
    let amount = a.amount.zip(a.unit.clone()).map(|(value, what)| Count {
        what,
        value,
        unit: None,
        approximate: a.approx,
        sources: a.sources.clone(),
        note: None,
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
