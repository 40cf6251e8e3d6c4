//! Byte-level parity: `aac render` prints exactly what `helm template` prints
//! (every scenario × Helm 3, 4.1, 4.3), and the core's `toYaml` (go-yaml v2
//! emitter port, `aac_core::yaml::emit`) matches live Helm on its golden cases.

use std::path::PathBuf;
use std::process::Command;

use aac_tests::{
    HELMS, aac_helm_version, chart_dir, helm_template, line_diff, repo_root, run, scenarios, tool,
};

fn aac() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_aac-under-test"))
}

#[test]
fn aac_render_prints_helm_template_bytes_for_every_scenario() {
    // Every scenario, and extra objects that end in kept blank lines, whole
    // and with `--show-only` (which ends each document differently).
    let corpus = repo_root()
        .join("tests/corpus/extra-objects-document-ends.yaml")
        .display()
        .to_string();
    let mut cases: Vec<Vec<String>> = scenarios()
        .into_iter()
        .map(|s| vec!["-f".to_string(), s])
        .collect();
    cases.push(vec!["-f".into(), corpus.clone()]);
    cases.push(vec![
        "-f".into(),
        corpus,
        "--show-only".into(),
        "templates/extra-objects.yaml".into(),
    ]);
    let mut failures = Vec::new();
    for helm in HELMS {
        for case in &cases {
            let args: Vec<&str> = case.iter().map(String::as_str).collect();
            let scenario = case.join(" ");
            let want = match helm_template(helm, "ai-agent-connector", &args) {
                Ok(out) => out,
                Err(e) => panic!("{helm} refuses {scenario}: {e}"),
            };
            let out = Command::new(aac())
                .args([
                    "render",
                    "ai-agent-connector",
                    "--helm-version",
                    aac_helm_version(helm),
                ])
                .args(&args)
                .current_dir(chart_dir())
                .env_remove("AAC_MAX_MEMORY")
                .env_remove("AAC_TIMEOUT")
                .output()
                .expect("aac runs");
            let got = String::from_utf8_lossy(&out.stdout).into_owned();
            if got != want {
                failures.push(format!(
                    "{scenario} with {helm}:\n{}",
                    line_diff(&want, &got)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Regenerates `core/src/yaml/emit/expected.json` with every Helm (through the
/// chart `tests/emit-chart`, whose ConfigMap holds `toYaml` of each case,
/// base64-encoded) and compares it with the committed file.
#[test]
fn emitter_golden_cases_match_live_helm() {
    use base64::Engine as _;
    let emit_dir = repo_root().join("core/src/yaml/emit");
    let cases = emit_dir.join("cases.json");
    let expected: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(emit_dir.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json is JSON");
    for helm in HELMS {
        let out = run(
            &tool(helm),
            &[
                "template",
                "x",
                repo_root()
                    .join("tests/emit-chart")
                    .to_str()
                    .expect("utf-8"),
                "-f",
                cases.to_str().expect("utf-8"),
            ],
        );
        assert!(
            out.status.success(),
            "{helm}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: serde_yaml::Value =
            serde_yaml::from_slice(&out.stdout).expect("helm prints a ConfigMap");
        let data = doc.get("data").and_then(|d| d.as_mapping()).expect("data");
        let mut got = serde_json::Map::new();
        for (k, v) in data {
            let (Some(k), Some(v)) = (k.as_str(), v.as_str()) else {
                panic!("{helm}: data entries are strings");
            };
            let text = base64::engine::general_purpose::STANDARD
                .decode(v)
                .expect("base64");
            got.insert(
                k.to_string(),
                serde_json::Value::String(String::from_utf8(text).expect("utf-8")),
            );
        }
        let mut differ = Vec::new();
        for (name, want) in &expected {
            if got.get(name) != Some(want) {
                differ.push(format!(
                    "{name}: golden {want:?}, {helm} {:?}",
                    got.get(name)
                ));
            }
        }
        assert!(
            differ.is_empty() && got.len() == expected.len(),
            "{helm} no longer prints the golden toYaml text:\n{}",
            differ.join("\n")
        );
    }
}
