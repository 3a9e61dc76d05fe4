//! Severity: a level of a ranked scale. The scale is the team's (`severities` in the
//! configuration, `docs/config.md`) or, without one, the built-in Sev1–Sev4. A record names its
//! level bare, as a RON identifier (`severity: Sev2`, `severity: P0`), the way records have
//! always written it, so old records read unchanged and `fmt` never rewrites them; a level's
//! name must therefore be an identifier. Which names are valid is a question for the scale,
//! asked by `check`, not by the parser: a record whose level the team has since removed still
//! loads, and `check` says what to do about it.

use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

/// A severity level as a record names it (`Sev2`, `P0`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Severity(String);

impl Severity {
    /// A level named `name` (not checked against any scale).
    pub fn new(name: impl Into<String>) -> Severity {
        Severity(name.into())
    }

    /// The level's name, as records, JSON and tables write it.
    pub fn name(&self) -> &str {
        &self.0
    }

    /// The machine word in CSV and the command line's spelling: the name in lower case
    /// (`sev2`).
    pub fn token(&self) -> String {
        self.0.to_lowercase()
    }

    /// The built-in levels, by rank (0 is Sev1).
    pub fn builtin(rank: usize) -> Severity {
        Severity::new(BUILTIN[rank.min(BUILTIN.len() - 1)].0)
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name as a `'static` string, for serde's unit variant (the only way to make RON write a
/// bare identifier). Each distinct name is kept once for the life of the process; there are as
/// many as the levels the records use.
fn interned(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(n) = names.get(name) {
        return n;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    names.insert(leaked);
    leaked
}

impl Serialize for Severity {
    /// A unit variant: bare in RON (`Sev2`), a string in JSON (`"Sev2"`).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_unit_variant("Severity", 0, interned(&self.0))
    }
}

impl<'de> Deserialize<'de> for Severity {
    /// A bare identifier in RON, a string in JSON.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Severity;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a severity level such as `Sev2`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Severity, E> {
                if is_identifier(v) {
                    Ok(Severity::new(v))
                } else {
                    Err(E::custom(format!(
                        "`{v}` is not a severity level: a level is a name such as `Sev2`"
                    )))
                }
            }
            fn visit_enum<A: serde::de::EnumAccess<'de>>(self, a: A) -> Result<Severity, A::Error> {
                use serde::de::VariantAccess;
                let (name, rest): (Identifier, _) = a.variant()?;
                rest.unit_variant()?;
                self.visit_str(&name.0)
            }
        }
        d.deserialize_enum("Severity", &[], Visitor)
    }
}

/// A variant's name, read as the identifier it is (a `String` would want quotes in RON).
struct Identifier(String);

impl<'de> Deserialize<'de> for Identifier {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Identifier;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a severity level such as `Sev2`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Identifier, E> {
                Ok(Identifier(v.to_string()))
            }
        }
        d.deserialize_identifier(Visitor)
    }
}

/// True when `name` can stand bare in a record: an ASCII letter, then ASCII letters, digits or
/// `_`.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// One level of a severity scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityLevel {
    /// The name records store (`P0`): an identifier.
    pub name: String,
    /// What the level means, one sentence, for help texts and `config show`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meaning: Option<String>,
    /// The one word documents show beside the name (`critical`): "Severity: P0 (critical)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word: Option<String>,
    /// Whether incidents of this level count as major incidents in `stats`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub major: bool,
}

/// The built-in scale: name, word and meaning, worst first.
const BUILTIN: [(&str, &str, &str); 4] = [
    (
        "Sev1",
        "critical",
        "Critical: a region, zone or core product down for many customers, or data loss.",
    ),
    (
        "Sev2",
        "major",
        "Major: a product down or badly degraded for a significant set of customers.",
    ),
    (
        "Sev3",
        "minor",
        "Minor: partial degradation, workaround available, limited customers.",
    ),
    (
        "Sev4",
        "low",
        "Low: no customer-visible impact, or a near miss worth learning from.",
    ),
];

/// A severity scale: its levels, worst first.
#[derive(Clone, Debug, PartialEq)]
pub struct Scale {
    pub levels: Vec<SeverityLevel>,
    /// True for the built-in Sev1–Sev4.
    pub builtin: bool,
}

impl Default for Scale {
    fn default() -> Self {
        Scale::builtin()
    }
}

impl Scale {
    /// Sev1 (worst) to Sev4. No level counts as major: the built-in scale makes no such
    /// claim, so `stats` shows no major count without a team's scale.
    pub fn builtin() -> Scale {
        Scale {
            levels: BUILTIN
                .iter()
                .map(|(name, word, meaning)| SeverityLevel {
                    name: (*name).to_string(),
                    meaning: Some((*meaning).to_string()),
                    word: Some((*word).to_string()),
                    major: false,
                })
                .collect(),
            builtin: true,
        }
    }

    /// The team's scale, or the built-in one when `levels` is empty.
    pub fn of(levels: &[SeverityLevel]) -> Scale {
        if levels.is_empty() {
            Scale::builtin()
        } else {
            Scale {
                levels: levels.to_vec(),
                builtin: false,
            }
        }
    }

    /// The level of this scale that stands for a built-in level, by rank: `Sev1` is the
    /// worst level, `Sev2` the second, `Sev3` the third, `Sev4` the last (each clamped to the
    /// scale's length). On the built-in scale, the level itself. For importers, which map a
    /// provider's impact onto Sev1–Sev4.
    pub fn from_builtin(&self, s: &Severity) -> Severity {
        let Some(rank) = Scale::builtin().rank(s) else {
            return s.clone();
        };
        if self.builtin || self.levels.is_empty() {
            return s.clone();
        }
        let last = self.levels.len() - 1;
        let at = if rank == BUILTIN.len() - 1 {
            last
        } else {
            rank.min(last)
        };
        Severity::new(self.levels[at].name.clone())
    }

    /// The level's position, 0 for the worst; `None` for a level the scale does not have.
    pub fn rank(&self, s: &Severity) -> Option<usize> {
        self.levels.iter().position(|l| l.name == s.name())
    }

    /// The position used for sorting: unknown levels after every known one.
    pub fn sort_key(&self, s: &Severity) -> usize {
        self.rank(s).unwrap_or(self.levels.len())
    }

    /// The level named `s`, when the scale has it.
    pub fn level(&self, s: &Severity) -> Option<&SeverityLevel> {
        self.levels.iter().find(|l| l.name == s.name())
    }

    /// The level's word for documents: its `word`, else the first word of its meaning in
    /// lower case (`Critical: …` gives `critical`); empty when it has neither.
    pub fn word(&self, s: &Severity) -> String {
        let Some(level) = self.level(s) else {
            return String::new();
        };
        if let Some(w) = &level.word {
            return w.clone();
        }
        level
            .meaning
            .as_deref()
            .and_then(|m| m.split_whitespace().next())
            .map(|w| {
                w.trim_end_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .unwrap_or_default()
    }

    /// Whether the level counts as a major incident.
    pub fn is_major(&self, s: &Severity) -> bool {
        self.level(s).is_some_and(|l| l.major)
    }

    /// True when some level counts as major.
    pub fn has_major(&self) -> bool {
        self.levels.iter().any(|l| l.major)
    }

    /// The names, worst first.
    pub fn names(&self) -> Vec<String> {
        self.levels.iter().map(|l| l.name.clone()).collect()
    }

    /// The names as a sentence part: "`P0`, `P1`, `P2`".
    pub fn listed(&self) -> String {
        self.levels
            .iter()
            .map(|l| format!("`{}`", l.name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The level `typed` names, ignoring case (`p0`, `SEV2`), or an error that lists the
    /// scale's names with the nearest ones.
    pub fn parse(&self, typed: &str) -> Result<Severity, String> {
        let t = typed.trim();
        if let Some(l) = self.levels.iter().find(|l| l.name.eq_ignore_ascii_case(t)) {
            return Ok(Severity::new(l.name.clone()));
        }
        Err(self.unknown(t))
    }

    /// "`x` is not a severity level of …": the message for a level the scale lacks.
    pub fn unknown(&self, typed: &str) -> String {
        let names = self.names();
        let near = crate::model::text::nearest(typed, &names);
        let hint = if near.is_empty() {
            String::new()
        } else {
            let near: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
            format!(" (did you mean {}?)", near.join(" or "))
        };
        let whose = if self.builtin {
            "the built-in scale"
        } else {
            "the team's scale"
        };
        format!(
            "`{typed}` is not a severity level of {whose}{hint}; the levels, worst first: {}",
            self.listed()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Holder {
        severity: Severity,
    }

    #[test]
    fn records_write_the_level_bare_and_json_as_a_string() {
        let h: Holder = ron::from_str(r#"(severity: Sev2)"#).unwrap();
        assert_eq!(h.severity, Severity::new("Sev2"));
        let h: Holder = ron::from_str(r#"(severity: P0)"#).unwrap();
        assert_eq!(h.severity.name(), "P0");
        assert_eq!(ron::to_string(&h).unwrap(), "(severity:P0)");
        assert_eq!(serde_json::to_string(&h).unwrap(), r#"{"severity":"P0"}"#);
        let back: Holder = serde_json::from_str(r#"{"severity":"Sev3"}"#).unwrap();
        assert_eq!(back.severity.name(), "Sev3");
        assert!(serde_json::from_str::<Holder>(r#"{"severity":"not one"}"#).is_err());
    }

    #[test]
    fn the_scale_ranks_parses_and_suggests() {
        let b = Scale::builtin();
        assert_eq!(b.rank(&Severity::new("Sev3")), Some(2));
        assert_eq!(b.word(&Severity::new("Sev1")), "critical");
        assert_eq!(b.parse("sev2"), Ok(Severity::new("Sev2")));
        assert_eq!(
            b.parse("Sev5").unwrap_err(),
            "`Sev5` is not a severity level of the built-in scale (did you mean `Sev1` or `Sev2` or `Sev3` or `Sev4`?); the levels, worst first: `Sev1`, `Sev2`, `Sev3`, `Sev4`"
        );
        let team = Scale::of(&[
            SeverityLevel {
                name: "P0".into(),
                meaning: Some("Everything is down.".into()),
                word: None,
                major: true,
            },
            SeverityLevel {
                name: "P1".into(),
                meaning: None,
                word: Some("high".into()),
                major: false,
            },
        ]);
        assert_eq!(team.word(&Severity::new("P0")), "everything");
        assert_eq!(team.word(&Severity::new("P1")), "high");
        assert!(team.is_major(&Severity::new("P0")) && !team.is_major(&Severity::new("P1")));
        assert_eq!(team.sort_key(&Severity::new("Sev2")), 2);
        assert!(team.parse("Sev2").unwrap_err().contains("the team's scale"));
        let p = |n: &str| Severity::new(n);
        assert_eq!(team.from_builtin(&p("Sev1")), p("P0"));
        assert_eq!(
            team.from_builtin(&p("Sev3")),
            p("P1"),
            "clamped to a short scale"
        );
        assert_eq!(team.from_builtin(&p("Sev4")), p("P1"), "the last level");
        assert_eq!(b.from_builtin(&p("Sev3")), p("Sev3"));
        assert!(is_identifier("SEV_0") && !is_identifier("0P") && !is_identifier("P-1"));
    }
}
