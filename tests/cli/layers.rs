//! Keeps the house layered: every file under `src/` belongs to a layer by its folder, and may
//! import only its own layer and the ones below it (see `docs/architecture.md`).
//!
//! model ← files ← derive ← render ← cli (and the `fuzzing` harness, which exercises all)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers, lowest first. A file's layer is the first folder under `src/` (or, for
/// top-level files, the file's own module name).
const LAYERS: [&str; 5] = ["model", "files", "derive", "render", "cli"];

fn rank_of_module(name: &str) -> Option<usize> {
    match name {
        // The fuzzing harness calls every layer, like the command line does.
        "fuzzing" => Some(4),
        _ => LAYERS.iter().position(|l| *l == name),
    }
}

/// The layer of a file, by its path relative to `src/`; `None` for the crate roots.
fn rank_of_file(rel: &Path) -> Option<usize> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let module = first.strip_suffix(".rs").unwrap_or(first);
    if module == "lib" || module == "main" {
        return None;
    }
    rank_of_module(module)
}

/// The source text without comments and string literals, so that prose such as a doc link
/// to a higher layer does not count as an import.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut depth = 1;
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if prev == '/' && c == '*' {
                        depth += 1;
                    } else if prev == '*' && c == '/' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    prev = c;
                }
            }
            '"' => {
                out.push_str("\"\"");
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
            }
            // A char literal such as '"' must not open a string; lifetimes pass through.
            '\'' => {
                out.push('\'');
                let rest: String = chars.clone().take(4).collect();
                let literal_len = if rest.starts_with('\\') {
                    rest.find('\'').map(|i| i + 1)
                } else {
                    rest.chars()
                        .nth(1)
                        .filter(|c| *c == '\'')
                        .map(|_| rest.chars().next().map_or(1, char::len_utf8) + 1)
                };
                if let Some(n) = literal_len {
                    let mut taken = 0;
                    while taken < n {
                        match chars.next() {
                            Some(c) => taken += c.len_utf8(),
                            None => break,
                        }
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Every module of the crate a piece of code names by path: `crate::render::x` → `render`,
/// `incident::derive::y` → `derive`, and each name inside `crate::{a, b::c}`.
fn named_modules(code: &str, root: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in code.lines().enumerate() {
        let mut rest = line;
        let prefix = format!("{root}::");
        while let Some(at) = rest.find(&prefix) {
            // `xincident::` or `my_crate::` is another name.
            let before = rest[..at].chars().last();
            let after = &rest[at + prefix.len()..];
            rest = after;
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(group) = after.strip_prefix('{') {
                let body = group.split('}').next().unwrap_or("");
                for part in body.split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        found.push((i + 1, name));
                    }
                }
            } else {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.push((i + 1, name));
            }
        }
    }
    found
}

/// One import that runs upward.
#[derive(Debug, PartialEq, Eq)]
struct Violation {
    file: PathBuf,
    line: usize,
    imports: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "src/{}:{}: imports `{}`, a higher layer",
            self.file.display(),
            self.line,
            self.imports
        )
    }
}

/// The upward imports in a set of files (path relative to `src/` → text).
fn violations(files: &BTreeMap<PathBuf, String>) -> Vec<Violation> {
    let mut out = Vec::new();
    for (rel, text) in files {
        let Some(own) = rank_of_file(rel) else {
            continue;
        };
        let code = code_only(text);
        // Library files say `crate::`; the command line, in the binary, names the library
        // `incident::` and its own modules `crate::cli::`.
        for root in ["crate", "incident"] {
            for (line, module) in named_modules(&code, root) {
                let Some(theirs) = rank_of_module(&module) else {
                    continue;
                };
                if theirs > own {
                    out.push(Violation {
                        file: rel.clone(),
                        line,
                        imports: format!("{root}::{module}"),
                    });
                }
            }
        }
        // `super::super::render` from a lower folder is an upward import by another road.
        for (i, l) in code.lines().enumerate() {
            if let Some(at) = l.find("super::super::") {
                let name: String = l[at + "super::super::".len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if rank_of_module(&name).is_some_and(|r| r > own) {
                    out.push(Violation {
                        file: rel.clone(),
                        line: i + 1,
                        imports: format!("super::super::{name}"),
                    });
                }
            }
        }
    }
    out
}

fn read_tree(dir: &Path, base: &Path, out: &mut BTreeMap<PathBuf, String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_tree(&path, base, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.insert(path.strip_prefix(base).unwrap().to_path_buf(), text);
        }
    }
}

fn src_tree() -> BTreeMap<PathBuf, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    read_tree(&src, &src, &mut files);
    files
}

#[test]
fn no_layer_imports_a_higher_one() {
    let files = src_tree();
    let found = violations(&files);
    let list: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        found.is_empty(),
        "imports that run upward (model ← files ← derive ← render ← cli):\n{}",
        list.join("\n")
    );
}

#[test]
fn every_source_file_is_in_a_layer() {
    for rel in src_tree().keys() {
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap();
        let module = first.strip_suffix(".rs").unwrap_or(first);
        assert!(
            module == "lib" || module == "main" || rank_of_module(module).is_some(),
            "src/{} is in no layer: put it in one of {LAYERS:?} (docs/architecture.md)",
            rel.display()
        );
    }
}

#[test]
fn an_upward_import_is_caught_and_named() {
    let mut files = src_tree();
    let before = violations(&files).len();
    let figures = PathBuf::from("derive/figures.rs");
    let text = files
        .get(&figures)
        .expect("derive/figures.rs exists")
        .clone();
    files.insert(
        figures.clone(),
        format!("{text}\nuse crate::render::Style;\n"),
    );
    files.insert(
        PathBuf::from("model/extra.rs"),
        "use crate::{files::load, model::time};\nfn f() { let _ = incident::cli::x; }\n"
            .to_string(),
    );
    let found = violations(&files);
    let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
    let last_line = text.lines().count() + 2;
    assert!(
        shown.contains(&format!(
            "src/derive/figures.rs:{last_line}: imports `crate::render`, a higher layer"
        )),
        "{shown:?}"
    );
    assert!(
        shown.contains(&"src/model/extra.rs:1: imports `crate::files`, a higher layer".to_string()),
        "{shown:?}"
    );
    assert!(
        shown
            .contains(&"src/model/extra.rs:2: imports `incident::cli`, a higher layer".to_string()),
        "{shown:?}"
    );
    assert_eq!(found.len(), before + 3, "{shown:?}");
}

#[test]
fn prose_and_strings_are_not_imports() {
    let code = code_only(
        "/// See [`crate::render::x`].\nlet s = \"crate::cli::y\"; // crate::render\nlet c = '\"'; use crate::model::time;\n",
    );
    let names = named_modules(&code, "crate");
    assert_eq!(names, vec![(3, "model".to_string())]);
}
