//! Times typed on the command line: the forms accepted, what a bare time of day means, and why
//! a time is refused. Every command reads its time options through [`read_user_time`]; the rule
//! is written out for users in `docs/time-input.md`.
//!
//! Reading is two steps: [`TimeInput::parse`] says which form the text has (no zone, no clock),
//! then [`TimeInput::resolve`] places it in a zone, on a day, and checks it against the
//! incident. New forms (approximate, day-only, ranges) are new [`TimeInput`] variants.

use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};
use thiserror::Error;

use crate::model::record::Incident;
use crate::model::time::{Instant, Zone, format_offset, format_rfc3339};

/// Where the rule for typed times is written down, for help texts and hints.
pub const TIME_INPUT_DOC: &str = "docs/time-input.md";

/// A bare time of day further than this from the incident's latest recorded time is refused:
/// it almost certainly meant another day than today.
pub const BARE_TIME_REACH_HOURS: i64 = 24;

/// The forms a typed time may take, as said in hints.
const FORMS: &str = "expected RFC 3339 (2022-12-18T08:56:00+08:00), `YYYY-MM-DD HH:MM[:SS]`, `YYYY-MM-DD` or `HH:MM[:SS]` (today), read in the incident's home zone or --tz";

/// A time as typed, before it is placed in a zone and on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeInput {
    /// RFC 3339 with an offset (`2024-03-01T09:05:00+01:00`): one instant in any zone.
    Exact(DateTime<FixedOffset>),
    /// A date and a time of day (`2024-03-01 09:05`, `2024-03-01T09:05:30`), read in the zone.
    Local(NaiveDateTime),
    /// A date alone (`2024-03-01`): for now the midnight that starts it, in the zone.
    Date(NaiveDate),
    /// A time of day alone (`09:05`, `09:05:30`): that time today, in the zone.
    TimeOfDay(NaiveTime),
}

/// Why a typed time cannot be used. Each variant says what is wrong; [`Self::hints`] says
/// what to type instead.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TimeInputError {
    /// The text has none of the accepted forms.
    #[error("cannot read the time `{given}`")]
    Unreadable { given: String },
    /// A local time the clocks skip in this zone (the start of summer time).
    #[error("{local} does not exist in {zone} (the clocks skip it)")]
    NoSuchLocalTime { local: NaiveDateTime, zone: String },
    /// A local time the clocks pass twice in this zone (the end of summer time).
    #[error(
        "{local} happens twice in {zone} ({} and {})",
        format_offset(*.earlier.offset()),
        format_offset(*.later.offset())
    )]
    Ambiguous {
        local: NaiveDateTime,
        zone: String,
        earlier: DateTime<FixedOffset>,
        later: DateTime<FixedOffset>,
    },
    /// A bare time of day that, read as today, lands far from everything the incident holds.
    #[error(
        "`{given}` is read as today, {} in {zone}, more than {BARE_TIME_REACH_HOURS} hours from the incident's latest recorded time ({})",
        minutes(.today),
        minutes(.latest)
    )]
    TooFarFromIncident {
        /// The time as typed.
        given: String,
        zone: String,
        /// What the bare time would have meant, in the zone.
        today: DateTime<FixedOffset>,
        /// The incident's latest recorded instant, in the zone.
        latest: DateTime<FixedOffset>,
        /// The same time of day on the date of `latest`: `2024-03-01 09:05`.
        suggestion: String,
    },
}

fn minutes(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

impl TimeInputError {
    /// What to type instead, one hint a line. `option` names the command-line option the time
    /// was given to (`--at`), so a suggestion can be copied as it stands.
    pub fn hints(&self, option: Option<&str>) -> Vec<String> {
        match self {
            TimeInputError::Unreadable { .. } => {
                vec![format!("{FORMS}; see {TIME_INPUT_DOC}")]
            }
            TimeInputError::NoSuchLocalTime { .. } => vec![
                "give a time outside the skipped hour, or RFC 3339 with the offset meant"
                    .to_string(),
            ],
            TimeInputError::Ambiguous { earlier, later, .. } => vec![format!(
                "give the offset: {} (the first) or {} (the second)",
                format_rfc3339(*earlier),
                format_rfc3339(*later)
            )],
            TimeInputError::TooFarFromIncident { suggestion, .. } => {
                let flag = option.map(|o| format!("{o} ")).unwrap_or_default();
                vec![
                    format!("give the date: {flag}\"{suggestion}\""),
                    format!("see {TIME_INPUT_DOC}"),
                ]
            }
        }
    }
}

impl TimeInput {
    /// Reads which form `text` has. Nothing here depends on a zone or the clock.
    pub fn parse(text: &str) -> Result<TimeInput, TimeInputError> {
        let s = text.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Ok(TimeInput::Exact(t));
        }
        for fmt in [
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%dT%H:%M:%S",
        ] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
                return Ok(TimeInput::Local(naive));
            }
        }
        for fmt in ["%H:%M", "%H:%M:%S"] {
            if let Ok(time) = NaiveTime::parse_from_str(s, fmt) {
                return Ok(TimeInput::TimeOfDay(time));
            }
        }
        if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(TimeInput::Date(date));
        }
        Err(TimeInputError::Unreadable {
            given: crate::model::text::visible(s),
        })
    }

    /// Places the time in `zone`. A bare time of day is that time on today's date in `zone`
    /// (`now` is "now"); when the incident already holds a time (`latest`, its latest recorded
    /// instant) and today's reading lands more than [`BARE_TIME_REACH_HOURS`] from it, the time
    /// is refused with a suggestion on `latest`'s date. `given` is the text as typed.
    pub fn resolve(
        self,
        given: &str,
        zone: &Zone,
        now: Instant,
        latest: Option<Instant>,
    ) -> Result<Instant, TimeInputError> {
        match self {
            TimeInput::Exact(t) => Ok(Instant(t)),
            TimeInput::Local(naive) => place(naive, zone).map(Instant),
            TimeInput::Date(date) => place(date.and_time(NaiveTime::MIN), zone).map(Instant),
            TimeInput::TimeOfDay(time) => {
                let today = zone.convert(now.get()).date_naive();
                let t = place(today.and_time(time), zone)?;
                if let Some(latest) = latest
                    && (t - latest.get()).num_minutes().abs() > BARE_TIME_REACH_HOURS * 60
                {
                    let latest = zone.convert(latest.get());
                    let given = crate::model::text::visible(given.trim());
                    return Err(TimeInputError::TooFarFromIncident {
                        suggestion: format!("{} {given}", latest.format("%Y-%m-%d")),
                        given,
                        zone: zone.name(),
                        today: t,
                        latest,
                    });
                }
                Ok(Instant(t))
            }
        }
    }
}

/// Reads a time typed on the command line (see [`TimeInput`] for the forms) in `zone`, with
/// `now` as the clock and `latest` the incident's latest recorded instant, if any (see
/// [`latest_recorded`]). The result carries the zone's offset, or the offset typed, so the
/// record keeps local times readable.
pub fn read_user_time(
    text: &str,
    zone: &Zone,
    now: Instant,
    latest: Option<Instant>,
) -> Result<Instant, TimeInputError> {
    TimeInput::parse(text)?.resolve(text, zone, now, latest)
}

/// The latest instant the incident holds: its key moments, its events, and both ends of every
/// impact window. `None` for a record with no time at all.
pub fn latest_recorded(inc: &Incident) -> Option<Instant> {
    let moments = crate::model::record::MomentName::ALL
        .into_iter()
        .filter_map(|m| inc.moments.instant(m));
    let events = inc.events.iter().filter_map(|e| e.at.instant());
    let windows = inc
        .services
        .iter()
        .chain(inc.customers.iter())
        .flat_map(|t| t.windows.iter())
        .flat_map(|w| [w.from.instant(), w.to.instant()])
        .flatten();
    moments.chain(events).chain(windows).max()
}

/// A local date and time in `zone`; a time the clocks skip or pass twice is refused.
pub fn place(naive: NaiveDateTime, zone: &Zone) -> Result<DateTime<FixedOffset>, TimeInputError> {
    let pick = |r: LocalResult<DateTime<FixedOffset>>| match r {
        LocalResult::Single(t) => Ok(t),
        LocalResult::Ambiguous(earlier, later) => Err(TimeInputError::Ambiguous {
            local: naive,
            zone: zone.name(),
            earlier,
            later,
        }),
        LocalResult::None => Err(TimeInputError::NoSuchLocalTime {
            local: naive,
            zone: zone.name(),
        }),
    };
    match zone {
        Zone::Utc => Ok(Utc.from_utc_datetime(&naive).fixed_offset()),
        Zone::Named(tz) => pick(tz.from_local_datetime(&naive).map(|t| t.fixed_offset())),
        Zone::Fixed(o) => pick(o.from_local_datetime(&naive)),
        Zone::Local => pick(
            chrono::Local
                .from_local_datetime(&naive)
                .map(|t| t.fixed_offset()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(s: &str) -> Instant {
        s.parse().unwrap()
    }

    fn hk() -> Zone {
        Zone::Named(chrono_tz::Asia::Hong_Kong)
    }

    const NOW: &str = "2026-01-01T01:30:00+00:00";

    #[test]
    fn every_form_reads_in_the_zone() {
        let now = inst(NOW);
        let read = |s: &str, z: &Zone| read_user_time(s, z, now, None).unwrap().rfc3339();
        assert_eq!(read("08:56", &hk()), "2026-01-01T08:56:00+08:00");
        assert_eq!(read("08:56:30", &hk()), "2026-01-01T08:56:30+08:00");
        assert_eq!(
            read("2022-12-18 06:47", &Zone::Utc),
            "2022-12-18T06:47:00+00:00"
        );
        assert_eq!(
            read("2022-12-18T06:47:05", &hk()),
            "2022-12-18T06:47:05+08:00"
        );
        assert_eq!(read("2022-12-18", &hk()), "2022-12-18T00:00:00+08:00");
        // An offset typed is kept, whatever the zone.
        assert_eq!(
            read(" 2022-12-18T08:56:00-05:00 ", &hk()),
            "2022-12-18T08:56:00-05:00"
        );
        assert_eq!(
            TimeInput::parse("09:05"),
            Ok(TimeInput::TimeOfDay(
                NaiveTime::from_hms_opt(9, 5, 0).unwrap()
            ))
        );
    }

    #[test]
    fn today_is_the_date_in_the_zone_not_in_utc() {
        // 01:30 UTC on 1 January is still 31 December in Los Angeles.
        let la = Zone::Named(chrono_tz::America::Los_Angeles);
        let t = read_user_time("17:00", &la, inst(NOW), None).unwrap();
        assert_eq!(t.rfc3339(), "2025-12-31T17:00:00-08:00");
    }

    #[test]
    fn unreadable_text_lists_the_forms() {
        let e = read_user_time("noonish", &hk(), inst(NOW), None).unwrap_err();
        assert_eq!(
            e,
            TimeInputError::Unreadable {
                given: "noonish".into()
            }
        );
        assert_eq!(e.to_string(), "cannot read the time `noonish`");
        let hints = e.hints(Some("--at"));
        assert!(hints[0].starts_with("expected RFC 3339"), "{hints:?}");
        assert!(hints[0].ends_with("see docs/time-input.md"), "{hints:?}");
        assert!(TimeInput::parse("25:99").is_err());
        assert!(TimeInput::parse("").is_err());
    }

    #[test]
    fn skipped_and_doubled_local_times_are_refused() {
        let la = Zone::Named(chrono_tz::America::Los_Angeles);
        let now = inst(NOW);
        let gap = read_user_time("2023-03-12 02:30", &la, now, None).unwrap_err();
        assert_eq!(
            gap.to_string(),
            "2023-03-12 02:30:00 does not exist in America/Los_Angeles (the clocks skip it)"
        );
        let twice = read_user_time("2023-11-05 01:30", &la, now, None).unwrap_err();
        assert_eq!(
            twice.to_string(),
            "2023-11-05 01:30:00 happens twice in America/Los_Angeles (-07:00 and -08:00)"
        );
        assert_eq!(
            twice.hints(None),
            [
                "give the offset: 2023-11-05T01:30:00-07:00 (the first) or 2023-11-05T01:30:00-08:00 (the second)"
            ]
        );
    }

    #[test]
    fn a_bare_time_far_from_the_incident_is_refused_with_the_date_to_give() {
        let berlin = Zone::Named(chrono_tz::Europe::Berlin);
        let latest = Some(inst("2024-03-01T10:05:00+01:00"));
        let e = read_user_time("09:05", &berlin, inst(NOW), latest).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`09:05` is read as today, 2026-01-01 09:05 in Europe/Berlin, more than 24 hours from the incident's latest recorded time (2024-03-01 10:05)"
        );
        assert_eq!(
            e.hints(Some("--at"))[0],
            "give the date: --at \"2024-03-01 09:05\""
        );
        // With the date it is read as given, however far it is.
        let t = read_user_time("2024-03-01 09:05", &berlin, inst(NOW), latest).unwrap();
        assert_eq!(t.rfc3339(), "2024-03-01T09:05:00+01:00");
    }

    #[test]
    fn a_bare_time_within_a_day_of_the_incident_is_today() {
        let now = inst("2026-01-01T12:00:00+00:00");
        let latest = Some(inst("2025-12-31T14:00:00+00:00"));
        // 13:00 today is 23 h after the latest time: accepted.
        let t = read_user_time("13:00", &Zone::Utc, now, latest).unwrap();
        assert_eq!(t.rfc3339(), "2026-01-01T13:00:00+00:00");
        // 14:01 is 24 h 1 min after it: refused. 24 h exactly is still accepted.
        assert!(read_user_time("14:01", &Zone::Utc, now, latest).is_err());
        assert!(read_user_time("14:00", &Zone::Utc, now, latest).is_ok());
        // Times before the latest count the same way.
        let later = Some(inst("2026-01-02T21:00:00+00:00"));
        assert!(read_user_time("22:00", &Zone::Utc, now, later).is_ok());
        assert!(read_user_time("20:59", &Zone::Utc, now, later).is_err());
    }

    #[test]
    fn the_latest_recorded_time_looks_at_moments_events_and_windows() {
        use crate::model::change::{self, NewEvent, NewRecord, NewWindow};
        use crate::model::record::TargetKind;
        use crate::model::record::{EventKind, IncidentKind, Level, Severity};
        let mut inc = change::new_record(&NewRecord {
            title: "Payments DB failover".into(),
            severity: Severity::Sev2,
            kind: IncidentKind::Real,
            started: inst("2024-03-01T09:00:00+01:00"),
            timezone: "Europe/Berlin".into(),
            zone: Zone::Named(chrono_tz::Europe::Berlin),
        })
        .unwrap();
        let latest = |inc: &Incident| latest_recorded(inc).map(Instant::rfc3339);
        assert_eq!(latest(&inc).as_deref(), Some("2024-03-01T09:00:00+01:00"));
        change::append_event(
            &mut inc,
            NewEvent {
                at: inst("2024-03-01T09:30:00+01:00"),
                kind: EventKind::Note,
                text: "x".into(),
                actor: None,
                sources: vec![],
                important: false,
                precursor: false,
            },
        );
        assert_eq!(latest(&inc).as_deref(), Some("2024-03-01T09:30:00+01:00"));
        // A window's end counts; compared as instants, whatever the offset.
        change::add_window(
            &mut inc,
            TargetKind::Customer,
            "Acme",
            NewWindow {
                from: inst("2024-03-01T09:10:00+01:00"),
                to: Some(inst("2024-03-01T09:45:00Z")),
                level: Level::Degraded,
                scope: None,
            },
        );
        assert_eq!(latest(&inc).as_deref(), Some("2024-03-01T09:45:00+00:00"));
        inc.moments = Default::default();
        inc.events.clear();
        inc.customers.clear();
        assert_eq!(latest(&inc), None);
    }
}
