//! go-yaml v2's emitter (`emitterc.go`): block style, scalar analysis and
//! the choice of plain, quoted or literal style, line folding.

use super::sorter::key_less;
use super::{Scalar, Style, scalar, string_style};
use crate::value::Value;

/// The emitter's context for one node (`yaml_emitter_emit_node`'s flags).
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    mapping: bool,
    simple_key: bool,
}

impl Ctx {
    pub(super) const ROOT: Ctx = Ctx {
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
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let document_marker = value.starts_with("---") || value.starts_with("...");
    let mut block_indicators = document_marker;
    let mut flow_indicators = document_marker;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut preceded_by_whitespace = true;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = i + 1 >= n || matches!(chars[i + 1], ' ' | '\t');
        // (flow indicator, block indicator): what the character is at the
        // start of the value and after it.
        let (flow, block) = if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => (true, true),
                '?' | ':' => (true, followed_by_whitespace),
                '-' => (followed_by_whitespace, followed_by_whitespace),
                _ => (false, false),
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => (true, false),
                ':' => (true, followed_by_whitespace),
                '#' => (preceded_by_whitespace, preceded_by_whitespace),
                _ => (false, false),
            }
        };
        flow_indicators |= flow;
        block_indicators |= block;
        special_characters |= !is_printable(c);
        let previous = i.checked_sub(1).map(|p| chars[p]);
        line_breaks |= is_break(c);
        break_space |= c == ' ' && previous.is_some_and(is_break);
        space_break |= is_break(c) && previous == Some(' ');
        preceded_by_whitespace = matches!(c, ' ' | '\t') || is_break(c);
    }
    let blank = |c: char| c == ' ' || is_break(c);
    let trailing_space = chars[n - 1] == ' ';
    let plain_allowed = !(blank(chars[0])
        || blank(chars[n - 1])
        || break_space
        || space_break
        || special_characters
        || line_breaks);
    Analysis {
        multiline: line_breaks,
        flow_plain_allowed: plain_allowed && !flow_indicators,
        block_plain_allowed: plain_allowed && !block_indicators,
        single_quoted_allowed: !(break_space || space_break || special_characters),
        block_allowed: !(trailing_space || space_break || special_characters),
    }
}

const BEST_INDENT: i64 = 2;

const BEST_WIDTH: i64 = 80;

pub(super) struct Emitter {
    pub(super) out: String,
    indent: i64,
    indents: Vec<i64>,
    column: i64,
    whitespace: bool,
    indention: bool,
    flow_level: usize,
}

impl Emitter {
    pub(super) fn new() -> Self {
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

    /// `write_break`: `\n` as a line break, other breaks copied as they are;
    /// the next line starts at its indentation.
    fn write_break(&mut self, c: char) {
        self.out.push(c);
        self.column = 0;
        self.indention = true;
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

    pub(super) fn write_indent(&mut self) {
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

    pub(super) fn node(&mut self, v: &Value, ctx: Ctx) {
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
        self.write_folded(value, allow_breaks, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        self.write_folded(value, allow_breaks, true);
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    /// The text of a plain (`single` false) or single-quoted scalar, as
    /// go-yaml writes both: a lone space past the best width may become a line
    /// break (in a single-quoted scalar not its first or last character), the
    /// first of a run of newlines gets an extra one, and a single-quoted
    /// scalar doubles each `'`.
    fn write_folded(&mut self, value: &str, allow_breaks: bool, single: bool) {
        let chars: Vec<char> = value.chars().collect();
        let n = chars.len();
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let may_break = if single {
                    i > 0 && i + 1 < n && chars[i + 1] != ' '
                } else {
                    chars.get(i + 1) != Some(&' ')
                };
                if allow_breaks && !spaces && self.column > BEST_WIDTH && may_break {
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
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if single && c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
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
