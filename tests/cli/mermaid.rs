//! The Mermaid output rendered by mermaid-cli (`mmdc`), driven by the system's Chromium: the
//! gantt source of `timeline --chart --format mermaid` and the block in the Markdown
//! postmortem must render without error, the SVG must hold the labels, and no section name may
//! run under a bar (measured in Chromium after the render).
//!
//! `mmdc` is `$MMDC`, else `.ci/mermaid/node_modules/.bin/mmdc` (where `.ci/run` installs it),
//! else `mmdc` on the path. Without it or Chromium these tests say they were skipped; in CI
//! (`CI=true`) they fail instead.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::browser::{chromium, file_url, visit};
use crate::common::{self, ROOT};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// mermaid-cli's `mmdc`, or `None` after saying why (or failing, in CI).
fn mmdc() -> Option<PathBuf> {
    let installed = Path::new(ROOT).join(".ci/mermaid/node_modules/.bin/mmdc");
    let found = std::env::var_os("MMDC")
        .map(PathBuf::from)
        .or_else(|| installed.is_file().then_some(installed))
        .or_else(|| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join("mmdc"))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        assert!(
            !in_ci(),
            "CI: the Mermaid tests need mermaid-cli; .ci/run installs it into .ci/mermaid"
        );
        eprintln!(
            "SKIPPED: Mermaid rendering tests — no mmdc (cd .ci/mermaid && \
             PUPPETEER_SKIP_DOWNLOAD=1 npm ci, or set MMDC)"
        );
    }
    found
}

/// Renders `input` (`.mmd`, or `.md` whose Mermaid blocks become `<output stem>-N.svg`) with
/// mmdc and Chromium; panics with mmdc's output when it fails or reports an error.
fn render(mmdc: &Path, browser: &Path, dir: &Path, input: &str, output: &str) {
    let config = dir.join("puppeteer.json");
    fs::write(
        &config,
        format!(
            "{{\"executablePath\": {:?}, \"args\": [\"--no-sandbox\", \"--disable-gpu\"]}}",
            browser.display().to_string()
        ),
    )
    .unwrap();
    let out = Command::new(mmdc)
        .current_dir(dir)
        .env("PUPPETEER_SKIP_DOWNLOAD", "1")
        .args(["--quiet", "-p", "puppeteer.json", "-i", input, "-o", output])
        .output()
        .expect("mmdc runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("Error"),
        "mmdc failed on {input}: {out:?}"
    );
}

/// The labels a reader must find in the drawn chart of the shipped record: the title, section
/// names (one shortened), task names and key-event milestones.
const LABELS: &[&str] = &[
    "Impact, times in Asia/Hong_Kong",
    "OSS (Zone C) (service)",
    "Monetary Authority of Macao… (customer)",
    "ECS control plane / OpenAPI… (service)",
    "OKX (customer)",
    "outage, end unknown",
    "outage from ~12.00 to no later than 12-20 12.00",
    "Monitoring raised a temperature-control alarm… (detection)",
    "The ECS API was fully available again. (resolution)",
    "Key events",
];

/// Opens `svg` in Chromium and measures, after layout, the right edge of the widest section
/// name and the left edge of the leftmost bar or milestone.
fn label_and_bar_edges(browser: &Path, dir: &Path, svg: &Path) -> (f64, f64) {
    let page = dir.join("measure.html");
    let svg_text = fs::read_to_string(svg).unwrap();
    fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html><head><title>measure</title></head><body>{svg_text}\
             <pre id=\"edges\"></pre><script>\
             const right = Math.max(...[...document.querySelectorAll('text.sectionTitle')]\
               .map(t => {{ const b = t.getBBox(); return b.x + b.width; }}));\
             const left = Math.min(...[...document.querySelectorAll('rect.task')]\
               .map(r => r.getBBox().x));\
             document.getElementById('edges').textContent = 'edges ' + right + ' ' + left + ' end';\
             </script></body></html>"
        ),
    )
    .unwrap();
    let v = visit(browser, &file_url(&page));
    let edges = v.dom.split("edges ").nth(1).expect("the script ran");
    let edges: Vec<f64> = edges
        .split(" end")
        .next()
        .unwrap()
        .split(' ')
        .map(|x| x.parse().unwrap())
        .collect();
    (edges[0], edges[1])
}

fn check_chart_svg(browser: &Path, dir: &Path, svg: &Path) {
    let text = fs::read_to_string(svg).unwrap();
    assert!(text.starts_with("<svg"), "{text}");
    for label in LABELS {
        assert!(text.contains(label), "{} lacks {label:?}", svg.display());
    }
    // The init directive took effect: the label column is as wide as the source asks.
    assert!(text.contains(">Key events</tspan>"));
    let (labels_end, bars_start) = label_and_bar_edges(browser, dir, svg);
    assert!(
        labels_end > 150.0 && labels_end < bars_start,
        "a section name ends at {labels_end} px, under a bar starting at {bars_start} px"
    );
}

#[test]
fn the_mermaid_chart_renders_with_every_label_clear_of_the_bars() {
    let (Some(mmdc), Some(browser)) = (mmdc(), chromium()) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let source = common::stdout_of(&["timeline", common::HK_ID, "--chart", "--format", "mermaid"]);
    fs::write(tmp.path().join("chart.mmd"), &source).unwrap();
    render(&mmdc, &browser, tmp.path(), "chart.mmd", "chart.svg");
    check_chart_svg(&browser, tmp.path(), &tmp.path().join("chart.svg"));
}

#[test]
fn the_markdown_postmortem_block_renders() {
    let (Some(mmdc), Some(browser)) = (mmdc(), chromium()) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let md = common::stdout_of(&["summary", common::HK_ID, "--format", "markdown"]);
    fs::write(tmp.path().join("postmortem.md"), &md).unwrap();
    render(&mmdc, &browser, tmp.path(), "postmortem.md", "out.md");
    // Two blocks, two pictures — the impact chart, then the cause chain's flowchart — each
    // linked in place of its block in the Markdown written beside them.
    let out = fs::read_to_string(tmp.path().join("out.md")).unwrap();
    assert!(!out.contains("```mermaid"), "{out}");
    assert!(
        out.contains("out-1.svg") && out.contains("out-2.svg"),
        "{out}"
    );
    assert!(!tmp.path().join("out-3.svg").exists());
    check_chart_svg(&browser, tmp.path(), &tmp.path().join("out-1.svg"));
    let chain = fs::read_to_string(tmp.path().join("out-2.svg")).unwrap();
    assert!(
        chain.starts_with("<svg") && chain.contains("flowchart"),
        "{chain}"
    );
}
