//! The playground's face of aac-core (`wasm32-unknown-unknown`, wasm-bindgen).
//!
//! The page's worker calls [`render`] with the editor's text and the release
//! settings and gets back one JSON text: the rendered objects (each as YAML
//! and as an object tree for the diagram), the whole stream `helm template`
//! prints, NOTES and warnings; or every error. Errors and warnings are the protocol's
//! [`Message`]s, as the `aac` host gets them: a message about the editor's text
//! has `file` [`EDITOR_SOURCE`], and `line` and `column` there.
//!
//! One string crossing to the page and `JSON.parse` there beat JS objects built
//! by serde-wasm-bindgen 0.6 (`Serializer::json_compatible`) and cloned by
//! `postMessage`, from the worker's call to the page holding the answer
//! (Node 20 worker threads, medians of 30, as ratios serde-wasm-bindgen / JSON
//! over four runs on a shared 2-core machine): 1.02 to 2.03 for the production
//! values (a 29 KiB answer), 1.10 to 1.26 for a 957 KiB values file (a 3 MiB
//! answer). The render and serialization alone were about as fast either way;
//! cloning the object tree costs more than parsing the text.
//!
//! A file the user opens goes through [`check_values_file_size`] (before it
//! is read) and [`open_values_file`]: the core reads it as `helm template -f`
//! does, so the page refuses what `aac render` refuses, in the same words.

use aac_core::Release;
use aac_core::diagnostics::Diagnostic;
use aac_core::node::Node;
use aac_core::{HelmVersion, ValuesOptions};
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use wasm_bindgen::prelude::*;

use crate::Message;

/// The file name the editor's text goes by: the `-f` file of `helm template`
/// (the page's `EDITOR_SOURCE`).
pub const EDITOR_SOURCE: &str = "playground-values.yaml";

/// What `helm template NAME -n NAMESPACE -f values.yaml` renders from the
/// editor's text: the values options and the release.
fn editor_inputs(values: &str, release_name: &str, namespace: &str) -> (ValuesOptions, Release) {
    let options = ValuesOptions {
        values_files: vec![(EDITOR_SOURCE.to_string(), values.to_string())],
        helm_version: HelmVersion::V4,
        ..Default::default()
    };
    (options, Release::template(release_name, namespace))
}

/// The page has no files to read: `--set-file` is not available here.
fn no_set_files(path: &str) -> Result<String, String> {
    Err(format!("{path}: --set-file is not available here"))
}

/// The chart the playground renders, as JSON: `{name, version, appVersion,
/// valuesLimitBytes, defaultValues}`: the largest values text the core reads,
/// and the chart's values.yaml (the page's "Defaults" preset, so the page need
/// not carry a second copy of it).
#[wasm_bindgen(js_name = chartInfo)]
pub fn chart_info() -> String {
    let chart = aac_core::chart::chart();
    to_json(&ChartInfo {
        name: chart.name,
        version: chart.version,
        app_version: chart.app_version,
        values_limit_bytes: aac_core::value::MAX_VALUES_BYTES,
        default_values: aac_core::chart::VALUES_YAML,
    })
}

/// The protocol's `explain` answer for the editor's text and the release,
/// rendered as [`render`] renders them: `crate::protocol::Response` as JSON,
/// with `provenance` (what each line of each document depends on) or
/// `errors`, for the playground's highlighting. The request is built here,
/// not read from JSON: the page's module carries no JSON reader.
#[cfg(feature = "explain")]
#[wasm_bindgen]
pub fn explain(values: &str, release_name: &str, namespace: &str) -> String {
    let (options, release) = editor_inputs(values, release_name, namespace);
    let response = match aac_core::render_explained(&options, &release, no_set_files) {
        Ok((rendering, provenance)) => crate::protocol::Response {
            ok: true,
            provenance: Some(crate::explain::whole(&rendering, &provenance)),
            ..Default::default()
        },
        Err(errors) => crate::protocol::Response::failed(&errors),
    };
    to_json(&response)
}

/// Refuses a values file of `size` bytes before the page reads it (a file the
/// user opens, or text pasted into the editor): `{ok: false, errors}` when it
/// is over the core's limit, else `{ok: true}`.
#[wasm_bindgen(js_name = checkValuesFileSize)]
pub fn check_values_file_size(name: &str, size: f64) -> String {
    // A size past u64 (never a real file) saturates, and is refused.
    match aac_core::check_values_file_size(name, size as u64) {
        Ok(()) => r#"{"ok":true}"#.to_string(),
        Err(error) => file_refused(error),
    }
}

/// The text of a values file the user opens, read as Helm 4 reads a `-f`
/// file: `{ok: true, text}`, or `{ok: false, errors}` (too large, not UTF-8,
/// UTF-16) naming the file and where in it the bad byte is.
#[wasm_bindgen(js_name = openValuesFile)]
pub fn open_values_file(name: &str, bytes: &[u8]) -> String {
    match aac_core::values_file_text(name, bytes, HelmVersion::V4) {
        Ok(text) => to_json(&Opened {
            ok: true,
            text: &text,
        }),
        Err(error) => file_refused(error),
    }
}

fn file_refused(error: aac_core::LoadError) -> String {
    to_json(&Output::Failed {
        ok: false,
        errors: vec![Message::from(&Diagnostic::from(error))],
    })
}

/// Renders `values` (the editor's text, layered over the chart's defaults as
/// `helm template NAME -n NAMESPACE -f values.yaml` does). Returns the JSON of
/// `{ok: true, documents, stream, notes, warnings}` or `{ok: false, errors}`.
#[wasm_bindgen]
pub fn render(values: &str, release_name: &str, namespace: &str) -> String {
    let (options, release) = editor_inputs(values, release_name, namespace);
    let messages = |list: &[Diagnostic]| list.iter().map(Message::from).collect();
    match aac_core::render(&options, &release, no_set_files) {
        Ok(rendering) => to_json(&Output::Rendered {
            ok: true,
            stream: rendering.to_stream_for(HelmVersion::V4),
            documents: rendering
                .documents
                .iter()
                .map(|d| Object {
                    template: d.template,
                    kind: &d.kind,
                    name: &d.name,
                    hook: d.hook,
                    yaml: d.node.to_document(),
                    object: NodeJs(&d.node),
                })
                .collect(),
            notes: &rendering.notes,
            warnings: messages(&rendering.warnings),
        }),
        Err(errors) => to_json(&Output::Failed {
            ok: false,
            errors: messages(&errors),
        }),
    }
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| {
        let message = serde_json::to_string(&format!("serialization failed: {e}")).unwrap_or_default();
        format!(r#"{{"ok":false,"errors":[{{"severity":"error","kind":"internal","path":"","message":{message},"text":{message}}}]}}"#)
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ChartInfo {
    name: String,
    version: String,
    app_version: String,
    values_limit_bytes: usize,
    default_values: &'static str,
}

#[derive(Serialize)]
struct Opened<'a> {
    ok: bool,
    text: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Output<'a> {
    Rendered {
        ok: bool,
        stream: String,
        documents: Vec<Object<'a>>,
        notes: &'a str,
        warnings: Vec<Message>,
    },
    Failed {
        ok: bool,
        errors: Vec<Message>,
    },
}

#[derive(Serialize)]
struct Object<'a> {
    template: &'static str,
    kind: &'a str,
    name: &'a str,
    hook: bool,
    yaml: String,
    object: NodeJs<'a>,
}

/// A rendered object as a plain JS tree (scalars a template printed verbatim
/// stay the text Kubernetes would read).
struct NodeJs<'a>(&'a Node);

impl Serialize for NodeJs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Node::Null => s.serialize_unit(),
            Node::Bool(b) => s.serialize_bool(*b),
            Node::Int(i) => s.serialize_i64(*i),
            Node::Plain(text) | Node::Str(text) => s.serialize_str(text),
            Node::Raw { node, .. } => NodeJs(node).serialize(s),
            Node::Seq(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&NodeJs(item))?;
                }
                seq.end()
            }
            Node::Map(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, &NodeJs(value))?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn render(values: &str, release: &str) -> Value {
        serde_json::from_str(&super::render(values, release, "default")).expect("JSON")
    }

    #[test]
    fn chart_info_carries_the_default_values() {
        let info: Value = serde_json::from_str(&super::chart_info()).expect("JSON");
        assert_eq!(info["defaultValues"], aac_core::chart::VALUES_YAML);
        assert!(info["valuesLimitBytes"].as_u64().is_some_and(|n| n > 0));
    }

    #[test]
    fn renders_objects_with_their_trees() {
        let out = render("", "demo");
        assert_eq!(out["ok"], true);
        let docs = out["documents"].as_array().expect("documents");
        let deployment = docs
            .iter()
            .find(|d| d["kind"] == "Deployment")
            .expect("a Deployment");
        assert_eq!(deployment["name"], "demo-ai-agent-connector");
        assert_eq!(deployment["object"]["kind"], "Deployment");
        assert!(
            deployment["yaml"]
                .as_str()
                .unwrap()
                .starts_with("apiVersion: apps/v1\n")
        );
        assert!(
            out["stream"]
                .as_str()
                .unwrap()
                .starts_with("---\n# Source: ")
        );
        assert!(!out["notes"].as_str().unwrap().is_empty());
    }

    #[test]
    fn problems_carry_kind_path_and_editor_line() {
        let out = render("# comment\nreplicaCount: many\n", "demo");
        assert_eq!(out["ok"], false);
        let e = &out["errors"][0];
        assert_eq!(e["kind"], "invalid");
        assert_eq!(e["path"], "replicaCount");
        assert_eq!(
            (&e["file"], &e["line"]),
            (&super::EDITOR_SOURCE.into(), &2.into())
        );
        assert_eq!(e["severity"], "error");
        assert_eq!(
            e["text"],
            "playground-values.yaml:2:15: replicaCount: must be a whole number, got string \"many\""
        );

        let out = render("a: [\n", "demo");
        assert_eq!(out["errors"][0]["kind"], "input");
        assert_eq!(out["errors"][0]["line"], 2);

        let out = render("", "Not_Valid");
        assert_eq!(out["errors"][0]["kind"], "release");
        assert_eq!(out["errors"][0]["line"], Value::Null);

        let out = render("image:\n  tag: 1.10\n", "demo");
        assert_eq!(out["ok"], true);
        let w = &out["warnings"][0];
        assert_eq!(
            (&w["path"], &w["line"], &w["severity"]),
            (&"image.tag".into(), &2.into(), &"warning".into())
        );
    }

    #[test]
    fn opened_files_are_read_as_helm_reads_them() {
        let json = |s: String| serde_json::from_str::<Value>(&s).expect("JSON");
        let out = json(super::open_values_file("v.yaml", b"a: 1\n"));
        assert_eq!((&out["ok"], &out["text"]), (&true.into(), &"a: 1\n".into()));

        let out = json(super::open_values_file("v.yaml", b"a: 1\nb: \xff\xfe\n"));
        assert_eq!(out["ok"], false);
        let e = &out["errors"][0];
        assert_eq!(
            (&e["kind"], &e["file"], &e["line"], &e["column"]),
            (&"input".into(), &"v.yaml".into(), &2.into(), &4.into())
        );
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("invalid leading UTF-8 octet")
        );

        assert_eq!(
            json(super::check_values_file_size("v.yaml", 4.0 * 1048576.0))["ok"],
            true
        );
        let out = json(super::check_values_file_size("big.yaml", 60e6));
        let message = out["errors"][0]["message"].as_str().unwrap();
        assert!(message.starts_with("big.yaml is 57.2 MiB"), "{message}");
        assert_eq!(out["errors"][0]["file"], Value::Null);
        assert_eq!(
            json(super::check_values_file_size("v.yaml", f64::INFINITY))["ok"],
            false
        );
    }
}
