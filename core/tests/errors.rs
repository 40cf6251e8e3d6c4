//! The exact error and warning messages, as snapshots (`tests/snapshots/`):
//! each kind of type error, unknown and missing keys, every cross-field check,
//! load errors with `file:line:col`, and that secret values never appear.
//!
//! Update after an intended change with `INSTA_UPDATE=always cargo test -p aac-core
//! --test errors` (or `cargo insta review`), then read the diff.

use aac_core::Release;
use aac_core::diagnostics::Diagnostic;
use aac_core::{HelmVersion, ValuesOptions};

/// What the core says about some values: `rendered` or the errors, then warnings.
fn describe(result: Result<aac_core::Rendering, Vec<Diagnostic>>) -> String {
    let mut out = String::new();
    match result {
        Ok(rendering) => {
            out.push_str("rendered\n");
            for w in &rendering.warnings {
                out.push_str(&format!("warning: {w}\n"));
            }
        }
        Err(errors) => {
            for e in &errors {
                out.push_str(&format!("error: {e}\n"));
            }
        }
    }
    out
}

fn render_with(options: &ValuesOptions) -> String {
    describe(aac_core::render(
        options,
        &Release::template("demo", "default"),
        |path| match path {
            "files/key.pem" => Ok("-----BEGIN KEY-----\n".to_string()),
            other => Err(format!("open {other}: no such file or directory")),
        },
    ))
}

/// Renders one values file named `my-values.yaml` (the chart's own is `values.yaml`).
fn file(yaml: &str) -> String {
    render_with(&ValuesOptions::with_files(&[("my-values.yaml", yaml)]))
}

/// Renders `--set`-style flags: `("--set", "a=b")`.
fn flags(flags: &[(&str, &str)]) -> String {
    let mut options = ValuesOptions::default();
    for (flag, value) in flags {
        options
            .flag_values(flag)
            .unwrap_or_else(|| panic!("unknown flag {flag}"))
            .push(value.to_string());
    }
    render_with(&options)
}

/// Several labelled inputs and what the core says about each, as one text.
fn table(cases: &[(&str, String)]) -> String {
    cases
        .iter()
        .map(|(label, out)| format!("## {label}\n{out}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn type_errors() {
    insta::assert_snapshot!(table(&[
        ("boolean", file("autoscaling:\n  enabled: \"false\"\n")),
        (
            "boolean from a YAML 1.1 look-alike",
            file("ingress:\n  enabled: yEs\n")
        ),
        ("whole number: a fraction", file("replicaCount: 2.5\n")),
        ("whole number: a string", file("replicaCount: \"3\"\n")),
        (
            "whole number: below the minimum",
            file("autoscaling:\n  minReplicas: 0\n")
        ),
        (
            "whole number: above the maximum",
            file("containerPort: 70000\n")
        ),
        (
            "whole number: beyond int32",
            file("securityContext:\n  runAsUser: 1e10\n"),
        ),
        (
            "whole number: printed, a million",
            file("replicaCount: 1e6\n")
        ),
        ("enumeration", file("image:\n  pullPolicy: always\n")),
        ("enumeration: not a string", file("service:\n  type: 1\n")),
        (
            "string: a number",
            file("env:\n  - name: WORKERS\n    value: 4\n")
        ),
        (
            "string: a boolean",
            file("env:\n  - name: DEBUG\n    value: yes\n")
        ),
        ("DNS label", file("nameOverride: My_App\n")),
        (
            "DNS subdomain",
            file("serviceAccount:\n  name: Agent.Example\n")
        ),
        (
            "DNS subdomain: too long",
            file(&format!(
                "ingress:\n  hosts:\n    - host: {}.example.com\n      paths: []\n",
                vec!["a".repeat(60); 4].join(".")
            )),
        ),
        (
            "HTTP path",
            file("healthCheck:\n  livenessProbe:\n    path: health\n")
        ),
        (
            "image repository",
            file("image:\n  repository: \"my repo\"\n")
        ),
        ("image tag: a string", file("image:\n  tag: \"-latest\"\n")),
        ("image tag: a boolean", file("image:\n  tag: true\n")),
        ("digest", file("image:\n  digest: sha256:abc\n")),
        (
            "number or percentage",
            file("podDisruptionBudget:\n  minAvailable: \"50\"\n")
        ),
        (
            "number or percentage: negative",
            file("podDisruptionBudget:\n  minAvailable: -1\n")
        ),
        (
            "quantity",
            file("resources:\n  limits:\n    cpu: \"1 core\"\n")
        ),
        (
            "scalar: a list",
            file("configmap:\n  data:\n    HOSTS: [a, b]\n")
        ),
        (
            "scalar: null",
            file("configmap:\n  data:\n    EMPTY: null\n")
        ),
        (
            "map key rule",
            file("configmap:\n  data:\n    \"bad key\": x\n")
        ),
        ("map: a list", file("podAnnotations: [a]\n")),
        ("list: a map", file("tolerations:\n  key: x\n")),
        (
            "list item: a string",
            file("imagePullSecrets:\n  - regcred\n")
        ),
        (
            "nullable: wrong type",
            file("service:\n  nodePort: \"30080\"\n  type: NodePort\n")
        ),
        (
            "control character",
            file(
                "podLabels:\n  team: \"a\\x7fb\"\naffinity:\n  nodeAffinity:\n    \"k\\u0085\\u0090\": x\n"
            ),
        ),
        (
            "an integer bound, compared exactly after float64 rounding",
            file(
                "tolerations:\n  - key: a\n    operator: Exists\n    effect: NoExecute\n    tolerationSeconds: 4611686018427387903\n"
            )
        ),
        (
            "several at once",
            file(
                "replicaCount: -1\nimage:\n  pullPolicy: Sometimes\n  tag: false\nservice:\n  port: 0\n"
            )
        ),
    ]));
}

#[test]
fn unknown_and_missing_keys() {
    insta::assert_snapshot!(table(&[
        ("unknown top-level key", file("replicas: 3\n")),
        ("unknown nested key", file("image:\n  tags: \"1.0\"\n")),
        (
            "unknown key in a list item",
            file("tolerations:\n  - key: a\n    opertor: Exists\n")
        ),
        (
            "unknown key in a Kubernetes type",
            file("securityContext:\n  runAsRoot: false\n")
        ),
        (
            "unknown key from --set",
            flags(&[("--set", "service.ports=80")])
        ),
        (
            "null deletes a required default",
            file("service:\n  port: null\n")
        ),
        (
            "required key missing in a list item",
            file("extraVolumeMounts:\n  - name: data\n")
        ),
        ("required map deleted", file("resources: ~\n")),
        (
            "global takes keys meant for other subcharts",
            file("global:\n  storageClass: fast\n  imageRegistry: mirror.example.com\n")
        ),
        (
            "global's own keys are typed",
            file("global:\n  imageRegistry: 5\n  imagePullSecrets: regcred\n")
        ),
    ]));
}

#[test]
fn cross_field_checks() {
    insta::assert_snapshot!(table(&[
        ("renderer engine", file("renderer:\n  engine: go\n")),
        (
            "min replicas above max",
            file("autoscaling:\n  minReplicas: 5\n  maxReplicas: 3\n"),
        ),
        (
            "autoscaling without a target",
            file(
                "autoscaling:\n  targetCPUUtilizationPercentage: null\n  targetMemoryUtilizationPercentage: null\n"
            ),
        ),
        (
            "probe timeout not below period",
            file(
                "healthCheck:\n  livenessProbe:\n    timeoutSeconds: 10\n  readinessProbe:\n    timeoutSeconds: 6\n  startupProbe:\n    periodSeconds: 3\n"
            ),
        ),
        (
            "success threshold of liveness and startup probes",
            file(
                "healthCheck:\n  livenessProbe:\n    successThreshold: 2\n  startupProbe:\n    successThreshold: 3\n  readinessProbe:\n    successThreshold: 2\n"
            ),
        ),
        (
            "disabled probes are not checked",
            file(
                "healthCheck:\n  livenessProbe:\n    enabled: false\n    timeoutSeconds: 30\n    successThreshold: 2\n"
            ),
        ),
        (
            "node port without its type",
            file("service:\n  nodePort: 30080\n")
        ),
        (
            "TLS host not among the ingress hosts",
            file(
                "ingress:\n  enabled: true\n  hosts:\n    - host: api.example.com\n      paths:\n        - path: /\n          pathType: Prefix\n  tls:\n    - secretName: api-tls\n      hosts:\n        - api.example.com\n        - www.example.com\n"
            ),
        ),
        (
            "TLS hosts are not checked while the ingress is disabled",
            file("ingress:\n  tls:\n    - secretName: api-tls\n      hosts: [other.example.com]\n"),
        ),
        (
            "existing Secret and a created one",
            file("secrets:\n  create: true\n  existingSecret: managed\n"),
        ),
        (
            "PDB maxUnavailable 0",
            file("podDisruptionBudget:\n  maxUnavailable: 0\n"),
        ),
        (
            "PDB maxUnavailable 0%",
            file("podDisruptionBudget:\n  maxUnavailable: \"0%\"\n"),
        ),
        (
            "PDB minAvailable 100%",
            file("podDisruptionBudget:\n  minAvailable: 100%\n"),
        ),
        (
            "PDB minAvailable with autoscaling",
            file("podDisruptionBudget:\n  minAvailable: 2\n"),
        ),
        (
            "PDB minAvailable with fixed replicas",
            file(
                "autoscaling:\n  enabled: false\nreplicaCount: 2\npodDisruptionBudget:\n  enabled: true\n  minAvailable: 3\n"
            ),
        ),
        (
            "PDB without a budget",
            file("podDisruptionBudget:\n  minAvailable: null\n"),
        ),
        (
            "PDB turned off: autoscaling from one replica renders",
            file("autoscaling:\n  minReplicas: 1\npodDisruptionBudget:\n  enabled: false\n"),
        ),
        (
            "the chart's own pod labels and annotations",
            file(
                "podLabels:\n  app.kubernetes.io/name: other\n  helm.sh/chart: x\n  team: a\npodAnnotations:\n  checksum/config: \"0\"\n"
            ),
        ),
        (
            "a NetworkPolicy that admits nothing",
            file("networkPolicy:\n  enabled: true\n  ingress:\n    namespaceIsolation: false\n"),
        ),
        (
            "PORT apart from containerPort",
            file(
                "containerPort: 8080\nconfigmap:\n  data:\n    PORT: 5000\nenv:\n  - name: PORT\n    value: \"8080\"\n"
            ),
        ),
        (
            "PORT equal to containerPort renders",
            file("containerPort: 8080\nconfigmap:\n  data:\n    PORT: \"8080\"\n"),
        ),
        (
            "extraObjects: a hook, and templates for tpl in a key, a name and a list",
            file(
                "extraObjects:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: \"{{ .Release.Name }}-x\"\n      annotations: {helm.sh/hook: pre-install}\n    data:\n      \"{{ a }}\": b\n      list: [x, \"{{ y }}\"]\n"
            ),
        ),
        (
            "extraObjects: no kind, a lowercase kind, a bad apiVersion, a string item",
            file(
                "extraObjects:\n  - apiVersion: v1\n    metadata: {name: a}\n  - apiVersion: apps/v1beta\n    kind: configMap\n    metadata: {name: b}\n  - \"apiVersion: v1\"\n"
            ),
        ),
        (
            "every cross-field problem at once",
            file(
                "autoscaling:\n  minReplicas: 4\n  maxReplicas: 2\nservice:\n  nodePort: 30001\nsecrets:\n  create: true\n  existingSecret: x\npodDisruptionBudget:\n  maxUnavailable: 0\n"
            ),
        ),
    ]));
}

#[test]
fn release_name() {
    insta::assert_snapshot!(describe(aac_core::render(
        &ValuesOptions::default(),
        &Release::template("Not_A_Release", "default"),
        |_| Err("no files".into()),
    )));
}

#[test]
fn load_errors_have_locations() {
    insta::assert_snapshot!(table(&[
        (
            "syntax error",
            file("image:\n  repository: x\n   tag: \"1.0\"\n")
        ),
        ("tab indentation", file("image:\n\ttag: \"1.0\"\n")),
        (
            "a YAML 1.2 document (go-yaml v2 reads 1.1 only)",
            file("%YAML 1.2\n---\nreplicaCount: 2\n")
        ),
        ("unclosed quote", file("image:\n  tag: \"1.0\n")),
        ("infinity", file("configmap:\n  data:\n    LIMIT: .inf\n")),
        ("null key", file("podLabels:\n  ~: x\n")),
        ("not a map", file("- a\n- b\n")),
        ("unknown alias", file("podLabels: *labels\n")),
        (
            "type errors point at the line",
            file("# comment\nimage:\n  pullPolicy: Sometimes\nreplicaCount: many\n"),
        ),
        ("--set without a value", flags(&[("--set", "replicaCount")])),
        (
            "--set with a bad index",
            flags(&[("--set", "tolerations[x].key=a")])
        ),
        (
            "--set-json bad JSON",
            flags(&[("--set-json", "podLabels={a:1}")])
        ),
        (
            "--set-file missing",
            flags(&[("--set-file", "image.tag=files/missing.txt")])
        ),
        (
            "--set type error points at the flag",
            flags(&[
                ("--set", "autoscaling.enabled=false"),
                ("--set", "replicaCount=-2")
            ]),
        ),
    ]));
}

#[test]
fn warnings() {
    insta::assert_snapshot!(table(&[
        ("number used as an image tag", file("image:\n  tag: 1.10\n")),
        (
            "whole number used as an image tag",
            file("tests:\n  image:\n    tag: 2\n")
        ),
        ("duplicate key", file("replicaCount: 1\nreplicaCount: 2\n")),
        (
            "a map over a chart scalar",
            file("nameOverride:\n  name: x\n"),
        ),
        (
            "a scalar over a chart map",
            file("podSecurityContext:\n  seccompProfile: RuntimeDefault\n"),
        ),
    ]));
    let helm3 = ValuesOptions {
        values_files: vec![(
            "values.yaml".into(),
            "replicaCount: 1\n---\nreplicaCount: 2\n".into(),
        )],
        helm_version: HelmVersion::V3,
        ..ValuesOptions::default()
    };
    insta::assert_snapshot!("warnings_helm3_multi_document", render_with(&helm3));
}

/// Values of `secrets.data` never appear in a message, whatever is wrong with them
/// or around them.
#[test]
fn secret_values_never_appear_in_messages() {
    const SECRET: &str = "S3CRET-VALUE";
    let files: Vec<String> = vec![
        format!("secrets:\n  create: true\n  data:\n    KEY: [{SECRET}]\n"),
        format!("secrets:\n  create: true\n  data:\n    KEY:\n      nested: {SECRET}\n"),
        format!("secrets:\n  create: true\n  data:\n    KEY: \"{SECRET}\\x7f\"\n"),
        format!("secrets:\n  create: true\n  data:\n    \"bad key\": {SECRET}\n"),
        format!("secrets:\n  create: true\n  existingSecret: x\n  data:\n    KEY: {SECRET}\n"),
        format!("secrets:\n  create: true\n  data:\n    KEY: {SECRET}\n    KEY: {SECRET}-2\n"),
        format!("secrets:\n  data:\n    KEY: \"{SECRET}\n"),
        format!("secrets:\n  data:\n    KEY: '{SECRET}\n  other: x\n"),
        format!("secrets:\n  data:\n    KEY: {SECRET}\n   bad: indentation\n"),
        format!("secrets:\n  data:\n    KEY: {SECRET}\n\tTAB: x\n"),
        format!("secrets:\n  data:\n    KEY: *{SECRET}\n"),
        format!("secrets:\n  data:\n    KEY: !!int {SECRET}\n"),
        format!("secrets:\n  data: {SECRET}\n"),
        format!("secrets: {SECRET}\n"),
        format!("secrets:\n  data:\n    KEY: {SECRET}\nreplicaCount: x\n"),
        format!("secrets:\n  data:\n    KEY: {SECRET}\n---\nsecrets: [\n"),
    ];
    let flag_sets: Vec<Vec<(&str, String)>> = vec![
        vec![(
            "--set",
            format!("secrets.data.KEY={SECRET},secrets.data[0]=x"),
        )],
        vec![("--set", format!("secrets.data.KEY={SECRET},replicaCount"))],
        vec![("--set", format!("secrets.data.KEY[x]={SECRET}"))],
        vec![(
            "--set-string",
            format!("secrets.data.KEY={SECRET},secrets.create"),
        )],
        vec![("--set-json", format!("secrets.data.KEY=[\"{SECRET}\"]"))],
        vec![("--set-json", format!("secrets.data={{\"KEY\":\"{SECRET}\""))],
        vec![(
            "--set-json",
            format!("{{\"secrets\":{{\"data\":{{\"KEY\":\"{SECRET}\"}}"),
        )],
        vec![
            ("--set-literal", format!("secrets.data.KEY={SECRET}")),
            ("--set", "secrets.data=x".into()),
        ],
        vec![
            ("--set", format!("secrets.data.KEY={SECRET}")),
            ("--set", "secrets.create=maybe".into()),
        ],
    ];
    let mut leaks = Vec::new();
    for yaml in &files {
        for version in [HelmVersion::V3, HelmVersion::V4] {
            let out = render_with(&ValuesOptions {
                values_files: vec![("my-values.yaml".into(), yaml.clone())],
                helm_version: version,
                ..ValuesOptions::default()
            });
            if out.contains(SECRET) {
                leaks.push(format!("{version:?} file:\n{yaml}->\n{out}"));
            }
        }
    }
    for set in &flag_sets {
        for version in [HelmVersion::V3, HelmVersion::V4] {
            let mut options = ValuesOptions {
                helm_version: version,
                ..ValuesOptions::default()
            };
            for (flag, value) in set {
                match *flag {
                    "--set" => options.set.push(value.clone()),
                    "--set-string" => options.set_string.push(value.clone()),
                    "--set-json" => options.set_json.push(value.clone()),
                    _ => options.set_literal.push(value.clone()),
                }
            }
            let out = render_with(&options);
            if out.contains(SECRET) {
                leaks.push(format!("{version:?} flags {set:?}:\n{out}"));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "secret values in messages:\n{}",
        leaks.join("\n")
    );
}
