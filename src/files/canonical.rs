//! The one canonical layout of a record file, used by every writer and by `fmt`.
//!
//! It is `ron`'s pretty layout (four-space indent, `Some` left out, one field per line) with
//! one change: a list holding only short scalars (`sources: ["a", "b"]`) stays on one line,
//! so that records stay short enough to read and appended events diff as added lines only.

use ron::ser::PrettyConfig;

use crate::files::load::ron_options;
use crate::model::record::Incident;

/// One level of indentation in the canonical layout.
pub const INDENT: &str = "    ";

/// Lines longer than this are not produced by joining short lists.
const MAX_JOINED_WIDTH: usize = 100;

/// Serialises a record in the canonical layout, ending with a newline.
pub fn to_canonical(inc: &Incident) -> Result<String, ron::Error> {
    let config = PrettyConfig::new()
        .new_line("\n")
        .indentor(INDENT)
        .struct_names(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let pretty = ron_options().to_string_pretty(inc, config)?;
    let mut out = join_short_lists(&unescape_single_quotes(&pretty));
    out.push('\n');
    Ok(out)
}

/// `ron` escapes `'` inside strings as `\'`; RON reads a plain `'` there just as well, and
/// people write "don't", not "don\'t".
fn unescape_single_quotes(text: &str) -> String {
    if !text.contains("\\'") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (in_string, c) {
            (false, '"') => in_string = true,
            (true, '"') => in_string = false,
            (true, '\\') => {
                match chars.next() {
                    Some('\'') => out.push('\''),
                    Some(next) => {
                        out.push('\\');
                        out.push(next);
                    }
                    None => out.push('\\'),
                }
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Joins `[`, scalar lines, `]` (and `{`, `"key": "value"` lines, `}`) into one line where
/// the result is short enough.
fn join_short_lists(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // One string grown in place: a large record has tens of thousands of lines.
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < lines.len() {
        if i > 0 {
            out.push('\n');
        }
        let line = lines[i];
        if (line.ends_with('[') || line.ends_with('{'))
            && let Some((items, end)) = scalar_items(&lines, i + 1)
        {
            let closing = lines[end].trim_start();
            let joined = format!("{}{}{}", line, items.join(", "), closing);
            if joined.chars().count() <= MAX_JOINED_WIDTH {
                out.push_str(&joined);
                i = end + 1;
                continue;
            }
        }
        out.push_str(line);
        i += 1;
    }
    out
}

/// The scalar items of a list opened on the line before `start`, and the index of its
/// closing line; `None` if any item is not a plain string or word.
fn scalar_items<'a>(lines: &[&'a str], start: usize) -> Option<(Vec<&'a str>, usize)> {
    let mut items = Vec::new();
    for (k, line) in lines.iter().enumerate().skip(start) {
        let t = line.trim_start();
        if matches!(t, "]" | "]," | "}" | "},") {
            return Some((items, k));
        }
        let item = t.strip_suffix(',')?;
        let is_scalar = |x: &str| {
            let is_string = x.len() >= 2 && x.starts_with('"') && x.ends_with('"');
            let is_word = !x.is_empty() && x.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            is_string || is_word
        };
        let simple = match item.split_once("\": ") {
            // A map entry `"key": "value"`: both sides plain strings.
            Some((key, value)) => is_scalar(&format!("{key}\"")) && is_scalar(value),
            None => is_scalar(item),
        };
        if !simple {
            return None;
        }
        items.push(item);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lists_join_long_ones_do_not() {
        let text = "(\n    a: [\n        \"x\",\n        \"y\",\n    ],\n    b: [\n        (\n            c: 1,\n        ),\n    ],\n)";
        let joined = join_short_lists(text);
        assert!(joined.contains("    a: [\"x\", \"y\"],"), "{joined}");
        assert!(joined.contains("    b: [\n        (\n"), "{joined}");
    }

    #[test]
    fn maps_join_and_quotes_unescape() {
        let text =
            "(\n    n: {\n        \"zh-Hant\": \"澳門\",\n    },\n    s: \"it\\'s \\\\\\' x\",\n)";
        let out = join_short_lists(&unescape_single_quotes(text));
        assert!(out.contains("    n: {\"zh-Hant\": \"澳門\"},"), "{out}");
        assert!(out.contains(r#"s: "it's \\' x""#), "{out}");
    }
}
