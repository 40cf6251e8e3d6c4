//! A small native driver for profiling the values path (callgrind, perf):
//!
//!   cargo run --release -p aac-core --example values_profile -- load 14000 10
//!   valgrind --tool=callgrind target/release/examples/values_profile render 14000 1
//!
//! Modes: `load` (parse the values file only), `merge` (parse and layer),
//! `render` (the whole `aac_core::render`, then the stream), `file PATH`
//! (render a values file), `explain` and `explain-file PATH` (the same with
//! provenance: `aac_core::render_explained`). Prints bytes and time per iteration.

use aac_core::Release;
use aac_core::{ValuesOptions, parse_values};
use std::time::Instant;

/// A values file with `keys` ConfigMap keys (~68 bytes a line, like the
/// 958 KB / 14,000-key case of issue 14).
pub fn configmap_values(keys: usize) -> String {
    let mut s = String::from("configmap:\n  data:\n");
    for i in 0..keys {
        s.push_str(&format!(
            "    KEY_{i:06}: value-{i:06}-abcdefghijklmnopqrstuvwxyz-0123456789-ab\n"
        ));
    }
    s
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map_or("render", String::as_str);
    let (text, rest) = if mode == "file" || mode == "explain-file" {
        (
            std::fs::read_to_string(&args[1]).expect("reads"),
            &args[2..],
        )
    } else {
        let keys = args.get(1).map_or(14000, |k| k.parse().expect("keys"));
        (configmap_values(keys), &args[2.min(args.len())..])
    };
    let iterations: usize = rest.first().map_or(1, |n| n.parse().expect("iterations"));
    let opts = ValuesOptions {
        values_files: vec![("values.yaml".to_string(), text.clone())],
        ..ValuesOptions::default()
    };
    let release = Release::template("bench", "default");
    let start = Instant::now();
    let mut out = 0usize;
    for _ in 0..iterations {
        match mode {
            "load" => {
                out += parse_values("values.yaml", &text)
                    .expect("loads")
                    .locations
                    .len()
            }
            "merge" => {
                out += aac_core::merge_values(&opts, |p| Err(p.to_string()))
                    .expect("loads")
                    .1
                    .len()
            }
            "explain" | "explain-file" => {
                let (r, p) = aac_core::render_explained(&opts, &release, |p| Err(p.to_string()))
                    .expect("renders");
                out += r.to_stream().len() + p.sources.len();
            }
            _ => {
                let r = aac_core::render(&opts, &release, |p| Err(p.to_string())).expect("renders");
                out += r.to_stream().len();
            }
        }
    }
    let per = start.elapsed().as_secs_f64() / iterations as f64;
    println!(
        "{mode}: {} bytes, {:.3} ms/iter, {:.1} MB/s ({out})",
        text.len(),
        per * 1e3,
        text.len() as f64 / per / 1e6
    );
}
