//! Derived figures: key durations, and per-target impact with overlapping windows merged.
//! Nothing here is typed into a record; every figure is computed from it, says how well it is
//! known, and has a one-line definition (also in `docs/metrics.md`).
//!
//! A duration is a [`Span`]: the shortest and the longest it can be, from the earliest and
//! latest instant each of its ends can be ([`When::bounds`]). So it is exact, approximate
//! (an `About` end), a range (an end known to the day or as a range), a lower bound (an end
//! unknown or known only as "not before"), an upper bound, or unknown ([`Bound`]).
//!
//! Windows are kept apart by how their ends are known:
//! - an *open* window (still going) is counted up to the instant `at` the caller chooses, and
//!   figures that include it say so (`open`): the value is "so far", not approximate;
//! - an *unknown* end or start (no source says) is not guessed: the window is listed, but it
//!   adds nothing to the shortest a total can be and leaves the total with no longest — a
//!   lower bound, whose note says how many windows were left out;
//! - a *bounded* end ("still down on the 20th") counts up to its bound, again as a lower
//!   bound.

use serde::{Serialize, Serializer};

use crate::model::record::{Affected, Incident, Level, MomentName, TargetKind};
use crate::model::time::{Instant, When, format_minutes};
use crate::model::vocab::words;

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
    TimeToCommunicate,
    CustomerImpact,
    ServiceHours,
    CustomerHours,
    ServicesAffected,
    CustomersAffected,
}

impl FigureKey {
    /// Every figure, in the order reports give them.
    pub const ALL: [FigureKey; 10] = [
        FigureKey::TimeToDetect,
        FigureKey::TimeToMitigate,
        FigureKey::TimeToResolve,
        FigureKey::TotalDuration,
        FigureKey::TimeToCommunicate,
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
            K::TimeToCommunicate => (
                "time_to_communicate",
                "Time to communicate",
                Duration,
                "communicated − started: from the start of impact to the first public update; 0 when the public was told first; given only when the record has a communicated moment",
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

words! {
    /// How well a duration is known, from what the record says of the times it runs between.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Bound {
        /// Both ends are exact: `7 h 19 min`.
        Exact = "exact", "exact";
        /// An end is approximate (`About`): `~3 h 0 min`.
        Approximate = "approximate", "approximate";
        /// Somewhere between a shortest and a longest value (an end known only to the day, or
        /// as a range): `2 h 10 min – 3 h 0 min`.
        Range = "range", "range";
        /// At least this long, with no upper bound (an end unknown or known only as "not
        /// before"): `≥ 1 d 2 h 0 min`.
        AtLeast = "at_least", "at least";
        /// At most this long (an end known only as "no later than"): `≤ 3 h 0 min`.
        AtMost = "at_most", "at most";
        /// Nothing bounds it.
        Unknown = "unknown", "unknown";
    }
}

/// A duration as the record knows it: the shortest and the longest it can be, in whole
/// minutes, never negative. From two times, the shortest is the earliest possible end minus
/// the latest possible start, the longest the latest possible end minus the earliest possible
/// start ([`When::bounds`]); a side nothing bounds is `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// The shortest it can be; `None` when nothing bounds it from below (it is then at least
    /// 0).
    pub min: Option<i64>,
    /// The longest it can be; `None` when nothing bounds it from above.
    pub max: Option<i64>,
    /// True when a time it uses is approximate (`About`): its bounds are themselves rough.
    /// A day or a range gives firm bounds, so it makes a range, not an approximation.
    pub approximate: bool,
}

/// True when a time is rough (`About`), so that figures using it are approximate.
fn rough(w: When) -> bool {
    matches!(w, When::About(_))
}

impl Span {
    /// Exactly `minutes`.
    pub fn exact(minutes: i64) -> Span {
        Span {
            min: Some(minutes),
            max: Some(minutes),
            approximate: false,
        }
    }

    /// How well it is known. "At least 0" says nothing, so it is unknown.
    pub fn bound(self) -> Bound {
        match (self.min, self.max) {
            (None | Some(0), None) => Bound::Unknown,
            (Some(_), None) => Bound::AtLeast,
            (None, Some(_)) => Bound::AtMost,
            (Some(a), Some(b)) if a != b => Bound::Range,
            _ if self.approximate => Bound::Approximate,
            _ => Bound::Exact,
        }
    }

    /// The one value that stands for it: the value itself when exact or approximate, the
    /// middle of a range (rounded down), the bound of a one-sided bound; `None` when unknown.
    pub fn minutes(self) -> Option<i64> {
        if self.bound() == Bound::Unknown {
            return None;
        }
        match (self.min, self.max) {
            (Some(a), Some(b)) => Some(a + (b - a) / 2),
            (a, b) => a.or(b),
        }
    }

    /// The total of durations of different things (targets): lower bounds add up (a part
    /// with none adds nothing, so the sum has one when any part has), upper bounds only when
    /// every part has one. `None` for no parts.
    pub fn sum(parts: impl IntoIterator<Item = Span>) -> Option<Span> {
        let mut out: Option<Span> = None;
        for p in parts {
            out = Some(match out {
                None => p,
                Some(o) => Span {
                    min: match (o.min, p.min) {
                        (None, None) => None,
                        (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
                    },
                    max: o.max.zip(p.max).map(|(a, b)| a + b),
                    approximate: o.approximate || p.approximate,
                },
            });
        }
        out
    }

    /// As shown, each value written by `value`: `7 h 19 min`, `~3 h 0 min`,
    /// `2 h 10 min – 3 h 0 min`, `≥ ~1 d 1 h 43 min`, `≤ 45 min`, `unknown`.
    pub fn text_with(self, value: impl Fn(i64) -> String) -> String {
        let approx = if self.approximate { "~" } else { "" };
        match (self.bound(), self.min, self.max) {
            (Bound::Range, Some(a), Some(b)) => format!("{} – {}", value(a), value(b)),
            (Bound::AtLeast, Some(a), _) => format!("≥ {approx}{}", value(a)),
            (Bound::AtMost, _, Some(b)) => format!("≤ {approx}{}", value(b)),
            (Bound::Exact | Bound::Approximate, Some(a), _) => format!("{approx}{}", value(a)),
            _ => "unknown".to_string(),
        }
    }

    /// As shown, in days, hours and minutes ([`format_minutes`]).
    pub fn text(self) -> String {
        self.text_with(format_minutes)
    }
}

/// The shortest and longest time from `a` to `b`, before clamping at 0: negative values mean
/// `b` is (or may be) before `a`.
fn raw_span(a: When, b: When) -> Span {
    let (a_lo, a_hi) = a.bounds();
    let (b_lo, b_hi) = b.bounds();
    let diff = |from: Option<Instant>, to: Option<Instant>| Some(from?.minutes_until(to?));
    Span {
        min: diff(a_hi, b_lo),
        max: diff(a_lo, b_hi),
        approximate: rough(a) || rough(b),
    }
}

/// The span clamped at 0 on both sides.
fn clamped(s: Span) -> Span {
    Span {
        min: s.min.map(|m| m.max(0)),
        max: s.max.map(|m| m.max(0)),
        ..s
    }
}

/// A derived figure of one incident: a duration, or a count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// Which figure it is; its label and definition come with the key.
    pub key: FigureKey,
    /// For durations: how long, as the record knows it; `None` for counts.
    pub span: Option<Span>,
    /// For counts (`services_affected`): the number; `None` for durations.
    pub count: Option<usize>,
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

    /// The whole minutes that stand for a duration ([`Span::minutes`]); `None` when not known,
    /// and for counts.
    pub fn minutes(&self) -> Option<i64> {
        self.span.and_then(Span::minutes)
    }

    /// True when a time it uses is approximate.
    pub fn approximate(&self) -> bool {
        self.span.is_some_and(|s| s.approximate)
    }

    /// How well a duration is known; `None` for counts.
    pub fn bound(&self) -> Option<Bound> {
        self.span.map(Span::bound)
    }

    /// The value in hours, rounded to two decimals, for hours figures.
    pub fn hours(&self) -> Option<f64> {
        self.minutes().filter(|_| self.is_hours()).map(to_hours)
    }
}

/// Minutes as hours, rounded to two decimals.
pub fn to_hours(minutes: i64) -> f64 {
    (minutes as f64 / 60.0 * 100.0).round() / 100.0
}

fn moment(inc: &Incident, name: MomentName) -> When {
    inc.moments.get(name).map_or(When::Unknown, |m| m.at)
}

/// The key durations of an incident: time to detect, mitigate and resolve, and the total,
/// each as exact, approximate, a range or a bound ([`Span`]). No figure is ever negative:
/// detection before impact gives 0 and a note; a moment known to be before the start (a record
/// error, see rule E114) gives no value and a note.
pub fn key_figures(inc: &Incident) -> Vec<Figure> {
    let started = moment(inc, MomentName::Started);
    let detected = moment(inc, MomentName::Detected);
    let mitigated = moment(inc, MomentName::Mitigated);
    let resolved = moment(inc, MomentName::Resolved);

    let detect = raw_span(started, detected);
    let mut ttd = figure(FigureKey::TimeToDetect, clamped(detect));
    if detect.max.is_some_and(|m| m < 0) {
        // Surely detected before impact: 0, and by how much (the span the other way round).
        let before = Span {
            min: detect.max.map(|m| -m),
            max: detect.min.map(|m| -m),
            ..detect
        };
        ttd.note = Some(format!("detected {} before impact", before.text()));
    }
    let first_sign = crate::derive::moments::first_sign(inc).unwrap_or(When::Unknown);
    let mut out = vec![ttd];
    for (key, from, to) in [
        (FigureKey::TimeToMitigate, started, mitigated),
        (FigureKey::TimeToResolve, started, resolved),
        (FigureKey::TotalDuration, first_sign, resolved),
    ] {
        let raw = raw_span(from, to);
        out.push(if raw.max.is_some_and(|m| m < 0) {
            Figure {
                note: Some("not computed: the record has this moment before the start".into()),
                ..figure(key, Span::default())
            }
        } else {
            figure(key, clamped(raw))
        });
    }
    // Only records that state when the public was told give this figure, so reports of
    // older records stay as they were.
    if inc.moments.communicated.is_some() {
        let communicated = moment(inc, MomentName::Communicated);
        let span = raw_span(started, communicated);
        let mut ttc = figure(FigureKey::TimeToCommunicate, clamped(span));
        if span.max.is_some_and(|m| m < 0) {
            let before = Span {
                min: span.max.map(|m| -m),
                max: span.min.map(|m| -m),
                ..span
            };
            ttc.note = Some(format!("communicated {} before impact", before.text()));
        }
        out.push(ttc);
    }
    out
}

fn figure(key: FigureKey, span: Span) -> Figure {
    Figure {
        key,
        span: Some(span),
        count: None,
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
    /// Its length as the record knows it; an open window is counted up to `at` (0 if `at` is
    /// before the start).
    pub span: Span,
    /// The end used for display: the end's instant, or `at` for an open window.
    pub counted_to: Option<Instant>,
    /// The stretch the window surely covered: from its latest possible start to its earliest
    /// possible end, when both are bounded and in that order.
    pub surely: Option<(Instant, Instant)>,
    /// The stretch the window may have covered: from its earliest possible start to its
    /// latest possible end; `None` when either side is unbounded.
    pub possibly: Option<(Instant, Instant)>,
}

impl WindowFigure {
    /// The window as counted at `at`: an open end counts up to `at`.
    pub fn new(from: When, to: When, level: Level, at: Instant) -> WindowFigure {
        let (s_lo, s_hi) = from.bounds();
        let (e_lo, e_hi) = match to {
            When::Open => (Some(at), Some(at)),
            other => other.bounds(),
        };
        let ordered = |a: Option<Instant>, b: Option<Instant>| {
            let (a, b) = (a?, b?);
            Some((a, b.max(a)))
        };
        let surely = ordered(s_hi, e_lo).filter(|(a, b)| a < b);
        let possibly = ordered(s_lo, e_hi);
        let length = |a: Option<Instant>, b: Option<Instant>| Some(a?.minutes_until(b?).max(0));
        WindowFigure {
            from,
            to,
            level,
            span: Span {
                min: length(s_hi, e_lo),
                max: length(s_lo, e_hi),
                approximate: rough(from) || rough(to),
            },
            counted_to: match to {
                When::Open => Some(at),
                other => other.instant(),
            },
            surely,
            possibly,
        }
    }

    /// The whole minutes that stand for its length ([`Span::minutes`]).
    pub fn minutes(&self) -> Option<i64> {
        self.span.minutes()
    }

    /// True when its start or end is approximate (`About`).
    pub fn approximate(&self) -> bool {
        self.span.approximate
    }

    /// Still going: counted up to `at`.
    pub fn is_open(&self) -> bool {
        self.to == When::Open
    }

    /// No source gives the end (and the window is not open).
    pub fn end_unknown(&self) -> bool {
        self.to == When::Unknown
    }

    /// No source gives the start.
    pub fn start_unknown(&self) -> bool {
        matches!(self.from, When::Unknown | When::Open)
    }

    /// True when the window counts as impact time: outage or degraded, and its length has a
    /// lower or an upper bound. At-risk windows do not count, nor do windows whose length
    /// nothing bounds (an unknown end or start): those are left out, and make totals lower
    /// bounds.
    pub fn counts(&self) -> bool {
        self.level.counts_as_impact() && self.span.bound() != Bound::Unknown
    }

    /// Why an outage or degraded window adds nothing certain to totals, when it does not:
    /// its end is unknown, its start is unknown, or a side is known only as a bound on the
    /// wrong side. `None` when it has a lower bound.
    pub fn left_out(&self) -> Option<LeftOut> {
        if !self.level.counts_as_impact() || self.span.min.is_some() {
            return None;
        }
        Some(if self.end_unknown() {
            LeftOut::UnknownEnd
        } else if self.start_unknown() {
            LeftOut::UnknownStart
        } else {
            LeftOut::Bounded
        })
    }

    /// True when an outage or degraded window is counted only up to a bound: it has a
    /// shortest length but no longest.
    pub fn counted_to_bound(&self) -> bool {
        self.level.counts_as_impact() && self.span.min.is_some() && self.span.max.is_none()
    }
}

/// Why a window adds nothing certain to a total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LeftOut {
    /// No source gives its end.
    UnknownEnd,
    /// No source gives its start.
    UnknownStart,
    /// It may have lasted no time at all: its end is known only as "no later than" or its
    /// start only as "not before".
    Bounded,
}

/// The impact on one service or customer.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetImpact<'a> {
    pub kind: TargetKind,
    pub target: &'a Affected,
    /// The worst level among its windows.
    pub level: Option<Level>,
    pub windows: Vec<WindowFigure>,
    /// Merged outage and degraded time, as the record knows it: at least the stretches its
    /// windows surely covered, merged; at most those they may have covered, merged (when every
    /// window is bounded). Exactly 0 when it has no outage or degraded window.
    pub span: Span,
    /// Outage or degraded windows whose end no source gives.
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

    /// The merged minutes that stand for its impact time ([`Span::minutes`]), or `None` when
    /// nothing bounds it — so that 0 never stands for "not known".
    pub fn counted_minutes(&self) -> Option<i64> {
        self.span.minutes()
    }

    /// True when a window it counts has an approximate start or end.
    pub fn approximate(&self) -> bool {
        self.span.approximate
    }

    /// The earliest start of impact (at-risk windows are not impact unless there is nothing
    /// else), by where it sorts: a day or a range by its middle, a bound by the bound.
    pub fn first(&self) -> Option<When> {
        self.impact_windows()
            .filter_map(|w| Some((w.from.sort_key()?, w.from)))
            .min_by_key(|(k, _)| *k)
            .map(|(_, w)| w)
    }

    /// The end shown in tables: `Open` if an impact window is open, `Unknown` if an end is
    /// unknown, else the latest end as well as the ends say it (`≤ 2022-12-20 12:00` for one
    /// bounded end, `≥ …` or a range for several).
    pub fn end(&self) -> When {
        let ws: Vec<&WindowFigure> = self.impact_windows().collect();
        if ws.iter().any(|w| w.is_open()) {
            return When::Open;
        }
        if ws.iter().any(|w| w.end_unknown()) {
            return When::Unknown;
        }
        latest_of(ws.iter().map(|w| w.to))
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

/// The latest of several ends, as well as they are known: one end as it is; exact and
/// approximate ends by their instants; otherwise no earlier than the latest of their earliest
/// instants and no later than the latest of their latest ones (unbounded if any is).
fn latest_of(ends: impl Iterator<Item = When>) -> When {
    let ends: Vec<When> = ends.collect();
    if let [one] = ends.as_slice() {
        return *one;
    }
    if ends
        .iter()
        .all(|w| matches!(w, When::At(_) | When::About(_)))
    {
        return ends
            .iter()
            .filter_map(|w| Some((w.instant()?, *w)))
            .max_by_key(|(t, _)| *t)
            .map_or(When::Unknown, |(_, w)| w);
    }
    let earliest = ends.iter().filter_map(|w| w.bounds().0).max();
    let latest = ends
        .iter()
        .map(|w| w.bounds().1)
        .collect::<Option<Vec<_>>>()
        .and_then(|l| l.into_iter().max());
    match (earliest, latest) {
        (Some(a), Some(b)) if a == b => When::At(a),
        (Some(a), Some(b)) => When::Between(a, b),
        (Some(a), None) => When::NotBefore(a),
        (None, Some(b)) => When::NotAfter(b),
        (None, None) => When::Unknown,
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// What a total of `windows` says of the windows it could not count exactly, led by the kind
/// of bound the total is: "lower bound: 9 windows with an unknown end not counted".
fn bounds_note<'w>(
    span: Span,
    windows: impl Iterator<Item = &'w WindowFigure> + Clone,
) -> Option<String> {
    let mut parts = Vec::new();
    for (why, words) in [
        (LeftOut::UnknownEnd, "with an unknown end not counted"),
        (LeftOut::UnknownStart, "with an unknown start not counted"),
        (
            LeftOut::Bounded,
            "that may have lasted no time at all (an end known only as \"no later than\", or a start only as \"not before\") not counted",
        ),
    ] {
        let n = windows
            .clone()
            .filter(|w| w.left_out() == Some(why))
            .count();
        if n > 0 {
            parts.push(format!("{n} window{} {words}", plural(n)));
        }
    }
    let n = windows.clone().filter(|w| w.counted_to_bound()).count();
    if n > 0 {
        parts.push(format!(
            "{n} window{} with a start or end known only as a bound counted as far as the bound",
            plural(n)
        ));
    }
    if parts.is_empty() {
        return None;
    }
    let lead = match span.bound() {
        Bound::AtLeast => "lower bound: ",
        Bound::AtMost => "upper bound: ",
        _ => "",
    };
    Some(format!("{lead}{}", parts.join("; ")))
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
    let any_open = targets.iter().any(|t| t.open);
    let customer_impact = merged_span(all.clone(), false);
    figures.push(Figure {
        key: FigureKey::CustomerImpact,
        span: Some(customer_impact),
        count: None,
        open: any_open,
        note: join_notes(
            bounds_note(customer_impact, all.clone()),
            open_note(any_open),
        ),
    });
    for (kind, key) in [
        (TargetKind::Service, FigureKey::ServiceHours),
        (TargetKind::Customer, FigureKey::CustomerHours),
    ] {
        let ts: Vec<&TargetImpact> = targets.iter().filter(|t| t.kind == kind).collect();
        let open = ts.iter().any(|t| t.open);
        let span = Span::sum(ts.iter().map(|t| t.span)).unwrap_or_default();
        let windows = ts.iter().flat_map(|t| t.windows.iter());
        figures.push(Figure {
            key,
            span: Some(span),
            count: None,
            open,
            note: join_notes(bounds_note(span, windows), open_note(open)),
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
            span: None,
            count: Some(ts.filter(|t| t.affected() || unknown_times(t)).count()),
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
        .map(|w| WindowFigure::new(w.from, w.to, w.level, at))
        .collect();
    let impact = || windows.iter().filter(|w| w.level.counts_as_impact());
    TargetImpact {
        kind,
        target: t,
        level: windows.iter().map(|w| w.level).min(),
        span: merged_span(windows.iter(), true),
        unknown_ends: impact().filter(|w| w.end_unknown()).count(),
        open: impact().any(|w| w.is_open() && w.counts()),
        windows,
    }
}

/// The merged outage and degraded time of `windows` ([`Span`]): at least the union of what
/// they surely covered, at most the union of what they may have covered. With no outage or
/// degraded window it is exactly 0 when `none_is_zero`, else unknown.
fn merged_span<'w>(
    windows: impl Iterator<Item = &'w WindowFigure> + Clone,
    none_is_zero: bool,
) -> Span {
    let impact = windows.filter(|w| w.level.counts_as_impact());
    if impact.clone().next().is_none() {
        return if none_is_zero {
            Span::exact(0)
        } else {
            Span::default()
        };
    }
    let total = |spans: Vec<(Instant, Instant)>| -> i64 {
        merge(spans).iter().map(|(a, b)| a.minutes_until(*b)).sum()
    };
    let min = impact
        .clone()
        .any(|w| w.span.min.is_some())
        .then(|| total(impact.clone().filter_map(|w| w.surely).collect()));
    let max = impact
        .clone()
        .map(|w| w.possibly)
        .collect::<Option<Vec<_>>>()
        .map(total);
    Span {
        min,
        max,
        approximate: impact.clone().any(|w| w.counts() && w.approximate()),
    }
}

/// Disjoint, sorted stretches covering the same instants as `spans`; touching ones are joined
/// and empty ones dropped.
fn merge(mut spans: Vec<(Instant, Instant)>) -> Vec<(Instant, Instant)> {
    spans.retain(|(a, b)| a < b);
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
    merged
}

/// Merges the stretches that windows counting as impact ([`WindowFigure::counts`]) surely
/// covered into disjoint, sorted spans, so no minute is counted twice; touching windows are
/// joined. Returns the spans and whether any merged window was approximate.
pub fn union_spans<'w>(
    windows: impl Iterator<Item = &'w WindowFigure>,
) -> (Vec<(Instant, Instant)>, bool) {
    let mut approx = false;
    let spans: Vec<(Instant, Instant)> = windows
        .filter(|w| w.counts())
        .filter_map(|w| {
            approx |= w.approximate();
            w.surely
        })
        .collect();
    (merge(spans), approx)
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
        WindowFigure::new(When::At(inst(from)), to, level, hk("23:59"))
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
            internal: false,
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
        assert_eq!(ti.counted_minutes().unwrap(), 120);
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
        assert_eq!(ti.counted_minutes().unwrap(), 150); // 10:00 → 12:30
        assert!(ti.open);
        assert!(!ti.approximate(), "open is 'so far', not approximate");
        assert_eq!(ti.end(), When::Open);
        assert_eq!(ti.end_status(), "open");
        // `at` before the start: nothing to count yet, never negative.
        let early = target_impact(TargetKind::Customer, &t, hk("09:00"));
        assert_eq!(early.counted_minutes().unwrap(), 0);
        assert_eq!(early.windows[0].minutes(), Some(0));
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
        assert_eq!(ti.counted_minutes().unwrap(), 439);
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
        assert_eq!(ti.counted_minutes().unwrap(), 0);
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
        assert_eq!(ttd.minutes(), Some(0));
        assert_eq!(ttd.note.as_deref(), Some("detected 21 min before impact"));
        // 09:17 → 15:20 = 6 h 3 min = 363.
        assert_eq!(f(K::TimeToMitigate).minutes(), Some(363));
        // 09:17 → 23:11 = 13 h 54 min = 834.
        assert_eq!(f(K::TimeToResolve).minutes(), Some(834));
        // 08:56 (detected, the first sign) → 23:11 = 14 h 15 min = 855.
        assert_eq!(f(K::TotalDuration).minutes(), Some(855));
        assert!(!f(K::TotalDuration).approximate());
        // Counted windows: RDS 10:17→~21:30, OSS 11:07→18:26, ECS API 14:49→23:11,
        // OKX ~11:00 18 Dec → ~12:00 19 Dec. Union: 10:17 18 Dec → ~12:00 19 Dec
        // = 13 h 43 min + 12 h = 25 h 43 min = 1543, approximate.
        let ci = f(K::CustomerImpact);
        assert_eq!(ci.minutes(), Some(1543));
        assert!(ci.approximate());
        // Windows with unknown ends: ECS, EBS and four Macau customers; Galaxy, Lotus TV and
        // mFood were back no later than noon on the 20th, so theirs may have been over at once.
        let note = ci.note.unwrap();
        assert!(note.starts_with("lower bound: 6 windows with an unknown end not counted; 3 windows that may have lasted no time at all"), "{note}");
        // Services: OSS 439 + RDS ~673 (10:17→~21:30) + ECS API 502 = ~1614 min = ~26.9 h;
        // ECS (Zone C) and EBS have unknown ends and are left out.
        let sh = f(K::ServiceHours);
        assert_eq!(sh.minutes(), Some(439 + 673 + 502));
        assert_eq!(sh.hours(), Some(26.9));
        assert!(sh.approximate());
        assert!(sh.note.unwrap().contains("2 windows"));
        // Customers: only OKX has a known end: ~1500 min = ~25 h. Four Macau customers have
        // unknown ends; Galaxy, Lotus TV and mFood were back no later than noon on the 20th.
        let ch = f(K::CustomerHours);
        assert_eq!(ch.minutes(), Some(1500));
        assert_eq!(ch.hours(), Some(25.0));
        assert!(ch.approximate());
        let note = ch.note.unwrap();
        assert!(note.contains("4 windows with an unknown end"), "{note}");
        assert!(
            note.contains("3 windows that may have lasted no time at all"),
            "{note}"
        );
        assert_eq!(f(K::ServicesAffected).count, Some(5));
        assert_eq!(f(K::CustomersAffected).count, Some(8));
        assert!(r.figures.iter().all(|f| f.minutes().is_none_or(|m| m >= 0)));
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
    fn time_to_communicate_only_with_a_communicated_moment() {
        let mut inc = hk_record();
        let has = |inc: &Incident| {
            key_figures(inc)
                .iter()
                .any(|f| f.key == FigureKey::TimeToCommunicate)
        };
        assert!(!has(&inc), "the sources give no first public update");
        // 09:17 → 10:47 = 90 min.
        set(&mut inc, MomentName::Communicated, When::At(hk("10:47")));
        let ttc = key(&inc, FigureKey::TimeToCommunicate);
        assert_eq!((ttc.minutes(), ttc.note.as_deref()), (Some(90), None));
        // Told before impact: 0, with how long before.
        set(&mut inc, MomentName::Communicated, When::At(hk("09:07")));
        let ttc = key(&inc, FigureKey::TimeToCommunicate);
        assert_eq!(
            (ttc.minutes(), ttc.note.as_deref()),
            (Some(0), Some("communicated 10 min before impact"))
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
        assert_eq!(m.minutes(), None);
        assert!(m.note.is_some());
    }

    fn utc(s: &str) -> Instant {
        inst(&format!("{s}+00:00"))
    }

    fn key(inc: &Incident, k: FigureKey) -> Figure {
        key_figures(inc).into_iter().find(|f| f.key == k).unwrap()
    }

    fn set(inc: &mut Incident, name: MomentName, at: When) {
        *inc.moments.slot(name) = Some(crate::model::record::Moment {
            at,
            sources: vec![],
            note: None,
            observed_by: None,
            claims: Vec::new(),
        });
    }

    #[test]
    fn a_resolution_known_only_as_not_before_gives_a_lower_bound() {
        let mut inc = hk_record();
        set(
            &mut inc,
            MomentName::Started,
            When::At(utc("2024-08-30T06:15:00")),
        );
        inc.moments.detected = None;
        inc.moments.mitigated = None;
        set(
            &mut inc,
            MomentName::Resolved,
            When::NotBefore(utc("2024-08-31T08:45:00")),
        );
        let ttr = key(&inc, FigureKey::TimeToResolve);
        // 06:15 on the 30th to 08:45 on the 31st: 26 h 30 min at least.
        assert_eq!(
            ttr.span,
            Some(Span {
                min: Some(1590),
                max: None,
                approximate: false
            })
        );
        assert_eq!(ttr.bound(), Some(Bound::AtLeast));
        assert_eq!(ttr.minutes(), Some(1590));
        assert_eq!(
            crate::derive::impact::figure_value(&ttr),
            "≥ 1 d 2 h 30 min"
        );
        // No later than: an upper bound.
        set(
            &mut inc,
            MomentName::Resolved,
            When::NotAfter(utc("2024-08-30T09:15:00")),
        );
        let ttr = key(&inc, FigureKey::TimeToResolve);
        assert_eq!(ttr.bound(), Some(Bound::AtMost));
        assert_eq!(crate::derive::impact::figure_value(&ttr), "≤ 3 h");
        // Unknown: unknown, never 0.
        set(&mut inc, MomentName::Resolved, When::Unknown);
        let ttr = key(&inc, FigureKey::TimeToResolve);
        assert_eq!(ttr.bound(), Some(Bound::Unknown));
        assert_eq!(ttr.minutes(), None);
        assert_eq!(crate::derive::impact::figure_value(&ttr), "unknown");
    }

    #[test]
    fn a_day_or_a_range_gives_a_range() {
        let mut inc = hk_record();
        let plus1 = |s: &str| inst(&format!("{s}+01:00"));
        // Impact started on 4 March (the day only); mitigated between 10:00 and 11:00 on the
        // 5th; resolved at 15:00 on the 5th.
        set(
            &mut inc,
            MomentName::Started,
            When::Day(plus1("2024-03-04T00:00:00")),
        );
        inc.moments.detected = None;
        set(
            &mut inc,
            MomentName::Mitigated,
            When::Between(plus1("2024-03-05T10:00:00"), plus1("2024-03-05T11:00:00")),
        );
        set(
            &mut inc,
            MomentName::Resolved,
            When::At(plus1("2024-03-05T15:00:00")),
        );
        // Mitigated: from 10:00 on the 5th less the end of the 4th (10 h) to 11:00 on the 5th
        // less the start of the 4th (35 h).
        let ttm = key(&inc, FigureKey::TimeToMitigate);
        assert_eq!(ttm.span.unwrap().min, Some(600));
        assert_eq!(ttm.span.unwrap().max, Some(2100));
        assert_eq!(ttm.bound(), Some(Bound::Range));
        assert_eq!(ttm.minutes(), Some(1350), "the middle of the range");
        assert_eq!(crate::derive::impact::figure_value(&ttm), "10 h – 1 d 11 h");
        let ttr = key(&inc, FigureKey::TimeToResolve);
        assert_eq!(
            (ttr.span.unwrap().min, ttr.span.unwrap().max),
            (Some(900), Some(2340))
        );
        // A range that straddles 0 is clamped: detected on the day impact began.
        set(
            &mut inc,
            MomentName::Detected,
            When::At(plus1("2024-03-04T18:00:00")),
        );
        let ttd = key(&inc, FigureKey::TimeToDetect);
        assert_eq!(
            (ttd.span.unwrap().min, ttd.span.unwrap().max),
            (Some(0), Some(1080))
        );
        assert_eq!(ttd.note, None);
        // Surely before impact: 0, and by how much.
        set(
            &mut inc,
            MomentName::Detected,
            When::About(plus1("2024-03-03T22:00:00")),
        );
        let ttd = key(&inc, FigureKey::TimeToDetect);
        assert_eq!(ttd.minutes(), Some(0));
        assert_eq!(
            ttd.note.as_deref(),
            Some("detected 2 h – 1 d 2 h before impact")
        );
    }

    #[test]
    fn bounded_windows_make_bounded_totals() {
        let mut inc = hk_record();
        inc.customers.clear();
        inc.services = vec![
            // Still down at 12:00, no later end known: at least 2 h.
            target(
                "a",
                vec![win(
                    When::At(hk("10:00")),
                    When::NotBefore(hk("12:00")),
                    Level::Outage,
                )],
            ),
            // No source gives its start: left out.
            target(
                "b",
                vec![win(When::Unknown, When::At(hk("11:30")), Level::Outage)],
            ),
            // Began between 13:00 and 14:00: 1 h to 2 h.
            target(
                "c",
                vec![win(
                    When::Between(hk("13:00"), hk("14:00")),
                    When::At(hk("15:00")),
                    Level::Degraded,
                )],
            ),
        ];
        let r = impact(&inc, hk("23:00"));
        let totals: Vec<String> = r
            .targets
            .iter()
            .map(crate::derive::impact::total_text)
            .collect();
        assert_eq!(
            totals,
            ["≥ 2 h", "unknown start — not counted", "1 h – 2 h"]
        );
        let ci = r.figure(FigureKey::CustomerImpact).unwrap();
        // Surely 10:00–12:00 and 14:00–15:00; nothing bounds it from above.
        assert_eq!(ci.span.unwrap().min, Some(180));
        assert_eq!(ci.bound(), Some(Bound::AtLeast));
        assert_eq!(
            ci.note.as_deref(),
            Some(
                "lower bound: 1 window with an unknown start not counted; 1 window with a start or end known only as a bound counted as far as the bound"
            )
        );
        let sh = r.figure(FigureKey::ServiceHours).unwrap();
        assert_eq!(sh.span.unwrap().min, Some(120 + 60));
        assert_eq!(sh.bound(), Some(Bound::AtLeast));
        assert_eq!(
            crate::derive::impact::figure_value(sh),
            "≥ 3 h (lower bound: 1 window with an unknown start not counted; 1 window with a start or end known only as a bound counted as far as the bound)"
        );
        // Drop the two one-sided windows: a range, from the merged sure and possible stretches.
        inc.services.truncate(0);
        inc.services.push(target(
            "c",
            vec![
                win(
                    When::Between(hk("13:00"), hk("14:00")),
                    When::At(hk("15:00")),
                    Level::Degraded,
                ),
                win(
                    When::At(hk("14:30")),
                    When::About(hk("16:00")),
                    Level::Outage,
                ),
            ],
        ));
        let r = impact(&inc, hk("23:00"));
        let ci = r.figure(FigureKey::CustomerImpact).unwrap();
        // Surely 14:00–16:00 (120), at most 13:00–16:00 (180).
        assert_eq!(
            ci.span,
            Some(Span {
                min: Some(120),
                max: Some(180),
                approximate: true
            })
        );
        assert_eq!(ci.minutes(), Some(150));
        assert_eq!(ci.note, None);
        assert_eq!(crate::derive::impact::figure_value(ci), "2 h – 3 h");
    }

    #[test]
    fn spans_add_up_and_read_as_their_bound() {
        let s = |min, max, approximate| Span {
            min,
            max,
            approximate,
        };
        assert_eq!(
            Span::sum([
                s(Some(60), Some(90), false),
                s(None, None, false),
                s(Some(5), None, true)
            ]),
            Some(s(Some(65), None, true))
        );
        assert_eq!(Span::sum([]), None);
        assert_eq!(
            Span::sum([s(None, None, false)]),
            Some(s(None, None, false))
        );
        let texts: Vec<(Bound, String)> = [
            s(Some(439), Some(439), false),
            s(Some(180), Some(180), true),
            s(Some(130), Some(180), false),
            s(Some(1560), None, false),
            s(None, Some(45), false),
            s(None, None, false),
            s(Some(0), None, false),
        ]
        .into_iter()
        .map(|x| (x.bound(), x.text()))
        .collect();
        assert_eq!(
            texts,
            [
                (Bound::Exact, "7 h 19 min".to_string()),
                (Bound::Approximate, "~3 h".to_string()),
                (Bound::Range, "2 h 10 min – 3 h".to_string()),
                (Bound::AtLeast, "≥ 1 d 2 h".to_string()),
                (Bound::AtMost, "≤ 45 min".to_string()),
                (Bound::Unknown, "unknown".to_string()),
                // "At least 0" says nothing.
                (Bound::Unknown, "unknown".to_string()),
            ]
        );
        assert_eq!(s(Some(130), Some(180), false).minutes(), Some(155));
        assert_eq!(s(None, Some(45), false).minutes(), Some(45));
    }
}
