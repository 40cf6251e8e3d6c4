//! Helm's `toYaml`, byte for byte: a port of the parts of go-yaml v2's emitter
//! (`emitterc.go`) and encoder (`encode.go`, `resolve.go`, `sorter.go`) that
//! `sigs.k8s.io/yaml.Marshal` reaches.
//!
//! Helm's `toYaml` is `sigs.k8s.io/yaml.Marshal` with the final line break
//! trimmed (`strings.TrimSuffix(s, "\n")`, helm/helm `pkg/engine/funcs.go`).
//! That `Marshal` encodes the value as JSON, reads the JSON back with go-yaml v2
//! (`yaml.Unmarshal` into `interface{}`) and writes it with go-yaml v2's
//! `yaml.Marshal`. So, for a [`Value`]:
//!
//! - every map key is a string, sorted with go-yaml's `keyList.Less` (a natural
//!   order: `a9` before `a10`, letters after other characters);
//! - a number goes through its JSON text: an integral float64 below 1e21 that
//!   fits an int64 or uint64 prints as an integer (`1152921504606847000`), any
//!   other float as `strconv.FormatFloat(f, 'g', -1, 64)` (`1.5e-07`,
//!   `1.2345675e+06`); a NaN or infinity makes `json.Marshal` fail, and
//!   `toYaml` then returns the empty string;
//! - a string is plain unless go-yaml's resolver would read it as another type
//!   (YAML 1.1 booleans, null, numbers, timestamps, base-60 floats, `<<`), then
//!   double-quoted; one holding `\n` is a literal block; the emitter's analysis
//!   may still pick single or double quotes (indicators, special characters);
//! - block style with two-space indentation, sequences inside mappings not
//!   indented, empty collections as `[]` / `{}`, plain and quoted scalars
//!   folded past column 80.
//!
//! Module-level differences from Go are noted where they are (Unicode
//! categories of non-ASCII characters in key sorting).

use crate::go::strconv::{exponent_form, fixed_form, split_scientific};
use crate::value::Value;

/// What Helm's `toYaml` returns for `v` (no final line break); the empty
/// string when `json.Marshal` fails (a NaN or an infinity anywhere).
pub fn to_yaml(v: &Value) -> String {
    let mut s = marshal(v).unwrap_or_default();
    if s.ends_with('\n') {
        s.pop();
    }
    s
}

/// `sigs.k8s.io/yaml.Marshal(v)`: the document go-yaml v2 writes, ending in a
/// line break; `None` where `json.Marshal` fails.
pub fn marshal(v: &Value) -> Option<String> {
    if !all_finite(v) {
        return None;
    }
    let v = json_round_trip(v)?;
    let mut e = Emitter::new();
    e.node(&v, Ctx::ROOT);
    // DOCUMENT-END: an implicit end only breaks the last line.
    e.write_indent();
    Some(e.out)
}

/// sprig's `indent n`: `n` spaces before every line, empty ones included.
pub fn indent(n: usize, text: &str) -> String {
    let pad = " ".repeat(n);
    let mut out = String::with_capacity(text.len() + pad.len() * 4);
    out.push_str(&pad);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&pad);
        }
        out.push_str(line);
    }
    out
}

/// sprig's `nindent n`: a line break, then [`indent`].
pub fn nindent(n: usize, text: &str) -> String {
    let mut out = String::from("\n");
    out.push_str(&indent(n, text));
    out
}

/// What go-yaml reads back from `json.Marshal(v)`: `None` where it fails.
///
/// Go's JSON escapes control characters below U+0020 (and U+2028, U+2029),
/// but writes U+007F-U+009F, U+FFFE and U+FFFF as they are; go-yaml's reader
/// refuses all of those but U+0085 ("control characters are not allowed"), and
/// folds U+0085 (a line break inside a double-quoted scalar) like any line
/// break: one becomes a space, `n` in a row `n - 1` newlines, with the blanks
/// around them dropped. A key that folding makes equal to another is a
/// duplicate key, which go-yaml refuses too.
fn json_round_trip(v: &Value) -> Option<Value> {
    fn text(s: &str) -> Option<std::borrow::Cow<'_, str>> {
        if s.chars().any(
            |c| matches!(c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}'),
        ) {
            return None;
        }
        if !s.contains('\u{85}') {
            return Some(std::borrow::Cow::Borrowed(s));
        }
        Some(std::borrow::Cow::Owned(fold_nel(s)))
    }
    fn walk(v: &Value, depth: usize) -> Option<Value> {
        if depth > crate::value::MAX_DEPTH {
            return None;
        }
        Some(match v {
            Value::String(s) => Value::String(text(s)?.into_owned()),
            Value::Seq(items) => Value::Seq(
                items
                    .iter()
                    .map(|i| walk(i, depth + 1))
                    .collect::<Option<_>>()?,
            ),
            Value::Map(m) => {
                let mut out = std::collections::BTreeMap::new();
                for (k, v) in m {
                    let key = text(k)?.into_owned();
                    if out.insert(key, walk(v, depth + 1)?).is_some() {
                        return None;
                    }
                }
                Value::Map(out)
            }
            other => other.clone(),
        })
    }
    walk(v, 0)
}

/// Line folding of raw U+0085 in a YAML double-quoted scalar.
fn fold_nel(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' || c == '\t' || c == '\u{85}' {
            // A run of blanks: folded only when it holds a line break.
            let start = i;
            let mut breaks = 0;
            while i < chars.len() && matches!(chars[i], ' ' | '\t' | '\u{85}') {
                if chars[i] == '\u{85}' {
                    breaks += 1;
                }
                i += 1;
            }
            if breaks == 0 {
                out.extend(&chars[start..i]);
            } else if breaks == 1 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', breaks - 1));
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn all_finite(v: &Value) -> bool {
    // Iterative, so deep values cannot exhaust the stack here.
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Float(f) if !f.is_finite() => return false,
            Value::Seq(items) => stack.extend(items.iter()),
            Value::Map(m) => stack.extend(m.values()),
            _ => {}
        }
    }
    true
}

/// How a float64 comes back from its JSON text through go-yaml's resolver, and
/// how go-yaml then prints it.
pub fn float_text(f: f64) -> String {
    if f == 0.0 {
        // JSON `0` or `-0`: both resolve to the int 0.
        return "0".into();
    }
    let (digits, exp) = split_scientific(&format!("{:e}", f.abs()));
    let sign = if f < 0.0 { "-" } else { "" };
    let nd = digits.len() as i32;
    // JSON writes integral values below 1e21 in fixed notation: go-yaml reads
    // them as int64 or uint64 when they fit.
    if f.abs() < 1e21 && exp + 1 >= nd {
        let text = format!("{sign}{}", fixed_form(&digits, exp));
        let fits = if f < 0.0 {
            text.parse::<i64>().is_ok()
        } else {
            text.parse::<u64>().is_ok()
        };
        if fits {
            return text;
        }
    }
    go_format_g(sign, &digits, exp)
}

/// `strconv.FormatFloat(f, 'g', -1, 64)` from the shortest digits and exponent.
fn go_format_g(sign: &str, digits: &str, exp: i32) -> String {
    if !(-4..6).contains(&exp) {
        format!("{sign}{}", exponent_form(digits, exp, 2))
    } else {
        format!("{sign}{}", fixed_form(digits, exp))
    }
}

/// A scalar as go-yaml's encoder hands it to the emitter.
struct Scalar<'a> {
    text: std::borrow::Cow<'a, str>,
    style: Style,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

fn scalar(v: &Value) -> Scalar<'_> {
    use std::borrow::Cow;
    let plain = |s: String| Scalar {
        text: Cow::Owned(s),
        style: Style::Plain,
    };
    match v {
        Value::Null => plain("null".into()),
        Value::Bool(b) => plain(if *b { "true" } else { "false" }.into()),
        Value::Int(i) => plain(i.to_string()),
        Value::Float(f) => plain(float_text(*f)),
        Value::String(s) => Scalar {
            text: Cow::Borrowed(s),
            style: string_style(s),
        },
        Value::Seq(_) | Value::Map(_) => plain(String::new()),
    }
}

/// `encoder.stringv`: literal when the string holds `\n`, plain when go-yaml's
/// resolver reads it back as a string (and it is no base-60 float), else
/// double-quoted.
fn string_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if super::resolve::resolves_to_str(s) && !is_base60_float(s) {
        Style::Plain
    } else {
        Style::Double
    }
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        // `[0-5]?[0-9]`: one or two digits, the first of two at most 5.
        let d1 = b.get(i + 1).copied();
        let d2 = b.get(i + 2).copied();
        match (d1, d2) {
            (Some(a), Some(c)) if (b'0'..=b'5').contains(&a) && c.is_ascii_digit() => i += 3,
            (Some(a), _) if a.is_ascii_digit() => i += 2,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// go-yaml v2's `keyList.Less` for two string keys.
pub fn key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = is_letter(ar[i]);
        let bl = is_letter(br[i]);
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && is_digit(ar[j - 1]) {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && is_digit(ar[ai]) {
            an = an.wrapping_mul(10).wrapping_add(digit_value(ar[ai]));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_digit(br[bi]) {
            bn = bn.wrapping_mul(10).wrapping_add(digit_value(br[bi]));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Go's `unicode.IsLetter` (category L). Exact for ASCII; Rust's `Alphabetic`
/// property beyond it, which also holds letter numbers and some marks.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic()
    }
}

/// Go's `unicode.IsDigit` (category Nd). Exact for ASCII; beyond it, the
/// characters Rust parses as decimal digits in their own block is unknowable
/// without tables, so only ASCII digits count.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// `int64(r - '0')` as Go computes it for a digit rune.
fn digit_value(c: char) -> i64 {
    i64::from(c as u32) - i64::from(b'0')
}

/// The emitter's context for one node (`yaml_emitter_emit_node`'s flags).
#[derive(Clone, Copy)]
struct Ctx {
    mapping: bool,
    simple_key: bool,
}

impl Ctx {
    const ROOT: Ctx = Ctx {
        mapping: false,
        simple_key: false,
    };
}

/// `yaml_emitter_analyze_scalar`'s findings.
struct Analysis {
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// go-yaml's `is_printable` (which also refuses every 4-byte character).
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        && c != '\u{feff}'
}

fn analyze(value: &str) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            flow_plain_allowed: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = false;
    let mut flow_indicators = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;
    if value.starts_with("---") || value.starts_with("...") {
        block_indicators = true;
        flow_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = i + 1 >= n || matches!(chars[i + 1], ' ' | '\t');
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                '?' | ':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                '-' if followed_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => flow_indicators = true,
                ':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                '#' if preceded_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        }
        if !is_printable(c) {
            special_characters = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == n {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == n {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = matches!(c, ' ' | '\t') || is_break(c);
    }
    let mut a = Analysis {
        multiline: line_breaks,
        flow_plain_allowed: true,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if flow_indicators {
        a.flow_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

const BEST_INDENT: i64 = 2;
const BEST_WIDTH: i64 = 80;

struct Emitter {
    out: String,
    indent: i64,
    indents: Vec<i64>,
    column: i64,
    whitespace: bool,
    indention: bool,
    flow_level: usize,
}

impl Emitter {
    fn new() -> Self {
        Emitter {
            out: String::new(),
            indent: -1,
            indents: Vec::new(),
            column: 0,
            whitespace: true,
            indention: true,
            flow_level: 0,
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// `write_break`: `\n` as a line break, other breaks copied as they are.
    fn write_break(&mut self, c: char) {
        self.out.push(c);
        self.column = 0;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, s: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        for c in s.chars() {
            self.put(c);
        }
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    fn node(&mut self, v: &Value, ctx: Ctx) {
        match v {
            Value::Seq(items) if items.is_empty() => self.empty_flow("[", "]"),
            Value::Map(m) if m.is_empty() => self.empty_flow("{", "}"),
            Value::Seq(items) => {
                self.increase_indent(false, ctx.mapping && !self.indention);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.node(
                        item,
                        Ctx {
                            mapping: false,
                            simple_key: false,
                        },
                    );
                }
                self.pop_indent();
            }
            Value::Map(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort_by(|a, b| {
                    if key_less(a, b) {
                        std::cmp::Ordering::Less
                    } else if key_less(b, a) {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                });
                self.increase_indent(false, false);
                for key in keys {
                    let value = &m[key];
                    self.write_indent();
                    let key_scalar = Scalar {
                        text: std::borrow::Cow::Borrowed(key.as_str()),
                        style: string_style(key),
                    };
                    let analysis = analyze(key);
                    let simple = !analysis.multiline && key.len() <= 128;
                    let key_ctx = Ctx {
                        mapping: true,
                        simple_key: simple,
                    };
                    let value_ctx = Ctx {
                        mapping: true,
                        simple_key: false,
                    };
                    if simple {
                        self.scalar(&key_scalar, &analysis, key_ctx);
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.scalar(&key_scalar, &analysis, key_ctx);
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(value, value_ctx);
                }
                self.pop_indent();
            }
            scalar_value => {
                let s = scalar(scalar_value);
                let analysis = analyze(&s.text);
                self.scalar(&s, &analysis, ctx);
            }
        }
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    /// `yaml_emitter_emit_scalar`: choose the style, then write.
    fn scalar(&mut self, s: &Scalar, a: &Analysis, ctx: Ctx) {
        let mut style = s.style;
        if ctx.simple_key && a.multiline {
            style = Style::Double;
        }
        if style == Style::Plain {
            if (self.flow_level > 0 && !a.flow_plain_allowed)
                || (self.flow_level == 0 && !a.block_plain_allowed)
            {
                style = Style::Single;
            }
            if s.text.is_empty() && (self.flow_level > 0 || ctx.simple_key) {
                style = Style::Single;
            }
        }
        if style == Style::Single && !a.single_quoted_allowed {
            style = Style::Double;
        }
        if style == Style::Literal && (!a.block_allowed || self.flow_level > 0 || ctx.simple_key) {
            style = Style::Double;
        }
        self.increase_indent(true, false);
        let allow_breaks = !ctx.simple_key;
        match style {
            Style::Plain => self.write_plain(&s.text, allow_breaks),
            Style::Single => self.write_single(&s.text, allow_breaks),
            Style::Double => self.write_double(&s.text, allow_breaks),
            Style::Literal => self.write_literal(&s.text),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = value.chars().collect();
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let n = chars.len();
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < n
                    && chars[i + 1] != ' '
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        // go-yaml's `is_bom(value, i)` looks at the start of the value, not at
        // `i`: a value starting with U+FEFF has every character escaped.
        let starts_with_bom = value.starts_with('\u{feff}');
        let chars: Vec<char> = value.chars().collect();
        let n = chars.len();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || starts_with_bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let code = c as u32;
                match code {
                    0x00 => self.put('0'),
                    0x07 => self.put('a'),
                    0x08 => self.put('b'),
                    0x09 => self.put('t'),
                    0x0a => self.put('n'),
                    0x0b => self.put('v'),
                    0x0c => self.put('f'),
                    0x0d => self.put('r'),
                    0x1b => self.put('e'),
                    0x22 => self.put('"'),
                    0x5c => self.put('\\'),
                    0x85 => self.put('N'),
                    0xa0 => self.put('_'),
                    0x2028 => self.put('L'),
                    0x2029 => self.put('P'),
                    _ => {
                        let (letter, width) = if code <= 0xff {
                            ('x', 2)
                        } else if code <= 0xffff {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(letter);
                        for k in (0..width).rev() {
                            let digit = (code >> (4 * k)) & 0xf;
                            let ch = char::from_digit(digit, 16)
                                .unwrap_or('0')
                                .to_ascii_uppercase();
                            self.put(ch);
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < n {
                    self.write_indent();
                    if chars[i + 1] == ' ' {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints: an indentation indicator when the value starts
        // with a space or a break, a chomping indicator for its end.
        let chars: Vec<char> = value.chars().collect();
        if chars.first().is_some_and(|c| *c == ' ' || is_break(*c)) {
            let hint = BEST_INDENT.to_string();
            self.write_indicator(&hint, false, false, false);
        }
        let chomp = match chars.as_slice() {
            [] => Some("-"),
            [.., last] if !is_break(*last) => Some("-"),
            [_] => Some("+"),
            [.., before, _] if is_break(*before) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for &c in &chars {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

#[cfg(test)]
mod tests;
