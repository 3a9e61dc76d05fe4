//! The review checklist of a postmortem (`incident check --ready`): what a record must hold
//! before its postmortem counts as reviewed and the incident may be closed. The same review
//! decides the "Draft — not reviewed" banner on the Markdown and HTML documents and the site.
//!
//! Each line is one [`ReviewItem`]; a line that fails says what is missing and names the
//! commands that fix it. Nothing here prints: `render` and `cli` lay the lines out.

use serde::Serialize;

use crate::model::chain::RootCauseStatus;
use crate::model::record::{Affected, Event, EventKind, Incident, MomentName, Status};
use crate::model::time::When;
use crate::model::vocab::words;

words! {
    /// One line of the review checklist, in the order it is printed.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
    pub enum ReviewItem {
        /// The summary paragraph is written.
        Summary = "summary", "summary written";
        /// A service or customer has an impact window or a stated outcome, or the record
        /// states that nothing was hit.
        Impact = "impact", "impact recorded or stated as none";
        /// A trigger and at least one root cause are recorded, or the root cause is stated as
        /// not determined.
        Causes = "causes", "trigger and root cause recorded (or root cause not determined)";
        /// Every root cause has an id and an action item that addresses it.
        Addressed = "addressed", "every root cause addressed by an action item";
        /// Started, detected, mitigated and resolved are each set, `Unknown` allowed.
        Moments = "moments", "key moments set or stated unknown";
        /// No impact window is still open.
        Windows = "windows", "no open impact windows";
        /// Every fact cites a source: the summary, moments, windows, events, causes, counts,
        /// data loss and stated figures.
        Cited = "cited", "every fact cited";
        /// The incident is resolved (or closed).
        Status = "status", "status resolved or closed";
        /// Every custom field the team's configuration requires is set (a line only for a
        /// team with required fields).
        Fields = "fields", "required fields set";
    }
}

/// The moments a reviewed postmortem states, each with a time or as unknown. `communicated`
/// is left out: many incidents are never announced.
pub const KEY_MOMENTS: [MomentName; 4] = [
    MomentName::Started,
    MomentName::Detected,
    MomentName::Mitigated,
    MomentName::Resolved,
];

/// One line of the checklist.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    /// `summary`, `impact`, …: the item's token.
    pub item: &'static str,
    /// The item as people read it: `summary written`.
    pub label: &'static str,
    pub ok: bool,
    /// What was found, passing or not: `5 services, 4 customers`, `the summary is empty`.
    pub detail: String,
    /// What is missing, in a few words, for the draft banner; `None` when the line passes.
    pub missing: Option<String>,
    /// The commands that fix a failing line, one per thing to do; empty when it passes.
    pub fixes: Vec<String>,
}

/// The whole review of one record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Review {
    pub id: String,
    pub ready: bool,
    pub checks: Vec<Check>,
    /// How many facts rest on press reporting alone; `None` (left out of JSON) when none do,
    /// so the press wording appears only where it applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub press_only: Option<usize>,
}

impl Review {
    /// The failing lines.
    pub fn failing(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.ok)
    }

    /// What is missing, briefly and in checklist order: `no summary; 2 impact windows open`.
    /// `None` when the record is ready.
    pub fn missing(&self) -> Option<String> {
        let parts: Vec<&str> = self
            .failing()
            .filter_map(|c| c.missing.as_deref())
            .collect();
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// `n thing` or `n things`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The tool's own record of a status change (`status: resolved → closed`, logged by
/// `incident status` and `incident resolve`): not a fact about the incident, so it needs no
/// source; the event names who made the change.
pub fn is_status_change(e: &Event) -> bool {
    e.kind == EventKind::Note && e.text.starts_with("status: ") && e.text.contains(" → ")
}

/// Reviews `inc` against the checklist, the team's required fields included.
pub fn review_with(inc: &Incident, config: Option<&crate::model::config::Config>) -> Review {
    let mut r = review(inc);
    if let Some(c) = config.filter(|c| c.fields.iter().any(|f| f.required)) {
        let missing = crate::derive::conventions::required_missing(inc, c);
        let check = if missing.is_empty() {
            pass(ReviewItem::Fields, "every required field set".to_string())
        } else {
            let names: Vec<&str> = missing.iter().map(|f| f.name.as_str()).collect();
            line(
                ReviewItem::Fields,
                format!("not set: {}", names.join(", ")),
                Some(format!("required field {} not set", names.join(", "))),
                names
                    .iter()
                    .map(|n| format!("incident set {} field {n} VALUE", inc.id))
                    .collect(),
            )
        };
        r.ready = r.ready && check.ok;
        r.checks.push(check);
    }
    r
}

/// Reviews `inc` against the checklist (without a team's required fields: [`review_with`]).
pub fn review(inc: &Incident) -> Review {
    let id = inc.id.as_str();
    let (cited, press_only) = cited(inc, id);
    let checks = vec![
        summary(inc, id),
        impact(inc, id),
        causes(inc, id),
        addressed(inc, id),
        moments(inc, id),
        windows(inc, id),
        cited,
        status(inc, id),
    ];
    Review {
        id: inc.id.clone(),
        ready: checks.iter().all(|c| c.ok),
        checks,
        press_only: (press_only > 0).then_some(press_only),
    }
}

/// True when `inc` may be closed: every line of [`review`] passes.
pub fn is_ready(inc: &Incident) -> bool {
    review(inc).ready
}

/// True for the statuses that need a passing review first: `closed` only.
pub fn needs_review(to: Status) -> bool {
    to == Status::Closed
}

fn line(item: ReviewItem, detail: String, missing: Option<String>, fixes: Vec<String>) -> Check {
    Check {
        item: item.token(),
        label: item.label(),
        ok: missing.is_none(),
        detail,
        missing,
        fixes,
    }
}

fn pass(item: ReviewItem, detail: impl Into<String>) -> Check {
    line(item, detail.into(), None, Vec::new())
}

fn summary(inc: &Incident, id: &str) -> Check {
    if inc.summary.trim().is_empty() {
        return line(
            ReviewItem::Summary,
            "the summary is empty".into(),
            Some("no summary".into()),
            vec![format!("incident set {id} summary --file summary.md")],
        );
    }
    let words = inc.summary.split_whitespace().count();
    pass(ReviewItem::Summary, count(words, "word", "words"))
}

fn impact(inc: &Incident, id: &str) -> Check {
    let hit = |list: &[Affected]| {
        list.iter()
            .filter(|a| !a.windows.is_empty() || a.outcome.is_some())
            .count()
    };
    let (services, customers) = (hit(&inc.services), hit(&inc.customers));
    let impact_windows = inc
        .targets()
        .flat_map(|(_, a)| &a.windows)
        .filter(|w| w.level.counts_as_impact())
        .count();
    if inc.no_impact {
        if impact_windows == 0 {
            return pass(ReviewItem::Impact, "stated as none");
        }
        return line(
            ReviewItem::Impact,
            format!(
                "stated as none, yet {} of outage or degradation recorded",
                count(impact_windows, "window", "windows")
            ),
            Some("impact both stated as none and recorded".into()),
            vec![format!("incident impact none {id} --undo")],
        );
    }
    if services + customers == 0 {
        return line(
            ReviewItem::Impact,
            "no service or customer recorded".into(),
            Some("no impact recorded".into()),
            vec![
                format!("incident impact add {id} --service NAME --from TIME --to TIME"),
                format!("incident impact none {id}"),
            ],
        );
    }
    pass(
        ReviewItem::Impact,
        format!(
            "{}, {}",
            count(services, "service", "services"),
            count(customers, "customer", "customers")
        ),
    )
}

fn causes(inc: &Incident, id: &str) -> Check {
    let c = &inc.causes;
    if c.root_cause_status == Some(RootCauseStatus::NotDetermined) {
        return pass(ReviewItem::Causes, "root cause stated as not determined");
    }
    let found = format!(
        "{}, {}",
        count(c.trigger.len(), "trigger", "triggers"),
        count(c.root_causes.len(), "root cause", "root causes")
    );
    let mut missing = Vec::new();
    let mut fixes = Vec::new();
    if c.trigger.is_empty() {
        missing.push("no trigger");
        fixes.push(format!("incident cause add {id} --kind trigger TEXT"));
    }
    if c.root_causes.is_empty() {
        missing.push("no root cause");
        fixes.push(format!("incident cause add {id} --kind root TEXT"));
        fixes.push(format!("incident cause status {id} not-determined"));
    }
    if missing.is_empty() {
        return pass(ReviewItem::Causes, found);
    }
    line(ReviewItem::Causes, found, Some(missing.join(", ")), fixes)
}

fn addressed(inc: &Incident, id: &str) -> Check {
    let roots = &inc.causes.root_causes;
    if roots.is_empty() {
        return pass(ReviewItem::Addressed, "no root cause to address");
    }
    let mut unaddressed = Vec::new();
    let mut fixes = Vec::new();
    for (i, f) in roots.iter().enumerate() {
        match f.id.as_deref() {
            Some(cause) if !inc.actions_addressing(cause).is_empty() => {}
            Some(cause) => {
                unaddressed.push(cause.to_string());
                fixes.push(format!(
                    "incident action add {id} TEXT --type prevent --addresses {cause}"
                ));
            }
            None => {
                // An action names the cause it addresses by id, so a cause without one
                // cannot be addressed until it has one.
                unaddressed.push(format!("root cause {} (no id)", i + 1));
                fixes.push(format!(
                    "incident edit {id}   (give root cause {} an `id`, then `incident action add {id} TEXT --addresses ID`)",
                    i + 1
                ));
            }
        }
    }
    if unaddressed.is_empty() {
        return pass(
            ReviewItem::Addressed,
            format!(
                "{} addressed",
                count(roots.len(), "root cause", "root causes")
            ),
        );
    }
    line(
        ReviewItem::Addressed,
        format!("not addressed: {}", unaddressed.join(", ")),
        Some(format!(
            "{} not addressed",
            count(unaddressed.len(), "root cause", "root causes")
        )),
        fixes,
    )
}

fn moments(inc: &Incident, id: &str) -> Check {
    let unset: Vec<MomentName> = KEY_MOMENTS
        .into_iter()
        .filter(|&m| inc.moments.get(m).is_none())
        .collect();
    if unset.is_empty() {
        let unknown = KEY_MOMENTS
            .into_iter()
            .filter(|&m| inc.moments.get(m).is_some_and(|x| x.at == When::Unknown))
            .count();
        return pass(
            ReviewItem::Moments,
            if unknown == 0 {
                "started, detected, mitigated, resolved".to_string()
            } else {
                format!("all four set, {unknown} stated unknown")
            },
        );
    }
    let names: Vec<&str> = unset.iter().map(|m| m.label()).collect();
    line(
        ReviewItem::Moments,
        format!("not set: {}", names.join(", ")),
        Some(format!("{} not set", names.join(", "))),
        unset
            .iter()
            .map(|m| {
                format!(
                    "incident moment set {id} {} --at TIME   (or --at unknown)",
                    m.cli()
                )
            })
            .collect(),
    )
}

fn windows(inc: &Incident, id: &str) -> Check {
    let open: Vec<&str> = inc
        .targets()
        .filter(|(_, a)| a.windows.iter().any(|w| w.to == When::Open))
        .map(|(_, a)| a.name.as_str())
        .collect();
    if open.is_empty() {
        return pass(ReviewItem::Windows, "none open");
    }
    line(
        ReviewItem::Windows,
        format!("still open: {}", open.join(", ")),
        Some(format!(
            "{} open",
            count(open.len(), "impact window", "impact windows")
        )),
        open.iter()
            .map(|name| format!("incident impact end {id} {} --at TIME", shell_word(name)))
            .collect(),
    )
}

/// A name as one shell word: quoted unless it is only letters, digits and `-_.`.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The facts the record states, each named for people, with its sources. Lessons and action
/// items are the team's own conclusions, not facts from somewhere, so they are not listed.
fn facts(inc: &Incident) -> Vec<(String, &[String])> {
    let mut out: Vec<(String, &[String])> = Vec::new();
    if !inc.summary.trim().is_empty() {
        out.push(("the summary".into(), &inc.summary_sources));
    }
    for m in MomentName::ALL {
        // A moment stated unknown claims no time, so there is nothing to cite.
        if let Some(x) = inc.moments.get(m)
            && x.at != When::Unknown
        {
            out.push((format!("moment {}", m.label()), &x.sources));
        }
    }
    for (kind, a) in inc.targets() {
        for (i, w) in a.windows.iter().enumerate() {
            // A window may rest on its target's sources.
            let sources = if w.sources.is_empty() {
                &a.sources
            } else {
                &w.sources
            };
            let n = if a.windows.len() > 1 {
                format!(" window {}", i + 1)
            } else {
                " window".to_string()
            };
            out.push((format!("{} \"{}\"{n}", kind.label(), a.name), sources));
        }
        for c in &a.counts {
            out.push((
                format!("count \"{}\" of \"{}\"", c.what, a.name),
                &c.sources,
            ));
        }
    }
    for e in inc.events.iter().filter(|e| !is_status_change(e)) {
        out.push((format!("event {}", e.id), &e.sources));
    }
    for (list, i, f) in inc.causes.all() {
        let name =
            f.id.clone()
                .unwrap_or_else(|| format!("{} {}", list.label(), i + 1));
        out.push((format!("cause {name}"), &f.sources));
    }
    for c in &inc.counts {
        out.push((format!("count \"{}\"", c.what), &c.sources));
    }
    for d in &inc.data_loss {
        out.push((format!("data loss \"{}\"", d.what), &d.sources));
    }
    for (i, s) in inc.stated.iter().enumerate() {
        out.push((format!("stated figure {}", i + 1), &s.sources));
    }
    out
}

/// The citation line, and how many facts rest on press reporting alone.
fn cited(inc: &Incident, id: &str) -> (Check, usize) {
    let all = facts(inc);
    let press_only = all.iter().filter(|(_, s)| inc.is_press_only(s)).count();
    let uncited: Vec<&str> = all
        .iter()
        .filter(|(_, s)| s.is_empty())
        .map(|(name, _)| name.as_str())
        .collect();
    if uncited.is_empty() {
        return (
            pass(
                ReviewItem::Cited,
                format!("{} cited", count(all.len(), "fact", "facts")),
            ),
            press_only,
        );
    }
    // A few by name, the rest as a number, so the line stays readable on a large record.
    const NAMED: usize = 5;
    let mut named = uncited[..uncited.len().min(NAMED)].join(", ");
    if uncited.len() > NAMED {
        named.push_str(&format!(" and {} more", uncited.len() - NAMED));
    }
    let mut fixes = Vec::new();
    if inc.sources.is_empty() {
        fixes.push(format!(
            "incident source add {id} KEY --title TITLE --kind internal"
        ));
    }
    // One command for each kind of fact left uncited, shown on its first instance.
    let mut seen = std::collections::BTreeSet::new();
    for n in &uncited {
        let (kind, fix) = if *n == "the summary" {
            ("summary", format!("incident set {id} summary-sources KEY"))
        } else if let Some(m) = n.strip_prefix("moment ") {
            (
                "moment",
                format!("incident moment set {id} {m} --at TIME --source KEY   (its time again)"),
            )
        } else if let Some(e) = n.strip_prefix("event ") {
            ("event", format!("incident event set {id} {e} --source KEY"))
        } else if let Some(c) = n.strip_prefix("cause ") {
            ("cause", format!("incident cause set {id} {c} --source KEY"))
        } else if let Some(rest) = n
            .strip_prefix("service ")
            .or_else(|| n.strip_prefix("customer "))
            && rest.contains(" window")
        {
            let target = &rest[..rest.rfind(" window").unwrap_or(rest.len())];
            let flag = if n.starts_with("customer ") {
                " --customer"
            } else {
                ""
            };
            (
                "window",
                format!("incident target set {id} {target}{flag} --source KEY"),
            )
        } else {
            (
                "other",
                format!(
                    "incident edit {id}   (cite a source on each count, data loss and stated figure named)"
                ),
            )
        };
        if seen.insert(kind) {
            fixes.push(fix);
        }
    }
    let check = line(
        ReviewItem::Cited,
        format!("no source: {named}"),
        Some(format!(
            "{} without a source",
            count(uncited.len(), "fact", "facts")
        )),
        fixes,
    );
    (check, press_only)
}

fn status(inc: &Incident, id: &str) -> Check {
    let detail = inc.status.label().to_string();
    if inc.status.is_over() {
        return pass(ReviewItem::Status, detail);
    }
    line(
        ReviewItem::Status,
        detail,
        Some(format!("status {}", inc.status.label())),
        vec![format!("incident resolve {id} --at TIME")],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hk() -> Incident {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        crate::files::load::parse_text(std::path::Path::new("hk.ron"), text)
            .expect("the shipped record parses")
    }

    #[test]
    fn the_shipped_record_is_ready() {
        let r = review(&hk());
        let failing: Vec<_> = r.failing().collect();
        assert!(failing.is_empty(), "{failing:#?}");
        assert!(r.ready);
        assert_eq!(r.missing(), None);
    }

    #[test]
    fn an_empty_record_fails_each_line_but_addressed() {
        let mut inc = hk();
        inc.summary.clear();
        inc.summary_sources.clear();
        inc.services.clear();
        inc.customers.clear();
        inc.causes = Default::default();
        inc.moments.mitigated = None;
        inc.status = Status::Investigating;
        let r = review(&inc);
        let ok: Vec<(&str, bool)> = r.checks.iter().map(|c| (c.item, c.ok)).collect();
        assert_eq!(
            ok,
            [
                ("summary", false),
                ("impact", false),
                ("causes", false),
                ("addressed", true),
                ("moments", false),
                ("windows", true),
                ("cited", true),
                ("status", false),
            ]
        );
        assert_eq!(
            r.missing().as_deref(),
            Some(
                "no summary; no impact recorded; no trigger, no root cause; mitigated not set; status investigating"
            )
        );
    }

    #[test]
    fn no_impact_stands_in_for_windows_unless_windows_say_otherwise() {
        let mut inc = hk();
        inc.no_impact = true;
        let c = impact(&inc, "x");
        assert!(!c.ok);
        assert_eq!(c.fixes, ["incident impact none x --undo"]);
        inc.services.clear();
        inc.customers.clear();
        assert!(impact(&inc, "x").ok);
    }

    #[test]
    fn status_changes_need_no_source_and_other_events_do() {
        let mut inc = hk();
        let mut e = inc.events[0].clone();
        e.id = "e99".into();
        e.kind = EventKind::Note;
        e.sources.clear();
        e.text = "status: resolved → closed".into();
        inc.events.push(e.clone());
        assert!(review(&inc).ready);
        e.id = "e100".into();
        e.text = "Restarted the database".into();
        inc.events.push(e);
        let c = cited(&inc, "x").0;
        assert_eq!(c.detail, "no source: event e100");
        assert_eq!(c.fixes, ["incident event set x e100 --source KEY"]);
    }
}
