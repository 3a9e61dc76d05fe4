//! `incident set ID field NAME VALUE` and `incident set ID field NAME --clear`: a record's
//! custom fields, typed by the team's configuration (`fields` in docs/config.md). `set.rs`
//! hands the `field` arm here, because the value's type is the configuration's.

use incident::derive::validate::validate;
use incident::model::change::fields::set_custom;
use incident::model::fields::FieldValue;

use super::write_args::{announce, report};
use super::{CommandError, Context, Outcome};

/// Sets (or with `clear`, removes) custom field `values[0]` of the record at `path` to the
/// rest of `values`, read by the field's type: a number, a day, one of its values (ignoring
/// case), or a list (comma-separated, or one value per argument).
pub fn set(ctx: &Context, path: &std::path::Path, values: &[String], clear: bool) -> Outcome {
    let (name, rest) = match values.split_first() {
        Some((name, rest)) if !name.trim().is_empty() => (name.trim(), rest),
        _ => {
            return Err(CommandError::usage(
                "field takes the field's name, then its value: incident set ID field NAME VALUE",
            ));
        }
    };
    let config = super::conventions::config(ctx)?;
    super::conventions::known_field(&config, "field", name)?;
    let value = match (clear, rest) {
        (true, []) => None,
        (true, _) => {
            return Err(CommandError::usage(format!(
                "--clear removes field {name}: give no value with it"
            )));
        }
        (false, []) => {
            return Err(CommandError::usage(format!(
                "field {name} needs a value (or --clear to remove it)"
            )));
        }
        (false, typed) => {
            let typed = typed.join(",");
            let typed = if rest.len() == 1 {
                rest[0].clone()
            } else {
                typed
            };
            Some(match config.field(name) {
                Some(spec) => spec.parse_value(&typed).map_err(|m| {
                    CommandError::user(m).hinted("`incident config show` lists the team's fields")
                })?,
                None => FieldValue::Text(typed),
            })
        }
    };
    let done =
        incident::files::write::update(path, &validate, |inc| Ok(set_custom(inc, name, value)))?;
    let change = &done.value;
    let headline = match (clear, change.before == change.after) {
        (true, _) => format!(
            "removed field {name} ({}) from {}",
            change.before, done.incident.id
        ),
        (false, true) => format!(
            "set field {name} of {} to {}",
            done.incident.id, change.after
        ),
        (false, false) => format!(
            "set field {name} of {} to {} (was {})",
            done.incident.id, change.after, change.before
        ),
    };
    announce(
        ctx,
        &report(&headline, &[], path, &done),
        done.caveat.as_deref(),
    )
}
