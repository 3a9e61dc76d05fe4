//! Prose is CommonMark: the summary, causes, lessons and action items keep their markup in
//! the Markdown document, render safely in the HTML document and the site (no raw HTML, no
//! `javascript:` or `data:` links), and read plainly in the terminal.

use crate::common::*;

const SUMMARY: &str = "The chillers failed; see **the [runbook](https://x.test/rb)** and `ECS`. \
[click me](javascript:alert(1)) <script>alert(1)</script> ***bold _and em_*** \
![pic](data:image/png;base64,AAAA) [data](data:text/html,hi)";

const ACTION: &str = "Review the [cooling controls](https://x.test/cool) <b>now</b> | *soon*";

/// The shipped record with hostile prose in its summary and its first action item.
fn hostile() -> Sandbox {
    let first_action = "Review the data-centre infrastructure control systems thoroughly for the stability and reliability of cooling.";
    assert!(HK_TEXT.contains(first_action));
    let text = HK_TEXT
        .replacen(
            "    summary: \"The chillers of the data centre behind Alibaba Cloud's Hong Kong Region Zone C failed on 18 December 2022.",
            &format!("    summary: \"{SUMMARY}"),
            1,
        )
        .replacen(first_action, ACTION, 1);
    assert!(text.contains(SUMMARY));
    Sandbox::with_record(&text)
}

#[test]
fn html_renders_markup_and_never_raw_html_or_unsafe_links() {
    let sb = hostile();
    let html = sb.stdout_of(&["summary", HK_ID, "--format", "html"]);
    assert!(html.contains(
        "<p>The chillers failed; see <strong>the <a href=\"https://x.test/rb\" rel=\"nofollow noopener\">runbook</a></strong> and <code>ECS</code>. \
click me &lt;script&gt;alert(1)&lt;/script&gt; <em><strong>bold <em>and em</em></strong></em> pic data"
    ), "{html}");
    for bad in [
        "<script",
        "javascript:",
        "data:text",
        "data:image",
        "<b>now",
    ] {
        assert!(!html.contains(bad), "{bad} in the HTML document");
    }
    assert!(html.contains(
        "Review the <a href=\"https://x.test/cool\" rel=\"nofollow noopener\">cooling controls</a> &lt;b&gt;now&lt;/b&gt; | <em>soon</em>"
    ));
}

#[test]
fn markdown_passes_markup_through_but_not_raw_html_or_unsafe_links() {
    let sb = hostile();
    let md = sb.stdout_of(&["summary", HK_ID, "--format", "markdown"]);
    assert!(
        md.contains(
            "The chillers failed; see **the [runbook](https://x.test/rb)** and `ECS`. \
click me &lt;script&gt;alert(1)&lt;/script&gt; ***bold _and em_*** \
![pic](data:image/png;base64,AAAA) data"
        ),
        "{md}"
    );
    assert!(!md.contains("javascript:"));
    // In a table cell the user's `|` is escaped so the row holds.
    assert!(md.contains(
        "| A1 | Review the [cooling controls](https://x.test/cool) &lt;b&gt;now&lt;/b&gt; \\| *soon*"
    ), "{md}");
    // The row has as many cell borders as the header: the escaped `|` splits nothing.
    let borders = |l: &str| l.matches('|').count() - l.matches("\\|").count();
    let rows: Vec<usize> = md
        .lines()
        .filter(|l| l.starts_with("| A1 |"))
        .map(borders)
        .collect();
    let header = borders(
        md.lines()
            .find(|l| l.starts_with("| ID | Action |"))
            .unwrap(),
    );
    assert_eq!(rows, [header]);
}

#[test]
fn the_terminal_shows_prose_readably() {
    let sb = hostile();
    let text = sb.stdout_of(&["summary", HK_ID, "--format", "text", "--width", "400"]);
    assert!(text.contains(
        "The chillers failed; see the runbook (https://x.test/rb) and ECS. click me (javascript:alert(1)) <script>alert(1)</script> bold and em pic (data:image/png;base64,AAAA) data (data:text/html,hi)"
    ), "{text}");
    assert!(!text.contains("**"));
    assert!(text.contains("Review the cooling controls (https://x.test/cool) <b>now</b> | soon"));
}

#[test]
fn site_pages_render_prose_safely() {
    let sb = hostile();
    let out = sb.root().join("site");
    let r = sb.run(&["site", "-o", out.to_str().unwrap()]);
    assert!(r.success(), "{}", r.stderr);
    let page = std::fs::read_to_string(out.join(format!("incidents/{HK_ID}.html"))).unwrap();
    assert!(page.contains("<a href=\"https://x.test/rb\" rel=\"nofollow noopener\">runbook</a>"));
    for bad in ["<script", "javascript:", "data:text", "data:image"] {
        assert!(!page.contains(bad), "{bad} in the site page");
    }
    // The action items page renders the action's prose the same way.
    let actions = std::fs::read_to_string(out.join("actions.html")).unwrap();
    assert!(actions.contains(
        "Review the <a href=\"https://x.test/cool\" rel=\"nofollow noopener\">cooling controls</a> &lt;b&gt;now&lt;/b&gt; | <em>soon</em>"
    ), "{actions}");
    // The feed's summary is text: the prose read plainly.
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(
        feed.contains("<summary>The chillers failed; see the runbook (https://x.test/rb) and ECS."),
        "{feed}"
    );
}

#[test]
fn the_action_ledger_reads_prose_plainly_and_passes_it_through_in_markdown() {
    let sb = hostile();
    let table = sb.stdout_of(&["actions", "--width", "400"]);
    assert!(
        table.contains("Review the cooling controls (https://x.test/cool) <b>now</b> | soon"),
        "{table}"
    );
    let md = sb.stdout_of(&["actions", "--format", "markdown"]);
    assert!(
        md.contains(
            "Review the [cooling controls](https://x.test/cool) &lt;b&gt;now&lt;/b&gt; \\| *soon*"
        ),
        "{md}"
    );
}
