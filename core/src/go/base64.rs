//! Go's `encoding/base64`.

use ::base64::Engine as _;
use ::base64::alphabet::STANDARD;
use ::base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// `base64.StdEncoding`: padding required, and (not being `Strict()`) bits
/// after the last whole byte need not be zero.
const STD_ENCODING: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// `base64.StdEncoding.DecodeString`, which skips `\r` and `\n`.
pub(crate) fn decode_string(s: &str) -> Option<Vec<u8>> {
    let data: Vec<u8> = s.bytes().filter(|c| !matches!(c, b'\r' | b'\n')).collect();
    STD_ENCODING.decode(data).ok()
}
