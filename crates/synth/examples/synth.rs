//! Writes a synthetic corpus and reports its size and speed.
//!
//! `cargo run --release -p minutebook-synth --example synth -- OUT [COUNCILS] [YEARS] [SEED] [FORMATS]`
//! where FORMATS is a comma-separated list of text, pdf-text, html, pdf.

use std::path::PathBuf;
use std::time::Instant;

use minutebook_synth::{Format, SynthConfig, SynthError, write_corpus};

fn main() -> Result<(), SynthError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = PathBuf::from(args.first().map_or("synth-out", String::as_str));
    let num = |i: usize, default: u64| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(default);
    let formats = match args.get(4) {
        Some(list) => list
            .split(',')
            .map(str::parse)
            .collect::<Result<Vec<Format>, _>>()?,
        None => vec![Format::ModernGovText],
    };
    let cfg = SynthConfig {
        councils: num(1, 3) as usize,
        years: num(2, 2) as u32,
        seed: num(3, 1),
        formats,
        start_year: 2020,
    };
    let start = Instant::now();
    let s = write_corpus(&cfg, &out)?;
    let secs = start.elapsed().as_secs_f64();
    println!("{s:?}");
    println!(
        "{:.2} s, {:.0} meetings/s, {:.1} MB/s of documents, {:.1} MB/s written",
        secs,
        s.meetings as f64 / secs,
        s.document_bytes as f64 / secs / 1e6,
        s.total_bytes as f64 / secs / 1e6
    );
    Ok(())
}
