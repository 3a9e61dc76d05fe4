//! The team's conventions as the command line meets them: severity levels typed in
//! arguments (checked against the team's scale, which clap cannot know when it parses), and
//! `NAME=VALUE` custom-field filters.

use incident::model::config::Config;
use incident::model::record::Severity;
use incident::model::severity::Scale;

use super::{CommandError, Context};

/// The configuration in effect: the team's, or the built-in one.
pub fn config(ctx: &Context) -> Result<Config, CommandError> {
    Ok(ctx.config()?.unwrap_or_default())
}

/// The severity scale in effect.
pub fn scale(ctx: &Context) -> Result<Scale, CommandError> {
    Ok(config(ctx)?.scale())
}

/// The level `typed` names on the scale in effect (ignoring case), or a usage error that
/// lists the scale's levels and the nearest.
pub fn severity(ctx: &Context, flag: &str, typed: &str) -> Result<Severity, CommandError> {
    let scale = scale(ctx)?;
    scale.parse(typed).map_err(|message| {
        CommandError::usage(format!("{flag}: {message}"))
            .hinted("`incident config show` prints the scale with what each level means")
    })
}

/// A `NAME=VALUE` custom-field filter, as typed.
pub fn parse_field_filter(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!(
            "`{s}` is not a field filter; expected NAME=VALUE, like product=payments"
        )),
    }
}

/// Refuses a field name the team's configuration does not define, with the nearest names;
/// any name passes when the team defines no fields.
pub fn known_field(config: &Config, flag: &str, name: &str) -> Result<(), CommandError> {
    if config.fields.is_empty() || config.field(name).is_some() {
        return Ok(());
    }
    let names: Vec<String> = config.fields.iter().map(|f| f.name.clone()).collect();
    let near = incident::model::text::nearest(name, &names);
    let hint = if near.is_empty() {
        String::new()
    } else {
        let near: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
        format!(" (did you mean {}?)", near.join(" or "))
    };
    let all: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    Err(CommandError::usage(format!(
        "{flag}: `{name}` is not one of the team's fields{hint}; the fields: {}",
        all.join(", ")
    )))
}
