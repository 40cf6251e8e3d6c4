//! `aac explain KIND[/NAME] FIELD [NAME] [RENDER FLAGS]`: which values a
//! rendered field comes from (the module's `explain` request, see
//! `aac_core::chart::provenance`): each value with its file and line, and the
//! chart template that renders the field.

use super::inputs::with_set_files;
use super::{Failure, RenderArgs, ask, render_args, write_stdout};
use crate::sandbox::Limits;
use aac_wasm::protocol::{Explained, ExplainedCause, Request};
use clap::Args;

pub(super) const AFTER_HELP: &str = "\
The object is KIND (any case) or KIND/NAME, the field a path in it as
`spec.replicas` or `spec.template.spec.containers[0].image` (a key with dots, such
as a label, is written as it is or with `\\.`). The values are given as to
`aac render`; a third argument is the release name.

Prints the field's lines as rendered, then each value they depend on: its path,
its value, where it was written (your -f file or --set flag, else the chart's
values.yaml), and whether the line prints it (value) or it decides that the line
is there (condition). A field that is not rendered is explained by the values
that would add it. Secret values are never printed.

Exit status: 0 when explained, 1 when the values do not render or the object or
field does not exist (the message lists what does), 2 on bad flags.

Examples:
  aac explain deployment spec.replicas -f helm/ai-agent-connector/values-production.yaml
  aac explain deployment spec.template.spec.containers[0].image --set image.tag=1.2.3
  aac explain configmap data.LOG_LEVEL -f my-values.yaml";

#[derive(Debug, Args)]
pub(super) struct ExplainArgs {
    /// The object: KIND or KIND/NAME (`deployment`, `Service/release-name-ai-agent-connector`)
    object: String,
    /// The field: `spec.replicas`, `spec.template.spec.containers[0].image`
    field: String,
    #[command(flatten)]
    render: RenderArgs,
    /// Print the answer as JSON
    #[arg(long)]
    json: bool,
}

pub(super) fn run(args: &ExplainArgs, limits: Limits) -> Result<(), Failure> {
    let r = &args.render;
    if r.releases.is_some() || r.output_dir.is_some() || !r.show_only.is_empty() {
        return Err(Failure::Message(
            "aac explain explains one release's rendering: --releases, --output-dir and --show-only do not apply".into(),
        ));
    }
    let request = aac_wasm::protocol::ExplainArgs {
        render: render_args(r)?,
        object: Some(args.object.clone()),
        field: Some(args.field.clone()),
    };
    let request = Request::Explain(Box::new(aac_wasm::protocol::ExplainArgs {
        render: with_set_files(request.render, None),
        ..request
    }));
    let response = ask(&request, limits)?;
    for w in &response.warnings {
        eprintln!("WARNING: {}", w.text);
    }
    let explained = response.explained.ok_or_else(|| {
        Failure::Message("the renderer module answered without an explanation".into())
    })?;
    if args.json {
        let json = serde_json::to_string_pretty(&explained)
            .map_err(|e| Failure::Message(format!("JSON: {e}")))?;
        return write_stdout(&format!("{json}\n"));
    }
    write_stdout(&text(&explained))
}

fn place(c: &ExplainedCause) -> String {
    match (&c.source.file, c.source.line) {
        (Some(file), Some(line)) if file.starts_with("--") => format!("{file} flag {line}"),
        (Some(file), Some(line)) if !c.source.from_user => {
            format!("{file}:{line} (chart default)")
        }
        (Some(file), Some(line)) => format!("{file}:{line}"),
        _ => "(computed)".into(),
    }
}

fn cause_line(c: &ExplainedCause, width: usize) -> String {
    let value = c.source.value.as_deref().unwrap_or("(secret, not shown)");
    let left = format!("{} = {value}", c.source.path);
    format!("  {left:<width$}  {}\n", place(c))
}

/// What `aac explain` prints.
fn text(e: &Explained) -> String {
    let mut out = format!(
        "{}/{} {} (rendered by {})\n",
        e.kind, e.name, e.field, e.template
    );
    let width = e
        .causes
        .iter()
        .map(|c| c.source.path.len() + 3 + c.source.value.as_deref().map_or(19, str::len))
        .max()
        .unwrap_or(0)
        .min(60);
    if !e.complete {
        out.push_str("  (the values are too large to trace every one: the rest of the chart's defaults may count too)\n");
    }
    if e.lines.is_empty() {
        out.push_str("  not rendered with these values\n\nIt would be, if one of these changed:\n");
        for c in &e.causes {
            out.push_str(&cause_line(c, width));
            if let Some(text) = &c.text {
                out.push_str(&format!("      adds `{text}`\n"));
            }
        }
        return out;
    }
    let digits = e.lines.last().map_or(1, |l| l.line.to_string().len());
    for l in &e.lines {
        out.push_str(&format!("  {:>digits$} | {}\n", l.line, l.text));
    }
    let (values, conditions): (Vec<_>, Vec<_>) = e.causes.iter().partition(|c| c.role == "value");
    if e.causes.is_empty() {
        out.push_str("\nNo value changes it: the template writes it as it is.\n");
    }
    if !values.is_empty() {
        out.push_str("\nPrinted from:\n");
        for c in values {
            out.push_str(&cause_line(c, width));
        }
    }
    if !conditions.is_empty() {
        out.push_str("\nThere because of:\n");
        for c in conditions {
            out.push_str(&cause_line(c, width));
        }
    }
    out
}
