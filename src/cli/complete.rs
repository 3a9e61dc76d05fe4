//! Dynamic shell completion (clap_complete's `CompleteEnv`): incident ids, event, action and
//! source ids, and the names of services and customers, read from the incidents folder while the user types.
//!
//! The shell runs `COMPLETE=<shell> incident -- <words so far>`; `main` hands that to
//! [`clap_complete::CompleteEnv`] before anything else, and the functions here supply the
//! values. They never fail: a folder that cannot be read completes nothing.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap_complete::CompletionCandidate;

use incident::files::{load, store};
use incident::model::record::Incident;

/// The words typed so far: the arguments after `--` in the completion protocol.
fn typed_words() -> Vec<OsString> {
    let mut args = std::env::args_os().skip_while(|a| a != "--");
    args.next();
    args.collect()
}

/// The incidents folder the command being typed would use: its `--dir`, else `INCIDENT_DIR`,
/// else the nearest `incidents/` above the current folder.
fn folder(words: &[OsString]) -> Option<PathBuf> {
    let mut explicit: Option<PathBuf> = None;
    for (i, w) in words.iter().enumerate() {
        let w = w.to_string_lossy();
        if let Some(v) = w.strip_prefix("--dir=") {
            explicit = Some(PathBuf::from(v));
        } else if w == "--dir" {
            explicit = words.get(i + 1).map(PathBuf::from);
        }
    }
    let explicit = explicit.or_else(|| std::env::var_os("INCIDENT_DIR").map(PathBuf::from));
    let cwd = std::env::current_dir().ok()?;
    store::find_dir(explicit.as_deref(), &cwd).ok()
}

/// The ids of the records in `dir` (their file names), sorted.
fn ids_in(dir: &Path) -> Vec<String> {
    store::list_dir(dir)
        .map(|entries| {
            entries
                .into_iter()
                .filter_map(Result::ok)
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// Incident ids, from the record files of the incidents folder.
pub fn incident_ids() -> Vec<CompletionCandidate> {
    let Some(dir) = folder(&typed_words()) else {
        return Vec::new();
    };
    ids_in(&dir)
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

/// The incident named earlier on the command line: the first word that names exactly one
/// record of the folder.
fn named_incident() -> Option<Incident> {
    let words = typed_words();
    let dir = folder(&words)?;
    let path = words
        .iter()
        .map(|w| w.to_string_lossy())
        .filter(|w| !w.starts_with('-') && !w.is_empty())
        .find_map(|w| store::resolve(&dir, &w).ok())?;
    load::load_file(&path).ok().map(|l| l.incident)
}

/// The action items of the incident named on the command line, with their text as help.
pub fn action_ids() -> Vec<CompletionCandidate> {
    named_incident()
        .map(|inc| {
            inc.actions
                .iter()
                .map(|a| CompletionCandidate::new(&a.id).help(Some(first_line(&a.text).into())))
                .collect()
        })
        .unwrap_or_default()
}

/// The events of the incident named on the command line, in time order, with their text as
/// help.
pub fn event_ids() -> Vec<CompletionCandidate> {
    named_incident()
        .map(|inc| {
            inc.events_in_order()
                .into_iter()
                .map(|e| CompletionCandidate::new(&e.id).help(Some(first_line(&e.text).into())))
                .collect()
        })
        .unwrap_or_default()
}

/// The source ids of the incident named on the command line, with their titles as help.
pub fn source_ids() -> Vec<CompletionCandidate> {
    named_incident()
        .map(|inc| {
            inc.sources
                .iter()
                .map(|s| CompletionCandidate::new(&s.id).help(Some(first_line(&s.title).into())))
                .collect()
        })
        .unwrap_or_default()
}

/// The services and customers of the incident named on the command line.
pub fn target_names() -> Vec<CompletionCandidate> {
    named_incident()
        .map(|inc| {
            let services = inc.services.iter().map(|s| (&s.name, "service"));
            let customers = inc.customers.iter().map(|c| (&c.name, "customer"));
            services
                .chain(customers)
                .map(|(name, what)| CompletionCandidate::new(name).help(Some(what.into())))
                .collect()
        })
        .unwrap_or_default()
}

/// Every service name in the incidents folder (for filters across incidents), and the team
/// catalogue's names.
pub fn all_services() -> Vec<CompletionCandidate> {
    let mut names = all_names(|inc| inc.services.iter().map(|s| s.name.clone()).collect());
    names.extend(catalogue_names());
    names
}

/// The team catalogue's service names, each with its owner as help, for `--service`.
pub fn catalogue_names() -> Vec<CompletionCandidate> {
    let Some(dir) = folder(&typed_words()) else {
        return Vec::new();
    };
    let Ok(Some(loaded)) = incident::files::config::load_config(&dir) else {
        return Vec::new();
    };
    loaded
        .config
        .services
        .iter()
        .map(|s| {
            CompletionCandidate::new(&s.name)
                .help(s.owner.as_ref().map(|o| format!("owner {o}").into()))
        })
        .collect()
}

/// The team's configuration of the folder being typed at, or the built-in one.
fn team_config() -> incident::model::config::Config {
    folder(&typed_words())
        .and_then(|dir| incident::files::config::load_config(&dir).ok().flatten())
        .map(|l| l.config)
        .unwrap_or_default()
}

/// The levels of the severity scale in use (the team's, else Sev1–Sev4), worst first, each
/// with its meaning as help, in the lower case people type.
pub fn severity_levels() -> Vec<CompletionCandidate> {
    team_config()
        .scale()
        .levels
        .into_iter()
        .map(|l| CompletionCandidate::new(l.name.to_lowercase()).help(l.meaning.map(|m| m.into())))
        .collect()
}

/// `NAME=VALUE` for each value of the team's `OneOf` and `ListOf` fields, and `NAME=` for the
/// others, for `--field`.
pub fn field_filters() -> Vec<CompletionCandidate> {
    team_config()
        .fields
        .iter()
        .flat_map(|f| {
            if f.values.is_empty() {
                vec![format!("{}=", f.name)]
            } else {
                f.values.iter().map(|v| format!("{}={v}", f.name)).collect()
            }
        })
        .map(CompletionCandidate::new)
        .collect()
}

/// Every customer name in the incidents folder.
pub fn all_customers() -> Vec<CompletionCandidate> {
    all_names(|inc| inc.customers.iter().map(|c| c.name.clone()).collect())
}

fn all_names(names_of: fn(&Incident) -> Vec<String>) -> Vec<CompletionCandidate> {
    let Some(dir) = folder(&typed_words()) else {
        return Vec::new();
    };
    let Ok(found) = store::scan(&dir, |l| names_of(&l.incident)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = found.into_iter().flatten().flatten().collect();
    names.sort();
    names.dedup();
    names.into_iter().map(CompletionCandidate::new).collect()
}

/// The first line of a text, for a candidate's help, shortened between words so that a
/// shell's menu stays one line a candidate.
fn first_line(s: &str) -> String {
    incident::model::text::cut_at_word(s.lines().next().unwrap_or(""), 60, "…")
}
