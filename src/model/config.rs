//! A team's own conventions, from one optional file in the incidents folder
//! ([`CONFIG_FILE`]): defaults for new records and a catalogue of the team's services. Every
//! key is optional; without the file the tool behaves as if it were empty. `docs/config.md`
//! documents each key.

use serde::{Deserialize, Serialize};

use crate::model::record::IncidentKind;

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
}

impl Default for Config {
    /// No configuration: the built-in behaviour.
    fn default() -> Self {
        Config {
            schema: CONFIG_SCHEMA,
            defaults: Defaults::default(),
            services: Vec::new(),
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

impl Config {
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
}
