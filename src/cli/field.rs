//! `incident field set|unset`: a record's custom fields, typed by the team's configuration
//! (`fields` in docs/config.md).

use incident::derive::validate::validate;
use incident::model::fields::FieldValue;

use super::write_args::{announce, report};
use super::{CommandError, Context, Outcome};

/// Set or remove a custom field of a record (the team's `fields`).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident field set payments product payments\n  incident field set payments regions eu,us\n  incident field unset payments regions\n\nThe value is read as the team's configuration types the field: a number, a day (YYYY-MM-DD),\none of its values (ignoring case), or a comma-separated list of them. A field the configuration\ndoes not define is refused, with the nearest names; without any configured fields a value is\nstored as text. See docs/config.md."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: FieldCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum FieldCommand {
    /// Set a custom field to a value (replacing the one it had).
    Set {
        /// The incident: its id, any unique part of its id, or a path to its file.
        #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
        incident: String,
        /// The field's name, as the configuration gives it.
        name: String,
        /// The value, as the field's type reads it.
        value: String,
    },
    /// Remove a custom field from a record.
    Unset {
        /// The incident: its id, any unique part of its id, or a path to its file.
        #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
        incident: String,
        /// The field's name.
        name: String,
    },
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    match args.command {
        FieldCommand::Set {
            incident,
            name,
            value,
        } => set_field(ctx, &incident, &name, &value),
        FieldCommand::Unset { incident, name } => unset_field(ctx, &incident, &name),
    }
}

/// Sets custom field `name` of `incident` to `typed`, read by the field's type.
pub fn set_field(ctx: &Context, incident: &str, name: &str, typed: &str) -> Outcome {
    let config = super::conventions::config(ctx)?;
    super::conventions::known_field(&config, "field", name)?;
    let value = match config.field(name) {
        Some(spec) => spec.parse_value(typed).map_err(|m| {
            CommandError::usage(m).hinted("`incident config show` lists the team's fields")
        })?,
        None => FieldValue::Text(typed.to_string()),
    };
    let path = ctx.resolve(incident)?;
    let text = value.text();
    let done = incident::files::write::update(&path, &validate, |inc| {
        Ok(inc.fields.insert(name.to_string(), value))
    })?;
    let was = match &done.value {
        Some(before) if before.text() != text => format!(" (was {})", before.text()),
        _ => String::new(),
    };
    let headline = format!("set field {name} of {} to {text}{was}", done.incident.id);
    announce(
        ctx,
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}

fn unset_field(ctx: &Context, incident: &str, name: &str) -> Outcome {
    let path = ctx.resolve(incident)?;
    let done = incident::files::write::update(&path, &validate, |inc| Ok(inc.fields.remove(name)))?;
    let headline = match &done.value {
        Some(v) => format!(
            "removed field {name} ({}) from {}",
            v.text(),
            done.incident.id
        ),
        None => format!("field {name} of {} was not set", done.incident.id),
    };
    announce(
        ctx,
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}
