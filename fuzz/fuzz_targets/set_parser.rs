//! `--set`, `--set-string`, `--set-json`, `--set-file` and `--set-literal`
//! expressions on any input, for both Helm versions: never panic, and the
//! values stay a map.
#![no_main]

use aac_core::{HelmVersion, SetMode, Value, parse_set_as};
use libfuzzer_sys::fuzz_target;

mod errors;

fuzz_target!(|data: &[u8]| {
    // First byte: the mode and the Helm version; second: whether to start
    // from values that already hold something; the rest: the expression.
    let [selector, start, rest @ ..] = data else {
        return;
    };
    let expr = String::from_utf8_lossy(rest);
    let read_file = |path: &str| -> Result<String, String> {
        if path.starts_with('!') {
            Err(format!("open {path}: no such file or directory"))
        } else {
            Ok(format!("content of {path}\n"))
        }
    };
    let mode = match selector % 5 {
        0 => SetMode::Set,
        1 => SetMode::SetString,
        2 => SetMode::SetJson,
        3 => SetMode::SetFile(&read_file),
        _ => SetMode::SetLiteral,
    };
    let version = if selector & 0x80 == 0 {
        HelmVersion::V4
    } else {
        HelmVersion::V3
    };
    let mut values = if start % 2 == 0 {
        Value::empty_map()
    } else {
        aac_core::chart::default_values().value
    };
    match parse_set_as(&expr, &mut values, mode, version) {
        Ok(paths) => {
            assert!(values.is_map(), "--set keeps the values a map");
            for (path, column) in paths {
                assert!(column >= 1, "columns are 1-based");
                let _ = path.to_string();
            }
        }
        Err(e) => errors::assert_explained([e.message.as_str()]),
    }
});
