//! The chart's templates, in Rust: each function renders what the Go template
//! of the same name renders, from values that [`crate::chart::spec`] and
//! [`crate::chart::check`] have accepted.

mod deployment;
mod network;
mod objects;
mod test_pod;

use deployment::deployment;
use network::{http_route, ingress, network_policy, service};
use objects::{
    config_map, hpa, pdb, pod_monitor, prometheus_rule, secret, service_account, service_monitor,
};
use test_pod::test_pod;

use sha2::{Digest, Sha256};

use crate::chart::check::{field, pdb_enabled};
use crate::chart::spec::Key;
use crate::go::json::to_json;
use crate::go::template::{template_print, truthy};
use crate::helm::HelmVersion;
use crate::key;
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
    /// `.Capabilities.KubeVersion.Version` (`--kube-version`, or the cluster's
    /// on install), as Helm shows it; `None`: the default of `helm`
    /// ([`HelmVersion::default_kube_version`]).
    pub kube_version: Option<String>,
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
            kube_version: None,
        }
    }

    /// `.Capabilities.KubeVersion.Version`.
    pub fn kube_version(&self) -> &str {
        self.kube_version
            .as_deref()
            .unwrap_or(self.helm.default_kube_version())
    }
}

/// One rendered object and the template it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The template file under `templates/`, e.g. `deployment.yaml`.
    pub template: &'static str,
    pub kind: String,
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
    let name_override = key!("nameOverride").of(values);
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
    let full_override = key!("fullnameOverride").of(values);
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

    /// `.Values.x`.
    fn v(&self, key: Key) -> &'a Value {
        key.of(self.values)
    }

    /// `{{ if .Values.x }}`.
    fn on(&self, key: Key) -> bool {
        truthy(self.v(key))
    }

    /// `{{ .Values.x }}`, unquoted.
    fn print(&self, key: Key) -> Node {
        Node::Plain(template_print(self.v(key)))
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
        self.push_release_labels(&mut labels);
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
        self.push_release_labels(&mut labels);
        labels
    }

    /// The version and `managed-by` labels both label helpers end with.
    fn push_release_labels(&self, labels: &mut Vec<(String, Node)>) {
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
    }

    /// `{{- include "ai-agent-connector.labels" . | nindent n }}` (the chart's
    /// labels, then `commonLabels`), then the object's own labels `own`
    /// (`{{- with own }}{{- toYaml . | nindent n }}{{- end }}`).
    fn labels_at(&self, n: usize, own: Option<Key>) -> Node {
        let common = self.v(key!("commonLabels"));
        match own {
            Some(own) => splice_maps(self.labels(), n, &[common, self.v(own)]),
            None => splice_maps(self.labels(), n, &[common]),
        }
    }

    /// `ai-agent-connector.testLabels`, with `commonLabels`, at indentation `n`.
    fn test_labels_at(&self, n: usize) -> Node {
        splice_maps(self.test_labels(), n, &[self.v(key!("commonLabels"))])
    }

    /// `ai-agent-connector.annotations`: the object's own annotations `own` and
    /// `commonAnnotations` (the object's own win), at indentation 4; `None`
    /// when there are none.
    fn annotations(&self, own: Option<Key>) -> Option<Node> {
        let mut merged = self
            .v(key!("commonAnnotations"))
            .as_map()
            .cloned()
            .unwrap_or_default();
        if let Some(own) = own.and_then(|k| self.v(k).as_map()) {
            merged.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        (!merged.is_empty()).then(|| Node::yaml_block(&Value::Map(merged), 4))
    }

    fn metadata(&self, name: String) -> Node {
        self.metadata_with(name, None, None)
    }

    /// An object named `fullname`, with plain `metadata` and a `spec`.
    fn spec_object(&self, api_version: &str, kind: &str, spec: Vec<(&str, Node)>) -> Node {
        object(
            api_version,
            kind,
            self.metadata(self.fullname.clone()),
            vec![("spec", Node::map(spec))],
        )
    }

    /// `metadata` with the object's own `annotations` from a values map.
    fn metadata_annotated(&self, name: String, annotations: Key) -> Node {
        self.metadata_with(name, None, Some(annotations))
    }

    /// `metadata`: name, namespace, the labels (and the object's own `labels`),
    /// the annotations (and the object's own `annotations`).
    fn metadata_with(&self, name: String, labels: Option<Key>, annotations: Option<Key>) -> Node {
        let mut entries = vec![
            ("name".to_string(), Node::Plain(name)),
            (
                "namespace".to_string(),
                Node::Plain(self.release.namespace.clone()),
            ),
            ("labels".to_string(), self.labels_at(4, labels)),
        ];
        if let Some(annotations) = self.annotations(annotations) {
            entries.push(("annotations".into(), annotations));
        }
        Node::Map(entries)
    }

    fn service_account_name(&self) -> String {
        let name = self.v(key!("serviceAccount.name"));
        if self.on(key!("serviceAccount.create")) {
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
        let tag = self.v(key!("image.tag"));
        let tag = if truthy(tag) {
            tag.go_string()
        } else {
            self.chart.app_version.clone()
        };
        let mut image = format!(
            "{}{}:{}",
            self.registry_prefix(Some(key!("image.registry"))),
            self.v(key!("image.repository")).go_string(),
            tag
        );
        if self.on(key!("image.digest")) {
            image = format!("{image}@{}", self.v(key!("image.digest")).go_string());
        }
        image
    }

    /// The registry of an image and a `/`: `global.imageRegistry`, else the
    /// image's own registry (`None` for the test pod's); empty when neither is set.
    fn registry_prefix(&self, own: Option<Key>) -> String {
        let global = self.v(key!("global.imageRegistry"));
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
        let mut items = seq_values(self.v(key!("global.imagePullSecrets")));
        items.extend(seq_values(self.v(key!("imagePullSecrets"))));
        (!items.is_empty()).then(|| Node::yaml_block(&Value::Seq(items), n))
    }

    fn secret_name(&self) -> Option<String> {
        if self.on(key!("secrets.existingSecret")) {
            Some(self.v(key!("secrets.existingSecret")).go_string())
        } else if self.on(key!("secrets.create")) {
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
/// `n`) and then, for each of `values`,
/// `{{- with v }}{{- toYaml . | nindent n }}{{- end }}`.
fn splice_maps(head: Vec<(String, Node)>, n: usize, values: &[&Value]) -> Node {
    let extras: Vec<&Value> = values.iter().copied().filter(|v| truthy(v)).collect();
    let mut entries = head.clone();
    for v in &extras {
        if let Node::Map(more) = Node::to_yaml(v) {
            entries.extend(more);
        }
    }
    let object = if entries.is_empty() {
        Node::Null
    } else {
        Node::Map(entries)
    };
    let mut node = Node::spliced(Some(&Node::Map(head)), n, None, object);
    if let Node::Raw { text, .. } = &mut node {
        text.pop();
        for v in extras {
            text.push_str(&crate::yaml::emit::nindent(
                n,
                &crate::yaml::emit::to_yaml(v),
            ));
        }
        text.push('\n');
    }
    node
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
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// Renders every object of the chart for accepted values, in Helm's install
/// order, hooks last (as `helm template` prints them).
pub fn render_documents(values: &Value, chart: &Chart, release: &Release) -> Vec<Document> {
    let ctx = Ctx::new(values, chart, release);
    let mut docs: Vec<Document> = Vec::new();
    let mut add = |template, kind: &str, name: &String, node| {
        docs.push(Document {
            template,
            kind: kind.to_string(),
            name: name.clone(),
            hook: false,
            node,
        })
    };
    let full = &ctx.fullname;
    if ctx.on(key!("networkPolicy.enabled")) {
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
    if ctx.on(key!("serviceAccount.create")) {
        add(
            "serviceaccount.yaml",
            "ServiceAccount",
            &ctx.service_account_name(),
            service_account(&ctx),
        );
    }
    if ctx.on(key!("secrets.create")) {
        add("secret.yaml", "Secret", full, secret(&ctx));
    }
    if ctx.on(key!("configmap.enabled")) {
        add("configmap.yaml", "ConfigMap", full, config_map(&ctx));
    }
    add("service.yaml", "Service", full, service(&ctx));
    add("deployment.yaml", "Deployment", full, deployment(&ctx));
    if ctx.on(key!("autoscaling.enabled")) {
        add("hpa.yaml", "HorizontalPodAutoscaler", full, hpa(&ctx));
    }
    if ctx.on(key!("ingress.enabled")) {
        add("ingress.yaml", "Ingress", full, ingress(&ctx));
    }
    if ctx.on(key!("httpRoute.enabled")) {
        add("httproute.yaml", "HTTPRoute", full, http_route(&ctx));
    }
    if ctx.on(key!("metrics.enabled")) && ctx.on(key!("metrics.serviceMonitor.enabled")) {
        add(
            "servicemonitor.yaml",
            "ServiceMonitor",
            full,
            service_monitor(&ctx),
        );
    }
    if ctx.on(key!("metrics.enabled")) && ctx.on(key!("metrics.podMonitor.enabled")) {
        add("podmonitor.yaml", "PodMonitor", full, pod_monitor(&ctx));
    }
    if ctx.on(key!("metrics.prometheusRule.enabled")) {
        add(
            "prometheusrule.yaml",
            "PrometheusRule",
            full,
            prometheus_rule(&ctx),
        );
    }
    if let Value::Seq(items) = ctx.v(key!("extraObjects")) {
        for item in items {
            add(
                EXTRA_OBJECTS,
                field(item, "kind").go_string().as_str(),
                &field(field(item, "metadata"), "name").go_string(),
                extra_object(item),
            );
        }
    }
    sort_like_helm(&mut docs);
    end_documents_like_helm(&mut docs, release.helm, 1);
    if ctx.on(key!("tests.enabled")) {
        let (name, node) = test_pod(&ctx);
        docs.push(Document {
            template: "tests/test-health.yaml",
            kind: "Pod".into(),
            name,
            hook: true,
            node,
        });
    }
    docs
}

/// The template of `extraObjects`.
const EXTRA_OBJECTS: &str = "extra-objects.yaml";

/// An item of `extraObjects`, as `{{ tpl (toYaml .) $ }}` writes it (the
/// values accepted hold no `{{`, so `tpl` writes what it is given).
fn extra_object(item: &Value) -> Node {
    let mut text = crate::yaml::emit::to_yaml(item);
    text.push('\n');
    Node::Raw {
        node: Box::new(Node::to_yaml(item)),
        text,
    }
}

/// The order `releaseutil.SortManifests` gives: by kind in install order
/// (kinds it does not know last, by kind name), then by template file, then
/// as each template writes them.
fn sort_like_helm(docs: &mut [Document]) {
    fn order(d: &Document) -> (usize, &str, &str) {
        let rank = install_rank(&d.kind);
        let unknown = if rank == INSTALL_ORDER.len() {
            d.kind.as_str()
        } else {
            ""
        };
        (rank, unknown, d.template)
    }
    docs.sort_by(|a, b| order(a).cmp(&order(b)));
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
            doc.template,
            "deployment.yaml"
                | "networkpolicy.yaml"
                | "hpa.yaml"
                | "httproute.yaml"
                | "prometheusrule.yaml"
                | EXTRA_OBJECTS
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
