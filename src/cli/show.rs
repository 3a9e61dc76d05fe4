//! `incident show`: an overview of one record.

use incident::derive::figures::key_figures;
use incident::model::record::{Incident, MomentName, TargetKind};
use incident::model::time::Zone;
use incident::model::time::{when_text, zone_label};
use incident::render::{Style, table};

use super::{Context, Outcome, emit, json_text, zone_for};

/// Show an overview of one incident: what, when, how bad, who was hit.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident show hk-zone-c\n  incident show 2022-12-18-hk-zone-c --tz UTC\n  incident show hk-zone-c --format json   # the whole record as JSON"
)]
pub struct Args {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// `table` (an overview) or `json` (the whole record, same field names as the RON file).
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,

    /// Show times in this zone: UTC, local, an IANA name or an offset like +05:30.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Table,
    Json,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let loaded = ctx.load(&args.incident)?;
    let inc = &loaded.incident;
    match args.format {
        ShowFormat::Json => emit(&json_text(inc)?),
        ShowFormat::Table => {
            let zone = zone_for(args.tz.as_deref(), &inc.timezone)?;
            emit(&overview(inc, &zone, &ctx.style))
        }
    }
}

/// The overview table of one record.
pub fn overview(inc: &Incident, zone: &Zone, style: &Style) -> String {
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
            inc.severity.ron(),
            inc.status.ron()
        ),
    );
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
    let sample = inc.moments.instant(MomentName::Started);
    row("Times shown in", zone_label(zone, sample));
    for name in MomentName::ALL {
        if let Some(m) = inc.moments.get(name) {
            row(
                &incident::model::text::capitalized(name.label()),
                when_text(m.at, zone, true),
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
            .map(|a| match a.names.values().next() {
                Some(other) if other != &a.name => format!("{} ({other})", a.name),
                _ => a.name.clone(),
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
            .map(|r| format!("{} ({})", r.person, r.role_name()))
            .collect();
        row("Responders", roles.join(", "));
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
