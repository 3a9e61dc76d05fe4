//! What changed between two versions of a record, by meaning: items added, removed or
//! changed, matched by the identities the merge uses ([`crate::derive::merge`]: events,
//! actions and sources by id, services and customers by name, windows by start and level,
//! findings by text, word lists by value), and fields changed with their values before and
//! after, times shown in one zone. `incident diff` lists the changes (the renderers are in
//! `render/diff.rs`); `incident history` sums each commit up with [`summary_line`].

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::derive::merge::window_key;
use crate::model::record::{
    ActionStatus, ActionType, Affected, EventKind, Finding, Incident, Level, MomentName, Priority,
    SourceKind, Status, TargetKind,
};
use crate::model::text::{cut_at_word, one_line};
use crate::model::time::{When, Zone, when_text};
use crate::model::vocab::Word;

/// Whether a thing was added, removed or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Added,
    Removed,
    Changed,
}

/// One change by meaning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub op: Op,
    /// What kind of thing changed: a field of the record (`status`, `title`), or a kind of
    /// item (`event`, `window`, `action`, `source`, `service`, `moment`, `tag`, `root cause`…).
    pub kind: String,
    /// Which item: `e17`, the target of a window (`OSS`), `detected`; empty for a field of
    /// the record.
    pub name: String,
    /// The field of the item that changed (`end`, `text`); `None` when a whole item was
    /// added or removed, and for a field of the record.
    pub field: Option<String>,
    /// The value before, in words (`None`: absent, or the item was added).
    pub before: Option<String>,
    /// The value after, in words (`None`: absent, or the item was removed).
    pub after: Option<String>,
}

impl Change {
    /// What the change is about, in words: `status`, `event e17`, `window OSS end`.
    pub fn subject(&self) -> String {
        let mut s = self.kind.clone();
        for part in [Some(self.name.as_str()), self.field.as_deref()]
            .into_iter()
            .flatten()
        {
            if !part.is_empty() {
                s.push(' ');
                s.push_str(part);
            }
        }
        s
    }
}

/// How times are shown in a diff: in `zone`, with the date only when it is not the
/// incident's first day (the day impact started), so most lines read `10:00`.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    pub zone: Zone,
    pub day: Option<NaiveDate>,
}

impl Clock {
    /// The clock for a record: its first day is the day impact started, else the day of its
    /// first event, in `zone`.
    pub fn for_record(inc: &Incident, zone: Zone) -> Clock {
        let first = inc
            .moments
            .instant(MomentName::Started)
            .or_else(|| inc.events_in_order().first().and_then(|e| e.at.instant()));
        let day = first.map(|t| zone.convert(t.get()).date_naive());
        Clock { zone, day }
    }

    /// A time in words: `10:00`, `2022-12-19 10:00`, `~10:00`, `unknown`, `ongoing`.
    pub fn text(&self, w: When) -> String {
        let other_day = match w.instant_or_bound() {
            Some(t) => Some(self.zone.convert(t.get()).date_naive()) != self.day,
            None => false,
        };
        when_text(w, &self.zone, other_day)
    }
}

/// Every change from `before` to `after`, in the order of the record's fields.
pub fn diff(before: &Incident, after: &Incident, clock: &Clock) -> Vec<Change> {
    let mut d = Differ {
        clock,
        out: Vec::new(),
    };
    let (b, a) = (before, after);
    d.field("id", b.id.clone(), a.id.clone());
    d.field("title", quoted(&b.title), quoted(&a.title));
    d.field("summary", quoted(&b.summary), quoted(&a.summary));
    d.field("kind", word(b.kind), word(a.kind));
    d.field(
        "severity",
        b.severity.name().to_string(),
        a.severity.name().to_string(),
    );
    d.field("status", word(b.status), word(a.status));
    d.words("author", &b.authors, &a.authors);
    d.field("organisation", opt(&b.organisation), opt(&a.organisation));
    d.field("region", opt(&b.region), opt(&a.region));
    d.words("zone", &b.zones, &a.zones);
    d.field("site", opt(&b.site), opt(&a.site));
    d.field("timezone", b.timezone.clone(), a.timezone.clone());
    for name in MomentName::ALL {
        d.item(
            "moment",
            name.field(),
            b.moments.get(name),
            a.moments.get(name),
            |m| clock.text(m.at),
        );
    }
    for kind in TargetKind::ALL {
        d.targets(kind, kind.of(b), kind.of(a));
    }
    d.list(
        "event",
        &b.events,
        &a.events,
        |e| e.id.clone(),
        |e| {
            format!(
                "{} {}: {}",
                clock.text(e.at),
                e.kind.label(),
                short(&e.text)
            )
        },
    );
    let findings = [
        ("trigger", &b.causes.trigger, &a.causes.trigger),
        ("root cause", &b.causes.root_causes, &a.causes.root_causes),
        (
            "contributing factor",
            &b.causes.contributing,
            &a.causes.contributing,
        ),
        ("went well", &b.lessons.went_well, &a.lessons.went_well),
        ("went wrong", &b.lessons.went_wrong, &a.lessons.went_wrong),
        ("lucky", &b.lessons.lucky, &a.lessons.lucky),
    ];
    for (kind, bl, al) in findings {
        d.findings(kind, bl, al);
    }
    d.list(
        "action",
        &b.actions,
        &a.actions,
        |x| x.id.clone(),
        |x| {
            let mut s = format!(
                "{} ({}, {}",
                short(&x.text),
                x.kind.label(),
                x.status.label()
            );
            if let Some(owner) = &x.owner {
                s.push_str(&format!(", owner {owner}"));
            }
            s.push(')');
            s
        },
    );
    d.list(
        "source",
        &b.sources,
        &a.sources,
        |s| s.id.clone(),
        |s| format!("{} ({})", short(&s.title), s.kind.label()),
    );
    d.words("tag", &b.tags, &a.tags);
    d.field("schema", b.schema.to_string(), a.schema.to_string());
    d.out
}

/// One line that sums the changes up for `incident history`: counts of items added and
/// removed, the record's fields with their values, and counts of items changed —
/// `+2 events, status investigating → mitigated, 1 window changed`.
pub fn summary_line(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no change by meaning (layout or comments only)".to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    let mut kinds: Vec<&str> = Vec::new();
    for c in changes {
        if !c.name.is_empty() && !kinds.contains(&c.kind.as_str()) {
            kinds.push(&c.kind);
        }
    }
    let count = |op: Op, kind: &str| {
        let mut names: Vec<&str> = changes
            .iter()
            .filter(|c| c.op == op && c.kind == kind && !c.name.is_empty())
            .map(|c| c.name.as_str())
            .collect();
        names.dedup();
        names.len()
    };
    for &kind in &kinds {
        for (op, sign) in [(Op::Added, "+"), (Op::Removed, "-")] {
            let n = count(op, kind);
            if n > 0 {
                parts.push(format!("{sign}{n} {}", plural(kind, n)));
            }
        }
    }
    for c in changes.iter().filter(|c| c.name.is_empty()) {
        parts.push(format!(
            "{} {} → {}",
            c.kind,
            c.before.as_deref().unwrap_or(NONE),
            c.after.as_deref().unwrap_or(NONE)
        ));
    }
    for &kind in &kinds {
        // Items changed in place.
        let changed: Vec<&Change> = changes
            .iter()
            .filter(|c| c.op == Op::Changed && c.kind == kind && c.field.is_some())
            .collect();
        // A few changes read in full (`window API end ongoing → 11:30`); more are counted.
        if kind == "moment" || changed.len() <= 2 {
            for c in changed {
                parts.push(format!(
                    "{} {} → {}",
                    c.subject(),
                    c.before.as_deref().unwrap_or(NONE),
                    c.after.as_deref().unwrap_or(NONE)
                ));
            }
            continue;
        }
        let mut names: Vec<&str> = changed.iter().map(|c| c.name.as_str()).collect();
        names.dedup();
        parts.push(format!(
            "{} {} changed",
            names.len(),
            plural(kind, names.len())
        ));
    }
    parts.join(", ")
}

/// How an absent value reads.
pub const NONE: &str = "(none)";

/// The plural of a kind of item when `n` is not one: `events`, `root causes`.
fn plural(kind: &str, n: usize) -> String {
    match (kind, n) {
        (_, 1) => kind.to_string(),
        ("went well" | "went wrong" | "lucky", _) => format!("{kind} lessons"),
        _ => format!("{kind}s"),
    }
}

struct Differ<'c> {
    clock: &'c Clock,
    out: Vec<Change>,
}

impl Differ<'_> {
    fn push(
        &mut self,
        op: Op,
        kind: &str,
        name: &str,
        field: Option<&str>,
        b: Option<String>,
        a: Option<String>,
    ) {
        self.out.push(Change {
            op,
            kind: kind.to_string(),
            name: name.to_string(),
            field: field.map(str::to_string),
            before: b,
            after: a,
        });
    }

    /// A field of the record; empty text counts as absent.
    fn field(&mut self, kind: &str, b: impl Into<Option<String>>, a: impl Into<Option<String>>) {
        let (b, a) = (
            b.into().filter(|s| !s.is_empty()),
            a.into().filter(|s| !s.is_empty()),
        );
        if b != a {
            let op = match (&b, &a) {
                (None, Some(_)) => Op::Added,
                (Some(_), None) => Op::Removed,
                _ => Op::Changed,
            };
            self.push(op, kind, "", None, b, a);
        }
    }

    /// A list of words (tags, authors, zones): each word added or removed.
    fn words(&mut self, kind: &str, b: &[String], a: &[String]) {
        for w in b.iter().filter(|w| !a.contains(w)) {
            self.push(Op::Removed, kind, w, None, None, None);
        }
        for w in a.iter().filter(|w| !b.contains(w)) {
            self.push(Op::Added, kind, w, None, None, None);
        }
    }

    /// One item that may be absent on either side: added, removed, or changed field by
    /// field.
    fn item<T: Serialize>(
        &mut self,
        kind: &str,
        name: &str,
        b: Option<&T>,
        a: Option<&T>,
        describe: impl Fn(&T) -> String,
    ) {
        match (b, a) {
            (None, None) => {}
            (None, Some(x)) => self.push(Op::Added, kind, name, None, None, Some(describe(x))),
            (Some(x), None) => self.push(Op::Removed, kind, name, None, Some(describe(x)), None),
            (Some(x), Some(y)) => self.fields(kind, name, &json(x), &json(y), &[]),
        }
    }

    /// A list of items matched by `key`: removed ones first, then added and changed in the
    /// order of `after`.
    fn list<T: Serialize + PartialEq>(
        &mut self,
        kind: &str,
        b: &[T],
        a: &[T],
        key: impl Fn(&T) -> String,
        describe: impl Fn(&T) -> String,
    ) {
        if b == a {
            return;
        }
        let bk: Vec<(String, &T)> = b.iter().map(|x| (key(x), x)).collect();
        let ak: Vec<(String, &T)> = a.iter().map(|x| (key(x), x)).collect();
        fn find<'a, T>(list: &[(String, &'a T)], k: &str) -> Option<&'a T> {
            list.iter().find(|(j, _)| j == k).map(|p| p.1)
        }
        for (k, x) in &bk {
            if find(&ak, k).is_none() {
                self.item(kind, k, Some(*x), None, &describe);
            }
        }
        for (k, y) in &ak {
            self.item(kind, k, find(&bk, k), Some(*y), &describe);
        }
    }

    fn targets(&mut self, kind: TargetKind, b: &[Affected], a: &[Affected]) {
        if b == a {
            return;
        }
        let find = |list: &[Affected], name: &str| list.iter().find(|t| t.name == name).cloned();
        let windows = |t: &Affected| format!("{} window(s)", t.windows.len());
        for t in b.iter().filter(|t| find(a, &t.name).is_none()) {
            self.item(kind.label(), &t.name, Some(t), None, windows);
        }
        for t in a {
            let before = find(b, &t.name);
            match &before {
                None => self.item(kind.label(), &t.name, None, Some(t), windows),
                Some(bt) => {
                    self.fields(kind.label(), &t.name, &json(bt), &json(t), &["windows"]);
                }
            }
            let empty = Vec::new();
            let bw = before.as_ref().map_or(&empty, |bt| &bt.windows);
            let clock = *self.clock;
            let name = t.name.clone();
            // Windows have no id: they are named by their target, and matched by start and
            // level within it.
            let describe = |w: &crate::model::record::Window| {
                let mut s = format!(
                    "{} – {} {}",
                    clock.text(w.from),
                    clock.text(w.to),
                    w.level.label()
                );
                if let Some(scope) = &w.scope {
                    s.push_str(&format!(" ({})", short(scope)));
                }
                s
            };
            let bk: Vec<(String, _)> = bw.iter().map(|w| (window_key(w), w)).collect();
            let ak: Vec<(String, _)> = t.windows.iter().map(|w| (window_key(w), w)).collect();
            for (k, w) in &bk {
                if !ak.iter().any(|(j, _)| j == k) {
                    self.push(Op::Removed, "window", &name, None, Some(describe(w)), None);
                }
            }
            for (k, w) in &ak {
                match bk.iter().find(|(j, _)| j == k) {
                    None => self.push(Op::Added, "window", &name, None, None, Some(describe(w))),
                    Some((_, old)) => self.fields("window", &name, &json(*old), &json(*w), &[]),
                }
            }
        }
        // Removed targets' windows go with them: the target's line says how many.
    }

    fn findings(&mut self, kind: &str, b: &[Finding], a: &[Finding]) {
        self.list(
            kind,
            b,
            a,
            |f| quoted(&f.text),
            |f| match &f.detail {
                Some(d) => short(d),
                None => String::new(),
            },
        );
        // A finding's text is its identity: an added one reads `+ root cause "text"`.
        for c in self
            .out
            .iter_mut()
            .filter(|c| c.kind == kind && c.field.is_none())
        {
            if c.before.as_deref() == Some("") {
                c.before = None;
            }
            if c.after.as_deref() == Some("") {
                c.after = None;
            }
        }
    }

    /// The fields of one item that differ, through its JSON shape (so every struct of the
    /// record compares alike), leaving out `id` and the fields in `skip`.
    fn fields(&mut self, kind: &str, name: &str, b: &Value, a: &Value, skip: &[&str]) {
        let empty = Map::new();
        let bm = b.as_object().unwrap_or(&empty);
        let am = a.as_object().unwrap_or(&empty);
        let keys = bm.keys().chain(am.keys().filter(|k| !bm.contains_key(*k)));
        for k in keys {
            if k == "id" || skip.contains(&k.as_str()) || bm.get(k) == am.get(k) {
                continue;
            }
            let label = field_label(kind, k);
            let b = bm.get(k).and_then(|v| self.value_text(k, v));
            let a = am.get(k).and_then(|v| self.value_text(k, v));
            self.push(Op::Changed, kind, name, Some(label), b, a);
        }
    }

    /// A field's value in words; `None` for an absent or empty one.
    fn value_text(&self, key: &str, v: &Value) -> Option<String> {
        if matches!(key, "at" | "from" | "to")
            && let Ok(w) = serde_json::from_value::<When>(v.clone())
        {
            return Some(self.clock.text(w));
        }
        match v {
            Value::Null => None,
            Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
            Value::Array(items) if items.is_empty() => None,
            Value::Array(items) => Some(
                items
                    .iter()
                    .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Value::String(s) => Some(string_text(key, s)),
            other => Some(other.to_string()),
        }
    }
}

/// The name of a field as a diff shows it: a window's `from` and `to` are its `start` and
/// `end`, an event's or moment's `at` its `time`.
fn field_label<'a>(kind: &str, key: &'a str) -> &'a str {
    match (kind, key) {
        ("window", "from") => "start",
        ("window", "to") => "end",
        (_, "at") => "time",
        _ => key,
    }
}

/// A string field's value in words: the label of a word of the vocabulary, free text in
/// quotes (shortened), anything else as it is.
fn string_text(key: &str, s: &str) -> String {
    fn label<W: Word>(s: &str) -> Option<String> {
        W::parse(s).map(|w| w.label().to_string())
    }
    let word = match key {
        "kind" => label::<EventKind>(s).or_else(|| label::<SourceKind>(s)),
        "level" => label::<Level>(s),
        "status" => label::<ActionStatus>(s).or_else(|| label::<Status>(s)),
        "type" => label::<ActionType>(s),
        "priority" => label::<Priority>(s),
        _ => None,
    };
    match word {
        Some(w) => w,
        None if matches!(key, "text" | "title" | "note" | "detail" | "scope") => quoted(s),
        None => s.to_string(),
    }
}

/// Free text on one line, cut at a word after 60 columns.
fn short(s: &str) -> String {
    cut_at_word(&one_line(s), 60, "…")
}

/// Free text on one line, shortened, in quotes; empty text stays empty (absent).
fn quoted(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("\"{}\"", short(s))
    }
}

fn word<W: Word>(w: W) -> String {
    w.label().to_string()
}

fn opt(s: &Option<String>) -> Option<String> {
    s.clone()
}

fn json<T: Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::{Event, Status};
    use crate::model::time::Instant;

    fn hk() -> Incident {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        crate::files::load::parse_text(std::path::Path::new("hk.ron"), text).unwrap()
    }

    fn clock(inc: &Incident) -> Clock {
        Clock::for_record(inc, Zone::Named(chrono_tz::Asia::Hong_Kong))
    }

    fn at(s: &str) -> When {
        When::At(s.parse::<Instant>().unwrap())
    }

    #[test]
    fn an_unchanged_record_has_no_changes() {
        let inc = hk();
        assert_eq!(diff(&inc, &inc, &clock(&inc)), []);
        assert_eq!(
            summary_line(&[]),
            "no change by meaning (layout or comments only)"
        );
    }

    #[test]
    fn events_status_and_window_ends_read_by_meaning() {
        let before = hk();
        let mut after = before.clone();
        after.status = Status::Closed;
        after.events.push(Event {
            id: "e900".into(),
            at: at("2022-12-18T10:00:00+08:00"),
            kind: EventKind::Action,
            text: "Failover started".into(),
            actor: None,
            sources: Vec::new(),
            important: false,
            precursor: false,
            origin: None,
            other_kinds: Vec::new(),
            observed_by: None,
            update: None,
            planned: None,
            claims: Vec::new(),
        });
        let service = after.services[0].name.clone();
        after.services[0].windows[0].to = at("2022-12-18T18:26:00+08:00");
        let removed = after.actions.remove(0);
        let changes = diff(&before, &after, &clock(&after));
        let lines: Vec<String> = changes
            .iter()
            .map(|c| {
                format!(
                    "{:?} {} {} → {}",
                    c.op,
                    c.subject(),
                    c.before.as_deref().unwrap_or("-"),
                    c.after.as_deref().unwrap_or("-")
                )
            })
            .collect();
        let before_end = clock(&after).text(before.services[0].windows[0].to);
        assert_eq!(
            lines[..2],
            [
                format!("Changed status {} → closed", before.status.label()),
                format!("Changed window {service} end {before_end} → 18:26"),
            ]
        );
        assert!(lines.contains(&"Added event e900 - → 10:00 action: Failover started".to_string()));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("Removed action {}", removed.id)))
        );
        assert_eq!(
            summary_line(&changes),
            format!(
                "+1 event, -1 action, status {} → closed, window {service} end {before_end} → 18:26",
                before.status.label()
            )
        );
    }

    #[test]
    fn times_on_another_day_carry_their_date() {
        let inc = hk();
        let c = clock(&inc);
        assert_eq!(c.text(at("2022-12-18T10:00:00+08:00")), "10:00");
        assert_eq!(c.text(at("2022-12-19T10:00:00+08:00")), "2022-12-19 10:00");
        assert_eq!(c.text(When::Open), "ongoing");
    }
}
