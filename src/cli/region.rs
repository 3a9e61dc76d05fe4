//! `incident region add|site|rm`: the regions an incident spans, with their zones and sites,
//! and what happened to each site.

use incident::model::fact_change;
use incident::model::facts::{Region, Site};

use super::fact_write::write;
use super::{Context, Outcome};

/// Record the regions an incident spans, their zones, and their sites.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident region add payments eu-west --zone a --zone b --source report --note \"Zone b stayed up\"\n  incident region site payments eu-west DUB-3 --happened \"Lost utility power\" --source report\n  incident region rm payments eu-west --site DUB-3\n  incident region rm payments eu-west\n\n`region add` on a region the record has adds the zones and sources to it; `region rm` with --zone or --site removes those from it, and without them removes the region."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: RegionCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum RegionCommand {
    Add(AddArgs),
    Site(SiteArgs),
    Rm(RmArgs),
}

/// Add a region with its zones, or add zones to one the record has.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  incident region add payments eu-central --zone a")]
pub struct AddArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The region's name: eu-west, cn-hongkong.
    pub name: String,

    /// A zone of the region that was involved (repeat for more).
    #[arg(long = "zone", value_name = "ZONE")]
    pub zones: Vec<String>,

    /// A source id from the record's sources (repeat for more).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,

    /// What the record says of the region as a whole (replaces the note).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// Add a site (a data centre) to a region, with what happened to it.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident region site payments eu-west DUB-3 --happened \"Lost utility power; two generators failed to start\""
)]
pub struct SiteArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The region (added first with `incident region add`).
    pub region: String,

    /// The site's name: DUB-3.
    pub site: String,

    /// What happened to it (replaces what the site had).
    #[arg(long, value_name = "TEXT")]
    pub happened: Option<String>,

    /// A source id from the record's sources (repeat for more).
    #[arg(long = "source", value_name = "SRC",
          add = clap_complete::ArgValueCandidates::new(super::complete::source_ids))]
    pub sources: Vec<String>,
}

/// Remove a region, or zones and sites from one.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident region rm payments eu-west\n  incident region rm payments eu-west --zone b --site DUB-3\n\nWithout --zone or --site the region goes with its zones and sites. Names match ignoring case. The regions are listed under `regions` in `incident show ID --format json`. Their sources stay in the record."
)]
pub struct RmArgs {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The region's name.
    pub name: String,

    /// Remove this zone from the region, keeping the region (repeat for more).
    #[arg(long = "zone", value_name = "ZONE")]
    pub zones: Vec<String>,

    /// Remove this site from the region, keeping the region (repeat for more).
    #[arg(long = "site", value_name = "SITE")]
    pub sites: Vec<String>,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    match args.command {
        RegionCommand::Add(a) => write(
            ctx,
            &a.incident,
            None,
            |inc, _, _| {
                fact_change::add_region(
                    inc,
                    Region {
                        name: a.name.clone(),
                        zones: a.zones.clone(),
                        sites: Vec::new(),
                        sources: a.sources.clone(),
                        note: a.note.clone(),
                    },
                )
            },
            |r, _| {
                if r.created {
                    format!("added region `{}`", r.name)
                } else {
                    format!("updated region `{}`", r.name)
                }
            },
        ),
        RegionCommand::Site(a) => write(
            ctx,
            &a.incident,
            None,
            |inc, _, _| {
                fact_change::add_site(
                    inc,
                    &a.region,
                    Site {
                        name: a.site.clone(),
                        happened: a.happened.clone(),
                        sources: a.sources.clone(),
                    },
                )
            },
            |region, _| format!("set site `{}` of region `{region}`", a.site),
        ),
        RegionCommand::Rm(a) if a.zones.is_empty() && a.sites.is_empty() => write(
            ctx,
            &a.incident,
            None,
            |inc, _, _| fact_change::rm_region(inc, &a.name),
            |r, _| format!("removed region `{}`{}", r.name, region_parts(r)),
        ),
        RegionCommand::Rm(a) => write(
            ctx,
            &a.incident,
            None,
            |inc, _, _| fact_change::rm_region_parts(inc, &a.name, &a.zones, &a.sites),
            |done, _| {
                let mut parts: Vec<String> = Vec::new();
                if !done.zones.is_empty() {
                    parts.push(named("zone", &done.zones));
                }
                if !done.sites.is_empty() {
                    parts.push(named("site", &done.sites));
                }
                format!(
                    "removed {} from region `{}`",
                    parts.join(" and "),
                    done.region
                )
            },
        ),
    }
}

/// `zone `b``, `sites `DUB-3`, `DUB-4``.
fn named(what: &str, names: &[String]) -> String {
    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let s = if names.len() == 1 { "" } else { "s" };
    format!("{what}{s} {}", list.join(", "))
}

/// What went with a removed region: ` (zones `a`, `b`; site `DUB-3`)`, or nothing.
fn region_parts(r: &Region) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !r.zones.is_empty() {
        parts.push(named("zone", &r.zones));
    }
    if !r.sites.is_empty() {
        let sites: Vec<String> = r.sites.iter().map(|s| s.name.clone()).collect();
        parts.push(named("site", &sites));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" with its {}", parts.join(" and "))
    }
}
