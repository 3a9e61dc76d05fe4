//! `incident timeline`: the events of one incident in order, in any time zone, or its
//! impact chart.

use incident::derive::timeline::{self, Filter};
use incident::model::record::EventKind;
use incident::model::time_input::Edge;
use incident::render::{chart, timeline as render};

use super::word_arg::word;
use super::{CommandError, Context, Outcome, emit, zone_for};

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
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// Output format; with --chart, `table` draws on the terminal, `mermaid` writes a Mermaid
    /// gantt chart alone and `markdown` the same with its caption, in a fenced block.
    #[arg(long, value_enum, default_value_t = TimelineFormat::Table)]
    pub format: TimelineFormat,

    /// Show times in this zone: UTC, local, an IANA name (Europe/London) or an offset (+05:30).
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    /// Only events of this kind (repeatable).
    #[arg(long, value_name = "KIND", value_parser = word::<EventKind>())]
    pub kind: Vec<EventKind>,

    /// Only events at or after TIME (a day or range when any part is): `09:05` (today), `2022-12-18 09:05`, RFC 3339,
    /// `~09:05`, or a day `2022-12-18` (from its start), in the zone shown unless a zone
    /// follows. See docs/time-input.md.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,

    /// Only events at or before TIME (same forms as --since; a day reaches to its end).
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,

    /// Only important events.
    #[arg(long)]
    pub important: bool,

    /// Draw the impact chart: every affected service and customer on one time axis.
    #[arg(long, conflicts_with_all = ["kind", "since", "until", "important"])]
    pub chart: bool,
}

/// The formats of `timeline`: those of every data view, and Mermaid for the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TimelineFormat {
    Table,
    Markdown,
    Csv,
    Json,
    Mermaid,
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
            TimelineFormat::Table => emit(&chart::terminal(&layout, &ctx.style)),
            TimelineFormat::Markdown => emit(&chart::mermaid(&layout)),
            TimelineFormat::Mermaid => emit(&mermaid_only(&chart::mermaid(&layout))),
            TimelineFormat::Csv | TimelineFormat::Json => Err(CommandError::usage(
                "--chart is drawn as a table (terminal), mermaid, or markdown (Mermaid in a fenced block)",
            )
            .hinted("use --format table, mermaid or markdown")),
        };
    }
    if args.format == TimelineFormat::Mermaid {
        return Err(
            CommandError::usage("--format mermaid draws the impact chart")
                .hinted("add --chart: incident timeline ID --chart --format mermaid"),
        );
    }

    // Typed times are read in the zone shown, by the one rule for typed times.
    let read = |s: &Option<String>, flag: &'static str, edge| -> Result<_, CommandError> {
        s.as_deref()
            .map(|s| super::view_time_arg(flag, s, inc, &zone, ctx.now, edge).map(|t| t.get()))
            .transpose()
    };
    let filter = Filter {
        kinds: args.kind.clone(),
        since: read(&args.since, "--since", Edge::Since)?,
        until: read(&args.until, "--until", Edge::Until)?,
        important_only: args.important,
    };
    let tl = timeline::build(inc, &zone, &filter);
    let text = match args.format {
        TimelineFormat::Table => render::table(&tl, &ctx.style),
        TimelineFormat::Markdown => render::markdown(&tl),
        TimelineFormat::Csv => render::csv(&tl),
        TimelineFormat::Json | TimelineFormat::Mermaid => render::json(&tl),
    };
    emit(&text)
}

/// The Mermaid source alone, for `mmdc` or a `.mmd` file: the inside of the fenced block that
/// the Markdown form wraps with its caption.
fn mermaid_only(markdown: &str) -> String {
    let inside = markdown
        .split_once("```mermaid\n")
        .map_or(markdown, |(_, rest)| rest);
    let inside = inside.rsplit_once("```").map_or(inside, |(body, _)| body);
    inside.to_string()
}
