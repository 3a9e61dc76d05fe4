//! Reading the bytes of foreign formats into plain values: a chat or terminal log
//! ([`text`]), a Slack workspace export ([`slack`]), Atlassian Statuspage JSON
//! ([`statuspage`]), and the markup inside them ([`markup`]). What those values mean for a
//! record — events, moments, services — is `derive::import`.

pub mod markup;
pub mod slack;
pub mod statuspage;
pub mod text;

use std::path::{Path, PathBuf};

use thiserror::Error;

/// Why an input could not be read. Every variant names the file and where in it; nothing is
/// written when an import fails.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A line of a text log that cannot be read.
    #[error("{}:{line}: {message}", .path.display())]
    Line {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// JSON that does not parse, or does not have the documented shape.
    #[error("{}:{line}:{column}: {message}", .path.display())]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A JSON value that parses but cannot be used; `at` is its JSON path (`incidents[0].started_at`).
    #[error("{}: {at}: {message}", .path.display())]
    Value {
        path: PathBuf,
        at: String,
        message: String,
    },
}

impl ImportError {
    /// What to do about it, one hint a line.
    pub fn hints(&self) -> Vec<String> {
        match self {
            ImportError::Line { .. } => vec![
                "each message starts with its time: `[HH:MM] <nick> text`, `HH:MM:SS nick: text` or `YYYY-MM-DD HH:MM text`; see docs/import.md".to_string(),
            ],
            ImportError::Json { .. } | ImportError::Value { .. } => {
                vec!["the expected shapes are in docs/import.md".to_string()]
            }
            ImportError::Io { .. } => Vec::new(),
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        ImportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn json(path: &Path, e: &serde_json::Error) -> Self {
        if e.is_io() {
            return ImportError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::other(e.to_string()),
            };
        }
        // serde_json appends " at line L column C"; the position is given separately.
        let text = e.to_string();
        let message = match text.rfind(" at line ") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        ImportError::Json {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message,
        }
    }

    pub(crate) fn value(path: &Path, at: impl Into<String>, message: impl Into<String>) -> Self {
        ImportError::Value {
            path: path.to_path_buf(),
            at: at.into(),
            message: message.into(),
        }
    }
}
