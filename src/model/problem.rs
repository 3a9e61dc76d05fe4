//! Problems found in records: one type for syntax errors, load failures and rule violations,
//! printed as `file:line:column: CODE: message`.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::rule::Rule;

/// A 1-based line and column in a record's text; the column counts characters, as `ron` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Errors make `check` fail; warnings are reported but do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// `error` or `warning`, as messages and JSON say it.
    pub const fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub position: Option<Position>,
    /// The rule broken; shown by its stable code (`E110`), listed in `docs/check.md`.
    pub code: Rule,
    pub message: String,
}

impl Problem {
    /// A problem with `file`, at `position` when known.
    pub fn new(file: &Path, position: Option<Position>, code: Rule, message: String) -> Self {
        Problem {
            file: file.to_path_buf(),
            position,
            code,
            message,
        }
    }

    /// The rule's severity.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", crate::model::text::visible_path(&self.file))?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        write!(
            f,
            ": {}: {}: {}",
            self.code,
            self.severity().word(),
            crate::model::text::one_line(&self.message)
        )
    }
}

/// Sorts problems by file, then position, then code, so output is deterministic.
pub fn sort(problems: &mut [Problem]) {
    problems.sort_by(|a, b| {
        (&a.file, a.position, a.code, &a.message).cmp(&(&b.file, b.position, b.code, &b.message))
    });
}
