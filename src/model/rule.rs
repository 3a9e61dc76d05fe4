//! Every rule `incident check` applies — load errors (E001–E006) and record rules — with its
//! stable code, severity and one-line summary in one table, `Rule::row`. `docs/check.md`
//! lists the same rules (a test keeps them in step).

use std::fmt;

use crate::model::problem::Severity;

/// A rule a record can break. Shown by its code (`E110`); declared in code order, so the
/// derived order is the order of the codes. A retired rule keeps its row so its code is never
/// given to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    NotRon,
    NotUtf8,
    MergeConflict,
    EmptyFile,
    Unreadable,
    UnknownSchema,
    IdNotFileName,
    UnsafeId,
    UnknownZone,
    EmptyText,
    WindowBackwards,
    WindowWithoutStart,
    OpenOutsideWindowEnd,
    EventWithoutTime,
    MomentsOutOfOrder,
    EventBeforeStart,
    OpenWindowAfterMerge,
    DuplicateEventId,
    DuplicateActionId,
    DuplicateSourceId,
    DuplicateTargetName,
    DuplicateIncidentId,
    AbsurdIdNumber,
    UnknownSource,
    BadCitationGrade,
    OutcomeContradictsWindows,
    ShareOutOfRange,
    CountNotANumber,
    StatedFigureWithoutValue,
    DuplicateRegionName,
    ReferenceWithoutTarget,
    DuplicateCauseId,
    UnknownCause,
    UnknownEvidence,
    CompletedBeforeOpened,
    HandOverBackwards,
    RoleWithoutTitle,
    CatalogueNameTwice,
    ConfigSchema,
    SeverityNotInScale,
    ConfigConventions,
    FieldWrongType,
    LeftoverTemporary,
    LookAlikeIncidents,
    UncitedSource,
    ActionWithoutOwner,
    StatusWithoutResolution,
    OpenWindowAfterResolution,
    PrecursorNotBeforeStart,
    DayNotMidnight,
    DetectedAfterDetectionEvent,
    WindowEndsAfterResolution,
    ImpactLongerThanIncident,
    ClaimSameAsChosen,
    ClaimWithoutSource,
    RegionTwice,
    ServiceNotInCatalogue,
    RoleNotTeams,
    FieldNotTeams,
    RequiredFieldMissing,
    CauseLoop,
    RootCauseStatusContradicts,
    CompletedNotDone,
    UpdateNotCommunication,
    ThirdPartyDetection,
    RepeatedKind,
    PublicNamesInternal,
}

impl Rule {
    /// Every rule, in code order.
    pub const ALL: [Rule; 67] = [
        Rule::NotRon,
        Rule::NotUtf8,
        Rule::MergeConflict,
        Rule::EmptyFile,
        Rule::Unreadable,
        Rule::UnknownSchema,
        Rule::IdNotFileName,
        Rule::UnsafeId,
        Rule::UnknownZone,
        Rule::EmptyText,
        Rule::WindowBackwards,
        Rule::WindowWithoutStart,
        Rule::OpenOutsideWindowEnd,
        Rule::EventWithoutTime,
        Rule::MomentsOutOfOrder,
        Rule::EventBeforeStart,
        Rule::OpenWindowAfterMerge,
        Rule::DuplicateEventId,
        Rule::DuplicateActionId,
        Rule::DuplicateSourceId,
        Rule::DuplicateTargetName,
        Rule::DuplicateIncidentId,
        Rule::AbsurdIdNumber,
        Rule::UnknownSource,
        Rule::BadCitationGrade,
        Rule::OutcomeContradictsWindows,
        Rule::ShareOutOfRange,
        Rule::CountNotANumber,
        Rule::StatedFigureWithoutValue,
        Rule::DuplicateRegionName,
        Rule::ReferenceWithoutTarget,
        Rule::DuplicateCauseId,
        Rule::UnknownCause,
        Rule::UnknownEvidence,
        Rule::CompletedBeforeOpened,
        Rule::HandOverBackwards,
        Rule::RoleWithoutTitle,
        Rule::CatalogueNameTwice,
        Rule::ConfigSchema,
        Rule::SeverityNotInScale,
        Rule::ConfigConventions,
        Rule::FieldWrongType,
        Rule::LeftoverTemporary,
        Rule::LookAlikeIncidents,
        Rule::UncitedSource,
        Rule::ActionWithoutOwner,
        Rule::StatusWithoutResolution,
        Rule::OpenWindowAfterResolution,
        Rule::PrecursorNotBeforeStart,
        Rule::DayNotMidnight,
        Rule::DetectedAfterDetectionEvent,
        Rule::WindowEndsAfterResolution,
        Rule::ImpactLongerThanIncident,
        Rule::ClaimSameAsChosen,
        Rule::ClaimWithoutSource,
        Rule::RegionTwice,
        Rule::ServiceNotInCatalogue,
        Rule::RoleNotTeams,
        Rule::FieldNotTeams,
        Rule::RequiredFieldMissing,
        Rule::CauseLoop,
        Rule::RootCauseStatusContradicts,
        Rule::CompletedNotDone,
        Rule::UpdateNotCommunication,
        Rule::ThirdPartyDetection,
        Rule::RepeatedKind,
        Rule::PublicNamesInternal,
    ];

    /// The code, severity and one-line summary of each rule.
    const fn row(self) -> (&'static str, Severity, &'static str) {
        use Severity::{Error, Warning};
        match self {
            Rule::NotRon => (
                "E001",
                Error,
                "the file is not valid RON for the record schema",
            ),
            Rule::NotUtf8 => ("E002", Error, "the file is not UTF-8 text"),
            Rule::MergeConflict => (
                "E003",
                Error,
                "the file holds unresolved git merge-conflict markers",
            ),
            Rule::EmptyFile => ("E004", Error, "the file is empty"),
            Rule::Unreadable => (
                "E005",
                Error,
                "the file cannot be read (missing, a folder, a FIFO or device, unreadable, too large)",
            ),
            Rule::UnknownSchema => (
                "E006",
                Error,
                "the schema version is not one this build reads",
            ),
            Rule::LeftoverTemporary => (
                "W007",
                Warning,
                "a temporary file left by a writer that was stopped is in the folder",
            ),
            Rule::IdNotFileName => ("E101", Error, "the id does not match the file name"),
            Rule::UnsafeId => (
                "E102",
                Error,
                "the id has characters other than ASCII letters, digits, '-', '_' and '.'",
            ),
            Rule::UnknownZone => ("E103", Error, "the home time zone is not an IANA zone name"),
            Rule::EmptyText => (
                "E104",
                Error,
                "a required text (title, event text, action text, name) is empty",
            ),
            Rule::WindowBackwards => (
                "E110",
                Error,
                "an impact window ends before it starts (its latest possible end is before its earliest possible start)",
            ),
            // Kept so the code keeps its meaning; schema 2 lets a window start at an unknown or
            // bounded time.
            Rule::WindowWithoutStart => (
                "E111",
                Error,
                "(retired in schema 2, never reported: a window may start at an unknown or bounded time and is counted as a bound or left out)",
            ),
            Rule::OpenOutsideWindowEnd => (
                "E112",
                Error,
                "`Open` is used outside the end of an impact window",
            ),
            // Kept so the code keeps its meaning; schema 2 lets an event be Unknown.
            Rule::EventWithoutTime => (
                "E113",
                Error,
                "(retired in schema 2, never reported: an event may be Unknown and is listed last)",
            ),
            Rule::MomentsOutOfOrder => (
                "E114",
                Error,
                "key moments are out of order (mitigated or resolved before started, resolved before mitigated)",
            ),
            Rule::EventBeforeStart => (
                "E115",
                Error,
                "an event comes before the incident started but is not marked as a precursor",
            ),
            Rule::OpenWindowAfterMerge => (
                "E116",
                Error,
                "after a merge, a resolved or closed incident has an impact window still open",
            ),
            Rule::DuplicateEventId => ("E120", Error, "two events share an id"),
            Rule::DuplicateActionId => ("E121", Error, "two action items share an id"),
            Rule::DuplicateSourceId => ("E122", Error, "two sources share an id"),
            Rule::DuplicateTargetName => (
                "E123",
                Error,
                "two services, or two customers, share a name",
            ),
            Rule::DuplicateIncidentId => ("E124", Error, "two records share an incident id"),
            Rule::AbsurdIdNumber => (
                "E125",
                Error,
                "an event id `eN` or action id `AN` has a number of more than 9 digits",
            ),
            Rule::UnknownSource => (
                "E130",
                Error,
                "a fact cites a source id that the record does not list",
            ),
            Rule::BadCitationGrade => (
                "E131",
                Error,
                "a citation's grade (after `#`) is not official, press, quoted, analysis or internal",
            ),
            Rule::OutcomeContradictsWindows => (
                "E132",
                Error,
                "a target stated as not affected, or affected at unknown times, has outage or degraded windows",
            ),
            Rule::ShareOutOfRange => (
                "E133",
                Error,
                "a window's share is not a percentage from 0 to 100",
            ),
            Rule::CountNotANumber => ("E134", Error, "a count is negative or not a finite number"),
            Rule::StatedFigureWithoutValue => (
                "E135",
                Error,
                "a stated figure lacks the value its kind needs (minutes for a duration, at for a moment) or gives the other",
            ),
            Rule::DuplicateRegionName => ("E136", Error, "two regions share a name"),
            Rule::ReferenceWithoutTarget => {
                ("E137", Error, "a reference has neither an id nor a URL")
            }
            Rule::UncitedSource => (
                "W131",
                Warning,
                "a listed source is never cited (sources kept as further reading are exempt)",
            ),
            Rule::DuplicateCauseId => ("E150", Error, "two causes share an id"),
            Rule::UnknownCause => (
                "E151",
                Error,
                "a cause's `led_to` or an action's `addresses` names a cause id the record does not have",
            ),
            Rule::UnknownEvidence => (
                "E152",
                Error,
                "a cause's `evidence` names an event id the record does not have",
            ),
            Rule::CompletedBeforeOpened => (
                "E153",
                Error,
                "an action item is completed before it was opened",
            ),
            Rule::HandOverBackwards => {
                ("E154", Error, "a role holder's `to` is before their `from`")
            }
            Rule::RoleWithoutTitle => ("E155", Error, "a role `Other` has no title"),
            Rule::LookAlikeIncidents => (
                "W125",
                Warning,
                "two records look like one incident (same kind, impact started within an hour, titles alike)",
            ),
            Rule::ActionWithoutOwner => ("W140", Warning, "an open action item has no owner"),
            Rule::StatusWithoutResolution => (
                "W150",
                Warning,
                "the status says resolved but there is no resolved moment, or the reverse",
            ),
            Rule::OpenWindowAfterResolution => (
                "W151",
                Warning,
                "an impact window is still open although the incident is resolved",
            ),
            Rule::PrecursorNotBeforeStart => (
                "W152",
                Warning,
                "an event marked as a precursor is not before the start",
            ),
            Rule::DayNotMidnight => (
                "W153",
                Warning,
                "a `Day` time is not at midnight of its offset",
            ),
            Rule::DetectedAfterDetectionEvent => (
                "W154",
                Warning,
                "the detected moment is later than the earliest detection event",
            ),
            Rule::WindowEndsAfterResolution => (
                "W155",
                Warning,
                "an outage or degraded window ends after the resolved moment",
            ),
            Rule::ImpactLongerThanIncident => (
                "W156",
                Warning,
                "the customer-impact duration is longer than the total duration",
            ),
            Rule::ClaimSameAsChosen => (
                "W170",
                Warning,
                "a claim gives the same time as the value chosen beside it",
            ),
            Rule::ClaimWithoutSource => ("W171", Warning, "a claim cites no source"),
            Rule::RegionTwice => (
                "W172",
                Warning,
                "the record gives both `region` and `regions`; keep one",
            ),
            Rule::CatalogueNameTwice => (
                "E180",
                Error,
                "configuration: two catalogue services share a name or an alias",
            ),
            Rule::ServiceNotInCatalogue => (
                "W181",
                Warning,
                "a service is not in the team's service catalogue",
            ),
            Rule::ConfigSchema => (
                "E182",
                Error,
                "configuration: an unsupported schema version or an unknown default time zone",
            ),
            Rule::SeverityNotInScale => (
                "E183",
                Error,
                "the severity is not a level of the scale in use (the team's, or the built-in Sev1–Sev4)",
            ),
            Rule::ConfigConventions => (
                "E184",
                Error,
                "configuration: a severity level, role or custom field is named twice or badly",
            ),
            Rule::FieldWrongType => (
                "E185",
                Error,
                "a custom field's value does not fit the type the configuration gives it",
            ),
            Rule::RoleNotTeams => ("W182", Warning, "a role is not one of the team's roles"),
            Rule::FieldNotTeams => (
                "W183",
                Warning,
                "a custom field is not one of the team's fields",
            ),
            Rule::RequiredFieldMissing => (
                "W184",
                Warning,
                "an incident that is over lacks a custom field the team requires",
            ),
            Rule::CauseLoop => ("W190", Warning, "causes lead to each other in a loop"),
            Rule::RootCauseStatusContradicts => (
                "W191",
                Warning,
                "the root-cause status contradicts the root causes listed",
            ),
            Rule::CompletedNotDone => (
                "W192",
                Warning,
                "an action item has a completion date but is not done",
            ),
            Rule::UpdateNotCommunication => (
                "W193",
                Warning,
                "a public update is on an event that is not of kind Communication",
            ),
            Rule::ThirdPartyDetection => (
                "W194",
                Warning,
                "the detected moment is only a third party's observation, and the moment does not say so",
            ),
            Rule::RepeatedKind => ("W195", Warning, "an event names one of its kinds twice"),
            Rule::PublicNamesInternal => (
                "W210",
                Warning,
                "public text names something marked internal",
            ),
        }
    }

    /// The stable code: `E…` for errors, `W…` for warnings.
    pub const fn code(self) -> &'static str {
        self.row().0
    }

    /// Whether breaking the rule fails `check`.
    pub const fn severity(self) -> Severity {
        self.row().1
    }

    /// The one-line summary printed by `check --rules`.
    pub const fn summary(self) -> &'static str {
        self.row().2
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_in_order_and_match_their_severity() {
        let codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "declared in code order, each code once");
        for r in Rule::ALL {
            let letter = if r.severity() == Severity::Error {
                'E'
            } else {
                'W'
            };
            assert!(r.code().starts_with(letter), "{r}");
        }
        assert_eq!(Rule::WindowBackwards.to_string(), "E110");
    }

    #[test]
    fn docs_list_every_rule() {
        let doc = include_str!("../../docs/check.md");
        for r in Rule::ALL {
            let row = format!(
                "| {} | {} | {} |",
                r.code(),
                r.severity().word(),
                r.summary()
            );
            assert!(doc.contains(&row), "docs/check.md lacks: {row}");
        }
        let rows = doc
            .lines()
            .filter(|l| l.starts_with("| E") || l.starts_with("| W"))
            .count();
        assert_eq!(rows, Rule::ALL.len(), "docs/check.md lists other rules");
    }
}
