//! `aac diff`: between the chart's presets (values.yaml, values-production.yaml,
//! values-development.yaml) and a custom values file, every object that Helm 4
//! renders differently is in the diff, each side of it exactly Helm's object,
//! and nothing else is; a values file against itself prints nothing and exits
//! 0; differences exit 1, trouble 2 (as diff); Secrets' values stay hidden.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Stdio;

use aac_tests::{Out, helm_template, objects_by_key, parse_stream};
use serde_json::Value;

fn aac(args: &[&str]) -> Out {
    let program = PathBuf::from(env!("CARGO_BIN_EXE_aac-under-test"));
    aac_tests::isolated_command(&program, args, "aac")
        .stdin(Stdio::null())
        .output()
        .expect("run aac")
        .into()
}

const PRESETS: [&str; 3] = [
    "values.yaml",
    "values-production.yaml",
    "values-development.yaml",
];

/// A values file of our own (in target/), by absolute path.
fn custom_values() -> String {
    aac_tests::scratch_file(
        "aac-diff-tests",
        "custom-values.yaml",
        "image:\n  tag: \"2.0.0\"\nconfigmap:\n  data:\n    LOG_LEVEL: INFO\n    NEW_FLAG: \"on\"\n",
    )
}

/// The two sides of each object in a full-context diff (`-U` large):
/// `(old objects, new objects)` by `kind/namespace/name`.
fn sides(diff: &str) -> (BTreeMap<String, Value>, BTreeMap<String, Value>) {
    let (mut old, mut new) = (String::new(), String::new());
    for line in diff.lines() {
        if line.starts_with("--- ") {
            // A new object: a document on each side.
            old.push_str("---\n");
            new.push_str("---\n");
        } else if line.starts_with("+++ ") || line.starts_with("@@") || line.starts_with('\\') {
        } else if let Some(l) = line.strip_prefix(' ') {
            old.push_str(&format!("{l}\n"));
            new.push_str(&format!("{l}\n"));
        } else if let Some(l) = line.strip_prefix('-') {
            old.push_str(&format!("{l}\n"));
        } else if let Some(l) = line.strip_prefix('+') {
            new.push_str(&format!("{l}\n"));
        } else {
            panic!("not a line of a unified diff: {line:?}\n{diff}");
        }
    }
    (
        objects_by_key(parse_stream(&old)),
        objects_by_key(parse_stream(&new)),
    )
}

/// `aac diff -f OLD --to -f NEW` shows exactly the objects Helm 4 renders
/// differently for the two files, each side as Helm renders it.
fn assert_diff_is_helms(old_file: &str, new_file: &str) -> Out {
    let out = aac(&[
        "diff",
        "-U",
        "100000",
        "--show-secrets",
        "-f",
        old_file,
        "--to",
        "-f",
        new_file,
    ]);
    let helm = |file: &str| {
        objects_by_key(parse_stream(
            &helm_template("helm4", "release-name", &["-f", file])
                .unwrap_or_else(|e| panic!("helm4 template -f {file}: {e}")),
        ))
    };
    let (want_old, want_new) = (helm(old_file), helm(new_file));
    let (got_old, got_new) = sides(&out.stdout);
    let keys: BTreeSet<&String> = want_old.keys().chain(want_new.keys()).collect();
    let mut differing = 0;
    for key in keys {
        let (o, n) = (want_old.get(key), want_new.get(key));
        if o == n {
            assert!(
                !got_old.contains_key(key) && !got_new.contains_key(key),
                "{old_file} -> {new_file}: {key} is the same, yet in the diff"
            );
            continue;
        }
        differing += 1;
        assert_eq!(
            got_old.get(key),
            o,
            "{old_file} -> {new_file}: {key}, old side"
        );
        assert_eq!(
            got_new.get(key),
            n,
            "{old_file} -> {new_file}: {key}, new side"
        );
    }
    let expected_code = if differing == 0 { 0 } else { 1 };
    assert_eq!(
        out.code,
        Some(expected_code),
        "{old_file} -> {new_file}: {differing} objects differ; stderr: {}",
        out.stderr
    );
    out
}

#[test]
fn a_values_file_against_itself_is_no_difference() {
    let custom = custom_values();
    for file in PRESETS.iter().copied().chain([custom.as_str()]) {
        let out = aac(&["diff", "-f", file, "--to", "-f", file]);
        assert_eq!(out.code, Some(0), "{file}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{file}");
        assert_eq!(out.stderr, "", "{file}");
    }
    // values.yaml is the chart's defaults: the same as no file at all.
    let out = aac(&["diff", "-f", "values.yaml", "--to"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (Some(0), ""),
        "{}",
        out.stderr
    );
}

#[test]
fn every_preset_against_every_other_is_helms_difference() {
    let custom = custom_values();
    let files: Vec<&str> = PRESETS.iter().copied().chain([custom.as_str()]).collect();
    for old in &files {
        for new in &files {
            if old != new {
                assert_diff_is_helms(old, new);
            }
        }
    }
}

#[test]
fn the_diff_reads_like_diff_u_one_object_at_a_time() {
    let custom = custom_values();
    let out = aac(&["diff", "-f", "values.yaml", "--to", "-f", &custom]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let deployment =
        "Deployment/release-name-ai-agent-connector (ai-agent-connector/templates/deployment.yaml)";
    assert!(
        out.stdout
            .starts_with("--- ConfigMap/release-name-ai-agent-connector (ai-agent-connector/templates/configmap.yaml)\n+++ ConfigMap/"),
        "{}",
        out.stdout
    );
    out.assert_prints(&format!("--- {deployment}\n+++ {deployment}\n@@ "));
    out.assert_prints("\n-          image: \"ai-agent-connector:1.0.0\"\n+          image: \"ai-agent-connector:2.0.0\"\n");
    out.assert_prints("\n+  \"NEW_FLAG\": \"on\"\n");
    // -q: which objects, nothing else.
    let brief = aac(&["diff", "-q", "-f", "values.yaml", "--to", "-f", &custom]);
    assert_eq!(brief.code, Some(1));
    assert_eq!(
        brief.stdout,
        format!(
            "ConfigMap/release-name-ai-agent-connector (ai-agent-connector/templates/configmap.yaml) changed\n{deployment} changed\n"
        )
    );
    // -U 0: only the changed lines.
    let tight = aac(&[
        "diff",
        "-U",
        "0",
        "--set-string",
        "image.tag=2",
        "--to",
        "--set-string",
        "image.tag=4",
    ]);
    assert_eq!(tight.code, Some(1), "{}", tight.stderr);
    assert_eq!(
        tight.stdout,
        format!(
            "--- {deployment}\n+++ {deployment}\n@@ -42 +42 @@\n-          image: \"ai-agent-connector:2\"\n+          image: \"ai-agent-connector:4\"\n"
        )
    );
}

#[test]
fn the_new_side_keeps_the_release_but_not_the_values() {
    // Same release and namespace on both sides: only the Deployment changes.
    let out = aac(&[
        "diff",
        "-q",
        "shop",
        "-n",
        "prod",
        "--set-string",
        "image.tag=2",
        "--against",
        "--set-string",
        "image.tag=5",
    ]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "Deployment/shop-ai-agent-connector (ai-agent-connector/templates/deployment.yaml) changed\n"
    );
    // `--to` alone: the chart's defaults (the old side's --set is not kept).
    let out = aac(&["diff", "-q", "--set-string", "image.tag=2", "--to"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.starts_with("Deployment/"), "{}", out.stdout);
    // Another namespace on the new side: every namespaced object changes.
    let out = aac(&["diff", "-q", "-n", "a", "--to", "-n", "b"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.lines().count() > 3, "{}", out.stdout);
}

#[test]
fn secrets_stay_hidden_unless_asked() {
    // Development creates a Secret from its values; production does not.
    let dev_to_prod = [
        "-f",
        "values-development.yaml",
        "--to",
        "-f",
        "values-production.yaml",
    ];
    let out = aac(&[&["diff"][..], &dev_to_prod].concat());
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let encoded = "ZGV2LXNlY3JldC1rZXktY2hhbmdlLW1l"; // base64 of dev-secret-key-change-me
    assert!(!out.stdout.contains(encoded), "{}", out.stdout);
    out.assert_prints("-  \"SECRET_KEY\": <hidden: 32 characters>\n");
    let shown = aac(&[&["diff", "--show-secrets"][..], &dev_to_prod].concat());
    shown.assert_prints(encoded);
    // A changed secret says so, without its value.
    let out = aac(&[
        "diff",
        "-f",
        "values-development.yaml",
        "--to",
        "-f",
        "values-development.yaml",
        "--set",
        "secrets.data.SECRET_KEY=other",
    ]);
    assert_eq!(out.code, Some(1));
    out.assert_prints("-  \"SECRET_KEY\": <hidden: 32 characters, old value>\n+  \"SECRET_KEY\": <hidden: 8 characters, new value>\n");
    assert!(!out.stdout.contains("b3RoZXI="), "{}", out.stdout);
}

#[test]
fn trouble_is_exit_2() {
    let out = aac(&["diff", "--set", "replicaCount=many", "--to"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains(
            "the old side does not render: --set:1:1: replicaCount: must be a whole number"
        ),
        "{}",
        out.stderr
    );
    let out = aac(&["diff", "--to", "-f", "missing.yaml"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("the new side does not render"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("missing.yaml"), "{}", out.stderr);
    assert_eq!(aac(&["diff", "--to", "--no-such-flag"]).code, Some(2));
    assert_eq!(
        aac(&["diff", "-f", "values.yaml"]).code,
        Some(2),
        "--to is required"
    );
    assert_eq!(aac(&["diff", "--output-dir", "x", "--to"]).code, Some(2));
}

#[test]
fn colour_when_asked_never_in_a_pipe_by_default() {
    let plain = aac(&["diff", "--set-string", "image.tag=2", "--to"]);
    assert_eq!(plain.code, Some(1));
    assert!(!plain.stdout.contains('\x1b'), "not a terminal: no colour");
    let always = aac(&[
        "diff",
        "--color",
        "always",
        "--set-string",
        "image.tag=2",
        "--to",
    ]);
    assert_eq!(always.code, Some(1));
    always.assert_prints("\x1b[31m-          image: \"ai-agent-connector:2\"\x1b[0m\n");
    always.assert_prints("\x1b[1m--- Deployment/");
    let never = aac(&[
        "diff",
        "--color",
        "never",
        "--set-string",
        "image.tag=2",
        "--to",
    ]);
    assert_eq!(never.stdout, plain.stdout);
}
