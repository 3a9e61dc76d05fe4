//! The site's shared pages: index, action items, statistics, the Atom feed and the JSON list.

use std::fmt::Write as _;

use serde::Serialize;

use super::charts::{self, Bar, Series};
use super::{page, severity_colour};
use crate::derive::ledger::{self, LedgerItem};
use crate::derive::site::{IndexRow, Site};
use crate::derive::summary::SectionId;
use crate::model::record::Severity;
use crate::model::time::minutes_text;
use crate::render::html::escape;

/// A level's badge: `site.css` colours the four worst ranks; lower ones share the fourth's.
fn severity_badge(site: &Site, s: &Severity) -> String {
    format!(
        "<span class=\"sev sev{}\">{}</span>",
        site.severity_rank(s).min(3) + 1,
        escape(s.name())
    )
}

fn duration_cell(r: &IndexRow) -> String {
    match (r.duration_minutes, r.status.is_over()) {
        (None, false) => "ongoing".to_string(),
        (m, _) => minutes_text(m, r.duration_approximate),
    }
}

/// The most rows a fold of the index holds before its year is folded by month instead.
pub const FOLD_ROWS: usize = 500;

/// One fold of the index: its id (`2025`, `2025-12`, `unknown`), its label and its rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fold {
    pub id: String,
    pub label: String,
    pub rows: std::ops::Range<usize>,
}

/// The folds of the index: one a year, newest first (rows come newest first, undated last, so a
/// year's rows are consecutive); a year of more than [`FOLD_ROWS`] incidents is folded by month,
/// so that no fold a reader opens — the newest above all, open at first — is long to lay out.
pub fn folds(rows: &[IndexRow]) -> Vec<Fold> {
    use chrono::Datelike;
    // Consecutive runs of rows with the same key.
    fn runs<K: PartialEq>(
        rows: &[IndexRow],
        from: usize,
        key: impl Fn(&IndexRow) -> K,
    ) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        while start < rows.len() {
            let k = key(&rows[start]);
            let end = rows[start..]
                .iter()
                .position(|r| key(r) != k)
                .map_or(rows.len(), |n| start + n);
            out.push(from + start..from + end);
            start = end;
        }
        out
    }
    let mut out = Vec::new();
    for year in runs(rows, 0, |r| r.date.map(|d| d.year())) {
        let Some(date) = rows[year.start].date else {
            out.push(Fold {
                id: "unknown".into(),
                label: "Date unknown".into(),
                rows: year,
            });
            continue;
        };
        if year.len() <= FOLD_ROWS {
            out.push(Fold {
                id: date.year().to_string(),
                label: date.year().to_string(),
                rows: year,
            });
            continue;
        }
        for month in runs(&rows[year.clone()], year.start, |r| {
            r.date.map(|d| d.month())
        }) {
            let d = rows[month.start].date.unwrap_or(date);
            let id = d.format("%Y-%m").to_string();
            out.push(Fold {
                label: id.clone(),
                id,
                rows: month,
            });
        }
    }
    out
}

/// `index.html`: every incident, newest first, in folds — a table per year, or per month in a
/// year of more than [`FOLD_ROWS`] — each a `<details>` element with only the newest open. A
/// browser lays out only what is open, so a folder of 10,000 incidents opens about as fast as
/// its newest fold (docs/performance.md); without script every fold is one click away, and
/// with it the filter and the sort reach every row.
pub fn index(site: &Site) -> String {
    let mut b = String::with_capacity(site.rows.len() * 420 + 2048);
    let _ = writeln!(
        b,
        "<p>{} incidents, newest first, by year (by month in a year of more than {FOLD_ROWS}). Drills and tests are marked. Figures are defined on each incident's page.</p>",
        site.rows.len()
    );
    // Shown by the script only: without script the tables below are the whole page.
    b.push_str(
        "<div id=\"filter-box\" hidden><label for=\"filter\">Filter (every word must match, e.g. <kbd>Sev1 resolved</kbd>): </label>\
         <input id=\"filter\" type=\"search\" autocomplete=\"off\"> <output id=\"shown\" for=\"filter\" aria-live=\"polite\"></output>\
         <p class=\"muted\">Select a column heading to sort every incident by it.</p></div>\n",
    );
    let mut head = String::from("<thead><tr>");
    for (key, label, numeric) in [
        ("date", "Date", false),
        ("severity", "Severity", true),
        ("status", "Status", false),
        ("title", "Title", false),
        ("duration", "Duration", true),
        ("services", "Services", false),
    ] {
        let num = if numeric { " data-numeric" } else { "" };
        let _ = write!(
            head,
            "<th scope=\"col\" data-key=\"{key}\"{num}>{label}</th>"
        );
    }
    head.push_str("</tr></thead>\n");
    b.push_str("<div id=\"incidents\">\n");
    for (n, fold) in folds(&site.rows).into_iter().enumerate() {
        let count = fold.rows.len();
        let _ = writeln!(
            b,
            "<details class=\"year\" id=\"year-{}\"{}><summary>{} <span class=\"muted\">({count} incident{})</span></summary>",
            fold.id,
            if n == 0 { " open" } else { "" },
            fold.label,
            if count == 1 { "" } else { "s" },
        );
        let _ = write!(
            b,
            "<table class=\"incidents\">\n<caption>Incidents: {}</caption>\n{head}<tbody>\n",
            fold.label
        );
        for r in &site.rows[fold.rows] {
            index_row(&mut b, site, r);
        }
        b.push_str("</tbody>\n</table>\n</details>\n");
    }
    b.push_str("</div>\n");
    page(site, "index.html", "Incidents", &b, true)
}

/// One incident's row of the index.
fn index_row(b: &mut String, site: &Site, r: &IndexRow) {
    let date = r.date.map(|d| d.to_string()).unwrap_or_default();
    let kind = if r.kind == crate::model::record::IncidentKind::Real {
        String::new()
    } else {
        format!(" <span class=\"muted\">({})</span>", r.kind.label())
    };
    let _ = writeln!(
        b,
        "<tr><td class=\"nowrap\">{}</td><td data-sort=\"{}\">{}</td><td>{}</td><th scope=\"row\"><a href=\"{}\">{}</a>{kind}</th><td class=\"num\" data-sort=\"{}\">{}</td><td>{}</td></tr>",
        if date.is_empty() { "unknown" } else { &date },
        site.severity_rank(&r.severity) + 1,
        severity_badge(site, &r.severity),
        r.status.label(),
        escape(&r.page),
        escape(&r.title),
        r.duration_minutes
            .map(|m| m.to_string())
            .unwrap_or_default(),
        escape(&duration_cell(r)),
        escape(&r.services.join(", ")),
    );
}

fn action_row(b: &mut String, i: &LedgerItem, page_of: &dyn Fn(&str) -> Option<String>) {
    let incident = match page_of(&i.incident) {
        Some(p) => format!(
            "<a href=\"{}#{}\">{}</a>",
            escape(&p),
            SectionId::ActionItems.anchor(),
            escape(&i.incident)
        ),
        None => escape(&i.incident),
    };
    let status = if i.overdue {
        format!(
            "{} <strong class=\"overdue\">overdue</strong>",
            i.status.label()
        )
    } else {
        i.status.label().to_string()
    };
    let _ = writeln!(
        b,
        "<tr{}><td>{incident}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"nowrap\">{}</td><td>{status}</td></tr>",
        if i.overdue {
            " class=\"overdue-row\""
        } else {
            ""
        },
        escape(&i.id),
        crate::render::prose::html_inline(&i.text),
        i.kind.label(),
        escape(i.owner.as_deref().unwrap_or("")),
        i.priority.map(|p| p.label()).unwrap_or(""),
        i.due.map(|d| d.to_string()).unwrap_or_default(),
    );
}

/// `actions.html`: the action-item ledger across incidents, overdue items marked.
pub fn actions(site: &Site) -> String {
    let counts = ledger::counts(&site.actions);
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<p>{} action items, {} open, <strong class=\"overdue\">{} overdue</strong> as of {} (open or in progress, due before that day).</p>",
        counts.items, counts.open, counts.overdue, site.day
    );
    let pages: std::collections::HashMap<&str, &str> = site
        .rows
        .iter()
        .map(|r| (r.id.as_str(), r.page.as_str()))
        .collect();
    let page_of = |id: &str| pages.get(id).map(|p| (*p).to_string());
    b.push_str("<table id=\"actions\">\n<caption>Action items by incident</caption>\n<thead><tr>");
    for h in [
        "Incident", "Id", "Action", "Type", "Owner", "Priority", "Due", "Status",
    ] {
        let _ = write!(b, "<th scope=\"col\">{h}</th>");
    }
    b.push_str("</tr></thead>\n<tbody>\n");
    for i in &site.actions {
        action_row(&mut b, i, &page_of);
    }
    b.push_str("</tbody>\n</table>\n");
    page(site, "actions.html", "Action items", &b, false)
}

/// `stats.html`: three charts, each beside the table of its numbers, and the figures of
/// `incident stats` per severity.
pub fn stats(site: &Site) -> String {
    let s = &site.stats;
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<p>Over {} real incidents; {} drills and tests are left out.</p>",
        s.incidents, s.left_out
    );

    // Incidents per month by severity.
    b.push_str("<section aria-labelledby=\"per-month\">\n<h2 id=\"per-month\">Incidents per month by severity</h2>\n");
    let series: Vec<Series> = s
        .months
        .iter()
        .map(|m| Series {
            label: m.month.clone(),
            parts: m
                .by_severity
                .iter()
                .enumerate()
                .map(|(rank, n)| (severity_colour(rank), *n))
                .collect(),
        })
        .collect();
    let total: usize = s
        .months
        .iter()
        .map(|m| m.by_severity.iter().sum::<usize>())
        .sum();
    let busiest = s.months.iter().max_by_key(|m| {
        (
            m.by_severity.iter().sum::<usize>(),
            std::cmp::Reverse(&m.month),
        )
    });
    let desc = match busiest {
        Some(m) => format!(
            "{total} incidents over {} months; the most in {} ({}). The table beside the chart gives every month.",
            s.months.len(),
            m.month,
            m.by_severity.iter().sum::<usize>()
        ),
        None => "No dated incidents.".to_string(),
    };
    b.push_str("<div class=\"chart-pair\">\n");
    b.push_str(&charts::stacked_columns(
        "chart-month",
        "Incidents per month by severity",
        &desc,
        &series,
        // The legend names only the severities that occur.
        &site
            .severities
            .iter()
            .enumerate()
            .filter(|(rank, _)| s.months.iter().any(|m| m.by_severity[*rank] > 0))
            .map(|(rank, name)| (severity_colour(rank), name.as_str()))
            .collect::<Vec<_>>(),
    ));
    b.push_str("<div class=\"table-scroll\"><table>\n<caption>Incidents per month</caption>\n<thead><tr><th scope=\"col\">Month</th>");
    for sev in &site.severities {
        let _ = write!(b, "<th scope=\"col\" class=\"num\">{}</th>", escape(sev));
    }
    b.push_str("<th scope=\"col\" class=\"num\">Total</th></tr></thead>\n<tbody>\n");
    for m in &s.months {
        let _ = write!(b, "<tr><th scope=\"row\">{}</th>", escape(&m.month));
        for n in &m.by_severity {
            let _ = write!(b, "<td class=\"num\">{n}</td>");
        }
        let _ = writeln!(
            b,
            "<td class=\"num\">{}</td></tr>",
            m.by_severity.iter().sum::<usize>()
        );
    }
    b.push_str("</tbody>\n</table></div>\n</div>\n");
    if s.undated > 0 {
        let _ = writeln!(
            b,
            "<p class=\"muted\">{} incidents have no known date and are not counted here.</p>",
            s.undated
        );
    }
    b.push_str("</section>\n");

    // Time to resolve.
    b.push_str("<section aria-labelledby=\"ttr\">\n<h2 id=\"ttr\">Time to resolve</h2>\n");
    let bars: Vec<Bar> = s
        .time_to_resolve
        .iter()
        .map(|x| Bar {
            label: x.label.to_string(),
            value: x.count as f64,
            text: x.count.to_string(),
        })
        .collect();
    let resolved: usize = s.time_to_resolve.iter().map(|x| x.count).sum();
    let desc = format!(
        "Time from detection to resolution of {resolved} incidents, counted in six ranges: {}. {} incidents are unresolved or lack the times.",
        s.time_to_resolve
            .iter()
            .map(|x| format!("{} {}", x.label, x.count))
            .collect::<Vec<_>>()
            .join(", "),
        s.unresolved_or_unknown
    );
    b.push_str("<div class=\"chart-pair\">\n");
    b.push_str(&charts::horizontal_bars(
        "chart-ttr",
        "Time to resolve",
        &desc,
        &bars,
    ));
    b.push_str("<table>\n<caption>Incidents by time to resolve</caption>\n<thead><tr><th scope=\"col\">Time to resolve</th><th scope=\"col\" class=\"num\">Incidents</th></tr></thead>\n<tbody>\n");
    for x in &s.time_to_resolve {
        let _ = writeln!(
            b,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td></tr>",
            x.label, x.count
        );
    }
    let _ = writeln!(
        b,
        "<tr><th scope=\"row\">unresolved or unknown</th><td class=\"num\">{}</td></tr>",
        s.unresolved_or_unknown
    );
    b.push_str("</tbody>\n</table>\n</div>\n</section>\n");

    // Services by service-hours.
    const TOP: usize = 15;
    b.push_str("<section aria-labelledby=\"service-hours\">\n<h2 id=\"service-hours\">Services by service-hours</h2>\n");
    let bars: Vec<Bar> = s
        .services
        .iter()
        .take(TOP)
        .map(|x| Bar {
            label: x.service.clone(),
            value: x.minutes as f64 / 60.0,
            text: crate::render::stats::hours(x.minutes),
        })
        .collect();
    let desc = match s.services.first() {
        Some(top) => format!(
            "Outage and degraded hours per service, summed over incidents, for the {} services with the most (of {}); the most: {} with {} h. The table beside the chart lists every service.",
            bars.len(),
            s.services.len(),
            top.service,
            crate::render::stats::hours(top.minutes)
        ),
        None => "No service had outage or degraded time.".to_string(),
    };
    b.push_str("<div class=\"chart-pair\">\n");
    b.push_str(&charts::horizontal_bars(
        "chart-services",
        "Services by service-hours",
        &desc,
        &bars,
    ));
    b.push_str("<div class=\"table-scroll\"><table>\n<caption>Service-hours per service</caption>\n<thead><tr><th scope=\"col\">Service</th><th scope=\"col\" class=\"num\">Service-hours</th><th scope=\"col\" class=\"num\">Incidents</th></tr></thead>\n<tbody>\n");
    for x in &s.services {
        let _ = writeln!(
            b,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&x.service),
            crate::render::stats::hours(x.minutes),
            x.incidents
        );
    }
    b.push_str("</tbody>\n</table></div>\n</div>\n</section>\n");

    // The figures of `incident stats --by severity`.
    b.push_str("<section aria-labelledby=\"figures\">\n<h2 id=\"figures\">Figures by severity</h2>\n<table>\n<caption>Median, 90th percentile and maximum (nearest rank)</caption>\n<thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Figure</th><th scope=\"col\">Covered</th><th scope=\"col\" class=\"num\">Median</th><th scope=\"col\" class=\"num\">P90</th><th scope=\"col\" class=\"num\">Max</th></tr></thead>\n<tbody>\n");
    for g in &s.groups {
        let group = g.group.as_deref().unwrap_or("All");
        for d in &g.figures {
            let v = |m: Option<i64>| {
                m.map_or_else(
                    || "–".to_string(),
                    |m| match d.unit {
                        crate::derive::stats::Unit::Hours => {
                            format!("{} h", crate::render::stats::hours(m))
                        }
                        crate::derive::stats::Unit::Duration => minutes_text(Some(m), false),
                        crate::derive::stats::Unit::Count => m.to_string(),
                    },
                )
            };
            let _ = writeln!(
                b,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(group),
                escape(d.label),
                escape(&crate::derive::stats::coverage(d)),
                v(d.median),
                v(d.p90),
                v(d.max)
            );
        }
    }
    b.push_str("</tbody>\n</table>\n<h3>Definitions</h3>\n<dl>\n");
    for (term, def) in crate::derive::stats::definitions() {
        let _ = writeln!(b, "<dt>{}</dt><dd>{}</dd>", escape(term), escape(def));
    }
    b.push_str("</dl>\n</section>\n");
    page(site, "stats.html", "Statistics", &b, false)
}

/// `feed.xml`: an Atom feed of the 50 incidents updated last. Entry times come from the
/// records (resolution, else the latest time given), never from the clock. Links are
/// relative unless `base_url` is given; ids are `urn:incident:<id>` without one.
pub fn feed(site: &Site, base_url: Option<&str>) -> String {
    const ENTRIES: usize = 50;
    let base = base_url.map(|u| {
        let u = u.trim_end_matches('/');
        format!("{u}/")
    });
    let href = |p: &str| format!("{}{p}", base.as_deref().unwrap_or(""));
    let fallback = "1970-01-01T00:00:00+00:00".to_string();
    let mut rows: Vec<&IndexRow> = site.rows.iter().collect();
    rows.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    rows.truncate(ENTRIES);
    let updated = rows
        .iter()
        .filter_map(|r| r.updated.clone())
        .max()
        .unwrap_or_else(|| fallback.clone());
    let mut o = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    let _ = writeln!(o, "<title>{}</title>", escape(&site.title));
    let _ = writeln!(
        o,
        "<id>{}</id>",
        escape(
            &base
                .clone()
                .unwrap_or_else(|| "urn:incident:site".to_string())
        )
    );
    let _ = writeln!(o, "<updated>{updated}</updated>");
    let _ = writeln!(
        o,
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&href("index.html"))
    );
    let _ = writeln!(o, "<author><name>{}</name></author>", escape(&site.title));
    for r in rows {
        let id = match &base {
            Some(_) => href(&r.page),
            None => format!("urn:incident:{}", r.id),
        };
        let _ = writeln!(
            o,
            "<entry>\n<title>{} ({}, {})</title>\n<id>{}</id>\n<updated>{}</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<category term=\"{}\"/>\n<summary>{}</summary>\n</entry>",
            escape(&r.title),
            escape(r.severity.name()),
            r.status.label(),
            escape(&id),
            r.updated.as_deref().unwrap_or(&fallback),
            escape(&href(&r.page)),
            escape(r.severity.name()),
            // The feed's summary is text: the prose read plainly.
            escape(&crate::render::prose::plain(&r.summary)),
        );
    }
    o.push_str("</feed>\n");
    o
}

/// The document of `index.json`.
#[derive(Serialize)]
struct IndexJson<'a> {
    title: &'a str,
    incidents: &'a [IndexRow],
}

/// `index.json`: the index rows as data.
pub fn index_json(site: &Site) -> serde_json::Result<String> {
    crate::render::pretty_json(&IndexJson {
        title: &site.title,
        incidents: &site.rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::{IncidentKind, Status};
    use chrono::NaiveDate;

    fn row(date: Option<NaiveDate>) -> IndexRow {
        IndexRow {
            id: String::new(),
            page: String::new(),
            date,
            kind: IncidentKind::Real,
            severity: crate::model::severity::Severity::new("Sev1"),
            status: Status::Resolved,
            title: String::new(),
            duration_minutes: None,
            duration_approximate: false,
            services: Vec::new(),
            summary: String::new(),
            updated: None,
        }
    }

    #[test]
    fn a_year_of_more_than_fold_rows_is_folded_by_month() {
        let day = |y, m, d| Some(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        // Newest first: 300 in December 2025, 250 in March 2025, 3 in 2024, 1 undated.
        let mut rows: Vec<IndexRow> = (0..300).map(|_| row(day(2025, 12, 1))).collect();
        rows.extend((0..250).map(|_| row(day(2025, 3, 2))));
        rows.extend((0..3).map(|_| row(day(2024, 5, 5))));
        rows.push(row(None));
        let got: Vec<(String, usize)> = folds(&rows)
            .into_iter()
            .map(|f| (f.id, f.rows.len()))
            .collect();
        assert_eq!(
            got,
            [
                ("2025-12".to_string(), 300),
                ("2025-03".to_string(), 250),
                ("2024".to_string(), 3),
                ("unknown".to_string(), 1)
            ]
        );
        // A year of FOLD_ROWS or fewer stays one fold.
        let small: Vec<IndexRow> = (0..FOLD_ROWS).map(|_| row(day(2025, 1, 1))).collect();
        assert_eq!(folds(&small).len(), 1);
    }
}
