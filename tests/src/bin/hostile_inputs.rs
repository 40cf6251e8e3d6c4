//! Writes the hostile inputs of `aac_tests::hostile::cases()` to a folder, for
//! `scripts/hostile-table.sh`:
//!
//!   hostile-inputs DIR
//!
//! For each case: `DIR/<name>.values.yaml` (the values file, when the case has
//! one), `DIR/<name>.stream.yaml` (the post-renderer's stdin, when it has one),
//! and one line in `DIR/cases.tsv`: name, what, then what `aac render` and `aac
//! post-render` must answer (`refused:TEXT`, `warns:TEXT` or `-`).

use std::io::Write as _;

use aac_tests::hostile::{Expect, cases};

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            eprintln!("usage: hostile-inputs DIR");
            std::process::exit(2);
        });
    std::fs::create_dir_all(&dir).expect("create the folder");
    let mut index = std::fs::File::create(dir.join("cases.tsv")).expect("cases.tsv");
    let expect = |e: &Expect| match e {
        Expect::Refused(text) => format!("refused:{text}"),
        Expect::RenderedWithWarning(text) => format!("warns:{text}"),
        Expect::NotApplicable => "-".to_string(),
    };
    for case in cases() {
        if let Some(values) = &case.values {
            std::fs::write(dir.join(format!("{}.values.yaml", case.name)), values)
                .expect("write values");
        }
        if let Some(stream) = &case.stream {
            std::fs::write(dir.join(format!("{}.stream.yaml", case.name)), stream)
                .expect("write stream");
        }
        writeln!(
            index,
            "{}\t{}\t{}\t{}",
            case.name,
            case.what,
            expect(&case.render),
            expect(&case.post_render)
        )
        .expect("write cases.tsv");
    }
}
