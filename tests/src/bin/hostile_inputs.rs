//! Writes the hostile inputs of `aac_tests::hostile::cases()` to a folder, for
//! `scripts/hostile-table.sh`:
//!
//!   hostile-inputs DIR
//!
//! The files are those of `aac_tests::hostile::write_inputs`.

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            eprintln!("usage: hostile-inputs DIR");
            std::process::exit(2);
        });
    aac_tests::hostile::write_inputs(&dir).expect("write the hostile inputs");
}
