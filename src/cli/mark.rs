//! `incident mark`: marks an event, action item, source, customer or count internal (left out
//! of public documents) or public again.

use incident::derive::validate::validate;
use incident::model::audience::mark;

use super::write_args::{announce, report};
use super::{CommandError, Context, Outcome};

/// Mark an item internal (left out of `--audience public` documents) or public again.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  incident mark payments e7 --internal              # an event, by id
  incident mark payments A3 --internal              # an action item, by id
  incident mark payments slack-export --internal    # a source, by id
  incident mark payments \"Acme Bank\" --internal     # a customer, by name
  incident mark payments \"count:requests failed\" --internal
  incident mark payments e7 --public

ITEM is an event id, action id, source id, customer name or what a count counts, matched
exactly, else ignoring case. A name two kinds share takes its kind before it: `event:`,
`action:`, `source:`, `customer:`, `count:`. `incident summary --audience public` and
`incident site --audience public` leave internal items out; `incident check` warns (W210) when
public text still names one. See docs/schema.md, \"Audience\".")]
#[command(group(clap::ArgGroup::new("mark").required(true).multiple(false)))]
pub struct Args {
    /// The incident: its id, any unique part of its id, or a path to its file.
    #[arg(add = clap_complete::ArgValueCandidates::new(super::complete::incident_ids))]
    pub incident: String,

    /// The item: an event id, action id, source id, customer name or what a count counts,
    /// optionally after its kind (`source:slack`).
    pub item: String,

    /// Keep the item out of public documents.
    #[arg(long, group = "mark")]
    pub internal: bool,

    /// Show the item in public documents again.
    #[arg(long, group = "mark")]
    pub public: bool,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let path = ctx.resolve(&args.incident)?;
    let internal = args.internal;
    let done =
        incident::files::write::update(&path, &validate, |inc| mark(inc, &args.item, internal))
            .map_err(CommandError::from)?;
    let m = &done.value;
    let word = if internal { "internal" } else { "public" };
    // An item that already was so leaves the file unchanged, and `report` says so.
    let headline = format!(
        "marked {} `{}` of {} {word}",
        m.kind.label(),
        m.name,
        done.incident.id
    );
    announce(
        ctx,
        &report(&headline, &[], &path, &done),
        done.caveat.as_deref(),
    )
}
