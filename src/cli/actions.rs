//! `incident actions`: the action-item ledger across every incident.

use anstream::eprintln;
use chrono::NaiveDate;

use incident::derive::ledger::{self, LedgerFilter, LedgerJson};
use incident::files::store;

use incident::model::record::IncidentKind;

use super::list::{finish, parse_date, split_broken};
use super::word_arg::word;
use super::{CommandError, Context, Format, Outcome, emit, json_text};

/// Every action item of every incident in one ledger: open, overdue, by owner.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  incident actions --open
  incident actions --overdue                       # due before today and still open
  incident actions --overdue --at 2024-06-30 --fail   # for CI: exit 1 if any are overdue
  incident actions --owner \"Alibaba Cloud\" --format markdown
  incident actions --incident hk-zone-c --format csv

Age is whole days from the item's `opened` day to --at. An item is overdue when it is open or
in progress and its due date is before --at. Items of drills and tests are included; restrict
with --kind.
Exit status: 0; 1 with --overdue --fail when any item is overdue, or when a record could not
be read (it is reported and left out); 2 on a usage error.")]
pub struct Args {
    /// Only items still open or in progress.
    #[arg(long)]
    pub open: bool,

    /// Only items overdue: open or in progress, due before --at.
    #[arg(long)]
    pub overdue: bool,

    /// The as-of day for ages and overdue items (YYYY-MM-DD; default: today, local time).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<NaiveDate>,

    /// Only items of this owner (exact name, ignoring case).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,

    /// Only items of this incident: its exact id, or any part of ids (every incident whose id
    /// contains it).
    #[arg(long, value_name = "ID")]
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: Option<String>,

    /// Only items of incidents of these kinds (comma-separated); default: every kind.
    #[arg(long, value_parser = word::<IncidentKind>(), value_delimiter = ',', value_name = "KIND")]
    pub kind: Vec<IncidentKind>,

    /// With --overdue: exit 1 when any item is overdue (for CI).
    #[arg(long, requires = "overdue")]
    pub fail: bool,

    /// `table`, `markdown`, `csv` or `json`.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Today's date on the local clock, from the run's one "now".
pub fn today(ctx: &Context) -> NaiveDate {
    ctx.now.get().with_timezone(&chrono::Local).date_naive()
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let dir = ctx.dir()?;
    let at = args.at.unwrap_or_else(|| today(ctx));
    let filter = LedgerFilter {
        at,
        open: args.open,
        overdue: args.overdue,
        owner: args.owner.clone(),
        incident: args.incident.clone(),
        kinds: args.kind.clone(),
    };
    let results = store::scan(&dir, |l| ledger::items_of(&l.incident, &filter))?;
    let (lists, broken) = split_broken(results);
    let mut items: Vec<_> = lists.into_iter().flatten().collect();
    // An exact id selects that incident alone, even when longer ids contain it
    // (`…-db-1` and `…-db-10`); any other value selects every id that contains it.
    if let Some(want) = &args.incident
        && store::path_for_id(&dir, want).is_some_and(|p| p.is_file())
    {
        items.retain(|i| i.incident == *want);
    }
    ledger::sort(&mut items);
    let text = match args.format {
        Format::Table => incident::render::ledger::render_table(&items, at, &ctx.style),
        Format::Markdown => incident::render::ledger::render_markdown(&items, at),
        Format::Csv => incident::render::ledger::render_csv(&items),
        Format::Json => json_text(&LedgerJson {
            at,
            counts: ledger::counts(&items),
            items: &items,
        })?,
    };
    emit(&text)?;
    finish(broken)?;
    let overdue = items.iter().filter(|i| i.overdue).count();
    if args.fail && overdue > 0 {
        eprintln!("{overdue} action item(s) overdue as of {at}");
        return Err(CommandError::reported());
    }
    Ok(())
}
