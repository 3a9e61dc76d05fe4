//! Git-style conflict markers in record files: writing them around the whole fields or items
//! a merge could not decide, and reading every hunk back so `check` can explain each one.

/// Lays `ours` and `theirs` (two canonical texts of one merged record that differ only
/// where the merge conflicted) out as one text, with `<<<<<<< ours` / `=======` /
/// `>>>>>>> theirs` around each differing run of lines. Canonical layout puts one field on
/// one line and one item on a run of lines, so each hunk is a whole field or a whole item.
pub fn with_markers(ours: &str, theirs: &str, ours_label: &str, theirs_label: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_lines(ours, theirs);
    let mut out = String::with_capacity(ours.len() + 200);
    let (mut o, mut t) = (String::new(), String::new());
    let flush = |out: &mut String, o: &mut String, t: &mut String| {
        if o.is_empty() && t.is_empty() {
            return;
        }
        out.push_str(&format!("<<<<<<< {ours_label}\n"));
        out.push_str(o);
        out.push_str("=======\n");
        out.push_str(t);
        out.push_str(&format!(">>>>>>> {theirs_label}\n"));
        o.clear();
        t.clear();
    };
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Equal => {
                flush(&mut out, &mut o, &mut t);
                out.push_str(change.value());
            }
            ChangeTag::Delete => o.push_str(change.value()),
            ChangeTag::Insert => t.push_str(change.value()),
        }
    }
    flush(&mut out, &mut o, &mut t);
    out
}

/// One conflict hunk found in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hunk {
    /// 1-based line of the `<<<<<<<` marker.
    pub line: usize,
    pub ours_label: String,
    pub theirs_label: String,
    pub ours: Vec<String>,
    pub theirs: Vec<String>,
    /// The `id: "…"` line of the item the hunk starts inside, when the markers cut an item
    /// (git's line merge keeps the shared id line outside them).
    pub enclosing_id: Option<String>,
}

impl Hunk {
    /// What ours holds, in words (see [`describe`]).
    pub fn ours_holds(&self) -> String {
        describe(&self.with_id(&self.ours))
    }

    /// What theirs holds, in words.
    pub fn theirs_holds(&self) -> String {
        describe(&self.with_id(&self.theirs))
    }

    fn with_id(&self, lines: &[String]) -> Vec<String> {
        let starts_item = lines.iter().any(|l| l.trim_start().starts_with("id:"));
        match &self.enclosing_id {
            Some(id) if !starts_item => std::iter::once(id.clone())
                .chain(lines.iter().cloned())
                .collect(),
            _ => lines.to_vec(),
        }
    }
}

/// Every conflict hunk in `text`, in order. A diff3 base section (`|||||||`) is skipped; an
/// unterminated hunk runs to the end of the file.
pub fn hunks(text: &str) -> Vec<Hunk> {
    #[derive(PartialEq)]
    enum In {
        Outside,
        Ours,
        Base,
        Theirs,
    }
    let mut state = In::Outside;
    let mut out: Vec<Hunk> = Vec::new();
    // The last `id:` line outside markers, forgotten when an item opens or closes.
    let mut last_id: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        if state == In::Outside {
            let t = line.trim();
            let indent = line.len() - line.trim_start().len();
            // The record's own id (top level) names no item.
            if t.starts_with("id:") && indent > 4 {
                last_id = Some(line.to_string());
            } else if t == "(" || t == ")," || t == ")" {
                last_id = None;
            }
        }
        let marker = |m: &str| line.starts_with(m);
        match state {
            _ if marker("<<<<<<<") => {
                out.push(Hunk {
                    line: i + 1,
                    ours_label: line[7..].trim().to_string(),
                    theirs_label: String::new(),
                    ours: Vec::new(),
                    theirs: Vec::new(),
                    enclosing_id: last_id.clone(),
                });
                state = In::Ours;
            }
            In::Ours | In::Base if marker("|||||||") => state = In::Base,
            In::Ours | In::Base if marker("=======") => state = In::Theirs,
            In::Theirs if marker(">>>>>>>") => {
                if let Some(h) = out.last_mut() {
                    h.theirs_label = line[7..].trim().to_string();
                }
                state = In::Outside;
            }
            In::Ours => {
                if let Some(h) = out.last_mut() {
                    h.ours.push(line.to_string());
                }
            }
            In::Theirs => {
                if let Some(h) = out.last_mut() {
                    h.theirs.push(line.to_string());
                }
            }
            In::Base | In::Outside => {}
        }
    }
    out
}

/// What one side of a hunk holds, in words: the items it names (`event e17 at
/// 2024-03-01T10:00:00+00:00 "Failover started"`), else its fields (`owner: "ann"`), else
/// "nothing".
pub fn describe(lines: &[String]) -> String {
    let value = |l: &str, key: &str| -> Option<String> {
        let rest = l.trim().strip_prefix(key)?.strip_prefix(':')?.trim();
        Some(rest.trim_end_matches(',').trim().to_string())
    };
    let mut items: Vec<String> = Vec::new();
    let mut cur: Option<String> = None;
    for l in lines {
        if let Some(id) = value(l, "id") {
            if let Some(c) = cur.take() {
                items.push(c);
            }
            let what = if id
                .trim_matches('"')
                .starts_with(|c: char| c.is_ascii_uppercase())
            {
                "action"
            } else {
                "event"
            };
            cur = Some(format!("{what} {}", id.trim_matches('"')));
        } else if let Some(c) = cur.as_mut() {
            if let Some(at) = value(l, "at") {
                // `At("…")` reads as the time alone; `About("…")` keeps its word.
                let at = match at.strip_prefix("At(") {
                    Some(inner) => inner.trim_end_matches(')').trim_matches('"').to_string(),
                    None => at,
                };
                c.push_str(&format!(" at {at}"));
            } else if let Some(text) = value(l, "text") {
                c.push_str(&format!(" {}", cut(&text, 50)));
            }
        }
    }
    if let Some(c) = cur {
        items.push(c);
    }
    if !items.is_empty() {
        return items.join(", ");
    }
    let fields: Vec<String> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !matches!(*l, "(" | ")" | "[" | "]" | ")," | "],"))
        .map(|l| cut(l.trim_end_matches(','), 60))
        .take(3)
        .collect();
    if fields.is_empty() {
        "nothing".to_string()
    } else {
        fields.join("; ")
    }
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut c: String = s.chars().take(max).collect();
        c.push('…');
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_go_around_whole_lines_that_differ() {
        let ours = "(\n    a: 1,\n    owner: \"ann\",\n    b: 2,\n)\n";
        let theirs = "(\n    a: 1,\n    owner: \"bob\",\n    b: 2,\n)\n";
        let text = with_markers(ours, theirs, "ours", "theirs");
        assert_eq!(
            text,
            "(\n    a: 1,\n<<<<<<< ours\n    owner: \"ann\",\n=======\n    owner: \"bob\",\n>>>>>>> theirs\n    b: 2,\n)\n"
        );
        let h = hunks(&text);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].line, 3);
        assert_eq!(describe(&h[0].ours), "owner: \"ann\"");
        assert_eq!(describe(&h[0].theirs), "owner: \"bob\"");
    }

    #[test]
    fn items_are_named_by_id_time_and_text() {
        let lines: Vec<String> = [
            "        (",
            "            id: \"e17\",",
            "            at: At(\"2024-03-01T10:00:00+00:00\"),",
            "            kind: Note,",
            "            text: \"Failover started\",",
            "        ),",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            describe(&lines),
            "event e17 at 2024-03-01T10:00:00+00:00 \"Failover started\""
        );
        assert_eq!(describe(&[]), "nothing");
    }
}
