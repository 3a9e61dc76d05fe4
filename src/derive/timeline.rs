//! Timelines: a record's events filtered, put in chronological order, and measured from the
//! start of the incident, ready for any renderer (`render::timeline`, `render::chart`).
//!
//! Elapsed time is measured from `moments.started` (the start of impact); when the record has
//! no start, from its earliest event. Every instant keeps its own offset until a renderer
//! converts it to the displayed [`Zone`].

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use serde::Serialize;

use crate::model::record::{Event, EventKind, Incident};
use crate::model::time::{Instant, When, Zone, format_elapsed, format_offset, format_rfc3339};

/// Which events a timeline keeps. The default keeps every event.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Keep only these kinds; empty keeps every kind.
    pub kinds: Vec<EventKind>,
    /// Keep events that may be at or after this instant: an uncertain time is kept when any
    /// part of it reaches it (a day, the end of a range, a lower bound).
    pub since: Option<DateTime<FixedOffset>>,
    /// Keep events that may be at or before this instant.
    pub until: Option<DateTime<FixedOffset>>,
    /// Keep only important events.
    pub important_only: bool,
}

impl Filter {
    /// True when the event passes every condition. Events with no known time are dropped as
    /// soon as `since` or `until` is given.
    pub fn keeps(&self, e: &Event) -> bool {
        if !self.kinds.is_empty() && !self.kinds.contains(&e.kind) {
            return false;
        }
        if self.important_only && !e.important {
            return false;
        }
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let (first, last) = match e.at {
            // A day-precision event covers its whole day, to its last second.
            When::Day(t) => (
                Some(t.get()),
                Some(t.get() + TimeDelta::days(1) - TimeDelta::seconds(1)),
            ),
            When::Unknown | When::Open => return false,
            other => {
                let (a, b) = other.bounds();
                (a.map(Instant::get), b.map(Instant::get))
            }
        };
        // A side with no bound may reach anywhere.
        self.since.is_none_or(|s| last.is_none_or(|l| l >= s))
            && self.until.is_none_or(|u| first.is_none_or(|f| f <= u))
    }
}

/// One event on a timeline, with everything a renderer needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Position of the event in the record's `events` list.
    pub index: usize,
    pub id: String,
    pub at: When,
    /// The instant in the displayed zone (for a day-precision event, the start of its day in
    /// the offset it was recorded in, converted).
    pub local: Option<DateTime<FixedOffset>>,
    /// Whole minutes from the timeline's origin, rounded down; negative before it.
    pub elapsed_minutes: Option<i64>,
    /// For day-precision events: calendar days from the origin's date (in the event's offset).
    pub day_offset: Option<i64>,
    pub kind: EventKind,
    pub text: String,
    pub actor: Option<String>,
    pub sources: Vec<String>,
    pub important: bool,
    pub precursor: bool,
    /// Every source the event cites is press reporting.
    pub press_only: bool,
}

impl Row {
    /// The calendar date the row is shown on: the local date, or for a day-precision event
    /// the day as recorded (a day is never shifted by a zone conversion).
    pub fn date(&self) -> Option<NaiveDate> {
        match self.at {
            When::Day(t) => Some(t.get().date_naive()),
            _ => self.local.map(|l| l.date_naive()),
        }
    }

    /// `2022-12-18 08:56`, `08:56`, `~11:00`, `2022-12-19` (day precision), `unknown`.
    pub fn time_text(&self, with_date: bool) -> String {
        let fmt = if with_date { "%Y-%m-%d %H:%M" } else { "%H:%M" };
        match (self.at, self.local) {
            (When::At(_), Some(l)) => l.format(fmt).to_string(),
            (When::About(_), Some(l)) => format!("~{}", l.format(fmt)),
            (When::Day(_), _) => self.date().map_or_else(String::new, |d| d.to_string()),
            _ => "unknown".to_string(),
        }
    }

    /// `T+03:51`, `T-00:21`, `~T+02:43`, `D+1` (day precision: calendar days), or empty.
    pub fn elapsed_text(&self) -> String {
        match (self.at, self.elapsed_minutes, self.day_offset) {
            (When::Day(_), _, Some(d)) => format!("D{}{}", if d < 0 { '-' } else { '+' }, d.abs()),
            (When::About(_), Some(m), _) => format!("~{}", format_elapsed(m)),
            (When::At(_), Some(m), _) => format_elapsed(m),
            _ => String::new(),
        }
    }
}

/// A built timeline: rows in order, the zone they are shown in and the origin of elapsed time.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    pub zone: Zone,
    /// The instant elapsed time is measured from.
    pub origin: Option<Instant>,
    /// True when the origin is `moments.started`; false when it is the earliest event.
    pub origin_is_started: bool,
    pub rows: Vec<Row>,
}

/// Whole minutes from `from` to `to`, rounded down (so 30 s before the origin is -1).
pub fn minutes_between(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> i64 {
    (to - from).num_seconds().div_euclid(60)
}

/// Builds the timeline of `inc` shown in `zone`: the events `filter` keeps, in the one order
/// of [`When::chronological`] (a day or a range at its middle, bounds beside the instant they
/// bound; stable, so equal times keep file order; events with no known time last).
pub fn build(inc: &Incident, zone: &Zone, filter: &Filter) -> Timeline {
    let (origin, origin_is_started) = crate::derive::moments::elapsed_origin(inc);
    let mut rows: Vec<Row> = inc
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| filter.keeps(e))
        .map(|(index, e)| row(inc, index, e, zone, origin))
        .collect();
    rows.sort_by(|a, b| a.at.chronological(b.at));
    Timeline {
        zone: *zone,
        origin,
        origin_is_started,
        rows,
    }
}

fn row(inc: &Incident, index: usize, e: &Event, zone: &Zone, origin: Option<Instant>) -> Row {
    let t = e.at.instant();
    let day_offset = match (e.at, origin) {
        (When::Day(d), Some(o)) => {
            let origin_date = o.get().with_timezone(d.get().offset()).date_naive();
            Some((d.get().date_naive() - origin_date).num_days())
        }
        _ => None,
    };
    Row {
        index,
        id: e.id.clone(),
        at: e.at,
        local: t.map(|t| zone.convert(t.get())),
        elapsed_minutes: t
            .zip(origin)
            .map(|(t, o)| minutes_between(o.get(), t.get())),
        day_offset,
        kind: e.kind,
        text: e.text.clone(),
        actor: e.actor.clone(),
        sources: e.sources.clone(),
        important: e.important,
        precursor: e.precursor,
        press_only: inc.is_press_only(&e.sources),
    }
}

impl Timeline {
    /// True when the rows fall on more than one calendar day in the displayed zone: the
    /// terminal table then shows the date on every row.
    pub fn multi_day(&self) -> bool {
        self.dates().len() > 1
    }

    /// The distinct dates of the rows.
    pub fn dates(&self) -> BTreeSet<NaiveDate> {
        self.rows.iter().filter_map(Row::date).collect()
    }

    /// The origin in the displayed zone.
    pub fn origin_local(&self) -> Option<DateTime<FixedOffset>> {
        self.origin.map(|o| self.zone.convert(o.get()))
    }

    /// The zone with the UTC offsets the rows are shown at: `Asia/Hong_Kong (UTC+08:00)`,
    /// `Europe/London (UTC+01:00, UTC+00:00)` when a daylight-saving change falls inside.
    pub fn zone_label(&self) -> String {
        let mut offsets: Vec<String> = Vec::new();
        let locals = self
            .rows
            .iter()
            .filter(|r| !matches!(r.at, When::Day(_)))
            .filter_map(|r| r.local)
            .chain(self.origin_local());
        let mut locals: Vec<_> = locals.collect();
        locals.sort_by_key(|l| l.to_utc());
        for l in locals {
            let o = format!("UTC{}", format_offset(*l.offset()));
            if !offsets.contains(&o) {
                offsets.push(o);
            }
        }
        if offsets.is_empty() {
            self.zone.name()
        } else {
            format!("{} ({})", self.zone.name(), offsets.join(", "))
        }
    }

    /// The sentence that heads every rendering: the zone, and what elapsed time counts from.
    pub fn caption(&self) -> String {
        let mut s = format!("Times in {}.", self.zone_label());
        if let Some(o) = self.origin_local() {
            let what = if self.origin_is_started {
                "the start of impact"
            } else {
                "the first event"
            };
            s.push_str(&format!(
                " Elapsed (T±hh:mm) from {what}, {}.",
                o.format("%Y-%m-%d %H:%M")
            ));
        }
        if !self.multi_day()
            && let Some(d) = self.dates().first()
        {
            s.push_str(&format!(" All events on {d}."));
        }
        s
    }
}

/// One event in JSON (and the fields of a CSV row). The shape is documented in
/// `docs/timeline.md`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JsonEvent {
    pub id: String,
    /// RFC 3339 in the displayed zone; `null` when the time is unknown.
    pub at: Option<String>,
    /// RFC 3339 in UTC (`+00:00`).
    pub utc: Option<String>,
    /// The date shown (for day precision, the day as recorded).
    pub date: Option<String>,
    /// `HH:MM` in the displayed zone; `null` for day precision.
    pub time: Option<String>,
    /// Whole minutes from the origin (rounded down), negative before it.
    pub elapsed_minutes: Option<i64>,
    /// As shown in tables: `T-00:21`, `~T+02:43`, `D+1`.
    pub elapsed: String,
    pub kind: &'static str,
    pub text: String,
    pub actor: Option<String>,
    pub sources: Vec<String>,
    pub important: bool,
    /// `exact`, `approximate`, `day` or `unknown`.
    pub precision: &'static str,
    pub precursor: bool,
    pub press_only: bool,
}

/// The JSON values of the rows, in order.
pub fn json_rows(tl: &Timeline) -> Vec<JsonEvent> {
    tl.rows
        .iter()
        .map(|r| JsonEvent {
            id: r.id.clone(),
            at: r.local.map(format_rfc3339),
            utc: r.local.map(|l| format_rfc3339(l.to_utc().fixed_offset())),
            date: r.date().map(|d| d.to_string()),
            time: match r.at {
                When::At(_) | When::About(_) => r.local.map(|l| l.format("%H:%M").to_string()),
                _ => None,
            },
            elapsed_minutes: r.elapsed_minutes,
            elapsed: r.elapsed_text(),
            kind: r.kind.label(),
            text: r.text.clone(),
            actor: r.actor.clone(),
            sources: r.sources.clone(),
            important: r.important,
            precision: r.at.precision(),
            precursor: r.precursor,
            press_only: r.press_only,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hk() -> Incident {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        crate::files::load::parse_text(std::path::Path::new("hk.ron"), text)
            .expect("the shipped record parses")
    }

    #[test]
    fn hong_kong_rows_are_ordered_and_measured() {
        let inc = hk();
        let zone = Zone::Named(chrono_tz::Asia::Hong_Kong);
        let tl = build(&inc, &zone, &Filter::default());
        assert_eq!(tl.rows.len(), inc.events.len());
        let first = &tl.rows[0];
        assert_eq!(first.id, "first-alarm");
        assert_eq!(first.elapsed_minutes, Some(-21));
        assert_eq!(first.time_text(true), "2022-12-18 08:56");
        assert_eq!(first.elapsed_text(), "T-00:21");
        let sprinkler = tl.rows.iter().find(|r| r.id == "sprinkler").unwrap();
        assert_eq!(sprinkler.elapsed_minutes, Some(330));
        assert_eq!(sprinkler.elapsed_text(), "T+05:30");
        let day = tl.rows.iter().find(|r| r.id == "pccw-denial").unwrap();
        assert_eq!(day.time_text(true), "2022-12-20");
        assert_eq!(day.elapsed_text(), "D+2");
        assert!(tl.multi_day());
        assert_eq!(tl.zone_label(), "Asia/Hong_Kong (UTC+08:00)");
        // Equal instants keep file order.
        let at917: Vec<&str> = tl
            .rows
            .iter()
            .filter(|r| r.time_text(false) == "09:17")
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(
            at917,
            [
                "cooling-emergency-plan",
                "supplier-called",
                "heat-hits-servers"
            ]
        );
    }

    #[test]
    fn day_events_keep_their_date_in_any_zone() {
        let inc = hk();
        let tl = build(&inc, &Zone::Utc, &Filter::default());
        let day = tl.rows.iter().find(|r| r.id == "pccw-denial").unwrap();
        assert_eq!(day.time_text(true), "2022-12-20");
        assert_eq!(tl.rows[0].time_text(true), "2022-12-18 00:56");
    }

    #[test]
    fn filters_select() {
        let inc = hk();
        let zone = Zone::Named(chrono_tz::Asia::Hong_Kong);
        let f = Filter {
            kinds: vec![EventKind::Recovery],
            important_only: true,
            ..Filter::default()
        };
        let tl = build(&inc, &zone, &f);
        let ids: Vec<&str> = tl.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["four-chillers-back", "last-compartment-on"]);
        let at = |s: &str| {
            let now = Instant(DateTime::UNIX_EPOCH.fixed_offset());
            let edge = crate::model::time_input::Edge::Since;
            crate::model::time_input::read_view_time(s, &zone, now, None, edge)
                .ok()
                .map(Instant::get)
        };
        let f = Filter {
            since: at("2022-12-18 14:47"),
            until: at("2022-12-18 15:20"),
            ..Filter::default()
        };
        let ids: Vec<String> = build(&inc, &zone, &f)
            .rows
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(
            ids,
            ["sprinkler", "control-plane-throttled", "first-chiller-back"]
        );
        let f = Filter {
            since: at("2022-12-20 12:00"),
            until: at("2022-12-20 13:00"),
            ..Filter::default()
        };
        let ids: Vec<String> = build(&inc, &zone, &f)
            .rows
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids, ["pccw-denial", "macau-sites-back"]);
    }
}
