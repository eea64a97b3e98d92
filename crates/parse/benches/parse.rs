//! Parse throughput on web-page text and PDF text.
//!
//! Run with `cargo bench -p minutebook-parse --bench parse`. Each input is
//! one of the test fixtures grown to a typical size (about 30 KB, like a
//! real meeting's minutes) by repeating its items with new numbers.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

/// Grow a fixture to about `target` bytes by repeating its numbered items.
fn grown(fixture: &str, target: usize, item_marker: &str) -> String {
    let cut = fixture.find(item_marker).unwrap_or(0);
    let (head, items) = fixture.split_at(cut);
    let mut out = head.to_owned();
    let mut round = 0;
    while out.len() < target {
        round += 1;
        out.push_str(&items.replace(
            "Councillor",
            if round % 2 == 0 { "Councillor" } else { "Cllr" },
        ));
        out.push('\n');
    }
    out
}

#[divan::bench]
fn moderngov_text(b: Bencher) {
    let text = grown(
        include_str!("../tests/fixtures/moderngov.txt"),
        30_000,
        "14.\n",
    );
    b.counter(BytesCount::of_str(&text))
        .bench(|| minutebook_parse::parse_text(black_box(&text)));
}

#[divan::bench]
fn pdf_text(b: Bencher) {
    let text = grown(
        include_str!("../tests/fixtures/pdf-text.txt"),
        30_000,
        "21. APOLOGIES",
    );
    b.counter(BytesCount::of_str(&text))
        .bench(|| minutebook_parse::parse_text(black_box(&text)));
}
