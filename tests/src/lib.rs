//! Shared helpers for the cross-component tests: where the repository and the
//! tools installed by `scripts/install-tools.sh` are, how to run Helm, and how to
//! read a rendered manifest stream into objects.

pub mod hostile;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// What a command did: its exit code, and its output as text.
#[derive(Debug)]
pub struct Out {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }

    /// `needle` is on stdout.
    #[track_caller]
    pub fn assert_prints(&self, needle: &str) {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{:?}",
            self.stdout
        );
    }

    /// Both ran well and printed the same bytes (a line diff when not).
    #[track_caller]
    pub fn assert_same_as(&self, want: &Out, what: &str) {
        assert!(want.ok(), "{what}: {}", want.stderr);
        assert!(self.ok(), "{what}: {}", self.stderr);
        assert!(
            self.stdout == want.stdout,
            "{what}:\n{}",
            line_diff(&want.stdout, &self.stdout)
        );
    }

    /// Failed, and `needle` on stderr.
    #[track_caller]
    pub fn assert_refused(&self, needle: &str) {
        assert!(!self.ok(), "succeeded; stdout:\n{}", self.stdout);
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
    }

    /// Exit 1, nothing on stdout, and `needle` on stderr.
    #[track_caller]
    pub fn assert_fails_with(&self, needle: &str) {
        assert_eq!(self.code, Some(1), "exit code; stderr: {}", self.stderr);
        assert_eq!(self.stdout, "", "stdout must be empty on failure");
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
    }
}

/// Runs `cmd` to its end, its stdin empty.
pub fn out(cmd: &mut Command) -> Out {
    cmd.stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
        .into()
}

/// Runs `cmd` as [`out`] does; it must succeed.
#[track_caller]
pub fn ok(cmd: &mut Command) -> Out {
    let o = out(cmd);
    assert!(o.ok(), "{cmd:?} failed:\n{}\n{}", o.stdout, o.stderr);
    o
}

impl From<Output> for Out {
    fn from(out: Output) -> Out {
        Out {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The repository root (the workspace that holds `tests/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The chart directory.
pub fn chart_dir() -> PathBuf {
    repo_root().join("helm/ai-agent-connector")
}

/// A tool installed by `scripts/install-tools.sh` into `.tools/bin`.
/// Panics (fails the test) when it is missing: a missing tool is never a pass.
pub fn tool(name: &str) -> PathBuf {
    let path = repo_root().join(".tools/bin").join(name);
    assert!(
        path.exists(),
        "{} is missing: run scripts/install-tools.sh",
        path.display()
    );
    path
}

/// The Helm versions every Helm test runs against: the newest Helm 3 (3.17.3), the
/// Helm 4 the project started on (4.1.4) and the newest Helm 4 (4.3.1).
pub const HELMS: [&str; 3] = ["helm3", "helm4", "helm4.3"];

/// The Helm 4 versions of [`HELMS`] (plugin post-renderers, kyaml streams).
pub const HELM4S: [&str; 2] = ["helm4", "helm4.3"];

/// Whether `helm` (a name in [`HELMS`]) is a Helm 4.
pub fn is_helm4(helm: &str) -> bool {
    helm.starts_with("helm4")
}

/// The `--helm-version` of `aac` that matches `helm` (a name in [`HELMS`]).
pub fn aac_helm_version(helm: &str) -> &'static str {
    match helm {
        "helm3" => "3",
        "helm4" => "4.1",
        "helm4.3" => "4.3",
        other => panic!("{other} is not in HELMS"),
    }
}

#[path = "../../core/tests/support/scenarios.rs"]
mod scenarios;

/// Every values scenario: the chart's three values files and each `ci/*-values.yaml`,
/// as paths relative to the chart directory (`core/tests/support/scenarios.rs`).
pub fn scenarios() -> Vec<String> {
    scenarios::scenarios_in(&chart_dir())
}

/// A values file several releases share (a team's annotations and limits), for
/// the suites that render many releases from layered files.
pub const COMMON_VALUES: &str =
    "podAnnotations:\n  team: platform\nresources:\n  limits:\n    memory: 1Gi\n";

/// `dir`, created empty (what an earlier run left there removed): a test's
/// scratch folder, kept after a failed run to look at.
pub fn emptied(dir: PathBuf) -> PathBuf {
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// Writes `text` to `target/<folder>/<name>` (the folder made when missing) and
/// returns its absolute path, for a values file of a test's own.
pub fn scratch_file(folder: &str, name: &str, text: &str) -> String {
    let dir = repo_root().join("target").join(folder);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path.display().to_string()
}

/// The isolated Helm home `name` (under `target/helm-home`): no plugins,
/// repositories or caches shared with the user's Helm or with the other Helm major.
pub fn helm_home(name: &str) -> PathBuf {
    repo_root().join("target/helm-home").join(name)
}

/// `program args` run in the chart folder with the isolated Helm home `home`, and
/// none of the user's cluster, Helm namespace or `aac` settings.
pub fn isolated_command(program: &Path, args: &[&str], home: &str) -> Command {
    let home = helm_home(home);
    let mut cmd = Command::new(program);
    cmd.args(args)
        .current_dir(chart_dir())
        .env("HELM_CONFIG_HOME", home.join("config"))
        .env("HELM_CACHE_HOME", home.join("cache"))
        .env("HELM_DATA_HOME", home.join("data"))
        .env("HELM_PLUGINS", home.join("plugins"))
        .env_remove("KUBECONFIG")
        .env_remove("HELM_NAMESPACE")
        .env_remove("AAC_MAX_MEMORY")
        .env_remove("AAC_TIMEOUT")
        .env_remove("AAC_ERROR_FILE");
    cmd
}

/// Runs a tool with the isolated Helm home named after it ([`isolated_command`]).
pub fn run(helm_or_tool: &Path, args: &[&str]) -> Output {
    let home = helm_or_tool
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    isolated_command(helm_or_tool, args, &home)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", helm_or_tool.display()))
}

/// `helm template <release> . <args>`; Ok(stdout) or Err(stderr).
pub fn helm_template(helm: &str, release: &str, args: &[&str]) -> Result<String, String> {
    let mut all = vec!["template", release, "."];
    all.extend_from_slice(args);
    let out = run(&tool(helm), &all);
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).expect("helm prints UTF-8"))
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Parses a multi-document YAML stream into its non-empty documents.
pub fn parse_stream(yaml: &str) -> Vec<Value> {
    serde_yaml::Deserializer::from_str(yaml)
        .map(|doc| {
            <Value as serde::Deserialize>::deserialize(doc)
                .unwrap_or_else(|e| panic!("rendered YAML does not parse: {e}\n{yaml}"))
        })
        .filter(|v| !v.is_null())
        .collect()
}

/// Objects keyed by `kind/namespace/name`: how the suites compare renderings
/// (parsed objects, not text).
pub fn objects_by_key(objects: Vec<Value>) -> std::collections::BTreeMap<String, Value> {
    objects
        .into_iter()
        .map(|o| {
            let key = format!(
                "{}/{}/{}",
                o["kind"].as_str().unwrap_or("?"),
                o["metadata"]["namespace"].as_str().unwrap_or(""),
                o["metadata"]["name"].as_str().unwrap_or("?")
            );
            (key, o)
        })
        .collect()
}

/// The rendered objects of one `helm template` run, with lookups by kind.
pub struct Rendered {
    pub objects: Vec<Value>,
}

impl Rendered {
    pub fn new(yaml: &str) -> Self {
        Self {
            objects: parse_stream(yaml),
        }
    }

    /// All objects of a kind.
    pub fn all(&self, kind: &str) -> Vec<&Value> {
        self.objects.iter().filter(|o| o["kind"] == kind).collect()
    }

    /// The one object of a kind, if any; panics when there are several.
    pub fn get(&self, kind: &str) -> Option<&Value> {
        let all = self.all(kind);
        assert!(
            all.len() <= 1,
            "expected at most one {kind}, got {}",
            all.len()
        );
        all.into_iter().next()
    }

    /// The one object of a kind; panics when there is none.
    pub fn one(&self, kind: &str) -> &Value {
        self.get(kind)
            .unwrap_or_else(|| panic!("no {kind} rendered; kinds: {:?}", self.kinds()))
    }

    pub fn kinds(&self) -> Vec<String> {
        self.objects
            .iter()
            .map(|o| o["kind"].as_str().unwrap_or("?").to_string())
            .collect()
    }
}

/// Reads a values file of the chart as JSON-like data (for expectations).
pub fn chart_values(file: &str) -> Value {
    let text = std::fs::read_to_string(chart_dir().join(file))
        .unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{file} does not parse: {e}"))
}

/// A unified diff of what Helm printed and what aac printed.
pub fn line_diff(want: &str, got: &str) -> String {
    similar::TextDiff::from_lines(want, got)
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header("helm", "aac")
        .to_string()
}
