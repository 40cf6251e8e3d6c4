//! `helm template --show-only`.

use std::collections::BTreeSet;

use crate::diagnostics::Diagnostic;
use crate::go::filepath::glob_match;
use crate::helm::HelmVersion;

/// `helm template --show-only`: the documents of a stream whose
/// `# Source: <chart>/<path>` path matches one of `patterns` (Go's
/// `filepath.Match`: `*`, `?`, `[...]`), per pattern in stream order, each
/// printed as Helm prints it (`---\n<document>\n`). A pattern that matches
/// nothing is an error, as in Helm. The newest Helm 4 keeps the end of each
/// document as rendered (`helm`; see [`HelmVersion::V4`]).
///
/// Also returns the template paths shown (`templates/service.yaml`), so a
/// caller that keeps the documents apart (`--output-dir`) takes the same ones
/// without matching the patterns again.
pub fn show_only(
    stream: &str,
    patterns: &[String],
    helm: HelmVersion,
) -> Result<(String, BTreeSet<String>), Vec<Diagnostic>> {
    let manifests = if helm == HelmVersion::V4 {
        split_manifests_keeping_ends(stream)
    } else {
        split_manifests(stream)
    };
    let mut out = String::new();
    let mut shown = BTreeSet::new();
    let mut errors = Vec::new();
    for pattern in patterns {
        let pattern = pattern.replace('\\', "/");
        let mut found = false;
        for manifest in &manifests {
            let Some(path) = manifest.lines().find_map(|l| {
                let rest = &l[l.find("# Source: ")? + "# Source: ".len()..];
                let slash = rest.find('/')?;
                (slash > 0).then(|| &rest[slash + 1..])
            }) else {
                continue;
            };
            if glob_match(&pattern, path) {
                out.push_str("---\n");
                out.push_str(manifest);
                out.push('\n');
                shown.insert(path.to_string());
                found = true;
            }
        }
        if !found {
            errors.push(Diagnostic::error(format!(
                "could not find template {pattern} in chart"
            )));
        }
    }
    if errors.is_empty() {
        Ok((out, shown))
    } else {
        Err(errors)
    }
}

/// As [`split_manifests`], but only the start of each document is trimmed:
/// what Helm 4.2+ prints for `--show-only`.
fn split_manifests_keeping_ends(stream: &str) -> Vec<&str> {
    split_at_dashes(stream, str::trim_start)
}

/// Helm's `releaseutil.SplitManifests`: split where a line starts with
/// `---`, trim, drop empty documents; in stream order.
fn split_manifests(stream: &str) -> Vec<&str> {
    split_at_dashes(stream, str::trim)
}

/// The documents between lines that start with `---`, each through `trim`,
/// the blank ones left out.
fn split_at_dashes<'a>(stream: &'a str, trim: fn(&'a str) -> &'a str) -> Vec<&'a str> {
    let mut docs = Vec::new();
    let mut start = 0;
    let mut line_start = 0;
    while line_start < stream.len() {
        if stream[line_start..].starts_with("---") {
            docs.push(trim(&stream[start..line_start]));
            start = line_start + 3;
        }
        line_start = stream[line_start..]
            .find('\n')
            .map_or(stream.len(), |i| line_start + i + 1);
    }
    docs.push(trim(&stream[start..]));
    docs.into_iter().filter(|d| !d.trim().is_empty()).collect()
}
