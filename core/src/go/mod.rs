//! What the core mimics of Go's standard library, where Helm's output depends
//! on it: each module is named after the Go package it follows.
//!
//! - [`base64`]: `encoding/base64`'s standard encoding (`!!binary`);
//! - [`strconv`]: `ParseInt`/`ParseUint`/`ParseFloat`/`Atoi`, `FormatFloat`
//!   (`'g'`, shortest), `Quote`;
//! - [`fmt`]: `%v` of a value, `%q` of a `[]rune`;
//! - [`json`]: `encoding/json`'s encoder (sprig's `toJson`) and decoder
//!   (`--set-json`, the chart's typed values);
//! - [`template`]: what text/template and sprig print and test (`{{ v }}`,
//!   `if`, `default`);
//! - [`filepath`]: `filepath.Match` (`--show-only` globs);
//! - [`pflag`]: spf13/pflag's `StringSlice` (`-f a.yaml,b.yaml`, Go's `encoding/csv`);
//! - [`semver`]: Masterminds semver, as Helm checks `kubeVersion`.

pub mod base64;
pub mod filepath;
pub mod fmt;
pub mod json;
pub mod pflag;
pub mod semver;
pub mod strconv;
pub mod template;

#[cfg(test)]
mod tests;
