//! The oracle without Helm: for every scenario of the chart (`values.yaml`,
//! `values-development.yaml`, `values-production.yaml` and each
//! `ci/*-values.yaml`) and each Helm the core follows, `aac_core::render`
//! prints exactly the bytes that `helm template ai-agent-connector . -f
//! SCENARIO` printed, kept in `golden/<helm>/<scenario>.out`, and the NOTES
//! Helm 4 printed (`golden/<helm>/<scenario>.notes`).
//!
//! The goldens come from real Helm: `tests/tests/golden.rs` (crate aac-tests)
//! checks them against the Helm binaries, and regenerates them with
//!   AAC_BLESS=1 cargo test -p aac-tests --test golden
//!
//! The files are read at run time from the repository (chart values and
//! goldens); under wasm32-wasip1 `scripts/test-core-wasi.sh` gives the module
//! the repository at the same path, so this test runs there too.

use std::path::{Path, PathBuf};

use aac_core::render::Release;
use aac_core::{HelmVersion, ValuesOptions};

/// The Helm binaries the goldens come from (`tests/src/lib.rs`, `HELMS`) and
/// the Helm behaviour the core follows for each.
const HELMS: [(&str, HelmVersion); 3] = [
    ("helm3", HelmVersion::V3),
    ("helm4", HelmVersion::V4_1),
    ("helm4.3", HelmVersion::V4),
];

/// The release the goldens are rendered as, in Helm's default namespace.
const RELEASE: &str = "ai-agent-connector";

const BLESS: &str = "AAC_BLESS=1 cargo test -p aac-tests --test golden";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chart_dir() -> PathBuf {
    manifest_dir().join("../helm/ai-agent-connector")
}

fn golden_dir() -> PathBuf {
    manifest_dir().join("tests/golden")
}

/// The scenarios, as paths relative to the chart (what `-f` is given).
fn scenarios() -> Vec<String> {
    let mut out = vec![
        "values.yaml".to_string(),
        "values-development.yaml".to_string(),
        "values-production.yaml".to_string(),
    ];
    let mut ci: Vec<String> = std::fs::read_dir(chart_dir().join("ci"))
        .unwrap_or_else(|e| panic!("{}: {e}", chart_dir().join("ci").display()))
        .map(|e| e.expect("readable ci/ entry").file_name())
        .filter_map(|n| n.into_string().ok())
        .filter(|n| n.ends_with("-values.yaml"))
        .map(|n| format!("ci/{n}"))
        .collect();
    ci.sort();
    out.extend(ci);
    out
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// What the core prints for a scenario: the `helm template` stream and the
/// NOTES as Helm prints them after `NOTES:` (trimmed, then a line break).
fn core(scenario: &str, helm: HelmVersion) -> Result<(String, String), String> {
    let bytes = std::fs::read(chart_dir().join(scenario))
        .map_err(|e| format!("cannot read {scenario}: {e}"))?;
    let text = aac_core::values_file_text(scenario, &bytes, helm)
        .map_err(|e| format!("{scenario}: {e:?}"))?
        .into_owned();
    let options = ValuesOptions {
        values_files: vec![(scenario.to_string(), text)],
        helm_version: helm,
        ..ValuesOptions::default()
    };
    let rendering = aac_core::render(&options, &Release::template(RELEASE, "default"), |p| {
        Err(format!("open {p}: the goldens use no --set-file"))
    })
    .map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("the core refuses {scenario}:\n{}", lines.join("\n"))
    })?;
    let notes = format!("{}\n", rendering.notes.trim());
    Ok((rendering.to_stream_for(helm), notes))
}

/// A line diff of `want` (the golden) and `got` (the core), unified style with
/// up to 3 lines of context around each change.
fn diff(want: &str, got: &str) -> String {
    let a: Vec<&str> = want.split_inclusive('\n').collect();
    let b: Vec<&str> = got.split_inclusive('\n').collect();
    // Longest common subsequence, for a minimal edit script.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // (tag, line): ' ' same, '-' golden only, '+' core only.
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    let show = |line: &str| {
        // Whitespace matters: show a missing final line break and trailing blanks.
        let body = line.strip_suffix('\n').unwrap_or(line);
        let mut s = if body.ends_with([' ', '\t']) {
            format!("{body:?}")
        } else {
            body.to_string()
        };
        if !line.ends_with('\n') {
            s.push_str("  (no line break at the end)");
        }
        s
    };
    let mut out = String::from("--- golden (helm)\n+++ core\n");
    let (mut line_a, mut line_b) = (1usize, 1usize);
    let mut k = 0;
    while k < ops.len() {
        if ops[k].0 == ' ' {
            line_a += 1;
            line_b += 1;
            k += 1;
            continue;
        }
        // A hunk: from 3 lines before this change to 3 after the last change
        // that lies within 6 lines of the previous one.
        // (The previous hunk ended more than 3 lines before this change.)
        let start = k.saturating_sub(3);
        let mut end = k;
        let mut last_change = k;
        while end < ops.len() && end <= last_change + 6 {
            if ops[end].0 != ' ' {
                last_change = end;
            }
            end += 1;
        }
        let end = (last_change + 4).min(ops.len());
        let back = k - start;
        out.push_str(&format!(
            "@@ golden line {}, core line {} @@\n",
            line_a - back,
            line_b - back
        ));
        for &(tag, line) in &ops[start..end] {
            out.push(tag);
            out.push_str(&show(line));
            out.push('\n');
        }
        for &(tag, _) in &ops[k..end] {
            if tag != '+' {
                line_a += 1;
            }
            if tag != '-' {
                line_b += 1;
            }
        }
        k = end;
    }
    out
}

#[test]
fn core_prints_the_golden_helm_template_bytes() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (helm, version) in HELMS {
        for scenario in scenarios() {
            let golden_stream = golden_dir().join(helm).join(format!("{scenario}.out"));
            let golden_notes = golden_dir().join(helm).join(format!("{scenario}.notes"));
            let (stream, notes) = match core(&scenario, version) {
                Ok(got) => got,
                Err(e) => {
                    failures.push(format!("{scenario} with {helm} ({version:?}): {e}"));
                    continue;
                }
            };
            let mut pairs = vec![(golden_stream, stream, "helm template")];
            // Helm 3 prints NOTES only from an install against a cluster.
            if helm != "helm3" {
                pairs.push((golden_notes, notes, "NOTES"));
            }
            for (path, got, what) in pairs {
                checked += 1;
                match read(&path) {
                    Ok(want) if want == got => {}
                    Ok(want) => failures.push(format!(
                        "{scenario} with {helm} ({version:?}): the core's {what} output differs from {}\n{}",
                        path.strip_prefix(manifest_dir()).unwrap_or(&path).display(),
                        diff(&want, &got)
                    )),
                    Err(e) => failures.push(format!(
                        "{scenario} with {helm}: golden missing ({e}); generate it with\n  {BLESS}"
                    )),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} goldens differ:\n\n{}\n\nThe goldens are what real Helm prints (checked by \
         `cargo test -p aac-tests --test golden`); fix the core, or if the chart changed on \
         purpose, regenerate them with\n  {BLESS}",
        failures.len(),
        failures.join("\n\n")
    );
    assert_eq!(
        checked,
        scenarios().len() * 5,
        "3 streams and 2 NOTES per scenario"
    );
}

/// The diff a failure prints: changed lines with context and line numbers.
#[test]
fn the_diff_shows_changed_lines_with_context() {
    let want = "a\nb\nc\nd\ne\nf\ng\nh\n";
    let got = "a\nb\nc\nd\nE\nf\ng\nh\ni";
    assert_eq!(
        diff(want, got),
        "--- golden (helm)\n+++ core\n\
         @@ golden line 2, core line 2 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n+i  (no line break at the end)\n"
    );
}
