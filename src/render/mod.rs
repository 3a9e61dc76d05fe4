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
pub mod reading;
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

/// `value` as pretty JSON with a trailing newline. DEL (U+007F), which JSON allows raw inside
/// strings, is written `\u007f`: the text then holds no control character other than
/// newlines, so nothing is lost when standard output strips escapes (colour off).
pub fn pretty_json<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    let mut s = serde_json::to_string_pretty(value)?;
    // Outside strings serde_json writes only printable ASCII, so every DEL is in a string.
    if s.contains('\u{7f}') {
        s = s.replace('\u{7f}', "\\u007f");
    }
    s.push('\n');
    Ok(s)
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
}
