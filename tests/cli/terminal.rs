//! The terminal: the pager rule, checked under a pseudo-terminal (`script` from util-linux)
//! with a fake pager that writes what it receives to a file.

use std::path::Path;
use std::process::Command;

use crate::common::{self, ROOT};

/// A shell word in single quotes.
fn quoted(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Runs `incident ARGS` with standard output on a pseudo-terminal of `rows` × 100, in the
/// environment of [`common::incident`] plus `env`; returns what the terminal showed.
fn in_terminal(args: &[&str], rows: u16, env: &[(&str, &str)]) -> String {
    let mut line = format!(
        "stty rows {rows} cols 100; exec {}",
        quoted(env!("CARGO_BIN_EXE_incident"))
    );
    for a in args {
        line.push(' ');
        line.push_str(&quoted(a));
    }
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &line, "/dev/null"])
        .current_dir(ROOT)
        .env_remove("INCIDENT_DIR")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("PAGER")
        .env_remove("INCIDENT_PAGER")
        .env("LC_ALL", "C.UTF-8")
        .env("NO_COLOR", "1")
        .env("TZ", "UTC");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("script (util-linux) runs");
    assert!(out.status.success(), "{cmd:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

/// A fake pager that copies its input to `file`.
fn fake_pager(file: &Path) -> String {
    format!("cat > {}", quoted(&file.display().to_string()))
}

#[test]
fn output_taller_than_the_terminal_goes_through_incident_pager() {
    let tmp = tempfile::tempdir().unwrap();
    let paged = tmp.path().join("paged.txt");
    let pager = fake_pager(&paged);
    let shown = in_terminal(
        &["timeline", common::HK_ID],
        20,
        &[("INCIDENT_PAGER", &pager), ("PAGER", "false")],
    );
    let received = std::fs::read_to_string(&paged).expect("the pager was run");
    assert!(received.lines().count() > 20, "{received}");
    assert!(
        received.starts_with("Times in Asia/Hong_Kong (UTC+08:00)."),
        "{received}"
    );
    // Everything went to the pager, nothing around it.
    assert_eq!(shown.trim(), "");
    // The pager got the table fitted to the terminal's 100 columns.
    let widest = received.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 100, "{widest}");
}

#[test]
fn pager_is_pager_when_incident_pager_is_unset() {
    let tmp = tempfile::tempdir().unwrap();
    let paged = tmp.path().join("paged.txt");
    in_terminal(
        &["timeline", common::HK_ID],
        20,
        &[("PAGER", &fake_pager(&paged))],
    );
    assert!(std::fs::read_to_string(&paged).unwrap().contains("Zone C"));
}

#[test]
fn short_output_no_pager_and_pipes_skip_the_pager() {
    let tmp = tempfile::tempdir().unwrap();
    let paged = tmp.path().join("paged.txt");
    let pager = fake_pager(&paged);
    let env = [("INCIDENT_PAGER", pager.as_str())];
    // Fits the screen: printed directly.
    let shown = in_terminal(&["list"], 50, &env);
    assert!(shown.contains("1 incident(s)"), "{shown}");
    assert!(!paged.exists());
    // Taller, but --no-pager.
    let shown = in_terminal(&["--no-pager", "timeline", common::HK_ID], 20, &env);
    assert!(shown.lines().count() > 20);
    assert!(!paged.exists());
    // Taller, but standard output is a pipe.
    let piped = common::stdout_ok(
        common::incident()
            .args(["timeline", common::HK_ID])
            .env("INCIDENT_PAGER", &pager),
    );
    assert!(piped.lines().count() > 20);
    assert!(!paged.exists());
}

/// Markdown syntax a reader should never see: backslash escapes, emphasis, links, table rules.
fn markdown_marks(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let escaped = line
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b'\\' && w[1].is_ascii_punctuation());
        if escaped
            || line.contains("**")
            || line.contains("](")
            || line.starts_with('#')
            || line.starts_with("| ---")
        {
            found.push(format!("line {}: {line}", n + 1));
        }
    }
    found
}

#[test]
fn summary_for_reading_has_no_markdown() {
    let text = common::stdout_of(&[
        "summary",
        common::HK_ID,
        "--format",
        "text",
        "--width",
        "100",
    ]);
    assert_eq!(markdown_marks(&text), Vec::<String>::new());
    // The escape the issue names is gone; the Markdown document still has it.
    assert!(
        text.contains("Times in:      Asia/Hong_Kong (UTC+08:00)"),
        "{text}"
    );
    let md = common::stdout_of(&["summary", common::HK_ID, "--format", "markdown"]);
    assert!(md.contains(r"Asia/Hong\_Kong"));
    assert!(!markdown_marks(&md).is_empty());
    // Headings are underlined, the impact chart is drawn, every line fits the width.
    assert!(text.contains("Root causes\n───────────\n"));
    assert!(text.contains("Impact chart. Times in Asia/Hong_Kong (UTC+08:00)."));
    // Only a word too long for any line (a URL) may stick out.
    for line in text.lines() {
        let width = incident::model::text::width(line);
        assert!(
            width <= 100 || line.split_whitespace().count() == 1,
            "{width} columns: {line}"
        );
    }
    // `terminal` is another name for the same form.
    let same = common::stdout_of(&[
        "summary",
        common::HK_ID,
        "--format",
        "terminal",
        "--width",
        "100",
    ]);
    assert_eq!(same, text);
}

#[test]
fn summary_is_for_reading_on_a_terminal_and_markdown_when_piped() {
    let piped = common::stdout_of(&["summary", common::HK_ID]);
    let markdown = common::stdout_of(&["summary", common::HK_ID, "--format", "markdown"]);
    assert_eq!(piped, markdown);
    assert!(piped.starts_with("# Alibaba Cloud Hong Kong Region Zone C outage"));

    let tmp = tempfile::tempdir().unwrap();
    let paged = tmp.path().join("paged.txt");
    in_terminal(
        &["summary", common::HK_ID],
        40,
        &[("INCIDENT_PAGER", &fake_pager(&paged))],
    );
    let read = std::fs::read_to_string(&paged).expect("the summary was paged");
    let for_reading = common::stdout_of(&[
        "summary",
        common::HK_ID,
        "--format",
        "text",
        "--width",
        "100",
    ]);
    assert_eq!(read, for_reading);
    // --format markdown on a terminal is Markdown.
    in_terminal(
        &["summary", common::HK_ID, "--format", "markdown"],
        40,
        &[("INCIDENT_PAGER", &fake_pager(&paged))],
    );
    assert_eq!(std::fs::read_to_string(&paged).unwrap(), markdown);
}

#[test]
fn stats_by_month_is_one_table_with_the_same_rows_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("incidents");
    std::fs::create_dir(&dir).unwrap();
    crate::across::gen_corpus::write_corpus(&dir, 150, 11).unwrap();
    let args = ["stats", "--by", "month", "--at", "2025-06-01"];
    let json = common::json_in(&dir, &[&args[..], &["--format", "json"]].concat());
    let groups = json["groups"].as_array().unwrap();
    let months: Vec<&str> = groups[1..]
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert!(months.len() > 10, "{months:?}");

    let table = common::stdout_in(&dir, &[&args[..], &["--width", "200"]].concat());
    let headers = table.lines().filter(|l| l.starts_with("│ Month ")).count();
    assert_eq!(headers, 1, "{table}");
    // The overall table and the table of months: two tables in all.
    assert_eq!(table.lines().filter(|l| l.starts_with('╞')).count(), 2);
    let rows: Vec<&str> = table
        .lines()
        .filter_map(|l| l.strip_prefix("│ "))
        .filter_map(|l| l.split(' ').next())
        .filter(|m| months.contains(m))
        .collect();
    assert_eq!(rows, months);
    // Each row has a bar, the longest for the month with the most incidents.
    let most = groups[1..]
        .iter()
        .max_by_key(|g| g["incidents"].as_u64())
        .unwrap();
    let busiest = most["group"].as_str().unwrap();
    let line = table
        .lines()
        .find(|l| l.starts_with(&format!("│ {busiest} ")))
        .unwrap();
    assert!(line.contains("██████████ │"), "{line}");

    let md = common::stdout_in(&dir, &[&args[..], &["--format", "markdown"]].concat());
    assert_eq!(md.lines().filter(|l| l.starts_with("| Month |")).count(), 1);
    let md_rows: Vec<&str> = md
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(' ').next())
        .filter(|m| months.contains(m))
        .collect();
    assert_eq!(md_rows, months);
    // Every group has its service-hours in the JSON.
    for g in groups {
        let keys: Vec<&str> = g["figures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["key"].as_str().unwrap())
            .collect();
        assert!(keys.contains(&"service_hours"), "{keys:?}");
    }
}

/// What the shell gets from `COMPLETE=fish incident -- incident WORDS…`: one candidate a line,
/// its help after a tab.
fn completions(words: &[&str]) -> Vec<String> {
    let out = common::stdout_ok(
        common::incident()
            .env("COMPLETE", "fish")
            .args(["--", "incident"])
            .args(words),
    );
    out.lines().map(str::to_string).collect()
}

#[test]
fn completion_offers_ids_and_names_from_the_incidents_folder() {
    assert_eq!(completions(&["show", "2022-12"]), [common::HK_ID]);
    assert_eq!(completions(&["summary", "2022-12"]), [common::HK_ID]);
    let actions = completions(&["action", "done", "hk-zone-c", "A"]);
    let ids: Vec<&str> = actions
        .iter()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(ids, ["A1", "A2", "A3"]);
    assert!(actions[2].ends_with("\tPublish incident information faster and more transparently."));
    let names = completions(&["impact", "end", common::HK_ID, "Maca"]);
    assert_eq!(
        names,
        [
            "Macau Cement Manufacturing Co. Ltd.\tcustomer",
            "Macao Daily\tcustomer"
        ]
    );
    assert_eq!(completions(&["list", "--customer", "OK"]), ["OKX"]);
    // Another folder, given with --dir.
    let sandbox = common::Sandbox::new();
    assert_eq!(
        completions(&[
            "--dir",
            &sandbox.dir().display().to_string(),
            "show",
            "2022"
        ]),
        Vec::<String>::new()
    );
    // The registration script a shell sources.
    let script = common::stdout_ok(common::incident().env("COMPLETE", "bash"));
    assert!(script.contains("_clap_complete_incident"), "{script}");
}

#[test]
fn completion_offers_event_and_source_ids_after_the_incident() {
    let events = completions(&["timeline", "hk-zone-c", "--event", "first"]);
    assert_eq!(
        events,
        [
            "first-alarm\tMonitoring raised a temperature-control alarm for the aisle…",
            "first-chiller-back\tThe supplier's engineers changed the configuration by hand…",
        ]
    );
    // Every event, in time order: the first alarm comes first.
    let all = completions(&["timeline", common::HK_ID, "--event", ""]);
    assert_eq!(all.len(), common::hk_record().events.len());
    assert!(all[0].starts_with("first-alarm\t"), "{all:?}");
    // Without an incident before it there is nothing to complete from.
    assert_eq!(
        completions(&["timeline", "--event", "first"]),
        Vec::<String>::new()
    );
    let sources = completions(&["log", "hk-zone-c", "--source", "scmp"]);
    let ids: Vec<&str> = sources
        .iter()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(ids, ["scmp-3203983", "scmp-3204593"]);
}

#[test]
fn a_mistyped_event_id_gets_a_suggestion_and_an_event_id_selects_its_event() {
    let r =
        common::run(common::incident().args(["timeline", "hk-zone-c", "--event", "first-alrm"]));
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "error: 2022-12-18-hk-zone-c has no event `first-alrm`\nhint: did you mean `first-alarm`?\n"
    );
    let out = common::stdout_of(&[
        "timeline",
        "hk-zone-c",
        "--event",
        "sprinkler",
        "--event",
        "first-alarm",
        "--format",
        "csv",
    ]);
    let ids: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["first-alarm", "sprinkler"], "{out}");
}

/// The bash install line of docs/completion.md, run in a real bash: sourcing the script
/// registers a completion function, which completes an event id when called as bash would.
#[test]
fn the_documented_bash_install_completes_event_ids() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/completion.md"))
        .unwrap();
    let line = "echo 'source <(COMPLETE=bash incident)' >> ~/.bashrc";
    assert!(doc.contains(line), "docs/completion.md lost its bash step");
    assert!(doc.contains("echo 'source <(COMPLETE=zsh incident)' >> ~/.zshrc"));
    assert!(doc.contains("echo 'COMPLETE=fish incident | source' >> ~/.config/fish/config.fish"));
    let Ok(bash) = which_bash() else {
        eprintln!("SKIPPED: bash completion check — no bash on PATH");
        return;
    };
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_incident"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = "source <(COMPLETE=bash incident)\n\
        complete -p incident\n\
        COMP_WORDS=(incident timeline hk-zone-c --event first-a)\n\
        COMP_CWORD=4\n\
        COMP_LINE='incident timeline hk-zone-c --event first-a'\n\
        COMP_POINT=${#COMP_LINE}\n\
        _clap_complete_incident incident first-a --event\n\
        printf 'reply %s\\n' \"${COMPREPLY[@]}\"\n";
    let out = std::process::Command::new(bash)
        .current_dir(common::ROOT)
        .env("PATH", path)
        .env_remove("INCIDENT_DIR")
        .args(["--norc", "--noprofile", "-c", script])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("-F _clap_complete_incident incident"), "{out}");
    assert!(out.contains("reply first-alarm\n"), "{out}");
    assert!(!out.contains("reply first-chiller-back"), "{out}");
}

fn which_bash() -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join("bash"))
                .find(|p| p.is_file())
        })
        .ok_or(())
}

#[test]
fn an_exact_id_selects_that_incident_alone() {
    let sb = common::Sandbox::new();
    for n in ["1", "10", "11"] {
        let id = format!("2024-01-01-db-{n}");
        sb.add_record(&common::HK_TEXT.replace(common::HK_ID, &id));
    }
    let incidents_of = |want: &str| -> Vec<String> {
        let out = sb.stdout_of(&["actions", "--incident", want, "--format", "json"]);
        let v = common::parse_json(&out);
        let mut ids: Vec<String> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["incident"].as_str().unwrap().to_string())
            .collect();
        ids.dedup();
        ids
    };
    assert_eq!(incidents_of("2024-01-01-db-1"), ["2024-01-01-db-1"]);
    // A part of ids still selects every incident that contains it.
    assert_eq!(
        incidents_of("db-1"),
        ["2024-01-01-db-1", "2024-01-01-db-10", "2024-01-01-db-11"]
    );
}

#[test]
fn a_mistyped_action_or_name_gets_did_you_mean() {
    let sb = common::Sandbox::with_record(common::HK_TEXT);
    let r = sb.run(&["action", "done", common::HK_ID, "A9"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "error: no action item `A9` in this incident; nothing was changed\n\
         hint: did you mean `A1`, `A2` or `A3`?\n\
         hint: the incident's action items: A1, A2, A3\n"
    );
    let r = sb.run(&["impact", "end", common::HK_ID, "OKY"]);
    assert!(
        r.stderr.contains("\nhint: did you mean `OKX`?\n"),
        "{}",
        r.stderr
    );
    // A mistyped incident id.
    let r = sb.run(&["show", "2022-12-18-hk-zone-d"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .contains(&format!("hint: did you mean {}?", common::HK_ID)),
        "{}",
        r.stderr
    );
    // The record is unchanged by the refused edits.
    assert_eq!(sb.read(common::HK_ID), common::HK_TEXT);
}

#[test]
fn new_ids_are_cut_between_words_numbered_on_repeats_or_chosen() {
    let sb = common::Sandbox::new();
    let new = |extra: &[&str]| {
        let mut args = vec!["new", "--severity", "sev2", "--tz", "UTC"];
        args.extend_from_slice(extra);
        let mut cmd = sb.cmd(&args);
        cmd.env(
            "SOURCE_DATE_EPOCH",
            crate::common::epoch("2024-03-01T10:00:00Z"),
        );
        common::run(&mut cmd)
    };
    // The id on standard output; what was done on standard error.
    let created = |r: &common::Run| {
        assert!(r.success(), "{}", r.stderr);
        let id = r.stdout.trim_end().to_string();
        assert_eq!(r.stdout, format!("{id}\n"));
        assert!(
            r.stderr
                .starts_with(&format!("created incidents/{id}.ron\n")),
            "{}",
            r.stderr
        );
        format!("created {id}")
    };
    let long = "Alibaba Cloud Hong Kong Region Zone C outage: chiller failure and fire sprinkler";
    assert_eq!(
        created(&new(&["--title", long])),
        "created 2024-03-01-alibaba-cloud-hong-kong-region-zone-c-outage-chiller-failure"
    );
    let title = "Payments DB failover, then the connection pool of the checkout service exhausted";
    let first = created(&new(&["--title", title]));
    assert_eq!(
        first,
        "created 2024-03-01-payments-db-failover-then-the-connection-pool-of-the"
    );
    assert_eq!(created(&new(&["--title", title])), format!("{first}-2"));
    assert_eq!(created(&new(&["--title", title])), format!("{first}-3"));
    // A chosen id; chosen again, it is refused rather than numbered.
    assert_eq!(
        created(&new(&["--title", title, "--id", "pay-1"])),
        "created pay-1"
    );
    let again = new(&["--title", title, "--id", "pay-1"]);
    assert_eq!(again.code, Some(1));
    assert!(
        again
            .stderr
            .contains("pay-1.ron already exists; nothing was overwritten")
    );
    let unsafe_id = new(&["--title", title, "--id", "../pay"]);
    assert_eq!(unsafe_id.code, Some(2));
    // Titles are one line.
    let two_lines = new(&["--title", "Checkout\nerrors"]);
    assert_eq!(two_lines.code, Some(2));
    assert!(
        two_lines
            .stderr
            .starts_with("error: --title: a title is one line")
    );
    let records = sb
        .listing()
        .into_iter()
        .filter(|n| n.ends_with(".ron"))
        .count();
    assert_eq!(records, 5);
}

#[test]
fn writers_report_on_standard_error_and_quiet_silences_them() {
    let sb = common::Sandbox::with_record(common::HK_TEXT);
    let log = [
        "log",
        common::HK_ID,
        "Postmortem review held",
        "--at",
        "2022-12-30 10:00",
    ];
    let r = sb.run(&log);
    assert!(r.success(), "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .starts_with("logged e1 at 2022-12-30T10:00:00+08:00"),
        "{}",
        r.stderr
    );
    // The same event again is a copy, logged knowingly with --duplicate.
    let quiet = sb.run(&[&["--quiet"], &log[..], &["--duplicate"]].concat());
    assert!(quiet.success());
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
    assert_eq!(
        common::parse_json(&sb.stdout_of(&["show", common::HK_ID, "--format", "json"]))["events"]
            .as_array()
            .unwrap()
            .len(),
        36
    );
    // Errors still reach standard error under --quiet.
    let refused = sb.run(&["-q", "action", "done", common::HK_ID, "A9"]);
    assert_eq!(refused.code, Some(1));
    assert!(refused.stderr.starts_with("error: no action item `A9`"));
}

#[test]
fn a_dumb_terminal_gets_no_escape_codes() {
    // On a pseudo-terminal, TERM=dumb (and NO_COLOR unset) must still give plain text.
    let shown = in_terminal(
        &["--no-pager", "timeline", common::HK_ID, "--chart"],
        200,
        &[("TERM", "dumb"), ("NO_COLOR", "")],
    );
    assert!(shown.contains("Key events"), "{shown}");
    assert!(!shown.contains('\u{1b}'), "{shown}");
    // The same with TERM=xterm colours, so the test above means something.
    let coloured = in_terminal(
        &["--no-pager", "timeline", common::HK_ID, "--chart"],
        200,
        &[("TERM", "xterm-256color"), ("NO_COLOR", "")],
    );
    assert!(coloured.contains('\u{1b}'));
}

#[test]
fn the_markdown_document_carries_the_chart_as_mermaid() {
    let md = common::stdout_of(&["summary", common::HK_ID, "--format", "markdown"]);
    let start = md.find("```mermaid\n").expect("a Mermaid block");
    // Inside the Impact section, before its figures.
    let impact = md.find("## Impact\n").unwrap();
    let figures = md.find("### Figures\n").unwrap();
    assert!(impact < start && start < figures);
    let block = &md[start + "```mermaid\n".len()..];
    let block = &block[..block.find("```").unwrap()];
    // `timeline --chart --format mermaid` is the same chart, alone.
    let alone = common::stdout_of(&["timeline", common::HK_ID, "--chart", "--format", "mermaid"]);
    assert_eq!(alone, block);
    assert!(alone.contains("    section OKX (customer)\n"), "{alone}");
    // Without --chart there is nothing to draw in Mermaid.
    let r =
        common::run(common::incident().args(["timeline", common::HK_ID, "--format", "mermaid"]));
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("hint: add --chart"), "{}", r.stderr);
}

#[test]
fn chart_key_events_are_named_by_what_happened() {
    let chart = common::stdout_of(&["--width", "100", "timeline", common::HK_ID, "--chart"]);
    assert!(
        chart.contains(
            "  I  2022-12-18 18:55  Four chillers were back at normal cooling… (recovery)\n"
        ),
        "{chart}"
    );
    assert!(!chart.contains("four-chillers-back"), "{chart}");
    let mermaid = common::stdout_of(&["timeline", common::HK_ID, "--chart", "--format", "mermaid"]);
    assert!(mermaid.contains(
        "    The ECS API was fully available again. (resolution) :milestone, 2022-12-18 23:11, 0m\n"
    ));
    assert!(!mermaid.contains("ecs-api-back"));
}
