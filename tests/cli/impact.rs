//! `incident impact` on the shipped Hong Kong record, checked against values worked out by
//! hand from the record, and a property test of window merging. The exact output of each
//! format is pinned by the fixture cases in `tests/fixtures/views/` (see `views.rs`).

use proptest::prelude::*;
use serde_json::Value;

use crate::common::{HK_TEXT, ROOT, Sandbox, incident, json_of, parse_json, stdout_of};

fn row<'a>(rows: &'a Value, name: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

/// A copy of the Hong Kong record in a temporary incidents folder, edited by `edit`.
fn edited_record(edit: impl Fn(String) -> String) -> Sandbox {
    let edited = edit(HK_TEXT.to_string());
    assert_ne!(edited, HK_TEXT, "the edit changed nothing");
    Sandbox::with_record(&edited)
}

#[test]
fn oss_row_is_439_minutes_and_at_risk_is_not_counted() {
    let rows = json_of(&["impact", "hk-zone-c", "--format", "json"]);
    let oss = row(&rows, "OSS (Zone C)");
    assert_eq!(oss["kind"], "service");
    assert_eq!(oss["level"], "outage");
    // 11:07 → 18:26 = 7 h 19 min = 439; the at-risk window 10:37–11:07 is not impact.
    assert_eq!(oss["minutes"], 439);
    assert_eq!(oss["first"], "2022-12-18T11:07:00+08:00");
    assert_eq!(oss["last"], "2022-12-18T18:26:00+08:00");
    assert_eq!(oss["end"], "known");
    let ws = oss["windows"].as_array().unwrap();
    assert_eq!(ws.len(), 2);
    assert_eq!(ws[0]["level"], "at_risk");
    assert_eq!(ws[0]["minutes"], 30); // 10:37 → 11:07
    assert_eq!(ws[0]["counted"], false);
    assert_eq!(ws[1]["from"], "2022-12-18T11:07:00+08:00");
    assert_eq!(ws[1]["to"], "2022-12-18T18:26:00+08:00");
    assert_eq!(ws[1]["minutes"], 439);
    assert_eq!(ws[1]["counted"], true);
}

#[test]
fn ecs_control_plane_is_502_minutes() {
    let rows = json_of(&["impact", "hk-zone-c", "--format", "json"]);
    let ecs = row(&rows, "ECS control plane / OpenAPI (Hong Kong region)");
    assert_eq!(ecs["level"], "degraded");
    // 14:49 → 23:11 = 8 h 22 min = 502.
    assert_eq!(ecs["minutes"], 502);
    assert_eq!(ecs["windows"][0]["from"], "2022-12-18T14:49:00+08:00");
    assert_eq!(ecs["windows"][0]["to"], "2022-12-18T23:11:00+08:00");
    // RDS 10:17 → ~21:30 = 11 h 13 min = ~673, approximate.
    let rds = row(&rows, "RDS and other databases (Zone C)");
    assert_eq!(rds["minutes"], 673);
    assert_eq!(rds["approximate"], true);
    assert_eq!(rds["windows"][0]["to_precision"], "approximate");
}

#[test]
fn every_named_customer_has_a_row() {
    let rows = json_of(&["impact", "hk-zone-c", "--format", "json"]);
    let customers: Vec<&Value> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "customer")
        .collect();
    assert_eq!(customers.len(), 8);
    for zh in [
        "澳門金融管理局",
        "澳門銀河",
        "蓮花衛視",
        "澳門水泥廠",
        "澳覓",
        "MFood",
        "澳門日報",
    ] {
        let c = customers
            .iter()
            .find(|c| c["names"]["zh-Hant"] == zh)
            .unwrap_or_else(|| panic!("no customer named {zh}"));
        // The Macau sites: down from about noon, end unknown (listed, not counted) or known
        // only as "by the morning of the 20th" (at most 2 d: ~12:00 on the 18th to 12:00 on
        // the 20th; it may have been over at once, so no lower bound).
        if ["澳門銀河", "蓮花衛視", "MFood"].contains(&zh) {
            assert_eq!(c["end"], "known", "{zh}");
            assert_eq!(c["minutes"], 2880, "{zh}");
            assert_eq!(
                (&c["min"], &c["max"]),
                (&Value::Null, &serde_json::json!(2880))
            );
            assert_eq!(c["bound"], "at_most", "{zh}");
            assert_eq!(c["unknown_ends"], 0, "{zh}");
        } else {
            assert_eq!(c["end"], "unknown", "{zh}");
            assert_eq!(c["minutes"], Value::Null, "{zh}");
            assert_eq!(c["unknown_ends"], 1, "{zh}");
        }
        assert_eq!(c["first"], "2022-12-18T12:00:00+08:00");
        assert_eq!(c["first_precision"], "approximate");
        let bounded = ["澳門銀河", "蓮花衛視", "MFood"].contains(&zh);
        assert_eq!(
            c["windows"][0]["minutes"],
            if bounded {
                serde_json::json!(2880)
            } else {
                Value::Null
            },
            "{zh}"
        );
        let w = &c["windows"][0];
        if ["澳門銀河", "蓮花衛視", "MFood"].contains(&zh) {
            // SCMP: back by the morning of Tuesday 20 December.
            assert_eq!(w["to"], "2022-12-20T12:00:00+08:00", "{zh}");
            assert_eq!(w["to_precision"], "not_after", "{zh}");
            assert_eq!(
                w["to_bounds"],
                serde_json::json!({"earliest": null, "latest": "2022-12-20T12:00:00+08:00"}),
                "{zh}"
            );
            assert_eq!(w["to_unknown"], false, "{zh}");
        } else {
            assert_eq!(w["to"], Value::Null, "{zh}");
            assert_eq!(w["to_unknown"], true, "{zh}");
            assert!(w.get("to_bounds").is_none(), "{zh}");
        }
    }
    // OKX: ~11:00 18 Dec → ~12:00 19 Dec = 25 h = ~1500 min, the only known customer end.
    let okx = row(&rows, "OKX");
    assert_eq!(okx["kind"], "customer");
    assert_eq!(okx["minutes"], 1500);
    assert_eq!(okx["approximate"], true);
    assert_eq!(okx["end"], "known");
    assert_eq!(okx["last"], "2022-12-19T12:00:00+08:00");
}

#[test]
fn figures_match_hand_worked_values() {
    let f = json_of(&["impact", "hk-zone-c", "--figures", "--format", "json"]);
    // Detected 08:56, impact from 09:17: detection came 21 min first; never negative.
    assert_eq!(f["time_to_detect"]["minutes"], 0);
    assert_eq!(f["time_to_detect"]["note"], "detected 21 min before impact");
    // 09:17 → 15:20 = 6 h 3 min = 363.
    assert_eq!(f["time_to_mitigate"]["minutes"], 363);
    // 09:17 → 23:11 = 13 h 54 min = 834.
    assert_eq!(f["time_to_resolve"]["minutes"], 834);
    // 08:56 → 23:11 = 14 h 15 min = 855.
    assert_eq!(f["total_duration"]["minutes"], 855);
    assert_eq!(f["total_duration"]["approximate"], false);
    // Union of counted windows: 10:17 18 Dec (RDS) → ~12:00 19 Dec (OKX) = 25 h 43 min
    // = 1543, approximate; a lower bound, ECS/EBS/Macau ends unknown.
    assert_eq!(f["customer_impact"]["minutes"], 1543);
    assert_eq!(f["customer_impact"]["approximate"], true);
    // Service-hours: OSS 439 + RDS ~673 + ECS API 502 = 1614 min = 26.9 h.
    assert_eq!(f["service_hours"]["minutes"], 1614);
    assert_eq!(f["service_hours"]["hours"], 26.9);
    assert_eq!(f["service_hours"]["approximate"], true);
    // Customer-hours: only OKX has a known end: ~1500 min = ~25 h, a lower bound: four Macau
    // ends are unknown, and Galaxy, Lotus TV and mFood may have been back at once.
    assert_eq!(f["customer_hours"]["minutes"], 1500);
    assert_eq!(f["customer_hours"]["hours"], 25.0);
    assert_eq!(f["customer_hours"]["bound"], "at_least");
    let note = f["customer_hours"]["note"].as_str().unwrap();
    assert!(note.contains("4 windows with an unknown end"), "{note}");
    assert!(
        note.contains("3 windows that may have lasted no time at all"),
        "{note}"
    );
    assert_eq!(f["services_affected"]["count"], 5);
    assert_eq!(f["customers_affected"]["count"], 8);
    for (k, v) in f.as_object().unwrap() {
        assert!(
            v["definition"].as_str().is_some_and(|d| !d.is_empty()),
            "{k}"
        );
        assert!(v["minutes"].as_i64().is_none_or(|m| m >= 0), "{k}");
    }
}

#[test]
fn table_stays_aligned_with_chinese_names() {
    // Piped with no --width: no wrapping, so whole phrases can be looked for.
    let wide = stdout_of(&["impact", "hk-zone-c"]);
    assert!(wide.contains("Galaxy Macau (澳門銀河)"), "{wide}");
    assert!(wide.contains("unknown end — not counted"), "{wide}");
    assert!(
        wide.contains("0 min (detected 21 min before impact)"),
        "{wide}"
    );
    let out = stdout_of(&["--width", "100", "impact", "hk-zone-c", "--windows"]);
    assert!(out.contains("澳門銀河"), "{out}");
    assert_eq!(aligned_tables(&out, Some(100)), 2, "{out}");
    assert_eq!(aligned_tables(&wide, None), 2, "{wide}");
}

/// Checks that every line of each table in `out` has the same display width (and fits
/// `max`); returns the number of tables.
fn aligned_tables(out: &str, max: Option<usize>) -> usize {
    let mut tables = 0;
    let mut block: Vec<&str> = Vec::new();
    for line in out.lines().chain([""]) {
        if line.starts_with(['┌', '│', '╞', '├', '└']) {
            block.push(line);
        } else if !block.is_empty() {
            let w = incident::model::text::width(block[0]);
            assert!(max.is_none_or(|m| w <= m), "{}", block[0]);
            for l in &block {
                assert_eq!(incident::model::text::width(l), w, "misaligned: {l}");
            }
            tables += 1;
            block.clear();
        }
    }
    tables
}

#[test]
fn times_follow_tz() {
    let rows = json_of(&["impact", "hk-zone-c", "--format", "json", "--tz", "UTC"]);
    let oss = row(&rows, "OSS (Zone C)");
    assert_eq!(oss["first"], "2022-12-18T03:07:00+00:00");
    let table = stdout_of(&["impact", "hk-zone-c", "--tz", "America/Los_Angeles"]);
    // 11:07 HKT is 19:07 on 17 December in Los Angeles (UTC−8).
    assert!(table.contains("2022-12-17 19:07"), "{table}");
    incident()
        .args(["impact", "hk-zone-c", "--tz", "Mars/Olympus"])
        .assert()
        .code(2);
}

#[test]
fn sort_and_group() {
    let rows = json_of(&[
        "impact",
        "hk-zone-c",
        "--format",
        "json",
        "--sort",
        "duration",
    ]);
    let names: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    // Longest first within services, then customers; unknown (null) last. A bound sorts by
    // its bound: Galaxy Macau, back no later than noon on the 20th (≤ 2 d), comes first.
    assert_eq!(
        &names[..5],
        [
            "RDS and other databases (Zone C)",
            "ECS control plane / OpenAPI (Hong Kong region)",
            "OSS (Zone C)",
            "ECS (Zone C)",
            "EBS (Zone C)"
        ]
    );
    assert_eq!(names[5], "Galaxy Macau");
    assert_eq!(names[8], "OKX");
    let rows = json_of(&["impact", "hk-zone-c", "--format", "json", "--by", "level"]);
    let levels: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels.iter().filter(|l| **l == "degraded").count(), 1);
    assert_eq!(levels.last(), Some(&"degraded"));
    let rows = json_of(&[
        "impact",
        "hk-zone-c",
        "--format",
        "json",
        "--by",
        "customer",
    ]);
    assert_eq!(rows[0]["kind"], "customer");
    let rows = json_of(&["impact", "hk-zone-c", "--format", "json", "--sort", "name"]);
    assert_eq!(rows[0]["name"], "EBS (Zone C)");
    let table = stdout_of(&["impact", "hk-zone-c", "--by", "service"]);
    assert!(table.contains("Services (5)"), "{table}");
    assert!(table.contains("Customers (8)"), "{table}");
}

#[test]
fn open_windows_count_up_to_at() {
    // Make the ECS (Zone C) window open: it then counts to --at (default: the resolution).
    let dir = edited_record(|t| {
        t.replacen(
            "from: At(\"2022-12-18T09:23:00+08:00\"),\n                    to: Unknown,",
            "from: At(\"2022-12-18T09:23:00+08:00\"),\n                    to: Open,",
            1,
        )
    });
    let out = dir.stdout_of(&["impact", "hk-zone-c", "--format", "json"]);
    let rows = parse_json(&out);
    let ecs = row(&rows, "ECS (Zone C)");
    // 09:23 → 23:11 (the resolution) = 13 h 48 min = 828.
    assert_eq!(ecs["minutes"], 828);
    assert_eq!(ecs["end"], "open");
    assert_eq!(ecs["open"], true);
    assert_eq!(ecs["windows"][0]["to"], Value::Null);
    assert_eq!(ecs["windows"][0]["counted_to"], "2022-12-18T23:11:00+08:00");
    // --at 2022-12-18 12:00 (HKT): 09:23 → 12:00 = 157.
    let out = dir.stdout_of(&[
        "impact",
        "hk-zone-c",
        "--format",
        "json",
        "--at",
        "2022-12-18 12:00",
    ]);
    let rows = parse_json(&out);
    assert_eq!(row(&rows, "ECS (Zone C)")["minutes"], 157);
    let table = dir.stdout_of(&["impact", "hk-zone-c", "--at", "2022-12-18 12:00"]);
    assert!(table.contains("ongoing"), "{table}");
    assert!(table.contains("2 h 37 min so far"), "{table}");
    assert!(table.contains("counted up to 2022-12-18 12:00"), "{table}");
    let out = dir.stdout_of(&[
        "impact",
        "hk-zone-c",
        "--figures",
        "--format",
        "json",
        "--at",
        "2022-12-18 12:00",
    ]);
    let f = parse_json(&out);
    assert_eq!(f["service_hours"]["open"], true);
    dir.cmd(&["impact", "hk-zone-c", "--at", "noonish"])
        .assert()
        .code(2);
}

#[test]
fn record_text_is_escaped_in_markdown_and_csv() {
    let dir = edited_record(|t| t.replacen("name: \"OKX\"", "name: \"O|K*X, \\\"Ltd\\\"\"", 1));
    let md = dir.stdout_of(&["impact", "hk-zone-c", "--format", "markdown"]);
    assert!(md.contains("O\\|K\\*X, \"Ltd\""), "{md}");
    let csv = dir.stdout_of(&["impact", "hk-zone-c", "--format", "csv"]);
    assert!(csv.contains("\"O|K*X, \"\"Ltd\"\"\""), "{csv}");
}

#[test]
fn markdown_table_parses_as_one_table() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let md = stdout_of(&["impact", "hk-zone-c", "--format", "markdown", "--windows"]);
    let mut rows = 0;
    let mut tables = 0;
    for e in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match e {
            Event::Start(Tag::Table(_)) => tables += 1,
            Event::End(TagEnd::TableRow) => rows += 1,
            _ => {}
        }
    }
    assert_eq!(tables, 1);
    // 13 targets and 14 windows (OSS has two).
    assert_eq!(rows, 13 + 14);
}

#[test]
fn every_definition_is_in_the_docs() {
    let docs = std::fs::read_to_string(std::path::Path::new(ROOT).join("docs/metrics.md")).unwrap();
    let f = json_of(&["impact", "hk-zone-c", "--figures", "--format", "json"]);
    for (k, v) in f.as_object().unwrap() {
        let def = v["definition"].as_str().unwrap();
        assert!(
            docs.contains(def),
            "docs/metrics.md lacks the definition of {k}: {def}"
        );
        assert!(
            docs.contains(&format!("`{k}`")),
            "docs/metrics.md lacks {k}"
        );
    }
}

#[test]
fn help_has_examples() {
    let out = stdout_of(&["impact", "--help"]);
    assert!(out.contains("Examples:"), "{out}");
    assert!(out.contains("--figures"), "{out}");
}

// --- merging never counts a minute twice -------------------------------------------------

mod merging {
    use super::*;
    use incident::derive::figures::{impact, union_spans};
    use incident::model::record::{Affected, Level, Window};
    use incident::model::time::{Instant, When};

    fn base() -> Instant {
        "2022-12-18T00:00:00+08:00".parse().unwrap()
    }

    fn at(min: i64) -> Instant {
        Instant(base().get() + chrono::Duration::minutes(min))
    }

    /// (start, length, level 0..3, end kind 0 = known, 1 = open, 2 = unknown)
    fn windows() -> impl Strategy<Value = Vec<(i64, i64, u8, u8)>> {
        prop::collection::vec((0i64..300, 0i64..120, 0u8..3, 0u8..5), 0..8)
    }

    proptest! {
        #[test]
        fn merged_total_counts_each_minute_once(ws in windows(), at_min in 0i64..450) {
            let mut inc = crate::common::hk_record();
            let level = |l: u8| [Level::Outage, Level::Degraded, Level::AtRisk][usize::from(l)];
            let end = |s: i64, len: i64, k: u8| match k {
                1 => When::Open,
                2 => When::Unknown,
                _ => When::At(at(s + len)),
            };
            inc.customers = vec![];
            inc.services = vec![Affected {
                internal: false,
                name: "x".into(),
                names: Default::default(),
                windows: ws
                    .iter()
                    .map(|&(s, len, l, k)| Window {
                        from: When::At(at(s)),
                        to: end(s, len, k),
                        level: level(l),
                        scope: None,
                        sources: vec![],
                        note: None,
                        share: None,
                        from_claims: Vec::new(),
                        to_claims: Vec::new(),
                    })
                    .collect(),
                sources: vec![],
                note: None,
                outcome: None,
                counts: Vec::new(),
            }];
            let report = impact(&inc, at(at_min));
            let t = &report.targets[0];
            // The counted windows as minute ranges [a, b).
            let counted: Vec<(i64, i64)> = ws
                .iter()
                .filter(|&&(_, _, l, k)| l != 2 && k != 2)
                .map(|&(s, len, _, k)| (s, if k == 1 { at_min.max(s) } else { s + len }))
                .collect();
            let sum: i64 = counted.iter().map(|(a, b)| b - a).sum();
            let longest = counted.iter().map(|(a, b)| b - a).max().unwrap_or(0);
            let brute = (0..600)
                .filter(|m| counted.iter().any(|(a, b)| a <= m && m < b))
                .count() as i64;
            // Unknown ends add nothing to the shortest the total can be.
            let minutes = t.span.min.unwrap_or(0);
            prop_assert!(minutes <= sum);
            prop_assert!(minutes >= longest);
            prop_assert_eq!(minutes, brute);
            // The union over all targets is the same spans, disjoint and sorted.
            let (spans, _) = union_spans(t.windows.iter());
            for pair in spans.windows(2) {
                prop_assert!(pair[0].1 < pair[1].0);
            }
            let unknown = ws.iter().filter(|&&(_, _, l, k)| l != 2 && k == 2).count();
            prop_assert_eq!(t.unknown_ends, unknown);
            let ci = report.figure(incident::derive::figures::FigureKey::CustomerImpact).unwrap();
            prop_assert_eq!(ci.span.unwrap().min.unwrap_or(0), brute);
            // A window with an unknown end leaves the total with no longest value; with only
            // known and open ends, the longest is the shortest.
            let impact_windows = ws.iter().filter(|&&(_, _, l, _)| l != 2).count();
            if impact_windows > 0 {
                let max = ci.span.unwrap().max;
                prop_assert_eq!(max, if unknown > 0 { None } else { Some(brute) });
            }
        }
    }
}
