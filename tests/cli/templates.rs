//! Team templates: a team's own layout of the postmortem document, kept in
//! `incidents/templates/`, rendered by minijinja from the view model `summary --format json`
//! prints. The fixture templates are in `tests/fixtures/templates/`.

use std::fs;
use std::path::Path;

use crate::common::{self, HK_ID, Sandbox};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/templates");

/// The shipped record, with the fixture template `name` as the team's template.
fn with_team_template(name: &str) -> Sandbox {
    let sb = Sandbox::copy_of("incidents");
    fs::create_dir(sb.dir().join("templates")).unwrap();
    fs::copy(
        Path::new(FIXTURES).join(name),
        sb.dir().join("templates").join(name),
    )
    .unwrap();
    sb
}

#[test]
fn a_team_template_reorders_the_document_and_adds_a_section() {
    let sb = with_team_template("summary.md.j2");
    let md = sb.stdout_of(&["summary", HK_ID, "--format", "markdown"]);
    let json = common::parse_json(&sb.stdout_of(&["summary", HK_ID, "--format", "json"]));
    // Its own order: action items before the summary, figures after it, then its own section.
    let at = |heading: &str| {
        md.find(heading)
            .unwrap_or_else(|| panic!("no {heading}:\n{md}"))
    };
    assert!(at("## What we will do") < at("## What happened"));
    assert!(at("## What happened") < at("## Figures"));
    assert!(at("## Figures") < at("## Who was told what"));
    assert!(md.starts_with(
        "# Alibaba Cloud Hong Kong Region Zone C outage: chiller failure and fire sprinkler\n\n\
         Sev1 (critical), resolved. Times in Asia/Hong_Kong (UTC+08:00).\n"
    ));
    // The values are those of the view model: every action item, every figure.
    for a in json["action_items"].as_array().unwrap() {
        let line = format!(
            "- **{}** ({}, {}, {}): {}\n",
            a["id"].as_str().unwrap(),
            a["type"].as_str().unwrap(),
            a["status"].as_str().unwrap(),
            a["owner"].as_str().unwrap(),
            a["text"].as_str().unwrap()
        );
        assert!(md.contains(&line), "{line}");
    }
    assert!(md.contains("- Time to resolve: 13 h 54 min\n"), "{md}");
    assert_eq!(
        md.matches("\n- ").count(),
        3 + json["impact"]["figures"].as_array().unwrap().len() + 4
    );
    // The extra section: the four communication events, in time order.
    let told = &md[at("## Who was told what")..];
    let lines: Vec<&str> = told.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(lines.len(), 4, "{told}");
    assert!(
        lines[0].starts_with("- 2022-12-19, Alibaba Cloud: Alibaba Cloud's Hong Kong status page")
    );
    assert!(lines[3].starts_with("- 2022-12-29, Zhang Yong: In the afternoon"));
    // --builtin ignores the team's layout.
    let builtin = sb.stdout_of(&["summary", HK_ID, "--format", "markdown", "--builtin"]);
    assert_eq!(
        builtin,
        common::stdout_of(&["summary", HK_ID, "--format", "markdown"])
    );
    // --template names a file anywhere; the format follows its name.
    let again = common::stdout_of(&[
        "summary",
        HK_ID,
        "--template",
        &Path::new(FIXTURES)
            .join("summary.md.j2")
            .display()
            .to_string(),
    ]);
    assert_eq!(again, md);
}

#[test]
fn an_html_template_escapes_values_and_lays_out_the_site_pages() {
    let sb = with_team_template("summary.html.j2");
    let html = sb.stdout_of(&["summary", HK_ID, "--format", "html"]);
    assert!(
        html.contains("<p class=\"team\">Our layout. Sev1, resolved.</p>"),
        "{html}"
    );
    assert!(html.contains("<li>A1: Review the data-centre infrastructure control systems"));
    // Record text is escaped for HTML: the apostrophe of "PCCW's" in the site's description.
    assert!(html.contains("data centre is PCCW&#x27;s"), "{html}");
    assert!(!html.contains("PCCW's"), "{html}");
    let out = sb.root().join("site");
    let said = sb.stdout_of(&["site", "-o", &out.display().to_string()]);
    assert!(said.contains("(1 incidents)"), "{said}");
    let page = fs::read_to_string(out.join(format!("incidents/{HK_ID}.html"))).unwrap();
    assert!(page.contains("<p class=\"team\">Our layout."), "{page}");
    // The site's way back to the index, after the template's <body>.
    assert!(page.contains("<a href=\"../index.html\">"), "{page}");
    // A change to the template is a change to every page's input.
    let t = sb.dir().join("templates/summary.html.j2");
    let text = fs::read_to_string(&t).unwrap();
    fs::write(&t, text.replace("Our layout.", "Our new layout.")).unwrap();
    let said = sb.stdout_of(&["site", "-o", &out.display().to_string()]);
    assert!(said.contains("(0 pages not rendered again)"), "{said}");
    let page = fs::read_to_string(out.join(format!("incidents/{HK_ID}.html"))).unwrap();
    assert!(page.contains("Our new layout."));
}

#[test]
fn a_site_page_template_replaces_the_built_in_index() {
    let sb = Sandbox::copy_of("tests/fixtures/views/small/incidents");
    sb.add_record(common::HK_TEXT);
    fs::create_dir(sb.dir().join("templates")).unwrap();
    fs::copy(
        Path::new(FIXTURES).join("index.html.j2"),
        sb.dir().join("templates/index.html.j2"),
    )
    .unwrap();
    let out = sb.root().join("site");
    let said = sb.stdout_of(&[
        "site",
        "-o",
        &out.display().to_string(),
        "--title",
        "Ops & co",
    ]);
    assert!(said.contains("(4 incidents)"), "{said}");
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    let json = common::parse_json(&fs::read_to_string(out.join("index.json")).unwrap());
    let rows = json["incidents"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    // The team's page, its values escaped, one item a row in the index's order.
    assert!(
        index.contains("<title>Ops &amp; co: our incidents</title>"),
        "{index}"
    );
    let items: Vec<&str> = index.lines().filter(|l| l.starts_with("<li>")).collect();
    assert_eq!(items.len(), 4, "{index}");
    for (item, row) in items.iter().zip(rows) {
        // minijinja escapes `/` too (`&#x2f;`), which a browser reads back as `/`.
        let page = row["page"].as_str().unwrap().replace('/', "&#x2f;");
        assert!(item.contains(&format!("href=\"{page}\"")), "{item}");
    }
    assert!(
        items[0].contains("2024-07-22 Sev4 Database failover drill"),
        "{index}"
    );
    let actions = fs::read_to_string(out.join("actions.html")).unwrap();
    // The built-in ledger's count of overdue items, from the same build and clock.
    let overdue: usize = actions
        .split("class=\"overdue\">")
        .find_map(|rest| rest.split(" overdue").next()?.parse().ok())
        .expect("the ledger's overdue count");
    assert!(
        index.contains(&format!("4 incidents; {overdue} action items overdue on ")),
        "{index}"
    );
    // The other pages keep their built-in layout.
    assert!(actions.contains("Content-Security-Policy"));
}

#[test]
fn a_template_error_names_the_file_line_and_column() {
    let sb = with_team_template("summary.md.j2");
    let t = sb.dir().join("templates/summary.md.j2");
    fs::write(
        &t,
        "# {{ title }}\n\nSeverity: {{ meta.severity | shout }}\n",
    )
    .unwrap();
    let r = sb.run(&["summary", HK_ID, "--format", "markdown"]);
    assert_eq!(r.code, Some(1));
    // Line 3, column 30: where the unknown filter's name starts.
    assert!(
        r.stderr.starts_with("error: ")
            && r.stderr
                .contains("incidents/templates/summary.md.j2:3:30: template error: unknown filter"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("hint: docs/templates.md lists every variable")
    );
    // A syntax error: a block never closed.
    fs::write(
        &t,
        "# {{ title }}\n{% for a in action_items %}\n- {{ a.id }}\n",
    )
    .unwrap();
    let r = sb.run(&["summary", HK_ID, "--format", "markdown"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("templates/summary.md.j2:"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("template error: syntax error"),
        "{}",
        r.stderr
    );
}

/// docs/templates.md names every variable: each key of the view model, in the shipped record
/// and in the small fixture (which has fields the shipped record lacks), appears there in
/// backticks.
#[test]
fn docs_templates_lists_every_variable() {
    let doc =
        fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/templates.md")).unwrap();
    let mut keys = std::collections::BTreeSet::new();
    fn walk(v: &serde_json::Value, keys: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    keys.insert(k.clone());
                    walk(x, keys);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, keys)),
            _ => {}
        }
    }
    walk(
        &common::json_of(&["summary", HK_ID, "--format", "json"]),
        &mut keys,
    );
    let small = Sandbox::copy_of("tests/fixtures/views/small/incidents");
    walk(
        &common::parse_json(&small.stdout_of(&["summary", "queue", "--format", "json"])),
        &mut keys,
    );
    assert!(keys.len() > 80, "{}", keys.len());
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| !doc.contains(&format!("`{k}`")))
        .collect();
    assert!(missing.is_empty(), "docs/templates.md lacks {missing:?}");
}
