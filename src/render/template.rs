//! Team templates: a template file (Jinja syntax, rendered by minijinja) filled from a view
//! model — the same value `--format json` prints — instead of a built-in layout. A file whose
//! name ends in `.html.j2` (or `.html`) escapes every value for HTML; any other is written as
//! it is. Variables missing from the view model (an empty section is left out) are empty and
//! can be tested with `{% if … %}`, their fields too.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::files::templates::TemplateFile;

/// A template that could not be read or rendered, with where: 1-based line and column in the
/// template file when minijinja knows them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: template error: {message}", place(.file, *.line, *.column))]
pub struct TemplateError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

/// `file:line:column`, or as much of it as is known.
fn place(file: &Path, line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", file.display()),
        (Some(l), None) => format!("{}:{l}", file.display()),
        _ => file.display().to_string(),
    }
}

/// The 1-based column of byte `offset` in `text`, counted in characters.
fn column_of(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before[line_start..].chars().count() + 1
}

/// Renders `template` with `view` as its variables.
pub fn render(template: &TemplateFile, view: &impl Serialize) -> Result<String, TemplateError> {
    let name = template.path.file_name().map_or_else(
        || "template".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut env = minijinja::Environment::new();
    env.set_debug(true);
    // Sections with nothing in them are left out of the view model: a missing variable, or a
    // field of one, reads as empty rather than failing.
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    // Keep the file's last newline, as the built-in layouts end with one.
    env.set_keep_trailing_newline(true);
    let fail = |e: minijinja::Error| {
        let column = e.range().map(|r| column_of(&template.text, r.start));
        let line = e.line().or_else(|| {
            e.range().map(|r| {
                template.text[..r.start.min(template.text.len())]
                    .matches('\n')
                    .count()
                    + 1
            })
        });
        let mut message = e.kind().to_string();
        if let Some(d) = e.detail() {
            message = format!("{message}: {d}");
        }
        TemplateError {
            file: template.path.clone(),
            line,
            column,
            message,
        }
    };
    env.add_template(&name, &template.text).map_err(fail)?;
    let tmpl = env.get_template(&name).map_err(fail)?;
    tmpl.render(minijinja::Value::from_serialize(view))
        .map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> TemplateFile {
        TemplateFile {
            path: PathBuf::from(format!("incidents/templates/{name}")),
            text: text.to_string(),
        }
    }

    #[derive(Serialize)]
    struct View {
        title: String,
        items: Vec<&'static str>,
    }

    fn view() -> View {
        View {
            title: "Fish & <chips>".to_string(),
            items: vec!["a", "b"],
        }
    }

    #[test]
    fn markdown_is_written_as_it_is_and_html_is_escaped() {
        let md = file(
            "summary.md.j2",
            "# {{ title }}\n{% for i in items %}- {{ i }}\n{% endfor %}",
        );
        assert_eq!(
            render(&md, &view()).unwrap(),
            "# Fish & <chips>\n- a\n- b\n"
        );
        let html = file(
            "summary.html.j2",
            "<h1>{{ title }}</h1>{{ missing.field }}\n",
        );
        assert_eq!(
            render(&html, &view()).unwrap(),
            "<h1>Fish &amp; &lt;chips&gt;</h1>\n"
        );
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        // A syntax error: the unclosed block on line 3.
        let bad = file(
            "summary.md.j2",
            "# {{ title }}\n\n  {% for i in items %}\n- {{ i }}\n",
        );
        let e = render(&bad, &view()).unwrap_err();
        assert_eq!(e.file, PathBuf::from("incidents/templates/summary.md.j2"));
        assert_eq!(e.line, Some(4));
        assert!(e.message.contains("syntax error"), "{e}");
        // An unknown filter: the error points at its name, column 16 of line 2.
        let bad = file("summary.md.j2", "# x\nSee {{ title | shout }}\n");
        let e = render(&bad, &view()).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(16)), "{e}");
        assert!(
            e.to_string()
                .starts_with("incidents/templates/summary.md.j2:2:16: template error: "),
            "{e}"
        );
    }
}
