//! Derived figures: key durations, and per-target impact with overlapping windows merged.
//! Nothing here is typed into a record; every figure is computed from it, carries whether it
//! is approximate, and has a one-line definition (also in `docs/metrics.md`).
//!
//! Three kinds of uncertain end are kept apart:
//! - an *approximate* time (`About`, `Day`) makes every figure that uses it approximate (`~`);
//! - an *open* window (still going) is counted up to the instant `at` the caller chooses, and
//!   figures that include it say so (`open`): the value is "so far", not approximate;
//! - an *unknown* end (no source says) is not guessed: the window is listed, but left out of
//!   every total, and the totals say how many were left out (they are lower bounds).

use serde::{Serialize, Serializer};

use crate::model::record::{Affected, Incident, Level, MomentName, TargetKind};
use crate::model::time::{Instant, When};

/// How a figure is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A duration in whole minutes, shown as `3 h 12 min`.
    Duration,
    /// Minutes shown as hours.
    Hours,
    /// A number of targets.
    Count,
}

/// Every figure a report gives. Its key, label, unit and definition are in one table,
/// `FigureKey::row`; `docs/metrics.md` lists the same (a test keeps them in step).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FigureKey {
    TimeToDetect,
    TimeToMitigate,
    TimeToResolve,
    TotalDuration,
    CustomerImpact,
    ServiceHours,
    CustomerHours,
    ServicesAffected,
    CustomersAffected,
}

impl FigureKey {
    /// Every figure, in the order reports give them.
    pub const ALL: [FigureKey; 9] = [
        FigureKey::TimeToDetect,
        FigureKey::TimeToMitigate,
        FigureKey::TimeToResolve,
        FigureKey::TotalDuration,
        FigureKey::CustomerImpact,
        FigureKey::ServiceHours,
        FigureKey::CustomerHours,
        FigureKey::ServicesAffected,
        FigureKey::CustomersAffected,
    ];

    /// The key, label, unit and one-line definition of each figure.
    const fn row(self) -> (&'static str, &'static str, Unit, &'static str) {
        use FigureKey as K;
        use Unit::{Count, Duration, Hours};
        match self {
            K::TimeToDetect => (
                "time_to_detect",
                "Time to detect",
                Duration,
                "detected − started: from the start of impact to the first alarm or report; 0 when detection came first",
            ),
            K::TimeToMitigate => (
                "time_to_mitigate",
                "Time to mitigate",
                Duration,
                "mitigated − started: from the start of impact until impact stopped growing",
            ),
            K::TimeToResolve => (
                "time_to_resolve",
                "Time to resolve",
                Duration,
                "resolved − started: from the start of impact until service was fully restored",
            ),
            K::TotalDuration => (
                "total_duration",
                "Total duration",
                Duration,
                "resolved − the earlier of started and detected: the whole incident, first sign to full recovery",
            ),
            K::CustomerImpact => (
                "customer_impact",
                "Customer-impact duration",
                Duration,
                "wall-clock time during which at least one service or customer had an outage or degradation (union of all counted windows)",
            ),
            K::ServiceHours => (
                "service_hours",
                "Service-hours",
                Hours,
                "sum over services of each service's merged outage and degraded time, in hours",
            ),
            K::CustomerHours => (
                "customer_hours",
                "Customer-hours",
                Hours,
                "sum over customers of each customer's merged outage and degraded time, in hours",
            ),
            K::ServicesAffected => (
                "services_affected",
                "Services affected",
                Count,
                "number of services with at least one outage or degraded window, or stated as affected at unknown times",
            ),
            K::CustomersAffected => (
                "customers_affected",
                "Customers affected",
                Count,
                "number of customers with at least one outage or degraded window, or stated as affected at unknown times",
            ),
        }
    }

    /// The stable key in JSON and CSV: `time_to_detect`.
    pub const fn token(self) -> &'static str {
        self.row().0
    }

    /// The heading in tables: `Time to detect`.
    pub const fn label(self) -> &'static str {
        self.row().1
    }

    /// How the figure is measured.
    pub const fn unit(self) -> Unit {
        self.row().2
    }

    /// The one-line definition printed with the figure.
    pub const fn definition(self) -> &'static str {
        self.row().3
    }
}

impl Serialize for FigureKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.token())
    }
}

/// A derived figure of one incident: a duration, or a count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// Which figure it is; its label and definition come with the key.
    pub key: FigureKey,
    /// Whole minutes; `None` when a time it needs is not known, and for counts.
    pub minutes: Option<i64>,
    /// For counts (`services_affected`): the number; `None` for durations.
    pub count: Option<usize>,
    /// True when a time it uses is approximate (`About`, `Day`).
    pub approximate: bool,
    /// True when it includes a window that is still open, counted up to `at`.
    pub open: bool,
    /// Extra words that belong with the value: "detected 21 min before impact".
    pub note: Option<String>,
}

impl Figure {
    /// True for figures measured in hours in reports (`service_hours`, `customer_hours`).
    pub fn is_hours(&self) -> bool {
        self.key.unit() == Unit::Hours
    }

    /// The value in hours, rounded to two decimals, for hours figures.
    pub fn hours(&self) -> Option<f64> {
        if !self.is_hours() {
            return None;
        }
        self.minutes
            .map(|m| (m as f64 / 60.0 * 100.0).round() / 100.0)
    }
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

fn approx_mark(approximate: bool) -> &'static str {
    if approximate { "~" } else { "" }
}

/// The key durations of an incident: time to detect, mitigate and resolve, and the total.
/// No figure is ever negative: detection before impact gives 0 and a note; a moment before
/// the start (a record error, see rule E114) gives no value and a note.
pub fn key_figures(inc: &Incident) -> Vec<Figure> {
    let started = moment(inc, MomentName::Started);
    let detected = moment(inc, MomentName::Detected);
    let mitigated = moment(inc, MomentName::Mitigated);
    let resolved = moment(inc, MomentName::Resolved);

    let mut ttd = figure(FigureKey::TimeToDetect, span(started, detected));
    if let Some(m) = ttd.minutes
        && m < 0
    {
        ttd.minutes = Some(0);
        let t = crate::model::time::format_minutes(-m);
        ttd.note = Some(format!(
            "detected {}{t} before impact",
            approx_mark(ttd.approximate)
        ));
    }
    let first_sign = crate::derive::moments::first_sign(inc).unwrap_or(When::Unknown);
    let mut out = vec![
        ttd,
        figure(FigureKey::TimeToMitigate, span(started, mitigated)),
        figure(FigureKey::TimeToResolve, span(started, resolved)),
        figure(FigureKey::TotalDuration, span(first_sign, resolved)),
    ];
    for f in out.iter_mut().skip(1) {
        if f.minutes.is_some_and(|m| m < 0) {
            f.minutes = None;
            f.approximate = false;
            f.note = Some("not computed: the record has this moment before the start".into());
        }
    }
    out
}

fn figure(key: FigureKey, s: Option<Span>) -> Figure {
    Figure {
        key,
        minutes: s.map(|s| s.minutes),
        count: None,
        approximate: s.is_some_and(|s| s.approximate),
        open: false,
        note: None,
    }
}

/// One impact window with its computed length.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowFigure {
    pub from: When,
    pub to: When,
    pub level: Level,
    /// Minutes from start to end; for an open window, up to `at` (0 if `at` is before the
    /// start). `None` when the end is unknown: such windows are left out of totals.
    pub minutes: Option<i64>,
    /// True when its start or end is approximate (`About`, `Day`).
    pub approximate: bool,
    /// The end used for counting: the real end, or `at` for an open window.
    pub counted_to: Option<Instant>,
}

impl WindowFigure {
    /// Still going: counted up to `at`.
    pub fn is_open(&self) -> bool {
        self.to == When::Open
    }

    /// The end is not known (and the window is not open): left out of totals.
    pub fn end_unknown(&self) -> bool {
        self.counted_to.is_none()
    }

    /// True when the window counts as impact time (outage or degraded with a start and an end
    /// that is known or open). At-risk windows and windows with unknown ends do not.
    pub fn counts(&self) -> bool {
        self.level.counts_as_impact() && self.from.instant().is_some() && self.counted_to.is_some()
    }
}

/// The impact on one service or customer.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetImpact<'a> {
    pub kind: TargetKind,
    pub target: &'a Affected,
    /// The worst level among its windows.
    pub level: Option<Level>,
    pub windows: Vec<WindowFigure>,
    /// Merged outage and degraded minutes of the windows whose end is known or open (0 when
    /// there are none; see [`TargetImpact::counted_minutes`]).
    pub minutes: i64,
    /// True when a counted window has an approximate start or end.
    pub approximate: bool,
    /// Outage or degraded windows left out of `minutes` because their end is unknown.
    pub unknown_ends: usize,
    /// True when some outage or degraded window is still open (counted up to `at`).
    pub open: bool,
}

impl TargetImpact<'_> {
    /// The windows that say when impact was: outage and degraded ones, or every window when
    /// the target was only ever at risk.
    fn impact_windows(&self) -> impl Iterator<Item = &WindowFigure> {
        let any = self.windows.iter().any(|w| w.level.counts_as_impact());
        self.windows
            .iter()
            .filter(move |w| !any || w.level.counts_as_impact())
    }

    /// True when the target had at least one outage or degraded window.
    pub fn affected(&self) -> bool {
        self.windows.iter().any(|w| w.level.counts_as_impact())
    }

    /// The merged minutes, or `None` when no window could be counted because every end is
    /// unknown — so that 0 never stands for "not known".
    pub fn counted_minutes(&self) -> Option<i64> {
        let counted = self.windows.iter().any(WindowFigure::counts);
        (counted || self.unknown_ends == 0).then_some(self.minutes)
    }

    /// The earliest start of impact (at-risk windows are not impact unless there is nothing
    /// else).
    pub fn first(&self) -> Option<When> {
        self.impact_windows()
            .filter(|w| w.from.instant().is_some())
            .min_by_key(|w| w.from.instant())
            .map(|w| w.from)
    }

    /// The end shown in tables: `Open` if an impact window is open, `Unknown` if an end is
    /// unknown, else the latest end.
    pub fn end(&self) -> When {
        let ws: Vec<&WindowFigure> = self.impact_windows().collect();
        if ws.iter().any(|w| w.is_open()) {
            return When::Open;
        }
        if ws.iter().any(|w| w.end_unknown()) {
            return When::Unknown;
        }
        ws.iter()
            .filter(|w| w.to.instant().is_some())
            .max_by_key(|w| w.to.instant())
            .map_or(When::Unknown, |w| w.to)
    }

    /// `known`, `open` or `unknown`: how the end of impact is known.
    pub fn end_status(&self) -> &'static str {
        match self.end() {
            When::Open => "open",
            When::Unknown => "unknown",
            _ => "known",
        }
    }
}

/// The impact of the whole incident.
#[derive(Clone, Debug, PartialEq)]
pub struct ImpactReport<'a> {
    /// Services first, then customers, each in record order.
    pub targets: Vec<TargetImpact<'a>>,
    /// The instant open windows were counted up to.
    pub at: Instant,
    /// Every figure, in this order: the key durations ([`key_figures`]), then
    /// `customer_impact`, `service_hours`, `customer_hours`, `services_affected`,
    /// `customers_affected`.
    pub figures: Vec<Figure>,
}

impl ImpactReport<'_> {
    /// The figure with this key.
    pub fn figure(&self, key: FigureKey) -> Option<&Figure> {
        self.figures.iter().find(|f| f.key == key)
    }
}

fn lower_bound_note(unknown: usize) -> Option<String> {
    (unknown > 0).then(|| {
        format!(
            "lower bound: {unknown} window{} with an unknown end not counted",
            if unknown == 1 { "" } else { "s" }
        )
    })
}

fn join_notes(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
        (a, b) => a.or(b),
    }
}

/// Computes per-target impact and every figure. Open windows count up to `at`.
pub fn impact(inc: &Incident, at: Instant) -> ImpactReport<'_> {
    let targets: Vec<TargetImpact> = inc
        .targets()
        .map(|(kind, t)| target_impact(kind, t, at))
        .collect();
    let open_note =
        |open: bool| open.then(|| format!("includes open windows counted up to {}", at.rfc3339()));
    let mut figures = key_figures(inc);

    let all = targets.iter().flat_map(|t| t.windows.iter());
    let (all_spans, all_approx) = union_spans(all.clone());
    let any_open = targets.iter().any(|t| t.open);
    let unknown_all: usize = targets.iter().map(|t| t.unknown_ends).sum();
    figures.push(Figure {
        key: FigureKey::CustomerImpact,
        minutes: (!all_spans.is_empty())
            .then(|| all_spans.iter().map(|(a, b)| a.minutes_until(*b)).sum()),
        count: None,
        approximate: all_approx,
        open: any_open,
        note: join_notes(lower_bound_note(unknown_all), open_note(any_open)),
    });
    for (kind, key) in [
        (TargetKind::Service, FigureKey::ServiceHours),
        (TargetKind::Customer, FigureKey::CustomerHours),
    ] {
        let ts: Vec<&TargetImpact> = targets.iter().filter(|t| t.kind == kind).collect();
        let counted = ts
            .iter()
            .any(|t| t.windows.iter().any(WindowFigure::counts));
        let open = ts.iter().any(|t| t.open);
        let unknown: usize = ts.iter().map(|t| t.unknown_ends).sum();
        figures.push(Figure {
            key,
            // Nothing countable but unknown ends: the value is not known, not 0.
            minutes: (counted || (unknown == 0 && !ts.is_empty()))
                .then(|| ts.iter().map(|t| t.minutes).sum()),
            count: None,
            approximate: ts.iter().any(|t| t.approximate),
            open,
            note: join_notes(lower_bound_note(unknown), open_note(open)),
        });
    }
    for (kind, key) in [
        (TargetKind::Service, FigureKey::ServicesAffected),
        (TargetKind::Customer, FigureKey::CustomersAffected),
    ] {
        let ts = targets.iter().filter(|t| t.kind == kind);
        // A target without windows is not "at risk": it is affected at unknown times (and
        // counted), not affected, or not yet described.
        let at_risk_only = ts
            .clone()
            .filter(|t| !t.affected() && t.level.is_some())
            .count();
        let unknown_times = |t: &&TargetImpact| {
            t.target.outcome == Some(crate::model::facts::Outcome::AffectedAtUnknownTimes)
        };
        figures.push(Figure {
            key,
            minutes: None,
            count: Some(ts.filter(|t| t.affected() || unknown_times(t)).count()),
            approximate: false,
            open: false,
            note: (at_risk_only > 0)
                .then(|| format!("{at_risk_only} more only at risk, not counted")),
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
                approximate: w.from.is_approx() || w.to.is_approx(),
                counted_to,
            }
        })
        .collect();
    let (merged, approximate) = union_spans(windows.iter());
    let impact = || windows.iter().filter(|w| w.level.counts_as_impact());
    TargetImpact {
        kind,
        target: t,
        level: windows.iter().map(|w| w.level).min(),
        minutes: merged.iter().map(|(a, b)| a.minutes_until(*b)).sum(),
        approximate,
        unknown_ends: impact().filter(|w| w.end_unknown()).count(),
        open: impact().any(|w| w.is_open() && w.counts()),
        windows,
    }
}

/// Merges the windows that count as impact ([`WindowFigure::counts`]) into disjoint, sorted
/// spans, so no minute is counted twice; touching windows are joined. Returns the spans and
/// whether any merged window was approximate.
pub fn union_spans<'w>(
    windows: impl Iterator<Item = &'w WindowFigure>,
) -> (Vec<(Instant, Instant)>, bool) {
    let mut approx = false;
    let mut spans: Vec<(Instant, Instant)> = windows
        .filter(|w| w.counts())
        .filter_map(|w| {
            let s = (w.from.instant()?, w.counted_to?);
            approx |= w.approximate;
            Some(s)
        })
        // An open window whose start is after `at` has nothing to count yet.
        .filter(|(a, b)| a < b)
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
    use crate::model::record::Window;
    use std::collections::BTreeMap;

    fn inst(s: &str) -> Instant {
        s.parse().unwrap()
    }

    fn hk(hm: &str) -> Instant {
        inst(&format!("2022-12-18T{hm}:00+08:00"))
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

    fn win(from: When, to: When, level: Level) -> Window {
        Window {
            from,
            to,
            level,
            scope: None,
            share: None,
            sources: vec![],
            note: None,
            from_claims: vec![],
            to_claims: vec![],
        }
    }

    fn target(name: &str, windows: Vec<Window>) -> Affected {
        Affected {
            name: name.into(),
            names: BTreeMap::new(),
            windows,
            sources: vec![],
            note: None,
            outcome: None,
            counts: vec![],
        }
    }

    fn hk_record() -> Incident {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("incidents/2022-12-18-hk-zone-c.ron");
        crate::files::load::load_file(&path).unwrap().incident
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
        // 10:00–13:00 merged (180) + 14:00–14:30 (30); the at-risk window is not impact.
        assert_eq!(total, 180 + 30);
        assert!(!approx);
    }

    #[test]
    fn touching_windows_join_and_nested_windows_vanish() {
        let t = target(
            "x",
            vec![
                win(When::At(hk("10:00")), When::At(hk("11:00")), Level::Outage),
                win(
                    When::At(hk("11:00")),
                    When::At(hk("12:00")),
                    Level::Degraded,
                ),
                win(When::At(hk("10:15")), When::At(hk("10:45")), Level::Outage),
            ],
        );
        let ti = target_impact(TargetKind::Service, &t, hk("23:00"));
        // 10:00–11:00 and 11:00–12:00 touch: one span of 120; 10:15–10:45 is inside it.
        assert_eq!(ti.minutes, 120);
        assert_eq!(ti.level, Some(Level::Outage));
        assert_eq!(ti.end(), When::At(hk("12:00")));
        let (spans, _) = union_spans(ti.windows.iter());
        assert_eq!(spans, vec![(hk("10:00"), hk("12:00"))]);
    }

    #[test]
    fn open_windows_count_to_at_and_say_so() {
        let t = target(
            "x",
            vec![win(When::At(hk("10:00")), When::Open, Level::Outage)],
        );
        let ti = target_impact(TargetKind::Customer, &t, hk("12:30"));
        assert_eq!(ti.minutes, 150); // 10:00 → 12:30
        assert!(ti.open);
        assert!(!ti.approximate, "open is 'so far', not approximate");
        assert_eq!(ti.end(), When::Open);
        assert_eq!(ti.end_status(), "open");
        // `at` before the start: nothing to count yet, never negative.
        let early = target_impact(TargetKind::Customer, &t, hk("09:00"));
        assert_eq!(early.minutes, 0);
        assert_eq!(early.windows[0].minutes, Some(0));
    }

    #[test]
    fn unknown_ends_are_left_out_and_never_shown_as_zero() {
        let t = target(
            "x",
            vec![win(When::About(hk("12:00")), When::Unknown, Level::Outage)],
        );
        let ti = target_impact(TargetKind::Customer, &t, hk("23:00"));
        assert_eq!(ti.unknown_ends, 1);
        assert_eq!(ti.counted_minutes(), None);
        assert_eq!(ti.end_status(), "unknown");
        assert_eq!(ti.first(), Some(When::About(hk("12:00"))));
        let mixed = target(
            "y",
            vec![
                win(When::At(hk("09:00")), When::At(hk("10:00")), Level::Outage),
                win(When::At(hk("12:00")), When::Unknown, Level::Outage),
            ],
        );
        let ti = target_impact(TargetKind::Customer, &mixed, hk("23:00"));
        assert_eq!(ti.counted_minutes(), Some(60));
        assert_eq!(ti.unknown_ends, 1);
        assert_eq!(ti.end(), When::Unknown);
    }

    #[test]
    fn at_risk_is_shown_but_not_first_impact() {
        let t = target(
            "oss",
            vec![
                win(When::At(hk("10:37")), When::At(hk("11:07")), Level::AtRisk),
                win(When::At(hk("11:07")), When::At(hk("18:26")), Level::Outage),
            ],
        );
        let ti = target_impact(TargetKind::Service, &t, hk("23:11"));
        assert_eq!(ti.first(), Some(When::At(hk("11:07"))));
        assert_eq!(ti.minutes, 439);
        assert!(ti.affected());
        let only = target(
            "z",
            vec![win(
                When::At(hk("10:37")),
                When::At(hk("11:07")),
                Level::AtRisk,
            )],
        );
        let ti = target_impact(TargetKind::Service, &only, hk("23:11"));
        assert!(!ti.affected());
        assert_eq!(ti.minutes, 0);
        assert_eq!(ti.first(), Some(When::At(hk("10:37"))));
    }

    #[test]
    fn hong_kong_figures_worked_by_hand() {
        let inc = hk_record();
        let r = impact(
            &inc,
            crate::derive::moments::as_of(&inc, None, hk("00:00")).at,
        );
        assert_eq!(r.at, hk("23:11"), "resolved at 23:11 is the default `at`");
        use FigureKey as K;
        let f = |k: FigureKey| r.figure(k).unwrap().clone();
        // Detected 08:56, started 09:17: detection came first, 21 min before impact.
        let ttd = f(K::TimeToDetect);
        assert_eq!(ttd.minutes, Some(0));
        assert_eq!(ttd.note.as_deref(), Some("detected 21 min before impact"));
        // 09:17 → 15:20 = 6 h 3 min = 363.
        assert_eq!(f(K::TimeToMitigate).minutes, Some(363));
        // 09:17 → 23:11 = 13 h 54 min = 834.
        assert_eq!(f(K::TimeToResolve).minutes, Some(834));
        // 08:56 (detected, the first sign) → 23:11 = 14 h 15 min = 855.
        assert_eq!(f(K::TotalDuration).minutes, Some(855));
        assert!(!f(K::TotalDuration).approximate);
        // Counted windows: RDS 10:17→~21:30, OSS 11:07→18:26, ECS API 14:49→23:11,
        // OKX ~11:00 18 Dec → ~12:00 19 Dec. Union: 10:17 18 Dec → ~12:00 19 Dec
        // = 13 h 43 min + 12 h = 25 h 43 min = 1543, approximate.
        let ci = f(K::CustomerImpact);
        assert_eq!(ci.minutes, Some(1543));
        assert!(ci.approximate);
        // 9 windows with unknown ends: ECS, EBS and the seven Macau customers.
        assert!(ci.note.unwrap().contains("9 windows with an unknown end"));
        // Services: OSS 439 + RDS ~673 (10:17→~21:30) + ECS API 502 = ~1614 min = ~26.9 h;
        // ECS (Zone C) and EBS have unknown ends and are left out.
        let sh = f(K::ServiceHours);
        assert_eq!(sh.minutes, Some(439 + 673 + 502));
        assert_eq!(sh.hours(), Some(26.9));
        assert!(sh.approximate);
        assert!(sh.note.unwrap().contains("2 windows"));
        // Customers: only OKX has a known end: ~1500 min = ~25 h.
        let ch = f(K::CustomerHours);
        assert_eq!(ch.minutes, Some(1500));
        assert_eq!(ch.hours(), Some(25.0));
        assert!(ch.approximate);
        assert!(ch.note.unwrap().contains("7 windows"));
        assert_eq!(f(K::ServicesAffected).count, Some(5));
        assert_eq!(f(K::CustomersAffected).count, Some(8));
        assert!(r.figures.iter().all(|f| f.minutes.is_none_or(|m| m >= 0)));
    }

    #[test]
    fn docs_list_every_figure_with_its_label_and_definition() {
        let doc = include_str!("../../docs/metrics.md");
        for k in FigureKey::ALL {
            let row = format!("| `{}` | {} | {} |", k.token(), k.label(), k.definition());
            assert!(doc.contains(&row), "docs/metrics.md lacks: {row}");
        }
        let rows = doc.lines().filter(|l| l.starts_with("| `")).count();
        assert_eq!(
            rows,
            FigureKey::ALL.len(),
            "docs/metrics.md lists other figures"
        );
    }

    #[test]
    fn moments_out_of_order_give_no_negative_figure() {
        let mut inc = hk_record();
        inc.moments.mitigated.as_mut().unwrap().at = When::At(hk("09:00"));
        let figs = key_figures(&inc);
        let m = figs
            .iter()
            .find(|f| f.key == FigureKey::TimeToMitigate)
            .unwrap();
        assert_eq!(m.minutes, None);
        assert!(m.note.is_some());
    }
}
