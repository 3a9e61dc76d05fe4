//! `incident moment set|unset`: the key moments — started, detected, mitigated, resolved.

use incident::derive::validate::validate;
use incident::model::change;
use incident::model::record::MomentName;
use incident::model::time::when_rfc3339;
use incident::model::time_input::Accept;

use super::word_arg::word;
use super::write_args::{announce, report, tz_arg};
use super::{Context, Outcome};

/// Set or remove a key moment: when impact started, was detected, was mitigated, was resolved.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident moment set payments detected --at 09:04\n  incident moment set payments started --at \"~08:55\" --note \"First errors in the logs\" --source grafana\n  incident moment set payments mitigated --at unknown   # it happened; no source says when\n  incident moment set payments resolved --at \"after 2024-03-02 08:45\"\n  incident moment unset payments mitigated\n\n--at takes any form of time (docs/time-input.md), `unknown` included. Setting `resolved` does\nnot change the status: `incident resolve` does both and logs the resolution."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: MomentCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum MomentCommand {
    Set(SetArgs),
    Unset(UnsetArgs),
}

/// Set a key moment to a time (any form, `unknown` included), with a note and sources.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident moment set payments detected --at 09:04\n  incident moment set payments started --at unknown --note \"The fault began before any alarm\""
)]
pub struct SetArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// Which moment.
    #[arg(value_parser = word::<MomentName>())]
    pub moment: MomentName,

    /// When (required); `HH:MM` is today. See docs/time-input.md.
    #[arg(long, value_name = "TIME", long_help = concat!("When: ", crate::time_forms!(), "."))]
    pub at: String,

    /// Why this time: what it stands for, or why it is uncertain (replaces the note).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// A source id from the record's sources (repeat for more; added to those it has).
    #[arg(long = "source", value_name = "SRC")]
    pub sources: Vec<String>,

    /// Read --at in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

/// Remove a key moment (it has not happened, or was recorded by mistake).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  incident moment unset payments mitigated")]
pub struct UnsetArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// Which moment.
    #[arg(value_parser = word::<MomentName>())]
    pub moment: MomentName,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    match args.command {
        MomentCommand::Set(a) => set(ctx, a),
        MomentCommand::Unset(a) => unset(ctx, a),
    }
}

fn set(ctx: &Context, args: SetArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let tz = tz_arg(args.tz.as_deref())?;
    let now = ctx.now;
    let mut when = None;
    let done = incident::files::write::update(&path, &validate, |inc| {
        let zone = change::zone_of(inc, tz.as_ref())?;
        let at = change::user_when(
            "--at",
            Some(&args.at),
            &zone,
            now,
            Some(&*inc),
            Accept::Time,
        )?;
        when = Some(at);
        change::known_sources(inc, &args.sources)?;
        Ok(change::set_moment(
            inc,
            args.moment,
            at,
            args.note.clone(),
            args.sources.clone(),
        ))
    })?;
    let at = when.map(when_rfc3339).unwrap_or_default();
    let was = match done.value.before {
        Some(b) if Some(b) != when => format!(" (was {})", when_rfc3339(b)),
        Some(_) => " (unchanged)".to_string(),
        None => String::new(),
    };
    let headline = format!(
        "set moments.{} of {} to {at}{was}",
        args.moment.field(),
        done.incident.id
    );
    announce(
        ctx,
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}

fn unset(ctx: &Context, args: UnsetArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let done = incident::files::write::update(&path, &validate, |inc| {
        Ok(change::unset_moment(inc, args.moment))
    })?;
    let headline = match done.value {
        Some(b) => format!(
            "removed moments.{} ({}) from {}",
            args.moment.field(),
            when_rfc3339(b),
            done.incident.id
        ),
        None => format!(
            "moments.{} of {} was not set",
            args.moment.field(),
            done.incident.id
        ),
    };
    announce(
        ctx,
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}
