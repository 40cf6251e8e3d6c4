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
    }
}

pub(crate) const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}
