//! Captions only where they apply: every legend entry, caption sentence and table key (unknown
//! ends, open windows, at-risk windows, approximate times, key events, important events,
//! press-only sources) appears in the terminal, Markdown, HTML and reading outputs exactly
//! when the document has such an item. Checked both ways: on a plain record that has none of
//! them, and on records that have each.

use crate::common::{self, Sandbox};

/// A record with nothing to explain: one exact outage and one exact degraded window, no
/// important event, no approximate time, no source.
const PLAIN: &str = r#"(
    schema: 1,
    id: "2024-05-14-dns-down",
    title: "Internal DNS resolvers stopped answering",
    summary: "A bad zone push made both resolvers refuse queries.",
    kind: Real,
    severity: Sev2,
    status: Resolved,
    timezone: "UTC",
    moments: (
        started: (at: At("2024-05-14T14:02:00+00:00")),
        resolved: (at: At("2024-05-14T14:40:00+00:00")),
    ),
    services: [
        (name: "Internal DNS", windows: [(from: At("2024-05-14T14:02:00+00:00"), to: At("2024-05-14T14:40:00+00:00"), level: Outage)]),
        (name: "Order queue", windows: [(from: At("2024-05-14T14:05:00+00:00"), to: At("2024-05-14T14:40:00+00:00"), level: Degraded)]),
    ],
    events: [
        (id: "e1", at: At("2024-05-14T14:06:00+00:00"), kind: Detection, text: "Health checks failed."),
        (id: "e2", at: At("2024-05-14T14:40:00+00:00"), kind: Resolution, text: "Previous zone restored."),
    ],
)"#;

/// Legend entries, caption sentences and keys that explain something the plain record lacks.
const ABSENT_FROM_PLAIN: &[&str] = &[
    "end unknown",
    "unknown end",
    "still open",
    "ongoing",
    "at risk",
    "approximate",
    "key events",
    "Key events",
    "important event",
    "Important events",
    "(press)",
    "press reporting",
    "fade out",
    "Names longer than",
];

/// Every output of one record that carries a caption, legend or key, named for messages.
fn outputs(sb: &Sandbox, id: &str) -> Vec<(&'static str, String)> {
    let run = |args: &[&str]| sb.stdout_of(args);
    vec![
        ("chart", run(&["timeline", id, "--chart", "--width", "100"])),
        (
            "chart markdown",
            run(&["timeline", id, "--chart", "--format", "markdown"]),
        ),
        ("timeline", run(&["timeline", id, "--width", "120"])),
        (
            "timeline markdown",
            run(&["timeline", id, "--format", "markdown"]),
        ),
        (
            "summary markdown",
            run(&["summary", id, "--format", "markdown"]),
        ),
        ("summary html", run(&["summary", id, "--format", "html"])),
        (
            "summary reading",
            run(&["summary", id, "--format", "text", "--width", "100"]),
        ),
    ]
}

#[test]
fn a_plain_record_gets_no_caption_for_what_it_lacks() {
    let sb = Sandbox::with_record(PLAIN);
    let outs = outputs(&sb, "2024-05-14-dns-down");
    for (name, out) in &outs {
        for word in ABSENT_FROM_PLAIN {
            assert!(!out.contains(word), "{name} says {word:?}:\n{out}");
        }
    }
    let chart = &outs[0].1;
    // The legend names the two levels drawn, and nothing else.
    let legend: Vec<&str> = chart.lines().filter(|l| l.starts_with("Legend:")).collect();
    assert_eq!(legend, ["Legend:  █ outage  ▓ degraded"], "{chart}");
    let mermaid = &outs[1].1;
    assert!(
        mermaid.starts_with(
            "Impact chart. Times in UTC (UTC+00:00). Outage in red (crit); degraded highlighted (active).\n"
        ),
        "{mermaid}"
    );
    // No key line under the timeline table: it ends with the table's bottom border.
    assert!(outs[2].1.trim_end().ends_with('┘'), "{}", outs[2].1);
    // The SVG legend has the two levels only.
    let html = &outs[5].1;
    let legend = &html[html.find("<g class=\"legend\">").unwrap()..];
    let legend = &legend[..legend.find("</g>").unwrap()];
    assert_eq!(legend.matches("<text").count(), 2, "{legend}");
    assert!(legend.contains(">outage</text>") && legend.contains(">degraded</text>"));
}

#[test]
fn the_shipped_record_explains_each_mark_it_draws() {
    let sb = Sandbox::copy_of("incidents");
    let outs = outputs(&sb, common::HK_ID);
    let find = |name: &str| &outs.iter().find(|(n, _)| *n == name).unwrap().1;
    let chart = find("chart");
    for entry in [
        "█ outage",
        "▓ degraded",
        "░ at risk (not counted as impact)",
        "┄ end (or start) unknown, fading out to the last time the record gives",
        "~ start or end not exact",
        "≈ quiet stretch left out",
        "A, B, … key events",
    ] {
        assert!(chart.contains(entry), "chart lacks {entry:?}:\n{chart}");
    }
    // Nothing of the shipped record is still open.
    assert!(!chart.contains("still open"), "{chart}");
    let mermaid = find("chart markdown");
    for part in [
        "at risk plain (not counted as impact)",
        "marked \"end unknown\" runs to the chart's end",
        "\"~\" marks an approximate time",
        "key events are milestones",
        "Names longer than 28 columns are shortened",
    ] {
        assert!(mermaid.contains(part), "Mermaid caption lacks {part:?}");
    }
    assert!(!mermaid.contains("ongoing"), "{mermaid}");
    assert!(find("timeline").contains(
        "* important event; ~ an approximate time; (press): every source cited is press reporting\n"
    ));
    assert!(find("summary markdown").contains(
        "Important events are in bold; \\~ an approximate time; (press): every source cited is \
         press reporting; sources are listed by id under Sources."
    ));
    let html = find("summary html");
    assert!(html.contains("Bars with an unknown end fade out to the chart's end"));
    assert!(html.contains(">end unknown</text>") && html.contains(">at risk (not counted)</text>"));
    assert!(!html.contains("▶ still open"));
    assert!(find("summary reading").contains("░ at risk (not counted as impact)"));
}

#[test]
fn an_open_window_is_explained_where_it_is_drawn() {
    let open = PLAIN
        .replace("status: Resolved", "status: Investigating")
        .replace(
            "        resolved: (at: At(\"2024-05-14T14:40:00+00:00\")),\n",
            "",
        )
        .replacen("to: At(\"2024-05-14T14:40:00+00:00\")", "to: Open", 1);
    let sb = Sandbox::with_record(&open);
    let id = "2024-05-14-dns-down";
    let at = ["--at", "2024-05-14 15:00"];
    let chart = sb.stdout_of(&["timeline", id, "--chart", "--width", "100"]);
    assert!(chart.contains("▶ still open"), "{chart}");
    assert!(!chart.contains("end unknown"), "{chart}");
    let md = sb.stdout_of(&["timeline", id, "--chart", "--format", "markdown"]);
    assert!(
        md.contains("a bar marked \"ongoing\" is still open"),
        "{md}"
    );
    let html = sb.stdout_of(&[&["summary", id, "--format", "html"][..], &at].concat());
    assert!(html.contains(">▶ still open</text>"), "{html}");
    assert!(!html.contains("fade out"), "{html}");
}
