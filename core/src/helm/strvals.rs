//! `--set`, `--set-string`, `--set-json`, `--set-file` and `--set-literal`:
//! a port of Helm's `pkg/strvals` (`parser.go`, `literal_parser.go`), which
//! is the same in Helm 3.17 and 4.1 apart from how a truncated index
//! (`a[1`) ends: Helm 3 reports `error parsing index: EOF`, Helm 4 wraps the
//! `EOF` with `%w` and so treats it as the end of the input (no error, the
//! key is not set).
//!
//! Syntax, as Helm has it: `a.b=c,d=e`; `a[0].b=x` (missing list items up
//! to the index become `null`, the index may be at most 65536); `a={x,y}`
//! lists; `\` escapes the next character in keys and values; `name=` is the
//! empty string (`null` for `--set-json`); at most 30 `.` levels in one key.
//! `--set` types values like `typedVal`: `true`/`false`/`null` in any case,
//! and base-10 `int64` numbers not starting with `0` (`0` itself is an
//! integer) become `Int`; everything else is a string.

use std::collections::BTreeMap;

use crate::go::fmt::go_quote_runes;
use crate::go::json::JsonReader;
use crate::go::strconv::{go_atoi, go_parse_int10, go_quote};
use crate::helm::HelmVersion;
use crate::value::{MAX_VALUES_BYTES, PathSegment, Value, ValuesPath, too_large};

/// How the values of a `--set`-style expression are read.
#[derive(Clone, Copy)]
pub enum SetMode<'a> {
    /// `--set`: typed values (`true`, `false`, `null`, `int64`, strings).
    Set,
    /// `--set-string`: every value is a string.
    SetString,
    /// `--set-json`: every value is JSON (numbers become `Float`).
    SetJson,
    /// `--set-file`: every value is a path; the value set is the content
    /// this function returns for it (an `Err` is reported as Helm's error).
    SetFile(&'a dyn Fn(&str) -> Result<String, String>),
    /// `--set-literal`: the key is read up to `=`, the rest is the value.
    SetLiteral,
}

impl std::fmt::Debug for SetMode<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SetMode::Set => "Set",
            SetMode::SetString => "SetString",
            SetMode::SetJson => "SetJson",
            SetMode::SetFile(_) => "SetFile",
            SetMode::SetLiteral => "SetLiteral",
        })
    }
}

/// Helm's error for a `--set`-style expression, without the
/// `failed parsing --set data: ` prefix that `MergeValues` adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetError {
    /// Helm's message, e.g. `key "a" has no value`.
    pub message: String,
}

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SetError {}

/// Helm's `strvals.MaxIndex`.
pub const MAX_INDEX: i64 = 65536;
/// Helm's `strvals.MaxNestedNameLevel`.
pub const MAX_NESTED_NAME_LEVEL: usize = 30;
/// Deepest nesting one expression may build (keys and list indexes
/// together). Helm has no such limit for `a[0][0]...` or `a[0].b[0].c...`;
/// the parser here is recursive like Helm's, so it is bounded.
pub const MAX_SET_DEPTH: usize = 200;

/// Apply one `--set`-style expression to `into` as Helm 4 does.
/// `into` must be a map (`Null` is taken as an empty map).
pub fn parse_set(expr: &str, into: &mut Value, mode: SetMode<'_>) -> Result<(), SetError> {
    parse_set_as(expr, into, mode, HelmVersion::V4).map(|_| ())
}

/// Apply one `--set`-style expression to `into` as the given Helm version
/// does. Returns the paths assigned, each with the 1-based character
/// position where its assignment starts in `expr`.
pub fn parse_set_as(
    expr: &str,
    into: &mut Value,
    mode: SetMode<'_>,
    version: HelmVersion,
) -> Result<Vec<(ValuesPath, u32)>, SetError> {
    if expr.len() > MAX_VALUES_BYTES {
        return Err(SetError {
            message: too_large("the expression is", expr.len()),
        });
    }
    if into.is_null() {
        *into = Value::empty_map();
    }
    let Value::Map(map) = into else {
        return Err(SetError {
            message: format!(
                "cannot apply --set to a {} (values must be a map)",
                into.go_type_name()
            ),
        });
    };
    let mut p = Parser {
        s: expr.chars().collect(),
        pos: 0,
        mode,
        literal: matches!(mode, SetMode::SetLiteral),
        path: ValuesPath::root(),
        stmt_start: 0,
        assigned: Vec::new(),
        depth: 0,
    };
    loop {
        p.stmt_start = p.pos;
        match p.key(map, 0) {
            Ok(()) => continue,
            Err(E::Eof) => return Ok(p.assigned),
            Err(E::WrappedEof(msg)) => {
                if version.is_v4() {
                    return Ok(p.assigned);
                }
                return Err(SetError { message: msg });
            }
            Err(E::Msg(m)) | Err(E::Panic(m)) => return Err(SetError { message: m }),
        }
    }
}

/// Go errors as strvals produces them.
#[derive(Debug)]
enum E {
    /// `io.EOF`: the normal end of the input.
    Eof,
    /// An error that wraps `io.EOF` with `%w` (Helm 4 treats it as `EOF`).
    WrappedEof(String),
    /// Any other error.
    Msg(String),
    /// A Go panic, recovered by the nearest `key()` as
    /// `unable to parse key: ...`.
    Panic(String),
}

fn msg(s: String) -> E {
    E::Msg(s)
}

struct Parser<'a> {
    s: Vec<char>,
    pos: usize,
    mode: SetMode<'a>,
    literal: bool,
    path: ValuesPath,
    stmt_start: usize,
    assigned: Vec<(ValuesPath, u32)>,
    depth: usize,
}

fn conversion_panic(found: &Value, want: &str) -> E {
    E::Panic(format!(
        "interface conversion: interface {{}} is {}, not {want}",
        found.go_type_name()
    ))
}

fn is_go_space(c: char) -> bool {
    c.is_whitespace()
}

/// `strings.EqualFold(s, word)` for the ASCII words `typedVal` tests
/// (Go's simple case folding also maps `ſ` to `s` and `K` to `k`).
fn equal_fold(s: &str, word: &str) -> bool {
    let mut a = s.chars();
    for w in word.chars() {
        let Some(c) = a.next() else { return false };
        let c = match c {
            'ſ' => 's',
            'K' => 'k',
            c => c.to_ascii_lowercase(),
        };
        if c != w {
            return false;
        }
    }
    a.next().is_none()
}

/// Helm's `typedVal`.
fn typed_val(v: &str, as_string: bool) -> Value {
    if as_string {
        return Value::String(v.to_string());
    }
    if equal_fold(v, "true") {
        return Value::Bool(true);
    }
    if equal_fold(v, "false") {
        return Value::Bool(false);
    }
    if equal_fold(v, "null") {
        return Value::Null;
    }
    if v == "0" {
        return Value::Int(0);
    }
    if !v.is_empty()
        && !v.starts_with('0')
        && let Some(i) = go_parse_int10(v)
    {
        return Value::Int(i);
    }
    Value::String(v.to_string())
}

/// Helm's `setIndex`.
fn set_index(list: &mut Vec<Value>, index: i64, val: Value) -> Result<(), E> {
    if index < 0 {
        return Err(msg(format!("negative {index} index not allowed")));
    }
    if index > MAX_INDEX {
        return Err(msg(format!(
            "index of {index} is greater than maximum supported index of {MAX_INDEX}"
        )));
    }
    let index = index as usize;
    if list.len() <= index {
        list.resize(index + 1, Value::Null);
    }
    list[index] = val;
    Ok(())
}

impl Parser<'_> {
    fn read(&mut self) -> Option<char> {
        let c = self.s.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn unread(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    /// `runesUntil` (or `runesUntilLiteral`, without escapes): the text up
    /// to a stop character, the stop character, or `EOF`.
    fn runes_until(&mut self, stop: &[char]) -> (String, Option<char>) {
        let mut v = String::new();
        loop {
            let Some(r) = self.read() else {
                return (v, None);
            };
            if stop.contains(&r) {
                return (v, Some(r));
            }
            if r == '\\' && !self.literal {
                match self.read() {
                    Some(next) => v.push(next),
                    None => return (v, None),
                }
            } else {
                v.push(r);
            }
        }
    }

    fn record(&mut self, path: ValuesPath) {
        let col = u32::try_from(self.stmt_start + 1).unwrap_or(u32::MAX);
        self.assigned.push((path, col));
    }

    fn set(&mut self, data: &mut BTreeMap<String, Value>, key: &str, val: Value, leaf: bool) {
        if key.is_empty() {
            return;
        }
        if leaf {
            let p = self.path.key(key);
            self.record(p);
        }
        data.insert(key.to_string(), val);
    }

    fn enter(&mut self) -> Result<(), E> {
        self.depth += 1;
        if self.depth > MAX_SET_DEPTH {
            return Err(msg(format!(
                "keys nested more than {MAX_SET_DEPTH} levels deep are not supported"
            )));
        }
        Ok(())
    }

    /// `reader(rs)`: the value for some text, per mode.
    fn reader(&self, rs: &str) -> Result<Value, E> {
        match self.mode {
            SetMode::Set => Ok(typed_val(rs, false)),
            SetMode::SetString | SetMode::SetLiteral | SetMode::SetJson => Ok(typed_val(rs, true)),
            SetMode::SetFile(read) => match read(rs) {
                Ok(content) if content.len() > MAX_VALUES_BYTES => {
                    Err(msg(too_large(&format!("file {rs} is"), content.len())))
                }
                Ok(content) => Ok(Value::String(content)),
                Err(e) => Err(msg(e)),
            },
        }
    }

    fn key(&mut self, data: &mut BTreeMap<String, Value>, level: usize) -> Result<(), E> {
        self.enter()?;
        let r = self.key_inner(data, level);
        self.depth -= 1;
        match r {
            Err(E::Panic(p)) => Err(msg(format!("unable to parse key: {p}"))),
            r => r,
        }
    }

    fn key_inner(&mut self, data: &mut BTreeMap<String, Value>, mut level: usize) -> Result<(), E> {
        let stop: &[char] = if self.literal {
            &['=', '[', '.']
        } else {
            &['=', '[', ',', '.']
        };
        let (k, last) = self.runes_until(stop);
        match last {
            None => {
                if k.is_empty() {
                    Err(E::Eof)
                } else {
                    Err(msg(format!("key {} has no value", go_quote(&k))))
                }
            }
            Some('[') => {
                let i = self.key_index()?;
                let mut list = match data.get(&k) {
                    None => Vec::new(),
                    Some(Value::Seq(l)) => l.clone(),
                    Some(other) => return Err(conversion_panic(other, "[]interface {}")),
                };
                self.path.push(PathSegment::Key(k.clone()));
                let r = self.list_item(&mut list, i, level);
                self.path.pop();
                self.set(data, &k, Value::Seq(list), false);
                r
            }
            Some('=') if self.literal => {
                let value: String = self.s[self.pos..].iter().collect();
                self.pos = self.s.len();
                self.set(data, &k, Value::String(value), true);
                Ok(())
            }
            Some('=') => {
                if matches!(self.mode, SetMode::SetJson) {
                    if self.empty_val() {
                        self.set(data, &k, Value::Null, true);
                        return Ok(());
                    }
                    let v = self.json_value()?;
                    self.set(data, &k, v, true);
                    self.empty_val();
                    return Ok(());
                }
                match self.val_list() {
                    Ok(vl) => {
                        self.set(data, &k, Value::Seq(vl), true);
                        Ok(())
                    }
                    Err(ListErr::Eof) => {
                        self.set(data, &k, Value::String(String::new()), true);
                        Err(E::Eof)
                    }
                    Err(ListErr::NotList) => {
                        let rs = self.val();
                        let v = self.reader(&rs);
                        match v {
                            Ok(v) => {
                                self.set(data, &k, v, true);
                                Ok(())
                            }
                            Err(e) => {
                                self.set(data, &k, Value::Null, true);
                                Err(e)
                            }
                        }
                    }
                    Err(ListErr::Other(e)) => Err(e),
                }
            }
            Some(',') => {
                self.set(data, &k, Value::String(String::new()), true);
                Err(msg(format!(
                    "key {} has no value (cannot end with ,)",
                    go_quote(&k)
                )))
            }
            Some(_) => {
                // '.'
                level += 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return Err(msg(format!(
                        "value name nested level is greater than maximum supported nested \
                         level of {MAX_NESTED_NAME_LEVEL}"
                    )));
                }
                let existed = data.contains_key(&k);
                let mut inner = match data.remove(&k) {
                    None => BTreeMap::new(),
                    Some(Value::Map(m)) => m,
                    Some(other) => {
                        let e = conversion_panic(&other, "map[string]interface {}");
                        data.insert(k, other);
                        return Err(e);
                    }
                };
                self.path.push(PathSegment::Key(k.clone()));
                let e = self.key(&mut inner, level);
                self.path.pop();
                let empty = inner.is_empty();
                // Go mutates an existing map in place and `set`s a new one
                // only when it is non-empty (and the key is not empty).
                if existed || (!empty && !k.is_empty()) {
                    data.insert(k.clone(), Value::Map(inner));
                }
                match e {
                    Ok(()) if empty => Err(msg(format!("key map {} has no value", go_quote(&k)))),
                    r => r,
                }
            }
        }
    }

    fn key_index(&mut self) -> Result<i64, E> {
        let (v, last) = self.runes_until(&[']']);
        if last.is_none() {
            return Err(E::WrappedEof("error parsing index: EOF".to_string()));
        }
        go_atoi(&v).map_err(|e| msg(format!("error parsing index: {e}")))
    }

    fn list_item(&mut self, list: &mut Vec<Value>, i: i64, level: usize) -> Result<(), E> {
        self.enter()?;
        let r = self.list_item_inner(list, i, level);
        self.depth -= 1;
        r
    }

    fn list_item_inner(&mut self, list: &mut Vec<Value>, i: i64, level: usize) -> Result<(), E> {
        if i < 0 {
            return Err(msg(format!("negative {i} index not allowed")));
        }
        let (k, last) = self.runes_until(&['[', '.', '=']);
        if !k.is_empty() {
            return Err(msg(format!(
                "unexpected data at end of array index: {}",
                go_quote_runes(&k)
            )));
        }
        let idx = usize::try_from(i).unwrap_or(usize::MAX);
        match last {
            None => Err(E::Eof),
            Some('=') if self.literal => {
                let value: String = self.s[self.pos..].iter().collect();
                self.pos = self.s.len();
                self.set_index_leaf(list, i, Value::String(value))
            }
            Some('=') => {
                if matches!(self.mode, SetMode::SetJson) {
                    if self.empty_val() {
                        return self.set_index_leaf(list, i, Value::Null);
                    }
                    let v = self.json_value()?;
                    self.set_index_leaf(list, i, v)?;
                    self.empty_val();
                    return Ok(());
                }
                match self.val_list() {
                    Ok(vl) => self.set_index_leaf(list, i, Value::Seq(vl)),
                    Err(ListErr::Eof) => self.set_index_leaf(list, i, Value::String(String::new())),
                    Err(ListErr::NotList) => {
                        let rs = self.val();
                        let v = self.reader(&rs)?;
                        self.set_index_leaf(list, i, v)
                    }
                    Err(ListErr::Other(e)) => Err(e),
                }
            }
            Some('[') => {
                let next_i = self.key_index()?;
                let mut crt = Vec::new();
                if list.len() > idx {
                    match std::mem::take(&mut list[idx]) {
                        Value::Null => {}
                        Value::Seq(l) => crt = l,
                        other => {
                            let e = conversion_panic(&other, "[]interface {}");
                            list[idx] = other;
                            return Err(e);
                        }
                    }
                }
                self.nested_item(list, i, crt, Value::Seq, |p, crt| {
                    p.list_item(crt, next_i, level)
                })
            }
            Some(_) => {
                // '.'
                let mut inner = BTreeMap::new();
                if list.len() > idx
                    && let Value::Map(m) = std::mem::take(&mut list[idx])
                {
                    inner = m;
                }
                self.nested_item(list, i, inner, Value::Map, |p, inner| p.key(inner, level))
            }
        }
    }

    /// Fills `item` (what the list held at `i`, taken out, or a new one) under
    /// the path of index `i`, then puts it back as the value `wrap` makes of
    /// it: with `setIndex` when filling succeeded, else in its place if the
    /// list reaches that far.
    fn nested_item<T>(
        &mut self,
        list: &mut Vec<Value>,
        i: i64,
        mut item: T,
        wrap: fn(T) -> Value,
        fill: impl FnOnce(&mut Self, &mut T) -> Result<(), E>,
    ) -> Result<(), E> {
        let idx = usize::try_from(i).unwrap_or(usize::MAX);
        self.path.push(PathSegment::Index(idx));
        let r = fill(self, &mut item);
        self.path.pop();
        match r {
            Ok(()) => set_index(list, i, wrap(item)),
            Err(e) => {
                if list.len() > idx {
                    list[idx] = wrap(item);
                }
                Err(e)
            }
        }
    }

    fn set_index_leaf(&mut self, list: &mut Vec<Value>, i: i64, v: Value) -> Result<(), E> {
        set_index(list, i, v)?;
        let p = self.path.index(i as usize);
        self.record(p);
        Ok(())
    }

    /// `emptyVal`: skip blanks; true at `,` (consumed) or the end.
    fn empty_val(&mut self) -> bool {
        loop {
            match self.read() {
                None => return true,
                Some(',') => return true,
                Some(c) if is_go_space(c) => continue,
                Some(_) => {
                    self.unread();
                    return false;
                }
            }
        }
    }

    fn val(&mut self) -> String {
        self.runes_until(&[',']).0
    }

    fn val_list(&mut self) -> Result<Vec<Value>, ListErr> {
        match self.read() {
            None => return Err(ListErr::Eof),
            Some('{') => {}
            Some(_) => {
                self.unread();
                return Err(ListErr::NotList);
            }
        }
        let mut list = Vec::new();
        loop {
            let (rs, last) = self.runes_until(&[',', '}']);
            match last {
                None => {
                    return Err(ListErr::Other(msg(
                        "list must terminate with '}'".to_string()
                    )));
                }
                Some('}') => {
                    if let Some(r) = self.read()
                        && r != ','
                    {
                        self.unread();
                    }
                    let v = self.reader(&rs).map_err(ListErr::Other)?;
                    list.push(v);
                    return Ok(list);
                }
                Some(_) => {
                    let v = self.reader(&rs).map_err(ListErr::Other)?;
                    list.push(v);
                }
            }
        }
    }

    /// One JSON value as Go's `json.Decoder.Decode` reads it from the rest
    /// of the input; the input is advanced past it.
    fn json_value(&mut self) -> Result<Value, E> {
        let rest: String = self.s[self.pos..].iter().collect();
        let mut j = JsonReader {
            s: rest.as_bytes(),
            i: 0,
            depth: self.depth,
            typed: false,
        };
        j.skip_ws();
        let v = j.value().map_err(msg)?;
        let consumed = rest[..j.i].chars().count();
        self.pos += consumed;
        Ok(v)
    }
}

enum ListErr {
    Eof,
    NotList,
    Other(E),
}

#[cfg(test)]
mod tests;
