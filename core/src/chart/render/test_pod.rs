//! The `helm test` pod.

use super::*;

pub(super) fn test_pod(ctx: &Ctx) -> (String, Node) {
    let name = format!("{}-test", trunc_56(&ctx.fullname));
    let mut meta = Node::map([
        ("name", Node::Plain(name.clone())),
        ("namespace", Node::Plain(ctx.release.namespace.clone())),
        ("labels", ctx.test_labels_at(4)),
    ]);
    if let Node::Map(entries) = &mut meta {
        let mut annotations = vec![
            ("helm.sh/hook", Node::plain("test")),
            (
                "helm.sh/hook-delete-policy",
                Node::plain("before-hook-creation,hook-succeeded"),
            ),
        ];
        let skips = [
            (
                "checkov.io/skip1",
                Node::plain("CKV_K8S_8=A run-once test pod needs no liveness probe"),
            ),
            (
                "checkov.io/skip2",
                Node::plain("CKV_K8S_9=A run-once test pod needs no readiness probe"),
            ),
            (
                "checkov.io/skip3",
                Node::plain("CKV_K8S_43=The test image is pinned by tag (tests.image.tag)"),
            ),
            (
                "checkov.io/skip4",
                Node::plain(
                    "CKV2_K8S_6=The run-once test pod is a client of the Service, outside the chart's NetworkPolicy",
                ),
            ),
        ];
        if ctx.on(key!("checkovSkipAnnotations")) {
            annotations.extend(skips);
        }
        entries.push((
            "annotations".into(),
            splice_maps(
                annotations
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect(),
                4,
                &[ctx.v(key!("commonAnnotations"))],
            ),
        ));
    }
    let url = format!(
        "http://{}:{}{}",
        ctx.fullname,
        template_print(ctx.v(key!("service.port"))),
        template_print(ctx.v(key!("healthCheck.readinessProbe.path")))
    );
    let mut spec = vec![
        ("restartPolicy", Node::plain("Never")),
        ("automountServiceAccountToken", Node::Bool(false)),
    ];
    if let Some(secrets) = ctx.image_pull_secrets(4) {
        spec.push(("imagePullSecrets", secrets));
    }
    for (name, key) in [
        ("nodeSelector", key!("nodeSelector")),
        ("tolerations", key!("tolerations")),
    ] {
        if ctx.on(key) {
            spec.push((name, Node::yaml_block(ctx.v(key), 4)));
        }
    }
    let node = object(
        "v1",
        "Pod",
        meta,
        vec![(
            "spec",
            Node::map(spec.into_iter().chain([
                (
                    "securityContext",
                    Node::map([
                        ("runAsNonRoot", Node::Bool(true)),
                        ("runAsUser", Node::Int(10001)),
                        ("runAsGroup", Node::Int(10001)),
                        (
                            "seccompProfile",
                            Node::map([("type", Node::plain("RuntimeDefault"))]),
                        ),
                    ]),
                ),
                (
                    "containers",
                    Node::Seq(vec![Node::map([
                        ("name", Node::plain("health")),
                        (
                            "image",
                            Node::in_quotes(format!(
                                "{}{}:{}",
                                ctx.registry_prefix(None),
                                template_print(ctx.v(key!("tests.image.repository"))),
                                template_print(ctx.v(key!("tests.image.tag")))
                            )),
                        ),
                        ("imagePullPolicy", ctx.print(key!("tests.image.pullPolicy"))),
                        ("command", Node::Seq(vec![Node::plain("wget")])),
                        (
                            "args",
                            Node::Seq(vec![
                                Node::plain("--quiet"),
                                Node::plain("--spider"),
                                Node::plain("--timeout=10"),
                                Node::Plain(url),
                            ]),
                        ),
                        (
                            "resources",
                            Node::map([
                                (
                                    "limits",
                                    Node::map([
                                        ("cpu", Node::plain("100m")),
                                        ("memory", Node::plain("64Mi")),
                                    ]),
                                ),
                                (
                                    "requests",
                                    Node::map([
                                        ("cpu", Node::plain("10m")),
                                        ("memory", Node::plain("16Mi")),
                                    ]),
                                ),
                            ]),
                        ),
                        (
                            "securityContext",
                            Node::map([
                                ("allowPrivilegeEscalation", Node::Bool(false)),
                                (
                                    "capabilities",
                                    Node::map([("drop", Node::Seq(vec![Node::plain("ALL")]))]),
                                ),
                                ("privileged", Node::Bool(false)),
                                ("readOnlyRootFilesystem", Node::Bool(true)),
                            ]),
                        ),
                    ])]),
                ),
            ])),
        )],
    );
    (name, node)
}
