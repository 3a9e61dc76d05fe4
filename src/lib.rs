//! `incident`: a git-native incident postmortem tracker.
//!
//! The library holds the record model, loading, validation and derived figures; it knows
//! nothing of terminals or command lines. The `incident` binary sits on top.

pub mod canonical;
pub mod diag;
pub mod edit;
pub mod figures;
pub mod fuzzing;
pub mod ledger;
pub mod load;
pub mod locate;
pub mod record;
pub mod render;
pub mod select;
pub mod stats;
pub mod store;
pub mod summary;
pub mod text;
pub mod time;
pub mod timeline;
pub mod validate;
pub mod write;
