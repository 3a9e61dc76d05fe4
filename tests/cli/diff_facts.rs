//! Issue 15 for the schema-3 fields: `incident diff` and `incident history` name every change
//! to claims, shares, counts, data loss, references, stated figures, regions and sites, the
//! communicated moment, public updates, observers, other kinds, planned events, cause chains,
//! action completion, notes and addresses, roles and source kinds, in words. Real git
//! revisions: the two made-up fixtures of issue 13 are committed first with some facts
//! changed or missing, then as they are.

use serde_json::Value;

use super::common::parse_json;
use super::git_merge::Repo;

const A: &str = include_str!("../fixtures/facts/every-fact-a.ron");
const B: &str = include_str!("../fixtures/facts/every-fact-b.ron");

/// `text` with each `(from, to)` replaced once; every `from` must be there.
fn edited(text: &str, edits: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (from, to) in edits {
        assert!(out.contains(from), "the fixture no longer holds {from:?}");
        out = out.replacen(from, to, 1);
    }
    out
}

/// The earlier versions: what the fixtures say, before the facts below were known.
fn earlier() -> (String, String) {
    let a = edited(
        A,
        &[
            (
                "        label: \"P1 major outage\",",
                "        label: \"P2\",",
            ),
            (
                "    severity_rationale: \"Sev1 because objects were lost, not only delayed.\",\n",
                "",
            ),
            (
                "                    happened: \"Took over eu-west writes and ran near its capacity limit.\",\n",
                "",
            ),
            (
                "                    at: At(\"2024-05-02T09:05:00+01:00\"),",
                "                    at: At(\"2024-05-02T09:10:00+01:00\"),",
            ),
            (
                "                        percent: 40.0,",
                "                        percent: 30.0,",
            ),
            (
                "                    value: 120.0,",
                "                    value: 100.0,",
            ),
            (
                "            recovered: Partly,",
                "            recovered: No,",
            ),
            ("            minutes: 248,", "            minutes: 240,"),
            (
                "        (\n            kind: Ticket,\n            id: \"OPS-4821\",\n        ),\n",
                "",
            ),
        ],
    );
    let b = edited(
        B,
        &[
            (
                "    summary_sources: [\"postmortem\", \"status\"],",
                "    summary_sources: [\"postmortem\"],",
            ),
            (
                "        communicated: (at: At(\"2025-03-04T10:25:00+00:00\"), sources: [\"status\"], note: \"The first status-page entry.\"),\n",
                "",
            ),
            (
                "            observed_by: (party: Customer, name: \"Acme Shop\"),\n",
                "",
            ),
            ("            other_kinds: [Escalation],\n", ""),
            (
                "            update: (state: Identified, channel: \"status page\"),",
                "            update: (state: Investigating, channel: \"status page\"),",
            ),
            (
                "            planned: (stated: Day(\"2025-03-07T00:00:00+00:00\")),\n",
                "",
            ),
            (
                "        (role: CommunicationsLead, person: \"Chen\", from: At(\"2025-03-04T10:20:00+00:00\"), sources: [\"chat\"]),\n",
                "",
            ),
            (
                "                led_to: [\"resolver-crash\"],\n                evidence: [\"alert\"],\n",
                "                led_to: [\"resolver-crash\"],\n",
            ),
            ("        root_cause_status: Determined,\n", ""),
            (
                "            status: Done,\n            completed: \"2025-03-20\",\n            sources: [\"postmortem\"],\n            note: \"Shipped in release 4.2.\",\n",
                "            status: InProgress,\n            sources: [\"postmortem\"],\n",
            ),
            ("            addresses: [\"single-cluster\"],\n", ""),
            ("kind: Quoted, note:", "kind: Press, note:"),
            (
                "            sources: [\"postmortem\", \"news\"],",
                "            sources: [\"postmortem\", \"news#press\"],",
            ),
        ],
    );
    (a, b)
}

/// A repository whose last two commits are the earlier fixtures, then the fixtures.
fn repo() -> Repo {
    let repo = Repo::new(false);
    let dir = repo.root().join("incidents");
    let (a, b) = earlier();
    std::fs::write(dir.join("every-fact-a.ron"), a).unwrap();
    std::fs::write(dir.join("every-fact-b.ron"), b).unwrap();
    repo.git_dated("2025-03-05T09:00:00Z", &["add", "-A"]);
    repo.git_dated(
        "2025-03-05T09:00:00Z",
        &["commit", "-q", "-m", "What was known first"],
    );
    std::fs::write(dir.join("every-fact-a.ron"), A).unwrap();
    std::fs::write(dir.join("every-fact-b.ron"), B).unwrap();
    repo.git_dated(
        "2025-03-08T09:00:00Z",
        &["commit", "-q", "-a", "-m", "What the postmortem said"],
    );
    repo
}

#[test]
fn diff_names_every_schema_3_change_in_words() {
    let repo = repo();
    assert_eq!(
        repo.ok(&["diff", "every-fact-a", "HEAD~1", "HEAD"]),
        "every-fact-a: HEAD~1 → HEAD\n\
         provider severity label: P2 → P1 major outage\n\
         + severity rationale \"Sev1 because objects were lost, not only delayed.\"\n\
         region eu-central site 1 happened: (none) → \"Took over eu-west writes and ran near its capacity limit.\"\n\
         moment started claim 1 time: 09:10 → 09:05\n\
         service Object storage count 1 value: 100 → 120\n\
         window Object storage share percent: 30 → 40\n\
         data loss Objects written to DUB-3 in the last five minutes before… recovered: not recovered → partly recovered\n\
         stated figure total duration minutes: 240 → 248\n\
         + reference ticket OPS-4821\n"
    );
    assert_eq!(
        repo.ok(&["diff", "every-fact-b", "HEAD~1", "HEAD"]),
        "every-fact-b: HEAD~1 → HEAD\n\
         + summary source status\n\
         + moment communicated 10:25\n\
         event status-investigating other kinds: (none) → escalation\n\
         event customer-report observed by: (none) → name: Acme Shop, party: customer\n\
         event status-identified update state: investigating → identified\n\
         event failover sources: postmortem, news (press) → postmortem, news\n\
         event restart-planned planned: (none) → stated: 2025-03-07 (day)\n\
         + root cause status determined\n\
         + role communications lead: Chen from 10:20\n\
         trigger \"A configuration push removed the resolver's upstream list.\" evidence: (none) → alert\n\
         action A1 status: in progress → done\n\
         action A1 completed: (none) → 2025-03-20\n\
         action A1 note: (none) → \"Shipped in release 4.2.\"\n\
         action A2 addresses: (none) → single-cluster\n\
         source news kind: press → official, quoted\n"
    );
}

#[test]
fn the_same_changes_in_json_and_in_history() {
    let repo = repo();
    let json =
        parse_json(&repo.ok(&["diff", "every-fact-b", "HEAD~1", "HEAD", "--format", "json"]));
    let changes = json["changes"].as_array().unwrap();
    let find = |kind: &str, name: &str, field: &str| -> &Value {
        changes
            .iter()
            .find(|c| c["kind"] == kind && c["name"] == name && c["field"] == field)
            .unwrap_or_else(|| panic!("no {kind} {name} {field} in {changes:#?}"))
    };
    let c = find("event", "status-identified", "update state");
    assert_eq!(
        (&c["op"], &c["before"], &c["after"]),
        (
            &Value::from("changed"),
            &Value::from("investigating"),
            &Value::from("identified")
        )
    );
    let c = find("action", "A1", "completed");
    assert_eq!(
        (&c["before"], &c["after"]),
        (&Value::Null, &Value::from("2025-03-20"))
    );
    let role = changes.iter().find(|c| c["kind"] == "role").unwrap();
    assert_eq!(
        (&role["op"], &role["name"], &role["after"]),
        (
            &Value::from("added"),
            &Value::from("communications lead: Chen"),
            &Value::from("from 10:20")
        )
    );

    // Each commit summed up on one line.
    let history = repo.ok(&["history", "every-fact-a"]);
    let first = history.lines().next().unwrap();
    assert!(
        first.ends_with(
            "+1 reference, provider severity label P2 → P1 major outage, severity rationale (none) → \"Sev1 because objects were lost, not only delayed.\", region eu-central site 1 happened (none) → \"Took over eu-west writes and ran near its capacity limit.\", moment started claim 1 time 09:10 → 09:05, service Object storage count 1 value 100 → 120, window Object storage share percent 30 → 40, data loss Objects written to DUB-3 in the last five minutes before… recovered not recovered → partly recovered, stated figure total duration minutes 240 → 248"
        ),
        "{history}"
    );
    let history = repo.ok(&["history", "every-fact-b"]);
    let first = history.lines().next().unwrap();
    assert!(
        first.ends_with(
            "+1 summary source, +1 moment, +1 role, root cause status (none) → determined, 5 events changed, trigger \"A configuration push removed the resolver's upstream list.\" evidence (none) → alert, 2 actions changed, source news kind press → official, quoted"
        ),
        "{history}"
    );
}
