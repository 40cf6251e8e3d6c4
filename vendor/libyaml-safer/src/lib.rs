//! A YAML 1.1 event parser: libyaml's scanner and parser as ported to safe
//! Rust by `libyaml-safer` 0.3.0 (MIT, see `LICENSE-MIT` beside this file;
//! © 2024 Simon Ask Ulsnes, derived from unsafe-libyaml © David Tolnay and
//! libyaml © Kirill Simonov / Ingy döt Net), vendored so it can be aligned
//! with go-yaml v2, the libyaml port that Helm parses values with
//! (through sigs.k8s.io/yaml). Changes from the upstream crate:
//!
//! - input is a `&str` (no reader, no encodings, no `unsafe`);
//! - nesting limits of go-yaml v2 (`max_flow_level`, `max_indents` = 10000);
//! - plain scalars in flow context end at `,[]{}?` and `:` + blank exactly
//!   as go-yaml v2 `yaml_parser_scan_plain_scalar` does;
//! - no panics on malformed input (tags followed by `,`, bad escapes);
//! - `%YAML 1.2` is an incompatible document, as in go-yaml v2 (libyaml takes it).
//!
//! Only the parts the values loader needs are kept (no emitter, no
//! document composer); what differs from upstream is listed in `PATCHES.md`.

#[macro_use]
mod macros;

mod error;
mod event;
mod parser;
mod scanner;
mod token;

pub use self::error::*;
pub use self::event::*;
pub use self::parser::*;
pub(crate) use self::token::*;

/// The tag `!!null` with the only possible value: `null`.
pub const NULL_TAG: &str = "tag:yaml.org,2002:null";
/// The tag `!!bool` with the values: `true` and `false`.
pub const BOOL_TAG: &str = "tag:yaml.org,2002:bool";
/// The tag `!!str` for string values.
pub const STR_TAG: &str = "tag:yaml.org,2002:str";
/// The tag `!!int` for integer values.
pub const INT_TAG: &str = "tag:yaml.org,2002:int";
/// The tag `!!float` for float values.
pub const FLOAT_TAG: &str = "tag:yaml.org,2002:float";
/// The tag `!!timestamp` for date and time values.
pub const TIMESTAMP_TAG: &str = "tag:yaml.org,2002:timestamp";
/// The tag `!!seq` is used to denote sequences.
pub const SEQ_TAG: &str = "tag:yaml.org,2002:seq";
/// The tag `!!map` is used to denote mapping.
pub const MAP_TAG: &str = "tag:yaml.org,2002:map";
/// The tag `!!binary`.
pub const BINARY_TAG: &str = "tag:yaml.org,2002:binary";
/// The tag `!!merge`.
pub const MERGE_TAG: &str = "tag:yaml.org,2002:merge";

/// The version directive data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VersionDirective {
    /// The major version number.
    pub major: i32,
    /// The minor version number.
    pub minor: i32,
}

/// The tag directive data.
#[derive(Debug, Clone, PartialEq)]
pub struct TagDirective {
    /// The tag handle.
    pub handle: String,
    /// The tag prefix.
    pub prefix: String,
}

/// The stream encoding.
#[derive(Copy, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Encoding {
    /// Let the parser choose the encoding.
    #[default]
    Any = 0,
    /// The default UTF-8 encoding.
    Utf8 = 1,
    /// The UTF-16-LE encoding with BOM.
    Utf16Le = 2,
    /// The UTF-16-BE encoding with BOM.
    Utf16Be = 3,
}

/// Scalar styles.
#[derive(Copy, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum ScalarStyle {
    /// Let the emitter choose the style.
    #[default]
    Any = 0,
    /// The plain scalar style.
    Plain = 1,
    /// The single-quoted scalar style.
    SingleQuoted = 2,
    /// The double-quoted scalar style.
    DoubleQuoted = 3,
    /// The literal scalar style.
    Literal = 4,
    /// The folded scalar style.
    Folded = 5,
}

/// Sequence styles.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum SequenceStyle {
    /// Let the emitter choose the style.
    Any = 0,
    /// The block sequence style.
    Block = 1,
    /// The flow sequence style.
    Flow = 2,
}

/// Mapping styles.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum MappingStyle {
    /// Let the emitter choose the style.
    Any = 0,
    /// The block mapping style.
    Block = 1,
    /// The flow mapping style.
    Flow = 2,
}
