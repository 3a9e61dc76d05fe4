//! Timelines: a record's events filtered, put in chronological order, and measured from the
//! start of the incident, ready for any renderer (`render::timeline`, `render::chart`).
//!
//! Elapsed time is measured from `moments.started` (the start of impact); when the record has
//! no start, from its earliest event. Every instant keeps its own offset until a renderer
//! converts it to the displayed [`Zone`].

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use serde::Serialize;

use crate::derive::event_facts::{EventFacts, kinds_text};
use crate::model::record::{Event, EventKind, Incident, MomentName};
use crate::model::time::{
    Instant, When, Zone, format_elapsed, format_offset, format_rfc3339, when_text,
};

/// Which events a timeline keeps. The default keeps every event.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Keep only these kinds; empty keeps every kind.
    pub kinds: Vec<EventKind>,
    /// Keep events at or after this instant: a day or a range is kept when any part of it
    /// reaches it, a bound ("after 10:15", "no later than 10:30") by its bound.
    pub since: Option<DateTime<FixedOffset>>,
    /// Keep events at or before this instant, by the same rule.
    pub until: Option<DateTime<FixedOffset>>,
    /// Keep only important events.
    pub important_only: bool,
    /// Keep only the events with these ids; empty keeps every event.
    pub ids: Vec<String>,
}

impl Filter {
    /// True when the event passes every condition. Events with no known time are dropped as
    /// soon as `since` or `until` is given.
    pub fn keeps(&self, e: &Event) -> bool {
        // An event of several kinds is kept when any of them is asked for.
        if !self.kinds.is_empty() && !self.kinds.iter().any(|k| e.is(*k)) {
            return false;
        }
        if self.important_only && !e.important {
            return false;
        }
        if !self.ids.is_empty() && !self.ids.contains(&e.id) {
            return false;
        }
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let (first, last) = match e.at {
            // A day-precision event covers its whole day, to its last second.
            When::Day(t) => (
                t.get(),
                t.get() + TimeDelta::days(1) - TimeDelta::seconds(1),
            ),
            // A one-sided bound is filtered by its bound: "no later than 10:30" would
            // otherwise match every range before it.
            When::NotBefore(t) | When::NotAfter(t) => (t.get(), t.get()),
            When::Unknown | When::Open => return false,
            other => match other.bounds() {
                (Some(a), Some(b)) => (a.get(), b.get()),
                _ => return false,
            },
        };
        self.since.is_none_or(|s| last >= s) && self.until.is_none_or(|u| first <= u)
    }
}

/// One event on a timeline, with everything a renderer needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Position of the event in the record's `events` list.
    pub index: usize,
    pub id: String,
    pub at: When,
    /// The zone the row is shown in.
    pub zone: Zone,
    /// The instant that stands for the time ([`When::instant`]: for a day the start of its day
    /// in the offset it was recorded in, for a range its middle), in the displayed zone; `None`
    /// for a bound or an unknown time.
    pub local: Option<DateTime<FixedOffset>>,
    /// The earliest and latest instant the time can be ([`When::bounds`]), in the displayed
    /// zone; `None` on a side with no bound.
    pub earliest: Option<DateTime<FixedOffset>>,
    pub latest: Option<DateTime<FixedOffset>>,
    /// Whole minutes from the timeline's origin to where the row is placed (its instant, or
    /// its bound), rounded down; negative before it.
    pub elapsed_minutes: Option<i64>,
    /// As shown: `T+03:51`, `~T+02:43`, `T+02:20–T+03:20`, `≥ T+01:15`, `D+1`, or empty.
    pub elapsed: String,
    pub kind: EventKind,
    /// The event's further kinds.
    pub other_kinds: Vec<EventKind>,
    pub text: String,
    pub actor: Option<String>,
    pub sources: Vec<String>,
    pub important: bool,
    pub precursor: bool,
    /// Every source the event cites is press reporting.
    pub press_only: bool,
    /// Observer, public update, plan.
    pub facts: EventFacts,
    /// Other sources give other times for the event (its `claims`); `at` is the chosen one.
    pub disputed: bool,
    /// Where an imported event came from (the record's `origin`).
    pub origin: Option<String>,
}

impl Row {
    /// The calendar date the row is shown on: the local date of its instant (or of its bound),
    /// or for a day-precision event the day as recorded (a day is never shifted by a zone
    /// conversion).
    pub fn date(&self) -> Option<NaiveDate> {
        match self.at {
            When::Day(t) => Some(t.get().date_naive()),
            _ => self
                .local
                .or(self.earliest)
                .or(self.latest)
                .map(|l| l.date_naive()),
        }
    }

    /// The time with its precision (see [`when_text`]): `2022-12-18 08:56`, `~11:00`,
    /// `2022-12-19 (day)`, `15:20–16:20`, `≥ 10:15`, `≤ 10:30`, `unknown`.
    pub fn time_text(&self, with_date: bool) -> String {
        when_text(self.at, &self.zone, with_date)
    }

    /// [`Row::time_text`] with `(disputed)` after it when other sources give other times:
    /// what timeline tables show.
    pub fn time_shown(&self, with_date: bool) -> String {
        let t = self.time_text(with_date);
        if self.disputed {
            format!("{t} (disputed)")
        } else {
            t
        }
    }

    /// Elapsed time as shown; see [`elapsed_text`].
    pub fn elapsed_text(&self) -> String {
        self.elapsed.clone()
    }

    /// The kind and further kinds as one cell: `communication, escalation`.
    pub fn kind_text(&self) -> String {
        kinds_text(self.kind, &self.other_kinds)
    }

    /// The text as tables show it: with the plan, the observer and the public update in
    /// brackets ([`EventFacts::text_with`]).
    pub fn shown_text(&self) -> String {
        self.facts.text_with(&self.text)
    }
}

/// A built timeline: rows in order, the zone they are shown in and the origin of elapsed time.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    pub zone: Zone,
    /// The instant elapsed time is measured from.
    pub origin: Option<Instant>,
    /// The origin as the record gives it (`moments.started`, or the earliest event): exact,
    /// approximate, a day or a range.
    pub origin_at: Option<When>,
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
    let origin_at = origin.map(|o| origin_as_given(inc, o, origin_is_started));
    let mut rows: Vec<Row> = inc
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| filter.keeps(e))
        .map(|(index, e)| row(inc, index, e, zone, origin_at))
        .collect();
    rows.sort_by(|a, b| a.at.chronological(b.at));
    Timeline {
        zone: *zone,
        origin,
        origin_at,
        origin_is_started,
        rows,
    }
}

/// The origin of elapsed time with the precision the record gives it: `started` as recorded, or
/// the earliest event's time (the first event at `origin`, as `elapsed_origin` chose it).
fn origin_as_given(inc: &Incident, origin: Instant, is_started: bool) -> When {
    let given = if is_started {
        inc.moments.get(MomentName::Started).map(|m| m.at)
    } else {
        inc.events
            .iter()
            .map(|e| e.at)
            .find(|w| w.instant() == Some(origin))
    };
    given
        .filter(|w| w.instant() == Some(origin))
        .unwrap_or(When::At(origin))
}

fn row(inc: &Incident, index: usize, e: &Event, zone: &Zone, origin: Option<When>) -> Row {
    let (earliest, latest) = e.at.bounds();
    let placed = e.at.instant_or_bound();
    let origin_instant = origin.and_then(When::instant);
    Row {
        index,
        id: e.id.clone(),
        at: e.at,
        zone: *zone,
        local: e.at.instant().map(|t| zone.convert(t.get())),
        earliest: earliest.map(|t| zone.convert(t.get())),
        latest: latest.map(|t| zone.convert(t.get())),
        elapsed_minutes: placed
            .zip(origin_instant)
            .map(|(t, o)| minutes_between(o.get(), t.get())),
        elapsed: origin.map_or_else(String::new, |o| elapsed_text(e.at, o)),
        kind: e.kind,
        other_kinds: e.other_kinds.clone(),
        text: e.text.clone(),
        actor: e.actor.clone(),
        sources: shown_citations(inc, &e.sources),
        important: e.important,
        precursor: e.precursor,
        press_only: inc.is_press_only(&e.sources),
        facts: EventFacts::of(e, zone),
        disputed: !e.claims.is_empty(),
        origin: e.origin.clone(),
    }
}

/// Elapsed time from `origin` to `at`, as precise as both are:
///
/// - exact from an exact origin: `T+03:51`, `T-00:21`; approximate when either is: `~T+02:43`;
/// - a range (or a ranged origin): from its earliest to its latest difference,
///   `T+02:20–T+03:20`;
/// - a bound: `≥ T+01:15`, `≤ T+01:30`;
/// - whole calendar days when either is a day: `D+1`, `D+0–D+1`, `≥ D+1` — counted in the
///   zone the day was recorded in (the event's, or the origin's when only the origin is a day);
/// - empty for an unknown time.
pub fn elapsed_text(at: When, origin: When) -> String {
    if matches!(at, When::Unknown | When::Open) {
        return String::new();
    }
    if let When::Day(origin_day) = origin {
        return days_from_day(at, origin_day);
    }
    let Some(o) = origin.instant() else {
        return String::new();
    };
    if let When::Day(day) = at {
        // Calendar days in the day's own offset, from the origin's date there.
        let origin_date = o.get().with_timezone(day.get().offset()).date_naive();
        return days_text((day.get().date_naive() - origin_date).num_days());
    }
    let (oa, ob) = match origin.bounds() {
        (Some(a), Some(b)) => (a.get(), b.get()),
        _ => (o.get(), o.get()),
    };
    let approx = matches!(at, When::About(_)) || matches!(origin, When::About(_));
    let tilde = if approx { "~" } else { "" };
    // The least and greatest possible elapsed time: the event's earliest from the origin's
    // latest, its latest from the origin's earliest.
    let (lo, hi) = at.bounds();
    let lo = lo.map(|t| minutes_between(ob, t.get()));
    let hi = hi.map(|t| minutes_between(oa, t.get()));
    match (lo, hi) {
        (Some(lo), Some(hi)) if lo == hi => format!("{tilde}{}", format_elapsed(lo)),
        (Some(lo), Some(hi)) => {
            format!("{tilde}{}–{}", format_elapsed(lo), format_elapsed(hi))
        }
        (Some(lo), None) => format!("≥ {tilde}{}", format_elapsed(lo)),
        (None, Some(hi)) => format!("≤ {tilde}{}", format_elapsed(hi)),
        (None, None) => String::new(),
    }
}

/// Whole calendar days from an origin known only to the day, in that day's offset: the
/// dates the event can fall on there.
fn days_from_day(at: When, origin_day: Instant) -> String {
    let offset = *origin_day.get().offset();
    let origin_date = origin_day.get().date_naive();
    let day_of =
        |t: Instant| (t.get().with_timezone(&offset).date_naive() - origin_date).num_days();
    let (earliest, latest) = match at {
        // A day elsewhere: its first and last second, as dates in the origin's offset.
        When::Day(t) => (
            Some(t),
            Some(Instant(
                t.get() + TimeDelta::days(1) - TimeDelta::seconds(1),
            )),
        ),
        other => other.bounds(),
    };
    match (earliest.map(day_of), latest.map(day_of)) {
        (Some(a), Some(b)) if a == b => days_text(a),
        (Some(a), Some(b)) => format!("{}–{}", days_text(a), days_text(b)),
        (Some(a), None) => format!("≥ {}", days_text(a)),
        (None, Some(b)) => format!("≤ {}", days_text(b)),
        (None, None) => String::new(),
    }
}

/// `D+1`, `D+0`, `D-2`.
fn days_text(d: i64) -> String {
    format!("D{}{}", if d < 0 { '-' } else { '+' }, d.abs())
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
            .filter_map(|r| r.local.or(r.earliest).or(r.latest))
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

    /// The sentence that heads every rendering: the zone, and what elapsed time counts from,
    /// as precisely as the record gives it (`2024-03-04 (day)`, `~2024-03-04 09:00`).
    pub fn caption(&self) -> String {
        let mut s = format!("Times in {}.", self.zone_label());
        if let Some(o) = self.origin_at {
            let what = if self.origin_is_started {
                "the start of impact"
            } else {
                "the first event"
            };
            let unit = if matches!(o, When::Day(_)) {
                "D±n, whole days"
            } else {
                "T±hh:mm"
            };
            s.push_str(&format!(
                " Elapsed ({unit}) from {what}, {}.",
                when_text(o, &self.zone, true)
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

/// The earliest and latest instant a day, a range or a bound can be, RFC 3339 in the displayed
/// zone (`null` on a side with no bound): what JSON adds beside `precision` for such times.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bounds {
    pub earliest: Option<String>,
    pub latest: Option<String>,
}

impl Bounds {
    /// The bounds of `w` in `zone` when it is a day, a range or a bound; `None` for exact,
    /// approximate, unknown and open times.
    pub fn of(w: When, zone: &Zone) -> Option<Bounds> {
        if !matches!(
            w,
            When::Day(_) | When::Between(..) | When::NotBefore(_) | When::NotAfter(_)
        ) {
            return None;
        }
        let (a, b) = w.bounds();
        let rfc = |t: Option<Instant>| t.map(|t| format_rfc3339(zone.convert(t.get())));
        Some(Bounds {
            earliest: rfc(a),
            latest: rfc(b),
        })
    }
}

/// One event in JSON (and the fields of a CSV row). The shape is documented in
/// `docs/timeline.md`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JsonEvent {
    pub id: String,
    /// RFC 3339 in the displayed zone: the instant that stands for the time (a day's start, a
    /// range's middle); `null` for a bound or an unknown time.
    pub at: Option<String>,
    /// `at` in UTC (`+00:00`).
    pub utc: Option<String>,
    /// The date shown (for day precision, the day as recorded).
    pub date: Option<String>,
    /// `HH:MM` in the displayed zone, for exact and approximate times; `null` otherwise.
    pub time: Option<String>,
    /// Whole minutes from the origin to where the event is placed (rounded down), negative
    /// before it.
    pub elapsed_minutes: Option<i64>,
    /// As shown in tables: `T-00:21`, `~T+02:43`, `T+02:20–T+03:20`, `≥ T+01:15`, `D+1`.
    pub elapsed: String,
    pub kind: &'static str,
    pub text: String,
    pub actor: Option<String>,
    pub sources: Vec<String>,
    pub important: bool,
    /// `exact`, `approximate`, `day`, `range`, `not_before`, `not_after` or `unknown`.
    pub precision: &'static str,
    pub precursor: bool,
    pub press_only: bool,
    /// Present and true when other sources give other times for the event; `at` is the
    /// chosen one (the summary lists the claims under Disputed facts).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub disputed: bool,
    /// The earliest instant the time can be, RFC 3339 in the displayed zone (a day's start, a
    /// range's first end, a `not_before` bound); `null` when it has no lower bound.
    pub earliest: Option<String>,
    /// The latest instant it can be (a day's end: the next midnight; a range's second end; a
    /// `not_after` bound); `null` when it has no upper bound.
    pub latest: Option<String>,
    /// Further kinds, observer, public update, plan; each left out when the event has none.
    #[serde(flatten)]
    pub facts: EventFacts,
    /// Where an imported event came from (`slack:C123/1700000000.000100`); left out when the
    /// event was not imported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
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
            kind: r.kind.token(),
            text: r.text.clone(),
            actor: r.actor.clone(),
            sources: r.sources.clone(),
            important: r.important,
            precision: r.at.precision(),
            precursor: r.precursor,
            press_only: r.press_only,
            disputed: r.disputed,
            earliest: r.earliest.map(format_rfc3339),
            latest: r.latest.map(format_rfc3339),
            facts: r.facts.clone(),
            origin: r.origin.clone(),
        })
        .collect()
}

/// An event's citations as a timeline shows them: a grade that only repeats its source's
/// kind is left out (`scmp#press` citing a press source reads `scmp`); a grade that differs
/// stays (`scmp#quoted`).
fn shown_citations(inc: &Incident, cited: &[String]) -> Vec<String> {
    cited
        .iter()
        .map(|c| match crate::model::citation::parse_citation(c) {
            Ok(p) if p.grade.is_some() && inc.source(p.key).map(|s| s.kind) == p.grade => {
                p.key.to_string()
            }
            _ => c.clone(),
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
        assert_eq!(day.time_text(true), "2022-12-20 (day)");
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
        // The 20th in Hong Kong, named as such: in UTC it began at 16:00 on the 19th.
        assert_eq!(day.time_text(true), "2022-12-20 (day, UTC+08:00)");
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
        // Ids select events in record order, whatever order they are given in.
        let f = Filter {
            ids: vec!["sprinkler".to_string(), "first-alarm".to_string()],
            ..Filter::default()
        };
        let ids: Vec<String> = build(&inc, &zone, &f)
            .rows
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids, ["first-alarm", "sprinkler"]);
        let at = |s: &str| {
            let now = Instant(DateTime::UNIX_EPOCH.fixed_offset());
            let edge = crate::model::time_input::Edge::Since;
            crate::model::time_input::read_view_time(s, &zone, now, None, edge)
                .ok()
                .map(Instant::get)
        };
        // The ids of the events kept between two typed times.
        let ids_between = |since: &str, until: &str| -> Vec<String> {
            let f = Filter {
                since: at(since),
                until: at(until),
                ..Filter::default()
            };
            build(&inc, &zone, &f)
                .rows
                .into_iter()
                .map(|r| r.id)
                .collect()
        };
        assert_eq!(
            ids_between("2022-12-18 14:47", "2022-12-18 15:20"),
            ["sprinkler", "control-plane-throttled", "first-chiller-back"]
        );
        let ids = ids_between("2022-12-20 12:00", "2022-12-20 13:00");
        // A day is kept when any part of it is in the range; "no later than 12:00" (the Macau
        // sites) by its bound, which sorts before the day's middle, 12:00 too.
        assert_eq!(ids, ["macau-sites-back", "pccw-denial"]);
        assert_eq!(
            ids_between("2022-12-19 12:00", "2022-12-20 11:59"),
            ["status-page-compensation", "okx-resumes", "pccw-denial"],
            "the bound at 12:00 on the 20th is after the range"
        );
    }
}
