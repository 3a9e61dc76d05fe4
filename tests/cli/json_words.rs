//! One spelling per word in machine-readable output: every JSON-producing command, run on the
//! shipped record, writes each value of the vocabulary (`model::vocab`) as its token — the
//! JSON spelling — never as the record's spelling (`Resolved`) or the label (`at risk`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use incident::derive::figures::Bound;
use incident::model::chain::RootCauseStatus;
use incident::model::event_facts::UpdateState;
use incident::model::facts::ReferenceKind;
use incident::model::record::{
    ActionStatus, ActionType, EventKind, IncidentKind, Level, Priority, SourceKind, Status,
    TargetKind,
};
use incident::model::vocab::Word;

use super::common::*;
use super::git_merge::Repo;

/// The tokens of every value of `W`.
fn tokens<W: Word>() -> Vec<String> {
    W::ALL.iter().map(|w| w.token().to_string()).collect()
}

/// For each key the test watches, every spelling the vocabulary allows there in JSON.
fn allowed() -> BTreeMap<&'static str, BTreeSet<String>> {
    let mut m: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    let mut add = |key: &'static str, words: Vec<String>| m.entry(key).or_default().extend(words);
    for k in [
        tokens::<IncidentKind>(),
        tokens::<EventKind>(),
        tokens::<TargetKind>(),
        tokens::<SourceKind>(),
        tokens::<ReferenceKind>(),
    ] {
        add("kind", k);
    }
    add("incident_kind", tokens::<IncidentKind>());
    for s in [
        tokens::<Status>(),
        tokens::<ActionStatus>(),
        tokens::<RootCauseStatus>(),
    ] {
        add("status", s);
    }
    // Severity keeps the scale's names (`Sev1`); `check` problems say `error` or `warning`.
    let scale: Vec<String> = (0..4)
        .map(|r| {
            incident::model::severity::Severity::builtin(r)
                .name()
                .to_string()
        })
        .collect();
    add("severity", scale);
    add(
        "severity",
        [
            incident::model::problem::Severity::Error,
            incident::model::problem::Severity::Warning,
        ]
        .iter()
        .map(|s| s.word().to_string())
        .collect(),
    );
    add("level", tokens::<Level>());
    add("state", tokens::<UpdateState>());
    add("grade", tokens::<SourceKind>());
    add("bound", tokens::<Bound>());
    add("duration_bound", tokens::<Bound>());
    add("type", tokens::<ActionType>());
    add("priority", tokens::<Priority>());
    m
}

/// Every (path, key, string value) in `v` whose key is one of `keys`.
fn words_in(v: &Value, path: &str, keys: &BTreeSet<&str>, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                let here = format!("{path}.{k}");
                if let (true, Value::String(s)) = (keys.contains(k.as_str()), x) {
                    out.push((here.clone(), s.clone()));
                }
                words_in(x, &here, keys, out);
            }
        }
        Value::Array(a) => a
            .iter()
            .for_each(|x| words_in(x, &format!("{path}[]"), keys, out)),
        _ => {}
    }
}

/// Fails naming every watched value of `json` (printed by `what`) outside its allowed set;
/// returns how many values were checked. Keys in `except` hold no vocabulary word there.
fn assert_tokens(what: &str, json: &Value, except: &[&str]) -> usize {
    let allowed = allowed();
    let keys: BTreeSet<&str> = allowed
        .keys()
        .copied()
        .filter(|k| !except.contains(k))
        .collect();
    let mut found = Vec::new();
    words_in(json, "", &keys, &mut found);
    let bad: Vec<String> = found
        .iter()
        .filter(|(path, s)| {
            let key = path.rsplit('.').next().unwrap();
            !allowed[key].contains(s)
        })
        .map(|(path, s)| format!("{path} = {s:?}"))
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: not the JSON spelling:\n{}",
        bad.join("\n")
    );
    found.len()
}

#[test]
fn every_json_output_spells_words_as_tokens() {
    let sb = Sandbox::copy_of("incidents");
    let now = epoch("2024-03-01T10:00:00Z");
    let json = |args: &[&str]| -> Value {
        parse_json(&stdout_ok(sb.cmd(args).env("SOURCE_DATE_EPOCH", &now)))
    };
    let mut checked = 0;
    for args in [
        &["list", "--format", "json"][..],
        &["list", "--format", "json", "--kind", "real,drill,test"],
        &["actions", "--format", "json"],
        &["stats", "--format", "json"],
        &["stats", "--format", "json", "--by", "kind"],
        &["stats", "--format", "json", "--by", "severity"],
        &["timeline", HK_ID, "--format", "json"],
        &["impact", HK_ID, "--format", "json"],
        &["impact", HK_ID, "--format", "json", "--figures"],
        &["summary", HK_ID, "--format", "json"],
        &["check", "--format", "json"],
        &["check", "--ready", HK_ID, "--format", "json"],
        &["show", HK_ID, "--format", "json"],
        &["config", "show", "--format", "json"],
    ] {
        checked += assert_tokens(&args.join(" "), &json(args), &[]);
    }
    let out = sb.root().join("site");
    stdout_ok(
        sb.cmd(&["site", "-o", out.to_str().unwrap()])
            .env("SOURCE_DATE_EPOCH", &now),
    );
    let index = parse_json(&std::fs::read_to_string(out.join("index.json")).unwrap());
    checked += assert_tokens("site index.json", &index, &[]);
    assert!(checked > 100, "only {checked} values checked");

    // Exact values where the spellings used to differ between commands.
    let list = json(&["list", "--format", "json"]);
    assert_eq!(list[0]["status"], "resolved");
    assert_eq!(list[0]["kind"], "real");
    assert_eq!(list[0]["severity"], "Sev1");
    assert_eq!(index["incidents"][0]["status"], "resolved");
    assert_eq!(index["incidents"][0]["kind"], "real");
    let actions = json(&["actions", "--format", "json"]);
    let items = actions["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    for item in items {
        assert_eq!(item["status"], "open");
        assert_eq!(item["incident_kind"], "real");
    }
    assert_eq!(items[0]["type"], "prevent");
    let summary = json(&["summary", HK_ID, "--format", "json"]);
    assert_eq!(summary["meta"]["status"], "resolved");
    assert_eq!(summary["meta"]["kind"], "real");
    assert_eq!(summary["action_items"][0]["status"], "open");
    // The label of a level ("at risk") stays in documents; JSON has the token.
    let levels: Vec<&str> = summary["facts"]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["windows"].as_array().unwrap())
        .map(|w| w["level"].as_str().unwrap())
        .collect();
    assert!(levels.contains(&"at_risk"), "{levels:?}");
    // `show` keeps the record's shape and names; its words are tokens too.
    let show = json(&["show", HK_ID, "--format", "json"]);
    assert_eq!(
        (&show["status"], &show["kind"]),
        (&"resolved".into(), &"real".into())
    );
    assert_eq!(show["actions"][0]["status"], "open");
    assert_eq!(show["services"][2]["windows"][0]["level"], "at_risk");
    assert!(
        show["events"][0]["at"]["At"].is_string(),
        "time values keep their shape"
    );
    let config = json(&["config", "show", "--format", "json"]);
    assert_eq!(config["defaults"]["kinds"], serde_json::json!(["real"]));
    assert_eq!(config["roles"][0]["role"], "incident_commander");
    let stats = json(&["stats", "--format", "json", "--by", "kind"]);
    assert_eq!(stats["scope"]["kinds"], serde_json::json!(["real"]));
    assert_eq!(stats["groups"][1]["group"], "real");
}

#[test]
fn csv_outputs_spell_words_as_tokens() {
    let sb = Sandbox::copy_of("incidents");
    let now = epoch("2024-03-01T10:00:00Z");
    let csv = |args: &[&str]| stdout_ok(sb.cmd(args).env("SOURCE_DATE_EPOCH", &now));
    let list = csv(&["list", "--format", "csv"]);
    let row: Vec<&str> = list.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(&row[..5], [HK_ID, "2022-12-18", "real", "Sev1", "resolved"]);
    let actions = csv(&["actions", "--format", "csv"]);
    let row: Vec<&str> = actions.lines().nth(1).unwrap().split(',').collect();
    assert_eq!((row[3], row[8]), ("prevent", "open"), "{actions}");
}

#[test]
fn diff_and_history_spell_words_as_tokens() {
    let repo = Repo::new(false);
    std::fs::copy(
        std::path::Path::new(ROOT).join(HK_FILE),
        repo.root().join(HK_FILE),
    )
    .unwrap();
    repo.git_dated("2024-03-01T09:00:00Z", &["add", "-A"]);
    repo.git_dated("2024-03-01T09:00:00Z", &["commit", "-q", "-m", "hk"]);
    repo.ok(&["status", "hk-zone-c", "closed", "--force", "--by", "t"]);
    repo.ok(&["set", "hk-zone-c", "kind", "drill"]);
    repo.git_dated("2024-03-01T09:30:00Z", &["commit", "-qam", "closed"]);
    let diff = parse_json(&repo.ok(&["diff", "hk-zone-c", "HEAD~1", "HEAD", "--format", "json"]));
    // Here `kind` says what changed (a field, an item), not a word of the vocabulary.
    assert_tokens("diff", &diff, &["kind"]);
    let changes = diff["changes"].as_array().unwrap();
    let field = |name: &str| {
        changes
            .iter()
            .find(|c| c["kind"] == name)
            .unwrap_or_else(|| panic!("no {name} change: {diff}"))
    };
    assert_eq!(
        (&field("status")["before"], &field("status")["after"]),
        (&"resolved".into(), &"closed".into())
    );
    assert_eq!(
        (&field("kind")["before"], &field("kind")["after"]),
        (&"real".into(), &"drill".into())
    );
    let history = parse_json(&repo.ok(&["history", "hk-zone-c", "--format", "json"]));
    assert_tokens("history", &history, &["kind"]);
    let text = history.to_string();
    assert!(text.contains("\"before\":\"resolved\""), "{text}");
    assert!(!text.contains("\"Resolved\""), "{text}");
}
