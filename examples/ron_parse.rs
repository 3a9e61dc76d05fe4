//! The baseline for `docs/performance.md`: read every `.ron` file of a folder and parse it
//! into an [`incident::model::record::Incident`] on one thread, nothing else.
//!
//! ```text
//! cargo run --release --example ron_parse -- /tmp/corpus
//! ```

use std::time::Instant;

use incident::model::record::Incident;

fn main() -> std::process::ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: ron_parse DIR");
        return std::process::ExitCode::from(2);
    };
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect(),
        Err(e) => {
            eprintln!("error: {dir}: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    files.sort();
    let started = Instant::now();
    let (mut bytes, mut parsed, mut failed) = (0usize, 0usize, 0usize);
    let options = incident::files::load::ron_options();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            failed += 1;
            continue;
        };
        bytes += text.len();
        match options.from_str::<Incident>(&text) {
            Ok(inc) => {
                parsed += 1;
                std::hint::black_box(inc);
            }
            Err(_) => failed += 1,
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{parsed} parsed, {failed} failed, {:.1} MB in {secs:.3} s: {:.1} MB/s",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
    if failed > 0 {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    }
}
