//! The input of the merge-driver benchmark (`benches/merge.sh`, `docs/performance.md`): a
//! large record as base, ours and theirs, as two responders leave it — each logged events
//! (the same next ids, so theirs are renumbered), ours ended a window and set the status,
//! theirs added an action item and changed an owner.
//!
//! ```text
//! cargo run --release --example merge_trio -- --bytes 1000000 --out /tmp/merge-bench
//! cargo run --release --example merge_trio -- --bytes 1000000 --out /tmp/merge-bench --phases
//! ```
//!
//! `--phases` also times each step `incident merge-file` takes, in this process (median of
//! 20): parsing the three texts, the merge, the canonical layout and the validation.

use std::path::PathBuf;
use std::time::{Duration, Instant as Clock};

use chrono::NaiveDate;
use incident::derive::merge::merge;
use incident::derive::validate::validate;
use incident::files::canonical::to_canonical;
use incident::files::load::parse_bytes;
use incident::model::change::{self, ActionChange, NewAction, NewEvent, NewWindow};
use incident::model::record::*;
use incident::model::time::{Instant, When};

fn at(minute: i64) -> When {
    let start: Instant = "2024-03-01T09:00:00+00:00".parse().unwrap();
    When::At(Instant(start.get() + chrono::Duration::minutes(minute)))
}

fn event(minute: i64, text: String) -> NewEvent {
    NewEvent {
        at: at(minute),
        kind: EventKind::Action,
        text,
        actor: Some("on-call".into()),
        sources: vec!["status-page".into()],
        important: minute % 7 == 0,
        precursor: false,
    }
}

/// A valid record of about `bytes` bytes in the canonical layout: events every minute, a
/// service per 200 events with an open window, an action item per 100 events.
fn base(bytes: usize) -> Incident {
    // Built by the writers' own constructor, so every field of the schema is there.
    let mut inc = change::new_record(&change::NewRecord {
        title: "A long incident with many events".into(),
        severity: Severity::new("Sev2"),
        kind: IncidentKind::Real,
        started: at(0),
        timezone: "Europe/London".into(),
        zone: incident::model::time::Zone::Utc,
        now: incident::model::time::Instant("2024-03-01T12:00:00Z".parse().unwrap()),
    })
    .expect("a record");
    inc.id = "2024-03-01-big".into();
    inc.authors = vec!["ann".into()];
    inc.sources.push(Source {
        internal: false,
        id: "status-page".into(),
        title: "Status page".into(),
        url: Some("https://status.example.com".into()),
        kind: SourceKind::Official,
        publisher: None,
        published: None,
        further_reading: false,
        note: None,
    });
    inc.tags = vec!["big".into()];
    let mut minute = 0;
    while to_canonical(&inc).unwrap().len() < bytes {
        for _ in 0..100 {
            minute += 1;
            let text = format!(
                "Step {minute}: responders checked the replicas, restarted the workers of shard {} and watched the error rate for a while",
                minute % 64
            );
            change::append_event(&mut inc, event(minute, text));
        }
        if minute % 200 == 0 {
            let window = NewWindow {
                from: at(minute),
                to: When::Open,
                level: Level::Degraded,
                scope: Some(format!("shard {}", minute / 200)),
            };
            change::add_window(
                &mut inc,
                TargetKind::Service,
                &format!("Service {minute}"),
                window,
            )
            .expect("a new service");
        }
        change::add_action(
            &mut inc,
            NewAction {
                text: format!("Follow up on step {minute}"),
                kind: ActionType::Prevent,
                owner: Some("bob".into()),
                due: None,
                priority: Some(Priority::P2),
                opened: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
                link: None,
            },
        )
        .expect("an action");
    }
    inc
}

fn main() -> std::process::ExitCode {
    let mut bytes = 1_000_000usize;
    let mut out: Option<PathBuf> = None;
    let mut phases = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bytes" => bytes = args.next().and_then(|v| v.parse().ok()).unwrap_or(bytes),
            "--out" => out = args.next().map(PathBuf::from),
            "--phases" => phases = true,
            _ => {
                eprintln!("usage: merge_trio [--bytes N] --out DIR [--phases]");
                return std::process::ExitCode::from(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: merge_trio [--bytes N] --out DIR [--phases]");
        return std::process::ExitCode::from(2);
    };
    let b = base(bytes);
    let last = b.events.len() as i64;
    let mut ours = b.clone();
    let mut theirs = b.clone();
    for i in 1..=3 {
        change::append_event(&mut ours, event(last + i, format!("Ours {i}")));
        change::append_event(&mut theirs, event(last + i, format!("Theirs {i}")));
    }
    let first = ours.services[0].name.clone();
    change::end_window(&mut ours, None, &first, at(last + 2)).unwrap();
    change::set_status(&mut ours, Status::Mitigated, at(last + 2), None);
    change::add_action(
        &mut theirs,
        NewAction {
            text: "Page the database team sooner".into(),
            kind: ActionType::Detect,
            owner: Some("cy".into()),
            due: None,
            priority: None,
            opened: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            link: None,
        },
    )
    .expect("an action");
    let a1 = theirs.actions[0].id.clone();
    let owner = ActionChange {
        owner: Some("dee".into()),
        ..Default::default()
    };
    change::set_action(&mut theirs, &a1, owner).unwrap();

    std::fs::create_dir_all(&out).unwrap();
    let texts: Vec<String> = [&b, &ours, &theirs]
        .iter()
        .map(|i| to_canonical(i).unwrap())
        .collect();
    for (name, text) in ["base.ron", "ours.ron", "theirs.ron"].iter().zip(&texts) {
        std::fs::write(out.join(name), text).unwrap();
    }
    println!(
        "wrote base.ron ({} bytes, {} events, {} services, {} action items), ours.ron, theirs.ron to {}",
        texts[0].len(),
        b.events.len(),
        b.services.len(),
        b.actions.len(),
        out.display()
    );
    if phases {
        time_phases(&texts);
    }
    std::process::ExitCode::SUCCESS
}

/// Median of 20 runs of `f`, in milliseconds.
fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut runs: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Clock::now();
            f();
            t.elapsed()
        })
        .collect();
    runs.sort();
    runs[runs.len() / 2].as_secs_f64() * 1000.0
}

fn time_phases(texts: &[String]) {
    let path = std::path::Path::new("2024-03-01-big.ron");
    let parse = |t: &String| parse_bytes(path, t.as_bytes()).unwrap();
    let parsed: Vec<_> = texts.iter().map(parse).collect();
    let merged = merge(
        &parsed[0].incident,
        &parsed[1].incident,
        &parsed[2].incident,
    );
    assert!(merged.is_clean(), "{:?}", merged.conflicts);
    let text = to_canonical(&merged.ours).unwrap();
    let rows = [
        ("parse one text", median_ms(|| drop(parse(&texts[0])))),
        (
            "merge (derive::merge)",
            median_ms(|| {
                drop(merge(
                    &parsed[0].incident,
                    &parsed[1].incident,
                    &parsed[2].incident,
                ))
            }),
        ),
        (
            "canonical layout of the result",
            median_ms(|| drop(to_canonical(&merged.ours).unwrap())),
        ),
        (
            "validate the result",
            median_ms(|| drop(validate(path, &text, &merged.ours))),
        ),
    ];
    println!("| phase | ms (median of 20) |\n| --- | ---: |");
    for (name, ms) in rows {
        println!("| {name} | {ms:.1} |");
    }
}
