//! The facts view model: what the postmortem shows of the facts schema 3 added
//! (`model::facts`) and of the notes and sources older fields hold but tables leave out —
//! disputed times, data loss, counts, what happened to each named target, the share each
//! window hit, the weighted service-hours, stated figures against derived ones, references,
//! the provider's severity, regions and sites. Built once by `summary::build`; the Markdown,
//! HTML and reading renderers lay it out, and it is the `facts` object of the summary JSON.

use serde::Serialize;

use crate::derive::figures::{FigureKey, ImpactReport};
use crate::derive::summary::{Citation, citations};
use crate::model::facts::{Claim, Count, Outcome, Share, StatedOf};
use crate::model::record::{Incident, MomentName, TargetKind};
use crate::model::time::{Instant, When, Zone, format_minutes, when_text};

/// A value with the sources behind it, as every list below shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CitedText {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub citations: Vec<Citation>,
    /// Every cited source is press reporting.
    pub press_only: bool,
}

fn cited_text(
    inc: &Incident,
    text: String,
    note: &Option<String>,
    sources: &[String],
) -> CitedText {
    CitedText {
        text,
        note: note.clone().filter(|n| !n.trim().is_empty()),
        citations: citations(inc, sources),
        press_only: inc.is_press_only(sources),
    }
}

/// A time with other sources' claims beside the chosen value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disputed {
    /// What the time is: `resolved`, `event ecs-api-back`, `window 1 of ECS (Zone C), end`.
    pub what: String,
    /// The chosen value as shown; figures use it.
    pub chosen: String,
    /// The chosen value's citations.
    pub chosen_citations: Vec<Citation>,
    /// The other values, each with its sources and note.
    pub claims: Vec<CitedText>,
}

/// A count as shown: on the whole incident (`target` empty) or on one target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CountEntry {
    /// The service or customer it is about; `None` for the incident.
    pub target: Option<String>,
    /// What was counted.
    pub what: String,
    pub value: f64,
    pub unit: Option<String>,
    pub approximate: bool,
    /// As shown: `~120 TB`.
    pub value_text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub citations: Vec<Citation>,
    pub press_only: bool,
}

fn count_entry(inc: &Incident, target: Option<&str>, c: &Count) -> CountEntry {
    CountEntry {
        target: target.map(str::to_string),
        what: c.what.clone(),
        value: c.value,
        unit: c.unit.clone(),
        approximate: c.approximate,
        value_text: c.value_text(),
        note: c.note.clone(),
        citations: citations(inc, &c.sources),
        press_only: inc.is_press_only(&c.sources),
    }
}

/// Lost data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DataLossEntry {
    pub what: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<CountEntry>,
    /// `yes`, `partly`, `no`, `unknown`.
    pub recovered: &'static str,
    /// `recovered`, `partly recovered`, `not recovered`, `recovery unknown`.
    pub recovered_label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub citations: Vec<Citation>,
    pub press_only: bool,
}

/// A service or customer and what the record says of it beyond its table row: its outcome,
/// note and sources, and each window's share, note, sources and claims.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetFacts {
    /// `service` or `customer`.
    pub kind: &'static str,
    pub name: String,
    /// `affected`, `affected_at_unknown_times` or `not_affected`.
    pub outcome: &'static str,
    /// As shown: `affected`, `affected at unknown times`, `not affected`.
    pub outcome_label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub citations: Vec<Citation>,
    pub press_only: bool,
    pub windows: Vec<WindowFacts>,
}

/// What one window says beyond its table row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WindowFacts {
    /// 1-based, in the record's order.
    pub number: usize,
    /// `outage`, `degraded`, `at_risk`.
    #[serde(serialize_with = "crate::model::vocab::as_token")]
    pub level: crate::model::record::Level,
    /// As shown: `09:23 – unknown`.
    pub when: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<ShareEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub citations: Vec<Citation>,
    pub press_only: bool,
}

/// A window's share, as stated and as the fraction hit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShareEntry {
    pub percent: f64,
    /// `requests`, `users`, `projects`, `hosts`, `unstated`.
    pub of: &'static str,
    /// `affected` or `available`.
    pub side: &'static str,
    pub worst: bool,
    /// The fraction hit, 0 to 1 (at most this when `worst`).
    pub affected_fraction: f64,
    /// As shown: `as low as 20% available (measure not stated)`.
    pub text: String,
}

/// The share phrase of a window, for tables and charts: `40% of requests affected`.
pub fn share_entry(s: &Share) -> ShareEntry {
    ShareEntry {
        percent: s.percent,
        of: s.of.token(),
        side: s.side.token(),
        worst: s.worst,
        affected_fraction: s.affected_fraction(),
        text: s.text(),
    }
}

/// Service-hours weighted by each window's share.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeightedHours {
    /// `weighted_service_hours`.
    pub key: &'static str,
    pub label: &'static str,
    pub hours: Option<f64>,
    /// True when a window weighted by a worst-point share makes the value an upper bound.
    pub upper_bound: bool,
    pub approximate: bool,
    /// True when it includes a window that is still open, counted up to the as-of instant:
    /// the value is "so far".
    pub open: bool,
    /// As shown: `≤ ~6.69 h`, `2 h so far`.
    pub value: String,
    pub definition: &'static str,
}

/// The one-line definition printed with the weighted service-hours.
pub const WEIGHTED_DEFINITION: &str = "sum over services of each counted minute × the share of the service hit then (the largest share of the windows covering it; 100% where no share is given), in hours; ≤ when a share is a worst point";

/// A figure a source states, and how it compares with the one the record gives.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatedEntry {
    /// `total_duration`, `resolved`, …
    pub of: &'static str,
    /// `total duration`, `resolved`, …
    pub label: &'static str,
    /// As stated: `~4 h 8 min`, `2022-12-19 00:30`.
    pub stated: String,
    /// The record's value as shown; `None` when the record cannot give it.
    pub derived: Option<String>,
    /// Derived minus stated, in minutes; `None` when either is unknown.
    pub difference_minutes: Option<i64>,
    /// As shown: `agrees`, `the record gives 7 min more`, `not comparable: …`.
    pub comparison: String,
    /// True when the record's figure includes a window still open: it and the difference
    /// are "so far".
    pub open: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub citations: Vec<Citation>,
    pub press_only: bool,
}

/// A reference to the provider's incident, a ticket or a status-page entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReferenceEntry {
    /// `provider_incident`, `ticket`, `status_page`, `other`.
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub id: Option<String>,
    pub url: Option<String>,
    /// The URL when it is a safe `http(s)` URL.
    pub href: Option<String>,
    pub note: Option<String>,
}

/// A region with its zones and sites.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegionEntry {
    pub name: String,
    pub zones: Vec<String>,
    pub sites: Vec<SiteEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub citations: Vec<Citation>,
    pub press_only: bool,
}

/// A site and what happened to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SiteEntry {
    pub name: String,
    pub happened: Option<String>,
    pub citations: Vec<Citation>,
    pub press_only: bool,
}

/// Everything of this module in one summary.
#[derive(Clone, Debug, Serialize)]
pub struct Facts {
    /// The provider's own severity label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_severity: Option<CitedText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity_rationale: Option<String>,
    pub regions: Vec<RegionEntry>,
    pub references: Vec<ReferenceEntry>,
    pub data_loss: Vec<DataLossEntry>,
    /// Counts on the incident, then on targets in record order.
    pub counts: Vec<CountEntry>,
    /// Every service and customer with what its row does not show.
    pub targets: Vec<TargetFacts>,
    pub weighted_service_hours: WeightedHours,
    pub stated: Vec<StatedEntry>,
    /// Every time with other sources' claims: moments, events, window bounds.
    pub disputed: Vec<Disputed>,
}

impl Facts {
    /// True when some target has more to say than its row: an outcome other than affected, a
    /// note, sources, or a window with a share, note or sources.
    pub fn has_target_notes(&self) -> bool {
        self.targets.iter().any(TargetFacts::has_notes)
    }
}

impl TargetFacts {
    /// True when the target has anything beyond its table row.
    pub fn has_notes(&self) -> bool {
        self.outcome != Outcome::Affected.token()
            || self.note.is_some()
            || !self.citations.is_empty()
            || self.windows.iter().any(WindowFacts::has_notes)
    }
}

impl WindowFacts {
    /// True when the window has anything beyond its table row.
    pub fn has_notes(&self) -> bool {
        self.share.is_some() || self.note.is_some() || !self.citations.is_empty()
    }
}

fn claims(inc: &Incident, zone: &Zone, list: &[Claim]) -> Vec<CitedText> {
    list.iter()
        .map(|c| cited_text(inc, when_text(c.at, zone, true), &c.note, &c.sources))
        .collect()
}

/// The times of `inc` that carry claims, in record order: moments, events, then windows.
fn disputed(inc: &Incident, zone: &Zone) -> Vec<Disputed> {
    let mut out = Vec::new();
    let mut add = |what: String, chosen: When, sources: &[String], list: &[Claim]| {
        if !list.is_empty() {
            out.push(Disputed {
                what,
                chosen: when_text(chosen, zone, true),
                chosen_citations: citations(inc, sources),
                claims: claims(inc, zone, list),
            });
        }
    };
    for name in MomentName::ALL {
        if let Some(m) = inc.moments.get(name) {
            add(name.label().to_string(), m.at, &m.sources, &m.claims);
        }
    }
    for e in inc.events_in_order() {
        add(format!("event {}", e.id), e.at, &e.sources, &e.claims);
    }
    for (kind, t) in inc.targets() {
        for (i, w) in t.windows.iter().enumerate() {
            let of = format!("{} {}, window {}", kind.label(), t.name, i + 1);
            add(format!("{of}, start"), w.from, &w.sources, &w.from_claims);
            add(format!("{of}, end"), w.to, &w.sources, &w.to_claims);
        }
    }
    out
}

/// The instants of the record's key moments that a stated moment is compared with.
fn moment_of(of: StatedOf) -> Option<MomentName> {
    match of {
        StatedOf::Started => Some(MomentName::Started),
        StatedOf::Detected => Some(MomentName::Detected),
        StatedOf::Mitigated => Some(MomentName::Mitigated),
        StatedOf::Resolved => Some(MomentName::Resolved),
        _ => None,
    }
}

fn figure_of(of: StatedOf) -> Option<FigureKey> {
    match of {
        StatedOf::TimeToDetect => Some(FigureKey::TimeToDetect),
        StatedOf::TimeToMitigate => Some(FigureKey::TimeToMitigate),
        StatedOf::TimeToResolve => Some(FigureKey::TimeToResolve),
        StatedOf::TotalDuration => Some(FigureKey::TotalDuration),
        StatedOf::CustomerImpact => Some(FigureKey::CustomerImpact),
        _ => None,
    }
}

/// `agrees`, `the record gives 7 min more`, `the record's time is 1 h 19 min earlier`.
fn comparison(difference: Option<i64>, approximate: bool, moment: bool) -> String {
    let size = |d: i64| {
        format!(
            "{}{}",
            if approximate { "~" } else { "" },
            format_minutes(d.abs())
        )
    };
    match difference {
        None => "not comparable: the record does not give this value".to_string(),
        Some(0) => "agrees".to_string(),
        Some(d) if moment => format!(
            "the record's time is {} {}",
            size(d),
            if d > 0 { "later" } else { "earlier" }
        ),
        Some(d) => format!(
            "the record gives {} {}",
            size(d),
            if d > 0 { "more" } else { "less" }
        ),
    }
}

fn stated(inc: &Incident, report: &ImpactReport, zone: &Zone) -> Vec<StatedEntry> {
    inc.stated
        .iter()
        .map(|s| {
            let mark = if s.approximate { "~" } else { "" };
            let open = figure_of(s.of)
                .and_then(|k| report.figure(k))
                .is_some_and(|f| f.open);
            let (stated, derived, difference, approximate) = if let Some(key) = figure_of(s.of) {
                let f = report.figure(key);
                let derived_minutes = f.and_then(|f| f.minutes());
                let approx = s.approximate || f.is_some_and(|f| f.approximate());
                (
                    s.minutes.map_or_else(
                        || "not given".to_string(),
                        |m| format!("{mark}{}", format_minutes(m)),
                    ),
                    f.map(crate::derive::impact::figure_value),
                    derived_minutes.zip(s.minutes).map(|(d, m)| d - m),
                    approx,
                )
            } else {
                let name = moment_of(s.of).unwrap_or(MomentName::Started);
                let chosen = inc.moments.get(name).map(|m| m.at);
                let chosen_at: Option<Instant> = chosen.and_then(When::instant);
                let stated_at: Option<Instant> = s.at.and_then(When::instant);
                (
                    s.at.map_or_else(
                        || "not given".to_string(),
                        // An `About` time carries its own `~`.
                        |w| {
                            let mark = if w.is_approx() { "" } else { mark };
                            format!("{mark}{}", when_text(w, zone, true))
                        },
                    ),
                    chosen.map(|w| when_text(w, zone, true)),
                    chosen_at.zip(stated_at).map(|(c, st)| st.minutes_until(c)),
                    s.approximate
                        || chosen.is_some_and(When::is_approx)
                        || s.at.is_some_and(When::is_approx),
                )
            };
            StatedEntry {
                of: s.of.token(),
                label: s.of.label(),
                stated,
                derived,
                difference_minutes: difference,
                comparison: comparison(difference, approximate, !s.of.is_duration()),
                open,
                quote: s.quote.clone(),
                note: s.note.clone(),
                citations: citations(inc, &s.sources),
                press_only: inc.is_press_only(&s.sources),
            }
        })
        .collect()
}

/// Service-hours weighted by share: for each service, every minute its windows surely covered
/// times the largest share of the windows covering it (windows without a share hit all of it).
fn weighted_service_hours(report: &ImpactReport) -> WeightedHours {
    let mut total = 0.0_f64;
    let mut any = false;
    let mut upper = false;
    let mut approximate = false;
    let mut open = false;
    for t in report
        .targets
        .iter()
        .filter(|t| t.kind == TargetKind::Service)
    {
        let spans: Vec<(Instant, Instant, f64, bool)> = t
            .windows
            .iter()
            .zip(&t.target.windows)
            .filter(|(w, _)| w.counts())
            .filter_map(|(w, raw)| {
                // What the window surely covered, as every lower-bound total counts it.
                let (a, b) = w.surely?;
                approximate |= w.approximate();
                open |= w.is_open();
                let (fraction, worst) = raw
                    .share
                    .as_ref()
                    .map_or((1.0, false), |s| (s.affected_fraction(), s.worst));
                (a < b).then_some((a, b, fraction, worst))
            })
            .collect();
        let mut cuts: Vec<Instant> = spans.iter().flat_map(|s| [s.0, s.1]).collect();
        cuts.sort();
        cuts.dedup();
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let covering = spans.iter().filter(|s| s.0 <= a && b <= s.1);
            let best = covering.fold(None, |acc: Option<(f64, bool)>, s| match acc {
                Some((f, _)) if f >= s.2 => acc,
                _ => Some((s.2, s.3)),
            });
            if let Some((fraction, worst)) = best {
                any = true;
                upper |= worst;
                total += a.minutes_until(b) as f64 * fraction;
            }
        }
    }
    let hours = any.then(|| (total / 60.0 * 100.0).round() / 100.0);
    let value = match hours {
        None => "unknown".to_string(),
        Some(h) => format!(
            "{}{}{} h{}",
            if upper { "≤ " } else { "" },
            if approximate { "~" } else { "" },
            crate::derive::impact::hours_text(h),
            if open { " so far" } else { "" }
        ),
    };
    WeightedHours {
        key: "weighted_service_hours",
        label: "Weighted service-hours",
        hours,
        upper_bound: upper,
        approximate,
        open,
        value,
        definition: WEIGHTED_DEFINITION,
    }
}

fn targets(inc: &Incident, zone: &Zone) -> Vec<TargetFacts> {
    inc.targets()
        .map(|(kind, t)| {
            let outcome = Outcome::or_default(t.outcome);
            TargetFacts {
                kind: kind.token(),
                name: crate::derive::impact::display_name(t),
                outcome: outcome.token(),
                outcome_label: outcome.label(),
                note: t.note.clone().filter(|n| !n.trim().is_empty()),
                citations: citations(inc, &t.sources),
                press_only: inc.is_press_only(&t.sources),
                windows: t
                    .windows
                    .iter()
                    .enumerate()
                    .map(|(i, w)| WindowFacts {
                        number: i + 1,
                        level: w.level,
                        when: format!(
                            "{} – {}",
                            when_text(w.from, zone, true),
                            crate::derive::impact::end_text(w.to, zone, true)
                        ),
                        share: w.share.as_ref().map(share_entry),
                        note: w.note.clone().filter(|n| !n.trim().is_empty()),
                        citations: citations(inc, &w.sources),
                        press_only: inc.is_press_only(&w.sources),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Builds the facts of `inc` for a summary shown in `zone`, its figures from `report`.
pub fn build(inc: &Incident, report: &ImpactReport, zone: &Zone) -> Facts {
    let mut counts: Vec<CountEntry> = inc
        .counts
        .iter()
        .map(|c| count_entry(inc, None, c))
        .collect();
    for (_, t) in inc.targets() {
        counts.extend(t.counts.iter().map(|c| count_entry(inc, Some(&t.name), c)));
    }
    Facts {
        provider_severity: inc
            .provider_severity
            .as_ref()
            .map(|p| cited_text(inc, p.label.clone(), &p.note, &p.sources)),
        severity_rationale: inc
            .severity_rationale
            .clone()
            .filter(|r| !r.trim().is_empty()),
        regions: inc
            .regions
            .iter()
            .map(|r| RegionEntry {
                name: r.name.clone(),
                zones: r.zones.clone(),
                sites: r
                    .sites
                    .iter()
                    .map(|s| SiteEntry {
                        name: s.name.clone(),
                        happened: s.happened.clone(),
                        citations: citations(inc, &s.sources),
                        press_only: inc.is_press_only(&s.sources),
                    })
                    .collect(),
                note: r.note.clone(),
                citations: citations(inc, &r.sources),
                press_only: inc.is_press_only(&r.sources),
            })
            .collect(),
        references: inc
            .references
            .iter()
            .map(|r| ReferenceEntry {
                kind: r.kind.token(),
                kind_label: r.kind.label(),
                id: r.id.clone(),
                url: r.url.clone(),
                href: r.url.as_deref().and_then(crate::derive::summary::safe_href),
                note: r.note.clone(),
            })
            .collect(),
        data_loss: inc
            .data_loss
            .iter()
            .map(|d| DataLossEntry {
                what: d.what.clone(),
                amount: d.amount.as_ref().map(|c| count_entry(inc, None, c)),
                recovered: d.recovered.token(),
                recovered_label: d.recovered.label(),
                note: d.note.clone(),
                citations: citations(inc, &d.sources),
                press_only: inc.is_press_only(&d.sources),
            })
            .collect(),
        counts,
        targets: targets(inc, zone),
        weighted_service_hours: weighted_service_hours(report),
        stated: stated(inc, report, zone),
        disputed: disputed(inc, zone),
    }
}
