//! Hostile input (issue 6): every input of `aac_tests::hostile::cases()` is
//! refused with a clear message, a non-zero exit, nothing on stdout, within
//! seconds and bounded memory: by the core (`render`, `post_render`), by `aac
//! render -f` and by `aac post-render`. Duplicate keys render as Helm renders
//! them (the last one wins) with a warning that names the path; secret values
//! never appear in any message.
//!
//! The same cases, measured against Helm too, make `docs/hostile-input.md`
//! (`scripts/hostile-table.sh`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use aac_core::Release;
use aac_core::helm::post_render::post_render;
use aac_core::{HelmVersion, Rendering, SetMode, Value, ValuesOptions, parse_set, render};
use aac_tests::hostile::{
    Case, Expect, SECRET, billion_laughs, cases, huge_values, request_stream, values_json,
};
use aac_tests::{parse_stream, repo_root, run, tool};

/// Longest a refusal may take in the core (a debug build, on a shared CI core).
const CORE_LIMIT: Duration = Duration::from_secs(5);
/// Longest `aac` may take on a case (debug build, including its start).
const CLI_LIMIT: Duration = Duration::from_secs(10);
/// Most memory `aac` may use on a case: its peak resident set.
const CLI_MAX_RSS_MIB: u64 = 512;

/// What the core answered: the rendered text and warnings, or the errors.
type Answer = Result<(String, Vec<String>), Vec<String>>;

/// The core as `aac render -f FILE` drives it: a file that is not UTF-8 is
/// refused as Helm refuses it (`parse_values_bytes`), the rest is the whole
/// render.
fn core_render(values: &[u8], helm: HelmVersion) -> Answer {
    let Ok(text) = String::from_utf8(values.to_vec()) else {
        let errors = aac_core::parse_values_bytes("values.yaml", values, helm)
            .expect_err("not UTF-8, so refused");
        return Err(errors.iter().map(ToString::to_string).collect());
    };
    render_options(ValuesOptions {
        values_files: vec![("values.yaml".to_string(), text)],
        helm_version: helm,
        ..ValuesOptions::default()
    })
}

fn render_options(options: ValuesOptions) -> Answer {
    let rendering: Result<Rendering, _> =
        render(&options, &Release::template("demo", "default"), |path| {
            Err(format!("open {path}: no such file"))
        });
    match rendering {
        Ok(r) => Ok((
            r.to_stream(),
            r.warnings.iter().map(ToString::to_string).collect(),
        )),
        Err(errors) => Err(errors.iter().map(ToString::to_string).collect()),
    }
}

/// The core as `aac post-render` drives it: a stream that is not UTF-8 is
/// refused before the core sees it (by the host), the rest is `post_render`.
fn core_post_render(stream: &[u8]) -> Answer {
    let Ok(text) = std::str::from_utf8(stream) else {
        return Err(vec![
            "the manifests on stdin are not UTF-8 text".to_string(),
        ]);
    };
    post_render(text, None)
        .map(|out| (out, Vec::new()))
        .map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

/// Checks one answer against what the case expects; returns the problems.
fn check(label: &str, expect: &Expect, answer: &Answer, took: Duration) -> Vec<String> {
    let mut problems = Vec::new();
    if took > CORE_LIMIT {
        problems.push(format!("{label}: took {took:?}"));
    }
    let messages: Vec<&String> = match answer {
        Ok((_, warnings)) => warnings.iter().collect(),
        Err(errors) => errors.iter().collect(),
    };
    for m in &messages {
        if m.contains(SECRET) {
            problems.push(format!("{label}: a message shows the secret: {m}"));
        }
        if m.len() > 2000 {
            problems.push(format!("{label}: a message of {} bytes", m.len()));
        }
    }
    match (expect, answer) {
        (Expect::Refused(needle), Err(errors)) => {
            if !errors.iter().any(|e| e.contains(needle)) {
                problems.push(format!("{label}: no error says {needle:?}: {errors:?}"));
            }
        }
        (Expect::RenderedWithWarning(needle), Ok((_, warnings))) => {
            if !warnings.iter().any(|w| w.contains(needle)) {
                problems.push(format!("{label}: no warning says {needle:?}: {warnings:?}"));
            }
        }
        (Expect::NotApplicable, _) => {}
        (expect, Ok((out, _))) => problems.push(format!(
            "{label}: expected {expect:?}, rendered {} bytes",
            out.len()
        )),
        (expect, Err(errors)) => {
            problems.push(format!("{label}: expected {expect:?}, refused: {errors:?}"))
        }
    }
    problems
}

#[test]
fn every_hostile_input_is_refused_by_the_core() {
    let mut problems = Vec::new();
    for case in cases() {
        if let Some(values) = &case.values {
            for helm in [HelmVersion::V3, HelmVersion::V4] {
                let start = Instant::now();
                let answer = core_render(values, helm);
                let label = format!("{} (core render, {helm:?})", case.name);
                problems.extend(check(&label, &case.render, &answer, start.elapsed()));
            }
        }
        if let Some(stream) = &case.stream {
            let start = Instant::now();
            let answer = core_post_render(stream);
            let label = format!("{} (core post_render)", case.name);
            problems.extend(check(&label, &case.post_render, &answer, start.elapsed()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every free-form Kubernetes subtree of the values (passed through like
/// `toYaml`) and every other place an alias can stand: the bomb is refused
/// before it is expanded, whatever it is under.
#[test]
fn alias_bombs_are_refused_anywhere() {
    let bomb = |indent: usize| billion_laughs("b", indent);
    let mut inputs: Vec<(String, String)> = [
        "affinity",
        "nodeSelector",
        "podAnnotations",
        "podLabels",
        "podSecurityContext",
        "securityContext",
        "resources",
        "service.annotations",
        "ingress.annotations",
        "serviceAccount.annotations",
        "configmap.data",
        "secrets.data",
    ]
    .iter()
    .map(|path| {
        let mut text = String::new();
        let parts: Vec<&str> = path.split('.').collect();
        for (depth, part) in parts.iter().enumerate() {
            text.push_str(&format!("{}{part}:\n", "  ".repeat(depth)));
        }
        text.push_str(&bomb(2 * parts.len()));
        (path.to_string(), text)
    })
    .collect();
    // Lists of Kubernetes objects: the bomb inside the first item.
    for list in [
        "tolerations",
        "topologySpreadConstraints",
        "extraVolumes",
        "extraVolumeMounts",
        "initContainers",
        "env",
        "imagePullSecrets",
    ] {
        inputs.push((
            list.to_string(),
            format!("{list}:\n  - name: x\n{}", bomb(4)),
        ));
    }
    inputs.push((
        "merge key".into(),
        format!("{}affinity:\n  <<: *b9\n", bomb(0)),
    ));
    inputs.push(("a key".into(), format!("{}? *b9\n: x\n", bomb(0))));
    inputs.push((
        "a later document (Helm 4 merges them)".into(),
        format!("replicaCount: 1\n---\n{}", bomb(0)),
    ));
    let mut problems = Vec::new();
    for (place, text) in &inputs {
        for helm in [HelmVersion::V3, HelmVersion::V4] {
            let start = Instant::now();
            let answer = core_render(text.as_bytes(), helm);
            let label = format!("alias bomb under {place} ({helm:?})");
            if place.starts_with("a later") && helm == HelmVersion::V3 {
                // Helm 3 reads only the first document: the bomb is never read.
                assert!(answer.is_ok(), "{label}: {answer:?}");
                continue;
            }
            problems.extend(check(
                &label,
                &Expect::Refused("excessive aliasing"),
                &answer,
                start.elapsed(),
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Nesting through the flags, not a file: `--set` paths, `--set-json` values.
#[test]
fn deep_nesting_through_flags_is_refused() {
    let deep_index = format!("a{}=1", "[0]".repeat(200_000));
    let deep_keys = format!("{}=1", vec!["a"; 200_000].join("."));
    let deep_json = format!("a={}1{}", "[".repeat(200_000), "]".repeat(200_000));
    let deep_object = format!("{}1{}", "{\"a\":".repeat(200_000), "}".repeat(200_000));
    for (flag, expr, needle) in [
        ("--set", &deep_index, "nested more than"),
        // Helm's own limit: at most 30 dots in a key.
        ("--set", &deep_keys, "maximum supported nested level of 30"),
        ("--set-json", &deep_json, "--set-json"),
        ("--set-json", &deep_object, "--set-json"),
    ] {
        let mut options = ValuesOptions::default();
        match flag {
            "--set" => options.set.push(expr.clone()),
            _ => options.set_json.push(expr.clone()),
        }
        let start = Instant::now();
        let answer = render_options(options);
        let problems = check(
            &format!("{flag} {}...", &expr[..20]),
            &Expect::Refused(needle),
            &answer,
            start.elapsed(),
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

/// Size limits hold for every source: a huge `--set`, a huge `--set-file`
/// file, many values files that add up.
#[test]
fn huge_values_from_flags_are_refused() {
    let big = huge_values(6 << 20);
    let cases: Vec<(&str, ValuesOptions)> = vec![
        (
            "--set",
            ValuesOptions {
                set: vec![format!("configmap.data.A={}", "x".repeat(6 << 20))],
                ..ValuesOptions::default()
            },
        ),
        (
            "values files adding up",
            ValuesOptions {
                values_files: (0..3)
                    .map(|i| (format!("v{i}.yaml"), huge_values(2 << 20)))
                    .collect(),
                ..ValuesOptions::default()
            },
        ),
    ];
    for (label, options) in cases {
        let start = Instant::now();
        let problems = check(
            label,
            &Expect::Refused("values over 4.0 MiB are refused"),
            &render_options(options),
            start.elapsed(),
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
    // --set-file: the content the caller reads is checked too.
    let mut values = Value::empty_map();
    let read = |_: &str| Ok(big.clone());
    let err = parse_set(
        "configmap.data.A=big.txt",
        &mut values,
        SetMode::SetFile(&read),
    )
    .expect_err("a 6 MiB --set-file is refused");
    assert!(
        err.message.contains("file big.txt is 6.0 MiB (")
            && err.message.contains("values over 4.0 MiB are refused"),
        "{err}"
    );
}

/// Duplicate keys are not refused: Helm 3 and 4 keep the last one. The core
/// renders the same and warns with the path; checked against both Helms.
#[test]
fn duplicate_keys_render_as_helm_does_with_a_warning() {
    let text = "configmap:\n  data:\n    LOG_LEVEL: INFO\n    LOG_LEVEL: DEBUG\n\
                affinity:\n  nodeAffinity: {}\n  nodeAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution: []\n";
    let (stream, warnings) = core_render(text.as_bytes(), HelmVersion::V4).expect("renders");
    for path in ["configmap.data.LOG_LEVEL", "affinity.nodeAffinity"] {
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(&format!("{path}: duplicate key"))),
            "no warning names {path}: {warnings:?}"
        );
    }
    let ours = config_and_affinity(&stream);
    assert_eq!(ours.0, "DEBUG");

    let dir = scratch("duplicate-keys");
    let file = dir.join("values.yaml");
    std::fs::write(&file, text).expect("write");
    for helm in aac_tests::HELMS {
        let out = run(
            &tool(helm),
            &["template", "demo", ".", "-f", file.to_str().expect("utf-8")],
        );
        assert!(
            out.status.success(),
            "{helm}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs = config_and_affinity(&String::from_utf8_lossy(&out.stdout));
        assert_eq!(theirs, ours, "{helm} renders the duplicates differently");
    }
}

/// The ConfigMap's LOG_LEVEL and the Deployment's affinity, from a stream.
fn config_and_affinity(stream: &str) -> (String, serde_json::Value) {
    let objects = parse_stream(stream);
    let find = |kind: &str| {
        objects
            .iter()
            .find(|o| o["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind}"))
            .clone()
    };
    (
        find("ConfigMap")["data"]["LOG_LEVEL"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        find("Deployment")["spec"]["template"]["spec"]["affinity"].clone(),
    )
}

/// Secret values never appear in a message, however they are wrong and
/// wherever they come from.
#[test]
fn secret_values_never_appear_in_messages() {
    let hex = "0x5EC2E7"; // a secret that YAML reads as a number
    let files = [
        format!("secrets:\n  create: true\n  data:\n    T: [{SECRET}]\n"),
        format!("secrets:\n  create: true\n  data:\n    T: {{a: {SECRET}}}\n"),
        format!("secrets:\n  create: true\n  data:\n    T: !!int {SECRET}\n"),
        format!("secrets:\n  create: true\n  data:\n    T: !!float {SECRET}\n"),
        format!("secrets:\n  create: true\n  data:\n    T: !!binary {SECRET}\n"),
        format!("secrets:\n  create: true\n  data:\n    T: {hex}\n"),
        format!("secrets:\n  create: true\n  data:\n    T: {SECRET}\n    T: {SECRET}\n"),
        format!("secrets:\n  create: true\n  data:\n    T: \"{SECRET}\n"),
        format!("secrets:\n  create: true\n  data:\n    T: {SECRET}\n  bad: 1\n"),
        format!("secrets:\n  create: true\n  existingSecret: x\n  data:\n    T: {SECRET}\n"),
    ];
    let mut answers: Vec<(String, Answer)> = files
        .iter()
        .map(|f| (f.clone(), core_render(f.as_bytes(), HelmVersion::V4)))
        .collect();
    for set_json in [
        format!("secrets.data.T={{\"{SECRET}\""),
        format!("{{\"secrets\":{{\"data\":{{\"T\":\"{SECRET}\",}}}}}}"),
        format!("secrets.data.T=[\"{SECRET}\"]"),
    ] {
        answers.push((
            set_json.clone(),
            render_options(ValuesOptions {
                set_json: vec![set_json],
                set: vec!["secrets.create=true".into()],
                ..ValuesOptions::default()
            }),
        ));
    }
    for set in [
        format!("secrets.data.T[{SECRET}"),
        format!("secrets.data.T={SECRET},secrets.data.U[0]={SECRET}"),
    ] {
        answers.push((
            set.clone(),
            render_options(ValuesOptions {
                set: vec![set, "secrets.create=true".into()],
                ..ValuesOptions::default()
            }),
        ));
    }
    for data in [
        serde_json::json!({"T": [SECRET]}),
        serde_json::json!({"T": {"a": SECRET}}),
        serde_json::json!({"T": 123456789}),
        serde_json::json!({"bad key!": SECRET}),
    ] {
        let stream = request_stream(
            &values_json(serde_json::json!({"secrets": {"create": true, "data": data}})),
            "",
        );
        answers.push((format!("RenderRequest {data}"), core_post_render(&stream)));
    }
    let mut leaks = Vec::new();
    let mut refused = 0;
    for (input, answer) in &answers {
        let messages = match answer {
            Ok((_, warnings)) => warnings.clone(),
            Err(errors) => {
                refused += 1;
                errors.clone()
            }
        };
        for m in messages {
            if m.contains(SECRET) || m.contains(hex) || m.contains("123456789") {
                leaks.push(format!("{input:?}\n  -> {m}"));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "secrets in messages:\n{}",
        leaks.join("\n")
    );
    assert!(
        refused >= 10,
        "most of these inputs are refused: {answers:#?}"
    );
}

// ---------------------------------------------------------------------------
// Through the `aac` binary: exit code, stdout, stderr, time and peak memory.

fn aac() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_aac-under-test"))
}

/// A scratch folder of this test file's own, emptied.
fn scratch(name: &str) -> PathBuf {
    aac_tests::emptied(repo_root().join("target/hostile-tests").join(name))
}

/// What one measured run did.
#[derive(Debug)]
struct Measured {
    exit: Option<i64>,
    seconds: f64,
    max_rss_kib: u64,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs `program args` with `stdin` (a file) under `scripts/measure.py`.
fn measure(program: &Path, args: &[&str], stdin: Option<&Path>, dir: &Path) -> Measured {
    let (out, err) = (dir.join("stdout"), dir.join("stderr"));
    let stdin = stdin.map_or_else(|| "-".to_string(), |p| p.display().to_string());
    let mut measured = Command::new("python3");
    measured
        .arg(repo_root().join("scripts/measure.py"))
        .args([stdin.as_str(), path_str(&out), path_str(&err), "--"])
        .arg(program)
        .args(args)
        .env_remove("AAC_MAX_MEMORY")
        .env_remove("AAC_TIMEOUT")
        .env_remove("AAC_ERROR_FILE")
        .env_remove("HELM_PLUGIN_NAME")
        .env_remove("HELM_PLUGIN_DIR");
    let m: serde_json::Value =
        serde_json::from_str(&aac_tests::ok(&mut measured).stdout).expect("measure.py JSON");
    Measured {
        exit: m["exit"].as_i64(),
        seconds: m["seconds"].as_f64().unwrap_or(f64::MAX),
        max_rss_kib: m["max_rss_kib"].as_u64().unwrap_or(u64::MAX),
        stdout: std::fs::read(&out).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err).unwrap_or_default(),
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Checks a measured `aac` run against a case's expectation.
fn check_cli(label: &str, expect: &Expect, m: &Measured) -> Vec<String> {
    let mut problems = Vec::new();
    if m.seconds > CLI_LIMIT.as_secs_f64() {
        problems.push(format!("{label}: took {:.2} s", m.seconds));
    }
    if m.max_rss_kib > CLI_MAX_RSS_MIB * 1024 {
        problems.push(format!("{label}: peak memory {} MiB", m.max_rss_kib / 1024));
    }
    if m.stderr.contains(SECRET) {
        problems.push(format!("{label}: stderr shows the secret"));
    }
    match expect {
        Expect::Refused(needle) => {
            if m.exit == Some(0) || m.exit.is_none() {
                problems.push(format!("{label}: exit {:?}", m.exit));
            }
            if !m.stdout.is_empty() {
                problems.push(format!("{label}: {} bytes on stdout", m.stdout.len()));
            }
            if !m.stderr.contains(needle) {
                problems.push(format!(
                    "{label}: stderr lacks {needle:?}: {}",
                    &m.stderr[..m.stderr.len().min(600)]
                ));
            }
        }
        Expect::RenderedWithWarning(needle) => {
            if m.exit != Some(0) || m.stdout.is_empty() {
                problems.push(format!("{label}: exit {:?}: {}", m.exit, m.stderr));
            }
            if !m.stderr.contains(needle) {
                problems.push(format!("{label}: stderr lacks the warning {needle:?}"));
            }
        }
        Expect::NotApplicable => {}
    }
    problems
}

/// Writes a case's input to the scratch folder.
fn input_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write input");
    path
}

#[test]
fn every_hostile_input_is_refused_by_aac_render() {
    each_case_through_aac("render", |c| Some((c.values.as_deref()?, &c.render)));
}

#[test]
fn every_hostile_input_is_refused_by_aac_post_render() {
    each_case_through_aac("post-render", |c| {
        Some((c.stream.as_deref()?, &c.post_render))
    });
}

/// Runs `aac render` on each case's values file (`-f`), or `aac post-render` on
/// its stream (stdin), where `input` gives the case one, and checks the run
/// ([`check_cli`]).
fn each_case_through_aac(command: &str, input: impl Fn(&Case) -> Option<(&[u8], &Expect)>) {
    let mut problems = Vec::new();
    for case in cases() {
        let Some((bytes, expect)) = input(&case) else {
            continue;
        };
        let dir = scratch(&format!("{command}-{}", case.name));
        let m = if command == "render" {
            let file = input_file(&dir, "values.yaml", bytes);
            measure(
                &aac(),
                &["render", "demo", "-f", path_str(&file)],
                None,
                &dir,
            )
        } else {
            let file = input_file(&dir, "stream.yaml", bytes);
            measure(&aac(), &[command], Some(&file), &dir)
        };
        problems.extend(check_cli(
            &format!("aac {command}: {}", case.name),
            expect,
            &m,
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
