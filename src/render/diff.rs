//! The diff of two versions of a record (`incident diff`) and the history of a record
//! (`incident history`) as text: one line per change, `+` added, `-` removed, `→` changed.

use crate::derive::diff::{Change, NONE, Op};

/// One line per change: `+ event e17 10:00 action: Failover started`, `- tag drill`,
/// `status: investigating → mitigated`, `window OSS end: ongoing → 18:26`. Text from the
/// record is made visible (no escape sequences reach the terminal).
pub fn lines(changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        let line = match c.op {
            Op::Added => signed('+', &c.subject(), c.after.as_deref()),
            Op::Removed => signed('-', &c.subject(), c.before.as_deref()),
            Op::Changed => format!(
                "{}: {} → {}",
                c.subject(),
                c.before.as_deref().unwrap_or(NONE),
                c.after.as_deref().unwrap_or(NONE)
            ),
        };
        out.push_str(&crate::model::text::visible(&line));
        out.push('\n');
    }
    out
}

fn signed(sign: char, subject: &str, value: Option<&str>) -> String {
    match value {
        Some(v) if !v.is_empty() => format!("{sign} {subject} {v}"),
        _ => format!("{sign} {subject}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(
        op: Op,
        kind: &str,
        name: &str,
        field: Option<&str>,
        b: Option<&str>,
        a: Option<&str>,
    ) -> Change {
        Change {
            op,
            kind: kind.into(),
            name: name.into(),
            field: field.map(Into::into),
            before: b.map(Into::into),
            after: a.map(Into::into),
        }
    }

    #[test]
    fn each_kind_of_change_reads_as_one_line() {
        let changes = [
            change(
                Op::Added,
                "event",
                "e17",
                None,
                None,
                Some("10:00 action: Failover"),
            ),
            change(
                Op::Changed,
                "status",
                "",
                None,
                Some("investigating"),
                Some("mitigated"),
            ),
            change(
                Op::Changed,
                "window",
                "OSS",
                Some("end"),
                Some("unknown"),
                Some("18:26"),
            ),
            change(Op::Removed, "tag", "drill", None, None, None),
            change(
                Op::Changed,
                "action",
                "A1",
                Some("owner"),
                Some("ann"),
                None,
            ),
        ];
        assert_eq!(
            lines(&changes),
            "+ event e17 10:00 action: Failover\n\
             status: investigating → mitigated\n\
             window OSS end: unknown → 18:26\n\
             - tag drill\n\
             action A1 owner: ann → (none)\n"
        );
    }
}
