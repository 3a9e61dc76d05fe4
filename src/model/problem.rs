//! Problems found in records: one type for syntax errors, load failures and rule violations,
//! printed as `file:line:column: CODE: message`.

use std::fmt;
use std::path::{Path, PathBuf};

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

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub position: Option<Position>,
    pub severity: Severity,
    /// Stable code: `E…` for errors, `W…` for warnings. Listed in `docs/check.md`.
    pub code: &'static str,
    pub message: String,
}

impl Problem {
    pub fn error(file: &Path, position: Option<Position>, code: &'static str, msg: String) -> Self {
        Problem {
            file: file.to_path_buf(),
            position,
            severity: Severity::Error,
            code,
            message: msg,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", crate::model::text::visible_path(&self.file))?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            ": {}: {word}: {}",
            self.code,
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
