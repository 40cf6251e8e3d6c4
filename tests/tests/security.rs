//! Chart security: the manifests rendered from `values.yaml` and
//! `values-production.yaml` pass checkov's Kubernetes checks with zero failures.
//! Checks that cannot apply are skipped in the chart itself with a
//! `checkov.io/skipN` annotation that says why (`checkovSkipAnnotations=true`; off
//! by default, so users' own scans see every finding).
//!
//! Rendered into the namespace `production`: the release namespace is an
//! install-time choice (`helm install --namespace`), and checkov rightly flags
//! objects in `default` (CKV_K8S_21).

use std::process::Command;

use aac_tests::{helm_template, repo_root, tool};
use serde_json::Value;

fn checkov_summary(values_file: &str) -> (Value, String) {
    let yaml = helm_template(
        "helm4",
        "ai-agent-connector",
        &[
            "-f",
            values_file,
            "--namespace",
            "production",
            "--set",
            "checkovSkipAnnotations=true",
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let dir = repo_root()
        .join("target/checkov")
        .join(values_file.replace('/', "_"));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    std::fs::write(dir.join("manifests.yaml"), &yaml).expect("write manifests");
    let out = Command::new(tool("checkov"))
        .args([
            "--framework",
            "kubernetes",
            "--skip-download",
            "--output",
            "json",
            "--directory",
        ])
        .arg(&dir)
        .output()
        .expect("checkov runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "checkov printed no JSON report ({e}):\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let failed: Vec<String> = report["results"]["failed_checks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| format!("{} {} on {}", c["check_id"], c["check_name"], c["resource"]))
        .collect();
    (report["summary"].clone(), failed.join("\n"))
}

#[test]
fn default_and_production_manifests_pass_checkov() {
    for file in ["values.yaml", "values-production.yaml"] {
        let (summary, failed) = checkov_summary(file);
        assert_eq!(summary["failed"], 0, "{file}: checkov failures:\n{failed}");
        assert_eq!(
            summary["parsing_errors"], 0,
            "{file}: checkov could not parse the manifests"
        );
        assert!(
            summary["passed"].as_u64().unwrap_or(0) > 100,
            "{file}: checkov ran too few checks: {summary}"
        );
    }
}
