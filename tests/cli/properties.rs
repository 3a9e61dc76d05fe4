//! Property tests: records written by the tool parse back equal and the canonical layout is a
//! fixed point; zone conversion and elapsed times agree across daylight-saving changes,
//! midnight and month ends; merged impact windows never count a minute twice.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

use incident::derive::figures::{FigureKey, WindowFigure, key_figures, union_spans};
use incident::files::canonical::to_canonical;
use incident::files::load::parse_text;
use incident::model::record::*;
use incident::model::time::{Instant, When, Zone, format_elapsed, format_minutes};

// ---------------------------------------------------------------------------------------------
// Strategies

/// Characters that are hard for a writer: quotes, backslashes, line breaks, control characters,
/// RON punctuation, Chinese, right-to-left overrides, emoji, a byte-order mark.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        1 => proptest::char::range(' ', '~'),
        2 => proptest::sample::select(vec![
            '"', '\\', '\'', '\n', '\r', '\t', '\u{0}', '\u{1b}', '\u{7}', '\u{7f}', '\u{85}',
            '(', ')', '[', ']', '{', '}', ',', ':', '/', '*', '#', '$', '中', '文', '澳',
            '門', '事', '故', '\u{202e}', '\u{feff}', '🙂', 'é', '\u{2028}',
        ]),
        1 => any::<char>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(tricky_char(), 0..24).prop_map(|v| v.into_iter().collect())
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn short_ids() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(text(), 0..3)
}

/// An instant between 1900 and 2100 in any whole-minute offset, sometimes with fractions of a
/// second.
fn instant() -> impl Strategy<Value = Instant> {
    (
        -2_208_988_800i64..4_102_444_800i64,
        -1439i32..=1439,
        prop_oneof![3 => Just(0u32), 1 => 0u32..1_000_000_000],
    )
        .prop_map(|(secs, off_min, nanos)| {
            let utc = DateTime::from_timestamp(secs, nanos).unwrap();
            let off = FixedOffset::east_opt(off_min * 60).unwrap();
            Instant(utc.with_timezone(&off))
        })
}

fn when() -> impl Strategy<Value = When> {
    prop_oneof![
        3 => instant().prop_map(When::At),
        1 => instant().prop_map(When::About),
        1 => instant().prop_map(When::Day),
        1 => Just(When::Unknown),
        1 => Just(When::Open),
    ]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1i32..=3_000_000).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n % 800_000 + 1).unwrap())
}

fn level() -> impl Strategy<Value = Level> {
    proptest::sample::select(vec![Level::Outage, Level::Degraded, Level::AtRisk])
}

fn window() -> impl Strategy<Value = Window> {
    (when(), when(), level(), opt_text(), short_ids(), opt_text()).prop_map(
        |(from, to, level, scope, sources, note)| Window {
            from,
            to,
            level,
            scope,
            sources,
            note,
            share: None,
            from_claims: Vec::new(),
            to_claims: Vec::new(),
        },
    )
}

fn affected() -> impl Strategy<Value = Affected> {
    (
        text(),
        proptest::collection::btree_map(text(), text(), 0..3),
        proptest::collection::vec(window(), 0..4),
        short_ids(),
        opt_text(),
    )
        .prop_map(|(name, names, windows, sources, note)| Affected {
            internal: false,
            name,
            names,
            windows,
            sources,
            note,
            outcome: None,
            counts: Vec::new(),
        })
}

fn moment() -> impl Strategy<Value = Option<Moment>> {
    proptest::option::of(
        (
            when(),
            short_ids(),
            opt_text(),
            proptest::option::of(observer()),
        )
            .prop_map(|(at, sources, note, observed_by)| Moment {
                at,
                sources,
                note,
                observed_by,
                claims: Vec::new(),
            }),
    )
}

fn observer() -> impl Strategy<Value = incident::model::event_facts::Observer> {
    use incident::model::event_facts::{Observer, Party};
    (proptest::sample::select(Party::ALL.to_vec()), opt_text())
        .prop_map(|(party, name)| Observer { party, name })
}

/// The facts of schema 3 an event may carry: more kinds, an observer, a public update, a plan.
#[allow(clippy::type_complexity)]
fn event_facts() -> impl Strategy<
    Value = (
        Vec<EventKind>,
        Option<incident::model::event_facts::Observer>,
        Option<incident::model::event_facts::PublicUpdate>,
        Option<incident::model::event_facts::Plan>,
    ),
> {
    use incident::model::event_facts::{Plan, PublicUpdate, UpdateState};
    (
        proptest::collection::vec(proptest::sample::select(EventKind::ALL.to_vec()), 0..3),
        proptest::option::of(observer()),
        proptest::option::of(
            (
                proptest::sample::select(UpdateState::ALL.to_vec()),
                opt_text(),
            )
                .prop_map(|(state, channel)| PublicUpdate { state, channel }),
        ),
        proptest::option::of(proptest::option::of(when()).prop_map(|stated| Plan { stated })),
    )
}

fn event() -> impl Strategy<Value = Event> {
    (
        text(),
        when(),
        proptest::sample::select(EventKind::ALL.to_vec()),
        text(),
        opt_text(),
        short_ids(),
        any::<bool>(),
        any::<bool>(),
        event_facts(),
    )
        .prop_map(
            |(
                id,
                at,
                kind,
                text,
                actor,
                sources,
                important,
                precursor,
                (other_kinds, observed_by, update, planned),
            )| Event {
                internal: false,
                id,
                at,
                kind,
                other_kinds,
                text,
                actor,
                observed_by,
                update,
                planned,
                sources,
                important,
                precursor,
                claims: Vec::new(),
                origin: None,
                note: None,
            },
        )
}

fn finding() -> impl Strategy<Value = Finding> {
    (
        opt_text(),
        text(),
        opt_text(),
        short_ids(),
        short_ids(),
        short_ids(),
    )
        .prop_map(|(id, text, detail, sources, led_to, evidence)| Finding {
            id,
            text,
            detail,
            sources,
            led_to,
            evidence,
        })
}

fn due() -> impl Strategy<Value = incident::model::due::DueDate> {
    use incident::model::due::DueDate;
    prop_oneof![
        date().prop_map(DueDate::Day),
        date().prop_map(|d| DueDate::Month(d.with_day(1).unwrap())),
    ]
}

fn findings() -> impl Strategy<Value = Vec<Finding>> {
    proptest::collection::vec(finding(), 0..3)
}

fn action() -> impl Strategy<Value = ActionItem> {
    (
        (
            text(),
            text(),
            proptest::sample::select(vec![
                ActionType::Prevent,
                ActionType::Mitigate,
                ActionType::Detect,
                ActionType::Process,
            ]),
            proptest::option::of(proptest::sample::select(vec![
                Priority::P1,
                Priority::P2,
                Priority::P3,
            ])),
            opt_text(),
        ),
        (
            proptest::option::of(date()),
            proptest::option::of(due()),
            proptest::sample::select(ActionStatus::ALL.to_vec()),
            opt_text(),
            short_ids(),
        ),
        (proptest::option::of(date()), opt_text(), short_ids()),
    )
        .prop_map(
            |(
                (id, text, kind, priority, owner),
                (opened, due, status, link, sources),
                (completed, note, addresses),
            )| {
                ActionItem {
                    internal: false,
                    id,
                    text,
                    kind,
                    priority,
                    owner,
                    opened,
                    due,
                    status,
                    completed,
                    link,
                    sources,
                    note,
                    addresses,
                }
            },
        )
}

fn source() -> impl Strategy<Value = Source> {
    (
        text(),
        text(),
        opt_text(),
        proptest::sample::select(SourceKind::ALL.to_vec()),
        proptest::option::of(date()),
        opt_text(),
        any::<bool>(),
    )
        .prop_map(
            |(id, title, url, kind, published, note, further_reading)| Source {
                internal: false,
                id,
                title,
                url,
                kind,
                publisher: None,
                published,
                note,
                further_reading,
            },
        )
}

fn role_holder() -> impl Strategy<Value = incident::model::roles::RoleHolder> {
    use incident::model::roles::{Role, RoleHolder};
    (
        proptest::sample::select(Role::ALL.to_vec()),
        opt_text(),
        text(),
        proptest::option::of(when()),
        proptest::option::of(when()),
        short_ids(),
        opt_text(),
    )
        .prop_map(
            |(role, title, person, from, to, sources, note)| RoleHolder {
                role,
                title,
                person,
                from,
                to,
                sources,
                note,
            },
        )
}

fn incident() -> impl Strategy<Value = Incident> {
    let head = (
        text(),
        text(),
        text(),
        proptest::sample::select(vec![
            IncidentKind::Real,
            IncidentKind::Drill,
            IncidentKind::Test,
        ]),
        proptest::sample::select(vec![
            Severity::new("Sev1"),
            Severity::new("Sev2"),
            Severity::new("Sev3"),
            Severity::new("Sev4"),
        ]),
        proptest::sample::select(vec![
            Status::Investigating,
            Status::Identified,
            Status::Mitigated,
            Status::Monitoring,
            Status::Resolved,
            Status::Closed,
        ]),
        short_ids(),
        opt_text(),
        opt_text(),
        short_ids(),
        opt_text(),
        text(),
    );
    let moments = (moment(), moment(), moment(), moment(), moment()).prop_map(
        |(started, detected, communicated, mitigated, resolved)| Moments {
            started,
            detected,
            communicated,
            mitigated,
            resolved,
        },
    );
    let body = (
        moments,
        proptest::collection::vec(affected(), 0..3),
        proptest::collection::vec(affected(), 0..3),
        proptest::collection::vec(event(), 0..4),
        (findings(), findings(), findings()),
        (findings(), findings(), findings()),
        proptest::collection::vec(action(), 0..3),
        proptest::collection::vec(source(), 0..3),
        short_ids(),
        (
            short_ids(),
            proptest::collection::vec(role_holder(), 0..3),
            proptest::option::of(proptest::sample::select(
                incident::model::chain::RootCauseStatus::ALL.to_vec(),
            )),
        ),
    );
    (head, body).prop_map(
        |(
            (
                id,
                title,
                summary,
                kind,
                severity,
                status,
                authors,
                organisation,
                region,
                zones,
                site,
                timezone,
            ),
            (
                moments,
                services,
                customers,
                events,
                c,
                l,
                actions,
                sources,
                tags,
                (summary_sources, roles, root_cause_status),
            ),
        )| Incident {
            schema: SCHEMA_VERSION,
            id,
            title,
            summary,
            summary_sources,
            kind,
            severity,
            status,
            authors,
            organisation,
            region,
            zones,
            site,
            timezone,
            moments,
            services,
            customers,
            no_impact: false,
            events,
            roles,
            causes: Causes {
                trigger: c.0,
                root_causes: c.1,
                contributing: c.2,
                root_cause_status,
            },
            lessons: Lessons {
                went_well: l.0,
                went_wrong: l.1,
                lucky: l.2,
            },
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
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Writing and reading records

fn parse(text: &str) -> Incident {
    parse_text(Path::new("p.ron"), text).unwrap_or_else(|p| panic!("{p}\n{text}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_record_written_parses_back_equal(inc in incident()) {
        let text = to_canonical(&inc).unwrap();
        let back = parse(&text);
        prop_assert_eq!(&back, &inc, "{}", text);
    }

    #[test]
    fn canonical_layout_is_a_fixed_point(inc in incident()) {
        let first = to_canonical(&inc).unwrap();
        let second = to_canonical(&parse(&first)).unwrap();
        prop_assert_eq!(&first, &second);
        prop_assert!(first.ends_with(")\n"));
        // The writer also survives CRLF line endings and a byte-order mark from an editor.
        let crlf = format!("\u{feff}{}", first.replace('\n', "\r\n"));
        let loaded = incident::files::load::parse_bytes(Path::new("p.ron"), crlf.as_bytes()).unwrap();
        prop_assert_eq!(&loaded.incident, &inc);
    }
}

// ---------------------------------------------------------------------------------------------
// Zones and elapsed time

fn la() -> Zone {
    Zone::Named(chrono_tz::America::Los_Angeles)
}

fn london() -> Zone {
    Zone::Named(chrono_tz::Europe::London)
}

/// UTC instants on whole minutes within two days of a daylight-saving change, a midnight at a
/// month end, or anywhere in 2000–2040.
fn interesting_utc() -> impl Strategy<Value = DateTime<Utc>> {
    let anchors: Vec<DateTime<Utc>> = [
        "2023-03-12T10:00:00Z", // Los Angeles springs forward (02:00 PST)
        "2023-11-05T09:00:00Z", // Los Angeles falls back (02:00 PDT)
        "2023-03-26T01:00:00Z", // London springs forward
        "2023-10-29T01:00:00Z", // London falls back
        "2024-02-29T23:59:00Z", // leap day, month end
        "2022-12-31T23:59:00Z", // year end
        "2023-04-30T23:30:00Z", // 30-day month end
        "2022-12-18T00:56:00Z", // the Hong Kong first alarm
    ]
    .iter()
    .map(|s| s.parse().unwrap())
    .collect();
    prop_oneof![
        3 => (proptest::sample::select(anchors), -2880i64..2880)
            .prop_map(|(a, m)| a + Duration::minutes(m)),
        1 => (946_684_800i64 / 60..2_208_988_800i64 / 60)
            .prop_map(|m| DateTime::from_timestamp(m * 60, 0).unwrap()),
    ]
}

fn zone() -> impl Strategy<Value = Zone> {
    prop_oneof![
        Just(la()),
        Just(london()),
        Just(Zone::Named(chrono_tz::Asia::Hong_Kong)),
        Just(Zone::Utc),
        (-1439i32..=1439).prop_map(|m| Zone::Fixed(FixedOffset::east_opt(m * 60).unwrap())),
    ]
}

/// Minutes in `T+1d02:10` or `7 h 19 min` read back.
fn minutes_of(text: &str) -> i64 {
    let neg = text.starts_with('-');
    let body = text.trim_start_matches('-');
    // `T+1d02:10` (elapsed) or `1 d 11 min` (a duration, zero units left out).
    if let Some(clock) = body.strip_prefix("T+").or_else(|| body.strip_prefix("T-")) {
        let neg = body.starts_with("T-");
        let (d, hm) = clock.split_once('d').unwrap_or(("0", clock));
        let (h, m) = hm.split_once(':').unwrap();
        let v = d.parse::<i64>().unwrap() * 1440
            + h.parse::<i64>().unwrap() * 60
            + m.parse::<i64>().unwrap();
        return if neg { -v } else { v };
    }
    let words: Vec<&str> = body.split_whitespace().collect();
    let mut v = 0;
    for pair in words.chunks(2) {
        let n: i64 = pair[0].parse().unwrap_or_else(|_| panic!("{text}"));
        v += n * match pair.get(1).copied() {
            Some("d") => 1440,
            Some("h") => 60,
            Some("min") => 1,
            other => panic!("{text}: unit {other:?}"),
        };
    }
    if neg { -v } else { v }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn converting_to_a_zone_keeps_the_instant_and_uses_its_offset(
        t in interesting_utc(), z in zone()
    ) {
        let fixed = t.fixed_offset();
        let shown = z.convert(fixed);
        prop_assert_eq!(shown, fixed, "conversion must not move the instant");
        if let Zone::Named(tz) = z {
            use chrono::Offset;
            let expected = tz.offset_from_utc_datetime(&t.naive_utc()).fix();
            prop_assert_eq!(*shown.offset(), expected);
            // Reading the shown wall time back in the zone gives the instant, unless the
            // clocks went back and that wall time happened twice.
            match incident::model::time_input::place(shown.naive_local(), &z) {
                Ok(back) => prop_assert_eq!(back, fixed),
                Err(e) => {
                    prop_assert!(
                        matches!(e, incident::model::time_input::TimeInputError::Ambiguous { .. }),
                        "{}",
                        e
                    );
                    let ambiguous = matches!(
                        tz.from_local_datetime(&shown.naive_local()),
                        chrono::LocalResult::Ambiguous(..)
                    );
                    prop_assert!(ambiguous);
                }
            }
        }
    }

    #[test]
    fn elapsed_time_does_not_depend_on_the_zone_shown(
        a in interesting_utc(), b in interesting_utc(), za in zone(), zb in zone()
    ) {
        let in_utc = Instant(a.fixed_offset()).minutes_until(Instant(b.fixed_offset()));
        prop_assert_eq!(in_utc, (b.timestamp() - a.timestamp()) / 60);
        // The same two instants written with the offsets of any zones, even across a
        // daylight-saving change, are the same number of minutes apart.
        let (xa, xb) = (za.convert(a.fixed_offset()), zb.convert(b.fixed_offset()));
        prop_assert_eq!(Instant(xa).minutes_until(Instant(xb)), in_utc);
        prop_assert_eq!(minutes_of(&format_minutes(in_utc)), in_utc);
        prop_assert_eq!(minutes_of(&format_elapsed(in_utc)), in_utc);
    }

    #[test]
    fn key_figures_use_elapsed_not_wall_clock_time(
        start in interesting_utc(), m in 0i64..4000, zs in zone(), zr in zone()
    ) {
        let end = start + Duration::minutes(m);
        let mut inc = parse(include_str!("../fixtures/valid/2024-03-01-payments-db-failover.ron"));
        inc.moments.started = Some(Moment {
            at: When::At(Instant(zs.convert(start.fixed_offset()))),
            sources: vec![],
            note: None,
            observed_by: None,
            claims: Vec::new(),
        });
        inc.moments.resolved = Some(Moment {
            at: When::At(Instant(zr.convert(end.fixed_offset()))),
            sources: vec![],
            note: None,
            observed_by: None,
            claims: Vec::new(),
        });
        inc.moments.detected = None;
        inc.moments.mitigated = None;
        let figures = key_figures(&inc);
        let resolve = figures.iter().find(|f| f.key == FigureKey::TimeToResolve).unwrap();
        prop_assert_eq!(resolve.minutes(), Some(m));
        let total = figures.iter().find(|f| f.key == FigureKey::TotalDuration).unwrap();
        prop_assert_eq!(total.minutes(), Some(m));
    }
}

#[test]
fn elapsed_across_daylight_saving_changes_by_hand() {
    let la = chrono_tz::America::Los_Angeles;
    // 01:30 PST to 03:30 PDT on 12 March 2023: one hour of wall clock is skipped.
    let a = la
        .with_ymd_and_hms(2023, 3, 12, 1, 30, 0)
        .unwrap()
        .fixed_offset();
    let b = la
        .with_ymd_and_hms(2023, 3, 12, 3, 30, 0)
        .unwrap()
        .fixed_offset();
    assert_eq!(Instant(a).minutes_until(Instant(b)), 60);
    // 00:30 BST to 01:30 GMT on 29 October 2023 in London: two hours pass.
    let ldn = chrono_tz::Europe::London;
    let a = ldn
        .with_ymd_and_hms(2023, 10, 29, 0, 30, 0)
        .unwrap()
        .fixed_offset();
    let b = ldn
        .from_local_datetime(
            &NaiveDate::from_ymd_opt(2023, 10, 29)
                .unwrap()
                .and_hms_opt(1, 30, 0)
                .unwrap(),
        )
        .latest()
        .unwrap()
        .fixed_offset();
    assert_eq!(Instant(a).minutes_until(Instant(b)), 120);
    // The Hong Kong first alarm, 08:56 HKT, is 16:56 the day before in Los Angeles.
    let t: Instant = "2022-12-18T08:56:00+08:00".parse().unwrap();
    let shown = Zone::Named(la).convert(t.get());
    assert_eq!(shown.to_rfc3339(), "2022-12-17T16:56:00-08:00");
    // Across a month end at midnight: 23:50 on 28 Feb 2023 to 00:10 on 1 March is 20 min.
    let a: Instant = "2023-02-28T23:50:00+00:00".parse().unwrap();
    let b: Instant = "2023-03-01T00:10:00+00:00".parse().unwrap();
    assert_eq!(a.minutes_until(b), 20);
    assert_eq!(format_elapsed(a.minutes_until(b)), "T+00:20");
}

// ---------------------------------------------------------------------------------------------
// Merging impact windows

fn base() -> DateTime<FixedOffset> {
    "2022-12-18T08:00:00+08:00".parse().unwrap()
}

fn at_minute(m: i64, offset_min: i32) -> Instant {
    let off = FixedOffset::east_opt(offset_min * 60).unwrap();
    Instant((base() + Duration::minutes(m)).with_timezone(&off))
}

/// A window on a minute grid: start, length, level, and how it ends.
fn grid_window() -> impl Strategy<Value = (i64, i64, Level, u8, i32)> {
    (0i64..600, 0i64..240, level(), 0u8..10, -720i32..=840)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn merged_windows_never_count_a_minute_twice(
        ws in proptest::collection::vec(grid_window(), 0..12), at_m in 0i64..900
    ) {
        let at = at_minute(at_m, 480);
        let figures: Vec<WindowFigure> = ws
            .iter()
            .map(|&(start, len, level, end, off)| {
                let from = When::At(at_minute(start, off));
                let to = match end {
                    0 => When::Open,
                    1 => When::Unknown,
                    2 => When::About(at_minute(start + len, -off)),
                    _ => When::At(at_minute(start + len, -off)),
                };
                WindowFigure::new(from, to, level, at)
            })
            .collect();
        let (spans, approx) = union_spans(figures.iter());
        // Disjoint, sorted, not touching, non-empty.
        for s in &spans {
            prop_assert!(s.0 < s.1);
        }
        for pair in spans.windows(2) {
            prop_assert!(pair[0].1 < pair[1].0, "{:?}", pair);
        }
        // The merged length is exactly the number of distinct minutes covered.
        let mut covered = BTreeSet::new();
        for (w, &(start, len, level, end, _)) in figures.iter().zip(&ws) {
            if !level.counts_as_impact() || end == 1 {
                continue;
            }
            let stop = if end == 0 { at_m } else { start + len };
            covered.extend(start..stop.max(start));
            prop_assert!(w.counts());
        }
        let merged: i64 = spans.iter().map(|(a, b)| a.minutes_until(*b)).sum();
        prop_assert_eq!(merged, covered.len() as i64);
        // Approximate exactly when some counted window has an approximate end.
        let any_approx = figures
            .iter()
            .zip(&ws)
            .any(|(w, &(_, _, level, end, _))| level.counts_as_impact() && end == 2 && w.counts());
        prop_assert_eq!(approx, any_approx);
    }
}

#[test]
fn names_map_keeps_its_order() {
    // BTreeMap keys are written sorted, so a record written twice is the same bytes.
    let mut names = BTreeMap::new();
    names.insert("zh-Hant".to_string(), "澳門日報".to_string());
    names.insert("en".to_string(), "Macao Daily".to_string());
    let mut inc = parse(include_str!(
        "../fixtures/valid/2024-03-01-payments-db-failover.ron"
    ));
    inc.services[0].names = names;
    let text = to_canonical(&inc).unwrap();
    assert!(
        text.contains(r#"names: {"en": "Macao Daily", "zh-Hant": "澳門日報"},"#),
        "{text}"
    );
    assert_eq!(parse(&text), inc);
    let _ = Utc::now();
}

// ---------------------------------------------------------------------------------------------
// Hostile text in output

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever a service's name and scope hold, the Markdown view is one table with one row
    /// per target, the text comes back as text (no HTML but the `<br>` we write, no links, no
    /// emphasis), and the terminal table holds no control character but newline and tab.
    #[test]
    fn hostile_text_stays_text_in_every_view(names in proptest::collection::vec(text(), 1..4)) {
        use incident::derive::impact::Options;
        use incident::render::impact::{markdown_table, table};
        use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};
        let mut inc = parse(include_str!("../fixtures/valid/2024-03-01-payments-db-failover.ron"));
        let template = inc.services[0].clone();
        inc.services = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut s = template.clone();
                s.name = format!("{i}{n}");
                s.windows[0].scope = Some(n.clone());
                s
            })
            .collect();
        let at = incident::derive::moments::as_of(&inc, None, Instant("2030-01-01T00:00:00+00:00".parse().unwrap())).at;
        let report = incident::derive::figures::impact(&inc, at);
        let zone = Zone::Utc;
        let md = markdown_table(&report, &Options::default(), &zone);
        let (mut tables, mut rows) = (0, 0);
        for e in Parser::new_ext(&md, MdOptions::ENABLE_TABLES | MdOptions::ENABLE_STRIKETHROUGH) {
            match e {
                Event::Start(Tag::Table(_)) => tables += 1,
                Event::End(TagEnd::TableRow) => rows += 1,
                Event::Html(h) | Event::InlineHtml(h) => {
                    prop_assert_eq!(h.as_ref(), "<br>", "{}", md)
                }
                Event::Start(
                    t @ (Tag::Link { .. } | Tag::Image { .. } | Tag::Emphasis | Tag::Strong
                    | Tag::Strikethrough | Tag::CodeBlock(_) | Tag::Heading { .. }),
                ) => prop_assert!(false, "{:?} from record text in:\n{}", t, md),
                Event::Code(c) => prop_assert!(false, "code span {:?} in:\n{}", c, md),
                _ => {}
            }
        }
        prop_assert_eq!(tables, 1, "{}", md);
        prop_assert_eq!(rows, names.len(), "{}", md);
        for style in [incident::render::Style::PLAIN, incident::render::Style { width: Some(30), color: false, unicode: false }] {
            let t = table(&report, &Options::default(), &zone, &style);
            let bad = t.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\t'));
            prop_assert!(bad.is_none(), "{:?} reached the terminal:\n{}", bad, t);
        }
    }
}
