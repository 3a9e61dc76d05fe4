//! Across incidents: `list` filters, the `actions` ledger and `stats`, on the real binary.
//! The generated-corpus test uses 300 records for speed; the 10,000-record case is run by
//! `benches/run.sh` (see docs/performance.md).

#[path = "../../examples/gen_corpus.rs"]
#[allow(dead_code)]
pub mod gen_corpus;

use chrono::NaiveDate;
use serde_json::Value;

use crate::common::{Sandbox, incident_in, json_in, run, stdout_in};

use incident::model::record::{Incident, IncidentKind, MomentName};

const FIXTURES: &str = "tests/fixtures/across";

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn list_ids(args: &[&str]) -> Vec<String> {
    let mut a = vec!["list", "--format", "json", "--sort", "id"];
    a.extend_from_slice(args);
    ids(&json_in(FIXTURES, &a))
}

// ---------------------------------------------------------------- generated corpus

/// Minutes between two known moments, straight from the record (the slow reference).
fn between(inc: &Incident, a: MomentName, b: MomentName) -> Option<i64> {
    let (x, y) = (inc.moments.instant(a)?, inc.moments.instant(b)?);
    Some((y.get() - x.get()).num_minutes())
}

fn first_sign(inc: &Incident) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let s = inc.moments.instant(MomentName::Started).map(|t| t.get());
    let d = inc.moments.instant(MomentName::Detected).map(|t| t.get());
    match (s, d) {
        (Some(s), Some(d)) => Some(if d < s { d } else { s }),
        (s, d) => s.or(d),
    }
}

/// Median, p90 and max by nearest rank, written out plainly.
fn reference_dist(mut v: Vec<i64>) -> (usize, Option<i64>, Option<i64>, Option<i64>) {
    v.sort();
    let n = v.len();
    if n == 0 {
        return (0, None, None, None);
    }
    let at = |p: f64| v[((p / 100.0 * n as f64).ceil() as usize).max(1) - 1];
    (n, Some(at(50.0)), Some(at(90.0)), Some(v[n - 1]))
}

#[test]
fn list_actions_and_stats_agree_with_a_slow_reference_on_a_generated_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    gen_corpus::write_corpus(dir, 300, 42).unwrap();
    incident_in(dir).arg("check").assert().success();

    // The slow reference: parse every record here and count directly.
    let mut records: Vec<Incident> = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        records.push(
            incident::files::load::ron_options()
                .from_str(&text)
                .unwrap(),
        );
    }
    assert_eq!(records.len(), 300);
    let at = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let real: Vec<&Incident> = records
        .iter()
        .filter(|i| i.kind == IncidentKind::Real)
        .collect();
    assert!(
        real.len() > 200 && real.len() < 300,
        "the corpus mixes kinds"
    );
    let open_items = |set: &[&Incident]| -> usize {
        set.iter()
            .flat_map(|i| &i.actions)
            .filter(|a| {
                matches!(
                    a.status,
                    incident::model::record::ActionStatus::Open
                        | incident::model::record::ActionStatus::InProgress
                )
            })
            .count()
    };
    let overdue_items = |set: &[&Incident]| -> usize {
        set.iter()
            .flat_map(|i| &i.actions)
            .filter(|a| {
                matches!(
                    a.status,
                    incident::model::record::ActionStatus::Open
                        | incident::model::record::ActionStatus::InProgress
                ) && a.due.is_some_and(|d| d.last_day() < at)
            })
            .count()
    };
    let all: Vec<&Incident> = records.iter().collect();

    // list: real incidents by default, everything with --kind.
    let list = json_in(dir, &["list", "--format", "json"]);
    assert_eq!(list.as_array().unwrap().len(), real.len());
    let list_all = json_in(
        dir,
        &["list", "--format", "json", "--kind", "real,drill,test"],
    );
    assert_eq!(list_all.as_array().unwrap().len(), 300);

    // actions --open: every open item of every incident; with --kind real, those of stats.
    let actions = json_in(
        dir,
        &[
            "actions",
            "--open",
            "--at",
            "2025-06-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(actions["items"].as_array().unwrap().len(), open_items(&all));
    assert_eq!(
        actions["counts"]["overdue"].as_u64().unwrap() as usize,
        overdue_items(&all)
    );
    let actions_real = json_in(
        dir,
        &[
            "actions",
            "--open",
            "--kind",
            "real",
            "--at",
            "2025-06-01",
            "--format",
            "json",
        ],
    );
    let open_real = actions_real["counts"]["open"].as_u64().unwrap() as usize;
    assert_eq!(open_real, open_items(&real));

    // stats: the same incidents and action items, and the same distributions.
    let stats = json_in(dir, &["stats", "--at", "2025-06-01", "--format", "json"]);
    let g = &stats["groups"][0];
    assert_eq!(
        g["incidents"].as_u64().unwrap() as usize,
        list.as_array().unwrap().len()
    );
    assert_eq!(g["open_actions"].as_u64().unwrap() as usize, open_real);
    assert_eq!(
        g["overdue_actions"].as_u64().unwrap() as usize,
        overdue_items(&real)
    );
    let unresolved = real.iter().filter(|i| !i.status.is_over()).count();
    assert_eq!(g["unresolved"].as_u64().unwrap() as usize, unresolved);
    let figure = |key: &str| {
        g["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["key"] == key)
            .unwrap()
            .clone()
    };
    let check = |key: &str, values: Vec<i64>| {
        let f = figure(key);
        let (n, median, p90, max) = reference_dist(values);
        assert_eq!(f["covered"].as_u64().unwrap() as usize, n, "{key}");
        assert_eq!(f["of"].as_u64().unwrap() as usize, real.len(), "{key}");
        assert_eq!(f["median"].as_i64(), median, "{key}");
        assert_eq!(f["p90"].as_i64(), p90, "{key}");
        assert_eq!(f["max"].as_i64(), max, "{key}");
    };
    check(
        "time_to_resolve",
        real.iter()
            .filter_map(|i| between(i, MomentName::Started, MomentName::Resolved))
            .collect(),
    );
    check(
        "time_to_mitigate",
        real.iter()
            .filter_map(|i| between(i, MomentName::Started, MomentName::Mitigated))
            .collect(),
    );
    check(
        "time_to_detect",
        real.iter()
            .filter_map(|i| between(i, MomentName::Started, MomentName::Detected).map(|m| m.max(0)))
            .collect(),
    );
    check(
        "total_duration",
        real.iter()
            .filter_map(|i| {
                let r = i.moments.instant(MomentName::Resolved)?.get();
                Some((r - first_sign(i)?).num_minutes())
            })
            .collect(),
    );
    // Every duration's coverage adds up, and missing resolutions include every unresolved one.
    let ttr = figure("time_to_resolve");
    assert_eq!(
        ttr["covered"].as_u64().unwrap() + ttr["missing"].as_u64().unwrap(),
        real.len() as u64
    );
    assert_eq!(
        ttr["missing_unresolved"].as_u64().unwrap() as usize,
        unresolved
    );

    // The table says the same in words.
    let table = stdout_in(dir, &["stats", "--at", "2025-06-01"]);
    let covers = format!("{} of {} incidents", ttr["covered"], real.len());
    assert!(table.contains(&covers), "{table}");
}

// ---------------------------------------------------------------- the shipped record

#[test]
fn hong_kong_improvement_measures_are_open_action_items() {
    let out = stdout_in(
        "incidents",
        &["actions", "--open", "--at", "2024-01-01", "--format", "csv"],
    );
    for (id, text) in [
        (
            "A1",
            "Review the data-centre infrastructure control systems",
        ),
        (
            "A2",
            "Optimise the high-availability design of multi-AZ products.",
        ),
        (
            "A3",
            "Publish incident information faster and more transparently.",
        ),
    ] {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("2022-12-18-hk-zone-c,{id},")))
            .unwrap_or_else(|| panic!("{id} missing in\n{out}"));
        assert!(line.contains(text), "{line}");
        assert!(line.contains(",Alibaba Cloud,"), "{line}");
        assert!(
            line.contains(",open,false,372"),
            "opened 2022-12-25, 372 days before 2024-01-01: {line}"
        );
    }
    let table = stdout_in(
        "incidents",
        &[
            "actions",
            "--open",
            "--owner",
            "alibaba cloud",
            "--at",
            "2024-01-01",
        ],
    );
    assert!(
        table.contains("3 action item(s): 3 open or in progress, 0 overdue as of 2024-01-01"),
        "{table}"
    );
}

// ---------------------------------------------------------------- a broken record

#[test]
fn a_broken_record_is_reported_left_out_and_fails_the_run() {
    let sb = Sandbox::copy_of(FIXTURES);
    std::fs::write(
        sb.dir().join("2024-09-09-broken.ron"),
        "(\n    schema: 1,\n    id: \"2024-09-09-broken\",\n    titel: \"typo\",\n)\n",
    )
    .unwrap();
    for args in [
        vec!["list"],
        vec!["list", "--format", "json"],
        vec!["actions", "--at", "2024-06-01"],
        vec!["stats", "--at", "2024-06-01"],
        vec!["stats", "--at", "2024-06-01", "--format", "json"],
    ] {
        let out = sb.run(&args);
        assert_eq!(out.code, Some(1), "{args:?}");
        let err = &out.stderr;
        assert!(
            err.contains("2024-09-09-broken.ron:4:5: E001"),
            "{args:?}: {err}"
        );
        assert!(err.contains("unknown field `titel`"), "{err}");
        assert!(
            err.contains("1 record(s) could not be read and were left out"),
            "{err}"
        );
        let stdout = &out.stdout;
        assert!(!stdout.contains("2024-09-09-broken"), "{stdout}");
        if args[0] != "stats" {
            assert!(
                stdout.contains("2024-03-05-payments-db-failover"),
                "the good records are still listed: {stdout}"
            );
        } else {
            assert!(
                stdout.contains("\"incidents\": 3") || stdout.contains("│ Incidents"),
                "{stdout}"
            );
        }
    }
}

// ---------------------------------------------------------------- list filters

const HK: &str = "2022-12-18-hk-zone-c";
const PAY: &str = "2024-03-05-payments-db-failover";
const CDN: &str = "2024-05-20-cdn-latency";
const DRILL: &str = "2024-04-10-gameday-drill";

#[test]
fn list_hides_drills_unless_asked() {
    assert_eq!(list_ids(&[]), [HK, PAY, CDN]);
    assert_eq!(list_ids(&["--kind", "drill"]), [DRILL]);
    assert_eq!(list_ids(&["--kind", "real,drill"]), [HK, PAY, DRILL, CDN]);
    let out = run(incident_in(FIXTURES).arg("list"));
    assert!(out.stderr.contains("1 drill or test incident(s) hidden"));
}

#[test]
fn list_filters_by_severity_and_status() {
    assert_eq!(list_ids(&["--severity", "sev1"]), [HK]);
    assert_eq!(list_ids(&["--severity", "sev2,sev3"]), [PAY, CDN]);
    assert_eq!(list_ids(&["--severity", "sev4"]), Vec::<String>::new());
    assert_eq!(list_ids(&["--status", "investigating"]), [CDN]);
    assert_eq!(
        list_ids(&[
            "--status",
            "resolved",
            "--status",
            "closed",
            "--kind",
            "real,drill"
        ]),
        [HK, PAY, DRILL]
    );
}

#[test]
fn list_filters_by_dates() {
    assert_eq!(list_ids(&["--since", "2024-03-05"]), [PAY, CDN]);
    assert_eq!(list_ids(&["--until", "2024-03-05"]), [HK, PAY]);
    assert_eq!(
        list_ids(&["--since", "2023-01-01", "--until", "2024-04-30"]),
        [PAY]
    );
    // 2022-12-18 09:17 in Hong Kong is still 2022-12-18 in its home zone.
    assert_eq!(
        list_ids(&["--since", "2022-12-18", "--until", "2022-12-18"]),
        [HK]
    );
    incident_in(FIXTURES)
        .args(["list", "--since", "2024-05-01", "--until", "2024-01-01"])
        .assert()
        .code(2);
    incident_in(FIXTURES)
        .args(["list", "--since", "yesterday"])
        .assert()
        .code(2);
}

#[test]
fn list_filters_by_tag_service_customer_and_text() {
    assert_eq!(list_ids(&["--tag", "DATABASE"]), [PAY]);
    assert_eq!(
        list_ids(&["--tag", "cooling", "--tag", "network"]),
        [HK, CDN]
    );
    assert_eq!(list_ids(&["--service", "payments db"]), [PAY]);
    assert_eq!(
        list_ids(&["--service", "payments db", "--kind", "real,drill"]),
        [PAY, DRILL]
    );
    assert_eq!(list_ids(&["--customer", "globex"]), [PAY]);
    assert_eq!(list_ids(&["--customer", "澳門日報"]), [HK]);
    assert_eq!(list_ids(&["--grep", "sprinkler"]), [HK]); // title
    assert_eq!(list_ids(&["--grep", "still under investigation"]), [CDN]); // summary
    assert_eq!(list_ids(&["--grep", "DISK ALARM"]), [PAY]); // event text
    assert_eq!(
        list_ids(&["--grep", "no such words anywhere"]),
        Vec::<String>::new()
    );
}

#[test]
fn list_sorts_and_formats() {
    let dir = FIXTURES;
    assert_eq!(
        ids(&json_in(dir, &["list", "--format", "json"])),
        [CDN, PAY, HK]
    );
    assert_eq!(
        ids(&json_in(
            dir,
            &["list", "--format", "json", "--sort", "severity"]
        )),
        [HK, PAY, CDN]
    );
    assert_eq!(
        ids(&json_in(
            dir,
            &["list", "--format", "json", "--sort", "duration"]
        )),
        [HK, PAY, CDN]
    );
    let csv = stdout_in(dir, &["list", "--format", "csv", "--sort", "id"]);
    assert!(csv.starts_with(
        "id,date,kind,severity,status,title,duration_minutes,duration_approximate,duration_min,duration_max,duration_bound,path\n"
    ));
    assert!(
        csv.contains("2022-12-18-hk-zone-c,2022-12-18,real,Sev1,resolved,"),
        "{csv}"
    );
    assert!(
        csv.contains(",855,false,855,855,exact,"),
        "14 h 15 min = 855 minutes: {csv}"
    );
    let md = stdout_in(dir, &["list", "--format", "markdown", "--sort", "id"]);
    assert!(
        md.starts_with("| Id | Date | Kind | Severity | Status | Title | Duration |\n| --- |"),
        "{md}"
    );
}

// ---------------------------------------------------------------- actions

#[test]
fn actions_filters_and_overdue_exit_codes() {
    let dir = FIXTURES;
    let items = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["actions", "--format", "json", "--at", "2024-06-01"];
        a.extend_from_slice(args);
        json_in(dir, &a)["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                format!(
                    "{}/{}",
                    i["incident"].as_str().unwrap(),
                    i["id"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(items(&[]).len(), 8);
    assert_eq!(items(&["--open"]).len(), 7);
    assert_eq!(
        items(&["--overdue"]),
        [format!("{PAY}/A2"), format!("{DRILL}/A1")]
    );
    assert_eq!(
        items(&["--owner", "bo"]),
        [format!("{PAY}/A3"), format!("{CDN}/A1")]
    );
    assert_eq!(items(&["--incident", "payments"]).len(), 3);
    assert_eq!(items(&["--kind", "drill"]), [format!("{DRILL}/A1")]);
    // Due 2024-04-01: not overdue on that day, overdue the day after.
    let n = |at: &str| {
        json_in(
            dir,
            &[
                "actions",
                "--overdue",
                "--owner",
                "ana",
                "--kind",
                "real",
                "--at",
                at,
                "--format",
                "json",
            ],
        )["items"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!((n("2024-04-01"), n("2024-04-02")), (0, 1));

    incident_in(dir)
        .args(["actions", "--overdue", "--fail", "--at", "2024-03-31"])
        .assert()
        .success();
    let out = run(incident_in(dir).args(["actions", "--overdue", "--fail", "--at", "2024-06-01"]));
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("2 action item(s) overdue as of 2024-06-01")
    );
    // --fail without --overdue is a usage error.
    incident_in(dir)
        .args(["actions", "--fail"])
        .assert()
        .code(2);
}

// ---------------------------------------------------------------- snapshots

#[test]
fn actions_snapshots() {
    let dir = FIXTURES;
    for (name, format) in [
        ("table", "table"),
        ("markdown", "markdown"),
        ("csv", "csv"),
        ("json", "json"),
    ] {
        let out = stdout_in(dir, &["actions", "--at", "2024-06-01", "--format", format]);
        insta::assert_snapshot!(format!("actions_{name}"), out);
    }
}

#[test]
fn stats_snapshots() {
    let dir = FIXTURES;
    for (name, args) in [
        ("table", vec!["stats", "--at", "2024-06-01"]),
        (
            "markdown_by_severity",
            vec![
                "stats",
                "--at",
                "2024-06-01",
                "--by",
                "severity",
                "--format",
                "markdown",
            ],
        ),
        (
            "json",
            vec!["stats", "--at", "2024-06-01", "--format", "json"],
        ),
        (
            "table_all_kinds_by_kind",
            vec![
                "stats",
                "--at",
                "2024-06-01",
                "--kind",
                "real,drill,test",
                "--by",
                "kind",
            ],
        ),
    ] {
        let out = stdout_in(dir, &args);
        insta::assert_snapshot!(format!("stats_{name}"), out);
    }
}

#[test]
fn stats_hong_kong_figures_match_the_record() {
    let out = json_in(
        FIXTURES,
        &[
            "stats",
            "--at",
            "2024-06-01",
            "--format",
            "json",
            "--severity",
            "sev1",
        ],
    );
    let g = &out["groups"][0];
    assert_eq!(g["incidents"], 1);
    let f = |key: &str| {
        g["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["key"] == key)
            .unwrap()
            .clone()
    };
    // First alarm 08:56 to ECS API back 23:11 = 855 min; start 09:17 to 23:11 = 834 min.
    assert_eq!(f("total_duration")["median"], 855);
    assert_eq!(f("time_to_resolve")["max"], 834);
    assert_eq!(
        f("time_to_detect")["median"],
        0,
        "the alarm came before impact"
    );
    assert_eq!(f("time_to_mitigate")["p90"], 363); // 09:17 to 15:20
}

#[test]
fn performance_doc_holds_the_measured_table_and_its_commands() {
    let doc = std::fs::read_to_string("docs/performance.md").unwrap();
    for needle in [
        "benches/run.sh",
        "cargo run --release --example gen_corpus -- --count N --out DIR --seed 7",
        "examples/ron_parse.rs",
        "/usr/bin/time",
        "#### 1000 incidents",
        "#### 10000 incidents",
        "| What | Wall time (s) | MB/s | Peak memory (MB) | CPU % |",
        "| cat (read only) |",
        "| ron parse, 1 thread (examples/ron_parse) |",
        "| incident check |",
        "| incident list |",
        "| incident actions --open |",
        "| incident stats --by month |",
        "| incident --version |",
        "| incident show hk-zone-c |",
        "idle machine",
        "| incident timeline hk-zone-c |",
        "| incident impact hk-zone-c |",
        "| incident summary hk-zone-c |",
    ] {
        assert!(doc.contains(needle), "docs/performance.md lacks {needle:?}");
    }
    let script = std::fs::read_to_string("benches/run.sh").unwrap();
    for cmd in [
        "timeline hk-zone-c",
        "impact hk-zone-c",
        "summary hk-zone-c",
    ] {
        assert!(script.contains(cmd), "benches/run.sh should measure {cmd}");
    }
}
