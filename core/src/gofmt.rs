//! How Go prints values, where the chart's templates print them: `fmt`'s `%v`
//! (`{{ .Values.x }}`, sprig's `toString`), `encoding/json` (`toJson`), and the
//! truthiness of text/template's `if` and sprig's `default`/`empty`.
//!
//! The renderer prints what Helm prints, so that `replicaCount: 1000000` in a
//! values file (a float64 in Helm) still renders as `1e+06`, as Helm does.

use crate::value::{Value, exponent_form, fixed_form, split_scientific};

/// Go's `encoding/json` float64 encoding: shortest digits, fixed notation unless
/// `|f| < 1e-6` or `|f| >= 1e21`, where it uses `e` notation with the exponent's
/// leading zero removed (`1e-07` becomes `1e-7`). `None` for NaN and infinities,
/// which `json.Marshal` refuses.
pub fn format_float_json(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    if f == 0.0 {
        return Some(if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        });
    }
    let (digits, exp) = split_scientific(&format!("{:e}", f.abs()));
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let abs = f.abs();
    Some(if !(1e-6..1e21).contains(&abs) {
        format!("{sign}{}", exponent_form(&digits, exp, 1))
    } else {
        format!("{sign}{}", fixed_form(&digits, exp))
    })
}

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

/// Go's `json.Marshal(v)` (sprig's `toJson`): map keys sorted, `<`, `>`, `&`,
/// U+2028 and U+2029 escaped. `None` where Go fails (NaN or infinity), for which
/// sprig's `toJson` returns "".
pub fn to_json(v: &Value) -> Option<String> {
    let mut out = String::new();
    write_json(v, false, &mut out).then_some(out)
}

/// The chart's `include "ai-agent-connector.typedValues"`: `toJson`, but a
/// float64 always with a fraction or an exponent (`1000000.0`, `1e+21`), so
/// that it reads back apart from an int64 (`1000000`).
pub fn to_typed_json(v: &Value) -> Option<String> {
    let mut out = String::new();
    write_json(v, true, &mut out).then_some(out)
}

fn write_json(v: &Value, typed: bool, out: &mut String) -> bool {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => match format_float_json(*f) {
            Some(s) => {
                out.push_str(&s);
                if typed && !s.contains(['.', 'e']) {
                    out.push_str(".0");
                }
            }
            None => return false,
        },
        Value::String(s) => write_json_string(s, out),
        Value::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !write_json(item, typed, out) {
                    return false;
                }
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(k, out);
                out.push(':');
                if !write_json(item, typed, out) {
                    return false;
                }
            }
            out.push('}');
        }
    }
    true
}

fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_encode_like_go_json() {
        for (f, want) in [
            (3.0, "3"),
            (1000000.0, "1000000"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (1e-10, "1e-10"),
            (-0.5, "-0.5"),
        ] {
            assert_eq!(format_float_json(f).as_deref(), Some(want), "{f}");
        }
        assert_eq!(format_float_json(f64::NAN), None);
    }

    #[test]
    fn json_escapes_like_go() {
        let v = Value::String("<a & \"b\">\n\u{1}\u{2028}é".into());
        assert_eq!(
            to_json(&v).as_deref(),
            Some(r#""\u003ca \u0026 \"b\"\u003e\n\u0001\u2028é""#)
        );
    }

    #[test]
    fn whole_floats_print_like_go() {
        for (f, want) in [
            (100000.0, "100000"),
            (999999.0, "999999"),
            (1e6, "1e+06"),
            (-3.0, "-3"),
            (-0.0, "-0"),
            (0.0, "0"),
            (2.5, "2.5"),
        ] {
            let v = Value::Float(f);
            assert_eq!(template_print(&v), want, "{f}");
            assert_eq!(template_print(&v), v.go_string(), "{f}");
        }
    }

    #[test]
    fn values_print_like_go_sprint() {
        let mut map = std::collections::BTreeMap::new();
        map.insert("b".to_string(), Value::Int(1));
        map.insert(
            "a".to_string(),
            Value::Seq(vec![Value::Bool(true), Value::Null]),
        );
        assert_eq!(Value::Map(map).go_string(), "map[a:[true <nil>] b:1]");
        assert_eq!(template_print(&Value::Null), "");
    }
}
