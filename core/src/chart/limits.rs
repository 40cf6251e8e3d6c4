//! Size limits Kubernetes puts on the objects it stores, checked on the rendered
//! objects, so that `aac render`, `aac post-render` and the playground refuse
//! what the API server would refuse at install time, with the values path that
//! made the object too large.
//!
//! `helm template` renders such objects without complaint; `helm install` fails
//! at the API server (`ConfigMap "x" is invalid: []: Too long: must have at most
//! 1048576 bytes`, `metadata.annotations: Too long: must have at most 262144
//! bytes`) or at etcd (`etcdserver: request is too large`), after the objects
//! before it were applied.

use crate::chart::render::Document;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::node::Node;
use crate::value::{Locations, Value, ValuesPath, format_size};

/// Largest object this crate renders: 1 MiB. Kubernetes refuses a ConfigMap or
/// Secret whose data is larger (`MaxSecretSize`, the ConfigMap validation), and
/// etcd refuses any request over 1.5 MiB by default; objects near that size
/// also break `kubectl apply`'s last-applied annotation and Helm's release record.
pub const MAX_OBJECT_BYTES: usize = 1024 * 1024;

/// Kubernetes' limit on all of an object's annotations together, keys and
/// values (`TotalAnnotationSizeLimitB`, 256 KiB); it applies to a pod
/// template's annotations too.
pub const MAX_ANNOTATIONS_BYTES: usize = 256 * 1024;

/// Refuses rendered objects that Kubernetes would refuse for their size. Each
/// error names the values path that carries most of the bulk and where it was
/// written (`locations`); no value is ever quoted.
pub fn check_objects(
    values: &Value,
    documents: &[Document],
    locations: &Locations,
) -> Result<(), Vec<Diagnostic>> {
    let mut diagnostics = Diagnostics::default();
    for doc in documents {
        let what = format!("{} {:?} ({})", doc.kind, doc.name, doc.template);
        // Written out only when it may be too large (rarely: the bound is cheap).
        let size = match doc.node.document_len_bound() {
            bound if bound <= MAX_OBJECT_BYTES => bound,
            _ => doc.node.to_document().len(),
        };
        if size > MAX_OBJECT_BYTES {
            diagnostics.error(
                &bulkiest_path(values),
                format!(
                    "makes the {what} {} ({size} bytes) as YAML; Kubernetes refuses objects \
                     over {} ({MAX_OBJECT_BYTES} bytes)",
                    format_size(size),
                    format_size(MAX_OBJECT_BYTES)
                ),
            );
        }
        for (field, annotations) in [
            (
                "metadata.annotations",
                at(&doc.node, &["metadata", "annotations"]),
            ),
            (
                "spec.template.metadata.annotations",
                at(&doc.node, &["spec", "template", "metadata", "annotations"]),
            ),
        ] {
            let Some(Node::Map(entries)) = annotations else {
                continue;
            };
            let total: usize = entries
                .iter()
                .map(|(k, v)| k.len() + scalar_text(v).map_or(0, str::len))
                .sum();
            if total > MAX_ANNOTATIONS_BYTES {
                // The largest annotation value, found where the values hold it.
                let path = entries
                    .iter()
                    .filter_map(|(_, v)| scalar_text(v))
                    .max_by_key(|s| s.len())
                    .and_then(|s| find_string(values, s, &mut ValuesPath::root()))
                    .unwrap_or_default();
                diagnostics.error(
                    &path,
                    format!(
                        "makes the {field} of the {what} {} ({total} bytes); Kubernetes refuses \
                         annotations over {} ({MAX_ANNOTATIONS_BYTES} bytes) in all",
                        format_size(total),
                        format_size(MAX_ANNOTATIONS_BYTES)
                    ),
                );
            }
        }
    }
    if diagnostics.items.is_empty() {
        return Ok(());
    }
    diagnostics.locate(locations);
    Err(diagnostics.split().0)
}

fn at<'a>(node: &'a Node, keys: &[&str]) -> Option<&'a Node> {
    keys.iter().try_fold(node, |n, k| n.get(k))
}

fn scalar_text(node: &Node) -> Option<&str> {
    match node.object() {
        Node::Str(s) | Node::Plain(s) => Some(s),
        _ => None,
    }
}

/// The first path (in key order) where `values` holds the string `s`.
fn find_string(values: &Value, s: &str, path: &mut ValuesPath) -> Option<ValuesPath> {
    match values {
        Value::String(v) if v == s => Some(path.clone()),
        Value::Map(map) => map.iter().find_map(|(k, v)| {
            path.push(crate::value::PathSegment::Key(k.clone()));
            let found = find_string(v, s, path);
            path.pop();
            found
        }),
        Value::Seq(items) => items.iter().enumerate().find_map(|(i, v)| {
            path.push(crate::value::PathSegment::Index(i));
            let found = find_string(v, s, path);
            path.pop();
            found
        }),
        _ => None,
    }
}

/// Where the values hold most of their bulk: from the root, into the largest
/// child for as long as it holds at least half of its parent's size (at most
/// 16 levels). `configmap.data` when many keys are large,
/// `configmap.data.BIG` when one is.
fn bulkiest_path(values: &Value) -> ValuesPath {
    let mut path = ValuesPath::root();
    let mut node = values;
    for _ in 0..16 {
        let parent = approx_size(node);
        let children: Vec<(crate::value::PathSegment, &Value)> = match node {
            Value::Map(map) => map
                .iter()
                .map(|(k, v)| (crate::value::PathSegment::Key(k.clone()), v))
                .collect(),
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (crate::value::PathSegment::Index(i), v))
                .collect(),
            _ => break,
        };
        let Some((segment, child, size)) = children
            .into_iter()
            .map(|(seg, v)| (seg, v, approx_size(v)))
            .max_by_key(|(_, _, size)| *size)
        else {
            break;
        };
        if size * 2 < parent {
            break;
        }
        path.push(segment);
        node = child;
    }
    path
}

/// About as many bytes as the value takes in YAML.
fn approx_size(v: &Value) -> usize {
    match v {
        Value::String(s) => s.len() + 2,
        Value::Map(map) => map.iter().map(|(k, v)| k.len() + 2 + approx_size(v)).sum(),
        Value::Seq(items) => items.iter().map(|v| 2 + approx_size(v)).sum(),
        _ => 8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::render::Release;
    use crate::helm::values::ValuesOptions;

    fn render_with(values: &str) -> Result<crate::Rendering, Vec<Diagnostic>> {
        let options = ValuesOptions {
            values_files: vec![("values.yaml".to_string(), values.to_string())],
            ..ValuesOptions::default()
        };
        crate::render(&options, &Release::template("demo", "default"), |_| {
            Err("no files".to_string())
        })
    }

    #[test]
    fn an_object_over_one_mebibyte_is_refused_with_the_values_path() {
        let big = "x".repeat(MAX_OBJECT_BYTES);
        let errors = render_with(&format!("configmap:\n  data:\n    BIG: {big}\n")).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = errors[0].to_string();
        assert!(
            e.starts_with("values.yaml:3:10: configmap.data.BIG: makes the ConfigMap"),
            "{e}"
        );
        assert!(e.contains("Kubernetes refuses objects over 1.0 MiB"), "{e}");
        assert!(!e.contains("xxxx"), "never quotes the value: {e}");

        // Many keys that only add up: the map that holds them is named.
        let mut many = String::from("configmap:\n  data:\n");
        for i in 0..1100 {
            many.push_str(&format!("    K{i:04}: {}\n", "y".repeat(1000)));
        }
        let e = render_with(&many).unwrap_err()[0].to_string();
        assert!(e.contains(": configmap.data: makes the ConfigMap"), "{e}");

        // Just under the limit renders.
        let fits = "x".repeat(MAX_OBJECT_BYTES - 4096);
        render_with(&format!("configmap:\n  data:\n    BIG: {fits}\n")).unwrap();
    }

    #[test]
    fn annotations_over_256_kib_are_refused() {
        let big = "a".repeat(MAX_ANNOTATIONS_BYTES);
        let errors = render_with(&format!("podAnnotations:\n  note: {big}\n")).unwrap_err();
        let e = errors[0].to_string();
        assert!(e.contains("podAnnotations.note: makes the spec.template.metadata.annotations of the Deployment"), "{e}");
        assert!(!e.contains("aaaa"), "{e}");
        let fits = "a".repeat(MAX_ANNOTATIONS_BYTES - 1024);
        render_with(&format!("podAnnotations:\n  note: {fits}\n")).unwrap();
    }
}
