//! `incident config check` and `incident config show`: the team's configuration file.

use incident::files::config::{config_path, load_config};
use incident::model::config::{CONFIG_FILE, Config};

use super::{CommandError, Context, Outcome, emit};

/// Check or show the team's configuration (`incidents/.incident.ron`).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident config check\n  incident config show\n  incident config show --format json\n\nThe file is optional; `incident init` writes a commented starting one. See docs/config.md."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ConfigCommand {
    /// Parse and check the configuration; problems as `file:line:column: CODE: …`, exit 1 on
    /// errors.
    Check,
    /// Print the configuration in effect: the file's values, and the built-in default for
    /// every key it leaves out.
    Show {
        /// `ron` (the file's own format) or `json`.
        #[arg(long, value_enum, default_value = "ron")]
        format: ShowFormat,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Ron,
    Json,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let dir = ctx.dir()?;
    let path = config_path(&dir);
    match args.command {
        ConfigCommand::Check => match load_config(&dir) {
            Ok(None) => ctx.tell(&format!(
                "no configuration: {} does not exist, so the built-in defaults apply\n",
                path.display()
            )),
            Ok(Some(l)) => {
                let warnings = incident::files::config::check_config(&l.path, &l.text, &l.config);
                let mut out: String = warnings.iter().map(|p| format!("{p}\n")).collect();
                let c = &l.config;
                let scale = if c.severities.is_empty() {
                    "the built-in severity scale".to_string()
                } else {
                    format!("severity scale {}", c.scale().names().join(", "))
                };
                out.push_str(&format!(
                    "{}: valid; {} catalogue service(s), {scale}, {} team role(s), {} custom field(s)\n",
                    path.display(),
                    c.services.len(),
                    c.roles.len(),
                    c.fields.len()
                ));
                emit(&out)
            }
            Err(problems) => {
                let out: String = problems.iter().map(|p| format!("{p}\n")).collect();
                emit(&out)?;
                Err(CommandError::reported())
            }
        },
        ConfigCommand::Show { format } => {
            let (config, from) = match load_config(&dir) {
                Ok(Some(l)) => (l.config, format!("from {}", path.display())),
                Ok(None) => (
                    Config::default(),
                    format!("built-in defaults; no {CONFIG_FILE} in {}", dir.display()),
                ),
                Err(problems) => {
                    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                    return Err(CommandError::user(format!(
                        "the configuration cannot be read:\n{}",
                        lines.join("\n")
                    ))
                    .hinted("run `incident config check` after fixing it"));
                }
            };
            let effective = Effective::of(config);
            match format {
                ShowFormat::Json => emit(&super::show::record_json(&effective)?),
                ShowFormat::Ron => {
                    let text = ron::ser::to_string_pretty(
                        &effective.config,
                        ron::ser::PrettyConfig::default().struct_names(false),
                    )
                    .map_err(|e| CommandError::internal(format!("cannot write RON: {e}")))?;
                    emit(&format!(
                        "// The configuration in effect ({from}).\n{text}\n"
                    ))
                }
            }
        }
    }
}

/// The configuration with every default filled in, as `config show` prints it.
#[derive(serde::Serialize)]
struct Effective {
    #[serde(flatten)]
    config: Config,
}

impl Effective {
    fn of(mut config: Config) -> Self {
        if config.defaults.kinds.is_empty() {
            config.defaults.kinds = incident::derive::select::DEFAULT_KINDS.to_vec();
        }
        // The scale and roles in effect: the built-in ones when the team gives none.
        if config.severities.is_empty() {
            config.severities = config.scale().levels;
        }
        if config.roles.is_empty() {
            use incident::model::roles::Role;
            config.roles = Role::ALL
                .into_iter()
                .filter(|r| *r != Role::Other)
                .map(|r| incident::model::config::TeamRole {
                    name: r.label().to_string(),
                    role: Some(r),
                    meaning: r.help().map(str::to_string),
                })
                .collect();
        }
        Effective { config }
    }
}
