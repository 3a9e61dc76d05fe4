//! The changes the writing commands make to a record, as plain functions on an [`Incident`].
//!
//! Nothing here touches files: [`crate::files::write::update`] reads the record under a lock, runs
//! one of these functions on it, validates the result and writes it safely. Keeping the edits
//! pure lets them be tested without a disk.

use chrono::NaiveDate;
use thiserror::Error;

use crate::model::due::DueDate;
use crate::model::record::{
    ActionItem, ActionStatus, ActionType, Affected, Event, EventKind, Incident, IncidentKind,
    Level, Moment, MomentName, Moments, Priority, SCHEMA_VERSION, Severity, Source, Status,
    TargetKind, Window,
};
use crate::model::time::{Instant, When, Zone, ZoneError, when_rfc3339};
use crate::model::time_input::{Accept, TimeInputError, latest_recorded, read_user_when};

pub mod cite;
pub mod events;
pub mod fields;
pub mod sources;

/// The shipped Hong Kong record, for the unit tests of the changes.
#[cfg(test)]
pub(crate) fn shipped_record() -> Incident {
    let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .expect("the shipped record parses")
}

/// Longest slug taken from a title for a new id.
pub const SLUG_LEN: usize = 60;

/// Why an edit cannot be made. Nothing is written when an edit fails.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    /// A time typed for `option` (`--at`) that cannot be used.
    #[error("{option}: {source}")]
    Time {
        option: &'static str,
        source: TimeInputError,
    },
    /// The record's home zone names no zone, so local times cannot be read in it.
    #[error("the record's home zone is not usable ({source})")]
    HomeZone { source: ZoneError },
    #[error("no action item `{id}` in this incident")]
    NoAction { id: String, known: Vec<String> },
    #[error("no service or customer named `{name}` in this incident")]
    NoTarget { name: String, known: Vec<String> },
    #[error("`{name}` is both a service and a customer")]
    AmbiguousTarget { name: String },
    #[error("`{name}` has no open impact window to end (windows ending `Open`)")]
    NoOpenWindow { name: String },
    #[error("the incident is already resolved (at {at})")]
    AlreadyResolved { at: String },
    #[error("nothing to change")]
    NothingToChange,
    #[error("the id `{0}` made from the title is not a safe id")]
    UnsafeId(String),
    /// A time more than [`FUTURE_SLACK_MINUTES`] after now: almost always a wrong date or zone.
    #[error("{option}: {given} is in the future (now is {now})")]
    Future {
        option: &'static str,
        given: String,
        now: String,
    },
    /// A new window over one the target already has at the same level.
    #[error("`{name}` already has a {level} window {existing} that overlaps the new one")]
    Overlap {
        name: String,
        level: &'static str,
        existing: String,
        open: bool,
        id: String,
    },
    /// A due date before the day the item was opened.
    #[error("the due date {due} is before the day the item was opened, {opened}")]
    DueBeforeOpened { due: String, opened: String },
    /// `incident mark`: no event, action item, source, customer or count of that name.
    #[error("no event, action item, source, customer or count `{item}` in this incident")]
    NoItem { item: String, known: Vec<String> },
    /// `incident mark`: the name is an item of more than one kind.
    #[error("`{item}` names more than one item ({})", kinds.join(", "))]
    AmbiguousItem { item: String, kinds: Vec<String> },
    /// An id, name or number given for a fact (`model::fact_change`) that the record does
    /// not hold; `known` lists what it holds, `hint` says how to add one.
    #[error("no {what} `{given}` in this incident")]
    NotFound {
        what: &'static str,
        given: String,
        known: Vec<String>,
        hint: String,
    },
    /// A `--source` (or a source id given as a value) the record does not list.
    #[error("no source `{key}` in this incident")]
    UnknownSource {
        key: String,
        known: Vec<String>,
        id: String,
    },
    /// A field given the wrong number of values.
    #[error("{field} takes {wanted}; {got} given")]
    FieldValues {
        field: &'static str,
        wanted: &'static str,
        got: usize,
    },
    /// A value a field cannot hold.
    #[error("{field}: `{value}` is not a valid value ({why})")]
    BadValue {
        field: &'static str,
        value: String,
        why: String,
    },
    #[error("no event `{id}` in this incident")]
    NoEvent { id: String, known: Vec<String> },
    #[error("no cause `{id}` in this incident")]
    NoCause {
        id: String,
        known: Vec<String>,
        incident: String,
    },
    /// An event just like one the record has (same time, kind and text).
    #[error("the incident already has this event: {existing} at {at}, {kind}, \"{text}\"")]
    DuplicateEvent {
        existing: String,
        at: String,
        kind: &'static str,
        text: String,
    },
    /// An event something else refers to (a cause's evidence, …).
    #[error("event `{id}` is referred to by {}", by.join(", "))]
    EventReferred {
        id: String,
        by: Vec<String>,
        incident: String,
    },
    /// A source key that is not a safe id.
    #[error("`{0}` is not a usable source key: use letters, digits, `-`, `_` and `.`")]
    UnsafeKey(String),
    #[error("the incident already has a source `{key}`")]
    SourceExists { key: String, id: String },
    /// A source still cited: removing it would leave citations to nothing.
    #[error("source `{key}` is cited by {}", by.join(", "))]
    SourceCited {
        key: String,
        by: Vec<String>,
        id: String,
    },
    /// An option that does not apply to what is being changed.
    #[error("{option} does not apply to {field}: {why}")]
    NotApplicable {
        option: &'static str,
        field: &'static str,
        why: &'static str,
    },
    /// A change a command refuses for a reason of its own (closing an incident whose review
    /// does not pass), with what to do about it.
    #[error("{why}")]
    Refused { why: String, hints: Vec<String> },
}

/// How far after "now" a typed time may be, for clocks a little apart.
pub const FUTURE_SLACK_MINUTES: i64 = 5;

/// Whether writers accept times in the future (`--allow-future`: drills planned ahead,
/// tests). Off by default; set once by the command line.
static ALLOW_FUTURE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Lets writers accept times in the future, for this process.
pub fn allow_future(yes: bool) {
    ALLOW_FUTURE.store(yes, std::sync::atomic::Ordering::Relaxed);
}

/// Refuses a time surely later than `now` plus [`FUTURE_SLACK_MINUTES`], unless allowed.
fn not_future(option: &'static str, w: When, now: Instant) -> Result<When, EditError> {
    let limit = now.get() + chrono::Duration::minutes(FUTURE_SLACK_MINUTES);
    match w.bounds().0 {
        Some(earliest)
            if earliest.get() > limit
                && !ALLOW_FUTURE.load(std::sync::atomic::Ordering::Relaxed) =>
        {
            Err(EditError::Future {
                option,
                given: when_rfc3339(w),
                now: now.rfc3339(),
            })
        }
        _ => Ok(w),
    }
}

impl EditError {
    /// What to do about it, one hint a line.
    pub fn hints(&self) -> Vec<String> {
        match self {
            EditError::Time { option, source } => source.hints(Some(option)),
            EditError::HomeZone { .. } => vec!["give --tz to read times in a zone".to_string()],
            EditError::NoAction { known, .. } => vec![known_text("action items", known)],
            EditError::NoTarget { known, .. } => {
                vec![known_text("services and customers", known)]
            }
            EditError::AmbiguousTarget { .. } => {
                vec!["say which with --service or --customer".to_string()]
            }
            EditError::AlreadyResolved { .. } => {
                vec![
                    "if that time is wrong, change it with `incident moment set INCIDENT resolved --at TIME`"
                        .to_string(),
                ]
            }
            EditError::NothingToChange => vec![
                "give at least one of --text, --owner, --due, --status, --priority, --link, --addresses, --source, --note".to_string(),
            ],
            EditError::Future { .. } => vec![
                "check the date and the zone (--tz); for a drill planned ahead, pass --allow-future"
                    .to_string(),
            ],
            EditError::Overlap {
                open: true,
                id,
                name,
                ..
            } => vec![format!(
                "that window is still open: end it with `incident impact end {id} \"{name}\" --at TIME`, or give this one another --level"
            )],
            EditError::Overlap { id, .. } => vec![format!(
                "extend the existing window instead: change its start or end with `incident edit {id}`"
            )],
            EditError::DueBeforeOpened { .. } => vec![
                "give a later --due, or the day it was really opened with --opened".to_string(),
            ],
            EditError::NoItem { known, .. } => vec![known_text("items", known)],
            EditError::AmbiguousItem { kinds, .. } => vec![format!(
                "say which with a kind before it: {}",
                kinds
                    .iter()
                    .map(|k| format!("`{k}:NAME`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )],
            EditError::NotFound {
                what, known, hint, ..
            } => vec![known_text(&plural(what), known), hint.clone()],
            EditError::UnknownSource { known, id, key } => vec![
                known_text("sources", known),
                format!(
                    "add it first: `incident source add {id} {key} --title TITLE --url URL --kind KIND`"
                ),
            ],
            EditError::NoEvent { known, .. } => vec![known_text("events", known)],
            EditError::NoCause {
                known, incident, ..
            } => vec![
                known_text("causes", known),
                format!(
                    "add the cause first (`incident cause add {incident} …`), or give it an id with `incident edit {incident}`"
                ),
            ],
            EditError::DuplicateEvent { .. } => {
                vec!["if it really happened twice, log it again with --duplicate".to_string()]
            }
            EditError::EventReferred { incident, .. } => vec![format!(
                "remove those references first (`incident edit {incident}`), or change the event instead with `incident event set {incident} EVENT --text … --at …`"
            )],
            EditError::UnsafeKey(_) => vec!["a key like `statement` or `scmp-3203983`".to_string()],
            EditError::SourceExists { key, id } => vec![format!(
                "change it with `incident source set {id} {key} --title TITLE` (or --url, --kind, --publisher, --date, --note)"
            )],
            EditError::SourceCited { key, id, .. } => vec![
                format!(
                    "remove those citations first (`incident edit {id}`), then run `incident source rm {id} {key}` again"
                ),
                format!(
                    "or keep it as further reading: `incident source set {id} {key} --further-reading`"
                ),
            ],
            EditError::FieldValues { field, .. } => {
                vec![format!("see `incident set --help` for what {field} takes")]
            }
            EditError::BadValue { .. } | EditError::NotApplicable { .. } => {
                vec!["see `incident set --help` for each field and its options".to_string()]
            }
            EditError::Refused { hints, .. } => hints.clone(),
            EditError::NoOpenWindow { .. } | EditError::UnsafeId(_) => Vec::new(),
        }
    }
}

/// `cause` → `causes`; `moment or event` → `moments and events`.
fn plural(what: &str) -> String {
    match what.split_once(" or ") {
        Some((a, b)) => format!("{a}s and {b}s"),
        None => format!("{what}s"),
    }
}

fn known_text(what: &str, known: &[String]) -> String {
    if known.is_empty() {
        format!("the incident has no {what} yet")
    } else {
        // Ids and names come from the record: shown, never obeyed.
        crate::model::text::visible(&format!("the incident's {what}: {}", known.join(", ")))
    }
}

/// What `incident new` needs to make a record.
#[derive(Clone, Debug)]
pub struct NewRecord {
    pub title: String,
    pub severity: Severity,
    pub kind: IncidentKind,
    /// When impact began, in any form: exact, approximate, a day, a range, a bound, unknown.
    pub started: When,
    /// The home zone: an IANA name.
    pub timezone: String,
    /// The home zone, for the date in the id.
    pub zone: Zone,
    /// The time of the run: the date in the id of a record whose start is unknown.
    pub now: Instant,
}

/// The id of a new record: the start date in the home zone and a slug of the title,
/// `2024-03-01-payments-db-failover`. The date of a day is the day as given; of a range or a
/// lower bound, its earliest instant; of an upper bound, the last second before it (so "by
/// 2024-03-02", which ends at the midnight starting the 3rd, is dated the 2nd); of an unknown
/// start, today (`now`) in the home zone.
pub fn record_id(
    started: When,
    zone: &Zone,
    title: &str,
    now: Instant,
) -> Result<String, EditError> {
    let date = match started {
        When::Day(t) => t.get().date_naive(),
        other => {
            let (earliest, latest) = other.bounds();
            let before_latest = latest.map(|t| Instant(t.get() - chrono::TimeDelta::seconds(1)));
            let t = earliest.or(before_latest).unwrap_or(now);
            zone.convert(t.get()).date_naive()
        }
    };
    let id = format!("{date}-{}", crate::model::text::slug(title, SLUG_LEN));
    if crate::model::text::is_safe_id(&id) {
        Ok(id)
    } else {
        Err(EditError::UnsafeId(crate::model::text::visible(&id)))
    }
}

/// Refuses source ids the record does not list, naming the first unknown one.
/// Adds each of `more` to `list` that is not in it yet, in order.
pub fn add_missing(list: &mut Vec<String>, more: &[String]) {
    for s in more {
        if !list.contains(s) {
            list.push(s.clone());
        }
    }
}

/// The item whose id is `id`: exactly, else ignoring case (`E3` is `e3`, `a1` is `A1`).
pub fn position_by_id<T>(items: &[T], id: &str, id_of: impl Fn(&T) -> &str) -> Option<usize> {
    items
        .iter()
        .position(|t| id_of(t) == id)
        .or_else(|| items.iter().position(|t| id_of(t).eq_ignore_ascii_case(id)))
}

pub fn known_sources(inc: &Incident, keys: &[String]) -> Result<(), EditError> {
    match keys.iter().find(|k| inc.source(k).is_none()) {
        None => Ok(()),
        Some(k) => Err(EditError::UnknownSource {
            key: crate::model::text::visible(k),
            known: inc.sources.iter().map(|s| s.id.clone()).collect(),
            id: inc.id.clone(),
        }),
    }
}

/// A new record: status Investigating, the start moment set, everything else empty.
pub fn new_record(n: &NewRecord) -> Result<Incident, EditError> {
    Ok(Incident {
        schema: SCHEMA_VERSION,
        id: record_id(n.started, &n.zone, &n.title, n.now)?,
        title: n.title.clone(),
        summary: String::new(),
        summary_sources: Vec::new(),
        kind: n.kind,
        severity: n.severity.clone(),
        provider_severity: None,
        severity_rationale: None,
        status: Status::Investigating,
        authors: Vec::new(),
        organisation: None,
        region: None,
        zones: Vec::new(),
        site: None,
        regions: Vec::new(),
        timezone: n.timezone.clone(),
        moments: crate::model::record::Moments {
            started: Some(moment(n.started)),
            ..Default::default()
        },
        services: Vec::new(),
        customers: Vec::new(),
        no_impact: false,
        counts: Vec::new(),
        data_loss: Vec::new(),
        stated: Vec::new(),
        events: Vec::new(),
        roles: Vec::new(),
        causes: Default::default(),
        lessons: Default::default(),
        actions: Vec::new(),
        references: Vec::new(),
        sources: Vec::new(),
        tags: Vec::new(),
        fields: Default::default(),
    })
}

/// A moment at `at` with no sources or note.
pub fn moment(at: When) -> Moment {
    Moment {
        at,
        sources: Vec::new(),
        note: None,
        observed_by: None,
        claims: Vec::new(),
    }
}

/// Names the viewer's zone from what the system says: the `TZ` variable (`Europe/Berlin`,
/// `:Europe/Berlin`, `UTC`), the contents of `/etc/timezone`, or the target of the
/// `/etc/localtime` link (`/usr/share/zoneinfo/Europe/Berlin`). `None` when none names a zone.
/// Returns the zone and which hint named it.
pub fn zone_from_hints(
    tz_env: Option<&str>,
    etc_timezone: Option<&str>,
    localtime_link: Option<&str>,
) -> Option<(chrono_tz::Tz, &'static str)> {
    let parse = |s: &str| crate::model::time::parse_iana(s.trim().trim_start_matches(':')).ok();
    if let Some(tz) = tz_env.filter(|s| !s.trim().is_empty()) {
        // A TZ that is set but names no zone (`CET-1CEST`) wins over the files, so the
        // answer is "cannot name it" rather than a zone the viewer did not choose.
        return parse(tz).map(|z| (z, "TZ"));
    }
    if let Some(z) = etc_timezone.and_then(parse) {
        return Some((z, "/etc/timezone"));
    }
    let link = localtime_link?;
    let (_, name) = link.split_once("zoneinfo/")?;
    parse(name).map(|z| (z, "/etc/localtime"))
}

/// The zone times are read in for this record: `tz` when given, else the home zone.
pub fn zone_of(inc: &Incident, tz: Option<&Zone>) -> Result<Zone, EditError> {
    if let Some(z) = tz {
        return Ok(*z);
    }
    crate::model::time::parse_iana(&inc.timezone)
        .map(Zone::Named)
        .map_err(|source| EditError::HomeZone { source })
}

/// The `--at` a writer was given (default now), read in `tz` or else the record's home zone,
/// against what the record already holds: the one way `log`, `impact end` and `resolve` read it.
pub fn at_of(
    inc: &Incident,
    tz: Option<&Zone>,
    text: Option<&str>,
    now: Instant,
) -> Result<When, EditError> {
    let zone = zone_of(inc, tz)?;
    user_when("--at", text, &zone, now, Some(inc), Accept::Time)
}

/// Reads the time typed for `option` in any of the forms of [`crate::model::time_input`]
/// (a bare `HH:MM` is today, and refused when more than a day from everything `inc` holds),
/// or exactly `now` when none is given. `inc` is the record the time goes into, if there is
/// one yet; `accept` says whether an open end may be given. Instants carry the offset of
/// `zone` (or the offset typed), so the record keeps local times readable.
pub fn user_when(
    option: &'static str,
    text: Option<&str>,
    zone: &Zone,
    now: Instant,
    inc: Option<&Incident>,
    accept: Accept,
) -> Result<When, EditError> {
    let w = match text {
        None => When::At(Instant(zone.convert(now.get()))),
        Some(s) => read_user_when(s, zone, now, inc.and_then(latest_recorded), accept)
            .map_err(|source| EditError::Time { option, source })?,
    };
    not_future(option, w, now)
}

/// Today's date in `zone`.
pub fn today(zone: &Zone, now: Instant) -> NaiveDate {
    zone.convert(now.get()).date_naive()
}

/// The next free id of the form `{prefix}{n}`: one more than the highest in use. Counted on
/// the decimal digits themselves, so no number is too large: after `e18446744073709551615`
/// comes `e18446744073709551616`, never a wrapped-round `e0` that is already taken. (`check`
/// refuses such ids anyway, E125; this keeps writers working on a record that has one.)
fn next_id<'a>(prefix: &str, ids: impl Iterator<Item = &'a str>) -> String {
    let highest = ids
        .filter_map(|id| id.strip_prefix(prefix))
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .map(|n| n.trim_start_matches('0'))
        // Without leading zeros, a longer number is larger; equal lengths compare as text.
        .max_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)))
        .unwrap_or("");
    format!("{prefix}{}", decimal_successor(highest))
}

/// `n + 1` for a number written in decimal digits without leading zeros (`""` is 0).
fn decimal_successor(n: &str) -> String {
    let mut digits: Vec<u8> = n.bytes().collect();
    for d in digits.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return String::from_utf8_lossy(&digits).into_owned();
        }
    }
    // All nines (or nothing): one more digit.
    digits.insert(0, b'1');
    String::from_utf8_lossy(&digits).into_owned()
}

/// The next event id: `e1`, `e2`, … one more than the highest `eN` in use.
pub fn next_event_id(inc: &Incident) -> String {
    next_id("e", inc.events.iter().map(|e| e.id.as_str()))
}

/// The next action id: `A1`, `A2`, …
pub fn next_action_id(inc: &Incident) -> String {
    next_id("A", inc.actions.iter().map(|a| a.id.as_str()))
}

/// A timeline event to log; the id is chosen by [`append_event`].
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    pub at: When,
    pub kind: EventKind,
    pub text: String,
    pub actor: Option<String>,
    pub sources: Vec<String>,
    pub important: bool,
    pub precursor: bool,
}

/// Appends an event at the end of the timeline and returns its id.
pub fn append_event(inc: &mut Incident, e: NewEvent) -> String {
    let id = next_event_id(inc);
    inc.events.push(Event {
        internal: false,
        id: id.clone(),
        at: e.at,
        kind: e.kind,
        other_kinds: Vec::new(),
        text: e.text,
        actor: e.actor,
        observed_by: None,
        update: None,
        planned: None,
        sources: e.sources,
        important: e.important,
        precursor: e.precursor,
        claims: Vec::new(),
        origin: None,
        note: None,
    });
    id
}

/// An event an importer brings in. `origin` says where it came from (see
/// [`crate::model::record::Event::origin`]); an event whose origin the record already holds is
/// not added again.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedEvent {
    pub at: When,
    pub kind: EventKind,
    pub text: String,
    pub actor: Option<String>,
    pub important: bool,
    pub origin: String,
    /// The public update it was (a status-page entry), if it was one.
    pub update: Option<crate::model::event_facts::PublicUpdate>,
}

/// Everything one import brings into a record: the input as a source, the events, and for
/// status pages services, moments and tags. Applied by [`apply_import`].
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// The input, cited by every imported event, service and window.
    pub source: Source,
    pub events: Vec<ImportedEvent>,
    /// Services with their windows; a service the record already names gets only the
    /// windows it does not already have.
    pub services: Vec<Affected>,
    /// Moments to set where the record has none yet (a recorded moment is never replaced).
    pub moments: Moments,
    /// Tags to add where missing.
    pub tags: Vec<String>,
    /// The provider's own severity label, set where the record has none.
    pub provider_severity: Option<crate::model::facts::ProviderSeverity>,
    /// References (the status-page entry), added where the record does not hold them.
    pub references: Vec<crate::model::facts::Reference>,
}

/// What [`apply_import`] changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Ids of the events added, in order.
    pub added: Vec<String>,
    /// Events left out because the record already holds their origin.
    pub already: usize,
    /// Events marked `precursor` because they come before the record's start.
    pub precursors: usize,
    pub source_added: bool,
    pub services_added: Vec<String>,
    pub windows_added: usize,
    pub moments_set: Vec<MomentName>,
    pub tags_added: Vec<String>,
    /// The provider's severity label was recorded.
    pub provider_severity_set: bool,
    pub references_added: usize,
}

impl ImportOutcome {
    /// True when the import changed nothing.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && !self.source_added
            && self.services_added.is_empty()
            && self.windows_added == 0
            && self.moments_set.is_empty()
            && self.tags_added.is_empty()
            && !self.provider_severity_set
            && self.references_added == 0
    }
}

/// Applies an import to a record: adds the source if its id is new; appends each event whose
/// origin the record does not hold (ids `eN` after the highest, cited to the source, marked
/// `precursor` when known to be before the record's start); adds new services and the
/// windows existing ones lack; sets missing moments; adds missing tags. Linear in the size
/// of the record and the import, so 100,000 messages import in one pass.
pub fn apply_import(inc: &mut Incident, import: Import) -> ImportOutcome {
    let mut out = ImportOutcome::default();
    let source_id = import.source.id.clone();
    if inc.source(&source_id).is_none() {
        inc.sources.push(import.source);
        out.source_added = true;
    }
    for name in MomentName::ALL {
        if let Some(m) = import.moments.get(name)
            && inc.moments.get(name).is_none()
        {
            *inc.moments.slot(name) = Some(m.clone());
            out.moments_set.push(name);
        }
    }
    let start = inc
        .moments
        .get(MomentName::Started)
        .and_then(|m| m.at.instant_or_bound());
    let mut known: std::collections::HashSet<String> =
        inc.events.iter().filter_map(|e| e.origin.clone()).collect();
    let mut next = inc
        .events
        .iter()
        .filter_map(|e| e.id.strip_prefix('e')?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    inc.events.reserve(import.events.len());
    for e in import.events {
        if !known.insert(e.origin.clone()) {
            out.already += 1;
            continue;
        }
        next += 1;
        let id = format!("e{next}");
        let latest = e.at.bounds().1.or(e.at.instant());
        let precursor = start.zip(latest).is_some_and(|(s, l)| l < s);
        out.precursors += usize::from(precursor);
        inc.events.push(Event {
            internal: false,
            id: id.clone(),
            at: e.at,
            kind: e.kind,
            text: e.text,
            actor: e.actor,
            sources: vec![source_id.clone()],
            important: e.important,
            precursor,
            origin: Some(e.origin),
            note: None,
            other_kinds: Vec::new(),
            observed_by: None,
            update: e.update,
            planned: None,
            claims: Vec::new(),
        });
        out.added.push(id);
    }
    for service in import.services {
        let found = inc
            .services
            .iter_mut()
            .find(|t| t.name.to_lowercase() == service.name.to_lowercase());
        match found {
            Some(t) => {
                for w in service.windows {
                    if !t.windows.contains(&w) {
                        t.windows.push(w);
                        out.windows_added += 1;
                    }
                }
            }
            None => {
                out.windows_added += service.windows.len();
                out.services_added.push(service.name.clone());
                inc.services.push(service);
            }
        }
    }
    for r in import.references {
        if !inc.references.contains(&r) {
            inc.references.push(r);
            out.references_added += 1;
        }
    }
    if inc.provider_severity.is_none() && import.provider_severity.is_some() {
        inc.provider_severity = import.provider_severity;
        out.provider_severity_set = true;
    }
    for tag in import.tags {
        if !inc.tags.contains(&tag) {
            inc.tags.push(tag.clone());
            out.tags_added.push(tag);
        }
    }
    out
}

/// Keeps the key moment an event of this kind marks — `detected` for detection events,
/// `mitigated` for mitigation events — at the earliest such event: sets it when the record
/// does not have it, and moves it earlier when this event is known to come before it (its
/// note and sources stay). Returns the moment and the time it had before (`None` when it was
/// not set), so the command can say what it did; `None` when nothing changed.
pub fn note_key_moment(
    inc: &mut Incident,
    kind: crate::model::record::EventKind,
    at: When,
) -> Option<(crate::model::record::MomentName, Option<When>)> {
    use crate::model::record::{EventKind, MomentName};
    let name = match kind {
        EventKind::Detection => MomentName::Detected,
        EventKind::Mitigation => MomentName::Mitigated,
        _ => return None,
    };
    let slot = inc.moments.slot(name);
    match slot {
        None => {
            *slot = Some(moment(at));
            Some((name, None))
        }
        Some(m) if m.at.known_after(at) => {
            let before = m.at;
            m.at = at;
            Some((name, Some(before)))
        }
        Some(_) => None,
    }
}

/// An impact window to add.
#[derive(Clone, Debug, PartialEq)]
pub struct NewWindow {
    pub from: When,
    /// `When::Open` while it is still going.
    pub to: When,
    pub level: Level,
    pub scope: Option<String>,
}

/// What [`add_window`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowAdded {
    /// The target's name as stored (an existing target matched case-insensitively keeps its
    /// own spelling).
    pub name: String,
    /// True when the target was new.
    pub created: bool,
    /// 1-based number of the window within the target.
    pub number: usize,
}

/// Adds an impact window to a service or customer, adding the target if it is new. A name
/// that matches an existing target except for case is taken to mean that target.
pub fn add_window(
    inc: &mut Incident,
    kind: TargetKind,
    name: &str,
    w: NewWindow,
) -> Result<WindowAdded, EditError> {
    let id = inc.id.clone();
    let window = Window {
        from: w.from,
        to: w.to,
        level: w.level,
        scope: w.scope,
        share: None,
        sources: Vec::new(),
        note: None,
        from_claims: Vec::new(),
        to_claims: Vec::new(),
    };
    let targets = kind.of_mut(inc);
    let found = targets.iter().position(|t| t.name == name).or_else(|| {
        targets
            .iter()
            .position(|t| t.name.to_lowercase() == name.to_lowercase())
    });
    match found.and_then(|i| targets.get_mut(i)) {
        Some(t) => {
            if let Some(old) = t
                .windows
                .iter()
                .find(|o| o.level == window.level && surely_overlap(o, &window))
            {
                return Err(EditError::Overlap {
                    name: t.name.clone(),
                    level: old.level.label(),
                    existing: format!("{}–{}", when_rfc3339(old.from), when_rfc3339(old.to)),
                    open: old.to == When::Open,
                    id,
                });
            }
            t.windows.push(window);
            Ok(WindowAdded {
                name: t.name.clone(),
                created: false,
                number: t.windows.len(),
            })
        }
        None => {
            targets.push(Affected {
                internal: false,
                name: name.to_string(),
                names: Default::default(),
                windows: vec![window],
                sources: Vec::new(),
                note: None,
                outcome: None,
                counts: Vec::new(),
            });
            Ok(WindowAdded {
                name: name.to_string(),
                created: true,
                number: 1,
            })
        }
    }
}

/// True when two windows surely share some time: each starts (at the latest) before the other
/// ends (at the earliest); an open window has not ended. Windows that only touch, or whose
/// times are too uncertain to tell, do not.
fn surely_overlap(a: &Window, b: &Window) -> bool {
    let ends_after =
        |w: &Window, t: Instant| w.to == When::Open || w.to.bounds().0.is_some_and(|end| end > t);
    match (a.from.bounds().1, b.from.bounds().1) {
        (Some(a_start), Some(b_start)) => ends_after(a, b_start) && ends_after(b, a_start),
        _ => false,
    }
}

/// What [`end_window`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowEnded {
    pub kind: TargetKind,
    pub name: String,
    /// How many open windows were closed (usually one).
    pub closed: usize,
}

/// Closes every open window of the service or customer `name` at `at` (any time but `Open`).
/// `kind` says where to look; `None` looks in both and refuses a name that is in both.
pub fn end_window(
    inc: &mut Incident,
    kind: Option<TargetKind>,
    name: &str,
    at: When,
) -> Result<WindowEnded, EditError> {
    let find = |inc: &Incident, k: TargetKind| {
        let targets = k.of(inc);
        targets.iter().position(|t| t.name == name).or_else(|| {
            targets
                .iter()
                .position(|t| t.name.to_lowercase() == name.to_lowercase())
        })
    };
    let kinds = match kind {
        Some(k) => vec![k],
        None => TargetKind::ALL.to_vec(),
    };
    let hits: Vec<(TargetKind, usize)> = kinds
        .iter()
        .filter_map(|k| find(inc, *k).map(|i| (*k, i)))
        .collect();
    let (k, i) = match hits.as_slice() {
        [one] => *one,
        [] => {
            let known = inc.targets().map(|(_, t)| t.name.clone()).collect();
            return Err(EditError::NoTarget {
                name: crate::model::text::visible(name),
                known,
            });
        }
        _ => {
            return Err(EditError::AmbiguousTarget {
                name: crate::model::text::visible(name),
            });
        }
    };
    let Some(target) = k.of_mut(inc).get_mut(i) else {
        return Err(EditError::NoTarget {
            name: crate::model::text::visible(name),
            known: Vec::new(),
        });
    };
    let mut closed = 0;
    for w in target.windows.iter_mut().filter(|w| w.to == When::Open) {
        w.to = at;
        closed += 1;
    }
    if closed == 0 {
        return Err(EditError::NoOpenWindow {
            name: crate::model::text::visible(&target.name),
        });
    }
    Ok(WindowEnded {
        kind: k,
        name: target.name.clone(),
        closed,
    })
}

/// An action item to add.
#[derive(Clone, Debug, PartialEq)]
pub struct NewAction {
    pub text: String,
    pub kind: ActionType,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub priority: Option<Priority>,
    /// The day it is opened (today in the home zone, unless given).
    pub opened: NaiveDate,
    /// Where the work is tracked.
    pub link: Option<String>,
}

/// Adds an open action item and returns its id. A due date before the opening day is refused.
pub fn add_action(inc: &mut Incident, a: NewAction) -> Result<String, EditError> {
    if let Some(due) = a.due
        && due < a.opened
    {
        return Err(EditError::DueBeforeOpened {
            due: due.to_string(),
            opened: a.opened.to_string(),
        });
    }
    let id = next_action_id(inc);
    inc.actions.push(ActionItem {
        internal: false,
        id: id.clone(),
        text: a.text,
        kind: a.kind,
        priority: a.priority,
        owner: a.owner,
        opened: Some(a.opened),
        due: a.due.map(DueDate::Day),
        status: ActionStatus::Open,
        completed: None,
        link: a.link,
        sources: Vec::new(),
        note: None,
        addresses: Vec::new(),
    });
    Ok(id)
}

/// Changes to an action item; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActionChange {
    pub text: Option<String>,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: Option<ActionStatus>,
    pub priority: Option<Priority>,
}

impl ActionChange {
    fn is_empty(&self) -> bool {
        *self == ActionChange::default()
    }
}

/// Changes an action item. The id matches exactly, or ignoring case (`a1` is `A1`).
pub fn set_action(inc: &mut Incident, id: &str, c: ActionChange) -> Result<String, EditError> {
    if c.is_empty() {
        return Err(EditError::NothingToChange);
    }
    let i = cite::action_index(inc, id)?;
    let a = &mut inc.actions[i];
    if let Some(t) = c.text {
        a.text = t;
    }
    if let Some(o) = c.owner {
        a.owner = Some(o);
    }
    if let Some(d) = c.due {
        a.due = Some(DueDate::Day(d));
    }
    if let Some(s) = c.status {
        a.status = s;
    }
    if let Some(p) = c.priority {
        a.priority = Some(p);
    }
    Ok(a.id.clone())
}

/// Marks an action item done.
pub fn action_done(inc: &mut Incident, id: &str) -> Result<String, EditError> {
    set_action(
        inc,
        id,
        ActionChange {
            status: Some(ActionStatus::Done),
            ..Default::default()
        },
    )
}

/// Sets the status. When it changes, logs it on the timeline as a note — "status:
/// investigating → mitigated" — at `at`, by `by`; returns that event's id (`None` when the
/// status was already `status`).
pub fn set_status(
    inc: &mut Incident,
    status: Status,
    at: When,
    by: Option<String>,
) -> Option<String> {
    let before = inc.status;
    if before == status {
        return None;
    }
    inc.status = status;
    Some(append_event(
        inc,
        NewEvent {
            at,
            kind: EventKind::Note,
            text: status_change_text(before, status),
            actor: by,
            sources: Vec::new(),
            important: false,
            precursor: false,
        },
    ))
}

/// States that no service or customer was hit (`none`), or takes the statement back.
/// Refused while the record holds outage or degraded windows: the two would contradict.
/// Returns whether the record changed.
pub fn state_no_impact(inc: &mut Incident, none: bool) -> Result<bool, EditError> {
    if none {
        let hit: Vec<String> = inc
            .targets()
            .filter(|(_, a)| a.windows.iter().any(|w| w.level.counts_as_impact()))
            .map(|(_, a)| a.name.clone())
            .collect();
        if !hit.is_empty() {
            return Err(EditError::Refused {
                why: crate::model::text::visible(&format!(
                    "the record holds outage or degraded windows ({}), so it cannot state that nothing was hit",
                    hit.join(", ")
                )),
                hints: vec![format!(
                    "if those windows are wrong, correct them with `incident edit {}`",
                    inc.id
                )],
            });
        }
    }
    let changed = inc.no_impact != none;
    inc.no_impact = none;
    Ok(changed)
}

/// The text of a status change on the timeline: `status: investigating → mitigated`.
pub fn status_change_text(from: Status, to: Status) -> String {
    format!("status: {} → {}", from.label(), to.label())
}

/// What [`set_moment`] replaced.
#[derive(Clone, Debug, PartialEq)]
pub struct MomentSet {
    /// The time the moment had before, if it was set.
    pub before: Option<When>,
}

/// Sets a key moment to `at` (any time but `Open`, `Unknown` included: read it with
/// [`Accept::Time`]), keeping its sources and note unless new ones are given (`sources` adds
/// to them).
pub fn set_moment(
    inc: &mut Incident,
    name: crate::model::record::MomentName,
    at: When,
    note: Option<String>,
    sources: Vec<String>,
) -> MomentSet {
    let slot = inc.moments.slot(name);
    let before = slot.as_ref().map(|m| m.at);
    let m = slot.get_or_insert_with(|| moment(at));
    m.at = at;
    if note.is_some() {
        m.note = note;
    }
    for s in sources {
        if !m.sources.contains(&s) {
            m.sources.push(s);
        }
    }
    MomentSet { before }
}

/// Removes a key moment (it has not happened, or was recorded by mistake). Returns the time
/// it had; `None` when it was not set.
pub fn unset_moment(inc: &mut Incident, name: crate::model::record::MomentName) -> Option<When> {
    inc.moments.slot(name).take().map(|m| m.at)
}

/// Resolves the incident at `at` (any time but `Open`): sets `moments.resolved`, the status
/// Resolved, and logs a Resolution event with `text` at the same time. Returns the event id.
pub fn resolve(
    inc: &mut Incident,
    at: When,
    text: &str,
    by: Option<String>,
) -> Result<String, EditError> {
    if let Some(m) = &inc.moments.resolved {
        return Err(EditError::AlreadyResolved {
            at: when_rfc3339(m.at),
        });
    }
    inc.moments.resolved = Some(moment(at));
    set_status(inc, Status::Resolved, at, by.clone());
    let id = append_event(
        inc,
        NewEvent {
            at,
            kind: EventKind::Resolution,
            text: text.to_string(),
            actor: by,
            sources: Vec::new(),
            important: true,
            precursor: false,
        },
    );
    Ok(id)
}

/// Names of targets with a window still open (not at-risk), for a reminder after resolving.
pub fn open_windows(inc: &Incident) -> Vec<String> {
    inc.targets()
        .map(|(_, t)| t)
        .filter(|t| {
            t.windows
                .iter()
                .any(|w| w.to == When::Open && w.level != Level::AtRisk)
        })
        .map(|t| t.name.clone())
        .collect()
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

    fn record() -> Incident {
        new_record(&NewRecord {
            title: "Payments DB failover".into(),
            severity: Severity::new("Sev2"),
            kind: IncidentKind::Real,
            started: When::At(inst("2024-03-01T09:00:00+08:00")),
            timezone: "Asia/Hong_Kong".into(),
            zone: hk(),
            now: inst("2024-03-01T01:30:00+00:00"),
        })
        .unwrap()
    }

    #[test]
    fn ids_come_from_the_local_start_date_and_title() {
        let inc = record();
        assert_eq!(inc.id, "2024-03-01-payments-db-failover");
        assert_eq!(inc.status, Status::Investigating);
        let now = inst("2026-01-01T00:00:00+00:00");
        let id = |at: When, title: &str| record_id(at, &hk(), title, now).unwrap();
        // 23:30 UTC on 29 Feb is already 1 March in Hong Kong.
        let late = inst("2024-02-29T23:30:00+00:00");
        assert_eq!(
            id(When::At(late), "../../etc/passwd"),
            "2024-03-01-etc-passwd"
        );
        assert_eq!(
            id(When::At(inst("2024-03-01T09:00:00+08:00")), "事故"),
            "2024-03-01-u4e8b-u6545"
        );
        // A day is the day as given, even in another zone; a range is dated by its start,
        // a bound by the bound, an unknown start by today in the home zone.
        let tokyo_day = When::Day(inst("2024-03-05T00:00:00+09:00"));
        assert_eq!(id(tokyo_day, "x"), "2024-03-05-x");
        let range = When::Between(late, inst("2024-03-01T02:00:00+00:00"));
        assert_eq!(id(range, "x"), "2024-03-01-x");
        assert_eq!(id(When::NotAfter(late), "x"), "2024-03-01-x");
        assert_eq!(id(When::Unknown, "x"), "2026-01-01-x");
    }

    #[test]
    fn event_ids_follow_the_highest() {
        let mut inc = record();
        let ev = |t: &str| NewEvent {
            at: When::At(inst(t)),
            kind: EventKind::Note,
            text: "x".into(),
            actor: None,
            sources: vec![],
            important: false,
            precursor: false,
        };
        assert_eq!(
            append_event(&mut inc, ev("2024-03-01T09:05:00+08:00")),
            "e1"
        );
        inc.events[0].id = "e7".into();
        assert_eq!(
            append_event(&mut inc, ev("2024-03-01T09:06:00+08:00")),
            "e8"
        );
    }

    #[test]
    fn next_ids_never_wrap() {
        let next = |ids: &[&str]| next_id("e", ids.iter().copied());
        assert_eq!(next(&[]), "e1");
        assert_eq!(next(&["e9", "e10", "e2"]), "e11");
        assert_eq!(next(&["e099", "e7"]), "e100");
        assert_eq!(next(&["e18446744073709551615"]), "e18446744073709551616");
        assert_eq!(
            next(&["e340282366920938463463374607431768211455", "e3"]),
            "e340282366920938463463374607431768211456"
        );
        assert_eq!(
            next(&["e999999999999999999999999"]),
            "e1000000000000000000000000"
        );
        // Ids that are not `e` and digits are not counted.
        assert_eq!(next(&["e", "e1x", "detect-7", "e+5", "e-3", "E4"]), "e1");
        assert_eq!(next_id("A", ["A0000", "A"].into_iter()), "A1");
    }

    #[test]
    fn windows_add_targets_and_end() {
        let mut inc = record();
        let w = NewWindow {
            from: When::At(inst("2024-03-01T09:00:00+08:00")),
            to: When::Open,
            level: Level::Outage,
            scope: None,
        };
        let a = add_window(&mut inc, TargetKind::Service, "DB", w.clone()).unwrap();
        assert!(a.created);
        // Another outage window over it is refused; a degraded one is not.
        assert!(matches!(
            add_window(&mut inc, TargetKind::Service, "db", w.clone()),
            Err(EditError::Overlap { open: true, .. })
        ));
        let degraded = NewWindow {
            level: Level::Degraded,
            ..w
        };
        let b = add_window(&mut inc, TargetKind::Service, "db", degraded).unwrap();
        assert_eq!((b.created, b.number, b.name.as_str()), (false, 2, "DB"));
        let by_ten = When::NotAfter(inst("2024-03-01T10:00:00+08:00"));
        let e = end_window(&mut inc, None, "db", by_ten).unwrap();
        assert_eq!(e.closed, 2);
        assert!(inc.services[0].windows.iter().all(|w| w.to == by_ten));
        assert!(matches!(
            end_window(&mut inc, None, "DB", by_ten),
            Err(EditError::NoOpenWindow { .. })
        ));
        assert!(matches!(
            end_window(&mut inc, None, "web", by_ten),
            Err(EditError::NoTarget { .. })
        ));
    }

    #[test]
    fn actions_and_resolution() {
        let mut inc = record();
        let day = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        let id = add_action(
            &mut inc,
            NewAction {
                text: "Add a replica".into(),
                kind: ActionType::Prevent,
                owner: None,
                due: None,
                priority: None,
                opened: day,
                link: Some("https://tickets.example/OPS-12".into()),
            },
        )
        .unwrap();
        assert_eq!(id, "A1");
        assert_eq!(
            inc.actions[0].link.as_deref(),
            Some("https://tickets.example/OPS-12")
        );
        // Due before it was opened: refused.
        let early = NewAction {
            text: "Backfill".into(),
            kind: ActionType::Process,
            owner: None,
            due: NaiveDate::from_ymd_opt(2024, 2, 1),
            priority: None,
            opened: day,
            link: None,
        };
        assert!(matches!(
            add_action(&mut inc, early),
            Err(EditError::DueBeforeOpened { .. })
        ));
        assert_eq!(action_done(&mut inc, "a1").unwrap(), "A1");
        assert_eq!(inc.actions[0].status, ActionStatus::Done);
        assert!(matches!(
            action_done(&mut inc, "A9"),
            Err(EditError::NoAction { .. })
        ));
        assert_eq!(
            set_action(&mut inc, "A1", ActionChange::default()),
            Err(EditError::NothingToChange)
        );
        let after_eleven = When::NotBefore(inst("2024-03-01T11:00:00+08:00"));
        let e = resolve(&mut inc, after_eleven, "Resolved", Some("ana".into())).unwrap();
        // The status change is logged first, then the resolution, both by the one who did it.
        assert_eq!(e, "e2");
        assert_eq!(inc.status, Status::Resolved);
        assert_eq!(inc.events[0].text, "status: investigating → resolved");
        assert_eq!(inc.events[1].actor.as_deref(), Some("ana"));
        // The moment and the events hold the time as given.
        assert_eq!(
            inc.moments.resolved.as_ref().map(|m| m.at),
            Some(after_eleven)
        );
        assert!(inc.events.iter().all(|e| e.at == after_eleven));
        let again = resolve(
            &mut inc,
            When::At(inst("2024-03-01T12:00:00+08:00")),
            "again",
            None,
        );
        assert_eq!(
            again.unwrap_err().to_string(),
            "the incident is already resolved (at ≥ 2024-03-01T11:00:00+08:00)"
        );
    }

    #[test]
    fn viewer_zones_are_named_from_hints() {
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(
            zone_from_hints(Some(":Europe/Berlin"), None, None),
            Some((berlin, "TZ"))
        );
        assert_eq!(
            zone_from_hints(Some("CET-1CEST"), Some("Asia/Tokyo"), None),
            None
        );
        assert_eq!(
            zone_from_hints(None, None, Some("/usr/share/zoneinfo/Europe/Berlin")),
            Some((berlin, "/etc/localtime"))
        );
        assert_eq!(
            zone_from_hints(None, Some("Europe/Berlin\n"), None).map(|z| z.1),
            Some("/etc/timezone")
        );
        assert_eq!(zone_from_hints(None, None, None), None);
    }

    #[test]
    fn user_times_default_to_now_and_bare_times_are_checked_against_the_record() {
        let now = inst("2024-03-01T01:30:00+00:00");
        let read = |option, text, now, inc| user_when(option, text, &hk(), now, inc, Accept::Time);
        let t = read("--at", None, now, None).unwrap();
        assert_eq!(t, When::At(inst("2024-03-01T09:30:00+08:00")));
        let t = read("--at", Some("08:15"), now, None).unwrap();
        assert_eq!(t, When::At(inst("2024-03-01T08:15:00+08:00")));
        let t = read("--at", Some("about 08:15"), now, None).unwrap();
        assert_eq!(t, When::About(inst("2024-03-01T08:15:00+08:00")));
        let e = read("--at", Some("soon"), now, None).unwrap_err();
        assert_eq!(e.to_string(), "--at: cannot read the time `soon`");
        let e = read("--at", Some("ongoing"), now, None).unwrap_err();
        assert!(matches!(e, EditError::Time { .. }), "{e}");
        // The record started 2024-03-01 09:00 HKT; two days later a bare time is refused.
        let inc = record();
        let later = inst("2024-03-03T01:30:00+00:00");
        let e = read("--from", Some("08:15"), later, Some(&inc)).unwrap_err();
        assert!(
            matches!(
                e,
                EditError::Time {
                    option: "--from",
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(e.hints()[0], "give the date: --from \"2024-03-01 08:15\"");
        let t = read("--from", Some("08:15"), now, Some(&inc)).unwrap();
        assert_eq!(t, When::At(inst("2024-03-01T08:15:00+08:00")));
    }
}
