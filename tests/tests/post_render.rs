//! The `aac` post-renderer inside real Helm 3.17.3 and 4.1.4: for every values
//! file, `ci/` scenario and YAML-semantics corpus file, `helm template` with
//! engine `helm`, `helm template` with engine `wasm` through the post-renderer
//! (Helm 3: the binary; Helm 4: the installed plugin) and `aac render` give the
//! same objects, or all refuse. Then the lifecycle checks that need no cluster
//! (Helm 4 `install --dry-run=client`, `--show-only`), pass-through, and every
//! failure: each with its message, nothing on stdout, exit 1.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use aac_tests::{Out, helm_home, parse_stream, repo_root, scenarios, tool};
use base64::Engine as _;
use serde_json::Value;

/// The `aac` binary under test.
fn aac() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_aac-under-test"))
}

/// A command in the chart folder with the isolated Helm home `home`.
fn command(program: &Path, args: &[&str], env: &[(&str, &str)], home: &str) -> Command {
    let mut cmd = aac_tests::isolated_command(program, args, home);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

fn output(mut cmd: Command, stdin: Option<&[u8]>) -> Out {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("piped stdin");
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    child.wait_with_output().expect("the command ends").into()
}

/// Runs Helm (a name in `HELMS`) in the chart folder with an isolated home.
fn helm(helm: &str, args: &[&str], env: &[(&str, &str)]) -> Out {
    if aac_tests::is_helm4(helm) {
        install_plugin(helm);
    }
    output(command(&tool(helm), args, env, helm), None)
}

/// Runs `aac` in the chart folder.
fn run_aac(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Out {
    output(command(&aac(), args, env, "helm4"), stdin)
}

/// `aac plugin install` into the isolated plugin folder of the Helm 4 `helm`, once.
fn install_plugin(helm: &str) {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    static INSTALLED_43: OnceLock<()> = OnceLock::new();
    match helm {
        "helm4" => INSTALLED.get_or_init(|| install_plugin_in("helm4")),
        "helm4.3" => INSTALLED_43.get_or_init(|| install_plugin_in("helm4.3")),
        other => panic!("{other} is not a Helm 4 of HELMS"),
    };
}

/// `aac plugin install` into the plugin folder of an isolated Helm home.
fn install_plugin_in(home: &str) {
    let dir = helm_home(home).join("plugins");
    let out = output(
        command(
            &aac(),
            &["plugin", "install", "--plugins-dir", dir.to_str().unwrap()],
            &[],
            home,
        ),
        None,
    );
    assert!(out.ok(), "aac plugin install: {}", out.stderr);
    assert!(dir.join("aac/plugin.yaml").exists() && dir.join("aac/aac").exists());
}

/// The post-renderer flags of each Helm.
fn post_renderer_args(helm: &str) -> Vec<String> {
    if !aac_tests::is_helm4(helm) {
        vec![
            "--post-renderer".into(),
            aac().display().to_string(),
            "--post-renderer-args".into(),
            "post-render".into(),
        ]
    } else {
        vec!["--post-renderer".into(), "aac".into()]
    }
}

/// `helm template r .` of the chart folder, with engine `wasm`.
const TEMPLATE_WASM: [&str; 5] = ["template", "r", ".", "--set", "renderer.engine=wasm"];

/// `helm ARGS` through the aac post-renderer, named as [`post_renderer_args`] does.
fn helm_through_aac(helm_name: &str, args: &[&str]) -> Out {
    let pr = post_renderer_args(helm_name);
    let mut args = args.to_vec();
    args.extend(pr.iter().map(String::as_str));
    helm(helm_name, &args, &[])
}

/// Objects keyed by `kind/namespace/name`.
fn by_key(yaml: &str) -> BTreeMap<String, Value> {
    aac_tests::objects_by_key(parse_stream(yaml))
}

fn diff(a_name: &str, a: &str, b_name: &str, b: &str) -> Option<String> {
    let (a, b) = (by_key(a), by_key(b));
    if a == b {
        return None;
    }
    let mut out = String::new();
    for key in a
        .keys()
        .chain(b.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        match (a.get(key), b.get(key)) {
            (Some(x), Some(y)) if x != y => {
                out.push_str(&format!("  {key}:\n    {a_name}: {x}\n    {b_name}: {y}\n"))
            }
            (Some(_), None) => out.push_str(&format!("  {key}: only {a_name}\n")),
            (None, Some(_)) => out.push_str(&format!("  {key}: only {b_name}\n")),
            _ => {}
        }
    }
    Some(out)
}

/// One input of the parity chain.
struct Case {
    label: String,
    file: String,
    release: String,
    namespace: String,
}

fn corpus_cases() -> Vec<Case> {
    let dir = repo_root().join("tests/corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("readable corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable corpus file");
            let directive = |key: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(&format!("# {key}: ")))
                    .map(|v| v.trim().to_string())
            };
            Case {
                label: format!(
                    "corpus/{}",
                    path.file_name().unwrap_or_default().to_string_lossy()
                ),
                file: path.display().to_string(),
                release: directive("release").unwrap_or_else(|| "ai-agent-connector".into()),
                namespace: directive("namespace").unwrap_or_else(|| "default".into()),
            }
        })
        .collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Every path for one case and one Helm; the disagreements.
fn chain(helm_name: &str, case: &Case) -> Vec<String> {
    let base: Vec<String> = vec![
        "template".into(),
        case.release.clone(),
        ".".into(),
        "--namespace".into(),
        case.namespace.clone(),
        "-f".into(),
        case.file.clone(),
    ];
    let engine_helm = helm(helm_name, &strs(&base), &[]);
    let mut wasm_args = base.clone();
    wasm_args.extend(["--set".into(), "renderer.engine=wasm".into()]);
    wasm_args.extend(post_renderer_args(helm_name));
    let engine_wasm = helm(helm_name, &strs(&wasm_args), &[]);
    let major = aac_tests::aac_helm_version(helm_name);
    let offline = run_aac(
        &[
            "render",
            &case.release,
            "--namespace",
            &case.namespace,
            "-f",
            &case.file,
            "--helm-version",
            major,
        ],
        None,
        &[],
    );

    let label = format!("{helm_name} {}", case.label);
    let mut problems = Vec::new();
    for (name, other) in [("post-renderer", &engine_wasm), ("aac render", &offline)] {
        match (engine_helm.ok(), other.ok()) {
            (true, true) => {
                if let Some(d) = diff("engine helm", &engine_helm.stdout, name, &other.stdout) {
                    problems.push(format!("{label}: {name} renders other objects:\n{d}"));
                }
                if name == "post-renderer" && other.stdout.contains("RenderRequest") {
                    problems.push(format!("{label}: a RenderRequest survived"));
                }
            }
            (false, false) => {}
            (true, false) => problems.push(format!(
                "{label}: engine helm renders, {name} fails:\n{}",
                other.stderr
            )),
            (false, true) => problems.push(format!(
                "{label}: engine helm fails, {name} renders; helm said:\n{}",
                engine_helm.stderr
            )),
        }
    }
    problems
}

#[test]
fn every_values_file_scenario_and_corpus_file_renders_the_same_objects_on_every_path() {
    let mut cases: Vec<Case> = scenarios()
        .into_iter()
        .map(|file| Case {
            label: file.clone(),
            file,
            release: "ai-agent-connector".into(),
            namespace: "default".into(),
        })
        .collect();
    cases.extend(corpus_cases());
    assert!(cases.len() >= 14, "only {} cases", cases.len());
    for helm in aac_tests::HELM4S {
        install_plugin(helm);
    }
    // Two workers: the machine has two cores and Helm is the slow part.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let problems: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let mut found = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        let Some(case) = cases.get(i) else { break };
                        for helm_name in aac_tests::HELMS {
                            found.extend(chain(helm_name, case));
                        }
                    }
                    found
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("worker"))
            .collect()
    });
    assert!(
        problems.is_empty(),
        "{} disagreement(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Issue 10: Helm holds `--set` integers as int64 and a values file's numbers
/// as float64, and prints them differently (`1000000`, `1e+06`); the carrier's
/// `typedValues` keeps them apart, so engine `wasm` through the real
/// post-renderer renders what engine `helm` renders (objects on every Helm,
/// bytes on Helm 3, whose post-renderer output is the manifest as is), and
/// `aac render` prints engine `helm`'s bytes.
#[test]
fn int64_and_float64_values_render_as_helm_prints_them_through_the_post_renderer() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("typed-values");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("tag-float.yaml");
    std::fs::write(&file, "image:\n  tag: 1000000\nreplicaCount: 3\n").expect("values file");
    let file = file.display().to_string();
    let big = dir.join("big-float.yaml");
    std::fs::write(&big, "image:\n  tag: 9007199254740993\n").expect("values file");
    let big = big.display().to_string();
    // (args, the image engine helm prints)
    let cases: &[(&[&str], &str)] = &[
        (
            &["--set", "image.tag=1000000"],
            "ai-agent-connector:1000000",
        ),
        (
            &["--set", "image.tag=9007199254740993"],
            "ai-agent-connector:9007199254740993",
        ),
        (&["--set", "image.tag=-42"], "ai-agent-connector:-42"),
        (&["-f", &file], "ai-agent-connector:1e+06"),
        (&["-f", &big], "ai-agent-connector:9.007199254740992e+15"),
        (&["--set-json", "image.tag=1e6"], "ai-agent-connector:1e+06"),
        (
            &["--set-json", "image.tag=1000000"],
            "ai-agent-connector:1e+06",
        ),
        (
            &["-f", &file, "--set", "image.tag=1000000"],
            "ai-agent-connector:1000000",
        ),
        (
            &["--set", "podAnnotations.a=1e6", "--set", "replicaCount=3"],
            "ai-agent-connector:1.0.0",
        ),
    ];
    for helm4 in aac_tests::HELM4S {
        install_plugin(helm4);
    }
    let mut problems = Vec::new();
    for helm_name in aac_tests::HELMS {
        for (args, image) in cases {
            let mut base = vec!["template", "r", "."];
            base.extend_from_slice(args);
            let label = format!("{helm_name} {}", args.join(" "));
            let engine_helm = helm(helm_name, &base, &[]);
            assert!(engine_helm.ok(), "{label}: {}", engine_helm.stderr);
            if !engine_helm
                .stdout
                .contains(&format!("image: \"{image}\"\n"))
            {
                problems.push(format!("{label}: engine helm does not print image {image}"));
            }
            let mut wasm: Vec<String> = base.iter().map(|s| s.to_string()).collect();
            wasm.extend(["--set".into(), "renderer.engine=wasm".into()]);
            wasm.extend(post_renderer_args(helm_name));
            let engine_wasm = helm(helm_name, &strs(&wasm), &[]);
            if !engine_wasm.ok() {
                problems.push(format!(
                    "{label}: engine wasm fails: {}",
                    engine_wasm.stderr
                ));
                continue;
            }
            if let Some(d) = diff(
                "engine helm",
                &engine_helm.stdout,
                "engine wasm",
                &engine_wasm.stdout,
            ) {
                problems.push(format!("{label}: engine wasm renders other objects:\n{d}"));
            }
            if helm_name == "helm3" && engine_wasm.stdout != engine_helm.stdout {
                problems.push(format!(
                    "{label}: engine wasm prints other bytes:\n{}",
                    aac_tests::line_diff(&engine_helm.stdout, &engine_wasm.stdout)
                ));
            }
            let mut render = vec!["render", "r"];
            render.extend_from_slice(args);
            render.extend(["--helm-version", aac_tests::aac_helm_version(helm_name)]);
            let offline = run_aac(&render, None, &[]);
            if offline.stdout != engine_helm.stdout {
                problems.push(format!(
                    "{label}: aac render prints other bytes ({}):\n{}",
                    offline.stderr,
                    aac_tests::line_diff(&engine_helm.stdout, &offline.stdout)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn helm4_install_dry_run_client_runs_the_plugin() {
    for helm4 in aac_tests::HELM4S {
        install_dry_run_client_runs_the_plugin(helm4);
    }
}

fn install_dry_run_client_runs_the_plugin(helm4: &str) {
    let args = [
        "install",
        "demo",
        ".",
        "--dry-run=client",
        "--namespace",
        "apps",
        "-f",
        "values-production.yaml",
        "--set",
        "renderer.engine=wasm",
    ];
    let out = helm_through_aac(helm4, &args);
    assert!(
        out.ok(),
        "{helm4} install --dry-run=client failed:\n{}",
        out.stderr
    );
    assert!(out.stdout.contains("kind: Deployment"), "{}", out.stdout);
    assert!(!out.stdout.contains("kind: RenderRequest"));
    assert!(out.stdout.contains("Rendered by the aac post-renderer"));
    assert!(
        !out.stdout
            .contains("postrenderer.helm.sh/postrender-filename")
    );
    // The same objects as engine helm's dry run.
    let plain = helm(
        helm4,
        &[
            "template",
            "demo",
            ".",
            "--namespace",
            "apps",
            "-f",
            "values-production.yaml",
        ],
        &[],
    );
    let manifest = out.stdout.split("\nNOTES:").next().unwrap_or_default();
    let manifest = &manifest[manifest.find("MANIFEST:").expect("a manifest") + 9..];
    let hooks = out.stdout[out.stdout.find("HOOKS:").expect("hooks") + 6..]
        .split("MANIFEST:")
        .next()
        .unwrap_or_default();
    if let Some(d) = diff(
        "template",
        &plain.stdout,
        "install",
        &format!("{hooks}\n{manifest}"),
    ) {
        panic!("dry-run objects differ:\n{d}");
    }
}

#[test]
fn show_only_works_through_the_post_renderer() {
    for helm_name in aac_tests::HELMS {
        let plain = helm(
            helm_name,
            &[
                "template",
                "r",
                ".",
                "--show-only",
                "templates/deployment.yaml",
            ],
            &[],
        );
        let args = [
            "template",
            "r",
            ".",
            "--show-only",
            "templates/deployment.yaml",
            "--set",
            "renderer.engine=wasm",
        ];
        let out = helm_through_aac(helm_name, &args);
        assert!(out.ok(), "{helm_name}: {}", out.stderr);
        let objects = parse_stream(&out.stdout);
        assert_eq!(objects.len(), 1, "{helm_name}: {}", out.stdout);
        assert_eq!(objects[0]["kind"], "Deployment");
        assert!(diff("plain", &plain.stdout, "post-rendered", &out.stdout).is_none());
        assert!(
            out.stdout
                .contains("# Source: ai-agent-connector/templates/deployment.yaml")
        );
    }
}

#[test]
fn a_stream_without_a_render_request_passes_through_unchanged() {
    // Helm 3 keeps the post-renderer's output verbatim: byte for byte the same.
    let plain = helm(
        "helm3",
        &["template", "r", ".", "-f", "values-production.yaml"],
        &[],
    );
    let args = ["template", "r", ".", "-f", "values-production.yaml"];
    let through = helm_through_aac("helm3", &args);
    assert!(plain.ok() && through.ok(), "{}", through.stderr);
    assert_eq!(plain.stdout, through.stdout);

    // Helm 4 re-serializes around any post-renderer: the same objects.
    let plain = helm("helm4", &["template", "r", "."], &[]);
    let through = helm(
        "helm4",
        &["template", "r", ".", "--post-renderer", "aac"],
        &[],
    );
    assert!(through.ok(), "{}", through.stderr);
    assert!(diff("plain", &plain.stdout, "post-rendered", &through.stdout).is_none());

    // And directly, whatever the stream holds.
    for stream in [
        plain.stdout.as_str(),
        "",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    postrenderer.helm.sh/postrender-filename: 'x/templates/a.yaml'\n---\n# just a comment\n",
        "---\n# Source: other/templates/x.yaml\nkind: RenderRequest\napiVersion: someone.else/v1\n",
    ] {
        let out = run_aac(&["post-render"], Some(stream.as_bytes()), &[]);
        assert!(out.ok(), "{}", out.stderr);
        assert_eq!(out.stdout, stream);
        // ... and says why on stderr, once.
        assert_eq!(
            out.stderr,
            "aac post-render: warning: the manifests hold no RenderRequest, so they pass \
             through unchanged: did you set renderer.engine=wasm?\n"
        );
    }
    // With a RenderRequest, no warning.
    let stream = render_request_stream(&[]);
    let out = run_aac(&["post-render"], Some(stream.as_bytes()), &[]);
    assert!(
        out.ok() && out.stdout.contains("kind: Deployment"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr, "");
}

/// What Helm 3 hands the post-renderer with engine `wasm` (no post-renderer run).
fn render_request_stream(extra: &[&str]) -> String {
    let mut args = TEMPLATE_WASM.to_vec();
    args.extend_from_slice(extra);
    let out = helm("helm3", &args, &[]);
    assert!(out.ok(), "{}", out.stderr);
    // Helm 3's post-renderer input holds no hooks; drop the test pod.
    let end = out
        .stdout
        .find("---\n# Source: ai-agent-connector/templates/tests/")
        .unwrap_or(out.stdout.len());
    out.stdout[..end].to_string()
}

/// The stream with its request's values replaced.
fn with_values(stream: &str, values: &str) -> String {
    let line = stream
        .lines()
        .find(|l| l.starts_with("typedValues: "))
        .expect("a typedValues line");
    stream.replace(line, &format!("typedValues: {values}"))
}

fn decoded_values(stream: &str) -> Value {
    let line = stream
        .lines()
        .find(|l| l.starts_with("typedValues: "))
        .unwrap();
    let json = base64::engine::general_purpose::STANDARD
        .decode(&line["typedValues: ".len()..])
        .unwrap();
    serde_json::from_slice(&json).unwrap()
}

#[test]
fn the_post_renderer_renders_a_request_by_itself() {
    let stream = render_request_stream(&[]);
    let out = run_aac(&["post-render"], Some(stream.as_bytes()), &[]);
    assert!(out.ok(), "{}", out.stderr);
    assert!(!out.stdout.contains("RenderRequest"));
    assert!(
        out.stdout
            .starts_with("---\n# Source: ai-agent-connector/templates/")
    );
    // Forced Helm 4 labels: the annotation instead of `# Source:`.
    let out = run_aac(
        &["post-render", "--helm", "4"],
        Some(stream.as_bytes()),
        &[],
    );
    assert!(out.ok(), "{}", out.stderr);
    assert!(out.stdout.contains(
        "postrenderer.helm.sh/postrender-filename: ai-agent-connector/templates/deployment.yaml"
    ));
}

#[test]
fn bad_values_are_refused_with_their_paths() {
    // Through Helm: the chart's schema and validation run in engine `wasm` too,
    // so Helm itself names the bad value before the post-renderer runs.
    for helm_name in aac_tests::HELMS {
        let bad = "autoscaling.enabled=true,autoscaling.minReplicas=5,autoscaling.maxReplicas=2";
        let out = helm_through_aac(helm_name, &[&TEMPLATE_WASM[..], &["--set", bad]].concat());
        out.assert_refused(
            "autoscaling.minReplicas: must be <= autoscaling.maxReplicas (2), got 5",
        );
    }
    // A request whose values the chart refuses (as a hand-made request could).
    let stream = render_request_stream(&[]);
    let mut values = decoded_values(&stream);
    values["service"]["port"] = Value::from("http");
    values["autoscaling"]["enabled"] = Value::from(true);
    values["autoscaling"]["minReplicas"] = Value::from(9);
    let encoded = base64::engine::general_purpose::STANDARD.encode(values.to_string());
    let out = run_aac(
        &["post-render"],
        Some(with_values(&stream, &encoded).as_bytes()),
        &[],
    );
    out.assert_fails_with("Error: aac post-render: ");
    assert!(out.stderr.contains("service.port: "), "{}", out.stderr);
}

#[test]
fn a_malformed_stream_is_refused() {
    let out = run_aac(&["post-render"], Some(b"apiVersion: v1\n\xff\xfe\n"), &[]);
    out.assert_fails_with("the manifests on stdin are not UTF-8 text");

    let stream = render_request_stream(&[]);
    let broken = stream.replace("release:\n", "release: [unclosed\n");
    let out = run_aac(&["post-render"], Some(broken.as_bytes()), &[]);
    out.assert_fails_with("RenderRequest does not parse");
    assert!(out.stderr.contains("<stdin>:"), "{}", out.stderr);

    let missing = stream.replace("  isInstall: true\n", "");
    let out = run_aac(&["post-render"], Some(missing.as_bytes()), &[]);
    out.assert_fails_with("RenderRequest: release.isInstall is missing");
}

#[test]
fn a_corrupt_render_request_is_refused() {
    let stream = render_request_stream(&[]);
    let out = run_aac(
        &["post-render"],
        Some(with_values(&stream, "not*base64!").as_bytes()),
        &[],
    );
    out.assert_fails_with("RenderRequest: typedValues is not base64");

    let not_json = base64::engine::general_purpose::STANDARD.encode("{\"replicaCount\": 1,");
    let out = run_aac(
        &["post-render"],
        Some(with_values(&stream, &not_json).as_bytes()),
        &[],
    );
    out.assert_fails_with("RenderRequest: typedValues is not a JSON object");

    let other = stream.replace("version: \"1.0.0\"", "version: \"7.0.0\"");
    let out = run_aac(&["post-render"], Some(other.as_bytes()), &[]);
    out.assert_fails_with(
        "is for ai-agent-connector 7.0.0, but this aac renders ai-agent-connector 1.0.0",
    );
}

#[test]
fn the_memory_cap_stops_the_module() {
    let out = run_aac(
        &["sandbox-probe", "allocate", "--max-memory", "32MiB"],
        None,
        &[],
    );
    out.assert_fails_with("Error: the renderer exceeded its memory cap of 32MiB");
    // The real renderer, below the memory it needs to start.
    let stream = render_request_stream(&[]);
    let out = run_aac(
        &["post-render"],
        Some(stream.as_bytes()),
        &[("AAC_MAX_MEMORY", "1MiB")],
    );
    out.assert_fails_with("aac post-render: the renderer exceeded its memory cap of 1MiB");
}

#[test]
fn the_time_cap_stops_the_module() {
    let start = std::time::Instant::now();
    let out = run_aac(&["sandbox-probe", "spin", "--timeout", "300ms"], None, &[]);
    out.assert_fails_with("Error: the renderer exceeded its time cap of 300ms");
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    let out = run_aac(
        &["sandbox-probe", "spin"],
        None,
        &[("AAC_TIMEOUT", "200ms")],
    );
    out.assert_fails_with("time cap of 200ms");
}

#[test]
fn helm3_shows_the_post_renderer_errors() {
    let mut args = TEMPLATE_WASM.to_vec();
    let pr = post_renderer_args("helm3");
    args.extend(pr.iter().map(String::as_str));
    args.extend(["--post-renderer-args", "--max-memory=1MiB"]);
    let out = helm("helm3", &args, &[]);
    out.assert_refused("aac post-render: the renderer exceeded its memory cap of 1MiB");
}

/// Helm 4 drops a plugin's stderr; aac writes the report to the terminal and
/// to `<plugin dir>/last-error.txt`.
#[test]
fn helm4_users_still_learn_why_the_post_renderer_failed() {
    for helm4 in aac_tests::HELM4S {
        learn_why_the_post_renderer_failed(helm4);
    }
}

fn learn_why_the_post_renderer_failed(helm4_name: &str) {
    // A home of its own: other tests' successful runs would clear the report.
    let home = &format!("{helm4_name}-error-route");
    install_plugin_in(home);
    let error_file = helm_home(home).join("plugins/aac/last-error.txt");
    let args = [&TEMPLATE_WASM[..], &["--post-renderer", "aac"]].concat();
    let why = "aac post-render: the renderer exceeded its memory cap of 1MiB";
    let helm4 = tool(helm4_name);
    let run_helm4 = |env: &[(&str, &str)]| output(command(&helm4, &args, env, home), None);

    // Without a terminal (CI): Helm's own message, and the file.
    let out = run_helm4(&[("AAC_MAX_MEMORY", "1MiB")]);
    assert!(!out.ok());
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("plugin \"aac\" exited with error"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains(why),
        "{helm4_name} now shows plugin stderr: the terminal route can go"
    );
    let saved = std::fs::read_to_string(&error_file).expect("last-error.txt written");
    assert!(saved.contains(why), "{saved}");

    // On a terminal (`script` gives Helm one): the reason is on screen.
    let mut line = shell_quote(&helm4.display().to_string());
    for arg in &args {
        line.push(' ');
        line.push_str(&shell_quote(arg));
    }
    let out = output(
        command(
            Path::new("script"),
            &["-qec", &line, "/dev/null"],
            &[("AAC_MAX_MEMORY", "1MiB")],
            home,
        ),
        None,
    );
    assert!(
        out.stdout.contains(why),
        "the terminal showed:\n{}",
        out.stdout
    );
    assert!(out.stdout.contains("last-error.txt"), "{}", out.stdout);
    assert!(out.stdout.contains("plugin \"aac\" exited with error"));

    // A later success clears the stale report.
    let ok = run_helm4(&[]);
    assert!(ok.ok(), "{}", ok.stderr);
    assert!(!error_file.exists(), "last-error.txt outlived a success");
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The chart as a dependency of an umbrella chart (`condition:
/// ai-agent-connector.enabled`, `global` values shared with other subcharts), with
/// a template of the umbrella's own beside it: every Helm, both engines, the same
/// objects; `global.imageRegistry` and `global.imagePullSecrets` reach the pods.
#[test]
fn the_chart_works_as_a_subchart_of_an_umbrella_chart() {
    let umbrella = repo_root().join("target/umbrella/platform");
    let _ = std::fs::remove_dir_all(&umbrella);
    copy_dir(
        &aac_tests::chart_dir(),
        &umbrella.join("charts/ai-agent-connector"),
    );
    std::fs::create_dir_all(umbrella.join("templates")).unwrap();
    let files = [
        (
            "Chart.yaml",
            "apiVersion: v2\nname: platform\nversion: 0.1.0\ndependencies:\n  - name: ai-agent-connector\n    version: 1.0.0\n    repository: file://../../../helm/ai-agent-connector\n    condition: ai-agent-connector.enabled\n",
        ),
        (
            "values.yaml",
            "global:\n  imageRegistry: mirror.example.com\n  imagePullSecrets:\n    - name: mirror-credentials\n  environment: staging\nai-agent-connector:\n  enabled: true\n  autoscaling:\n    minReplicas: 3\n",
        ),
        (
            "templates/settings.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: platform-settings\ndata:\n  environment: {{ .Values.global.environment | quote }}\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(umbrella.join(name), text).unwrap();
    }
    let chart = umbrella.display().to_string();
    for helm_name in aac_tests::HELMS {
        let base = ["template", "demo", chart.as_str(), "--namespace", "apps"];
        let plain = helm(helm_name, &base, &[]);
        assert!(
            plain.ok(),
            "{helm_name} umbrella, engine helm:\n{}",
            plain.stderr
        );
        let objects = by_key(&plain.stdout);
        let deployment = &objects["Deployment/apps/demo-ai-agent-connector"];
        let pod = &deployment["spec"]["template"]["spec"];
        assert_eq!(
            pod["containers"][0]["image"], "mirror.example.com/ai-agent-connector:1.0.0",
            "{helm_name}"
        );
        assert_eq!(
            pod["imagePullSecrets"],
            serde_json::json!([{"name": "mirror-credentials"}]),
            "{helm_name}"
        );
        assert_eq!(deployment["metadata"]["namespace"], "apps");
        assert!(objects.keys().any(|k| k.ends_with("/platform-settings")));

        // Engine wasm through the post-renderer: the same objects.
        let mut args: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        args.extend([
            "--set".into(),
            "ai-agent-connector.renderer.engine=wasm".into(),
        ]);
        args.extend(post_renderer_args(helm_name));
        let wasm = helm(helm_name, &strs(&args), &[]);
        assert!(
            wasm.ok(),
            "{helm_name} umbrella, engine wasm:\n{}",
            wasm.stderr
        );
        assert!(!wasm.stdout.contains("kind: RenderRequest"));
        if let Some(d) = diff("engine helm", &plain.stdout, "engine wasm", &wasm.stdout) {
            panic!("{helm_name} umbrella: the engines differ:\n{d}");
        }
        // Helm 3 labels the subchart's objects with their path in the umbrella.
        for out in [&plain, &wasm] {
            if !aac_tests::is_helm4(helm_name) {
                assert!(
                    out.stdout.contains(
                        "# Source: platform/charts/ai-agent-connector/templates/deployment.yaml\n"
                    ),
                    "{}",
                    out.stdout
                );
            }
        }

        // The umbrella's condition turns the chart off; its own objects stay.
        let off = helm(
            helm_name,
            &[
                "template",
                "demo",
                chart.as_str(),
                "--set",
                "ai-agent-connector.enabled=false",
            ],
            &[],
        );
        assert!(off.ok(), "{helm_name}: {}", off.stderr);
        assert!(!off.stdout.contains("kind: Deployment"), "{}", off.stdout);
        assert!(off.stdout.contains("name: platform-settings"));
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Engine `wasm` through `aac` prints the same bytes as engine `helm` through
/// `aac` (which passes that stream through), for every scenario and the
/// corpus file whose extra objects end in kept blank lines, on every Helm.
/// (Helm 4 re-serializes whatever a post-renderer returns, so its output with
/// a post-renderer is never its output without one; Helm 3 prints it as is.)
#[test]
fn every_helm_prints_the_same_bytes_for_both_engines_through_the_post_renderer() {
    let mut files = scenarios();
    files.push(
        repo_root()
            .join("tests/corpus/extra-objects-document-ends.yaml")
            .display()
            .to_string(),
    );
    let mut problems = Vec::new();
    for helm_name in aac_tests::HELMS {
        let post_renderer = post_renderer_args(helm_name);
        for file in &files {
            let mut base = vec!["template", "r", ".", "-f", file.as_str()];
            base.extend(post_renderer.iter().map(String::as_str));
            let engine_helm = helm(helm_name, &base, &[]);
            let mut wasm = base.clone();
            wasm.extend(["--set", "renderer.engine=wasm"]);
            let engine_wasm = helm(helm_name, &wasm, &[]);
            assert!(
                engine_helm.ok(),
                "{helm_name} {file}: {}",
                engine_helm.stderr
            );
            assert!(
                engine_wasm.ok(),
                "{helm_name} {file}: {}",
                engine_wasm.stderr
            );
            if engine_helm.stdout != engine_wasm.stdout {
                problems.push(format!(
                    "{helm_name} -f {file}: the bytes differ\n{}",
                    aac_tests::line_diff(&engine_helm.stdout, &engine_wasm.stdout)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
