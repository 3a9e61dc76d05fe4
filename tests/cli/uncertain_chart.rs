//! The impact chart of an outage that lasted three weeks (issue 12, item 8): the axis runs
//! from the first to the last time the record gives, quiet stretches are left out, and every
//! important event is on it — in the SVG of the HTML postmortem, the terminal chart and the
//! Mermaid chart. Bars with unknown ends fade out at the last time the record gives.
//!
//! Fixture: `tests/fixtures/uncertain/2024-03-04-regional-storage-outage.ron`, 4 to 25 March
//! 2024 in Chicago (across the change to daylight-saving time on 10 March): nine important
//! events — exact, approximate, day-only and a range — and windows whose end, or start, no
//! source gives.

use std::path::PathBuf;
use std::process::Command;

use incident::derive::chart::{BarEnd, layout};
use incident::model::time::Zone;

const ID: &str = "2024-03-04-regional-storage-outage";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/uncertain")
}

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_incident"))
        .arg("--dir")
        .arg(fixtures())
        .env_remove("INCIDENT_DIR")
        .env("SOURCE_DATE_EPOCH", "1764460800")
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C.UTF-8")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn record() -> incident::model::record::Incident {
    incident::files::load::load_file(&fixtures().join(format!("{ID}.ron")))
        .unwrap()
        .incident
}

/// The ids of the important events, in the record's order (which is chronological here).
fn important() -> Vec<String> {
    record()
        .events
        .iter()
        .filter(|e| e.important)
        .map(|e| e.id.clone())
        .collect()
}

#[test]
fn the_svg_shows_every_important_event_of_a_three_week_outage() {
    let ids = important();
    assert_eq!(ids.len(), 9);
    let html = run(&["summary", ID, "--format", "html"]);
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    let markers = &svg[svg.find("<g class=\"markers\">").unwrap()..];
    let markers = &markers[..markers.find("</g>\n<g class=\"legend\">").unwrap()];
    // One lettered badge per important event, each titled with its id, at increasing x.
    let mut xs = Vec::new();
    for (id, key) in ids.iter().zip('A'..) {
        let title = markers
            .split("<g><title>")
            .skip(1)
            .find(|t| t.contains(&format!(" {id} (")))
            .unwrap_or_else(|| panic!("no marker for {id} in:\n{markers}"));
        assert!(title.starts_with(&format!("{key} ")), "{id}: {title}");
        assert!(title.contains(&format!(">{key}</text>")), "{id}: {title}");
        let cx: f64 = title
            .split("cx=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        xs.push(cx);
    }
    assert_eq!(markers.matches("<circle ").count(), 9);
    // Inside the plot (300 to 984), in order, and apart: each event gets its own place.
    assert!(xs.iter().all(|x| (300.0..=984.0).contains(x)), "{xs:?}");
    for pair in xs.windows(2) {
        assert!(pair[1] >= pair[0], "{xs:?}");
    }
    let spread = xs.windows(2).filter(|p| p[1] - p[0] >= 14.0).count();
    assert!(spread >= 7, "events squashed together: {xs:?}");
    // The day-only and ranged events say so in their titles.
    assert!(
        markers.contains("C 2024-03-05 (day) vendor-engaged (escalation)"),
        "{markers}"
    );
    assert!(
        markers.contains("D 2024-03-07 09:00–11:00 failover-attempt (action)"),
        "{markers}"
    );
    // Seven quiet stretches left out, each a `≈` with its times.
    assert_eq!(svg.matches("<title>quiet stretch left out: ").count(), 7);
    assert!(
        svg.contains("<title>quiet stretch left out: 2024-03-17 09:00 to 2024-03-21 16:00</title>")
    );
    // The chart's title spans the whole incident.
    assert!(
        svg.contains("2024-03-04 19:00 to 2024-03-25 11:00</title>"),
        "{svg}"
    );
    // The key under the chart lists them all too.
    for id in [
        "vendor-engaged",
        "failover-attempt",
        "customer-notice",
        "all-clear",
    ] {
        let text = &record()
            .events
            .iter()
            .find(|e| e.id == id)
            .unwrap()
            .text
            .clone();
        assert!(html.contains(text.as_str()), "{id}");
    }
    assert!(
        html.contains("<time>2024-03-13 (day)</time>") || html.contains("<time>2024-03-13</time>")
    );
}

#[test]
fn the_svg_renderer_draws_every_marker_and_fades_unknown_ends_at_the_last_known_time() {
    let inc = record();
    let l = layout(&inc, &Zone::Named(chrono_tz::America::Chicago)).expect("a chart");
    // The last time the record gives is the all-clear, 25 March 10:00 (CDT).
    assert_eq!(l.end.to_rfc3339(), "2024-03-25T11:00:00-05:00");
    assert_eq!(l.start.to_rfc3339(), "2024-03-04T19:00:00-06:00");
    assert_eq!(l.segments.len(), 8);
    let keys: Vec<(char, &str)> = l.markers.iter().map(|m| (m.key, m.id.as_str())).collect();
    assert_eq!(keys.len(), 9);
    assert_eq!(keys.last(), Some(&('I', "all-clear")));
    // Unknown ends fade out to the chart's end; "not before" ends are drawn to their bound
    // and fade from there; an unknown start is drawn from the chart's start.
    let bar = |name: &str, i: usize| {
        l.rows
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.bars[i].clone())
            .unwrap()
    };
    for (name, i) in [("Block storage", 1), ("Backups", 0), ("Acme Retail", 0)] {
        let b = bar(name, i);
        assert_eq!(b.end, BarEnd::Unknown, "{name}");
        assert_eq!(b.to, l.end, "{name}");
    }
    let object = bar("Object storage", 0);
    assert_eq!(object.end, BarEnd::AtLeast);
    assert_eq!(object.to.to_rfc3339(), "2024-03-17T08:00:00-05:00");
    let globex = bar("Globex", 0);
    assert!(globex.from_unknown);
    assert_eq!(globex.from, l.start);
    let svg = incident::render::svg::chart(&l);
    for m in &l.markers {
        assert!(svg.contains(&format!(">{}</text></g>", m.key)), "{}", m.id);
        assert!(svg.contains(&format!(" {} (", m.id)), "{}", m.id);
    }
    // Faded bars (the legend's swatch aside): the three unknown ends and the tail of the
    // "not before" end, and the unknown start fading in.
    let faded = svg
        .lines()
        .filter(|l| l.contains("fill=\"url(#fade-") && l.contains("<title>"))
        .count();
    assert_eq!(faded, 4, "{svg}");
    assert_eq!(svg.matches("fill=\"url(#fadein-outage)\"").count(), 1);
}

#[test]
fn the_terminal_and_mermaid_charts_show_every_important_event() {
    // The terminal key and Mermaid name each event by its text, shortened between words.
    let labels: Vec<String> = record()
        .events
        .iter()
        .filter(|e| e.important)
        .map(|e| incident::model::text::cut_at_word(&e.text, 48, "…"))
        .collect();
    assert_eq!(labels.len(), 9);
    let out = run(&["--width", "100", "timeline", ID, "--chart"]);
    let keys_line = out
        .lines()
        .find(|l| l.starts_with("Key events "))
        .expect("a line of markers");
    let letters: String = keys_line
        .trim_start_matches("Key events")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let second = out
        .lines()
        .skip_while(|l| !l.starts_with("Key events "))
        .nth(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with("Legend"))
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .unwrap_or_default();
    let mut all: Vec<char> = format!("{letters}{second}").chars().collect();
    all.sort_unstable();
    assert_eq!(all.iter().collect::<String>(), "ABCDEFGHI", "{out}");
    let key = &out[out.find("\nKey events:\n").unwrap()..];
    for (label, k) in labels.iter().zip('A'..) {
        assert!(key.contains(&format!("  {k}  ")), "{k}: {key}");
        assert!(key.contains(&format!("  {label} (")), "{label}: {key}");
    }
    assert!(key.contains("  C  2024-03-05"), "{key}");
    assert!(
        out.contains("Quiet stretches left out (≈): 2024-03-05 01:00–12:00 (11 h),"),
        "{out}"
    );
    // Every chart line within the width.
    let chart = out.split("\nLegend").next().unwrap();
    for l in chart.lines() {
        assert!(incident::model::text::width(l) <= 100, "{l:?}");
    }
    // The bars fade out (┄) to the last column, across the breaks (≈).
    let acme = out
        .lines()
        .find(|l| l.starts_with("  Acme Retail"))
        .unwrap();
    assert!(acme.trim_end().ends_with("┄≈┄┄┄┄"), "{acme}");
    let md = run(&["timeline", ID, "--chart", "--format", "markdown"]);
    for label in &labels {
        let label = incident::render::chart::mermaid_text(label);
        assert!(
            md.lines().any(|l| {
                let l = l.trim_start();
                (l.starts_with(&format!("{label} ")) || l.starts_with(&format!("~{label} ")))
                    && l.contains(":milestone,")
            }),
            "{label}: {md}"
        );
    }
    assert!(md.contains("    axisFormat %m-%d %H:%M\n"), "{md}");
    assert!(md.contains("Nothing in the record falls in these quiet stretches: "));
}
