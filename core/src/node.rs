//! The rendered objects as YAML documents, and their block-style emitter.
//!
//! A [`Node`] is what a template line produces: mostly typed scalars, and
//! [`Node::Plain`] for text that a template prints unquoted (`{{ .Values.x }}`),
//! which Kubernetes then reads as YAML, exactly as it reads Helm's output.

use std::fmt::Write as _;

use crate::gofmt;
use crate::value::Value;

/// One node of a rendered object.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    /// A scalar printed verbatim, as Go's text/template prints it unquoted; the
    /// renderer only builds these from values the model has checked to be safe.
    Plain(String),
    /// A string, quoted when a plain scalar would read as something else.
    Str(String),
    Seq(Vec<Node>),
    /// A mapping, in the order the template writes its keys.
    Map(Vec<(String, Node)>),
}

impl Node {
    /// A mapping from `(key, node)` pairs.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Node)>) -> Node {
        Node::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    pub fn str(s: impl Into<String>) -> Node {
        Node::Str(s.into())
    }

    /// What `{{ v }}` prints, unquoted (nil prints nothing, as in Helm).
    pub fn printed(v: &Value) -> Node {
        Node::Plain(gofmt::template_print(v))
    }

    /// A value as sigs.k8s.io/yaml's `toYaml` writes it (through JSON: integral
    /// floats become integers, map keys sorted).
    pub fn to_yaml(v: &Value) -> Node {
        match v {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Int(i) => Node::Int(*i),
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.0e18 {
                    Node::Int(*f as i64)
                } else {
                    Node::Plain(gofmt::format_float_json(*f).unwrap_or_default())
                }
            }
            Value::String(s) => Node::Str(s.clone()),
            Value::Seq(items) => Node::Seq(items.iter().map(Node::to_yaml).collect()),
            Value::Map(map) => Node::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Node::to_yaml(v)))
                    .collect(),
            ),
        }
    }

    /// The entry of a mapping, if this is one and has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Writes the node as a YAML document body (no `---`), ending in a newline.
    pub fn to_document(&self) -> String {
        let mut out = String::new();
        match self {
            Node::Map(entries) if !entries.is_empty() => write_map(entries, 0, &mut out),
            Node::Seq(items) if !items.is_empty() => write_seq(items, 0, &mut out),
            scalar => {
                out.push_str(&scalar_text(scalar));
                out.push('\n');
            }
        }
        out
    }
}

fn write_map(entries: &[(String, Node)], indent: usize, out: &mut String) {
    for (key, value) in entries {
        out.push_str(&" ".repeat(indent));
        out.push_str(&key_text(key));
        out.push(':');
        write_value(value, indent, out);
    }
}

fn write_seq(items: &[Node], indent: usize, out: &mut String) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            Node::Map(entries) if !entries.is_empty() => {
                // "- key: value" with the rest of the mapping aligned under the key.
                out.push(' ');
                let (first_key, first_value) = &entries[0];
                out.push_str(&key_text(first_key));
                out.push(':');
                write_value(first_value, indent + 2, out);
                write_map(&entries[1..], indent + 2, out);
            }
            other => write_value(other, indent, out),
        }
    }
}

/// Writes what follows `key:` or `-`: a scalar on the same line, or a nested block.
fn write_value(value: &Node, indent: usize, out: &mut String) {
    match value {
        Node::Map(entries) if !entries.is_empty() => {
            out.push('\n');
            write_map(entries, indent + 2, out);
        }
        Node::Seq(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(items, indent + 2, out);
        }
        scalar => {
            let text = scalar_text(scalar);
            if !text.is_empty() {
                out.push(' ');
                out.push_str(&text);
            }
            out.push('\n');
        }
    }
}

fn scalar_text(node: &Node) -> String {
    match node {
        Node::Null => "null".into(),
        Node::Bool(b) => b.to_string(),
        Node::Int(i) => i.to_string(),
        Node::Plain(s) => s.clone(),
        Node::Str(s) => quote_if_needed(s),
        Node::Seq(_) => "[]".into(),
        Node::Map(_) => "{}".into(),
    }
}

fn key_text(key: &str) -> String {
    quote_if_needed(key)
}

/// A string as a plain scalar when every YAML reader (1.1 and 1.2) reads it back
/// as the same string; double-quoted otherwise.
pub fn quote_if_needed(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_string()
    } else {
        double_quoted(s)
    }
}

fn is_plain_safe(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    // Only characters that never start or end a YAML construct inside a plain scalar.
    let allowed = |c: u8| c.is_ascii_alphanumeric() || b"-_./@%+=,:".contains(&c);
    if !bytes.iter().all(|c| allowed(*c)) || s.ends_with(':') || s.contains(":,") {
        return false;
    }
    let starts_ok = first.is_ascii_alphanumeric()
        || first == b'/'
        || first == b'_'
        || (first == b'-'
            && bytes
                .get(1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'-'));
    if !starts_ok {
        return false;
    }
    // Numbers, timestamps and sexagesimals (YAML 1.1 or 1.2) start with a digit, a
    // sign or a dot and hold no letters beyond those of exponents and radixes.
    if first.is_ascii_digit() || first == b'+' || first == b'-' {
        let has_word_letter = bytes
            .iter()
            .any(|c| c.is_ascii_alphabetic() && !b"eExXoObBaAcCdDfF".contains(c));
        if !has_word_letter {
            return false;
        }
    }
    // Words that YAML 1.1 or 1.2 reads as booleans or null.
    let lower = s.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
    )
}

/// A YAML double-quoted scalar.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emits_block_yaml() {
        let node = Node::map([
            ("apiVersion", Node::str("v1")),
            (
                "metadata",
                Node::map([
                    ("name", Node::str("x")),
                    (
                        "labels",
                        Node::map([("app.kubernetes.io/name", Node::str("yes"))]),
                    ),
                ]),
            ),
            (
                "items",
                Node::Seq(vec![
                    Node::map([("a", Node::Int(1)), ("b", Node::Seq(vec![]))]),
                    Node::str("two words"),
                ]),
            ),
            ("empty", Node::Plain(String::new())),
        ]);
        assert_eq!(
            node.to_document(),
            "apiVersion: v1\nmetadata:\n  name: x\n  labels:\n    app.kubernetes.io/name: \"yes\"\nitems:\n  - a: 1\n    b: []\n  - \"two words\"\nempty:\n"
        );
    }
}
