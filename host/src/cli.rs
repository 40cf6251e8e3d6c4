//! The commands: flags and files in, one JSON request to the sandboxed
//! module, its answer out.

use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

pub(crate) use aac_wasm::protocol::{
    self, FileRead, HelmArg, OutputDocument, Request, Response, ValuesFile,
};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::sandbox::{self, Limits, SandboxError};

#[path = "argocd.rs"]
mod argocd;
mod diff;
mod explain;
#[path = "fleet.rs"]
mod fleet;
#[path = "inputs.rs"]
mod inputs;

use inputs::{render_request, resolve, values_file};

const EXAMPLES: &str = "\
Examples:
  # Helm 3: the post-renderer is this binary
  helm install my-release helm/ai-agent-connector --set renderer.engine=wasm \\
    --post-renderer aac --post-renderer-args post-render

  # Helm 4: install the postrenderer/v1 plugin once, then name it
  aac plugin install
  helm install my-release helm/ai-agent-connector --set renderer.engine=wasm --post-renderer aac

  # Offline, no Helm: what `helm template my-release helm/ai-agent-connector ...` prints
  aac render my-release -n prod -f helm/ai-agent-connector/values-production.yaml --set image.tag=1.2.3

  # Many releases in one run, each under rendered/<namespace>/<release>/ (docs/releases.md)
  aac render --releases releases.yaml --output-dir rendered

  # The values schema Helm checks values against
  aac schema > helm/ai-agent-connector/values.schema.json";

/// The AI Agent Connector chart's renderer: a sandboxed WebAssembly Helm
/// post-renderer, and `helm template` without Helm.
#[derive(Debug, Parser)]
#[command(name = "aac", bin_name = "aac", version, after_help = EXAMPLES)]
struct Cli {
    #[command(flatten)]
    sandbox: SandboxArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct SandboxArgs {
    /// Memory the renderer module may use (e.g. 256MiB, 1GiB)
    #[arg(long, global = true, env = "AAC_MAX_MEMORY", default_value = "256MiB", value_parser = parse_size)]
    max_memory: u64,
    /// Time one run of the renderer module may take (e.g. 10s, 500ms, 1m)
    #[arg(long, global = true, env = "AAC_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    timeout: Duration,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Helm post-renderer: reads Helm's manifests on stdin and writes them with
    /// each RenderRequest replaced by the chart's objects
    #[command(after_help = "\
Every document that is not a RenderRequest is kept byte for byte. The rendered
objects carry `# Source:` comments (Helm 3) or Helm 4's filename annotation, as
their RenderRequest did, so --show-only and hooks keep working. On any problem:
every error on stderr, nothing on stdout, exit 1. Helm 4 hides a plugin's
stderr, so as a Helm 4 plugin aac also writes the errors to the terminal (when
there is one) and to <plugin dir>/last-error.txt (or --error-file).")]
    PostRender(PostRenderArgs),
    /// Render the chart offline: the same output as `helm template NAME chart` with the same flags
    #[command(after_help = "\
Values are layered as Helm layers them: the chart's values.yaml, each -f file in
order, then --set, --set-string, --set-json, --set-file and --set-literal.

Every problem is reported at once, each where the value came from, then its
values path:
  Error: my-values.yaml:2:9: service.port: must be a whole number, got string \"http\"
  Error: --set:2:27: autoscaling.minReplicas: must be <= autoscaling.maxReplicas (3), got 5
A file position is LINE:COLUMN in that file. For a flag, `--set:2:27` means the
second --set flag given, at character 27 of its text (where the value's key is).

With --releases FILE --output-dir DIR, every release of FILE (a helmfile-like
list: name, namespace, values, set, setString, setJson, setFile, setLiteral;
paths relative to FILE) is written to DIR/<namespace>/<release>/ as `helm
template --output-dir` writes it, on every core. DIR is replaced only when all
of them render; otherwise every failure is reported and nothing is written.")]
    Render(Box<RenderArgs>),
    /// Compare the manifests of two sets of values, as `diff -u` (exit 1 when they differ)
    #[command(after_help = diff::AFTER_HELP)]
    Diff(Box<diff::DiffArgs>),
    /// Which values a rendered field comes from: their values, files and lines, and the template
    #[command(after_help = explain::AFTER_HELP)]
    Explain(Box<explain::ExplainArgs>),
    /// Print the chart's values.schema.json
    Schema,
    /// Print aac's and the chart's versions
    Version,
    /// Serve the values playground (embedded in aac) on 127.0.0.1
    Serve(crate::serve::ServeArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Manage the Helm 4 post-renderer plugin
    Plugin {
        #[command(subcommand)]
        command: PluginCommand,
    },
    /// Argo CD config management plugin (deploy/argocd/)
    Argocd {
        #[command(subcommand)]
        command: ArgocdCommand,
    },
    /// Make the module break a cap (tests of the sandbox)
    #[command(hide = true)]
    SandboxProbe {
        #[arg(value_enum)]
        probe: Probe,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Probe {
    /// Loop forever: the time cap must stop it.
    Spin,
    /// Allocate without end: the memory cap must stop it.
    Allocate,
}

#[derive(Debug, Args)]
struct PostRenderArgs {
    /// Label the rendered objects for this Helm major (3: `# Source:` comments,
    /// 4: filename annotation) [default: as their RenderRequest is labelled]
    #[arg(long, value_parser = clap::value_parser!(u8).range(3..=4))]
    helm: Option<u8>,
    /// Also write the errors to this file (as a Helm 4 plugin: <plugin dir>/last-error.txt)
    #[arg(long, env = "AAC_ERROR_FILE")]
    error_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct RenderArgs {
    /// Release name [default: release-name]
    name: Option<String>,
    /// Namespace of the release (with --releases: of the releases that name none)
    #[arg(short = 'n', long, env = "HELM_NAMESPACE", default_value = "default")]
    namespace: String,
    /// Render every release of this releases file, each under --output-dir DIR/<namespace>/<release>/
    #[arg(long, value_name = "FILE", requires = "output_dir")]
    releases: Option<PathBuf>,
    /// Values files (`-` for stdin; `a.yaml,b.yaml` as Helm reads it); repeat to layer them, later ones win
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    values: Vec<String>,
    /// Set values (`a.b=c,d[0]=e`)
    #[arg(long, value_name = "KEY=VAL")]
    set: Vec<String>,
    /// Set STRING values
    #[arg(long, value_name = "KEY=VAL")]
    set_string: Vec<String>,
    /// Set JSON values (`key=JSON`, or a whole JSON object with Helm 4)
    #[arg(long, value_name = "KEY=JSON")]
    set_json: Vec<String>,
    /// Set values from files (`key=path`)
    #[arg(long, value_name = "KEY=PATH")]
    set_file: Vec<String>,
    /// Set a literal STRING value
    #[arg(long, value_name = "KEY=VAL")]
    set_literal: Vec<String>,
    /// Kubernetes version the chart is checked against (as `helm template --kube-version`)
    #[arg(long, value_name = "VERSION")]
    kube_version: Option<String>,
    /// Only show manifests rendered from these templates (`templates/deployment.yaml`, globs)
    #[arg(short = 's', long, value_name = "TEMPLATE")]
    show_only: Vec<String>,
    /// Write each template's manifests to a file under DIR instead of stdout
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
    /// Leave out the chart's test hooks
    #[arg(long)]
    skip_tests: bool,
    /// Follow this Helm where Helm 3.17, 4.1 and the newest Helm 4 (4.2+, tested 4.3.1) differ: 3, 4 (the newest), 4.1 or 4.3
    #[arg(long, default_value = "4", value_parser = ["3", "4", "4.1", "4.3"])]
    helm_version: String,
}

#[derive(Debug, Subcommand)]
enum ArgocdCommand {
    /// The plugin's generate command: render the Application with its parameters
    #[command(after_help = "\
Run by argocd-cmp-server in the application's source folder. The release is
ARGOCD_APP_NAME (or the release-name parameter) in ARGOCD_APP_NAMESPACE; the
parameters come from ARGOCD_APP_PARAMETERS: values-files (array, relative to
the application's path, inside the repository), values (string, YAML layered
last), set and set-string (maps of values path to value, as --set and
--set-string), release-name, helm-version (3, 4, 4.1, 4.3) and kube-version
(else KUBE_VERSION). Manifests on stdout; errors on stderr, exit 1.")]
    Generate,
}

#[derive(Debug, Subcommand)]
enum PluginCommand {
    /// Install (or update) the postrenderer/v1 plugin `aac` into Helm 4's plugin folder
    #[command(after_help = "\
The folder is --plugins-dir, else $HELM_PLUGINS, else what `helm env HELM_PLUGINS`
prints. The plugin is this binary, copied next to its plugin.yaml. Helm 3 cannot
load Helm 4 plugins and warns `failed to load plugins` on every command while one
sits in its plugin folder: with both Helms on one machine, give Helm 4 its own
folder (HELM_PLUGINS) or use Helm 3's --post-renderer PATH, which needs no plugin.")]
    Install {
        /// Helm's plugin folder
        #[arg(long, value_name = "DIR")]
        plugins_dir: Option<PathBuf>,
        /// The Helm 4 binary to ask for its plugin folder
        #[arg(long, value_name = "PATH", default_value = "helm")]
        helm: PathBuf,
    },
}

/// Parses `256MiB`, `1GiB`, `512K`, `1048576`.
fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{text:?} is not a size such as 256MiB"))?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("{text:?} is not a size such as 256MiB")),
    };
    n.checked_mul(scale)
        .filter(|&b| b > 0)
        .ok_or_else(|| format!("{text:?} is not a size such as 256MiB"))
}

/// Parses Go-style durations (`10s`, `500ms`, `1m30s`) or plain seconds (`10`).
fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("{text:?} is not a duration such as 10s or 500ms");
    let t = text.trim();
    if let Ok(secs) = t.parse::<f64>() {
        return (secs > 0.0 && secs.is_finite())
            .then(|| Duration::from_secs_f64(secs))
            .ok_or_else(bad);
    }
    let mut total = Duration::ZERO;
    let mut rest = t;
    while !rest.is_empty() {
        let num_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let n: f64 = rest[..num_end].parse().map_err(|_| bad())?;
        rest = &rest[num_end..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let secs = match &rest[..unit_end] {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return Err(bad()),
        };
        total += Duration::from_secs_f64(n * secs);
        rest = &rest[unit_end..];
    }
    if total.is_zero() {
        Err(bad())
    } else {
        Ok(total)
    }
}

/// A problem to report: printed as `Error: ...`, exit 1.
#[derive(Debug)]
enum Failure {
    /// One message.
    Message(String),
    /// The module's errors, each a line.
    Errors(Vec<String>),
}

impl Failure {
    fn render(&self, context: &str) -> String {
        match self {
            Failure::Message(m) => format!("Error: {context}{m}\n"),
            Failure::Errors(lines) if lines.len() == 1 => format!("Error: {context}{}\n", lines[0]),
            Failure::Errors(lines) => {
                let mut out = format!("Error: {context}{} errors:\n", lines.len());
                for line in lines {
                    out.push_str("- ");
                    out.push_str(line);
                    out.push('\n');
                }
                out
            }
        }
    }
}

impl From<SandboxError> for Failure {
    fn from(e: SandboxError) -> Self {
        Failure::Message(e.to_string())
    }
}

/// One request to a fresh sandboxed module.
fn ask(request: &Request, limits: Limits) -> Result<Response, Failure> {
    read_answer(&sandbox::call(&to_json(request), limits)?)
}

/// A request as the module reads it.
pub(crate) fn to_json(request: &Request) -> String {
    serde_json::to_string(request).expect("a request always serializes")
}

/// The module's JSON answer, its errors as a [`Failure`].
fn read_answer(answer: &str) -> Result<Response, Failure> {
    let response: Response = serde_json::from_str(answer)
        .map_err(|e| Failure::Message(format!("the renderer module answered nonsense: {e}")))?;
    if response.ok {
        Ok(response)
    } else if !response.need_files.is_empty() {
        // The host reads every file `--set-file` names before it asks.
        Err(Failure::Message(format!(
            "the renderer module asked for files the host did not send: {}",
            response.need_files.join(", ")
        )))
    } else if response.errors.is_empty() {
        Err(Failure::Message(
            "the renderer module failed without a reason".into(),
        ))
    } else {
        Err(Failure::Errors(
            response.errors.into_iter().map(|m| m.text).collect(),
        ))
    }
}

pub(crate) fn main<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let limits = Limits {
        max_memory: cli.sandbox.max_memory,
        timeout: cli.sandbox.timeout,
    };
    let result = match cli.command {
        Command::PostRender(args) => return post_render(&args, limits),
        Command::Render(args) => render(&args, limits),
        Command::Diff(args) => return diff::run(&args, limits),
        Command::Explain(args) => explain::run(&args, limits),
        Command::Schema => ask(&Request::Schema, limits)
            .and_then(|r| write_stdout(r.schema.as_deref().unwrap_or_default())),
        Command::Serve(args) => return crate::serve::run(&args),
        Command::Version => ask(&Request::Version, limits).and_then(|r| {
            let v = r.version.ok_or_else(|| Failure::Message("no version".into()))?;
            write_stdout(&format!(
                "aac {}\nrenderer module {} (wasm32, precompiled for wasmtime)\nchart {} {} (appVersion {})\n",
                env!("CARGO_PKG_VERSION"),
                v.module,
                v.chart,
                v.chart_version,
                v.app_version
            ))
        }),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "aac", &mut out);
            write_stdout(&String::from_utf8_lossy(&out))
        }
        Command::Plugin {
            command: PluginCommand::Install { plugins_dir, helm },
        } => plugin_install(plugins_dir, &helm),
        Command::Argocd {
            command: ArgocdCommand::Generate,
        } => argocd::generate(limits),
        Command::SandboxProbe { probe } => {
            let request = match probe {
                Probe::Spin => Request::SandboxSpin,
                Probe::Allocate => Request::SandboxAllocate,
            };
            ask(&request, limits).map(|_| ())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprint!("{}", failure.render(""));
            ExitCode::from(1)
        }
    }
}

fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`aac render | head`) is not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Message(format!("writing to stdout: {e}"))),
    }
}

/// Go's wording for the usual `open` errors, as Helm prints them.
fn io_message(op: &str, path: &str, e: &std::io::Error) -> String {
    let reason = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => e.to_string(),
    };
    format!("{op} {path}: {reason}")
}

fn post_render(args: &PostRenderArgs, limits: Limits) -> ExitCode {
    // Helm 4 runs postrenderer/v1 plugins with these set; Helm 3's exec post-renderer does not.
    let plugin_dir = std::env::var_os("HELM_PLUGIN_NAME")
        .and(std::env::var_os("HELM_PLUGIN_DIR"))
        .map(PathBuf::from);
    let error_file = args
        .error_file
        .clone()
        .or_else(|| plugin_dir.as_ref().map(|d| d.join("last-error.txt")));

    let result = (|| {
        let mut input = Vec::new();
        std::io::stdin()
            .take(MAX_STREAM_BYTES + 1)
            .read_to_end(&mut input)
            .map_err(|e| Failure::Message(format!("reading stdin: {e}")))?;
        if input.len() as u64 > MAX_STREAM_BYTES {
            return Err(Failure::Message(format!(
                "the manifests on stdin are over {} MiB; values over 4.0 MiB are refused \
                 (Kubernetes stores no object over 1 MiB), so no release of this chart \
                 is this large",
                MAX_STREAM_BYTES >> 20
            )));
        }
        let stream = String::from_utf8(input).map_err(|e| {
            Failure::Message(format!(
                "the manifests on stdin are not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let response = ask(
            &Request::PostRender {
                manifests: stream,
                helm: args.helm,
            },
            limits,
        )?;
        // E.g. no RenderRequest: the stream passes through unchanged, and stderr says so
        // (Helm 3 shows it; Helm 4 drops a plugin's stderr, and its stream is unchanged).
        for w in &response.warnings {
            eprintln!("aac post-render: warning: {}", w.text);
        }
        write_stdout(response.manifests.as_deref().unwrap_or_default())
    })();

    match result {
        Ok(()) => {
            if let Some(file) = &error_file
                && plugin_dir.is_some()
            {
                let _ = std::fs::remove_file(file);
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let report = failure.render("aac post-render: ");
            eprint!("{report}");
            let mut saved = None;
            if let Some(file) = &error_file {
                if let Some(parent) = file.parent() {
                    let _ = std::fs::create_dir_all(parent);
                }
                if std::fs::write(file, &report).is_ok() {
                    saved = Some(file.clone());
                }
            }
            if plugin_dir.is_some() {
                tell_terminal(&report, saved.as_deref());
            }
            ExitCode::from(1)
        }
    }
}

/// Helm 4 throws a plugin's stderr away: write the report to the controlling
/// terminal instead, when there is one (an interactive `helm install`).
fn tell_terminal(report: &str, saved: Option<&Path>) {
    if std::io::stderr().is_terminal() {
        return; // stderr reaches the user already
    }
    #[cfg(unix)]
    let tty = std::fs::OpenOptions::new().write(true).open("/dev/tty");
    #[cfg(not(unix))]
    let tty: std::io::Result<std::fs::File> =
        Err(std::io::Error::from(std::io::ErrorKind::Unsupported));
    if let Ok(mut tty) = tty {
        let mut text = report.to_string();
        if let Some(path) = saved {
            text.push_str(&format!("(aac wrote this to {})\n", path.display()));
        }
        let _ = tty.write_all(text.as_bytes());
    }
}

/// The largest manifest stream `aac post-render` reads: a RenderRequest carries at
/// most 4 MiB of values (5.4 MiB as base64) besides the chart's hooks.
const MAX_STREAM_BYTES: u64 = 16 << 20;
/// The largest values file: what the core accepts (`MAX_VALUES_BYTES`).
const MAX_VALUES_FILE_BYTES: u64 = 4 << 20;

/// The release name `helm template` uses when none is given.
const DEFAULT_RELEASE: &str = "release-name";

fn render(args: &RenderArgs, limits: Limits) -> Result<(), Failure> {
    if let Some(file) = &args.releases {
        return fleet::render_releases(file, args, limits);
    }
    let response = render_response(args, limits)?;
    match &args.output_dir {
        None => write_stdout(response.manifests.as_deref().unwrap_or_default()),
        Some(dir) => write_output_dir(dir, &response.documents),
    }
}

/// The module's answer to `aac render`'s flags (one release), its warnings
/// printed on stderr as Helm prints them.
fn render_response(args: &RenderArgs, limits: Limits) -> Result<Response, Failure> {
    let request = render_args(args)?;
    let response = ask(&render_request(request, None), limits)?;
    for w in &response.warnings {
        eprintln!("WARNING: {}", w.text);
    }
    Ok(response)
}

/// The module's render arguments for `aac render`'s flags (one release).
fn render_args(args: &RenderArgs) -> Result<protocol::RenderArgs, Failure> {
    // `-f` is a pflag StringSlice: each occurrence is a CSV record.
    let mut names = Vec::new();
    for value in &args.values {
        names.extend(
            aac_core::go::pflag::string_slice("-f, --values", value).map_err(Failure::Message)?,
        );
    }
    // An empty namespace is Helm's "not given": the kubeconfig's, else `default`.
    let namespace = if args.namespace.is_empty() {
        "default"
    } else {
        args.namespace.as_str()
    };
    Ok(protocol::RenderArgs {
        release: Some(args.name.as_deref().unwrap_or(DEFAULT_RELEASE).to_string()),
        namespace: Some(namespace.to_string()),
        values_files: names.iter().map(|name| values_file(name, name)).collect(),
        set: args.set.clone(),
        set_string: args.set_string.clone(),
        set_json: args.set_json.clone(),
        set_file: args.set_file.clone(),
        set_literal: args.set_literal.clone(),
        helm: Some(HelmArg::Version(args.helm_version.clone())),
        kube_version: args.kube_version.clone(),
        show_only: args.show_only.clone(),
        skip_tests: args.skip_tests,
        // The documents one by one only for `--output-dir`.
        no_documents: args.output_dir.is_none(),
        ..protocol::RenderArgs::default()
    })
}

/// `helm template --output-dir`: each template's documents in
/// `DIR/<chart>/templates/<file>`, as Helm writes them, and a `wrote` line each.
fn write_output_dir(dir: &Path, documents: &[OutputDocument]) -> Result<(), Failure> {
    let mut log = String::new();
    for path in write_documents(dir, documents)? {
        log.push_str(&format!("wrote {}\n", path.display()));
    }
    // Helm then prints its (empty) manifest buffer and a newline.
    log.push('\n');
    write_stdout(&log)
}

/// Writes the documents as `helm template --output-dir DIR` does (a template's
/// later documents appended to its file); the path of each document written.
fn write_documents(dir: &Path, documents: &[OutputDocument]) -> Result<Vec<PathBuf>, Failure> {
    let mut written: Vec<PathBuf> = Vec::new();
    let mut log = Vec::new();
    for doc in documents {
        let path = dir.join(&doc.source);
        let fail = |e: std::io::Error| {
            Failure::Message(io_message("open", &path.display().to_string(), &e))
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        let text = format!("---\n# Source: {}\n{}\n", doc.source, doc.content);
        let append = written.contains(&path);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .append(append)
            .truncate(!append)
            .open(&path)
            .map_err(fail)?;
        file.write_all(text.as_bytes()).map_err(fail)?;
        if !append {
            written.push(path.clone());
        }
        log.push(path);
    }
    Ok(log)
}

const PLUGIN_YAML: &str = include_str!("../helm-plugin/plugin.yaml");

fn plugin_install(plugins_dir: Option<PathBuf>, helm: &Path) -> Result<(), Failure> {
    let dir = match plugins_dir.or_else(|| std::env::var_os("HELM_PLUGINS").map(PathBuf::from)) {
        Some(dir) => dir,
        None => helm_plugins_dir(helm)?,
    };
    let plugin = dir.join("aac");
    let fail = |what: &str, e: std::io::Error| {
        Failure::Message(format!(
            "installing the plugin in {}: {what}: {e}",
            plugin.display()
        ))
    };
    std::fs::create_dir_all(&plugin).map_err(|e| fail("creating the folder", e))?;
    let exe = std::env::current_exe().map_err(|e| fail("finding this binary", e))?;
    let binary = plugin.join(if cfg!(windows) { "aac.exe" } else { "aac" });
    let staged = plugin.join(format!(".aac.new.{}", std::process::id()));
    std::fs::copy(&exe, &staged).map_err(|e| fail("copying aac", e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&staged, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| fail("making aac executable", e))?;
    }
    std::fs::rename(&staged, &binary).map_err(|e| fail("replacing aac", e))?;
    std::fs::write(plugin.join("plugin.yaml"), PLUGIN_YAML)
        .map_err(|e| fail("writing plugin.yaml", e))?;
    write_stdout(&format!(
        "Installed the Helm 4 post-renderer plugin \"aac\" {} in {}\n\
         Use it with: helm install NAME CHART --set renderer.engine=wasm --post-renderer aac\n\
         Helm 4 hides a plugin's error messages: aac writes them to your terminal and to {}\n",
        env!("CARGO_PKG_VERSION"),
        plugin.display(),
        plugin.join("last-error.txt").display()
    ))
}

/// `helm env HELM_PLUGINS`, refusing Helm 3 (which cannot load the plugin).
fn helm_plugins_dir(helm: &Path) -> Result<PathBuf, Failure> {
    let run = |args: &[&str]| {
        std::process::Command::new(helm)
            .args(args)
            .output()
            .map_err(|e| {
                Failure::Message(format!(
                    "cannot run {} to find Helm's plugin folder ({e}); pass --plugins-dir or set HELM_PLUGINS",
                    helm.display()
                ))
            })
    };
    let version = run(&["version", "--short"])?;
    let version = String::from_utf8_lossy(&version.stdout);
    if version.starts_with("v3.") || version.starts_with("v2.") {
        return Err(Failure::Message(format!(
            "{} is Helm {}: postrenderer/v1 plugins need Helm 4. With Helm 3 use the binary itself: --post-renderer aac --post-renderer-args post-render",
            helm.display(),
            version.trim()
        )));
    }
    let out = run(&["env", "HELM_PLUGINS"])?;
    let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || dir.is_empty() {
        return Err(Failure::Message(format!(
            "`{} env HELM_PLUGINS` gave no folder; pass --plugins-dir or set HELM_PLUGINS",
            helm.display()
        )));
    }
    Ok(PathBuf::from(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations() {
        assert_eq!(parse_size("256MiB"), Ok(256 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("0").is_err() && parse_size("lots").is_err());
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert!(parse_duration("soon").is_err() && parse_duration("0s").is_err());
    }

    #[test]
    fn the_plugin_manifest_has_this_version() {
        let line = PLUGIN_YAML
            .lines()
            .find(|l| l.starts_with("version:"))
            .unwrap();
        assert_eq!(line, format!("version: {}", env!("CARGO_PKG_VERSION")));
        assert!(PLUGIN_YAML.contains("type: postrenderer/v1"));
    }

    #[test]
    fn the_cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
