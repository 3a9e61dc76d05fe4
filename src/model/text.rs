//! Text helpers shared by the core and the renderers: making control characters visible,
//! slugs for ids, display widths, and cutting text to a width.

use std::path::Path;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Replaces characters that can drive a terminal or hide what text says with visible
/// stand-ins, so record text (and file names) can never do either. Newlines and tabs are
/// kept. This is the one function every byte of record text or file name passes through on
/// its way to a terminal, a Markdown, HTML or CSV document, or a message:
///
/// - C0 controls become the Control Pictures `␀` … `␟` (`␛` for ESC), DEL becomes `␡`;
/// - C1 controls (U+0080–U+009F, among them CSI and OSC), bidirectional overrides, embeddings
///   and isolates (U+202A–U+202E, U+2066–U+2069), the direction marks (U+200E, U+200F,
///   U+061C), zero-width characters (U+200B–U+200D, U+2060–U+2064, U+FEFF) and the line and
///   paragraph separators (U+2028, U+2029) become `\u{…}`.
///
/// The one exception is a zero-width joiner between two emoji (`👩‍🔧` is 👩, U+200D, 🔧):
/// there it is what joins them into one picture, and shows nothing else.
pub fn visible(s: &str) -> String {
    if !s.chars().any(is_hostile) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev: Option<char> = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let joins_emoji = c == ZWJ
            && prev.is_some_and(is_emoji_part)
            && chars.peek().copied().is_some_and(is_pictographic);
        if is_hostile(c) && !joins_emoji {
            match c as u32 {
                // U+2400 block: ␀ … ␟, and ␡ for DEL.
                n @ 0..=0x1f => out.push(char::from_u32(0x2400 + n).unwrap_or('?')),
                0x7f => out.push('\u{2421}'),
                n => out.push_str(&format!("\\u{{{n:x}}}")),
            }
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// A path as text, made [`visible`]: file names may hold escapes too.
pub fn visible_path(path: &Path) -> String {
    visible(&path.display().to_string())
}

/// Visible text on one line: newlines become `⏎ ` so a cell or message stays one line.
pub fn one_line(s: &str) -> String {
    visible(&s.replace("\r\n", "\n").replace('\n', " ⏎ "))
}

const ZWJ: char = '\u{200d}';

/// True for the characters [`visible`] replaces (see there), zero-width joiners included.
pub fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_invisible_format(c)
}

/// Format characters that change how text around them is shown, or show nothing: the
/// direction marks, embeddings, overrides and isolates, zero-width characters, and the line
/// and paragraph separators. JSON output escapes the same set.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Pictographs a zero-width joiner may join (emoji blocks, arrows, symbols, dingbats): an
/// approximation of Unicode's Extended_Pictographic that covers every emoji ZWJ sequence.
fn is_pictographic(c: char) -> bool {
    matches!(
        c,
        '\u{00a9}'
            | '\u{00ae}'
            | '\u{203c}'
            | '\u{2049}'
            | '\u{2122}'
            | '\u{2139}'
            | '\u{2190}'..='\u{21ff}'
            | '\u{2300}'..='\u{23ff}'
            | '\u{2460}'..='\u{27bf}'
            | '\u{2900}'..='\u{297f}'
            | '\u{2b00}'..='\u{2bff}'
            | '\u{3030}'
            | '\u{303d}'
            | '\u{3297}'
            | '\u{3299}'
            | '\u{1f000}'..='\u{1faff}'
    )
}

/// What may come right before a joiner inside an emoji sequence: a pictograph, or what
/// modifies one (variation selector 16, skin tones).
fn is_emoji_part(c: char) -> bool {
    is_pictographic(c) || c == '\u{fe0f}'
}

/// The text with its first letter in upper case, for headings made of labels: `At risk`.
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Display width in terminal columns (wide CJK characters count two).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max_cols` display columns, ending in `ellipsis` when anything was cut;
/// `s` unchanged when it fits. Cuts fall between grapheme clusters — what a reader sees as one
/// character, such as `é` written as `e` + U+0301, or `👩‍🔧` (three code points joined) —
/// never inside one, and wide characters count two columns. When even the ellipsis is wider
/// than `max_cols`, the text is cut without it. Every renderer that shortens a label uses this.
pub fn cut_to_width(s: &str, max_cols: usize, ellipsis: &str) -> String {
    if width(s) <= max_cols {
        return s.to_string();
    }
    let ellipsis = if width(ellipsis) <= max_cols {
        ellipsis
    } else {
        ""
    };
    let room = max_cols - width(ellipsis);
    let mut out = String::new();
    // A running sum of cluster widths, so a long text costs one pass.
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w > room {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push_str(ellipsis);
    out
}

/// `s` on one line, shortened to at most `max_cols` display columns **between words**, ending
/// in `ellipsis` when anything was left out; when cutting between words would leave a third of
/// the room unused (a first word too long for it, or a long run of text written without spaces),
/// the text is cut inside a word instead (by [`cut_to_width`]). For labels that name something by its text: chart key events.
pub fn cut_at_word(s: &str, max_cols: usize, ellipsis: &str) -> String {
    let line = one_line(s);
    let line = line.trim();
    if width(line) <= max_cols {
        return line.to_string();
    }
    let room = max_cols.saturating_sub(width(ellipsis));
    let mut out = String::new();
    for word in line.split_whitespace() {
        let next = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if width(&next) > room {
            break;
        }
        out = next;
    }
    // A first word too long for the room, or a long word (text in a script written without
    // spaces, such as Chinese) that would leave a third of the room unused, is cut inside.
    if width(&out) * 3 < room * 2 {
        return cut_to_width(line, max_cols, ellipsis);
    }
    // A word ending in punctuation reads better without it before the ellipsis.
    let out = out.trim_end_matches([',', ';', ':', '.']);
    format!("{out}{ellipsis}")
}

/// A lower-case ASCII slug of `title` for ids and file names: letters and digits kept,
/// everything else folded into single dashes. Titles with no ASCII letters or digits (`事故`)
/// are spelled as hexadecimal code points so the id stays readable, unique and safe.
pub fn slug(title: &str, max_len: usize) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(&format!("u{:x}", c as u32));
            dash = true;
        } else {
            dash = true;
        }
        // One character past the limit shows whether the cut falls between words.
        if out.len() > max_len {
            break;
        }
    }
    let mut s: String = out.chars().take(max_len).collect();
    // Cut on a word boundary: drop a word the limit would cut in two, unless that leaves
    // less than half the room (one very long word is cut where it must be).
    if out.len() > max_len
        && out.as_bytes().get(max_len) != Some(&b'-')
        && let Some(at) = s.rfind('-').filter(|at| *at >= max_len / 2)
    {
        s.truncate(at);
    }
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() {
        s.push_str("incident");
    }
    s
}

/// True when `id` is a safe record id: ASCII letters, digits, `-`, `_` and `.`, not starting
/// with a dot, at most 200 bytes. Such an id can never name a path outside its folder.
pub fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The known values nearest to `given` by edit distance, ignoring case — all of those at the
/// smallest distance, up to five — or none when none is near enough to be a likely typo (more
/// than a third of the typed length, plus one, away). The one rule behind every "did you mean".
pub fn nearest<'a>(given: &str, known: &'a [String]) -> Vec<&'a String> {
    // Edit distance is quadratic: a pasted paragraph gets no suggestion.
    if given.chars().count() > 200 {
        return Vec::new();
    }
    let typed = given.to_lowercase();
    let limit = typed.chars().count() / 3 + 1;
    let scored: Vec<(usize, &String)> = known
        .iter()
        .map(|k| (strsim::levenshtein(&typed, &k.to_lowercase()), k))
        .filter(|(d, _)| *d <= limit)
        .collect();
    let Some(best) = scored.iter().map(|(d, _)| *d).min() else {
        return Vec::new();
    };
    scored
        .into_iter()
        .filter(|(d, _)| *d == best)
        .take(5)
        .map(|(_, k)| k)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible() {
        assert_eq!(visible("a\u{1b}[31mred"), "a\u{241b}[31mred");
        assert_eq!(visible("plain 澳門"), "plain 澳門");
        assert_eq!(one_line("a\nb"), "a ⏎ b");
    }

    #[test]
    fn labels_are_cut_between_words() {
        assert_eq!(
            cut_at_word("Four chillers back", 40, "…"),
            "Four chillers back"
        );
        assert_eq!(
            cut_at_word(
                "Four chillers were back at normal cooling capacity.",
                30,
                "…"
            ),
            "Four chillers were back at…"
        );
        assert_eq!(cut_at_word("Servers, restarted", 9, "…"), "Servers…");
        assert_eq!(cut_at_word("Supercalifragilistic", 8, "…"), "Superca…");
        // Text written without spaces is cut inside rather than dropped whole.
        assert_eq!(
            cut_at_word(
                "Alibaba published 《关于阿里云香港Region的说明》 today",
                30,
                "…"
            ),
            "Alibaba published 《关于阿里…"
        );
        assert_eq!(
            cut_at_word("line one\nline two", 40, "…"),
            "line one ⏎ line two"
        );
    }

    #[test]
    fn bidi_zero_width_and_separators_become_visible() {
        assert_eq!(visible("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(visible("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(
            visible("\u{200e}\u{200f}\u{61c}"),
            "\\u{200e}\\u{200f}\\u{61c}"
        );
        assert_eq!(
            visible("ad\u{200b}min\u{feff}\u{2060}"),
            "ad\\u{200b}min\\u{feff}\\u{2060}"
        );
        assert_eq!(visible("a\u{2028}b\u{2029}"), "a\\u{2028}b\\u{2029}");
        // OSC 52 (set the clipboard) written with the 8-bit OSC and ST.
        assert_eq!(visible("\u{9d}52;c;eA==\u{9c}"), "\\u{9d}52;c;eA==\\u{9c}");
        // A joiner between emoji joins them; anywhere else it is shown.
        assert_eq!(visible(WORKER), WORKER);
        assert_eq!(visible("👁\u{fe0f}\u{200d}🗨"), "👁\u{fe0f}\u{200d}🗨");
        assert_eq!(visible("ab\u{200d}cd"), "ab\\u{200d}cd");
        assert_eq!(visible("🔧\u{200d}"), "🔧\\u{200d}");
        // Visible text stays as it is when shown again.
        let once = visible("\u{1b}]0;x\u{7}\u{202e}\u{200b}");
        assert_eq!(visible(&once), once);
        assert_eq!(
            visible_path(Path::new("in\u{1b}[2J.ron")),
            "in\u{241b}[2J.ron"
        );
    }

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slug("Payments DB failover", 60), "payments-db-failover");
        assert_eq!(slug("../../etc/passwd", 60), "etc-passwd");
        assert_eq!(slug("事故", 60), "u4e8b-u6545");
        assert_eq!(slug("", 60), "incident");
        // Cut between words, never inside one.
        assert_eq!(slug("Payments DB failover", 12), "payments-db");
        assert_eq!(slug("Payments DB failover", 11), "payments-db");
        assert_eq!(slug("Payments DB failover", 10), "payments");
        // A single word longer than the room is cut where it must be.
        assert_eq!(slug("Supercalifragilistic outage", 8), "supercal");
        let long =
            "Alibaba Cloud Hong Kong Region Zone C outage: chiller failure and fire sprinkler";
        assert_eq!(
            slug(long, 60),
            "alibaba-cloud-hong-kong-region-zone-c-outage-chiller-failure"
        );
        assert!(is_safe_id(&slug("../../etc/passwd", 60)));
        assert!(!is_safe_id("../x"));
        assert!(!is_safe_id(".hidden"));
    }

    #[test]
    fn wide_characters_count_double() {
        assert_eq!(width("澳門"), 4);
        assert_eq!(width("MFood"), 5);
    }

    const WORKER: &str = "👩\u{200d}🔧";
    const E_ACUTE: &str = "e\u{301}";

    #[test]
    fn text_that_fits_is_not_cut() {
        assert_eq!(cut_to_width("OSS (Zone C)", 12, "…"), "OSS (Zone C)");
        assert_eq!(cut_to_width("澳門", 4, "…"), "澳門");
        assert_eq!(cut_to_width("", 0, "…"), "");
    }

    #[test]
    fn cuts_fall_between_whole_characters() {
        // The worker emoji is one cluster two columns wide: kept whole or dropped whole.
        let label = format!("ab{WORKER}cd");
        assert_eq!(width(&label), 6);
        assert_eq!(cut_to_width(&label, 5, "…"), format!("ab{WORKER}…"));
        assert_eq!(cut_to_width(&label, 4, "…"), "ab…");
        assert_eq!(cut_to_width(&label, 3, "…"), "ab…");
        // The accent stays on its letter.
        let cafe = format!("caf{E_ACUTE} noir");
        assert_eq!(cut_to_width(&cafe, 5, "…"), format!("caf{E_ACUTE}…"));
        assert_eq!(cut_to_width(&cafe, 4, "…"), "caf…");
        // A wide character that would straddle the edge is left out, not halved.
        assert_eq!(cut_to_width("澳門日報", 4, "…"), "澳…");
        assert_eq!(cut_to_width("澳門日報", 6, "..."), "澳...");
    }

    #[test]
    fn an_ellipsis_too_wide_for_the_room_is_dropped() {
        assert_eq!(cut_to_width("abcdef", 2, "..."), "ab");
        assert_eq!(cut_to_width("澳門", 1, "…"), "…");
        assert_eq!(cut_to_width("澳門", 0, "…"), "");
    }

    /// The pieces labels are made of in the property below: ASCII, a combining accent, a
    /// joined emoji, wide CJK, a flag (two regional indicators), a space.
    fn piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "a", "Z", "7", " ", "-", E_ACUTE, WORKER, "澳", "門", "🙂", "🇭🇰", "…",
        ])
    }

    proptest::proptest! {
        #[test]
        fn cut_text_fits_and_keeps_whole_clusters(
            pieces in proptest::collection::vec(piece(), 0..24),
            max in 0usize..30,
            ascii in proptest::bool::ANY,
        ) {
            let ellipsis = if ascii { "..." } else { "…" };
            let s: String = pieces.concat();
            let cut = cut_to_width(&s, max, ellipsis);
            proptest::prop_assert!(width(&cut) <= max, "{cut:?} is wider than {max}");
            if width(&s) <= max {
                proptest::prop_assert_eq!(&cut, &s);
            } else {
                // What is kept is a run of whole pieces from the start, then the ellipsis
                // (or nothing, when the ellipsis alone is too wide).
                let kept = cut.strip_suffix(ellipsis).filter(|_| width(ellipsis) <= max);
                let kept = kept.unwrap_or(&cut);
                let mut prefix = String::new();
                let mut whole = kept.is_empty().then_some(0);
                for (i, p) in pieces.iter().enumerate() {
                    if whole.is_some() || prefix.len() >= kept.len() {
                        break;
                    }
                    prefix.push_str(p);
                    if prefix == kept {
                        whole = Some(i + 1);
                    }
                }
                let Some(n) = whole else {
                    return Err(proptest::test_runner::TestCaseError::fail(format!(
                        "{kept:?} splits a piece of {pieces:?}"
                    )));
                };
                // And no more was cut than needed: the next piece would not have fitted.
                let room = max.checked_sub(width(ellipsis)).unwrap_or(max);
                let next = pieces.get(n).map_or(0, |p| width(p));
                proptest::prop_assert!(width(kept) + next > room || next == 0);
            }
        }
    }
}
