//! What text/template and sprig print and test in the chart's templates:
//! `{{ v }}`, the truthiness of `if` and sprig's `default`/`empty`.
//!
//! The renderer prints what Helm prints, so that `replicaCount: 1000000` in a
//! values file (a float64 in Helm) still renders as `1e+06`, as Helm does.

use crate::value::Value;

/// What text/template's `{{ v }}` prints inside a Helm template: like `%v`, except
/// that a missing or nil value prints `<no value>`, which Helm then removes.
pub fn template_print(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        // Whole float64s below 1e6 print as integers (`%v` switches to an
        // exponent from 1e+06 on); "-0" keeps its sign, as in Go.
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e6 && *f != 0.0 => {
            (*f as i64).to_string()
        }
        other => other.go_string(),
    }
}

/// text/template's truth: false, 0, nil, and empty strings, lists and maps are
/// false (also sprig's `empty`, the inverse of `default`'s test).
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::String(s) => !s.is_empty(),
        Value::Seq(items) => !items.is_empty(),
        Value::Map(map) => !map.is_empty(),
    }
}

/// Sprig's `float64` conversion as the chart's checks use it on numbers.
pub fn as_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::String(s) => s.parse().unwrap_or(0.0),
        _ => 0.0,
    }
}
