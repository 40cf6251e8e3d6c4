//! The other objects: ServiceAccount, Secret, ConfigMap, PodDisruptionBudget,
//! HorizontalPodAutoscaler and ServiceMonitor.

use super::*;

pub(super) fn service_monitor(ctx: &Ctx) -> Node {
    let metadata = Node::map([
        ("name", Node::Plain(ctx.fullname.clone())),
        ("namespace", Node::Plain(ctx.release.namespace.clone())),
        (
            "labels",
            splice_map(ctx.labels(), 4, ctx.v("metrics.serviceMonitor.labels")),
        ),
    ]);
    object(
        "monitoring.coreos.com/v1",
        "ServiceMonitor",
        metadata,
        vec![(
            "spec",
            Node::map([
                (
                    "selector",
                    Node::map([("matchLabels", Node::Map(ctx.selector_labels()))]),
                ),
                (
                    "namespaceSelector",
                    Node::map([(
                        "matchNames",
                        Node::Seq(vec![Node::Plain(ctx.release.namespace.clone())]),
                    )]),
                ),
                (
                    "endpoints",
                    Node::Seq(vec![Node::map([
                        ("port", Node::plain("http")),
                        ("path", ctx.print("metrics.path")),
                        ("interval", ctx.print("metrics.serviceMonitor.interval")),
                        (
                            "scrapeTimeout",
                            ctx.print("metrics.serviceMonitor.scrapeTimeout"),
                        ),
                    ])]),
                ),
            ]),
        )],
    )
}

pub(super) fn pdb(ctx: &Ctx) -> Node {
    let budget = if !ctx.v("podDisruptionBudget.maxUnavailable").is_null() {
        (
            "maxUnavailable",
            ctx.print("podDisruptionBudget.maxUnavailable"),
        )
    } else {
        (
            "minAvailable",
            ctx.print("podDisruptionBudget.minAvailable"),
        )
    };
    let mut spec = vec![budget];
    if ctx.on("podDisruptionBudget.unhealthyPodEvictionPolicy") {
        spec.push((
            "unhealthyPodEvictionPolicy",
            ctx.print("podDisruptionBudget.unhealthyPodEvictionPolicy"),
        ));
    }
    spec.push((
        "selector",
        Node::map([("matchLabels", Node::Map(ctx.selector_labels()))]),
    ));
    object(
        "policy/v1",
        "PodDisruptionBudget",
        ctx.metadata(ctx.fullname.clone()),
        vec![("spec", Node::map(spec))],
    )
}

pub(super) fn service_account(ctx: &Ctx) -> Node {
    object(
        "v1",
        "ServiceAccount",
        ctx.metadata_annotated(ctx.service_account_name(), "serviceAccount.annotations"),
        vec![(
            "automountServiceAccountToken",
            ctx.print("serviceAccount.automount"),
        )],
    )
}

/// `data` of the ConfigMap or Secret: each value through `toString`.
fn string_data(v: &Value, encode: impl Fn(String) -> String) -> Node {
    match v.as_map() {
        // `{{ $key | quote }}: {{ $value | ... | quote }}`, in Go's sorted key order.
        Some(map) if !map.is_empty() => {
            let mut text = String::new();
            let mut entries = Vec::with_capacity(map.len());
            for (key, value) in map {
                let value = encode(value.go_string());
                text.push_str("\n  ");
                text.push_str(&crate::go::strconv::go_quote(key));
                text.push_str(": ");
                text.push_str(&crate::go::strconv::go_quote(&value));
                entries.push((key.clone(), Node::Str(value)));
            }
            text.push('\n');
            Node::Raw {
                node: Box::new(Node::Map(entries)),
                text,
            }
        }
        // `data:` and a range over nothing: the key alone.
        _ => Node::plain(""),
    }
}

pub(super) fn secret(ctx: &Ctx) -> Node {
    use base64::Engine as _;
    object(
        "v1",
        "Secret",
        ctx.metadata(ctx.fullname.clone()),
        vec![
            ("type", Node::plain("Opaque")),
            (
                "data",
                string_data(ctx.v("secrets.data"), |s| {
                    base64::engine::general_purpose::STANDARD.encode(s)
                }),
            ),
        ],
    )
}

pub(super) fn config_map(ctx: &Ctx) -> Node {
    object(
        "v1",
        "ConfigMap",
        ctx.metadata(ctx.fullname.clone()),
        vec![("data", string_data(ctx.v("configmap.data"), |s| s))],
    )
}

pub(super) fn hpa(ctx: &Ctx) -> Node {
    let metric = |resource: &str, key: &str| {
        Node::map([
            ("type", Node::plain("Resource")),
            (
                "resource",
                Node::map([
                    ("name", Node::plain(resource)),
                    (
                        "target",
                        Node::map([
                            ("type", Node::plain("Utilization")),
                            ("averageUtilization", ctx.print(key)),
                        ]),
                    ),
                ]),
            ),
        ])
    };
    let mut metrics = Vec::new();
    if ctx.on("autoscaling.targetCPUUtilizationPercentage") {
        metrics.push(metric("cpu", "autoscaling.targetCPUUtilizationPercentage"));
    }
    if ctx.on("autoscaling.targetMemoryUtilizationPercentage") {
        metrics.push(metric(
            "memory",
            "autoscaling.targetMemoryUtilizationPercentage",
        ));
    }
    let mut spec = vec![
        (
            "scaleTargetRef",
            Node::map([
                ("apiVersion", Node::plain("apps/v1")),
                ("kind", Node::plain("Deployment")),
                ("name", Node::Plain(ctx.fullname.clone())),
            ]),
        ),
        ("minReplicas", ctx.print("autoscaling.minReplicas")),
        ("maxReplicas", ctx.print("autoscaling.maxReplicas")),
        (
            "metrics",
            if metrics.is_empty() {
                Node::plain("")
            } else {
                Node::Seq(metrics)
            },
        ),
    ];
    if ctx.on("autoscaling.behavior") {
        spec.push((
            "behavior",
            Node::yaml_block(ctx.v("autoscaling.behavior"), 4),
        ));
    }
    object(
        "autoscaling/v2",
        "HorizontalPodAutoscaler",
        ctx.metadata(ctx.fullname.clone()),
        vec![("spec", Node::map(spec))],
    )
}
