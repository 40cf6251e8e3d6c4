//! The whole pipeline, values file to manifests, as `aac render` runs it:
//! never panics, and every object it renders reads back (with Helm's own
//! YAML reader, the loader) as the object it meant to write, so no value can
//! inject YAML into a manifest.
//!
//! The input is a values file. Comment lines of the form `#--set EXPR`,
//! `#--set-string EXPR`, `#--set-json EXPR`, `#--set-file EXPR` and
//! `#--set-literal EXPR` add flags; `#helm3` follows Helm 3; `#release NAME`
//! and `#namespace NS` name the release. Being comments, they leave the values
//! file as it is.
#![no_main]

use aac_core::node::Node;
use aac_core::{HelmVersion, Release, Value, ValuesOptions, document_text, parse_values, render};
use libfuzzer_sys::fuzz_target;

mod errors;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut options = ValuesOptions::default();
    let mut release = Release::template("fuzz", "default");
    for line in text.lines() {
        let Some(directive) = line.strip_prefix('#') else {
            continue;
        };
        let (word, arg) = directive.split_once(' ').unwrap_or((directive, ""));
        let arg = arg.to_string();
        match word {
            "--set" => options.set.push(arg),
            "--set-string" => options.set_string.push(arg),
            "--set-json" => options.set_json.push(arg),
            "--set-file" => options.set_file.push(arg),
            "--set-literal" => options.set_literal.push(arg),
            "helm3" => options.helm_version = HelmVersion::V3,
            "release" => release.name = arg,
            "namespace" => release.namespace = arg,
            _ => {}
        }
    }
    options
        .values_files
        .push(("fuzz.yaml".to_string(), text.clone().into_owned()));
    let read_file = |path: &str| -> Result<String, String> {
        if path.starts_with('!') {
            Err(format!("open {path}: no such file or directory"))
        } else {
            Ok(format!("content of {path}\n"))
        }
    };
    match render(&options, &release, read_file) {
        Ok(rendering) => {
            assert!(!rendering.documents.is_empty(), "the chart renders objects");
            // Each document as `helm template` prints it (what Kubernetes
            // reads): the node is what that text reads as, also where Helm
            // trims the end of a document (a block scalar ending the last one).
            let last_manifest = rendering.documents.iter().rposition(|d| !d.hook);
            for (i, doc) in rendering.documents.iter().enumerate() {
                let yaml = document_text(&doc.node, options.helm_version, Some(i) == last_manifest);
                match parse_values("rendered.yaml", &yaml) {
                    Ok(back) => assert!(
                        same(&doc.node, &back.value),
                        "{} {} does not read back as written:\n{yaml}\nread back as {:?}",
                        doc.kind,
                        doc.name,
                        back.value
                    ),
                    // The rendered object nests the user's free-form subtrees a
                    // few levels deeper than they were written.
                    Err(errors) => assert!(
                        errors.iter().all(|e| e.message.contains("nested")),
                        "{} {} is not valid YAML: {errors:?}\n{yaml}",
                        doc.kind,
                        doc.name
                    ),
                }
            }
            let _ = rendering.to_stream();
        }
        Err(diagnostics) => {
            errors::assert_explained(diagnostics.iter().map(|d| d.message.as_str()))
        }
    }
});

/// Whether a rendered node is what the loader reads back: strings stay the
/// same strings, numbers the same numbers, keys the same keys in any order.
/// Plain scalars are template output that Kubernetes reads as YAML; any
/// scalar is fine for them, but not a collection.
fn same(node: &Node, value: &Value) -> bool {
    match (node, value) {
        // Text the template prints as is: what it reads as is the node inside.
        (Node::Raw { node, .. }, value) => same(node, value),
        (Node::Null, Value::Null) => true,
        (Node::Bool(a), Value::Bool(b)) => a == b,
        (Node::Int(a), Value::Float(b)) => *a as f64 == *b,
        (Node::Int(a), Value::Int(b)) => a == b,
        (Node::Str(a), Value::String(b)) => a == b,
        (Node::Plain(_), Value::Seq(_) | Value::Map(_)) => false,
        (Node::Plain(_), _) => true,
        (Node::Seq(a), Value::Seq(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(n, v)| same(n, v))
        }
        (Node::Map(entries), Value::Map(map)) => {
            entries.len() == map.len()
                && entries
                    .iter()
                    .all(|(k, n)| map.get(k).is_some_and(|v| same(n, v)))
        }
        _ => false,
    }
}
