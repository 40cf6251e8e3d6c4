use super::*;
use crate::helm::values::{ValuesOptions, merge_values};
use crate::test_json::json;

#[test]
fn merge_maps_like_helm() {
    let cases: &[(&str, &str, &str)] = &[
        (r#"{"a":1}"#, r#"{"b":2}"#, r#"{"a":1,"b":2}"#),
        (
            r#"{"a":{"x":1,"y":2}}"#,
            r#"{"a":{"y":3}}"#,
            r#"{"a":{"x":1,"y":3}}"#,
        ),
        (r#"{"a":{"x":1}}"#, r#"{"a":5}"#, r#"{"a":5}"#),
        (r#"{"a":5}"#, r#"{"a":{"x":1}}"#, r#"{"a":{"x":1}}"#),
        (r#"{"a":{"x":1}}"#, r#"{"a":null}"#, r#"{"a":null}"#),
        (r#"{"a":[1,2,3]}"#, r#"{"a":[4]}"#, r#"{"a":[4]}"#),
        (
            r#"{"a":{"b":{"c":1}}}"#,
            r#"{"a":{"b":{"d":2}}}"#,
            r#"{"a":{"b":{"c":1,"d":2}}}"#,
        ),
    ];
    for (a, b, want) in cases {
        assert_eq!(merge_maps(json(a), json(b)), json(want), "{a} + {b}");
    }
}

#[test]
fn coalesce_like_helm() {
    // (defaults, user, want) for Helm 4.
    let cases: &[(&str, &str, &str)] = &[
        (r#"{"a":1,"b":2}"#, r#"{"b":3}"#, r#"{"a":1,"b":3}"#),
        (r#"{"a":1,"b":2}"#, r#"{"b":null}"#, r#"{"a":1}"#),
        (
            r#"{"a":{"x":1,"y":2}}"#,
            r#"{"a":{"y":null}}"#,
            r#"{"a":{"x":1}}"#,
        ),
        (
            r#"{"a":{"x":1}}"#,
            r#"{"a":{"y":2}}"#,
            r#"{"a":{"x":1,"y":2}}"#,
        ),
        (r#"{"a":{"x":1}}"#, r#"{"a":null}"#, r#"{}"#),
        (r#"{"a":{"x":1}}"#, r#"{"a":7}"#, r#"{"a":7}"#),
        (r#"{"a":1}"#, r#"{"a":{"x":1}}"#, r#"{"a":{"x":1}}"#),
        (r#"{"a":[1,2]}"#, r#"{"a":[3]}"#, r#"{"a":[3]}"#),
        // A null the chart does not know stays at the top level.
        (r#"{"a":1}"#, r#"{"z":null}"#, r#"{"a":1,"z":null}"#),
        // The newest Helm 4 drops the chart's nulls that no user value meets
        // (helm/helm#32530; 4.1 keeps them, below), at any depth.
        (r#"{"a":null}"#, r#"{}"#, r#"{}"#),
        (
            r#"{"a":{"n":null,"x":1},"b":null}"#,
            r#"{"c":1}"#,
            r#"{"a":{"x":1},"c":1}"#,
        ),
        // Helm 4.1.4 keeps a nested null unless it replaces a non-null default.
        (
            r#"{"a":{"x":1}}"#,
            r#"{"a":{"q":null}}"#,
            r#"{"a":{"x":1,"q":null}}"#,
        ),
        (
            r#"{"a":{"b":{"x":1}}}"#,
            r#"{"a":{"b":{"x":null,"y":null}}}"#,
            r#"{"a":{"b":{"y":null}}}"#,
        ),
        (
            r#"{"a":{"n":null,"x":1}}"#,
            r#"{"a":{"n":null}}"#,
            r#"{"a":{"n":null,"x":1}}"#,
        ),
        // Deep merge keeps defaults below user tables.
        (
            r#"{"img":{"repo":"nginx","tag":"1","pull":{"policy":"Always"}}}"#,
            r#"{"img":{"tag":"2","pull":{"secrets":["s"]}}}"#,
            r#"{"img":{"repo":"nginx","tag":"2","pull":{"policy":"Always","secrets":["s"]}}}"#,
        ),
    ];
    for (d, u, want) in cases {
        assert_eq!(coalesce(&json(d), json(u)), json(want), "{d} <- {u}");
    }
    // Helm 4.1 keeps the chart's nulls (checked with 4.1.4 and 4.3.1).
    let (v, _) = coalesce_values(
        "c",
        &json(r#"{"a":null,"b":{"n":null,"x":1}}"#),
        json(r#"{}"#),
        HelmVersion::V4_1,
    );
    assert_eq!(v, json(r#"{"a":null,"b":{"n":null,"x":1}}"#));
    // Helm 3.17 keeps the nested null the chart does not have.
    let (v, _) = coalesce_values(
        "c",
        &json(r#"{"a":{"x":1}}"#),
        json(r#"{"a":{"q":null}}"#),
        HelmVersion::V3,
    );
    assert_eq!(v, json(r#"{"a":{"x":1,"q":null}}"#));
    // ... but removes those it has.
    let (v, _) = coalesce_values(
        "c",
        &json(r#"{"a":{"x":1}}"#),
        json(r#"{"a":{"x":null}}"#),
        HelmVersion::V3,
    );
    assert_eq!(v, json(r#"{"a":{}}"#));
    // ... even where the chart's own value is null (Helm 4.1.4 keeps that one).
    let (v, _) = coalesce_values(
        "c",
        &json(r#"{"a":{"n":null,"x":1}}"#),
        json(r#"{"a":{"n":null}}"#),
        HelmVersion::V3,
    );
    assert_eq!(v, json(r#"{"a":{"x":1}}"#));
}

#[test]
fn coalesce_warnings_like_helm() {
    let warn = |d: &str, u: &str| -> Vec<String> {
        coalesce_values("mychart", &json(d), json(u), HelmVersion::V4)
            .1
            .into_iter()
            .map(|w| w.message)
            .collect()
    };
    assert_eq!(
        warn(r#"{"a":1}"#, r#"{"a":{"x":1}}"#),
        ["skipped value for mychart.a: Not a table."]
    );
    assert!(warn(r#"{"a":null}"#, r#"{"a":{"x":1}}"#).is_empty());
    // Top level: a scalar over a table is taken silently.
    assert!(warn(r#"{"a":{"x":1}}"#, r#"{"a":5}"#).is_empty());
    assert_eq!(
        warn(r#"{"a":{"b":{"x":1,"y":2}}}"#, r#"{"a":{"b":"s"}}"#),
        ["cannot overwrite table with non table for mychart.a.b (map[x:1 y:2])"]
    );
    assert_eq!(
        warn(r#"{"a":{"b":3}}"#, r#"{"a":{"b":{"x":1}}}"#),
        ["destination for mychart.a.b is a table. Ignoring non-table value (3)"]
    );
}

fn opts(files: &[(&str, &str)]) -> ValuesOptions {
    ValuesOptions::with_files(files)
}

fn no_files(p: &str) -> Result<String, String> {
    Err(format!("open {p}: no such file or directory"))
}

#[test]
fn merge_values_in_helm_order() {
    let mut o = opts(&[
        ("a.yaml", "a: file1\nb: file1\nm: {x: 1, p: 1}\nl: [1, 2]\n"),
        (
            "b.yaml",
            "b: file2\nm: {p: 2}\nc: file2\nd: file2\ne: file2\nf: file2\n",
        ),
    ]);
    o.set_json = vec!["c=\"json\"".into(), "d=1".into()];
    o.set = vec!["d=2,e=set".into(), "l[3]=x".into()];
    o.set_string = vec!["e=3".into(), "f=string".into()];
    o.set_file = vec!["f=f.txt".into(), "g=f.txt".into()];
    o.set_literal = vec!["g=lit,eral".into()];
    let read = |p: &str| {
        if p == "f.txt" {
            Ok("from file".to_string())
        } else {
            no_files(p)
        }
    };
    let (v, locs, warnings) = merge_values(&o, read).unwrap();
    let mut want = json(
        r#"{"a":"file1","b":"file2","m":{"x":1,"p":2},"l":[1,2,null,"x"],"c":"json",
            "e":"3","f":"from file","g":"lit,eral"}"#,
    );
    want.as_map_mut().unwrap().insert("d".into(), Value::Int(2));
    assert_eq!(v, want);
    assert!(warnings.is_empty(), "{warnings:?}");
    let at = |p: &str| locs.get(&ValuesPath::root().key(p)).map(|l| l.to_string());
    assert_eq!(at("a").as_deref(), Some("a.yaml:1:4"));
    assert_eq!(at("b").as_deref(), Some("b.yaml:1:4"));
    assert_eq!(at("c").as_deref(), Some("--set-json:1:1"));
    assert_eq!(at("e").as_deref(), Some("--set-string:1:1"));
    assert_eq!(at("g").as_deref(), Some("--set-literal:1:1"));
    let mx = locs.get(&ValuesPath::root().key("m").key("x")).unwrap();
    assert_eq!(mx.to_string(), "a.yaml:3:8");
    let l3 = locs.get(&ValuesPath::root().key("l").index(3)).unwrap();
    assert_eq!(l3.to_string(), "--set:2:1");
}

#[test]
fn merge_values_errors_like_helm() {
    let mut o = opts(&[("bad.yaml", "a: [\n"), ("ok.yaml", "image: nginx\n")]);
    o.set = vec!["image.tag=1".into(), "x".into()];
    o.set_json = vec!["a={".into()];
    o.set_file = vec!["f=missing.txt".into()];
    let errs = merge_values(&o, no_files).unwrap_err();
    let shown: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert_eq!(shown.len(), 5, "{shown:?}");
    assert!(shown[0].starts_with("bad.yaml:2:1: yaml:"), "{shown:?}");
    assert_eq!(
        shown[1],
        "--set-json:1:1: failed parsing --set-json data a: the value is not valid JSON"
    );
    assert_eq!(
        shown[2],
        "--set:1:1: failed parsing --set data: unable to parse key: interface conversion: \
         interface {} is string, not map[string]interface {}"
    );
    assert_eq!(
        shown[3],
        "--set:2:1: failed parsing --set data: key \"x\" has no value"
    );
    assert_eq!(
        shown[4],
        "--set-file:1:1: failed parsing --set-file data: open missing.txt: no such file or directory"
    );
}

#[test]
fn set_json_whole_object_helm4_only() {
    let mut o = opts(&[("v.yaml", "a: {x: 1, p: 2}\n")]);
    o.set_json = vec![r#" {"a": {"p": 3, "z": null}, "b": [1]} "#.into()];
    let (v, _, _) = merge_values(&o, no_files).unwrap();
    assert_eq!(v, json(r#"{"a":{"x":1,"p":3,"z":null},"b":[1]}"#));
    o.set_json = vec![r#"{"a": 1} trailing"#.into()];
    let errs = merge_values(&o, no_files).unwrap_err();
    assert_eq!(
        errs[0].to_string(),
        "--set-json:1:1: failed parsing --set-json data: not a valid JSON object"
    );
    o.set_json = vec![r#"{"a": 1}"#.into()];
    o.helm_version = HelmVersion::V3;
    let errs = merge_values(&o, no_files).unwrap_err();
    assert_eq!(
        errs[0].to_string(),
        "--set-json:1:1: failed parsing --set-json data: expected key=JSON"
    );
}

#[test]
fn values_then_coalesce_end_to_end() {
    let chart = crate::helm::values_file::parse_values(
        "values.yaml",
        "replicaCount: 1\nimage:\n  repository: nginx\n  tag: \"\"\nresources: {}\nnodeSelector: {}\n",
    )
    .unwrap();
    let mut o = opts(&[(
        "prod.yaml",
        "replicaCount: 3\nimage:\n  tag: \"1.25\"\nnodeSelector: null\n",
    )]);
    o.set = vec!["image.pullPolicy=Always".into()];
    let (user, user_locs, _) = merge_values(&o, no_files).unwrap();
    let (v, warnings) = coalesce_values("app", &chart.value, user, HelmVersion::V4);
    assert!(warnings.is_empty());
    assert_eq!(
        v,
        json(
            r#"{"replicaCount":3,"image":{"repository":"nginx","tag":"1.25","pullPolicy":"Always"},
                "resources":{}}"#
        )
    );
    let locs = Locations::overlay(&user_locs, &chart.locations);
    let at = |p: ValuesPath| locs.get(&p).map(|l| l.to_string());
    let root = ValuesPath::root();
    assert_eq!(
        at(root.key("replicaCount")).as_deref(),
        Some("prod.yaml:1:15")
    );
    assert_eq!(
        at(root.key("image").key("repository")).as_deref(),
        Some("values.yaml:3:15")
    );
    assert_eq!(
        at(root.key("image").key("pullPolicy")).as_deref(),
        Some("--set:1:1")
    );
}
