//! `incident claim add|rm`: another source's time beside the one the record chose — for a
//! key moment, an event, or either end of an impact window.

use incident::model::fact_change::{self, ClaimTarget};
use incident::model::facts::Claim;
use incident::model::time::when_rfc3339;

use super::fact_write::{time, write};
use super::{Context, Outcome};

/// Record a disputed time: what another source says, beside the time the record chose.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident claim add hk-zone-c resolved --at \"2022-12-19 00:30\" --source scmp --note \"Press only: all normal by 00:30\"\n  incident claim add payments e7 --at 10:45 --source status\n  incident claim add payments service \"Checkout API\" window 1 from --at \"~09:05\" --source status\n  incident claim rm payments resolved --claim 1\n\nTARGET names the time the claim disputes:\n  MOMENT                              started, detected, communicated, mitigated, resolved\n  EVENT or event EVENT                an event by its id (e7)\n  service NAME window N from|to       the start or end of a service's Nth impact window\n  customer NAME window N from|to      the same for a customer\nThe record keeps its chosen time for every figure; views mark the time as disputed."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: ClaimCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ClaimCommand {
    Add(AddArgs),
    Rm(RmArgs),
}

/// Add another source's time for a moment, an event or a window bound.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident claim add payments resolved --at 11:05 --source status\n  incident claim add payments customer \"Acme Shop\" window 1 to --at \"~12:30\" --source press"
)]
pub struct AddArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// What the claim is about: MOMENT, EVENT, or service|customer NAME window N from|to.
    #[arg(required = true, num_args = 1..=5, value_name = "TARGET")]
    pub target: Vec<String>,

    /// The time the source gives (required).
    #[arg(long, value_name = "TIME", long_help = concat!("The time the source gives: ", crate::time_forms!(), "."))]
    pub at: String,

    /// The source that says so (required; repeat for more).
    #[arg(long = "source", value_name = "SRC", required = true,
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,

    /// Why it differs, or how the source words it.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Read --at in this zone instead of the incident's home zone.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

/// Remove a claim.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident claim rm payments resolved --claim 1\n  incident claim rm payments service \"Checkout API\" window 1 from --claim 2"
)]
pub struct RmArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// What the claim is about: MOMENT, EVENT, or service|customer NAME window N from|to.
    #[arg(required = true, num_args = 1..=5, value_name = "TARGET")]
    pub target: Vec<String>,

    /// Which claim of that time, from 1 (default: the only one).
    #[arg(long = "claim", value_name = "N")]
    pub number: Option<usize>,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    match args.command {
        ClaimCommand::Add(a) => write(
            ctx,
            &a.incident,
            a.tz.as_deref(),
            |inc, tz, now| {
                let target = fact_change::claim_target(inc, &a.target)?;
                let at = time(inc, tz, "--at", &a.at, now)?;
                let n = fact_change::add_claim(
                    inc,
                    &target,
                    Claim {
                        at,
                        sources: a.sources.clone(),
                        note: a.note.clone(),
                    },
                )?;
                Ok((fact_change::target_text(inc, &target), n, at))
            },
            |(what, n, at), _| format!("added claim {n} on {what}: {}", when_rfc3339(*at)),
        ),
        ClaimCommand::Rm(a) => write(
            ctx,
            &a.incident,
            None,
            |inc, _, _| {
                let target = fact_change::claim_target(inc, &a.target)?;
                let n = match a.number {
                    Some(n) => n,
                    None => only_claim(inc, &target)?,
                };
                let what = fact_change::target_text(inc, &target);
                let at = fact_change::rm_claim(inc, &target, n)?;
                Ok((what, n, at))
            },
            |(what, n, at), _| format!("removed claim {n} ({}) from {what}", when_rfc3339(*at)),
        ),
    }
}

/// The number of a target's only claim; with several, which one must be said.
fn only_claim(
    inc: &incident::model::record::Incident,
    t: &ClaimTarget,
) -> Result<usize, incident::model::change::EditError> {
    let claims = match t {
        ClaimTarget::Moment(m) => inc.moments.get(*m).map_or(0, |m| m.claims.len()),
        ClaimTarget::Event(i) => inc.events[*i].claims.len(),
        ClaimTarget::Window {
            kind,
            target,
            window,
            end,
        } => {
            let w = &kind.of(inc)[*target].windows[*window];
            match end {
                fact_change::WindowEnd::From => w.from_claims.len(),
                fact_change::WindowEnd::To => w.to_claims.len(),
            }
        }
    };
    if claims == 1 {
        Ok(1)
    } else if claims == 0 {
        Err(incident::model::change::EditError::Refused {
            why: format!("{} has no claims", fact_change::target_text(inc, t)),
            hints: vec![
                "add one with `incident claim add ID TARGET --at TIME --source SRC`".to_string(),
            ],
        })
    } else {
        Err(incident::model::change::EditError::Refused {
            why: format!("{} has {claims} claims", fact_change::target_text(inc, t)),
            hints: vec!["say which with --claim N (from 1)".to_string()],
        })
    }
}
