//! The site in a real browser: headless Chromium opens every page through `file://` and
//! reports console messages (script errors, Content-Security-Policy violations) on its log;
//! `--dump-dom` gives the index after its script ran, to check filtering and sorting.
//!
//! Without Chromium these tests say they were skipped; in CI (`CI=true`) they fail instead.
//! `.ci/run` installs Debian's `chromium` when it is missing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::across::gen_corpus;
use crate::common::{HK_TEXT, Sandbox, parse_json};
use crate::site::{build_site, check_links, files_under};

/// The browser to drive: `$CHROMIUM`, else `chromium` on the path. `None` (after saying so,
/// or failing in CI) when there is none.
pub fn chromium() -> Option<PathBuf> {
    let candidate = std::env::var_os("CHROMIUM").map(PathBuf::from).or_else(|| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join("chromium"))
                .find(|p| p.is_file())
        })
    });
    if candidate.is_none() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "CI: the browser tests need Debian's chromium (apt-get install -y chromium); .ci/run installs it"
        );
        eprintln!(
            "SKIPPED: browser tests — no chromium on PATH (install Debian's `chromium`, or set CHROMIUM)"
        );
    }
    candidate
}

/// What one headless run gave: the DOM after scripts ran, and the console lines of its log.
pub struct Visit {
    pub dom: String,
    pub console: Vec<String>,
}

/// Opens `url` in headless Chromium with a fresh profile, no network and no extensions.
pub fn visit(browser: &Path, url: &str) -> Visit {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(out.status.success(), "chromium failed on {url}: {out:?}");
    let log = String::from_utf8_lossy(&out.stderr);
    Visit {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        // Every console message (log, error, CSP violation) is an `INFO:CONSOLE` line.
        console: log
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .map(str::to_string)
            .collect(),
    }
}

pub fn file_url(p: &Path) -> String {
    format!("file://{}", p.canonicalize().unwrap().display())
}

/// The rows of the index's tables in a dumped DOM that are not hidden by the filter, in page
/// order (the year tables, or the one table of every incident once sorted).
fn visible_rows(dom: &str) -> Vec<&str> {
    let list = &dom[dom.find("<div id=\"incidents\">").unwrap()..];
    list.split("<tr")
        .skip(1)
        .filter(|r| !r.starts_with("><th scope=\"col\""))
        .filter(|r| !r.split('>').next().unwrap().contains("hidden"))
        .collect()
}

/// The years of the index whose `<details>` is open, and those hidden, in a dumped DOM.
fn years(dom: &str) -> (Vec<&str>, Vec<&str>) {
    let mut open = Vec::new();
    let mut hidden = Vec::new();
    for tag in dom.split("<details class=\"year\" id=\"year-").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        let year = &tag[..tag.find('"').unwrap()];
        if tag.contains(" open") {
            open.push(year);
        }
        if tag.contains(" hidden") {
            hidden.push(year);
        }
    }
    (open, hidden)
}

#[test]
fn every_page_of_a_corpus_site_opens_without_console_errors_and_the_index_filters_and_sorts() {
    let Some(browser) = chromium() else { return };
    let sb = Sandbox::new();
    gen_corpus::write_corpus(&sb.dir(), 300, 42).unwrap();
    sb.add_record(HK_TEXT);
    let out = sb.root().join("site");
    build_site(&sb.dir(), &out, &[]);
    assert!(check_links(&out) > 600);

    // Every page at once: a harness page (outside the site) frames each of them; the log
    // carries the console messages of every frame.
    let pages: Vec<String> = files_under(&out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert_eq!(pages.len(), 301 + 3);
    let mut harness =
        String::from("<!DOCTYPE html><html><head><title>harness</title></head><body>\n");
    for p in &pages {
        harness.push_str(&format!("<iframe src=\"site/{p}\"></iframe>\n"));
    }
    harness.push_str("</body></html>\n");
    let harness_path = sb.root().join("harness.html");
    fs::write(&harness_path, harness).unwrap();
    let all = visit(&browser, &file_url(&harness_path));
    assert_eq!(all.console, Vec::<String>::new(), "console messages");
    assert_eq!(all.dom.matches("<iframe").count(), pages.len());

    // The index after its script: every row shown, the filter box revealed.
    let index = out.join("index.html");
    let plain = visit(&browser, &file_url(&index));
    assert!(plain.console.is_empty(), "{:?}", plain.console);
    assert_eq!(visible_rows(&plain.dom).len(), 301);
    assert!(
        plain.dom.contains("301 of 301 incidents shown"),
        "the script ran"
    );
    assert!(!plain.dom.contains("<div id=\"filter-box\" hidden"));
    // Only the newest year is open at first; nothing is hidden.
    let (open, hidden) = years(&plain.dom);
    let newest = json_newest_year(&out);
    assert_eq!(open, [newest.as_str()]);
    assert!(hidden.is_empty(), "{hidden:?}");

    // Filtering by Sev1 leaves exactly the Sev1 rows.
    let json = parse_json(&fs::read_to_string(out.join("index.json")).unwrap());
    let sev1 = json["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["severity"] == "Sev1")
        .count();
    assert!(sev1 > 10 && sev1 < 301, "{sev1}");
    let filtered = visit(&browser, &format!("{}#filter=Sev1", file_url(&index)));
    assert!(filtered.console.is_empty(), "{:?}", filtered.console);
    let rows = visible_rows(&filtered.dom);
    assert_eq!(rows.len(), sev1);
    assert!(
        rows.iter()
            .all(|r| r.contains("<span class=\"sev sev1\">Sev1</span>"))
    );
    assert!(
        filtered
            .dom
            .contains(&format!("{sev1} of 301 incidents shown"))
    );
    // The filter opens exactly the years with a Sev1 incident and hides the rest.
    let mut sev1_years: Vec<String> = json["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["severity"] == "Sev1")
        .map(|r| {
            r["date"]
                .as_str()
                .map_or("unknown".to_string(), |d| d[..4].to_string())
        })
        .collect();
    sev1_years.dedup();
    let (open, hidden) = years(&filtered.dom);
    assert_eq!(open, sev1_years);
    let total = filtered.dom.matches("<details class=\"year\"").count();
    assert!(total > 3, "{total}");
    assert_eq!(open.len() + hidden.len(), total, "each year open or hidden");

    // Sorting by duration, longest first: durations never increase; unknown ones last.
    let sorted = visit(
        &browser,
        &format!("{}#sort=duration&order=desc", file_url(&index)),
    );
    assert!(sorted.console.is_empty(), "{:?}", sorted.console);
    assert!(
        sorted
            .dom
            .contains("data-key=\"duration\" data-numeric=\"\" aria-sort=\"descending\"")
    );
    let durations: Vec<Option<i64>> = visible_rows(&sorted.dom)
        .iter()
        .map(|r| {
            let cell = r.split("<td class=\"num\" data-sort=\"").nth(1).unwrap();
            let v = &cell[..cell.find('"').unwrap()];
            v.parse().ok()
        })
        .collect();
    assert_eq!(durations.len(), 301);
    // Sorted, every incident is in one table and the year groups are hidden.
    assert!(
        sorted
            .dom
            .contains("<table class=\"incidents\" id=\"every-incident\">")
    );
    assert_eq!(years(&sorted.dom).1.len(), total, "every year group hidden");
    let known: Vec<i64> = durations.iter().map_while(|d| *d).collect();
    assert!(known.len() > 200);
    assert!(known.windows(2).all(|w| w[0] >= w[1]), "not descending");
    assert!(durations[known.len()..].iter().all(Option::is_none));

    // The stats page and an incident page render their charts.
    let stats = visit(&browser, &file_url(&out.join("stats.html")));
    assert!(stats.console.is_empty(), "{:?}", stats.console);
    assert_eq!(stats.dom.matches("<svg").count(), 3);
}

/// The year of the newest incident, from `index.json`.
fn json_newest_year(site: &Path) -> String {
    let json = parse_json(&fs::read_to_string(site.join("index.json")).unwrap());
    json["incidents"][0]["date"].as_str().unwrap()[..4].to_string()
}

#[test]
fn a_policy_violation_would_be_caught() {
    // The check above is only as good as the log: a page whose script is not allowed must
    // show up as a console line.
    let Some(browser) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("bad.html");
    fs::write(
        &page,
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"><title>x</title></head><body><script>document.title='ran'</script></body></html>",
    )
    .unwrap();
    let v = visit(&browser, &file_url(&page));
    assert_eq!(v.console.len(), 1, "{:?}", v.console);
    assert!(v.console[0].contains("Content Security Policy"));
    assert!(v.dom.contains("<title>x</title>"));
}

#[test]
fn the_public_site_in_the_browser_shows_none_of_the_fixtures_internal_strings() {
    let Some(browser) = chromium() else { return };
    let sb = Sandbox::new();
    let fixture =
        fs::read_to_string(Path::new(crate::common::ROOT).join(crate::audience::FIXTURE)).unwrap();
    let id = sb.add_record(&fixture);
    sb.add_record(HK_TEXT);
    let out = sb.root().join("site");
    build_site(&sb.dir(), &out, &["--audience", "public"]);
    let inc = incident::files::load::parse_text(Path::new("x.ron"), &fixture).unwrap();
    let internal = crate::audience::internal_strings(&inc);
    let pages: Vec<String> = files_under(&out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert_eq!(pages.len(), 2 + 3);
    for p in &pages {
        // The page as the browser holds it once its script ran.
        let v = visit(&browser, &file_url(&out.join(p)));
        assert!(v.console.is_empty(), "{p}: {:?}", v.console);
        for s in &internal {
            assert!(!v.dom.contains(s.as_str()), "{p} shows {s:?}");
        }
    }
    let page = visit(
        &browser,
        &file_url(&out.join(format!("incidents/{id}.html"))),
    );
    assert!(
        page.dom
            .contains("Certificate-expiry alarm fired for the partner load balancer.")
    );
    assert!(page.dom.contains("Heron Logistics"));
}
