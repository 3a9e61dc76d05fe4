//! The postmortem summary for reading in a terminal: the same sections as the Markdown
//! document ([`super::summary_md`]), but with underlined headings, paragraphs wrapped at the
//! width, tables fitted to it, the impact chart drawn, and record text shown as it is — no
//! Markdown escapes, no `**` or link syntax. Record text has its control characters made
//! visible ([`visible`]), so it can never drive the terminal.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::facts::{self as facts_view, Block, DISPUTED_MARK, Item};
use super::summary_md::cite;
use super::summary_sections::{self as sections, ActionColumns};
use super::{Style, chart, impact as impact_view, table, timeline as timeline_view};
use crate::derive::summary::{Cited, EventEntry, FigureEntry, MomentEntry, SectionId, Summary};
use crate::model::record::IncidentKind;
use crate::model::text::visible;

/// The width paragraphs are wrapped at when the style gives none (output forced to the
/// reading form into a pipe).
const DEFAULT_WIDTH: usize = 100;

/// The whole document for reading, fitted to `style.width` (100 columns when none).
pub fn render(s: &Summary, style: &Style) -> String {
    let width = style.width.map_or(DEFAULT_WIDTH, usize::from).max(30);
    let r = Reader { style, width };
    let mut out = String::new();
    r.heading(&mut out, &visible(s.title.trim()), true);
    r.meta(&mut out, s);
    for sec in &s.sections {
        r.heading(&mut out, sec.title, false);
        r.section(&mut out, s, sec.id);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Wraps `text` at `width` columns between words; the first line starts with `first`, the
/// others with `rest` (both counted in the width). A word longer than a line stays whole.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    for (n, paragraph_line) in text.lines().enumerate() {
        let mut line = String::from(if n == 0 { first } else { rest });
        let mut line_w = UnicodeWidthStr::width(line.as_str());
        let mut empty = true;
        for word in paragraph_line.split_whitespace() {
            let w = UnicodeWidthStr::width(word);
            if !empty && line_w + 1 + w > width {
                out.push_str(line.trim_end());
                out.push('\n');
                line = String::from(rest);
                line_w = UnicodeWidthStr::width(rest);
                empty = true;
            }
            if !empty {
                line.push(' ');
                line_w += 1;
            }
            line.push_str(word);
            line_w += w;
            empty = false;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str(first.trim_end());
        out.push('\n');
    }
    out
}

struct Reader<'a> {
    style: &'a Style,
    width: usize,
}

impl Reader<'_> {
    fn bold(&self, s: &str) -> String {
        if self.style.color {
            let b = anstyle::Style::new().bold();
            format!("{b}{s}{b:#}")
        } else {
            s.to_string()
        }
    }

    /// A heading, bold and underlined with `═` (the title) or `─` (a section).
    fn heading(&self, out: &mut String, text: &str, title: bool) {
        let rule = match (title, self.style.unicode) {
            (true, true) => "═",
            (false, true) => "─",
            (true, false) => "=",
            (false, false) => "-",
        };
        for line in wrap(text, self.width, "", "").lines() {
            let _ = writeln!(out, "{}", self.bold(line));
        }
        let w = wrap(text, self.width, "", "")
            .lines()
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(0);
        let _ = writeln!(out, "{}\n", rule.repeat(w));
    }

    fn sub_heading(&self, out: &mut String, text: &str) {
        let _ = writeln!(out, "{}\n", self.bold(text));
    }

    fn paragraph(&self, out: &mut String, text: &str) {
        out.push_str(&wrap(&visible(text.trim()), self.width, "", ""));
        out.push('\n');
    }

    /// Prose (CommonMark) read plainly: each line of [`prose::plain`] wrapped on its own, list
    /// items with a hanging indent under their text.
    fn prose(&self, out: &mut String, text: &str, first: &str, rest: &str) {
        for line in crate::render::prose::plain(text).lines() {
            if line.is_empty() {
                out.push('\n');
                continue;
            }
            let body = line.trim_start();
            let indent = &line[..line.len() - body.len()];
            let mark = body
                .split_once(' ')
                .filter(|(m, _)| *m == "•" || m.trim_end_matches('.').parse::<u64>().is_ok())
                .map_or(0, |(m, _)| m.len() + 1);
            let (lead, hang) = if out.ends_with('\n') || out.is_empty() {
                (
                    format!("{first}{indent}"),
                    format!("{rest}{indent}{}", " ".repeat(mark)),
                )
            } else {
                (String::new(), rest.to_string())
            };
            out.push_str(&wrap(body, self.width, &lead, &hang));
        }
    }

    fn bullet(&self, out: &mut String, text: &str) {
        let mark = if self.style.unicode { "• " } else { "- " };
        out.push_str(&wrap(text, self.width, mark, "  "));
    }

    fn findings(&self, out: &mut String, list: &[Cited]) {
        for f in list {
            let mark = if self.style.unicode { "• " } else { "- " };
            self.prose(
                out,
                &format!("{}{}", f.text.trim(), cite(&f.citations, f.press_only)),
                mark,
                "  ",
            );
            if let Some(d) = &f.detail {
                self.prose(out, d, "  ", "  ");
            }
        }
        out.push('\n');
    }

    fn event(&self, out: &mut String, e: &EventEntry) {
        let actor = e
            .actor
            .as_deref()
            .map(|a| format!(" ({})", visible(a.trim())))
            .unwrap_or_default();
        let body = format!("{}{actor}", visible(e.facts.text_with(&e.text).trim()));
        let body = if e.important { self.bold(&body) } else { body };
        let mark = if e.important { "* " } else { "" };
        let disputed = if e.disputed {
            format!(" {DISPUTED_MARK}")
        } else {
            String::new()
        };
        self.bullet(
            out,
            &format!(
                "{}{disputed} — {mark}{body}{}",
                e.when,
                cite(&e.citations, e.press_only)
            ),
        );
    }

    /// Facts blocks: an optional heading and lead line, then the items, nested.
    fn blocks(&self, out: &mut String, list: &[Block]) {
        for b in list {
            if let Some(h) = b.heading {
                self.sub_heading(out, h);
            }
            if let Some(l) = &b.lead {
                self.paragraph(out, l);
            }
            self.items(out, &b.items, 0);
            out.push('\n');
        }
    }

    fn items(&self, out: &mut String, list: &[Item], depth: usize) {
        let mark = if self.style.unicode { "• " } else { "- " };
        let indent = "  ".repeat(depth);
        for i in list {
            out.push_str(&wrap(
                &format!(
                    "{}{}",
                    visible(i.text.trim()),
                    cite(&i.citations, i.press_only)
                ),
                self.width,
                &format!("{indent}{mark}"),
                &format!("{indent}  "),
            ));
            self.items(out, &i.under, depth + 1);
        }
    }

    fn events(&self, out: &mut String, list: &[EventEntry]) {
        for e in list {
            self.event(out, e);
        }
        out.push('\n');
    }

    fn moment(&self, out: &mut String, label: &str, m: &MomentEntry) {
        let note = m
            .note
            .as_deref()
            .map(|n| format!(" — {}", visible(n.trim())))
            .unwrap_or_default();
        let observed = m
            .observed_by
            .as_deref()
            .map(|o| format!(" (observed by {})", visible(o)))
            .unwrap_or_default();
        let disputed = if m.disputed {
            format!(" {DISPUTED_MARK}")
        } else {
            String::new()
        };
        self.bullet(
            out,
            &format!(
                "{label}: {}{disputed}{observed}{note}{}",
                m.when,
                cite(&m.citations, m.press_only)
            ),
        );
    }

    /// Plain lines as list items, then a blank line.
    fn lines(&self, out: &mut String, lines: &[String]) {
        for l in lines {
            self.bullet(out, &visible(l));
        }
        out.push('\n');
    }

    fn figures(&self, out: &mut String, figures: &[FigureEntry]) {
        for f in figures {
            self.bullet(
                out,
                &format!("{}: {} — {}", f.figure.label, f.value, f.key.definition()),
            );
        }
    }

    fn meta(&self, out: &mut String, s: &Summary) {
        let m = &s.meta;
        let mut lines: Vec<(&str, String)> = Vec::new();
        if let Some(d) = &m.date {
            lines.push(("Date", d.clone()));
        }
        if !m.authors.is_empty() {
            let authors: Vec<String> = m.authors.iter().map(|a| visible(a.trim())).collect();
            lines.push(("Authors", authors.join(", ")));
        }
        lines.push(("Status", m.status.to_string()));
        lines.push(("Severity", m.severity_text()));
        for (k, v, cs, press) in facts_view::meta(&s.facts) {
            lines.push((k, format!("{}{}", visible(&v), cite(&cs, press))));
        }
        if m.kind != IncidentKind::Real {
            lines.push(("Kind", m.kind.to_string()));
        }
        if let Some(o) = &m.organisation {
            lines.push(("Organisation", visible(o.trim())));
        }
        if let Some(place) = m.place() {
            lines.push(("Region", visible(place.trim())));
        }
        if let Some(site) = &m.site {
            lines.push(("Site", visible(site.trim())));
        }
        lines.push(("Incident", s.id.clone()));
        if !m.tags.is_empty() {
            let tags: Vec<String> = m.tags.iter().map(|t| visible(t.trim())).collect();
            lines.push(("Tags", tags.join(", ")));
        }
        for f in &m.fields {
            lines.push((f.name.as_str(), visible(f.text.trim())));
        }
        lines.push(("Times in", s.zone_label.clone()));
        lines.push((
            "Figures as of",
            match &s.as_of.when {
                Some(when) => format!("{when} ({})", s.as_of.basis.label()),
                None => s.as_of.basis.label().to_string(),
            },
        ));
        let key_w = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 2;
        let indent = " ".repeat(key_w);
        for (k, v) in lines {
            let lead = format!("{:key_w$}", format!("{k}:"));
            out.push_str(&wrap(&v, self.width, &lead, &indent));
        }
        out.push('\n');
    }

    fn section(&self, out: &mut String, s: &Summary, id: SectionId) {
        match id {
            SectionId::Summary => {
                let last = s.summary.len().saturating_sub(1);
                for (i, p) in s.summary.iter().enumerate() {
                    // The summary's sources are cited after its last paragraph.
                    if i == last {
                        let cited = cite(&s.summary_citations, s.summary_press_only);
                        self.prose(out, &format!("{}{cited}", p.trim()), "", "");
                    } else {
                        self.prose(out, p, "", "");
                    }
                    out.push('\n');
                }
            }
            SectionId::Impact => self.impact(out, s),
            SectionId::DataLoss
            | SectionId::StatedFigures
            | SectionId::DisputedFacts
            | SectionId::References => self.blocks(out, &facts_view::section(s, id)),
            SectionId::RootCauses => {
                if let Some(r) = &s.root_cause_status {
                    self.paragraph(out, &format!("Root cause: {}", r.label));
                }
                if !s.root_causes.is_empty() {
                    self.findings(out, &s.root_causes);
                }
            }
            SectionId::CauseChain => {
                let Some(c) = &s.cause_chain else { return };
                self.lines(out, &sections::chain_lines(c));
            }
            SectionId::Communication => {
                let Some(c) = &s.communication else { return };
                self.lines(out, &sections::communication_lines(c));
            }
            SectionId::Responders => {
                let Some(r) = &s.responders else { return };
                self.lines(out, &sections::responder_lines(r));
            }
            SectionId::Trigger => self.findings(out, &s.trigger),
            SectionId::Contributing => self.findings(out, &s.contributing),
            SectionId::Detection => {
                let Some(d) = &s.detection else { return };
                if let Some(m) = &d.started {
                    self.moment(out, "Started", m);
                }
                if let Some(m) = &d.detected {
                    self.moment(out, "Detected", m);
                }
                if let Some(o) = &d.outside_first {
                    self.bullet(
                        out,
                        &visible(&format!(
                            "Seen outside first: {} — {} ({}){}",
                            o.event.when,
                            o.event.text.trim(),
                            o.text,
                            cite(&o.event.citations, o.event.press_only)
                        )),
                    );
                }
                if let Some(f) = &d.time_to_detect {
                    self.figures(out, std::slice::from_ref(f));
                }
                if d.started.is_some()
                    || d.detected.is_some()
                    || d.time_to_detect.is_some()
                    || d.outside_first.is_some()
                {
                    out.push('\n');
                }
                if !d.events.is_empty() {
                    self.sub_heading(out, "Detection events");
                    self.events(out, &d.events);
                }
            }
            SectionId::Resolution => {
                let Some(r) = &s.resolution else { return };
                if let Some(m) = &r.mitigated {
                    self.moment(out, "Mitigated", m);
                }
                if let Some(m) = &r.resolved {
                    self.moment(out, "Resolved", m);
                }
                self.figures(out, &r.figures);
                if r.mitigated.is_some() || r.resolved.is_some() || !r.figures.is_empty() {
                    out.push('\n');
                }
                if !r.events.is_empty() {
                    self.sub_heading(out, "Mitigation and recovery");
                    self.events(out, &r.events);
                }
            }
            SectionId::ActionItems => {
                let optional = ActionColumns::of(&s.action_items);
                let mut header = vec!["ID", "Action", "Type", "Owner", "Priority", "Due", "Status"];
                header.extend(optional.header());
                let mut t = table::new_table(&self.fitted(), &header);
                for a in &s.action_items {
                    let text = crate::render::prose::plain(&a.text);
                    let action = match &a.link {
                        Some(l) => format!("{text} ({l})"),
                        None => text,
                    };
                    let mut row = vec![
                        table::text_cell(&a.id),
                        table::text_cell(&format!("{action}{}", cite(&a.citations, a.press_only))),
                        table::text_cell(a.kind.label()),
                        table::text_cell(a.owner.as_deref().unwrap_or("")),
                        table::text_cell(
                            a.priority.map_or("", crate::model::record::Priority::label),
                        ),
                        table::text_cell(a.due.as_deref().unwrap_or("")),
                        table::text_cell(a.status.label()),
                    ];
                    row.extend(optional.cells(a).iter().enumerate().map(|(i, c)| {
                        if optional.note_at() == Some(i) {
                            table::text_cell(&crate::render::prose::plain(c))
                        } else {
                            table::text_cell(c)
                        }
                    }));
                    t.add_row(row);
                }
                out.push_str(&table::render(&t));
                out.push('\n');
            }
            SectionId::Lessons => {
                let Some(l) = &s.lessons else { return };
                for (title, list) in l.parts() {
                    self.sub_heading(out, title);
                    self.findings(out, list);
                }
            }
            SectionId::Timeline => {
                if s.timeline_section.is_none() {
                    return;
                }
                out.push_str(&timeline_view::table(&s.timeline, &self.fitted()));
                out.push('\n');
            }
            SectionId::Aftermath => {
                self.paragraph(out, "After the resolution:");
                self.events(out, &s.aftermath);
            }
            SectionId::Sources => {
                for src in &s.sources {
                    let mut line = format!("[{}] {} — {}", src.number, src.id, src.title_text());
                    let _ = write!(line, " ({}", src.kind_text());
                    if let Some(p) = &src.published {
                        let _ = write!(line, ", {p}");
                    }
                    line.push(')');
                    if let Some(u) = &src.url {
                        let _ = write!(line, " {u}");
                    }
                    if let Some(n) = &src.note {
                        let _ = write!(line, " — {n}");
                    }
                    self.bullet(out, &visible(&line));
                }
                out.push('\n');
            }
        }
    }

    fn impact(&self, out: &mut String, s: &Summary) {
        let Some(imp) = &s.impact else { return };
        let fitted = self.fitted();
        out.push_str(&impact_view::table(
            &s.report,
            &crate::derive::impact::Options::default(),
            &s.zone,
            &fitted,
        ));
        for n in &imp.notes {
            out.push_str(&wrap(n, self.width, "", ""));
        }
        out.push('\n');
        if let Some(layout) = &s.chart {
            out.push_str(&chart::terminal(layout, &fitted));
            out.push('\n');
        }
        self.sub_heading(out, "Figures");
        self.figures(out, &imp.figures);
        if let Some((label, value, definition)) = facts_view::weighted_figure(&s.facts) {
            self.bullet(out, &format!("{label}: {value} — {definition}"));
        }
        out.push('\n');
        if !s.facts.disputed.is_empty() {
            self.paragraph(out, facts_view::CHOSEN_NOTE);
        }
        self.blocks(out, &facts_view::impact(&s.facts));
    }

    /// The style with the width the text is wrapped at, so tables and text line up.
    fn fitted(&self) -> Style {
        Style {
            width: Some(u16::try_from(self.width).unwrap_or(u16::MAX)),
            ..*self.style
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_between_words_with_a_hanging_indent() {
        assert_eq!(
            wrap("one two three four", 9, "- ", "  "),
            "- one two\n  three\n  four\n"
        );
        // A word longer than the line is not cut.
        assert_eq!(wrap("abcdefghijk x", 5, "", ""), "abcdefghijk\nx\n");
        // Wide characters count two columns.
        assert_eq!(wrap("澳門 銀河", 5, "", ""), "澳門\n銀河\n");
        assert_eq!(wrap("", 10, "- ", ""), "-\n");
    }
}
