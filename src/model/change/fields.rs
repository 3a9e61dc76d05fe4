//! `incident set`: the record's own fields — title, summary, severity, kind, where it happened,
//! tags, authors, zone — set, cleared, or (for lists) added to and removed from.
//!
//! One [`RecordField`] word names each field; [`set_field`] dispatches on it, one arm a field,
//! so a new kind of field (custom fields) is one more word and one more arm.

use crate::model::change::EditError;
use crate::model::facts::ProviderSeverity;
use crate::model::record::{Incident, IncidentKind, Severity};
use crate::model::vocab::words;

words! {
    /// A field of the record that `incident set` writes.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum RecordField {
        /// The one-line title (one value).
        Title = "title", "title";
        /// The summary paragraph (one value, `-` for standard input, or --file).
        Summary = "summary", "summary";
        /// The sources the summary rests on (a list of source ids).
        SummarySources = "summary_sources", "summary sources";
        /// The severity: a level of the team's scale, built in sev1 to sev4 (one value;
        /// --rationale says why).
        Severity = "severity", "severity";
        /// The provider's own severity label, such as "P0" (one value; --note, --source).
        ProviderSeverity = "provider_severity", "provider severity";
        /// Whether it really happened: real, drill or test (one value).
        Kind = "kind", "kind";
        /// The organisation that had the incident (one value).
        Organisation = "organisation", "organisation";
        /// The region it happened in (one value).
        Region = "region", "region";
        /// The availability zones hit (a list).
        Zones = "zones", "zones";
        /// The site or data centre (one value).
        Site = "site", "site";
        /// Tags for finding and grouping incidents (a list).
        Tags = "tags", "tags";
        /// Who wrote the record or postmortem (a list).
        Authors = "authors", "authors";
        /// The home time zone, an IANA name such as Asia/Hong_Kong (one value).
        Timezone = "timezone", "timezone";
        /// One of the team's custom fields: its name, then its value (--clear removes it).
        Field = "field", "field";
    }
}

impl RecordField {
    /// True for fields holding a list, which `--add` and `--remove` change item by item.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            RecordField::SummarySources
                | RecordField::Zones
                | RecordField::Tags
                | RecordField::Authors
        )
    }

    /// True for fields that may be empty, which `--clear` empties.
    pub fn may_clear(self) -> bool {
        self.is_list()
            || matches!(
                self,
                RecordField::Summary
                    | RecordField::ProviderSeverity
                    | RecordField::Organisation
                    | RecordField::Region
                    | RecordField::Site
            )
    }
}

/// How the values given change the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetMode {
    /// The values are the field's new value (a list: the whole list).
    Replace,
    /// Add the values to a list (those it already holds are not added twice).
    Add,
    /// Remove the values from a list.
    Remove,
    /// Empty the field (no values).
    Clear,
}

/// What `incident set` was asked to do.
#[derive(Clone, Debug, PartialEq)]
pub struct SetRequest {
    pub field: RecordField,
    pub values: Vec<String>,
    pub mode: SetMode,
    /// Why this severity (only with `severity`).
    pub rationale: Option<String>,
    /// A note on the value (only where the field has one: `provider-severity`).
    pub note: Option<String>,
    /// Source ids the value rests on (`summary`, `provider-severity`).
    pub sources: Vec<String>,
}

/// The field's value before and after, as shown in the command's report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldSet {
    pub before: String,
    pub after: String,
}

/// Sets one field of the record as `req` says. Values are checked here (a severity word, a
/// zone name, known source ids); what the record's rules say of the result is checked by the
/// caller's validation.
pub fn set_field(inc: &mut Incident, req: SetRequest) -> Result<FieldSet, EditError> {
    let field = req.field;
    check_mode(&req)?;
    check_applies(&req)?;
    crate::model::change::known_sources(inc, &req.sources)?;
    let before = shown(inc, field);
    match field {
        RecordField::Title => inc.title = one(&req)?,
        RecordField::Summary => {
            if req.mode == SetMode::Clear {
                inc.summary.clear();
            } else {
                inc.summary = one(&req)?;
            }
            add_all(&mut inc.summary_sources, &req.sources);
        }
        RecordField::SummarySources => {
            crate::model::change::known_sources(inc, &req.values)?;
            change_list(&mut inc.summary_sources, &req);
        }
        RecordField::Severity => {
            // The command line has read the level on the team's scale; here it need only be
            // a name a record can write bare.
            let level = one(&req)?;
            if !crate::model::severity::is_identifier(&level) {
                return Err(EditError::BadValue {
                    field: field.cli(),
                    value: crate::model::text::visible(&level),
                    why: "a severity level is a name such as sev2 or P0".to_string(),
                });
            }
            inc.severity = Severity::new(level);
            if req.rationale.is_some() {
                inc.severity_rationale = req.rationale.clone();
            }
        }
        RecordField::ProviderSeverity => {
            if req.mode == SetMode::Clear {
                inc.provider_severity = None;
            } else {
                let label = one(&req)?;
                let p = inc
                    .provider_severity
                    .get_or_insert_with(|| ProviderSeverity {
                        label: label.clone(),
                        sources: Vec::new(),
                        note: None,
                    });
                p.label = label;
                if req.note.is_some() {
                    p.note = req.note.clone();
                }
                add_all(&mut p.sources, &req.sources);
            }
        }
        RecordField::Kind => inc.kind = word::<IncidentKind>(field, &one(&req)?)?,
        RecordField::Organisation => inc.organisation = optional(&req)?,
        RecordField::Region => inc.region = optional(&req)?,
        RecordField::Site => inc.site = optional(&req)?,
        RecordField::Zones => change_list(&mut inc.zones, &req),
        RecordField::Tags => change_list(&mut inc.tags, &req),
        RecordField::Authors => change_list(&mut inc.authors, &req),
        RecordField::Timezone => {
            // Every time in the record carries its own offset, so a new home zone moves no
            // time; it changes the zone times are shown and typed in.
            let name = one(&req)?;
            let tz = crate::model::time::parse_iana(&name).map_err(|e| EditError::BadValue {
                field: field.cli(),
                value: crate::model::text::visible(&name),
                why: e.to_string(),
            })?;
            inc.timezone = tz.name().to_string();
        }
        // A custom field's value is typed by the team's configuration, which this floor
        // does not read: the command line types it and calls [`set_custom`].
        RecordField::Field => {
            return Err(EditError::BadValue {
                field: field.cli(),
                value: req.values.join(" "),
                why: "a custom field is set with its type from the team's configuration (`incident set ID field NAME VALUE`)".to_string(),
            });
        }
    }
    Ok(FieldSet {
        before,
        after: shown(inc, field),
    })
}

/// The field's value as the report shows it: text quoted, lists joined, `(none)` when empty.
pub fn shown(inc: &Incident, field: RecordField) -> String {
    let quoted = |s: &str| {
        if s.is_empty() {
            "(none)".to_string()
        } else {
            format!("\"{}\"", crate::model::text::one_line(s))
        }
    };
    let list = |v: &[String]| {
        if v.is_empty() {
            "(none)".to_string()
        } else {
            v.join(", ")
        }
    };
    match field {
        RecordField::Title => quoted(&inc.title),
        RecordField::Summary => quoted(&crate::model::text::cut_at_word(&inc.summary, 60, "…")),
        RecordField::SummarySources => list(&inc.summary_sources),
        RecordField::Severity => inc.severity.token(),
        RecordField::Field => {
            let v: Vec<String> = inc
                .fields
                .iter()
                .map(|(n, v)| format!("{n}={}", v.text()))
                .collect();
            list(&v)
        }
        RecordField::ProviderSeverity => {
            quoted(inc.provider_severity.as_ref().map_or("", |p| &p.label))
        }
        RecordField::Kind => inc.kind.cli().to_string(),
        RecordField::Organisation => quoted(inc.organisation.as_deref().unwrap_or_default()),
        RecordField::Region => quoted(inc.region.as_deref().unwrap_or_default()),
        RecordField::Site => quoted(inc.site.as_deref().unwrap_or_default()),
        RecordField::Zones => list(&inc.zones),
        RecordField::Tags => list(&inc.tags),
        RecordField::Authors => list(&inc.authors),
        RecordField::Timezone => inc.timezone.clone(),
    }
}

/// Sets custom field `name` to `value` (already typed by the team's configuration), or
/// removes it when `value` is `None`; the report's before and after are the field's texts
/// (`(none)` when absent).
pub fn set_custom(
    inc: &mut Incident,
    name: &str,
    value: Option<crate::model::fields::FieldValue>,
) -> FieldSet {
    let text = |v: Option<&crate::model::fields::FieldValue>| {
        v.map_or_else(|| "(none)".to_string(), |v| v.text())
    };
    let before = text(inc.fields.get(name));
    match value {
        Some(v) => {
            inc.fields.insert(name.to_string(), v);
        }
        None => {
            inc.fields.remove(name);
        }
    }
    FieldSet {
        before,
        after: text(inc.fields.get(name)),
    }
}

/// `--add`, `--remove` only on lists; `--clear` only where the field may be empty, and with
/// no values; every other mode needs at least one value.
fn check_mode(req: &SetRequest) -> Result<(), EditError> {
    let field = req.field.cli();
    match req.mode {
        SetMode::Add | SetMode::Remove if !req.field.is_list() => Err(EditError::NotApplicable {
            option: if req.mode == SetMode::Add {
                "--add"
            } else {
                "--remove"
            },
            field,
            why: "it holds one value, not a list",
        }),
        SetMode::Clear if !req.field.may_clear() => Err(EditError::NotApplicable {
            option: "--clear",
            field,
            why: "every record has one",
        }),
        SetMode::Clear if !req.values.is_empty() => Err(EditError::FieldValues {
            field,
            wanted: "no value with --clear",
            got: req.values.len(),
        }),
        SetMode::Replace | SetMode::Add | SetMode::Remove if req.values.is_empty() => {
            Err(EditError::FieldValues {
                field,
                wanted: if req.field.is_list() {
                    "at least one value (--clear empties it)"
                } else {
                    "one value"
                },
                got: 0,
            })
        }
        _ => Ok(()),
    }
}

/// `--rationale`, `--note` and `--source` only on the fields that hold them.
fn check_applies(req: &SetRequest) -> Result<(), EditError> {
    let f = req.field;
    let refuse = |option| EditError::NotApplicable {
        option,
        field: f.cli(),
        why: "the field has no place for it",
    };
    if req.rationale.is_some() && f != RecordField::Severity {
        return Err(refuse("--rationale"));
    }
    if req.note.is_some() && f != RecordField::ProviderSeverity {
        return Err(refuse("--note"));
    }
    if !req.sources.is_empty() && !matches!(f, RecordField::Summary | RecordField::ProviderSeverity)
    {
        return Err(refuse("--source"));
    }
    Ok(())
}

/// The one value of a single-valued field.
fn one(req: &SetRequest) -> Result<String, EditError> {
    match req.values.as_slice() {
        [v] => Ok(v.clone()),
        vs => Err(EditError::FieldValues {
            field: req.field.cli(),
            wanted: "one value (quote text with spaces)",
            got: vs.len(),
        }),
    }
}

/// The value of an optional single-valued field: `None` when cleared.
fn optional(req: &SetRequest) -> Result<Option<String>, EditError> {
    if req.mode == SetMode::Clear {
        Ok(None)
    } else {
        one(req).map(Some)
    }
}

fn word<T: crate::model::vocab::Word>(field: RecordField, value: &str) -> Result<T, EditError> {
    T::parse(value).ok_or_else(|| EditError::BadValue {
        field: field.cli(),
        value: crate::model::text::visible(value),
        why: format!(
            "expected one of {}",
            T::ALL
                .iter()
                .map(|w| w.cli())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

fn add_all(list: &mut Vec<String>, items: &[String]) {
    for i in items {
        if !list.contains(i) {
            list.push(i.clone());
        }
    }
}

fn change_list(list: &mut Vec<String>, req: &SetRequest) {
    match req.mode {
        SetMode::Replace => {
            list.clear();
            add_all(list, &req.values);
        }
        SetMode::Add => add_all(list, &req.values),
        SetMode::Remove => list.retain(|v| !req.values.contains(v)),
        SetMode::Clear => list.clear(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hk() -> Incident {
        crate::model::change::shipped_record()
    }

    fn req(field: RecordField, values: &[&str], mode: SetMode) -> SetRequest {
        SetRequest {
            field,
            values: values.iter().map(|s| s.to_string()).collect(),
            mode,
            rationale: None,
            note: None,
            sources: Vec::new(),
        }
    }

    #[test]
    fn lists_are_replaced_added_to_and_removed_from() {
        let mut inc = hk();
        inc.tags = vec!["a".into(), "b".into()];
        set_field(&mut inc, req(RecordField::Tags, &["b", "c"], SetMode::Add)).unwrap();
        assert_eq!(inc.tags, ["a", "b", "c"]);
        set_field(&mut inc, req(RecordField::Tags, &["a"], SetMode::Remove)).unwrap();
        assert_eq!(inc.tags, ["b", "c"]);
        let done = set_field(
            &mut inc,
            req(RecordField::Tags, &["x", "x"], SetMode::Replace),
        );
        assert_eq!(
            done.unwrap(),
            FieldSet {
                before: "b, c".into(),
                after: "x".into()
            }
        );
        set_field(&mut inc, req(RecordField::Tags, &[], SetMode::Clear)).unwrap();
        assert!(inc.tags.is_empty());
    }

    #[test]
    fn single_values_are_checked() {
        let mut inc = hk();
        let e = set_field(
            &mut inc,
            req(RecordField::Title, &["a", "b"], SetMode::Replace),
        );
        assert!(matches!(e, Err(EditError::FieldValues { got: 2, .. })));
        let e = set_field(
            &mut inc,
            req(RecordField::Severity, &["sev 9"], SetMode::Replace),
        );
        assert!(matches!(
            e,
            Err(EditError::BadValue {
                field: "severity",
                ..
            })
        ));
        let e = set_field(&mut inc, req(RecordField::Title, &[], SetMode::Clear));
        assert!(matches!(
            e,
            Err(EditError::NotApplicable {
                option: "--clear",
                ..
            })
        ));
        let e = set_field(&mut inc, req(RecordField::Kind, &["drill"], SetMode::Add));
        assert!(matches!(
            e,
            Err(EditError::NotApplicable {
                option: "--add",
                ..
            })
        ));
        set_field(
            &mut inc,
            req(RecordField::Timezone, &["europe/london"], SetMode::Replace),
        )
        .unwrap();
        assert_eq!(inc.timezone, "Europe/London");
    }
}
