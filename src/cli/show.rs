//! `incident show`: an overview of one record.

use incident::derive::figures::key_figures;
use incident::model::record::{Incident, MomentName, TargetKind};
use incident::model::time::Zone;
use incident::model::time::{when_text, zone_label};
use incident::render::{Style, table};

use super::{Context, Outcome, emit, zone_for};

/// Show an overview of one incident: what, when, how bad, who was hit.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident show hk-zone-c\n  incident show 2022-12-18-hk-zone-c --tz UTC\n  incident show hk-zone-c --format json   # the whole record as JSON\n  incident show hk-zone-c --rev HEAD~3     # as it was three commits ago\n  git show main:incidents/2022-12-18-hk-zone-c.ron | incident show -"
)]
pub struct Args {
    /// The incident: its id, any unique part of its id, a path to its file, or `-` for a
    /// record on standard input.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// `table` (an overview) or `json` (the whole record, same field names as the RON file).
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,

    /// Show times in this zone: UTC, local, an IANA name or an offset like +05:30.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    /// Read the record as it was at git revision REV (a commit, branch or tag: HEAD~2, main),
    /// through `git show REV:path`. See docs/git.md.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Table,
    Json,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let loaded = ctx.load_at(&args.incident, args.rev.as_deref())?;
    let inc = &loaded.incident;
    match args.format {
        ShowFormat::Json => emit(&record_json(inc)?),
        ShowFormat::Table => {
            let zone = zone_for(args.tz.as_deref(), &inc.timezone)?;
            let config = super::conventions::config(ctx)?;
            emit(&overview(inc, &zone, &ctx.style, &config))
        }
    }
}

/// The overview table of one record, roles named as the team names them.
pub fn overview(
    inc: &Incident,
    zone: &Zone,
    style: &Style,
    config: &incident::model::config::Config,
) -> String {
    let mut t = table::new_table(style, &["Field", "Value"]);
    let mut row = |k: &str, v: String| {
        t.add_row(vec![table::strong_cell(k, style), table::text_cell(&v)]);
    };
    row("Id", inc.id.clone());
    row("Title", inc.title.clone());
    row(
        "Kind / severity / status",
        format!(
            "{} / {} / {}",
            inc.kind.ron(),
            inc.severity.name(),
            inc.status.ron()
        ),
    );
    if let Some(p) = &inc.provider_severity {
        row("Provider severity", p.label.clone());
    }
    let place: Vec<String> = [
        inc.organisation.clone(),
        inc.region.clone(),
        (!inc.zones.is_empty()).then(|| format!("zone {}", inc.zones.join(", "))),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !place.is_empty() {
        row("Where", place.join(" · "));
    }
    if let Some(site) = &inc.site {
        row("Site", site.clone());
    }
    for r in &inc.regions {
        let mut v = r.name.clone();
        if !r.zones.is_empty() {
            v.push_str(&format!(" · zone {}", r.zones.join(", ")));
        }
        for s in &r.sites {
            v.push_str(&format!(" · site {}", s.name));
        }
        row("Region", v);
    }
    let sample = inc.moments.instant(MomentName::Started);
    row("Times shown in", zone_label(zone, sample));
    for name in MomentName::ALL {
        if let Some(m) = inc.moments.get(name) {
            // The chosen time; other sources' times are in the summary's Disputed facts.
            let disputed = if m.claims.is_empty() {
                ""
            } else {
                " (disputed)"
            };
            row(
                &incident::model::text::capitalized(name.label()),
                format!("{}{disputed}", when_text(m.at, zone, true)),
            );
        }
    }
    for f in key_figures(inc) {
        let mut v = f.span.unwrap_or_default().text();
        if let Some(n) = &f.note {
            v.push_str(&format!(" ({n})"));
        }
        row(f.key.label(), v);
    }
    let names = |list: &[incident::model::record::Affected]| {
        list.iter()
            .map(|a| {
                let name = match a.names.values().next() {
                    Some(other) if other != &a.name => format!("{} ({other})", a.name),
                    _ => a.name.clone(),
                };
                match a.outcome {
                    Some(o) if o != incident::model::facts::Outcome::Affected => {
                        format!("{name} [{}]", o.label())
                    }
                    _ => name,
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for kind in TargetKind::ALL {
        let targets = kind.of(inc);
        if !targets.is_empty() {
            row(
                &format!("{} ({})", kind.heading(), targets.len()),
                names(targets),
            );
        }
    }
    if let Some(s) = inc.causes.root_cause_status {
        row("Root cause", s.label().to_string());
    }
    if !inc.roles.is_empty() {
        let roles: Vec<String> = inc
            .roles
            .iter()
            .map(|r| format!("{} ({})", r.person, config.role_label(r)))
            .collect();
        row("Responders", roles.join(", "));
    }
    for f in incident::derive::summary::field_entries(inc, config) {
        row(&f.name, f.text);
    }
    let open = inc.actions.iter().filter(|a| a.status.is_open()).count();
    row(
        "Record",
        format!(
            "{} events, {} action items ({open} open), {} sources",
            inc.events.len(),
            inc.actions.len(),
            inc.sources.len()
        ),
    );
    if !inc.summary.is_empty() {
        row("Summary", inc.summary.clone());
    }
    table::render(&t)
}

/// A record or configuration as JSON in its file's shape, words in their JSON spelling.
pub fn record_json<T: serde::Serialize>(value: &T) -> Result<String, super::CommandError> {
    incident::render::record_json::pretty(value)
        .map_err(|e| super::CommandError::internal(format!("cannot write JSON: {e}")))
}
