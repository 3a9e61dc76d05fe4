//! `incident init`: set a git repository up for records — the incidents folder, the merge
//! driver, ignore rules and, if asked, a CI workflow — and the one-time hint writers give
//! when it has not been run.

use std::path::{Path, PathBuf};

use incident::files::git;
use incident::files::write::write_atomic;
use incident::model::config::CONFIG_FILE;

use super::{CommandError, Context, Outcome, current_dir, emit};

/// Set this git repository up for incident records: merge driver, ignore rules, CI.
///
/// Creates the incidents folder if missing, makes git merge records by meaning
/// (`.gitattributes` and the repository's git config), ignores the lock and temporary files
/// writers leave, and with `--ci github` writes a workflow that checks records and publishes
/// the site (`incident site`) to GitHub Pages. Running it
/// again changes nothing that is already in place.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  incident init\n  incident init --ci github\n\nThe merge driver lives in .git/config, which git does not share: each clone runs `incident init` once.\nSee docs/git.md."
)]
pub struct Args {
    /// Also write a CI workflow that runs `incident check`, `incident check --ready` (the
    /// review checklist of every closed incident) and `incident actions --overdue --fail` on
    /// every change, and on the default branch builds the site and publishes it to
    /// GitHub Pages.
    #[arg(long, value_enum, value_name = "SERVICE")]
    pub ci: Option<Ci>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Ci {
    Github,
}

/// The driver's name in git's config and `.gitattributes`.
const DRIVER: &str = "incident";

/// The ignore rules for what writers leave beside a record: the lock file and the
/// temporary file of an interrupted write.
const IGNORED: [&str; 2] = [".*.ron.lock", ".*.ron.*.tmp"];

const WORKFLOW: &str = "\
# Written by `incident init --ci github`. Checks every change to the incident records, and on
# the default branch builds the postmortem site (`incident site`) and publishes it to GitHub
# Pages. Turn Pages on once: Settings → Pages → Build and deployment → Source: GitHub Actions.
name: incident
on:
  push:
    paths: ['incidents/**', '.github/workflows/incident.yml']
  pull_request:
    paths: ['incidents/**']
  # Once a day, so that overdue action items and open windows on the site follow the clock.
  schedule:
    - cron: '17 5 * * *'
  workflow_dispatch:
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      # Install incident the way your team does; building it from crates.io is one way.
      - run: cargo install --locked incident
      - run: incident check
      # Every closed incident's postmortem must pass its review checklist.
      - run: incident check --ready
      - run: incident actions --overdue --fail
        if: github.event_name != 'schedule'
  site:
    needs: check
    if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    concurrency:
      group: pages
      cancel-in-progress: false
    steps:
      - uses: actions/checkout@v4
      - run: cargo install --locked incident
      - id: pages
        uses: actions/configure-pages@v5
      - run: incident site -o _site --title \"${{ github.event.repository.name }} incidents\" --base-url \"${{ steps.pages.outputs.base_url }}\"
      - uses: actions/upload-pages-artifact@v4
        with:
          path: _site
      - id: deployment
        uses: actions/deploy-pages@v4
";

/// The configuration `init` writes: valid as it is (every key optional), each key shown with
/// an example to uncomment. `tests/cli/config.rs` checks that it parses, commented and not.
pub const STARTER_CONFIG: &str = r#"// The team's conventions for `incident` (docs/config.md). Every key is optional: delete or
// comment out what you do not use. Check it with `incident config check`.
(
    schema: 1,
    defaults: (
        // The home time zone of new incidents (`incident new` without --tz).
        // timezone: "Europe/Berlin",
        // The organisation of new incidents.
        // organisation: "Example Ltd",
        // The authors of new incidents; "from git" is `git config user.name`.
        // authors: ["from git"],
        // The kinds `list` and `stats` show when no --kind is given.
        // kinds: [Real],
    ),
    // The team's services: writers store the name when given a name or an alias in any case;
    // `check` warns about services not listed here (W181) once the list is not empty.
    services: [
        // (
        //     name: "Checkout API",
        //     owner: "payments-team",
        //     tier: "1",
        //     aliases: ["checkout", "co-api"],
        // ),
    ],
    // The team's severity scale, worst first; without it the built-in Sev1 to Sev4 applies.
    // A name is written bare in records (`severity: P0`): a letter, then letters, digits or _.
    // `word` is shown beside the name in documents; `major` levels are counted by `stats`.
    severities: [
        // (name: "P0", word: "critical", meaning: "The product is down for everyone.", major: true),
        // (name: "P1", word: "high", meaning: "A core flow is down for many customers.", major: true),
        // (name: "P2", word: "medium", meaning: "A feature is degraded; a workaround exists."),
        // (name: "P3", word: "low", meaning: "Little customer impact."),
    ],
    // The team's incident roles: a name, and the built-in role it stands for if any
    // (IncidentCommander, CommunicationsLead, OperationsLead, Scribe); `check` warns (W182)
    // about roles not listed here once the list is not empty.
    roles: [
        // (name: "incident lead", role: IncidentCommander),
        // (name: "database lead"),
    ],
    // Extra fields recorded on each incident: Text, Number, OneOf, ListOf or Date; `required`
    // fields must be given once the incident is over (W184). Set with `incident set ID field`.
    fields: [
        // (name: "product", type: OneOf, values: ["payments", "search"], required: true),
        // (name: "customer_count", type: Number),
    ],
)
"#;

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let cwd = current_dir()?;
    let top = git::top_level(&cwd).map_err(|e| {
        CommandError::user(e.to_string()).hinted("run `git init` first, or run this inside a clone")
    })?;
    let mut did: Vec<String> = Vec::new();
    let mut to_commit: Vec<String> = Vec::new();

    let dir = match ctx.dir() {
        Ok(d) if d.starts_with(&top) || canonical(&d).starts_with(canonical(&top)) => d,
        _ => top.join("incidents"),
    };
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir)
            .map_err(|e| CommandError::io(&format!("cannot create {}", dir.display()), &e))?;
        did.push(format!("created {}/", relative(&top, &dir)));
    }
    let rel_dir = relative(&top, &dir);

    let attr = format!("{rel_dir}/*.ron merge={DRIVER}");
    // The team's configuration is RON too, but not a record: git merges it as text.
    let config_attr = format!("{rel_dir}/{CONFIG_FILE} merge=text");
    if add_lines(
        &top.join(".gitattributes"),
        &[attr.as_str(), config_attr.as_str()],
    )? {
        did.push(format!("added `{attr}` to .gitattributes"));
        to_commit.push(".gitattributes".to_string());
    }
    let config_file = dir.join(CONFIG_FILE);
    if std::fs::symlink_metadata(&config_file).is_err() {
        write_atomic(&config_file, STARTER_CONFIG.as_bytes())?;
        did.push(format!(
            "wrote {rel_dir}/{CONFIG_FILE}, the team's configuration: every key commented out (docs/config.md)"
        ));
        to_commit.push(format!("{rel_dir}/{CONFIG_FILE}"));
    }
    let ignores: Vec<String> = IGNORED.iter().map(|p| format!("{rel_dir}/{p}")).collect();
    let ignore_refs: Vec<&str> = ignores.iter().map(String::as_str).collect();
    if add_lines(&top.join(".gitignore"), &ignore_refs)? {
        did.push("added ignore rules for lock and temporary files to .gitignore".to_string());
        to_commit.push(".gitignore".to_string());
    }

    let command = format!("{} merge-file %O %A %B %P", driver_program());
    let git_err = |e: git::GitError| CommandError::user(e.to_string());
    for (key, value) in [
        (
            format!("merge.{DRIVER}.name"),
            "incident records, merged by meaning".to_string(),
        ),
        (format!("merge.{DRIVER}.driver"), command.clone()),
    ] {
        if git::config_get(&top, &key).map_err(git_err)?.as_deref() != Some(value.as_str()) {
            git::config_set(&top, &key, &value).map_err(git_err)?;
            did.push(format!(
                "set {key} = {value} in the repository's git config"
            ));
        }
    }

    if args.ci == Some(Ci::Github) {
        let file = top.join(".github/workflows/incident.yml");
        if !file.exists() {
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    CommandError::io(&format!("cannot create {}", parent.display()), &e)
                })?;
            }
            write_atomic(&file, WORKFLOW.as_bytes())?;
            did.push("wrote .github/workflows/incident.yml".to_string());
            to_commit.push(".github/workflows/incident.yml".to_string());
        }
    }

    let mut out = String::new();
    if did.is_empty() {
        out.push_str("nothing to do: this repository is set up for incident records\n");
    } else {
        for d in &did {
            out.push_str(&format!("{d}\n"));
        }
    }
    if !to_commit.is_empty() {
        out.push_str(&format!(
            "commit: git add {} && git commit -m \"Set up incident records\"\n",
            to_commit.join(" ")
        ));
    }
    out.push_str("each clone runs `incident init` once: git does not share .git/config\n");
    emit(&out)
}

/// `incident` when the `incident` found on PATH is this program, else this program's full
/// path, so the driver runs even when the binary is not on PATH.
fn driver_program() -> String {
    let me = std::env::current_exe().ok().map(|p| canonical(&p));
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("incident"))
            .find(|p| p.is_file())
    });
    match (me, on_path) {
        (Some(me), Some(found)) if canonical(&found) == me => "incident".to_string(),
        (Some(me), _) => shell_quoted(&me.display().to_string()),
        (None, _) => "incident".to_string(),
    }
}

fn shell_quoted(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// `path` relative to `top`, with `/`.
fn relative(top: &Path, path: &Path) -> String {
    let (top, path) = (canonical(top), canonical(path));
    path.strip_prefix(&top)
        .map(|r| {
            r.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_else(|_| path.display().to_string())
}

/// Appends the lines `file` lacks; true when it changed.
fn add_lines(file: &Path, lines: &[&str]) -> Result<bool, CommandError> {
    let old = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(CommandError::io(
                &format!("cannot read {}", file.display()),
                &e,
            ));
        }
    };
    let missing: Vec<&&str> = lines
        .iter()
        .filter(|l| !old.lines().any(|o| o.trim() == **l))
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut new = old.clone();
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    for l in missing {
        new.push_str(l);
        new.push('\n');
    }
    write_atomic(file, new.as_bytes())?;
    Ok(true)
}

/// The one-line hint a writer prints when the record is in a git repository whose config
/// has no `incident` merge driver — once per repository: the first time, a marker file
/// `incident-init-hint` is left in the git folder, and its presence silences the hint.
pub fn hint_once(record: &Path) -> Option<String> {
    let dir = canonical(record.parent()?);
    // Cheap test first: no `.git` above the record, no git to run.
    if !git::may_be_in_work_tree(&dir) {
        return None;
    }
    // `git config --local` finds the repository from any folder in it: one git process when
    // the driver is set up (the usual case).
    let key = format!("merge.{DRIVER}.driver");
    if git::config_get(&dir, &key).ok()?.is_some() {
        return None;
    }
    let marker = git::git_dir(&dir).ok()?.join("incident-init-hint");
    if marker.exists() {
        return None;
    }
    std::fs::write(&marker, "shown\n").ok()?;
    Some(
        "hint: git will merge this record line by line; run `incident init` once so it merges by meaning\n"
            .to_string(),
    )
}
