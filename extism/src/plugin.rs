//! The extism export Helm calls: `helm_plugin_main` (wasm32 only).
#![allow(unsafe_code)]

use extism_pdk::Memory;

/// Reads Helm's input message, writes the output message; on failure sets the
/// extism error to what `aac post-render` would print and returns 1.
#[unsafe(no_mangle)]
pub extern "C" fn helm_plugin_main() -> i32 {
    let input = extism_pdk::input_bytes();
    let result = crate::post_render(&input);
    drop(input);
    let (text, failed) = match result {
        Ok(output) => (output, false),
        Err(error) => (error, true),
    };
    let Ok(memory) = Memory::from_bytes(text) else {
        return 1;
    };
    if failed {
        // SAFETY: `memory` is a block the runtime allocated and holds the message.
        unsafe { extism_pdk::extism::error_set(memory.offset()) };
        1
    } else {
        memory.set_output();
        0
    }
}
