//! What an event may say beyond its time and text: who observed it when that is not the
//! organisation, the public update it was (state and channel), and whether it is only a plan.

use serde::{Deserialize, Serialize};

use crate::model::time::When;
use crate::model::vocab::words;

words! {
    /// Who, other than the organisation itself, observed an event.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Party {
        /// An external monitoring service (ThousandEyes, Downdetector, a probe).
        ExternalMonitor = "external_monitor", "external monitor";
        /// A customer of the organisation.
        Customer = "customer", "customer";
        /// The press.
        Press = "press", "the press";
        /// A supplier or provider of the organisation.
        Vendor = "vendor", "vendor";
        /// Members of the public, users on social media.
        Public = "public", "the public";
    }
}

/// A third party that observed an event. Its detection is not the organisation's detection
/// unless `moments.detected` says so with its own `observed_by`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observer {
    pub party: Party,
    /// Which one: `"OKX"`, `"ThousandEyes"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Observer {
    /// `customer OKX`, `external monitor`: as documents say it.
    pub fn phrase(&self) -> String {
        match &self.name {
            Some(n) if !n.trim().is_empty() => format!("{} {}", self.party.label(), n.trim()),
            _ => self.party.label().to_string(),
        }
    }
}

words! {
    /// The state a public status update announces, as status pages name them.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum UpdateState {
        /// The problem is known and being looked into.
        Investigating = "investigating", "investigating";
        /// The cause is found.
        Identified = "identified", "identified";
        /// A fix is in; watching the results.
        Monitoring = "monitoring", "monitoring";
        /// The incident is over.
        Resolved = "resolved", "resolved";
        /// A postmortem or statement on the incident was published.
        Postmortem = "postmortem", "postmortem";
    }
}

/// A public update: a status-page entry, a post, a notice to customers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicUpdate {
    pub state: UpdateState,
    /// Where it was published: `"status page"`, `"Twitter"`, `"email to customers"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

/// An event that is a plan ("restart planned for the 22nd"): its `at` is the planned time,
/// and `stated` when the plan was announced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated: Option<When>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_observer_reads_as_party_and_name() {
        let o = Observer {
            party: Party::Customer,
            name: Some("OKX".into()),
        };
        assert_eq!(o.phrase(), "customer OKX");
        let o = Observer {
            party: Party::ExternalMonitor,
            name: None,
        };
        assert_eq!(o.phrase(), "external monitor");
        assert_eq!(UpdateState::Postmortem.token(), "postmortem");
    }
}
