//! Reading the team's configuration file ([`CONFIG_FILE`]) from the incidents folder, with
//! every problem placed at its line and column as record problems are.

use std::path::{Path, PathBuf};

use crate::files::load::{describe_ron_error, io_problem, ron_options};
use crate::files::locate::{Path as FieldPath, locate_position};
use crate::model::config::{CONFIG_FILE, CONFIG_SCHEMA, Config, FieldType};
use crate::model::problem::{Position, Problem};
use crate::model::rule::Rule;
use crate::model::severity::is_identifier;

/// The configuration file of the incidents folder `dir`, whether or not it exists.
pub fn config_path(dir: &Path) -> PathBuf {
    dir.join(CONFIG_FILE)
}

/// A configuration as read, with its file and text (for positions).
#[derive(Clone, Debug)]
pub struct LoadedConfig {
    pub path: PathBuf,
    pub text: String,
    pub config: Config,
}

/// Reads the configuration of `dir`: `Ok(None)` when there is none, the problems (syntax,
/// then meaning) when it is broken. A broken configuration is never silently ignored.
pub fn load_config(dir: &Path) -> Result<Option<LoadedConfig>, Vec<Problem>> {
    let path = config_path(dir);
    let meta = match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(vec![io_problem(&path, &e)]),
        Ok(m) => m,
    };
    if !meta.is_file() {
        return Err(vec![Problem::new(
            &path,
            None,
            Rule::Unreadable,
            "is not a regular file; the configuration must be one".to_string(),
        )]);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| vec![io_problem(&path, &e)])?;
    let config = parse_config(&path, &text)?;
    Ok(Some(LoadedConfig { path, text, config }))
}

/// Parses and checks configuration text.
pub fn parse_config(path: &Path, text: &str) -> Result<Config, Vec<Problem>> {
    let config: Config = ron_options().from_str(text).map_err(|e| {
        let pos = Position {
            line: e.span.start.line.max(1),
            column: e.span.start.col.max(1),
        };
        vec![Problem::new(
            path,
            Some(pos),
            Rule::NotRon,
            format!("configuration: {}", describe_ron_error(&e.code)),
        )]
    })?;
    let problems = check_config(path, text, &config);
    if problems.iter().any(Problem::is_error) {
        return Err(problems);
    }
    Ok(config)
}

/// The problems of a configuration that parses: its schema version, its default zone, and
/// names or aliases the catalogue gives twice (a typed name must lead to one service).
pub fn check_config(path: &Path, text: &str, config: &Config) -> Vec<Problem> {
    let at = |p: FieldPath| Some(locate_position(text, &p));
    let mut out = Vec::new();
    if config.schema != CONFIG_SCHEMA {
        out.push(Problem::new(
            path,
            at(FieldPath::root().field("schema")),
            Rule::ConfigSchema,
            format!(
                "configuration schema {} is not supported: this build reads version {CONFIG_SCHEMA}",
                config.schema
            ),
        ));
    }
    if let Some(zone) = &config.defaults.timezone
        && crate::model::time::parse_iana(zone).is_err()
    {
        out.push(Problem::new(
            path,
            at(FieldPath::root().field("defaults").field("timezone")),
            Rule::ConfigSchema,
            format!(
                "defaults.timezone `{zone}` is not an IANA zone name (for example Europe/Berlin)"
            ),
        ));
    }
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (i, s) in config.services.iter().enumerate() {
        let names = std::iter::once(&s.name).chain(s.aliases.iter());
        let mut own: Vec<String> = Vec::new();
        for n in names {
            let key = n.trim().to_lowercase();
            if own.contains(&key) {
                continue;
            }
            own.push(key.clone());
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                out.push(Problem::new(
                    path,
                    at(FieldPath::root().field("services").index(i)),
                    Rule::CatalogueNameTwice,
                    format!(
                        "`{}` names both `{}` and `{}` in the service catalogue (names and aliases are matched ignoring case); keep it on one of them",
                        n.trim(),
                        config.services[*first].name,
                        s.name
                    ),
                ));
            } else {
                seen.push((key, i));
            }
        }
    }
    out.extend(conventions_problems(path, text, config));
    out
}

/// E184: severity levels, roles and custom fields each named once (ignoring case), level
/// names that records can write bare, and value lists where, and only where, a field's type
/// uses them.
fn conventions_problems(path: &Path, text: &str, config: &Config) -> Vec<Problem> {
    let at = |p: FieldPath| Some(locate_position(text, &p));
    let mut out = Vec::new();
    let mut problem = |p: FieldPath, message: String| {
        out.push(Problem::new(path, at(p), Rule::ConfigConventions, message));
    };
    let twice = |names: Vec<&str>| -> Vec<(usize, String)> {
        let mut seen: Vec<String> = Vec::new();
        let mut found = Vec::new();
        for (i, n) in names.into_iter().enumerate() {
            let key = n.trim().to_lowercase();
            if seen.contains(&key) {
                found.push((i, n.trim().to_string()));
            } else {
                seen.push(key);
            }
        }
        found
    };
    let levels = FieldPath::root().field("severities");
    for (i, l) in config.severities.iter().enumerate() {
        if !is_identifier(&l.name) {
            problem(
                levels.index(i).field("name"),
                format!(
                    "severity level `{}` cannot be written bare in a record (`severity: {}`): a level's name is a letter, then letters, digits or `_`, like `P0` or `SEV_1`",
                    l.name, l.name
                ),
            );
        }
    }
    for (i, n) in twice(config.severities.iter().map(|l| l.name.as_str()).collect()) {
        problem(
            levels.index(i).field("name"),
            format!("severity level `{n}` is given twice (names are matched ignoring case)"),
        );
    }
    let roles = FieldPath::root().field("roles");
    for (i, n) in twice(config.roles.iter().map(|r| r.name.as_str()).collect()) {
        problem(
            roles.index(i).field("name"),
            format!("role `{n}` is given twice (names are matched ignoring case)"),
        );
    }
    for (i, r) in config.roles.iter().enumerate() {
        if r.name.trim().is_empty() {
            problem(roles.index(i).field("name"), "a role has no name".into());
        }
        if let Some(role) = r.role
            && let Some(first) = config.roles[..i].iter().find(|o| o.role == Some(role))
        {
            problem(
                roles.index(i).field("role"),
                format!(
                    "roles `{}` and `{}` both stand for the built-in role {}; a record's role must lead to one name",
                    first.name,
                    r.name,
                    role.ron()
                ),
            );
        }
    }
    let fields = FieldPath::root().field("fields");
    for (i, n) in twice(config.fields.iter().map(|f| f.name.as_str()).collect()) {
        problem(
            fields.index(i).field("name"),
            format!("field `{n}` is given twice (names are matched ignoring case)"),
        );
    }
    for (i, f) in config.fields.iter().enumerate() {
        if f.name.trim().is_empty() || f.name.contains(['=', ':']) {
            problem(
                fields.index(i).field("name"),
                format!(
                    "field name `{}` cannot be used: it must be non-empty, without `=` or `:` (filters are written `--field NAME=VALUE` and groups `--by field:NAME`)",
                    f.name
                ),
            );
        }
        match f.kind {
            FieldType::OneOf if f.values.is_empty() => problem(
                fields.index(i).field("values"),
                format!(
                    "field `{}` is OneOf but lists no `values` to choose from",
                    f.name
                ),
            ),
            FieldType::Text | FieldType::Number | FieldType::Date if !f.values.is_empty() => {
                problem(
                    fields.index(i).field("values"),
                    format!(
                        "field `{}` lists `values`, which only a OneOf or ListOf field uses",
                        f.name
                    ),
                )
            }
            _ => {}
        }
    }
    out
}
