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
use crate::model::time::format_offset;

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

/// The scale of a terminal chart: minutes per column and the number of columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    pub minutes_per_column: i64,
    pub columns: usize,
}

/// The smallest readable scale (1, 2, 5, 10, 15, 20, 30 minutes, 1, 2, 3, 6, 12 hours, days)
/// that fits the chart's range into `max_columns`.
pub fn scale(layout: &ChartLayout, max_columns: usize) -> Scale {
    let range = (layout.end - layout.start).num_minutes().max(1);
    let steps = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 360, 720, 1440];
    let max = i64::try_from(max_columns.max(1)).unwrap_or(i64::MAX);
    let minutes_per_column = steps
        .iter()
        .copied()
        .find(|s| (range + s - 1) / s <= max)
        .unwrap_or_else(|| (range + max - 1) / max);
    let columns =
        usize::try_from((range + minutes_per_column - 1) / minutes_per_column).unwrap_or(1);
    Scale {
        minutes_per_column,
        columns: columns.max(1),
    }
}

impl Scale {
    /// The column an instant falls in (clamped to the chart).
    fn column(&self, layout: &ChartLayout, t: DateTime<FixedOffset>) -> usize {
        let m = (t - layout.start).num_seconds().div_euclid(60).max(0);
        usize::try_from(m / self.minutes_per_column)
            .unwrap_or(0)
            .min(self.columns.saturating_sub(1))
    }

    /// The column after the one an end falls in, rounding up (clamped).
    fn column_end(&self, layout: &ChartLayout, t: DateTime<FixedOffset>) -> usize {
        let m = (t - layout.start).num_seconds().div_euclid(60).max(0);
        let c = (m + self.minutes_per_column - 1) / self.minutes_per_column;
        usize::try_from(c).unwrap_or(0).min(self.columns)
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
        crate::model::time::format_minutes(sc.minutes_per_column),
    ));

    // Axis: labels above, tick marks on the line below. Hours are labelled every `every`
    // hours so that labels have room; midnight is labelled with the date.
    let cols_per_hour = (60 / sc.minutes_per_column.max(1)).max(0);
    let every = [1u32, 2, 3, 4, 6, 12, 24]
        .into_iter()
        .find(|k| i64::from(*k) * cols_per_hour >= 4)
        .unwrap_or(24);
    let mut labels = vec![' '; sc.columns + 6];
    let mut axis = vec![g.axis; sc.columns];
    let mut next_free = 0;
    for t in &layout.ticks {
        if t.hour % every != 0 {
            continue;
        }
        let m = (t.at - layout.start).num_minutes();
        let c = usize::try_from(m / sc.minutes_per_column.max(1)).unwrap_or(usize::MAX);
        if m % sc.minutes_per_column.max(1) != 0 || c >= sc.columns {
            continue;
        }
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
    let shows = layout.marks();
    // Only what this chart draws is explained.
    let legend = [
        (
            shows.outage,
            format!("{} {}", g.outage, Level::Outage.label()),
        ),
        (
            shows.degraded,
            format!("{} {}", g.degraded, Level::Degraded.label()),
        ),
        (
            shows.at_risk,
            format!(
                "{} {} (not counted as impact)",
                g.at_risk,
                Level::AtRisk.label()
            ),
        ),
        (
            shows.unknown_end,
            format!("{} end unknown, drawn to the chart's end", g.unknown),
        ),
        (shows.open, format!("{} still open", g.open)),
        (
            shows.approximate,
            format!("{} approximate start or end", g.approx),
        ),
        (shows.key_events, format!("A, B, {} key events", g.ellipsis)),
    ];
    let mut line = String::from("Legend:");
    for item in legend
        .into_iter()
        .filter_map(|(shown, item)| shown.then_some(item))
    {
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
                "  {}  {}{}  {} ({})\n",
                m.key,
                if m.approx { "~" } else { "" },
                fmt_t(m.at),
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
                let from = format!("{}{}", if b.from_approx { "~" } else { "" }, fmt_t(b.from));
                // The end's date only when it is not the start's.
                let fmt_end = |t: DateTime<FixedOffset>| {
                    if t.date_naive() == b.from.date_naive() {
                        t.format("%H:%M").to_string()
                    } else {
                        fmt_t(t)
                    }
                };
                let to = match b.end {
                    BarEnd::Known => fmt_end(b.to),
                    BarEnd::Approximate => format!("~{}", fmt_end(b.to)),
                    BarEnd::Unknown => "end unknown".to_string(),
                    BarEnd::Open => "ongoing".to_string(),
                };
                format!("{} {from}{}{to}", b.level.label(), g.dash)
            })
            .collect();
        let ws = if ws.is_empty() {
            "no window with a known start".to_string()
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

/// The cells of one row: at-risk bars first, then degraded, then outage, so the worst level
/// shows where windows overlap; approximate starts and ends get a `~` beside the bar.
fn row_cells(layout: &ChartLayout, sc: &Scale, r: &ChartRow, g: &Glyphs) -> Vec<char> {
    let mut cells = vec![' '; sc.columns];
    let mut bars: Vec<&Bar> = r.bars.iter().collect();
    bars.sort_by_key(|b| std::cmp::Reverse(b.level));
    for b in &bars {
        let c0 = sc.column(layout, b.from);
        let c1 = match b.end {
            BarEnd::Unknown | BarEnd::Open => sc.columns,
            _ => sc.column_end(layout, b.to).max(c0 + 1).min(sc.columns),
        };
        for (i, cell) in cells.iter_mut().enumerate().take(c1).skip(c0) {
            *cell = match b.end {
                BarEnd::Unknown if i > c0 => g.unknown,
                BarEnd::Open if i + 1 == c1 && i > c0 => g.open,
                _ => g.level(b.level),
            };
        }
    }
    // Approximate edges, marked where they do not hide a bar.
    for b in &bars {
        let c0 = sc.column(layout, b.from);
        if b.from_approx {
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

/// Section names (a service's or customer's name) are shortened between words to this many
/// columns, so that they fit the label column and never run under the bars; the impact table
/// beside the chart gives every name in full.
pub const MERMAID_SECTION_COLS: usize = 28;

/// The section name of a row: its name shortened to [`MERMAID_SECTION_COLS`], then its kind.
fn mermaid_section(r: &ChartRow) -> String {
    mermaid_text(&format!(
        "{} ({})",
        crate::model::text::cut_at_word(&r.label(), MERMAID_SECTION_COLS, "…"),
        r.kind.label()
    ))
}

/// The width in pixels Mermaid gives the section names (its gantt `leftPadding`, 75 by
/// default): wide enough for the longest name at Mermaid's 11 px section font, about six
/// pixels a column, so that no name overlaps a bar.
fn mermaid_label_px(sections: &[String]) -> usize {
    let cols = sections.iter().map(|s| width(s)).max().unwrap_or(0);
    (cols * 6 + 20).max(75)
}

/// The caption paragraph before the block: the zone, then what each kind of bar and mark
/// means, naming only those the chart draws.
fn mermaid_caption(layout: &ChartLayout, shortened: bool) -> String {
    let shows = layout.marks();
    let parts: Vec<&str> = [
        (shows.outage, "outage in red (crit)"),
        (shows.degraded, "degraded highlighted (active)"),
        (shows.at_risk, "at risk plain (not counted as impact)"),
        (
            shows.unknown_end,
            "a grey bar (done) marked \"end unknown\" runs to the chart's end because no source \
             gives its end",
        ),
        (
            shows.open,
            "a bar marked \"ongoing\" is still open and runs to the chart's end",
        ),
        (shows.approximate, "\"~\" marks an approximate time"),
        (
            shows.key_events,
            "key events are milestones in the last section",
        ),
    ]
    .into_iter()
    .filter_map(|(shown, text)| shown.then_some(text))
    .collect();
    let mut out = format!(
        "Impact chart. Times in {} (UTC{}).",
        super::markdown::inline(&layout.zone.name()),
        format_offset(*layout.start.offset())
    );
    if let Some((first, rest)) = parts.split_first() {
        let mut sentence = first.to_string();
        if let Some(c) = sentence.get(..1) {
            sentence.replace_range(..1, &c.to_uppercase());
        }
        for p in rest {
            sentence.push_str("; ");
            sentence.push_str(p);
        }
        out.push_str(&format!(" {sentence}."));
    }
    if shortened {
        out.push_str(&format!(
            " Names longer than {MERMAID_SECTION_COLS} columns are shortened; the impact table \
             (incident impact) gives them in full."
        ));
    }
    out.push_str("\n\n");
    out
}

/// The chart as a fenced Mermaid `gantt` block, with a caption paragraph before it: one
/// section per service and customer, one task per window (outage `crit`, degraded `active`,
/// at risk plain, end unknown `done` and drawn to the chart's end), key events as milestones.
/// Times are the wall-clock times of the displayed zone. An `init` directive widens the label
/// column to the longest (shortened) section name.
pub fn mermaid(layout: &ChartLayout) -> String {
    let fmt = "%Y-%m-%d %H:%M";
    let sections: Vec<String> = layout.rows.iter().map(mermaid_section).collect();
    let shortened = layout
        .rows
        .iter()
        .any(|r| width(&r.label()) > MERMAID_SECTION_COLS);
    let mut out = mermaid_caption(layout, shortened);
    out.push_str("```mermaid\n");
    out.push_str(&format!(
        "%%{{init: {{\"gantt\": {{\"leftPadding\": {}}}}}}}%%\n",
        mermaid_label_px(&sections)
    ));
    out.push_str("gantt\n");
    out.push_str(&format!(
        "    title Impact, times in {}\n",
        mermaid_text(&layout.zone.name())
    ));
    out.push_str("    dateFormat YYYY-MM-DD HH:mm\n    axisFormat %H:%M\n    todayMarker off\n");
    for (r, section) in layout.rows.iter().zip(&sections) {
        out.push_str(&format!("    section {section}\n"));
        if r.bars.is_empty() {
            continue;
        }
        for b in &r.bars {
            let mut name = b.level.label().to_string();
            if b.from_approx {
                name.push_str(&format!(" from ~{}", b.from.format("%H.%M")));
            }
            let tag = match b.level {
                Level::Outage => "crit",
                Level::Degraded => "active",
                Level::AtRisk => "",
            };
            let mut tags: Vec<&str> = vec![tag];
            match b.end {
                BarEnd::Known => {}
                BarEnd::Approximate => {
                    let f = if b.to.date_naive() == b.from.date_naive() {
                        "%H.%M"
                    } else {
                        "%m-%d %H.%M"
                    };
                    name.push_str(&format!(" to ~{}", b.to.format(f)));
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
        }
    }
    if !layout.markers.is_empty() {
        out.push_str("    section Key events\n");
        for m in &layout.markers {
            out.push_str(&format!(
                "    {}{} ({}) :milestone, {}, 0m\n",
                if m.approx { "~" } else { "" },
                mermaid_text(&crate::model::text::cut_at_word(
                    &m.text,
                    KEY_EVENT_COLS,
                    "…"
                )),
                m.kind.label(),
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
        // The Macau sites' end, no later than noon on the 20th, is the last bounded end.
        assert_eq!(l.end.to_rfc3339(), "2022-12-20T12:00:00+08:00");
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
        // Hourly ticks from 08:00 on the 18th to 12:00 on the 20th.
        assert_eq!(l.ticks.len(), 53);
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
            md.contains("outage, ongoing :crit, 2022-12-18 03:07, 2022-12-20 04:00"),
            "{md}"
        );
    }
}
