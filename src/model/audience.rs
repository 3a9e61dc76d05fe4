//! Who a document is for, and the items a record can keep from the public: events, customers,
//! action items, sources and counts carry `internal: true` (omitted when false). `mark` is the
//! in-memory change behind `incident mark`; what a public document leaves out is
//! `derive::audience`.

use crate::model::change::EditError;
use crate::model::record::Incident;
use crate::model::vocab::{Word, words};

words! {
    /// Who a document is for.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Audience {
        /// Everyone inside the organisation: every item of the record.
        Internal = "internal", "internal";
        /// Anyone: items marked internal are left out.
        Public = "public", "public";
    }
}

words! {
    /// The kinds of item that can be marked internal.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum ItemKind {
        /// A timeline event, by id (`e3`).
        Event = "event", "event";
        /// An action item, by id (`A2`).
        Action = "action", "action item";
        /// A source, by id.
        Source = "source", "source";
        /// An affected customer, by name.
        Customer = "customer", "customer";
        /// A count, by what it counts (`servers lost`), of the incident or of any target.
        Count = "count", "count";
    }
}

/// The item a mark was made on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marked {
    pub kind: ItemKind,
    /// Its id, name or what it counts, as the record spells it.
    pub name: String,
    /// Whether it was internal before the mark.
    pub was_internal: bool,
}

/// Marks one item internal (`internal` true) or public. `item` is an event id, action id,
/// source id, customer name or what a count counts, matched exactly, else ignoring case; a
/// `KIND:` prefix (`source:slack`, `count:servers lost`) says which kind when a name is
/// shared. An item found nowhere, or in more than one place, is refused.
pub fn mark(inc: &mut Incident, item: &str, internal: bool) -> Result<Marked, EditError> {
    let (kinds, name) = match item.split_once(':') {
        Some((k, rest)) if ItemKind::parse(k).is_some() => {
            (vec![ItemKind::parse(k).unwrap_or(ItemKind::Event)], rest)
        }
        _ => (ItemKind::ALL.to_vec(), item),
    };
    let mut found: Vec<(ItemKind, Slot)> = Vec::new();
    for exact in [true, false] {
        for &k in &kinds {
            found.extend(slots(inc, k, name, exact).into_iter().map(|s| (k, s)));
        }
        if !found.is_empty() {
            break;
        }
    }
    match found.as_slice() {
        [] => Err(EditError::NoItem {
            item: item.to_string(),
            known: known(inc, &kinds),
        }),
        [(kind, slot)] => {
            let (kind, slot) = (*kind, *slot);
            let (flag, name) = flag_of(inc, slot);
            let was_internal = *flag;
            *flag = internal;
            Ok(Marked {
                kind,
                name,
                was_internal,
            })
        }
        many => Err(EditError::AmbiguousItem {
            item: item.to_string(),
            kinds: many.iter().map(|(k, _)| k.token().to_string()).collect(),
        }),
    }
}

/// A writer's `--internal`: marks the item of `kind` it has just written, named `name`,
/// internal when `internal` is set, and passes `name` on.
pub fn mark_written(
    inc: &mut Incident,
    kind: ItemKind,
    name: String,
    internal: bool,
) -> Result<String, EditError> {
    if internal {
        mark(inc, &format!("{}:{name}", kind.token()), true)?;
    }
    Ok(name)
}

/// Where a markable item is in the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Event(usize),
    Action(usize),
    Source(usize),
    Customer(usize),
    /// A count of the incident.
    Count(usize),
    /// A count of a target: its kind's list, the target, the count.
    TargetCount(bool, usize, usize),
}

fn same(a: &str, b: &str, exact: bool) -> bool {
    if exact {
        a == b
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// The items of `kind` named `name`.
fn slots(inc: &Incident, kind: ItemKind, name: &str, exact: bool) -> Vec<Slot> {
    let hit = |s: &str| same(s, name, exact);
    match kind {
        ItemKind::Event => (inc.events.iter().enumerate())
            .filter(|(_, e)| hit(&e.id))
            .map(|(i, _)| Slot::Event(i))
            .collect(),
        ItemKind::Action => (inc.actions.iter().enumerate())
            .filter(|(_, a)| hit(&a.id))
            .map(|(i, _)| Slot::Action(i))
            .collect(),
        ItemKind::Source => (inc.sources.iter().enumerate())
            .filter(|(_, s)| hit(&s.id))
            .map(|(i, _)| Slot::Source(i))
            .collect(),
        ItemKind::Customer => (inc.customers.iter().enumerate())
            .filter(|(_, c)| hit(&c.name))
            .map(|(i, _)| Slot::Customer(i))
            .collect(),
        ItemKind::Count => {
            let mut v: Vec<Slot> = (inc.counts.iter().enumerate())
                .filter(|(_, c)| hit(&c.what))
                .map(|(i, _)| Slot::Count(i))
                .collect();
            for (is_service, list) in [(true, &inc.services), (false, &inc.customers)] {
                for (t, target) in list.iter().enumerate() {
                    for (c, count) in target.counts.iter().enumerate() {
                        if hit(&count.what) {
                            v.push(Slot::TargetCount(is_service, t, c));
                        }
                    }
                }
            }
            v
        }
    }
}

/// The item's `internal` flag and its name.
fn flag_of(inc: &mut Incident, slot: Slot) -> (&mut bool, String) {
    match slot {
        Slot::Event(i) => {
            let x = &mut inc.events[i];
            (&mut x.internal, x.id.clone())
        }
        Slot::Action(i) => {
            let x = &mut inc.actions[i];
            (&mut x.internal, x.id.clone())
        }
        Slot::Source(i) => {
            let x = &mut inc.sources[i];
            (&mut x.internal, x.id.clone())
        }
        Slot::Customer(i) => {
            let x = &mut inc.customers[i];
            (&mut x.internal, x.name.clone())
        }
        Slot::Count(i) => {
            let x = &mut inc.counts[i];
            (&mut x.internal, x.what.clone())
        }
        Slot::TargetCount(is_service, t, c) => {
            let list = if is_service {
                &mut inc.services
            } else {
                &mut inc.customers
            };
            let target = &mut list[t];
            let name = format!("{}: {}", target.name, target.counts[c].what);
            (&mut target.counts[c].internal, name)
        }
    }
}

/// The names of every item of these kinds, for the hint of an item not found.
fn known(inc: &Incident, kinds: &[ItemKind]) -> Vec<String> {
    let mut v = Vec::new();
    for k in kinds {
        let names: Vec<String> = match k {
            ItemKind::Event => inc.events.iter().map(|e| e.id.clone()).collect(),
            ItemKind::Action => inc.actions.iter().map(|a| a.id.clone()).collect(),
            ItemKind::Source => inc.sources.iter().map(|s| s.id.clone()).collect(),
            ItemKind::Customer => inc.customers.iter().map(|c| c.name.clone()).collect(),
            ItemKind::Count => inc
                .counts
                .iter()
                .chain(inc.targets().flat_map(|(_, t)| t.counts.iter()))
                .map(|c| c.what.clone())
                .collect(),
        };
        v.extend(names.into_iter().map(|n| format!("{}:{n}", k.token())));
    }
    v
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

    #[test]
    fn marks_an_event_by_id_and_back() {
        let mut inc = record();
        let id = inc.events[2].id.clone();
        let m = mark(&mut inc, &id, true).unwrap();
        assert_eq!(
            (m.kind, m.name.as_str(), m.was_internal),
            (ItemKind::Event, id.as_str(), false)
        );
        assert!(inc.events[2].internal);
        let m = mark(&mut inc, &format!("event:{}", id.to_uppercase()), false).unwrap();
        assert!(m.was_internal);
        assert!(!inc.events[2].internal);
    }

    #[test]
    fn marks_a_source_and_a_customer_ignoring_case() {
        let mut inc = record();
        let src = inc.sources[0].id.clone();
        mark(&mut inc, &src.to_uppercase(), true).unwrap();
        assert!(inc.sources[0].internal);
        if let Some(c) = inc.customers.first().map(|c| c.name.clone()) {
            let m = mark(&mut inc, &c.to_lowercase(), true).unwrap();
            assert_eq!((m.kind, m.name), (ItemKind::Customer, c));
            assert!(inc.customers[0].internal);
        }
    }

    #[test]
    fn an_unknown_item_lists_what_there_is() {
        let mut inc = record();
        let err = mark(&mut inc, "source:no-such-source", true).unwrap_err();
        match err {
            EditError::NoItem { item, known } => {
                assert_eq!(item, "source:no-such-source");
                assert_eq!(known.len(), inc.sources.len());
                assert!(known.iter().all(|k| k.starts_with("source:")));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_name_two_kinds_share_is_refused() {
        let mut inc = record();
        let id = inc.events[0].id.clone();
        inc.actions[0].id = id.clone();
        match mark(&mut inc, &id, true).unwrap_err() {
            EditError::AmbiguousItem { kinds, .. } => {
                assert_eq!(kinds, vec!["event".to_string(), "action".to_string()]);
            }
            other => panic!("{other:?}"),
        }
        assert!(mark(&mut inc, &format!("action:{id}"), true).is_ok());
        assert!(inc.actions[0].internal && !inc.events[0].internal);
    }
}
