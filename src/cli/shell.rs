//! `incident completions` and `incident man`: generated from the clap definitions.

use clap::CommandFactory;

use super::{Cli, CommandError, Outcome};

/// Print a shell completion script.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident completions bash > ~/.local/share/bash-completion/completions/incident\n  incident completions zsh > ~/.zfunc/_incident\n  incident completions fish > ~/.config/fish/completions/incident.fish\n\nThese complete subcommands and options. To complete incident ids, action ids and names from\nthe incidents folder, use dynamic completion instead: source <(COMPLETE=bash incident)\n(see docs/completion.md)."
)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Print the manual page (roff).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  incident man > incident.1 && man ./incident.1")]
pub struct ManArgs {}

pub fn completions(args: CompletionsArgs) -> Outcome {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "incident", &mut out);
    super::emit(&String::from_utf8_lossy(&out))
}

pub fn man(_args: ManArgs) -> Outcome {
    let cmd = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .map_err(|e| CommandError::internal(format!("cannot render the manual page: {e}")))?;
    // Subcommands get their own sections so the page documents every command.
    for sub in Cli::command().get_subcommands() {
        let name = sub.get_name().to_string();
        if name == "help" {
            continue;
        }
        out.extend_from_slice(format!(".SH \"INCIDENT {}\"\n", name.to_uppercase()).as_bytes());
        let sub_cmd = sub.clone();
        if let Some(about) = sub_cmd.get_about() {
            out.extend_from_slice(format!("{about}\n").as_bytes());
        }
        let mut opts = Vec::new();
        clap_mangen::Man::new(sub_cmd.clone())
            .render_options_section(&mut opts)
            .ok();
        out.extend_from_slice(&opts);
        if let Some(after) = sub_cmd.get_after_help() {
            out.extend_from_slice(b".PP\n.nf\n");
            out.extend_from_slice(after.to_string().replace('\\', "\\\\").as_bytes());
            out.extend_from_slice(b"\n.fi\n");
        }
    }
    super::emit(&String::from_utf8_lossy(&out))
}
