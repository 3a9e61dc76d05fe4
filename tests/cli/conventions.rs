//! A team's conventions beyond defaults and the catalogue: a five-level P0–P4 severity scale,
//! its own role names and two custom fields (`tests/fixtures/conventions/`), through writers,
//! `check`, the `list` filters, `stats --by severity|service|field:NAME`, the documents and
//! `config show`; and `check` of records after the configuration changed.

use std::fs;

use crate::common::{HK_TEXT, Sandbox, parse_json};

const FIXTURE: &str = "tests/fixtures/conventions";
const CHECKOUT: &str = "2024-03-01-checkout-down";

fn team() -> Sandbox {
    let sb = Sandbox::copy_of(FIXTURE);
    // `copy_of` copies every file, the hidden configuration included.
    assert!(sb.dir().join(".incident.ron").is_file());
    sb
}

fn config_text(sb: &Sandbox) -> String {
    fs::read_to_string(sb.dir().join(".incident.ron")).unwrap()
}

fn set_config(sb: &Sandbox, text: &str) {
    fs::write(sb.dir().join(".incident.ron"), text).unwrap();
}

/// The ids `list --format json` gives for `args`.
fn listed(sb: &Sandbox, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list", "--format", "json", "--sort", "severity"];
    all.extend_from_slice(args);
    let rows = parse_json(&sb.stdout_of(&all));
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_team_fixture_checks_clean_and_config_show_prints_scale_roles_and_fields() {
    let sb = team();
    let r = sb.run(&["check"]);
    assert!(r.success(), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("3 record(s) checked: 0 error(s), 0 warning(s)"),
        "{}",
        r.stdout
    );
    let check = sb.stdout_of(&["config", "check"]);
    assert!(
        check.contains(
            "valid; 2 catalogue service(s), severity scale P0, P1, P2, P3, P4, 3 team role(s), 2 custom field(s)"
        ),
        "{check}"
    );
    let shown = parse_json(&sb.stdout_of(&["config", "show", "--format", "json"]));
    let names: Vec<&str> = shown["severities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["P0", "P1", "P2", "P3", "P4"]);
    assert_eq!(shown["severities"][0]["major"], true);
    assert_eq!(shown["severities"][2]["word"], "medium");
    assert_eq!(shown["roles"][0]["name"], "incident lead");
    assert_eq!(shown["roles"][0]["role"], "incident_commander");
    assert_eq!(shown["fields"][0]["name"], "product");
    assert_eq!(shown["fields"][0]["type"], "OneOf");
    assert_eq!(shown["fields"][0]["required"], true);
    assert_eq!(
        shown["fields"][1]["values"],
        serde_json::json!(["eu", "us", "apac"])
    );
    let ron = sb.stdout_of(&["config", "show"]);
    assert!(ron.contains("name: \"P4\""), "{ron}");
}

#[test]
fn without_a_scale_config_show_prints_the_built_in_one() {
    let sb = Sandbox::new();
    let shown = parse_json(&sb.stdout_of(&["config", "show", "--format", "json"]));
    let names: Vec<&str> = shown["severities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Sev1", "Sev2", "Sev3", "Sev4"]);
    assert_eq!(shown["severities"][1]["word"], "major");
    assert_eq!(shown["roles"][0]["name"], "incident commander");
}

#[test]
fn list_filters_by_the_team_levels_and_fields_in_scale_order() {
    let sb = team();
    assert_eq!(
        listed(&sb, &[]),
        [
            CHECKOUT,
            "2024-04-20-payments-retry",
            "2024-04-02-search-slow"
        ],
        "--sort severity follows the scale: P0, P1, P2"
    );
    assert_eq!(
        listed(&sb, &["--severity", "p1,P0"]),
        [CHECKOUT, "2024-04-20-payments-retry"]
    );
    assert_eq!(
        listed(&sb, &["--field", "product=Payments"]),
        [CHECKOUT, "2024-04-20-payments-retry"]
    );
    // A list field matches on one of its values; every --field must match.
    assert_eq!(
        listed(&sb, &["--field", "regions=eu", "--field", "product=search"]),
        ["2024-04-02-search-slow"]
    );
    let rows = parse_json(&sb.stdout_of(&["list", "--format", "json", "--severity", "P0"]));
    assert_eq!(rows[0]["severity"], "P0");
    assert_eq!(
        rows[0]["fields"]["regions"],
        serde_json::json!(["eu", "us"])
    );

    let r = sb.run(&["list", "--severity", "sev1"]);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains(
            "--severity: `sev1` is not a severity level of the team's scale; the levels, worst first: `P0`, `P1`, `P2`, `P3`, `P4`"
        ),
        "{}",
        r.stderr
    );
    let r = sb.run(&["list", "--severity", "P5"]);
    assert!(r.stderr.contains("(did you mean "), "{}", r.stderr);
    let r = sb.run(&["list", "--field", "prodct=payments"]);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains(
            "--field: `prodct` is not one of the team's fields (did you mean `product`?); the fields: `product`, `regions`"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn stats_group_by_level_in_scale_order_by_service_and_by_field() {
    let sb = team();
    let groups = |by: &str| -> Vec<(String, u64)> {
        let s = parse_json(&sb.stdout_of(&["stats", "--by", by, "--format", "json"]));
        s["groups"].as_array().unwrap()[1..]
            .iter()
            .map(|g| {
                (
                    g["group"].as_str().unwrap().to_string(),
                    g["incidents"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let g = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
        v.iter().map(|(n, c)| (n.to_string(), *c)).collect()
    };
    assert_eq!(groups("severity"), g(&[("P0", 1), ("P1", 1), ("P2", 1)]));
    assert_eq!(groups("service"), g(&[("Checkout API", 2), ("Search", 1)]));
    assert_eq!(
        groups("field:product"),
        g(&[("payments", 2), ("search", 1)])
    );
    assert_eq!(groups("field:regions"), g(&[("eu", 2), ("us", 2)]));

    // P0 and P1 count as major: two of three incidents, said in JSON and in the table.
    let s = parse_json(&sb.stdout_of(&["stats", "--by", "severity", "--format", "json"]));
    assert_eq!(s["groups"][0]["major"], 2);
    assert_eq!(s["groups"][1]["major"], 1);
    assert_eq!(s["groups"][3]["major"], 0);
    assert_eq!(s["scope"]["by"], "severity");
    assert_eq!(s["scope"]["major_levels"], serde_json::json!(["P0", "P1"]));
    let table = sb.stdout_of(&["stats"]);
    assert!(table.contains("Major incidents"), "{table}");
    assert!(
        table.contains(
            "Major incidents: incidents of a level the team's scale counts as major: P0, P1"
        ),
        "{table}"
    );
    let s = parse_json(&sb.stdout_of(&["stats", "--by", "field:product", "--format", "json"]));
    assert_eq!(s["scope"]["by"], "field:product");

    let r = sb.run(&["stats", "--by", "field:tier"]);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains("`tier` is not one of the team's fields"),
        "{}",
        r.stderr
    );
    let r = sb.run(&["stats", "--by", "weekday"]);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .contains("use severity, service, month, kind or field:NAME"),
        "{}",
        r.stderr
    );
}

#[test]
fn documents_show_the_team_level_word_role_names_and_fields() {
    let sb = team();
    let md = sb.stdout_of(&["summary", CHECKOUT, "--format", "markdown"]);
    assert!(md.contains("- **Severity**: P0 (critical)\n"), "{md}");
    assert!(md.contains("- **product**: payments\n"), "{md}");
    assert!(md.contains("- **regions**: eu, us\n"), "{md}");
    // IncidentCommander is the team's "incident lead"; a titled role keeps its title.
    assert!(md.contains("incident lead"), "{md}");
    assert!(!md.contains("incident commander"), "{md}");
    assert!(md.contains("database lead"), "{md}");
    let html = sb.stdout_of(&["summary", CHECKOUT, "--format", "html"]);
    assert!(
        html.contains("<dt>Severity</dt><dd><span class=\"sev\">P0</span> critical</dd>"),
        "{html}"
    );
    assert!(html.contains("<dt>regions</dt><dd>eu, us</dd>"), "{html}");
    let text = sb.stdout_of(&["summary", "2024-04-02-search-slow", "--format", "text"]);
    assert!(text.contains("P2 (medium)"), "{text}");
    let json = parse_json(&sb.stdout_of(&["summary", CHECKOUT, "--format", "json"]));
    assert_eq!(json["meta"]["severity"], "P0");
    assert_eq!(json["meta"]["fields"][0]["name"], "product");
    assert_eq!(
        json["meta"]["fields"][1]["value"],
        serde_json::json!(["eu", "us"])
    );
    let shown = parse_json(&sb.stdout_of(&["show", CHECKOUT, "--format", "json"]));
    assert_eq!(shown["fields"]["product"], "payments");
    let table = sb.stdout_of(&["show", CHECKOUT]);
    assert!(table.contains("Ana (incident lead)"), "{table}");
}

#[test]
fn writers_take_the_team_levels_and_field_types() {
    let sb = team();
    let r = sb.run(&[
        "new",
        "--title",
        "Login errors",
        "--severity",
        "p3",
        "--started",
        "2024-05-01 09:00",
    ]);
    assert!(r.success(), "{}", r.stderr);
    let id = r.stdout.trim().to_string();
    let text = sb.read(&id);
    assert!(text.contains("    severity: P3,\n"), "{text}");

    let r = sb.run(&[
        "set",
        &id,
        "severity",
        "p4",
        "--rationale",
        "No one noticed",
    ]);
    assert!(r.success(), "{}", r.stderr);
    assert!(sb.read(&id).contains("    severity: P4,\n"));
    let r = sb.run(&["set", &id, "severity", "sev2"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains(
            "error: severity: `sev2` is not a severity level of the team's scale; the levels, worst first: `P0`, `P1`, `P2`, `P3`, `P4`"
        ),
        "{}",
        r.stderr
    );
    let r = sb.run(&["set", &id, "severity", "p3"]);
    assert!(r.success(), "{}", r.stderr);

    let r = sb.run(&["new", "--title", "X", "--severity", "sev2"]);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .contains("`sev2` is not a severity level of the team's scale"),
        "{}",
        r.stderr
    );

    let r = sb.run(&["set", &id, "field", "product", "Accounts"]);
    assert!(r.success(), "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("set field product of {id} to accounts")),
        "{}",
        r.stderr
    );
    let r = sb.run(&["set", &id, "field", "regions", "EU", "apac"]);
    assert!(r.success(), "{}", r.stderr);
    let rec = parse_json(&sb.stdout_of(&["show", &id, "--format", "json"]));
    assert_eq!(rec["fields"]["product"], "accounts");
    assert_eq!(rec["fields"]["regions"], serde_json::json!(["eu", "apac"]));
    let text = sb.read(&id);
    assert!(
        text.contains(r#""product": "accounts""#),
        "the field is stored as the record's map: {text}"
    );

    let r = sb.run(&["set", &id, "field", "product", "payment"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains(
            "`payment` is not a value of field `product` (did you mean `payments`?); its values: `payments`, `search`, `accounts`"
        ),
        "{}",
        r.stderr
    );
    let r = sb.run(&["set", &id, "field", "tier", "gold"]);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains("`tier` is not one of the team's fields"),
        "{}",
        r.stderr
    );

    let r = sb.run(&["set", &id, "field", "regions", "--clear"]);
    assert!(r.success(), "{}", r.stderr);
    let rec = parse_json(&sb.stdout_of(&["show", &id, "--format", "json"]));
    assert!(rec["fields"].get("regions").is_none(), "{rec}");
    let r = sb.run(&["check", &sb.file(&id).display().to_string()]);
    assert!(r.success(), "{}{}", r.stdout, r.stderr);
}

#[test]
fn check_reports_each_record_that_a_changed_configuration_no_longer_fits() {
    let sb = team();
    // The team drops P0 (now P1 is the worst), renames the checkout alias away, renames the
    // incident lead, requires a new field and makes `regions` a plain number by mistake.
    let changed = config_text(&sb)
        .replace(
            "        (name: \"P0\", meaning: \"Critical: the whole product down, or data lost.\", major: true),\n",
            "",
        )
        .replace(
            "(name: \"incident lead\", role: IncidentCommander)",
            "(name: \"commander\")",
        )
        .replace(
            "(name: \"regions\", type: ListOf, values: [\"eu\", \"us\", \"apac\"]),",
            "(name: \"regions\", type: Number),\n        (name: \"customer_tier\", type: OneOf, values: [\"gold\", \"silver\"], required: true),",
        )
        .replace("(name: \"Search\",", "(name: \"Site Search\",");
    set_config(&sb, &changed);
    let r = sb.run(&["check"]);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    let out = r.stdout;
    let file = |id: &str| format!("{}/{id}.ron", sb.dir().display());
    let checkout = file(CHECKOUT);
    for expected in [
        format!(
            "{checkout}:7:15: E183: error: `P0` is not a severity level of the team's scale (did you mean `P1`"
        ),
        format!(
            "; the levels, worst first: `P1`, `P2`, `P3`, `P4`; set one with `incident edit {CHECKOUT}`"
        ),
        format!(
            "{checkout}:28:9: W182: warning: role `incident commander` of Ana is not one of the team's roles"
        ),
        format!(
            "rename it with `incident edit {CHECKOUT}`, or add it to `roles` in the configuration"
        ),
        format!(
            "{checkout}:34:37: E185: error: field `regions` is a list, but the team's field takes a number; set it with `incident set {CHECKOUT} field regions VALUE`"
        ),
        format!(
            "W184: warning: the team requires field `customer_tier` (one of `gold`, `silver`) once an incident is over, and this record does not give it; set it with `incident set {CHECKOUT} field customer_tier VALUE`"
        ),
        format!(
            "{}:16:19: W181: warning: service `Search` is not in the team's service catalogue",
            file("2024-04-02-search-slow")
        ),
    ] {
        assert!(out.contains(&expected), "missing {expected:?} in:\n{out}");
    }
    // Every record lacks the newly required field: each is named with its own fix command.
    for id in [
        CHECKOUT,
        "2024-04-02-search-slow",
        "2024-04-20-payments-retry",
    ] {
        assert!(
            out.contains(&format!(
                "set it with `incident set {id} field customer_tier VALUE`"
            )),
            "{id}: {out}"
        );
    }
    // Nothing was rewritten.
    assert!(sb.read(CHECKOUT).contains("    severity: P0,\n"));

    // Following the fix commands makes the record fit again.
    for args in [
        ["set", CHECKOUT, "field", "customer_tier", "gold"].as_slice(),
        &["set", CHECKOUT, "field", "regions", "2"],
    ] {
        let r = sb.run(args);
        assert!(r.success(), "{args:?}: {}", r.stderr);
    }
    let r = sb.run(&["check", &sb.file(CHECKOUT).display().to_string()]);
    let left: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains(": E") || l.contains(": W"))
        .collect();
    assert_eq!(left.len(), 2, "{}", r.stdout);
    assert!(
        left[0].contains("E183") && left[1].contains("W182"),
        "{left:?}"
    );
}

#[test]
fn config_check_places_badly_named_levels_roles_and_fields() {
    let sb = Sandbox::new();
    set_config(
        &sb,
        r#"(
    severities: [
        (name: "SEV-1"),
        (name: "p2"),
        (name: "P2"),
    ],
    roles: [
        (name: "lead", role: IncidentCommander),
        (name: "boss", role: IncidentCommander),
    ],
    fields: [
        (name: "tier", type: OneOf),
        (name: "owner", type: Text, values: ["a"]),
        (name: "a=b", type: Text),
    ],
)
"#,
    );
    let r = sb.run(&["config", "check"]);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    let path = sb.dir().join(".incident.ron");
    let p = path.display();
    for expected in [
        format!("{p}:3:16: E184: error: severity level `SEV-1` cannot be written bare in a record"),
        format!(
            "{p}:5:16: E184: error: severity level `P2` is given twice (names are matched ignoring case)"
        ),
        format!(
            "{p}:9:30: E184: error: roles `lead` and `boss` both stand for the built-in role IncidentCommander"
        ),
        format!(
            "{p}:12:9: E184: error: field `tier` is OneOf but lists no `values` to choose from"
        ),
        format!(
            "{p}:13:45: E184: error: field `owner` lists `values`, which only a OneOf or ListOf field uses"
        ),
        format!("{p}:14:16: E184: error: field name `a=b` cannot be used"),
    ] {
        assert!(
            r.stdout.contains(&expected),
            "missing {expected:?} in:\n{}",
            r.stdout
        );
    }
    // Every other command stops on the broken configuration, naming where.
    let r = sb.run(&["list"]);
    assert!(r.stderr.contains("E184"), "{}", r.stderr);
}

#[test]
fn the_shipped_record_reads_as_before_under_a_built_in_scale_and_an_unknown_level_is_e183() {
    let sb = Sandbox::with_record(HK_TEXT);
    let id = "2022-12-18-hk-zone-c";
    let before = sb.stdout_of(&["summary", id, "--format", "markdown"]);
    assert!(
        before.contains("- **Severity**: Sev1 (critical)\n"),
        "{before}"
    );
    // The record names a level no scale has: it still loads, and check says what is wrong.
    fs::write(
        sb.file(id),
        HK_TEXT.replace("severity: Sev1,", "severity: Sev5,"),
    )
    .unwrap();
    let r = sb.run(&["check"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout.contains(
            ": E183: error: `Sev5` is not a severity level of the built-in scale (did you mean `Sev1` or `Sev2` or `Sev3` or `Sev4`?); the levels, worst first: `Sev1`, `Sev2`, `Sev3`, `Sev4`; set one with `incident edit 2022-12-18-hk-zone-c`"
        ),
        "{}",
        r.stdout
    );
    let md = sb.stdout_of(&["summary", id, "--format", "markdown"]);
    assert!(md.contains("- **Severity**: Sev5\n"), "{md}");
}

#[test]
fn the_site_counts_and_colours_the_team_levels_in_scale_order() {
    let sb = team();
    let out = sb.root().join("site");
    let r = sb.run(&["site", "-o", &out.display().to_string()]);
    assert!(r.success(), "{}", r.stderr);
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    // Badges take the colour of their rank: P0 the worst colour, P2 the third.
    assert!(
        index.contains("<span class=\"sev sev1\">P0</span>"),
        "{index}"
    );
    assert!(
        index.contains("<span class=\"sev sev3\">P2</span>"),
        "{index}"
    );
    let stats = fs::read_to_string(out.join("stats.html")).unwrap();
    // The table of incidents per month: a column per level of the scale, then the total.
    let open = "<caption>Incidents per month</caption>";
    let table = &stats[stats.find(open).unwrap()..];
    let table = &table[..table.find("</thead>").unwrap()];
    let heads: Vec<&str> = table
        .split("<th scope=\"col\" class=\"num\">")
        .skip(1)
        .map(|h| &h[..h.find('<').unwrap()])
        .collect();
    assert_eq!(heads, ["P0", "P1", "P2", "P3", "P4", "Total"]);
    let page = fs::read_to_string(out.join(format!("incidents/{CHECKOUT}.html"))).unwrap();
    assert!(page.contains("<dt>product</dt><dd>payments</dd>"), "{page}");
}

#[test]
fn completion_offers_the_team_levels_and_field_values() {
    let complete = |dir: &str, words: &[&str]| -> Vec<String> {
        let out = crate::common::stdout_ok(
            crate::common::incident()
                .env("COMPLETE", "fish")
                .args(["--", "incident", "--dir", dir])
                .args(words),
        );
        out.lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect()
    };
    let sb = team();
    let dir = sb.dir().display().to_string();
    assert_eq!(
        complete(&dir, &["list", "--severity", "p"]),
        ["p0", "p1", "p2", "p3", "p4"]
    );
    assert_eq!(
        complete(&dir, &["list", "--field", "regions="]),
        ["regions=eu", "regions=us", "regions=apac"]
    );
    let plain = Sandbox::new();
    assert_eq!(
        complete(
            &plain.dir().display().to_string(),
            &["new", "--severity", "s"]
        ),
        ["sev1", "sev2", "sev3", "sev4"]
    );
}

#[test]
fn imports_map_onto_the_team_scale() {
    let sb = team();
    let json = format!(
        "{}/tests/fixtures/import/statuspage/incidents.json",
        crate::common::ROOT
    );
    let r = sb.run(&["import", "statuspage", &json]);
    assert!(r.success(), "{}", r.stderr);
    // The page's `major` impact is the team's second level, as Sev2 is the built-in second.
    let rec = parse_json(&sb.stdout_of(&[
        "show",
        "2024-03-14-elevated-api-error-rates",
        "--format",
        "json",
    ]));
    assert_eq!(rec["severity"], "P1");
    assert_eq!(rec["provider_severity"]["label"], "major");
    let r = sb.run(&["check"]);
    assert!(!r.stdout.contains("E183"), "{}", r.stdout);
}

#[test]
fn role_set_takes_the_team_role_names() {
    let sb = team();
    // The team's "incident lead" stands for the incident commander.
    sb.stdout_of(&[
        "role",
        "set",
        "2024-04-02-search-slow",
        "incident lead",
        "Kim",
        "--at",
        "2024-04-02 10:00",
    ]);
    // "database lead" is the team's own role: kept as `other` with the team's name.
    sb.stdout_of(&[
        "role",
        "set",
        "2024-04-02-search-slow",
        "Database Lead",
        "Lee",
    ]);
    let shown = parse_json(&sb.stdout_of(&["show", "2024-04-02-search-slow", "--format", "json"]));
    let roles: Vec<(String, String, String)> = shown["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["role"].as_str().unwrap().to_string(),
                r["title"].as_str().unwrap_or("").to_string(),
                r["person"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        roles.contains(&("incident_commander".into(), String::new(), "Kim".into())),
        "{roles:?}"
    );
    assert!(
        roles.contains(&("other".into(), "database lead".into(), "Lee".into())),
        "{roles:?}"
    );
    let table = sb.stdout_of(&["show", "2024-04-02-search-slow"]);
    assert!(table.contains("Kim (incident lead)"), "{table}");
    // A name neither built in nor the team's is refused with both lists.
    let bad = sb.run(&["role", "set", "2024-04-02-search-slow", "captain", "Max"]);
    assert_eq!(bad.code, Some(1), "{}", bad.stderr);
    assert!(
        bad.stderr.contains("`captain` is not a role"),
        "{}",
        bad.stderr
    );
    assert!(bad.stderr.contains("scribe"), "{}", bad.stderr);
    assert!(bad.stderr.contains("database lead"), "{}", bad.stderr);
}

#[test]
fn the_review_asks_for_the_team_required_fields() {
    let sb = team();
    let ok = sb.run(&[
        "set",
        "2024-04-02-search-slow",
        "field",
        "product",
        "--clear",
    ]);
    assert!(ok.success(), "{}", ok.stderr);
    // search-slow now has no `product`, which the team requires.
    let r = sb.run(&["check", "--ready", "2024-04-02-search-slow"]);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(
        r.stdout.contains("required fields set") && r.stdout.contains("not set: product"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("incident set 2024-04-02-search-slow field product VALUE"),
        "{}",
        r.stdout
    );
    // Without the configuration the line is not there at all.
    fs::remove_file(sb.dir().join(".incident.ron")).unwrap();
    let plain = sb.run(&["check", "--ready", "2024-04-02-search-slow"]);
    assert!(
        !plain.stdout.contains("required fields"),
        "{}",
        plain.stdout
    );
}
