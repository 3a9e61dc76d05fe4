//! Semantic rules beyond parsing. Each rule's code, severity and one-line summary are in
//! [`crate::model::rule::Rule`]; each problem points at the field it is about.

use std::collections::{HashMap, HashSet};
use std::path::Path as FsPath;

mod audience;
mod facts;
mod links;

use crate::derive::figures::{Bound, FigureKey};
use crate::files::locate::{Index, Path, locate_position, positions_of};
use crate::model::problem::Problem;
use crate::model::record::{
    EventKind, Finding, Incident, IncidentKind, Level, MomentName, Status, TargetKind,
};
use crate::model::rule::Rule;
use crate::model::time::{Instant, When, parse_iana, when_rfc3339};

/// The most digits an `eN` or `AN` id may have (E125).
pub const MAX_ID_DIGITS: usize = 9;
/// Checks one parsed record. `text` is the file's text, used only to find positions; an empty
/// text (no record is empty) leaves the problems without positions, as [`unlocated`] does.
pub fn validate(file: &FsPath, text: &str, inc: &Incident) -> Vec<Problem> {
    let mut v = checked(file, inc);
    // Every problem is located in one walk over the text, however many there are.
    if !v.paths.is_empty() && !text.is_empty() {
        let index = Index::new(text);
        let offsets: Vec<usize> = v.paths.iter().map(|p| index.start(p)).collect();
        for (problem, pos) in v.problems.iter_mut().zip(positions_of(text, &offsets)) {
            problem.position = Some(pos);
        }
    }
    crate::model::problem::sort(&mut v.problems);
    v.problems
}

/// [`validate`] without positions, for callers that only ask whether a record has problems
/// (the fuzz harnesses ask after every change): no walk over the text.
pub fn unlocated(file: &FsPath, inc: &Incident) -> Vec<Problem> {
    let mut v = checked(file, inc);
    crate::model::problem::sort(&mut v.problems);
    v.problems
}

/// Every rule applied to `inc`, each problem with the path of the field it is about.
fn checked<'a>(file: &'a FsPath, inc: &Incident) -> Validator<'a> {
    let mut v = Validator {
        file,
        problems: Vec::new(),
        paths: Vec::new(),
        known: None,
    };
    v.identity(inc);
    v.moments(inc);
    for kind in TargetKind::ALL {
        v.affected(inc, kind);
    }
    v.events(inc);
    v.consistency(inc);
    v.actions(inc);
    v.cause_chain(inc);
    v.action_facts(inc);
    v.roles(inc);
    v.event_facts(inc);
    v.sources(inc);
    v.facts(inc);
    v.audience(inc);
    v
}

/// Where a record states its id, and what the look-alike rule compares: what the
/// cross-file rules (E124, W125) need of each record, so that checking a large folder does
/// not keep every record's text.
#[derive(Clone, Debug)]
pub struct IdSite {
    pub file: std::path::PathBuf,
    pub id: String,
    pub position: Option<crate::files::locate::Position>,
    /// What W125 compares, or `None` when the record cannot be compared: it has errors
    /// (what it says may change when they are fixed) or no known start.
    pub likeness: Option<Likeness>,
}

/// What makes two records look like one incident: kind, start of impact, title words.
#[derive(Clone, Debug)]
pub struct Likeness {
    pub kind: IncidentKind,
    pub started: Instant,
    /// The title's words, lower case, without the little words (`the`, `of`, `in`…).
    pub words: Vec<String>,
}

impl IdSite {
    /// The site of a loaded record; `problems` are its own (a record with errors is not
    /// compared with others).
    pub fn of(loaded: &crate::files::load::Loaded, problems: &[Problem]) -> Self {
        let inc = &loaded.incident;
        let likeness = inc
            .moments
            .instant(MomentName::Started)
            .filter(|_| !problems.iter().any(Problem::is_error))
            .map(|started| Likeness {
                kind: inc.kind,
                started,
                words: title_words(&inc.title),
            });
        IdSite {
            file: loaded.path.clone(),
            id: inc.id.clone(),
            position: Some(locate_position(&loaded.text, &Path::root().field("id"))),
            likeness,
        }
    }
}

/// How far apart two starts of impact may be for the records to look like one incident.
pub const LOOK_ALIKE_MINUTES: i64 = 60;

/// Reports pairs of records that look like one incident (W125), at the record that starts
/// later: the same kind, impact started at most [`LOOK_ALIKE_MINUTES`] apart, different
/// ids, and titles that share at least two words (one when a title has one word) and at
/// least half of all their words. Records with errors or no known start are left out.
pub fn look_alikes(records: &[IdSite]) -> Vec<Problem> {
    let mut dated: Vec<(&IdSite, &Likeness)> = records
        .iter()
        .filter_map(|r| r.likeness.as_ref().map(|l| (r, l)))
        .collect();
    dated.sort_by_key(|(r, l)| (l.started, r.file.clone()));
    let mut problems = Vec::new();
    // Sorted by start, each record meets only those that start within the hour after it.
    for (i, (a, la)) in dated.iter().enumerate() {
        for (b, lb) in &dated[i + 1..] {
            let apart = la.started.minutes_until(lb.started);
            if apart > LOOK_ALIKE_MINUTES {
                break;
            }
            if a.id == b.id || la.kind != lb.kind {
                continue;
            }
            let Some(shared) = shared_title_words(&la.words, &lb.words) else {
                continue;
            };
            let when = if apart == 0 {
                "at the same time".to_string()
            } else {
                format!("{} apart", crate::model::time::format_minutes(apart))
            };
            problems.push(Problem::new(
                &b.file,
                b.position,
                Rule::LookAlikeIncidents,
                format!(
                    "`{}` looks like the same incident as `{}` ({}): impact started {when} and the titles share {}; if they are one incident, move what this record holds into the other and delete this file",
                    b.id,
                    a.id,
                    a.file.display(),
                    shared.join(", ")
                ),
            ));
        }
    }
    problems
}

/// The words two titles share, when they are enough for the titles to read alike: at least
/// two (or the only word of a one-word title) and at least two thirds of all their words.
fn shared_title_words(a: &[String], b: &[String]) -> Option<Vec<String>> {
    let shared: Vec<String> = a.iter().filter(|w| b.contains(w)).cloned().collect();
    let union = a.len() + b.len() - shared.len();
    let enough = shared.len() >= 2 || (shared.len() == 1 && a.len().min(b.len()) == 1);
    (enough && shared.len() * 3 >= union * 2).then_some(shared)
}

/// A title's words for comparison: lower case, split at anything but letters and digits,
/// each once, without the little words that say nothing of the incident.
fn title_words(title: &str) -> Vec<String> {
    const LITTLE: [&str; 14] = [
        "a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
    ];
    let mut out: Vec<String> = Vec::new();
    for w in title
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !LITTLE.contains(&w.as_str()))
    {
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// Reports incident ids used by more than one record (E124), at the later records.
pub fn duplicate_ids(records: &[IdSite]) -> Vec<Problem> {
    let mut first: HashMap<&str, &FsPath> = HashMap::new();
    let mut problems = Vec::new();
    for r in records {
        if let Some(other) = first.get(r.id.as_str()) {
            problems.push(Problem::new(
                &r.file,
                r.position,
                Rule::DuplicateIncidentId,
                format!("incident id `{}` is also used by {}", r.id, other.display()),
            ));
        } else {
            first.insert(&r.id, &r.file);
        }
    }
    problems
}

struct Validator<'a> {
    file: &'a FsPath,
    problems: Vec<Problem>,
    /// Where each problem is, in the same order; turned into positions at the end.
    paths: Vec<Path>,
    known: Option<(HashSet<String>, String)>,
}

impl Validator<'_> {
    fn report(&mut self, rule: Rule, at: &Path, message: String) {
        self.problems
            .push(Problem::new(self.file, None, rule, message));
        self.paths.push(at.clone());
    }

    fn identity(&mut self, inc: &Incident) {
        let root = Path::root();
        if !crate::model::text::is_safe_id(&inc.id) {
            self.report(
                Rule::UnsafeId,
                &root.field("id"),
                format!(
                    "id `{}` is not a safe id: use ASCII letters, digits, '-', '_' and '.', not starting with '.'",
                    crate::model::text::visible(&inc.id)
                ),
            );
        }
        let stem = self.file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if self.file.extension().is_some_and(|e| e == "ron") && stem != inc.id {
            self.report(
                Rule::IdNotFileName,
                &root.field("id"),
                format!(
                    "id `{}` does not match the file name `{stem}.ron`; rename the file or change the id",
                    crate::model::text::visible(&inc.id)
                ),
            );
        }
        if let Err(e) = parse_iana(&inc.timezone) {
            // Records name their home zone by IANA name only; offsets like `+08:00` are for
            // `--tz` (they would lose summer time).
            let mut msg = format!(
                "unknown time zone `{}`: a record's timezone must be an IANA name such as Asia/Hong_Kong or Europe/London",
                crate::model::text::visible(&e.given)
            );
            if !e.suggestions.is_empty() {
                msg.push_str(&format!("; did you mean {}?", e.suggestions.join(", ")));
            }
            self.report(Rule::UnknownZone, &root.field("timezone"), msg);
        }
        if inc.title.trim().is_empty() {
            self.report(
                Rule::EmptyText,
                &root.field("title"),
                "the title is empty".to_string(),
            );
        }
    }

    fn moments(&mut self, inc: &Incident) {
        let base = Path::root().field("moments");
        for name in MomentName::ALL {
            let Some(m) = inc.moments.get(name) else {
                continue;
            };
            let at = base.field(name.field());
            if m.at == When::Open {
                self.report(
                    Rule::OpenOutsideWindowEnd,
                    &at.field("at"),
                    format!(
                        "`{}` cannot be Open: leave it out until it happens, or use Unknown",
                        name.field()
                    ),
                );
            }
            self.day_at_midnight(m.at, &at.field("at"));
            self.cited(inc, &m.sources, &at.field("sources"));
        }
        let t = |n| inc.moments.instant(n);
        let pairs = [
            (MomentName::Mitigated, MomentName::Started),
            (MomentName::Resolved, MomentName::Started),
            (MomentName::Resolved, MomentName::Mitigated),
        ];
        for (later, earlier) in pairs {
            if let (Some(a), Some(b)) = (t(later), t(earlier))
                && a < b
            {
                self.report(
                    Rule::MomentsOutOfOrder,
                    &base.field(later.field()).field("at"),
                    format!(
                        "{} ({}) is before {} ({}); expected {} at or after {}",
                        later.field(),
                        a.rfc3339(),
                        earlier.field(),
                        b.rfc3339(),
                        later.field(),
                        earlier.field()
                    ),
                );
            }
        }
        let resolved = inc.moments.resolved.is_some();
        if inc.status.is_over() != resolved {
            let msg = if resolved {
                format!(
                    "a resolved moment is set but the status is {}; expected {} or {}",
                    inc.status.ron(),
                    Status::Resolved.ron(),
                    Status::Closed.ron()
                )
            } else {
                format!(
                    "the status is {} but there is no resolved moment; add moments.resolved (Unknown if no source gives it)",
                    inc.status.ron()
                )
            };
            self.report(
                Rule::StatusWithoutResolution,
                &Path::root().field("status"),
                msg,
            );
        }
    }

    fn affected(&mut self, inc: &Incident, kind: TargetKind) {
        let base = Path::root().field(kind.plural());
        let mut seen = HashSet::new();
        let singular = kind.label();
        for (i, target) in kind.of(inc).iter().enumerate() {
            let here = base.index(i);
            if target.name.trim().is_empty() {
                self.report(
                    Rule::EmptyText,
                    &here.field("name"),
                    format!("a {singular} has an empty name"),
                );
            } else if !seen.insert(target.name.as_str()) {
                self.report(
                    Rule::DuplicateTargetName,
                    &here.field("name"),
                    format!("{singular} `{}` is listed twice; give each its own name or merge their windows", target.name),
                );
            }
            self.cited(inc, &target.sources, &here.field("sources"));
            for (j, w) in target.windows.iter().enumerate() {
                let wp = here.field("windows").index(j);
                self.cited(inc, &w.sources, &wp.field("sources"));
                self.day_at_midnight(w.from, &wp.field("from"));
                self.day_at_midnight(w.to, &wp.field("to"));
                if w.from == When::Open {
                    self.report(
                        Rule::OpenOutsideWindowEnd,
                        &wp.field("from"),
                        format!(
                            "the window of `{}` cannot start Open: Open is only for an end that has not come yet; use Unknown if no source gives the start",
                            target.name
                        ),
                    );
                    continue;
                }
                // Only a window known to end before it starts is wrong: its latest possible
                // end before its earliest possible start.
                if let (Some(from), Some(to)) = (w.from.bounds().0, w.to.bounds().1)
                    && to < from
                {
                    self.report(
                        Rule::WindowBackwards,
                        &wp.field("to"),
                        format!(
                            "the window of `{}` ends ({}) before it starts ({})",
                            target.name,
                            to.rfc3339(),
                            from.rfc3339()
                        ),
                    );
                }
                if w.to == When::Open && inc.status.is_over() && w.level != Level::AtRisk {
                    self.report(
                        Rule::OpenWindowAfterResolution,
                        &wp.field("to"),
                        format!("the window of `{}` is still Open but the incident is {}; close it or use Unknown", target.name, inc.status.ron()),
                    );
                }
            }
        }
    }

    fn events(&mut self, inc: &Incident) {
        let base = Path::root().field("events");
        let started = inc.moments.instant(MomentName::Started);
        let mut ids = HashSet::new();
        for (i, e) in inc.events.iter().enumerate() {
            let here = base.index(i);
            if !ids.insert(e.id.as_str()) {
                self.report(
                    Rule::DuplicateEventId,
                    &here.field("id"),
                    format!("event id `{}` is used twice", e.id),
                );
            }
            self.id_size("event", "e", &e.id, &here.field("id"));
            if e.text.trim().is_empty() {
                self.report(
                    Rule::EmptyText,
                    &here.field("text"),
                    format!("event `{}` has no text", e.id),
                );
            }
            self.cited(inc, &e.sources, &here.field("sources"));
            self.day_at_midnight(e.at, &here.field("at"));
            if e.at == When::Open {
                self.report(
                    Rule::OpenOutsideWindowEnd,
                    &here.field("at"),
                    format!(
                        "event `{}` cannot be Open: give its time, a bound, or Unknown",
                        e.id
                    ),
                );
                continue;
            }
            // Schema 2: an event may be a range, a one-sided bound or Unknown; it is checked
            // against the start only on the sides it has.
            let Some(start) = started else { continue };
            let (earliest, _) = e.at.bounds();
            let before = latest_possible(e.at).is_some_and(|l| l < start);
            if before && !e.precursor {
                self.report(
                    Rule::EventBeforeStart,
                    &here.field("at"),
                    format!(
                        "event `{}` ({}) is before the incident started ({}); mark it `precursor: true` if it led up to the incident",
                        e.id,
                        when_rfc3339(e.at),
                        start.rfc3339()
                    ),
                );
            } else if e.precursor && earliest.is_some_and(|t| t >= start) {
                self.report(
                    Rule::PrecursorNotBeforeStart,
                    &here.field("precursor"),
                    format!(
                        "event `{}` is marked as a precursor but is not before the start ({})",
                        e.id,
                        start.rfc3339()
                    ),
                );
            }
        }
        for (list, items) in [
            ("trigger", &inc.causes.trigger),
            ("root_causes", &inc.causes.root_causes),
            ("contributing", &inc.causes.contributing),
        ] {
            self.findings(inc, &Path::root().field("causes").field(list), items);
        }
        for (list, items) in [
            ("went_well", &inc.lessons.went_well),
            ("went_wrong", &inc.lessons.went_wrong),
            ("lucky", &inc.lessons.lucky),
        ] {
            self.findings(inc, &Path::root().field("lessons").field(list), items);
        }
    }

    /// E125: writers number events `e1`, `e2`, … and actions `A1`, `A2`, …; a number of more
    /// than 9 digits is no count of real items, and one near the limit of a machine integer
    /// once made the next id wrap round to `e0`.
    fn id_size(&mut self, what: &str, prefix: &str, id: &str, at: &Path) {
        let Some(number) = id.strip_prefix(prefix) else {
            return;
        };
        if number.len() > MAX_ID_DIGITS && number.bytes().all(|b| b.is_ascii_digit()) {
            self.report(
                Rule::AbsurdIdNumber,
                at,
                format!(
                    "{what} id `{}` has a number of {} digits; ids count up from {prefix}1 and a real record never needs more than {MAX_ID_DIGITS} digits; renumber it",
                    crate::model::text::cut_to_width(id, 40, "…"),
                    number.len()
                ),
            );
        }
    }

    /// Times that contradict each other without being errors: each warning says which figure
    /// it makes wrong, and how to fix the record.
    fn consistency(&mut self, inc: &Incident) {
        let moments = Path::root().field("moments");
        // W154: detection is counted from moments.detected, so an earlier detection event
        // means time to detect is overstated. Only the organisation's own detections count:
        // a third party's observation is not its detection (issue 13), nor is a plan.
        if let Some(detected) = inc.moments.detected.as_ref().map(|m| m.at) {
            let first = inc
                .events
                .iter()
                .filter(|e| {
                    e.is(EventKind::Detection)
                        && e.observed_by.is_none()
                        && e.planned.is_none()
                        && e.at.sort_key().is_some()
                })
                .min_by_key(|e| e.at.sort_key());
            if let Some(e) = first
                && detected.known_after(e.at)
            {
                self.report(
                    Rule::DetectedAfterDetectionEvent,
                    &moments.field("detected").field("at"),
                    format!(
                        "moments.detected ({}) is later than the earliest detection event `{}` ({}): time to detect counts from moments.detected, so it overstates how long detection took; if that event was the first sign, set the moment to its time: `incident moment set {} detected --at {}`",
                        time_words(detected),
                        e.id,
                        time_words(e.at),
                        inc.id,
                        when_rfc3339(e.at)
                    ),
                );
            }
        }
        // W155: time to resolve and the total duration stop at the resolution. A customer's
        // own recovery lagging the resolution is worth the warning too: those figures then
        // understate what customers lived through.
        let Some(resolved) = inc.moments.resolved.as_ref().map(|m| m.at) else {
            return;
        };
        for kind in TargetKind::ALL {
            for (i, target) in kind.of(inc).iter().enumerate() {
                for (j, w) in target.windows.iter().enumerate() {
                    if !w.level.counts_as_impact() || !w.to.known_after(resolved) {
                        continue;
                    }
                    self.report(
                        Rule::WindowEndsAfterResolution,
                        &Path::root()
                            .field(kind.plural())
                            .index(i)
                            .field("windows")
                            .index(j)
                            .field("to"),
                        format!(
                            "the window of {} `{}` ends ({}) after the incident was resolved ({}): time to resolve and total duration stop at the resolution while this impact went on, so they understate the incident; if it was not over, move the resolution (`incident moment set {} resolved --at TIME`); if the impact ended earlier, correct the window's end (`incident impact end {} \"{}\" --at TIME` ends an open window; `incident edit {}` any other)",
                            kind.label(),
                            target.name,
                            time_words(w.to),
                            time_words(resolved),
                            inc.id,
                            inc.id,
                            target.name,
                            inc.id
                        ),
                    );
                }
            }
        }
        // W156: the wall-clock time of impact cannot outlast the whole incident.
        let Some(end) = crate::derive::moments::end(inc) else {
            return;
        };
        let report = crate::derive::figures::impact(inc, end);
        let span = |k| report.figure(k).and_then(|f| f.span).unwrap_or_default();
        let (impact, total) = (
            span(FigureKey::CustomerImpact),
            span(FigureKey::TotalDuration),
        );
        if let (Some(shortest), Some(longest)) = (impact.min, total.max)
            && impact.bound() != Bound::Unknown
            && shortest > longest
        {
            self.report(
                Rule::ImpactLongerThanIncident,
                &moments.field("resolved").field("at"),
                format!(
                    "the customer-impact duration ({}) is longer than the total duration ({}): impact cannot outlast the incident, so one of them is wrong — a window ends after the resolution (W155), or starts before the first sign; move the resolution or the start (`incident moment set ID resolved|started --at TIME`), or correct the windows (`incident impact end` ends an open one, `incident edit` any other)",
                    impact.text(),
                    total.text()
                ),
            );
        }
    }

    fn findings(&mut self, inc: &Incident, base: &Path, items: &[Finding]) {
        for (i, f) in items.iter().enumerate() {
            self.cited(inc, &f.sources, &base.index(i).field("sources"));
            if f.text.trim().is_empty() {
                self.report(
                    Rule::EmptyText,
                    &base.index(i).field("text"),
                    "the text is empty".to_string(),
                );
            }
        }
    }

    fn actions(&mut self, inc: &Incident) {
        let base = Path::root().field("actions");
        let mut ids = HashSet::new();
        for (i, a) in inc.actions.iter().enumerate() {
            let here = base.index(i);
            if !ids.insert(a.id.as_str()) {
                self.report(
                    Rule::DuplicateActionId,
                    &here.field("id"),
                    format!("action id `{}` is used twice", a.id),
                );
            }
            self.id_size("action", "A", &a.id, &here.field("id"));
            if a.text.trim().is_empty() {
                self.report(
                    Rule::EmptyText,
                    &here.field("text"),
                    format!("action `{}` has no text", a.id),
                );
            }
            if a.status.is_open() && a.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
                self.report(
                    Rule::ActionWithoutOwner,
                    &here.field("id"),
                    format!(
                        "action `{}` is {} but has no owner; set `owner`",
                        a.id,
                        a.status.label()
                    ),
                );
            }
            self.cited(inc, &a.sources, &here.field("sources"));
        }
    }

    fn sources(&mut self, inc: &Incident) {
        let base = Path::root().field("sources");
        let mut ids = HashSet::new();
        let cited = cited_sources(inc);
        for (i, s) in inc.sources.iter().enumerate() {
            if !ids.insert(s.id.as_str()) {
                self.report(
                    Rule::DuplicateSourceId,
                    &base.index(i).field("id"),
                    format!("source id `{}` is used twice", s.id),
                );
            } else if !cited.contains(s.id.as_str()) && !s.further_reading {
                self.report(
                    Rule::UncitedSource,
                    &base.index(i).field("id"),
                    format!("source `{}` is listed but no fact cites it", s.id),
                );
            }
        }
    }

    fn cited(&mut self, inc: &Incident, ids: &[String], at: &Path) {
        for (k, text) in ids.iter().enumerate() {
            // A citation is `KEY` or `KEY#GRADE` (model::citation).
            let id = match crate::model::citation::parse_citation(text) {
                Ok(c) => c.key,
                Err(e) => {
                    self.report(
                        Rule::BadCitationGrade,
                        &at.index(k),
                        format!("citation `{}`: {e}", crate::model::text::visible(text)),
                    );
                    continue;
                }
            };
            if !self.known_sources(inc).0.contains(id) {
                let known = self.known_sources(inc).1.clone();
                self.report(
                    Rule::UnknownSource,
                    &at.index(k),
                    format!(
                        "source `{}` is not in the record's sources; known: {known}",
                        crate::model::text::visible(id),
                    ),
                );
            }
        }
    }

    /// The record's source ids, and the list of them shown in messages (at most ten), built
    /// once so that a record with many citations is checked in linear time.
    fn known_sources(&mut self, inc: &Incident) -> &(HashSet<String>, String) {
        self.known.get_or_insert_with(|| {
            let ids: HashSet<String> = inc.sources.iter().map(|s| s.id.clone()).collect();
            let shown: Vec<&str> = inc.sources.iter().map(|s| s.id.as_str()).take(10).collect();
            let more = inc.sources.len().saturating_sub(shown.len());
            let mut text = if shown.is_empty() {
                "none".to_string()
            } else {
                crate::model::text::visible(&shown.join(", "))
            };
            if more > 0 {
                text.push_str(&format!(" and {more} more"));
            }
            (ids, text)
        })
    }

    fn day_at_midnight(&mut self, w: When, at: &Path) {
        if let When::Day(t) = w {
            let t = t.get();
            if t.time() != chrono::NaiveTime::MIN {
                self.report(
                    Rule::DayNotMidnight,
                    at,
                    format!(
                        "Day({}) should be midnight of that day, like {}",
                        t.to_rfc3339(),
                        t.date_naive()
                    ),
                );
            }
        }
    }
}

/// A time in a message, with its precision: `2022-12-18T08:56:00+08:00`, `~…`,
/// `2022-12-25 (day)`, `…..…`, `≥ …`, `≤ …`, `unknown`, `open`.
fn time_words(w: When) -> String {
    match w {
        When::At(t) => t.rfc3339(),
        When::About(t) => format!("~{}", t.rfc3339()),
        When::Day(t) => format!("{} (day)", t.get().format("%Y-%m-%d")),
        When::Between(a, b) => format!("{}..{}", a.rfc3339(), b.rfc3339()),
        When::NotBefore(t) => format!("≥ {}", t.rfc3339()),
        When::NotAfter(t) => format!("≤ {}", t.rfc3339()),
        When::Unknown => "unknown".to_string(),
        When::Open => "open".to_string(),
    }
}

/// The last instant a time could stand for: the last second of the day for `Day`, the later
/// end of a range, the bound of `NotAfter`; `None` when it has no upper bound.
fn latest_possible(w: When) -> Option<Instant> {
    match w {
        When::Day(t) => Some(
            t.get()
                .checked_add_signed(chrono::Duration::days(1) - chrono::Duration::seconds(1))
                .map_or(t, Instant),
        ),
        other => other.bounds().1,
    }
}

/// Every source id cited anywhere in the record.
pub fn cited_sources<'r>(inc: &'r Incident) -> HashSet<&'r str> {
    let mut out = HashSet::new();
    let mut add = |ids: &'r [String]| {
        for id in ids {
            out.insert(crate::model::citation::citation_key(id));
        }
    };
    for name in MomentName::ALL {
        if let Some(m) = inc.moments.get(name) {
            add(&m.sources);
        }
    }
    for (_, t) in inc.targets() {
        add(&t.sources);
        for w in &t.windows {
            add(&w.sources);
        }
    }
    for e in &inc.events {
        add(&e.sources);
    }
    for f in inc
        .causes
        .trigger
        .iter()
        .chain(&inc.causes.root_causes)
        .chain(&inc.causes.contributing)
        .chain(&inc.lessons.went_well)
        .chain(&inc.lessons.went_wrong)
        .chain(&inc.lessons.lucky)
    {
        add(&f.sources);
    }
    for a in &inc.actions {
        add(&a.sources);
    }
    add(&inc.summary_sources);
    for r in &inc.roles {
        add(&r.sources);
    }
    for list in crate::model::facts::citation_lists(inc) {
        add(list);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hk() -> (&'static str, Incident) {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        let inc = crate::files::load::parse_text(FsPath::new("hk.ron"), text).unwrap();
        (text, inc)
    }

    fn t(s: &str) -> Instant {
        s.parse().unwrap()
    }

    fn codes(text: &str, inc: &Incident) -> Vec<&'static str> {
        validate(FsPath::new("2022-12-18-hk-zone-c.ron"), text, inc)
            .iter()
            .map(|p| p.code.code())
            .collect()
    }

    #[test]
    fn a_window_may_start_at_an_unknown_or_bounded_time_but_not_open() {
        let (text, mut inc) = hk();
        // OKX's outage ends after the resolution: warned about, and beside the point here.
        inc.customers.retain(|c| c.name != "OKX");
        assert_eq!(codes(text, &inc), Vec::<&str>::new());
        inc.services[0].windows[0].from = When::Unknown;
        inc.services[1].windows[0].from = When::NotAfter(t("2022-12-18T10:00:00+08:00"));
        inc.services[2].windows[0].from = When::Between(
            t("2022-12-18T10:00:00+08:00"),
            t("2022-12-18T10:40:00+08:00"),
        );
        assert_eq!(codes(text, &inc), Vec::<&str>::new());
        inc.services[0].windows[0].from = When::Open;
        assert_eq!(codes(text, &inc), ["E112"]);
    }

    #[test]
    fn a_window_is_backwards_only_when_it_surely_ends_before_it_starts() {
        let (text, mut inc) = hk();
        inc.customers.retain(|c| c.name != "OKX");
        let oss = &mut inc.services[2].windows[1];
        // Starts 11:07. Ending on the day of the 18th (any time that day) may be after it.
        oss.to = When::Day(t("2022-12-18T00:00:00+08:00"));
        assert_eq!(codes(text, &inc), Vec::<&str>::new());
        // Ending no later than 11:00 is surely before it.
        inc.services[2].windows[1].to = When::NotAfter(t("2022-12-18T11:00:00+08:00"));
        assert_eq!(codes(text, &inc), ["E110"]);
    }

    #[test]
    fn the_shipped_record_is_warned_about_okx_ending_after_the_resolution() {
        let (text, inc) = hk();
        let problems = validate(FsPath::new("2022-12-18-hk-zone-c.ron"), text, &inc);
        let found: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.code.code(), p.message.split(':').next().unwrap_or("")))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "W156",
                    "the customer-impact duration (≥ ~1 d 1 h 43 min) is longer than the total duration (14 h 15 min)"
                ),
                ("W155", "the window of customer `OKX` ends (~2022-12-19T12"),
            ]
        );
    }

    #[test]
    fn contradicting_times_are_warned_about_only_when_known() {
        let (text, mut inc) = hk();
        // Keep only what the checks look at: no OKX (see above).
        inc.customers.retain(|c| c.name != "OKX");
        assert_eq!(codes(text, &inc), Vec::<&str>::new());
        let hkt = |hm: &str| t(&format!("2022-12-18T{hm}:00+08:00"));
        let set = |inc: &mut Incident, name: MomentName, at: When| {
            inc.moments.slot(name).as_mut().unwrap().at = at;
        };
        // The first detection event is 08:56: detected at 09:00 is later (W154)…
        set(&mut inc, MomentName::Detected, When::At(hkt("09:00")));
        assert_eq!(codes(text, &inc), ["W154"]);
        // …detected "no later than 09:00", or known only to the day, may not be.
        set(&mut inc, MomentName::Detected, When::NotAfter(hkt("09:00")));
        assert_eq!(codes(text, &inc), Vec::<&str>::new());
        set(
            &mut inc,
            MomentName::Detected,
            When::Day(t("2022-12-18T00:00:00+08:00")),
        );
        assert_eq!(codes(text, &inc), Vec::<&str>::new());
        set(&mut inc, MomentName::Detected, When::At(hkt("08:56")));
        // Resolved at 22:00: the ECS control plane (to 23:11) ends after it (W155); the
        // impact, 10:17 to 23:11 (774 min), is still shorter than the incident, 08:56 to 22:00
        // (784 min).
        set(&mut inc, MomentName::Resolved, When::At(hkt("22:00")));
        assert_eq!(codes(text, &inc), ["W155"]);
        // Resolved at 21:00: RDS (to ~21:30) ends after it too, and the impact is longer than
        // the incident, 08:56 to 21:00 (724 min) (W156, at the resolution).
        set(&mut inc, MomentName::Resolved, When::At(hkt("21:00")));
        assert_eq!(codes(text, &inc), ["W156", "W155", "W155"]);
        // Resolved "not before 22:00": nothing is known to end after it.
        set(
            &mut inc,
            MomentName::Resolved,
            When::NotBefore(hkt("22:00")),
        );
        assert_eq!(codes(text, &inc), Vec::<&str>::new());
        // An at-risk window after the resolution is no impact.
        set(&mut inc, MomentName::Resolved, When::At(hkt("23:11")));
        inc.services[2].windows[0].to = When::At(t("2022-12-19T01:00:00+08:00"));
        assert_eq!(codes(text, &inc), Vec::<&str>::new());
    }
}

#[cfg(test)]
mod look_alike_tests {
    use super::*;

    fn site(id: &str, kind: IncidentKind, started: &str, title: &str) -> IdSite {
        IdSite {
            file: format!("{id}.ron").into(),
            id: id.to_string(),
            position: None,
            likeness: Some(Likeness {
                kind,
                started: started.parse().unwrap(),
                words: title_words(title),
            }),
        }
    }

    fn flagged(records: &[IdSite]) -> Vec<String> {
        look_alikes(records)
            .iter()
            .map(|p| format!("{} {}", p.file.display(), p.code))
            .collect()
    }

    #[test]
    fn title_words_are_lower_case_once_without_little_words() {
        assert_eq!(
            title_words("The API of the Payments API: down!"),
            ["api", "payments", "down"]
        );
    }

    #[test]
    fn one_incident_recorded_twice_is_flagged_at_the_later_start() {
        let real = IncidentKind::Real;
        let records = [
            site("b", real, "2024-03-01T09:40:00+00:00", "Payments API down"),
            site(
                "a",
                real,
                "2024-03-01T09:00:00+00:00",
                "payments api is down",
            ),
        ];
        assert_eq!(flagged(&records), ["b.ron W125"]);
        let p = &look_alikes(&records)[0];
        assert!(
            p.message
                .starts_with("`b` looks like the same incident as `a` (a.ron): impact started 40 min apart and the titles share payments, api, down;"),
            "{}",
            p.message
        );
    }

    #[test]
    fn other_services_other_kinds_other_hours_and_errors_are_not_flagged() {
        let real = IncidentKind::Real;
        let at = "2024-03-01T09:00:00+00:00";
        // The same problem on another service: two of four words shared is not enough.
        let other_service = [
            site("a", real, at, "Website disk full"),
            site("b", real, at, "Payments disk full"),
        ];
        assert_eq!(flagged(&other_service), Vec::<String>::new());
        // A drill at the time of a real incident.
        let drill = [
            site("a", real, at, "Payments API down"),
            site("b", IncidentKind::Drill, at, "Payments API down"),
        ];
        assert_eq!(flagged(&drill), Vec::<String>::new());
        // More than an hour apart.
        let later = [
            site("a", real, at, "Payments API down"),
            site("b", real, "2024-03-01T10:01:00+00:00", "Payments API down"),
        ];
        assert_eq!(flagged(&later), Vec::<String>::new());
        // A record with errors (or no start) is not compared.
        let mut broken = site("b", real, at, "Payments API down");
        broken.likeness = None;
        assert_eq!(
            flagged(&[site("a", real, at, "Payments API down"), broken]),
            Vec::<String>::new()
        );
        // One id twice is E124's business.
        let same_id = [
            site("a", real, at, "Payments API down"),
            site("a", real, at, "Payments API down"),
        ];
        assert_eq!(flagged(&same_id), Vec::<String>::new());
    }
}
