//! `incident site`: a static site of every incident — index, one page per incident, the
//! action-item ledger, statistics with charts, an Atom feed and the list as JSON.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use incident::derive::site::{self as site_model, SiteEntry};
use incident::files::store;
use incident::files::write::write_atomic;
use incident::model::time::Zone;
use incident::render::site as pages;

use super::list::{finish, split_broken};
use super::{CommandError, Context, Outcome, emit};

/// The file in the output folder that lists what the site wrote, so a rebuild removes only
/// its own files (pages of deleted incidents) and never anything else in the folder.
pub const MANIFEST: &str = ".incident-site";

/// Build a static website of every incident: index, pages, action items, statistics, feed.
///
/// Writes index.html (a table of every incident that sorts and filters in the browser, and
/// reads as a plain table without script), one page per incident under incidents/ (the HTML
/// postmortem), actions.html (the action-item ledger, overdue items marked), stats.html
/// (charts with their numbers in tables), feed.xml (Atom) and index.json. Links are relative,
/// so the site works from file:// and under any path. See docs/site.md.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  incident site -o public
  incident site -o public --title 'Acme incidents' --base-url https://acme.example/incidents
  SOURCE_DATE_EPOCH=1700000000 incident site -o public   # reproducible bytes

The same records and the same \"now\" give byte-identical files. A rebuild rewrites only the
files whose bytes change and removes the pages of deleted incidents; it touches no file it did
not write (they are listed in DIR/.incident-site). Overdue action items and open impact windows
are counted to now (SOURCE_DATE_EPOCH fixes it).
Exit status: 0; 1 when a record could not be read (it is reported and left out); 2 on a usage
error.")]
pub struct Args {
    /// The folder to write the site into (created if missing).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,

    /// The site's title, shown on every page and in the feed.
    #[arg(long, value_name = "TEXT", default_value = "Incidents")]
    pub title: String,

    /// Where the site will be published (`https://…`): used for absolute links and ids in
    /// feed.xml only; pages always link relatively.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// What a build did, for the closing line.
#[derive(Default)]
struct Tally {
    written: usize,
    unchanged: usize,
}

/// Writes `bytes` to `path` unless the file already holds exactly them. True when written.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, CommandError> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    write_atomic(path, bytes)
        .map_err(|e| CommandError::from(e).prefixed(&format!("cannot write {}", path.display())))?;
    Ok(true)
}

/// The files a previous build wrote, from its manifest; `None` when there is none.
fn read_manifest(out: &Path) -> Result<Option<BTreeSet<String>>, CommandError> {
    match fs::read_to_string(out.join(MANIFEST)) {
        Ok(text) => Ok(Some(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CommandError::io(
            &format!("cannot read {}", out.join(MANIFEST).display()),
            &e,
        )),
    }
}

/// A manifest entry the site may remove: a page it names, inside the folder.
fn removable(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
        && (name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".json"))
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    if let Some(url) = &args.base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(CommandError::usage(format!(
            "--base-url `{}` is not an http(s) URL",
            incident::model::text::visible(url)
        ))
        .hinted("give the address the site is published at, like https://example.org/incidents"));
    }
    let dir = ctx.dir()?;
    let out = args.output.clone();
    let previous = read_manifest(&out)?;
    if previous.is_none() && fs::read_dir(&out).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(CommandError::user(format!(
            "{} is not empty and holds no site (no {MANIFEST} file)",
            out.display()
        ))
        .hinted("give an empty or new folder; the site removes files it wrote earlier, so it will not write into a folder it did not make"));
    }
    let pages_dir = out.join("incidents");
    fs::create_dir_all(&pages_dir)
        .map_err(|e| CommandError::io(&format!("cannot create {}", pages_dir.display()), &e))?;

    let now = ctx.now;
    let day = super::actions::today(ctx);
    let title = args.title.clone();
    // Each page is rendered and written on the loading threads, so no record or page is kept.
    let results = store::scan(&dir, |l| {
        let inc = &l.incident;
        let zone = incident::model::time::parse_iana(&inc.timezone).map_or(Zone::Utc, Zone::Named);
        let as_of = incident::derive::moments::as_of(inc, None, now);
        let summary = incident::derive::summary::build(inc, &zone, as_of);
        let html = pages::incident_page(&incident::render::summary_html::render(&summary), &title);
        let entry = site_model::entry_of(inc, now, day);
        let written = write_if_changed(&out.join(&entry.row.page), html.as_bytes());
        (entry, written)
    })?;
    let (results, broken) = split_broken(results);
    let mut tally = Tally::default();
    let mut entries: Vec<SiteEntry> = Vec::with_capacity(results.len());
    for (entry, written) in results {
        if written? {
            tally.written += 1;
        } else {
            tally.unchanged += 1;
        }
        entries.push(entry);
    }
    let mut files: BTreeSet<String> = entries.iter().map(|e| e.row.page.clone()).collect();
    let site = site_model::build(&args.title, entries, day);
    let json = pages::index_json(&site)
        .map_err(|e| CommandError::internal(format!("cannot write JSON: {e}")))?;
    let shared = [
        ("index.html", pages::index(&site)),
        ("actions.html", pages::actions(&site)),
        ("stats.html", pages::stats(&site)),
        ("feed.xml", pages::feed(&site, args.base_url.as_deref())),
        ("index.json", json),
    ];
    for (name, text) in &shared {
        if write_if_changed(&out.join(name), text.as_bytes())? {
            tally.written += 1;
        } else {
            tally.unchanged += 1;
        }
        files.insert((*name).to_string());
    }
    // Pages of incidents that are gone: only files an earlier build listed, never others.
    let mut removed = 0;
    for old in previous.iter().flatten() {
        if files.contains(old) || !removable(old) {
            continue;
        }
        match fs::remove_file(out.join(old)) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(CommandError::io(
                    &format!("cannot remove {}", out.join(old).display()),
                    &e,
                ));
            }
        }
    }
    let mut manifest = String::from(
        "# Files written by `incident site`; a rebuild removes those it no longer writes.\n",
    );
    for f in &files {
        manifest.push_str(f);
        manifest.push('\n');
    }
    write_if_changed(&out.join(MANIFEST), manifest.as_bytes())?;
    emit(&format!(
        "{}: {} files written, {} unchanged, {} removed ({} incidents)\n",
        out.display(),
        tally.written,
        tally.unchanged,
        removed,
        site.rows.len()
    ))?;
    finish(broken)
}
