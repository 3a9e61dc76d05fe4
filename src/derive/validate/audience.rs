//! W210: public text that names something marked internal. The public version of a document
//! leaves internal items out (`derive::audience`), but it cannot rewrite what public text says
//! of them: a summary that names an internal customer would still name it.

use super::Validator;
use crate::files::locate::Path;
use crate::model::audience::ItemKind;
use crate::model::record::Incident;
use crate::model::rule::Rule;

/// Names shorter than this are not looked for: two letters match too much ordinary text.
const SHORTEST_NAME: usize = 3;

/// A name an internal item goes by, and what it is.
struct InternalName {
    kind: ItemKind,
    /// The item's id or name, as the message shows it.
    item: String,
    /// The text to look for, lower case.
    needle: String,
    /// What the needle is of the item: `None` its name, else `title`, `URL`, `link`.
    what: Option<&'static str>,
}

/// Every name of the record's internal items worth looking for.
fn internal_names(inc: &Incident) -> Vec<InternalName> {
    let mut v = Vec::new();
    let mut push = |kind, item: &str, text: &str, what| {
        if text.trim().chars().count() >= SHORTEST_NAME {
            v.push(InternalName {
                kind,
                item: item.to_string(),
                needle: text.trim().to_lowercase(),
                what,
            });
        }
    };
    for c in inc.customers.iter().filter(|c| c.internal) {
        push(ItemKind::Customer, &c.name, &c.name, None);
        for other in c.names.values() {
            push(ItemKind::Customer, &c.name, other, None);
        }
    }
    for s in inc.sources.iter().filter(|s| s.internal) {
        push(ItemKind::Source, &s.id, &s.title, Some("title"));
        if let Some(url) = &s.url {
            push(ItemKind::Source, &s.id, url, Some("URL"));
        }
    }
    for a in inc.actions.iter().filter(|a| a.internal) {
        if let Some(link) = &a.link {
            push(ItemKind::Action, &a.id, link, Some("link"));
        }
    }
    v
}

/// Every text the public version shows, with where it is.
fn public_texts(inc: &Incident) -> Vec<(Path, &str)> {
    let root = Path::root();
    let mut v: Vec<(Path, &str)> = vec![
        (root.field("title"), inc.title.as_str()),
        (root.field("summary"), inc.summary.as_str()),
    ];
    for (i, e) in inc.events.iter().enumerate().filter(|(_, e)| !e.internal) {
        v.push((root.field("events").index(i).field("text"), e.text.as_str()));
    }
    for kind in crate::model::record::MomentName::ALL {
        if let Some(m) = inc.moments.get(kind) {
            let at = root.field("moments").field(kind.field()).field("note");
            opt(&mut v, at, &m.note);
        }
    }
    for (list, targets) in [("services", &inc.services), ("customers", &inc.customers)] {
        for (i, t) in targets.iter().enumerate().filter(|(_, t)| !t.internal) {
            let here = root.field(list).index(i);
            opt(&mut v, here.field("note"), &t.note);
            for (w, win) in t.windows.iter().enumerate() {
                let at = here.field("windows").index(w);
                opt(&mut v, at.field("scope"), &win.scope);
                opt(&mut v, at.field("note"), &win.note);
            }
        }
    }
    for (list, i, f) in inc.causes.all() {
        let here = root.field("causes").field(list.field()).index(i);
        v.push((here.field("text"), f.text.as_str()));
        opt(&mut v, here.field("detail"), &f.detail);
    }
    for (name, findings) in [
        ("went_well", &inc.lessons.went_well),
        ("went_wrong", &inc.lessons.went_wrong),
        ("lucky", &inc.lessons.lucky),
    ] {
        for (i, f) in findings.iter().enumerate() {
            let here = root.field("lessons").field(name).index(i);
            v.push((here.field("text"), f.text.as_str()));
            opt(&mut v, here.field("detail"), &f.detail);
        }
    }
    for (i, a) in inc.actions.iter().enumerate().filter(|(_, a)| !a.internal) {
        let here = root.field("actions").index(i);
        v.push((here.field("text"), a.text.as_str()));
        opt(&mut v, here.field("note"), &a.note);
    }
    for (i, s) in inc.sources.iter().enumerate().filter(|(_, s)| !s.internal) {
        let here = root.field("sources").index(i);
        v.push((here.field("title"), s.title.as_str()));
        opt(&mut v, here.field("note"), &s.note);
    }
    for (i, d) in inc.data_loss.iter().enumerate() {
        let here = root.field("data_loss").index(i);
        v.push((here.field("what"), d.what.as_str()));
        opt(&mut v, here.field("note"), &d.note);
    }
    for (i, f) in inc.stated.iter().enumerate() {
        let here = root.field("stated").index(i);
        opt(&mut v, here.field("quote"), &f.quote);
        opt(&mut v, here.field("note"), &f.note);
    }
    for (i, c) in inc.counts.iter().enumerate().filter(|(_, c)| !c.internal) {
        let here = root.field("counts").index(i);
        v.push((here.field("what"), c.what.as_str()));
        opt(&mut v, here.field("note"), &c.note);
    }
    v
}

/// Adds an optional text.
fn opt<'a>(v: &mut Vec<(Path, &'a str)>, at: Path, s: &'a Option<String>) {
    if let Some(s) = s {
        v.push((at, s.as_str()));
    }
}

/// True when `needle` (lower case) stands in `text` as a whole word or phrase: not inside a
/// longer word.
fn names(text: &str, needle: &str) -> bool {
    let hay = text.to_lowercase();
    // ASCII letters and digits only: scripts without spaces between words (Chinese) have no
    // word edges to look for.
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    hay.match_indices(needle).any(|(i, m)| {
        !word(hay[..i].chars().next_back()) && !word(hay[i + m.len()..].chars().next())
    })
}

impl Validator<'_> {
    /// W210: a public text names an internal customer (by any of its names), the title or
    /// URL of an internal source, or the link of an internal action item.
    pub(super) fn audience(&mut self, inc: &Incident) {
        let hidden = internal_names(inc);
        if hidden.is_empty() {
            return;
        }
        for (at, text) in public_texts(inc) {
            let mut told: Vec<(ItemKind, &str, Option<&str>)> = Vec::new();
            for n in hidden.iter().filter(|n| names(text, &n.needle)) {
                // One warning a text for each thing named, however many of its names it uses.
                if told.contains(&(n.kind, n.item.as_str(), n.what)) {
                    continue;
                }
                told.push((n.kind, n.item.as_str(), n.what));
                let item = format!(
                    "internal {} `{}`",
                    n.kind.label(),
                    crate::model::text::visible(&n.item)
                );
                let named = match n.what {
                    None => format!("names {item}"),
                    Some(what) => format!("gives the {what} of {item}"),
                };
                self.report(
                    Rule::PublicNamesInternal,
                    &at,
                    format!("public text {named}; the public version would still show it"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::names;
    use crate::model::record::Incident;
    use crate::model::rule::Rule;

    fn record() -> Incident {
        let text = include_str!("../../../incidents/2022-12-18-hk-zone-c.ron");
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .unwrap()
    }

    fn w210(inc: &Incident) -> Vec<String> {
        crate::derive::validate::unlocated(std::path::Path::new("x.ron"), inc)
            .into_iter()
            .filter(|p| p.code == Rule::PublicNamesInternal)
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn a_stated_quote_naming_an_internal_customer_is_found_once() {
        let mut inc = record();
        assert!(w210(&inc).is_empty());
        inc.customers[1].internal = true;
        let name = inc.customers[1].name.clone();
        let before = w210(&inc).len();
        let Some(f) = inc.stated.first_mut() else {
            panic!("the shipped record states figures")
        };
        f.quote = Some(format!("{name} said so; {} agreed", name.to_uppercase()));
        let after = w210(&inc);
        assert_eq!(after.len(), before + 1, "{after:?}");
        assert!(
            after
                .iter()
                .all(|m| m.contains(&format!("internal customer `{name}`")))
        );
    }

    #[test]
    fn a_name_counts_only_as_a_whole_word() {
        assert!(names("Calls from Acme Bank failed", "acme bank"));
        assert!(names("acme bank.", "acme bank"));
        assert!(!names("Acme Banking failed", "acme bank"));
        assert!(!names("NotAcme Bank", "acme bank"));
        assert!(names("澳門日報報道", "澳門日報"));
    }
}
