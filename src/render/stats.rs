//! The figures across incidents as terminal tables and Markdown.

use crate::derive::figures::FigureKey;
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
    if let Some(n) = g.major {
        rows.push([
            "Major incidents".to_string(),
            String::new(),
            String::new(),
            String::new(),
            n.to_string(),
            format!("of {} incidents", g.incidents),
        ]);
    }
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

fn group_title(g: &GroupStats, by: Option<&By>) -> String {
    match (&g.group, by) {
        (None, _) => "All incidents".to_string(),
        (Some(name), Some(by)) => format!("{}: {name}", capitalized(&by.label())),
        (Some(name), None) => name.clone(),
    }
}

/// The columns of the table of groups (`--by`): one row per group.
const GROUP_HEADER: [&str; 10] = [
    "Incidents",
    "Unresolved",
    "Duration median",
    "Duration P90",
    "Detect median",
    "Resolve median",
    "Service-hours",
    "Customer-hours",
    "Open actions",
    "Overdue",
];

/// A figure of a group, by key.
fn figure(g: &GroupStats, key: FigureKey) -> Option<&crate::derive::stats::Distribution> {
    g.figures.iter().find(|d| d.key == key)
}

/// One row of the table of groups: the group's name, then [`GROUP_HEADER`]'s cells. Hours
/// are totals over the group; how many incidents each figure covers is in the JSON and, for
/// all incidents, in the table above.
fn group_row(g: &GroupStats) -> Vec<String> {
    let median = |key| figure(g, key).map_or("–".to_string(), |d| value_text(d.median, d.unit));
    let p90 = |key| figure(g, key).map_or("–".to_string(), |d| value_text(d.p90, d.unit));
    let total = |key| figure(g, key).map_or("–".to_string(), |d| value_text(d.total, d.unit));
    vec![
        g.group.clone().unwrap_or_default(),
        g.incidents.to_string(),
        g.unresolved.to_string(),
        median(FigureKey::TotalDuration),
        p90(FigureKey::TotalDuration),
        median(FigureKey::TimeToDetect),
        median(FigureKey::TimeToResolve),
        total(FigureKey::ServiceHours),
        total(FigureKey::CustomerHours),
        g.open_actions.to_string(),
        g.overdue_actions.to_string(),
    ]
}

/// A bar of `n` out of `max` in `cols` columns, in eighths of a block (`#` in ASCII).
pub fn bar(n: usize, max: usize, cols: usize, unicode: bool) -> String {
    if max == 0 || n == 0 {
        return String::new();
    }
    let eighths = (n * cols * 8).div_ceil(max).max(1);
    if !unicode {
        return "#".repeat(eighths.div_ceil(8));
    }
    let mut out = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    out.push_str(PARTS[eighths % 8]);
    out
}

/// The header of the table of groups: the grouping, then [`GROUP_HEADER`].
fn group_header(by: &By) -> Vec<String> {
    let mut h = vec![capitalized(&by.label())];
    h.extend(GROUP_HEADER.iter().map(|s| s.to_string()));
    h
}

/// The report as terminal tables: the overall figures, then (with `--by`) one table with a
/// row per group and a bar of its incidents, then the definitions.
pub fn render_table(scope: &Scope, groups: &[GroupStats], style: &Style) -> String {
    let mut out = format!("{}\n", heading(scope));
    if let Some(all) = groups.first() {
        out.push('\n');
        out.push_str(&group_title(all, None));
        out.push('\n');
        let mut t = table::new_table(style, &HEADER);
        for r in rows(all) {
            t.add_row(r.iter().map(|c| table::text_cell(c)));
        }
        out.push_str(&table::render(&t));
    }
    if let (Some(by), Some(per_group)) = (scope.by.as_ref(), groups.get(1..))
        && !per_group.is_empty()
    {
        let mut header = group_header(by);
        header.push(String::new());
        let names: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut t = table::new_table(style, &names);
        let most = per_group.iter().map(|g| g.incidents).max().unwrap_or(0);
        for g in per_group {
            let mut cells = group_row(g);
            cells.push(bar(g.incidents, most, 10, style.unicode));
            // A group can be named after a service: record text, so made visible.
            t.add_row(
                cells
                    .iter()
                    .map(|c| table::text_cell(&crate::model::text::one_line(c))),
            );
        }
        out.push_str(&format!("\nBy {}\n", by.label()));
        out.push_str(&table::render(&t));
    }
    out.push_str("\nDefinitions:\n");
    for (term, def) in definitions() {
        out.push_str(&format!("  {term}: {def}\n"));
    }
    if let Some(def) = scope.major_definition() {
        out.push_str(&format!("  Major incidents: {def}\n"));
    }
    out
}

/// The figures of one group as a Markdown table (one row per figure).
fn overall_markdown(g: &GroupStats) -> String {
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
    markdown::table(&HEADER, &body)
}

/// The report as Markdown: the overall figures, then (with `--by`) one table with a row per
/// group — the rows of the terminal table —, then the definitions.
pub fn render_markdown(scope: &Scope, groups: &[GroupStats]) -> String {
    let mut out = format!("{}\n", markdown::inline(&heading(scope)));
    if let (Some(by), Some(per_group)) = (scope.by.as_ref(), groups.get(1..))
        && !per_group.is_empty()
    {
        let header = group_header(by);
        let names: Vec<&str> = header.iter().map(String::as_str).collect();
        let body: Vec<Vec<String>> = per_group
            .iter()
            .map(|g| {
                // Only the group's name is record text (a service); the rest are numbers and
                // durations made here, which need no escapes.
                let mut cells = group_row(g);
                cells[0] = markdown::cell(&cells[0]);
                cells
            })
            .collect();
        let all = groups
            .first()
            .map(|g| group_title(g, None))
            .unwrap_or_default();
        out.push_str(&format!("\n## {all}\n\n"));
        out.push_str(&overall_markdown(&groups[0]));
        out.push_str(&format!("\n## By {}\n\n", by.label()));
        out.push_str(&markdown::table(&names, &body));
    } else {
        for g in groups {
            out.push_str(&format!(
                "\n## {}\n\n",
                markdown::inline(&group_title(g, scope.by.as_ref()))
            ));
            out.push_str(&overall_markdown(g));
        }
    }
    out.push_str("\n## Definitions\n\n");
    for (term, def) in definitions() {
        out.push_str(&format!(
            "- **{}**: {}\n",
            markdown::inline(term),
            markdown::inline(def)
        ));
    }
    if let Some(def) = scope.major_definition() {
        out.push_str(&format!(
            "- **Major incidents**: {}\n",
            markdown::inline(&def)
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
