//! `incident impact add` and `incident impact end`: record which services and customers are
//! hit, and since when. (The read-only `incident impact ID` view lives in `impact.rs`.)

use incident::derive::validate::validate;
use incident::model::change::{self, NewWindow, TargetList};

use super::write_args::{LevelArg, announce, report, tz_arg};
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
    after_help = "Examples:\n  incident impact add payments --service \"Payments API\" --from 09:12\n  incident impact add payments --customer \"Acme Corp\" --from 09:20 --to 10:05 --level degraded\n\nWithout --to the window stays open (`Open`) until `incident impact end`.\nTimes: RFC 3339, `YYYY-MM-DD HH:MM` or `HH:MM` (today) in the home zone, or in --tz.\nA bare HH:MM more than 24 h from the incident's latest recorded time is refused; give the date.\nSee docs/time-input.md."
)]
pub struct AddArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    pub incident: String,

    /// The affected service.
    #[arg(
        long,
        value_name = "NAME",
        conflicts_with = "customer",
        required_unless_present = "customer"
    )]
    pub service: Option<String>,

    /// The affected customer.
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,

    /// When the impact began; `HH:MM` is today. See docs/time-input.md.
    #[arg(long, value_name = "TIME")]
    pub from: String,

    /// When it ended (default: still open); same forms as --from.
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,

    /// How badly it was hit.
    #[arg(long, value_enum, ignore_case = true, default_value_t = LevelArg::Outage)]
    pub level: LevelArg,

    /// What part was hit: "EU checkout", "website and app".
    #[arg(long, value_name = "TEXT")]
    pub scope: Option<String>,

    /// Read times in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

/// End the open impact windows of a service or customer.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident impact end payments \"Payments API\"\n  incident impact end payments \"Acme Corp\" --at 10:42 --customer"
)]
pub struct EndArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    pub incident: String,

    /// The service or customer whose open window ends.
    pub name: String,

    /// When the impact ended (default: now); `HH:MM` is today. See docs/time-input.md.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,

    /// NAME is a service (when a customer has the same name).
    #[arg(long, conflicts_with = "customer")]
    pub service: bool,

    /// NAME is a customer (when a service has the same name).
    #[arg(long)]
    pub customer: bool,

    /// Read --at in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

pub fn add(ctx: &Context, args: AddArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let tz = tz_arg(args.tz.as_deref())?;
    let (list, name) = match (&args.service, &args.customer) {
        (Some(s), _) => (TargetList::Services, s.clone()),
        (None, Some(c)) => (TargetList::Customers, c.clone()),
        (None, None) => (TargetList::Services, String::new()),
    };
    let now = ctx.now;
    let done = incident::files::write::update(&path, &validate, |inc| {
        let zone = change::zone_of(inc, tz.as_ref())?;
        // Both ends are checked against the record as it was before this window.
        let from = change::user_instant("--from", Some(&args.from), &zone, now, Some(&*inc))?;
        let to = args
            .to
            .as_deref()
            .map(|t| change::user_instant("--to", Some(t), &zone, now, Some(&*inc)))
            .transpose()?;
        Ok(change::add_window(
            inc,
            list,
            &name,
            NewWindow {
                from,
                to,
                level: args.level.into(),
                scope: args.scope.clone(),
            },
        ))
    })?;
    let w = &done.value;
    let what = if w.created {
        format!(
            "added {} `{}` with an impact window",
            list.singular(),
            w.name
        )
    } else {
        format!(
            "added impact window {} to {} `{}`",
            w.number,
            list.singular(),
            w.name
        )
    };
    let headline = format!("{what} in {}", done.incident.id);
    announce(
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}

pub fn end(ctx: &Context, args: EndArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let tz = tz_arg(args.tz.as_deref())?;
    let list = match (args.service, args.customer) {
        (true, _) => Some(TargetList::Services),
        (_, true) => Some(TargetList::Customers),
        _ => None,
    };
    let now = ctx.now;
    let mut when = None;
    let done = incident::files::write::update(&path, &validate, |inc| {
        let zone = change::zone_of(inc, tz.as_ref())?;
        let at = change::user_instant("--at", args.at.as_deref(), &zone, now, Some(&*inc))?;
        when = Some(at);
        change::end_window(inc, list, &args.name, at)
    })?;
    let e = &done.value;
    let windows = if e.closed == 1 {
        "window".to_string()
    } else {
        format!("{} windows", e.closed)
    };
    let headline = format!(
        "ended the open {windows} of {} `{}` at {} in {}",
        e.list.singular(),
        e.name,
        when.map(|t| t.rfc3339()).unwrap_or_default(),
        done.incident.id,
    );
    announce(
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}
