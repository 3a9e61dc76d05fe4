//! `incident summary`: the postmortem document of one incident, as Markdown, HTML or JSON,
//! or laid out for reading when it goes to a terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use incident::derive::audience::for_audience;
use incident::derive::summary::Summary;
use incident::files::templates::{self, TemplateFile};
use incident::model::audience::Audience;
use incident::render::{reading, summary_html, summary_md, template};

use super::word_arg::word;
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
  incident summary hk-zone-c --rev v1.2 -o postmortem-v1.2.md
  incident summary - < draft.ron
  incident summary hk-zone-c --audience public --hide-customers -o public.md

The same record and options give byte-identical output. Open impact windows are counted up
to the resolution, else to now (or --at); the document says which.

On a terminal the document is laid out for reading (wrapped, tables fitted, the impact chart
drawn); piped, written with -o or given --format markdown it is Markdown. See docs/summary.md.

A team can lay the Markdown and HTML documents out its own way: templates/summary.md.j2 and
templates/summary.html.j2 in the incidents folder are used when present (--builtin ignores
them, --template FILE names another). See docs/templates.md.")]
pub struct Args {
    /// The incident: its id, any unique part of its id, a path to its file, or `-` for a
    /// record on standard input.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// Output format: Markdown (CommonMark with GitHub tables), text laid out for reading in a
    /// terminal, one self-contained HTML page, or JSON. Default: text on a terminal, else
    /// Markdown.
    #[arg(long, value_enum)]
    pub format: Option<SummaryFormat>,

    /// Write to FILE (atomically: a temporary file in the same folder, synced, then renamed)
    /// instead of standard output; `-` is standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Show times in this zone: UTC, local, an IANA name or an offset like +05:30
    /// (default: the incident's home zone).
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    /// Count open windows up to this time: `09:05` (today), `2024-03-01 09:05`, RFC 3339,
    /// `~09:05`, or a day `2024-03-01` (to its end), in the --tz zone unless a zone follows.
    /// Default: the resolution, else now. See docs/time-input.md.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,

    /// Read the record as it was at git revision REV (a commit, branch or tag: HEAD~2, main),
    /// through `git show REV:path`. See docs/git.md.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,

    /// Lay the Markdown or HTML document out with this template file (Jinja syntax, filled
    /// from the view model --format json prints) instead of the team's or the built-in one.
    #[arg(long, value_name = "FILE", conflicts_with = "builtin")]
    pub template: Option<PathBuf>,

    /// Use the built-in layout even when the incidents folder holds a team template.
    #[arg(long)]
    pub builtin: bool,

    /// Who the document is for: `public` leaves out every event, customer, action item,
    /// source and count marked internal, and every mention of them. See docs/summary.md.
    #[arg(long, value_parser = word::<Audience>(), default_value = Audience::Internal.cli())]
    pub audience: Audience,

    /// Name customers `Customer A`, `Customer B`, … (in record order) instead of by name.
    #[arg(long)]
    pub hide_customers: bool,
}

/// The file name of the team's template for a document format, in `templates/` of the
/// incidents folder.
pub fn team_template_name(format: SummaryFormat) -> Option<&'static str> {
    match format {
        SummaryFormat::Markdown => Some("summary.md.j2"),
        SummaryFormat::Html => Some("summary.html.j2"),
        SummaryFormat::Text | SummaryFormat::Json => None,
    }
}

/// The team's template for `format` kept in the incidents folder `dir`, if any.
pub fn team_template(
    dir: &Path,
    format: SummaryFormat,
) -> Result<Option<TemplateFile>, CommandError> {
    let Some(name) = team_template_name(format) else {
        return Ok(None);
    };
    templates::team_template(dir, name).map_err(|e| {
        CommandError::io(
            &format!(
                "cannot read {}",
                templates::folder(dir).join(name).display()
            ),
            &e,
        )
    })
}

/// `summary` rendered with a team template, its error naming the file, line and column.
pub fn with_template(t: &TemplateFile, summary: &Summary) -> Result<String, CommandError> {
    template::render(t, summary).map_err(|e| {
        CommandError::user(e.to_string())
            .hinted("docs/templates.md lists every variable; --builtin uses the built-in layout")
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SummaryFormat {
    Markdown,
    #[value(alias = "terminal")]
    Text,
    Html,
    Json,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let loaded = ctx.load_at(&args.incident, args.rev.as_deref())?;
    let view = for_audience(&loaded.incident, args.audience, args.hide_customers);
    let inc = &*view;
    let zone = zone_for(args.tz.as_deref(), &inc.timezone)?;
    let as_of = super::at_arg(args.at.as_deref(), inc, &zone, ctx.now)?;
    let config = super::conventions::config(ctx)?;
    let summary = incident::derive::summary::build_with(inc, &zone, as_of, &config);
    let to_stdout = args.output.as_deref().is_none_or(|p| p == Path::new("-"));
    let format = match (args.format, &args.template) {
        (Some(f), _) => f,
        // A template given alone says what it lays out by its name.
        (None, Some(t)) if t.to_string_lossy().contains(".html") => SummaryFormat::Html,
        (None, Some(_)) => SummaryFormat::Markdown,
        (None, None) if to_stdout && std::io::stdout().is_terminal() => SummaryFormat::Text,
        (None, None) => SummaryFormat::Markdown,
    };
    let chosen = match (&args.template, args.builtin) {
        (Some(path), _) => Some(templates::read(path).map_err(|e| {
            CommandError::io(&format!("cannot read template {}", path.display()), &e)
        })?),
        (None, true) => None,
        (None, false) => match loaded.path.parent() {
            Some(dir) => team_template(dir, format)?,
            None => None,
        },
    };
    if let Some(t) = &chosen {
        if team_template_name(format).is_none() {
            return Err(
                CommandError::usage("a template lays out the Markdown or HTML document")
                    .hinted("add --format markdown or --format html"),
            );
        }
        let text = with_template(t, &summary)?;
        return write_out(ctx, args.output.as_deref(), &text);
    }
    let text = match format {
        SummaryFormat::Markdown => summary_md::render(&summary),
        SummaryFormat::Text => reading::render(&summary, &ctx.style),
        SummaryFormat::Html => summary_html::render(&summary),
        SummaryFormat::Json => json_text(&summary)?,
    };
    write_out(ctx, args.output.as_deref(), &text)
}

/// Standard output, or the file `-o` names ([`write_output`]).
fn write_out(ctx: &Context, output: Option<&Path>, text: &str) -> Outcome {
    match output {
        None => emit(text),
        Some(p) if p == Path::new("-") => emit(text),
        Some(p) => write_output(ctx, p, text),
    }
}

/// How old a temporary file beside the output must be to count as left over by a write that
/// was stopped, not one still going on.
const LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(60);

/// `-o FILE`: refused unless FILE is a regular file or new and not a record's path; leftovers
/// of an earlier, interrupted write of FILE are removed; then written atomically.
fn write_output(ctx: &Context, path: &Path, text: &str) -> Outcome {
    use incident::files::write;
    use std::io::Write;
    let shown = incident::model::text::visible_path(path);
    let records = ctx.dir().ok();
    write::check_output(path, records.as_deref()).map_err(|e| {
        CommandError::from(e)
            .hinted("give a new file or a regular file outside the incidents folder, or leave out -o to print to standard output")
    })?;
    let mut err = anstream::stderr();
    for old in write::remove_leftovers(path, LEFTOVER_AGE) {
        let _ = writeln!(
            err,
            "note: removed {}, left over by an earlier write of {shown} that was stopped",
            incident::model::text::visible_path(&old)
        );
    }
    let written = write::write_atomic(path, text.as_bytes())
        .map_err(|e| CommandError::from(e).prefixed(&format!("cannot write {shown}")))?;
    if let Some(caveat) = written.caveat {
        let _ = writeln!(err, "warning: {shown} is written, but {caveat}");
    }
    Ok(())
}
