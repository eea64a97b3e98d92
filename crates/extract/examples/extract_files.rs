//! Extract each file named on the command line and report what came out and
//! how long it took: `cargo run -p minutebook-extract --example extract_files -- FILE...`.
//! With `--print`, the extracted text is written to stdout as well.

use std::time::Instant;

use minutebook_extract::{Limits, extract};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let print = args.iter().any(|a| a == "--print");
    for path in args.iter().filter(|a| *a != "--print") {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                println!("{path}: cannot read: {e}");
                continue;
            }
        };
        let started = Instant::now();
        let outcome = extract(&bytes, &Limits::default());
        let took = started.elapsed();
        match outcome {
            Ok(doc) => {
                let first = doc
                    .text
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("");
                let pages = doc.text.matches('\u{c}').count() + 1;
                println!(
                    "{path}: ok {:?}, {} chars, {pages} page(s), {took:.2?}, first line: {first:?}",
                    doc.container,
                    doc.text.chars().count()
                );
                if print {
                    println!("{}", doc.text);
                }
            }
            Err(e) => println!("{path}: {e} ({took:.2?})"),
        }
    }
}
