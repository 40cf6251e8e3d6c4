//! The oracle without Helm: for every scenario of the chart (`values.yaml`,
//! `values-development.yaml`, `values-production.yaml` and each
//! `ci/*-values.yaml`) and each Helm the core follows, `aac_core::render`
//! prints exactly the bytes that `helm template ai-agent-connector . -f
//! SCENARIO` printed, kept in `golden/<helm>/<scenario>.out`, and the NOTES
//! Helm 4 printed (`golden/<helm>/<scenario>.notes`).
//!
//! And it refuses what Helm refuses: for each values file in
//! `golden/refused/`, Helm's stderr is kept in `golden/<helm>/refused/<file>.err`;
//! the core must refuse the file too, with the same errors: word for word for
//! the chart's cross-field checks (`invalid values:` lines), naming the same
//! keys for a schema error, with go-yaml's message for a YAML syntax error.
//!
//! The goldens come from real Helm: `tests/tests/golden.rs` (crate aac-tests)
//! checks them against the Helm binaries, and regenerates them with
//!   AAC_BLESS=1 cargo test -p aac-tests --test golden
//!
//! The files are read at run time from the repository (chart values and
//! goldens); under wasm32-wasip1 `scripts/test-core-wasi.sh` gives the module
//! the repository at the same path, so this test runs there too.

use std::path::{Path, PathBuf};

use aac_core::Release;
use aac_core::diagnostics::Diagnostic;
use aac_core::{HelmVersion, PathSegment, ValuesOptions};

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

#[path = "support/scenarios.rs"]
mod support;

/// The scenarios, as paths relative to the chart (what `-f` is given).
fn scenarios() -> Vec<String> {
    support::scenarios_in(&chart_dir())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// `aac_core::render` of one values file (a path relative to the chart, as
/// given to `helm template -f`), as `aac render` calls it.
fn render(file: &str, helm: HelmVersion) -> Result<aac_core::Rendering, Vec<Diagnostic>> {
    let bytes =
        std::fs::read(chart_dir().join(file)).unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    let text = aac_core::values_file_text(file, &bytes, helm)
        .map_err(|e| vec![Diagnostic::from(e)])?
        .into_owned();
    let options = ValuesOptions {
        values_files: vec![(file.to_string(), text)],
        helm_version: helm,
        ..ValuesOptions::default()
    };
    aac_core::render(&options, &Release::template(RELEASE, "default"), |p| {
        Err(format!("open {p}: the goldens use no --set-file"))
    })
}

/// What the core prints for a scenario: the `helm template` stream and the
/// NOTES as Helm prints them after `NOTES:` (trimmed, then a line break).
fn core(scenario: &str, helm: HelmVersion) -> Result<(String, String), String> {
    let rendering = render(scenario, helm).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("the core refuses {scenario}:\n{}", lines.join("\n"))
    })?;
    let notes = format!("{}\n", rendering.notes.trim());
    Ok((rendering.to_stream_for(helm), notes))
}

/// A unified diff of `want` (the golden) and `got` (the core), with 3 lines
/// of context around each change and a note where a final line break is missing.
fn diff(want: &str, got: &str) -> String {
    similar::TextDiff::from_lines(want, got)
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header("golden (helm)", "core")
        .to_string()
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

/// The last key of a diagnostic's values path (`pullPolicy` for `image.pullPolicy`).
fn leaf_key(d: &Diagnostic) -> Option<&str> {
    d.path.segments().iter().rev().find_map(|s| match s {
        PathSegment::Key(k) => Some(k.as_str()),
        PathSegment::Index(_) => None,
    })
}

/// Whether the core's `errors` are the errors in Helm's `stderr`; the reason
/// when they are not.
fn same_refusal(stderr: &str, errors: &[Diagnostic]) -> Result<(), String> {
    let core: Vec<String> = errors.iter().map(ToString::to_string).collect();
    if let Some((_, list)) = stderr.split_once("invalid values:\n") {
        // The chart's own checks (templates/validate.yaml): the same lines.
        let mut helm: Vec<&str> = list.lines().take_while(|l| !l.is_empty()).collect();
        let mut ours: Vec<String> = errors
            .iter()
            .map(|d| format!("{}: {}", d.path, d.message))
            .collect();
        helm.sort_unstable();
        ours.sort_unstable();
        return if helm == ours {
            Ok(())
        } else {
            Err(format!(
                "Helm says:\n{}\nthe core says:\n{}",
                helm.join("\n"),
                ours.join("\n")
            ))
        };
    }
    if stderr.contains("don't meet the specifications of the schema") {
        // Each error names a key Helm names, and each of Helm's errors names
        // a key the core names.
        let keys: Vec<&str> = errors.iter().filter_map(leaf_key).collect();
        let mut problems = Vec::new();
        for (d, key) in errors.iter().zip(errors.iter().map(leaf_key)) {
            if !key.is_some_and(|k| stderr.contains(k)) {
                problems.push(format!("Helm names no such key: {d}"));
            }
        }
        for line in stderr.lines().filter(|l| l.starts_with("- ")) {
            if !keys.iter().any(|k| line.contains(k)) {
                problems.push(format!("the core has no error for: {line}"));
            }
        }
        return if problems.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{}\nthe core says:\n{}",
                problems.join("\n"),
                core.join("\n")
            ))
        };
    }
    if let Some((_, message)) = stderr.split_once("yaml: line ") {
        // go-yaml's message, after its line number.
        let message = message
            .split_once(": ")
            .map_or(message, |(_, m)| m)
            .trim_end();
        return if errors.len() == 1 && errors[0].message.contains(message) {
            Ok(())
        } else {
            Err(format!(
                "Helm says {message:?}, the core says:\n{}",
                core.join("\n")
            ))
        };
    }
    Err(format!(
        "a kind of refusal this test does not know; teach `same_refusal` to read it:\n{stderr}"
    ))
}

#[test]
fn core_refuses_what_helm_refuses() {
    let mut files: Vec<String> = std::fs::read_dir(golden_dir().join("refused"))
        .expect("tests/golden/refused exists")
        .map(|e| e.expect("readable entry").file_name().into_string())
        .filter_map(Result::ok)
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no values files in tests/golden/refused");
    let mut failures = Vec::new();
    for (helm, version) in HELMS {
        for name in &files {
            let golden = golden_dir()
                .join(helm)
                .join("refused")
                .join(format!("{name}.err"));
            let stderr = match read(&golden) {
                Ok(text) => text,
                Err(e) => {
                    failures.push(format!("golden missing ({e}); generate it with\n  {BLESS}"));
                    continue;
                }
            };
            // The path Helm was given, relative to the chart.
            let file = format!("../../core/tests/golden/refused/{name}");
            match render(&file, version) {
                Ok(_) => failures.push(format!(
                    "refused/{name} with {helm} ({version:?}): the core renders it; Helm says:\n{stderr}"
                )),
                Err(errors) => {
                    if let Err(why) = same_refusal(&stderr, &errors) {
                        failures.push(format!(
                            "refused/{name} with {helm} ({version:?}): not Helm's errors\n{why}"
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The diff a failure prints: changed lines with context and line numbers.
#[test]
fn the_diff_shows_changed_lines_with_context() {
    let want = "a\nb\nc\nd\ne\nf\ng\nh\n";
    let got = "a\nb\nc\nd\nE\nf\ng\nh\ni";
    assert_eq!(
        diff(want, got),
        "--- golden (helm)\n+++ core\n@@ -2,7 +2,8 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n+i\n\\ No newline at end of file\n"
    );
}
