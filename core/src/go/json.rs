//! Go's `encoding/json`: the encoder sprig's `toJson` uses, and the decoder
//! behind `--set-json` and the chart's typed values.

use std::collections::BTreeMap;

use crate::go::fmt::write_list;
use crate::go::strconv::{exponent_form, fixed_form, split_scientific};
use crate::value::{MAX_DEPTH, MAX_VALUES_BYTES, Value, too_large};

/// Go's `encoding/json` float64 encoding: shortest digits, fixed notation unless
/// `|f| < 1e-6` or `|f| >= 1e21`, where it uses `e` notation with the exponent's
/// leading zero removed (`1e-07` becomes `1e-7`). `None` for NaN and infinities,
/// which `json.Marshal` refuses.
pub fn format_float_json(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    if f == 0.0 {
        return Some(if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        });
    }
    let (digits, exp) = split_scientific(&format!("{:e}", f.abs()));
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let abs = f.abs();
    Some(if !(1e-6..1e21).contains(&abs) {
        format!("{sign}{}", exponent_form(&digits, exp, 1))
    } else {
        format!("{sign}{}", fixed_form(&digits, exp))
    })
}

/// Go's `json.Marshal(v)` (sprig's `toJson`): map keys sorted, `<`, `>`, `&`,
/// U+2028 and U+2029 escaped. `None` where Go fails (NaN or infinity), for which
/// sprig's `toJson` returns "".
pub fn to_json(v: &Value) -> Option<String> {
    let mut out = String::new();
    write_json(v, false, &mut out).then_some(out)
}

/// The chart's `include "ai-agent-connector.typedValues"`: `toJson`, but a
/// float64 always with a fraction or an exponent (`1000000.0`, `1e+21`), so
/// that it reads back apart from an int64 (`1000000`).
pub fn to_typed_json(v: &Value) -> Option<String> {
    let mut out = String::new();
    write_json(v, true, &mut out).then_some(out)
}

fn write_json(v: &Value, typed: bool, out: &mut String) -> bool {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => match format_float_json(*f) {
            Some(s) => {
                out.push_str(&s);
                if typed && !s.contains(['.', 'e']) {
                    out.push_str(".0");
                }
            }
            None => return false,
        },
        Value::String(s) => write_json_string(s, out),
        Value::Seq(items) => {
            return write_list(out, "[", ',', ']', items, |item, out| {
                write_json(item, typed, out)
            });
        }
        Value::Map(map) => {
            return write_list(out, "{", ',', '}', map, |(k, item), out| {
                write_json_string(k, out);
                out.push(':');
                write_json(item, typed, out)
            });
        }
    }
    true
}

/// The escapes of a double-quoted string that Go's JSON encoder and the YAML
/// writer ([`crate::node`]) share: `\"`, `\\`, `\n`, `\r`, `\t`.
pub(crate) fn short_escape(c: char) -> Option<&'static str> {
    Some(match c {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ => return None,
    })
}

fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    // Bytes written as they are: copied in runs. A byte of a multi-byte
    // character is one too, except those of U+2028 and U+2029 (0xE2 leads).
    let plain = |b: u8| match b {
        b'"' | b'\\' | b'<' | b'>' | b'&' | 0xE2 => false,
        b => b >= 0x20,
    };
    let mut rest = s;
    while !rest.is_empty() {
        let run = rest.bytes().position(|b| !plain(b)).unwrap_or(rest.len());
        out.push_str(&rest[..run]);
        rest = &rest[run..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        match c {
            c if let Some(escaped) = short_escape(c) => out.push_str(escaped),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out.push('"');
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
        let mut items = Vec::new();
        self.items(b']', "after array element", |j| {
            items.push(j.value()?);
            Ok(())
        })?;
        Ok(Value::Seq(items))
    }

    fn object(&mut self) -> Result<Value, String> {
        let mut map = BTreeMap::new();
        self.items(b'}', "after object key:value pair", |j| {
            if j.s.get(j.i) != Some(&b'"') {
                return Err(j.err("looking for beginning of object key string"));
            }
            let k = j.string()?;
            j.skip_ws();
            if j.s.get(j.i) != Some(&b':') {
                return Err(j.err("after object key"));
            }
            j.i += 1;
            j.skip_ws();
            let v = j.value()?;
            map.insert(k, v);
            Ok(())
        })?;
        Ok(Value::Map(map))
    }

    /// The items of an array or object, from its opening byte to its `close`,
    /// each read by `item` after the blanks before it; `after` says where a
    /// missing `,` or `close` is, in Go's words.
    fn items(
        &mut self,
        close: u8,
        after: &str,
        mut item: impl FnMut(&mut Self) -> Result<(), String>,
    ) -> Result<(), String> {
        self.enter()?;
        self.i += 1;
        self.skip_ws();
        if self.s.get(self.i) == Some(&close) {
            self.i += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            item(self)?;
            self.skip_ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(&c) if c == close => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(self.err(after)),
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
