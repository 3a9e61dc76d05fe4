//! `incident new`: start a record.

use std::path::PathBuf;

use incident::derive::validate::validate;
use incident::files::store::{self, StoreError};
use incident::files::write::WriteError;
use incident::model::change::{self, NewRecord};
use incident::model::config::{AUTHOR_FROM_GIT, CONFIG_FILE};
use incident::model::record::IncidentKind;
use incident::model::time::{self, Zone, when_rfc3339};
use incident::model::time_input::Accept;

use super::word_arg::word;
use super::write_args::{announce, shown, warning_lines};
use super::{CommandError, Context, Outcome, emit};

/// Start a new incident record in the incidents folder (status Investigating).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident new --title \"Payments DB failover\" --severity sev2\n  incident new --title \"Checkout errors\" --severity sev3 --started 09:12 --tz Europe/Berlin\n  incident new --title \"Game day\" --severity sev4 --kind drill --dir incidents\n\nThe id is the start date in the home zone and a slug of the title, cut between words:\n2024-03-01-payments-db-failover; the same title again that day gets -2, -3, … (or give --id).\nThe title is one line. An existing record is never overwritten. Without an incidents folder, pass --dir DIR to create one."
)]
pub struct Args {
    /// What happened, in a few words; any language.
    #[arg(long)]
    pub title: String,

    /// How bad it is: a level of the team's scale (`incident config show`); built in: sev1
    /// (worst) to sev4.
    #[arg(long, value_name = "LEVEL",
          add = clap_complete::ArgValueCandidates::new(super::complete::severity_levels))]
    pub severity: String,

    /// When impact began (default: now), in the home zone. See docs/time-input.md.
    #[arg(long, value_name = "TIME", long_help = concat!("When impact began (default: now), in the home zone: ", crate::time_forms!(), "."))]
    pub started: Option<String>,

    /// The home time zone, an IANA name like Europe/Berlin (default: your zone if it can be
    /// named, else UTC).
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,

    /// The record's id (default: the start date and a slug of the title). Letters, digits,
    /// `-`, `_` and `.`; an existing record is never overwritten.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Whether it really happened.
    #[arg(long, value_parser = word::<IncidentKind>(), default_value = IncidentKind::Real.cli())]
    pub kind: IncidentKind,
}

/// How many ids `new` tries for one title and day (`…-2` to `…-99`) before giving up.
const MAX_SAME_TITLE: u32 = 99;

pub fn run(ctx: &Context, args: Args) -> Outcome {
    if args.title.contains(['\n', '\r']) {
        return Err(
            CommandError::usage("--title: a title is one line; this one has a line break")
                .hinted("put the details in the summary (see docs/writing.md), and keep the title to a line"),
        );
    }
    if let Some(id) = &args.id
        && !incident::model::text::is_safe_id(id)
    {
        return Err(CommandError::usage(format!(
            "--id: `{}` is not a usable id",
            incident::model::text::visible(id)
        ))
        .hinted("use letters, digits, `-`, `_` and `.` (not first), at most 200 bytes"));
    }
    let dir = incidents_dir(ctx)?;
    let config = ctx.config()?.unwrap_or_default();
    let (tz, zone_note) = match (&args.tz, &config.defaults.timezone) {
        (None, Some(team)) => {
            let tz = incident::model::time::parse_iana(team)?;
            (
                tz,
                format!("{} (the team's default, from {CONFIG_FILE})", tz.name()),
            )
        }
        _ => home_zone(args.tz.as_deref(), ctx.now)?,
    };
    let zone = Zone::Named(tz);
    // No record yet, so nothing to check a bare time against: it is simply today.
    let started = change::user_when(
        "--started",
        args.started.as_deref(),
        &zone,
        ctx.now,
        None,
        Accept::Time,
    )?;
    let mut inc = change::new_record(&NewRecord {
        title: args.title.clone(),
        severity: super::conventions::severity(ctx, "--severity", &args.severity)?,
        kind: args.kind,
        started,
        timezone: tz.name().to_string(),
        zone,
        now: ctx.now,
    })?;
    if let Some(id) = &args.id {
        inc.id = id.clone();
    }
    inc.organisation = config.defaults.organisation.clone();
    inc.authors = config
        .defaults
        .authors
        .iter()
        .filter_map(|a| {
            if a.trim() == AUTHOR_FROM_GIT {
                incident::files::git::user_name(&dir)
            } else {
                Some(a.clone())
            }
        })
        .collect();
    let base = inc.id.clone();
    let mut n = 1;
    let (path, created) = loop {
        let path = dir.join(format!("{}.ron", inc.id));
        match incident::files::write::create(&path, &inc, &validate) {
            Ok(c) => break (path, c),
            // The same title on the same day: the next free `-N`. `create` refuses an
            // existing file atomically, so two writers at once never get the same id.
            Err(WriteError::Exists(_)) if args.id.is_none() && n < MAX_SAME_TITLE => {
                n += 1;
                inc.id = format!("{base}-{n}");
            }
            Err(e) => return Err(e.into()),
        }
    };
    let mut out = format!(
        "created {}\n  home zone: {}\n  started: {}\n  status: {}\n",
        shown(&path),
        zone_note,
        when_rfc3339(started),
        inc.status.ron()
    );
    out.push_str(&warning_lines(&created.warnings));
    out.push_str(&format!(
        "next: incident log {} \"what happened\"\n",
        inc.id
    ));
    // The id is the data (`id=$(incident new …)`); the rest says what was done. The record
    // is written by now, so neither may turn the command into a failure (see `announce`).
    if let Err(e) = emit(&format!("{}\n", inc.id)) {
        use std::io::Write;
        let _ = writeln!(
            anstream::stderr(),
            "warning: created {}, but its id could not be printed: {}",
            inc.id,
            e.message
        );
    }
    announce(ctx, &out, created.caveat.as_deref())
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
