//! Errors and warnings about values, each with its values path first, in
//! `--set` syntax, and the file, line and column when the value came from a file.

use std::fmt;

use crate::value::{LoadError, Location, Locations, ValuesPath, Warning};

/// How bad a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The values are refused.
    Error,
    /// Rendered as Helm renders it, but probably not what was meant.
    Warning,
}

/// What kind of problem a [`Diagnostic`] is: what the front ends and the
/// core itself decide on (where to point, what a secret's message may say),
/// never the message text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    /// The input cannot be read as values: YAML or flag syntax, encoding, size.
    Input,
    /// A key written twice in one map (the message names keys and lines, never values).
    DuplicateKey,
    /// A key the values model does not have (located at the key, not its value).
    UnknownKey,
    /// The values model or a check across values refuses the value.
    #[default]
    Invalid,
    /// Read and rendered as Helm does, but probably not as meant.
    Suspicious,
    /// The release's name, namespace or service (not a value).
    Release,
}

impl Kind {
    /// The kind's name in the renderer module's messages (`unknown-key`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Input => "input",
            Kind::DuplicateKey => "duplicate-key",
            Kind::UnknownKey => "unknown-key",
            Kind::Invalid => "invalid",
            Kind::Suspicious => "suspicious",
            Kind::Release => "release",
        }
    }
}

/// One problem with the values.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The values path (`ingress.hosts[0].host`); root for problems of the whole input.
    pub path: ValuesPath,
    /// Where the value was written, when it came from a file or a flag.
    pub location: Option<Location>,
    /// What is wrong; never contains a secret value.
    pub message: String,
    /// What kind of problem it is.
    pub kind: Kind,
}

impl Diagnostic {
    /// An error about the whole input, not one value (a flag, the stream).
    pub fn error(message: String) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: ValuesPath::root(),
            location: None,
            message,
            kind: Kind::Input,
        }
    }

    /// An error about the release's name, namespace or service.
    pub fn release(message: String) -> Diagnostic {
        Diagnostic {
            kind: Kind::Release,
            ..Diagnostic::error(message)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        if !self.path.is_root() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

impl From<LoadError> for Diagnostic {
    fn from(e: LoadError) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: e.path.unwrap_or_default(),
            location: e.location,
            message: e.message,
            kind: Kind::Input,
        }
    }
}

impl From<Warning> for Diagnostic {
    fn from(w: Warning) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            path: w.path.unwrap_or_default(),
            location: w.location,
            message: w.message,
            kind: w.kind,
        }
    }
}

/// A collector of diagnostics, in the order they were found.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// The value at `path` is refused.
    pub fn error(&mut self, path: &ValuesPath, message: String) {
        self.push(Severity::Error, Kind::Invalid, path, message);
    }

    /// The key at `path` is not in the values model.
    pub fn unknown_key(&mut self, path: &ValuesPath, message: String) {
        self.push(Severity::Error, Kind::UnknownKey, path, message);
    }

    /// The value at `path` renders, but probably not as meant.
    pub fn warning(&mut self, path: &ValuesPath, message: String) {
        self.push(Severity::Warning, Kind::Suspicious, path, message);
    }

    fn push(&mut self, severity: Severity, kind: Kind, path: &ValuesPath, message: String) {
        self.items.push(Diagnostic {
            severity,
            path: path.clone(),
            location: None,
            message,
            kind,
        });
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Fills in where each value was written, from the loader's side table.
    pub fn locate(&mut self, locations: &Locations) {
        for d in &mut self.items {
            if d.location.is_none() && !d.path.is_root() {
                d.location = locate(locations, d);
            }
        }
    }

    /// Splits into (errors, warnings), each in the order of where the values were
    /// written (those without a location last, in the order found).
    pub fn split(mut self) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        sort_by_location(&mut self.items);
        self.items
            .into_iter()
            .partition(|d| d.severity == Severity::Error)
    }
}

/// Where the values a diagnostic is about were written: the key's position
/// for an unknown key (the key is what is wrong), else the value's, or the
/// nearest located ancestor's.
pub fn locate(locations: &Locations, d: &Diagnostic) -> Option<Location> {
    if d.kind == Kind::UnknownKey {
        locations.get_key_nearest(&d.path)
    } else {
        locations.get_nearest(&d.path)
    }
}

/// Orders diagnostics by where the values were written (source, line, column);
/// those without a location go last, in the order found.
pub fn sort_by_location(items: &mut [Diagnostic]) {
    items.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|l| (l.source.clone(), l.line, l.column))
        };
        match (key(a), key(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
}
