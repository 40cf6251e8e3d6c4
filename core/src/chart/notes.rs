//! `templates/NOTES.txt`: what Helm prints after an install, rendered from the
//! same values.

use crate::chart::check::field;
use crate::chart::render::{Chart, Release, fullname, name};
use crate::chart::spec::Key;
use crate::go::template::{template_print, truthy};
use crate::key;
use crate::value::Value;

/// The NOTES text for accepted values, as Helm renders `NOTES.txt`.
pub fn render_notes(values: &Value, chart: &Chart, release: &Release) -> String {
    let v = |key: Key| key.of(values);
    let p = |key: Key| template_print(key.of(values));
    let ns = &release.namespace;
    let rel = &release.name;
    let full = fullname(values, chart, release);
    let mut out = format!(
        "AI Agent Connector {} is deployed as release \"{rel}\" in namespace \"{ns}\".",
        chart.app_version
    );
    if v(key!("renderer.engine")).go_string() == "wasm" {
        out.push_str("\nRendered by the aac post-renderer (renderer.engine=wasm).");
    }
    out.push_str("\n\n1. Reach the application:");
    let service_type = v(key!("service.type")).go_string();
    if truthy(v(key!("ingress.enabled"))) {
        let scheme = if truthy(v(key!("ingress.tls"))) {
            "https"
        } else {
            "http"
        };
        if let Value::Seq(hosts) = v(key!("ingress.hosts")) {
            for host in hosts {
                if let Value::Seq(paths) = field(host, "paths") {
                    for path in paths {
                        out.push_str(&format!(
                            "\n  {scheme}://{}{}",
                            template_print(field(host, "host")),
                            template_print(field(path, "path"))
                        ));
                    }
                }
            }
        }
    } else if truthy(v(key!("httpRoute.enabled"))) {
        out.push_str(&format!(
            "\n  Through the Gateway (HTTPRoute {full}, on the listeners of httpRoute.parentRefs):\
             \n    kubectl --namespace {ns} get httproute {full}"
        ));
        if let Value::Seq(hosts) = v(key!("httpRoute.hostnames")) {
            for host in hosts {
                out.push_str(&format!("\n  http(s)://{}/", template_print(host)));
            }
        }
    } else if service_type == "NodePort" {
        out.push_str(&format!(
            "\n  export NODE_PORT=$(kubectl get --namespace {ns} -o jsonpath=\"{{.spec.ports[0].nodePort}}\" services {full})\
             \n  export NODE_IP=$(kubectl get nodes --namespace {ns} -o jsonpath=\"{{.items[0].status.addresses[0].address}}\")\
             \n  echo http://$NODE_IP:$NODE_PORT"
        ));
    } else if service_type == "LoadBalancer" {
        out.push_str(&format!(
            "\n  It may take a few minutes for the LoadBalancer IP to be available. Watch it with:\
             \n    kubectl get --namespace {ns} svc -w {full}\
             \n  export SERVICE_IP=$(kubectl get svc --namespace {ns} {full} --template \"{{{{ range (index .status.loadBalancer.ingress 0) }}}}{{{{.}}}}{{{{ end }}}}\")\
             \n  echo http://$SERVICE_IP:{}",
            p(key!("service.port"))
        ));
    } else {
        let port = p(key!("service.port"));
        out.push_str(&format!(
            "\n  kubectl --namespace {ns} port-forward svc/{full} {port}:{port}\
             \n  curl http://127.0.0.1:{port}{}",
            p(key!("healthCheck.readinessProbe.path"))
        ));
    }
    out.push_str(&format!(
        "\n\n2. Check the pods and their health:\
         \n  kubectl --namespace {ns} get pods -l \"app.kubernetes.io/name={},app.kubernetes.io/instance={rel}\"\
         \n  helm test {rel} --namespace {ns}",
        name(values, chart)
    ));
    if truthy(v(key!("autoscaling.enabled"))) {
        out.push_str(&format!(
            "\n\n3. Autoscaling between {} and {} replicas (needs metrics-server):\
             \n  kubectl --namespace {ns} get hpa {full}",
            p(key!("autoscaling.minReplicas")),
            p(key!("autoscaling.maxReplicas"))
        ));
    }
    let has_secret = truthy(v(key!("secrets.existingSecret"))) || truthy(v(key!("secrets.create")));
    if !has_secret {
        out.push_str(
            "\n\nWARNING: no Secret is loaded into the environment. The application needs SECRET_KEY and\
             \nENCRYPTION_KEY: set secrets.existingSecret to a Secret you manage (recommended), or\
             \nsecrets.create=true with secrets.data.",
        );
    }
    if truthy(v(key!("secrets.create"))) && !truthy(v(key!("secrets.data"))) {
        out.push_str(
            "\n\nWARNING: secrets.create=true but secrets.data is empty: the Secret has no keys.",
        );
    }
    out.push('\n');
    out
}
