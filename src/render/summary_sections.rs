//! The sections of the postmortem document on the facts of issue 13 (B) — the cause chain,
//! communication and responders — and the phrases they add to shared sections (root-cause
//! status, a third party seeing it first), in Markdown, HTML and the terminal's plain lines.
//! The three formats say the same things in the same order.

use std::fmt::Write as _;

use super::html::{escape, escape_lines};
use super::markdown::{cell, inline, table as md_table};
use super::summary_md::cite;
use crate::derive::chain::{CauseNode, ChainSection};
use crate::derive::communication::{CommunicationSection, UpdateEntry};
use crate::derive::responders::RespondersSection;
use crate::derive::summary::{Citation, MomentEntry, OutsideFirst, Summary};

/// `led to resolver-crash; evidence: 2025-03-04 10:12 alert (The error-rate alert fired.);
/// addressed by A1`: a cause's links as plain text, empty when it has none.
pub fn cause_links(n: &CauseNode) -> String {
    let mut parts = Vec::new();
    if !n.led_to.is_empty() {
        parts.push(format!("led to {}", n.led_to.join(", ")));
    }
    if !n.evidence.is_empty() {
        let ev: Vec<String> = n
            .evidence
            .iter()
            // The event's whole text is in the timeline; here a short reminder of it.
            .map(|e| {
                let text = crate::model::text::cut_at_word(&e.text, 60, "…");
                format!("{} {} ({text})", e.when, e.id)
            })
            .collect();
        parts.push(format!("evidence: {}", ev.join("; ")));
    }
    if !n.addressed_by.is_empty() {
        parts.push(format!("addressed by {}", n.addressed_by.join(", ")));
    }
    parts.join("; ")
}

/// One update's cells as plain text: when, state, channel, text, beside the internal story.
fn update_cells(u: &UpdateEntry) -> [String; 5] {
    [
        u.event.when.clone(),
        u.state.to_string(),
        u.channel.clone().unwrap_or_default(),
        u.event.text.trim().to_string(),
        u.internal
            .as_ref()
            .map(|i| i.text.clone())
            .unwrap_or_default(),
    ]
}

const UPDATE_HEADER: [&str; 5] = [
    "When",
    "State",
    "Channel",
    "Update",
    "Beside the internal story",
];
const HOLDER_HEADER: [&str; 5] = ["Person", "Role", "From", "To", "Note"];

/// A moment's phrase after its time: ` — note` and `(observed by …)`, plain.
fn observed(m: &MomentEntry) -> String {
    m.observed_by
        .as_deref()
        .map(|o| format!(" (observed by {o})"))
        .unwrap_or_default()
}

/// The hand-over lines, plain: `incident commander: Ana handed over to Bo at 2025-03-04 10:40`.
fn handover_lines(r: &RespondersSection) -> Vec<String> {
    r.handovers
        .iter()
        .map(|h| {
            let at =
                h.at.as_deref()
                    .map(|a| format!(" at {a}"))
                    .unwrap_or_default();
            format!(
                "{}: {} handed over to {}{at}",
                h.role_name, h.from_person, h.to_person
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Markdown

/// `**Root cause**: not determined`, before the root causes.
pub fn root_cause_status_md(out: &mut String, s: &Summary) {
    if let Some(r) = &s.root_cause_status {
        let _ = writeln!(out, "**Root cause**: {}\n", r.label);
    }
}

/// A third party seeing it before the organisation, as a list item of the detection section.
pub fn outside_first_md(out: &mut String, o: &OutsideFirst) {
    let _ = writeln!(
        out,
        "- **Seen outside first**: {} — {} ({}){}",
        inline(&o.event.when),
        inline(o.event.text.trim()),
        inline(&o.text),
        cite(&o.event.citations, o.event.press_only)
    );
}

/// The cause chain: the Mermaid diagram, then each cause with its links.
pub fn chain_md(out: &mut String, c: &ChainSection) {
    out.push_str(&super::chain::mermaid(c));
    out.push('\n');
    for n in &c.causes {
        let links = cause_links(n);
        let links = if links.is_empty() {
            String::new()
        } else {
            format!(" — {}", inline(&links))
        };
        let _ = writeln!(
            out,
            "- **{}** ({}): {}{links}",
            inline(&n.id),
            n.list_label,
            inline(n.text.trim())
        );
    }
    out.push('\n');
}

/// The communication section: the communicated moment, time to communicate, the updates.
pub fn communication_md(out: &mut String, c: &CommunicationSection) {
    if let Some(m) = &c.communicated {
        let note = m
            .note
            .as_deref()
            .map(|n| format!(" — {}", inline(n.trim())))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- **Communicated**: {}{}{note}{}",
            inline(&m.when),
            inline(&observed(m)),
            cite(&m.citations, m.press_only)
        );
    }
    if let Some(f) = &c.time_to_communicate {
        let _ = writeln!(
            out,
            "- **{}**: {} — {}",
            inline(f.figure.label),
            inline(&f.value),
            inline(f.key.definition())
        );
    }
    if c.communicated.is_some() || c.time_to_communicate.is_some() {
        out.push('\n');
    }
    if !c.updates.is_empty() {
        out.push_str("Public updates:\n\n");
        let rows: Vec<Vec<String>> = c
            .updates
            .iter()
            .map(|u| {
                let mut cells: Vec<String> = update_cells(u).iter().map(|t| cell(t)).collect();
                cells[3].push_str(&cite(&u.event.citations, u.event.press_only));
                cells
            })
            .collect();
        out.push_str(&md_table(&UPDATE_HEADER, &rows));
        out.push('\n');
    }
}

/// The responders: who held which role, then the hand-overs.
pub fn responders_md(out: &mut String, r: &RespondersSection) {
    let rows: Vec<Vec<String>> = r
        .holders
        .iter()
        .map(|h| {
            vec![
                cell(&h.person),
                cell(&h.role_name),
                cell(h.from.as_deref().unwrap_or("")),
                cell(h.to.as_deref().unwrap_or("")),
                match &h.note {
                    Some(n) => format!("{}{}", cell(n), cite(&h.citations, h.press_only)),
                    None => cite(&h.citations, h.press_only).trim_start().to_string(),
                },
            ]
        })
        .collect();
    out.push_str(&md_table(&HOLDER_HEADER, &rows));
    out.push('\n');
    let lines = handover_lines(r);
    if !lines.is_empty() {
        out.push_str("Hand-overs:\n\n");
        for l in lines {
            let _ = writeln!(out, "- {}", inline(&l));
        }
        out.push('\n');
    }
}

// ---------------------------------------------------------------------------------------
// HTML

fn cite_html(cs: &[Citation], press_only: bool) -> String {
    super::summary_html::cite(cs, press_only)
}

/// `<p><strong>Root cause</strong>: not determined</p>`.
pub fn root_cause_status_html(o: &mut String, s: &Summary) {
    if let Some(r) = &s.root_cause_status {
        let _ = writeln!(o, "<p><strong>Root cause</strong>: {}</p>", escape(r.label));
    }
}

/// A third party seeing it first, as a list item.
pub fn outside_first_html(o: &OutsideFirst) -> String {
    format!(
        "<li><strong>Seen outside first</strong>: <time>{}</time> — {} ({}){}</li>\n",
        escape(&o.event.when),
        escape_lines(o.event.text.trim()),
        escape(&o.text),
        cite_html(&o.event.citations, o.event.press_only)
    )
}

/// The cause chain: the SVG diagram, then each cause with its links.
pub fn chain_html(o: &mut String, c: &ChainSection) {
    o.push_str("<figure class=\"chart chain\">\n");
    o.push_str(&super::chain::svg(c));
    o.push_str(
        "<figcaption>Cause chain: a solid arrow reads \"led to\", a dashed arrow \"addressed by\"; \
         action items are in the last column.</figcaption>\n</figure>\n",
    );
    o.push_str("<ul class=\"findings\">\n");
    for n in &c.causes {
        let links = cause_links(n);
        let links = if links.is_empty() {
            String::new()
        } else {
            format!(" — <span class=\"notes\">{}</span>", escape(&links))
        };
        let _ = writeln!(
            o,
            "<li id=\"cause-{}\"><strong>{}</strong> ({}): {}{links}</li>",
            escape(&n.id),
            escape(&n.id),
            escape(n.list_label),
            escape_lines(n.text.trim())
        );
    }
    o.push_str("</ul>\n");
}

/// The communication section.
pub fn communication_html(o: &mut String, c: &CommunicationSection) {
    let mut items = String::new();
    if let Some(m) = &c.communicated {
        let note = m
            .note
            .as_deref()
            .map(|n| format!(" — {}", escape_lines(n.trim())))
            .unwrap_or_default();
        let _ = writeln!(
            items,
            "<li><strong>Communicated</strong>: <time>{}</time>{}{note}{}</li>",
            escape(&m.when),
            escape(&observed(m)),
            cite_html(&m.citations, m.press_only)
        );
    }
    if let Some(f) = &c.time_to_communicate {
        let _ = writeln!(
            items,
            "<li><strong>{}</strong>: {} — <span class=\"notes\">{}</span></li>",
            escape(f.figure.label),
            escape(&f.value),
            escape(f.key.definition())
        );
    }
    if !items.is_empty() {
        let _ = writeln!(o, "<ul>\n{items}</ul>");
    }
    if !c.updates.is_empty() {
        o.push_str("<h3>Public updates</h3>\n<table class=\"updates\">\n<thead><tr>");
        for h in UPDATE_HEADER {
            let _ = write!(o, "<th>{}</th>", escape(h));
        }
        o.push_str("</tr></thead>\n<tbody>\n");
        for u in &c.updates {
            let cells = update_cells(u);
            let _ = writeln!(
                o,
                "<tr><td class=\"nowrap\">{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td></tr>",
                escape(&cells[0]),
                escape(&cells[1]),
                escape(&cells[2]),
                escape_lines(&cells[3]),
                cite_html(&u.event.citations, u.event.press_only),
                escape(&cells[4])
            );
        }
        o.push_str("</tbody>\n</table>\n");
    }
}

/// The responders.
pub fn responders_html(o: &mut String, r: &RespondersSection) {
    o.push_str("<table class=\"responders\">\n<thead><tr>");
    for h in HOLDER_HEADER {
        let _ = write!(o, "<th>{}</th>", escape(h));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for h in &r.holders {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"nowrap\">{}</td><td class=\"nowrap\">{}</td><td>{}{}</td></tr>",
            escape(&h.person),
            escape(&h.role_name),
            escape(h.from.as_deref().unwrap_or("")),
            escape(h.to.as_deref().unwrap_or("")),
            escape_lines(h.note.as_deref().unwrap_or("")),
            cite_html(&h.citations, h.press_only)
        );
    }
    o.push_str("</tbody>\n</table>\n");
    let lines = handover_lines(r);
    if !lines.is_empty() {
        o.push_str("<h3>Hand-overs</h3>\n<ul>\n");
        for l in lines {
            let _ = writeln!(o, "<li>{}</li>", escape(&l));
        }
        o.push_str("</ul>\n");
    }
}

// ---------------------------------------------------------------------------------------
// Plain lines, for the terminal reader

/// The cause chain as plain list items: `no-validation (root cause): text — led to …`.
pub fn chain_lines(c: &ChainSection) -> Vec<String> {
    c.causes
        .iter()
        .map(|n| {
            let links = cause_links(n);
            let links = if links.is_empty() {
                String::new()
            } else {
                format!(" — {links}")
            };
            format!("{} ({}): {}{links}", n.id, n.list_label, n.text.trim())
        })
        .collect()
}

/// The communication section as plain list items.
pub fn communication_lines(c: &CommunicationSection) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(m) = &c.communicated {
        let note = m
            .note
            .as_deref()
            .map(|n| format!(" — {}", n.trim()))
            .unwrap_or_default();
        out.push(format!(
            "Communicated: {}{}{note}{}",
            m.when,
            observed(m),
            cite(&m.citations, m.press_only)
        ));
    }
    if let Some(f) = &c.time_to_communicate {
        out.push(format!(
            "{}: {} — {}",
            f.figure.label,
            f.value,
            f.key.definition()
        ));
    }
    for u in &c.updates {
        let [when, state, channel, text, internal] = update_cells(u);
        let channel = if channel.is_empty() {
            String::new()
        } else {
            format!(", on {channel}")
        };
        let internal = if internal.is_empty() {
            String::new()
        } else {
            format!("; {internal}")
        };
        out.push(format!(
            "{when} — public update: {state}{channel}{internal} — {text}{}",
            cite(&u.event.citations, u.event.press_only)
        ));
    }
    out
}

/// The responders as plain list items, then the hand-overs.
pub fn responder_lines(r: &RespondersSection) -> Vec<String> {
    let mut out: Vec<String> = r
        .holders
        .iter()
        .map(|h| {
            let span = match (&h.from, &h.to) {
                (Some(f), Some(t)) => format!(", {f} to {t}"),
                (Some(f), None) => format!(", from {f}"),
                (None, Some(t)) => format!(", to {t}"),
                (None, None) => String::new(),
            };
            let note = h
                .note
                .as_deref()
                .map(|n| format!(" — {}", n.trim()))
                .unwrap_or_default();
            format!(
                "{}: {}{span}{note}{}",
                h.person,
                h.role_name,
                cite(&h.citations, h.press_only)
            )
        })
        .collect();
    out.extend(
        handover_lines(r)
            .into_iter()
            .map(|l| format!("hand-over: {l}")),
    );
    out
}

// ---------------------------------------------------------------------------------------
// Action items

/// The columns of the action-item table that only some records fill — opened, completed,
/// causes addressed, note — present when any item has a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActionColumns {
    pub opened: bool,
    pub completed: bool,
    pub addresses: bool,
    pub note: bool,
}

impl ActionColumns {
    /// The optional columns `items` need.
    pub fn of(items: &[crate::derive::summary::ActionEntry]) -> Self {
        ActionColumns {
            opened: items.iter().any(|a| a.opened.is_some()),
            completed: items.iter().any(|a| a.completed.is_some()),
            addresses: items.iter().any(|a| !a.addresses.is_empty()),
            note: items.iter().any(|a| a.note.is_some()),
        }
    }

    /// Their headings, in order.
    pub fn header(self) -> Vec<&'static str> {
        [
            (self.opened, "Opened"),
            (self.completed, "Completed"),
            (self.addresses, "Addresses"),
            (self.note, "Note"),
        ]
        .into_iter()
        .filter_map(|(on, h)| on.then_some(h))
        .collect()
    }

    /// Where the note, which is prose, is among [`ActionColumns::cells`]; `None` without one.
    pub fn note_at(self) -> Option<usize> {
        self.note
            .then(|| usize::from(self.completed) + usize::from(self.addresses))
    }

    /// An item's plain text in these columns.
    pub fn cells(self, a: &crate::derive::summary::ActionEntry) -> Vec<String> {
        let mut out = Vec::new();
        if self.opened {
            out.push(a.opened.clone().unwrap_or_default());
        }
        if self.completed {
            out.push(a.completed.clone().unwrap_or_default());
        }
        if self.addresses {
            out.push(a.addresses.join(", "));
        }
        if self.note {
            out.push(a.note.clone().unwrap_or_default());
        }
        out
    }
}
