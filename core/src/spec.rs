//! The typed model of the chart's values: one declaration per key, from which
//! come both the validation of values ([`check_types`]) and the JSON schema
//! that Helm validates with ([`crate::schema`]). Free-form Kubernetes subtrees
//! (containers, volumes, tolerations, ...) are declared with their Kubernetes
//! fields, so typos and wrong types are caught while everything is passed
//! through as written.

use crate::diagnostics::Diagnostics;
use crate::value::{Value, ValuesPath};

/// The type of a values key.
#[derive(Debug)]
pub enum Ty {
    Bool,
    /// A whole number (Helm reads every number from a file as a float64).
    Int {
        min: i64,
        max: i64,
    },
    Str(&'static StrRule),
    Enum(&'static [&'static str]),
    /// A non-negative whole number or a percentage string (`"50%"`).
    IntOrPercent,
    /// An image tag: a string; a number is accepted, as Helm does, with a warning.
    Tag,
    /// A Kubernetes quantity: `500m`, `1Gi`, or a number.
    Quantity,
    /// A string, number or boolean, rendered as a string.
    Scalar,
    /// The type, or `null` (which also deletes a chart default).
    Nullable(&'static Ty),
    /// A map with exactly these keys.
    Object(&'static [Field]),
    /// A map with these keys, and any others passed through unchecked (`global`,
    /// which an umbrella chart shares with all its subcharts).
    OpenObject(&'static [Field]),
    /// A map from keys matching the rule (any when `None`) to values of a type.
    Dict(Option<&'static StrRule>, &'static Ty),
    List(&'static Ty),
    /// Anything: a Kubernetes subtree passed through unchecked.
    Any,
}

/// A key of an [`Ty::Object`].
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    /// Must be present after the values are merged (`null` deletes a default).
    pub required: bool,
}

/// A rule for strings: a regular expression for the schema and the same test in Rust.
#[derive(Debug)]
pub struct StrRule {
    pub pattern: Option<&'static str>,
    pub max_len: Option<usize>,
    pub test: fn(&str) -> bool,
    /// What the rule means, for messages.
    pub meaning: &'static str,
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

const INT32: i64 = 2_147_483_647;
const fn int(min: i64, max: i64) -> Ty {
    Ty::Int { min, max }
}
const NON_NEG: Ty = int(0, INT32);
const POSITIVE: Ty = int(1, INT32);
const PORT: Ty = int(1, 65535);
/// Numbers the templates print with `{{ }}` stay below a million: Go prints a
/// float64 of a million or more (any number of a values file) as `1e+06`,
/// which Kubernetes refuses for an integer field. (The `wasm` engine is no
/// longer a reason: the RenderRequest's `typedValues` keeps an int64 of
/// `--set` apart from a float64, so both engines print `1000000` and `1e+06`
/// alike; the limit stays for the files' float64s.)
pub const PRINTED_MAX: i64 = 999_999;
const PRINTED_NON_NEG: Ty = int(0, PRINTED_MAX);
const PRINTED_POSITIVE: Ty = int(1, PRINTED_MAX);
const STR: Ty = Ty::Str(&ANY_STRING);

fn any_string(_: &str) -> bool {
    true
}
fn is_dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}
fn is_dns_subdomain(s: &str) -> bool {
    s.split('.').all(is_dns_label)
}
fn is_name_override(s: &str) -> bool {
    s.is_empty() || is_dns_label(s)
}
fn is_optional_dns_subdomain(s: &str) -> bool {
    s.is_empty() || is_dns_subdomain(s)
}
fn is_http_path(s: &str) -> bool {
    s.starts_with('/') && !s.contains([' ', '\t', '\n', '\r', '\x0c']) && !s.ends_with(':')
}
/// A Prometheus duration (`30s`, `1m30s`, `500ms`), as the ServiceMonitor CRD's
/// pattern checks it: empty too (the CRD's default then applies).
fn is_prometheus_duration(s: &str) -> bool {
    if s == "0" || s.is_empty() {
        return true;
    }
    let units = ["y", "w", "d", "h", "m", "s", "ms"];
    let mut rest = s;
    let mut next_unit = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        let Some((i, unit)) = units
            .iter()
            .enumerate()
            .skip(next_unit)
            .filter(|(_, u)| rest.starts_with(**u))
            .max_by_key(|(_, u)| u.len())
        else {
            return false;
        };
        rest = &rest[unit.len()..];
        next_unit = i + 1;
    }
    true
}
fn is_optional_registry(s: &str) -> bool {
    s.is_empty() || is_image_repository(s)
}
fn is_image_repository(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/:-".contains(c))
}
fn is_tag(s: &str) -> bool {
    s.is_empty()
        || (s.len() <= 128
            && s.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)))
}
fn is_digest(s: &str) -> bool {
    s.is_empty()
        || s.split_once(':').is_some_and(|(alg, hex)| {
            !alg.is_empty()
                && alg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && hex.len() >= 32
                && hex.chars().all(|c| c.is_ascii_hexdigit())
        })
}
fn is_env_key(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
}
fn is_percent(s: &str) -> bool {
    s.strip_suffix('%')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}
/// Kubernetes' quantity syntax: `^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$`.
pub fn is_quantity(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let number_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    if number_end == 0 {
        return false;
    }
    let rest = &s[number_end..];
    let suffix_end = rest
        .find(|c: char| !"eEinumkKMGTP".contains(c))
        .unwrap_or(rest.len());
    let rest = &rest[suffix_end..];
    let rest = rest.strip_prefix(['+', '-']).unwrap_or(rest);
    rest.chars().all(|c| c.is_ascii_digit())
}

pub const ANY_STRING: StrRule = StrRule {
    pattern: None,
    max_len: None,
    test: any_string,
    meaning: "a string",
};
const DNS_LABEL_PATTERN: &str = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
const DNS_SUBDOMAIN_PATTERN: &str =
    "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
pub const DNS_SUBDOMAIN: StrRule = StrRule {
    pattern: Some(DNS_SUBDOMAIN_PATTERN),
    max_len: Some(253),
    test: is_dns_subdomain,
    meaning: "a DNS subdomain name (lowercase letters, digits, '-' and '.')",
};
pub const OPTIONAL_DNS_SUBDOMAIN: StrRule = StrRule {
    pattern: Some("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$"),
    max_len: Some(253),
    test: is_optional_dns_subdomain,
    meaning: "empty or a DNS subdomain name (lowercase letters, digits, '-' and '.')",
};
pub const NAME_OVERRIDE: StrRule = StrRule {
    pattern: Some("^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$"),
    max_len: None,
    test: is_name_override,
    meaning: "empty or a DNS label (lowercase letters, digits and '-'; cut to 63 characters)",
};
pub const HTTP_PATH: StrRule = StrRule {
    pattern: Some("^/(\\S*[^\\s:])?$"),
    max_len: None,
    test: is_http_path,
    meaning: "an HTTP path: '/' then no spaces, not ending in ':'",
};
pub const IMAGE_REPOSITORY: StrRule = StrRule {
    pattern: Some("^[a-zA-Z0-9][a-zA-Z0-9._/:-]*$"),
    max_len: None,
    test: is_image_repository,
    meaning: "an image repository such as registry.example.com/team/app",
};
pub const OPTIONAL_REGISTRY: StrRule = StrRule {
    pattern: Some("^([a-zA-Z0-9][a-zA-Z0-9._/:-]*)?$"),
    max_len: None,
    test: is_optional_registry,
    meaning: "empty or an image registry such as registry.example.com:5000",
};
pub const PROMETHEUS_DURATION: StrRule = StrRule {
    pattern: Some(
        "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$",
    ),
    max_len: None,
    test: is_prometheus_duration,
    meaning: "a Prometheus duration such as 30s, 1m or 1m30s",
};
pub const IMAGE_TAG: StrRule = StrRule {
    pattern: Some("^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$"),
    max_len: None,
    test: is_tag,
    meaning: "an image tag (letters, digits, '_', '.', '-'; at most 128)",
};
pub const DIGEST: StrRule = StrRule {
    pattern: Some("^([a-z0-9]+:[a-fA-F0-9]{32,})?$"),
    max_len: None,
    test: is_digest,
    meaning: "empty or a digest such as sha256:<64 hex digits>",
};
pub const ENV_KEY: StrRule = StrRule {
    pattern: Some("^[-._a-zA-Z0-9]+$"),
    max_len: None,
    test: is_env_key,
    meaning: "a ConfigMap or Secret key (letters, digits, '-', '.', '_')",
};
pub const PERCENT: StrRule = StrRule {
    pattern: Some("^[0-9]+%$"),
    max_len: None,
    test: is_percent,
    meaning: "a percentage such as \"50%\"",
};
pub const QUANTITY_PATTERN: &str = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/// Keeps the chart's DNS label rule visible to the schema module.
pub const DNS_LABEL: StrRule = StrRule {
    pattern: Some(DNS_LABEL_PATTERN),
    max_len: Some(63),
    test: is_dns_label,
    meaning: "a DNS label",
};

// ---- Kubernetes types (the fields of their current API, values unchecked below) ----

const STRINGS: Ty = Ty::List(&STR);
const STRING_MAP: Ty = Ty::Dict(None, &STR);

const LOCAL_OBJECT_REFERENCE: Ty = Ty::Object(&[req("name", STR)]);

const ENV_VAR: Ty = Ty::Object(&[
    req("name", STR),
    opt("value", STR),
    opt("valueFrom", Ty::Any),
]);

const VOLUME_MOUNT: Ty = Ty::Object(&[
    req("name", STR),
    req("mountPath", STR),
    opt("readOnly", Ty::Bool),
    opt("recursiveReadOnly", STR),
    opt("subPath", STR),
    opt("subPathExpr", STR),
    opt("mountPropagation", STR),
]);

const RESOURCES: Ty = Ty::Object(&[
    opt("limits", Ty::Dict(None, &Ty::Quantity)),
    opt("requests", Ty::Dict(None, &Ty::Quantity)),
    opt("claims", Ty::Any),
]);

const CAPABILITIES: Ty = Ty::Object(&[opt("add", STRINGS), opt("drop", STRINGS)]);

const SECURITY_CONTEXT: Ty = Ty::Object(&[
    opt("allowPrivilegeEscalation", Ty::Bool),
    opt("appArmorProfile", Ty::Any),
    opt("capabilities", CAPABILITIES),
    opt("privileged", Ty::Bool),
    opt("procMount", STR),
    opt("readOnlyRootFilesystem", Ty::Bool),
    opt("runAsGroup", NON_NEG),
    opt("runAsNonRoot", Ty::Bool),
    opt("runAsUser", NON_NEG),
    opt("seLinuxOptions", Ty::Any),
    opt("seccompProfile", Ty::Any),
    opt("windowsOptions", Ty::Any),
]);

const POD_SECURITY_CONTEXT: Ty = Ty::Object(&[
    opt("appArmorProfile", Ty::Any),
    opt("fsGroup", NON_NEG),
    opt("fsGroupChangePolicy", STR),
    opt("runAsGroup", NON_NEG),
    opt("runAsNonRoot", Ty::Bool),
    opt("runAsUser", NON_NEG),
    opt("seLinuxChangePolicy", STR),
    opt("seLinuxOptions", Ty::Any),
    opt("seccompProfile", Ty::Any),
    opt("supplementalGroups", Ty::List(&NON_NEG)),
    opt("supplementalGroupsPolicy", STR),
    opt("sysctls", Ty::Any),
    opt("windowsOptions", Ty::Any),
]);

const CONTAINER: Ty = Ty::Object(&[
    req("name", STR),
    opt("image", STR),
    opt(
        "imagePullPolicy",
        Ty::Enum(&["Always", "IfNotPresent", "Never"]),
    ),
    opt("command", STRINGS),
    opt("args", STRINGS),
    opt("workingDir", STR),
    opt("env", Ty::List(&ENV_VAR)),
    opt("envFrom", Ty::Any),
    opt("ports", Ty::Any),
    opt("resources", RESOURCES),
    opt("resizePolicy", Ty::Any),
    opt("restartPolicy", STR),
    opt("securityContext", SECURITY_CONTEXT),
    opt("volumeMounts", Ty::List(&VOLUME_MOUNT)),
    opt("volumeDevices", Ty::Any),
    opt("livenessProbe", Ty::Any),
    opt("readinessProbe", Ty::Any),
    opt("startupProbe", Ty::Any),
    opt("lifecycle", Ty::Any),
    opt("terminationMessagePath", STR),
    opt("terminationMessagePolicy", STR),
    opt("stdin", Ty::Bool),
    opt("stdinOnce", Ty::Bool),
    opt("tty", Ty::Bool),
]);

const VOLUME: Ty = Ty::Object(&[
    req("name", STR),
    opt("awsElasticBlockStore", Ty::Any),
    opt("azureDisk", Ty::Any),
    opt("azureFile", Ty::Any),
    opt("cephfs", Ty::Any),
    opt("cinder", Ty::Any),
    opt("configMap", Ty::Any),
    opt("csi", Ty::Any),
    opt("downwardAPI", Ty::Any),
    opt("emptyDir", Ty::Any),
    opt("ephemeral", Ty::Any),
    opt("fc", Ty::Any),
    opt("flexVolume", Ty::Any),
    opt("flocker", Ty::Any),
    opt("gcePersistentDisk", Ty::Any),
    opt("gitRepo", Ty::Any),
    opt("glusterfs", Ty::Any),
    opt("hostPath", Ty::Any),
    opt("image", Ty::Any),
    opt("iscsi", Ty::Any),
    opt("nfs", Ty::Any),
    opt("persistentVolumeClaim", Ty::Any),
    opt("photonPersistentDisk", Ty::Any),
    opt("portworxVolume", Ty::Any),
    opt("projected", Ty::Any),
    opt("quobyte", Ty::Any),
    opt("rbd", Ty::Any),
    opt("scaleIO", Ty::Any),
    opt("secret", Ty::Any),
    opt("storageos", Ty::Any),
    opt("vsphereVolume", Ty::Any),
]);

const TOLERATION: Ty = Ty::Object(&[
    opt("key", STR),
    opt("operator", Ty::Enum(&["Exists", "Equal"])),
    opt("value", STR),
    opt(
        "effect",
        Ty::Enum(&["", "NoSchedule", "PreferNoSchedule", "NoExecute"]),
    ),
    opt("tolerationSeconds", int(i64::MIN / 2, i64::MAX / 2)),
]);

const AFFINITY: Ty = Ty::Object(&[
    opt("nodeAffinity", Ty::Any),
    opt("podAffinity", Ty::Any),
    opt("podAntiAffinity", Ty::Any),
]);

const TOPOLOGY_SPREAD_CONSTRAINT: Ty = Ty::Object(&[
    req("maxSkew", POSITIVE),
    req("topologyKey", STR),
    req(
        "whenUnsatisfiable",
        Ty::Enum(&["DoNotSchedule", "ScheduleAnyway"]),
    ),
    opt("labelSelector", Ty::Any),
    opt("matchLabelKeys", STRINGS),
    opt("minDomains", POSITIVE),
    opt("nodeAffinityPolicy", Ty::Enum(&["Honor", "Ignore"])),
    opt("nodeTaintsPolicy", Ty::Enum(&["Honor", "Ignore"])),
]);

const NETWORK_POLICY_INGRESS_RULE: Ty = Ty::Object(&[
    opt("from", Ty::List(&Ty::Any)),
    opt("ports", Ty::List(&Ty::Any)),
]);
const NETWORK_POLICY_EGRESS_RULE: Ty = Ty::Object(&[
    opt("to", Ty::List(&Ty::Any)),
    opt("ports", Ty::List(&Ty::Any)),
]);

const HPA_SCALING_POLICY: Ty = Ty::Object(&[
    req("type", Ty::Enum(&["Pods", "Percent"])),
    req("value", POSITIVE),
    req("periodSeconds", int(1, 1800)),
]);
const HPA_SCALING_RULES: Ty = Ty::Object(&[
    opt("stabilizationWindowSeconds", int(0, 3600)),
    opt("selectPolicy", Ty::Enum(&["Max", "Min", "Disabled"])),
    opt("policies", Ty::List(&HPA_SCALING_POLICY)),
    opt("tolerance", Ty::Quantity),
]);
const HPA_BEHAVIOR: Ty = Ty::Object(&[
    opt("scaleDown", HPA_SCALING_RULES),
    opt("scaleUp", HPA_SCALING_RULES),
]);

// ---- The chart's values ----

const INT_OR_PERCENT: Ty = Ty::IntOrPercent;

const PARENT_REFERENCE: Ty = Ty::Object(&[
    req("name", STR),
    opt("namespace", STR),
    opt("sectionName", STR),
    opt("port", PORT),
    opt("group", STR),
    opt("kind", STR),
]);
const HTTP_ROUTE_MATCH: Ty = Ty::Object(&[
    opt(
        "path",
        Ty::Object(&[
            opt(
                "type",
                Ty::Enum(&["Exact", "PathPrefix", "RegularExpression"]),
            ),
            opt("value", STR),
        ]),
    ),
    opt("headers", Ty::List(&Ty::Any)),
    opt("queryParams", Ty::List(&Ty::Any)),
    opt(
        "method",
        Ty::Enum(&[
            "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
        ]),
    ),
]);
const HTTP_ROUTE_RULE: Ty = Ty::Object(&[
    opt("matches", Ty::List(&HTTP_ROUTE_MATCH)),
    opt("filters", Ty::List(&Ty::Any)),
]);

const OBJECT_REFERENCE: Ty = Ty::Object(&[req("name", STR), opt("optional", Ty::Bool)]);
const ENV_FROM_SOURCE: Ty = Ty::Object(&[
    opt("configMapRef", OBJECT_REFERENCE),
    opt("secretRef", OBJECT_REFERENCE),
    opt("prefix", STR),
]);
const HOST_ALIAS: Ty = Ty::Object(&[req("ip", STR), opt("hostnames", STRINGS)]);
const POD_DNS_CONFIG: Ty = Ty::Object(&[
    opt("nameservers", STRINGS),
    opt("searches", STRINGS),
    opt(
        "options",
        Ty::List(&Ty::Object(&[req("name", STR), opt("value", STR)])),
    ),
]);
const DEPLOYMENT_STRATEGY: Ty = Ty::Object(&[
    opt("type", Ty::Enum(&["RollingUpdate", "Recreate"])),
    opt(
        "rollingUpdate",
        Ty::Object(&[
            opt("maxSurge", INT_OR_PERCENT),
            opt("maxUnavailable", INT_OR_PERCENT),
        ]),
    ),
]);

const LIFECYCLE_HANDLER: Ty = Ty::Object(&[
    opt("exec", Ty::Object(&[opt("command", STRINGS)])),
    opt("httpGet", Ty::Any),
    opt("sleep", Ty::Object(&[req("seconds", PRINTED_NON_NEG)])),
    opt("tcpSocket", Ty::Any),
]);

const LIFECYCLE: Ty = Ty::Object(&[
    opt("postStart", LIFECYCLE_HANDLER),
    opt("preStop", LIFECYCLE_HANDLER),
    opt("stopSignal", STR),
]);

const PROBE: Ty = Ty::Object(&[
    req("enabled", Ty::Bool),
    req("path", Ty::Str(&HTTP_PATH)),
    req("initialDelaySeconds", PRINTED_NON_NEG),
    req("periodSeconds", PRINTED_POSITIVE),
    req("timeoutSeconds", PRINTED_POSITIVE),
    req("failureThreshold", PRINTED_POSITIVE),
    req("successThreshold", PRINTED_POSITIVE),
]);

const INGRESS_PATH: Ty = Ty::Object(&[
    req("path", Ty::Str(&HTTP_PATH)),
    req(
        "pathType",
        Ty::Enum(&["Prefix", "Exact", "ImplementationSpecific"]),
    ),
]);
const INGRESS_HOST: Ty = Ty::Object(&[
    req("host", Ty::Str(&DNS_SUBDOMAIN)),
    req("paths", Ty::List(&INGRESS_PATH)),
]);
const INGRESS_TLS: Ty = Ty::Object(&[
    req("secretName", Ty::Str(&DNS_SUBDOMAIN)),
    req("hosts", Ty::List(&Ty::Str(&DNS_SUBDOMAIN))),
]);

/// Every key of the chart's `values.yaml`.
pub const VALUES: Ty = Ty::Object(&[
    // The key of `condition: ai-agent-connector.enabled` in an umbrella chart.
    opt("enabled", Ty::Bool),
    req(
        "global",
        Ty::OpenObject(&[
            opt("imageRegistry", Ty::Str(&OPTIONAL_REGISTRY)),
            opt("imagePullSecrets", Ty::List(&LOCAL_OBJECT_REFERENCE)),
        ]),
    ),
    req("nameOverride", Ty::Str(&NAME_OVERRIDE)),
    req("fullnameOverride", Ty::Str(&NAME_OVERRIDE)),
    req(
        "renderer",
        Ty::Object(&[req("engine", Ty::Enum(&["helm", "wasm"]))]),
    ),
    req(
        "image",
        Ty::Object(&[
            req("registry", Ty::Str(&OPTIONAL_REGISTRY)),
            req("repository", Ty::Str(&IMAGE_REPOSITORY)),
            req("tag", Ty::Tag),
            req("digest", Ty::Str(&DIGEST)),
            req("pullPolicy", Ty::Enum(&["Always", "IfNotPresent", "Never"])),
        ]),
    ),
    req("imagePullSecrets", Ty::List(&LOCAL_OBJECT_REFERENCE)),
    req("replicaCount", PRINTED_NON_NEG),
    req("containerPort", PORT),
    req("terminationGracePeriodSeconds", PRINTED_NON_NEG),
    req("revisionHistoryLimit", PRINTED_NON_NEG),
    req("minReadySeconds", PRINTED_NON_NEG),
    req("strategy", DEPLOYMENT_STRATEGY),
    req("lifecycle", LIFECYCLE),
    req("command", STRINGS),
    req("args", STRINGS),
    req("extraEnvFrom", Ty::List(&ENV_FROM_SOURCE)),
    req("sidecars", Ty::List(&CONTAINER)),
    req("runtimeClassName", Ty::Str(&OPTIONAL_DNS_SUBDOMAIN)),
    req("hostAliases", Ty::List(&HOST_ALIAS)),
    req("dnsConfig", POD_DNS_CONFIG),
    req("priorityClassName", Ty::Str(&OPTIONAL_DNS_SUBDOMAIN)),
    req("podAnnotations", STRING_MAP),
    req("podLabels", STRING_MAP),
    req("env", Ty::List(&ENV_VAR)),
    req("initContainers", Ty::List(&CONTAINER)),
    req("extraVolumes", Ty::List(&VOLUME)),
    req("extraVolumeMounts", Ty::List(&VOLUME_MOUNT)),
    req("resources", RESOURCES),
    req(
        "healthCheck",
        Ty::Object(&[
            req("livenessProbe", PROBE),
            req("readinessProbe", PROBE),
            req("startupProbe", PROBE),
        ]),
    ),
    req(
        "autoscaling",
        Ty::Object(&[
            req("enabled", Ty::Bool),
            req("minReplicas", PRINTED_POSITIVE),
            req("maxReplicas", PRINTED_POSITIVE),
            opt(
                "targetCPUUtilizationPercentage",
                Ty::Nullable(&PRINTED_POSITIVE),
            ),
            opt(
                "targetMemoryUtilizationPercentage",
                Ty::Nullable(&PRINTED_POSITIVE),
            ),
            opt("behavior", Ty::Nullable(&HPA_BEHAVIOR)),
        ]),
    ),
    req(
        "podDisruptionBudget",
        Ty::Object(&[
            opt("enabled", Ty::Nullable(&Ty::Bool)),
            opt("minAvailable", Ty::Nullable(&Ty::IntOrPercent)),
            opt("maxUnavailable", Ty::Nullable(&Ty::IntOrPercent)),
            opt(
                "unhealthyPodEvictionPolicy",
                Ty::Nullable(&Ty::Enum(&["IfHealthyBudget", "AlwaysAllow"])),
            ),
        ]),
    ),
    req(
        "service",
        Ty::Object(&[
            req("type", Ty::Enum(&["ClusterIP", "NodePort", "LoadBalancer"])),
            req("port", PORT),
            opt("nodePort", Ty::Nullable(&PORT)),
            req("annotations", STRING_MAP),
            req("labels", STRING_MAP),
            req("externalTrafficPolicy", Ty::Enum(&["", "Cluster", "Local"])),
            req("loadBalancerClass", STR),
            req("loadBalancerSourceRanges", STRINGS),
        ]),
    ),
    req(
        "ingress",
        Ty::Object(&[
            req("enabled", Ty::Bool),
            req("className", Ty::Str(&OPTIONAL_DNS_SUBDOMAIN)),
            req("annotations", STRING_MAP),
            req("hosts", Ty::List(&INGRESS_HOST)),
            req("tls", Ty::List(&INGRESS_TLS)),
        ]),
    ),
    req(
        "httpRoute",
        Ty::Object(&[
            req("enabled", Ty::Bool),
            req("annotations", STRING_MAP),
            req("parentRefs", Ty::List(&PARENT_REFERENCE)),
            req("hostnames", Ty::List(&STR)),
            req("rules", Ty::List(&HTTP_ROUTE_RULE)),
        ]),
    ),
    req(
        "configmap",
        Ty::Object(&[
            req("enabled", Ty::Bool),
            req("data", Ty::Dict(Some(&ENV_KEY), &Ty::Scalar)),
        ]),
    ),
    req(
        "secrets",
        Ty::Object(&[
            req("create", Ty::Bool),
            req("existingSecret", Ty::Str(&OPTIONAL_DNS_SUBDOMAIN)),
            req("data", Ty::Dict(Some(&ENV_KEY), &Ty::Scalar)),
        ]),
    ),
    req("checkovSkipAnnotations", Ty::Bool),
    req("podSecurityContext", POD_SECURITY_CONTEXT),
    req("securityContext", SECURITY_CONTEXT),
    req(
        "serviceAccount",
        Ty::Object(&[
            req("create", Ty::Bool),
            req("name", Ty::Str(&OPTIONAL_DNS_SUBDOMAIN)),
            req("annotations", STRING_MAP),
            req("automount", Ty::Bool),
        ]),
    ),
    req(
        "networkPolicy",
        Ty::Object(&[
            req("enabled", Ty::Bool),
            req(
                "ingress",
                Ty::Object(&[
                    req("namespaceIsolation", Ty::Bool),
                    req("extraRules", Ty::List(&NETWORK_POLICY_INGRESS_RULE)),
                ]),
            ),
            req(
                "egress",
                Ty::Object(&[
                    req("enabled", Ty::Bool),
                    req("allowDNS", Ty::Bool),
                    req("extraRules", Ty::List(&NETWORK_POLICY_EGRESS_RULE)),
                ]),
            ),
        ]),
    ),
    req(
        "metrics",
        Ty::Object(&[
            req("enabled", Ty::Bool),
            req("path", Ty::Str(&HTTP_PATH)),
            req("scrapeFromNamespace", Ty::Str(&OPTIONAL_DNS_SUBDOMAIN)),
            req(
                "serviceMonitor",
                Ty::Object(&[
                    req("enabled", Ty::Bool),
                    req("interval", Ty::Str(&PROMETHEUS_DURATION)),
                    req("scrapeTimeout", Ty::Str(&PROMETHEUS_DURATION)),
                    req("labels", STRING_MAP),
                ]),
            ),
        ]),
    ),
    req("nodeSelector", STRING_MAP),
    req("tolerations", Ty::List(&TOLERATION)),
    req("affinity", AFFINITY),
    req(
        "topologySpreadConstraints",
        Ty::List(&TOPOLOGY_SPREAD_CONSTRAINT),
    ),
    req(
        "tests",
        Ty::Object(&[
            req("enabled", Ty::Bool),
            req(
                "image",
                Ty::Object(&[
                    req("repository", Ty::Str(&IMAGE_REPOSITORY)),
                    req("tag", Ty::Tag),
                    req("pullPolicy", Ty::Enum(&["Always", "IfNotPresent", "Never"])),
                ]),
            ),
        ]),
    ),
]);

/// The first character of `s` that Helm cannot write as YAML: go-yaml's reader
/// refuses U+007F, U+0080-U+0084, U+0086-U+009F, U+FFFE and U+FFFF, and Go's
/// `json.Marshal` leaves them unescaped. Helm 3 then refuses the values (its schema
/// validation writes them as YAML), and `toYaml` in Helm 4 silently renders
/// nothing for any value that holds one.
pub fn unwritable_char(s: &str) -> Option<char> {
    s.chars()
        .find(|c| matches!(*c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}'))
}

/// A position in the values while they are checked: segments borrow from the
/// values and the model, and become a [`ValuesPath`] only for a diagnostic.
struct Walk<'a> {
    base: ValuesPath,
    segments: Vec<Segment<'a>>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

impl Walk<'_> {
    fn path(&self) -> ValuesPath {
        let mut path = self.base.clone();
        for segment in &self.segments {
            path.push(match *segment {
                Segment::Key(k) => crate::value::PathSegment::Key(k.to_string()),
                Segment::Index(i) => crate::value::PathSegment::Index(i),
            });
        }
        path
    }

    fn error(&self, out: &mut Diagnostics, message: String) {
        out.error(&self.path(), message);
    }
}

fn check_chars(s: &str, what: &str, w: &Walk, out: &mut Diagnostics) {
    if let Some(c) = unwritable_char(s) {
        w.error(
            out,
            format!(
                "the {what} contains the control character U+{:04X}, which Helm cannot write as YAML",
                u32::from(c)
            ),
        );
    }
}

/// Checks every key and string of a free-form subtree for [`unwritable_char`].
fn check_tree_chars<'a>(value: &'a Value, w: &mut Walk<'a>, out: &mut Diagnostics) {
    match value {
        Value::String(s) => check_chars(s, "value", w, out),
        Value::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                w.segments.push(Segment::Index(i));
                check_tree_chars(v, w, out);
                w.segments.pop();
            }
        }
        Value::Map(map) => {
            for (key, v) in map {
                w.segments.push(Segment::Key(key));
                check_chars(key, "key", w, out);
                check_tree_chars(v, w, out);
                w.segments.pop();
            }
        }
        _ => {}
    }
}

/// Checks `value` against `ty`, reporting every mismatch under `path`.
pub fn check_types(value: &Value, ty: &Ty, path: &mut ValuesPath, out: &mut Diagnostics) {
    let mut w = Walk {
        base: path.clone(),
        segments: Vec::new(),
    };
    check(value, ty, &mut w, out);
}

fn check<'a>(value: &'a Value, ty: &Ty, w: &mut Walk<'a>, out: &mut Diagnostics) {
    if let Value::String(s) = value
        && !matches!(ty, Ty::Any)
    {
        check_chars(s, "value", w, out);
    }
    match (ty, value) {
        (Ty::Any, v) => check_tree_chars(v, w, out),
        (Ty::Nullable(_), Value::Null) => {}
        (Ty::Nullable(inner), v) => check(v, inner, w, out),
        (Ty::Bool, Value::Bool(_)) => {}
        // Compared exactly, as Helm's schema validators compare: a float64 of
        // 2^62 is above 2^62 - 1, though both round to the same float64.
        (Ty::Int { min, max }, v) => match whole_number(v).map(|_| exact_integer(v)) {
            Some(n) if n < i128::from(*min) => w.error(
                out,
                format!("must be >= {min}, got {}", number_at(v, &w.path())),
            ),
            Some(n) if n > i128::from(*max) => w.error(
                out,
                format!("must be <= {max}, got {}", number_at(v, &w.path())),
            ),
            Some(_) => {}
            None => w.error(
                out,
                format!("must be a whole number, got {}", describe_at(v, &w.path())),
            ),
        },
        (Ty::Str(rule), Value::String(s)) => check_str(s, rule, w, out),
        (Ty::Enum(options), Value::String(s)) if options.contains(&s.as_str()) => {}
        (Ty::Enum(options), v) => w.error(
            out,
            format!(
                "must be one of {}, got {}",
                options
                    .iter()
                    .map(|o| format!("{o:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                describe_at(v, &w.path())
            ),
        ),
        (Ty::IntOrPercent, Value::String(s)) => check_str(s, &PERCENT, w, out),
        (Ty::IntOrPercent, v) => check(v, &PRINTED_NON_NEG, w, out),
        (Ty::Tag, Value::String(s)) => check_str(s, &IMAGE_TAG, w, out),
        (Ty::Tag, v @ (Value::Int(_) | Value::Float(_))) => out.warning(
            &w.path(),
            format!(
                "the number {0} is used as the tag \"{0}\"; quote the tag in YAML (\"1.10\" stays 1.10, 1.10 becomes 1.1)",
                v.go_string()
            ),
        ),
        (Ty::Quantity, Value::String(s)) if is_quantity(s) => {}
        (Ty::Quantity, Value::Int(_) | Value::Float(_)) => {}
        (Ty::Quantity, v) => w.error(
            out,
            format!(
                "must be a quantity such as 500m or 1Gi, got {}",
                describe_at(v, &w.path())
            ),
        ),
        (Ty::Scalar, Value::String(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_)) => {}
        (Ty::Object(fields) | Ty::OpenObject(fields), Value::Map(map)) => {
            for field in *fields {
                w.segments.push(Segment::Key(field.name));
                match map.get(field.name) {
                    Some(v) => check(v, &field.ty, w, out),
                    None if field.required => w.error(out, "is required".to_string()),
                    None => {}
                }
                w.segments.pop();
            }
            for (key, v) in map {
                if !fields.iter().any(|f| f.name == key) {
                    w.segments.push(Segment::Key(key));
                    if matches!(ty, Ty::OpenObject(_)) {
                        check_chars(key, "key", w, out);
                        check_tree_chars(v, w, out);
                    } else {
                        w.error(out, unknown_key_message(key, fields));
                    }
                    w.segments.pop();
                }
            }
        }
        (Ty::Dict(key_rule, item), Value::Map(map)) => {
            for (key, v) in map {
                w.segments.push(Segment::Key(key));
                check_chars(key, "key", w, out);
                if let Some(rule) = key_rule
                    && !(rule.test)(key)
                {
                    w.error(out, format!("the key must be {}", rule.meaning));
                }
                check(v, item, w, out);
                w.segments.pop();
            }
        }
        (Ty::List(item), Value::Seq(items)) => {
            for (i, v) in items.iter().enumerate() {
                w.segments.push(Segment::Index(i));
                check(v, item, w, out);
                w.segments.pop();
            }
        }
        (ty, v) => w.error(
            out,
            format!("must be {}, got {}", expected(ty), describe_at(v, &w.path())),
        ),
    }
}

/// "unknown key", with the likely intended key when one is close (a typo), else
/// the keys allowed here.
fn unknown_key_message(key: &str, fields: &[Field]) -> String {
    let closest = fields
        .iter()
        .map(|f| {
            (
                edit_distance(&key.to_lowercase(), &f.name.to_lowercase()),
                f.name,
            )
        })
        .min();
    match closest {
        Some((distance, name)) if distance <= (key.len() / 3).max(2) => {
            format!("unknown key; did you mean {name:?}?")
        }
        _ => {
            let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
            format!("unknown key; known keys here: {}", known.join(", "))
        }
    }
}

/// Levenshtein distance, on chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

fn check_str(s: &str, rule: &StrRule, w: &Walk, out: &mut Diagnostics) {
    if !(rule.test)(s) {
        let got = if is_secret(&w.path()) {
            "a string (not shown)".to_string()
        } else {
            format!("{s:?}")
        };
        w.error(out, format!("must be {}, got {got}", rule.meaning));
    } else if let Some(max) = rule.max_len
        && s.chars().count() > max
    {
        w.error(
            out,
            format!(
                "must be at most {max} characters, got {}",
                s.chars().count()
            ),
        );
    }
}

/// The number, when `v` is a whole number (an int64, or an integral float64).
/// A whole number exactly (a float64 as the integer it is; saturating far
/// beyond any bound).
fn exact_integer(v: &Value) -> i128 {
    match v {
        Value::Int(i) => i128::from(*i),
        Value::Float(f) => *f as i128,
        _ => 0,
    }
}

pub fn whole_number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 => Some(*f),
        _ => None,
    }
}

fn expected(ty: &Ty) -> &'static str {
    match ty {
        Ty::Bool => "true or false",
        Ty::Int { .. } => "a whole number",
        Ty::Str(_) | Ty::Tag => "a string",
        Ty::Enum(_) => "one of its options",
        Ty::IntOrPercent => "a whole number or a percentage such as \"50%\"",
        Ty::Quantity => "a quantity",
        Ty::Scalar => "a string, number or boolean",
        Ty::Nullable(inner) => expected(inner),
        Ty::Object(_) | Ty::OpenObject(_) | Ty::Dict(..) => "a map",
        Ty::List(_) => "a list",
        Ty::Any => "anything",
    }
}

/// Whether values at `path` may be secrets (`secrets` itself, `secrets.data...`):
/// messages about them never show the value.
pub fn is_secret(path: &ValuesPath) -> bool {
    use crate::value::PathSegment::Key;
    match path.segments() {
        [Key(a)] => a == "secrets",
        [Key(a), Key(b), ..] => a == "secrets" && b == "data",
        _ => false,
    }
}

/// [`describe`], without the value where it may be a secret.
fn describe_at(v: &Value, path: &ValuesPath) -> String {
    if !is_secret(path) {
        return describe(v);
    }
    match v {
        Value::Bool(_) => "a boolean (not shown)".into(),
        Value::Int(_) | Value::Float(_) => "a number (not shown)".into(),
        Value::String(_) => "a string (not shown)".into(),
        other => describe(other),
    }
}

fn number_at(v: &Value, path: &ValuesPath) -> String {
    if is_secret(path) {
        "a number (not shown)".into()
    } else {
        v.go_string()
    }
}

/// A value for messages: its kind and, for scalars, the value.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Int(_) | Value::Float(_) => format!("number {}", v.go_string()),
        Value::String(s) => format!("string {s:?}"),
        Value::Seq(_) => "a list".into(),
        Value::Map(_) => "a map".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each rule's Rust test says what its schema pattern (and length) says, on
    /// strings near every rule's edges.
    #[test]
    fn string_rules_agree_with_their_schema_patterns() {
        let rules: [(&str, &StrRule); 12] = [
            ("DNS_SUBDOMAIN", &DNS_SUBDOMAIN),
            ("OPTIONAL_DNS_SUBDOMAIN", &OPTIONAL_DNS_SUBDOMAIN),
            ("NAME_OVERRIDE", &NAME_OVERRIDE),
            ("HTTP_PATH", &HTTP_PATH),
            ("IMAGE_REPOSITORY", &IMAGE_REPOSITORY),
            ("IMAGE_TAG", &IMAGE_TAG),
            ("DIGEST", &DIGEST),
            ("ENV_KEY", &ENV_KEY),
            ("PERCENT", &PERCENT),
            ("DNS_LABEL", &DNS_LABEL),
            ("OPTIONAL_REGISTRY", &OPTIONAL_REGISTRY),
            ("PROMETHEUS_DURATION", &PROMETHEUS_DURATION),
        ];
        let mut probes: Vec<String> = [
            "",
            " ",
            "a",
            "A",
            "0",
            "-",
            "-a",
            "a-",
            "a.b",
            "a..b",
            ".a",
            "a_b",
            "a/b",
            "/",
            "/api",
            "/api/v1:x",
            "/a:",
            "/a b",
            "api",
            "//",
            "a:b",
            "registry.example.com:5000",
            "registry.example.com/team/app",
            "1.0.0",
            "v1.2.3-rc.1",
            "_x",
            "50%",
            "0%",
            "%",
            "5O%",
            "100%",
            "sha256:",
            "sha256:xyz",
            "30s",
            "1m30s",
            "500ms",
            "1ms1s",
            "30",
            "1.5s",
            "LOG_LEVEL",
            "my.key",
            "ключ",
            "a b",
            "tab\tx",
            "x\n",
            "0x1F",
            "on",
            "1h2m3s4ms",
            "2w1d",
            "1y",
            "s",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        probes.push(format!(
            "sha256:{}",
            "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"
        ));
        probes.push("a".repeat(63));
        probes.push("a".repeat(64));
        probes.push("t".repeat(128));
        probes.push("t".repeat(129));
        probes.push(format!("{}.{}", "a".repeat(63), "b".repeat(200)));
        for (name, rule) in rules {
            let pattern = regex::Regex::new(rule.pattern.unwrap_or("")).expect(name);
            for probe in &probes {
                let short_enough = rule.max_len.is_none_or(|max| probe.chars().count() <= max);
                // `check_str`: the rule's test, then its length.
                assert_eq!(
                    (rule.test)(probe) && short_enough,
                    pattern.is_match(probe) && short_enough,
                    "{name} on {probe:?}: the Rust test and the schema's pattern disagree"
                );
            }
        }
    }

    #[test]
    fn string_rules_match_their_patterns() {
        assert!(is_dns_subdomain("api.example.com"));
        assert!(!is_dns_subdomain("Api.example.com"));
        assert!(!is_dns_subdomain("a..b"));
        assert!(!is_dns_subdomain("-a"));
        assert!(is_http_path("/"));
        assert!(is_http_path("/api/v1:x"));
        assert!(!is_http_path("/a:"));
        assert!(!is_http_path("/a b"));
        assert!(!is_http_path("api"));
        assert!(is_quantity("500m"));
        assert!(is_quantity("1Gi"));
        assert!(is_quantity("1e3"));
        assert!(!is_quantity("1 Gi"));
        assert!(!is_quantity("Gi"));
        assert!(is_digest(
            "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"
        ));
        assert!(!is_digest("sha256:xyz"));
        assert!(is_tag("1.0.0") && is_tag("") && !is_tag("-x") && !is_tag("a b"));
        assert!(is_optional_registry("") && is_optional_registry("registry.example.com:5000"));
        for ok in ["", "0", "30s", "1m", "1m30s", "500ms", "1h2m3s4ms", "2w1d"] {
            assert!(is_prometheus_duration(ok), "{ok}");
        }
        for bad in ["30", "s", "1s1m", "1.5s", "30S", "1ms1s", "-1s"] {
            assert!(!is_prometheus_duration(bad), "{bad}");
        }
        assert!(!is_optional_registry("/x") && !is_optional_registry("a b"));
    }
}
