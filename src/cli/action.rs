//! `incident action add|done|set`: follow-up action items of one incident.

use chrono::NaiveDate;

use incident::derive::validate::validate;
use incident::model::audience::{ItemKind, mark_written};
use incident::model::change::{self, ActionChange, NewAction};
use incident::model::record::{ActionStatus, ActionType, Priority};

use super::word_arg::word;
use incident::model::change::cite::{self, Cite};

use super::write_args::{CiteArgs, announce, date_arg, report};
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
    /// The id of a cause the item addresses (repeat for more); the cause must exist.
    #[arg(long = "addresses", value_name = "CAUSE")]
    pub addresses: Vec<String>,

    #[command(flatten)]
    pub cite: CiteArgs,
}

/// Mark an action item done, on a day (default today in the home zone).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident action done payments A1\n  incident action done payments A2 --at 2024-03-20 --note \"Shipped in release 4.2\""
)]
pub struct DoneArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The action item: A1, A2, …
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::action_ids))]
    pub action: String,

    /// The day it was done: YYYY-MM-DD (default: today in the home zone).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub at: Option<NaiveDate>,

    #[command(flatten)]
    pub cite: CiteArgs,
}

/// Change an action item's text, owner, due date, status, priority, link, sources, note or
/// the causes it addresses.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident action set payments A2 --owner alice\n  incident action set payments A2 --status wont-do\n  incident action set payments A3 --due 2024-04-15 --priority p1\n  incident action set payments A1 --addresses replica-lag --source review\n  incident action set payments A4 --status unknown --note \"No source says whether it shipped\""
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

    /// A link to where the work is tracked.
    #[arg(long, value_name = "URL")]
    pub link: Option<String>,

    /// The id of a cause the item addresses (repeat for more; added to those it has).
    #[arg(long = "addresses", value_name = "CAUSE")]
    pub addresses: Vec<String>,

    #[command(flatten)]
    pub cite: CiteArgs,
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
        ActionCommand::Done(a) => {
            let more = More {
                cite: a.cite.cite(),
                done_on: Some(a.at),
                ..More::default()
            };
            change(ctx, &a.incident, &a.action, None, more, |id| {
                format!("marked {id} done")
            })
        }
        ActionCommand::Set(a) => {
            let c = ActionChange {
                text: a.text,
                owner: a.owner,
                due: a.due,
                status: a.status,
                priority: a.priority,
            };
            let more = More {
                cite: a.cite.cite(),
                link: a.link,
                addresses: a.addresses,
                done_on: None,
            };
            change(ctx, &a.incident, &a.action, Some(c), more, |id| {
                format!("changed {id}")
            })
        }
    }
}

/// What `action set` and `action done` change beyond [`ActionChange`].
#[derive(Debug, Default)]
struct More {
    cite: Cite,
    link: Option<String>,
    addresses: Vec<String>,
    /// `done`: the day given (`Some(None)`: today).
    done_on: Option<Option<NaiveDate>>,
}

impl More {
    fn is_empty(&self) -> bool {
        self.cite.is_empty() && self.link.is_none() && self.addresses.is_empty()
    }
}

fn add(ctx: &Context, args: AddArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let now = ctx.now;
    let done = incident::files::write::update(&path, &validate, |inc| {
        let zone = change::zone_of(inc, None)?;
        let id = change::add_action(
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
        )?;
        let cite = args.cite.cite();
        cite.check(inc)?;
        let i = cite::action_index(inc, &id)?;
        cite::address(inc, i, &args.addresses)?;
        if let Some(a) = inc.actions.get_mut(i) {
            cite.apply(&mut a.sources, &mut a.note);
        }
        mark_written(inc, ItemKind::Action, id, args.internal)
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
    more: More,
    said: impl Fn(&str) -> String,
) -> Outcome {
    let path = ctx.resolve(incident)?;
    let now = ctx.now;
    let done = incident::files::write::update(&path, &validate, |inc| {
        more.cite.check(inc)?;
        let now_done = change
            .as_ref()
            .is_some_and(|c| c.status == Some(ActionStatus::Done));
        let id = match change {
            None => change::action_done(inc, action)?,
            // Only the flags beyond ActionChange: nothing for set_action to do.
            Some(c) if c == ActionChange::default() && !more.is_empty() => {
                let i = cite::action_index(inc, action)?;
                inc.actions[i].id.clone()
            }
            Some(c) => change::set_action(inc, action, c)?,
        };
        let i = cite::action_index(inc, &id)?;
        cite::address(inc, i, &more.addresses)?;
        let today = change::today(&change::zone_of(inc, None)?, now);
        let a = &mut inc.actions[i];
        more.cite.apply(&mut a.sources, &mut a.note);
        if more.link.is_some() {
            a.link = more.link.clone().filter(|l| !l.trim().is_empty());
        }
        if let Some(day) = more.done_on {
            a.completed = Some(day.unwrap_or(today));
        } else if now_done && a.completed.is_none() {
            // Done without a day given: done today, as `action done` says.
            a.completed = Some(today);
        }
        Ok(id)
    })?;
    let headline = format!("{} in {}", said(&done.value), done.incident.id);
    announce(
        ctx,
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}
