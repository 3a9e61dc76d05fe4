//! `incident diff`: what changed in a record between two versions, by meaning.

use serde::Serialize;

use incident::derive::diff::{Change, Clock, diff};
use incident::files::load::Loaded;

use super::{Context, Outcome, emit, json_text, zone_for};

/// Show what changed in a record, by meaning: events, windows, actions added or removed,
/// fields changed from one value to another.
///
/// With no revision, compares the working file with the last commit (HEAD); with one, the
/// working file with that revision; with two, the first revision with the second. Items are
/// matched as the merge driver matches them (events, actions and sources by id, services
/// and customers by name, windows by start and level), so moving or reformatting text
/// shows nothing. Always exits 0 when both versions can be read.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  incident diff hk-zone-c                    # working file against HEAD
  incident diff hk-zone-c HEAD~3             # working file against three commits ago
  incident diff hk-zone-c main my-branch     # one branch against another
  incident diff hk-zone-c HEAD~1 HEAD --format json

Lines read `+ event e17 10:00 action: Failover started`, `status: investigating → mitigated`,
`window OSS end: unknown → 18:26`. See docs/git.md.")]
pub struct Args {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The older version (default HEAD).
    #[arg(value_name = "REV")]
    pub from: Option<String>,

    /// The newer version (default: the working file).
    #[arg(value_name = "REV", requires = "from")]
    pub to: Option<String>,

    /// `table` (one line per change) or `json`.
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,

    /// Show times in this zone: UTC, local, an IANA name or an offset like +05:30
    /// (default: the incident's home zone).
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Table,
    Json,
}

/// The JSON shape of a diff.
#[derive(Serialize)]
struct DiffJson<'a> {
    record: &'a str,
    from: &'a str,
    to: &'a str,
    changes: &'a [Change],
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let place = ctx.in_git(&args.incident)?;
    let from_rev = args.from.as_deref().unwrap_or("HEAD");
    let before = place.read(from_rev)?;
    let (after, to_label): (Loaded, String) = match args.to.as_deref() {
        Some(rev) => (place.read(rev)?, rev.to_string()),
        None => (place.working()?, "working file".to_string()),
    };
    let zone = zone_for(args.tz.as_deref(), &after.incident.timezone)?;
    let clock = Clock::for_record(&after.incident, zone);
    let changes = diff(&before.incident, &after.incident, &clock);
    let text = match args.format {
        DiffFormat::Json => json_text(&DiffJson {
            record: &after.incident.id,
            from: from_rev,
            to: &to_label,
            changes: &changes,
        })?,
        DiffFormat::Table => {
            let mut s = format!(
                "{}: {from_rev} → {to_label}\n",
                incident::model::text::visible(&after.incident.id)
            );
            if changes.is_empty() {
                s.push_str("no change by meaning\n");
            }
            s.push_str(&incident::render::diff::lines(&changes));
            s
        }
    };
    emit(&text)
}
