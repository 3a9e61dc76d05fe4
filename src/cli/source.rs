//! `incident source add|set|rm`: the sources an incident's facts come from.

use chrono::NaiveDate;

use incident::derive::validate::validate;
use incident::model::change::sources::{self, NewSource, SourceChange};
use incident::model::record::SourceKind;

use super::word_arg::word;
use super::write_args::{announce, date_arg, report};
use super::{Context, Outcome};

/// Add, change or remove the sources an incident's facts cite.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident source add payments statement --title \"Acme Pay statement\" --url https://acme.example/status/42 --kind official --date 2024-03-02\n  incident source add payments chat --title \"#inc-payments channel\" --kind internal\n  incident log payments \"Failover started\" --source chat\n  incident source set payments statement --publisher \"Acme Pay\"\n  incident source rm payments chat"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: SourceCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum SourceCommand {
    Add(AddArgs),
    Set(SetArgs),
    Rm(RmArgs),
}

/// Add a source: a statement, an article, a chat log, a ticket. Facts cite it by KEY
/// (`--source KEY` on every writer).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident source add payments statement --title \"Acme Pay statement\" --url https://acme.example/status/42 --kind official --date 2024-03-02\n  incident source add payments scmp --title \"Payments outage hits shoppers\" --kind press --publisher \"South China Morning Post\"\n  incident source add payments rfc --title \"RFC 3339\" --further-reading\n\nA source no fact cites is reported (W-rule \"listed but no fact cites it\") unless it is kept\nas further reading."
)]
pub struct AddArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The key facts cite it by: letters, digits, `-`, `_`, `.` (`statement`, `scmp-3203983`).
    pub key: String,

    /// Its title, as published.
    #[arg(long, value_name = "TEXT")]
    pub title: String,

    /// Where to read it.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// Whose word it is (default: internal — the team's own notes, chat and tickets).
    #[arg(long, value_parser = word::<SourceKind>(), default_value = SourceKind::Internal.cli())]
    pub kind: SourceKind,

    /// Who published it: a newspaper, a regulator, the provider.
    #[arg(long, value_name = "NAME")]
    pub publisher: Option<String>,

    /// The day it was published: YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub date: Option<NaiveDate>,

    /// A note: what it covers, how far to trust it.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Keep it as further reading: no fact needs to cite it.
    #[arg(long)]
    pub further_reading: bool,

    /// Keep the source out of public documents (`--audience public`), with every citation of it.
    #[arg(long)]
    pub internal: bool,
}

/// Change a source's title, link, kind, publisher, date or note. An empty value (`--url ""`)
/// removes an optional one.
#[derive(Debug, clap::Args)]
#[command(
    group(clap::ArgGroup::new("change").required(true).multiple(true).args(["title", "url", "kind", "publisher", "date", "note", "further_reading", "cited"])),
    after_help = "Examples:\n  incident source set payments statement --publisher \"Acme Pay\" --date 2024-03-02\n  incident source set payments scmp --kind quoted --note \"Quotes the statement in full\"\n  incident source set payments blog --url \"\"      # no link any more"
)]
pub struct SetArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The source's key.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub key: String,

    /// A new title.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// A new link (empty: none).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// Whose word it is.
    #[arg(long, value_parser = word::<SourceKind>())]
    pub kind: Option<SourceKind>,

    /// Who published it (empty: not said).
    #[arg(long, value_name = "NAME")]
    pub publisher: Option<String>,

    /// The day it was published: YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub date: Option<NaiveDate>,

    /// A new note (empty: none).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Keep it as further reading: no fact needs to cite it.
    #[arg(long, conflicts_with = "cited")]
    pub further_reading: bool,

    /// No longer further reading: facts are expected to cite it.
    #[arg(long)]
    pub cited: bool,
}

/// Remove a source no fact cites. A cited source is refused, naming what cites it.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  incident source rm payments chat")]
pub struct RmArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The source's key.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub key: String,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    match args.command {
        SourceCommand::Add(a) => add(ctx, a),
        SourceCommand::Set(a) => set(ctx, a),
        SourceCommand::Rm(a) => rm(ctx, a),
    }
}

fn add(ctx: &Context, args: AddArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let key = args.key.clone();
    let kind = args.kind;
    let done = incident::files::write::update(&path, &validate, |inc| {
        sources::add_source(
            inc,
            NewSource {
                key: args.key,
                title: args.title,
                url: args.url,
                kind,
                publisher: args.publisher,
                published: args.date,
                note: args.note,
                further_reading: args.further_reading,
                internal: args.internal,
            },
        )
    })?;
    let headline = format!(
        "added source {key} ({}) to {}",
        kind.label(),
        done.incident.id
    );
    let extra = vec![format!(
        "cite it with --source {key} (log, impact add, action add, moment set, set summary, …)"
    )];
    announce(
        ctx,
        &report(&headline, &extra, &path, &done),
        done.caveat.as_deref(),
    )
}

fn set(ctx: &Context, args: SetArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let further_reading = match (args.further_reading, args.cited) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    let change = SourceChange {
        title: args.title,
        url: args.url,
        kind: args.kind,
        publisher: args.publisher,
        published: args.date,
        note: args.note,
        further_reading,
    };
    let done = incident::files::write::update(&path, &validate, |inc| {
        sources::set_source(inc, &args.key, change)
    })?;
    let headline = format!("changed source {} of {}", args.key, done.incident.id);
    announce(
        ctx,
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}

fn rm(ctx: &Context, args: RmArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let done = incident::files::write::update(&path, &validate, |inc| {
        sources::remove_source(inc, &args.key)
    })?;
    let headline = format!(
        "removed source {} (\"{}\") from {}",
        args.key,
        incident::model::text::one_line(&done.value.title),
        done.incident.id
    );
    announce(
        ctx,
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}
