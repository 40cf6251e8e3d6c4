//! The typed model of the chart's values: one declaration per key, from which
//! come both the validation of values ([`check_types`]) and the JSON schema
//! that Helm validates with ([`crate::chart::schema`]). Free-form Kubernetes subtrees
//! (containers, volumes, tolerations, ...) are declared with their Kubernetes
//! fields, so typos and wrong types are caught while everything is passed
//! through as written.

mod rules;
mod validate;
mod values;

pub use rules::*;
pub use validate::*;
pub use values::VALUES;

use crate::value::{PathSegment, Value, ValuesPath};

#[cfg(test)]
mod tests;

/// The type of a values key.
#[derive(Debug)]
pub enum Ty {
    Bool,
    /// A whole number (Helm reads every number from a file as a float64).
    Int {
        min: i64,
        max: i64,
    },
    Str(&'static StrRule),
    Enum(&'static [&'static str]),
    /// A non-negative whole number or a percentage string (`"50%"`).
    IntOrPercent,
    /// An image tag: a string; a number is accepted, as Helm does, with a warning.
    Tag,
    /// A Kubernetes quantity: `500m`, `1Gi`, or a number.
    Quantity,
    /// A string, number or boolean, rendered as a string.
    Scalar,
    /// The type, or `null` (which also deletes a chart default).
    Nullable(&'static Ty),
    /// A map with exactly these keys.
    Object(&'static [Field]),
    /// A map with these keys, and any others passed through unchecked (`global`,
    /// which an umbrella chart shares with all its subcharts).
    OpenObject(&'static [Field]),
    /// A map from keys matching the rule (any when `None`) to values of a type.
    Dict(Option<&'static StrRule>, &'static Ty),
    List(&'static Ty),
    /// Anything: a Kubernetes subtree passed through unchecked.
    Any,
}

/// A key of an [`Ty::Object`].
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    /// Must be present after the values are merged (`null` deletes a default).
    pub required: bool,
    /// The value holds secrets (`secrets.data`): no message shows what is at
    /// or below it ([`secrecy`]).
    pub secret: bool,
}

impl Field {
    /// This field, holding secrets.
    pub(crate) const fn secret(self) -> Field {
        Field {
            secret: true,
            ..self
        }
    }
}

/// A rule for strings: a regular expression for the schema and the same test in Rust.
#[derive(Debug)]
pub struct StrRule {
    pub pattern: Option<&'static str>,
    pub max_len: Option<usize>,
    pub test: fn(&str) -> bool,
    /// What the rule means, for messages.
    pub meaning: &'static str,
}

pub(crate) const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
        secret: false,
    }
}

pub(crate) const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
        secret: false,
    }
}

/// A values key the chart declares, as a dotted path of map keys
/// (`image.tag`). Made only by [`key!`], which checks at compile time that
/// [`VALUES`] declares it: a typo in a values path does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key(&'static str);

impl Key {
    /// The key at `dotted`; a compile-time error (in a `const`) when the
    /// model declares no such key. Use [`key!`].
    pub const fn declared(dotted: &'static str, not_declared: &'static str) -> Key {
        if !declares(&VALUES, dotted.as_bytes(), 0) {
            panic!("{}", not_declared);
        }
        Key(dotted)
    }

    /// The dotted path, as written.
    pub const fn dotted(self) -> &'static str {
        self.0
    }

    /// The values path, for diagnostics.
    pub fn path(self) -> ValuesPath {
        ValuesPath::from_segments(
            self.0
                .split('.')
                .map(|k| PathSegment::Key(k.to_string()))
                .collect(),
        )
    }

    /// The value at this key (`Null` when absent).
    pub fn of(self, values: &Value) -> &Value {
        self.0
            .split('.')
            .try_fold(values, |v, key| v.as_map()?.get(key))
            .unwrap_or(&Value::Null)
    }
}

/// A [`Key`] checked against the values model at compile time:
///
/// ```
/// let tag = aac_core::key!("image.tag");
/// assert_eq!(tag.dotted(), "image.tag");
/// ```
///
/// A key the model does not declare fails to compile ("the values model
/// declares no key image.tga"):
///
/// ```compile_fail
/// let tag = aac_core::key!("image.tga");
/// ```
#[macro_export]
macro_rules! key {
    ($dotted:literal) => {{
        const KEY: $crate::chart::spec::Key = $crate::chart::spec::Key::declared(
            $dotted,
            concat!("the values model declares no key ", $dotted),
        );
        KEY
    }};
}

/// Whether `ty` declares the dotted path `path[start..]` (a whole path when
/// `start` is past its end). Below a free-form subtree ([`Ty::Any`], the
/// unchecked keys of a [`Ty::OpenObject`]) every path is declared.
const fn declares(ty: &Ty, path: &[u8], start: usize) -> bool {
    if start > path.len() {
        return true;
    }
    let mut end = start;
    while end < path.len() && path[end] != b'.' {
        end += 1;
    }
    match ty {
        Ty::Nullable(inner) => declares(inner, path, start),
        Ty::Any => true,
        Ty::Dict(_, value) => declares(value, path, end + 1),
        Ty::Object(fields) | Ty::OpenObject(fields) => {
            let mut i = 0;
            while i < fields.len() {
                if same(fields[i].name.as_bytes(), path, start, end) {
                    return declares(&fields[i].ty, path, end + 1);
                }
                i += 1;
            }
            matches!(ty, Ty::OpenObject(_))
        }
        _ => false,
    }
}

/// Whether `name` is `path[start..end]`.
const fn same(name: &[u8], path: &[u8], start: usize, end: usize) -> bool {
    if name.len() != end - start {
        return false;
    }
    let mut i = 0;
    while i < name.len() {
        if name[i] != path[start + i] {
            return false;
        }
        i += 1;
    }
    true
}

/// How a values path stands to the secret fields of the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secrecy {
    /// Nothing secret at or below it.
    Public,
    /// It holds secrets: a secret field (`secrets.data`), or a map with one
    /// (`secrets`). A message about the value itself never shows it.
    Holds,
    /// One of the secrets, below a secret field (`secrets.data.API_KEY`): no
    /// message about it says more than what is wrong.
    Secret,
}

/// Where `path` stands to the model's secret fields ([`Field::secret`]).
pub fn secrecy(path: &ValuesPath) -> Secrecy {
    let mut ty = &VALUES;
    let segments = path.segments();
    for (i, segment) in segments.iter().enumerate() {
        while let Ty::Nullable(inner) = ty {
            ty = inner;
        }
        ty = match (ty, segment) {
            (Ty::Object(fields) | Ty::OpenObject(fields), PathSegment::Key(key)) => {
                match fields.iter().find(|f| f.name == key) {
                    Some(field) if field.secret => {
                        return if i + 1 == segments.len() {
                            Secrecy::Holds
                        } else {
                            Secrecy::Secret
                        };
                    }
                    Some(field) => &field.ty,
                    None => return Secrecy::Public,
                }
            }
            (Ty::Dict(_, value), PathSegment::Key(_)) => value,
            (Ty::List(item), PathSegment::Index(_)) => item,
            _ => return Secrecy::Public,
        };
    }
    while let Ty::Nullable(inner) = ty {
        ty = inner;
    }
    match ty {
        Ty::Object(fields) | Ty::OpenObject(fields) if fields.iter().any(|f| f.secret) => {
            Secrecy::Holds
        }
        _ => Secrecy::Public,
    }
}
