//! Files: reading a record from bytes, locating fields in its text, the canonical layout,
//! patching record text, locked atomic writes, and the incidents folder. Imports only
//! [`crate::model`].

pub mod canonical;
pub mod config;
pub mod conflict;
pub mod git;
pub mod load;
pub mod locate;
pub mod patch;
pub mod replace;
pub mod store;
pub mod write;
