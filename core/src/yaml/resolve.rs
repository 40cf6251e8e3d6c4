//! YAML 1.1 scalar resolution as go-yaml v2 does it (`resolve.go`, and
//! `decode.go`'s `scalar`): which tag a plain scalar gets, and its value.

use aac_libyaml::{
    BINARY_TAG, BOOL_TAG, FLOAT_TAG, INT_TAG, MERGE_TAG, NULL_TAG, STR_TAG, TIMESTAMP_TAG,
};

use crate::go::strconv::{go_parse_float, go_parse_int, go_parse_uint};

/// A scalar as go-yaml v2 decodes it into `interface{}`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
}

pub(crate) fn short_tag(tag: &str) -> String {
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
pub(crate) fn resolve(tag: &str, input: &str) -> Result<Scalar, String> {
    let resolvable = matches!(
        tag,
        "" | STR_TAG | BOOL_TAG | INT_TAG | FLOAT_TAG | NULL_TAG | TIMESTAMP_TAG
    );
    if !resolvable {
        if tag == BINARY_TAG {
            return match crate::go::base64::decode_string(input) {
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

/// go-yaml v2 `resolve`'s hint: what the first byte of a plain scalar says
/// it may be (0: only a string).
fn resolve_hint(input: &str) -> u8 {
    match input.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    }
}

/// Whether an untagged plain scalar resolves to itself as a string, whatever
/// follows its first byte (`resolve("", input)` is `Scalar::Str(input)`).
pub(crate) fn plain_is_string(input: &str) -> bool {
    resolve_hint(input) == 0
}

pub(crate) fn resolve_untyped(tag: &str, input: &str) -> (&'static str, Scalar) {
    let hint = resolve_hint(input);
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
pub(crate) fn is_yaml_style_float(s: &str) -> bool {
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
pub(crate) fn is_timestamp(s: &str) -> bool {
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

/// Go's `encoding/json` coerces strings to valid UTF-8 by replacing every
/// invalid byte with U+FFFD.
pub(crate) fn go_bytes_to_string(bytes: &[u8]) -> String {
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
