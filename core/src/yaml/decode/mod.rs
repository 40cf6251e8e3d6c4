//! go-yaml v2's decoder as `sigs.k8s.io/yaml.Unmarshal` drives it: the
//! events of one YAML document to a [`Value`] (strings as map keys, numbers
//! as JSON numbers), with where each node was written, merge keys, aliases
//! (with go-yaml's alias-expansion limits) and warnings about text YAML 1.1
//! reads unlike YAML 1.2.

// foldhash: a map lookup per key of a values file; SipHash was 4% of a large render.
use foldhash::HashMap;
use foldhash::HashMapExt;

mod maps;
mod scalars;

use super::resolve::{Scalar, plain_is_string, resolve};
use crate::diagnostics::Kind as DiagnosticKind;
use crate::go::strconv::{format_float_key, format_go_float};
use crate::value::{
    LoadError, LocNode, Location, Locations, MAX_DEPTH, Value, ValuesPath, Warning,
};
use aac_libyaml as libyaml;
use aac_libyaml::MERGE_TAG;
use libyaml::{Event, EventData, Mark, Parser, ScalarStyle};

/// The path a nesting error names: the first few segments of the path where
/// the limit is reached (the whole path is a thousand segments long and says
/// nothing more).
fn nesting_path(path: ValuesPath) -> ValuesPath {
    const SHOWN: usize = 8;
    if path.len() <= SHOWN {
        path
    } else {
        ValuesPath::from_segments(path.segments()[..SHOWN].to_vec())
    }
}

// ---------------------------------------------------------------------------
// Scalar resolution: go-yaml v2 `resolve.go` and `decode.go` (`scalar`).

// ---------------------------------------------------------------------------
// Document decoding.

/// Hashable identity of a map key (a [`Scalar`], as go-yaml v2 holds it in
/// `map[interface{}]interface{}`) with Go's `==` (NaN never equal).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeyId {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(u64),
    Nan(u64),
    Str(String),
}

impl Scalar {
    fn into_id(self, nan_counter: &mut u64) -> KeyId {
        match self {
            Scalar::Null => KeyId::Null,
            Scalar::Bool(b) => KeyId::Bool(b),
            Scalar::Int(i) => KeyId::Int(i),
            Scalar::Uint(u) => KeyId::Uint(u),
            Scalar::Float(f) if f.is_nan() => {
                *nan_counter += 1;
                KeyId::Nan(*nan_counter)
            }
            Scalar::Float(f) => KeyId::Float(if f == 0.0 { 0 } else { f.to_bits() }),
            Scalar::Str(s) => KeyId::Str(s),
        }
    }

    /// sigs.k8s.io/yaml `convertToJSONableObject`: the key as a JSON string.
    fn to_json_key(&self) -> Result<String, String> {
        match self {
            Scalar::Str(s) => Ok(s.clone()),
            Scalar::Int(i) => Ok(i.to_string()),
            Scalar::Float(f) => Ok(format_float_key(*f)),
            Scalar::Bool(b) => Ok(b.to_string()),
            Scalar::Null => Err(
                "error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>"
                    .to_string(),
            ),
            Scalar::Uint(u) => Err(format!(
                "error converting YAML to JSON: unsupported map key of type: uint64, key: 0x{u:x}"
            )),
        }
    }
}

/// Where a decoded node and everything below it were written.
type LocRec = LocNode;

/// One YAML document read, and what the reading found.
pub(crate) struct DecodedDocument {
    /// The value and where each node of it was written.
    pub result: Result<(Value, Locations), Vec<LoadError>>,
    /// Legal but probably unintended content.
    pub warnings: Vec<Warning>,
    /// Whether the text goes on with another document after this one.
    pub more_documents: bool,
}

/// Decodes the first YAML document of `text`, a part of `source_name` that
/// starts at its 0-based line `first_line`.
pub(crate) fn decode_document(source_name: &str, first_line: u32, text: &str) -> DecodedDocument {
    let mut dec = DocDecoder::new(source_name, first_line);
    let result = dec
        .decode_first_document(text)
        .map(|(v, locs)| (v, Locations::from_tree(source_name, locs)));
    DecodedDocument {
        result,
        warnings: dec.warnings,
        more_documents: dec.more_documents,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    Seq,
    Map,
}

#[derive(Debug, Clone)]
struct AnchorDone {
    value: Value,
    key: Option<Scalar>,
    kind: Kind,
    count: u64,
    height: usize,
    /// Located nodes in `locs`.
    located: usize,
    locs: LocRec,
}

#[derive(Debug)]
enum AnchorState {
    InProgress(u64),
    Done(Box<AnchorDone>),
}

struct MapEntry {
    /// The key as a JSON string (`to_json_key`), or why it cannot be one.
    json_key: Result<String, String>,
    value: Value,
    locs: LocRec,
    from_merge: bool,
    key_line: u32,
    key_col: u32,
}

enum Pending {
    Key,
    Value {
        key: Scalar,
        json_key: Result<String, String>,
        line: u32,
        col: u32,
    },
    MergeValue,
}

enum FrameKind {
    Seq(Vec<Value>),
    Map {
        entries: Vec<MapEntry>,
        index: HashMap<KeyId, usize>,
        pending: Pending,
    },
    /// A sequence given as the value of `<<`.
    MergeSeq(Vec<(Value, LocRec)>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Root,
    Item,
    Key,
    MapValue,
    MergeValue,
    MergeItem,
}

struct Frame {
    kind: FrameKind,
    role: Role,
    path: ValuesPath,
    anchor: Option<(String, u64)>,
    start_count: u64,
    height: usize,
    line: u32,
    col: u32,
    locs: LocRec,
}

/// A finished node handed to its parent.
struct Done {
    value: Value,
    key: Option<Scalar>,
    kind: Kind,
    height: usize,
    locs: LocRec,
    line: u32,
    col: u32,
}

/// Most locations recorded for nodes copied by aliases; beyond this only the
/// alias itself is located (keeps hostile inputs from costing much memory).
const MAX_ALIAS_LOCATIONS: usize = 200_000;

struct DocDecoder<'a> {
    source: &'a str,
    line_offset: u32,
    anchors: HashMap<String, AnchorState>,
    next_id: u64,
    decode_count: u64,
    alias_count: u64,
    alias_locs: usize,
    nan_counter: u64,
    stack: Vec<Frame>,
    /// go-yaml decoding error: the first one wins, unless a syntax error
    /// comes later in the document (go-yaml parses before decoding).
    fatal: Option<LoadError>,
    /// sigs.k8s.io/yaml key conversion errors.
    key_errors: Vec<LoadError>,
    /// encoding/json marshal errors (NaN, infinities).
    json_errors: Vec<LoadError>,
    warnings: Vec<Warning>,
    result: Option<Done>,
    more_documents: bool,
    /// Stop reading at once (this crate's own nesting limit, not a Helm
    /// error: no need to look further for a syntax error Helm would report).
    abort: bool,
}

fn allowed_alias_ratio(decode_count: u64) -> f64 {
    const LOW: u64 = 400_000;
    const HIGH: u64 = 4_000_000;
    if decode_count <= LOW {
        0.99
    } else if decode_count >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((decode_count - LOW) as f64 / (HIGH - LOW) as f64)
    }
}

impl<'a> DocDecoder<'a> {
    fn new(source: &'a str, line_offset: u32) -> DocDecoder<'a> {
        DocDecoder {
            source,
            line_offset,
            anchors: HashMap::new(),
            next_id: 0,
            decode_count: 0,
            alias_count: 0,
            alias_locs: 0,
            nan_counter: 0,
            stack: Vec::new(),
            fatal: None,
            key_errors: Vec::new(),
            json_errors: Vec::new(),
            warnings: Vec::new(),
            result: None,
            more_documents: false,
            abort: false,
        }
    }

    fn line_col(&self, mark: Mark) -> (u32, u32) {
        (
            u32::try_from(mark.line)
                .unwrap_or(u32::MAX)
                .saturating_add(1)
                .saturating_add(self.line_offset),
            u32::try_from(mark.column)
                .unwrap_or(u32::MAX)
                .saturating_add(1),
        )
    }

    fn location(&self, line: u32, col: u32) -> Location {
        Location {
            source: self.source.to_string(),
            line,
            column: col,
        }
    }

    fn error_at(&self, path: Option<ValuesPath>, line: u32, col: u32, msg: String) -> LoadError {
        LoadError {
            path,
            location: Some(self.location(line, col)),
            message: msg,
        }
    }

    fn warn(&mut self, path: Option<ValuesPath>, at: Option<(u32, u32)>, message: String) {
        self.warn_of(DiagnosticKind::Suspicious, path, at, message);
    }

    fn warn_of(
        &mut self,
        kind: DiagnosticKind,
        path: Option<ValuesPath>,
        at: Option<(u32, u32)>,
        message: String,
    ) {
        let location = at.map(|(l, c)| self.location(l, c));
        self.warnings.push(Warning {
            path,
            location,
            message,
            kind,
        });
    }

    /// `<<` at `path` is given something other than a map or a list of maps
    /// (go-yaml's error).
    fn merge_of_no_map(&mut self, path: ValuesPath, line: u32, col: u32) {
        self.set_fatal(
            Some(path),
            line,
            col,
            "yaml: map merge requires map or sequence of maps as the value".to_string(),
        );
    }

    /// The value at `path` is nested deeper than [`MAX_DEPTH`]: the load stops there.
    fn too_deep(&mut self, path: ValuesPath, line: u32, col: u32) {
        self.set_fatal(
            Some(nesting_path(path)),
            line,
            col,
            format!("values nested more than {MAX_DEPTH} levels deep are not supported"),
        );
        self.abort = true;
    }

    fn set_fatal(&mut self, path: Option<ValuesPath>, line: u32, col: u32, msg: String) {
        if self.fatal.is_none() {
            self.fatal = Some(self.error_at(path, line, col, msg));
        }
    }

    fn syntax_error(&self, err: &libyaml::Error, text: &str) -> LoadError {
        let (line, col) = if let Some(m) = err.problem_mark() {
            self.line_col(m)
        } else if let Some(off) = err.reader_offset() {
            // The offset counts bytes after the byte order mark, which the
            // scanner skips (`set_input_str`).
            let body = text.strip_prefix('\u{feff}').unwrap_or(text);
            let before = body.get(..off).unwrap_or(body);
            let line = before.matches('\n').count() as u32;
            let col = before
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count() as u32);
            (line + 1 + self.line_offset, col + 1)
        } else {
            (1 + self.line_offset, 1)
        };
        let mut msg = format!("yaml: {}", err.problem());
        if let (Some(ctx), Some(m)) = (err.context(), err.context_mark()) {
            let (cl, cc) = self.line_col(m);
            msg.push_str(&format!(" ({ctx} at line {cl}, column {cc})"));
        }
        self.error_at(None, line, col, msg)
    }

    /// Count one go-yaml `unmarshal` call and apply its alias-ratio check.
    fn count(&mut self, n: u64, aliased: bool, line: u32, col: u32) {
        self.decode_count += n;
        if aliased {
            self.alias_count += n;
        }
        if self.alias_count > 100
            && self.decode_count > 1000
            && self.alias_count as f64 / self.decode_count as f64
                > allowed_alias_ratio(self.decode_count)
        {
            self.set_fatal(
                None,
                line,
                col,
                "yaml: document contains excessive aliasing".to_string(),
            );
        }
    }

    /// Decode the first YAML document of `text` as `sigs.k8s.io/yaml`
    /// `Unmarshal` into `map[string]any` does.
    fn decode_first_document(&mut self, text: &str) -> Result<(Value, LocRec), Vec<LoadError>> {
        let mut parser = Parser::new();
        parser.set_input_str(text);
        loop {
            let event = match parser.parse() {
                Ok(ev) => ev,
                Err(e) => return Err(vec![self.syntax_error(&e, text)]),
            };
            match event.data {
                EventData::StreamStart { .. } => {}
                EventData::StreamEnd => break,
                EventData::DocumentStart { .. } => self.decode_count += 1,
                EventData::DocumentEnd { .. } => {
                    // go-yaml reads no further; peek whether more follows.
                    if let Ok(next) = parser.parse() {
                        self.more_documents = matches!(next.data, EventData::DocumentStart { .. });
                    }
                    break;
                }
                _ => {
                    if self.fatal.is_none()
                        && let Err(e) = self.on_node_event(event)
                    {
                        return Err(vec![e]);
                    }
                    if self.abort {
                        break;
                    }
                }
            }
        }
        if let Some(f) = self.fatal.take() {
            return Err(vec![f]);
        }
        if !self.key_errors.is_empty() {
            return Err(std::mem::take(&mut self.key_errors));
        }
        if !self.json_errors.is_empty() {
            return Err(std::mem::take(&mut self.json_errors));
        }
        match self.result.take() {
            None => Ok((Value::empty_map(), LocRec::default())),
            Some(done) => match done.value {
                Value::Map(_) => Ok((done.value, done.locs)),
                Value::Null => Ok((Value::empty_map(), LocRec::default())),
                other => {
                    let (what, a_what) = match other {
                        Value::Seq(_) => ("array", "a list"),
                        Value::String(_) => ("string", "a string"),
                        Value::Bool(_) => ("bool", "a boolean"),
                        _ => ("number", "a number"),
                    };
                    Err(vec![self.error_at(
                        None,
                        done.line,
                        done.col,
                        format!(
                            "a values file must be a map of keys to values, this one is \
                             {a_what} (Helm: error unmarshaling JSON: while decoding JSON: json: \
                             cannot unmarshal {what} into Go value of type map[string]interface {{}})"
                        ),
                    )])
                }
            },
        }
    }

    /// Role of a node about to start, from the parent frame.
    fn child_role(&self) -> Role {
        match self.stack.last() {
            None => Role::Root,
            Some(f) => match &f.kind {
                FrameKind::Seq(_) => Role::Item,
                FrameKind::MergeSeq(_) => Role::MergeItem,
                FrameKind::Map { pending, .. } => match pending {
                    Pending::Key => Role::Key,
                    Pending::Value { .. } => Role::MapValue,
                    Pending::MergeValue => Role::MergeValue,
                },
            },
        }
    }

    /// Path of a node about to start (built only when needed: for
    /// messages, and once per collection).
    fn child_path(&self) -> ValuesPath {
        match self.stack.last() {
            None => ValuesPath::root(),
            Some(f) => match &f.kind {
                FrameKind::Seq(items) => f.path.index(items.len()),
                FrameKind::Map {
                    pending: Pending::Value { json_key, .. },
                    ..
                } => f.path.key(json_key.as_deref().unwrap_or_default()),
                _ => f.path.clone(),
            },
        }
    }

    fn register_anchor(&mut self, anchor: Option<String>) -> Option<(String, u64)> {
        let name = anchor?;
        self.next_id += 1;
        let id = self.next_id;
        self.anchors
            .insert(name.clone(), AnchorState::InProgress(id));
        Some((name, id))
    }

    fn finish_anchor(&mut self, anchor: Option<(String, u64)>, done: &Done, count: u64) {
        let Some((name, id)) = anchor else { return };
        if matches!(self.anchors.get(&name), Some(AnchorState::InProgress(i)) if *i == id) {
            self.anchors.insert(
                name,
                AnchorState::Done(Box::new(AnchorDone {
                    value: done.value.clone(),
                    key: done.key.clone(),
                    kind: done.kind,
                    count,
                    height: done.height,
                    located: done.locs.count(),
                    locs: done.locs.clone(),
                })),
            );
        }
    }

    fn on_node_event(&mut self, event: Event) -> Result<(), LoadError> {
        let (line, col) = self.line_col(event.start_mark);
        match event.data {
            EventData::Alias { anchor } => self.on_alias(anchor, line, col),
            EventData::Scalar {
                anchor,
                tag,
                value,
                plain_implicit,
                style,
                ..
            } => {
                self.on_scalar(anchor, tag, value, plain_implicit, style, line, col);
                Ok(())
            }
            EventData::SequenceStart { anchor, .. } => {
                self.on_collection_start(anchor, false, line, col);
                Ok(())
            }
            EventData::MappingStart { anchor, .. } => {
                self.on_collection_start(anchor, true, line, col);
                Ok(())
            }
            EventData::SequenceEnd | EventData::MappingEnd => {
                self.on_collection_end();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn on_collection_start(&mut self, anchor: Option<String>, is_map: bool, line: u32, col: u32) {
        let role = self.child_role();
        let path = self.child_path();
        if self.stack.len() >= MAX_DEPTH {
            self.too_deep(path, line, col);
            return;
        }
        if role == Role::Key {
            let what = if is_map {
                "map[interface {}]interface {}"
            } else {
                "[]interface {}"
            };
            self.set_fatal(
                Some(path),
                line,
                col,
                format!("yaml: invalid map key: {what}{{...}}"),
            );
            return;
        }
        let merge_seq = !is_map && role == Role::MergeValue;
        if (role == Role::MergeItem && !is_map)
            || (role == Role::MergeValue && !is_map && !merge_seq)
        {
            self.merge_of_no_map(path, line, col);
            return;
        }
        let anchor = self.register_anchor(anchor);
        let start_count = self.decode_count;
        if !merge_seq {
            self.count(1, false, line, col);
        }
        let kind = if merge_seq {
            FrameKind::MergeSeq(Vec::new())
        } else if is_map {
            FrameKind::Map {
                entries: Vec::new(),
                index: HashMap::new(),
                pending: Pending::Key,
            }
        } else {
            FrameKind::Seq(Vec::new())
        };
        let locs = if matches!(role, Role::MergeValue | Role::MergeItem) {
            LocRec::default()
        } else {
            LocRec::at(line, col)
        };
        self.stack.push(Frame {
            kind,
            role,
            path,
            anchor,
            start_count,
            height: 0,
            line,
            col,
            locs,
        });
    }

    fn on_collection_end(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let count = self.decode_count - frame.start_count;
        let (value, mut locs, kind) = match frame.kind {
            FrameKind::Seq(items) => (Value::Seq(items), frame.locs, Kind::Seq),
            FrameKind::MergeSeq(maps) => {
                // go-yaml v2 merges the listed maps last to first.
                if let Some(Frame {
                    kind: FrameKind::Map { pending, .. },
                    ..
                }) = self.stack.last_mut()
                {
                    *pending = Pending::Key;
                }
                for (m, mlocs) in maps.into_iter().rev() {
                    self.apply_merge(m, mlocs, frame.line, frame.col);
                }
                return;
            }
            FrameKind::Map { entries, .. } => {
                let mut locs = frame.locs;
                let map = self.finish_map(entries, &frame.path, &mut locs);
                (Value::Map(map), locs, Kind::Map)
            }
        };
        let done = Done {
            value,
            key: None,
            kind,
            height: frame.height + 1,
            locs: std::mem::take(&mut locs),
            line: frame.line,
            col: frame.col,
        };
        self.finish_anchor(frame.anchor, &done, count);
        self.deliver(frame.role, done);
    }

    fn on_alias(&mut self, name: String, line: u32, col: u32) -> Result<(), LoadError> {
        let role = self.child_role();
        let path = self.child_path();
        let target = match self.anchors.get(&name) {
            None => {
                return Err(self.error_at(
                    Some(path),
                    line,
                    col,
                    format!("yaml: unknown anchor '{name}' referenced"),
                ));
            }
            Some(AnchorState::InProgress(_)) => {
                self.set_fatal(
                    Some(path),
                    line,
                    col,
                    format!("yaml: anchor '{name}' value contains itself"),
                );
                return Ok(());
            }
            Some(AnchorState::Done(d)) => (d.count, d.kind, d.height),
        };
        let (count, kind, height) = target;
        self.count(1, false, line, col);
        self.count(count, true, line, col);
        if self.fatal.is_some() {
            return Ok(());
        }
        if self.stack.len() + height > MAX_DEPTH {
            self.too_deep(path, line, col);
            return Ok(());
        }
        match role {
            Role::Key if kind != Kind::Scalar => {
                self.set_fatal(
                    Some(path),
                    line,
                    col,
                    "yaml: invalid map key: an alias of a collection".to_string(),
                );
                return Ok(());
            }
            Role::MergeValue | Role::MergeItem if kind != Kind::Map => {
                self.set_fatal(
                    Some(path),
                    line,
                    col,
                    "yaml: map merge requires map or sequence of maps as the value".to_string(),
                );
                return Ok(());
            }
            _ => {}
        }
        let Some(AnchorState::Done(d)) = self.anchors.get(&name) else {
            return Ok(());
        };
        let room = MAX_ALIAS_LOCATIONS.saturating_sub(self.alias_locs);
        let merged_into_parent = matches!(role, Role::MergeValue | Role::MergeItem);
        let locs = if role == Role::Key {
            LocRec::default()
        } else if d.located <= room {
            self.alias_locs += d.located;
            let mut locs = d.locs.clone();
            // The alias itself stands for the anchored node; merged
            // content keeps only the anchored map's entries.
            if merged_into_parent {
                locs.clear_at();
            } else {
                locs.relocate(line, col);
            }
            locs
        } else if merged_into_parent {
            LocRec::default()
        } else {
            LocRec::at(line, col)
        };
        let done = Done {
            value: d.value.clone(),
            key: d.key.clone(),
            kind,
            height,
            locs,
            line,
            col,
        };
        self.deliver(role, done);
        Ok(())
    }
}
