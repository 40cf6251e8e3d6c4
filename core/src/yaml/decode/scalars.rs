//! Scalars: resolved to a value as go-yaml v2 does, with warnings where
//! YAML 1.1 reads the text unlike YAML 1.2 or unlike what was probably meant.

use super::*;

impl DocDecoder<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn on_scalar(
        &mut self,
        anchor: Option<String>,
        tag: Option<String>,
        text: String,
        plain_implicit: bool,
        style: ScalarStyle,
        line: u32,
        col: u32,
    ) {
        let role = self.child_role();
        let tag = tag.unwrap_or_default();
        if role == Role::Key && text == "<<" && (plain_implicit || tag == MERGE_TAG) {
            if let Some(FrameKind::Map { pending, .. }) = self.stack.last_mut().map(|f| &mut f.kind)
            {
                *pending = Pending::MergeValue;
            }
            let _ = self.register_anchor(anchor);
            return;
        }
        if matches!(role, Role::MergeValue | Role::MergeItem) {
            self.merge_of_no_map(self.child_path(), line, col);
            return;
        }
        let anchor = self.register_anchor(anchor);
        let start = self.decode_count;
        self.count(1, false, line, col);
        // A string takes the text itself; the text is kept (for messages)
        // only when it becomes something else.
        let (scalar, text) = if tag.is_empty() && (!plain_implicit || plain_is_string(&text)) {
            (Scalar::Str(text), String::new())
        } else {
            match resolve(&tag, &text) {
                Ok(s) => (s, text),
                Err(msg) => {
                    self.set_fatal(Some(self.child_path()), line, col, format!("yaml: {msg}"));
                    return;
                }
            }
        };
        let plain = style == ScalarStyle::Plain && tag.is_empty();
        if plain && !matches!(scalar, Scalar::Str(_)) {
            self.scalar_warnings(&scalar, &text, role, line, col);
        }
        // A key is handed over as the scalar (its value is never read); other
        // nodes as the value. Both only when an anchor keeps the node.
        let (key, scalar) = match (role, &anchor) {
            (Role::Key, None) => (Some(scalar), Scalar::Null),
            (Role::Key, Some(_)) => (Some(scalar.clone()), scalar),
            (_, Some(_)) => (Some(scalar.clone()), scalar),
            (_, None) => (None, scalar),
        };
        let value = match scalar {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Int(i) => Value::Float(i as f64),
            Scalar::Uint(u) => Value::Float(u as f64),
            Scalar::Float(f) => {
                if role != Role::Key && !f.is_finite() {
                    let shown = format_go_float(f);
                    let err = self.error_at(
                        Some(self.child_path()),
                        line,
                        col,
                        format!(
                            "error converting YAML to JSON: json: unsupported value: {shown} \
                             (quote `{text}` to keep it as a string)"
                        ),
                    );
                    self.json_errors.push(err);
                }
                Value::Float(f)
            }
            Scalar::Str(s) => Value::String(s),
        };
        let done = Done {
            value,
            key,
            kind: Kind::Scalar,
            height: 0,
            locs: if role == Role::Key {
                LocRec::default()
            } else {
                LocRec::at(line, col)
            },
            line,
            col,
        };
        let count = self.decode_count - start;
        self.finish_anchor(anchor, &done, count);
        self.deliver(role, done);
    }

    pub(super) fn scalar_warnings(
        &mut self,
        scalar: &Scalar,
        text: &str,
        role: Role,
        line: u32,
        col: u32,
    ) {
        let at = Some((line, col));
        match scalar {
            Scalar::Bool(b) => {
                if !matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
                    let what = if role == Role::Key { "key" } else { "value" };
                    self.warn(
                        Some(self.child_path()),
                        at,
                        format!(
                            "the {what} `{text}` is read as the boolean {b} (YAML 1.1); quote it \
                             to keep the text"
                        ),
                    );
                }
            }
            Scalar::Int(_) | Scalar::Uint(_) | Scalar::Float(_) => {
                let f = match scalar {
                    Scalar::Int(i) => *i as f64,
                    Scalar::Uint(u) => *u as f64,
                    Scalar::Float(f) => *f,
                    _ => 0.0,
                };
                if role == Role::Key {
                    let key = scalar.clone().to_json_key().unwrap_or_default();
                    if key != text {
                        self.warn(
                            Some(self.child_path()),
                            at,
                            format!(
                                "the key `{text}` is read as a number and becomes the key \
                                 {}; quote it to keep the text",
                                crate::go::strconv::go_quote(&key)
                            ),
                        );
                    }
                    return;
                }
                if !f.is_finite() {
                    return;
                }
                let shown = format_go_float(f);
                if shown != text {
                    let exact = match scalar {
                        Scalar::Int(i) => (*i as f64) as i128 == i128::from(*i),
                        Scalar::Uint(u) => (*u as f64) as u128 == u128::from(*u),
                        _ => true,
                    };
                    let extra = if exact {
                        String::new()
                    } else {
                        " and loses precision (beyond 2^53)".to_string()
                    };
                    self.warn(
                        Some(self.child_path()),
                        at,
                        format!(
                            "`{text}` is read as the number {shown}{extra}: Helm reads numbers \
                             from values files as float64 and templates print it as {shown}; \
                             quote it to keep the text"
                        ),
                    );
                }
            }
            Scalar::Null | Scalar::Str(_) => {}
        }
    }
}
