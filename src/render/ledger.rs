//! The action-item ledger as a terminal table, Markdown and CSV.

use chrono::NaiveDate;

use crate::derive::ledger::{LedgerItem, counts};
use crate::render::{Style, csv, markdown, table};

/// Rows rendered at a time in terminal tables: keeps memory small for huge ledgers.
pub const TABLE_CHUNK: usize = 1000;

const HEADER: [&str; 9] = [
    "Incident",
    "Action",
    "Text",
    "Type",
    "Owner",
    "Priority",
    "Due",
    "Status",
    "Age (days)",
];

fn cells(i: &LedgerItem) -> Vec<String> {
    let mut status = i.status.label().to_string();
    if i.overdue {
        status.push_str(" (overdue)");
    }
    vec![
        i.incident.clone(),
        i.id.clone(),
        // Prose, read plainly: no `**`, links as `text (url)`.
        crate::render::prose::plain(&i.text),
        i.kind.label().to_string(),
        i.owner.clone().unwrap_or_default(),
        i.priority
            .map(|p| p.label().to_string())
            .unwrap_or_default(),
        i.due.map(|d| d.to_string()).unwrap_or_default(),
        status,
        i.age_days.map(|d| d.to_string()).unwrap_or_default(),
    ]
}

fn footer(items: &[LedgerItem], at: NaiveDate) -> String {
    let c = counts(items);
    format!(
        "{} action item(s): {} open or in progress, {} overdue as of {at}\n",
        c.items, c.open, c.overdue
    )
}

/// The ledger as a terminal table with a count line.
pub fn render_table(items: &[LedgerItem], at: NaiveDate, style: &Style) -> String {
    let mut out = table::render_items(style, &HEADER, items, cells, TABLE_CHUNK);
    out.push_str(&footer(items, at));
    out
}

/// The ledger as a GitHub Markdown table with a count line.
pub fn render_markdown(items: &[LedgerItem], at: NaiveDate) -> String {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let mut row: Vec<String> = cells(i).iter().map(|c| markdown::cell(c)).collect();
            // The action's text is prose: its markup passes through.
            row[2] = crate::render::prose::markdown_cell(&i.text);
            row
        })
        .collect();
    let mut out = markdown::table(&HEADER, &rows);
    out.push('\n');
    out.push_str(&footer(items, at));
    out
}

/// The ledger as CSV: one header line, one line per item, no footer.
pub fn render_csv(items: &[LedgerItem]) -> String {
    let header = [
        "incident", "action", "text", "type", "owner", "priority", "opened", "due", "status",
        "overdue", "age_days",
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            vec![
                i.incident.clone(),
                i.id.clone(),
                i.text.clone(),
                i.kind.token().to_string(),
                i.owner.clone().unwrap_or_default(),
                i.priority
                    .map(|p| p.token().to_string())
                    .unwrap_or_default(),
                i.opened.map(|d| d.to_string()).unwrap_or_default(),
                i.due.map(|d| d.to_string()).unwrap_or_default(),
                i.status.token().to_string(),
                i.overdue.to_string(),
                i.age_days.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    csv::table(&header, &rows)
}

#[cfg(test)]
mod tests {
    use super::render_csv;
    use crate::derive::ledger::LedgerItem;
    use crate::model::record::{ActionStatus, ActionType, IncidentKind};

    #[test]
    fn csv_quotes_text() {
        let item = LedgerItem {
            incident: "2024-01-01-x".into(),
            incident_kind: IncidentKind::Real,
            id: "A1".into(),
            text: "do A1".into(),
            kind: ActionType::Prevent,
            owner: Some("Ana, Bo".into()),
            priority: None,
            opened: Some("2024-01-01".parse().unwrap()),
            due: None,
            status: ActionStatus::Open,
            completed: None,
            age_days: Some(1),
            overdue: false,
        };
        let out = render_csv(&[item]);
        assert!(out.contains("\"Ana, Bo\""), "{out}");
        assert!(out.ends_with("2024-01-01,,open,false,1\n"), "{out}");
    }
}
