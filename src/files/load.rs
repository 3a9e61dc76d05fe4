//! Reading one record from bytes: encoding, merge-conflict markers, RON syntax, schema version.
//! Every failure is a [`Problem`] with the file and, where there is one, the line and column.

use std::path::{Path, PathBuf};

use ron::extensions::Extensions;

use crate::files::locate::{Position, position_of};
use crate::model::problem::Problem;
use crate::model::record::{Incident, OLDEST_SCHEMA, SCHEMA_VERSION};
use crate::model::rule::Rule;

/// Records larger than this are refused rather than read into memory.
pub const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;

/// A parsed record and the text it came from (kept to locate problems and to write back).
#[derive(Clone, Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub text: String,
    pub incident: Incident,
}

/// The RON options every reader and writer uses: `Some` may be left out.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Reads and parses a record file.
pub fn load_file(path: &Path) -> Result<Loaded, Problem> {
    let bytes = read_record(path)?;
    // The common case keeps the bytes read as the text, without a copy.
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            let incident = parse_text(path, &text)?;
            Ok(Loaded {
                path: path.to_path_buf(),
                text,
                incident,
            })
        }
        Err(e) => parse_bytes(path, e.as_bytes()),
    }
}

/// Reads and parses a record from `input` (standard input for `incident show -`); `label`
/// names it in messages. The same size limit as for files applies.
pub fn load_reader(label: &Path, input: impl std::io::Read) -> Result<Loaded, Problem> {
    use std::io::Read;
    let mut bytes = Vec::new();
    input
        .take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_problem(label, &e))?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(Problem::new(
            label,
            None,
            Rule::Unreadable,
            format!("records larger than {MAX_RECORD_BYTES} bytes are refused"),
        ));
    }
    parse_bytes(label, &bytes)
}

/// The bytes of a record file, for readers and writers alike. Nothing that is not a regular
/// file is read: the file is opened without blocking (a FIFO named `x.ron` would otherwise
/// wait for a writer forever) and, open, must be a regular file, so a FIFO or a device is
/// refused at once. Records larger than [`MAX_RECORD_BYTES`] are refused, by their size
/// and again while reading, in case the file grows meanwhile.
pub fn read_record(path: &Path) -> Result<Vec<u8>, Problem> {
    use std::io::Read;
    let file = open_nonblocking(path).map_err(|e| io_problem(path, &e))?;
    let meta = file.metadata().map_err(|e| io_problem(path, &e))?;
    if meta.is_dir() {
        return Err(Problem::new(
            path,
            None,
            Rule::Unreadable,
            "is a folder, not a record file".to_string(),
        ));
    }
    if !meta.is_file() {
        return Err(not_regular(path, &meta.file_type()));
    }
    if meta.len() > MAX_RECORD_BYTES {
        return Err(too_large(path, meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_problem(path, &e))?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens `path` for reading without waiting: on Unix with `O_NONBLOCK` (a FIFO opens at once
/// instead of waiting for a writer; regular files read as usual) and `O_NOCTTY` (a terminal
/// device does not become the controlling terminal).
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags((OFlags::NONBLOCK | OFlags::NOCTTY).bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// A record larger than [`MAX_RECORD_BYTES`].
fn too_large(path: &Path, size: u64) -> Problem {
    Problem::new(
        path,
        None,
        Rule::Unreadable,
        format!(
            "the file is {size} bytes; records larger than {MAX_RECORD_BYTES} bytes are refused"
        ),
    )
}

/// What a file that is not a regular file is, in words: `a named pipe (FIFO)`.
pub fn kind_of(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "an unknown kind of file"
    }
}

/// A folder entry or path that is a FIFO, a device or a socket: never opened for reading.
pub fn not_regular(path: &Path, t: &std::fs::FileType) -> Problem {
    Problem::new(
        path,
        None,
        Rule::Unreadable,
        format!(
            "is {}, not a regular file; records are regular files",
            kind_of(t)
        ),
    )
}

/// Describes an I/O failure on `path` as a problem.
pub fn io_problem(path: &Path, e: &std::io::Error) -> Problem {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if e.raw_os_error() == Some(40) => "too many levels of symbolic links".to_string(),
        _ => e.to_string(),
    };
    Problem::new(path, None, Rule::Unreadable, format!("cannot read: {why}"))
}

/// Parses a record from bytes; `path` is used in messages only.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Loaded, Problem> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // `good` is valid UTF-8 by construction.
            let pos = position_of(std::str::from_utf8(good).unwrap_or(""), good.len());
            let bad = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
            return Err(Problem::new(
                path,
                Some(pos),
                Rule::NotUtf8,
                format!("the file is not UTF-8 (byte 0x{bad:02X}); records must be UTF-8 text"),
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let incident = parse_text(path, text)?;
    Ok(Loaded {
        path: path.to_path_buf(),
        text: text.to_string(),
        incident,
    })
}

/// Parses record text (UTF-8, without a byte-order mark).
pub fn parse_text(path: &Path, text: &str) -> Result<Incident, Problem> {
    if text.trim().is_empty() {
        return Err(Problem::new(
            path,
            Some(Position { line: 1, column: 1 }),
            Rule::EmptyFile,
            "the file is empty: expected an incident record `(schema: 1, id: \"…\", …)`"
                .to_string(),
        ));
    }
    if let Some(pos) = conflict_marker(text) {
        return Err(Problem::new(
            path,
            Some(pos),
            Rule::MergeConflict,
            "the file has an unresolved git merge conflict (a `<<<<<<<`, `=======` or `>>>>>>>` line); resolve it and remove the markers"
                .to_string(),
        ));
    }
    let incident: Incident = ron_options().from_str(text).map_err(|e| {
        let pos = Position {
            line: e.span.start.line.max(1),
            column: e.span.start.col.max(1),
        };
        let end = Position {
            line: e.span.end.line.max(1),
            column: e.span.end.col.max(1),
        };
        let message =
            truncation_hint(text, pos, end, &e.code).unwrap_or_else(|| describe_ron_error(&e.code));
        Problem::new(path, Some(pos), Rule::NotRon, message)
    })?;
    if !(OLDEST_SCHEMA..=SCHEMA_VERSION).contains(&incident.schema) {
        let pos = crate::files::locate::locate_position(
            text,
            &crate::files::locate::Path::root().field("schema"),
        );
        return Err(Problem::new(
            path,
            Some(pos),
            Rule::UnknownSchema,
            format!(
                "schema version {} is not supported: this build reads versions {OLDEST_SCHEMA} to {SCHEMA_VERSION}",
                incident.schema
            ),
        ));
    }
    Ok(incident)
}

/// The byte offset of a 1-based line and column (columns count characters).
fn offset_at(text: &str, pos: Position) -> Option<usize> {
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n + 1 == pos.line {
            let column = pos.column.saturating_sub(1);
            return Some(
                line.char_indices()
                    .nth(column)
                    .map_or(offset + line.len(), |(i, _)| offset + i),
            );
        }
        offset += line.len();
    }
    (pos.line > 1).then_some(text.len())
}

/// A plainer message for errors that come from a file cut short: a string that is never
/// closed, or an error at the very end of the file.
fn truncation_hint(text: &str, pos: Position, end: Position, e: &ron::Error) -> Option<String> {
    use ron::Error as E;
    let rest = text.get(offset_at(text, pos)?..)?;
    let after = text.get(offset_at(text, end)?..)?;
    if matches!(e, E::ExpectedString | E::ExpectedStringEnd) && rest.starts_with('"') {
        return Some(
            "a string starts here but is never closed (a missing `\"`; is the file truncated?)"
                .to_string(),
        );
    }
    if after.trim().is_empty()
        && !matches!(e, E::Eof | E::TrailingCharacters | E::UnclosedBlockComment)
    {
        return Some(format!(
            "the file ends too early (is it truncated?): {}",
            describe_ron_error(e)
        ));
    }
    None
}

/// The position of the first git conflict marker line, if any.
fn conflict_marker(text: &str) -> Option<Position> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let l = line.trim_end_matches(['\n', '\r']);
        let is_marker = (l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>") || l == "=======")
            && (l.len() == 7 || l.as_bytes().get(7) == Some(&b' ') || l == "=======");
        if is_marker {
            return Some(position_of(text, offset));
        }
        offset += line.len();
    }
    None
}

/// ` in Incident`, ` for Level`: where a ron error happened, when ron says.
fn place_phrase(outer: Option<&str>, preposition: &str) -> String {
    outer
        .map(|o| format!(" {preposition} {o}"))
        .unwrap_or_default()
}

/// A message that says what was expected, in the words of the schema.
pub fn describe_ron_error(e: &ron::Error) -> String {
    use ron::Error as E;
    match e {
        E::ExceededRecursionLimit => {
            "nesting is too deep (more than 128 levels); a record is never nested that deeply"
                .to_string()
        }
        E::Eof => {
            "the file ends too early: a bracket or value is missing (is it truncated?)".to_string()
        }
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let place = place_phrase(outer.as_deref(), "in");
            format!(
                "unknown field `{}`{place}; expected one of: {}",
                crate::model::text::visible(found),
                expected.join(", ")
            )
        }
        E::MissingStructField { field, outer } => {
            let place = place_phrase(outer.as_deref(), "in");
            format!("missing field `{field}`{place}")
        }
        E::DuplicateStructField { field, outer } => {
            let place = place_phrase(outer.as_deref(), "in");
            format!("field `{field}` appears twice{place}")
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let place = place_phrase(outer.as_deref(), "for");
            format!(
                "unknown value `{}`{place}; expected one of: {}",
                crate::model::text::visible(found),
                expected.join(", ")
            )
        }
        E::ExpectedComma => {
            "expected `,` between two fields or items (or a closing bracket)".to_string()
        }
        E::ExpectedInteger => "expected a whole number".to_string(),
        E::ExpectedString | E::ExpectedStringEnd => {
            "expected a string in double quotes".to_string()
        }
        E::ExpectedBoolean => "expected `true` or `false`".to_string(),
        E::ExpectedArray => "expected a list `[…]`".to_string(),
        E::ExpectedArrayEnd => "expected `,` or the `]` that ends the list".to_string(),
        E::ExpectedMap => "expected a map `{\"key\": \"value\"}`".to_string(),
        E::ExpectedMapEnd => "expected `,` or the `}` that ends the map".to_string(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            "expected a parenthesised record `(field: value, …)`".to_string()
        }
        E::ExpectedStructLikeEnd => "expected `,` or the `)` that ends the record".to_string(),
        E::ExpectedIdentifier => {
            "expected a name without quotes: a field name, or a value such as `Sev1`, `Outage` or `At(\"…\")`"
                .to_string()
        }
        E::IntegerOutOfBounds => "the number is out of range".to_string(),
        E::ExpectedMapColon => "expected `:` between a key and its value".to_string(),
        E::UnexpectedChar(c) => format!(
            "unexpected character `{}`",
            crate::model::text::visible(&c.to_string())
        ),
        E::InvalidEscape(what) => format!("invalid escape in a string: {what}"),
        E::TrailingCharacters => {
            "unexpected text after the end of the record (a stray bracket or a second record?)"
                .to_string()
        }
        E::UnclosedBlockComment => "a `/*` comment is never closed".to_string(),
        E::InvalidValueForType { expected, found } => {
            format!("expected {expected}, found {}", crate::model::text::visible(found))
        }
        other => crate::model::text::visible(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Problem {
        parse_text(Path::new("x.ron"), text).unwrap_err()
    }

    #[test]
    fn empty_and_conflicted_files_are_explained() {
        assert_eq!(err("  \n").code, Rule::EmptyFile);
        let p = err("(\n<<<<<<< HEAD\n  id: \"a\",\n=======\n)");
        assert_eq!(p.code, Rule::MergeConflict);
        assert_eq!(p.position, Some(Position { line: 2, column: 1 }));
    }

    #[test]
    fn syntax_errors_carry_positions() {
        let p = err("(\n  schema: 1,\n  idd: \"x\",\n)");
        assert_eq!(p.code, Rule::NotRon);
        assert!(p.message.contains("unknown field `idd`"), "{}", p.message);
        assert_eq!(p.position.map(|p| p.line), Some(3));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let p = err(&deep);
        assert_eq!(p.code, Rule::NotRon);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_located() {
        let p = parse_bytes(Path::new("x.ron"), b"(\n  id: \"\xff\"").unwrap_err();
        assert_eq!(p.code, Rule::NotUtf8);
        assert_eq!(p.position, Some(Position { line: 2, column: 8 }));
    }
}
