//! The page models of the static site (`incident site`): one small [`SiteEntry`] per record,
//! built on the loading threads, and the [`Site`] they add up to — the index rows, the
//! action-item ledger, incidents per month by severity, the time-to-resolve distribution and
//! service-hours per service. Pure functions on plain data; the pages are rendered by
//! `render/site/`, a floor above.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::derive::figures::{FigureKey, impact, key_figures};
use crate::derive::ledger::{self, LedgerFilter, LedgerItem};
use crate::derive::stats::{self, Facts, GroupStats};
use crate::model::record::{Incident, IncidentKind, MomentName, Severity, Status, TargetKind};
use crate::model::severity::Scale;
use crate::model::time::Instant;

/// One row of the index: what a reader scans to find an incident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexRow {
    pub id: String,
    /// The incident's page, relative to the site's root (`incidents/<name>.html`).
    pub page: String,
    /// The day of the first sign in the incident's home zone.
    pub date: Option<NaiveDate>,
    #[serde(
        serialize_with = "crate::model::vocab::as_token",
        deserialize_with = "crate::model::vocab::from_token"
    )]
    pub kind: IncidentKind,
    pub severity: Severity,
    #[serde(
        serialize_with = "crate::model::vocab::as_token",
        deserialize_with = "crate::model::vocab::from_token"
    )]
    pub status: Status,
    pub title: String,
    /// Total duration in minutes (first sign to resolution), if known.
    pub duration_minutes: Option<i64>,
    pub duration_approximate: bool,
    pub services: Vec<String>,
    /// The first paragraph of the record's summary (for the feed).
    pub summary: String,
    /// The latest instant the record gives (resolution, else the last moment or event), as
    /// RFC 3339: the feed's "updated" time, so the feed never reads the clock.
    pub updated: Option<String>,
}

/// Everything the site keeps of one record once its page is written; a rebuild reuses it
/// from the output folder while the record, the day and (for [`depends_on_now`] records) "now"
/// are unchanged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteEntry {
    pub row: IndexRow,
    pub facts: Facts,
    /// Counted outage and degraded minutes per affected service, in record order.
    pub service_minutes: Vec<(String, i64)>,
    pub actions: Vec<LedgerItem>,
}

/// The file name of an incident's page: its id with every character outside
/// `A-Z a-z 0-9 . _ -` replaced by `_`, so it is a safe file name and a link that needs no
/// escaping. (Record ids are file stems already; this only guards odd ones.)
pub fn page_name(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    format!(
        "incidents/{}.html",
        if safe.is_empty() { "_" } else { safe }
    )
}

/// The fingerprint of an incident's page: a SHA-256 (hex) over everything the page is made
/// from — the record's bytes, the instant its figures are counted to (which moves with "now"
/// only while the incident is unresolved), and `build`, the tool's version and the site's
/// options as the caller spells them. Equal fingerprints mean byte-identical pages, so a
/// rebuild need not render the page again.
pub fn page_fingerprint(
    record: &[u8],
    as_of: &crate::derive::moments::AsOf,
    build: &str,
) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    // Each part with its length first, so no two inputs run together the same way.
    for part in [
        record,
        as_of.at.rfc3339().as_bytes(),
        format!("{:?}", as_of.basis).as_bytes(),
        build.as_bytes(),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// True when the site's entry of `inc` ([`entry_of`]) changes with "now" on a given day: an
/// unresolved incident, whose figures are counted to now. A resolved one is as of its own end
/// (its open windows too, [`crate::derive::moments::as_of`]), so its entry depends only on the
/// record and the day (action items' age and overdue marks).
pub fn depends_on_now(inc: &Incident) -> bool {
    crate::derive::moments::end(inc).is_none()
}

/// Reduces one record to what the site's shared pages need. Open windows are counted to
/// `at`; action items are overdue when due before `day`.
pub fn entry_of(inc: &Incident, at: Instant, day: NaiveDate) -> SiteEntry {
    let total = key_figures(inc)
        .into_iter()
        .find(|f| f.key == FigureKey::TotalDuration);
    // A resolved incident is counted as of its own end, never the clock.
    let report = impact(inc, crate::derive::moments::as_of(inc, None, at).at);
    let service_minutes = report
        .targets
        .iter()
        .filter(|t| t.kind == TargetKind::Service && t.affected())
        .map(|t| (t.target.name.clone(), t.counted_minutes().unwrap_or(0)))
        .collect();
    let updated = latest_instant(inc).map(|i| i.rfc3339());
    SiteEntry {
        row: IndexRow {
            id: inc.id.clone(),
            page: page_name(&inc.id),
            date: crate::derive::moments::incident_date(inc),
            kind: inc.kind,
            severity: inc.severity.clone(),
            status: inc.status,
            title: inc.title.clone(),
            duration_minutes: total.as_ref().and_then(|f| f.minutes()),
            duration_approximate: total.is_some_and(|f| f.approximate()),
            services: inc.services.iter().map(|s| s.name.clone()).collect(),
            summary: inc
                .summary
                .split("\n\n")
                .map(str::trim)
                .find(|p| !p.is_empty())
                .unwrap_or("")
                .to_string(),
            updated,
        },
        facts: stats::facts_of(inc, at, day),
        service_minutes,
        actions: ledger::items_of(inc, &LedgerFilter::all(day)),
    }
}

/// The resolution if known, else the latest moment or event time the record gives.
fn latest_instant(inc: &Incident) -> Option<Instant> {
    if let Some(end) = crate::derive::moments::end(inc) {
        return Some(end);
    }
    let moments = [
        MomentName::Started,
        MomentName::Detected,
        MomentName::Mitigated,
    ];
    moments
        .into_iter()
        .filter_map(|m| inc.moments.instant(m))
        .chain(inc.events.iter().filter_map(|e| e.at.instant()))
        .max_by_key(|i| i.get())
}

/// One month's incidents, counted per severity (in the order of [`Site::severities`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub by_severity: Vec<usize>,
}

/// One bar of the time-to-resolve distribution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bucket {
    pub label: &'static str,
    pub count: usize,
}

/// The upper bounds (exclusive, in minutes) and labels of the time-to-resolve buckets.
pub const TTR_BUCKETS: [(i64, &str); 6] = [
    (60, "under 1 h"),
    (4 * 60, "1 h to 4 h"),
    (12 * 60, "4 h to 12 h"),
    (24 * 60, "12 h to 24 h"),
    (3 * 24 * 60, "1 d to 3 d"),
    (i64::MAX, "3 d or more"),
];

/// Total service-hours of one service across incidents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceHours {
    pub service: String,
    /// Counted outage and degraded minutes, summed over incidents.
    pub minutes: i64,
    pub incidents: usize,
}

/// The stats page: figures over the real incidents (drills and tests are left out, as in
/// `incident stats`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatsPage {
    pub incidents: usize,
    pub left_out: usize,
    pub months: Vec<MonthCount>,
    /// Real incidents without a date (not in `months`).
    pub undated: usize,
    pub time_to_resolve: Vec<Bucket>,
    /// Real incidents without a time to resolve (not in `time_to_resolve`).
    pub unresolved_or_unknown: usize,
    /// Services by service-hours, most first (ties by name).
    pub services: Vec<ServiceHours>,
    /// `incident stats` figures over the same incidents, per severity.
    pub groups: Vec<GroupStats>,
}

/// The whole site's shared pages; serialized, it is what a team's page templates
/// (`templates/index.html.j2`, …) are filled from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Site {
    pub title: String,
    /// Newest first (by date, then id), undated last.
    pub rows: Vec<IndexRow>,
    pub actions: Vec<LedgerItem>,
    pub stats: StatsPage,
    /// The as-of day for overdue items.
    pub day: NaiveDate,
    /// The severity levels, worst first: the scale's, then any other level a record names
    /// (which `check` reports), in name order.
    #[serde(skip)]
    pub severities: Vec<String>,
}

impl Site {
    /// The position of a level in [`Site::severities`].
    pub fn severity_rank(&self, s: &Severity) -> usize {
        self.severities
            .iter()
            .position(|n| n == s.name())
            .unwrap_or(self.severities.len())
    }
}

/// Adds up the entries into the site's shared pages.
pub fn build(title: &str, entries: Vec<SiteEntry>, day: NaiveDate, scale: &Scale) -> Site {
    let mut severities = scale.names();
    let mut others: Vec<String> = entries
        .iter()
        .map(|e| e.row.severity.name().to_string())
        .filter(|n| !severities.contains(n))
        .collect();
    others.sort();
    others.dedup();
    severities.extend(others);
    let mut rows = Vec::with_capacity(entries.len());
    let mut actions = Vec::new();
    let mut facts = Vec::new();
    let mut months: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut undated = 0;
    let mut buckets = [0usize; TTR_BUCKETS.len()];
    let mut unresolved_or_unknown = 0;
    let mut services: BTreeMap<String, (i64, usize)> = BTreeMap::new();
    let mut left_out = 0;
    for e in entries {
        actions.extend(e.actions);
        if e.row.kind != IncidentKind::Real {
            left_out += 1;
            rows.push(e.row);
            continue;
        }
        let sev = severities
            .iter()
            .position(|n| n == e.row.severity.name())
            .unwrap_or_default();
        match &e.facts.month {
            Some(m) => {
                months
                    .entry(m.clone())
                    .or_insert_with(|| vec![0; severities.len()])[sev] += 1;
            }
            None => undated += 1,
        }
        let ttr = stats::METRICS
            .iter()
            .position(|m| m.key == FigureKey::TimeToResolve)
            .and_then(|i| e.facts.values.get(i))
            .and_then(|v| v.minutes);
        match ttr {
            Some(m) => {
                let i = TTR_BUCKETS
                    .iter()
                    .position(|(limit, _)| m < *limit)
                    .unwrap_or(TTR_BUCKETS.len() - 1);
                buckets[i] += 1;
            }
            None => unresolved_or_unknown += 1,
        }
        for (name, minutes) in &e.service_minutes {
            let s = services.entry(name.clone()).or_default();
            s.0 += minutes;
            s.1 += 1;
        }
        facts.push(e.facts);
        rows.push(e.row);
    }
    // Newest first; undated at the end; ties by id so the order never depends on loading.
    rows.sort_by(|a, b| match (a.date, b.date) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    });
    ledger::sort(&mut actions);
    facts.sort_by(|a, b| a.id.cmp(&b.id));
    let mut services: Vec<ServiceHours> = services
        .into_iter()
        .map(|(service, (minutes, incidents))| ServiceHours {
            service,
            minutes,
            incidents,
        })
        .collect();
    services.sort_by(|a, b| b.minutes.cmp(&a.minutes).then(a.service.cmp(&b.service)));
    let stats = StatsPage {
        incidents: facts.len(),
        left_out,
        months: months
            .into_iter()
            .map(|(month, by_severity)| MonthCount { month, by_severity })
            .collect(),
        undated,
        time_to_resolve: TTR_BUCKETS
            .iter()
            .zip(buckets)
            .map(|((_, label), count)| Bucket { label, count })
            .collect(),
        unresolved_or_unknown,
        services,
        groups: stats::report(&facts, Some(&stats::By::Severity), scale),
    };
    Site {
        title: title.to_string(),
        rows,
        actions,
        stats,
        day,
        severities,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hk() -> Incident {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        crate::files::load::parse_text(std::path::Path::new("hk.ron"), text).unwrap()
    }

    #[test]
    fn an_entry_that_does_not_depend_on_now_is_the_same_at_any_time_of_a_day() {
        let inc = hk();
        assert!(!depends_on_now(&inc));
        let day = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        let at = |s: &str| Instant(chrono::DateTime::parse_from_rfc3339(s).unwrap());
        assert_eq!(
            entry_of(&inc, at("2024-06-30T01:00:00Z"), day),
            entry_of(&inc, at("2024-06-30T23:00:00Z"), day)
        );
        // Reopened, with its last window open: figures count to now, so it depends on it.
        let mut open = inc.clone();
        open.moments.resolved = None;
        assert!(depends_on_now(&open));
        // Resolved with a window left open: counted to its own end, not to now.
        let mut window = inc;
        window.services[0].windows[0].to = crate::model::time::When::Open;
        assert!(!depends_on_now(&window));
        assert_eq!(
            entry_of(&window, at("2024-06-30T01:00:00Z"), day),
            entry_of(&window, at("2024-06-30T23:00:00Z"), day)
        );
    }

    #[test]
    fn page_names_are_safe_file_names() {
        assert_eq!(
            page_name("2022-12-18-hk-zone-c"),
            "incidents/2022-12-18-hk-zone-c.html"
        );
        assert_eq!(page_name("../x y"), "incidents/_x_y.html");
        assert_eq!(page_name(""), "incidents/_.html");
    }

    #[test]
    fn hong_kong_entry_and_site() {
        let inc = hk();
        let at: Instant = "2023-01-01T00:00:00+00:00".parse().unwrap();
        let day: NaiveDate = "2023-01-01".parse().unwrap();
        let e = entry_of(&inc, at, day);
        assert_eq!(e.row.date, "2022-12-18".parse().ok());
        assert_eq!(e.row.duration_minutes, Some(855));
        assert_eq!(e.row.updated.as_deref(), Some("2022-12-18T23:11:00+08:00"));
        assert!(!e.service_minutes.is_empty());
        let mut drill = e.clone();
        drill.row.kind = IncidentKind::Drill;
        drill.row.id = "drill".into();
        let site = build("T", vec![e.clone(), drill], day, &Scale::builtin());
        assert_eq!(site.rows.len(), 2);
        assert_eq!(site.stats.incidents, 1);
        assert_eq!(site.stats.left_out, 1);
        assert_eq!(site.stats.months.len(), 1);
        assert_eq!(site.stats.months[0].month, "2022-12");
        assert_eq!(site.stats.months[0].by_severity, [1, 0, 0, 0]);
        // 834 minutes to resolve: the "12 h to 24 h" bucket.
        let counts: Vec<usize> = site.stats.time_to_resolve.iter().map(|b| b.count).collect();
        assert_eq!(counts, vec![0, 0, 0, 1, 0, 0]);
        let top = &site.stats.services[0];
        let most = e.service_minutes.iter().map(|(_, m)| *m).max().unwrap();
        assert_eq!(top.minutes, most);
        assert_eq!(site.actions.len(), 2 * inc.actions.len());
    }
}
