//! `incident impact add` and `incident impact end`: record which services and customers are
//! hit, and since when. (The read-only `incident impact ID` view lives in `impact.rs`.)

use incident::derive::validate::validate;
use incident::model::audience::{ItemKind, mark_written};
use incident::model::change::{self, NewWindow};
use incident::model::record::{Level, TargetKind};
use incident::model::time::{When, when_rfc3339};
use incident::model::time_input::Accept;

use super::word_arg::word;
use super::write_args::{announce, report, tz_arg};
use super::{Context, Outcome};

/// The writing subcommands of `incident impact`.
#[derive(Debug, clap::Subcommand)]
pub enum ImpactWriteCommand {
    Add(AddArgs),
    End(EndArgs),
}

/// Add an impact window to a service or customer (added to the record if new).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident impact add payments --service \"Payments API\" --from 09:12\n  incident impact add payments --customer \"Acme Corp\" --from 09:20 --to 10:05 --level degraded --source statement --note \"EU cards only\"
  incident impact add payments --customer \"Macau shops\" --from \"~2024-03-01 12:00\" --to \"by 2024-03-03 12:00\"\n\nWithout --to (or with --to ongoing) the window stays open (`Open`) until `incident impact end`.\nTimes take any form, in the home zone or --tz: exact (`09:20`), about (`~09:20`), a day (`2024-03-01`),\na range (`15:20..16:20`), a bound (`after 10:15`, `by 10:30`) or `unknown`.\nA bare HH:MM more than 24 h from the incident's latest recorded time is refused; give the date.\nSee docs/time-input.md."
)]
pub struct AddArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The affected service.
    #[arg(
        long,
        value_name = "NAME",
        conflicts_with = "customer",
        required_unless_present = "customer",
        add = clap_complete::ArgValueCandidates::new(super::complete::catalogue_names)
    )]
    pub service: Option<String>,

    /// The affected customer.
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,

    /// When the impact began; `HH:MM` is today. See docs/time-input.md.
    #[arg(long, value_name = "TIME", long_help = concat!("When the impact began: ", crate::time_forms!(), "."))]
    pub from: String,

    /// When it ended (default: still open); the forms of --from, or `ongoing`.
    #[arg(long, value_name = "TIME", long_help = concat!("When it ended (default: still open, as with `ongoing` or `open`): ", crate::time_forms!(), "."))]
    pub to: Option<String>,

    /// How badly it was hit.
    #[arg(long, value_parser = word::<Level>(), default_value = Level::Outage.cli())]
    pub level: Level,

    /// What part was hit: "EU checkout", "website and app".
    #[arg(long, value_name = "TEXT")]
    pub scope: Option<String>,

    #[command(flatten)]
    pub cite: super::write_args::CiteArgs,

    /// Read times in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    /// Keep the customer out of public documents (`--audience public`).
    #[arg(long)]
    pub internal: bool,
}

/// End the open impact windows of a service or customer.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident impact end payments \"Payments API\"\n  incident impact end payments \"Acme Corp\" --at 10:42 --customer\n  incident impact end payments \"Acme Corp\" --at \"by 2024-03-03 12:00\"\n\n--at takes any form of time but `ongoing`; see docs/time-input.md."
)]
pub struct EndArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The service or customer whose open window ends.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::target_names))]
    pub name: String,

    /// When the impact ended (default: now); `HH:MM` is today. See docs/time-input.md.
    #[arg(long, value_name = "TIME", long_help = concat!("When the impact ended (default: now): ", crate::time_forms!(), "."))]
    pub at: Option<String>,

    /// NAME is a service (when a customer has the same name).
    #[arg(long, conflicts_with = "customer")]
    pub service: bool,

    /// NAME is a customer (when a service has the same name).
    #[arg(long)]
    pub customer: bool,

    #[command(flatten)]
    pub cite: super::write_args::CiteArgs,

    /// Read --at in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

pub fn add(ctx: &Context, args: AddArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let tz = tz_arg(args.tz.as_deref())?;
    let config = ctx.config()?;
    if args.internal && args.customer.is_none() {
        return Err(super::CommandError::usage(
            "`impact add --internal` marks a customer, not a service",
        )
        .hinted("give the customer with --customer NAME"));
    }
    let (kind, name) = match (&args.service, &args.customer) {
        // A service is stored under the team catalogue's name: an alias or another case of
        // it (`checkout`) becomes the name (`Checkout API`).
        (Some(s), _) => (
            TargetKind::Service,
            config
                .as_ref()
                .map_or_else(|| s.clone(), |c| c.service_name(s)),
        ),
        (None, Some(c)) => (TargetKind::Customer, c.clone()),
        (None, None) => (TargetKind::Service, String::new()),
    };
    let now = ctx.now;
    let done = incident::files::write::update(&path, &validate, |inc| {
        let zone = change::zone_of(inc, tz.as_ref())?;
        // Both ends are checked against the record as it was before this window.
        let from = change::user_when(
            "--from",
            Some(&args.from),
            &zone,
            now,
            Some(&*inc),
            Accept::Time,
        )?;
        let to = match args.to.as_deref() {
            None => When::Open,
            Some(t) => change::user_when("--to", Some(t), &zone, now, Some(&*inc), Accept::End)?,
        };
        let cite = args.cite.cite();
        cite.check(inc)?;
        let added = change::add_window(
            inc,
            kind,
            &name,
            NewWindow {
                from,
                to,
                level: args.level,
                scope: args.scope.clone(),
            },
        )?;
        mark_written(inc, ItemKind::Customer, added.name.clone(), args.internal)?;
        let window = kind
            .of_mut(inc)
            .iter_mut()
            .find(|t| t.name == added.name)
            .and_then(|t| t.windows.get_mut(added.number - 1));
        if let Some(w) = window {
            cite.apply(&mut w.sources, &mut w.note);
        }
        Ok(added)
    })?;
    let w = &done.value;
    let what = if w.created {
        format!("added {} `{}` with an impact window", kind.label(), w.name)
    } else {
        format!(
            "added impact window {} to {} `{}`",
            w.number,
            kind.label(),
            w.name
        )
    };
    let headline = format!("{what} in {}", done.incident.id);
    announce(
        ctx,
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}

pub fn end(ctx: &Context, args: EndArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let tz = tz_arg(args.tz.as_deref())?;
    let kind = match (args.service, args.customer) {
        (true, _) => Some(TargetKind::Service),
        (_, true) => Some(TargetKind::Customer),
        _ => None,
    };
    let now = ctx.now;
    let config = ctx.config()?;
    let mut when = None;
    let done = incident::files::write::update(&path, &validate, |inc| {
        let at = change::at_of(inc, tz.as_ref(), args.at.as_deref(), now)?;
        when = Some(at);
        // An alias names the catalogue's service, when the record holds it by that name.
        let name = config
            .as_ref()
            .and_then(|c| c.catalogue_name(&args.name))
            .filter(|n| {
                kind != Some(TargetKind::Customer) && inc.services.iter().any(|s| s.name == *n)
            })
            .map_or_else(|| args.name.clone(), str::to_string);
        let cite = args.cite.cite();
        cite.check(inc)?;
        let before = inc.clone();
        let ended = change::end_window(inc, kind, &name, at)?;
        // The windows this closed: open before, not now.
        let was = ended
            .kind
            .of(&before)
            .iter()
            .find(|t| t.name == ended.name)
            .map(|t| t.windows.clone())
            .unwrap_or_default();
        if let Some(t) = ended
            .kind
            .of_mut(inc)
            .iter_mut()
            .find(|t| t.name == ended.name)
        {
            for (w, old) in t.windows.iter_mut().zip(&was) {
                if old.to == When::Open && w.to != When::Open {
                    cite.apply(&mut w.sources, &mut w.note);
                }
            }
        }
        Ok(ended)
    })?;
    let e = &done.value;
    let windows = if e.closed == 1 {
        "window".to_string()
    } else {
        format!("{} windows", e.closed)
    };
    let headline = format!(
        "ended the open {windows} of {} `{}` at {} in {}",
        e.kind.label(),
        e.name,
        when.map(when_rfc3339).unwrap_or_default(),
        done.incident.id,
    );
    announce(
        ctx,
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}
