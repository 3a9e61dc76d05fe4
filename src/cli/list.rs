//! `incident list`: one line per incident, filtered and sorted.

use anstream::eprintln;
use chrono::NaiveDate;
use serde::Serialize;

use incident::derive::figures::{Bound, FigureKey, Span, key_figures};
use incident::derive::moments::incident_date;
use incident::derive::select::{Selection, Verdict};
use incident::files::load::Loaded;
use incident::files::store;
use incident::model::record::{IncidentKind, Severity, Status};
use incident::render::{csv, markdown, table};

use super::word_arg::word;
use super::{CommandError, Context, Format, Outcome, emit, json_text};

/// List incidents: id, date, severity, status, title, duration — filtered and sorted.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  incident list
  incident list --severity sev1,sev2 --since 2024-01-01
  incident list --status investigating,identified     # still being worked on
  incident list --kind drill                          # drills only (hidden by default)
  incident list --kind real,drill,test                # everything
  incident list --tag cooling --service oss --grep sprinkler
  incident list --sort duration --format csv > incidents.csv

Filters combine: every filter given must match; a filter given several values (comma-separated
or repeated) matches any of them. Dates are the day of the first sign (start or detection) in
the incident's home zone. Drills and tests are hidden unless --kind asks for them.
Exit status: 0, or 1 when a record could not be read (it is reported and left out).")]
pub struct Args {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Order: `date` (newest first), `id`, `severity` (worst first), `duration` (longest
    /// first), `status`.
    #[arg(long, value_enum, default_value_t = SortKey::Date)]
    pub sort: SortKey,

    /// `table`, `markdown`, `csv` or `json`.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The filters shared by `list` and `stats`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Only these severities (comma-separated): levels of the team's scale (`incident config
    /// show`); built in: sev1, sev2, sev3, sev4.
    #[arg(long, value_delimiter = ',', value_name = "SEV",
          add = clap_complete::ArgValueCandidates::new(super::complete::severity_levels))]
    pub severity: Vec<String>,

    /// Only these statuses (comma-separated).
    #[arg(long, value_parser = word::<Status>(), value_delimiter = ',', value_name = "STATUS")]
    pub status: Vec<Status>,

    /// Kinds to include (comma-separated); default: real only, drills and tests hidden.
    #[arg(long, value_parser = word::<IncidentKind>(), value_delimiter = ',', value_name = "KIND")]
    pub kind: Vec<IncidentKind>,

    /// Only incidents dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<NaiveDate>,

    /// Only incidents dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<NaiveDate>,

    /// Only incidents with this tag (exact, ignoring case); repeat for any of several.
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// Only incidents affecting a service whose name contains this (ignoring case).
    #[arg(long, value_name = "NAME", add = clap_complete::ArgValueCandidates::new(super::complete::all_services))]
    pub service: Vec<String>,

    /// Only incidents affecting a customer whose name contains this (ignoring case).
    #[arg(long, value_name = "NAME", add = clap_complete::ArgValueCandidates::new(super::complete::all_customers))]
    pub customer: Vec<String>,

    /// Only incidents whose title, summary or event texts contain this (ignoring case).
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,

    /// Only incidents whose custom field NAME has VALUE (ignoring case; for a list, one of its
    /// values); repeat to require several.
    #[arg(long, value_name = "NAME=VALUE", value_parser = super::conventions::parse_field_filter,
          add = clap_complete::ArgValueCandidates::new(super::complete::field_filters))]
    pub field: Vec<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SortKey {
    Date,
    Id,
    Severity,
    Duration,
    Status,
}

/// Reads a `YYYY-MM-DD` day from the command line.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        format!(
            "`{}` is not a day; expected YYYY-MM-DD, like 2024-03-31",
            s.trim()
        )
    })
}

impl FilterArgs {
    /// The selection these arguments describe, with the team's default kinds when the
    /// incidents folder has a configuration that sets them.
    pub fn selection(&self, ctx: &super::Context) -> Result<Selection, CommandError> {
        let config = super::conventions::config(ctx)?;
        let default_kinds = config.defaults.kinds.clone();
        let severities = self
            .severity
            .iter()
            .map(|s| super::conventions::severity(ctx, "--severity", s))
            .collect::<Result<Vec<_>, _>>()?;
        for (name, _) in &self.field {
            super::conventions::known_field(&config, "--field", name)?;
        }
        if let (Some(a), Some(b)) = (self.since, self.until)
            && a > b
        {
            return Err(CommandError::usage(format!(
                "--since {a} is after --until {b}"
            )));
        }
        Ok(Selection {
            severities,
            statuses: self.status.clone(),
            kinds: self.kind.clone(),
            default_kinds,
            since: self.since,
            until: self.until,
            tags: self.tag.clone(),
            services: self.service.clone(),
            customers: self.customer.clone(),
            grep: self.grep.clone(),
            fields: self.field.clone(),
        })
    }
}

/// What `list` keeps of each record; built on the loading threads so records are dropped early.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub id: String,
    /// The day of the first sign (start or detection) in the incident's home zone.
    pub date: Option<NaiveDate>,
    #[serde(serialize_with = "incident::model::vocab::as_token")]
    pub kind: IncidentKind,
    pub severity: Severity,
    #[serde(serialize_with = "incident::model::vocab::as_token")]
    pub status: Status,
    pub title: String,
    /// Total duration in minutes (first sign to resolution), if known: the value that stands
    /// for it (the middle of a range, the bound of a bound).
    pub duration_minutes: Option<i64>,
    pub duration_approximate: bool,
    /// The shortest and longest the total duration can be; `null` on a side nothing bounds.
    pub duration_min: Option<i64>,
    pub duration_max: Option<i64>,
    /// `exact`, `approximate`, `range`, `at_least`, `at_most` or `unknown`.
    pub duration_bound: Bound,
    pub path: String,
    /// The team's custom fields the record gives.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fields: incident::model::fields::Fields,
    /// The total duration as the record knows it, for the table.
    #[serde(skip)]
    pub duration: Span,
}

pub fn row_of(l: &Loaded) -> Row {
    let inc = &l.incident;
    let total = key_figures(inc)
        .into_iter()
        .find(|f| f.key == FigureKey::TotalDuration);
    let duration = total.and_then(|f| f.span).unwrap_or_default();
    Row {
        id: inc.id.clone(),
        date: incident_date(inc),
        kind: inc.kind,
        severity: inc.severity.clone(),
        status: inc.status,
        title: inc.title.clone(),
        duration_minutes: duration.minutes(),
        duration_approximate: duration.approximate,
        duration_min: duration.min,
        duration_max: duration.max,
        duration_bound: duration.bound(),
        path: l.path.display().to_string(),
        fields: inc.fields.clone(),
        duration,
    }
}

/// Splits loading results into the good values and the count of broken records, printing
/// each broken record's problem (file:line:column) on standard error.
pub fn split_broken<T>(
    results: Vec<Result<T, incident::model::problem::Problem>>,
) -> (Vec<T>, usize) {
    let mut good = Vec::with_capacity(results.len());
    let mut broken = 0;
    for r in results {
        match r {
            Ok(t) => good.push(t),
            Err(p) => {
                broken += 1;
                eprintln!("{p}");
            }
        }
    }
    (good, broken)
}

/// The closing word on broken records: exit 1 when any were left out.
pub fn finish(broken: usize) -> Outcome {
    if broken > 0 {
        eprintln!("{broken} record(s) could not be read and were left out");
        return Err(CommandError::reported());
    }
    Ok(())
}

fn duration_text(r: &Row) -> String {
    match (r.duration_minutes, r.status.is_over()) {
        (None, false) => "ongoing".to_string(),
        _ => r.duration.text(),
    }
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let dir = ctx.dir()?;
    let selection = args.filter.selection(ctx)?;
    let results = store::scan(&dir, |l| match selection.verdict(&l.incident) {
        Verdict::Keep => (Some(row_of(&l)), false),
        Verdict::HiddenKind => (None, true),
        Verdict::Filtered => (None, false),
    })?;
    let (reduced, broken) = split_broken(results);
    let hidden = reduced.iter().filter(|(_, h)| *h).count();
    let mut rows: Vec<Row> = reduced.into_iter().filter_map(|(r, _)| r).collect();
    sort_rows(&mut rows, args.sort, &super::conventions::scale(ctx)?);
    const HEADER: [&str; 7] = [
        "Id", "Date", "Kind", "Severity", "Status", "Title", "Duration",
    ];
    let cells = |r: &Row| {
        vec![
            r.id.clone(),
            r.date.map(|d| d.to_string()).unwrap_or_default(),
            r.kind.ron().to_string(),
            r.severity.name().to_string(),
            r.status.ron().to_string(),
            r.title.clone(),
            duration_text(r),
        ]
    };
    match args.format {
        Format::Json => emit(&json_text(&rows)?)?,
        Format::Csv => {
            let header = [
                "id",
                "date",
                "kind",
                "severity",
                "status",
                "title",
                "duration_minutes",
                "duration_approximate",
                "duration_min",
                "duration_max",
                "duration_bound",
                "path",
            ];
            let body: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let mut c = cells(r);
                    c.pop();
                    // The machine words, as in JSON; the table keeps its own spelling.
                    c[2] = r.kind.token().to_string();
                    c[4] = r.status.token().to_string();
                    c.push(
                        r.duration_minutes
                            .map(|m| m.to_string())
                            .unwrap_or_default(),
                    );
                    c.push(r.duration_approximate.to_string());
                    for n in [r.duration_min, r.duration_max] {
                        c.push(n.map(|m| m.to_string()).unwrap_or_default());
                    }
                    c.push(r.duration_bound.token().to_string());
                    c.push(r.path.clone());
                    c
                })
                .collect();
            emit(&csv::table(&header, &body))?;
        }
        Format::Markdown => {
            let body: Vec<Vec<String>> = rows
                .iter()
                .map(|r| cells(r).iter().map(|c| markdown::cell(c)).collect())
                .collect();
            emit(&markdown::table(&HEADER, &body))?;
        }
        Format::Table => {
            let chunk = incident::render::ledger::TABLE_CHUNK;
            let mut out = table::render_items(&ctx.style, &HEADER, &rows, cells, chunk);
            out.push_str(&format!("{} incident(s)\n", rows.len()));
            emit(&out)?;
        }
    }
    if hidden > 0 && matches!(args.format, Format::Table | Format::Markdown) {
        eprintln!(
            "note: {hidden} drill or test incident(s) hidden; show them with --kind real,drill,test"
        );
    }
    finish(broken)
}

fn sort_rows(rows: &mut [Row], key: SortKey, scale: &incident::model::severity::Scale) {
    // Every order ends with the id, so equal keys never depend on the folder's order.
    match key {
        SortKey::Date => rows.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id))),
        SortKey::Id => rows.sort_by(|a, b| a.id.cmp(&b.id)),
        SortKey::Severity => rows.sort_by(|a, b| {
            (
                scale.sort_key(&a.severity),
                std::cmp::Reverse(a.date),
                &a.id,
            )
                .cmp(&(
                    scale.sort_key(&b.severity),
                    std::cmp::Reverse(b.date),
                    &b.id,
                ))
        }),
        SortKey::Duration => rows.sort_by(|a, b| {
            (std::cmp::Reverse(a.duration_minutes), &a.id)
                .cmp(&(std::cmp::Reverse(b.duration_minutes), &b.id))
        }),
        SortKey::Status => rows.sort_by(|a, b| (a.status, &a.id).cmp(&(b.status, &b.id))),
    }
}
