use super::rules::*;
use super::*;

/// Each rule's Rust test says what its schema pattern (and length) says, on
/// strings near every rule's edges.
#[test]
fn string_rules_agree_with_their_schema_patterns() {
    let rules: [(&str, &StrRule); 16] = [
        ("DNS_SUBDOMAIN", &DNS_SUBDOMAIN),
        ("OPTIONAL_DNS_SUBDOMAIN", &OPTIONAL_DNS_SUBDOMAIN),
        ("NAME_OVERRIDE", &NAME_OVERRIDE),
        ("HTTP_PATH", &HTTP_PATH),
        ("IMAGE_REPOSITORY", &IMAGE_REPOSITORY),
        ("IMAGE_TAG", &IMAGE_TAG),
        ("DIGEST", &DIGEST),
        ("ENV_KEY", &ENV_KEY),
        ("PERCENT", &PERCENT),
        ("DNS_LABEL", &DNS_LABEL),
        ("OPTIONAL_REGISTRY", &OPTIONAL_REGISTRY),
        ("PROMETHEUS_DURATION", &PROMETHEUS_DURATION),
        ("OPTIONAL_QUALIFIED_NAME", &OPTIONAL_QUALIFIED_NAME),
        ("KIND", &KIND),
        ("API_VERSION", &API_VERSION),
        ("OBJECT_NAME", &OBJECT_NAME),
    ];
    let mut probes: Vec<String> = [
        "",
        " ",
        "a",
        "A",
        "0",
        "-",
        "-a",
        "a-",
        "a.b",
        "a..b",
        ".a",
        "a_b",
        "a/b",
        "service.k8s.aws/nlb",
        "example.com/My_Class.v1",
        "Example.com/x",
        "a/b/c",
        "x/-a",
        "!bang",
        "/",
        "/api",
        "/api/v1:x",
        "/a:",
        "/a b",
        "api",
        "//",
        "a:b",
        "registry.example.com:5000",
        "registry.example.com/team/app",
        "1.0.0",
        "v1.2.3-rc.1",
        "_x",
        "50%",
        "0%",
        "%",
        "5O%",
        "100%",
        "ConfigMap",
        "configMap",
        "Config-Map",
        "v1",
        "v1beta1",
        "v2alpha",
        "v1gamma1",
        "apps/v1",
        "monitoring.coreos.com/v1",
        "Apps/v1",
        "a..b/v1",
        "a./v1",
        "/v1",
        "x/v",
        "a%b",
        "sha256:",
        "sha256:xyz",
        "30s",
        "1m30s",
        "500ms",
        "1ms1s",
        "30",
        "1.5s",
        "LOG_LEVEL",
        "my.key",
        "ключ",
        "a b",
        "tab\tx",
        "x\n",
        "0x1F",
        "on",
        "1h2m3s4ms",
        "2w1d",
        "1y",
        "s",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    probes.push(format!(
        "sha256:{}",
        "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"
    ));
    probes.push("a".repeat(63));
    probes.push("a".repeat(64));
    probes.push("t".repeat(128));
    probes.push("t".repeat(129));
    probes.push(format!("{}.{}", "a".repeat(63), "b".repeat(200)));
    for (name, rule) in rules {
        let pattern = regex::Regex::new(rule.pattern.unwrap_or("")).expect(name);
        for probe in &probes {
            let short_enough = rule.max_len.is_none_or(|max| probe.chars().count() <= max);
            // `check_str`: the rule's test, then its length.
            assert_eq!(
                (rule.test)(probe) && short_enough,
                pattern.is_match(probe) && short_enough,
                "{name} on {probe:?}: the Rust test and the schema's pattern disagree"
            );
        }
    }
}

#[test]
fn string_rules_match_their_patterns() {
    type Rule = fn(&str) -> bool;
    // Each rule, what it accepts and what it refuses.
    let cases: [(&str, Rule, &[&str], &[&str]); 7] = [
        (
            "dns subdomain",
            is_dns_subdomain,
            &["api.example.com"],
            &["Api.example.com", "a..b", "-a"],
        ),
        (
            "http path",
            is_http_path,
            &["/", "/api/v1:x"],
            &["/a:", "/a b", "api"],
        ),
        (
            "quantity",
            is_quantity,
            &["500m", "1Gi", "1e3"],
            &["1 Gi", "Gi"],
        ),
        (
            "digest",
            is_digest,
            &["sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"],
            &["sha256:xyz"],
        ),
        ("tag", is_tag, &["1.0.0", ""], &["-x", "a b"]),
        (
            "optional registry",
            is_optional_registry,
            &["", "registry.example.com:5000"],
            &["/x", "a b"],
        ),
        (
            "prometheus duration",
            is_prometheus_duration,
            &["", "0", "30s", "1m", "1m30s", "500ms", "1h2m3s4ms", "2w1d"],
            &["30", "s", "1s1m", "1.5s", "30S", "1ms1s", "-1s"],
        ),
    ];
    for (name, rule, accepted, refused) in cases {
        for s in accepted {
            assert!(rule(s), "{name} refuses {s:?}");
        }
        for s in refused {
            assert!(!rule(s), "{name} accepts {s:?}");
        }
    }
}

#[test]
fn secrecy_follows_the_secret_flag_of_the_model() {
    let path = |keys: &[&str]| {
        keys.iter()
            .fold(ValuesPath::root(), |path, key| path.key(key))
    };
    assert_eq!(secrecy(&path(&["secrets"])), Secrecy::Holds);
    assert_eq!(secrecy(&path(&["secrets", "data"])), Secrecy::Holds);
    assert_eq!(
        secrecy(&path(&["secrets", "data", "API_KEY"])),
        Secrecy::Secret
    );
    assert_eq!(secrecy(&path(&["secrets", "create"])), Secrecy::Public);
    assert_eq!(
        secrecy(&path(&["configmap", "data", "API_KEY"])),
        Secrecy::Public
    );
    assert_eq!(secrecy(&path(&["image", "tag"])), Secrecy::Public);
    assert_eq!(secrecy(&path(&["noSuchKey", "data"])), Secrecy::Public);
}

/// The chart README's parameters table (readme-generator) and the schema's
/// descriptions come from the `## @param` and `## @extra` lines of
/// `values.yaml`, the defaults from its values; the keys come from the values
/// model. The two name the same keys: every documented path is declared, and
/// every declared key reached through maps (not inside list items or free-form
/// maps, documented by example) is documented.
#[test]
fn every_declared_key_has_its_param_line_and_every_param_line_a_key() {
    let documented = crate::chart::schema::param_descriptions(crate::chart::VALUES_YAML);
    // Walks `a.b[0].c` through the model; a free-form map or `Any` takes any path below it.
    fn declared(ty: &Ty, path: &str) -> bool {
        let ty = match ty {
            Ty::Nullable(inner) => inner,
            ty => ty,
        };
        if path.is_empty() {
            return true;
        }
        if let Some(rest) = path.strip_prefix("[0]") {
            return match ty {
                Ty::List(item) => declared(item, rest.strip_prefix('.').unwrap_or(rest)),
                _ => matches!(ty, Ty::Any),
            };
        }
        let end = path.find(['.', '[']).unwrap_or(path.len());
        let (key, rest) = (
            &path[..end],
            path[end..].strip_prefix('.').unwrap_or(&path[end..]),
        );
        match ty {
            Ty::Object(fields) | Ty::OpenObject(fields) => fields
                .iter()
                .any(|f| f.name == key && declared(&f.ty, rest)),
            Ty::Dict(_, value) => declared(value, rest),
            Ty::Any => true,
            _ => false,
        }
    }
    let not_declared: Vec<&String> = documented
        .keys()
        .filter(|path| !declared(&VALUES, path))
        .collect();
    assert!(
        not_declared.is_empty(),
        "values.yaml documents keys the values model (core/src/chart/spec/values.rs) does not declare: {not_declared:?}"
    );
    fn keys(ty: &Ty, prefix: &str, out: &mut Vec<String>) {
        if let Ty::Object(fields) | Ty::OpenObject(fields) = ty {
            for f in fields.iter() {
                let path = format!("{prefix}{}", f.name);
                keys(&f.ty, &format!("{path}."), out);
                out.push(path);
            }
        } else if let Ty::Nullable(inner) = ty {
            keys(inner, prefix, out);
        }
    }
    let mut declared_keys = Vec::new();
    keys(&VALUES, "", &mut declared_keys);
    // A key is documented by its own line, by a line of a map above it (a
    // Kubernetes type: `strategy`), or by lines of the keys below it.
    let undocumented: Vec<&String> = declared_keys
        .iter()
        .filter(|k| {
            let above = |d: &String| k.starts_with(&format!("{d}."));
            let below =
                |d: &String| d.starts_with(&format!("{k}.")) || d.starts_with(&format!("{k}["));
            !documented.keys().any(|d| d == *k || above(d) || below(d))
        })
        .collect();
    assert!(
        undocumented.is_empty(),
        "keys of the values model without a `## @param` (or `## @extra`) line in values.yaml, so missing from the README table: {undocumented:?}"
    );
}
