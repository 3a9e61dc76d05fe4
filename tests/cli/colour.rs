//! `--color auto|always|never` beside `NO_COLOR`, on the real binary with its output piped:
//! `always` colours even then and whatever `NO_COLOR` says; `never`, and `auto` when piped or
//! with `NO_COLOR` set, leave no escape sequence at all.

use assert_cmd::Command;

use crate::common::incident as plain;

const ESC: u8 = 0x1b;

/// The binary with no colour variables from the environment (the shared command sets
/// `NO_COLOR=1`, which these tests must control themselves).
fn incident() -> Command {
    let mut c = plain();
    c.env_remove("NO_COLOR").env_remove("TERM");
    c
}

fn stdout(c: &mut Command) -> Vec<u8> {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

const CHART: &[&str] = &["timeline", "hk-zone-c", "--chart"];

#[test]
fn always_colours_the_chart_bars_when_piped() {
    let out =
        String::from_utf8(stdout(incident().args(["--color", "always"]).args(CHART))).unwrap();
    let row = |name: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("  {name}")))
            .unwrap_or_else(|| panic!("no {name} row in {out}"))
    };
    // At risk dim, then outage red; each run closed with a reset.
    let oss = row("OSS (Zone C)");
    assert!(oss.contains("\x1b[2m░\x1b[0m\x1b[31m█"), "{oss:?}");
    assert!(oss.ends_with("█\x1b[0m"), "{oss:?}");
    // Degraded yellow.
    let ecs = row("ECS control plane");
    assert!(ecs.contains("\x1b[33m▓"), "{ecs:?}");
}

#[test]
fn always_wins_over_no_color_and_a_dumb_terminal() {
    let out = stdout(
        incident()
            .env("NO_COLOR", "1")
            .env("TERM", "dumb")
            .arg("--color=always")
            .args(CHART),
    );
    assert!(
        String::from_utf8(out).unwrap().contains("\x1b[31m"),
        "no colour"
    );
}

#[test]
fn always_makes_table_headers_bold() {
    let out = String::from_utf8(stdout(incident().args([
        "--color",
        "always",
        "timeline",
        "hk-zone-c",
    ])))
    .unwrap();
    assert!(out.contains("\x1b[1m"), "{out}");
}

#[test]
fn never_and_no_color_leave_no_escape() {
    let plain = stdout(incident().args(CHART));
    assert!(!plain.contains(&ESC), "piped auto output holds an escape");
    let cases: [(&[&str], Option<&str>); 3] = [
        (&["--color", "never"], None),
        (&[], Some("1")),
        (&["--color", "auto"], Some("1")),
    ];
    for (flags, no_color) in cases {
        let mut c = incident();
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        let out = stdout(c.args(flags).args(CHART));
        assert!(
            !out.contains(&ESC),
            "an escape with {flags:?}, NO_COLOR={no_color:?}"
        );
        // Colour off changes nothing else: the same bytes as the default piped output.
        assert_eq!(out, plain, "{flags:?}, NO_COLOR={no_color:?}");
    }
    let coloured = stdout(incident().args(["--color", "always"]).args(CHART));
    assert_ne!(coloured, plain);
}

#[test]
fn an_unknown_choice_is_a_usage_error() {
    incident()
        .args(["--color", "sometimes", "list"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "possible values: auto, always, never",
        ));
}

#[test]
fn json_keeps_a_del_character_when_escapes_are_stripped() {
    let dir = tempfile::tempdir().unwrap();
    let record = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/incidents/2022-12-18-hk-zone-c.ron"
    ))
    .unwrap()
    .replacen("title: \"", "title: \"a\u{7f}b ", 1);
    std::fs::write(dir.path().join("2022-12-18-hk-zone-c.ron"), record).unwrap();
    let out = stdout(incident().arg("--dir").arg(dir.path()).args([
        "--color",
        "never",
        "show",
        "hk-zone-c",
        "--format",
        "json",
    ]));
    let text = String::from_utf8(out).unwrap();
    // Written as an escape, so the stripping of control characters has nothing to remove.
    assert!(text.contains(r#""title": "a\u007fb Alibaba"#), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(v["title"].as_str().unwrap().starts_with("a\u{7f}b "));
}
