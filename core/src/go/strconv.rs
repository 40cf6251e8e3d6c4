//! Go's `strconv`: number parsing as go-yaml and strvals call it, float
//! formatting (`FormatFloat` with `'g'` and shortest digits), `Quote`.

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
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    // Printable ASCII but `"` and `\` is written as it is: copy it in runs.
    let plain = |b: u8| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\';
    let mut rest = s;
    while !rest.is_empty() {
        let run = rest.bytes().position(|b| !plain(b)).unwrap_or(rest.len());
        out.push_str(&rest[..run]);
        rest = &rest[run..];
        if let Some(c) = rest.chars().next() {
            push_go_escaped(&mut out, c, '"');
            rest = &rest[c.len_utf8()..];
        }
    }
    out.push('"');
    out
}

pub(crate) fn push_go_escaped(out: &mut String, c: char, quote: char) {
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

/// Go `strconv.ParseUint(s, base, 64)` for base 0 (prefixes `0x`, `0o`,
/// `0b`, leading `0` = octal) or an explicit base; `None` on any error.
pub(crate) fn go_parse_uint(s: &str, base: u32) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let (base, digits) = if base == 0 {
        let b = s.as_bytes();
        if b[0] == b'0' {
            let second = b.get(1).map(|c| c.to_ascii_lowercase());
            if s.len() >= 3 && second == Some(b'b') {
                (2, &s[2..])
            } else if s.len() >= 3 && second == Some(b'o') {
                (8, &s[2..])
            } else if s.len() >= 3 && second == Some(b'x') {
                (16, &s[2..])
            } else {
                (8, &s[1..])
            }
        } else {
            (10, s)
        }
    } else {
        (base, s)
    };
    let mut n: u64 = 0;
    for c in digits.chars() {
        let d = c.to_digit(36)?;
        if d >= base {
            return None;
        }
        n = n.checked_mul(u64::from(base))?.checked_add(u64::from(d))?;
    }
    Some(n)
}

/// Go `strconv.ParseInt(s, base, 64)`; `None` on any error.
pub(crate) fn go_parse_int(s: &str, base: u32) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let un = go_parse_uint(rest, base)?;
    if neg {
        if un > 1u64 << 63 {
            None
        } else {
            Some((un as i64).wrapping_neg())
        }
    } else if un >= 1u64 << 63 {
        None
    } else {
        Some(un as i64)
    }
}

/// Go `strconv.ParseFloat(s, 64)` for the decimal forms values files use;
/// `None` on a syntax error or overflow (Go's `ErrRange`).
pub(crate) fn go_parse_float(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(if s.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if lower == "nan" {
        return Some(f64::NAN);
    }
    // Decimal mantissa with optional exponent; Go also takes hex floats and
    // underscores after a base prefix, which cannot reach here from YAML
    // (the callers only pass text starting with '.', digits or a sign that
    // matched the YAML float pattern).
    let b = body.as_bytes();
    let mut i = 0;
    let mut nd = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        nd += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            nd += 1;
        }
    }
    if nd == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    if f.is_infinite() { None } else { Some(f) }
}

/// `strconv.ParseInt(v, 10, 64)`: an optional sign, then decimal digits
/// (no `_`, which Go allows only with base 0), as Rust's `i64::from_str` reads.
pub(crate) fn go_parse_int10(v: &str) -> Option<i64> {
    v.parse().ok()
}

/// `strconv.Atoi` with its error text.
pub(crate) fn go_atoi(s: &str) -> Result<i64, String> {
    use std::num::IntErrorKind::{NegOverflow, PosOverflow};
    s.parse().map_err(|e: std::num::ParseIntError| {
        let problem = match e.kind() {
            PosOverflow | NegOverflow => "value out of range",
            _ => "invalid syntax",
        };
        format!("strconv.Atoi: parsing {}: {problem}", go_quote(s))
    })
}
