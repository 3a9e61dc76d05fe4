//! `incident site`: a static site of every incident — index, one page per incident, the
//! action-item ledger, statistics with charts, an Atom feed and the list as JSON.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use incident::derive::site::{self as site_model, SiteEntry};
use incident::files::store;
use incident::files::write::write_generated;
use incident::model::audience::Audience;
use incident::model::time::Zone;
use incident::render::site as pages;

use super::list::{finish, split_broken};
use super::{CommandError, Context, Outcome, emit};

/// The file in the output folder that lists what the site wrote, so a rebuild removes only
/// its own files (pages of deleted incidents) and never anything else in the folder. Beside
/// each incident page, after a tab, it keeps the page's fingerprint
/// ([`site_model::page_fingerprint`]), so a rebuild does not render a page whose inputs are
/// unchanged.
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
  incident site -o public --audience public --hide-customers
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

    /// Who the site is for: `public` leaves out every event, customer, action item, source
    /// and count marked internal, and every mention of them, on every page. See docs/site.md.
    #[arg(long, value_parser = super::word_arg::word::<Audience>(), default_value = Audience::Internal.cli())]
    pub audience: Audience,

    /// Name customers `Customer A`, `Customer B`, … (in record order) instead of by name.
    #[arg(long)]
    pub hide_customers: bool,
}

/// The file in the output folder that keeps, for each record, what the shared pages need of
/// it ([`SiteEntry`]) and its page's fingerprint, so that a rebuild neither parses nor renders
/// a record that has not changed. One JSON object a line; a cache: when it is missing or
/// unreadable, every record is read again.
pub const ENTRY_CACHE: &str = ".incident-site-entries";

/// One line of [`ENTRY_CACHE`].
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct CachedEntry {
    /// The record's file name in the incidents folder.
    file: String,
    /// [`entry_key`] of the record when the entry was made.
    key: String,
    /// "Now" when the entry was made, for an entry that changes with it
    /// ([`site_model::depends_on_now`]); `None` for one that does not.
    now: Option<String>,
    /// The page's fingerprint ([`site_model::page_fingerprint`]).
    fingerprint: String,
    entry: SiteEntry,
}

/// What a cached entry was made from: the record's bytes, the build and the day.
fn entry_key(record: &[u8], stamp: &str, day: chrono::NaiveDate) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [record, stamp.as_bytes(), day.to_string().as_bytes()] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The entries of the last build, by record file name; empty when there are none.
fn read_entry_cache(out: &Path) -> std::collections::HashMap<String, CachedEntry> {
    fs::read_to_string(out.join(ENTRY_CACHE))
        .map(|text| {
            text.lines()
                .filter_map(|l| serde_json::from_str::<CachedEntry>(l).ok())
                .map(|c| (c.file.clone(), c))
                .collect()
        })
        .unwrap_or_default()
}

/// What a build did, for the closing line.
#[derive(Default)]
struct Tally {
    written: usize,
    unchanged: usize,
    /// Incident pages not rendered at all: their fingerprint matched the manifest's.
    not_rendered: usize,
}

/// What one record's page came to on the loading threads.
enum PageOutcome {
    Written,
    Unchanged,
    /// Same fingerprint as the last build, and the page is still there: not rendered.
    Skipped,
}

/// What the manifest of a build lists: each file it wrote, with the page's fingerprint for
/// incident pages.
type Manifest = BTreeMap<String, Option<String>>;

/// The build's part of every page fingerprint: the tool's version, the executable's size and
/// time (so that any other build of the tool renders everything again) and the site's title,
/// the one option an incident page shows.
fn build_stamp(title: &str) -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let time = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {time}", m.len())
        })
        .unwrap_or_default();
    format!(
        "incident {} ({exe})\ntitle {title}",
        env!("CARGO_PKG_VERSION")
    )
}

/// Writes `bytes` to `path` unless the file already holds exactly them. True when written.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, CommandError> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    write_generated(path, bytes)
        .map_err(|e| CommandError::from(e).prefixed(&format!("cannot write {}", path.display())))?;
    Ok(true)
}

/// The files a previous build wrote, from its manifest; `None` when there is none.
fn read_manifest(out: &Path) -> Result<Option<Manifest>, CommandError> {
    match fs::read_to_string(out.join(MANIFEST)) {
        Ok(text) => Ok(Some(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(|l| match l.split_once('\t') {
                    Some((name, fp)) => (name.to_string(), Some(fp.to_string())),
                    None => (l.to_string(), None),
                })
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
    // A team's own layout of the postmortem document, kept beside the records, lays out the
    // incident pages too; its text is an input of every page.
    let team = super::summary::team_template(&dir, super::summary::SummaryFormat::Html)?;
    let config = super::conventions::config(ctx)?;
    let mut stamp = build_stamp(&title);
    // The team's scale, roles and fields show on the pages: a change to them rebuilds each.
    if !(config.severities.is_empty() && config.roles.is_empty() && config.fields.is_empty()) {
        stamp.push_str(&format!(
            "\nconventions {:?} {:?} {:?}",
            config.severities, config.roles, config.fields
        ));
    }
    // Pages for another audience are other pages: a change of audience renders them all.
    if args.audience != Audience::Internal || args.hide_customers {
        stamp.push_str(&format!(
            "\naudience {}{}",
            args.audience.token(),
            if args.hide_customers {
                ", customers hidden"
            } else {
                ""
            }
        ));
    }
    if let Some(t) = &team {
        stamp.push_str(&format!("\ntemplate {}\n{}", t.path.display(), t.text));
    }
    let empty = Manifest::new();
    let before = previous.as_ref().unwrap_or(&empty);
    // Each page is rendered and written on the loading threads, so no record or page is kept;
    // a page whose fingerprint is the one the last build wrote is not rendered at all.
    let cache = read_entry_cache(&out);
    let now_text = now.rfc3339();
    let results = store::scan_paths(&dir, |path| {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A record whose bytes, day and (when it matters) "now" are those of the last build
        // is neither parsed nor rendered: its entry and page fingerprint come from the cache.
        if let Some(c) = cache.get(&file)
            && let Ok(bytes) = fs::read(path)
            && c.key == entry_key(&bytes, &stamp, day)
            && c.now.as_ref().is_none_or(|n| *n == now_text)
            && before.get(&c.entry.row.page) == Some(&Some(c.fingerprint.clone()))
            && out.join(&c.entry.row.page).is_file()
        {
            return Ok((c.clone(), Ok(PageOutcome::Skipped)));
        }
        let l = incident::files::load::load_file(path)?;
        let view = incident::derive::audience::for_audience(
            &l.incident,
            args.audience,
            args.hide_customers,
        );
        let inc = &*view;
        let as_of = incident::derive::moments::as_of(inc, None, now);
        let fingerprint = site_model::page_fingerprint(l.text.as_bytes(), &as_of, &stamp);
        let entry = site_model::entry_of(inc, now, day);
        let page = out.join(&entry.row.page);
        let outcome =
            if before.get(&entry.row.page) == Some(&Some(fingerprint.clone())) && page.is_file() {
                Ok(PageOutcome::Skipped)
            } else {
                let zone =
                    incident::model::time::parse_iana(&inc.timezone).map_or(Zone::Utc, Zone::Named);
                let summary = incident::derive::summary::build_with(inc, &zone, as_of, &config);
                let document = match &team {
                    Some(t) => super::summary::with_template(t, &summary),
                    None => Ok(incident::render::summary_html::render(&summary)),
                };
                document.and_then(|doc| {
                    let html = pages::incident_page(&doc, &title);
                    write_if_changed(&page, html.as_bytes()).map(|written| {
                        if written {
                            PageOutcome::Written
                        } else {
                            PageOutcome::Unchanged
                        }
                    })
                })
            };
        let cached = CachedEntry {
            file,
            key: entry_key(l.text.as_bytes(), &stamp, day),
            now: site_model::depends_on_now(inc).then(|| now_text.clone()),
            fingerprint,
            entry,
        };
        Ok((cached, outcome))
    })?;
    let (results, broken) = split_broken(results);
    let mut tally = Tally::default();
    let mut entries: Vec<SiteEntry> = Vec::with_capacity(results.len());
    let mut files = Manifest::new();
    let mut cache_text = String::new();
    for (cached, outcome) in results {
        match outcome? {
            PageOutcome::Written => tally.written += 1,
            PageOutcome::Unchanged => tally.unchanged += 1,
            PageOutcome::Skipped => {
                tally.unchanged += 1;
                tally.not_rendered += 1;
            }
        }
        if let Ok(line) = serde_json::to_string(&cached) {
            cache_text.push_str(&line);
            cache_text.push('\n');
        }
        files.insert(cached.entry.row.page.clone(), Some(cached.fingerprint));
        entries.push(cached.entry);
    }
    write_if_changed(&out.join(ENTRY_CACHE), cache_text.as_bytes())?;
    let site = site_model::build(&args.title, entries, day, &config.scale());
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
        // A team's own layout of a shared page (`templates/index.html.j2`, …), filled from
        // the site's model, replaces the built-in one.
        let own = incident::files::templates::team_template(&dir, &format!("{name}.j2"))
            .map_err(|e| CommandError::io(&format!("cannot read the template of {name}"), &e))?;
        let text = match &own {
            Some(t) => incident::render::template::render(t, &site).map_err(|e| {
                CommandError::user(e.to_string())
                    .hinted("docs/templates.md lists every variable of the site's pages")
            })?,
            None => text.clone(),
        };
        if write_if_changed(&out.join(name), text.as_bytes())? {
            tally.written += 1;
        } else {
            tally.unchanged += 1;
        }
        files.insert((*name).to_string(), None);
    }
    // Pages of incidents that are gone: only files an earlier build listed, never others.
    let mut removed = 0;
    for old in previous.iter().flat_map(|m| m.keys()) {
        if files.contains_key(old) || !removable(old) {
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
    for (f, fingerprint) in &files {
        manifest.push_str(f);
        if let Some(fp) = fingerprint {
            manifest.push('\t');
            manifest.push_str(fp);
        }
        manifest.push('\n');
    }
    write_if_changed(&out.join(MANIFEST), manifest.as_bytes())?;
    emit(&format!(
        "{}: {} files written, {} unchanged ({} pages not rendered again), {} removed ({} incidents)\n",
        out.display(),
        tally.written,
        tally.unchanged,
        tally.not_rendered,
        removed,
        site.rows.len()
    ))?;
    finish(broken)
}
