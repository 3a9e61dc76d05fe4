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

use crate::model::time::{When, Zone};

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

/// A time as shown in views: `2022-12-18 08:56`, `~12:00`, `2022-12-25`, `unknown`,
/// `ongoing`. `with_date` adds the date to exact and approximate times.
pub fn when_text(w: When, zone: &Zone, with_date: bool) -> String {
    let fmt = if with_date { "%Y-%m-%d %H:%M" } else { "%H:%M" };
    match w {
        When::At(t) => zone.convert(t.get()).format(fmt).to_string(),
        When::About(t) => format!("~{}", zone.convert(t.get()).format(fmt)),
        // A day is a calendar day where it was recorded; converting its midnight to another
        // zone would shift it to the day before or after.
        When::Day(t) => t.get().format("%Y-%m-%d").to_string(),
        When::Unknown => "unknown".to_string(),
        When::Open => "ongoing".to_string(),
    }
}

/// A duration in minutes as shown in views, `~` in front when approximate.
pub fn minutes_text(minutes: Option<i64>, approximate: bool) -> String {
    match minutes {
        Some(m) => format!(
            "{}{}",
            if approximate { "~" } else { "" },
            crate::model::time::format_minutes(m)
        ),
        None => "unknown".to_string(),
    }
}

/// The label of a zone for headers: `Asia/Hong_Kong (UTC+08:00 on 2022-12-18)`.
pub fn zone_label(zone: &Zone, sample: Option<crate::model::time::Instant>) -> String {
    match sample {
        Some(t) => {
            let local = zone.convert(t.get());
            format!(
                "{} (UTC{} on {})",
                zone.name(),
                crate::model::time::format_offset(*local.offset()),
                local.format("%Y-%m-%d")
            )
        }
        None => zone.name(),
    }
}
