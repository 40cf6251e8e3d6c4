//! go-yaml v2 emitter port against what real Helm printed: `cases.json` is a
//! values file, `expected.json` what `toYaml` gave for each of its `cases`
//! (Helm 3.17.3, 4.1.4 and 4.3.1 agree; `tests/tests/bytes.rs` regenerates it
//! against them, through the chart in `tests/emit-chart`).

use super::*;
use crate::helm::values_file::parse_values;

fn golden() -> (Value, Vec<(String, String)>) {
    let loaded = parse_values("cases.json", include_str!("cases.json")).expect("cases.json reads");
    let cases = loaded
        .value
        .as_map()
        .and_then(|m| m.get("cases"))
        .cloned()
        .expect("a cases map");
    let expected = parse_values("expected.json", include_str!("expected.json"))
        .expect("expected.json reads")
        .value;
    let expected = expected
        .as_map()
        .expect("a map")
        .iter()
        .map(|(k, v)| match v {
            Value::String(s) => (k.clone(), s.clone()),
            other => panic!("{k}: {other:?}"),
        })
        .collect();
    (cases, expected)
}

#[test]
fn to_yaml_matches_helm_for_every_golden_case() {
    let (cases, expected) = golden();
    let mut failures = Vec::new();
    for (name, want) in &expected {
        let value = cases.as_map().and_then(|m| m.get(name)).expect(name);
        let got = to_yaml(value);
        if &got != want {
            failures.push(format!(
                "{name}: value {value:?}\n  helm: {want:?}\n  aac:  {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        expected.len(),
        failures.join("\n")
    );
}

#[test]
fn non_finite_floats_make_to_yaml_empty() {
    let v = Value::Seq(vec![Value::Float(f64::INFINITY)]);
    assert_eq!(to_yaml(&v), "");
    assert_eq!(to_yaml(&Value::Float(f64::NAN)), "");
}

#[test]
fn ints_and_indentation_helpers() {
    assert_eq!(to_yaml(&Value::Int(i64::MIN)), "-9223372036854775808");
    assert_eq!(indent(2, "a\n\nb"), "  a\n  \n  b");
    assert_eq!(nindent(4, "a"), "\n    a");
}

#[test]
fn natural_key_order() {
    assert!(key_less("a9", "a10"));
    assert!(!key_less("a10", "a9"));
    assert!(key_less("A", "a"));
    assert!(key_less("_x", "a"));
}
