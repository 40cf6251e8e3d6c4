//! Render time of the chart's default and production values (target: under 50 µs).
//!
//! - `render/*`: `aac_core::render`, from `ValuesOptions` (the values file's text)
//!   to a `Rendering`: parse, merge over the chart's defaults, check, render.
//! - `render_values/*`: `aac_core::render_values` on values already merged.
//! - `to_stream/*`: writing the rendered objects as `helm template` prints them.
//!
//! `cargo bench -p aac-core --bench render`

// criterion is a native-only dev-dependency: on wasm this is an empty program, so
// `cargo clippy --all-targets --target wasm32-wasip1` still builds it.
#[cfg(not(target_family = "wasm"))]
mod native {
    use aac_core::Release;
    use aac_core::{ValuesOptions, chart, coalesce_values, merge_values};
    use criterion::Criterion;
    use std::hint::black_box;

    fn options(files: &[(&str, &str)]) -> ValuesOptions {
        ValuesOptions::with_files(files)
    }

    fn no_files(path: &str) -> Result<String, String> {
        Err(format!("{path}: no files in benchmarks"))
    }

    pub fn bench(c: &mut Criterion) {
        let release = Release::template("ai-agent-connector", "default");
        let cases = [
            ("defaults", options(&[])),
            (
                "production",
                options(&[("values-production.yaml", chart::VALUES_PRODUCTION_YAML)]),
            ),
        ];
        for (name, opts) in &cases {
            c.bench_function(&format!("render/{name}"), |b| {
                b.iter(|| aac_core::render(black_box(opts), &release, no_files).expect("renders"))
            });
        }
        for (name, opts) in &cases {
            let (user, locations, _) = merge_values(opts, no_files).expect("loads");
            let defaults = chart::default_values();
            let (merged, _) = coalesce_values(
                "ai-agent-connector",
                &defaults.value,
                user,
                opts.helm_version,
            );
            let locations = aac_core::Locations::overlay(&locations, &defaults.locations);
            c.bench_function(&format!("render_values/{name}"), |b| {
                b.iter(|| {
                    aac_core::render_values(black_box(&merged), &locations, &release)
                        .expect("renders")
                })
            });
        }
        for (name, opts) in &cases {
            let rendering = aac_core::render(opts, &release, no_files).expect("renders");
            c.bench_function(&format!("to_stream/{name}"), |b| {
                b.iter(|| black_box(&rendering).to_stream())
            });
        }
    }
}

#[cfg(not(target_family = "wasm"))]
criterion::criterion_group!(benches, native::bench);
#[cfg(not(target_family = "wasm"))]
criterion::criterion_main!(benches);

#[cfg(target_family = "wasm")]
fn main() {}
