//! The cause chain as a small flow diagram: a Mermaid `flowchart` block for Markdown (GitHub
//! and GitLab draw it) and an inline SVG for HTML. Causes stand in the columns the view model
//! gives them (`derive::chain`), action items in the last column; a solid arrow is "led to",
//! a dashed one "addressed by".

use std::fmt::Write as _;

use super::html::escape;
use crate::derive::chain::ChainSection;
use crate::model::text::{cut_at_word, width};

/// Text for inside a quoted Mermaid label: no quotes, brackets or characters Mermaid reads
/// as syntax; one line.
fn mermaid_label(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' => '\'',
            '<' => '‹',
            '>' => '›',
            '[' | '{' | '(' => '‹',
            ']' | '}' | ')' => '›',
            ';' | '#' | '`' | '|' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The diagram as a fenced Mermaid block, with a caption paragraph before it.
pub fn mermaid(c: &ChainSection) -> String {
    let mut out = String::from(
        "Cause chain: a solid arrow reads \"led to\", a dashed arrow \"addressed by\".\n\n```mermaid\nflowchart LR\n",
    );
    for (i, n) in c.causes.iter().enumerate() {
        let _ = writeln!(
            out,
            "    c{i}[\"{}: {} ({})\"]",
            mermaid_label(&n.id),
            mermaid_label(&cut_at_word(&n.text, 80, "…")),
            n.list_label
        );
    }
    for (i, a) in c.actions.iter().enumerate() {
        let _ = writeln!(
            out,
            "    a{i}([\"{}: {} ({})\"])",
            mermaid_label(&a.id),
            mermaid_label(&cut_at_word(&a.text, 60, "…")),
            a.status
        );
    }
    let index = |id: &str| c.causes.iter().position(|n| n.id == id);
    for (i, n) in c.causes.iter().enumerate() {
        for to in &n.led_to {
            if let Some(j) = index(to) {
                let _ = writeln!(out, "    c{i} --> c{j}");
            }
        }
    }
    for (k, a) in c.actions.iter().enumerate() {
        for cause in &a.addresses {
            if let Some(i) = index(cause) {
                let _ = writeln!(out, "    c{i} -.-> a{k}");
            }
        }
    }
    out.push_str("```\n");
    out
}

const COLUMN: i64 = 250;
const BOX_W: i64 = 210;
const BOX_H: i64 = 64;
const ROW: i64 = 84;
const PAD: i64 = 10;
/// Characters per line in a box, and lines per box.
const LINE_CHARS: usize = 34;
const LINES: usize = 3;

/// The text of a box: its head, then the text wrapped between words into at most
/// [`LINES`] lines in all, the last ending in `…` when words are left over.
fn box_lines(head: &str, text: &str) -> Vec<String> {
    let mut lines = vec![cut_at_word(head, LINE_CHARS, "…")];
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut k = 0;
    while lines.len() < LINES && k < words.len() {
        let mut line = String::new();
        while k < words.len() {
            let next = if line.is_empty() {
                words[k].to_string()
            } else {
                format!("{line} {}", words[k])
            };
            if width(&next) > LINE_CHARS && !line.is_empty() {
                break;
            }
            line = next;
            k += 1;
        }
        if lines.len() + 1 == LINES && k < words.len() {
            line = if width(&line) < LINE_CHARS {
                format!("{line}…")
            } else {
                cut_at_word(&format!("{line} x"), LINE_CHARS, "…")
            };
        }
        // A single word longer than a line is cut.
        lines.push(cut_at_word(&line, LINE_CHARS + 1, "…"));
    }
    lines
}

/// The diagram as an inline SVG with a title and a text equivalent (`<desc>`).
pub fn svg(c: &ChainSection) -> String {
    let width = (c.columns as i64).max(1) * COLUMN - (COLUMN - BOX_W) + 2 * PAD;
    let height = (c.rows() as i64).max(1) * ROW - (ROW - BOX_H) + 2 * PAD;
    let pos = |col: usize, row: usize| (PAD + col as i64 * COLUMN, PAD + row as i64 * ROW);
    let action_col = c.columns.saturating_sub(1);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chain-title chain-desc\" font-family=\"system-ui, sans-serif\" font-size=\"11\">"
    );
    o.push_str("<title id=\"chain-title\">Cause chain</title>\n");
    let mut desc: Vec<String> = Vec::new();
    for n in &c.causes {
        if !n.led_to.is_empty() {
            desc.push(format!("{} led to {}", n.id, n.led_to.join(", ")));
        }
    }
    for a in &c.actions {
        desc.push(format!("{} addresses {}", a.id, a.addresses.join(", ")));
    }
    let _ = writeln!(
        o,
        "<desc id=\"chain-desc\">{}</desc>",
        escape(&desc.join("; "))
    );
    o.push_str(
        "<defs><marker id=\"chain-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#52525b\"/></marker></defs>\n",
    );
    let index = |id: &str| c.causes.iter().position(|n| n.id == id);
    let edge = |o: &mut String, from: (i64, i64), to: (i64, i64), dashed: bool| {
        let (x1, y1) = (from.0 + BOX_W, from.1 + BOX_H / 2);
        let (x2, y2) = (to.0, to.1 + BOX_H / 2);
        let (x1, x2) = if x2 > x1 {
            (x1, x2)
        } else {
            (from.0, to.0 + BOX_W)
        };
        let mid = (x1 + x2) / 2;
        let _ = writeln!(
            o,
            "<path d=\"M {x1} {y1} C {mid} {y1}, {mid} {y2}, {x2} {y2}\" fill=\"none\" stroke=\"#52525b\" stroke-width=\"1.4\"{} marker-end=\"url(#chain-arrow)\"/>",
            if dashed {
                " stroke-dasharray=\"5 4\""
            } else {
                ""
            }
        );
    };
    for n in &c.causes {
        for to in &n.led_to {
            if let Some(j) = index(to) {
                let m = &c.causes[j];
                edge(&mut o, pos(n.column, n.row), pos(m.column, m.row), false);
            }
        }
    }
    for a in &c.actions {
        for cause in &a.addresses {
            if let Some(i) = index(cause) {
                let n = &c.causes[i];
                edge(&mut o, pos(n.column, n.row), pos(action_col, a.row), true);
            }
        }
    }
    let node = |o: &mut String,
                (x, y): (i64, i64),
                fill: &str,
                dashed: bool,
                lines: Vec<String>| {
        let _ = writeln!(
            o,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\" fill=\"{fill}\" stroke=\"#52525b\"{}/>",
            if dashed {
                " stroke-dasharray=\"4 3\""
            } else {
                ""
            }
        );
        for (k, line) in lines.iter().enumerate() {
            let weight = if k == 0 { " font-weight=\"600\"" } else { "" };
            let _ = writeln!(
                o,
                "<text x=\"{}\" y=\"{}\"{weight}>{}</text>",
                x + 8,
                y + 17 + 17 * k as i64,
                escape(line)
            );
        }
    };
    for n in &c.causes {
        let fill = match n.list {
            "trigger" => "#fef3c7",
            "root_causes" => "#fee2e2",
            _ => "#f4f4f5",
        };
        node(
            &mut o,
            pos(n.column, n.row),
            fill,
            false,
            box_lines(&format!("{} ({})", n.id, n.list_label), &n.text),
        );
    }
    for a in &c.actions {
        node(
            &mut o,
            pos(action_col, a.row),
            "#dbeafe",
            true,
            box_lines(&format!("{} ({})", a.id, a.status), &a.text),
        );
    }
    o.push_str("</svg>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_break_out_of_mermaid() {
        assert_eq!(mermaid_label("a \"b\" [c]; #d\n|e"), "a 'b' ‹c› d e");
    }

    #[test]
    fn box_text_is_cut_into_lines_between_words() {
        let lines = box_lines(
            "no-validation (root cause)",
            "Configuration pushes were not validated before they were applied, ever, at all, anywhere.",
        );
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], "no-validation (root cause)");
        assert_eq!(lines[1], "Configuration pushes were not");
        assert!(lines[2].ends_with('…'), "{lines:?}");
    }
}
