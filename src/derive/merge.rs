//! The three-way merge of records by meaning, as git's merge driver (`incident merge-file`)
//! and `incident mend` use it. Pure functions on [`Incident`] values; docs/git.md says in
//! words what merges cleanly and what conflicts.
//!
//! - Lists merge by identity: events, actions and sources by id, services and customers by
//!   name, impact windows by their start and level, findings by their text, tags and other
//!   word lists by value. Items added on both sides are all kept, ordered by time.
//! - Ids added on both sides for different items (both logged `e17`) are renumbered on
//!   THEIR side to the next free id, and theirs' citations of a renumbered source follow.
//! - A field changed on one side is taken. A field changed on both sides to different values
//!   is a conflict, except for the safe rules: the status takes the later stage of the
//!   lifecycle; `started`, `detected` and `mitigated` take the earlier time; `resolved` the
//!   later time (service was fully restored only once both sides saw it so).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::model::record::{
    Affected, Causes, Finding, Incident, Lessons, Moment, MomentName, Moments, Window,
};

/// Which side a conflicted field is resolved to when a record must be written anyway.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// A field or item both sides changed to different values, with no safe rule to decide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// What it is about, in words: `status`, `action A2 owner`, `event e3`.
    pub what: String,
    /// What ours holds, compactly (`"ann"`, `(absent)`).
    pub ours: String,
    /// What theirs holds.
    pub theirs: String,
}

/// An id that THEIR side added for a different item than ours under the same id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Renumbered {
    /// `event`, `action` or `source`.
    pub kind: &'static str,
    pub from: String,
    pub to: String,
}

/// The outcome of a merge.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The merged record, conflicts resolved to ours.
    pub ours: Incident,
    /// The merged record with conflicts resolved to theirs, when there are conflicts (when
    /// clean it would equal `ours`, and a large record is not copied for it): see
    /// [`Merged::theirs`].
    pub conflicted_theirs: Option<Incident>,
    pub conflicts: Vec<Conflict>,
    pub renumbered: Vec<Renumbered>,
}

impl Merged {
    /// True when nothing conflicted.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }

    /// The merged record, conflicts resolved to theirs; `ours` when clean.
    pub fn theirs(&self) -> &Incident {
        self.conflicted_theirs.as_ref().unwrap_or(&self.ours)
    }

    /// The merged record with every conflict resolved to `side`.
    pub fn resolved_to(&self, side: Side) -> &Incident {
        match side {
            Side::Ours => &self.ours,
            Side::Theirs => self.theirs(),
        }
    }
}

/// Merges `ours` and `theirs`, both descended from `base`.
pub fn merge(base: &Incident, ours: &Incident, theirs: &Incident) -> Merged {
    trivial(base, ours, theirs).unwrap_or_else(|| merge_both(base, ours, theirs.clone()))
}

/// [`merge`], taking THEIR record by value: the merge driver owns it, and renumbering its
/// ids then needs no copy of a large record.
pub fn merge_owned(base: &Incident, ours: &Incident, theirs: Incident) -> Merged {
    trivial(base, ours, &theirs).unwrap_or_else(|| merge_both(base, ours, theirs))
}

/// The merge when at most one side changed anything.
fn trivial(base: &Incident, ours: &Incident, theirs: &Incident) -> Option<Merged> {
    let clean = |inc: &Incident| Merged {
        ours: inc.clone(),
        conflicted_theirs: None,
        conflicts: Vec::new(),
        renumbered: Vec::new(),
    };
    if ours == theirs || theirs == base {
        Some(clean(ours))
    } else if ours == base {
        Some(clean(theirs))
    } else {
        None
    }
}

/// The merge when both sides changed something.
fn merge_both(base: &Incident, ours: &Incident, theirs: Incident) -> Merged {
    let (theirs, renumbered) = renumber(base, ours, theirs);
    let mut m = Merger {
        prefer: Side::Ours,
        conflicts: Vec::new(),
    };
    let merged_ours = m.record(base, ours, &theirs);
    let conflicts = std::mem::take(&mut m.conflicts);
    let conflicted_theirs = if conflicts.is_empty() {
        None
    } else {
        m.prefer = Side::Theirs;
        Some(m.record(base, ours, &theirs))
    };
    Merged {
        ours: merged_ours,
        conflicted_theirs,
        conflicts,
        renumbered,
    }
}

// ---------------------------------------------------------------------------------------
// Renumbering

/// Renames THEIR ids that collide with ours' new ids (same id, added on both sides, for
/// different items), and theirs' citations of renamed sources.
fn renumber(base: &Incident, ours: &Incident, mut theirs: Incident) -> (Incident, Vec<Renumbered>) {
    let mut renumbered = Vec::new();

    let events = collisions(&base.events, &ours.events, &theirs.events, |e| &e.id);
    let actions = collisions(&base.actions, &ours.actions, &theirs.actions, |a| &a.id);
    let sources = collisions(&base.sources, &ours.sources, &theirs.sources, |s| &s.id);

    let mut taken: HashSet<String> = all_ids(base, ours, &theirs, |i| {
        i.events.iter().map(|e| e.id.clone()).collect()
    });
    for old in events {
        let new = free_id(&old, &mut taken);
        for e in theirs.events.iter_mut().filter(|e| e.id == old) {
            e.id = new.clone();
        }
        renumbered.push(Renumbered {
            kind: "event",
            from: old,
            to: new,
        });
    }
    let mut taken = all_ids(base, ours, &theirs, |i| {
        i.actions.iter().map(|a| a.id.clone()).collect()
    });
    for old in actions {
        let new = free_id(&old, &mut taken);
        for a in theirs.actions.iter_mut().filter(|a| a.id == old) {
            a.id = new.clone();
        }
        renumbered.push(Renumbered {
            kind: "action",
            from: old,
            to: new,
        });
    }
    let mut taken = all_ids(base, ours, &theirs, |i| {
        i.sources.iter().map(|s| s.id.clone()).collect()
    });
    for old in sources {
        let new = free_id(&old, &mut taken);
        for s in theirs.sources.iter_mut().filter(|s| s.id == old) {
            s.id = new.clone();
        }
        // The id was new on their side, so every citation of it there means their source.
        // A graded citation (`old#quoted`) keeps its grade.
        for_each_citation(&mut theirs, |c| {
            if let Ok(p) = crate::model::citation::parse_citation(c)
                && p.key == old
            {
                *c = crate::model::citation::citation_text(&new, p.grade);
            }
        });
        renumbered.push(Renumbered {
            kind: "source",
            from: old,
            to: new,
        });
    }
    (theirs, renumbered)
}

/// Ids both sides added (absent from base) for items that differ.
fn collisions<T: PartialEq>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> &String,
) -> Vec<String> {
    let in_base: HashSet<&String> = base.iter().map(&id).collect();
    let ours_new: HashMap<&String, &T> = ours
        .iter()
        .filter(|x| !in_base.contains(id(x)))
        .map(|x| (id(x), x))
        .collect();
    let mut out: Vec<String> = Vec::new();
    for t in theirs.iter().filter(|x| !in_base.contains(id(x))) {
        if let Some(o) = ours_new.get(id(t))
            && *o != t
            && !out.contains(id(t))
        {
            out.push(id(t).clone());
        }
    }
    out
}

fn all_ids(
    base: &Incident,
    ours: &Incident,
    theirs: &Incident,
    ids: impl Fn(&Incident) -> Vec<String>,
) -> HashSet<String> {
    [base, ours, theirs].into_iter().flat_map(ids).collect()
}

/// The next free id like `old`: `e17` → one more than the highest `eN` taken; otherwise
/// `old-2`, `old-3`, …
fn free_id(old: &str, taken: &mut HashSet<String>) -> String {
    let digits = old.len() - old.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let prefix = &old[..old.len() - digits];
    let new = if digits > 0 && !prefix.is_empty() {
        let highest = taken
            .iter()
            .filter_map(|id| id.strip_prefix(prefix))
            .filter_map(|n| n.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        format!("{prefix}{}", highest + 1)
    } else {
        (2..)
            .map(|n| format!("{old}-{n}"))
            .find(|id| !taken.contains(id))
            .unwrap_or_else(|| format!("{old}-x"))
    };
    taken.insert(new.clone());
    new
}

/// Calls `f` on every source citation in the record.
pub fn for_each_citation(inc: &mut Incident, mut f: impl FnMut(&mut String)) {
    let mut cite = |list: &mut Vec<String>| list.iter_mut().for_each(&mut f);
    cite(&mut inc.summary_sources);
    for r in &mut inc.roles {
        cite(&mut r.sources);
    }
    for name in MomentName::ALL {
        if let Some(m) = inc.moments.slot(name) {
            cite(&mut m.sources);
        }
    }
    for t in inc.services.iter_mut().chain(inc.customers.iter_mut()) {
        cite(&mut t.sources);
        for w in &mut t.windows {
            cite(&mut w.sources);
        }
    }
    for e in &mut inc.events {
        cite(&mut e.sources);
    }
    let c = &mut inc.causes;
    let l = &mut inc.lessons;
    for f in c
        .trigger
        .iter_mut()
        .chain(c.root_causes.iter_mut())
        .chain(c.contributing.iter_mut())
        .chain(l.went_well.iter_mut())
        .chain(l.went_wrong.iter_mut())
        .chain(l.lucky.iter_mut())
    {
        cite(&mut f.sources);
    }
    for a in &mut inc.actions {
        cite(&mut a.sources);
    }
    for list in crate::model::facts::citation_lists_mut(inc) {
        cite(list);
    }
}

// ---------------------------------------------------------------------------------------
// The merge proper

struct Merger {
    prefer: Side,
    conflicts: Vec<Conflict>,
}

/// The order of items added on both sides at one place: by time (none last), then by the
/// item's content without its id, so that the order does not depend on which side is ours.
type OrderKey = (Option<i64>, String);

impl Merger {
    fn record(&mut self, b: &Incident, o: &Incident, t: &Incident) -> Incident {
        Incident {
            schema: self.field("schema", &b.schema, &o.schema, &t.schema),
            id: self.field("id", &b.id, &o.id, &t.id),
            title: self.field("title", &b.title, &o.title, &t.title),
            summary: self.field("summary", &b.summary, &o.summary, &t.summary),
            summary_sources: self.words(
                "summary sources",
                &b.summary_sources,
                &o.summary_sources,
                &t.summary_sources,
            ),
            kind: self.field("kind", &b.kind, &o.kind, &t.kind),
            severity: self.field("severity", &b.severity, &o.severity, &t.severity),
            provider_severity: self.field(
                "provider_severity",
                &b.provider_severity,
                &o.provider_severity,
                &t.provider_severity,
            ),
            severity_rationale: self.field(
                "severity_rationale",
                &b.severity_rationale,
                &o.severity_rationale,
                &t.severity_rationale,
            ),
            // Safe rule: the later stage of the lifecycle.
            status: if o.status != b.status && t.status != b.status {
                o.status.max(t.status)
            } else {
                self.field("status", &b.status, &o.status, &t.status)
            },
            authors: self.words("authors", &b.authors, &o.authors, &t.authors),
            organisation: self.field(
                "organisation",
                &b.organisation,
                &o.organisation,
                &t.organisation,
            ),
            region: self.field("region", &b.region, &o.region, &t.region),
            zones: self.words("zones", &b.zones, &o.zones, &t.zones),
            site: self.field("site", &b.site, &o.site, &t.site),
            // Lists without ids merge as one value each: a change on one side is taken, a
            // change on both is a conflict.
            regions: self.field("regions", &b.regions, &o.regions, &t.regions),
            timezone: self.field("timezone", &b.timezone, &o.timezone, &t.timezone),
            moments: self.moments(&b.moments, &o.moments, &t.moments),
            services: self.targets("service", &b.services, &o.services, &t.services),
            customers: self.targets("customer", &b.customers, &o.customers, &t.customers),
            no_impact: self.field("no_impact", &b.no_impact, &o.no_impact, &t.no_impact),
            counts: self.field("counts", &b.counts, &o.counts, &t.counts),
            data_loss: self.field("data_loss", &b.data_loss, &o.data_loss, &t.data_loss),
            stated: self.field("stated", &b.stated, &o.stated, &t.stated),
            events: self.list(
                "event",
                &b.events,
                &o.events,
                &t.events,
                |e| e.id.clone(),
                |e| (e.at.instant().map(|t| t.get().timestamp()), sans_id(e)),
                |m, what, b, o, t| m.item(what, b, o, t),
            ),
            // Roles have no ids: the list is one value, merged as a whole.
            roles: self.field("roles", &b.roles, &o.roles, &t.roles),
            causes: Causes {
                trigger: self.findings(
                    "trigger",
                    &b.causes.trigger,
                    &o.causes.trigger,
                    &t.causes.trigger,
                ),
                root_causes: self.findings(
                    "root cause",
                    &b.causes.root_causes,
                    &o.causes.root_causes,
                    &t.causes.root_causes,
                ),
                contributing: self.findings(
                    "contributing factor",
                    &b.causes.contributing,
                    &o.causes.contributing,
                    &t.causes.contributing,
                ),
                root_cause_status: self.field(
                    "root cause status",
                    &b.causes.root_cause_status,
                    &o.causes.root_cause_status,
                    &t.causes.root_cause_status,
                ),
            },
            lessons: Lessons {
                went_well: self.findings(
                    "went well",
                    &b.lessons.went_well,
                    &o.lessons.went_well,
                    &t.lessons.went_well,
                ),
                went_wrong: self.findings(
                    "went wrong",
                    &b.lessons.went_wrong,
                    &o.lessons.went_wrong,
                    &t.lessons.went_wrong,
                ),
                lucky: self.findings(
                    "lucky",
                    &b.lessons.lucky,
                    &o.lessons.lucky,
                    &t.lessons.lucky,
                ),
            },
            actions: self.list(
                "action",
                &b.actions,
                &o.actions,
                &t.actions,
                |a| a.id.clone(),
                |a| (a.opened.map(|d| d.to_epoch_days() as i64), sans_id(a)),
                |m, what, b, o, t| m.item(what, b, o, t),
            ),
            references: self.field("references", &b.references, &o.references, &t.references),
            sources: self.list(
                "source",
                &b.sources,
                &o.sources,
                &t.sources,
                |s| s.id.clone(),
                |s| (None, sans_id(s)),
                |m, what, b, o, t| m.item(what, b, o, t),
            ),
            tags: self.words("tags", &b.tags, &o.tags, &t.tags),
            fields: self.custom_fields(&b.fields, &o.fields, &t.fields),
        }
    }

    /// Custom fields merged one name at a time: a field set or changed on one side keeps
    /// that side's value; changed differently on both, it is a conflict.
    fn custom_fields(
        &mut self,
        b: &crate::model::fields::Fields,
        o: &crate::model::fields::Fields,
        t: &crate::model::fields::Fields,
    ) -> crate::model::fields::Fields {
        let names: std::collections::BTreeSet<&String> =
            b.keys().chain(o.keys()).chain(t.keys()).collect();
        let mut out = crate::model::fields::Fields::new();
        for name in names {
            let merged = self.field(
                &format!("field {name}"),
                &b.get(name).cloned(),
                &o.get(name).cloned(),
                &t.get(name).cloned(),
            );
            if let Some(v) = merged {
                out.insert(name.clone(), v);
            }
        }
        out
    }

    /// A plain three-way choice for one field.
    fn field<T: Clone + PartialEq + Serialize>(&mut self, what: &str, b: &T, o: &T, t: &T) -> T {
        if o == t || t == b {
            return o.clone();
        }
        if o == b {
            return t.clone();
        }
        self.conflict(what.to_string(), &json(o), &json(t));
        self.pick(o, t).clone()
    }

    fn pick<'a, T>(&self, o: &'a T, t: &'a T) -> &'a T {
        match self.prefer {
            Side::Ours => o,
            Side::Theirs => t,
        }
    }

    fn conflict(&mut self, what: String, o: &Value, t: &Value) {
        self.conflicts.push(Conflict {
            what,
            ours: shown(Some(o)),
            theirs: shown(Some(t)),
        });
    }

    fn moments(&mut self, b: &Moments, o: &Moments, t: &Moments) -> Moments {
        let mut out = Moments::default();
        for name in MomentName::ALL {
            let (bm, om, tm) = (b.get(name), o.get(name), t.get(name));
            let what = format!("moments {}", name.field());
            let chosen = match (om, tm) {
                (Some(x), Some(y)) if om != bm && tm != bm && x != y => {
                    match safe_moment(name, x, y) {
                        Some(m) => Some(m.clone()),
                        None => self.item(&what, bm, x, y).into(),
                    }
                }
                _ => self.field(&what, &bm.cloned(), &om.cloned(), &tm.cloned()),
            };
            *out.slot(name) = chosen;
        }
        out
    }

    fn targets(
        &mut self,
        kind: &'static str,
        b: &[Affected],
        o: &[Affected],
        t: &[Affected],
    ) -> Vec<Affected> {
        self.list(
            kind,
            b,
            o,
            t,
            |a| a.name.clone(),
            |a| (None, a.name.clone()),
            |m, what, b, o, t| {
                let strip = |a: &Affected| Affected {
                    windows: Vec::new(),
                    ..a.clone()
                };
                let empty: Vec<Window> = Vec::new();
                let mut merged = m.item(what, b.map(strip).as_ref(), &strip(o), &strip(t));
                let windows_of_base = b.map_or(&empty, |b| &b.windows);
                merged.windows = m.list(
                    &format!("{what} window"),
                    windows_of_base,
                    &o.windows,
                    &t.windows,
                    window_key,
                    |w| (w.from.instant().map(|t| t.get().timestamp()), sans_id(w)),
                    |m, what, b, o, t| m.item(what, b, o, t),
                );
                merged
            },
        )
    }

    fn findings(
        &mut self,
        what: &str,
        b: &[Finding],
        o: &[Finding],
        t: &[Finding],
    ) -> Vec<Finding> {
        self.list(
            what,
            b,
            o,
            t,
            |f| f.text.clone(),
            |f| (None, f.text.clone()),
            |m, what, b, o, t| m.item(what, b, o, t),
        )
    }

    /// A list of words (tags, authors, zones): a set merge that keeps the order of ours.
    fn words(&mut self, what: &str, b: &[String], o: &[String], t: &[String]) -> Vec<String> {
        self.list(
            what,
            b,
            o,
            t,
            Clone::clone,
            |w| (None, w.clone()),
            |m, what, b, o, t| m.item(what, b, o, t),
        )
    }

    /// Merges a list by identity. Items of base keep base's order; items added on either
    /// side follow the base item they were added after, those added at one place on both
    /// sides ordered by time.
    #[allow(clippy::too_many_arguments)]
    fn list<T: Clone + PartialEq + Serialize>(
        &mut self,
        what: &str,
        b: &[T],
        o: &[T],
        t: &[T],
        key: impl Fn(&T) -> String,
        order: impl Fn(&T) -> OrderKey,
        mut item: impl FnMut(&mut Self, &str, Option<&T>, &T, &T) -> T,
    ) -> Vec<T> {
        if o == t || t == b {
            return o.to_vec();
        }
        if o == b {
            return t.to_vec();
        }
        let bk = keyed(b, &key);
        let ok = keyed(o, &key);
        let tk = keyed(t, &key);
        let in_base: HashSet<&str> = bk.iter().map(|(k, _)| k.as_str()).collect();
        let omap: HashMap<&str, &T> = ok.iter().map(|(k, x)| (k.as_str(), *x)).collect();
        let tmap: HashMap<&str, &T> = tk.iter().map(|(k, x)| (k.as_str(), *x)).collect();
        let oadd = additions(&ok, &in_base);
        let tadd = additions(&tk, &in_base);

        let mut out = Vec::with_capacity(o.len().max(t.len()));
        type ItemFn<'f, M, T> = dyn FnMut(&mut M, &str, Option<&T>, &T, &T) -> T + 'f;
        let emit =
            |m: &mut Self, item: &mut ItemFn<Self, T>, out: &mut Vec<T>, anchor: Option<&str>| {
                let none = Vec::new();
                let ours = oadd.get(&anchor).unwrap_or(&none);
                let theirs = tadd.get(&anchor).unwrap_or(&none);
                let mut added: Vec<T> = Vec::with_capacity(ours.len() + theirs.len());
                for (k, x) in ours {
                    match tmap.get(k.as_str()) {
                        // Added on both sides under one identity: merged as two additions.
                        Some(y) => added.push(item(m, &format!("{what} {k}"), None, x, y)),
                        None => added.push((*x).clone()),
                    }
                }
                for (k, y) in theirs {
                    if !omap.contains_key(k.as_str()) {
                        added.push((*y).clone());
                    }
                }
                if !ours.is_empty() && !theirs.is_empty() {
                    added.sort_by_cached_key(&order);
                }
                out.extend(added);
            };
        emit(self, &mut item, &mut out, None);
        for (k, bi) in &bk {
            let label = format!("{what} {k}");
            match (omap.get(k.as_str()), tmap.get(k.as_str())) {
                (Some(oi), Some(ti)) => out.push(item(self, &label, Some(bi), oi, ti)),
                (None, None) => {}
                (Some(oi), None) => {
                    if *oi != *bi {
                        self.removed_and_changed(label, Some(*oi), None);
                        if self.prefer == Side::Ours {
                            out.push((*oi).clone());
                        }
                    }
                }
                (None, Some(ti)) => {
                    if *ti != *bi {
                        self.removed_and_changed(label, None, Some(*ti));
                        if self.prefer == Side::Theirs {
                            out.push((*ti).clone());
                        }
                    }
                }
            }
            emit(self, &mut item, &mut out, Some(k.as_str()));
        }
        out
    }

    fn removed_and_changed<T: Serialize>(&mut self, what: String, o: Option<&T>, t: Option<&T>) {
        self.conflicts.push(Conflict {
            what,
            ours: shown(o.map(json).as_ref()),
            theirs: shown(t.map(json).as_ref()),
        });
    }

    /// Merges one item field by field (through its JSON shape, so every struct of the
    /// record merges alike). `b` is `None` for an item both sides added.
    fn item<T: Clone + PartialEq + Serialize + DeserializeOwned>(
        &mut self,
        what: &str,
        b: Option<&T>,
        o: &T,
        t: &T,
    ) -> T {
        if o == t || Some(t) == b {
            return o.clone();
        }
        if Some(o) == b {
            return t.clone();
        }
        let (bv, ov, tv) = (b.map(json), json(o), json(t));
        let merged = self.value(what, bv.as_ref(), Some(&ov), Some(&tv));
        match merged.and_then(|v| serde_json::from_value(v).ok()) {
            Some(x) => x,
            // A combination the schema refuses: the item as a whole is the conflict.
            None => {
                self.conflict(what.to_string(), &ov, &tv);
                self.pick(o, t).clone()
            }
        }
    }

    /// The three-way merge of JSON values: objects field by field, lists of words as sets,
    /// anything else whole. `None` is an absent field.
    fn value(
        &mut self,
        what: &str,
        b: Option<&Value>,
        o: Option<&Value>,
        t: Option<&Value>,
    ) -> Option<Value> {
        if o == t || t == b {
            return o.cloned();
        }
        if o == b {
            return t.cloned();
        }
        match (o, t) {
            (Some(Value::Object(om)), Some(Value::Object(tm))) => {
                let bm = b.and_then(Value::as_object);
                let mut out = serde_json::Map::new();
                let keys: Vec<&String> = om
                    .keys()
                    .chain(tm.keys().filter(|k| !om.contains_key(*k)))
                    .collect();
                for k in keys {
                    let v = self.value(
                        &format!("{what} {k}"),
                        bm.and_then(|m| m.get(k)),
                        om.get(k),
                        tm.get(k),
                    );
                    if let Some(v) = v {
                        out.insert(k.clone(), v);
                    }
                }
                Some(Value::Object(out))
            }
            (Some(Value::Array(oa)), Some(Value::Array(ta)))
                if oa.iter().chain(ta.iter()).all(Value::is_string) =>
            {
                let empty = Vec::new();
                let ba = b.and_then(Value::as_array).unwrap_or(&empty);
                let mut out: Vec<Value> = oa
                    .iter()
                    .filter(|v| !ba.contains(v) || ta.contains(v))
                    .cloned()
                    .collect();
                for v in ta {
                    if !ba.contains(v) && !out.contains(v) {
                        out.push(v.clone());
                    }
                }
                Some(Value::Array(out))
            }
            _ => {
                self.conflicts.push(Conflict {
                    what: what.to_string(),
                    ours: shown(o),
                    theirs: shown(t),
                });
                match self.prefer {
                    Side::Ours => o.cloned(),
                    Side::Theirs => t.cloned(),
                }
            }
        }
    }
}

/// The identity of an impact window within its target: its start and level (windows have no
/// id, and a writer ending a window changes only its end). `incident diff` uses it too.
pub fn window_key(w: &Window) -> String {
    format!("{}|{}", json(&w.from), json(&w.level))
}

/// The documented safe rule for a key moment both sides set differently: started, detected,
/// communicated and mitigated take the earlier time, resolved the later. `None` when a time is unknown.
fn safe_moment<'a>(name: MomentName, o: &'a Moment, t: &'a Moment) -> Option<&'a Moment> {
    let (x, y) = (o.at.instant()?, t.at.instant()?);
    let earlier = if y < x { t } else { o };
    let later = if y > x { t } else { o };
    Some(match name {
        MomentName::Started
        | MomentName::Detected
        | MomentName::Communicated
        | MomentName::Mitigated => earlier,
        MomentName::Resolved => later,
    })
}

/// Each item with its identity; a repeated identity gets `#2`, `#3`, … so that keys are
/// unique within the list.
fn keyed<'a, T>(items: &'a [T], key: &impl Fn(&T) -> String) -> Vec<(String, &'a T)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    items
        .iter()
        .map(|x| {
            let k = key(x);
            let n = seen.entry(k.clone()).or_insert(0);
            *n += 1;
            let k = if *n == 1 { k } else { format!("{k}#{n}") };
            (k, x)
        })
        .collect()
}

/// The items of one side that base lacks, grouped by the base item they follow (`None`:
/// before every base item).
fn additions<'k, 'a, T>(
    items: &'k [(String, &'a T)],
    in_base: &HashSet<&str>,
) -> HashMap<Option<&'k str>, Vec<(&'k String, &'a T)>> {
    let mut out: HashMap<Option<&str>, Vec<(&String, &T)>> = HashMap::new();
    let mut anchor: Option<&str> = None;
    for (k, x) in items {
        if in_base.contains(k.as_str()) {
            anchor = Some(k.as_str());
        } else {
            out.entry(anchor).or_default().push((k, *x));
        }
    }
    out
}

fn json<T: Serialize + ?Sized>(x: &T) -> Value {
    serde_json::to_value(x).unwrap_or(Value::Null)
}

/// The item's JSON without its `id`, to order items whatever ids they were given.
fn sans_id<T: Serialize>(x: &T) -> String {
    match json(x) {
        Value::Object(mut m) => {
            m.remove("id");
            Value::Object(m).to_string()
        }
        v => v.to_string(),
    }
}

/// A value as shown in a conflict: compact JSON, or `(absent)`.
fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "(absent)".to_string(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(v) => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::{ActionStatus, Status};

    fn hk() -> Incident {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        crate::files::load::parse_text(std::path::Path::new("hk.ron"), text).unwrap()
    }

    fn event(id: &str, at: &str, text: &str) -> crate::model::record::Event {
        crate::model::record::Event {
            internal: false,
            id: id.to_string(),
            at: crate::model::time::When::At(at.parse().unwrap()),
            kind: crate::model::record::EventKind::Note,
            other_kinds: Vec::new(),
            text: text.to_string(),
            actor: None,
            observed_by: None,
            update: None,
            planned: None,
            sources: Vec::new(),
            important: false,
            precursor: false,
            claims: Vec::new(),
            origin: None,
            note: None,
        }
    }

    #[test]
    fn both_sides_log_the_same_next_id_and_theirs_is_renumbered() {
        let base = hk();
        let n = base.events.len();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        ours.events
            .push(event("e900", "2022-12-18T23:00:00+08:00", "ours"));
        theirs
            .events
            .push(event("e900", "2022-12-18T22:00:00+08:00", "theirs"));
        let m = merge(&base, &ours, &theirs);
        assert!(m.is_clean(), "{:?}", m.conflicts);
        assert_eq!(m.ours.events.len(), n + 2);
        let tail: Vec<(&str, &str)> = m.ours.events[n..]
            .iter()
            .map(|e| (e.id.as_str(), e.text.as_str()))
            .collect();
        // In time order: theirs (22:00) before ours (23:00), theirs renumbered.
        assert_eq!(tail, [("e901", "theirs"), ("e900", "ours")]);
        assert_eq!(
            m.renumbered,
            [Renumbered {
                kind: "event",
                from: "e900".into(),
                to: "e901".into()
            }]
        );
    }

    #[test]
    fn status_takes_the_later_stage_and_owners_conflict() {
        let mut base = hk();
        base.status = Status::Investigating;
        base.actions[0].owner = Some("ann".into());
        base.actions[0].status = ActionStatus::Open;
        let mut ours = base.clone();
        let mut theirs = base.clone();
        ours.status = Status::Monitoring;
        theirs.status = Status::Mitigated;
        ours.actions[0].owner = Some("bob".into());
        theirs.actions[0].owner = Some("cy".into());
        theirs.actions[0].status = ActionStatus::Done;
        let m = merge(&base, &ours, &theirs);
        assert_eq!(m.ours.status, Status::Monitoring);
        let id = &base.actions[0].id;
        assert_eq!(
            m.conflicts,
            [Conflict {
                what: format!("action {id} owner"),
                ours: "\"bob\"".into(),
                theirs: "\"cy\"".into()
            }]
        );
        assert_eq!(m.ours.actions[0].owner.as_deref(), Some("bob"));
        assert_eq!(m.theirs().actions[0].owner.as_deref(), Some("cy"));
        // The status change of theirs is taken on both sides of the conflict.
        assert_eq!(m.ours.actions[0].status, ActionStatus::Done);
    }

    #[test]
    fn colliding_sources_are_renamed_with_their_citations() {
        let base = hk();
        let src = |id: &str, title: &str| crate::model::record::Source {
            internal: false,
            id: id.into(),
            title: title.into(),
            url: None,
            kind: crate::model::record::SourceKind::Press,
            publisher: None,
            published: None,
            note: None,
            further_reading: false,
        };
        let mut ours = base.clone();
        let mut theirs = base.clone();
        ours.sources.push(src("blog", "Our blog"));
        theirs.sources.push(src("blog", "Their blog"));
        let mut e = event("e900", "2022-12-18T22:00:00+08:00", "cited");
        // A graded citation keeps its grade when its source is renamed.
        e.sources = vec!["blog".into(), "blog#quoted".into()];
        theirs.events.push(e);
        let m = merge(&base, &ours, &theirs);
        assert!(m.is_clean());
        let cited = &m.ours.events.last().unwrap().sources;
        assert_eq!(cited, &["blog-2".to_string(), "blog-2#quoted".to_string()]);
        assert_eq!(m.ours.source("blog-2").unwrap().title, "Their blog");
        assert_eq!(m.ours.source("blog").unwrap().title, "Our blog");
    }

    #[test]
    fn free_ids_count_up_or_take_a_suffix() {
        let mut taken: HashSet<String> = ["e1", "e7", "A2", "x", "x-2"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(free_id("e7", &mut taken), "e8");
        assert_eq!(free_id("e7", &mut taken), "e9");
        assert_eq!(free_id("x", &mut taken), "x-3");
    }
}
