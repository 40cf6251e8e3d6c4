//! The Deployment: the pod template, its containers and probes.

use super::*;

fn probe(ctx: &Ctx, name: &str) -> Option<Node> {
    let probe = field(ctx.v(key!("healthCheck")), name);
    if !truthy(probe) || !truthy(field(probe, "enabled")) {
        return None;
    }
    let printed = |f: &str| (f.to_string(), Node::printed(field(probe, f)));
    Some(Node::Map(vec![
        (
            "httpGet".into(),
            Node::map([
                ("path", Node::printed(field(probe, "path"))),
                ("port", ctx.print(key!("containerPort"))),
                ("scheme", Node::plain("HTTP")),
            ]),
        ),
        printed("initialDelaySeconds"),
        printed("periodSeconds"),
        printed("timeoutSeconds"),
        printed("failureThreshold"),
        printed("successThreshold"),
    ]))
}

/// `NAME:` and the value's YAML at indentation `n`, for each `(NAME, KEY)`
/// whose value is set (`{{- if .Values.KEY }}`), in order.
fn set_blocks(ctx: &Ctx, n: usize, keys: &[(&str, Key)]) -> Vec<(String, Node)> {
    keys.iter()
        .filter(|(_, key)| ctx.on(*key))
        .map(|&(name, key)| (name.into(), Node::yaml_block(ctx.v(key), n)))
        .collect()
}

pub(super) fn deployment(ctx: &Ctx) -> Node {
    let read_only_root = ctx.on(key!("securityContext.readOnlyRootFilesystem"));
    let secret_name = ctx.secret_name();

    let mut annotations = Vec::new();
    if ctx.on(key!("configmap.enabled")) {
        let json = to_json(ctx.v(key!("configmap.data"))).unwrap_or_default();
        annotations.push((
            "checksum/config".to_string(),
            Node::Plain(sha256_hex(&json)),
        ));
    }
    if ctx.on(key!("secrets.create")) {
        let json = to_json(ctx.v(key!("secrets.data"))).unwrap_or_default();
        annotations.push((
            "checksum/secret".to_string(),
            Node::Plain(sha256_hex(&json)),
        ));
    }
    let annotations = splice_map(annotations, 8, ctx.v(key!("podAnnotations")));
    let pod_labels = ctx.labels_at(8, Some(key!("podLabels")));

    let mut container: Vec<(String, Node)> = vec![
        ("name".into(), Node::Plain(ctx.chart.name.clone())),
        ("image".into(), Node::quoted(ctx.image())),
        (
            "imagePullPolicy".into(),
            ctx.print(key!("image.pullPolicy")),
        ),
    ];
    container.extend(set_blocks(
        ctx,
        12,
        &[("command", key!("command")), ("args", key!("args"))],
    ));
    let http = Node::map([
        ("name", Node::plain("http")),
        ("containerPort", ctx.print(key!("containerPort"))),
        ("protocol", Node::plain("TCP")),
    ]);
    container.push((
        "ports".into(),
        splice_seq(vec![http], 12, ctx.v(key!("extraContainerPorts"))),
    ));
    {
        let env = vec![Node::map([
            ("name", Node::plain("PORT")),
            (
                "value",
                Node::quoted(ctx.v(key!("containerPort")).go_string()),
            ),
        ])];
        container.push(("env".into(), splice_seq(env, 12, ctx.v(key!("env")))));
    }
    if ctx.on(key!("configmap.enabled")) || secret_name.is_some() || ctx.on(key!("extraEnvFrom")) {
        let mut env_from = Vec::new();
        if ctx.on(key!("configmap.enabled")) {
            env_from.push(Node::map([(
                "configMapRef",
                Node::map([("name", Node::Plain(ctx.fullname.clone()))]),
            )]));
        }
        if let Some(secret) = &secret_name {
            env_from.push(Node::map([(
                "secretRef",
                Node::map([("name", Node::Plain(secret.clone()))]),
            )]));
        }
        container.push((
            "envFrom".into(),
            splice_seq(env_from, 12, ctx.v(key!("extraEnvFrom"))),
        ));
    }
    for name in ["startupProbe", "livenessProbe", "readinessProbe"] {
        if let Some(p) = probe(ctx, name) {
            container.push((name.into(), p));
        }
    }
    container.extend(set_blocks(
        ctx,
        12,
        &[
            ("lifecycle", key!("lifecycle")),
            ("resources", key!("resources")),
            ("securityContext", key!("securityContext")),
        ],
    ));
    if read_only_root || ctx.on(key!("extraVolumeMounts")) {
        let mut mounts = Vec::new();
        if read_only_root {
            mounts.push(Node::map([
                ("name", Node::plain("tmp")),
                ("mountPath", Node::plain("/tmp")),
            ]));
        }
        container.push((
            "volumeMounts".into(),
            splice_seq(mounts, 12, ctx.v(key!("extraVolumeMounts"))),
        ));
    }

    let mut pod: Vec<(String, Node)> = Vec::new();
    let pod_blocks = |keys: &[(&str, Key)]| set_blocks(ctx, 8, keys);
    if let Some(secrets) = ctx.image_pull_secrets(8) {
        pod.push(("imagePullSecrets".into(), secrets));
    }
    pod.push((
        "serviceAccountName".into(),
        Node::Plain(ctx.service_account_name()),
    ));
    pod.push((
        "automountServiceAccountToken".into(),
        ctx.print(key!("serviceAccount.automount")),
    ));
    pod.extend(pod_blocks(&[(
        "securityContext",
        key!("podSecurityContext"),
    )]));
    for (name, key) in [
        ("priorityClassName", key!("priorityClassName")),
        ("runtimeClassName", key!("runtimeClassName")),
    ] {
        if ctx.on(key) {
            pod.push((name.into(), ctx.print(key)));
        }
    }
    pod.extend(pod_blocks(&[
        ("hostAliases", key!("hostAliases")),
        ("dnsConfig", key!("dnsConfig")),
    ]));
    pod.push((
        "terminationGracePeriodSeconds".into(),
        ctx.print(key!("terminationGracePeriodSeconds")),
    ));
    pod.extend(pod_blocks(&[("initContainers", key!("initContainers"))]));
    pod.push((
        "containers".into(),
        splice_seq(vec![Node::Map(container)], 8, ctx.v(key!("sidecars"))),
    ));
    if read_only_root || ctx.on(key!("extraVolumes")) {
        let mut volumes = Vec::new();
        if read_only_root {
            volumes.push(Node::map([
                ("name", Node::plain("tmp")),
                ("emptyDir", Node::Map(vec![])),
            ]));
        }
        pod.push((
            "volumes".into(),
            splice_seq(volumes, 8, ctx.v(key!("extraVolumes"))),
        ));
    }
    pod.extend(pod_blocks(&[
        ("nodeSelector", key!("nodeSelector")),
        ("affinity", key!("affinity")),
        ("tolerations", key!("tolerations")),
    ]));
    if let Value::Seq(constraints) = ctx.v(key!("topologySpreadConstraints"))
        && !constraints.is_empty()
    {
        let merged: Vec<Value> = constraints
            .iter()
            .map(|c| spread_constraint(ctx, c))
            .collect();
        let mut text = String::new();
        for c in &merged {
            text.push_str("\n        - ");
            text.push_str(crate::yaml::emit::indent(10, &crate::yaml::emit::to_yaml(c)).trim());
        }
        text.push('\n');
        pod.push((
            "topologySpreadConstraints".into(),
            Node::Raw {
                node: Box::new(Node::Seq(merged.iter().map(Node::to_yaml).collect())),
                text,
            },
        ));
    }

    let mut spec = Vec::new();
    if !ctx.on(key!("autoscaling.enabled")) {
        spec.push(("replicas", ctx.print(key!("replicaCount"))));
    }
    spec.push((
        "revisionHistoryLimit",
        ctx.print(key!("revisionHistoryLimit")),
    ));
    if ctx.on(key!("minReadySeconds")) {
        spec.push(("minReadySeconds", ctx.print(key!("minReadySeconds"))));
    }
    if ctx.on(key!("strategy")) {
        spec.push(("strategy", Node::yaml_block(ctx.v(key!("strategy")), 4)));
    }
    spec.push((
        "selector",
        Node::map([("matchLabels", Node::Map(ctx.selector_labels()))]),
    ));
    spec.push((
        "template",
        Node::map([
            (
                "metadata",
                Node::map([("annotations", annotations), ("labels", pod_labels)]),
            ),
            ("spec", Node::Map(pod)),
        ]),
    ));
    let mut metadata = ctx.metadata(ctx.fullname.clone());
    let skips = if ctx.on(key!("checkovSkipAnnotations")) {
        checkov_skips(ctx, secret_name.is_some())
    } else {
        Vec::new()
    };
    let common = ctx.v(key!("commonAnnotations"));
    if let Node::Map(entries) = &mut metadata
        && !skips.is_empty()
    {
        // `{{- . | nindent 4 }}` of the checkov helper's lines (trimmed), then
        // of `ai-agent-connector.annotations` (commonAnnotations).
        let helper = skips
            .iter()
            .map(|(key, value)| match value {
                Node::Plain(v) => format!("{key}: {v}"),
                _ => format!("{key}: "),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut text = crate::yaml::emit::nindent(4, &helper);
        let mut object = skips;
        if truthy(common) {
            text.push_str(&crate::yaml::emit::nindent(
                4,
                &crate::yaml::emit::to_yaml(common),
            ));
            if let Node::Map(more) = Node::to_yaml(common) {
                object.extend(more);
            }
        }
        text.push('\n');
        // The metadata's annotations, if any, are commonAnnotations alone.
        entries.retain(|(k, _)| k != "annotations");
        entries.push((
            "annotations".into(),
            Node::Raw {
                node: Box::new(Node::Map(object)),
                text,
            },
        ));
    }
    object(
        "apps/v1",
        "Deployment",
        metadata,
        vec![("spec", Node::map(spec))],
    )
}

/// `ai-agent-connector.checkovSkips`: checkov checks that cannot apply, with why.
fn checkov_skips(ctx: &Ctx, has_secret: bool) -> Vec<(String, Node)> {
    let mut skips = Vec::new();
    if !ctx.on(key!("image.digest")) {
        skips.push((
            "checkov.io/skip1".to_string(),
            Node::plain(
                "CKV_K8S_43=The image is pinned by tag; set image.digest to pin it by digest",
            ),
        ));
    }
    if has_secret {
        skips.push((
            "checkov.io/skip2".to_string(),
            Node::plain(
                "CKV_K8S_35=The application reads SECRET_KEY and ENCRYPTION_KEY from environment variables",
            ),
        ));
    }
    if !ctx.on(key!("networkPolicy.enabled")) {
        skips.push((
            "checkov.io/skip3".to_string(),
            Node::plain("CKV2_K8S_6=NetworkPolicy is opt-in (networkPolicy.enabled)"),
        ));
    }
    skips
}

/// A spread constraint without a `labelSelector` gets the release's pods'.
fn spread_constraint(ctx: &Ctx, constraint: &Value) -> Value {
    match constraint {
        Value::Map(map) if !map.contains_key("labelSelector") => {
            // The template builds the selector with `fromYaml` of the printed
            // labels, so it is read back the way Helm reads YAML.
            let labels = if crate::node::reads_back_as_string(&ctx.name)
                && crate::node::reads_back_as_string(&ctx.release.name)
            {
                Value::Map(std::collections::BTreeMap::from([
                    (
                        "app.kubernetes.io/name".to_string(),
                        Value::String(ctx.name.clone()),
                    ),
                    (
                        "app.kubernetes.io/instance".to_string(),
                        Value::String(ctx.release.name.clone()),
                    ),
                ]))
            } else {
                let printed = format!(
                    "app.kubernetes.io/name: {}\napp.kubernetes.io/instance: {}\n",
                    ctx.name, ctx.release.name
                );
                crate::helm::values_file::parse_values("selectorLabels", &printed)
                    .map(|loaded| loaded.value)
                    .unwrap_or_default()
            };
            let mut merged = map.clone();
            let mut selector = std::collections::BTreeMap::new();
            selector.insert("matchLabels".to_string(), labels);
            merged.insert("labelSelector".into(), Value::Map(selector));
            Value::Map(merged)
        }
        other => other.clone(),
    }
}
