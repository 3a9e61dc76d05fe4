//! The changes the fact commands make to a record (`incident cause|lesson|claim|count|loss|
//! stated|reference|region|role|update`, and the event and share flags of `log` and
//! `impact add`), as plain functions on an [`Incident`], like those of [`crate::model::change`].
//!
//! Every id, name or number given is checked here against the record, so a typo is refused
//! with the list of what the record holds ([`EditError::NotFound`]) before anything is
//! written; the command line adds the nearest match.

use crate::model::chain::{CauseList, RootCauseStatus};
use crate::model::change::{EditError, add_missing, known_sources, position_by_id};
use crate::model::event_facts::{Observer, Plan, PublicUpdate};
use crate::model::facts::{Claim, Count, DataLoss, Reference, Region, Share, Site, StatedFigure};
use crate::model::record::{
    Affected, Causes, EventKind, Finding, Incident, Lessons, MomentName, TargetKind, Window,
};
use crate::model::roles::{Role, RoleHolder};
use crate::model::time::When;
use crate::model::vocab::{Word, words};

words! {
    /// The lists of lessons, as `incident lesson` names them. The token is the list's field
    /// in `lessons`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum LessonList {
        /// What went well.
        WentWell = "went_well", "went well";
        /// What went wrong.
        WentWrong = "went_wrong", "went wrong";
        /// Where we got lucky.
        Lucky = "lucky", "lucky";
    }
}

impl LessonList {
    /// The list in `lessons`, for writers.
    pub fn of_mut(self, lessons: &mut Lessons) -> &mut Vec<Finding> {
        match self {
            LessonList::WentWell => &mut lessons.went_well,
            LessonList::WentWrong => &mut lessons.went_wrong,
            LessonList::Lucky => &mut lessons.lucky,
        }
    }
}

/// The list of causes `list` names, for writers.
pub fn causes_mut(causes: &mut Causes, list: CauseList) -> &mut Vec<Finding> {
    match list {
        CauseList::Trigger => &mut causes.trigger,
        CauseList::RootCauses => &mut causes.root_causes,
        CauseList::Contributing => &mut causes.contributing,
    }
}

/// Reads a kind of cause as typed: `trigger`, `root` (or `root-causes`), `contributing`.
pub fn cause_list(s: &str) -> Option<CauseList> {
    match s.trim().to_ascii_lowercase().as_str() {
        "root" | "root-cause" | "root_cause" => Some(CauseList::RootCauses),
        other => CauseList::parse(other),
    }
}

/// The short word a cause's address uses for its list: `trigger`, `root`, `contributing`.
pub fn cause_word(list: CauseList) -> &'static str {
    match list {
        CauseList::Trigger => "trigger",
        CauseList::RootCauses => "root",
        CauseList::Contributing => "contributing",
    }
}

/// How a command names a cause: its id, else its list and 1-based number (`trigger.1`).
pub fn cause_address(list: CauseList, index: usize, f: &Finding) -> String {
    match &f.id {
        Some(id) => id.clone(),
        None => format!("{}.{}", cause_word(list), index + 1),
    }
}

fn cause_addresses(inc: &Incident) -> Vec<String> {
    inc.causes
        .all()
        .map(|(l, i, f)| cause_address(l, i, f))
        .collect()
}

const ADD_CAUSE: &str =
    "add one with `incident cause add ID --kind trigger|root|contributing TEXT --id CAUSE`";

/// Finds a cause by its id (exactly, else ignoring case) or by `LIST.N` (`trigger.1`,
/// `root.2`, `contributing.1`).
pub fn find_cause(inc: &Incident, key: &str) -> Result<(CauseList, usize), EditError> {
    let all: Vec<(CauseList, usize, &Finding)> = inc.causes.all().collect();
    let by_id = |exact: bool| {
        all.iter().find(|(_, _, f)| {
            f.id.as_deref().is_some_and(|id| {
                if exact {
                    id == key
                } else {
                    id.eq_ignore_ascii_case(key)
                }
            })
        })
    };
    if let Some((l, i, _)) = by_id(true).or_else(|| by_id(false)) {
        return Ok((*l, *i));
    }
    if let Some((word, n)) = key.rsplit_once('.')
        && let (Some(list), Ok(n)) = (cause_list(word), n.parse::<usize>())
        && n >= 1
        && n <= list.of(&inc.causes).len()
    {
        return Ok((list, n - 1));
    }
    Err(EditError::NotFound {
        what: "cause",
        given: crate::model::text::visible(key),
        known: cause_addresses(inc),
        hint: ADD_CAUSE.to_string(),
    })
}

/// Checks that every id in `ids` names a cause with that id (`led_to` needs ids).
fn check_cause_ids(inc: &Incident, ids: &[String]) -> Result<(), EditError> {
    let known: Vec<String> = inc
        .causes
        .all()
        .filter_map(|(_, _, f)| f.id.clone())
        .collect();
    for id in ids {
        if !known.contains(id) {
            return Err(EditError::NotFound {
                what: "cause id",
                given: crate::model::text::visible(id),
                known,
                hint: format!(
                    "a cause is linked by its id: {ADD_CAUSE}, or give one with `incident cause set ID trigger.1 --id CAUSE`"
                ),
            });
        }
    }
    Ok(())
}

/// Checks that every id in `ids` names an event.
pub fn check_events(inc: &Incident, ids: &[String]) -> Result<(), EditError> {
    for id in ids {
        if !inc.events.iter().any(|e| &e.id == id) {
            return Err(EditError::NotFound {
                what: "event",
                given: crate::model::text::visible(id),
                known: inc.events.iter().map(|e| e.id.clone()).collect(),
                hint: "see the events with their ids in `incident show ID`; log one with `incident log ID TEXT --at TIME`".to_string(),
            });
        }
    }
    Ok(())
}

/// A cause to add.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewFinding {
    pub text: String,
    pub id: Option<String>,
    pub detail: Option<String>,
    pub sources: Vec<String>,
    pub led_to: Vec<String>,
    pub evidence: Vec<String>,
}

/// True for an id that commands and links can carry: letters, digits, `-`, `_`, `.` not
/// first, and no `.`-number ending that reads as a list address.
fn usable_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !id.contains('.')
}

/// Gives the event at `index` (just logged, so nothing links to it yet) the id `id` instead of
/// its numbered one; refused when the id is not usable or another event has it.
pub fn name_event(inc: &mut Incident, index: usize, id: &str) -> Result<(), EditError> {
    if !usable_id(id) {
        return Err(EditError::Refused {
            why: format!(
                "`{}` cannot be an event id: use letters, digits, `-` and `_`",
                crate::model::text::visible(id)
            ),
            hints: vec!["give another --id, such as `first-alarm`".to_string()],
        });
    }
    if inc
        .events
        .iter()
        .enumerate()
        .any(|(i, e)| i != index && e.id == id)
    {
        return Err(EditError::Refused {
            why: format!("an event with the id `{id}` already exists"),
            hints: vec![format!(
                "give another --id, or change that event with `incident event set ID {id}`"
            )],
        });
    }
    inc.events[index].id = id.to_string();
    Ok(())
}

fn check_new_cause_id(
    inc: &Incident,
    id: &str,
    except: Option<(CauseList, usize)>,
) -> Result<(), EditError> {
    if !usable_id(id) {
        return Err(EditError::Refused {
            why: format!(
                "`{}` cannot be a cause id: use letters, digits, `-` and `_`",
                crate::model::text::visible(id)
            ),
            hints: vec!["give another --id, such as `config-push`".to_string()],
        });
    }
    let taken = inc
        .causes
        .all()
        .any(|(l, i, f)| f.id.as_deref() == Some(id) && Some((l, i)) != except);
    if taken {
        return Err(EditError::Refused {
            why: format!("a cause with the id `{id}` already exists"),
            hints: vec![format!(
                "give another --id, or change that cause with `incident cause set ID {id} --text TEXT`"
            )],
        });
    }
    Ok(())
}

/// Adds a cause to `list` and returns its address (its id, or `trigger.2`).
pub fn add_cause(inc: &mut Incident, list: CauseList, c: NewFinding) -> Result<String, EditError> {
    if let Some(id) = &c.id {
        check_new_cause_id(inc, id, None)?;
    }
    check_cause_ids(inc, &c.led_to)?;
    check_events(inc, &c.evidence)?;
    known_sources(inc, &c.sources)?;
    let f = Finding {
        id: c.id,
        text: c.text,
        detail: c.detail,
        sources: c.sources,
        led_to: c.led_to,
        evidence: c.evidence,
    };
    let v = causes_mut(&mut inc.causes, list);
    v.push(f);
    let i = v.len() - 1;
    Ok(cause_address(list, i, &v[i]))
}

/// Changes to a cause; `None` and empty lists leave a field as it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CauseChange {
    pub text: Option<String>,
    pub detail: Option<String>,
    /// A new id; links to the old one (`led_to`, actions' `addresses`) follow it.
    pub id: Option<String>,
    /// Move it to another list.
    pub list: Option<CauseList>,
    pub add_led_to: Vec<String>,
    pub drop_led_to: Vec<String>,
    pub add_evidence: Vec<String>,
    pub drop_evidence: Vec<String>,
    pub sources: Vec<String>,
}

/// Changes the cause at `key` and returns its address after the change.
pub fn set_cause(inc: &mut Incident, key: &str, c: CauseChange) -> Result<String, EditError> {
    if c == CauseChange::default() {
        return Err(EditError::Refused {
            why: "nothing to change".to_string(),
            hints: vec!["give at least one of --text, --detail, --id, --kind, --led-to, --evidence, --source".to_string()],
        });
    }
    let (list, index) = find_cause(inc, key)?;
    if let Some(id) = &c.id {
        check_new_cause_id(inc, id, Some((list, index)))?;
    }
    check_cause_ids(inc, &c.add_led_to)?;
    check_events(inc, &c.add_evidence)?;
    known_sources(inc, &c.sources)?;
    let old_id = list.of(&inc.causes)[index].id.clone();
    if let (Some(old), Some(new)) = (&old_id, &c.id) {
        // Links follow the cause to its new id.
        for (l, i) in inc.causes.all().map(|(l, i, _)| (l, i)).collect::<Vec<_>>() {
            for x in &mut causes_mut(&mut inc.causes, l)[i].led_to {
                if x == old {
                    x.clone_from(new);
                }
            }
        }
        for a in &mut inc.actions {
            for x in &mut a.addresses {
                if x == old {
                    x.clone_from(new);
                }
            }
        }
    }
    let self_id = c.id.clone().or(old_id);
    if let Some(me) = &self_id
        && c.add_led_to.contains(me)
    {
        return Err(EditError::Refused {
            why: format!("the cause `{me}` cannot lead to itself"),
            hints: vec!["give --led-to another cause's id".to_string()],
        });
    }
    let mut f = causes_mut(&mut inc.causes, list).remove(index);
    if let Some(t) = c.text {
        f.text = t;
    }
    if let Some(d) = c.detail {
        f.detail = Some(d);
    }
    if c.id.is_some() {
        f.id = c.id;
    }
    add_missing(&mut f.led_to, &c.add_led_to);
    f.led_to.retain(|x| !c.drop_led_to.contains(x));
    add_missing(&mut f.evidence, &c.add_evidence);
    f.evidence.retain(|x| !c.drop_evidence.contains(x));
    add_missing(&mut f.sources, &c.sources);
    let to = c.list.unwrap_or(list);
    let v = causes_mut(&mut inc.causes, to);
    // It keeps its place in its own list; moved, it goes last in the other.
    let at = if to == list { index } else { v.len() };
    v.insert(at, f);
    Ok(cause_address(to, at, &v[at]))
}

/// Removes the cause at `key` and returns its text. Refused while an action item addresses
/// it or another cause leads to it: those links would point nowhere.
pub fn rm_cause(inc: &mut Incident, key: &str) -> Result<String, EditError> {
    let (list, index) = find_cause(inc, key)?;
    let f = &list.of(&inc.causes)[index];
    if let Some(id) = &f.id {
        let actions = inc.actions_addressing(id);
        if let Some(first) = actions.first() {
            return Err(EditError::Refused {
                why: format!(
                    "the cause `{id}` is addressed by action item{} {}",
                    if actions.len() > 1 { "s" } else { "" },
                    actions.join(", ")
                ),
                hints: vec![format!(
                    "first change what the item addresses: `incident action set ID {first} --addresses CAUSE`, or remove `{id}` there with `incident edit ID`"
                )],
            });
        }
        let leading: Vec<String> = inc
            .causes
            .all()
            .filter(|(_, _, g)| g.led_to.iter().any(|x| x == id))
            .map(|(l, i, g)| cause_address(l, i, g))
            .collect();
        if let Some(first) = leading.first() {
            return Err(EditError::Refused {
                why: format!(
                    "the cause{} {} lead{} to `{id}`",
                    if leading.len() > 1 { "s" } else { "" },
                    leading.join(", "),
                    if leading.len() > 1 { "" } else { "s" }
                ),
                hints: vec![format!(
                    "first drop the link: `incident cause set ID {first} --drop-led-to {id}`"
                )],
            });
        }
    }
    Ok(causes_mut(&mut inc.causes, list).remove(index).text)
}

/// Sets (or, with `None`, removes) whether the root cause was determined. Returns what it was.
pub fn set_root_cause_status(
    inc: &mut Incident,
    status: Option<RootCauseStatus>,
) -> Option<RootCauseStatus> {
    std::mem::replace(&mut inc.causes.root_cause_status, status)
}

/// Adds a lesson and returns its 1-based number in its list.
pub fn add_lesson(
    inc: &mut Incident,
    list: LessonList,
    text: String,
    detail: Option<String>,
    sources: Vec<String>,
) -> Result<usize, EditError> {
    known_sources(inc, &sources)?;
    let v = list.of_mut(&mut inc.lessons);
    v.push(Finding {
        id: None,
        text,
        detail,
        sources,
        led_to: Vec::new(),
        evidence: Vec::new(),
    });
    Ok(v.len())
}

/// Removes lesson `n` (1-based) of `list` and returns its text.
pub fn rm_lesson(inc: &mut Incident, list: LessonList, n: usize) -> Result<String, EditError> {
    let v = list.of_mut(&mut inc.lessons);
    let known: Vec<String> = (1..=v.len()).map(|k| k.to_string()).collect();
    if n == 0 || n > v.len() {
        return Err(EditError::NotFound {
            what: "lesson number",
            given: n.to_string(),
            known,
            hint: format!(
                "the lessons are numbered from 1 in each list, as `incident summary ID` shows them; this is `{}`",
                list.cli()
            ),
        });
    }
    Ok(v.remove(n - 1).text)
}

words! {
    /// Which end of an impact window a claim is about.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum WindowEnd {
        /// The start of the window (`from`).
        From = "from", "start";
        /// The end of the window (`to`).
        To = "to", "end";
    }
}

/// A time a claim can be made about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClaimTarget {
    Moment(MomentName),
    /// An event, by its index in `events`.
    Event(usize),
    /// A window end: the target's kind and index, the window's index, which end.
    Window {
        kind: TargetKind,
        target: usize,
        window: usize,
        end: WindowEnd,
    },
}

const TARGET_FORMS: &str = "name a moment (`resolved`), an event (`e7` or `event e7`), or a window bound (`service NAME window N from|to`, `customer NAME window N from|to`)";

fn target_error(given: &str, inc: &Incident) -> EditError {
    let mut known: Vec<String> = MomentName::ALL
        .iter()
        .map(|m| m.cli().to_string())
        .collect();
    known.extend(inc.events.iter().map(|e| e.id.clone()));
    EditError::NotFound {
        what: "moment or event",
        given: crate::model::text::visible(given),
        known,
        hint: TARGET_FORMS.to_string(),
    }
}

/// Finds a target by its name: exactly, else ignoring case.
pub fn find_target(inc: &Incident, kind: TargetKind, name: &str) -> Result<usize, EditError> {
    let list = kind.of(inc);
    list.iter()
        .position(|t| t.name == name)
        .or_else(|| {
            list.iter()
                .position(|t| t.name.to_lowercase() == name.to_lowercase())
        })
        .ok_or_else(|| EditError::NotFound {
            what: kind.token(),
            given: crate::model::text::visible(name),
            known: list.iter().map(|t| t.name.clone()).collect(),
            hint: format!(
                "add it with an impact window: `incident impact add ID --{} NAME --from TIME`",
                kind.cli()
            ),
        })
}

/// Reads what a claim is about from the words typed (see [`TARGET_FORMS`]).
pub fn claim_target(inc: &Incident, words: &[String]) -> Result<ClaimTarget, EditError> {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    match w.as_slice() {
        [one] => {
            if let Some(m) = MomentName::parse(one) {
                return Ok(ClaimTarget::Moment(m));
            }
            event_index(inc, one)
        }
        ["moment", m] => MomentName::parse(m)
            .map(ClaimTarget::Moment)
            .ok_or_else(|| target_error(m, inc)),
        ["event", id] => event_index(inc, id),
        [kind, name, "window", n, end] => {
            let kind = TargetKind::parse(kind).ok_or_else(|| EditError::Refused {
                why: format!(
                    "`{}` is not `service` or `customer`",
                    crate::model::text::visible(kind)
                ),
                hints: vec![TARGET_FORMS.to_string()],
            })?;
            let target = find_target(inc, kind, name)?;
            let windows = &kind.of(inc)[target].windows;
            let window = n
                .parse::<usize>()
                .ok()
                .filter(|k| *k >= 1 && *k <= windows.len())
                .ok_or_else(|| EditError::NotFound {
                    what: "window number",
                    given: crate::model::text::visible(n),
                    known: (1..=windows.len()).map(|k| k.to_string()).collect(),
                    hint: format!(
                        "windows are numbered from 1 in the order `incident impact ID` lists them for `{name}`"
                    ),
                })?
                - 1;
            let end = WindowEnd::parse(end).ok_or_else(|| EditError::Refused {
                why: format!(
                    "`{}` is not `from` or `to`",
                    crate::model::text::visible(end)
                ),
                hints: vec![
                    "end the target with `from` (the window's start) or `to` (its end)".to_string(),
                ],
            })?;
            Ok(ClaimTarget::Window {
                kind,
                target,
                window,
                end,
            })
        }
        _ => Err(EditError::Refused {
            why: format!(
                "cannot tell what `{}` names",
                crate::model::text::visible(&words.join(" "))
            ),
            hints: vec![TARGET_FORMS.to_string()],
        }),
    }
}

fn event_index(inc: &Incident, id: &str) -> Result<ClaimTarget, EditError> {
    position_by_id(&inc.events, id, |e| &e.id)
        .map(ClaimTarget::Event)
        .ok_or_else(|| target_error(id, inc))
}

/// How a claim target reads in reports: `moments.resolved`, `event e7`,
/// `service Checkout window 1 from`.
pub fn target_text(inc: &Incident, t: &ClaimTarget) -> String {
    match t {
        ClaimTarget::Moment(m) => format!("moments.{}", m.field()),
        ClaimTarget::Event(i) => format!("event {}", inc.events[*i].id),
        ClaimTarget::Window {
            kind,
            target,
            window,
            end,
        } => format!(
            "{} `{}` window {} {}",
            kind.token(),
            kind.of(inc)[*target].name,
            window + 1,
            end.token()
        ),
    }
}

fn window_mut(inc: &mut Incident, kind: TargetKind, target: usize, window: usize) -> &mut Window {
    &mut kind.of_mut(inc)[target].windows[window]
}

/// The claims of a target, and the time chosen beside them.
fn claims_mut<'a>(
    inc: &'a mut Incident,
    t: &ClaimTarget,
) -> Result<(&'a mut Vec<Claim>, When), EditError> {
    match *t {
        ClaimTarget::Moment(m) => {
            let id = inc.id.clone();
            let slot = inc.moments.slot(m).as_mut().ok_or_else(|| EditError::Refused {
                why: format!("moments.{} is not set, so no claim can stand beside it", m.field()),
                hints: vec![format!(
                    "set the time the record chooses first: `incident moment set {id} {} --at TIME`",
                    m.cli()
                )],
            })?;
            let at = slot.at;
            Ok((&mut slot.claims, at))
        }
        ClaimTarget::Event(i) => {
            let e = &mut inc.events[i];
            let at = e.at;
            Ok((&mut e.claims, at))
        }
        ClaimTarget::Window {
            kind,
            target,
            window,
            end,
        } => {
            let w = window_mut(inc, kind, target, window);
            Ok(match end {
                WindowEnd::From => (&mut w.from_claims, w.from),
                WindowEnd::To => (&mut w.to_claims, w.to),
            })
        }
    }
}

/// Adds another source's time beside the chosen one and returns the claim's 1-based number.
/// A claim needs a source: it is what some source says.
pub fn add_claim(inc: &mut Incident, t: &ClaimTarget, claim: Claim) -> Result<usize, EditError> {
    known_sources(inc, &claim.sources)?;
    let (claims, _) = claims_mut(inc, t)?;
    claims.push(claim);
    Ok(claims.len())
}

/// Removes claim `n` (1-based) of a target and returns its time.
pub fn rm_claim(inc: &mut Incident, t: &ClaimTarget, n: usize) -> Result<When, EditError> {
    let what = target_text(inc, t);
    let (claims, _) = claims_mut(inc, t)?;
    if n == 0 || n > claims.len() {
        return Err(EditError::NotFound {
            what: "claim number",
            given: n.to_string(),
            known: (1..=claims.len()).map(|k| k.to_string()).collect(),
            hint: format!(
                "the claims of {what} are numbered from 1 in the order `incident show ID --format json` lists them"
            ),
        });
    }
    Ok(claims.remove(n - 1).at)
}

/// Adds a count to the incident, or to a target (`on`), and returns where it went and its
/// 1-based number in that list.
pub fn add_count(
    inc: &mut Incident,
    on: Option<(TargetKind, &str)>,
    count: Count,
) -> Result<(String, usize), EditError> {
    known_sources(inc, &count.sources)?;
    match on {
        None => {
            inc.counts.push(count);
            Ok(("the incident".to_string(), inc.counts.len()))
        }
        Some((kind, name)) => {
            let i = find_target(inc, kind, name)?;
            let t: &mut Affected = &mut kind.of_mut(inc)[i];
            t.counts.push(count);
            Ok((format!("{} `{}`", kind.token(), t.name), t.counts.len()))
        }
    }
}

/// Adds a data loss and returns its 1-based number.
pub fn add_loss(inc: &mut Incident, loss: DataLoss) -> Result<usize, EditError> {
    known_sources(inc, &loss.sources)?;
    inc.data_loss.push(loss);
    Ok(inc.data_loss.len())
}

/// Adds a stated figure and returns its 1-based number. A duration needs `minutes`, a moment
/// needs `at`.
pub fn add_stated(inc: &mut Incident, s: StatedFigure) -> Result<usize, EditError> {
    known_sources(inc, &s.sources)?;
    let fits = if s.of.is_duration() {
        s.minutes.is_some() && s.at.is_none()
    } else {
        s.at.is_some() && s.minutes.is_none()
    };
    if !fits {
        let (give, not) = if s.of.is_duration() {
            ("--duration", "--at")
        } else {
            ("--at", "--duration")
        };
        return Err(EditError::Refused {
            why: format!(
                "{} is a {}: it takes {give}, not {not}",
                s.of.label(),
                if s.of.is_duration() {
                    "duration"
                } else {
                    "moment"
                }
            ),
            hints: vec![format!("give {give} (see `incident stated add --help`)")],
        });
    }
    inc.stated.push(s);
    Ok(inc.stated.len())
}

/// Adds a reference and returns its 1-based number.
pub fn add_reference(inc: &mut Incident, r: Reference) -> Result<usize, EditError> {
    if r.id.is_none() && r.url.is_none() {
        return Err(EditError::Refused {
            why: "a reference needs an id or a URL".to_string(),
            hints: vec!["give --id (`INC-4821`) or --url, or both".to_string()],
        });
    }
    inc.references.push(r);
    Ok(inc.references.len())
}

/// What [`add_region`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionAdded {
    pub name: String,
    pub created: bool,
}

/// Adds a region, or adds zones and sources to the one of that name (ignoring case); a note
/// replaces the note it had.
pub fn add_region(inc: &mut Incident, r: Region) -> Result<RegionAdded, EditError> {
    known_sources(inc, &r.sources)?;
    if let Some(old) = inc
        .regions
        .iter_mut()
        .find(|x| x.name.eq_ignore_ascii_case(&r.name))
    {
        add_missing(&mut old.zones, &r.zones);
        add_missing(&mut old.sources, &r.sources);
        if r.note.is_some() {
            old.note = r.note;
        }
        return Ok(RegionAdded {
            name: old.name.clone(),
            created: false,
        });
    }
    let name = r.name.clone();
    inc.regions.push(r);
    Ok(RegionAdded {
        name,
        created: true,
    })
}

/// Adds a site to a region, or sets what happened to the site of that name; returns the
/// region's name as stored.
pub fn add_site(inc: &mut Incident, region: &str, site: Site) -> Result<String, EditError> {
    known_sources(inc, &site.sources)?;
    let known: Vec<String> = inc.regions.iter().map(|r| r.name.clone()).collect();
    let id = inc.id.clone();
    let r = inc
        .regions
        .iter_mut()
        .find(|x| x.name.eq_ignore_ascii_case(region))
        .ok_or_else(|| EditError::NotFound {
            what: "region",
            given: crate::model::text::visible(region),
            known,
            hint: format!("add it first with `incident region add {id} NAME --zone ZONE`"),
        })?;
    match r
        .sites
        .iter_mut()
        .find(|s| s.name.eq_ignore_ascii_case(&site.name))
    {
        Some(old) => {
            if site.happened.is_some() {
                old.happened = site.happened;
            }
            add_missing(&mut old.sources, &site.sources);
        }
        None => r.sites.push(site),
    }
    Ok(r.name.clone())
}

/// Takes item `n` (1-based) out of `items`, one of the numbered lists of facts. Refused when
/// there is no such item, naming each item the list has by its number (`line` says what an
/// item is), so the right number can be given; `add` says how to add one to an empty list.
fn take_numbered<T>(
    items: &mut Vec<T>,
    n: usize,
    noun: (&str, &str),
    on: &str,
    line: impl Fn(&T) -> String,
    add: &str,
) -> Result<T, EditError> {
    let (one, many) = noun;
    if items.is_empty() {
        return Err(EditError::Refused {
            why: format!("{on} has no {many}"),
            hints: vec![add.to_string()],
        });
    }
    if n == 0 || n > items.len() {
        let has = if items.len() == 1 { one } else { many };
        let mut hints: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, x)| {
                format!(
                    "{one} {}: {}",
                    i + 1,
                    crate::model::text::cut_at_word(&line(x), 72, "…")
                )
            })
            .collect();
        hints.push(format!(
            "{many} are numbered from 1 in the order `incident show ID --format json` lists them"
        ));
        return Err(EditError::Refused {
            why: format!("{on} has {} {has}, so no {one} {n}", items.len()),
            hints,
        });
    }
    Ok(items.remove(n - 1))
}

/// How a count reads in reports: `requests failed ~2300000 requests`.
pub fn count_line(c: &Count) -> String {
    crate::model::text::one_line(&format!("{} {}", c.what, c.value_text()))
}

/// Removes count `n` (1-based) of the incident, or of a target (`on`); returns where it was
/// (`the incident`, ``customer `OKX` ``) and the count.
pub fn rm_count(
    inc: &mut Incident,
    on: Option<(TargetKind, &str)>,
    n: usize,
) -> Result<(String, Count), EditError> {
    let noun = ("count", "counts");
    let add = "add one with `incident count add ID WHAT VALUE`";
    match on {
        None => {
            let c = take_numbered(&mut inc.counts, n, noun, "the incident", count_line, add)?;
            Ok(("the incident".to_string(), c))
        }
        Some((kind, name)) => {
            let i = find_target(inc, kind, name)?;
            let t: &mut Affected = &mut kind.of_mut(inc)[i];
            let at = format!(
                "{} `{}`",
                kind.token(),
                crate::model::text::visible(&t.name)
            );
            let add = format!(
                "add one with `incident count add ID WHAT VALUE --{} NAME`",
                kind.cli()
            );
            let c = take_numbered(&mut t.counts, n, noun, &at, count_line, &add)?;
            Ok((at, c))
        }
    }
}

/// How a data loss reads in reports: what was lost, and whether it came back.
pub fn loss_line(l: &DataLoss) -> String {
    crate::model::text::one_line(&format!("{}, {}", l.what, l.recovered.label()))
}

/// Removes data loss `n` (1-based) and returns it.
pub fn rm_loss(inc: &mut Incident, n: usize) -> Result<DataLoss, EditError> {
    take_numbered(
        &mut inc.data_loss,
        n,
        ("data loss", "data losses"),
        "the incident",
        loss_line,
        "add one with `incident loss add ID WHAT --recovered yes|partly|no|unknown`",
    )
}

/// How a stated figure reads in reports: `total duration ~930 min`, `resolved
/// 2022-12-19T00:30:00+08:00`.
pub fn stated_line(s: &StatedFigure) -> String {
    let value = match (s.minutes, s.at) {
        (Some(m), _) => format!("{}{m} min", if s.approximate { "~" } else { "" }),
        (None, Some(at)) => crate::model::time::when_rfc3339(at),
        (None, None) => String::new(),
    };
    format!("{} {value}", s.of.label()).trim_end().to_string()
}

/// Removes stated figure `n` (1-based) and returns it.
pub fn rm_stated(inc: &mut Incident, n: usize) -> Result<StatedFigure, EditError> {
    take_numbered(
        &mut inc.stated,
        n,
        ("stated figure", "stated figures"),
        "the incident",
        stated_line,
        "add one with `incident stated add ID OF --duration D` or `--at TIME`",
    )
}

/// How a reference reads in reports: its kind, then its id or else its URL.
pub fn reference_line(r: &Reference) -> String {
    let what = r.id.as_deref().or(r.url.as_deref()).unwrap_or_default();
    crate::model::text::one_line(&format!("{} {what}", r.kind.label()))
        .trim_end()
        .to_string()
}

/// Removes reference `n` (1-based) and returns it.
pub fn rm_reference(inc: &mut Incident, n: usize) -> Result<Reference, EditError> {
    take_numbered(
        &mut inc.references,
        n,
        ("reference", "references"),
        "the incident",
        reference_line,
        "add one with `incident reference add ID --kind KIND --id X`",
    )
}

/// The index of the region named `name` (exactly, else ignoring case).
fn find_region(inc: &Incident, name: &str) -> Result<usize, EditError> {
    let regions = &inc.regions;
    regions
        .iter()
        .position(|r| r.name == name)
        .or_else(|| {
            regions
                .iter()
                .position(|r| r.name.eq_ignore_ascii_case(name))
        })
        .ok_or_else(|| EditError::NotFound {
            what: "region",
            given: crate::model::text::visible(name),
            known: regions.iter().map(|r| r.name.clone()).collect(),
            hint: "the regions are listed under `regions` in `incident show ID --format json`"
                .to_string(),
        })
}

/// Removes the region named `name` (ignoring case), with its zones and sites; returns it.
pub fn rm_region(inc: &mut Incident, name: &str) -> Result<Region, EditError> {
    let i = find_region(inc, name)?;
    Ok(inc.regions.remove(i))
}

/// What [`rm_region_parts`] removed, names as the record had them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionPartsRemoved {
    pub region: String,
    pub zones: Vec<String>,
    pub sites: Vec<String>,
}

/// The position in `names` of `given` (exactly, else ignoring case); refused naming what the
/// region has, and the nearest name, when it has none of that name.
fn part_index(names: &[String], given: &str, what: &str, region: &str) -> Result<usize, EditError> {
    if let Some(i) = names
        .iter()
        .position(|n| n == given)
        .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(given)))
    {
        return Ok(i);
    }
    let mut hints: Vec<String> = Vec::new();
    let near = crate::model::text::nearest(given, names);
    if !near.is_empty() {
        let near: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
        hints.push(format!("did you mean {}?", near.join(" or ")));
    }
    hints.push(if names.is_empty() {
        format!("region `{region}` has no {what}s")
    } else {
        crate::model::text::visible(&format!(
            "the {what}s of region `{region}`: {}",
            names.join(", ")
        ))
    });
    Err(EditError::Refused {
        why: crate::model::text::visible(&format!("region `{region}` has no {what} `{given}`")),
        hints,
    })
}

/// Removes zones and sites (by name, ignoring case) from the region named `region`, keeping
/// the region. Refused, with nothing removed, when any name is not the region's.
pub fn rm_region_parts(
    inc: &mut Incident,
    region: &str,
    zones: &[String],
    sites: &[String],
) -> Result<RegionPartsRemoved, EditError> {
    let i = find_region(inc, region)?;
    let r = &mut inc.regions[i];
    let site_names: Vec<String> = r.sites.iter().map(|s| s.name.clone()).collect();
    // Every name is checked before anything is removed, so a typo removes nothing.
    let mut zone_at: Vec<usize> = Vec::new();
    for z in zones {
        let k = part_index(&r.zones, z, "zone", &r.name)?;
        if !zone_at.contains(&k) {
            zone_at.push(k);
        }
    }
    let mut site_at: Vec<usize> = Vec::new();
    for s in sites {
        let k = part_index(&site_names, s, "site", &r.name)?;
        if !site_at.contains(&k) {
            site_at.push(k);
        }
    }
    let done = RegionPartsRemoved {
        region: r.name.clone(),
        zones: zone_at.iter().map(|k| r.zones[*k].clone()).collect(),
        sites: site_at.iter().map(|k| site_names[*k].clone()).collect(),
    };
    let mut k = 0;
    r.zones.retain(|_| {
        k += 1;
        !zone_at.contains(&(k - 1))
    });
    let mut k = 0;
    r.sites.retain(|_| {
        k += 1;
        !site_at.contains(&(k - 1))
    });
    Ok(done)
}

/// A role to hand to someone.
#[derive(Clone, Debug, PartialEq)]
pub struct RoleSet {
    pub role: Role,
    /// The team's own name for an `Other` role: `database lead`.
    pub title: Option<String>,
    pub person: String,
    /// When they took it; for a hand-over also when the previous holder's term ends.
    pub at: Option<When>,
    pub sources: Vec<String>,
    pub note: Option<String>,
}

/// What [`set_role`] did.
#[derive(Clone, Debug, PartialEq)]
pub struct RoleSetDone {
    /// The holder whose term was closed by the hand-over.
    pub handed_over_from: Option<String>,
    /// The person already held the role: sources and note were added to their term.
    pub already: bool,
}

fn same_role(h: &RoleHolder, role: Role, title: Option<&str>) -> bool {
    h.role == role
        && h.title.as_deref().map(str::trim).map(str::to_lowercase)
            == title.map(str::trim).map(str::to_lowercase)
}

/// Gives `role` to a person. When someone else holds it (a term with no end), this is a
/// hand-over: their term ends at `at`, which a hand-over needs (`unknown` will do).
pub fn set_role(inc: &mut Incident, r: RoleSet) -> Result<RoleSetDone, EditError> {
    known_sources(inc, &r.sources)?;
    if r.role == Role::Other && r.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(EditError::Refused {
            why: "a role of kind `other` needs its name".to_string(),
            hints: vec!["give it with --title, such as --title \"database lead\"".to_string()],
        });
    }
    let title = r.title.as_deref();
    let current = inc
        .roles
        .iter()
        .rposition(|h| same_role(h, r.role, title) && h.to.is_none());
    if let Some(i) = current {
        let h = &mut inc.roles[i];
        if h.person == r.person {
            add_missing(&mut h.sources, &r.sources);
            if r.note.is_some() {
                h.note = r.note;
            }
            if h.from.is_none() {
                h.from = r.at;
            }
            return Ok(RoleSetDone {
                handed_over_from: None,
                already: true,
            });
        }
        let Some(at) = r.at else {
            return Err(EditError::Refused {
                why: format!(
                    "{} holds the role {} now: handing it over needs the time",
                    h.person,
                    h.role_name()
                ),
                hints: vec![
                    "give --at TIME (or --at unknown); the previous holder's term ends then"
                        .to_string(),
                ],
            });
        };
        h.to = Some(at);
        let from = h.person.clone();
        inc.roles.push(holder(r));
        return Ok(RoleSetDone {
            handed_over_from: Some(from),
            already: false,
        });
    }
    inc.roles.push(holder(r));
    Ok(RoleSetDone {
        handed_over_from: None,
        already: false,
    })
}

fn holder(r: RoleSet) -> RoleHolder {
    RoleHolder {
        role: r.role,
        title: r.title.filter(|t| !t.trim().is_empty()),
        person: r.person,
        from: r.at,
        to: None,
        sources: r.sources,
        note: r.note,
    }
}

/// Removes every term of `person` in `role` (with `title` for a team's own role); returns how
/// many.
pub fn rm_role(
    inc: &mut Incident,
    role: Role,
    title: Option<&str>,
    person: &str,
) -> Result<usize, EditError> {
    let before = inc.roles.len();
    let known: Vec<String> = inc
        .roles
        .iter()
        .filter(|h| same_role(h, role, title))
        .map(|h| h.person.clone())
        .collect();
    inc.roles
        .retain(|h| !(same_role(h, role, title) && h.person.eq_ignore_ascii_case(person)));
    let gone = before - inc.roles.len();
    if gone == 0 {
        return Err(EditError::NotFound {
            what: "role holder",
            given: crate::model::text::visible(person),
            known,
            hint: "see who held which role in the Responders section of `incident summary ID`"
                .to_string(),
        });
    }
    Ok(gone)
}

/// What the record says of a named service or customer beyond its windows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TargetChange {
    pub outcome: Option<crate::model::facts::Outcome>,
    /// Names in other languages, by BCP 47 tag: (`zh-Hant`, `澳門日報`).
    pub names: Vec<(String, String)>,
    pub sources: Vec<String>,
    pub note: Option<String>,
}

/// What [`set_target`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetSet {
    pub name: String,
    pub created: bool,
}

/// Sets what the record says of a target (adding it when new: a target checked and not
/// affected, or affected at unknown times, has no windows). A name matching an existing
/// target except for case is that target.
pub fn set_target(
    inc: &mut Incident,
    kind: TargetKind,
    name: &str,
    c: TargetChange,
) -> Result<TargetSet, EditError> {
    known_sources(inc, &c.sources)?;
    let (i, created) = match find_target(inc, kind, name) {
        Ok(i) => (i, false),
        Err(_) => {
            kind.of_mut(inc).push(Affected {
                name: name.to_string(),
                names: Default::default(),
                windows: Vec::new(),
                sources: Vec::new(),
                note: None,
                outcome: None,
                counts: Vec::new(),
                internal: false,
            });
            (kind.of(inc).len() - 1, true)
        }
    };
    let t = &mut kind.of_mut(inc)[i];
    if c.outcome.is_some() {
        t.outcome = c.outcome;
    }
    for (tag, n) in c.names {
        t.names.insert(tag, n);
    }
    add_missing(&mut t.sources, &c.sources);
    if c.note.is_some() {
        t.note = c.note;
    }
    Ok(TargetSet {
        name: t.name.clone(),
        created,
    })
}

/// What an event says beyond its text, as `log` flags give it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventFacts {
    pub observed_by: Option<Observer>,
    pub other_kinds: Vec<EventKind>,
    pub update: Option<PublicUpdate>,
    pub planned: Option<Plan>,
}

/// Gives the event at index `i` the facts in `f`; other kinds already its kind are skipped.
pub fn set_event_facts(inc: &mut Incident, i: usize, f: EventFacts) {
    let e = &mut inc.events[i];
    if f.observed_by.is_some() {
        e.observed_by = f.observed_by;
    }
    for k in f.other_kinds {
        if k != e.kind && !e.other_kinds.contains(&k) {
            e.other_kinds.push(k);
        }
    }
    if f.update.is_some() {
        e.update = f.update;
    }
    if f.planned.is_some() {
        e.planned = f.planned;
    }
}

/// Gives a window (the last of a target, just added) its share.
pub fn set_share(
    inc: &mut Incident,
    kind: TargetKind,
    name: &str,
    share: Share,
) -> Result<(), EditError> {
    let i = find_target(inc, kind, name)?;
    if let Some(w) = kind.of_mut(inc)[i].windows.last_mut() {
        w.share = Some(share);
    }
    Ok(())
}

/// Reads an observer as typed: `PARTY` or `PARTY:NAME` (`customer:Acme Shop`).
pub fn observer(s: &str) -> Result<Observer, String> {
    let (party, name) = match s.split_once(':') {
        Some((p, n)) => (p, Some(n.trim().to_string()).filter(|n| !n.is_empty())),
        None => (s, None),
    };
    let party = crate::model::event_facts::Party::parse(party.trim()).ok_or_else(|| {
        let all: Vec<&str> = crate::model::event_facts::Party::ALL
            .iter()
            .map(|p| p.cli())
            .collect();
        format!(
            "`{}` is not a kind of observer; expected PARTY or PARTY:NAME, PARTY one of {}",
            crate::model::text::visible(party.trim()),
            all.join(", ")
        )
    })?;
    Ok(Observer { party, name })
}

/// Reads a duration as typed: minutes (`248`), or hours and minutes (`4h8m`, `4 h 8 min`,
/// `15.5h`, `90 min`).
pub fn duration_minutes(s: &str) -> Result<i64, String> {
    let t = s.trim().to_lowercase();
    let bad = || {
        format!(
            "expected a duration like 248 (minutes), 4h8m, `4 h 8 min` or 15.5h, not `{}`",
            crate::model::text::visible(s)
        )
    };
    if let Ok(m) = t.parse::<i64>() {
        return if m >= 0 { Ok(m) } else { Err(bad()) };
    }
    let mut total = 0.0_f64;
    let mut rest = t.as_str();
    let mut any = false;
    while !rest.trim().is_empty() {
        rest = rest.trim_start();
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let n: f64 = rest[..end].parse().map_err(|_| bad())?;
        rest = rest[end..].trim_start();
        let unit_end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_end] {
            "h" | "hr" | "hrs" | "hour" | "hours" => 60.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 1.0,
            "d" | "day" | "days" => 1440.0,
            _ => return Err(bad()),
        };
        total += n * factor;
        any = true;
        rest = &rest[unit_end..];
    }
    if !any {
        return Err(bad());
    }
    Ok(total.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Incident {
        let text = include_str!("../../tests/fixtures/facts/every-fact-b.ron");
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .unwrap()
    }

    #[test]
    fn causes_are_found_by_id_or_list_and_number() {
        let inc = record();
        assert_eq!(
            find_cause(&inc, "no-validation").unwrap(),
            (CauseList::RootCauses, 0)
        );
        assert_eq!(
            find_cause(&inc, "NO-VALIDATION").unwrap(),
            (CauseList::RootCauses, 0)
        );
        assert_eq!(
            find_cause(&inc, "contributing.2").unwrap(),
            (CauseList::Contributing, 1)
        );
        match find_cause(&inc, "no-validaton").unwrap_err() {
            EditError::NotFound { known, .. } => assert_eq!(
                known,
                [
                    "config-push",
                    "no-validation",
                    "resolver-crash",
                    "single-cluster"
                ]
            ),
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn a_cause_an_action_addresses_or_a_cause_leads_to_stays() {
        let mut inc = record();
        let e = rm_cause(&mut inc, "single-cluster").unwrap_err();
        assert_eq!(
            e.to_string(),
            "the cause `single-cluster` is addressed by action item A2"
        );
        let e = rm_cause(&mut inc, "resolver-crash").unwrap_err();
        assert_eq!(
            e.to_string(),
            "the causes config-push, single-cluster lead to `resolver-crash`"
        );
        inc.actions.clear();
        set_cause(
            &mut inc,
            "single-cluster",
            CauseChange {
                drop_led_to: vec!["resolver-crash".into()],
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            rm_cause(&mut inc, "single-cluster").unwrap(),
            "Only one resolver cluster served the API."
        );
    }

    #[test]
    fn renaming_a_cause_carries_its_links() {
        let mut inc = record();
        let got = set_cause(
            &mut inc,
            "no-validation",
            CauseChange {
                id: Some("unchecked-push".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(got, "unchecked-push");
        assert_eq!(inc.actions[0].addresses, ["unchecked-push", "config-push"]);
        assert!(inc.causes.by_id("no-validation").is_none());
    }

    #[test]
    fn a_hand_over_closes_the_previous_term() {
        let mut inc = record();
        let at = When::At("2025-03-04T11:00:00+00:00".parse().unwrap());
        let done = set_role(
            &mut inc,
            RoleSet {
                role: Role::IncidentCommander,
                title: None,
                person: "Cy".into(),
                at: Some(at),
                sources: vec![],
                note: None,
            },
        )
        .unwrap();
        assert_eq!(done.handed_over_from.as_deref(), Some("Bo"));
        assert_eq!(inc.roles[1].to, Some(at));
        assert_eq!(inc.roles.last().unwrap().from, Some(at));
        let r = RoleSet {
            role: Role::IncidentCommander,
            title: None,
            person: "Di".into(),
            at: None,
            sources: vec![],
            note: None,
        };
        assert!(matches!(
            set_role(&mut inc, r),
            Err(EditError::Refused { .. })
        ));
        assert_eq!(
            rm_role(&mut inc, Role::IncidentCommander, None, "cy").unwrap(),
            1
        );
    }

    #[test]
    fn claim_targets_read_as_typed() {
        let inc = record();
        let w = |s: &str| -> Vec<String> { s.split('|').map(String::from).collect() };
        assert_eq!(
            claim_target(&inc, &w("resolved")).unwrap(),
            ClaimTarget::Moment(MomentName::Resolved)
        );
        assert_eq!(
            claim_target(&inc, &w("alert")).unwrap(),
            ClaimTarget::Event(1)
        );
        assert_eq!(
            claim_target(&inc, &w("event|alert")).unwrap(),
            ClaimTarget::Event(1)
        );
        assert_eq!(
            claim_target(&inc, &w("service|public api|window|1|to")).unwrap(),
            ClaimTarget::Window {
                kind: TargetKind::Service,
                target: 0,
                window: 0,
                end: WindowEnd::To
            }
        );
        assert!(matches!(
            claim_target(&inc, &w("service|Public API|window|2|to")),
            Err(EditError::NotFound {
                what: "window number",
                ..
            })
        ));
        assert!(matches!(
            claim_target(&inc, &w("alrt")),
            Err(EditError::NotFound { .. })
        ));
    }

    #[test]
    fn durations_read_as_people_write_them() {
        for (s, m) in [
            ("248", 248),
            ("4h8m", 248),
            ("4 h 8 min", 248),
            ("15.5h", 930),
            ("90 min", 90),
        ] {
            assert_eq!(duration_minutes(s).unwrap(), m, "{s}");
        }
        for bad in ["", "4x", "-3", "h"] {
            assert!(duration_minutes(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn observers_read_as_party_and_name() {
        let o = observer("customer:Acme Shop").unwrap();
        assert_eq!(o.phrase(), "customer Acme Shop");
        assert_eq!(observer("external-monitor").unwrap().name, None);
        assert!(observer("martians").is_err());
    }
}
