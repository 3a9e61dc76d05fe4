//! Every field of the schema has a command that writes it (issue 14, item 4 and "Must
//! show"): a walk over every field of fully populated records — the facts fixtures of issue 13
//! (`tests/fixtures/facts/every-fact-a.ron`, `every-fact-b.ron`), the shipped Hong Kong record,
//! and a record written here by commands alone — maps each field path to the command and
//! flag that writes it, and fails naming any field that has none. Each command named is
//! checked against its `--help`, so a renamed flag fails here too.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::{ROOT, Sandbox, epoch, json_in, run};

/// Every field path of the schema (lists as `[]`, the key moments as `moments.*`, services
/// and customers as `targets[]`, the cause and lesson lists as `causes.*`, `lessons.*`), and
/// the command that writes it: `command words… --flag` or `command words… ARG`.
const FIELDS: &[(&str, &str)] = &[
    ("schema", "new"),
    ("id", "new --id"),
    ("title", "new --title"),
    ("summary", "set summary"),
    ("summary_sources[]", "set summary-sources"),
    ("kind", "new --kind"),
    ("severity", "new --severity"),
    ("provider_severity.label", "set provider-severity"),
    ("provider_severity.sources[]", "set --source"),
    ("provider_severity.note", "set --note"),
    ("severity_rationale", "set --rationale"),
    ("status", "status STATE"),
    ("authors[]", "set authors"),
    ("organisation", "set organisation"),
    ("region", "set region"),
    ("zones[]", "set zones"),
    ("site", "set site"),
    ("regions[].name", "region add NAME"),
    ("regions[].zones[]", "region add --zone"),
    ("regions[].sites[].name", "region site SITE"),
    ("regions[].sites[].happened", "region site --happened"),
    ("regions[].sites[].sources[]", "region site --source"),
    ("regions[].sources[]", "region add --source"),
    ("regions[].note", "region add --note"),
    ("timezone", "new --tz"),
    ("moments.*.at", "moment set --at"),
    ("moments.*.sources[]", "moment set --source"),
    ("moments.*.note", "moment set --note"),
    ("moments.*.observed_by", "moment set --observed-by"),
    ("moments.*.claims[].at", "claim add --at"),
    ("moments.*.claims[].sources[]", "claim add --source"),
    ("moments.*.claims[].note", "claim add --note"),
    ("targets[].name", "impact add --service"),
    ("targets[].names", "target set --name"),
    ("targets[].sources[]", "target set --source"),
    ("targets[].note", "target set --note"),
    ("targets[].outcome", "target set --outcome"),
    ("targets[].counts[].what", "count add WHAT"),
    ("targets[].counts[].value", "count add VALUE"),
    ("targets[].counts[].unit", "count add --unit"),
    ("targets[].counts[].approximate", "count add --approx"),
    ("targets[].counts[].sources[]", "count add --source"),
    ("targets[].counts[].note", "count add --note"),
    ("targets[].windows[].from", "impact add --from"),
    ("targets[].windows[].to", "impact add --to"),
    ("targets[].windows[].level", "impact add --level"),
    ("targets[].windows[].scope", "impact add --scope"),
    ("targets[].windows[].share.percent", "impact add --share"),
    ("targets[].windows[].share.of", "impact add --of"),
    ("targets[].windows[].share.side", "impact add --available"),
    ("targets[].windows[].share.worst", "impact add --worst"),
    ("targets[].windows[].sources[]", "impact add --source"),
    ("targets[].windows[].note", "impact add --note"),
    ("targets[].windows[].from_claims[]", "claim add TARGET"),
    ("targets[].windows[].to_claims[]", "claim add TARGET"),
    ("counts[].what", "count add WHAT"),
    ("counts[].value", "count add VALUE"),
    ("counts[].unit", "count add --unit"),
    ("counts[].approximate", "count add --approx"),
    ("counts[].sources[]", "count add --source"),
    ("counts[].note", "count add --note"),
    ("data_loss[].what", "loss add WHAT"),
    ("data_loss[].amount.what", "loss add --of"),
    ("data_loss[].amount.value", "loss add --amount"),
    ("data_loss[].amount.unit", "loss add --unit"),
    ("data_loss[].amount.approximate", "loss add --approx"),
    ("data_loss[].amount.sources[]", "loss add --source"),
    ("data_loss[].recovered", "loss add --recovered"),
    ("data_loss[].sources[]", "loss add --source"),
    ("data_loss[].note", "loss add --note"),
    ("stated[].of", "stated add OF"),
    ("stated[].minutes", "stated add --duration"),
    ("stated[].at", "stated add --at"),
    ("stated[].approximate", "stated add --approx"),
    ("stated[].quote", "stated add --quote"),
    ("stated[].sources[]", "stated add --source"),
    ("stated[].note", "stated add --note"),
    ("events[].id", "log --id"),
    ("events[].at", "log --at"),
    ("events[].kind", "log --kind"),
    ("events[].other_kinds[]", "log --also-kind"),
    ("events[].text", "log TEXT"),
    ("events[].actor", "log --actor"),
    ("events[].observed_by.party", "log --observed-by"),
    ("events[].observed_by.name", "log --observed-by"),
    ("events[].update.state", "update add --state"),
    ("events[].update.channel", "update add --channel"),
    ("events[].planned.stated", "log --stated"),
    ("events[].sources[]", "log --source"),
    ("events[].important", "log --important"),
    ("events[].precursor", "log --precursor"),
    ("events[].claims[].at", "claim add --at"),
    ("events[].claims[].sources[]", "claim add --source"),
    ("events[].claims[].note", "claim add --note"),
    ("events[].origin", "import text FILE"),
    ("roles[].role", "role set ROLE"),
    ("roles[].title", "role set --title"),
    ("roles[].person", "role set PERSON"),
    ("roles[].from", "role set --at"),
    ("roles[].to", "role set --at"),
    ("roles[].sources[]", "role set --source"),
    ("roles[].note", "role set --note"),
    ("causes.*.id", "cause add --id"),
    ("causes.*.text", "cause add TEXT"),
    ("causes.*.detail", "cause add --detail"),
    ("causes.*.sources[]", "cause add --source"),
    ("causes.*.led_to[]", "cause add --led-to"),
    ("causes.*.evidence[]", "cause add --evidence"),
    ("causes.root_cause_status", "cause status STATUS"),
    ("lessons.*.text", "lesson add TEXT"),
    ("lessons.*.detail", "lesson add --detail"),
    ("lessons.*.sources[]", "lesson add --source"),
    ("actions[].id", "action add TEXT"),
    ("actions[].text", "action add TEXT"),
    ("actions[].type", "action add --type"),
    ("actions[].priority", "action add --priority"),
    ("actions[].owner", "action add --owner"),
    ("actions[].opened", "action add --opened"),
    ("actions[].due", "action add --due"),
    ("actions[].status", "action set --status"),
    ("actions[].completed", "action done --at"),
    ("actions[].link", "action add --link"),
    ("actions[].sources[]", "action add --source"),
    ("actions[].note", "action add --note"),
    ("actions[].addresses[]", "action add --addresses"),
    ("references[].kind", "reference add --kind"),
    ("references[].id", "reference add --id"),
    ("references[].url", "reference add --url"),
    ("references[].note", "reference add --note"),
    ("sources[].id", "source add KEY"),
    ("sources[].title", "source add --title"),
    ("sources[].url", "source add --url"),
    ("sources[].kind", "source add --kind"),
    ("sources[].published", "source add --date"),
    ("sources[].note", "source add --note"),
    ("sources[].further_reading", "source add --further-reading"),
    ("tags[]", "set tags"),
    ("sources[].publisher", "source add --publisher"),
    ("sources[].internal", "source add --internal"),
    ("events[].note", "log --note"),
    ("events[].internal", "log --internal"),
    ("actions[].internal", "action add --internal"),
    ("targets[].internal", "impact add --internal"),
    ("counts[].internal", "count add --internal"),
];

const TIMES: [&str; 6] = ["At", "About", "Day", "Between", "NotBefore", "NotAfter"];

/// The field paths of a record's JSON: leaves, time values and maps as one field each;
/// empty lists say nothing of their items' fields and are skipped.
fn paths(v: &Value, at: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) if at.ends_with("names") => {
            out.insert(at.to_string());
            let _ = map;
        }
        Value::Object(map) if map.len() == 1 && map.keys().all(|k| TIMES.contains(&k.as_str())) => {
            out.insert(at.to_string());
        }
        Value::Object(map) => {
            for (k, x) in map {
                let p = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                paths(x, &p, out);
            }
        }
        Value::Array(items) => {
            for x in items {
                paths(x, &format!("{at}[]"), out);
            }
        }
        _ => {
            out.insert(at.to_string());
        }
    }
}

/// One name for the fields that differ only in which list or moment they sit in.
fn normal(path: &str) -> String {
    let mut p = path
        .replacen("services[]", "targets[]", 1)
        .replacen("customers[]", "targets[]", 1);
    for (prefix, names) in [
        (
            "moments.",
            &[
                "started",
                "detected",
                "communicated",
                "mitigated",
                "resolved",
            ][..],
        ),
        ("causes.", &["trigger", "root_causes", "contributing"][..]),
        ("lessons.", &["went_well", "went_wrong", "lucky"][..]),
    ] {
        for n in names {
            let from = format!("{prefix}{n}[]");
            let from_field = format!("{prefix}{n}.");
            if p.starts_with(&from) {
                p = p.replacen(&from, &format!("{prefix}*"), 1);
            } else if p.starts_with(&from_field) {
                p = p.replacen(&from_field, &format!("{prefix}*."), 1);
            }
        }
    }
    p
}

/// True when the table entry `entry` names `path` or a part of it (`share.percent` is its
/// own entry; `moments.*.observed_by` covers the observer's party and name).
fn covers(entry: &str, path: &str) -> bool {
    path == entry
        || path
            .strip_prefix(entry)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with("[]"))
}

/// A record written by commands alone, using the fields the fixtures leave out.
fn written_by_commands() -> Value {
    let sb = Sandbox::new();
    let now = epoch("2024-03-01T12:00:00Z");
    let go = |args: &[&str]| {
        let r = run(sb.cmd(args).env("SOURCE_DATE_EPOCH", &now));
        assert!(r.success(), "incident {}: {}", args.join(" "), r.stderr);
    };
    go(&[
        "new",
        "--title",
        "Made-up resolver outage",
        "--severity",
        "sev2",
        "--started",
        "2024-03-01 09:00",
        "--tz",
        "UTC",
        "--id",
        "fields",
    ]);
    let script: &[&[&str]] = &[
        &[
            "source", "add", "fields", "report", "--title", "Report", "--kind", "official",
        ],
        &[
            "source",
            "add",
            "fields",
            "chat",
            "--title",
            "Responders' chat",
            "--publisher",
            "Ops",
            "--internal",
        ],
        &[
            "log",
            "fields",
            "Paged the resolver team",
            "--at",
            "09:12",
            "--kind",
            "escalation",
            "--source",
            "chat",
            "--note",
            "By phone",
            "--internal",
        ],
        &[
            "action",
            "add",
            "fields",
            "Page the resolver team sooner",
            "--type",
            "detect",
            "--owner",
            "ops",
            "--internal",
        ],
        &[
            "impact",
            "add",
            "fields",
            "--customer",
            "Beta",
            "--from",
            "09:30",
            "--to",
            "09:40",
            "--internal",
        ],
        &[
            "count",
            "add",
            "fields",
            "pages sent",
            "3",
            "--source",
            "chat",
            "--internal",
        ],
        &[
            "moment",
            "set",
            "fields",
            "detected",
            "--at",
            "09:10",
            "--observed-by",
            "customer:Acme",
            "--source",
            "report",
        ],
        &[
            "claim",
            "add",
            "fields",
            "detected",
            "--at",
            "09:20",
            "--source",
            "report",
            "--note",
            "The report's own alarm",
        ],
        &[
            "impact",
            "add",
            "fields",
            "--customer",
            "Acme",
            "--from",
            "09:00",
            "--to",
            "10:00",
            "--share",
            "30%",
            "--of",
            "users",
            "--available",
            "--worst",
        ],
        &[
            "claim", "add", "fields", "customer", "Acme", "window", "1", "from", "--at", "08:55",
            "--source", "report",
        ],
        &[
            "claim", "add", "fields", "customer", "Acme", "window", "1", "to", "--at", "10:05",
            "--source", "report",
        ],
        &[
            "count",
            "add",
            "fields",
            "orders lost",
            "12",
            "--customer",
            "Acme",
            "--unit",
            "orders",
            "--approx",
            "--source",
            "report",
            "--note",
            "Counted by Acme",
        ],
        &[
            "target",
            "set",
            "fields",
            "Acme",
            "--customer",
            "--name",
            "de=Akme",
            "--source",
            "report",
            "--note",
            "A shop",
        ],
        &[
            "target",
            "set",
            "fields",
            "Search",
            "--outcome",
            "not-affected",
            "--source",
            "report",
        ],
        &[
            "loss",
            "add",
            "fields",
            "Uploads",
            "--amount",
            "1.5",
            "--unit",
            "TB",
            "--of",
            "data",
            "--approx",
            "--recovered",
            "no",
            "--source",
            "report",
            "--note",
            "Gone",
        ],
        &[
            "stated",
            "add",
            "fields",
            "total-duration",
            "--duration",
            "1h",
            "--quote",
            "an hour",
            "--approx",
            "--source",
            "report",
            "--note",
            "Rounded",
        ],
        &[
            "set",
            "fields",
            "provider-severity",
            "P2",
            "--source",
            "report",
            "--note",
            "Their scale",
        ],
        &[
            "reference",
            "add",
            "fields",
            "--kind",
            "ticket",
            "--id",
            "OPS-1",
            "--url",
            "https://example.com/OPS-1",
            "--note",
            "Ours",
        ],
        &[
            "region",
            "add",
            "fields",
            "eu-west",
            "--zone",
            "a",
            "--source",
            "report",
            "--note",
            "One region",
        ],
        &[
            "region",
            "site",
            "fields",
            "eu-west",
            "DUB-1",
            "--happened",
            "Lost power",
            "--source",
            "report",
        ],
        &[
            "log",
            "fields",
            "Probe saw errors",
            "--at",
            "09:05",
            "--kind",
            "detection",
            "--also-kind",
            "impact",
            "--observed-by",
            "external-monitor:Probe",
            "--actor",
            "probe",
            "--source",
            "report",
            "--important",
            "--precursor",
        ],
        &[
            "update",
            "add",
            "fields",
            "Investigating",
            "--at",
            "09:30",
            "--state",
            "investigating",
            "--channel",
            "status page",
            "--source",
            "report",
        ],
        &[
            "claim",
            "add",
            "fields",
            "e1",
            "--at",
            "09:06",
            "--source",
            "report",
            "--note",
            "Probe's clock",
        ],
        &[
            "role",
            "set",
            "fields",
            "commander",
            "Ana",
            "--at",
            "09:10",
            "--source",
            "report",
        ],
        &[
            "role",
            "set",
            "fields",
            "commander",
            "Bo",
            "--at",
            "09:40",
            "--note",
            "Ana went home",
        ],
        &[
            "role",
            "set",
            "fields",
            "other",
            "Eve",
            "--title",
            "database lead",
        ],
        &[
            "cause",
            "add",
            "fields",
            "--kind",
            "trigger",
            "A push",
            "--id",
            "push",
            "--evidence",
            "e1",
            "--detail",
            "Unreviewed",
            "--source",
            "report",
        ],
        &[
            "cause",
            "add",
            "fields",
            "--kind",
            "root",
            "No review",
            "--id",
            "no-review",
            "--led-to",
            "push",
        ],
        &["cause", "status", "fields", "determined"],
        &[
            "lesson",
            "add",
            "fields",
            "--kind",
            "lucky",
            "Quiet hour",
            "--detail",
            "Few users",
            "--source",
            "report",
        ],
        &[
            "action",
            "add",
            "fields",
            "Review pushes",
            "--type",
            "prevent",
            "--priority",
            "p1",
            "--owner",
            "Ops",
            "--opened",
            "2024-03-01",
            "--due",
            "2024-04-01",
            "--link",
            "https://example.com/A1",
        ],
        &["action", "set", "fields", "A1", "--status", "in-progress"],
        &["status", "fields", "mitigated", "--at", "10:00"],
        &[
            "log",
            "fields",
            "Restart planned",
            "--at",
            "2024-03-05",
            "--kind",
            "action",
            "--planned",
            "--stated",
            "2024-03-01",
            "--allow-future",
        ],
    ];
    for args in script {
        go(args);
    }
    let log = sb.root().join("chat.log");
    std::fs::write(&log, "2024-03-01 09:45 <ana> rolled back the push\n").unwrap();
    go(&[
        "import",
        "text",
        log.to_str().unwrap(),
        "--into",
        "fields",
        "--tz",
        "UTC",
    ]);
    let r = run(sb.cmd(&["check"]).env("SOURCE_DATE_EPOCH", &now));
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    serde_json::from_str(&sb.stdout_of(&["show", "fields", "--format", "json"])).unwrap()
}

#[test]
fn every_field_of_the_schema_has_a_command_that_writes_it() {
    let mut walked = BTreeSet::new();
    let records = [
        json_in(
            "tests/fixtures/facts",
            &["show", "every-fact-a", "--format", "json"],
        ),
        json_in(
            "tests/fixtures/facts",
            &["show", "every-fact-b", "--format", "json"],
        ),
        json_in(
            "incidents",
            &["show", "2022-12-18-hk-zone-c", "--format", "json"],
        ),
        written_by_commands(),
    ];
    for r in &records {
        let mut found = BTreeSet::new();
        paths(r, "", &mut found);
        walked.extend(found.iter().map(|p| normal(p)));
    }
    assert!(walked.len() > 120, "the walk found {} fields", walked.len());
    let missing: Vec<&String> = walked
        .iter()
        .filter(|p| !FIELDS.iter().any(|(e, _)| covers(e, p)))
        .collect();
    assert!(
        missing.is_empty(),
        "fields no command writes (add a command, then a line to FIELDS):\n{missing:#?}"
    );
    // Every line of the table names a field some record has: none is stale or misspelt.
    let stale: Vec<&str> = FIELDS
        .iter()
        .map(|(e, _)| *e)
        .filter(|e| !walked.iter().any(|p| covers(e, p)))
        .collect();
    assert!(
        stale.is_empty(),
        "FIELDS names fields no record has: {stale:?}"
    );
}

#[test]
fn every_command_named_takes_the_flag_named() {
    let mut checked = 0;
    for (field, command) in FIELDS {
        let words: Vec<&str> = command.split(' ').collect();
        let sub: Vec<&str> = words
            .iter()
            .copied()
            .take_while(|w| !w.starts_with("--") && !w.chars().all(|c| c.is_ascii_uppercase()))
            .collect();
        // `set FIELD`: the field is one of `set`'s values, listed in its help.
        let (sub, arg) = match sub.as_slice() {
            ["set", field] => (vec!["set"], Some(*field)),
            _ => (sub.clone(), words.get(sub.len()).copied()),
        };
        let mut args = sub.clone();
        args.push("--help");
        let r = run(crate::common::incident().current_dir(ROOT).args(&args));
        assert!(
            r.success(),
            "{field}: incident {}: {}",
            args.join(" "),
            r.stderr
        );
        if let Some(arg) = arg {
            let shown = if arg.starts_with("--") {
                format!("{arg} ")
            } else if arg.starts_with(|c: char| c.is_ascii_lowercase()) {
                format!("- {arg}:")
            } else {
                format!("<{arg}>")
            };
            let optional = format!("[{arg}]");
            assert!(
                r.stdout.contains(&shown)
                    || r.stdout.contains(&optional)
                    || r.stdout.contains(&format!("{arg}\n")),
                "{field}: `incident {}` does not take {arg}",
                sub.join(" ")
            );
        }
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
}
