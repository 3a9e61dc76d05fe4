//! Impact views: the impact view model ([`crate::derive::impact`]) as a terminal table,
//! Markdown or CSV. Everything returns a `String`; width, colour and zone come in as
//! parameters.
//!
//! The Markdown table ([`markdown_table`]) and figures list ([`markdown_figures`]) are public
//! so that other documents (the postmortem) can embed them.

use crate::derive::figures::{Figure, ImpactReport, Span, TargetImpact};
use crate::derive::impact::{
    HEADER, NotesFor, Options, arrange, figure_value, hours_text, names_text, needs_date, notes,
    rfc, scope_of, target_cells, window_cells,
};
use crate::model::record::Level;
use crate::model::time::{When, Zone};
use crate::render::{Style, csv, markdown, table};

/// The impact rows as a terminal table, fitted to `style.width`.
pub fn table(report: &ImpactReport, opts: &Options, zone: &Zone, style: &Style) -> String {
    let with_date = needs_date(report, zone);
    let arrow = if style.unicode { "↳" } else { "->" };
    let mut t = table::new_table(style, &HEADER);
    for g in arrange(report, opts) {
        if !g.heading.is_empty() {
            let total = group_total(&g.targets);
            let row = vec![
                table::strong_cell(&format!("{} ({})", g.heading, g.targets.len()), style),
                table::text_cell(""),
                table::text_cell(""),
                table::text_cell(""),
                table::text_cell(""),
                table::strong_cell(&total, style),
                table::text_cell(""),
            ];
            t.add_row(row);
        }
        for target in g.targets {
            let mut cells = target_cells(target, zone, with_date);
            if opts.windows {
                // Each window row shows its own scope.
                cells[6].clear();
            }
            t.add_row(
                cells
                    .iter()
                    .map(|c| table::text_cell(c))
                    .collect::<Vec<_>>(),
            );
            if opts.windows {
                for (i, w) in target.windows.iter().enumerate() {
                    let cells = window_cells(target, i, w, zone, with_date, arrow);
                    t.add_row(
                        cells
                            .iter()
                            .map(|c| table::text_cell(c))
                            .collect::<Vec<_>>(),
                    );
                }
            }
        }
    }
    keep_short_columns(&mut t, style);
    table::render(&t)
}

/// The total of a group of targets, added up ([`Span::sum`]): `~26.9 h`-like bounds stay
/// bounds.
fn group_total(targets: &[&TargetImpact]) -> String {
    Span::sum(targets.iter().map(|t| t.span)).map_or_else(|| "0 min".to_string(), Span::text)
}

/// Keeps the short columns (kind, level, times) from wrapping when the width allows, so the
/// long ones (name, scope) take the rest.
fn keep_short_columns(t: &mut comfy_table::Table, style: &Style) {
    use comfy_table::ColumnConstraint;
    let short = [0usize, 2, 3, 4, 5];
    let widths = t.column_max_content_widths();
    // Each column adds 2 of padding and 1 of border.
    let needed: usize = short
        .iter()
        .filter_map(|i| widths.get(*i))
        .map(|w| usize::from(*w) + 3)
        .sum();
    let fits = style.width.is_none_or(|w| needed + 40 <= usize::from(w));
    if fits {
        for i in short {
            if let Some(c) = t.column_mut(i) {
                c.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
    }
}

/// The figures as a terminal table: figure, value, definition.
pub fn figures_table(figures: &[Figure], style: &Style) -> String {
    let mut t = table::new_table(style, &["Figure", "Value", "Definition"]);
    for f in figures {
        t.add_row(vec![
            table::strong_cell(f.key.label(), style),
            table::text_cell(&figure_value(f)),
            table::text_cell(f.key.definition()),
        ]);
    }
    table::render(&t)
}

/// The impact rows as a GitHub Markdown table, record text escaped.
pub fn markdown_table(report: &ImpactReport, opts: &Options, zone: &Zone) -> String {
    let with_date = needs_date(report, zone);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for g in arrange(report, opts) {
        if !g.heading.is_empty() {
            let mut row = vec![markdown::cell(""); HEADER.len()];
            row[0] = format!("**{} ({})**", markdown::inline(&g.heading), g.targets.len());
            row[5] = format!("**{}**", markdown::inline(&group_total(&g.targets)));
            rows.push(row);
        }
        for target in g.targets {
            let mut cells = target_cells(target, zone, with_date);
            if opts.windows {
                cells[6].clear();
            }
            rows.push(cells.iter().map(|c| markdown::cell(c)).collect());
            if opts.windows {
                for (i, w) in target.windows.iter().enumerate() {
                    let cells = window_cells(target, i, w, zone, with_date, "↳");
                    rows.push(cells.iter().map(|c| markdown::cell(c)).collect());
                }
            }
        }
    }
    markdown::table(&HEADER, &rows)
}

/// The figures as a Markdown list: `- **Time to detect**: 0 min (…) — definition`.
pub fn markdown_figures(figures: &[Figure]) -> String {
    let mut out = String::new();
    for f in figures {
        out.push_str(&format!(
            "- **{}**: {} — {}\n",
            markdown::inline(f.key.label()),
            markdown::inline(&figure_value(f)),
            markdown::inline(f.key.definition())
        ));
    }
    out
}

/// The whole Markdown view: the impact table, its notes, and the figures list.
pub fn markdown(report: &ImpactReport, opts: &Options, zone: &Zone) -> String {
    let mut out = markdown_table(report, opts, zone);
    out.push('\n');
    for n in notes(report, zone, NotesFor::ImpactCommand) {
        out.push_str(&markdown::inline(&n));
        out.push_str("  \n");
    }
    out.push_str("\n**Figures**\n\n");
    out.push_str(&markdown_figures(&report.figures));
    out
}

/// The impact rows as CSV: one line per target, or with `opts.windows` one line per window.
/// Instants are RFC 3339 in `zone`; empty when not known.
pub fn csv(report: &ImpactReport, opts: &Options, zone: &Zone) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let ordered: Vec<&TargetImpact> = arrange(report, opts)
        .into_iter()
        .flat_map(|g| g.targets)
        .collect();
    if opts.windows {
        for t in ordered {
            for (w, raw) in t.windows.iter().zip(&t.target.windows) {
                rows.push(vec![
                    t.kind.token().to_string(),
                    t.target.name.clone(),
                    names_text(t.target),
                    w.level.token().to_string(),
                    rfc(w.from, zone).unwrap_or_default(),
                    w.from.precision().to_string(),
                    rfc(w.to, zone).unwrap_or_default(),
                    w.to.precision().to_string(),
                    number(w.minutes()),
                    number(w.span.min),
                    number(w.span.max),
                    w.span.bound().token().to_string(),
                    w.counts().to_string(),
                    w.approximate().to_string(),
                    crate::derive::impact::window_scope(raw).unwrap_or_default(),
                ]);
            }
        }
        return csv::table(
            &[
                "kind",
                "name",
                "names",
                "level",
                "from",
                "from_precision",
                "to",
                "to_precision",
                "minutes",
                "min",
                "max",
                "bound",
                "counted",
                "approximate",
                "scope",
            ],
            &rows,
        );
    }
    for t in ordered {
        let end = t.end();
        rows.push(vec![
            t.kind.token().to_string(),
            t.target.name.clone(),
            names_text(t.target),
            t.level.map_or("", Level::token).to_string(),
            t.first().and_then(|w| rfc(w, zone)).unwrap_or_default(),
            t.first().map_or("", When::precision).to_string(),
            rfc(end, zone).unwrap_or_default(),
            end.precision().to_string(),
            t.end_status().to_string(),
            number(t.counted_minutes()),
            number(t.span.min),
            number(t.span.max),
            t.span.bound().token().to_string(),
            t.approximate().to_string(),
            t.unknown_ends.to_string(),
            scope_of(t),
        ]);
    }
    csv::table(
        &[
            "kind",
            "name",
            "names",
            "level",
            "first_impact",
            "first_precision",
            "end",
            "end_precision",
            "end_status",
            "minutes",
            "min",
            "max",
            "bound",
            "approximate",
            "unknown_ends",
            "scope",
        ],
        &rows,
    )
}

/// A number for CSV; empty when not known.
fn number(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// The figures as CSV: key, label, minutes, min, max, bound, hours, count, approximate, open,
/// note, definition.
pub fn figures_csv(figures: &[Figure]) -> String {
    let rows: Vec<Vec<String>> = figures
        .iter()
        .map(|f| {
            vec![
                f.key.token().to_string(),
                f.key.label().to_string(),
                number(f.minutes()),
                number(f.span.and_then(|s| s.min)),
                number(f.span.and_then(|s| s.max)),
                f.bound().map_or("", |b| b.token()).to_string(),
                f.hours().map(hours_text).unwrap_or_default(),
                f.count.map(|c| c.to_string()).unwrap_or_default(),
                f.approximate().to_string(),
                f.open.to_string(),
                f.note.clone().unwrap_or_default(),
                f.key.definition().to_string(),
            ]
        })
        .collect();
    csv::table(
        &[
            "key",
            "label",
            "minutes",
            "min",
            "max",
            "bound",
            "hours",
            "count",
            "approximate",
            "open",
            "note",
            "definition",
        ],
        &rows,
    )
}
