//! `incident impact`: who was hit, how badly and for how long, and the figures that follow.

use incident::derive::figures;
use incident::derive::impact::{self as impact_model, GroupBy, Options, SortKey};
use incident::render::impact as view;

use super::word_arg::word;
use super::{Context, Format, Outcome, emit, json_text, zone_for};

/// Show who was hit, how badly and for how long, and the derived figures.
///
/// One row per affected service and customer (level, first impact, end, total impact time
/// with overlapping windows merged) and the derived figures (time to detect / mitigate /
/// resolve, total duration, customer-impact duration, service-hours, customer-hours), each
/// with its definition.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  incident impact hk-zone-c
  incident impact hk-zone-c --windows --by level
  incident impact hk-zone-c --sort duration --tz UTC
  incident impact hk-zone-c --format markdown > impact.md
  incident impact hk-zone-c --format json | jq '.[] | {name, minutes}'
  incident impact hk-zone-c --figures --format json
  incident impact my-open-incident --at '2024-05-01 18:00'
  incident impact hk-zone-c --rev main
  incident impact add my-incident --service \"Payments API\" --from 09:12
  incident impact end my-incident \"Payments API\" --at 10:05

Windows with an unknown end are listed but left out of every total (the totals say so);
open windows are counted up to --at. Definitions of every figure: docs/metrics.md.")]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    /// The incident: its id, any unique part of its id, a path to its file, or `-` for a
    /// record on standard input.
    #[arg(required = true)]
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: Option<String>,

    /// Record impact instead of showing it: `add` a window, `end` an open one, or state
    /// that there was `none`.
    #[command(subcommand)]
    pub write: Option<super::impact_write::ImpactWriteCommand>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Show only the figures (JSON: an object keyed by figure name).
    #[arg(long)]
    pub figures: bool,

    /// List every impact window under its service or customer (CSV: one line per window).
    #[arg(long)]
    pub windows: bool,

    /// Group rows: services first, customers first, or by worst level.
    #[arg(long, value_parser = word::<GroupBy>(), value_name = "GROUP")]
    pub by: Option<GroupBy>,

    /// Order rows within a group: by first impact, by impact time (longest first), by name.
    #[arg(long, value_parser = word::<SortKey>(), default_value = SortKey::Start.cli())]
    pub sort: SortKey,

    /// Count open windows up to this time: `09:05` (today), `2024-03-01 09:05`, RFC 3339,
    /// `~09:05`, or a day `2024-03-01` (to its end), in the --tz zone unless a zone follows.
    /// Default: the resolution, else now. See docs/time-input.md.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,

    /// Show times in this zone: UTC, local, an IANA name or an offset like +05:30
    /// (default: the incident's home zone).
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    /// Read the record as it was at git revision REV (a commit, branch or tag: HEAD~2, main),
    /// through `git show REV:path`. See docs/git.md.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    use super::impact_write::{self, ImpactWriteCommand};
    match args.write {
        Some(ImpactWriteCommand::Add(a)) => return impact_write::add(ctx, a),
        Some(ImpactWriteCommand::End(a)) => return impact_write::end(ctx, a),
        Some(ImpactWriteCommand::None(a)) => return impact_write::none(ctx, a),
        None => {}
    }
    // clap requires the incident whenever no subcommand is given.
    let Some(name) = args.incident.as_deref() else {
        return Err(super::CommandError::usage("name the incident"));
    };
    let loaded = ctx.load_at(name, args.rev.as_deref())?;
    let inc = &loaded.incident;
    let zone = zone_for(args.tz.as_deref(), &inc.timezone)?;
    let as_of = super::at_arg(args.at.as_deref(), inc, &zone, ctx.now)?;
    // In the shown zone, so the notes and the figures state the same time.
    let at = incident::model::time::Instant(zone.convert(as_of.at.get()));
    let report = figures::impact(inc, at);
    let opts = Options {
        windows: args.windows,
        by: args.by,
        sort: args.sort,
    };
    let out = match (args.format, args.figures) {
        (Format::Json, true) => json_text(&impact_model::json_figures(&report.figures))?,
        (Format::Json, false) => json_text(&impact_model::json_rows(&report, &opts, &zone))?,
        (Format::Csv, true) => view::figures_csv(&report.figures),
        (Format::Csv, false) => view::csv(&report, &opts, &zone),
        (Format::Markdown, true) => view::markdown_figures(&report.figures),
        (Format::Markdown, false) => view::markdown(&report, &opts, &zone),
        (Format::Table, true) => view::figures_table(&report.figures, &ctx.style),
        (Format::Table, false) => {
            let mut s = view::table(&report, &opts, &zone, &ctx.style);
            for n in impact_model::notes(&report, &zone, impact_model::NotesFor::ImpactCommand) {
                s.push_str(&incident::model::text::visible(&n));
                s.push('\n');
            }
            s.push('\n');
            s.push_str(&view::figures_table(&report.figures, &ctx.style));
            s
        }
    };
    emit(&out)
}
