//! Long output through a pager, as git does: output taller than the terminal goes to
//! `$INCIDENT_PAGER`, else `$PAGER`, else `less -FRX`; never with `--no-pager` or when
//! standard output is not a terminal. An empty pager variable or `cat` means no pager.

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use unicode_width::UnicodeWidthStr;

/// The pager this run may use, decided once in `main`; `None` when output is never paged.
static PAGER: OnceLock<Option<Pager>> = OnceLock::new();

/// A pager command and the size of the terminal it would page for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pager {
    /// Run by `sh -c`, as git runs its pager.
    pub command: String,
    /// Rows of the terminal; `None` when unknown (then the pager decides, as `less -F` does).
    pub rows: Option<usize>,
    /// Columns of the terminal, to count lines that wrap; `None` when unknown.
    pub cols: Option<usize>,
}

/// The pager command from `$INCIDENT_PAGER` and `$PAGER` (in that order), else `less -FRX`;
/// `None` when the chosen variable is empty or `cat`, which ask for no pager.
pub fn pager_command(incident_pager: Option<&str>, pager: Option<&str>) -> Option<String> {
    let chosen = incident_pager.or(pager).unwrap_or("less -FRX").trim();
    if chosen.is_empty() || chosen == "cat" {
        None
    } else {
        Some(chosen.to_string())
    }
}

/// Decides once whether this run pages: not with `--no-pager`, and only when standard
/// output is a terminal.
pub fn decide(no_pager: bool) {
    let pager = if no_pager || !std::io::stdout().is_terminal() {
        None
    } else {
        let var = |name: &str| std::env::var(name).ok();
        pager_command(var("INCIDENT_PAGER").as_deref(), var("PAGER").as_deref()).map(|command| {
            let size = terminal_size::terminal_size();
            // A pseudo-terminal nobody sized reports 0 × 0: as good as unknown.
            let known = |n: u16| (n > 0).then_some(usize::from(n));
            Pager {
                command,
                rows: size.and_then(|(_, h)| known(h.0)),
                cols: size.and_then(|(w, _)| known(w.0)),
            }
        })
    };
    let _ = PAGER.set(pager);
}

/// True when `text` needs more rows than the terminal has (every row when the size is unknown),
/// counting a line wider than the terminal as the rows it wraps to.
pub fn taller_than(text: &str, rows: Option<usize>, cols: Option<usize>) -> bool {
    let Some(rows) = rows else {
        return true;
    };
    let mut used = 0usize;
    for line in text.lines() {
        let width = UnicodeWidthStr::width(strip_escapes(line).as_str());
        used += match cols {
            Some(c) if width > c => width.div_ceil(c),
            _ => 1,
        };
        // The last row of the screen holds the prompt that follows.
        if used >= rows {
            return true;
        }
    }
    false
}

/// The text without ANSI escape sequences, to measure what a terminal shows.
fn strip_escapes(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ … final byte in @..~
            if chars.next() == Some('[') {
                for d in chars.by_ref() {
                    if ('@'..='~').contains(&d) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Sends `text` through the pager when this run pages and the text is taller than the
/// terminal. `None` when it was not paged (the caller writes it itself); a pager that cannot
/// be started also gives `None`, so the output is never lost.
pub fn page(text: &str) -> Option<std::io::Result<()>> {
    let pager = PAGER.get()?.as_ref()?;
    if !taller_than(text, pager.rows, pager.cols) {
        return None;
    }
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(&pager.command).stdin(Stdio::piped());
    // As git does: `less` shows colour and quits on a short page unless the user said otherwise.
    if std::env::var_os("LESS").is_none() {
        cmd.env("LESS", "FRX");
    }
    if std::env::var_os("LV").is_none() {
        cmd.env("LV", "-c");
    }
    let mut child = cmd.spawn().ok()?;
    let mut input = child.stdin.take()?;
    // The pager gets escapes only when this run colours (the same decision as `emit`).
    let shown = if anstream::ColorChoice::global() == anstream::ColorChoice::Never {
        anstream::adapter::strip_str(text).to_string()
    } else {
        text.to_string()
    };
    let written = input
        .write_all(shown.as_bytes())
        .and_then(|_| input.flush());
    drop(input);
    let waited = child.wait().map(|_| ());
    Some(match written {
        // The user quit the pager before the end: not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => waited,
        Err(e) => Err(e),
        Ok(()) => waited,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incident_pager_then_pager_then_less() {
        assert_eq!(
            pager_command(Some("most"), Some("more")).as_deref(),
            Some("most")
        );
        assert_eq!(pager_command(None, Some("more")).as_deref(), Some("more"));
        assert_eq!(pager_command(None, None).as_deref(), Some("less -FRX"));
        // An empty variable or `cat` turns paging off, even over $PAGER.
        assert_eq!(pager_command(Some(""), Some("more")), None);
        assert_eq!(pager_command(None, Some("cat")), None);
    }

    #[test]
    fn output_is_taller_when_it_fills_the_screen() {
        let ten = "line\n".repeat(10);
        assert!(!taller_than(&ten, Some(24), Some(80)));
        assert!(taller_than(&ten, Some(10), Some(80)));
        assert!(taller_than(&ten, None, None));
        // Two lines of 100 columns wrap to four rows on a terminal 50 wide.
        let wide = format!("{}\n{}\n", "x".repeat(100), "y".repeat(100));
        assert!(!taller_than(&wide, Some(5), Some(50)));
        assert!(taller_than(&wide, Some(4), Some(50)));
        // Escapes take no columns.
        let coloured = format!("\u{1b}[1m{}\u{1b}[0m\n", "x".repeat(50));
        assert!(!taller_than(&coloured, Some(2), Some(50)));
    }
}
