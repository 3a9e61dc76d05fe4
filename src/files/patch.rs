//! Patching record text: one lexical scanner over RON text, one tree of the values it holds
//! with their byte spans, and the textual edits every writer makes with them.
//!
//! `ron` keeps no spans and drops comments, so everything that needs to know *where* something
//! is in a record's text goes through [`Tree`]: validation's problem positions (through
//! [`crate::files::locate`]), the writers' in-place edits ([`plan`]), and the comment check
//! before a rewrite ([`first_comment`]). With one scanner, strings, raw strings, chars and
//! nested block comments are read the same way by every one of them: a `]` inside a string
//! cannot end a list for one reader and not for another.

use std::ops::Range;

use thiserror::Error;

use crate::files::canonical::{INDENT, to_canonical};
use crate::files::load::parse_text;
use crate::files::locate::{Path as RonPath, Step};
use crate::model::record::{Affected, Incident, MomentName};

// ---------------------------------------------------------------------------------------------
// The scanner

/// What a [`Token`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// `// …` up to the end of the line (the newline is not part of it).
    LineComment,
    /// `/* … */`; block comments nest, as in RON.
    BlockComment,
    /// `"…"` with escapes, `b"…"`, or a raw string `r"…"`, `r#"…"#`, `br"…"`.
    Str,
    /// `'x'`, `'\''`, `b'x'`.
    Char,
    /// A name: a field, a struct or enum variant, `true`, `r#type`.
    Ident,
    /// A number or anything else that starts like one: `1`, `-2.5e3`, `0x1F`.
    Number,
    /// `(`, `[` or `{`.
    Open(char),
    /// `)`, `]` or `}`.
    Close(char),
    Comma,
    Colon,
    /// Any other single character (`#`, `!` of an attribute, or a stray one).
    Other,
}

impl TokenKind {
    /// True for comments, which carry no value.
    pub fn is_comment(self) -> bool {
        matches!(self, TokenKind::LineComment | TokenKind::BlockComment)
    }
}

/// One token of RON text and its byte span. Whitespace lies between tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Range<usize>,
}

/// The tokens of `src`, comments included, in order. A byte-order mark at the start is
/// skipped. Text that is not well-formed still scans: an unterminated string or comment runs
/// to the end of the text.
pub fn scan(src: &str) -> impl Iterator<Item = Token> + '_ {
    let pos = if src.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    Scanner { src, pos }
}

/// The byte offset of the first comment outside strings, if any.
pub fn first_comment(src: &str) -> Option<usize> {
    scan(src)
        .find(|t| t.kind.is_comment())
        .map(|t| t.span.start)
}

struct Scanner<'a> {
    src: &'a str,
    /// Always on a character boundary.
    pos: usize,
}

impl Iterator for Scanner<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
        let start = self.pos;
        let c = self.rest().chars().next()?;
        let kind = match c {
            '/' if self.at("//") => {
                self.pos += self.rest().find('\n').unwrap_or(self.rest().len());
                TokenKind::LineComment
            }
            '/' if self.at("/*") => {
                self.block_comment();
                TokenKind::BlockComment
            }
            '"' => {
                self.quoted('"');
                TokenKind::Str
            }
            '\'' => {
                self.quoted('\'');
                TokenKind::Char
            }
            'r' | 'b' if self.raw_string_hashes().is_some() => {
                self.raw_string();
                TokenKind::Str
            }
            'b' if self.at("b\"") => {
                self.pos += 1;
                self.quoted('"');
                TokenKind::Str
            }
            'b' if self.at("b'") => {
                self.pos += 1;
                self.quoted('\'');
                TokenKind::Char
            }
            '(' | '[' | '{' => {
                self.pos += 1;
                TokenKind::Open(c)
            }
            ')' | ']' | '}' => {
                self.pos += 1;
                TokenKind::Close(c)
            }
            ',' => {
                self.pos += 1;
                TokenKind::Comma
            }
            ':' => {
                self.pos += 1;
                TokenKind::Colon
            }
            c if c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '.') => {
                // One run for a name or a number with its sign, point, exponent and suffix;
                // `#` continues a raw name such as `r#type`.
                let len = self
                    .rest()
                    .find(|ch: char| {
                        !(ch.is_alphanumeric() || matches!(ch, '_' | '-' | '+' | '.' | '#'))
                    })
                    .unwrap_or(self.rest().len());
                self.pos += len.max(c.len_utf8());
                if c.is_alphabetic() || c == '_' {
                    TokenKind::Ident
                } else {
                    TokenKind::Number
                }
            }
            c => {
                self.pos += c.len_utf8();
                TokenKind::Other
            }
        };
        Some(Token {
            kind,
            span: start..self.pos,
        })
    }
}

impl<'a> Scanner<'a> {
    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn at(&self, s: &str) -> bool {
        self.rest().starts_with(s)
    }

    fn block_comment(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.rest().chars().next() {
            if self.at("/*") {
                depth += 1;
                self.pos += 2;
            } else if self.at("*/") {
                depth -= 1;
                self.pos += 2;
                if depth == 0 {
                    return;
                }
            } else {
                self.pos += c.len_utf8();
            }
        }
    }

    /// Moves past a string or char opened by `quote` here, minding `\` escapes.
    fn quoted(&mut self, quote: char) {
        self.pos += quote.len_utf8();
        let mut escaped = false;
        for (i, c) in self.rest().char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == quote {
                self.pos += i + c.len_utf8();
                return;
            }
        }
        self.pos = self.src.len();
    }

    /// For `r"…"`, `r#"…"#`, `br"…"` here: the number of hashes.
    fn raw_string_hashes(&self) -> Option<usize> {
        let rest = self.rest();
        let rest = rest.strip_prefix('b').unwrap_or(rest);
        let rest = rest.strip_prefix('r')?;
        let hashes = rest.len() - rest.trim_start_matches('#').len();
        rest.get(hashes..)?.starts_with('"').then_some(hashes)
    }

    fn raw_string(&mut self) {
        let hashes = self.raw_string_hashes().unwrap_or(0);
        self.pos += self.rest().find('"').map_or(0, |i| i + 1);
        let close = format!("\"{}", "#".repeat(hashes));
        match self.rest().find(&close) {
            Some(i) => self.pos += i + close.len(),
            None => self.pos = self.src.len(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The tree

/// Groups nested deeper than this are kept whole, not looked into (`ron` refuses records
/// nested deeper than 128 anyway; this keeps the parser's recursion bounded on any text).
const MAX_DEPTH: usize = 256;

/// The values of a RON text and where each one is: built by one walk over [`scan`]'s tokens.
///
/// Text that is not well-formed gives a partial tree: the walk stops at the first place it
/// cannot read, and the groups still open there have no closing bracket.
#[derive(Clone, Debug)]
pub struct Tree<'a> {
    src: &'a str,
    /// Where the top value starts (after `#![…]` attributes and comments), or where the text
    /// ends when it has none.
    start: usize,
    root: Option<Node>,
    /// Every comment's span, in order.
    comments: Vec<Range<usize>>,
}

/// One value and its span: from its struct name (if it has one) or first character to just
/// after its closing bracket or last character.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub span: Range<usize>,
    pub body: Body,
}

/// What is inside a [`Node`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// A string, char, number or bare name such as `Outage` or `None`.
    Atom,
    /// A bracketed group, with or without a name: `(…)`, `At(…)`, `[…]`, `{…}`.
    Group(Group),
    /// A group nested too deep to look into.
    Deep,
}

/// A bracketed group and its entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub kind: GroupKind,
    /// The byte offset of the opening bracket.
    pub open: usize,
    /// The byte offset of the closing bracket; `None` when the text breaks off first.
    pub close: Option<usize>,
    pub entries: Vec<Entry>,
}

/// The four kinds of group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupKind {
    /// `(name: value, …)`, possibly named.
    Struct,
    /// `(value, …)`, possibly named: a tuple, or an enum variant's contents such as `At(…)`.
    Tuple,
    /// `[value, …]`.
    List,
    /// `{key: value, …}`.
    Map,
}

/// One field, item or map entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The span of the field name (struct) or the key (map); `None` in lists and tuples.
    pub key: Option<Range<usize>>,
    pub value: Node,
    /// The byte offset of the comma after the value, if there is one.
    pub comma: Option<usize>,
}

impl<'a> Tree<'a> {
    /// Scans and parses `src` once.
    pub fn parse(src: &'a str) -> Self {
        let mut comments = Vec::new();
        let mut tokens = Vec::new();
        for t in scan(src) {
            if t.kind.is_comment() {
                comments.push(t.span);
            } else {
                tokens.push(t);
            }
        }
        let mut p = Parser {
            src,
            tokens,
            i: 0,
            broken: false,
        };
        p.skip_attributes();
        let start = p.peek().map_or(src.len(), |t| t.span.start);
        let root = p.value(0);
        Tree {
            src,
            start,
            root,
            comments,
        }
    }

    /// The text this tree was parsed from.
    pub fn src(&self) -> &'a str {
        self.src
    }

    /// The top value, if the text has one.
    pub fn root(&self) -> Option<&Node> {
        self.root.as_ref()
    }

    /// Every comment's span, in order.
    pub fn comments(&self) -> &[Range<usize>] {
        &self.comments
    }

    /// True when a comment starts inside `range`.
    pub fn has_comment_in(&self, range: &Range<usize>) -> bool {
        self.comments.iter().any(|c| range.contains(&c.start))
    }

    /// The value at `path`, or the deepest part of it that exists, and how many steps of the
    /// path were found (0: not even the top value's first step; the node is then the top
    /// value, if there is one). Fields are looked up in structs, indexes in lists and tuples.
    pub fn find(&self, path: &RonPath) -> (Option<&Node>, usize) {
        let Some(mut node) = self.root.as_ref() else {
            return (None, 0);
        };
        let mut found = 0;
        for step in &path.0 {
            let Body::Group(g) = &node.body else {
                break;
            };
            let next = match (step, g.kind) {
                (Step::Field(name), GroupKind::Struct) => g
                    .entries
                    .iter()
                    .find(|e| e.key.as_ref().is_some_and(|k| self.is_name(k, name))),
                (Step::Index(i), GroupKind::List | GroupKind::Tuple) => g.entries.get(*i),
                _ => None,
            };
            match next {
                Some(e) => {
                    node = &e.value;
                    found += 1;
                }
                None => break,
            }
        }
        (Some(node), found)
    }

    /// The value at `path` when every step of it exists.
    pub fn get(&self, path: &RonPath) -> Option<&Node> {
        match self.find(path) {
            (node, found) if found == path.0.len() => node,
            _ => None,
        }
    }

    /// Where the value at `path` starts, or where the deepest part of it that exists starts.
    pub fn start_of(&self, path: &RonPath) -> usize {
        match self.find(path) {
            (Some(node), _) => node.span.start,
            (None, _) => self.start,
        }
    }

    /// The span of the value at `path` (or the deepest part that exists) and how many steps
    /// were found; an empty span where the text has no value.
    pub fn span_of(&self, path: &RonPath) -> (Range<usize>, usize) {
        match self.find(path) {
            (Some(node), found) => (node.span.clone(), found),
            (None, found) => (self.start..self.start, found),
        }
    }

    fn is_name(&self, key: &Range<usize>, name: &str) -> bool {
        let key = self.src.get(key.clone()).unwrap_or("");
        key == name || key.strip_prefix("r#") == Some(name)
    }
}

struct Parser<'a> {
    src: &'a str,
    /// The tokens without comments.
    tokens: Vec<Token>,
    i: usize,
    /// Set at the first place the text cannot be read; every open group then stops.
    broken: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.i)
    }

    fn peek_kind(&self) -> Option<TokenKind> {
        self.peek().map(|t| t.kind)
    }

    /// Skips `#![enable(…)]` attributes at the top of a file.
    fn skip_attributes(&mut self) {
        while self.peek_kind() == Some(TokenKind::Other)
            && self.peek().and_then(|t| self.src.get(t.span.clone())) == Some("#")
            && self
                .tokens
                .get(self.i + 1)
                .and_then(|t| self.src.get(t.span.clone()))
                == Some("!")
        {
            self.i += 2;
            if self.peek_kind() == Some(TokenKind::Open('[')) {
                self.skip_group();
            }
        }
    }

    /// One value here, or `None` (moving nowhere) when none starts here.
    fn value(&mut self, depth: usize) -> Option<Node> {
        let t = self.peek()?.clone();
        match t.kind {
            TokenKind::Open(bracket) => Some(self.group(t.span.start, bracket, depth)),
            TokenKind::Close(_) | TokenKind::Comma | TokenKind::Colon => None,
            kind => {
                self.i += 1;
                if kind == TokenKind::Ident && self.peek_kind() == Some(TokenKind::Open('(')) {
                    return Some(self.group(t.span.start, '(', depth));
                }
                Some(Node {
                    span: t.span,
                    body: Body::Atom,
                })
            }
        }
    }

    /// The group whose opening `bracket` is here; its node starts at `start` (its name, or
    /// the bracket).
    fn group(&mut self, start: usize, bracket: char, depth: usize) -> Node {
        let open = self.peek().map_or(start, |t| t.span.start);
        if depth >= MAX_DEPTH {
            let end = self.skip_group();
            return Node {
                span: start..end,
                body: Body::Deep,
            };
        }
        self.i += 1;
        let (kind, closing) = match bracket {
            '[' => (GroupKind::List, ']'),
            '{' => (GroupKind::Map, '}'),
            _ if self.struct_ahead() => (GroupKind::Struct, ')'),
            _ => (GroupKind::Tuple, ')'),
        };
        let mut entries: Vec<Entry> = Vec::new();
        let close = loop {
            if self.broken {
                break None;
            }
            match self.peek().cloned() {
                None => {
                    self.broken = true;
                    break None;
                }
                Some(t) if t.kind == TokenKind::Close(closing) => {
                    self.i += 1;
                    break Some(t.span.start);
                }
                Some(t) if t.kind == TokenKind::Comma => {
                    self.i += 1;
                    if let Some(last) = entries.last_mut()
                        && last.comma.is_none()
                    {
                        last.comma = Some(t.span.start);
                    }
                    continue;
                }
                Some(Token {
                    kind: TokenKind::Close(_),
                    ..
                }) => {
                    self.broken = true;
                    break None;
                }
                Some(_) => {}
            }
            let key = match kind {
                GroupKind::Struct => {
                    let key = self.peek().map(|t| t.span.clone());
                    self.i += 1;
                    key
                }
                GroupKind::Map => self.value(depth + 1).map(|k| k.span),
                GroupKind::List | GroupKind::Tuple => None,
            };
            let keyed = matches!(kind, GroupKind::Struct | GroupKind::Map);
            if keyed {
                if key.is_none() || self.peek_kind() != Some(TokenKind::Colon) {
                    self.broken = true;
                    break None;
                }
                self.i += 1;
            }
            match self.value(depth + 1) {
                Some(value) => entries.push(Entry {
                    key,
                    value,
                    comma: None,
                }),
                None => {
                    self.broken = true;
                    break None;
                }
            }
        };
        let end = close.map_or(self.src.len(), |c| c + 1);
        Node {
            span: start..end,
            body: Body::Group(Group {
                kind,
                open,
                close,
                entries,
            }),
        }
    }

    /// True when the `(` just passed opens `name: value` fields (not a tuple).
    fn struct_ahead(&self) -> bool {
        let kind = |k: usize| self.tokens.get(self.i + k).map(|t| t.kind);
        kind(0) == Some(TokenKind::Ident) && kind(1) == Some(TokenKind::Colon)
    }

    /// Moves past the group opening here by counting brackets; returns where it ends.
    fn skip_group(&mut self) -> usize {
        let mut depth = 0usize;
        while let Some(t) = self.tokens.get(self.i) {
            self.i += 1;
            match t.kind {
                TokenKind::Open(_) => depth += 1,
                TokenKind::Close(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return t.span.end;
                    }
                }
                _ => {}
            }
        }
        self.broken = true;
        self.src.len()
    }
}

// ---------------------------------------------------------------------------------------------
// Edits

/// How a change reached the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteMode {
    /// The edit changed nothing; the file was not touched.
    Unchanged,
    /// Text was inserted or replaced in place; everything else is byte-for-byte as before.
    InPlace,
    /// The whole record was written in the canonical layout (the file had no comments).
    Rewritten,
}

/// Why [`plan`] has no new text for a change.
#[derive(Debug, Error)]
pub enum PatchError {
    /// The change needs the record rewritten, and the text holds comments a rewrite would
    /// drop; `offset` is where the first one starts.
    #[error("the text has a comment at byte {offset}, and {why}")]
    Comments { offset: usize, why: &'static str },
    #[error("cannot serialise the record: {0}")]
    Serialize(String),
}

/// What needs the rewrite, in a [`PatchError::Comments`] from [`plan`].
pub const NEEDS_REWRITE: &str =
    "this change cannot be made by editing the text in place: it needs a rewrite";

/// The new text of a record whose value changes from `old` to `new`: an in-place edit of
/// `old_text` where one fits, else the canonical layout, unless `old_text` holds comments
/// that a rewrite would drop. The text returned always parses back to `new`.
pub fn plan(
    old_text: &str,
    old: &Incident,
    new: &Incident,
) -> Result<(String, WriteMode), PatchError> {
    if old == new {
        return Ok((old_text.to_string(), WriteMode::Unchanged));
    }
    let canon = to_canonical(new).map_err(|e| PatchError::Serialize(e.to_string()))?;
    // `write::update` relies on this parse: an in-place text is not parsed again there.
    if let Some(text) = edit_in_place(old_text, &canon, &diff(old, new))
        && parse_text(std::path::Path::new(""), &text).is_ok_and(|parsed| parsed == *new)
    {
        return Ok((text, WriteMode::InPlace));
    }
    if let Some(offset) = first_comment(old_text) {
        return Err(PatchError::Comments {
            offset,
            why: NEEDS_REWRITE,
        });
    }
    Ok((canon, WriteMode::Rewritten))
}

/// One textual change: replace the value at a path, or append items `from..to` to the list at
/// a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Replace(RonPath),
    Append {
        list: RonPath,
        from: usize,
        to: usize,
    },
}

/// The textual changes that turn `old` into `new`, as narrow as the record's shape allows.
/// A change anywhere else is `Replace(root)`: a full rewrite.
pub fn diff(old: &Incident, new: &Incident) -> Vec<Change> {
    let root = RonPath::root();
    // Fields handled below are made equal; anything else that differs needs a rewrite.
    let mut rest = old.clone();
    rest.schema = new.schema;
    rest.status = new.status;
    rest.moments = new.moments.clone();
    rest.events = new.events.clone();
    rest.actions = new.actions.clone();
    rest.services = new.services.clone();
    rest.customers = new.customers.clone();
    same_facts(&mut rest, new);
    if rest != *new {
        return vec![Change::Replace(root)];
    }
    let mut out = Vec::new();
    fact_changes(&root, old, new, &mut out);
    if old.schema != new.schema {
        out.push(Change::Replace(root.field("schema")));
    }
    if old.status != new.status {
        out.push(Change::Replace(root.field("status")));
    }
    for name in MomentName::ALL {
        if old.moments.get(name) != new.moments.get(name) {
            out.push(Change::Replace(root.field("moments").field(name.field())));
        }
    }
    list_changes(
        &root.field("services"),
        &old.services,
        &new.services,
        &mut out,
        affected_changes,
    );
    list_changes(
        &root.field("customers"),
        &old.customers,
        &new.customers,
        &mut out,
        affected_changes,
    );
    list_changes(
        &root.field("events"),
        &old.events,
        &new.events,
        &mut out,
        replace_item,
    );
    list_changes(
        &root.field("actions"),
        &old.actions,
        &new.actions,
        &mut out,
        replace_item,
    );
    out
}

/// Makes the facts [`fact_changes`] handles equal in `rest`.
fn same_facts(rest: &mut Incident, new: &Incident) {
    rest.causes = new.causes.clone();
    rest.lessons = new.lessons.clone();
    rest.counts = new.counts.clone();
    rest.data_loss = new.data_loss.clone();
    rest.stated = new.stated.clone();
    rest.roles = new.roles.clone();
    rest.references = new.references.clone();
    rest.regions = new.regions.clone();
    rest.provider_severity = new.provider_severity.clone();
    rest.title.clone_from(&new.title);
    rest.summary.clone_from(&new.summary);
    rest.summary_sources.clone_from(&new.summary_sources);
    rest.kind = new.kind;
    rest.severity.clone_from(&new.severity);
    rest.severity_rationale.clone_from(&new.severity_rationale);
    rest.authors.clone_from(&new.authors);
    rest.organisation.clone_from(&new.organisation);
    rest.region.clone_from(&new.region);
    rest.zones.clone_from(&new.zones);
    rest.site.clone_from(&new.site);
    rest.timezone.clone_from(&new.timezone);
    rest.tags.clone_from(&new.tags);
}

/// The changes to the facts the fact commands write (causes, lessons, counts, data loss,
/// stated figures, roles, references, regions) and the record's own fields (`incident set`):
/// items appended or replaced one by one, values replaced; a field the text leaves out is
/// inserted (see [`insert_field`]).
fn fact_changes(root: &RonPath, old: &Incident, new: &Incident, out: &mut Vec<Change>) {
    let causes = root.field("causes");
    for (name, o, n) in [
        ("trigger", &old.causes.trigger, &new.causes.trigger),
        (
            "root_causes",
            &old.causes.root_causes,
            &new.causes.root_causes,
        ),
        (
            "contributing",
            &old.causes.contributing,
            &new.causes.contributing,
        ),
    ] {
        list_changes(&causes.field(name), o, n, out, replace_item);
    }
    if old.causes.root_cause_status != new.causes.root_cause_status {
        out.push(Change::Replace(causes.field("root_cause_status")));
    }
    let lessons = root.field("lessons");
    for (name, o, n) in [
        ("went_well", &old.lessons.went_well, &new.lessons.went_well),
        (
            "went_wrong",
            &old.lessons.went_wrong,
            &new.lessons.went_wrong,
        ),
        ("lucky", &old.lessons.lucky, &new.lessons.lucky),
    ] {
        list_changes(&lessons.field(name), o, n, out, replace_item);
    }
    let at = |name: &str| root.field(name);
    list_changes(&at("counts"), &old.counts, &new.counts, out, replace_item);
    list_changes(
        &at("data_loss"),
        &old.data_loss,
        &new.data_loss,
        out,
        replace_item,
    );
    list_changes(&at("stated"), &old.stated, &new.stated, out, replace_item);
    list_changes(&at("roles"), &old.roles, &new.roles, out, replace_item);
    list_changes(
        &at("references"),
        &old.references,
        &new.references,
        out,
        replace_item,
    );
    list_changes(
        &at("regions"),
        &old.regions,
        &new.regions,
        out,
        replace_item,
    );
    // The record's own fields (`incident set`): each replaced whole, or inserted when new.
    for (name, differs) in [
        ("title", old.title != new.title),
        ("summary", old.summary != new.summary),
        (
            "summary_sources",
            old.summary_sources != new.summary_sources,
        ),
        ("kind", old.kind != new.kind),
        ("severity", old.severity != new.severity),
        (
            "provider_severity",
            old.provider_severity != new.provider_severity,
        ),
        (
            "severity_rationale",
            old.severity_rationale != new.severity_rationale,
        ),
        ("authors", old.authors != new.authors),
        ("organisation", old.organisation != new.organisation),
        ("region", old.region != new.region),
        ("zones", old.zones != new.zones),
        ("site", old.site != new.site),
        ("timezone", old.timezone != new.timezone),
        ("tags", old.tags != new.tags),
    ] {
        if differs {
            out.push(Change::Replace(at(name)));
        }
    }
}

fn replace_item<T>(at: &RonPath, _: &T, _: &T, out: &mut Vec<Change>) {
    out.push(Change::Replace(at.clone()));
}

fn affected_changes(at: &RonPath, old: &Affected, new: &Affected, out: &mut Vec<Change>) {
    let mut same = old.clone();
    same.windows = new.windows.clone();
    if same == *new {
        list_changes(
            &at.field("windows"),
            &old.windows,
            &new.windows,
            out,
            replace_item,
        );
    } else {
        out.push(Change::Replace(at.clone()));
    }
}

fn list_changes<T: PartialEq>(
    at: &RonPath,
    old: &[T],
    new: &[T],
    out: &mut Vec<Change>,
    item: fn(&RonPath, &T, &T, &mut Vec<Change>),
) {
    if old == new {
        return;
    }
    if new.len() > old.len() && new.get(..old.len()) == Some(old) {
        out.push(Change::Append {
            list: at.clone(),
            from: old.len(),
            to: new.len(),
        });
    } else if new.len() == old.len() {
        for (i, (o, n)) in old.iter().zip(new).enumerate() {
            if o != n {
                item(&at.index(i), o, n, out);
            }
        }
    } else {
        out.push(Change::Replace(at.clone()));
    }
}

/// Applies `changes` to `old_text`, taking the new text of each changed part from `canon`
/// (the canonical text of the new record) and laying it out as the file lays out its own:
/// its indentation (two or four spaces, tabs), its line ends (CRLF kept), one-line lists and
/// values kept on one line, a list's trailing comma kept or left out. A change that cannot be
/// made in place (the part is missing from the text, holds comments, or the list is laid out
/// unusually) widens to its enclosing value; `None` when that reaches the whole record.
pub fn edit_in_place(old_text: &str, canon: &str, changes: &[Change]) -> Option<String> {
    let canon = Tree::parse(canon);
    let style = Style::of(&Tree::parse(old_text));
    let mut text = old_text.to_string();
    for change in changes {
        let tree = Tree::parse(&text);
        text = match change {
            Change::Append { list, from, to } => append(&tree, &canon, list, *from..*to, &style)
                .or_else(|| replace(&tree, &canon, list.clone(), &style))?,
            Change::Replace(at) => replace(&tree, &canon, at.clone(), &style)?,
        };
    }
    Some(text)
}

/// How a file lays out its text: what it ends lines with and what it indents one level by.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Style {
    newline: &'static str,
    unit: String,
}

impl Style {
    /// CRLF if the file has any; the indentation of the top value's first field, or the
    /// canonical four spaces.
    fn of(tree: &Tree) -> Style {
        let text = tree.src();
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let unit = match tree.root().map(|r| &r.body) {
            Some(Body::Group(g)) => g.entries.first().and_then(|first| {
                let at = first
                    .key
                    .as_ref()
                    .map_or(first.value.span.start, |k| k.start);
                indent_step(text, g.open, at)
            }),
            _ => None,
        };
        Style {
            newline,
            unit: unit.unwrap_or_else(|| INDENT.to_string()),
        }
    }
}

/// Replaces the value at `at` with its canonical text, widening to the enclosing value when
/// it cannot (the value is missing or holds a comment); `None` at the root.
fn replace(tree: &Tree, canon: &Tree, mut at: RonPath, style: &Style) -> Option<String> {
    let text = tree.src();
    loop {
        let parent = at.parent()?;
        if let (Some(old), Some(new)) = (tree.get(&at), canon.get(&at))
            && !tree.has_comment_in(&old.span)
        {
            // One line stays one line: inside a one-line parent, or where the old value was a
            // non-empty group on one line (an empty `[]` says nothing about its layout).
            let parent_one_line = match tree.get(&parent).map(|p| &p.body) {
                Some(Body::Group(g)) => g.close.is_some_and(|c| one_line(text, g.open..c)),
                _ => false,
            };
            let old_one_line = matches!(&old.body, Body::Group(g) if !g.entries.is_empty())
                && one_line(text, old.span.clone());
            let base = indent_at(text, old.span.start);
            let with = laid_out(canon, new, parent_one_line || old_one_line, base, style);
            return Some(splice(text, old.span.clone(), &with));
        }
        if tree.get(&at).is_none()
            && let Some(text) = insert_field(tree, canon, &at, style)
        {
            return Some(text);
        }
        if canon.get(&at).is_none()
            && let Some(text) = remove_field(tree, canon, &at)
        {
            return Some(text);
        }
        at = parent;
    }
}

/// Inserts the field at `at`, which the text leaves out (an empty list is not written) and
/// the canonical text has, into its struct: on a line of its own after the nearest field
/// before it in canonical order that the text has, indented as that field is. `None` when the
/// struct is on one line, has no such field, or that field shares its line with more than
/// comments.
fn insert_field(tree: &Tree, canon: &Tree, at: &RonPath, style: &Style) -> Option<String> {
    let text = tree.src();
    let Step::Field(name) = at.0.last()? else {
        return None;
    };
    let parent = at.parent()?;
    let (Body::Group(old), Body::Group(new)) =
        (&tree.get(&parent)?.body, &canon.get(&parent)?.body)
    else {
        return None;
    };
    if old.kind != GroupKind::Struct || new.kind != GroupKind::Struct {
        return None;
    }
    let close = old.close?;
    if one_line(text, old.open..close) {
        return None;
    }
    let key_of = |t: &Tree, e: &Entry| {
        e.key
            .clone()
            .and_then(|k| t.src().get(k))
            .map(str::to_string)
    };
    let place = new
        .entries
        .iter()
        .position(|e| key_of(canon, e).as_deref() == Some(name.as_str()))?;
    let value = &new.entries.get(place)?.value;
    // The nearest field before it, in canonical order, that the text has.
    let before = new.entries.get(..place)?.iter().rev().find_map(|e| {
        let k = key_of(canon, e)?;
        old.entries
            .iter()
            .find(|o| key_of(tree, o).as_deref() == Some(k.as_str()))
    })?;
    let key_start = before.key.as_ref()?.start;
    if !starts_line(text, key_start) {
        return None;
    }
    let indent = indent_at(text, key_start);
    let after = before.comma.map_or(before.value.span.end, |c| c + 1);
    let line_end = after + text.get(after..)?.find('\n')?;
    if !scan(text.get(after..line_end)?).all(|t| t.kind.is_comment()) {
        return None;
    }
    let mut line = format!(
        "{indent}{name}: {}",
        laid_out(canon, value, false, indent, style)
    );
    if before.comma.is_some() {
        line.push(',');
    }
    line.push_str(style.newline);
    let mut out = splice(text, line_end + 1..line_end + 1, &line);
    if before.comma.is_none() {
        // The field before was the last; it takes a comma, and the new one is last.
        let end = before.value.span.end;
        out = splice(&out, end..end, ",");
    }
    Some(out)
}

/// Removes the field at `at`, which the text has and the canonical text leaves out (a list
/// emptied by a removal is not written): its lines go, the rest stays byte for byte. `None`
/// when the field does not stand on lines of its own (it shares a line with another field, or
/// with a comment after it) or holds a comment, which would go with it.
fn remove_field(tree: &Tree, canon: &Tree, at: &RonPath) -> Option<String> {
    let text = tree.src();
    let Step::Field(name) = at.0.last()? else {
        return None;
    };
    let parent = at.parent()?;
    // The field is gone from a struct the canonical text still has.
    let Body::Group(new) = &canon.get(&parent)?.body else {
        return None;
    };
    let Body::Group(old) = &tree.get(&parent)?.body else {
        return None;
    };
    if old.kind != GroupKind::Struct || new.kind != GroupKind::Struct {
        return None;
    }
    let entry = old
        .entries
        .iter()
        .find(|e| e.key.as_ref().is_some_and(|k| tree.is_name(k, name)))?;
    let key_start = entry.key.as_ref()?.start;
    let after = entry.comma.map_or(entry.value.span.end, |c| c + 1);
    if !starts_line(text, key_start) || tree.has_comment_in(&(key_start..after)) {
        return None;
    }
    let line_end = after + text.get(after..)?.find('\n')?;
    if scan(text.get(after..line_end)?).next().is_some() {
        return None;
    }
    Some(splice(text, line_start(text, key_start)..line_end + 1, ""))
}

/// Inserts items `new` of the canonical list at `list` after the list's last item: in a
/// one-line list as `, item` before the `]`, otherwise as lines before the line holding the
/// `]`, indented as the last item is. `None` when the list is empty, holds other items than
/// the old record's, or is laid out so that neither fits.
fn append(
    tree: &Tree,
    canon: &Tree,
    list: &RonPath,
    new: Range<usize>,
    style: &Style,
) -> Option<String> {
    let text = tree.src();
    let (Body::Group(old_list), Body::Group(new_list)) =
        (&tree.get(list)?.body, &canon.get(list)?.body)
    else {
        return None;
    };
    if old_list.kind != GroupKind::List
        || new_list.kind != GroupKind::List
        || new.start == 0
        || old_list.entries.len() != new.start
    {
        return None;
    }
    let close = old_list.close?;
    let last = old_list.entries.last()?;
    let items = new_list.entries.get(new)?;
    if items.is_empty() {
        return None;
    }
    let end = last.value.span.end;
    if one_line(text, old_list.open..close) {
        let mut add = String::new();
        for item in items {
            add.push_str(", ");
            add.push_str(&compact(canon.src().get(item.value.span.clone())?));
        }
        return Some(splice(text, end..end, &add));
    }
    let after_last = last.comma.map_or(end, |c| c + 1);
    let at = line_start(text, close);
    if at < after_last || !scan(text.get(at..close)?).all(|t| t.kind.is_comment()) {
        return None;
    }
    let close_indent = indent_at(text, close);
    let (indent, unit) = if starts_line(text, last.value.span.start) {
        let indent = indent_at(text, last.value.span.start);
        let unit = indent
            .strip_prefix(close_indent)
            .filter(|u| !u.is_empty())
            .unwrap_or(&style.unit);
        (indent.to_string(), unit.to_string())
    } else {
        (format!("{close_indent}{}", style.unit), style.unit.clone())
    };
    let item_style = Style {
        newline: style.newline,
        unit,
    };
    // New items follow the last one's layout: one line each if it is on one line.
    let one_line_items = one_line(text, last.value.span.clone());
    let trailing_comma = last.comma.is_some();
    let mut block = String::new();
    for (k, item) in items.iter().enumerate() {
        block.push_str(&indent);
        block.push_str(&laid_out(
            canon,
            &item.value,
            one_line_items,
            &indent,
            &item_style,
        ));
        if trailing_comma || k + 1 < items.len() {
            block.push(',');
        }
        block.push_str(style.newline);
    }
    let mut out = String::with_capacity(text.len() + block.len() + 1);
    out.push_str(text.get(..end)?);
    if !trailing_comma {
        out.push(',');
    }
    out.push_str(text.get(end..at)?);
    out.push_str(&block);
    out.push_str(text.get(at..)?);
    Some(out)
}

/// The canonical text of `node` laid out for a file: on one line, or with its lines
/// re-indented from the canonical levels to `style`'s, starting from `base` (the indentation
/// of the line the value starts on), with `style`'s line ends.
fn laid_out(canon: &Tree, node: &Node, one_line: bool, base: &str, style: &Style) -> String {
    let src = canon.src();
    let text = src.get(node.span.clone()).unwrap_or("");
    if one_line {
        return compact(text);
    }
    let from = indent_at(src, node.span.start).len();
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n == 0 {
            out.push_str(line);
            continue;
        }
        out.push_str(style.newline);
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let extra = spaces.saturating_sub(from);
        out.push_str(base);
        for _ in 0..extra / INDENT.len() {
            out.push_str(&style.unit);
        }
        out.extend(std::iter::repeat_n(' ', extra % INDENT.len()));
        out.push_str(line.get(spaces..).unwrap_or(""));
    }
    out
}

/// A value's text on one line: tokens joined with a space after each `,` and `:`, and no
/// comma before a closing bracket.
fn compact(text: &str) -> String {
    let tokens: Vec<Token> = scan(text).filter(|t| !t.kind.is_comment()).collect();
    let mut out = String::with_capacity(text.len());
    for (k, t) in tokens.iter().enumerate() {
        let next = tokens.get(k + 1).map(|t| t.kind);
        if t.kind == TokenKind::Comma && matches!(next, Some(TokenKind::Close(_)) | None) {
            continue;
        }
        out.push_str(text.get(t.span.clone()).unwrap_or(""));
        if matches!(t.kind, TokenKind::Comma | TokenKind::Colon) {
            out.push(' ');
        }
    }
    out
}

fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(text.get(..range.start).unwrap_or(""));
    out.push_str(with);
    out.push_str(text.get(range.end..).unwrap_or(""));
    out
}

/// The byte offset where the line holding `pos` starts.
fn line_start(text: &str, pos: usize) -> usize {
    text.get(..pos)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// The spaces and tabs that start the line holding `pos`.
fn indent_at(text: &str, pos: usize) -> &str {
    let line = text.get(line_start(text, pos)..).unwrap_or("");
    let body = line.trim_start_matches([' ', '\t']);
    line.get(..line.len() - body.len()).unwrap_or("")
}

/// True when only spaces and tabs come before `pos` on its line.
fn starts_line(text: &str, pos: usize) -> bool {
    text.get(line_start(text, pos)..pos)
        .is_some_and(|before| before.trim_matches([' ', '\t']).is_empty())
}

fn one_line(text: &str, range: Range<usize>) -> bool {
    text.get(range).is_some_and(|t| !t.contains('\n'))
}

/// What the line starting `inner` (inside a group) is indented by beyond the line holding the
/// group's opening bracket at `outer`; `None` when `inner` does not start its line or is not
/// indented further.
fn indent_step(text: &str, outer: usize, inner: usize) -> Option<String> {
    if !starts_line(text, inner) {
        return None;
    }
    let (outer, inner) = (indent_at(text, outer), indent_at(text, inner));
    inner
        .strip_prefix(outer)
        .filter(|step| !step.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r##"// a comment with ( and "
#![enable(implicit_some)]
(
    id: "x",
    events: [
        (id: "a", at: At("2022-12-18T08:56:00+08:00"), text: "has ] and ) in it"),
        /* block ( /* nested ) */ */ (id: "b", at: Unknown, text: r#"raw " ) "#),
    ],
    names: {"zh-Hant": "澳門"},
    r#type: 'c',
    n: -1.5e+3,
)
"##;

    fn kinds(src: &str) -> Vec<(TokenKind, &str)> {
        scan(src).map(|t| (t.kind, &src[t.span])).collect()
    }

    #[test]
    fn the_scanner_reads_strings_chars_comments_and_numbers() {
        use TokenKind::*;
        assert_eq!(
            kinds(r##"a: "x\"]" /* a /* b */ c */ 'x' '\'' b"y" br#"z"# -2.5e3, // end"##),
            vec![
                (Ident, "a"),
                (Colon, ":"),
                (Str, r#""x\"]""#),
                (BlockComment, "/* a /* b */ c */"),
                (Char, "'x'"),
                (Char, r"'\''"),
                (Str, r#"b"y""#),
                (Str, r##"br#"z"#"##),
                (Number, "-2.5e3"),
                (Comma, ","),
                (LineComment, "// end"),
            ]
        );
        assert_eq!(
            kinds("r#type: [x]"),
            vec![
                (Ident, "r#type"),
                (Colon, ":"),
                (Open('['), "["),
                (Ident, "x"),
                (Close(']'), "]"),
            ]
        );
        // Unterminated strings and comments run to the end.
        assert_eq!(kinds("\"abc"), vec![(Str, "\"abc")]);
        assert_eq!(kinds("/* /* */"), vec![(BlockComment, "/* /* */")]);
        assert_eq!(kinds("\u{feff}x"), vec![(Ident, "x")]);
    }

    #[test]
    fn comments_are_found_outside_strings_only() {
        assert_eq!(first_comment(SRC), Some(0));
        assert_eq!(first_comment(r#"(a: "// not a comment")"#), None);
        assert_eq!(first_comment("(a: 1 /* c */)"), Some(6));
        assert_eq!(first_comment("(a: r#\"/* no */\"#, b: '/')"), None);
    }

    #[test]
    fn the_tree_holds_every_value_with_its_span() {
        let tree = Tree::parse(SRC);
        let at = |p: RonPath| &SRC[tree.get(&p).unwrap().span.clone()];
        let root = RonPath::root();
        assert_eq!(at(root.field("id")), "\"x\"");
        assert_eq!(
            at(root.field("events").index(0).field("at")),
            "At(\"2022-12-18T08:56:00+08:00\")"
        );
        assert_eq!(
            at(root.field("events").index(0).field("at").index(0)),
            "\"2022-12-18T08:56:00+08:00\""
        );
        assert_eq!(at(root.field("events").index(1).field("at")), "Unknown");
        assert_eq!(
            at(root.field("events").index(1).field("text")),
            "r#\"raw \" ) \"#"
        );
        assert_eq!(at(root.field("names")), "{\"zh-Hant\": \"澳門\"}");
        assert_eq!(at(root.field("type")), "'c'");
        assert_eq!(at(root.field("n")), "-1.5e+3");
        assert!(tree.get(&root.field("events").index(2)).is_none());
        assert_eq!(tree.find(&root.field("events").index(2).field("x")).1, 1);
        let Some(Node {
            body: Body::Group(events),
            ..
        }) = tree.get(&root.field("events"))
        else {
            panic!("events is a group");
        };
        assert_eq!(events.kind, GroupKind::List);
        assert_eq!(events.entries.len(), 2);
        assert!(events.entries.iter().all(|e| e.comma.is_some()));
        assert_eq!(
            &SRC[events.close.unwrap()..],
            &SRC[SRC.find("],").unwrap()..]
        );
        assert_eq!(tree.comments().len(), 2);
    }

    #[test]
    fn broken_text_gives_a_partial_tree() {
        let tree = Tree::parse("((a: [1, (b: 2)]");
        let root = RonPath::root();
        // The outer `(` holds a tuple whose first item is the struct.
        let b = root.index(0).field("a").index(1).field("b");
        assert_eq!(tree.find(&b).1, 4);
        let Some(Node {
            body: Body::Group(g),
            ..
        }) = tree.root()
        else {
            panic!("a group");
        };
        assert_eq!(g.close, None);
        for src in ["", "   // only a comment\n", ")", "[1, 2", "(a: )", "(a 1)"] {
            let tree = Tree::parse(src);
            let (span, _) = tree.span_of(&root.field("a"));
            assert!(span.end <= src.len(), "{src:?}");
        }
        assert_eq!(Tree::parse("  ").start_of(&root), 2);
    }

    #[test]
    fn deep_nesting_is_kept_whole_without_recursing() {
        let deep = format!("(a: {}{})", "[".repeat(100_000), "]".repeat(100_000));
        let tree = Tree::parse(&deep);
        let node = tree.get(&RonPath::root().field("a")).unwrap();
        assert_eq!(node.span, 4..deep.len() - 1);
        let open = "[".repeat(100_000);
        assert!(Tree::parse(&open).root().is_some());
    }

    // ---- edits ----

    use crate::model::change::{self, NewEvent, NewRecord, NewWindow};
    use crate::model::record::TargetKind;
    use crate::model::record::{EventKind, IncidentKind, Level, Severity};
    use crate::model::time::{Instant, When, Zone};

    fn inst(s: &str) -> Instant {
        s.parse().unwrap()
    }

    fn base() -> Incident {
        change::new_record(&NewRecord {
            title: "Payments DB failover".into(),
            severity: Severity::new("Sev2"),
            kind: IncidentKind::Real,
            started: When::At(inst("2024-03-01T09:00:00+01:00")),
            timezone: "Europe/Berlin".into(),
            zone: Zone::Named(chrono_tz::Europe::Berlin),
            now: inst("2024-03-01T09:00:00+01:00"),
        })
        .unwrap()
    }

    fn event(inc: &mut Incident, at: &str, text: &str) -> String {
        change::append_event(
            inc,
            NewEvent {
                at: When::At(inst(at)),
                kind: EventKind::Note,
                text: text.into(),
                actor: None,
                sources: vec![],
                important: false,
                precursor: false,
            },
        )
    }

    fn window(inc: &mut Incident, name: &str, from: &str) {
        change::add_window(
            inc,
            TargetKind::Service,
            name,
            NewWindow {
                from: When::At(inst(from)),
                to: When::Open,
                level: Level::Outage,
                scope: None,
            },
        )
        .unwrap();
    }

    fn parses_to(text: &str, inc: &Incident) {
        assert_eq!(
            &parse_text(std::path::Path::new("x.ron"), text).unwrap(),
            inc,
            "{text}"
        );
    }

    #[test]
    fn appends_are_insertions_before_the_closing_bracket() {
        let mut old = base();
        event(&mut old, "2024-03-01T09:05:00+01:00", "first");
        let old_text = to_canonical(&old).unwrap();
        let mut new = old.clone();
        event(
            &mut new,
            "2024-03-01T09:06:00+01:00",
            "second ] ) // not a comment",
        );
        let (text, mode) = plan(&old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert_eq!(text, to_canonical(&new).unwrap());
        assert_eq!(
            plan(&text, &new, &new).unwrap(),
            (text, WriteMode::Unchanged)
        );
    }

    #[test]
    fn the_first_event_replaces_the_empty_list() {
        let old = base();
        let old_text = format!("// kept\n{}", to_canonical(&old).unwrap());
        let mut new = old.clone();
        event(&mut new, "2024-03-01T09:06:00+01:00", "first");
        let (text, mode) = plan(&old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert_eq!(text, format!("// kept\n{}", to_canonical(&new).unwrap()));
    }

    #[test]
    fn comments_inside_a_replaced_value_refuse_a_rewrite() {
        let mut old = base();
        event(&mut old, "2024-03-01T09:05:00+01:00", "first");
        let canon = to_canonical(&old).unwrap();
        // Changing `started`, which holds a comment, widens to `moments` and then to the
        // whole record: that needs a rewrite, which is refused.
        let old_text = canon.replace("        started: (\n", "        started: ( // by hand\n");
        let mut moved = old.clone();
        change::set_moment(
            &mut moved,
            MomentName::Started,
            When::At(inst("2024-03-01T08:55:00+01:00")),
            None,
            Vec::new(),
        );
        let err = plan(&old_text, &old, &moved).unwrap_err();
        let PatchError::Comments { offset, why } = err else {
            panic!("{err}");
        };
        assert_eq!(old_text[..offset].lines().count(), 11);
        assert!(old_text[offset..].starts_with("// by hand"));
        assert_eq!(why, NEEDS_REWRITE);
        // `moments` has no `resolved` yet: resolving inserts it as a field of its own, after
        // the moments before it, and the comment stays.
        let mut new = old.clone();
        change::resolve(
            &mut new,
            When::At(inst("2024-03-01T10:00:00+01:00")),
            "done",
            None,
        )
        .unwrap();
        let (text, mode) = plan(&old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert!(text.contains("started: ( // by hand"), "{text}");
        parses_to(&text, &new);
        // A comment elsewhere, or beside the value, does not stop a change.
        let old_text = format!("// hand-written\n{canon}").replace(
            "status: Investigating,",
            "status: /* hand */ Investigating,",
        );
        let (text, mode) = plan(&old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert!(text.contains("status: /* hand */ Resolved,"), "{text}");
        parses_to(&text, &new);
        // Without comments, a change that no edit fits is a rewrite.
        let mut renamed = old.clone();
        renamed.id = "renamed".into();
        let (text, mode) = plan(&canon, &old, &renamed).unwrap();
        assert_eq!(mode, WriteMode::Rewritten);
        assert_eq!(text, to_canonical(&renamed).unwrap());
        assert!(matches!(
            plan(&format!("// c\n{canon}"), &old, &renamed),
            Err(PatchError::Comments { offset: 0, .. })
        ));
    }

    #[test]
    fn a_fact_list_the_text_leaves_out_is_inserted_in_place() {
        let old = base();
        let old_text = format!("// kept\n{}", to_canonical(&old).unwrap());
        let mut new = old.clone();
        new.counts.push(crate::model::facts::Count {
            what: "servers lost".into(),
            value: 3.0,
            unit: None,
            approximate: false,
            sources: Vec::new(),
            note: None,
            internal: false,
        });
        new.causes.root_cause_status = Some(crate::model::chain::RootCauseStatus::NotDetermined);
        let (text, mode) = plan(&old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        // Laid out where and as the canonical layout puts it.
        assert_eq!(text, format!("// kept\n{}", to_canonical(&new).unwrap()));
        parses_to(&text, &new);
    }

    #[test]
    fn a_fact_list_emptied_by_a_removal_goes_in_place() {
        let mut old = base();
        old.counts.push(crate::model::facts::Count {
            what: "servers lost".into(),
            value: 3.0,
            unit: None,
            approximate: false,
            sources: Vec::new(),
            note: None,
            internal: false,
        });
        let canon = to_canonical(&old).unwrap();
        let old_text = format!("// kept\n{canon}");
        let mut new = old.clone();
        new.counts.clear();
        let (text, mode) = plan(&old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert_eq!(text, format!("// kept\n{}", to_canonical(&new).unwrap()));
        parses_to(&text, &new);
        // A comment inside the list would go with it: that needs a rewrite, refused.
        let commented = old_text.replace(
            "what: \"servers lost\",",
            "what: \"servers lost\", // by hand",
        );
        assert_ne!(commented, old_text);
        assert!(matches!(
            plan(&commented, &old, &new),
            Err(PatchError::Comments { .. })
        ));
    }

    #[test]
    fn the_records_own_fields_change_in_place() {
        let old = base();
        let old_text = format!("// kept\n{}", to_canonical(&old).unwrap());
        let mut new = old.clone();
        new.title = "Renamed".into();
        new.organisation = Some("Example".into());
        new.tags = vec!["db".into()];
        let (text, mode) = plan(&old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert_eq!(text, format!("// kept\n{}", to_canonical(&new).unwrap()));
    }

    #[test]
    fn missing_trailing_comma_and_crlf() {
        let mut old = base();
        event(&mut old, "2024-03-01T09:05:00+01:00", "first");
        let canon = to_canonical(&old).unwrap();
        let old_text = canon
            .replace("\"first\",\n        ),\n", "\"first\",\n        )\n")
            .replace('\n', "\r\n");
        parses_to(&old_text, &old);
        let mut new = old.clone();
        event(&mut new, "2024-03-01T09:06:00+01:00", "second");
        let (text, mode) = plan(&old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert!(!text.replace("\r\n", "").contains('\n'));
        // The old last item gains a comma; the new last item has none, as the list had.
        let expected = to_canonical(&new)
            .unwrap()
            .replace("\"second\",\n        ),\n", "\"second\",\n        )\n")
            .replace('\n', "\r\n");
        assert_eq!(text, expected);
    }

    /// A record laid out by hand with two-space indentation and tabs.
    fn hand_laid(indent: &str) -> String {
        let i = |n: usize| indent.repeat(n);
        [
            "(".to_string(),
            format!("{}schema: 1,", i(1)),
            format!("{}id: \"2024-03-01-payments-db-failover\",", i(1)),
            format!("{}title: \"Payments DB failover\",", i(1)),
            format!("{}kind: Real,", i(1)),
            format!("{}severity: Sev2,", i(1)),
            format!("{}status: Investigating,", i(1)),
            format!("{}timezone: \"Europe/Berlin\",", i(1)),
            format!(
                "{}moments: (started: (at: At(\"2024-03-01T09:00:00+01:00\"))),",
                i(1)
            ),
            format!("{}services: [(name: \"DB\", windows: [])],", i(1)),
            format!("{}events: [", i(1)),
            format!("{}// the first one", i(2)),
            format!("{}(", i(2)),
            format!("{}id: \"e1\",", i(3)),
            format!("{}at: At(\"2024-03-01T09:05:00+01:00\"),", i(3)),
            format!("{}kind: Note,", i(3)),
            format!("{}text: \"first\",", i(3)),
            format!("{})", i(2)),
            format!("{}// more to come", i(2)),
            format!("{}],", i(1)),
            format!("{}actions: [],", i(1)),
            ")".to_string(),
            String::new(),
        ]
        .join("\n")
    }

    #[test]
    fn appends_follow_the_files_indentation() {
        for indent in ["  ", "\t", "    "] {
            let old_text = hand_laid(indent);
            let old = parse_text(std::path::Path::new("x.ron"), &old_text).unwrap();
            let mut new = old.clone();
            event(&mut new, "2024-03-01T09:06:00+01:00", "second");
            let (text, mode) = plan(&old_text, &old, &new).unwrap();
            assert_eq!(mode, WriteMode::InPlace, "{indent:?}");
            let i = |n: usize| indent.repeat(n);
            let added = format!(
                "{}),\n{}// more to come\n{}(\n{}id: \"e2\",\n{}at: At(\"2024-03-01T09:06:00+01:00\"),\n{}kind: Note,\n{}text: \"second\",\n{})\n{}],",
                i(2),
                i(2),
                i(2),
                i(3),
                i(3),
                i(3),
                i(3),
                i(2),
                i(1)
            );
            // Nothing else changed: the old last item gained a comma, the new one went in
            // after the comment, before the `]`.
            let before = format!("{})\n{}// more to come\n{}],", i(2), i(2), i(1));
            assert_eq!(text, old_text.replace(&before, &added), "{indent:?}");
            parses_to(&text, &new);
        }
    }

    #[test]
    fn one_line_lists_and_values_stay_on_one_line() {
        let old_text = hand_laid("  ");
        let old = parse_text(std::path::Path::new("x.ron"), &old_text).unwrap();
        // The first window of `DB` goes into `windows: []` inside a one-line service.
        let mut new = old.clone();
        window(&mut new, "DB", "2024-03-01T09:00:00+01:00");
        let (text, mode) = plan(&old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert!(
            text.contains("  services: [(name: \"DB\", windows: [(from: At(\"2024-03-01T09:00:00+01:00\"), to: Open, level: Outage)])],\n"),
            "{text}"
        );
        // A second service joins the one-line list.
        let mut newer = new.clone();
        window(&mut newer, "API", "2024-03-01T09:10:00+01:00");
        let (text2, _) = plan(&text, &new, &newer).unwrap();
        assert!(
            text2.contains("windows: [(from: At(\"2024-03-01T09:00:00+01:00\"), to: Open, level: Outage)]), (name: \"API\", windows: [(from: At(\"2024-03-01T09:10:00+01:00\"), to: Open, level: Outage)])],\n"),
            "{text2}"
        );
        parses_to(&text2, &newer);
        // A one-line value replaced stays one line: `moments` gains `resolved`.
        let mut resolved = newer.clone();
        change::resolve(
            &mut resolved,
            When::At(inst("2024-03-01T10:00:00+01:00")),
            "done",
            None,
        )
        .unwrap();
        let (text3, mode) = plan(&text2, &newer, &resolved).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert!(
            text3.contains("  moments: (started: (at: At(\"2024-03-01T09:00:00+01:00\")), resolved: (at: At(\"2024-03-01T10:00:00+01:00\"))),\n"),
            "{text3}"
        );
        assert!(text3.contains("  status: Resolved,\n"));
        parses_to(&text3, &resolved);
    }

    #[test]
    fn an_empty_list_gets_the_files_indentation() {
        let old_text = hand_laid("\t");
        let old = parse_text(std::path::Path::new("x.ron"), &old_text).unwrap();
        let mut new = old.clone();
        change::add_action(
            &mut new,
            change::NewAction {
                text: "Alert on lag".into(),
                kind: crate::model::record::ActionType::Detect,
                owner: None,
                due: None,
                priority: None,
                opened: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
                link: None,
            },
        )
        .unwrap();
        let (text, mode) = plan(&old_text, &old, &new).unwrap();
        assert_eq!(mode, WriteMode::InPlace);
        assert!(
            text.contains("\tactions: [\n\t\t(\n\t\t\tid: \"A1\",\n\t\t\ttext: \"Alert on lag\",\n\t\t\ttype: Detect,\n\t\t\topened: \"2024-03-01\",\n\t\t\tstatus: Open,\n\t\t),\n\t],\n"),
            "{text}"
        );
        parses_to(&text, &new);
    }

    #[test]
    fn compact_joins_a_value_on_one_line() {
        assert_eq!(
            compact("(\n    a: [\n        \"x, y\",\n    ],\n    b: {\"k\": \"v\"},\n)"),
            "(a: [\"x, y\"], b: {\"k\": \"v\"})"
        );
    }
}
