//! `incident list`: one line per incident.

use serde::Serialize;

use incident::figures::key_figures;
use incident::load::Loaded;
use incident::record::{IncidentKind, MomentName, Severity, Status};
use incident::render::{minutes_text, table};
use incident::store;
use incident::time::Zone;

use super::{Context, Failure, Outcome, emit, json_text};

/// List incidents: id, date, severity, status, title, duration.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident list\n  incident list --format json\n  incident --dir path/to/incidents list"
)]
pub struct Args {
    /// `table` or `json`.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// What `list` keeps of each record; built on the loading threads so records are dropped early.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub id: String,
    /// The start date in the incident's home zone (or of detection, if no start is known).
    pub date: Option<String>,
    pub kind: IncidentKind,
    pub severity: Severity,
    pub status: Status,
    pub title: String,
    /// Total duration in minutes (first sign to resolution), if known.
    pub duration_minutes: Option<i64>,
    pub duration_approximate: bool,
    pub path: String,
}

pub fn row_of(l: Loaded) -> Row {
    let inc = &l.incident;
    let zone = incident::time::parse_iana(&inc.timezone).map_or(Zone::Utc, Zone::Named);
    let first = inc
        .moments
        .instant(MomentName::Started)
        .or_else(|| inc.moments.instant(MomentName::Detected));
    let total = key_figures(inc)
        .into_iter()
        .find(|f| f.key == "total_duration");
    Row {
        id: inc.id.clone(),
        date: first.map(|t| zone.convert(t.get()).format("%Y-%m-%d").to_string()),
        kind: inc.kind,
        severity: inc.severity,
        status: inc.status,
        title: inc.title.clone(),
        duration_minutes: total.as_ref().and_then(|f| f.minutes),
        duration_approximate: total.is_some_and(|f| f.approximate),
        path: l.path.display().to_string(),
    }
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let dir = ctx.dir()?;
    let results = store::scan(&dir, row_of)?;
    let mut rows = Vec::new();
    let mut broken = 0;
    for r in results {
        match r {
            Ok(row) => rows.push(row),
            Err(p) => {
                broken += 1;
                eprintln!("{p}");
            }
        }
    }
    rows.sort_by(|a, b| (&b.date, &b.id).cmp(&(&a.date, &a.id)));
    match args.format {
        ListFormat::Json => emit(&json_text(&rows)?)?,
        ListFormat::Table => {
            let mut t = table::new_table(
                &ctx.style,
                &["Id", "Date", "Severity", "Status", "Title", "Duration"],
            );
            for r in &rows {
                let duration = match (r.duration_minutes, r.status.is_over()) {
                    (None, false) => "ongoing".to_string(),
                    (m, _) => minutes_text(m, r.duration_approximate),
                };
                t.add_row(vec![
                    table::text_cell(&r.id),
                    table::text_cell(r.date.as_deref().unwrap_or("")),
                    table::text_cell(&format!("{:?}", r.severity)),
                    table::text_cell(&format!("{:?}", r.status)),
                    table::text_cell(&r.title),
                    table::text_cell(&duration),
                ]);
            }
            emit(&table::render(&t))?;
        }
    }
    if broken > 0 {
        eprintln!("{broken} record(s) could not be read and were left out");
        return Err(Failure::Reported);
    }
    Ok(())
}
