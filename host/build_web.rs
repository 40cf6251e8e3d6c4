//! Embeds the values playground for `aac serve` (src/serve.rs): every file of
//! the playground becomes an entry of `$OUT_DIR/web_assets.rs`,
//! `ASSETS: &[(url path, content type, bytes)]`. The playground is `web/dist`
//! when it is built (`scripts/build-web.sh`: the newest, in a checkout where
//! someone works on it), else `host/playground`, the committed copy of it
//! (`scripts/build-web.sh --bless` refreshes it; a test fails while it differs
//! from a fresh `web/dist`), so `cargo install --path host` serves the
//! playground with no npm. Without either the binary still builds: it embeds a
//! page saying how to build the playground (`BUILT` is then false), and cargo
//! prints a warning.
//!
//! The committed copy holds each file as `aac serve` sends it to browsers:
//! `X.br` and `X.gz` (a file holds itself only where no `.gz` was smaller), so
//! the sources are not in the repository twice. The file itself, for a client
//! that takes neither coding, is unpacked from `X.gz` into `$OUT_DIR/playground`.

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" | "yaml" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

const NOT_BUILT: &str = "<!doctype html><meta charset=utf-8><title>aac serve</title>\
<h1>The playground is not in this build of aac</h1>\
<p>Build it with <code>scripts/build-web.sh</code>, then build <code>aac</code> again.</p>";

/// The files of a playground folder, sorted; empty when it has no index.html.
fn playground_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    if files
        .iter()
        .any(|p| p.ends_with("index.html") || p.ends_with("index.html.gz"))
    {
        files
    } else {
        Vec::new()
    }
}

/// The committed copy's files with each `X` that only its `X.gz` holds
/// unpacked into `unpacked`: every file `web/dist` had, sorted.
pub fn unpack_committed(dir: &Path, unpacked: &Path) -> Vec<PathBuf> {
    let mut files = playground_files(dir);
    let mut restored = Vec::new();
    for gz in &files {
        let Some(name) = gz.to_str().and_then(|p| p.strip_suffix(".gz")) else {
            continue;
        };
        let identity = PathBuf::from(name);
        if files.contains(&identity) {
            continue;
        }
        let mut bytes = Vec::new();
        std::fs::File::open(gz)
            .and_then(|f| flate2::read::GzDecoder::new(f).read_to_end(&mut bytes))
            .unwrap_or_else(|e| panic!("{}: {e}", gz.display()));
        let to = unpacked.join(identity.file_name().expect("a file name"));
        std::fs::create_dir_all(unpacked).expect("OUT_DIR is writable");
        std::fs::write(&to, bytes).expect("OUT_DIR is writable");
        restored.push(to);
    }
    files.append(&mut restored);
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    files
}

pub fn embed(root: &Path, out_dir: &Path) {
    let dist = root.join("web/dist");
    let committed = root.join("host/playground");
    // Directories: cargo reruns when anything under them changes (or they appear).
    println!("cargo:rerun-if-changed={}", dist.display());
    println!("cargo:rerun-if-changed={}", committed.display());
    let mut files = playground_files(&dist);
    if files.is_empty() {
        files = unpack_committed(&committed, &out_dir.join("playground"));
    }
    let built = !files.is_empty();
    let mut code = String::from("/// The playground's files: (URL path, content type, bytes).\n");
    code.push_str("static ASSETS: &[(&str, &str, &[u8])] = &[\n");
    if built {
        for path in &files {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            let _ = writeln!(
                code,
                "    ({:?}, {:?}, include_bytes!({:?})),",
                format!("/{name}"),
                content_type(name),
                path.display().to_string()
            );
        }
    } else {
        println!(
            "cargo:warning=web/dist and host/playground are missing: `aac serve` will only say how to build the playground (run scripts/build-web.sh, then build again)"
        );
        let _ = writeln!(
            code,
            "    (\"/index.html\", \"text/html; charset=utf-8\", {:?}.as_bytes()),",
            NOT_BUILT
        );
    }
    code.push_str("];\n/// Whether the playground was built into this binary.\n");
    let _ = writeln!(code, "const BUILT: bool = {built};");
    std::fs::write(out_dir.join("web_assets.rs"), code).expect("OUT_DIR is writable");
}
