//! Masterminds semver (`github.com/Masterminds/semver/v3`) as Helm uses it
//! for `kubeVersion` constraints and `--kube-version`.

/// A Kubernetes version as Helm reads `--kube-version` (Masterminds semver:
/// `1.30`, `v1.30.2`, `1.30.0-rc.1`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KubeVersion {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: String,
}

impl std::fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "v{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        Ok(())
    }
}

impl KubeVersion {
    /// Parses a version; `Err` has Helm's message.
    pub fn parse(text: &str) -> Result<KubeVersion, String> {
        let invalid = || format!("invalid kube version '{text}': Invalid Semantic Version");
        let t = text.strip_prefix('v').unwrap_or(text);
        let t = t
            .split_once('+')
            .map_or(t, |(v, build)| if build.is_empty() { "" } else { v });
        let (core, pre) = t.split_once('-').unwrap_or((t, ""));
        let ident_ok = |s: &str| {
            s.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        };
        if t.contains('-') && !ident_ok(pre) {
            return Err(invalid());
        }
        // Masterminds semver: a numeric prerelease identifier has no leading zero.
        if t.contains('-')
            && pre
                .split('.')
                .any(|p| p.len() > 1 && p.starts_with('0') && p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(format!(
                "invalid kube version '{text}': Version segment starts with 0"
            ));
        }
        let mut parts = core.split('.');
        let mut num = |required: bool| -> Result<u64, String> {
            match parts.next() {
                Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map_err(|_| {
                        format!(
                            "invalid kube version '{text}': Error parsing version segment: \
                             strconv.ParseUint: parsing \"{p}\": value out of range"
                        )
                    })
                }
                None if !required => Ok(0),
                _ => Err(invalid()),
            }
        };
        let version = KubeVersion {
            major: num(true)?,
            minor: num(false)?,
            patch: num(false)?,
            pre: pre.to_string(),
        };
        if parts.next().is_some() {
            return Err(invalid());
        }
        Ok(version)
    }

    fn cmp_semver(&self, other: &KubeVersion) -> std::cmp::Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => std::cmp::Ordering::Equal,
                (true, false) => std::cmp::Ordering::Greater,
                (false, true) => std::cmp::Ordering::Less,
                (false, false) => cmp_prerelease(&self.pre, &other.pre),
            })
    }
}

fn cmp_prerelease(a: &str, b: &str) -> std::cmp::Ordering {
    let mut ia = a.split('.');
    let mut ib = b.split('.');
    loop {
        match (ia.next(), ib.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => {
                let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(x), Ok(y)) => x.cmp(&y),
                    (Ok(_), Err(_)) => std::cmp::Ordering::Less,
                    (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
                    (Err(_), Err(_)) => x.cmp(y),
                };
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

/// Whether `version` satisfies a constraint of `>=`, `>`, `<=`, `<`, `=`
/// comparisons joined by blanks or commas (all must hold), as the chart's
/// `kubeVersion` is written. `None` for a constraint this reader does not know.
pub(crate) fn satisfies(constraint: &str, version: &KubeVersion) -> Option<bool> {
    let mut all = true;
    for term in constraint
        .split([',', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let (op, rest) = [">=", "<=", ">", "<", "=", ""]
            .iter()
            .find_map(|op| term.strip_prefix(op).map(|rest| (*op, rest)))?;
        let bound = KubeVersion::parse(rest.trim()).ok()?;
        // Masterminds semver: a version with a pre-release satisfies a range
        // only when the range itself names a pre-release.
        if !version.pre.is_empty() && bound.pre.is_empty() {
            all = false;
        }
        let ord = version.cmp_semver(&bound);
        let ok = match op {
            ">=" => ord.is_ge(),
            "<=" => ord.is_le(),
            ">" => ord.is_gt(),
            "<" => ord.is_lt(),
            _ => ord.is_eq(),
        };
        all &= ok;
    }
    Some(all)
}
