//! A Slack workspace export: `users.json`, `channels.json` and one folder per channel holding
//! `YYYY-MM-DD.json` files, each an array of messages. Day files are read one at a time, so
//! a large export is never held in memory as text.

use std::collections::HashMap;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::files::import::ImportError;

#[derive(Deserialize)]
struct RawUser {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    real_name: Option<String>,
    #[serde(default)]
    profile: Option<RawProfile>,
}

#[derive(Deserialize, Default)]
struct RawProfile {
    #[serde(default)]
    real_name: Option<String>,
    #[serde(default)]
    display_name: Option<String>,
}

#[derive(Deserialize)]
struct RawChannel {
    id: String,
    name: String,
}

#[derive(Deserialize)]
struct RawMessage {
    #[serde(default)]
    subtype: Option<String>,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    bot_id: Option<String>,
    #[serde(default)]
    bot_profile: Option<RawBot>,
    #[serde(default)]
    user_profile: Option<RawProfile>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    ts: Option<String>,
    #[serde(default)]
    thread_ts: Option<String>,
    #[serde(default)]
    edited: Option<serde_json::Value>,
    #[serde(default)]
    reactions: Vec<RawReaction>,
    #[serde(default)]
    pinned_to: Vec<String>,
    /// The message as changed, in a `message_changed` entry.
    #[serde(default)]
    message: Option<Box<RawMessage>>,
    /// The message removed, in a `message_deleted` entry.
    #[serde(default)]
    deleted_ts: Option<String>,
}

#[derive(Deserialize)]
struct RawBot {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct RawReaction {
    name: String,
}

/// One message of the channel, as the export holds it once edits and deletions are applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlackMessage {
    /// The message's `ts` as written (`1709283900.000100`): unique within the channel.
    pub ts: String,
    /// `ts` as seconds and microseconds since 1970.
    pub seconds: i64,
    pub micros: u32,
    /// The thread's parent `ts` for a reply; `None` for a message that is not a reply
    /// (a parent's own `thread_ts` equals its `ts` and is dropped).
    pub thread_ts: Option<String>,
    /// `channel_join`, `channel_leave`, `bot_message`, … as Slack names it.
    pub subtype: Option<String>,
    /// The author's real name (or the bot's name), else the user id.
    pub author: Option<String>,
    /// Sent by a bot or an integration.
    pub bot: bool,
    /// The text with Slack's markup still in it (see `files::import::markup::slack_to_text`).
    pub text: String,
    pub edited: bool,
    pub pinned: bool,
    /// Names of the reactions on it (`pushpin`, `eyes`).
    pub reactions: Vec<String>,
}

/// The parts of an export one channel's import needs.
#[derive(Clone, Debug)]
pub struct SlackChannel {
    pub id: String,
    pub name: String,
    /// Real names by user id.
    pub users: HashMap<String, String>,
    /// Channel names by id, for `<#C123>` links.
    pub channels: HashMap<String, String>,
    /// Messages in `ts` order.
    pub messages: Vec<SlackMessage>,
}

/// Reads the channel `name` (or id) of the export in `dir`. Day files whose date lies outside
/// `days` (inclusive, when given) are not read.
pub fn read_channel(
    dir: &Path,
    name: &str,
    days: Option<(NaiveDate, NaiveDate)>,
) -> Result<SlackChannel, ImportError> {
    let users_path = dir.join("users.json");
    let users: Vec<RawUser> = read_json(&users_path)?;
    let users: HashMap<String, String> = users
        .into_iter()
        .map(|u| {
            let profile = u.profile.unwrap_or_default();
            let real = [profile.real_name, u.real_name, profile.display_name]
                .into_iter()
                .flatten()
                .find(|n| !n.trim().is_empty())
                .unwrap_or(u.name);
            (u.id, real)
        })
        .collect();
    let channels_path = dir.join("channels.json");
    let list: Vec<RawChannel> = read_json(&channels_path)?;
    let wanted = name.trim_start_matches('#');
    let Some(found) = list.iter().find(|c| c.name == wanted || c.id == wanted) else {
        let known: Vec<&str> = list.iter().map(|c| c.name.as_str()).collect();
        return Err(ImportError::value(
            &channels_path,
            "[]",
            format!(
                "no channel `{wanted}` in the export; its channels: {}",
                known.join(", ")
            ),
        ));
    };
    let (id, channel_name) = (found.id.clone(), found.name.clone());
    let channels: HashMap<String, String> = list.into_iter().map(|c| (c.id, c.name)).collect();
    let folder = dir.join(&channel_name);
    let mut files: Vec<(NaiveDate, PathBuf)> = std::fs::read_dir(&folder)
        .map_err(|e| ImportError::io(&folder, e))?
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let stem = path.file_name()?.to_str()?.strip_suffix(".json")?;
            let day = NaiveDate::parse_from_str(stem, "%Y-%m-%d").ok()?;
            Some((day, path))
        })
        .filter(|(day, _)| days.is_none_or(|(from, to)| *day >= from && *day <= to))
        .collect();
    files.sort();
    let mut messages: Vec<SlackMessage> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut deleted: Vec<String> = Vec::new();
    for (_, path) in &files {
        let day: Vec<RawMessage> = read_json(path)?;
        for (i, raw) in day.into_iter().enumerate() {
            let at = |field: &str| format!("[{i}].{field}");
            match raw.subtype.as_deref() {
                Some("message_changed") => {
                    // The export usually already holds the latest text; an explicit change
                    // entry, where present, wins over what came before it.
                    let Some(new) = raw.message else {
                        return Err(ImportError::value(
                            path,
                            at("message"),
                            "a message_changed entry has no `message`",
                        ));
                    };
                    let ts = new.ts.clone().unwrap_or_default();
                    if let Some(&k) = index.get(&ts) {
                        messages[k].text = new.text;
                        messages[k].edited = true;
                    }
                    continue;
                }
                Some("message_deleted") => {
                    deleted.extend(raw.deleted_ts);
                    continue;
                }
                _ => {}
            }
            let Some(ts) = raw.ts.clone() else {
                return Err(ImportError::value(
                    path,
                    at("ts"),
                    "the message has no `ts`",
                ));
            };
            let Some((seconds, micros)) = parse_ts(&ts) else {
                return Err(ImportError::value(
                    path,
                    at("ts"),
                    format!("`{ts}` is not a Slack timestamp (seconds.microseconds)"),
                ));
            };
            let bot = raw.bot_id.is_some() || raw.subtype.as_deref() == Some("bot_message");
            let author = raw
                .user
                .as_ref()
                .and_then(|u| users.get(u).cloned())
                .or_else(|| {
                    raw.user_profile
                        .and_then(|p| p.real_name.filter(|n| !n.trim().is_empty()))
                })
                .or(raw.bot_profile.and_then(|b| b.name))
                .or(raw.username)
                .or(raw.user);
            let thread_ts = raw.thread_ts.filter(|t| *t != ts);
            let message = SlackMessage {
                ts: ts.clone(),
                seconds,
                micros,
                thread_ts,
                subtype: raw.subtype,
                author,
                bot,
                text: raw.text,
                edited: raw.edited.is_some(),
                pinned: !raw.pinned_to.is_empty(),
                reactions: raw.reactions.into_iter().map(|r| r.name).collect(),
            };
            match index.get(&ts) {
                // The same ts twice (a reply exported in both day files): the later wins.
                Some(&k) => messages[k] = message,
                None => {
                    index.insert(ts, messages.len());
                    messages.push(message);
                }
            }
        }
    }
    if !deleted.is_empty() {
        messages.retain(|m| !deleted.contains(&m.ts));
    }
    messages.sort_by_key(|m| (m.seconds, m.micros));
    Ok(SlackChannel {
        id,
        name: channel_name,
        users,
        channels,
        messages,
    })
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, ImportError> {
    let file = std::fs::File::open(path).map_err(|e| ImportError::io(path, e))?;
    serde_json::from_reader(BufReader::new(file)).map_err(|e| ImportError::json(path, &e))
}

/// `1709283900.000100` → (1709283900, 100).
fn parse_ts(ts: &str) -> Option<(i64, u32)> {
    let (s, frac) = ts.split_once('.').unwrap_or((ts, ""));
    let seconds = s.parse().ok()?;
    if frac.len() > 6 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let micros = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<6}").parse().ok()?
    };
    Some((seconds, micros))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_seconds_and_microseconds() {
        assert_eq!(parse_ts("1709283900.000100"), Some((1709283900, 100)));
        assert_eq!(parse_ts("1709283900.5"), Some((1709283900, 500000)));
        assert_eq!(parse_ts("1709283900"), Some((1709283900, 0)));
        assert_eq!(parse_ts("soon"), None);
        assert_eq!(parse_ts("1.1234567"), None);
    }
}
