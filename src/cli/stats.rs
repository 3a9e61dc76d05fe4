//! `incident stats`: figures across incidents — distributions, customer-hours, action items.

use chrono::NaiveDate;

use incident::derive::select::Verdict;
use incident::derive::stats::{self, By, Scope, StatsJson};
use incident::files::store;
use incident::model::time::Instant;

use super::list::{FilterArgs, finish, parse_date, split_broken};
use super::{CommandError, Context, Outcome, emit, json_text};

/// Figures across incidents: medians, 90th percentiles and maxima of durations.
///
/// Count, median / 90th percentile / maximum of duration and time to detect, mitigate and
/// resolve, customer-hours, open and overdue action items.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  incident stats
  incident stats --since 2024-01-01 --by month
  incident stats --by severity --format markdown
  incident stats --kind drill                 # drills only (left out by default)
  incident stats --at 2024-06-30 --format json

Every figure is printed with its definition and with how many incidents it covers (missing and
approximate values are counted). Percentiles use the nearest-rank method. The list filters
(--severity, --status, --tag, --service, --customer, --grep) work here too.
Exit status: 0, or 1 when a record could not be read (it is reported and left out).")]
pub struct Args {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Also give the figures per severity (in the scale's order), service, month, kind or
    /// custom field (`field:NAME`).
    #[arg(long, value_parser = By::parse, value_name = "GROUP")]
    pub by: Option<By>,

    /// The as-of day (YYYY-MM-DD): action items due before it are overdue, and open impact
    /// windows of unresolved incidents are counted to its start (00:00 UTC). Default: now.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<NaiveDate>,

    /// `table`, `markdown` or `json`.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsFormat {
    Table,
    Markdown,
    Json,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let dir = ctx.dir()?;
    let selection = args.filter.selection(ctx)?;
    let (day, at) = match args.at {
        Some(d) => {
            let midnight = d
                .and_hms_opt(0, 0, 0)
                .map(|t| t.and_utc().fixed_offset())
                .ok_or_else(|| CommandError::usage(format!("--at {d} is out of range")))?;
            (d, Instant(midnight))
        }
        None => (super::actions::today(ctx), ctx.now),
    };
    let results = store::scan(&dir, |l| match selection.verdict(&l.incident) {
        Verdict::Keep => Some(stats::facts_of(&l.incident, at, day)),
        Verdict::HiddenKind | Verdict::Filtered => None,
    })?;
    let (facts, broken) = split_broken(results);
    let mut facts: Vec<_> = facts.into_iter().flatten().collect();
    facts.sort_by(|a, b| a.id.cmp(&b.id));
    // Services are counted under the team catalogue's names: `checkout` and `Checkout API`
    // are one service when the catalogue says so.
    if let Some(config) = ctx.config()? {
        for f in &mut facts {
            for s in &mut f.services {
                *s = config.service_name(s);
            }
        }
    }
    let by = args.by;
    let config = super::conventions::config(ctx)?;
    if let Some(By::Field(name)) = &by {
        super::conventions::known_field(&config, "--by", name)?;
    }
    let groups = stats::report(&facts, by.as_ref(), &config.scale());
    let scope = Scope {
        kinds: selection.kinds().to_vec(),
        since: selection.since,
        until: selection.until,
        at: day,
        counted_to: at.rfc3339(),
        by,
        major_levels: stats::major_levels(&config.scale()),
    };
    let text = match args.format {
        StatsFormat::Table => incident::render::stats::render_table(&scope, &groups, &ctx.style),
        StatsFormat::Markdown => incident::render::stats::render_markdown(&scope, &groups),
        StatsFormat::Json => json_text(&StatsJson {
            scope: &scope,
            percentile_method: stats::PERCENTILE_METHOD,
            approximate: stats::APPROXIMATE,
            groups: &groups,
        })?,
    };
    emit(&text)?;
    finish(broken)
}
