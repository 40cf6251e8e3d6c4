//! `aac explain`: which values a rendered field comes from, for the chart's
//! defaults, the two presets and a custom values file; its lines checked
//! against what `aac render` prints, its places against the values files.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use aac_tests::{Out, chart_dir};
use serde_json::Value;

fn aac(args: &[&str]) -> Out {
    let program = PathBuf::from(env!("CARGO_BIN_EXE_aac-under-test"));
    let mut cmd = aac_tests::isolated_command(&program, args, "aac");
    cmd.stdin(Stdio::null());
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run aac: {e}"))
        .into()
}

fn preset(name: &str) -> String {
    chart_dir().join(name).display().to_string()
}

/// The 1-based line of the last of `keys` in `file`, each key searched from
/// the line of the one before (`["autoscaling:", "  enabled:"]`).
fn line_of(file: &Path, keys: &[&str]) -> u64 {
    let text = std::fs::read_to_string(file).expect("values file");
    let lines: Vec<&str> = text.lines().collect();
    let mut at = 0;
    for key in keys {
        at += lines[at..]
            .iter()
            .position(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("{key:?} not in {}", file.display()));
    }
    at as u64 + 1
}

fn explain_json(args: &[&str]) -> Value {
    let mut all = vec!["explain", "--json"];
    all.extend_from_slice(args);
    let out = aac(&all);
    assert!(out.ok(), "aac {all:?}: {}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON")
}

/// The cause of `path` in an explanation: (role, file, line).
fn cause(explained: &Value, path: &str) -> (String, String, u64) {
    let c = explained["causes"]
        .as_array()
        .expect("causes")
        .iter()
        .find(|c| c["path"] == path)
        .unwrap_or_else(|| panic!("no cause {path} in {explained:#}"));
    (
        c["role"].as_str().unwrap_or_default().to_string(),
        c["file"].as_str().unwrap_or_default().to_string(),
        c["line"].as_u64().unwrap_or_default(),
    )
}

/// The document of `template` as `aac render` prints it (after `# Source:`).
fn rendered_document(args: &[&str], template: &str) -> Vec<String> {
    let mut all = vec!["render", "demo"];
    all.extend_from_slice(args);
    let out = aac(&all);
    assert!(out.ok(), "{}", out.stderr);
    let marker = format!("# Source: ai-agent-connector/templates/{template}\n");
    let start = out.stdout.find(&marker).expect("document") + marker.len();
    let rest = &out.stdout[start..];
    let end = rest.find("\n---\n").map_or(rest.len(), |e| e + 1);
    rest[..end].lines().map(str::to_string).collect()
}

/// The explained lines are the lines `aac render` prints, at the same places.
fn assert_lines_match_render(explained: &Value, args: &[&str], template: &str) {
    let doc = rendered_document(args, template);
    let lines = explained["lines"].as_array().expect("lines");
    assert!(!lines.is_empty());
    for l in lines {
        let n = l["line"].as_u64().expect("line") as usize;
        assert_eq!(doc[n - 1], l["text"].as_str().expect("text"), "line {n}");
    }
}

#[test]
fn production_preset_replicas_absent_because_of_autoscaling_and_hpa_from_its_keys() {
    let file = preset("values-production.yaml");
    let path = Path::new(&file);
    let e = explain_json(&["deployment", "spec.replicas", "demo", "-f", &file]);
    assert_eq!(
        e["lines"],
        Value::Array(vec![]),
        "no replicas with autoscaling on"
    );
    assert_eq!(
        cause(&e, "autoscaling.enabled"),
        (
            "would-add".into(),
            file.clone(),
            line_of(path, &["autoscaling:", "  enabled:"])
        )
    );
    let replicas = e["causes"][0]["text"].as_str().expect("text");
    assert_eq!(replicas, "replicas: 3");
    // Only the key itself, not the map around it.
    assert!(
        e["causes"].as_array().is_some_and(|c| c.len() == 1),
        "{e:#}"
    );

    let args = ["-f", file.as_str()];
    let e = explain_json(&["hpa", "spec.minReplicas", "demo", "-f", &file]);
    assert_eq!(e["template"], "templates/hpa.yaml");
    assert_lines_match_render(&e, &args, "hpa.yaml");
    assert_eq!(
        cause(&e, "autoscaling.minReplicas"),
        (
            "value".into(),
            file.clone(),
            line_of(path, &["autoscaling:", "  minReplicas:"])
        )
    );
    assert_eq!(cause(&e, "autoscaling.enabled").0, "condition");

    // The human form says the same.
    let out = aac(&["explain", "deployment", "spec.replicas", "-f", &file]);
    assert!(out.ok(), "{}", out.stderr);
    assert!(
        out.stdout.contains("not rendered with these values")
            && out.stdout.contains("adds `replicas: 3`"),
        "{}",
        out.stdout
    );
}

#[test]
fn development_preset_replicas_from_replica_count() {
    let file = preset("values-development.yaml");
    let path = Path::new(&file);
    let args = ["-f", file.as_str()];
    let e = explain_json(&["Deployment", "spec.replicas", "demo", "-f", &file]);
    assert_lines_match_render(&e, &args, "deployment.yaml");
    assert_eq!(e["lines"][0]["text"], "  replicas: 1");
    assert_eq!(
        cause(&e, "replicaCount"),
        (
            "value".into(),
            file.clone(),
            line_of(path, &["replicaCount:"])
        )
    );
    assert_eq!(
        cause(&e, "autoscaling.enabled"),
        (
            "condition".into(),
            file.clone(),
            line_of(path, &["autoscaling:", "  enabled:"])
        )
    );
    // A ConfigMap entry: its own key in the preset, the switch in the chart's defaults.
    let e = explain_json(&["cm", "data.LOG_LEVEL", "demo", "-f", &file]);
    assert_lines_match_render(&e, &args, "configmap.yaml");
    assert_eq!(
        cause(&e, "configmap.data.LOG_LEVEL"),
        (
            "value".into(),
            file.clone(),
            line_of(path, &["configmap:", "  data:", "    LOG_LEVEL:"])
        )
    );
    let defaults = chart_dir().join("values.yaml");
    assert_eq!(
        cause(&e, "configmap.enabled"),
        (
            "condition".into(),
            "values.yaml".into(),
            line_of(&defaults, &["configmap:", "  enabled:"])
        )
    );
}

#[test]
fn defaults_image_from_its_keys_and_a_set_flag() {
    let defaults = chart_dir().join("values.yaml");
    let e = explain_json(&[
        "deployment/demo-ai-agent-connector",
        "spec.template.spec.containers[0].image",
        "demo",
        "--set",
        "image.tag=9.9.9",
    ]);
    assert_lines_match_render(&e, &["--set", "image.tag=9.9.9"], "deployment.yaml");
    assert_eq!(cause(&e, "image.tag"), ("value".into(), "--set".into(), 1));
    for (key, keys) in [
        ("image.repository", ["image:", "  repository:"]),
        ("image.registry", ["image:", "  registry:"]),
        ("global.imageRegistry", ["global:", "  imageRegistry:"]),
    ] {
        assert_eq!(
            cause(&e, key),
            (
                "value".into(),
                "values.yaml".into(),
                line_of(&defaults, &keys)
            )
        );
    }
    assert!(
        !e["causes"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["path"] == "image.pullPolicy"))
    );
}

#[test]
fn custom_values_file() {
    let name = aac_tests::scratch_file(
        "aac-explain-tests",
        "custom.yaml",
        "global:\n  imageRegistry: mirror.example.com\npodAnnotations:\n  team: payments\n  tier: backend\nsecrets:\n  create: true\n  data:\n    API_KEY: hunter2\n",
    );
    let args = ["-f", name.as_str()];
    let e = explain_json(&[
        "deployment",
        "spec.template.metadata.annotations.team",
        "demo",
        "-f",
        &name,
    ]);
    assert_lines_match_render(&e, &args, "deployment.yaml");
    assert_eq!(e["lines"][0]["text"], "        team: payments");
    assert_eq!(
        cause(&e, "podAnnotations.team"),
        ("value".into(), name.clone(), 4)
    );
    let e = explain_json(&[
        "deployment",
        "spec.template.spec.containers[0].image",
        "demo",
        "-f",
        &name,
    ]);
    assert_eq!(
        cause(&e, "global.imageRegistry"),
        ("value".into(), name.clone(), 2)
    );
    // A secret's value is never printed, in either form.
    let e = explain_json(&["secret", "data.API_KEY", "demo", "-f", &name]);
    assert_lines_match_render(&e, &args, "secret.yaml");
    let secret = e["causes"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["path"] == "secrets.data.API_KEY"))
        .expect("the secret's key");
    assert_eq!(secret["line"], 9);
    assert!(secret.get("value").is_none());
    let out = aac(&["explain", "secret", "data.API_KEY", "-f", &name]);
    assert!(
        out.ok() && out.stdout.contains("(secret, not shown)"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("hunter2") && !out.stderr.contains("hunter2"));
}

#[test]
fn unknown_objects_fields_and_bad_values_fail_clearly() {
    aac(&["explain", "ingress", "spec"])
        .assert_fails_with("no object ingress in the rendering; it has: PodDisruptionBudget/");
    aac(&["explain", "deployment", "spec.nope"]).assert_fails_with(
        "has no field \"spec.nope\" (templates/deployment.yaml); its fields include: apiVersion, kind",
    );
    aac(&[
        "explain",
        "deployment",
        "spec.replicas",
        "--set",
        "replicaCount=many",
    ])
    .assert_fails_with("replicaCount");
    aac(&[
        "explain",
        "deployment",
        "spec.replicas",
        "--output-dir",
        "x",
    ])
    .assert_fails_with("--output-dir");
    let out = aac(&["explain", "deployment"]);
    assert_eq!(out.code, Some(2), "a missing field is a usage error");
}
