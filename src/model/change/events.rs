//! `incident event set|rm`: change or remove one timeline event.

use crate::model::change::EditError;
use crate::model::change::cite::{self, Cite};
use crate::model::record::{Event, EventKind, Incident};
use crate::model::time::{When, when_rfc3339};

/// Changes to an event; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventChange {
    pub at: Option<When>,
    pub text: Option<String>,
    pub kind: Option<EventKind>,
    pub important: Option<bool>,
    /// Who did it or reported it.
    pub actor: Option<String>,
    pub cite: Cite,
}

/// Changes the event `id` (matched exactly or ignoring case) and returns its id. A change that
/// makes it an exact copy of another event (time, kind and text) is refused.
pub fn set_event(inc: &mut Incident, id: &str, c: EventChange) -> Result<String, EditError> {
    if c == EventChange::default() {
        return Err(EditError::NothingToChange);
    }
    c.cite.check(inc)?;
    let i = cite::event_index(inc, id)?;
    let e = &mut inc.events[i];
    if let Some(at) = c.at {
        e.at = at;
    }
    if let Some(t) = c.text {
        e.text = t;
    }
    if let Some(k) = c.kind {
        e.kind = k;
    }
    if let Some(imp) = c.important {
        e.important = imp;
    }
    if c.actor.is_some() {
        e.actor = c.actor.filter(|a| !a.trim().is_empty());
    }
    c.cite.apply(&mut e.sources, &mut e.note);
    let e = inc.events[i].clone();
    if let Some(old) = cite::duplicate_of(inc, &e) {
        return Err(duplicate(old));
    }
    Ok(e.id)
}

/// Removes the event `id`; one that a cause or lesson cites as evidence is refused, naming it.
pub fn remove_event(inc: &mut Incident, id: &str) -> Result<Event, EditError> {
    let i = cite::event_index(inc, id)?;
    let by = referrers(inc, &inc.events[i].id);
    if !by.is_empty() {
        return Err(EditError::EventReferred {
            id: inc.events[i].id.clone(),
            by,
            incident: inc.id.clone(),
        });
    }
    Ok(inc.events.remove(i))
}

/// What refers to the event `id`: causes and lessons citing it as evidence, named by their id
/// (or the start of their text).
pub fn referrers(inc: &Incident, id: &str) -> Vec<String> {
    let lists = [
        ("trigger", &inc.causes.trigger),
        ("root cause", &inc.causes.root_causes),
        ("contributing cause", &inc.causes.contributing),
        ("lesson", &inc.lessons.went_well),
        ("lesson", &inc.lessons.went_wrong),
        ("lesson", &inc.lessons.lucky),
    ];
    let mut by = Vec::new();
    for (what, list) in lists {
        for f in list.iter().filter(|f| f.evidence.iter().any(|e| e == id)) {
            let name = f.id.clone().unwrap_or_else(|| {
                format!("\"{}\"", crate::model::text::cut_at_word(&f.text, 40, "…"))
            });
            by.push(format!("{what} {name} (as evidence)"));
        }
    }
    by
}

/// The refusal of an event that copies `old`.
pub fn duplicate(old: &Event) -> EditError {
    EditError::DuplicateEvent {
        existing: old.id.clone(),
        at: when_rfc3339(old.at),
        kind: old.kind.label(),
        text: crate::model::text::one_line(&old.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hk() -> Incident {
        crate::model::change::shipped_record()
    }

    #[test]
    fn evidence_keeps_an_event_and_a_copy_is_refused() {
        let mut inc = hk();
        let cited = inc
            .causes
            .root_causes
            .iter()
            .chain(&inc.causes.trigger)
            .flat_map(|f| f.evidence.clone())
            .next();
        if let Some(id) = cited {
            assert!(matches!(
                remove_event(&mut inc, &id),
                Err(EditError::EventReferred { .. })
            ));
        }
        let (a, b) = (inc.events[0].clone(), inc.events[1].id.clone());
        let copy = EventChange {
            at: Some(a.at),
            text: Some(a.text.clone()),
            kind: Some(a.kind),
            ..Default::default()
        };
        assert!(matches!(
            set_event(&mut inc, &b, copy),
            Err(EditError::DuplicateEvent { .. })
        ));
        let last = inc.events.last().unwrap().id.clone();
        assert_eq!(remove_event(&mut inc, &last).unwrap().id, last);
    }
}
