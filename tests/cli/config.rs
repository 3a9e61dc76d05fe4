//! The team's configuration (`incidents/.incident.ron`): defaults for new records, the service
//! catalogue in writers, `check`, `stats` and completion, `config check|show`, and the
//! starting file `init` writes. Without the file, or with one that sets only defaults, the
//! shipped record reads exactly as before.

use std::fs;

use crate::common::{HK_TEXT, Sandbox, parse_json};

const CATALOGUE: &str = r#"(
    schema: 1,
    defaults: (
        timezone: "Europe/Berlin",
        organisation: "Example Ltd",
        authors: ["from git", "Bo"],
        kinds: [Real, Drill],
    ),
    services: [
        (name: "Checkout API", owner: "payments-team", tier: "1", aliases: ["checkout", "co-api"]),
        (name: "Search", owner: "search-team"),
    ],
)
"#;

fn with_config(config: &str) -> Sandbox {
    let sb = Sandbox::new();
    fs::write(sb.dir().join(".incident.ron"), config).unwrap();
    sb
}

fn new_incident(sb: &Sandbox, title: &str, kind: &str) -> String {
    let mut cmd = sb.cmd(&[
        "new",
        "--title",
        title,
        "--severity",
        "sev3",
        "--started",
        "2024-03-01 09:00",
        "--kind",
        kind,
    ]);
    // `from git`: the name git knows, from a global config of the test's own.
    let gitconfig = sb.root().join("gitconfig");
    fs::write(&gitconfig, "[user]\n\tname = Ana Lima\n").unwrap();
    cmd.env("GIT_CONFIG_GLOBAL", &gitconfig);
    let r = crate::common::run(&mut cmd);
    assert!(r.success(), "{}", r.stderr);
    r.stdout.trim().to_string()
}

#[test]
fn new_records_take_the_team_defaults() {
    let sb = with_config(CATALOGUE);
    let id = new_incident(&sb, "Checkout errors", "real");
    let rec = parse_json(&sb.stdout_of(&["show", &id, "--format", "json"]));
    assert_eq!(rec["timezone"], "Europe/Berlin");
    assert_eq!(rec["organisation"], "Example Ltd");
    assert_eq!(rec["authors"], serde_json::json!(["Ana Lima", "Bo"]));
    // 09:00 in the team's zone.
    assert_eq!(
        rec["moments"]["started"]["at"]["At"],
        "2024-03-01T09:00:00+01:00"
    );
}

#[test]
fn writers_store_the_catalogue_name_for_an_alias_or_another_case() {
    let sb = with_config(CATALOGUE);
    let id = new_incident(&sb, "Checkout errors", "real");
    for (typed, from) in [("co-api", "09:05"), ("CHECKOUT API", "09:40")] {
        let r = sb.run(&[
            "impact",
            "add",
            &id,
            "--service",
            typed,
            "--from",
            &format!("2024-03-01 {from}"),
            "--to",
            "2024-03-01 09:30",
        ]);
        // The second window is refused or accepted by the window rules; what matters is the
        // name it is filed under.
        let _ = r;
    }
    let r = sb.run(&[
        "impact",
        "add",
        &id,
        "--service",
        "checkout",
        "--from",
        "2024-03-01 10:00",
    ]);
    assert!(r.success(), "{}", r.stderr);
    let rec = parse_json(&sb.stdout_of(&["show", &id, "--format", "json"]));
    let names: Vec<&str> = rec["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Checkout API"]);
    // `impact end` takes an alias too.
    let r = sb.run(&["impact", "end", &id, "co-api", "--at", "2024-03-01 10:30"]);
    assert!(r.success(), "{}", r.stderr);
    assert!(r.stderr.contains("`Checkout API`"), "{}", r.stderr);
    // Checked clean against the catalogue.
    let out = sb.stdout_of(&["check"]);
    assert!(out.contains("0 error(s), 0 warning(s)"), "{out}");
}

#[test]
fn check_warns_about_services_the_catalogue_does_not_know() {
    let sb = with_config(CATALOGUE);
    let id = new_incident(&sb, "Search slow", "real");
    // Written before the catalogue listed it, or by hand: not the catalogue's spelling.
    fs::write(sb.dir().join(".incident.ron"), "(schema: 1)").unwrap();
    for name in ["Serch", "checkout"] {
        let r = sb.run(&[
            "impact",
            "add",
            &id,
            "--service",
            name,
            "--from",
            "2024-03-01 09:05",
        ]);
        assert!(r.success(), "{}", r.stderr);
    }
    fs::write(sb.dir().join(".incident.ron"), CATALOGUE).unwrap();
    let r = sb.run(&["check"]);
    assert!(r.success(), "warnings only: {}", r.stderr);
    assert!(
        r.stdout.contains(": W181: warning: service `Serch` is not in the team's service catalogue (did you mean `Search`?)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!(": W181: warning: service `checkout` is stored under another name than the catalogue's, `Checkout API`; rename it to `Checkout API` with `incident edit {id}`")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("0 error(s), 2 warning(s)"),
        "{}",
        r.stdout
    );
}

#[test]
fn stats_count_services_under_their_catalogue_names_and_default_kinds() {
    let sb = with_config("(schema: 1)");
    let a = new_incident(&sb, "Checkout down", "real");
    let b = new_incident(&sb, "Checkout slow", "drill");
    for (id, name) in [(&a, "checkout"), (&b, "Checkout API")] {
        let r = sb.run(&[
            "impact",
            "add",
            id,
            "--service",
            name,
            "--from",
            "2024-03-01 09:05",
            "--to",
            "2024-03-01 09:35",
        ]);
        assert!(r.success(), "{}", r.stderr);
    }
    // Without the catalogue: two services, and the drill left out.
    let v = parse_json(&sb.stdout_of(&["stats", "--by", "service", "--format", "json"]));
    let groups: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["group"].as_str())
        .collect();
    assert_eq!(groups, ["checkout"]);
    // With it: the drill counts (defaults.kinds) and both are `Checkout API`.
    fs::write(sb.dir().join(".incident.ron"), CATALOGUE).unwrap();
    let v = parse_json(&sb.stdout_of(&["stats", "--by", "service", "--format", "json"]));
    let groups: Vec<(&str, u64)> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| Some((g["group"].as_str()?, g["incidents"].as_u64()?)))
        .collect();
    assert_eq!(groups, [("Checkout API", 2)]);
    let list = sb.stdout_of(&["list", "--format", "json"]);
    assert_eq!(parse_json(&list).as_array().unwrap().len(), 2);
}

#[test]
fn a_broken_configuration_is_reported_at_its_line_and_column() {
    let sb = with_config("(\n    schema: 1,\n    defaults: (timezone: \"Mars/Base\"),\n)\n");
    let r = sb.run(&["config", "check"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stdout.contains(".incident.ron:3:26: E182: error: defaults.timezone `Mars/Base` is not an IANA zone name"),
        "{}",
        r.stdout
    );
    fs::write(
        sb.dir().join(".incident.ron"),
        "(\n  services: [\n    (name: \"A\", aliases: [\"b\"]),\n    (name: \"B\"),\n  ],\n)\n",
    )
    .unwrap();
    let r = sb.run(&["config", "check"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout
            .contains(":4:5: E180: error: `B` names both `A` and `B` in the service catalogue"),
        "{}",
        r.stdout
    );
    // `check` reports it with the records; writers refuse to guess.
    let r = sb.run(&["check"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.contains("E180"), "{}", r.stdout);
    fs::write(sb.dir().join(".incident.ron"), "(schema: 1, colour: red)").unwrap();
    let r = sb.run(&["new", "--title", "x", "--severity", "sev3"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("the team configuration cannot be used"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(".incident.ron:1:"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("hint: fix it, then run `incident config check`"),
        "{}",
        r.stderr
    );
}

#[test]
fn config_show_prints_what_is_in_effect() {
    let sb = Sandbox::new();
    let out = sb.stdout_of(&["config", "show"]);
    assert!(
        out.starts_with("// The configuration in effect (built-in defaults;"),
        "{out}"
    );
    assert!(
        out.contains("kinds: [\n            Real,\n        ],"),
        "{out}"
    );
    fs::write(sb.dir().join(".incident.ron"), CATALOGUE).unwrap();
    let v = parse_json(&sb.stdout_of(&["config", "show", "--format", "json"]));
    assert_eq!(v["defaults"]["timezone"], "Europe/Berlin");
    assert_eq!(
        v["services"][0]["aliases"],
        serde_json::json!(["checkout", "co-api"])
    );
    assert_eq!(v["defaults"]["kinds"], serde_json::json!(["real", "drill"]));
}

#[test]
fn the_shipped_record_reads_the_same_with_a_defaults_only_configuration() {
    let plain = Sandbox::with_record(HK_TEXT);
    let configured = Sandbox::with_record(HK_TEXT);
    fs::write(
        configured.dir().join(".incident.ron"),
        "(schema: 1, defaults: (timezone: \"Europe/Berlin\", organisation: \"Someone else\"))",
    )
    .unwrap();
    for args in [
        &["summary", "hk-zone-c", "--format", "markdown"][..],
        &["summary", "hk-zone-c", "--format", "html"],
        &["timeline", "hk-zone-c"],
        &["impact", "hk-zone-c", "--figures"],
        &["list"],
        &["stats"],
        &["check"],
    ] {
        let a = plain
            .stdout_of(args)
            .replace(&plain.root().display().to_string(), "ROOT");
        let b = configured
            .stdout_of(args)
            .replace(&configured.root().display().to_string(), "ROOT");
        assert!(
            a == b,
            "{args:?} differs with a defaults-only configuration"
        );
    }
    // The configuration is not a record: `list` has one row.
    assert_eq!(
        parse_json(&configured.stdout_of(&["list", "--format", "json"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_starting_file_init_writes_is_a_valid_configuration() {
    let sb = Sandbox::new();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .current_dir(sb.root())
            .args(args)
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    let r = sb.run(&["init"]);
    assert!(r.success(), "{}", r.stderr);
    assert!(
        r.stdout.contains("wrote incidents/.incident.ron"),
        "{}",
        r.stdout
    );
    let attributes = fs::read_to_string(sb.root().join(".gitattributes")).unwrap();
    assert!(
        attributes.contains("incidents/.incident.ron merge=text\n"),
        "{attributes}"
    );
    let r = sb.run(&["config", "check"]);
    assert!(r.success(), "{}", r.stderr);
    // Uncommented, every example is valid too.
    let text = fs::read_to_string(sb.dir().join(".incident.ron")).unwrap();
    let uncommented: String = text
        .lines()
        .map(|l| {
            let t = l.trim_start();
            // Example lines are code: a key or a bracket, ending in `,` or `(`.
            match t.strip_prefix("// ") {
                Some(code) if code.ends_with(',') || code.ends_with('(') => {
                    format!("{}{code}\n", &l[..l.len() - t.len()])
                }
                _ => format!("{l}\n"),
            }
        })
        .collect();
    fs::write(sb.dir().join(".incident.ron"), &uncommented).unwrap();
    let r = sb.run(&["config", "check"]);
    assert!(r.success(), "{}\n{uncommented}", r.stdout);
    assert!(
        r.stdout.contains("valid; 1 catalogue service(s)"),
        "{}",
        r.stdout
    );
    // Idempotent: a second run writes nothing.
    let r = sb.run(&["init"]);
    assert!(r.stdout.contains("nothing to do"), "{}", r.stdout);
}
