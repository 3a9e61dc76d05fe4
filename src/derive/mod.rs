//! Meaning derived from records: validation rules, derived moments, figures, timelines,
//! statistics, the action-item ledger, selection, and the postmortem view model. Imports only
//! [`crate::files`] and [`crate::model`]; nothing here formats for a terminal or a page.

pub mod audience;
pub mod catalogue;
pub mod chain;
pub mod chart;
pub mod communication;
pub mod conventions;
pub mod diff;
pub mod event_facts;
pub mod facts;
pub mod figures;
pub mod impact;
pub mod import;
pub mod ledger;
pub mod merge;
pub mod moments;
pub mod readiness;
pub mod responders;
pub mod select;
pub mod site;
pub mod stats;
pub mod summary;
pub mod timeline;
pub mod validate;
