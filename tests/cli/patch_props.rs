//! Property tests for in-place record editing: records laid out by hand in many styles
//! (two-space, four-space and tab indentation, CRLF, one-line lists and items, trailing commas
//! or none, line and block comments before, inside and after lists, missing optional lists)
//! take random sequences of the writers' changes through the writers' own code — the change
//! functions of `model::change` and `files::patch::plan` — and each result parses back to the
//! intended record and keeps every comment, or the change is refused with a message.

use chrono::NaiveDate;
use proptest::prelude::*;
use serde::Serialize;

use incident::files::load::parse_text;
use incident::files::patch::{self, PatchError, WriteMode};
use incident::model::change::{self, ActionChange, NewAction, NewEvent, NewRecord, NewWindow};
use incident::model::record::TargetKind;
use incident::model::record::{
    ActionItem, ActionStatus, ActionType, Affected, Event, EventKind, Incident, IncidentKind,
    Level, Moment, MomentName, Priority, Severity, Status, Window,
};
use incident::model::time::{Instant, When, Zone};

// ---------------------------------------------------------------------------------------------
// Laying a record out by hand

/// A value to lay out: a scalar's RON text, a struct's fields or a list's items.
enum V {
    Leaf(String),
    Struct(Vec<(&'static str, V)>),
    List(Vec<V>),
}

/// A scalar's RON text, from `ron`'s plain (not pretty, not canonical) serialiser.
fn leaf<T: Serialize + ?Sized>(v: &T) -> V {
    V::Leaf(ron::to_string(v).unwrap())
}

fn fields(pairs: Vec<(&'static str, Option<V>)>) -> V {
    V::Struct(
        pairs
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect(),
    )
}

fn opt<T: Serialize>(v: &Option<T>) -> Option<V> {
    v.as_ref().map(|v| leaf(v))
}

fn strings(v: &[String]) -> Option<V> {
    (!v.is_empty()).then(|| V::List(v.iter().map(leaf).collect()))
}

fn moment_v(m: &Moment) -> V {
    fields(vec![
        ("at", Some(leaf(&m.at))),
        ("sources", strings(&m.sources)),
        ("note", opt(&m.note)),
    ])
}

fn window_v(w: &Window) -> V {
    fields(vec![
        ("from", Some(leaf(&w.from))),
        ("to", Some(leaf(&w.to))),
        ("level", Some(leaf(&w.level))),
        ("scope", opt(&w.scope)),
        ("sources", strings(&w.sources)),
        ("note", opt(&w.note)),
    ])
}

fn affected_v(a: &Affected) -> V {
    fields(vec![
        ("name", Some(leaf(&a.name))),
        (
            "windows",
            Some(V::List(a.windows.iter().map(window_v).collect())),
        ),
        ("sources", strings(&a.sources)),
        ("note", opt(&a.note)),
    ])
}

fn event_v(e: &Event) -> V {
    fields(vec![
        ("id", Some(leaf(&e.id))),
        ("at", Some(leaf(&e.at))),
        ("kind", Some(leaf(&e.kind))),
        ("text", Some(leaf(&e.text))),
        ("actor", opt(&e.actor)),
        ("sources", strings(&e.sources)),
        ("important", e.important.then(|| leaf(&true))),
        ("precursor", e.precursor.then(|| leaf(&true))),
    ])
}

fn action_v(a: &ActionItem) -> V {
    fields(vec![
        ("id", Some(leaf(&a.id))),
        ("text", Some(leaf(&a.text))),
        ("type", Some(leaf(&a.kind))),
        ("priority", opt(&a.priority)),
        ("owner", opt(&a.owner)),
        ("opened", opt(&a.opened)),
        ("due", opt(&a.due)),
        ("status", Some(leaf(&a.status))),
    ])
}

/// The fields of a record the writers touch, plus its identity. `drop_empty` leaves out empty
/// lists (they are optional), so a writer finds the field missing.
fn incident_v(inc: &Incident, drop_empty: bool) -> V {
    let list = |items: Vec<V>| (!(drop_empty && items.is_empty())).then_some(V::List(items));
    let moments = fields(
        MomentName::ALL
            .iter()
            .map(|&n| (n.field(), inc.moments.get(n).map(moment_v)))
            .collect(),
    );
    fields(vec![
        ("schema", Some(leaf(&inc.schema))),
        ("id", Some(leaf(&inc.id))),
        ("title", Some(leaf(&inc.title))),
        ("kind", Some(leaf(&inc.kind))),
        ("severity", Some(leaf(&inc.severity))),
        ("status", Some(leaf(&inc.status))),
        ("timezone", Some(leaf(&inc.timezone))),
        ("moments", Some(moments)),
        (
            "services",
            list(inc.services.iter().map(affected_v).collect()),
        ),
        (
            "customers",
            list(inc.customers.iter().map(affected_v).collect()),
        ),
        ("events", list(inc.events.iter().map(event_v).collect())),
        ("actions", list(inc.actions.iter().map(action_v).collect())),
    ])
}

/// How often a layout decision goes one way: never (0), always (1), or one time in `n`,
/// read off the tape of random choices.
#[derive(Clone, Copy, Debug)]
struct Odds(u8);

/// The layout decisions for a record.
#[derive(Clone, Debug)]
struct Style {
    indent: &'static str,
    crlf: bool,
    header_comment: bool,
    /// Leave out empty lists (they are optional), so a writer finds the field missing.
    drop_empty: bool,
    /// A group goes on one line.
    one_line: Odds,
    /// Groups nested this deep or deeper always go on one line (list items are at depth 2).
    one_line_from: usize,
    /// A comment before an entry, after an entry, or before the closing bracket.
    comment: Odds,
    /// Comments go inside structs as well as lists.
    struct_comments: bool,
    /// The random choices the decisions are read from.
    tape: Vec<u8>,
}

/// Lays values out by hand, taking each layout decision from the style.
struct Layout<'s> {
    style: &'s Style,
    next_choice: usize,
    /// Every comment written, each one unique.
    comments: Vec<String>,
}

impl Layout<'_> {
    fn chance(&mut self, odds: Odds) -> bool {
        match odds.0 {
            0 => false,
            1 => true,
            n => {
                let tape = &self.style.tape;
                let c = tape[self.next_choice % tape.len()];
                self.next_choice += 1;
                c.is_multiple_of(n)
            }
        }
    }

    fn comment(&mut self, line: bool) -> String {
        let n = self.comments.len() + 1;
        let text = if line {
            format!("// note {n}: ] ) \"")
        } else {
            format!("/* note {n} /* nested ] */ */")
        };
        self.comments.push(text.clone());
        text
    }

    fn pad(&self, out: &mut String, depth: usize) {
        out.push_str(&self.style.indent.repeat(depth));
    }

    /// Writes `v` at nesting `depth`; `one_line` forces it onto one line (its parent is).
    fn value(&mut self, v: &V, depth: usize, one_line: bool, out: &mut String) {
        let (open, close, entries): (char, char, Vec<(Option<&str>, &V)>) = match v {
            V::Leaf(text) => {
                out.push_str(text);
                return;
            }
            V::Struct(f) => ('(', ')', f.iter().map(|(k, v)| (Some(*k), v)).collect()),
            V::List(items) => ('[', ']', items.iter().map(|v| (None, v)).collect()),
        };
        if entries.is_empty() {
            out.push(open);
            out.push(close);
            return;
        }
        let one_line =
            one_line || depth >= self.style.one_line_from || self.chance(self.style.one_line);
        let trailing_comma = self.chance(Odds(2));
        let comments = if open == '[' || self.style.struct_comments {
            self.style.comment
        } else {
            Odds(0)
        };
        let n = entries.len();
        out.push(open);
        if one_line {
            for (k, (key, v)) in entries.into_iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                if self.chance(comments) {
                    let c = self.comment(false);
                    out.push_str(&c);
                    out.push(' ');
                }
                if let Some(key) = key {
                    out.push_str(key);
                    out.push_str(": ");
                }
                self.value(v, depth + 1, true, out);
            }
            if trailing_comma {
                out.push(',');
            }
        } else {
            out.push('\n');
            for (k, (key, v)) in entries.into_iter().enumerate() {
                if self.chance(comments) {
                    self.pad(out, depth + 1);
                    let line = self.chance(Odds(2));
                    let c = self.comment(line);
                    out.push_str(&c);
                    out.push('\n');
                }
                self.pad(out, depth + 1);
                if let Some(key) = key {
                    out.push_str(key);
                    out.push_str(": ");
                }
                self.value(v, depth + 1, false, out);
                if k + 1 < n || trailing_comma {
                    out.push(',');
                }
                if self.chance(comments) {
                    let line = self.chance(Odds(2));
                    let c = self.comment(line);
                    out.push(' ');
                    out.push_str(&c);
                }
                out.push('\n');
            }
            if self.chance(comments) {
                self.pad(out, depth + 1);
                let line = self.chance(Odds(2));
                let c = self.comment(line);
                out.push_str(&c);
                out.push('\n');
            }
            self.pad(out, depth);
        }
        out.push(close);
    }
}

/// A hand-laid text of `inc` and the comments in it.
fn lay_out(inc: &Incident, style: &Style) -> (String, Vec<String>) {
    let mut layout = Layout {
        style,
        next_choice: 0,
        comments: Vec::new(),
    };
    let mut text = String::new();
    if style.header_comment {
        let c = layout.comment(true);
        text.push_str(&c);
        text.push('\n');
    }
    layout.value(&incident_v(inc, style.drop_empty), 0, false, &mut text);
    text.push('\n');
    if style.crlf {
        text = text.replace('\n', "\r\n");
    }
    (text, layout.comments)
}

fn style() -> impl Strategy<Value = Style> {
    (
        prop::sample::select(vec!["  ", "    ", "\t"]),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec![0u8, 3, 4]),
        prop::sample::select(vec![0u8, 4, 6, 12]),
        any::<bool>(),
        prop::collection::vec(any::<u8>(), 1..64),
    )
        .prop_map(
            |(
                indent,
                crlf,
                header_comment,
                drop_empty,
                one_line,
                comment,
                struct_comments,
                tape,
            )| {
                Style {
                    indent,
                    crlf,
                    header_comment,
                    drop_empty,
                    one_line: Odds(one_line),
                    one_line_from: usize::MAX,
                    comment: Odds(comment),
                    struct_comments,
                    tape,
                }
            },
        )
}

// ---------------------------------------------------------------------------------------------
// The writers' changes

#[derive(Clone, Debug)]
enum Op {
    Log {
        minute: i64,
        /// Which form of time: see [`when`].
        form: usize,
        kind: usize,
        text: String,
        important: bool,
    },
    Window {
        target: usize,
        customer: bool,
        from: i64,
        len: Option<i64>,
        level: usize,
    },
    End {
        target: usize,
        minute: i64,
        form: usize,
    },
    Action {
        text: String,
        kind: usize,
        due: Option<u32>,
        priority: Option<usize>,
    },
    SetAction {
        index: usize,
        status: usize,
        owner: Option<String>,
    },
    Status(usize),
    Resolve {
        minute: i64,
        form: usize,
    },
}

const TARGETS: [&str; 3] = ["DB", "API", "澳門日報"];

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 \"\\\\/*\\]\\[(),:'#澳門é\n\t-]{1,30}"
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0i64..600, 0..FORMS, 0..EventKind::ALL.len(), text(), any::<bool>()).prop_map(
            |(minute, form, kind, text, important)| Op::Log { minute, form, kind, text, important }
        ),
        2 => (0..TARGETS.len(), any::<bool>(), 0i64..600, prop::option::of(0i64..300), 0usize..3)
            .prop_map(|(target, customer, from, len, level)| Op::Window {
                target, customer, from, len, level
            }),
        1 => (0..TARGETS.len(), 0i64..900, 0..FORMS)
            .prop_map(|(target, minute, form)| Op::End { target, minute, form }),
        1 => (text(), 0usize..4, prop::option::of(1u32..28), prop::option::of(0usize..3)).prop_map(
            |(text, kind, due, priority)| Op::Action { text, kind, due, priority }
        ),
        1 => (0usize..4, 0usize..4, prop::option::of("[a-z]{1,8}")).prop_map(
            |(index, status, owner)| Op::SetAction { index, status, owner }
        ),
        1 => (0usize..5).prop_map(Op::Status),
        1 => (0i64..900, 0..FORMS).prop_map(|(minute, form)| Op::Resolve { minute, form }),
    ]
}

fn zone() -> Zone {
    Zone::Named(chrono_tz::Europe::Berlin)
}

fn start() -> Instant {
    "2024-03-31T00:30:00+01:00".parse().unwrap()
}

fn at(minute: i64) -> Instant {
    Instant(zone().convert(start().get() + chrono::Duration::minutes(minute)))
}

/// How many forms of time [`when`] makes.
const FORMS: usize = 7;

/// A time `minute` minutes after the start in one of the forms a writer takes: exact,
/// approximate, its day, a half-hour range from it, at least it, at most it, unknown.
fn when(form: usize, minute: i64) -> When {
    let t = at(minute);
    match form {
        0 => When::At(t),
        1 => When::About(t),
        2 => When::Day(Instant(
            incident::model::time_input::day_start(t.get().date_naive(), &zone()).unwrap(),
        )),
        3 => When::Between(t, at(minute + 30)),
        4 => When::NotBefore(t),
        5 => When::NotAfter(t),
        _ => When::Unknown,
    }
}

/// Applies `op` as the writing command would; `false` when the command would refuse it.
fn apply(inc: &mut Incident, op: &Op) -> bool {
    match op.clone() {
        Op::Log {
            minute,
            form,
            kind,
            text,
            important,
        } => {
            let kind = EventKind::ALL[kind];
            change::note_key_moment(inc, kind, when(form, minute));
            change::append_event(
                inc,
                NewEvent {
                    at: when(form, minute),
                    kind,
                    text,
                    actor: None,
                    sources: vec![],
                    important,
                    precursor: false,
                },
            );
            true
        }
        Op::Window {
            target,
            customer,
            from,
            len,
            level,
        } => {
            let list = if customer {
                TargetKind::Customer
            } else {
                TargetKind::Service
            };
            // A window over one of the same level is refused: nothing to write then.
            change::add_window(
                inc,
                list,
                TARGETS[target],
                NewWindow {
                    from: When::At(at(from)),
                    to: len.map_or(When::Open, |l| When::At(at(from + l))),
                    level: [Level::Outage, Level::Degraded, Level::AtRisk][level],
                    scope: None,
                },
            )
            .is_ok()
        }
        Op::End {
            target,
            minute,
            form,
        } => change::end_window(inc, None, TARGETS[target], when(form, minute)).is_ok(),
        Op::Action {
            text,
            kind,
            due,
            priority,
        } => change::add_action(
            inc,
            NewAction {
                text,
                kind: [
                    ActionType::Prevent,
                    ActionType::Mitigate,
                    ActionType::Detect,
                    ActionType::Process,
                ][kind],
                owner: None,
                due: due.and_then(|d| NaiveDate::from_ymd_opt(2024, 4, d)),
                priority: priority.map(|p| [Priority::P1, Priority::P2, Priority::P3][p]),
                opened: NaiveDate::from_ymd_opt(2024, 3, 31).unwrap(),
                link: None,
            },
        )
        .is_ok(),
        Op::SetAction {
            index,
            status,
            owner,
        } => {
            let Some(id) = inc.actions.get(index).map(|a| a.id.clone()) else {
                return false;
            };
            let status = [
                ActionStatus::Open,
                ActionStatus::InProgress,
                ActionStatus::Done,
                ActionStatus::WontDo,
            ][status];
            change::set_action(
                inc,
                &id,
                ActionChange {
                    status: Some(status),
                    owner,
                    ..ActionChange::default()
                },
            )
            .is_ok()
        }
        Op::Status(s) => {
            let status = [
                Status::Investigating,
                Status::Identified,
                Status::Monitoring,
                Status::Resolved,
                Status::Closed,
            ][s];
            change::set_status(inc, status, When::Unknown, None);
            true
        }
        Op::Resolve { minute, form } => {
            change::resolve(inc, when(form, minute), "Resolved.", None).is_ok()
        }
    }
}

fn new_record() -> Incident {
    change::new_record(&NewRecord {
        title: "Hand-written [record] // with \"quotes\"".into(),
        severity: Severity::new("Sev2"),
        kind: IncidentKind::Real,
        started: When::At(start()),
        timezone: "Europe/Berlin".into(),
        zone: zone(),
        now: start(),
    })
    .unwrap()
}

/// True when every line break in `text` is `\r\n`, or none is.
fn line_ends_are(text: &str, crlf: bool) -> bool {
    if crlf {
        text.matches('\n').count() == text.matches("\r\n").count()
    } else {
        !text.contains('\r')
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Every change either reaches the text, which then parses back to the intended record
    /// with every hand-written comment and (in place) the file's line ends kept, or is
    /// refused with a message — and a refusal happens only where comments would be lost.
    #[test]
    fn hand_laid_records_take_writer_changes(
        setup in prop::collection::vec(op(), 0..6),
        style in style(),
        ops in prop::collection::vec(op(), 1..8),
    ) {
        let mut record = new_record();
        for op in &setup {
            apply(&mut record, op);
        }
        let (mut text, comments) = lay_out(&record, &style);
        let path = std::path::Path::new("hand.ron");
        prop_assert_eq!(&parse_text(path, &text).unwrap(), &record, "{}", text);
        for c in &comments {
            prop_assert!(text.contains(c.as_str()), "{c} missing from the laid-out text");
        }
        for op in &ops {
            let mut intended = record.clone();
            if !apply(&mut intended, op) {
                continue;
            }
            match patch::plan(&text, &record, &intended) {
                Ok((new_text, mode)) => {
                    prop_assert_eq!(
                        &parse_text(path, &new_text).unwrap(), &intended,
                        "{:?} on\n{}\ngave\n{}", op, text, new_text
                    );
                    for c in &comments {
                        prop_assert!(new_text.contains(c.as_str()), "{:?} dropped {}:\n{}", op, c, new_text);
                    }
                    match mode {
                        WriteMode::Unchanged => prop_assert_eq!(&new_text, &text),
                        // A rewrite is the canonical layout, line ends included.
                        WriteMode::Rewritten => prop_assert!(comments.is_empty()),
                        WriteMode::InPlace => prop_assert!(
                            line_ends_are(&new_text, text.contains("\r\n")),
                            "{:?}: line ends changed", op
                        ),
                    }
                    text = new_text;
                    record = intended;
                }
                Err(e @ PatchError::Comments { .. }) => {
                    prop_assert!(!comments.is_empty(), "{:?} refused without comments: {}", op, e);
                    // Comments between list items never stop a change; only comments inside
                    // a struct the change replaces, or a list missing from the text, can.
                    prop_assert!(
                        style.struct_comments || style.drop_empty,
                        "{:?} refused on\n{}", op, text
                    );
                    prop_assert!(e.to_string().contains("comment"), "{}", e);
                }
                Err(e) => prop_assert!(false, "{:?}: {}", op, e),
            }
        }
    }
}

/// A record with a comment before and after every list item and before every `]` — in two of
/// its three layouts with every item on one line — takes each kind of writer change in place,
/// and every new line is indented with the file's own unit.
#[test]
fn every_writer_change_fits_in_place_in_a_commented_record() {
    let mut record = new_record();
    for op in [
        Op::Log {
            minute: 5,
            form: 3,
            kind: 1,
            text: "first".into(),
            important: false,
        },
        Op::Window {
            target: 0,
            customer: false,
            from: 0,
            len: None,
            level: 0,
        },
        Op::Window {
            target: 1,
            customer: true,
            from: 10,
            len: None,
            level: 1,
        },
        Op::Action {
            text: "Alert".into(),
            kind: 2,
            due: None,
            priority: None,
        },
    ] {
        assert!(apply(&mut record, &op));
    }
    for (indent, crlf, one_line_from) in [
        ("  ", false, 2),
        ("\t", true, usize::MAX),
        ("    ", false, 2),
    ] {
        // A comment before and after every list item and before every `]`; no comments
        // inside structs, which writers replace whole.
        let style = Style {
            indent,
            crlf,
            header_comment: true,
            drop_empty: false,
            one_line: Odds(0),
            one_line_from,
            comment: Odds(1),
            struct_comments: false,
            tape: vec![0, 1, 1, 0, 1],
        };
        let (mut text, comments) = lay_out(&record, &style);
        assert!(comments.len() > 5, "{text}");
        let mut current = record.clone();
        for op in [
            Op::Log {
                minute: 6,
                form: 2,
                kind: 0,
                text: "second ] // not a comment".into(),
                important: true,
            },
            Op::Window {
                target: 0,
                customer: false,
                from: 20,
                len: Some(5),
                level: 2,
            },
            Op::Window {
                target: 2,
                customer: false,
                from: 30,
                len: None,
                level: 0,
            },
            Op::End {
                target: 1,
                minute: 40,
                form: 5,
            },
            Op::Action {
                text: "Drill".into(),
                kind: 0,
                due: Some(3),
                priority: Some(1),
            },
            Op::SetAction {
                index: 0,
                status: 2,
                owner: Some("dba".into()),
            },
            Op::Status(1),
        ] {
            let mut intended = current.clone();
            assert!(apply(&mut intended, &op), "{op:?}");
            let (new_text, mode) = patch::plan(&text, &current, &intended)
                .unwrap_or_else(|e| panic!("{op:?} on {indent:?}: {e}\n{text}"));
            assert_eq!(mode, WriteMode::InPlace, "{op:?}");
            assert_eq!(
                parse_text(std::path::Path::new("x.ron"), &new_text).unwrap(),
                intended
            );
            for c in &comments {
                assert!(new_text.contains(c.as_str()), "{op:?} dropped {c}");
            }
            assert!(line_ends_are(&new_text, crlf));
            // Every new line is indented with the file's own unit.
            for line in new_text.lines() {
                let lead: String = line
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                assert!(
                    lead.is_empty() || lead.replace(indent, "").is_empty(),
                    "{indent:?}: {line:?}"
                );
            }
            text = new_text;
            current = intended;
        }
    }
}
