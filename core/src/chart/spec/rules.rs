//! The scalar rules of the values model: integer ranges, and string rules
//! each with the regular expression the schema gives Helm and the same test
//! in Rust.

use super::{StrRule, Ty};

pub(crate) const INT32: i64 = 2_147_483_647;
pub(crate) const fn int(min: i64, max: i64) -> Ty {
    Ty::Int { min, max }
}
pub(crate) const NON_NEG: Ty = int(0, INT32);
pub(crate) const POSITIVE: Ty = int(1, INT32);
pub(crate) const PORT: Ty = int(1, 65535);
/// Numbers the templates print with `{{ }}` stay below a million: Go prints a
/// float64 of a million or more (any number of a values file) as `1e+06`,
/// which Kubernetes refuses for an integer field. (The `wasm` engine is no
/// longer a reason: the RenderRequest's `typedValues` keeps an int64 of
/// `--set` apart from a float64, so both engines print `1000000` and `1e+06`
/// alike; the limit stays for the files' float64s.)
pub const PRINTED_MAX: i64 = 999_999;
pub(crate) const PRINTED_NON_NEG: Ty = int(0, PRINTED_MAX);
pub(crate) const PRINTED_POSITIVE: Ty = int(1, PRINTED_MAX);
pub(crate) const STR: Ty = Ty::Str(&ANY_STRING);

pub(crate) fn any_string(_: &str) -> bool {
    true
}
pub(crate) fn is_dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}
pub(crate) fn is_dns_subdomain(s: &str) -> bool {
    s.split('.').all(is_dns_label)
}
pub(crate) fn is_name_override(s: &str) -> bool {
    s.is_empty() || is_dns_label(s)
}
pub(crate) fn is_optional_dns_subdomain(s: &str) -> bool {
    s.is_empty() || is_dns_subdomain(s)
}
/// Empty, or a Kubernetes qualified name (`ValidateQualifiedName`): a name
/// of at most 63 letters, digits, `-`, `_` and `.` that starts and ends
/// with a letter or digit, after an optional DNS subdomain and `/`
/// (`service.k8s.aws/nlb`).
pub(crate) fn is_optional_qualified_name(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let (prefix, name) = match s.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, s),
    };
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    prefix.is_none_or(is_dns_subdomain)
        && name.len() <= 63
        && edge(name.chars().next())
        && edge(name.chars().last())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
pub(crate) fn is_http_path(s: &str) -> bool {
    s.starts_with('/') && !s.contains([' ', '\t', '\n', '\r', '\x0c']) && !s.ends_with(':')
}
/// A Prometheus duration (`30s`, `1m30s`, `500ms`), as the ServiceMonitor CRD's
/// pattern checks it: empty too (the CRD's default then applies).
pub(crate) fn is_prometheus_duration(s: &str) -> bool {
    if s == "0" || s.is_empty() {
        return true;
    }
    let units = ["y", "w", "d", "h", "m", "s", "ms"];
    let mut rest = s;
    let mut next_unit = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        let Some((i, unit)) = units
            .iter()
            .enumerate()
            .skip(next_unit)
            .filter(|(_, u)| rest.starts_with(**u))
            .max_by_key(|(_, u)| u.len())
        else {
            return false;
        };
        rest = &rest[unit.len()..];
        next_unit = i + 1;
    }
    true
}
pub(crate) fn is_optional_registry(s: &str) -> bool {
    s.is_empty() || is_image_repository(s)
}
pub(crate) fn is_image_repository(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/:-".contains(c))
}
pub(crate) fn is_tag(s: &str) -> bool {
    s.is_empty()
        || (s.len() <= 128
            && s.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)))
}
pub(crate) fn is_digest(s: &str) -> bool {
    s.is_empty()
        || s.split_once(':').is_some_and(|(alg, hex)| {
            !alg.is_empty()
                && alg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && hex.len() >= 32
                && hex.chars().all(|c| c.is_ascii_hexdigit())
        })
}
pub(crate) fn is_env_key(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
}
pub(crate) fn is_percent(s: &str) -> bool {
    s.strip_suffix('%')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}
/// A Kubernetes kind: `^[A-Z][A-Za-z0-9]*$`.
pub(crate) fn is_kind(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}
/// An `apiVersion`: an optional API group (DNS labels joined by `.`) and `/`,
/// then `v1`, `v2beta1`, `v1alpha3`, ...
pub(crate) fn is_api_version(s: &str) -> bool {
    let (group, version) = match s.rsplit_once('/') {
        Some((group, version)) => (Some(group), version),
        None => (None, s),
    };
    let group_ok = group.is_none_or(|g| g.split('.').all(is_dns_label));
    let version_ok = version.strip_prefix('v').is_some_and(|rest| {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let (number, stage) = rest.split_at(digits);
        !number.is_empty()
            && (stage.is_empty()
                || ["alpha", "beta"].iter().any(|pre| {
                    stage
                        .strip_prefix(pre)
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                }))
    });
    group_ok && version_ok
}
/// An object name of any kind: not empty, no `/` or `%` (the path segment
/// rule, the loosest Kubernetes applies).
pub(crate) fn is_object_name(s: &str) -> bool {
    !s.is_empty() && !s.contains(['/', '%'])
}
/// Kubernetes' quantity syntax: `^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$`.
pub fn is_quantity(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let number_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    if number_end == 0 {
        return false;
    }
    let rest = &s[number_end..];
    let suffix_end = rest
        .find(|c: char| !"eEinumkKMGTP".contains(c))
        .unwrap_or(rest.len());
    let rest = &rest[suffix_end..];
    let rest = rest.strip_prefix(['+', '-']).unwrap_or(rest);
    rest.chars().all(|c| c.is_ascii_digit())
}

pub const ANY_STRING: StrRule = StrRule {
    pattern: None,
    max_len: None,
    test: any_string,
    meaning: "a string",
};
pub(crate) const DNS_LABEL_PATTERN: &str = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
pub(crate) const DNS_SUBDOMAIN_PATTERN: &str =
    "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
pub const DNS_SUBDOMAIN: StrRule = StrRule {
    pattern: Some(DNS_SUBDOMAIN_PATTERN),
    max_len: Some(253),
    test: is_dns_subdomain,
    meaning: "a DNS subdomain name (lowercase letters, digits, '-' and '.')",
};
pub const OPTIONAL_DNS_SUBDOMAIN: StrRule = StrRule {
    pattern: Some("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$"),
    max_len: Some(253),
    test: is_optional_dns_subdomain,
    meaning: "empty or a DNS subdomain name (lowercase letters, digits, '-' and '.')",
};
pub const OPTIONAL_QUALIFIED_NAME: StrRule = StrRule {
    pattern: Some(
        "^(([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$",
    ),
    max_len: Some(317),
    test: is_optional_qualified_name,
    meaning: "empty or a qualified name ([DNS subdomain/]name, the name at most 63 letters, digits, '-', '_' and '.')",
};
pub const NAME_OVERRIDE: StrRule = StrRule {
    pattern: Some("^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$"),
    max_len: None,
    test: is_name_override,
    meaning: "empty or a DNS label (lowercase letters, digits and '-'; cut to 63 characters)",
};
pub const HTTP_PATH: StrRule = StrRule {
    pattern: Some("^/(\\S*[^\\s:])?$"),
    max_len: None,
    test: is_http_path,
    meaning: "an HTTP path: '/' then no spaces, not ending in ':'",
};
pub const IMAGE_REPOSITORY: StrRule = StrRule {
    pattern: Some("^[a-zA-Z0-9][a-zA-Z0-9._/:-]*$"),
    max_len: None,
    test: is_image_repository,
    meaning: "an image repository such as registry.example.com/team/app",
};
pub const OPTIONAL_REGISTRY: StrRule = StrRule {
    pattern: Some("^([a-zA-Z0-9][a-zA-Z0-9._/:-]*)?$"),
    max_len: None,
    test: is_optional_registry,
    meaning: "empty or an image registry such as registry.example.com:5000",
};
pub const PROMETHEUS_DURATION: StrRule = StrRule {
    pattern: Some(
        "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$",
    ),
    max_len: None,
    test: is_prometheus_duration,
    meaning: "a Prometheus duration such as 30s, 1m or 1m30s",
};
pub const IMAGE_TAG: StrRule = StrRule {
    pattern: Some("^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$"),
    max_len: None,
    test: is_tag,
    meaning: "an image tag (letters, digits, '_', '.', '-'; at most 128)",
};
pub const DIGEST: StrRule = StrRule {
    pattern: Some("^([a-z0-9]+:[a-fA-F0-9]{32,})?$"),
    max_len: None,
    test: is_digest,
    meaning: "empty or a digest such as sha256:<64 hex digits>",
};
pub const ENV_KEY: StrRule = StrRule {
    pattern: Some("^[-._a-zA-Z0-9]+$"),
    max_len: None,
    test: is_env_key,
    meaning: "a ConfigMap or Secret key (letters, digits, '-', '.', '_')",
};
pub const PERCENT: StrRule = StrRule {
    pattern: Some("^[0-9]+%$"),
    max_len: None,
    test: is_percent,
    meaning: "a percentage such as \"50%\"",
};
pub const QUANTITY_PATTERN: &str = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/// Keeps the chart's DNS label rule visible to the schema module.
pub const DNS_LABEL: StrRule = StrRule {
    pattern: Some(DNS_LABEL_PATTERN),
    max_len: Some(63),
    test: is_dns_label,
    meaning: "a DNS label",
};
pub const KIND: StrRule = StrRule {
    pattern: Some("^[A-Z][A-Za-z0-9]*$"),
    max_len: None,
    test: is_kind,
    meaning: "a Kubernetes kind such as ConfigMap (a capital letter, then letters and digits)",
};
pub const API_VERSION: StrRule = StrRule {
    pattern: Some(
        "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?v[0-9]+((alpha|beta)[0-9]+)?$",
    ),
    max_len: None,
    test: is_api_version,
    meaning: "an apiVersion such as v1, apps/v1 or monitoring.coreos.com/v1",
};
pub const OBJECT_NAME: StrRule = StrRule {
    pattern: Some("^[^/%]+$"),
    max_len: None,
    test: is_object_name,
    meaning: "an object name (not empty, no '/' or '%')",
};
