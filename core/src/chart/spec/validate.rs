//! Checks values against the model: types, unknown keys (with a "did you
//! mean"), required keys, string rules and integer ranges, every problem at
//! once.

use super::rules::*;
use super::{Field, Secrecy, StrRule, Ty, secrecy};
use crate::diagnostics::Diagnostics;
use crate::value::{Value, ValuesPath};

/// The first character of `s` that Helm cannot write as YAML: go-yaml's reader
/// refuses U+007F, U+0080-U+0084, U+0086-U+009F, U+FFFE and U+FFFF, and Go's
/// `json.Marshal` leaves them unescaped. Helm 3 then refuses the values (its schema
/// validation writes them as YAML), and `toYaml` in Helm 4 silently renders
/// nothing for any value that holds one.
pub fn unwritable_char(s: &str) -> Option<char> {
    // Of ASCII, only U+007F.
    if s.is_ascii() {
        return s.bytes().any(|b| b == 0x7f).then_some('\u{7f}');
    }
    s.chars()
        .find(|c| matches!(*c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}'))
}

/// A position in the values while they are checked: segments borrow from the
/// values and the model, and become a [`ValuesPath`] only for a diagnostic.
struct Walk<'a> {
    base: ValuesPath,
    segments: Vec<Segment<'a>>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

impl Walk<'_> {
    fn path(&self) -> ValuesPath {
        let mut path = self.base.clone();
        for segment in &self.segments {
            path.push(match *segment {
                Segment::Key(k) => crate::value::PathSegment::Key(k.to_string()),
                Segment::Index(i) => crate::value::PathSegment::Index(i),
            });
        }
        path
    }

    fn error(&self, out: &mut Diagnostics, message: String) {
        out.error(&self.path(), message);
    }
}

fn check_chars(s: &str, what: &str, w: &Walk, out: &mut Diagnostics) {
    if let Some(c) = unwritable_char(s) {
        w.error(
            out,
            format!(
                "the {what} contains the control character U+{:04X}, which Helm cannot write as YAML",
                u32::from(c)
            ),
        );
    }
}

/// Checks every key and string of a free-form subtree for [`unwritable_char`].
fn check_tree_chars<'a>(value: &'a Value, w: &mut Walk<'a>, out: &mut Diagnostics) {
    match value {
        Value::String(s) => check_chars(s, "value", w, out),
        Value::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                w.segments.push(Segment::Index(i));
                check_tree_chars(v, w, out);
                w.segments.pop();
            }
        }
        Value::Map(map) => {
            for (key, v) in map {
                w.segments.push(Segment::Key(key));
                check_chars(key, "key", w, out);
                check_tree_chars(v, w, out);
                w.segments.pop();
            }
        }
        _ => {}
    }
}

/// Checks `value` against `ty`, reporting every mismatch under `path`.
pub fn check_types(value: &Value, ty: &Ty, path: &mut ValuesPath, out: &mut Diagnostics) {
    let mut w = Walk {
        base: path.clone(),
        segments: Vec::new(),
    };
    check(value, ty, &mut w, out);
}

fn check<'a>(value: &'a Value, ty: &Ty, w: &mut Walk<'a>, out: &mut Diagnostics) {
    if let Value::String(s) = value
        && !matches!(ty, Ty::Any)
    {
        check_chars(s, "value", w, out);
    }
    match (ty, value) {
        (Ty::Any, v) => check_tree_chars(v, w, out),
        (Ty::Nullable(_), Value::Null) => {}
        (Ty::Nullable(inner), v) => check(v, inner, w, out),
        (Ty::Bool, Value::Bool(_)) => {}
        // Compared exactly, as Helm's schema validators compare: a float64 of
        // 2^62 is above 2^62 - 1, though both round to the same float64.
        (Ty::Int { min, max }, v) => match whole_number(v).map(|_| exact_integer(v)) {
            Some(n) if n < i128::from(*min) => w.error(
                out,
                format!("must be >= {min}, got {}", number_at(v, &w.path())),
            ),
            Some(n) if n > i128::from(*max) => w.error(
                out,
                format!("must be <= {max}, got {}", number_at(v, &w.path())),
            ),
            Some(_) => {}
            None => w.error(
                out,
                format!("must be a whole number, got {}", describe_at(v, &w.path())),
            ),
        },
        (Ty::Str(rule), Value::String(s)) => check_str(s, rule, w, out),
        (Ty::Enum(options), Value::String(s)) if options.contains(&s.as_str()) => {}
        (Ty::Enum(options), v) => w.error(
            out,
            format!(
                "must be one of {}, got {}",
                options
                    .iter()
                    .map(|o| format!("{o:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                describe_at(v, &w.path())
            ),
        ),
        (Ty::IntOrPercent, Value::String(s)) => check_str(s, &PERCENT, w, out),
        (Ty::IntOrPercent, v) => check(v, &PRINTED_NON_NEG, w, out),
        (Ty::Tag, Value::String(s)) => check_str(s, &IMAGE_TAG, w, out),
        (Ty::Tag, v @ (Value::Int(_) | Value::Float(_))) => out.warning(
            &w.path(),
            format!(
                "the number {0} is used as the tag \"{0}\"; quote the tag in YAML (\"1.10\" stays 1.10, 1.10 becomes 1.1)",
                v.go_string()
            ),
        ),
        (Ty::Quantity, Value::String(s)) if is_quantity(s) => {}
        (Ty::Quantity, Value::Int(_) | Value::Float(_)) => {}
        (Ty::Quantity, v) => w.error(
            out,
            format!(
                "must be a quantity such as 500m or 1Gi, got {}",
                describe_at(v, &w.path())
            ),
        ),
        (Ty::Scalar, Value::String(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_)) => {}
        (Ty::Object(fields) | Ty::OpenObject(fields), Value::Map(map)) => {
            for field in *fields {
                w.segments.push(Segment::Key(field.name));
                match map.get(field.name) {
                    Some(v) => check(v, &field.ty, w, out),
                    None if field.required => w.error(out, "is required".to_string()),
                    None => {}
                }
                w.segments.pop();
            }
            for (key, v) in map {
                if !fields.iter().any(|f| f.name == key) {
                    w.segments.push(Segment::Key(key));
                    if matches!(ty, Ty::OpenObject(_)) {
                        check_chars(key, "key", w, out);
                        check_tree_chars(v, w, out);
                    } else {
                        out.unknown_key(&w.path(), unknown_key_message(key, fields));
                    }
                    w.segments.pop();
                }
            }
        }
        (Ty::Dict(key_rule, item), Value::Map(map)) => {
            for (key, v) in map {
                w.segments.push(Segment::Key(key));
                check_chars(key, "key", w, out);
                if let Some(rule) = key_rule
                    && !(rule.test)(key)
                {
                    w.error(out, format!("the key must be {}", rule.meaning));
                }
                check(v, item, w, out);
                w.segments.pop();
            }
        }
        (Ty::List(item), Value::Seq(items)) => {
            for (i, v) in items.iter().enumerate() {
                w.segments.push(Segment::Index(i));
                check(v, item, w, out);
                w.segments.pop();
            }
        }
        (ty, v) => w.error(
            out,
            format!("must be {}, got {}", expected(ty), describe_at(v, &w.path())),
        ),
    }
}

/// "unknown key", with the likely intended key when one is close (a typo), else
/// the keys allowed here.
fn unknown_key_message(key: &str, fields: &[Field]) -> String {
    let closest = fields
        .iter()
        .map(|f| {
            (
                edit_distance(&key.to_ascii_lowercase(), &f.name.to_ascii_lowercase()),
                f.name,
            )
        })
        .min();
    match closest {
        Some((distance, name)) if distance <= (key.len() / 3).max(2) => {
            format!("unknown key; did you mean {name:?}?")
        }
        _ => {
            let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
            format!("unknown key; known keys here: {}", known.join(", "))
        }
    }
}

/// Levenshtein distance, on chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

fn check_str(s: &str, rule: &StrRule, w: &Walk, out: &mut Diagnostics) {
    if !(rule.test)(s) {
        let got = if is_secret(&w.path()) {
            "a string (not shown)".to_string()
        } else {
            format!("{s:?}")
        };
        w.error(out, format!("must be {}, got {got}", rule.meaning));
    } else if let Some(max) = rule.max_len
        && s.chars().count() > max
    {
        w.error(
            out,
            format!(
                "must be at most {max} characters, got {}",
                s.chars().count()
            ),
        );
    }
}

/// The number, when `v` is a whole number (an int64, or an integral float64).
/// A whole number exactly (a float64 as the integer it is; saturating far
/// beyond any bound).
fn exact_integer(v: &Value) -> i128 {
    match v {
        Value::Int(i) => i128::from(*i),
        Value::Float(f) => *f as i128,
        _ => 0,
    }
}

pub fn whole_number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 => Some(*f),
        _ => None,
    }
}

fn expected(ty: &Ty) -> &'static str {
    match ty {
        Ty::Bool => "true or false",
        Ty::Int { .. } => "a whole number",
        Ty::Str(_) | Ty::Tag => "a string",
        Ty::Enum(_) => "one of its options",
        Ty::IntOrPercent => "a whole number or a percentage such as \"50%\"",
        Ty::Quantity => "a quantity",
        Ty::Scalar => "a string, number or boolean",
        Ty::Nullable(inner) => expected(inner),
        Ty::Object(_) | Ty::OpenObject(_) | Ty::Dict(..) => "a map",
        Ty::List(_) => "a list",
        Ty::Any => "anything",
    }
}

/// Whether values at `path` may be secrets, or hold them ([`secrecy`]):
/// messages about them never show the value.
pub fn is_secret(path: &ValuesPath) -> bool {
    secrecy(path) != Secrecy::Public
}

/// [`describe`], without the value where it may be a secret.
fn describe_at(v: &Value, path: &ValuesPath) -> String {
    if !is_secret(path) {
        return describe(v);
    }
    match v {
        Value::Bool(_) => "a boolean (not shown)".into(),
        Value::Int(_) | Value::Float(_) => "a number (not shown)".into(),
        Value::String(_) => "a string (not shown)".into(),
        other => describe(other),
    }
}

fn number_at(v: &Value, path: &ValuesPath) -> String {
    if is_secret(path) {
        "a number (not shown)".into()
    } else {
        v.go_string()
    }
}

/// A value for messages: its kind and, for scalars, the value.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Int(_) | Value::Float(_) => format!("number {}", v.go_string()),
        Value::String(s) => format!("string {s:?}"),
        Value::Seq(_) => "a list".into(),
        Value::Map(_) => "a map".into(),
    }
}
