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

use crate::files::locate::{Path as RonPath, Step};

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
}
