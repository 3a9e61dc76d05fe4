//! The cause chain of the postmortem: every cause that has an id, what it led to, the events
//! that evidence it and the action items that address it, placed in columns for a flow
//! diagram (a cause's column is the length of the longest chain of causes leading to it;
//! action items come last). Renderers draw it as Mermaid (`render/chain.rs`) or SVG.

use std::collections::HashMap;

use serde::Serialize;

use crate::derive::timeline::Timeline;
use crate::model::record::Incident;

/// The cause chain: causes with ids and the actions that address them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChainSection {
    pub causes: Vec<CauseNode>,
    /// Action items that address at least one cause of the chain, in record order.
    pub actions: Vec<ActionNode>,
    /// Columns of the diagram: those of the causes, then one for actions when there are any.
    pub columns: usize,
}

/// One cause of the chain.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CauseNode {
    pub id: String,
    /// `trigger`, `root_causes`, `contributing`.
    pub list: &'static str,
    /// `trigger`, `root cause`, `contributing factor`.
    pub list_label: &'static str,
    pub text: String,
    /// The causes it led to, as the record names them.
    pub led_to: Vec<String>,
    /// The causes that led to it.
    pub led_from: Vec<String>,
    /// The events that evidence it, in the record's order of `evidence`.
    pub evidence: Vec<EvidenceEntry>,
    /// The ids of the action items that address it.
    pub addressed_by: Vec<String>,
    /// Column and row in the diagram, from 0.
    pub column: usize,
    pub row: usize,
}

/// An event cited as evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvidenceEntry {
    pub id: String,
    /// As shown, with the date: `2025-03-04 10:12`.
    pub when: String,
    pub text: String,
}

/// An action item in the diagram.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionNode {
    pub id: String,
    pub text: String,
    /// `open`, `in_progress`, `done`, `wont_do`, `unknown`.
    #[serde(serialize_with = "crate::model::vocab::as_token")]
    pub status: crate::model::record::ActionStatus,
    /// The ids of the causes it addresses that are in the chain.
    pub addresses: Vec<String>,
    pub row: usize,
}

/// The chain of `inc`, evidence times as in `tl`; `None` when no cause has an id.
pub fn build(inc: &Incident, tl: &Timeline) -> Option<ChainSection> {
    let causes: Vec<(
        crate::model::chain::CauseList,
        &crate::model::record::Finding,
        &str,
    )> = inc
        .causes
        .all()
        .filter_map(|(l, _, f)| f.id.as_deref().map(|id| (l, f, id)))
        .collect();
    if causes.is_empty() {
        return None;
    }
    let known: HashMap<&str, usize> = causes.iter().enumerate().map(|(i, c)| (c.2, i)).collect();
    // Longest chain leading to each cause, by relaxation; at most as many rounds as causes,
    // so a loop (reported by `check` as W190) cannot keep it going.
    let mut column = vec![0usize; causes.len()];
    for _ in 0..causes.len() {
        let mut changed = false;
        for (i, (_, f, _)) in causes.iter().enumerate() {
            for to in &f.led_to {
                if let Some(&j) = known.get(to.as_str())
                    && j != i
                    && column[j] < column[i] + 1
                    && column[i] < causes.len()
                {
                    column[j] = column[i] + 1;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut rows: HashMap<usize, usize> = HashMap::new();
    let nodes: Vec<CauseNode> = causes
        .iter()
        .enumerate()
        .map(|(i, (list, f, id))| {
            let row = rows.entry(column[i]).or_insert(0);
            let node = CauseNode {
                id: id.to_string(),
                list: list.token(),
                list_label: list.label(),
                text: f.text.clone(),
                led_to: f.led_to.clone(),
                led_from: causes
                    .iter()
                    .filter(|(_, g, _)| g.led_to.iter().any(|t| t == id))
                    .map(|(_, _, gid)| gid.to_string())
                    .collect(),
                evidence: f
                    .evidence
                    .iter()
                    .filter_map(|ev| {
                        tl.rows.iter().find(|r| &r.id == ev).map(|r| EvidenceEntry {
                            id: r.id.clone(),
                            when: r.time_text(true),
                            text: r.text.clone(),
                        })
                    })
                    .collect(),
                addressed_by: inc
                    .actions_addressing(id)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                column: column[i],
                row: *row,
            };
            *row += 1;
            node
        })
        .collect();
    let actions: Vec<ActionNode> = inc
        .actions
        .iter()
        .filter(|a| a.addresses.iter().any(|c| known.contains_key(c.as_str())))
        .enumerate()
        .map(|(row, a)| ActionNode {
            id: a.id.clone(),
            text: a.text.clone(),
            status: a.status,
            addresses: a
                .addresses
                .iter()
                .filter(|c| known.contains_key(c.as_str()))
                .cloned()
                .collect(),
            row,
        })
        .collect();
    let cause_columns = column.iter().max().map_or(0, |m| m + 1);
    Some(ChainSection {
        columns: cause_columns + usize::from(!actions.is_empty()),
        causes: nodes,
        actions,
    })
}

impl ChainSection {
    /// The number of rows of the tallest column.
    pub fn rows(&self) -> usize {
        let causes = self.causes.iter().map(|c| c.row + 1).max().unwrap_or(0);
        causes.max(self.actions.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::timeline::{Filter, build as timeline};
    use crate::model::time::Zone;

    #[test]
    fn columns_follow_the_longest_chain() {
        let text = include_str!("../../tests/fixtures/facts/every-fact-b.ron");
        let inc =
            crate::files::load::parse_text(std::path::Path::new("every-fact-b.ron"), text).unwrap();
        let tl = timeline(&inc, &Zone::Utc, &Filter::default());
        let c = build(&inc, &tl).unwrap();
        let placed: Vec<(&str, usize, usize)> = c
            .causes
            .iter()
            .map(|n| (n.id.as_str(), n.column, n.row))
            .collect();
        // no-validation → config-push → resolver-crash ← single-cluster
        assert_eq!(
            placed,
            [
                ("config-push", 1, 0),
                ("no-validation", 0, 0),
                ("resolver-crash", 2, 0),
                ("single-cluster", 0, 1),
            ]
        );
        assert_eq!(c.columns, 4);
        assert_eq!(c.rows(), 2);
        let crash = &c.causes[2];
        assert_eq!(crash.led_from, ["config-push", "single-cluster"]);
        assert_eq!(crash.evidence[0].when, "2025-03-04 10:05");
        assert_eq!(c.causes[1].addressed_by, ["A1"]);
        let actions: Vec<(&str, Vec<String>)> = c
            .actions
            .iter()
            .map(|a| (a.id.as_str(), a.addresses.clone()))
            .collect();
        assert_eq!(
            actions,
            [
                (
                    "A1",
                    vec!["no-validation".to_string(), "config-push".to_string()]
                ),
                ("A2", vec!["single-cluster".to_string()])
            ]
        );
    }
}
