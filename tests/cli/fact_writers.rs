//! The fact commands (issue 14, item 4) on copies of the facts fixtures: what each writes,
//! value by value; ids, names and numbers refused with the nearest match and a hint naming a
//! command; refusals that leave the file as it was; and records with comments changed in
//! place, the comments kept.

use serde_json::Value;

use crate::common::{Run, Sandbox, epoch, run};

const B: &str = include_str!("../fixtures/facts/every-fact-b.ron");
const A: &str = include_str!("../fixtures/facts/every-fact-a.ron");

fn sandbox() -> Sandbox {
    let sb = Sandbox::with_record(B);
    sb.add_record(A);
    sb
}

/// Runs `incident ARGS` with the clock at 2025-03-10 12:00 UTC (also used by fact_rm.rs).
pub(super) fn go(sb: &Sandbox, args: &[&str]) -> Run {
    run(sb
        .cmd(args)
        .env("SOURCE_DATE_EPOCH", epoch("2025-03-10T12:00:00Z")))
}

fn ok(sb: &Sandbox, args: &[&str]) -> String {
    let r = go(sb, args);
    assert!(r.success(), "incident {}: {}", args.join(" "), r.stderr);
    r.stderr
}

/// The record as `show --format json` prints it (also used by fact_rm.rs).
pub(super) fn record(sb: &Sandbox, id: &str) -> Value {
    serde_json::from_str(&sb.stdout_of(&["show", id, "--format", "json"])).unwrap()
}

/// Runs a command that must be refused with exit 1, leaving the file byte for byte.
fn refused(sb: &Sandbox, id: &str, args: &[&str]) -> String {
    let before = sb.read(id);
    let r = go(sb, args);
    assert_eq!(r.code, Some(1), "incident {}: {}", args.join(" "), r.stderr);
    assert_eq!(sb.read(id), before, "a refused change wrote the file");
    r.stderr
}

#[test]
fn causes_link_by_id_and_typos_get_the_nearest_id() {
    let sb = sandbox();
    let err = refused(
        &sb,
        "every-fact-b",
        &[
            "cause",
            "add",
            "every-fact-b",
            "--kind",
            "root",
            "Nobody reviewed pushes",
            "--led-to",
            "config-pus",
        ],
    );
    assert_eq!(
        err.lines().take(2).collect::<Vec<_>>(),
        [
            "error: no cause id `config-pus` in this incident; nothing was changed",
            "hint: did you mean `config-push`?",
        ]
    );
    assert!(
        err.contains("`incident cause add every-fact-b --kind"),
        "{err}"
    );
    let said = ok(
        &sb,
        &[
            "cause",
            "add",
            "every-fact-b",
            "--kind",
            "root",
            "Nobody reviewed pushes",
            "--id",
            "no-review",
            "--led-to",
            "config-push",
            "--evidence",
            "alert",
            "--source",
            "postmortem",
        ],
    );
    assert!(
        said.starts_with("added root cause `no-review` in every-fact-b\n"),
        "{said}"
    );
    let v = record(&sb, "every-fact-b");
    let added = &v["causes"]["root_causes"][1];
    assert_eq!(added["id"], "no-review");
    assert_eq!(added["led_to"][0], "config-push");
    assert_eq!(added["evidence"][0], "alert");
    // The fixture's comment header is kept: the change was made in place.
    assert!(sb.read("every-fact-b").starts_with("// A made-up incident"));
    // An id already taken is refused.
    let err = refused(
        &sb,
        "every-fact-b",
        &[
            "cause",
            "add",
            "every-fact-b",
            "--kind",
            "trigger",
            "Again",
            "--id",
            "no-review",
        ],
    );
    assert!(
        err.starts_with("error: a cause with the id `no-review` already exists"),
        "{err}"
    );
}

#[test]
fn a_cause_stays_while_an_action_or_another_cause_points_to_it() {
    let sb = sandbox();
    let err = refused(
        &sb,
        "every-fact-b",
        &["cause", "rm", "every-fact-b", "single-cluster"],
    );
    assert_eq!(
        err,
        "error: the cause `single-cluster` is addressed by action item A2; nothing was changed\n\
         hint: first change what the item addresses: `incident action set every-fact-b A2 --addresses CAUSE`, or remove `single-cluster` there with `incident edit every-fact-b`\n"
    );
    let err = refused(
        &sb,
        "every-fact-b",
        &["cause", "rm", "every-fact-b", "resolver-crash"],
    );
    assert!(
        err.starts_with("error: the causes config-push, single-cluster lead to `resolver-crash`"),
        "{err}"
    );
    assert!(
        err.contains("`incident cause set every-fact-b config-push --drop-led-to resolver-crash`")
    );
    // Renaming carries the links: the action item A1 addresses the new id.
    ok(
        &sb,
        &[
            "cause",
            "set",
            "every-fact-b",
            "no-validation",
            "--id",
            "unchecked-push",
        ],
    );
    let v = record(&sb, "every-fact-b");
    assert_eq!(v["actions"][0]["addresses"][0], "unchecked-push");
    // A cause nothing points to goes; by its list and number when it has no id.
    let said = ok(&sb, &["cause", "rm", "every-fact-a", "trigger.1"]);
    assert!(
        said.starts_with("removed cause `trigger.1` (Utility power to DUB-3 failed.)"),
        "{said}"
    );
    assert_eq!(
        record(&sb, "every-fact-a")["causes"]["trigger"],
        Value::Array(vec![])
    );
    // "Not determined" is a stated value.
    ok(&sb, &["cause", "status", "every-fact-a", "not-determined"]);
    assert_eq!(
        record(&sb, "every-fact-a")["causes"]["root_cause_status"],
        "not_determined"
    );
}

#[test]
fn claims_stand_beside_moments_events_and_window_bounds() {
    let sb = sandbox();
    let said = ok(
        &sb,
        &[
            "claim",
            "add",
            "every-fact-a",
            "service",
            "object storage",
            "window",
            "1",
            "to",
            "--at",
            "2024-05-02 13:50",
            "--source",
            "status",
            "--note",
            "The status page's last post",
        ],
    );
    assert!(
        said.starts_with("added claim 2 on service `Object storage` window 1 to: 2024-05-02T13:50:00+01:00 in every-fact-a"),
        "{said}"
    );
    let v = record(&sb, "every-fact-a");
    let claims = &v["services"][0]["windows"][0]["to_claims"];
    assert_eq!(claims[1]["at"]["At"], "2024-05-02T13:50:00+01:00");
    assert_eq!(claims[1]["note"], "The status page's last post");
    ok(
        &sb,
        &[
            "claim",
            "add",
            "every-fact-a",
            "alarm",
            "--at",
            "2024-05-02 09:25",
            "--source",
            "status",
        ],
    );
    assert_eq!(
        record(&sb, "every-fact-a")["events"][1]["claims"][0]["at"]["At"],
        "2024-05-02T09:25:00+01:00"
    );
    // Two claims: which one must be said.
    let err = refused(
        &sb,
        "every-fact-a",
        &[
            "claim",
            "rm",
            "every-fact-a",
            "service",
            "Object storage",
            "window",
            "1",
            "to",
        ],
    );
    assert!(err.contains("has 2 claims"), "{err}");
    ok(
        &sb,
        &[
            "claim",
            "rm",
            "every-fact-a",
            "service",
            "Object storage",
            "window",
            "1",
            "to",
            "--claim",
            "1",
        ],
    );
    let v = record(&sb, "every-fact-a");
    assert_eq!(
        v["services"][0]["windows"][0]["to_claims"][0]["note"],
        "The status page's last post"
    );
    // A moment the record has not set takes no claim; a typo gets the nearest name.
    let err = refused(
        &sb,
        "every-fact-b",
        &[
            "claim",
            "add",
            "every-fact-b",
            "failovr",
            "--at",
            "2025-03-04 11:00",
            "--source",
            "status",
        ],
    );
    assert!(err.contains("hint: did you mean `failover`?"), "{err}");
    let err = refused(
        &sb,
        "every-fact-b",
        &[
            "claim",
            "add",
            "every-fact-b",
            "resolved",
            "--at",
            "2025-03-04 11:00",
            "--source",
            "statu",
        ],
    );
    assert!(
        err.starts_with("error: no source `statu` in this incident"),
        "{err}"
    );
    assert!(err.contains("hint: did you mean `status`?"), "{err}");
}

#[test]
fn a_role_set_to_someone_else_is_a_hand_over() {
    let sb = sandbox();
    let said = ok(
        &sb,
        &[
            "role",
            "set",
            "every-fact-b",
            "commander",
            "Cy",
            "--at",
            "2025-03-04 11:00",
            "--source",
            "chat",
        ],
    );
    assert!(
        said.starts_with("handed incident commander over from Bo to Cy in every-fact-b"),
        "{said}"
    );
    let v = record(&sb, "every-fact-b");
    let roles = v["roles"].as_array().unwrap();
    assert_eq!(roles[1]["person"], "Bo");
    assert_eq!(roles[1]["to"]["At"], "2025-03-04T11:00:00+00:00");
    let last = roles.last().unwrap();
    assert_eq!(
        (last["person"].as_str(), last["role"].as_str()),
        (Some("Cy"), Some("incident_commander"))
    );
    assert_eq!(last["from"]["At"], "2025-03-04T11:00:00+00:00");
    // A hand-over needs its time.
    let err = refused(
        &sb,
        "every-fact-b",
        &["role", "set", "every-fact-b", "scribe", "Fay"],
    );
    assert!(
        err.starts_with("error: Dee holds the role scribe now: handing it over needs the time"),
        "{err}"
    );
    let err = refused(
        &sb,
        "every-fact-b",
        &["role", "rm", "every-fact-b", "scribe", "Fee"],
    );
    assert!(err.contains("hint: did you mean `Dee`?"), "{err}");
    ok(&sb, &["role", "rm", "every-fact-b", "scribe", "Dee"]);
    assert!(!sb.read("every-fact-b").contains("\"Dee\""));
    // A team's own role needs its name.
    let err = refused(
        &sb,
        "every-fact-b",
        &["role", "set", "every-fact-b", "other", "Gil"],
    );
    assert!(err.contains("--title"), "{err}");
}

#[test]
fn counts_losses_figures_references_and_regions_go_in_place() {
    let sb = sandbox();
    for args in [
        &[
            "count",
            "add",
            "every-fact-b",
            "lookups failed",
            "1,200,000",
            "--approx",
            "--unit",
            "lookups",
            "--service",
            "public api",
            "--source",
            "probenet",
        ][..],
        &[
            "count",
            "add",
            "every-fact-b",
            "customers affected",
            "340",
            "--source",
            "postmortem",
            "--note",
            "Support tickets",
        ],
        &[
            "loss",
            "add",
            "every-fact-b",
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
        &[
            "stated",
            "add",
            "every-fact-b",
            "total-duration",
            "--duration",
            "1h40m",
            "--quote",
            "100 minutes",
            "--source",
            "postmortem",
        ],
        &[
            "reference",
            "add",
            "every-fact-b",
            "--kind",
            "ticket",
            "--id",
            "OPS-1",
        ],
        &[
            "set",
            "every-fact-b",
            "provider-severity",
            "P2",
            "--source",
            "status",
        ],
        &[
            "region",
            "add",
            "every-fact-b",
            "eu-west",
            "--zone",
            "a",
            "--source",
            "postmortem",
        ],
        &[
            "region",
            "site",
            "every-fact-b",
            "EU-West",
            "LON-1",
            "--happened",
            "Hosted the resolvers",
            "--source",
            "postmortem",
        ],
        &[
            "target",
            "set",
            "every-fact-b",
            "Search",
            "--outcome",
            "not-affected",
            "--source",
            "postmortem",
        ],
    ] {
        ok(&sb, args);
    }
    let text = sb.read("every-fact-b");
    assert!(
        text.starts_with("// A made-up incident"),
        "a rewrite dropped the comment"
    );
    let v = record(&sb, "every-fact-b");
    assert_eq!(v["services"][0]["counts"][0]["value"], 1_200_000.0);
    assert_eq!(v["services"][0]["counts"][0]["approximate"], true);
    assert_eq!(v["counts"][0]["note"], "Support tickets");
    assert_eq!(v["data_loss"][0]["amount"]["what"], "webhooks");
    assert_eq!(v["data_loss"][0]["recovered"], "partly");
    assert_eq!(v["stated"][0]["minutes"], 100);
    assert_eq!(v["references"][0]["id"], "OPS-1");
    assert_eq!(v["provider_severity"]["label"], "P2");
    assert_eq!(
        v["regions"][0]["sites"][0]["happened"],
        "Hosted the resolvers"
    );
    assert_eq!(v["services"][1]["name"], "Search");
    assert_eq!(v["services"][1]["outcome"], "not_affected");
    // The document shows them.
    let md = sb.stdout_of(&["summary", "every-fact-b", "--format", "markdown"]);
    for s in [
        "Queued webhooks: 1800 (webhooks) — partly recovered",
        "LON-1 (eu-west): Hosted the resolvers",
    ] {
        assert!(md.contains(s), "{s}:\n{md}");
    }
    // A figure of the wrong shape, a count on no target, a region not there yet.
    let err = refused(
        &sb,
        "every-fact-b",
        &[
            "stated",
            "add",
            "every-fact-b",
            "resolved",
            "--duration",
            "10",
        ],
    );
    assert!(
        err.starts_with("error: resolved is a moment: it takes --at, not --duration"),
        "{err}"
    );
    let err = refused(
        &sb,
        "every-fact-b",
        &[
            "count",
            "add",
            "every-fact-b",
            "x",
            "1",
            "--service",
            "Public APi2",
        ],
    );
    assert!(err.contains("hint: did you mean `Public API`?"), "{err}");
    let err = refused(
        &sb,
        "every-fact-b",
        &["region", "site", "every-fact-b", "us-east", "NYC-1"],
    );
    assert!(
        err.contains("hint: add it first with `incident region add every-fact-b NAME --zone ZONE`"),
        "{err}"
    );
}

#[test]
fn events_say_who_observed_them_what_else_they_are_and_what_they_announced() {
    let sb = sandbox();
    ok(
        &sb,
        &[
            "log",
            "every-fact-b",
            "ProbeNet saw recovery",
            "--at",
            "2025-03-04 11:38",
            "--kind",
            "recovery",
            "--observed-by",
            "external-monitor:ProbeNet",
            "--also-kind",
            "note",
            "--source",
            "probenet",
        ],
    );
    ok(
        &sb,
        &[
            "update",
            "add",
            "every-fact-b",
            "Monitoring the fix",
            "--at",
            "2025-03-04 11:10",
            "--state",
            "monitoring",
            "--channel",
            "status page",
            "--source",
            "status",
        ],
    );
    ok(
        &sb,
        &[
            "log",
            "every-fact-b",
            "Second restart planned",
            "--at",
            "2025-03-20",
            "--kind",
            "action",
            "--planned",
            "--stated",
            "2025-03-05",
            "--allow-future",
        ],
    );
    ok(
        &sb,
        &[
            "impact",
            "add",
            "every-fact-b",
            "--service",
            "Web",
            "--from",
            "2025-03-04 10:00",
            "--to",
            "2025-03-04 11:00",
            "--level",
            "degraded",
            "--share",
            "40%",
            "--of",
            "requests",
        ],
    );
    let v = record(&sb, "every-fact-b");
    let events = v["events"].as_array().unwrap();
    let by_text = |t: &str| events.iter().find(|e| e["text"] == t).unwrap().clone();
    let seen = by_text("ProbeNet saw recovery");
    assert_eq!(seen["observed_by"]["party"], "external_monitor");
    assert_eq!(seen["observed_by"]["name"], "ProbeNet");
    assert_eq!(seen["other_kinds"][0], "note");
    let update = by_text("Monitoring the fix");
    assert_eq!(
        (update["kind"].as_str(), update["update"]["state"].as_str()),
        (Some("communication"), Some("monitoring"))
    );
    assert_eq!(update["update"]["channel"], "status page");
    assert_eq!(
        by_text("Second restart planned")["planned"]["stated"]["Day"],
        "2025-03-05T00:00:00+00:00"
    );
    assert_eq!(v["services"][1]["windows"][0]["share"]["percent"], 40.0);
    assert_eq!(v["services"][1]["windows"][0]["share"]["of"], "requests");
    // The record may take a third party's observation as its own moment.
    let said = ok(
        &sb,
        &[
            "moment",
            "set",
            "every-fact-b",
            "detected",
            "--at",
            "2025-03-04 10:05",
            "--observed-by",
            "external-monitor:ProbeNet",
        ],
    );
    assert!(
        said.contains("\n  observed by external monitor ProbeNet\n"),
        "{said}"
    );
    let detected = &record(&sb, "every-fact-b")["moments"]["detected"];
    assert_eq!(detected["observed_by"]["party"], "external_monitor");
    assert_eq!(detected["at"]["At"], "2025-03-04T10:05:00+00:00");
    // A party that is not one.
    let r = go(
        &sb,
        &["log", "every-fact-b", "x", "--observed-by", "martians"],
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("`martians` is not a kind of observer"),
        "{}",
        r.stderr
    );
}

#[test]
fn lessons_are_added_and_removed_by_list_and_number() {
    let sb = sandbox();
    let said = ok(
        &sb,
        &[
            "lesson",
            "add",
            "every-fact-b",
            "--kind",
            "went-well",
            "Failover took two minutes",
            "--source",
            "postmortem",
        ],
    );
    assert!(
        said.starts_with("added lesson went-well 1 in every-fact-b"),
        "{said}"
    );
    assert_eq!(
        record(&sb, "every-fact-b")["lessons"]["went_well"][0]["text"],
        "Failover took two minutes"
    );
    let err = refused(
        &sb,
        "every-fact-b",
        &["lesson", "rm", "every-fact-b", "went-well", "2"],
    );
    assert!(
        err.starts_with("error: no lesson number `2` in this incident"),
        "{err}"
    );
    ok(&sb, &["lesson", "rm", "every-fact-b", "went-well", "1"]);
    assert_eq!(
        record(&sb, "every-fact-b")["lessons"]["went_well"],
        Value::Array(vec![])
    );
}
