//! Safe Markdown: record text escaped so that it stays text (CommonMark with GitHub tables),
//! whatever it holds — `|`, `*`, `<script>`, backticks, newlines.

/// Escapes text for use in a Markdown paragraph, list item or table cell: inline syntax
/// characters (`\\ ` * _ [ ] | ~`) are backslash-escaped, `<` `>` `&` become entities, line
/// breaks become `<br>`, and a leading block marker (`#`, `-`, `+`, `=`, `1.`) is escaped
/// so it cannot start a heading or list. Control characters are made visible.
pub fn inline(s: &str) -> String {
    let s = crate::model::text::visible(&s.replace("\r\n", "\n"));
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            d if at_start && d.is_ascii_digit() => {
                // `1.` or `1)` at the start would begin an ordered list.
                out.push(d);
                while let Some(&n) = chars.peek() {
                    if !n.is_ascii_digit() {
                        break;
                    }
                    out.push(n);
                    chars.next();
                }
                // Only when a space, tab or the end follows: `1.58 h` is no list item.
                let mut ahead = chars.clone();
                if let Some(p @ ('.' | ')')) = ahead.next()
                    && matches!(ahead.next(), None | Some(' ' | '\t'))
                {
                    out.push('\\');
                    out.push(p);
                    chars.next();
                }
            }
            c => out.push(c),
        }
        at_start = false;
    }
    out
}

/// Escapes text for a GitHub table cell: as [`inline`], which already escapes `|` and turns
/// newlines into `<br>`, so a cell can never split a row or end the table.
pub fn cell(s: &str) -> String {
    let e = inline(s);
    if e.is_empty() { " ".to_string() } else { e }
}

/// A GitHub table from a header and rows of already-escaped cells.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!(
        "|{}|\n",
        header.iter().map(|_| " --- ").collect::<Vec<_>>().join("|")
    ));
    for r in rows {
        out.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_stays_text() {
        assert_eq!(inline("a|b"), "a\\|b");
        assert_eq!(inline("<script>"), "&lt;script&gt;");
        assert_eq!(inline("x\ny"), "x<br>y");
        assert_eq!(inline("*bold* `code`"), "\\*bold\\* \\`code\\`");
        assert_eq!(inline("澳門日報"), "澳門日報");
        assert_eq!(inline("- not a list"), "\\- not a list");
        assert_eq!(inline("2022. Year"), "2022\\. Year");
        assert_eq!(inline("3)"), "3\\)");
        // A number that goes on is not a list marker: nothing to escape.
        assert_eq!(inline("1.58 h"), "1.58 h");
        assert_eq!(inline("2.5"), "2.5");
        assert_eq!(inline("a - b. c"), "a - b. c");
    }
}
