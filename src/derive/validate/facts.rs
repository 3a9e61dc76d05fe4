//! The rules for the facts schema 3 added (`model::facts`): claims, target outcomes, shares,
//! counts, data loss, stated figures, references and regions. Their citations are checked
//! like every other (E130), and their `Day` times like every other (W153).

use std::collections::HashSet;

use super::Validator;
use crate::files::locate::Path;
use crate::model::facts::{Claim, Count, Outcome};
use crate::model::record::{Incident, MomentName, TargetKind};
use crate::model::rule::Rule;
use crate::model::time::{When, when_rfc3339};

impl Validator<'_> {
    /// Every schema-3 fact of `inc`.
    pub(super) fn facts(&mut self, inc: &Incident) {
        let root = Path::root();
        for name in MomentName::ALL {
            if let Some(m) = inc.moments.get(name) {
                let here = root.field("moments").field(name.field());
                self.claims(inc, m.at, &m.claims, &here.field("claims"), name.field());
            }
        }
        for (i, e) in inc.events.iter().enumerate() {
            let here = root.field("events").index(i);
            let what = format!("event `{}`", e.id);
            self.claims(inc, e.at, &e.claims, &here.field("claims"), &what);
        }
        for kind in TargetKind::ALL {
            for (i, t) in kind.of(inc).iter().enumerate() {
                self.target_facts(inc, kind, i, t);
            }
        }
        self.counts(inc, &inc.counts, &root.field("counts"));
        for (i, d) in inc.data_loss.iter().enumerate() {
            let here = root.field("data_loss").index(i);
            self.non_empty(
                &d.what,
                &here.field("what"),
                "a data loss says nothing of what was lost",
            );
            if let Some(c) = &d.amount {
                self.count(inc, c, &here.field("amount"));
            }
            self.cited(inc, &d.sources, &here.field("sources"));
        }
        for (i, s) in inc.stated.iter().enumerate() {
            let here = root.field("stated").index(i);
            let (needs, has_needed, has_other) = if s.of.is_duration() {
                ("`minutes`", s.minutes.is_some(), s.at.is_some())
            } else {
                ("`at`", s.at.is_some(), s.minutes.is_some())
            };
            if !has_needed || has_other {
                self.report(
                    Rule::StatedFigureWithoutValue,
                    &here.field("of"),
                    format!("a stated {} needs {needs} and only that", s.of.label()),
                );
            }
            if let Some(m) = s.minutes
                && m < 0
            {
                self.report(
                    Rule::StatedFigureWithoutValue,
                    &here.field("minutes"),
                    format!("a stated {} cannot be negative ({m} minutes)", s.of.label()),
                );
            }
            if let Some(at) = s.at {
                self.day_at_midnight(at, &here.field("at"));
            }
            self.cited(inc, &s.sources, &here.field("sources"));
        }
        if let Some(p) = &inc.provider_severity {
            let here = root.field("provider_severity");
            self.non_empty(
                &p.label,
                &here.field("label"),
                "the provider's severity label is empty",
            );
            self.cited(inc, &p.sources, &here.field("sources"));
        }
        for (i, r) in inc.references.iter().enumerate() {
            let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
            if blank(&r.id) && blank(&r.url) {
                self.report(
                    Rule::ReferenceWithoutTarget,
                    &root.field("references").index(i).field("kind"),
                    format!("a {} reference needs an `id` or a `url`", r.kind.label()),
                );
            }
        }
        self.regions(inc);
    }

    fn target_facts(
        &mut self,
        inc: &Incident,
        kind: TargetKind,
        i: usize,
        t: &crate::model::record::Affected,
    ) {
        let here = Path::root().field(kind.plural()).index(i);
        let outcome = Outcome::or_default(t.outcome);
        let hit = t.windows.iter().any(|w| w.level.counts_as_impact());
        if outcome != Outcome::Affected && hit {
            self.report(
                Rule::OutcomeContradictsWindows,
                &here.field("outcome"),
                format!(
                    "{} `{}` is stated as {} but has outage or degraded windows; remove them or the outcome",
                    kind.label(),
                    t.name,
                    outcome.label()
                ),
            );
        }
        self.counts(inc, &t.counts, &here.field("counts"));
        for (j, w) in t.windows.iter().enumerate() {
            let wp = here.field("windows").index(j);
            let what = format!("the window of `{}`", t.name);
            self.claims(
                inc,
                w.from,
                &w.from_claims,
                &wp.field("from_claims"),
                &format!("{what} (start)"),
            );
            self.claims(
                inc,
                w.to,
                &w.to_claims,
                &wp.field("to_claims"),
                &format!("{what} (end)"),
            );
            if let Some(s) = &w.share
                && !(s.percent.is_finite() && (0.0..=100.0).contains(&s.percent))
            {
                self.report(
                    Rule::ShareOutOfRange,
                    &wp.field("share").field("percent"),
                    format!(
                        "{what} gives a share of {}; expected a percentage from 0 to 100",
                        s.percent
                    ),
                );
            }
        }
    }

    /// The claims beside a chosen time `chosen`, of the fact named `what`.
    fn claims(&mut self, inc: &Incident, chosen: When, claims: &[Claim], at: &Path, what: &str) {
        for (k, c) in claims.iter().enumerate() {
            let here = at.index(k);
            if c.at == When::Open {
                self.report(
                    Rule::OpenOutsideWindowEnd,
                    &here.field("at"),
                    format!("a claim on {what} cannot be Open: give its time, a bound, or Unknown"),
                );
            }
            if c.at == chosen {
                self.report(
                    Rule::ClaimSameAsChosen,
                    &here.field("at"),
                    format!(
                        "a claim on {what} gives the chosen time ({}); add its sources to the chosen value instead",
                        when_rfc3339(c.at)
                    ),
                );
            }
            if c.sources.is_empty() {
                self.report(
                    Rule::ClaimWithoutSource,
                    &here.field("at"),
                    format!(
                        "a claim on {what} cites no source; say whose claim it is in `sources`"
                    ),
                );
            }
            self.day_at_midnight(c.at, &here.field("at"));
            self.cited(inc, &c.sources, &here.field("sources"));
        }
    }

    fn counts(&mut self, inc: &Incident, counts: &[Count], at: &Path) {
        for (k, c) in counts.iter().enumerate() {
            self.count(inc, c, &at.index(k));
        }
    }

    fn count(&mut self, inc: &Incident, c: &Count, here: &Path) {
        self.non_empty(
            &c.what,
            &here.field("what"),
            "a count says nothing of what was counted",
        );
        if !c.value.is_finite() || c.value < 0.0 {
            self.report(
                Rule::CountNotANumber,
                &here.field("value"),
                format!(
                    "the count of `{}` is {}; expected a number of at least 0",
                    c.what, c.value
                ),
            );
        }
        self.cited(inc, &c.sources, &here.field("sources"));
    }

    fn regions(&mut self, inc: &Incident) {
        let base = Path::root().field("regions");
        if inc.region.is_some() && !inc.regions.is_empty() {
            self.report(
                Rule::RegionTwice,
                &Path::root().field("region"),
                "the record gives both `region` and `regions`; move the region into `regions`"
                    .to_string(),
            );
        }
        let mut seen = HashSet::new();
        for (i, r) in inc.regions.iter().enumerate() {
            let here = base.index(i);
            if r.name.trim().is_empty() {
                self.report(
                    Rule::EmptyText,
                    &here.field("name"),
                    "a region has an empty name".to_string(),
                );
            } else if !seen.insert(r.name.as_str()) {
                self.report(
                    Rule::DuplicateRegionName,
                    &here.field("name"),
                    format!(
                        "region `{}` is listed twice; give its zones and sites once",
                        r.name
                    ),
                );
            }
            self.cited(inc, &r.sources, &here.field("sources"));
            for (j, s) in r.sites.iter().enumerate() {
                let sp = here.field("sites").index(j);
                self.non_empty(&s.name, &sp.field("name"), "a site has an empty name");
                self.cited(inc, &s.sources, &sp.field("sources"));
            }
        }
    }

    fn non_empty(&mut self, text: &str, at: &Path, message: &str) {
        if text.trim().is_empty() {
            self.report(Rule::EmptyText, at, message.to_string());
        }
    }
}
