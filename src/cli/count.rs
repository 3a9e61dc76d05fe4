//! `incident count add|rm`: a numbered fact — machines lost, customers affected, requests
//! failed — on the incident or on one service or customer.

use incident::model::fact_change;
use incident::model::facts::Count;
use incident::model::record::TargetKind;

use super::fact_write::{number, write};
use super::{Context, Outcome};

/// Record a count: what was counted, the number, its unit, whether it is approximate.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident count add payments \"requests failed\" 2300000 --unit requests --approx --source report\n  incident count add payments \"storage hosts lost\" 120 --service \"Object storage\" --approx\n  incident count rm payments 2\n  incident count rm payments 1 --service \"Object storage\"\n\nWithout --service or --customer the count is about the whole incident. Counts are numbered from 1 in each list, in the order `incident show ID --format json` lists them; `count add` prints the number it gave."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: CountCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum CountCommand {
    Add(AddArgs),
    Rm(RmArgs),
}

/// Add a count to the incident, or to a service or customer.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident count add payments \"customers affected\" 340 --source statement --note \"Counted by the support team\""
)]
pub struct AddArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// What was counted: "servers lost", "customers affected".
    pub what: String,

    /// The number: 120, 1.5, 2300000.
    #[arg(value_parser = number)]
    pub value: f64,

    /// The unit when it is not the thing counted: TB, requests.
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,

    /// The source gives it as approximate ("about", "more than").
    #[arg(long)]
    pub approx: bool,

    /// The count is about this service (by name).
    #[arg(long, value_name = "NAME", conflicts_with = "customer",
          add = clap_complete::ArgValueCandidates::new(super::complete::target_names))]
    pub service: Option<String>,

    /// The count is about this customer (by name).
    #[arg(long, value_name = "NAME",
          add = clap_complete::ArgValueCandidates::new(super::complete::target_names))]
    pub customer: Option<String>,

    /// A source id from the record's sources (repeat for more).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,

    /// How it was counted, or what it leaves out.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Keep the count out of public documents (`--audience public`).
    #[arg(long)]
    pub internal: bool,
}

/// Remove a count by its number, from the incident or from a service or customer.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident count rm payments 1\n  incident count rm payments 2 --customer \"Acme Shop\"\n\nN counts from 1 in the list the count is in (the incident's, or the service's or customer's), in the order `incident show ID --format json` lists them. Its sources stay in the record."
)]
pub struct RmArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The count's number in its list, from 1.
    pub number: usize,

    /// The count is one of this service's (by name).
    #[arg(long, value_name = "NAME", conflicts_with = "customer",
          add = clap_complete::ArgValueCandidates::new(super::complete::target_names))]
    pub service: Option<String>,

    /// The count is one of this customer's (by name).
    #[arg(long, value_name = "NAME",
          add = clap_complete::ArgValueCandidates::new(super::complete::target_names))]
    pub customer: Option<String>,
}

/// The list a count is in: the incident's (`None`) or a target's.
fn on<'a>(
    service: &'a Option<String>,
    customer: &'a Option<String>,
) -> Option<(TargetKind, &'a str)> {
    match (service, customer) {
        (Some(s), _) => Some((TargetKind::Service, s.as_str())),
        (None, Some(c)) => Some((TargetKind::Customer, c.as_str())),
        (None, None) => None,
    }
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    match args.command {
        CountCommand::Add(a) => add(ctx, a),
        CountCommand::Rm(r) => write(
            ctx,
            &r.incident,
            None,
            |inc, _, _| fact_change::rm_count(inc, on(&r.service, &r.customer), r.number),
            |(from, count), _| {
                format!(
                    "removed count {} ({}) from {from}",
                    r.number,
                    fact_change::count_line(count)
                )
            },
        ),
    }
}

fn add(ctx: &Context, a: AddArgs) -> Outcome {
    let on = on(&a.service, &a.customer);
    let count = Count {
        what: a.what.clone(),
        value: a.value,
        unit: a.unit.clone(),
        approximate: a.approx,
        sources: a.sources.clone(),
        note: a.note.clone(),
        internal: a.internal,
    };
    let shown = fact_change::count_line(&count);
    write(
        ctx,
        &a.incident,
        None,
        |inc, _, _| fact_change::add_count(inc, on, count),
        |(to, n), _| format!("added count {n} ({shown}) to {to}"),
    )
}
