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

use crate::derive::figures::{impact, key_figures};
use crate::derive::impact::{self as impact_model, GroupBy, Options, SortKey};
use crate::derive::moments::as_of;
use crate::files::canonical::to_canonical;
use crate::files::load::{parse_bytes, parse_text};
use crate::model::time::{Instant, Zone};
use crate::model::time::{when_text, zone_label};
use crate::render::Style;
use crate::render::impact as impact_view;

/// Parses `bytes` as a record file and, when it parses, validates it, computes every figure,
/// renders every view in every format, and checks the canonical round trip.
///
/// Every renderer belongs here: the impact views, the timeline (table, Markdown, CSV, JSON),
/// the chart (terminal, Mermaid, SVG), the summary (Markdown, HTML, JSON), the action-item
/// ledger and the statistics. A renderer added later must be added too.
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
    let problems = crate::derive::validate::validate(path, &loaded.text, inc);
    for p in &problems {
        let _ = p.to_string();
    }
    let site = crate::derive::validate::IdSite::of(&loaded, &problems);
    let _ = crate::derive::validate::duplicate_ids(&[site.clone(), site.clone()]);
    let _ = crate::derive::validate::look_alikes(&[site.clone(), site]);
    let _ = crate::files::locate::first_comment(&loaded.text);
    for f in key_figures(inc) {
        let _ = crate::derive::impact::figure_value(&f);
    }
    render_all(inc);
    render_views(inc);
    round_trip(inc);
}

/// The timeline, chart, summary, ledger and statistics views in every zone and style.
fn render_views(inc: &crate::model::record::Incident) {
    use crate::render::timeline as timeline_view;
    use crate::render::{chart, ledger, stats as stats_view, summary_html, summary_md, svg};
    let as_of = as_of(inc, None, fixed_now());
    let at = as_of.at;
    let styles = [
        Style::PLAIN,
        Style {
            width: Some(1),
            color: false,
            unicode: false,
        },
        Style {
            width: Some(80),
            color: false,
            unicode: true,
        },
    ];
    for zone in zones() {
        let tl =
            crate::derive::timeline::build(inc, &zone, &crate::derive::timeline::Filter::default());
        for style in &styles {
            assert_terminal_safe(&timeline_view::table(&tl, style), style);
        }
        let _ = timeline_view::markdown(&tl);
        let _ = timeline_view::csv(&tl);
        let _ = timeline_view::json(&tl);
        if let Some(layout) = crate::derive::chart::layout(inc, &zone) {
            for style in &styles {
                assert_terminal_safe(&chart::terminal(&layout, style), style);
            }
            let _ = chart::mermaid(&layout);
            assert_no_markup_from_record(&svg::chart(&layout));
        }
        let summary = crate::derive::summary::build(inc, &zone, as_of);
        let _ = summary_md::render(&summary);
        assert_no_markup_from_record(&summary_html::render(&summary));
        let _ = serde_json::to_string(&summary);
    }
    let day = at.get().date_naive();
    let filter = crate::derive::ledger::LedgerFilter {
        at: day,
        open: false,
        overdue: false,
        owner: None,
        incident: None,
        kinds: Vec::new(),
    };
    let items = crate::derive::ledger::items_of(inc, &filter);
    for style in &styles {
        assert_terminal_safe(&ledger::render_table(&items, day, style), style);
    }
    let _ = ledger::render_markdown(&items, day);
    let _ = ledger::render_csv(&items);
    let facts = [crate::derive::stats::facts_of(inc, at, day)];
    for by in [
        None,
        Some(crate::derive::stats::By::Service),
        Some(crate::derive::stats::By::Month),
    ] {
        let groups = crate::derive::stats::report(&facts, by);
        let scope = crate::derive::stats::Scope {
            kinds: vec![inc.kind],
            since: None,
            until: None,
            at: day,
            counted_to: at.rfc3339(),
            by,
        };
        for style in &styles {
            assert_terminal_safe(&stats_view::render_table(&scope, &groups, style), style);
        }
        let _ = stats_view::render_markdown(&scope, &groups);
    }
}

/// Panics if generated HTML or SVG holds markup that only record text could have put there:
/// the page has no scripts, frames, images or links to other resources of its own, and record
/// text is escaped, so a `<` from a record can never open one of these tags.
fn assert_no_markup_from_record(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<img",
        "<link",
        "<meta http-equiv=\"refresh",
    ] {
        assert!(!lower.contains(bad), "generated HTML holds `{bad}`");
    }
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

fn render_all(inc: &crate::model::record::Incident) {
    let at = as_of(inc, None, fixed_now()).at;
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
            inc.moments
                .instant(crate::model::record::MomentName::Started),
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
            let _ = serde_json::to_string(&impact_model::json_rows(&report, opts, zone));
            for view in [
                impact_model::NotesFor::ImpactCommand,
                impact_model::NotesFor::Postmortem,
            ] {
                let _ = impact_model::notes(&report, zone, view);
            }
        }
    }
    for style in &styles {
        assert_terminal_safe(&impact_view::figures_table(&report.figures, style), style);
    }
    let _ = impact_view::markdown_figures(&report.figures);
    let _ = impact_view::figures_csv(&report.figures);
    let _ = serde_json::to_string(&impact_model::json_figures(&report.figures));
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
fn round_trip(inc: &crate::model::record::Incident) {
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
