//! Writes a corpus of realistic, varied, valid incident records for tests and benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --count 10000 --out /tmp/corpus --seed 7
//! ```
//!
//! Record `i` depends only on the seed and `i`, so a corpus can be regenerated exactly.
//! Every record passes `incident check` without errors or warnings: severities, kinds,
//! statuses, zones, services, customers (some with Chinese names), impact windows with exact,
//! approximate, unknown and open ends, precursor events, action items with owners, due dates
//! and every status, tags, and sizes from a few lines to hundreds of events.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use incident::model::record::*;
use incident::model::time::{Instant, When};

/// A small, fast, seedable generator (SplitMix64); no crate needed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, index: u64) -> Self {
        let mut r = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next_u64();
        r
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

const ZONES: [&str; 8] = [
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Hong_Kong",
    "Asia/Tokyo",
    "Australia/Sydney",
];
const SERVICES: [&str; 24] = [
    "API gateway",
    "Payments",
    "Checkout",
    "Search",
    "Login",
    "Object storage",
    "Block storage",
    "Postgres primary",
    "Redis cache",
    "Kafka",
    "Kubernetes control plane",
    "DNS",
    "CDN",
    "Email delivery",
    "Push notifications",
    "Billing",
    "Reporting",
    "Mobile app",
    "Website",
    "Admin console",
    "Data warehouse",
    "Image resizer",
    "Webhooks",
    "Status page",
];
const CUSTOMERS: [(&str, Option<&str>); 16] = [
    ("Acme Corp", None),
    ("Globex", None),
    ("Initech", None),
    ("Umbrella", None),
    ("Hooli", None),
    ("Stark Industries", None),
    ("Wayne Enterprises", None),
    ("Macao Daily", Some("澳門日報")),
    ("Lotus TV", Some("蓮花衛視")),
    ("Galaxy Macau", Some("澳門銀河")),
    ("Tyrell", None),
    ("Cyberdyne", None),
    ("Soylent", None),
    ("Aomi", Some("澳覓")),
    ("Vandelay Industries", None),
    ("Monsters, Inc.", None),
];
const PROBLEMS: [&str; 12] = [
    "latency spike",
    "outage",
    "elevated error rate",
    "failed deploy",
    "certificate expiry",
    "disk full",
    "network partition",
    "cooling failure",
    "bad config push",
    "DNS misconfiguration",
    "dependency timeout",
    "data corruption",
];
const OWNERS: [&str; 10] = [
    "Ana",
    "Bo",
    "Chen Wei",
    "Dmitri",
    "Esi",
    "Farah",
    "Gustavo",
    "Hana",
    "SRE team",
    "Platform team",
];
const TAGS: [&str; 12] = [
    "database",
    "network",
    "deploy",
    "config",
    "capacity",
    "security",
    "third-party",
    "cooling",
    "dns",
    "certificates",
    "storage",
    "customer-facing",
];
const WORDS: [&str; 24] = [
    "the",
    "primary",
    "replica",
    "failed",
    "over",
    "queue",
    "backlog",
    "grew",
    "alarm",
    "paged",
    "on-call",
    "rolled",
    "back",
    "traffic",
    "drained",
    "region",
    "restored",
    "errors",
    "customers",
    "saw",
    "timeouts",
    "\"quoted\"",
    "a|b",
    "維修",
];

fn sentence(r: &mut Rng, lo: i64, hi: i64) -> String {
    let words = r.range(lo, hi).max(1);
    let mut s: Vec<&str> = (0..words).map(|_| *r.pick(&WORDS)).collect();
    if let Some(first) = s.first_mut()
        && *first == "the"
    {
        *first = "The";
    }
    format!("{}.", s.join(" "))
}

fn at(t: chrono::DateTime<chrono::FixedOffset>, r: &mut Rng, approx_percent: u64) -> When {
    if r.chance(approx_percent) {
        When::About(Instant(t))
    } else {
        When::At(Instant(t))
    }
}

/// Generates record number `index` of the corpus with `seed`.
pub fn generate(index: usize, seed: u64) -> Incident {
    let r = &mut Rng::new(seed, index as u64);
    let tz: Tz = ZONES[r.below(ZONES.len() as u64) as usize]
        .parse()
        .unwrap_or(chrono_tz::UTC);
    let day0 = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default();
    let day = day0 + Duration::days(r.range(0, 7 * 365));
    let secs = day
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .timestamp()
        + r.range(0, 86_399) / 60 * 60;
    let start = Utc
        .timestamp_opt(secs, 0)
        .single()
        .unwrap_or_default()
        .with_timezone(&tz)
        .fixed_offset();
    let local = |m: i64| {
        (start + Duration::minutes(m))
            .with_timezone(&tz)
            .fixed_offset()
    };

    let kind = match r.below(100) {
        0..=84 => IncidentKind::Real,
        85..=94 => IncidentKind::Drill,
        _ => IncidentKind::Test,
    };
    let severity = r
        .pick(&[
            Severity::new("Sev1"),
            Severity::new("Sev2"),
            Severity::new("Sev2"),
            Severity::new("Sev3"),
            Severity::new("Sev3"),
            Severity::new("Sev3"),
            Severity::new("Sev4"),
        ])
        .clone();
    let status = match r.below(100) {
        0..=54 => Status::Resolved,
        55..=79 => Status::Closed,
        80..=85 => Status::Investigating,
        86..=90 => Status::Identified,
        91..=95 => Status::Mitigated,
        _ => Status::Monitoring,
    };
    let service = *r.pick(&SERVICES);
    let problem = *r.pick(&PROBLEMS);
    let id = format!(
        "{}-{}-{index:06}",
        start.date_naive(),
        incident::model::text::slug(&format!("{service} {problem}"), 40)
    );

    let mut sources = Vec::new();
    for k in 0..r.range(1, 4) {
        sources.push(Source {
            internal: false,
            id: format!("s{k}"),
            title: format!("Source {k}: {}", sentence(r, 4, 4)),
            url: r
                .chance(70)
                .then(|| format!("https://example.com/postmortems/{index}/{k}")),
            kind: if r.chance(60) {
                SourceKind::Official
            } else {
                SourceKind::Press
            },
            publisher: None,
            published: None,
            note: None,
            further_reading: false,
        });
    }
    let all_sources: Vec<String> = sources.iter().map(|s| s.id.clone()).collect();
    let cite = |r: &mut Rng| -> Vec<String> {
        if r.chance(50) {
            vec![all_sources[r.below(all_sources.len() as u64) as usize].clone()]
        } else {
            Vec::new()
        }
    };

    // Minutes after the start at which things happen.
    let detect_at = r.range(-30, 90);
    let mitigate_at = detect_at.max(0) + r.range(5, 600);
    let long = r.chance(10);
    let resolve_at = mitigate_at + r.range(0, if long { 5000 } else { 900 });
    let started_known = r.below(100);
    let started = match started_known {
        0..=3 => None,
        4..=7 => Some(Moment {
            at: When::Unknown,
            sources: vec![],
            note: Some("no source gives the start".into()),
            observed_by: None,
            claims: Vec::new(),
        }),
        _ => Some(Moment {
            at: at(start, r, 10),
            sources: cite(r),
            note: None,
            observed_by: None,
            claims: Vec::new(),
        }),
    };
    let mut moments = Moments {
        started,
        ..Moments::default()
    };
    if r.below(100) < 95 {
        moments.detected = Some(Moment {
            at: at(local(detect_at), r, 5),
            sources: cite(r),
            note: None,
            observed_by: None,
            claims: Vec::new(),
        });
    }
    let mitigated = matches!(status, Status::Mitigated | Status::Monitoring) || status.is_over();
    if mitigated && r.chance(90) {
        moments.mitigated = Some(Moment {
            at: at(local(mitigate_at), r, 10),
            sources: cite(r),
            note: None,
            observed_by: None,
            claims: Vec::new(),
        });
    }
    if status.is_over() {
        let when = if r.chance(8) {
            When::Unknown
        } else {
            at(local(resolve_at), r, 10)
        };
        moments.resolved = Some(Moment {
            at: when,
            sources: cite(r),
            note: None,
            observed_by: None,
            claims: Vec::new(),
        });
    }

    let targets = |names: Vec<(String, Option<&str>)>, r: &mut Rng| -> Vec<Affected> {
        names
            .into_iter()
            .map(|(name, other)| {
                let mut windows = Vec::new();
                let mut from = r.range(0, 120);
                for _ in 0..r.range(1, 3) {
                    let long = r.chance(10);
                    let len = r.range(1, if long { 3000 } else { 600 });
                    let to = match r.below(100) {
                        0..=9 => When::Unknown,
                        10..=29 if !status.is_over() => When::Open,
                        30..=39 => When::About(Instant(local(from + len))),
                        _ => When::At(Instant(local(from + len))),
                    };
                    let level = *r.pick(&[
                        Level::Outage,
                        Level::Outage,
                        Level::Degraded,
                        Level::Degraded,
                        Level::AtRisk,
                    ]);
                    windows.push(Window {
                        from: at(local(from), r, 15),
                        to,
                        level,
                        scope: r.chance(40).then(|| sentence(r, 5, 5)),
                        sources: cite(r),
                        note: None,
                        share: None,
                        from_claims: Vec::new(),
                        to_claims: Vec::new(),
                    });
                    from += len + r.range(0, 240);
                    if to == When::Open {
                        break;
                    }
                }
                let mut names = BTreeMap::new();
                if let Some(o) = other {
                    names.insert("zh-Hant".to_string(), o.to_string());
                }
                Affected {
                    internal: false,
                    name,
                    names,
                    windows,
                    sources: vec![],
                    note: None,
                    outcome: None,
                    counts: Vec::new(),
                }
            })
            .collect()
    };
    let mut service_names: Vec<(String, Option<&str>)> = vec![(service.to_string(), None)];
    for _ in 0..r.range(0, 3) {
        let s = *r.pick(&SERVICES);
        if !service_names.iter().any(|(n, _)| n == s) {
            service_names.push((s.to_string(), None));
        }
    }
    if r.chance(10) {
        service_names.clear();
    }
    let mut customer_names: Vec<(String, Option<&str>)> = Vec::new();
    for _ in 0..r.range(0, 4) {
        let (c, o) = *r.pick(&CUSTOMERS);
        if !customer_names.iter().any(|(n, _)| n == c) {
            customer_names.push((c.to_string(), o));
        }
    }
    let services = targets(service_names, r);
    let customers = targets(customer_names, r);

    let event_count = if r.chance(5) {
        r.range(100, 300)
    } else {
        r.range(2, 40)
    };
    let mut events = Vec::new();
    let mut t = 0;
    if r.chance(15) {
        events.push(Event {
            internal: false,
            id: "e0".into(),
            at: When::At(Instant(local(-r.range(60, 2000)))),
            kind: EventKind::Note,
            other_kinds: vec![],
            text: format!("Precursor: {}", sentence(r, 8, 8)),
            actor: None,
            observed_by: None,
            update: None,
            planned: None,
            sources: vec![],
            important: false,
            precursor: true,
            claims: Vec::new(),
            origin: None,
            note: None,
        });
    }
    for k in 1..=event_count {
        let kind = *r.pick(&EventKind::ALL);
        events.push(Event {
            internal: false,
            id: format!("e{k}"),
            at: at(local(t), r, 5),
            kind,
            other_kinds: vec![],
            text: sentence(r, 4, 40),
            actor: r.chance(50).then(|| r.pick(&OWNERS).to_string()),
            observed_by: None,
            update: None,
            planned: None,
            sources: if k == 1 { all_sources.clone() } else { cite(r) },
            important: r.chance(10),
            precursor: false,
            claims: Vec::new(),
            origin: None,
            note: None,
        });
        t += r.range(0, 45);
    }
    let finding = |r: &mut Rng| Finding {
        id: None,
        text: sentence(r, 3, 12),
        detail: r.chance(30).then(|| sentence(r, 30, 30)),
        sources: cite(r),
        led_to: vec![],
        evidence: vec![],
    };
    let causes = Causes {
        trigger: vec![finding(r)],
        root_causes: (0..r.range(1, 2)).map(|_| finding(r)).collect(),
        contributing: (0..r.range(0, 3)).map(|_| finding(r)).collect(),
        root_cause_status: None,
    };
    let lessons = Lessons {
        went_well: (0..r.range(0, 2)).map(|_| finding(r)).collect(),
        went_wrong: (0..r.range(0, 3)).map(|_| finding(r)).collect(),
        lucky: (0..r.range(0, 1)).map(|_| finding(r)).collect(),
    };
    let mut actions = Vec::new();
    for k in 1..=r.range(0, 6) {
        let status = match r.below(100) {
            0..=34 => ActionStatus::Open,
            35..=54 => ActionStatus::InProgress,
            55..=89 => ActionStatus::Done,
            _ => ActionStatus::WontDo,
        };
        let opened = start.date_naive() + Duration::days(r.range(0, 14));
        actions.push(ActionItem {
            internal: false,
            id: format!("A{k}"),
            text: sentence(r, 4, 16),
            kind: *r.pick(&[
                ActionType::Prevent,
                ActionType::Mitigate,
                ActionType::Detect,
                ActionType::Process,
            ]),
            priority: r
                .chance(80)
                .then(|| *r.pick(&[Priority::P1, Priority::P2, Priority::P3])),
            owner: (status.is_open() || r.chance(80)).then(|| r.pick(&OWNERS).to_string()),
            opened: r.chance(90).then_some(opened),
            due: r
                .chance(75)
                .then(|| (opened + Duration::days(r.range(7, 120))).into()),
            status,
            completed: None,
            link: r
                .chance(30)
                .then(|| format!("https://tracker.example.com/T{index}-{k}")),
            sources: vec![],
            note: None,
            addresses: vec![],
        });
    }
    let tags: Vec<String> = {
        let mut t: Vec<String> = (0..r.range(0, 4))
            .map(|_| r.pick(&TAGS).to_string())
            .collect();
        t.sort();
        t.dedup();
        t
    };
    Incident {
        schema: SCHEMA_VERSION,
        id,
        title: format!("{service} {problem}"),
        summary: (0..r.range(1, 6))
            .map(|_| sentence(r, 8, 30))
            .collect::<Vec<_>>()
            .join(" "),
        summary_sources: vec![],
        kind,
        severity,
        status,
        authors: vec![r.pick(&OWNERS).to_string()],
        organisation: Some("Example Co".into()),
        region: r.chance(50).then(|| "eu-west".into()),
        zones: vec![],
        site: None,
        timezone: tz.name().to_string(),
        moments,
        services,
        customers,
        no_impact: false,
        events,
        roles: vec![],
        causes,
        lessons,
        actions,
        sources,
        tags,
        fields: Default::default(),
        provider_severity: None,
        severity_rationale: None,
        regions: Vec::new(),
        counts: Vec::new(),
        data_loss: Vec::new(),
        stated: Vec::new(),
        references: Vec::new(),
    }
}

/// Writes records `0..count` to `dir` as `<id>.ron`, in the canonical layout.
pub fn write_corpus(dir: &Path, count: usize, seed: u64) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for i in 0..count {
        let inc = generate(i, seed);
        let text = incident::files::canonical::to_canonical(&inc).map_err(std::io::Error::other)?;
        std::fs::write(dir.join(format!("{}.ron", inc.id)), text)?;
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let mut count = 1000usize;
    let mut out: Option<PathBuf> = None;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next();
        let ok = match (a.as_str(), value) {
            ("--count", Some(v)) => v.parse().map(|v| count = v).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|v| seed = v).is_ok(),
            ("--out", Some(v)) => {
                out = Some(PathBuf::from(v));
                true
            }
            _ => false,
        };
        if !ok {
            eprintln!("usage: gen_corpus --count N --out DIR [--seed S]");
            return std::process::ExitCode::from(2);
        }
    }
    let Some(out) = out else {
        eprintln!("usage: gen_corpus --count N --out DIR [--seed S]");
        return std::process::ExitCode::from(2);
    };
    match write_corpus(&out, count, seed) {
        Ok(()) => {
            println!("wrote {count} records to {}", out.display());
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
