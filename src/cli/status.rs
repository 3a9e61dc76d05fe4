//! `incident status` and `incident resolve`: where the incident stands.

use incident::derive::readiness::{Review, needs_review};
use incident::derive::validate::validate;
use incident::model::change;
use incident::model::record::Status;
use incident::model::time::when_rfc3339;

use super::word_arg::word;
use super::write_args::{announce, report, tz_arg};
use super::{Context, Outcome};

/// Set the status of an incident.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident status payments identified\n  incident status payments monitoring\n  incident status payments closed      # resolved and the postmortem is done\n  incident status payments closed --force --by alice   # close although not ready (recorded)\n  incident status payments mitigated --at 10:40 --by alice\n  incident status payments monitoring --source statement --note \"As the status page said\"\n  incident status payments resolved --no-log   # back-filling: the timeline already says so\n\nA change is logged on the timeline as \"status: identified → mitigated\", by --by, else the name git knows, else your login name.\n\nClosing needs a passing review (`incident check --ready ID`), or --force.\n\nTo resolve, prefer `incident resolve`: it also records when, and logs a resolution event."
)]
pub struct StatusArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The new status.
    #[arg(value_parser = word::<Status>())]
    pub state: Status,

    /// When the status changed (default: now); logged on the timeline. See docs/time-input.md.
    #[arg(long, value_name = "TIME", long_help = concat!("When the status changed (default: now): ", crate::time_forms!(), "."))]
    pub at: Option<String>,

    /// Who changed it (default: `git config user.name` in a git repository, else your login
    /// name).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,

    #[command(flatten)]
    pub cite: super::write_args::CiteArgs,

    /// Read --at in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    /// Close the incident although its review checklist (`incident check --ready`) does not
    /// pass; the timeline records who forced it and what was missing.
    #[arg(long)]
    pub force: bool,

    /// Change the status without logging the change on the timeline: for a record written
    /// after the fact, whose timeline already tells it. --at, --by, --source and --note
    /// belong to the logged event, so they cannot go with it; nor can --force, which must be
    /// on the record.
    #[arg(long, conflicts_with_all = ["at", "by", "force", "sources", "note"])]
    pub no_log: bool,
}

/// Resolve an incident: set moments.resolved and the status Resolved, and log a Resolution event.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident resolve payments\n  incident resolve payments --at 11:05\n  incident resolve payments --at \"2024-03-01 23:10\" --text \"All payments processed\"\n  incident resolve payments --at \"after 2024-03-02 08:45\"   # only a bound is known\n  incident resolve payments --at 11:05 --source statement --note \"The statement's time\""
)]
pub struct ResolveArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// When service was fully restored (default: now); `HH:MM` is today. See docs/time-input.md.
    #[arg(long, value_name = "TIME", long_help = concat!("When service was fully restored (default: now): ", crate::time_forms!(), "."))]
    pub at: Option<String>,

    /// The text of the resolution event.
    #[arg(long, default_value = "Resolved: service fully restored.")]
    pub text: String,

    /// Who resolved it (default: `git config user.name` in a git repository, else your login
    /// name).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,

    /// Sources and a note: laid on the resolved moment and the resolution event.
    #[command(flatten)]
    pub cite: super::write_args::CiteArgs,

    /// Read --at in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

/// What `status` changed, when it changed anything.
enum StatusChange {
    /// The status, and the event with this id that logs it.
    Logged(String),
    /// The status alone (`--no-log`).
    Unlogged,
}

pub fn run_status(ctx: &Context, args: StatusArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let status = args.state;
    let tz = tz_arg(args.tz.as_deref())?;
    // Who changed it belongs to the logged event; `--no-log` logs none, so nobody is asked.
    let by = if args.no_log {
        None
    } else {
        actor(args.by, &path)
    };
    let now = ctx.now;
    let mut forced = None;
    // The team's configuration matters only to the review that closing needs; a broken one
    // refuses the change rather than reviewing without the team's rules.
    let config = if needs_review(status) {
        ctx.config()?
    } else {
        None
    };
    let done = incident::files::write::update(&path, &validate, |inc| {
        let cite = args.cite.cite();
        cite.check(inc)?;
        let at = change::at_of(inc, tz.as_ref(), args.at.as_deref(), now)?;
        // The review is of the record as it stands before the change, read under the lock.
        let missing = if needs_review(status) && inc.status != status {
            let r = incident::derive::readiness::review_with(inc, config.as_ref());
            match r.missing() {
                Some(_) if !args.force => return Err(not_ready(&r, &args.incident)),
                m => m,
            }
        } else {
            None
        };
        if args.no_log {
            let changed = inc.status != status;
            inc.status = status;
            return Ok(changed.then_some(StatusChange::Unlogged));
        }
        let logged = change::set_status(inc, status, at, by.clone());
        if let Some(id) = &logged {
            cite.on_event(inc, id);
        }
        if let (Some(id), Some(m)) = (&logged, missing)
            && let Some(e) = inc.events.iter_mut().find(|e| &e.id == id)
        {
            let who = by
                .as_deref()
                .map(|b| format!(" by {b}"))
                .unwrap_or_default();
            e.text = format!("{} (closed with --force{who}; not ready: {m})", e.text);
            forced = Some(m);
        }
        Ok(logged.map(StatusChange::Logged))
    })?;
    let headline = match &done.value {
        Some(StatusChange::Unlogged) => format!(
            "status of {} is {} (not logged on the timeline)",
            done.incident.id,
            status.ron()
        ),
        Some(StatusChange::Logged(id)) => format!(
            "status of {} is {}; logged {id}",
            done.incident.id,
            status.ron()
        ),
        None => format!(
            "status of {} was already {}",
            done.incident.id,
            status.ron()
        ),
    };
    let extra: Vec<String> = forced
        .map(|m| format!("closed although not ready ({m}); the timeline says who forced it"))
        .into_iter()
        .collect();
    announce(
        ctx,
        &report(&headline, &extra, &path, &done),
        done.caveat.as_deref(),
    )
}

/// The refusal to close a record whose review does not pass: each failing line with its
/// fixes, and the two ways on.
fn not_ready(r: &Review, name: &str) -> change::EditError {
    let mut why = format!("{} is not ready to close; its review finds:", r.id);
    for c in r.failing() {
        why.push_str(&format!("\n  ✗ {}: {}", c.label, c.detail));
    }
    change::EditError::Refused {
        // Ids and names come from the record: shown, never obeyed.
        why: incident::model::text::visible(&why),
        hints: vec![
            format!(
                "`incident check --ready {name}` prints the checklist with the command that fixes each line"
            ),
            format!(
                "to close it anyway: `incident status {name} closed --force` (the timeline records who forced it)"
            ),
        ],
    }
}

/// Who made a change: the name given; else, in a git repository, the name git knows
/// (`git config user.name`); else the login name (`$USER`, `$USERNAME`); else nobody is named.
pub fn actor(by: Option<String>, record: &std::path::Path) -> Option<String> {
    if let Some(b) = by.filter(|b| !b.trim().is_empty()) {
        return Some(b);
    }
    let dir = record
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    // Only in a work tree, and then one git process: `git config` finds the repository itself.
    if incident::files::git::may_be_in_work_tree(dir)
        && let Some(name) = incident::files::git::user_name(dir)
    {
        return Some(name);
    }
    ["USER", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|n| !n.trim().is_empty())
}

pub fn run_resolve(ctx: &Context, args: ResolveArgs) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let tz = tz_arg(args.tz.as_deref())?;
    let now = ctx.now;
    let by = actor(args.by, &path);
    let mut when = None;
    let done = incident::files::write::update(&path, &validate, |inc| {
        let at = change::at_of(inc, tz.as_ref(), args.at.as_deref(), now)?;
        when = Some(at);
        let cite = args.cite.cite();
        cite.check(inc)?;
        let id = change::resolve(inc, at, &args.text, by.clone())?;
        cite.on_event(inc, &id);
        if let Some(m) = inc.moments.resolved.as_mut() {
            cite.apply(&mut m.sources, &mut m.note);
        }
        Ok(id)
    })?;
    let headline = format!(
        "resolved {} at {}; logged {}",
        done.incident.id,
        when.map(when_rfc3339).unwrap_or_default(),
        done.value,
    );
    let open = change::open_windows(&done.incident);
    let extra: Vec<String> = (!open.is_empty())
        .then(|| {
            format!(
                "still open: {} (close with `incident impact end {} NAME --at TIME`)",
                open.join(", "),
                done.incident.id
            )
        })
        .into_iter()
        .collect();
    announce(
        ctx,
        &report(&headline, &extra, &path, &done),
        done.caveat.as_deref(),
    )
}
