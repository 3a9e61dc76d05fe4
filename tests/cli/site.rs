//! `incident site`: the files it writes, their links, policy and accessibility, determinism,
//! and incremental rebuilds. The browser tests are in `browser.rs`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{HK_ID, HK_TEXT, Sandbox, incident, run, stdout_ok};

use crate::across::gen_corpus;

/// A fixed "now" so overdue items and open windows do not depend on the clock.
pub const NOW: &str = "2024-06-30T12:00:00Z";

/// Builds the site of the incidents folder `dir` into `out`; returns standard output.
pub fn build_site(dir: &Path, out: &Path, extra: &[&str]) -> String {
    stdout_ok(
        incident()
            .env("SOURCE_DATE_EPOCH", crate::common::epoch(NOW))
            .arg("--dir")
            .arg(dir)
            .arg("site")
            .arg("-o")
            .arg(out)
            .args(extra),
    )
}

/// Every file under `root`, relative, sorted.
pub fn files_under(root: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

/// The values of `attr="…"` in `html`, in order.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let end = rest.find('"').unwrap();
        out.push(rest[..end].replace("&amp;", "&"));
        rest = &rest[end..];
    }
    out
}

/// Checks every relative `href`/`src` of every HTML and XML file under `root`: the file it
/// names exists, and so does the element with the `#anchor` it names. Returns how many links
/// were checked; panics naming the first broken one.
pub fn check_links(root: &Path) -> usize {
    let mut checked = 0;
    for name in files_under(root) {
        if !(name.ends_with(".html") || name.ends_with(".xml")) {
            continue;
        }
        let path = root.join(&name);
        let text = fs::read_to_string(&path).unwrap();
        let mut links = attr_values(&text, "href");
        links.extend(attr_values(&text, "src"));
        for link in links {
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with("urn:") {
                continue;
            }
            assert!(
                !link.starts_with('/'),
                "{name}: link {link} is absolute, not relative"
            );
            let (file, anchor) = match link.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (link.as_str(), None),
            };
            let target: PathBuf = if file.is_empty() {
                path.clone()
            } else {
                path.parent().unwrap().join(file)
            };
            assert!(target.is_file(), "{name}: link {link} names no file");
            if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                let body = fs::read_to_string(&target).unwrap();
                assert!(
                    body.contains(&format!(" id=\"{a}\"")),
                    "{name}: link {link} names no element with that id"
                );
            }
            checked += 1;
        }
    }
    checked
}

/// The text between `open` and `close` (the first such block).
fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let start = text.find(open).unwrap() + open.len();
    let end = start + text[start..].find(close).unwrap();
    &text[start..end]
}

#[test]
fn the_shipped_record_gives_every_page_with_relative_links() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let said = build_site(&Path::new(crate::common::ROOT).join("incidents"), &out, &[]);
    assert_eq!(
        said,
        format!(
            "{}: 6 files written, 0 unchanged, 0 removed (1 incidents)\n",
            out.display()
        )
    );
    assert_eq!(
        files_under(&out),
        [
            ".incident-site",
            "actions.html",
            "feed.xml",
            &format!("incidents/{HK_ID}.html"),
            "index.html",
            "index.json",
            "stats.html",
        ]
    );
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    // The row: date, severity, status, title (linked), duration, services.
    let row = between(&index, "<tbody>\n", "</tbody>");
    assert!(row.starts_with("<tr><td class=\"nowrap\">2022-12-18</td><td data-sort=\"1\"><span class=\"sev sev1\">Sev1</span></td><td>resolved</td><th scope=\"row\"><a href=\"incidents/2022-12-18-hk-zone-c.html\">"), "{row}");
    assert!(
        row.contains("<td class=\"num\" data-sort=\"855\">14 h 15 min</td>"),
        "{row}"
    );
    assert!(check_links(&out) >= 20);
    let page = fs::read_to_string(out.join(format!("incidents/{HK_ID}.html"))).unwrap();
    assert!(page.contains("<a href=\"../index.html\">"));
    assert!(page.contains("<svg"), "the impact chart is on the page");
    let json = crate::common::parse_json(&fs::read_to_string(out.join("index.json")).unwrap());
    assert_eq!(json["incidents"][0]["id"], HK_ID);
    assert_eq!(json["incidents"][0]["duration_minutes"], 855);
    assert_eq!(
        json["incidents"][0]["page"],
        format!("incidents/{HK_ID}.html")
    );
    let feed = fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("<id>urn:incident:2022-12-18-hk-zone-c</id>"));
    assert!(feed.contains("<updated>2022-12-18T23:11:00+08:00</updated>"));
    let actions = fs::read_to_string(out.join("actions.html")).unwrap();
    let hk = crate::common::hk_record();
    for a in &hk.actions {
        assert!(actions.contains(&format!("<td>{}</td>", a.id)), "{}", a.id);
    }
}

#[test]
fn the_policy_allows_exactly_the_inline_style_and_script() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    build_site(&Path::new(crate::common::ROOT).join("incidents"), &out, &[]);
    for name in ["index.html", "actions.html", "stats.html"] {
        let text = fs::read_to_string(out.join(name)).unwrap();
        let policy = between(&text, "Content-Security-Policy\" content=\"", "\"");
        assert!(policy.starts_with("default-src 'none'; "), "{policy}");
        let style = between(&text, "<style>", "</style>");
        let style_hash = incident::render::site::csp_hash(style);
        assert!(
            policy.contains(&format!("style-src {style_hash}")),
            "{name}"
        );
        if name == "index.html" {
            let script = between(&text, "<script>", "</script>");
            let hash = incident::render::site::csp_hash(script);
            assert!(policy.contains(&format!("script-src {hash}")), "{policy}");
        } else {
            assert!(!text.contains("<script"), "{name} needs no script");
        }
        assert!(
            !text.contains(" style=\""),
            "{name}: a style attribute would be blocked"
        );
    }
}

/// Headings start at h1 and never skip a level; every table header says its scope.
pub fn check_accessible(name: &str, html: &str) {
    let mut last = 0;
    let mut rest = html;
    while let Some(i) = rest.find("<h") {
        rest = &rest[i + 2..];
        let Some(level) = rest.chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        if !matches!(rest.chars().nth(1), Some('>' | ' ')) {
            continue;
        }
        assert!(
            level <= last + 1,
            "{name}: h{level} after h{last} skips a level"
        );
        assert!(
            last > 0 || level == 1,
            "{name}: the first heading is h{level}"
        );
        last = level;
    }
    assert!(last > 0, "{name} has no heading");
    let ths = html.matches("<th").count() - html.matches("<thead").count();
    let scoped = html.matches("<th scope=\"").count();
    assert_eq!(ths, scoped, "{name}: a <th> without scope");
}

#[test]
fn a_corpus_site_is_accessible_deterministic_and_rebuilds_incrementally() {
    let sb = Sandbox::new();
    gen_corpus::write_corpus(&sb.dir(), 40, 9).unwrap();
    sb.add_record(HK_TEXT);
    let out = sb.root().join("site");
    build_site(&sb.dir(), &out, &["--title", "Acme <ops>"]);
    let first: Vec<(String, Vec<u8>)> = files_under(&out)
        .into_iter()
        .map(|f| {
            let bytes = fs::read(out.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    assert_eq!(first.len(), 41 + 6);
    for (name, bytes) in &first {
        if name.ends_with(".html") && !name.starts_with("incidents/") {
            let html = String::from_utf8(bytes.clone()).unwrap();
            check_accessible(name, &html);
            assert!(html.contains("<title>") && html.contains("Acme &lt;ops&gt;"));
        }
    }
    let stats = fs::read_to_string(out.join("stats.html")).unwrap();
    assert_eq!(stats.matches("<svg").count(), 3);
    assert_eq!(stats.matches("<desc id=").count(), 3);
    assert!(stats.contains("@media print"));
    check_links(&out);

    // Another folder, same records and now: the same bytes.
    let again = sb.root().join("again");
    build_site(&sb.dir(), &again, &["--title", "Acme <ops>"]);
    for (name, bytes) in &first {
        assert_eq!(
            &fs::read(again.join(name)).unwrap(),
            bytes,
            "{name} differs"
        );
    }

    // A rebuild with nothing changed writes nothing.
    let said = build_site(&sb.dir(), &out, &["--title", "Acme <ops>"]);
    assert!(
        said.ends_with(": 0 files written, 46 unchanged, 0 removed (41 incidents)\n"),
        "{said}"
    );

    // One record changed: its page and the shared pages that show it; one deleted: its page
    // goes, and a file the site did not write stays.
    fs::write(out.join("notes.txt"), "mine").unwrap();
    let ids: BTreeSet<String> = fs::read_dir(sb.dir())
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut ids = ids.into_iter().filter(|i| i != HK_ID);
    let (changed, deleted) = (ids.next().unwrap(), ids.next().unwrap());
    let text = sb.read(&changed);
    let inc = incident::files::load::parse_text(Path::new("x.ron"), &text).unwrap();
    fs::write(
        sb.file(&changed),
        text.replacen(&inc.title, "A new title", 1),
    )
    .unwrap();
    fs::remove_file(sb.file(&deleted)).unwrap();
    let said = build_site(&sb.dir(), &out, &["--title", "Acme <ops>"]);
    // The changed page, index.html, actions.html (the ledger links by id, unchanged?), stats,
    // feed and index.json may change; every other incident page stays.
    let written: usize = said
        .split(": ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((2..=6).contains(&written), "{said}");
    assert!(said.contains(", 1 removed (40 incidents)"), "{said}");
    assert!(!out.join(format!("incidents/{deleted}.html")).exists());
    assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("A new title"));
    assert!(!index.contains(&format!("incidents/{deleted}.html")));
    check_links(&out);
}

#[test]
fn a_folder_that_holds_other_files_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("keep.txt"), "x").unwrap();
    let r = run(incident()
        .env("SOURCE_DATE_EPOCH", crate::common::epoch(NOW))
        .args(["site", "-o"])
        .arg(tmp.path()));
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.stderr.contains("is not empty and holds no site"),
        "{}",
        r.stderr
    );
    assert_eq!(files_under(tmp.path()), ["keep.txt"]);
    let r = run(incident().args(["site", "-o", "x", "--base-url", "javascript:alert(1)"]));
    assert_eq!(r.code, Some(2), "{r:?}");
}
