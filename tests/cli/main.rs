//! One integration-test binary: every area of the tool is a module here, so the crate is
//! linked once. `common` holds the helpers they share: the real binary in a fixed
//! environment, its output, and temporary incidents folders.
//!
//! The test harness starts tests in the order of their names, so module names decide when
//! the slow tests start: `across` (a generated corpus), `edits` (eight concurrent writers) and
//! `properties` sort early enough that no core idles at the end behind one of them.

mod common;

mod across;
mod audience;
mod bad_corpus;
mod browser;
mod captions;
mod citations;
mod colour;
mod config;
mod conventions;
mod diff_facts;
mod edit;
mod edits;
mod errors;
mod fact_rm;
mod fact_writers;
mod facts;
mod facts_b;
mod field_commands;
mod foundation;
mod git_history;
mod git_merge;
mod hardening;
mod hardening2;
mod impact;
mod import;
mod json_words;
mod layers;
mod merge_props;
mod mermaid;
mod patch_props;
mod properties;
mod prose;
mod ready;
mod rebuild;
mod site;
mod summary;
mod templates;
mod terminal;
mod time_input;
mod timeline;
mod timeline_props;
mod uncertain_chart;
mod uncertain_figures;
mod uncertain_time;
mod views;
mod writers_b;
mod writers_more;

/// A test file that is not a module here is never compiled, so its tests would silently
/// not run.
#[test]
fn every_test_file_is_a_module() {
    let main = include_str!("main.rs");
    let folder = std::path::Path::new(common::ROOT).join("tests/cli");
    let mut files = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".rs") else {
            continue;
        };
        if stem != "main" {
            files += 1;
            assert!(
                main.contains(&format!("\nmod {stem};\n")),
                "tests/cli/{name} is not a module of tests/cli/main.rs"
            );
        }
    }
    assert!(files >= 11, "only {files} test files found");
}
