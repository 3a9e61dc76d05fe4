//! Safe HTML: record text escaped so it stays text in element content and in attribute
//! values, whatever it holds.

/// Escapes `& < > " '` and makes control characters visible ([`crate::model::text::visible`]), so
/// the result is safe in element content and in quoted attribute values. Newlines are kept.
pub fn escape(s: &str) -> String {
    let s = crate::model::text::visible(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// As [`escape`], with line breaks shown as `<br>` (for paragraphs and table cells).
pub fn escape_lines(s: &str) -> String {
    escape(s.trim()).replace("\r\n", "\n").replace('\n', "<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_stays_text() {
        assert_eq!(
            escape("<script>alert('x' & \"y\")</script>"),
            "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;"
        );
        assert_eq!(escape_lines("a\nb"), "a<br>b");
        assert_eq!(escape("澳門日報"), "澳門日報");
        assert_eq!(escape("\x1b[31m"), "\u{241b}[31m");
    }
}
