//! The postmortem summary as one self-contained HTML page: inline CSS (with a print
//! layout), no scripts, nothing fetched — only links to the sources. The same sections as
//! the Markdown, plus the impact chart as inline SVG ([`super::svg`]). Every record text is
//! escaped with [`html::escape`].

use std::fmt::Write as _;

use super::facts::{self as facts_view, Block, DISPUTED_MARK, Item};
use super::html::{escape, escape_lines};
use super::prose;
use super::summary_sections::{self as sections, ActionColumns};
use super::svg;
use crate::derive::impact as impact_model;
use crate::derive::summary::{
    Citation, Cited, EventEntry, FigureEntry, MomentEntry, SectionId, Summary,
};
use crate::model::record::IncidentKind;
use crate::model::time::{When, when_text};

const CSS: &str = r#"
:root { color-scheme: light; --ink: #18181b; --muted: #52525b; --rule: #e4e4e7; --accent: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK TC",
    "PingFang TC", "Microsoft JhengHei", sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.8rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.5rem; }
a { color: var(--accent); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0 0 1rem;
  padding: 0.8rem 1rem; background: #f4f4f5; border-radius: 6px; }
dl.meta dt { font-weight: 600; color: var(--muted); }
dl.meta dd { margin: 0; }
.sev { display: inline-block; padding: 0 0.45rem; border-radius: 4px; background: #b91c1c; color: #fff; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0 1rem; font-size: 0.88rem; }
th, td { border: 1px solid var(--rule); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f5; }
tr.important td { font-weight: 600; }
td.nowrap, th.nowrap { white-space: nowrap; }
.cite { font-size: 0.8em; vertical-align: super; line-height: 0; white-space: nowrap; }
table.timeline td:nth-child(-n+3), table.actions td:nth-child(n+3) { white-space: nowrap; width: 1%; }
.cite a { text-decoration: none; }
.press { font-size: 0.8em; color: #9a3412; }
.disputed { font-size: 0.8em; color: #9a3412; font-weight: 600; }
.detail { color: var(--muted); margin-top: 0.15rem; }
.notes { color: var(--muted); font-size: 0.88rem; }
ul.findings li, ul.events li { margin: 0.35rem 0; }
figure.chart { margin: 0.5rem 0 1rem; }
figure.chart svg { width: 100%; height: auto; display: block; }
figure.chart figcaption { color: var(--muted); font-size: 0.88rem; }
ul.keys { columns: 2; column-gap: 2rem; font-size: 0.85rem; color: var(--muted); list-style: none; padding-left: 0; }
ul.keys li { break-inside: avoid; margin: 0.15rem 0; }
b.key { display: inline-block; min-width: 1.1rem; padding: 0 0.2rem; border-radius: 0.6rem; background: var(--accent);
  color: #fff; text-align: center; font-size: 0.75rem; }
.nowrap { white-space: nowrap; }
.url { word-break: break-all; }
p.draft { margin: 0 0 1rem; padding: 0.6rem 1rem; border-left: 4px solid #b45309; background: #fffbeb; color: #78350f; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table, figure.chart, tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  dl.meta { background: none; border: 1px solid var(--rule); }
}
@page { margin: 15mm; }
"#;

/// ` [1] [3] (press)`: citations as links to their sources, with a leading space.
pub fn cite(cs: &[Citation], press_only: bool) -> String {
    let mut out = String::new();
    if !cs.is_empty() {
        let links: Vec<String> = cs
            .iter()
            .map(|c| {
                let href = c
                    .href
                    .clone()
                    .unwrap_or_else(|| format!("#source-{}", c.number));
                let link = format!(
                    "<a href=\"{}\" title=\"{}\">[{}]</a>",
                    escape(&href),
                    escape(&c.id),
                    c.number
                );
                // A grade that differs from the source's kind stands beside its citation.
                match c.grade {
                    Some(g) => format!(
                        "{link} <span class=\"grade\">({})</span>",
                        escape(g.label())
                    ),
                    None => link,
                }
            })
            .collect();
        let _ = write!(out, " <span class=\"cite\">{}</span>", links.join(" "));
    }
    if press_only {
        out.push_str(" <span class=\"press\">(press)</span>");
    }
    out
}

fn findings(o: &mut String, list: &[Cited]) {
    o.push_str("<ul class=\"findings\">\n");
    for f in list {
        let _ = write!(
            o,
            "<li>{}{}",
            prose::html_inline(&f.text),
            cite(&f.citations, f.press_only)
        );
        if let Some(d) = &f.detail {
            let _ = write!(o, "<div class=\"detail\">{}</div>", prose::html_inline(d));
        }
        o.push_str("</li>\n");
    }
    o.push_str("</ul>\n");
}

fn events(o: &mut String, list: &[EventEntry]) {
    o.push_str("<ul class=\"events\">\n");
    for e in list {
        let actor = e
            .actor
            .as_deref()
            .map(|a| format!(" ({})", escape(a.trim())))
            .unwrap_or_default();
        let body = format!("{}{actor}", escape_lines(&e.facts.text_with(&e.text)));
        let body = if e.important {
            format!("<strong>{body}</strong>")
        } else {
            body
        };
        let _ = writeln!(
            o,
            "<li><time>{}</time>{} — {body}{}</li>",
            escape(&e.when),
            disputed_mark(e.disputed),
            cite(&e.citations, e.press_only)
        );
    }
    o.push_str("</ul>\n");
}

fn disputed_mark(disputed: bool) -> String {
    if disputed {
        format!(" <span class=\"disputed\">{DISPUTED_MARK}</span>")
    } else {
        String::new()
    }
}

/// Facts blocks: an optional `<h3>` and lead paragraph, then the items as nested lists.
fn blocks(o: &mut String, list: &[Block]) {
    for b in list {
        if let Some(h) = b.heading {
            let _ = writeln!(o, "<h3>{}</h3>", escape(h));
        }
        if let Some(l) = &b.lead {
            let _ = writeln!(o, "<p class=\"notes\">{}</p>", escape_lines(l));
        }
        items(o, &b.items);
    }
}

fn items(o: &mut String, list: &[Item]) {
    if list.is_empty() {
        return;
    }
    o.push_str("<ul class=\"findings\">\n");
    for i in list {
        let _ = write!(
            o,
            "<li>{}{}",
            escape_lines(i.text.trim()),
            cite(&i.citations, i.press_only)
        );
        items(o, &i.under);
        o.push_str("</li>\n");
    }
    o.push_str("</ul>\n");
}

fn moment(label: &str, m: &MomentEntry) -> String {
    let note = m
        .note
        .as_deref()
        .map(|n| format!(" — {}", escape_lines(n)))
        .unwrap_or_default();
    let observed = m
        .observed_by
        .as_deref()
        .map(|o| format!(" (observed by {})", escape(o)))
        .unwrap_or_default();
    format!(
        "<li><strong>{label}</strong>: <time>{}</time>{}{observed}{note}{}</li>\n",
        escape(&m.when),
        disputed_mark(m.disputed),
        cite(&m.citations, m.press_only)
    )
}

fn figure_items(figures: &[FigureEntry]) -> String {
    figures
        .iter()
        .map(|f| {
            format!(
                "<li><strong>{}</strong>: {} — <span class=\"notes\">{}</span></li>\n",
                escape(f.figure.label),
                escape(&f.value),
                escape(f.key.definition())
            )
        })
        .collect()
}

fn table(o: &mut String, class: &str, header: &[&str], rows: &[(bool, Vec<String>)]) {
    let _ = writeln!(o, "<table class=\"{class}\">\n<thead><tr>");
    for h in header {
        let _ = write!(o, "<th>{}</th>", escape(h));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for (important, cells) in rows {
        o.push_str(if *important {
            "<tr class=\"important\">"
        } else {
            "<tr>"
        });
        for c in cells {
            let _ = write!(o, "<td>{c}</td>");
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
}

fn meta(o: &mut String, s: &Summary) {
    let m = &s.meta;
    o.push_str("<dl class=\"meta\">\n");
    let mut item = |k: &str, v: String| {
        let _ = writeln!(o, "<dt>{k}</dt><dd>{v}</dd>");
    };
    if let Some(d) = &m.date {
        item("Date", escape(d));
    }
    if !m.authors.is_empty() {
        item(
            "Authors",
            m.authors
                .iter()
                .map(|a| escape(a))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    item("Status", escape(m.status.label()));
    item(
        "Severity",
        if m.severity_label.is_empty() {
            format!("<span class=\"sev\">{}</span>", escape(&m.severity))
        } else {
            format!(
                "<span class=\"sev\">{}</span> {}",
                escape(&m.severity),
                escape(&m.severity_label)
            )
        },
    );
    for (k, v, cs, press) in facts_view::meta(&s.facts) {
        item(k, format!("{}{}", escape_lines(&v), cite(&cs, press)));
    }
    if m.kind != IncidentKind::Real {
        item("Kind", escape(m.kind.label()));
    }
    if let Some(org) = &m.organisation {
        item("Organisation", escape(org));
    }
    if let Some(place) = m.place() {
        item("Region", escape(&place));
    }
    if let Some(site) = &m.site {
        item("Site", escape_lines(site));
    }
    item("Incident", format!("<code>{}</code>", escape(&s.id)));
    if !m.tags.is_empty() {
        let tags: Vec<String> = m.tags.iter().map(|t| escape(t)).collect();
        item("Tags", tags.join(", "));
    }
    for f in &m.fields {
        item(&escape(&f.name), escape_lines(&f.text));
    }
    item("Times in", escape(&s.zone_label));
    let basis = s.as_of.basis.label();
    item(
        "Figures as of",
        match (&s.as_of.at, &s.as_of.when) {
            (Some(at), Some(when)) => format!(
                "<time datetime=\"{}\">{}</time> ({basis})",
                escape(at),
                escape(when)
            ),
            _ => escape(basis),
        },
    );
    o.push_str("</dl>\n");
}

/// The whole page.
pub fn render(s: &Summary) -> String {
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">\n",
    );
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(o, "<title>{}</title>", escape(&s.title));
    let _ = writeln!(o, "<style>{CSS}</style>\n</head>\n<body>\n<main>");
    let _ = writeln!(o, "<h1>{}</h1>", escape_lines(&s.title));
    o.push_str(&crate::render::review::banner_html(&s.review));
    meta(&mut o, s);
    for sec in &s.sections {
        let _ = writeln!(
            o,
            "<section id=\"{}\">\n<h2>{}</h2>",
            sec.id.anchor(),
            escape(sec.title)
        );
        section(&mut o, s, sec.id);
        o.push_str("</section>\n");
    }
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

fn section(o: &mut String, s: &Summary, id: SectionId) {
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
                // The citations go inside the paragraph's last block, after its text.
                let mut body = prose::html_block(p);
                match body.strip_suffix("</p>") {
                    Some(open) => body = format!("{open}{cited}</p>"),
                    None => body.push_str(&cited),
                }
                let _ = writeln!(o, "{body}");
            }
        }
        SectionId::Impact => impact(o, s),
        SectionId::DataLoss
        | SectionId::StatedFigures
        | SectionId::DisputedFacts
        | SectionId::References => blocks(o, &facts_view::section(s, id)),
        SectionId::RootCauses => {
            sections::root_cause_status_html(o, s);
            if !s.root_causes.is_empty() {
                findings(o, &s.root_causes);
            }
        }
        SectionId::Trigger => findings(o, &s.trigger),
        SectionId::Contributing => findings(o, &s.contributing),
        SectionId::CauseChain => {
            if let Some(c) = &s.cause_chain {
                sections::chain_html(o, c);
            }
        }
        SectionId::Communication => {
            if let Some(c) = &s.communication {
                sections::communication_html(o, c);
            }
        }
        SectionId::Responders => {
            if let Some(r) = &s.responders {
                sections::responders_html(o, r);
            }
        }
        SectionId::Detection => {
            let Some(d) = &s.detection else { return };
            let mut items = String::new();
            if let Some(m) = &d.started {
                items.push_str(&moment("Started", m));
            }
            if let Some(m) = &d.detected {
                items.push_str(&moment("Detected", m));
            }
            if let Some(f) = &d.outside_first {
                items.push_str(&sections::outside_first_html(f));
            }
            if let Some(f) = &d.time_to_detect {
                items.push_str(&figure_items(std::slice::from_ref(f)));
            }
            if !items.is_empty() {
                let _ = writeln!(o, "<ul>\n{items}</ul>");
            }
            if !d.events.is_empty() {
                o.push_str("<h3>Detection events</h3>\n");
                events(o, &d.events);
            }
        }
        SectionId::Resolution => {
            let Some(r) = &s.resolution else { return };
            let mut items = String::new();
            if let Some(m) = &r.mitigated {
                items.push_str(&moment("Mitigated", m));
            }
            if let Some(m) = &r.resolved {
                items.push_str(&moment("Resolved", m));
            }
            items.push_str(&figure_items(&r.figures));
            if !items.is_empty() {
                let _ = writeln!(o, "<ul>\n{items}</ul>");
            }
            if !r.events.is_empty() {
                o.push_str("<h3>Mitigation and recovery</h3>\n");
                events(o, &r.events);
            }
        }
        SectionId::ActionItems => {
            let optional = ActionColumns::of(&s.action_items);
            let rows: Vec<(bool, Vec<String>)> = s
                .action_items
                .iter()
                .map(|a| {
                    let link = match (&a.href, &a.link) {
                        (Some(h), Some(l)) => {
                            format!("<a class=\"url\" href=\"{}\">{}</a>", escape(h), escape(l))
                        }
                        (None, Some(l)) => escape_lines(l),
                        _ => String::new(),
                    };
                    let mut cells = vec![
                        escape(&a.id),
                        format!(
                            "{}{}",
                            prose::html_inline(&a.text),
                            cite(&a.citations, a.press_only)
                        ),
                        escape(a.kind.label()),
                        escape(a.owner.as_deref().unwrap_or("")),
                        escape(a.priority.map_or("", crate::model::record::Priority::label)),
                        escape(a.due.as_deref().unwrap_or("")),
                        escape(a.status.label()),
                    ];
                    cells.extend(optional.cells(a).iter().enumerate().map(|(i, c)| {
                        if optional.note_at() == Some(i) {
                            prose::html_inline(c)
                        } else {
                            escape_lines(c)
                        }
                    }));
                    cells.push(link);
                    (false, cells)
                })
                .collect();
            let mut header = vec!["ID", "Action", "Type", "Owner", "Priority", "Due", "Status"];
            header.extend(optional.header());
            header.push("Link");
            table(o, "actions", &header, &rows);
        }
        SectionId::Lessons => {
            let Some(l) = &s.lessons else { return };
            for (title, list) in l.parts() {
                let _ = writeln!(o, "<h3>{}</h3>", escape(title));
                findings(o, list);
            }
        }
        SectionId::Timeline => {
            let Some(t) = &s.timeline_section else { return };
            let _ = writeln!(o, "<p class=\"notes\">{}</p>", escape_lines(&t.caption));
            let rows: Vec<(bool, Vec<String>)> = s
                .timeline
                .rows
                .iter()
                .map(|r| {
                    let sources: Vec<String> = r
                        .sources
                        .iter()
                        .map(|id| match s.citation(id) {
                            Some(c) => {
                                let link = format!(
                                    "<a href=\"#source-{}\">{}</a>",
                                    c.number,
                                    escape(&c.id)
                                );
                                match c.grade {
                                    Some(g) => format!("{link} ({})", escape(g.label())),
                                    None => link,
                                }
                            }
                            None => escape(id),
                        })
                        .collect();
                    let mut src = sources.join(", ");
                    if r.press_only {
                        src.push_str(" <span class=\"press\">(press)</span>");
                    }
                    (
                        r.important,
                        vec![
                            format!(
                                "<span class=\"nowrap\">{}</span>",
                                escape(&r.time_shown(true))
                            ),
                            escape(&r.elapsed_text()),
                            escape(&r.kind_text()),
                            escape_lines(&r.shown_text()),
                            src,
                        ],
                    )
                })
                .collect();
            table(
                o,
                "timeline",
                &["When", "Elapsed", "Kind", "Event", "Sources"],
                &rows,
            );
            if let Some(k) = super::timeline::key(&s.timeline, super::timeline::KeyFor::Document) {
                let _ = writeln!(o, "<p class=\"notes\">{}</p>", escape(&k));
            }
        }
        SectionId::Aftermath => {
            o.push_str("<p>After the resolution:</p>\n");
            events(o, &s.aftermath);
        }
        SectionId::Sources => {
            let _ = writeln!(
                o,
                "<table class=\"sources\">\n<thead><tr><th>#</th><th>ID</th><th>Title</th>\
                 <th>Kind</th><th>Published</th><th>URL</th><th>Note</th></tr></thead>\n<tbody>"
            );
            for src in &s.sources {
                let url = match (&src.href, &src.url) {
                    (Some(h), Some(u)) => {
                        format!("<a class=\"url\" href=\"{}\">{}</a>", escape(h), escape(u))
                    }
                    (None, Some(u)) => format!("<span class=\"url\">{}</span>", escape(u)),
                    _ => String::new(),
                };
                let _ = writeln!(
                    o,
                    "<tr id=\"source-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
                     <td class=\"nowrap\">{}</td><td>{url}</td><td>{}</td></tr>",
                    src.number,
                    src.number,
                    escape(&src.id),
                    escape_lines(&src.title_text()),
                    escape(&src.kind_text()),
                    escape(src.published.as_deref().unwrap_or("")),
                    escape_lines(src.note.as_deref().unwrap_or(""))
                );
            }
            o.push_str("</tbody>\n</table>\n");
        }
    }
}

fn impact(o: &mut String, s: &Summary) {
    let Some(imp) = &s.impact else { return };
    if let Some(layout) = &s.chart {
        o.push_str("<figure class=\"chart\">\n");
        o.push_str(&svg::chart(layout));
        let quiet = if layout.segments.len() > 1 {
            " ≈ marks a quiet stretch left out of the axis: nothing in the record falls in it."
        } else {
            ""
        };
        let _ = writeln!(
            o,
            "<figcaption>Impact of each service and customer on one time axis, in {}.{}{quiet}</figcaption>",
            escape(&s.zone_label),
            if layout.marks().unknown_end {
                " Bars with an unknown end fade out to the chart's end, the last time the record \
                 gives: no source gives the end."
            } else {
                ""
            }
        );
        if !layout.markers.is_empty() {
            o.push_str("<ul class=\"keys\">\n");
            for m in &layout.markers {
                let text = s
                    .timeline
                    .rows
                    .iter()
                    .find(|r| r.id == m.id)
                    .map_or_else(|| m.id.clone(), |r| r.text.clone());
                let when = match m.when {
                    When::At(_) => m.at.format("%m-%d %H:%M").to_string(),
                    When::About(_) => format!("~{}", m.at.format("%m-%d %H:%M")),
                    other => when_text(other, &s.zone, true),
                };
                let _ = writeln!(
                    o,
                    "<li><b class=\"key\">{}</b> <time>{}</time> {}</li>",
                    escape(&m.key.to_string()),
                    escape(&when),
                    escape_lines(&text)
                );
            }
            o.push_str("</ul>\n");
        }
        o.push_str("</figure>\n");
    }
    let with_date = impact_model::needs_date(&s.report, &s.zone);
    let rows: Vec<(bool, Vec<String>)> = s
        .report
        .targets
        .iter()
        .map(|t| {
            let cells = impact_model::target_cells(t, &s.zone, with_date);
            (
                false,
                cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        if (3..=5).contains(&i) {
                            format!("<span class=\"nowrap\">{}</span>", escape(c))
                        } else {
                            escape_lines(c)
                        }
                    })
                    .collect(),
            )
        })
        .collect();
    table(o, "impact", &impact_model::HEADER, &rows);
    for n in &imp.notes {
        let _ = writeln!(o, "<p class=\"notes\">{}</p>", escape_lines(n));
    }
    o.push_str("<h3>Figures</h3>\n<ul class=\"figures\">\n");
    o.push_str(&figure_items(&imp.figures));
    if let Some((label, value, definition)) = facts_view::weighted_figure(&s.facts) {
        let _ = writeln!(
            o,
            "<li><strong>{}</strong>: {} — <span class=\"notes\">{}</span></li>",
            escape(label),
            escape(&value),
            escape(definition)
        );
    }
    o.push_str("</ul>\n");
    if !s.facts.disputed.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"notes\">{}</p>",
            escape(facts_view::CHOSEN_NOTE)
        );
    }
    blocks(o, &facts_view::impact(&s.facts));
}
