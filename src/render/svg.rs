//! The impact chart as an inline SVG, drawn from the medium-independent
//! [`ChartLayout`](crate::derive::chart::ChartLayout): one row per service and customer on a shared
//! time axis, levels told apart by colour and pattern (with a legend), unknown ends fading
//! out to the last time the record gives with a dashed outline and a `?` (a "not before" end
//! after its bound, an unknown start from the chart's start), open windows ending in an
//! arrow, edges that are not exact marked `~`, quiet stretches left out as a `≈` break, and
//! key events as lettered lines. Self-contained: no scripts, no fonts or images fetched, every
//! text escaped.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use super::html::escape;
use crate::derive::chart::{BarEnd, ChartLayout, ChartRow};
use crate::model::record::{Level, TargetKind};
use crate::model::text::cut_to_width;
use crate::model::time::{When, format_offset, when_text};

const W: f64 = 1000.0;
const LABEL_X: f64 = 8.0;
const X0: f64 = 300.0;
const X1: f64 = 984.0;
const ROW_H: f64 = 22.0;
const BAR_H: f64 = 14.0;
const LANE_H: f64 = 16.0;
/// The width of a quiet stretch left out of the axis.
const GAP_W: f64 = 14.0;
/// The least width of a drawn stretch of the axis.
const MIN_SEGMENT_W: f64 = 24.0;
/// Row labels longer than this many display columns are cut with `…` (full text in a
/// tooltip).
const LABEL_COLUMNS: usize = 46;

/// The colour of a level.
pub fn level_color(l: Level) -> &'static str {
    match l {
        Level::Outage => "#b91c1c",
        Level::Degraded => "#d97706",
        Level::AtRisk => "#a16207",
    }
}

/// The key of a level in gradient ids: `outage`, `degraded`, `atrisk`.
fn level_key(l: Level) -> &'static str {
    match l {
        Level::Outage => "outage",
        Level::Degraded => "degraded",
        Level::AtRisk => "atrisk",
    }
}

fn fill(l: Level, end: BarEnd) -> String {
    let key = level_key(l);
    match (l, end) {
        (_, BarEnd::Unknown) => format!("url(#fade-{key})"),
        (Level::AtRisk, _) => "url(#hatch)".to_string(),
        _ => level_color(l).to_string(),
    }
}

fn hm(t: DateTime<FixedOffset>, with_date: bool) -> String {
    if with_date {
        t.format("%Y-%m-%d %H:%M").to_string()
    } else {
        t.format("%H:%M").to_string()
    }
}

/// The chart as an `<svg>` element (no XML prolog), scaled to its container's width.
pub fn chart(layout: &ChartLayout) -> String {
    let axis = layout.axis(X1 - X0, GAP_W, MIN_SEGMENT_W);
    let x = |t: DateTime<FixedOffset>| X0 + axis.x(t);
    let multi_day = layout.start.date_naive() != layout.end.date_naive();
    let when = |w: When| when_text(w, &layout.zone, multi_day);

    // Marker letters in lanes so that close events do not overlap.
    let mut lanes: Vec<f64> = Vec::new();
    let mut placed: Vec<(usize, f64)> = Vec::new();
    for m in &layout.markers {
        let mx = x(m.at);
        let lane = match lanes.iter().position(|last| mx - *last >= 15.0) {
            Some(i) => i,
            None => {
                lanes.push(f64::NEG_INFINITY);
                lanes.len() - 1
            }
        };
        if let Some(l) = lanes.get_mut(lane) {
            *l = mx;
        }
        placed.push((lane, mx));
    }
    let markers_h = LANE_H * lanes.len() as f64;
    let axis_y = markers_h + 18.0;
    let rows_top = axis_y + 8.0;

    // Rows, with a heading row before services and before customers.
    let mut lines: Vec<Option<&ChartRow>> = Vec::new();
    for kind in TargetKind::ALL {
        let rows: Vec<&ChartRow> = layout.rows.iter().filter(|r| r.kind == kind).collect();
        if !rows.is_empty() {
            lines.push(None);
            lines.extend(rows.into_iter().map(Some));
        }
    }
    let rows_bottom = rows_top + ROW_H * lines.len() as f64;
    let legend_y = rows_bottom + 22.0;
    let height = legend_y + 26.0;

    let mut o = String::new();
    let title = format!(
        "Impact chart, times in {} (UTC{}), {} to {}",
        layout.zone.name(),
        format_offset(*layout.start.offset()),
        hm(layout.start, true),
        hm(layout.end, true)
    );
    let _ = write!(
        o,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {height:.0}\" \
         role=\"img\" aria-labelledby=\"chart-title\" font-family=\"system-ui, -apple-system, \
         'Segoe UI', 'Noto Sans', 'Noto Sans CJK TC', 'PingFang TC', 'Microsoft JhengHei', \
         sans-serif\" font-size=\"11\">\n<title id=\"chart-title\">{}</title>\n",
        escape(&title)
    );
    o.push_str("<defs>\n");
    o.push_str(
        "<pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fef3c7\"/>\
         <rect width=\"3\" height=\"6\" fill=\"#ca8a04\"/></pattern>\n",
    );
    for (key, l) in [
        ("outage", Level::Outage),
        ("degraded", Level::Degraded),
        ("atrisk", Level::AtRisk),
    ] {
        let c = level_color(l);
        let _ = writeln!(
            o,
            "<linearGradient id=\"fade-{key}\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">\
             <stop offset=\"0\" stop-color=\"{c}\" stop-opacity=\"0.9\"/>\
             <stop offset=\"1\" stop-color=\"{c}\" stop-opacity=\"0.05\"/></linearGradient>"
        );
        if layout
            .rows
            .iter()
            .any(|r| r.bars.iter().any(|b| b.from_unknown && b.level == l))
        {
            let _ = writeln!(
                o,
                "<linearGradient id=\"fadein-{key}\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">\
                 <stop offset=\"0\" stop-color=\"{c}\" stop-opacity=\"0.05\"/>\
                 <stop offset=\"1\" stop-color=\"{c}\" stop-opacity=\"0.9\"/></linearGradient>"
            );
        }
    }
    o.push_str("</defs>\n");

    // Hour grid and axis labels: labels every `every` hours so they do not collide, judged
    // on the longest stretch drawn.
    let px_per_hour = axis
        .segments()
        .max_by_key(|(s, _, _)| s.minutes())
        .map_or(1.0, |(s, x0, x1)| {
            (x1 - x0) / (s.minutes().max(1) as f64 / 60.0)
        });
    let every = [1u32, 2, 3, 4, 6, 12, 24]
        .into_iter()
        .find(|k| f64::from(*k) * px_per_hour >= 34.0)
        .unwrap_or(24);
    o.push_str("<g class=\"axis\">\n");
    for t in &layout.ticks {
        let tx = x(t.at);
        let major = t.hour % every == 0 || t.after_break;
        let _ = writeln!(
            o,
            "<line x1=\"{tx:.1}\" y1=\"{:.1}\" x2=\"{tx:.1}\" y2=\"{rows_bottom:.1}\" stroke=\"{}\" stroke-width=\"1\"/>",
            axis_y + 2.0,
            if major { "#d4d4d8" } else { "#f1f1f3" }
        );
    }
    // Dates first (midnight, and the start of each stretch after a break), then hours where
    // they do not overlap a label already placed.
    let mut taken: Vec<(f64, f64)> = Vec::new();
    for dates in [true, false] {
        for t in &layout.ticks {
            let is_date = t.hour == 0 || t.after_break;
            if is_date != dates || !(is_date || t.hour % every == 0) {
                continue;
            }
            let tx = x(t.at);
            // The stretch the tick is in: a label stays inside it (or spills past the chart's
            // two ends), clear of the breaks.
            let (lo, hi) = axis
                .segments()
                .find(|(s, _, _)| s.start <= t.at && t.at <= s.end)
                .map_or((X0, X1), |(_, x0, x1)| (X0 + x0, X0 + x1));
            let room = hi - lo;
            let lo = if lo <= X0 { f64::MIN } else { lo - 1.0 };
            let hi = if hi >= X1 { f64::MAX } else { hi + 1.0 };
            let text_w = |s: &str| 6.6 * s.chars().count() as f64 + 6.0;
            // A stretch too narrow for its date and hour is labelled with its date.
            let label = if t.after_break && text_w(&t.label) > room {
                t.at.format("%m-%d").to_string()
            } else {
                t.label.clone()
            };
            let w = text_w(&label);
            let (a, b, anchor) = if t.after_break {
                (tx, tx + w, "start")
            } else {
                (tx - w / 2.0, tx + w / 2.0, "middle")
            };
            if a < lo || b > hi || taken.iter().any(|(p, q)| a < *q && *p < b) {
                continue;
            }
            taken.push((a, b));
            let _ = writeln!(
                o,
                "<text x=\"{tx:.1}\" y=\"{axis_y:.1}\" text-anchor=\"{anchor}\" fill=\"#3f3f46\"{}>{}</text>",
                if is_date { " font-weight=\"bold\"" } else { "" },
                escape(&label)
            );
        }
    }
    let _ = writeln!(
        o,
        "<line x1=\"{X0}\" y1=\"{:.1}\" x2=\"{X1}\" y2=\"{:.1}\" stroke=\"#71717a\"/>",
        axis_y + 3.0,
        axis_y + 3.0
    );
    o.push_str("</g>\n");
    let breaks: Vec<((f64, f64), crate::derive::chart::Segment)> =
        axis.breaks().into_iter().zip(layout.breaks()).collect();

    // Rows.
    o.push_str("<g class=\"rows\">\n");
    for (i, line) in lines.iter().enumerate() {
        let top = rows_top + ROW_H * i as f64;
        let mid = top + ROW_H / 2.0;
        let Some(r) = line else {
            let next = lines.get(i + 1).copied().flatten();
            let head = next.map_or(TargetKind::Service, |r| r.kind).heading();
            let _ = writeln!(
                o,
                "<text x=\"{LABEL_X}\" y=\"{:.1}\" font-weight=\"bold\" fill=\"#18181b\">{head}</text>",
                mid + 4.0
            );
            continue;
        };
        if i % 2 == 0 {
            let _ = writeln!(
                o,
                "<rect x=\"0\" y=\"{top:.1}\" width=\"{W}\" height=\"{ROW_H}\" fill=\"#fafafa\"/>"
            );
        }
        let label = r.label();
        let _ = writeln!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#27272a\"><title>{}</title>{}</text>",
            LABEL_X + 10.0,
            mid + 4.0,
            escape(&crate::model::text::one_line(&label)),
            escape(&cut_to_width(
                &crate::model::text::one_line(&label),
                LABEL_COLUMNS,
                "…"
            ))
        );
        // At risk first, then degraded, then outage, so the worst level is on top.
        let mut bars: Vec<_> = r.bars.iter().collect();
        bars.sort_by_key(|b| std::cmp::Reverse(b.level));
        for b in bars {
            let bx = x(b.from);
            let ex = x(b.to).max(bx + 2.0);
            let y = mid - BAR_H / 2.0;
            let end_words = match b.end {
                BarEnd::Known => hm(b.to, multi_day),
                BarEnd::Approximate if matches!(b.to_when, When::About(_)) => {
                    format!("~{}", hm(b.to, multi_day))
                }
                BarEnd::Approximate => when(b.to_when),
                BarEnd::AtLeast => format!("{}, end unknown", when(b.to_when)),
                BarEnd::Unknown => "end unknown".to_string(),
                BarEnd::Open => "ongoing".to_string(),
            };
            let start_words = match b.from_when {
                When::Unknown | When::Open => "start unknown".to_string(),
                When::At(_) => hm(b.from, multi_day),
                When::About(_) => format!("~{}", hm(b.from, multi_day)),
                other => when(other),
            };
            let tip = format!(
                "{}: {} {start_words}–{end_words}",
                crate::model::text::one_line(&r.name),
                b.level.label(),
            );
            if b.from_unknown {
                // Nothing says when it began: fading in from the chart's start.
                let _ = writeln!(
                    o,
                    "<rect x=\"{bx:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{BAR_H}\" rx=\"2\" fill=\"url(#fadein-{})\" stroke=\"{}\" stroke-dasharray=\"4 3\" stroke-width=\"1\"><title>{}</title></rect>",
                    ex - bx,
                    level_key(b.level),
                    level_color(b.level),
                    escape(&tip)
                );
                let _ = writeln!(
                    o,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-weight=\"bold\" fill=\"#52525b\">?</text>",
                    bx + 3.0,
                    mid + 4.0
                );
                continue;
            }
            if b.end == BarEnd::AtLeast {
                // Known to last to its bound; after it, fading out as an unknown end.
                let fx = x(layout.end).max(ex + 2.0);
                let _ = writeln!(
                    o,
                    "<rect x=\"{ex:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{BAR_H}\" rx=\"2\" fill=\"url(#fade-{})\" stroke=\"{}\" stroke-dasharray=\"4 3\" stroke-width=\"1\"><title>{}</title></rect>",
                    fx - ex,
                    level_key(b.level),
                    level_color(b.level),
                    escape(&tip)
                );
                let _ = writeln!(
                    o,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-weight=\"bold\" fill=\"#52525b\">?</text>",
                    fx - 3.0,
                    mid + 4.0
                );
            }
            let stroke = match b.end {
                BarEnd::Unknown => format!(
                    " stroke=\"{}\" stroke-dasharray=\"4 3\" stroke-width=\"1\"",
                    level_color(b.level)
                ),
                _ if b.level == Level::AtRisk => {
                    format!(" stroke=\"{}\" stroke-width=\"1\"", level_color(b.level))
                }
                _ => String::new(),
            };
            let _ = writeln!(
                o,
                "<rect x=\"{bx:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{BAR_H}\" rx=\"2\" fill=\"{}\"{stroke}><title>{}</title></rect>",
                ex - bx,
                fill(b.level, b.end),
                escape(&tip)
            );
            match b.end {
                BarEnd::Unknown => {
                    let _ = writeln!(
                        o,
                        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-weight=\"bold\" fill=\"#52525b\">?</text>",
                        ex - 3.0,
                        mid + 4.0
                    );
                }
                BarEnd::Open => {
                    let _ = writeln!(
                        o,
                        "<path d=\"M{:.1},{:.1} L{:.1},{mid:.1} L{:.1},{:.1} Z\" fill=\"{}\"/>",
                        ex,
                        mid - BAR_H / 2.0 - 2.0,
                        ex + 9.0,
                        ex,
                        mid + BAR_H / 2.0 + 2.0,
                        level_color(b.level)
                    );
                }
                BarEnd::Approximate => {
                    let _ = writeln!(
                        o,
                        "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#3f3f46\">~</text>",
                        ex + 2.0,
                        mid + 4.0
                    );
                }
                BarEnd::Known | BarEnd::AtLeast => {}
            }
            if b.from_approx {
                let _ = writeln!(
                    o,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#3f3f46\">~</text>",
                    bx - 2.0,
                    mid + 4.0
                );
            }
        }
    }
    o.push_str("</g>\n");

    // Quiet stretches left out: a pale band across the rows, `≈` on the axis.
    if !breaks.is_empty() {
        o.push_str("<g class=\"breaks\">\n");
        for ((bx0, bx1), q) in &breaks {
            let (bx0, bx1) = (X0 + bx0, X0 + bx1);
            let words = format!(
                "quiet stretch left out: {} to {}",
                hm(q.start, true),
                hm(q.end, true)
            );
            let _ = writeln!(
                o,
                "<g><title>{}</title><rect x=\"{bx0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#ffffff\" opacity=\"0.85\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#71717a\">≈</text></g>",
                escape(&words),
                axis_y - 10.0,
                bx1 - bx0,
                rows_bottom - axis_y + 10.0,
                (bx0 + bx1) / 2.0,
                axis_y + 7.0
            );
        }
        o.push_str("</g>\n");
    }

    // Key events: a dashed line through the rows and a lettered badge above the axis.
    o.push_str("<g class=\"markers\">\n");
    for (m, (lane, mx)) in layout.markers.iter().zip(&placed) {
        let cy = LANE_H * *lane as f64 + LANE_H / 2.0 + 1.0;
        let _ = writeln!(
            o,
            "<line x1=\"{mx:.1}\" y1=\"{:.1}\" x2=\"{mx:.1}\" y2=\"{rows_bottom:.1}\" stroke=\"#1d4ed8\" stroke-width=\"1\" stroke-dasharray=\"2 2\" opacity=\"0.6\"/>",
            cy + 7.0
        );
        let _ = writeln!(
            o,
            "<g><title>{}</title><circle cx=\"{mx:.1}\" cy=\"{cy:.1}\" r=\"7\" fill=\"#1d4ed8\"/>\
             <text x=\"{mx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"9\" font-weight=\"bold\" fill=\"#ffffff\">{}</text></g>",
            escape(&format!(
                "{} {} {} ({})",
                m.key,
                when(m.when),
                crate::model::text::one_line(&m.id),
                m.kind.label()
            )),
            cy + 3.0,
            escape(&m.key.to_string())
        );
    }
    o.push_str("</g>\n");

    // Legend.
    o.push_str("<g class=\"legend\">\n");
    let items: [(String, String, &str); 6] = [
        (
            Level::Outage.label().to_string(),
            level_color(Level::Outage).to_string(),
            "",
        ),
        (
            Level::Degraded.label().to_string(),
            level_color(Level::Degraded).to_string(),
            "",
        ),
        (
            format!("{} (not counted)", Level::AtRisk.label()),
            "url(#hatch)".to_string(),
            " stroke=\"#a16207\"",
        ),
        (
            "end unknown".to_string(),
            "url(#fade-outage)".to_string(),
            " stroke=\"#b91c1c\" stroke-dasharray=\"4 3\"",
        ),
        ("~ start or end not exact".to_string(), String::new(), ""),
        ("A, B, … key events".to_string(), String::new(), ""),
    ];
    let mut lx = LABEL_X;
    for (text, fill, stroke) in items {
        if !fill.is_empty() {
            let _ = writeln!(
                o,
                "<rect x=\"{lx:.1}\" y=\"{:.1}\" width=\"22\" height=\"11\" rx=\"2\" fill=\"{fill}\"{stroke}/>",
                legend_y - 9.0
            );
            lx += 27.0;
        }
        let _ = writeln!(
            o,
            "<text x=\"{lx:.1}\" y=\"{legend_y:.1}\" fill=\"#27272a\">{}</text>",
            escape(&text)
        );
        lx += 6.2 * text.chars().count() as f64 + 18.0;
    }
    if layout
        .rows
        .iter()
        .any(|r| r.bars.iter().any(|b| b.end == BarEnd::Open))
    {
        let _ = writeln!(
            o,
            "<text x=\"{lx:.1}\" y=\"{legend_y:.1}\" fill=\"#27272a\">▶ still open</text>"
        );
        lx += 6.2 * 12.0 + 18.0;
    }
    if !breaks.is_empty() {
        let _ = writeln!(
            o,
            "<text x=\"{lx:.1}\" y=\"{legend_y:.1}\" fill=\"#27272a\">≈ quiet stretch left out</text>"
        );
    }
    o.push_str("</g>\n</svg>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::Incident;
    use crate::model::time::Zone;

    fn hk() -> Incident {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        crate::files::load::parse_text(std::path::Path::new("hk.ron"), text).expect("parses")
    }

    #[test]
    fn hong_kong_chart_has_every_row_and_marker() {
        let inc = hk();
        let l = crate::derive::chart::layout(&inc, &Zone::Named(chrono_tz::Asia::Hong_Kong))
            .expect("a chart");
        let svg = chart(&l);
        assert!(svg.starts_with("<svg "));
        assert!(svg.contains("澳門銀河"));
        // 13 rows: one `<title>` per label, per bar, per marker, plus the chart's.
        // Unknown ends fade: ECS, EBS and four Macau customers (three have a bounded end).
        assert_eq!(svg.matches("fill=\"url(#fade-outage)\"").count(), 6 + 1);
        assert!(svg.contains(">A</text>"));
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("href"));
    }

    #[test]
    fn long_labels_are_cut_between_whole_characters() {
        let mut l = crate::derive::chart::layout(&hk(), &Zone::Utc).expect("a chart");
        let long = format!("{}👩\u{200d}🔧 and more", "a".repeat(43));
        l.rows[0].name = long.clone();
        l.rows[0].other_name = None;
        let svg = chart(&l);
        // The full name in the tooltip; on the chart, 45 columns and the `…`.
        let shown = format!(
            "<title>{long}</title>{}👩\u{200d}🔧…</text>",
            "a".repeat(43)
        );
        assert!(svg.contains(&shown), "{svg}");
    }
}
