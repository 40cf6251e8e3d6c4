//! The rendered objects as YAML documents, and their block-style emitter.
//!
//! A [`Node`] is what a template line produces: mostly typed scalars, and
//! [`Node::Plain`] for text that a template prints unquoted (`{{ .Values.x }}`),
//! which Kubernetes then reads as YAML, exactly as it reads Helm's output.

use std::fmt::Write as _;

use crate::go::{json, template};
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
    /// Text exactly as the template prints it after `key:` or `-`, through the
    /// line break that ends its last line (`toYaml` blocks with their
    /// `nindent`, `| quote`d strings, whitespace-only lines); `node` is the
    /// object it reads as.
    Raw {
        node: Box<Node>,
        text: String,
    },
}

impl Node {
    /// A mapping from `(key, node)` pairs.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Node)>) -> Node {
        Node::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    pub fn str(s: impl Into<String>) -> Node {
        Node::Str(s.into())
    }

    /// Text the template writes as is (a literal in the template).
    pub fn plain(s: impl Into<String>) -> Node {
        Node::Plain(s.into())
    }

    /// `{{ s | quote }}`: Go's `%q` of the string.
    pub fn quoted(s: impl Into<String>) -> Node {
        let s = s.into();
        let text = format!(" {}\n", crate::go::strconv::go_quote(&s));
        Node::Raw {
            node: Box::new(Node::Str(s)),
            text,
        }
    }

    /// `"{{ s }}"`: the string printed between literal quotes.
    pub fn in_quotes(s: impl Into<String>) -> Node {
        let s = s.into();
        let text = format!(" \"{s}\"\n");
        Node::Raw {
            node: Box::new(Node::Str(s)),
            text,
        }
    }

    /// `key:` then `{{- toYaml v | nindent n }}`.
    pub fn yaml_block(v: &Value, n: usize) -> Node {
        Node::spliced(None, n, Some(v), Node::to_yaml(v))
    }

    /// A block the template writes in two parts: its own lines (`head`, a
    /// mapping or sequence written at indentation `n`), then
    /// `{{- toYaml v | nindent n }}` when `v` is given; `object` is what the
    /// whole reads as.
    pub fn spliced(head: Option<&Node>, n: usize, v: Option<&Value>, object: Node) -> Node {
        let mut text = String::new();
        if let Some(head) = head {
            let mut block = String::new();
            head.write_block(n, &mut block);
            if !block.is_empty() {
                text.push('\n');
                text.push_str(block.strip_suffix('\n').unwrap_or(&block));
            }
        }
        if let Some(v) = v {
            text.push_str(&crate::yaml::emit::nindent(
                n,
                &crate::yaml::emit::to_yaml(v),
            ));
        }
        text.push('\n');
        Node::Raw {
            node: Box::new(object),
            text,
        }
    }

    /// The object this node reads as (the node inside a [`Node::Raw`]).
    pub fn object(&self) -> &Node {
        match self {
            Node::Raw { node, .. } => node.object(),
            other => other,
        }
    }

    /// Writes a mapping's entries or a sequence's items at `indent`, each line
    /// ending in a line break; nothing for anything else.
    pub fn write_block(&self, indent: usize, out: &mut String) {
        match self {
            Node::Map(entries) => write_map(entries, indent, out),
            Node::Seq(items) => write_seq(items, indent, out),
            _ => {}
        }
    }

    /// What `{{ v }}` prints, unquoted (nil prints nothing, as in Helm).
    pub fn printed(v: &Value) -> Node {
        Node::Plain(template::template_print(v))
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
                    Node::Plain(json::format_float_json(*f).unwrap_or_default())
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
            Node::Map(entries) => entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.object()),
            Node::Raw { node, .. } => node.get(key),
            _ => None,
        }
    }

    /// What Helm's `SplitManifests` does to a rendered document: it trims the
    /// whitespace at its end (`strings.TrimSpace`). That only changes a value when
    /// the document ends with a string that go-yaml (`toYaml`) writes as a literal
    /// block scalar: the string loses its trailing whitespace, and keeps one line
    /// break if it ended with one (`|`, `|+`) or none (`|-`).
    pub fn trim_end_like_helm(&mut self) {
        match self {
            Node::Raw { node, .. } => node.trim_end_like_helm(),
            Node::Map(entries) => {
                if let Some((_, last)) = entries.last_mut() {
                    last.trim_end_like_helm();
                }
            }
            Node::Seq(items) => {
                if let Some(last) = items.last_mut() {
                    last.trim_end_like_helm();
                }
            }
            Node::Str(s) if go_yaml_writes_literal(s) => {
                let ends_with_break = s.ends_with(['\n', '\u{2028}', '\u{2029}']);
                let mut trimmed = s.trim_end_matches(char::is_whitespace).to_string();
                if ends_with_break {
                    trimmed.push('\n');
                }
                *s = trimmed;
            }
            _ => {}
        }
    }

    /// What the newest Helm 4 makes of a document that ends with a literal block
    /// keeping its trailing newlines (`|+`): Helm no longer trims the template's
    /// output, so the `extra` newlines it prints after the document are read as
    /// part of the string.
    pub fn keep_end_like_helm(&mut self, extra: usize) {
        match self {
            Node::Raw { node, .. } => node.keep_end_like_helm(extra),
            Node::Map(entries) => {
                if let Some((_, last)) = entries.last_mut() {
                    last.keep_end_like_helm(extra);
                }
            }
            Node::Seq(items) => {
                if let Some(last) = items.last_mut() {
                    last.keep_end_like_helm(extra);
                }
            }
            Node::Str(s) if go_yaml_writes_literal(s) && s.ends_with("\n\n") => {
                s.extend(std::iter::repeat_n('\n', extra));
            }
            _ => {}
        }
    }

    /// Writes the node as a YAML document body (no `---`), ending in a newline.
    pub fn to_document(&self) -> String {
        let mut out = String::with_capacity(1024);
        self.write_document(&mut out);
        out
    }

    /// An upper bound of the length of [`Node::to_document`] in bytes, found
    /// without writing it: every string counted as if each of its bytes were
    /// escaped (an escape writes at most four bytes per byte), with the
    /// indentation and punctuation of every line.
    pub fn document_len_bound(&self) -> usize {
        len_bound(self, 0)
    }

    /// [`Node::to_document`], appended to `out`.
    pub fn write_document(&self, out: &mut String) {
        match self {
            Node::Map(entries) if !entries.is_empty() => write_map(entries, 0, out),
            Node::Seq(items) if !items.is_empty() => write_seq(items, 0, out),
            // A whole document a template writes with `toYaml` (`extraObjects`).
            Node::Raw { text, .. } => {
                out.push_str(text);
                if !text.ends_with('\n') {
                    out.push('\n');
                }
            }
            scalar => {
                write_scalar(scalar, out);
                out.push('\n');
            }
        }
    }
}

/// The most bytes `node` takes written at `indent` as a block (its own lines).
fn len_bound(node: &Node, indent: usize) -> usize {
    // What follows `key:` or `-`: ` scalar\n`, or `\n` and a nested block.
    let value = |v: &Node| match v {
        Node::Map(e) if !e.is_empty() => 1 + len_bound(v, indent + 2),
        Node::Seq(i) if !i.is_empty() => 1 + len_bound(v, indent + 2),
        Node::Raw { text, .. } => text.len(),
        scalar => 2 + scalar_len_bound(scalar),
    };
    match node {
        Node::Map(entries) if !entries.is_empty() => entries
            .iter()
            .map(|(k, v)| indent + str_len_bound(k) + 1 + value(v))
            .sum(),
        // `-`, then a mapping item's first entry on the same line, its others
        // under it; any other item as after `key:`.
        Node::Seq(items) if !items.is_empty() => items
            .iter()
            .map(|item| {
                indent
                    + 1
                    + match item {
                        Node::Map(e) if !e.is_empty() => 1 + len_bound(item, indent + 2),
                        other => value(other),
                    }
            })
            .sum(),
        scalar => scalar_len_bound(scalar) + 1,
    }
}

fn scalar_len_bound(node: &Node) -> usize {
    match node {
        Node::Null | Node::Bool(_) => 5,
        Node::Int(_) => 20,
        Node::Plain(s) => s.len(),
        Node::Str(s) => str_len_bound(s),
        Node::Seq(_) | Node::Map(_) => 2,
        Node::Raw { text, .. } => text.len(),
    }
}

/// Plain, or double-quoted with escapes (`\x00`: four bytes for one).
fn str_len_bound(s: &str) -> usize {
    4 * s.len() + 2
}

fn indent_to(indent: usize, out: &mut String) {
    const SPACES: &str = "                                                                ";
    let mut left = indent;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.push_str(&SPACES[..n]);
        left -= n;
    }
}

fn write_map(entries: &[(String, Node)], indent: usize, out: &mut String) {
    for (key, value) in entries {
        indent_to(indent, out);
        write_str(key, out);
        out.push(':');
        write_value(value, indent, out);
    }
}

fn write_seq(items: &[Node], indent: usize, out: &mut String) {
    for item in items {
        indent_to(indent, out);
        out.push('-');
        match item {
            Node::Map(entries) if !entries.is_empty() => {
                // "- key: value" with the rest of the mapping aligned under the key.
                out.push(' ');
                let (first_key, first_value) = &entries[0];
                write_str(first_key, out);
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
        // `key:` alone: an empty printed value reads as null, as in Helm's output.
        Node::Plain(s) if s.is_empty() => out.push('\n'),
        Node::Raw { text, .. } => out.push_str(text),
        scalar => {
            out.push(' ');
            write_scalar(scalar, out);
            out.push('\n');
        }
    }
}

fn write_scalar(node: &Node, out: &mut String) {
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Node::Plain(s) => out.push_str(s),
        Node::Str(s) => write_str(s, out),
        Node::Seq(_) => out.push_str("[]"),
        Node::Map(_) => out.push_str("{}"),
        Node::Raw { text, .. } => out.push_str(text.trim()),
    }
}

/// A string as a plain scalar when that reads back as the same string, else
/// double-quoted.
fn write_str(s: &str, out: &mut String) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else {
        write_double_quoted(s, out);
    }
}

/// A string as a plain scalar when every YAML reader (1.1 and 1.2) reads it back
/// as the same string; double-quoted otherwise.
pub fn quote_if_needed(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_str(s, &mut out);
    out
}

/// Whether `s`, written as a plain scalar, reads back as the same string in
/// YAML 1.1 and 1.2 (so `fromYaml` of it needs no parser).
pub fn reads_back_as_string(s: &str) -> bool {
    is_plain_safe(s)
}

fn is_plain_safe(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    // Only characters that never start or end a YAML construct inside a plain scalar.
    let allowed = |c: u8| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'_' | b'.' | b'/' | b'@' | b'%' | b'+' | b'=' | b',' | b':'
            )
    };
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
    !["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
        .iter()
        .any(|w| s.eq_ignore_ascii_case(w))
}

/// Whether go-yaml v2 (`yaml.Marshal`, as sigs.k8s.io/yaml's `toYaml` uses it)
/// writes `s` as a literal block scalar: it holds a `\n`, every character is one
/// go-yaml prints as is, it does not end with a space and has no space before a
/// line break (`yaml_emitter_analyze_scalar`).
fn go_yaml_writes_literal(s: &str) -> bool {
    let printable = |c: char| {
        matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            && c != '\u{feff}'
    };
    let is_break = |c: char| matches!(c, '\n' | '\u{2028}' | '\u{2029}');
    s.contains('\n')
        && s.chars().all(printable)
        && !s.ends_with(' ')
        && !s
            .chars()
            .zip(s.chars().skip(1))
            .any(|(a, b)| a == ' ' && is_break(b))
}

/// A YAML double-quoted scalar.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_double_quoted(s, &mut out);
    out
}

fn write_double_quoted(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            c if let Some(escaped) = crate::go::json::short_escape(c) => out.push_str(escaped),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_len_bound_is_an_upper_bound() {
        let nasty = "a\u{0}b\u{85}c\u{2028}\"\\\n\t\u{7f}é: -";
        // Forty levels of sequences and mappings in turn, each with a scalar beside.
        let deep = (0..40).fold(Node::str(nasty), |n, i| {
            if i % 2 == 0 {
                Node::Seq(vec![Node::str(nasty), Node::map([(nasty, n)])])
            } else {
                Node::map([("k", Node::Int(i)), (nasty, Node::Seq(vec![n]))])
            }
        });
        let nodes = [
            Node::Null,
            Node::Int(i64::MIN),
            Node::str(""),
            Node::str(nasty),
            Node::Plain("x: y\nz".into()),
            Node::Seq(vec![]),
            Node::Map(vec![]),
            Node::Seq(vec![
                Node::Seq(vec![]),
                Node::Map(vec![]),
                Node::Plain(String::new()),
            ]),
            Node::Seq(vec![Node::Seq(vec![Node::Seq(vec![Node::Int(1)])])]),
            Node::map([(
                "",
                Node::map([("a", Node::Seq(vec![Node::map([("b", Node::Null)])]))]),
            )]),
            deep,
        ];
        let chart_objects = crate::render(
            &crate::ValuesOptions::default(),
            &crate::chart::render::Release::template("demo", "default"),
            |_| Err(String::new()),
        )
        .expect("the defaults render")
        .documents
        .into_iter()
        .map(|d| d.node);
        for node in nodes.iter().cloned().chain(chart_objects) {
            let written = node.to_document().len();
            let bound = node.document_len_bound();
            assert!(bound >= written, "bound {bound} < {written} for {node:?}");
        }
    }

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

    #[test]
    fn document_ends_are_trimmed_like_helm() {
        let trimmed = |value: &str| {
            let mut node = Node::map([(
                "spec",
                Node::map([("first", Node::str("a\n\n")), ("last", Node::str(value))]),
            )]);
            node.trim_end_like_helm();
            let Some(Node::Str(last)) = node.get("spec").and_then(|s| s.get("last")) else {
                panic!("a string");
            };
            assert_eq!(
                node.get("spec").and_then(|s| s.get("first")),
                Some(&Node::str("a\n\n"))
            );
            last.clone()
        };
        // Literal blocks (`|+`, `|`, `|-`) lose the whitespace that ends the document.
        assert_eq!(trimmed("kept\n\n\n"), "kept\n");
        assert_eq!(trimmed("a\nb\n"), "a\nb\n");
        assert_eq!(trimmed("a\nb\u{3000}"), "a\nb");
        // Strings go-yaml writes double-quoted keep everything.
        assert_eq!(trimmed("tab\t\n\n"), "tab\t\n\n");
        assert_eq!(trimmed("space \n\n"), "space \n\n");
        assert_eq!(trimmed("no newline  "), "no newline  ");
        assert_eq!(trimmed("emoji 🚀\n\n"), "emoji 🚀\n\n");
    }
}
