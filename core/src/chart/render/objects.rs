//! The other objects: ServiceAccount, Secret, ConfigMap, PodDisruptionBudget,
//! HorizontalPodAutoscaler, and the Prometheus Operator's ServiceMonitor,
//! PodMonitor and PrometheusRule.

use super::*;

pub(super) fn service_monitor(ctx: &Ctx) -> Node {
    monitor(
        ctx,
        "ServiceMonitor",
        "endpoints",
        [
            key!("metrics.serviceMonitor.labels"),
            key!("metrics.serviceMonitor.interval"),
            key!("metrics.serviceMonitor.scrapeTimeout"),
        ],
    )
}

pub(super) fn pod_monitor(ctx: &Ctx) -> Node {
    monitor(
        ctx,
        "PodMonitor",
        "podMetricsEndpoints",
        [
            key!("metrics.podMonitor.labels"),
            key!("metrics.podMonitor.interval"),
            key!("metrics.podMonitor.scrapeTimeout"),
        ],
    )
}

/// A ServiceMonitor or PodMonitor of the `http` port's metrics path, in the
/// release's namespace; `[labels, interval, scrapeTimeout]` are its values.
fn monitor(ctx: &Ctx, kind: &str, endpoints: &str, [labels, interval, timeout]: [Key; 3]) -> Node {
    let metadata = ctx.metadata_with(ctx.fullname.clone(), Some(labels), None);
    object(
        "monitoring.coreos.com/v1",
        kind,
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
                    endpoints,
                    Node::Seq(vec![Node::map([
                        ("port", Node::plain("http")),
                        ("path", ctx.print(key!("metrics.path"))),
                        ("interval", ctx.print(interval)),
                        ("scrapeTimeout", ctx.print(timeout)),
                    ])]),
                ),
            ]),
        )],
    )
}

/// One of the chart's default alerts (severity `warning`).
fn alert(name: &str, expr: String, wait: &str, summary: String, description: &str) -> Node {
    Node::map([
        ("alert", Node::plain(name)),
        ("expr", Node::Plain(expr)),
        ("for", Node::plain(wait)),
        ("labels", Node::map([("severity", Node::plain("warning"))])),
        (
            "annotations",
            Node::map([
                ("summary", Node::Plain(summary)),
                ("description", Node::plain(description)),
            ]),
        ),
    ])
}

pub(super) fn prometheus_rule(ctx: &Ctx) -> Node {
    let full = &ctx.fullname;
    let ns = &ctx.release.namespace;
    // The Deployment's pods: `<deployment>-<pod-template-hash>-<suffix>`.
    let pods = format!("namespace=\"{ns}\", pod=~\"{full}-[a-z0-9]+-[a-z0-9]+\"");
    let mut rules = Vec::new();
    if ctx.on(key!("metrics.prometheusRule.defaultRules")) {
        rules.push(alert(
            "AIAgentConnectorPodNotReady",
            format!(
                "sum by (namespace, pod) (kube_pod_status_ready{{condition=\"false\", {pods}}}) > 0"
            ),
            "10m",
            format!("A pod of {full} is not ready"),
            "Pod {{ $labels.namespace }}/{{ $labels.pod }} has not been ready for 10 minutes.",
        ));
        rules.push(alert(
            "AIAgentConnectorPodRestarting",
            format!("increase(kube_pod_container_status_restarts_total{{{pods}}}[15m]) > 2"),
            "5m",
            format!("A container of {full} is restarting"),
            "Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} restarted more than twice in 15 minutes.",
        ));
        rules.push(alert(
            "AIAgentConnectorReplicasUnavailable",
            format!(
                "kube_deployment_status_replicas_unavailable{{namespace=\"{ns}\", deployment=\"{full}\"}} > 0"
            ),
            "15m",
            format!("Replicas of {full} are unavailable"),
            "Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has had {{ $value }} unavailable replicas for 15 minutes.",
        ));
        if ctx.on(key!("metrics.enabled")) {
            rules.push(alert(
                "AIAgentConnectorMetricsDown",
                format!("up{{{pods}}} == 0"),
                "5m",
                format!("Prometheus cannot scrape {full}"),
                "The metrics endpoint of pod {{ $labels.namespace }}/{{ $labels.pod }} has been down for 5 minutes.",
            ));
        }
    }
    let rules = splice_seq(rules, 8, ctx.v(key!("metrics.prometheusRule.rules")));
    object(
        "monitoring.coreos.com/v1",
        "PrometheusRule",
        ctx.metadata_with(
            ctx.fullname.clone(),
            Some(key!("metrics.prometheusRule.labels")),
            None,
        ),
        vec![(
            "spec",
            Node::map([(
                "groups",
                Node::Seq(vec![Node::map([
                    ("name", Node::Plain(full.clone())),
                    ("rules", rules),
                ])]),
            )]),
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
    ctx.spec_object("policy/v1", "PodDisruptionBudget", spec)
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
    ctx.spec_object("autoscaling/v2", "HorizontalPodAutoscaler", spec)
}
