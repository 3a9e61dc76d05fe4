//! Text helpers shared by the core and the renderers: making control characters visible,
//! slugs for ids, and display widths.

use unicode_width::UnicodeWidthStr;

/// Replaces control characters (terminal escapes, NUL, DEL, C1 controls) with visible
/// stand-ins so record text can never drive the terminal. Newlines and tabs are kept.
pub fn visible(s: &str) -> String {
    if !s.chars().any(is_hostile) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hostile(c) {
            match c as u32 {
                // U+2400 block: ␀ … ␟, and ␡ for DEL.
                n @ 0..=0x1f => out.push(char::from_u32(0x2400 + n).unwrap_or('?')),
                0x7f => out.push('\u{2421}'),
                n => out.push_str(&format!("\\u{{{n:x}}}")),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Visible text on one line: newlines become `⏎ ` so a cell or message stays one line.
pub fn one_line(s: &str) -> String {
    visible(&s.replace("\r\n", "\n").replace('\n', " ⏎ "))
}

fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The text with its first letter in upper case, for headings made of labels: `At risk`.
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Display width in terminal columns (wide CJK characters count two).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// A lower-case ASCII slug of `title` for ids and file names: letters and digits kept,
/// everything else folded into single dashes. Titles with no ASCII letters or digits (`事故`)
/// are spelled as hexadecimal code points so the id stays readable, unique and safe.
pub fn slug(title: &str, max_len: usize) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(&format!("u{:x}", c as u32));
            dash = true;
        } else {
            dash = true;
        }
        if out.len() >= max_len {
            break;
        }
    }
    let mut s: String = out.chars().take(max_len).collect();
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() {
        s.push_str("incident");
    }
    s
}

/// True when `id` is a safe record id: ASCII letters, digits, `-`, `_` and `.`, not starting
/// with a dot, at most 200 bytes. Such an id can never name a path outside its folder.
pub fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible() {
        assert_eq!(visible("a\u{1b}[31mred"), "a\u{241b}[31mred");
        assert_eq!(visible("plain 澳門"), "plain 澳門");
        assert_eq!(one_line("a\nb"), "a ⏎ b");
    }

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slug("Payments DB failover", 60), "payments-db-failover");
        assert_eq!(slug("../../etc/passwd", 60), "etc-passwd");
        assert_eq!(slug("事故", 60), "u4e8b-u6545");
        assert_eq!(slug("", 60), "incident");
        assert!(is_safe_id(&slug("../../etc/passwd", 60)));
        assert!(!is_safe_id("../x"));
        assert!(!is_safe_id(".hidden"));
    }

    #[test]
    fn wide_characters_count_double() {
        assert_eq!(width("澳門"), 4);
        assert_eq!(width("MFood"), 5);
    }
}
