//! What Helm itself does around a chart's templates, each module after the
//! Helm code it follows:
//!
//! - [`values_file`]: reading a values file (`chart/v2/loader`, `chartutil.ReadValues`);
//! - [`strvals`]: `--set`, `--set-string`, `--set-file`, `--set-json`, `--set-literal`;
//! - [`coalesce`]: `MergeMaps` and `CoalesceValues`;
//! - [`values`]: `values.Options.MergeValues`, the order of `-f` and `--set*`;
//! - [`post_render`]: the manifest stream and the `aac` post-renderer;
//! - [`show_only`]: `helm template --show-only`;
//! - [`kube_version`]: `--kube-version` and the chart's `kubeVersion`.

pub mod coalesce;
pub mod kube_version;
pub mod post_render;
pub mod show_only;
pub mod strvals;
pub mod values;
pub mod values_file;

/// Which Helm's behaviour to follow where Helm 3.17, Helm 4.1 and the newest
/// Helm 4 differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HelmVersion {
    /// Helm 3.17: a values file is one YAML document (later ones are
    /// ignored); `coalesce` keeps `null`s nested under keys the chart does
    /// not have; `--set-json` takes only `key=json` pairs.
    V3,
    /// Helm 4.1: multi-document values files are merged; `coalesce` drops
    /// every `null` below a table the chart has; `--set-json '{...}'` merges
    /// a whole JSON object.
    V4_1,
    /// The newest Helm 4 (4.2 and later; tested with 4.3.1): as 4.1, and the
    /// `null`s of the chart's own values.yaml that no user value meets are
    /// dropped from `.Values` (helm/helm#32530); `helm template` no longer
    /// trims each rendered template, so every document ends with a blank line.
    #[default]
    V4,
}

impl HelmVersion {
    /// Helm 4, any minor.
    pub fn is_v4(self) -> bool {
        matches!(self, HelmVersion::V4 | HelmVersion::V4_1)
    }

    /// `.Capabilities.KubeVersion.Version` when `helm template` is given no
    /// `--kube-version`: the Kubernetes client library Helm was built with
    /// (Helm 3.17.3: v1.32.0, Helm 4.1.4: v1.35.0, Helm 4.3.1: v1.37.0).
    pub fn default_kube_version(self) -> &'static str {
        match self {
            HelmVersion::V3 => "v1.32.0",
            HelmVersion::V4_1 => "v1.35.0",
            HelmVersion::V4 => "v1.37.0",
        }
    }

    /// The version `aac render --helm-version` and the module's `helm` field
    /// name: `3`, `4` (the newest Helm 4), `4.1`, `4.3`.
    pub fn parse(text: &str) -> Result<HelmVersion, String> {
        match text {
            "3" => Ok(HelmVersion::V3),
            "4" | "4.3" => Ok(HelmVersion::V4),
            "4.1" => Ok(HelmVersion::V4_1),
            other => Err(format!(
                "Helm version must be 3, 4 (the newest), 4.1 or 4.3, got {other:?}"
            )),
        }
    }
}
