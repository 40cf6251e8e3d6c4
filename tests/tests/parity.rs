//! The core renders exactly what Helm renders: real Helm 3.17.3, 4.1.4 and 4.3.1
//! (`helm template`, engine `helm`) against `aac_core::render`, compared as
//! parsed objects keyed by kind, namespace and name, then byte for byte (the
//! core's `to_stream_for` the Helm, which is what `aac render` prints); or both
//! refuse the input.
//!
//! Inputs: the chart's values files and `ci/` scenarios, the YAML-semantics corpus
//! `tests/corpus/*.yaml`, a table of `--set`-style flags, and generated values files
//! over every key of the values (proptest; `AAC_PARITY_SEED`, `AAC_PARITY_CASES`).
//! Helm runs on a few threads at once (`AAC_PARITY_THREADS`, default 3).
//!
//! Rendered streams are read twice, by a YAML 1.2 parser (serde_yaml) and by the
//! core's YAML 1.1 loader (what Kubernetes' sigs.k8s.io/yaml reads), so a string
//! that one emitter quotes and the other does not is caught either way.

#[path = "parity/generate.rs"]
mod generate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Instant;

use aac_core::{HelmVersion, Release, ValuesOptions};
use aac_tests::{HELMS, chart_dir, helm_template, line_diff, parse_stream, repo_root, scenarios};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

// ---------------------------------------------------------------------------
// Running Helm on a few threads

fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v}: not a number")),
        Err(_) => default,
    }
}

/// How many Helm processes run at once, across every test of this file.
fn helm_slots() -> usize {
    env_usize("AAC_PARITY_THREADS", 3).max(1)
}

/// A counting semaphore shared by the tests (they run in parallel).
static RUNNING: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

fn with_helm_slot<R>(f: impl FnOnce() -> R) -> R {
    let slots = helm_slots();
    {
        let mut running = RUNNING.lock().expect("semaphore");
        while *running >= slots {
            running = FREED.wait(running).expect("semaphore");
        }
        *running += 1;
    }
    let out = f();
    *RUNNING.lock().expect("semaphore") -= 1;
    FREED.notify_one();
    out
}

/// `f` over `items` on `helm_slots()` threads; results in input order.
fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..helm_slots().min(items.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    results.lock().expect("results")[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .expect("results")
        .into_iter()
        .map(|r| r.expect("every item ran"))
        .collect()
}

// ---------------------------------------------------------------------------
// Cases

/// What a case is expected to do under one Helm (`None`: whatever Helm does).
type Expect = Option<bool>;

/// One input, as `helm template` flags and as core options.
#[derive(Clone, Debug)]
struct Case {
    label: String,
    release: String,
    namespace: String,
    /// `-f` files: absolute, or relative to the chart directory.
    files: Vec<String>,
    /// (flag, value): `--set`, `--set-string`, `--set-json`, `--set-file`, `--set-literal`.
    flags: Vec<(String, String)>,
    /// Rendered (`Some(true)`) or refused (`Some(false)`), for Helm 3 and Helm 4.
    expect: [Expect; 2],
    /// Texts the core's warnings must contain.
    warns: Vec<String>,
}

impl Case {
    /// What Helm is given after `template NAME .` or `install NAME .`:
    /// `--namespace NS`, each `-f FILE`, each flag and its value.
    fn helm_args(&self) -> Vec<String> {
        let mut args: Vec<String> = vec!["--namespace".into(), self.namespace.clone()];
        for f in &self.files {
            args.push("-f".into());
            args.push(f.clone());
        }
        for (flag, value) in &self.flags {
            args.push(flag.clone());
            args.push(value.clone());
        }
        args
    }

    /// The same values for the core, read as `helm` reads them.
    fn values_options(&self, helm: &str) -> ValuesOptions {
        let mut options = ValuesOptions {
            helm_version: helm_version(helm),
            ..ValuesOptions::default()
        };
        for f in &self.files {
            options.values_files.push((f.clone(), self.read(f)));
        }
        for (flag, value) in &self.flags {
            options
                .flag_values(flag)
                .unwrap_or_else(|| panic!("unknown flag {flag}"))
                .push(value.clone());
        }
        options
    }

    fn file(path: &str) -> Case {
        Case {
            label: path.to_string(),
            release: "ai-agent-connector".into(),
            namespace: "default".into(),
            files: vec![path.to_string()],
            flags: vec![],
            expect: [None, None],
            warns: vec![],
        }
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(chart_dir().join(file))
            .unwrap_or_else(|e| panic!("{}: {file}: {e}", self.label))
    }
}

fn helm_version(helm: &str) -> HelmVersion {
    HelmVersion::parse(aac_tests::aac_helm_version(helm)).expect("a Helm of HELMS")
}

/// The index of a case's `expect-helm3` / `expect-helm4` (both Helm 4s share one).
fn expect_index(helm: &str) -> usize {
    usize::from(aac_tests::is_helm4(helm))
}

/// The verdict of case `case` under `HELMS[helm]` in `run_cases`' order.
fn verdict_index(case: usize, helm: usize) -> usize {
    HELMS.len() * case + helm
}

// ---------------------------------------------------------------------------
// Comparing

use aac_tests::objects_by_key as by_key;

fn core_value_to_json(v: &aac_core::Value) -> Value {
    use aac_core::Value as V;
    match v {
        V::Null => Value::Null,
        V::Bool(b) => Value::Bool(*b),
        V::Int(i) => Value::from(*i),
        V::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        V::String(s) => Value::String(s.clone()),
        V::Seq(items) => Value::Array(items.iter().map(core_value_to_json).collect()),
        V::Map(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), core_value_to_json(v)))
                .collect(),
        ),
    }
}

/// The documents of a stream as a YAML 1.1 reader (Kubernetes) reads them: each
/// document through the core's Helm-compatible loader.
fn parse_stream_yaml11(yaml: &str) -> Result<Vec<Value>, String> {
    let mut docs = vec![String::new()];
    for line in yaml.lines() {
        if line == "---" {
            docs.push(String::new());
        } else {
            let doc = docs.last_mut().expect("one document");
            doc.push_str(line);
            doc.push('\n');
        }
    }
    let mut out = Vec::new();
    for doc in docs {
        let loaded = aac_core::parse_values_as("stream", &doc, HelmVersion::V3).map_err(|e| {
            format!(
                "YAML 1.1 reader refuses a document: {}\n{doc}",
                e.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        })?;
        if loaded.value.as_map().is_some_and(|m| !m.is_empty()) {
            out.push(core_value_to_json(&loaded.value));
        }
    }
    Ok(out)
}

/// A rendered stream as objects, read both ways.
struct Objects {
    yaml12: BTreeMap<String, Value>,
    yaml11: Result<BTreeMap<String, Value>, String>,
}

impl Objects {
    fn new(stream: &str) -> Objects {
        Objects {
            yaml12: by_key(parse_stream(stream)),
            yaml11: parse_stream_yaml11(stream).map(by_key),
        }
    }
}

fn diff(want: &BTreeMap<String, Value>, got: &BTreeMap<String, Value>) -> String {
    let mut out = String::new();
    for key in want.keys().chain(got.keys()).collect::<BTreeSet<_>>() {
        match (want.get(key), got.get(key)) {
            (Some(w), Some(g)) if w != g => {
                out.push_str(&format!("  {key}:\n"));
                diff_values(w, g, "", &mut out);
            }
            (Some(_), None) => out.push_str(&format!("  {key}: only helm renders it\n")),
            (None, Some(_)) => out.push_str(&format!("  {key}: only the core renders it\n")),
            _ => {}
        }
    }
    out
}

/// The paths where two objects differ, with both values.
fn diff_values(want: &Value, got: &Value, path: &str, out: &mut String) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for key in w.keys().chain(g.keys()).collect::<BTreeSet<_>>() {
                let p = format!("{path}.{key}");
                match (w.get(key), g.get(key)) {
                    (Some(a), Some(b)) => diff_values(a, b, &p, out),
                    (a, b) => out.push_str(&format!(
                        "    {p}: helm {} / core {}\n",
                        a.map_or("(absent)".into(), ToString::to_string),
                        b.map_or("(absent)".into(), ToString::to_string)
                    )),
                }
            }
        }
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => {
            for (i, (a, b)) in w.iter().zip(g).enumerate() {
                diff_values(a, b, &format!("{path}[{i}]"), out);
            }
        }
        (w, g) if w != g => out.push_str(&format!("    {path}: helm {w} / core {g}\n")),
        _ => {}
    }
}

/// What one Helm and the core did with one case.
struct Verdict {
    helm_rendered: bool,
    core_rendered: bool,
    /// The core's errors, when it refuses.
    core_errors: Vec<String>,
    /// The disagreement, if any.
    problem: Option<String>,
}

fn run_core(helm: &str, case: &Case) -> Result<aac_core::Rendering, Vec<String>> {
    let options = case.values_options(helm);
    let release = Release::template(&case.release, &case.namespace);
    aac_core::render(&options, &release, |path| {
        std::fs::read_to_string(chart_dir().join(path)).map_err(|e| e.to_string())
    })
    .map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

/// The values the core merges for a case (user values over the chart's), as JSON.
fn core_merged_values(helm: &str, case: &Case) -> Option<Value> {
    let options = case.values_options(helm);
    let (user, _, _) = aac_core::merge_values(&options, |path| {
        std::fs::read_to_string(chart_dir().join(path)).map_err(|e| e.to_string())
    })
    .ok()?;
    let chart = aac_core::chart::chart();
    let defaults = aac_core::chart::default_values();
    let (merged, _) =
        aac_core::coalesce_values(&chart.name, &defaults.value, user, options.helm_version);
    Some(core_value_to_json(&merged))
}

/// `renderer.engine=wasm`: Helm renders the RenderRequest carrier (and the hooks)
/// instead of the objects. The carrier's values must be the core's merged values,
/// and the other documents the core's hooks.
fn compare_carrier(
    label: &str,
    helm: &str,
    case: &Case,
    helm_yaml: &str,
    rendering: &aac_core::Rendering,
) -> Option<String> {
    use base64::Engine as _;
    let helm_docs = parse_stream(helm_yaml);
    let (carriers, others): (Vec<Value>, Vec<Value>) = helm_docs
        .into_iter()
        .partition(|o| o["kind"] == "RenderRequest");
    let [carrier] = carriers.as_slice() else {
        return Some(format!("{label}: {} RenderRequests", carriers.len()));
    };
    let mut p = String::new();
    // Typed: an integer without a fraction is an int64, a float64 has one
    // (`1000000.0`), as serde_json's Number keeps them apart; the core must
    // hold the same types.
    let carried = carrier["typedValues"]
        .as_str()
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|json| serde_json::from_slice::<Value>(&json).ok());
    match (carried, core_merged_values(helm, case)) {
        (Some(want), Some(got)) => {
            if want != got {
                let mut d = String::new();
                diff_values(&want, &got, "", &mut d);
                p.push_str(&format!(
                    "{label}: the RenderRequest carries other values than the core merges\n{d}"
                ));
            }
        }
        (want, got) => p.push_str(&format!(
            "{label}: carrier values {want:?}, core values {got:?}\n"
        )),
    }
    let hooks: Vec<Value> = rendering
        .documents
        .iter()
        .filter(|d| d.hook)
        .flat_map(|d| parse_stream(&d.node.to_document()))
        .collect();
    let (want, got) = (by_key(others), by_key(hooks));
    if want != got {
        p.push_str(&format!(
            "{label}: hooks differ beside the RenderRequest\n{}",
            diff(&want, &got)
        ));
    }
    (!p.is_empty()).then_some(p)
}

/// Compares one Helm and the core on one case.
fn compare(helm: &str, case: &Case) -> Verdict {
    let args = case.helm_args();
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let helm_out = with_helm_slot(|| helm_template(helm, &case.release, &arg_refs));
    let core_out = run_core(helm, case);
    let label = format!("{helm} {}", case.label);
    let mut problem = match (&helm_out, &core_out) {
        (Ok(helm_yaml), Ok(rendering)) if helm_yaml.contains("\nkind: RenderRequest\n") => {
            compare_carrier(&label, helm, case, helm_yaml, rendering)
        }
        (Ok(helm_yaml), Ok(rendering)) => {
            let stream = rendering.to_stream_for(helm_version(helm));
            let want = Objects::new(helm_yaml);
            let got = Objects::new(&stream);
            let mut p = String::new();
            if want.yaml12 != got.yaml12 {
                p.push_str(&format!(
                    "{label}: objects differ (YAML 1.2 reading)\n{}",
                    diff(&want.yaml12, &got.yaml12)
                ));
            }
            match (&want.yaml11, &got.yaml11) {
                (Ok(w), Ok(g)) if w != g => p.push_str(&format!(
                    "{label}: objects differ (YAML 1.1 reading)\n{}",
                    diff(w, g)
                )),
                (Ok(_), Ok(_)) => {}
                (Err(e), _) => p.push_str(&format!("{label}: helm's output: {e}\n")),
                (_, Err(e)) => p.push_str(&format!("{label}: the core's output: {e}\n")),
            }
            // Same objects is the floor: `aac render` prints Helm's bytes.
            if p.is_empty() && stream != *helm_yaml {
                p.push_str(&format!(
                    "{label}: same objects, other bytes\n{}",
                    line_diff(helm_yaml, &stream)
                        .lines()
                        .take(40)
                        .collect::<Vec<_>>()
                        .join("\n")
                ));
            }
            (!p.is_empty()).then_some(p)
        }
        (Err(_), Err(_)) => None,
        (Ok(_), Err(errors)) => Some(format!(
            "{label}: helm renders, the core refuses:\n  {}",
            errors.join("\n  ")
        )),
        (Err(err), Ok(_)) => Some(format!(
            "{label}: the core renders, helm refuses:\n  {}",
            err.trim_end()
        )),
    };
    let helm_rendered = helm_out.is_ok();
    if let Some(want) = case.expect[expect_index(helm)]
        && want != helm_rendered
    {
        let what = |r: bool| if r { "renders" } else { "refuses" };
        let detail = match &helm_out {
            Err(e) => e.trim_end().to_string(),
            Ok(_) => String::new(),
        };
        problem.get_or_insert_default().push_str(&format!(
            "{label}: expected helm to {} it, helm {} it {detail}\n",
            what(want).trim_end_matches('s'),
            what(helm_rendered)
        ));
    }
    if let Ok(rendering) = &core_out {
        for text in &case.warns {
            if !rendering
                .warnings
                .iter()
                .any(|w| w.to_string().contains(text.as_str()))
            {
                problem.get_or_insert_default().push_str(&format!(
                    "{label}: no core warning contains {text:?}; warnings: {:?}\n",
                    rendering
                        .warnings
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    Verdict {
        helm_rendered,
        core_rendered: core_out.is_ok(),
        core_errors: core_out.err().unwrap_or_default(),
        problem,
    }
}

/// Runs every case through both Helms; returns the verdicts in (case, helm) order.
fn run_cases(cases: &[Case]) -> Vec<Verdict> {
    let jobs: Vec<(&str, &Case)> = cases
        .iter()
        .flat_map(|case| HELMS.iter().map(move |helm| (*helm, case)))
        .collect();
    parallel(&jobs, |(helm, case)| compare(helm, case))
}

fn assert_parity(what: &str, cases: &[Case]) {
    let started = Instant::now();
    let verdicts = run_cases(cases);
    let failures: Vec<&str> = verdicts
        .iter()
        .filter_map(|v| v.problem.as_deref())
        .collect();
    let rendered = verdicts.iter().filter(|v| v.helm_rendered).count();
    eprintln!(
        "parity {what}: {} cases x {} helms in {:.1?}: {rendered} rendered, {} refused, {} disagreements",
        cases.len(),
        HELMS.len(),
        started.elapsed(),
        verdicts.len() - rendered,
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} disagreement(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// The chart's own scenarios

#[test]
fn every_values_file_and_ci_scenario_renders_the_same_objects() {
    let cases: Vec<Case> = scenarios()
        .iter()
        .map(|f| Case {
            expect: [Some(true), Some(true)],
            ..Case::file(f)
        })
        .collect();
    assert_parity("scenarios", &cases);
}

// ---------------------------------------------------------------------------
// The YAML-semantics corpus

fn corpus_dir() -> PathBuf {
    repo_root().join("tests/corpus")
}

fn parse_expect(word: &str, file: &Path) -> bool {
    match word {
        "rendered" => true,
        "refused" => false,
        other => panic!("{}: expect {other:?}: rendered or refused", file.display()),
    }
}

/// A corpus file as a case, with its `# key: value` directives.
fn corpus_case(path: &Path) -> Case {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    let mut case = Case::file(&path.display().to_string());
    case.label = format!(
        "corpus/{}",
        path.file_name().unwrap_or_default().to_string_lossy()
    );
    for line in text.lines() {
        let Some(comment) = line.strip_prefix("# ") else {
            continue;
        };
        let Some((key, value)) = comment.split_once(": ") else {
            continue;
        };
        let value = value.trim();
        match key {
            "expect" => case.expect = [Some(parse_expect(value, path)); 2],
            "expect-helm3" => case.expect[0] = Some(parse_expect(value, path)),
            "expect-helm4" => case.expect[1] = Some(parse_expect(value, path)),
            "warns" => case.warns.push(value.to_string()),
            "release" => case.release = value.to_string(),
            "namespace" => case.namespace = value.to_string(),
            _ => {}
        }
    }
    assert!(
        case.expect.iter().all(Option::is_some),
        "{}: say `# expect: rendered` or `# expect: refused`",
        path.display()
    );
    case
}

/// A case for each values file of `tests/corpus`, in name order.
fn corpus_cases() -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/corpus exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files.iter().map(|p| corpus_case(p)).collect()
}

#[test]
fn yaml_corpus_renders_the_same_objects() {
    let cases = corpus_cases();
    assert!(cases.len() >= 20, "the corpus has {} files", cases.len());
    assert_parity("corpus", &cases);
}

// ---------------------------------------------------------------------------
// --set, --set-string, --set-json, --set-file, --set-literal

/// The `--set*` cases of `parity/set_cases.yaml`.
fn set_cases() -> Vec<Case> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SetCase {
        label: String,
        #[serde(default)]
        files: Vec<String>,
        flags: Vec<(String, String)>,
        expect: SetExpect,
    }
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum SetExpect {
        Every(Outcome),
        PerHelm { helm3: Outcome, helm4: Outcome },
    }
    #[derive(serde::Deserialize, Clone, Copy)]
    #[serde(rename_all = "lowercase")]
    enum Outcome {
        Renders,
        Refused,
        Either,
    }
    let outcome = |o: Outcome| match o {
        Outcome::Renders => Some(true),
        Outcome::Refused => Some(false),
        Outcome::Either => None,
    };
    let path = repo_root().join("tests/tests/parity/set_cases.yaml");
    let text = std::fs::read_to_string(&path).expect("set_cases.yaml");
    let cases: Vec<SetCase> =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let files = corpus_dir().join("files").display().to_string();
    cases
        .into_iter()
        .map(|c| Case {
            label: c.label,
            files: c.files,
            flags: c
                .flags
                .into_iter()
                .map(|(flag, value)| (flag, value.replace("{files}", &files)))
                .collect(),
            expect: match c.expect {
                SetExpect::Every(o) => [outcome(o); 2],
                SetExpect::PerHelm { helm3, helm4 } => [outcome(helm3), outcome(helm4)],
            },
            ..Case::file("")
        })
        .collect()
}

#[test]
fn set_flags_render_the_same_objects() {
    assert_parity("--set flags", &set_cases());
}

// ---------------------------------------------------------------------------
// NOTES.txt (Helm 4's `install --dry-run=client` prints it with no cluster)

/// Helm 4's NOTES for a case, or `None` when Helm refuses it.
fn helm4_notes(case: &Case) -> Option<String> {
    let mut args: Vec<String> = vec![
        "install".into(),
        case.release.clone(),
        ".".into(),
        "--dry-run=client".into(),
    ];
    args.extend(case.helm_args());
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = with_helm_slot(|| aac_tests::run(&aac_tests::tool("helm4"), &arg_refs));
    if !out.status.success() {
        return None;
    }
    let stdout = String::from_utf8(out.stdout).expect("helm prints UTF-8");
    let (_, notes) = stdout.rsplit_once("\nNOTES:\n")?;
    Some(notes.trim().to_string())
}

/// Compares Helm 4's NOTES with the core's for each case; the disagreements.
fn compare_notes(cases: &[&Case]) -> Vec<String> {
    parallel(cases, |case| {
        let helm = helm4_notes(case)?;
        let core = match run_core("helm4", case) {
            Ok(rendering) => rendering.notes.trim().to_string(),
            Err(errors) => errors.join("; "),
        };
        (helm != core).then(|| {
            format!(
                "{}: NOTES differ\n--- helm 4\n{helm}\n--- core\n{core}\n",
                case.label
            )
        })
    })
    .into_iter()
    .flatten()
    .collect()
}

#[test]
fn notes_match_helm4() {
    let mut cases: Vec<Case> = scenarios().iter().map(|f| Case::file(f)).collect();
    cases.extend(corpus_cases());
    cases.extend(set_cases());
    let started = Instant::now();
    let problems = compare_notes(&cases.iter().collect::<Vec<_>>());
    eprintln!(
        "parity NOTES: {} cases on helm 4 in {:.1?}, {} disagreements",
        cases.len(),
        started.elapsed(),
        problems.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------
// Generated values over every key

fn seed() -> u64 {
    match std::env::var("AAC_PARITY_SEED") {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("AAC_PARITY_SEED={v}: not a number")),
        Err(_) => 20_260_301,
    }
}

fn runner(seed: u64) -> TestRunner {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    )
}

fn generated_case(dir: &Path, n: usize, yaml: &str) -> Case {
    let path = dir.join(format!("case-{n:04}.yaml"));
    std::fs::write(&path, yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Case {
        label: format!("generated {}", path.display()),
        ..Case::file(&path.display().to_string())
    }
}

/// `toYaml` sorts map keys with go-yaml v2's `keyList.Less`, which is not a
/// strict order for some keys (`x1y` < `x2` < `x10` < `x1y`); Go hands them to
/// the sort in random map order, so Helm itself prints such maps differently
/// from run to run. The generator's key pools, read as Helm reads them, must
/// hold no such cycle, or the byte comparison would be comparing with a coin.
#[test]
fn generated_key_pools_sort_the_same_on_every_helm_run() {
    use aac_core::yaml::emit::key_less;
    fn cycle(keys: &[String]) -> Option<String> {
        for a in keys {
            for b in keys {
                if a != b && key_less(a, b) == key_less(b, a) {
                    return Some(format!("{a:?} and {b:?} do not compare"));
                }
                for c in keys {
                    if key_less(a, b) && key_less(b, c) && !key_less(a, c) {
                        return Some(format!("{a:?} < {b:?} < {c:?}, yet not {a:?} < {c:?}"));
                    }
                }
            }
        }
        None
    }
    let known = ["x1y", "x2", "x10"].map(String::from);
    assert!(cycle(&known).is_some(), "the check finds the known cycle");
    for (name, pool) in [
        ("ENV_KEYS", generate::ENV_KEYS),
        ("DICT_KEYS", generate::DICT_KEYS),
        ("TREE_KEYS", generate::TREE_KEYS),
    ] {
        // The keys as Helm reads them (`0x1F` is "31", `yes` is "true").
        let yaml: String = pool
            .iter()
            .enumerate()
            .map(|(i, k)| format!("{k}: {i}\n"))
            .collect();
        let loaded = aac_core::parse_values(name, &yaml).expect("the pool parses");
        let keys: Vec<String> = loaded
            .value
            .as_map()
            .expect("a map")
            .keys()
            .cloned()
            .collect();
        assert!(keys.len() > 5, "{name}: {keys:?}");
        if let Some(c) = cycle(&keys) {
            panic!("{name}: {c}: Helm would sort these keys differently from run to run");
        }
    }
}

#[test]
fn generated_values_render_the_same_objects() {
    let seed = seed();
    // 700 cases x 3 Helms: 2,100 Helm runs per CI run (about 2 minutes here).
    let count = env_usize("AAC_PARITY_CASES", 700);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("parity-{seed}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    eprintln!(
        "parity generated: seed {seed} (AAC_PARITY_SEED), {count} cases (AAC_PARITY_CASES), files in {}",
        dir.display()
    );

    let strategy = generate::values_file();
    let mut runner = runner(seed);
    let mut trees = Vec::with_capacity(count);
    let mut cases = Vec::with_capacity(count);
    let mut covered = BTreeSet::new();
    for n in 0..count {
        let tree = strategy
            .new_tree(&mut runner)
            .expect("the strategy generates");
        let file = tree.current();
        covered.extend(generate::keys_set(&file));
        cases.push(generated_case(&dir, n, &file.to_yaml()));
        trees.push(tree);
    }
    let missing: Vec<String> = generate::model_keys()
        .into_iter()
        .filter(|k| !covered.contains(k))
        .collect();

    let started = Instant::now();
    let verdicts = run_cases(&cases);
    let helm_rendered = verdicts.iter().filter(|v| v.helm_rendered).count();
    let core_rendered = verdicts.iter().filter(|v| v.core_rendered).count();
    let runs = verdicts.len();
    let failing: Vec<usize> = (0..cases.len())
        .filter(|&i| (0..HELMS.len()).any(|h| verdicts[verdict_index(i, h)].problem.is_some()))
        .collect();
    eprintln!(
        "parity generated: {count} cases x {} helms in {:.1?}: helm rendered {helm_rendered} of \
         {runs} runs, the core {core_rendered}; {} cases disagree; keys never set: {missing:?}",
        HELMS.len(),
        started.elapsed(),
        failing.len()
    );
    if std::env::var_os("AAC_PARITY_VERBOSE").is_some() {
        // Why the core refused, by values path and message (numbers elided).
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        for v in verdicts.iter().step_by(HELMS.len()) {
            for e in &v.core_errors {
                let e = e.rsplit(".yaml:").next().unwrap_or(e);
                let shape: String = e
                    .chars()
                    .map(|c| if c.is_ascii_digit() { '#' } else { c })
                    .take(90)
                    .collect();
                *reasons.entry(shape).or_default() += 1;
            }
        }
        let mut reasons: Vec<_> = reasons.into_iter().collect();
        reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
        for (reason, n) in reasons.iter().take(40) {
            eprintln!("  {n:4} {reason}");
        }
    }
    // NOTES on every fourth case Helm 4 renders.
    let notes_cases: Vec<&Case> = (0..cases.len())
        .filter(|&i| i % 4 == 0 && verdicts[verdict_index(i, 1)].helm_rendered)
        .map(|i| &cases[i])
        .collect();
    let notes_problems = compare_notes(&notes_cases);
    eprintln!(
        "parity generated: NOTES of {} cases compared, {} disagree",
        notes_cases.len(),
        notes_problems.len()
    );
    assert!(
        notes_problems.is_empty(),
        "seed {seed}:\n{}",
        notes_problems.join("\n")
    );
    let Some(&first) = failing.first() else {
        assert!(
            missing.is_empty(),
            "seed {seed}: no generated case sets {missing:?}"
        );
        return;
    };

    // Shrink the first failing case (proptest's simplify/complicate loop), running
    // only the Helm that disagreed.
    let helm_at = (0..HELMS.len())
        .find(|&h| verdicts[verdict_index(first, h)].problem.is_some())
        .expect("a failing case has a failing Helm");
    let helm = HELMS[helm_at];
    let mut tree = trees.swap_remove(first);
    let mut smallest = (
        cases[first].clone(),
        verdicts[verdict_index(first, helm_at)]
            .problem
            .clone()
            .unwrap_or_default(),
    );
    let mut budget = env_usize("AAC_PARITY_SHRINK", 150);
    if tree.simplify() {
        while budget > 0 {
            budget -= 1;
            let case = generated_case(&dir, 9000 + budget, &tree.current().to_yaml());
            match compare(helm, &case).problem {
                Some(problem) => {
                    smallest = (case, problem);
                    if !tree.simplify() {
                        break;
                    }
                }
                None => {
                    if !tree.complicate() {
                        break;
                    }
                }
            }
        }
    }
    let all: Vec<&str> = verdicts
        .iter()
        .filter_map(|v| v.problem.as_deref())
        .collect();
    panic!(
        "seed {seed}: {} of {count} generated cases disagree.\n\
         Smallest failing input found ({}):\n{}\n{}\n\
         All disagreements:\n{}",
        failing.len(),
        smallest.0.files[0],
        std::fs::read_to_string(&smallest.0.files[0]).unwrap_or_default(),
        smallest.1,
        all.join("\n")
    );
}
