//! CSV (RFC 4180): fields quoted when they hold a comma, quote or line break, control
//! characters made visible, and cells a spreadsheet would run as a formula neutralised.

/// One CSV field: the one function every CSV cell goes through.
///
/// Record text is made [`visible`](crate::model::text::visible); a cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return — which spreadsheets take as the start of
/// a formula (`=HYPERLINK(…)`, `-2+3+cmd|…`, `@SUM(…)`) — is led by a single quote `'`, as
/// OWASP recommends for CSV injection, so it is shown as text. Plain numbers (`-21`, `+3`,
/// `-0.5`) are left as they are: a spreadsheet reads them as numbers, digits alone cannot
/// make a formula, and a quote would turn a column of minutes into text that no longer sums.
pub fn field(s: &str) -> String {
    let mut s = crate::model::text::visible(s);
    if starts_like_formula(&s) && !is_plain_number(&s) {
        s.insert(0, '\'');
    }
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// True when a spreadsheet could read `s` as a formula: it starts with `=`, `+`, `-`, `@`,
/// a tab or a carriage return.
fn starts_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// An optional sign, digits, and optionally a point and more digits: `-21`, `+3`, `0.5`.
fn is_plain_number(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// CSV text from a header and rows of raw (unescaped) fields, with CRLF-free `\n` endings.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let line = |cells: Vec<String>| cells.join(",") + "\n";
    out.push_str(&line(header.iter().map(|h| field(h)).collect()));
    for r in rows {
        out.push_str(&line(r.iter().map(|c| field(c)).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("plain"), "plain");
    }

    #[test]
    fn formulas_are_led_by_a_quote() {
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("+cmd"), "'+cmd");
        assert_eq!(field("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
        assert_eq!(field("@SUM(A1:A9)"), "'@SUM(A1:A9)");
        assert_eq!(field("\t=1"), "'\t=1");
        assert_eq!(
            field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        // A carriage return is made visible (␍) before the check, so it cannot lead a
        // formula; the cell is harmless text either way.
        assert_eq!(field("\r=1"), "\u{240d}=1");
        // Not at the start, or plain numbers: data, unchanged.
        assert_eq!(field("a=b"), "a=b");
        assert_eq!(field("-21"), "-21");
        assert_eq!(field("+3"), "+3");
        assert_eq!(field("-0.5"), "-0.5");
        assert_eq!(field("-"), "'-");
        assert_eq!(field("-1e3"), "'-1e3");
        assert_eq!(field("-.5"), "'-.5");
        assert_eq!(field("1."), "1.");
    }
}
