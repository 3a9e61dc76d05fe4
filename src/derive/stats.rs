//! Figures across incidents: distributions (median, 90th percentile, maximum) of the
//! per-incident figures of [`crate::derive::figures`], customer-hours, action items and unresolved
//! incidents, overall or grouped. Every figure says how many incidents it covers and how many
//! were missing or approximate, so nothing is dropped silently.
//!
//! Percentiles use the nearest-rank method: the p-th percentile of n sorted values is the
//! value at rank ⌈p/100 × n⌉ (1-based). The median is the 50th percentile by that rule, so for
//! an even count it is the lower of the two middle values — always a value that occurred.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

pub use crate::derive::figures::Unit;
use crate::derive::figures::{Bound, FigureKey, impact, key_figures};
use crate::derive::ledger::is_overdue;
use crate::derive::moments::as_of;
use crate::model::record::{Incident, IncidentKind, Severity};
use crate::model::severity::Scale;
use crate::model::time::Instant;

/// One per-incident value of a figure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Value {
    /// Whole minutes; `None` when the record does not give the times it needs.
    pub minutes: Option<i64>,
    pub approximate: bool,
}

/// A figure aggregated across incidents: the figure, and its row heading here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Metric {
    pub key: FigureKey,
    /// The row heading: the figure's label, shortened where the table has no room.
    pub label: &'static str,
}

impl Metric {
    const fn of(key: FigureKey) -> Metric {
        Metric {
            key,
            label: key.label(),
        }
    }
}

/// The figures `stats` aggregates, in the order they are shown. Each comes from
/// [`key_figures`] or [`impact`] of one incident; units and definitions come with the key.
pub const METRICS: [Metric; 6] = [
    Metric {
        key: FigureKey::TotalDuration,
        label: "Duration",
    },
    Metric::of(FigureKey::TimeToDetect),
    Metric::of(FigureKey::TimeToMitigate),
    Metric::of(FigureKey::TimeToResolve),
    Metric::of(FigureKey::ServiceHours),
    Metric::of(FigureKey::CustomerHours),
];

/// Definition of the percentile method, printed with every report.
pub const PERCENTILE_METHOD: &str = "nearest rank: of n values sorted ascending, the p-th percentile is the value at rank ⌈p/100 × n⌉; the median is the 50th percentile (for even n, the lower middle value)";
/// Definition of "approximate" in coverage counts.
pub const APPROXIMATE: &str = "the incident's value uses an approximate, day-only or ranged time, is a range or a bound (a window with an unknown end left out, a time known only as a bound), or counts an impact window still open (to the as-of time); the value used is the middle of a range, or the bound";
/// Definition of an unresolved incident.
pub const UNRESOLVED: &str = "status is not Resolved or Closed; their figures are used only where the times they need are known";
/// Definition of an open action item.
pub const OPEN_ACTIONS: &str = "action items with status Open or InProgress";
/// Definition of an overdue action item.
pub const OVERDUE_ACTIONS: &str =
    "open or in-progress action items whose due date is before the as-of day";

/// What `stats` keeps of one incident: built on the loading threads, small.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Facts {
    pub id: String,
    #[serde(
        serialize_with = "crate::model::vocab::as_token",
        deserialize_with = "crate::model::vocab::from_token"
    )]
    pub kind: IncidentKind,
    pub severity: Severity,
    pub services: Vec<String>,
    /// `YYYY-MM` of the incident's date ([`crate::derive::moments::incident_date`]).
    pub month: Option<String>,
    pub unresolved: bool,
    /// One value per entry of [`METRICS`], in that order.
    pub values: Vec<Value>,
    pub open_actions: usize,
    pub overdue_actions: usize,
    /// The custom fields' single values, as (field, value): one pair per value of a list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<(String, String)>,
}

/// Reduces one incident to its facts. Open impact windows of an incident that is not resolved
/// are counted to `at`, those of a resolved one to its own end ([`as_of`]), so a resolved
/// incident's figures never depend on the clock; action items are overdue when due before
/// `day`.
pub fn facts_of(inc: &Incident, at: Instant, day: NaiveDate) -> Facts {
    let keyed = key_figures(inc);
    let report = impact(inc, as_of(inc, None, at).at);
    let values = METRICS
        .iter()
        .map(|m| {
            let f = keyed.iter().chain(&report.figures).find(|f| f.key == m.key);
            f.map_or(Value::default(), |f| Value {
                minutes: f.minutes(),
                // A range, a bound or a value "so far" is counted as approximate.
                approximate: f.minutes().is_some()
                    && (f.approximate()
                        || f.open
                        || !matches!(f.bound(), Some(Bound::Exact | Bound::Approximate))),
            })
        })
        .collect();
    Facts {
        id: inc.id.clone(),
        kind: inc.kind,
        severity: inc.severity.clone(),
        // A service named as not affected is no group of its own.
        services: inc
            .services
            .iter()
            .filter(|s| s.outcome != Some(crate::model::facts::Outcome::NotAffected))
            .map(|s| s.name.clone())
            .collect(),
        month: crate::derive::moments::incident_date(inc).map(|d| d.format("%Y-%m").to_string()),
        unresolved: !inc.status.is_over(),
        values,
        open_actions: inc.actions.iter().filter(|a| a.status.is_open()).count(),
        overdue_actions: inc
            .actions
            .iter()
            .filter(|a| is_overdue(a.status, a.due, day))
            .count(),
        fields: inc
            .fields
            .iter()
            .flat_map(|(name, v)| v.items().into_iter().map(move |x| (name.clone(), x)))
            .collect(),
    }
}

/// The value at nearest rank ⌈p/100 × n⌉ of ascending `sorted` values.
pub fn nearest_rank(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = (p as usize * n).div_ceil(100).clamp(1, n);
    sorted.get(rank - 1).copied()
}

/// One figure across a set of incidents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Distribution {
    pub key: FigureKey,
    pub label: &'static str,
    pub unit: Unit,
    pub definition: &'static str,
    /// Incidents with a value.
    pub covered: usize,
    /// Incidents in the set.
    pub of: usize,
    /// Incidents without a value (`of - covered`).
    pub missing: usize,
    /// Of the missing, those still unresolved.
    pub missing_unresolved: usize,
    /// Of the covered, those whose value is approximate.
    pub approximate: usize,
    /// Median, 90th percentile and maximum in minutes (nearest rank).
    pub median: Option<i64>,
    pub p90: Option<i64>,
    pub max: Option<i64>,
    /// Sum in minutes, given for customer-hours only.
    pub total: Option<i64>,
}

/// Every figure for one set of incidents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupStats {
    /// `None` for all incidents; else the group's name (`Sev1`, `2022-12`, a service).
    pub group: Option<String>,
    pub incidents: usize,
    pub unresolved: usize,
    pub figures: Vec<Distribution>,
    pub open_actions: usize,
    pub overdue_actions: usize,
    /// Incidents of a level the team's scale counts as major; only with such a scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub major: Option<usize>,
}

/// Aggregates a set of incidents.
pub fn aggregate(group: Option<String>, facts: &[&Facts]) -> GroupStats {
    let figures = METRICS
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut values: Vec<i64> = Vec::new();
            let (mut missing_unresolved, mut approximate) = (0, 0);
            for f in facts {
                let v = f.values.get(i).copied().unwrap_or_default();
                match v.minutes {
                    Some(x) => {
                        values.push(x);
                        approximate += usize::from(v.approximate);
                    }
                    None => missing_unresolved += usize::from(f.unresolved),
                }
            }
            values.sort_unstable();
            Distribution {
                key: m.key,
                label: m.label,
                unit: m.key.unit(),
                definition: m.key.definition(),
                covered: values.len(),
                of: facts.len(),
                missing: facts.len() - values.len(),
                missing_unresolved,
                approximate,
                median: nearest_rank(&values, 50),
                p90: nearest_rank(&values, 90),
                max: values.last().copied(),
                total: (m.key.unit() == Unit::Hours && !values.is_empty())
                    .then(|| values.iter().sum()),
            }
        })
        .collect();
    GroupStats {
        group,
        incidents: facts.len(),
        unresolved: facts.iter().filter(|f| f.unresolved).count(),
        figures,
        open_actions: facts.iter().map(|f| f.open_actions).sum(),
        overdue_actions: facts.iter().map(|f| f.overdue_actions).sum(),
        major: None,
    }
}

/// How to group incidents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum By {
    /// By level, in the scale's order (worst first).
    Severity,
    /// Each affected service is a group; an incident with several services is in each of
    /// them, one with none in `(no service)`.
    Service,
    /// `YYYY-MM` of the incident's date; `(no date)` when no start or detection is known.
    Month,
    Kind,
    /// A custom field's value (`field:product`); each value of a list is a group, a record
    /// without the field is in `(no <field>)`.
    Field(String),
}

impl By {
    /// The groupings as typed, for help texts.
    pub const TYPED: &'static str = "severity, service, month, kind or field:NAME";

    /// The grouping typed as `severity`, `service`, `month`, `kind` or `field:NAME`.
    pub fn parse(typed: &str) -> Result<By, String> {
        let t = typed.trim();
        Ok(match t.to_ascii_lowercase().as_str() {
            "severity" => By::Severity,
            "service" => By::Service,
            "month" => By::Month,
            "kind" => By::Kind,
            _ => match t.split_once(':') {
                Some((f, name)) if f.eq_ignore_ascii_case("field") && !name.trim().is_empty() => {
                    By::Field(name.trim().to_string())
                }
                _ => return Err(format!("`{t}` is not a grouping: use {}", By::TYPED)),
            },
        })
    }

    /// The grouping as typed, and in JSON (`severity`, `field:product`).
    pub fn token(&self) -> String {
        match self {
            By::Severity => "severity".into(),
            By::Service => "service".into(),
            By::Month => "month".into(),
            By::Kind => "kind".into(),
            By::Field(name) => format!("field:{name}"),
        }
    }

    /// The grouping for people (`severity`, `product`).
    pub fn label(&self) -> String {
        match self {
            By::Field(name) => name.clone(),
            other => other.token(),
        }
    }
}

impl Serialize for By {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.token())
    }
}

/// The names of the levels `scale` counts as major, worst first.
pub fn major_levels(scale: &Scale) -> Vec<String> {
    scale
        .levels
        .iter()
        .filter(|l| l.major)
        .map(|l| l.name.clone())
        .collect()
}

/// Aggregates all incidents, then (when `by` is given) each group in a stable order: levels
/// in the order of `scale`. When the scale counts some levels as major, every group says how
/// many of its incidents are major.
pub fn report(facts: &[Facts], by: Option<&By>, scale: &Scale) -> Vec<GroupStats> {
    let with_major = |mut g: GroupStats, fs: &[&Facts]| {
        if scale.has_major() {
            g.major = Some(fs.iter().filter(|f| scale.is_major(&f.severity)).count());
        }
        g
    };
    let all: Vec<&Facts> = facts.iter().collect();
    let mut out = vec![with_major(aggregate(None, &all), &all)];
    let Some(by) = by else { return out };
    // Keys sort in the order groups are shown: the sort key first, the name second. Service
    // names are keyed in lower case, so `Payments` and `payments` are one group.
    let mut groups: BTreeMap<(usize, String), Vec<&Facts>> = BTreeMap::new();
    // How often each spelling of a service occurs, to name its group by the most common.
    let mut spellings: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    for f in facts {
        let keys: Vec<(usize, String)> = match by {
            By::Severity => vec![(scale.sort_key(&f.severity), f.severity.name().to_string())],
            By::Kind => vec![(f.kind as usize, f.kind.token().to_string())],
            By::Field(name) => {
                let mut values: Vec<(usize, String)> = f
                    .fields
                    .iter()
                    .filter(|(n, _)| n == name)
                    .map(|(_, v)| (0, v.clone()))
                    .collect();
                values.sort();
                values.dedup();
                if values.is_empty() {
                    values.push((1, format!("(no {name})")));
                }
                values
            }
            By::Month => vec![match &f.month {
                Some(m) => (0, m.clone()),
                None => (1, "(no date)".to_string()),
            }],
            By::Service => {
                for name in &f.services {
                    *spellings
                        .entry(name.to_lowercase())
                        .or_default()
                        .entry(name.as_str())
                        .or_default() += 1;
                }
                let mut names: Vec<(usize, String)> =
                    f.services.iter().map(|s| (0, s.to_lowercase())).collect();
                names.sort();
                names.dedup();
                if names.is_empty() {
                    names.push((1, "(no service)".to_string()));
                }
                names
            }
        };
        for k in keys {
            groups.entry(k).or_default().push(f);
        }
    }
    out.extend(
        groups.into_iter().map(|((_, key), fs)| {
            with_major(aggregate(Some(shown_name(&spellings, key)), &fs), &fs)
        }),
    );
    out
}

/// A group's name: for a service, its most common spelling (on a tie, the first in
/// alphabetical order); otherwise the key itself.
fn shown_name(spellings: &BTreeMap<String, BTreeMap<&str, usize>>, key: String) -> String {
    let Some(counts) = spellings.get(&key) else {
        return key;
    };
    // Iterating a BTreeMap is alphabetical, and `max_by_key` keeps the last maximum: reverse.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| **n)
        .map_or(key.clone(), |(name, _)| (*name).to_string())
}

/// What the report covers, for its heading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scope {
    #[serde(serialize_with = "crate::model::vocab::as_tokens")]
    pub kinds: Vec<IncidentKind>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// The as-of day for overdue items.
    pub at: NaiveDate,
    /// The instant open windows are counted to (RFC 3339).
    pub counted_to: String,
    pub by: Option<By>,
    /// The levels the team's scale counts as major; empty without such a scale.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub major_levels: Vec<String>,
}

impl Scope {
    /// The definition of "major incidents" under this scope's scale, when it has major levels.
    pub fn major_definition(&self) -> Option<String> {
        (!self.major_levels.is_empty()).then(|| {
            format!(
                "incidents of a level the team's scale counts as major: {}",
                self.major_levels.join(", ")
            )
        })
    }
}

/// The coverage text: `12 of 15 incidents (3 missing, 1 of them unresolved; 2 approximate)`.
pub fn coverage(d: &Distribution) -> String {
    let mut parts = Vec::new();
    if d.missing > 0 {
        if d.missing_unresolved > 0 {
            parts.push(format!(
                "{} missing, {} of them unresolved",
                d.missing, d.missing_unresolved
            ));
        } else {
            parts.push(format!("{} missing", d.missing));
        }
    }
    if d.approximate > 0 {
        parts.push(format!("{} approximate", d.approximate));
    }
    let extra = if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    };
    format!("{} of {} incidents{extra}", d.covered, d.of)
}

/// The definitions printed under every report, as (term, definition).
pub fn definitions() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&'static str, &'static str)> = METRICS
        .iter()
        .map(|m| (m.label, m.key.definition()))
        .collect();
    out.push(("Median, P90, Max", PERCENTILE_METHOD));
    out.push((
        "Total",
        "sum over the covered incidents (service- and customer-hours) or a count",
    ));
    out.push(("Unresolved", UNRESOLVED));
    out.push(("Approximate", APPROXIMATE));
    out.push(("Open action items", OPEN_ACTIONS));
    out.push(("Overdue action items", OVERDUE_ACTIONS));
    out
}

/// The JSON document of `incident stats --format json`.
#[derive(Debug, Serialize)]
pub struct StatsJson<'a> {
    pub scope: &'a Scope,
    pub percentile_method: &'static str,
    pub approximate: &'static str,
    pub groups: &'a [GroupStats],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank(&v, 50), Some(5));
        assert_eq!(nearest_rank(&v, 90), Some(9));
        assert_eq!(nearest_rank(&v, 100), Some(10));
        assert_eq!(nearest_rank(&[7], 90), Some(7));
        assert_eq!(nearest_rank(&[1, 2, 3], 50), Some(2));
        assert_eq!(nearest_rank(&[1, 2, 3, 4], 50), Some(2));
        assert_eq!(nearest_rank(&[], 50), None);
        let w: Vec<i64> = (1..=11).collect();
        assert_eq!(nearest_rank(&w, 90), Some(10)); // ⌈9.9⌉ = 10
    }

    fn facts(id: &str, sev: Severity, mins: Option<i64>, unresolved: bool) -> Facts {
        Facts {
            id: id.into(),
            kind: IncidentKind::Real,
            severity: sev,
            services: vec![format!("svc-{id}"), "shared".into()],
            month: Some("2024-01".into()),
            unresolved,
            values: vec![
                Value {
                    minutes: mins,
                    approximate: id == "b",
                },
                Value::default(),
                Value::default(),
                Value::default(),
                Value::default(),
                Value {
                    minutes: Some(90),
                    approximate: false,
                },
            ],
            open_actions: 2,
            overdue_actions: 1,
            fields: vec![("product".into(), format!("p-{id}"))],
        }
    }

    #[test]
    fn aggregation_counts_missing_and_approximate() {
        let fs = vec![
            facts("a", Severity::new("Sev1"), Some(30), false),
            facts("b", Severity::new("Sev2"), Some(10), false),
            facts("c", Severity::new("Sev1"), None, true),
        ];
        let r = report(&fs, Some(&By::Severity), &Scale::builtin());
        assert_eq!(r.len(), 3);
        let all = &r[0];
        assert_eq!(all.incidents, 3);
        assert_eq!(all.unresolved, 1);
        let d = &all.figures[0];
        assert_eq!(
            (d.covered, d.missing, d.missing_unresolved, d.approximate),
            (2, 1, 1, 1)
        );
        assert_eq!((d.median, d.p90, d.max), (Some(10), Some(30), Some(30)));
        assert_eq!(
            coverage(d),
            "2 of 3 incidents (1 missing, 1 of them unresolved; 1 approximate)"
        );
        assert_eq!(all.figures[5].total, Some(270));
        assert_eq!(all.open_actions, 6);
        assert_eq!(r[1].group.as_deref(), Some("Sev1"));
        assert_eq!(r[1].incidents, 2);
        assert_eq!(r[2].group.as_deref(), Some("Sev2"));
        let by_service = report(&fs, Some(&By::Service), &Scale::builtin());
        assert_eq!(by_service[1].group.as_deref(), Some("shared"));
        assert_eq!(by_service[1].incidents, 3);
    }

    #[test]
    fn groups_by_a_custom_field_and_counts_major_levels_of_the_scale() {
        let mut fs = vec![
            facts("a", Severity::new("P1"), Some(30), false),
            facts("b", Severity::new("P0"), Some(10), false),
            facts("c", Severity::new("P2"), None, true),
        ];
        fs[1].fields = vec![("product".into(), "p-a".into())];
        fs[2].fields = Vec::new();
        let level = |name: &str, major| crate::model::severity::SeverityLevel {
            name: name.into(),
            meaning: None,
            word: None,
            major,
        };
        let scale = Scale::of(&[level("P0", true), level("P1", true), level("P2", false)]);
        let r = report(&fs, Some(&By::Field("product".into())), &scale);
        let groups: Vec<_> = r[1..]
            .iter()
            .map(|g| (g.group.as_deref().unwrap(), g.incidents, g.major))
            .collect();
        assert_eq!(groups, [("p-a", 2, Some(2)), ("(no product)", 1, Some(0))]);
        assert_eq!(r[0].major, Some(2));
        // By severity in the scale's order, not the names' order.
        let r = report(&fs, Some(&By::Severity), &scale);
        let names: Vec<_> = r[1..].iter().map(|g| g.group.clone().unwrap()).collect();
        assert_eq!(names, ["P0", "P1", "P2"]);
        // The built-in scale counts no level as major: no count at all.
        assert_eq!(report(&fs, None, &Scale::builtin())[0].major, None);
        assert_eq!(By::parse("Field:product"), Ok(By::Field("product".into())));
        assert_eq!(By::parse("SEVERITY"), Ok(By::Severity));
        assert!(By::parse("field:").is_err());
        assert_eq!(By::Field("product".into()).token(), "field:product");
    }

    #[test]
    fn services_group_ignoring_case_under_their_most_common_spelling() {
        let mut fs = vec![
            facts("a", Severity::new("Sev1"), Some(30), false),
            facts("b", Severity::new("Sev2"), Some(10), false),
            facts("c", Severity::new("Sev1"), None, true),
        ];
        fs[0].services = vec!["Payments".into()];
        fs[1].services = vec!["payments".into(), "PAYMENTS".into()];
        fs[2].services = vec!["payments".into()];
        let r = report(&fs, Some(&By::Service), &Scale::builtin());
        let groups: Vec<_> = r[1..]
            .iter()
            .map(|g| (g.group.as_deref().unwrap(), g.incidents))
            .collect();
        assert_eq!(groups, [("payments", 3)]);
        // A tie goes to the first spelling in alphabetical order.
        fs[1].services = vec!["payments".into()];
        fs[2].services = Vec::new();
        let r = report(&fs, Some(&By::Service), &Scale::builtin());
        assert_eq!(r[1].group.as_deref(), Some("Payments"));
    }

    #[test]
    fn hong_kong_facts_use_the_core_figures() {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        let inc = crate::files::load::parse_text(std::path::Path::new("hk.ron"), text).unwrap();
        let at: Instant = "2023-01-01T00:00:00+00:00".parse().unwrap();
        let f = facts_of(&inc, at, "2023-01-01".parse().unwrap());
        // Total: first alarm 08:56 to 23:11 = 14 h 15 min; resolve: 09:17 to 23:11.
        assert_eq!(f.values[0].minutes, Some(855));
        assert_eq!(f.values[1].minutes, Some(0));
        assert_eq!(f.values[2].minutes, Some(363));
        assert_eq!(f.values[3].minutes, Some(834));
        assert_eq!(f.open_actions, 3);
        assert_eq!(f.overdue_actions, 0);
        assert_eq!(f.month.as_deref(), Some("2022-12"));
        assert!(!f.unresolved);
    }
}
