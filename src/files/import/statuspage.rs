//! Atlassian Statuspage public API JSON: the incident list (`/api/v2/incidents.json`,
//! `{"page": …, "incidents": […]}`), `summary.json` (`incidents` and
//! `scheduled_maintenances`), the scheduled-maintenance list, or one bare incident. The
//! document is parsed once into a JSON tree (status-page documents are a page of incidents,
//! not gigabytes); each incident is then read on its own, so an error names its JSON path.

use std::io::Read;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;

use crate::files::import::ImportError;

/// The status page itself.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Page {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
    /// An IANA zone name such as `America/New_York`.
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// One incident or scheduled maintenance.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Incident {
    pub id: String,
    pub name: String,
    /// `investigating`, `identified`, `monitoring`, `resolved`, `postmortem`, or for a
    /// maintenance `scheduled`, `in_progress`, `verifying`, `completed`.
    pub status: String,
    /// `none`, `minor`, `major`, `critical` (or `maintenance`).
    #[serde(default)]
    pub impact: Option<String>,
    pub created_at: DateTime<FixedOffset>,
    #[serde(default)]
    pub started_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub monitoring_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub resolved_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub shortlink: Option<String>,
    #[serde(default)]
    pub page_id: Option<String>,
    /// Set only on scheduled maintenances.
    #[serde(default)]
    pub scheduled_for: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub scheduled_until: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub incident_updates: Vec<Update>,
    #[serde(default)]
    pub components: Vec<Component>,
}

impl Incident {
    /// True for a scheduled maintenance rather than an incident.
    pub fn is_maintenance(&self) -> bool {
        self.scheduled_for.is_some() || self.impact.as_deref() == Some("maintenance")
    }
}

/// One posted update.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Update {
    pub id: String,
    pub status: String,
    /// Plain text, Markdown or HTML, as the page's authors wrote it.
    #[serde(default)]
    pub body: String,
    pub created_at: DateTime<FixedOffset>,
    /// When the page shows the update as posted; `created_at` when absent.
    #[serde(default)]
    pub display_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub affected_components: Option<Vec<ComponentChange>>,
}

impl Update {
    /// The time the page shows for the update.
    pub fn shown_at(&self) -> DateTime<FixedOffset> {
        self.display_at.unwrap_or(self.created_at)
    }
}

/// A component named by an incident.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Component {
    #[serde(default)]
    pub id: String,
    pub name: String,
}

/// A component's status change recorded with an update.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ComponentChange {
    #[serde(default)]
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub old_status: Option<String>,
    /// `operational`, `degraded_performance`, `partial_outage`, `major_outage`,
    /// `under_maintenance`.
    pub new_status: String,
}

/// What a document held.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub page: Option<Page>,
    /// Each incident with its JSON path (`incidents[2]`), in document order.
    pub incidents: Vec<(String, Incident)>,
}

/// Reads a Statuspage document of any of the shapes in the module docs.
pub fn read(path: &Path, input: impl Read) -> Result<Document, ImportError> {
    let tree: serde_json::Value = serde_json::from_reader(std::io::BufReader::new(input))
        .map_err(|e| ImportError::json(path, &e))?;
    let serde_json::Value::Object(mut top) = tree else {
        return Err(ImportError::value(
            path,
            "$",
            "expected an object: an incident list, summary.json or one incident",
        ));
    };
    let page = match top.remove("page") {
        Some(v) => Some(from_value::<Page>(path, "page", v)?),
        None => None,
    };
    let mut incidents = Vec::new();
    let lists = ["incidents", "scheduled_maintenances"];
    if lists.iter().any(|k| top.contains_key(*k)) {
        for key in lists {
            let Some(list) = top.remove(key) else {
                continue;
            };
            let serde_json::Value::Array(items) = list else {
                return Err(ImportError::value(path, key, "expected a list"));
            };
            for (i, item) in items.into_iter().enumerate() {
                let at = format!("{key}[{i}]");
                incidents.push((at.clone(), from_value::<Incident>(path, &at, item)?));
            }
        }
    } else if let Some(one) = top.remove("incident") {
        incidents.push(("incident".to_string(), from_value(path, "incident", one)?));
    } else if top.contains_key("incident_updates") || top.contains_key("id") {
        let one = serde_json::Value::Object(top);
        incidents.push(("$".to_string(), from_value(path, "$", one)?));
    } else {
        return Err(ImportError::value(
            path,
            "$",
            "no `incidents`, `scheduled_maintenances` or incident fields found",
        ));
    }
    Ok(Document { page, incidents })
}

/// Reads a part of the tree, naming the JSON path of what is wrong (`incidents[0].created_at`
/// where serde names the field).
fn from_value<T: for<'de> Deserialize<'de>>(
    path: &Path,
    at: &str,
    value: serde_json::Value,
) -> Result<T, ImportError> {
    serde_json::from_value(value).map_err(|e| {
        let text = e.to_string();
        ImportError::value(path, at, text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_errors() {
        let p = Path::new("sp.json");
        let one = r#"{"id":"x1","name":"API errors","status":"resolved","created_at":"2024-03-01T10:00:00Z","incident_updates":[]}"#;
        let d = read(p, one.as_bytes()).unwrap();
        assert_eq!(d.incidents.len(), 1);
        assert_eq!(d.incidents[0].0, "$");
        let list = format!(
            r#"{{"page":{{"id":"p","name":"Acme","time_zone":"Etc/UTC"}},"incidents":[{one}]}}"#
        );
        let d = read(p, list.as_bytes()).unwrap();
        assert_eq!(d.page.map(|p| p.name), Some("Acme".to_string()));
        assert_eq!(d.incidents[0].0, "incidents[0]");
        let summary = format!(
            r#"{{"page":{{"id":"p","name":"Acme"}},"status":{{"indicator":"minor"}},"components":[],"incidents":[{one}],"scheduled_maintenances":[{one}]}}"#
        );
        let d = read(p, summary.as_bytes()).unwrap();
        let paths: Vec<&str> = d.incidents.iter().map(|(at, _)| at.as_str()).collect();
        assert_eq!(paths, ["incidents[0]", "scheduled_maintenances[0]"]);
        let e = read(p, &b"{\"incidents\": [\n  {\"id\": 1,}]}"[..]).unwrap_err();
        assert_eq!(e.to_string(), "sp.json:2:12: trailing comma");
        let e = read(p, &br#"{"incidents":[{"id":"x","name":"n","status":"resolved","created_at":"yesterday"}]}"#[..]).unwrap_err();
        assert!(e.to_string().starts_with("sp.json: incidents[0]: "), "{e}");
    }
}
