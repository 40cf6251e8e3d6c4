//! Builds the renderer module and embeds it precompiled, so `aac` starts in
//! milliseconds with a wasmtime that has no compiler:
//! 1. `cargo build --release --target wasm32-unknown-unknown -p aac-wasm` in a
//!    target directory of its own (no lock contention with this build), after
//!    `rustup target add wasm32-unknown-unknown` when the target is missing;
//! 2. compiles it with wasmtime + Cranelift and the host's `Config`
//!    (`src/engine_config.rs`) for this build's target, with the target's
//!    baseline CPU features (the binary runs on any CPU of its architecture);
//! 3. writes `$OUT_DIR/aac.cwasm`, which `src/sandbox.rs` includes.
//!
//! `AAC_WASM_MODULE=path/to/aac_wasm.wasm` skips step 1 (e.g. a prebuilt module).

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "build_web.rs"]
mod build_web;
#[path = "src/engine_config.rs"]
mod engine_config;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("cargo sets {name} for build scripts"))
}

fn main() {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let root = manifest_dir
        .parent()
        .expect("host/ sits in the workspace")
        .to_path_buf();
    let out_dir = PathBuf::from(env("OUT_DIR"));
    // Everything the module is built from (vendor/: the YAML parser the core reads with).
    for path in [
        "wasm",
        "core",
        "vendor",
        "helm/ai-agent-connector",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }
    println!("cargo:rerun-if-changed=src/engine_config.rs");
    println!("cargo:rerun-if-env-changed=AAC_WASM_MODULE");
    build_web::embed(&root, &out_dir);

    let wasm_path = match std::env::var_os("AAC_WASM_MODULE") {
        Some(p) => PathBuf::from(p),
        None => build_module(&root, &out_dir),
    };
    let wasm = std::fs::read(&wasm_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", wasm_path.display()));

    assert_eq!(
        imports(&wasm),
        0,
        "{} imports something: the sandboxed module must import nothing (no WASI, no host calls)",
        wasm_path.display()
    );

    let mut config = engine_config::engine_config();
    config
        .target(&env("TARGET"))
        .expect("wasmtime supports this build's target");
    let engine = wasmtime::Engine::new(&config).expect("the engine configuration is valid");
    let compiled = engine
        .precompile_module(&wasm)
        .unwrap_or_else(|e| panic!("cannot compile {}: {e:?}", wasm_path.display()));
    // The name of its copy in the user's cache folder (src/module_cache.rs):
    // another module, another file.
    let id = format!("{:016x}-{}", fnv1a(&compiled), compiled.len());
    std::fs::write(out_dir.join("aac.cwasm"), compiled).expect("OUT_DIR is writable");
    std::fs::write(out_dir.join("aac.cwasm.id"), id).expect("OUT_DIR is writable");
}

/// 64-bit FNV-1a of `bytes`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// How many imports a wasm binary declares (its import section's count).
fn imports(wasm: &[u8]) -> u64 {
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ImportSection(imports) =
            payload.expect("the module is a valid wasm binary")
        {
            return u64::from(imports.count());
        }
    }
    0
}

/// The module's own target directory: `<target>/aac-wasm-module`, beside this
/// build's profile directories (`OUT_DIR` is `<target>/<profile>/build/<pkg>/out`).
fn module_target_dir(root: &Path, out_dir: &Path) -> PathBuf {
    out_dir
        .ancestors()
        .nth(4)
        .map(|target| target.join("aac-wasm-module"))
        .unwrap_or_else(|| root.join("target/aac-wasm-module"))
}

fn build_module(root: &Path, out_dir: &Path) -> PathBuf {
    ensure_wasm_target();
    let target_dir = module_target_dir(root, out_dir);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args([
        "build",
        "--release",
        "--target",
        WASM_TARGET,
        "-p",
        "aac-wasm",
    ])
    .arg("--manifest-path")
    .arg(root.join("Cargo.toml"))
    .arg("--target-dir")
    .arg(&target_dir);
    // What cargo set for this build script (or what a wrapper such as clippy
    // set) must not leak into a build for another target.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO_CFG_")
            || key.starts_with("CARGO_FEATURE_")
            || key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_MANIFEST_")
            || key.starts_with("DEP_")
        {
            cmd.env_remove(key.as_ref());
        }
    }
    for key in [
        "TARGET",
        "HOST",
        "OUT_DIR",
        "OPT_LEVEL",
        "PROFILE",
        "DEBUG",
        "NUM_JOBS",
        "RUSTFLAGS",
        "RUSTDOCFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_BUILD_TARGET_DIR",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_CRATE_NAME",
        "RUSTC_WORKSPACE_WRAPPER",
        "CLIPPY_ARGS",
        "CLIPPY_CONF_DIR",
    ] {
        cmd.env_remove(key);
    }
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo to build the wasm module: {e}"));
    if !output.status.success() {
        panic!(
            "building the wasm module failed ({:?}):\n{}",
            cmd,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    target_dir.join(WASM_TARGET).join("release/aac_wasm.wasm")
}

/// Installs the wasm32 standard library with rustup when it is missing.
fn ensure_wasm_target() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    if let Some(sysroot) = &sysroot
        && sysroot.join("lib/rustlib").join(WASM_TARGET).exists()
    {
        return;
    }
    println!(
        "cargo:warning=installing the {WASM_TARGET} target with rustup (needed to build the renderer module)"
    );
    let mut rustup = Command::new("rustup");
    rustup.args(["target", "add", WASM_TARGET]);
    if let Ok(toolchain) = std::env::var("RUSTUP_TOOLCHAIN") {
        rustup.args(["--toolchain", &toolchain]);
    }
    match rustup.status() {
        Ok(s) if s.success() => {}
        _ => panic!(
            "the {WASM_TARGET} target is missing and `rustup target add {WASM_TARGET}` failed; install it and build again"
        ),
    }
}
