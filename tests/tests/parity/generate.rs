//! Proptest strategies for values files over every key of the chart's values,
//! driven by the core's typed model ([`aac_core::chart::spec::VALUES`]).
//!
//! A generated file is YAML text, not a values tree: scalars are drawn as the
//! text a user writes (`yes`, `0x1F`, `"1.10"`, `|-` blocks, ...), so what they
//! mean is left to Helm's parser and the core's, which is what is compared.
//! Most files are valid; "noisy" files carry a few slightly invalid values
//! (wrong types, out-of-range numbers, unknown keys, nulled required keys).

use std::collections::BTreeMap;

use aac_core::chart::spec::{self, Field, StrRule, Ty};
use proptest::prelude::*;

/// A YAML node as written.
#[derive(Clone, Debug)]
pub enum Y {
    /// A scalar as one line of YAML text (plain, quoted or flow); empty is null.
    Scalar(String),
    /// A block scalar: its indicator (`|`, `|-`, `>+`, ...) and its lines.
    Block(&'static str, Vec<&'static str>),
    Map(Vec<(String, Y)>),
    Seq(Vec<Y>),
}

/// A generated values file: one YAML document, sometimes two.
#[derive(Clone, Debug)]
pub struct ValuesFile {
    pub documents: Vec<Y>,
}

impl ValuesFile {
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        for (i, doc) in self.documents.iter().enumerate() {
            if i > 0 {
                out.push_str("---\n");
            }
            match doc {
                Y::Map(entries) if !entries.is_empty() => emit_entries(entries, 0, &mut out),
                _ => out.push_str("{}\n"),
            }
        }
        out
    }
}

fn emit_entries(entries: &[(String, Y)], indent: usize, out: &mut String) {
    for (key, value) in entries {
        out.push_str(&" ".repeat(indent));
        out.push_str(key);
        out.push(':');
        emit_after(value, indent, out);
    }
}

/// Writes what follows `key:` or `-`.
fn emit_after(value: &Y, indent: usize, out: &mut String) {
    match value {
        Y::Scalar(s) => {
            if !s.is_empty() {
                out.push(' ');
                out.push_str(s);
            }
            out.push('\n');
        }
        Y::Block(indicator, lines) => {
            out.push(' ');
            out.push_str(indicator);
            out.push('\n');
            for line in lines {
                if !line.is_empty() {
                    out.push_str(&" ".repeat(indent + 2));
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        Y::Map(entries) if entries.is_empty() => out.push_str(" {}\n"),
        Y::Seq(items) if items.is_empty() => out.push_str(" []\n"),
        Y::Map(entries) => {
            out.push('\n');
            emit_entries(entries, indent + 2, out);
        }
        Y::Seq(items) => {
            out.push('\n');
            emit_items(items, indent + 2, out);
        }
    }
}

fn emit_items(items: &[Y], indent: usize, out: &mut String) {
    for item in items {
        match item {
            Y::Map(entries) if !entries.is_empty() => {
                // "- key: value", the other keys aligned under the first.
                let mut block = String::new();
                emit_entries(entries, indent + 2, &mut block);
                out.push_str(&" ".repeat(indent));
                out.push_str("- ");
                out.push_str(&block[indent + 2..]);
            }
            other => {
                out.push_str(&" ".repeat(indent));
                out.push('-');
                emit_after(other, indent, out);
            }
        }
    }
}

/// Whether the values are meant to be valid, or may carry a few invalid ones.
#[derive(Clone, Copy, Debug)]
struct Mode {
    noisy: bool,
}

/// Where a type is drawn: the key it sits under, and whether it is an item of a
/// list (whose objects have no chart defaults to fill in required keys).
#[derive(Clone, Copy, Debug)]
struct Place<'a> {
    key: &'a str,
    parent: &'a str,
    in_list: bool,
    depth: usize,
}

type S = BoxedStrategy<Y>;

fn texts(items: &'static [&'static str]) -> S {
    prop::sample::select(items)
        .prop_map(|s| Y::Scalar(s.to_string()))
        .boxed()
}

/// The valid strategy, or in noisy mode now and then an invalid one.
fn noisy(mode: Mode, valid: S, invalid: S) -> S {
    if mode.noisy {
        prop_oneof![16 => valid, 1 => invalid].boxed()
    } else {
        valid
    }
}

const BOOLS: &[&str] = &[
    "true", "false", "true", "false", "yes", "no", "on", "off", "True", "False", "YES", "NO", "On",
    "Off", "y", "n", "Y", "N", "TRUE", "FALSE",
];
const NOT_BOOLS: &[&str] = &["\"true\"", "'no'", "1", "0", "maybe", "yEs", "[]", "{}"];

/// YAML texts that Helm reads as strings.
const STRINGS: &[&str] = &[
    "agent",
    "hello world",
    "a-b_c.d",
    "/path/to/x",
    "value with spaces",
    "url=http://x.example.com:8080/a",
    "héllo wörld",
    "\"yes\"",
    "'no'",
    "\"True\"",
    "\"OFF\"",
    "\"y\"",
    "\"1.10\"",
    "\"0x1F\"",
    "\"0777\"",
    "\"1e3\"",
    "\"+1\"",
    "\".5\"",
    "\"2001-12-14\"",
    "\"\"",
    "''",
    "\"null\"",
    "\"~\"",
    "\"a: b\"",
    "\"# hash\"",
    "\"- dash\"",
    "\"*star\"",
    "\"&amp\"",
    "\"!bang\"",
    "\"%pct\"",
    "\"@at\"",
    "\"`tick\"",
    "\"{a: 1}\"",
    "\"[1, 2]\"",
    "\"x,y\"",
    "\"it's\"",
    "'it''s'",
    "\"say \\\"hi\\\"\"",
    "\"C:\\\\dir\"",
    "\" padded \"",
    "\"  \"",
    "\"tab\\there\"",
    "\"line\\nbreak\"",
    "\"trailing\\n\"",
    "\"ends with colon:\"",
    "\"日本語\"",
    "\"🚀 launch\"",
    "\"\\u2028\"",
    "\"a\\u00a0b\"",
    "\"\\ufeffbom\"",
    "\"\\u00e9\\U0001F680\"",
];
const BLOCKS: &[(&str, &[&str])] = &[
    ("|", &["line one", "line two"]),
    ("|-", &["first", "  indented", "last"]),
    ("|+", &["kept", ""]),
    (">", &["folded", "text", "", "new paragraph"]),
    (">-", &["folded without", "a final newline"]),
    ("|", &["#!/bin/sh", "echo \"hi\" # comment", "exit 0"]),
];
/// YAML texts that Helm reads as numbers, booleans or dates.
const NOT_STRINGS: &[&str] = &[
    "yes",
    "no",
    "on",
    "off",
    "y",
    "N",
    "True",
    "0x1F",
    "0777",
    "0o17",
    "0b101",
    "1_000",
    "1e6",
    "1e21",
    "1e-7",
    "1.10",
    ".5",
    "-0",
    "+12",
    "7.",
    "08",
    "3",
    "0",
    "-5",
    "1.0",
    "12345678901234567890",
];
const ODD_SCALARS: &[&str] = &["1:20", "2001-12-14", "2001-12-14T21:59:43.10-05:00"];
const NULLS: &[&str] = &["null", "~", "Null", ""];

fn block() -> S {
    prop::sample::select(BLOCKS)
        .prop_map(|(indicator, lines)| Y::Block(indicator, lines.to_vec()))
        .boxed()
}

/// Any string, as a user might write it.
fn string() -> S {
    prop_oneof![8 => texts(STRINGS), 1 => block()].boxed()
}

/// Any scalar but null.
fn scalar() -> S {
    prop_oneof![
        5 => string(),
        4 => texts(NOT_STRINGS),
        1 => texts(ODD_SCALARS),
        1 => texts(BOOLS),
    ]
    .boxed()
}

/// The whole numbers a key usually holds, to keep cross-field checks mostly happy.
fn int_range(key: &str, parent: &str, min: i64, max: i64) -> (i64, i64) {
    let (lo, hi) = match (parent, key) {
        (_, "replicaCount") => (0, 5),
        (_, "minReplicas") => (1, 4),
        (_, "maxReplicas") => (2, 20),
        ("policies", "periodSeconds") => (1, 1800),
        (_, "timeoutSeconds") => (1, 5),
        (_, "periodSeconds") => (5, 60),
        (_, "successThreshold") => (1, 1),
        (_, "failureThreshold") => (1, 30),
        (_, "initialDelaySeconds") => (0, 60),
        (_, "nodePort") => (30000, 32767),
        (_, "port" | "containerPort") => (1, 65535),
        (_, "targetCPUUtilizationPercentage" | "targetMemoryUtilizationPercentage") => (1, 100),
        (_, "terminationGracePeriodSeconds") => (0, 120),
        (_, "stabilizationWindowSeconds") => (0, 3600),
        (_, "value") => (1, 100),
        (_, "maxSkew" | "minDomains") => (1, 3),
        (_, "runAsUser" | "runAsGroup" | "fsGroup" | "supplementalGroups") => (0, 65535),
        (_, "tolerationSeconds") => (0, 3600),
        _ => (min, min.saturating_add(100)),
    };
    (lo.max(min), hi.min(max))
}

/// A whole number written one of the ways YAML allows.
fn int_text(n: i64, style: u8) -> String {
    match style {
        0 if n > 0 => format!("0x{n:X}"),
        1 if n > 0 => format!("0{n:o}"),
        2 if n >= 10 => {
            let s = n.to_string();
            format!("{}_{}", &s[..1], &s[1..])
        }
        3 => format!("{n}.0"),
        4 if n > 0 && n % 10 == 0 => format!("{}e1", n / 10),
        5 if n >= 0 => format!("+{n}"),
        _ => n.to_string(),
    }
}

fn int(mode: Mode, place: Place, min: i64, max: i64) -> S {
    let (lo, hi) = int_range(place.key, place.parent, min, max);
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (min, max) };
    let style = prop_oneof![12 => Just(9u8), 1 => 0u8..6];
    let valid = (lo..=hi, style)
        .prop_map(|(n, style)| Y::Scalar(int_text(n, style)))
        .boxed();
    let mut invalid: Vec<String> = vec![
        "2.5".into(),
        "\"5\"".into(),
        "five".into(),
        "[]".into(),
        "true".into(),
    ];
    if min > i64::MIN / 2 {
        invalid.push((min - 1).to_string());
    }
    if max < 1 << 53 {
        invalid.push((max + 1).to_string());
    }
    let invalid = prop::sample::select(invalid).prop_map(Y::Scalar).boxed();
    noisy(mode, valid, invalid)
}

fn rule_strings(rule: &StrRule) -> (&'static [&'static str], &'static [&'static str]) {
    const LONG_LABEL: &str = "a-name-override-that-is-much-longer-than-sixty-three-characters-x-y";
    match rule.meaning {
        m if m == spec::NAME_OVERRIDE.meaning => (
            &["\"\"", "agent", "my-agent", "x", "a1-b2", LONG_LABEL],
            &["My_Agent", "-agent", "agent.", "\"a b\"", "42"],
        ),
        m if m == spec::DNS_SUBDOMAIN.meaning => (
            &[
                "api.example.com",
                "ai-agent-connector.local",
                "x.local",
                "a-b.c-d.example.org",
            ],
            &["\"\"", "\"*.example.com\"", "API.example.com", "a_b.com"],
        ),
        m if m == spec::OPTIONAL_DNS_SUBDOMAIN.meaning => (
            &["\"\"", "high-priority", "nginx", "api.example.com", "my-sa"],
            &["Nginx", "a_b", "\"-x\""],
        ),
        m if m == spec::HTTP_PATH.meaning => (
            &[
                "/",
                "/api/health",
                "/healthz",
                "/a/b-c_d",
                "\"/x:y\"",
                "/api/v1/status?full=1",
                "/ü",
            ],
            &["api", "\"/a b\"", "\"/a:\"", "\"\""],
        ),
        m if m == spec::IMAGE_REPOSITORY.meaning => (
            &[
                "nginx",
                "busybox",
                "registry.example.com/team/app",
                "localhost:5000/app",
                "ghcr.io/org/ai-agent-connector",
            ],
            &["\"\"", "\"-x\"", "\"a b\"", "Registry/App!"],
        ),
        m if m == spec::DIGEST.meaning => (
            &[
                "\"\"",
                "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
            ],
            &["sha256:xyz", "\"md5:abc\""],
        ),
        // `extraObjects`: kinds Helm installs before, among and after the
        // chart's own, and kinds it does not know (sorted by name, last).
        m if m == spec::KIND.meaning => (
            &[
                "ConfigMap",
                "Secret",
                "Service",
                "Role",
                "NetworkPolicy",
                "Deployment",
                "Job",
                "Widget",
                "ServiceMonitor",
                "AWidget",
                "ZWidget",
            ],
            &["configMap", "\"\"", "Config-Map"],
        ),
        m if m == spec::API_VERSION.meaning => (
            &[
                "v1",
                "apps/v1",
                "example.com/v1alpha1",
                "monitoring.coreos.com/v1",
            ],
            &["V1", "apps/", "\"\""],
        ),
        m if m == spec::OBJECT_NAME.meaning => (
            &["extra", "a", "z-last", "system:reader", "x.y"],
            &["\"\"", "a/b", "\"50%\""],
        ),
        _ => (&[], &[]),
    }
}

fn string_of(mode: Mode, rule: &StrRule) -> S {
    let (valid, invalid) = rule_strings(rule);
    if valid.is_empty() {
        return noisy(
            mode,
            string(),
            texts(&[
                "yes",
                "1.10",
                "123",
                "true",
                "~",
                "[a]",
                "{a: 1}",
                "\"\\x7f\"",
                "\"a\\u0085\\u009fb\"",
                "\"\\uFFFE\"",
            ]),
        );
    }
    noisy(mode, texts(valid), texts(invalid))
}

fn enumeration(mode: Mode, options: &'static [&'static str]) -> S {
    let valid = (prop::sample::select(options), any::<u8>())
        .prop_map(|(o, q)| {
            Y::Scalar(if o.is_empty() || q % 8 == 0 {
                format!("\"{o}\"")
            } else {
                o.to_string()
            })
        })
        .boxed();
    let first = options
        .iter()
        .find(|o| !o.is_empty())
        .copied()
        .unwrap_or("x");
    let invalid = prop_oneof![
        Just(Y::Scalar(first.to_lowercase())),
        Just(Y::Scalar("\"Other\"".into())),
        Just(Y::Scalar("1".into())),
    ]
    .boxed();
    noisy(mode, valid, invalid)
}

fn null() -> S {
    texts(NULLS)
}

/// Map keys the generator writes, per kind of map. `toYaml` sorts keys with
/// go-yaml v2's `keyList.Less`, a "natural" order that is not transitive for
/// some mixes of letters and digits (`x1y` < `x2` < `x10` < `x1y`): sorting such
/// keys, which Go hands over in its random map order, gives a different text
/// from one Helm run to the next, so no renderer can match Helm's bytes. The
/// pools hold no such cycle (checked, as Helm reads the keys, by
/// `generated_key_pools_sort_the_same_on_every_helm_run`); keep it that way.
pub const ENV_KEYS: &[&str] = &[
    "LOG_LEVEL",
    "FEATURE_X",
    "my.key",
    "a-b_c",
    "PORT",
    "FLASK_ENV",
    "API_TOKEN",
    "x",
    // YAML 1.1 traps as keys: plain ones are re-typed when the values
    // are read (as Helm does), quoted ones must survive the templates.
    "on",
    "\"on\"",
    "\"y\"",
    "N",
    "\"yes\"",
    "0x1F",
    "\"012\"",
    "\"-0\"",
    "\"1.10\"",
    "\"null\"",
];
pub const DICT_KEYS: &[&str] = &[
    "team",
    "example.com/owner",
    "app.kubernetes.io/part-of",
    "prometheus.io/scrape",
    "cost-center",
    "\"quoted.example.com/key\"",
    "kubernetes.io/os",
    "a",
    "yes",
    "1",
    "1.5",
    "\"on\"",
    "N",
    "0x1F",
    "\"012\"",
    "\"null\"",
];
pub const TREE_KEYS: &[&str] = &[
    "a",
    "b",
    "name",
    "key",
    "values",
    "operator",
    "x.example.com/y",
    "\"quoted key\"",
    "weight",
    "yes",
    "1",
];

fn map_keys(
    rule: Option<&StrRule>,
    place: Place,
) -> (&'static [&'static str], &'static [&'static str]) {
    if rule.is_some_and(|r| r.meaning == spec::ENV_KEY.meaning) {
        return (ENV_KEYS, &["\"bad key\"", "ключ", "\"a/b\""]);
    }
    if matches!(place.key, "limits" | "requests") {
        return (
            &["cpu", "memory", "ephemeral-storage", "nvidia.com/gpu"],
            &[],
        );
    }
    (DICT_KEYS, &["~"])
}

/// A Kubernetes subtree the chart passes through: any small tree.
fn any_tree(mode: Mode) -> S {
    let keys: &'static [&'static str] = TREE_KEYS;
    let leaf = if mode.noisy {
        prop_oneof![12 => scalar(), 2 => null(), 1 => texts(&[".inf", "-.Inf", ".nan"])].boxed()
    } else {
        prop_oneof![8 => scalar(), 1 => null()].boxed()
    };
    leaf.prop_recursive(3, 16, 3, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Y::Seq),
            prop::collection::btree_map(prop::sample::select(keys), inner, 0..3)
                .prop_map(|m| { Y::Map(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()) }),
        ]
    })
    .boxed()
}

fn object(mode: Mode, place: Place, fields: &'static [Field]) -> S {
    let optional = fields
        .iter()
        .filter(|f| !(place.in_list && f.required))
        .count()
        .max(1);
    let wanted = if place.depth == 0 { 8.0 } else { 4.0 };
    let p = (wanted / optional as f64).clamp(0.05, 0.6);
    let mut parts: Vec<BoxedStrategy<Option<(String, Y)>>> = Vec::new();
    for field in fields {
        let inner = Place {
            key: field.name,
            parent: place.key,
            in_list: false,
            depth: place.depth + 1,
        };
        let name = field.name.to_string();
        let value = strategy(mode, inner, &field.ty);
        let value = if field.required && mode.noisy && !place.in_list {
            // A null deletes the chart's default of a required key.
            prop_oneof![40 => value, 1 => null()].boxed()
        } else {
            value
        };
        let entry = value.prop_map(move |v| (name.clone(), v));
        parts.push(if place.in_list && field.required {
            if mode.noisy {
                prop::option::weighted(0.95, entry).boxed()
            } else {
                entry.prop_map(Some).boxed()
            }
        } else {
            prop::option::weighted(p, entry).boxed()
        });
    }
    if mode.noisy {
        let unknown =
            prop::sample::select(&["replicas", "enable", "extra", "Enabled", "unknownKey"][..]);
        parts.push(
            prop::option::weighted(
                0.03,
                (unknown, scalar()).prop_map(|(k, v)| (k.to_string(), v)),
            )
            .boxed(),
        );
    }
    parts
        .prop_shuffle()
        .prop_map(|entries| Y::Map(entries.into_iter().flatten().collect()))
        .boxed()
}

/// Values of type `ty`, written at `place`.
fn strategy(mode: Mode, place: Place, ty: &'static Ty) -> S {
    match ty {
        Ty::Bool => noisy(mode, texts(BOOLS), texts(NOT_BOOLS)),
        Ty::Int { min, max } => int(mode, place, *min, *max),
        // An existing Secret conflicts with secrets.create=true: mostly leave it empty.
        Ty::Str(rule) if place.key == "existingSecret" => {
            prop_oneof![2 => texts(&["\"\""]), 1 => string_of(mode, rule)].boxed()
        }
        Ty::Str(rule) => string_of(mode, rule),
        Ty::Enum(options) => enumeration(mode, options),
        Ty::IntOrPercent => noisy(
            mode,
            prop_oneof![
                3 => texts(&["0", "1", "2", "3"]),
                2 => texts(&["\"50%\"", "25%", "'100%'", "\"0%\"", "\"10%\""]),
            ]
            .boxed(),
            texts(&["-1", "\"abc\"", "1.5", "\"50\""]),
        ),
        Ty::Tag => noisy(
            mode,
            texts(&[
                "\"1.10\"",
                "latest",
                "v1.2.3",
                "1.10",
                "2",
                "\"\"",
                "1.0.0-rc.1",
                "\"3.0\"",
                "1e3",
                "0x10",
                "1.36",
            ]),
            texts(&["\"-bad\"", "\"a b\"", "true", "[]"]),
        ),
        Ty::Quantity => noisy(
            mode,
            texts(&[
                "500m", "1Gi", "2", "0.5", "\"1\"", "1e3", "100Mi", "1.5Gi", "\"250m\"", "0x10",
            ]),
            texts(&["\"1 Gi\"", "lots", "true", "\"\""]),
        ),
        Ty::Scalar => noisy(mode, scalar(), texts(&["~", "[]", "{}", ".inf", "[a, b]"])),
        // A node port needs service.type NodePort: mostly leave it null.
        Ty::Nullable(inner) if place.key == "nodePort" => {
            prop_oneof![3 => null(), 1 => strategy(mode, place, inner)].boxed()
        }
        Ty::Nullable(inner) => prop_oneof![1 => null(), 5 => strategy(mode, place, inner)].boxed(),
        // An object of `extraObjects`: its declared fields, and any others
        // (`data`, `spec`, ...), whose every trap goes through `toYaml`.
        Ty::OpenObject(fields) if place.key == "extraObjects" => {
            let rest = prop::collection::btree_map(
                prop::sample::select(&["data", "spec", "rules", "stringData", "type", "zz"][..]),
                any_tree(mode),
                0..=2,
            );
            (object(mode, place, fields), rest)
                .prop_map(|(declared, rest)| match declared {
                    Y::Map(mut entries) => {
                        entries.extend(rest.into_iter().map(|(k, v)| (k.to_string(), v)));
                        Y::Map(entries)
                    }
                    other => other,
                })
                .boxed()
        }
        Ty::Object(fields) | Ty::OpenObject(fields) => object(mode, place, fields),
        Ty::Dict(rule, item) => {
            let (keys, bad_keys) = map_keys(*rule, place);
            let key = if mode.noisy && !bad_keys.is_empty() {
                prop_oneof![20 => prop::sample::select(keys), 1 => prop::sample::select(bad_keys)]
                    .boxed()
            } else {
                prop::sample::select(keys).boxed()
            };
            let inner = Place {
                key: place.key,
                parent: place.parent,
                in_list: false,
                depth: place.depth + 1,
            };
            prop::collection::btree_map(key, strategy(mode, inner, item), 0..=3)
                .prop_map(|m: BTreeMap<&str, Y>| {
                    Y::Map(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
                })
                .boxed()
        }
        Ty::List(item) => {
            let inner = Place {
                key: place.key,
                parent: place.parent,
                in_list: true,
                depth: place.depth + 1,
            };
            prop::collection::vec(strategy(mode, inner, item), 0..=3)
                .prop_map(Y::Seq)
                .boxed()
        }
        Ty::Any => any_tree(mode),
    }
}

fn document(noisy: bool) -> S {
    strategy(
        Mode { noisy },
        Place {
            key: "",
            parent: "",
            in_list: false,
            depth: 0,
        },
        &spec::VALUES,
    )
}

/// Values files over every key of the chart's values: six in ten meant to be
/// valid, the others with a few slightly invalid values; one in ten has a second
/// YAML document (Helm 3 ignores it, Helm 4 merges it).
pub fn values_file() -> BoxedStrategy<ValuesFile> {
    let one = |noisy: bool| {
        (
            document(noisy),
            prop::option::weighted(0.1, document(noisy)),
        )
            .prop_map(|(first, second)| ValuesFile {
                documents: std::iter::once(first).chain(second).collect(),
            })
            .boxed()
    };
    prop_oneof![6 => one(false), 4 => one(true)].boxed()
}

/// Every key path of the model (`a.b`, lists as `a[]`), to check coverage.
pub fn model_keys() -> Vec<String> {
    fn walk(ty: &Ty, prefix: &str, out: &mut Vec<String>) {
        match ty {
            Ty::Object(fields) | Ty::OpenObject(fields) => {
                for f in *fields {
                    let path = if prefix.is_empty() {
                        f.name.to_string()
                    } else {
                        format!("{prefix}.{}", f.name)
                    };
                    out.push(path.clone());
                    walk(&f.ty, &path, out);
                }
            }
            Ty::Nullable(inner) => walk(inner, prefix, out),
            Ty::List(item) => walk(item, &format!("{prefix}[]"), out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&spec::VALUES, "", &mut out);
    out
}

/// The key paths a generated file sets (same form as [`model_keys`]).
pub fn keys_set(file: &ValuesFile) -> Vec<String> {
    fn walk(y: &Y, prefix: &str, out: &mut Vec<String>) {
        match y {
            Y::Map(entries) => {
                for (k, v) in entries {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    out.push(path.clone());
                    walk(v, &path, out);
                }
            }
            Y::Seq(items) => {
                for item in items {
                    walk(item, &format!("{prefix}[]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for doc in &file.documents {
        walk(doc, "", &mut out);
    }
    out
}
