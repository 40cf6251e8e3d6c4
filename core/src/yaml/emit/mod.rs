//! Helm's `toYaml`, byte for byte: a port of the parts of go-yaml v2's emitter
//! (`emitterc.go`) and encoder (`encode.go`, `resolve.go`, `sorter.go`) that
//! `sigs.k8s.io/yaml.Marshal` reaches.
//!
//! Helm's `toYaml` is `sigs.k8s.io/yaml.Marshal` with the final line break
//! trimmed (`strings.TrimSuffix(s, "\n")`, helm/helm `pkg/engine/funcs.go`).
//! That `Marshal` encodes the value as JSON, reads the JSON back with go-yaml v2
//! (`yaml.Unmarshal` into `interface{}`) and writes it with go-yaml v2's
//! `yaml.Marshal`. So, for a [`Value`]:
//!
//! - every map key is a string, sorted with go-yaml's `keyList.Less` (a natural
//!   order: `a9` before `a10`, letters after other characters);
//! - a number goes through its JSON text: an integral float64 below 1e21 that
//!   fits an int64 or uint64 prints as an integer (`1152921504606847000`), any
//!   other float as `strconv.FormatFloat(f, 'g', -1, 64)` (`1.5e-07`,
//!   `1.2345675e+06`); a NaN or infinity makes `json.Marshal` fail, and
//!   `toYaml` then returns the empty string;
//! - a string is plain unless go-yaml's resolver would read it as another type
//!   (YAML 1.1 booleans, null, numbers, timestamps, base-60 floats, `<<`), then
//!   double-quoted; one holding `\n` is a literal block; the emitter's analysis
//!   may still pick single or double quotes (indicators, special characters);
//! - block style with two-space indentation, sequences inside mappings not
//!   indented, empty collections as `[]` / `{}`, plain and quoted scalars
//!   folded past column 80.
//!
//! Module-level differences from Go are noted where they are (Unicode
//! categories of non-ASCII characters in key sorting).

mod emitter;
mod sorter;

pub use sorter::key_less;

use crate::go::strconv::{exponent_form, fixed_form, split_scientific};
use crate::value::Value;
use emitter::{Ctx, Emitter};

/// What Helm's `toYaml` returns for `v` (no final line break); the empty
/// string when `json.Marshal` fails (a NaN or an infinity anywhere).
pub fn to_yaml(v: &Value) -> String {
    let mut s = marshal(v).unwrap_or_default();
    if s.ends_with('\n') {
        s.pop();
    }
    s
}

/// `sigs.k8s.io/yaml.Marshal(v)`: the document go-yaml v2 writes, ending in a
/// line break; `None` where `json.Marshal` fails.
pub fn marshal(v: &Value) -> Option<String> {
    if !all_finite(v) {
        return None;
    }
    let v = json_round_trip(v)?;
    let mut e = Emitter::new();
    e.node(&v, Ctx::ROOT);
    // DOCUMENT-END: an implicit end only breaks the last line.
    e.write_indent();
    Some(e.out)
}

/// sprig's `indent n`: `n` spaces before every line, empty ones included.
pub fn indent(n: usize, text: &str) -> String {
    let pad = " ".repeat(n);
    let mut out = String::with_capacity(text.len() + pad.len() * 4);
    out.push_str(&pad);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&pad);
        }
        out.push_str(line);
    }
    out
}

/// sprig's `nindent n`: a line break, then [`indent`].
pub fn nindent(n: usize, text: &str) -> String {
    let mut out = String::from("\n");
    out.push_str(&indent(n, text));
    out
}

/// What go-yaml reads back from `json.Marshal(v)`: `None` where it fails.
///
/// Go's JSON escapes control characters below U+0020 (and U+2028, U+2029),
/// but writes U+007F-U+009F, U+FFFE and U+FFFF as they are; go-yaml's reader
/// refuses all of those but U+0085 ("control characters are not allowed"), and
/// folds U+0085 (a line break inside a double-quoted scalar) like any line
/// break: one becomes a space, `n` in a row `n - 1` newlines, with the blanks
/// around them dropped. A key that folding makes equal to another is a
/// duplicate key, which go-yaml refuses too.
fn json_round_trip(v: &Value) -> Option<Value> {
    fn text(s: &str) -> Option<std::borrow::Cow<'_, str>> {
        if s.chars().any(
            |c| matches!(c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}'),
        ) {
            return None;
        }
        if !s.contains('\u{85}') {
            return Some(std::borrow::Cow::Borrowed(s));
        }
        Some(std::borrow::Cow::Owned(fold_nel(s)))
    }
    fn walk(v: &Value, depth: usize) -> Option<Value> {
        if depth > crate::value::MAX_DEPTH {
            return None;
        }
        Some(match v {
            Value::String(s) => Value::String(text(s)?.into_owned()),
            Value::Seq(items) => Value::Seq(
                items
                    .iter()
                    .map(|i| walk(i, depth + 1))
                    .collect::<Option<_>>()?,
            ),
            Value::Map(m) => {
                let mut out = std::collections::BTreeMap::new();
                for (k, v) in m {
                    let key = text(k)?.into_owned();
                    if out.insert(key, walk(v, depth + 1)?).is_some() {
                        return None;
                    }
                }
                Value::Map(out)
            }
            other => other.clone(),
        })
    }
    walk(v, 0)
}

/// Line folding of raw U+0085 in a YAML double-quoted scalar.
fn fold_nel(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' || c == '\t' || c == '\u{85}' {
            // A run of blanks: folded only when it holds a line break.
            let start = i;
            let mut breaks = 0;
            while i < chars.len() && matches!(chars[i], ' ' | '\t' | '\u{85}') {
                if chars[i] == '\u{85}' {
                    breaks += 1;
                }
                i += 1;
            }
            if breaks == 0 {
                out.extend(&chars[start..i]);
            } else if breaks == 1 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', breaks - 1));
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn all_finite(v: &Value) -> bool {
    // Iterative, so deep values cannot exhaust the stack here.
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Float(f) if !f.is_finite() => return false,
            Value::Seq(items) => stack.extend(items.iter()),
            Value::Map(m) => stack.extend(m.values()),
            _ => {}
        }
    }
    true
}

/// How a float64 comes back from its JSON text through go-yaml's resolver, and
/// how go-yaml then prints it.
pub fn float_text(f: f64) -> String {
    if f == 0.0 {
        // JSON `0` or `-0`: both resolve to the int 0.
        return "0".into();
    }
    let (digits, exp) = split_scientific(&format!("{:e}", f.abs()));
    let sign = if f < 0.0 { "-" } else { "" };
    let nd = digits.len() as i32;
    // JSON writes integral values below 1e21 in fixed notation: go-yaml reads
    // them as int64 or uint64 when they fit.
    if f.abs() < 1e21 && exp + 1 >= nd {
        let text = format!("{sign}{}", fixed_form(&digits, exp));
        let fits = if f < 0.0 {
            text.parse::<i64>().is_ok()
        } else {
            text.parse::<u64>().is_ok()
        };
        if fits {
            return text;
        }
    }
    go_format_g(sign, &digits, exp)
}

/// `strconv.FormatFloat(f, 'g', -1, 64)` from the shortest digits and exponent.
fn go_format_g(sign: &str, digits: &str, exp: i32) -> String {
    if !(-4..6).contains(&exp) {
        format!("{sign}{}", exponent_form(digits, exp, 2))
    } else {
        format!("{sign}{}", fixed_form(digits, exp))
    }
}

/// A scalar as go-yaml's encoder hands it to the emitter.
struct Scalar<'a> {
    text: std::borrow::Cow<'a, str>,
    style: Style,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

fn scalar(v: &Value) -> Scalar<'_> {
    use std::borrow::Cow;
    let plain = |s: String| Scalar {
        text: Cow::Owned(s),
        style: Style::Plain,
    };
    match v {
        Value::Null => plain("null".into()),
        Value::Bool(b) => plain(if *b { "true" } else { "false" }.into()),
        Value::Int(i) => plain(i.to_string()),
        Value::Float(f) => plain(float_text(*f)),
        Value::String(s) => Scalar {
            text: Cow::Borrowed(s),
            style: string_style(s),
        },
        Value::Seq(_) | Value::Map(_) => plain(String::new()),
    }
}

/// `encoder.stringv`: literal when the string holds `\n`, plain when go-yaml's
/// resolver reads it back as a string (and it is no base-60 float), else
/// double-quoted.
fn string_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if super::resolve::resolves_to_str(s) && !is_base60_float(s) {
        Style::Plain
    } else {
        Style::Double
    }
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        // `[0-5]?[0-9]`: one or two digits, the first of two at most 5.
        let d1 = b.get(i + 1).copied();
        let d2 = b.get(i + 2).copied();
        match (d1, d2) {
            (Some(a), Some(c)) if (b'0'..=b'5').contains(&a) && c.is_ascii_digit() => i += 3,
            (Some(a), _) if a.is_ascii_digit() => i += 2,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests;
