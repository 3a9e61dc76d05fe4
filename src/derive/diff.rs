//! What changed between two versions of a record, by meaning: items added, removed or
//! changed, matched by the identities the merge uses ([`crate::derive::merge`]: events,
//! actions and sources by id, services and customers by name, windows by start and level,
//! findings by text, word lists by value; and for schema 3 regions by name, counts and data
//! loss by what they count, stated figures by kind, references by kind and id, roles by role
//! and person), and fields changed with their values before and after in words — parts of an
//! item (a public update, a claim, a share) compared part by part — times shown in one zone. `incident diff` lists the changes (the renderers are in
//! `render/diff.rs`); `incident history` sums each commit up with [`summary_line`].

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::derive::merge::window_key;
use crate::model::chain::RootCauseStatus;
use crate::model::event_facts::{Party, UpdateState};
use crate::model::facts::{Count, Outcome, Recovered, ReferenceKind, ShareOf, ShareSide, StatedOf};
use crate::model::record::{
    ActionStatus, ActionType, Affected, EventKind, Finding, Incident, Level, MomentName, Priority,
    SourceKind, Status, TargetKind,
};
use crate::model::roles::Role;
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
        id_is_field: false,
    };
    let (b, a) = (before, after);
    d.field("id", b.id.clone(), a.id.clone());
    d.field("title", quoted(&b.title), quoted(&a.title));
    d.field("summary", quoted(&b.summary), quoted(&a.summary));
    d.words("summary source", &b.summary_sources, &a.summary_sources);
    d.field("kind", word(b.kind), word(a.kind));
    d.field(
        "severity",
        b.severity.name().to_string(),
        a.severity.name().to_string(),
    );
    d.item(
        "provider severity",
        "",
        b.provider_severity.as_ref(),
        a.provider_severity.as_ref(),
        |p| quoted(&p.label),
    );
    d.field(
        "severity rationale",
        quoted_opt(&b.severity_rationale),
        quoted_opt(&a.severity_rationale),
    );
    d.field("status", word(b.status), word(a.status));
    d.words("author", &b.authors, &a.authors);
    d.field("organisation", opt(&b.organisation), opt(&a.organisation));
    d.field("region", opt(&b.region), opt(&a.region));
    d.words("zone", &b.zones, &a.zones);
    d.field("site", opt(&b.site), opt(&a.site));
    d.list(
        "region",
        &b.regions,
        &a.regions,
        |r| r.name.clone(),
        |r| {
            let mut s = r.name.clone();
            if !r.zones.is_empty() {
                s.push_str(&format!(", zones {}", r.zones.join(", ")));
            }
            if !r.sites.is_empty() {
                let sites: Vec<&str> = r.sites.iter().map(|x| x.name.as_str()).collect();
                s.push_str(&format!(", sites {}", sites.join(", ")));
            }
            s
        },
    );
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
        "count",
        &b.counts,
        &a.counts,
        |c| c.what.clone(),
        count_text,
    );
    d.list(
        "data loss",
        &b.data_loss,
        &a.data_loss,
        |l| short(&l.what),
        |l| {
            let mut s = quoted(&l.what);
            if let Some(c) = &l.amount {
                s.push_str(&format!(", {}", count_text(c)));
            }
            s.push_str(&format!(", recovered: {}", l.recovered.label()));
            s
        },
    );
    d.list(
        "stated figure",
        &b.stated,
        &a.stated,
        |f| f.of.label().to_string(),
        |f| {
            let value = match (f.minutes, f.at) {
                (Some(m), _) => format!("{m} min"),
                (None, Some(w)) => clock.text(w),
                (None, None) => NONE.to_string(),
            };
            let about = if f.approximate { "about " } else { "" };
            format!("{}: {about}{value}", f.of.label())
        },
    );
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
    d.field(
        "root cause status",
        b.causes.root_cause_status.map(word),
        a.causes.root_cause_status.map(word),
    );
    d.list(
        "role",
        &b.roles,
        &a.roles,
        |r| format!("{}: {}", r.role_name(), r.person),
        // The role and person are its name; what an added one adds is when it was held.
        |r| {
            let mut s = Vec::new();
            if let Some(f) = r.from {
                s.push(format!("from {}", clock.text(f)));
            }
            if let Some(t) = r.to {
                s.push(format!("to {}", clock.text(t)));
            }
            s.join(" ")
        },
    );
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
        "reference",
        &b.references,
        &a.references,
        |r| {
            let what = r.id.as_deref().or(r.url.as_deref()).unwrap_or(NONE);
            format!("{} {what}", r.kind.label())
        },
        // Named by its kind and id (or link); an added one shows its link beside the id.
        |r| match (&r.id, &r.url) {
            (Some(_), Some(url)) => format!("({url})"),
            _ => String::new(),
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
            c.subject(),
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
    /// Whether an item's `id` is one of its fields (a cause, matched by its text, whose id
    /// may change) rather than its identity (an event, matched by its id).
    id_is_field: bool,
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
        // A finding is matched by its text; its id (cause chains) is a field that can change.
        self.id_is_field = true;
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
        self.id_is_field = false;
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
        self.fields_under(kind, name, "", b, a, skip);
    }

    /// [`Differ::fields`] of a value inside an item: a part present on both sides (a public
    /// update, an observer, a share, a plan) is compared part by part, named with its field
    /// first: `update state`, `share percent`.
    fn fields_under(
        &mut self,
        kind: &str,
        name: &str,
        prefix: &str,
        b: &Value,
        a: &Value,
        skip: &[&str],
    ) {
        let empty = Map::new();
        let bm = b.as_object().unwrap_or(&empty);
        let am = a.as_object().unwrap_or(&empty);
        let keys = bm.keys().chain(am.keys().filter(|k| !bm.contains_key(*k)));
        for k in keys {
            if (k == "id" && !self.id_is_field)
                || skip.contains(&k.as_str())
                || bm.get(k) == am.get(k)
            {
                continue;
            }
            let label = if prefix.is_empty() {
                field_label(kind, k)
            } else {
                format!("{prefix} {}", field_label("", k))
            };
            if let (Some(bv @ Value::Object(_)), Some(av @ Value::Object(_))) =
                (bm.get(k), am.get(k))
                && !is_time(k, bv)
            {
                self.fields_under(kind, name, &label, bv, av, &[]);
                continue;
            }
            // Lists of parts (claims, counts, sites) of the same length: part by part, each
            // named by its place — `claim 1 time`.
            if let (Some(Value::Array(bl)), Some(Value::Array(al))) = (bm.get(k), am.get(k))
                && bl.len() == al.len()
                && bl.iter().chain(al).all(Value::is_object)
            {
                let one = label.strip_suffix('s').unwrap_or(&label).to_string();
                for (i, (bv, av)) in bl.iter().zip(al).enumerate() {
                    self.fields_under(kind, name, &format!("{one} {}", i + 1), bv, av, &[]);
                }
                continue;
            }
            let b = bm.get(k).and_then(|v| self.value_text(k, v));
            let a = am.get(k).and_then(|v| self.value_text(k, v));
            self.push(Op::Changed, kind, name, Some(&label), b, a);
        }
    }

    /// A field's value in words; `None` for an absent or empty one. Times read as the clock
    /// shows them, words of the vocabulary by their labels, and a value made of parts (a
    /// public update, an observer, a claim, a share) as its parts in words: `state:
    /// identified, channel: status page`; several (claims) are separated by `;`.
    fn value_text(&self, key: &str, v: &Value) -> Option<String> {
        if is_time(key, v)
            && let Ok(w) = serde_json::from_value::<When>(v.clone())
        {
            return Some(self.clock.text(w));
        }
        match v {
            Value::Null => None,
            Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
            Value::Array(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .filter_map(|x| self.value_text(key, x))
                    .collect();
                let sep = if items.iter().any(Value::is_object) {
                    "; "
                } else {
                    ", "
                };
                (!parts.is_empty()).then(|| parts.join(sep))
            }
            Value::String(s) => Some(string_text(key, s)),
            Value::Object(m) => {
                let parts: Vec<String> = m
                    .iter()
                    .filter_map(|(k, x)| {
                        let text = self.value_text(k, x)?;
                        Some(format!("{}: {text}", field_label("", k)))
                    })
                    .collect();
                (!parts.is_empty()).then(|| parts.join(", "))
            }
            // Whole numbers without a decimal point: `120`, not `120.0`.
            Value::Number(n) => Some(match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
                _ => n.to_string(),
            }),
        }
    }
}

/// True for a time value (`{"At": "…"}`) under a key that holds times.
fn is_time(key: &str, v: &Value) -> bool {
    matches!(key, "at" | "from" | "to" | "stated")
        && serde_json::from_value::<When>(v.clone()).is_ok()
}

/// The name of a field as a diff shows it: a window's `from` and `to` are its `start` and
/// `end`, an event's or moment's `at` its `time`, other fields their name in words.
fn field_label(kind: &str, key: &str) -> String {
    match (kind, key) {
        ("window", "from") => "start".to_string(),
        ("window", "to") => "end".to_string(),
        ("window", "from_claims") => "start claims".to_string(),
        ("window", "to_claims") => "end claims".to_string(),
        (_, "at") => "time".to_string(),
        // In words: `other kinds`, `observed by`, `further reading`.
        _ => key.replace('_', " "),
    }
}

/// A string field's value in words: the label of a word of the vocabulary, free text in
/// quotes (shortened), anything else as it is.
fn string_text(key: &str, s: &str) -> String {
    fn label<W: Word>(s: &str) -> Option<String> {
        W::parse(s).map(|w| w.label().to_string())
    }
    let word = match key {
        "kind" | "other_kinds" => label::<EventKind>(s)
            .or_else(|| label::<SourceKind>(s))
            .or_else(|| label::<ReferenceKind>(s)),
        "level" => label::<Level>(s),
        "status" => label::<ActionStatus>(s).or_else(|| label::<Status>(s)),
        "type" => label::<ActionType>(s),
        "priority" => label::<Priority>(s),
        "outcome" => label::<Outcome>(s),
        "of" => label::<ShareOf>(s).or_else(|| label::<StatedOf>(s)),
        "side" => label::<ShareSide>(s),
        "recovered" => label::<Recovered>(s),
        "party" => label::<Party>(s),
        "state" => label::<UpdateState>(s),
        "role" => label::<Role>(s),
        "root_cause_status" => label::<RootCauseStatus>(s),
        // A citation shows its grade in words.
        "sources" | "summary_sources" => Some(crate::model::citation::citation_display(s)),
        _ => None,
    };
    match word {
        Some(w) => w,
        None if matches!(
            key,
            "text"
                | "title"
                | "note"
                | "detail"
                | "scope"
                | "notes"
                | "quote"
                | "what"
                | "happened"
        ) =>
        {
            quoted(s)
        }
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

fn quoted_opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(quoted)
}

/// A count in words: `~40 hosts lost`, `3 "machines"`.
fn count_text(c: &Count) -> String {
    let about = if c.approximate { "~" } else { "" };
    match &c.unit {
        Some(u) => format!("{about}{} {u} {}", c.value, quoted(&c.what)),
        None => format!("{about}{} {}", c.value, quoted(&c.what)),
    }
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
            internal: false,
            id: "e900".into(),
            at: at("2022-12-18T10:00:00+08:00"),
            kind: EventKind::Action,
            text: "Failover started".into(),
            actor: None,
            sources: Vec::new(),
            important: false,
            precursor: false,
            origin: None,
            note: None,
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
