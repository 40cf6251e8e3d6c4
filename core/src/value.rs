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

    /// The node at `path`, if any, to change.
    pub fn get_path_mut(&mut self, path: &ValuesPath) -> Option<&mut Value> {
        let mut cur = self;
        for seg in path.segments() {
            cur = match (seg, cur) {
                (PathSegment::Key(k), Value::Map(m)) => m.get_mut(k)?,
                (PathSegment::Index(i), Value::Seq(s)) => s.get_mut(*i)?,
                _ => return None,
            };
        }
        Some(cur)
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
        crate::go::fmt::write_go_v(self, &mut out);
        out
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

/// Where one node was written: source index, line, column.
type At = (u32, u32, u32);

/// One node of a [`Locations`] tree: where the node was written (and, for a
/// map entry read from a file, where its key was written), and its children.
/// The tree has the values tree's shape, so recording, merging and dropping
/// locations costs a step per node, never a path.
#[derive(Debug, Clone, Default)]
pub(crate) struct LocNode {
    at: Option<At>,
    /// Line and column of the key, for a map entry (same source as `at`).
    key_at: Option<(u32, u32)>,
    keys: BTreeMap<String, LocNode>,
    items: BTreeMap<usize, LocNode>,
}

impl LocNode {
    /// A node written at `line`:`col` of source 0 (the decoder's own source).
    pub(crate) fn at(line: u32, col: u32) -> LocNode {
        LocNode {
            at: Some((0, line, col)),
            key_at: None,
            keys: BTreeMap::new(),
            items: BTreeMap::new(),
        }
    }

    /// Record where this node's key was written.
    pub(crate) fn set_key_at(&mut self, line: u32, col: u32) {
        self.key_at = Some((line, col));
    }

    /// Say this node was written at `line`:`col` of source 0 (an alias
    /// standing for a copied node); its children stay.
    pub(crate) fn relocate(&mut self, line: u32, col: u32) {
        self.at = Some((0, line, col));
        self.key_at = None;
    }

    /// Forget where this node itself was written (its children stay).
    pub(crate) fn clear_at(&mut self) {
        self.at = None;
        self.key_at = None;
    }

    /// Add children for map keys, given in sorted key order.
    pub(crate) fn set_keys(&mut self, children: Vec<(String, LocNode)>) {
        if self.keys.is_empty() {
            self.keys = children.into_iter().collect();
        } else {
            self.keys.extend(children);
        }
    }

    /// Add a list item's child (replacing one for the same index).
    pub(crate) fn set_item(&mut self, index: usize, child: LocNode) {
        self.items.insert(index, child);
    }

    /// Take the child for a map key, if any.
    pub(crate) fn take_key(&mut self, key: &str) -> Option<LocNode> {
        self.keys.remove(key)
    }

    /// The children for map keys (a merge walks them beside the values).
    pub(crate) fn keys_mut(&mut self) -> &mut BTreeMap<String, LocNode> {
        &mut self.keys
    }

    /// Number of located nodes in this subtree.
    pub(crate) fn count(&self) -> usize {
        usize::from(self.at.is_some())
            + self.keys.values().map(LocNode::count).sum::<usize>()
            + self.items.values().map(LocNode::count).sum::<usize>()
    }

    fn is_empty(&self) -> bool {
        self.at.is_none() && self.keys.is_empty() && self.items.is_empty()
    }

    fn child(&self, seg: &PathSegment) -> Option<&LocNode> {
        match seg {
            PathSegment::Key(k) => self.keys.get(k),
            PathSegment::Index(i) => self.items.get(i),
        }
    }

    fn child_mut(&mut self, seg: &PathSegment) -> Option<&mut LocNode> {
        match seg {
            PathSegment::Key(k) => self.keys.get_mut(k),
            PathSegment::Index(i) => self.items.get_mut(i),
        }
    }

    fn child_or_make(&mut self, seg: &PathSegment) -> &mut LocNode {
        match seg {
            PathSegment::Key(k) => self.keys.entry(k.clone()).or_default(),
            PathSegment::Index(i) => self.items.entry(*i).or_default(),
        }
    }

    fn remove_child(&mut self, seg: &PathSegment) {
        match seg {
            PathSegment::Key(k) => self.keys.remove(k),
            PathSegment::Index(i) => self.items.remove(i),
        };
    }

    fn find(&self, path: &ValuesPath) -> Option<&LocNode> {
        let mut cur = self;
        for seg in path.segments() {
            cur = cur.child(seg)?;
        }
        Some(cur)
    }

    fn find_or_make(&mut self, path: &ValuesPath) -> &mut LocNode {
        let mut cur = self;
        for seg in path.segments() {
            cur = cur.child_or_make(seg);
        }
        cur
    }

    /// Lay `other` over this node: every located node of `other` replaces
    /// this tree's location for the same path; sources are renumbered by `map`.
    fn overlay(&mut self, other: &LocNode, map: &[u32]) {
        if let Some((src, line, col)) = other.at {
            self.at = Some((map[src as usize], line, col));
            self.key_at = other.key_at;
        }
        LocNode::overlay_children(&mut self.keys, &other.keys, map);
        LocNode::overlay_children(&mut self.items, &other.items, map);
    }

    /// [`LocNode::overlay`] for each child of `other` (map keys or list indexes).
    fn overlay_children<K: Ord + Clone>(
        mine: &mut BTreeMap<K, LocNode>,
        other: &BTreeMap<K, LocNode>,
        map: &[u32],
    ) {
        for (at, child) in other {
            match mine.get_mut(at) {
                Some(node) => node.overlay(child, map),
                None => {
                    let mut fresh = child.clone();
                    fresh.renumber(map);
                    mine.insert(at.clone(), fresh);
                }
            }
        }
    }

    /// The same tree with every source index renumbered by `map`.
    fn renumber(&mut self, map: &[u32]) {
        if let Some(at) = &mut self.at {
            at.0 = map[at.0 as usize];
        }
        if map.iter().enumerate().all(|(i, &m)| i as u32 == m) {
            return;
        }
        for child in self.keys.values_mut().chain(self.items.values_mut()) {
            child.renumber(map);
        }
    }

    /// Drop the subtrees of this (defaults') tree that `user` replaced: every
    /// node `user` locates whose value in `merged` is not a map. One step per
    /// node of `user`, beside the values.
    fn drop_replaced(&mut self, user: &LocNode, merged: Option<&Value>) {
        LocNode::drop_replaced_children(&mut self.keys, &user.keys, |key| match merged {
            Some(Value::Map(m)) => m.get(key),
            _ => None,
        });
        LocNode::drop_replaced_children(&mut self.items, &user.items, |index| match merged {
            Some(Value::Seq(s)) => s.get(*index),
            _ => None,
        });
    }

    /// [`LocNode::drop_replaced`] for each child of `user` (map keys or list
    /// indexes), `merged_child` giving the merged value of each.
    fn drop_replaced_children<'v, K: Ord>(
        mine: &mut BTreeMap<K, LocNode>,
        user: &BTreeMap<K, LocNode>,
        merged_child: impl Fn(&K) -> Option<&'v Value>,
    ) {
        for (at, child) in user {
            let value = merged_child(at);
            if child.at.is_some() && !matches!(value, Some(Value::Map(_))) {
                mine.remove(at);
            } else if let Some(node) = mine.get_mut(at) {
                node.drop_replaced(child, value);
            }
        }
    }

    fn walk<'a>(&'a self, path: &mut ValuesPath, out: &mut Vec<(ValuesPath, &'a LocNode)>) {
        if self.at.is_some() {
            out.push((path.clone(), self));
        }
        for (key, child) in &self.keys {
            path.push(PathSegment::Key(key.clone()));
            child.walk(path, out);
            path.pop();
        }
        for (index, child) in &self.items {
            path.push(PathSegment::Index(*index));
            child.walk(path, out);
            path.pop();
        }
    }
}

/// Side table from paths of a values tree to where each node was written:
/// a tree of the values tree's shape (see `LocNode`).
#[derive(Debug, Clone, Default)]
pub struct Locations {
    sources: Vec<String>,
    root: LocNode,
}

impl PartialEq for Locations {
    fn eq(&self, other: &Locations) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Locations {
    /// An empty table.
    pub fn new() -> Locations {
        Locations::default()
    }

    /// A table for one source whose tree was built with source index 0.
    pub(crate) fn from_tree(source: &str, root: LocNode) -> Locations {
        Locations {
            sources: vec![source.to_string()],
            root,
        }
    }

    /// The tree, mutably (for merges that walk it beside the values).
    pub(crate) fn root_mut(&mut self) -> &mut LocNode {
        &mut self.root
    }

    fn location(&self, (src, line, column): At) -> Location {
        Location {
            source: self.sources.get(src as usize).cloned().unwrap_or_default(),
            line,
            column,
        }
    }

    /// Where the node at `path` was written.
    pub fn get(&self, path: &ValuesPath) -> Option<Location> {
        Some(self.location(self.root.find(path)?.at?))
    }

    /// The location of `path` or of its nearest ancestor that has one.
    pub fn get_nearest(&self, path: &ValuesPath) -> Option<Location> {
        self.nearest(path, false)
    }

    /// Where the key of the map entry at `path` was written (for messages
    /// about the key itself, e.g. an unknown key), else as [`Self::get_nearest`].
    pub fn get_key_nearest(&self, path: &ValuesPath) -> Option<Location> {
        self.nearest(path, true)
    }

    fn nearest(&self, path: &ValuesPath, key: bool) -> Option<Location> {
        let mut cur = &self.root;
        let mut best = cur.at;
        let mut complete = true;
        for seg in path.segments() {
            match cur.child(seg) {
                Some(child) => {
                    cur = child;
                    if cur.at.is_some() {
                        best = cur.at;
                    }
                }
                None => {
                    complete = false;
                    break;
                }
            }
        }
        if key
            && complete
            && let (Some((src, _, _)), Some((line, col))) = (cur.at, cur.key_at)
        {
            return Some(self.location((src, line, col)));
        }
        best.map(|at| self.location(at))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.root.count()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.root.is_empty()
    }

    /// All entries, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (ValuesPath, Location)> + '_ {
        let mut nodes = Vec::new();
        self.root.walk(&mut ValuesPath::root(), &mut nodes);
        nodes
            .into_iter()
            .filter_map(|(p, n)| Some((p, self.location(n.at?))))
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
        let node = self.root.find_or_make(&path);
        node.at = Some((src, location.line, location.column));
        node.key_at = None;
    }

    /// Forget `path` and everything below it.
    pub fn remove_subtree(&mut self, path: &ValuesPath) {
        let Some((last, parent)) = path.segments().split_last() else {
            self.root = LocNode::default();
            return;
        };
        let mut cur = &mut self.root;
        for seg in parent {
            match cur.child_mut(seg) {
                Some(child) => cur = child,
                None => return,
            }
        }
        cur.remove_child(last);
    }

    fn source_map(&mut self, other: &Locations) -> Vec<u32> {
        other
            .sources
            .iter()
            .map(|name| self.source_index(name))
            .collect()
    }

    /// Add every entry of `other`, replacing entries for the same path.
    pub fn extend_from(&mut self, other: &Locations) {
        let map = self.source_map(other);
        if self.root.is_empty() {
            let mut tree = other.root.clone();
            tree.renumber(&map);
            self.root = tree;
        } else {
            self.root.overlay(&other.root, &map);
        }
    }

    /// [`Self::extend_from`] for a table no longer needed: takes its tree
    /// instead of copying it when this table is empty.
    pub(crate) fn extend_from_owned(&mut self, mut other: Locations) {
        let map = self.source_map(&other);
        if self.root.is_empty() {
            other.root.renumber(&map);
            self.root = other.root;
        } else {
            self.root.overlay(&other.root, &map);
        }
    }

    /// Forget every subtree that `user` replaced in `merged` (values laid over
    /// this table's): each path `user` locates whose merged value is not a map.
    pub fn drop_replaced(&mut self, user: &Locations, merged: &Value) {
        if user.root.at.is_some() && !merged.is_map() {
            self.root = LocNode::default();
        } else {
            self.root.drop_replaced(&user.root, Some(merged));
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
    /// What kind of problem it is.
    pub kind: crate::diagnostics::Kind,
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
