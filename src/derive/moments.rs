//! Derived moments: instants the record does not state but views need — the first sign of the
//! incident, its end, the origin of elapsed time, the instant figures are counted up to. Each
//! is computed here, by one function, and every view calls it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::record::{Incident, MomentName};
use crate::model::time::{Instant, When, Zone, parse_iana};
use crate::model::vocab::words;

/// The first sign of the incident: the earlier of `started` and `detected`, whichever has a
/// time (`started` on a tie), as the record gives it — so an approximate, day-only or bounded
/// time stays so. They are compared by where they sort ([`When::sort_key`]: a day or a range
/// by its middle, a bound by the bound). `None` when neither has a time. Total duration counts
/// from here (`docs/metrics.md`), and the incident's date is its day.
pub fn first_sign(inc: &Incident) -> Option<When> {
    let at = |name| {
        inc.moments
            .get(name)
            .map(|m| m.at)
            .filter(|w| w.sort_key().is_some())
    };
    match (at(MomentName::Started), at(MomentName::Detected)) {
        (Some(s), Some(d)) if d.sort_key() < s.sort_key() => Some(d),
        (s, d) => s.or(d),
    }
}

/// The day of the first sign in `zone`: the incident's first day (a day-only first sign is its
/// own day). `None` when neither `started` nor `detected` has a time.
pub fn first_day(inc: &Incident, zone: &Zone) -> Option<NaiveDate> {
    match first_sign(inc)? {
        // A day is a calendar day where it was recorded; converting it would shift it.
        When::Day(t) => Some(t.get().date_naive()),
        w => Some(zone.convert(w.sort_key()?.0).date_naive()),
    }
}

/// The incident's date: its first day in its home zone (UTC when the record's zone is not a
/// zone name). What `list`, `--since`, `--until` and `stats --by month` use.
pub fn incident_date(inc: &Incident) -> Option<NaiveDate> {
    let zone = parse_iana(&inc.timezone).map_or(Zone::Utc, Zone::Named);
    first_day(inc, &zone)
}

/// The end of the incident: the time of `resolved`, when the record gives one.
pub fn end(inc: &Incident) -> Option<Instant> {
    inc.moments.instant(MomentName::Resolved)
}

/// Every time the record holds: its key moments, its events, and both ends of every impact
/// window.
pub fn all_times(inc: &Incident) -> impl Iterator<Item = When> + '_ {
    let moments = MomentName::ALL
        .into_iter()
        .filter_map(|m| inc.moments.get(m).map(|m| m.at));
    let events = inc.events.iter().map(|e| e.at);
    let windows = inc
        .targets()
        .flat_map(|(_, t)| t.windows.iter())
        .flat_map(|w| [w.from, w.to]);
    moments.chain(events).chain(windows)
}

/// The last instant the record knows of: the latest instant any of its times can stand for
/// (the end of a day, the end of a range, a bound). `None` when the record holds no time.
pub fn last_known(inc: &Incident) -> Option<Instant> {
    all_times(inc)
        .filter_map(|w| {
            let (earliest, latest) = w.bounds();
            latest.or(earliest)
        })
        .max_by_key(|t| t.get())
}

/// Where elapsed time (`T+hh:mm`) is counted from: `started`, else the earliest event. The
/// flag is true when it is `started`.
pub fn elapsed_origin(inc: &Incident) -> (Option<Instant>, bool) {
    match inc.moments.instant(MomentName::Started) {
        Some(t) => (Some(t), true),
        None => (
            inc.events
                .iter()
                .filter_map(|e| e.at.instant())
                .min_by_key(|t| t.get()),
            false,
        ),
    }
}

words! {
    /// Why figures are counted up to the instant they are; the label is how documents say it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Basis {
        /// The incident's resolution.
        Resolved = "resolved", "the resolution";
        /// The incident is resolved but the record gives no time for it: the last instant the
        /// record knows of.
        LastKnown = "last_known", "the last time the record gives; the incident is resolved";
        /// The incident is resolved and the record holds no time at all: nothing is counted.
        NoTime = "no_time", "the record gives no time; the incident is resolved";
        /// The time of the run: the incident is not resolved.
        Now = "now", "the time of writing: the incident is not resolved";
        /// Chosen by the caller.
        Given = "given", "as asked";
    }
}

impl Basis {
    /// True when the instant is the clock's: only then does output depend on when it is run.
    pub fn is_clock(self) -> bool {
        self == Basis::Now
    }
}

/// The instant open impact windows are counted up to, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AsOf {
    /// With [`Basis::NoTime`] nothing can be counted and this is `now`, never shown.
    pub at: Instant,
    pub basis: Basis,
}

/// The instant figures are counted up to: `given` when the caller chose one, else the end of
/// the incident; for a resolved or closed incident whose record gives no end, the last
/// instant the record knows of ([`last_known`]); else (the incident is not over) `now`. So
/// only an unresolved incident depends on the clock.
pub fn as_of(inc: &Incident, given: Option<Instant>, now: Instant) -> AsOf {
    let (at, basis) = match (given, end(inc)) {
        (Some(at), _) => (at, Basis::Given),
        (None, Some(at)) => (at, Basis::Resolved),
        (None, None) if inc.status.is_over() => match last_known(inc) {
            Some(at) => (at, Basis::LastKnown),
            None => (now, Basis::NoTime),
        },
        (None, None) => (now, Basis::Now),
    };
    AsOf { at, basis }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::Moment;

    fn hk() -> Incident {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        crate::files::load::parse_text(std::path::Path::new("hk.ron"), text).unwrap()
    }

    fn t(s: &str) -> Instant {
        s.parse().unwrap()
    }

    fn moment(at: When) -> Option<Moment> {
        Some(Moment {
            at,
            sources: vec![],
            note: None,
            observed_by: None,
        })
    }

    #[test]
    fn first_sign_is_the_earlier_of_started_and_detected() {
        let mut inc = hk();
        // Detected 08:56 before started 09:17.
        assert_eq!(
            first_sign(&inc),
            Some(When::At(t("2022-12-18T08:56:00+08:00")))
        );
        assert_eq!(incident_date(&inc), NaiveDate::from_ymd_opt(2022, 12, 18));
        // Detected across midnight, before the start: the first day is the day before.
        inc.moments.detected = moment(When::About(t("2022-12-17T23:50:00+08:00")));
        assert_eq!(
            first_sign(&inc),
            Some(When::About(t("2022-12-17T23:50:00+08:00")))
        );
        assert_eq!(incident_date(&inc), NaiveDate::from_ymd_opt(2022, 12, 17));
        // A detection with no time does not count; events never do.
        inc.moments.detected = moment(When::Unknown);
        assert_eq!(
            first_sign(&inc),
            Some(When::At(t("2022-12-18T09:17:00+08:00")))
        );
        // A start known only as "no later than 09:00" is earlier than a detection at 09:10;
        // a day-only start is that day wherever it is shown.
        inc.moments.started = moment(When::NotAfter(t("2022-12-18T09:00:00+08:00")));
        inc.moments.detected = moment(When::At(t("2022-12-18T09:10:00+08:00")));
        assert_eq!(
            first_sign(&inc),
            Some(When::NotAfter(t("2022-12-18T09:00:00+08:00")))
        );
        inc.moments.started = moment(When::Day(t("2022-12-18T00:00:00+08:00")));
        inc.moments.detected = moment(When::Unknown);
        let la = Zone::Named(chrono_tz::America::Los_Angeles);
        assert_eq!(first_day(&inc, &la), NaiveDate::from_ymd_opt(2022, 12, 18));
        inc.moments.started = None;
        assert_eq!(first_sign(&inc), None);
        assert_eq!(first_day(&inc, &Zone::Utc), None);
        assert!(
            elapsed_origin(&inc).0.is_some(),
            "events still give an origin"
        );
    }

    #[test]
    fn first_day_is_in_the_zone_asked_for() {
        let inc = hk();
        // 08:56 in Hong Kong is 16:56 the day before in Los Angeles.
        let la = Zone::Named(chrono_tz::America::Los_Angeles);
        assert_eq!(first_day(&inc, &la), NaiveDate::from_ymd_opt(2022, 12, 17));
    }

    #[test]
    fn figures_count_to_the_given_time_else_the_end_else_now() {
        let mut inc = hk();
        let now = t("2030-01-01T00:00:00+00:00");
        let given = t("2022-12-18T12:00:00+08:00");
        assert_eq!(as_of(&inc, Some(given), now).basis, Basis::Given);
        let resolved = as_of(&inc, None, now);
        assert_eq!(resolved.at, t("2022-12-18T23:11:00+08:00"));
        assert_eq!(resolved.basis, Basis::Resolved);
        // Resolved, but no source gives when: the last time the record gives, a day-only
        // event on 29 December (to the end of that day), never the clock.
        inc.moments.resolved = moment(When::Unknown);
        let last = as_of(&inc, None, now);
        assert_eq!(last.at, t("2022-12-30T00:00:00+08:00"));
        assert_eq!(last.basis, Basis::LastKnown);
        assert_eq!(last_known(&inc), Some(last.at));
        // The same without the moment: the status says it is over.
        inc.moments.resolved = None;
        assert_eq!(as_of(&inc, None, now), last);
        // Only an incident that is not over is counted to now.
        inc.status = crate::model::record::Status::Monitoring;
        assert_eq!(
            as_of(&inc, None, now),
            AsOf {
                at: now,
                basis: Basis::Now
            }
        );
        assert!(as_of(&inc, None, now).basis.is_clock());
    }

    #[test]
    fn the_last_known_time_is_the_latest_any_time_can_stand_for() {
        let mut inc = hk();
        inc.events.clear();
        inc.moments = Default::default();
        inc.services.clear();
        inc.customers.clear();
        assert_eq!(last_known(&inc), None);
        inc.status = crate::model::record::Status::Closed;
        let now = t("2030-01-01T00:00:00+00:00");
        assert_eq!(
            as_of(&inc, None, now),
            AsOf {
                at: now,
                basis: Basis::NoTime
            }
        );
        // A lower bound stands for its bound; a range for its end.
        inc.moments.resolved = moment(When::NotBefore(t("2024-08-31T08:45:00+00:00")));
        assert_eq!(last_known(&inc), Some(t("2024-08-31T08:45:00+00:00")));
        inc.moments.mitigated = moment(When::Between(
            t("2024-08-31T07:00:00+00:00"),
            t("2024-09-01T07:00:00+00:00"),
        ));
        assert_eq!(last_known(&inc), Some(t("2024-09-01T07:00:00+00:00")));
        assert_eq!(as_of(&inc, None, now).basis, Basis::LastKnown);
    }
}
