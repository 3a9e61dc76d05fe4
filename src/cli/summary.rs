//! `incident summary`: the postmortem document of one incident, as Markdown, HTML or JSON.

use std::path::{Path, PathBuf};

use incident::render::{summary_html, summary_md};

use super::{CommandError, Context, Outcome, emit, json_text, zone_for};

/// Write the postmortem of one incident as Markdown, HTML or JSON.
///
/// Generated entirely from the record: summary, impact (table, chart and figures), root
/// causes, trigger, contributing factors, detection, resolution, action items, lessons
/// learned, timeline, aftermath and sources, every fact citing its source. Sections the
/// record has nothing for are left out.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  incident summary hk-zone-c
  incident summary hk-zone-c -o postmortem.md
  incident summary hk-zone-c --format html -o postmortem.html
  incident summary hk-zone-c --format json | jq '.action_items[] | {id, status}'
  incident summary hk-zone-c --tz UTC
  incident summary my-open-incident --at '2024-05-01 18:00'

The same record and options give byte-identical output. Open impact windows are counted up
to the resolution, else to now (or --at); the document says which. See docs/summary.md.")]
pub struct Args {
    /// The incident: its id, any unique part of its id, or a path to its file.
    pub incident: String,

    /// Output format: Markdown (CommonMark with GitHub tables), one self-contained HTML page,
    /// or JSON.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Markdown)]
    pub format: SummaryFormat,

    /// Write to FILE (atomically: a temporary file in the same folder, synced, then renamed)
    /// instead of standard output; `-` is standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Show times in this zone: UTC, local, an IANA name or an offset like +05:30
    /// (default: the incident's home zone).
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    /// Count open windows up to this time: RFC 3339, `YYYY-MM-DD HH:MM` or `HH:MM` (today) in
    /// the --tz zone. Default: the resolution, else now. See docs/time-input.md.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SummaryFormat {
    Markdown,
    Html,
    Json,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let loaded = ctx.load(&args.incident)?;
    let inc = &loaded.incident;
    let zone = zone_for(args.tz.as_deref(), &inc.timezone)?;
    let at = super::at_arg(args.at.as_deref(), inc, &zone, ctx.now)?;
    let summary = incident::derive::summary::build(inc, &zone, at, args.at.is_some());
    let text = match args.format {
        SummaryFormat::Markdown => summary_md::render(&summary),
        SummaryFormat::Html => summary_html::render(&summary),
        SummaryFormat::Json => json_text(&summary)?,
    };
    match args.output.as_deref() {
        None => emit(&text),
        Some(p) if p == Path::new("-") => emit(&text),
        Some(p) => incident::files::write::write_atomic(p, text.as_bytes())
            .map(drop)
            .map_err(|e| CommandError::from(e).prefixed(&format!("cannot write {}", p.display()))),
    }
}
