//! The communication section of the postmortem: when the organisation first told the public,
//! and every public update (its state and channel) beside the internal moment it answers, so
//! the public story can be read against the internal one.

use serde::Serialize;

use crate::derive::summary::{EventEntry, FigureEntry, MomentEntry};
use crate::derive::timeline::Timeline;
use crate::model::event_facts::UpdateState;
use crate::model::record::{Incident, MomentName};
use crate::model::time::{Zone, format_minutes};

/// What the public was told, and when.
#[derive(Clone, Debug, Serialize)]
pub struct CommunicationSection {
    /// The `communicated` moment: the first public update.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub communicated: Option<MomentEntry>,
    /// `time_to_communicate`, when it could be computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_to_communicate: Option<FigureEntry>,
    /// Every public update, in timeline order.
    pub updates: Vec<UpdateEntry>,
}

/// One public update.
#[derive(Clone, Debug, Serialize)]
pub struct UpdateEntry {
    pub event: EventEntry,
    /// `investigating`, `identified`, `monitoring`, `resolved`, `postmortem`.
    pub state: &'static str,
    pub channel: Option<String>,
    /// The internal moment the state answers, when the record has it with a time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal: Option<InternalMoment>,
}

/// The internal moment a public state answers: `investigating` the detection, `monitoring`
/// the mitigation, `resolved` the resolution.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InternalMoment {
    /// `detected`, `mitigated`, `resolved`.
    pub moment: &'static str,
    /// As shown: `2025-03-04 10:12`.
    pub when: String,
    /// Whole minutes from the internal moment to the update; negative when the update came
    /// first. `null` when either time is not exact enough to count.
    pub minutes_after: Option<i64>,
    /// As shown: `13 min after detected (2025-03-04 10:12)`.
    pub text: String,
}

/// The moment a public state answers.
pub fn answers(state: UpdateState) -> Option<MomentName> {
    match state {
        UpdateState::Investigating => Some(MomentName::Detected),
        UpdateState::Monitoring => Some(MomentName::Mitigated),
        UpdateState::Resolved => Some(MomentName::Resolved),
        UpdateState::Identified | UpdateState::Postmortem => None,
    }
}

/// The section, `None` when the record has no `communicated` moment and no public update.
/// `events` are the summary's entries of the timeline's rows, in the same order.
pub fn build(
    inc: &Incident,
    zone: &Zone,
    tl: &Timeline,
    entry: impl Fn(&crate::derive::timeline::Row) -> EventEntry,
    communicated: Option<MomentEntry>,
    time_to_communicate: Option<FigureEntry>,
) -> Option<CommunicationSection> {
    let updates: Vec<UpdateEntry> = tl
        .rows
        .iter()
        .filter_map(|r| {
            let e = inc.events.get(r.index)?;
            let u = e.update.as_ref()?;
            let internal = answers(u.state).and_then(|name| {
                let m = inc.moments.get(name)?;
                let at = m.at.instant()?;
                let when = crate::model::time::when_text(m.at, zone, true);
                let minutes_after =
                    e.at.instant()
                        .filter(|_| !e.at.is_uncertain() && !m.at.is_uncertain())
                        .map(|t| (t.get() - at.get()).num_minutes());
                let text = match minutes_after {
                    Some(0) => format!("at {} ({when})", name.field()),
                    Some(n) if n > 0 => {
                        format!("{} after {} ({when})", format_minutes(n), name.field())
                    }
                    Some(n) => format!("{} before {} ({when})", format_minutes(-n), name.field()),
                    None => format!("{} was {when}", name.field()),
                };
                Some(InternalMoment {
                    moment: name.field(),
                    when,
                    minutes_after,
                    text,
                })
            });
            Some(UpdateEntry {
                event: entry(r),
                state: u.state.token(),
                channel: u.channel.clone(),
                internal,
            })
        })
        .collect();
    (communicated.is_some() || !updates.is_empty()).then_some(CommunicationSection {
        communicated,
        time_to_communicate,
        updates,
    })
}
