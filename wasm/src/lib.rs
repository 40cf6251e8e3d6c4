//! `aac-wasm`: aac-core behind one JSON request/response function, [`handle`].
//!
//! The `aac` host runs this crate compiled for `wasm32-unknown-unknown` in a
//! wasmtime sandbox, through the small ABI of `src/abi.rs` (`aac_alloc`,
//! `aac_dealloc`, `aac_call`): the module imports nothing, so it can touch no
//! file, socket, clock or environment; everything it needs comes in the
//! request. The playground's wasm-bindgen build (feature `browser`,
//! `src/browser.rs`) calls `aac_core::render` directly: the page needs each
//! object's kind, name and tree, not only the stream.
//!
//! Requests (`command` selects one):
//! - `{"command":"post-render","manifests":"<Helm's stream>","helm":3|4|null}`:
//!   [`aac_core::helm::post_render::post_render`]; the field is named as in Helm 4's
//!   postrenderer/v1 plugin input, so a later Extism wrapper only adds `command`.
//! - `{"command":"render","release":"NAME","namespace":"NS","values_files":[{"name",FILE}],
//!   "set":[..],"set_string":[..],"set_json":[..],"set_file":[..],"set_literal":[..],
//!   "helm":3|4,"kube_version":"1.30","show_only":[..],"skip_tests":false,"no_documents":false,
//!   "files":{PATH:FILE}}`: `helm template NAME chart ...` (the answer's `manifests`, and its
//!   `documents` unless `no_documents`). Files are read by the host; FILE is what it
//!   read ([`FileRead`]: `"content"`, `"content_base64"`, `"size"` or `"error"`).
//!   The host reads the files `--set-file` names before it asks
//!   ([`aac_core::helm::values::set_file_paths`]), so one request does; a path
//!   not in `files` is listed in the answer's `need_files` instead of a rendering.
//! - `{"command":"explain","render":{RENDER ARGS},"object":"KIND[/NAME]","field":"a.b[0].c"}`:
//!   which values each rendered line depends on ([`aac_core::render_explained`]):
//!   without `object`, `provenance` for every line of every document (the
//!   playground); with it, `explained` for one field (`aac explain`).
//! - `{"command":"schema"}`, `{"command":"version"}`.
//!
//! Every answer is `{"ok":true|false, ...}` with `errors` and `warnings` as
//! `{severity, kind, path, message, file, line, column, text}` objects
//! ([`Message`]), from the browser too.
//!
//! ```
//! let answer = aac_wasm::handle(r#"{"command":"render","release":"demo"}"#);
//! assert!(answer.starts_with(r#"{"ok":true"#));
//! assert!(answer.contains("# Source: ai-agent-connector/templates/deployment.yaml"));
//! ```

use std::cell::RefCell;

use aac_core::Release;
use aac_core::diagnostics::{Diagnostic, Severity};
use aac_core::helm::kube_version::check_kube_version;
use aac_core::helm::post_render::{post_render, render_requests};
use aac_core::helm::show_only::show_only;
use aac_core::{HelmVersion, LoadError, ValuesOptions, chart};
use base64::Engine as _;

mod explain;
pub mod protocol;
pub use protocol::*;

// The host's sandbox ABI (feature `abi`, on by default); the playground's build
// (feature `browser`) has its own wasm-bindgen exports and leaves these out, and
// the extism plugin (aac-extism) turns `abi` off.
#[cfg(all(target_arch = "wasm32", feature = "abi", not(feature = "browser")))]
pub mod abi;

// The playground's exports (wasm-bindgen), behind the `browser` feature.
#[cfg(feature = "browser")]
mod browser;

impl FileRead {
    /// The text of a values file (`-f`), as `helm` reads it.
    fn values_text(&self, name: &str, helm: HelmVersion) -> Result<String, LoadError> {
        self.text(name, |bytes| {
            aac_core::values_file_text(name, bytes, helm).map(std::borrow::Cow::into_owned)
        })
    }

    /// The text of a `--set-file` file: UTF-8 only.
    fn set_file_text(&self, path: &str) -> Result<String, LoadError> {
        self.text(path, |bytes| {
            aac_core::utf8_file_text(path, bytes).map(str::to_string)
        })
    }

    fn text(
        &self,
        name: &str,
        decode: impl FnOnce(&[u8]) -> Result<String, LoadError>,
    ) -> Result<String, LoadError> {
        if let Some(error) = &self.error {
            return Err(LoadError::msg(error.clone()));
        }
        if let Some(size) = self.size {
            aac_core::check_values_file_size(name, size)?;
        }
        if let Some(text) = &self.content {
            return Ok(text.clone());
        }
        let Some(encoded) = &self.content_base64 else {
            return Err(LoadError::msg(format!("{name}: not read by the host")));
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| LoadError::msg(format!("{name}: the host sent bad base64: {e}")))?;
        decode(&bytes)
    }
}

impl Message {
    /// A problem of the whole input (no values path, no position).
    fn whole_input(severity: &'static str, message: String) -> Message {
        Message {
            severity: severity.to_string(),
            kind: aac_core::diagnostics::Kind::Input.name().to_string(),
            path: String::new(),
            text: message.clone(),
            message,
            file: None,
            line: None,
            column: None,
        }
    }
}

impl From<&Diagnostic> for Message {
    fn from(d: &Diagnostic) -> Self {
        Message {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            }
            .to_string(),
            kind: d.kind.name().to_string(),
            path: d.path.to_string(),
            message: d.message.clone(),
            file: d.location.as_ref().map(|l| l.source.clone()),
            line: d.location.as_ref().map(|l| l.line),
            column: d.location.as_ref().map(|l| l.column),
            text: d.to_string(),
        }
    }
}

impl Response {
    fn failed(errors: &[Diagnostic]) -> Response {
        Response {
            ok: false,
            errors: errors.iter().map(Message::from).collect(),
            ..Response::default()
        }
    }

    fn failed_with(message: String) -> Response {
        Response {
            ok: false,
            errors: vec![Message::whole_input("error", message)],
            ..Response::default()
        }
    }
}

/// Answers one JSON request with one JSON response; never panics on input.
pub fn handle(request: &str) -> String {
    let response = match serde_json::from_str::<Request>(request) {
        Ok(request) => respond(request),
        Err(e) => Response::failed_with(format!("aac-wasm: bad request: {e}")),
    };
    serde_json::to_string(&response).unwrap_or_else(|e| {
        format!(r#"{{"ok":false,"errors":[{{"severity":"error","path":"","message":"{e}","text":"{e}"}}]}}"#)
    })
}

/// The answer to a request whose bytes are not UTF-8.
pub fn handle_invalid_utf8(e: std::str::Utf8Error) -> String {
    serde_json::to_string(&Response::failed_with(format!(
        "aac-wasm: the request is not UTF-8: {e}"
    )))
    .unwrap_or_default()
}

fn helm_version(n: Option<u8>) -> Result<Option<HelmVersion>, String> {
    match n {
        None => Ok(None),
        Some(3) => Ok(Some(HelmVersion::V3)),
        Some(4) => Ok(Some(HelmVersion::V4)),
        Some(n) => Err(format!("helm major version must be 3 or 4, got {n}")),
    }
}

impl RenderArgs {
    /// The Helm the render follows: the newest Helm 4 when none is given.
    pub fn helm_version(&self) -> Result<HelmVersion, String> {
        match &self.helm {
            None => Ok(HelmVersion::V4),
            Some(HelmArg::Major(n)) => HelmVersion::parse(&n.to_string()),
            Some(HelmArg::Version(text)) => HelmVersion::parse(text),
        }
    }
}

/// Answers a parsed request.
pub fn respond(request: Request) -> Response {
    match request {
        Request::PostRender { manifests, helm } => {
            let helm = match helm_version(helm) {
                Ok(h) => h,
                Err(e) => return Response::failed_with(e),
            };
            match post_render(&manifests, helm) {
                Ok(out) => Response {
                    ok: true,
                    manifests: Some(out),
                    warnings: if render_requests(&manifests) == 0 {
                        vec![Message::whole_input(
                            "warning",
                            NO_RENDER_REQUEST.to_string(),
                        )]
                    } else {
                        Vec::new()
                    },
                    ..Response::default()
                },
                Err(errors) => Response::failed(&errors),
            }
        }
        Request::Render(args) => render(*args),
        Request::Explain(args) => explain::explain(*args),
        Request::Schema => Response {
            ok: true,
            schema: Some(aac_core::chart::schema::values_schema_json()),
            ..Response::default()
        },
        Request::Version => {
            let chart = chart::chart();
            Response {
                ok: true,
                version: Some(VersionInfo {
                    module: env!("CARGO_PKG_VERSION").to_string(),
                    chart: chart.name,
                    chart_version: chart.version,
                    app_version: chart.app_version,
                }),
                ..Response::default()
            }
        }
        Request::SandboxSpin => loop {
            std::hint::spin_loop();
        },
        Request::SandboxAllocate => {
            let mut held: Vec<Vec<u8>> = Vec::new();
            loop {
                held.push(std::hint::black_box(vec![1u8; 1 << 20]));
            }
        }
    }
}

/// The values options and the release of a render's flags (or the answer
/// that refuses them).
fn render_inputs(args: &RenderArgs) -> Result<(ValuesOptions, Release), Box<Response>> {
    let helm = args
        .helm_version()
        .map_err(|e| Box::new(Response::failed_with(e)))?;
    // `.Capabilities.KubeVersion.Version`: as Helm shows `--kube-version`, or
    // (none given) the default of the Helm followed.
    let kube_version = match args
        .kube_version
        .as_deref()
        .map(|v| check_kube_version(v, helm))
    {
        Some(Err(e)) => return Err(Box::new(Response::failed(&[e]))),
        Some(Ok(shown)) if !shown.is_empty() => Some(shown),
        _ => None,
    };
    // Every file's problem at once.
    let mut values_files = Vec::new();
    let mut unread = Vec::new();
    for file in &args.values_files {
        match file.read.values_text(&file.name, helm) {
            Ok(text) => values_files.push((file.name.clone(), text)),
            Err(e) => unread.push(Diagnostic::from(e)),
        }
    }
    if !unread.is_empty() {
        return Err(Box::new(Response::failed(&unread)));
    }
    let options = ValuesOptions {
        values_files,
        set: args.set.clone(),
        set_string: args.set_string.clone(),
        set_json: args.set_json.clone(),
        set_file: args.set_file.clone(),
        set_literal: args.set_literal.clone(),
        helm_version: helm,
    };
    let release = Release {
        kube_version,
        ..Release::template(
            args.release.as_deref().unwrap_or("release-name"),
            args.namespace.as_deref().unwrap_or("default"),
        )
    };
    Ok((options, release))
}

/// Runs `run` with a `--set-file` reader over the files the host sent; the
/// answer asks for the files it did not send (`need_files`).
fn with_set_files<T>(
    files: &std::collections::BTreeMap<String, FileRead>,
    run: impl FnOnce(&dyn Fn(&str) -> Result<String, String>) -> T,
) -> Result<T, Box<Response>> {
    let missing = RefCell::new(Vec::new());
    let result = run(&|path: &str| match files.get(path) {
        Some(read) => read.set_file_text(path).map_err(|e| e.to_string()),
        None => {
            missing.borrow_mut().push(path.to_string());
            Err(format!("open {path}: not read by the host"))
        }
    });
    let missing = missing.into_inner();
    if missing.is_empty() {
        Ok(result)
    } else {
        Err(Box::new(Response {
            ok: false,
            need_files: missing,
            ..Response::default()
        }))
    }
}

fn render(args: RenderArgs) -> Response {
    let (options, release) = match render_inputs(&args) {
        Ok(inputs) => inputs,
        Err(refused) => return *refused,
    };
    let helm = options.helm_version;
    let rendered = match with_set_files(&args.files, |read| {
        aac_core::render(&options, &release, read)
    }) {
        Ok(rendered) => rendered,
        Err(ask) => return *ask,
    };
    let mut rendering = match rendered {
        Ok(r) => r,
        Err(errors) => return Response::failed(&errors),
    };
    if args.skip_tests {
        rendering
            .documents
            .retain(|d| !(d.hook && d.template.starts_with("tests/")));
    }
    if !args.show_only.is_empty() {
        // `--show-only` prints each document with one more newline after it.
        aac_core::chart::render::end_documents_like_helm(&mut rendering.documents, helm, 1);
    }
    let stream = rendering.to_stream_for(helm);
    // The patterns are matched once, on the stream as Helm matches them; the
    // documents for `--output-dir` are those of the templates shown.
    let mut shown = None;
    let manifests = if args.show_only.is_empty() {
        stream
    } else {
        match show_only(&stream, &args.show_only, helm) {
            Ok((s, paths)) => {
                shown = Some(paths);
                s
            }
            Err(errors) => return Response::failed(&errors),
        }
    };
    let documents = if args.no_documents {
        Vec::new()
    } else {
        output_documents(&rendering, shown.as_ref(), helm)
    };
    Response {
        ok: true,
        manifests: Some(manifests),
        documents,
        notes: Some(rendering.notes),
        warnings: rendering.warnings.iter().map(Message::from).collect(),
        ..Response::default()
    }
}

/// Each rendered document as `helm template --output-dir` writes it (only
/// those `--show-only` selects, when given).
fn output_documents(
    rendering: &aac_core::Rendering,
    shown: Option<&std::collections::BTreeSet<String>>,
    helm: HelmVersion,
) -> Vec<OutputDocument> {
    let chart_name = chart::chart().name;
    let path_of = |template: &str| format!("templates/{template}");
    rendering
        .documents
        .iter()
        .filter(|d| shown.is_none_or(|s| s.contains(&path_of(d.template))))
        .map(|d| OutputDocument {
            source: format!("{chart_name}/{}", path_of(d.template)),
            hook: d.hook,
            // What Helm writes after `# Source:` (then a newline): the newest
            // Helm 4 leaves each template's end as rendered.
            content: {
                let text = aac_core::document_text(&d.node, helm, false);
                text.strip_suffix('\n').unwrap_or(&text).to_string()
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::handle;

    #[test]
    fn explain_answers_for_every_line_of_every_document() {
        let render: serde_json::Value = serde_json::from_str(&handle(
            r#"{"command":"render","release":"demo","set":["autoscaling.enabled=false"]}"#,
        ))
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&handle(
            r#"{"command":"explain","render":{"release":"demo","set":["autoscaling.enabled=false"]}}"#,
        ))
        .unwrap();
        assert_eq!(v["ok"], true, "{v}");
        let docs = v["provenance"]["documents"].as_array().unwrap();
        let rendered = render["documents"].as_array().unwrap();
        assert_eq!(docs.len(), rendered.len());
        // One entry per line of each document as the stream prints it.
        let stream = render["manifests"].as_str().unwrap();
        let sections: Vec<&str> = stream.split("---\n# Source: ").skip(1).collect();
        assert_eq!(sections.len(), docs.len());
        for ((p, r), section) in docs.iter().zip(rendered).zip(sections) {
            assert_eq!(p["source"], r["source"]);
            let lines = section.lines().count() - 1;
            assert_eq!(
                p["lines"].as_array().unwrap().len(),
                lines,
                "{}",
                p["source"]
            );
        }
        let sources = v["provenance"]["sources"].as_array().unwrap();
        let replica_count = sources
            .iter()
            .position(|s| s["path"] == "replicaCount")
            .unwrap();
        let deployment = docs.iter().find(|d| d["kind"] == "Deployment").unwrap();
        let replicas = deployment["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|causes| {
                causes
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c["source"] == replica_count && c["role"] == "value")
            })
            .count();
        assert_eq!(replicas, 1, "replicaCount prints one line");
        assert_eq!(sources[replica_count]["file"], "values.yaml");
        // One field: an unknown object is an error naming what exists.
        let v: serde_json::Value = serde_json::from_str(&handle(
            r#"{"command":"explain","render":{},"object":"Ingress","field":"spec"}"#,
        ))
        .unwrap();
        assert_eq!(v["ok"], false);
        assert!(
            v["errors"][0]["text"]
                .as_str()
                .unwrap()
                .contains("no object Ingress in the rendering; it has: ")
        );
    }

    #[test]
    fn answers_every_command() {
        let v: serde_json::Value =
            serde_json::from_str(&handle(r#"{"command":"version"}"#)).unwrap();
        assert_eq!(v["version"]["chart"], "ai-agent-connector");
        let v: serde_json::Value =
            serde_json::from_str(&handle(r#"{"command":"schema"}"#)).unwrap();
        assert!(v["schema"].as_str().unwrap().contains("\"$schema\""));
        let v: serde_json::Value = serde_json::from_str(&handle(
            r#"{"command":"post-render","manifests":"kind: ConfigMap\n"}"#,
        ))
        .unwrap();
        assert_eq!(v["manifests"], "kind: ConfigMap\n");
        assert_eq!(v["warnings"][0]["text"], crate::NO_RENDER_REQUEST);
    }

    #[test]
    fn no_documents_leaves_out_only_the_documents() {
        let answer = |extra: &str| -> serde_json::Value {
            serde_json::from_str(&handle(&format!(
                r#"{{"command":"render","release":"demo"{extra}}}"#
            )))
            .unwrap()
        };
        let with = answer("");
        let without = answer(r#","no_documents":true"#);
        assert!(!with["documents"].as_array().unwrap().is_empty());
        assert!(without.get("documents").is_none());
        assert_eq!(with["manifests"], without["manifests"]);
        assert_eq!(with["notes"], without["notes"]);
    }

    #[test]
    fn values_files_are_read_as_helm_reads_them_and_every_problem_is_told() {
        let answer = |files: &str, helm: u8| -> serde_json::Value {
            let request = format!(
                r#"{{"command":"render","release":"demo","helm":{helm},"values_files":{files}}}"#
            );
            serde_json::from_str(&handle(&request)).unwrap()
        };
        // "replicaCount: 3\n" in UTF-16LE with its byte order mark: Helm 3 reads it.
        let utf16 = "//5yAGUAcABsAGkAYwBhAEMAbwB1AG4AdAA6ACAAMwAKAA==";
        let files = format!(r#"[{{"name":"u16.yaml","content_base64":"{utf16}"}}]"#);
        assert_eq!(answer(&files, 3)["ok"], true);
        let v4 = answer(&files, 4);
        assert!(
            v4["errors"][0]["text"]
                .as_str()
                .unwrap()
                .contains("Helm 4 cannot read it")
        );

        let v = answer(
            r#"[{"name":"a.yaml","content_base64":"YTogMQpiOiD/Cg=="},
                {"name":"big.yaml","size":60000000},
                {"name":"gone.yaml","error":"open gone.yaml: no such file or directory"},
                {"name":"ok.yaml","content":"replicaCount: 2\n"}]"#,
            4,
        );
        let texts: Vec<&str> = v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            texts,
            [
                "a.yaml:2:4: yaml: invalid leading UTF-8 octet (the file is not UTF-8)",
                "big.yaml is 57.2 MiB (60000000 bytes); values over 4.0 MiB are refused: \
                 Kubernetes stores no object over 1 MiB and Helm keeps the whole release in \
                 one Secret of at most 1 MiB, so values this large cannot be deployed",
                "open gone.yaml: no such file or directory",
            ]
        );
        let bad = answer(r#"[{"name":"x.yaml","content":"a: 1","colour":"red"}]"#, 4);
        assert_eq!(bad["ok"], false, "an unknown field is refused");
    }

    #[test]
    fn bad_requests_are_errors_not_panics() {
        for bad in [
            "",
            "{",
            r#"{"command":"nope"}"#,
            r#"{"command":"render","unknown":1}"#,
            r#"{"command":"post-render","manifests":"","helm":5}"#,
        ] {
            let v: serde_json::Value = serde_json::from_str(&handle(bad)).unwrap();
            assert_eq!(v["ok"], false, "{bad}");
            assert!(!v["errors"][0]["message"].as_str().unwrap().is_empty());
        }
    }

    #[test]
    fn render_asks_for_set_file_contents() {
        let v: serde_json::Value = serde_json::from_str(&handle(
            r#"{"command":"render","set_file":["config.data.a=a.txt"]}"#,
        ))
        .unwrap();
        assert_eq!(v["need_files"][0], "a.txt");
        let v: serde_json::Value = serde_json::from_str(&handle(
            r#"{"command":"render","set_file":["podAnnotations.a=a.txt"],"files":{"a.txt":{"content":"hello"}}}"#,
        ))
        .unwrap();
        assert_eq!(v["ok"], true, "{v}");
        let v: serde_json::Value = serde_json::from_str(&handle(
            r#"{"command":"render","set_file":["podAnnotations.a=a.txt"],"files":{"a.txt":{"error":"open a.txt: no such file or directory"}}}"#,
        ))
        .unwrap();
        assert_eq!(
            v["errors"][0]["message"],
            "failed parsing --set-file data: open a.txt: no such file or directory"
        );
    }

    #[test]
    fn render_with_show_only_and_errors_with_paths() {
        let v: serde_json::Value = serde_json::from_str(&handle(
            r#"{"command":"render","show_only":["templates/service.yaml"]}"#,
        ))
        .unwrap();
        assert!(
            v["manifests"]
                .as_str()
                .unwrap()
                .starts_with("---\n# Source: ai-agent-connector/templates/service.yaml\n")
        );
        assert_eq!(v["documents"].as_array().unwrap().len(), 1);
        let v: serde_json::Value =
            serde_json::from_str(&handle(r#"{"command":"render","set":["service.port=x"]}"#))
                .unwrap();
        assert_eq!(v["errors"][0]["path"], "service.port", "{v}");
    }
}
