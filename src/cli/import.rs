//! `incident import text|slack|statuspage`: bring a timeline that already exists elsewhere
//! into a record, safely (one locked, atomic write; nothing written on any error) and
//! repeatably (an item whose origin the record holds is not added again).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use incident::derive::import::{self as mapping, SlackOptions};
use incident::derive::validate::validate;
use incident::files::import::{ImportError, slack, statuspage, text};
use incident::model::change::{self, Import, ImportOutcome, NewRecord};
use incident::model::record::{Incident, IncidentKind, Severity};
use incident::model::time::{Zone, when_rfc3339};
use incident::model::time_input::Edge;

use super::word_arg::word;
use super::write_args::{date_arg, shown, tz_arg, warning_lines};
use super::{CommandError, Context, Outcome, emit};

/// Import a timeline from a chat log, a Slack export or a status page.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident import text chat.log --date 2024-03-01 --tz Europe/Berlin --into payments\n  incident import slack export/ --channel inc-payments --into payments --important-reaction pushpin\n  incident import statuspage incidents.json\n\nImporting the same input again adds nothing: every imported event keeps its origin.\n--dry-run shows what would be added and changes nothing. See docs/import.md."
)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub command: ImportCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    Text(TextArgs),
    Slack(SlackArgs),
    Statuspage(StatuspageArgs),
}

/// Where imported events go: an existing record, or a new one.
#[derive(Debug, clap::Args)]
#[group(required = true, multiple = false)]
pub struct Target {
    /// Add to this incident (its id, a unique part of it, or a path).
    #[arg(long, value_name = "ID", add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub into: Option<String>,

    /// Create a new record (give --title); it starts at the first imported message.
    #[arg(long, requires = "title")]
    pub new: bool,
}

/// What a new record is called and how bad it was.
#[derive(Debug, clap::Args)]
pub struct NewRecordArgs {
    /// The new record's title (with --new).
    #[arg(long, requires = "new")]
    pub title: Option<String>,

    /// The new record's severity (with --new): a level of the team's scale (`incident config
    /// show`); built in: sev1 (worst) to sev4. Default: sev3, or the middle level of a team's
    /// scale.
    #[arg(long, value_name = "LEVEL", requires = "new")]
    pub severity: Option<String>,
}

/// Import a chat or terminal log: `[HH:MM] <nick> text`, `HH:MM:SS nick: text` or
/// `YYYY-MM-DD HH:MM text`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident import text irc.log --date 2024-03-01 --into payments\n  incident import text shell.log --format dated --tz UTC --new --title \"Disk full on db-2\"\n  incident import text - --date 2024-03-01 --into payments --dry-run < chat.txt\n\nThe shape is detected from the first message line unless --format gives it. A line that does\nnot start with a time continues the message before it. A time more than an hour earlier than\nthe one before moves to the next day (the log passed midnight). Times are read in --tz, else\nthe record's home zone (UTC for --new)."
)]
pub struct TextArgs {
    /// The log file, or `-` for standard input.
    pub file: PathBuf,

    /// The date of the first message, YYYY-MM-DD (not needed when every line has its date).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub date: Option<NaiveDate>,

    /// Read the times in this zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    /// The shape of the lines (default: detected).
    #[arg(long, value_parser = word::<text::ChatFormat>())]
    pub format: Option<text::ChatFormat>,

    #[command(flatten)]
    pub target: Target,

    #[command(flatten)]
    pub record: NewRecordArgs,

    /// Print what would be added; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Import one channel of a Slack workspace export (users.json, channels.json, CHANNEL/*.json).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident import slack export/ --channel inc-payments --into payments\n  incident import slack export/ --channel inc-payments --since \"2024-03-01 09:00\" --until 2024-03-02 --new --title \"Payments outage\"\n  incident import slack export/ --channel inc-payments --into payments --important-reaction pushpin --include-bots --dry-run\n\nThreads follow their parent. Joins, leaves and bot posts are left out unless asked for.\nPinned messages, and messages with an --important-reaction, are marked important."
)]
pub struct SlackArgs {
    /// The export's folder (unzipped).
    pub export: PathBuf,

    /// The channel's name (or id).
    #[arg(long, value_name = "NAME")]
    pub channel: String,

    /// Only messages from this time on (a day, or a date and time; see docs/time-input.md).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,

    /// Only messages before this time (a day means up to its end).
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,

    /// A reaction that marks a message important, without colons (repeat for more).
    #[arg(long = "important-reaction", value_name = "NAME")]
    pub important_reactions: Vec<String>,

    /// Keep channel joins and leaves.
    #[arg(long)]
    pub include_joins: bool,

    /// Keep messages from bots and integrations.
    #[arg(long)]
    pub include_bots: bool,

    /// Show times in this zone (default: the record's home zone; UTC for --new).
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    #[command(flatten)]
    pub target: Target,

    #[command(flatten)]
    pub record: NewRecordArgs,

    /// Print what would be added; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Import Atlassian Statuspage incidents (incidents.json, summary.json or one incident).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  curl -s https://status.example.com/api/v2/incidents.json | incident import statuspage -\n  incident import statuspage incident.json --into payments\n  incident import statuspage summary.json --maintenance --dry-run\n\nOne record per incident (id: start date and a slug of the name); a record that already exists\nwith that id is added to, so importing again adds nothing. Severity from impact: critical Sev1,\nmajor Sev2, minor Sev3, none Sev4; the provider's word is kept as a tag. See docs/import.md."
)]
pub struct StatuspageArgs {
    /// The JSON file, or `-` for standard input.
    pub file: PathBuf,

    /// Add the (single) incident to this record instead of one record per incident.
    #[arg(long, value_name = "ID", add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub into: Option<String>,

    /// Import scheduled maintenances too (skipped by default).
    #[arg(long)]
    pub maintenance: bool,

    /// The home zone of new records (default: the page's time_zone, else UTC).
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    /// Print what would be added; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(ctx: &Context, args: ImportArgs) -> Outcome {
    match args.command {
        ImportCommand::Text(a) => run_text(ctx, a),
        ImportCommand::Slack(a) => run_slack(ctx, a),
        ImportCommand::Statuspage(a) => run_statuspage(ctx, a),
    }
}

fn run_text(ctx: &Context, args: TextArgs) -> Outcome {
    let label = input_label(&args.file);
    let log = if args.file == Path::new("-") {
        text::read_chat(Path::new("-"), std::io::stdin().lock(), args.format)?
    } else {
        let file = std::fs::File::open(&args.file).map_err(|e| ImportError::Io {
            path: args.file.clone(),
            source: e,
        })?;
        text::read_chat(&args.file, std::io::BufReader::new(file), args.format)?
    };
    let existing = existing(ctx, args.target.into.as_deref())?;
    let zone = zone_of(args.tz.as_deref(), existing.as_ref().map(|(_, inc)| inc))?;
    let events = mapping::chat_events(&log, args.date, &zone, &label, &args.file)?;
    let import = Import {
        source: mapping::chat_source(&label, log.format),
        events,
        services: Vec::new(),
        moments: Default::default(),
        tags: Vec::new(),
        provider_severity: None,
        references: Vec::new(),
    };
    finish(ctx, existing, import, &args.record, &zone, args.dry_run)
}

fn run_slack(ctx: &Context, args: SlackArgs) -> Outcome {
    let existing = existing(ctx, args.target.into.as_deref())?;
    let zone = zone_of(args.tz.as_deref(), existing.as_ref().map(|(_, inc)| inc))?;
    let read_time = |flag: &'static str, value: &str, edge: Edge| {
        let reference = existing.as_ref().map(|(_, inc)| inc);
        incident::model::time_input::read_view_time(
            value,
            &zone,
            ctx.now,
            reference.and_then(incident::model::time_input::latest_recorded),
            edge,
        )
        .map_err(|e| super::error::time_error(flag, &e))
    };
    let since = args
        .since
        .as_deref()
        .map(|s| read_time("--since", s, Edge::Since))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|s| read_time("--until", s, Edge::AsOf))
        .transpose()?;
    // Day files are named by UTC date; a day either side covers every zone.
    let days = match (since, until) {
        (None, None) => None,
        (s, u) => Some((
            s.map_or(NaiveDate::MIN, |t| {
                t.get()
                    .to_utc()
                    .date_naive()
                    .pred_opt()
                    .unwrap_or(NaiveDate::MIN)
            }),
            u.map_or(NaiveDate::MAX, |t| {
                t.get()
                    .to_utc()
                    .date_naive()
                    .succ_opt()
                    .unwrap_or(NaiveDate::MAX)
            }),
        )),
    };
    let channel = slack::read_channel(&args.export, &args.channel, days)?;
    let opts = SlackOptions {
        since,
        until,
        joins: args.include_joins,
        bots: args.include_bots,
        important_reactions: args
            .important_reactions
            .iter()
            .map(|r| r.trim_matches(':').to_string())
            .collect(),
    };
    let import = Import {
        source: mapping::slack_source(&channel, &input_label(&args.export)),
        events: mapping::slack_events(&channel, &opts, &zone),
        services: Vec::new(),
        moments: Default::default(),
        tags: Vec::new(),
        provider_severity: None,
        references: Vec::new(),
    };
    finish(ctx, existing, import, &args.record, &zone, args.dry_run)
}

fn run_statuspage(ctx: &Context, args: StatuspageArgs) -> Outcome {
    let doc = if args.file == Path::new("-") {
        statuspage::read(Path::new("-"), std::io::stdin().lock())?
    } else {
        let file = std::fs::File::open(&args.file).map_err(|e| ImportError::Io {
            path: args.file.clone(),
            source: e,
        })?;
        statuspage::read(&args.file, file)?
    };
    let total = doc.incidents.len();
    let chosen: Vec<&statuspage::Incident> = doc
        .incidents
        .iter()
        .map(|(_, i)| i)
        .filter(|i| args.maintenance || !i.is_maintenance())
        .collect();
    let skipped = total - chosen.len();
    let mut notes = String::new();
    if skipped > 0 {
        notes.push_str(&format!(
            "skipped {skipped} scheduled maintenance{} (import them with --maintenance)\n",
            if skipped == 1 { "" } else { "s" }
        ));
    }
    if let Some(into) = &args.into {
        let [one] = chosen.as_slice() else {
            return Err(CommandError::usage(format!(
                "--into takes one incident; the input has {}",
                chosen.len()
            ))
            .hinted("leave out --into to make one record per incident"));
        };
        let (path, inc) =
            existing(ctx, Some(into))?.ok_or_else(|| CommandError::internal("no record"))?;
        let zone = zone_of(args.tz.as_deref(), Some(&inc))?;
        let plan = mapping::statuspage_record(doc.page.as_ref(), one, &zone);
        ctx.tell(&notes)?;
        return write_into(ctx, &path, inc, plan.import, args.dry_run);
    }
    let dir = ctx.dir()?;
    let page_zone = doc
        .page
        .as_ref()
        .and_then(|p| p.time_zone.as_deref())
        .and_then(|z| incident::model::time::parse_iana(z).ok());
    let zone_tz = match args.tz.as_deref() {
        Some(z) => incident::model::time::parse_iana(z)?,
        None => page_zone.unwrap_or(chrono_tz::UTC),
    };
    let zone = Zone::Named(zone_tz);
    ctx.tell(&notes)?;
    let scale = super::conventions::scale(ctx)?;
    for one in chosen {
        let plan = mapping::statuspage_record(doc.page.as_ref(), one, &zone);
        let id = change::record_id(plan.started, &zone, &plan.title, ctx.now)?;
        let path = dir.join(format!("{id}.ron"));
        if path.exists() {
            let inc = ctx.load(&path.display().to_string())?.incident;
            write_into(ctx, &path, inc, plan.import, args.dry_run)?;
            continue;
        }
        let mut inc = change::new_record(&NewRecord {
            title: plan.title.clone(),
            severity: scale.from_builtin(&plan.severity),
            kind: IncidentKind::Real,
            started: plan.started,
            timezone: zone_tz.name().to_string(),
            zone,
            now: ctx.now,
        })?;
        inc.status = plan.status;
        // The start moment comes from the import, with its note and source.
        inc.moments.started = None;
        create(ctx, &path, inc, plan.import, args.dry_run)?;
    }
    Ok(())
}

/// The record `--into` names, read, with its path.
fn existing(
    ctx: &Context,
    into: Option<&str>,
) -> Result<Option<(PathBuf, Incident)>, CommandError> {
    let Some(name) = into else { return Ok(None) };
    let path = ctx.resolve(name)?;
    let inc = ctx.load(&path.display().to_string())?.incident;
    Ok(Some((path, inc)))
}

/// `--tz`, else the record's home zone, else UTC.
fn zone_of(tz: Option<&str>, inc: Option<&Incident>) -> Result<Zone, CommandError> {
    if let Some(z) = tz_arg(tz)? {
        return Ok(z);
    }
    match inc {
        Some(inc) => Ok(change::zone_of(inc, None)?),
        None => Ok(Zone::Utc),
    }
}

/// What a file is called in origins and sources: its file name (so the same log imported
/// from another folder has the same origins), or `stdin`.
fn input_label(file: &Path) -> String {
    if file == Path::new("-") {
        return "stdin".to_string();
    }
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string())
}

/// Writes an import into the record `--into` named, or into a new record.
fn finish(
    ctx: &Context,
    existing: Option<(PathBuf, Incident)>,
    import: Import,
    record: &NewRecordArgs,
    zone: &Zone,
    dry_run: bool,
) -> Outcome {
    if let Some((path, inc)) = existing {
        return write_into(ctx, &path, inc, import, dry_run);
    }
    let Some(first) = import
        .events
        .iter()
        .map(|e| e.at)
        .min_by(|a, b| a.chronological(*b))
    else {
        return Err(
            CommandError::user("nothing to import: the input holds no messages")
                .hinted("check --channel, --since and --until, or the file"),
        );
    };
    let title = record.title.clone().unwrap_or_default();
    let timezone = match zone {
        Zone::Named(tz) => tz.name().to_string(),
        _ => "UTC".to_string(),
    };
    let inc = change::new_record(&NewRecord {
        title,
        severity: match &record.severity {
            Some(typed) => super::conventions::severity(ctx, "--severity", typed)?,
            None => {
                let scale = super::conventions::scale(ctx)?;
                let middle = scale.levels.len() / 2;
                match scale.levels.get(if scale.builtin { 2 } else { middle }) {
                    Some(l) => Severity::new(l.name.clone()),
                    None => Severity::builtin(2),
                }
            }
        },
        kind: IncidentKind::Real,
        started: first,
        timezone,
        zone: *zone,
        now: ctx.now,
    })?;
    let path = ctx.dir()?.join(format!("{}.ron", inc.id));
    create(ctx, &path, inc, import, dry_run)
}

/// Applies the import to the record at `path` under its lock (one atomic write), or with
/// `dry_run` to a copy of `inc`, and reports.
fn write_into(ctx: &Context, path: &Path, inc: Incident, import: Import, dry_run: bool) -> Outcome {
    if dry_run {
        let mut copy = inc;
        let outcome = change::apply_import(&mut copy, import);
        return emit(&dry_run_text(&copy, &outcome, path));
    }
    let done = incident::files::write::update(path, &validate, |inc| {
        Ok(change::apply_import(inc, import))
    })?;
    let mut out = headline(&done.value, &done.incident.id, path);
    out.push_str(&warning_lines(&done.new_warnings));
    super::write_args::announce(ctx, &out, done.caveat.as_deref())
}

/// Creates a new record holding the import, or with `dry_run` shows it.
fn create(ctx: &Context, path: &Path, mut inc: Incident, import: Import, dry_run: bool) -> Outcome {
    let outcome = change::apply_import(&mut inc, import);
    if dry_run {
        return emit(&dry_run_text(&inc, &outcome, path));
    }
    let created = incident::files::write::create(path, &inc, &validate)?;
    let mut out = format!("created {}\n", shown(path));
    out.push_str(&headline(&outcome, &inc.id, path));
    out.push_str(&warning_lines(&created.warnings));
    // The record is written: a failure to print its id is said, not an error.
    if let Err(e) = emit(&format!("{}\n", inc.id)) {
        out.push_str(&format!(
            "warning: the id could not be printed: {}\n",
            e.message
        ));
    }
    super::write_args::announce(ctx, &out, created.caveat.as_deref())
}

fn headline(o: &ImportOutcome, id: &str, path: &Path) -> String {
    let mut out = format!(
        "imported {} event{} into {id} ({} already there)\n  file: {}\n",
        o.added.len(),
        if o.added.len() == 1 { "" } else { "s" },
        o.already,
        shown(path)
    );
    for line in outcome_lines(o) {
        out.push_str(&format!("  {line}\n"));
    }
    if o.is_empty() {
        out.push_str("  (nothing new; the file is unchanged)\n");
    }
    out
}

fn outcome_lines(o: &ImportOutcome) -> Vec<String> {
    let mut lines = Vec::new();
    if o.precursors > 0 {
        lines.push(format!(
            "{} before the start, marked precursor",
            o.precursors
        ));
    }
    if !o.services_added.is_empty() {
        lines.push(format!("services added: {}", o.services_added.join(", ")));
    }
    if o.windows_added > 0 {
        lines.push(format!("impact windows added: {}", o.windows_added));
    }
    if !o.moments_set.is_empty() {
        let names: Vec<&str> = o.moments_set.iter().map(|m| m.field()).collect();
        lines.push(format!("moments set: {}", names.join(", ")));
    }
    if o.references_added > 0 {
        lines.push(format!("references added: {}", o.references_added));
    }
    if o.provider_severity_set {
        lines.push("the provider's severity label recorded".to_string());
    }
    if !o.tags_added.is_empty() {
        lines.push(format!("tags added: {}", o.tags_added.join(", ")));
    }
    if o.source_added {
        lines.push("the input is recorded as a source".to_string());
    }
    lines
}

/// What a dry run prints: the events that would be added, one a line, and the rest.
fn dry_run_text(inc: &Incident, o: &ImportOutcome, path: &Path) -> String {
    let mut out = format!(
        "dry run: would import {} event{} into {} ({} already there); nothing was changed\n  file: {}\n",
        o.added.len(),
        if o.added.len() == 1 { "" } else { "s" },
        inc.id,
        o.already,
        shown(path)
    );
    for line in outcome_lines(o) {
        out.push_str(&format!("  {line}\n"));
    }
    let added: std::collections::HashSet<&str> = o.added.iter().map(String::as_str).collect();
    for e in inc.events.iter().filter(|e| added.contains(e.id.as_str())) {
        let actor = e
            .actor
            .as_deref()
            .map(|a| format!("{a}: "))
            .unwrap_or_default();
        let mark = if e.important { " [important]" } else { "" };
        out.push_str(&format!(
            "+ {} {} {actor}{}{mark}\n",
            e.id,
            when_rfc3339(e.at),
            incident::model::text::one_line(&e.text)
        ));
    }
    out
}
