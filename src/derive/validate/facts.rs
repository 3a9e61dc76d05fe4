//! The checks of the schema-3 facts of issue 13 (B): cause ids, links and evidence, the
//! root-cause status, action completion and the causes actions address, roles and
//! hand-overs, public updates, observers and repeated kinds.

use std::collections::{HashMap, HashSet};

use super::Validator;
use crate::files::locate::Path;
use crate::model::chain::RootCauseStatus;
use crate::model::record::{ActionStatus, EventKind, Incident, MomentName};
use crate::model::roles::Role;
use crate::model::rule::Rule;
use crate::model::time::when_rfc3339;

impl Validator<'_> {
    /// Cause ids are unique; `led_to` names causes, `evidence` names events; no loops; the
    /// root-cause status agrees with the root causes listed.
    pub(super) fn cause_chain(&mut self, inc: &Incident) {
        let base = Path::root().field("causes");
        let events: HashSet<&str> = inc.events.iter().map(|e| e.id.as_str()).collect();
        let mut ids: HashSet<&str> = HashSet::new();
        for (list, i, f) in inc.causes.all() {
            let here = base.field(list.field()).index(i);
            if let Some(id) = f.id.as_deref()
                && !ids.insert(id)
            {
                self.report(
                    Rule::DuplicateCauseId,
                    &here.field("id"),
                    format!(
                        "cause id `{}` is used twice",
                        crate::model::text::visible(id)
                    ),
                );
            }
        }
        let known = known_list(inc.causes.all().filter_map(|(_, _, f)| f.id.as_deref()));
        for (list, i, f) in inc.causes.all() {
            let here = base.field(list.field()).index(i);
            for (k, to) in f.led_to.iter().enumerate() {
                if !ids.contains(to.as_str()) {
                    self.report(
                        Rule::UnknownCause,
                        &here.field("led_to").index(k),
                        format!(
                            "`led_to` names cause `{}`, which the record does not have; known causes: {known}",
                            crate::model::text::visible(to)
                        ),
                    );
                }
            }
            for (k, ev) in f.evidence.iter().enumerate() {
                if !events.contains(ev.as_str()) {
                    self.report(
                        Rule::UnknownEvidence,
                        &here.field("evidence").index(k),
                        format!(
                            "`evidence` names event `{}`, which the record does not have",
                            crate::model::text::visible(ev)
                        ),
                    );
                }
            }
        }
        for (list, i, id) in loops(inc) {
            self.report(
                Rule::CauseLoop,
                &base.field(list.field()).index(i).field("led_to"),
                format!("cause `{id}` leads back to itself through `led_to`; a chain runs one way"),
            );
        }
        let listed = !inc.causes.root_causes.is_empty();
        let contradiction = match inc.causes.root_cause_status {
            Some(RootCauseStatus::Determined) if !listed => Some(
                "the root cause is stated as determined but no root cause is listed".to_string(),
            ),
            Some(s @ (RootCauseStatus::NotDetermined | RootCauseStatus::UnderInvestigation))
                if listed =>
            {
                Some(format!(
                    "the root cause is stated as {} but {} root cause(s) are listed; list them as contributing factors, or change the status",
                    s.label(),
                    inc.causes.root_causes.len()
                ))
            }
            _ => None,
        };
        if let Some(msg) = contradiction {
            self.report(
                Rule::RootCauseStatusContradicts,
                &base.field("root_cause_status"),
                msg,
            );
        }
    }

    /// An action's causes exist; a completion day is after the opening day and only on a
    /// done item.
    pub(super) fn action_facts(&mut self, inc: &Incident) {
        let base = Path::root().field("actions");
        let ids: HashSet<&str> = inc
            .causes
            .all()
            .filter_map(|(_, _, f)| f.id.as_deref())
            .collect();
        let known = known_list(inc.causes.all().filter_map(|(_, _, f)| f.id.as_deref()));
        for (i, a) in inc.actions.iter().enumerate() {
            let here = base.index(i);
            for (k, c) in a.addresses.iter().enumerate() {
                if !ids.contains(c.as_str()) {
                    self.report(
                        Rule::UnknownCause,
                        &here.field("addresses").index(k),
                        format!(
                            "action `{}` addresses cause `{}`, which the record does not have; known causes: {known}",
                            a.id,
                            crate::model::text::visible(c)
                        ),
                    );
                }
            }
            let Some(done) = a.completed else { continue };
            if let Some(opened) = a.opened
                && done < opened
            {
                self.report(
                    Rule::CompletedBeforeOpened,
                    &here.field("completed"),
                    format!(
                        "action `{}` is completed on {done}, before it was opened on {opened}",
                        a.id
                    ),
                );
            }
            if a.status != ActionStatus::Done {
                self.report(
                    Rule::CompletedNotDone,
                    &here.field("completed"),
                    format!(
                        "action `{}` has a completion date ({done}) but is {}; set the status to Done or remove `completed`",
                        a.id,
                        a.status.label()
                    ),
                );
            }
        }
        self.cited(
            inc,
            &inc.summary_sources,
            &Path::root().field("summary_sources"),
        );
    }

    /// Roles: a person, a title for `Other`, a hand-over after the taking over.
    pub(super) fn roles(&mut self, inc: &Incident) {
        let base = Path::root().field("roles");
        for (i, r) in inc.roles.iter().enumerate() {
            let here = base.index(i);
            if r.person.trim().is_empty() {
                self.report(
                    Rule::EmptyText,
                    &here.field("person"),
                    format!("the {} has no `person`", r.role_name()),
                );
            }
            if r.role == Role::Other && r.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
                self.report(
                    Rule::RoleWithoutTitle,
                    &here.field("role"),
                    format!(
                        "the role of `{}` is Other but has no `title`; name the role",
                        r.person
                    ),
                );
            }
            self.cited(inc, &r.sources, &here.field("sources"));
            for (field, at) in [("from", r.from), ("to", r.to)] {
                if let Some(at) = at {
                    self.day_at_midnight(at, &here.field(field));
                }
            }
            if let (Some(from), Some(to)) = (r.from, r.to)
                && let (Some(f), Some(t)) = (from.instant(), to.instant())
                && t < f
            {
                self.report(
                    Rule::HandOverBackwards,
                    &here.field("to"),
                    format!(
                        "`{}` hands over the {} ({}) before taking it ({})",
                        r.person,
                        r.role_name(),
                        when_rfc3339(to),
                        when_rfc3339(from)
                    ),
                );
            }
        }
    }

    /// Public updates are communications; an event names each kind once; a third party's
    /// detection is not taken for the organisation's own unless the moment says so.
    pub(super) fn event_facts(&mut self, inc: &Incident) {
        let base = Path::root().field("events");
        for (i, e) in inc.events.iter().enumerate() {
            let here = base.index(i);
            if e.update.is_some() && !e.is(EventKind::Communication) {
                self.report(
                    Rule::UpdateNotCommunication,
                    &here.field("update"),
                    format!(
                        "event `{}` is a public update but not of kind Communication; add Communication to its `other_kinds`",
                        e.id
                    ),
                );
            }
            let mut seen = HashSet::new();
            for (k, kind) in e.kinds().enumerate() {
                if !seen.insert(kind) {
                    self.report(
                        Rule::RepeatedKind,
                        &here.field("other_kinds").index(k - 1),
                        format!("event `{}` names the kind {} twice", e.id, kind.ron()),
                    );
                }
            }
            if let Some(p) = &e.planned
                && let Some(stated) = p.stated
            {
                self.day_at_midnight(stated, &here.field("planned").field("stated"));
            }
        }
        let Some(d) = inc.moments.get(MomentName::Detected) else {
            return;
        };
        let Some(t) = d.at.instant() else { return };
        if d.observed_by.is_some() {
            return;
        }
        let at_t: Vec<_> = inc
            .events
            .iter()
            .filter(|e| e.is(EventKind::Detection) && e.at.instant() == Some(t))
            .collect();
        let own = at_t.iter().any(|e| e.observed_by.is_none());
        if let (false, Some(other)) = (own, at_t.iter().find(|e| e.observed_by.is_some())) {
            let who = other
                .observed_by
                .as_ref()
                .map(|o| o.phrase())
                .unwrap_or_default();
            self.report(
                Rule::ThirdPartyDetection,
                &Path::root().field("moments").field("detected").field("at"),
                format!(
                    "`detected` is the time of event `{}`, observed by {who}; a third party's detection is not the organisation's: give the organisation's own detection, or set `observed_by` on the moment to take it as its own",
                    other.id
                ),
            );
        }
    }
}

/// The ids, for messages: at most ten, then how many more; `none` when empty.
fn known_list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let mut ids: Vec<&str> = ids.collect();
    let mut seen = HashSet::new();
    ids.retain(|id| seen.insert(*id));
    if ids.is_empty() {
        return "none".to_string();
    }
    let mut text =
        crate::model::text::visible(&ids.iter().take(10).copied().collect::<Vec<_>>().join(", "));
    if ids.len() > 10 {
        text.push_str(&format!(" and {} more", ids.len() - 10));
    }
    text
}

/// The causes on a loop of `led_to` links, each loop reported once at its first cause in
/// record order: (list, index, id).
fn loops(inc: &Incident) -> Vec<(crate::model::chain::CauseList, usize, String)> {
    let graph: HashMap<&str, Vec<&str>> = inc
        .causes
        .all()
        .filter_map(|(_, _, f)| {
            f.id.as_deref()
                .map(|id| (id, f.led_to.iter().map(String::as_str).collect()))
        })
        .collect();
    let mut reported: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    for (list, i, f) in inc.causes.all() {
        let Some(id) = f.id.as_deref() else { continue };
        if reported.contains(id) {
            continue;
        }
        // Every cause reachable from `id`; a loop when `id` itself is among them.
        let mut seen: HashSet<&str> = HashSet::new();
        let mut stack: Vec<&str> = graph.get(id).cloned().unwrap_or_default();
        while let Some(n) = stack.pop() {
            if seen.insert(n) {
                stack.extend(graph.get(n).into_iter().flatten());
            }
        }
        if seen.contains(id) {
            // The other causes on the same loop are those that reach back to `id`.
            for other in &seen {
                let mut back: HashSet<&str> = HashSet::new();
                let mut stack: Vec<&str> = graph.get(other).cloned().unwrap_or_default();
                while let Some(n) = stack.pop() {
                    if back.insert(n) {
                        stack.extend(graph.get(n).into_iter().flatten());
                    }
                }
                if back.contains(id) {
                    reported.insert(other);
                }
            }
            reported.insert(id);
            out.push((list, i, id.to_string()));
        }
    }
    out
}
