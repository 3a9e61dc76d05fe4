//! `incident log`: append a timeline event.

use incident::derive::validate::validate;
use incident::model::audience::{ItemKind, mark_written};
use incident::model::change::cite::{self, Cite};
use incident::model::change::{self, NewEvent};
use incident::model::record::EventKind;
use incident::model::time::when_rfc3339;

use super::word_arg::word;
use super::write_args::{announce, report, tz_arg};
use super::{Context, Outcome};

/// Append an event to an incident's timeline (ids e1, e2, …).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident log payments \"Failover to the replica started\"\n  incident log payments \"Paged the DB on-call\" --kind escalation --by alice\n  incident log payments \"Replica lag alarm\" --kind detection --at 09:04 --source grafana --note \"First alarm; the lag began earlier\"\n  incident log payments \"Error rate back to normal\" --at 10:42 --kind recovery --important\n  incident log payments \"Disk filling up\" --at \"2024-03-01 08:10\" --precursor
  incident log payments \"Vendor confirmed the fault\" --at \"after 2024-03-01 10:15 Asia/Tokyo\"\n\n--at takes any form of time, in the incident's home zone or --tz: exact (`10:42`), about (`~10:42`),\na day (`2024-03-01`), a range (`15:20..16:20`), a bound (`after 10:15`, `by 10:30`) or `unknown`.\nA bare HH:MM more than 24 h from the incident's latest recorded time is refused; give the date.\nSee docs/time-input.md.\nSeveral people may log to the same incident at once: writes queue on a lock and none is lost."
)]
pub struct Args {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// What happened.
    pub text: String,

    /// When it happened (default: now); `HH:MM` is today. See docs/time-input.md.
    #[arg(long, value_name = "TIME", long_help = concat!("When it happened (default: now): ", crate::time_forms!(), "."))]
    pub at: Option<String>,

    /// What kind of event it is.
    #[arg(long, value_parser = word::<EventKind>(), default_value = EventKind::Note.cli())]
    pub kind: EventKind,

    /// A source id from the record's sources (repeat for more).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,

    /// Who did it or reported it (default: `git config user.name` in a git repository, else
    /// your login name).
    #[arg(long, visible_alias = "by", value_name = "NAME")]
    pub actor: Option<String>,

    /// A note: how it is known, why it matters, a caveat.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Log it even if the record has an event with the same time, kind and text.
    #[arg(long)]
    pub duplicate: bool,

    /// The event's id (default: the next of e1, e2, …): a name other facts can link to, such as
    /// `first-alarm`. Letters, digits, `-` and `_`.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Mark the event as important (shown in short timelines).
    #[arg(long)]
    pub important: bool,

    /// The event came before the incident started (an early warning).
    #[arg(long)]
    pub precursor: bool,

    /// Read --at in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    /// Keep the event out of public documents (`--audience public`).
    #[arg(long)]
    pub internal: bool,
    #[command(flatten)]
    pub facts: super::event_flags::EventFlags,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let tz = tz_arg(args.tz.as_deref())?;
    let now = ctx.now;
    let mut when = None;
    let mut marked = None;
    let actor = super::status::actor(args.actor.clone(), &path);
    let cite = Cite {
        sources: args.sources.clone(),
        note: args.note.clone(),
    };
    let done = incident::files::write::update(&path, &validate, |inc| {
        cite.check(inc)?;
        let at = change::at_of(inc, tz.as_ref(), args.at.as_deref(), now)?;
        when = Some(at);
        marked = change::note_key_moment(inc, args.kind, at);
        let mut id = change::append_event(
            inc,
            NewEvent {
                at,
                kind: args.kind,
                text: args.text.clone(),
                actor: actor.clone(),
                sources: args.sources.clone(),
                important: args.important,
                precursor: args.precursor,
            },
        );
        if let Some(named) = &args.id {
            incident::model::fact_change::name_event(inc, inc.events.len() - 1, named)?;
            id = named.clone();
        }
        cite.on_event(inc, &id);
        args.facts
            .apply(inc, inc.events.len() - 1, tz.as_ref(), now)?;
        if !args.duplicate
            && let Some(new) = inc.events.last()
            && let Some(old) = cite::duplicate_of(inc, new)
        {
            return Err(incident::model::change::events::duplicate(old));
        }
        mark_written(inc, ItemKind::Event, id, args.internal)
    })?;
    let at = when.map(when_rfc3339).unwrap_or_default();
    let headline = format!("logged {} at {at} in {}", done.value, done.incident.id);
    let extra: Vec<String> = marked
        .map(|(m, before)| match before {
            None => format!("set moments.{} to {at}", m.field()),
            Some(b) => format!(
                "moved moments.{} earlier, from {} to {at}: this is the earliest {} event",
                m.field(),
                when_rfc3339(b),
                args.kind.label()
            ),
        })
        .into_iter()
        .collect();
    announce(
        ctx,
        &report(&headline, &extra, &path, &done),
        done.caveat.as_deref(),
    )
}
