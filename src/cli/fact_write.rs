//! What the fact commands (`cause`, `lesson`, `claim`, `count`, `loss`, `stated`,
//! `reference`, `region`, `role`, `update`) share: one write through the locked re-read path
//! (`files::write::update`, patching the text in place where it can), their times, and the
//! parsers for the words they take beyond the record's own.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use incident::derive::validate::validate;
use incident::model::chain::CauseList;
use incident::model::change::{self, EditError};
use incident::model::record::Incident;
use incident::model::time::{Instant, When, Zone};
use incident::model::time_input::Accept;

use super::write_args::{announce, report, tz_arg};
use super::{Context, Outcome};

/// The incident and the number (from 1) of one item of a fact list: what `loss rm`, `stated
/// rm` and `reference rm` take (each command keeps its own help and examples).
#[derive(Debug, clap::Args)]
pub struct Numbered {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// Its number, from 1.
    pub number: usize,
}

/// Removes item `item.number` with `rm` and says "removed WHAT N (how it read)".
pub fn rm_numbered<T>(
    ctx: &Context,
    item: &Numbered,
    what: &str,
    rm: fn(&mut Incident, usize) -> Result<T, EditError>,
    line: fn(&T) -> String,
) -> Outcome {
    write(
        ctx,
        &item.incident,
        None,
        |inc, _, _| rm(inc, item.number),
        |removed, _| format!("removed {what} {} ({})", item.number, line(removed)),
    )
}

/// Reads `text` given to `flag` as a time for the record (any form but an open end), in
/// `tz` or the record's home zone.
pub fn time(
    inc: &Incident,
    tz: Option<&Zone>,
    flag: &'static str,
    text: &str,
    now: Instant,
) -> Result<When, EditError> {
    let zone = change::zone_of(inc, tz)?;
    change::user_when(flag, Some(text), &zone, now, Some(inc), Accept::Time)
}

/// Makes one change to the record `incident` and reports it: `edit` gets the record, the
/// `--tz` zone and now; `headline` says what was done from what `edit` returned.
pub fn write<T>(
    ctx: &Context,
    incident: &str,
    tz: Option<&str>,
    edit: impl FnOnce(&mut Incident, Option<&Zone>, Instant) -> Result<T, EditError>,
    headline: impl FnOnce(&T, &Incident) -> String,
) -> Outcome {
    let path = ctx.resolve(incident)?;
    let tz = tz_arg(tz)?;
    let now = ctx.now;
    let done = incident::files::write::update(&path, &validate, |inc| {
        let id = inc.id.clone();
        edit(inc, tz.as_ref(), now).map_err(|e| naming(e, &id))
    })?;
    let line = format!(
        "{} in {}",
        headline(&done.value, &done.incident),
        done.incident.id
    );
    announce(
        ctx,
        &report(&line, &[], &path, &done),
        done.caveat.as_deref(),
    )
}

/// The error with the commands its hints name written for this incident: `incident cause
/// set ID …` becomes `incident cause set hk-zone-c …`, ready to run.
fn naming(e: EditError, id: &str) -> EditError {
    let fill = |h: String| {
        h.replace(" ID ", &format!(" {id} "))
            .replace(" ID`", &format!(" {id}`"))
    };
    match e {
        EditError::NotFound {
            what,
            given,
            known,
            hint,
        } => EditError::NotFound {
            what,
            given,
            known,
            hint: fill(hint),
        },
        EditError::Refused { why, hints } => EditError::Refused {
            why,
            hints: hints.into_iter().map(fill).collect(),
        },
        other => other,
    }
}

/// The kinds of cause as `--kind` takes them: `trigger`, `root`, `contributing`.
pub fn cause_kind() -> impl TypedValueParser<Value = CauseList> {
    PossibleValuesParser::new([
        PossibleValue::new("trigger").help("What set it off"),
        PossibleValue::new("root")
            .alias("root-causes")
            .help("A root cause: fixing it stops this happening again"),
        PossibleValue::new("contributing").help("A factor that made it worse or possible"),
    ])
    .map(|s| incident::model::fact_change::cause_list(&s).unwrap_or(CauseList::Trigger))
}

/// Reads a `--share` percentage: `40%`, `40`, `12.5%`.
pub fn percent(s: &str) -> Result<f64, String> {
    let t = s.trim().trim_end_matches('%').trim();
    match t.parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(format!(
            "expected a percentage from 0 to 100 such as 40%, not `{}`",
            incident::model::text::visible(s)
        )),
    }
}

/// Reads a number as people write it: `120`, `1.5`, `2300000`, `2,300,000`.
pub fn number(s: &str) -> Result<f64, String> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    match t.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(format!(
            "expected a number such as 120 or 1.5, not `{}`",
            incident::model::text::visible(s)
        )),
    }
}
