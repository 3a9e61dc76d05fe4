//! `incident history`: the commits that changed a record, each summed up by meaning.

use serde::Serialize;

use incident::derive::diff::{Change, Clock, diff, summary_line};
use incident::files::git;
use incident::model::record::Incident;

use super::{CommandError, Context, Outcome, emit, json_text, zone_for};

/// List the commits that changed a record, newest first, each with what it changed.
///
/// Follows the file through renames. Each line reads `a1b2c3d 2026-11-30 Ana: +2 events,
/// status investigating → mitigated`; `incident diff ID REV~1 REV` shows one commit in full.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  incident history hk-zone-c
  incident history hk-zone-c --format json | jq '.[0].changes'
  incident diff hk-zone-c a1b2c3d~1 a1b2c3d    # one commit in full

See docs/git.md.")]
pub struct Args {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// `table` (one line per commit) or `json` (every change of every commit).
    #[arg(long, value_enum, default_value_t = HistoryFormat::Table)]
    pub format: HistoryFormat,

    /// Show times in this zone: UTC, local, an IANA name or an offset like +05:30
    /// (default: the incident's home zone).
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum HistoryFormat {
    Table,
    Json,
}

/// One commit of the history, as JSON shows it.
#[derive(Serialize)]
struct Entry {
    commit: String,
    short: String,
    date: String,
    author: String,
    subject: String,
    path: String,
    summary: String,
    changes: Vec<Change>,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let place = ctx.in_git(&args.incident)?;
    let commits = git::log(&place.top, &place.rel)?;
    if commits.is_empty() {
        return Err(
            CommandError::user(format!("{} has no commit yet", place.rel)).hinted(format!(
                "commit it first: git add {} && git commit",
                place.rel
            )),
        );
    }
    // Each version read once; a version that cannot be read is said so in its line.
    let versions: Vec<Result<Option<Incident>, String>> = commits
        .iter()
        .map(|c| match git::show_at(&place.top, &c.hash, &c.path) {
            Ok(None) => Ok(None),
            Ok(Some(bytes)) => {
                let label = format!("{}:{}", c.short, c.path);
                incident::files::load::parse_bytes(std::path::Path::new(&label), &bytes)
                    .map(|l| Some(l.incident))
                    .map_err(|p| p.message)
            }
            Err(e) => Err(e.to_string()),
        })
        .collect();
    let newest = versions
        .iter()
        .find_map(|v| v.as_ref().ok().cloned().flatten());
    let home = newest.as_ref().map_or("UTC", |i| i.timezone.as_str());
    let zone = zone_for(args.tz.as_deref(), home)?;
    let mut entries = Vec::new();
    for (i, c) in commits.iter().enumerate() {
        let older = versions.get(i + 1);
        let (summary, changes) = match (&versions[i], older) {
            (Err(why), _) => (format!("cannot read the record: {why}"), Vec::new()),
            (Ok(None), _) => ("removed the record".to_string(), Vec::new()),
            (Ok(Some(inc)), None | Some(Ok(None))) => {
                (format!("created \"{}\"", inc.title), Vec::new())
            }
            (Ok(Some(_)), Some(Err(_))) => (
                "(the version before cannot be read)".to_string(),
                Vec::new(),
            ),
            (Ok(Some(after)), Some(Ok(Some(before)))) => {
                let clock = Clock::for_record(after, zone);
                let changes = diff(before, after, &clock);
                (summary_line(&changes), changes)
            }
        };
        entries.push(Entry {
            commit: c.hash.clone(),
            short: c.short.clone(),
            date: c.date.clone(),
            author: c.author.clone(),
            subject: c.subject.clone(),
            path: c.path.clone(),
            summary,
            changes,
        });
    }
    let text = match args.format {
        HistoryFormat::Json => json_text(&entries)?,
        HistoryFormat::Table => entries
            .iter()
            .map(|e| {
                let line = format!(
                    "{} {} {}: {}\n",
                    e.short,
                    e.date.get(..10).unwrap_or(&e.date),
                    e.author,
                    e.summary
                );
                incident::model::text::visible(&line)
            })
            .collect(),
    };
    emit(&text)
}
