//! Arbitrary bytes after a PDF header, so the PDF path is taken.
#![no_main]

use libfuzzer_sys::fuzz_target;

const HEADER: &[u8] = b"%PDF-1.4\n";

fuzz_target!(|data: &[u8]| {
    let mut input = Vec::with_capacity(HEADER.len() + data.len());
    input.extend_from_slice(HEADER);
    input.extend_from_slice(data);
    let _ = minutebook_parse::parse_bytes(&input, &minutebook_parse::Options::default());
});
