//! Markup in imported text made plain: HTML and Markdown in status-page update bodies, and
//! Slack's `mrkdwn` (`<@U123>`, `<#C123|name>`, `<url|text>`, `&amp;`). The result is one
//! line: paragraphs and line breaks become a single space, since an event's text is a line.

/// HTML to plain text: tags dropped (`<br>`, `<p>`, `<li>` become spaces; a link keeps its
/// text and adds its address in brackets when that differs), entities decoded, whitespace
/// collapsed. Text without tags is left as it is, apart from entities and whitespace.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut href: Option<String> = None;
    let mut link_text_start = 0;
    while let Some(i) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..i]));
        let after = &rest[i + 1..];
        let Some(end) = after.find('>') else {
            // A lone `<` (as in "latency < 5 ms") is text.
            out.push('<');
            rest = after;
            continue;
        };
        let tag = &after[..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            out.push('<');
            rest = after;
            continue;
        }
        let closing = tag.starts_with('/');
        match name.as_str() {
            "a" if !closing => {
                href = attribute(tag, "href");
                link_text_start = out.len();
            }
            "a" => {
                if let Some(h) = href.take() {
                    let shown = out[link_text_start..].trim().to_string();
                    if shown != h && !h.is_empty() {
                        out.push_str(&format!(" ({h})"));
                    }
                }
            }
            "br" | "p" | "div" | "li" | "ul" | "ol" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5"
            | "h6" | "blockquote" | "pre" | "table" => out.push(' '),
            _ => {}
        }
        rest = &after[end + 1..];
    }
    out.push_str(&decode_entities(rest));
    collapse_spaces(&out)
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[at..];
    let (quote, body) = match value.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &value[1..]),
        _ => (None, value),
    };
    let end = match quote {
        Some(q) => body.find(q)?,
        None => body.find(char::is_whitespace).unwrap_or(body.len()),
    };
    Some(decode_entities(&body[..end]))
}

/// Decodes the entities status pages and Slack use: `&amp; &lt; &gt; &quot; &#39; &apos;
/// &nbsp;` and numeric ones (`&#8212;`, `&#x2014;`). Unknown entities are left as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let decoded = after.find(';').filter(|&e| e <= 10).and_then(|e| {
            let name = &after[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Markdown to plain text: emphasis marks (`**`, `__`, backticks) dropped, `[text](url)` as
/// `text (url)`, heading, list and quote marks at line starts dropped, lines joined with a
/// space — a heading ending in `:` and list items separated by `;` where they have no
/// punctuation of their own, so the line still reads as sentences. Status pages allow
/// Markdown in update bodies; HTML in them is handled by [`html_to_text`], which this calls
/// last.
pub fn markdown_to_text(md: &str) -> String {
    #[derive(PartialEq)]
    enum Kind {
        Heading,
        Item,
        Text,
    }
    let mut parts: Vec<(Kind, String)> = Vec::new();
    for line in md.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let (kind, t) = if t.starts_with('#') {
            (Kind::Heading, t.trim_start_matches('#').trim_start())
        } else if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            (Kind::Item, item)
        } else {
            (Kind::Text, t.strip_prefix("> ").unwrap_or(t))
        };
        parts.push((kind, links(t)));
    }
    let mut joined = String::new();
    for (i, (kind, text)) in parts.iter().enumerate() {
        joined.push_str(text);
        let Some((next, _)) = parts.get(i + 1) else {
            break;
        };
        let punctuated = text.ends_with(['.', ':', ';', '!', '?', ',']);
        if !punctuated && *kind == Kind::Heading {
            joined.push(':');
        } else if !punctuated && *kind == Kind::Item && *next == Kind::Item {
            joined.push(';');
        }
        joined.push(' ');
    }
    let plain: String = joined.replace("**", "").replace("__", "").replace('`', "");
    html_to_text(&plain)
}

/// `[text](url)` → `text (url)`.
fn links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let parsed = after.find("](").and_then(|close| {
            let url_part = &after[close + 2..];
            url_part
                .find(')')
                .map(|end| (&after[..close], &url_part[..end], close + 2 + end + 1))
        });
        match parsed {
            Some((text, url, len)) => {
                out.push_str(&rest[..open]);
                out.push_str(text);
                if text != url {
                    out.push_str(&format!(" ({url})"));
                }
                rest = &after[len..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Slack's message markup made readable: `<@U123>` → `@Real Name` (through `user`),
/// `<#C123|name>` or `<#C123>` → `#name` (through `channel`), `<!here>` → `@here`,
/// `<!subteam^S1|@team>` → `@team`, `<https://x|text>` → `text (https://x)`, `<https://x>`
/// → `https://x`, then the three entities Slack escapes. Line breaks become spaces.
pub fn slack_to_text(
    text: &str,
    user: &dyn Fn(&str) -> Option<String>,
    channel: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(end) = after.find('>') else {
            out.push('<');
            rest = after;
            continue;
        };
        let inner = &after[..end];
        let (target, label) = match inner.split_once('|') {
            Some((t, l)) => (t, Some(l)),
            None => (inner, None),
        };
        let shown = if let Some(id) = target.strip_prefix('@') {
            format!(
                "@{}",
                label
                    .map(str::to_string)
                    .or_else(|| user(id))
                    .unwrap_or_else(|| id.to_string())
            )
        } else if let Some(id) = target.strip_prefix('#') {
            format!(
                "#{}",
                label
                    .map(str::to_string)
                    .or_else(|| channel(id))
                    .unwrap_or_else(|| id.to_string())
            )
        } else if let Some(special) = target.strip_prefix('!') {
            match label {
                Some(l) => l.to_string(),
                None => format!("@{}", special.split('^').next().unwrap_or(special)),
            }
        } else {
            let url = target.strip_prefix("mailto:").unwrap_or(target);
            match label {
                Some(l) if l != url => format!("{l} ({url})"),
                _ => url.to_string(),
            }
        };
        out.push_str(&shown);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    collapse_spaces(&decode_entities(&out))
}

/// Runs of whitespace (line breaks included) as one space, trimmed.
pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_one_plain_line() {
        assert_eq!(
            html_to_text(
                "<p>We are <strong>investigating</strong> errors &amp; timeouts.</p><p>See <a href=\"https://status.example.com/x\">the page</a>.<br/>Latency &lt; 5&#8201;ms</p>"
            ),
            // A thin space is whitespace too, and becomes a plain one.
            "We are investigating errors & timeouts. See the page (https://status.example.com/x). Latency < 5 ms"
        );
        assert_eq!(html_to_text("a < b and c > d"), "a < b and c > d");
    }

    #[test]
    fn markdown_becomes_one_plain_line() {
        assert_eq!(
            markdown_to_text(
                "## Update\n- **Fixed** the `api` nodes\n- see [runbook](https://wiki/x)\n"
            ),
            "Update: Fixed the api nodes; see runbook (https://wiki/x)"
        );
    }

    #[test]
    fn slack_markup_becomes_readable() {
        let user = |id: &str| (id == "U1").then(|| "Ana Lima".to_string());
        let channel = |id: &str| (id == "C9").then(|| "ops".to_string());
        assert_eq!(
            slack_to_text(
                "<@U1> see <#C9> and <#C8|db>, <https://grafana/d/1|dashboard> <https://x.io> <!here> &lt;3 &amp;\nok",
                &user,
                &channel
            ),
            "@Ana Lima see #ops and #db, dashboard (https://grafana/d/1) https://x.io @here <3 & ok"
        );
        assert_eq!(slack_to_text("<@U7>", &user, &channel), "@U7");
    }
}
