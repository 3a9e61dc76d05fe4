//! The one error a command ends with, and the only place library errors meet the terminal.
//!
//! Library errors stay typed ([`StoreError`], [`WriteError`], [`EditError`], [`ZoneError`],
//! [`TimeInputError`], load [`Problem`]s). Here each becomes a [`CommandError`]: a kind that
//! decides the exit code, a message, and hints kept apart from the message. `main` prints it
//! once, as `error: <message>` followed by one `hint: <hint>` line per hint.

use incident::files::git::GitError;
use incident::files::import::ImportError;
use incident::files::store::StoreError;
use incident::files::write::WriteError;
use incident::model::change::EditError;
use incident::model::problem::Problem;
use incident::model::time::ZoneError;
use incident::model::time_input::TimeInputError;

/// What went wrong, as far as the exit code is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Exit 1: problems found, something not found, a write refused.
    User,
    /// Exit 2: the command line asked for something impossible or unreadable.
    Usage,
    /// Exit 1: a fault that is not in the user's input (output that cannot be serialised, a
    /// write that did not read back). The exit code stays 1: scripts only tell 1 from 2.
    Internal,
    /// Exit 1, printing nothing more: the command already printed what is wrong
    /// (`check`, `fmt --check`, `actions --fail`, records left out of a listing).
    Reported,
}

/// Why a command did not succeed: the kind, the message, and hints on what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandError {
    pub kind: ErrorKind,
    /// What is wrong. May span lines (a list of problems); empty for [`ErrorKind::Reported`].
    pub message: String,
    /// What to do about it, one line each, printed after the message.
    pub hints: Vec<String>,
}

impl CommandError {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CommandError {
            kind,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// Exit 1: problems found, something not found, a write refused.
    pub fn user(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::User, message)
    }

    /// Exit 2: the command line cannot be carried out as given.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    /// Exit 1: a fault not in the user's input.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }

    /// Exit 1 after the command printed its own problems.
    pub fn reported() -> Self {
        Self::new(ErrorKind::Reported, String::new())
    }

    /// An input/output failure, with what was being done: `cannot read the current folder`.
    /// (A bare `io::Error` says "Permission denied" but not about what, so there is no
    /// context-free conversion.)
    pub fn io(doing: &str, e: &std::io::Error) -> Self {
        Self::user(format!("{doing}: {e}"))
    }

    /// The same error with one more hint.
    pub fn hinted(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// The same error with more hints.
    pub fn with_hints(mut self, hints: impl IntoIterator<Item = String>) -> Self {
        self.hints.extend(hints);
        self
    }

    /// The same error with its message led by `lead` (`--at: …`), to say which input it is about.
    pub fn prefixed(mut self, lead: &str) -> Self {
        self.message = format!("{lead}: {}", self.message);
        self
    }

    /// 0 is success; 1 problems found, not found or refused; 2 a usage error.
    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::Usage => 2,
            ErrorKind::User | ErrorKind::Internal | ErrorKind::Reported => 1,
        }
    }

    /// The text for standard error: `error: <message>` and a `hint: <hint>` line per hint;
    /// nothing for an error the command already reported. Messages echo record text, ids and
    /// file names, so the whole text is made [`visible`](incident::model::text::visible)
    /// here, the one place errors reach the terminal, whatever the library did already.
    pub fn render(&self) -> String {
        if self.kind == ErrorKind::Reported {
            return String::new();
        }
        let mut out = format!("error: {}\n", self.message);
        for hint in &self.hints {
            out.push_str(&format!("hint: {hint}\n"));
        }
        incident::model::text::visible(&out)
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        let hints = e.hints();
        CommandError::user(e.to_string()).with_hints(hints)
    }
}

impl From<ImportError> for CommandError {
    /// Input that cannot be imported: it names the file and the line or JSON path; nothing
    /// was written.
    fn from(e: ImportError) -> Self {
        let hints = e.hints();
        CommandError::user(format!("{e}; nothing was changed")).with_hints(hints)
    }
}

impl From<GitError> for CommandError {
    /// git cannot be run, the record is outside a repository, or git refused.
    fn from(e: GitError) -> Self {
        let err = CommandError::user(e.to_string());
        match e {
            GitError::NotRunnable(_) => {
                err.hinted("history commands run the `git` program: install git and put it on PATH")
            }
            GitError::NotARepository(_) => err
                .hinted("--rev, diff, history and --as-of read the record's commits: keep the incidents folder in a git repository (`git init`, then `incident init`)"),
            GitError::Failed { .. } => err,
        }
    }
}

impl From<ZoneError> for CommandError {
    /// A zone typed on the command line (`--tz`) that names no zone: a usage error.
    fn from(e: ZoneError) -> Self {
        let hints = e.hints();
        CommandError::usage(e.to_string()).with_hints(hints)
    }
}

/// A time typed for `option` (`--at`) that cannot be used: a usage error, its hints naming the
/// option so a suggestion can be copied as it stands. (No `From`: the option is needed.)
pub fn time_error(option: &str, e: &TimeInputError) -> CommandError {
    CommandError::usage(format!("{option}: {e}")).with_hints(e.hints(Some(option)))
}

impl From<Problem> for CommandError {
    /// A record that cannot be read (`file:line:column: CODE: error: …`).
    fn from(p: Problem) -> Self {
        CommandError::user(p.to_string())
    }
}

impl From<EditError> for CommandError {
    /// An edit that cannot be made; nothing was written. Unreadable input is a usage error.
    fn from(e: EditError) -> Self {
        // A likely typo first, then the list of what there is.
        let typo = match &e {
            EditError::NoAction { id, known } => super::suggest::did_you_mean(id, known),
            EditError::NoTarget { name, known } => super::suggest::did_you_mean(name, known),
            EditError::NotFound { given, known, .. } => super::suggest::did_you_mean(given, known),
            EditError::UnknownSource { key, known, .. } => super::suggest::did_you_mean(key, known),
            _ => None,
        };
        let hints: Vec<String> = typo.into_iter().chain(e.hints()).collect();
        let message = format!("{e}; nothing was changed");
        let err = match e {
            EditError::Time { .. } | EditError::HomeZone { .. } | EditError::Future { .. } => {
                CommandError::usage(message)
            }
            _ => CommandError::user(message),
        };
        err.with_hints(hints)
    }
}

impl From<WriteError> for CommandError {
    /// A refused write; the record file is as it was.
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Edit(edit) => edit.into(),
            WriteError::Load(p) => p.into(),
            // `files::write` glues the advice onto these messages; split it off here.
            WriteError::ReadOnly(path) => CommandError::user(format!(
                "{} is read-only; nothing was changed",
                incident::model::text::visible_path(&path)
            ))
            .hinted(format!(
                "make it writable (chmod u+w {}) and try again",
                incident::model::text::visible_path(&path)
            )),
            WriteError::Comments { path, line, id, why } => CommandError::user(format!(
                "{} has comments (line {line}) and {why}, which would drop them; nothing was changed",
                incident::model::text::visible_path(&path)
            ))
            .hinted(format!(
                "move the comments into a note field, or run `incident fmt --strip-comments {id}` to drop them knowingly, then try again"
            )),
            WriteError::NotYours {
                ref path, owner, ..
            } => {
                let hint = format!(
                    "ask its owner (uid {owner}) to make the change, or to let the group write it (chmod g+w {})",
                    incident::model::text::visible_path(path)
                );
                CommandError::user(e.to_string()).hinted(hint)
            }
            // `-o` named something it must not replace: the command line asked for it.
            e @ WriteError::Output { .. } => CommandError::usage(e.to_string()),
            e @ (WriteError::Verify { .. } | WriteError::Serialize(_)) => {
                CommandError::internal(e.to_string())
            }
            e @ (WriteError::Io { .. }
            | WriteError::Invalid { .. }
            | WriteError::Exists(_)
            | WriteError::TooLarge { .. }) => {
                CommandError::user(e.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_follow_the_message_on_their_own_lines() {
        let e = CommandError::usage("--at: cannot read the time `soon`")
            .hinted("expected RFC 3339")
            .hinted("see docs/time-input.md");
        assert_eq!(
            e.render(),
            "error: --at: cannot read the time `soon`\nhint: expected RFC 3339\nhint: see docs/time-input.md\n"
        );
        assert_eq!(e.exit_code(), 2);
        assert_eq!(CommandError::user("x").exit_code(), 1);
        assert_eq!(CommandError::internal("x").exit_code(), 1);
        let reported = CommandError::reported();
        assert_eq!(
            (reported.render(), reported.exit_code()),
            (String::new(), 1)
        );
    }

    #[test]
    fn a_read_only_record_gets_its_advice_as_a_hint() {
        let e: CommandError = WriteError::ReadOnly("incidents/x.ron".into()).into();
        assert_eq!(e.kind, ErrorKind::User);
        assert_eq!(
            e.message,
            "incidents/x.ron is read-only; nothing was changed"
        );
        assert_eq!(
            e.hints,
            ["make it writable (chmod u+w incidents/x.ron) and try again"]
        );
    }
}
