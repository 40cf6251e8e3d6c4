//! The reference the extism plugin is tested against (scripts/test-extism-plugin.py):
//! what `aac post-render` answers for a manifest stream, computed natively with
//! `aac_wasm::handle` (the same call the `aac` host makes in its sandbox), without
//! building the wasmtime host.
//!
//! stdin: `{"manifests": "<stream>", "helm": 3|4|null}`; stdout: aac-wasm's JSON answer.

use std::io::Read;

fn main() {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .expect("stdin is UTF-8 JSON");
    let mut request: serde_json::Value = serde_json::from_str(&input).expect("stdin is JSON");
    request["command"] = "post-render".into();
    println!("{}", aac_wasm::handle(&request.to_string()));
}
