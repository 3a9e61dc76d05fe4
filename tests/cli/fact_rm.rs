//! Every fact a command can add, a command can remove: `count rm`, `loss rm`, `stated rm`,
//! `reference rm` and `region rm` on copies of the facts fixtures and the shipped Hong Kong
//! record — what is left, value by value; the one line that says what went; refusals of a
//! number or a name the record does not hold, which leave the file byte for byte; sources
//! the removed item cited, which stay.

use serde_json::json;

use crate::common::{HK_ID, HK_TEXT, Sandbox};
use crate::fact_writers::{go, record};

const A: &str = include_str!("../fixtures/facts/every-fact-a.ron");
const B: &str = include_str!("../fixtures/facts/every-fact-b.ron");

/// Runs a command that must succeed; returns the first line it printed (the headline).
fn ok(sb: &Sandbox, args: &[&str]) -> String {
    let r = go(sb, args);
    assert!(r.success(), "incident {}: {}", args.join(" "), r.stderr);
    r.stderr.lines().next().unwrap_or_default().to_string()
}

/// Runs a command that must be refused with exit 1, the file unchanged byte for byte;
/// returns what it printed.
fn refused(sb: &Sandbox, id: &str, args: &[&str]) -> String {
    let before = std::fs::read(sb.file(id)).unwrap();
    let r = go(sb, args);
    assert_eq!(r.code, Some(1), "incident {}: {}", args.join(" "), r.stderr);
    assert_eq!(
        std::fs::read(sb.file(id)).unwrap(),
        before,
        "a refused removal wrote the file: incident {}",
        args.join(" ")
    );
    r.stderr
}

/// `incident check` on the sandbox: its summary line, which must report no errors.
fn checks_clean(sb: &Sandbox) -> String {
    let r = go(sb, &["check"]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    let last = r.stdout.lines().last().unwrap_or_default().to_string();
    assert!(last.contains(" 0 error(s)"), "{}", r.stdout);
    last
}

#[test]
fn counts_are_removed_by_number_from_the_incident_or_a_target() {
    let sb = Sandbox::with_record(B);
    let id = "every-fact-b";
    assert_eq!(
        ok(
            &sb,
            &[
                "count",
                "add",
                id,
                "customers affected",
                "340",
                "--source",
                "postmortem"
            ]
        ),
        "added count 1 (customers affected 340) to the incident in every-fact-b"
    );
    assert_eq!(
        ok(
            &sb,
            &[
                "count",
                "add",
                id,
                "tickets opened",
                "1,200",
                "--approx",
                "--unit",
                "tickets"
            ]
        ),
        "added count 2 (tickets opened ~1200 tickets) to the incident in every-fact-b"
    );
    assert_eq!(
        ok(
            &sb,
            &[
                "count",
                "add",
                id,
                "lookups failed",
                "90",
                "--service",
                "public api"
            ]
        ),
        "added count 1 (lookups failed 90) to service `Public API` in every-fact-b"
    );
    assert_eq!(
        ok(
            &sb,
            &[
                "count",
                "add",
                id,
                "retries",
                "7",
                "--service",
                "Public API"
            ]
        ),
        "added count 2 (retries 7) to service `Public API` in every-fact-b"
    );

    assert_eq!(
        ok(&sb, &["count", "rm", id, "1"]),
        "removed count 1 (customers affected 340) from the incident in every-fact-b"
    );
    assert_eq!(
        ok(&sb, &["count", "rm", id, "2", "--service", "PUBLIC API"]),
        "removed count 2 (retries 7) from service `Public API` in every-fact-b"
    );
    let v = record(&sb, id);
    assert_eq!(
        v["counts"],
        json!([{
            "what": "tickets opened",
            "value": 1200.0,
            "unit": "tickets",
            "approximate": true,
        }])
    );
    assert_eq!(
        v["services"][0]["counts"],
        json!([{ "what": "lookups failed", "value": 90.0 }])
    );
    // The source only the removed count cited is still the record's.
    assert!(
        v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "postmortem")
    );
    checks_clean(&sb);
}

#[test]
fn data_losses_stated_figures_and_references_are_removed_by_number() {
    let sb = Sandbox::with_record(B);
    let id = "every-fact-b";
    let script: &[(&[&str], &str)] = &[
        (
            &[
                "loss",
                "add",
                id,
                "Queued webhooks",
                "--amount",
                "1800",
                "--unit",
                "webhooks",
                "--recovered",
                "partly",
                "--source",
                "postmortem",
            ],
            "added data loss 1 (partly recovered) in every-fact-b",
        ),
        (
            &[
                "loss",
                "add",
                id,
                "Resolver query logs",
                "--recovered",
                "no",
            ],
            "added data loss 2 (not recovered) in every-fact-b",
        ),
        (
            &[
                "stated",
                "add",
                id,
                "total-duration",
                "--duration",
                "1h40m",
                "--quote",
                "100 minutes",
                "--source",
                "postmortem",
            ],
            "added stated figure 1 (total duration) in every-fact-b",
        ),
        (
            &[
                "stated",
                "add",
                id,
                "resolved",
                "--at",
                "2025-03-04 11:45",
                "--approx",
                "--source",
                "status",
            ],
            "added stated figure 2 (resolved) in every-fact-b",
        ),
        (
            &["reference", "add", id, "--kind", "ticket", "--id", "OPS-1"],
            "added reference 1 (ticket) in every-fact-b",
        ),
        (
            &[
                "reference",
                "add",
                id,
                "--kind",
                "status-page",
                "--url",
                "https://status.example.com/incidents/4711",
            ],
            "added reference 2 (status page) in every-fact-b",
        ),
    ];
    for (args, said) in script {
        assert_eq!(ok(&sb, args), *said, "incident {}", args.join(" "));
    }

    assert_eq!(
        ok(&sb, &["loss", "rm", id, "1"]),
        "removed data loss 1 (Queued webhooks, partly recovered) in every-fact-b"
    );
    assert_eq!(
        ok(&sb, &["stated", "rm", id, "2"]),
        "removed stated figure 2 (resolved 2025-03-04T11:45:00+00:00) in every-fact-b"
    );
    assert_eq!(
        ok(&sb, &["reference", "rm", id, "1"]),
        "removed reference 1 (ticket OPS-1) in every-fact-b"
    );
    let v = record(&sb, id);
    assert_eq!(
        v["data_loss"],
        json!([{ "what": "Resolver query logs", "recovered": "no" }])
    );
    assert_eq!(
        v["stated"],
        json!([{
            "of": "total_duration",
            "minutes": 100,
            "quote": "100 minutes",
            "sources": ["postmortem"],
        }])
    );
    assert_eq!(
        v["references"],
        json!([{
            "kind": "status_page",
            "url": "https://status.example.com/incidents/4711",
        }])
    );
    checks_clean(&sb);
}

#[test]
fn regions_go_whole_or_lose_zones_and_sites() {
    let sb = Sandbox::with_record(B);
    let id = "every-fact-b";
    for args in [
        &[
            "region", "add", id, "eu-west", "--zone", "a", "--zone", "b", "--source", "probenet",
        ][..],
        &["region", "add", id, "us-east", "--zone", "1"],
        &[
            "region",
            "site",
            id,
            "eu-west",
            "LON-1",
            "--happened",
            "Hosted the resolvers",
        ],
        &["region", "site", id, "eu-west", "DUB-2"],
    ] {
        ok(&sb, args);
    }
    assert_eq!(
        ok(
            &sb,
            &[
                "region", "rm", id, "EU-West", "--zone", "B", "--site", "lon-1"
            ]
        ),
        "removed zone `b` and site `LON-1` from region `eu-west` in every-fact-b"
    );
    assert_eq!(
        ok(&sb, &["region", "rm", id, "us-east"]),
        "removed region `us-east` with its zone `1` in every-fact-b"
    );
    let v = record(&sb, id);
    assert_eq!(
        v["regions"],
        json!([{
            "name": "eu-west",
            "zones": ["a"],
            "sites": [{ "name": "DUB-2" }],
            "sources": ["probenet"],
        }])
    );
    assert_eq!(
        ok(&sb, &["region", "rm", id, "eu-west"]),
        "removed region `eu-west` with its zone `a` and site `DUB-2` in every-fact-b"
    );
    // Added and all removed again, in place: the file is as it was, its comments kept.
    assert_eq!(sb.read(id), B);
    checks_clean(&sb);
}

#[test]
fn numbers_and_names_the_record_does_not_hold_change_nothing() {
    let sb = Sandbox::with_record(A);
    let id = "every-fact-a";
    let err = refused(&sb, id, &["stated", "rm", id, "4"]);
    assert_eq!(
        err,
        "error: the incident has 3 stated figures, so no stated figure 4; nothing was changed\n\
         hint: stated figure 1: total duration 248 min\n\
         hint: stated figure 2: time to detect 10 min\n\
         hint: stated figure 3: resolved ~2024-05-02T14:00:00+01:00\n\
         hint: stated figures are numbered from 1 in the order `incident show every-fact-a --format json` lists them\n"
    );
    let err = refused(&sb, id, &["reference", "rm", id, "0"]);
    assert!(
        err.starts_with(
            "error: the incident has 3 references, so no reference 0; nothing was changed\n\
             hint: reference 1: provider incident EXC-2024-0502\n\
             hint: reference 2: ticket OPS-4821\n\
             hint: reference 3: status page https://status.example.com/history/2024-05\n"
        ),
        "{err}"
    );
    let err = refused(&sb, id, &["loss", "rm", id, "2"]);
    assert!(
        err.starts_with(
            "error: the incident has 1 data loss, so no data loss 2; nothing was changed\n\
             hint: data loss 1: Objects written to DUB-3 in the last five minutes before the power…\n"
        ),
        "{err}"
    );
    let err = refused(&sb, id, &["count", "rm", id, "2"]);
    assert!(
        err.starts_with(
            "error: the incident has 1 count, so no count 2; nothing was changed\n\
             hint: count 1: requests failed ~2300000 requests\n"
        ),
        "{err}"
    );
    // A target with no counts, and a target the record does not have.
    let err = refused(
        &sb,
        id,
        &["count", "rm", id, "1", "--service", "Control API"],
    );
    assert_eq!(
        err,
        "error: service `Control API` has no counts; nothing was changed\n\
         hint: add one with `incident count add every-fact-a WHAT VALUE --service NAME`\n"
    );
    let err = refused(
        &sb,
        id,
        &["count", "rm", id, "1", "--service", "Objet storage"],
    );
    assert!(
        err.starts_with("error: no service `Objet storage` in this incident; nothing was changed\nhint: did you mean `Object storage`?\n"),
        "{err}"
    );
    // Regions, zones and sites by name; one unknown name among good ones removes nothing.
    let err = refused(&sb, id, &["region", "rm", id, "eu-wset"]);
    assert_eq!(
        err,
        "error: no region `eu-wset` in this incident; nothing was changed\n\
         hint: did you mean `eu-west`?\n\
         hint: the incident's regions: eu-west, eu-central\n\
         hint: the regions are listed under `regions` in `incident show every-fact-a --format json`\n"
    );
    let err = refused(
        &sb,
        id,
        &["region", "rm", id, "eu-west", "--zone", "a", "--zone", "zz"],
    );
    assert!(
        err.starts_with("error: region `eu-west` has no zone `zz`; nothing was changed\n"),
        "{err}"
    );
    assert!(
        err.contains("hint: the zones of region `eu-west`: a, b\n"),
        "{err}"
    );
    let err = refused(
        &sb,
        id,
        &[
            "region", "rm", id, "eu-west", "--zone", "a", "--site", "DUB-4",
        ],
    );
    assert_eq!(
        err,
        "error: region `eu-west` has no site `DUB-4`; nothing was changed\n\
         hint: did you mean `DUB-3`?\n\
         hint: the sites of region `eu-west`: DUB-3\n"
    );
    // An empty list says how to add to it.
    let sb = Sandbox::with_record(B);
    let err = refused(
        &sb,
        "every-fact-b",
        &["reference", "rm", "every-fact-b", "1"],
    );
    assert_eq!(
        err,
        "error: the incident has no references; nothing was changed\n\
         hint: add one with `incident reference add every-fact-b --kind KIND --id X`\n"
    );
    let err = refused(
        &sb,
        "every-fact-b",
        &["region", "rm", "every-fact-b", "eu-west"],
    );
    assert!(
        err.contains("hint: the incident has no regions yet\n"),
        "{err}"
    );
}

#[test]
fn removing_from_the_hong_kong_record_keeps_it_valid() {
    let sb = Sandbox::with_record(HK_TEXT);
    let before = checks_clean(&sb);
    assert_eq!(
        ok(&sb, &["stated", "rm", "hk-zone-c", "1"]),
        format!("removed stated figure 1 (total duration ~930 min) in {HK_ID}")
    );
    // The figure's lines go, and nothing else: comments and layout stay as they were.
    let block = "    stated: [\n        (\n            of: TotalDuration,\n            minutes: 930,\n            approximate: true,\n            quote: \"over 15.5 hours\",\n            sources: [\"kuaikeji\"],\n            note: \"The press reprint counts from the 08:56 first alarm to 00:30 on 19 December, its unconfirmed time for all services normal.\",\n        ),\n    ],\n";
    assert!(
        HK_TEXT.contains(block),
        "the shipped record's stated figure changed"
    );
    assert_eq!(sb.read(HK_ID), HK_TEXT.replacen(block, "", 1));
    // `kuaikeji`, cited only by the figure among the facts, stays a source of the record.
    let v = record(&sb, HK_ID);
    assert!(
        v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "kuaikeji")
    );
    assert_eq!(checks_clean(&sb), before);

    // The facts it does not ship, added and taken away again, leave it as the above.
    let after_stated = sb.read(HK_ID);
    for args in [
        &[
            "count",
            "add",
            "hk-zone-c",
            "compartments affected",
            "4",
            "--source",
            "statement",
        ][..],
        &[
            "reference",
            "add",
            "hk-zone-c",
            "--kind",
            "status-page",
            "--url",
            "https://status.aliyun.com/",
        ],
        &[
            "loss",
            "add",
            "hk-zone-c",
            "Data on local disks of shut-down servers",
            "--recovered",
            "unknown",
        ],
        &[
            "region",
            "add",
            "hk-zone-c",
            "cn-hongkong",
            "--zone",
            "C",
            "--source",
            "statement",
        ],
    ] {
        ok(&sb, args);
    }
    for (args, said) in [
        (
            &["count", "rm", "hk-zone-c", "1"][..],
            "removed count 1 (compartments affected 4) from the incident",
        ),
        (
            &["reference", "rm", "hk-zone-c", "1"],
            "removed reference 1 (status page https://status.aliyun.com/)",
        ),
        (
            &["loss", "rm", "hk-zone-c", "1"],
            "removed data loss 1 (Data on local disks of shut-down servers, recovery unknown)",
        ),
        (
            &["region", "rm", "hk-zone-c", "cn-hongkong"],
            "removed region `cn-hongkong` with its zone `C`",
        ),
    ] {
        assert_eq!(ok(&sb, args), format!("{said} in {HK_ID}"));
    }
    assert_eq!(sb.read(HK_ID), after_stated);
    assert_eq!(checks_clean(&sb), before);
}

#[test]
fn the_help_of_each_fact_command_lists_rm() {
    for fact in ["count", "loss", "stated", "reference", "region"] {
        let help = crate::common::stdout_of(&[fact, "--help"]);
        assert!(
            help.lines().any(|l| l.trim_start().starts_with("rm ")),
            "`incident {fact} --help` lists no rm:\n{help}"
        );
        let rm = crate::common::stdout_of(&[fact, "rm", "--help"]);
        assert!(
            rm.contains(&format!("incident {fact} rm payments")),
            "`incident {fact} rm --help` shows no example:\n{rm}"
        );
    }
}
