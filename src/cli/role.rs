//! `incident role set|rm`: who held each incident role, with hand-overs.

use incident::model::fact_change::{self, RoleSet};
use incident::model::roles::Role;

use super::fact_write::{time, write};
use super::{Context, Outcome};

/// Record who held each incident role: commander, communications lead, operations lead,
/// scribe, or a team's own.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident role set payments commander Ana --at 10:12 --source chat\n  incident role set payments commander Bo --at 10:40 --note \"Ana joined the database work\"   # a hand-over: Ana's term ends at 10:40\n  incident role set payments other Eve --title \"database lead\"\n  incident role rm payments scribe Dee"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: RoleCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum RoleCommand {
    Set(SetArgs),
    Rm(RmArgs),
}

/// Give a role to a person; when someone else holds it, their term ends at --at.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident role set payments communications-lead Chen --at 10:20"
)]
pub struct SetArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The role: incident-commander (or commander, ic), communications-lead (comms),
    /// operations-lead, scribe, other (with --title), or one of the team's roles
    /// (`incident config show`).
    pub role: String,

    /// Who holds it.
    pub person: String,

    /// When they took it; for a hand-over, when the previous holder's term ended.
    #[arg(long, value_name = "TIME", long_help = concat!("When they took it (for a hand-over, also when the previous holder's term ended): ", crate::time_forms!(), "."))]
    pub at: Option<String>,

    /// The team's own name for the role, with `other`: "database lead".
    #[arg(long, value_name = "NAME")]
    pub title: Option<String>,

    /// A source id from the record's sources (repeat for more).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,

    /// Why, or what they did in it.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Read --at in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

/// Remove a person's terms in a role (recorded by mistake).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident role rm payments scribe Dee\n  incident role rm payments other Eve --title \"database lead\""
)]
pub struct RmArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The role, as `role set` takes it.
    pub role: String,

    /// Who held it.
    pub person: String,

    /// The team's own name for the role, with `other`.
    #[arg(long, value_name = "NAME")]
    pub title: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    match args.command {
        RoleCommand::Set(a) => {
            let (role, title) = resolve(ctx, &a.role, a.title.as_deref())?;
            let name = role_name(role, title.as_deref());
            write(
                ctx,
                &a.incident,
                a.tz.as_deref(),
                |inc, tz, now| {
                    let at =
                        a.at.as_deref()
                            .map(|t| time(inc, tz, "--at", t, now))
                            .transpose()?;
                    fact_change::set_role(
                        inc,
                        RoleSet {
                            role,
                            title: title.clone(),
                            person: a.person.clone(),
                            at,
                            sources: a.sources.clone(),
                            note: a.note.clone(),
                        },
                    )
                },
                |done, _| match (&done.handed_over_from, done.already) {
                    (Some(from), _) => {
                        format!("handed {name} over from {from} to {}", a.person)
                    }
                    (None, true) => format!("{} already holds {name}", a.person),
                    (None, false) => format!("made {} {name}", a.person),
                },
            )
        }
        RoleCommand::Rm(a) => {
            let (role, title) = resolve(ctx, &a.role, a.title.as_deref())?;
            let name = role_name(role, title.as_deref());
            write(
                ctx,
                &a.incident,
                None,
                |inc, _, _| fact_change::rm_role(inc, role, title.as_deref(), &a.person),
                |n, _| {
                    let terms = if *n == 1 { "term" } else { "terms" };
                    format!("removed {n} {terms} of {} as {name}", a.person)
                },
            )
        }
    }
}

/// Reads a typed role: a built-in one (its name or alias, any case), else one of the team's
/// roles from the configuration, which may stand for a built-in role or be the team's own
/// (then kept as `other` with the team's name as its title).
fn resolve(
    ctx: &Context,
    typed: &str,
    title: Option<&str>,
) -> Result<(Role, Option<String>), super::CommandError> {
    let t = typed.trim().to_lowercase();
    let builtin = match t.as_str() {
        "commander" | "ic" => Some(Role::IncidentCommander),
        "comms" => Some(Role::CommunicationsLead),
        other => Role::ALL.iter().copied().find(|r| r.cli() == other),
    };
    if let Some(r) = builtin {
        return Ok((r, title.map(str::to_string)));
    }
    let config = ctx.config()?;
    if let Some((r, team_title)) = config.as_ref().and_then(|c| c.role_of(typed)) {
        return Ok((r, title.map(str::to_string).or(team_title)));
    }
    let mut known: Vec<String> = Role::ALL.iter().map(|r| r.cli().to_string()).collect();
    if let Some(c) = &config {
        known.extend(c.roles.iter().map(|r| r.name.clone()));
    }
    Err(super::CommandError::user(format!(
        "`{}` is not a role",
        incident::model::text::visible(typed)
    ))
    .hinted(format!("roles: {}", known.join(", ")))
    .hinted("a team's own roles are listed in the configuration: `incident config show`"))
}

fn role_name(role: Role, title: Option<&str>) -> String {
    match title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => role.label().to_string(),
    }
}
