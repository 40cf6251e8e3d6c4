//! Values-file loader: YAML text to a [`Value`] exactly as Helm reads it.
//!
//! Helm reads a values file with `sigs.k8s.io/yaml.Unmarshal`: go-yaml v2
//! decodes the YAML (YAML 1.1 scalars, merge keys, aliases), the result is
//! turned into JSON (non-string keys become strings, NaN and infinities are
//! refused) and decoded again with `encoding/json` into `map[string]any`, so
//! every number becomes a `float64`.
//!
//! Documents: Helm 3 gives the whole file to one `Unmarshal`, which reads
//! only the first YAML document and ignores the rest. Helm 4
//! (`pkg/chart/v2/loader.LoadValues`) splits the file into documents at
//! lines that start with `---` (k8s.io/apimachinery `YAMLReader`; such a
//! line may carry only blanks and a comment after the `---`), reads each
//! document and deep-merges them in order. [`parse_values`] does what Helm 4
//! does; [`parse_values_as`] can follow Helm 3 instead.

pub mod emit;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::go::strconv::{
    format_float_key, format_go_float, go_parse_float, go_parse_int, go_parse_uint,
};
use crate::value::{
    LoadError, LocNode, Location, Locations, MAX_DEPTH, MAX_VALUES_BYTES, Value, ValuesPath,
    Warning, too_large,
};
use aac_libyaml as libyaml;
use libyaml::{Event, EventData, Mark, Parser, ScalarStyle};

/// Which Helm's behaviour to follow where Helm 3.17, Helm 4.1 and the newest
/// Helm 4 differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HelmVersion {
    /// Helm 3.17: a values file is one YAML document (later ones are
    /// ignored); `coalesce` keeps `null`s nested under keys the chart does
    /// not have; `--set-json` takes only `key=json` pairs.
    V3,
    /// Helm 4.1: multi-document values files are merged; `coalesce` drops
    /// every `null` below a table the chart has; `--set-json '{...}'` merges
    /// a whole JSON object.
    V4_1,
    /// The newest Helm 4 (4.2 and later; tested with 4.3.1): as 4.1, and the
    /// `null`s of the chart's own values.yaml that no user value meets are
    /// dropped from `.Values` (helm/helm#32530); `helm template` no longer
    /// trims each rendered template, so every document ends with a blank line.
    #[default]
    V4,
}

impl HelmVersion {
    /// Helm 4, any minor.
    pub fn is_v4(self) -> bool {
        matches!(self, HelmVersion::V4 | HelmVersion::V4_1)
    }

    /// The version `aac render --helm-version` and the module's `helm` field
    /// name: `3`, `4` (the newest Helm 4), `4.1`, `4.3`.
    pub fn parse(text: &str) -> Result<HelmVersion, String> {
        match text {
            "3" => Ok(HelmVersion::V3),
            "4" | "4.3" => Ok(HelmVersion::V4),
            "4.1" => Ok(HelmVersion::V4_1),
            other => Err(format!(
                "Helm version must be 3, 4 (the newest), 4.1 or 4.3, got {other:?}"
            )),
        }
    }
}

/// A values file as read: the tree, where each node was written, and
/// warnings about legal but suspicious content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LoadedValues {
    /// The values: always a map.
    pub value: Value,
    /// Where each node of `value` was written.
    pub locations: Locations,
    /// Legal but probably unintended content.
    pub warnings: Vec<Warning>,
}

/// Read a values file as Helm 4 does. `source_name` is the file name as
/// given; it names the file in locations and messages.
pub fn parse_values(source_name: &str, text: &str) -> Result<LoadedValues, Vec<LoadError>> {
    parse_values_as(source_name, text, HelmVersion::V4)
}

/// Read a values file as the given Helm version does.
pub fn parse_values_as(
    source_name: &str,
    text: &str,
    version: HelmVersion,
) -> Result<LoadedValues, Vec<LoadError>> {
    if text.len() > MAX_VALUES_BYTES {
        return Err(vec![LoadError::msg(too_large(
            &format!("{source_name} is"),
            text.len(),
        ))]);
    }
    let mut out = LoadedValues {
        value: Value::empty_map(),
        locations: Locations::new(),
        warnings: Vec::new(),
    };
    let mut errors = Vec::new();
    match version {
        HelmVersion::V3 => {
            let mut dec = DocDecoder::new(source_name, 0);
            match dec.decode_first_document(text) {
                Ok((v, locs)) => {
                    out.locations = Locations::from_tree(source_name, locs);
                    out.value = v;
                    if dec.more_documents {
                        dec.warn(
                            None,
                            None,
                            "the file has more than one YAML document; Helm 3 reads only the \
                             first one, Helm 4 merges them all"
                                .to_string(),
                        );
                    }
                }
                Err(e) => errors.extend(e),
            }
            out.warnings.extend(dec.warnings);
        }
        HelmVersion::V4 | HelmVersion::V4_1 => {
            let (chunks, split_errors) = split_documents(text);
            for (line0, msg) in split_errors {
                errors.push(LoadError {
                    path: None,
                    location: Some(Location {
                        source: source_name.to_string(),
                        line: line0 + 1,
                        column: 1,
                    }),
                    message: msg,
                });
            }
            for chunk in &chunks {
                let mut dec = DocDecoder::new(source_name, chunk.first_line);
                match dec.decode_first_document(&chunk.text) {
                    Ok((v, locs)) => {
                        if errors.is_empty() {
                            let doc_locs = Locations::from_tree(source_name, locs);
                            let base = std::mem::take(&mut out.value);
                            out.value = crate::merge::merge_maps_tracked(
                                base,
                                v,
                                &mut out.locations,
                                doc_locs,
                            );
                        }
                    }
                    Err(e) => errors.extend(e),
                }
                out.warnings.extend(dec.warnings);
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Read a values file given as bytes, as the given Helm version does: the
/// text of [`values_file_text`], then [`parse_values_as`].
pub fn parse_values_bytes(
    source_name: &str,
    bytes: &[u8],
    version: HelmVersion,
) -> Result<LoadedValues, Vec<LoadError>> {
    let text = values_file_text(source_name, bytes, version).map_err(|e| vec![e])?;
    parse_values_as(source_name, &text, version)
}

/// Refuses a values file of `size` bytes before it is read when it is over
/// [`MAX_VALUES_BYTES`], with the message every values source gets.
pub fn check_values_file_size(source_name: &str, size: u64) -> Result<(), LoadError> {
    match usize::try_from(size) {
        Ok(size) if size <= MAX_VALUES_BYTES => Ok(()),
        _ => Err(LoadError::msg(too_large(
            &format!("{source_name} is"),
            usize::try_from(size).unwrap_or(usize::MAX),
        ))),
    }
}

/// The text of a values file given as bytes, as the given Helm version reads
/// it: a file over [`MAX_VALUES_BYTES`] is refused; text that is not UTF-8 is
/// refused as [`utf8_file_text`] says. A file that starts with a UTF-16 byte
/// order mark is read as UTF-16 for Helm 3 (go-yaml decodes it) and refused
/// for Helm 4 (which cuts the bytes into documents at `\n` first, breaking the
/// UTF-16).
pub fn values_file_text<'a>(
    source_name: &str,
    bytes: &'a [u8],
    version: HelmVersion,
) -> Result<Cow<'a, str>, LoadError> {
    check_values_file_size(source_name, bytes.len() as u64)?;
    // A UTF-16 byte order mark is never valid UTF-8.
    let Some(big_endian) = utf16_byte_order_mark(bytes) else {
        return utf8_file_text(source_name, bytes).map(Cow::Borrowed);
    };
    if version.is_v4() {
        return Err(LoadError::msg(format!(
            "{source_name} is UTF-16 (it starts with a UTF-16 byte order mark): Helm 4 \
             cannot read it (Helm 3 can); save it as UTF-8"
        )));
    }
    let units = bytes[2..].chunks(2).map(|pair| match pair {
        [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
        [a, b] => u16::from_le_bytes([*a, *b]),
        // An odd byte at the end: never a whole character.
        _ => 0xDC00,
    });
    match char::decode_utf16(units).collect::<Result<String, _>>() {
        Ok(text) => Ok(Cow::Owned(text)),
        Err(_) => Err(LoadError::msg(format!(
            "{source_name}: yaml: invalid UTF-16 character"
        ))),
    }
}

/// A file's bytes as UTF-8 text, or go-yaml's message for the first byte that
/// is not (`yaml: invalid leading UTF-8 octet`, ...) and where it is.
pub fn utf8_file_text<'a>(source_name: &str, bytes: &'a [u8]) -> Result<&'a str, LoadError> {
    let error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(error) => error,
    };
    // Where the bad byte is, in lines and characters, and go-yaml's word for it.
    let at = error.valid_up_to();
    let before = String::from_utf8_lossy(&bytes[..at]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let rest = &bytes[at..];
    let width = match rest[0] {
        b if b & 0x80 == 0 => 1,
        b if b & 0xE0 == 0xC0 => 2,
        b if b & 0xF0 == 0xE0 => 3,
        b if b & 0xF8 == 0xF0 => 4,
        _ => 0,
    };
    let problem = if width == 0 {
        "invalid leading UTF-8 octet"
    } else if rest.len() < width {
        "incomplete UTF-8 octet sequence"
    } else if rest[1..width].iter().any(|b| b & 0xC0 != 0x80) {
        "invalid trailing UTF-8 octet"
    } else {
        // Overlong forms, surrogates and code points past U+10FFFF.
        "invalid Unicode character"
    };
    Err(LoadError {
        path: None,
        location: Some(Location {
            source: source_name.to_string(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }),
        message: format!("yaml: {problem} (the file is not UTF-8)"),
    })
}

/// `Some(big_endian)` when `bytes` start with a UTF-16 byte order mark.
fn utf16_byte_order_mark(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFE, 0xFF, ..] => Some(true),
        [0xFF, 0xFE, ..] => Some(false),
        _ => None,
    }
}

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

/// One document of a multi-document file, as k8s.io/apimachinery's
/// `YAMLReader` cuts it.
struct Chunk {
    text: String,
    /// 0-based line of the chunk's first line in the file.
    first_line: u32,
}

/// Split like Helm 4's `LoadValues`: lines (without `\n` or `\r\n`), a line
/// starting with `---` ends a document and may only be followed by blanks or
/// a comment; empty documents are skipped. A final line without `\n` is
/// kept (Helm 4.1 drops it when the file size is a multiple of 4096, a bug
/// fixed in helm/helm#32525).
fn split_documents(text: &str) -> (Vec<Chunk>, Vec<(u32, String)>) {
    let mut chunks = Vec::new();
    let mut errors = Vec::new();
    let mut buf = String::new();
    let mut buf_start = 0u32;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let i = i as u32;
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = if raw.ends_with('\n') {
            line.strip_suffix('\r').unwrap_or(line)
        } else {
            line
        };
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                errors.push((
                    i,
                    format!(
                        "error reading yaml document: invalid Yaml document separator: {trimmed}"
                    ),
                ));
            }
            if !buf.is_empty() {
                chunks.push(Chunk {
                    text: std::mem::take(&mut buf),
                    first_line: buf_start,
                });
            }
            buf_start = i + 1;
            continue;
        }
        if buf.is_empty() {
            buf_start = i;
        }
        buf.push_str(line);
        buf.push('\n');
    }
    if !buf.is_empty() {
        chunks.push(Chunk {
            text: buf,
            first_line: buf_start,
        });
    }
    (chunks, errors)
}

// ---------------------------------------------------------------------------
// Scalar resolution: go-yaml v2 `resolve.go` and `decode.go` (`scalar`).

use libyaml::{
    BINARY_TAG, BOOL_TAG, FLOAT_TAG, INT_TAG, MERGE_TAG, NULL_TAG, STR_TAG, TIMESTAMP_TAG,
};

/// A scalar as go-yaml v2 decodes it into `interface{}`.
#[derive(Debug, Clone, PartialEq)]
enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
}

fn short_tag(tag: &str) -> String {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(rest) => format!("!!{rest}"),
        None => tag.to_string(),
    }
}

fn resolve_map(s: &str) -> Option<(&'static str, Scalar)> {
    Some(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            (BOOL_TAG, Scalar::Bool(true))
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            (BOOL_TAG, Scalar::Bool(false))
        }
        "" | "~" | "null" | "Null" | "NULL" => (NULL_TAG, Scalar::Null),
        ".nan" | ".NaN" | ".NAN" => (FLOAT_TAG, Scalar::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            (FLOAT_TAG, Scalar::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => (FLOAT_TAG, Scalar::Float(f64::NEG_INFINITY)),
        "<<" => (MERGE_TAG, Scalar::Str("<<".to_string())),
        _ => return None,
    })
}

/// go-yaml v2 `resolve(tag, in)`, then the `interface{}` arm of `scalar()`.
fn resolve(tag: &str, input: &str) -> Result<Scalar, String> {
    let resolvable = matches!(
        tag,
        "" | STR_TAG | BOOL_TAG | INT_TAG | FLOAT_TAG | NULL_TAG | TIMESTAMP_TAG
    );
    if !resolvable {
        if tag == BINARY_TAG {
            return match go_base64_decode(input) {
                Some(bytes) => Ok(Scalar::Str(go_bytes_to_string(&bytes))),
                None => Err("!!binary value contains invalid base64 data".to_string()),
            };
        }
        return Ok(Scalar::Str(input.to_string()));
    }
    let (rtag, out) = resolve_untyped(tag, input);
    match tag {
        "" | STR_TAG => Ok(out),
        t if t == rtag => Ok(out),
        FLOAT_TAG if rtag == INT_TAG => match out {
            Scalar::Int(i) => Ok(Scalar::Float(i as f64)),
            _ => Err(format!(
                "cannot decode {} `{}` as a {}",
                short_tag(rtag),
                input,
                short_tag(tag)
            )),
        },
        _ => Err(format!(
            "cannot decode {} `{}` as a {}",
            short_tag(rtag),
            input,
            short_tag(tag)
        )),
    }
}

fn resolve_untyped(tag: &str, input: &str) -> (&'static str, Scalar) {
    let hint = match input.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    if hint == 0 || tag == STR_TAG {
        return (STR_TAG, Scalar::Str(input.to_string()));
    }
    if let Some(r) = resolve_map(input) {
        return r;
    }
    match hint {
        b'.' => {
            if let Some(f) = go_parse_float(input) {
                return (FLOAT_TAG, Scalar::Float(f));
            }
        }
        b'D' | b'S' => {
            if (tag.is_empty() || tag == TIMESTAMP_TAG) && is_timestamp(input) {
                // Decoded into interface{}, a timestamp stays the text.
                return (TIMESTAMP_TAG, Scalar::Str(input.to_string()));
            }
            let plain: String = input.chars().filter(|&c| c != '_').collect();
            if let Some(i) = go_parse_int(&plain, 0) {
                return (INT_TAG, Scalar::Int(i));
            }
            if let Some(u) = go_parse_uint(&plain, 0) {
                return (INT_TAG, Scalar::Uint(u));
            }
            if is_yaml_style_float(&plain)
                && let Some(f) = go_parse_float(&plain)
            {
                return (FLOAT_TAG, Scalar::Float(f));
            }
            if let Some(bin) = plain.strip_prefix("0b") {
                if let Some(i) = go_parse_int(bin, 2) {
                    return (INT_TAG, Scalar::Int(i));
                }
                if let Some(u) = go_parse_uint(bin, 2) {
                    return (INT_TAG, Scalar::Uint(u));
                }
            } else if let Some(bin) = plain.strip_prefix("-0b")
                && let Some(i) = go_parse_int(&format!("-{bin}"), 2)
            {
                return (INT_TAG, Scalar::Int(i));
            }
        }
        _ => {}
    }
    (STR_TAG, Scalar::Str(input.to_string()))
}

/// Whether go-yaml v2's `resolve("", s)` gives `!!str`: what its encoder asks
/// before it writes a string plain (`yaml/emit.rs`).
pub(crate) fn resolves_to_str(s: &str) -> bool {
    resolve_untyped("", s).0 == STR_TAG
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// The layouts go-yaml v2 tries (`2006-1-2T15:4:5.999999999Z07:00`, the
/// same with `t`, `2006-1-2 15:4:5.999999999`, `2006-1-2`).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let year_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if year_digits != 4 || b.get(4) != Some(&b'-') {
        return false;
    }
    let mut p = TsParser { b, i: 5 };
    let year: u32 = s[..4].parse().unwrap_or(0);
    let Some(month) = p.num(1, 2) else {
        return false;
    };
    if !p.eat(b'-') {
        return false;
    }
    let Some(day) = p.num(1, 2) else {
        return false;
    };
    if !(1..=12).contains(&month) || day < 1 || day > days_in(month, year) {
        return false;
    }
    if p.i == b.len() {
        return true;
    }
    let sep = b[p.i];
    if sep != b'T' && sep != b't' && sep != b' ' {
        return false;
    }
    p.i += 1;
    let (Some(h), true, Some(m), true, Some(sec)) = (
        p.num(1, 2),
        p.eat(b':'),
        p.num(1, 2),
        p.eat(b':'),
        p.num(1, 2),
    ) else {
        return false;
    };
    if h > 23 || m > 59 || sec > 59 {
        return false;
    }
    if p.eat(b'.') && p.num(1, 9).is_none() {
        return false;
    }
    if p.i == b.len() {
        return sep == b' ';
    }
    if sep == b' ' {
        return false;
    }
    if p.eat(b'Z') {
        return p.i == b.len();
    }
    if !(p.eat(b'+') || p.eat(b'-')) {
        return false;
    }
    let (Some(zh), true, Some(zm)) = (p.fixed(2), p.eat(b':'), p.fixed(2)) else {
        return false;
    };
    zh <= 24 && zm <= 59 && p.i == b.len()
}

struct TsParser<'a> {
    b: &'a [u8],
    i: usize,
}

impl TsParser<'_> {
    fn num(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        while self.i < self.b.len() && self.b[self.i].is_ascii_digit() && self.i - start < max {
            self.i += 1;
        }
        if self.i - start < min {
            return None;
        }
        std::str::from_utf8(&self.b[start..self.i])
            .ok()?
            .parse()
            .ok()
    }
    fn fixed(&mut self, n: usize) -> Option<u32> {
        let start = self.i;
        let v = self.num(n, n)?;
        (self.i - start == n).then_some(v)
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Go `base64.StdEncoding.DecodeString` (newlines ignored, padding required).
fn go_base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut vals = Vec::new();
    let mut pad = 0;
    for c in s.bytes() {
        if c == b'\r' || c == b'\n' {
            continue;
        }
        if c == b'=' {
            pad += 1;
            vals.push(0);
            continue;
        }
        if pad > 0 {
            return None;
        }
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        vals.push(v);
    }
    if vals.len() % 4 != 0 || pad > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(vals.len() / 4 * 3);
    for q in vals.chunks(4) {
        let n = (u32::from(q[0]) << 18)
            | (u32::from(q[1]) << 12)
            | (u32::from(q[2]) << 6)
            | u32::from(q[3]);
        out.push((n >> 16) as u8);
        out.push((n >> 8) as u8);
        out.push(n as u8);
    }
    out.truncate(out.len() - pad);
    // Go rejects a quantum like "A===" (one character of data).
    if pad == 3 {
        return None;
    }
    Some(out)
}

/// Go's `encoding/json` coerces strings to valid UTF-8 by replacing every
/// invalid byte with U+FFFD.
fn go_bytes_to_string(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                out.push('\u{fffd}');
                rest = &bad[1..];
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Document decoding.

/// A map key as go-yaml v2 holds it in `map[interface{}]interface{}`.
#[derive(Debug, Clone, PartialEq)]
enum TypedKey {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
}

/// Hashable identity of a [`TypedKey`] with Go's `==` (NaN never equal).
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

impl TypedKey {
    fn from_scalar(s: &Scalar) -> TypedKey {
        match s {
            Scalar::Null => TypedKey::Null,
            Scalar::Bool(b) => TypedKey::Bool(*b),
            Scalar::Int(i) => TypedKey::Int(*i),
            Scalar::Uint(u) => TypedKey::Uint(*u),
            Scalar::Float(f) => TypedKey::Float(*f),
            Scalar::Str(s) => TypedKey::Str(s.clone()),
        }
    }

    fn id(&self, nan_counter: &mut u64) -> KeyId {
        match self {
            TypedKey::Null => KeyId::Null,
            TypedKey::Bool(b) => KeyId::Bool(*b),
            TypedKey::Int(i) => KeyId::Int(*i),
            TypedKey::Uint(u) => KeyId::Uint(*u),
            TypedKey::Float(f) if f.is_nan() => {
                *nan_counter += 1;
                KeyId::Nan(*nan_counter)
            }
            TypedKey::Float(f) => KeyId::Float(if *f == 0.0 { 0 } else { f.to_bits() }),
            TypedKey::Str(s) => KeyId::Str(s.clone()),
        }
    }

    /// sigs.k8s.io/yaml `convertToJSONableObject`: the key as a JSON string.
    fn to_json_key(&self) -> Result<String, String> {
        match self {
            TypedKey::Str(s) => Ok(s.clone()),
            TypedKey::Int(i) => Ok(i.to_string()),
            TypedKey::Float(f) => Ok(format_float_key(*f)),
            TypedKey::Bool(b) => Ok(b.to_string()),
            TypedKey::Null => Err(
                "error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>"
                    .to_string(),
            ),
            TypedKey::Uint(u) => Err(format!(
                "error converting YAML to JSON: unsupported map key of type: uint64, key: 0x{u:x}"
            )),
        }
    }
}

/// Where a decoded node and everything below it were written.
type LocRec = LocNode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    Seq,
    Map,
}

#[derive(Debug, Clone)]
struct AnchorDone {
    value: Value,
    key: Option<TypedKey>,
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
    key: TypedKey,
    value: Value,
    locs: LocRec,
    from_merge: bool,
    key_line: u32,
    key_col: u32,
}

enum Pending {
    Key,
    Value {
        key: TypedKey,
        key_str: String,
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
    key: Option<TypedKey>,
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
        let location = at.map(|(l, c)| self.location(l, c));
        self.warnings.push(Warning {
            path,
            location,
            message,
        });
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
                    pending: Pending::Value { key_str, .. },
                    ..
                } => f.path.key(key_str),
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
            self.set_fatal(
                Some(nesting_path(path)),
                line,
                col,
                format!("values nested more than {MAX_DEPTH} levels deep are not supported"),
            );
            self.abort = true;
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
            self.set_fatal(
                Some(path),
                line,
                col,
                "yaml: map merge requires map or sequence of maps as the value".to_string(),
            );
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

    /// Turn the entries of a finished mapping into a JSON-style map.
    fn finish_map(
        &mut self,
        entries: Vec<MapEntry>,
        path: &ValuesPath,
        locs: &mut LocRec,
    ) -> std::collections::BTreeMap<String, Value> {
        let mut keyed: Vec<(String, usize, MapEntry)> = Vec::with_capacity(entries.len());
        for (i, e) in entries.into_iter().enumerate() {
            let key = match e.key.to_json_key() {
                Ok(k) => k,
                Err(msg) => {
                    let err = self.error_at(Some(path.clone()), e.key_line, e.key_col, msg);
                    self.key_errors.push(err);
                    continue;
                }
            };
            keyed.push((key, i, e));
        }
        // A stable sort keeps equal keys in the order written (and costs one
        // pass when the keys are written in order); the maps are then built
        // from sorted entries, without a search per key.
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(String, MapEntry)> = Vec::with_capacity(keyed.len());
        let mut twins: Vec<(usize, String, u32, u32)> = Vec::new();
        for (key, i, e) in keyed {
            match kept.last_mut() {
                Some(last) if last.0 == key => {
                    twins.push((i, key, e.key_line, e.key_col));
                    last.1 = e;
                }
                _ => kept.push((key, e)),
            }
        }
        twins.sort_by_key(|t| t.0);
        for (_, key, line, col) in twins {
            self.warn(
                Some(path.key(&key)),
                Some((line, col)),
                format!(
                    "two different keys both become the string key {}; Helm keeps one of \
                     them at random (this tool keeps the later one)",
                    crate::go::strconv::go_quote(&key)
                ),
            );
        }
        let mut children = Vec::with_capacity(kept.len());
        let map = kept
            .into_iter()
            .map(|(k, e)| {
                children.push((k.clone(), e.locs));
                (k, e.value)
            })
            .collect();
        locs.set_keys(children);
        map
    }

    /// Hand a finished node to its parent frame (or make it the result).
    fn deliver(&mut self, role: Role, done: Done) {
        if role == Role::Root {
            self.result = Some(done);
            return;
        }
        let nan_counter = &mut self.nan_counter;
        let Some(parent) = self.stack.last_mut() else {
            return;
        };
        parent.height = parent.height.max(done.height);
        let mut pending_warning = None;
        match (&mut parent.kind, role) {
            (FrameKind::Seq(items), _) => {
                parent.locs.set_item(items.len(), done.locs);
                items.push(done.value);
            }
            (FrameKind::MergeSeq(maps), _) => {
                maps.push((done.value, done.locs));
            }
            (FrameKind::Map { pending, .. }, Role::Key) => {
                let Some(key) = done.key else { return };
                let key_str = key.to_json_key().unwrap_or_default();
                *pending = Pending::Value {
                    key,
                    key_str,
                    line: done.line,
                    col: done.col,
                };
            }
            (
                FrameKind::Map {
                    entries,
                    index,
                    pending,
                },
                Role::MapValue,
            ) => {
                let Pending::Value {
                    key,
                    key_str,
                    line,
                    col,
                } = std::mem::replace(pending, Pending::Key)
                else {
                    return;
                };
                let id = key.id(nan_counter);
                let mut locs = done.locs;
                locs.set_key_at(line, col);
                let entry = MapEntry {
                    key,
                    value: done.value,
                    locs,
                    from_merge: false,
                    key_line: line,
                    key_col: col,
                };
                if let Some(&i) = index.get(&id) {
                    if !entries[i].from_merge {
                        pending_warning = Some((
                            parent.path.key(&key_str),
                            (line, col),
                            format!(
                                "duplicate key {}: Helm keeps the last one (the first was at \
                                 line {})",
                                crate::go::strconv::go_quote(&key_str),
                                entries[i].key_line
                            ),
                        ));
                    }
                    entries[i] = entry;
                } else {
                    index.insert(id, entries.len());
                    entries.push(entry);
                }
            }
            (FrameKind::Map { pending, .. }, Role::MergeValue) => {
                *pending = Pending::Key;
                let (line, col) = (done.line, done.col);
                self.apply_merge(done.value, done.locs, line, col);
                return;
            }
            _ => {}
        }
        if let Some((p, at, msg)) = pending_warning {
            self.warn(Some(p), Some(at), msg);
        }
    }

    /// Merge a decoded map into the map frame on top of the stack, as
    /// go-yaml v2 does: every merged key overwrites, also keys written
    /// before `<<`.
    fn apply_merge(&mut self, merged: Value, mut locs: LocRec, line: u32, col: u32) {
        let Value::Map(merged) = merged else {
            self.set_fatal(
                None,
                line,
                col,
                "yaml: map merge requires map or sequence of maps as the value".to_string(),
            );
            return;
        };
        let nan_counter = &mut self.nan_counter;
        let Some(parent) = self.stack.last_mut() else {
            return;
        };
        let mut warnings = Vec::new();
        if let FrameKind::Map { entries, index, .. } = &mut parent.kind {
            for (k, v) in merged {
                let key = TypedKey::Str(k.clone());
                let id = key.id(nan_counter);
                let entry = MapEntry {
                    key,
                    value: v,
                    locs: locs.take_key(&k).unwrap_or_default(),
                    from_merge: true,
                    key_line: line,
                    key_col: col,
                };
                if let Some(&i) = index.get(&id) {
                    if !entries[i].from_merge {
                        warnings.push((
                            parent.path.key(&k),
                            format!(
                                "the merge key `<<` overrides {} written before it (at line {}); \
                                 go-yaml v2, which Helm uses, lets merged values win over keys \
                                 that come before `<<`",
                                crate::go::strconv::go_quote(&k),
                                entries[i].key_line
                            ),
                        ));
                    }
                    entries[i] = entry;
                } else {
                    index.insert(id, entries.len());
                    entries.push(entry);
                }
            }
        }
        for (p, msg) in warnings {
            self.warn(Some(p), Some((line, col)), msg);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn on_scalar(
        &mut self,
        anchor: Option<String>,
        tag: Option<String>,
        text: String,
        plain_implicit: bool,
        style: ScalarStyle,
        line: u32,
        col: u32,
    ) {
        let role = self.child_role();
        let tag = tag.unwrap_or_default();
        if role == Role::Key && text == "<<" && (plain_implicit || tag == MERGE_TAG) {
            if let Some(FrameKind::Map { pending, .. }) = self.stack.last_mut().map(|f| &mut f.kind)
            {
                *pending = Pending::MergeValue;
            }
            let _ = self.register_anchor(anchor);
            return;
        }
        if matches!(role, Role::MergeValue | Role::MergeItem) {
            self.set_fatal(
                Some(self.child_path()),
                line,
                col,
                "yaml: map merge requires map or sequence of maps as the value".to_string(),
            );
            return;
        }
        let anchor = self.register_anchor(anchor);
        let start = self.decode_count;
        self.count(1, false, line, col);
        let scalar = if tag.is_empty() && !plain_implicit {
            Scalar::Str(text.clone())
        } else {
            match resolve(&tag, &text) {
                Ok(s) => s,
                Err(msg) => {
                    self.set_fatal(Some(self.child_path()), line, col, format!("yaml: {msg}"));
                    return;
                }
            }
        };
        let plain = style == ScalarStyle::Plain && tag.is_empty();
        let key = TypedKey::from_scalar(&scalar);
        if plain {
            self.scalar_warnings(&scalar, &text, role, line, col);
        }
        let value = match scalar {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Int(i) => Value::Float(i as f64),
            Scalar::Uint(u) => Value::Float(u as f64),
            Scalar::Float(f) => {
                if role != Role::Key && !f.is_finite() {
                    let shown = format_go_float(f);
                    let err = self.error_at(
                        Some(self.child_path()),
                        line,
                        col,
                        format!(
                            "error converting YAML to JSON: json: unsupported value: {shown} \
                             (quote `{text}` to keep it as a string)"
                        ),
                    );
                    self.json_errors.push(err);
                }
                Value::Float(f)
            }
            Scalar::Str(s) => Value::String(s),
        };
        let done = Done {
            value,
            key: Some(key),
            kind: Kind::Scalar,
            height: 0,
            locs: if role == Role::Key {
                LocRec::default()
            } else {
                LocRec::at(line, col)
            },
            line,
            col,
        };
        let count = self.decode_count - start;
        self.finish_anchor(anchor, &done, count);
        self.deliver(role, done);
    }

    fn scalar_warnings(&mut self, scalar: &Scalar, text: &str, role: Role, line: u32, col: u32) {
        let at = Some((line, col));
        match scalar {
            Scalar::Bool(b) => {
                if !matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
                    let what = if role == Role::Key { "key" } else { "value" };
                    self.warn(
                        Some(self.child_path()),
                        at,
                        format!(
                            "the {what} `{text}` is read as the boolean {b} (YAML 1.1); quote it \
                             to keep the text"
                        ),
                    );
                }
            }
            Scalar::Int(_) | Scalar::Uint(_) | Scalar::Float(_) => {
                let f = match scalar {
                    Scalar::Int(i) => *i as f64,
                    Scalar::Uint(u) => *u as f64,
                    Scalar::Float(f) => *f,
                    _ => 0.0,
                };
                if role == Role::Key {
                    let key = TypedKey::from_scalar(scalar)
                        .to_json_key()
                        .unwrap_or_default();
                    if key != text {
                        self.warn(
                            Some(self.child_path()),
                            at,
                            format!(
                                "the key `{text}` is read as a number and becomes the key \
                                 {}; quote it to keep the text",
                                crate::go::strconv::go_quote(&key)
                            ),
                        );
                    }
                    return;
                }
                if !f.is_finite() {
                    return;
                }
                let shown = format_go_float(f);
                if shown != text {
                    let exact = match scalar {
                        Scalar::Int(i) => (*i as f64) as i128 == i128::from(*i),
                        Scalar::Uint(u) => (*u as f64) as u128 == u128::from(*u),
                        _ => true,
                    };
                    let extra = if exact {
                        String::new()
                    } else {
                        " and loses precision (beyond 2^53)".to_string()
                    };
                    self.warn(
                        Some(self.child_path()),
                        at,
                        format!(
                            "`{text}` is read as the number {shown}{extra}: Helm reads numbers \
                             from values files as float64 and templates print it as {shown}; \
                             quote it to keep the text"
                        ),
                    );
                }
            }
            Scalar::Null | Scalar::Str(_) => {}
        }
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
            self.set_fatal(
                Some(nesting_path(path)),
                line,
                col,
                format!("values nested more than {MAX_DEPTH} levels deep are not supported"),
            );
            self.abort = true;
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

#[cfg(test)]
mod tests;
