//! Maps: finishing one (duplicate keys, merge keys `<<`), and handing a
//! finished node to its parent.

use super::*;

impl DocDecoder<'_> {
    /// Turn the entries of a finished mapping into a JSON-style map.
    pub(super) fn finish_map(
        &mut self,
        entries: Vec<MapEntry>,
        path: &ValuesPath,
        locs: &mut LocRec,
    ) -> std::collections::BTreeMap<String, Value> {
        let mut keyed: Vec<(String, usize, MapEntry)> = Vec::with_capacity(entries.len());
        for (i, mut e) in entries.into_iter().enumerate() {
            let key = match std::mem::replace(&mut e.json_key, Ok(String::new())) {
                Ok(k) => k,
                Err(msg) => {
                    let err = self.error_at(Some(path.clone()), e.key_line, e.key_col, msg);
                    self.key_errors.push(err);
                    continue;
                }
            };
            keyed.push((key, i, e));
        }
        // A stable sort keeps equal keys in the order written (and costs one
        // pass when the keys are written in order); the maps are then built
        // from sorted entries, without a search per key.
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(String, MapEntry)> = Vec::with_capacity(keyed.len());
        let mut twins: Vec<(usize, String, u32, u32)> = Vec::new();
        for (key, i, e) in keyed {
            match kept.last_mut() {
                Some(last) if last.0 == key => {
                    twins.push((i, key, e.key_line, e.key_col));
                    last.1 = e;
                }
                _ => kept.push((key, e)),
            }
        }
        twins.sort_by_key(|t| t.0);
        for (_, key, line, col) in twins {
            self.warn(
                Some(path.key(&key)),
                Some((line, col)),
                format!(
                    "two different keys both become the string key {}; Helm keeps one of \
                     them at random (this tool keeps the later one)",
                    crate::go::strconv::go_quote(&key)
                ),
            );
        }
        let mut children = Vec::with_capacity(kept.len());
        let map = kept
            .into_iter()
            .map(|(k, e)| {
                children.push((k.clone(), e.locs));
                (k, e.value)
            })
            .collect();
        locs.set_keys(children);
        map
    }

    /// Hand a finished node to its parent frame (or make it the result).
    pub(super) fn deliver(&mut self, role: Role, done: Done) {
        if role == Role::Root {
            self.result = Some(done);
            return;
        }
        let nan_counter = &mut self.nan_counter;
        let Some(parent) = self.stack.last_mut() else {
            return;
        };
        parent.height = parent.height.max(done.height);
        let mut pending_warning = None;
        match (&mut parent.kind, role) {
            (FrameKind::Seq(items), _) => {
                parent.locs.set_item(items.len(), done.locs);
                items.push(done.value);
            }
            (FrameKind::MergeSeq(maps), _) => {
                maps.push((done.value, done.locs));
            }
            (FrameKind::Map { pending, .. }, Role::Key) => {
                let Some(key) = done.key else { return };
                let json_key = key.to_json_key();
                *pending = Pending::Value {
                    key,
                    json_key,
                    line: done.line,
                    col: done.col,
                };
            }
            (
                FrameKind::Map {
                    entries,
                    index,
                    pending,
                },
                Role::MapValue,
            ) => {
                let Pending::Value {
                    key,
                    json_key,
                    line,
                    col,
                } = std::mem::replace(pending, Pending::Key)
                else {
                    return;
                };
                let id = key.into_id(nan_counter);
                let mut locs = done.locs;
                locs.set_key_at(line, col);
                let entry = MapEntry {
                    json_key,
                    value: done.value,
                    locs,
                    from_merge: false,
                    key_line: line,
                    key_col: col,
                };
                if let Some((first, i)) = put_entry(entries, index, id, entry) {
                    let key_str = entries[i].json_key.as_deref().unwrap_or_default();
                    pending_warning = Some((
                        parent.path.key(key_str),
                        (line, col),
                        format!(
                            "duplicate key {}: Helm keeps the last one (the first was at line \
                             {first})",
                            crate::go::strconv::go_quote(key_str),
                        ),
                    ));
                }
            }
            (FrameKind::Map { pending, .. }, Role::MergeValue) => {
                *pending = Pending::Key;
                let (line, col) = (done.line, done.col);
                self.apply_merge(done.value, done.locs, line, col);
                return;
            }
            _ => {}
        }
        if let Some((p, at, msg)) = pending_warning {
            self.warn_of(
                crate::diagnostics::Kind::DuplicateKey,
                Some(p),
                Some(at),
                msg,
            );
        }
    }

    /// Merge a decoded map into the map frame on top of the stack, as
    /// go-yaml v2 does: every merged key overwrites, also keys written
    /// before `<<`.
    pub(super) fn apply_merge(&mut self, merged: Value, mut locs: LocRec, line: u32, col: u32) {
        let Value::Map(merged) = merged else {
            self.set_fatal(
                None,
                line,
                col,
                "yaml: map merge requires map or sequence of maps as the value".to_string(),
            );
            return;
        };
        let nan_counter = &mut self.nan_counter;
        let Some(parent) = self.stack.last_mut() else {
            return;
        };
        let mut warnings = Vec::new();
        if let FrameKind::Map { entries, index, .. } = &mut parent.kind {
            for (k, v) in merged {
                let id = Scalar::Str(k.clone()).into_id(nan_counter);
                let entry = MapEntry {
                    json_key: Ok(k.clone()),
                    value: v,
                    locs: locs.take_key(&k).unwrap_or_default(),
                    from_merge: true,
                    key_line: line,
                    key_col: col,
                };
                if let Some((first, _)) = put_entry(entries, index, id, entry) {
                    warnings.push((
                        parent.path.key(&k),
                        format!(
                            "the merge key `<<` overrides {} written before it (at line \
                             {first}); go-yaml v2, which Helm uses, lets merged values win \
                             over keys that come before `<<`",
                            crate::go::strconv::go_quote(&k),
                        ),
                    ));
                }
            }
        }
        for (p, msg) in warnings {
            self.warn(Some(p), Some((line, col)), msg);
        }
    }
}

/// Puts `entry` in a map's entries: in place of the entry with the same key
/// (the last one wins, as in go-yaml), else at the end. The line of the key it
/// replaced, when that key was written in the map (not merged in by `<<`),
/// and where the entry now is.
fn put_entry(
    entries: &mut Vec<MapEntry>,
    index: &mut HashMap<KeyId, usize>,
    id: KeyId,
    entry: MapEntry,
) -> Option<(u32, usize)> {
    match index.get(&id) {
        Some(&i) => {
            let earlier = &entries[i];
            let written = (!earlier.from_merge).then_some((earlier.key_line, i));
            entries[i] = entry;
            written
        }
        None => {
            index.insert(id, entries.len());
            entries.push(entry);
            None
        }
    }
}
