//! Atlassian Statuspage public API JSON: the incident list (`/api/v2/incidents.json`,
//! `{"page": …, "incidents": […]}`), `summary.json` (`incidents` and
//! `scheduled_maintenances`), the scheduled-maintenance list, or one bare incident. The
//! document is read streaming (see [`read`]): an export of every incident a page ever had can
//! be large, and only the typed incidents are kept.

use std::cell::RefCell;
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

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

/// Reads a Statuspage document of any of the shapes in the module docs, streaming: the
/// incident lists are read an incident at a time straight into [`Incident`]s, so the document
/// is never held whole, neither as text nor as a JSON tree (one bare incident, which has no
/// list around it, is the exception: it is read as a tree, then typed). A syntax error gives
/// its line and column; a value of the wrong shape gives its JSON path (`incidents[3]`) with
/// the line and column where it was found.
pub fn read(path: &Path, input: impl Read) -> Result<Document, ImportError> {
    let at = RefCell::new("$".to_string());
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(input));
    let result = TopSeed { at: &at }
        .deserialize(&mut de)
        .and_then(|top| de.end().map(|()| top));
    let top = match result {
        Ok(top) => top,
        Err(e) if e.classify() == serde_json::error::Category::Data => {
            return Err(ImportError::value(path, at.take(), data_message(&e)));
        }
        Err(e) => return Err(ImportError::json(path, &e)),
    };
    let mut incidents = top.incidents;
    incidents.extend(top.maintenances);
    if top.lists {
        // An incident list or summary.json.
    } else if let Some(one) = top.incident {
        incidents.push(("incident".to_string(), one));
    } else if top.rest.contains_key("incident_updates") || top.rest.contains_key("id") {
        let one = serde_json::Value::Object(top.rest);
        incidents.push(("$".to_string(), from_value(path, "$", one)?));
    } else {
        return Err(ImportError::value(
            path,
            "$",
            "no `incidents`, `scheduled_maintenances` or incident fields found",
        ));
    }
    Ok(Document {
        page: top.page,
        incidents,
    })
}

/// A data error's message with its position in words: serde_json ends it with
/// " at line L column C".
fn data_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) if e.line() > 0 => {
            format!("{} (line {}, column {})", &text[..i], e.line(), e.column())
        }
        _ => text,
    }
}

/// The top-level object as it streams by.
#[derive(Default)]
struct Top {
    page: Option<Page>,
    incidents: Vec<(String, Incident)>,
    maintenances: Vec<(String, Incident)>,
    /// True when an `incidents` or `scheduled_maintenances` list was present.
    lists: bool,
    incident: Option<Incident>,
    /// Every other field, kept as JSON: a bare incident's own fields, or the small parts of
    /// summary.json (status, components) that are not imported.
    rest: serde_json::Map<String, serde_json::Value>,
}

/// Reads the top-level object; `at` always holds the JSON path being read, for errors.
struct TopSeed<'a> {
    at: &'a RefCell<String>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Top;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Top, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = Top;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object: an incident list, summary.json or one incident")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut top = Top::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "page" => {
                    *self.at.borrow_mut() = "page".to_string();
                    top.page = Some(map.next_value()?);
                }
                "incidents" | "scheduled_maintenances" => {
                    top.lists = true;
                    let out = if key == "incidents" {
                        &mut top.incidents
                    } else {
                        &mut top.maintenances
                    };
                    *self.at.borrow_mut() = key.clone();
                    map.next_value_seed(ListSeed {
                        key: &key,
                        at: self.at,
                        out,
                    })?;
                }
                "incident" => {
                    *self.at.borrow_mut() = "incident".to_string();
                    top.incident = Some(map.next_value()?);
                }
                _ => {
                    let value = map.next_value()?;
                    top.rest.insert(key, value);
                }
            }
            *self.at.borrow_mut() = "$".to_string();
        }
        Ok(top)
    }
}

/// Reads one list of incidents an element at a time, each straight into an [`Incident`].
struct ListSeed<'a> {
    key: &'a str,
    at: &'a RefCell<String>,
    out: &'a mut Vec<(String, Incident)>,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        for i in 0.. {
            let here = format!("{}[{i}]", self.key);
            *self.at.borrow_mut() = here.clone();
            match seq.next_element::<Incident>()? {
                Some(one) => self.out.push((here, one)),
                None => break,
            }
        }
        Ok(())
    }
}

/// Reads a part of a tree, naming the JSON path of what is wrong.
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
        let e = read(p, &b"{\"incidents\": [\n  {\"id\": \"1\",}]}"[..]).unwrap_err();
        assert_eq!(e.to_string(), "sp.json:2:14: trailing comma");
        // Read as it streams, the first problem in the document is the one reported.
        let e = read(p, &b"{\"incidents\": [\n  {\"id\": 1,}]}"[..]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "sp.json: incidents[0]: invalid type: integer `1`, expected a string (line 2, column 11)"
        );
        let e = read(p, &br#"{"incidents":[{"id":"x","name":"n","status":"resolved","created_at":"yesterday"}]}"#[..]).unwrap_err();
        assert!(e.to_string().starts_with("sp.json: incidents[0]: "), "{e}");
    }
}
