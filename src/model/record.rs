//! The incident record: one RON file per incident. Field names here are the schema
//! (documented in `docs/schema.md`); unknown fields are refused so typos are caught.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::chain::RootCauseStatus;
use crate::model::due::DueDate;
use crate::model::event_facts::{Observer, Plan, PublicUpdate};
use crate::model::facts::{
    Claim, Count, DataLoss, Outcome, ProviderSeverity, Reference, Region, Share, StatedFigure,
};
use crate::model::roles::RoleHolder;
use crate::model::time::{Instant, When};
use crate::model::vocab::words;

/// The schema version this build writes. Version 2 added ranges and one-sided bounds to time
/// values (`Between`, `NotBefore`, `NotAfter`); version 3 added the facts of issue 13: facts as
/// the sources state them (`model::facts`), cause chains, roles, public updates, …. Every older
/// record is a valid newer record with the old number.
pub const SCHEMA_VERSION: u32 = 3;

/// The oldest schema version this build reads; `incident fmt` and every writer upgrade a
/// record to [`SCHEMA_VERSION`].
pub const OLDEST_SCHEMA: u32 = 1;

/// One incident.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Schema version of the file; this build reads versions 1 to 3 and writes 3.
    pub schema: u32,
    /// Stable id, also the file name without `.ron`: `2022-12-18-hk-zone-c`.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// The sources the summary paragraph rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary_sources: Vec<String>,
    pub kind: IncidentKind,
    pub severity: Severity,
    /// The provider's own severity label, beside `severity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_severity: Option<ProviderSeverity>,
    /// Why `severity` was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity_rationale: Option<String>,
    pub status: Status,
    /// Who wrote the record or postmortem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// The regions an incident spans, each with its zones and sites, when one `region` does
    /// not say enough.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Region>,
    /// The incident's home time zone, an IANA name such as `Asia/Hong_Kong`.
    pub timezone: String,
    #[serde(default)]
    pub moments: Moments,
    #[serde(default)]
    pub services: Vec<Affected>,
    #[serde(default)]
    pub customers: Vec<Affected>,
    /// Stated: no service or customer was hit (a near miss caught in time). The review
    /// checklist (`check --ready`) takes it in place of impact windows.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_impact: bool,
    /// Numbered facts about the whole incident: machines lost, requests failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<Count>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_loss: Vec<DataLoss>,
    /// Durations and times sources state, compared with the figures the timeline gives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stated: Vec<StatedFigure>,
    #[serde(default)]
    pub events: Vec<Event>,
    /// Who held each incident role, with hand-overs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleHolder>,
    #[serde(default)]
    pub causes: Causes,
    #[serde(default)]
    pub lessons: Lessons,
    #[serde(default)]
    pub actions: Vec<ActionItem>,
    /// The provider's incident ids and links, tickets, status-page entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The team's custom fields (`model::fields`), by name; typed by the configuration.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fields: crate::model::fields::Fields,
}

// The record's closed sets of words. Each row gives a value's token (JSON, CSV; with `-` for
// `_` on the command line) and its label (for people); its doc comment is its meaning in help
// texts; its name is its spelling in record files. See `model::vocab`.

words! {
    /// Whether the incident really happened.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum IncidentKind {
        Real = "real", "real";
        Drill = "drill", "drill";
        Test = "test", "test";
    }
}

/// Severity: a level of the team's scale or the built-in Sev1–Sev4 (`model::severity`).
pub use crate::model::severity::Severity;

words! {
    /// Where the incident stands.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Status {
        Investigating = "investigating", "investigating";
        Identified = "identified", "identified";
        Mitigated = "mitigated", "mitigated";
        Monitoring = "monitoring", "monitoring";
        Resolved = "resolved", "resolved";
        /// Resolved and the postmortem is done.
        Closed = "closed", "closed";
    }
}

impl Status {
    /// True once the incident is over (resolved or closed).
    pub fn is_over(self) -> bool {
        matches!(self, Status::Resolved | Status::Closed)
    }
}

/// The key moments of the incident. A missing moment has not happened (or not been recorded);
/// `Unknown` means it happened at a time no source gives.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moments {
    /// When impact began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<Moment>,
    /// When the responders first knew (alarm, report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detected: Option<Moment>,
    /// When the organisation first told the public (the first public update).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communicated: Option<Moment>,
    /// When impact stopped growing or a workaround was in place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mitigated: Option<Moment>,
    /// When service was fully restored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Moment>,
}

words! {
    /// Names of the key moments, in order. The token is the moment's field in `moments`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum MomentName {
        Started = "started", "started";
        Detected = "detected", "detected";
        Communicated = "communicated", "communicated";
        Mitigated = "mitigated", "mitigated";
        Resolved = "resolved", "resolved";
    }
}

impl MomentName {
    /// The field name in the record: the token.
    pub fn field(self) -> &'static str {
        self.token()
    }
}

impl Moments {
    /// The moment with this name.
    pub fn get(&self, name: MomentName) -> Option<&Moment> {
        match name {
            MomentName::Started => self.started.as_ref(),
            MomentName::Detected => self.detected.as_ref(),
            MomentName::Communicated => self.communicated.as_ref(),
            MomentName::Mitigated => self.mitigated.as_ref(),
            MomentName::Resolved => self.resolved.as_ref(),
        }
    }

    /// The moment slot with this name, for writers.
    pub fn slot(&mut self, name: MomentName) -> &mut Option<Moment> {
        match name {
            MomentName::Started => &mut self.started,
            MomentName::Detected => &mut self.detected,
            MomentName::Communicated => &mut self.communicated,
            MomentName::Mitigated => &mut self.mitigated,
            MomentName::Resolved => &mut self.resolved,
        }
    }

    /// The instant of a moment when its time is known (exactly or approximately).
    pub fn instant(&self, name: MomentName) -> Option<Instant> {
        self.get(name).and_then(|m| m.at.instant())
    }
}

/// A key moment: when, from which sources, and a note on how it was chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moment {
    pub at: When,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A third party observed it: set on `detected` only when the record takes a third
    /// party's detection as the organisation's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_by: Option<Observer>,
    /// Other sources' times for this moment; `at` is the one chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
}

/// An affected service or customer and the windows in which it was hit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Affected {
    /// The name used in tables and commands, unique among services (or customers).
    pub name: String,
    /// Names in other languages, keyed by a BCP 47 tag: `{"zh-Hant": "澳門日報"}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<String, String>,
    #[serde(default)]
    pub windows: Vec<Window>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What happened to it; without it, `Affected` (its windows say when).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Numbered facts about this target.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<Count>,
    /// Left out of the public version (`--audience public`); see docs/schema.md, "Audience".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

words! {
    /// Whether an affected target is a service or a customer: both are recorded, shown and
    /// counted alike, each in its own list of the record.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum TargetKind {
        Service = "service", "service";
        Customer = "customer", "customer";
    }
}

impl TargetKind {
    /// The record's list of this kind, also its field name: `services`, `customers`.
    pub fn plural(self) -> &'static str {
        match self {
            TargetKind::Service => "services",
            TargetKind::Customer => "customers",
        }
    }

    /// The heading over targets of this kind: `Services`, `Customers`.
    pub fn heading(self) -> String {
        crate::model::text::capitalized(self.plural())
    }

    /// The targets of this kind in `inc`.
    pub fn of(self, inc: &Incident) -> &Vec<Affected> {
        match self {
            TargetKind::Service => &inc.services,
            TargetKind::Customer => &inc.customers,
        }
    }

    /// The targets of this kind in `inc`, for writers.
    pub fn of_mut(self, inc: &mut Incident) -> &mut Vec<Affected> {
        match self {
            TargetKind::Service => &mut inc.services,
            TargetKind::Customer => &mut inc.customers,
        }
    }
}

/// One stretch of impact on a service or customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// When impact began (`At`, `About` or `Day`).
    pub from: When,
    /// When it ended: `At`, `About`, `Day`, `Open` (still going) or `Unknown` (no source says).
    pub to: When,
    pub level: Level,
    /// What part was hit: `"Zone C instances"`, `"website and app"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The part of the target it hit, when a source gives a percentage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Share>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Other sources' times for the start; `from` is the one chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from_claims: Vec<Claim>,
    /// Other sources' times for the end; `to` is the one chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to_claims: Vec<Claim>,
}

words! {
    /// How badly a target was hit, worst first.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Level {
        /// Not available.
        Outage = "outage", "outage";
        /// Available but slow, throttled, or failing part of the time.
        Degraded = "degraded", "degraded";
        /// Working, but in danger; customers not yet affected. Not counted as impact time.
        AtRisk = "at_risk", "at risk";
    }
}

impl Level {
    /// True for levels that count as impact time (outage, degraded).
    pub fn counts_as_impact(self) -> bool {
        !matches!(self, Level::AtRisk)
    }
}

/// A timeline event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Unique within the incident: `first-alarm`, `e12`.
    pub id: String,
    pub at: When,
    pub kind: EventKind,
    /// Further kinds of the same event: a status update that also escalates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_kinds: Vec<EventKind>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// A third party that observed it (an external monitor, a customer, the press).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_by: Option<Observer>,
    /// The public update it was: its state and channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update: Option<PublicUpdate>,
    /// It is a plan stated in advance, not something that happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned: Option<Plan>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// What the text leaves out: how it is known, why it matters, a caveat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub important: bool,
    /// Happened before the incident started (an early warning, the cause building up).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub precursor: bool,
    /// Other sources' times for this event; `at` is the one chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    /// Where an imported event came from, stable across imports so that importing the same
    /// input again adds nothing: `slack:C123/1700000000.000100`, `text:chat.log:12`,
    /// `statuspage:p1a2b3c4/u5d6e7f8`. `None` for events written by hand or by `log`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Left out of the public version (`--audience public`); see docs/schema.md, "Audience".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

words! {
    /// What an event is.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum EventKind {
        /// An alarm fired or someone noticed.
        Detection = "detection", "detection";
        /// Something got worse or more was hit.
        Impact = "impact", "impact";
        /// A step taken by the responders.
        Action = "action", "action";
        /// More people or a vendor were called in.
        Escalation = "escalation", "escalation";
        /// A status update, statement or notice.
        Communication = "communication", "communication";
        /// Impact stopped growing or a workaround took effect.
        Mitigation = "mitigation", "mitigation";
        /// Something came back.
        Recovery = "recovery", "recovery";
        /// Everything was back.
        Resolution = "resolution", "resolution";
        /// Anything else worth keeping on the timeline.
        Note = "note", "note";
    }
}

/// Why it happened.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Causes {
    /// What set it off.
    #[serde(default)]
    pub trigger: Vec<Finding>,
    #[serde(default)]
    pub root_causes: Vec<Finding>,
    #[serde(default)]
    pub contributing: Vec<Finding>,
    /// Whether the root cause was determined, as the sources state it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause_status: Option<RootCauseStatus>,
}

/// What was learned.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lessons {
    #[serde(default)]
    pub went_well: Vec<Finding>,
    #[serde(default)]
    pub went_wrong: Vec<Finding>,
    /// Where we got lucky.
    #[serde(default)]
    pub lucky: Vec<Finding>,
}

/// A cause or lesson: a headline, optional detail, and where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Unique among causes, for links: `cooling-loop`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The ids of the causes this one led to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub led_to: Vec<String>,
    /// The ids of the events that evidence it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

/// A follow-up action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    /// Unique within the incident: `A1`.
    pub id: String,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: ActionType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The day the item was opened; its age is counted from here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened: Option<NaiveDate>,
    /// A day (`2023-03-31`) or a month (`2023-03`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<DueDate>,
    pub status: ActionStatus,
    /// The day a done item was done; its age stops here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The ids of the causes the item addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
    /// Left out of the public version (`--audience public`); see docs/schema.md, "Audience".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

words! {
    /// What an action item is for.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum ActionType {
        /// Stop it happening again.
        Prevent = "prevent", "prevent";
        /// Make the impact smaller or shorter next time.
        Mitigate = "mitigate", "mitigate";
        /// Notice sooner.
        Detect = "detect", "detect";
        /// Change how people work: runbooks, communication, training.
        Process = "process", "process";
    }
}

words! {
    /// Priority of an action item, `P1` highest.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Priority {
        P1 = "p1", "P1";
        P2 = "p2", "P2";
        P3 = "p3", "P3";
    }
}

words! {
    /// Where an action item stands.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum ActionStatus {
        Open = "open", "open";
        InProgress = "in_progress", "in progress";
        Done = "done", "done";
        /// Decided against; kept for the record.
        WontDo = "wont_do", "won't do";
        /// No source says where it stands.
        Unknown = "unknown", "unknown";
    }
}

impl ActionStatus {
    /// True while work remains (open or in progress).
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// Where facts come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short id cited by facts: `statement`, `scmp-3203983`.
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub kind: SourceKind,
    /// Who published it: a newspaper, a regulator, the provider: `"South China Morning Post"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Kept as further reading: no fact needs to cite it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub further_reading: bool,
    /// Left out of the public version (`--audience public`); see docs/schema.md, "Audience".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

words! {
    /// How a source, or one citation of it, stands: the organisation's own word, quoted, or
    /// someone else's.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum SourceKind {
        /// The organisation's own statement, or a verbatim copy of it.
        Official = "official", "official";
        /// Press, blogs and other third-party reporting.
        Press = "press", "press";
        /// The organisation's own text as quoted by a third party.
        Quoted = "quoted", "official, quoted";
        /// A third party's own analysis: a researcher, an analyst, a commentary.
        Analysis = "analysis", "independent analysis";
        /// The organisation's internal documents, chat logs and tickets.
        Internal = "internal", "internal";
    }
}

impl SourceKind {
    /// True for a third party's own word (press, independent analysis), false for the
    /// organisation's word however it reached us (official, quoted, internal).
    pub fn is_third_party(self) -> bool {
        matches!(self, SourceKind::Press | SourceKind::Analysis)
    }
}

impl Event {
    /// Every kind of the event: its `kind`, then its `other_kinds`.
    pub fn kinds(&self) -> impl Iterator<Item = EventKind> + '_ {
        std::iter::once(self.kind).chain(self.other_kinds.iter().copied())
    }

    /// True when the event is of this kind, as its `kind` or one of its `other_kinds`.
    pub fn is(&self, kind: EventKind) -> bool {
        self.kinds().any(|k| k == kind)
    }
}

impl Incident {
    /// Every affected target with its kind: services, then customers, each in record order.
    pub fn targets(&self) -> impl Iterator<Item = (TargetKind, &Affected)> + Clone {
        TargetKind::ALL
            .into_iter()
            .flat_map(move |k| k.of(self).iter().map(move |a| (k, a)))
    }

    /// The source with this id, or the source a citation names (`scmp#quoted` names `scmp`;
    /// see `model::citation`).
    pub fn source(&self, id: &str) -> Option<&Source> {
        let key = crate::model::citation::citation_key(id);
        self.sources.iter().find(|s| s.id == key)
    }

    /// The grade a citation gives its fact: the grade written in the citation
    /// (`scmp#quoted`), else the cited source's kind; `None` for an unknown source or grade.
    pub fn citation_grade(&self, citation: &str) -> Option<SourceKind> {
        let c = crate::model::citation::parse_citation(citation).ok()?;
        let source = self.source(c.key)?;
        Some(c.grade.unwrap_or(source.kind))
    }

    /// True when every citation grades its fact a third party's own word — press, or an
    /// independent analysis: such facts are shown as press-only, not confirmed by the
    /// organisation. A citation's own grade counts over its source's kind.
    pub fn is_press_only(&self, cited: &[String]) -> bool {
        !cited.is_empty()
            && cited.iter().all(|c| {
                self.citation_grade(c)
                    .is_some_and(SourceKind::is_third_party)
            })
    }

    /// Events in the one chronological order of [`When::chronological`] (stable for equal
    /// times; events with no known time last, in file order).
    pub fn events_in_order(&self) -> Vec<&Event> {
        let mut events: Vec<&Event> = self.events.iter().collect();
        events.sort_by(|a, b| a.at.chronological(b.at));
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::vocab::Word;

    /// Every value's `ron` spelling is what record files hold: written and read back by `ron`.
    fn ron_spellings<T>()
    where
        T: Word + Serialize + for<'de> Deserialize<'de> + std::fmt::Debug,
    {
        for &w in T::ALL {
            assert_eq!(ron::to_string(&w).unwrap(), w.ron());
            assert_eq!(ron::from_str::<T>(w.ron()).unwrap(), w);
        }
    }

    #[test]
    fn record_spellings_are_the_variant_names() {
        ron_spellings::<IncidentKind>();
        ron_spellings::<Status>();
        ron_spellings::<Level>();
        ron_spellings::<EventKind>();
        ron_spellings::<ActionType>();
        ron_spellings::<Priority>();
        ron_spellings::<ActionStatus>();
        ron_spellings::<SourceKind>();
        ron_spellings::<crate::model::chain::RootCauseStatus>();
        ron_spellings::<crate::model::roles::Role>();
        ron_spellings::<crate::model::event_facts::Party>();
        ron_spellings::<crate::model::event_facts::UpdateState>();
    }

    #[test]
    fn words_that_differ_by_audience() {
        let l = Level::AtRisk;
        assert_eq!(
            (l.ron(), l.token(), l.cli(), l.label()),
            ("AtRisk", "at_risk", "at-risk", "at risk")
        );
        let s = ActionStatus::WontDo;
        assert_eq!((s.cli(), s.label()), ("wont-do", "won't do"));
        assert_eq!(
            Status::Closed.help(),
            Some("Resolved and the postmortem is done.")
        );
        assert_eq!(MomentName::Detected.field(), "detected");
    }

    #[test]
    fn services_and_customers_are_one_kind_of_target() {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        // The record floor reads the file with ron itself: `files::load` is a floor above.
        let inc: Incident = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .unwrap();
        let k = TargetKind::Customer;
        assert_eq!(
            (k.label(), k.plural(), k.heading()),
            ("customer", "customers", "Customers".to_string())
        );
        assert_eq!(k.of(&inc).len(), inc.customers.len());
        let kinds: Vec<TargetKind> = inc.targets().map(|(k, _)| k).collect();
        assert_eq!(kinds.len(), inc.services.len() + inc.customers.len());
        assert!(kinds.is_sorted(), "services first, then customers");
        assert_eq!(
            inc.targets().next().map(|(_, a)| &a.name),
            inc.services.first().map(|a| &a.name)
        );
    }
}
