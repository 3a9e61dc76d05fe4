//! The command line: clap definitions, the shared context, and the one place where outcomes
//! become exit codes (0 success, 1 problems found or not found, 2 usage error).

mod action;
mod actions;
mod check;
mod fmt;
mod impact;
mod impact_write;
mod list;
mod log;
mod new;
mod shell;
mod show;
mod stats;
mod status;
mod summary;
mod timeline;
mod write_args;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use incident::files::store::{self, StoreError};
use incident::model::time::{Instant, Zone};
use incident::render::Style;

/// A git-native incident postmortem tracker: incidents are RON files in `incidents/`.
#[derive(Debug, Parser)]
#[command(name = "incident", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  incident summary hk-zone-c > postmortem.md\n  incident timeline hk-zone-c --tz UTC\n  incident impact hk-zone-c\n  incident list\n  incident check\n  incident log hk-zone-c \"Failover started\" --kind action\n\nThe incidents folder is --dir, else $INCIDENT_DIR, else the nearest `incidents/` above the current folder."
)]
pub struct Cli {
    /// The incidents folder (default: $INCIDENT_DIR, else the nearest `incidents/` upwards).
    #[arg(long, global = true, value_name = "DIR", env = "INCIDENT_DIR")]
    pub dir: Option<PathBuf>,

    /// Fit tables to N columns (default: the terminal's width; no limit when piped).
    #[arg(long, global = true, value_name = "N")]
    pub width: Option<u16>,

    /// Draw with plain ASCII instead of Unicode box and block characters.
    #[arg(long, global = true)]
    pub ascii: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Check(check::Args),
    List(list::Args),
    Show(show::Args),
    Timeline(timeline::Args),
    Impact(impact::Args),
    Summary(summary::Args),
    Actions(actions::Args),
    Stats(stats::Args),
    New(new::Args),
    Log(log::Args),
    Action(action::ActionArgs),
    Status(status::StatusArgs),
    Resolve(status::ResolveArgs),
    Fmt(fmt::Args),
    Completions(shell::CompletionsArgs),
    Man(shell::ManArgs),
}

/// Output formats for data views.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Markdown,
    Csv,
    Json,
}

/// Why a command did not succeed, and the exit code that says so.
#[derive(Debug)]
pub enum Failure {
    /// Exit 1: problems found, something not found, a write refused. The message is printed.
    Problem(String),
    /// Exit 1 after the command already printed what is wrong.
    Reported,
    /// Exit 2: the command line asked for something impossible.
    Usage(String),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Problem(e.to_string())
    }
}

pub type Outcome = Result<(), Failure>;

/// What every command may need, decided once from the command line and the environment.
pub struct Context {
    pub dir_arg: Option<PathBuf>,
    pub style: Style,
    /// The current time, read once so a command sees one "now".
    pub now: Instant,
}

impl Context {
    /// The incidents folder for this run.
    pub fn dir(&self) -> Result<PathBuf, Failure> {
        let cwd = std::env::current_dir()
            .map_err(|e| Failure::Problem(format!("cannot read the current folder: {e}")))?;
        Ok(store::find_dir(self.dir_arg.as_deref(), &cwd)?)
    }

    /// Resolves an incident name (id, part of an id, or path) to its file.
    pub fn resolve(&self, name: &str) -> Result<PathBuf, Failure> {
        let dir = self.dir();
        let p = std::path::Path::new(name);
        let is_path = name.ends_with(".ron") || name.contains(std::path::MAIN_SEPARATOR);
        if is_path && p.is_file() && dir.is_err() {
            // No incidents folder anywhere: the folder of the file named is the one given.
            return store::check_file(p).map_err(|e| Failure::Problem(e.to_string()));
        }
        Ok(store::resolve(&dir?, name)?)
    }

    /// Loads and validates one record; refuses records with errors (printing them).
    pub fn load(&self, name: &str) -> Result<incident::files::load::Loaded, Failure> {
        let path = self.resolve(name)?;
        let loaded =
            incident::files::load::load_file(&path).map_err(|p| Failure::Problem(p.to_string()))?;
        let errors: Vec<_> =
            incident::derive::validate::validate(&path, &loaded.text, &loaded.incident)
                .into_iter()
                .filter(|p| p.is_error())
                .collect();
        if !errors.is_empty() {
            let mut msg = errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n");
            msg.push_str("\nthe record has errors; fix them (see `incident check`) and try again");
            return Err(Failure::Problem(msg));
        }
        Ok(loaded)
    }
}

/// Reads a `--tz` value, or the incident's home zone when none is given.
pub fn zone_for(arg: Option<&str>, home: &str) -> Result<Zone, Failure> {
    match arg {
        Some(z) => incident::model::time::parse_zone(z).map_err(|e| Failure::Usage(e.to_string())),
        None => incident::model::time::parse_iana(home)
            .map(Zone::Named)
            .map_err(|e| Failure::Problem(e.to_string())),
    }
}

/// The calendar day that `HH:MM` on the command line refers to: the incident's start (or
/// detection) date in the zone shown, else today.
pub fn anchor_day(
    inc: &incident::model::record::Incident,
    zone: &Zone,
    now: Instant,
) -> chrono::NaiveDate {
    use incident::model::record::MomentName;
    let first = inc
        .moments
        .instant(MomentName::Started)
        .or_else(|| inc.moments.instant(MomentName::Detected))
        .unwrap_or(now);
    zone.convert(first.get()).date_naive()
}

/// Reads a time given to `flag` (RFC 3339, `YYYY-MM-DD HH:MM` or `HH:MM` on the incident's
/// first day) in `zone`; a time that cannot be read is a usage error.
pub fn time_arg(
    flag: &str,
    value: &str,
    inc: &incident::model::record::Incident,
    zone: &Zone,
    now: Instant,
) -> Result<Instant, Failure> {
    incident::model::time::parse_user_time(value, zone, anchor_day(inc, zone, now))
        .map(Instant)
        .map_err(|e| Failure::Usage(format!("{flag}: {e}")))
}

/// The instant open windows are counted up to: `--at` if given, else the resolution, else now.
pub fn at_arg(
    value: Option<&str>,
    inc: &incident::model::record::Incident,
    zone: &Zone,
    now: Instant,
) -> Result<Instant, Failure> {
    match value {
        None => Ok(incident::derive::figures::default_at(inc, now)),
        Some(s) => time_arg("--at", s, inc, zone, now),
    }
}

/// Writes command output to standard output; a closed pipe is not an error.
pub fn emit(text: &str) -> Outcome {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Problem(format!("cannot write the output: {e}"))),
    }
}

/// Serialises a value as pretty JSON with a trailing newline.
pub fn json_text<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| Failure::Problem(format!("cannot write JSON: {e}")))
}

fn style_for(cli: &Cli) -> Style {
    let terminal = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = cli.width.or_else(|| {
        if terminal {
            comfy_table::Table::new().width()
        } else {
            None
        }
    });
    Style {
        width,
        color: terminal && !no_color,
        unicode: !cli.ascii && locale_is_utf8(),
    }
}

/// True unless the locale variables name a non-UTF-8 character set (`LANG=C`, `POSIX`).
fn locale_is_utf8() -> bool {
    for var in ["LC_ALL", "LC_CTYPE", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            let v = v.to_ascii_lowercase();
            return v.contains("utf-8") || v.contains("utf8");
        }
    }
    // No locale set at all: modern terminals are UTF-8.
    true
}

/// Parses the command line, runs it, and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let ctx = Context {
        dir_arg: cli.dir.clone(),
        style: style_for(&cli),
        now: Instant(chrono::Utc::now().fixed_offset()),
    };
    let outcome = match cli.command {
        Command::Check(args) => check::run(&ctx, args),
        Command::List(args) => list::run(&ctx, args),
        Command::Show(args) => show::run(&ctx, args),
        Command::Timeline(args) => timeline::run(&ctx, args),
        Command::Impact(args) => impact::run(&ctx, args),
        Command::Summary(args) => summary::run(&ctx, args),
        Command::Actions(args) => actions::run(&ctx, args),
        Command::Stats(args) => stats::run(&ctx, args),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(args),
        Command::New(args) => new::run(&ctx, args),
        Command::Log(args) => log::run(&ctx, args),
        Command::Action(args) => action::run(&ctx, args),
        Command::Status(args) => status::run_status(&ctx, args),
        Command::Resolve(args) => status::run_resolve(&ctx, args),
        Command::Fmt(args) => fmt::run(&ctx, args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Reported) => ExitCode::from(1),
        Err(Failure::Problem(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;

    /// clap checks the definition only when an argument is parsed; this checks all of it
    /// (names, conflicts, defaults, every subcommand) at once.
    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
