//! Property tests of the merge by meaning (`derive::merge`, what `incident merge-file` runs):
//! for random valid records and random changes made through the writers' own functions
//! (`model::change`), merge(base, x, x) = x, merge(base, base, x) = merge(base, x, base) = x,
//! merge(base, x, y) = merge(base, y, x) up to the renumbering of ids both sides added, and
//! every merged record is valid — except where the two sides' key moments contradict each
//! other (one resolves at 09:00, the other logs a mitigation at 09:01: E114), which the driver
//! reports as a conflict because the error is new (both sides were valid).

use std::path::Path;

use proptest::prelude::*;

use incident::derive::merge::{Merged, merge};
use incident::derive::validate::validate;
use incident::files::canonical::to_canonical;
use incident::files::load::parse_text;
use incident::model::change::{self, ActionChange, NewAction, NewEvent, NewWindow};
use incident::model::record::*;
use incident::model::time::{Instant, When};

use super::git_merge::BASE;

/// One writer command, as `log`, `impact add|end`, `action add|set`, `status`, `resolve`
/// and a hand-added tag make it. Times are minutes after the record's start (09:00 UTC).
#[derive(Clone, Debug)]
enum Edit {
    Log {
        minute: i64,
        kind: EventKind,
        text: &'static str,
        important: bool,
    },
    AddWindow {
        customer: bool,
        target: &'static str,
        from: i64,
        to: Option<i64>,
        level: Level,
    },
    EndWindow {
        target: &'static str,
        minute: i64,
    },
    AddAction {
        text: &'static str,
        kind: ActionType,
        owner: Option<&'static str>,
    },
    SetAction {
        index: usize,
        owner: Option<&'static str>,
        status: Option<ActionStatus>,
    },
    Status(Status),
    Resolve {
        minute: i64,
    },
    Tag(&'static str),
}

const TEXTS: [&str; 5] = [
    "Errors on checkout",
    "Failover started",
    "Customers told",
    "Rolled back the deploy",
    "中文 \"quoted\" text",
];
const TARGETS: [&str; 3] = ["API", "Database", "Web"];
const OWNERS: [&str; 3] = ["ann", "bob", "cy"];

fn edit() -> impl Strategy<Value = Edit> {
    let minute = || 0i64..600;
    let pick = |list: &'static [&'static str]| proptest::sample::select(list.to_vec());
    prop_oneof![
        4 => (minute(), proptest::sample::select(EventKind::ALL.to_vec()), pick(&TEXTS), any::<bool>())
            .prop_map(|(minute, kind, text, important)| Edit::Log { minute, kind, text, important }),
        2 => (any::<bool>(), pick(&TARGETS), minute(), proptest::option::of(0i64..120),
              proptest::sample::select(Level::ALL.to_vec()))
            .prop_map(|(customer, target, from, len, level)| Edit::AddWindow {
                customer, target, from, to: len.map(|l| from + l), level,
            }),
        2 => (pick(&TARGETS), minute()).prop_map(|(target, minute)| Edit::EndWindow { target, minute }),
        2 => (pick(&TEXTS), proptest::sample::select(ActionType::ALL.to_vec()),
              proptest::option::of(pick(&OWNERS)))
            .prop_map(|(text, kind, owner)| Edit::AddAction { text, kind, owner }),
        2 => (0usize..4, proptest::option::of(pick(&OWNERS)),
              proptest::option::of(proptest::sample::select(ActionStatus::ALL.to_vec())))
            .prop_map(|(index, owner, status)| Edit::SetAction { index, owner, status }),
        1 => proptest::sample::select(Status::ALL.to_vec()).prop_map(Edit::Status),
        1 => minute().prop_map(|minute| Edit::Resolve { minute }),
        1 => pick(&["db", "network", "deploy"]).prop_map(Edit::Tag),
    ]
}

/// 09:00 UTC on the record's day plus `minute` minutes.
fn at(minute: i64) -> When {
    let start: Instant = "2024-03-01T09:00:00+00:00".parse().unwrap();
    When::At(Instant(start.get() + chrono::Duration::minutes(minute)))
}

/// Applies one edit as the writer would; `false` when the writer would refuse it.
fn apply(inc: &mut Incident, e: &Edit) -> bool {
    match *e {
        Edit::Log {
            minute,
            kind,
            text,
            important,
        } => {
            change::append_event(
                inc,
                NewEvent {
                    at: at(minute),
                    kind,
                    text: text.to_string(),
                    actor: None,
                    sources: Vec::new(),
                    important,
                    precursor: false,
                },
            );
            change::note_key_moment(inc, kind, at(minute));
            true
        }
        Edit::AddWindow {
            customer,
            target,
            from,
            to,
            level,
        } => {
            let kind = if customer {
                TargetKind::Customer
            } else {
                TargetKind::Service
            };
            let window = NewWindow {
                from: at(from),
                to: to.map_or(When::Open, at),
                level,
                scope: None,
            };
            // A window over one of the same level is refused: nothing to merge then.
            change::add_window(inc, kind, target, window).is_ok()
        }
        Edit::EndWindow { target, minute } => {
            change::end_window(inc, None, target, at(minute)).is_ok()
        }
        Edit::AddAction { text, kind, owner } => change::add_action(
            inc,
            NewAction {
                text: text.to_string(),
                kind,
                owner: owner.map(str::to_string),
                due: None,
                priority: None,
                opened: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
                link: None,
            },
        )
        .is_ok(),
        Edit::SetAction {
            index,
            owner,
            status,
        } => {
            let Some(id) = inc.actions.get(index).map(|a| a.id.clone()) else {
                return false;
            };
            let c = ActionChange {
                owner: owner.map(str::to_string),
                status,
                ..Default::default()
            };
            change::set_action(inc, &id, c).is_ok()
        }
        Edit::Status(s) => {
            // Logged as an event at the start of the hour, by no one in particular.
            change::set_status(inc, s, at(0), None);
            true
        }
        Edit::Resolve { minute } => change::resolve(inc, at(minute), "All clear", None).is_ok(),
        Edit::Tag(t) => {
            if !inc.tags.iter().any(|x| x == t) {
                inc.tags.push(t.to_string());
            }
            true
        }
    }
}

/// The errors `check` would report on the record as written.
fn errors(inc: &Incident) -> Vec<String> {
    let text = to_canonical(inc).unwrap();
    let path = Path::new("2024-03-01-api-down.ron");
    let back = parse_text(path, &text).unwrap_or_else(|p| panic!("{p}\n{text}"));
    assert_eq!(&back, inc, "the canonical text reads back as the record");
    validate(path, &text, inc)
        .into_iter()
        .filter(|p| p.is_error())
        .map(|p| p.to_string())
        .collect()
}

/// `start` with each edit the writers accept and that keeps it valid (a writer validates
/// before it writes, so a refused edit leaves the record as it was).
fn edited(start: &Incident, edits: &[Edit]) -> Incident {
    let mut inc = start.clone();
    for e in edits {
        let mut next = inc.clone();
        if apply(&mut next, e) && errors(&next).is_empty() {
            inc = next;
        }
    }
    inc
}

fn base_record() -> Incident {
    parse_text(Path::new("base.ron"), BASE).unwrap()
}

/// The record with the ids of events and action items blanked: what stays when ids that
/// collided are renumbered on the other side.
fn without_ids(inc: &Incident) -> Incident {
    let mut out = inc.clone();
    for e in &mut out.events {
        e.id.clear();
    }
    for a in &mut out.actions {
        a.id.clear();
    }
    out
}

fn ids_are_unique(inc: &Incident) -> bool {
    let mut events: Vec<&str> = inc.events.iter().map(|e| e.id.as_str()).collect();
    let mut actions: Vec<&str> = inc.actions.iter().map(|a| a.id.as_str()).collect();
    let (n, m) = (events.len(), actions.len());
    events.sort_unstable();
    events.dedup();
    actions.sort_unstable();
    actions.dedup();
    events.len() == n && actions.len() == m
}

fn clean(m: Merged) -> Result<Incident, TestCaseError> {
    prop_assert!(m.is_clean(), "conflicts: {:?}", m.conflicts);
    prop_assert_eq!(&m.ours, m.theirs());
    Ok(m.ours)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn merging_a_change_with_itself_or_with_nothing_gives_the_change(
        setup in proptest::collection::vec(edit(), 0..6),
        change in proptest::collection::vec(edit(), 1..5),
    ) {
        let base = edited(&base_record(), &setup);
        let x = edited(&base, &change);
        prop_assert_eq!(&clean(merge(&base, &x, &x))?, &x);
        prop_assert_eq!(&clean(merge(&base, &base, &x))?, &x);
        prop_assert_eq!(&clean(merge(&base, &x, &base))?, &x);
    }

    #[test]
    fn merging_two_changes_is_the_same_either_way_and_valid(
        setup in proptest::collection::vec(edit(), 0..6),
        ours in proptest::collection::vec(edit(), 1..5),
        theirs in proptest::collection::vec(edit(), 1..5),
    ) {
        let base = edited(&base_record(), &setup);
        let x = edited(&base, &ours);
        let y = edited(&base, &theirs);
        // Both sides are valid, so any error in a merge is new: `merge-file` refuses it.
        prop_assert!(errors(&x).is_empty() && errors(&y).is_empty());
        let xy = merge(&base, &x, &y);
        let yx = merge(&base, &y, &x);
        prop_assert_eq!(xy.conflicts.len(), yx.conflicts.len());
        // Conflicts settled for x on both sides: x is ours in one merge, theirs in the other.
        prop_assert_eq!(without_ids(&xy.ours), without_ids(yx.theirs()));
        prop_assert_eq!(without_ids(xy.theirs()), without_ids(&yx.ours));
        for merged in [&xy.ours, xy.theirs(), &yx.ours, yx.theirs()] {
            prop_assert!(ids_are_unique(merged), "{:?}", merged.events);
            let errors = errors(merged);
            let unexpected: Vec<&String> =
                errors.iter().filter(|e| !e.contains(": E114: ")).collect();
            prop_assert!(unexpected.is_empty(), "{unexpected:?}");
            // Nothing either side added is lost.
            prop_assert!(merged.events.len() >= x.events.len().max(y.events.len()));
            prop_assert!(merged.actions.len() >= x.actions.len().max(y.actions.len()));
        }
    }
}

/// The one error the property allows, through the real driver: a merge whose moments
/// contradict each other is not written as merged (exit 1, the error named).
#[test]
fn contradicting_moments_are_refused_by_the_driver() {
    let base = base_record();
    let ours = edited(&base, &[Edit::Resolve { minute: 0 }]);
    let theirs = edited(
        &base,
        &[Edit::Log {
            minute: 1,
            kind: EventKind::Mitigation,
            text: "Failover started",
            important: false,
        }],
    );
    assert!(ours.moments.resolved.is_some() && theirs.moments.mitigated.is_some());
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, inc: &Incident| {
        let p = dir.path().join(name);
        std::fs::write(&p, to_canonical(inc).unwrap()).unwrap();
        p
    };
    let (b, o, t) = (
        write("base", &base),
        write("ours", &ours),
        write("theirs", &theirs),
    );
    let mut c = super::common::incident();
    c.arg("merge-file").args([&b, &o, &t]);
    let r = super::common::run(&mut c);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("after the merge: "), "{}", r.stderr);
    assert!(r.stderr.contains(": E114: error: resolved (2024-03-01T09:00:00+00:00) is before mitigated (2024-03-01T09:01:00+00:00)"), "{}", r.stderr);
}
