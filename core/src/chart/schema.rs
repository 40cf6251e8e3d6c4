//! `values.schema.json`, generated from the typed model in [`crate::chart::spec`], so
//! that Helm itself refuses what the core refuses (unknown keys, wrong types,
//! malformed names). Descriptions come from the `## @param` comments of the
//! chart's `values.yaml`.

use std::collections::BTreeMap;

use crate::chart::spec::{Field, QUANTITY_PATTERN, StrRule, Ty, VALUES};
use crate::go::json::to_json;
use crate::value::Value;

/// The chart's values schema as pretty-printed JSON (the committed file). Each
/// key of `values.yaml` has its `## @param` description and its default, so
/// editors (yaml-language-server) and the playground can show them.
pub fn values_schema_json() -> String {
    let descriptions = param_descriptions(crate::chart::VALUES_YAML);
    let mut root = match schema_of(&VALUES, "", &descriptions) {
        Value::Map(map) => map,
        _ => BTreeMap::new(),
    };
    root.insert(
        "$schema".into(),
        Value::String("http://json-schema.org/draft-07/schema#".into()),
    );
    root.insert(
        "title".into(),
        Value::String("Values of the ai-agent-connector chart".into()),
    );
    let mut out = String::new();
    pretty(&Value::Map(root), 0, &mut out);
    out.push('\n');
    out
}

/// `path -> description` from `## @param path description` and `## @extra` lines.
pub(crate) fn param_descriptions(values_yaml: &str) -> BTreeMap<String, String> {
    values_yaml
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix("## @")?;
            let rest = rest
                .strip_prefix("param ")
                .or_else(|| rest.strip_prefix("extra "))?;
            let (path, description) = rest.split_once(' ')?;
            Some((path.to_string(), description.trim().to_string()))
        })
        .collect()
}

fn s(text: &str) -> Value {
    Value::String(text.into())
}

fn obj<const N: usize>(entries: [(&str, Value); N]) -> BTreeMap<String, Value> {
    entries
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

fn string_schema(rule: &StrRule) -> BTreeMap<String, Value> {
    let mut m = obj([("type", s("string"))]);
    if let Some(pattern) = rule.pattern {
        m.insert("pattern".into(), s(pattern));
    }
    if let Some(max) = rule.max_len {
        m.insert("maxLength".into(), Value::Int(max as i64));
    }
    m
}

fn schema_of(ty: &Ty, path: &str, descriptions: &BTreeMap<String, String>) -> Value {
    let mut m = match ty {
        Ty::Bool => obj([("type", s("boolean"))]),
        Ty::Int { min, max } => obj([
            ("type", s("integer")),
            ("minimum", Value::Int(*min)),
            ("maximum", Value::Int(*max)),
        ]),
        Ty::Str(rule) => string_schema(rule),
        Ty::Enum(options) => obj([
            ("type", s("string")),
            ("enum", Value::Seq(options.iter().map(|o| s(o)).collect())),
        ]),
        Ty::IntOrPercent => obj([(
            "anyOf",
            Value::Seq(vec![
                Value::Map(obj([
                    ("type", s("integer")),
                    ("minimum", Value::Int(0)),
                    ("maximum", Value::Int(crate::chart::spec::PRINTED_MAX)),
                ])),
                Value::Map(string_schema(&crate::chart::spec::PERCENT)),
            ]),
        )]),
        Ty::Tag => obj([(
            "anyOf",
            Value::Seq(vec![
                Value::Map(string_schema(&crate::chart::spec::IMAGE_TAG)),
                Value::Map(obj([("type", s("number"))])),
            ]),
        )]),
        Ty::Quantity => obj([(
            "anyOf",
            Value::Seq(vec![
                Value::Map(obj([
                    ("type", s("string")),
                    ("pattern", s(QUANTITY_PATTERN)),
                ])),
                Value::Map(obj([("type", s("number"))])),
            ]),
        )]),
        Ty::Scalar => obj([(
            "type",
            Value::Seq(vec![s("string"), s("number"), s("boolean")]),
        )]),
        Ty::Nullable(inner) => obj([(
            "anyOf",
            Value::Seq(vec![
                schema_of(inner, "", descriptions),
                Value::Map(obj([("type", s("null"))])),
            ]),
        )]),
        Ty::Object(fields) => object_schema(fields, path, descriptions),
        Ty::OpenObject(fields) => {
            let mut m = object_schema(fields, path, descriptions);
            m.remove("additionalProperties");
            m
        }
        Ty::Dict(key_rule, item) => {
            let item = schema_of(item, "", descriptions);
            match key_rule.and_then(|r| r.pattern) {
                Some(pattern) => obj([
                    ("type", s("object")),
                    ("patternProperties", Value::Map(obj([(pattern, item)]))),
                    ("additionalProperties", Value::Bool(false)),
                ]),
                None => obj([("type", s("object")), ("additionalProperties", item)]),
            }
        }
        Ty::List(item) => {
            let item_path = if path.is_empty() {
                String::new()
            } else {
                format!("{path}[0]")
            };
            obj([
                ("type", s("array")),
                ("items", schema_of(item, &item_path, descriptions)),
            ])
        }
        Ty::Any => BTreeMap::new(),
    };
    if let Some(description) = descriptions.get(path) {
        m.insert("description".into(), s(description));
    }
    if let Some(default) = chart_default(path) {
        m.insert("default".into(), default.clone());
    }
    Value::Map(m)
}

/// The value `values.yaml` gives the key at a dotted path (`None` for list
/// items and keys it does not set).
fn chart_default(path: &str) -> Option<&'static Value> {
    if path.is_empty() || path.contains('[') {
        return None;
    }
    path.split('.')
        .try_fold(&crate::chart::defaults().value, |v, key| {
            v.as_map()?.get(key)
        })
}

fn object_schema(
    fields: &[Field],
    path: &str,
    descriptions: &BTreeMap<String, String>,
) -> BTreeMap<String, Value> {
    let properties = fields
        .iter()
        .map(|f| {
            let child = if path.is_empty() {
                f.name.to_string()
            } else {
                format!("{path}.{}", f.name)
            };
            (f.name.to_string(), schema_of(&f.ty, &child, descriptions))
        })
        .collect();
    let required: Vec<Value> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| s(f.name))
        .collect();
    let mut m = obj([
        ("type", s("object")),
        ("properties", Value::Map(properties)),
        ("additionalProperties", Value::Bool(false)),
    ]);
    if !required.is_empty() {
        m.insert("required".into(), Value::Seq(required));
    }
    m
}

/// Two-space indented JSON with sorted keys (stable, diff-friendly).
fn pretty(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Map(map) if !map.is_empty() => {
            let entries = map.iter().map(|(k, item)| (Some(k), item));
            pretty_block(('{', '}'), entries, indent, out);
        }
        Value::Seq(items)
            if !items.is_empty()
                && items
                    .iter()
                    .all(|i| !matches!(i, Value::Map(_) | Value::Seq(_))) =>
        {
            let parts: Vec<String> = items
                .iter()
                .map(|i| to_json(i).unwrap_or_default())
                .collect();
            out.push('[');
            out.push_str(&parts.join(", "));
            out.push(']');
        }
        Value::Seq(items) if !items.is_empty() => {
            pretty_block(
                ('[', ']'),
                items.iter().map(|item| (None, item)),
                indent,
                out,
            );
        }
        other => out.push_str(&to_json(other).unwrap_or_default()),
    }
}

/// A map's or a list's entries one per line, `indent` + 2 deep, between
/// `brackets`; a map's entries with their keys.
fn pretty_block<'a>(
    brackets: (char, char),
    entries: impl ExactSizeIterator<Item = (Option<&'a String>, &'a Value)>,
    indent: usize,
    out: &mut String,
) {
    out.push(brackets.0);
    out.push('\n');
    let len = entries.len();
    for (i, (key, item)) in entries.enumerate() {
        out.push_str(&" ".repeat(indent + 2));
        if let Some(key) = key {
            out.push_str(&to_json(&Value::String(key.clone())).unwrap_or_default());
            out.push_str(": ");
        }
        pretty(item, indent + 2, out);
        if i + 1 < len {
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str(&" ".repeat(indent));
    out.push(brackets.1);
}
