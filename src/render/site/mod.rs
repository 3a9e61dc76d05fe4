//! The static site's pages (`incident site`): `index.html`, `actions.html`, `stats.html`,
//! `feed.xml`, `index.json`, and each incident's page (the HTML postmortem with a way back).
//!
//! Every page is self-contained: its style and script are inline, allowed by a
//! Content-Security-Policy that names their SHA-256 hashes and nothing else, so no other
//! script, style, image or connection can run. Links are relative, so the site works from
//! `file://` and under any path. Nothing here reads the clock: the as-of day is a parameter.

mod charts;
mod pages;

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::derive::site::Site;
use crate::render::html::escape;

pub use pages::{actions, feed, index, index_json, stats};

/// The one stylesheet, inline on every site page (hashed into the policy).
pub const CSS: &str = include_str!("site.css");
/// The index page's script: filtering and sorting (hashed into the policy).
pub const SCRIPT: &str = include_str!("site.js");

/// The colours of severity levels by rank, worst first; a scale longer than this repeats
/// the last. White text on each, or each as text on white, has a contrast ratio of at least
/// 4.5:1 (WCAG AA; see [`contrast_ratio`] and docs/site.md). The first four are the badges'
/// colours in `site.css` (`.sev1` … `.sev4`).
pub const SEVERITY_COLOURS: [&str; 7] = [
    "#b3261e", "#a33b00", "#7a5c00", "#1d5c96", "#5b3f8c", "#2d6a3e", "#4a4f57",
];

/// The colour of the level of rank `rank` (0 the worst).
pub fn severity_colour(rank: usize) -> &'static str {
    SEVERITY_COLOURS[rank.min(SEVERITY_COLOURS.len() - 1)]
}

/// The WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21).
pub fn contrast_ratio(a: &str, b: &str) -> f64 {
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let v = u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
            let c = f64::from(v) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// `'sha256-…'`: the CSP source that allows exactly this inline block.
pub fn csp_hash(block: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(block.as_bytes())))
}

/// Standard base64 with padding (RFC 4648), for CSP hashes.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The site's pages, for the navigation bar: (file, label).
const NAV: [(&str, &str); 3] = [
    ("index.html", "Incidents"),
    ("actions.html", "Action items"),
    ("stats.html", "Statistics"),
];

/// A whole page: head with the policy, navigation, `<main>` holding `body`.
fn page(site: &Site, file: &str, heading: &str, body: &str, script: bool) -> String {
    let mut policy = format!("default-src 'none'; style-src {}", csp_hash(CSS));
    if script {
        let _ = write!(policy, "; script-src {}", csp_hash(SCRIPT));
    }
    policy.push_str("; base-uri 'none'; form-action 'none'");
    let mut o = String::with_capacity(body.len() + CSS.len() + SCRIPT.len() + 1024);
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        o,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">"
    );
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        o,
        "<title>{} — {}</title>",
        escape(heading),
        escape(&site.title)
    );
    o.push_str("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"feed.xml\">\n");
    let _ = writeln!(o, "<style>{CSS}</style>\n</head>\n<body>");
    let _ = writeln!(
        o,
        "<header>\n<p class=\"site\">{}</p>\n{}</header>",
        escape(&site.title),
        nav(file)
    );
    let _ = writeln!(o, "<main>\n<h1>{}</h1>", escape(heading));
    o.push_str(body);
    o.push_str("</main>\n");
    if script {
        let _ = writeln!(o, "<script>{SCRIPT}</script>");
    }
    o.push_str("</body>\n</html>\n");
    o
}

fn nav(current: &str) -> String {
    let mut o = String::from("<nav aria-label=\"Site\"><ul>");
    for (file, label) in NAV {
        let here = if file == current {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = write!(o, "<li><a href=\"{file}\"{here}>{label}</a></li>");
    }
    o.push_str("<li><a href=\"feed.xml\">Atom feed</a></li></ul></nav>\n");
    o
}

/// An incident's page: the HTML postmortem (`summary_html`) with a link back to the index
/// at the top. `page_html` is that postmortem; pages live one folder down (`incidents/`).
pub fn incident_page(page_html: &str, site_title: &str) -> String {
    let back = format!(
        "<body>\n<nav aria-label=\"Site\"><p><a href=\"../index.html\">← {}: all incidents</a> · <a href=\"../actions.html\">Action items</a> · <a href=\"../stats.html\">Statistics</a></p></nav>\n",
        escape(site_title)
    );
    page_html.replacen("<body>\n", &back, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_hashes_match_known_values() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        // echo -n 'abc' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            csp_hash("abc"),
            "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"
        );
    }

    #[test]
    fn severity_colours_have_enough_contrast_with_white() {
        for (rank, c) in SEVERITY_COLOURS.iter().enumerate() {
            let r = contrast_ratio(c, "#ffffff");
            assert!(r >= 4.5, "{rank}: {r:.2}");
        }
        // The ratios docs/site.md states.
        let r = |s| format!("{:.2}", contrast_ratio(severity_colour(s), "#ffffff"));
        assert_eq!(r(0), "6.54");
        assert_eq!(r(1), "6.60");
        assert_eq!(r(2), "6.25");
        assert_eq!(r(3), "6.95");
        assert_eq!(
            format!("{:.2}", contrast_ratio("#000000", "#ffffff")),
            "21.00"
        );
    }
}
