//! The impact chart: every affected service and customer as a row of bars on one shared time
//! axis, with key events marked.
//!
//! [`crate::derive::chart::layout`] computes what to draw — rows, bars, hour ticks, markers,
//! the time range — independent of the medium; [`terminal`] draws it with block characters (or ASCII) and
//! [`mermaid`] writes it as a Mermaid `gantt` block for Markdown. Another renderer (SVG) can
//! be added on top of the same [`ChartLayout`].

use chrono::{DateTime, FixedOffset};

use super::Style;
use crate::derive::chart::{Bar, BarEnd, ChartLayout, ChartRow};
use crate::model::record::{Level, TargetKind};
use crate::model::text::width;
use crate::model::time::{When, format_minutes, format_offset, when_text};

/// The glyphs one chart is drawn with.
struct Glyphs {
    outage: char,
    degraded: char,
    at_risk: char,
    unknown: char,
    open: char,
    approx: char,
    axis: char,
    tick: char,
    /// A quiet stretch left out of the axis.
    gap: char,
    ellipsis: &'static str,
    dash: &'static str,
}

const UNICODE: Glyphs = Glyphs {
    outage: '█',
    degraded: '▓',
    at_risk: '░',
    unknown: '┄',
    open: '▶',
    approx: '~',
    axis: '─',
    tick: '┬',
    gap: '≈',
    ellipsis: "…",
    dash: "–",
};

const ASCII: Glyphs = Glyphs {
    outage: '#',
    degraded: '=',
    at_risk: '-',
    unknown: '.',
    open: '>',
    approx: '~',
    axis: '-',
    tick: '+',
    gap: '/',
    ellipsis: "...",
    dash: "-",
};

impl Glyphs {
    fn level(&self, l: Level) -> char {
        match l {
            Level::Outage => self.outage,
            Level::Degraded => self.degraded,
            Level::AtRisk => self.at_risk,
        }
    }

    /// The colour a cell is painted in: outage red, degraded yellow, at risk and unknown ends
    /// dim; everything else as the terminal has it.
    fn color(&self, c: char) -> Option<anstyle::Style> {
        if c == self.outage {
            Some(anstyle::AnsiColor::Red.on_default())
        } else if c == self.degraded {
            Some(anstyle::AnsiColor::Yellow.on_default())
        } else if c == self.at_risk || c == self.unknown {
            Some(anstyle::Style::new().dimmed())
        } else {
            None
        }
    }
}

/// How many columns a quiet stretch left out of the axis takes.
const BREAK_COLUMNS: usize = 1;

/// The scale of a terminal chart: minutes per column, the number of columns, and where each
/// segment of the axis is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scale {
    pub minutes_per_column: i64,
    pub columns: usize,
    /// Each segment's first column and number of columns; a break column between two.
    segments: Vec<(usize, usize)>,
}

/// The smallest readable scale (1, 2, 5, 10, 15, 20, 30 minutes, 1, 2, 3, 6, 12 hours, days)
/// that fits the chart's segments, and a column for each break between them, into
/// `max_columns`.
pub fn scale(layout: &ChartLayout, max_columns: usize) -> Scale {
    let lengths: Vec<i64> = layout.segments.iter().map(|s| s.minutes().max(1)).collect();
    let breaks = BREAK_COLUMNS * lengths.len().saturating_sub(1);
    let columns_at = |step: i64| -> usize {
        lengths
            .iter()
            .map(|m| usize::try_from((m + step - 1) / step).unwrap_or(usize::MAX))
            .sum::<usize>()
            + breaks
    };
    let steps = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 360, 720, 1440];
    let max = max_columns.max(1);
    let minutes_per_column = steps
        .iter()
        .copied()
        .find(|s| columns_at(*s) <= max)
        .unwrap_or_else(|| {
            // Whole days per column, as many as it takes.
            let total: i64 = lengths.iter().sum();
            let room = i64::try_from(max.saturating_sub(breaks).max(1)).unwrap_or(1);
            ((total + room - 1) / room).max(1440)
        });
    let mut segments = Vec::new();
    let mut c = 0;
    for m in &lengths {
        let n = usize::try_from((m + minutes_per_column - 1) / minutes_per_column)
            .unwrap_or(1)
            .max(1);
        segments.push((c, n));
        c += n + BREAK_COLUMNS;
    }
    Scale {
        minutes_per_column,
        columns: c.saturating_sub(BREAK_COLUMNS).max(1),
        segments,
    }
}

impl Scale {
    /// Minutes from the start of segment `i` to `t`.
    fn minutes_into(layout: &ChartLayout, i: usize, t: DateTime<FixedOffset>) -> i64 {
        (t - layout.segments[i].start)
            .num_seconds()
            .div_euclid(60)
            .max(0)
    }

    /// The column an instant falls in (clamped to the chart); in a break, the break's column.
    fn column(&self, layout: &ChartLayout, t: DateTime<FixedOffset>) -> usize {
        match layout.segment_of(t) {
            Ok(i) => {
                let (c0, n) = self.segments[i];
                let m = Self::minutes_into(layout, i, t);
                c0 + usize::try_from(m / self.minutes_per_column)
                    .unwrap_or(0)
                    .min(n - 1)
            }
            Err(0) => 0,
            Err(i) if i >= self.segments.len() => self.columns.saturating_sub(1),
            Err(i) => self.segments[i].0.saturating_sub(BREAK_COLUMNS),
        }
    }

    /// The column after the one an end falls in, rounding up (clamped).
    fn column_end(&self, layout: &ChartLayout, t: DateTime<FixedOffset>) -> usize {
        match layout.segment_of(t) {
            Ok(i) => {
                let (c0, n) = self.segments[i];
                let m = Self::minutes_into(layout, i, t);
                let c = (m + self.minutes_per_column - 1) / self.minutes_per_column;
                c0 + usize::try_from(c).unwrap_or(0).min(n)
            }
            Err(0) => 0,
            Err(i) if i >= self.segments.len() => self.columns,
            Err(i) => self.segments[i].0,
        }
    }

    /// True when column `c` stands for a quiet stretch left out.
    fn is_break(&self, c: usize) -> bool {
        self.segments
            .windows(2)
            .any(|w| c >= w[0].0 + w[0].1 && c < w[1].0)
    }

    /// The column of a whole-hour tick, when it falls on a column's left edge.
    fn tick_column(&self, layout: &ChartLayout, t: DateTime<FixedOffset>) -> Option<usize> {
        let i = layout.segment_of(t).ok()?;
        let (c0, n) = self.segments[i];
        let m = (t - layout.segments[i].start).num_minutes();
        let c = usize::try_from(m / self.minutes_per_column.max(1)).ok()?;
        (m % self.minutes_per_column.max(1) == 0 && c < n).then_some(c0 + c)
    }
}

/// `s` on one line, cut to at most `max` display columns (never inside a character) and
/// padded to exactly `max`.
fn fit(s: &str, max: usize, ellipsis: &str) -> String {
    let mut out = crate::model::text::cut_to_width(&crate::model::text::one_line(s), max, ellipsis);
    let pad = max.saturating_sub(width(&out));
    out.push_str(&" ".repeat(pad));
    out
}

/// Draws the chart for a terminal: a caption, the hour axis, one line per service and
/// customer, a line of key-event markers, a legend, the marker key and each row's windows
/// in words. `style.width` (default 100) bounds the lines of the chart itself.
pub fn terminal(layout: &ChartLayout, style: &Style) -> String {
    let out = terminal_glyphs(layout, style);
    if style.unicode {
        out
    } else {
        // Times known as bounds or ranges are written with ≤, ≥ and –; a terminal without
        // Unicode gets them spelled in ASCII, like the bars.
        out.replace('≤', "<=").replace('≥', ">=").replace('–', "-")
    }
}

fn terminal_glyphs(layout: &ChartLayout, style: &Style) -> String {
    let g = if style.unicode { &UNICODE } else { &ASCII };
    let total = usize::from(style.width.unwrap_or(100)).max(40);
    let longest = layout
        .rows
        .iter()
        .map(|r| width(&r.label()))
        .max()
        .unwrap_or(0);
    let label_w = longest.max(10).min(total * 2 / 5);
    let plot_max = total.saturating_sub(label_w + 3).max(10);
    let sc = scale(layout, plot_max);
    let multi_day = layout.start.date_naive() != layout.end.date_naive();
    let fmt_t = |t: DateTime<FixedOffset>| {
        if multi_day {
            t.format("%Y-%m-%d %H:%M").to_string()
        } else {
            t.format("%H:%M").to_string()
        }
    };
    let indent = " ".repeat(label_w + 3);
    let mut out = String::new();

    out.push_str(&format!(
        "Impact chart. Times in {} (UTC{}).\nFrom {} to {}; one column = {}.\n",
        layout.zone.name(),
        format_offset(*layout.start.offset()),
        layout.start.format("%Y-%m-%d %H:%M"),
        layout.end.format("%Y-%m-%d %H:%M"),
        format_minutes(sc.minutes_per_column),
    ));
    let breaks = layout.breaks();
    if !breaks.is_empty() {
        // One stretch per line after the first when they do not fit on one.
        let mut line = format!("Quiet stretches left out ({}):", g.gap);
        let n = breaks.len();
        for (i, q) in breaks.iter().enumerate() {
            let item = format!(
                " {}{}",
                quiet_text(q, g.dash),
                if i + 1 == n { "." } else { "," }
            );
            if width(&line) + width(&item) > total {
                out.push_str(&line);
                out.push('\n');
                line = " ".to_string();
            }
            line.push_str(&item);
        }
        out.push_str(&line);
        out.push('\n');
    }

    // Axis: labels above, tick marks on the line below. Hours are labelled every `every`
    // hours so that labels have room; midnight is labelled with the date.
    let cols_per_hour = (60 / sc.minutes_per_column.max(1)).max(0);
    let every = [1u32, 2, 3, 4, 6, 12, 24]
        .into_iter()
        .find(|k| i64::from(*k) * cols_per_hour >= 4)
        .unwrap_or(24);
    // Labels may run past the last column, never past the width.
    let mut labels = vec![' '; plot_max.max(sc.columns)];
    let mut axis: Vec<char> = (0..sc.columns)
        .map(|c| if sc.is_break(c) { g.gap } else { g.axis })
        .collect();
    let mut next_free = 0;
    for t in &layout.ticks {
        if t.hour % every != 0 && !t.after_break {
            continue;
        }
        let Some(c) = sc.tick_column(layout, t.at) else {
            continue;
        };
        if let Some(a) = axis.get_mut(c) {
            *a = g.tick;
        }
        if c >= next_free && c + t.label.len() <= labels.len() {
            for (i, ch) in t.label.chars().enumerate() {
                labels[c + i] = ch;
            }
            next_free = c + t.label.len() + 1;
        }
    }
    out.push_str(&format!(
        "{indent}{}\n",
        labels.iter().collect::<String>().trim_end()
    ));
    out.push_str(&format!("{indent}{}\n", axis.iter().collect::<String>()));

    for kind in TargetKind::ALL {
        let rows: Vec<&ChartRow> = layout.rows.iter().filter(|r| r.kind == kind).collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&kind.heading());
        out.push('\n');
        for r in rows {
            let cells = row_cells(layout, &sc, r, g);
            out.push_str(&format!(
                "  {} {}\n",
                fit(&r.label(), label_w, g.ellipsis),
                paint(&cells, g, style.color).trim_end()
            ));
        }
    }

    if !layout.markers.is_empty() {
        let mut lines: Vec<Vec<char>> = Vec::new();
        for m in &layout.markers {
            let c = sc.column(layout, m.at);
            let free = lines.iter().position(|l| l.get(c) == Some(&' '));
            let line = match free {
                Some(i) => i,
                None => {
                    lines.push(vec![' '; sc.columns]);
                    lines.len() - 1
                }
            };
            if let Some(cell) = lines.get_mut(line).and_then(|l| l.get_mut(c)) {
                *cell = m.key;
            }
        }
        for (i, l) in lines.iter().enumerate() {
            let head = if i == 0 { "Key events" } else { "" };
            out.push_str(&format!(
                "{} {}\n",
                fit(head, label_w + 2, g.ellipsis),
                l.iter().collect::<String>().trim_end()
            ));
        }
    }

    out.push('\n');
    let legend = [
        format!("{} {}", g.outage, Level::Outage.label()),
        format!("{} {}", g.degraded, Level::Degraded.label()),
        format!(
            "{} {} (not counted as impact)",
            g.at_risk,
            Level::AtRisk.label()
        ),
        format!(
            "{} end (or start) unknown, fading out to the last time the record gives",
            g.unknown
        ),
        format!("{} still open", g.open),
        format!("{} start or end not exact", g.approx),
        format!("A, B, {} key events", g.ellipsis),
    ]
    .into_iter()
    .chain((!breaks.is_empty()).then(|| format!("{} quiet stretch left out", g.gap)));
    let mut line = String::from("Legend:");
    for item in legend {
        if width(&line) + 2 + width(&item) > total {
            out.push_str(&line);
            out.push('\n');
            line = " ".repeat(7);
        }
        line.push_str("  ");
        line.push_str(&item);
    }
    out.push_str(&line);
    out.push('\n');

    if !layout.markers.is_empty() {
        out.push_str("\nKey events:\n");
        for m in &layout.markers {
            out.push_str(&format!(
                "  {}  {}  {} ({})\n",
                m.key,
                when_text(m.when, &layout.zone, multi_day),
                crate::model::text::cut_at_word(&m.text, KEY_EVENT_COLS, g.ellipsis),
                m.kind.label()
            ));
        }
    }

    out.push_str("\nWindows:\n");
    for r in &layout.rows {
        let ws: Vec<String> = r
            .bars
            .iter()
            .map(|b| {
                let from = match b.from_when {
                    When::Unknown | When::Open => "start unknown".to_string(),
                    When::At(_) | When::About(_) => {
                        format!("{}{}", if b.from_approx { "~" } else { "" }, fmt_t(b.from))
                    }
                    other => when_text(other, &layout.zone, multi_day),
                };
                // The end's date only when it is not the start's.
                let fmt_end = |t: DateTime<FixedOffset>| {
                    if t.date_naive() == b.from.date_naive() && !b.from_unknown {
                        t.format("%H:%M").to_string()
                    } else {
                        fmt_t(t)
                    }
                };
                let to = match (b.end, b.to_when) {
                    (BarEnd::Known, _) => fmt_end(b.to),
                    (BarEnd::Approximate, When::About(_)) => format!("~{}", fmt_end(b.to)),
                    (BarEnd::Approximate, other) => when_text(other, &layout.zone, multi_day),
                    (BarEnd::AtLeast, other) => {
                        format!("{}, end unknown", when_text(other, &layout.zone, multi_day))
                    }
                    (BarEnd::Unknown, _) => "end unknown".to_string(),
                    (BarEnd::Open, _) => "ongoing".to_string(),
                };
                format!("{} {from}{}{to}", b.level.label(), g.dash)
            })
            .collect();
        let ws = if ws.is_empty() {
            "no window".to_string()
        } else {
            ws.join(", ")
        };
        out.push_str(&format!(
            "  {}: {ws}\n",
            crate::model::text::one_line(&r.label())
        ));
    }
    out
}

/// A quiet stretch as listed under the chart: `2022-12-19 00:00–12:00 (12 h 0 min)`, with
/// `dash` between its ends.
fn quiet_text(q: &crate::derive::chart::Segment, dash: &str) -> String {
    let to = if q.end.date_naive() == q.start.date_naive() {
        q.end.format("%H:%M")
    } else {
        q.end.format("%Y-%m-%d %H:%M")
    };
    format!(
        "{}{dash}{to} ({})",
        q.start.format("%Y-%m-%d %H:%M"),
        format_minutes(q.minutes())
    )
}

/// The cells of one row: at-risk bars first, then degraded, then outage, so the worst level
/// shows where windows overlap. What is not known is drawn faint: an unknown end fades out
/// from the start to the chart's end, a "not before" end after its bound, an unknown start
/// from the chart's start. A quiet stretch left out is drawn across the bars that span it;
/// starts and ends that are not exact get a `~` beside the bar.
fn row_cells(layout: &ChartLayout, sc: &Scale, r: &ChartRow, g: &Glyphs) -> Vec<char> {
    let mut cells = vec![' '; sc.columns];
    let mut bars: Vec<&Bar> = r.bars.iter().collect();
    bars.sort_by_key(|b| std::cmp::Reverse(b.level));
    for b in &bars {
        let c0 = if b.from_unknown {
            0
        } else {
            sc.column(layout, b.from)
        };
        // Drawn solid from `solid_start` up to `solid_end` (exclusive), faint elsewhere.
        let (solid_start, solid_end) = match b.end {
            // Nothing is known to the minute: all faint.
            BarEnd::Unknown | BarEnd::Open if b.from_unknown => (sc.columns, sc.columns),
            // Only the end is known: its column is solid.
            _ if b.from_unknown => {
                let c = sc.column(layout, b.to);
                (c, sc.column_end(layout, b.to).max(c + 1).min(sc.columns))
            }
            BarEnd::Unknown => (c0, c0 + 1),
            BarEnd::Open => (c0, sc.columns),
            _ => (c0, sc.column_end(layout, b.to).max(c0 + 1).min(sc.columns)),
        };
        let c1 = match b.end {
            BarEnd::Unknown | BarEnd::AtLeast | BarEnd::Open => sc.columns,
            _ => solid_end,
        };
        for (i, cell) in cells.iter_mut().enumerate().take(c1).skip(c0) {
            *cell = if sc.is_break(i) {
                g.gap
            } else if b.end == BarEnd::Open && i + 1 == c1 && i > c0 {
                g.open
            } else if !(solid_start..solid_end).contains(&i) {
                g.unknown
            } else {
                g.level(b.level)
            };
        }
    }
    // Edges that are not exact, marked where they do not hide a bar.
    for b in &bars {
        let c0 = sc.column(layout, b.from);
        if b.from_approx && !b.from_unknown {
            match c0.checked_sub(1) {
                Some(p) if cells.get(p) == Some(&' ') => cells[p] = g.approx,
                _ => {}
            }
        }
        if b.end == BarEnd::Approximate {
            let c1 = sc.column_end(layout, b.to).max(c0 + 1);
            if cells.get(c1) == Some(&' ') {
                cells[c1] = g.approx;
            }
        }
    }
    cells
}

/// The cells as text, with ANSI colour runs when colour is allowed.
fn paint(cells: &[char], g: &Glyphs, color: bool) -> String {
    if !color {
        return cells.iter().collect();
    }
    let mut out = String::new();
    let mut current: Option<anstyle::Style> = None;
    for &c in cells {
        let want = g.color(c);
        if want != current {
            // `{:#}` is the style's reset, `{}` its start.
            if let Some(old) = current {
                out.push_str(&format!("{old:#}"));
            }
            if let Some(new) = want {
                out.push_str(&format!("{new}"));
            }
            current = want;
        }
        out.push(c);
    }
    if let Some(old) = current {
        out.push_str(&format!("{old:#}"));
    }
    out
}

/// A time in a Mermaid task name, where `:` cannot be written: `~12.00`, `12-19 12.00`,
/// `day 12-25`, `between 14.00 and 15.00`, `not before 20.00`, `no later than 10.30`.
fn mermaid_when(w: When, layout: &ChartLayout) -> String {
    let z = |t: crate::model::time::Instant| layout.zone.convert(t.get());
    let hm = |t: crate::model::time::Instant| {
        let t = z(t);
        if t.date_naive() == layout.start.date_naive() {
            t.format("%H.%M").to_string()
        } else {
            t.format("%m-%d %H.%M").to_string()
        }
    };
    match w {
        When::At(t) => hm(t),
        When::About(t) => format!("~{}", hm(t)),
        // A day is the calendar day where it was recorded.
        When::Day(t) => format!("day {}", t.get().format("%m-%d")),
        When::Between(a, b) => format!("between {} and {}", hm(a), hm(b)),
        When::NotBefore(t) => format!("not before {}", hm(t)),
        When::NotAfter(t) => format!("no later than {}", hm(t)),
        When::Unknown => "unknown".to_string(),
        When::Open => "ongoing".to_string(),
    }
}

/// Text safe inside a Mermaid task or section name: one line, and none of the characters
/// Mermaid's gantt syntax reads (`:`, `;`, `#`, backtick).
/// Key events are named by their text, shortened between words to this many columns.
const KEY_EVENT_COLS: usize = 48;

/// Text safe inside a Mermaid task or section name: one line, none of the characters
/// Mermaid's gantt syntax reads (`:`, `;`, `#`, backtick), and no `<` or `>`, which Mermaid
/// may pass on as HTML (they become `‹` and `›`).
pub fn mermaid_text(s: &str) -> String {
    crate::model::text::one_line(s)
        .chars()
        .map(|c| match c {
            ':' | ';' | '#' | '`' => ' ',
            '<' => '‹',
            '>' => '›',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The chart as a fenced Mermaid `gantt` block, with a caption paragraph before it: one
/// section per service and customer, one task per window (outage `crit`, degraded `active`,
/// at risk plain, end unknown `done` and drawn to the chart's end), key events as milestones.
/// Times are the wall-clock times of the displayed zone.
pub fn mermaid(layout: &ChartLayout) -> String {
    let fmt = "%Y-%m-%d %H:%M";
    let mut out = format!(
        "Impact chart. Times in {} (UTC{}). Outage in red (crit), degraded highlighted (active), \
         at risk plain; a grey bar (done) marked \"end unknown\" runs to the chart's end (the last \
         time the record gives) because no source gives its end; \"~\" marks an approximate start \
         or end.",
        super::markdown::inline(&layout.zone.name()),
        format_offset(*layout.start.offset())
    );
    let breaks = layout.breaks();
    if !breaks.is_empty() {
        // A gantt chart cannot leave time out: say where nothing happens.
        let list: Vec<String> = breaks.iter().map(|q| quiet_text(q, "–")).collect();
        out.push_str(&format!(
            " Nothing in the record falls in these quiet stretches: {}.",
            super::markdown::inline(&list.join(", "))
        ));
    }
    out.push_str("\n\n```mermaid\ngantt\n");
    out.push_str(&format!(
        "    title Impact, times in {}\n",
        mermaid_text(&layout.zone.name())
    ));
    // Over more than a day, the axis shows dates.
    let axis = if layout.end - layout.start > chrono::TimeDelta::hours(24) {
        "%m-%d %H:%M"
    } else {
        "%H:%M"
    };
    out.push_str(&format!(
        "    dateFormat YYYY-MM-DD HH:mm\n    axisFormat {axis}\n    todayMarker off\n"
    ));
    for r in &layout.rows {
        out.push_str(&format!(
            "    section {}\n",
            mermaid_text(&format!("{} ({})", r.label(), r.kind.label()))
        ));
        if r.bars.is_empty() {
            continue;
        }
        for b in &r.bars {
            let mut name = b.level.label().to_string();
            if b.from_unknown {
                name.push_str(", start unknown");
            } else if b.from_approx {
                name.push_str(&format!(" from {}", mermaid_when(b.from_when, layout)));
            }
            let tag = match b.level {
                Level::Outage => "crit",
                Level::Degraded => "active",
                Level::AtRisk => "",
            };
            let mut tags: Vec<&str> = vec![tag];
            if b.from_unknown {
                tags.push("done");
            }
            let mut then = None;
            match b.end {
                BarEnd::Known => {}
                BarEnd::Approximate if matches!(b.to_when, When::About(_)) => {
                    let f = if b.to.date_naive() == b.from.date_naive() {
                        "%H.%M"
                    } else {
                        "%m-%d %H.%M"
                    };
                    name.push_str(&format!(" to ~{}", b.to.format(f)));
                }
                BarEnd::Approximate => {
                    name.push_str(&format!(" to {}", mermaid_when(b.to_when, layout)));
                }
                BarEnd::AtLeast => {
                    name.push_str(&format!(" to {}", mermaid_when(b.to_when, layout)));
                    // After the bound, the end is unknown: a grey task to the chart's end.
                    then = Some(format!("{}, then end unknown", b.level.label()));
                }
                BarEnd::Unknown => {
                    name.push_str(", end unknown");
                    tags.push("done");
                }
                BarEnd::Open => name.push_str(", ongoing"),
            }
            tags.retain(|t| !t.is_empty());
            let tags = if tags.is_empty() {
                String::new()
            } else {
                format!("{}, ", tags.join(", "))
            };
            out.push_str(&format!(
                "    {} :{tags}{}, {}\n",
                mermaid_text(&name),
                b.from.format(fmt),
                b.to.format(fmt)
            ));
            if let Some(then) = then {
                out.push_str(&format!(
                    "    {} :done, {}, {}\n",
                    mermaid_text(&then),
                    b.to.format(fmt),
                    layout.end.format(fmt)
                ));
            }
        }
    }
    if !layout.markers.is_empty() {
        out.push_str("    section Key events\n");
        for m in &layout.markers {
            let mut name = format!(
                "{}{} ({})",
                if matches!(m.when, When::About(_)) {
                    "~"
                } else {
                    ""
                },
                crate::model::text::cut_at_word(&m.text, KEY_EVENT_COLS, "…"),
                m.kind.label()
            );
            if !matches!(m.when, When::At(_) | When::About(_)) {
                name.push_str(&format!(", {}", mermaid_when(m.when, layout)));
            }
            out.push_str(&format!(
                "    {} :milestone, {}, 0m\n",
                mermaid_text(&name),
                m.at.format(fmt)
            ));
        }
    }
    out.push_str("```\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::chart::layout;
    use crate::model::record::Incident;
    use crate::model::time::{When, Zone};

    fn hk() -> Incident {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        crate::files::load::parse_text(std::path::Path::new("hk.ron"), text).expect("parses")
    }

    #[test]
    fn layout_of_the_hong_kong_record() {
        let inc = hk();
        let zone = Zone::Named(chrono_tz::Asia::Hong_Kong);
        let l = layout(&inc, &zone).expect("a chart");
        assert_eq!(l.start.to_rfc3339(), "2022-12-18T08:00:00+08:00");
        // The last time the record gives: the internal letter of 29 December, between 12:00
        // and 18:00, placed at its middle (15:00). Quiet stretches of more than six hours are
        // left out: the night after the resolution, and the days between the day-only events
        // of 19, 20, 25 and 29 December.
        assert_eq!(l.end.to_rfc3339(), "2022-12-29T16:00:00+08:00");
        let stretches: Vec<(String, String)> = l
            .segments
            .iter()
            .map(|s| {
                (
                    s.start.format("%d %H:%M").to_string(),
                    s.end.format("%d %H:%M").to_string(),
                )
            })
            .collect();
        let pairs = [
            ("18 08:00", "19 00:00"),
            ("19 12:00", "19 13:00"),
            ("20 12:00", "20 13:00"),
            ("25 12:00", "25 13:00"),
            ("29 12:00", "29 16:00"),
        ];
        assert_eq!(
            stretches,
            pairs.map(|(a, b)| (a.to_string(), b.to_string()))
        );
        assert_eq!(l.breaks().len(), 4);
        let oss = l
            .rows
            .iter()
            .find(|r| r.name == "OSS (Zone C)")
            .expect("OSS row");
        let outage = oss
            .bars
            .iter()
            .find(|b| b.level == Level::Outage)
            .expect("outage");
        assert_eq!((outage.to - outage.from).num_minutes(), 439);
        assert_eq!(outage.end, BarEnd::Known);
        let ecs = &l.rows[0];
        assert_eq!(ecs.bars[0].end, BarEnd::Unknown);
        assert_eq!(ecs.bars[0].to, l.end);
        assert_eq!(
            l.rows
                .iter()
                .filter(|r| r.kind == TargetKind::Customer)
                .count(),
            8
        );
        assert_eq!(
            l.markers.first().map(|m| m.id.as_str()),
            Some("first-alarm")
        );
        // Every important event, the day-only statement of 25 December included.
        let last = l.markers.last().expect("markers");
        assert_eq!(
            (l.markers.len(), last.id.as_str()),
            (12, "statement-published")
        );
        assert_eq!(last.at.to_rfc3339(), "2022-12-25T12:00:00+08:00");
        // 08:00 to midnight, then 12:00 and 13:00 of each later stretch and 12:00 to 16:00 on
        // the 29th; the first tick after a break carries its date.
        assert_eq!(l.ticks.len(), 17 + 3 * 2 + 5);
        let dated: Vec<&str> = l
            .ticks
            .iter()
            .filter(|t| t.after_break)
            .map(|t| t.label.as_str())
            .collect();
        assert_eq!(dated, ["12-19 12", "12-20 12", "12-25 12", "12-29 12"]);
    }

    #[test]
    fn colour_runs_are_ansi_sgr_codes() {
        let cells: Vec<char> = "  ██▓▓░┄ A".chars().collect();
        assert_eq!(
            paint(&cells, &UNICODE, true),
            "  \x1b[31m██\x1b[0m\x1b[33m▓▓\x1b[0m\x1b[2m░┄\x1b[0m A"
        );
        assert_eq!(paint(&cells, &UNICODE, false), "  ██▓▓░┄ A");
        let ascii: Vec<char> = "#=-".chars().collect();
        assert_eq!(
            paint(&ascii, &ASCII, true),
            "\x1b[31m#\x1b[0m\x1b[33m=\x1b[0m\x1b[2m-\x1b[0m"
        );
    }

    #[test]
    fn row_labels_are_cut_between_whole_characters() {
        let mut l = layout(&hk(), &Zone::Utc).expect("a chart");
        // 13 columns, then a two-column emoji of three code points: cut to 16 columns, it
        // fits whole before the `…` (counting its code points one by one, it would not).
        l.rows[0].name = "abcdefghijklm👩\u{200d}🔧 and more".to_string();
        l.rows[0].other_name = None;
        l.rows[1].name = "Caf\u{65}\u{301} du 澳門 port, a long name".to_string();
        l.rows[1].other_name = None;
        let style = Style {
            width: Some(40),
            ..Style::PLAIN
        };
        let out = terminal(&l, &style);
        // The label column is two fifths of 40.
        assert!(out.contains("\n  abcdefghijklm👩\u{200d}🔧… "), "{out}");
        assert!(out.contains("\n  Cafe\u{301} du 澳門 po… "), "{out}");
        // The rows, not the key events (named by their text, shortened too).
        let rows = out.split("\nKey events:").next().unwrap_or("");
        for line in rows.lines().filter(|x| x.contains('…')) {
            let label = line
                .get(2..)
                .and_then(|x| x.split('…').next())
                .unwrap_or("");
            assert!(width(label) < 16, "{line}");
        }
    }

    #[test]
    fn open_windows_run_to_the_end_with_an_arrow() {
        let mut inc = hk();
        inc.services[2].windows[1].to = When::Open;
        let zone = Zone::Utc;
        let l = layout(&inc, &zone).expect("a chart");
        let out = terminal(&l, &Style::PLAIN);
        let oss = out
            .lines()
            .find(|x| x.starts_with("  OSS"))
            .expect("OSS line");
        assert!(oss.ends_with("█▶"), "{oss}");
        assert!(out.contains("outage 2022-12-18 03:07–ongoing"), "{out}");
        let md = mermaid(&l);
        assert!(
            md.contains("outage, ongoing :crit, 2022-12-18 03:07, 2022-12-29 08:00"),
            "{md}"
        );
    }

    #[test]
    fn unknown_starts_and_lower_bounds_fade() {
        let mut inc = hk();
        let t = |s: &str| crate::model::time::Instant(s.parse().unwrap());
        // OSS: no source gives its start; RDS: still down at 22:00, no later report.
        inc.services[2].windows.remove(0);
        inc.services[2].windows[0].from = When::Unknown;
        inc.services[3].windows[0].to = When::NotBefore(t("2022-12-18T22:00:00+08:00"));
        let l = layout(&inc, &Zone::Named(chrono_tz::Asia::Hong_Kong)).expect("a chart");
        let oss = &l.rows[2].bars[0];
        assert!(oss.from_unknown);
        assert_eq!(oss.from, l.start);
        let rds = &l.rows[3].bars[0];
        assert_eq!(rds.end, BarEnd::AtLeast);
        assert_eq!(rds.to.to_rfc3339(), "2022-12-18T22:00:00+08:00");
        let out = terminal(
            &l,
            &Style {
                width: Some(120),
                ..Style::PLAIN
            },
        );
        let row = |name: &str| {
            let line = out.lines().find(|x| x.starts_with(name)).expect(name);
            line.chars().skip(2 + 48 + 1).collect::<String>()
        };
        // Faint from the chart's start, solid only where its end (18:26) is.
        let oss_cells = row("  OSS");
        assert!(oss_cells.starts_with("┄┄┄┄"), "{oss_cells}");
        assert_eq!(
            oss_cells.trim_end().chars().last(),
            Some('█'),
            "{oss_cells}"
        );
        // Solid from 10:17 to 22:00, then fading out to the chart's end.
        let rds_cells = row("  RDS");
        let solid = rds_cells.chars().filter(|c| *c == '█').count();
        assert!(out.contains("one column = 30 min"), "{out}");
        assert_eq!(solid, 24, "10:00–22:00 at 30 min a column: {rds_cells}");
        assert!(rds_cells.trim_end().ends_with("┄┄"), "{rds_cells}");
        assert!(out.contains("RDS and other databases (Zone C): outage 2022-12-18 10:17–≥ 2022-12-18 22:00, end unknown"), "{out}");
        assert!(
            out.contains("OSS (Zone C): outage start unknown–2022-12-18 18:26"),
            "{out}"
        );
        let md = mermaid(&l);
        assert!(
            md.contains(
                "    outage, start unknown :crit, done, 2022-12-18 08:00, 2022-12-18 18:26\n"
            ),
            "{md}"
        );
        assert!(
            md.contains(
                "    outage to not before 22.00 :crit, 2022-12-18 10:17, 2022-12-18 22:00\n"
            ),
            "{md}"
        );
        assert!(
            md.contains("    outage, then end unknown :done, 2022-12-18 22:00, 2022-12-29 16:00\n"),
            "{md}"
        );
    }

    #[test]
    fn a_short_incident_is_not_compressed() {
        let mut inc = hk();
        // Without what came after the resolution (OKX's recovery on the 19th, the Macau sites
        // back by the 20th, the day-only and ranged events), the record spans 18 December
        // 08:56 to 23:11: under a day, one stretch, however quiet the afternoon.
        inc.events.retain(|e| {
            matches!(e.at, When::At(t) | When::About(t) | When::NotAfter(t)
                if t.get() < "2022-12-19T00:00:00+08:00".parse::<chrono::DateTime<chrono::FixedOffset>>().unwrap())
                && e.id != "okx-resumes"
        });
        inc.customers.retain(|c| c.name != "OKX");
        for c in &mut inc.customers {
            for w in &mut c.windows {
                if matches!(w.to, When::NotAfter(_)) {
                    w.to = When::Unknown;
                }
            }
        }
        let l = layout(&inc, &Zone::Named(chrono_tz::Asia::Hong_Kong)).expect("a chart");
        assert_eq!(l.segments.len(), 1);
        assert_eq!(l.end.to_rfc3339(), "2022-12-19T00:00:00+08:00");
        let out = terminal(&l, &Style::PLAIN);
        assert!(!out.contains("Quiet stretches"), "{out}");
        assert!(!out.contains('≈'), "{out}");
    }
}
