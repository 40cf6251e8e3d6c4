//! The precompiled module as a file in the user's cache folder, so that
//! wasmtime maps it (`Module::deserialize_open_file`) instead of copying the
//! megabytes embedded in the binary into fresh memory on every run: for a small
//! render, faulting in that copy took most of the time `aac` spent outside the
//! module.
//!
//! The file is only an optimisation: it is written once (to a temporary name,
//! then renamed: concurrent runs never see half a file), used only when it is a
//! regular file of the user's own that no one else may write and its bytes are
//! the embedded module's (its name is the module's content id; its size, first
//! and last page are compared on every run, through the handle that is then
//! mapped), and ignored otherwise (no home, read-only file system,
//! `AAC_CACHE_DIR=` empty): `aac` then loads the embedded bytes as before.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The folder: `$AAC_CACHE_DIR` (set but empty: no cache), else
/// `$XDG_CACHE_HOME/aac`, else `~/.cache/aac` (`%LOCALAPPDATA%\aac` on Windows).
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("AAC_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    if let Some(xdg) = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|d| d.is_absolute())
    {
        return Some(xdg.join("aac"));
    }
    #[cfg(windows)]
    let base = std::env::var_os("LOCALAPPDATA").map(PathBuf::from);
    #[cfg(not(windows))]
    let base = std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache"));
    base.filter(|b| b.is_absolute()).map(|b| b.join("aac"))
}

/// An open handle on `dir/name` holding exactly `bytes`: the file as it is
/// when it already does, else written first. `None` when that cannot be.
pub fn file_with(dir: &Path, name: &str, bytes: &[u8]) -> Option<File> {
    let path = dir.join(name);
    if let Some(file) = open_same(&path, bytes) {
        return Some(file);
    }
    write_atomically(dir, &path, bytes)?;
    open_same(&path, bytes)
}

/// The file at `path` if it is a regular file only its owner (this user) may
/// write, of the size of `bytes`, starting and ending with the same page as
/// `bytes`. Its name is the module's content id (build.rs), so, as wasmtime's
/// own compilation cache does, the rest is trusted: reading and comparing all
/// of it on every run took a fifth of a small render (it faulted in the
/// embedded copy this file exists to avoid).
fn open_same(path: &Path, bytes: &[u8]) -> Option<File> {
    let mut file = File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() != bytes.len() as u64 || !own_and_private(&meta) {
        return None;
    }
    const PAGE: usize = 4096;
    let head = &bytes[..bytes.len().min(PAGE)];
    let tail_at = bytes.len().saturating_sub(PAGE).max(head.len());
    let mut buf = vec![0u8; PAGE];
    for (at, want) in [(0, head), (tail_at, &bytes[tail_at..])] {
        let got = &mut buf[..want.len()];
        file.seek(SeekFrom::Start(at as u64)).ok()?;
        file.read_exact(got).ok()?;
        if got != want {
            return None;
        }
    }
    file.seek(SeekFrom::Start(0)).ok()?;
    Some(file)
}

#[cfg(unix)]
fn own_and_private(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.uid() == rustix::process::geteuid().as_raw() && meta.mode() & 0o022 == 0
}

/// (The folder is the user's own: `%LOCALAPPDATA%`.)
#[cfg(not(unix))]
fn own_and_private(_meta: &std::fs::Metadata) -> bool {
    true
}

/// Writes `bytes` to a new temporary file in `dir` (made if missing, for this
/// user only), then renames it to `path`.
fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> Option<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).ok()?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let file_name = path.file_name()?.to_string_lossy().into_owned();
    let temp = dir.join(format!(".{file_name}.{}.{nanos}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options
        .open(&temp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
        return None;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(label: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("aac-module-cache-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn writes_once_then_reads_the_same_bytes() {
        let dir = temp_dir("same");
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut first = file_with(&dir, "m.cwasm", &bytes).expect("written");
        // The handle is the file's, at its start.
        let mut read = Vec::new();
        first.read_to_end(&mut read).expect("reads");
        assert!(read == bytes, "the file holds the bytes");
        let modified = std::fs::metadata(dir.join("m.cwasm"))
            .unwrap()
            .modified()
            .unwrap();
        assert!(file_with(&dir, "m.cwasm", &bytes).is_some());
        assert_eq!(
            std::fs::metadata(dir.join("m.cwasm"))
                .unwrap()
                .modified()
                .unwrap(),
            modified,
            "a matching file is not written again"
        );
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_with_other_bytes_is_replaced() {
        let dir = temp_dir("other");
        let bytes = b"the module".to_vec();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("m.cwasm"), b"the modulf").unwrap();
        assert!(open_same(&dir.join("m.cwasm"), &bytes).is_none());
        assert!(file_with(&dir, "m.cwasm", &bytes).is_some());
        assert_eq!(std::fs::read(dir.join("m.cwasm")).unwrap(), bytes);
        // Shorter and longer files are not the module either.
        std::fs::write(dir.join("m.cwasm"), b"the modul").unwrap();
        assert!(open_same(&dir.join("m.cwasm"), &bytes).is_none());
        std::fs::write(dir.join("m.cwasm"), b"the module!").unwrap();
        assert!(open_same(&dir.join("m.cwasm"), &bytes).is_none());
        // A file of the module's size whose last page differs (a different
        // module of the same size, or a write that went wrong at the end).
        let big: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let mut other = big.clone();
        *other.last_mut().unwrap() ^= 1;
        std::fs::write(dir.join("m.cwasm"), &other).unwrap();
        assert!(open_same(&dir.join("m.cwasm"), &big).is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_may_write_is_not_used() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("mode");
        let bytes = b"the module".to_vec();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.cwasm");
        std::fs::write(&path, &bytes).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
        assert!(open_same(&path, &bytes).is_none());
        // Written again (replaced by a private file).
        assert!(file_with(&dir, "m.cwasm", &bytes).is_some());
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn no_folder_no_file() {
        // A folder that cannot be made (its parent is a file).
        let dir = temp_dir("blocked");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("file"), b"x").unwrap();
        assert!(file_with(&dir.join("file").join("sub"), "m.cwasm", b"bytes").is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
