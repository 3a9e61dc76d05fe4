//! The postmortem summary as Markdown: CommonMark with GitHub tables. Record text goes
//! through [`markdown::inline`] / [`markdown::cell`], so it stays text whatever it holds;
//! the impact and timeline tables are those of `incident impact` and `incident timeline`.
//!
//! Citations are shortcut reference links (`[3]`) whose definitions, at the end, point to
//! the source's URL, or to the Sources section for sources without one.

use std::fmt::Write as _;

use super::facts::{self as facts_view, Block, DISPUTED_MARK, Item};
use super::markdown::{self as md, cell, inline};
use super::summary_sections::{self as sections, ActionColumns};
use super::{impact as impact_view, timeline as timeline_view};
use crate::derive::summary::{
    Citation, Cited, EventEntry, FigureEntry, MomentEntry, SectionId, Summary,
};
use crate::model::record::IncidentKind;
use crate::render::prose;

/// Record text for a paragraph or list item: trimmed (leading spaces could make an indented
/// code block) and escaped.
fn text(s: &str) -> String {
    inline(s.trim())
}

/// A heading's text: escaped, and a trailing run of `#` kept (it would close the heading).
fn heading_text(s: &str) -> String {
    let mut e = text(s);
    let run = e.len() - e.trim_end_matches('#').len();
    if run > 0 {
        let at = e.len() - run;
        let before = e.get(..at).unwrap_or("");
        if before.is_empty() || before.ends_with(' ') {
            e.insert(at, '\\');
        }
    }
    e
}

/// ` [1], [3] (press)`: the citations of a fact, with a leading space; empty when none. A
/// citation whose grade differs from its source's kind carries it: `[3] (official, quoted)`.
pub fn cite(citations: &[Citation], press_only: bool) -> String {
    let mut out = String::new();
    if !citations.is_empty() {
        out.push(' ');
        out.push_str(
            &citations
                .iter()
                .map(|c| match c.grade {
                    Some(g) => format!("[{}] ({g})", c.number),
                    None => format!("[{}]", c.number),
                })
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if press_only {
        out.push_str(" (press)");
    }
    out
}

fn findings(out: &mut String, list: &[Cited]) {
    for f in list {
        let _ = write!(
            out,
            "- {}{}",
            prose::markdown_item(&f.text, 2),
            cite(&f.citations, f.press_only)
        );
        match &f.detail {
            Some(d) => {
                let _ = writeln!(out, "  \n  {}", prose::markdown_item(d, 2));
            }
            None => out.push('\n'),
        }
    }
    out.push('\n');
}

fn event_line(e: &EventEntry) -> String {
    let actor = e
        .actor
        .as_deref()
        .map(|a| format!(" ({})", text(a)))
        .unwrap_or_default();
    let body = format!("{}{actor}", text(&e.facts.text_with(&e.text)));
    let body = if e.important {
        format!("**{body}**")
    } else {
        body
    };
    format!(
        "- {}{} — {body}{}\n",
        inline(&e.when),
        if e.disputed {
            format!(" {DISPUTED_MARK}")
        } else {
            String::new()
        },
        cite(&e.citations, e.press_only)
    )
}

/// Facts blocks: an optional `###` heading and lead line, then the items as a nested list.
fn blocks(out: &mut String, list: &[Block]) {
    for b in list {
        if let Some(h) = b.heading {
            let _ = writeln!(out, "### {h}\n");
        }
        if let Some(l) = &b.lead {
            let _ = writeln!(out, "{}\n", text(l));
        }
        items(out, &b.items, 0);
        out.push('\n');
    }
}

fn items(out: &mut String, list: &[Item], depth: usize) {
    for i in list {
        let _ = writeln!(
            out,
            "{}- {}{}",
            "  ".repeat(depth),
            text(&i.text),
            cite(&i.citations, i.press_only)
        );
        items(out, &i.under, depth + 1);
    }
}

fn events(out: &mut String, list: &[EventEntry]) {
    for e in list {
        out.push_str(&event_line(e));
    }
    out.push('\n');
}

fn moment_line(label: &str, m: &MomentEntry) -> String {
    let note = m
        .note
        .as_deref()
        .map(|n| format!(" — {}", text(n)))
        .unwrap_or_default();
    let observed = m
        .observed_by
        .as_deref()
        .map(|o| format!(" (observed by {})", text(o)))
        .unwrap_or_default();
    let disputed = if m.disputed {
        format!(" {DISPUTED_MARK}")
    } else {
        String::new()
    };
    format!(
        "- **{label}**: {}{disputed}{observed}{note}{}\n",
        inline(&m.when),
        cite(&m.citations, m.press_only)
    )
}

fn figure_lines(out: &mut String, figures: &[FigureEntry]) {
    for f in figures {
        let _ = writeln!(
            out,
            "- **{}**: {} — {}",
            inline(f.figure.label),
            inline(&f.value),
            inline(f.key.definition())
        );
    }
}

fn meta(out: &mut String, s: &Summary) {
    let m = &s.meta;
    let mut line = |k: &str, v: String| {
        let _ = writeln!(out, "- **{k}**: {v}");
    };
    if let Some(d) = &m.date {
        line("Date", inline(d));
    }
    if !m.authors.is_empty() {
        line(
            "Authors",
            m.authors
                .iter()
                .map(|a| text(a))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    line("Status", m.status.to_string());
    line("Severity", m.severity_text());
    for (k, v, cs, press) in facts_view::meta(&s.facts) {
        line(k, format!("{}{}", text(&v), cite(&cs, press)));
    }
    if m.kind != IncidentKind::Real {
        line("Kind", m.kind.to_string());
    }
    if let Some(o) = &m.organisation {
        line("Organisation", text(o));
    }
    if let Some(place) = m.place() {
        line("Region", text(&place));
    }
    if let Some(site) = &m.site {
        line("Site", text(site));
    }
    line("Incident", inline(&s.id));
    if !m.tags.is_empty() {
        let tags: Vec<String> = m.tags.iter().map(|t| inline(t)).collect();
        line("Tags", tags.join(", "));
    }
    for f in &m.fields {
        line(&text(&f.name), text(&f.text));
    }
    line("Times in", inline(&s.zone_label));
    let basis = s.as_of.basis.label();
    line(
        "Figures as of",
        match &s.as_of.when {
            Some(when) => format!("{} ({basis})", inline(when)),
            None => basis.to_string(),
        },
    );
    out.push('\n');
}

/// The whole document.
pub fn render(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", heading_text(&s.title));
    out.push_str(&crate::render::review::banner_md(&s.review));
    meta(&mut out, s);
    for sec in &s.sections {
        let _ = writeln!(out, "## {}\n", sec.title);
        section(&mut out, s, sec.id);
    }
    // Link definitions for the citations: the source's URL, or the Sources section.
    if !s.sources.is_empty() {
        for src in &s.sources {
            let to = src.href.as_deref().unwrap_or("#sources");
            let _ = writeln!(out, "[{}]: {to}", src.number);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn section(out: &mut String, s: &Summary, id: SectionId) {
    match id {
        SectionId::Summary => {
            let last = s.summary.len().saturating_sub(1);
            for (i, p) in s.summary.iter().enumerate() {
                // The summary's sources are cited after its last paragraph.
                let cited = if i == last {
                    cite(&s.summary_citations, s.summary_press_only)
                } else {
                    String::new()
                };
                let _ = writeln!(out, "{}{cited}\n", prose::markdown(p));
            }
        }
        SectionId::Impact => {
            let Some(imp) = &s.impact else { return };
            out.push_str(&impact_view::markdown_table(
                &s.report,
                &crate::derive::impact::Options::default(),
                &s.zone,
            ));
            out.push('\n');
            for n in &imp.notes {
                let _ = writeln!(out, "{}  ", inline(n));
            }
            // The impact chart as a Mermaid gantt block, which GitHub and GitLab draw.
            if let Some(layout) = &s.chart {
                out.push('\n');
                out.push_str(&super::chart::mermaid(layout));
            }
            out.push_str("\n### Figures\n\n");
            figure_lines(out, &imp.figures);
            if let Some((label, value, definition)) = facts_view::weighted_figure(&s.facts) {
                let _ = writeln!(
                    out,
                    "- **{label}**: {} — {}",
                    inline(&value),
                    inline(definition)
                );
            }
            if !s.facts.disputed.is_empty() {
                let _ = writeln!(out, "\n{}", inline(facts_view::CHOSEN_NOTE));
            }
            out.push('\n');
            blocks(out, &facts_view::impact(&s.facts));
        }
        SectionId::DataLoss
        | SectionId::StatedFigures
        | SectionId::DisputedFacts
        | SectionId::References => blocks(out, &facts_view::section(s, id)),
        SectionId::RootCauses => {
            sections::root_cause_status_md(out, s);
            if !s.root_causes.is_empty() {
                findings(out, &s.root_causes);
            }
        }
        SectionId::Trigger => findings(out, &s.trigger),
        SectionId::Contributing => findings(out, &s.contributing),
        SectionId::CauseChain => {
            if let Some(c) = &s.cause_chain {
                sections::chain_md(out, c);
            }
        }
        SectionId::Communication => {
            if let Some(c) = &s.communication {
                sections::communication_md(out, c);
            }
        }
        SectionId::Responders => {
            if let Some(r) = &s.responders {
                sections::responders_md(out, r);
            }
        }
        SectionId::Detection => {
            let Some(d) = &s.detection else { return };
            if let Some(m) = &d.started {
                out.push_str(&moment_line("Started", m));
            }
            if let Some(m) = &d.detected {
                out.push_str(&moment_line("Detected", m));
            }
            if let Some(o) = &d.outside_first {
                sections::outside_first_md(out, o);
            }
            if let Some(f) = &d.time_to_detect {
                figure_lines(out, std::slice::from_ref(f));
            }
            if d.started.is_some()
                || d.detected.is_some()
                || d.time_to_detect.is_some()
                || d.outside_first.is_some()
            {
                out.push('\n');
            }
            if !d.events.is_empty() {
                out.push_str("Detection events:\n\n");
                events(out, &d.events);
            }
        }
        SectionId::Resolution => {
            let Some(r) = &s.resolution else { return };
            if let Some(m) = &r.mitigated {
                out.push_str(&moment_line("Mitigated", m));
            }
            if let Some(m) = &r.resolved {
                out.push_str(&moment_line("Resolved", m));
            }
            figure_lines(out, &r.figures);
            if r.mitigated.is_some() || r.resolved.is_some() || !r.figures.is_empty() {
                out.push('\n');
            }
            if !r.events.is_empty() {
                out.push_str("Mitigation and recovery:\n\n");
                events(out, &r.events);
            }
        }
        SectionId::ActionItems => {
            let optional = ActionColumns::of(&s.action_items);
            let rows: Vec<Vec<String>> = s
                .action_items
                .iter()
                .map(|a| {
                    let mut row = vec![
                        cell(&a.id),
                        format!(
                            "{}{}",
                            prose::markdown_cell(&a.text),
                            cite(&a.citations, a.press_only)
                        ),
                        cell(a.kind.label()),
                        cell(a.owner.as_deref().unwrap_or("")),
                        cell(a.priority.map_or("", crate::model::record::Priority::label)),
                        cell(a.due.as_deref().unwrap_or("")),
                        cell(a.status.label()),
                    ];
                    row.extend(optional.cells(a).iter().enumerate().map(|(i, c)| {
                        if optional.note_at() == Some(i) {
                            prose::markdown_cell(c)
                        } else {
                            cell(c)
                        }
                    }));
                    row.push(cell(a.link.as_deref().unwrap_or("")));
                    row
                })
                .collect();
            let mut header = vec!["ID", "Action", "Type", "Owner", "Priority", "Due", "Status"];
            header.extend(optional.header());
            header.push("Link");
            out.push_str(&md::table(&header, &rows));
            out.push('\n');
        }
        SectionId::Lessons => {
            let Some(l) = &s.lessons else { return };
            for (title, list) in l.parts() {
                let _ = writeln!(out, "### {title}\n");
                findings(out, list);
            }
        }
        SectionId::Timeline => {
            let Some(t) = &s.timeline_section else { return };
            let _ = writeln!(out, "{}\n", inline(&t.caption));
            out.push_str(&timeline_view::markdown_table(&s.timeline));
            let key = timeline_view::key(&s.timeline, timeline_view::KeyFor::Document);
            let cited = s.timeline.rows.iter().any(|r| !r.sources.is_empty());
            let note = match (key, cited && !s.sources.is_empty()) {
                (Some(k), true) => Some(format!(
                    "{}; sources are listed by id under Sources.",
                    k.trim_end_matches('.')
                )),
                (Some(k), false) => Some(k),
                (None, true) => Some("Sources are listed by id under Sources.".to_string()),
                (None, false) => None,
            };
            if let Some(n) = note {
                let _ = writeln!(out, "\n{}", inline(&n));
            }
            out.push('\n');
        }
        SectionId::Aftermath => {
            out.push_str("After the resolution:\n\n");
            events(out, &s.aftermath);
        }
        SectionId::Sources => {
            let rows: Vec<Vec<String>> = s
                .sources
                .iter()
                .map(|src| {
                    vec![
                        src.number.to_string(),
                        cell(&src.id),
                        cell(&src.title_text()),
                        cell(&src.kind_text()),
                        cell(src.published.as_deref().unwrap_or("")),
                        cell(src.url.as_deref().unwrap_or("")),
                        cell(src.note.as_deref().unwrap_or("")),
                    ]
                })
                .collect();
            out.push_str(&md::table(
                &["#", "ID", "Title", "Kind", "Published", "URL", "Note"],
                &rows,
            ));
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A resolved record that gives no time at all says so, and never shows the clock.
    #[test]
    fn a_resolved_record_with_no_time_says_so() {
        use crate::model::record::Moment;
        use crate::model::time::{When, Zone};
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        let mut inc =
            crate::files::load::parse_text(std::path::Path::new("hk.ron"), text).expect("parses");
        inc.events.clear();
        inc.services.clear();
        inc.customers.clear();
        inc.moments = Default::default();
        inc.moments.resolved = Some(Moment {
            at: When::Unknown,
            sources: vec![],
            note: None,
            observed_by: None,
            claims: Vec::new(),
        });
        let now = "2030-01-01T00:00:00Z".parse().expect("an instant");
        let as_of = crate::derive::moments::as_of(&inc, None, now);
        let md = render(&crate::derive::summary::build(&inc, &Zone::Utc, as_of));
        assert!(
            md.contains(
                "- **Figures as of**: the record gives no time; the incident is resolved\n"
            ),
            "{md}"
        );
        assert!(!md.contains("2030"), "{md}");
    }

    #[test]
    fn headings_keep_trailing_hashes() {
        assert_eq!(heading_text("Issue #"), "Issue \\#");
        assert_eq!(heading_text("C#"), "C#");
        assert_eq!(heading_text("# x"), "\\# x");
    }
}
