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
    Cell::new(crate::model::text::visible(s))
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

/// Renders `items` as a table, one row per item, in chunks of `chunk` rows so that a table of
/// tens of thousands of rows never holds all its cells at once. Every chunk uses the same
/// column widths (the widest cell of each column), so the result is the same as one table.
/// Cells are shown on one line. With a width to fit (`style.width`), columns may wrap, so the
/// table is rendered whole.
pub fn render_items<T>(
    style: &Style,
    header: &[&str],
    items: &[T],
    cells: impl Fn(&T) -> Vec<String>,
    chunk: usize,
) -> String {
    let one_line = |c: &str| crate::model::text::one_line(c);
    if style.width.is_some() || items.len() <= chunk {
        let mut t = new_table(style, header);
        for i in items {
            t.add_row(cells(i).iter().map(|c| Cell::new(one_line(c))));
        }
        return render(&t);
    }
    let mut widths: Vec<usize> = header
        .iter()
        .map(|h| crate::model::text::width(h))
        .collect();
    for i in items {
        for (w, c) in widths.iter_mut().zip(cells(i)) {
            *w = (*w).max(crate::model::text::width(&one_line(&c)));
        }
    }
    let constraints: Vec<comfy_table::ColumnConstraint> = widths
        .iter()
        .map(|w| {
            let fixed = u16::try_from(w + 2).unwrap_or(u16::MAX);
            comfy_table::ColumnConstraint::Absolute(comfy_table::Width::Fixed(fixed))
        })
        .collect();
    let parts: Vec<&[T]> = items.chunks(chunk.max(1)).collect();
    let mut out = String::new();
    for (k, part) in parts.iter().enumerate() {
        let mut t = new_table(style, header);
        t.set_constraints(constraints.clone());
        for i in *part {
            t.add_row(cells(i).iter().map(|c| Cell::new(one_line(c))));
        }
        let text = render(&t);
        let lines: Vec<&str> = text.lines().collect();
        // Top border, header and header rule come from the first chunk only; the bottom
        // border from the last only.
        let from = if k == 0 { 0 } else { 3 };
        let to = if k + 1 == parts.len() {
            lines.len()
        } else {
            lines.len().saturating_sub(1)
        };
        for l in lines.get(from..to).unwrap_or(&[]) {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_tables_equal_whole_tables() {
        let rows: Vec<Vec<String>> = vec![
            vec!["a".into(), "澳門日報".into()],
            vec!["longer text".into(), "x".into()],
            vec!["b\nc".into(), "".into()],
            vec!["d".into(), "e|f".into()],
            vec!["\u{1b}[31m".into(), "zz".into()],
        ];
        for unicode in [true, false] {
            let style = Style {
                width: None,
                color: false,
                unicode,
            };
            let whole = render_items(&style, &["One", "Two"], &rows, |r| r.clone(), 100);
            for chunk in [1, 2, 3] {
                let parts = render_items(&style, &["One", "Two"], &rows, |r| r.clone(), chunk);
                assert_eq!(parts, whole, "chunk {chunk}");
            }
        }
    }
}
