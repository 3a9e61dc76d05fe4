//! Instants, approximate and unknown times, display zones, and the arithmetic on them.
//!
//! Every instant in a record keeps its UTC offset. Display converts to a [`Zone`] at the edge,
//! so nothing here depends on the machine's zone except [`Zone::Local`] when asked for.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An instant with the UTC offset it was recorded in, such as `2022-12-18T08:56:00+08:00`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Instant(pub DateTime<FixedOffset>);

impl Instant {
    /// The instant as a chrono value.
    pub fn get(self) -> DateTime<FixedOffset> {
        self.0
    }

    /// RFC 3339 with the recorded offset, never `Z`: `2022-12-18T08:56:00+08:00`.
    pub fn rfc3339(self) -> String {
        format_rfc3339(self.0)
    }

    /// Whole minutes from `self` to `later` (negative when `later` is earlier).
    pub fn minutes_until(self, later: Instant) -> i64 {
        (later.0 - self.0).num_minutes()
    }
}

/// Formats an instant as RFC 3339 with an explicit offset (`+00:00`, not `Z`); seconds are
/// kept only when not zero so hand-written records round-trip as written.
pub fn format_rfc3339(t: DateTime<FixedOffset>) -> String {
    if t.timestamp_subsec_nanos() != 0 {
        t.format("%Y-%m-%dT%H:%M:%S%.f%:z").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

/// Why an instant could not be read; the text is shown to people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstantError(pub String);

impl fmt::Display for InstantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InstantError {}

const INSTANT_EXAMPLE: &str = "2022-12-18T08:56:00+08:00";

impl FromStr for Instant {
    type Err = InstantError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        match DateTime::parse_from_rfc3339(trimmed) {
            Ok(t) => Ok(Instant(t)),
            Err(e) => {
                // chrono's messages ("premature end of input") do not say what was expected;
                // diagnose the common mistakes ourselves.
                let why = if trimmed.is_empty() {
                    "it is empty".to_string()
                } else if NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S").is_ok()
                    || NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M").is_ok()
                    || NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%d %H:%M:%S").is_ok()
                    || NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%d %H:%M").is_ok()
                {
                    "it has no UTC offset; instants are stored with their offset".to_string()
                } else if let Some(detail) = impossible_field(trimmed) {
                    detail
                } else {
                    e.to_string()
                };
                Err(InstantError(format!(
                    "invalid instant `{}`: {why}; expected RFC 3339 with an offset, like {INSTANT_EXAMPLE}",
                    crate::model::text::visible(trimmed)
                )))
            }
        }
    }
}

/// Names the field that is out of range in an otherwise well-shaped RFC 3339 string.
fn impossible_field(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (y, mo, d, h, mi) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
    );
    if !(1..=12).contains(&mo) {
        return Some(format!("month {mo} does not exist"));
    }
    if NaiveDate::from_ymd_opt(y as i32, mo, d).is_none() {
        return Some(format!("{y:04}-{mo:02} has no day {d}"));
    }
    if h > 23 {
        return Some(format!("hour {h} does not exist"));
    }
    if mi > 59 {
        return Some(format!("minute {mi} does not exist"));
    }
    let rest = s.get(19..)?;
    let offset = rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    if let Some(sign_less) = offset.strip_prefix(['+', '-']) {
        let oh = sign_less.get(0..2).and_then(|x| x.parse::<u32>().ok())?;
        if oh > 23 {
            return Some(format!(
                "the offset {offset} is out of range (at most ±23:59)"
            ));
        }
    }
    None
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A point in time as a historical record knows it.
///
/// - `At`: exact; `About`: approximate ("about noon");
/// - `Day`: known only to the day — the instant is the start of that day in the offset of the
///   zone it was given in, and the day runs to the next midnight there;
/// - `Between`: somewhere in a range ("between 15:20 and 16:20"), earliest first;
/// - `NotBefore`: at that instant or later ("after 10:15", "still down on the 20th" for an end);
/// - `NotAfter`: at that instant or earlier ("no later than 10:30");
/// - `Unknown`: happened, at a time no source gives;
/// - `Open`: only for the end of an impact window — it has not ended yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum When {
    At(Instant),
    About(Instant),
    Day(Instant),
    Between(Instant, Instant),
    NotBefore(Instant),
    NotAfter(Instant),
    Unknown,
    Open,
}

impl When {
    /// The instant that stands for this time in figures, when the record places it within a
    /// bounded stretch: exact, approximate, the start of a day (as before schema 2), or the
    /// middle of a range. `None` for one-sided bounds, unknown and open times: figures that
    /// can use a bound ask for [`When::bounds`].
    pub fn instant(self) -> Option<Instant> {
        match self {
            When::At(t) | When::About(t) | When::Day(t) => Some(t),
            When::Between(a, b) => Some(Instant(midpoint(a.get(), b.get()))),
            When::NotBefore(_) | When::NotAfter(_) | When::Unknown | When::Open => None,
        }
    }

    /// [`When::instant`], or for a one-sided bound the bound itself: the instant a view
    /// writes for the time beside its precision. `None` for unknown and open times.
    pub fn instant_or_bound(self) -> Option<Instant> {
        match self {
            When::NotBefore(t) | When::NotAfter(t) => Some(t),
            other => other.instant(),
        }
    }

    /// The earliest and latest instant this time can be; `None` on a side with no bound.
    pub fn bounds(self) -> (Option<Instant>, Option<Instant>) {
        match self {
            When::At(t) | When::About(t) => (Some(t), Some(t)),
            When::Day(t) => (Some(t), Some(Instant(day_end(t.get())))),
            When::Between(a, b) => (Some(a), Some(b)),
            When::NotBefore(t) => (Some(t), None),
            When::NotAfter(t) => (None, Some(t)),
            When::Unknown | When::Open => (None, None),
        }
    }

    /// Where this time sorts among others: the instant that stands for it (a day or a range
    /// by its middle, a one-sided bound by the bound) and a rank that breaks ties so that
    /// "no later than 10:30" comes before 10:30, and "after 10:30" after it. `None` for
    /// unknown and open times. Sorting by this key never puts a time before one it is known to
    /// follow (whose latest possible instant is before its own earliest).
    pub fn sort_key(self) -> Option<(DateTime<FixedOffset>, u8)> {
        match self {
            When::NotAfter(t) => Some((t.get(), 0)),
            When::At(t) | When::About(t) => Some((t.get(), 1)),
            When::Day(t) => Some((midpoint(t.get(), day_end(t.get())), 1)),
            When::Between(a, b) => Some((midpoint(a.get(), b.get()), 1)),
            When::NotBefore(t) => Some((t.get(), 2)),
            When::Unknown | When::Open => None,
        }
    }

    /// The order of two times on a timeline — the one rule every view sorts events by
    /// (`docs/timeline.md`): by [`When::sort_key`], so an exact or approximate time at its
    /// instant, a day or a range at its middle, "no later than" at its bound just before an
    /// exact time there, and "not before" just after it; unknown (and open) times after every
    /// other. Times with equal keys are equal, so a stable sort keeps them in record order.
    /// Never puts a time before one it is known to follow.
    pub fn chronological(self, other: When) -> std::cmp::Ordering {
        match (self.sort_key(), other.sort_key()) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    }

    /// True when this time is known to come after `other`: its earliest possible instant is
    /// later than `other`'s latest possible one.
    pub fn known_after(self, other: When) -> bool {
        match (self.bounds().0, other.bounds().1) {
            (Some(earliest), Some(latest)) => earliest > latest,
            _ => false,
        }
    }

    /// True when figures that use this time are approximate: about, a day, a range.
    pub fn is_approx(self) -> bool {
        matches!(self, When::About(_) | When::Day(_) | When::Between(..))
    }

    /// True when the time is not exact to the minute: anything but `At` (and `Open`).
    pub fn is_uncertain(self) -> bool {
        !matches!(self, When::At(_) | When::Open)
    }

    /// The word used in messages and JSON for this precision.
    pub fn precision(self) -> &'static str {
        match self {
            When::At(_) => "exact",
            When::About(_) => "approximate",
            When::Day(_) => "day",
            When::Between(..) => "range",
            When::NotBefore(_) => "not_before",
            When::NotAfter(_) => "not_after",
            When::Unknown => "unknown",
            When::Open => "open",
        }
    }
}

/// The instant halfway between two others, in the first one's offset.
fn midpoint(a: DateTime<FixedOffset>, b: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    a + (b - a) / 2
}

/// The end of a day that starts at `start`: the next midnight in the same offset.
fn day_end(start: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    start + chrono::TimeDelta::days(1)
}

/// The zone a view is shown in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Zone {
    Utc,
    Named(Tz),
    Fixed(FixedOffset),
    /// The viewer's zone, from `TZ` or the system setting.
    Local,
}

impl Zone {
    /// Converts an instant into this zone, keeping the resulting offset.
    pub fn convert(&self, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        match self {
            Zone::Utc => t.with_timezone(&Utc).fixed_offset(),
            Zone::Named(tz) => {
                let local = t.with_timezone(tz);
                local.with_timezone(&local.offset().fix())
            }
            Zone::Fixed(o) => t.with_timezone(o),
            Zone::Local => t.with_timezone(&chrono::Local).fixed_offset(),
        }
    }

    /// The name shown in headers: `Asia/Hong_Kong`, `UTC`, `+05:30`, `local`.
    pub fn name(&self) -> String {
        match self {
            Zone::Utc => "UTC".to_string(),
            Zone::Named(tz) => tz.name().to_string(),
            Zone::Fixed(o) => format_offset(*o),
            Zone::Local => "local".to_string(),
        }
    }
}

/// `+08:00`, `-07:00`, `+00:00`.
pub fn format_offset(o: FixedOffset) -> String {
    let secs = o.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// Why a zone name was refused, with the closest names we know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneError {
    pub given: String,
    pub suggestions: Vec<String>,
}

impl fmt::Display for ZoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown time zone `{}`",
            crate::model::text::visible(&self.given)
        )
    }
}

impl ZoneError {
    /// What to type instead: the forms a zone takes, and the closest names, if any.
    pub fn hints(&self) -> Vec<String> {
        let mut hints = vec![
            "expected an IANA name such as Asia/Hong_Kong, UTC, local, or an offset such as +05:30"
                .to_string(),
        ];
        if !self.suggestions.is_empty() {
            hints.push(format!("did you mean {}?", self.suggestions.join(", ")));
        }
        hints
    }
}

impl std::error::Error for ZoneError {}

/// Reads an IANA zone name (case-insensitive), exactly as stored in records.
pub fn parse_iana(name: &str) -> Result<Tz, ZoneError> {
    if let Ok(tz) = name.parse::<Tz>() {
        return Ok(tz);
    }
    if let Some(tz) = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().eq_ignore_ascii_case(name))
    {
        return Ok(*tz);
    }
    Err(ZoneError {
        given: name.to_string(),
        suggestions: suggest_zones(name),
    })
}

/// Reads a zone given on the command line: `UTC`, `local`, an IANA name or `+05:30`.
pub fn parse_zone(name: &str) -> Result<Zone, ZoneError> {
    let trimmed = name.trim();
    if trimmed.eq_ignore_ascii_case("utc") || trimmed.eq_ignore_ascii_case("z") {
        return Ok(Zone::Utc);
    }
    if trimmed.eq_ignore_ascii_case("local") {
        return Ok(Zone::Local);
    }
    if let Some(o) = parse_offset(trimmed) {
        return Ok(Zone::Fixed(o));
    }
    parse_iana(trimmed).map(Zone::Named)
}

/// `+05:30`, `-07:00`, `+0800`, `+08`; at most ±23:59.
pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = s[1..].chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !(digits.len() == 2 || digits.len() == 4) {
        return None;
    }
    let h: i32 = digits.get(0..2)?.parse().ok()?;
    let m: i32 = digits
        .get(2..)
        .filter(|x| !x.is_empty())
        .map_or(Some(0), |x| x.parse().ok())?;
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// The IANA name of a whole-hour fixed offset, for a record's home zone: `+09:00` is
/// `Etc/GMT-9` (the `Etc` names count west of Greenwich as positive, so the sign is turned
/// round), `+00:00` is `UTC`. `None` for offsets that are not whole hours or lie beyond the
/// `Etc` names (−12:00 to +14:00): no IANA name is fixed at them.
pub fn iana_for_offset(o: FixedOffset) -> Option<Tz> {
    let secs = o.local_minus_utc();
    if secs % 3600 != 0 {
        return None;
    }
    let hours = secs / 3600;
    let name = match hours {
        0 => "UTC".to_string(),
        -12..=14 => format!("Etc/GMT{:+}", -hours),
        _ => return None,
    };
    name.parse::<Tz>().ok()
}

/// Up to `max` place names (`Asia/Kolkata`, not `Etc/…` or old aliases without a region)
/// whose offset at `at` is `o`, in name order: suggestions for someone who typed an offset
/// where a named zone is needed.
pub fn zones_at_offset(o: FixedOffset, at: DateTime<Utc>, max: usize) -> Vec<&'static str> {
    const REGIONS: [&str; 8] = [
        "Africa/",
        "America/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
    ];
    chrono_tz::TZ_VARIANTS
        .iter()
        .filter(|tz| REGIONS.iter().any(|r| tz.name().starts_with(r)))
        .filter(|tz| at.with_timezone(*tz).offset().fix() == o)
        .map(|tz| tz.name())
        .take(max)
        .collect()
}

/// Up to three zone names closest to `given` by edit distance (case-insensitive), or sharing
/// its last path segment.
pub fn suggest_zones(given: &str) -> Vec<String> {
    // No zone name is this long; comparing a huge string with every zone would take ages.
    if given.len() > 64 {
        return Vec::new();
    }
    let needle = given.to_ascii_lowercase();
    let needle_city = needle.rsplit('/').next().unwrap_or(&needle).to_string();
    let mut scored: Vec<(usize, &str)> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| {
            let name = tz.name();
            let lower = name.to_ascii_lowercase();
            let city = lower.rsplit('/').next().unwrap_or(&lower);
            let d = strsim::levenshtein(&needle, &lower)
                .min(strsim::levenshtein(&needle_city, city) + 1);
            (d, name)
        })
        .collect();
    scored.sort();
    let limit = (needle.chars().count() / 3).max(2);
    scored
        .into_iter()
        .filter(|(d, _)| *d <= limit)
        .take(3)
        .map(|(_, n)| n.to_string())
        .collect()
}

/// `7 h 19 min`, `45 min`, `2 d 3 h 5 min`: days, hours and minutes, each unit left out when
/// it is zero (`1 d 11 min`, `2 h`, `3 d`), and `0 min` for nothing at all. Negative values get
/// a leading minus. The rule is documented in docs/metrics.md.
pub fn format_minutes(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.unsigned_abs();
    let (d, h, min) = (m / 1440, (m % 1440) / 60, m % 60);
    let parts: Vec<String> = [(d, "d"), (h, "h"), (min, "min")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    if parts.is_empty() {
        return "0 min".to_string();
    }
    format!("{sign}{}", parts.join(" "))
}

/// Elapsed time since the start as `T+03:51`, `T-00:05`, `T+1d02:10`.
pub fn format_elapsed(minutes: i64) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    let (d, h, min) = (m / 1440, (m % 1440) / 60, m % 60);
    if d > 0 {
        format!("T{sign}{d}d{h:02}:{min:02}")
    } else {
        format!("T{sign}{h:02}:{min:02}")
    }
}

/// A time as shown in views, with its precision: `2022-12-18 08:56`, `~12:00`,
/// `2022-12-25 (day)`, `15:20–16:20`, `≥ 10:15`, `≤ 10:30`, `unknown`, `ongoing`. `with_date`
/// adds the date to every form that has a time of day (a day always shows its date).
pub fn when_text(w: When, zone: &Zone, with_date: bool) -> String {
    let fmt = if with_date { "%Y-%m-%d %H:%M" } else { "%H:%M" };
    let local = |t: Instant| zone.convert(t.get());
    match w {
        When::At(t) => local(t).format(fmt).to_string(),
        When::About(t) => format!("~{}", local(t).format(fmt)),
        When::Day(t) => day_text(t, zone),
        When::Between(a, b) => {
            let (a, b) = (local(a), local(b));
            // The second end shows its date only when it falls on another day.
            let second = if a.date_naive() != b.date_naive() {
                "%Y-%m-%d %H:%M"
            } else {
                "%H:%M"
            };
            format!("{}–{}", a.format(fmt), b.format(second))
        }
        When::NotBefore(t) => format!("≥ {}", local(t).format(fmt)),
        When::NotAfter(t) => format!("≤ {}", local(t).format(fmt)),
        When::Unknown => "unknown".to_string(),
        When::Open => "ongoing".to_string(),
    }
}

/// A day as shown: `2022-12-25 (day)`, the calendar day where it was recorded — converting its
/// midnight to another zone would shift it to the day before or after. When the zone shown has
/// another offset then, the day's own offset is named: `2024-03-05 (day, UTC+09:00)`.
pub fn day_text(t: Instant, zone: &Zone) -> String {
    let date = t.get().format("%Y-%m-%d");
    let own = *t.get().offset();
    if *zone.convert(t.get()).offset() == own {
        format!("{date} (day)")
    } else {
        format!("{date} (day, UTC{})", format_offset(own))
    }
}

/// A time as writers report it and messages quote it, with full RFC 3339 instants:
/// `2024-03-01T09:05:00+01:00`, `~2024-03-01T09:05:00+01:00`, `2024-03-01 (day, +01:00)`,
/// `2024-03-01T15:20:00+01:00..2024-03-01T16:20:00+01:00`, `≥ 2024-03-01T10:15:00+01:00`,
/// `≤ …`, `unknown`, `open`.
pub fn when_rfc3339(w: When) -> String {
    match w {
        When::At(t) => t.rfc3339(),
        When::About(t) => format!("~{}", t.rfc3339()),
        When::Day(t) => format!(
            "{} (day, {})",
            t.get().format("%Y-%m-%d"),
            format_offset(*t.get().offset())
        ),
        When::Between(a, b) => format!("{}..{}", a.rfc3339(), b.rfc3339()),
        When::NotBefore(t) => format!("≥ {}", t.rfc3339()),
        When::NotAfter(t) => format!("≤ {}", t.rfc3339()),
        When::Unknown => "unknown".to_string(),
        When::Open => "open".to_string(),
    }
}

/// A duration in minutes as shown in views, `~` in front when approximate.
pub fn minutes_text(minutes: Option<i64>, approximate: bool) -> String {
    match minutes {
        Some(m) => format!(
            "{}{}",
            if approximate { "~" } else { "" },
            format_minutes(m)
        ),
        None => "unknown".to_string(),
    }
}

/// The label of a zone for headers: `Asia/Hong_Kong (UTC+08:00 on 2022-12-18)`.
pub fn zone_label(zone: &Zone, sample: Option<Instant>) -> String {
    match sample {
        Some(t) => {
            let local = zone.convert(t.get());
            format!(
                "{} (UTC{} on {})",
                zone.name(),
                format_offset(*local.offset()),
                local.format("%Y-%m-%d")
            )
        }
        None => zone.name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(s: &str) -> Instant {
        s.parse().unwrap()
    }

    #[test]
    fn whole_hour_offsets_have_etc_names_with_the_sign_turned_round() {
        let east = |h: i32, m: i32| FixedOffset::east_opt(h * 3600 + m * 60).unwrap();
        let name = |o| iana_for_offset(o).map(|tz| tz.name());
        assert_eq!(name(east(9, 0)), Some("Etc/GMT-9"));
        assert_eq!(name(east(-5, 0)), Some("Etc/GMT+5"));
        assert_eq!(name(east(0, 0)), Some("UTC"));
        assert_eq!(name(east(14, 0)), Some("Etc/GMT-14"));
        assert_eq!(name(east(-12, 0)), Some("Etc/GMT+12"));
        assert_eq!(name(east(5, 30)), None);
        assert_eq!(name(east(-13, 0)), None);
        // Etc/GMT-9 really is nine hours east.
        let tokyo_noon = inst("2024-03-01T12:00:00+09:00").get();
        let tz = iana_for_offset(east(9, 0)).unwrap();
        assert_eq!(
            tokyo_noon.with_timezone(&tz).format("%H:%M").to_string(),
            "12:00"
        );
        let at = inst("2024-03-01T00:00:00+00:00").get().with_timezone(&Utc);
        let india = zones_at_offset(east(5, 30), at, 3);
        assert!(india.contains(&"Asia/Kolkata"), "{india:?}");
        assert!(india.iter().all(|z| z.starts_with("Asia/")), "{india:?}");
    }

    #[test]
    fn oss_window_is_seven_hours_nineteen() {
        let a = inst("2022-12-18T11:07:00+08:00");
        let b = inst("2022-12-18T18:26:00+08:00");
        assert_eq!(a.minutes_until(b), 439);
        assert_eq!(format_minutes(439), "7 h 19 min");
    }

    #[test]
    fn offsets_are_kept_when_written() {
        assert_eq!(
            inst("2022-12-18T00:56:00Z").rfc3339(),
            "2022-12-18T00:56:00+00:00"
        );
        assert_eq!(
            inst("2022-12-18T08:56:00+08:00").rfc3339(),
            "2022-12-18T08:56:00+08:00"
        );
    }

    #[test]
    fn naive_and_impossible_instants_are_explained() {
        let e = "2022-12-18T08:56:00".parse::<Instant>().unwrap_err().0;
        assert!(e.contains("no UTC offset"), "{e}");
        let e = "2022-02-30T08:56:00+08:00"
            .parse::<Instant>()
            .unwrap_err()
            .0;
        assert!(e.contains("2022-02 has no day 30"), "{e}");
        let e = "2022-12-18T25:00:00+08:00"
            .parse::<Instant>()
            .unwrap_err()
            .0;
        assert!(e.contains("hour 25"), "{e}");
        let e = "2022-12-18T08:56:00+25:00"
            .parse::<Instant>()
            .unwrap_err()
            .0;
        assert!(e.contains("offset +25:00"), "{e}");
    }

    #[test]
    fn elapsed_and_durations() {
        assert_eq!(format_elapsed(231), "T+03:51");
        assert_eq!(format_elapsed(-5), "T-00:05");
        assert_eq!(format_elapsed(1440 + 130), "T+1d02:10");
        assert_eq!(format_minutes(45), "45 min");
        assert_eq!(format_minutes(1440 + 65), "1 d 1 h 5 min");
        // Zero units are left out, wherever they are.
        assert_eq!(format_minutes(1440 + 11), "1 d 11 min");
        assert_eq!(format_minutes(120), "2 h");
        assert_eq!(format_minutes(3 * 1440), "3 d");
        assert_eq!(format_minutes(1440 + 60), "1 d 1 h");
        assert_eq!(format_minutes(0), "0 min");
        assert_eq!(format_minutes(-61), "-1 h 1 min");
    }

    #[test]
    fn mixed_precision_sorts_by_the_one_rule() {
        let at = |s: &str| When::At(inst(s));
        let exact = at("2024-03-05T10:15:00+09:00");
        let after = When::NotBefore(inst("2024-03-05T10:15:00+09:00"));
        let by = When::NotAfter(inst("2024-03-05T02:15:00+01:00"));
        let earlier = at("2024-03-05T10:02:00+09:00");
        // The 5th in Tokyo runs 10:00 on the 4th to 10:00 on the 5th in New York; it sorts at
        // its middle, 22:00 on the 4th in New York, after a start at 19:00 there.
        let tokyo_day = When::Day(inst("2024-03-05T00:00:00+09:00"));
        let ny_start = at("2024-03-04T19:00:00-05:00");
        let mut times = vec![
            When::Unknown,
            after,
            tokyo_day,
            exact,
            by,
            earlier,
            ny_start,
        ];
        times.sort_by(|a, b| a.chronological(*b));
        assert_eq!(
            times,
            [
                ny_start,
                earlier,
                by,
                exact,
                after,
                tokyo_day,
                When::Unknown
            ]
        );
        assert!(after.known_after(earlier));
        assert!(!after.known_after(exact));
        assert!(
            !tokyo_day.known_after(ny_start),
            "the day began before 19:00 in New York"
        );
        assert!(!When::Unknown.known_after(earlier));
    }

    #[test]
    fn zones_parse_and_suggest() {
        assert_eq!(parse_zone("UTC").unwrap(), Zone::Utc);
        assert_eq!(
            parse_zone("+05:30").unwrap(),
            Zone::Fixed(FixedOffset::east_opt(19800).unwrap())
        );
        assert_eq!(
            parse_zone("asia/hong_kong").unwrap(),
            Zone::Named(chrono_tz::Asia::Hong_Kong)
        );
        let err = parse_zone("Asia/Hongkong_").unwrap_err();
        assert!(
            err.suggestions.iter().any(|s| s == "Asia/Hong_Kong"),
            "{err}"
        );
        // The whole list, as docs/check.md shows it.
        let err = parse_zone("Europe/Londn").unwrap_err();
        assert_eq!(
            err.suggestions,
            ["Europe/London", "Africa/Lome", "Africa/Luanda"]
        );
    }
}
