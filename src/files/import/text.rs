//! Chat and terminal logs: one message per line starting with its time, in one of three
//! shapes, continuation lines joined to the message before. Read line by line, so a large
//! log is never held in memory as text.

use std::io::BufRead;
use std::path::Path;

use chrono::{NaiveDate, NaiveTime};

use crate::files::import::ImportError;
use crate::model::vocab::words;

words! {
    /// The shape of a chat or terminal log's lines.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum ChatFormat {
        /// `[HH:MM] <nick> text` (IRC clients, seconds optional).
        Bracket = "bracket", "[HH:MM] <nick> text";
        /// `HH:MM:SS nick: text` (seconds optional).
        Clock = "clock", "HH:MM:SS nick: text";
        /// `YYYY-MM-DD HH:MM text` (terminal and server logs, seconds optional).
        Dated = "dated", "YYYY-MM-DD HH:MM text";
    }
}

/// One message of a log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatLine {
    /// The 1-based line the message starts on.
    pub line: usize,
    /// The date the line gives (the `dated` shape only).
    pub date: Option<NaiveDate>,
    pub time: NaiveTime,
    pub nick: Option<String>,
    /// The text, continuation lines joined with a space.
    pub text: String,
}

/// What was read: the shape used and the messages in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatLog {
    pub format: ChatFormat,
    pub lines: Vec<ChatLine>,
}

/// Reads a log. `format` `None` detects the shape from the first line that has one; every
/// other line either starts a message in that shape or continues the message before it.
/// Blank lines are skipped. A line before the first message, a time like `25:10`, or bytes
/// that are not UTF-8 are errors naming the line.
pub fn read_chat(
    path: &Path,
    mut input: impl BufRead,
    format: Option<ChatFormat>,
) -> Result<ChatLog, ImportError> {
    let mut format = format;
    let mut lines: Vec<ChatLine> = Vec::new();
    let mut raw = Vec::new();
    let mut number = 0;
    loop {
        raw.clear();
        let n = input
            .read_until(b'\n', &mut raw)
            .map_err(|e| ImportError::io(path, e))?;
        if n == 0 {
            break;
        }
        number += 1;
        let bad = |message: String| ImportError::Line {
            path: path.to_path_buf(),
            line: number,
            message,
        };
        let text =
            std::str::from_utf8(&raw).map_err(|_| bad("the line is not UTF-8 text".to_string()))?;
        let text = text.trim_end_matches(['\n', '\r']);
        let text = if number == 1 {
            text.trim_start_matches('\u{feff}')
        } else {
            text
        };
        if text.trim().is_empty() {
            continue;
        }
        let parsed = match format {
            Some(f) => parse_line(f, text).map(|p| (f, p)),
            None => ChatFormat::ALL
                .iter()
                .find_map(|&f| parse_line(f, text).map(|p| (f, p))),
        };
        match parsed {
            Some((f, Ok(p))) => {
                format = Some(f);
                lines.push(ChatLine {
                    line: number,
                    date: p.date,
                    time: p.time,
                    nick: p.nick,
                    text: p.text,
                });
            }
            Some((_, Err(message))) => return Err(bad(message)),
            None => match lines.last_mut() {
                Some(last) => {
                    if !last.text.is_empty() {
                        last.text.push(' ');
                    }
                    last.text.push_str(text.trim());
                }
                None => {
                    let expected = format.map_or_else(
                        || "no message starts here: expected a time first".to_string(),
                        |f| format!("no message starts here: expected `{}`", f.label()),
                    );
                    return Err(bad(expected));
                }
            },
        }
    }
    Ok(ChatLog {
        format: format.unwrap_or(ChatFormat::Bracket),
        lines,
    })
}

struct Parsed {
    date: Option<NaiveDate>,
    time: NaiveTime,
    nick: Option<String>,
    text: String,
}

/// `None` when the line does not start with this shape (a continuation line); `Some(Err)`
/// when it does but the time or date cannot be a real one.
fn parse_line(format: ChatFormat, line: &str) -> Option<Result<Parsed, String>> {
    match format {
        ChatFormat::Bracket => {
            let rest = line.strip_prefix('[')?;
            let (clock, rest) = rest.split_once(']')?;
            let clock = clock_shape(clock)?;
            let rest = rest.trim_start();
            let (nick, text) = match rest.strip_prefix('<').and_then(|r| r.split_once('>')) {
                Some((nick, text)) => (Some(nick.trim().to_string()), text.trim()),
                None => (None, rest.trim()),
            };
            Some(time_of(clock).map(|time| Parsed {
                date: None,
                time,
                nick,
                text: text.to_string(),
            }))
        }
        ChatFormat::Clock => {
            let (clock, rest) = line.split_once(' ')?;
            let clock = clock_shape(clock)?;
            let (nick, text) = rest.split_once(':')?;
            let nick = nick.trim();
            if nick.is_empty() || nick.contains(char::is_whitespace) {
                return None;
            }
            Some(time_of(clock).map(|time| Parsed {
                date: None,
                time,
                nick: Some(nick.to_string()),
                text: text.trim().to_string(),
            }))
        }
        ChatFormat::Dated => {
            let date = line.get(..10)?;
            let shaped = date.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
            let rest = line.get(10..)?;
            if !shaped || !(rest.starts_with(' ') || rest.starts_with('T')) {
                return None;
            }
            let rest = &rest[1..];
            let (clock, text) = rest.split_once(' ').unwrap_or((rest, ""));
            let clock = clock_shape(clock)?;
            let Ok(day) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
                return Some(Err(format!("`{date}` is not a date")));
            };
            let text = text.trim();
            let (nick, text) = match text.strip_prefix('<').and_then(|r| r.split_once('>')) {
                Some((nick, text)) => (Some(nick.trim().to_string()), text.trim()),
                None => (None, text),
            };
            Some(time_of(clock).map(|time| Parsed {
                date: Some(day),
                time,
                nick,
                text: text.to_string(),
            }))
        }
    }
}

/// The text when it is shaped like `HH:MM` or `HH:MM:SS` (one or two hour digits).
fn clock_shape(s: &str) -> Option<&str> {
    let parts: Vec<&str> = s.split(':').collect();
    let digits =
        |p: &str, lens: &[usize]| lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let ok = match parts.as_slice() {
        [h, m] => digits(h, &[1, 2]) && digits(m, &[2]),
        [h, m, sec] => digits(h, &[1, 2]) && digits(m, &[2]) && digits(sec, &[2]),
        _ => false,
    };
    ok.then_some(s)
}

fn time_of(clock: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(clock, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(clock, "%H:%M"))
        .map_err(|_| format!("`{clock}` is not a time of day"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, format: Option<ChatFormat>) -> Result<ChatLog, ImportError> {
        read_chat(Path::new("chat.log"), text.as_bytes(), format)
    }

    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M:%S").unwrap()
    }

    #[test]
    fn shapes_are_detected_and_continuations_join() {
        let log = read(
            "\n[23:58] <ana> db is slow\n  still slow\n[0:03] <bo> looking\n",
            None,
        )
        .unwrap();
        assert_eq!(log.format, ChatFormat::Bracket);
        assert_eq!(log.lines.len(), 2);
        assert_eq!(
            (
                log.lines[0].line,
                log.lines[0].time,
                log.lines[0].nick.as_deref(),
                log.lines[0].text.as_str()
            ),
            (2, t("23:58:00"), Some("ana"), "db is slow still slow")
        );
        assert_eq!((log.lines[1].line, log.lines[1].time), (4, t("00:03:00")));

        let log = read("09:15:02 ana: paging db\n09:16:40 bo: ack\n", None).unwrap();
        assert_eq!(log.format, ChatFormat::Clock);
        assert_eq!(log.lines[1].nick.as_deref(), Some("bo"));
        assert_eq!(log.lines[0].time, t("09:15:02"));

        let log = read(
            "2024-03-01 09:15 deploy started\n2024-03-01 09:20:05 <ci> deploy done\n",
            None,
        )
        .unwrap();
        assert_eq!(log.format, ChatFormat::Dated);
        assert_eq!(log.lines[0].date, NaiveDate::from_ymd_opt(2024, 3, 1));
        assert_eq!(log.lines[0].nick, None);
        assert_eq!(log.lines[1].nick.as_deref(), Some("ci"));
        assert_eq!(log.lines[1].text, "deploy done");
    }

    #[test]
    fn bad_lines_name_their_line() {
        let e = read("hello\n[09:00] <a> x\n", None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "chat.log:1: no message starts here: expected a time first"
        );
        let e = read("[09:00] <a> x\n[25:10] <a> y\n", None).unwrap_err();
        assert_eq!(e.to_string(), "chat.log:2: `25:10` is not a time of day");
        let e = read("x\n", Some(ChatFormat::Clock)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "chat.log:1: no message starts here: expected `HH:MM:SS nick: text`"
        );
        let e = read_chat(Path::new("c"), &b"[09:00] <a> \xff\n"[..], None).unwrap_err();
        assert_eq!(e.to_string(), "c:1: the line is not UTF-8 text");
    }
}
