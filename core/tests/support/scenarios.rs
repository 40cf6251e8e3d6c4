//! The chart's values scenarios, one list for the core's goldens
//! (`core/tests/golden.rs`) and the suites against real Helm (`tests/src/lib.rs`).

use std::path::Path;

/// Every values scenario: the chart's three values files and each
/// `ci/*-values.yaml`, as paths relative to `chart_dir` (what `-f` is given).
/// `values.yaml` is the chart default and is passed explicitly anyway
/// (harmless: Helm layers it over itself).
pub fn scenarios_in(chart_dir: &Path) -> Vec<String> {
    let mut out = vec![
        "values.yaml".to_string(),
        "values-development.yaml".to_string(),
        "values-production.yaml".to_string(),
    ];
    let ci = chart_dir.join("ci");
    let mut ci: Vec<String> = std::fs::read_dir(&ci)
        .unwrap_or_else(|e| panic!("{}: {e}", ci.display()))
        .map(|e| e.expect("readable ci/ entry").file_name())
        .filter_map(|n| n.into_string().ok())
        .filter(|n| n.ends_with("-values.yaml"))
        .map(|n| format!("ci/{n}"))
        .collect();
    ci.sort();
    out.extend(ci);
    out
}
