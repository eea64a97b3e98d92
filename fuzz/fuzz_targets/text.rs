//! Arbitrary bytes, as a file of unknown kind, through the whole pipeline.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = minutebook_parse::parse_bytes(data, &minutebook_parse::Options::default());
});
