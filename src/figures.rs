//! Derived figures: key durations, and per-target impact with overlapping windows merged.
//! Nothing here is typed into a record; every figure is computed from it, carries whether it
//! is approximate, and has a one-line definition (also in `docs/metrics.md`).

use crate::record::{Affected, Incident, Level, MomentName};
use crate::time::{Instant, When};

/// A duration figure of one incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// Stable key: `time_to_detect`, `customer_hours`, …
    pub key: &'static str,
    /// Heading in tables: `Time to detect`.
    pub label: &'static str,
    /// Whole minutes; `None` when a time it needs is not known.
    pub minutes: Option<i64>,
    /// True when a time it uses is approximate (`About`, `Day`) or an end was counted up to
    /// `at` because the window is still open.
    pub approximate: bool,
    pub definition: &'static str,
    /// Extra words that belong with the value: "detected 21 min before impact".
    pub note: Option<String>,
}

/// Definitions of the key figures, shared by every renderer and `docs/metrics.md`.
pub mod definitions {
    pub const TIME_TO_DETECT: &str = "detected − started: from the start of impact to the first alarm or report; 0 when detection came first";
    pub const TIME_TO_MITIGATE: &str =
        "mitigated − started: from the start of impact until impact stopped growing";
    pub const TIME_TO_RESOLVE: &str =
        "resolved − started: from the start of impact until service was fully restored";
    pub const TOTAL_DURATION: &str = "resolved − the earlier of started and detected: the whole incident, first sign to full recovery";
    pub const CUSTOMER_IMPACT: &str = "wall-clock time during which at least one service or customer had an outage or degradation (union of all windows)";
    pub const SERVICE_HOURS: &str =
        "sum over services of each service's merged outage and degraded time, in hours";
    pub const CUSTOMER_HOURS: &str =
        "sum over customers of each customer's merged outage and degraded time, in hours";
}

/// Where a time-span figure starts and ends.
#[derive(Clone, Copy, Debug)]
struct Span {
    minutes: i64,
    approximate: bool,
}

fn span(a: When, b: When) -> Option<Span> {
    let (x, y) = (a.instant()?, b.instant()?);
    Some(Span {
        minutes: x.minutes_until(y),
        approximate: a.is_approx() || b.is_approx(),
    })
}

fn moment(inc: &Incident, name: MomentName) -> When {
    inc.moments.get(name).map_or(When::Unknown, |m| m.at)
}

/// The key durations of an incident: time to detect, mitigate and resolve, and the total.
pub fn key_figures(inc: &Incident) -> Vec<Figure> {
    use definitions as d;
    let started = moment(inc, MomentName::Started);
    let detected = moment(inc, MomentName::Detected);
    let mitigated = moment(inc, MomentName::Mitigated);
    let resolved = moment(inc, MomentName::Resolved);

    let mut ttd = figure(
        "time_to_detect",
        "Time to detect",
        span(started, detected),
        d::TIME_TO_DETECT,
    );
    if let Some(m) = ttd.minutes
        && m < 0
    {
        ttd.minutes = Some(0);
        let t = crate::time::format_minutes(-m);
        ttd.note = Some(format!(
            "detected {}{t} before impact",
            if ttd.approximate { "~" } else { "" }
        ));
    }
    let first_sign = match (started.instant(), detected.instant()) {
        (Some(s), Some(d)) if d < s => detected,
        (None, Some(_)) => detected,
        _ => started,
    };
    vec![
        ttd,
        figure(
            "time_to_mitigate",
            "Time to mitigate",
            span(started, mitigated),
            d::TIME_TO_MITIGATE,
        ),
        figure(
            "time_to_resolve",
            "Time to resolve",
            span(started, resolved),
            d::TIME_TO_RESOLVE,
        ),
        figure(
            "total_duration",
            "Total duration",
            span(first_sign, resolved),
            d::TOTAL_DURATION,
        ),
    ]
}

fn figure(
    key: &'static str,
    label: &'static str,
    s: Option<Span>,
    definition: &'static str,
) -> Figure {
    Figure {
        key,
        label,
        minutes: s.map(|s| s.minutes),
        approximate: s.is_some_and(|s| s.approximate),
        definition,
        note: None,
    }
}

/// Whether a target is a service or a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TargetKind {
    Service,
    Customer,
}

impl TargetKind {
    pub fn label(self) -> &'static str {
        match self {
            TargetKind::Service => "service",
            TargetKind::Customer => "customer",
        }
    }
}

/// One impact window with its computed length.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowFigure {
    pub from: When,
    pub to: When,
    pub level: Level,
    /// Minutes from start to end; for an open window, up to `at`. `None` when the end is
    /// unknown: such windows are left out of totals.
    pub minutes: Option<i64>,
    pub approximate: bool,
    /// The end used for counting: the real end, or `at` for an open window.
    pub counted_to: Option<Instant>,
}

/// The impact on one service or customer.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetImpact<'a> {
    pub kind: TargetKind,
    pub target: &'a Affected,
    /// The worst level among its windows.
    pub level: Option<Level>,
    pub windows: Vec<WindowFigure>,
    /// Merged outage and degraded minutes of the windows whose end is known or open.
    pub minutes: i64,
    pub approximate: bool,
    /// Windows left out of `minutes` because their end is unknown.
    pub unknown_ends: usize,
    /// True when some window is still open (counted up to `at`).
    pub open: bool,
}

impl TargetImpact<'_> {
    /// The earliest start among its windows.
    pub fn first(&self) -> Option<When> {
        self.windows
            .iter()
            .filter(|w| w.from.instant().is_some())
            .min_by_key(|w| w.from.instant())
            .map(|w| w.from)
    }

    /// The end shown in tables: `Open` if any window is open, `Unknown` if any end is
    /// unknown, else the latest end.
    pub fn end(&self) -> When {
        if self.open {
            return When::Open;
        }
        if self.unknown_ends > 0 {
            return When::Unknown;
        }
        self.windows
            .iter()
            .filter(|w| w.to.instant().is_some())
            .max_by_key(|w| w.to.instant())
            .map_or(When::Unknown, |w| w.to)
    }
}

/// The impact of the whole incident.
#[derive(Clone, Debug, PartialEq)]
pub struct ImpactReport<'a> {
    pub targets: Vec<TargetImpact<'a>>,
    /// The instant open windows were counted up to.
    pub at: Instant,
    pub figures: Vec<Figure>,
}

/// Computes per-target impact and its totals. Open windows count up to `at`.
pub fn impact(inc: &Incident, at: Instant) -> ImpactReport<'_> {
    let mut targets: Vec<TargetImpact> = Vec::new();
    for (kind, list) in [
        (TargetKind::Service, &inc.services),
        (TargetKind::Customer, &inc.customers),
    ] {
        for t in list {
            targets.push(target_impact(kind, t, at));
        }
    }
    let total = |kind: TargetKind| {
        let ts: Vec<&TargetImpact> = targets.iter().filter(|t| t.kind == kind).collect();
        let minutes: i64 = ts.iter().map(|t| t.minutes).sum();
        let approx = ts.iter().any(|t| t.approximate || t.open);
        let unknown: usize = ts.iter().map(|t| t.unknown_ends).sum();
        (minutes, approx, unknown)
    };
    let mut figures = Vec::new();
    let (all_spans, all_approx) = union_spans(targets.iter().flat_map(|t| t.windows.iter()));
    let mut union = Figure {
        key: "customer_impact",
        label: "Customer-impact duration",
        minutes: (!all_spans.is_empty())
            .then(|| all_spans.iter().map(|(a, b)| a.minutes_until(*b)).sum()),
        approximate: all_approx,
        definition: definitions::CUSTOMER_IMPACT,
        note: None,
    };
    let unknown_all: usize = targets.iter().map(|t| t.unknown_ends).sum();
    if unknown_all > 0 {
        union.note = Some(format!(
            "lower bound: {unknown_all} window(s) with an unknown end left out"
        ));
    }
    figures.push(union);
    for (kind, key, label, def) in [
        (
            TargetKind::Service,
            "service_hours",
            "Service-hours",
            definitions::SERVICE_HOURS,
        ),
        (
            TargetKind::Customer,
            "customer_hours",
            "Customer-hours",
            definitions::CUSTOMER_HOURS,
        ),
    ] {
        let (minutes, approximate, unknown) = total(kind);
        let count = targets.iter().filter(|t| t.kind == kind).count();
        figures.push(Figure {
            key,
            label,
            minutes: (count > 0).then_some(minutes),
            approximate,
            definition: def,
            note: (unknown > 0)
                .then(|| format!("lower bound: {unknown} window(s) with an unknown end left out")),
        });
    }
    ImpactReport {
        targets,
        at,
        figures,
    }
}

fn target_impact(kind: TargetKind, t: &Affected, at: Instant) -> TargetImpact<'_> {
    let windows: Vec<WindowFigure> = t
        .windows
        .iter()
        .map(|w| {
            let counted_to = match w.to {
                When::Open => Some(at),
                other => other.instant(),
            };
            let minutes = match (w.from.instant(), counted_to) {
                (Some(a), Some(b)) => Some(a.minutes_until(b).max(0)),
                _ => None,
            };
            WindowFigure {
                from: w.from,
                to: w.to,
                level: w.level,
                minutes,
                approximate: w.from.is_approx() || w.to.is_approx() || w.to == When::Open,
                counted_to,
            }
        })
        .collect();
    let (merged, approximate) = union_spans(windows.iter());
    TargetImpact {
        kind,
        target: t,
        level: windows.iter().map(|w| w.level).min(),
        minutes: merged.iter().map(|(a, b)| a.minutes_until(*b)).sum(),
        approximate,
        unknown_ends: windows
            .iter()
            .filter(|w| w.from.instant().is_some() && w.counted_to.is_none())
            .count(),
        open: windows.iter().any(|w| w.to == When::Open),
        windows,
    }
}

/// Merges the outage and degraded windows with a known or open end into disjoint spans, so
/// no minute is counted twice. Returns the spans and whether any input was approximate.
pub fn union_spans<'w>(
    windows: impl Iterator<Item = &'w WindowFigure>,
) -> (Vec<(Instant, Instant)>, bool) {
    let mut approx = false;
    let mut spans: Vec<(Instant, Instant)> = windows
        .filter(|w| w.level.counts_as_impact())
        .filter_map(|w| {
            let s = (w.from.instant()?, w.counted_to?);
            approx |= w.approximate;
            Some(s)
        })
        .filter(|(a, b)| a <= b)
        .collect();
    spans.sort();
    let mut merged: Vec<(Instant, Instant)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => {
                if b > last.1 {
                    last.1 = b;
                }
            }
            _ => merged.push((a, b)),
        }
    }
    (merged, approx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(s: &str) -> Instant {
        s.parse().unwrap()
    }

    fn wf(from: &str, to: When, level: Level) -> WindowFigure {
        WindowFigure {
            from: When::At(inst(from)),
            to,
            level,
            minutes: None,
            approximate: false,
            counted_to: to.instant(),
        }
    }

    #[test]
    fn overlapping_windows_are_counted_once() {
        let ws = [
            wf(
                "2022-12-18T10:00:00+08:00",
                When::At(inst("2022-12-18T12:00:00+08:00")),
                Level::Outage,
            ),
            wf(
                "2022-12-18T11:00:00+08:00",
                When::At(inst("2022-12-18T13:00:00+08:00")),
                Level::Degraded,
            ),
            wf(
                "2022-12-18T14:00:00+08:00",
                When::At(inst("2022-12-18T14:30:00+08:00")),
                Level::Outage,
            ),
            wf(
                "2022-12-18T09:00:00+08:00",
                When::At(inst("2022-12-18T15:00:00+08:00")),
                Level::AtRisk,
            ),
        ];
        let (spans, approx) = union_spans(ws.iter());
        let total: i64 = spans.iter().map(|(a, b)| a.minutes_until(*b)).sum();
        assert_eq!(total, 180 + 30);
        assert!(!approx);
    }
}
