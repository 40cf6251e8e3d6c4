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
    /// `render`: `--set-file` paths the host must read and send.
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
