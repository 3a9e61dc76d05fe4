//! Derived moments: instants the record does not state but views need — the first sign of the
//! incident, its end, the origin of elapsed time, the instant figures are counted up to. Each
//! is computed here, by one function, and every view calls it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::record::{Incident, MomentName};
use crate::model::time::{Instant, When, Zone, parse_iana};
use crate::model::vocab::words;

/// The first sign of the incident: the earlier of `started` and `detected`, whichever has a
/// time (`started` on a tie), as the record gives it — so an approximate time stays
/// approximate. `None` when neither has a time. Total duration counts from here
/// (`docs/metrics.md`), and the incident's date is its day.
pub fn first_sign(inc: &Incident) -> Option<When> {
    let at = |name| {
        inc.moments
            .get(name)
            .map(|m| m.at)
            .filter(|w| w.instant().is_some())
    };
    match (at(MomentName::Started), at(MomentName::Detected)) {
        (Some(s), Some(d)) if d.instant() < s.instant() => Some(d),
        (s, d) => s.or(d),
    }
}

/// The day of the first sign in `zone`: the incident's first day. `None` when neither
/// `started` nor `detected` has a time.
pub fn first_day(inc: &Incident, zone: &Zone) -> Option<NaiveDate> {
    let t = first_sign(inc)?.instant()?;
    Some(zone.convert(t.get()).date_naive())
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
        /// The time of the run: the incident is not resolved.
        Now = "now", "the time of writing: the incident is not resolved";
        /// Chosen by the caller.
        Given = "given", "as asked";
    }
}

/// The instant open impact windows are counted up to, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AsOf {
    pub at: Instant,
    pub basis: Basis,
}

/// The instant figures are counted up to: `given` when the caller chose one, else the end of
/// the incident, else `now`.
pub fn as_of(inc: &Incident, given: Option<Instant>, now: Instant) -> AsOf {
    match (given, end(inc)) {
        (Some(at), _) => AsOf {
            at,
            basis: Basis::Given,
        },
        (None, Some(at)) => AsOf {
            at,
            basis: Basis::Resolved,
        },
        (None, None) => AsOf {
            at: now,
            basis: Basis::Now,
        },
    }
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
            claims: vec![],
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
        inc.moments.resolved = None;
        assert_eq!(
            as_of(&inc, None, now),
            AsOf {
                at: now,
                basis: Basis::Now
            }
        );
    }
}
