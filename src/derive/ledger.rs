//! The action-item ledger: every action item of every incident in one list, with its age
//! and whether it is overdue as of a given day, filtered and sorted. Pure functions on plain
//! data. The renderers are in `render/ledger.rs`, a floor above.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::due::DueDate;
use crate::model::record::{ActionStatus, ActionType, Incident, IncidentKind, Priority};

/// One action item with the incident it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LedgerItem {
    pub incident: String,
    #[serde(
        serialize_with = "crate::model::vocab::as_token",
        deserialize_with = "crate::model::vocab::from_token"
    )]
    pub incident_kind: IncidentKind,
    pub id: String,
    pub text: String,
    #[serde(rename = "type")]
    #[serde(
        serialize_with = "crate::model::vocab::as_token",
        deserialize_with = "crate::model::vocab::from_token"
    )]
    pub kind: ActionType,
    pub owner: Option<String>,
    #[serde(
        serialize_with = "crate::model::vocab::as_token_opt",
        deserialize_with = "crate::model::vocab::from_token_opt"
    )]
    pub priority: Option<Priority>,
    pub opened: Option<NaiveDate>,
    /// A day (`2024-03-31`) or a month (`2024-03`).
    pub due: Option<DueDate>,
    #[serde(
        serialize_with = "crate::model::vocab::as_token",
        deserialize_with = "crate::model::vocab::from_token"
    )]
    pub status: ActionStatus,
    /// The day a done item was done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed: Option<NaiveDate>,
    /// Whole days from `opened` to the as-of day, or to `completed` for a done item;
    /// `None` when `opened` is not set.
    pub age_days: Option<i64>,
    /// Open or in progress, with a due date before the as-of day.
    pub overdue: bool,
}

/// What to keep of the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerFilter {
    /// The as-of day: ages are counted to it and items due before it are overdue.
    pub at: NaiveDate,
    /// Only open or in-progress items.
    pub open: bool,
    /// Only overdue items.
    pub overdue: bool,
    /// Only items of this owner (exact, ignoring case and surrounding spaces).
    pub owner: Option<String>,
    /// Only items of incidents whose id is this, or contains this.
    pub incident: Option<String>,
    /// Only items of incidents of these kinds; empty means every kind.
    pub kinds: Vec<IncidentKind>,
}

impl LedgerFilter {
    /// A filter that keeps everything, as of `at`.
    pub fn all(at: NaiveDate) -> Self {
        LedgerFilter {
            at,
            open: false,
            overdue: false,
            owner: None,
            incident: None,
            kinds: Vec::new(),
        }
    }
}

/// True when an item with this status and due date is overdue on `at`: still open or in
/// progress, and due on a day before `at` (a month: its last day). An item due on `at`
/// itself is not yet overdue.
pub fn is_overdue(status: ActionStatus, due: Option<DueDate>, at: NaiveDate) -> bool {
    status.is_open() && due.is_some_and(|d| d.last_day() < at)
}

/// Days from `opened` to `at` (negative if opened after `at`), or to `completed` when the
/// item is done and says when: a done item stops ageing.
pub fn age_days(
    opened: Option<NaiveDate>,
    status: ActionStatus,
    completed: Option<NaiveDate>,
    at: NaiveDate,
) -> Option<i64> {
    let end = match (status, completed) {
        (ActionStatus::Done, Some(c)) if c < at => c,
        _ => at,
    };
    opened.map(|o| (end - o).num_days())
}

/// The ledger items of one incident that pass `filter`, in file order.
pub fn items_of(inc: &Incident, filter: &LedgerFilter) -> Vec<LedgerItem> {
    if !filter.kinds.is_empty() && !filter.kinds.contains(&inc.kind) {
        return Vec::new();
    }
    if let Some(want) = &filter.incident
        && inc.id != *want
        && !inc.id.contains(want.as_str())
    {
        return Vec::new();
    }
    inc.actions
        .iter()
        .map(|a| LedgerItem {
            incident: inc.id.clone(),
            incident_kind: inc.kind,
            id: a.id.clone(),
            text: a.text.clone(),
            kind: a.kind,
            owner: a.owner.clone(),
            priority: a.priority,
            opened: a.opened,
            due: a.due,
            status: a.status,
            completed: a.completed,
            age_days: age_days(a.opened, a.status, a.completed, filter.at),
            overdue: is_overdue(a.status, a.due, filter.at),
        })
        .filter(|i| keep(i, filter))
        .collect()
}

fn keep(i: &LedgerItem, f: &LedgerFilter) -> bool {
    if f.open && !i.status.is_open() {
        return false;
    }
    if f.overdue && !i.overdue {
        return false;
    }
    if let Some(want) = &f.owner {
        let owner = i.owner.as_deref().map(str::trim).unwrap_or("");
        if owner.to_lowercase() != want.trim().to_lowercase() {
            return false;
        }
    }
    true
}

/// Sorts the ledger: by incident id, then by the item's place in its record (the input
/// order, kept because the sort is stable).
pub fn sort(items: &mut [LedgerItem]) {
    items.sort_by(|a, b| a.incident.cmp(&b.incident));
}

/// Counts of a ledger, for footers and `stats`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub items: usize,
    pub open: usize,
    pub overdue: usize,
}

/// Counts the items, the open ones and the overdue ones.
pub fn counts(items: &[LedgerItem]) -> Counts {
    Counts {
        items: items.len(),
        open: items.iter().filter(|i| i.status.is_open()).count(),
        overdue: items.iter().filter(|i| i.overdue).count(),
    }
}

/// The JSON document of `incident actions --format json`.
#[derive(Debug, Serialize)]
pub struct LedgerJson<'a> {
    pub at: NaiveDate,
    pub counts: Counts,
    pub items: &'a [LedgerItem],
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::ActionItem;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn incident(actions: Vec<ActionItem>) -> Incident {
        let text = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        let mut inc = crate::files::load::parse_text(std::path::Path::new("hk.ron"), text).unwrap();
        inc.actions = actions;
        inc
    }

    fn item(id: &str, status: ActionStatus, owner: Option<&str>, due: Option<&str>) -> ActionItem {
        ActionItem {
            internal: false,
            id: id.into(),
            text: format!("do {id}"),
            kind: ActionType::Prevent,
            priority: None,
            owner: owner.map(Into::into),
            opened: Some(d("2024-01-01")),
            due: due.map(|s| DueDate::Day(d(s))),
            status,
            completed: None,
            link: None,
            sources: vec![],
            note: None,
            addresses: vec![],
        }
    }

    #[test]
    fn overdue_means_open_and_due_before_the_day() {
        let at = d("2024-02-01");
        let day = |s| Some(DueDate::Day(d(s)));
        assert!(is_overdue(ActionStatus::Open, day("2024-01-31"), at));
        assert!(is_overdue(ActionStatus::InProgress, day("2024-01-31"), at));
        assert!(
            !is_overdue(ActionStatus::Open, Some(DueDate::Day(at)), at),
            "due today is not overdue yet"
        );
        assert!(!is_overdue(ActionStatus::Done, day("2023-01-01"), at));
        assert!(!is_overdue(ActionStatus::Unknown, day("2023-01-01"), at));
        assert!(!is_overdue(ActionStatus::Open, None, at));
        // A month is due on its last day.
        let january = DueDate::parse("2024-01");
        assert!(!is_overdue(ActionStatus::Open, january, d("2024-01-31")));
        assert!(is_overdue(ActionStatus::Open, january, at));
        let open = ActionStatus::Open;
        assert_eq!(age_days(Some(d("2024-01-01")), open, None, at), Some(31));
        assert_eq!(age_days(None, open, None, at), None);
    }

    #[test]
    fn a_done_item_stops_ageing_on_its_completion_day() {
        let at = d("2024-02-01");
        let done = ActionStatus::Done;
        let opened = Some(d("2024-01-01"));
        assert_eq!(age_days(opened, done, Some(d("2024-01-11")), at), Some(10));
        assert_eq!(
            age_days(opened, done, None, at),
            Some(31),
            "no day given: still counted"
        );
        // Only a done item stops: a completion day on an open item is not trusted.
        let open = ActionStatus::Open;
        assert_eq!(age_days(opened, open, Some(d("2024-01-11")), at), Some(31));
        let mut inc = incident(vec![item("A1", done, Some("Ana"), None)]);
        inc.actions[0].completed = Some(d("2024-01-21"));
        let items = items_of(&inc, &LedgerFilter::all(at));
        assert_eq!(
            (items[0].age_days, items[0].completed),
            (Some(20), Some(d("2024-01-21")))
        );
    }

    #[test]
    fn filters_combine() {
        let inc = incident(vec![
            item("A1", ActionStatus::Open, Some("Ana"), Some("2024-01-10")),
            item("A2", ActionStatus::Done, Some("Ana"), Some("2024-01-10")),
            item("A3", ActionStatus::InProgress, Some("Bo"), None),
        ]);
        let mut f = LedgerFilter::all(d("2024-02-01"));
        assert_eq!(items_of(&inc, &f).len(), 3);
        f.open = true;
        let ids = |f: &LedgerFilter| {
            items_of(&inc, f)
                .into_iter()
                .map(|i| i.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&f), ["A1", "A3"]);
        f.owner = Some(" ana ".into());
        assert_eq!(ids(&f), ["A1"]);
        f.owner = None;
        f.overdue = true;
        assert_eq!(ids(&f), ["A1"]);
        f.incident = Some("hk-zone".into());
        assert_eq!(ids(&f), ["A1"]);
        f.incident = Some("other".into());
        assert!(ids(&f).is_empty());
        let c = counts(&items_of(&inc, &LedgerFilter::all(d("2024-02-01"))));
        assert_eq!(
            c,
            Counts {
                items: 3,
                open: 2,
                overdue: 1
            }
        );
    }

    #[test]
    fn kinds_filter_whole_incidents() {
        let inc = incident(vec![item("A1", ActionStatus::Open, Some("Ana"), None)]);
        let mut f = LedgerFilter::all(d("2024-02-01"));
        f.kinds = vec![IncidentKind::Drill];
        assert!(items_of(&inc, &f).is_empty());
    }
}
