//! Inline SVG charts for the stats page. Each chart is an image with a `<title>` and a
//! `<desc>` that says in words what it shows (the table beside it has every number). No
//! `style` attributes: the page's policy allows only its hashed stylesheet.

use std::fmt::Write as _;

use crate::render::html::escape;

/// One column of a stacked column chart: its label and (colour, count) parts, bottom first.
pub struct Series {
    pub label: String,
    pub parts: Vec<(&'static str, usize)>,
}

/// One bar of a horizontal bar chart.
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The value as printed at the end of the bar.
    pub text: String,
}

fn open(o: &mut String, id: &str, width: u32, height: u32, title: &str, desc: &str) {
    let _ = writeln!(
        o,
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" id=\"{id}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc)
    );
}

fn close(o: &mut String, desc: &str) {
    // The text equivalent, visible under the chart too (and to readers that skip images).
    let _ = writeln!(
        o,
        "</svg>\n<figcaption>{}</figcaption>\n</figure>",
        escape(desc)
    );
}

/// A stacked column chart (one column per series) with a legend of (colour, name).
pub fn stacked_columns(
    id: &str,
    title: &str,
    desc: &str,
    series: &[Series],
    legend: &[(&'static str, &str)],
) -> String {
    const LEFT: u32 = 36;
    const TOP: u32 = 28;
    const PLOT_H: u32 = 200;
    let step: u32 = if series.len() > 60 { 8 } else { 18 };
    let width = LEFT + 10 + step * (series.len() as u32).max(1);
    let width = width.max(320);
    let height = TOP + PLOT_H + 60;
    let max = series
        .iter()
        .map(|s| s.parts.iter().map(|p| p.1).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut o = String::new();
    open(&mut o, id, width, height, title, desc);
    // Legend.
    let mut x = LEFT;
    for (colour, name) in legend {
        let _ = writeln!(
            o,
            "<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{}\" y=\"16\" fill=\"#18181b\">{}</text>",
            x + 16,
            escape(name)
        );
        x += 64;
    }
    let base = TOP + PLOT_H;
    // Axis and its top value.
    let _ = writeln!(
        o,
        "<line x1=\"{LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#52525b\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#52525b\">{max}</text><text x=\"{}\" y=\"{base}\" text-anchor=\"end\" fill=\"#52525b\">0</text>",
        width - 4,
        LEFT - 4,
        TOP + 10,
        LEFT - 4
    );
    let label_every = (series.len() / 24).max(1);
    for (i, s) in series.iter().enumerate() {
        let x = LEFT + 4 + step * i as u32;
        let mut y = base;
        for (colour, n) in &s.parts {
            if *n == 0 {
                continue;
            }
            let h = ((*n as f64 / max as f64) * f64::from(PLOT_H)).round() as u32;
            let h = h.max(1);
            y -= h;
            let _ = writeln!(
                o,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{h}\" fill=\"{colour}\"/>",
                step - 2
            );
        }
        if i % label_every == 0 {
            let lx = x + step / 2;
            let ly = base + 8;
            let _ = writeln!(
                o,
                "<text x=\"{lx}\" y=\"{ly}\" transform=\"rotate(60 {lx} {ly})\" fill=\"#18181b\" font-size=\"10\">{}</text>",
                escape(&s.label)
            );
        }
    }
    close(&mut o, desc);
    o
}

/// A horizontal bar chart, one labelled bar per row, its value printed at its end.
pub fn horizontal_bars(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    const LABEL_W: u32 = 150;
    const BAR_W: u32 = 260;
    const ROW: u32 = 22;
    let width = LABEL_W + BAR_W + 70;
    let height = 10 + ROW * (bars.len() as u32).max(1);
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let mut o = String::new();
    open(&mut o, id, width, height, title, desc);
    for (i, b) in bars.iter().enumerate() {
        let y = 6 + ROW * i as u32;
        let w = if max > 0.0 {
            ((b.value / max) * f64::from(BAR_W)).round() as u32
        } else {
            0
        };
        let label: String = if b.label.chars().count() > 22 {
            let mut s: String = b.label.chars().take(21).collect();
            s.push('…');
            s
        } else {
            b.label.clone()
        };
        let _ = writeln!(
            o,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#18181b\">{}</text><rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{w}\" height=\"{}\" fill=\"#1d5c96\"/><text x=\"{}\" y=\"{}\" fill=\"#18181b\">{}</text>",
            LABEL_W - 6,
            y + 13,
            escape(&label),
            ROW - 6,
            LABEL_W + w + 4,
            y + 13,
            escape(&b.text)
        );
    }
    close(&mut o, desc);
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_carry_a_title_and_a_text_equivalent() {
        let bars = [
            Bar {
                label: "a <b>".into(),
                value: 2.0,
                text: "2".into(),
            },
            Bar {
                label: "c".into(),
                value: 1.0,
                text: "1".into(),
            },
        ];
        let svg = horizontal_bars("x", "T", "two bars", &bars);
        assert!(svg.contains("<title id=\"x-title\">T</title>"));
        assert!(svg.contains("<desc id=\"x-desc\">two bars</desc>"));
        assert!(svg.contains("<figcaption>two bars</figcaption>"));
        assert!(svg.contains("a &lt;b&gt;"));
        // The longest bar is the full width, the other half of it.
        assert!(svg.contains("width=\"260\""));
        assert!(svg.contains("width=\"130\""));
        assert!(!svg.contains("style="));
        let cols = stacked_columns(
            "m",
            "M",
            "d",
            &[Series {
                label: "2024-01".into(),
                parts: vec![("#b3261e", 2), ("#1d5c96", 0)],
            }],
            &[("#b3261e", "Sev1")],
        );
        assert!(cols.contains("height=\"200\" fill=\"#b3261e\""));
        assert!(!cols.contains("fill=\"#1d5c96\""));
    }
}
