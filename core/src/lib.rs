//! `aac-core`: the ai-agent-connector chart's logic as a pure Rust library.
//!
//! Values in, Kubernetes manifests out. No I/O: the crate never opens a file,
//! reads the environment or spawns a process, so it runs natively, inside
//! Helm as a WebAssembly post-renderer, and in the browser.
