//! The one wasmtime configuration: build.rs compiles the module with it and
//! the host runs the module with it. A precompiled module loads only into an
//! engine with the same settings (and the same wasmtime version), so both
//! sides include this file.

/// Native stack the module's calls may use (wasmtime's default is 512 KiB;
/// the core's YAML reader recurses on nesting).
pub const MAX_WASM_STACK: usize = 2 << 20;

/// The engine configuration shared by build.rs and the host.
pub fn engine_config() -> wasmtime::Config {
    let mut config = wasmtime::Config::new();
    // The time cap: a timer thread bumps the epoch and the running module traps.
    config.epoch_interruption(true);
    config.max_wasm_stack(MAX_WASM_STACK);
    // Traps carry no wasm backtrace: the module's panic message says more.
    config.wasm_backtrace_max_frames(None);
    config
}
