//! Rendering helpers shared by every view. Renderers take what they need — width, colour,
//! zone, "now" — as parameters and write to strings, so output is deterministic in tests.

pub mod chain;
pub mod chart;
pub mod csv;
pub mod diff;
pub mod facts;
pub mod html;
pub mod impact;
pub mod ledger;
pub mod markdown;
pub mod prose;
pub mod reading;
pub mod record_json;
pub mod review;
pub mod site;
pub mod stats;
pub mod summary_html;
pub mod summary_md;
pub mod summary_sections;
pub mod svg;
pub mod table;
pub mod template;
pub mod timeline;

/// How output should look, decided once at the edge (command line) and passed down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// Fit tables to this many columns; `None` lets lines be as long as they need.
    pub width: Option<u16>,
    /// Colour and bold allowed: decided by the caller (`--color`, the terminal, `NO_COLOR`).
    pub color: bool,
    /// Unicode drawing characters allowed (a UTF-8 locale and no `--ascii`).
    pub unicode: bool,
}

impl Style {
    /// Plain output for files, pipes and tests.
    pub const PLAIN: Style = Style {
        width: None,
        color: false,
        unicode: true,
    };
}

/// `value` as pretty JSON with a trailing newline: the one way JSON leaves this tool.
///
/// JSON lets strings hold DEL, the C1 controls, bidirectional overrides, zero-width
/// characters and U+2028/U+2029 raw; a terminal showing the output would obey the controls
/// (`show --format json` could retitle it) and a reader would not see the others. Each is
/// written as a `\uXXXX` escape instead ([`json_escapes`]), which every JSON reader turns
/// back into the same character, so nothing is lost. serde_json already escapes the C0
/// controls, and writes only printable ASCII outside strings, so every character replaced
/// is inside a string.
pub fn pretty_json<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    let raw = serde_json::to_string_pretty(value)?;
    let mut s = if raw.chars().any(json_escapes) {
        let mut out = String::with_capacity(raw.len() + 16);
        for c in raw.chars() {
            if json_escapes(c) {
                // Every such character is in the Basic Multilingual Plane: one escape each.
                out.push_str(&format!("\\u{:04x}", c as u32));
            } else {
                out.push(c);
            }
        }
        out
    } else {
        raw
    };
    s.push('\n');
    Ok(s)
}

/// True for the characters [`pretty_json`] writes as `\uXXXX`: DEL, the C1 controls, and
/// [`crate::model::text::is_invisible_format`] (zero-width joiners too: an escape loses
/// nothing).
pub fn json_escapes(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}') || crate::model::text::is_invisible_format(c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_has_no_raw_del() {
        let text = super::pretty_json(&["a\u{7f}b", "\u{1b}"]).unwrap();
        assert_eq!(text, "[\n  \"a\\u007fb\",\n  \"\\u001b\"\n]\n");
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, ["a\u{7f}b", "\u{1b}"]);
    }

    #[test]
    fn json_escapes_c1_controls_bidi_and_invisible_characters() {
        let hostile = [
            "osc\u{9d}0;title\u{9c}",
            "csi\u{9b}2J",
            "rlo\u{202e}txt.exe",
            "isolate\u{2066}x\u{2069}",
            "marks\u{200e}\u{200f}\u{61c}",
            "zero\u{200b}width\u{feff}\u{2060}",
            "joined 👩\u{200d}🔧",
            "lines\u{2028}\u{2029}",
            "plain 澳門 é",
        ];
        let text = super::pretty_json(&hostile).unwrap();
        // Nothing but printable ASCII, newlines and the plain non-ASCII text is left raw.
        let raw: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && *c != '\n' || super::json_escapes(*c))
            .collect();
        assert_eq!(raw, Vec::<char>::new(), "{text}");
        for escape in [
            "\\u009d", "\\u009c", "\\u009b", "\\u202e", "\\u2066", "\\u2069", "\\u200e", "\\u200f",
            "\\u061c", "\\u200b", "\\ufeff", "\\u2060", "\\u200d", "\\u2028", "\\u2029",
        ] {
            assert!(text.contains(escape), "{escape} missing in {text}");
        }
        assert!(text.contains("plain 澳門 é"), "{text}");
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, hostile);
    }
}
