//! The facts of a summary (`derive::facts`) as plain-text items in blocks, laid out once here
//! and escaped by each document renderer: Markdown ([`super::summary_md`]), HTML
//! ([`super::summary_html`]) and the reading form ([`super::reading`]). So the three say the
//! same words.

use crate::derive::facts::{CountEntry, Facts, TargetFacts};
use crate::derive::summary::{Citation, SectionId, Summary};

/// One list item: plain text (not yet escaped), its citations, and items under it.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub text: String,
    pub citations: Vec<Citation>,
    pub press_only: bool,
    pub under: Vec<Item>,
}

impl Item {
    fn plain(text: String) -> Item {
        Item {
            text,
            citations: Vec::new(),
            press_only: false,
            under: Vec::new(),
        }
    }

    fn cited(text: String, citations: &[Citation], press_only: bool) -> Item {
        Item {
            text,
            citations: citations.to_vec(),
            press_only,
            under: Vec::new(),
        }
    }

    fn with_note(mut self, note: Option<&str>) -> Item {
        if let Some(n) = note.map(str::trim).filter(|n| !n.is_empty()) {
            self.under.push(Item::plain(n.to_string()));
        }
        self
    }
}

/// A list under an optional sub-heading, with an optional line before it.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub heading: Option<&'static str>,
    pub lead: Option<String>,
    pub items: Vec<Item>,
}

/// The line under Disputed facts and the impact figures: which value figures use.
pub const CHOSEN_NOTE: &str = "Figures use the chosen value of each disputed time; the other values are the claims of the sources cited with them.";

/// The marker after a disputed time, in every view.
pub const DISPUTED_MARK: &str = "(disputed)";

/// The blocks of a facts section: Data loss, Stated figures, Disputed facts, References.
/// Empty for every other section.
pub fn section(s: &Summary, id: SectionId) -> Vec<Block> {
    let f = &s.facts;
    let items = match id {
        SectionId::DataLoss => f
            .data_loss
            .iter()
            .map(|d| {
                let mut text = d.what.trim().to_string();
                if let Some(a) = &d.amount {
                    text.push_str(&format!(": {}", count_text(a)));
                }
                text.push_str(&format!(" — {}", d.recovered_label));
                let mut item =
                    Item::cited(text, &d.citations, d.press_only).with_note(d.note.as_deref());
                if let Some(a) = &d.amount
                    && (a.note.is_some() || a.citations != d.citations)
                {
                    item.under.push(
                        Item::cited(
                            format!("Amount: {}", count_text(a)),
                            &a.citations,
                            a.press_only,
                        )
                        .with_note(a.note.as_deref()),
                    );
                }
                item
            })
            .collect(),
        SectionId::StatedFigures => f
            .stated
            .iter()
            .map(|st| {
                let derived = st.derived.as_deref().map_or_else(
                    || "the record gives none".to_string(),
                    |d| format!("the record gives {d}"),
                );
                let mut text = format!(
                    "{}: stated {}; {derived} — {}",
                    capital(st.label),
                    st.stated,
                    st.comparison
                );
                if let Some(q) = &st.quote {
                    text.push_str(&format!(" (“{}”)", q.trim()));
                }
                Item::cited(text, &st.citations, st.press_only).with_note(st.note.as_deref())
            })
            .collect(),
        SectionId::DisputedFacts => f
            .disputed
            .iter()
            .map(|d| {
                let mut item = Item::cited(
                    format!("{}: chosen {}", capital(&d.what), d.chosen),
                    &d.chosen_citations,
                    false,
                );
                for c in &d.claims {
                    item.under.push(
                        Item::cited(
                            format!("Also claimed: {}", c.text),
                            &c.citations,
                            c.press_only,
                        )
                        .with_note(c.note.as_deref()),
                    );
                }
                item
            })
            .collect(),
        SectionId::References => f
            .references
            .iter()
            .map(|r| {
                let mut text = capital(r.kind_label);
                if let Some(i) = &r.id {
                    text.push_str(&format!(": {}", i.trim()));
                }
                if let Some(u) = &r.url {
                    text.push_str(&format!(" {}", u.trim()));
                }
                Item::plain(text).with_note(r.note.as_deref())
            })
            .collect(),
        _ => return Vec::new(),
    };
    let lead = (id == SectionId::DisputedFacts).then(|| CHOSEN_NOTE.to_string());
    vec![Block {
        heading: None,
        lead,
        items,
    }]
}

/// `~1800 objects` or `requests failed: ~2300000 requests`.
fn count_text(c: &CountEntry) -> String {
    format!("{} ({})", c.value_text, c.what.trim())
}

fn capital(s: &str) -> String {
    crate::model::text::capitalized(s)
}

/// The blocks the Impact section adds after its figures: counts, and what each service and
/// customer has beyond its row (outcome, share, notes, sources).
pub fn impact(f: &Facts) -> Vec<Block> {
    let mut out = Vec::new();
    if !f.counts.is_empty() {
        out.push(Block {
            heading: Some("Counts"),
            lead: None,
            items: f
                .counts
                .iter()
                .map(|c| {
                    let on = c
                        .target
                        .as_deref()
                        .map(|t| format!("{}: ", t.trim()))
                        .unwrap_or_default();
                    Item::cited(
                        format!("{on}{}: {}", c.what.trim(), c.value_text),
                        &c.citations,
                        c.press_only,
                    )
                    .with_note(c.note.as_deref())
                })
                .collect(),
        });
    }
    if f.has_target_notes() {
        out.push(Block {
            heading: Some("Services and customers in detail"),
            lead: None,
            items: f
                .targets
                .iter()
                .filter(|t| t.has_notes())
                .map(target_item)
                .collect(),
        });
    }
    out
}

fn target_item(t: &TargetFacts) -> Item {
    let kind = capital(t.kind);
    let name = t.name.trim();
    // A neutral label (`--hide-customers`: `Customer A`) already says its kind.
    let said = if name.starts_with(&format!("{kind} ")) {
        format!("{name}: {}", t.outcome_label)
    } else {
        format!("{kind} {name}: {}", t.outcome_label)
    };
    let mut item = Item::cited(said, &t.citations, t.press_only).with_note(t.note.as_deref());
    for w in t.windows.iter().filter(|w| w.has_notes()) {
        let mut text = format!("Window {} ({}, {})", w.number, w.level, w.when);
        if let Some(sh) = &w.share {
            text.push_str(&format!(": {}", sh.text));
        }
        item.under
            .push(Item::cited(text, &w.citations, w.press_only).with_note(w.note.as_deref()));
    }
    item
}

/// The meta lines facts add, as (label, plain value, citations, press only): the provider's
/// severity, the severity rationale, and each region.
pub fn meta(f: &Facts) -> Vec<(&'static str, String, Vec<Citation>, bool)> {
    let mut out = Vec::new();
    if let Some(p) = &f.provider_severity {
        let mut v = p.text.trim().to_string();
        if let Some(n) = &p.note {
            v.push_str(&format!(" — {}", n.trim()));
        }
        out.push(("Provider severity", v, p.citations.clone(), p.press_only));
    }
    if let Some(r) = &f.severity_rationale {
        out.push((
            "Severity rationale",
            r.trim().to_string(),
            Vec::new(),
            false,
        ));
    }
    for r in &f.regions {
        let mut v = r.name.trim().to_string();
        if !r.zones.is_empty() {
            let plural = if r.zones.len() == 1 { "" } else { "s" };
            v.push_str(&format!(", zone{plural} {}", r.zones.join(", ")));
        }
        if let Some(n) = &r.note {
            v.push_str(&format!(" — {}", n.trim()));
        }
        out.push(("Region", v, r.citations.clone(), r.press_only));
        for site in &r.sites {
            let mut v = format!("{} ({})", site.name.trim(), r.name.trim());
            if let Some(h) = &site.happened {
                v.push_str(&format!(": {}", h.trim()));
            }
            out.push(("Site", v, site.citations.clone(), site.press_only));
        }
    }
    out
}

/// The weighted service-hours as a figure line's parts: label, value, definition.
pub fn weighted_figure(f: &Facts) -> Option<(&'static str, String, &'static str)> {
    // Beside service-hours only when some window gives a share: otherwise the two are equal.
    let shares = f
        .targets
        .iter()
        .any(|t| t.kind == "service" && t.windows.iter().any(|w| w.share.is_some()));
    let w = &f.weighted_service_hours;
    w.hours
        .filter(|_| shares)
        .map(|_| (w.label, w.value.clone(), w.definition))
}
