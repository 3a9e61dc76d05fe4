//! Timeline renderers: a terminal table, Markdown, CSV and JSON, all from a built
//! [`Timeline`]. Each returns a `String`; nothing here looks at the terminal.

use super::{Style, markdown as md, table};
use crate::derive::timeline::{Row, Timeline, json_rows};
use crate::model::time::When;
use comfy_table::{Attribute, Cell, ColumnConstraint, Width};

/// The sources cell: `zysicyj-1, cww`, or `scmp-3203983 (press)` when every cited source is
/// press reporting; a graded citation reads `scmp-3203983 (official, quoted)`.
pub fn sources_text(r: &Row) -> String {
    let shown: Vec<String> = r
        .sources
        .iter()
        .map(|c| crate::model::citation::citation_display(c))
        .collect();
    let s = shown.join(", ");
    if r.press_only {
        format!("{s} (press)")
    } else {
        s
    }
}

/// How a timeline's key is worded: after a terminal table (`*` marks an important event) or
/// after a Markdown or HTML table (important events in bold).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyFor {
    Terminal,
    Document,
}

/// The key under a timeline table, naming only the marks its rows carry (an important event,
/// an approximate time, press-only sources); `None` when there are none. Document keys are a
/// sentence ending in a full stop.
pub fn key(tl: &Timeline, form: KeyFor) -> Option<String> {
    let approx = tl.rows.iter().any(|r| matches!(r.at, When::About(_)));
    let parts: Vec<&str> = [
        (
            tl.rows.iter().any(|r| r.important),
            match form {
                KeyFor::Terminal => "* important event",
                KeyFor::Document => "important events are in bold",
            },
        ),
        (approx, "~ an approximate time"),
        (
            tl.rows.iter().any(|r| r.press_only),
            "(press): every source cited is press reporting",
        ),
    ]
    .into_iter()
    .filter_map(|(present, text)| present.then_some(text))
    .collect();
    if parts.is_empty() {
        return None;
    }
    let mut out = parts.join("; ");
    if form == KeyFor::Document {
        if let Some(c) = out.get(..1) {
            out.replace_range(..1, &c.to_uppercase());
        }
        out.push('.');
    }
    Some(out)
}

/// Tables narrower than this many columns put time and elapsed in one cell and the sources
/// under the event text.
pub const COMPACT_BELOW: u16 = 110;

/// Tables at least this wide (or unbounded) give who did each event a column of its own.
pub const BY_COLUMN_FROM: u16 = 160;

/// The terminal table: a caption line, the table fitted to `style.width`, and a key.
/// Important events are marked `*` (and bold when colour is allowed); the date is shown on
/// every row when the timeline spans more than one day.
pub fn table(tl: &Timeline, style: &Style) -> String {
    let with_date = tl.multi_day();
    // Below this width the time and elapsed share a cell, and the sources go under the text,
    // so that the event text keeps room to wrap between words.
    let compact = style.width.is_some_and(|w| w < COMPACT_BELOW);
    // Who did or reported each event: in a column of its own when any event names someone and
    // the table is wide enough; otherwise on a line under the event's text.
    let by = tl.rows.iter().any(|r| r.actor.is_some())
        && style.width.is_none_or(|w| w >= BY_COLUMN_FROM);
    let header: &[&str] = match (compact, by) {
        (true, _) => &["", "When", "Kind", "Event"],
        (false, true) => &["", "When", "Elapsed", "Kind", "Event", "By", "Sources"],
        (false, false) => &["", "When", "Elapsed", "Kind", "Event", "Sources"],
    };
    let mut t = table::new_table(style, header);
    for r in &tl.rows {
        let cell = |s: &str| {
            let c = table::text_cell(s);
            if r.important && style.color {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        };
        let mark = Cell::new(if r.important { "*" } else { "" });
        if compact {
            let when = format!("{}\n{}", r.time_shown(with_date), r.elapsed_text());
            let sources = sources_text(r);
            let mut text = r.shown_text();
            if let Some(a) = &r.actor {
                text.push_str(&format!("\n— {a}"));
            }
            if !sources.is_empty() {
                text.push_str(&format!("\n[{sources}]"));
            }
            t.add_row(vec![
                mark,
                cell(when.trim_end()),
                cell(&r.kind_text()),
                cell(&text),
            ]);
        } else {
            let text = match (&r.actor, by) {
                (Some(a), false) => format!("{}\n— {a}", r.shown_text()),
                _ => r.shown_text(),
            };
            let mut row = vec![
                mark,
                cell(&r.time_shown(with_date)),
                cell(&r.elapsed_text()),
                cell(&r.kind_text()),
                cell(&text),
            ];
            if by {
                row.push(cell(r.actor.as_deref().unwrap_or("")));
            }
            row.push(cell(&sources_text(r)));
            t.add_row(row);
        }
    }
    // Times, elapsed and kind never wrap; the text (and sources) take what is left.
    let fixed = if compact { 3 } else { 4 };
    for i in 0..fixed {
        if let Some(c) = t.column_mut(i) {
            c.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    if !compact && style.width.is_some() {
        // The sources column, and the actor's, are kept narrow so the text has the room.
        let last = if by { 6 } else { 5 };
        for i in (5..=last).rev() {
            if let Some(c) = t.column_mut(i) {
                c.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(24)));
            }
        }
    }
    let mut out = tl.caption();
    out.push('\n');
    out.push_str(&table::render(&t));
    if let Some(k) = key(tl, KeyFor::Terminal) {
        out.push_str(&k);
        out.push('\n');
    }
    out
}

/// The Markdown table alone (GitHub flavour), record text escaped; important events in
/// bold; the date always shown. Reused by the postmortem document.
pub fn markdown_table(tl: &Timeline) -> String {
    let by = tl.rows.iter().any(|r| r.actor.is_some());
    let rows: Vec<Vec<String>> = tl
        .rows
        .iter()
        .map(|r| {
            let strong = |s: String| if r.important { format!("**{s}**") } else { s };
            let mut row = vec![
                md::cell(&r.time_shown(true)),
                md::cell(&r.elapsed_text()),
                md::cell(&r.kind_text()),
                strong(md::cell(&r.shown_text())),
            ];
            if by {
                row.push(md::cell(r.actor.as_deref().unwrap_or("")));
            }
            row.push(md::cell(&sources_text(r)));
            row
        })
        .collect();
    if by {
        md::table(
            &["When", "Elapsed", "Kind", "Event", "By", "Sources"],
            &rows,
        )
    } else {
        md::table(&["When", "Elapsed", "Kind", "Event", "Sources"], &rows)
    }
}

/// Markdown: the caption as a paragraph, then [`markdown_table`].
pub fn markdown(tl: &Timeline) -> String {
    let mut out = format!("{}\n\n{}", md::inline(&tl.caption()), markdown_table(tl));
    if let Some(k) = key(tl, KeyFor::Document) {
        out.push_str(&format!("\n{}\n", md::inline(&k)));
    }
    out
}

/// CSV with a header row; the date is always shown. The columns are the JSON fields, with
/// `earliest` and `latest` last.
pub fn csv(tl: &Timeline) -> String {
    let rows: Vec<Vec<String>> = json_rows(tl)
        .into_iter()
        .map(|e| {
            vec![
                e.id,
                e.at.unwrap_or_default(),
                e.utc.unwrap_or_default(),
                e.date.unwrap_or_default(),
                e.time.unwrap_or_default(),
                e.elapsed_minutes.map(|m| m.to_string()).unwrap_or_default(),
                e.elapsed,
                e.kind.to_string(),
                e.important.to_string(),
                e.precision.to_string(),
                e.text,
                e.actor.unwrap_or_default(),
                e.sources.join(" "),
                e.precursor.to_string(),
                e.press_only.to_string(),
                e.earliest.unwrap_or_default(),
                e.latest.unwrap_or_default(),
            ]
        })
        .collect();
    super::csv::table(
        &[
            "id",
            "at",
            "utc",
            "date",
            "time",
            "elapsed_minutes",
            "elapsed",
            "kind",
            "important",
            "precision",
            "text",
            "actor",
            "sources",
            "precursor",
            "press_only",
            "earliest",
            "latest",
        ],
        &rows,
    )
}

/// JSON: an array of events in chronological order, pretty-printed, with a trailing newline.
pub fn json(tl: &Timeline) -> String {
    super::pretty_json(&json_rows(tl)).unwrap_or_else(|_| "[]\n".to_string())
}
