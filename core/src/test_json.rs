//! Test expectations written as JSON, read by serde_json (not by the core's
//! own `go::json` reader, which some of the tested code uses): numbers are
//! `float64`, as Go's `encoding/json` reads them into `interface{}`.

use crate::value::Value;

/// The JSON text as a value; panics on text that is not JSON.
pub(crate) fn json(text: &str) -> Value {
    let parsed: serde_json::Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    from_serde(&parsed)
}

fn from_serde(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().expect("a finite number")),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(items) => Value::Seq(items.iter().map(from_serde).collect()),
        serde_json::Value::Object(map) => Value::Map(
            map.iter()
                .map(|(k, v)| (k.clone(), from_serde(v)))
                .collect(),
        ),
    }
}
