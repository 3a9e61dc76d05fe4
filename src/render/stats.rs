//! The figures across incidents as terminal tables and Markdown.

use crate::derive::stats::{By, GroupStats, Scope, Unit, coverage, definitions};
use crate::model::text::capitalized;
use crate::model::time::minutes_text;
use crate::render::{Style, markdown, table};

fn value_text(v: Option<i64>, unit: Unit) -> String {
    match (v, unit) {
        (None, _) => "–".to_string(),
        (Some(m), Unit::Duration) => minutes_text(Some(m), false),
        (Some(m), Unit::Hours) => hours(m),
        (Some(n), Unit::Count) => n.to_string(),
    }
}

/// Minutes as hours with one decimal: `90` → `1.5`.
pub fn hours(minutes: i64) -> String {
    // Rounded half away from zero on tenths of an hour (6 minutes), in integers.
    let tenths = (minutes * 10 + if minutes >= 0 { 30 } else { -30 }) / 60;
    format!(
        "{}{}.{}",
        if tenths < 0 { "-" } else { "" },
        tenths.abs() / 10,
        tenths.abs() % 10
    )
}

const HEADER: [&str; 6] = ["Figure", "Median", "P90", "Max", "Total", "Covers"];

fn rows(g: &GroupStats) -> Vec<[String; 6]> {
    let mut rows = vec![[
        "Incidents".to_string(),
        String::new(),
        String::new(),
        String::new(),
        g.incidents.to_string(),
        format!("{} unresolved", g.unresolved),
    ]];
    for d in &g.figures {
        rows.push([
            d.label.to_string(),
            value_text(d.median, d.unit),
            value_text(d.p90, d.unit),
            value_text(d.max, d.unit),
            if d.unit == Unit::Hours {
                value_text(d.total, d.unit)
            } else {
                String::new()
            },
            coverage(d),
        ]);
    }
    for (label, n) in [
        ("Open action items", g.open_actions),
        ("Overdue action items", g.overdue_actions),
    ] {
        rows.push([
            label.to_string(),
            String::new(),
            String::new(),
            String::new(),
            n.to_string(),
            format!("{} incidents", g.incidents),
        ]);
    }
    rows
}

fn heading(scope: &Scope) -> String {
    let kinds: Vec<String> = scope.kinds.iter().map(|k| k.label().to_string()).collect();
    let mut s = format!("Incidents of kind {}", kinds.join(", "));
    match (scope.since, scope.until) {
        (Some(a), Some(b)) => s.push_str(&format!(", dated {a} to {b}")),
        (Some(a), None) => s.push_str(&format!(", dated {a} or later")),
        (None, Some(b)) => s.push_str(&format!(", dated {b} or earlier")),
        (None, None) => {}
    }
    s.push_str(&format!(
        "; as of {} (open impact windows counted to {})",
        scope.at, scope.counted_to
    ));
    s
}

fn group_title(g: &GroupStats, by: Option<By>) -> String {
    match (&g.group, by) {
        (None, _) => "All incidents".to_string(),
        (Some(name), Some(by)) => format!("{}: {name}", capitalized(by.label())),
        (Some(name), None) => name.clone(),
    }
}

/// The report as terminal tables, one per group, then the definitions.
pub fn render_table(scope: &Scope, groups: &[GroupStats], style: &Style) -> String {
    let mut out = format!("{}\n", heading(scope));
    for g in groups {
        out.push('\n');
        // A group can be named after a service: record text, so made visible.
        out.push_str(&crate::model::text::one_line(&group_title(g, scope.by)));
        out.push('\n');
        let mut t = table::new_table(style, &HEADER);
        for r in rows(g) {
            t.add_row(r.iter().map(|c| table::text_cell(c)));
        }
        out.push_str(&table::render(&t));
    }
    out.push_str("\nDefinitions:\n");
    for (term, def) in definitions() {
        out.push_str(&format!("  {term}: {def}\n"));
    }
    out
}

/// The report as Markdown: a heading and a table per group, then the definitions.
pub fn render_markdown(scope: &Scope, groups: &[GroupStats]) -> String {
    let mut out = format!("{}\n", markdown::inline(&heading(scope)));
    for g in groups {
        out.push_str(&format!(
            "\n## {}\n\n",
            markdown::inline(&group_title(g, scope.by))
        ));
        let body: Vec<Vec<String>> = rows(g)
            .iter()
            // Row cells are labels, numbers and counts made here, never record text.
            .map(|r| {
                r.iter()
                    .map(|c| {
                        if c.is_empty() {
                            " ".to_string()
                        } else {
                            c.clone()
                        }
                    })
                    .collect()
            })
            .collect();
        out.push_str(&markdown::table(&HEADER, &body));
    }
    out.push_str("\n## Definitions\n\n");
    for (term, def) in definitions() {
        out.push_str(&format!(
            "- **{}**: {}\n",
            markdown::inline(term),
            markdown::inline(def)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_round_to_tenths() {
        assert_eq!(hours(90), "1.5");
        assert_eq!(hours(0), "0.0");
        assert_eq!(hours(2), "0.0");
        assert_eq!(hours(3), "0.1");
        assert_eq!(hours(439), "7.3");
    }
}
