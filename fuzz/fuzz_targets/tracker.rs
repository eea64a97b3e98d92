//! Arbitrary text as an aliases file, as a gazetteer file, and as minutes
//! whose council is recognised and whose actions are tracked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = minutebook_track::AliasesFile::parse(&text);
    let _ = minutebook_gazetteer::Gazetteer::parse(&text);
    if let Ok(mut m) = minutebook_parse::parse_text(&text) {
        let _ = minutebook_gazetteer::Gazetteer::builtin().recognise(&m);
        m.authority = Some("Fuzzshire Council".into());
        let meetings = [minutebook_track::eval::archived(m)];
        let day = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap_or_default();
        let _ = minutebook_track::compute("fuzzshire-council", &meetings, &[], day);
    }
});
