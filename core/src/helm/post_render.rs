//! Helm's manifest stream, and what the `aac` post-renderer does to it.
//!
//! [`post_render`] is the post-renderer: it keeps every document of the stream
//! that is not a `RenderRequest` byte for byte, and replaces each
//! `RenderRequest` (what `templates/renderrequest.yaml` renders with
//! `renderer.engine=wasm`) with the chart's objects, rendered by
//! [`crate::render_values`] from the values the request carries, in Helm's
//! install order. Each object is labelled the way the Helm that sent the
//! stream reads it back: Helm 3 splits its release manifest on
//! `# Source: <chart>/templates/<file>` comments, Helm 4 on the annotation
//! [`FILENAME_ANNOTATION`] (which it adds to every document it sends).
//!
//! The rest mirrors `helm template` around the rendering: [`show_only`](super::show_only::show_only) is
//! its `--show-only`, [`check_kube_version`](super::kube_version::check_kube_version) its `--kube-version` check
//! against the chart's `kubeVersion`.
//!
//! ```
//! use aac_core::helm::post_render::post_render;
//!
//! // A stream without a RenderRequest passes through unchanged.
//! let stream = "---\n# Source: other/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\n";
//! assert_eq!(post_render(stream, None).unwrap(), stream);
//! ```

use base64::Engine as _;

use crate::chart::render::Release;
use crate::diagnostics::Diagnostic;
use crate::helm::HelmVersion;
use crate::helm::values_file::parse_values;
use crate::value::{Locations, Value};
use crate::{chart, render_values};

/// The annotation Helm 4 puts on every document it hands to a post-renderer
/// plugin, and reads back to group the output into template files.
pub const FILENAME_ANNOTATION: &str = "postrenderer.helm.sh/postrender-filename";

/// The `apiVersion` of the chart's carrier object.
pub const RENDER_REQUEST_API_VERSION: &str = "render.ai-agent-connector.io/v1";

/// The `kind` of the chart's carrier object.
pub const RENDER_REQUEST_KIND: &str = "RenderRequest";

/// The carrier's template, relative to the chart's `templates/`.
const RENDER_REQUEST_TEMPLATE: &str = "renderrequest.yaml";

/// One document of a stream: the `---` line that opens it (empty for a first
/// document written without one) and everything up to the next `---` line.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Chunk<'a> {
    separator: &'a str,
    body: &'a str,
    /// 1-based line of the body's first line in the stream.
    body_line: u32,
}

/// Splits a stream at its `---` lines, losing nothing: the chunks' separators
/// and bodies, concatenated, are the stream.
fn split_stream(stream: &str) -> Vec<Chunk<'_>> {
    let mut chunks = Vec::new();
    let mut separator = "";
    let mut body_start = 0;
    let mut body_line = 1u32;
    let mut line_no = 1u32;
    let mut pos = 0;
    while pos < stream.len() {
        let end = stream[pos..]
            .find('\n')
            .map_or(stream.len(), |i| pos + i + 1);
        let line = &stream[pos..end];
        if is_separator(line) {
            if pos > 0 || !separator.is_empty() {
                chunks.push(Chunk {
                    separator,
                    body: &stream[body_start..pos],
                    body_line,
                });
            }
            separator = line;
            body_start = end;
            body_line = line_no + 1;
        }
        pos = end;
        line_no += 1;
    }
    if body_start < stream.len() || !separator.is_empty() {
        chunks.push(Chunk {
            separator,
            body: &stream[body_start..],
            body_line,
        });
    }
    chunks
}

/// A document start marker alone on its line (`---`, maybe with trailing blanks).
fn is_separator(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.trim().is_empty())
}

/// The value of a top-level `key: value` line of a document, unquoted.
fn top_level_scalar<'a>(body: &'a str, key: &str) -> Option<&'a str> {
    body.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let value = rest.split(" #").next().unwrap_or("").trim();
        Some(
            value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value),
        )
    })
}

/// Whether a document is the chart's carrier (checked on its top-level
/// `apiVersion` and `kind` lines, without parsing the rest).
fn is_render_request(body: &str) -> bool {
    top_level_scalar(body, "kind") == Some(RENDER_REQUEST_KIND)
        && top_level_scalar(body, "apiVersion") == Some(RENDER_REQUEST_API_VERSION)
}

/// How many documents of a stream are the chart's `RenderRequest` (0: nothing for
/// [`post_render`] to render, e.g. a chart rendered without `renderer.engine=wasm`).
pub fn render_requests(stream: &str) -> usize {
    split_stream(stream)
        .iter()
        .filter(|c| is_render_request(c.body))
        .count()
}

/// Which Helm wrote a stream, from how it labels documents: Helm 4 annotates
/// every document with [`FILENAME_ANNOTATION`], Helm 3 writes `# Source:`
/// comments. `None` when the stream has neither.
pub fn detect_helm(stream: &str) -> Option<HelmVersion> {
    if stream.contains(FILENAME_ANNOTATION) {
        Some(HelmVersion::V4)
    } else if stream.lines().any(|l| l.starts_with("# Source: ")) {
        Some(HelmVersion::V3)
    } else {
        None
    }
}

/// Replaces each `RenderRequest` of a Helm manifest stream with the chart's
/// objects; every other document is kept byte for byte.
///
/// `helm` says how to label the rendered objects: `V3` with `# Source:`
/// comments, `V4` with the [`FILENAME_ANNOTATION`]. `None` labels them the
/// way their request is labelled (the annotation when it has one, else
/// `# Source:`), which is right for both Helms without being told.
///
/// Every problem of every request is reported: a request that does not
/// parse, lacks a field, carries values that are not base64 of a JSON
/// object, is for another chart or version, or values the chart refuses.
pub fn post_render(stream: &str, helm: Option<HelmVersion>) -> Result<String, Vec<Diagnostic>> {
    let chunks = split_stream(stream);
    let requests = chunks.iter().filter(|c| is_render_request(c.body)).count();
    let mut out = String::with_capacity(stream.len() + requests * 16 * 1024);
    let mut errors = Vec::new();
    let mut index = 0;
    for chunk in &chunks {
        if !is_render_request(chunk.body) {
            out.push_str(chunk.separator);
            out.push_str(chunk.body);
            continue;
        }
        index += 1;
        let context = if requests > 1 {
            format!("RenderRequest {index} of {requests}")
        } else {
            "RenderRequest".to_string()
        };
        match render_request(chunk, helm, &context) {
            Ok(documents) => {
                for (n, doc) in documents.iter().enumerate() {
                    if n == 0 && !chunk.separator.is_empty() {
                        out.push_str(chunk.separator);
                    } else if n > 0 || !out.is_empty() {
                        out.push_str("---\n");
                    }
                    out.push_str(doc);
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// How a rendered object is labelled.
enum Label {
    /// `# Source: <prefix><template>` (Helm 3).
    Source(String),
    /// The filename annotation `<prefix><template>` (Helm 4).
    Annotation(String),
}

/// The fields of a request, read from its parsed document.
struct Request {
    chart_name: String,
    chart_version: String,
    release: Release,
    values: Value,
}

/// Renders one request into labelled documents (each a body, no `---`).
fn render_request(
    chunk: &Chunk,
    helm: Option<HelmVersion>,
    context: &str,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let loaded = parse_values("<stdin>", chunk.body).map_err(|errs| {
        errs.into_iter()
            .map(|e| {
                let mut d = Diagnostic::from(e);
                if let Some(loc) = &mut d.location {
                    loc.line += chunk.body_line - 1;
                }
                d.message = format!("{context} does not parse: {}", d.message);
                d
            })
            .collect::<Vec<_>>()
    })?;
    let doc = &loaded.value;
    let request = read_request(doc, context)?;

    let chart = chart::chart();
    let mut errors = Vec::new();
    if request.chart_name != chart.name {
        errors.push(Diagnostic::error(format!(
            "{context} is for chart {:?}; aac renders only {:?}",
            request.chart_name, chart.name
        )));
    } else if request.chart_version != chart.version {
        errors.push(Diagnostic::error(format!(
            "{context} is for {} {}, but this aac renders {} {}: use the aac release made for the chart's version",
            chart.name, request.chart_version, chart.name, chart.version
        )));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let rendering = render_values(&request.values, &Locations::new(), &request.release)?;

    let own_source = chunk
        .body
        .lines()
        .find_map(|l| l.strip_prefix("# Source: "))
        .map(str::trim_end);
    let own_annotation = at(doc, &["metadata", "annotations", FILENAME_ANNOTATION])
        .and_then(as_str)
        .map(str::to_string);
    let default_prefix = format!("{}/templates/", chart.name);
    let prefix_of = |label: &str| {
        label
            .strip_suffix(RENDER_REQUEST_TEMPLATE)
            .filter(|p| p.ends_with('/'))
            .map_or_else(|| default_prefix.clone(), str::to_string)
    };
    let label = match (helm, &own_annotation) {
        (Some(HelmVersion::V4 | HelmVersion::V4_1), _) | (None, Some(_)) => Label::Annotation(
            prefix_of(own_annotation.as_deref().or(own_source).unwrap_or_default()),
        ),
        (Some(HelmVersion::V3), _) | (None, None) => Label::Source(prefix_of(
            own_source.or(own_annotation.as_deref()).unwrap_or_default(),
        )),
    };

    // Each document as the Helm that runs us prints the same template.
    let manifests: Vec<_> = rendering
        .documents
        .into_iter()
        .filter(|d| !d.hook)
        .collect();
    let last = manifests.len().saturating_sub(1);
    let helm_printing = request.release.helm;
    Ok(manifests
        .into_iter()
        .enumerate()
        .map(|(i, d)| match &label {
            Label::Source(prefix) => format!(
                "# Source: {prefix}{}\n{}",
                d.template,
                post_rendered_text(&d.node, helm_printing, i == last)
            ),
            Label::Annotation(prefix) => {
                let mut node = d.node;
                annotate(&mut node, &format!("{prefix}{}", d.template));
                post_rendered_text(&node, helm_printing, i == last)
            }
        })
        .collect())
}

/// A document as the post-renderer hands it back. The newest Helm 4 adds a
/// line break after each manifest but the last one, after the post-renderer
/// too (checked with Helm 4.3.1: a `|+` string ending a document gains one
/// newline per break), so the post-renderer leaves that break to Helm: the
/// document ends as the template's output does.
fn post_rendered_text(node: &crate::node::Node, helm: HelmVersion, last: bool) -> String {
    let mut text = crate::document_text(node, helm, last);
    if helm == HelmVersion::V4 && !last && text.ends_with("\n\n") {
        text.pop();
    }
    text
}

/// Adds the filename annotation where Helm 4's kyaml puts it: last among the
/// object's annotations, `metadata.annotations` created last in `metadata`.
fn annotate(node: &mut crate::node::Node, filename: &str) {
    use crate::node::Node;
    let Node::Map(entries) = node else { return };
    let metadata = match entries.iter_mut().find(|(k, _)| k == "metadata") {
        Some((_, m)) => m,
        None => {
            entries.push(("metadata".into(), Node::Map(Vec::new())));
            &mut entries.last_mut().expect("just pushed").1
        }
    };
    let Node::Map(meta) = metadata else { return };
    let annotations = match meta.iter_mut().position(|(k, _)| k == "annotations") {
        Some(i) => &mut meta[i].1,
        None => {
            meta.push(("annotations".into(), Node::Map(Vec::new())));
            &mut meta.last_mut().expect("just pushed").1
        }
    };
    if let Node::Raw { node, .. } = annotations {
        *annotations = node.object().clone();
    }
    if !matches!(annotations, Node::Map(_)) {
        *annotations = Node::Map(Vec::new());
    }
    if let Node::Map(items) = annotations {
        items.push((FILENAME_ANNOTATION.into(), Node::str(filename)));
    }
}

fn at<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter()
        .try_fold(v, |v, k| v.as_map().and_then(|m| m.get(*k)))
}

fn as_str(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// Reads and checks a request's fields; every problem is reported.
fn read_request(doc: &Value, context: &str) -> Result<Request, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut string = |path: &[&str]| match at(doc, path) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            errors.push(Diagnostic::error(format!(
                "{context}: {} must be a string, got {}",
                path.join("."),
                other.go_type_name()
            )));
            String::new()
        }
        None => {
            errors.push(Diagnostic::error(format!(
                "{context}: {} is missing",
                path.join(".")
            )));
            String::new()
        }
    };
    let chart_name = string(&["chart", "name"]);
    let chart_version = string(&["chart", "version"]);
    let name = string(&["release", "name"]);
    let namespace = string(&["release", "namespace"]);
    let service = string(&["release", "service"]);
    // `typedValues` (ints and floats told apart); `values` (`toJson`, every
    // number a float64) in carriers of earlier charts.
    let field = if at(doc, &["typedValues"]).is_none() && at(doc, &["values"]).is_some() {
        "values"
    } else {
        "typedValues"
    };
    let encoded = string(&[field]);

    let revision = match at(doc, &["release", "revision"]) {
        Some(Value::Int(i)) => *i,
        Some(Value::Float(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => *f as i64,
        Some(other) => {
            errors.push(Diagnostic::error(format!(
                "{context}: release.revision must be an integer, got {}",
                other.go_string()
            )));
            0
        }
        None => {
            errors.push(Diagnostic::error(format!(
                "{context}: release.revision is missing"
            )));
            0
        }
    };
    let mut flag = |key: &str| match at(doc, &["release", key]) {
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            errors.push(Diagnostic::error(format!(
                "{context}: release.{key} must be a boolean, got {}",
                other.go_string()
            )));
            false
        }
        None => {
            errors.push(Diagnostic::error(format!(
                "{context}: release.{key} is missing"
            )));
            false
        }
    };
    let is_install = flag("isInstall");
    let is_upgrade = flag("isUpgrade");
    // `.Capabilities.HelmVersion.Version` (v3.17.3, v4.1.4, v4.3.1); carriers of
    // charts before it was carried render as Helm 4.1 did.
    let helm = match at(doc, &["capabilities", "helmVersion"]).and_then(as_str) {
        None => HelmVersion::V4_1,
        Some(v) => helm_of_version(v),
    };

    let values = if encoded.is_empty() {
        None
    } else {
        decode_values(&encoded, field == "typedValues")
            .map_err(|message| {
                errors.push(Diagnostic::error(format!("{context}: {field} {message}")))
            })
            .ok()
    };
    match values {
        Some(values) if errors.is_empty() => Ok(Request {
            chart_name,
            chart_version,
            release: Release {
                name,
                namespace,
                revision,
                is_install,
                is_upgrade,
                service,
                helm,
            },
            values,
        }),
        _ => Err(errors),
    }
}

/// The behaviour of the Helm with this `.Capabilities.HelmVersion.Version`.
fn helm_of_version(version: &str) -> HelmVersion {
    let v = version.strip_prefix('v').unwrap_or(version);
    let mut parts = v.split(['.', '-', '+']);
    let major = parts.next().and_then(|p| p.parse::<u64>().ok());
    let minor = parts.next().and_then(|p| p.parse::<u64>().ok());
    match (major, minor) {
        (Some(0..=3), _) => HelmVersion::V3,
        (Some(4), Some(0 | 1)) => HelmVersion::V4_1,
        _ => HelmVersion::V4,
    }
}

/// The carrier's values back: `typedValues` (`include
/// "ai-agent-connector.typedValues" .Values | b64enc`: a number without a
/// fraction or an exponent is an int64, as `--set` makes them, the others
/// float64) when `typed`, else `{{ .Values | toJson | b64enc }}` (every number
/// a float64, as Go's `encoding/json` reads them).
fn decode_values(encoded: &str, typed: bool) -> Result<Value, String> {
    let compact: String = encoded.split_ascii_whitespace().collect();
    // Refused before decoding: the values JSON would be 3/4 of the base64 text.
    let decoded_len = compact.len() / 4 * 3;
    if decoded_len > crate::value::MAX_VALUES_BYTES {
        return Err(crate::value::too_large("are", decoded_len));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| format!("is not base64 (`toJson | b64enc` of the values): {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("is not UTF-8 JSON: {e}"))?;
    if typed {
        crate::go::json::parse_typed_json_object(&text)
    } else {
        crate::go::json::parse_json_object(&text)
    }
    .map(Value::Map)
    .map_err(|e| format!("is not a JSON object: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::render::render_request;
    use crate::go::semver::{KubeVersion, satisfies};
    use crate::helm::kube_version::{chart_kube_version_constraint, check_kube_version};
    use crate::helm::show_only::show_only;

    /// The chart's defaults with `overrides` laid over them, as Helm 4 does.
    fn values_with(overrides: &str) -> Value {
        let user = parse_values("user.yaml", overrides).unwrap().value;
        let (values, _) = crate::coalesce_values(
            "ai-agent-connector",
            &chart::defaults().value,
            &user,
            HelmVersion::V4,
        );
        values
    }

    /// A request for the chart's defaults with `overrides` laid over them.
    fn request_body(overrides: &str) -> String {
        let values = values_with(overrides);
        let release = Release::template("rel", "ns");
        render_request(&values, &chart::chart(), &release, "v1.35.0").to_document()
    }

    fn v3_stream(body: &str) -> String {
        format!(
            "---\n# Source: ai-agent-connector/templates/renderrequest.yaml\n{body}---\n# Source: ai-agent-connector/templates/tests/test-health.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n"
        )
    }

    fn expected_objects(overrides: &str) -> Vec<String> {
        let values = values_with(overrides);
        render_values(&values, &Locations::new(), &Release::template("rel", "ns"))
            .unwrap()
            .documents
            .into_iter()
            .filter(|d| !d.hook)
            .map(|d| d.node.to_document())
            .collect()
    }

    #[test]
    fn the_carried_helm_version_picks_how_documents_end() {
        assert_eq!(helm_of_version("v3.17.3+ge4da497"), HelmVersion::V3);
        assert_eq!(helm_of_version("v4.1.4"), HelmVersion::V4_1);
        assert_eq!(helm_of_version("v4.0.0"), HelmVersion::V4_1);
        assert_eq!(helm_of_version("v4.3.1"), HelmVersion::V4);
        assert_eq!(helm_of_version("v5.0.0"), HelmVersion::V4);
    }

    #[test]
    fn a_stream_without_a_request_passes_through_byte_for_byte() {
        for stream in [
            "",
            "---\n",
            "---\n# Source: x/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\n",
            "apiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: B\n",
            "apiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: B",
            "---\r\nkind: A\r\n---  \n\n\n# only a comment\n---\n",
            "kind: RenderRequest\napiVersion: other.io/v1\n",
        ] {
            assert_eq!(post_render(stream, None).unwrap(), stream, "{stream:?}");
            assert_eq!(render_requests(stream), 0, "{stream:?}");
            let joined: String = split_stream(stream)
                .iter()
                .map(|c| format!("{}{}", c.separator, c.body))
                .collect();
            assert_eq!(joined, stream);
        }
    }

    #[test]
    fn helm3_request_becomes_the_objects_with_source_comments() {
        let stream = v3_stream(&request_body("ingress:\n  enabled: true\n"));
        assert_eq!(render_requests(&stream), 1);
        let out = post_render(&stream, None).unwrap();
        let hook = stream.split("---\n").last().unwrap();
        assert!(out.ends_with(&format!("---\n{hook}")), "hook kept: {out}");
        let docs: Vec<&str> = out.split("---\n").filter(|d| !d.is_empty()).collect();
        let want = expected_objects("ingress:\n  enabled: true\n");
        assert_eq!(docs.len(), want.len() + 1);
        for (doc, want) in docs.iter().zip(&want) {
            let (source, body) = doc.split_once('\n').unwrap();
            assert!(source.starts_with("# Source: ai-agent-connector/templates/"));
            assert_eq!(body, want);
        }
        assert!(out.contains("# Source: ai-agent-connector/templates/ingress.yaml\n"));
        assert!(!out.contains("RenderRequest"));
        assert_eq!(detect_helm(&stream), Some(HelmVersion::V3));
    }

    #[test]
    fn helm4_request_becomes_the_objects_with_the_filename_annotation() {
        // What Helm 4 sends: no `# Source:`, the annotation, no leading `---`.
        let body = request_body("").replacen(
            "  namespace: ns\n",
            "  namespace: ns\n  annotations:\n    postrenderer.helm.sh/postrender-filename: 'ai-agent-connector/templates/renderrequest.yaml'\n",
            1,
        );
        let hook = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n";
        let stream = format!("{body}---\n{hook}");
        assert_eq!(detect_helm(&stream), Some(HelmVersion::V4));
        let out = post_render(&stream, None).unwrap();
        assert!(!out.starts_with("---"));
        assert!(out.ends_with(&format!("---\n{hook}")));
        assert!(!out.contains("# Source:"));
        let docs: Vec<&str> = out.split("---\n").collect();
        assert_eq!(docs.len(), expected_objects("").len() + 1);
        for doc in &docs[..docs.len() - 1] {
            assert!(
                doc.contains(
                    "\n    postrenderer.helm.sh/postrender-filename: ai-agent-connector/templates/"
                ),
                "{doc}"
            );
        }
        // Forced labels win over detection.
        let forced = post_render(&stream, Some(HelmVersion::V3)).unwrap();
        assert!(forced.contains("# Source: ai-agent-connector/templates/deployment.yaml\n"));
    }

    #[test]
    fn a_subchart_keeps_its_source_prefix() {
        let stream = format!(
            "---\n# Source: umbrella/charts/ai-agent-connector/templates/renderrequest.yaml\n{}",
            request_body("")
        );
        let out = post_render(&stream, None).unwrap();
        assert!(
            out.contains(
                "# Source: umbrella/charts/ai-agent-connector/templates/deployment.yaml\n"
            )
        );
    }

    fn errors(stream: &str) -> Vec<String> {
        post_render(stream, None)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn typed_values_keep_int64_apart_from_float64() {
        use base64::Engine as _;
        let b64 = |json: &str| base64::engine::general_purpose::STANDARD.encode(json);
        let typed = decode_values(
            &b64(r#"{"a":1000000,"b":1000000.0,"c":9007199254740993,"d":1e+21,"e":-0.0,"f":[0,0.5]}"#),
            true,
        )
        .unwrap();
        let m = typed.as_map().unwrap();
        assert_eq!(m["a"], Value::Int(1_000_000));
        assert_eq!(m["b"], Value::Float(1e6));
        assert_eq!(m["c"], Value::Int(9_007_199_254_740_993));
        assert_eq!(m["d"], Value::Float(1e21));
        assert!(matches!(m["e"], Value::Float(f) if f == 0.0 && f.is_sign_negative()));
        assert_eq!(m["f"], Value::Seq(vec![Value::Int(0), Value::Float(0.5)]));
        // `toJson` (an earlier chart's `values:`): every number a float64.
        let untyped = decode_values(&b64(r#"{"a":1000000}"#), false).unwrap();
        assert_eq!(untyped.as_map().unwrap()["a"], Value::Float(1e6));
        // What the core writes for the carrier reads back as it was.
        let values = Value::Map(m.clone());
        let json = crate::go::json::to_typed_json(&values).unwrap();
        assert_eq!(decode_values(&b64(&json), true).unwrap(), values);
    }

    #[test]
    fn every_problem_of_a_request_is_reported() {
        let body = request_body("");
        let values_line = body
            .lines()
            .find(|l| l.starts_with("typedValues: "))
            .unwrap();
        let bad_b64 = body.replace(values_line, "typedValues: '%%%not base64'");
        let e = errors(&v3_stream(&bad_b64));
        assert!(
            e[0].starts_with("RenderRequest: typedValues is not base64"),
            "{e:?}"
        );

        use base64::Engine as _;
        let not_json = base64::engine::general_purpose::STANDARD.encode("{\"a\": ");
        let e = errors(&v3_stream(
            &body.replace(values_line, &format!("typedValues: {not_json}")),
        ));
        assert!(
            e[0].starts_with("RenderRequest: typedValues is not a JSON object: "),
            "{e:?}"
        );
        // An earlier chart's `values:` (`toJson`) is still read.
        let e = errors(&v3_stream(
            &body.replace(values_line, &format!("values: {not_json}")),
        ));
        assert!(
            e[0].starts_with("RenderRequest: values is not a JSON object: "),
            "{e:?}"
        );

        let missing = body
            .replace("  isInstall: true\n", "")
            .replace("release:\n  name: \"rel\"\n", "release:\n");
        let e = errors(&v3_stream(&missing));
        assert_eq!(
            e,
            [
                "RenderRequest: release.name is missing",
                "RenderRequest: release.isInstall is missing"
            ]
        );

        let broken = format!("{body}  : [unclosed\n");
        let e = errors(&v3_stream(&broken));
        assert!(e[0].starts_with("<stdin>:"), "{e:?}");
        assert!(e[0].contains("RenderRequest does not parse"), "{e:?}");

        let other_version = body.replace("version: \"1.0.0\"", "version: \"9.9.9\"");
        let e = errors(&v3_stream(&other_version));
        assert!(
            e[0].contains("is for ai-agent-connector 9.9.9, but this aac renders"),
            "{e:?}"
        );
    }

    #[test]
    fn values_the_chart_refuses_are_reported_with_their_paths() {
        let body = request_body(
            "autoscaling:\n  enabled: true\n  minReplicas: 5\n  maxReplicas: 2\nservice:\n  port: 'x'\n",
        );
        let e = errors(&v3_stream(&body));
        assert!(e.iter().any(|m| m.starts_with("service.port: ")), "{e:?}");
    }

    #[test]
    fn show_only_matches_like_helm() {
        let stream = "---\n# Source: c/templates/a.yaml\nkind: A\n---\n# Source: c/templates/b.yaml\nkind: B\n---\n# Source: c/templates/tests/t.yaml\nkind: T\n";
        let one = |p: &str| show_only(stream, &[p.to_string()], HelmVersion::V4_1);
        assert_eq!(
            one("templates/a.yaml").unwrap(),
            "---\n# Source: c/templates/a.yaml\nkind: A\n"
        );
        assert_eq!(one("templates/*.yaml").unwrap().matches("---").count(), 2);
        assert_eq!(
            one("templates/[ab].yaml").unwrap().matches("---").count(),
            2
        );
        assert_eq!(
            one("templates/[^a].yaml").unwrap().matches("---").count(),
            1
        );
        assert_eq!(one("templates/?.yaml").unwrap().matches("---").count(), 2);
        assert_eq!(one("templates/tests/*").unwrap().matches("---").count(), 1);
        assert_eq!(
            one("templates/x.yaml").unwrap_err()[0].to_string(),
            "could not find template templates/x.yaml in chart"
        );
    }

    #[test]
    fn kube_versions_read_and_checked_like_helm() {
        let v3 = |v: &str| check_kube_version(v, HelmVersion::V3);
        assert_eq!(v3("1.30").unwrap(), "v1.30.0");
        assert_eq!(v3("v1.23.0").unwrap(), "v1.23.0");
        assert_eq!(v3("1.23.0-rc.1").unwrap(), "v1.23.0-rc.1");
        // Each spelling as Helm 3.17.3 and Helm 4 (4.1.4, 4.3.1) take it: Ok, or
        // the start of their message.
        let cases: [(&str, &str, &str); 12] = [
            ("", "", ""),
            ("1.23.0-", "Invalid Semantic Version", ""),
            ("1.30.0+", "Invalid Semantic Version", ""),
            (" 1.30.0", "Invalid Semantic Version", ""),
            ("2", "", "illegal version string \"2\""),
            ("v2", "", "illegal version string \"v2\""),
            (
                "01.23.0",
                "",
                "illegal zero-prefixed version component \"01\" in \"01.23.0\"",
            ),
            ("1.30.0-01", "Version segment starts with 0", ""),
            ("1.30.0 junk", "Invalid Semantic Version", ""),
            (
                "x1.30",
                "Invalid Semantic Version",
                "could not parse \"x1.30\" as version",
            ),
            (
                "1.x",
                "Invalid Semantic Version",
                "illegal version string \"1.x\"",
            ),
            (
                "1.22.9+",
                "Invalid Semantic Version",
                "chart requires kubeVersion: >=1.23.0-0 which is incompatible with Kubernetes v1.22.9+",
            ),
        ];
        for (given, helm3, helm4) in cases {
            for (helm, want) in [(HelmVersion::V3, helm3), (HelmVersion::V4, helm4)] {
                let got = check_kube_version(given, helm);
                match want {
                    "" => assert!(got.is_ok(), "{helm:?} {given:?}: {got:?}"),
                    want => assert!(
                        got.as_ref().is_err_and(|e| e.to_string().contains(want)),
                        "{helm:?} {given:?}: {got:?}, want {want:?}"
                    ),
                }
            }
        }
        assert_eq!(
            check_kube_version("1.20", HelmVersion::V3)
                .unwrap_err()
                .to_string(),
            "chart requires kubeVersion: >=1.23.0-0 which is incompatible with Kubernetes v1.20.0"
        );
        assert_eq!(
            check_kube_version("abc", HelmVersion::V3)
                .unwrap_err()
                .to_string(),
            "invalid kube version 'abc': Invalid Semantic Version"
        );
        // The chart's constraint is one this reader understands.
        let constraint = chart_kube_version_constraint().unwrap();
        assert!(satisfies(&constraint, &KubeVersion::parse("1.35.0").unwrap()).is_some());
    }
}
