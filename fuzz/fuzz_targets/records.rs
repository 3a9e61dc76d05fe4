//! Arbitrary bytes as a record file: loading, validation, figures, every renderer, and the
//! canonical round trip. The work is in `incident::fuzzing::exercise`, which the main crate's
//! unit tests also run on every shipped and bad record.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    incident::fuzzing::exercise(data);
});
