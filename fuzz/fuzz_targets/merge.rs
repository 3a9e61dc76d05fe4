//! The merge driver on records made from bytes: a valid seed as the base, and two sides
//! with random writer changes each. merge(base, x, x) = x, merge(base, base, x) = x, and every
//! merge is laid out, parses back, validates without errors and keeps every event and action
//! of both sides. The work is in `incident::fuzzing::exercise_merge`, which the main crate's
//! unit tests also run.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    incident::fuzzing::exercise_merge(data);
});
