//! The impact view model: every affected target's row — grouped and ordered as asked, with
//! the words each cell says (first impact, end, total, scope) — the notes that explain how
//! open, unknown and approximate times were treated, and the JSON shape of rows and figures.
//! Renderers in `render::impact` lay these out as a table, Markdown or CSV.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::derive::figures::{Bound, Figure, ImpactReport, LeftOut, TargetImpact, WindowFigure};
use crate::derive::timeline::Bounds;
use crate::model::record::{Affected, Level, TargetKind};
use crate::model::text::capitalized;
use crate::model::time::{When, Zone, format_rfc3339, when_text, zone_label};
use crate::model::vocab::words;

words! {
    /// How rows are grouped.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum GroupBy {
        /// Services, then customers.
        Service = "service", "service";
        /// Customers, then services.
        Customer = "customer", "customer";
        /// By worst level: outage, degraded, at risk.
        Level = "level", "level";
    }
}

words! {
    /// How rows are ordered within a group.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum SortKey {
        /// By first impact, earliest first (ties keep record order).
        Start = "start", "start";
        /// By counted impact time, longest first; rows with nothing counted last.
        Duration = "duration", "duration";
        /// By name, case-insensitively.
        Name = "name", "name";
    }
}

// `words!` variants take only doc comments, so `#[default]` cannot mark the variant.
#[expect(clippy::derivable_impls, reason = "the enum is declared by words!")]
impl Default for SortKey {
    fn default() -> Self {
        SortKey::Start
    }
}

/// What an impact view shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Options {
    /// List every window under its target.
    pub windows: bool,
    /// Group rows, with a heading per group; `None`: services then customers, no headings.
    pub by: Option<GroupBy>,
    pub sort: SortKey,
}

/// A group of rows: its heading (empty when not grouped) and its targets in order.
pub struct Group<'r, 'a> {
    pub heading: String,
    pub targets: Vec<&'r TargetImpact<'a>>,
}

/// The rows of a report, grouped and sorted as asked (stable: ties keep record order).
pub fn arrange<'r, 'a>(report: &'r ImpactReport<'a>, opts: &Options) -> Vec<Group<'r, 'a>> {
    let mut sorted: Vec<&TargetImpact> = report.targets.iter().collect();
    match opts.sort {
        // The order of the timeline: a day or ranged start at its middle, unknown last.
        SortKey::Start => sorted.sort_by(|a, b| {
            let first = |t: &TargetImpact| t.first().unwrap_or(When::Unknown);
            first(a).chronological(first(b))
        }),
        SortKey::Duration => sorted.sort_by_key(|t| {
            let m = t.counted_minutes();
            (m.is_none(), std::cmp::Reverse(m))
        }),
        SortKey::Name => sorted.sort_by_key(|t| t.target.name.to_lowercase()),
    }
    let of_kind = |k: TargetKind| Group {
        heading: k.heading(),
        targets: sorted.iter().copied().filter(|t| t.kind == k).collect(),
    };
    let groups = match opts.by {
        None => {
            // One group without a heading: services, then customers.
            let targets = TargetKind::ALL
                .into_iter()
                .flat_map(|k| of_kind(k).targets)
                .collect();
            vec![Group {
                heading: String::new(),
                targets,
            }]
        }
        Some(GroupBy::Service) => vec![of_kind(TargetKind::Service), of_kind(TargetKind::Customer)],
        Some(GroupBy::Customer) => {
            vec![of_kind(TargetKind::Customer), of_kind(TargetKind::Service)]
        }
        // Worst level first; targets without windows last.
        Some(GroupBy::Level) => Level::ALL
            .into_iter()
            .map(Some)
            .chain([None])
            .map(|level| {
                // Services before customers inside a level group.
                let mut targets: Vec<&TargetImpact> = sorted
                    .iter()
                    .copied()
                    .filter(|t| t.level == level)
                    .collect();
                targets.sort_by_key(|t| t.kind);
                Group {
                    heading: level.map_or("No windows".to_string(), |l| capitalized(l.label())),
                    targets,
                }
            })
            .collect(),
    };
    groups
        .into_iter()
        .filter(|g| !g.targets.is_empty())
        .collect()
}

/// The name with its names in other languages: `Galaxy Macau (澳門銀河)`.
pub fn display_name(a: &Affected) -> String {
    let others: Vec<&str> = a
        .names
        .values()
        .filter(|n| **n != a.name)
        .map(String::as_str)
        .collect();
    if others.is_empty() {
        a.name.clone()
    } else {
        format!("{} ({})", a.name, others.join(", "))
    }
}

/// True when the report's times fall on more than one day in `zone`, so views show dates.
pub fn needs_date(report: &ImpactReport, zone: &Zone) -> bool {
    let mut days = report
        .targets
        .iter()
        .flat_map(|t| t.windows.iter())
        .flat_map(|w| [w.from.instant(), w.counted_to])
        .flatten()
        .map(|t| zone.convert(t.get()).date_naive());
    match days.next() {
        Some(first) => days.any(|d| d != first),
        None => false,
    }
}

pub fn scope_of(t: &TargetImpact) -> String {
    let mut scopes: Vec<String> = Vec::new();
    let any_impact = t.affected();
    for (w, raw) in t.windows.iter().zip(&t.target.windows) {
        if any_impact && !w.level.counts_as_impact() {
            continue;
        }
        if let Some(s) = window_scope(raw)
            && !scopes.contains(&s)
        {
            scopes.push(s);
        }
    }
    scopes.join(" / ")
}

/// A window's scope with the share it hit, when a source gives one:
/// `Zone C API (as low as 20% available (measure not stated))`.
pub fn window_scope(w: &crate::model::record::Window) -> Option<String> {
    let share = w.share.as_ref().map(crate::model::facts::Share::text);
    match (
        w.scope.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        share,
    ) {
        (Some(s), Some(sh)) => Some(format!("{s} ({sh})")),
        (Some(s), None) => Some(s.to_string()),
        (None, Some(sh)) => Some(sh),
        (None, None) => None,
    }
}

/// Why a length nothing bounds is not known: `unknown end`, `unknown start`, `unknown`.
fn unknown_words(w: &WindowFigure) -> &'static str {
    if w.end_unknown() {
        "unknown end"
    } else if w.start_unknown() {
        "unknown start"
    } else {
        "unknown"
    }
}

/// The total shown for a target: `7 h 19 min`, `~11 h 13 min`, `2 h so far`,
/// `unknown end — not counted`, `≥ 1 h (1 unknown end not counted)`, `2 h – 1 d 2 h`.
pub fn total_text(t: &TargetImpact) -> String {
    if t.windows.is_empty() {
        return match crate::model::facts::Outcome::or_default(t.target.outcome) {
            crate::model::facts::Outcome::NotAffected => "not affected".to_string(),
            crate::model::facts::Outcome::AffectedAtUnknownTimes => {
                "affected at unknown times — not counted".to_string()
            }
            crate::model::facts::Outcome::Affected => "no windows".to_string(),
        };
    }
    if !t.affected() {
        return "0 min (at risk only, not counted)".to_string();
    }
    if t.span.bound() == Bound::Unknown {
        let why = t
            .windows
            .iter()
            .find(|w| w.level.counts_as_impact())
            .map_or("unknown", unknown_words);
        return format!("{why} — not counted");
    }
    let mut s = t.span.text();
    if t.open {
        s.push_str(" so far");
    }
    let unknown_starts = t
        .windows
        .iter()
        .filter(|w| w.level.counts_as_impact() && w.start_unknown())
        .count();
    for (n, what) in [(t.unknown_ends, "end"), (unknown_starts, "start")] {
        if n > 0 {
            s.push_str(&format!(
                " ({n} unknown {what}{} not counted)",
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    s
}

/// The length shown for one window.
pub fn window_total_text(w: &WindowFigure) -> String {
    if w.span.bound() == Bound::Unknown {
        return format!("{} — not counted", unknown_words(w));
    }
    let mut s = w.span.text();
    if w.is_open() {
        s.push_str(" so far");
    }
    if !w.level.counts_as_impact() {
        s.push_str(" (at risk, not counted)");
    }
    s
}

pub fn end_text(end: When, zone: &Zone, with_date: bool) -> String {
    match end {
        When::Unknown => "unknown".to_string(),
        other => when_text(other, zone, with_date),
    }
}

/// The columns of the impact table.
pub const HEADER: [&str; 7] = [
    "Kind",
    "Name",
    "Level",
    "First impact",
    "End",
    "Total",
    "Scope",
];

/// The cells of one target row (raw text, unescaped), in the order of [`HEADER`].
pub fn target_cells(t: &TargetImpact, zone: &Zone, with_date: bool) -> [String; 7] {
    let first = t.first();
    let end = t.end();
    // The first impact or end shown is disputed when a window with that time has claims.
    let from_disputed = t
        .target
        .windows
        .iter()
        .any(|w| Some(w.from) == first && !w.from_claims.is_empty());
    let to_disputed = t
        .target
        .windows
        .iter()
        .any(|w| w.to == end && !w.to_claims.is_empty());
    [
        t.kind.label().to_string(),
        display_name(t.target),
        t.level.map_or("", Level::label).to_string(),
        first.map_or(String::new(), |w| {
            disputed(when_text(w, zone, with_date), from_disputed)
        }),
        // A target without windows has no end to show, not an unknown one.
        if t.windows.is_empty() {
            String::new()
        } else {
            disputed(end_text(end, zone, with_date), to_disputed)
        },
        total_text(t),
        scope_of(t),
    ]
}

/// The cells of one window row under its target (raw text, unescaped).
pub fn window_cells(
    t: &TargetImpact,
    i: usize,
    w: &WindowFigure,
    zone: &Zone,
    with_date: bool,
    arrow: &str,
) -> [String; 7] {
    let raw = t.target.windows.get(i);
    [
        String::new(),
        format!("{arrow} window {} of {}", i + 1, t.windows.len()),
        w.level.label().to_string(),
        disputed(
            when_text(w.from, zone, with_date),
            raw.is_some_and(|r| !r.from_claims.is_empty()),
        ),
        disputed(
            end_text(w.to, zone, with_date),
            raw.is_some_and(|r| !r.to_claims.is_empty()),
        ),
        window_total_text(w),
        raw.and_then(window_scope).unwrap_or_default(),
    ]
}

/// `text (disputed)` when other sources give other times for it (schema-3 claims).
fn disputed(text: String, is: bool) -> String {
    if is {
        format!("{text} (disputed)")
    } else {
        text
    }
}

/// The view impact notes are printed in; they differ only in where at-risk windows are seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotesFor {
    /// `incident impact`, which lists every window with `--windows`.
    ImpactCommand,
    /// The postmortem, which draws every window in its chart.
    Postmortem,
}

/// Lines printed under an impact table in the view `view`: the zone, and how open, unknown
/// and approximate times were treated — only those that occur.
pub fn notes(report: &ImpactReport, zone: &Zone, view: NotesFor) -> Vec<String> {
    let sample = report
        .targets
        .iter()
        .find_map(|t| t.first().and_then(When::instant));
    let mut out = vec![format!("Times in {}.", zone_label(zone, sample))];
    let windows = || report.targets.iter().flat_map(|t| t.windows.iter());
    if windows().any(|w| w.approximate()) {
        out.push("~ marks an approximate time, and every figure that uses one.".to_string());
    }
    if let Some(line) = precision_note(windows().flat_map(|w| [w.from, w.to])) {
        out.push(line);
    }
    if windows().any(|w| w.span.bound() == Bound::Range) {
        out.push(
            "a – b is the shortest and longest a window can have lasted, when a start or end is known only to the day or as a range; figures that use one are ranges too."
                .to_string(),
        );
    }
    let impact = || windows().filter(|w| w.level.counts_as_impact());
    let count = |n: usize, what: &str| {
        format!(
            "{n} window{} with {what} {}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" }
        )
    };
    let its = |n: usize| if n == 1 { "its" } else { "their" };
    let unknown: usize = report.targets.iter().map(|t| t.unknown_ends).sum();
    if unknown > 0 {
        out.push(format!(
            "{} listed but not counted in any total; totals that leave them out are lower bounds.",
            count(unknown, "an unknown end (no source gives it)")
        ));
    }
    let starts = impact().filter(|w| w.start_unknown()).count();
    if starts > 0 {
        out.push(format!(
            "{} listed but not counted in any total; totals that leave them out are lower bounds.",
            count(starts, "an unknown start (no source gives it)")
        ));
    }
    let may_be_nothing = impact()
        .filter(|w| w.left_out() == Some(LeftOut::Bounded))
        .count();
    if may_be_nothing > 0 {
        out.push(format!(
            "{} may have lasted no time at all: shown with ≤ {} longest, counted as nothing in lower bounds.",
            count(
                may_be_nothing,
                "an end known only as \"no later than\" (or a start only as \"not before\")"
            ),
            its(may_be_nothing)
        ));
    }
    let to_bound = impact().filter(|w| w.counted_to_bound()).count();
    if to_bound > 0 {
        out.push(format!(
            "{} counted as far as {} bounds reach; totals that use them are lower bounds.",
            count(
                to_bound,
                "a start or end known only as a bound (\"not before\", \"no later than\")"
            ),
            its(to_bound)
        ));
    }
    if report.targets.iter().any(|t| t.open) {
        let at = zone.convert(report.at.get()).format("%Y-%m-%d %H:%M");
        out.push(format!(
            "Ongoing windows are counted up to {at} (--at); their totals are \"so far\"."
        ));
    }
    if windows().any(|w| !w.level.counts_as_impact()) {
        let shown = match view {
            NotesFor::ImpactCommand => "with --windows",
            NotesFor::Postmortem => "in the chart",
        };
        out.push(format!(
            "At-risk windows (working, but in danger) are shown {shown} but not counted as impact time."
        ));
    }
    out
}

/// A line saying how the days, ranges and bounds among `times` are shown, naming only the
/// forms that occur; `None` when there are none.
fn precision_note(times: impl Iterator<Item = When>) -> Option<String> {
    let (mut day, mut range, mut at_least, mut at_most) = (false, false, false, false);
    for w in times {
        match w {
            When::Day(_) => day = true,
            When::Between(..) => range = true,
            When::NotBefore(_) => at_least = true,
            When::NotAfter(_) => at_most = true,
            _ => {}
        }
    }
    let parts: Vec<&str> = [
        (day, "(day) a time known only to the day"),
        (range, "– a time somewhere in a range"),
        (at_least, "≥ a time known only as at or after"),
        (at_most, "≤ a time known only as at or before"),
    ]
    .into_iter()
    .filter_map(|(present, text)| present.then_some(text))
    .collect();
    (!parts.is_empty()).then(|| format!("Times not known to the minute: {}.", parts.join("; ")))
}

/// The value of a figure as shown: `0 min (detected 21 min before impact)`, `~26.9 h`,
/// `≥ 1 d 2 h 0 min`, `2 h 10 min – 3 h 0 min`, `5`.
pub fn figure_value(f: &Figure) -> String {
    let mut s = match (f.count, f.span) {
        (Some(n), _) => n.to_string(),
        (None, Some(span)) if f.is_hours() => {
            span.text_with(|m| format!("{} h", hours_text(crate::derive::figures::to_hours(m))))
        }
        (None, Some(span)) => span.text(),
        (None, None) => "unknown".to_string(),
    };
    if f.open && f.minutes().is_some() {
        s.push_str(" so far");
    }
    if let Some(n) = &f.note {
        s.push_str(&format!(" ({n})"));
    }
    s
}

/// `26.9`, `25`, `0.17`.
pub fn hours_text(h: f64) -> String {
    let s = format!("{h:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// The instant written for a time in JSON and CSV, RFC 3339 in `zone`: its instant (a day's
/// start, a range's middle) or its bound; `None` for unknown and open times. The precision
/// beside it says which.
pub fn rfc(w: When, zone: &Zone) -> Option<String> {
    w.instant_or_bound()
        .map(|t| format_rfc3339(zone.convert(t.get())))
}

pub fn names_text(a: &Affected) -> String {
    a.names
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// One window in JSON.
#[derive(Clone, Debug, Serialize)]
pub struct WindowJson {
    /// RFC 3339 with offset, in the chosen zone: the instant (a day's start, a range's middle)
    /// or the bound.
    pub from: Option<String>,
    /// `exact`, `approximate`, `day`, `range`, `not_before`, `not_after` or `unknown`.
    pub from_precision: &'static str,
    /// For a day, a range or a bound: its earliest and latest possible instants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_bounds: Option<Bounds>,
    /// `null` while open and when unknown.
    pub to: Option<String>,
    /// `exact`, `approximate`, `day`, `range`, `not_before`, `not_after`, `open` or `unknown`.
    pub to_precision: &'static str,
    /// For a day, a range or a bound: its earliest and latest possible instants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_bounds: Option<Bounds>,
    pub to_unknown: bool,
    pub open: bool,
    /// For an open window, the instant it was counted up to (`--at`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counted_to: Option<String>,
    pub level: &'static str,
    /// Whole minutes that stand for its length (see `bound`); `null` when unknown.
    pub minutes: Option<i64>,
    /// The shortest it can have lasted; `null` when nothing bounds it from below.
    pub min: Option<i64>,
    /// The longest it can have lasted; `null` when nothing bounds it from above.
    pub max: Option<i64>,
    /// `exact`, `approximate`, `range`, `at_least`, `at_most` or `unknown`.
    pub bound: Bound,
    /// True when the window counts in totals: outage or degraded, and its length has a lower
    /// or upper bound (a window with an unknown end or start is left out).
    pub counted: bool,
    pub approximate: bool,
    pub scope: Option<String>,
    /// The part of the target it hit, when a source gives it (schema 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<crate::derive::facts::ShareEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One target in JSON.
#[derive(Clone, Debug, Serialize)]
pub struct RowJson {
    pub name: String,
    /// Names in other languages, keyed by BCP 47 tag.
    pub names: BTreeMap<String, String>,
    /// `service` or `customer`.
    pub kind: &'static str,
    /// The worst level among its windows.
    pub level: Option<&'static str>,
    /// The first impact (RFC 3339) and its precision.
    pub first: Option<String>,
    pub first_precision: Option<&'static str>,
    /// For a first impact that is a day, a range or a bound: its earliest and latest instants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_bounds: Option<Bounds>,
    /// The last end, when every end is known; else `null`.
    pub last: Option<String>,
    /// `known`, `open` or `unknown`.
    pub end: &'static str,
    /// Merged outage and degraded minutes that stand for its impact time (see `bound`);
    /// `null` when nothing bounds it (every end unknown).
    pub minutes: Option<i64>,
    /// The shortest its impact time can be; `null` when nothing bounds it from below.
    pub min: Option<i64>,
    /// The longest; `null` when nothing bounds it from above (an end unknown or open-ended).
    pub max: Option<i64>,
    /// `exact`, `approximate`, `range`, `at_least`, `at_most` or `unknown`.
    pub bound: Bound,
    /// True when `minutes` uses an approximate (`About`) time (see `first_precision` and each
    /// window's precisions for the times themselves).
    pub approximate: bool,
    pub open: bool,
    /// Outage or degraded windows not counted because their end is unknown.
    pub unknown_ends: usize,
    /// `affected_at_unknown_times` or `not_affected` when the record states so (schema 3);
    /// absent for a target affected as its windows say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<&'static str>,
    pub windows: Vec<WindowJson>,
}

/// The impact rows as JSON values (an array when serialised), in the order of `opts`.
pub fn json_rows(report: &ImpactReport, opts: &Options, zone: &Zone) -> Vec<RowJson> {
    arrange(report, opts)
        .into_iter()
        .flat_map(|g| g.targets)
        .map(|t| {
            let first = t.first();
            RowJson {
                name: t.target.name.clone(),
                names: t.target.names.clone(),
                kind: t.kind.token(),
                level: t.level.map(Level::token),
                first: first.and_then(|w| rfc(w, zone)),
                first_precision: first.map(When::precision),
                first_bounds: first.and_then(|w| Bounds::of(w, zone)),
                last: rfc(t.end(), zone),
                end: t.end_status(),
                minutes: t.counted_minutes(),
                min: t.span.min,
                max: t.span.max,
                bound: t.span.bound(),
                approximate: t.approximate(),
                open: t.open,
                outcome: t
                    .target
                    .outcome
                    .filter(|o| *o != crate::model::facts::Outcome::Affected)
                    .map(crate::model::facts::Outcome::token),
                unknown_ends: t.unknown_ends,
                windows: t
                    .windows
                    .iter()
                    .zip(&t.target.windows)
                    .map(|(w, raw)| WindowJson {
                        from: rfc(w.from, zone),
                        from_precision: w.from.precision(),
                        from_bounds: Bounds::of(w.from, zone),
                        to: rfc(w.to, zone),
                        to_precision: w.to.precision(),
                        to_bounds: Bounds::of(w.to, zone),
                        to_unknown: w.to == When::Unknown,
                        open: w.is_open(),
                        counted_to: w
                            .is_open()
                            .then(|| w.counted_to.map(|c| format_rfc3339(zone.convert(c.get()))))
                            .flatten(),
                        level: w.level.token(),
                        minutes: w.minutes(),
                        min: w.span.min,
                        max: w.span.max,
                        bound: w.span.bound(),
                        counted: w.counts(),
                        approximate: w.approximate(),
                        scope: raw.scope.clone(),
                        share: raw.share.as_ref().map(crate::derive::facts::share_entry),
                        note: raw.note.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// One figure in JSON.
#[derive(Clone, Debug, Serialize)]
pub struct FigureJson {
    pub label: &'static str,
    /// Whole minutes that stand for the duration (see `bound`); `null` when not known and
    /// for counts.
    pub minutes: Option<i64>,
    /// The shortest the duration can be; `null` when nothing bounds it from below, and for
    /// counts.
    pub min: Option<i64>,
    /// The longest; `null` when nothing bounds it from above, and for counts.
    pub max: Option<i64>,
    /// `exact`, `approximate`, `range`, `at_least`, `at_most` or `unknown`; `null` for
    /// counts.
    pub bound: Option<Bound>,
    /// For hours figures: minutes / 60, two decimals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    /// For counts (`services_affected`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    pub approximate: bool,
    /// Includes windows still open, counted up to `--at`.
    pub open: bool,
    pub definition: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl From<&Figure> for FigureJson {
    fn from(f: &Figure) -> Self {
        FigureJson {
            label: f.key.label(),
            minutes: f.minutes(),
            min: f.span.and_then(|s| s.min),
            max: f.span.and_then(|s| s.max),
            bound: f.bound(),
            hours: f.hours(),
            count: f.count,
            approximate: f.approximate(),
            open: f.open,
            definition: f.key.definition(),
            note: f.note.clone(),
        }
    }
}

/// The figures as a JSON object keyed by figure name.
pub fn json_figures(figures: &[Figure]) -> BTreeMap<&'static str, FigureJson> {
    figures
        .iter()
        .map(|f| (f.key.token(), FigureJson::from(f)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hk() -> crate::model::record::Incident {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        crate::files::load::parse_text(std::path::Path::new("hk.ron"), text).unwrap()
    }

    #[test]
    fn notes_say_where_each_view_shows_at_risk_windows() {
        let inc = hk();
        let at = crate::derive::moments::as_of(&inc, None, "2030-01-01T00:00:00Z".parse().unwrap());
        let report = crate::derive::figures::impact(&inc, at.at);
        let zone = Zone::Named(chrono_tz::Asia::Hong_Kong);
        let command = notes(&report, &zone, NotesFor::ImpactCommand);
        let document = notes(&report, &zone, NotesFor::Postmortem);
        let differ: Vec<(&String, &String)> = command
            .iter()
            .zip(&document)
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(
            differ,
            [(
                &"At-risk windows (working, but in danger) are shown with --windows but not counted as impact time.".to_string(),
                &"At-risk windows (working, but in danger) are shown in the chart but not counted as impact time.".to_string(),
            )]
        );
    }

    #[test]
    fn a_target_whose_ends_are_bounds_shows_them_not_unknown() {
        let inc = hk();
        let report = crate::derive::figures::impact(&inc, "2030-01-01T00:00:00Z".parse().unwrap());
        let zone = Zone::Named(chrono_tz::Asia::Hong_Kong);
        let end = |name: &str| {
            let t = report
                .targets
                .iter()
                .find(|t| t.target.name == name)
                .unwrap();
            target_cells(t, &zone, true)[4].clone()
        };
        // Back by the morning of the 20th; no source gives the end of Macao Daily's outage.
        assert_eq!(end("Galaxy Macau"), "≤ 2022-12-20 12:00");
        assert_eq!(end("Macao Daily"), "unknown");
        assert_eq!(end("OSS (Zone C)"), "2022-12-18 18:26");
        // Several bounded ends: the latest they allow together.
        let mut inc = hk();
        let galaxy = inc
            .customers
            .iter_mut()
            .find(|c| c.name == "Galaxy Macau")
            .unwrap();
        let mut second = galaxy.windows[0].clone();
        second.to = When::NotBefore("2022-12-19T08:00:00+08:00".parse().unwrap());
        galaxy.windows.push(second);
        let report = crate::derive::figures::impact(&inc, "2030-01-01T00:00:00Z".parse().unwrap());
        let t = report
            .targets
            .iter()
            .find(|t| t.target.name == "Galaxy Macau")
            .unwrap();
        assert_eq!(
            t.end(),
            When::NotBefore("2022-12-19T08:00:00+08:00".parse().unwrap())
        );
    }

    #[test]
    fn level_groups_are_headed_by_their_labels() {
        let mut inc = hk();
        for w in &mut inc.services[0].windows {
            w.level = Level::AtRisk;
        }
        inc.customers[0].windows.clear();
        let report = crate::derive::figures::impact(&inc, "2030-01-01T00:00:00Z".parse().unwrap());
        let opts = Options {
            by: Some(GroupBy::Level),
            ..Options::default()
        };
        let headings: Vec<String> = arrange(&report, &opts)
            .into_iter()
            .map(|g| g.heading)
            .collect();
        assert_eq!(headings, ["Outage", "Degraded", "At risk", "No windows"]);
    }
}
