//! The postmortem summary: everything the document says, built once from the record, the
//! display zone and the instant open windows are counted to. The Markdown, HTML and JSON
//! renderers (`render::summary_md`, `render::summary_html`, serde on [`Summary`]) only lay
//! it out: every figure comes from [`figures::impact`], every row from [`timeline::build`],
//! the chart from [`chart::layout`] — each called once, here.
//!
//! Sections follow the Google SRE book's postmortem template; a section the record has
//! nothing for is left out (it is not in [`Summary::sections`] and its field is empty).

use serde::Serialize;

use crate::derive::chain::{self, ChainSection};
use crate::derive::chart::{self, ChartLayout};
use crate::derive::communication::{self, CommunicationSection};
use crate::derive::event_facts::EventFacts;
use crate::derive::facts::{self, Facts};
use crate::derive::figures::{self, Figure, FigureKey, ImpactReport};
use crate::derive::impact::{self as impact_view, FigureJson, RowJson};
use crate::derive::moments::{self, AsOf, Basis};
use crate::derive::responders::{self, RespondersSection};
use crate::derive::timeline::{self, Bounds, Filter, Row, Timeline};
use crate::derive::timeline::{JsonEvent, json_rows};
use crate::model::config::Config;
use crate::model::record::{
    ActionItem, ActionStatus, ActionType, EventKind, Finding, Incident, IncidentKind, Moment,
    MomentName, Priority, SourceKind, Status,
};
use crate::model::time::when_text;
use crate::model::time::{Instant, Zone, format_rfc3339};

/// The sections of a summary, in document order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionId {
    Summary,
    DataLoss,
    Impact,
    RootCauses,
    Trigger,
    Contributing,
    CauseChain,
    Detection,
    Resolution,
    Communication,
    Responders,
    StatedFigures,
    DisputedFacts,
    ActionItems,
    Lessons,
    Timeline,
    Aftermath,
    References,
    Sources,
}

impl SectionId {
    /// Every section, in document order.
    pub const ALL: [SectionId; 19] = [
        SectionId::Summary,
        SectionId::DataLoss,
        SectionId::Impact,
        SectionId::RootCauses,
        SectionId::Trigger,
        SectionId::Contributing,
        SectionId::CauseChain,
        SectionId::Detection,
        SectionId::Resolution,
        SectionId::Communication,
        SectionId::Responders,
        SectionId::StatedFigures,
        SectionId::DisputedFacts,
        SectionId::ActionItems,
        SectionId::Lessons,
        SectionId::Timeline,
        SectionId::Aftermath,
        SectionId::References,
        SectionId::Sources,
    ];

    /// The section's heading.
    pub fn title(self) -> &'static str {
        match self {
            SectionId::Summary => "Summary",
            SectionId::DataLoss => "Data loss",
            SectionId::Impact => "Impact",
            SectionId::RootCauses => "Root causes",
            SectionId::Trigger => "Trigger",
            SectionId::Contributing => "Contributing factors",
            SectionId::CauseChain => "Cause chain",
            SectionId::Detection => "Detection",
            SectionId::Resolution => "Resolution",
            SectionId::Communication => "Communication",
            SectionId::Responders => "Responders",
            SectionId::StatedFigures => "Stated figures",
            SectionId::DisputedFacts => "Disputed facts",
            SectionId::ActionItems => "Action items",
            SectionId::Lessons => "Lessons learned",
            SectionId::Timeline => "Timeline",
            SectionId::Aftermath => "Aftermath",
            SectionId::References => "References",
            SectionId::Sources => "Sources",
        }
    }

    /// The anchor of the section: `root-causes`, as GitHub derives it from the heading.
    pub fn anchor(self) -> &'static str {
        match self {
            SectionId::Summary => "summary",
            SectionId::DataLoss => "data-loss",
            SectionId::Impact => "impact",
            SectionId::RootCauses => "root-causes",
            SectionId::Trigger => "trigger",
            SectionId::Contributing => "contributing-factors",
            SectionId::CauseChain => "cause-chain",
            SectionId::Detection => "detection",
            SectionId::Resolution => "resolution",
            SectionId::Communication => "communication",
            SectionId::Responders => "responders",
            SectionId::StatedFigures => "stated-figures",
            SectionId::DisputedFacts => "disputed-facts",
            SectionId::ActionItems => "action-items",
            SectionId::Lessons => "lessons-learned",
            SectionId::Timeline => "timeline",
            SectionId::Aftermath => "aftermath",
            SectionId::References => "references",
            SectionId::Sources => "sources",
        }
    }
}

/// A section present in the document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SectionRef {
    pub id: SectionId,
    pub title: &'static str,
}

/// A citation of one source: its number (1-based, in the order of the record's `sources`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Citation {
    pub number: usize,
    pub id: String,
    /// Where the citation links: the source's URL when it is a safe `http(s)` URL, else
    /// `None` (renderers link to the Sources section).
    pub href: Option<String>,
    /// The grade this citation gives its fact (`official, quoted`), shown beside it, when it
    /// differs from the source's kind (`scmp#quoted` citing a press source).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::model::vocab::as_token_opt"
    )]
    pub grade: Option<SourceKind>,
}

/// A fact with its citations.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cited {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub citations: Vec<Citation>,
    /// Every cited source is press reporting: shown as "(press)".
    pub press_only: bool,
}

/// A key moment in the document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MomentEntry {
    /// `started`, `detected`, `mitigated`, `resolved`.
    pub name: &'static str,
    /// RFC 3339 in the displayed zone (a day's start, a range's middle); `null` for a bound
    /// or an unknown time.
    pub at: Option<String>,
    /// `exact`, `approximate`, `day`, `range`, `not_before`, `not_after` or `unknown`.
    pub precision: &'static str,
    /// For a day, a range or a bound: its earliest and latest possible instants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounds: Option<Bounds>,
    /// As shown: `2022-12-18 08:56`, `~12:00`, `2022-12-20 (day)`, `≥ 10:15`, `unknown`.
    pub when: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub citations: Vec<Citation>,
    pub press_only: bool,
    /// The third party whose observation the record takes as this moment: `customer OKX`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_by: Option<String>,
    /// Other sources give other times (listed under Disputed facts); `when` is the chosen.
    pub disputed: bool,
}

/// An event quoted in a section (detection, resolution, aftermath).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventEntry {
    pub id: String,
    /// RFC 3339 in the displayed zone (a day's start, a range's middle); `null` for a bound or
    /// an unknown time.
    pub at: Option<String>,
    /// `exact`, `approximate`, `day`, `range`, `not_before`, `not_after` or `unknown`.
    pub precision: &'static str,
    /// For a day, a range or a bound: its earliest and latest possible instants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounds: Option<Bounds>,
    /// As shown, with the date: `2022-12-18 08:56`, `~2022-12-18 12:00`, `2022-12-20 (day)`.
    pub when: String,
    #[serde(serialize_with = "crate::model::vocab::as_token")]
    pub kind: EventKind,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    pub important: bool,
    pub citations: Vec<Citation>,
    pub press_only: bool,
    /// Further kinds, observer, public update, plan; each left out when the event has none.
    #[serde(flatten)]
    pub facts: EventFacts,
    /// Other sources give other times (listed under Disputed facts); `when` is the chosen.
    pub disputed: bool,
}

/// A figure as the document shows it: the computed figure and its value in words.
#[derive(Clone, Debug, Serialize)]
pub struct FigureEntry {
    pub key: FigureKey,
    /// As shown: `0 min (detected 21 min before impact)`, `~26.9 h`, `5`.
    pub value: String,
    #[serde(flatten)]
    pub figure: FigureJson,
}

/// The impact section.
#[derive(Clone, Debug, Serialize)]
pub struct ImpactSection {
    /// One row per affected service, then customer (as `incident impact --format json`).
    pub rows: Vec<RowJson>,
    /// How unknown, open and approximate times were treated; the zone.
    pub notes: Vec<String>,
    /// Every figure, in order: key durations, customer impact, hours, counts.
    pub figures: Vec<FigureEntry>,
}

/// The detection section.
#[derive(Clone, Debug, Serialize)]
pub struct DetectionSection {
    /// When impact began: what time to detect counts from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started: Option<MomentEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detected: Option<MomentEntry>,
    /// `time_to_detect`, when it could be computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_to_detect: Option<FigureEntry>,
    /// The detection events, in order (plans left out).
    pub events: Vec<EventEntry>,
    /// A third party's detection before the organisation's own, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outside_first: Option<OutsideFirst>,
}

/// A third party saw it first: the earliest detection event observed by a third party, before
/// the `detected` moment. It does not change the detection moment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutsideFirst {
    pub event: EventEntry,
    /// Whole minutes from the third party's observation to the organisation's detection.
    pub minutes_before: i64,
    /// As shown: `external monitor ProbeNet observed it 7 min before the organisation's own
    /// detection`.
    pub text: String,
}

/// The resolution section.
#[derive(Clone, Debug, Serialize)]
pub struct ResolutionSection {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mitigated: Option<MomentEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<MomentEntry>,
    /// `time_to_mitigate`, `time_to_resolve` and `total_duration`, those that are known.
    pub figures: Vec<FigureEntry>,
    /// Mitigation, recovery and resolution events up to the resolution, in order (plans
    /// left out).
    pub events: Vec<EventEntry>,
}

/// An action item.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionEntry {
    pub id: String,
    pub text: String,
    /// `prevent`, `mitigate`, `detect`, `process`.
    #[serde(rename = "type")]
    #[serde(serialize_with = "crate::model::vocab::as_token")]
    pub kind: ActionType,
    pub owner: Option<String>,
    /// `p1` … `p3`.
    #[serde(serialize_with = "crate::model::vocab::as_token_opt")]
    pub priority: Option<Priority>,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
    /// `open`, `in_progress`, `done`, `wont_do`, `unknown`.
    #[serde(serialize_with = "crate::model::vocab::as_token")]
    pub status: ActionStatus,
    /// `YYYY-MM-DD`: the day the item was opened.
    pub opened: Option<String>,
    /// `YYYY-MM-DD`: the day a done item was done.
    pub completed: Option<String>,
    /// The link as written in the record.
    pub link: Option<String>,
    /// The link when it is a safe `http(s)` URL.
    pub href: Option<String>,
    pub citations: Vec<Citation>,
    pub press_only: bool,
    pub note: Option<String>,
    /// The ids of the causes it addresses.
    pub addresses: Vec<String>,
}

/// Lessons learned; empty lists are left out of the document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LessonsSection {
    pub went_well: Vec<Cited>,
    pub went_wrong: Vec<Cited>,
    pub lucky: Vec<Cited>,
}

impl LessonsSection {
    /// The non-empty parts with their headings, in order.
    pub fn parts(&self) -> Vec<(&'static str, &[Cited])> {
        [
            ("What went well", self.went_well.as_slice()),
            ("What went wrong", self.went_wrong.as_slice()),
            ("Where we got lucky", self.lucky.as_slice()),
        ]
        .into_iter()
        .filter(|(_, l)| !l.is_empty())
        .collect()
    }
}

/// The timeline section.
#[derive(Clone, Debug, Serialize)]
pub struct TimelineSection {
    /// The zone, and what elapsed time counts from.
    pub caption: String,
    /// Every event in order (as `incident timeline --format json`).
    pub events: Vec<JsonEvent>,
}

/// One source, numbered.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceEntry {
    pub number: usize,
    pub id: String,
    pub title: String,
    /// `official`, `press`, `quoted`, `analysis`, `internal`.
    #[serde(serialize_with = "crate::model::vocab::as_token")]
    pub kind: SourceKind,
    /// Kept as further reading: no fact cites it.
    pub further_reading: bool,
    /// Who published it, when the record says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The URL as written in the record.
    pub url: Option<String>,
    /// The URL when it is a safe `http(s)` URL: what citations link to.
    pub href: Option<String>,
    pub note: Option<String>,
}

/// Who, what and when: the lines under the title.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Meta {
    /// The incident's first day (of its first sign) in the displayed zone, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub authors: Vec<String>,
    /// `investigating` … `closed`.
    #[serde(serialize_with = "crate::model::vocab::as_token")]
    pub status: Status,
    /// The level's name: `Sev1` … `Sev4`, or the team's (`P0`).
    pub severity: String,
    /// The level's word: `critical`, `major`, `minor`, `low`, or the team's.
    pub severity_label: String,
    /// `real`, `drill`, `test`.
    #[serde(serialize_with = "crate::model::vocab::as_token")]
    pub kind: IncidentKind,
    pub organisation: Option<String>,
    pub region: Option<String>,
    pub zones: Vec<String>,
    pub site: Option<String>,
    pub tags: Vec<String>,
    /// The team's custom fields the record gives, in the configuration's order, then any
    /// other by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldEntry>,
}

/// A custom field as a document shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldEntry {
    pub name: String,
    /// As typed in the record: a string, a number or a list.
    pub value: crate::model::fields::FieldValue,
    /// As people read it (a list joined with commas).
    pub text: String,
}

/// The record's custom fields in the configuration's order, then the others by name.
pub fn field_entries(inc: &Incident, config: &Config) -> Vec<FieldEntry> {
    let mut names: Vec<&String> = config
        .fields
        .iter()
        .map(|f| &f.name)
        .filter(|n| inc.fields.contains_key(*n))
        .collect();
    names.extend(inc.fields.keys().filter(|n| config.field(n).is_none()));
    names
        .into_iter()
        .map(|n| FieldEntry {
            name: n.clone(),
            value: inc.fields[n].clone(),
            text: inc.fields[n].text(),
        })
        .collect()
}

impl Meta {
    /// The severity as documents write it: `Sev2 (major)`, or the name alone for a level
    /// without a word.
    pub fn severity_text(&self) -> String {
        if self.severity_label.is_empty() {
            self.severity.clone()
        } else {
            format!("{} ({})", self.severity, self.severity_label)
        }
    }

    /// Region and zones as one phrase: `Hong Kong, zone C`; `None` when the record has neither.
    pub fn place(&self) -> Option<String> {
        let mut place: Vec<String> = self.region.iter().cloned().collect();
        if !self.zones.is_empty() {
            let plural = if self.zones.len() == 1 { "" } else { "s" };
            place.push(format!("zone{plural} {}", self.zones.join(", ")));
        }
        (!place.is_empty()).then(|| place.join(", "))
    }
}

/// The stated root-cause status.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RootCauseStatusEntry {
    /// `determined`, `not_determined`, `under_investigation`.
    pub status: &'static str,
    /// As shown: `not determined`.
    pub label: &'static str,
}

/// The instant open windows were counted up to, printed so the document is honest.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AsOfEntry {
    /// RFC 3339 in the displayed zone, to the minute; `null` when the record gives no time.
    pub at: Option<String>,
    /// As shown: `2022-12-18 23:11`; `null` when the record gives no time.
    pub when: Option<String>,
    /// `resolved` (the incident's resolution), `last_known` (resolved, with no time for it:
    /// the last time the record gives), `no_time` (resolved, and the record gives no time),
    /// `now` (not resolved: the time of the run) or `given` (chosen by the caller).
    pub basis: Basis,
}

/// The postmortem summary of one incident. Serialised as JSON, this is
/// `incident summary --format json` (see `docs/summary.md`).
#[derive(Clone, Debug, Serialize)]
pub struct Summary<'a> {
    #[serde(skip)]
    pub incident: &'a Incident,
    #[serde(skip)]
    pub zone: Zone,
    /// The impact report everything impact-related is shown from.
    #[serde(skip)]
    pub report: ImpactReport<'a>,
    /// The whole timeline, every event.
    #[serde(skip)]
    pub timeline: Timeline,
    /// The impact chart, when there is anything to chart.
    #[serde(skip)]
    pub chart: Option<ChartLayout>,

    /// The review checklist (`check --ready`): until it passes the documents are drafts.
    #[serde(skip)]
    pub review: crate::derive::readiness::Review,

    pub id: String,
    pub title: String,
    /// What the review still misses, briefly, while the document is a draft ("Draft — not
    /// reviewed"); left out once the review passes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    /// The zone times are shown in: `Asia/Hong_Kong (UTC+08:00)`.
    pub zone_label: String,
    pub meta: Meta,
    pub as_of: AsOfEntry,
    /// The sections present, in document order.
    pub sections: Vec<SectionRef>,
    /// The record's summary, one string per paragraph.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<String>,
    /// The sources the summary rests on (`summary_sources`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub summary_citations: Vec<Citation>,
    pub summary_press_only: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<ImpactSection>,
    /// Whether the root cause was determined, when the record states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_cause_status: Option<RootCauseStatusEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub root_causes: Vec<Cited>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trigger: Vec<Cited>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contributing: Vec<Cited>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detection: Option<DetectionSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause_chain: Option<ChainSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<ResolutionSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub communication: Option<CommunicationSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responders: Option<RespondersSection>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub action_items: Vec<ActionEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lessons: Option<LessonsSection>,
    #[serde(rename = "timeline", skip_serializing_if = "Option::is_none")]
    pub timeline_section: Option<TimelineSection>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aftermath: Vec<EventEntry>,
    pub sources: Vec<SourceEntry>,
    /// Facts as the sources state them, and the notes tables leave out (`derive::facts`).
    pub facts: Facts,
}

impl SourceEntry {
    /// The title as the Sources table shows it, with the publisher when the record names one:
    /// `Alibaba Cloud outage — South China Morning Post`.
    pub fn title_text(&self) -> String {
        match &self.publisher {
            Some(p) => format!("{} — {p}", self.title),
            None => self.title.clone(),
        }
    }

    /// The kind as the Sources table shows it: `press`, `press, further reading`.
    pub fn kind_text(&self) -> String {
        if self.further_reading {
            format!("{}, further reading", self.kind)
        } else {
            self.kind.to_string()
        }
    }
}

impl Summary<'_> {
    /// True when the section is in the document.
    pub fn has(&self, id: SectionId) -> bool {
        self.sections.iter().any(|s| s.id == id)
    }

    /// The citation for a source id (`None` for an id the record does not list).
    pub fn citation(&self, id: &str) -> Option<Citation> {
        citation(self.incident, id)
    }
}

/// A URL that is safe to link to: `http://` or `https://`, with every character outside a
/// conservative set percent-encoded, so it can be written into Markdown link definitions
/// and HTML attributes unchanged. Anything else (`javascript:`, relative paths) is `None`.
pub fn safe_href(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b':'
                    | b'/'
                    | b'?'
                    | b'#'
                    | b'@'
                    | b'!'
                    | b'$'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'%'
                    | b'&'
            );
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

/// The citation of a source by `id`, or by a graded citation (`scmp#quoted`).
fn citation(inc: &Incident, id: &str) -> Option<Citation> {
    let c = crate::model::citation::parse_citation(id).ok()?;
    let (i, s) = inc
        .sources
        .iter()
        .enumerate()
        .find(|(_, s)| s.id == c.key)?;
    Some(Citation {
        number: i + 1,
        id: s.id.clone(),
        href: s.url.as_deref().and_then(safe_href),
        grade: c.grade.filter(|g| *g != s.kind),
    })
}

/// The citations of `ids`, each source once, in source order; unknown ids are left out.
pub fn citations(inc: &Incident, ids: &[String]) -> Vec<Citation> {
    let mut out: Vec<Citation> = Vec::new();
    for c in ids.iter().filter_map(|id| citation(inc, id)) {
        if !out.iter().any(|o| o.number == c.number) {
            out.push(c);
        }
    }
    out.sort_by_key(|c| c.number);
    out
}

fn cited(inc: &Incident, f: &Finding) -> Cited {
    Cited {
        text: f.text.clone(),
        detail: f.detail.clone().filter(|d| !d.trim().is_empty()),
        citations: citations(inc, &f.sources),
        press_only: inc.is_press_only(&f.sources),
    }
}

fn moment_entry(inc: &Incident, zone: &Zone, name: MomentName, m: &Moment) -> MomentEntry {
    MomentEntry {
        name: name.field(),
        at: m
            .at
            .instant()
            .map(|t| format_rfc3339(zone.convert(t.get()))),
        precision: m.at.precision(),
        bounds: Bounds::of(m.at, zone),
        when: when_text(m.at, zone, true),
        note: m.note.clone(),
        citations: citations(inc, &m.sources),
        press_only: inc.is_press_only(&m.sources),
        observed_by: m.observed_by.as_ref().map(|o| o.phrase()),
        disputed: !m.claims.is_empty(),
    }
}

fn event_entry(inc: &Incident, r: &Row) -> EventEntry {
    EventEntry {
        id: r.id.clone(),
        at: r.local.map(format_rfc3339),
        precision: r.at.precision(),
        bounds: Bounds::of(r.at, &r.zone),
        when: r.time_text(true),
        kind: r.kind,
        text: r.text.clone(),
        actor: r.actor.clone(),
        important: r.important,
        citations: citations(inc, &r.sources),
        press_only: r.press_only,
        facts: r.facts.clone(),
        disputed: inc
            .events
            .get(r.index)
            .is_some_and(|e| !e.claims.is_empty()),
    }
}

fn figure_entry(f: &Figure) -> FigureEntry {
    FigureEntry {
        key: f.key,
        value: impact_view::figure_value(f),
        figure: FigureJson::from(f),
    }
}

fn action_entry(inc: &Incident, a: &ActionItem) -> ActionEntry {
    ActionEntry {
        id: a.id.clone(),
        text: a.text.clone(),
        kind: a.kind,
        owner: a.owner.clone(),
        priority: a.priority,
        due: a.due.map(|d| d.to_string()),
        status: a.status,
        opened: a.opened.map(|d| d.to_string()),
        completed: a.completed.map(|d| d.to_string()),
        link: a.link.clone(),
        href: a.link.as_deref().and_then(safe_href),
        citations: citations(inc, &a.sources),
        press_only: inc.is_press_only(&a.sources),
        note: a.note.clone(),
        addresses: a.addresses.clone(),
    }
}

/// The earliest detection by a third party before the organisation's detection moment, with
/// how long before it came; `None` when there is none or either time is unknown.
fn outside_first(inc: &Incident, tl: &Timeline) -> Option<OutsideFirst> {
    let detected = inc.moments.instant(MomentName::Detected)?;
    let r = tl.rows.iter().find(|r| {
        r.facts.observed_by.is_some()
            && !r.facts.is_plan()
            && (r.kind == EventKind::Detection || r.other_kinds.contains(&EventKind::Detection))
            && r.at.instant().is_some_and(|t| t < detected)
    })?;
    let minutes_before = (detected.get() - r.at.instant()?.get()).num_minutes();
    let who = r.facts.observed_by.as_ref().map(|o| o.text.clone())?;
    Some(OutsideFirst {
        event: event_entry(inc, r),
        minutes_before,
        text: format!(
            "{who} observed it {} before the organisation's own detection",
            crate::model::time::format_minutes(minutes_before)
        ),
    })
}

/// True when the row is placed after `t` by the timeline's order (a day or range by its
/// middle, a bound by its bound; rows with no known time are not).
fn after(r: &Row, t: Instant) -> bool {
    r.at.sort_key().is_some_and(|(x, _)| x > t.get())
}

/// Builds the summary of `inc`, times shown in `zone`, open windows counted up to
/// `as_of` ([`moments::as_of`]), which the document states with its basis.
pub fn build<'a>(inc: &'a Incident, zone: &Zone, as_of: AsOf) -> Summary<'a> {
    build_with(inc, zone, as_of, &Config::default())
}

/// [`build`] under a team's configuration: its severity words, its role names, and its custom
/// fields in its order (then any other field the record gives, by name).
pub fn build_with<'a>(inc: &'a Incident, zone: &Zone, as_of: AsOf, config: &Config) -> Summary<'a> {
    // In the shown zone, so every line that states it says the same time.
    let at = Instant(zone.convert(as_of.at.get()));
    let report = figures::impact(inc, at);
    let tl = timeline::build(inc, zone, &Filter::default());
    let chart = chart::layout(inc, zone);
    let resolved = moments::end(inc);

    let meta = Meta {
        date: moments::first_day(inc, zone).map(|d| d.format("%Y-%m-%d").to_string()),
        authors: inc.authors.clone(),
        status: inc.status,
        severity: inc.severity.name().to_string(),
        severity_label: config.scale().word(&inc.severity),
        kind: inc.kind,
        organisation: inc.organisation.clone(),
        region: inc.region.clone(),
        zones: inc.zones.clone(),
        site: inc.site.clone(),
        tags: inc.tags.clone(),
        fields: field_entries(inc, config),
    };
    let shown = (as_of.basis != Basis::NoTime).then(|| zone.convert(at.get()));
    let as_of = AsOfEntry {
        at: shown.map(format_rfc3339),
        when: shown.map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
        basis: as_of.basis,
    };

    let summary: Vec<String> = inc
        .summary
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();

    let impact = (!report.targets.is_empty()).then(|| ImpactSection {
        rows: impact_view::json_rows(&report, &impact_view::Options::default(), zone),
        notes: impact_view::notes(&report, zone, impact_view::NotesFor::Postmortem),
        figures: report.figures.iter().map(figure_entry).collect(),
    });

    let known = |key: FigureKey| {
        report
            .figure(key)
            .filter(|f| f.minutes().is_some() || f.note.is_some())
            .map(figure_entry)
    };
    let moment = |name: MomentName| {
        inc.moments
            .get(name)
            .map(|m| moment_entry(inc, zone, name, m))
    };

    let detection_events: Vec<EventEntry> = tl
        .rows
        .iter()
        .filter(|r| r.kind == EventKind::Detection || r.other_kinds.contains(&EventKind::Detection))
        .filter(|r| !r.facts.is_plan())
        .map(|r| event_entry(inc, r))
        .collect();
    let outside_first = outside_first(inc, &tl);
    let detection = (inc.moments.started.is_some()
        || inc.moments.detected.is_some()
        || !detection_events.is_empty())
    .then(|| DetectionSection {
        started: moment(MomentName::Started),
        detected: moment(MomentName::Detected),
        time_to_detect: known(FigureKey::TimeToDetect),
        events: detection_events,
        outside_first,
    });

    let resolution_events: Vec<EventEntry> = tl
        .rows
        .iter()
        .filter(|r| {
            std::iter::once(r.kind)
                .chain(r.other_kinds.iter().copied())
                .any(|k| {
                    matches!(
                        k,
                        EventKind::Mitigation | EventKind::Recovery | EventKind::Resolution
                    )
                })
        })
        .filter(|r| !r.facts.is_plan())
        .filter(|r| resolved.is_none_or(|t| !after(r, t)))
        .map(|r| event_entry(inc, r))
        .collect();
    let resolution = (inc.moments.mitigated.is_some()
        || inc.moments.resolved.is_some()
        || !resolution_events.is_empty())
    .then(|| ResolutionSection {
        mitigated: moment(MomentName::Mitigated),
        resolved: moment(MomentName::Resolved),
        figures: [
            FigureKey::TimeToMitigate,
            FigureKey::TimeToResolve,
            FigureKey::TotalDuration,
        ]
        .into_iter()
        .filter_map(known)
        .collect(),
        events: resolution_events,
    });

    let aftermath: Vec<EventEntry> = match resolved {
        Some(t) => tl
            .rows
            .iter()
            .filter(|r| after(r, t))
            .map(|r| event_entry(inc, r))
            .collect(),
        None => Vec::new(),
    };

    let lessons = LessonsSection {
        went_well: inc
            .lessons
            .went_well
            .iter()
            .map(|f| cited(inc, f))
            .collect(),
        went_wrong: inc
            .lessons
            .went_wrong
            .iter()
            .map(|f| cited(inc, f))
            .collect(),
        lucky: inc.lessons.lucky.iter().map(|f| cited(inc, f)).collect(),
    };
    let lessons = (!lessons.parts().is_empty()).then_some(lessons);

    let timeline_section = (!tl.rows.is_empty()).then(|| TimelineSection {
        caption: tl.caption(),
        events: json_rows(&tl),
    });

    let sources: Vec<SourceEntry> = inc
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| SourceEntry {
            number: i + 1,
            id: s.id.clone(),
            title: s.title.clone(),
            kind: s.kind,
            further_reading: s.further_reading,
            publisher: s.publisher.clone(),
            published: s.published.map(|d| d.to_string()),
            url: s.url.clone(),
            href: s.url.as_deref().and_then(safe_href),
            note: s.note.clone(),
        })
        .collect();

    let root_cause_status = inc.causes.root_cause_status.map(|s| RootCauseStatusEntry {
        status: s.token(),
        label: s.label(),
    });
    let cause_chain = chain::build(inc, &tl);
    let communication = communication::build(
        inc,
        zone,
        &tl,
        |r| event_entry(inc, r),
        moment(MomentName::Communicated),
        known(FigureKey::TimeToCommunicate),
    );
    let responders = responders::build(inc, zone, config, |ids| citations(inc, ids));

    let facts = facts::build(inc, &report, zone);
    // The same review as `check --ready`, the team's rules included.
    let review = crate::derive::readiness::review_with(inc, Some(config));
    let mut out = Summary {
        incident: inc,
        zone: *zone,
        zone_label: tl.zone_label(),
        id: inc.id.clone(),
        title: inc.title.clone(),
        draft: review.missing(),
        review,
        meta,
        as_of,
        sections: Vec::new(),
        summary,
        summary_citations: citations(inc, &inc.summary_sources),
        summary_press_only: inc.is_press_only(&inc.summary_sources),
        impact,
        root_cause_status,
        root_causes: inc
            .causes
            .root_causes
            .iter()
            .map(|f| cited(inc, f))
            .collect(),
        trigger: inc.causes.trigger.iter().map(|f| cited(inc, f)).collect(),
        contributing: inc
            .causes
            .contributing
            .iter()
            .map(|f| cited(inc, f))
            .collect(),
        cause_chain,
        detection,
        resolution,
        communication,
        responders,
        action_items: inc.actions.iter().map(|a| action_entry(inc, a)).collect(),
        lessons,
        timeline_section,
        aftermath,
        sources,
        facts,
        report,
        timeline: tl,
        chart,
    };
    out.sections = SectionId::ALL
        .into_iter()
        .filter(|id| match id {
            SectionId::Summary => !out.summary.is_empty(),
            SectionId::DataLoss => !out.facts.data_loss.is_empty(),
            SectionId::Impact => out.impact.is_some(),
            SectionId::RootCauses => !out.root_causes.is_empty() || out.root_cause_status.is_some(),
            SectionId::Trigger => !out.trigger.is_empty(),
            SectionId::Contributing => !out.contributing.is_empty(),
            SectionId::CauseChain => out.cause_chain.is_some(),
            SectionId::Detection => out.detection.is_some(),
            SectionId::Resolution => out.resolution.is_some(),
            SectionId::Communication => out.communication.is_some(),
            SectionId::Responders => out.responders.is_some(),
            SectionId::StatedFigures => !out.facts.stated.is_empty(),
            SectionId::DisputedFacts => !out.facts.disputed.is_empty(),
            SectionId::ActionItems => !out.action_items.is_empty(),
            SectionId::Lessons => out.lessons.is_some(),
            SectionId::Timeline => out.timeline_section.is_some(),
            SectionId::Aftermath => !out.aftermath.is_empty(),
            SectionId::References => !out.facts.references.is_empty(),
            SectionId::Sources => !out.sources.is_empty(),
        })
        .map(|id| SectionRef {
            id,
            title: id.title(),
        })
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hk() -> Incident {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        crate::files::load::parse_text(std::path::Path::new("hk.ron"), text).expect("parses")
    }

    #[test]
    fn hong_kong_summary_has_every_section() {
        let inc = hk();
        let zone = Zone::Named(chrono_tz::Asia::Hong_Kong);
        let as_of = moments::as_of(&inc, None, "2030-01-01T00:00:00Z".parse().unwrap());
        let s = build(&inc, &zone, as_of);
        let ids: Vec<SectionId> = s.sections.iter().map(|s| s.id).collect();
        assert_eq!(
            ids,
            SectionId::ALL
                .into_iter()
                .filter(|i| *i != SectionId::Lessons || s.lessons.is_some())
                // No source of the Hong Kong record states lost data or a reference, or
                // names anyone in an incident role.
                .filter(|i| {
                    !matches!(
                        i,
                        SectionId::DataLoss | SectionId::References | SectionId::Responders
                    )
                })
                .collect::<Vec<_>>()
        );
        assert_eq!(s.as_of.basis, Basis::Resolved);
        assert_eq!(s.as_of.when.as_deref(), Some("2022-12-18 23:11"));
        assert_eq!(s.meta.date.as_deref(), Some("2022-12-18"));
        let d = s.detection.as_ref().unwrap();
        assert_eq!(
            d.time_to_detect.as_ref().unwrap().value,
            "0 min (detected 21 min before impact)"
        );
        assert_eq!(d.events.len(), 2);
        // Resolution events stop at 23:11; okx-resumes (19 Dec) is aftermath.
        let r = s.resolution.as_ref().unwrap();
        assert_eq!(r.events.last().unwrap().id, "ecs-api-back");
        assert!(s.aftermath.iter().any(|e| e.id == "okx-resumes"));
        assert_eq!(s.aftermath.first().unwrap().id, "status-page-compensation");
        // Sources are numbered in record order; sources without URL have no href.
        assert_eq!(s.citation("zysicyj-1").unwrap().number, 2);
        assert_eq!(s.citation("vonng").unwrap().href, None);
        // Problem 4 rests on press summaries graded as quoting the statement: not press-only.
        assert!(!s.contributing[1].press_only);
        assert!(!s.root_causes[0].press_only);
    }

    #[test]
    fn the_date_is_the_first_sign_not_the_first_event() {
        let mut inc = hk();
        let now = "2030-01-01T00:00:00Z".parse().unwrap();
        // In Los Angeles, detection at 08:56 Hong Kong time is on the 17th.
        let la = Zone::Named(chrono_tz::America::Los_Angeles);
        let s = build(&inc, &la, moments::as_of(&inc, None, now));
        assert_eq!(s.meta.date.as_deref(), Some("2022-12-17"));
        inc.moments.started = None;
        inc.moments.detected = None;
        let s = build(&inc, &la, moments::as_of(&inc, None, now));
        assert_eq!(s.meta.date, None, "events are not a first sign");
        assert!(
            s.timeline.origin.is_some(),
            "elapsed time still has an origin"
        );
    }

    #[test]
    fn a_resolved_record_with_no_time_is_never_as_of_the_clock() {
        let mut inc = hk();
        inc.events.clear();
        inc.services.clear();
        inc.customers.clear();
        inc.moments = Default::default();
        inc.moments.resolved = Some(Moment {
            at: crate::model::time::When::Unknown,
            sources: vec![],
            note: None,
            observed_by: None,
            claims: Vec::new(),
        });
        let zone = Zone::Utc;
        let now = "2030-01-01T00:00:00Z".parse().unwrap();
        let s = build(&inc, &zone, moments::as_of(&inc, None, now));
        assert_eq!(s.as_of.basis, Basis::NoTime);
        assert_eq!(
            (s.as_of.at.as_deref(), s.as_of.when.as_deref()),
            (None, None)
        );
    }

    #[test]
    fn only_http_urls_are_linked() {
        assert_eq!(
            safe_href("https://a.example/x y<z>\"").as_deref(),
            Some("https://a.example/x%20y%3Cz%3E%22")
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(
            safe_href("HTTP://a.example").as_deref(),
            Some("HTTP://a.example")
        );
        assert_eq!(safe_href("https://"), None);
        assert_eq!(
            safe_href("https://a.example/(x)").as_deref(),
            Some("https://a.example/%28x%29")
        );
    }
}
