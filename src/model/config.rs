//! A team's own conventions, from one optional file in the incidents folder
//! ([`CONFIG_FILE`]): defaults for new records, a catalogue of the team's services, its
//! severity scale, its incident roles and its custom fields. Every
//! key is optional; without the file the tool behaves as if it were empty. `docs/config.md`
//! documents each key.

use serde::{Deserialize, Serialize};

use crate::model::fields::FieldValue;
use crate::model::record::IncidentKind;
use crate::model::roles::{Role, RoleHolder};
use crate::model::severity::{Scale, SeverityLevel};

/// The configuration's file name, in the incidents folder. Hidden, so that no record id (which
/// cannot start with a dot) can ever take its name.
pub const CONFIG_FILE: &str = ".incident.ron";

/// The configuration schema this build reads and writes.
pub const CONFIG_SCHEMA: u32 = 1;

/// The whole configuration file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The configuration schema version; 1.
    #[serde(default = "config_schema")]
    pub schema: u32,
    #[serde(default)]
    pub defaults: Defaults,
    /// The team's services: canonical names, owners, tiers and the other names people type.
    #[serde(default)]
    pub services: Vec<CatalogueService>,
    /// The team's severity scale, worst first; empty for the built-in Sev1–Sev4.
    #[serde(default)]
    pub severities: Vec<SeverityLevel>,
    /// The team's incident roles; empty for the built-in ones.
    #[serde(default)]
    pub roles: Vec<TeamRole>,
    /// The extra fields the team records on each incident.
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
}

impl Default for Config {
    /// No configuration: the built-in behaviour.
    fn default() -> Self {
        Config {
            schema: CONFIG_SCHEMA,
            defaults: Defaults::default(),
            services: Vec::new(),
            severities: Vec::new(),
            roles: Vec::new(),
            fields: Vec::new(),
        }
    }
}

fn config_schema() -> u32 {
    CONFIG_SCHEMA
}

/// What a new record starts with, and what figures count.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// The home time zone of new incidents (an IANA name), used when `new` gets no `--tz`.
    #[serde(default)]
    pub timezone: Option<String>,
    /// The organisation of new incidents.
    #[serde(default)]
    pub organisation: Option<String>,
    /// The authors of new incidents. The entry `"from git"` stands for `git config user.name`.
    #[serde(default)]
    pub authors: Vec<String>,
    /// The kinds of incident `list` and `stats` show when no `--kind` is given
    /// (built in: `[Real]`).
    #[serde(default)]
    pub kinds: Vec<IncidentKind>,
}

/// The authors entry that stands for the person running the command, as git knows them.
pub const AUTHOR_FROM_GIT: &str = "from git";

/// One service of the team's catalogue.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueService {
    /// The canonical name, stored in records.
    pub name: String,
    #[serde(default)]
    pub owner: Option<String>,
    /// The team's tier or criticality, as the team writes it (`"1"`, `"critical"`).
    #[serde(default)]
    pub tier: Option<String>,
    /// Other names people type for it; matched ignoring case, like `name`.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// One of the team's incident roles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamRole {
    /// The team's name for the role ("incident lead"), shown in documents.
    pub name: String,
    /// The built-in role it stands for (`IncidentCommander`), when it is one; records then
    /// store that role. Without it the role is the team's own: records store `Other` with the
    /// name as the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meaning: Option<String>,
}

/// The type of a custom field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldType {
    /// Any text: `"Payments"`.
    Text,
    /// A number: `1200`, `0.5`.
    Number,
    /// One of the field's `values`: `"gold"`.
    OneOf,
    /// A list of the field's `values`: `["eu", "us"]` (any texts when it has none).
    ListOf,
    /// A day, `"YYYY-MM-DD"`.
    Date,
}

impl FieldType {
    /// How the type reads in messages.
    pub fn describe(self) -> &'static str {
        match self {
            FieldType::Text => "a text",
            FieldType::Number => "a number",
            FieldType::OneOf => "one of its values",
            FieldType::ListOf => "a list of its values",
            FieldType::Date => "a date (YYYY-MM-DD)",
        }
    }
}

/// One custom field: its name, type and whether a postmortem needs it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The key records use under `fields` (`product`).
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// The allowed values of a `OneOf` or `ListOf` field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Whether a record must give it before its postmortem is ready for review.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meaning: Option<String>,
}

impl FieldSpec {
    /// The value `typed` on the command line gives this field: a number for `Number`, the
    /// listed value (matched ignoring case) for `OneOf`, comma-separated values for `ListOf`,
    /// a `YYYY-MM-DD` day for `Date`, the text itself for `Text`.
    pub fn parse_value(&self, typed: &str) -> Result<FieldValue, String> {
        let t = typed.trim();
        let pick = |s: &str| -> Result<String, String> {
            if self.values.is_empty() {
                return Ok(s.to_string());
            }
            self.values
                .iter()
                .find(|v| v.trim().eq_ignore_ascii_case(s))
                .cloned()
                .ok_or_else(|| {
                    let near = crate::model::text::nearest(s, &self.values);
                    let hint = if near.is_empty() {
                        String::new()
                    } else {
                        let near: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
                        format!(" (did you mean {}?)", near.join(" or "))
                    };
                    let all: Vec<String> = self.values.iter().map(|v| format!("`{v}`")).collect();
                    format!(
                        "`{s}` is not a value of field `{}`{hint}; its values: {}",
                        self.name,
                        all.join(", ")
                    )
                })
        };
        match self.kind {
            FieldType::Text => Ok(FieldValue::Text(typed.to_string())),
            FieldType::Number => t
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(FieldValue::Number)
                .ok_or_else(|| format!("field `{}` takes a number, not `{t}`", self.name)),
            FieldType::Date => chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map(|d| FieldValue::Text(d.format("%Y-%m-%d").to_string()))
                .map_err(|_| {
                    format!(
                        "field `{}` takes a day, YYYY-MM-DD (like 2024-03-31), not `{t}`",
                        self.name
                    )
                }),
            FieldType::OneOf => pick(t).map(FieldValue::Text),
            FieldType::ListOf => t
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(pick)
                .collect::<Result<Vec<_>, _>>()
                .map(FieldValue::List),
        }
    }
}

impl Config {
    /// The severity scale in use: the team's, or the built-in Sev1–Sev4.
    pub fn scale(&self) -> Scale {
        Scale::of(&self.severities)
    }

    /// The team's custom field named `name`.
    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The team's name for a role holder's role: the team role standing for its built-in role,
    /// else the holder's own name (its title, or the built-in label).
    pub fn role_label(&self, h: &RoleHolder) -> String {
        let has_title = h.title.as_deref().is_some_and(|t| !t.trim().is_empty());
        if !has_title && let Some(r) = self.roles.iter().find(|r| r.role == Some(h.role)) {
            return r.name.clone();
        }
        h.role_name()
    }

    /// The team role a holder's role is, when the team configures roles: matched by the role
    /// it stands for, or by name ignoring case (a title or a built-in label).
    pub fn team_role(&self, h: &RoleHolder) -> Option<&TeamRole> {
        let has_title = h.title.as_deref().is_some_and(|t| !t.trim().is_empty());
        if !has_title && let Some(r) = self.roles.iter().find(|r| r.role == Some(h.role)) {
            return Some(r);
        }
        let name = h.role_name().to_lowercase();
        self.roles
            .iter()
            .find(|r| r.name.trim().to_lowercase() == name)
    }

    /// What a role command stores for a role typed as `typed`: a team role's name (ignoring
    /// case) gives the built-in role it stands for, or `Other` with its name as the title.
    /// `None` when the team has no such role.
    pub fn role_of(&self, typed: &str) -> Option<(Role, Option<String>)> {
        let t = typed.trim().to_lowercase();
        let r = self
            .roles
            .iter()
            .find(|r| r.name.trim().to_lowercase() == t)?;
        Some(match r.role {
            Some(role) => (role, None),
            None => (Role::Other, Some(r.name.clone())),
        })
    }

    /// The catalogue's name for a service typed as `typed`: the service whose name or one of
    /// whose aliases equals it, ignoring case. `None` when the catalogue does not know it.
    pub fn catalogue_name(&self, typed: &str) -> Option<&str> {
        let typed = typed.trim().to_lowercase();
        let same = |name: &str| name.trim().to_lowercase() == typed;
        self.services
            .iter()
            .find(|s| same(&s.name) || s.aliases.iter().any(|a| same(a)))
            .map(|s| s.name.as_str())
    }

    /// `typed` as records should store it: the catalogue's name when it knows the service,
    /// else `typed` unchanged.
    pub fn service_name(&self, typed: &str) -> String {
        self.catalogue_name(typed)
            .map_or_else(|| typed.to_string(), str::to_string)
    }

    /// Every name and alias of the catalogue, for completion and suggestions.
    pub fn all_service_names(&self) -> Vec<&str> {
        self.services
            .iter()
            .flat_map(|s| {
                std::iter::once(s.name.as_str()).chain(s.aliases.iter().map(String::as_str))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_and_case_give_the_catalogue_name() {
        let c = Config {
            services: vec![CatalogueService {
                name: "Checkout API".into(),
                aliases: vec!["checkout".into(), "co-api".into()],
                ..Default::default()
            }],
            ..Default::default()
        };
        for typed in [
            "Checkout API",
            "checkout api",
            "CHECKOUT",
            "Co-API",
            " checkout ",
        ] {
            assert_eq!(c.catalogue_name(typed), Some("Checkout API"), "{typed}");
        }
        assert_eq!(c.catalogue_name("Payments"), None);
        assert_eq!(c.service_name("Payments"), "Payments");
        assert_eq!(c.service_name("co-api"), "Checkout API");
    }

    #[test]
    fn typed_field_values_take_their_field_type() {
        let spec = |kind, values: &[&str]| FieldSpec {
            name: "f".into(),
            kind,
            values: values.iter().map(|s| s.to_string()).collect(),
            required: false,
            meaning: None,
        };
        let tier = spec(FieldType::OneOf, &["gold", "silver"]);
        assert_eq!(
            tier.parse_value("GOLD"),
            Ok(FieldValue::Text("gold".into()))
        );
        assert_eq!(
            tier.parse_value("golf").unwrap_err(),
            "`golf` is not a value of field `f` (did you mean `gold`?); its values: `gold`, `silver`"
        );
        assert_eq!(
            spec(FieldType::ListOf, &["eu", "us"]).parse_value("EU, us"),
            Ok(FieldValue::List(vec!["eu".into(), "us".into()]))
        );
        assert_eq!(
            spec(FieldType::Number, &[]).parse_value("1200"),
            Ok(FieldValue::Number(1200.0))
        );
        assert!(spec(FieldType::Number, &[]).parse_value("many").is_err());
        assert_eq!(
            spec(FieldType::Date, &[]).parse_value("2024-03-01"),
            Ok(FieldValue::Text("2024-03-01".into()))
        );
        assert!(spec(FieldType::Date, &[]).parse_value("March").is_err());
    }

    #[test]
    fn team_roles_name_built_in_roles_and_their_own() {
        let c = Config {
            roles: vec![
                TeamRole {
                    name: "incident lead".into(),
                    role: Some(Role::IncidentCommander),
                    meaning: None,
                },
                TeamRole {
                    name: "database lead".into(),
                    role: None,
                    meaning: None,
                },
            ],
            ..Default::default()
        };
        let holder = |role, title: Option<&str>| RoleHolder {
            role,
            title: title.map(str::to_string),
            person: "Ana".into(),
            from: None,
            to: None,
            sources: vec![],
            note: None,
        };
        let ic = holder(Role::IncidentCommander, None);
        assert_eq!(c.role_label(&ic), "incident lead");
        assert_eq!(
            c.team_role(&ic).map(|r| r.name.as_str()),
            Some("incident lead")
        );
        let db = holder(Role::Other, Some("Database Lead"));
        assert_eq!(
            c.role_label(&db),
            "Database Lead",
            "a title is shown as written"
        );
        assert!(c.team_role(&db).is_some(), "matched ignoring case");
        assert!(c.team_role(&holder(Role::Scribe, None)).is_none());
        assert_eq!(
            c.role_of("Incident Lead"),
            Some((Role::IncidentCommander, None))
        );
        assert_eq!(
            c.role_of("database lead"),
            Some((Role::Other, Some("database lead".into())))
        );
        assert_eq!(c.role_of("scribe"), None);
        // Without team roles, the built-in labels.
        assert_eq!(Config::default().role_label(&ic), "incident commander");
    }
}
