//! Finding places in RON text.
//!
//! `ron` gives positions only for syntax errors; parsed values carry no spans. Validation
//! reports a problem by a path into the record (`events[3].at`), and this module turns that
//! path into a line and column. The walk over the text is [`crate::files::patch::Tree`]'s,
//! the same one the writers edit with.

use std::fmt;

use crate::files::patch::Tree;

pub use crate::files::patch::first_comment;

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

    /// The path of the value that holds this one; `None` for the root.
    pub fn parent(&self) -> Option<Self> {
        let (_, rest) = self.0.split_last()?;
        Some(Path(rest.to_vec()))
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
    Tree::parse(src).span_of(path)
}

/// The position of the value at `path` (or the closest enclosing part that exists).
pub fn locate_position(src: &str, path: &Path) -> Position {
    position_of(src, Tree::parse(src).start_of(path))
}

/// The values of a record and where they start, found in one walk over the text, so that many
/// problems can be located without walking the text once per problem (which would make a
/// record with thousands of problems take minutes).
#[derive(Clone, Debug)]
pub struct Index<'a> {
    tree: Tree<'a>,
}

impl<'a> Index<'a> {
    /// Walks `src` once. Text that is not a well-formed record gives a partial index.
    pub fn new(src: &'a str) -> Self {
        Index {
            tree: Tree::parse(src),
        }
    }

    /// The byte offset where the value at `path` starts, or where the deepest part of it
    /// that exists starts (as [`locate`] does).
    pub fn start(&self, path: &Path) -> usize {
        self.tree.start_of(path)
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
        let p = path(&[Step::Field("nope".into())]);
        let (span, found) = locate(SRC, &p);
        assert_eq!(found, 0);
        assert_eq!(span.start, SRC.find("(\n").unwrap());
    }

    /// The index places every path, found or missing, where [`locate`] does, and
    /// [`positions_of`] agrees with [`position_of`].
    #[test]
    fn the_index_agrees_with_locate() {
        let hk = include_str!("../../incidents/2022-12-18-hk-zone-c.ron");
        let events = Path::root().field("events");
        let cases: &[(&str, Path, &str)] = &[
            (SRC, events.index(0).field("text"), "\"has ] and ) in it\""),
            (SRC, events.index(1).field("text").field("x"), "r#\"raw"),
            (
                hk,
                Path::root().field("moments").field("resolved").field("at"),
                "At(\"2022-12-18T23:11",
            ),
            (
                hk,
                Path::root()
                    .field("services")
                    .index(0)
                    .field("windows")
                    .index(0)
                    .field("to"),
                "Unknown,",
            ),
            (
                "(x: Some(\"y\"))",
                Path::root().field("x").index(0),
                "\"y\"",
            ),
            (
                "((a: [1, (b: 2)]",
                Path::root().index(0).field("a").index(1).field("b"),
                "2)]",
            ),
            ("[1, 2", Path::root().index(1), "2"),
            ("", Path::root().field("a"), ""),
        ];
        for (src, p, expect) in cases {
            let index = Index::new(src);
            let at = index.start(p);
            assert_eq!(at, locate(src, p).0.start, "{p}");
            assert!(src[at..].starts_with(expect), "{p}: {:?}", &src[at..]);
            let more = [p.field("nope"), p.index(999), Path::root()];
            let offsets: Vec<usize> = more.iter().map(|q| index.start(q)).collect();
            let positions = positions_of(src, &offsets);
            for ((q, o), pos) in more.iter().zip(&offsets).zip(&positions) {
                assert_eq!(*o, locate(src, q).0.start, "{q}");
                assert_eq!(*pos, position_of(src, *o), "{q}");
            }
        }
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
        assert_eq!(p.parent().unwrap().to_string(), "services[2].windows[0]");
        assert_eq!(Path::root().parent(), None);
    }
}
