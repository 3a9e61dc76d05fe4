//! One integration-test binary: every area of the tool is a module here, so the crate is
//! linked once and a forgotten test file fails to compile instead of silently not running.

mod bad_corpus;
mod cli_across;
mod cli_errors;
mod cli_foundation;
mod cli_impact;
mod cli_summary;
mod cli_time_input;
mod cli_timeline;
mod cli_write;
mod colour;
mod hardening;
mod hardening2;
mod layers;
mod patch_props;
mod properties;
mod timeline_props;
