//! The command line: clap definitions, the shared context, and the one place where outcomes
//! become exit codes (0 success, 1 problems found or not found, 2 usage error) and errors are
//! printed (see [`error::CommandError`]).

mod action;
mod actions;
mod check;
mod complete;
mod config;
mod conventions;
mod diff;
mod edit;
mod error;
mod event;
mod field;
mod fmt;
mod history;
mod impact;
mod impact_write;
mod import;
mod init;
mod list;
mod log;
mod mark;
mod mend;
mod merge_file;
mod moment;
mod new;
mod pager;
mod revision;
mod set;
mod shell;
mod show;
mod site;
mod source;
mod stats;
mod status;
mod suggest;
mod summary;
mod timeline;
mod word_arg;
mod write_args;
// The fact commands (issue 14 item 4).
mod cause;
mod claim;
mod count;
mod event_flags;
mod fact_write;
mod lesson;
mod loss;
mod reference;
mod region;
mod role;
mod stated;
mod target;
mod update;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

// Standard error through anstream too, so it follows the same colour decision as `emit`.
use anstream::eprint;
use clap::{Parser, Subcommand, ValueEnum};

use incident::files::store;
use incident::model::time::{Instant, Zone};
use incident::model::time_input::{Edge, latest_recorded, read_view_time};
use incident::render::Style;

pub use error::CommandError;

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

    /// Colour and bold: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always
    /// (even when piped, whatever NO_COLOR says) or never.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ColorWhen,

    /// Never send output through a pager (by default output taller than the terminal goes
    /// through $INCIDENT_PAGER, else $PAGER, else `less -FRX`).
    #[arg(long, global = true)]
    pub no_pager: bool,

    /// Writers (new, log, action, impact add|end, status, resolve, fmt) say nothing about what
    /// they did; errors are still printed. `new` still prints the id it created.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Writers accept times more than five minutes in the future (a drill planned ahead, a
    /// test); by default such a time is refused as a likely wrong date or zone.
    #[arg(long, global = true)]
    pub allow_future: bool,

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
    Diff(diff::Args),
    History(history::Args),
    Actions(actions::Args),
    Stats(stats::Args),
    Site(site::Args),
    New(new::Args),
    Log(log::Args),
    Action(action::ActionArgs),
    Status(status::StatusArgs),
    Resolve(status::ResolveArgs),
    Moment(moment::Args),
    Mark(mark::Args),
    Set(set::Args),
    Source(source::Args),
    Event(event::Args),
    Cause(cause::Args),
    Lesson(lesson::Args),
    Claim(claim::Args),
    Count(count::Args),
    Loss(loss::Args),
    Stated(stated::Args),
    Reference(reference::Args),
    Region(region::Args),
    Role(role::Args),
    Target(target::Args),
    Update(update::Args),
    Edit(edit::Args),
    Config(config::Args),
    Fmt(fmt::Args),
    Import(import::ImportArgs),
    Init(init::Args),
    MergeFile(merge_file::Args),
    Mend(mend::Args),
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

/// What a command ends with: nothing, or the error `main` prints and turns into the exit code.
pub type Outcome = Result<(), CommandError>;

/// When output is coloured (`--color`): `Auto` on a terminal unless `NO_COLOR` is set
/// (non-empty) or `TERM` is `dumb`; `Always` even when piped, whatever `NO_COLOR` and `TERM`
/// say; `Never`. (No doc comment per value: clap would then print one line each in `--help`.)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    #[default]
    Auto,
    Always,
    Never,
}

/// What every command may need, decided once from the command line and the environment.
pub struct Context {
    pub dir_arg: Option<PathBuf>,
    pub style: Style,
    /// The current time to the minute, read once so a command sees one "now" (fixed by
    /// `SOURCE_DATE_EPOCH`).
    pub now: Instant,
    /// `--quiet`: writers do not report what they did.
    pub quiet: bool,
    /// The team's configuration, read once per command however many parts ask for it.
    pub config: std::cell::OnceCell<Result<Option<incident::model::config::Config>, CommandError>>,
}

impl Context {
    /// Reports what a writer did on standard error (data alone goes to standard output, as
    /// clig.dev advises), unless `--quiet`. A closed stream is not an error.
    pub fn tell(&self, text: &str) -> Outcome {
        if self.quiet {
            return Ok(());
        }
        let mut err = anstream::stderr().lock();
        match err.write_all(text.as_bytes()).and_then(|_| err.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(CommandError::io("cannot write to standard error", &e)),
        }
    }
}

impl Context {
    /// The incidents folder for this run.
    pub fn dir(&self) -> Result<PathBuf, CommandError> {
        let cwd = current_dir()?;
        Ok(store::find_dir(self.dir_arg.as_deref(), &cwd)?)
    }

    /// Resolves an incident name (id, part of an id, or path) to its file.
    pub fn resolve(&self, name: &str) -> Result<PathBuf, CommandError> {
        let dir = self.dir();
        let p = std::path::Path::new(name);
        let is_path = name.ends_with(".ron") || name.contains(std::path::MAIN_SEPARATOR);
        if is_path && p.is_file() && dir.is_err() {
            // No incidents folder anywhere: the folder of the file named is the one given.
            return Ok(store::check_file(p)?);
        }
        Ok(store::resolve(&dir?, name)?)
    }

    /// The team's configuration in the incidents folder (`None` without one, or without a
    /// folder). A broken configuration is an error naming its line and column: a team's
    /// conventions are never silently dropped.
    pub fn config(&self) -> Result<Option<incident::model::config::Config>, CommandError> {
        self.config.get_or_init(|| self.read_config()).clone()
    }

    fn read_config(&self) -> Result<Option<incident::model::config::Config>, CommandError> {
        let Ok(dir) = self.dir() else {
            return Ok(None);
        };
        match incident::files::config::load_config(&dir) {
            Ok(c) => Ok(c.map(|l| l.config)),
            Err(problems) => {
                let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                Err(CommandError::user(format!(
                    "the team configuration cannot be used:\n{}",
                    lines.join("\n")
                ))
                .hinted("fix it, then run `incident config check`; see docs/config.md"))
            }
        }
    }

    /// Loads and validates one record; refuses records with errors (listing them).
    pub fn load(&self, name: &str) -> Result<incident::files::load::Loaded, CommandError> {
        let path = self.resolve(name)?;
        refuse_errors(incident::files::load::load_file(&path)?)
    }
}

/// The record, unless validation finds errors in it (then they are listed).
pub fn refuse_errors(
    loaded: incident::files::load::Loaded,
) -> Result<incident::files::load::Loaded, CommandError> {
    {
        let path = &loaded.path;
        let errors: Vec<_> =
            incident::derive::validate::validate(path, &loaded.text, &loaded.incident)
                .into_iter()
                .filter(|p| p.is_error())
                .collect();
        if !errors.is_empty() {
            let mut msg = errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n");
            msg.push_str("\nthe record has errors");
            return Err(
                CommandError::user(msg).hinted("fix them (see `incident check`) and try again")
            );
        }
        Ok(loaded)
    }
}

/// The current folder.
pub fn current_dir() -> Result<PathBuf, CommandError> {
    std::env::current_dir().map_err(|e| CommandError::io("cannot read the current folder", &e))
}

/// "Now" for this run: the clock, or `SOURCE_DATE_EPOCH` when set (whole seconds since
/// 1970-01-01 00:00 UTC, the reproducible-builds convention), so tests and CI see a fixed
/// time. Cut to the whole minute: records hold minutes, so no output or written time shows
/// seconds the record does not hold. Kept in UTC: only zones decide how it is shown.
fn now_from(var: Option<std::ffi::OsString>) -> Result<Instant, CommandError> {
    let clock = match var {
        None => chrono::Utc::now(),
        Some(raw) => {
            let text = raw.to_string_lossy();
            let text = text.trim();
            let parsed = (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| text.parse::<i64>().ok())
                .flatten()
                .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0));
            parsed.ok_or_else(|| {
                CommandError::usage(format!(
                    "SOURCE_DATE_EPOCH is `{}`, which is not a whole number of seconds since 1970",
                    incident::model::text::visible(text)
                ))
                .hinted(
                    "set it to seconds since 1970-01-01 00:00 UTC (1709283900 is 2024-03-01 09:05 UTC), or unset it to use the clock",
                )
            })?
        }
    };
    Ok(Instant(to_the_minute(clock.fixed_offset())))
}

/// The whole minute at or before `t`.
fn to_the_minute(
    t: chrono::DateTime<chrono::FixedOffset>,
) -> chrono::DateTime<chrono::FixedOffset> {
    use chrono::Timelike;
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t)
}

/// Reads a `--tz` value, or the incident's home zone when none is given.
pub fn zone_for(arg: Option<&str>, home: &str) -> Result<Zone, CommandError> {
    match arg {
        Some(z) => Ok(incident::model::time::parse_zone(z)?),
        None => incident::model::time::parse_iana(home)
            .map(Zone::Named)
            // The record names the zone, not the command line: not a usage error.
            .map_err(|e| {
                let hints = e.hints();
                CommandError::user(format!("the record's home zone is not usable ({e})"))
                    .with_hints(hints)
                    .hinted("give --tz to show it in a zone")
            }),
    }
}

/// Reads a time given to a view's `flag` in `zone`, by the one rule for typed times (a bare
/// `HH:MM` is today; see docs/time-input.md): one instant, a day taken by the `edge` it is
/// used as. A time that cannot be read or is refused is a usage error.
pub fn view_time_arg(
    flag: &'static str,
    value: &str,
    inc: &incident::model::record::Incident,
    zone: &Zone,
    now: Instant,
    edge: Edge,
) -> Result<Instant, CommandError> {
    read_view_time(value, zone, now, latest_recorded(inc), edge)
        .map_err(|e| error::time_error(flag, &e))
}

/// The instant open windows are counted up to, and why: `--at` if given, else the
/// resolution, else now.
pub fn at_arg(
    value: Option<&str>,
    inc: &incident::model::record::Incident,
    zone: &Zone,
    now: Instant,
) -> Result<incident::derive::moments::AsOf, CommandError> {
    let given = value
        .map(|s| view_time_arg("--at", s, inc, zone, now, Edge::AsOf))
        .transpose()?;
    Ok(incident::derive::moments::as_of(inc, given, now))
}

/// Writes command output to standard output, through the pager when it is taller than the
/// terminal (see [`pager`]); a closed pipe is not an error. Escape sequences are stripped
/// unless colour was chosen (see [`main`]).
pub fn emit(text: &str) -> Outcome {
    if let Some(paged) = pager::page(text) {
        return paged.map_err(|e| CommandError::io("cannot write to the pager", &e));
    }
    let mut out = anstream::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CommandError::io("cannot write the output", &e)),
    }
}

/// Serialises a value as pretty JSON with a trailing newline.
pub fn json_text<T: serde::Serialize>(value: &T) -> Result<String, CommandError> {
    incident::render::pretty_json(value)
        .map_err(|e| CommandError::internal(format!("cannot write JSON: {e}")))
}

/// Whether to colour, from `--color` and, for `auto`, whether standard output is a terminal
/// and the values of `NO_COLOR` and `TERM`. `always` and `never` win over the environment.
fn use_color(
    when: ColorWhen,
    terminal: bool,
    no_color: Option<&std::ffi::OsStr>,
    term: Option<&std::ffi::OsStr>,
) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        // NO_COLOR counts only when set to something (https://no-color.org).
        ColorWhen::Auto => {
            terminal && no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
        }
    }
}

fn style_for(cli: &Cli) -> Style {
    let terminal = std::io::stdout().is_terminal();
    let width = cli.width.or_else(|| {
        if terminal {
            comfy_table::Table::new().width()
        } else {
            None
        }
    });
    Style {
        width,
        color: use_color(
            cli.color,
            terminal,
            std::env::var_os("NO_COLOR").as_deref(),
            std::env::var_os("TERM").as_deref(),
        ),
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
    // `COMPLETE=bash incident -- …` (the shell asking for completions) answers and exits here.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command)
        .bin("incident")
        .complete();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let style = style_for(&cli);
    incident::model::change::allow_future(cli.allow_future);
    pager::decide(cli.no_pager);
    // anstream's streams (`emit`, `eprint!`) follow this one decision rather than detecting
    // on their own: escapes pass when colouring, and are stripped otherwise.
    anstream::ColorChoice::write_global(if style.color {
        anstream::ColorChoice::Always
    } else {
        anstream::ColorChoice::Never
    });
    let outcome = now_from(std::env::var_os("SOURCE_DATE_EPOCH")).and_then(|now| {
        let ctx = Context {
            dir_arg: cli.dir.clone(),
            style,
            now,
            quiet: cli.quiet,
            config: std::cell::OnceCell::new(),
        };
        run(&ctx, cli.command)
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The one place errors reach the terminal.
            eprint!("{}", e.render());
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(ctx: &Context, command: Command) -> Outcome {
    match command {
        Command::Check(args) => check::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Timeline(args) => timeline::run(ctx, args),
        Command::Impact(args) => impact::run(ctx, args),
        Command::Summary(args) => summary::run(ctx, args),
        Command::Diff(args) => diff::run(ctx, args),
        Command::History(args) => history::run(ctx, args),
        Command::Actions(args) => actions::run(ctx, args),
        Command::Stats(args) => stats::run(ctx, args),
        Command::Site(args) => site::run(ctx, args),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(args),
        Command::New(args) => new::run(ctx, args),
        Command::Log(args) => log::run(ctx, args),
        Command::Action(args) => action::run(ctx, args),
        Command::Status(args) => status::run_status(ctx, args),
        Command::Resolve(args) => status::run_resolve(ctx, args),
        Command::Moment(args) => moment::run(ctx, args),
        Command::Mark(args) => mark::run(ctx, args),
        Command::Set(args) => set::run(ctx, args),
        Command::Source(args) => source::run(ctx, args),
        Command::Event(args) => event::run(ctx, args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Config(args) => config::run(ctx, args),
        Command::Fmt(args) => fmt::run(ctx, args),
        Command::Import(args) => import::run(ctx, args),
        Command::Init(args) => init::run(ctx, args),
        Command::MergeFile(args) => merge_file::run(ctx, args),
        Command::Mend(args) => mend::run(ctx, args),
        Command::Cause(args) => cause::run(ctx, args),
        Command::Lesson(args) => lesson::run(ctx, args),
        Command::Claim(args) => claim::run(ctx, args),
        Command::Count(args) => count::run(ctx, args),
        Command::Loss(args) => loss::run(ctx, args),
        Command::Stated(args) => stated::run(ctx, args),
        Command::Reference(args) => reference::run(ctx, args),
        Command::Region(args) => region::run(ctx, args),
        Command::Role(args) => role::run(ctx, args),
        Command::Target(args) => target::run(ctx, args),
        Command::Update(args) => update::run(ctx, args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    /// Every `--tz` of every command takes a value starting with `-` (`--tz -05:00`), so a
    /// command added later cannot forget it.
    #[test]
    fn every_tz_option_takes_a_negative_offset() {
        use clap::CommandFactory;
        fn walk(cmd: &clap::Command, path: &str, found: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                if arg.get_long() == Some("tz") {
                    assert!(
                        arg.is_allow_hyphen_values_set(),
                        "{path} --tz does not take values starting with `-`"
                    );
                    found.push(path.to_string());
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), found);
            }
        }
        let mut found = Vec::new();
        walk(&Cli::command(), "incident", &mut found);
        assert_eq!(
            found,
            [
                "incident show",
                "incident timeline",
                "incident impact",
                "incident impact add",
                "incident impact end",
                "incident summary",
                "incident diff",
                "incident history",
                "incident new",
                "incident log",
                "incident status",
                "incident resolve",
                "incident moment set",
                "incident event set",
                "incident claim add",
                "incident stated add",
                "incident role set",
                "incident update add",
                "incident import text",
                "incident import slack",
                "incident import statuspage",
            ]
        );
    }

    #[test]
    fn source_date_epoch_fixes_the_clock_to_the_minute() {
        let at = |v: &str| now_from(Some(v.into())).map(|t| t.rfc3339());
        assert_eq!(at("1709283900").unwrap(), "2024-03-01T09:05:00+00:00");
        // Seconds are cut: no output shows a second the record does not hold.
        assert_eq!(at(" 1709283959 ").unwrap(), "2024-03-01T09:05:00+00:00");
        for bad in ["tomorrow", "2024-03-01T10:05:00+01:00", "-5", "1.5", ""] {
            let e = at(bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
            assert_eq!(
                e.message,
                format!(
                    "SOURCE_DATE_EPOCH is `{bad}`, which is not a whole number of seconds since 1970"
                )
            );
        }
        let clock = now_from(None).unwrap().get();
        assert_eq!(clock.timestamp() % 60, 0);
        assert_eq!(clock.timestamp_subsec_nanos(), 0);
    }

    #[test]
    fn auto_colours_a_terminal_unless_no_color_or_a_dumb_terminal() {
        let set = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        let dumb = Some(OsStr::new("dumb"));
        let xterm = Some(OsStr::new("xterm-256color"));
        assert!(use_color(ColorWhen::Auto, true, None, xterm));
        assert!(use_color(ColorWhen::Auto, true, None, None));
        // An empty NO_COLOR is as good as none.
        assert!(use_color(ColorWhen::Auto, true, empty, xterm));
        assert!(!use_color(ColorWhen::Auto, true, set, xterm));
        assert!(!use_color(ColorWhen::Auto, true, None, dumb));
        assert!(!use_color(ColorWhen::Auto, false, None, xterm));
    }

    #[test]
    fn always_and_never_win_over_the_environment() {
        let set = Some(OsStr::new("1"));
        let dumb = Some(OsStr::new("dumb"));
        assert!(use_color(ColorWhen::Always, false, set, dumb));
        assert!(use_color(ColorWhen::Always, true, None, None));
        assert!(!use_color(ColorWhen::Never, true, None, None));
        assert!(!use_color(ColorWhen::Never, false, None, None));
    }

    /// clap checks the definition only when an argument is parsed; this checks all of it
    /// (names, conflicts, defaults, every subcommand) at once.
    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
