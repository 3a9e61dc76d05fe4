//! Random sequences of the writers' changes on valid records, each written through the
//! writers' own text patching; after every acknowledged write the record must parse back to
//! what was meant, be valid, keep its comments and hold every item acknowledged before. The
//! work is in `incident::fuzzing::exercise_writes`, which the main crate's unit tests also run.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    incident::fuzzing::exercise_writes(data);
});
