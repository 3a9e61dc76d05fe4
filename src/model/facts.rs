//! Facts as the sources state them (schema 3): other sources' claims beside a chosen time,
//! what happened to a named target, the share a window affected, counts, data loss,
//! references and the provider's own severity, figures a source states, and regions with
//! their sites. The record's structs in `model::record` hold these; each field is documented
//! in `docs/schema.md` under "Facts as the sources state them".

use serde::{Deserialize, Serialize};

use crate::model::time::When;
use crate::model::vocab::words;

/// Another source's value for a time the record chose differently: "the status page says
/// 09:05; the final report says 09:17". The chosen value stays the one figures use.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The time this claim gives.
    pub at: When,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

words! {
    /// What happened to a named service or customer.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Outcome {
        /// Affected; its windows say when.
        Affected = "affected", "affected";
        /// Affected, but no source says when: it has no windows.
        AffectedAtUnknownTimes = "affected_at_unknown_times", "affected at unknown times";
        /// Named and checked, and not affected: never counted by figures or stats.
        NotAffected = "not_affected", "not affected";
    }
}

impl Outcome {
    /// The outcome of a target that does not state one.
    pub fn or_default(o: Option<Outcome>) -> Outcome {
        o.unwrap_or(Outcome::Affected)
    }
}

words! {
    /// What a window's share is a share of.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum ShareOf {
        Requests = "requests", "requests";
        Users = "users", "users";
        Projects = "projects", "projects";
        Hosts = "hosts", "hosts";
        /// The source gives a percentage but not what it was measured over.
        Unstated = "unstated", "measure not stated";
    }
}

words! {
    /// Which side of a window's share the percentage gives.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum ShareSide {
        /// The part that was hit ("outage for 40% of requests").
        Affected = "affected", "affected";
        /// The part that still worked ("availability as low as 20%").
        Available = "available", "available";
    }
}

/// The part of a target a window hit, as a source gives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Share {
    /// The percentage as stated, 0 to 100.
    pub percent: f64,
    /// What it is a share of.
    pub of: ShareOf,
    /// Whether `percent` is the part hit (the default) or the part that still worked.
    #[serde(default = "affected_side", skip_serializing_if = "is_affected_side")]
    pub side: ShareSide,
    /// The source gives the worst point ("as low as"), not a level that held throughout: the
    /// share hit was at most this, and a figure weighted by it is an upper bound.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub worst: bool,
}

fn affected_side() -> ShareSide {
    ShareSide::Affected
}

fn is_affected_side(s: &ShareSide) -> bool {
    *s == ShareSide::Affected
}

impl Share {
    /// The fraction hit, 0 to 1: the percentage, or its complement for an available share.
    pub fn affected_fraction(&self) -> f64 {
        let p = self.percent.clamp(0.0, 100.0);
        match self.side {
            ShareSide::Affected => p / 100.0,
            ShareSide::Available => (100.0 - p) / 100.0,
        }
    }

    /// As shown: `40% of requests affected`, `as low as 20% available (measure not stated)`.
    pub fn text(&self) -> String {
        let worst = if self.worst {
            match self.side {
                ShareSide::Affected => "up to ",
                ShareSide::Available => "as low as ",
            }
        } else {
            ""
        };
        let p = number_text(self.percent);
        match self.of {
            ShareOf::Unstated => format!("{worst}{p}% {} ({})", self.side.label(), self.of.label()),
            of => format!("{worst}{p}% of {} {}", of.label(), self.side.label()),
        }
    }
}

/// A number as people write it: `120`, `1.5`, `0.25` (no trailing zeros).
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        let s = format!("{n:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A numbered fact: machines lost, customers affected, requests failed, data volumes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Count {
    /// What was counted: `"servers lost"`, `"customers affected"`.
    pub what: String,
    pub value: f64,
    /// The unit when it is not the thing counted: `"TB"`, `"requests"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The source gives the number as approximate ("about", "more than").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Left out of the public version (`--audience public`); see docs/schema.md, "Audience".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

impl Count {
    /// As shown: `~120 TB`, `3`.
    pub fn value_text(&self) -> String {
        let mut s = format!(
            "{}{}",
            if self.approximate { "~" } else { "" },
            number_text(self.value)
        );
        if let Some(u) = &self.unit {
            s.push(' ');
            s.push_str(u);
        }
        s
    }
}

words! {
    /// Whether lost data came back.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Recovered {
        /// All of it was recovered.
        Yes = "yes", "recovered";
        /// Some of it was recovered.
        Partly = "partly", "partly recovered";
        /// None of it was recovered.
        No = "no", "not recovered";
        /// No source says.
        Unknown = "unknown", "recovery unknown";
    }
}

/// Data that was lost: what, how much, whether it came back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataLoss {
    /// What was lost: `"objects written in the last 5 minutes before the failover"`.
    pub what: String,
    /// How much, when a source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Count>,
    pub recovered: Recovered,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

words! {
    /// What a reference points to.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum ReferenceKind {
        /// The provider's own incident id or report.
        ProviderIncident = "provider_incident", "provider incident";
        /// A ticket in a tracker.
        Ticket = "ticket", "ticket";
        /// An entry on a status page.
        StatusPage = "status_page", "status page";
        Other = "other", "other";
    }
}

/// The provider's own incident id or link, a ticket, a status-page entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// The id as its owner writes it: `"HKG-2022-1218"`, `"INC-4821"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The provider's own severity label, beside the record's Sev1–Sev4.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSeverity {
    /// As the provider writes it: `"P0"`, `"major outage"`.
    pub label: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

words! {
    /// What a stated figure is compared with: a derived duration, or a key moment.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum StatedOf {
        TimeToDetect = "time_to_detect", "time to detect";
        TimeToMitigate = "time_to_mitigate", "time to mitigate";
        TimeToResolve = "time_to_resolve", "time to resolve";
        TotalDuration = "total_duration", "total duration";
        CustomerImpact = "customer_impact", "customer-impact duration";
        Started = "started", "started";
        Detected = "detected", "detected";
        Mitigated = "mitigated", "mitigated";
        Resolved = "resolved", "resolved";
    }
}

impl StatedOf {
    /// True for the durations (stated in `minutes`), false for the moments (stated `at`).
    pub fn is_duration(self) -> bool {
        matches!(
            self,
            StatedOf::TimeToDetect
                | StatedOf::TimeToMitigate
                | StatedOf::TimeToResolve
                | StatedOf::TotalDuration
                | StatedOf::CustomerImpact
        )
    }
}

/// A duration or time a source states ("the outage lasted 4 h 8 min"), kept to be compared
/// with the figure the timeline gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatedFigure {
    pub of: StatedOf,
    /// For a duration: the stated length in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<i64>,
    /// For a moment: the stated time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<When>,
    /// The source gives it as approximate ("more than", "about").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
    /// The words of the source: `"over 15.5 hours"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One region an incident spans, with its zones and sites.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<Site>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A data centre or other site of a region, and what happened to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub name: String,
    /// What happened to it: `"lost cooling; sprinkler fired in one compartment"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub happened: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// Every list of source ids the schema-3 facts add, so that whatever walks citations (the
/// uncited-source rule, renaming a source in a merge) sees them all. The lists of older
/// fields are walked by their callers.
pub fn citation_lists(inc: &crate::model::record::Incident) -> Vec<&Vec<String>> {
    fn claims(cs: &[Claim]) -> impl Iterator<Item = &Vec<String>> {
        cs.iter().map(|c| &c.sources)
    }
    let mut out: Vec<&Vec<String>> = Vec::new();
    for name in crate::model::record::MomentName::ALL {
        if let Some(m) = inc.moments.get(name) {
            out.extend(claims(&m.claims));
        }
    }
    for (_, t) in inc.targets() {
        out.extend(t.counts.iter().map(|c| &c.sources));
        for w in &t.windows {
            out.extend(claims(&w.from_claims));
            out.extend(claims(&w.to_claims));
        }
    }
    for e in &inc.events {
        out.extend(claims(&e.claims));
    }
    out.extend(inc.counts.iter().map(|c| &c.sources));
    for d in &inc.data_loss {
        out.push(&d.sources);
        out.extend(d.amount.iter().map(|c| &c.sources));
    }
    out.extend(inc.stated.iter().map(|s| &s.sources));
    out.extend(inc.provider_severity.iter().map(|p| &p.sources));
    for r in &inc.regions {
        out.push(&r.sources);
        out.extend(r.sites.iter().map(|s| &s.sources));
    }
    out
}

/// [`citation_lists`], to change in place.
pub fn citation_lists_mut(inc: &mut crate::model::record::Incident) -> Vec<&mut Vec<String>> {
    let mut out: Vec<&mut Vec<String>> = Vec::new();
    let m = &mut inc.moments;
    for m in [
        &mut m.started,
        &mut m.detected,
        &mut m.mitigated,
        &mut m.resolved,
    ]
    .into_iter()
    .flatten()
    {
        out.extend(m.claims.iter_mut().map(|c| &mut c.sources));
    }
    for t in inc.services.iter_mut().chain(inc.customers.iter_mut()) {
        out.extend(t.counts.iter_mut().map(|c| &mut c.sources));
        for w in &mut t.windows {
            out.extend(w.from_claims.iter_mut().map(|c| &mut c.sources));
            out.extend(w.to_claims.iter_mut().map(|c| &mut c.sources));
        }
    }
    for e in &mut inc.events {
        out.extend(e.claims.iter_mut().map(|c| &mut c.sources));
    }
    out.extend(inc.counts.iter_mut().map(|c| &mut c.sources));
    for d in &mut inc.data_loss {
        out.push(&mut d.sources);
        out.extend(d.amount.iter_mut().map(|c| &mut c.sources));
    }
    out.extend(inc.stated.iter_mut().map(|s| &mut s.sources));
    out.extend(inc.provider_severity.iter_mut().map(|p| &mut p.sources));
    for r in &mut inc.regions {
        out.push(&mut r.sources);
        out.extend(r.sites.iter_mut().map(|s| &mut s.sources));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_read_as_stated() {
        let s = Share {
            percent: 20.0,
            of: ShareOf::Unstated,
            side: ShareSide::Available,
            worst: true,
        };
        assert_eq!(s.text(), "as low as 20% available (measure not stated)");
        assert!((s.affected_fraction() - 0.8).abs() < 1e-9);
        let s = Share {
            percent: 40.0,
            of: ShareOf::Requests,
            side: ShareSide::Affected,
            worst: false,
        };
        assert_eq!(s.text(), "40% of requests affected");
        assert!((s.affected_fraction() - 0.4).abs() < 1e-9);
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(number_text(120.0), "120");
        assert_eq!(number_text(1.5), "1.5");
        assert_eq!(number_text(0.25), "0.25");
    }
}
