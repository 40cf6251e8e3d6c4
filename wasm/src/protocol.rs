//! The one request/response protocol of the renderer module: the `aac` host
//! writes these requests and reads these responses, the module (and the
//! extism plugin) reads and writes them; both sides use these types, so
//! they cannot drift apart.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One request to the module.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Request {
    /// The Helm post-renderer.
    PostRender {
        manifests: String,
        #[serde(default)]
        helm: Option<u8>,
    },
    /// Offline `helm template`.
    Render(Box<RenderArgs>),
    /// Which values each rendered line depends on (`aac explain`, the
    /// playground's highlighting).
    Explain(Box<ExplainArgs>),
    /// `values.schema.json`.
    Schema,
    /// The module's and the chart's versions.
    Version,
    /// Never returns: proves the host's time cap (`aac` hidden `sandbox-probe`).
    SandboxSpin,
    /// Allocates until memory runs out: proves the host's memory cap.
    SandboxAllocate,
}

/// What `aac render` passes: `helm template`'s flags, with file contents.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RenderArgs {
    pub release: Option<String>,
    pub namespace: Option<String>,
    pub values_files: Vec<ValuesFile>,
    pub set: Vec<String>,
    pub set_string: Vec<String>,
    pub set_json: Vec<String>,
    pub set_file: Vec<String>,
    pub set_literal: Vec<String>,
    pub helm: Option<HelmArg>,
    pub kube_version: Option<String>,
    pub show_only: Vec<String>,
    pub skip_tests: bool,
    /// Leave `documents` out of the answer (each template's text again, for
    /// `--output-dir`): the host prints only `manifests`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub no_documents: bool,
    /// `--set-file` contents by path, or why the host could not read one.
    pub files: BTreeMap<String, FileRead>,
}

/// `explain`: a render's flags, and optionally one field of one object.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExplainArgs {
    /// The values and release, as for `render` (`show_only` is not used).
    pub render: RenderArgs,
    /// `KIND[/NAME]` (the kind in any case): answer for one field of this
    /// object in `explained`; none: every line of every object in `provenance`.
    pub object: Option<String>,
    /// The field, as `spec.template.spec.containers[0].image` (with `object`).
    pub field: Option<String>,
}

/// A values file: its name as given (`-f NAME`) and what the host read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ValuesFile {
    pub name: String,
    #[serde(flatten)]
    pub read: FileRead,
}

/// What the host read of a file: its text when it is UTF-8; its bytes in
/// base64 when not (the core reads them as Helm does: UTF-16 for Helm 3, else
/// it says where the bad byte is); only its size when it is over the core's
/// limit (not read: the core refuses it); or the error the host got.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileRead {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_base64: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The answer to every request.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Response {
    pub ok: bool,
    /// The output stream: post-rendered manifests, or `helm template`'s output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manifests: Option<String>,
    /// `render`: each shown document, for `--output-dir`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<OutputDocument>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<VersionInfo>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Message>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Message>,
    /// `explain` of the whole rendering: what each line depends on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<ProvenanceOut>,
    /// `explain` of one field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explained: Option<Explained>,
    /// `render`: `--set-file` paths the request lacked (the host sends them all
    /// with the request, so it never sees this).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub need_files: Vec<String>,
}

/// One rendered document and the template file it belongs to.
#[derive(Debug, Serialize, Deserialize)]
pub struct OutputDocument {
    /// `ai-agent-connector/templates/deployment.yaml`.
    pub source: String,
    pub hook: bool,
    /// The YAML body (no `---`, no `# Source:`), ending in a newline.
    pub content: String,
}

/// A values node some rendered line depends on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceOut {
    /// In `--set` syntax: `image.tag`, `env[0].value`.
    pub path: String,
    /// As the template prints it (strings quoted; a map or list by size);
    /// none for a secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Where it was written: a values file (`values.yaml` is the chart's
    /// defaults) or a flag (`--set`, the line being the flag's position).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// Set by the user (a values file or a flag); else a chart default.
    #[serde(default)]
    pub from_user: bool,
    /// What changing it would add: lines not rendered now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additions: Vec<AdditionOut>,
}

/// Lines a value would add if it changed: into the document `document`
/// before its line `before` (0-based), or (no document) a whole object.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdditionOut {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<usize>,
    /// The first added line, or the object's `Kind (templates/x.yaml)`.
    pub text: String,
}

/// One line's dependency: `source` indexes [`ProvenanceOut::sources`];
/// `role` is `value` (the line prints it) or `condition` (it decides that
/// the line is there).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CauseOut {
    pub source: usize,
    pub role: String,
}

/// What each line of each rendered document depends on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProvenanceOut {
    pub sources: Vec<SourceOut>,
    pub documents: Vec<DocumentProvenance>,
    /// Whether every values node was traced (see `traced`).
    pub complete: bool,
    /// Values nodes there are, and how many were traced: values too large to
    /// trace within the core's work bound are traced in part, the user's first.
    pub values: usize,
    pub traced: usize,
}

/// One document (as in `render`'s `documents`, hooks included) and, for each
/// of its lines, what the line depends on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentProvenance {
    /// `ai-agent-connector/templates/deployment.yaml`.
    pub source: String,
    pub kind: String,
    pub name: String,
    pub lines: Vec<Vec<CauseOut>>,
}

/// The answer for one field of one object.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Explained {
    pub kind: String,
    pub name: String,
    /// The chart template that renders it: `templates/deployment.yaml`.
    pub template: String,
    pub field: String,
    /// The field's lines as rendered (1-based `line` within the document);
    /// empty when the field is not rendered.
    pub lines: Vec<ExplainedLine>,
    /// The values it depends on (for an absent field: those that would add
    /// it), values first, then conditions.
    pub causes: Vec<ExplainedCause>,
    /// False when the values were too large to trace them all.
    pub complete: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExplainedLine {
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExplainedCause {
    #[serde(flatten)]
    pub source: SourceOut,
    /// `value`, `condition`, or `would-add` (changing it adds the field: `text`).
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct VersionInfo {
    pub module: String,
    pub chart: String,
    pub chart_version: String,
    pub app_version: String,
}

/// An error or warning, with its values path first.
#[derive(Debug, Serialize, Deserialize)]
pub struct Message {
    pub severity: String,
    /// What kind of problem it is ([`aac_core::diagnostics::Kind::name`]):
    /// `input` (the text is not read: YAML or flag syntax, a file), `release`,
    /// `unknown-key`, `duplicate-key`, `invalid`, `suspicious`.
    #[serde(default)]
    pub kind: String,
    /// In `--set` syntax; empty for problems of the whole input.
    pub path: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// The whole line as the CLI prints it (`file:line:col: path: message`).
    pub text: String,
}

/// The Helm a render follows: `3` or `4` (the newest Helm 4), or a string
/// `"3"`, `"4"`, `"4.1"`, `"4.3"` (see [`HelmVersion::parse`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HelmArg {
    Major(u8),
    Version(String),
}

/// `post-render`'s warning when the stream holds no `RenderRequest` (passed through).
pub const NO_RENDER_REQUEST: &str = "the manifests hold no RenderRequest, so they pass \
     through unchanged: did you set renderer.engine=wasm?";
