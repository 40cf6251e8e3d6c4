//! `aac diff`: what changes in the rendered manifests between two sets of
//! values, as `diff -u` prints it, one object at a time (like helm-diff).
//!
//! ```text
//! aac diff [NAME] [RENDER FLAGS]  --to [NAME] [RENDER FLAGS]
//! ```
//!
//! The flags before `--to` (alias `--against`) render the old side (`-`),
//! those after it the new side (`+`); each side takes every flag of
//! `aac render`. The new side starts from the old side's release name,
//! `-n`, `--kube-version`, `--helm-version`, `--show-only` and `--skip-tests`
//! (give them again to change them), but not its values: `--to` alone
//! compares with the chart's defaults.
//!
//! Exit status as diff's: 0 when the manifests are the same, 1 when they
//! differ, 2 on trouble (either side does not render).

use std::collections::{HashMap, HashSet};
use std::process::ExitCode;

use super::{Failure, RenderArgs, render_response, write_stdout};
use crate::sandbox::Limits;
use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser};

pub(super) const AFTER_HELP: &str = "\
The flags before --to (or --against) render the old side (-), those after it the
new side (+), each as `aac render` takes them. The new side keeps the old side's
release name, -n, --kube-version, --helm-version, --show-only and --skip-tests
unless given again; its values are only its own (--to alone: the chart's defaults).

Each object that changed, was added or was removed is printed as a unified diff
of its manifest, headed `--- KIND/NAME (TEMPLATE)` and `+++ KIND/NAME (TEMPLATE)`
(`/dev/null` for an object on one side only). The values of a Secret's data are
hidden (`<hidden: N characters, old value>`: only whether each changed) unless
--show-secrets.

The options of aac diff itself (-U, -q, --show-secrets, --color) go before --to.

Exit status: 0 when the manifests are the same, 1 when they differ, 2 on trouble.

Examples:
  # What production changes, against the chart's defaults
  aac diff -f values-production.yaml --to
  # Development to production, for one release
  aac diff my-release -n prod -f values-development.yaml --to -f values-production.yaml
  # One value, only the Deployment
  aac diff -s templates/deployment.yaml --to --set replicaCount=3";

#[derive(Debug, Args)]
pub(super) struct DiffArgs {
    #[command(flatten)]
    old: RenderArgs,
    /// Lines of context around each change
    #[arg(short = 'U', long, value_name = "N", default_value_t = 3)]
    unified: usize,
    /// Only say which objects differ (as `diff -q`)
    #[arg(short = 'q', long)]
    brief: bool,
    /// Print the values of Secrets' data (hidden by default: only whether each changed)
    #[arg(long)]
    show_secrets: bool,
    /// Colour the diff: auto (when stdout is a terminal and NO_COLOR is unset), always, never
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// The new side: `aac render` flags (everything after --to)
    #[arg(
        long = "to",
        visible_alias = "against",
        required = true,
        num_args = 0..,
        allow_hyphen_values = true,
        value_name = "RENDER FLAGS"
    )]
    new: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    fn enabled(self) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::IsTerminal::is_terminal(&std::io::stdout())
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// A unified diff with ANSI colours, as `git diff` prints one: headers bold,
/// hunk lines cyan, removed lines red, added lines green.
fn colored(diff: &str) -> String {
    let mut out = String::with_capacity(diff.len() + diff.len() / 8);
    for line in diff.split_inclusive('\n') {
        let (text, newline) = match line.strip_suffix('\n') {
            Some(t) => (t, "\n"),
            None => (line, ""),
        };
        let style = if text.starts_with("--- ") || text.starts_with("+++ ") {
            "1"
        } else if text.starts_with("@@") {
            "36"
        } else if text.starts_with('-') {
            "31"
        } else if text.starts_with('+') {
            "32"
        } else {
            ""
        };
        if style.is_empty() {
            out.push_str(line);
        } else {
            out.push_str(&format!("\x1b[{style}m{text}\x1b[0m{newline}"));
        }
    }
    out
}

/// The new side's flags, parsed as `aac render`'s.
#[derive(Debug, Parser)]
#[command(
    name = "aac diff --to",
    no_binary_name = true,
    disable_version_flag = true
)]
struct NewSide {
    #[command(flatten)]
    render: RenderArgs,
}

/// Runs `aac diff`: exit 0 (same), 1 (different) or 2 (trouble).
pub(super) fn run(args: &DiffArgs, limits: Limits) -> ExitCode {
    match diff(args, limits) {
        Ok(same) => ExitCode::from(if same { 0 } else { 1 }),
        Err(message) => {
            eprint!("{message}");
            ExitCode::from(2)
        }
    }
}

fn diff(args: &DiffArgs, limits: Limits) -> Result<bool, String> {
    let new = new_side(&args.old, &args.new)?;
    if args.old.output_dir.is_some() || new.output_dir.is_some() {
        return Err(
            "Error: aac diff prints its differences; --output-dir is for aac render\n".into(),
        );
    }
    let old_stream = render_side(&args.old, limits, "old")?;
    let new_stream = render_side(&new, limits, "new")?;
    let text = unified(
        &old_stream,
        &new_stream,
        &Options {
            context: args.unified,
            brief: args.brief,
            show_secrets: args.show_secrets,
        },
    );
    let shown = if !args.brief && args.color.enabled() {
        colored(&text)
    } else {
        text.clone()
    };
    write_stdout(&shown).map_err(|f| f.render(""))?;
    Ok(text.is_empty())
}

/// Parses the flags after `--to`, filling in what the new side keeps of the old.
fn new_side(old: &RenderArgs, flags: &[String]) -> Result<RenderArgs, String> {
    let matches: ArgMatches = NewSide::command()
        .try_get_matches_from(flags)
        .map_err(|e| e.render().to_string())?;
    let mut new = NewSide::from_arg_matches(&matches)
        .map_err(|e| e.render().to_string())?
        .render;
    let given = |id: &str| matches.value_source(id) == Some(ValueSource::CommandLine);
    if !given("name") {
        new.name.clone_from(&old.name);
    }
    if !given("namespace") {
        new.namespace.clone_from(&old.namespace);
    }
    if !given("kube_version") {
        new.kube_version.clone_from(&old.kube_version);
    }
    if !given("helm_version") {
        new.helm_version.clone_from(&old.helm_version);
    }
    if !given("show_only") {
        new.show_only.clone_from(&old.show_only);
    }
    if !given("skip_tests") {
        new.skip_tests = old.skip_tests;
    }
    Ok(new)
}

/// What `aac render` prints for one side; every problem in the message.
fn render_side(args: &RenderArgs, limits: Limits, side: &str) -> Result<String, String> {
    let context = format!("the {side} side does not render: ");
    render_stream(args, limits).map_err(|f| f.render(&context))
}

/// `aac render`'s stream for these flags, warnings on stderr (the request
/// `aac render` sends, [`super::render_response`]).
fn render_stream(args: &RenderArgs, limits: Limits) -> Result<String, Failure> {
    if args.releases.is_some() {
        return Err(Failure::Message(
            "aac diff compares two sets of values of one release; --releases is for aac render"
                .into(),
        ));
    }
    let response = render_response(args, limits)?;
    Ok(response.manifests.unwrap_or_default())
}

/// One document of a stream: its `KIND/NAME (TEMPLATE)` label and its text.
#[derive(Debug)]
struct Document<'a> {
    key: String,
    kind: String,
    label: String,
    text: &'a str,
}

/// Splits `helm template`'s stream (`---` lines) into documents, each named
/// by its kind, namespace and name (the `# Source:` template when it has none).
fn documents(stream: &str) -> Vec<Document<'_>> {
    let mut texts = Vec::new();
    let (mut start, mut offset) = (0, 0);
    for line in stream.split_inclusive('\n') {
        if line.trim_end() == "---" {
            texts.push(&stream[start..offset]);
            start = offset + line.len();
        }
        offset += line.len();
    }
    texts.push(&stream[start..]);
    let mut seen: HashMap<String, usize> = HashMap::new();
    texts
        .into_iter()
        .filter(|text| !text.trim().is_empty())
        .map(|text| {
            let (kind, namespace, name, source) = identify(text);
            let mut key = format!("{kind}/{namespace}/{name}/{source}");
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            if *n > 1 {
                key.push_str(&format!("#{n}"));
            }
            Document {
                key,
                label: format!("{kind}/{name} ({source})"),
                kind,
                text,
            }
        })
        .collect()
}

/// (kind, namespace, name, template) of a document, from its top-level
/// `kind:`, `metadata:`'s `name:` and `namespace:`, and `# Source:`.
fn identify(text: &str) -> (String, String, String, String) {
    let unquote = |v: &str| v.trim().trim_matches(['"', '\'']).to_string();
    let (mut kind, mut namespace, mut name, mut source) =
        (String::new(), String::new(), String::new(), String::new());
    let mut in_metadata = false;
    for line in text.lines() {
        if let Some(s) = line.strip_prefix("# Source: ") {
            source = s.trim().to_string();
        } else if let Some(k) = line.strip_prefix("kind:") {
            kind = unquote(k);
        } else if !line.starts_with(' ') && !line.is_empty() {
            in_metadata = line.trim_end() == "metadata:";
        } else if in_metadata {
            if let Some(n) = line.strip_prefix("  name:") {
                name = unquote(n);
            } else if let Some(n) = line.strip_prefix("  namespace:") {
                namespace = unquote(n);
            }
        }
    }
    if kind.is_empty() {
        kind = "document".into();
    }
    (kind, namespace, name, source)
}

/// How `aac diff` prints.
struct Options {
    /// Lines of context (`-U`).
    context: usize,
    /// Only which objects differ (`-q`).
    brief: bool,
    /// Secrets' values as they are.
    show_secrets: bool,
}

/// The unified diff of two streams, object by object: changed and removed
/// objects in the old stream's order, then the added ones in the new's.
/// Empty when they are the same.
fn unified(old: &str, new: &str, options: &Options) -> String {
    let old_docs = documents(old);
    let new_docs = documents(new);
    let new_by_key: HashMap<&str, &Document> =
        new_docs.iter().map(|d| (d.key.as_str(), d)).collect();
    let old_keys: HashSet<&str> = old_docs.iter().map(|d| d.key.as_str()).collect();
    let mut out = String::new();
    let mut emit = |a: Option<&Document>, b: Option<&Document>| {
        let (a_text, b_text) = (a.map_or("", |d| d.text), b.map_or("", |d| d.text));
        if a_text == b_text {
            return;
        }
        let label =
            |d: Option<&Document>| d.map_or_else(|| "/dev/null".to_string(), |d| d.label.clone());
        if options.brief {
            let what = match (a, b) {
                (Some(d), None) => format!("{} removed", d.label),
                (None, Some(d)) => format!("{} added", d.label),
                (Some(d), Some(_)) => format!("{} changed", d.label),
                (None, None) => return,
            };
            out.push_str(&what);
            out.push('\n');
            return;
        }
        let secret = [a, b].into_iter().flatten().any(|d| d.kind == "Secret");
        let (a_text, b_text) = if secret && !options.show_secrets {
            hide_secret_data(a_text, b_text)
        } else {
            (a_text.to_string(), b_text.to_string())
        };
        let diff = similar::TextDiff::from_lines(&a_text, &b_text);
        let text = diff
            .unified_diff()
            .context_radius(options.context)
            .header(&label(a), &label(b))
            .missing_newline_hint(true)
            .to_string();
        out.push_str(&text);
    };
    for d in &old_docs {
        emit(Some(d), new_by_key.get(d.key.as_str()).copied());
    }
    for d in new_docs
        .iter()
        .filter(|d| !old_keys.contains(d.key.as_str()))
    {
        emit(None, Some(d));
    }
    out
}

/// A Secret's `data:` and `stringData:` entries (top level, two-space
/// indent, `KEY: VALUE` with a one-line value), each with its line's index.
fn secret_entries(text: &str) -> Vec<(usize, String, String)> {
    let mut entries = Vec::new();
    let mut inside = false;
    for (i, line) in text.lines().enumerate() {
        if !line.starts_with(' ') && !line.is_empty() {
            inside = matches!(line.trim_end(), "data:" | "stringData:");
        } else if inside
            && let Some(entry) = line.strip_prefix("  ")
            && !entry.starts_with(' ')
            && let Some((key, value)) = entry.split_once(": ")
        {
            entries.push((i, key.to_string(), value.to_string()));
        }
    }
    entries
}

/// Both sides of a Secret with its values replaced by `<hidden: N characters>`,
/// marked `, old value` and `, new value` where a key's value differs.
fn hide_secret_data(old: &str, new: &str) -> (String, String) {
    let old_entries = secret_entries(old);
    let new_entries = secret_entries(new);
    let value_of = |entries: &[(usize, String, String)], key: &str| {
        entries
            .iter()
            .find(|(_, k, _)| k == key)
            .map(|(_, _, v)| v.clone())
    };
    let hide = |text: &str,
                mine: &[(usize, String, String)],
                theirs: &[(usize, String, String)],
                side: &str| {
        let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
        for (i, key, value) in mine {
            let changed = value_of(theirs, key).is_some_and(|v| &v != value);
            let newline = if lines[*i].ends_with('\n') { "\n" } else { "" };
            let size = value.trim_matches('"').len();
            lines[*i] = format!(
                "  {key}: <hidden: {size} characters{}>{newline}",
                if changed { side } else { "" }
            );
        }
        lines.concat()
    };
    (
        hide(old, &old_entries, &new_entries, ", old value"),
        hide(new, &new_entries, &old_entries, ", new value"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "---\n# Source: c/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    name: x\ndata:\n  k: \"1\"\n---\n# Source: c/templates/b.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n";
    const NEW: &str = "---\n# Source: c/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    name: x\ndata:\n  k: \"2\"\n---\n# Source: c/templates/d.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: \"d\"\n  namespace: prod\n";

    #[test]
    fn names_documents_by_kind_and_name() {
        let docs = documents(NEW);
        let labels: Vec<_> = docs.iter().map(|d| d.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "ConfigMap/a (c/templates/a.yaml)",
                "Service/d (c/templates/d.yaml)"
            ]
        );
        assert_eq!(docs[1].key, "Service/prod/d/c/templates/d.yaml");
        assert!(docs[0].text.starts_with("# Source: c/templates/a.yaml\n"));
    }

    #[test]
    fn diffs_object_by_object() {
        let options = |context, brief| Options {
            context,
            brief,
            show_secrets: true,
        };
        assert_eq!(unified(OLD, OLD, &options(3, false)), "");
        let text = unified(OLD, NEW, &options(1, false));
        assert!(
            text.starts_with(
                "--- ConfigMap/a (c/templates/a.yaml)\n+++ ConfigMap/a (c/templates/a.yaml)\n@@ -8,2 +8,2 @@\n data:\n-  k: \"1\"\n+  k: \"2\"\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("--- Secret/b (c/templates/b.yaml)\n+++ /dev/null\n"),
            "{text}"
        );
        assert!(
            text.contains("--- /dev/null\n+++ Service/d (c/templates/d.yaml)\n"),
            "{text}"
        );
        assert_eq!(
            unified(OLD, NEW, &options(3, true)),
            "ConfigMap/a (c/templates/a.yaml) changed\nSecret/b (c/templates/b.yaml) removed\nService/d (c/templates/d.yaml) added\n"
        );
    }

    #[test]
    fn hides_secret_values_but_not_that_they_changed() {
        let secret = |a: &str, b: &str| {
            format!(
                "# Source: c/templates/s.yaml\nkind: Secret\nmetadata:\n  name: s\ndata:\n  \"A\": \"{a}\"\n  \"B\": \"{b}\"\ntype: Opaque\n"
            )
        };
        let (old, new) = (
            secret("c2VjcmV0", "c2FtZQ=="),
            secret("b3RoZXI=", "c2FtZQ=="),
        );
        let hidden = Options {
            context: 3,
            brief: false,
            show_secrets: false,
        };
        let text = unified(&format!("---\n{old}"), &format!("---\n{new}"), &hidden);
        assert!(
            !text.contains("c2VjcmV0") && !text.contains("b3RoZXI="),
            "{text}"
        );
        assert!(!text.contains("c2FtZQ=="), "{text}");
        assert!(
            text.contains("-  \"A\": <hidden: 8 characters, old value>\n"),
            "{text}"
        );
        assert!(
            text.contains("+  \"A\": <hidden: 8 characters, new value>\n"),
            "{text}"
        );
        assert!(
            text.contains("   \"B\": <hidden: 8 characters>\n"),
            "{text}"
        );
        let shown = Options {
            show_secrets: true,
            ..hidden
        };
        let text = unified(&format!("---\n{old}"), &format!("---\n{new}"), &shown);
        assert!(
            text.contains("-  \"A\": \"c2VjcmV0\"\n+  \"A\": \"b3RoZXI=\"\n"),
            "{text}"
        );
    }

    #[test]
    fn colours_like_git_diff() {
        assert_eq!(
            colored("--- a\n+++ b\n@@ -1 +1 @@\n x\n-y\n+z"),
            "\x1b[1m--- a\x1b[0m\n\x1b[1m+++ b\x1b[0m\n\x1b[36m@@ -1 +1 @@\x1b[0m\n x\n\x1b[31m-y\x1b[0m\n\x1b[32m+z\x1b[0m"
        );
    }
}
