//! `helm template --kube-version`, checked against the chart's `kubeVersion`
//! as the Helm given parses it.

use crate::chart;
use crate::diagnostics::Diagnostic;
use crate::go::semver::{KubeVersion, satisfies};
use crate::helm::HelmVersion;
use crate::helm::values_file::parse_values;
use crate::value::Value;

/// The chart's `kubeVersion` constraint, as written in `Chart.yaml`.
pub fn chart_kube_version_constraint() -> Option<String> {
    parse_values("Chart.yaml", chart::CHART_YAML)
        .ok()?
        .value
        .as_map()?
        .get("kubeVersion")
        .map(Value::go_string)
}

/// `helm template --kube-version V`: parses `V` and checks it against the
/// chart's `kubeVersion`, with Helm's messages. Returns the version as Helm
/// shows it in `.Capabilities.KubeVersion.Version` (`v1.30.0`).
///
/// Helm 3 parses it as a Masterminds semver; Helm 4 as Kubernetes' own generic
/// version (`k8s.io/apimachinery/pkg/util/version.ParseGeneric`: at least
/// `major.minor`, anything after the numbers ignored). An empty version is none
/// given: Helm's default.
pub fn check_kube_version(given: &str, helm: HelmVersion) -> Result<String, Diagnostic> {
    if given.is_empty() {
        return Ok(String::new());
    }
    let (version, shown) = if helm.is_v4() {
        let version = parse_generic_kube_version(given).map_err(Diagnostic::error)?;
        let shown = format!("v{}", given.strip_prefix('v').unwrap_or(given));
        (version, shown)
    } else {
        let version = KubeVersion::parse(given).map_err(Diagnostic::error)?;
        let shown = version.to_string();
        (version, shown)
    };
    if let Some(constraint) = chart_kube_version_constraint()
        && satisfies(&constraint, &version) == Some(false)
    {
        return Err(Diagnostic::error(format!(
            "chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {shown}"
        )));
    }
    Ok(shown)
}

/// `version.ParseGeneric` of k8s.io/apimachinery, as Helm 4 reads `--kube-version`,
/// with its messages: `^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)*$`, at least two numbers,
/// the first without a leading zero.
fn parse_generic_kube_version(given: &str) -> Result<KubeVersion, String> {
    let invalid = |m: String| format!("invalid kube version '{given}': {m}");
    let quoted = crate::go::strconv::go_quote(given);
    let s = given.trim_start_matches([' ', '\t', '\n', '\x0c', '\r']);
    let s = s.strip_prefix('v').unwrap_or(s);
    let bytes = s.as_bytes();
    let mut end = 0;
    loop {
        let digits = bytes[end..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            break;
        }
        end += digits;
        if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            end += 1;
        } else {
            break;
        }
    }
    if end == 0 || s[end..].contains('\n') {
        return Err(invalid(format!("could not parse {quoted} as version")));
    }
    let components: Vec<&str> = s[..end].split('.').collect();
    if components.len() < 2 {
        return Err(invalid(format!("illegal version string {quoted}")));
    }
    let mut numbers = Vec::with_capacity(components.len());
    for (i, comp) in components.iter().enumerate() {
        if i == 0 && comp.starts_with('0') && *comp != "0" {
            return Err(invalid(format!(
                "illegal zero-prefixed version component {} in {quoted}",
                crate::go::strconv::go_quote(comp)
            )));
        }
        let n: u64 = comp.parse().map_err(|_| {
            invalid(format!(
                "illegal non-numeric version component {} in {quoted}: strconv.ParseUint: \
                 parsing {}: value out of range",
                crate::go::strconv::go_quote(comp),
                crate::go::strconv::go_quote(comp)
            ))
        })?;
        numbers.push(n);
    }
    Ok(KubeVersion {
        major: numbers[0],
        minor: numbers[1],
        patch: numbers.get(2).copied().unwrap_or(0),
        pre: String::new(),
    })
}
