//! Cause chains: causes with ids, a cause leading to another, the events that evidence it,
//! and whether the root cause was determined at all — a stated value, not a sentence.
//! The fields live on `record::Finding` and `record::Causes`; this file holds their words
//! and the lookups every floor above uses.

use serde::{Deserialize, Serialize};

use crate::model::record::{Causes, Finding, Incident};
use crate::model::vocab::words;

words! {
    /// Whether the root cause is known, as the record's sources state it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum RootCauseStatus {
        /// The sources name the root cause.
        Determined = "determined", "determined";
        /// The sources say the root cause was not determined.
        NotDetermined = "not_determined", "not determined";
        /// The sources say the root cause is still being investigated.
        UnderInvestigation = "under_investigation", "under investigation";
    }
}

words! {
    /// The three lists of causes, in the record's order.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum CauseList {
        /// What set it off.
        Trigger = "trigger", "trigger";
        /// A root cause.
        RootCauses = "root_causes", "root cause";
        /// A factor that made it worse.
        Contributing = "contributing", "contributing factor";
    }
}

impl CauseList {
    /// The list's field in `causes`: the token.
    pub fn field(self) -> &'static str {
        self.token()
    }

    /// The findings of this list.
    pub fn of(self, causes: &Causes) -> &[Finding] {
        match self {
            CauseList::Trigger => &causes.trigger,
            CauseList::RootCauses => &causes.root_causes,
            CauseList::Contributing => &causes.contributing,
        }
    }
}

impl Causes {
    /// Every cause with its list and its place in the list, trigger first.
    pub fn all(&self) -> impl Iterator<Item = (CauseList, usize, &Finding)> {
        CauseList::ALL
            .into_iter()
            .flat_map(move |l| l.of(self).iter().enumerate().map(move |(i, f)| (l, i, f)))
    }

    /// The cause with this id, and its list.
    pub fn by_id(&self, id: &str) -> Option<(CauseList, &Finding)> {
        self.all()
            .find(|(_, _, f)| f.id.as_deref() == Some(id))
            .map(|(l, _, f)| (l, f))
    }

    /// True when any cause has an id, a link or evidence: the record states a chain.
    pub fn has_chain(&self) -> bool {
        self.all()
            .any(|(_, _, f)| f.id.is_some() || !f.led_to.is_empty() || !f.evidence.is_empty())
    }
}

impl Incident {
    /// The ids of the action items that address the cause with this id, in record order.
    pub fn actions_addressing(&self, cause: &str) -> Vec<&str> {
        self.actions
            .iter()
            .filter(|a| a.addresses.iter().any(|c| c == cause))
            .map(|a| a.id.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(id: &str, led_to: &[&str]) -> Finding {
        Finding {
            id: Some(id.to_string()),
            text: id.to_uppercase(),
            detail: None,
            sources: vec![],
            led_to: led_to.iter().map(|s| s.to_string()).collect(),
            evidence: vec![],
        }
    }

    #[test]
    fn causes_are_found_by_id_across_lists() {
        let causes = Causes {
            trigger: vec![finding("t", &["r"])],
            root_causes: vec![finding("r", &[])],
            contributing: vec![finding("c", &["r"])],
            root_cause_status: None,
        };
        assert_eq!(
            causes.by_id("c").map(|(l, f)| (l, f.text.as_str())),
            Some((CauseList::Contributing, "C"))
        );
        assert_eq!(causes.by_id("x"), None);
        let order: Vec<(CauseList, usize)> = causes.all().map(|(l, i, _)| (l, i)).collect();
        assert_eq!(
            order,
            [
                (CauseList::Trigger, 0),
                (CauseList::RootCauses, 0),
                (CauseList::Contributing, 0)
            ]
        );
        assert!(causes.has_chain());
        assert!(!Causes::default().has_chain());
        assert_eq!(RootCauseStatus::NotDetermined.label(), "not determined");
    }
}
