//! Times typed on the command line: the forms accepted, what a bare time of day means, and why
//! a time is refused. Every command reads its time options through [`read_user_when`] (writers)
//! or [`read_view_time`] (views); the rule is written out for users in `docs/time-input.md`.
//!
//! Reading is two steps: [`TimeInput::parse`] says which form the text has (no zone, no clock),
//! then [`TimeInput::resolve`] places it in a zone, on a day, and checks it against the
//! incident, giving the [`When`] a record stores.

use chrono::{
    DateTime, Days, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};
use thiserror::Error;

use crate::model::record::Incident;
use crate::model::text::visible;
use crate::model::time::{
    Instant, When, Zone, ZoneError, format_offset, format_rfc3339, parse_zone,
};

/// Where the rule for typed times is written down, for help texts and hints.
pub const TIME_INPUT_DOC: &str = "docs/time-input.md";

/// A bare time of day further than this from the incident's latest recorded time is refused:
/// it almost certainly meant another day than today.
pub const BARE_TIME_REACH_HOURS: i64 = 24;

/// The accepted forms, one hint line each, shown when a time cannot be read.
pub const FORMS: [&str; 6] = [
    "accepted forms, read in the incident's home zone (or --tz) unless a zone or offset follows, as in `09:05 UTC`, `2022-12-18 09:05 +08:00`, `2022-12-18 Asia/Tokyo`:",
    "  exact: `09:05` (today), `2022-12-18 09:05`, `2022-12-18T09:05:00+08:00`",
    "  approximate: `~09:05`, `about 09:05`; a day: `2022-12-18`",
    "  a range: `15:20..16:20`, `between 15:20 and 16:20`",
    "  a bound: `>=10:15`, `after 10:15`, `not before 10:15`; `<=10:30`, `by 10:30`, `no later than 10:30`",
    "  not known: `unknown`; an end still to come: `ongoing` or `open`",
];

/// Words in front of a time that make it approximate.
const ABOUT: [&str; 3] = ["~", "about ", "around "];
/// Words in front of a time that make it a lower bound ("at that time or later").
const NOT_BEFORE: [&str; 6] = [
    ">=",
    "≥",
    "after ",
    "not before ",
    "no earlier than ",
    "at least ",
];
/// Words in front of a time that make it an upper bound ("at that time or earlier").
const NOT_AFTER: [&str; 7] = [
    "<=",
    "≤",
    "by ",
    "before ",
    "no later than ",
    "not after ",
    "at most ",
];
/// What separates the two ends of a range, besides `between … and …`.
const RANGE_SEPARATORS: [&str; 3] = ["..", "–", "—"];

/// One point in time as typed, before it is placed in a zone and on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Point {
    /// RFC 3339 with an offset (`2024-03-01T09:05:00+01:00`): one instant in any zone.
    Exact(DateTime<FixedOffset>),
    /// A date and a time of day (`2024-03-01 09:05`, `2024-03-01T09:05:30`), read in the zone.
    Local(NaiveDateTime),
    /// A time of day alone (`09:05`, `09:05:30`): that time today, in the zone.
    TimeOfDay(NaiveTime),
    /// A date alone (`2024-03-01`): inside a range or a bound, the whole of that day.
    Date(NaiveDate),
}

/// The shape of a typed time: which [`When`] it becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `09:05`, `2024-03-01 09:05`, RFC 3339: exact.
    At(Point),
    /// `~09:05`, `about 09:05`: approximate.
    About(Point),
    /// `2024-03-01`: known only to the day.
    Day(NaiveDate),
    /// `15:20..16:20`, `between 15:20 and 16:20`: somewhere in the range.
    Between(Point, Point),
    /// `>=10:15`, `after 10:15`: at that time or later.
    NotBefore(Point),
    /// `<=10:30`, `by 10:30`: at that time or earlier.
    NotAfter(Point),
    /// `unknown`.
    Unknown,
    /// `ongoing`, `open`: an end that has not come yet.
    Open,
}

/// A time as typed: its form, and the zone or offset written after it, if any.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeInput {
    pub form: Form,
    /// `09:05 UTC`, `2024-03-01 Asia/Tokyo`: read in this zone instead of the command's.
    pub zone: Option<Zone>,
}

/// Which forms a writer's option takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accept {
    /// Any time but an open end: moments, events, the start of a window, the end given to
    /// `impact end` and `resolve`.
    Time,
    /// Any time, or an end still to come (`ongoing`): the end of a new impact window.
    End,
}

/// What a view does with a typed time: filter from it, filter up to it, or count up to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// `--since`: a day starts at its first instant.
    Since,
    /// `--until`: a day reaches to its last second.
    Until,
    /// `--at` of `impact` and `summary`: a day is counted to its end (the next midnight).
    AsOf,
}

/// Why a typed time cannot be used. Each variant says what is wrong; [`Self::hints`] says
/// what to type instead.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TimeInputError {
    /// The text has none of the accepted forms.
    #[error("cannot read the time `{given}`")]
    Unreadable { given: String },
    /// The zone or offset written after the time names no zone.
    #[error("{source} in the time `{given}`")]
    Zone { given: String, source: ZoneError },
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
    /// A range whose end is not after its start.
    #[error("the range `{given}` ends ({}) before it starts ({})", minutes(.to), minutes(.from))]
    RangeBackwards {
        given: String,
        from: DateTime<FixedOffset>,
        to: DateTime<FixedOffset>,
    },
    /// A form the option cannot take: `ongoing` for a start, a range for `--since`.
    #[error("`{given}` is {what}, which {option_takes}")]
    NotAccepted {
        given: String,
        /// What the form is: `an open end`, `a range`.
        what: &'static str,
        /// Why it does not fit: `only the end of a new impact window can be`.
        option_takes: &'static str,
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
        /// The text as typed with the date of `latest` put before the time: `2024-03-01 09:05`,
        /// `about 2024-03-01 09:05`.
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
        let doc = format!("see {TIME_INPUT_DOC}");
        match self {
            TimeInputError::Unreadable { .. } => {
                let mut hints: Vec<String> = FORMS.iter().map(|f| f.to_string()).collect();
                hints.push(doc);
                hints
            }
            TimeInputError::Zone { source, .. } => source.hints(),
            TimeInputError::NoSuchLocalTime { .. } => vec![
                "give a time outside the skipped hour, or RFC 3339 with the offset meant"
                    .to_string(),
            ],
            TimeInputError::Ambiguous { earlier, later, .. } => vec![format!(
                "give the offset: {} (the first) or {} (the second)",
                format_rfc3339(*earlier),
                format_rfc3339(*later)
            )],
            TimeInputError::RangeBackwards { .. } => vec![
                "give the earlier time first; a second time without a date is read on the first one's day, or the next day when it would be earlier".to_string(),
                doc,
            ],
            TimeInputError::NotAccepted { .. } => vec![doc],
            TimeInputError::TooFarFromIncident { suggestion, .. } => {
                let flag = option.map(|o| format!("{o} ")).unwrap_or_default();
                vec![format!("give the date: {flag}\"{suggestion}\""), doc]
            }
        }
    }
}

/// `text` without `prefix`, compared ignoring ASCII case; the rest keeps its spelling.
fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Splits `text` at the first `sep`, compared ignoring ASCII case.
fn split_once_ci<'a>(text: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let at = text.to_ascii_lowercase().find(&sep.to_ascii_lowercase())?;
    Some((&text[..at], &text[at + sep.len()..]))
}

/// One point: RFC 3339, a date and time, a time, or a date.
fn point(text: &str) -> Option<Point> {
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(Point::Exact(t));
    }
    for fmt in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Point::Local(naive));
        }
    }
    for fmt in ["%H:%M", "%H:%M:%S"] {
        if let Ok(time) = NaiveTime::parse_from_str(s, fmt) {
            return Some(Point::TimeOfDay(time));
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(Point::Date)
}

/// The form of `text` (spaces already collapsed), with no zone after it.
fn form(text: &str) -> Option<Form> {
    let s = text.trim();
    if s.eq_ignore_ascii_case("unknown") {
        return Some(Form::Unknown);
    }
    if s.eq_ignore_ascii_case("open") || s.eq_ignore_ascii_case("ongoing") {
        return Some(Form::Open);
    }
    if let Some(rest) = ABOUT.iter().find_map(|p| strip_prefix_ci(s, p)) {
        // A day is already approximate: `~2024-03-01` is that day.
        return match point(rest)? {
            Point::Date(d) => Some(Form::Day(d)),
            p => Some(Form::About(p)),
        };
    }
    if let Some(rest) = NOT_BEFORE.iter().find_map(|p| strip_prefix_ci(s, p)) {
        return point(rest).map(Form::NotBefore);
    }
    if let Some(rest) = NOT_AFTER.iter().find_map(|p| strip_prefix_ci(s, p)) {
        return point(rest).map(Form::NotAfter);
    }
    if let Some(rest) = strip_prefix_ci(s, "between ") {
        let (a, b) = split_once_ci(rest, " and ")?;
        return Some(Form::Between(point(a)?, point(b)?));
    }
    if let Some((a, b)) = RANGE_SEPARATORS.iter().find_map(|sep| s.split_once(sep)) {
        return Some(Form::Between(point(a)?, point(b)?));
    }
    match point(s)? {
        Point::Date(d) => Some(Form::Day(d)),
        p => Some(Form::At(p)),
    }
}

/// True when the last word of a time is meant as a zone or an offset: it has a letter
/// (`UTC`, `Asia/Tokyo`) or a sign (`+08:00`).
fn looks_like_zone(word: &str) -> bool {
    word.starts_with(['+', '-']) || word.chars().any(|c| c.is_ascii_alphabetic())
}

impl TimeInput {
    /// Reads which form `text` has. Nothing here depends on a zone or the clock.
    pub fn parse(text: &str) -> Result<TimeInput, TimeInputError> {
        let s = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(form) = form(&s) {
            return Ok(TimeInput { form, zone: None });
        }
        if let Some((rest, last)) = s.rsplit_once(' ')
            && looks_like_zone(last)
            && let Some(form) = self::form(rest)
        {
            return match parse_zone(last) {
                Ok(zone) => Ok(TimeInput {
                    form,
                    zone: Some(zone),
                }),
                Err(source) => Err(TimeInputError::Zone {
                    given: visible(&s),
                    source,
                }),
            };
        }
        Err(TimeInputError::Unreadable { given: visible(&s) })
    }

    /// Places the time in its zone — the one written after it, else `zone` — and gives the
    /// [`When`] to store. A bare time of day is that time on today's date in the zone (`now`
    /// is "now"); when the incident already holds a time (`latest`, its latest recorded
    /// instant) and today's reading lands more than [`BARE_TIME_REACH_HOURS`] from it, the time
    /// is refused with a suggestion on `latest`'s date. `given` is the text as typed; `accept`
    /// says whether an open end may be given.
    pub fn resolve(
        self,
        given: &str,
        zone: &Zone,
        now: Instant,
        latest: Option<Instant>,
        accept: Accept,
    ) -> Result<When, TimeInputError> {
        let reader = Reader {
            given,
            zone: self.zone.unwrap_or(*zone),
            now,
            latest,
        };
        Ok(match self.form {
            Form::At(p) => When::At(Instant(reader.point(p, false)?)),
            Form::About(p) => When::About(Instant(reader.point(p, false)?)),
            Form::Day(d) => When::Day(Instant(day_start(d, &reader.zone)?)),
            Form::Between(a, b) => {
                let (from, to) = reader.range(a, b)?;
                When::Between(Instant(from), Instant(to))
            }
            Form::NotBefore(p) => When::NotBefore(Instant(reader.point(p, false)?)),
            Form::NotAfter(p) => When::NotAfter(Instant(reader.point(p, true)?)),
            Form::Unknown => When::Unknown,
            Form::Open => match accept {
                Accept::End => When::Open,
                Accept::Time => {
                    return Err(TimeInputError::NotAccepted {
                        given: visible(given.trim()),
                        what: "an open end",
                        option_takes: "only the end of a new impact window can be (`impact add --to`)",
                    });
                }
            },
        })
    }
}

/// What placing the points of one typed time needs.
struct Reader<'a> {
    given: &'a str,
    zone: Zone,
    now: Instant,
    latest: Option<Instant>,
}

impl Reader<'_> {
    /// The instant of one point. A date alone is its first instant, or with `end` the first
    /// instant of the next day (where the day ends).
    fn point(&self, p: Point, end: bool) -> Result<DateTime<FixedOffset>, TimeInputError> {
        match p {
            Point::Exact(t) => Ok(t),
            Point::Local(naive) => place(naive, &self.zone),
            Point::Date(d) if end => {
                day_start(d.checked_add_days(Days::new(1)).unwrap_or(d), &self.zone)
            }
            Point::Date(d) => day_start(d, &self.zone),
            Point::TimeOfDay(time) => self.today(time),
        }
    }

    /// A bare time of day: today in the zone, refused when far from the incident.
    fn today(&self, time: NaiveTime) -> Result<DateTime<FixedOffset>, TimeInputError> {
        let today = self.zone.convert(self.now.get()).date_naive();
        let t = place(today.and_time(time), &self.zone)?;
        if let Some(latest) = self.latest
            && (t - latest.get()).num_minutes().abs() > BARE_TIME_REACH_HOURS * 60
        {
            let latest = self.zone.convert(latest.get());
            let given = visible(self.given.trim());
            return Err(TimeInputError::TooFarFromIncident {
                suggestion: with_date(&given, latest.date_naive()),
                given,
                zone: self.zone.name(),
                today: t,
                latest,
            });
        }
        Ok(t)
    }

    /// The two ends of a range. A second end without a date is on the first end's day (in the
    /// first end's offset when that was typed), or the next day when it would be earlier; a
    /// second end that is a date reaches to the end of that day.
    fn range(
        &self,
        a: Point,
        b: Point,
    ) -> Result<(DateTime<FixedOffset>, DateTime<FixedOffset>), TimeInputError> {
        let from = self.point(a, false)?;
        let to = match b {
            Point::TimeOfDay(time) => {
                let zone = match a {
                    Point::Exact(t) => Zone::Fixed(*t.offset()),
                    _ => self.zone,
                };
                let day = zone.convert(from).date_naive();
                let same_day = place(day.and_time(time), &zone)?;
                if same_day > from {
                    same_day
                } else {
                    let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
                    place(next.and_time(time), &zone)?
                }
            }
            other => self.point(other, true)?,
        };
        if to <= from {
            return Err(TimeInputError::RangeBackwards {
                given: visible(self.given.trim()),
                from: self.zone.convert(from),
                to: self.zone.convert(to),
            });
        }
        Ok((from, to))
    }
}

/// `given` with `date` put before its time of day (before its first digit): `09:05` becomes
/// `2024-03-01 09:05`, `about 09:05` becomes `about 2024-03-01 09:05`.
fn with_date(given: &str, date: NaiveDate) -> String {
    match given.find(|c: char| c.is_ascii_digit()) {
        Some(i) => format!("{}{date} {}", &given[..i], &given[i..]),
        None => format!("{date} {given}"),
    }
}

/// Reads a time typed for a writer (see [`TimeInput`] for the forms) in `zone`, with `now` as
/// the clock and `latest` the incident's latest recorded instant, if any (see
/// [`latest_recorded`]). Instants carry the zone's offset, or the offset typed, so the record
/// keeps local times readable.
pub fn read_user_when(
    text: &str,
    zone: &Zone,
    now: Instant,
    latest: Option<Instant>,
    accept: Accept,
) -> Result<When, TimeInputError> {
    TimeInput::parse(text)?.resolve(text, zone, now, latest, accept)
}

/// Reads a time typed for a view's `--since`, `--until` or `--at`: one instant. An exact or
/// approximate time is its instant; a day is its first instant for `--since`, its last second
/// for `--until` and its end for `--at`. Ranges, bounds, `unknown` and `ongoing` are refused:
/// they give no one instant to filter or count from.
pub fn read_view_time(
    text: &str,
    zone: &Zone,
    now: Instant,
    latest: Option<Instant>,
    edge: Edge,
) -> Result<Instant, TimeInputError> {
    let when = read_user_when(text, zone, now, latest, Accept::End)?;
    let refuse = |what| TimeInputError::NotAccepted {
        given: visible(text.trim()),
        what,
        option_takes: "a view cannot filter or count from: give a time or a day",
    };
    match when {
        When::At(t) | When::About(t) => Ok(t),
        When::Day(t) => {
            let next = t.get() + chrono::TimeDelta::days(1);
            Ok(match edge {
                Edge::Since => t,
                Edge::Until => Instant(next - chrono::TimeDelta::seconds(1)),
                Edge::AsOf => Instant(next),
            })
        }
        When::Between(..) => Err(refuse("a range")),
        When::NotBefore(_) | When::NotAfter(_) => Err(refuse("a bound")),
        When::Unknown => Err(refuse("an unknown time")),
        When::Open => Err(refuse("an open end")),
    }
}

/// The latest instant the incident holds: its key moments, its events, and both ends of every
/// impact window, each by the last instant it can be (the last second of a day, the later end
/// of a range), or by its bound when it has no upper one. `None` for a record with no time at
/// all.
pub fn latest_recorded(inc: &Incident) -> Option<Instant> {
    let last = |w: When| match w {
        When::Day(t) => Some(Instant(
            t.get() + chrono::TimeDelta::days(1) - chrono::TimeDelta::seconds(1),
        )),
        other => {
            let (earliest, latest) = other.bounds();
            latest.or(earliest)
        }
    };
    let moments = crate::model::record::MomentName::ALL
        .into_iter()
        .filter_map(|m| inc.moments.get(m).and_then(|m| last(m.at)));
    let events = inc.events.iter().filter_map(|e| last(e.at));
    let windows = inc
        .services
        .iter()
        .chain(inc.customers.iter())
        .flat_map(|t| t.windows.iter())
        .flat_map(|w| [last(w.from), last(w.to)])
        .flatten();
    moments.chain(events).chain(windows).max()
}

/// The first instant of day `d` in `zone`: its midnight, in the offset in force then. Where
/// the clocks skip midnight the day starts when they jump, written as midnight in the offset
/// before the jump; where midnight happens twice, the first.
pub fn day_start(d: NaiveDate, zone: &Zone) -> Result<DateTime<FixedOffset>, TimeInputError> {
    let midnight = d.and_time(NaiveTime::MIN);
    match place(midnight, zone) {
        Ok(t) => Ok(t),
        Err(TimeInputError::Ambiguous { earlier, .. }) => Ok(earlier),
        Err(e @ TimeInputError::NoSuchLocalTime { .. }) => {
            // The offset just before the jump, from an hour before midnight.
            let before = midnight - chrono::TimeDelta::hours(1);
            let offset = match place(before, zone) {
                Ok(t) => *t.offset(),
                Err(TimeInputError::Ambiguous { later, .. }) => *later.offset(),
                Err(_) => return Err(e),
            };
            offset.from_local_datetime(&midnight).single().ok_or(e)
        }
        Err(e) => Err(e),
    }
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

    /// Reads `s` as a writer would, with no incident to check against.
    fn when(s: &str, zone: &Zone) -> When {
        read_user_when(s, zone, inst(NOW), None, Accept::End).unwrap()
    }

    fn at(s: &str) -> When {
        When::At(inst(s))
    }

    #[test]
    fn exact_forms_read_in_the_zone() {
        assert_eq!(when("08:56", &hk()), at("2026-01-01T08:56:00+08:00"));
        assert_eq!(when("08:56:30", &hk()), at("2026-01-01T08:56:30+08:00"));
        assert_eq!(
            when("2022-12-18 06:47", &Zone::Utc),
            at("2022-12-18T06:47:00+00:00")
        );
        assert_eq!(
            when("2022-12-18T06:47:05", &hk()),
            at("2022-12-18T06:47:05+08:00")
        );
        // An offset typed is kept, whatever the zone.
        assert_eq!(
            when(" 2022-12-18T08:56:00-05:00 ", &hk()),
            at("2022-12-18T08:56:00-05:00")
        );
        assert_eq!(
            TimeInput::parse("09:05").unwrap().form,
            Form::At(Point::TimeOfDay(NaiveTime::from_hms_opt(9, 5, 0).unwrap()))
        );
    }

    #[test]
    fn a_date_alone_is_a_day_never_an_exact_midnight() {
        assert_eq!(
            when("2022-12-18", &hk()),
            When::Day(inst("2022-12-18T00:00:00+08:00"))
        );
        // In the zone written after it: the day as Tokyo knows it.
        assert_eq!(
            when("2022-12-18 Asia/Tokyo", &hk()),
            When::Day(inst("2022-12-18T00:00:00+09:00"))
        );
        // `~` adds nothing to a day.
        assert_eq!(
            when("~2022-12-18", &hk()),
            When::Day(inst("2022-12-18T00:00:00+08:00"))
        );
    }

    #[test]
    fn a_day_whose_midnight_the_clocks_skip_starts_when_they_jump() {
        // Santiago moved from -04:00 to -03:00 at midnight starting 2022-09-11.
        let santiago = Zone::Named(chrono_tz::America::Santiago);
        let day = when("2022-09-11", &santiago);
        assert_eq!(day, When::Day(inst("2022-09-11T00:00:00-04:00")));
        // Where midnight happens twice (back from -03:00 to -04:00 on 2022-04-03), the first.
        let day = when("2022-04-02", &santiago);
        assert_eq!(day, When::Day(inst("2022-04-02T00:00:00-03:00")));
    }

    #[test]
    fn approximate_forms() {
        let about = When::About(inst("2022-12-18T21:30:00+08:00"));
        assert_eq!(when("~2022-12-18 21:30", &hk()), about);
        assert_eq!(when("about 2022-12-18 21:30", &hk()), about);
        assert_eq!(when("Around  2022-12-18 21:30", &hk()), about);
        assert_eq!(
            when("~09:05", &hk()),
            When::About(inst("2026-01-01T09:05:00+08:00"))
        );
    }

    #[test]
    fn ranges_take_the_first_day_or_the_next() {
        let range = |a: &str, b: &str| When::Between(inst(a), inst(b));
        let r = range("2022-12-18T15:20:00+08:00", "2022-12-18T16:20:00+08:00");
        assert_eq!(when("2022-12-18 15:20..16:20", &hk()), r);
        assert_eq!(when("between 2022-12-18 15:20 and 16:20", &hk()), r);
        assert_eq!(when("2022-12-18 15:20–16:20", &hk()), r);
        assert_eq!(when("2022-12-18 15:20 .. 2022-12-18 16:20", &hk()), r);
        // The second end would be earlier on the same day: it is on the next.
        assert_eq!(
            when("2022-12-18 23:30..00:40", &hk()),
            range("2022-12-18T23:30:00+08:00", "2022-12-19T00:40:00+08:00")
        );
        // Bare times: today, both.
        assert_eq!(
            when("15:20..16:20", &hk()),
            range("2026-01-01T15:20:00+08:00", "2026-01-01T16:20:00+08:00")
        );
        // After an RFC 3339 start the second end is read in that offset.
        assert_eq!(
            when("2022-12-18T15:20:00-05:00..16:20", &hk()),
            range("2022-12-18T15:20:00-05:00", "2022-12-18T16:20:00-05:00")
        );
        // Dates: from the start of the first to the end of the second.
        assert_eq!(
            when("2022-12-18..2022-12-20", &hk()),
            range("2022-12-18T00:00:00+08:00", "2022-12-21T00:00:00+08:00")
        );
        // A zone after the range applies to both ends.
        assert_eq!(
            when("between 2022-12-18 15:20 and 16:20 UTC", &hk()),
            range("2022-12-18T15:20:00+00:00", "2022-12-18T16:20:00+00:00")
        );
    }

    #[test]
    fn a_range_that_ends_before_it_starts_is_refused() {
        let e = read_user_when(
            "2022-12-18 16:20..2022-12-18 15:20",
            &hk(),
            inst(NOW),
            None,
            Accept::Time,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the range `2022-12-18 16:20..2022-12-18 15:20` ends (2022-12-18 15:20) before it starts (2022-12-18 16:20)"
        );
    }

    #[test]
    fn bounds_in_every_spelling() {
        let nb = When::NotBefore(inst("2022-12-18T10:15:00+08:00"));
        for s in [
            ">=2022-12-18 10:15",
            ">= 2022-12-18 10:15",
            "≥ 2022-12-18 10:15",
            "after 2022-12-18 10:15",
            "Not before 2022-12-18 10:15",
            "no earlier than 2022-12-18 10:15",
            "at least 2022-12-18 10:15",
        ] {
            assert_eq!(when(s, &hk()), nb, "{s}");
        }
        let na = When::NotAfter(inst("2022-12-18T10:30:00+08:00"));
        for s in [
            "<=2022-12-18 10:30",
            "≤2022-12-18 10:30",
            "by 2022-12-18 10:30",
            "before 2022-12-18 10:30",
            "no later than 2022-12-18 10:30",
            "not after 2022-12-18 10:30",
            "at most 2022-12-18 10:30",
        ] {
            assert_eq!(when(s, &hk()), na, "{s}");
        }
        // A date as a bound covers the whole day: on or after its start, by its end.
        assert_eq!(
            when(">= 2022-12-20", &hk()),
            When::NotBefore(inst("2022-12-20T00:00:00+08:00"))
        );
        assert_eq!(
            when("by 2022-12-20", &hk()),
            When::NotAfter(inst("2022-12-21T00:00:00+08:00"))
        );
    }

    #[test]
    fn zones_and_offsets_after_any_form() {
        assert_eq!(when("09:05 UTC", &hk()), at("2026-01-01T09:05:00+00:00"));
        assert_eq!(
            when("2022-12-18 09:05 +05:30", &hk()),
            at("2022-12-18T09:05:00+05:30")
        );
        assert_eq!(
            when("after 2022-12-18 10:15 Europe/Berlin", &hk()),
            When::NotBefore(inst("2022-12-18T10:15:00+01:00"))
        );
        assert_eq!(
            when("~2022-12-18 10:15 asia/tokyo", &hk()),
            When::About(inst("2022-12-18T10:15:00+09:00"))
        );
        // Today is the date in the zone written, not in the command's.
        let la = Zone::Named(chrono_tz::America::Los_Angeles);
        assert_eq!(when("17:00", &la), at("2025-12-31T17:00:00-08:00"));
        assert_eq!(
            when("17:00 Asia/Tokyo", &la),
            at("2026-01-01T17:00:00+09:00")
        );
        let e =
            read_user_when("09:05 Asia/Tokio", &hk(), inst(NOW), None, Accept::Time).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown time zone `Asia/Tokio` in the time `09:05 Asia/Tokio`"
        );
        assert!(
            e.hints(None)[1].contains("Asia/Tokyo"),
            "{:?}",
            e.hints(None)
        );
    }

    #[test]
    fn unknown_and_open() {
        assert_eq!(when("unknown", &hk()), When::Unknown);
        assert_eq!(when("Ongoing", &hk()), When::Open);
        assert_eq!(when("open", &hk()), When::Open);
        let e = read_user_when("ongoing", &hk(), inst(NOW), None, Accept::Time).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`ongoing` is an open end, which only the end of a new impact window can be (`impact add --to`)"
        );
    }

    #[test]
    fn views_take_one_instant_and_a_day_by_the_edge_it_is_used_as() {
        let view = |s: &str, edge| read_view_time(s, &hk(), inst(NOW), None, edge);
        assert_eq!(
            view("2022-12-18", Edge::Since).unwrap(),
            inst("2022-12-18T00:00:00+08:00")
        );
        assert_eq!(
            view("2022-12-18", Edge::Until).unwrap(),
            inst("2022-12-18T23:59:59+08:00")
        );
        assert_eq!(
            view("2022-12-18", Edge::AsOf).unwrap(),
            inst("2022-12-19T00:00:00+08:00")
        );
        assert_eq!(
            view("~2022-12-18 12:00", Edge::Since).unwrap(),
            inst("2022-12-18T12:00:00+08:00")
        );
        let e = view("2022-12-18 15:20..16:20", Edge::Since).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`2022-12-18 15:20..16:20` is a range, which a view cannot filter or count from: give a time or a day"
        );
        assert!(view("after 2022-12-18 10:00", Edge::Until).is_err());
        assert!(view("unknown", Edge::AsOf).is_err());
    }

    #[test]
    fn unreadable_text_lists_the_forms() {
        let e = read_user_when("noonish", &hk(), inst(NOW), None, Accept::Time).unwrap_err();
        assert_eq!(
            e,
            TimeInputError::Unreadable {
                given: "noonish".into()
            }
        );
        assert_eq!(e.to_string(), "cannot read the time `noonish`");
        let hints = e.hints(Some("--at"));
        assert_eq!(hints.len(), FORMS.len() + 1);
        assert!(hints[0].starts_with("accepted forms"), "{hints:?}");
        assert_eq!(hints.last().unwrap(), "see docs/time-input.md");
        for bad in [
            "25:99",
            "",
            "about",
            "between 10:00",
            "after",
            "10:00..",
            "~unknown",
            "half past nine",
        ] {
            assert!(TimeInput::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn skipped_and_doubled_local_times_are_refused() {
        let la = Zone::Named(chrono_tz::America::Los_Angeles);
        let read = |s: &str| read_user_when(s, &la, inst(NOW), None, Accept::Time);
        let gap = read("2023-03-12 02:30").unwrap_err();
        assert_eq!(
            gap.to_string(),
            "2023-03-12 02:30:00 does not exist in America/Los_Angeles (the clocks skip it)"
        );
        let twice = read("2023-11-05 01:30").unwrap_err();
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
        // Inside a range and a bound too.
        assert!(read("between 2023-03-12 01:00 and 02:30").is_err());
        assert!(read("~2023-11-05 01:30").is_err());
    }

    #[test]
    fn a_bare_time_far_from_the_incident_is_refused_with_the_date_to_give() {
        let berlin = Zone::Named(chrono_tz::Europe::Berlin);
        let latest = Some(inst("2024-03-01T10:05:00+01:00"));
        let read = |s: &str| read_user_when(s, &berlin, inst(NOW), latest, Accept::Time);
        let e = read("09:05").unwrap_err();
        assert_eq!(
            e.to_string(),
            "`09:05` is read as today, 2026-01-01 09:05 in Europe/Berlin, more than 24 hours from the incident's latest recorded time (2024-03-01 10:05)"
        );
        assert_eq!(
            e.hints(Some("--at"))[0],
            "give the date: --at \"2024-03-01 09:05\""
        );
        // Every form with a bare time is checked; the suggestion keeps the form.
        for (typed, suggested) in [
            ("~09:05", "~2024-03-01 09:05"),
            ("about 09:05", "about 2024-03-01 09:05"),
            ("15:20..16:20", "2024-03-01 15:20..16:20"),
            (
                "between 15:20 and 16:20",
                "between 2024-03-01 15:20 and 16:20",
            ),
            (">=10:15", ">=2024-03-01 10:15"),
            ("after 10:15", "after 2024-03-01 10:15"),
            ("by 10:30", "by 2024-03-01 10:30"),
            ("09:05 UTC", "2024-03-01 09:05 UTC"),
        ] {
            match read(typed) {
                Err(TimeInputError::TooFarFromIncident { suggestion, .. }) => {
                    assert_eq!(suggestion, suggested, "{typed}");
                }
                other => panic!("{typed}: {other:?}"),
            }
            // The suggestion, typed, is accepted.
            assert!(read(suggested).is_ok(), "{suggested}");
        }
        // With the date it is read as given, however far it is.
        assert_eq!(
            read("2024-03-01 09:05").unwrap(),
            at("2024-03-01T09:05:00+01:00")
        );
    }

    #[test]
    fn a_bare_time_within_a_day_of_the_incident_is_today() {
        let now = inst("2026-01-01T12:00:00+00:00");
        let latest = Some(inst("2025-12-31T14:00:00+00:00"));
        let read = |s: &str, latest| read_user_when(s, &Zone::Utc, now, latest, Accept::Time);
        // 13:00 today is 23 h after the latest time: accepted.
        assert_eq!(
            read("13:00", latest).unwrap(),
            at("2026-01-01T13:00:00+00:00")
        );
        // 14:01 is 24 h 1 min after it: refused. 24 h exactly is still accepted.
        assert!(read("14:01", latest).is_err());
        assert!(read("14:00", latest).is_ok());
        // Times before the latest count the same way.
        let later = Some(inst("2026-01-02T21:00:00+00:00"));
        assert!(read("22:00", later).is_ok());
        assert!(read("20:59", later).is_err());
    }

    #[test]
    fn the_latest_recorded_time_looks_at_moments_events_and_windows() {
        use crate::model::change::{self, NewEvent, NewRecord, NewWindow};
        use crate::model::record::TargetKind;
        use crate::model::record::{EventKind, IncidentKind, Level, Severity};
        let mut inc = change::new_record(&NewRecord {
            title: "Payments DB failover".into(),
            severity: Severity::new("Sev2"),
            kind: IncidentKind::Real,
            started: at("2024-03-01T09:00:00+01:00"),
            timezone: "Europe/Berlin".into(),
            zone: Zone::Named(chrono_tz::Europe::Berlin),
            now: inst(NOW),
        })
        .unwrap();
        let latest = |inc: &Incident| latest_recorded(inc).map(Instant::rfc3339);
        assert_eq!(latest(&inc).as_deref(), Some("2024-03-01T09:00:00+01:00"));
        let event = |at: When| NewEvent {
            at,
            kind: EventKind::Note,
            text: "x".into(),
            actor: None,
            sources: vec![],
            important: false,
            precursor: false,
        };
        change::append_event(&mut inc, event(at("2024-03-01T09:30:00+01:00")));
        assert_eq!(latest(&inc).as_deref(), Some("2024-03-01T09:30:00+01:00"));
        // A window's end counts; compared as instants, whatever the offset.
        change::add_window(
            &mut inc,
            TargetKind::Customer,
            "Acme",
            NewWindow {
                from: at("2024-03-01T09:10:00+01:00"),
                to: at("2024-03-01T09:45:00Z"),
                level: Level::Degraded,
                scope: None,
            },
        )
        .unwrap();
        assert_eq!(latest(&inc).as_deref(), Some("2024-03-01T09:45:00+00:00"));
        // A range counts by its later end, a lower bound by its bound, a day by its last
        // second.
        change::append_event(
            &mut inc,
            event(When::Between(
                inst("2024-03-01T10:00:00+01:00"),
                inst("2024-03-01T11:00:00+01:00"),
            )),
        );
        assert_eq!(latest(&inc).as_deref(), Some("2024-03-01T11:00:00+01:00"));
        change::append_event(
            &mut inc,
            event(When::NotBefore(inst("2024-03-01T12:00:00+01:00"))),
        );
        assert_eq!(latest(&inc).as_deref(), Some("2024-03-01T12:00:00+01:00"));
        change::append_event(
            &mut inc,
            event(When::Day(inst("2024-03-01T00:00:00+01:00"))),
        );
        assert_eq!(latest(&inc).as_deref(), Some("2024-03-01T23:59:59+01:00"));
        inc.moments = Default::default();
        inc.events.clear();
        inc.customers.clear();
        assert_eq!(latest(&inc), None);
    }
}
