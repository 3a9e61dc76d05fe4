//! Terminal tables on comfy-table: fitted to a width, wide characters aligned, control
//! characters made visible, and colour only when the [`Style`] allows it.

use comfy_table::{Attribute, Cell, ContentArrangement, Table, presets};

use super::Style;

/// A table in the house style: UTF-8 box drawing (or ASCII), header row, fitted to the width.
pub fn new_table(style: &Style, header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(if style.unicode {
        presets::UTF8_FULL_CONDENSED
    } else {
        presets::ASCII_FULL_CONDENSED
    });
    if let Some(w) = style.width {
        t.set_width(w);
        t.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        t.set_content_arrangement(ContentArrangement::Disabled);
    }
    // comfy-table would otherwise look at the terminal itself; the caller has decided.
    if !style.color {
        t.force_no_tty();
    } else {
        t.enforce_styling();
    }
    t.set_header(header.iter().map(|h| {
        let c = Cell::new(*h);
        if style.color {
            c.add_attribute(Attribute::Bold)
        } else {
            c
        }
    }));
    t
}

/// A cell holding record text, with control characters made visible.
pub fn text_cell(s: &str) -> Cell {
    Cell::new(crate::text::visible(s))
}

/// A cell made to stand out (bold) when colour is allowed.
pub fn strong_cell(s: &str, style: &Style) -> Cell {
    let c = text_cell(s);
    if style.color {
        c.add_attribute(Attribute::Bold)
    } else {
        c
    }
}

/// Renders a table as text with a trailing newline and no trailing spaces.
pub fn render(t: &Table) -> String {
    let mut out = String::new();
    for line in t.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
