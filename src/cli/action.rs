//! `incident action add|done|set`: follow-up action items of one incident.

use chrono::NaiveDate;

use incident::derive::validate::validate;
use incident::model::audience::{ItemKind, mark_written};
use incident::model::change::{self, ActionChange, NewAction};
use incident::model::record::{ActionStatus, ActionType, Priority};

use super::word_arg::word;
use super::write_args::{announce, date_arg, report};
use super::{Context, Outcome};

/// Add action items to an incident, mark them done, or change them.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident action add payments \"Alert on replica lag\" --type detect --owner dba-team --due 2024-03-31 --priority p2\n  incident action done payments A1\n  incident action set payments A2 --owner alice --status in-progress"
)]
pub struct ActionArgs {
    #[command(subcommand)]
    pub command: ActionCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ActionCommand {
    Add(AddArgs),
    Done(DoneArgs),
    Set(SetArgs),
}

/// Add an open action item (ids A1, A2, …; opened today in the home zone).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident action add payments \"Alert on replica lag\" --type detect\n  incident action add payments \"Runbook for failover\" --type process --owner alice --due 2024-03-31 --priority p1"
)]
pub struct AddArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// What is to be done.
    pub text: String,

    /// What the item is for.
    #[arg(long = "type", value_parser = word::<ActionType>(), value_name = "TYPE")]
    pub kind: ActionType,

    /// Who does it.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,

    /// When it is due: YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub due: Option<NaiveDate>,

    /// p1 (highest) to p3.
    #[arg(long, value_parser = word::<Priority>())]
    pub priority: Option<Priority>,

    /// A link to where the work is tracked (a ticket, a pull request).
    #[arg(long, value_name = "URL")]
    pub link: Option<String>,

    /// The day it was opened, when not today: YYYY-MM-DD (for items written up after the
    /// incident).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub opened: Option<NaiveDate>,

    /// Keep the item out of public documents (`--audience public`).
    #[arg(long)]
    pub internal: bool,
}

/// Mark an action item done.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  incident action done payments A1")]
pub struct DoneArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The action item: A1, A2, …
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::action_ids))]
    pub action: String,
}

/// Change an action item's text, owner, due date, status or priority.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident action set payments A2 --owner alice\n  incident action set payments A2 --status wont-do\n  incident action set payments A3 --due 2024-04-15 --priority p1"
)]
pub struct SetArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The action item: A1, A2, …
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::action_ids))]
    pub action: String,

    /// New text.
    #[arg(long)]
    pub text: Option<String>,

    /// New owner.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,

    /// New due date: YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub due: Option<NaiveDate>,

    /// New status.
    #[arg(long, value_parser = word::<ActionStatus>())]
    pub status: Option<ActionStatus>,

    /// New priority.
    #[arg(long, value_parser = word::<Priority>())]
    pub priority: Option<Priority>,
}

/// A warning when an item added without `--opened` to an incident resolved more than
/// [`BACK_FILL_DAYS`] days ago is stamped as opened today.
fn back_filled(
    inc: &incident::model::record::Incident,
    opened: Option<NaiveDate>,
    now: incident::model::time::Instant,
) -> Option<String> {
    if opened.is_some() {
        return None;
    }
    let resolved = inc.moments.resolved.as_ref()?.at.bounds().1?;
    let days = (now.get() - resolved.get()).num_days();
    (days > BACK_FILL_DAYS).then(|| {
        format!(
            "warning: the incident was resolved {days} days ago, and this item is recorded as opened today; if it was opened earlier, say when with `incident action add … --opened YYYY-MM-DD`"
        )
    })
}

/// How long after the resolution an item added without `--opened` earns a warning.
const BACK_FILL_DAYS: i64 = 30;

pub fn run(ctx: &Context, args: ActionArgs) -> Outcome {
    match args.command {
        ActionCommand::Add(a) => add(ctx, a),
        ActionCommand::Done(a) => change(ctx, &a.incident, &a.action, None, |id| {
            format!("marked {id} done")
        }),
        ActionCommand::Set(a) => {
            let c = ActionChange {
                text: a.text,
                owner: a.owner,
                due: a.due,
                status: a.status,
                priority: a.priority,
            };
            change(ctx, &a.incident, &a.action, Some(c), |id| {
                format!("changed {id}")
            })
        }
    }
}

fn add(ctx: &Context, args: AddArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let now = ctx.now;
    let done = incident::files::write::update(&path, &validate, |inc| {
        let zone = change::zone_of(inc, None)?;
        change::add_action(
            inc,
            NewAction {
                text: args.text.clone(),
                kind: args.kind,
                owner: args.owner.clone(),
                due: args.due,
                priority: args.priority,
                opened: args.opened.unwrap_or_else(|| change::today(&zone, now)),
                link: args.link.clone(),
            },
        )
        .and_then(|id| mark_written(inc, ItemKind::Action, id, args.internal))
    })?;
    let headline = format!("added action {} to {}", done.value, done.incident.id);
    // An item written up long after the incident is rarely opened today.
    let extra: Vec<String> = back_filled(&done.incident, args.opened, now)
        .into_iter()
        .collect();
    announce(
        ctx,
        &report(&headline, &extra, &path, &done),
        done.caveat.as_deref(),
    )
}

/// `done` when `change` is `None`, else `set`; `said` words what was done to the item.
fn change(
    ctx: &Context,
    incident: &str,
    action: &str,
    change: Option<ActionChange>,
    said: impl Fn(&str) -> String,
) -> Outcome {
    let path = ctx.resolve(incident)?;
    let done = incident::files::write::update(&path, &validate, |inc| match change {
        None => change::action_done(inc, action),
        Some(c) => change::set_action(inc, action, c),
    })?;
    let headline = format!("{} in {}", said(&done.value), done.incident.id);
    announce(
        ctx,
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}
