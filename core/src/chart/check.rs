//! Checks across values that the schema cannot express. The chart's
//! `ai-agent-connector.validate` helper makes the same checks with the same
//! messages, so both engines refuse the same values in the same words.

use crate::diagnostics::Diagnostics;
use crate::go::strconv::go_quote;
use crate::go::template::{as_f64, truthy};
use crate::value::{PathSegment, Value, ValuesPath};

/// The value at a dotted path of plain keys (`Null` when absent).
pub fn at<'a>(values: &'a Value, dotted: &str) -> &'a Value {
    dotted
        .split('.')
        .try_fold(values, |v, key| v.as_map()?.get(key))
        .unwrap_or(&Value::Null)
}

fn path(dotted: &str) -> ValuesPath {
    ValuesPath::from_segments(
        dotted
            .split('.')
            .map(|k| PathSegment::Key(k.to_string()))
            .collect(),
    )
}

fn present(v: &Value) -> bool {
    !v.is_null()
}

fn to_string(v: &Value) -> String {
    v.go_string()
}

/// Whether the chart renders a PodDisruptionBudget.
/// `podDisruptionBudget.enabled` when it is `true` or `false`; when it is `null`,
/// whether autoscaling is on.
pub fn pdb_enabled(values: &Value) -> bool {
    match at(values, "podDisruptionBudget.enabled") {
        Value::Null => truthy(at(values, "autoscaling.enabled")),
        asked => truthy(asked),
    }
}

/// The pod labels the chart sets itself (`ai-agent-connector.labels`).
pub const CHART_POD_LABELS: [&str; 5] = [
    "helm.sh/chart",
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/version",
    "app.kubernetes.io/managed-by",
];

/// The pod annotations the chart sets itself.
pub const CHART_POD_ANNOTATIONS: [&str; 2] = ["checksum/config", "checksum/secret"];

/// Every cross-field problem of type-checked values.
pub fn check_values(v: &Value, out: &mut Diagnostics) {
    let autoscaling = truthy(at(v, "autoscaling.enabled"));
    let min = at(v, "autoscaling.minReplicas");
    let max = at(v, "autoscaling.maxReplicas");
    if autoscaling && as_f64(min) > as_f64(max) {
        out.error(
            &path("autoscaling.minReplicas"),
            format!(
                "must be <= autoscaling.maxReplicas ({}), got {}",
                max.go_string(),
                min.go_string()
            ),
        );
    }
    if autoscaling
        && !present(at(v, "autoscaling.targetCPUUtilizationPercentage"))
        && !present(at(v, "autoscaling.targetMemoryUtilizationPercentage"))
    {
        out.error(
            &path("autoscaling.targetCPUUtilizationPercentage"),
            "autoscaling needs a CPU or a memory target, both are null".into(),
        );
    }
    for name in ["livenessProbe", "readinessProbe", "startupProbe"] {
        let probe = at(v, &format!("healthCheck.{name}"));
        if !truthy(at(probe, "enabled")) {
            continue;
        }
        let timeout = at(probe, "timeoutSeconds");
        let period = at(probe, "periodSeconds");
        if as_f64(timeout) >= as_f64(period) {
            out.error(
                &path(&format!("healthCheck.{name}.timeoutSeconds")),
                format!(
                    "must be less than healthCheck.{name}.periodSeconds ({}), got {}",
                    period.go_string(),
                    timeout.go_string()
                ),
            );
        }
        let success = at(probe, "successThreshold");
        if name != "readinessProbe" && as_f64(success) != 1.0 {
            out.error(
                &path(&format!("healthCheck.{name}.successThreshold")),
                format!("must be 1, got {}", success.go_string()),
            );
        }
    }
    let service_type = to_string(at(v, "service.type"));
    if present(at(v, "service.nodePort"))
        && !matches!(service_type.as_str(), "NodePort" | "LoadBalancer")
    {
        out.error(
            &path("service.nodePort"),
            format!(
                "needs service.type NodePort or LoadBalancer, got service.type {}",
                go_quote(&service_type)
            ),
        );
    }
    if truthy(at(v, "ingress.enabled")) {
        check_tls_hosts(v, out);
    }
    if truthy(at(v, "secrets.create")) && truthy(at(v, "secrets.existingSecret")) {
        out.error(
            &path("secrets.existingSecret"),
            "cannot be used with secrets.create=true; set one of them".into(),
        );
    }
    if pdb_enabled(v) {
        check_pdb(v, autoscaling, out);
    }
    const OWN_LABEL: &str = "is one of the chart's own labels; remove it";
    refuse_chart_keys(
        v,
        "podLabels",
        &CHART_POD_LABELS,
        "is one of the chart's own labels (they select the pods and track the release); remove it",
        out,
    );
    refuse_chart_keys(
        v,
        "podAnnotations",
        &CHART_POD_ANNOTATIONS,
        "is one of the chart's own annotations (it rolls the pods when the configuration changes); remove it",
        out,
    );
    refuse_chart_keys(
        v,
        "metrics.serviceMonitor.labels",
        &CHART_POD_LABELS,
        OWN_LABEL,
        out,
    );
    refuse_chart_keys(v, "service.labels", &CHART_POD_LABELS, OWN_LABEL, out);
    if truthy(at(v, "service.externalTrafficPolicy"))
        && !matches!(service_type.as_str(), "NodePort" | "LoadBalancer")
    {
        out.error(
            &path("service.externalTrafficPolicy"),
            format!(
                "needs service.type NodePort or LoadBalancer, got service.type {}",
                go_quote(&service_type)
            ),
        );
    }
    if truthy(at(v, "service.loadBalancerClass")) && service_type != "LoadBalancer" {
        out.error(
            &path("service.loadBalancerClass"),
            format!(
                "needs service.type LoadBalancer, got service.type {}",
                go_quote(&service_type)
            ),
        );
    }
    if truthy(at(v, "httpRoute.enabled")) {
        if !truthy(at(v, "httpRoute.parentRefs")) {
            out.error(
                &path("httpRoute.parentRefs"),
                "an HTTPRoute needs at least one Gateway to attach to".into(),
            );
        }
        if !truthy(at(v, "httpRoute.rules")) {
            out.error(
                &path("httpRoute.rules"),
                "an HTTPRoute needs at least one rule, e.g. [{matches: [{path: {type: PathPrefix, value: /}}]}]".into(),
            );
        }
    }
    if truthy(at(v, "metrics.serviceMonitor.enabled")) && !truthy(at(v, "metrics.enabled")) {
        out.error(
            &path("metrics.serviceMonitor.enabled"),
            "needs metrics.enabled=true (the application must serve metrics)".into(),
        );
    }
    let scrape_rule =
        truthy(at(v, "metrics.enabled")) && truthy(at(v, "metrics.scrapeFromNamespace"));
    let admits_something = truthy(at(v, "networkPolicy.ingress.namespaceIsolation"))
        || truthy(at(v, "networkPolicy.ingress.extraRules"))
        || scrape_rule;
    if truthy(at(v, "networkPolicy.enabled")) && !admits_something {
        out.error(
            &path("networkPolicy.ingress.namespaceIsolation"),
            "false with no networkPolicy.ingress.extraRules denies all ingress to the pods; add extraRules or set namespaceIsolation=true".into(),
        );
    }
    check_port(v, out);
}

/// Refuses the keys of the map at `dotted` that the chart writes itself (they
/// would be written twice), each with `message`.
fn refuse_chart_keys(
    v: &Value,
    dotted: &str,
    chart_keys: &[&str],
    message: &str,
    out: &mut Diagnostics,
) {
    let Some(map) = at(v, dotted).as_map() else {
        return;
    };
    for key in chart_keys {
        if map.contains_key(*key) {
            out.error(&path(dotted).key(key), message.to_string());
        }
    }
}

/// `PORT` reaches the application from `containerPort` alone: a ConfigMap `PORT`
/// that differs, or an `env` item named `PORT`, would move the application away
/// from its probes.
fn check_port(v: &Value, out: &mut Diagnostics) {
    let port = to_string(at(v, "containerPort"));
    let data_port = at(v, "configmap.data").as_map().and_then(|m| m.get("PORT"));
    if let Some(given) = data_port
        && to_string(given) != port
    {
        out.error(
            &path("configmap.data").key("PORT"),
            format!(
                "must equal containerPort ({port}) or be left out (the chart sets PORT from containerPort), got {}",
                go_quote(&to_string(given))
            ),
        );
    }
    if let Value::Seq(items) = at(v, "env") {
        for (i, item) in items.iter().enumerate() {
            if to_string(at(item, "name")) == "PORT" {
                out.error(
                    &path("env").index(i).key("name"),
                    "PORT is set by the chart from containerPort; set containerPort instead".into(),
                );
            }
        }
    }
}

fn check_tls_hosts(v: &Value, out: &mut Diagnostics) {
    let hosts: Vec<&Value> = match at(v, "ingress.hosts") {
        Value::Seq(items) => items.iter().map(|h| at(h, "host")).collect(),
        _ => Vec::new(),
    };
    let Value::Seq(tls) = at(v, "ingress.tls") else {
        return;
    };
    for (i, entry) in tls.iter().enumerate() {
        let Value::Seq(tls_hosts) = at(entry, "hosts") else {
            continue;
        };
        for (j, host) in tls_hosts.iter().enumerate() {
            if !hosts.contains(&host) {
                let p = path("ingress.tls").index(i).key("hosts").index(j);
                out.error(
                    &p,
                    format!("{} is not among ingress.hosts", go_quote(&host.go_string())),
                );
            }
        }
    }
}

fn check_pdb(v: &Value, autoscaling: bool, out: &mut Diagnostics) {
    let min = at(v, "podDisruptionBudget.minAvailable");
    let max = at(v, "podDisruptionBudget.maxUnavailable");
    let replicas = if autoscaling {
        at(v, "autoscaling.minReplicas")
    } else {
        at(v, "replicaCount")
    };
    if present(max) {
        let text = to_string(max);
        if text == "0" || text == "0%" {
            out.error(
                &path("podDisruptionBudget.maxUnavailable"),
                format!("{text} blocks every voluntary eviction (node drains would hang)"),
            );
        }
    } else if present(min) {
        match min {
            Value::String(s) if s == "100%" => {
                out.error(
                    &path("podDisruptionBudget.minAvailable"),
                    "100% blocks every voluntary eviction (node drains would hang)".into(),
                );
            }
            Value::String(_) => {}
            _ if as_f64(min) >= as_f64(replicas) => out.error(
                &path("podDisruptionBudget.minAvailable"),
                format!(
                    "{} blocks every voluntary eviction with {} replicas; use fewer than {}, or podDisruptionBudget.enabled=false for no budget",
                    min.go_string(),
                    replicas.go_string(),
                    if autoscaling {
                        "autoscaling.minReplicas"
                    } else {
                        "replicaCount"
                    }
                ),
            ),
            _ => {}
        }
    } else {
        out.error(
            &path("podDisruptionBudget.minAvailable"),
            "set minAvailable or maxUnavailable, both are null".into(),
        );
    }
}
