//! The values tree, paths into it, source locations and diagnostics.
//!
//! The tree mirrors what Helm holds after reading values: `map[string]any`
//! with `float64` numbers from files and JSON, `int64` from `--set`, strings,
//! booleans, `nil` and `[]any`. Maps are ordered by key because Go templates
//! range over maps in sorted key order.

use std::collections::BTreeMap;
use std::fmt;

/// Deepest nesting of collections this crate builds. Helm (go-yaml v2) stops
/// at 10000 flow or indentation levels; this crate stops earlier so that no
/// recursive walk over a [`Value`] can exhaust a small (WebAssembly) stack.
pub const MAX_DEPTH: usize = 1000;

/// Largest values source this crate reads: a values file, a `--set`-style
/// expression, a `--set-file` file, the values a RenderRequest carries, and
/// all the sources of one render together. Helm has no such limit, but values
/// this large never deploy: Kubernetes stores no object over 1 MiB, and Helm
/// keeps a whole release (chart, values and manifests, gzipped) in one Secret
/// of at most 1 MiB. Refusing them up front keeps time and memory bounded
/// (reading values takes about ten times their size in memory).
pub const MAX_VALUES_BYTES: usize = 4 * 1024 * 1024;

/// A size for messages: `900 bytes`, `12.5 KiB`, `57.2 MiB`.
pub fn format_size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// The message for a values source over [`MAX_VALUES_BYTES`]; `what` names
/// the source and carries the verb (`values.yaml is`, `the flags are`).
pub(crate) fn too_large(what: &str, bytes: usize) -> String {
    format!(
        "{what} {} ({bytes} bytes); values over {} are refused: Kubernetes stores no \
         object over 1 MiB and Helm keeps the whole release in one Secret of at most 1 MiB, \
         so values this large cannot be deployed",
        format_size(bytes),
        format_size(MAX_VALUES_BYTES)
    )
}

/// A values tree node.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// YAML `null`, `~`, empty; Go `nil`.
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// An `int64`: only `--set` produces these.
    Int(i64),
    /// A `float64`: every number read from a values file or from JSON.
    Float(f64),
    /// A string.
    String(String),
    /// A list (`[]any`).
    Seq(Vec<Value>),
    /// A map (`map[string]any`), in sorted key order.
    Map(BTreeMap<String, Value>),
}

impl Value {
    /// An empty map.
    pub fn empty_map() -> Value {
        Value::Map(BTreeMap::new())
    }

    /// The map inside, if this is a map.
    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The map inside, mutably, if this is a map.
    pub fn as_map_mut(&mut self) -> Option<&mut BTreeMap<String, Value>> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Whether this is a map (a YAML "table").
    pub fn is_map(&self) -> bool {
        matches!(self, Value::Map(_))
    }

    /// Whether this is null.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The node at `path`, if any.
    pub fn get_path(&self, path: &ValuesPath) -> Option<&Value> {
        let mut cur = self;
        for seg in path.segments() {
            cur = match (seg, cur) {
                (PathSegment::Key(k), Value::Map(m)) => m.get(k)?,
                (PathSegment::Index(i), Value::Seq(s)) => s.get(*i)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    /// The Go type name Helm's error messages use for this value
    /// (`interface conversion: interface {} is string, ...`).
    pub fn go_type_name(&self) -> &'static str {
        match self {
            Value::Null => "nil",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int64",
            Value::Float(_) => "float64",
            Value::String(_) => "string",
            Value::Seq(_) => "[]interface {}",
            Value::Map(_) => "map[string]interface {}",
        }
    }

    /// The value as Go's `fmt` prints it with `%v` (what `{{ .Values.x }}`
    /// renders for scalars, and what Helm's warnings show).
    pub fn go_string(&self) -> String {
        let mut out = String::new();
        write_go_v(self, &mut out);
        out
    }
}

fn write_go_v(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&format_go_float(*f)),
        Value::String(s) => out.push_str(s),
        Value::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_go_v(item, out);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push_str("map[");
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_go_v(item, out);
            }
            out.push(']');
        }
    }
}

/// A `float64` as Go prints it with `%v` (`strconv.FormatFloat(f, 'g', -1,
/// 64)`): shortest round-trip digits, in exponent form when the decimal
/// exponent is below -4 or at least 6, e.g. `1e+06`, `1.5e-05`, `123456`.
pub fn format_go_float(f: f64) -> String {
    format_g_shortest(f, false)
}

/// `strconv.FormatFloat(f, 'g', -1, 32)`, which sigs.k8s.io/yaml uses to turn
/// float map keys into strings, with its `.inf`/`-.inf`/`.nan` renaming.
pub(crate) fn format_float_key(f: f64) -> String {
    match format_g_shortest(f, true).as_str() {
        "+Inf" => ".inf".to_string(),
        "-Inf" => "-.inf".to_string(),
        "NaN" => ".nan".to_string(),
        s => s.to_string(),
    }
}

fn format_g_shortest(f: f64, bits32: bool) -> String {
    let (is_nan, is_inf, neg, zero) = if bits32 {
        let g = f as f32;
        (g.is_nan(), g.is_infinite(), g.is_sign_negative(), g == 0.0)
    } else {
        (f.is_nan(), f.is_infinite(), f.is_sign_negative(), f == 0.0)
    };
    if is_nan {
        return "NaN".to_string();
    }
    if is_inf {
        return if neg { "-Inf" } else { "+Inf" }.to_string();
    }
    if zero {
        return if neg { "-0" } else { "0" }.to_string();
    }
    // Rust's `{:e}` prints the shortest round-tripping digits, as Go does.
    let sci = if bits32 {
        format!("{:e}", (f as f32).abs())
    } else {
        format!("{:e}", f.abs())
    };
    let (digits, exp) = split_scientific(&sci);
    let body = if !(-4..6).contains(&exp) {
        exponent_form(&digits, exp, 2)
    } else {
        fixed_form(&digits, exp)
    };
    if neg { format!("-{body}") } else { body }
}

/// The digits and the decimal exponent of the first digit of a number that
/// Rust's `{:e}` printed (`"1.2345e3"` gives `("12345", 3)`).
pub(crate) fn split_scientific(sci: &str) -> (String, i32) {
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let digits = mantissa.chars().filter(|c| *c != '.').collect();
    (digits, exp.parse().unwrap_or(0))
}

/// `d.ddde±XX`, the exponent with at least `min_exp_digits` digits (Go's `%e`
/// uses 2; `encoding/json` trims to 1).
pub(crate) fn exponent_form(digits: &str, exp: i32, min_exp_digits: usize) -> String {
    let (first, rest) = digits.split_at(1.min(digits.len()));
    let mantissa = if rest.is_empty() {
        first.to_string()
    } else {
        format!("{first}.{rest}")
    };
    let sign = if exp < 0 { '-' } else { '+' };
    format!(
        "{mantissa}e{sign}{:0width$}",
        exp.unsigned_abs(),
        width = min_exp_digits
    )
}

/// The digits in fixed notation (`ddd.ddd`, `0.000ddd` or `ddd000`).
pub(crate) fn fixed_form(digits: &str, exp: i32) -> String {
    let n = digits.len() as i32;
    if exp < 0 {
        format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
    } else if exp + 1 >= n {
        format!("{digits}{}", "0".repeat((exp + 1 - n) as usize))
    } else {
        let (int, frac) = digits.split_at((exp + 1) as usize);
        format!("{int}.{frac}")
    }
}

/// Go's `strconv.Quote` (what `%q` prints for a string).
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        push_go_escaped(&mut out, c, '"');
    }
    out.push('"');
    out
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

fn push_go_escaped(out: &mut String, c: char, quote: char) {
    match c {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        '\\' => out.push_str("\\\\"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if c.is_control() || (c.is_whitespace() && c != ' ') || c == '\u{feff}' => {
            if (c as u32) < 0x10000 {
                out.push_str(&format!("\\u{:04x}", c as u32));
            } else {
                out.push_str(&format!("\\U{:08x}", c as u32));
            }
        }
        c => out.push(c),
    }
}

/// One step of a [`ValuesPath`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathSegment {
    /// A map key.
    Key(String),
    /// A list index.
    Index(usize),
}

/// A path into a values tree, e.g. `ingress.hosts[0].paths[0].pathType`.
///
/// `Display` writes it in `--set` syntax: keys are joined by `.`, indexes are
/// `[n]`, and the characters `--set` treats specially in a key (`\ . [ = ,`)
/// are escaped with a backslash, so the text can be given back to `--set`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ValuesPath {
    segments: Vec<PathSegment>,
}

impl ValuesPath {
    /// The root path (no segments).
    pub fn root() -> ValuesPath {
        ValuesPath::default()
    }

    /// A path from segments.
    pub fn from_segments(segments: Vec<PathSegment>) -> ValuesPath {
        ValuesPath { segments }
    }

    /// The segments.
    pub fn segments(&self) -> &[PathSegment] {
        &self.segments
    }

    /// Whether this is the root path.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// Number of segments.
    pub fn len(&self) -> usize {
        self.segments.len()
    }

    /// Whether there are no segments (the root).
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// This path plus a key.
    pub fn key(&self, key: &str) -> ValuesPath {
        let mut p = self.clone();
        p.segments.push(PathSegment::Key(key.to_string()));
        p
    }

    /// This path plus an index.
    pub fn index(&self, index: usize) -> ValuesPath {
        let mut p = self.clone();
        p.segments.push(PathSegment::Index(index));
        p
    }

    /// Append a segment in place.
    pub fn push(&mut self, seg: PathSegment) {
        self.segments.push(seg);
    }

    /// Remove the last segment.
    pub fn pop(&mut self) -> Option<PathSegment> {
        self.segments.pop()
    }

    /// Whether `prefix` is this path or an ancestor of it.
    pub fn starts_with(&self, prefix: &ValuesPath) -> bool {
        self.segments.starts_with(&prefix.segments)
    }

    /// Replace the leading `from` (a prefix of this path) by `to`.
    pub(crate) fn rebase(&self, from: &ValuesPath, to: &ValuesPath) -> ValuesPath {
        let mut segments = to.segments.clone();
        segments.extend_from_slice(&self.segments[from.segments.len().min(self.segments.len())..]);
        ValuesPath { segments }
    }
}

impl fmt::Display for ValuesPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.segments.iter().enumerate() {
            match seg {
                PathSegment::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    for c in k.chars() {
                        if matches!(c, '\\' | '.' | '[' | '=' | ',') {
                            f.write_str("\\")?;
                        }
                        write!(f, "{c}")?;
                    }
                }
                PathSegment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Where a value came from: a file name as given, 1-based line and column.
/// For `--set`-style flags the source is the flag (`--set`), the line is the
/// flag's position among flags of that kind and the column the character
/// position of the key in the flag's text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file name as given (or the flag name).
    pub source: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.source, self.line, self.column)
    }
}

/// Side table from paths of a values tree to where each node was written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Locations {
    sources: Vec<String>,
    map: BTreeMap<ValuesPath, (u32, u32, u32)>,
}

impl Locations {
    /// An empty table.
    pub fn new() -> Locations {
        Locations::default()
    }

    /// Where the node at `path` was written.
    pub fn get(&self, path: &ValuesPath) -> Option<Location> {
        let &(src, line, column) = self.map.get(path)?;
        Some(Location {
            source: self.sources.get(src as usize).cloned().unwrap_or_default(),
            line,
            column,
        })
    }

    /// The location of `path` or of its nearest ancestor that has one.
    pub fn get_nearest(&self, path: &ValuesPath) -> Option<Location> {
        let mut p = path.clone();
        loop {
            if let Some(l) = self.get(&p) {
                return Some(l);
            }
            p.pop()?;
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// All entries, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&ValuesPath, Location)> + '_ {
        self.map.keys().filter_map(|p| Some((p, self.get(p)?)))
    }

    fn source_index(&mut self, source: &str) -> u32 {
        if let Some(i) = self.sources.iter().position(|s| s == source) {
            return i as u32;
        }
        self.sources.push(source.to_string());
        (self.sources.len() - 1) as u32
    }

    /// Record where `path` was written.
    pub fn insert(&mut self, path: ValuesPath, location: Location) {
        let src = self.source_index(&location.source);
        self.map.insert(path, (src, location.line, location.column));
    }

    pub(crate) fn insert_raw(&mut self, path: ValuesPath, src: u32, line: u32, column: u32) {
        self.map.insert(path, (src, line, column));
    }

    pub(crate) fn intern(&mut self, source: &str) -> u32 {
        self.source_index(source)
    }

    /// Forget `path` and everything below it.
    pub fn remove_subtree(&mut self, path: &ValuesPath) {
        let doomed: Vec<ValuesPath> = self
            .map
            .range(path.clone()..)
            .take_while(|(p, _)| p.starts_with(path))
            .map(|(p, _)| p.clone())
            .collect();
        for p in doomed {
            self.map.remove(&p);
        }
    }

    /// Add every entry of `other`, replacing entries for the same path.
    pub fn extend_from(&mut self, other: &Locations) {
        for (p, &(src, line, col)) in &other.map {
            let name = other.sources.get(src as usize).map_or("", String::as_str);
            let s = self.source_index(name);
            self.map.insert(p.clone(), (s, line, col));
        }
    }

    /// Locations for a coalesced tree: `user` first, then `defaults`.
    pub fn overlay(user: &Locations, defaults: &Locations) -> Locations {
        let mut out = defaults.clone();
        out.extend_from(user);
        out
    }
}

fn write_diag(
    f: &mut fmt::Formatter<'_>,
    location: &Option<Location>,
    path: &Option<ValuesPath>,
    message: &str,
) -> fmt::Result {
    if let Some(l) = location {
        write!(f, "{l}: ")?;
    }
    if let Some(p) = path
        && !p.is_root()
    {
        write!(f, "{p}: ")?;
    }
    f.write_str(message)
}

/// An error while reading values; `Display` gives
/// `values.yaml:3:7: image.tag: message`.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// The values path concerned, when known.
    pub path: Option<ValuesPath>,
    /// Where in which source, when known.
    pub location: Option<Location>,
    /// What went wrong.
    pub message: String,
}

impl LoadError {
    /// An error with only a message.
    pub fn msg(message: impl Into<String>) -> LoadError {
        LoadError {
            path: None,
            location: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_diag(f, &self.location, &self.path, &self.message)
    }
}

impl std::error::Error for LoadError {}

/// Something legal but probably unintended; same shape as [`LoadError`].
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// The values path concerned, when known.
    pub path: Option<ValuesPath>,
    /// Where in which source, when known.
    pub location: Option<Location>,
    /// What to look at.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_diag(f, &self.location, &self.path, &self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_float_formatting() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (1.1, "1.1"),
            (20.0, "20"),
            (123456.0, "123456"),
            (1e6, "1e+06"),
            (1234567.8, "1.2345678e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e21, "1e+21"),
            (-2.5e-7, "-2.5e-07"),
            (1e100, "1e+100"),
            (9007199254740993.0, "9.007199254740992e+15"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (f64::NAN, "NaN"),
        ];
        for (f, want) in cases {
            assert_eq!(format_go_float(*f), *want, "{f}");
        }
        assert_eq!(format_float_key(std::f64::consts::PI), "3.1415927");
        assert_eq!(format_float_key(0.1), "0.1");
        assert_eq!(format_float_key(1e300), ".inf");
        assert_eq!(format_float_key(1e7), "1e+07");
    }

    #[test]
    fn path_display() {
        let p = ValuesPath::root()
            .key("ingress")
            .key("hosts")
            .index(0)
            .key("paths")
            .index(0)
            .key("pathType");
        assert_eq!(p.to_string(), "ingress.hosts[0].paths[0].pathType");
        let p = ValuesPath::root().key("a.b").key("c=d,e[f]\\");
        assert_eq!(p.to_string(), "a\\.b.c\\=d\\,e\\[f]\\\\");
        assert_eq!(ValuesPath::root().index(2).key("x").to_string(), "[2].x");
    }

    #[test]
    fn go_v_and_quote() {
        let mut m = BTreeMap::new();
        m.insert("b".to_string(), Value::Float(1e6));
        m.insert(
            "a".to_string(),
            Value::Seq(vec![Value::Null, Value::Int(3)]),
        );
        assert_eq!(Value::Map(m).go_string(), "map[a:[<nil> 3] b:1e+06]");
        assert_eq!(go_quote("a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(go_quote_runes("x'"), "['x' '\\'']");
    }

    #[test]
    fn locations_subtree() {
        let mut l = Locations::new();
        let loc = |line| Location {
            source: "v.yaml".into(),
            line,
            column: 1,
        };
        l.insert(ValuesPath::root().key("a"), loc(1));
        l.insert(ValuesPath::root().key("a").key("b"), loc(2));
        l.insert(ValuesPath::root().key("a").index(0), loc(3));
        l.insert(ValuesPath::root().key("ab"), loc(4));
        l.remove_subtree(&ValuesPath::root().key("a"));
        assert_eq!(l.len(), 1);
        assert_eq!(l.get(&ValuesPath::root().key("ab")), Some(loc(4)));
        assert_eq!(
            l.get_nearest(&ValuesPath::root().key("ab").key("zz")),
            Some(loc(4))
        );
    }
}
