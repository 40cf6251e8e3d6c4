//! The `aac` command line: `aac render` against `helm template` (Helm 3.17.3
//! and 4.1.4) with every kind of flag, `--show-only`, `--output-dir`,
//! `--kube-version`; Helm-like errors; `schema`, `version`, completions, help,
//! `plugin install`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use aac_tests::{HELMS, Out, chart_dir, parse_stream, repo_root, tool};
use serde_json::Value;

fn aac() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_aac-under-test"))
}

/// A scratch folder of this test file's own, emptied.
fn scratch(name: &str) -> PathBuf {
    aac_tests::emptied(repo_root().join("target/aac-cli-tests").join(name))
}

fn run(program: &Path, args: &[&str], home: &str, env: &[(&str, &str)]) -> Out {
    let mut cmd = aac_tests::isolated_command(program, args, home);
    cmd.stdin(Stdio::null());
    for (k, v) in env {
        if v.is_empty() {
            cmd.env_remove(k);
        } else {
            cmd.env(k, v);
        }
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()))
        .into()
}

fn aac_run(args: &[&str]) -> Out {
    run(&aac(), args, "aac", &[])
}

fn helm(helm: &str, args: &[&str]) -> Out {
    run(&tool(helm), args, helm, &[])
}

fn by_key(yaml: &str) -> BTreeMap<String, Value> {
    aac_tests::objects_by_key(parse_stream(yaml))
}

/// `helm template <args>` and `aac render <args>` for both Helms: the same
/// objects, or both refuse. Returns the disagreements.
fn compare(label: &str, args: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    for helm_name in HELMS {
        let mut helm_args = vec!["template"];
        helm_args.extend_from_slice(args);
        // `helm template [NAME] CHART`: the chart goes after the name, if any.
        let at = if args.first().is_some_and(|a| !a.starts_with('-')) {
            2
        } else {
            1
        };
        helm_args.insert(at, ".");
        let want = helm(helm_name, &helm_args);
        let mut aac_args = vec![
            "render",
            "--helm-version",
            aac_tests::aac_helm_version(helm_name),
        ];
        aac_args.extend_from_slice(args);
        let got = aac_run(&aac_args);
        match (want.ok(), got.ok()) {
            (true, true) => {
                if by_key(&want.stdout) != by_key(&got.stdout) {
                    problems.push(format!(
                        "{helm_name} {label}: objects differ\n--- helm\n{}\n--- aac\n{}",
                        want.stdout, got.stdout
                    ));
                }
            }
            (false, false) => {}
            (helm_renders, _) => {
                let (renders, refuses, said) = if helm_renders {
                    ("helm", "aac", &got.stderr)
                } else {
                    ("aac", "helm", &want.stderr)
                };
                problems.push(format!(
                    "{helm_name} {label}: {renders} renders, {refuses} refuses:\n{said}"
                ));
            }
        }
    }
    problems
}

#[test]
fn render_matches_helm_template_with_every_kind_of_flag() {
    let dir = scratch("flags");
    let note = dir.join("note.txt");
    std::fs::write(&note, "line one\nline two: with a colon\n").unwrap();
    let set_file = format!("podAnnotations.note={}", note.display());
    let overlay = dir.join("overlay.yaml");
    std::fs::write(
        &overlay,
        "replicaCount: 4\nimage:\n  tag: \"2.0\"\npodLabels: null\n",
    )
    .unwrap();
    let overlay = overlay.display().to_string();
    let comma_files = format!("values-production.yaml,{overlay}");
    let with_comma = dir.join("a,b.yaml");
    std::fs::write(
        &with_comma,
        "replicaCount: 5\nautoscaling:\n  enabled: false\n",
    )
    .unwrap();
    let quoted_file = format!("\"{}\"", with_comma.display());
    // UTF-16 with a byte order mark: Helm 3 reads it, Helm 4 refuses it.
    let utf16 = dir.join("utf16.yaml");
    let text = "autoscaling:\n  enabled: false\nreplicaCount: 3\n";
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&utf16, bytes).unwrap();
    let utf16 = utf16.display().to_string();
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("defaults", vec![]),
        ("a UTF-16 values file", vec!["r", "-f", &utf16]),
        ("name and namespace", vec!["my-rel", "-n", "team-a"]),
        ("--namespace long", vec!["r", "--namespace", "b"]),
        (
            "layered files",
            vec!["r", "-f", "values-production.yaml", "-f", &overlay],
        ),
        (
            "--set",
            vec![
                "r",
                "--set",
                "replicaCount=3,image.tag=v1",
                "--set",
                "podAnnotations.a\\.b=c",
            ],
        ),
        ("--set-string", vec!["r", "--set-string", "image.tag=1.10"]),
        (
            "--set-json",
            vec!["r", "--set-json", r#"podLabels={"team":"a","tier":"web"}"#],
        ),
        ("--set-file", vec!["r", "--set-file", &set_file]),
        (
            "--set-literal",
            vec!["r", "--set-literal", "podAnnotations.raw=a,b=c"],
        ),
        (
            "ingress by --set",
            vec![
                "r",
                "--set",
                "ingress.enabled=true,ingress.hosts[0].host=api.example.com,ingress.hosts[0].paths[0].path=/,ingress.hosts[0].paths[0].pathType=Prefix",
            ],
        ),
        ("refused value", vec!["r", "--set", "service.port=http"]),
        (
            "refused cross-field",
            vec![
                "r",
                "--set",
                "autoscaling.enabled=true,autoscaling.minReplicas=5,autoscaling.maxReplicas=2",
            ],
        ),
        (
            "engine wasm offline",
            vec!["r", "--set", "renderer.engine=wasm"],
        ),
        ("--skip-tests", vec!["r", "--skip-tests"]),
        // `-f` is a pflag StringSlice: one occurrence names several files.
        ("-f a,b", vec!["r", "-f", &comma_files]),
        ("-f with a quoted comma", vec!["r", "-f", &quoted_file]),
        ("-f with a bare quote", vec!["r", "-f", "a\"b.yaml"]),
        ("an empty namespace is Helm's default", vec!["r", "-n", ""]),
    ];
    let problems: Vec<String> = cases
        .iter()
        .flat_map(|(label, args)| {
            let mut p = compare(label, args);
            // `aac render` with engine wasm renders the objects, as the
            // post-renderer would; `helm template` alone prints the request.
            if *label == "engine wasm offline" {
                p.retain(|m| !m.contains("objects differ"));
            }
            p
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn render_prints_helm_templates_stream() {
    let out = aac_run(&["render"]);
    assert!(out.ok(), "{}", out.stderr);
    let helm_out = helm("helm4", &["template", "."]);
    assert_eq!(by_key(&out.stdout), by_key(&helm_out.stdout));
    assert!(
        out.stdout
            .starts_with("---\n# Source: ai-agent-connector/templates/")
    );
    assert!(
        out.stdout
            .contains("name: release-name-ai-agent-connector\n")
    );
    // Documents in Helm's order: kinds in install order, the test hook last.
    let kinds = |s: &str| {
        parse_stream(s)
            .iter()
            .map(|o| o["kind"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds(&out.stdout), kinds(&helm_out.stdout));
    let sources = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("# Source: "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(sources(&out.stdout), sources(&helm_out.stdout));
}

#[test]
fn show_only_is_helms() {
    for pattern in [
        "templates/deployment.yaml",
        "templates/*.yaml",
        "templates/s*",
        "templates/tests/test-health.yaml",
    ] {
        for helm_name in HELMS {
            let want = helm(helm_name, &["template", "r", ".", "--show-only", pattern]);
            let got = aac_run(&["render", "r", "--show-only", pattern]);
            assert!(want.ok() && got.ok(), "{pattern}: {}", got.stderr);
            assert_eq!(by_key(&want.stdout), by_key(&got.stdout), "{pattern}");
        }
    }
    let got = aac_run(&[
        "render",
        "-s",
        "templates/service.yaml",
        "-s",
        "templates/deployment.yaml",
    ]);
    let want = helm(
        "helm3",
        &[
            "template",
            ".",
            "-s",
            "templates/service.yaml",
            "-s",
            "templates/deployment.yaml",
        ],
    );
    assert_eq!(by_key(&got.stdout), by_key(&want.stdout));
    assert_eq!(parse_stream(&got.stdout)[0]["kind"], "Service");

    let missing = aac_run(&["render", "--show-only", "templates/nope.yaml"]);
    let helm_missing = helm(
        "helm3",
        &["template", ".", "--show-only", "templates/nope.yaml"],
    );
    assert_eq!(missing.code, Some(1));
    assert_eq!(missing.stdout, "");
    assert_eq!(missing.stderr, helm_missing.stderr);
}

/// Every file under `dir`, relative, with its text.
fn files_under(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn output_dir_writes_what_helm_writes() {
    let root = scratch("output-dir");
    let (helm_dir, aac_dir) = (root.join("helm"), root.join("aac"));
    let args = ["r", "-f", "values-production.yaml"];
    let mut h = vec![
        "template",
        "r",
        ".",
        "-f",
        "values-production.yaml",
        "--output-dir",
    ];
    let helm_dir_s = helm_dir.display().to_string();
    h.push(&helm_dir_s);
    let want = helm("helm3", &h);
    assert!(want.ok(), "{}", want.stderr);
    let aac_dir_s = aac_dir.display().to_string();
    let mut a = vec!["render"];
    a.extend_from_slice(&args);
    a.extend(["--output-dir", &aac_dir_s]);
    let got = aac_run(&a);
    assert!(got.ok(), "{}", got.stderr);
    assert_eq!(
        got.stdout,
        want.stdout.replace(&helm_dir_s, &aac_dir_s),
        "the `wrote` lines"
    );
    let (want_files, got_files) = (files_under(&helm_dir), files_under(&aac_dir));
    assert_eq!(
        want_files.keys().collect::<Vec<_>>(),
        got_files.keys().collect::<Vec<_>>()
    );
    for (name, text) in &want_files {
        assert_eq!(by_key(text), by_key(&got_files[name]), "{name}");
        assert!(got_files[name].starts_with(&format!("---\n# Source: {name}\n")));
    }
}

#[test]
fn kube_version_is_checked_like_helm() {
    for v in ["1.29", "v1.35.0", "1.23.0"] {
        let out = aac_run(&["render", "--kube-version", v]);
        assert!(out.ok(), "{v}: {}", out.stderr);
    }
    // Every spelling as each Helm parses it (Helm 3: Masterminds semver; Helm 4:
    // Kubernetes' generic versions): the same verdict and the same first line.
    let spellings = [
        "",
        "1.20",
        "abc",
        "1.23.0-",
        "1.30.0+",
        " 1.30.0",
        "2",
        "v2",
        "01.23.0",
        "1.30.0-01",
        "1.30.0 junk",
        "1.22.9+",
        "1.30",
    ];
    for helm_name in HELMS {
        for v in spellings {
            let want = helm(helm_name, &["template", ".", "--kube-version", v]);
            let out = aac_run(&[
                "render",
                "--helm-version",
                aac_tests::aac_helm_version(helm_name),
                "--kube-version",
                v,
            ]);
            assert_eq!(
                out.ok(),
                want.ok(),
                "{helm_name} --kube-version {v:?}: {}",
                out.stderr
            );
            if !want.ok() {
                assert_eq!(out.stdout, "");
                assert_eq!(
                    out.stderr.lines().next(),
                    want.stderr.lines().next(),
                    "{helm_name} --kube-version {v:?}"
                );
            }
        }
    }
}

#[test]
fn fields_newer_than_the_target_kubernetes_are_refused_like_helm() {
    // Each field from the first Kubernetes that has it; refused below, with
    // Helm's message word for word.
    // [--set, the newest Kubernetes that refuses it, the first that accepts it]
    let sets = [
        (
            "autoscaling.enabled=true,autoscaling.behavior.scaleUp.tolerance=0.1",
            "1.32",
            "1.33",
        ),
        (
            "podSecurityContext.seLinuxChangePolicy=MountOption",
            "1.31",
            "1.32",
        ),
        (
            "extraVolumes[0].name=models,extraVolumes[0].image.reference=example.com/models:1",
            "1.30",
            "1.31",
        ),
        ("lifecycle.preStop.sleep.seconds=5", "1.29", "1.30"),
        ("lifecycle.stopSignal=SIGTERM", "1.32", "1.33"),
        (
            "initContainers[0].name=proxy,initContainers[0].image=envoy,initContainers[0].restartPolicy=Always",
            "1.28",
            "1.29",
        ),
        (
            "sidecars[0].name=shipper,sidecars[0].image=fluent-bit,sidecars[0].restartPolicy=Always",
            "1.33",
            "1.34",
        ),
        (
            "sidecars[0].name=shipper,sidecars[0].image=fluent-bit,sidecars[0].lifecycle.postStart.sleep.seconds=1",
            "1.29",
            "1.30",
        ),
    ];
    for helm_name in HELMS {
        for (set, newest_refusing, first_accepting) in sets {
            for (v, refused) in [
                (newest_refusing, true),
                (first_accepting, false),
                ("", false),
            ] {
                let mut args = vec!["template", ".", "--set", set];
                if !v.is_empty() {
                    args.extend(["--kube-version", v]);
                }
                let want = helm(helm_name, &args);
                let mut ours = vec![
                    "render",
                    "--helm-version",
                    aac_tests::aac_helm_version(helm_name),
                    "--set",
                    set,
                ];
                if !v.is_empty() {
                    ours.extend(["--kube-version", v]);
                }
                let out = aac_run(&ours);
                let what = format!("{helm_name} --set {set} --kube-version {v:?}");
                assert_eq!(out.ok(), want.ok(), "{what}: {}{}", out.stderr, want.stderr);
                if v.is_empty() {
                    continue;
                }
                assert_eq!(want.ok(), !refused, "{what}: {}", want.stderr);
                if refused {
                    // From the values path on (the core also says where it was set).
                    let line = |text: &str| {
                        text.lines()
                            .find(|l| l.contains("needs Kubernetes"))
                            .and_then(|l| {
                                [
                                    "autoscaling.",
                                    "podSecurityContext.",
                                    "extraVolumes[",
                                    "lifecycle.",
                                    "initContainers[",
                                    "sidecars[",
                                ]
                                .iter()
                                .find_map(|p| l.find(p))
                                .map(|at| l[at..].to_string())
                            })
                    };
                    assert!(line(&want.stderr).is_some(), "{what}: {}", want.stderr);
                    assert_eq!(line(&out.stderr), line(&want.stderr), "{what}");
                }
            }
        }
    }
}

#[test]
fn errors_read_like_helms_with_values_paths() {
    // A missing values file: Helm's words.
    let out = aac_run(&["render", "-f", "nonexistent.yaml"]);
    let want = helm("helm4", &["template", ".", "-f", "nonexistent.yaml"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, want.stderr);

    // Every bad value at once, each with its path (and file position).
    let dir = scratch("errors");
    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        "service:\n  port: http\nautoscaling:\n  enabled: true\n  minReplicas: 5\n  maxReplicas: 2\n",
    )
    .unwrap();
    let out = aac_run(&["render", "-f", bad.to_str().unwrap()]);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "");
    assert!(out.stderr.starts_with("Error: "), "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("{}:2:9: service.port: ", bad.display())),
        "{}",
        out.stderr
    );

    let out = aac_run(&[
        "render",
        "--set",
        "service.port=x",
        "--set",
        "replicaCount=-1",
    ]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("service.port"), "{}", out.stderr);

    let out = aac_run(&["render", "--set-file", "podAnnotations.a=no-such-file.txt"]);
    let want = helm(
        "helm4",
        &[
            "template",
            ".",
            "--set-file",
            "podAnnotations.a=no-such-file.txt",
        ],
    );
    assert_eq!(out.code, Some(1));
    // Helm's words, after which flag it was (`--set-file:1:1:`, the first --set-file).
    let helm_words = want.stderr.strip_prefix("Error: ").unwrap();
    assert_eq!(out.stderr, format!("Error: --set-file:1:1: {helm_words}"));

    let out = aac_run(&["render", "INVALID_NAME"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("invalid release name"),
        "{}",
        out.stderr
    );

    // Usage errors are clap's (exit 2), still nothing on stdout.
    let out = aac_run(&["render", "--no-such-flag"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
}

#[test]
fn schema_is_the_committed_values_schema() {
    let out = aac_run(&["schema"]);
    assert!(out.ok(), "{}", out.stderr);
    let committed = std::fs::read_to_string(chart_dir().join("values.schema.json")).unwrap();
    assert_eq!(out.stdout, committed);
}

#[test]
fn version_help_and_completions() {
    let out = aac_run(&["version"]);
    assert!(out.ok());
    let chart = std::fs::read_to_string(chart_dir().join("Chart.yaml")).unwrap();
    let version = chart
        .lines()
        .find_map(|l| l.strip_prefix("version: "))
        .unwrap();
    assert!(
        out.stdout
            .contains(&format!("chart ai-agent-connector {version}")),
        "{}",
        out.stdout
    );
    assert!(aac_run(&["--version"]).stdout.starts_with("aac "));

    let help = aac_run(&["--help"]);
    assert!(help.ok());
    for needle in [
        "post-render",
        "render",
        "schema",
        "plugin",
        "Examples:",
        "--max-memory",
    ] {
        assert!(help.stdout.contains(needle), "--help lacks {needle}");
    }
    assert!(!help.stdout.contains("sandbox-probe"));
    let help = aac_run(&["render", "--help"]);
    for needle in [
        "--set-json",
        "--show-only",
        "--output-dir",
        "--kube-version",
        "-n, --namespace",
    ] {
        assert!(help.stdout.contains(needle), "render --help lacks {needle}");
    }
    for shell in ["bash", "zsh", "fish"] {
        let out = aac_run(&["completions", shell]);
        assert!(out.ok() && out.stdout.contains("post-render"), "{shell}");
    }
}

#[test]
fn plugin_install_finds_helm4s_folder_and_refuses_helm3() {
    for helm4_name in aac_tests::HELM4S {
        let home = &format!("aac-plugin-install-{helm4_name}");
        let _ = std::fs::remove_dir_all(repo_root().join("target/helm-home").join(home));
        let helm4 = tool(helm4_name).display().to_string();
        let install = |helm: &str| {
            let args = ["plugin", "install", "--helm", helm];
            run(&aac(), &args, home, &[("HELM_PLUGINS", "")])
        };
        let out = install(&helm4);
        assert!(out.ok(), "{}", out.stderr);
        let dir = repo_root()
            .join("target/helm-home")
            .join(home)
            .join("data/plugins/aac");
        assert!(
            out.stdout.contains(&dir.display().to_string()),
            "{}",
            out.stdout
        );
        let listed = run(
            &tool(helm4_name),
            &["plugin", "list"],
            home,
            &[("HELM_PLUGINS", "")],
        );
        assert!(
            listed
                .stdout
                .lines()
                .any(|l| l.starts_with("aac") && l.contains("postrenderer/v1")),
            "{}",
            listed.stdout
        );
        // Installing again updates in place.
        let again = install(&helm4);
        assert!(again.ok(), "{}", again.stderr);

        let helm3 = tool("helm3").display().to_string();
        let out = install(&helm3);
        assert_eq!(out.code, Some(1));
        assert!(
            out.stderr.contains("postrenderer/v1 plugins need Helm 4"),
            "{}",
            out.stderr
        );
    }
}
