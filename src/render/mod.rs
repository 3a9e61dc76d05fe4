//! Rendering helpers shared by every view. Renderers take what they need — width, colour,
//! zone, "now" — as parameters and write to strings, so output is deterministic in tests.

pub mod chart;
pub mod csv;
pub mod html;
pub mod impact;
pub mod ledger;
pub mod markdown;
pub mod stats;
pub mod summary_html;
pub mod summary_md;
pub mod svg;
pub mod table;
pub mod timeline;

/// How output should look, decided once at the edge (command line) and passed down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// Fit tables to this many columns; `None` lets lines be as long as they need.
    pub width: Option<u16>,
    /// Colour and bold allowed (a terminal, and `NO_COLOR` not set).
    pub color: bool,
    /// Unicode drawing characters allowed (a UTF-8 locale and no `--ascii`).
    pub unicode: bool,
}

impl Style {
    /// Plain output for files, pipes and tests.
    pub const PLAIN: Style = Style {
        width: None,
        color: false,
        unicode: true,
    };
}
