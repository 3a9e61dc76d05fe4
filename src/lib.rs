//! `incident`: a git-native incident postmortem tracker.
//!
//! The library is a house of four layers, each a folder, each importing only the layers below
//! it (`docs/architecture.md` draws it; `tests/cli/layers.rs` keeps it):
//!
//! 1. [`model`]: the record and its values;
//! 2. [`files`]: loading, locating, patching and writing record files, the incidents folder;
//! 3. [`derive`]: meaning — validation, figures, timelines, stats, the ledger, the postmortem;
//! 4. [`render`]: presentation — terminal tables and charts, Markdown, CSV, JSON, HTML, SVG.
//!
//! The command line (`src/cli/`, in the `incident` binary) sits on top. [`fuzzing`] is a test
//! harness that exercises every layer at once.

pub mod derive;
pub mod files;
pub mod fuzzing;
pub mod model;
pub mod render;
