//! The public audience (issue 17 item 2): internal items are left out of every public document
//! and site page, `--hide-customers` labels customers, `incident mark` and the writers'
//! `--internal` set the mark, and `check` warns (W210) when public text names something
//! internal.

use std::fs;
use std::path::Path;

use crate::common::{HK_ID, HK_TEXT, ROOT, Sandbox, clock, run, stdout_ok};
use crate::site::{build_site, files_under};

use incident::model::record::Incident;

/// The fixture with an internal item of every kind.
pub const FIXTURE: &str =
    "tests/fixtures/views/audience/incidents/2024-04-02-partner-api-outage.ron";
const ID: &str = "2024-04-02-partner-api-outage";

fn fixture_text() -> String {
    fs::read_to_string(Path::new(ROOT).join(FIXTURE)).unwrap()
}

fn fixture() -> Incident {
    incident::files::load::parse_text(Path::new(FIXTURE), &fixture_text()).unwrap()
}

/// Every text of the fixture's internal items that a document could show: the texts of
/// internal events and action items (and an action's link), internal customers' names,
/// internal sources' titles and URLs, what internal counts count.
pub fn internal_strings(inc: &Incident) -> Vec<String> {
    let mut v = Vec::new();
    for e in inc.events.iter().filter(|e| e.internal) {
        v.push(e.text.clone());
    }
    for c in inc.customers.iter().filter(|c| c.internal) {
        v.push(c.name.clone());
    }
    for a in inc.actions.iter().filter(|a| a.internal) {
        v.push(a.text.clone());
        v.extend(a.link.clone());
    }
    for s in inc.sources.iter().filter(|s| s.internal) {
        v.push(s.title.clone());
        v.extend(s.url.clone());
    }
    for c in inc.counts.iter().filter(|c| c.internal) {
        v.push(c.what.clone());
    }
    // The claim only the internal source makes, and its note.
    v.push("Quillon pager log".to_string());
    v
}

/// The texts of public items that must stay.
fn public_strings(inc: &Incident) -> Vec<String> {
    let mut v: Vec<String> = inc
        .events
        .iter()
        .filter(|e| !e.internal)
        .map(|e| e.text.clone())
        .collect();
    v.extend(
        inc.actions
            .iter()
            .filter(|a| !a.internal)
            .map(|a| a.text.clone()),
    );
    v.extend(
        inc.sources
            .iter()
            .filter(|s| !s.internal)
            .map(|s| s.title.clone()),
    );
    v.extend(
        inc.counts
            .iter()
            .filter(|c| !c.internal)
            .map(|c| c.what.clone()),
    );
    v
}

fn sandbox() -> Sandbox {
    Sandbox::with_record(&fixture_text())
}

fn summary(sb: &Sandbox, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["summary", ID, "--format", format];
    args.extend_from_slice(extra);
    let (k, v) = clock("2024-06-30T12:00:00Z");
    stdout_ok(sb.cmd(&args).env(k, v))
}

#[test]
fn the_fixture_marks_an_item_of_every_kind_internal() {
    let inc = fixture();
    assert!(inc.events.iter().any(|e| e.internal));
    assert!(inc.customers.iter().any(|c| c.internal));
    assert!(inc.actions.iter().any(|a| a.internal));
    assert!(inc.sources.iter().any(|s| s.internal));
    assert!(inc.counts.iter().any(|c| c.internal));
    assert_eq!(internal_strings(&inc).len(), 8);
}

#[test]
fn public_documents_show_no_internal_text_and_every_public_one() {
    let inc = fixture();
    let sb = sandbox();
    for format in ["markdown", "html", "json", "text"] {
        let internal = summary(&sb, format, &[]);
        let public = summary(&sb, format, &["--audience", "public"]);
        for s in internal_strings(&inc) {
            // Each string really is in the internal document, so its absence below counts.
            // (The reading form wraps long lines; its check is on the short strings.)
            if format != "text" || s.len() < 30 {
                assert!(internal.contains(&s), "{format}: internal lacks {s:?}");
            }
            assert!(!public.contains(&s), "{format}: public shows {s:?}");
        }
        for s in public_strings(&inc) {
            if format != "text" || s.len() < 30 {
                assert!(public.contains(&s), "{format}: public lacks {s:?}");
            }
        }
        // The internal source's id is cited nowhere: no footnote, no citation, no JSON field.
        assert!(!public.contains("warroom-chat"), "{format}");
        assert!(!public.contains("Dana Okafor"), "{format}");
    }
}

#[test]
fn the_default_audience_is_internal_and_byte_identical() {
    let sb = sandbox();
    sb.add_record(HK_TEXT);
    for (id, format) in [
        (ID, "markdown"),
        (ID, "html"),
        (HK_ID, "markdown"),
        (HK_ID, "json"),
    ] {
        let (k, v) = clock("2024-06-30T12:00:00Z");
        let plain = stdout_ok(sb.cmd(&["summary", id, "--format", format]).env(k, &v));
        let internal = stdout_ok(
            sb.cmd(&["summary", id, "--format", format, "--audience", "internal"])
                .env(k, &v),
        );
        assert_eq!(plain, internal, "{id} {format}");
    }
    // A record with nothing internal reads the same for the public.
    let (k, v) = clock("2024-06-30T12:00:00Z");
    let hk = stdout_ok(sb.cmd(&["summary", HK_ID, "--format", "html"]).env(k, &v));
    let hk_public = stdout_ok(
        sb.cmd(&["summary", HK_ID, "--format", "html", "--audience", "public"])
            .env(k, &v),
    );
    assert_eq!(hk, hk_public);
}

#[test]
fn hidden_customers_get_neutral_labels_in_record_order() {
    let sb = sandbox();
    let md = summary(
        &sb,
        "markdown",
        &["--audience", "public", "--hide-customers"],
    );
    for name in ["Heron Logistics", "Osprey Parcel", "Kestrel Freight Ltd"] {
        assert!(!md.contains(name), "{name}");
    }
    // The internal customer is left out before labelling: the public ones are A and B.
    assert!(md.contains("| customer | Customer A | outage | 09:00 | 09:50 | 50 min |"));
    assert!(md.contains("| customer | Customer B | degraded | 09:20 | 09:50 | 30 min |"));
    assert!(!md.contains("| Customer C |"));
    // For the internal audience every customer is labelled, the internal one included.
    let md = summary(&sb, "markdown", &["--hide-customers"]);
    assert!(md.contains("| customer | Customer B | degraded | 09:10 | 09:40 | 30 min |"));
    assert!(md.contains("| customer | Customer C | degraded | 09:20 | 09:50 | 30 min |"));
    // Names are replaced where the record names a customer; free text is not rewritten (the
    // internal action item's text still says "Kestrel").
    assert!(!md.contains("Kestrel Freight Ltd"));
    let json = crate::common::parse_json(&summary(&sb, "json", &["--hide-customers"]));
    assert!(!json.to_string().contains("Heron"));
}

#[test]
fn figures_come_from_what_the_public_document_shows() {
    let sb = sandbox();
    let internal = summary(&sb, "markdown", &[]);
    let public = summary(&sb, "markdown", &["--audience", "public"]);
    // The durations come from the key moments, which are never internal.
    for line in [
        "- **Time to detect**: 6 min",
        "- **Time to resolve**: 50 min",
        "- **Total duration**: 50 min",
    ] {
        assert!(internal.contains(line) && public.contains(line), "{line}");
    }
    // Customer figures count the customers the document shows.
    assert!(internal.contains("- **Customers affected**: 3 "));
    assert!(public.contains("- **Customers affected**: 2 "));
    assert!(internal.contains("- **Customer-hours**: 1.83 h"));
    assert!(public.contains("- **Customer-hours**: 1.33 h"));
}

#[test]
fn the_public_site_shows_no_internal_text_on_any_page() {
    let inc = fixture();
    let sb = sandbox();
    sb.add_record(HK_TEXT);
    let public = sb.root().join("public");
    let internal = sb.root().join("internal");
    build_site(&sb.dir(), &public, &["--audience", "public"]);
    build_site(&sb.dir(), &internal, &[]);
    let all = |root: &Path| -> String {
        files_under(root)
            .iter()
            .filter(|f| !f.starts_with('.'))
            .map(|f| fs::read_to_string(root.join(f)).unwrap())
            .collect()
    };
    let (public_text, internal_text) = (all(&public), all(&internal));
    assert_eq!(files_under(&public), files_under(&internal));
    for s in internal_strings(&inc) {
        assert!(internal_text.contains(&s), "internal site lacks {s:?}");
        for f in files_under(&public) {
            let text = fs::read_to_string(public.join(&f)).unwrap();
            assert!(!text.contains(&s), "public {f} shows {s:?}");
        }
    }
    for s in public_strings(&inc) {
        assert!(public_text.contains(&s), "public site lacks {s:?}");
    }
    // The action ledger lists the public item and not the internal one.
    let actions = fs::read_to_string(public.join("actions.html")).unwrap();
    assert!(actions.contains("Renew partner certificates automatically."));
    // Rebuilding the same folder for the internal audience renders every page again.
    let out = build_site(&sb.dir(), &public, &[]);
    assert!(out.contains("(0 pages not rendered again)"), "{out}");
    assert_eq!(all(&public), internal_text);
}

#[test]
fn mark_sets_and_clears_the_mark_and_public_restores_the_bytes() {
    let sb = Sandbox::with_record(HK_TEXT);
    let before = sb.read(HK_ID);
    for (item, field_line) in [
        ("ecs-servers-down", "id: \"ecs-servers-down\""),
        ("A2", "id: \"A2\""),
        ("source:register", "id: \"register\""),
        ("galaxy macau", "name: \"Galaxy Macau\""),
    ] {
        let r = sb.run(&["mark", HK_ID, item, "--internal"]);
        assert!(r.success(), "{item}: {}", r.stderr);
        assert!(r.stderr.starts_with("marked "), "{}", r.stderr);
        let text = sb.read(HK_ID);
        // The mark is inside the item it names: after its id or name, before the item ends.
        let at = text.find(field_line).unwrap();
        let rest = &text[at..];
        let mark = rest.find("internal: true").unwrap();
        let end = rest.find("\n        ),").unwrap();
        assert!(mark < end, "{item}: the mark is not in its item");
        let r = sb.run(&["mark", HK_ID, item, "--public"]);
        assert!(r.success(), "{item}: {}", r.stderr);
        assert_eq!(sb.read(HK_ID), before, "{item}: --public restores the file");
    }
    let r = sb.run(&["mark", HK_ID, "galaxy", "--internal"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .contains("no event, action item, source, customer or count `galaxy`")
    );
    assert!(r.stderr.contains("customer:Galaxy Macau"));
    let r = sb.run(&["mark", HK_ID, "e1"]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("<--internal|--public>"), "{}", r.stderr);
    assert_eq!(sb.read(HK_ID), before);
}

#[test]
fn mark_finds_a_count_and_says_when_a_name_is_two_kinds() {
    let sb = sandbox();
    let r = sb.run(&["mark", ID, "partner requests failed", "--internal"]);
    assert!(r.success(), "{}", r.stderr);
    assert!(r.stderr.contains("marked count `partner requests failed`"));
    let inc = incident::files::load::parse_text(Path::new("x.ron"), &sb.read(ID)).unwrap();
    assert!(inc.counts.iter().all(|c| c.internal));
    // An action item id that is also a source id.
    let text = sb.read(ID).replace("id: \"A1\"", "id: \"status-post\"");
    fs::write(sb.file(ID), text).unwrap();
    let r = sb.run(&["mark", ID, "status-post", "--internal"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .contains("names more than one item (action, source)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("`action:NAME` or `source:NAME`"),
        "{}",
        r.stderr
    );
    assert!(
        sb.run(&["mark", ID, "action:status-post", "--internal"])
            .success()
    );
}

#[test]
fn writers_mark_what_they_add_internal() {
    let sb = sandbox();
    let (k, v) = clock("2024-06-30T12:00:00Z");
    let ok = |args: &[&str]| {
        let r = run(sb.cmd(args).env(k, &v));
        assert!(r.success(), "{args:?}: {}", r.stderr);
    };
    ok(&[
        "log",
        ID,
        "Called the insurer",
        "--at",
        "2024-04-02 09:45",
        "--internal",
    ]);
    ok(&[
        "log",
        ID,
        "Posted the all-clear",
        "--at",
        "2024-04-02 09:52",
    ]);
    ok(&[
        "action",
        "add",
        ID,
        "Brief the account team",
        "--type",
        "process",
        "--internal",
    ]);
    ok(&[
        "impact",
        "add",
        ID,
        "--customer",
        "Plover Mail",
        "--from",
        "2024-04-02 09:30",
        "--to",
        "2024-04-02 09:40",
        "--internal",
    ]);
    let inc = incident::files::load::parse_text(Path::new("x.ron"), &sb.read(ID)).unwrap();
    let event = |t: &str| inc.events.iter().find(|e| e.text == t).unwrap();
    assert!(event("Called the insurer").internal);
    assert!(!event("Posted the all-clear").internal);
    assert!(
        inc.actions
            .iter()
            .find(|a| a.text == "Brief the account team")
            .unwrap()
            .internal
    );
    assert!(
        inc.customers
            .iter()
            .find(|c| c.name == "Plover Mail")
            .unwrap()
            .internal
    );
    let public = summary(&sb, "markdown", &["--audience", "public"]);
    for s in [
        "Called the insurer",
        "Brief the account team",
        "Plover Mail",
    ] {
        assert!(!public.contains(s), "{s}");
    }
    assert!(public.contains("Posted the all-clear"));
    // A service is not marked by `impact add`.
    let r = run(sb
        .cmd(&[
            "impact",
            "add",
            ID,
            "--service",
            "Web",
            "--from",
            "2024-04-02 09:30",
            "--internal",
        ])
        .env(k, &v));
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains("marks a customer, not a service"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_unmarked_item_writes_no_internal_field() {
    // `internal: false` written by hand is dropped by fmt: old records stay byte-identical.
    let text = fixture_text().replace(
        "            sources: [\"status-post\"],\n            important: true,\n",
        "            sources: [\"status-post\"],\n            important: true,\n            internal: false,\n",
    );
    assert_ne!(text, fixture_text());
    let sb = Sandbox::with_record(&text);
    let r = sb.run(&["fmt", ID]);
    assert!(r.success(), "{}", r.stderr);
    assert!(!sb.read(ID).contains("internal: false"));
    assert_eq!(sb.read(ID).matches("internal: true").count(), 5);
}

#[test]
fn check_warns_when_public_text_names_something_internal() {
    let text = fixture_text().replace(
        "summary: \"The partner API returned errors",
        "summary: \"Kestrel Freight Ltd first saw it. The partner API returned errors",
    );
    let sb = Sandbox::with_record(&text);
    let r = sb.run(&["check"]);
    assert_eq!(
        r.code,
        Some(0),
        "a warning does not fail check: {}",
        r.stderr
    );
    let out = format!("{}{}", r.stdout, r.stderr);
    let line = text
        .lines()
        .position(|l| l.starts_with("    summary: "))
        .unwrap()
        + 1;
    let column = text.lines().nth(line - 1).unwrap().find('"').unwrap() + 1;
    let want = format!(
        "incidents/{ID}.ron:{line}:{column}: W210: warning: public text names internal customer `Kestrel Freight Ltd`; the public version would still show it"
    );
    assert!(out.contains(&want), "{out}");
    // A public event that quotes the internal source's title is found too, at its text.
    let text = fixture_text().replace(
        "text: \"Status page post: partner API errors",
        "text: \"Quillon war-room chat export says: partner API errors",
    );
    let sb = Sandbox::with_record(&text);
    let out = sb.run(&["check", "--format", "json"]).stdout;
    assert!(out.contains("W210"), "{out}");
    assert!(
        out.contains("gives the title of internal source `warroom-chat`"),
        "{out}"
    );
    // The fixture as shipped is clean.
    let sb = sandbox();
    let r = sb.run(&["check"]);
    assert!(!format!("{}{}", r.stdout, r.stderr).contains("W210"));
}
