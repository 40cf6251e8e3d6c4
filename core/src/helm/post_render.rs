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
    // A document `toYaml` wrote whole (`extraObjects`): Helm 4 hands the
    // post-renderer each template's output as rendered, before it trims or
    // ends any document, so a `|+` string ending it keeps every newline.
    if let (HelmVersion::V4 | HelmVersion::V4_1, crate::node::Node::Raw { text, .. }) = (helm, node)
    {
        return text.clone();
    }
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
    // A whole document written by `toYaml` (`extraObjects`): the annotation
    // goes into its text, which keeps every other value in the style go-yaml
    // gave it (Helm 4 keeps styles when it writes the object again).
    if let Node::Raw { node: object, text } = node {
        let mut object = object.object().clone();
        annotate(&mut object, filename);
        *node = match annotate_yaml_text(text, filename) {
            Some(text) => Node::Raw {
                node: Box::new(object),
                text,
            },
            None => object,
        };
        return;
    }
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

/// [`annotate`] on a document as go-yaml writes it (top-level keys at column
/// 0, each nested mapping two columns in): the annotation last among
/// `metadata.annotations`, or `annotations` added last in `metadata`. `None`
/// when the text has no `metadata` mapping of that shape.
fn annotate_yaml_text(text: &str, filename: &str) -> Option<String> {
    use crate::node::Node;
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = lines.iter().position(|l| l.trim_end() == "metadata:")? + 1;
    // A block ends at the next line indented `n` or less (blank lines belong
    // to literal blocks inside it).
    let block_end = |from: usize, to: usize, n: usize| {
        from + lines[from..to]
            .iter()
            .position(|l| !l.trim().is_empty() && indent(l) <= n)
            .unwrap_or(to - from)
    };
    let end = block_end(start, lines.len(), 0);
    if start == end {
        return None;
    }
    let mut entry = String::new();
    Node::Map(vec![(FILENAME_ANNOTATION.into(), Node::str(filename))]).write_block(4, &mut entry);
    let annotations = lines[start..end].iter().position(|l| {
        let l = l.trim_end();
        l == "  annotations:" || l == "  annotations: {}"
    });
    // Where it goes, what goes there, and how many lines it replaces.
    let (at, insert, replaced) = match annotations.map(|k| start + k) {
        Some(i) if lines[i].trim_end() == "  annotations: {}" => {
            (i, format!("  annotations:\n{entry}"), 1)
        }
        Some(i) => (block_end(i + 1, end, 2), entry, 0),
        None => (end, format!("  annotations:\n{entry}"), 0),
    };
    let mut out = String::with_capacity(text.len() + insert.len());
    out.extend(lines[..at].iter().copied());
    out.push_str(&insert);
    out.extend(lines[at + replaced..].iter().copied());
    Some(out)
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

    // `.Capabilities.KubeVersion.Version`; carriers of charts before it was
    // carried, or an empty one: the Helm's default.
    let kube_version = at(doc, &["capabilities", "kubeVersion"])
        .and_then(as_str)
        .filter(|v| !v.is_empty())
        .map(str::to_string);

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
                kube_version,
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
mod tests;
