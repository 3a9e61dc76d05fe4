//! The responders of the postmortem: who held each incident role and when, the hand-overs
//! between them, and each person with the roles they held.

use serde::Serialize;

use crate::derive::summary::Citation;
use crate::model::record::Incident;
use crate::model::time::{Zone, when_text};

/// Who held which role.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RespondersSection {
    /// Every role holder, in record order.
    pub holders: Vec<HolderEntry>,
    /// Each change of hands of one role, in record order of the role's holders.
    pub handovers: Vec<HandOverEntry>,
    /// Each person once, with their roles, in order of first mention.
    pub people: Vec<PersonEntry>,
}

/// One role holder.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HolderEntry {
    pub person: String,
    /// `incident_commander`, `communications_lead`, `operations_lead`, `scribe`, `other`.
    pub role: &'static str,
    /// As shown: the title when given, else the role's label (`incident commander`).
    pub role_name: String,
    /// When they took it, as shown; `null` when from the start.
    pub from: Option<String>,
    /// When they handed it over, as shown; `null` when to the end.
    pub to: Option<String>,
    pub note: Option<String>,
    pub citations: Vec<Citation>,
    pub press_only: bool,
}

/// One role changing hands.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HandOverEntry {
    pub role_name: String,
    pub from_person: String,
    pub to_person: String,
    /// When, as shown: the new holder's `from`, else the old holder's `to`; `null` when
    /// neither is given.
    pub at: Option<String>,
}

/// A person and the roles they held.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonEntry {
    pub person: String,
    pub roles: Vec<String>,
}

/// The section, `None` when the record names no role holder. Roles are named as the team
/// names them (`config`'s roles; the built-in labels without).
pub fn build(
    inc: &Incident,
    zone: &Zone,
    config: &crate::model::config::Config,
    cite: impl Fn(&[String]) -> Vec<Citation>,
) -> Option<RespondersSection> {
    if inc.roles.is_empty() {
        return None;
    }
    let holders: Vec<HolderEntry> = inc
        .roles
        .iter()
        .map(|r| HolderEntry {
            person: r.person.clone(),
            role: r.role.token(),
            role_name: config.role_label(r),
            from: r.from.map(|w| when_text(w, zone, true)),
            to: r.to.map(|w| when_text(w, zone, true)),
            note: r.note.clone(),
            citations: cite(&r.sources),
            press_only: inc.is_press_only(&r.sources),
        })
        .collect();
    let mut handovers = Vec::new();
    for (i, r) in inc.roles.iter().enumerate() {
        // The next holder of the same role in the record is who took it over.
        let next = inc.roles[i + 1..]
            .iter()
            .find(|n| n.role == r.role && n.role_name() == r.role_name());
        if let Some(n) = next {
            handovers.push(HandOverEntry {
                role_name: config.role_label(r),
                from_person: r.person.clone(),
                to_person: n.person.clone(),
                at: n.from.or(r.to).map(|w| when_text(w, zone, true)),
            });
        }
    }
    let mut people: Vec<PersonEntry> = Vec::new();
    for h in &holders {
        match people.iter_mut().find(|p| p.person == h.person) {
            Some(p) => {
                if !p.roles.contains(&h.role_name) {
                    p.roles.push(h.role_name.clone());
                }
            }
            None => people.push(PersonEntry {
                person: h.person.clone(),
                roles: vec![h.role_name.clone()],
            }),
        }
    }
    Some(RespondersSection {
        holders,
        handovers,
        people,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_holders_of_a_role_are_hand_overs() {
        let text = include_str!("../../tests/fixtures/facts/every-fact-b.ron");
        let inc =
            crate::files::load::parse_text(std::path::Path::new("every-fact-b.ron"), text).unwrap();
        let s = build(&inc, &Zone::Utc, &Default::default(), |_| Vec::new()).unwrap();
        assert_eq!(
            s.handovers,
            [HandOverEntry {
                role_name: "incident commander".into(),
                from_person: "Ana".into(),
                to_person: "Bo".into(),
                at: Some("2025-03-04 10:40".into()),
            }]
        );
        let people: Vec<(&str, &[String])> = s
            .people
            .iter()
            .map(|p| (p.person.as_str(), p.roles.as_slice()))
            .collect();
        assert_eq!(people.len(), 5);
        assert_eq!(people[4], ("Eve", &["database lead".to_string()][..]));
        assert_eq!(s.holders[0].to.as_deref(), Some("2025-03-04 10:40"));
        assert_eq!(s.holders[3].from, None);
    }
}
