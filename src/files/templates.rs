//! A team's own templates, kept in the repository beside the records: the folder
//! `templates/` inside the incidents folder (`incidents/templates/summary.md.j2`, …).
//! Reading them is a file concern; rendering them is `render::template`.

use std::path::{Path, PathBuf};

/// The folder of team templates inside the incidents folder `dir`.
pub fn folder(dir: &Path) -> PathBuf {
    dir.join("templates")
}

/// A template file read whole: where it came from and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateFile {
    pub path: PathBuf,
    pub text: String,
}

/// Reads `path` as a template.
pub fn read(path: &Path) -> std::io::Result<TemplateFile> {
    Ok(TemplateFile {
        path: path.to_path_buf(),
        text: std::fs::read_to_string(path)?,
    })
}

/// The team's template `name` (`summary.md.j2`) of the incidents folder `dir`, when the
/// team keeps one; `Ok(None)` when there is no such file.
pub fn team_template(dir: &Path, name: &str) -> std::io::Result<Option<TemplateFile>> {
    let path = folder(dir).join(name);
    match read(&path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_template_is_none_and_a_present_one_is_read() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(team_template(tmp.path(), "summary.md.j2").unwrap(), None);
        std::fs::create_dir(folder(tmp.path())).unwrap();
        std::fs::write(folder(tmp.path()).join("summary.md.j2"), "# {{ title }}\n").unwrap();
        let t = team_template(tmp.path(), "summary.md.j2").unwrap().unwrap();
        assert_eq!(t.text, "# {{ title }}\n");
        assert_eq!(t.path, tmp.path().join("templates/summary.md.j2"));
    }
}
