//! The core renders exactly the objects Helm renders: real Helm 3.17.3 and 4.1.4
//! (`helm template`, engine `helm`) against `aac_core::render`, compared as
//! parsed objects keyed by kind, namespace and name; or both refuse the input.

use std::collections::BTreeMap;

use aac_core::{HelmVersion, ValuesOptions, render::Release};
use aac_tests::{HELMS, chart_dir, helm_template, parse_stream, scenarios};
use serde_json::Value;

/// Objects keyed by `kind/namespace/name`.
fn by_key(objects: Vec<Value>) -> BTreeMap<String, Value> {
    objects
        .into_iter()
        .map(|o| {
            let key = format!(
                "{}/{}/{}",
                o["kind"].as_str().unwrap_or("?"),
                o["metadata"]["namespace"].as_str().unwrap_or(""),
                o["metadata"]["name"].as_str().unwrap_or("?")
            );
            (key, o)
        })
        .collect()
}

fn helm_version(helm: &str) -> HelmVersion {
    if helm == "helm3" {
        HelmVersion::V3
    } else {
        HelmVersion::V4
    }
}

/// One input, as `helm template` flags and as core options.
struct Case {
    label: String,
    release: String,
    namespace: String,
    files: Vec<String>,
    /// (flag, value): `--set`, `--set-string`, `--set-json`, `--set-file`, `--set-literal`.
    flags: Vec<(String, String)>,
}

impl Case {
    fn file(path: &str) -> Case {
        Case {
            label: path.to_string(),
            release: "ai-agent-connector".into(),
            namespace: "default".into(),
            files: vec![path.to_string()],
            flags: vec![],
        }
    }
}

/// Compares Helm and the core on one case; `None` when they agree.
fn compare(helm: &str, case: &Case) -> Option<String> {
    let mut args: Vec<String> = vec!["--namespace".into(), case.namespace.clone()];
    for f in &case.files {
        args.push("-f".into());
        args.push(f.clone());
    }
    for (flag, value) in &case.flags {
        args.push(flag.clone());
        args.push(value.clone());
    }
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let helm_out = helm_template(helm, &case.release, &arg_refs);

    let mut options = ValuesOptions {
        helm_version: helm_version(helm),
        ..ValuesOptions::default()
    };
    for f in &case.files {
        let text =
            std::fs::read_to_string(chart_dir().join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        options.values_files.push((f.clone(), text));
    }
    for (flag, value) in &case.flags {
        let list = match flag.as_str() {
            "--set" => &mut options.set,
            "--set-string" => &mut options.set_string,
            "--set-json" => &mut options.set_json,
            "--set-file" => &mut options.set_file,
            "--set-literal" => &mut options.set_literal,
            other => panic!("unknown flag {other}"),
        };
        list.push(value.clone());
    }
    let release = Release::template(&case.release, &case.namespace);
    let core_out = aac_core::render(&options, &release, |path| {
        std::fs::read_to_string(chart_dir().join(path)).map_err(|e| e.to_string())
    });
    match (helm_out, core_out) {
        (Ok(helm_yaml), Ok(rendering)) => {
            let want = by_key(parse_stream(&helm_yaml));
            let got = by_key(parse_stream(&rendering.to_stream()));
            if want == got {
                return None;
            }
            let mut diff = format!("{helm} {}: objects differ\n", case.label);
            for key in want
                .keys()
                .chain(got.keys())
                .collect::<std::collections::BTreeSet<_>>()
            {
                match (want.get(key), got.get(key)) {
                    (Some(w), Some(g)) if w != g => diff.push_str(&format!(
                        "  {key}:\n    helm: {}\n    core: {}\n",
                        serde_json::to_string(w).unwrap_or_default(),
                        serde_json::to_string(g).unwrap_or_default()
                    )),
                    (Some(_), None) => diff.push_str(&format!("  {key}: only helm renders it\n")),
                    (None, Some(_)) => {
                        diff.push_str(&format!("  {key}: only the core renders it\n"))
                    }
                    _ => {}
                }
            }
            Some(diff)
        }
        (Err(_), Err(_)) => None,
        (Ok(_), Err(errors)) => Some(format!(
            "{helm} {}: helm renders, the core refuses:\n  {}",
            case.label,
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n  ")
        )),
        (Err(err), Ok(_)) => Some(format!(
            "{helm} {}: the core renders, helm refuses:\n  {err}",
            case.label
        )),
    }
}

fn assert_parity(cases: &[Case]) {
    let failures: Vec<String> = HELMS
        .iter()
        .flat_map(|helm| cases.iter().filter_map(move |case| compare(helm, case)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} disagreement(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_values_file_and_ci_scenario_renders_the_same_objects() {
    let cases: Vec<Case> = scenarios().iter().map(|f| Case::file(f)).collect();
    assert_parity(&cases);
}
