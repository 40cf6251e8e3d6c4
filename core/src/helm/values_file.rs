//! Reading a values file as Helm does: Helm 3 (`chartutil.ReadValues`)
//! reads its first YAML document, Helm 4 (`chart/v2/loader.LoadValues`)
//! cuts it into documents and deep-merges them; both refuse files over
//! [`MAX_VALUES_BYTES`]; Helm 3 also reads UTF-16.

use std::borrow::Cow;

use super::HelmVersion;
use super::coalesce::merge_maps_tracked;
use crate::value::{LoadError, Location, Locations, MAX_VALUES_BYTES, Value, Warning, too_large};
use crate::yaml::decode::decode_document;
use crate::yaml::input::{utf8_file_text, utf16_byte_order_mark};
use crate::yaml::split::split_documents;

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
            let doc = decode_document(source_name, 0, text);
            out.warnings.extend(doc.warnings);
            match doc.result {
                Ok((v, locations)) => {
                    out.locations = locations;
                    out.value = v;
                    if doc.more_documents {
                        out.warnings.push(Warning {
                            kind: crate::diagnostics::Kind::Suspicious,
                            path: None,
                            location: None,
                            message: "the file has more than one YAML document; Helm 3 reads \
                                      only the first one, Helm 4 merges them all"
                                .to_string(),
                        });
                    }
                }
                Err(e) => errors.extend(e),
            }
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
                let doc = decode_document(source_name, chunk.first_line, &chunk.text);
                match doc.result {
                    Ok((v, doc_locs)) => {
                        if errors.is_empty() {
                            let base = std::mem::take(&mut out.value);
                            out.value = merge_maps_tracked(base, v, &mut out.locations, doc_locs);
                        }
                    }
                    Err(e) => errors.extend(e),
                }
                out.warnings.extend(doc.warnings);
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
