//! The Argo CD config management plugin (deploy/argocd/): `plugin.yaml`'s
//! generate command run the way argocd-cmp-server runs it (in the
//! application's folder of its copy of the repository, with a clean
//! environment: the sidecar's variables plus Argo CD's ARGOCD_APP_*,
//! KUBE_VERSION, KUBE_API_VERSIONS, ARGOCD_ENV_*, ARGOCD_APP_PARAMETERS and
//! PARAM_*), its manifests compared with `aac render` and `helm template` of
//! the same values; its failures (exit 1, `Error:` on stderr); and the
//! repo-server sidecar, built with `kubectl kustomize`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use aac_tests::{Out, chart_dir, isolated_command, repo_root, tool};
use serde_json::{Value, json};

fn aac() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_aac-under-test"))
}

fn scratch(name: &str) -> PathBuf {
    aac_tests::emptied(
        std::env::temp_dir().join(format!("aac-argocd-{}-{name}", std::process::id())),
    )
}

fn plugin_yaml() -> serde_yaml::Value {
    serde_yaml::from_str(
        &std::fs::read_to_string(repo_root().join("deploy/argocd/plugin.yaml")).unwrap(),
    )
    .unwrap()
}

/// plugin.yaml's generate command, with the test's `aac` for `/aac`.
fn generate_command() -> (PathBuf, Vec<String>) {
    let plugin = plugin_yaml();
    let command: Vec<String> =
        serde_yaml::from_value(plugin["spec"]["generate"]["command"].clone()).unwrap();
    assert_eq!(command[0], "/aac", "the image's binary is /aac");
    (aac(), command[1..].to_vec())
}

/// What Argo CD's `ApplicationSourcePluginParameters.Environ` sets: the JSON
/// array, and PARAM_<NAME>, PARAM_<NAME>_<KEY>, PARAM_<NAME>_<I>.
fn parameter_env(params: &Value) -> Vec<(String, String)> {
    let escaped = |s: &str| {
        s.to_uppercase()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect::<String>()
    };
    let mut env = vec![("ARGOCD_APP_PARAMETERS".to_string(), params.to_string())];
    for p in params.as_array().unwrap() {
        let base = format!("PARAM_{}", escaped(p["name"].as_str().unwrap()));
        if let Some(s) = p["string"].as_str() {
            env.push((base.clone(), s.to_string()));
        }
        if let Some(m) = p["map"].as_object() {
            for (k, v) in m {
                env.push((format!("{base}_{}", escaped(k)), v.as_str().unwrap().into()));
            }
        }
        if let Some(a) = p["array"].as_array() {
            for (i, v) in a.iter().enumerate() {
                env.push((format!("{base}_{i}"), v.as_str().unwrap().into()));
            }
        }
    }
    env
}

/// The generate command as argocd-cmp-server runs it for the application
/// `agents` (destination namespace `agents`) at `agents/prod` of the
/// repository copied into `workdir`: working folder the application's path,
/// the environment the sidecar's plus Argo CD's, nothing else.
fn cmp_generate(workdir: &Path, params: &Value) -> Out {
    let (program, args) = generate_command();
    let mut cmd = Command::new(program);
    cmd.args(&args)
        .current_dir(workdir.join("agents/prod"))
        .env_clear()
        // The sidecar's own environment (a FROM scratch image in a pod).
        .env(
            "PATH",
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        )
        .env("HOSTNAME", "argocd-repo-server-5d9c7b8f4-x2x9q")
        .env("KUBERNETES_SERVICE_HOST", "10.96.0.1")
        .env("KUBERNETES_SERVICE_PORT", "443")
        // Argo CD's (reposerver newEnv, getPluginEnvs).
        .env("ARGOCD_APP_NAME", "agents")
        .env("ARGOCD_APP_NAMESPACE", "agents")
        .env("ARGOCD_APP_PROJECT_NAME", "default")
        .env(
            "ARGOCD_APP_REVISION",
            "0123456789abcdef0123456789abcdef01234567",
        )
        .env("ARGOCD_APP_REVISION_SHORT", "0123456")
        .env("ARGOCD_APP_REVISION_SHORT_8", "01234567")
        .env(
            "ARGOCD_APP_SOURCE_REPO_URL",
            "https://git.example.com/platform/deployments.git",
        )
        .env("ARGOCD_APP_SOURCE_PATH", "agents/prod")
        .env("ARGOCD_APP_SOURCE_TARGET_REVISION", "main")
        .env("KUBE_VERSION", "1.30")
        .env("KUBE_API_VERSIONS", "v1,apps/v1,autoscaling/v2,policy/v1")
        .env("ARGOCD_ENV_TEAM", "platform")
        .envs(parameter_env(params))
        .stdin(Stdio::null());
    cmd.output().expect("aac runs").into()
}

/// A copy of the repository as the cmp-server unpacks it: `agents/prod/` is
/// the application's path, `shared/` another folder of the repository.
fn workdir(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("agents/prod")).unwrap();
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    std::fs::write(dir.join("shared/common.yaml"), aac_tests::COMMON_VALUES).unwrap();
    std::fs::copy(
        chart_dir().join("values-production.yaml"),
        dir.join("agents/prod/values.yaml"),
    )
    .unwrap();
    dir
}

/// The parameters of the test application, and the same as `helm template` flags.
fn params() -> (Value, Vec<&'static str>) {
    let params = json!([
        {"name": "values-files", "array": ["../../shared/common.yaml", "values.yaml"]},
        {"name": "set", "map": {"image.tag": "1.2.3", "podAnnotations.owners": "a,b"}},
        {"name": "set-string", "map": {"podAnnotations.build": "42"}},
        {"name": "values", "string": "replicaCount: 4\n"},
    ]);
    // Argo CD's map order is its JSON's (sorted keys); the inline values come last.
    let flags = vec![
        "-n",
        "agents",
        "-f",
        "../../shared/common.yaml",
        "-f",
        "values.yaml",
        "-f",
        "inline.yaml",
        "--set",
        "image.tag=1.2.3",
        "--set",
        "podAnnotations.owners=a\\,b",
        "--set-string",
        "podAnnotations.build=42",
        "--kube-version",
        "1.30",
    ];
    (params, flags)
}

/// `helm ARGS` with the Helm binary `name`, run in `dir` with no kubeconfig.
fn helm_in(dir: &Path, name: &str, args: &[&str]) -> Out {
    isolated_command(&tool(name), args, name)
        .current_dir(dir)
        .output()
        .unwrap()
        .into()
}
#[test]
fn plugin_yaml_is_a_config_management_plugin_for_this_version() {
    let plugin = plugin_yaml();
    assert_eq!(plugin["apiVersion"], "argoproj.io/v1alpha1");
    assert_eq!(plugin["kind"], "ConfigManagementPlugin");
    assert_eq!(plugin["metadata"]["name"], "aac");
    assert_eq!(
        plugin["spec"]["version"],
        format!("v{}", env!("CARGO_PKG_VERSION")).as_str()
    );
    assert_eq!(
        generate_command().1,
        ["argocd", "generate"],
        "no shell in the image"
    );
    assert!(
        plugin["spec"]["discover"].is_null(),
        "no discovery: applications name the plugin"
    );
    // Every announced parameter is one generate takes, with its kind.
    let announced: Vec<(String, String)> = plugin["spec"]["parameters"]["static"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["collectionType"].as_str().unwrap_or("string").to_string(),
            )
        })
        .collect();
    let want = [
        ("values-files", "array"),
        ("values", "string"),
        ("set", "map"),
        ("set-string", "map"),
        ("release-name", "string"),
        ("helm-version", "string"),
        ("kube-version", "string"),
    ];
    assert_eq!(announced, want.map(|(n, k)| (n.to_string(), k.to_string())));
    // The example Application names it as Argo CD does: NAME-VERSION.
    let app: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(repo_root().join("deploy/argocd/application.yaml")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        app["spec"]["source"]["plugin"]["name"],
        format!("aac-v{}", env!("CARGO_PKG_VERSION")).as_str()
    );
}

#[test]
fn generate_prints_what_aac_render_and_helm_template_print() {
    let dir = workdir("same");
    let app = dir.join("agents/prod");
    std::fs::write(app.join("inline.yaml"), "replicaCount: 4\n").unwrap();
    let (params, flags) = params();
    let o = cmp_generate(&dir, &params);
    assert!(o.ok(), "generate failed:\n{}", o.stderr);
    assert_eq!(o.stderr, "");
    assert!(
        o.stdout
            .contains("image: \"your-registry/ai-agent-connector:1.2.3\""),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("owners: a,b"), "{}", o.stdout);

    let mut args = vec!["render", "agents"];
    args.extend(&flags);
    let render: Out = Command::new(aac())
        .args(&args)
        .current_dir(&app)
        .env_remove("HELM_NAMESPACE")
        .output()
        .unwrap()
        .into();
    o.assert_same_as(&render, "generate vs aac render");

    let chart = chart_dir().display().to_string();
    let mut args = vec!["template", "agents", chart.as_str()];
    args.extend(&flags);
    o.assert_same_as(
        &helm_in(&app, "helm4.3", &args),
        "generate vs helm template",
    );

    // Helm 3's bytes with the helm-version parameter, and the release-name parameter.
    let mut p = params.as_array().unwrap().clone();
    p.push(json!({"name": "helm-version", "string": "3"}));
    p.push(json!({"name": "release-name", "string": "agents-prod"}));
    let o = cmp_generate(&dir, &Value::Array(p));
    let mut args = vec!["template", "agents-prod", chart.as_str()];
    args.extend(&flags);
    let helm = helm_in(&app, "helm3", &args);
    o.assert_same_as(&helm, "generate (helm-version 3) vs helm3 template");

    // No parameters: the chart's defaults, as `helm template agents chart -n agents`.
    let o = cmp_generate(&dir, &json!([]));
    assert!(o.ok(), "{}", o.stderr);
    let helm: Out = isolated_command(
        &tool("helm4.3"),
        &[
            "template",
            "agents",
            &chart,
            "-n",
            "agents",
            "--kube-version",
            "1.30",
        ],
        "helm4.3",
    )
    .output()
    .unwrap()
    .into();
    assert!(o.stdout == helm.stdout, "no parameters vs helm template");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn generate_failures_exit_1_with_the_message_on_stderr() {
    let dir = workdir("fail");
    let fails = |params: Value, needle: &str| {
        cmp_generate(&dir, &params).assert_fails_with(needle);
    };
    std::fs::write(dir.join("../outside.yaml"), "replicaCount: 2\n").unwrap();
    std::os::unix::fs::symlink(
        dir.join("../outside.yaml"),
        dir.join("agents/prod/link.yaml"),
    )
    .unwrap();
    // values-files, and what generate says of each.
    for (file, needle) in [
        (
            "missing.yaml",
            "Error: open missing.yaml: no such file or directory",
        ),
        (
            "/etc/hostname",
            "Error: values file \"/etc/hostname\": an absolute path is not read",
        ),
        (
            "../../../outside.yaml",
            "Error: values file \"../../../outside.yaml\": it is outside the repository",
        ),
        ("link.yaml", "it is outside the repository"),
    ] {
        fails(json!([{"name": "values-files", "array": [file]}]), needle);
    }
    fails(
        json!([{"name": "set", "map": {"service.port": "http"}}]),
        "Error: --set:1:1: service.port: must be a whole number, got string \"http\"",
    );
    fails(
        json!([{"name": "valueFiles", "array": ["values.yaml"]}]),
        "Error: parameter \"valueFiles\" is not one of this plugin's: values-files, values, set",
    );
    fails(
        json!([{"name": "set", "string": "a=b"}]),
        "Error: parameter \"set\" must be given as a map (\"map\")",
    );
    fails(
        json!([{"name": "helm-version", "string": "2"}]),
        "Error: parameter \"helm-version\" is \"2\"; it may be 3, 4, 4.1 or 4.3",
    );
    fails(
        json!([{"name": "values", "string": "replicaCount: [\n"}]),
        "Error: <values parameter>:",
    );
    // Outside Argo CD.
    let (program, args) = generate_command();
    let o: Out = Command::new(program)
        .args(args)
        .env_clear()
        .output()
        .unwrap()
        .into();
    o.assert_fails_with("Error: ARGOCD_APP_NAME is not set");
    let _ = std::fs::remove_dir_all(dir.join("../outside.yaml"));
    let _ = std::fs::remove_file(dir.join("../outside.yaml"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_repo_server_sidecar_builds_with_kustomize() {
    let dir = scratch("kustomize");
    // A stand-in for Argo CD's argocd-repo-server Deployment (its volumes as in install.yaml).
    std::fs::write(
        dir.join("repo-server.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: argocd-repo-server\nspec:\n  \
         selector:\n    matchLabels: {app.kubernetes.io/name: argocd-repo-server}\n  template:\n    \
         metadata:\n      labels: {app.kubernetes.io/name: argocd-repo-server}\n    spec:\n      \
         containers:\n        - name: argocd-repo-server\n          image: quay.io/argoproj/argocd:v3.1.0\n      \
         volumes:\n        - name: var-files\n          emptyDir: {}\n        - name: plugins\n          emptyDir: {}\n",
    )
    .unwrap();
    // kustomize takes components by relative path only.
    std::os::unix::fs::symlink(repo_root().join("deploy/argocd"), dir.join("aac")).unwrap();
    std::fs::write(
        dir.join("kustomization.yaml"),
        "namespace: argocd\nresources: [repo-server.yaml]\ncomponents: [aac]\n",
    )
    .unwrap();
    let o: Out = Command::new(tool("kubectl"))
        .args(["kustomize", "--load-restrictor", "LoadRestrictionsNone"])
        .arg(&dir)
        .output()
        .unwrap()
        .into();
    assert!(o.ok(), "kubectl kustomize:\n{}", o.stderr);
    let docs = aac_tests::parse_stream(&o.stdout);
    let cm = docs.iter().find(|d| d["kind"] == "ConfigMap").unwrap();
    let cm_name = cm["metadata"]["name"].as_str().unwrap();
    assert!(cm_name.starts_with("aac-cmp-plugin-"));
    assert_eq!(
        cm["data"]["plugin.yaml"].as_str().unwrap(),
        std::fs::read_to_string(repo_root().join("deploy/argocd/plugin.yaml")).unwrap()
    );
    let deploy = docs.iter().find(|d| d["kind"] == "Deployment").unwrap();
    let spec = &deploy["spec"]["template"]["spec"];
    let items = |list: &Value| list.as_array().cloned().unwrap_or_default();
    let named = |list: &Value, name: &str| {
        let found = items(list).into_iter().find(|item| item["name"] == name);
        found.unwrap_or_else(|| panic!("no {name} in {list}"))
    };
    let names: Vec<Value> = items(&spec["containers"])
        .iter()
        .map(|c| c["name"].clone())
        .collect();
    assert_eq!(names, ["aac", "argocd-repo-server"]);
    let c = &spec["containers"][0];
    assert_eq!(c["command"], json!(["/var/run/argocd/argocd-cmp-server"]));
    assert_eq!(c["securityContext"]["runAsUser"], 999);
    assert_eq!(c["securityContext"]["runAsNonRoot"], true);
    let mounts: Vec<(String, String)> = items(&c["volumeMounts"])
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap().to_string(),
                m["mountPath"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (name, path) in [
        ("var-files", "/var/run/argocd"),
        ("plugins", "/home/argocd/cmp-server/plugins"),
        (
            "aac-cmp-plugin",
            "/home/argocd/cmp-server/config/plugin.yaml",
        ),
        ("aac-cmp-tmp", "/tmp"),
    ] {
        assert!(
            mounts.contains(&(name.to_string(), path.to_string())),
            "{name} at {path}: {mounts:?}"
        );
    }
    let plugin_mount = named(&c["volumeMounts"], "aac-cmp-plugin");
    assert_eq!(plugin_mount["subPath"], "plugin.yaml");
    let volume = named(&spec["volumes"], "aac-cmp-plugin");
    assert_eq!(
        volume["configMap"]["name"], cm_name,
        "kustomize renames the reference"
    );
    // The image the sidecar runs is this version's (scripts/build-image.sh tags it).
    assert_eq!(
        c["image"],
        format!("aac:{}", env!("CARGO_PKG_VERSION")).as_str()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
