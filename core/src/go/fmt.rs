//! Go's `fmt`: `%v` of a value (what `{{ .Values.x }}` renders for scalars, and
//! what Helm's warnings show), `%q` of a `[]rune`.

use crate::go::strconv::{format_go_float, push_go_escaped};
use crate::value::Value;

pub(crate) fn write_go_v(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&format_go_float(*f)),
        Value::String(s) => out.push_str(s),
        Value::Seq(items) => {
            write_list(out, "[", ' ', ']', items, |item, out| {
                write_go_v(item, out);
                true
            });
        }
        Value::Map(m) => {
            write_list(out, "map[", ' ', ']', m, |(k, item), out| {
                out.push_str(k);
                out.push(':');
                write_go_v(item, out);
                true
            });
        }
    }
}

/// Writes `open`, each item by `write` with `sep` between them, and `close`:
/// a list or map as Go's `fmt` and `encoding/json` print one. False, with
/// `close` not written, as soon as `write` returns false.
pub(crate) fn write_list<T>(
    out: &mut String,
    open: &str,
    sep: char,
    close: char,
    items: impl IntoIterator<Item = T>,
    mut write: impl FnMut(T, &mut String) -> bool,
) -> bool {
    out.push_str(open);
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        if !write(item, out) {
            return false;
        }
    }
    out.push(close);
    true
}

/// What Go's `%q` prints for a `[]rune`: `['a' 'b']`.
pub fn go_quote_runes(s: &str) -> String {
    let mut out = String::from("[");
    for (i, c) in s.chars().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push('\'');
        push_go_escaped(&mut out, c, '\'');
        out.push('\'');
    }
    out.push(']');
    out
}
