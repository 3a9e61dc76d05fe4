//! Prose: the record's fields that hold CommonMark (the summary, causes and lessons with their
//! detail, action items' text and note; the list is in `docs/schema.md`), rendered for each
//! output. Markup the user wrote — emphasis, links, code spans, lists — is kept; what could
//! harm a reader is not:
//!
//! - raw HTML is never passed on: the HTML document shows it as text, the Markdown document
//!   escapes it;
//! - a link whose address could run code (`javascript:`, `data:`, `vbscript:`, `file:`, any
//!   scheme but `http`, `https` and `mailto`) loses its link and keeps its text;
//! - images become their description: documents load nothing from a record's text.
//!
//! Parsed with pulldown-cmark (CommonMark with strikethrough); no HTML of its own is used.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::render::html::escape;

/// CommonMark, plus `~~strikethrough~~`: tables, footnotes and the rest stay text.
fn parser(s: &str) -> Parser<'_> {
    Parser::new_ext(s, Options::ENABLE_STRIKETHROUGH)
}

/// True for a link address that is safe to follow: `http:`, `https:`, `mailto:`, or no
/// scheme at all (a relative path, `#anchor`). Browsers ignore whitespace and control
/// characters inside a scheme and its case, so they are ignored here too.
pub fn safe_url(url: &str) -> bool {
    let plain: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match plain.find([':', '/', '?', '#']) {
        Some(i) if plain[i..].starts_with(':') => {
            matches!(&plain[..i], "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Prose as HTML blocks (`<p>`, `<ul>`, `<blockquote>`, `<pre>`), for a paragraph's place.
pub fn html_block(s: &str) -> String {
    html(s, false)
}

/// Prose as inline HTML, for a table cell or list item: paragraphs are joined with `<br>`;
/// lists and quotes keep their elements.
pub fn html_inline(s: &str) -> String {
    html(s, true)
}

fn html(s: &str, inline: bool) -> String {
    let mut o = String::new();
    // Depth inside links that were dropped, and inside images (whose text is the alt text).
    let mut dropped: Vec<bool> = Vec::new();
    let mut paragraphs = 0usize;
    for ev in parser(s.trim()) {
        match ev {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    if inline {
                        if paragraphs > 0 {
                            o.push_str("<br>");
                        }
                    } else {
                        o.push_str("<p>");
                    }
                    paragraphs += 1;
                }
                // A heading in prose would break the document's outline: shown strong.
                Tag::Heading { .. } => o.push_str(if inline { "<strong>" } else { "<p><strong>" }),
                Tag::BlockQuote(_) => o.push_str("<blockquote>"),
                Tag::CodeBlock(_) => o.push_str("<pre><code>"),
                Tag::List(Some(n)) => o.push_str(&format!("<ol start=\"{n}\">\n")),
                Tag::List(None) => o.push_str("<ul>\n"),
                Tag::Item => o.push_str("<li>"),
                Tag::Emphasis => o.push_str("<em>"),
                Tag::Strong => o.push_str("<strong>"),
                Tag::Strikethrough => o.push_str("<del>"),
                Tag::Link {
                    dest_url, title, ..
                } => {
                    let safe = safe_url(&dest_url);
                    dropped.push(!safe);
                    if safe {
                        o.push_str(&format!("<a href=\"{}\"", escape(&dest_url)));
                        if !title.is_empty() {
                            o.push_str(&format!(" title=\"{}\"", escape(&title)));
                        }
                        o.push_str(" rel=\"nofollow noopener\">");
                    }
                }
                Tag::Image { .. } => dropped.push(true),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph if !inline => o.push_str("</p>\n"),
                TagEnd::Heading(_) => o.push_str(if inline {
                    "</strong>"
                } else {
                    "</strong></p>\n"
                }),
                TagEnd::BlockQuote(_) => o.push_str("</blockquote>\n"),
                TagEnd::CodeBlock => o.push_str("</code></pre>\n"),
                TagEnd::List(true) => o.push_str("</ol>\n"),
                TagEnd::List(false) => o.push_str("</ul>\n"),
                TagEnd::Item => o.push_str("</li>\n"),
                TagEnd::Emphasis => o.push_str("</em>"),
                TagEnd::Strong => o.push_str("</strong>"),
                TagEnd::Strikethrough => o.push_str("</del>"),
                TagEnd::Link if dropped.pop() == Some(false) => o.push_str("</a>"),
                TagEnd::Image => {
                    dropped.pop();
                }
                _ => {}
            },
            Event::Text(t) => o.push_str(&escape(&t)),
            Event::Code(t) => o.push_str(&format!("<code>{}</code>", escape(&t))),
            // Raw HTML is shown, never obeyed.
            Event::Html(t) | Event::InlineHtml(t) => o.push_str(&escape(&t)),
            Event::SoftBreak => o.push('\n'),
            Event::HardBreak => o.push_str("<br>"),
            Event::Rule => o.push_str("<hr>"),
            _ => {}
        }
    }
    o.trim_end().to_string()
}

/// Prose for the Markdown document: the user's markup passed through as written, except raw
/// HTML (escaped) and links to unsafe addresses (replaced by their text); trimmed, so leading
/// spaces cannot make it a code block.
pub fn markdown(s: &str) -> String {
    let s = crate::model::text::visible(&s.replace("\r\n", "\n"));
    let s = s.trim();
    let mut out = String::with_capacity(s.len());
    let mut at = 0usize;
    let mut events = parser(s).into_offset_iter();
    while let Some((ev, range)) = events.next() {
        if range.start < at {
            continue;
        }
        let replacement = match ev {
            Event::Html(t) | Event::InlineHtml(t) => Some(escape_html_md(&t)),
            // A heading would break the document's outline, a rule could turn the line above
            // it into one: a heading becomes strong text, a rule stays text.
            Event::Start(Tag::Heading { .. }) => {
                let mut text = String::new();
                for (inner, _) in events.by_ref() {
                    match inner {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => text.push_str(&t),
                        _ => {}
                    }
                }
                let text = text.trim();
                Some(if text.is_empty() {
                    String::new()
                } else {
                    format!("**{}**", crate::render::markdown::inline(text))
                })
            }
            Event::Rule => Some(crate::render::markdown::inline(s[range.clone()].trim())),
            Event::Start(Tag::Link { dest_url, .. }) if !safe_url(&dest_url) => {
                // The link's text, as plain text, in place of the whole link.
                let mut text = String::new();
                for (inner, _) in events.by_ref() {
                    match inner {
                        Event::End(TagEnd::Link) => break,
                        Event::Text(t) | Event::Code(t) => text.push_str(&t),
                        _ => {}
                    }
                }
                Some(crate::render::markdown::inline(&text))
            }
            _ => None,
        };
        if let Some(r) = replacement {
            out.push_str(&s[at..range.start]);
            out.push_str(&r);
            at = range.end;
        }
    }
    out.push_str(&s[at..]);
    out
}

/// Raw HTML in Markdown prose, escaped so that it shows as written.
fn escape_html_md(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Prose for a Markdown list item: as [`markdown`], with every line after the first indented
/// by `indent` spaces so that it stays inside the item.
pub fn markdown_item(s: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    markdown(s)
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 || l.is_empty() {
                l.to_string()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prose for a GitHub table cell: as [`markdown`] on one line — `|` escaped so it cannot
/// split the row, line breaks as `<br>` so they cannot end the table.
pub fn markdown_cell(s: &str) -> String {
    let m = markdown(s)
        .replace('|', "\\|")
        .replace("\n\n", "<br>")
        .replace('\n', " ");
    if m.is_empty() { " ".to_string() } else { m }
}

/// Prose for the terminal: no markup left to read past — emphasis without its stars, code
/// without its backticks, links as `text (url)`, list items on lines of their own with `•`,
/// paragraphs apart by a blank line.
pub fn plain(s: &str) -> String {
    let mut o = String::new();
    let mut links: Vec<Option<String>> = Vec::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    for ev in parser(s.trim()) {
        match ev {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::BlockQuote(_) => {
                    if !o.is_empty() && !o.ends_with('\n') {
                        o.push('\n');
                    }
                    if !o.is_empty() && lists.is_empty() && !o.ends_with("\n\n") {
                        o.push('\n');
                    }
                }
                Tag::List(start) => {
                    if !o.is_empty() && !o.ends_with('\n') {
                        o.push('\n');
                    }
                    lists.push(start);
                }
                Tag::Item => {
                    if !o.is_empty() && !o.ends_with('\n') {
                        o.push('\n');
                    }
                    let depth = lists.len().saturating_sub(1);
                    o.push_str(&"  ".repeat(depth));
                    match lists.last_mut() {
                        Some(Some(n)) => {
                            o.push_str(&format!("{n}. "));
                            *n += 1;
                        }
                        _ => o.push_str("• "),
                    }
                }
                Tag::Link { dest_url, .. } => links.push(Some(dest_url.to_string())),
                Tag::Image { dest_url, .. } => links.push(Some(dest_url.to_string())),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::List(_) => {
                    lists.pop();
                }
                TagEnd::Link | TagEnd::Image => {
                    if let Some(Some(url)) = links.pop() {
                        o.push_str(&format!(" ({url})"));
                    }
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                o.push_str(&t)
            }
            Event::SoftBreak => o.push(' '),
            Event::HardBreak => o.push('\n'),
            Event::Rule => o.push_str("\n———\n"),
            _ => {}
        }
    }
    crate::model::text::visible(o.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_https_mailto_and_relative_links_are_safe() {
        for ok in [
            "https://example.com/a",
            "HTTP://x",
            "mailto:a@b.c",
            "/runbook",
            "#a",
            "a/b:c",
        ] {
            assert!(safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " java\tscript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn html_keeps_markup_and_drops_what_could_harm() {
        assert_eq!(
            html_block("See **the [runbook](https://x.test/rb)** and `kubectl`."),
            "<p>See <strong>the <a href=\"https://x.test/rb\" rel=\"nofollow noopener\">runbook</a></strong> and <code>kubectl</code>.</p>"
        );
        assert_eq!(
            html_block("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            html_inline("a <img src=x onerror=alert(1)> b"),
            "a &lt;img src=x onerror=alert(1)&gt; b"
        );
        assert_eq!(html_inline("[click](javascript:alert(1)) now"), "click now");
        assert_eq!(html_inline("![pic](data:image/png;base64,AAAA)"), "pic");
        assert_eq!(
            html_inline("***bold and em*** _a *b* c_"),
            "<em><strong>bold and em</strong></em> <em>a <em>b</em> c</em>"
        );
        assert_eq!(html_inline("one\n\ntwo"), "one<br>two");
        assert_eq!(
            html_block("- a\n- b"),
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
        );
    }

    #[test]
    fn markdown_passes_markup_through_and_escapes_raw_html() {
        assert_eq!(
            markdown("See **the [runbook](https://x.test/rb)**."),
            "See **the [runbook](https://x.test/rb)**."
        );
        assert_eq!(markdown("a <b>x</b> c"), "a &lt;b&gt;x&lt;/b&gt; c");
        assert_eq!(markdown("`<b>` stays code"), "`<b>` stays code");
        assert_eq!(markdown("[click](javascript:alert(1)) now"), "click now");
        assert_eq!(markdown_cell("a | b\nc"), "a \\| b c");
        assert_eq!(markdown_item("a\n\n- b", 2), "a\n\n  - b");
        assert_eq!(markdown("# Not a heading"), "**Not a heading**");
        assert_eq!(markdown("Title\n==="), "**Title**");
        assert_eq!(markdown("---"), "\\---");
    }

    #[test]
    fn the_terminal_reads_without_markup() {
        assert_eq!(
            plain("See **the [runbook](https://x.test/rb)** and `kubectl`."),
            "See the runbook (https://x.test/rb) and kubectl."
        );
        assert_eq!(plain("Steps:\n\n1. one\n2. two"), "Steps:\n1. one\n2. two");
        assert_eq!(plain("a\n\nb"), "a\n\nb");
    }
}
