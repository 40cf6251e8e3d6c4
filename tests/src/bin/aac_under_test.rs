//! The `aac` CLI built into this package, so the tests get its path from
//! Cargo (`CARGO_BIN_EXE_aac-under-test`) and `cargo test` builds it first.
//! Named apart from the host's `aac` binary so the two never collide in
//! `target/`.

fn main() -> std::process::ExitCode {
    aac::main()
}
