//! `incident new`: start a record.

use std::path::PathBuf;

use incident::derive::validate::validate;
use incident::files::store::{self, StoreError};
use incident::model::change::{self, NewRecord};
use incident::model::time::{self, Zone};

use super::write_args::{KindArg, SeverityArg, announce, shown, warning_lines};
use super::{CommandError, Context, Outcome};

/// Start a new incident record in the incidents folder (status Investigating).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident new --title \"Payments DB failover\" --severity sev2\n  incident new --title \"Checkout errors\" --severity sev3 --started 09:12 --tz Europe/Berlin\n  incident new --title \"Game day\" --severity sev4 --kind drill --dir incidents\n\nThe id is the start date in the home zone and a slug of the title: 2024-03-01-payments-db-failover.\nAn existing record is never overwritten. Without an incidents folder, pass --dir DIR to create one."
)]
pub struct Args {
    /// What happened, in a few words; any language.
    #[arg(long)]
    pub title: String,

    /// How bad it is: sev1 (worst) to sev4.
    #[arg(long, value_enum, ignore_case = true)]
    pub severity: SeverityArg,

    /// When impact began: RFC 3339, `YYYY-MM-DD HH:MM` or `HH:MM` (today) in the home zone
    /// (default: now). See docs/time-input.md.
    #[arg(long, value_name = "TIME")]
    pub started: Option<String>,

    /// The home time zone, an IANA name like Europe/Berlin (default: your zone if it can be
    /// named, else UTC).
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    /// Whether it really happened.
    #[arg(long, value_enum, ignore_case = true, default_value_t = KindArg::Real)]
    pub kind: KindArg,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let dir = incidents_dir(ctx)?;
    let (tz, zone_note) = home_zone(args.tz.as_deref(), ctx.now)?;
    let zone = Zone::Named(tz);
    // No record yet, so nothing to check a bare time against: it is simply today.
    let started = change::user_instant("--started", args.started.as_deref(), &zone, ctx.now, None)?;
    let inc = change::new_record(&NewRecord {
        title: args.title.clone(),
        severity: args.severity.into(),
        kind: args.kind.into(),
        started,
        timezone: tz.name().to_string(),
        zone,
    })?;
    let path = dir.join(format!("{}.ron", inc.id));
    let created = incident::files::write::create(&path, &inc, &validate)?;
    let mut out = format!(
        "created {}\n  file: {}\n  home zone: {}\n  started: {}\n  status: Investigating\n",
        inc.id,
        shown(&path),
        zone_note,
        started.rfc3339()
    );
    out.push_str(&warning_lines(&created.warnings));
    out.push_str(&format!(
        "next: incident log {} \"what happened\"\n",
        inc.id
    ));
    announce(&out, created.caveat.as_deref())
}

/// The incidents folder; `--dir` (or INCIDENT_DIR) names one to create if it is missing.
fn incidents_dir(ctx: &Context) -> Result<PathBuf, CommandError> {
    if let Some(d) = &ctx.dir_arg
        && !d.exists()
    {
        std::fs::create_dir_all(d).map_err(|e| {
            CommandError::io(
                &format!("cannot create the incidents folder {}", d.display()),
                &e,
            )
        })?;
        return Ok(d.clone());
    }
    let cwd = super::current_dir()?;
    store::find_dir(ctx.dir_arg.as_deref(), &cwd).map_err(|e| match e {
        // `new` creates the folder it is given, so its advice differs from other commands'.
        e @ StoreError::NoFolder { .. } => CommandError::user(e.to_string()).hinted(
            "create one with `mkdir incidents`, or give the folder with --dir (for example `incident new --dir incidents …`) and it will be created",
        ),
        other => other.into(),
    })
}

/// The home zone and how it was chosen, for the output.
fn home_zone(
    arg: Option<&str>,
    now: incident::model::time::Instant,
) -> Result<(chrono_tz::Tz, String), CommandError> {
    if let Some(name) = arg.filter(|n| !n.eq_ignore_ascii_case("local")) {
        if let Some(offset) = time::parse_offset(name.trim()) {
            return offset_home_zone(offset, now);
        }
        // The usual zone hints offer offsets; a home zone must be a name, so say that.
        let tz = time::parse_iana(name).map_err(|e| {
            CommandError::usage(e.to_string())
                .hinted(
                    "a home zone is an IANA name such as Europe/Berlin or UTC, or a whole-hour offset such as +09:00",
                )
                .with_hints(
                    (!e.suggestions.is_empty())
                        .then(|| format!("did you mean {}?", e.suggestions.join(", "))),
                )
        })?;
        return Ok((tz, format!("{} (from --tz)", tz.name())));
    }
    let env = std::env::var("TZ").ok();
    let etc = std::fs::read_to_string("/etc/timezone").ok();
    let link = std::fs::read_link("/etc/localtime")
        .ok()
        .map(|p| p.to_string_lossy().into_owned());
    match change::zone_from_hints(env.as_deref(), etc.as_deref(), link.as_deref()) {
        Some((tz, from)) => Ok((
            tz,
            format!("{} (your zone, from {from}; change with --tz)", tz.name()),
        )),
        None => Ok((
            chrono_tz::UTC,
            "UTC (your zone could not be named; choose one with --tz)".to_string(),
        )),
    }
}

/// The home zone for an offset typed as `--tz`: a whole-hour offset becomes its fixed IANA
/// name (`+09:00` is `Etc/GMT-9`); any other offset has no name, so it is refused with the
/// places at that offset now.
fn offset_home_zone(
    offset: chrono::FixedOffset,
    now: incident::model::time::Instant,
) -> Result<(chrono_tz::Tz, String), CommandError> {
    let typed = time::format_offset(offset);
    match time::iana_for_offset(offset) {
        Some(tz) => Ok((
            tz,
            format!(
                "{} (the fixed offset {typed}, from --tz; a place name such as Europe/Berlin would follow daylight saving)",
                tz.name()
            ),
        )),
        None => {
            let places = time::zones_at_offset(offset, now.get().to_utc(), 3);
            let err = CommandError::usage(format!(
                "--tz {typed}: a record's home zone must be an IANA name, and none is fixed at {typed}"
            ));
            Err(if places.is_empty() {
                err.hinted("name the place, such as Asia/Kolkata")
            } else {
                err.hinted(format!(
                    "name the place instead; at {typed} now: {}",
                    places.join(", ")
                ))
            })
        }
    }
}
