//! `aac-core`: the ai-agent-connector chart's logic as a pure Rust library.
//!
//! Values in, Kubernetes manifests out. No I/O: the crate never opens a file,
//! reads the environment or spawns a process, so it runs natively, inside
//! Helm as a WebAssembly post-renderer, and in the browser.
//!
//! The values layer reads values files and `--set`-style flags exactly as
//! Helm does and merges them in Helm's order:
//! [`parse_values`], [`parse_set`], [`merge_values`],
//! [`coalesce`]. [`render_values`] checks the merged values against the
//! typed model ([`spec`], [`check`]) and renders the chart's objects ([`mod@render`]).
//!
//! ```
//! use aac_core::{Release, chart, render_values};
//!
//! let defaults = chart::default_values();
//! let rendering = render_values(&defaults.value, &defaults.locations, &Release::template("demo", "default"))
//!     .expect("the chart's defaults are valid");
//! assert!(rendering.documents.iter().any(|d| d.kind == "Deployment"));
//! assert!(rendering.to_stream().contains("# Source: ai-agent-connector/templates/deployment.yaml"));
//! ```

pub mod chart;
pub mod diagnostics;
pub mod go;
pub mod helm;

pub mod node;

pub mod value;
pub mod yaml;

#[cfg(test)]
mod test_json;

pub use helm::HelmVersion;
pub use helm::coalesce::{coalesce, coalesce_values, merge_maps};
pub use helm::strvals::{SetError, SetMode, parse_set, parse_set_as};
pub use helm::values::{ValuesOptions, merge_values};
pub use helm::values_file::{
    LoadedValues, check_values_file_size, parse_values, parse_values_as, parse_values_bytes,
    values_file_text,
};
pub use value::{LoadError, Location, Locations, PathSegment, Value, ValuesPath, Warning};
pub use yaml::input::utf8_file_text;

pub use chart::render::{Document, Release};
use chart::{check, limits, notes, render, spec};
use diagnostics::{Diagnostic, Diagnostics};

/// What the chart renders for some values.
#[derive(Clone, Debug, PartialEq)]
pub struct Rendering {
    /// The objects in Helm's install order, hooks last.
    pub documents: Vec<Document>,
    /// What Helm prints after an install (`NOTES.txt`).
    pub notes: String,
    /// Warnings about values that render, but probably not as meant.
    pub warnings: Vec<Diagnostic>,
}

impl Rendering {
    /// The objects as `helm template` prints them: each document preceded by
    /// `---` and its `# Source:` line.
    pub fn to_stream(&self) -> String {
        self.to_stream_for(HelmVersion::V4_1)
    }

    /// The objects as `helm template` of `helm` prints them: the newest Helm 4
    /// no longer trims each rendered template, so each document ends with an
    /// empty line.
    pub fn to_stream_for(&self, helm: HelmVersion) -> String {
        let chart = chart::chart();
        let mut out = String::new();
        let last_manifest = self.documents.iter().rposition(|d| !d.hook);
        for (i, doc) in self.documents.iter().enumerate() {
            out.push_str("---\n# Source: ");
            out.push_str(&chart.name);
            out.push_str("/templates/");
            out.push_str(doc.template);
            out.push('\n');
            out.push_str(&document_text(&doc.node, helm, Some(i) == last_manifest));
        }
        out
    }
}

/// A rendered template as `helm template` prints it after its `# Source:` line.
/// Helm 3 and 4.1 trim each document and end it with one line break
/// (`releaseutil.SplitManifests`). The newest Helm 4 prints each template's
/// output as rendered and a line break after it, trimming only the end of the
/// last manifest (the one before the hooks).
pub fn document_text(node: &node::Node, helm: HelmVersion, last_manifest: bool) -> String {
    let text = node.to_document();
    let mut out = match helm {
        HelmVersion::V4 if !last_manifest => text.trim_start().to_string(),
        HelmVersion::V4 => text.trim_start().trim_end().to_string(),
        HelmVersion::V3 | HelmVersion::V4_1 => text.trim().to_string(),
    };
    out.push('\n');
    out
}

/// Whether `name` is a release name Helm accepts (a DNS subdomain of at most 53
/// characters), with Helm's message when it is not.
pub fn check_release_name(name: &str) -> Result<(), Diagnostic> {
    let valid = !name.is_empty() && name.len() <= 53 && (spec::DNS_SUBDOMAIN.test)(name);
    if valid {
        Ok(())
    } else {
        Err(Diagnostic::release(format!(
            "release name {name:?}: invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53"
        )))
    }
}

/// Whether the release's namespace and service are what Kubernetes and Helm
/// allow: they are printed unquoted into every object, so anything else would
/// break the YAML (Helm then fails with a YAML parse error) or inject fields.
pub fn check_release_fields(release: &Release) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let ns = &release.namespace;
    if !(spec::DNS_LABEL.test)(ns) || ns.len() > 63 {
        problems.push(format!(
            "release namespace {ns:?}: must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters); Helm would print it, and the Kubernetes API server would refuse every object (a deliberate limit of aac, docs/compatibility.md)"
        ));
    }
    let service = &release.service;
    if service.is_empty() || !service.chars().all(|c| c.is_ascii_alphanumeric()) {
        problems.push(format!(
            "release service {service:?}: must be letters and digits (Helm sets \"Helm\")"
        ));
    }
    problems.into_iter().map(Diagnostic::release).collect()
}

/// Checks coalesced values (chart defaults with the user's values over them) and
/// renders the chart's objects. Every problem is reported at once, located
/// through `locations` where the value came from a file.
pub fn render_values(
    values: &Value,
    locations: &Locations,
    release: &Release,
) -> Result<Rendering, Vec<Diagnostic>> {
    let mut diagnostics = Diagnostics::default();
    if let Err(e) = check_release_name(&release.name) {
        diagnostics.items.push(e);
    }
    diagnostics.items.extend(check_release_fields(release));
    spec::check_types(
        values,
        &spec::VALUES,
        &mut ValuesPath::root(),
        &mut diagnostics,
    );
    if !diagnostics.has_errors() {
        check::check_values(values, release.kube_version(), &mut diagnostics);
    }
    diagnostics.locate(locations);
    let (errors, warnings) = diagnostics.split();
    if !errors.is_empty() {
        return Err(errors);
    }
    let chart = chart::chart();
    let documents = render::render_documents(values, &chart, release);
    limits::check_objects(values, &documents, locations)?;
    Ok(Rendering {
        documents,
        notes: notes::render_notes(values, &chart, release),
        warnings,
    })
}

/// Secret values never appear in a message: a diagnostic about one keeps its
/// path and location, and says what is wrong without quoting the value.
fn redact_secrets(diagnostics: &mut [Diagnostic]) {
    // Duplicate-key warnings name keys and lines, never values.
    for d in diagnostics.iter_mut().filter(|d| {
        spec::secrecy(&d.path) == spec::Secrecy::Secret && d.kind != diagnostics::Kind::DuplicateKey
    }) {
        d.message = match d.severity {
            diagnostics::Severity::Warning => {
                "this secret value is not read as the text written (YAML reads it as a number, boolean or null); quote it (value not shown)".into()
            }
            diagnostics::Severity::Error => "invalid secret value (value not shown)".into(),
        };
    }
}

/// Reads the user's values the way Helm does (`-f` files, then `--set` flags in
/// Helm's order), lays them over the chart's defaults, checks and renders: what
/// `helm template` does with the same flags. `read_file` reads `--set-file` paths.
pub fn render(
    options: &ValuesOptions,
    release: &Release,
    read_file: impl Fn(&str) -> Result<String, String>,
) -> Result<Rendering, Vec<Diagnostic>> {
    let merged = merge_user_values(options, read_file)?;
    render_merged(merged, options, release).map(|(rendering, _)| rendering)
}

/// The user's values as [`merge_values`] reads them, before the chart's
/// defaults: what [`render`] and [`render_explained`] start from.
struct UserValues {
    values: Value,
    locations: Locations,
    warnings: Vec<Warning>,
}

/// [`merge_values`], with its errors as diagnostics (secrets redacted).
fn merge_user_values(
    options: &ValuesOptions,
    read_file: impl Fn(&str) -> Result<String, String>,
) -> Result<UserValues, Vec<Diagnostic>> {
    let (values, locations, warnings) = merge_values(options, read_file).map_err(|errors| {
        let mut errors: Vec<Diagnostic> = errors.into_iter().map(Diagnostic::from).collect();
        redact_secrets(&mut errors);
        errors
    })?;
    Ok(UserValues {
        values,
        locations,
        warnings,
    })
}

/// [`render`] of values already read; also returns the coalesced values.
fn render_merged(
    user: UserValues,
    options: &ValuesOptions,
    release: &Release,
) -> Result<(Rendering, Value), Vec<Diagnostic>> {
    let UserValues {
        values: user,
        locations: user_locations,
        warnings: load_warnings,
    } = user;
    let defaults = chart::defaults();
    let chart = chart::chart();
    let (values, coalesce_warnings) =
        coalesce_values(&chart.name, &defaults.value, user, options.helm_version);
    // Where each value was written: built once, and only when a diagnostic needs it.
    let locations = std::cell::OnceCell::new();
    let locate = |diagnostics: &mut [Diagnostic]| {
        if diagnostics
            .iter()
            .all(|d| d.location.is_some() || d.path.is_root())
        {
            return;
        }
        // The merged values have a map exactly where the user wrote one:
        // coalescing lays defaults into the user's maps and never turns a
        // user's scalar, list or null into a map.
        let locations = locations
            .get_or_init(|| merged_locations(&defaults.locations, &values, &user_locations));
        for d in diagnostics.iter_mut().filter(|d| d.location.is_none()) {
            d.location = diagnostics::locate(locations, d);
        }
        diagnostics::sort_by_location(diagnostics);
    };
    let release = Release {
        helm: options.helm_version,
        ..release.clone()
    };
    let mut rendering =
        render_values(&values, &Locations::new(), &release).map_err(|mut errors| {
            locate(&mut errors);
            redact_secrets(&mut errors);
            errors
        })?;
    locate(&mut rendering.warnings);
    let mut coalesce_warnings: Vec<Diagnostic> = coalesce_warnings
        .into_iter()
        .map(Diagnostic::from)
        .collect();
    locate(&mut coalesce_warnings);
    let mut warnings: Vec<Diagnostic> = load_warnings.into_iter().map(Diagnostic::from).collect();
    warnings.append(&mut coalesce_warnings);
    // One word per value: where the loader already warned about the text as
    // written (`tag: 1.10` is read as 1.1), a check's warning about the same
    // value says it again.
    rendering.warnings.retain(|check| {
        !warnings
            .iter()
            .any(|load| load.path == check.path && load.location == check.location)
    });
    warnings.append(&mut rendering.warnings);
    redact_secrets(&mut warnings);
    rendering.warnings = warnings;
    Ok((rendering, values))
}

/// Where each value was written: the user's files and flags over the chart's
/// `values.yaml`. `maps` has a map exactly where the user wrote one (the
/// user's values, or the values merged from them).
fn merged_locations(defaults: &Locations, maps: &Value, user_locations: &Locations) -> Locations {
    // Where the user replaced a default (a list or a scalar), the default's
    // own locations below it no longer describe anything.
    let mut merged = defaults.clone();
    merged.drop_replaced(user_locations, maps);
    merged.extend_from(user_locations);
    merged
}

/// [`render`], and which values each rendered line depends on
/// ([`chart::provenance`]): what `aac explain` and the playground's
/// highlighting show. A separate, slower pass (one render per value); the
/// plain [`render`] does none of it.
pub fn render_explained(
    options: &ValuesOptions,
    release: &Release,
    read_file: impl Fn(&str) -> Result<String, String>,
) -> Result<(Rendering, chart::provenance::Provenance), Vec<Diagnostic>> {
    let merged = merge_user_values(options, read_file)?;
    let user = merged.values.clone();
    let user_locations = merged.locations.clone();
    let (rendering, values) = render_merged(merged, options, release)?;
    let defaults = chart::defaults();
    let locations = merged_locations(&defaults.locations, &user, &user_locations);
    let release = Release {
        helm: options.helm_version,
        ..release.clone()
    };
    let provenance = chart::provenance::provenance(&values, &locations, &user, &release);
    Ok((rendering, provenance))
}
