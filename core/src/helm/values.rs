//! Helm's `values.Options.MergeValues`: the user's values from `-f` files
//! and `--set*` flags, in Helm's order.

use super::HelmVersion;
use super::coalesce::merge_maps_tracked;
use super::strvals::{SetMode, parse_set_as};
use super::values_file::parse_values_as;
use crate::go::json::parse_json_object;
use crate::value::{
    LoadError, Location, Locations, MAX_VALUES_BYTES, Value, ValuesPath, Warning, too_large,
};

/// The user's values sources, as Helm's `values.Options` holds them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValuesOptions {
    /// `-f/--values`: (name as given, content), in order.
    pub values_files: Vec<(String, String)>,
    /// `--set`.
    pub set: Vec<String>,
    /// `--set-string`.
    pub set_string: Vec<String>,
    /// `--set-json`.
    pub set_json: Vec<String>,
    /// `--set-file`: values are paths, read with the `read_file` argument of
    /// [`merge_values`].
    pub set_file: Vec<String>,
    /// `--set-literal`.
    pub set_literal: Vec<String>,
    /// Which Helm to follow where 3.17 and 4.1 differ.
    pub helm_version: HelmVersion,
}

impl ValuesOptions {
    /// Only `-f` files, (name as given, content) in order, for the newest Helm 4.
    pub fn with_files(files: &[(&str, &str)]) -> ValuesOptions {
        ValuesOptions {
            values_files: files
                .iter()
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .collect(),
            ..ValuesOptions::default()
        }
    }

    /// The list a `--set`-family flag adds to (`--set`, `--set-string`,
    /// `--set-json`, `--set-file`, `--set-literal`); `None` for another flag.
    pub fn flag_values(&mut self, flag: &str) -> Option<&mut Vec<String>> {
        match flag {
            "--set" => Some(&mut self.set),
            "--set-string" => Some(&mut self.set_string),
            "--set-json" => Some(&mut self.set_json),
            "--set-file" => Some(&mut self.set_file),
            "--set-literal" => Some(&mut self.set_literal),
            _ => None,
        }
    }
}

/// Helm's `Options.MergeValues`: every source in Helm's order. Every error
/// is reported (Helm stops at the first). `read_file` reads `--set-file`
/// paths (Helm also reads `-` as stdin and URLs through its getters; that is
/// up to the caller).
pub fn merge_values(
    opts: &ValuesOptions,
    read_file: impl Fn(&str) -> Result<String, String>,
) -> Result<(Value, Locations, Vec<Warning>), Vec<LoadError>> {
    let version = opts.helm_version;
    let total: usize = opts
        .values_files
        .iter()
        .map(|(_, text)| text.len())
        .sum::<usize>()
        + [
            &opts.set,
            &opts.set_string,
            &opts.set_json,
            &opts.set_file,
            &opts.set_literal,
        ]
        .iter()
        .flat_map(|exprs| exprs.iter())
        .map(String::len)
        .sum::<usize>();
    if total > MAX_VALUES_BYTES {
        return Err(vec![LoadError::msg(too_large(
            "the values files and flags together are",
            total,
        ))]);
    }
    let mut base = Value::empty_map();
    let mut locs = Locations::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();

    for (name, text) in &opts.values_files {
        match parse_values_as(name, text, version) {
            Ok(loaded) => {
                base = merge_maps_tracked(base, loaded.value, &mut locs, loaded.locations);
                warnings.extend(loaded.warnings);
            }
            // The location names the file, as Helm's `failed to parse NAME`.
            Err(errs) => errors.extend(errs),
        }
    }

    for (n, value) in opts.set_json.iter().enumerate() {
        let trimmed = value.trim();
        if version.is_v4() && trimmed.starts_with('{') {
            match parse_json_object(trimmed) {
                Ok(m) => {
                    let mut added = Locations::new();
                    for k in m.keys() {
                        added.insert(ValuesPath::root().key(k), flag_location("--set-json", n, 1));
                    }
                    base = merge_maps_tracked(base, Value::Map(m), &mut locs, added);
                }
                // Helm prints the JSON; it may hold secrets, so it is not shown.
                Err(_) => errors.push(LoadError {
                    path: None,
                    location: Some(flag_location("--set-json", n, 1)),
                    message: "failed parsing --set-json data: not a valid JSON object".into(),
                }),
            }
            continue;
        }
        match parse_set_as(value, &mut base, SetMode::SetJson, version) {
            Ok(paths) => record(&mut locs, "--set-json", n, paths),
            Err(_) => errors.push(LoadError {
                path: None,
                location: Some(flag_location("--set-json", n, 1)),
                message: match value.split_once('=') {
                    Some((key, _)) => {
                        format!("failed parsing --set-json data {key}: the value is not valid JSON")
                    }
                    None => "failed parsing --set-json data: expected key=JSON".into(),
                },
            }),
        }
    }

    let file_reader = |p: &str| read_file(p);
    let kinds: [(&str, &Vec<String>, SetMode<'_>, &str); 4] = [
        (
            "--set",
            &opts.set,
            SetMode::Set,
            "failed parsing --set data",
        ),
        (
            "--set-string",
            &opts.set_string,
            SetMode::SetString,
            "failed parsing --set-string data",
        ),
        (
            "--set-file",
            &opts.set_file,
            SetMode::SetFile(&file_reader),
            "failed parsing --set-file data",
        ),
        (
            "--set-literal",
            &opts.set_literal,
            SetMode::SetLiteral,
            "failed parsing --set-literal data",
        ),
    ];
    for (flag, exprs, mode, prefix) in kinds {
        for (n, expr) in exprs.iter().enumerate() {
            match parse_set_as(expr, &mut base, mode, version) {
                Ok(paths) => record(&mut locs, flag, n, paths),
                Err(e) => errors.push(LoadError {
                    path: None,
                    location: Some(flag_location(flag, n, 1)),
                    message: format!("{prefix}: {}", e.message),
                }),
            }
        }
    }

    if errors.is_empty() {
        Ok((base, locs, warnings))
    } else {
        Err(errors)
    }
}

/// The paths `--set-file` expressions read, in the order [`merge_values`]
/// reads them (a path named twice, once): what a caller must have ready for
/// its `read_file`.
pub fn set_file_paths(set_file: &[String], version: HelmVersion) -> Vec<String> {
    let paths = std::cell::RefCell::new(Vec::<String>::new());
    let note = |path: &str| {
        let mut paths = paths.borrow_mut();
        if !paths.iter().any(|p| p == path) {
            paths.push(path.to_string());
        }
        Ok(String::new())
    };
    let mut scratch = Value::empty_map();
    for expr in set_file {
        // A malformed expression is reported by `merge_values`; the paths
        // before the error are still read there.
        let _ = parse_set_as(expr, &mut scratch, SetMode::SetFile(&note), version);
    }
    paths.into_inner()
}

fn flag_location(flag: &str, n: usize, column: u32) -> Location {
    Location {
        source: flag.to_string(),
        line: u32::try_from(n + 1).unwrap_or(u32::MAX),
        column,
    }
}

fn record(locs: &mut Locations, flag: &str, n: usize, paths: Vec<(ValuesPath, u32)>) {
    for (p, col) in paths {
        locs.remove_subtree(&p);
        locs.insert(p, flag_location(flag, n, col));
    }
}
