//! Bytes to text as go-yaml reads them.

use crate::value::{LoadError, Location};

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
pub(crate) fn utf16_byte_order_mark(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFE, 0xFF, ..] => Some(true),
        [0xFF, 0xFE, ..] => Some(false),
        _ => None,
    }
}
