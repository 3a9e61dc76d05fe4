//! Semantic rules beyond parsing. Each rule's code, severity and one-line summary are in
//! [`crate::model::rule::Rule`]; each problem points at the field it is about.

use std::collections::{HashMap, HashSet};
use std::path::Path as FsPath;

use crate::files::locate::{Index, Path, locate_position, positions_of};
use crate::model::problem::Problem;
use crate::model::record::{Finding, Incident, Level, MomentName, Status, TargetKind};
use crate::model::rule::Rule;
use crate::model::time::{Instant, When, parse_iana, when_rfc3339};

/// The most digits an `eN` or `AN` id may have (E125).
pub const MAX_ID_DIGITS: usize = 9;

/// Checks one parsed record. `text` is the file's text, used only to find positions.
pub fn validate(file: &FsPath, text: &str, inc: &Incident) -> Vec<Problem> {
    let mut v = checked(file, inc);
    // Every problem is located in one walk over the text, however many there are.
    if !v.paths.is_empty() {
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
    v.actions(inc);
    v.sources(inc);
    v
}

/// Where a record states its id: what the cross-file rule (E124) needs of each record, so
/// that checking a large folder does not keep every record's text.
#[derive(Clone, Debug)]
pub struct IdSite {
    pub file: std::path::PathBuf,
    pub id: String,
    pub position: Option<crate::files::locate::Position>,
}

impl IdSite {
    pub fn of(loaded: &crate::files::load::Loaded) -> Self {
        IdSite {
            file: loaded.path.clone(),
            id: loaded.incident.id.clone(),
            position: Some(locate_position(&loaded.text, &Path::root().field("id"))),
        }
    }
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
                let Some(from) = w.from.instant() else {
                    self.report(
                        Rule::WindowWithoutStart,
                        &wp.field("from"),
                        format!(
                            "the window of `{}` needs a known start: At, About or Day",
                            target.name
                        ),
                    );
                    continue;
                };
                if let Some(to) = w.to.instant()
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
            } else if !cited.contains(s.id.as_str()) {
                self.report(
                    Rule::UncitedSource,
                    &base.index(i).field("id"),
                    format!("source `{}` is listed but no fact cites it", s.id),
                );
            }
        }
    }

    fn cited(&mut self, inc: &Incident, ids: &[String], at: &Path) {
        for (k, id) in ids.iter().enumerate() {
            if !self.known_sources(inc).0.contains(id.as_str()) {
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
            out.insert(id.as_str());
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
    out
}
