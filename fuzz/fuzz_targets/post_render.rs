//! The post-render stream rewriter, for both Helm versions and without one:
//! never panics; a stream that holds no RenderRequest comes back byte for
//! byte; an error result names at least one error.
//!
//! An input that starts with `{` is taken as the merged values JSON that a
//! RenderRequest carries (`typedValues`, base64 of the chart's typed values
//! JSON: ints without a fraction, floats with one) and wrapped in a
//! well-formed request inside a Helm 3 stream, so the fuzzer reaches the
//! rendering behind the request; any other input is the stream itself.
#![no_main]

use aac_core::HelmVersion;
use aac_core::helm::post_render::post_render;
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;

mod errors;

fuzz_target!(|data: &[u8]| {
    let stream = if data.first() == Some(&b'{') {
        request_stream(data)
    } else {
        String::from_utf8_lossy(data).into_owned()
    };
    for helm in [None, Some(HelmVersion::V3), Some(HelmVersion::V4)] {
        match post_render(&stream, helm) {
            Ok(out) => {
                if !stream.contains("RenderRequest") {
                    assert_eq!(
                        out, stream,
                        "a stream without a RenderRequest passes through"
                    );
                }
            }
            Err(list) => {
                assert!(
                    stream.contains("RenderRequest"),
                    "only a RenderRequest can fail: {list:?}"
                );
                errors::assert_explained(list.iter().map(|e| e.message.as_str()));
            }
        }
    }
});

fn request_stream(values_json: &[u8]) -> String {
    let chart = aac_core::chart::chart();
    let values = base64::engine::general_purpose::STANDARD.encode(values_json);
    format!(
        "---\n# Source: ai-agent-connector/templates/serviceaccount.yaml\n\
         apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: other\n\
         ---\n# Source: ai-agent-connector/templates/renderrequest.yaml\n\
         apiVersion: render.ai-agent-connector.io/v1\nkind: RenderRequest\n\
         metadata:\n  name: fuzz-ai-agent-connector\n  namespace: default\n\
         chart:\n  name: \"{}\"\n  version: \"{}\"\n  appVersion: \"{}\"\n\
         release:\n  name: \"fuzz\"\n  namespace: \"default\"\n  revision: 1\n\
         \x20 isInstall: true\n  isUpgrade: false\n  service: \"Helm\"\n\
         capabilities:\n  kubeVersion: \"v1.32.0\"\ntypedValues: {values}\n",
        chart.name, chart.version, chart.app_version
    )
}
