//! `values.schema.json` is generated from the core's typed model and committed
//! in the chart; Helm validates values with it, so Helm refuses what the core
//! refuses. Regenerate with `AAC_BLESS=1 cargo test -p aac-tests --test schema`.

use aac_tests::{HELMS, chart_dir, helm_template};

#[test]
fn committed_schema_is_the_generated_one() {
    let path = chart_dir().join("values.schema.json");
    let generated = aac_core::chart::schema::values_schema_json();
    if std::env::var_os("AAC_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write values.schema.json");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "helm/ai-agent-connector/values.schema.json is stale: run\n  AAC_BLESS=1 cargo test -p aac-tests --test schema"
    );
}

#[test]
fn helm_refuses_what_the_schema_forbids() {
    let cases: &[(&[&str], &str)] = &[
        (&["--set", "replicaCount=three"], "replicaCount"),
        (&["--set", "image.pullPolicy=Sometimes"], "pullPolicy"),
        (&["--set", "servce.port=80"], "servce"),
        (&["--set-string", "autoscaling.enabled=true"], "enabled"),
        (&["--set", "ingress.hosts[0].host=Not_A_Host"], "host"),
        (&["--set", "healthCheck.livenessProbe.path=health"], "path"),
        (
            &["--set", "env[0].name=WORKERS", "--set", "env[0].value=4"],
            "value",
        ),
        (&["--set", "tolerations[0].operatr=Exists"], "operatr"),
        (&["--set", "renderer.engine=go"], "renderer"),
    ];
    let mut failures = Vec::new();
    for helm in HELMS {
        for (args, needle) in cases {
            match helm_template(helm, "ai-agent-connector", args) {
                Ok(_) => failures.push(format!(
                    "{helm} {args:?}: rendered, expected a schema error"
                )),
                Err(err) if !(err.contains("schema") && err.contains(needle)) => {
                    failures.push(format!("{helm} {args:?}: unexpected error:\n{err}"))
                }
                Err(_) => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
