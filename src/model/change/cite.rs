//! What every writer may add to the item it writes: sources it rests on (`--source`), a note
//! (`--note`), and for action items the causes they address (`--addresses`). The writers'
//! own changes stay as they are; these are laid on the item they made or changed, found by
//! its id.

use crate::model::change::{EditError, add_missing, known_sources, position_by_id};
use crate::model::record::{ActionItem, Event, Incident};

/// Sources and a note for one item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cite {
    /// Source ids, added to those the item has.
    pub sources: Vec<String>,
    /// Replaces the item's note.
    pub note: Option<String>,
}

impl Cite {
    /// True when there is nothing to add.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty() && self.note.is_none()
    }

    /// Refuses source ids the record does not list (before anything is changed).
    pub fn check(&self, inc: &Incident) -> Result<(), EditError> {
        known_sources(inc, &self.sources)
    }

    /// Adds the sources (each once) and sets the note.
    pub fn apply(&self, sources: &mut Vec<String>, note: &mut Option<String>) {
        add_missing(sources, &self.sources);
        if let Some(n) = &self.note {
            *note = Some(n.clone());
        }
    }

    /// Lays the sources and note on the event `id`, if the record has it.
    pub fn on_event(&self, inc: &mut Incident, id: &str) {
        if let Some(e) = inc.events.iter_mut().find(|e| e.id == id) {
            self.apply(&mut e.sources, &mut e.note);
        }
    }
}

/// The event with id `id`: exactly, or ignoring case (`E3` is `e3`).
pub fn event_index(inc: &Incident, id: &str) -> Result<usize, EditError> {
    position_by_id(&inc.events, id, |e| &e.id).ok_or_else(|| EditError::NoEvent {
        id: crate::model::text::visible(id),
        known: inc.events.iter().map(|e| e.id.clone()).collect(),
    })
}

/// The action item with id `id`: exactly, or ignoring case (`a1` is `A1`).
pub fn action_index(inc: &Incident, id: &str) -> Result<usize, EditError> {
    position_by_id(&inc.actions, id, |a| &a.id).ok_or_else(|| EditError::NoAction {
        id: crate::model::text::visible(id),
        known: inc.actions.iter().map(|a| a.id.clone()).collect(),
    })
}

/// The ids of the record's causes (triggers, root causes, contributing causes).
pub fn cause_ids(inc: &Incident) -> Vec<String> {
    let c = &inc.causes;
    c.trigger
        .iter()
        .chain(&c.root_causes)
        .chain(&c.contributing)
        .filter_map(|f| f.id.clone())
        .collect()
}

/// Adds causes an action item addresses; each must be the id of one of the record's causes.
pub fn address(inc: &mut Incident, index: usize, causes: &[String]) -> Result<(), EditError> {
    let known = cause_ids(inc);
    if let Some(c) = causes.iter().find(|c| !known.contains(c)) {
        return Err(EditError::NoCause {
            id: crate::model::text::visible(c),
            known,
            incident: inc.id.clone(),
        });
    }
    if let Some(a) = inc.actions.get_mut(index) {
        add_each(a, causes);
    }
    Ok(())
}

fn add_each(a: &mut ActionItem, causes: &[String]) {
    for c in causes {
        if !a.addresses.contains(c) {
            a.addresses.push(c.clone());
        }
    }
}

/// An event already in the record with the same time, kind and text as `e`: logging it
/// again is almost always a mistake (a command run twice).
pub fn duplicate_of<'a>(inc: &'a Incident, e: &Event) -> Option<&'a Event> {
    inc.events
        .iter()
        .find(|o| o.id != e.id && o.at == e.at && o.kind == e.kind && o.text == e.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hk() -> Incident {
        crate::model::change::shipped_record()
    }

    #[test]
    fn sources_are_added_once_and_the_note_replaced() {
        let c = Cite {
            sources: vec!["a".into(), "b".into()],
            note: Some("new".into()),
        };
        let mut sources = vec!["b".to_string()];
        let mut note = Some("old".to_string());
        c.apply(&mut sources, &mut note);
        assert_eq!(sources, ["b", "a"]);
        assert_eq!(note.as_deref(), Some("new"));
        assert!(Cite::default().is_empty());
    }

    #[test]
    fn an_unknown_cause_is_refused_and_a_copy_of_an_event_found() {
        let mut inc = hk();
        let known = cause_ids(&inc);
        assert!(!known.is_empty());
        let e = address(&mut inc, 0, &["no-such-cause".to_string()]);
        assert!(matches!(e, Err(EditError::NoCause { .. })));
        let mut copy = inc.events[0].clone();
        assert_eq!(duplicate_of(&inc, &copy), None);
        copy.id = "e999".into();
        assert_eq!(
            duplicate_of(&inc, &copy).map(|e| e.id.as_str()),
            Some(inc.events[0].id.as_str())
        );
        assert_eq!(
            event_index(&inc, &inc.events[1].id.to_uppercase()).unwrap(),
            1
        );
    }
}
