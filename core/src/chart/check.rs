//! Checks across values that the schema cannot express. The chart's
//! `ai-agent-connector.validate` helper makes the same checks with the same
//! messages, so both engines refuse the same values in the same words.

use crate::chart::spec::Key;
use crate::diagnostics::Diagnostics;
use crate::go::strconv::go_quote;
use crate::go::template::{as_f64, truthy};
use crate::key;
use crate::value::Value;

/// The value of one key of a map inside the values (`Null` when absent):
/// for the fields of list items and free-form subtrees, which the values
/// model does not name one by one. A key of the chart's own values is a
/// [`Key`].
pub fn field<'a>(v: &'a Value, name: &str) -> &'a Value {
    v.as_map().and_then(|m| m.get(name)).unwrap_or(&Value::Null)
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
    match key!("podDisruptionBudget.enabled").of(values) {
        Value::Null => truthy(key!("autoscaling.enabled").of(values)),
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
    let autoscaling = truthy(key!("autoscaling.enabled").of(v));
    let min = key!("autoscaling.minReplicas").of(v);
    let max = key!("autoscaling.maxReplicas").of(v);
    if autoscaling && as_f64(min) > as_f64(max) {
        out.error(
            &key!("autoscaling.minReplicas").path(),
            format!(
                "must be <= autoscaling.maxReplicas ({}), got {}",
                max.go_string(),
                min.go_string()
            ),
        );
    }
    if autoscaling
        && !present(key!("autoscaling.targetCPUUtilizationPercentage").of(v))
        && !present(key!("autoscaling.targetMemoryUtilizationPercentage").of(v))
    {
        out.error(
            &key!("autoscaling.targetCPUUtilizationPercentage").path(),
            "autoscaling needs a CPU or a memory target, both are null".into(),
        );
    }
    for (name, probe_key) in [
        ("livenessProbe", key!("healthCheck.livenessProbe")),
        ("readinessProbe", key!("healthCheck.readinessProbe")),
        ("startupProbe", key!("healthCheck.startupProbe")),
    ] {
        let probe = probe_key.of(v);
        if !truthy(field(probe, "enabled")) {
            continue;
        }
        let timeout = field(probe, "timeoutSeconds");
        let period = field(probe, "periodSeconds");
        if as_f64(timeout) >= as_f64(period) {
            out.error(
                &probe_key.path().key("timeoutSeconds"),
                format!(
                    "must be less than healthCheck.{name}.periodSeconds ({}), got {}",
                    period.go_string(),
                    timeout.go_string()
                ),
            );
        }
        let success = field(probe, "successThreshold");
        if name != "readinessProbe" && as_f64(success) != 1.0 {
            out.error(
                &probe_key.path().key("successThreshold"),
                format!("must be 1, got {}", success.go_string()),
            );
        }
    }
    let service_type = to_string(key!("service.type").of(v));
    if present(key!("service.nodePort").of(v))
        && !matches!(service_type.as_str(), "NodePort" | "LoadBalancer")
    {
        out.error(
            &key!("service.nodePort").path(),
            format!(
                "needs service.type NodePort or LoadBalancer, got service.type {}",
                go_quote(&service_type)
            ),
        );
    }
    if truthy(key!("ingress.enabled").of(v)) {
        check_tls_hosts(v, out);
    }
    if truthy(key!("secrets.create").of(v)) && truthy(key!("secrets.existingSecret").of(v)) {
        out.error(
            &key!("secrets.existingSecret").path(),
            "cannot be used with secrets.create=true; set one of them".into(),
        );
    }
    if pdb_enabled(v) {
        check_pdb(v, autoscaling, out);
    }
    const OWN_LABEL: &str = "is one of the chart's own labels; remove it";
    refuse_chart_keys(
        v,
        key!("podLabels"),
        &CHART_POD_LABELS,
        "is one of the chart's own labels (they select the pods and track the release); remove it",
        out,
    );
    refuse_chart_keys(
        v,
        key!("podAnnotations"),
        &CHART_POD_ANNOTATIONS,
        "is one of the chart's own annotations (it rolls the pods when the configuration changes); remove it",
        out,
    );
    refuse_chart_keys(
        v,
        key!("metrics.serviceMonitor.labels"),
        &CHART_POD_LABELS,
        OWN_LABEL,
        out,
    );
    refuse_chart_keys(v, key!("service.labels"), &CHART_POD_LABELS, OWN_LABEL, out);
    if truthy(key!("service.externalTrafficPolicy").of(v))
        && !matches!(service_type.as_str(), "NodePort" | "LoadBalancer")
    {
        out.error(
            &key!("service.externalTrafficPolicy").path(),
            format!(
                "needs service.type NodePort or LoadBalancer, got service.type {}",
                go_quote(&service_type)
            ),
        );
    }
    if truthy(key!("service.loadBalancerClass").of(v)) && service_type != "LoadBalancer" {
        out.error(
            &key!("service.loadBalancerClass").path(),
            format!(
                "needs service.type LoadBalancer, got service.type {}",
                go_quote(&service_type)
            ),
        );
    }
    if truthy(key!("httpRoute.enabled").of(v)) {
        if !truthy(key!("httpRoute.parentRefs").of(v)) {
            out.error(
                &key!("httpRoute.parentRefs").path(),
                "an HTTPRoute needs at least one Gateway to attach to".into(),
            );
        }
        if !truthy(key!("httpRoute.rules").of(v)) {
            out.error(
                &key!("httpRoute.rules").path(),
                "an HTTPRoute needs at least one rule, e.g. [{matches: [{path: {type: PathPrefix, value: /}}]}]".into(),
            );
        }
    }
    if truthy(key!("metrics.serviceMonitor.enabled").of(v))
        && !truthy(key!("metrics.enabled").of(v))
    {
        out.error(
            &key!("metrics.serviceMonitor.enabled").path(),
            "needs metrics.enabled=true (the application must serve metrics)".into(),
        );
    }
    let scrape_rule =
        truthy(key!("metrics.enabled").of(v)) && truthy(key!("metrics.scrapeFromNamespace").of(v));
    let admits_something = truthy(key!("networkPolicy.ingress.namespaceIsolation").of(v))
        || truthy(key!("networkPolicy.ingress.extraRules").of(v))
        || scrape_rule;
    if truthy(key!("networkPolicy.enabled").of(v)) && !admits_something {
        out.error(
            &key!("networkPolicy.ingress.namespaceIsolation").path(),
            "false with no networkPolicy.ingress.extraRules denies all ingress to the pods; add extraRules or set namespaceIsolation=true".into(),
        );
    }
    check_port(v, out);
}

/// Refuses the keys of the map at `dotted` that the chart writes itself (they
/// would be written twice), each with `message`.
fn refuse_chart_keys(
    v: &Value,
    map_key: Key,
    chart_keys: &[&str],
    message: &str,
    out: &mut Diagnostics,
) {
    let Some(map) = map_key.of(v).as_map() else {
        return;
    };
    for key in chart_keys {
        if map.contains_key(*key) {
            out.error(&map_key.path().key(key), message.to_string());
        }
    }
}

/// `PORT` reaches the application from `containerPort` alone: a ConfigMap `PORT`
/// that differs, or an `env` item named `PORT`, would move the application away
/// from its probes.
fn check_port(v: &Value, out: &mut Diagnostics) {
    let port = to_string(key!("containerPort").of(v));
    let data_port = key!("configmap.data")
        .of(v)
        .as_map()
        .and_then(|m| m.get("PORT"));
    if let Some(given) = data_port
        && to_string(given) != port
    {
        out.error(
            &key!("configmap.data").path().key("PORT"),
            format!(
                "must equal containerPort ({port}) or be left out (the chart sets PORT from containerPort), got {}",
                go_quote(&to_string(given))
            ),
        );
    }
    if let Value::Seq(items) = key!("env").of(v) {
        for (i, item) in items.iter().enumerate() {
            if to_string(field(item, "name")) == "PORT" {
                out.error(
                    &key!("env").path().index(i).key("name"),
                    "PORT is set by the chart from containerPort; set containerPort instead".into(),
                );
            }
        }
    }
}

fn check_tls_hosts(v: &Value, out: &mut Diagnostics) {
    let hosts: Vec<&Value> = match key!("ingress.hosts").of(v) {
        Value::Seq(items) => items.iter().map(|h| field(h, "host")).collect(),
        _ => Vec::new(),
    };
    let Value::Seq(tls) = key!("ingress.tls").of(v) else {
        return;
    };
    for (i, entry) in tls.iter().enumerate() {
        let Value::Seq(tls_hosts) = field(entry, "hosts") else {
            continue;
        };
        for (j, host) in tls_hosts.iter().enumerate() {
            if !hosts.contains(&host) {
                let p = key!("ingress.tls").path().index(i).key("hosts").index(j);
                out.error(
                    &p,
                    format!("{} is not among ingress.hosts", go_quote(&host.go_string())),
                );
            }
        }
    }
}

fn check_pdb(v: &Value, autoscaling: bool, out: &mut Diagnostics) {
    let min = key!("podDisruptionBudget.minAvailable").of(v);
    let max = key!("podDisruptionBudget.maxUnavailable").of(v);
    let replicas = if autoscaling {
        key!("autoscaling.minReplicas").of(v)
    } else {
        key!("replicaCount").of(v)
    };
    if present(max) {
        let text = to_string(max);
        if text == "0" || text == "0%" {
            out.error(
                &key!("podDisruptionBudget.maxUnavailable").path(),
                format!("{text} blocks every voluntary eviction (node drains would hang)"),
            );
        }
    } else if present(min) {
        match min {
            Value::String(s) if s == "100%" => {
                out.error(
                    &key!("podDisruptionBudget.minAvailable").path(),
                    "100% blocks every voluntary eviction (node drains would hang)".into(),
                );
            }
            Value::String(_) => {}
            _ if as_f64(min) >= as_f64(replicas) => out.error(
                &key!("podDisruptionBudget.minAvailable").path(),
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
            &key!("podDisruptionBudget.minAvailable").path(),
            "set minAvailable or maxUnavailable, both are null".into(),
        );
    }
}
