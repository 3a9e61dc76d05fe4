//! What imported inputs mean for a record: chat lines, Slack messages and status-page
//! incidents become [`Import`]s — events with their origins, services and windows, moments,
//! the input as a source. The bytes were read by `files::import`; the record is changed by
//! `model::change::apply_import`. The rules are documented in `docs/import.md`.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta};

use crate::files::import::ImportError;
use crate::files::import::markup::{markdown_to_text, slack_to_text};
use crate::files::import::slack::{SlackChannel, SlackMessage};
use crate::files::import::statuspage::{self, Page};
use crate::files::import::text::{ChatFormat, ChatLog};
use crate::model::change::{Import, ImportedEvent, moment};
use crate::model::event_facts::{PublicUpdate, UpdateState};
use crate::model::record::{
    Affected, EventKind, Level, Moment, Moments, Severity, Source, SourceKind, Status, Window,
};
use crate::model::time::{Instant, When, Zone};
use crate::model::time_input::{TimeInputError, place};

/// A step back in time smaller than this stays on the same day (lines pasted slightly out of
/// order); a larger one means the log passed midnight.
pub const MIDNIGHT_STEP_BACK: TimeDelta = TimeDelta::hours(1);

/// The text an event gets when its message has none (a shared file, an empty bot post).
pub const NO_TEXT: &str = "(a message with no text)";

/// Events from a chat or terminal log. `date` is the day of the first message (needed unless
/// every line carries its date); each later time earlier than the one before by more than
/// [`MIDNIGHT_STEP_BACK`] moves to the next day. Times are local times in `zone`; a time the
/// clocks skip is an error naming its line; of a time they pass twice, the first that is not
/// before the message before it. Origins are `text:LABEL:LINE`.
pub fn chat_events(
    log: &ChatLog,
    date: Option<NaiveDate>,
    zone: &Zone,
    label: &str,
    path: &std::path::Path,
) -> Result<Vec<ImportedEvent>, ImportError> {
    let mut day = date;
    let mut previous: Option<(NaiveDateTime, DateTime<FixedOffset>)> = None;
    let mut out = Vec::with_capacity(log.lines.len());
    for line in &log.lines {
        let bad = |message: String| ImportError::Line {
            path: path.to_path_buf(),
            line: line.line,
            message,
        };
        let mut local = match (line.date, day) {
            (Some(d), _) => d.and_time(line.time),
            (None, Some(d)) => d.and_time(line.time),
            (None, None) => {
                return Err(bad(format!(
                    "the `{}` shape gives no date: give the date of the first message with --date",
                    log.format.label()
                )));
            }
        };
        if line.date.is_none()
            && let Some((before, _)) = previous
            && before - local > MIDNIGHT_STEP_BACK
        {
            local += TimeDelta::days(1);
        }
        day = Some(local.date());
        let at = match place(local, zone) {
            Ok(t) => t,
            Err(TimeInputError::Ambiguous { earlier, later, .. }) => match previous {
                Some((_, t)) if earlier < t => later,
                _ => earlier,
            },
            Err(e) => return Err(bad(e.to_string())),
        };
        previous = Some((local, at));
        out.push(ImportedEvent {
            at: When::At(Instant(at)),
            kind: EventKind::Note,
            text: non_empty(line.text.trim().to_string()),
            actor: line.nick.clone(),
            important: false,
            origin: format!("text:{label}:{}", line.line),
            update: None,
        });
    }
    Ok(out)
}

/// The source a chat log is recorded as: id `chat-<slug of the file name>`.
pub fn chat_source(label: &str, format: ChatFormat) -> Source {
    Source {
        internal: false,
        id: format!("chat-{}", crate::model::text::slug(label, 40)),
        title: format!("Chat log {label}"),
        url: None,
        kind: SourceKind::Internal,
        publisher: None,
        published: None,
        further_reading: false,
        note: Some(format!(
            "imported by `incident import text` ({} lines)",
            format.label()
        )),
    }
}

/// What to take from a Slack channel.
#[derive(Clone, Debug, Default)]
pub struct SlackOptions {
    /// Only messages at or after this instant (replies go with their parent).
    pub since: Option<Instant>,
    /// Only messages before this instant.
    pub until: Option<Instant>,
    /// Keep `channel_join` and `channel_leave` messages.
    pub joins: bool,
    /// Keep messages from bots and integrations.
    pub bots: bool,
    /// Reactions that mark a message important (pinned messages are important anyway).
    pub important_reactions: Vec<String>,
}

/// Events from a Slack channel: every message (joins, leaves, `pinned_item` notices and bot
/// posts left out unless asked for) in `ts` order, each thread's replies straight after its
/// parent and marked `↳ in reply to NAME:`. The time is `ts` in `zone`, the actor the author's
/// real name (the time is `ts` to the second), the text readable (mentions, channel links and `<url|text>` links resolved);
/// pinned messages and those with a chosen reaction are important. Origins are
/// `slack:CHANNEL_ID/TS`.
pub fn slack_events(ch: &SlackChannel, opts: &SlackOptions, zone: &Zone) -> Vec<ImportedEvent> {
    let user = |id: &str| ch.users.get(id).cloned();
    let channel = |id: &str| ch.channels.get(id).cloned();
    let keep = |m: &SlackMessage| {
        let join = matches!(
            m.subtype.as_deref(),
            Some("channel_join" | "channel_leave" | "group_join" | "group_leave")
        );
        let noise = m.subtype.as_deref() == Some("pinned_item");
        (!join || opts.joins) && !noise && (!m.bot || opts.bots)
    };
    let time = |m: &SlackMessage| {
        // Whole seconds: records hold minutes or seconds; the exact `ts` is in the origin.
        DateTime::from_timestamp(m.seconds, 0).map(|t| Instant(zone.convert(t.fixed_offset())))
    };
    let in_range =
        |t: Instant| opts.since.is_none_or(|s| t >= s) && opts.until.is_none_or(|u| t < u);
    let mut replies: HashMap<&str, Vec<&SlackMessage>> = HashMap::new();
    for m in &ch.messages {
        if let Some(parent) = &m.thread_ts {
            replies.entry(parent.as_str()).or_default().push(m);
        }
    }
    let parents: std::collections::HashSet<&str> =
        ch.messages.iter().map(|m| m.ts.as_str()).collect();
    let event = |m: &SlackMessage, at: Instant, prefix: Option<&str>| {
        let text = non_empty(slack_to_text(&m.text, &user, &channel));
        let text = match prefix {
            Some(p) => format!("↳ in reply to {p}: {text}"),
            None => text,
        };
        ImportedEvent {
            at: When::At(at),
            kind: EventKind::Note,
            text,
            actor: m.author.clone(),
            important: m.pinned
                || m.reactions
                    .iter()
                    .any(|r| opts.important_reactions.contains(r)),
            origin: format!("slack:{}/{}", ch.id, m.ts),
            update: None,
        }
    };
    let mut out = Vec::with_capacity(ch.messages.len());
    for m in &ch.messages {
        // Replies are placed with their parent; an orphan reply (its parent not exported)
        // stands on its own.
        if m.thread_ts.as_deref().is_some_and(|p| parents.contains(p)) {
            continue;
        }
        let Some(at) = time(m) else { continue };
        if !in_range(at) {
            continue;
        }
        if keep(m) {
            out.push(event(m, at, None));
        }
        for r in replies.get(m.ts.as_str()).into_iter().flatten() {
            if keep(r)
                && let Some(t) = time(r)
            {
                let name = m.author.clone().unwrap_or_else(|| "a message".to_string());
                out.push(event(r, t, Some(&name)));
            }
        }
    }
    out
}

/// The source a Slack channel is recorded as: id `slack-<channel name>`.
pub fn slack_source(ch: &SlackChannel, export: &str) -> Source {
    Source {
        internal: false,
        id: format!("slack-{}", crate::model::text::slug(&ch.name, 40)),
        title: format!("Slack #{}", ch.name),
        url: None,
        kind: SourceKind::Internal,
        publisher: None,
        published: None,
        further_reading: false,
        note: Some(format!(
            "channel {} of the export {export}, imported by `incident import slack`",
            ch.id
        )),
    }
}

/// A status-page incident as a record to create or merge into.
#[derive(Clone, Debug, PartialEq)]
pub struct StatuspageRecord {
    pub title: String,
    pub severity: Severity,
    /// The provider's own impact word (`major`), kept in tags and the source note.
    pub impact: String,
    pub status: Status,
    pub started: When,
    pub import: Import,
}

/// The severity for a Statuspage `impact`: critical → Sev1, major → Sev2, minor → Sev3,
/// none, maintenance or missing → Sev4.
pub fn severity_of_impact(impact: Option<&str>) -> Severity {
    match impact {
        Some("critical") => Severity::builtin(0),
        Some("major") => Severity::builtin(1),
        Some("minor") => Severity::builtin(2),
        _ => Severity::builtin(3),
    }
}

/// The record's status for a Statuspage status: investigating, identified and monitoring as
/// they are; resolved, postmortem and completed → resolved; a maintenance in progress or
/// verifying → monitoring; scheduled → investigating.
pub fn status_of(word: &str) -> Status {
    match word {
        "identified" => Status::Identified,
        "monitoring" | "in_progress" | "verifying" => Status::Monitoring,
        "resolved" | "postmortem" | "completed" => Status::Resolved,
        _ => Status::Investigating,
    }
}

/// The level of a component status; `None` for operational and under maintenance (not
/// counted as impact).
pub fn level_of_component(status: &str) -> Option<Level> {
    match status {
        "major_outage" => Some(Level::Outage),
        "partial_outage" | "degraded_performance" => Some(Level::Degraded),
        _ => None,
    }
}

/// The word shown for a status: `Investigating`, `In progress`.
fn status_word(s: &str) -> String {
    crate::model::text::capitalized(&s.replace('_', " "))
}

/// A status-page incident as a record (see docs/import.md for every rule): each update a
/// Communication event `Status: body` at its `display_at` with origin
/// `statuspage:INCIDENT/UPDATE`, followed, when its status differs from the update before,
/// by a status event `status: investigating → identified`; moments from `started_at` (else `created_at`),
/// `monitoring_at` (mitigated) and `resolved_at`; components as services, with windows from
/// the component changes where updates give them and none (noted as times unknown)
/// otherwise; `impact` by [`severity_of_impact`], the provider's word kept as a tag
/// `statuspage-impact-WORD` and in the source's note.
pub fn statuspage_record(
    page: Option<&Page>,
    inc: &statuspage::Incident,
    zone: &Zone,
) -> StatuspageRecord {
    let at = |t: DateTime<FixedOffset>| When::At(Instant(zone.convert(t)));
    let impact = inc.impact.clone().unwrap_or_else(|| "none".to_string());
    let page_name = page
        .map(|p| p.name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "Status page".to_string());
    let source = Source {
        internal: false,
        id: format!("statuspage-{}", crate::model::text::slug(&inc.id, 40)),
        title: format!("{page_name} status page: {}", inc.name),
        url: inc.shortlink.clone().or_else(|| {
            page.and_then(|p| p.url.clone())
                .map(|u| format!("{}/incidents/{}", u.trim_end_matches('/'), inc.id))
        }),
        kind: SourceKind::Official,
        publisher: None,
        published: Some(zone.convert(inc.created_at).date_naive()),
        further_reading: false,
        note: Some(format!(
            "incident {} on page {}; the provider's impact: {impact} (recorded as {} by docs/import.md)",
            inc.id,
            page.map(|p| p.id.as_str())
                .filter(|s| !s.is_empty())
                .or(inc.page_id.as_deref())
                .unwrap_or("(not given)"),
            severity_of_impact(Some(&impact))
        )),
    };
    let cite = vec![source.id.clone()];
    let mut updates: Vec<&statuspage::Update> = inc.incident_updates.iter().collect();
    updates.sort_by_key(|u| u.shown_at());
    let mut events = Vec::with_capacity(updates.len() * 2);
    let mut previous: Option<&str> = None;
    for u in &updates {
        let body = markdown_to_text(&u.body);
        let word = status_word(&u.status);
        events.push(ImportedEvent {
            at: at(u.shown_at()),
            kind: EventKind::Communication,
            text: if body.is_empty() {
                word
            } else {
                format!("{word}: {body}")
            },
            actor: Some(page_name.clone()),
            important: false,
            origin: format!("statuspage:{}/{}", inc.id, u.id),
            update: update_state(&u.status).map(|state| PublicUpdate {
                state,
                channel: Some("status page".to_string()),
            }),
        });
        if let Some(before) = previous
            && before != u.status
        {
            events.push(status_change_event(
                inc,
                u,
                before,
                at(u.shown_at()),
                &page_name,
            ));
        }
        previous = Some(&u.status);
    }
    let noted = |t: DateTime<FixedOffset>, note: &str| Moment {
        note: Some(note.to_string()),
        sources: cite.clone(),
        ..moment(at(t))
    };
    let started = match inc.started_at {
        Some(t) => noted(t, "the status page's started_at"),
        None => noted(
            inc.created_at,
            "the status page gives no started_at; the incident's created_at stands in",
        ),
    };
    // The public was first told at the first update the page shows.
    let communicated = updates
        .first()
        .map(|u| noted(u.shown_at(), "the status page's first update"));
    let moments = Moments {
        started: Some(started.clone()),
        communicated,
        detected: None,
        mitigated: inc.monitoring_at.map(|t| {
            noted(
                t,
                "the status page's monitoring_at: a fix in place and watched",
            )
        }),
        resolved: inc
            .resolved_at
            .map(|t| noted(t, "the status page's resolved_at")),
    };
    let services = services_of(inc, &updates, zone, &cite);
    StatuspageRecord {
        title: inc.name.clone(),
        severity: severity_of_impact(Some(&impact)),
        impact: impact.clone(),
        status: status_of(&inc.status),
        started: started.at,
        import: Import {
            source,
            events,
            services,
            moments,
            tags: Vec::new(),
            // The status-page entry itself: its id and its short link.
            references: vec![crate::model::facts::Reference {
                kind: crate::model::facts::ReferenceKind::StatusPage,
                id: Some(inc.id.clone()),
                url: inc.shortlink.clone(),
                note: None,
            }],
            provider_severity: Some(crate::model::facts::ProviderSeverity {
                label: impact.clone(),
                sources: cite.clone(),
                note: Some(format!(
                    "the status page's impact; recorded as {} by the table in docs/import.md",
                    severity_of_impact(Some(&impact))
                )),
            }),
        },
    }
}

/// The status event for an update whose status differs from the update before it: a note
/// `status: investigating → identified` in the page's words, at the update's time, by the
/// page, with origin `statuspage:INCIDENT/UPDATE/status` (its own origin, so importing again
/// adds it once). The same text `incident status` logs, so a timeline reads alike whoever
/// changed the status.
fn status_change_event(
    inc: &statuspage::Incident,
    u: &statuspage::Update,
    before: &str,
    at: When,
    page_name: &str,
) -> ImportedEvent {
    ImportedEvent {
        at,
        kind: EventKind::Note,
        text: format!(
            "status: {} → {}",
            before.replace('_', " "),
            u.status.replace('_', " ")
        ),
        actor: Some(page_name.to_string()),
        important: false,
        origin: format!("statuspage:{}/{}/status", inc.id, u.id),
        update: None,
    }
}

/// The public update state of a status-page status word; `None` for the maintenance states
/// (`scheduled`, `in_progress`, `verifying`, `completed`), which are not incident updates.
fn update_state(status: &str) -> Option<UpdateState> {
    match status {
        "investigating" => Some(UpdateState::Investigating),
        "identified" => Some(UpdateState::Identified),
        "monitoring" => Some(UpdateState::Monitoring),
        "resolved" => Some(UpdateState::Resolved),
        "postmortem" => Some(UpdateState::Postmortem),
        _ => None,
    }
}

/// Services from the components: a window from each change to a non-operational status until
/// the next change (or the resolution, or still open), and no windows for a component that
/// no update changed.
fn services_of(
    inc: &statuspage::Incident,
    updates: &[&statuspage::Update],
    zone: &Zone,
    cite: &[String],
) -> Vec<Affected> {
    let at = |t: DateTime<FixedOffset>| When::At(Instant(zone.convert(t)));
    let mut order: Vec<String> = Vec::new();
    let mut windows: HashMap<String, Vec<Window>> = HashMap::new();
    let mut open: HashMap<String, (Level, DateTime<FixedOffset>)> = HashMap::new();
    let window = |level: Level, from, to: When, note: Option<String>| Window {
        from: at(from),
        to,
        level,
        scope: None,
        sources: cite.to_vec(),
        note,
        from_claims: Vec::new(),
        to_claims: Vec::new(),
        share: None,
    };
    for u in updates {
        let t = u.shown_at();
        for c in u.affected_components.iter().flatten() {
            if !order.contains(&c.name) {
                order.push(c.name.clone());
            }
            let level = level_of_component(&c.new_status);
            if let Some((was, from)) = open.get(&c.name).copied() {
                if Some(was) == level {
                    continue;
                }
                open.remove(&c.name);
                windows
                    .entry(c.name.clone())
                    .or_default()
                    .push(window(was, from, at(t), None));
            }
            if let Some(l) = level {
                open.insert(c.name.clone(), (l, t));
            }
        }
    }
    for name in &order {
        if let Some((level, from)) = open.remove(name) {
            let (to, note) = match inc.resolved_at {
                Some(r) => (
                    at(r),
                    Some(
                        "no update set it operational; ended at the incident's resolved_at"
                            .to_string(),
                    ),
                ),
                None => (When::Open, None),
            };
            windows
                .entry(name.clone())
                .or_default()
                .push(window(level, from, to, note));
        }
    }
    for c in &inc.components {
        if !order.contains(&c.name) {
            order.push(c.name.clone());
        }
    }
    order
        .into_iter()
        .map(|name| {
            let w = windows.remove(&name).unwrap_or_default();
            let note = w.is_empty().then(|| {
                "named by the status page; no update says when it was hit (times unknown)"
                    .to_string()
            });
            // Named by the page but never given times: affected at unknown times.
            let outcome = w
                .is_empty()
                .then_some(crate::model::facts::Outcome::AffectedAtUnknownTimes);
            Affected {
                internal: false,
                name,
                names: Default::default(),
                windows: w,
                sources: cite.to_vec(),
                note,
                outcome,
                counts: Vec::new(),
            }
        })
        .collect()
}

fn non_empty(text: String) -> String {
    if text.trim().is_empty() {
        NO_TEXT.to_string()
    } else {
        text
    }
}
