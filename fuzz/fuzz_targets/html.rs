//! Arbitrary bytes inside a ModernGov page shell, so the HTML path is taken.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SHELL: &[u8] = b"<html><body><div id=\"modgov\">";

fuzz_target!(|data: &[u8]| {
    let mut input = Vec::with_capacity(SHELL.len() + data.len());
    input.extend_from_slice(SHELL);
    input.extend_from_slice(data);
    let _ = minutebook_parse::parse_bytes(&input, &minutebook_parse::Options::default());
});
