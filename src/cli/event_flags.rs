//! Flags that say more of an event than its text (`incident log`), and of an impact window
//! than its times (`incident impact add`): who observed it, its further kinds, a plan, a
//! public update; the share a window hit. Flattened into those commands' arguments so that
//! their own files change by a line.

use incident::model::change::EditError;
use incident::model::event_facts::{Observer, Plan, PublicUpdate, UpdateState};
use incident::model::fact_change::{self, EventFacts};
use incident::model::facts::{Share, ShareOf, ShareSide};
use incident::model::record::{EventKind, Incident, TargetKind};
use incident::model::time::{Instant, Zone};

use super::fact_write::{percent, time};
use super::word_arg::word;

/// What an event says beyond its text.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct EventFlags {
    /// A third party observed it: PARTY or PARTY:NAME (external-monitor:ProbeNet, customer:Acme,
    /// press, vendor, public).
    #[arg(long = "observed-by", value_name = "PARTY[:NAME]", value_parser = fact_change::observer)]
    pub observed_by: Option<Observer>,

    /// A further kind of the same event: a status update that also escalates (repeat for more).
    #[arg(long = "also-kind", value_name = "KIND", value_parser = word::<EventKind>())]
    pub also_kinds: Vec<EventKind>,

    /// It is a public update announcing this state (with --channel).
    #[arg(long = "update", value_name = "STATE", value_parser = word::<UpdateState>())]
    pub update: Option<UpdateState>,

    /// Where the public update was posted: "status page", Twitter.
    #[arg(long, value_name = "CHANNEL", requires = "update")]
    pub channel: Option<String>,

    /// It is a plan, not something that happened: --at is when it is planned for.
    #[arg(long)]
    pub planned: bool,

    /// When the plan was stated (with --planned).
    #[arg(long = "stated", value_name = "TIME", requires = "planned")]
    pub stated: Option<String>,
}

impl EventFlags {
    /// Gives the event at index `i` what the flags say.
    pub fn apply(
        &self,
        inc: &mut Incident,
        i: usize,
        tz: Option<&Zone>,
        now: Instant,
    ) -> Result<(), EditError> {
        let planned = if self.planned {
            let stated = self
                .stated
                .as_deref()
                .map(|t| time(inc, tz, "--stated", t, now))
                .transpose()?;
            Some(Plan { stated })
        } else {
            None
        };
        fact_change::set_event_facts(
            inc,
            i,
            EventFacts {
                observed_by: self.observed_by.clone(),
                other_kinds: self.also_kinds.clone(),
                update: self.update.map(|state| PublicUpdate {
                    state,
                    channel: self.channel.clone(),
                }),
                planned,
            },
        );
        Ok(())
    }
}

/// The share of a target an impact window hit.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ShareFlags {
    /// The percentage hit, as a source gives it: 40%.
    #[arg(long, value_name = "PERCENT", value_parser = percent)]
    pub share: Option<f64>,

    /// What the share is a share of (default: unstated).
    #[arg(long = "of", value_parser = word::<ShareOf>(), requires = "share")]
    pub of: Option<ShareOf>,

    /// The percentage is what still worked ("availability as low as 20%"), not what was hit.
    #[arg(long, requires = "share")]
    pub available: bool,

    /// The percentage is the worst point ("up to", "as low as"), not a level that held.
    #[arg(long, requires = "share")]
    pub worst: bool,
}

impl ShareFlags {
    /// Gives the target's newest window the share, when one was given.
    pub fn apply(&self, inc: &mut Incident, kind: TargetKind, name: &str) -> Result<(), EditError> {
        let Some(percent) = self.share else {
            return Ok(());
        };
        fact_change::set_share(
            inc,
            kind,
            name,
            Share {
                percent,
                of: self.of.unwrap_or(ShareOf::Unstated),
                side: if self.available {
                    ShareSide::Available
                } else {
                    ShareSide::Affected
                },
                worst: self.worst,
            },
        )
    }
}
