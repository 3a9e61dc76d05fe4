//! `incident source add|set|rm`: the record's sources — where its facts come from.

use chrono::NaiveDate;

use crate::model::change::EditError;
use crate::model::record::{Incident, MomentName, Source, SourceKind};

/// A source to add.
#[derive(Clone, Debug, PartialEq)]
pub struct NewSource {
    /// The id facts cite it by: `statement`, `scmp-3203983`.
    pub key: String,
    pub title: String,
    pub url: Option<String>,
    pub kind: SourceKind,
    pub publisher: Option<String>,
    pub published: Option<NaiveDate>,
    pub note: Option<String>,
    pub further_reading: bool,
    /// Left out of public documents.
    pub internal: bool,
}

/// Changes to a source; `None` leaves a field as it is, `Some("")` empties an optional text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceChange {
    pub title: Option<String>,
    pub url: Option<String>,
    pub kind: Option<SourceKind>,
    pub publisher: Option<String>,
    pub published: Option<NaiveDate>,
    pub note: Option<String>,
    pub further_reading: Option<bool>,
}

/// Adds a source. Its key must be a safe id the record does not use yet.
pub fn add_source(inc: &mut Incident, s: NewSource) -> Result<(), EditError> {
    if !crate::model::text::is_safe_id(&s.key) {
        return Err(EditError::UnsafeKey(crate::model::text::visible(&s.key)));
    }
    if inc.source(&s.key).is_some() {
        return Err(EditError::SourceExists {
            key: s.key,
            id: inc.id.clone(),
        });
    }
    inc.sources.push(Source {
        id: s.key,
        title: s.title,
        url: non_empty(s.url),
        kind: s.kind,
        publisher: non_empty(s.publisher),
        published: s.published,
        note: non_empty(s.note),
        further_reading: s.further_reading,
        internal: s.internal,
    });
    Ok(())
}

/// Changes a source's fields.
pub fn set_source(inc: &mut Incident, key: &str, c: SourceChange) -> Result<(), EditError> {
    if c == SourceChange::default() {
        return Err(EditError::NothingToChange);
    }
    let missing = unknown(inc, key);
    let Some(s) = inc.sources.iter_mut().find(|s| s.id == key) else {
        return Err(missing);
    };
    if let Some(t) = c.title {
        s.title = t;
    }
    if c.url.is_some() {
        s.url = non_empty(c.url);
    }
    if let Some(k) = c.kind {
        s.kind = k;
    }
    if c.publisher.is_some() {
        s.publisher = non_empty(c.publisher);
    }
    if c.published.is_some() {
        s.published = c.published;
    }
    if c.note.is_some() {
        s.note = non_empty(c.note);
    }
    if let Some(f) = c.further_reading {
        s.further_reading = f;
    }
    Ok(())
}

/// Removes a source no fact cites; a cited one is refused, naming what cites it.
pub fn remove_source(inc: &mut Incident, key: &str) -> Result<Source, EditError> {
    let Some(pos) = inc.sources.iter().position(|s| s.id == key) else {
        return Err(unknown(inc, key));
    };
    let by = citations_of(inc, key);
    if !by.is_empty() {
        return Err(EditError::SourceCited {
            key: key.to_string(),
            by,
            id: inc.id.clone(),
        });
    }
    Ok(inc.sources.remove(pos))
}

/// What cites the source `key`, in words a reader knows from the commands: `the summary`,
/// `moment detected`, `event e3`, `action A1`, `service "Payments"`.
pub fn citations_of(inc: &Incident, key: &str) -> Vec<String> {
    let cites = |ids: &[String]| ids.iter().any(|i| i == key);
    let mut by = Vec::new();
    if cites(&inc.summary_sources) {
        by.push("the summary".to_string());
    }
    for name in MomentName::ALL {
        if inc.moments.get(name).is_some_and(|m| cites(&m.sources)) {
            by.push(format!("moment {}", name.cli()));
        }
    }
    for (kind, t) in inc.targets() {
        if cites(&t.sources) || t.windows.iter().any(|w| cites(&w.sources)) {
            by.push(format!("{} \"{}\"", kind.label(), t.name));
        }
    }
    for e in &inc.events {
        if cites(&e.sources) {
            by.push(format!("event {}", e.id));
        }
    }
    let causes = [
        ("trigger", &inc.causes.trigger),
        ("root cause", &inc.causes.root_causes),
        ("contributing cause", &inc.causes.contributing),
        ("lesson", &inc.lessons.went_well),
        ("lesson", &inc.lessons.went_wrong),
        ("lesson", &inc.lessons.lucky),
    ];
    for (what, list) in causes {
        for f in list.iter().filter(|f| cites(&f.sources)) {
            let name = f.id.clone().unwrap_or_else(|| {
                format!("\"{}\"", crate::model::text::cut_at_word(&f.text, 40, "…"))
            });
            by.push(format!("{what} {name}"));
        }
    }
    for a in &inc.actions {
        if cites(&a.sources) {
            by.push(format!("action {}", a.id));
        }
    }
    for r in &inc.roles {
        if cites(&r.sources) {
            by.push(format!("role {} ({})", r.role.cli(), r.person));
        }
    }
    let facts = crate::model::facts::citation_lists(inc)
        .into_iter()
        .filter(|l| cites(l))
        .count();
    if facts > 0 {
        by.push(format!(
            "{facts} stated fact{} (claims, counts, figures, data loss, regions, provider severity)",
            if facts == 1 { "" } else { "s" }
        ));
    }
    by
}

fn unknown(inc: &Incident, key: &str) -> EditError {
    EditError::UnknownSource {
        key: crate::model::text::visible(key),
        known: inc.sources.iter().map(|s| s.id.clone()).collect(),
        id: inc.id.clone(),
    }
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hk() -> Incident {
        crate::model::change::shipped_record()
    }

    #[test]
    fn a_cited_source_names_what_cites_it() {
        let mut inc = hk();
        let key = inc.events[0].sources[0].clone();
        inc.summary_sources = vec![key.clone()];
        let by = citations_of(&inc, &key);
        assert_eq!(by[0], "the summary");
        assert!(
            by.contains(&format!("event {}", inc.events[0].id)),
            "{by:?}"
        );
        let mut copy = inc.clone();
        let e = remove_source(&mut copy, &key);
        assert!(matches!(e, Err(EditError::SourceCited { .. })));
        assert_eq!(copy, inc);
    }

    #[test]
    fn sources_are_added_changed_and_removed() {
        let mut inc = hk();
        let n = inc.sources.len();
        let new = NewSource {
            key: "blog".into(),
            title: "A blog".into(),
            url: Some(String::new()),
            kind: SourceKind::Press,
            publisher: Some("Blogs Inc".into()),
            published: None,
            note: None,
            further_reading: false,
            internal: false,
        };
        add_source(&mut inc, new.clone()).unwrap();
        assert_eq!(inc.sources[n].url, None);
        assert!(matches!(
            add_source(&mut inc, new),
            Err(EditError::SourceExists { .. })
        ));
        let change = SourceChange {
            publisher: Some(String::new()),
            kind: Some(SourceKind::Analysis),
            ..Default::default()
        };
        set_source(&mut inc, "blog", change).unwrap();
        assert_eq!(inc.sources[n].publisher, None);
        assert_eq!(inc.sources[n].kind, SourceKind::Analysis);
        assert_eq!(remove_source(&mut inc, "blog").unwrap().title, "A blog");
        assert_eq!(inc.sources.len(), n);
    }
}
