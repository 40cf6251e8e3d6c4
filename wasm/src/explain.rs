//! `explain`: which values each rendered line depends on
//! ([`aac_core::chart::provenance`]), for the whole rendering (the
//! playground) or for one field of one object (`aac explain`).

use aac_core::chart::provenance::{Addition, Provenance, Role};
use aac_core::{Document, Rendering, Value, ValuesPath};

use crate::{
    AdditionOut, CauseOut, DocumentProvenance, ExplainArgs, Explained, ExplainedCause,
    ExplainedLine, ProvenanceOut, Response, SourceOut, render_inputs, with_set_files,
};

pub(crate) fn explain(args: ExplainArgs) -> Response {
    let (options, release) = match render_inputs(&args.render) {
        Ok(inputs) => inputs,
        Err(refused) => return *refused,
    };
    let helm = options.helm_version;
    let explained = match with_set_files(&args.render.files, |read| {
        aac_core::render_explained(&options, &release, read)
    }) {
        Ok(explained) => explained,
        Err(ask) => return *ask,
    };
    let (rendering, provenance) = match explained {
        Ok(both) => both,
        Err(errors) => return Response::failed(&errors),
    };
    let texts: Vec<String> = {
        let last = rendering.documents.iter().rposition(|d| !d.hook);
        rendering
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| aac_core::document_text(&d.node, helm, Some(i) == last))
            .collect()
    };
    let warnings = rendering.warnings.iter().map(Into::into).collect();
    let Some(object) = args.object else {
        return Response {
            ok: true,
            provenance: Some(whole(&rendering, &provenance)),
            warnings,
            ..Response::default()
        };
    };
    match one_field(
        &rendering,
        &texts,
        &provenance,
        &object,
        args.field.as_deref().unwrap_or(""),
    ) {
        Ok(explained) => Response {
            ok: true,
            explained: Some(explained),
            warnings,
            ..Response::default()
        },
        Err(message) => Response::failed_with(message),
    }
}

fn source_out(provenance: &Provenance, n: usize) -> SourceOut {
    let s = &provenance.sources[n];
    SourceOut {
        path: s.path.to_string(),
        value: s.shown.clone(),
        file: s.location.as_ref().map(|l| l.source.clone()),
        line: s.location.as_ref().map(|l| l.line),
        column: s.location.as_ref().map(|l| l.column),
        from_user: s.from_user,
        additions: s
            .additions
            .iter()
            .map(|a| match a {
                Addition::Lines {
                    document,
                    before,
                    text,
                } => AdditionOut {
                    document: Some(*document),
                    before: Some(*before),
                    text: text.clone(),
                },
                Addition::Object { kind, template } => AdditionOut {
                    document: None,
                    before: None,
                    text: format!("{kind} (templates/{template})"),
                },
            })
            .collect(),
    }
}

pub(crate) fn whole(rendering: &Rendering, provenance: &Provenance) -> ProvenanceOut {
    let chart = aac_core::chart::chart().name;
    ProvenanceOut {
        sources: (0..provenance.sources.len())
            .map(|n| source_out(provenance, n))
            .collect(),
        documents: rendering
            .documents
            .iter()
            .zip(&provenance.documents)
            .map(|(d, lines)| DocumentProvenance {
                source: format!("{chart}/templates/{}", d.template),
                kind: d.kind.to_string(),
                name: d.name.clone(),
                lines: lines
                    .iter()
                    .map(|causes| {
                        causes
                            .iter()
                            .map(|c| CauseOut {
                                source: c.source,
                                role: c.role.as_str().to_string(),
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect(),
        complete: provenance.complete,
        values: provenance.values,
        traced: provenance.traced,
    }
}

fn object_names(docs: &[Document]) -> String {
    docs.iter()
        .map(|d| format!("{}/{}", d.kind, d.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The document `KIND[/NAME]` names.
fn find_object(docs: &[Document], object: &str) -> Result<usize, String> {
    let (kind, name) = match object.split_once('/') {
        Some((k, n)) => (k, Some(n)),
        None => (object, None),
    };
    // kubectl's short names and plurals.
    let lower = kind.to_ascii_lowercase();
    let kind = match lower.as_str() {
        "deploy" | "deployments" => "Deployment",
        "svc" | "services" => "Service",
        "sa" | "serviceaccounts" => "ServiceAccount",
        "cm" | "configmaps" => "ConfigMap",
        "secrets" => "Secret",
        "hpa" | "horizontalpodautoscalers" => "HorizontalPodAutoscaler",
        "pdb" | "poddisruptionbudgets" => "PodDisruptionBudget",
        "ing" | "ingresses" => "Ingress",
        "netpol" | "networkpolicies" => "NetworkPolicy",
        "httproutes" => "HTTPRoute",
        "servicemonitors" => "ServiceMonitor",
        "podmonitors" => "PodMonitor",
        "prometheusrules" => "PrometheusRule",
        "po" | "pods" => "Pod",
        _ => kind,
    };
    let found: Vec<usize> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind.eq_ignore_ascii_case(kind) && name.is_none_or(|n| d.name == n))
        .map(|(i, _)| i)
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "no object {object} in the rendering; it has: {}",
            object_names(docs)
        )),
        _ => Err(format!(
            "{object} names {} objects; add /NAME: {}",
            found.len(),
            found
                .iter()
                .map(|&i| format!("{}/{}", docs[i].kind, docs[i].name))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// `a.b[0].c` as written by a user: keys joined by dots (dots inside a key
/// escaped, as `--set` writes them, or not: both are accepted).
fn same_field(path: &ValuesPath, field: &str) -> bool {
    let shown = path.to_string();
    shown == field || shown.replace('\\', "") == field
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The 0-based lines of the field at `path` in a document's `lines`, given
/// the line its key (or list item) is on.
fn field_lines(lines: &[&str], start: usize, value: Option<&Value>, item: bool) -> Vec<usize> {
    let Some(first) = lines.get(start) else {
        return Vec::new();
    };
    let k = indent(first);
    let seq_value = !item && matches!(value, Some(Value::Seq(_)));
    let mut out = vec![start];
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let n = indent(line);
        let belongs =
            line.trim().is_empty() || n > k || (seq_value && n == k && line[n..].starts_with("- "));
        if !belongs {
            break;
        }
        out.push(i);
    }
    while out.len() > 1 && lines[*out.last().unwrap_or(&0)].trim().is_empty() {
        out.pop();
    }
    out
}

/// The top-level and second-level fields of a document, for a message.
fn fields_of(value: &Value) -> String {
    let mut out = Vec::new();
    if let Some(map) = value.as_map() {
        for (k, v) in map {
            match v.as_map() {
                Some(inner) if !inner.is_empty() => {
                    out.extend(inner.keys().map(|i| format!("{k}.{i}")));
                }
                _ => out.push(k.clone()),
            }
        }
    }
    out.join(", ")
}

fn one_field(
    rendering: &Rendering,
    texts: &[String],
    provenance: &Provenance,
    object: &str,
    field: &str,
) -> Result<Explained, String> {
    let docs = &rendering.documents;
    let d = find_object(docs, object)?;
    let doc = &docs[d];
    let label = format!("{}/{}", doc.kind, doc.name);
    let text = &texts[d];
    let lines: Vec<&str> = text.lines().collect();
    let parsed = aac_core::parse_values(doc.template, text)
        .map_err(|_| format!("{label}: the rendered object does not read back as YAML"))?;
    let field = field.trim_start_matches('.');
    let path = parsed
        .locations
        .iter()
        .map(|(p, _)| p)
        .find(|p| !p.is_root() && same_field(p, field));
    let mut explained = Explained {
        kind: doc.kind.to_string(),
        name: doc.name.clone(),
        template: format!("templates/{}", doc.template),
        field: field.to_string(),
        lines: Vec::new(),
        causes: Vec::new(),
        complete: provenance.complete,
    };
    let Some(path) = path else {
        // Not rendered: the values whose change would add it.
        let last = field.rsplit('.').next().unwrap_or(field);
        for (n, source) in provenance.sources.iter().enumerate() {
            for a in &source.additions {
                if let Addition::Lines { document, text, .. } = a
                    && *document == d
                    && text
                        .trim_start()
                        .trim_start_matches("- ")
                        .starts_with(&format!("{last}:"))
                {
                    explained.causes.push(ExplainedCause {
                        source: source_out(provenance, n),
                        role: "would-add".into(),
                        text: Some(text.trim().to_string()),
                    });
                }
            }
        }
        // A map's entry that would add it says more than the map.
        let paths: Vec<String> = explained
            .causes
            .iter()
            .map(|c| c.source.path.clone())
            .collect();
        explained.causes.retain(|c| {
            !paths.iter().any(|p| {
                p.len() > c.source.path.len() && p.starts_with(&format!("{}.", c.source.path))
            })
        });
        if explained.causes.is_empty() {
            return Err(format!(
                "{label} has no field {field:?} (templates/{}); its fields include: {}",
                doc.template,
                fields_of(&parsed.value)
            ));
        }
        return Ok(explained);
    };
    let start = parsed
        .locations
        .get_key_nearest(&path)
        .map(|l| l.line as usize)
        .unwrap_or(1)
        .saturating_sub(1);
    let item = matches!(
        path.segments().last(),
        Some(aac_core::PathSegment::Index(_))
    );
    let span = field_lines(&lines, start, parsed.value.get_path(&path), item);
    // Each source once: as a value where any line prints it.
    let mut causes: Vec<(usize, Role)> = Vec::new();
    for &line in &span {
        explained.lines.push(ExplainedLine {
            line: line + 1,
            text: lines[line].to_string(),
        });
        for c in provenance.documents[d].get(line).into_iter().flatten() {
            match causes.iter_mut().find(|(s, _)| *s == c.source) {
                Some((_, role)) if c.role == Role::Value => *role = Role::Value,
                Some(_) => {}
                None => causes.push((c.source, c.role)),
            }
        }
    }
    causes.sort_by_key(|&(s, role)| (role != Role::Value, provenance.sources[s].path.clone()));
    explained.causes = causes
        .into_iter()
        .map(|(s, role)| ExplainedCause {
            source: source_out(provenance, s),
            role: role.as_str().to_string(),
            text: None,
        })
        .collect();
    Ok(explained)
}
