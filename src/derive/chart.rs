//! The impact chart's layout: every affected service and customer as a row of bars on one
//! shared time axis, with hour ticks and key events marked — what to draw, independent of the
//! medium. `render::chart` draws it in a terminal or as Mermaid, `render::svg` as SVG.

use chrono::{DateTime, FixedOffset, TimeDelta};

use crate::model::record::{Affected, EventKind, Incident, Level, TargetKind};
use crate::model::time::{When, Zone};

/// How a bar ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BarEnd {
    /// The end is known to the minute.
    Known,
    /// The end is approximate (`About`, or known only to the day).
    Approximate,
    /// No source gives the end: drawn to the chart's end, never as if it were known.
    Unknown,
    /// Still going: drawn to the chart's end.
    Open,
}

/// One impact window on the time axis. Times are in the displayed zone.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub from: DateTime<FixedOffset>,
    /// The end drawn: the real end, or the chart's end for unknown and open ends.
    pub to: DateTime<FixedOffset>,
    pub level: Level,
    pub from_approx: bool,
    pub end: BarEnd,
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
    /// `09`, or `12-19` at midnight.
    pub label: String,
    pub hour: u32,
}

/// An important event marked on the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// The letter that stands for it in the chart and its key: `A`, `B`, …
    pub key: char,
    pub at: DateTime<FixedOffset>,
    pub approx: bool,
    pub id: String,
    /// What happened: the event's text, which labels name it by.
    pub text: String,
    pub kind: EventKind,
}

/// Everything a chart shows, computed once for any medium.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLayout {
    pub zone: Zone,
    /// The axis starts at the whole hour (in the zone) at or before the first window start
    /// or important event…
    pub start: DateTime<FixedOffset>,
    /// …and ends at the whole hour at or after the last known end (a window's end or the
    /// resolution).
    pub end: DateTime<FixedOffset>,
    pub rows: Vec<ChartRow>,
    pub ticks: Vec<Tick>,
    pub markers: Vec<Marker>,
}

/// Which kinds of thing a chart draws, so that a legend or caption names only those that
/// occur (a chart with no unknown end explains no fading bar).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChartMarks {
    pub outage: bool,
    pub degraded: bool,
    pub at_risk: bool,
    /// A bar whose end no source gives, drawn to the chart's end.
    pub unknown_end: bool,
    /// A bar still going, drawn to the chart's end.
    pub open: bool,
    /// A bar or key event with an approximate time (`~`).
    pub approximate: bool,
    pub key_events: bool,
}

impl ChartLayout {
    /// What this chart draws: one flag per kind of bar, end and mark.
    pub fn marks(&self) -> ChartMarks {
        let mut m = ChartMarks {
            key_events: !self.markers.is_empty(),
            approximate: self.markers.iter().any(|k| k.approx),
            ..ChartMarks::default()
        };
        for b in self.rows.iter().flat_map(|r| r.bars.iter()) {
            match b.level {
                Level::Outage => m.outage = true,
                Level::Degraded => m.degraded = true,
                Level::AtRisk => m.at_risk = true,
            }
            match b.end {
                BarEnd::Known => {}
                BarEnd::Approximate => m.approximate = true,
                BarEnd::Unknown => m.unknown_end = true,
                BarEnd::Open => m.open = true,
            }
            m.approximate |= b.from_approx;
        }
        m
    }
}

/// The keys markers are named by, in order.
const MARKER_KEYS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Lays out the impact chart of `inc` in `zone`; `None` when the record has no window and no
/// important event with a time.
pub fn layout(inc: &Incident, zone: &Zone) -> Option<ChartLayout> {
    let conv = |t: crate::model::time::Instant| zone.convert(t.get());
    let targets = inc.targets();
    let windows: Vec<_> = targets
        .clone()
        .flat_map(|(_, a)| a.windows.iter())
        .collect();
    let important: Vec<_> = inc
        .events_in_order()
        .into_iter()
        .filter(|e| e.important && matches!(e.at, When::At(_) | When::About(_)))
        .collect();

    let first = windows
        .iter()
        .filter_map(|w| w.from.instant())
        .chain(important.iter().filter_map(|e| e.at.instant()))
        .map(conv)
        .min()?;
    let known_ends = windows.iter().filter_map(|w| end_instant(w.to)).map(conv);
    let resolved = crate::derive::moments::end(inc).map(conv);
    let starts = windows.iter().filter_map(|w| w.from.instant()).map(conv);
    let last = known_ends
        .chain(resolved)
        .max()
        // With no known end at all, keep the axis an hour past the last start.
        .or_else(|| starts.max().map(|t| t + TimeDelta::hours(1)))
        .unwrap_or(first + TimeDelta::hours(1))
        .max(first + TimeDelta::minutes(1));
    let start = floor_hour(zone, first);
    let end = ceil_hour(zone, last);

    let rows = targets
        .map(|(kind, a)| chart_row(kind, a, zone, end))
        .collect();
    let markers = important
        .iter()
        .filter_map(|e| Some((e, conv(e.at.instant()?))))
        .filter(|(_, t)| *t >= start && *t <= end)
        .zip(MARKER_KEYS.chars())
        .map(|((e, at), key)| Marker {
            key,
            at,
            approx: e.at.is_approx(),
            id: e.id.clone(),
            text: e.text.clone(),
            kind: e.kind,
        })
        .collect();
    Some(ChartLayout {
        zone: *zone,
        start,
        end,
        rows,
        ticks: ticks(zone, start, end),
        markers,
    })
}

/// The instant a window's end is drawn at, when known: a day-precision end is drawn at the
/// end of that day, a range or an upper bound at its latest instant, a lower bound ("still
/// down on the 20th") at the bound, from where it fades as an unknown end.
fn end_instant(w: When) -> Option<crate::model::time::Instant> {
    match w {
        When::At(t) | When::About(t) | When::NotBefore(t) | When::NotAfter(t) => Some(t),
        When::Day(t) => Some(crate::model::time::Instant(t.get() + TimeDelta::days(1))),
        When::Between(_, b) => Some(b),
        When::Unknown | When::Open => None,
    }
}

fn chart_row(kind: TargetKind, a: &Affected, zone: &Zone, end: DateTime<FixedOffset>) -> ChartRow {
    let other_name = a
        .names
        .values()
        .find(|n| !n.eq_ignore_ascii_case(&a.name))
        .cloned();
    let bars = a
        .windows
        .iter()
        .filter_map(|w| {
            let from = zone.convert(w.from.instant()?.get());
            let (to, end_kind) = match w.to {
                When::At(_) => (end_instant(w.to), BarEnd::Known),
                When::About(_) | When::Day(_) | When::Between(..) | When::NotAfter(_) => {
                    (end_instant(w.to), BarEnd::Approximate)
                }
                When::NotBefore(_) => (end_instant(w.to), BarEnd::Unknown),
                When::Unknown => (None, BarEnd::Unknown),
                When::Open => (None, BarEnd::Open),
            };
            let to = to.map_or(end, |t| zone.convert(t.get())).max(from);
            Some(Bar {
                from,
                to,
                level: w.level,
                from_approx: w.from.is_approx(),
                end: end_kind,
            })
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
            });
        }
        t += TimeDelta::minutes(15);
    }
    out
}
