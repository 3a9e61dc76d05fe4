//! Finding places in RON text.
//!
//! `ron` gives positions only for syntax errors; parsed values carry no spans. Validation
//! reports a problem by a path into the record (`events[3].at`), and this module walks the
//! text to turn that path into a line and column. Writers use the same walk to find where a
//! list ends (to append without rewriting) and whether a file holds comments.

use std::fmt;

/// One step of a path into a record.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Field(String),
    Index(usize),
}

/// A path into a record, such as `services[2].windows[0].to`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Path(pub Vec<Step>);

impl Path {
    pub fn root() -> Self {
        Path(Vec::new())
    }

    /// This path with a field appended.
    pub fn field(&self, name: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Step::Field(name.to_string()));
        p
    }

    /// This path with a list index appended.
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Step::Index(i));
        p
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, step) in self.0.iter().enumerate() {
            match step {
                Step::Field(name) if n == 0 => write!(f, "{name}")?,
                Step::Field(name) => write!(f, ".{name}")?,
                Step::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

pub use crate::model::problem::Position;

/// The line and column of a byte offset.
pub fn position_of(src: &str, offset: usize) -> Position {
    let offset = offset.min(src.len());
    let before = src.get(..offset).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Position { line, column }
}

/// The byte range of the value at `path`, or of the deepest part of it that exists.
/// Returns the range and how many steps of the path were found.
pub fn locate(src: &str, path: &Path) -> (std::ops::Range<usize>, usize) {
    let mut sc = Scanner::new(src);
    sc.skip_attributes();
    sc.skip_trivia();
    let mut span = sc.pos..sc.pos;
    let mut found = 0;
    for step in &path.0 {
        let entered = match step {
            Step::Field(name) => sc.enter_field(name),
            Step::Index(i) => sc.enter_index(*i),
        };
        if !entered {
            break;
        }
        found += 1;
        let value_start = sc.pos;
        let mut probe = Scanner { src, pos: sc.pos };
        let end = if probe.skip_value() {
            probe.pos
        } else {
            value_start
        };
        span = value_start..end;
    }
    if found == 0 {
        let mut probe = Scanner {
            src,
            pos: span.start,
        };
        if probe.skip_value() {
            span.end = probe.pos;
        }
    }
    (span, found)
}

/// The position of the value at `path` (or the closest enclosing part that exists).
pub fn locate_position(src: &str, path: &Path) -> Position {
    position_of(src, locate(src, path).0.start)
}

/// Groups nested deeper than this are skipped by [`Index::new`], not walked.
const MAX_INDEX_DEPTH: usize = 256;

/// Where every value of a record starts, found in one walk over the text, so that many
/// problems can be located without walking the text once per problem (which would make a
/// record with thousands of problems take minutes).
#[derive(Clone, Debug, Default)]
pub struct Index {
    starts: std::collections::HashMap<Path, usize>,
}

impl Index {
    /// Walks `src` once. Text that is not a well-formed record gives a partial index.
    pub fn new(src: &str) -> Self {
        let mut sc = Scanner::new(src);
        sc.skip_attributes();
        let mut index = Index::default();
        let mut path = Vec::new();
        sc.walk(&mut path, &mut index.starts, 0);
        index
    }

    /// The byte offset where the value at `path` starts, or where the deepest part of it
    /// that exists starts (as [`locate`] does).
    pub fn start(&self, path: &Path) -> usize {
        (0..=path.0.len())
            .rev()
            .find_map(|k| self.starts.get(&Path(path.0[..k].to_vec())).copied())
            .unwrap_or(0)
    }
}

/// The line and column of each of `offsets`, in one pass over `src`.
pub fn positions_of(src: &str, offsets: &[usize]) -> Vec<Position> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets.get(i).copied().unwrap_or(0));
    let mut out = vec![Position { line: 1, column: 1 }; offsets.len()];
    let mut chars = src.char_indices().peekable();
    let (mut line, mut column) = (1, 1);
    for i in order {
        let target = offsets.get(i).copied().unwrap_or(0);
        while let Some(&(b, c)) = chars.peek() {
            if b >= target {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
            chars.next();
        }
        if let Some(slot) = out.get_mut(i) {
            *slot = Position { line, column };
        }
    }
    out
}

/// The byte offset of the first comment outside strings, if any.
pub fn first_comment(src: &str) -> Option<usize> {
    let mut sc = Scanner::new(src);
    while sc.pos < src.len() {
        if sc.at("//") || sc.at("/*") {
            return Some(sc.pos);
        }
        if !sc.skip_token() {
            sc.pos += sc.peek_char().map_or(1, char::len_utf8);
        }
    }
    None
}

/// The byte offset of the first character at or after `pos` that is not whitespace or part of
/// a comment (writers use it to see what follows a list item).
pub fn skip_trivia_at(src: &str, pos: usize) -> usize {
    let mut sc = Scanner {
        src,
        pos: pos.min(src.len()),
    };
    sc.skip_trivia();
    sc.pos
}

struct Scanner<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str) -> Self {
        let pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
        Scanner { src, pos }
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn at(&self, s: &str) -> bool {
        self.rest().starts_with(s)
    }

    fn peek_char(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Skips whitespace and comments (block comments nest, as in RON).
    fn skip_trivia(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if self.at("//") {
                self.pos += self.rest().find('\n').unwrap_or(self.rest().len());
            } else if self.at("/*") {
                let mut depth = 0usize;
                while self.pos < self.src.len() {
                    if self.at("/*") {
                        depth += 1;
                        self.pos += 2;
                    } else if self.at("*/") {
                        depth -= 1;
                        self.pos += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        self.pos += self.peek_char().map_or(1, char::len_utf8);
                    }
                }
            } else {
                return;
            }
        }
    }

    /// Skips `#![enable(...)]` attributes at the top of a file.
    fn skip_attributes(&mut self) {
        loop {
            self.skip_trivia();
            if !self.at("#!") {
                return;
            }
            match self.rest().find(']') {
                Some(i) => self.pos += i + 1,
                None => return,
            }
        }
    }

    /// Skips one string, char, identifier, number or punctuation mark. False at the end.
    fn skip_token(&mut self) -> bool {
        let Some(c) = self.peek_char() else {
            return false;
        };
        match c {
            '"' => self.skip_quoted('"'),
            '\'' => self.skip_quoted('\''),
            'r' | 'b' if self.raw_string_hashes().is_some() => self.skip_raw_string(),
            'b' if self.at("b\"") => {
                self.pos += 1;
                self.skip_quoted('"')
            }
            c if c.is_alphanumeric() || c == '_' || c == '-' || c == '+' || c == '.' => {
                let len = self
                    .rest()
                    .find(|ch: char| {
                        !(ch.is_alphanumeric() || matches!(ch, '_' | '-' | '+' | '.' | '#'))
                    })
                    .unwrap_or(self.rest().len());
                self.pos += len.max(c.len_utf8());
            }
            c => self.pos += c.len_utf8(),
        }
        true
    }

    fn skip_quoted(&mut self, quote: char) {
        self.pos += 1;
        let mut escaped = false;
        for (i, c) in self.rest().char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == quote {
                self.pos += i + 1;
                return;
            }
        }
        self.pos = self.src.len();
    }

    /// For `r"…"`, `r#"…"#`, `br"…"`: the number of hashes.
    fn raw_string_hashes(&self) -> Option<usize> {
        let rest = self.rest();
        let rest = rest.strip_prefix('b').unwrap_or(rest);
        let rest = rest.strip_prefix('r')?;
        let hashes = rest.len() - rest.trim_start_matches('#').len();
        rest[hashes..].starts_with('"').then_some(hashes)
    }

    fn skip_raw_string(&mut self) {
        let hashes = self.raw_string_hashes().unwrap_or(0);
        let open = self.rest().find('"').unwrap_or(0) + 1;
        self.pos += open;
        let close = format!("\"{}", "#".repeat(hashes));
        match self.rest().find(&close) {
            Some(i) => self.pos += i + close.len(),
            None => self.pos = self.src.len(),
        }
    }

    /// Skips one value: a scalar, a string, `Name(...)`, `(...)`, `[...]` or `{...}`.
    fn skip_value(&mut self) -> bool {
        self.skip_trivia();
        let Some(c) = self.peek_char() else {
            return false;
        };
        if matches!(c, '(' | '[' | '{') {
            return self.skip_group();
        }
        if matches!(c, ')' | ']' | '}' | ',' | ':') {
            return false;
        }
        self.skip_token();
        // `Name(...)`: a struct name or enum variant followed by its contents.
        let save = self.pos;
        self.skip_trivia();
        if self.peek_char() == Some('(') && (c.is_alphabetic() || c == '_') {
            return self.skip_group();
        }
        self.pos = save;
        true
    }

    /// Skips a bracketed group, counting nesting and ignoring brackets in strings/comments.
    fn skip_group(&mut self) -> bool {
        let mut depth = 0usize;
        loop {
            self.skip_trivia();
            let Some(c) = self.peek_char() else {
                return false;
            };
            match c {
                '(' | '[' | '{' => {
                    depth += 1;
                    self.pos += 1;
                }
                ')' | ']' | '}' => {
                    self.pos += 1;
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return true;
                    }
                }
                _ => {
                    self.skip_token();
                }
            }
        }
    }

    /// Records where the value here starts (under `path`) and where each of its fields and
    /// items start, and moves past it. False when the text ends or is malformed here.
    fn walk(
        &mut self,
        path: &mut Vec<Step>,
        out: &mut std::collections::HashMap<Path, usize>,
        depth: usize,
    ) -> bool {
        self.skip_trivia();
        out.entry(Path(path.clone())).or_insert(self.pos);
        let Some(c) = self.peek_char() else {
            return false;
        };
        if depth > MAX_INDEX_DEPTH {
            return self.skip_value();
        }
        if (c.is_alphabetic() || c == '_') && self.raw_string_hashes().is_none() {
            // `Name(...)` or a bare word such as `Outage`.
            self.skip_token();
            let save = self.pos;
            self.skip_trivia();
            if self.peek_char() != Some('(') {
                self.pos = save;
                return true;
            }
        }
        match self.peek_char() {
            Some('(') => {
                self.pos += 1;
                if self.starts_struct() {
                    self.walk_fields(path, out, depth)
                } else {
                    self.walk_items(')', path, out, depth)
                }
            }
            Some('[') => {
                self.pos += 1;
                self.walk_items(']', path, out, depth)
            }
            Some('{') => self.skip_group(),
            Some(')' | ']' | '}' | ',' | ':') | None => false,
            Some(_) => self.skip_token(),
        }
    }

    /// True when the group just opened holds `name: value` fields (not a tuple).
    fn starts_struct(&self) -> bool {
        let mut probe = Scanner {
            src: self.src,
            pos: self.pos,
        };
        probe.skip_trivia();
        let starts_like_name = probe
            .peek_char()
            .is_some_and(|c| c.is_alphabetic() || c == '_');
        if !starts_like_name || probe.raw_string_hashes().is_some() {
            return false;
        }
        probe.skip_token();
        probe.skip_trivia();
        probe.peek_char() == Some(':')
    }

    fn walk_fields(
        &mut self,
        path: &mut Vec<Step>,
        out: &mut std::collections::HashMap<Path, usize>,
        depth: usize,
    ) -> bool {
        loop {
            self.skip_trivia();
            match self.peek_char() {
                None => return false,
                Some(')') => {
                    self.pos += 1;
                    return true;
                }
                Some(',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let key_start = self.pos;
            if !self.skip_token() || self.pos == key_start {
                return false;
            }
            let key = self.src.get(key_start..self.pos).unwrap_or("");
            let key = key.strip_prefix("r#").unwrap_or(key).to_string();
            self.skip_trivia();
            if self.peek_char() != Some(':') {
                return false;
            }
            self.pos += 1;
            path.push(Step::Field(key));
            let ok = self.walk(path, out, depth + 1);
            path.pop();
            if !ok {
                return false;
            }
        }
    }

    fn walk_items(
        &mut self,
        close: char,
        path: &mut Vec<Step>,
        out: &mut std::collections::HashMap<Path, usize>,
        depth: usize,
    ) -> bool {
        let mut i = 0;
        loop {
            self.skip_trivia();
            match self.peek_char() {
                None => return false,
                Some(c) if c == close => {
                    self.pos += 1;
                    return true;
                }
                Some(',') => {
                    self.pos += 1;
                    continue;
                }
                Some(')' | ']' | '}') => return false,
                _ => {}
            }
            path.push(Step::Index(i));
            let before = self.pos;
            let ok = self.walk(path, out, depth + 1);
            path.pop();
            if !ok || self.pos == before {
                return false;
            }
            i += 1;
        }
    }

    /// Moves into the group that starts here (after an optional struct name).
    fn open_group(&mut self, opening: &[char]) -> bool {
        self.skip_trivia();
        if let Some(c) = self.peek_char()
            && (c.is_alphabetic() || c == '_')
        {
            self.skip_token();
            self.skip_trivia();
        }
        match self.peek_char() {
            Some(c) if opening.contains(&c) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    /// Moves to the value of field `name` in the struct that starts here.
    fn enter_field(&mut self, name: &str) -> bool {
        if !self.open_group(&['(']) {
            return false;
        }
        loop {
            self.skip_trivia();
            match self.peek_char() {
                None | Some(')') => return false,
                Some(',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let key_start = self.pos;
            if !self.skip_token() {
                return false;
            }
            let key = &self.src[key_start..self.pos];
            self.skip_trivia();
            if self.peek_char() != Some(':') {
                return false;
            }
            self.pos += 1;
            self.skip_trivia();
            if key == name || key.strip_prefix("r#") == Some(name) {
                return true;
            }
            if !self.skip_value() {
                return false;
            }
        }
    }

    /// Moves to element `index` of the list or tuple that starts here.
    fn enter_index(&mut self, index: usize) -> bool {
        if !self.open_group(&['[', '(']) {
            return false;
        }
        let mut n = 0;
        loop {
            self.skip_trivia();
            match self.peek_char() {
                None | Some(']') | Some(')') => return false,
                Some(',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            if n == index {
                return true;
            }
            if !self.skip_value() {
                return false;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r##"// a comment with ( and "
(
    id: "x",
    events: [
        (id: "a", at: At("2022-12-18T08:56:00+08:00"), text: "has ] and ) in it"),
        /* block ( */ (id: "b", at: Unknown, text: r#"raw " ) "#),
    ],
    tags: ["z"],
)
"##;

    fn path(steps: &[Step]) -> Path {
        Path(steps.to_vec())
    }

    #[test]
    fn finds_fields_and_indexes() {
        let p = path(&[
            Step::Field("events".into()),
            Step::Index(1),
            Step::Field("at".into()),
        ]);
        let (span, found) = locate(SRC, &p);
        assert_eq!(found, 3);
        assert_eq!(&SRC[span], "Unknown");
        assert_eq!(
            locate_position(SRC, &p),
            Position {
                line: 6,
                column: 37
            }
        );
        let tags = path(&[Step::Field("tags".into())]);
        assert_eq!(&SRC[locate(SRC, &tags).0], "[\"z\"]");
    }

    #[test]
    fn missing_steps_stop_at_the_deepest_found() {
        let p = path(&[Step::Field("events".into()), Step::Index(7)]);
        let (span, found) = locate(SRC, &p);
        assert_eq!(found, 1);
        assert!(SRC[span].starts_with('['));
    }

    #[test]
    fn comments_are_found_outside_strings_only() {
        assert_eq!(first_comment(SRC), Some(0));
        assert_eq!(first_comment(r#"(a: "// not a comment")"#), None);
        assert_eq!(first_comment("(a: 1 /* c */)"), Some(6));
    }

    /// Every path, found and missing, is placed where [`locate`] places it.
    #[test]
    fn the_index_agrees_with_locate() {
        let hk = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        for src in [
            SRC,
            hk,
            "",
            "(",
            "((a: [1, (b: 2)]",
            "[1, 2",
            "(x: Some(\"y\"))",
        ] {
            let index = Index::new(src);
            let mut paths: Vec<Path> = index.starts.keys().cloned().collect();
            for p in paths.clone() {
                paths.push(p.field("nope"));
                paths.push(p.index(999));
            }
            assert!(paths.len() >= 3, "{src}");
            let offsets: Vec<usize> = paths.iter().map(|p| index.start(p)).collect();
            let positions = positions_of(src, &offsets);
            for ((p, o), pos) in paths.iter().zip(&offsets).zip(&positions) {
                assert_eq!(*o, locate(src, p).0.start, "{p} in {src:.40}");
                assert_eq!(*pos, position_of(src, *o), "{p}");
            }
        }
        assert!(Index::new(hk).starts.len() > 500);
    }

    #[test]
    fn display_of_paths() {
        let p = Path::root()
            .field("services")
            .index(2)
            .field("windows")
            .index(0)
            .field("to");
        assert_eq!(p.to_string(), "services[2].windows[0].to");
    }
}
