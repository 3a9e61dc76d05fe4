//! The fuzz entry point: runs everything the tool does with a record on arbitrary bytes.
//!
//! [`exercise`] is what `fuzz/fuzz_targets/records.rs` calls (see `docs/hardening.md`). It is
//! always compiled, so the unit tests below keep it working in CI without the fuzzer. It
//! must never panic on any input; the only panics it raises on purpose are the invariants
//! a fuzzer should report as crashes:
//!
//! - a record that parsed must serialise with [`to_canonical`], the result must parse back to
//!   the same record, and serialising that again must give the same bytes;
//! - a terminal table must never contain a control character other than newline and tab
//!   (record text cannot drive the terminal).

use std::path::{Path, PathBuf};

use crate::derive::figures::{impact, key_figures};
use crate::derive::impact::{self as impact_model, GroupBy, Options, SortKey};
use crate::derive::moments::as_of;
use crate::files::canonical::to_canonical;
use crate::files::load::{parse_bytes, parse_text};
use crate::model::problem::Problem;
use crate::model::record::{ActionStatus, ActionType, Level, Priority, Status};
use crate::model::record::{Incident, TargetKind};
use crate::model::time::{Instant, When, Zone};
use crate::model::time::{when_text, zone_label};
use crate::render::Style;
use crate::render::impact as impact_view;

/// Parses `bytes` as a record file and, when it parses, validates it, computes every figure,
/// renders every view in every format, and checks the canonical round trip.
///
/// Every renderer belongs here: the impact views, the timeline (table, Markdown, CSV, JSON),
/// the chart (terminal, Mermaid, SVG), the summary (Markdown, HTML, JSON), the action-item
/// ledger and the statistics. A renderer added later must be added too.
pub fn exercise(bytes: &[u8]) {
    let path = Path::new("fuzz.ron");
    let loaded = match parse_bytes(path, bytes) {
        Ok(l) => l,
        Err(problem) => {
            // Formatting the problem must work too (it is what `check` prints).
            let _ = problem.to_string();
            return;
        }
    };
    let inc = &loaded.incident;
    let problems = crate::derive::validate::validate(path, &loaded.text, inc);
    for p in &problems {
        let _ = p.to_string();
    }
    let site = crate::derive::validate::IdSite::of(&loaded, &problems);
    let _ = crate::derive::validate::duplicate_ids(&[site.clone(), site.clone()]);
    let _ = crate::derive::validate::look_alikes(&[site.clone(), site]);
    let _ = crate::files::locate::first_comment(&loaded.text);
    for f in key_figures(inc) {
        let _ = crate::derive::impact::figure_value(&f);
    }
    render_all(inc);
    render_views(inc);
    round_trip(inc);
}

/// The timeline, chart, summary, ledger and statistics views in every zone and style.
fn render_views(inc: &crate::model::record::Incident) {
    use crate::render::timeline as timeline_view;
    use crate::render::{chart, ledger, stats as stats_view, summary_html, summary_md, svg};
    let as_of = as_of(inc, None, fixed_now());
    let at = as_of.at;
    let styles = [
        Style::PLAIN,
        Style {
            width: Some(1),
            color: false,
            unicode: false,
        },
        Style {
            width: Some(80),
            color: false,
            unicode: true,
        },
    ];
    for (z, zone) in zones().into_iter().enumerate() {
        // Terminal tables and charts are most of the time an input takes (comfy-table lays
        // out every cell), and a zone changes only the text in them: every style in the
        // first zone, then one style per zone in turn, so every style and every zone is
        // drawn without drawing every pair.
        let style_list: &[Style] = if z == 0 {
            &styles
        } else {
            &styles[z % styles.len()..=z % styles.len()]
        };
        let tl =
            crate::derive::timeline::build(inc, &zone, &crate::derive::timeline::Filter::default());
        for style in style_list {
            assert_terminal_safe(&timeline_view::table(&tl, style), style);
        }
        let _ = timeline_view::markdown(&tl);
        let _ = timeline_view::csv(&tl);
        let _ = timeline_view::json(&tl);
        if let Some(layout) = crate::derive::chart::layout(inc, &zone) {
            for style in style_list {
                assert_terminal_safe(&chart::terminal(&layout, style), style);
            }
            let _ = chart::mermaid(&layout);
            assert_no_markup_from_record(&svg::chart(&layout));
        }
        let summary = crate::derive::summary::build(inc, &zone, as_of);
        let _ = summary_md::render(&summary);
        assert_no_markup_from_record(&summary_html::render(&summary));
        let _ = serde_json::to_string(&summary);
    }
    let day = at.get().date_naive();
    let filter = crate::derive::ledger::LedgerFilter {
        at: day,
        open: false,
        overdue: false,
        owner: None,
        incident: None,
        kinds: Vec::new(),
    };
    let items = crate::derive::ledger::items_of(inc, &filter);
    for style in &styles {
        assert_terminal_safe(&ledger::render_table(&items, day, style), style);
    }
    let _ = ledger::render_markdown(&items, day);
    let _ = ledger::render_csv(&items);
    let facts = [crate::derive::stats::facts_of(inc, at, day)];
    for by in [
        None,
        Some(crate::derive::stats::By::Service),
        Some(crate::derive::stats::By::Month),
    ] {
        let groups = crate::derive::stats::report(
            &facts,
            by.as_ref(),
            &crate::model::severity::Scale::builtin(),
        );
        let scope = crate::derive::stats::Scope {
            kinds: vec![inc.kind],
            since: None,
            until: None,
            at: day,
            counted_to: at.rfc3339(),
            by,
            major_levels: Vec::new(),
        };
        for style in &styles {
            assert_terminal_safe(&stats_view::render_table(&scope, &groups, style), style);
        }
        let _ = stats_view::render_markdown(&scope, &groups);
    }
}

/// Panics if generated HTML or SVG holds markup that only record text could have put there:
/// the page has no scripts, frames, images or links to other resources of its own, and record
/// text is escaped, so a `<` from a record can never open one of these tags.
fn assert_no_markup_from_record(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<img",
        "<link",
        "<meta http-equiv=\"refresh",
    ] {
        assert!(!lower.contains(bad), "generated HTML holds `{bad}`");
    }
}

/// A fixed "now", so that the same bytes always do the same thing.
fn fixed_now() -> Instant {
    Instant(
        chrono::DateTime::from_timestamp(1_893_456_000, 0) // 2030-01-01T00:00:00Z
            .unwrap_or_default()
            .fixed_offset(),
    )
}

fn zones() -> Vec<Zone> {
    let mut zones = vec![
        Zone::Utc,
        Zone::Named(chrono_tz::America::Los_Angeles),
        Zone::Named(chrono_tz::Asia::Hong_Kong),
    ];
    for secs in [23 * 3600 + 59 * 60, -(23 * 3600 + 59 * 60)] {
        if let Some(o) = chrono::FixedOffset::east_opt(secs) {
            zones.push(Zone::Fixed(o));
        }
    }
    zones
}

fn render_all(inc: &crate::model::record::Incident) {
    let at = as_of(inc, None, fixed_now()).at;
    let report = impact(inc, at);
    let styles = [
        Style::PLAIN,
        Style {
            width: Some(0),
            color: false,
            unicode: false,
        },
        Style {
            width: Some(1),
            color: false,
            unicode: true,
        },
        Style {
            width: Some(60),
            color: true,
            unicode: true,
        },
    ];
    let options = [
        Options::default(),
        Options {
            windows: true,
            by: Some(GroupBy::Level),
            sort: SortKey::Duration,
        },
        Options {
            windows: true,
            by: Some(GroupBy::Customer),
            sort: SortKey::Name,
        },
        Options {
            windows: false,
            by: Some(GroupBy::Service),
            sort: SortKey::Start,
        },
    ];
    for (z, zone) in zones().iter().enumerate() {
        let _ = zone_label(
            zone,
            inc.moments
                .instant(crate::model::record::MomentName::Started),
        );
        for e in &inc.events {
            let _ = when_text(e.at, zone, true);
        }
        for (k, opts) in options.iter().enumerate() {
            // Every style with the first options in the first zone, and otherwise one style
            // per zone and options in turn, keeps the number of terminal tables per input
            // small (they are most of its time) while every style meets every option set
            // and every zone.
            let style_list: &[Style] = if k == 0 && z == 0 {
                &styles
            } else {
                let i = (z + k) % styles.len();
                &styles[i..=i]
            };
            for style in style_list {
                let table = impact_view::table(&report, opts, zone, style);
                assert_terminal_safe(&table, style);
            }
            let _ = impact_view::markdown(&report, opts, zone);
            let _ = impact_view::csv(&report, opts, zone);
            let _ = serde_json::to_string(&impact_model::json_rows(&report, opts, zone));
            for view in [
                impact_model::NotesFor::ImpactCommand,
                impact_model::NotesFor::Postmortem,
            ] {
                let _ = impact_model::notes(&report, zone, view);
            }
        }
    }
    for style in &styles {
        assert_terminal_safe(&impact_view::figures_table(&report.figures, style), style);
    }
    let _ = impact_view::markdown_figures(&report.figures);
    let _ = impact_view::figures_csv(&report.figures);
    let _ = serde_json::to_string(&impact_model::json_figures(&report.figures));
}

/// Panics if a terminal table holds a control character that could drive the terminal.
/// Escape sequences are allowed only when the style allows colour (comfy-table's own bold).
fn assert_terminal_safe(text: &str, style: &Style) {
    if style.color {
        return;
    }
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        panic!("a terminal table holds the control character {c:?}");
    }
}

/// Panics if a parsed record does not survive the canonical layout unchanged.
fn round_trip(inc: &crate::model::record::Incident) {
    let path = Path::new("fuzz.ron");
    let first = match to_canonical(inc) {
        Ok(t) => t,
        Err(e) => panic!("a parsed record could not be written: {e}"),
    };
    let back = match parse_text(path, &first) {
        Ok(b) => b,
        Err(p) => panic!("the canonical text does not parse: {p}\n{first}"),
    };
    assert!(
        back == *inc,
        "the canonical text parses to a different record:\n{first}"
    );
    let second = match to_canonical(&back) {
        Ok(t) => t,
        Err(e) => panic!("a re-parsed record could not be written: {e}"),
    };
    assert!(first == second, "to_canonical is not idempotent:\n{first}");
}

// ---------------------------------------------------------------------------------------------
// The write path

/// Valid records the write path starts from (they pass `check` without errors).
const WRITE_SEEDS: [&str; 6] = [
    include_str!("../incidents/2022-12-18-hk-zone-c.ron"),
    include_str!("../tests/fixtures/valid/2024-03-01-payments-db-failover.ron"),
    include_str!("../tests/fixtures/across/2024-03-05-payments-db-failover.ron"),
    include_str!("../tests/fixtures/across/2024-04-10-gameday-drill.ron"),
    include_str!("../tests/fixtures/across/2024-05-20-cdn-latency.ron"),
    include_str!("../tests/fixtures/summary/2024-05-01-hostile.ron"),
];

/// A marker comment put into seeds, which every in-place write must keep.
const MARK: &str = "// fuzz: keep this comment";

/// Reads fuzz bytes as choices; past the end every choice is 0.
struct Choices<'a> {
    bytes: &'a [u8],
}

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        match self.bytes.split_first() {
            Some((b, rest)) => {
                self.bytes = rest;
                *b
            }
            None => 0,
        }
    }

    fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }

    fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Minutes from -1,440 to +63,000 (about six weeks), mostly near the start.
    fn minutes(&mut self) -> i64 {
        let raw = i64::from(u16::from_le_bytes([self.byte(), self.byte()]));
        raw - 1_440
    }

    /// Up to 24 bytes of text, read as UTF-8 where they are, with the rest replaced: quotes,
    /// backslashes, controls, anything a person could type or paste.
    fn text(&mut self) -> String {
        let n = self.below(25);
        let take = n.min(self.bytes.len());
        let (head, rest) = self.bytes.split_at(take);
        self.bytes = rest;
        let t = String::from_utf8_lossy(head).into_owned();
        if t.trim().is_empty() {
            format!("text {n}")
        } else {
            t
        }
    }

    /// A time in any form a writer accepts (`model::time_input`): exact, about, a day, a
    /// range, a bound, or unknown, `minutes` from `base`.
    fn when(&mut self, base: Instant) -> When {
        let at = |m: i64| Instant(base.get() + chrono::Duration::minutes(m));
        let m = self.minutes();
        // Mostly exact, as most times are; the other forms once each in twelve.
        match self.below(12) {
            0..=5 => When::At(at(m)),
            6 => When::About(at(m)),
            7 => {
                // A day is stored as the midnight that starts it.
                let t = at(m).get();
                let midnight = t.date_naive().and_time(chrono::NaiveTime::MIN);
                When::Day(Instant(
                    midnight
                        .and_local_timezone(*t.offset())
                        .single()
                        .unwrap_or(t),
                ))
            }
            8 => When::Between(at(m), at(m + 1 + i64::from(self.byte()))),
            9 => When::NotBefore(at(m)),
            10 => When::NotAfter(at(m)),
            _ => When::Unknown,
        }
    }

    fn maybe_text(&mut self) -> Option<String> {
        self.flag().then(|| self.text())
    }

    fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// A write seed in one layout: its text and the record it holds, parsed and checked once.
struct Seed {
    text: String,
    inc: Incident,
    /// The record's file name, for the rules that read it.
    path: PathBuf,
    /// How many times the text holds [`MARK`].
    marks: usize,
}

/// Every write seed in each of four layouts — as written, with Windows line ends,
/// tab-indented, and with a comment put in — parsed and checked for errors once per process:
/// a fuzzer runs the harness millions of times on the same 24 texts.
fn seeds() -> &'static [Seed] {
    static SEEDS: std::sync::OnceLock<Vec<Seed>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut all = Vec::new();
        for seed in WRITE_SEEDS {
            for layout in 0..4 {
                let text = match layout {
                    0 => seed.to_string(),
                    1 => seed.replace('\n', "\r\n"),
                    2 => seed.replace("    ", "\t"),
                    _ => seed.replacen("(\n", &format!("(\n    {MARK}\n"), 1),
                };
                let inc = match parse_text(Path::new("seed.ron"), &text) {
                    Ok(i) => i,
                    Err(p) => panic!("a write seed does not parse: {p}"),
                };
                let path = PathBuf::from(format!("{}.ron", inc.id));
                let errors: Vec<_> = crate::derive::validate::validate(&path, &text, &inc)
                    .into_iter()
                    .filter(Problem::is_error)
                    .collect();
                assert!(errors.is_empty(), "a write seed has errors: {errors:?}");
                let marks = text.matches(MARK).count();
                all.push(Seed {
                    text,
                    inc,
                    path,
                    marks,
                });
            }
        }
        all
    })
}

/// The errors of `inc`, without their positions: a writer refuses a change that adds one,
/// and the seeds have none.
fn errors(path: &Path, inc: &Incident) -> Vec<Problem> {
    crate::derive::validate::unlocated(path, inc)
        .into_iter()
        .filter(Problem::is_error)
        .collect()
}

/// The instant the write path's times are counted from: the record's start.
fn start_of(inc: &Incident) -> Instant {
    inc.moments
        .instant(crate::model::record::MomentName::Started)
        .unwrap_or_else(fixed_now)
}

/// A window a writer added: its target's kind and name, and its start.
type AddedWindow = (TargetKind, String, When);

/// Makes one writer's change to `new`, chosen by `c`, with the `model::change` function the
/// command calls — `append_event` (with the key moment a detection or mitigation sets),
/// `add_window`, `end_window`, `add_action`, `set_action`, `action_done`, `set_status`,
/// `resolve`, `set_moment`, `unset_moment` — and times (every form a writer accepts), names, ids and texts from the bytes,
/// names and ids picked among the record's own or made up. Returns the window it added.
fn writer_change(
    c: &mut Choices,
    new: &mut Incident,
) -> Result<Option<AddedWindow>, crate::model::change::EditError> {
    use crate::model::change;
    let base = start_of(new);
    let zone = Zone::Fixed(base.get().offset().to_owned());
    let at = |m: i64| Instant(base.get() + chrono::Duration::minutes(m));
    let pick_name = |c: &mut Choices, new: &Incident| {
        let names: Vec<&String> = new.targets().map(|(_, t)| &t.name).collect();
        if names.is_empty() || c.flag() {
            c.text()
        } else {
            names[c.below(names.len())].clone()
        }
    };
    match c.below(10) {
        0 => {
            let kind = c.pick(&crate::model::record::EventKind::ALL);
            let when = c.when(base);
            let mut sources = Vec::new();
            if c.flag() {
                // A cited source: one the record lists, or (refused) one it does not.
                let known: Vec<&String> = new.sources.iter().map(|s| &s.id).collect();
                sources.push(if known.is_empty() || c.flag() {
                    c.text()
                } else {
                    known[c.below(known.len())].clone()
                });
            }
            let event = change::NewEvent {
                at: when,
                kind,
                text: c.text(),
                actor: c.maybe_text(),
                sources,
                important: c.flag(),
                precursor: c.flag(),
            };
            change::note_key_moment(new, kind, when);
            change::append_event(new, event);
            Ok(None)
        }
        1 => {
            let kind = c.pick(&TargetKind::ALL);
            let name = pick_name(c, new);
            let from = c.when(base);
            let to = if c.flag() { c.when(base) } else { When::Open };
            let w = change::NewWindow {
                from,
                to,
                level: c.pick(&Level::ALL),
                scope: c.maybe_text(),
            };
            let done = change::add_window(new, kind, &name, w)?;
            Ok(Some((kind, done.name, from)))
        }
        2 => {
            let name = pick_name(c, new);
            let kind = c.pick(&[None, Some(TargetKind::Service), Some(TargetKind::Customer)]);
            let when = c.when(base);
            change::end_window(new, kind, &name, when).map(|_| None)
        }
        3 => {
            let a = change::NewAction {
                text: c.text(),
                kind: c.pick(&ActionType::ALL),
                owner: c.maybe_text(),
                due: c.flag().then(|| change::today(&zone, at(c.minutes()))),
                priority: c.flag().then(|| c.pick(&Priority::ALL)),
                opened: change::today(&zone, at(c.minutes())),
                link: c.maybe_text(),
            };
            change::add_action(new, a).map(|_| None)
        }
        4 | 5 => {
            let id = if new.actions.is_empty() || c.flag() {
                c.text()
            } else {
                new.actions[c.below(new.actions.len())].id.clone()
            };
            if c.flag() {
                change::action_done(new, &id).map(|_| None)
            } else {
                let change = change::ActionChange {
                    text: c.maybe_text(),
                    owner: c.maybe_text(),
                    due: c.flag().then(|| change::today(&zone, at(c.minutes()))),
                    status: c.flag().then(|| c.pick(&ActionStatus::ALL)),
                    priority: c.flag().then(|| c.pick(&Priority::ALL)),
                };
                change::set_action(new, &id, change).map(|_| None)
            }
        }
        6 => {
            let status = c.pick(&Status::ALL);
            let when = c.when(base);
            change::set_status(new, status, when, c.maybe_text());
            Ok(None)
        }
        7 => {
            let when = c.when(base);
            let words = c.text();
            change::resolve(new, when, &words, c.maybe_text()).map(|_| None)
        }
        8 => {
            let name = c.pick(&crate::model::record::MomentName::ALL);
            let when = c.when(base);
            change::set_moment(new, name, when, c.maybe_text(), Vec::new());
            Ok(None)
        }
        _ => {
            change::unset_moment(new, c.pick(&crate::model::record::MomentName::ALL));
            Ok(None)
        }
    }
}

/// What a writer acknowledged, to be found in every later version of the record.
#[derive(Default)]
struct Acknowledged {
    /// Event ids and their text (events are only ever added).
    events: Vec<(String, String)>,
    /// Action ids (actions are only ever added; their fields change).
    actions: Vec<String>,
    /// Windows added (the end may be set later).
    windows: Vec<AddedWindow>,
}

/// The most changes one input makes: enough for any sequence of writes that matters, few
/// enough that one input stays fast.
const MAX_STEPS: usize = 64;

/// Applies a random sequence of the writers' changes (see [`writer_change`]) to a valid
/// record, writing each through `files::patch::plan` as `files::write::update` does, and
/// refusing what `update` refuses (a plan that would drop comments, a change that adds a
/// validation error). After each acknowledged write it asserts — panicking, so a fuzzer
/// reports it — that the new text parses back to the intended record, is valid, keeps the
/// comment the seed was given, and still holds every item acknowledged before. Returns how
/// many writes were acknowledged. `fuzz/fuzz_targets/writes.rs` calls this.
pub fn exercise_writes(bytes: &[u8]) -> usize {
    use crate::files::patch::{self, PatchError};

    let mut c = Choices { bytes };
    let seeds = seeds();
    // The first byte picks the seed, the second its layout.
    let seed = &seeds[c.below(WRITE_SEEDS.len()) * 4 + c.below(4)];
    let path = seed.path.as_path();
    let mut text = seed.text.clone();
    let mut inc = seed.inc.clone();
    let mut seen = Acknowledged::default();
    let mut steps = 0;
    let mut acknowledged = 0;
    while !c.is_empty() && steps < MAX_STEPS {
        steps += 1;
        let mut new = inc.clone();
        let Ok(added_window) = writer_change(&mut c, &mut new) else {
            // Refused by the edit itself: nothing is written.
            continue;
        };
        if new == inc {
            continue;
        }
        let new_text = match patch::plan(&text, &inc, &new) {
            Ok((t, _)) => t,
            // Refused as `update` refuses it: the rewrite would drop the comments.
            Err(PatchError::Comments { .. }) => {
                assert!(
                    crate::files::locate::first_comment(&text).is_some(),
                    "a plan was refused for comments in a record without any"
                );
                continue;
            }
            Err(PatchError::Serialize(why)) => panic!("cannot serialise a changed record: {why}"),
        };
        // Refused as `update` refuses it: the change adds an error (the record before it
        // had none, so any error is new).
        if !errors(path, &new).is_empty() {
            continue;
        }
        // Acknowledged. What is on disk now must be what was meant, valid, with everything
        // acknowledged before it.
        let back = match parse_text(path, &new_text) {
            Ok(b) => b,
            Err(p) => panic!("an acknowledged write does not parse back: {p}\n{new_text}"),
        };
        assert!(
            back == new,
            "an acknowledged write parses to another record"
        );
        assert_eq!(
            new_text.matches(MARK).count(),
            seed.marks,
            "an acknowledged write lost a comment"
        );
        // A change may add more than one event (resolving logs the status change too).
        for e in new.events.iter().skip(inc.events.len()) {
            seen.events.push((e.id.clone(), e.text.clone()));
        }
        if new.actions.len() > inc.actions.len()
            && let Some(last) = new.actions.last()
        {
            seen.actions.push(last.id.clone());
        }
        seen.windows.extend(added_window);
        for (id, words) in &seen.events {
            assert!(
                back.events.iter().any(|e| e.id == *id && e.text == *words),
                "acknowledged event {id} is gone"
            );
        }
        for id in &seen.actions {
            assert!(
                back.actions.iter().any(|a| a.id == *id),
                "acknowledged action {id} is gone"
            );
        }
        for (kind, name, from) in &seen.windows {
            assert!(
                kind.of(&back)
                    .iter()
                    .any(|t| t.name == *name && t.windows.iter().any(|w| w.from == *from)),
                "an acknowledged window of {name:?} is gone"
            );
        }
        // Ids stay unique: the next id never wraps onto one in use.
        let mut ids: Vec<&str> = back.events.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), back.events.len(), "two events share an id");
        text = new_text;
        inc = back;
        acknowledged += 1;
    }
    acknowledged
}

// ---------------------------------------------------------------------------------------------
// The merge driver

/// What one merge input did, for tests and for seeing that inputs do real work.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MergeRun {
    /// Changes made on each side (each one a writer would have acknowledged).
    pub ours_changes: usize,
    pub theirs_changes: usize,
    /// Fields or items both sides changed differently.
    pub conflicts: usize,
    /// Ids theirs added that ours used for something else, renumbered.
    pub renumbered: usize,
    /// Errors of the merged record (either resolution) that [`MERGE_MAY_FIND`] allows.
    pub flagged: usize,
}

/// The errors a merge of two valid sides may bring, because each side holds facts the other
/// did not see: ours resolved the incident at 10:00 while theirs logged its mitigation at
/// 11:00 (E114). No automatic answer is right, so `incident merge-file` validates the merged
/// record, names each error neither side had and exits 1 for a person to decide (docs/git.md).
/// Any other error in a merge is a bug of the merge itself (a duplicate id, say).
pub const MERGE_MAY_FIND: &[crate::model::rule::Rule] =
    &[crate::model::rule::Rule::MomentsOutOfOrder];

/// The most changes each side of a merge makes.
const MAX_SIDE_STEPS: usize = 12;

/// `seed` with up to `limit` writer changes chosen by `c`, each one kept only when a writer
/// would have acknowledged it (it adds no validation error). Returns the record and how many
/// changes it holds.
fn changed_side(c: &mut Choices, seed: &Seed, limit: usize) -> (Incident, usize) {
    let mut inc = seed.inc.clone();
    let mut made = 0;
    for _ in 0..limit {
        if c.is_empty() {
            break;
        }
        let mut new = inc.clone();
        if writer_change(c, &mut new).is_ok() && new != inc && errors(&seed.path, &new).is_empty() {
            inc = new;
            made += 1;
        }
    }
    (inc, made)
}

/// Asserts that a merge took `want` as it is, without conflicts.
fn assert_clean_merge_to(m: &crate::derive::merge::Merged, want: &Incident, what: &str) {
    assert!(m.is_clean(), "{what}: conflicts {:?}", m.conflicts);
    assert!(
        m.renumbered.is_empty(),
        "{what}: renumbered {:?}",
        m.renumbered
    );
    assert!(m.ours == *want, "{what}: the merge is not the changed side");
    assert!(
        *m.theirs() == *want,
        "{what}: the merge is not the changed side"
    );
}

/// The merge driver (`derive::merge::merge`, which `incident merge-file` and `incident mend`
/// run) on records made from fuzz bytes: a valid seed is the base; ours and theirs are the
/// base with random writer changes each (see [`writer_change`]; only changes a writer would
/// acknowledge). Asserts — panicking, so a fuzzer reports it — that
///
/// - merge(base, x, x) = x, merge(base, base, x) = x and merge(base, x, base) = x, cleanly;
/// - merge(base, ours, theirs), resolved either way, is laid out canonically and parses back
///   to itself, and validates without errors, but for those [`MERGE_MAY_FIND`] (which the
///   driver reports, exiting 1);
/// - it keeps every event and action either side holds (an event of theirs may be
///   renumbered, so events are matched by time, kind and text), and no more of them than
///   both sides hold together.
///
/// `fuzz/fuzz_targets/merge.rs` calls this.
pub fn exercise_merge(bytes: &[u8]) -> MergeRun {
    use crate::derive::merge::merge;

    let mut c = Choices { bytes };
    let seeds = seeds();
    // Layouts do not matter to a merge of values: the four of a seed are one record.
    let seed = &seeds[c.below(WRITE_SEEDS.len()) * 4];
    let base = &seed.inc;
    // The rest of the bytes in two halves, one for each side, so a change to the input
    // changes one side.
    let (first, second) = c.bytes.split_at(c.bytes.len() / 2);
    let (ours, ours_changes) = changed_side(&mut Choices { bytes: first }, seed, MAX_SIDE_STEPS);
    let (theirs, theirs_changes) =
        changed_side(&mut Choices { bytes: second }, seed, MAX_SIDE_STEPS);
    for x in [&ours, &theirs] {
        assert_clean_merge_to(&merge(base, x, x), x, "merge(base, x, x)");
        assert_clean_merge_to(&merge(base, base, x), x, "merge(base, base, x)");
        assert_clean_merge_to(&merge(base, x, base), x, "merge(base, x, base)");
    }
    let (conflicts, renumbered, flagged) = check_merge(&seed.path, base, &ours, &theirs);
    MergeRun {
        ours_changes,
        theirs_changes,
        conflicts,
        renumbered,
        flagged,
    }
}

/// Merges `ours` and `theirs` (both grown from `base`) and asserts what
/// [`exercise_merge`] promises of the result. Returns the conflicts, the renumbered ids and
/// the errors [`MERGE_MAY_FIND`] allowed.
fn check_merge(
    path: &Path,
    base: &Incident,
    ours: &Incident,
    theirs: &Incident,
) -> (usize, usize, usize) {
    use crate::derive::merge::{Side, merge};
    let seed_path = path;
    let m = merge(base, ours, theirs);
    let mut flagged = 0;
    for side in [Side::Ours, Side::Theirs] {
        let merged = m.resolved_to(side);
        let text = match to_canonical(merged) {
            Ok(t) => t,
            Err(e) => panic!("a merged record ({side:?}) cannot be laid out: {e}"),
        };
        match parse_text(seed_path, &text) {
            Ok(back) => assert!(
                back == *merged,
                "a merged record ({side:?}) parses to another record:\n{text}"
            ),
            Err(p) => panic!("a merged record ({side:?}) does not parse: {p}\n{text}"),
        }
        let found = errors(seed_path, merged);
        flagged += found.len();
        assert!(
            found.iter().all(|p| MERGE_MAY_FIND.contains(&p.code)),
            "a merged record ({side:?}) has errors: {found:?}\n{text}"
        );
        for side_record in [ours, theirs] {
            for e in &side_record.events {
                assert!(
                    merged
                        .events
                        .iter()
                        .any(|m| m.at == e.at && m.kind == e.kind && m.text == e.text),
                    "the merge ({side:?}) lost event {} {:?}",
                    e.id,
                    e.text
                );
            }
        }
        for a in &ours.actions {
            assert!(
                merged.actions.iter().any(|m| m.id == a.id),
                "the merge ({side:?}) lost our action {}",
                a.id
            );
        }
        let added = |n: usize, of_base: usize| n.saturating_sub(of_base);
        assert!(
            merged.events.len()
                <= ours.events.len() + added(theirs.events.len(), base.events.len()),
            "the merge ({side:?}) made up events"
        );
        assert!(
            merged.actions.len() >= ours.actions.len().max(theirs.actions.len()),
            "the merge ({side:?}) lost actions"
        );
    }
    (m.conflicts.len(), m.renumbered.len(), flagged)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `dir` (recursively), sorted.
    fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(read) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = read.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                files_under(&p, out);
            } else if p.is_file() {
                out.push(p);
            }
        }
    }

    #[test]
    fn exercise_runs_on_every_record_and_bad_record_we_ship() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for d in [
            "incidents",
            "tests/fixtures",
            "tests/corpus/bad",
            "fuzz/seeds",
        ] {
            files_under(&root.join(d), &mut files);
        }
        assert!(files.len() > 20, "too few files: {files:?}");
        for f in &files {
            let bytes = std::fs::read(f).unwrap();
            exercise(&bytes);
        }
    }

    /// The write path on every seed and layout, with a few hand-picked and many generated
    /// byte strings: the same checks the fuzz target makes.
    #[test]
    fn exercise_writes_keeps_every_acknowledged_item() {
        let mut acknowledged = 0;
        for seed in 0..WRITE_SEEDS.len() as u8 {
            for layout in 0..4u8 {
                assert_eq!(exercise_writes(&[seed, layout]), 0, "no bytes, no writes");
                // Every operation once, then a mix.
                let mut bytes = vec![seed, layout];
                for op in 0..8u8 {
                    bytes.extend([op, 1, 7, 3, 200, 9, 0, 5, 1, 1, 0, 4]);
                    bytes.extend(b"A\"quote\\ \x1b]0;x\x07 ");
                }
                acknowledged += exercise_writes(&bytes);
            }
        }
        for bytes in generated(24, 160) {
            acknowledged += exercise_writes(&bytes);
        }
        // Most generated steps are writes that go through, not refusals.
        assert!(
            acknowledged > 200,
            "only {acknowledged} writes acknowledged"
        );
        eprintln!("{acknowledged} writes acknowledged");
    }

    /// Bytes from a small deterministic generator (xorshift), for varied inputs in tests.
    fn generated(count: usize, len: usize) -> Vec<Vec<u8>> {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        (0..count)
            .map(|_| {
                (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        (state >> 24) as u8
                    })
                    .collect()
            })
            .collect()
    }

    /// The merge driver on every seed and many generated inputs: the same checks the fuzz
    /// target makes. The inputs must do real work: changes on both sides, conflicts and
    /// renumbered ids among them.
    #[test]
    fn exercise_merge_keeps_identities_validity_and_every_item() {
        // No bytes past the seed: nothing changes on either side.
        for seed in 0..WRITE_SEEDS.len() as u8 {
            assert_eq!(exercise_merge(&[seed]), MergeRun::default());
        }
        let mut total = MergeRun::default();
        let mut both_changed = 0;
        for bytes in generated(64, 240) {
            let run = exercise_merge(&bytes);
            total.ours_changes += run.ours_changes;
            total.theirs_changes += run.theirs_changes;
            total.conflicts += run.conflicts;
            total.renumbered += run.renumbered;
            if run.ours_changes > 0 && run.theirs_changes > 0 {
                both_changed += 1;
            }
        }
        eprintln!("{total:?}, both sides changed in {both_changed} of 64");
        assert!(both_changed > 32, "{both_changed} of 64 changed both sides");
        assert!(total.conflicts > 0, "{total:?}");
        assert!(total.renumbered > 0, "{total:?}");
    }

    /// The committed seed inputs of the write and merge targets work as the fuzzer sees them.
    #[test]
    fn the_fuzz_seeds_do_what_they_are_for() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        files_under(&root.join("fuzz/seeds-writes"), &mut files);
        assert_eq!(files.len(), WRITE_SEEDS.len());
        for f in &files {
            let acknowledged = exercise_writes(&std::fs::read(f).unwrap());
            assert!(acknowledged >= 4, "{}: {acknowledged} writes", f.display());
        }
        let mut files = Vec::new();
        files_under(&root.join("fuzz/seeds-merge"), &mut files);
        assert_eq!(files.len(), 2 * WRITE_SEEDS.len());
        for f in &files {
            let run = exercise_merge(&std::fs::read(f).unwrap());
            assert!(
                run.ours_changes >= 3 && run.theirs_changes >= 3,
                "{}: {run:?}",
                f.display()
            );
            if f.to_string_lossy().ends_with("same-both-sides") {
                assert_eq!(run.conflicts + run.renumbered, 0, "{}", f.display());
            }
        }
    }

    /// What the merge target stopped on in its first minutes, rebuilt by hand (fuzz inputs
    /// change meaning whenever the writers' changes do): ours resolved the incident before
    /// the mitigation theirs logged, so the merged record has E114, which the driver reports
    /// and the harness allows; everything else it promises still holds.
    #[test]
    fn a_resolution_before_the_other_sides_mitigation_is_flagged_not_hidden() {
        use crate::model::change;
        use crate::model::record::EventKind;
        let seed = &seeds()[4 * 4]; // 2024-05-20-cdn-latency: open, nothing mitigated
        let base = &seed.inc;
        assert!(base.moments.resolved.is_none() && base.moments.mitigated.is_none());
        let start = start_of(base);
        let at = |m: i64| When::At(Instant(start.get() + chrono::Duration::minutes(m)));
        let mut ours = base.clone();
        change::resolve(&mut ours, at(60), "Resolved.", None).unwrap();
        let mut theirs = base.clone();
        change::note_key_moment(&mut theirs, EventKind::Mitigation, at(120));
        change::append_event(
            &mut theirs,
            change::NewEvent {
                at: at(120),
                kind: EventKind::Mitigation,
                text: "Traffic moved to another region".to_string(),
                actor: None,
                sources: Vec::new(),
                important: false,
                precursor: false,
            },
        );
        for side in [&ours, &theirs] {
            assert!(errors(&seed.path, side).is_empty(), "each side is valid");
        }
        let (conflicts, _, flagged) = check_merge(&seed.path, base, &ours, &theirs);
        assert_eq!(conflicts, 0);
        // The E114 in each resolution of the merge.
        assert_eq!(flagged, 2);
    }

    #[test]
    fn exercise_survives_odd_bytes() {
        for bytes in [
            &b""[..],
            b"\xef\xbb\xbf",
            b"(",
            b"\xff\xfe",
            b"<<<<<<< HEAD\n",
            b"(schema: 1)",
        ] {
            exercise(bytes);
        }
    }
}
