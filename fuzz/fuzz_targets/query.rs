//! Arbitrary text as a search query: parsed, expanded through the glossary
//! and compiled, as `Searcher::search` does before it touches the index.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = minutebook_search::check_query(text);
    }
});
