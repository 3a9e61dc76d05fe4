//! A record against the team's conventions (`model::config`): its severity on the scale in
//! use (E183), its roles among the team's (W182), its custom fields defined (W183), of their
//! types (E185) and, once the incident is over, given where the team requires them (W184).
//! Records are never rewritten to fit: each problem names the command that fixes it, so a
//! change of configuration shows up in `check` as a list of records to fix.

use std::path::Path;

use chrono::NaiveDate;

use crate::files::locate::{Path as FieldPath, locate, locate_position, position_of};
use crate::model::config::{Config, FieldSpec, FieldType};
use crate::model::fields::FieldValue;
use crate::model::problem::Problem;
use crate::model::record::Incident;
use crate::model::rule::Rule;
use crate::model::text::nearest;

/// The command that sets custom field `name` of incident `id`.
pub fn field_command(id: &str, name: &str) -> String {
    format!("incident set {id} field {name} VALUE")
}

/// The convention problems of one record under `config` (the built-in conventions when the
/// team has no configuration: only the severity is checked then).
pub fn problems(file: &Path, text: &str, inc: &Incident, config: &Config) -> Vec<Problem> {
    let at = |p: FieldPath| Some(locate_position(text, &p));
    let mut out = Vec::new();
    let scale = config.scale();
    if scale.rank(&inc.severity).is_none() {
        out.push(Problem::new(
            file,
            at(FieldPath::root().field("severity")),
            Rule::SeverityNotInScale,
            format!(
                "{}; set one with `incident edit {}`",
                scale.unknown(inc.severity.name()),
                inc.id
            ),
        ));
    }
    if !config.roles.is_empty() {
        let names: Vec<String> = config.roles.iter().map(|r| r.name.clone()).collect();
        for (i, h) in inc.roles.iter().enumerate() {
            if config.team_role(h).is_some() {
                continue;
            }
            let shown = h.role_name();
            out.push(Problem::new(
                file,
                at(FieldPath::root().field("roles").index(i)),
                Rule::RoleNotTeams,
                format!(
                    "role `{shown}` of {} is not one of the team's roles{}; the team's roles: {}; rename it with `incident edit {}`, or add it to `roles` in the configuration",
                    h.person,
                    did_you_mean(&shown, &names),
                    listed(&names),
                    inc.id
                ),
            ));
        }
    }
    let defined: Vec<String> = config.fields.iter().map(|f| f.name.clone()).collect();
    for (name, value) in &inc.fields {
        let place = Some(field_position(text, name));
        let Some(spec) = config.field(name) else {
            let known = if defined.is_empty() {
                "the team's configuration defines no fields".to_string()
            } else {
                format!("the team's fields: {}", listed(&defined))
            };
            out.push(Problem::new(
                file,
                place,
                Rule::FieldNotTeams,
                format!(
                    "field `{name}` is not one of the team's fields{}; {known}; rename or remove it with `incident edit {}`, or add it to `fields` in the configuration",
                    did_you_mean(name, &defined),
                    inc.id
                ),
            ));
            continue;
        };
        if let Err(why) = fits(spec, value) {
            out.push(Problem::new(
                file,
                place,
                Rule::FieldWrongType,
                format!(
                    "field `{name}` {why}; set it with `{}`",
                    field_command(&inc.id, name)
                ),
            ));
        }
    }
    if inc.status.is_over() {
        for spec in config.fields.iter().filter(|f| f.required) {
            if inc.fields.contains_key(&spec.name) {
                continue;
            }
            out.push(Problem::new(
                file,
                at(FieldPath::root().field("status")),
                Rule::RequiredFieldMissing,
                format!(
                    "the team requires field `{}` ({}) once an incident is over, and this record does not give it; set it with `{}`",
                    spec.name,
                    expected(spec),
                    field_command(&inc.id, &spec.name)
                ),
            ));
        }
    }
    out
}

/// Where custom field `name` is written: its key inside the record's `fields` map (the path
/// walker knows struct fields and list items, not map keys), else the map itself.
fn field_position(text: &str, name: &str) -> crate::model::problem::Position {
    let (range, found) = locate(text, &FieldPath::root().field("fields"));
    let key = format!("\"{name}\"");
    let offset = match text.get(range.clone()) {
        Some(map) if found == 1 => map.find(&key).map_or(range.start, |i| range.start + i),
        _ => range.start,
    };
    position_of(text, offset)
}

/// The custom fields the team requires that `inc` does not give, for `check --ready`.
pub fn required_missing<'a>(inc: &Incident, config: &'a Config) -> Vec<&'a FieldSpec> {
    config
        .fields
        .iter()
        .filter(|f| f.required && !inc.fields.contains_key(&f.name))
        .collect()
}

/// What a field takes, in words: "one of `gold`, `silver`".
pub fn expected(spec: &FieldSpec) -> String {
    match spec.kind {
        FieldType::OneOf => format!("one of {}", listed(&spec.values)),
        FieldType::ListOf if !spec.values.is_empty() => {
            format!("a list of {}", listed(&spec.values))
        }
        FieldType::ListOf => "a list of texts".to_string(),
        other => other.describe().to_string(),
    }
}

/// Whether `value` fits `spec`; the reason in words when it does not.
pub fn fits(spec: &FieldSpec, value: &FieldValue) -> Result<(), String> {
    let want = expected(spec);
    let wrong = |what: &str| Err(format!("is {what}, but the team's field takes {want}"));
    match (spec.kind, value) {
        (FieldType::Text, FieldValue::Text(_)) | (FieldType::Number, FieldValue::Number(_)) => {
            Ok(())
        }
        (FieldType::Date, FieldValue::Text(s)) => {
            if NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_ok() {
                Ok(())
            } else {
                wrong(&format!("`{s}`, not a day"))
            }
        }
        (FieldType::OneOf, FieldValue::Text(s)) => one_of(spec, s),
        (FieldType::ListOf, FieldValue::List(items)) => {
            if spec.values.is_empty() {
                return Ok(());
            }
            items.iter().try_for_each(|s| one_of(spec, s))
        }
        (_, FieldValue::Text(s)) => wrong(&format!("the text `{s}`")),
        (_, FieldValue::Number(_)) => wrong("a number"),
        (_, FieldValue::List(_)) => wrong("a list"),
    }
}

fn one_of(spec: &FieldSpec, s: &str) -> Result<(), String> {
    if spec.values.iter().any(|v| v == s) {
        return Ok(());
    }
    Err(format!(
        "has `{s}`, which is not one of its values{}: {}",
        did_you_mean(s, &spec.values),
        listed(&spec.values)
    ))
}

fn listed(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// " (did you mean `x`?)", or nothing when no name is near.
fn did_you_mean(typed: &str, names: &[String]) -> String {
    let near = nearest(typed, names);
    if near.is_empty() {
        return String::new();
    }
    let near: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
    format!(" (did you mean {}?)", near.join(" or "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: FieldType, values: &[&str]) -> FieldSpec {
        FieldSpec {
            name: "f".into(),
            kind,
            values: values.iter().map(|s| s.to_string()).collect(),
            required: false,
            meaning: None,
        }
    }

    #[test]
    fn values_fit_their_types() {
        let text = |s: &str| FieldValue::Text(s.into());
        assert_eq!(fits(&spec(FieldType::Text, &[]), &text("x")), Ok(()));
        assert_eq!(
            fits(&spec(FieldType::Number, &[]), &text("12")),
            Err("is the text `12`, but the team's field takes a number".into())
        );
        assert_eq!(
            fits(&spec(FieldType::Date, &[]), &text("2024-03-01")),
            Ok(())
        );
        assert_eq!(
            fits(&spec(FieldType::Date, &[]), &text("1 March")),
            Err("is `1 March`, not a day, but the team's field takes a date (YYYY-MM-DD)".into())
        );
        let tier = spec(FieldType::OneOf, &["gold", "silver", "bronze"]);
        assert_eq!(fits(&tier, &text("gold")), Ok(()));
        assert_eq!(
            fits(&tier, &text("golden")),
            Err("has `golden`, which is not one of its values (did you mean `gold`?): `gold`, `silver`, `bronze`".into())
        );
        let regions = spec(FieldType::ListOf, &["eu", "us"]);
        assert_eq!(
            fits(&regions, &FieldValue::List(vec!["eu".into(), "us".into()])),
            Ok(())
        );
        assert!(fits(&regions, &text("eu")).is_err());
        assert!(fits(&regions, &FieldValue::List(vec!["asia".into()])).is_err());
    }
}
