//! `aac`: the ai-agent-connector chart's renderer as a command.
//!
//! Every command that renders runs the core's WebAssembly build in the
//! sandbox of [`sandbox`]; this crate only reads files and flags, talks JSON
//! to the module and prints. The request/response protocol is documented in
//! the `aac-wasm` crate.

use std::process::ExitCode;

mod cli;
pub mod engine_config;
mod module_cache;
pub mod sandbox;
mod serve;

/// Runs `aac` with the process's arguments; the exit code to return.
pub fn main() -> ExitCode {
    cli::main(std::env::args_os())
}

/// Runs `aac` with the given arguments (the first is the program name).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    cli::main(args)
}
