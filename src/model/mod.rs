//! The record and its values: the schema, time values, problems and their positions, and the
//! text helpers every layer uses, and the vocabulary of closed word sets (`vocab`). This layer
//! reads no files and knows of no other layer.

pub mod audience;
pub mod chain;
pub mod change;
pub mod citation;
pub mod config;
pub mod due;
pub mod event_facts;
pub mod fact_change;
pub mod facts;
pub mod fields;
pub mod problem;
pub mod record;
pub mod roles;
pub mod rule;
pub mod severity;
pub mod text;
pub mod time;
pub mod time_input;
pub mod vocab;
