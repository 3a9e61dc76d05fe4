//! The fuzz entry point: runs everything the tool does with a record on arbitrary bytes.
//!
//! [`exercise`] is what `fuzz/fuzz_targets/records.rs` calls (see `docs/hardening.md`). It is
//! always compiled, so the unit tests below keep it working in CI without the fuzzer. It
//! must never panic on any input; the only panics it raises on purpose are the invariants
//! a fuzzer should report as crashes:
//!
//! - a record that parsed must serialise with [`to_canonical`], the result must parse back to
//!   the same record, and serialising that again must give the same bytes;
//! - a terminal table must never contain a control character other than newline and tab
//!   (record text cannot drive the terminal).

use std::path::Path;

use crate::canonical::to_canonical;
use crate::figures::{default_at, impact, key_figures};
use crate::load::{parse_bytes, parse_text};
use crate::render::impact::{self as impact_view, GroupBy, Options, SortKey};
use crate::render::{Style, when_text, zone_label};
use crate::time::{Instant, Zone};

/// Parses `bytes` as a record file and, when it parses, validates it, computes every figure,
/// renders every view in every format, and checks the canonical round trip.
///
/// Renderers added later belong here too. Still to be added when their branches are merged:
/// - the timeline views in `src/render/timeline.rs` (table, Markdown, CSV, JSON) and the
///   chart in `src/render/chart.rs` — call them in [`render_all`] for each zone and style;
/// - the summary (Markdown, HTML, JSON) — call it in [`render_all`] for each zone; for HTML,
///   add a check like [`assert_terminal_safe`] that record text never appears unescaped.
pub fn exercise(bytes: &[u8]) {
    let path = Path::new("fuzz.ron");
    let loaded = match parse_bytes(path, bytes) {
        Ok(l) => l,
        Err(problem) => {
            // Formatting the problem must work too (it is what `check` prints).
            let _ = problem.to_string();
            return;
        }
    };
    let inc = &loaded.incident;
    for p in crate::validate::validate(path, &loaded.text, inc) {
        let _ = p.to_string();
    }
    let _ = crate::validate::duplicate_ids([
        (path, loaded.text.as_str(), inc.id.as_str()),
        (path, loaded.text.as_str(), inc.id.as_str()),
    ]);
    let _ = crate::locate::first_comment(&loaded.text);
    for f in key_figures(inc) {
        let _ = crate::render::minutes_text(f.minutes, f.approximate);
    }
    render_all(inc);
    round_trip(inc);
}

/// A fixed "now", so that the same bytes always do the same thing.
fn fixed_now() -> Instant {
    Instant(
        chrono::DateTime::from_timestamp(1_893_456_000, 0) // 2030-01-01T00:00:00Z
            .unwrap_or_default()
            .fixed_offset(),
    )
}

fn zones() -> Vec<Zone> {
    let mut zones = vec![
        Zone::Utc,
        Zone::Named(chrono_tz::America::Los_Angeles),
        Zone::Named(chrono_tz::Asia::Hong_Kong),
    ];
    for secs in [23 * 3600 + 59 * 60, -(23 * 3600 + 59 * 60)] {
        if let Some(o) = chrono::FixedOffset::east_opt(secs) {
            zones.push(Zone::Fixed(o));
        }
    }
    zones
}

fn render_all(inc: &crate::record::Incident) {
    let at = default_at(inc, fixed_now());
    let report = impact(inc, at);
    let styles = [
        Style::PLAIN,
        Style {
            width: Some(0),
            color: false,
            unicode: false,
        },
        Style {
            width: Some(1),
            color: false,
            unicode: true,
        },
        Style {
            width: Some(60),
            color: true,
            unicode: true,
        },
    ];
    let options = [
        Options::default(),
        Options {
            windows: true,
            by: Some(GroupBy::Level),
            sort: SortKey::Duration,
        },
        Options {
            windows: true,
            by: Some(GroupBy::Customer),
            sort: SortKey::Name,
        },
        Options {
            windows: false,
            by: Some(GroupBy::Service),
            sort: SortKey::Start,
        },
    ];
    for (z, zone) in zones().iter().enumerate() {
        let _ = zone_label(
            zone,
            inc.moments.instant(crate::record::MomentName::Started),
        );
        for e in &inc.events {
            let _ = when_text(e.at, zone, true);
        }
        for (k, opts) in options.iter().enumerate() {
            // Every style with the first options, and every option with one style, keeps
            // the number of renders per input small.
            let style_list: &[Style] = if k == 0 {
                &styles
            } else {
                &styles[z % styles.len()..=z % styles.len()]
            };
            for style in style_list {
                let table = impact_view::table(&report, opts, zone, style);
                assert_terminal_safe(&table, style);
            }
            let _ = impact_view::markdown(&report, opts, zone);
            let _ = impact_view::csv(&report, opts, zone);
            let _ = serde_json::to_string(&impact_view::json_rows(&report, opts, zone));
            let _ = impact_view::notes(&report, zone);
        }
    }
    for style in &styles {
        assert_terminal_safe(&impact_view::figures_table(&report.figures, style), style);
    }
    let _ = impact_view::markdown_figures(&report.figures);
    let _ = impact_view::figures_csv(&report.figures);
    let _ = serde_json::to_string(&impact_view::json_figures(&report.figures));
}

/// Panics if a terminal table holds a control character that could drive the terminal.
/// Escape sequences are allowed only when the style allows colour (comfy-table's own bold).
fn assert_terminal_safe(text: &str, style: &Style) {
    if style.color {
        return;
    }
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        panic!("a terminal table holds the control character {c:?}");
    }
}

/// Panics if a parsed record does not survive the canonical layout unchanged.
fn round_trip(inc: &crate::record::Incident) {
    let path = Path::new("fuzz.ron");
    let first = match to_canonical(inc) {
        Ok(t) => t,
        Err(e) => panic!("a parsed record could not be written: {e}"),
    };
    let back = match parse_text(path, &first) {
        Ok(b) => b,
        Err(p) => panic!("the canonical text does not parse: {p}\n{first}"),
    };
    assert!(
        back == *inc,
        "the canonical text parses to a different record:\n{first}"
    );
    let second = match to_canonical(&back) {
        Ok(t) => t,
        Err(e) => panic!("a re-parsed record could not be written: {e}"),
    };
    assert!(first == second, "to_canonical is not idempotent:\n{first}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `dir` (recursively), sorted.
    fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(read) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = read.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                files_under(&p, out);
            } else if p.is_file() {
                out.push(p);
            }
        }
    }

    #[test]
    fn exercise_runs_on_every_record_and_bad_record_we_ship() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for d in [
            "incidents",
            "tests/fixtures",
            "tests/corpus/bad",
            "fuzz/seeds",
        ] {
            files_under(&root.join(d), &mut files);
        }
        assert!(files.len() > 20, "too few files: {files:?}");
        for f in &files {
            let bytes = std::fs::read(f).unwrap();
            exercise(&bytes);
        }
    }

    #[test]
    fn exercise_survives_odd_bytes() {
        for bytes in [
            &b""[..],
            b"\xef\xbb\xbf",
            b"(",
            b"\xff\xfe",
            b"<<<<<<< HEAD\n",
            b"(schema: 1)",
        ] {
            exercise(bytes);
        }
    }
}
