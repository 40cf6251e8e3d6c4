//! How the release is reached: the Service, Ingress, HTTPRoute and NetworkPolicy.

use super::*;

pub(super) fn network_policy(ctx: &Ctx) -> Node {
    let egress = ctx.on(key!("networkPolicy.egress.enabled"));
    let mut policy_types = vec![Node::plain("Ingress")];
    if egress {
        policy_types.push(Node::plain("Egress"));
    }
    let mut ingress = Vec::new();
    if ctx.on(key!("networkPolicy.ingress.namespaceIsolation")) {
        ingress.push(Node::map([
            (
                "from",
                Node::Seq(vec![Node::map([("podSelector", Node::Map(vec![]))])]),
            ),
            (
                "ports",
                Node::Seq(vec![Node::map([
                    ("port", ctx.print(key!("containerPort"))),
                    ("protocol", Node::plain("TCP")),
                ])]),
            ),
        ]));
    }
    if ctx.on(key!("metrics.enabled")) && ctx.on(key!("metrics.scrapeFromNamespace")) {
        ingress.push(Node::map([
            (
                "from",
                Node::Seq(vec![Node::map([(
                    "namespaceSelector",
                    Node::map([(
                        "matchLabels",
                        Node::map([(
                            "kubernetes.io/metadata.name",
                            ctx.print(key!("metrics.scrapeFromNamespace")),
                        )]),
                    )]),
                )])]),
            ),
            (
                "ports",
                Node::Seq(vec![Node::map([
                    ("port", ctx.print(key!("containerPort"))),
                    ("protocol", Node::plain("TCP")),
                ])]),
            ),
        ]));
    }
    let ingress = splice_seq(ingress, 4, ctx.v(key!("networkPolicy.ingress.extraRules")));
    let mut spec = vec![
        (
            "podSelector",
            Node::map([("matchLabels", Node::Map(ctx.selector_labels()))]),
        ),
        ("policyTypes", Node::Seq(policy_types)),
        ("ingress", ingress),
    ];
    if egress {
        let mut rules = Vec::new();
        if ctx.on(key!("networkPolicy.egress.allowDNS")) {
            let port = |protocol| {
                Node::map([("port", Node::Int(53)), ("protocol", Node::plain(protocol))])
            };
            rules.push(Node::map([
                (
                    "to",
                    Node::Seq(vec![Node::map([
                        ("namespaceSelector", Node::Map(vec![])),
                        (
                            "podSelector",
                            Node::map([(
                                "matchLabels",
                                Node::map([("k8s-app", Node::plain("kube-dns"))]),
                            )]),
                        ),
                    ])]),
                ),
                ("ports", Node::Seq(vec![port("UDP"), port("TCP")])),
            ]));
        }
        spec.push((
            "egress",
            splice_seq(rules, 4, ctx.v(key!("networkPolicy.egress.extraRules"))),
        ));
    }
    ctx.spec_object("networking.k8s.io/v1", "NetworkPolicy", spec)
}

pub(super) fn http_route(ctx: &Ctx) -> Node {
    let mut spec = vec![(
        "parentRefs",
        Node::yaml_block(ctx.v(key!("httpRoute.parentRefs")), 4),
    )];
    if let Value::Seq(hosts) = ctx.v(key!("httpRoute.hostnames"))
        && !hosts.is_empty()
    {
        spec.push((
            "hostnames",
            Node::Seq(hosts.iter().map(|h| Node::quoted(h.go_string())).collect()),
        ));
    }
    let rules = seq_values(ctx.v(key!("httpRoute.rules")))
        .iter()
        .map(|rule| {
            let mut entries = vec![(
                "backendRefs",
                Node::Seq(vec![Node::map([
                    ("name", Node::Plain(ctx.fullname.clone())),
                    ("port", ctx.print(key!("service.port"))),
                ])]),
            )];
            for key in ["matches", "filters"] {
                let v = field(rule, key);
                if truthy(v) {
                    entries.push((key, Node::yaml_block(v, 8)));
                }
            }
            Node::map(entries)
        })
        .collect();
    spec.push(("rules", Node::Seq(rules)));
    object(
        "gateway.networking.k8s.io/v1",
        "HTTPRoute",
        ctx.metadata_annotated(ctx.fullname.clone(), key!("httpRoute.annotations")),
        vec![("spec", Node::map(spec))],
    )
}

pub(super) fn service(ctx: &Ctx) -> Node {
    let mut port = vec![
        ("name", Node::plain("http")),
        ("port", ctx.print(key!("service.port"))),
        ("targetPort", Node::plain("http")),
        ("protocol", Node::plain("TCP")),
    ];
    if !ctx.v(key!("service.nodePort")).is_null() {
        port.push(("nodePort", ctx.print(key!("service.nodePort"))));
    }
    let metadata = ctx.metadata_with(
        ctx.fullname.clone(),
        Some(key!("service.labels")),
        Some(key!("service.annotations")),
    );
    let mut spec = vec![("type", ctx.print(key!("service.type")))];
    for (name, key) in [
        (
            "externalTrafficPolicy",
            key!("service.externalTrafficPolicy"),
        ),
        ("loadBalancerClass", key!("service.loadBalancerClass")),
    ] {
        if ctx.on(key) {
            spec.push((name, ctx.print(key)));
        }
    }
    if ctx.on(key!("service.loadBalancerSourceRanges")) {
        spec.push((
            "loadBalancerSourceRanges",
            Node::yaml_block(ctx.v(key!("service.loadBalancerSourceRanges")), 4),
        ));
    }
    spec.push(("ports", Node::Seq(vec![Node::map(port)])));
    spec.push(("selector", Node::Map(ctx.selector_labels())));
    object("v1", "Service", metadata, vec![("spec", Node::map(spec))])
}

pub(super) fn ingress(ctx: &Ctx) -> Node {
    let mut spec = Vec::new();
    if ctx.on(key!("ingress.className")) {
        spec.push(("ingressClassName", ctx.print(key!("ingress.className"))));
    }
    if let Value::Seq(tls) = ctx.v(key!("ingress.tls"))
        && !tls.is_empty()
    {
        let entries = tls
            .iter()
            .map(|t| {
                let hosts = match field(t, "hosts") {
                    Value::Seq(h) => h.iter().map(|h| Node::quoted(h.go_string())).collect(),
                    _ => Vec::new(),
                };
                Node::map([
                    (
                        "hosts",
                        if hosts.is_empty() {
                            Node::plain("")
                        } else {
                            Node::Seq(hosts)
                        },
                    ),
                    ("secretName", Node::printed(field(t, "secretName"))),
                ])
            })
            .collect();
        spec.push(("tls", Node::Seq(entries)));
    }
    let rules: Vec<Node> = match ctx.v(key!("ingress.hosts")) {
        Value::Seq(hosts) => hosts
            .iter()
            .map(|h| {
                let paths: Vec<Node> = match field(h, "paths") {
                    Value::Seq(paths) => paths
                        .iter()
                        .map(|p| {
                            Node::map([
                                ("path", Node::printed(field(p, "path"))),
                                ("pathType", Node::printed(field(p, "pathType"))),
                                (
                                    "backend",
                                    Node::map([(
                                        "service",
                                        Node::map([
                                            ("name", Node::Plain(ctx.fullname.clone())),
                                            ("port", Node::map([("name", Node::plain("http"))])),
                                        ]),
                                    )]),
                                ),
                            ])
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                Node::map([
                    ("host", Node::quoted(field(h, "host").go_string())),
                    (
                        "http",
                        Node::map([(
                            "paths",
                            if paths.is_empty() {
                                Node::plain("")
                            } else {
                                Node::Seq(paths)
                            },
                        )]),
                    ),
                ])
            })
            .collect(),
        _ => Vec::new(),
    };
    spec.push((
        "rules",
        if rules.is_empty() {
            Node::plain("")
        } else {
            Node::Seq(rules)
        },
    ));
    object(
        "networking.k8s.io/v1",
        "Ingress",
        ctx.metadata_annotated(ctx.fullname.clone(), key!("ingress.annotations")),
        vec![("spec", Node::map(spec))],
    )
}
