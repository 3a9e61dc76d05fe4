//! The review checklist (`incident check --ready`) for a terminal, and the "Draft — not
//! reviewed" banner the Markdown and HTML documents carry until the checklist passes.

use crate::derive::readiness::Review;
use crate::render::Style;

/// The heading of the banner on a document whose review does not pass yet.
pub const DRAFT: &str = "Draft — not reviewed";

/// The checklist of one record: a heading line, one line per item with ✓ or ✗ and what was
/// found, and under each ✗ the commands that fix it. Without Unicode, `ok` and `NO` stand
/// for the marks.
pub fn checklist(r: &Review, style: &Style) -> String {
    let (yes, no) = if style.unicode {
        ("✓", "✗")
    } else {
        ("ok", "NO")
    };
    let failing = r.failing().count();
    let verdict = if r.ready {
        "ready".to_string()
    } else {
        format!("not ready ({failing} of {} to do)", r.checks.len())
    };
    let mut out = format!("{}: {verdict}\n", r.id);
    for c in &r.checks {
        let mark = if c.ok { yes } else { no };
        out.push_str(&format!("  {mark} {}: {}\n", c.label, c.detail));
        for f in &c.fixes {
            out.push_str(&format!("      fix: {f}\n"));
        }
        if c.item == "cited"
            && let Some(n) = r.press_only
        {
            let facts = if n == 1 { "fact rests" } else { "facts rest" };
            out.push_str(&format!(
                "      {n} {facts} on press alone, shown as (press): every source cited is press reporting\n"
            ));
        }
    }
    // Ids and names come from the record: shown, never obeyed.
    crate::model::text::visible(&out)
}

/// The Markdown banner (a block quote) for a record that is not ready, with a blank line
/// after it; empty when it is ready.
pub fn banner_md(r: &Review) -> String {
    match r.missing() {
        // Ids are safe in a code span: letters, digits, `-`, `_` and `.` only.
        Some(m) => format!(
            "> **{DRAFT}:** {}. Run `incident check --ready {}` for the checklist.\n\n",
            crate::render::markdown::inline(&m),
            r.id
        ),
        None => String::new(),
    }
}

/// The HTML banner for a record that is not ready; empty when it is ready.
pub fn banner_html(r: &Review) -> String {
    use crate::render::html::escape;
    match r.missing() {
        Some(m) => format!(
            "<p class=\"draft\" role=\"note\"><strong>{DRAFT}:</strong> {}. Run <code>incident check --ready {}</code> for the checklist.</p>\n",
            escape(&m),
            escape(&r.id)
        ),
        None => String::new(),
    }
}
