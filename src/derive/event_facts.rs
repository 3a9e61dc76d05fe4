//! What an event says beyond its time and text — its further kinds, a third party that
//! observed it, the public update it was, whether it is only a plan — as JSON values and as
//! the short phrases every view appends to the event's text.

use serde::Serialize;

use crate::model::event_facts::{Observer, Plan, PublicUpdate};
use crate::model::record::{Event, EventKind};
use crate::model::time::{Zone, when_text};

/// The facts of one event beyond time and text, as JSON gives them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EventFacts {
    /// Further kinds: `escalation`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_kinds: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_by: Option<ObserverJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update: Option<UpdateJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<PlanJson>,
    /// The event's note (`incident log --note`, `incident event set --note`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A third party that observed the event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ObserverJson {
    /// `external_monitor`, `customer`, `press`, `vendor`, `public`.
    pub party: &'static str,
    pub name: Option<String>,
    /// As shown: `external monitor ProbeNet`.
    pub text: String,
}

/// The public update the event was.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UpdateJson {
    /// `investigating`, `identified`, `monitoring`, `resolved`, `postmortem`.
    pub state: &'static str,
    pub channel: Option<String>,
}

/// The event is a plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanJson {
    /// When the plan was stated, as shown (`2025-03-07 (day)`); `null` when not given.
    pub stated: Option<String>,
}

impl EventFacts {
    /// The facts of `e`, times shown in `zone`.
    pub fn of(e: &Event, zone: &Zone) -> Self {
        EventFacts {
            other_kinds: e.other_kinds.iter().map(|k| k.token()).collect(),
            observed_by: e.observed_by.as_ref().map(observer_json),
            update: e.update.as_ref().map(update_json),
            planned: e.planned.as_ref().map(|p| plan_json(p, zone)),
            note: e.note.clone(),
        }
    }

    /// True when the event is only a plan.
    pub fn is_plan(&self) -> bool {
        self.planned.is_some()
    }

    /// The phrases views append to the event's text, in order: `planned, stated 2025-03-07
    /// (day)`, `observed by customer OKX`, `public update: investigating, on status page`.
    /// Further kinds are shown with the kind, see [`kinds_text`].
    pub fn phrases(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(p) = &self.planned {
            out.push(match &p.stated {
                Some(s) => format!("planned, stated {s}"),
                None => "planned".to_string(),
            });
        }
        if let Some(o) = &self.observed_by {
            out.push(format!("observed by {}", o.text));
        }
        if let Some(u) = &self.update {
            out.push(match &u.channel {
                Some(c) => format!("public update: {}, on {c}", u.state),
                None => format!("public update: {}", u.state),
            });
        }
        if let Some(n) = &self.note {
            // A note of several lines reads as one phrase in a timeline cell.
            let words: Vec<&str> = n.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            out.push(format!("note: {}", words.join(" ")));
        }
        out
    }

    /// The event's text with its phrases in brackets: `Text. [planned, stated …]`.
    pub fn text_with(&self, text: &str) -> String {
        let phrases = self.phrases();
        if phrases.is_empty() {
            text.to_string()
        } else {
            format!("{} [{}]", text.trim_end(), phrases.join("; "))
        }
    }
}

/// The kind and the further kinds as one cell: `communication, escalation`.
pub fn kinds_text(kind: EventKind, other_kinds: &[EventKind]) -> String {
    std::iter::once(kind)
        .chain(other_kinds.iter().copied())
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn observer_json(o: &Observer) -> ObserverJson {
    ObserverJson {
        party: o.party.token(),
        name: o.name.clone(),
        text: o.phrase(),
    }
}

fn update_json(u: &PublicUpdate) -> UpdateJson {
    UpdateJson {
        state: u.state.token(),
        channel: u.channel.clone(),
    }
}

fn plan_json(p: &Plan, zone: &Zone) -> PlanJson {
    PlanJson {
        stated: p.stated.map(|w| when_text(w, zone, true)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::event_facts::{Party, UpdateState};

    #[test]
    fn phrases_name_plan_observer_and_update() {
        let f = EventFacts {
            other_kinds: vec!["escalation"],
            observed_by: Some(observer_json(&Observer {
                party: Party::Customer,
                name: Some("Acme".into()),
            })),
            update: Some(update_json(&PublicUpdate {
                state: UpdateState::Identified,
                channel: Some("status page".into()),
            })),
            planned: Some(PlanJson {
                stated: Some("2025-03-07 (day)".into()),
            }),
            note: Some("from the\npager log".into()),
        };
        assert_eq!(
            f.text_with("Restart. "),
            "Restart. [planned, stated 2025-03-07 (day); observed by customer Acme; public update: identified, on status page; note: from the pager log]"
        );
        assert_eq!(EventFacts::default().text_with("Plain."), "Plain.");
        assert_eq!(
            kinds_text(EventKind::Communication, &[EventKind::Escalation]),
            "communication, escalation"
        );
    }
}
