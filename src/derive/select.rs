//! Choosing incidents across a folder: the filters of `list` and `stats` (severity, status,
//! kind, dates, tag, service, customer, text, custom field), as plain data applied to one record at a time
//! so they can run on the loading threads.

use chrono::NaiveDate;

use crate::derive::moments::incident_date;
use crate::model::record::{Incident, IncidentKind, Severity, Status};

/// Which incidents to keep. Empty lists mean "any"; within one list any value may match,
/// and every filter given must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub severities: Vec<Severity>,
    pub statuses: Vec<Status>,
    /// Kinds to keep. Empty means `default_kinds`: drills and tests are shown only when
    /// asked for.
    pub kinds: Vec<IncidentKind>,
    /// The kinds kept when none are asked for: the team's (configuration `defaults.kinds`), or
    /// when empty the built-in [`DEFAULT_KINDS`].
    pub default_kinds: Vec<IncidentKind>,
    /// Keep incidents whose date ([`incident_date`]) is on or after this day.
    pub since: Option<NaiveDate>,
    /// Keep incidents whose date is on or before this day.
    pub until: Option<NaiveDate>,
    /// Tags, matched exactly but ignoring case.
    pub tags: Vec<String>,
    /// Parts of service names, matched ignoring case.
    pub services: Vec<String>,
    /// Parts of customer names (or their names in other languages), matched ignoring case.
    pub customers: Vec<String>,
    /// Text searched, ignoring case, in the title, the summary and the event texts.
    pub grep: Option<String>,
    /// Custom fields as (name, value): the record's field has the value (one of its values,
    /// for a list), ignoring case. Every pair must match.
    pub fields: Vec<(String, String)>,
}

/// Why a record was not kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Keep,
    /// A drill or test left out because no `kinds` were asked for.
    HiddenKind,
    /// Some filter did not match.
    Filtered,
}

/// The kinds kept when none are asked for.
pub const DEFAULT_KINDS: [IncidentKind; 1] = [IncidentKind::Real];

impl Selection {
    /// The kinds this selection keeps.
    pub fn kinds(&self) -> &[IncidentKind] {
        if self.kinds.is_empty() {
            if self.default_kinds.is_empty() {
                &DEFAULT_KINDS
            } else {
                &self.default_kinds
            }
        } else {
            &self.kinds
        }
    }

    /// Decides whether `inc` is kept.
    pub fn verdict(&self, inc: &Incident) -> Verdict {
        let hidden_kind = !self.kinds().contains(&inc.kind);
        if hidden_kind && self.kinds.is_empty() && self.others_match(inc) {
            return Verdict::HiddenKind;
        }
        if hidden_kind || !self.others_match(inc) {
            return Verdict::Filtered;
        }
        Verdict::Keep
    }

    fn others_match(&self, inc: &Incident) -> bool {
        if !self.severities.is_empty() && !self.severities.contains(&inc.severity) {
            return false;
        }
        if !self.statuses.is_empty() && !self.statuses.contains(&inc.status) {
            return false;
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(d) = incident_date(inc) else {
                return false;
            };
            if self.since.is_some_and(|s| d < s) || self.until.is_some_and(|u| d > u) {
                return false;
            }
        }
        if !self.tags.is_empty()
            && !inc.tags.iter().any(|t| {
                self.tags
                    .iter()
                    .any(|w| t.to_lowercase() == w.to_lowercase())
            })
        {
            return false;
        }
        if !self.services.is_empty()
            && !inc
                .services
                .iter()
                .any(|s| self.services.iter().any(|w| contains_ci(&s.name, w)))
        {
            return false;
        }
        if !self.customers.is_empty()
            && !inc.customers.iter().any(|c| {
                self.customers
                    .iter()
                    .any(|w| contains_ci(&c.name, w) || c.names.values().any(|n| contains_ci(n, w)))
            })
        {
            return false;
        }
        for (name, want) in &self.fields {
            let has = inc.fields.get(name).is_some_and(|v| {
                v.items()
                    .iter()
                    .any(|x| x.trim().to_lowercase() == want.trim().to_lowercase())
            });
            if !has {
                return false;
            }
        }
        if let Some(g) = &self.grep {
            let found = contains_ci(&inc.title, g)
                || contains_ci(&inc.summary, g)
                || inc.events.iter().any(|e| contains_ci(&e.text, g));
            if !found {
                return false;
            }
        }
        true
    }
}

/// True when `needle` occurs in `hay`, ignoring case.
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        return h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(&needle.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hk() -> Incident {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        crate::files::load::parse_text(std::path::Path::new("hk.ron"), text).unwrap()
    }

    #[test]
    fn drills_are_hidden_unless_asked_for() {
        let mut inc = hk();
        let all = Selection::default();
        assert_eq!(all.verdict(&inc), Verdict::Keep);
        inc.kind = IncidentKind::Drill;
        assert_eq!(all.verdict(&inc), Verdict::HiddenKind);
        let drills = Selection {
            kinds: vec![IncidentKind::Drill],
            ..Selection::default()
        };
        assert_eq!(drills.verdict(&inc), Verdict::Keep);
    }

    #[test]
    fn filters_match_ignoring_case() {
        let inc = hk();
        let s = |f: fn(&mut Selection)| {
            let mut s = Selection::default();
            f(&mut s);
            s.verdict(&inc)
        };
        assert_eq!(s(|s| s.services = vec!["oss".into()]), Verdict::Keep);
        assert_eq!(s(|s| s.customers = vec!["澳門日報".into()]), Verdict::Keep);
        assert_eq!(s(|s| s.grep = Some("SPRINKLER".into())), Verdict::Keep);
        assert_eq!(
            s(|s| s.grep = Some("no such words".into())),
            Verdict::Filtered
        );
        assert_eq!(
            s(|s| s.severities = vec![Severity::new("Sev2")]),
            Verdict::Filtered
        );
        assert_eq!(
            s(|s| s.since = NaiveDate::from_ymd_opt(2022, 12, 18)),
            Verdict::Keep
        );
        assert_eq!(
            s(|s| s.until = NaiveDate::from_ymd_opt(2022, 12, 17)),
            Verdict::Filtered
        );
    }
}
