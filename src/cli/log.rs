//! `incident log`: append a timeline event.

use incident::derive::validate::validate;
use incident::model::change::{self, NewEvent};

use super::write_args::{EventKindArg, announce, report, tz_arg};
use super::{Context, Outcome};

/// Append an event to an incident's timeline (ids e1, e2, …).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident log payments \"Failover to the replica started\"\n  incident log payments \"Paged the DB on-call\" --kind escalation --actor alice\n  incident log payments \"Error rate back to normal\" --at 10:42 --kind recovery --important\n  incident log payments \"Disk filling up\" --at \"2024-03-01 08:10\" --precursor\n\n--at takes RFC 3339, `YYYY-MM-DD HH:MM` or `HH:MM` (today) in the incident's home zone, or in --tz.\nA bare HH:MM more than 24 h from the incident's latest recorded time is refused; give the date.\nSee docs/time-input.md.\nSeveral people may log to the same incident at once: writes queue on a lock and none is lost."
)]
pub struct Args {
    /// The incident: its id, any unique part of its id, or a path to its file.
    pub incident: String,

    /// What happened.
    pub text: String,

    /// When it happened (default: now); `HH:MM` is today. See docs/time-input.md.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,

    /// What kind of event it is.
    #[arg(long, value_enum, ignore_case = true, default_value_t = EventKindArg::Note)]
    pub kind: EventKindArg,

    /// A source id from the record's sources (repeat for more).
    #[arg(long = "source", value_name = "SRC")]
    pub sources: Vec<String>,

    /// Who did it or reported it.
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,

    /// Mark the event as important (shown in short timelines).
    #[arg(long)]
    pub important: bool,

    /// The event came before the incident started (an early warning).
    #[arg(long)]
    pub precursor: bool,

    /// Read --at in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let tz = tz_arg(args.tz.as_deref())?;
    let now = ctx.now;
    let mut when = None;
    let mut marked = None;
    let done = incident::files::write::update(&path, &validate, |inc| {
        let zone = change::zone_of(inc, tz.as_ref())?;
        let at = change::user_instant("--at", args.at.as_deref(), &zone, now, Some(&*inc))?;
        when = Some(at);
        marked = change::note_key_moment(inc, args.kind.into(), at);
        Ok(change::append_event(
            inc,
            NewEvent {
                at,
                kind: args.kind.into(),
                text: args.text.clone(),
                actor: args.actor.clone(),
                sources: args.sources.clone(),
                important: args.important,
                precursor: args.precursor,
            },
        ))
    })?;
    let at = when.map(|t| t.rfc3339()).unwrap_or_default();
    let headline = format!("logged {} at {at} in {}", done.value, done.incident.id);
    let extra: Vec<String> = marked
        .map(|m| format!("set moments.{} to {at}", m.field()))
        .into_iter()
        .collect();
    announce(
        &report(&headline, &extra, &path, &done),
        done.caveat.as_deref(),
    )
}
