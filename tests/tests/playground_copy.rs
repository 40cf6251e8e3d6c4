//! `cargo install --path host` serves the playground with no npm: `aac`
//! embeds `web/dist` when it is built, else `host/playground`, the committed
//! copy of it (host/build_web.rs), whose files are the `.br` and `.gz` copies
//! `aac serve` sends (each file itself unpacked from its `.gz` when `aac` is
//! built). The copy must be what `scripts/build-web.sh` builds from the sources
//! now, byte for byte once unpacked; `scripts/build-web.sh --bless` refreshes it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use aac_tests::repo_root;

#[path = "../../host/build_web.rs"]
mod build_web;

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let paths = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path());
    read(paths.filter(|p| p.is_file()))
}

fn read(paths: impl Iterator<Item = PathBuf>) -> BTreeMap<String, Vec<u8>> {
    paths
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_committed_playground_is_what_build_web_builds() {
    let root = repo_root();
    // A no-op when web/dist is fresh (scripts/test.sh has just built it).
    let status = Command::new("bash")
        .arg(root.join("scripts/build-web.sh"))
        .current_dir(&root)
        .status()
        .expect("bash runs");
    assert!(status.success(), "scripts/build-web.sh failed");
    let built = files(&root.join("web/dist"));
    let copy = files(&root.join("host/playground"));
    let twice: Vec<&String> = copy
        .keys()
        .filter(|name| copy.contains_key(&format!("{name}.gz")))
        .collect();
    assert!(
        twice.is_empty(),
        "host/playground holds {twice:?} beside their .gz copies: run scripts/build-web.sh --bless"
    );
    let unpacked = root.join("target/playground-copy");
    let _ = std::fs::remove_dir_all(&unpacked);
    let committed =
        read(build_web::unpack_committed(&root.join("host/playground"), &unpacked).into_iter());
    let stale: Vec<&String> = built
        .keys()
        .chain(committed.keys())
        .filter(|name| built.get(*name) != committed.get(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "host/playground (what `cargo install --path host` serves) differs from a fresh \
         web/dist in {stale:?}: run scripts/build-web.sh --bless and commit host/playground"
    );
}

/// Runs build_web::embed for a fake repository; the generated web_assets.rs.
fn embedded(name: &str, dist: bool, committed: bool) -> String {
    let root = std::env::temp_dir().join(format!("aac-playground-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("web")).unwrap();
    std::fs::create_dir_all(root.join("host")).unwrap();
    std::fs::create_dir_all(root.join("out")).unwrap();
    if dist {
        std::fs::create_dir_all(root.join("web/dist")).unwrap();
        std::fs::write(root.join("web/dist/index.html"), "dist").unwrap();
    }
    if committed {
        std::os::unix::fs::symlink(
            repo_root().join("host/playground"),
            root.join("host/playground"),
        )
        .unwrap();
    }
    build_web::embed(&root, &root.join("out"));
    let code = std::fs::read_to_string(root.join("out/web_assets.rs")).unwrap();
    let _ = std::fs::remove_dir_all(&root);
    code
}

#[test]
fn aac_embeds_web_dist_else_the_committed_copy() {
    // A clean checkout (`cargo install --path host`): the committed copy, every file of it.
    let code = embedded("clean", false, true);
    assert!(code.contains("const BUILT: bool = true;"), "{code}");
    let copy = files(&repo_root().join("host/playground"));
    for name in copy.keys() {
        assert!(
            code.contains(&format!("(\"/{name}\", "))
                && code.contains(&format!("host/playground/{name}\")")),
            "{name} is not embedded from host/playground:\n{code}"
        );
        // The file itself, unpacked from its .gz copy.
        if let Some(identity) = name.strip_suffix(".gz") {
            assert!(
                code.contains(&format!("(\"/{identity}\", "))
                    && code.contains(&format!("out/playground/{identity}\")")),
                "{identity} is not embedded, unpacked from {name}:\n{code}"
            );
        }
    }
    // A working checkout: its own build.
    let code = embedded("dev", true, true);
    assert!(
        code.contains("web/dist/index.html") && !code.contains("host/playground"),
        "{code}"
    );
    // Neither: a page that says how to build it.
    let code = embedded("none", false, false);
    assert!(code.contains("const BUILT: bool = false;"), "{code}");
}
