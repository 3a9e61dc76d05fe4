//! `incident event set|rm`: change or remove one timeline event.

use incident::derive::validate::validate;
use incident::model::change::cite::Cite;
use incident::model::change::events::{self, EventChange};
use incident::model::change::{self};
use incident::model::record::EventKind;
use incident::model::time::when_rfc3339;
use incident::model::time_input::Accept;

use super::word_arg::word;
use super::write_args::{announce, report, tz_arg};
use super::{Context, Outcome};

/// Change or remove a timeline event (`incident log` adds them).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident event set payments e3 --at 09:04 --source grafana\n  incident event set payments e5 --text \"Failover finished\" --kind recovery --important\n  incident event set payments e2 --note \"Time from the pager log, not the chat\"\n  incident event rm payments e7"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: EventCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum EventCommand {
    Set(SetArgs),
    Rm(RmArgs),
}

/// Change an event's time, text, kind, importance, actor, sources or note.
#[derive(Debug, clap::Args)]
#[command(
    group(clap::ArgGroup::new("change").required(true).multiple(true).args(["at", "text", "kind", "important", "not_important", "by", "sources", "note"])),
    after_help = "Examples:\n  incident event set payments e3 --at 09:04\n  incident event set payments e5 --text \"Failover finished\" --kind recovery\n  incident event set payments e5 --not-important\n  incident event set payments e2 --source pager --note \"Time from the pager log\"\n\nA change that makes the event an exact copy of another (same time, kind and text) is refused.\nChanging a time does not move the key moments: set those with `incident moment set`."
)]
pub struct SetArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The event: e1, e2, … (`incident timeline ID --format json` lists the ids).
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::event_ids))]
    pub event: String,

    /// A new time; `HH:MM` is today. See docs/time-input.md.
    #[arg(long, value_name = "TIME", long_help = concat!("A new time: ", crate::time_forms!(), "."))]
    pub at: Option<String>,

    /// A new text.
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,

    /// A new kind.
    #[arg(long, value_parser = word::<EventKind>())]
    pub kind: Option<EventKind>,

    /// Mark it important (shown in short timelines).
    #[arg(long, conflicts_with = "not_important")]
    pub important: bool,

    /// No longer important.
    #[arg(long)]
    pub not_important: bool,

    /// Who did it or reported it (empty: nobody named).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,

    /// A source id from the record's sources (repeat for more; added to those it has).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,

    /// A note: how it is known, a caveat (replaces its note).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Read --at in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

/// Remove an event. One a cause or lesson cites as evidence is refused, naming it.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  incident event rm payments e7")]
pub struct RmArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The event: e1, e2, …
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::event_ids))]
    pub event: String,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    match args.command {
        EventCommand::Set(a) => set(ctx, a),
        EventCommand::Rm(a) => rm(ctx, a),
    }
}

fn set(ctx: &Context, args: SetArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let tz = tz_arg(args.tz.as_deref())?;
    let now = ctx.now;
    let important = match (args.important, args.not_important) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    let done = incident::files::write::update(&path, &validate, |inc| {
        let at = match args.at.as_deref() {
            None => None,
            Some(t) => {
                let zone = change::zone_of(inc, tz.as_ref())?;
                Some(change::user_when(
                    "--at",
                    Some(t),
                    &zone,
                    now,
                    Some(&*inc),
                    Accept::Time,
                )?)
            }
        };
        let c = EventChange {
            at,
            text: args.text.clone(),
            kind: args.kind,
            important,
            actor: args.by.clone(),
            cite: Cite {
                sources: args.sources.clone(),
                note: args.note.clone(),
            },
        };
        events::set_event(inc, &args.event, c)
    })?;
    let e = done.incident.events.iter().find(|e| e.id == done.value);
    let extra: Vec<String> = e
        .map(|e| {
            format!(
                "now: {} {} \"{}\"",
                when_rfc3339(e.at),
                e.kind.label(),
                incident::model::text::one_line(&e.text)
            )
        })
        .into_iter()
        .collect();
    let headline = format!("changed event {} of {}", done.value, done.incident.id);
    announce(
        ctx,
        &report(&headline, &extra, &path, &done),
        done.caveat.as_deref(),
    )
}

fn rm(ctx: &Context, args: RmArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let done = incident::files::write::update(&path, &validate, |inc| {
        events::remove_event(inc, &args.event)
    })?;
    let e = &done.value;
    let headline = format!(
        "removed event {} ({} {} \"{}\") from {}",
        e.id,
        when_rfc3339(e.at),
        e.kind.label(),
        incident::model::text::one_line(&e.text),
        done.incident.id
    );
    announce(
        ctx,
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}
