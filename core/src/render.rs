//! The chart's templates, in Rust: each function renders what the Go template
//! of the same name renders, from values that [`crate::spec`] and
//! [`crate::check`] have accepted.

use sha2::{Digest, Sha256};

use crate::check::{at, pdb_enabled};
use crate::go::json::to_json;
use crate::go::template::{template_print, truthy};
use crate::helm::HelmVersion;
use crate::node::Node;
use crate::value::Value;

/// The chart's identity, from its `Chart.yaml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub name: String,
    pub version: String,
    pub app_version: String,
}

/// Helm's `.Release`.
#[derive(Clone, Debug, PartialEq)]
pub struct Release {
    pub name: String,
    pub namespace: String,
    pub revision: i64,
    pub is_install: bool,
    pub is_upgrade: bool,
    pub service: String,
    /// The Helm that renders (`.Capabilities.HelmVersion`): how the end of each
    /// rendered template reaches the output.
    pub helm: HelmVersion,
}

impl Release {
    /// What `helm template NAME` uses: an install of revision 1 by Helm (the
    /// newest Helm 4).
    pub fn template(name: &str, namespace: &str) -> Release {
        Release {
            name: name.to_string(),
            namespace: namespace.to_string(),
            revision: 1,
            is_install: true,
            is_upgrade: false,
            service: "Helm".to_string(),
            helm: HelmVersion::V4,
        }
    }
}

/// One rendered object and the template it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The template file under `templates/`, e.g. `deployment.yaml`.
    pub template: &'static str,
    pub kind: &'static str,
    pub name: String,
    /// A Helm hook (rendered by the Go templates in both engines).
    pub hook: bool,
    pub node: Node,
}

/// Kinds in the order Helm installs them (`releaseutil.InstallOrder`); others last.
const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

fn install_rank(kind: &str) -> usize {
    INSTALL_ORDER
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(INSTALL_ORDER.len())
}

/// sprig's `trunc 63 | trimSuffix "-"` on ASCII names.
fn trunc63(s: &str) -> String {
    let cut = if s.len() > 63 {
        // Names are validated ASCII; cut on a char boundary anyway.
        let mut end = 63;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        &s[..end]
    } else {
        s
    };
    cut.strip_suffix('-').unwrap_or(cut).to_string()
}

/// Everything a template sees: `.Values`, `.Chart`, `.Release`, and the helpers.
struct Ctx<'a> {
    values: &'a Value,
    chart: &'a Chart,
    release: &'a Release,
    name: String,
    fullname: String,
}

/// `default .Chart.Name .Values.nameOverride`.
fn base_name(values: &Value, chart: &Chart) -> String {
    let name_override = at(values, "nameOverride");
    if truthy(name_override) {
        name_override.go_string()
    } else {
        chart.name.clone()
    }
}

/// `ai-agent-connector.name`.
pub fn name(values: &Value, chart: &Chart) -> String {
    trunc63(&base_name(values, chart))
}

/// `ai-agent-connector.fullname`.
pub fn fullname(values: &Value, chart: &Chart, release: &Release) -> String {
    let full_override = at(values, "fullnameOverride");
    let base = base_name(values, chart);
    if truthy(full_override) {
        trunc63(&full_override.go_string())
    } else if release.name.contains(&base) {
        trunc63(&release.name)
    } else {
        trunc63(&format!("{}-{}", release.name, base))
    }
}

impl<'a> Ctx<'a> {
    fn new(values: &'a Value, chart: &'a Chart, release: &'a Release) -> Self {
        Ctx {
            values,
            chart,
            release,
            name: name(values, chart),
            fullname: fullname(values, chart, release),
        }
    }

    fn v(&self, dotted: &str) -> &'a Value {
        at(self.values, dotted)
    }

    fn on(&self, dotted: &str) -> bool {
        truthy(self.v(dotted))
    }

    /// `{{ .Values.x }}`, unquoted.
    fn print(&self, dotted: &str) -> Node {
        Node::Plain(template_print(self.v(dotted)))
    }

    fn chart_label(&self) -> String {
        trunc63(&format!("{}-{}", self.chart.name, self.chart.version).replace('+', "_"))
    }

    /// `ai-agent-connector.selectorLabels`, as the template prints it.
    fn selector_labels(&self) -> Vec<(String, Node)> {
        vec![
            (
                "app.kubernetes.io/name".into(),
                Node::Plain(self.name.clone()),
            ),
            (
                "app.kubernetes.io/instance".into(),
                Node::Plain(self.release.name.clone()),
            ),
        ]
    }

    /// `ai-agent-connector.labels`.
    fn labels(&self) -> Vec<(String, Node)> {
        let mut labels = vec![("helm.sh/chart".to_string(), Node::Plain(self.chart_label()))];
        labels.extend(self.selector_labels());
        if !self.chart.app_version.is_empty() {
            labels.push((
                "app.kubernetes.io/version".into(),
                Node::quoted(self.chart.app_version.clone()),
            ));
        }
        labels.push((
            "app.kubernetes.io/managed-by".into(),
            Node::Plain(self.release.service.clone()),
        ));
        labels
    }

    /// `ai-agent-connector.testLabels`: no selector labels.
    fn test_labels(&self) -> Vec<(String, Node)> {
        let mut labels = vec![
            ("helm.sh/chart".to_string(), Node::Plain(self.chart_label())),
            (
                "app.kubernetes.io/instance".into(),
                Node::Plain(self.release.name.clone()),
            ),
            ("app.kubernetes.io/component".into(), Node::plain("test")),
        ];
        if !self.chart.app_version.is_empty() {
            labels.push((
                "app.kubernetes.io/version".into(),
                Node::quoted(self.chart.app_version.clone()),
            ));
        }
        labels.push((
            "app.kubernetes.io/managed-by".into(),
            Node::Plain(self.release.service.clone()),
        ));
        labels
    }

    fn metadata(&self, name: String) -> Node {
        Node::map([
            ("name", Node::Plain(name)),
            ("namespace", Node::Plain(self.release.namespace.clone())),
            ("labels", Node::Map(self.labels())),
        ])
    }

    /// `metadata` with `annotations` from a values map, when it is not empty.
    fn metadata_annotated(&self, name: String, annotations: &str) -> Node {
        let mut meta = self.metadata(name);
        if truthy(self.v(annotations))
            && let Node::Map(entries) = &mut meta
        {
            entries.push((
                "annotations".into(),
                Node::yaml_block(self.v(annotations), 4),
            ));
        }
        meta
    }

    fn service_account_name(&self) -> String {
        let name = self.v("serviceAccount.name");
        if self.on("serviceAccount.create") {
            if truthy(name) {
                name.go_string()
            } else {
                self.fullname.clone()
            }
        } else if truthy(name) {
            name.go_string()
        } else {
            "default".into()
        }
    }

    fn image(&self) -> String {
        let tag = self.v("image.tag");
        let tag = if truthy(tag) {
            tag.go_string()
        } else {
            self.chart.app_version.clone()
        };
        let mut image = format!(
            "{}{}:{}",
            self.registry_prefix(Some("image.registry")),
            self.v("image.repository").go_string(),
            tag
        );
        if self.on("image.digest") {
            image = format!("{image}@{}", self.v("image.digest").go_string());
        }
        image
    }

    /// The registry of an image and a `/`: `global.imageRegistry`, else the
    /// image's own registry (`None` for the test pod's); empty when neither is set.
    fn registry_prefix(&self, own: Option<&str>) -> String {
        let global = self.v("global.imageRegistry");
        let registry = match own {
            _ if truthy(global) => global,
            Some(dotted) => self.v(dotted),
            None => &Value::Null,
        };
        if truthy(registry) {
            format!("{}/", registry.go_string())
        } else {
            String::new()
        }
    }

    /// `ai-agent-connector.imagePullSecrets`: `global.imagePullSecrets`, then
    /// `imagePullSecrets`, for every pod of the chart.
    fn image_pull_secrets(&self, n: usize) -> Option<Node> {
        let mut items = seq_values(self.v("global.imagePullSecrets"));
        items.extend(seq_values(self.v("imagePullSecrets")));
        (!items.is_empty()).then(|| Node::yaml_block(&Value::Seq(items), n))
    }

    fn secret_name(&self) -> Option<String> {
        if self.on("secrets.existingSecret") {
            Some(self.v("secrets.existingSecret").go_string())
        } else if self.on("secrets.create") {
            Some(self.fullname.clone())
        } else {
            None
        }
    }
}

fn object(api_version: &str, kind: &str, metadata: Node, rest: Vec<(&str, Node)>) -> Node {
    let mut entries = vec![
        ("apiVersion".to_string(), Node::plain(api_version)),
        ("kind".to_string(), Node::plain(kind)),
        ("metadata".to_string(), metadata),
    ];
    entries.extend(rest.into_iter().map(|(k, v)| (k.to_string(), v)));
    Node::Map(entries)
}

/// A list the template writes as its own items (`head`, at indentation `n`)
/// and then `{{- with v }}{{- toYaml . | nindent n }}{{- end }}`.
fn splice_seq(head: Vec<Node>, n: usize, v: &Value) -> Node {
    let extra = truthy(v).then_some(v);
    let mut items = head.clone();
    items.extend(list_items(v));
    let object = if items.is_empty() {
        Node::Null
    } else {
        Node::Seq(items)
    };
    Node::spliced(Some(&Node::Seq(head)), n, extra, object)
}

/// A mapping the template writes as its own entries (`head`, at indentation
/// `n`) and then `{{- with v }}{{- toYaml . | nindent n }}{{- end }}`.
fn splice_map(head: Vec<(String, Node)>, n: usize, v: &Value) -> Node {
    let extra = truthy(v).then_some(v);
    let mut entries = head.clone();
    if let Some(Node::Map(more)) = extra.map(Node::to_yaml) {
        entries.extend(more);
    }
    let object = if entries.is_empty() {
        Node::Null
    } else {
        Node::Map(entries)
    };
    Node::spliced(Some(&Node::Map(head)), n, extra, object)
}

/// The items of a list value.
fn seq_values(v: &Value) -> Vec<Value> {
    match v {
        Value::Seq(items) => items.clone(),
        _ => Vec::new(),
    }
}

/// The entries of a list value, as `toYaml` writes them.
fn list_items(v: &Value) -> Vec<Node> {
    match v {
        Value::Seq(items) => items.iter().map(Node::to_yaml).collect(),
        _ => Vec::new(),
    }
}

fn sha256_hex(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(text.as_bytes()) {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// Renders every object of the chart for accepted values, in Helm's install
/// order, hooks last (as `helm template` prints them).
pub fn render_documents(values: &Value, chart: &Chart, release: &Release) -> Vec<Document> {
    let ctx = Ctx::new(values, chart, release);
    let mut docs: Vec<Document> = Vec::new();
    let mut add = |template, kind, name: &String, node| {
        docs.push(Document {
            template,
            kind,
            name: name.clone(),
            hook: false,
            node,
        })
    };
    let full = &ctx.fullname;
    if ctx.on("networkPolicy.enabled") {
        add(
            "networkpolicy.yaml",
            "NetworkPolicy",
            full,
            network_policy(&ctx),
        );
    }
    if pdb_enabled(values) {
        add("pdb.yaml", "PodDisruptionBudget", full, pdb(&ctx));
    }
    if ctx.on("serviceAccount.create") {
        add(
            "serviceaccount.yaml",
            "ServiceAccount",
            &ctx.service_account_name(),
            service_account(&ctx),
        );
    }
    if ctx.on("secrets.create") {
        add("secret.yaml", "Secret", full, secret(&ctx));
    }
    if ctx.on("configmap.enabled") {
        add("configmap.yaml", "ConfigMap", full, config_map(&ctx));
    }
    add("service.yaml", "Service", full, service(&ctx));
    add("deployment.yaml", "Deployment", full, deployment(&ctx));
    if ctx.on("autoscaling.enabled") {
        add("hpa.yaml", "HorizontalPodAutoscaler", full, hpa(&ctx));
    }
    if ctx.on("ingress.enabled") {
        add("ingress.yaml", "Ingress", full, ingress(&ctx));
    }
    if ctx.on("httpRoute.enabled") {
        add("httproute.yaml", "HTTPRoute", full, http_route(&ctx));
    }
    if ctx.on("metrics.enabled") && ctx.on("metrics.serviceMonitor.enabled") {
        add(
            "servicemonitor.yaml",
            "ServiceMonitor",
            full,
            service_monitor(&ctx),
        );
    }
    // Helm's install order; kinds it does not know go last, by kind name.
    docs.sort_by_key(|d| {
        let rank = install_rank(d.kind);
        (
            rank,
            if rank == INSTALL_ORDER.len() {
                d.kind
            } else {
                ""
            },
        )
    });
    end_documents_like_helm(&mut docs, release.helm, 1);
    if ctx.on("tests.enabled") {
        let (name, node) = test_pod(&ctx);
        docs.push(Document {
            template: "tests/test-health.yaml",
            kind: "Pod",
            name,
            hook: true,
            node,
        });
    }
    docs
}

fn network_policy(ctx: &Ctx) -> Node {
    let egress = ctx.on("networkPolicy.egress.enabled");
    let mut policy_types = vec![Node::plain("Ingress")];
    if egress {
        policy_types.push(Node::plain("Egress"));
    }
    let mut ingress = Vec::new();
    if ctx.on("networkPolicy.ingress.namespaceIsolation") {
        ingress.push(Node::map([
            (
                "from",
                Node::Seq(vec![Node::map([("podSelector", Node::Map(vec![]))])]),
            ),
            (
                "ports",
                Node::Seq(vec![Node::map([
                    ("port", ctx.print("containerPort")),
                    ("protocol", Node::plain("TCP")),
                ])]),
            ),
        ]));
    }
    if ctx.on("metrics.enabled") && ctx.on("metrics.scrapeFromNamespace") {
        ingress.push(Node::map([
            (
                "from",
                Node::Seq(vec![Node::map([(
                    "namespaceSelector",
                    Node::map([(
                        "matchLabels",
                        Node::map([(
                            "kubernetes.io/metadata.name",
                            ctx.print("metrics.scrapeFromNamespace"),
                        )]),
                    )]),
                )])]),
            ),
            (
                "ports",
                Node::Seq(vec![Node::map([
                    ("port", ctx.print("containerPort")),
                    ("protocol", Node::plain("TCP")),
                ])]),
            ),
        ]));
    }
    let ingress = splice_seq(ingress, 4, ctx.v("networkPolicy.ingress.extraRules"));
    let mut spec = vec![
        (
            "podSelector",
            Node::map([("matchLabels", Node::Map(ctx.selector_labels()))]),
        ),
        ("policyTypes", Node::Seq(policy_types)),
        ("ingress", ingress),
    ];
    if egress {
        let mut rules = Vec::new();
        if ctx.on("networkPolicy.egress.allowDNS") {
            let port = |protocol| {
                Node::map([("port", Node::Int(53)), ("protocol", Node::plain(protocol))])
            };
            rules.push(Node::map([
                (
                    "to",
                    Node::Seq(vec![Node::map([
                        ("namespaceSelector", Node::Map(vec![])),
                        (
                            "podSelector",
                            Node::map([(
                                "matchLabels",
                                Node::map([("k8s-app", Node::plain("kube-dns"))]),
                            )]),
                        ),
                    ])]),
                ),
                ("ports", Node::Seq(vec![port("UDP"), port("TCP")])),
            ]));
        }
        spec.push((
            "egress",
            splice_seq(rules, 4, ctx.v("networkPolicy.egress.extraRules")),
        ));
    }
    object(
        "networking.k8s.io/v1",
        "NetworkPolicy",
        ctx.metadata(ctx.fullname.clone()),
        vec![("spec", Node::map(spec))],
    )
}

fn http_route(ctx: &Ctx) -> Node {
    let mut spec = vec![(
        "parentRefs",
        Node::yaml_block(ctx.v("httpRoute.parentRefs"), 4),
    )];
    if let Value::Seq(hosts) = ctx.v("httpRoute.hostnames")
        && !hosts.is_empty()
    {
        spec.push((
            "hostnames",
            Node::Seq(hosts.iter().map(|h| Node::quoted(h.go_string())).collect()),
        ));
    }
    let rules = seq_values(ctx.v("httpRoute.rules"))
        .iter()
        .map(|rule| {
            let mut entries = vec![(
                "backendRefs",
                Node::Seq(vec![Node::map([
                    ("name", Node::Plain(ctx.fullname.clone())),
                    ("port", ctx.print("service.port")),
                ])]),
            )];
            for key in ["matches", "filters"] {
                let v = at(rule, key);
                if truthy(v) {
                    entries.push((key, Node::yaml_block(v, 8)));
                }
            }
            Node::map(entries)
        })
        .collect();
    spec.push(("rules", Node::Seq(rules)));
    object(
        "gateway.networking.k8s.io/v1",
        "HTTPRoute",
        ctx.metadata_annotated(ctx.fullname.clone(), "httpRoute.annotations"),
        vec![("spec", Node::map(spec))],
    )
}

fn service_monitor(ctx: &Ctx) -> Node {
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

fn pdb(ctx: &Ctx) -> Node {
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

fn service_account(ctx: &Ctx) -> Node {
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

fn secret(ctx: &Ctx) -> Node {
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

fn config_map(ctx: &Ctx) -> Node {
    object(
        "v1",
        "ConfigMap",
        ctx.metadata(ctx.fullname.clone()),
        vec![("data", string_data(ctx.v("configmap.data"), |s| s))],
    )
}

fn service(ctx: &Ctx) -> Node {
    let mut port = vec![
        ("name", Node::plain("http")),
        ("port", ctx.print("service.port")),
        ("targetPort", Node::plain("http")),
        ("protocol", Node::plain("TCP")),
    ];
    if !ctx.v("service.nodePort").is_null() {
        port.push(("nodePort", ctx.print("service.nodePort")));
    }
    let mut metadata = vec![
        ("name", Node::Plain(ctx.fullname.clone())),
        ("namespace", Node::Plain(ctx.release.namespace.clone())),
        (
            "labels",
            splice_map(ctx.labels(), 4, ctx.v("service.labels")),
        ),
    ];
    if ctx.on("service.annotations") {
        metadata.push((
            "annotations",
            Node::yaml_block(ctx.v("service.annotations"), 4),
        ));
    }
    let mut spec = vec![("type", ctx.print("service.type"))];
    for key in ["externalTrafficPolicy", "loadBalancerClass"] {
        if ctx.on(&format!("service.{key}")) {
            spec.push((key, ctx.print(&format!("service.{key}"))));
        }
    }
    if ctx.on("service.loadBalancerSourceRanges") {
        spec.push((
            "loadBalancerSourceRanges",
            Node::yaml_block(ctx.v("service.loadBalancerSourceRanges"), 4),
        ));
    }
    spec.push(("ports", Node::Seq(vec![Node::map(port)])));
    spec.push(("selector", Node::Map(ctx.selector_labels())));
    object(
        "v1",
        "Service",
        Node::map(metadata),
        vec![("spec", Node::map(spec))],
    )
}

fn probe(ctx: &Ctx, name: &str) -> Option<Node> {
    let probe = at(ctx.v("healthCheck"), name);
    if !truthy(probe) || !truthy(at(probe, "enabled")) {
        return None;
    }
    let field = |f: &str| (f.to_string(), Node::printed(at(probe, f)));
    Some(Node::Map(vec![
        (
            "httpGet".into(),
            Node::map([
                ("path", Node::printed(at(probe, "path"))),
                ("port", ctx.print("containerPort")),
                ("scheme", Node::plain("HTTP")),
            ]),
        ),
        field("initialDelaySeconds"),
        field("periodSeconds"),
        field("timeoutSeconds"),
        field("failureThreshold"),
        field("successThreshold"),
    ]))
}

fn deployment(ctx: &Ctx) -> Node {
    let read_only_root = ctx.on("securityContext.readOnlyRootFilesystem");
    let secret_name = ctx.secret_name();

    let mut annotations = Vec::new();
    if ctx.on("configmap.enabled") {
        let json = to_json(ctx.v("configmap.data")).unwrap_or_default();
        annotations.push((
            "checksum/config".to_string(),
            Node::Plain(sha256_hex(&json)),
        ));
    }
    if ctx.on("secrets.create") {
        let json = to_json(ctx.v("secrets.data")).unwrap_or_default();
        annotations.push((
            "checksum/secret".to_string(),
            Node::Plain(sha256_hex(&json)),
        ));
    }
    let annotations = splice_map(annotations, 8, ctx.v("podAnnotations"));
    let pod_labels = splice_map(ctx.labels(), 8, ctx.v("podLabels"));

    let mut container: Vec<(String, Node)> = vec![
        ("name".into(), Node::Plain(ctx.chart.name.clone())),
        ("image".into(), Node::quoted(ctx.image())),
        ("imagePullPolicy".into(), ctx.print("image.pullPolicy")),
    ];
    for key in ["command", "args"] {
        if ctx.on(key) {
            container.push((key.into(), Node::yaml_block(ctx.v(key), 12)));
        }
    }
    container.extend([(
        "ports".into(),
        Node::Seq(vec![Node::map([
            ("name", Node::plain("http")),
            ("containerPort", ctx.print("containerPort")),
            ("protocol", Node::plain("TCP")),
        ])]),
    )]);
    {
        let env = vec![Node::map([
            ("name", Node::plain("PORT")),
            ("value", Node::quoted(ctx.v("containerPort").go_string())),
        ])];
        container.push(("env".into(), splice_seq(env, 12, ctx.v("env"))));
    }
    if ctx.on("configmap.enabled") || secret_name.is_some() || ctx.on("extraEnvFrom") {
        let mut env_from = Vec::new();
        if ctx.on("configmap.enabled") {
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
            splice_seq(env_from, 12, ctx.v("extraEnvFrom")),
        ));
    }
    for name in ["startupProbe", "livenessProbe", "readinessProbe"] {
        if let Some(p) = probe(ctx, name) {
            container.push((name.into(), p));
        }
    }
    for (key, values_key) in [
        ("lifecycle", "lifecycle"),
        ("resources", "resources"),
        ("securityContext", "securityContext"),
    ] {
        if ctx.on(values_key) {
            container.push((key.into(), Node::yaml_block(ctx.v(values_key), 12)));
        }
    }
    if read_only_root || ctx.on("extraVolumeMounts") {
        let mut mounts = Vec::new();
        if read_only_root {
            mounts.push(Node::map([
                ("name", Node::plain("tmp")),
                ("mountPath", Node::plain("/tmp")),
            ]));
        }
        container.push((
            "volumeMounts".into(),
            splice_seq(mounts, 12, ctx.v("extraVolumeMounts")),
        ));
    }

    let mut pod: Vec<(String, Node)> = Vec::new();
    if let Some(secrets) = ctx.image_pull_secrets(8) {
        pod.push(("imagePullSecrets".into(), secrets));
    }
    pod.push((
        "serviceAccountName".into(),
        Node::Plain(ctx.service_account_name()),
    ));
    pod.push((
        "automountServiceAccountToken".into(),
        ctx.print("serviceAccount.automount"),
    ));
    if ctx.on("podSecurityContext") {
        pod.push((
            "securityContext".into(),
            Node::yaml_block(ctx.v("podSecurityContext"), 8),
        ));
    }
    if ctx.on("priorityClassName") {
        pod.push(("priorityClassName".into(), ctx.print("priorityClassName")));
    }
    if ctx.on("runtimeClassName") {
        pod.push(("runtimeClassName".into(), ctx.print("runtimeClassName")));
    }
    for key in ["hostAliases", "dnsConfig"] {
        if ctx.on(key) {
            pod.push((key.into(), Node::yaml_block(ctx.v(key), 8)));
        }
    }
    pod.push((
        "terminationGracePeriodSeconds".into(),
        ctx.print("terminationGracePeriodSeconds"),
    ));
    if ctx.on("initContainers") {
        pod.push((
            "initContainers".into(),
            Node::yaml_block(ctx.v("initContainers"), 8),
        ));
    }
    pod.push((
        "containers".into(),
        splice_seq(vec![Node::Map(container)], 8, ctx.v("sidecars")),
    ));
    if read_only_root || ctx.on("extraVolumes") {
        let mut volumes = Vec::new();
        if read_only_root {
            volumes.push(Node::map([
                ("name", Node::plain("tmp")),
                ("emptyDir", Node::Map(vec![])),
            ]));
        }
        pod.push((
            "volumes".into(),
            splice_seq(volumes, 8, ctx.v("extraVolumes")),
        ));
    }
    for key in ["nodeSelector", "affinity", "tolerations"] {
        if ctx.on(key) {
            pod.push((key.into(), Node::yaml_block(ctx.v(key), 8)));
        }
    }
    if let Value::Seq(constraints) = ctx.v("topologySpreadConstraints")
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
    if !ctx.on("autoscaling.enabled") {
        spec.push(("replicas", ctx.print("replicaCount")));
    }
    spec.push(("revisionHistoryLimit", ctx.print("revisionHistoryLimit")));
    if ctx.on("minReadySeconds") {
        spec.push(("minReadySeconds", ctx.print("minReadySeconds")));
    }
    if ctx.on("strategy") {
        spec.push(("strategy", Node::yaml_block(ctx.v("strategy"), 4)));
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
    let skips = if ctx.on("checkovSkipAnnotations") {
        checkov_skips(ctx, secret_name.is_some())
    } else {
        Vec::new()
    };
    if let Node::Map(entries) = &mut metadata
        && !skips.is_empty()
    {
        // `{{- . | trim | nindent 4 }}` of the helper's lines.
        let helper = skips
            .iter()
            .map(|(key, value)| match value {
                Node::Plain(v) => format!("{key}: {v}"),
                _ => format!("{key}: "),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut text = crate::yaml::emit::nindent(4, &helper);
        text.push('\n');
        entries.push((
            "annotations".into(),
            Node::Raw {
                node: Box::new(Node::Map(skips)),
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
    if !ctx.on("image.digest") {
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
    if !ctx.on("networkPolicy.enabled") {
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

fn hpa(ctx: &Ctx) -> Node {
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

fn ingress(ctx: &Ctx) -> Node {
    let mut spec = Vec::new();
    if ctx.on("ingress.className") {
        spec.push(("ingressClassName", ctx.print("ingress.className")));
    }
    if let Value::Seq(tls) = ctx.v("ingress.tls")
        && !tls.is_empty()
    {
        let entries = tls
            .iter()
            .map(|t| {
                let hosts = match at(t, "hosts") {
                    Value::Seq(h) => h.iter().map(|h| Node::quoted(h.go_string())).collect(),
                    _ => Vec::new(),
                };
                Node::map([
                    (
                        "hosts",
                        if hosts.is_empty() {
                            Node::plain("")
                        } else {
                            Node::Seq(hosts)
                        },
                    ),
                    ("secretName", Node::printed(at(t, "secretName"))),
                ])
            })
            .collect();
        spec.push(("tls", Node::Seq(entries)));
    }
    let rules: Vec<Node> = match ctx.v("ingress.hosts") {
        Value::Seq(hosts) => hosts
            .iter()
            .map(|h| {
                let paths: Vec<Node> = match at(h, "paths") {
                    Value::Seq(paths) => paths
                        .iter()
                        .map(|p| {
                            Node::map([
                                ("path", Node::printed(at(p, "path"))),
                                ("pathType", Node::printed(at(p, "pathType"))),
                                (
                                    "backend",
                                    Node::map([(
                                        "service",
                                        Node::map([
                                            ("name", Node::Plain(ctx.fullname.clone())),
                                            ("port", Node::map([("name", Node::plain("http"))])),
                                        ]),
                                    )]),
                                ),
                            ])
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                Node::map([
                    ("host", Node::quoted(at(h, "host").go_string())),
                    (
                        "http",
                        Node::map([(
                            "paths",
                            if paths.is_empty() {
                                Node::plain("")
                            } else {
                                Node::Seq(paths)
                            },
                        )]),
                    ),
                ])
            })
            .collect(),
        _ => Vec::new(),
    };
    spec.push((
        "rules",
        if rules.is_empty() {
            Node::plain("")
        } else {
            Node::Seq(rules)
        },
    ));
    object(
        "networking.k8s.io/v1",
        "Ingress",
        ctx.metadata_annotated(ctx.fullname.clone(), "ingress.annotations"),
        vec![("spec", Node::map(spec))],
    )
}

fn test_pod(ctx: &Ctx) -> (String, Node) {
    let name = format!("{}-test", trunc_56(&ctx.fullname));
    let mut meta = Node::map([
        ("name", Node::Plain(name.clone())),
        ("namespace", Node::Plain(ctx.release.namespace.clone())),
        ("labels", Node::Map(ctx.test_labels())),
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
        if ctx.on("checkovSkipAnnotations") {
            annotations.extend(skips);
        }
        entries.push(("annotations".into(), Node::map(annotations)));
    }
    let url = format!(
        "http://{}:{}{}",
        ctx.fullname,
        template_print(ctx.v("service.port")),
        template_print(ctx.v("healthCheck.readinessProbe.path"))
    );
    let mut spec = vec![
        ("restartPolicy", Node::plain("Never")),
        ("automountServiceAccountToken", Node::Bool(false)),
    ];
    if let Some(secrets) = ctx.image_pull_secrets(4) {
        spec.push(("imagePullSecrets", secrets));
    }
    for key in ["nodeSelector", "tolerations"] {
        if ctx.on(key) {
            spec.push((key, Node::yaml_block(ctx.v(key), 4)));
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
                                template_print(ctx.v("tests.image.repository")),
                                template_print(ctx.v("tests.image.tag"))
                            )),
                        ),
                        ("imagePullPolicy", ctx.print("tests.image.pullPolicy")),
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

/// What Helm does to the end of each rendered template, as it shows in the
/// objects: only these templates can end with a user's string written by
/// `toYaml` (the others end with fixed or quoted text). Helm 3 and 4.1 trim the
/// end; the newest Helm 4 keeps it, and adds a newline after each document
/// (`extra` newlines: 1, and 2 for `--show-only`), which a literal block with
/// kept trailing newlines (`|+`) reads as more newlines.
pub fn end_documents_like_helm(docs: &mut [Document], helm: HelmVersion, extra: usize) {
    let last_manifest = docs.iter().rposition(|d| !d.hook);
    for (i, doc) in docs.iter_mut().enumerate() {
        if matches!(
            doc.kind,
            "Deployment" | "NetworkPolicy" | "HorizontalPodAutoscaler" | "HTTPRoute"
        ) {
            match helm {
                HelmVersion::V4 if Some(i) != last_manifest => doc.node.keep_end_like_helm(extra),
                _ => doc.node.trim_end_like_helm(),
            }
        }
    }
}

fn trunc_56(s: &str) -> String {
    let cut = if s.len() > 56 { &s[..56] } else { s };
    cut.strip_suffix('-').unwrap_or(cut).to_string()
}

/// The RenderRequest carrier the chart renders with `renderer.engine=wasm`
/// (`templates/renderrequest.yaml`), for tests and tools that build one.
pub fn render_request(
    values: &Value,
    chart: &Chart,
    release: &Release,
    kube_version: &str,
) -> Node {
    use base64::Engine as _;
    let ctx = Ctx::new(values, chart, release);
    let json = crate::go::json::to_typed_json(values).unwrap_or_default();
    Node::map([
        ("apiVersion", Node::plain("render.ai-agent-connector.io/v1")),
        ("kind", Node::plain("RenderRequest")),
        (
            "metadata",
            Node::map([
                ("name", Node::Plain(ctx.fullname.clone())),
                ("namespace", Node::Plain(release.namespace.clone())),
            ]),
        ),
        (
            "chart",
            Node::map([
                ("name", Node::quoted(chart.name.clone())),
                ("version", Node::quoted(chart.version.clone())),
                ("appVersion", Node::quoted(chart.app_version.clone())),
            ]),
        ),
        (
            "release",
            Node::map([
                ("name", Node::quoted(release.name.clone())),
                ("namespace", Node::quoted(release.namespace.clone())),
                ("revision", Node::Int(release.revision)),
                ("isInstall", Node::Bool(release.is_install)),
                ("isUpgrade", Node::Bool(release.is_upgrade)),
                ("service", Node::quoted(release.service.clone())),
            ]),
        ),
        (
            "capabilities",
            Node::map([("kubeVersion", Node::quoted(kube_version))]),
        ),
        (
            "typedValues",
            Node::Plain(base64::engine::general_purpose::STANDARD.encode(json)),
        ),
    ])
}
