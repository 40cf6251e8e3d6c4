//! `aac-extism`: `aac post-render` as a Helm 4 WebAssembly post-renderer plugin
//! (`runtime: extism/v1`, `type: postrenderer/v1`).
//!
//! Helm calls the plugin's `helm_plugin_main` with the JSON message
//! `{"manifests": "<Helm's manifest stream>", "extraArgs": [...]}` and reads
//! `{"manifests": "<the new stream>"}` back. The stream goes through exactly
//! what `aac post-render` runs ([`aac_wasm::respond`] with a post-render
//! request), and a failure is an extism error whose text is what `aac
//! post-render` prints after `Error: `, every error included.
//!
//! `extraArgs` (Helm's `--post-renderer-args`) takes `aac post-render`'s
//! `--helm 3|4`.
//!
//! Helm 4.1.4 to 4.3.1 cannot run it yet: their postrenderer/v1 messages hold
//! the manifests in a Go `bytes.Buffer`, which JSON-encodes as `{}` (helm/helm#31832).
//! The plugin says so instead of rendering an empty stream.
//!
//! ```
//! let out = aac_extism::post_render(br#"{"manifests":"kind: ConfigMap\n","extraArgs":[]}"#);
//! assert_eq!(out.unwrap(), r#"{"manifests":"kind: ConfigMap\n"}"#);
//! ```

use aac_wasm::{Request, respond};
use serde::{Deserialize, Serialize};

// The extism export (wasm32 only).
#[cfg(target_arch = "wasm32")]
mod plugin;

/// The largest manifest stream the plugin reads: `aac post-render`'s limit on stdin.
pub const MAX_STREAM_BYTES: usize = 16 << 20;

/// The helm/helm issue that keeps Helm from passing the manifests.
pub const HELM_ISSUE: &str = "helm/helm#31832";

/// Helm's `InputMessagePostRendererV1`, as a fixed Helm sends it.
#[derive(Debug, Deserialize)]
struct Input {
    manifests: Option<serde_json::Value>,
    #[serde(default, rename = "extraArgs")]
    extra_args: Option<Vec<String>>,
}

/// Helm's `OutputMessagePostRendererV1`.
#[derive(Debug, Serialize)]
struct Output<'a> {
    manifests: &'a str,
}

/// One call of the plugin: Helm's input message in, the output message (JSON)
/// or the error text out.
pub fn post_render(input: &[u8]) -> Result<String, String> {
    let input = std::str::from_utf8(input).map_err(|e| {
        context(format!(
            "the plugin input is not UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    let input: Input = serde_json::from_str(input).map_err(|e| {
        context(format!(
            "the plugin input is not Helm's postrenderer/v1 message \
             ({{\"manifests\": \"<stream>\", \"extraArgs\": [...]}}): {e}"
        ))
    })?;
    let manifests = match input.manifests {
        Some(serde_json::Value::String(s)) => s,
        None => return Err(context("the plugin input has no \"manifests\"".into())),
        Some(other) => {
            return Err(context(format!(
                "Helm passed \"manifests\" as {other} instead of the manifest stream: this \
                 Helm cannot run WebAssembly post-renderers ({HELM_ISSUE}: its postrenderer/v1 \
                 messages hold the manifests in a Go bytes.Buffer). Use the aac subprocess \
                 plugin (aac plugin install) until Helm fixes it"
            )));
        }
    };
    let helm = helm_arg(input.extra_args.as_deref().unwrap_or_default()).map_err(context)?;
    if manifests.len() > MAX_STREAM_BYTES {
        return Err(context(format!(
            "the manifests are over {} MiB; values over 4.0 MiB are refused \
             (Kubernetes stores no object over 1 MiB), so no release of this chart \
             is this large",
            MAX_STREAM_BYTES >> 20
        )));
    }
    let response = respond(Request::PostRender { manifests, helm });
    if response.ok {
        let manifests = response.manifests.as_deref().unwrap_or_default();
        serde_json::to_string(&Output { manifests })
            .map_err(|e| context(format!("cannot encode the output: {e}")))
    } else {
        let lines: Vec<String> = response.errors.into_iter().map(|m| m.text).collect();
        Err(report(&lines))
    }
}

/// `aac post-render`'s `--helm N` / `--helm=N`, from Helm's `--post-renderer-args`.
fn helm_arg(args: &[String]) -> Result<Option<u8>, String> {
    let mut helm = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let value = match arg.strip_prefix("--helm") {
            Some("") => rest
                .next()
                .ok_or("--helm needs a value: 3 or 4 (--post-renderer-args)")?,
            Some(v) if v.starts_with('=') => &v[1..],
            _ => {
                return Err(format!(
                    "unexpected argument {arg:?} (--post-renderer-args): the plugin takes only --helm 3|4"
                ));
            }
        };
        helm = Some(match value {
            "3" => 3,
            "4" => 4,
            _ => return Err(format!("--helm must be 3 or 4, got {value:?}")),
        });
    }
    Ok(helm)
}

fn context(message: String) -> String {
    report(&[message])
}

/// What `aac post-render` prints after `Error: ` (without the final newline):
/// one error on its line, several as a list.
pub fn report(lines: &[String]) -> String {
    match lines {
        [one] => format!("aac post-render: {one}"),
        _ => {
            let mut out = format!("aac post-render: {} errors:", lines.len());
            for line in lines {
                out.push_str("\n- ");
                out.push_str(line);
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(manifests: &str) -> Vec<u8> {
        serde_json::json!({"manifests": manifests, "extraArgs": []})
            .to_string()
            .into_bytes()
    }

    #[test]
    fn a_stream_without_a_request_passes_through() {
        let stream = "---\n# Source: x/templates/a.yaml\nkind: ConfigMap\n# kept\n";
        let out: serde_json::Value =
            serde_json::from_str(&post_render(&message(stream)).unwrap()).unwrap();
        assert_eq!(out, serde_json::json!({ "manifests": stream }));
    }

    #[test]
    fn todays_helm_input_is_refused_naming_the_issue() {
        let err = post_render(br#"{"manifests":{},"extraArgs":[]}"#).unwrap_err();
        assert!(err.starts_with("aac post-render: Helm passed \"manifests\" as {}"));
        assert!(err.contains(HELM_ISSUE), "{err}");
    }

    #[test]
    fn bad_messages_and_arguments_are_errors() {
        for (input, needle) in [
            (&b"\xff"[..], "not UTF-8"),
            (b"[]", "not Helm's postrenderer/v1 message"),
            (b"{}", "has no \"manifests\""),
            (
                br#"{"manifests":"","extraArgs":["--nope"]}"#,
                "unexpected argument \"--nope\"",
            ),
            (
                br#"{"manifests":"","extraArgs":["--helm"]}"#,
                "needs a value",
            ),
            (
                br#"{"manifests":"","extraArgs":["--helm=5"]}"#,
                "--helm must be 3 or 4, got \"5\"",
            ),
        ] {
            let err = post_render(input).unwrap_err();
            assert!(err.contains(needle), "{err}");
            assert!(err.starts_with("aac post-render: "), "{err}");
        }
        assert!(post_render(br#"{"manifests":"","extraArgs":["--helm","3"]}"#).is_ok());
        assert!(post_render(br#"{"manifests":"","extraArgs":null}"#).is_ok());
    }

    #[test]
    fn every_error_of_aac_post_render_is_reported() {
        let request = "apiVersion: render.ai-agent-connector.io/v1\nkind: RenderRequest\n";
        let stream = format!("---\n{request}---\n{request}");
        let err = post_render(&message(&stream)).unwrap_err();
        let answer: serde_json::Value = serde_json::from_str(&aac_wasm::handle(
            &serde_json::json!({"command": "post-render", "manifests": stream}).to_string(),
        ))
        .unwrap();
        let texts: Vec<String> = answer["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["text"].as_str().unwrap().to_string())
            .collect();
        assert!(texts.len() >= 2, "{answer}");
        assert_eq!(err, report(&texts));
        assert!(err.starts_with(&format!("aac post-render: {} errors:\n- ", texts.len())));
    }

    #[test]
    fn oversized_streams_are_refused() {
        let err = post_render(&message(&"#".repeat(MAX_STREAM_BYTES + 1))).unwrap_err();
        assert!(err.contains("over 16 MiB"), "{err}");
    }
}
