//! The record a document for an audience is made from. The public record is the record without
//! its internal items (events, customers, action items, sources, counts marked
//! `internal: true`) and without every mention of them: citations of internal sources, claims
//! that only internal sources make, evidence that points at internal events. Every view is then
//! built from it as from any record, so nothing internal can reach a table, a chart label, a
//! footnote or the JSON of the summary. The rule for figures is in docs/schema.md ("Audience").

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::Value;

use crate::model::audience::Audience;
use crate::model::record::Incident;

/// The record as `audience` may read it; `hide_customers` also puts neutral labels
/// ([`customer_label`]) in place of customer names. The internal audience without hidden
/// customers reads the record itself.
pub fn for_audience(inc: &Incident, audience: Audience, hide_customers: bool) -> Cow<'_, Incident> {
    if audience == Audience::Internal && !hide_customers {
        return Cow::Borrowed(inc);
    }
    let mut view = match audience {
        Audience::Internal => inc.clone(),
        Audience::Public => public(inc),
    };
    if hide_customers {
        hide_customer_names(&mut view);
    }
    Cow::Owned(view)
}

/// True when the record has an item marked internal.
pub fn has_internal(inc: &Incident) -> bool {
    inc.events.iter().any(|e| e.internal)
        || inc.targets().any(|(_, t)| t.internal)
        || inc.actions.iter().any(|a| a.internal)
        || inc.sources.iter().any(|s| s.internal)
        || inc.counts.iter().any(|c| c.internal)
        || inc
            .targets()
            .any(|(_, t)| t.counts.iter().any(|c| c.internal))
}

/// The record without its internal items and every mention of them.
pub fn public(inc: &Incident) -> Incident {
    if !has_internal(inc) {
        return inc.clone();
    }
    let sources: HashSet<String> = ids(inc.sources.iter().filter(|s| s.internal).map(|s| &s.id));
    let events: HashSet<String> = ids(inc.events.iter().filter(|e| e.internal).map(|e| &e.id));
    let mut out = inc.clone();
    out.events.retain(|e| !e.internal);
    // Writers offer `--internal` for customers; a service marked by hand is left out alike.
    out.services.retain(|s| !s.internal);
    out.customers.retain(|c| !c.internal);
    out.actions.retain(|a| !a.internal);
    out.sources.retain(|s| !s.internal);
    out.counts.retain(|c| !c.internal);
    for t in out.services.iter_mut().chain(out.customers.iter_mut()) {
        t.counts.retain(|c| !c.internal);
    }
    // Citations live in many places (every fact has `sources`); one walk over the record's
    // data finds them all, those of facts added later included.
    let Ok(mut value) = serde_json::to_value(&out) else {
        return out;
    };
    scrub(&mut value, &sources, &events);
    serde_json::from_value(value).unwrap_or(out)
}

fn ids<'a>(it: impl Iterator<Item = &'a String>) -> HashSet<String> {
    it.cloned().collect()
}

/// Fields that list source ids.
const CITATIONS: [&str; 2] = ["sources", "summary_sources"];
/// Fields that list other sources' claims; a claim only internal sources make is left out.
const CLAIMS: [&str; 3] = ["claims", "from_claims", "to_claims"];

/// Removes citations of `sources`, claims that only they make, and evidence in `events`.
fn scrub(v: &mut Value, sources: &HashSet<String>, events: &HashSet<String>) {
    match v {
        Value::Object(map) => {
            for key in CLAIMS {
                if let Some(Value::Array(claims)) = map.get_mut(key) {
                    claims.retain(|c| !cites_only(c, sources));
                }
            }
            for key in CITATIONS {
                if let Some(Value::Array(ids)) = map.get_mut(key) {
                    ids.retain(|id| !id.as_str().is_some_and(|id| sources.contains(id)));
                }
            }
            if let Some(Value::Array(ids)) = map.get_mut("evidence") {
                ids.retain(|id| !id.as_str().is_some_and(|id| events.contains(id)));
            }
            for child in map.values_mut() {
                scrub(child, sources, events);
            }
        }
        Value::Array(items) => {
            for child in items {
                scrub(child, sources, events);
            }
        }
        _ => {}
    }
}

/// True when a claim cites sources and every one of them is internal.
fn cites_only(claim: &Value, sources: &HashSet<String>) -> bool {
    match claim.get("sources") {
        Some(Value::Array(ids)) => {
            !ids.is_empty()
                && ids
                    .iter()
                    .all(|id| id.as_str().is_some_and(|id| sources.contains(id)))
        }
        _ => false,
    }
}

/// The neutral label of the customer at `index` (from 0) in record order: `Customer A`, …,
/// `Customer Z`, `Customer AA`, ….
pub fn customer_label(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        n -= 1;
        letters.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    letters.reverse();
    format!("Customer {}", letters.into_iter().collect::<String>())
}

/// Puts neutral labels in place of customer names (and drops their names in other
/// languages). A third party that observed an event under a customer's name is relabelled too.
pub fn hide_customer_names(inc: &mut Incident) {
    let mut renamed: Vec<(String, String)> = Vec::new();
    for (i, c) in inc.customers.iter_mut().enumerate() {
        let label = customer_label(i);
        renamed.push((std::mem::replace(&mut c.name, label.clone()), label));
        c.names.clear();
    }
    for e in &mut inc.events {
        if let Some(name) = e.observed_by.as_mut().and_then(|o| o.name.as_mut())
            && let Some((_, label)) = renamed.iter().find(|(old, _)| old == name)
        {
            *name = label.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Incident {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .unwrap()
    }

    /// Every string anywhere in the record's data.
    fn strings(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            Value::Object(m) => m.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }

    #[test]
    fn a_record_without_marks_is_its_own_public_version() {
        let inc = record();
        assert!(!has_internal(&inc));
        assert_eq!(public(&inc), inc);
        assert!(matches!(
            for_audience(&inc, Audience::Internal, false),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn an_internal_source_is_cited_nowhere_in_the_public_record() {
        let mut inc = record();
        // The most cited source of the shipped record.
        let json = serde_json::to_value(&inc).unwrap();
        let mut all = Vec::new();
        strings(&json, &mut all);
        let id = inc
            .sources
            .iter()
            .max_by_key(|s| all.iter().filter(|x| **x == s.id).count())
            .unwrap()
            .id
            .clone();
        assert!(all.iter().filter(|x| **x == id).count() > 3);
        inc.sources
            .iter_mut()
            .find(|s| s.id == id)
            .unwrap()
            .internal = true;
        let p = public(&inc);
        let mut left = Vec::new();
        strings(&serde_json::to_value(&p).unwrap(), &mut left);
        assert!(!left.contains(&id), "`{id}` is still cited");
        assert_eq!(p.sources.len(), inc.sources.len() - 1);
        // Everything else stays: the events, the services and their windows.
        assert_eq!(p.events.len(), inc.events.len());
        assert_eq!(p.services, {
            let mut s = inc.services.clone();
            for t in &mut s {
                t.sources.retain(|x| *x != id);
                for w in &mut t.windows {
                    w.sources.retain(|x| *x != id);
                    for c in w.from_claims.iter_mut().chain(w.to_claims.iter_mut()) {
                        c.sources.retain(|x| *x != id);
                    }
                    w.from_claims.retain(|c| !c.sources.is_empty());
                    w.to_claims.retain(|c| !c.sources.is_empty());
                }
            }
            s
        });
    }

    #[test]
    fn internal_events_customers_actions_and_counts_are_left_out() {
        let mut inc = record();
        inc.events[1].internal = true;
        let gone = inc.events[1].id.clone();
        if let Some(f) = inc.causes.root_causes.first_mut() {
            f.evidence.push(gone.clone());
        }
        inc.actions[0].internal = true;
        let p = public(&inc);
        assert_eq!(p.events.len(), inc.events.len() - 1);
        assert!(p.events.iter().all(|e| e.id != gone));
        assert!(p.causes.all().all(|(_, _, f)| !f.evidence.contains(&gone)));
        assert_eq!(p.actions.len(), inc.actions.len() - 1);
        assert_eq!(p.actions[0].id, inc.actions[1].id);
    }

    #[test]
    fn customer_labels_follow_record_order() {
        assert_eq!(customer_label(0), "Customer A");
        assert_eq!(customer_label(25), "Customer Z");
        assert_eq!(customer_label(26), "Customer AA");
        assert_eq!(customer_label(27), "Customer AB");
        let mut inc = record();
        let names: Vec<String> = inc.customers.iter().map(|c| c.name.clone()).collect();
        hide_customer_names(&mut inc);
        for (i, c) in inc.customers.iter().enumerate() {
            assert_eq!(c.name, customer_label(i));
            assert!(c.names.is_empty());
            assert!(!names.contains(&c.name));
        }
    }
}
