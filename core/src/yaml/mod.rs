//! Values-file loader: YAML text to a [`Value`](crate::value::Value) exactly as Helm reads it.
//!
//! Helm reads a values file with `sigs.k8s.io/yaml.Unmarshal`: go-yaml v2
//! decodes the YAML (YAML 1.1 scalars, merge keys, aliases), the result is
//! turned into JSON (non-string keys become strings, NaN and infinities are
//! refused) and decoded again with `encoding/json` into `map[string]any`, so
//! every number becomes a `float64`.
//!
//! Documents: Helm 3 gives the whole file to one `Unmarshal`, which reads
//! only the first YAML document and ignores the rest. Helm 4
//! (`pkg/chart/v2/loader.LoadValues`) splits the file into documents at
//! lines that start with `---` (k8s.io/apimachinery `YAMLReader`; such a
//! line may carry only blanks and a comment after the `---`), reads each
//! document and deep-merges them in order. [`crate::helm::values_file::parse_values`] does what Helm 4
//! does; [`crate::helm::values_file::parse_values_as`] can follow Helm 3 instead.

//!
//! This module is YAML only; which Helm reads how is
//! [`crate::helm::values_file`]'s business:
//!
//! - [`input`]: bytes to text (UTF-8 with go-yaml's messages, UTF-16 marks);
//! - [`split`]: Helm 4's document splitting (`YAMLReader`);
//! - [`resolve`]: YAML 1.1 scalar resolution (go-yaml's `resolve.go`);
//! - [`decode`]: one document to a value, with locations;
//! - [`emit`]: go-yaml v2's emitter, for `toYaml`.

pub mod decode;
pub mod emit;
pub mod input;
pub mod resolve;
pub mod split;

#[cfg(test)]
mod tests;
