//! `aac argocd generate`: the `generate` command of the Argo CD config
//! management plugin (deploy/argocd/plugin.yaml), run by `argocd-cmp-server`
//! in the repo-server's `aac` sidecar.
//!
//! The cmp-server runs it in the application's source folder (its copy of the
//! repository), with the sidecar's environment plus Argo CD's: ARGOCD_APP_NAME,
//! ARGOCD_APP_NAMESPACE, ARGOCD_APP_REVISION..., KUBE_VERSION, KUBE_API_VERSIONS,
//! ARGOCD_ENV_* (the Application's plugin env) and the parameters, as one JSON
//! array in ARGOCD_APP_PARAMETERS (`[{"name":..,"string"|"array"|"map":..}]`)
//! and as PARAM_<NAME>[_<KEY>|_<I>] variables (which this reads not: the JSON
//! keeps types and order). Manifests go to stdout; on failure, `Error: ...` on
//! stderr (Argo CD shows it) and exit 1.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use super::{DEFAULT_RELEASE, Failure, ask, protocol, render_request, values_file, write_stdout};
use crate::sandbox::Limits;

/// The parameters plugin.yaml announces, with their kinds.
const PARAMETERS: [(&str, Kind); 7] = [
    ("values-files", Kind::Array),
    ("values", Kind::String),
    ("set", Kind::Map),
    ("set-string", Kind::Map),
    ("release-name", Kind::String),
    ("helm-version", Kind::String),
    ("kube-version", Kind::String),
];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    String,
    Array,
    Map,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Array => "array",
            Kind::Map => "map",
        }
    }
}

/// One entry of ARGOCD_APP_PARAMETERS.
#[derive(Debug, Deserialize)]
struct Parameter {
    name: String,
    #[serde(default)]
    string: Option<String>,
    #[serde(default)]
    array: Option<Vec<String>>,
    #[serde(default)]
    map: Option<BTreeMap<String, String>>,
}

/// The parameters given, checked against [`PARAMETERS`].
#[derive(Default)]
struct Parameters {
    strings: BTreeMap<String, String>,
    arrays: BTreeMap<String, Vec<String>>,
    maps: BTreeMap<String, BTreeMap<String, String>>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn parameters() -> Result<Parameters, Failure> {
    let Some(text) = env("ARGOCD_APP_PARAMETERS") else {
        return Ok(Parameters::default());
    };
    let given: Vec<Parameter> = serde_json::from_str(&text).map_err(|e| {
        Failure::Message(format!(
            "ARGOCD_APP_PARAMETERS is not Argo CD's JSON array of parameters: {e}"
        ))
    })?;
    let mut out = Parameters::default();
    let mut problems = Vec::new();
    for p in given {
        let Some(&(_, kind)) = PARAMETERS.iter().find(|(name, _)| *name == p.name) else {
            problems.push(format!(
                "parameter {:?} is not one of this plugin's: {}",
                p.name,
                PARAMETERS.map(|(n, _)| n).join(", ")
            ));
            continue;
        };
        match (kind, p.string, p.array, p.map) {
            (Kind::String, Some(s), None, None) => {
                out.strings.insert(p.name, s);
            }
            (Kind::Array, None, Some(a), None) => {
                out.arrays.insert(p.name, a);
            }
            (Kind::Map, None, None, Some(m)) => {
                out.maps.insert(p.name, m);
            }
            // An array or map parameter the user emptied.
            (Kind::Array | Kind::Map, None, None, None) => {}
            _ => problems.push(format!(
                "parameter {:?} must be given as a {} (\"{}\")",
                p.name,
                kind.name(),
                kind.name()
            )),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Failure::Errors(problems))
    }
}

/// A `--set` value as Argo CD's Helm source passes its parameters: commas are
/// escaped (a value is one value), except in a `{a,b}` list.
fn escape_set_value(value: &str) -> String {
    if value.starts_with('{') && value.ends_with('}') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut escaped = false;
    for c in value.chars() {
        if c == ',' && !escaped {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
    out
}

/// The repository's root in the cmp-server's copy: the working folder less
/// ARGOCD_APP_SOURCE_PATH. Files outside it are refused.
fn repository_root(cwd: &Path) -> PathBuf {
    let depth = env("ARGOCD_APP_SOURCE_PATH")
        .map(|p| {
            Path::new(&p)
                .components()
                .filter(|c| matches!(c, Component::Normal(_)))
                .count()
        })
        .unwrap_or(0);
    cwd.ancestors().nth(depth).unwrap_or(cwd).to_path_buf()
}

/// `path` (relative to the source folder) must be a file inside the repository.
fn check_inside(root: &Path, cwd: &Path, path: &str, what: &str) -> Result<(), String> {
    let refuse = |why: &str| {
        Err(format!(
            "{what} {path:?}: {why}; name a file in the repository, relative to the application's path"
        ))
    };
    if Path::new(path).is_absolute() {
        return refuse("an absolute path is not read");
    }
    if path.contains("://") {
        return refuse("aac reads values from the repository only");
    }
    // Resolves symbolic links: a link out of the repository is refused too.
    match (cwd.join(path).canonicalize(), root.canonicalize()) {
        (Ok(file), Ok(root)) if !file.starts_with(&root) => refuse("it is outside the repository"),
        _ => Ok(()), // missing: the renderer says so, as Helm would
    }
}

pub(super) fn generate(limits: Limits) -> Result<(), Failure> {
    let app = env("ARGOCD_APP_NAME").ok_or_else(|| {
        Failure::Message(
            "ARGOCD_APP_NAME is not set: `aac argocd generate` is the generate command of \
             Argo CD's config management plugin (deploy/argocd/plugin.yaml); offline, use aac render"
                .into(),
        )
    })?;
    let params = parameters()?;
    let cwd = std::env::current_dir()
        .map_err(|e| Failure::Message(format!("finding the application's folder: {e}")))?;
    let root = repository_root(&cwd);

    let mut problems = Vec::new();
    let files = params
        .arrays
        .get("values-files")
        .cloned()
        .unwrap_or_default();
    for f in &files {
        if let Err(e) = check_inside(&root, &cwd, f, "values file") {
            problems.push(e);
        }
    }
    let mut values_files: Vec<protocol::ValuesFile> =
        files.iter().map(|name| values_file(name, name)).collect();
    if let Some(text) = params.strings.get("values") {
        // The `values` parameter: YAML layered over the files, as Helm's `values` field.
        values_files.push(protocol::ValuesFile {
            name: "<values parameter>".into(),
            read: protocol::FileRead {
                content: Some(text.clone()),
                ..protocol::FileRead::default()
            },
        });
    }
    let set_of = |name: &str| -> Vec<String> {
        params
            .maps
            .get(name)
            .into_iter()
            .flatten()
            .map(|(k, v)| format!("{k}={}", escape_set_value(v)))
            .collect()
    };
    let release = params
        .strings
        .get("release-name")
        .filter(|s| !s.is_empty())
        .cloned()
        .unwrap_or(app);
    let helm = params
        .strings
        .get("helm-version")
        .filter(|s| !s.is_empty())
        .cloned()
        .unwrap_or_else(|| "4".into());
    if !["3", "4", "4.1", "4.3"].contains(&helm.as_str()) {
        problems.push(format!(
            "parameter \"helm-version\" is {helm:?}; it may be 3, 4, 4.1 or 4.3"
        ));
    }
    if !problems.is_empty() {
        return Err(Failure::Errors(problems));
    }
    let kube_version = params
        .strings
        .get("kube-version")
        .filter(|s| !s.is_empty())
        .cloned()
        .or_else(|| env("KUBE_VERSION"));
    let request = protocol::RenderArgs {
        release: Some(if release.is_empty() {
            DEFAULT_RELEASE.to_string()
        } else {
            release
        }),
        namespace: Some(env("ARGOCD_APP_NAMESPACE").unwrap_or_else(|| "default".into())),
        values_files,
        set: set_of("set"),
        set_string: set_of("set-string"),
        helm: Some(protocol::HelmArg::Version(helm)),
        kube_version,
        // Argo CD reads the stream: the documents one by one are not needed.
        no_documents: true,
        ..protocol::RenderArgs::default()
    };
    let response = ask(&render_request(request, None), limits)?;
    for w in &response.warnings {
        eprintln!("WARNING: {}", w.text);
    }
    write_stdout(response.manifests.as_deref().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_values_are_escaped_as_argo_cd_escapes_helm_parameters() {
        assert_eq!(escape_set_value("a,b"), "a\\,b");
        assert_eq!(escape_set_value("a\\,b"), "a\\,b");
        assert_eq!(escape_set_value("a,,b"), "a\\,\\,b");
        assert_eq!(escape_set_value("{a,b}"), "{a,b}");
        assert_eq!(escape_set_value("plain"), "plain");
    }
}
