//! `aac render --releases FILE --output-dir DIR`: many releases in one run
//! (the rendered-manifests pattern), each written as `helm template NAME chart
//! -n NAMESPACE --output-dir DIR/NAMESPACE/NAME` writes it.
//!
//! The releases file is a small subset of helmfile's (docs/releases.md):
//!
//! ```yaml
//! releases:
//!   - name: agents            # required
//!     namespace: prod         # else -n, else "default"
//!     chart: ../helm/ai-agent-connector   # optional; must be this chart
//!     values: [common.yaml, prod.yaml]    # relative to the releases file
//!     set: ["image.tag=1.2.3"]            # as `--set` takes it, or helmfile's {name, value}
//!     setString: [], setJson: [], setFile: [], setLiteral: []
//! ```
//!
//! One engine and one compiled module serve every release ([`Pool`]); each
//! release gets a fresh instance with the usual caps, on one thread per core.
//! Nothing is half-written: the releases are written into a hidden folder
//! beside DIR, which replaces DIR only when every release rendered; on any
//! failure that folder is removed, DIR is left as it was, and every failure is
//! reported, each naming its release.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;

use super::{
    Failure, RenderArgs, Request, Response, io_message, protocol, read_answer, render_request,
    resolve, to_json, values_file, write_documents, write_stdout,
};
use crate::sandbox::{Limits, Pool};

/// The releases file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReleasesFile {
    releases: Vec<ReleaseSpec>,
}

/// One release: helmfile's field names, `aac render`'s flags.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ReleaseSpec {
    name: String,
    #[serde(default)]
    namespace: Option<String>,
    #[serde(default)]
    chart: Option<String>,
    #[serde(default)]
    values: Vec<String>,
    /// `KEY=VAL` as `--set` takes it, or helmfile's `{name, value | file | values}`.
    #[serde(default)]
    set: Vec<serde_yaml::Value>,
    #[serde(default)]
    set_string: Vec<String>,
    #[serde(default)]
    set_json: Vec<String>,
    #[serde(default)]
    set_file: Vec<String>,
    #[serde(default)]
    set_literal: Vec<String>,
}

/// The largest releases file read.
const MAX_RELEASES_FILE_BYTES: u64 = 16 << 20;

/// A release ready to render.
struct Job {
    /// How the report names it: `release "NAME" (namespace "NS", FILE: releases[I])`.
    label: String,
    name: String,
    namespace: String,
    /// A `render` request, with the `--set-file` files (read relative to the
    /// releases file's folder, as values files are).
    request: Request,
}

/// What a release came to.
enum Outcome {
    Rendered { warnings: Vec<String>, files: usize },
    Failed(Failure),
}

pub(super) fn render_releases(
    file: &Path,
    args: &RenderArgs,
    limits: Limits,
) -> Result<(), Failure> {
    let mut given = Vec::new();
    if args.name.is_some() {
        given.push("NAME");
    }
    for (flag, list) in [
        ("-f/--values", &args.values),
        ("--set", &args.set),
        ("--set-string", &args.set_string),
        ("--set-json", &args.set_json),
        ("--set-file", &args.set_file),
        ("--set-literal", &args.set_literal),
    ] {
        if !list.is_empty() {
            given.push(flag);
        }
    }
    if !given.is_empty() {
        return Err(Failure::Message(format!(
            "--releases takes each release's name, values files and --set flags from {}; \
             move {} into it",
            file.display(),
            given.join(", ")
        )));
    }
    let out = args
        .output_dir
        .as_deref()
        .ok_or_else(|| Failure::Message("--releases needs --output-dir DIR".into()))?;

    if out.file_name().is_none() {
        return Err(Failure::Message(format!(
            "--output-dir {}: name a folder (not / or ..)",
            out.display()
        )));
    }
    let jobs = read_releases(file, args)?;
    check_output_dir(out)?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    let pool = Pool::new()?;
    let staging = staging_dir(out, "tmp")?;
    let outcomes = render_all(&pool, threads, &jobs, &staging, limits);

    let failed: Vec<(&Job, &Failure)> = jobs
        .iter()
        .zip(&outcomes)
        .filter_map(|(job, outcome)| match outcome {
            Outcome::Failed(f) => Some((job, f)),
            Outcome::Rendered { .. } => None,
        })
        .collect();
    if !failed.is_empty() {
        let _ = std::fs::remove_dir_all(&staging);
        let mut report = format!(
            "{} of {} releases in {} did not render; nothing was written to {}:",
            failed.len(),
            jobs.len(),
            file.display(),
            out.display()
        );
        for (job, failure) in failed {
            let text = failure.render(&format!("{}: ", job.label));
            let text = text.strip_prefix("Error: ").unwrap_or(&text).trim_end();
            // A release's own list of errors, indented under it.
            report.push('\n');
            report.push_str(&text.replace("\n- ", "\n  - "));
        }
        return Err(Failure::Message(report));
    }
    if let Err(e) = replace_dir(&staging, out) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let mut files = 0;
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        if let Outcome::Rendered {
            warnings,
            files: count,
        } = outcome
        {
            files += count;
            for w in warnings {
                eprintln!("WARNING: {}: {w}", job.label);
            }
        }
    }
    write_stdout(&format!(
        "wrote {} releases ({files} files) to {}\n",
        jobs.len(),
        out.display()
    ))
}

/// Reads and checks the releases file; one request per release.
fn read_releases(file: &Path, args: &RenderArgs) -> Result<Vec<Job>, Failure> {
    let shown = file.display().to_string();
    let size = std::fs::metadata(file)
        .map_err(|e| Failure::Message(io_message("open", &shown, &e)))?
        .len();
    if size > MAX_RELEASES_FILE_BYTES {
        return Err(Failure::Message(format!(
            "{shown}: the releases file is over {} MiB",
            MAX_RELEASES_FILE_BYTES >> 20
        )));
    }
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::Message(io_message("open", &shown, &e)))?;
    let parsed: ReleasesFile =
        serde_yaml::from_str(&text).map_err(|e| Failure::Message(format!("{shown}: {e}")))?;
    if parsed.releases.is_empty() {
        return Err(Failure::Message(format!("{shown}: lists no releases")));
    }
    let base = file.parent().filter(|p| !p.as_os_str().is_empty());
    let default_namespace = if args.namespace.is_empty() {
        "default"
    } else {
        args.namespace.as_str()
    };

    let mut problems = Vec::new();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut jobs = Vec::new();
    for (i, spec) in parsed.releases.into_iter().enumerate() {
        let namespace = spec
            .namespace
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| default_namespace.to_string());
        let label = format!(
            "release {:?} (namespace {:?}, {shown}: releases[{i}])",
            spec.name, namespace
        );
        let mut bad = |what: String| problems.push(format!("{label}: {what}"));
        // The two become folder names: nothing that could leave DIR.
        if !is_dns_label(&namespace) {
            bad(format!(
                "namespace {namespace:?} is not a valid namespace name (a DNS-1123 label: \
                 lowercase letters, digits and '-', at most 63)"
            ));
        }
        if !is_release_name(&spec.name) {
            bad(format!(
                "release name {:?} is invalid: a release name is lowercase letters, digits, \
                 '-' and '.', starts and ends with a letter or digit, at most 53 characters",
                spec.name
            ));
        }
        if let Some(first) = seen.insert((namespace.clone(), spec.name.clone()), i) {
            bad(format!(
                "releases[{first}] is the same release (name and namespace); each may appear once"
            ));
        }
        if let Some(chart) = &spec.chart
            && let Err(e) = check_chart(base, chart)
        {
            bad(e);
        }
        let (set, set_file_from_set) = match helmfile_set(&spec.set) {
            Ok(flags) => flags,
            Err(e) => {
                bad(e);
                Default::default()
            }
        };
        let mut set_file = set_file_from_set;
        set_file.extend(spec.set_file.iter().cloned());
        if spec.values.iter().any(|v| v == "-") {
            bad("values: \"-\" (stdin) cannot be read for a release; name a file".into());
        }
        let values_files = spec
            .values
            .iter()
            .map(|name| {
                let path = resolve(base, name);
                values_file(&path, &path)
            })
            .collect();
        let request = protocol::RenderArgs {
            release: Some(spec.name.clone()),
            namespace: Some(namespace.clone()),
            values_files,
            set,
            set_string: spec.set_string.clone(),
            set_json: spec.set_json.clone(),
            set_file,
            set_literal: spec.set_literal.clone(),
            helm: Some(protocol::HelmArg::Version(args.helm_version.clone())),
            kube_version: args.kube_version.clone(),
            show_only: args.show_only.clone(),
            skip_tests: args.skip_tests,
            ..protocol::RenderArgs::default()
        };
        jobs.push(Job {
            label,
            name: spec.name,
            namespace,
            request: render_request(request, base),
        });
    }
    if problems.is_empty() {
        Ok(jobs)
    } else {
        Err(Failure::Errors(problems))
    }
}

/// A release's `set:` entries as `--set` and `--set-file` flags: a string is a
/// flag as typed; a map is helmfile's, turned into flags as helmfile does
/// (`{name, value}`: `--set NAME=VALUE`, `{name, file}`: `--set-file NAME=FILE`,
/// `{name, values: [..]}`: `--set NAME={A,B}`, with `{`, `}` and `,` escaped in
/// the name and the values).
fn helmfile_set(entries: &[serde_yaml::Value]) -> Result<(Vec<String>, Vec<String>), String> {
    use serde_yaml::Value;
    fn escape(s: &str) -> String {
        s.replace('{', "\\{")
            .replace('}', "\\}")
            .replace(',', "\\,")
    }
    /// A scalar as helmfile reads it into a string.
    fn text(v: &Value, at: &str) -> Result<String, String> {
        match v {
            Value::String(s) => Ok(s.clone()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
            Value::Null => Ok(String::new()),
            _ => Err(format!(
                "{at} must be a string (quote numbers such as 1.10 to keep them as written)"
            )),
        }
    }
    let (mut set, mut set_file) = (Vec::new(), Vec::new());
    for (i, entry) in entries.iter().enumerate() {
        let at = format!("set[{i}]");
        let map = match entry {
            Value::String(flag) => {
                set.push(flag.clone());
                continue;
            }
            Value::Mapping(map) => map,
            _ => {
                return Err(format!(
                    "{at} must be KEY=VALUE (as --set takes it) or helmfile's {{name, value}}"
                ));
            }
        };
        let mut name = None;
        let (mut value, mut file, mut values) = (None, None, None);
        for (k, v) in map {
            match k.as_str() {
                Some("name") => name = Some(text(v, &format!("{at}.name"))?),
                Some("value") => value = Some(text(v, &format!("{at}.value"))?),
                Some("file") => file = Some(text(v, &format!("{at}.file"))?),
                Some("values") => {
                    let list = v
                        .as_sequence()
                        .ok_or_else(|| format!("{at}.values must be a list"))?;
                    let items: Result<Vec<String>, String> = list
                        .iter()
                        .enumerate()
                        .map(|(j, x)| text(x, &format!("{at}.values[{j}]")))
                        .collect();
                    values = Some(items?);
                }
                _ => {
                    return Err(format!(
                        "{at}: unknown field {}, expected one of name, value, file, values",
                        serde_yaml::to_string(k).unwrap_or_default().trim_end()
                    ));
                }
            }
        }
        let name = name
            .filter(|n| !n.is_empty())
            .ok_or_else(|| format!("{at}: missing field `name`"))?;
        // helmfile's order: a value, else a file, else values; an empty entry sets nothing.
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            set.push(format!("{}={}", escape(&name), escape(&v)));
        } else if let Some(f) = file.filter(|f| !f.is_empty()) {
            set_file.push(format!("{}={f}", escape(&name)));
        } else if let Some(vs) = values.filter(|vs| !vs.is_empty()) {
            let items: Vec<String> = vs.iter().map(|v| escape(v)).collect();
            set.push(format!("{}={{{}}}", escape(&name), items.join(",")));
        }
    }
    Ok((set, set_file))
}

/// `chart:` must name this chart (a folder whose Chart.yaml says `name: ai-agent-connector`).
fn check_chart(base: Option<&Path>, chart: &str) -> Result<(), String> {
    #[derive(Deserialize)]
    struct ChartYaml {
        name: Option<String>,
    }
    let dir = resolve(base, chart);
    let chart_yaml = Path::new(&dir).join("Chart.yaml");
    let shown = chart_yaml.display().to_string();
    let text = std::fs::read_to_string(&chart_yaml).map_err(|e| {
        format!(
            "chart {chart:?}: aac renders only the local ai-agent-connector chart: {}",
            io_message("open", &shown, &e)
        )
    })?;
    let name = serde_yaml::from_str::<ChartYaml>(&text)
        .map_err(|e| format!("chart {chart:?}: {shown}: {e}"))?
        .name;
    if name.as_deref() == Some(CHART_NAME) {
        Ok(())
    } else {
        Err(format!(
            "chart {chart:?} is {}, not {CHART_NAME}: aac renders only the ai-agent-connector chart",
            name.map_or_else(|| "a chart with no name".to_string(), |n| format!("{n:?}"))
        ))
    }
}

/// The chart aac renders.
const CHART_NAME: &str = "ai-agent-connector";

/// A Kubernetes namespace name (RFC 1123 label).
fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Helm's release name rule (`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`, at most 53).
fn is_release_name(s: &str) -> bool {
    s.len() <= 53
        && s.split('.').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !part.starts_with('-')
                && !part.ends_with('-')
        })
}

/// Renders every job on one thread per core, writing each release under `staging`.
fn render_all(
    pool: &Pool,
    threads: usize,
    jobs: &[Job],
    staging: &Path,
    limits: Limits,
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let outcomes: Vec<Mutex<Option<Outcome>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let outcome = match render_one(pool, job, staging, limits) {
                        Ok(o) => o,
                        Err(f) => Outcome::Failed(f),
                    };
                    *outcomes[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(outcome);
                }
            });
        }
    });
    outcomes
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or_else(|| {
                    Outcome::Failed(Failure::Message("the release was not rendered".into()))
                })
        })
        .collect()
}

fn render_one(pool: &Pool, job: &Job, staging: &Path, limits: Limits) -> Result<Outcome, Failure> {
    let ask = |request: &Request| -> Result<Response, Failure> {
        read_answer(&pool.call(&to_json(request), limits)?)
    };
    let response = ask(&job.request)?;
    let dir = staging.join(&job.namespace).join(&job.name);
    let files: BTreeSet<PathBuf> = write_documents(&dir, &response.documents)?
        .into_iter()
        .collect();
    Ok(Outcome::Rendered {
        warnings: response.warnings.into_iter().map(|w| w.text).collect(),
        files: files.len(),
    })
}

/// A hidden folder beside `out` (same filesystem, so renaming is atomic): `.NAME.aac-WHAT-PID`.
fn staging_dir(out: &Path, what: &str) -> Result<PathBuf, Failure> {
    let name = out
        .file_name()
        .ok_or_else(|| {
            Failure::Message(format!(
                "--output-dir {}: name a folder (not / or ..)",
                out.display()
            ))
        })?
        .to_string_lossy()
        .into_owned();
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = parent
        .unwrap_or(Path::new("."))
        .join(format!(".{name}.aac-{what}-{}", std::process::id()));
    if what == "tmp" {
        let _ = std::fs::remove_dir_all(&dir);
        remove_stale(parent.unwrap_or(Path::new(".")), &name);
        if let Some(parent) = parent {
            std::fs::create_dir_all(parent).map_err(|e| {
                Failure::Message(io_message("mkdir", &parent.display().to_string(), &e))
            })?;
        }
        std::fs::create_dir(&dir)
            .map_err(|e| Failure::Message(io_message("mkdir", &dir.display().to_string(), &e)))?;
    }
    Ok(dir)
}

/// Removes what an interrupted run left beside DIR (`.NAME.aac-tmp-PID` and
/// `.NAME.aac-old-PID` of a process that no longer runs). Linux only (it asks
/// /proc whether the process runs); elsewhere they stay, hidden.
fn remove_stale(parent: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&format!(".{name}.aac-")))
        else {
            continue;
        };
        let pid = rest
            .strip_prefix("tmp-")
            .or_else(|| rest.strip_prefix("old-"))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !Path::new(&format!("/proc/{pid}")).exists()
            && entry.file_type().is_ok_and(|t| t.is_dir())
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// DIR may be missing, empty, or what an earlier run wrote (it is replaced
/// whole, so releases dropped from the file disappear): folders
/// NAMESPACE/RELEASE/CHART/ holding only `.yaml` files. Anything else is refused
/// before rendering, so aac never deletes files it did not write.
fn check_output_dir(out: &Path) -> Result<(), Failure> {
    let shown = out.display().to_string();
    let meta = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Failure::Message(io_message("stat", &shown, &e))),
    };
    if !meta.is_dir() {
        return Err(Failure::Message(format!(
            "--output-dir {shown} exists and is not a folder"
        )));
    }
    fn walk(dir: &Path, depth: usize, stray: &mut Option<PathBuf>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            let yaml = path.extension().is_some_and(|e| e == "yaml");
            if kind.is_dir() {
                walk(&path, depth + 1, stray)?;
            } else if !(kind.is_file() && depth >= 3 && yaml) {
                stray.get_or_insert(path);
            }
            if stray.is_some() {
                return Ok(());
            }
        }
        Ok(())
    }
    let mut stray = None;
    walk(out, 0, &mut stray).map_err(|e| Failure::Message(io_message("read", &shown, &e)))?;
    match stray {
        None => Ok(()),
        Some(path) => Err(Failure::Message(format!(
            "--output-dir {shown} holds {}, which aac render --releases did not write; \
             it replaces the whole folder, so give it a new or empty folder (or one it wrote)",
            path.display()
        ))),
    }
}

/// Puts `staging` where `out` is, removing what `out` held.
fn replace_dir(staging: &Path, out: &Path) -> Result<(), Failure> {
    let fail = |what: &str, path: &Path, e: std::io::Error| {
        Failure::Message(io_message(what, &path.display().to_string(), &e))
    };
    if out.exists() {
        let old = staging_dir(out, "old")?;
        std::fs::rename(out, &old).map_err(|e| fail("rename", out, e))?;
        if let Err(e) = std::fs::rename(staging, out) {
            let _ = std::fs::rename(&old, out);
            return Err(fail("rename", staging, e));
        }
        std::fs::remove_dir_all(&old).map_err(|e| fail("remove", &old, e))
    } else {
        std::fs::rename(staging, out).map_err(|e| fail("rename", staging, e))
    }
}
