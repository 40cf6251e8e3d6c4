//! Which values produced which rendered lines, both ways.
//!
//! The answer comes from the renderer itself, by counterfactual: for every
//! node of the merged values (each scalar, and each non-empty map or list as
//! a whole), the chart is rendered again with that one node changed (a
//! boolean flipped, a number moved, a string edited or emptied, a map or
//! list emptied; a null given a value), and the rendered documents are
//! compared line by line with the real rendering. A line depends on a value
//! exactly when changing the value changes or removes the line, so the
//! answer covers what a read-tracker misses: conditions (`autoscaling.enabled`
//! decides that the HorizontalPodAutoscaler exists and that the Deployment
//! has no `replicas`), defaults a template falls back on (`image.tag` empty:
//! the chart's appVersion), and single entries of a map (`configmap.data.X`).
//! Lines a change would add (the Deployment's `replicas` when autoscaling is
//! on) are kept as [`Addition`]s of the value.
//!
//! This is a separate pass over [`render_documents`]: the plain render path
//! carries nothing and does no extra work. It costs one rendering per values
//! node (about 0.1 s natively for the chart's presets), so it is bounded: a
//! list or map of more than [`MAX_TRACED_ENTRIES`] entries is traced as a
//! whole, and past [`MAX_TRACED_BYTES`] of rendering the rest is left
//! untraced (the user's own values first), which [`Provenance::complete`] says.

use crate::chart::render::{Release, render_documents};
use crate::chart::spec::{Secrecy, secrecy};
use crate::document_text;
use crate::value::{Location, Locations, PathSegment, Value, ValuesPath};

/// How a value shapes a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Changing the value changes the line's text: the line prints it (or
    /// something computed from it); for a list or a map, emptying it removes
    /// the line from its object: the line prints one of its entries.
    Value,
    /// Changing the value removes the line (or its whole object): the value
    /// decides that the line is there.
    Condition,
}

impl Role {
    /// `value` or `condition`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Value => "value",
            Role::Condition => "condition",
        }
    }
}

/// One value a line depends on: an index into [`Provenance::sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cause {
    pub source: usize,
    pub role: Role,
}

/// Lines that are not rendered now, and would be if the value changed.
#[derive(Clone, Debug, PartialEq)]
pub enum Addition {
    /// Lines inside a rendered document, before its line `before` (0-based;
    /// the document's line count: at its end); `text` is the first of them.
    Lines {
        document: usize,
        before: usize,
        text: String,
    },
    /// A whole object (of the template `template`).
    Object { kind: String, template: String },
}

/// A values node that shapes the rendering.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// In `--set` syntax through `Display`.
    pub path: ValuesPath,
    /// Where it was written: the user's file (or flag) where the user set
    /// it, else the chart's `values.yaml`.
    pub location: Option<Location>,
    /// The value as it is shown: `None` for a secret (never shown).
    pub shown: Option<String>,
    /// Whether the user's values (files, flags) hold it; else it is one of
    /// the chart's defaults (`values.yaml`).
    pub from_user: bool,
    /// What changing it would add.
    pub additions: Vec<Addition>,
}

/// Provenance of a rendering: for each document (in the rendering's order)
/// and each of its lines (of [`document_text`], as `helm template` prints the
/// document after its `# Source:` line), the values it depends on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Provenance {
    /// Every values node some line depends on (or that would add lines).
    pub sources: Vec<Source>,
    /// `documents[d][line]`: the causes of each line, the most specific path
    /// first kept (a map's cause is dropped from a line one of its entries
    /// already explains).
    pub documents: Vec<Vec<Vec<Cause>>>,
    /// Whether every values node was traced (values too large to trace
    /// within the work bound leave the rest untraced).
    pub complete: bool,
    /// The values nodes there are to trace, and how many were.
    pub values: usize,
    pub traced: usize,
}

impl Provenance {
    /// The lines of `document` that depend on `source`.
    pub fn lines_of(&self, document: usize, source: usize) -> Vec<usize> {
        self.documents
            .get(document)
            .map(|lines| {
                lines
                    .iter()
                    .enumerate()
                    .filter(|(_, causes)| causes.iter().any(|c| c.source == source))
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The source of `path`, if anything depends on it.
    pub fn source(&self, path: &ValuesPath) -> Option<usize> {
        self.sources.iter().position(|s| &s.path == path)
    }
}

/// The documents of a rendering: their templates, kinds and objects, and
/// (for the base rendering, or a changed document) their text lines.
struct Rendered {
    docs: Vec<crate::chart::render::Document>,
    last_manifest: Option<usize>,
}

impl Rendered {
    fn new(values: &Value, release: &Release) -> Rendered {
        let docs = render_documents(values, &crate::chart::chart(), release);
        let last_manifest = docs.iter().rposition(|d| !d.hook);
        Rendered {
            docs,
            last_manifest,
        }
    }

    /// The lines of document `d`, as `helm template` of `helm` prints them.
    fn lines(&self, d: usize, helm: crate::HelmVersion) -> Vec<String> {
        document_text(&self.docs[d].node, helm, Some(d) == self.last_manifest)
            .lines()
            .map(str::to_string)
            .collect()
    }
}

/// Collections with more entries than this are traced as a whole: their
/// entries' lines are put down to the collection (a ConfigMap of 14,000 keys
/// would otherwise take 14,000 renders).
const MAX_TRACED_ENTRIES: usize = 64;

/// Rendered text the tracing may produce, in bytes (each changed value costs
/// one rendering of the documents): past it, the rest is left untraced and
/// [`Provenance::complete`] is false. The chart's presets take about 7 MB.
const MAX_TRACED_BYTES: usize = 64 << 20;

/// The changes tried for a node, in order, until one changes the rendering.
fn changes(v: &Value) -> Vec<Value> {
    match v {
        Value::Null => vec![Value::String("x".into()), Value::Bool(true)],
        Value::Bool(b) => vec![Value::Bool(!b)],
        Value::Int(n) => vec![Value::Int(n.wrapping_add(1)), Value::Int(0)],
        Value::Float(f) => vec![Value::Float(f + 1.0), Value::Float(0.0)],
        Value::String(s) if s.is_empty() => vec![Value::String("x".into())],
        Value::String(s) => vec![Value::String(format!("{s}x")), Value::String(String::new())],
        Value::Seq(items) if !items.is_empty() => vec![Value::Seq(Vec::new())],
        Value::Map(m) if !m.is_empty() => vec![Value::empty_map()],
        _ => Vec::new(),
    }
}

/// Every node of `v` below `at` (maps and lists before their entries).
fn walk(v: &Value, at: &mut ValuesPath, out: &mut Vec<ValuesPath>) {
    if !at.is_root() {
        out.push(at.clone());
    }
    match v {
        Value::Map(m) if m.len() > MAX_TRACED_ENTRIES => {}
        Value::Seq(items) if items.len() > MAX_TRACED_ENTRIES => {}
        Value::Map(m) => {
            for (k, child) in m {
                at.push(PathSegment::Key(k.clone()));
                walk(child, at, out);
                at.pop();
            }
        }
        Value::Seq(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(PathSegment::Index(i));
                walk(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// A value as the explanation shows it: scalars as `{{ . }}` prints them,
/// collections by size.
pub fn show_value(v: &Value) -> String {
    match v {
        Value::Map(m) => format!("a map of {} entr{}", m.len(), plural_y(m.len())),
        Value::Seq(s) => format!(
            "a list of {} item{}",
            s.len(),
            if s.len() == 1 { "" } else { "s" }
        ),
        Value::Null => "null".into(),
        Value::String(s) => crate::go::strconv::go_quote(s),
        other => other.go_string(),
    }
}

fn plural_y(n: usize) -> &'static str {
    if n == 1 { "y" } else { "ies" }
}

/// The old lines a hunk removes or changes, and what it inserts where.
struct Hunk {
    old: std::ops::Range<usize>,
    new_first: Option<String>,
    inserts: bool,
}

/// Line diff of two documents: common head and tail, then a longest common
/// subsequence of the rest (or, past a size bound, the rest as one hunk).
fn hunks(old: &[String], new: &[String]) -> Vec<Hunk> {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let a = &old[head..old.len() - tail];
    let b = &new[head..new.len() - tail];
    if a.is_empty() && b.is_empty() {
        return Vec::new();
    }
    if a.is_empty() || b.is_empty() || a.len() * b.len() > 4_000_000 {
        return vec![Hunk {
            old: head..head + a.len(),
            new_first: b.first().cloned(),
            inserts: !b.is_empty(),
        }];
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * (m + 1) + j] = if a[i] == b[j] {
                lcs[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        let (start_i, start_j) = (i, j);
        while (i < n || j < m) && !(i < n && j < m && a[i] == b[j]) {
            if j < m && (i == n || lcs[i * (m + 1) + j + 1] >= lcs[(i + 1) * (m + 1) + j]) {
                j += 1;
            } else {
                i += 1;
            }
        }
        out.push(Hunk {
            old: head + start_i..head + i,
            new_first: b.get(start_j).filter(|_| j > start_j).cloned(),
            inserts: j > start_j,
        });
    }
    out
}

/// What each rendered line of `values` depends on. `locations` says where
/// each value was written (the user's files over the chart's defaults, as
/// they were merged); `user` holds the values the user gave (traced first,
/// and told apart from the chart's defaults); `release.helm` is the Helm
/// whose output is explained.
pub fn provenance(
    values: &Value,
    locations: &Locations,
    user: &Value,
    release: &Release,
) -> Provenance {
    let helm = release.helm;
    let base = Rendered::new(values, release);
    let base_lines: Vec<Vec<String>> = (0..base.docs.len()).map(|d| base.lines(d, helm)).collect();
    let size: usize = base_lines
        .iter()
        .flatten()
        .map(|l| l.len() + 1)
        .sum::<usize>()
        .max(1);
    let mut out = Provenance {
        sources: Vec::new(),
        documents: base_lines
            .iter()
            .map(|lines| vec![Vec::new(); lines.len()])
            .collect(),
        complete: true,
        values: 0,
        traced: 0,
    };
    let mut paths = Vec::new();
    walk(values, &mut ValuesPath::root(), &mut paths);
    // The user's own values first: they are what a budget must not miss.
    paths.sort_by_key(|p| user.get_path(p).is_none());
    out.values = paths.len();
    let mut budget = MAX_TRACED_BYTES;
    let mut scratch = values.clone();
    for path in paths {
        let Some(original) = scratch.get_path(&path).cloned() else {
            continue;
        };
        if budget < size {
            out.complete = false;
            break;
        }
        out.traced += 1;
        for change in changes(&original) {
            if budget < size {
                out.complete = false;
                break;
            }
            budget -= size;
            if let Some(node) = scratch.get_path_mut(&path) {
                *node = change;
            }
            let changed = Rendered::new(&scratch, release);
            if let Some(node) = scratch.get_path_mut(&path) {
                *node = original.clone();
            }
            // The documents that differ, as (base index, changed index).
            let mut differ = Vec::new();
            for (d, doc) in base.docs.iter().enumerate() {
                let new = changed.docs.iter().position(|c| c.template == doc.template);
                let same = new.is_some_and(|n| {
                    changed.docs[n].node == doc.node
                        && (Some(n) == changed.last_manifest) == (Some(d) == base.last_manifest)
                });
                if !same {
                    differ.push((d, new));
                }
            }
            let added: Vec<usize> = (0..changed.docs.len())
                .filter(|&n| {
                    !base
                        .docs
                        .iter()
                        .any(|d| d.template == changed.docs[n].template)
                })
                .collect();
            if differ.is_empty() && added.is_empty() {
                continue;
            }
            let source = out.sources.len();
            let mut additions = Vec::new();
            let mut affects = false;
            for (d, new) in differ {
                let old = &base_lines[d];
                let Some(new) = new else {
                    for (line, causes) in out.documents[d].iter_mut().enumerate() {
                        if !old[line].trim().is_empty() {
                            affects = true;
                            causes.push(Cause {
                                source,
                                role: Role::Condition,
                            });
                        }
                    }
                    continue;
                };
                for hunk in hunks(old, &changed.lines(new, helm)) {
                    if hunk.old.is_empty() {
                        if let Some(text) = hunk.new_first.filter(|t| !t.trim().is_empty()) {
                            additions.push(Addition::Lines {
                                document: d,
                                before: hunk.old.start,
                                text,
                            });
                        }
                        continue;
                    }
                    // A list or map emptied takes its entries' lines with it:
                    // they print it.
                    let role = if hunk.inserts || matches!(original, Value::Map(_) | Value::Seq(_))
                    {
                        Role::Value
                    } else {
                        Role::Condition
                    };
                    for line in hunk.old {
                        if !old[line].trim().is_empty() {
                            affects = true;
                            out.documents[d][line].push(Cause { source, role });
                        }
                    }
                }
            }
            for n in added {
                additions.push(Addition::Object {
                    kind: changed.docs[n].kind.to_string(),
                    template: changed.docs[n].template.to_string(),
                });
            }
            if !affects && additions.is_empty() {
                // Only blank lines moved: try the next change.
                continue;
            }
            if secrecy(&path) != Secrecy::Public {
                // What a changed secret would print is not shown either.
                additions.retain(|a| matches!(a, Addition::Object { .. }));
            }
            out.sources.push(Source {
                location: locations.get_key_nearest(&path),
                shown: (secrecy(&path) == Secrecy::Public).then(|| show_value(&original)),
                from_user: user.get_path(&path).is_some(),
                path: path.clone(),
                additions,
            });
            break;
        }
    }
    // A map's or list's cause says less than one of its entries' on the same line.
    let sources = &out.sources;
    for lines in &mut out.documents {
        for causes in lines.iter_mut() {
            let keep: Vec<Cause> = causes
                .iter()
                .filter(|c| {
                    !causes.iter().any(|o| {
                        o.source != c.source
                            && sources[o.source].path.len() > sources[c.source].path.len()
                            && sources[o.source].path.starts_with(&sources[c.source].path)
                    })
                })
                .copied()
                .collect();
            *causes = keep;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{VALUES_DEVELOPMENT_YAML, VALUES_PRODUCTION_YAML};
    use crate::{HelmVersion, Rendering, ValuesOptions, render_explained};

    fn explained(files: &[(&str, &str)], set: &[&str]) -> (Rendering, Provenance) {
        let options = ValuesOptions {
            values_files: files
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
            set: set.iter().map(|s| s.to_string()).collect(),
            helm_version: HelmVersion::V4,
            ..ValuesOptions::default()
        };
        render_explained(&options, &Release::template("demo", "default"), |p| {
            Err(format!("no file {p}"))
        })
        .expect("renders")
    }

    fn doc(r: &Rendering, kind: &str) -> usize {
        r.documents.iter().position(|d| d.kind == kind).expect(kind)
    }

    fn lines(r: &Rendering, d: usize) -> Vec<String> {
        let last = r.documents.iter().rposition(|d| !d.hook);
        document_text(&r.documents[d].node, HelmVersion::V4, Some(d) == last)
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn line(r: &Rendering, d: usize, starts: &str) -> usize {
        lines(r, d)
            .iter()
            .position(|l| l.starts_with(starts))
            .unwrap_or_else(|| panic!("no line {starts:?}"))
    }

    /// `path (role) at source:line` of each cause of a line, sorted.
    fn causes(p: &Provenance, d: usize, line: usize) -> Vec<String> {
        let mut out: Vec<String> = p.documents[d][line]
            .iter()
            .map(|c| {
                let s = &p.sources[c.source];
                let at = s
                    .location
                    .as_ref()
                    .map(|l| format!("{}:{}", l.source, l.line))
                    .unwrap_or_default();
                format!("{} ({}) at {at}", s.path, c.role.as_str())
            })
            .collect();
        out.sort();
        out
    }

    fn source<'p>(p: &'p Provenance, path: &str) -> &'p Source {
        p.sources
            .iter()
            .find(|s| s.path.to_string() == path)
            .unwrap_or_else(|| panic!("no source {path}"))
    }

    #[test]
    fn replicas_come_from_replica_count_unless_autoscaling_is_on() {
        let (r, p) = explained(&[], &["autoscaling.enabled=false"]);
        let d = doc(&r, "Deployment");
        let replicas = line(&r, d, "  replicas: ");
        assert_eq!(
            causes(&p, d, replicas),
            [
                "autoscaling.enabled (condition) at --set:1",
                "replicaCount (value) at values.yaml:60",
            ]
        );

        // Autoscaling on (the default): no `replicas`, and turning it off adds it.
        let (r, p) = explained(&[], &[]);
        let d = doc(&r, "Deployment");
        assert!(!lines(&r, d).iter().any(|l| l.starts_with("  replicas:")));
        let spec = line(&r, d, "spec:");
        let auto = source(&p, "autoscaling.enabled");
        assert_eq!(auto.location.as_ref().map(|l| l.line), Some(211));
        assert!(
            auto.additions.contains(&Addition::Lines {
                document: d,
                before: spec + 1,
                text: "  replicas: 1".into()
            }),
            "{:?}",
            auto.additions
        );
    }

    #[test]
    fn hpa_lines_come_from_autoscaling_keys() {
        let (r, p) = explained(&[("values-production.yaml", VALUES_PRODUCTION_YAML)], &[]);
        let d = doc(&r, "HorizontalPodAutoscaler");
        let auto = p
            .sources
            .iter()
            .position(|s| s.path.to_string() == "autoscaling.enabled")
            .expect("source");
        // Every line of the object is there because autoscaling is on.
        let written = lines(&r, d).iter().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(p.lines_of(d, auto).len(), written);
        assert_eq!(
            causes(&p, d, line(&r, d, "  minReplicas:")),
            [
                "autoscaling.enabled (condition) at values-production.yaml:18",
                "autoscaling.minReplicas (value) at values-production.yaml:19",
            ]
        );
        let cpu = lines(&r, d)
            .iter()
            .position(|l| l.trim() == "averageUtilization: 70")
            .expect("cpu target");
        assert!(
            causes(&p, d, cpu).contains(
                &"autoscaling.targetCPUUtilizationPercentage (value) at values-production.yaml:21"
                    .to_string()
            )
        );
        // The same key also decides the Deployment's missing `replicas` and the PDB.
        let deployment = doc(&r, "Deployment");
        assert!(source(&p, "autoscaling.enabled").additions.iter().any(|a| matches!(
            a,
            Addition::Lines { document, text, .. } if *document == deployment && text == "  replicas: 3"
        )));
    }

    #[test]
    fn config_map_lines_come_from_their_keys_the_users_file_first() {
        let (r, p) = explained(&[("values-development.yaml", VALUES_DEVELOPMENT_YAML)], &[]);
        let d = doc(&r, "ConfigMap");
        assert_eq!(
            causes(&p, d, line(&r, d, "  \"LOG_LEVEL\":")),
            [
                "configmap.data.LOG_LEVEL (value) at values-development.yaml:36",
                "configmap.enabled (condition) at values.yaml:329",
            ]
        );
        // The same value also sets the Deployment's checksum annotation.
        let deployment = doc(&r, "Deployment");
        let checksum = line(&r, deployment, "        checksum/config:");
        assert!(causes(&p, deployment, checksum).contains(
            &"configmap.data.LOG_LEVEL (value) at values-development.yaml:36".to_string()
        ));
    }

    #[test]
    fn image_line_comes_from_registry_repository_tag_and_global_registry() {
        let (r, p) = explained(&[], &[]);
        let d = doc(&r, "Deployment");
        let image = line(&r, d, "          image: ");
        let found = causes(&p, d, image);
        for key in [
            "global.imageRegistry",
            "image.registry",
            "image.repository",
            "image.tag",
            "image.digest",
        ] {
            assert!(
                found
                    .iter()
                    .any(|c| c.starts_with(&format!("{key} (value)"))),
                "{key} not in {found:?}"
            );
        }
        assert!(!found.iter().any(|c| c.starts_with("image.pullPolicy")));
    }

    #[test]
    fn secrets_are_never_shown() {
        let (_, p) = explained(&[("values-development.yaml", VALUES_DEVELOPMENT_YAML)], &[]);
        let secret = p
            .sources
            .iter()
            .find(|s| s.path.to_string().starts_with("secrets.data."))
            .expect("a secret source");
        assert_eq!(secret.shown, None);
        assert_eq!(source(&p, "image.tag").shown.as_deref(), Some("\"1.0.0\""));
    }

    #[test]
    fn large_collections_are_traced_whole_and_user_files_are_told_from_defaults() {
        let mut text =
            String::from("replicaCount: 2\nautoscaling:\n  enabled: false\nconfigmap:\n  data:\n");
        for i in 0..100 {
            text.push_str(&format!("    KEY_{i:03}: v{i}\n"));
        }
        // The user's file may be called values.yaml too.
        let (r, p) = explained(&[("values.yaml", &text)], &[]);
        assert!(p.complete);
        let d = doc(&r, "ConfigMap");
        assert_eq!(
            causes(&p, d, line(&r, d, "  \"KEY_042\":")),
            [
                "configmap.data (value) at values.yaml:5",
                "configmap.enabled (condition) at values.yaml:329",
            ]
        );
        assert!(source(&p, "configmap.data").from_user);
        assert!(!source(&p, "configmap.enabled").from_user);
        let replicas = source(&p, "replicaCount");
        assert!(replicas.from_user);
        assert_eq!(replicas.location.as_ref().map(|l| l.line), Some(1));
        assert!(
            p.sources
                .iter()
                .all(|s| !s.path.to_string().starts_with("configmap.data."))
        );
    }
}
