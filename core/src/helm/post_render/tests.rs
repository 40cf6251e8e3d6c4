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
        user,
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
        out.contains("# Source: umbrella/charts/ai-agent-connector/templates/deployment.yaml\n")
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
fn the_carried_kube_version_gates_newer_fields() {
    let overrides = "podSecurityContext:\n  seLinuxChangePolicy: MountOption\n";
    let values = values_with(overrides);
    let release = Release::template("rel", "ns");
    let body = |kube: &str| render_request(&values, &chart::chart(), &release, kube).to_document();
    // Kubernetes 1.31 has no seLinuxChangePolicy: refused with the version carried.
    let e = errors(&v3_stream(&body("v1.31.4")));
    assert_eq!(
        e,
        [
            "podSecurityContext.seLinuxChangePolicy: needs Kubernetes 1.32 or later (feature gate SELinuxChangePolicy), but the target is Kubernetes v1.31.4 (--kube-version, or the cluster's on install)"
        ],
    );
    // 1.32 has it; an empty version is Helm's default (4.1's v1.35.0 here).
    for kube in ["v1.32.0", ""] {
        assert!(
            post_render(&v3_stream(&body(kube)), None).is_ok(),
            "{kube:?}"
        );
    }
}

#[test]
fn show_only_matches_like_helm() {
    let stream = "---\n# Source: c/templates/a.yaml\nkind: A\n---\n# Source: c/templates/b.yaml\nkind: B\n---\n# Source: c/templates/tests/t.yaml\nkind: T\n";
    let one = |p: &str| show_only(stream, &[p.to_string()], HelmVersion::V4_1);
    assert_eq!(
        one("templates/a.yaml").unwrap().0,
        "---\n# Source: c/templates/a.yaml\nkind: A\n"
    );
    // Each pattern and the templates it shows.
    for (pattern, shown) in [
        (
            "templates/*.yaml",
            &["templates/a.yaml", "templates/b.yaml"][..],
        ),
        (
            "templates/[ab].yaml",
            &["templates/a.yaml", "templates/b.yaml"],
        ),
        ("templates/[^a].yaml", &["templates/b.yaml"]),
        (
            "templates/?.yaml",
            &["templates/a.yaml", "templates/b.yaml"],
        ),
        ("templates/tests/*", &["templates/tests/t.yaml"]),
    ] {
        let (out, paths) = one(pattern).unwrap();
        assert_eq!(Vec::from_iter(paths), shown, "{pattern}");
        assert_eq!(out.matches("---").count(), shown.len(), "{pattern}");
    }
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
    const INVALID: &str = "Invalid Semantic Version";
    let cases: [(&str, &str, &str); 12] = [
        ("", "", ""),
        ("1.23.0-", INVALID, ""),
        ("1.30.0+", INVALID, ""),
        (" 1.30.0", INVALID, ""),
        ("2", "", "illegal version string \"2\""),
        ("v2", "", "illegal version string \"v2\""),
        (
            "01.23.0",
            "",
            "illegal zero-prefixed version component \"01\" in \"01.23.0\"",
        ),
        ("1.30.0-01", "Version segment starts with 0", ""),
        ("1.30.0 junk", INVALID, ""),
        ("x1.30", INVALID, "could not parse \"x1.30\" as version"),
        ("1.x", INVALID, "illegal version string \"1.x\""),
        (
            "1.22.9+",
            INVALID,
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

/// Helm 4's filename annotation goes into a document `toYaml` wrote whole
/// (`extraObjects`) as it goes into the chart's own: last among the
/// annotations, or `annotations` last in `metadata`; every other line stays.
#[test]
fn the_filename_annotation_goes_into_a_whole_to_yaml_document() {
    let f = "c/templates/extra-objects.yaml";
    let cases = [
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    postrenderer.helm.sh/postrender-filename: c/templates/extra-objects.yaml\n",
        ),
        (
            "kind: Widget\nmetadata:\n  annotations: {}\n  name: w\nspec:\n  x: 1\n",
            "kind: Widget\nmetadata:\n  annotations:\n    postrenderer.helm.sh/postrender-filename: c/templates/extra-objects.yaml\n  name: w\nspec:\n  x: 1\n",
        ),
        (
            "metadata:\n  annotations:\n    note: |+\n      two\n\n  labels:\n    a: \"1\"\n  name: s\n",
            "metadata:\n  annotations:\n    note: |+\n      two\n\n    postrenderer.helm.sh/postrender-filename: c/templates/extra-objects.yaml\n  labels:\n    a: \"1\"\n  name: s\n",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(annotate_yaml_text(text, f).as_deref(), Some(want), "{text}");
    }
    assert_eq!(annotate_yaml_text("kind: X\nspec: {}\n", f), None);
}
