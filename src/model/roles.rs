//! Incident roles: who held each role, from when to when. Consecutive holders of one role are
//! hand-overs; the document lists the responders and their roles.

use serde::{Deserialize, Serialize};

use crate::model::time::When;
use crate::model::vocab::words;

words! {
    /// An incident role.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Role {
        /// Leads the response and makes the calls.
        IncidentCommander = "incident_commander", "incident commander";
        /// Writes to customers, the status page and the press.
        CommunicationsLead = "communications_lead", "communications lead";
        /// Leads the hands-on work on the systems.
        OperationsLead = "operations_lead", "operations lead";
        /// Keeps the log of the response.
        Scribe = "scribe", "scribe";
        /// A team's own role, named by `title`.
        Other = "other", "other";
    }
}

/// One person (or team) holding one role for a stretch of the incident.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleHolder {
    pub role: Role,
    /// The role's name for `Other` ("database lead"), or a team's own name for a known role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Who held it: a name, a handle or a team.
    pub person: String,
    /// When they took it; left out when they held it from the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<When>,
    /// When they handed it over; left out when they held it to the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<When>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl RoleHolder {
    /// The role as people read it: the title when given, else the role's label.
    pub fn role_name(&self) -> String {
        match &self.title {
            Some(t) if !t.trim().is_empty() => t.trim().to_string(),
            _ => self.role.label().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_names_the_role() {
        let mut h = RoleHolder {
            role: Role::Other,
            title: Some("database lead".into()),
            person: "Ana".into(),
            from: None,
            to: None,
            sources: vec![],
            note: None,
        };
        assert_eq!(h.role_name(), "database lead");
        h.role = Role::IncidentCommander;
        h.title = None;
        assert_eq!(h.role_name(), "incident commander");
        assert_eq!(Role::CommunicationsLead.cli(), "communications-lead");
    }
}
