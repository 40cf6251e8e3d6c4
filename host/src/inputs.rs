//! What the host reads for the renderer module: `-f` and `--set-file` files
//! (or stdin) as the module's `FileRead`, all of them before the one round trip
//! of a render request.

use std::io::Read;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::{FileRead, MAX_VALUES_FILE_BYTES, Request, ValuesFile, io_message, protocol};

/// What the host has of a values file: its bytes, or only its size (over the
/// core's limit, so not read).
pub(crate) enum Input {
    Bytes(Vec<u8>),
    TooLarge(u64),
}

/// Reads a file for the renderer (`-f` and `--set-file`; `-` is stdin) as the
/// module's `FileRead`: `{"content"}` when it is UTF-8; `{"content_base64"}`
/// when not (the core reads UTF-16 as Helm 3 does, or says where the bad byte
/// is); `{"size"}` when it is over the core's limit, not read (the core refuses
/// it); `{"error"}` when it cannot be read.
pub(crate) fn read_for_module(path: &str) -> FileRead {
    match read_input(path) {
        Ok(Input::Bytes(bytes)) => match String::from_utf8(bytes) {
            Ok(text) => FileRead {
                content: Some(text),
                ..FileRead::default()
            },
            Err(e) => FileRead {
                content_base64: Some(BASE64.encode(e.as_bytes())),
                ..FileRead::default()
            },
        },
        Ok(Input::TooLarge(size)) => FileRead {
            size: Some(size),
            ..FileRead::default()
        },
        Err(error) => FileRead {
            error: Some(error),
            ..FileRead::default()
        },
    }
}

/// A `-f` file as the module reads it: its name as given, what `path` held.
pub(crate) fn values_file(name: &str, path: &str) -> ValuesFile {
    ValuesFile {
        name: name.to_string(),
        read: read_for_module(path),
    }
}

/// A file's bytes, or its size when it is over the core's limit.
pub(crate) fn read_input(path: &str) -> Result<Input, String> {
    if path == "-" {
        let mut stdin = std::io::stdin().lock();
        let mut bytes = Vec::new();
        (&mut stdin)
            .take(MAX_VALUES_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("reading stdin: {e}"))?;
        if bytes.len() as u64 <= MAX_VALUES_FILE_BYTES {
            return Ok(Input::Bytes(bytes));
        }
        // Its whole size, for the message, without keeping it.
        let rest = std::io::copy(&mut stdin, &mut std::io::sink())
            .map_err(|e| format!("reading stdin: {e}"))?;
        return Ok(Input::TooLarge(bytes.len() as u64 + rest));
    }
    if path.contains("://") {
        return Err(format!(
            "{path}: aac reads values from local files only (download it first)"
        ));
    }
    let size = std::fs::metadata(path)
        .map_err(|e| io_message("open", path, &e))?
        .len();
    if size > MAX_VALUES_FILE_BYTES {
        return Ok(Input::TooLarge(size));
    }
    let bytes = std::fs::read(path).map_err(|e| io_message("open", path, &e))?;
    // It may have grown since.
    Ok(match bytes.len() as u64 {
        n if n > MAX_VALUES_FILE_BYTES => Input::TooLarge(n),
        _ => Input::Bytes(bytes),
    })
}

/// A `render` request with the files its `--set-file` flags name (relative to
/// `base` when given) read and in it: the module answers it in one round trip.
pub(crate) fn render_request(args: protocol::RenderArgs, base: Option<&Path>) -> Request {
    Request::Render(Box::new(with_set_files(args, base)))
}

/// A render's flags with the files its `--set-file` flags name (relative to
/// `base` when given) read and in them, for any request made of them.
pub(crate) fn with_set_files(
    mut args: protocol::RenderArgs,
    base: Option<&Path>,
) -> protocol::RenderArgs {
    let helm = args.helm_version().unwrap_or_default();
    for path in aac_core::helm::values::set_file_paths(&args.set_file, helm) {
        let read = || read_for_module(&resolve(base, &path));
        args.files.entry(path.clone()).or_insert_with(read);
    }
    args
}

/// `path` as the host opens it: under `base` when it is relative (`-` stays stdin).
pub(crate) fn resolve(base: Option<&Path>, path: &str) -> String {
    match base {
        Some(base) if path != "-" && Path::new(path).is_relative() => {
            base.join(path).display().to_string()
        }
        _ => path.to_string(),
    }
}
