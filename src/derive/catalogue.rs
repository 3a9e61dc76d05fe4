//! The team's service catalogue applied to a record: `check` warns about services the
//! catalogue does not know (W181), with the nearest catalogue names, and about services stored
//! under an alias or another spelling than the catalogue's name.

use std::path::Path;

use crate::files::locate::{Path as FieldPath, locate_position};
use crate::model::config::Config;
use crate::model::problem::Problem;
use crate::model::record::Incident;
use crate::model::rule::Rule;

/// The catalogue problems of one record; none when the catalogue is empty.
pub fn catalogue_problems(
    file: &Path,
    text: &str,
    inc: &Incident,
    config: &Config,
) -> Vec<Problem> {
    if config.services.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, s) in inc.services.iter().enumerate() {
        let at = || {
            Some(locate_position(
                text,
                &FieldPath::root().field("services").index(i).field("name"),
            ))
        };
        let message = match config.catalogue_name(&s.name) {
            Some(name) if name == s.name => continue,
            Some(name) => format!(
                "service `{}` is stored under another name than the catalogue's, `{name}`; rename it to `{name}` with `incident edit {}`, so that views and stats count it as one service",
                s.name, inc.id
            ),
            None => {
                let near = nearest(config, &s.name);
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!(" (did you mean {}?)", near.join(", "))
                };
                format!(
                    "service `{}` is not in the team's service catalogue{hint}; rename it with `incident edit {}`, or add it to the catalogue in the configuration (`incident config show` says where)",
                    s.name, inc.id
                )
            }
        };
        out.push(Problem::new(
            file,
            at(),
            Rule::ServiceNotInCatalogue,
            message,
        ));
    }
    out
}

/// The catalogue names nearest to `typed` (names and aliases, by the one rule of
/// [`crate::model::text::nearest`]), each once, for a "did you mean".
fn nearest(config: &Config, typed: &str) -> Vec<String> {
    let all: Vec<String> = config
        .all_service_names()
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut out: Vec<String> = Vec::new();
    for n in crate::model::text::nearest(typed, &all) {
        let name = format!("`{}`", config.service_name(n));
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::CatalogueService;

    #[test]
    fn unknown_and_misspelt_services_are_warned_about_with_the_nearest_names() {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        let inc = crate::files::load::parse_text(Path::new("hk.ron"), text).unwrap();
        let config = Config {
            services: vec![
                CatalogueService {
                    name: "OSS (Zone C)".into(),
                    ..Default::default()
                },
                CatalogueService {
                    name: "ECS (Zone C)".into(),
                    aliases: vec!["ebs (zone c)".into()],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let problems = catalogue_problems(Path::new("hk.ron"), text, &inc, &config);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        // ECS and OSS are known; EBS is stored under an alias; RDS and the control plane are
        // not in the catalogue.
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(messages[0].starts_with("service `EBS (Zone C)` is stored under another name than the catalogue's, `ECS (Zone C)`"));
        assert!(messages[1].starts_with(
            "service `RDS and other databases (Zone C)` is not in the team's service catalogue;"
        ));
        assert!(
            problems
                .iter()
                .all(|p| p.code == Rule::ServiceNotInCatalogue && p.position.is_some())
        );
        assert!(catalogue_problems(Path::new("hk.ron"), text, &inc, &Config::default()).is_empty());
        assert_eq!(nearest(&config, "oss (zone-c)"), ["`OSS (Zone C)`"]);
    }
}
