//! The chart, checked with real Helm 3 and Helm 4: lint, Kubernetes schema
//! validation, Helm 4 client-side install, and assertions on the rendered objects
//! for every values scenario.

use std::process::Command;

use aac_tests::{
    HELMS, Rendered, chart_dir, chart_values, helm_template, repo_root, run, scenarios, tool,
};
use serde_json::{Value, json};

/// A setting as a scenario sees it: from the scenario file, else the chart default.
fn setting(file: &str, path: &str) -> Value {
    let lookup = |v: &Value| path.split('.').try_fold(v, |v, k| v.get(k)).cloned();
    lookup(&chart_values(file))
        .or_else(|| lookup(&chart_values("values.yaml")))
        .unwrap_or(Value::Null)
}

/// Collects failures so that one run reports every broken scenario.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.0.push(what());
        }
    }
    fn assert_none(self) {
        assert!(
            self.0.is_empty(),
            "{} failure(s):\n{}",
            self.0.len(),
            self.0.join("\n\n")
        );
    }
}

#[test]
fn lint_strict_is_clean_for_every_scenario() {
    let mut failures = Failures::default();
    for helm in HELMS {
        for file in scenarios() {
            let out = run(&tool(helm), &["lint", "--strict", ".", "-f", &file]);
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            failures.check(out.status.success() && !text.contains("[WARNING]"), || {
                format!("{helm} lint --strict -f {file}:\n{text}")
            });
        }
    }
    failures.assert_none();
}

#[test]
fn rendered_objects_pass_kubernetes_schemas_1_29_and_1_35() {
    let validate = tool("kubernetes-validate");
    let mut failures = Failures::default();
    for helm in HELMS {
        for file in scenarios() {
            let yaml = match helm_template(helm, "ai-agent-connector", &["-f", &file]) {
                Ok(yaml) => yaml,
                Err(err) => {
                    failures.0.push(format!("{helm} template -f {file}: {err}"));
                    continue;
                }
            };
            // Custom resources go to their CRDs' schemas instead.
            let (custom, builtin): (Vec<&str>, Vec<&str>) = yaml
                .split("\n---\n")
                .partition(|doc| is_custom_resource(doc));
            if !custom.is_empty()
                && let Err(report) = validate_custom_resources(&custom.join("\n---\n"))
            {
                failures
                    .0
                    .push(format!("{helm} -f {file}: custom resources:\n{report}"));
            }
            let yaml = builtin.join("\n---\n");
            let manifest = repo_root()
                .join("target/kubernetes-validate")
                .join(format!("{helm}-{}", file.replace('/', "_")));
            std::fs::create_dir_all(manifest.parent().expect("parent")).expect("scratch dir");
            std::fs::write(&manifest, &yaml).expect("write manifests");
            let out = Command::new(&validate)
                .args(["--strict", "--quiet", "-k", "1.29", "-k", "1.35"])
                .arg(&manifest)
                .output()
                .expect("kubernetes-validate runs");
            let report = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            // Every kind the chart renders has a schema: a WARN (no schema) is a failure too.
            failures.check(out.status.success() && !report.contains("WARN"), || {
                format!("{helm} -f {file}: kubernetes-validate --strict:\n{report}")
            });
        }
    }
    failures.assert_none();
}

/// Whether a rendered document is a custom resource (its CRD is not part of
/// Kubernetes, so kubernetes-validate has no schema for it).
fn is_custom_resource(doc: &str) -> bool {
    ["monitoring.coreos.com/", "gateway.networking.k8s.io/"]
        .iter()
        .any(|group| doc.contains(&format!("\napiVersion: {group}")))
}

/// Checks custom resources against their CRDs' schemas (`tests/crd-validate.mjs`).
fn validate_custom_resources(yaml: &str) -> Result<(), String> {
    use std::io::Write as _;
    let objects = serde_json::to_string(&aac_tests::parse_stream(yaml)).expect("JSON");
    let mut child = Command::new("node")
        .arg(repo_root().join("tests/crd-validate.mjs"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(objects.as_bytes())
        .expect("write objects");
    let out = child.wait_with_output().expect("node ends");
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if out.status.success() && report.contains("0 problem(s)") {
        Ok(())
    } else {
        Err(report)
    }
}

#[test]
fn helm4_install_dry_run_client_succeeds_for_every_scenario() {
    let mut failures = Failures::default();
    for (helm4, file) in aac_tests::HELM4S
        .iter()
        .flat_map(|h| scenarios().into_iter().map(move |f| (*h, f)))
    {
        let out = run(
            &tool(helm4),
            &[
                "install",
                "ai-agent-connector",
                ".",
                "--dry-run=client",
                "--namespace",
                "production",
                "-f",
                &file,
            ],
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        failures.check(
            out.status.success()
                && stdout.contains("STATUS: pending-install")
                && stdout.contains("kind: Deployment")
                && stdout.contains("AI Agent Connector 1.0.0 is deployed"),
            || {
                format!(
                    "{helm4} install --dry-run=client -f {file}:\n{stdout}\n{}",
                    String::from_utf8_lossy(&out.stderr)
                )
            },
        );
    }
    failures.assert_none();
}

/// What must hold for the objects of every scenario.
fn check_invariants(label: &str, file: &str, r: &Rendered, failures: &mut Failures) {
    let autoscaling = setting(file, "autoscaling.enabled") == json!(true);
    let pdb_asked = match setting(file, "podDisruptionBudget.enabled") {
        Value::Bool(asked) => asked,
        _ => autoscaling,
    };
    let deployment = r.one("Deployment");
    let name = deployment["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let pod = &deployment["spec"]["template"];
    let selector = &deployment["spec"]["selector"]["matchLabels"];

    // PDB as asked (by default exactly when autoscaling is on), HPA exactly when autoscaling is on.
    failures.check(r.get("PodDisruptionBudget").is_some() == pdb_asked, || {
        format!(
            "{label}: PodDisruptionBudget present = {}, autoscaling = {autoscaling}",
            r.get("PodDisruptionBudget").is_some()
        )
    });
    failures.check(
        r.get("HorizontalPodAutoscaler").is_some() == autoscaling,
        || {
            format!(
                "{label}: HPA present = {}, autoscaling = {autoscaling}",
                r.get("HorizontalPodAutoscaler").is_some()
            )
        },
    );
    // replicas is left to the HPA when it exists.
    failures.check(
        deployment["spec"].get("replicas").is_some() != autoscaling,
        || {
            format!(
                "{label}: Deployment.spec.replicas = {}, autoscaling = {autoscaling}",
                deployment["spec"]["replicas"]
            )
        },
    );

    // Names: DNS labels of at most 63 characters, no trailing '-'.
    for o in &r.objects {
        let n = o["metadata"]["name"].as_str().unwrap_or_default();
        failures.check(!n.is_empty() && n.len() <= 63 && !n.ends_with('-'), || {
            format!(
                "{label}: {} name {n:?} is not a valid 63-character name",
                o["kind"]
            )
        });
    }

    // commonLabels on every object and on the pods, never in a selector;
    // commonAnnotations on every object (its own annotation may win a key).
    let common_labels = setting(file, "commonLabels");
    let common_annotations = setting(file, "commonAnnotations");
    let metas = r
        .objects
        .iter()
        .map(|o| (o["kind"].to_string(), &o["metadata"]))
        .chain([("pod template".to_string(), &pod["metadata"])]);
    for (kind, meta) in metas {
        for (k, v) in common_labels.as_object().into_iter().flatten() {
            failures.check(&meta["labels"][k] == v, || {
                format!("{label}: {kind} lacks common label {k}={v}")
            });
            failures.check(selector.get(k).is_none(), || {
                format!("{label}: common label {k} in the selector")
            });
        }
        if kind == "pod template" {
            continue;
        }
        for (k, _) in common_annotations.as_object().into_iter().flatten() {
            failures.check(meta["annotations"].get(k).is_some(), || {
                format!("{label}: {kind} lacks common annotation {k}")
            });
        }
    }

    // Labels and selectors agree: the pods carry every selector label, and every
    // selector (Service, PDB, NetworkPolicy) is the Deployment's.
    for (k, v) in selector.as_object().into_iter().flatten() {
        failures.check(&pod["metadata"]["labels"][k] == v, || {
            format!("{label}: pod labels lack selector label {k}={v}")
        });
    }
    failures.check(&r.one("Service")["spec"]["selector"] == selector, || {
        format!("{label}: Service selector differs from the Deployment's")
    });
    for kind in ["PodDisruptionBudget", "NetworkPolicy"] {
        if let Some(o) = r.get(kind) {
            let sel = if kind == "NetworkPolicy" {
                &o["spec"]["podSelector"]["matchLabels"]
            } else {
                &o["spec"]["selector"]["matchLabels"]
            };
            failures.check(sel == selector, || {
                format!("{label}: {kind} selector differs from the Deployment's")
            });
        }
    }
    if let Some(hpa) = r.get("HorizontalPodAutoscaler") {
        failures.check(hpa["apiVersion"] == "autoscaling/v2", || {
            format!("{label}: HPA apiVersion {}", hpa["apiVersion"])
        });
        failures.check(
            hpa["spec"]["scaleTargetRef"]
                == json!({"apiVersion": "apps/v1", "kind": "Deployment", "name": name}),
            || format!("{label}: HPA targets {}", hpa["spec"]["scaleTargetRef"]),
        );
    }
    if let Some(ingress) = r.get("Ingress") {
        for rule in ingress["spec"]["rules"].as_array().into_iter().flatten() {
            for p in rule["http"]["paths"].as_array().into_iter().flatten() {
                failures.check(
                    p["backend"]["service"] == json!({"name": name, "port": {"name": "http"}}),
                    || format!("{label}: Ingress backend {}", p["backend"]),
                );
            }
        }
    }

    // Probes: on /api/health at containerPort exactly when enabled; the same port
    // reaches the application as PORT, first in its environment.
    let port = setting(file, "containerPort");
    let container = &pod["spec"]["containers"][0];
    failures.check(
        container["env"][0] == json!({"name": "PORT", "value": port.to_string()}),
        || {
            format!(
                "{label}: env[0] = {}, containerPort {port}",
                container["env"][0]
            )
        },
    );
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        let enabled = setting(file, &format!("healthCheck.{probe}.enabled")) == json!(true);
        let got = &container[probe];
        failures.check(got.is_null() != enabled, || {
            format!(
                "{label}: {probe} present = {}, enabled = {enabled}",
                !got.is_null()
            )
        });
        if enabled {
            failures.check(
                got["httpGet"] == json!({"path": "/api/health", "port": port, "scheme": "HTTP"}),
                || format!("{label}: {probe}.httpGet = {}", got["httpGet"]),
            );
            for field in [
                "initialDelaySeconds",
                "periodSeconds",
                "timeoutSeconds",
                "failureThreshold",
            ] {
                let want = setting(file, &format!("healthCheck.{probe}.{field}"));
                failures.check(got[field] == want, || {
                    format!(
                        "{label}: {probe}.{field} = {}, values say {want}",
                        got[field]
                    )
                });
            }
        }
    }
    // The `http` port, then extraContainerPorts as written.
    let mut ports = vec![json!({"name": "http", "containerPort": port, "protocol": "TCP"})];
    if let Value::Array(extra) = setting(file, "extraContainerPorts") {
        ports.extend(extra);
    }
    failures.check(container["ports"] == Value::Array(ports), || {
        format!("{label}: container ports {}", container["ports"])
    });

    // Secure by default: non-root, all capabilities dropped, no escalation, no token.
    let psc = &pod["spec"]["securityContext"];
    let csc = &container["securityContext"];
    failures.check(
        psc["runAsNonRoot"] == json!(true) && psc["seccompProfile"]["type"] == "RuntimeDefault",
        || format!("{label}: pod securityContext {psc}"),
    );
    failures.check(
        csc["allowPrivilegeEscalation"] == json!(false)
            && csc["capabilities"]["drop"] == json!(["ALL"]),
        || format!("{label}: container securityContext {csc}"),
    );
    let automount = setting(file, "serviceAccount.automount");
    failures.check(
        pod["spec"]["automountServiceAccountToken"] == automount,
        || {
            format!(
                "{label}: automountServiceAccountToken {}",
                pod["spec"]["automountServiceAccountToken"]
            )
        },
    );
    // A read-only root filesystem comes with a writable /tmp.
    let read_only = csc["readOnlyRootFilesystem"] == json!(true);
    let mounts_tmp = container["volumeMounts"]
        .as_array()
        .is_some_and(|m| m.iter().any(|m| m["mountPath"] == "/tmp"));
    failures.check(read_only == mounts_tmp, || {
        format!("{label}: readOnlyRootFilesystem = {read_only}, /tmp mounted = {mounts_tmp}")
    });
}

#[test]
fn rendered_objects_keep_the_chart_promises_for_every_scenario() {
    let mut failures = Failures::default();
    for helm in HELMS {
        for file in scenarios() {
            match helm_template(helm, "ai-agent-connector", &["-f", &file]) {
                Ok(yaml) => check_invariants(
                    &format!("{helm} {file}"),
                    &file,
                    &Rendered::new(&yaml),
                    &mut failures,
                ),
                Err(err) => failures.0.push(format!("{helm} template -f {file}: {err}")),
            }
        }
    }
    failures.assert_none();
}

fn render(file: &str, extra: &[&str]) -> Rendered {
    let mut args = vec!["-f", file];
    args.extend_from_slice(extra);
    Rendered::new(
        &helm_template("helm4", "ai-agent-connector", &args).unwrap_or_else(|e| panic!("{e}")),
    )
}

#[test]
fn defaults_render_the_documented_probes_autoscaling_and_objects() {
    let r = render("values.yaml", &[]);
    let mut kinds = r.kinds();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "ConfigMap",
            "Deployment",
            "HorizontalPodAutoscaler",
            "Pod",
            "PodDisruptionBudget",
            "Service",
            "ServiceAccount"
        ]
    );
    let container = &r.one("Deployment")["spec"]["template"]["spec"]["containers"][0];
    let probe = |path: &str, delay: u64, period: u64, timeout: u64, failures: u64| {
        json!({"httpGet": {"path": path, "port": 5000, "scheme": "HTTP"}, "initialDelaySeconds": delay,
               "periodSeconds": period, "timeoutSeconds": timeout, "failureThreshold": failures, "successThreshold": 1})
    };
    assert_eq!(
        container["livenessProbe"],
        probe("/api/health", 30, 10, 5, 3)
    );
    assert_eq!(
        container["readinessProbe"],
        probe("/api/health", 10, 5, 3, 3)
    );
    assert_eq!(
        container["startupProbe"],
        probe("/api/health", 0, 10, 3, 30)
    );
    assert_eq!(container["image"], "ai-agent-connector:1.0.0");

    let hpa = &r.one("HorizontalPodAutoscaler")["spec"];
    assert_eq!(hpa["minReplicas"], 2);
    assert_eq!(hpa["maxReplicas"], 10);
    assert_eq!(
        hpa["metrics"],
        json!([
            {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}},
            {"type": "Resource", "resource": {"name": "memory", "target": {"type": "Utilization", "averageUtilization": 80}}}
        ])
    );
    assert_eq!(
        hpa["behavior"],
        json!({
            "scaleDown": {"stabilizationWindowSeconds": 300, "policies": [{"type": "Percent", "value": 50, "periodSeconds": 60}]},
            "scaleUp": {"stabilizationWindowSeconds": 0, "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}
        })
    );
    assert_eq!(r.one("PodDisruptionBudget")["spec"]["minAvailable"], 1);
    assert_eq!(
        r.one("Service")["spec"]["ports"],
        json!([{"name": "http", "port": 5000, "targetPort": "http", "protocol": "TCP"}])
    );
    // The Helm test hook calls the health endpoint through the Service.
    let test_pod = r.one("Pod");
    assert_eq!(test_pod["metadata"]["annotations"]["helm.sh/hook"], "test");
    assert_eq!(
        test_pod["spec"]["containers"][0]["args"]
            .as_array()
            .and_then(|a| a.last())
            .cloned(),
        Some(json!("http://ai-agent-connector:5000/api/health"))
    );
}

#[test]
fn production_values_render_an_httproute_anti_affinity_and_scaling_policies() {
    let r = render("values-production.yaml", &["--namespace", "production"]);
    // Gateway API, not an Ingress of one controller: TLS is the Gateway's listener's.
    assert!(r.get("Ingress").is_none());
    let route = r.one("HTTPRoute");
    assert_eq!(route["metadata"]["namespace"], "production");
    assert_eq!(
        route["spec"]["parentRefs"],
        json!([{"name": "public-gateway", "namespace": "gateway-system", "sectionName": "https"}])
    );
    assert_eq!(route["spec"]["hostnames"], json!(["api.example.com"]));
    assert_eq!(
        route["spec"]["rules"][0]["backendRefs"],
        json!([{"name": "ai-agent-connector", "port": 5000}])
    );
    // The NetworkPolicy lets the Gateway's namespace in.
    assert_eq!(
        r.one("NetworkPolicy")["spec"]["ingress"][1]["from"][0]["namespaceSelector"]["matchLabels"],
        json!({"kubernetes.io/metadata.name": "gateway-system"})
    );
    let deployment = r.one("Deployment");
    let pod = &deployment["spec"]["template"]["spec"];
    assert_eq!(
        pod["containers"][0]["image"],
        "your-registry/ai-agent-connector:1.0.0"
    );
    assert_eq!(pod["containers"][0]["imagePullPolicy"], "Always");
    assert_eq!(
        pod["affinity"],
        chart_values("values-production.yaml")["affinity"]
    );
    assert_eq!(
        pod["containers"][0]["envFrom"],
        json!([{"configMapRef": {"name": "ai-agent-connector"}}, {"secretRef": {"name": "ai-agent-connector-secret"}}])
    );
    assert_eq!(
        pod["topologySpreadConstraints"][0]["labelSelector"],
        json!({"matchLabels": {"app.kubernetes.io/name": "ai-agent-connector", "app.kubernetes.io/instance": "ai-agent-connector"}})
    );
    let hpa = &r.one("HorizontalPodAutoscaler")["spec"];
    assert_eq!(
        (hpa["minReplicas"].clone(), hpa["maxReplicas"].clone()),
        (json!(3), json!(20))
    );
    assert_eq!(hpa["behavior"]["scaleDown"]["selectPolicy"], "Min");
    assert_eq!(
        hpa["behavior"]["scaleUp"]["policies"][1],
        json!({"type": "Pods", "value": 2, "periodSeconds": 15})
    );
    assert_eq!(r.one("PodDisruptionBudget")["spec"]["minAvailable"], 2);
    assert!(
        r.get("Secret").is_none(),
        "production uses an existing Secret"
    );
    assert_eq!(
        r.one("NetworkPolicy")["spec"]["policyTypes"],
        json!(["Ingress"])
    );
}

#[test]
fn development_values_render_one_pod_and_a_created_secret() {
    let r = render("values-development.yaml", &[]);
    let deployment = r.one("Deployment");
    assert_eq!(deployment["spec"]["replicas"], 1);
    assert!(r.get("Ingress").is_none());
    let secret = r.one("Secret");
    // "dev-secret-key-change-me", base64-encoded
    assert_eq!(
        secret["data"]["SECRET_KEY"],
        "ZGV2LXNlY3JldC1rZXktY2hhbmdlLW1l"
    );
    assert_eq!(
        deployment["spec"]["template"]["spec"]["containers"][0]["envFrom"][1],
        json!({"secretRef": {"name": "ai-agent-connector"}})
    );
    assert!(
        deployment["spec"]["template"]["metadata"]["annotations"]["checksum/secret"].is_string()
    );
    assert_eq!(r.one("ConfigMap")["data"]["LOG_LEVEL"], "DEBUG");
}

#[test]
fn each_ci_scenario_switches_its_part() {
    let r = render("ci/ingress-tls-values.yaml", &[]);
    assert_eq!(
        r.one("Ingress")["spec"]["tls"][0]["hosts"],
        json!(["api.example.com", "agents.example.com"])
    );
    assert_eq!(
        r.one("Ingress")["spec"]["rules"][1]["http"]["paths"][1]["pathType"],
        "Exact"
    );

    let r = render("ci/ingress-plain-values.yaml", &[]);
    assert!(r.one("Ingress")["spec"].get("tls").is_none());
    assert!(r.one("Ingress")["spec"].get("ingressClassName").is_none());

    let r = render("ci/hpa-no-behavior-values.yaml", &[]);
    let hpa = &r.one("HorizontalPodAutoscaler")["spec"];
    assert!(hpa.get("behavior").is_none());
    assert_eq!(hpa["metrics"].as_array().map(Vec::len), Some(1));
    assert_eq!(hpa["metrics"][0]["resource"]["name"], "cpu");

    let r = render("ci/fixed-replicas-pdb-values.yaml", &[]);
    assert_eq!(r.one("Deployment")["spec"]["replicas"], 4);
    assert_eq!(
        r.one("PodDisruptionBudget")["spec"],
        json!({"maxUnavailable": 1, "selector": r.one("Deployment")["spec"]["selector"]})
    );

    let r = render("ci/network-policy-values.yaml", &[]);
    let np = &r.one("NetworkPolicy")["spec"];
    assert_eq!(np["policyTypes"], json!(["Ingress", "Egress"]));
    assert_eq!(
        np["ingress"],
        chart_values("ci/network-policy-values.yaml")["networkPolicy"]["ingress"]["extraRules"]
    );
    assert_eq!(
        np["egress"][0]["ports"],
        json!([{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}])
    );
    assert_eq!(np["egress"].as_array().map(Vec::len), Some(3));

    let r = render("ci/existing-secret-values.yaml", &[]);
    assert!(
        r.get("Secret").is_none()
            && r.get("ConfigMap").is_none()
            && r.get("ServiceAccount").is_none()
    );
    let pod = &r.one("Deployment")["spec"]["template"]["spec"];
    assert_eq!(pod["serviceAccountName"], "connector-runner");
    assert_eq!(pod["automountServiceAccountToken"], true);
    assert_eq!(
        pod["containers"][0]["envFrom"],
        json!([{"secretRef": {"name": "ai-agent-connector-secret"}}])
    );
    assert!(r.one("Deployment")["spec"]["template"]["metadata"]["annotations"].is_null());

    let mut values = chart_values("ci/init-containers-volumes-values.yaml");
    // Helm reads values as YAML 1.1: the plain scalar 0444 is octal, 292 (this test's
    // YAML 1.2 reader keeps it a string).
    values["extraVolumes"][1]["secret"]["defaultMode"] = json!(292);
    let r = render("ci/init-containers-volumes-values.yaml", &[]);
    let pod = &r.one("Deployment")["spec"]["template"]["spec"];
    assert_eq!(pod["initContainers"], values["initContainers"]);
    assert_eq!(
        pod["volumes"], values["extraVolumes"],
        "no /tmp volume with a writable root"
    );
    assert_eq!(
        pod["containers"][0]["volumeMounts"],
        values["extraVolumeMounts"]
    );
    let mut env = vec![json!({"name": "PORT", "value": "5000"})];
    env.extend(values["env"].as_array().cloned().unwrap_or_default());
    assert_eq!(pod["containers"][0]["env"], json!(env));
    assert_eq!(
        r.one("Secret")["data"].as_object().map(|d| d.len()),
        Some(3)
    );

    let r = render("ci/nodeport-values.yaml", &[]);
    let svc = r.one("Service");
    assert_eq!(svc["spec"]["type"], "NodePort");
    assert_eq!(svc["spec"]["ports"][0]["nodePort"], 30080);
    assert_eq!(svc["spec"]["ports"][0]["port"], 8080);
    assert_eq!(
        svc["metadata"]["annotations"]["prometheus.io/scrape"],
        "true"
    );

    let r = render("ci/probes-off-values.yaml", &[]);
    assert!(r.get("Pod").is_none(), "test hook disabled");
    assert_eq!(
        r.one("Deployment")["spec"]["template"]["spec"]["serviceAccountName"],
        "default"
    );

    let r = render("ci/long-names-values.yaml", &[]);
    let name = r.one("Deployment")["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        name,
        "ai-agent-connector-with-a-very-long-name-that-kubernetes-will-r"
    );
    assert_eq!(
        r.one("Deployment")["metadata"]["labels"]["app.kubernetes.io/name"],
        "agent-connector"
    );
    assert_eq!(
        r.one("Pod")["metadata"]["name"],
        "ai-agent-connector-with-a-very-long-name-that-kubernetes-test"
    );

    let values = chart_values("ci/scheduling-values.yaml");
    let r = render("ci/scheduling-values.yaml", &[]);
    let template = &r.one("Deployment")["spec"]["template"];
    let pod = &template["spec"];
    for key in [
        "nodeSelector",
        "tolerations",
        "affinity",
        "imagePullSecrets",
        "priorityClassName",
        "terminationGracePeriodSeconds",
    ] {
        assert_eq!(pod[key], values[key], "{key}");
    }
    assert_eq!(
        pod["topologySpreadConstraints"][0], values["topologySpreadConstraints"][0],
        "own selector kept"
    );
    assert_eq!(
        pod["topologySpreadConstraints"][1]["labelSelector"]["matchLabels"],
        r.one("Deployment")["spec"]["selector"]["matchLabels"]
    );
    assert_eq!(
        pod["containers"][0]["image"],
        "registry.example.com/ai/ai-agent-connector:1.0.0@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"
    );
    assert_eq!(template["metadata"]["labels"]["team"], "platform");
    assert_eq!(
        template["metadata"]["annotations"]["prometheus.io/path"],
        "/metrics"
    );

    // A private registry: global.imageRegistry wins over image.registry, on every
    // image; both pull secret lists on every pod.
    let r = render("ci/registry-values.yaml", &[]);
    let pod = &r.one("Deployment")["spec"]["template"]["spec"];
    assert_eq!(
        pod["containers"][0]["image"],
        "mirror.example.com:5000/platform/ai-agent-connector:1.0.0"
    );
    let secrets = json!([{"name": "mirror-credentials"}, {"name": "team-credentials"}]);
    assert_eq!(pod["imagePullSecrets"], secrets);
    let test_pod = &r.one("Pod")["spec"];
    assert_eq!(
        test_pod["containers"][0]["image"],
        "mirror.example.com:5000/busybox:1.36"
    );
    assert_eq!(test_pod["imagePullSecrets"], secrets);

    // Rollouts: the Deployment's knobs, PORT from containerPort.
    let r = render("ci/rollout-values.yaml", &[]);
    let deployment = r.one("Deployment");
    assert_eq!(deployment["spec"]["revisionHistoryLimit"], 3);
    assert_eq!(deployment["spec"]["minReadySeconds"], 10);
    assert_eq!(
        deployment["spec"]["strategy"],
        json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}})
    );
    let container = &deployment["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(
        container["lifecycle"],
        json!({"preStop": {"sleep": {"seconds": 5}}})
    );
    assert_eq!(
        container["env"][0],
        json!({"name": "PORT", "value": "8080"})
    );
    assert_eq!(container["livenessProbe"]["httpGet"]["port"], 8080);
    assert_eq!(r.one("ConfigMap")["data"]["PORT"], "8080");
    assert_eq!(r.one("Service")["spec"]["ports"][0]["port"], 80);

    // Autoscaling from one pod with the budget turned off.
    let r = render("ci/pdb-off-with-hpa-values.yaml", &[]);
    assert!(r.get("PodDisruptionBudget").is_none());
    assert_eq!(r.one("HorizontalPodAutoscaler")["spec"]["minReplicas"], 1);

    // The test pod on a tainted pool, outside the NetworkPolicy and the Service.
    let r = render("ci/test-pod-values.yaml", &[]);
    let test_pod = r.one("Pod");
    let labels = test_pod["metadata"]["labels"].as_object().unwrap();
    assert!(!labels.contains_key("app.kubernetes.io/name"), "{labels:?}");
    assert_eq!(labels["app.kubernetes.io/component"], "test");
    let policy = &r.one("NetworkPolicy")["spec"]["podSelector"]["matchLabels"];
    let service = &r.one("Service")["spec"]["selector"];
    for selector in [policy, service] {
        let selects_test_pod = selector
            .as_object()
            .unwrap()
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v));
        assert!(!selects_test_pod, "{selector} selects the test pod");
    }
    let spec = &test_pod["spec"];
    assert_eq!(spec["nodeSelector"], json!({"pool": "agents"}));
    assert_eq!(spec["tolerations"][0]["key"], "dedicated");
    assert_eq!(spec["imagePullSecrets"], json!([{"name": "regcred"}]));
    assert_eq!(spec["containers"][0]["image"], "library/busybox:1.37");
    assert_eq!(spec["containers"][0]["imagePullPolicy"], "IfNotPresent");
    assert_eq!(
        r.one("PodDisruptionBudget")["spec"]["unhealthyPodEvictionPolicy"],
        "AlwaysAllow"
    );

    // Command and arguments, more environment sources, a sidecar, pod DNS knobs.
    let r = render("ci/sidecar-values.yaml", &[]);
    let values = chart_values("ci/sidecar-values.yaml");
    let pod = &r.one("Deployment")["spec"]["template"]["spec"];
    let app = &pod["containers"][0];
    assert_eq!(app["command"], values["command"]);
    assert_eq!(app["args"], values["args"]);
    let env_from = app["envFrom"].as_array().unwrap();
    assert_eq!(
        env_from.len(),
        3,
        "the chart's ConfigMap, then extraEnvFrom"
    );
    assert_eq!(
        env_from[1..],
        values["extraEnvFrom"].as_array().unwrap()[..]
    );
    assert_eq!(pod["containers"][1], values["sidecars"][0]);
    for key in ["runtimeClassName", "hostAliases", "dnsConfig"] {
        assert_eq!(pod[key], values[key], "{key}");
    }

    // Prometheus: a ServiceMonitor on the Service's port, and the monitoring
    // namespace let through the NetworkPolicy.
    let r = render("ci/monitoring-values.yaml", &[]);
    let monitor = r.one("ServiceMonitor");
    assert_eq!(
        monitor["metadata"]["labels"]["release"],
        "kube-prometheus-stack"
    );
    assert_eq!(
        monitor["spec"]["selector"]["matchLabels"],
        r.one("Service")["spec"]["selector"]
    );
    assert_eq!(
        monitor["spec"]["endpoints"],
        json!([{"port": "http", "path": "/metrics", "interval": "15s", "scrapeTimeout": "5s"}])
    );
    let rules = r.one("NetworkPolicy")["spec"]["ingress"]
        .as_array()
        .unwrap()
        .clone();
    assert!(rules.iter().any(
        |rule| rule["from"][0]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
            == "monitoring"
    ));
    assert!(render("values.yaml", &[]).get("ServiceMonitor").is_none());

    // Gateway API: an HTTPRoute to the Service, each rule's matches and filters.
    let r = render("ci/gateway-api-values.yaml", &[]);
    let values = chart_values("ci/gateway-api-values.yaml");
    assert!(r.get("Ingress").is_none());
    let route = &r.one("HTTPRoute")["spec"];
    assert_eq!(route["parentRefs"], values["httpRoute"]["parentRefs"]);
    assert_eq!(route["hostnames"], values["httpRoute"]["hostnames"]);
    let service = r.one("Service");
    for (i, rule) in route["rules"].as_array().unwrap().iter().enumerate() {
        assert_eq!(
            rule["backendRefs"],
            json!([{"name": service["metadata"]["name"], "port": service["spec"]["ports"][0]["port"]}])
        );
        assert_eq!(rule["matches"], values["httpRoute"]["rules"][i]["matches"]);
    }
    assert_eq!(
        route["rules"][0]["filters"],
        values["httpRoute"]["rules"][0]["filters"]
    );
    assert!(render("values.yaml", &[]).get("HTTPRoute").is_none());

    // A LoadBalancer Service with its own knobs and a label of the team's.
    let r = render("ci/loadbalancer-values.yaml", &[]);
    let service = r.one("Service");
    let values = chart_values("ci/loadbalancer-values.yaml");
    assert_eq!(service["metadata"]["labels"]["exposure"], "external");
    for key in [
        "externalTrafficPolicy",
        "loadBalancerClass",
        "loadBalancerSourceRanges",
    ] {
        assert_eq!(service["spec"][key], values["service"][key], "{key}");
    }
}

#[test]
fn config_changes_roll_the_pods() {
    let checksum = |extra: &[&str]| {
        render("values.yaml", extra).one("Deployment")["spec"]["template"]["metadata"]["annotations"]["checksum/config"].clone()
    };
    let before = checksum(&[]);
    assert!(before.is_string());
    assert_ne!(
        before,
        checksum(&["--set", "configmap.data.LOG_LEVEL=DEBUG"])
    );
    assert_eq!(before, checksum(&["--set", "replicaCount=5"]));
}

#[test]
fn invalid_values_are_refused_with_every_path_at_once() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &[
                "--set",
                "autoscaling.minReplicas=20",
                "--set",
                "healthCheck.livenessProbe.timeoutSeconds=10",
                "--set",
                "service.nodePort=30001",
            ],
            &[
                "autoscaling.minReplicas: must be <= autoscaling.maxReplicas (10), got 20",
                "healthCheck.livenessProbe.timeoutSeconds: must be less than healthCheck.livenessProbe.periodSeconds (10), got 10",
                "service.nodePort: needs service.type NodePort or LoadBalancer, got service.type \"ClusterIP\"",
            ],
        ),
        (
            &[
                "--set",
                "ingress.enabled=true",
                "--set",
                "ingress.tls[0].secretName=t",
                "--set",
                "ingress.tls[0].hosts[0]=other.example.com",
            ],
            &["ingress.tls[0].hosts[0]: \"other.example.com\" is not among ingress.hosts"],
        ),
        (
            &["--set", "podDisruptionBudget.minAvailable=2"],
            &[
                "podDisruptionBudget.minAvailable: 2 blocks every voluntary eviction with 2 replicas; use fewer than autoscaling.minReplicas, or podDisruptionBudget.enabled=false for no budget",
            ],
        ),
        (
            &["--set", "podDisruptionBudget.maxUnavailable=0"],
            &[
                "podDisruptionBudget.maxUnavailable: 0 blocks every voluntary eviction (node drains would hang)",
            ],
        ),
        (
            &[
                "--set",
                "secrets.create=true",
                "--set",
                "secrets.existingSecret=mine",
            ],
            &["secrets.existingSecret: cannot be used with secrets.create=true; set one of them"],
        ),
        (
            &[
                "--set",
                "autoscaling.targetCPUUtilizationPercentage=null",
                "--set",
                "autoscaling.targetMemoryUtilizationPercentage=null",
            ],
            &[
                "autoscaling.targetCPUUtilizationPercentage: autoscaling needs a CPU or a memory target, both are null",
            ],
        ),
        (
            &["--set", "healthCheck.startupProbe.successThreshold=2"],
            &["healthCheck.startupProbe.successThreshold: must be 1, got 2"],
        ),
    ];
    let mut failures = Failures::default();
    for helm in HELMS {
        for (args, messages) in cases {
            match helm_template(helm, "ai-agent-connector", args) {
                Ok(_) => failures
                    .0
                    .push(format!("{helm} {args:?}: rendered, expected a refusal")),
                Err(err) => {
                    for m in *messages {
                        failures.check(err.contains(m), || {
                            format!("{helm} {args:?}: missing {m:?} in:\n{err}")
                        });
                    }
                }
            }
        }
    }
    failures.assert_none();
}

#[test]
fn wasm_engine_renders_only_the_render_request_carrier() {
    use base64::Engine as _;
    for helm in HELMS {
        let yaml = helm_template(
            helm,
            "demo",
            &[
                "--namespace",
                "ns1",
                "--set",
                "renderer.engine=wasm",
                "--set",
                "image.tag=2.0",
                "--set",
                "replicaCount=3",
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let r = Rendered::new(&yaml);
        let mut kinds = r.kinds();
        kinds.sort();
        assert_eq!(
            kinds,
            ["Pod", "RenderRequest"],
            "{helm}: only the carrier and the test hook"
        );
        let carrier = r.one("RenderRequest");
        assert_eq!(carrier["apiVersion"], "render.ai-agent-connector.io/v1");
        assert_eq!(
            carrier["chart"],
            json!({"name": "ai-agent-connector", "version": "1.0.0", "appVersion": "1.0.0"})
        );
        assert_eq!(
            carrier["release"],
            json!({"name": "demo", "namespace": "ns1", "revision": 1, "isInstall": true, "isUpgrade": false, "service": "Helm"})
        );
        assert!(
            carrier["capabilities"]["kubeVersion"]
                .as_str()
                .is_some_and(|v| v.starts_with("v1."))
        );
        let json = base64::engine::general_purpose::STANDARD
            .decode(
                carrier["typedValues"]
                    .as_str()
                    .expect("typedValues is base64 text"),
            )
            .expect("valid base64");
        let values: Value = serde_json::from_slice(&json).expect("values are JSON");
        // exactly as Helm merged them: --set keeps "2.0" a string, types 3 as an
        // int64 (no fraction), a values file's numbers are float64 (`10.0`)
        assert_eq!(values["image"]["tag"], "2.0", "{helm}");
        assert!(values["replicaCount"].is_i64(), "{helm}");
        assert_eq!(values["replicaCount"], 3, "{helm}");
        assert!(values["containerPort"].is_f64(), "{helm}");
        assert_eq!(values["renderer"]["engine"], "wasm");
        fn as_floats(v: &Value) -> Value {
            match v {
                Value::Number(n) => json!(n.as_f64()),
                Value::Array(a) => a.iter().map(as_floats).collect(),
                Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), as_floats(v))).collect(),
                other => other.clone(),
            }
        }
        assert_eq!(
            as_floats(&values["healthCheck"]),
            as_floats(&chart_values("values.yaml")["healthCheck"])
        );
    }
}

#[test]
fn readme_parameters_table_is_generated_from_values_yaml() {
    let readme = chart_dir().join("README.md");
    let scratch = repo_root().join("target/readme-check");
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    let copy = scratch.join("README.md");
    std::fs::copy(&readme, &copy).expect("copy README");
    let out = aac_tests::out(
        Command::new(tool("readme-generator"))
            .arg("-v")
            .arg(chart_dir().join("values.yaml"))
            .arg("-r")
            .arg(&copy),
    );
    assert!(
        out.ok(),
        "readme-generator failed (a value without ## @param?):\n{}",
        out.stderr
    );
    let want = std::fs::read_to_string(&copy).expect("regenerated README");
    let got = std::fs::read_to_string(&readme).expect("README");
    assert!(
        want == got,
        "helm/ai-agent-connector/README.md parameters table is stale: run\n  .tools/bin/readme-generator -v helm/ai-agent-connector/values.yaml -r helm/ai-agent-connector/README.md"
    );
}

/// Kubernetes' Pod Security Standards, "restricted" profile (with the "baseline"
/// checks it includes), for one pod spec: every problem, each with its field.
fn pod_security_restricted(spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let pod_sc = &spec["securityContext"];
    for key in ["hostNetwork", "hostPID", "hostIPC"] {
        if spec[key] == json!(true) {
            problems.push(format!("{key}: true"));
        }
    }
    const VOLUME_TYPES: [&str; 8] = [
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "persistentVolumeClaim",
        "projected",
        "secret",
    ];
    for volume in spec["volumes"].as_array().into_iter().flatten() {
        let kinds: Vec<&String> = volume
            .as_object()
            .map(|o| o.keys().filter(|k| *k != "name").collect())
            .unwrap_or_default();
        for kind in kinds {
            if !VOLUME_TYPES.contains(&kind.as_str()) {
                problems.push(format!(
                    "volumes[{}]: {kind} volumes are not allowed",
                    volume["name"]
                ));
            }
        }
    }
    let seccomp_ok = |sc: &Value| {
        matches!(
            sc["seccompProfile"]["type"].as_str(),
            Some("RuntimeDefault" | "Localhost")
        )
    };
    if pod_sc["runAsUser"] == json!(0) {
        problems.push("securityContext.runAsUser: 0".into());
    }
    if pod_sc["seccompProfile"]["type"] == json!("Unconfined") {
        problems.push("securityContext.seccompProfile: Unconfined".into());
    }
    for list in ["initContainers", "containers", "ephemeralContainers"] {
        for c in spec[list].as_array().into_iter().flatten() {
            let name = format!("{list}[{}]", c["name"]);
            let sc = &c["securityContext"];
            if sc["privileged"] == json!(true) {
                problems.push(format!("{name}: privileged"));
            }
            if sc["allowPrivilegeEscalation"] != json!(false) {
                problems.push(format!("{name}: allowPrivilegeEscalation must be false"));
            }
            let non_root = sc["runAsNonRoot"] == json!(true)
                || (sc["runAsNonRoot"].is_null() && pod_sc["runAsNonRoot"] == json!(true));
            if !non_root {
                problems.push(format!(
                    "{name}: runAsNonRoot must be true (here or on the pod)"
                ));
            }
            if sc["runAsUser"] == json!(0) {
                problems.push(format!("{name}: runAsUser 0"));
            }
            if !(seccomp_ok(sc) || (sc["seccompProfile"].is_null() && seccomp_ok(pod_sc))) {
                problems.push(format!(
                    "{name}: seccompProfile must be RuntimeDefault or Localhost"
                ));
            }
            let drops: Vec<&str> = sc["capabilities"]["drop"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            if !drops.contains(&"ALL") {
                problems.push(format!("{name}: capabilities must drop ALL"));
            }
            for add in sc["capabilities"]["add"].as_array().into_iter().flatten() {
                if add != "NET_BIND_SERVICE" {
                    problems.push(format!("{name}: adds capability {add}"));
                }
            }
            for port in c["ports"].as_array().into_iter().flatten() {
                if !port["hostPort"].is_null() && port["hostPort"] != json!(0) {
                    problems.push(format!("{name}: hostPort {}", port["hostPort"]));
                }
            }
        }
    }
    problems
}

/// Every pod the chart renders (the Deployment's and the `helm test` pod) meets
/// Pod Security "restricted", in every scenario.
#[test]
fn every_pod_spec_meets_pod_security_restricted() {
    let mut failures = Failures::default();
    for file in scenarios() {
        let r = render(&file, &[]);
        let mut specs = vec![(
            "Deployment",
            r.one("Deployment")["spec"]["template"]["spec"].clone(),
        )];
        if let Some(pod) = r.get("Pod") {
            specs.push(("test Pod", pod["spec"].clone()));
        }
        for (what, spec) in specs {
            let problems = pod_security_restricted(&spec);
            failures.check(problems.is_empty(), || {
                format!("{file}: {what}: {}", problems.join("; "))
            });
        }
    }
    // The check itself: a pod that breaks each rule is caught on each.
    let bad = json!({
        "hostNetwork": true,
        "volumes": [{"name": "h", "hostPath": {"path": "/"}}],
        "containers": [{"name": "c", "securityContext": {"privileged": true,
            "capabilities": {"add": ["SYS_ADMIN"]}}, "ports": [{"hostPort": 80}]}]
    });
    let caught = pod_security_restricted(&bad).join("\n");
    for needle in [
        "hostNetwork",
        "hostPath",
        "privileged",
        "allowPrivilegeEscalation",
        "runAsNonRoot",
        "seccompProfile",
        "drop ALL",
        "SYS_ADMIN",
        "hostPort",
    ] {
        assert!(caught.contains(needle), "{needle} not caught:\n{caught}");
    }
    failures.assert_none();
}
