//! The hostile inputs of issue 6, built in one place: `tests/tests/hostile.rs`
//! checks each through the core and through `aac render` / `aac post-render`,
//! and `scripts/hostile-table.sh` writes them to files (the `hostile-inputs`
//! binary) and measures every tool on them for `docs/hostile-input.md`.
//!
//! Each [`Case`] has a values file for `aac render -f` (and `helm template -f`),
//! a Helm manifest stream for `aac post-render`, or both, and what every tool
//! must answer.

use base64::Engine as _;
use serde_json::{Map, Value as Json, json};

/// A secret that the secret cases put in their values; no message may show it.
pub const SECRET: &str = "s3cr3t-Hunter2-never-shown";

/// What a tool must do with a case.
#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    /// Refused: non-zero exit, nothing on stdout, this on stderr.
    Refused(&'static str),
    /// Rendered, with a warning that contains this.
    RenderedWithWarning(&'static str),
    /// Not a case for this tool.
    NotApplicable,
}

/// One hostile input.
#[derive(Clone, Debug)]
pub struct Case {
    /// File-name-safe identifier, e.g. `alias-bomb`.
    pub name: &'static str,
    /// What it is, for the table.
    pub what: &'static str,
    /// The values file for `aac render -f` and `helm template -f`.
    pub values: Option<Vec<u8>>,
    /// What `aac render` (and the core's `render`) must answer.
    pub render: Expect,
    /// The manifest stream for `aac post-render`.
    pub stream: Option<Vec<u8>>,
    /// What `aac post-render` (and the core's `post_render`) must answer.
    pub post_render: Expect,
}

/// Writes every case to `dir`: `<name>.values.yaml` (the values file, when the
/// case has one), `<name>.stream.yaml` (the post-renderer's stdin, when it has
/// one), and one line per case in `cases.tsv`: name, what, then what `aac
/// render` and `aac post-render` must answer (`refused:TEXT`, `warns:TEXT` or
/// `-`). `scripts/hostile-table.sh` and `web/tests/hostile.mjs` read them.
pub fn write_inputs(dir: &std::path::Path) -> std::io::Result<()> {
    use std::io::Write as _;
    std::fs::create_dir_all(dir)?;
    let mut index = std::io::BufWriter::new(std::fs::File::create(dir.join("cases.tsv"))?);
    let expect = |e: &Expect| match e {
        Expect::Refused(text) => format!("refused:{text}"),
        Expect::RenderedWithWarning(text) => format!("warns:{text}"),
        Expect::NotApplicable => "-".to_string(),
    };
    for case in cases() {
        if let Some(values) = &case.values {
            std::fs::write(dir.join(format!("{}.values.yaml", case.name)), values)?;
        }
        if let Some(stream) = &case.stream {
            std::fs::write(dir.join(format!("{}.stream.yaml", case.name)), stream)?;
        }
        writeln!(
            index,
            "{}\t{}\t{}\t{}",
            case.name,
            case.what,
            expect(&case.render),
            expect(&case.post_render)
        )?;
    }
    index.flush()
}

/// A billion-laughs document: ten levels of nine aliases each (10^9 strings
/// when expanded), under `indent` spaces, each anchor named `{prefix}{i}`.
pub fn billion_laughs(prefix: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = format!(
        "{pad}{prefix}0: &{prefix}0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    );
    for i in 1..10 {
        let p = format!("*{prefix}{}", i - 1);
        let items = [p.as_str(); 9].join(",");
        out.push_str(&format!("{pad}{prefix}{i}: &{prefix}{i} [{items}]\n"));
    }
    out
}

/// Deterministic pseudo-random bytes (xorshift64), so every run sees the same
/// "random" input.
pub fn random_bytes(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The chart's default values as JSON: what Helm's `.Values | toJson` gives
/// when no values are set.
pub fn default_values_json() -> Json {
    to_json(&aac_core::chart::default_values().value)
}

fn to_json(v: &aac_core::Value) -> Json {
    use aac_core::Value as V;
    match v {
        V::Null => Json::Null,
        V::Bool(b) => Json::Bool(*b),
        V::Int(i) => json!(i),
        V::Float(f) => json!(f),
        V::String(s) => Json::String(s.clone()),
        V::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        V::Map(map) => Json::Object(map.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

/// The default values with `patch` deep-merged over them.
pub fn values_json(patch: Json) -> Vec<u8> {
    let mut values = default_values_json();
    merge(&mut values, patch);
    serde_json::to_vec(&values).expect("JSON")
}

fn merge(base: &mut Json, patch: Json) {
    match (base, patch) {
        (Json::Object(b), Json::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k).or_insert(Json::Null), v);
            }
        }
        (b, p) => *b = p,
    }
}

/// The RenderRequest document `templates/renderrequest.yaml` renders (Helm 3
/// form, with its `# Source:` line), carrying `encoded` as its values, with
/// `extra` lines appended to the document.
pub fn request_document(encoded: &str, extra: &str) -> String {
    let chart = aac_core::chart::chart();
    format!(
        "# Source: {name}/templates/renderrequest.yaml\n\
         apiVersion: render.ai-agent-connector.io/v1\n\
         kind: RenderRequest\n\
         metadata:\n  name: demo-ai-agent-connector\n  namespace: default\n\
         chart:\n  name: \"{name}\"\n  version: \"{version}\"\n  appVersion: \"{app}\"\n\
         release:\n  name: \"demo\"\n  namespace: \"default\"\n  revision: 1\n  \
         isInstall: true\n  isUpgrade: false\n  service: \"Helm\"\n\
         capabilities:\n  kubeVersion: \"v1.32.0\"\n\
         values: {encoded}\n{extra}",
        name = chart.name,
        version = chart.version,
        app = chart.app_version,
    )
}

/// A Helm 3 post-renderer stream: a ServiceAccount of another template, then
/// the RenderRequest carrying `values_json` (base64, as `b64enc` writes it).
pub fn request_stream(values_json: &[u8], extra: &str) -> Vec<u8> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(values_json);
    stream_with(&request_document(&encoded, extra))
}

fn stream_with(request: &str) -> Vec<u8> {
    format!(
        "---\n# Source: other/templates/serviceaccount.yaml\napiVersion: v1\nkind: ServiceAccount\n\
         metadata:\n  name: other\n---\n{request}"
    )
    .into_bytes()
}

/// `depth` nested JSON arrays around `1`.
fn nested_json_arrays(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

/// An alias bomb in a values file (`values`) and in lines appended to a
/// RenderRequest with empty values (`request_lines`): both tools refuse it.
fn alias_bomb(
    name: &'static str,
    what: &'static str,
    values: String,
    request_lines: String,
) -> Case {
    Case {
        name,
        what,
        values: Some(values.into_bytes()),
        render: Expect::Refused("excessive aliasing"),
        stream: Some(stream_with(&request_document("e30=", &request_lines))),
        post_render: Expect::Refused("excessive aliasing"),
    }
}

/// Every hostile input, in the table's order.
pub fn cases() -> Vec<Case> {
    const DEPTH: usize = 200_000;
    let big_string = "x".repeat(2 * 1024 * 1024);
    let mut cases = vec![
        alias_bomb(
            "alias-bomb",
            "alias bomb (billion laughs: 10^9 strings when expanded) at the top level",
            billion_laughs("lol", 0),
            format!("bomb:\n{}", billion_laughs("lol", 2)),
        ),
        alias_bomb(
            "alias-bomb-affinity",
            "alias bomb inside a free-form Kubernetes subtree (affinity)",
            format!("affinity:\n  nodeAffinity:\n{}", billion_laughs("a", 4)),
            format!("metadata2:\n  labels:\n{}", billion_laughs("m", 4)),
        ),
        Case {
            name: "alias-amplification",
            what: "anchors reused within go-yaml's alias ratio, expanding to 1,000,000 \
                   entries under tolerations",
            values: Some(alias_amplification().into_bytes()),
            render: Expect::Refused("excessive aliasing"),
            stream: None,
            post_render: Expect::NotApplicable,
        },
        Case {
            name: "nesting-flow",
            what: "200,000 nested flow sequences `[[[...]]]` (values) / JSON arrays (RenderRequest)",
            values: Some(format!("affinity: {}\n", nested_json_arrays(DEPTH)).into_bytes()),
            render: Expect::Refused("nested more than 1000 levels deep"),
            stream: Some(request_stream(
                format!("{{\"affinity\":{}}}", nested_json_arrays(DEPTH)).as_bytes(),
                "",
            )),
            post_render: Expect::Refused("nested more than 1000 levels deep"),
        },
        Case {
            name: "nesting-block",
            what: "200,000 nested block sequences `- - - ...` (values and the RenderRequest document)",
            values: Some(format!("affinity:\n  {}x\n", "- ".repeat(DEPTH)).into_bytes()),
            render: Expect::Refused("nested more than 1000 levels deep"),
            stream: Some(stream_with(&request_document(
                "e30=",
                &format!("deep:\n  {}x\n", "- ".repeat(DEPTH)),
            ))),
            post_render: Expect::Refused("nested more than 1000 levels deep"),
        },
        Case {
            name: "nesting-flow-map",
            what: "200,000 nested flow mappings `{a: {a: ...}}`",
            values: Some(
                format!("affinity: {}1{}\n", "{a: ".repeat(DEPTH), "}".repeat(DEPTH)).into_bytes(),
            ),
            render: Expect::Refused("nested more than 1000 levels deep"),
            stream: Some(request_stream(
                format!(
                    "{{\"affinity\":{}1{}}}",
                    "{\"a\":".repeat(DEPTH),
                    "}".repeat(DEPTH)
                )
                .as_bytes(),
                "",
            )),
            post_render: Expect::Refused("nested more than 1000 levels deep"),
        },
        Case {
            name: "invalid-utf8",
            what: "invalid UTF-8 (bytes FF FE) in a value",
            values: Some(b"image:\n  tag: \"1.0\xff\xfe\"\n".to_vec()),
            render: Expect::Refused("invalid leading UTF-8 octet"),
            stream: Some({
                let mut s = stream_with("");
                s.extend_from_slice(b"# \xff\xfe\n");
                s
            }),
            post_render: Expect::Refused("not UTF-8"),
        },
        Case {
            name: "invalid-utf8-in-request",
            what: "invalid UTF-8 inside the RenderRequest's base64 values",
            values: None,
            render: Expect::NotApplicable,
            stream: Some(request_stream(b"{\"image\":{\"tag\":\"\xff\xfe\"}}", "")),
            post_render: Expect::Refused("is not UTF-8"),
        },
        Case {
            name: "nul-bytes",
            what: "NUL bytes in a value",
            values: Some(b"configmap:\n  data:\n    A: \"a\x00b\"\n".to_vec()),
            render: Expect::Refused("control characters are not allowed"),
            stream: Some(stream_with(&request_document("e30=", "nul: \"a\u{0}b\"\n"))),
            post_render: Expect::Refused("control characters are not allowed"),
        },
        Case {
            name: "huge-60mb",
            what: "a 60 MB values file (60,000 ConfigMap keys of 1 KB) / RenderRequest carrying \
                   60 MB of values",
            values: Some(huge_values(60_000_000).into_bytes()),
            render: Expect::Refused("values over 4.0 MiB are refused"),
            stream: Some(request_stream(&huge_values_json(60_000_000), "")),
            post_render: Expect::Refused("values over 4.0 MiB are refused"),
        },
        Case {
            name: "random-bytes",
            what: "1 MiB of random bytes",
            values: Some(random_bytes(1 << 20, 0x9E37_79B9_7F4A_7C15)),
            render: Expect::Refused("UTF-8"),
            stream: Some(random_bytes(1 << 20, 0x9E37_79B9_7F4A_7C15)),
            post_render: Expect::Refused("not UTF-8"),
        },
        Case {
            name: "corrupt-base64",
            what: "a RenderRequest whose values are not base64",
            values: None,
            render: Expect::NotApplicable,
            stream: Some(stream_with(&request_document("eyJh!!!not-base64", ""))),
            post_render: Expect::Refused("is not base64"),
        },
        Case {
            name: "corrupt-json",
            what: "a RenderRequest whose values are base64 of broken JSON",
            values: None,
            render: Expect::NotApplicable,
            stream: Some(request_stream(b"{\"replicaCount\": 1,, }", "")),
            post_render: Expect::Refused("is not a JSON object"),
        },
        Case {
            name: "object-over-1mib",
            what: "a ConfigMap over 1 MiB (one 2 MiB configmap.data value)",
            values: Some(format!("configmap:\n  data:\n    BIG: {big_string}\n").into_bytes()),
            render: Expect::Refused("Kubernetes refuses objects over 1.0 MiB"),
            stream: Some(request_stream(
                &values_json(json!({"configmap": {"data": {"BIG": big_string}}})),
                "",
            )),
            post_render: Expect::Refused("Kubernetes refuses objects over 1.0 MiB"),
        },
        Case {
            name: "annotations-over-256kib",
            what: "pod annotations over Kubernetes' 256 KiB limit (one 300 KB annotation)",
            values: Some(
                format!("podAnnotations:\n  note: {}\n", "n".repeat(300_000)).into_bytes(),
            ),
            render: Expect::Refused("Kubernetes refuses annotations over 256.0 KiB"),
            stream: Some(request_stream(
                &values_json(json!({"podAnnotations": {"note": "n".repeat(300_000)}})),
                "",
            )),
            post_render: Expect::Refused("Kubernetes refuses annotations over 256.0 KiB"),
        },
        Case {
            name: "duplicate-keys",
            what: "duplicate keys (configmap.data.LOG_LEVEL twice): Helm keeps the last",
            values: Some(
                b"configmap:\n  data:\n    LOG_LEVEL: INFO\n    LOG_LEVEL: DEBUG\n".to_vec(),
            ),
            render: Expect::RenderedWithWarning("configmap.data.LOG_LEVEL: duplicate key"),
            stream: None,
            post_render: Expect::NotApplicable,
        },
        Case {
            name: "secret-in-bad-values",
            what: "invalid secret values (a list, a string tagged !!int); the secret never \
                   appears in a message",
            values: Some(
                format!(
                    "secrets:\n  create: true\n  data:\n    TOKEN: [{SECRET}]\n    \
                     KEY: !!int {SECRET}\n"
                )
                .into_bytes(),
            ),
            render: Expect::Refused("secrets.data"),
            stream: Some(request_stream(
                &values_json(json!({"secrets": {"create": true, "data": {"TOKEN": [SECRET]}}})),
                "",
            )),
            post_render: Expect::Refused("secrets.data.TOKEN"),
        },
    ];
    for case in &mut cases {
        if case.values.is_none() {
            case.render = Expect::NotApplicable;
        }
        if case.stream.is_none() {
            case.post_render = Expect::NotApplicable;
        }
    }
    cases
}

/// Anchors that go-yaml's alias-ratio check lets through one at a time: a
/// thousand entries, aliased a thousand times.
fn alias_amplification() -> String {
    let items: Vec<String> = (0..1000)
        .map(|i| format!("{{key: k{i}, operator: Exists}}"))
        .collect();
    let mut out = format!("base: &t [{}]\ntolerations:\n", items.join(", "));
    for _ in 0..1000 {
        out.push_str("  - *t\n");
    }
    out
}

/// A values file of about `size` bytes: ConfigMap keys of 1 KB each.
pub fn huge_values(size: usize) -> String {
    let mut out = String::with_capacity(size + 2048);
    out.push_str("configmap:\n  data:\n");
    let value = "x".repeat(1000);
    let mut i = 0;
    while out.len() < size {
        out.push_str(&format!("    K{i:06}: \"{value}\"\n"));
        i += 1;
    }
    out
}

/// Values JSON of about `size` bytes: the defaults and ConfigMap keys of 1 KB.
pub fn huge_values_json(size: usize) -> Vec<u8> {
    let mut data = Map::new();
    let value = "x".repeat(1000);
    let mut i = 0;
    while i * 1012 < size {
        data.insert(format!("K{i:06}"), Json::String(value.clone()));
        i += 1;
    }
    values_json(json!({"configmap": {"data": data}}))
}
