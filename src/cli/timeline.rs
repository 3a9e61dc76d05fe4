//! `incident timeline`: the events of one incident in order, in any time zone, or its
//! impact chart.

use incident::derive::timeline::{self, Filter};
use incident::model::record::EventKind;
use incident::render::{chart, timeline as render};

use super::{CommandError, Context, Format, Outcome, emit, zone_for};

/// Print the timeline of one incident, or its impact chart (--chart).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  incident timeline hk-zone-c
  incident timeline hk-zone-c --tz UTC
  incident timeline hk-zone-c --tz America/Los_Angeles --important
  incident timeline hk-zone-c --kind recovery --since \"2022-12-18 10:00\" --until \"2022-12-18 19:00\"
  incident timeline hk-zone-c --format json
  incident timeline hk-zone-c --chart
  incident timeline hk-zone-c --chart --format markdown   # a Mermaid gantt block

Times are shown in the incident's home zone unless --tz says otherwise. Elapsed time
(T+hh:mm) counts from the start of impact (moments.started). See docs/timeline.md.")]
pub struct Args {
    /// The incident: its id, any unique part of its id, or a path to its file.
    pub incident: String,

    /// Output format; with --chart, `table` draws on the terminal and `markdown` writes Mermaid.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Show times in this zone: UTC, local, an IANA name (Europe/London) or an offset (+05:30).
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    /// Only events of this kind (repeatable).
    #[arg(long, value_name = "KIND", value_parser = kind_parser())]
    pub kind: Vec<String>,

    /// Only events at or after TIME: RFC 3339, `YYYY-MM-DD HH:MM` or `HH:MM` (today), in the
    /// zone shown. See docs/time-input.md.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,

    /// Only events at or before TIME (same forms as --since).
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,

    /// Only important events.
    #[arg(long)]
    pub important: bool,

    /// Draw the impact chart: every affected service and customer on one time axis.
    #[arg(long, conflicts_with_all = ["kind", "since", "until", "important"])]
    pub chart: bool,
}

fn kind_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(EventKind::ALL.map(|k| k.label()))
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let loaded = ctx.load(&args.incident)?;
    let inc = &loaded.incident;
    let zone = zone_for(args.tz.as_deref(), &inc.timezone)?;

    if args.chart {
        let Some(layout) = incident::derive::chart::layout(inc, &zone) else {
            return Err(CommandError::user(format!(
                "{} has no impact window or important event with a time to chart",
                inc.id
            )));
        };
        return match args.format {
            Format::Table => emit(&chart::terminal(&layout, &ctx.style)),
            Format::Markdown => emit(&chart::mermaid(&layout)),
            Format::Csv | Format::Json => Err(CommandError::usage(
                "--chart is drawn as a table (terminal) or markdown (Mermaid)",
            )
            .hinted("use --format table or markdown")),
        };
    }

    let kinds = args
        .kind
        .iter()
        .filter_map(|k| EventKind::ALL.into_iter().find(|x| x.label() == k))
        .collect();
    // Typed times are read in the zone shown, by the one rule for typed times.
    let read = |s: &Option<String>, flag: &'static str| -> Result<_, CommandError> {
        s.as_deref()
            .map(|s| super::time_arg(flag, s, inc, &zone, ctx.now).map(|t| t.get()))
            .transpose()
    };
    let filter = Filter {
        kinds,
        since: read(&args.since, "--since")?,
        until: read(&args.until, "--until")?,
        important_only: args.important,
    };
    let tl = timeline::build(inc, &zone, &filter);
    let text = match args.format {
        Format::Table => render::table(&tl, &ctx.style),
        Format::Markdown => render::markdown(&tl),
        Format::Csv => render::csv(&tl),
        Format::Json => render::json(&tl),
    };
    emit(&text)
}
