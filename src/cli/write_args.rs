//! What the writing commands share: the command-line spellings of record values (clap
//! `ValueEnum`s, kept out of the library), time-zone arguments, and the report a writer prints.

use clap::ValueEnum;

use incident::model::problem::Problem;
use incident::model::record::{
    ActionStatus, ActionType, EventKind, IncidentKind, Level, Priority, Severity, Status,
};
use incident::model::time::Zone;

use super::{CommandError, Outcome};

/// Declares a clap value enum mirroring a record enum, with the conversion into it.
macro_rules! value_enum {
    ($(#[$m:meta])* $name:ident => $target:ty { $($(#[$vm:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
        pub enum $name {
            $($(#[$vm])* $variant),+
        }

        impl From<$name> for $target {
            fn from(v: $name) -> Self {
                match v {
                    $($name::$variant => <$target>::$variant),+
                }
            }
        }
    };
}

value_enum!(
    /// Severity: sev1 is the worst.
    SeverityArg => Severity {
        /// Critical: a region, zone or core product down for many customers, or data loss.
        Sev1,
        /// Major: a product down or badly degraded for a significant set of customers.
        Sev2,
        /// Minor: partial degradation, workaround available, limited customers.
        Sev3,
        /// Low: no customer-visible impact, or a near miss worth learning from.
        Sev4,
    }
);

value_enum!(
    /// Whether the incident really happened.
    KindArg => IncidentKind { Real, Drill, Test }
);

value_enum!(
    /// What a timeline event is.
    EventKindArg => EventKind {
        /// An alarm fired or someone noticed.
        Detection,
        /// Something got worse or more was hit.
        Impact,
        /// A step taken by the responders.
        Action,
        /// More people or a vendor were called in.
        Escalation,
        /// A status update, statement or notice.
        Communication,
        /// Impact stopped growing or a workaround took effect.
        Mitigation,
        /// Something came back.
        Recovery,
        /// Everything was back.
        Resolution,
        /// Anything else worth keeping on the timeline.
        Note,
    }
);

value_enum!(
    /// How badly a target was hit.
    LevelArg => Level {
        /// Not available.
        Outage,
        /// Available but slow, throttled, or failing part of the time.
        Degraded,
        /// Working but in danger; not counted as impact time.
        AtRisk,
    }
);

value_enum!(
    /// What an action item is for.
    ActionTypeArg => ActionType {
        /// Stop it happening again.
        Prevent,
        /// Make the impact smaller or shorter next time.
        Mitigate,
        /// Notice sooner.
        Detect,
        /// Change how people work.
        Process,
    }
);

value_enum!(
    /// Priority of an action item, p1 highest.
    PriorityArg => Priority { P1, P2, P3 }
);

value_enum!(
    /// Where an action item stands.
    ActionStatusArg => ActionStatus { Open, InProgress, Done, WontDo }
);

value_enum!(
    /// Where the incident stands.
    StatusArg => Status { Investigating, Identified, Mitigated, Monitoring, Resolved, Closed }
);

/// Reads a `--tz` value.
pub fn tz_arg(tz: Option<&str>) -> Result<Option<Zone>, CommandError> {
    Ok(tz.map(incident::model::time::parse_zone).transpose()?)
}

/// Reads a `--due` date.
pub fn date_arg(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        format!(
            "expected a date like 2024-03-31, not `{}`",
            incident::model::text::visible(s)
        )
    })
}

/// What every writer prints after a write: what it did, the file, any extra lines, a note
/// when nothing changed, and the warnings the change added.
pub fn report<T>(
    headline: &str,
    extra: &[String],
    path: &std::path::Path,
    done: &incident::files::write::Updated<T>,
) -> String {
    let mut out = format!("{headline}\n  file: {}\n", shown(path));
    for line in extra {
        out.push_str(&format!("  {line}\n"));
    }
    if done.mode == incident::files::write::WriteMode::Unchanged {
        out.push_str("  (it already was; the file is unchanged)\n");
    }
    out.push_str(&warning_lines(&done.new_warnings));
    // The headline echoes ids and names from the record: shown, never obeyed.
    incident::model::text::visible(&out)
}

/// Lines that report warnings a change added, for the end of a writer's output.
pub fn warning_lines(warnings: &[Problem]) -> String {
    warnings
        .iter()
        .map(|p| {
            format!(
                "  note: {} {}\n",
                p.code,
                incident::model::text::one_line(&p.message)
            )
        })
        .collect()
}

/// A path as shown in output: relative to the current folder when it lies below it, so the
/// output reads `incidents/2024-03-01-payments-db-failover.ron`; made visible, as file names
/// may hold escapes.
pub fn shown(path: &std::path::Path) -> String {
    let relative = std::env::current_dir().ok().and_then(|cwd| {
        path.strip_prefix(&cwd)
            .ok()
            .map(std::path::Path::to_path_buf)
    });
    incident::model::text::visible_path(relative.as_deref().unwrap_or(path))
}

/// Prints a writer's report once its change is in the file, and ends the command. From here
/// on nothing may say the write failed, since doing it again would make the change twice: a
/// report that cannot be printed (standard output closed, or a full disk behind it) is said
/// on standard error as a warning, and the exit status stays 0, which means "the change is
/// in the file". `caveat` (the folder could not be synced) is repeated on standard error, so
/// it is seen when the report goes to a file.
pub fn announce(report: &str, caveat: Option<&str>) -> Outcome {
    use std::io::Write;
    let mut err = anstream::stderr();
    if let Err(e) = super::emit(report) {
        let headline = report.lines().next().unwrap_or_default();
        // Standard error may be gone too; then there is no one left to tell.
        let _ = writeln!(
            err,
            "warning: the change was made ({headline}), but its report could not be printed: {}",
            e.message
        );
    }
    if let Some(caveat) = caveat {
        let _ = writeln!(
            err,
            "warning: the change is written, but {}",
            incident::model::text::visible(caveat)
        );
    }
    Ok(())
}
