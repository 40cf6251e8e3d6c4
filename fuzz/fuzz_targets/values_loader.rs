//! The values loader on any input: never panics, stays within libFuzzer's time
//! and memory limits, and every answer is well formed.
#![no_main]

use aac_core::{HelmVersion, parse_values, parse_values_as, parse_values_bytes};
use libfuzzer_sys::fuzz_target;

mod errors;

fuzz_target!(|data: &[u8]| {
    // The bytes as a file: UTF-8 checked as Helm checks it, UTF-16 with a BOM.
    for version in [HelmVersion::V4, HelmVersion::V3] {
        let from_bytes = parse_values_bytes("fuzz.yaml", data, version);
        if let Ok(text) = std::str::from_utf8(data) {
            assert_eq!(
                from_bytes,
                parse_values_as("fuzz.yaml", text, version),
                "UTF-8 bytes read as their text"
            );
        } else if let Err(errors) = &from_bytes {
            assert!(!errors.is_empty());
        }
    }

    // Any text: valid UTF-8 as it is, anything else after a lossy decode.
    let text = String::from_utf8_lossy(data);
    let v4 = parse_values("fuzz.yaml", &text);
    assert_eq!(
        v4,
        parse_values_as("fuzz.yaml", &text, HelmVersion::V4),
        "parse_values is parse_values_as(.., V4)"
    );
    let v3 = parse_values_as("fuzz.yaml", &text, HelmVersion::V3);
    for result in [v4, v3] {
        match result {
            Ok(loaded) => {
                assert!(loaded.value.is_map(), "values are always a map");
                for w in &loaded.warnings {
                    assert!(!w.to_string().is_empty());
                }
            }
            Err(list) => errors::assert_explained(list.iter().map(|e| e.message.as_str())),
        }
    }
});
