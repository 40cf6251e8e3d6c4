//! Checks across values that the schema cannot express. The chart's
//! `ai-agent-connector.validate` helper makes the same checks with the same
//! messages, so both engines refuse the same values in the same words.

use crate::chart::spec::Key;
use crate::diagnostics::Diagnostics;
use crate::go::semver::{KubeVersion, satisfies};
use crate::go::strconv::go_quote;
use crate::go::template::{as_f64, truthy};
use crate::key;
use crate::value::{Value, ValuesPath};

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

/// The labels `commonLabels` may not set: the chart's own, on every object
/// (`ai-agent-connector.labels`), and the test pod's component.
pub const CHART_LABELS: [&str; 6] = [
    "helm.sh/chart",
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/version",
    "app.kubernetes.io/managed-by",
    "app.kubernetes.io/component",
];

/// The annotations `commonAnnotations` may not set: Helm's hooks (the test
/// pod's, and any that would turn every object into a hook) and the checkov
/// skips the chart writes.
pub const CHART_ANNOTATIONS: [&str; 7] = [
    "helm.sh/hook",
    "helm.sh/hook-weight",
    "helm.sh/hook-delete-policy",
    "checkov.io/skip1",
    "checkov.io/skip2",
    "checkov.io/skip3",
    "checkov.io/skip4",
];

/// Every cross-field problem of type-checked values.
pub fn check_values(v: &Value, kube_version: &str, out: &mut Diagnostics) {
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
    let node_port_type = matches!(service_type.as_str(), "NodePort" | "LoadBalancer");
    let needs_service_type = |out: &mut Diagnostics, key: Key, wanted: &str| {
        out.error(
            &key.path(),
            format!(
                "needs service.type {wanted}, got service.type {}",
                go_quote(&service_type)
            ),
        );
    };
    if present(key!("service.nodePort").of(v)) && !node_port_type {
        needs_service_type(out, key!("service.nodePort"), "NodePort or LoadBalancer");
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
    let chart_keys: [(Key, &[&str], &str); 7] = [
        (
            key!("podLabels"),
            &CHART_POD_LABELS,
            "is one of the chart's own labels (they select the pods and track the release); remove it",
        ),
        (
            key!("podAnnotations"),
            &CHART_POD_ANNOTATIONS,
            "is one of the chart's own annotations (it rolls the pods when the configuration changes); remove it",
        ),
        (
            key!("metrics.serviceMonitor.labels"),
            &CHART_POD_LABELS,
            OWN_LABEL,
        ),
        (key!("service.labels"), &CHART_POD_LABELS, OWN_LABEL),
        (
            key!("metrics.podMonitor.labels"),
            &CHART_POD_LABELS,
            OWN_LABEL,
        ),
        (
            key!("metrics.prometheusRule.labels"),
            &CHART_POD_LABELS,
            OWN_LABEL,
        ),
        (key!("commonLabels"), &CHART_LABELS, OWN_LABEL),
    ];
    for (map_key, keys, message) in chart_keys {
        refuse_chart_keys(v, map_key, keys, message, out);
    }
    if let Some(common) = key!("commonLabels").of(v).as_map() {
        for map_key in [
            key!("podLabels"),
            key!("service.labels"),
            key!("metrics.serviceMonitor.labels"),
            key!("metrics.podMonitor.labels"),
            key!("metrics.prometheusRule.labels"),
        ] {
            let Some(map) = map_key.of(v).as_map() else {
                continue;
            };
            for label in map.keys().filter(|k| common.contains_key(*k)) {
                out.error(
                    &map_key.path().key(label),
                    "is also in commonLabels (the object would carry the label twice); set it in one of them".into(),
                );
            }
        }
    }
    refuse_chart_keys(
        v,
        key!("commonAnnotations"),
        &CHART_ANNOTATIONS,
        "is one of the chart's own annotations (Helm hooks, checkov skips); remove it",
        out,
    );
    if truthy(key!("service.externalTrafficPolicy").of(v)) && !node_port_type {
        needs_service_type(
            out,
            key!("service.externalTrafficPolicy"),
            "NodePort or LoadBalancer",
        );
    }
    if truthy(key!("service.loadBalancerClass").of(v)) && service_type != "LoadBalancer" {
        needs_service_type(out, key!("service.loadBalancerClass"), "LoadBalancer");
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
    if truthy(key!("metrics.podMonitor.enabled").of(v)) {
        if !truthy(key!("metrics.enabled").of(v)) {
            out.error(
                &key!("metrics.podMonitor.enabled").path(),
                "needs metrics.enabled=true (the application must serve metrics)".into(),
            );
        }
        if truthy(key!("metrics.serviceMonitor.enabled").of(v)) {
            out.error(
                &key!("metrics.podMonitor.enabled").path(),
                "cannot be used with metrics.serviceMonitor.enabled=true (Prometheus would scrape each pod twice); enable one of them".into(),
            );
        }
    }
    if truthy(key!("metrics.prometheusRule.enabled").of(v)) {
        check_prometheus_rules(v, out);
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
    check_kube_version_fields(v, kube_version, out);
    check_extra_objects(v, out);
}

/// What `extraObjects` may hold beyond its schema: no Helm hooks (the chart
/// installs them with the release), and no `{{`, which Helm's `tpl` would
/// run as a template and `aac` does not (with `renderer.engine=helm` the Go
/// templates run it, and only `aac` refuses).
fn check_extra_objects(v: &Value, out: &mut Diagnostics) {
    let Value::Seq(objects) = key!("extraObjects").of(v) else {
        return;
    };
    for (i, object) in objects.iter().enumerate() {
        let path = key!("extraObjects").path().index(i);
        let annotations = field(field(object, "metadata"), "annotations");
        if present(field(annotations, "helm.sh/hook")) {
            out.error(
                &path.key("metadata").key("annotations").key("helm.sh/hook"),
                "extraObjects are installed with the release, not as Helm hooks; write the hook as a template of a parent chart".into(),
            );
        }
        let mut templated = Vec::new();
        templated_paths(object, path, &mut templated);
        for path in templated {
            out.error(
                &path,
                "contains \"{{\", a template for Helm's tpl, which aac does not run; write the value out, or render with helm template and renderer.engine=helm".into(),
            );
        }
    }
}

/// The paths of the keys and strings under `v` that contain `{{`, in the
/// order Go's templates walk them (map keys sorted).
fn templated_paths(v: &Value, path: ValuesPath, out: &mut Vec<ValuesPath>) {
    match v {
        Value::Map(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for key in keys {
                let key_path = path.key(key);
                if key.contains("{{") {
                    out.push(key_path.clone());
                }
                templated_paths(&map[key.as_str()], key_path, out);
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                templated_paths(item, path.index(i), out);
            }
        }
        Value::String(s) if s.contains("{{") => out.push(path),
        _ => {}
    }
}

/// Fields of the Kubernetes API newer than the chart's `kubeVersion`
/// (`>=1.23.0-0`), refused when the release targets an older Kubernetes
/// (`.Capabilities.KubeVersion.Version`): an API server that does not know a
/// field drops it or refuses the object, far from the value that set it.
/// Each with the first version that has it and its feature gate.
fn check_kube_version_fields(v: &Value, kube_version: &str, out: &mut Diagnostics) {
    let mut gated: Vec<(ValuesPath, &str, &str)> = Vec::new();
    if truthy(key!("autoscaling.enabled").of(v)) {
        for direction in ["scaleDown", "scaleUp"] {
            let rules = field(key!("autoscaling.behavior").of(v), direction);
            if present(field(rules, "tolerance")) {
                gated.push((
                    key!("autoscaling.behavior")
                        .path()
                        .key(direction)
                        .key("tolerance"),
                    "1.33",
                    "HPAConfigurableTolerance",
                ));
            }
        }
    }
    if present(field(
        key!("podSecurityContext").of(v),
        "seLinuxChangePolicy",
    )) {
        gated.push((
            key!("podSecurityContext").path().key("seLinuxChangePolicy"),
            "1.32",
            "SELinuxChangePolicy",
        ));
    }
    if let Value::Seq(volumes) = key!("extraVolumes").of(v) {
        for (i, volume) in volumes.iter().enumerate() {
            if present(field(volume, "image")) {
                gated.push((
                    key!("extraVolumes").path().index(i).key("image"),
                    "1.31",
                    "ImageVolume",
                ));
            }
        }
    }
    // The lifecycle of each container: `sleep` handlers, and `stopSignal`.
    let mut lifecycles = vec![(key!("lifecycle").path(), key!("lifecycle").of(v))];
    for list in [key!("initContainers"), key!("sidecars")] {
        if let Value::Seq(containers) = list.of(v) {
            for (i, container) in containers.iter().enumerate() {
                lifecycles.push((
                    list.path().index(i).key("lifecycle"),
                    field(container, "lifecycle"),
                ));
            }
        }
    }
    for (path, lifecycle) in lifecycles {
        for hook in ["postStart", "preStop"] {
            if present(field(field(lifecycle, hook), "sleep")) {
                gated.push((
                    path.key(hook).key("sleep"),
                    "1.30",
                    "PodLifecycleSleepAction",
                ));
            }
        }
        if present(field(lifecycle, "stopSignal")) {
            gated.push((path.key("stopSignal"), "1.33", "ContainerStopSignals"));
        }
    }
    // `restartPolicy` makes an init container a sidecar, and gives a
    // container its own restart rules.
    for (list, min, gate) in [
        (key!("initContainers"), "1.29", "SidecarContainers"),
        (key!("sidecars"), "1.34", "ContainerRestartRules"),
    ] {
        if let Value::Seq(containers) = list.of(v) {
            for (i, container) in containers.iter().enumerate() {
                if present(field(container, "restartPolicy")) {
                    gated.push((list.path().index(i).key("restartPolicy"), min, gate));
                }
            }
        }
    }
    // `semverCompare ">=MIN.0-0" .Capabilities.KubeVersion.Version`.
    let version = KubeVersion::parse(kube_version).ok();
    for (path, min, gate) in gated {
        let new_enough = version
            .as_ref()
            .and_then(|version| satisfies(&format!(">={min}.0-0"), version))
            .unwrap_or(false);
        if !new_enough {
            out.error(
                &path,
                format!(
                    "needs Kubernetes {min} or later (feature gate {gate}), but the target is Kubernetes {kube_version} (--kube-version, or the cluster's on install)"
                ),
            );
        }
    }
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

/// A PrometheusRule has rules, each an alert or a recording rule.
fn check_prometheus_rules(v: &Value, out: &mut Diagnostics) {
    let rules = key!("metrics.prometheusRule.rules");
    if !truthy(key!("metrics.prometheusRule.defaultRules").of(v)) && !truthy(rules.of(v)) {
        out.error(
            &rules.path(),
            "a PrometheusRule needs at least one rule; set metrics.prometheusRule.defaultRules=true or add rules".into(),
        );
    }
    if let Value::Seq(items) = rules.of(v) {
        for (i, item) in items.iter().enumerate() {
            if present(field(item, "alert")) == present(field(item, "record")) {
                out.error(
                    &rules.path().index(i).key("alert"),
                    "set one of alert (an alerting rule) and record (a recording rule)".into(),
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
