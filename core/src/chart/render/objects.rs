//! The other objects: ServiceAccount, Secret, ConfigMap, PodDisruptionBudget,
//! HorizontalPodAutoscaler and ServiceMonitor.

use super::*;

pub(super) fn service_monitor(ctx: &Ctx) -> Node {
    let metadata = Node::map([
        ("name", Node::Plain(ctx.fullname.clone())),
        ("namespace", Node::Plain(ctx.release.namespace.clone())),
        (
            "labels",
            splice_map(
                ctx.labels(),
                4,
                ctx.v(key!("metrics.serviceMonitor.labels")),
            ),
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
                        ("path", ctx.print(key!("metrics.path"))),
                        (
                            "interval",
                            ctx.print(key!("metrics.serviceMonitor.interval")),
                        ),
                        (
                            "scrapeTimeout",
                            ctx.print(key!("metrics.serviceMonitor.scrapeTimeout")),
                        ),
                    ])]),
                ),
            ]),
        )],
    )
}

pub(super) fn pdb(ctx: &Ctx) -> Node {
    let budget = if !ctx.v(key!("podDisruptionBudget.maxUnavailable")).is_null() {
        (
            "maxUnavailable",
            ctx.print(key!("podDisruptionBudget.maxUnavailable")),
        )
    } else {
        (
            "minAvailable",
            ctx.print(key!("podDisruptionBudget.minAvailable")),
        )
    };
    let mut spec = vec![budget];
    if ctx.on(key!("podDisruptionBudget.unhealthyPodEvictionPolicy")) {
        spec.push((
            "unhealthyPodEvictionPolicy",
            ctx.print(key!("podDisruptionBudget.unhealthyPodEvictionPolicy")),
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
        ctx.metadata_annotated(
            ctx.service_account_name(),
            key!("serviceAccount.annotations"),
        ),
        vec![(
            "automountServiceAccountToken",
            ctx.print(key!("serviceAccount.automount")),
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
                string_data(ctx.v(key!("secrets.data")), |s| {
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
        vec![("data", string_data(ctx.v(key!("configmap.data")), |s| s))],
    )
}

pub(super) fn hpa(ctx: &Ctx) -> Node {
    let metric = |resource: &str, key: Key| {
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
    if ctx.on(key!("autoscaling.targetCPUUtilizationPercentage")) {
        metrics.push(metric(
            "cpu",
            key!("autoscaling.targetCPUUtilizationPercentage"),
        ));
    }
    if ctx.on(key!("autoscaling.targetMemoryUtilizationPercentage")) {
        metrics.push(metric(
            "memory",
            key!("autoscaling.targetMemoryUtilizationPercentage"),
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
        ("minReplicas", ctx.print(key!("autoscaling.minReplicas"))),
        ("maxReplicas", ctx.print(key!("autoscaling.maxReplicas"))),
        (
            "metrics",
            if metrics.is_empty() {
                Node::plain("")
            } else {
                Node::Seq(metrics)
            },
        ),
    ];
    if ctx.on(key!("autoscaling.behavior")) {
        spec.push((
            "behavior",
            Node::yaml_block(ctx.v(key!("autoscaling.behavior")), 4),
        ));
    }
    object(
        "autoscaling/v2",
        "HorizontalPodAutoscaler",
        ctx.metadata(ctx.fullname.clone()),
        vec![("spec", Node::map(spec))],
    )
}
