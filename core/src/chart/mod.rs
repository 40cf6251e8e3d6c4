//! The chart itself, embedded at build time: its `Chart.yaml` and `values.yaml`
//! are the one source of the defaults (never copied into Rust by hand).

pub mod check;
pub mod limits;
pub mod notes;
pub mod provenance;
pub mod render;
pub mod schema;
pub mod spec;

use std::sync::OnceLock;

use crate::chart::render::Chart;
use crate::helm::values_file::{LoadedValues, parse_values};
use crate::value::Value;

/// The chart's `Chart.yaml`, as committed.
pub const CHART_YAML: &str = include_str!("../../../helm/ai-agent-connector/Chart.yaml");
/// The chart's `values.yaml`, as committed.
pub const VALUES_YAML: &str = include_str!("../../../helm/ai-agent-connector/values.yaml");
/// The chart's `values-production.yaml`.
pub const VALUES_PRODUCTION_YAML: &str =
    include_str!("../../../helm/ai-agent-connector/values-production.yaml");
/// The chart's `values-development.yaml`.
pub const VALUES_DEVELOPMENT_YAML: &str =
    include_str!("../../../helm/ai-agent-connector/values-development.yaml");

/// The chart's name, version and appVersion.
pub fn chart() -> Chart {
    static CHART: OnceLock<Chart> = OnceLock::new();
    CHART.get_or_init(read_chart).clone()
}

fn read_chart() -> Chart {
    let meta = parse_values("Chart.yaml", CHART_YAML)
        .map(|loaded| loaded.value)
        .unwrap_or_default();
    let field = |key: &str| {
        meta.as_map()
            .and_then(|m| m.get(key))
            .map(Value::go_string)
            .unwrap_or_default()
    };
    Chart {
        name: field("name"),
        version: field("version"),
        app_version: field("appVersion"),
    }
}

/// The chart's default values, with where each was written in `values.yaml`.
pub fn default_values() -> LoadedValues {
    defaults().clone()
}

/// [`default_values`], read once and shared (parsing `values.yaml` takes far
/// longer than rendering).
pub fn defaults() -> &'static LoadedValues {
    static DEFAULTS: OnceLock<LoadedValues> = OnceLock::new();
    DEFAULTS.get_or_init(|| parse_values("values.yaml", VALUES_YAML).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_chart_reads() {
        let chart = super::chart();
        assert_eq!(chart.name, "ai-agent-connector");
        assert!(!chart.version.is_empty() && !chart.app_version.is_empty());
        assert!(super::parse_values("values.yaml", super::VALUES_YAML).is_ok());
    }
}
