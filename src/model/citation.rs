//! A citation of a source, as facts write it in their `sources` lists: the source's id
//! (`"scmp-3203983"`), or the id with the grade of this one citation after a `#`
//! (`"scmp-3203983#quoted"`: here the paper quotes the organisation's own text). The grade is
//! a [`SourceKind`] token — official, quoted, press, analysis, internal — and overrides the
//! source's `kind` for the fact that cites it, so one source can back facts of different
//! grades. Citations stay plain strings in the record, so every older record reads, and is
//! written back, byte for byte as it was.

use std::fmt;

use crate::model::record::SourceKind;
use crate::model::vocab::Word;

/// What separates a source id from a citation's grade.
pub const GRADE_MARK: char = '#';

/// One citation, read from its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Citation<'a> {
    /// The id of the cited source.
    pub key: &'a str,
    /// The grade this citation gives, when it gives one.
    pub grade: Option<SourceKind>,
}

/// Why a citation's text cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CitationError {
    /// Nothing before the `#`.
    NoKey,
    /// The text after the `#` is not a grade.
    UnknownGrade(String),
}

impl fmt::Display for CitationError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            CitationError::NoKey => write!(f, "a citation needs a source id before `#`"),
            CitationError::UnknownGrade(g) => write!(
                f,
                "`{}` is not a citation grade; grades: {}",
                crate::model::text::visible(g),
                grade_list()
            ),
        }
    }
}

impl std::error::Error for CitationError {}

/// The grades as written after `#`: `official, press, quoted, analysis, internal`.
pub fn grade_list() -> String {
    SourceKind::ALL
        .iter()
        .map(|k| k.token())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The id of the source a citation names: the text before any `#`.
pub fn citation_key(text: &str) -> &str {
    text.split_once(GRADE_MARK).map_or(text, |(k, _)| k)
}

/// Reads a citation — `KEY` or `KEY#GRADE` — as a record holds it or a user types it
/// (`--source scmp-3203983#quoted`). A grade may be spelled as its token, its command-line
/// word or its record word (`quoted`, `Quoted`).
pub fn parse_citation(text: &str) -> Result<Citation<'_>, CitationError> {
    let Some((key, grade)) = text.split_once(GRADE_MARK) else {
        return Ok(Citation {
            key: text,
            grade: None,
        });
    };
    if key.trim().is_empty() {
        return Err(CitationError::NoKey);
    }
    match SourceKind::parse(grade) {
        Some(g) => Ok(Citation {
            key,
            grade: Some(g),
        }),
        None => Err(CitationError::UnknownGrade(grade.to_string())),
    }
}

/// A citation as the record writes it: `KEY`, or `KEY#token` with the grade's token.
pub fn citation_text(key: &str, grade: Option<SourceKind>) -> String {
    match grade {
        Some(g) => format!("{key}{GRADE_MARK}{}", g.token()),
        None => key.to_string(),
    }
}

/// A citation for people: `scmp`, or `scmp (official, quoted)` with its grade's label; text
/// that is not a citation is shown as written.
pub fn citation_display(text: &str) -> String {
    match parse_citation(text) {
        Ok(Citation {
            key,
            grade: Some(g),
        }) => format!("{key} ({})", g.label()),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_graded_citations() {
        assert_eq!(
            parse_citation("scmp-3203983"),
            Ok(Citation {
                key: "scmp-3203983",
                grade: None
            })
        );
        assert_eq!(
            parse_citation("scmp-3203983#quoted"),
            Ok(Citation {
                key: "scmp-3203983",
                grade: Some(SourceKind::Quoted)
            })
        );
        assert_eq!(
            parse_citation("blog#Analysis").unwrap().grade,
            Some(SourceKind::Analysis)
        );
        assert_eq!(citation_key("blog#analysis"), "blog");
        assert_eq!(citation_key("blog"), "blog");
        assert_eq!(
            citation_text("scmp", Some(SourceKind::Quoted)),
            "scmp#quoted"
        );
        assert_eq!(citation_text("scmp", None), "scmp");
        assert_eq!(citation_display("scmp#quoted"), "scmp (official, quoted)");
        assert_eq!(citation_display("scmp"), "scmp");
    }

    #[test]
    fn bad_citations_say_why() {
        assert_eq!(parse_citation("#press"), Err(CitationError::NoKey));
        let e = parse_citation("scmp#rumour").unwrap_err();
        assert_eq!(
            e.to_string(),
            "`rumour` is not a citation grade; grades: official, press, quoted, analysis, internal"
        );
    }
}
