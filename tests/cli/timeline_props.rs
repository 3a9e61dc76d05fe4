//! Property tests for timelines: zone conversion round-trips across daylight-saving changes,
//! ordering (by UTC instant, file order for ties), elapsed minutes, and chart hour ticks.

use chrono::{DateTime, FixedOffset, TimeZone, Timelike, Utc};
use incident::derive::chart;
use incident::derive::timeline::{Filter, build};
use incident::model::record::{Event, EventKind, Incident};
use incident::model::time::{Instant, When, Zone};
use proptest::prelude::*;

use crate::common::hk_record;

fn zones() -> Vec<Zone> {
    vec![
        Zone::Utc,
        Zone::Named(chrono_tz::America::Los_Angeles),
        Zone::Named(chrono_tz::Europe::London),
        Zone::Named(chrono_tz::Asia::Hong_Kong),
        Zone::Named(chrono_tz::Australia::Lord_Howe),
        Zone::Named(chrono_tz::Asia::Kathmandu),
        Zone::Fixed(FixedOffset::east_opt(5 * 3600 + 1800).unwrap()),
        Zone::Fixed(FixedOffset::west_opt(3 * 3600).unwrap()),
    ]
}

fn zone() -> impl Strategy<Value = Zone> {
    (0..zones().len()).prop_map(|i| zones()[i])
}

/// Instants from 2000 to 2040, to the minute, recorded at a random offset (whole quarter
/// hours from -12:00 to +14:00).
fn instant() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (946_684_800i64 / 60..2_208_988_800i64 / 60, -48i32..=56).prop_map(|(m, q)| {
        let o = FixedOffset::east_opt(q * 900).unwrap();
        Utc.timestamp_opt(m * 60, 0).unwrap().with_timezone(&o)
    })
}

/// Instants near the 2022–2024 daylight-saving changes of Los Angeles and London.
fn near_dst() -> impl Strategy<Value = DateTime<FixedOffset>> {
    let changes = [
        "2023-03-12T10:00:00Z",
        "2023-11-05T09:00:00Z",
        "2023-03-26T01:00:00Z",
        "2023-10-29T01:00:00Z",
        "2022-11-06T09:00:00Z",
        "2024-03-31T01:00:00Z",
    ];
    (0..changes.len(), -180i64..180).prop_map(move |(i, m)| {
        DateTime::parse_from_rfc3339(changes[i]).unwrap() + chrono::TimeDelta::minutes(m)
    })
}

/// A time in any form, near `base`: up to three days either side, recorded at a random offset
/// (whole quarter hours from -12:00 to +14:00): exact, approximate, a day (its midnight in that
/// offset), a range of up to two days, not before, not after, unknown.
fn any_when(base: DateTime<FixedOffset>) -> impl Strategy<Value = When> {
    (0u8..7, -4320i64..4320, 1i64..2880, -48i32..=56).prop_map(move |(form, m, len, q)| {
        let o = FixedOffset::east_opt(q * 900).unwrap();
        let t = (base + chrono::TimeDelta::minutes(m)).with_timezone(&o);
        match form {
            0 => When::At(Instant(t)),
            1 => When::About(Instant(t)),
            2 => {
                let midnight = t.date_naive().and_time(chrono::NaiveTime::MIN);
                When::Day(Instant(o.from_local_datetime(&midnight).unwrap()))
            }
            3 => When::Between(Instant(t), Instant(t + chrono::TimeDelta::minutes(len))),
            4 => When::NotBefore(Instant(t)),
            5 => When::NotAfter(Instant(t)),
            _ => When::Unknown,
        }
    })
}

/// A record holding one event per time, in the order given.
fn with_events(times: &[When]) -> Incident {
    let mut inc = hk();
    inc.events = times
        .iter()
        .enumerate()
        .map(|(i, at)| Event {
            internal: false,
            id: format!("e{i}"),
            at: *at,
            kind: EventKind::Note,
            other_kinds: vec![],
            text: format!("event {i}"),
            actor: None,
            observed_by: None,
            update: None,
            planned: None,
            sources: vec![],
            important: false,
            precursor: false,
            claims: Vec::new(),
            origin: None,
            note: None,
        })
        .collect();
    inc
}

fn hk() -> Incident {
    hk_record()
}

proptest! {
    /// The order rule of docs/timeline.md on random mixes of every form in several zones: an
    /// event is never listed before one it is known to follow (whose latest possible instant is
    /// before its own earliest), unknown times come last, equal times keep file order, and the
    /// record's own order (`events_in_order`, used by the chart) is the same.
    #[test]
    fn mixed_precision_never_lists_an_event_before_one_it_follows(
        times in (instant(), 1usize..30).prop_flat_map(|(base, n)| {
            proptest::collection::vec(any_when(base), n)
        }),
        z in zone(),
    ) {
        let inc = with_events(&times);
        let tl = build(&inc, &z, &Filter::default());
        prop_assert_eq!(tl.rows.len(), times.len());
        for (i, a) in tl.rows.iter().enumerate() {
            for b in &tl.rows[i + 1..] {
                prop_assert!(
                    !a.at.known_after(b.at),
                    "{:?} (e{}) is listed before {:?} (e{}), which it follows",
                    a.at, a.index, b.at, b.index
                );
            }
        }
        for w in tl.rows.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            prop_assert!(a.at.sort_key().is_some() || b.at.sort_key().is_none(), "unknown before known");
            if a.at.sort_key() == b.at.sort_key() {
                prop_assert!(a.index < b.index, "equal times out of file order");
            }
        }
        // Every time that is not exact is marked, in the table and in JSON.
        let json = incident::derive::timeline::json_rows(&tl);
        for (r, j) in tl.rows.iter().zip(&json) {
            let text = r.time_text(true);
            let mark = match r.at {
                When::At(_) => None,
                When::About(_) => Some("~"),
                When::Day(_) => Some("(day"),
                When::Between(..) => Some("–"),
                When::NotBefore(_) => Some("≥ "),
                When::NotAfter(_) => Some("≤ "),
                When::Unknown | When::Open => Some("unknown"),
            };
            match mark {
                Some(m) => prop_assert!(text.contains(m), "{:?} shown as {}", r.at, text),
                None => prop_assert!(
                    !["~", "(day", "–", "≥", "≤", "unknown"].iter().any(|m| text.contains(m)),
                    "{}", text
                ),
            }
            prop_assert_eq!(j.precision, r.at.precision());
            let (earliest, latest) = r.at.bounds();
            let rfc = |t: Option<Instant>| t.map(|t| incident::model::time::format_rfc3339(z.convert(t.get())));
            prop_assert_eq!(&j.earliest, &rfc(earliest));
            prop_assert_eq!(&j.latest, &rfc(latest));
        }
        let in_order: Vec<&str> = inc.events_in_order().iter().map(|e| e.id.as_str()).collect();
        let rows: Vec<&str> = tl.rows.iter().map(|r| r.id.as_str()).collect();
        prop_assert_eq!(in_order, rows);
    }

    /// Every time a record can hold, typed back in the grammar of docs/time-input.md with
    /// full instants (a day as its date and offset), is read as the same time, whatever zone
    /// the command uses.
    #[test]
    fn every_form_typed_with_its_instants_reads_back_the_same(
        w in instant().prop_flat_map(any_when),
        z in zone(),
    ) {
        use incident::model::time::{format_offset, format_rfc3339};
        use incident::model::time_input::{Accept, read_user_when};
        let rfc = |t: Instant| format_rfc3339(t.get());
        let typed = match w {
            When::At(t) => rfc(t),
            When::About(t) => format!("about {}", rfc(t)),
            When::Day(t) => format!("{} {}", t.get().format("%Y-%m-%d"), format_offset(*t.get().offset())),
            When::Between(a, b) => format!("{}..{}", rfc(a), rfc(b)),
            When::NotBefore(t) => format!(">= {}", rfc(t)),
            When::NotAfter(t) => format!("no later than {}", rfc(t)),
            When::Unknown => "unknown".to_string(),
            When::Open => "ongoing".to_string(),
        };
        let now = Instant(DateTime::UNIX_EPOCH.fixed_offset());
        let read = read_user_when(&typed, &z, now, None, Accept::End);
        prop_assert_eq!(read, Ok(w), "{}", typed);
    }

    /// Reading any text never panics: it is a time or a typed error.
    #[test]
    fn reading_any_text_never_panics(text in "\\PC{0,40}", z in zone()) {
        let now = Instant(DateTime::UNIX_EPOCH.fixed_offset());
        let latest = Some(now);
        let _ = incident::model::time_input::read_user_when(
            &text, &z, now, latest, incident::model::time_input::Accept::End,
        );
        let _ = incident::model::time_input::read_view_time(
            &text, &z, now, latest, incident::model::time_input::Edge::Until,
        );
    }

    #[test]
    fn converting_to_a_zone_and_back_keeps_the_instant(
        t in prop_oneof![instant(), near_dst()],
        z in zone(),
    ) {
        let local = z.convert(t);
        prop_assert_eq!(local, t);
        prop_assert_eq!(local.to_utc(), t.to_utc());
        // Reading the local wall-clock time back gives the instant, unless the clocks show
        // it twice (then it must say so, never guess).
        match incident::model::time_input::place(local.naive_local(), &z) {
            Ok(back) => prop_assert_eq!(back, t),
            Err(e) => prop_assert!(
                matches!(e, incident::model::time_input::TimeInputError::Ambiguous { .. }),
                "{}",
                e
            ),
        }
    }

    #[test]
    fn rows_are_sorted_by_utc_with_file_order_for_ties(
        times in proptest::collection::vec((instant(), 0u8..4, 0usize..3), 1..40),
        started in proptest::option::of(instant()),
        z in zone(),
    ) {
        let mut inc = hk_record();
        // A few shared instants so that ties happen.
        let shared: Vec<DateTime<FixedOffset>> = times.iter().take(3).map(|t| t.0).collect();
        inc.events = times
            .iter()
            .enumerate()
            .map(|(i, (t, precision, tie))| {
                let t = if *tie == 0 { shared[i % shared.len()] } else { *t };
                let at = match precision {
                    0 | 1 => When::At(Instant(t)),
                    2 => When::About(Instant(t)),
                    _ => When::Unknown,
                };
                Event {
                    internal: false,
                    id: format!("e{i}"),
                    at,
                    kind: EventKind::Note,
                    other_kinds: vec![],
                    text: format!("event {i}"),
                    actor: None,
                    observed_by: None,
                    update: None,
                    planned: None,
                    sources: vec![],
                    important: false,
                    precursor: false,
                    claims: Vec::new(),
                    origin: None,
                    note: None,
                }
            })
            .collect();
        inc.moments.started = started.map(|s| incident::model::record::Moment {
            at: When::At(Instant(s)),
            sources: vec![],
            note: None,
            observed_by: None,
            claims: Vec::new(),
        });
        let tl = build(&inc, &z, &Filter::default());
        prop_assert_eq!(tl.rows.len(), inc.events.len());
        let origin = started.or_else(|| {
            inc.events.iter().filter_map(|e| e.at.instant()).map(|t| t.get()).min()
        });
        for w in tl.rows.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            match (a.at.instant(), b.at.instant()) {
                (Some(x), Some(y)) => {
                    prop_assert!(x.get() <= y.get());
                    if x.get() == y.get() {
                        prop_assert!(a.index < b.index, "tie out of file order");
                    }
                }
                (Some(_), None) => {}
                (None, Some(_)) => prop_assert!(false, "an unknown time sorted before a known one"),
                (None, None) => prop_assert!(a.index < b.index),
            }
        }
        for r in &tl.rows {
            match r.at.instant() {
                Some(t) => {
                    let o = origin.unwrap();
                    prop_assert_eq!(r.elapsed_minutes, Some((t.get() - o).num_minutes()));
                    prop_assert_eq!(r.local.unwrap(), t.get());
                    prop_assert_eq!(*r.local.unwrap().offset(), *z.convert(t.get()).offset());
                }
                None => prop_assert_eq!(r.elapsed_minutes, None),
            }
        }
    }

    #[test]
    fn chart_ticks_fall_on_whole_local_hours_an_hour_apart(
        t in prop_oneof![instant(), near_dst()],
        hours in 1i64..72,
        z in zone(),
    ) {
        let start = chart::floor_hour(&z, t);
        let end = chart::ceil_hour(&z, t + chrono::TimeDelta::hours(hours));
        prop_assert!(start <= t);
        prop_assert!(end >= t + chrono::TimeDelta::hours(hours));
        let ticks = chart::ticks(&z, start, end);
        prop_assert!(!ticks.is_empty());
        prop_assert_eq!(ticks[0].at, start);
        for tick in &ticks {
            prop_assert_eq!(tick.at.minute(), 0);
            prop_assert_eq!(tick.at, z.convert(tick.at));
        }
        // Zones whose offsets change by whole hours keep ticks exactly an hour apart, also
        // across daylight-saving changes (Lord Howe moves by 30 minutes).
        if z != Zone::Named(chrono_tz::Australia::Lord_Howe) {
            for w in ticks.windows(2) {
                prop_assert_eq!((w[1].at - w[0].at).num_minutes(), 60);
            }
        }
    }
}
