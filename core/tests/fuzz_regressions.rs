//! Inputs that `cargo fuzz` (fuzz/, scripts/fuzz.sh) found, each reduced to
//! what it shows. The loader's own finding is in `src/yaml/tests.rs`
//! (`fuzz_regressions`).

use aac_core::Release;
use aac_core::helm::post_render::post_render;
use aac_core::{ValuesOptions, parse_values, render};

/// Every rendered object must read back as YAML (what the `render` fuzz target
/// checks), and as the object written: no text from outside the typed values
/// may break the document or add a key to it.
fn assert_valid_documents(stream: &str) {
    for doc in stream.split("\n---\n") {
        let loaded = parse_values("rendered.yaml", doc)
            .unwrap_or_else(|e| panic!("a rendered document is not valid YAML: {e:?}\n{doc}"));
        assert!(
            !loaded
                .warnings
                .iter()
                .any(|w| w.message.contains("duplicate key")),
            "a key was injected: {:?}\n{doc}",
            loaded.warnings
        );
    }
}

/// fuzz target `render`: the release namespace is printed unquoted
/// (`namespace: {{ .Release.Namespace }}`), so a namespace like `{x` or
/// `prod\tingress:` makes every object invalid YAML (Helm 3 and 4 refuse:
/// `YAML parse error on ai-agent-connector/templates/configmap.yaml`), and
/// one with a line break injects fields. Kubernetes namespaces are DNS-1123
/// labels; the core should refuse anything else, as it refuses release names.
#[test]
fn a_namespace_cannot_inject_yaml() {
    for namespace in ["{x", "prod\tingress:", "a\nkind: Secret", "a: b"] {
        let result = render(
            &ValuesOptions::default(),
            &Release::template("demo", namespace),
            |_| Err("no files".into()),
        );
        match result {
            Err(errors) => assert!(
                errors.iter().any(|e| e.message.contains("namespace")),
                "{namespace:?}: {errors:?}"
            ),
            Ok(rendering) => assert_valid_documents(&rendering.to_stream()),
        }
    }
}

/// The same through a RenderRequest, whose `release.namespace` and
/// `release.service` reach the objects unquoted (`app.kubernetes.io/managed-by:
/// {{ .Release.Service }}`).
#[test]
fn a_render_request_cannot_inject_yaml() {
    let stream = include_str!("../../fuzz/corpus/post_render/helm3-wasm.yaml");
    for (from, to) in [
        ("service: \"Helm\"", "service: \"{x\""),
        ("service: \"Helm\"", "service: \"Helm\\nkind: Secret\""),
        (
            "  namespace: \"default\"",
            "  namespace: \"a\\nkind: Secret\"",
        ),
    ] {
        assert!(stream.contains(from));
        match post_render(&stream.replace(from, to), None) {
            Err(errors) => assert!(!errors.is_empty()),
            Ok(out) => assert_valid_documents(&out),
        }
    }
}
