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
  incident timeline hk-zone-c --event first-alarm --event sprinkler
  incident timeline hk-zone-c --format json
  incident timeline hk-zone-c --chart
  incident timeline hk-zone-c --chart --format markdown   # a Mermaid gantt block
  incident timeline hk-zone-c --rev HEAD~2                # as committed two commits ago
  incident timeline hk-zone-c --as-of \"2022-12-18 12:00\"  # what the record held then
  incident timeline - < draft.ron                         # a record on standard input

Times are shown in the incident's home zone unless --tz says otherwise. Elapsed time
(T+hh:mm) counts from the start of impact (moments.started). See docs/timeline.md.")]
pub struct Args {
    /// The incident: its id, any unique part of its id, a path to its file, or `-` for a
    /// record on standard input.
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

    /// Only the event with this id (repeatable); ids complete in the shell.
    #[arg(long = "event", value_name = "EVENT",
          add = clap_complete::ArgValueCandidates::new(super::complete::event_ids))]
    pub events: Vec<String>,

    /// Draw the impact chart: every affected service and customer on one time axis.
    #[arg(long, conflicts_with_all = ["kind", "since", "until", "important", "events"])]
    pub chart: bool,

    /// Show what the record held at this wall-clock time: its version in the last commit at
    /// or before TIME (by commit date). Same forms as --since; see docs/git.md.
    #[arg(long, value_name = "TIME", conflicts_with = "rev")]
    pub as_of: Option<String>,

    /// Read the record as it was at git revision REV (a commit, branch or tag: HEAD~2, main),
    /// through `git show REV:path`. See docs/git.md.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
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
    let (loaded, commit_note) = match &args.as_of {
        Some(time) => {
            let (loaded, note) = as_of(ctx, &args.incident, time, args.tz.as_deref())?;
            (loaded, Some(note))
        }
        None => (ctx.load_at(&args.incident, args.rev.as_deref())?, None),
    };
    let inc = &loaded.incident;
    let zone = zone_for(args.tz.as_deref(), &inc.timezone)?;
    // Which commit an --as-of view comes from: above a table, on standard error otherwise
    // so that data formats stay data.
    if let Some(note) = &commit_note {
        if args.format == TimelineFormat::Table && !args.chart {
            emit(&format!("{note}\n\n"))?;
        } else {
            ctx.tell(&format!("{note}\n"))?;
        }
    }

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
    // An id that names no event is a typo, not an empty timeline.
    let known: Vec<String> = inc.events.iter().map(|e| e.id.clone()).collect();
    if let Some(missing) = args.events.iter().find(|id| !known.contains(id)) {
        let err = CommandError::user(format!(
            "{} has no event `{}`",
            inc.id,
            incident::model::text::visible(missing)
        ));
        return Err(match super::suggest::did_you_mean(missing, &known) {
            Some(hint) => err.hinted(hint),
            None => err.hinted(format!(
                "its events are listed by `incident timeline {} --format csv` (the id column)",
                inc.id
            )),
        });
    }
    let filter = Filter {
        ids: args.events.clone(),
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

/// The record as it was at wall-clock `time`: its version in the last commit at or before it
/// (commit date), validated, and a line saying which commit that is.
fn as_of(
    ctx: &Context,
    name: &str,
    time: &str,
    tz: Option<&str>,
) -> Result<(incident::files::load::Loaded, String), CommandError> {
    let place = ctx.in_git(name)?;
    // The time is read in the zone shown, with the working record (else the last commit's)
    // as the anchor for a bare time of day.
    let current = place.working().or_else(|_| place.read("HEAD"))?;
    let zone = zone_for(tz, &current.incident.timezone)?;
    let when = super::view_time_arg(
        "--as-of",
        time,
        &current.incident,
        &zone,
        ctx.now,
        Edge::AsOf,
    )?;
    let commits = incident::files::git::log(&place.top, &place.rel)?;
    let committed =
        |c: &incident::files::git::Commit| chrono::DateTime::parse_from_rfc3339(&c.date).ok();
    let Some(commit) = commits
        .iter()
        .find(|c| committed(c).is_some_and(|d| d <= when.get()))
    else {
        let first = commits
            .last()
            .map(|c| format!("its first commit is {} of {}", c.short, c.date))
            .unwrap_or_else(|| "it has no commit yet".to_string());
        return Err(CommandError::user(format!(
            "{} had no commit at or before {}",
            place.rel,
            incident::model::time::when_text(incident::model::time::When::At(when), &zone, true)
        ))
        .hinted(format!("{first}; give a later --as-of")));
    };
    let loaded = super::refuse_errors(place.read_path(&commit.hash, &commit.path)?)?;
    let note = format!(
        "as of {}: commit {} of {} by {} ({})",
        incident::model::time::when_text(incident::model::time::When::At(when), &zone, true),
        commit.short,
        committed(commit).map_or(commit.date.clone(), |d| {
            zone.convert(d).format("%Y-%m-%d %H:%M").to_string()
        }),
        commit.author,
        incident::model::text::visible(&commit.subject)
    );
    Ok((loaded, note))
}
