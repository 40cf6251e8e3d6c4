//! The chart's values, declared once: every key of `values.yaml` with its
//! type, and the Kubernetes types of the free-form subtrees (the fields of
//! their current API, values unchecked below).

use super::rules::*;
use super::{Ty, opt, req};

const STRINGS: Ty = Ty::List(&STR);

/// A Prometheus Operator ServiceMonitor or PodMonitor of the metrics endpoint.
const MONITOR: Ty = Ty::Object(&[
    req("enabled", Ty::Bool),
    req("interval", Ty::Str(&PROMETHEUS_DURATION)),
    req("scrapeTimeout", Ty::Str(&PROMETHEUS_DURATION)),
    req("labels", STRING_MAP),
]);
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

const CONTAINER_PORT: Ty = Ty::Object(&[
    req("containerPort", PORT),
    opt("name", Ty::Str(&DNS_LABEL)),
    opt("protocol", Ty::Enum(&["TCP", "UDP", "SCTP"])),
    opt("hostIP", STR),
    opt("hostPort", PORT),
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
    opt("ports", Ty::List(&CONTAINER_PORT)),
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

/// A rule of a PrometheusRule group (Prometheus Operator's `Rule`).
const PROMETHEUS_RULE: Ty = Ty::Object(&[
    opt("alert", STR),
    opt("record", STR),
    req("expr", STR),
    opt("for", Ty::Str(&PROMETHEUS_DURATION)),
    opt("keep_firing_for", Ty::Str(&PROMETHEUS_DURATION)),
    opt("labels", STRING_MAP),
    opt("annotations", STRING_MAP),
]);

/// An object of `extraObjects`: any kind, with what Helm sorts and names it by
/// (`kind`, `metadata.name`); every other field passed through as written.
const EXTRA_OBJECT: Ty = Ty::OpenObject(&[
    req("apiVersion", Ty::Str(&API_VERSION)),
    req("kind", Ty::Str(&KIND)),
    req(
        "metadata",
        Ty::OpenObject(&[
            req("name", Ty::Str(&OBJECT_NAME)),
            opt("namespace", Ty::Str(&DNS_LABEL)),
            opt("labels", STRING_MAP),
            opt("annotations", STRING_MAP),
        ]),
    ),
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
    req("commonLabels", STRING_MAP),
    req("commonAnnotations", STRING_MAP),
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
    req("extraContainerPorts", Ty::List(&CONTAINER_PORT)),
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
            req("loadBalancerClass", Ty::Str(&OPTIONAL_QUALIFIED_NAME)),
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
            req("data", Ty::Dict(Some(&ENV_KEY), &Ty::Scalar)).secret(),
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
            req("serviceMonitor", MONITOR),
            req("podMonitor", MONITOR),
            req(
                "prometheusRule",
                Ty::Object(&[
                    req("enabled", Ty::Bool),
                    req("labels", STRING_MAP),
                    req("defaultRules", Ty::Bool),
                    req("rules", Ty::List(&PROMETHEUS_RULE)),
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
    req("extraObjects", Ty::List(&EXTRA_OBJECT)),
]);
