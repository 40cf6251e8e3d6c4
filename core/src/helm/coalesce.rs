//! Merging values the way Helm does.
//!
//! - [`merge_maps`]: Helm's `MergeMaps` (`pkg/cli/values/options.go` in
//!   3.17, `pkg/chart/v2/loader` in 4.1): used between `-f` files and
//!   between documents of one file; maps merge deeply, anything else
//!   (including `null`) replaces.
//! - [`merge_values`](super::values::merge_values): Helm's `Options.MergeValues`: `-f` files in order,
//!   then `--set-json`, `--set`, `--set-string`, `--set-file`,
//!   `--set-literal`, each flag kind in the order given (same order in Helm
//!   3.17 and 4.1).
//! - [`coalesce`]: Helm's `CoalesceValues` for a chart without subcharts:
//!   user values over the chart's defaults, `null` removes a key.

use std::collections::BTreeMap;

use super::HelmVersion;
use crate::value::{LocNode, Locations, PathSegment, Value, ValuesPath, Warning};

/// Helm's `MergeMaps(a, b)`: `b` over `a`, maps merged recursively.
/// A non-map argument counts as an empty map.
pub fn merge_maps(a: Value, b: Value) -> Value {
    let mut scratch = Locations::new();
    merge_maps_tracked(a, b, &mut scratch, Locations::new())
}

/// [`merge_maps`] that also keeps `locs` (for `a`) up to date: entries under
/// a replaced node are dropped, then `b_locs` is laid over. Walks the
/// locations tree beside the values: a step per merged node, no paths.
pub(crate) fn merge_maps_tracked(
    a: Value,
    b: Value,
    locs: &mut Locations,
    b_locs: Locations,
) -> Value {
    let mut out = match a {
        Value::Map(m) => m,
        _ => BTreeMap::new(),
    };
    if let Value::Map(b) = b {
        merge_into(&mut out, b, Some(locs.root_mut()));
    }
    locs.extend_from_owned(b_locs);
    Value::Map(out)
}

fn merge_into(
    out: &mut BTreeMap<String, Value>,
    b: BTreeMap<String, Value>,
    mut locs: Option<&mut LocNode>,
) {
    if out.is_empty() {
        // Every key of `b` is new: take the map whole.
        if let Some(l) = locs
            && !l.keys_mut().is_empty()
        {
            for k in b.keys() {
                l.take_key(k);
            }
        }
        *out = b;
        return;
    }
    for (k, v) in b {
        match (out.get_mut(&k), v) {
            (Some(Value::Map(om)), Value::Map(bm)) => {
                let child = locs.as_deref_mut().and_then(|l| l.keys_mut().get_mut(&k));
                merge_into(om, bm, child)
            }
            (_, v) => {
                if let Some(l) = locs.as_deref_mut() {
                    l.take_key(&k);
                }
                out.insert(k, v);
            }
        }
    }
}

/// Helm 4's `CoalesceValues` for a chart without subcharts: `user` over
/// `defaults`; warnings are dropped (see [`coalesce_values`]).
pub fn coalesce(defaults: &Value, user: Value) -> Value {
    coalesce_values("", defaults, user, HelmVersion::V4).0
}

fn concat_prefix(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

/// Helm's `CoalesceValues(chart, user)` for a chart named `chart_name`
/// without subcharts, with the warnings Helm logs:
///
/// - a key the chart has and the user set to `null` is removed;
/// - user maps merge with chart maps; a user map over a chart scalar is kept
///   (warning `skipped value ... Not a table`); a user scalar over a chart
///   map is kept (warning `cannot overwrite table with non table` when
///   nested);
/// - both keep `null`s the user wrote under keys the chart does not have
///   (they reach the templates and the schema); where the chart's own value
///   is `null`, Helm 3.17 removes the user's `null` and Helm 4.1.4 keeps it
///   (`srcOriginalNonNil`, since 4.1.3).
pub fn coalesce_values(
    chart_name: &str,
    defaults: &Value,
    user: Value,
    version: HelmVersion,
) -> (Value, Vec<Warning>) {
    let mut warnings = Vec::new();
    // The user's values are laid into as they are, not copied.
    let mut v = match user {
        Value::Map(m) => m,
        _ => BTreeMap::new(),
    };
    let empty = BTreeMap::new();
    let vc = defaults.as_map().unwrap_or(&empty);
    let sub_prefix = concat_prefix("", chart_name);
    for (key, val) in vc {
        match v.get_mut(key) {
            Some(Value::Null) => {
                v.remove(key);
            }
            Some(Value::Map(dest)) => match val {
                Value::Map(src) => {
                    let mut path = ValuesPath::root().key(key);
                    coalesce_tables(
                        dest,
                        src,
                        &concat_prefix(&sub_prefix, key),
                        &mut path,
                        version,
                        &mut warnings,
                    );
                }
                Value::Null => {}
                _ => warnings.push(Warning {
                    kind: crate::diagnostics::Kind::Suspicious,
                    path: Some(ValuesPath::root().key(key)),
                    location: None,
                    message: format!("skipped value for {sub_prefix}.{key}: Not a table."),
                }),
            },
            Some(_) => {}
            None => {
                if let Some(val) = chart_default(val, version) {
                    v.insert(key.clone(), val);
                }
            }
        }
    }
    (Value::Map(v), warnings)
}

/// A value of the chart's values.yaml that no user value meets, as `.Values`
/// gets it: as written, but the newest Helm 4 drops its `null`s (helm/helm#32530).
fn chart_default(val: &Value, version: HelmVersion) -> Option<Value> {
    fn without_nulls(v: &Value) -> Value {
        match v {
            Value::Map(m) => Value::Map(
                m.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), without_nulls(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    match version {
        HelmVersion::V4 if val.is_null() => None,
        HelmVersion::V4 => Some(without_nulls(val)),
        _ => Some(val.clone()),
    }
}

/// Helm's `coalesceTablesFullKey(dst, src, prefix, merge=false)`.
fn coalesce_tables(
    dst: &mut BTreeMap<String, Value>,
    src: &BTreeMap<String, Value>,
    prefix: &str,
    path: &mut ValuesPath,
    version: HelmVersion,
    warnings: &mut Vec<Warning>,
) {
    for (key, val) in src {
        let fullkey = concat_prefix(prefix, key);
        path.push(PathSegment::Key(key.clone()));
        match dst.get_mut(key) {
            // 3.17 deletes a user `null` wherever the chart has the key; 4.1.3+
            // (`srcOriginalNonNil`) only where the chart's value is not null too.
            // User `null`s under keys the chart lacks are not visited: both keep them.
            Some(Value::Null) => {
                if version == HelmVersion::V3 || !val.is_null() {
                    dst.remove(key);
                }
            }
            None => {
                if let Some(val) = chart_default(val, version) {
                    dst.insert(key.clone(), val);
                }
            }
            Some(dv) => {
                if let Value::Map(sm) = val {
                    if let Value::Map(dm) = dv {
                        coalesce_tables(dm, sm, &fullkey, path, version, warnings);
                    } else {
                        warnings.push(Warning {
                            kind: crate::diagnostics::Kind::Suspicious,
                            path: Some(path.clone()),
                            location: None,
                            message: format!(
                                "cannot overwrite table with non table for {fullkey} ({})",
                                val.go_string()
                            ),
                        });
                    }
                } else if dv.is_map() && !val.is_null() {
                    warnings.push(Warning {
                        kind: crate::diagnostics::Kind::Suspicious,
                        path: Some(path.clone()),
                        location: None,
                        message: format!(
                            "destination for {fullkey} is a table. Ignoring non-table value ({})",
                            val.go_string()
                        ),
                    });
                }
            }
        }
        path.pop();
    }
}

#[cfg(test)]
mod tests;
