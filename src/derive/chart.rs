//! The impact chart's layout: every affected service and customer as a row of bars on one
//! shared time axis, with hour ticks and key events marked — what to draw, independent of the
//! medium. `render::chart` draws it in a terminal or as Mermaid, `render::svg` as SVG.
//!
//! The axis runs from the earliest to the latest time the record gives — events, key moments
//! and window edges, a day or a range at its middle, a bound at the bound — so every important
//! event is on it. When the record spans more than a day, quiet stretches (more than six hours
//! with no time of the record in them) are left out and drawn as a short break (`≈`): the axis
//! is a list of [`Segment`]s.

use chrono::{DateTime, FixedOffset, TimeDelta};

use crate::model::record::{Affected, EventKind, Incident, Level, TargetKind};
use crate::model::time::{Instant, When, Zone};

/// A stretch longer than this with no time of the record in it is quiet...
const QUIET: TimeDelta = TimeDelta::hours(6);
/// ...and is left out when the whole axis is longer than this.
const COMPRESS_ABOVE: TimeDelta = TimeDelta::hours(24);

/// How a bar ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BarEnd {
    /// The end is known to the minute.
    Known,
    /// The end is approximate, known to the day or as a range, or only as "no later than":
    /// drawn to the latest instant it can be.
    Approximate,
    /// Only "not before" is known: drawn to that bound, then fading out to the chart's end.
    AtLeast,
    /// No source gives the end: fading out to the chart's end (the last time the record
    /// gives), never drawn as if it were known.
    Unknown,
    /// Still going: drawn to the chart's end.
    Open,
}

/// One impact window on the time axis. Times are in the displayed zone.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The start drawn: the earliest instant the start can be (a day's start, a range's
    /// start), the bound of a bound, or the chart's start when unknown.
    pub from: DateTime<FixedOffset>,
    /// The end drawn: the real end, the bound of an [`BarEnd::AtLeast`] end, or the chart's
    /// end for unknown and open ends.
    pub to: DateTime<FixedOffset>,
    pub level: Level,
    /// The start is not exact (approximate, a day, a range, a bound).
    pub from_approx: bool,
    /// No source gives the start: drawn from the chart's start.
    pub from_unknown: bool,
    pub end: BarEnd,
    /// The window's start and end as the record gives them, for words beside the drawing.
    pub from_when: When,
    pub to_when: When,
}

/// One service or customer.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartRow {
    pub kind: TargetKind,
    pub name: String,
    /// The first name in another language when it differs from `name` (`澳門銀河`).
    pub other_name: Option<String>,
    pub bars: Vec<Bar>,
}

impl ChartRow {
    /// `Galaxy Macau 澳門銀河`.
    pub fn label(&self) -> String {
        match &self.other_name {
            Some(o) => format!("{} {o}", self.name),
            None => self.name.clone(),
        }
    }
}

/// An hour tick on the axis, at a whole hour in the displayed zone.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub at: DateTime<FixedOffset>,
    /// `09`, or `12-19` at midnight; the first tick after a break carries its date:
    /// `12-25 12`.
    pub label: String,
    pub hour: u32,
    /// The first tick of a segment that follows a break: always labelled.
    pub after_break: bool,
}

/// An important event marked on the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// The letter that stands for it in the chart and its key: `A`, `B`, …
    pub key: char,
    /// Where it is drawn: its instant, a day or a range at its middle, a bound at the bound.
    pub at: DateTime<FixedOffset>,
    /// Its time as the record gives it.
    pub when: When,
    pub approx: bool,
    pub id: String,
    /// What happened: the event's text, which labels name it by.
    pub text: String,
    pub kind: EventKind,
}

/// A stretch of time the axis draws; between two segments a quiet stretch is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
}

impl Segment {
    /// Its length in minutes.
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

/// Everything a chart shows, computed once for any medium.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLayout {
    pub zone: Zone,
    /// The axis starts at the whole hour (in the zone) at or before the earliest time the
    /// record gives…
    pub start: DateTime<FixedOffset>,
    /// …and ends at the whole hour at or after the latest: the last known time, where bars
    /// with unknown ends fade out.
    pub end: DateTime<FixedOffset>,
    /// The stretches drawn, in order, from `start` to `end`; one unless quiet stretches were
    /// left out.
    pub segments: Vec<Segment>,
    pub rows: Vec<ChartRow>,
    pub ticks: Vec<Tick>,
    pub markers: Vec<Marker>,
}

impl ChartLayout {
    /// The quiet stretches left out, in order: from the end of one segment to the start of
    /// the next.
    pub fn breaks(&self) -> Vec<Segment> {
        self.segments
            .windows(2)
            .map(|w| Segment {
                start: w[0].end,
                end: w[1].start,
            })
            .collect()
    }

    /// The segment `t` falls in, or `Err(i)` when it falls in the break before segment `i`
    /// (`Err(0)` before the chart, `Err(len)` after it).
    pub fn segment_of(&self, t: DateTime<FixedOffset>) -> Result<usize, usize> {
        for (i, s) in self.segments.iter().enumerate() {
            if t < s.start {
                return Err(i);
            }
            if t <= s.end {
                return Ok(i);
            }
        }
        Err(self.segments.len())
    }

    /// Places instants on a drawing `width` units wide: each segment gets room in proportion
    /// to its length but at least `min_segment`, each break `gap`.
    pub fn axis(&self, width: f64, gap: f64, min_segment: f64) -> AxisMap {
        let n = self.segments.len().max(1) as f64;
        let total: f64 = self
            .segments
            .iter()
            .map(|s| s.minutes().max(1) as f64)
            .sum();
        let room = (width - gap * (n - 1.0) - min_segment * n).max(0.0);
        let mut x = 0.0;
        let mut pieces = Vec::new();
        for s in &self.segments {
            let w = min_segment + room * s.minutes().max(1) as f64 / total.max(1.0);
            pieces.push((*s, x, x + w));
            x += w + gap;
        }
        AxisMap { pieces, width }
    }
}

/// Where instants fall on a drawing of the axis ([`ChartLayout::axis`]).
#[derive(Clone, Debug, PartialEq)]
pub struct AxisMap {
    /// Each segment with the units it spans.
    pieces: Vec<(Segment, f64, f64)>,
    width: f64,
}

impl AxisMap {
    /// The position of `t`: in proportion within its segment, the middle of a break it falls
    /// in, and clamped to the drawing.
    pub fn x(&self, t: DateTime<FixedOffset>) -> f64 {
        let mut before = 0.0;
        for (s, x0, x1) in &self.pieces {
            if t < s.start {
                return (before + x0) / 2.0;
            }
            if t <= s.end {
                let f = (t - s.start).num_seconds() as f64
                    / (s.end - s.start).num_seconds().max(1) as f64;
                return x0 + (x1 - x0) * f;
            }
            before = *x1;
        }
        self.pieces.last().map_or(0.0, |p| p.2).min(self.width)
    }

    /// The units each break spans, in order.
    pub fn breaks(&self) -> Vec<(f64, f64)> {
        self.pieces.windows(2).map(|w| (w[0].2, w[1].1)).collect()
    }

    /// Each segment and the units it spans.
    pub fn segments(&self) -> impl Iterator<Item = &(Segment, f64, f64)> {
        self.pieces.iter()
    }
}

/// The keys markers are named by, in order.
const MARKER_KEYS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Where a time is placed on the axis: its instant, a day or a range at its middle, a bound at
/// the bound ([`When::sort_key`], the timeline's order); `None` for unknown and open.
fn placed(w: When) -> Option<DateTime<FixedOffset>> {
    w.sort_key().map(|(t, _)| t)
}

/// Lays out the impact chart of `inc` in `zone`; `None` when the record has no window and no
/// important event with a time.
pub fn layout(inc: &Incident, zone: &Zone) -> Option<ChartLayout> {
    let conv = |t: DateTime<FixedOffset>| zone.convert(t);
    let targets = inc.targets();
    let windows: Vec<_> = targets
        .clone()
        .flat_map(|(_, a)| a.windows.iter())
        .collect();
    let important: Vec<_> = inc
        .events_in_order()
        .into_iter()
        .filter(|e| e.important && placed(e.at).is_some())
        .collect();
    if windows.is_empty() && important.is_empty() {
        return None;
    }

    // Every time the record gives, where it is drawn: the axis covers them all.
    let mut times: Vec<DateTime<FixedOffset>> = crate::derive::moments::all_times(inc)
        .filter_map(placed)
        .chain(windows.iter().filter_map(|w| start_instant(w.from)))
        .chain(
            windows
                .iter()
                .filter_map(|w| end_instant(w.to).map(Instant::get)),
        )
        .map(conv)
        .collect();
    if times.is_empty() {
        return None;
    }
    times.sort();
    let (first, last) = (times[0], times[times.len() - 1]);
    let compress = last - first > COMPRESS_ABOVE;
    let mut segments: Vec<Segment> = Vec::new();
    let mut cluster = (first, first);
    for &t in times.iter().skip(1) {
        if compress && t - cluster.1 > QUIET {
            segments.push(segment(zone, cluster));
            cluster = (t, t);
        } else {
            cluster.1 = t;
        }
    }
    segments.push(segment(zone, cluster));
    // Rounded out to whole hours, neighbours can meet: join them.
    let mut joined: Vec<Segment> = Vec::new();
    for s in segments {
        match joined.last_mut() {
            Some(prev) if s.start <= prev.end => prev.end = prev.end.max(s.end),
            _ => joined.push(s),
        }
    }
    let segments = joined;
    let start = segments[0].start;
    let end = segments[segments.len() - 1].end;

    let rows = targets
        .map(|(kind, a)| chart_row(kind, a, zone, start, end))
        .collect();
    let markers = important
        .iter()
        .filter_map(|e| Some((e, conv(placed(e.at)?))))
        .filter(|(_, t)| *t >= start && *t <= end)
        .zip(MARKER_KEYS.chars())
        .map(|((e, at), key)| Marker {
            key,
            at,
            when: e.at,
            approx: e.at.is_uncertain(),
            id: e.id.clone(),
            text: e.text.clone(),
            kind: e.kind,
        })
        .collect();
    let ticks = segments
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            let mut ts = ticks(zone, s.start, s.end);
            if i > 0
                && let Some(t) = ts.first_mut()
            {
                t.after_break = true;
                if t.hour != 0 {
                    t.label = t.at.format("%m-%d %H").to_string();
                }
            }
            ts
        })
        .collect();
    Some(ChartLayout {
        zone: *zone,
        start,
        end,
        segments,
        rows,
        ticks,
        markers,
    })
}

/// A segment from the whole hour at or before a cluster of times to the whole hour after it
/// (so that a time on the hour is inside, not on the edge), at least an hour long.
fn segment(zone: &Zone, (first, last): (DateTime<FixedOffset>, DateTime<FixedOffset>)) -> Segment {
    let start = floor_hour(zone, first);
    let end = ceil_hour(zone, last + TimeDelta::minutes(1)).max(start + TimeDelta::hours(1));
    Segment { start, end }
}

/// The instant a window's start is drawn from: the earliest it can be (a day's start, a
/// range's start), or the bound of a bound; `None` when unknown.
fn start_instant(w: When) -> Option<DateTime<FixedOffset>> {
    match w {
        When::NotAfter(t) => Some(t.get()),
        other => other.bounds().0.map(Instant::get),
    }
}

/// The instant a window's end is drawn at, when known: a day-precision end is drawn at the
/// end of that day, a range or an upper bound at its latest instant, a lower bound ("still
/// down on the 20th") at the bound, from where it fades as an unknown end.
fn end_instant(w: When) -> Option<Instant> {
    match w {
        When::At(t) | When::About(t) | When::NotBefore(t) | When::NotAfter(t) => Some(t),
        When::Day(t) => Some(Instant(t.get() + TimeDelta::days(1))),
        When::Between(_, b) => Some(b),
        When::Unknown | When::Open => None,
    }
}

fn chart_row(
    kind: TargetKind,
    a: &Affected,
    zone: &Zone,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
) -> ChartRow {
    let other_name = a
        .names
        .values()
        .find(|n| !n.eq_ignore_ascii_case(&a.name))
        .cloned();
    let bars = a
        .windows
        .iter()
        .map(|w| {
            let from = start_instant(w.from).map_or(start, |t| zone.convert(t));
            let end_kind = match w.to {
                When::At(_) => BarEnd::Known,
                When::About(_) | When::Day(_) | When::Between(..) | When::NotAfter(_) => {
                    BarEnd::Approximate
                }
                When::NotBefore(_) => BarEnd::AtLeast,
                When::Unknown => BarEnd::Unknown,
                When::Open => BarEnd::Open,
            };
            let to = end_instant(w.to)
                .map_or(end, |t| zone.convert(t.get()))
                .max(from);
            Bar {
                from,
                to,
                level: w.level,
                from_approx: w.from.is_uncertain() && w.from != When::Unknown,
                from_unknown: matches!(w.from, When::Unknown | When::Open),
                end: end_kind,
                from_when: w.from,
                to_when: w.to,
            }
        })
        .collect();
    ChartRow {
        kind,
        name: a.name.clone(),
        other_name,
        bars,
    }
}

/// Seconds into the local hour.
fn into_hour(t: DateTime<FixedOffset>) -> i64 {
    use chrono::Timelike;
    i64::from(t.minute()) * 60 + i64::from(t.second())
}

/// The whole hour in `zone` at or before `t`.
pub fn floor_hour(zone: &Zone, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    let local = zone.convert(t);
    zone.convert(local - TimeDelta::seconds(into_hour(local)) - nanos(local))
}

fn nanos(t: DateTime<FixedOffset>) -> TimeDelta {
    use chrono::Timelike;
    TimeDelta::nanoseconds(i64::from(t.nanosecond()))
}

/// The whole hour in `zone` at or after `t`.
pub fn ceil_hour(zone: &Zone, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    let f = floor_hour(zone, t);
    if f == zone.convert(t) {
        f
    } else {
        floor_hour(zone, t + TimeDelta::hours(1))
    }
}

/// Every whole hour in `zone` from `start` to `end`, exact across daylight-saving changes
/// (found by walking UTC in quarter hours, since every offset is a multiple of 15 minutes).
pub fn ticks(zone: &Zone, start: DateTime<FixedOffset>, end: DateTime<FixedOffset>) -> Vec<Tick> {
    use chrono::Timelike;
    let mut out = Vec::new();
    let mut t = start;
    while t <= end && out.len() < 10_000 {
        let local = zone.convert(t);
        if local.minute() == 0 && local.second() == 0 {
            let label = if local.hour() == 0 {
                local.format("%m-%d").to_string()
            } else {
                local.format("%H").to_string()
            };
            out.push(Tick {
                at: local,
                label,
                hour: local.hour(),
                after_break: false,
            });
        }
        t += TimeDelta::minutes(15);
    }
    out
}
