//! `aac render --releases FILE --output-dir DIR`: many releases in one run.
//! Each release's files are byte for byte what a single `aac render NAME ...
//! --output-dir DIR/NS/NAME` writes, and, for several, what `helm template`
//! writes (Helm 4.3.1 and Helm 3.17.3); failures are all reported, each naming
//! its release, and then nothing is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use aac_tests::{Out, chart_dir, isolated_command, tool};

fn aac() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_aac-under-test"))
}

/// `aac ARGS` in `dir`, with none of the user's settings.
/// `aac render --releases FILE --output-dir OUT`, run in `dir`.
fn render_releases(dir: &Path, file: &str, out: &str) -> Out {
    aac_in(dir, &["render", "--releases", file, "--output-dir", out])
}

fn aac_in(dir: &Path, args: &[&str]) -> Out {
    Command::new(aac())
        .args(args)
        .current_dir(dir)
        .env_remove("HELM_NAMESPACE")
        .env_remove("AAC_MAX_MEMORY")
        .env_remove("AAC_TIMEOUT")
        .stdin(Stdio::null())
        .output()
        .expect("aac runs")
        .into()
}

fn scratch(name: &str) -> PathBuf {
    aac_tests::emptied(
        std::env::temp_dir().join(format!("aac-fleet-{}-{name}", std::process::id())),
    )
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

#[track_caller]
fn assert_same_tree(want: &Path, got: &Path, what: &str) {
    let (want, got) = (tree(want), tree(got));
    assert!(!want.is_empty(), "{what}: nothing written");
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>(),
        "{what}: files"
    );
    for (path, bytes) in &want {
        assert!(
            bytes == &got[path],
            "{what}: {path} differs:\n{}",
            aac_tests::line_diff(
                &String::from_utf8_lossy(bytes),
                &String::from_utf8_lossy(&got[path])
            )
        );
    }
}

/// One release of the test fleet: name, namespace, and its fields (YAML) in the releases file.
struct Release {
    name: &'static str,
    namespace: &'static str,
    values: &'static [&'static str],
    /// (flag, value) pairs, `--set`... as `aac render` and `helm template` take them.
    flags: &'static [(&'static str, &'static str)],
}

/// A fleet using every field: values files (one shared, one in a subfolder,
/// one from the chart), each kind of `--set`, namespaces given and not.
const FLEET: &[Release] = &[
    Release {
        name: "agents",
        namespace: "prod",
        values: &["common.yaml", "envs/prod.yaml"],
        flags: &[("--set", "image.tag=1.2.3")],
    },
    Release {
        name: "agents",
        namespace: "staging",
        values: &["common.yaml"],
        flags: &[("--set-string", "podAnnotations.build=42")],
    },
    Release {
        name: "plain",
        namespace: "",
        values: &[],
        flags: &[],
    },
    Release {
        name: "json.and.literal",
        namespace: "team-a",
        values: &["chart/ci/monitoring-values.yaml"],
        flags: &[
            ("--set-json", r#"podLabels={"team":"a","tier":"1"}"#),
            ("--set-literal", "podAnnotations.raw=a,b{c}"),
        ],
    },
    Release {
        name: "from-file",
        namespace: "team-b",
        values: &["chart/values-production.yaml"],
        flags: &[
            ("--set-file", "podAnnotations.note=note.txt"),
            ("--set", "replicaCount=2,autoscaling.enabled=false"),
        ],
    },
    Release {
        name: "ingress",
        namespace: "team-b",
        values: &["chart/ci/ingress-tls-values.yaml", "common.yaml"],
        flags: &[],
    },
];

fn field(flag: &str) -> &'static str {
    match flag {
        "--set" => "set",
        "--set-string" => "setString",
        "--set-json" => "setJson",
        "--set-file" => "setFile",
        "--set-literal" => "setLiteral",
        other => panic!("{other}"),
    }
}

/// A folder with the values files and `releases.yaml` listing [`FLEET`].
fn fleet_dir(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("envs")).unwrap();
    std::fs::write(dir.join("common.yaml"), aac_tests::COMMON_VALUES).unwrap();
    std::fs::write(
        dir.join("envs/prod.yaml"),
        "replicaCount: 3\nautoscaling:\n  enabled: false\n",
    )
    .unwrap();
    std::fs::write(dir.join("note.txt"), "from a file\n").unwrap();
    std::os::unix::fs::symlink(chart_dir(), dir.join("chart")).unwrap();
    let mut yaml = String::from("# the test fleet\nreleases:\n");
    for r in FLEET {
        yaml.push_str(&format!("  - name: {}\n", r.name));
        if !r.namespace.is_empty() {
            yaml.push_str(&format!("    namespace: {}\n", r.namespace));
        }
        yaml.push_str("    chart: ./chart\n");
        if !r.values.is_empty() {
            yaml.push_str(&format!("    values: [{}]\n", r.values.join(", ")));
        }
        let mut by_field: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (flag, value) in r.flags {
            by_field.entry(field(flag)).or_default().push(value);
        }
        for (f, values) in by_field {
            yaml.push_str(&format!("    {f}:\n"));
            for v in values {
                yaml.push_str(&format!("      - {}\n", serde_json::to_string(v).unwrap()));
            }
        }
    }
    std::fs::write(dir.join("releases.yaml"), yaml).unwrap();
    dir
}

/// The flags of one release, for `aac render` / `helm template` run in the fleet folder.
fn single_args(r: &Release) -> Vec<String> {
    let mut args = vec![
        "-n".to_string(),
        if r.namespace.is_empty() {
            "default"
        } else {
            r.namespace
        }
        .to_string(),
    ];
    for v in r.values {
        args.extend(["-f".to_string(), v.to_string()]);
    }
    for (flag, value) in r.flags {
        args.extend([flag.to_string(), value.to_string()]);
    }
    args
}

fn out_dir_of(r: &Release) -> String {
    let ns = if r.namespace.is_empty() {
        "default"
    } else {
        r.namespace
    };
    format!("{ns}/{}", r.name)
}

#[test]
fn each_release_is_what_a_single_aac_render_and_helm_template_write() {
    let dir = fleet_dir("same");
    for (helm_version, helm) in [("4", "helm4.3"), ("3", "helm3")] {
        let batch = format!("batch-{helm}");
        let o = aac_in(
            &dir,
            &[
                "render",
                "--releases",
                "releases.yaml",
                "--output-dir",
                &batch,
                "--helm-version",
                helm_version,
            ],
        );
        assert!(o.ok(), "batch render failed:\n{}", o.stderr);
        assert!(
            o.stdout
                .starts_with(&format!("wrote {} releases (", FLEET.len())),
            "{}",
            o.stdout
        );
        assert!(
            o.stdout.ends_with(&format!("files) to {batch}\n")),
            "{}",
            o.stdout
        );
        let dirs: Vec<String> = std::fs::read_dir(dir.join(&batch))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(dirs.len(), 5, "one folder per namespace: {dirs:?}");

        for (i, r) in FLEET.iter().enumerate() {
            let single = format!("single-{helm}/{}", out_dir_of(r));
            let mut args = vec!["render".to_string(), r.name.to_string()];
            args.extend(single_args(r));
            args.extend([
                "--output-dir".into(),
                single.clone(),
                "--helm-version".into(),
                helm_version.into(),
            ]);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = aac_in(&dir, &args);
            assert!(o.ok(), "aac {args:?}:\n{}", o.stderr);
            let got = dir.join(&batch).join(out_dir_of(r));
            assert_same_tree(
                &dir.join(&single),
                &got,
                &format!("{}: batch vs aac render", out_dir_of(r)),
            );

            // Helm itself, for half of them (each Helm run costs ~0.1 s).
            if i % 2 == 0 {
                let helm_out = format!("helm-{helm}/{}", out_dir_of(r));
                let chart = chart_dir().display().to_string();
                let mut args = vec!["template".to_string(), r.name.to_string(), chart];
                args.extend(single_args(r));
                args.extend(["--output-dir".into(), helm_out.clone()]);
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let o: Out = isolated_command(&tool(helm), &args, helm)
                    .current_dir(&dir)
                    .output()
                    .unwrap()
                    .into();
                assert!(o.ok(), "{helm} {args:?}:\n{}", o.stderr);
                assert_same_tree(
                    &dir.join(&helm_out),
                    &got,
                    &format!("{}: batch vs {helm} template", out_dir_of(r)),
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The folder's entries besides `keep`, to prove nothing was left behind.
fn leftovers(dir: &Path, keep: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect()
}

#[test]
fn every_failure_is_reported_by_release_and_nothing_is_written() {
    let dir = fleet_dir("fail");
    // A good run first: the failed run below must leave it exactly as it is.
    let o = render_releases(&dir, "releases.yaml", "out");
    assert!(o.ok(), "{}", o.stderr);
    let before = tree(&dir.join("out"));

    let mut yaml = std::fs::read_to_string(dir.join("releases.yaml")).unwrap();
    yaml.push_str(
        "  - name: bad-port\n    namespace: prod\n    set: [service.port=http]\n\
         \x20 - name: no-file\n    values: [missing.yaml]\n\
         \x20 - name: two-errors\n    setString: [image.tag=x]\n    set: [service.port=x, autoscaling.enabled=maybe]\n",
    );
    std::fs::write(dir.join("bad.yaml"), yaml).unwrap();
    for out in ["out", "new-out"] {
        let o = render_releases(&dir, "bad.yaml", out);
        o.assert_fails_with(&format!(
            "Error: 3 of {} releases in bad.yaml did not render; nothing was written to {out}:\n",
            FLEET.len() + 3
        ));
        for line in [
            "release \"bad-port\" (namespace \"prod\", bad.yaml: releases[6]): --set:1:1: service.port: must be a whole number, got string \"http\"\n",
            "release \"no-file\" (namespace \"default\", bad.yaml: releases[7]): open missing.yaml: no such file or directory\n",
            "release \"two-errors\" (namespace \"default\", bad.yaml: releases[8]): 2 errors:\n  - --set:1:1: service.port: must be a whole number, got string \"x\"\n  - --set:2:1: autoscaling.enabled: must be true or false, got string \"maybe\"\n",
        ] {
            assert!(
                o.stderr.contains(line),
                "stderr lacks {line:?}:\n{}",
                o.stderr
            );
        }
    }
    assert_eq!(tree(&dir.join("out")), before, "a failed run changed out/");
    assert!(
        !dir.join("new-out").exists(),
        "a failed run created new-out/"
    );
    // No staging folder is left behind.
    let left = leftovers(
        &dir,
        &[
            "out",
            "envs",
            "chart",
            "common.yaml",
            "note.txt",
            "releases.yaml",
            "bad.yaml",
        ],
    );
    assert!(left.is_empty(), "left behind: {left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_later_run_replaces_the_folder_and_stray_files_are_refused() {
    let dir = fleet_dir("replace");
    // What an interrupted run left (its process is gone: no PID is this large) is removed.
    std::fs::create_dir_all(dir.join(".out.aac-tmp-4000000000/prod")).unwrap();
    let o = render_releases(&dir, "releases.yaml", "out");
    assert!(o.ok(), "{}", o.stderr);
    assert!(dir.join("out/team-a/json.and.literal").is_dir());
    assert!(!dir.join(".out.aac-tmp-4000000000").exists());
    // The fleet without one release: its folder goes (the rendered-manifests pattern).
    std::fs::write(
        dir.join("smaller.yaml"),
        "releases:\n  - name: agents\n    namespace: prod\n    values: [common.yaml]\n",
    )
    .unwrap();
    let o = render_releases(&dir, "smaller.yaml", "out");
    assert!(o.ok(), "{}", o.stderr);
    assert_eq!(o.stdout, "wrote 1 releases (7 files) to out\n");
    let namespaces: Vec<String> = leftovers(&dir.join("out"), &[]);
    assert_eq!(namespaces, ["prod"]);

    // A folder aac did not write is never replaced.
    std::fs::write(dir.join("out/README.md"), "mine\n").unwrap();
    let o = render_releases(&dir, "smaller.yaml", "out");
    o.assert_fails_with(
        "Error: --output-dir out holds out/README.md, which aac render --releases did not write",
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("out/README.md")).unwrap(),
        "mine\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn helmfiles_set_entries_are_the_flags_helmfile_passes() {
    let dir = scratch("helmfile-set");
    std::fs::write(dir.join("note.txt"), "from a file\n").unwrap();
    std::fs::write(
        dir.join("r.yaml"),
        "releases:\n  - name: hf\n    namespace: team-c\n    set:\n\
         \x20     - name: image.tag\n        value: 1.2.3\n\
         \x20     - name: replicaCount\n        value: 2\n\
         \x20     - name: autoscaling.enabled\n        value: false\n\
         \x20     - name: podAnnotations.tricky\n        value: \"a,b{c}\"\n\
         \x20     - name: podAnnotations.note\n        file: note.txt\n\
         \x20     - name: args\n        values: [--verbose, \"--level=2,3\"]\n\
         \x20     - name: podAnnotations.skipped\n        value: \"\"\n\
         \x20     - service.port=8080\n",
    )
    .unwrap();
    let o = render_releases(&dir, "r.yaml", "out");
    assert!(o.ok(), "{}", o.stderr);
    // What helmfile runs for those entries (pkg/state: escape() of `{`, `}` and `,`).
    let o: Out = isolated_command(
        &tool("helm4.3"),
        &[
            "template",
            "hf",
            &chart_dir().display().to_string(),
            "-n",
            "team-c",
            "--set",
            "image.tag=1.2.3",
            "--set",
            "replicaCount=2",
            "--set",
            "autoscaling.enabled=false",
            "--set",
            "podAnnotations.tricky=a\\,b\\{c\\}",
            "--set",
            "args={--verbose,--level=2\\,3}",
            "--set",
            "service.port=8080",
            "--set-file",
            "podAnnotations.note=note.txt",
            "--output-dir",
            "helm/team-c/hf",
        ],
        "helm4.3",
    )
    .current_dir(&dir)
    .output()
    .unwrap()
    .into();
    assert!(o.ok(), "{}", o.stderr);
    assert_same_tree(
        &dir.join("helm"),
        &dir.join("out"),
        "helmfile set entries vs helm template",
    );
    let deployment = std::fs::read_to_string(
        dir.join("out/team-c/hf/ai-agent-connector/templates/deployment.yaml"),
    )
    .unwrap();
    assert!(deployment.contains("tricky: a,b{c}"), "{deployment}");
    assert!(!deployment.contains("skipped"), "{deployment}");

    std::fs::write(
        dir.join("bad.yaml"),
        "releases:\n  - name: hf\n    set:\n      - value: x\n      - name: a\n        valu: x\n      - name: b\n        value: 1.10\n",
    )
    .unwrap();
    render_releases(&dir, "bad.yaml", "o")
        .assert_fails_with("release \"hf\" (namespace \"default\", bad.yaml: releases[0]): set[0]: missing field `name`");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn each_release_has_its_own_time_and_memory_caps() {
    let dir = scratch("caps");
    // About a second of parsing before the core refuses it (an object over 1 MiB).
    let mut big = String::from("podAnnotations:\n");
    for i in 0..60_000 {
        big.push_str(&format!("  k{i}: \"{}\"\n", "v".repeat(30)));
    }
    std::fs::write(dir.join("big.yaml"), big).unwrap();
    std::fs::write(
        dir.join("r.yaml"),
        "releases:\n  - name: quick\n  - name: slow\n    values: [big.yaml]\n",
    )
    .unwrap();
    let o = aac_in(
        &dir,
        &[
            "--timeout",
            "300ms",
            "render",
            "--releases",
            "r.yaml",
            "--output-dir",
            "out",
        ],
    );
    o.assert_fails_with(
        "Error: 1 of 2 releases in r.yaml did not render; nothing was written to out:\n\
         release \"slow\" (namespace \"default\", r.yaml: releases[1]): the renderer exceeded its time cap of 300ms",
    );
    assert!(!o.stderr.contains("\"quick\""), "{}", o.stderr);
    let o = aac_in(
        &dir,
        &[
            "--max-memory",
            "128KiB",
            "render",
            "--releases",
            "r.yaml",
            "--output-dir",
            "out",
        ],
    );
    o.assert_fails_with("Error: 2 of 2 releases in r.yaml did not render");
    assert_eq!(
        o.stderr
            .matches("the renderer exceeded its memory cap of 128KiB")
            .count(),
        2,
        "{}",
        o.stderr
    );
    assert!(!dir.join("out").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_releases_file_is_checked_before_anything_renders() {
    let dir = scratch("checks");
    let run = |yaml: &str| {
        std::fs::write(dir.join("r.yaml"), yaml).unwrap();
        render_releases(&dir, "r.yaml", "out")
    };
    run("releases:\n  - name: a\n    valuesFiles: [x.yaml]\n").assert_fails_with(
        "Error: r.yaml: releases[0]: unknown field `valuesFiles`, expected one of",
    );
    run("releases:\n  - namespace: a\n")
        .assert_fails_with("Error: r.yaml: releases[0]: missing field `name`");
    run("releases: []\n").assert_fails_with("Error: r.yaml: lists no releases");
    run("releases:\n  - name: a\n  - name: a\n    namespace: default\n").assert_fails_with(
        "Error: release \"a\" (namespace \"default\", r.yaml: releases[1]): releases[0] is the same release",
    );
    let o = run(
        "releases:\n  - name: Bad_Name\n    namespace: ../up\n  - name: b\n    chart: bitnami/nginx\n    values: [\"-\"]\n",
    );
    o.assert_fails_with("Error: 4 errors:\n");
    for needle in [
        "namespace \"../up\" is not a valid namespace name",
        "release name \"Bad_Name\" is invalid",
        "chart \"bitnami/nginx\": aac renders only the local ai-agent-connector chart: open bitnami/nginx/Chart.yaml: no such file or directory",
        "values: \"-\" (stdin) cannot be read for a release",
    ] {
        assert!(
            o.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            o.stderr
        );
    }
    aac_in(&dir, &["render", "x", "--releases", "r.yaml", "--output-dir", "o", "--set", "a=b"])
        .assert_fails_with("Error: --releases takes each release's name, values files and --set flags from r.yaml; move NAME, --set into it");
    assert!(!dir.join("out").exists() && !dir.join("o").exists());
    let help = aac_in(&dir, &["render", "--help"]);
    assert!(help.stdout.contains("--releases <FILE>"), "{}", help.stdout);
    render_releases(&dir, "r.yaml", ".")
        .assert_fails_with("Error: --output-dir .: name a folder (not / or ..)");
    let _ = std::fs::remove_dir_all(&dir);
}
