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

use crate::value::{
    MAX_DEPTH, MAX_VALUES_BYTES, PathSegment, Value, ValuesPath, go_quote, go_quote_runes,
    too_large,
};
use crate::yaml::HelmVersion;

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

/// `strconv.ParseInt(v, 10, 64)`.
fn go_parse_int10(v: &str) -> Option<i64> {
    let (neg, digits) = match v.as_bytes().first() {
        Some(b'+') => (false, &v[1..]),
        Some(b'-') => (true, &v[1..]),
        _ => (false, v),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut n: u64 = 0;
    for b in digits.bytes() {
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    if neg {
        if n > 1u64 << 63 {
            None
        } else {
            Some((n as i64).wrapping_neg())
        }
    } else if n >= 1u64 << 63 {
        None
    } else {
        Some(n as i64)
    }
}

/// `strconv.Atoi` with its error text.
fn go_atoi(s: &str) -> Result<i64, String> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            go_quote(s)
        ));
    }
    let range = || format!("strconv.Atoi: parsing {}: value out of range", go_quote(s));
    let mut n: u64 = 0;
    for b in digits.bytes() {
        n = match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(b - b'0')))
        {
            Some(n) => n,
            None => return Err(range()),
        };
    }
    if neg {
        if n > 1u64 << 63 {
            Err(range())
        } else {
            Ok((n as i64).wrapping_neg())
        }
    } else if n >= 1u64 << 63 {
        Err(range())
    } else {
        Ok(n as i64)
    }
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
                self.path.push(PathSegment::Index(idx));
                let r = self.list_item(&mut crt, next_i, level);
                self.path.pop();
                match r {
                    Ok(()) => set_index(list, i, Value::Seq(crt)),
                    Err(e) => {
                        if list.len() > idx {
                            list[idx] = Value::Seq(crt);
                        }
                        Err(e)
                    }
                }
            }
            Some(_) => {
                // '.'
                let mut inner = BTreeMap::new();
                if list.len() > idx
                    && let Value::Map(m) = std::mem::take(&mut list[idx])
                {
                    inner = m;
                }
                self.path.push(PathSegment::Index(idx));
                let r = self.key(&mut inner, level);
                self.path.pop();
                match r {
                    Ok(()) => set_index(list, i, Value::Map(inner)),
                    Err(e) => {
                        if list.len() > idx {
                            list[idx] = Value::Map(inner);
                        }
                        Err(e)
                    }
                }
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

/// A small JSON reader with Go's `encoding/json` results: numbers are
/// `float64`, duplicate keys keep the last, invalid surrogates become
/// U+FFFD.
pub(crate) struct JsonReader<'a> {
    pub(crate) s: &'a [u8],
    pub(crate) i: usize,
    pub(crate) depth: usize,
    /// Numbers without a fraction or an exponent are `int64` (the chart's
    /// typed values JSON, `ai-agent-connector.typedValues`), not `float64`.
    pub(crate) typed: bool,
}

impl JsonReader<'_> {
    pub(crate) fn skip_ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn err(&self, what: &str) -> String {
        match self.s.get(self.i) {
            None => "unexpected end of JSON input".to_string(),
            Some(&c) => format!("invalid character {} {what}", go_quote_char(c)),
        }
    }

    pub(crate) fn value(&mut self) -> Result<Value, String> {
        match self.s.get(self.i) {
            None => Err("unexpected end of JSON input".to_string()),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("looking for beginning of value")),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, String> {
        for &b in word.as_bytes() {
            if self.s.get(self.i) != Some(&b) {
                return Err(self.err("in literal"));
            }
            self.i += 1;
        }
        Ok(v)
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.i;
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.s.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                while matches!(self.s.get(self.i), Some(b'0'..=b'9')) {
                    self.i += 1;
                }
            }
            _ => return Err(self.err("in numeric literal")),
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !matches!(self.s.get(self.i), Some(b'0'..=b'9')) {
                return Err(self.err("after decimal point in numeric literal"));
            }
            while matches!(self.s.get(self.i), Some(b'0'..=b'9')) {
                self.i += 1;
            }
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !matches!(self.s.get(self.i), Some(b'0'..=b'9')) {
                return Err(self.err("in exponent of numeric literal"));
            }
            while matches!(self.s.get(self.i), Some(b'0'..=b'9')) {
                self.i += 1;
            }
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("0");
        if self.typed
            && !text.contains(['.', 'e', 'E'])
            && let Ok(i) = text.parse::<i64>()
        {
            return Ok(Value::Int(i));
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::Float(f)),
            _ => Err(format!(
                "json: cannot unmarshal number {text} into Go value of type float64"
            )),
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let h = self.s.get(at..at + 4)?;
        let h = std::str::from_utf8(h).ok()?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(h, 16).ok()
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1; // opening quote
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&c) = self.s.get(self.i) else {
                return Err("unexpected end of JSON input".to_string());
            };
            match c {
                b'"' => {
                    self.i += 1;
                    return Ok(String::from_utf8_lossy(&out).into_owned());
                }
                b'\\' => {
                    let Some(&e) = self.s.get(self.i + 1) else {
                        return Err("unexpected end of JSON input".to_string());
                    };
                    let simple = match e {
                        b'"' => Some(b'"'),
                        b'\\' => Some(b'\\'),
                        b'/' => Some(b'/'),
                        b'b' => Some(8),
                        b'f' => Some(12),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        _ => None,
                    };
                    if let Some(b) = simple {
                        out.push(b);
                        self.i += 2;
                        continue;
                    }
                    if e != b'u' {
                        self.i += 1;
                        return Err(self.err("in string escape code"));
                    }
                    let Some(r) = self.hex4(self.i + 2) else {
                        self.i += 2;
                        return Err(self.err("in \\u hexadecimal character escape"));
                    };
                    self.i += 6;
                    let ch = if (0xD800..0xDC00).contains(&r) {
                        let low = if self.s.get(self.i) == Some(&b'\\')
                            && self.s.get(self.i + 1) == Some(&b'u')
                        {
                            self.hex4(self.i + 2)
                        } else {
                            None
                        };
                        match low {
                            Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                                self.i += 6;
                                char::from_u32(0x10000 + ((r - 0xD800) << 10) + (lo - 0xDC00))
                                    .unwrap_or('\u{fffd}')
                            }
                            _ => '\u{fffd}',
                        }
                    } else {
                        char::from_u32(r).unwrap_or('\u{fffd}')
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                c if c < 0x20 => return Err(self.err("in string literal")),
                c => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!(
                "values nested more than {MAX_DEPTH} levels deep are not supported"
            ));
        }
        Ok(())
    }

    fn array(&mut self) -> Result<Value, String> {
        self.enter()?;
        self.i += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Value::Seq(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value()?);
            self.skip_ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(Value::Seq(items));
                }
                _ => return Err(self.err("after array element")),
            }
        }
    }

    fn object(&mut self) -> Result<Value, String> {
        self.enter()?;
        self.i += 1;
        let mut map = BTreeMap::new();
        self.skip_ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Value::Map(map));
        }
        loop {
            self.skip_ws();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(self.err("looking for beginning of object key string"));
            }
            let k = self.string()?;
            self.skip_ws();
            if self.s.get(self.i) != Some(&b':') {
                return Err(self.err("after object key"));
            }
            self.i += 1;
            self.skip_ws();
            let v = self.value()?;
            map.insert(k, v);
            self.skip_ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(Value::Map(map));
                }
                _ => return Err(self.err("after object key:value pair")),
            }
        }
    }
}

fn go_quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_string(),
        b'"' => "'\"'".to_string(),
        c if c.is_ascii_graphic() || c == b' ' => format!("'{}'", c as char),
        c => format!("'\\x{c:02x}'"),
    }
}

/// Go's `json.Unmarshal(data, &map[string]any{})` for `--set-json '{...}'`
/// (Helm 4): exactly one JSON object, nothing but blanks after it.
pub(crate) fn parse_json_object(text: &str) -> Result<BTreeMap<String, Value>, String> {
    parse_object(text, false)
}

/// The chart's typed values JSON (`ai-agent-connector.typedValues`): JSON
/// whose numbers without a fraction or an exponent are `int64`, as Helm held
/// them (`--set a=1000000`), and the others `float64` (`1000000.0`, a values
/// file's number).
pub(crate) fn parse_typed_json_object(text: &str) -> Result<BTreeMap<String, Value>, String> {
    parse_object(text, true)
}

fn parse_object(text: &str, typed: bool) -> Result<BTreeMap<String, Value>, String> {
    if text.len() > MAX_VALUES_BYTES {
        return Err(too_large("the JSON is", text.len()));
    }
    let mut j = JsonReader {
        s: text.as_bytes(),
        i: 0,
        depth: 0,
        typed,
    };
    j.skip_ws();
    let v = j.value()?;
    j.skip_ws();
    if j.i != j.s.len() {
        return Err(j.err("after top-level value"));
    }
    match v {
        Value::Map(m) => Ok(m),
        _ => {
            Err("json: cannot unmarshal into Go value of type map[string]interface {}".to_string())
        }
    }
}

#[cfg(test)]
mod tests;
