//! `callsim forecast` on synthetic history with a known weekly pattern,
//! trend and Poisson noise: the chosen model beats seasonal naive in the
//! backtest, its prediction intervals cover their share of the days after
//! the history, it recovers the trend, special days are applied, its output
//! is read by `erlang --intervals`, `simulate --forecast` and
//! `staff --forecast`, and every bad input is refused in one sentence.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use callsim::forecast::forecaster::{self, ForecastReport, Options};
use callsim::forecast::history::{self, History, Source};
use callsim::forecast::models::{Calendar, Model, predict};
use callsim::forecast::special::SpecialDays;
use callsim::tabular::ColumnMap;
use chrono::NaiveDate;
use rand::{RngExt, SeedableRng};
use rand_distr::Poisson;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Monday.
fn first_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
}

const WEEKDAY: [f64; 7] = [1.3, 1.1, 1.0, 1.0, 0.9, 0.5, 0.2];
/// 16 half hours from 08:00.
const SHAPE: [f64; 16] = [
    0.4, 0.7, 1.0, 1.2, 1.3, 1.2, 1.0, 0.8, 0.8, 0.9, 1.1, 1.2, 1.1, 0.9, 0.7, 0.5,
];

/// A queue's expected calls per interval: `base` calls a day on an average
/// weekday, plus `growth` calls a day each day.
#[derive(Clone, Copy)]
struct Truth {
    base: f64,
    growth: f64,
}

impl Truth {
    fn mean(self, day: usize, slot: usize) -> f64 {
        let shape_sum: f64 = SHAPE.iter().sum();
        (self.base + self.growth * day as f64) * WEEKDAY[day % 7] * SHAPE[slot] / shape_sum
    }
}

/// An interval report of `days` days from `first_date()` plus the days
/// after it (`extra`), drawn with Poisson noise: the history as CSV text and
/// the later days' counts per queue, day and slot.
fn synthetic(
    queues: &[(&str, Truth)],
    days: usize,
    extra: usize,
    seed: u64,
) -> (String, Vec<Vec<[u64; 16]>>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut text = String::from("date,interval,queue,offered,answered,aht\n");
    let mut future = Vec::new();
    for (name, truth) in queues {
        let mut later = Vec::new();
        for day in 0..days + extra {
            let date = first_date() + chrono::Duration::days(day as i64);
            let mut counts = [0u64; 16];
            for (slot, count) in counts.iter_mut().enumerate() {
                let mean = truth.mean(day, slot);
                *count = rng.sample(Poisson::new(mean).unwrap()) as u64;
                if day < days {
                    let (h, m) = (8 + slot / 2, if slot % 2 == 0 { 0 } else { 30 });
                    text.push_str(&format!(
                        "{date},{h:02}:{m:02},{name},{count},{count},{}\n",
                        240 + 10 * (slot % 3)
                    ));
                }
            }
            if day >= days {
                later.push(counts);
            }
        }
        future.push(later);
    }
    (text, future)
}

fn read(text: &str) -> History {
    history::read(
        &Source::Bytes("history.csv", text.as_bytes()),
        &ColumnMap::default(),
        30,
    )
    .unwrap()
}

fn options(from: NaiveDate, days: usize) -> Options {
    Options {
        from,
        days,
        level: 0.8,
        holdout_weeks: 2,
    }
}

fn forecast(history: &History, days: usize) -> ForecastReport {
    let from = history.last_date().succ_opt().unwrap();
    forecaster::forecast(history, &SpecialDays::new(), &options(from, days)).unwrap()
}

#[test]
fn the_chosen_model_beats_seasonal_naive_in_the_backtest() {
    let queues = [
        (
            "support",
            Truth {
                base: 800.0,
                growth: 2.0,
            },
        ),
        (
            "sales",
            Truth {
                base: 300.0,
                growth: 0.0,
            },
        ),
    ];
    let (text, _) = synthetic(&queues, 84, 0, 11);
    let report = forecast(&read(&text), 7);
    for q in &report.queues {
        assert_eq!(q.scores[0].model, Model::SeasonalNaive);
        let winner = q.scores.iter().find(|s| s.model == q.winner).unwrap();
        // With Poisson noise alone, naive's error has twice the variance of
        // a model that averages weeks: its WAPE is about √2 times larger.
        assert_eq!(q.winner, Model::HoltWinters, "{}: {:?}", q.queue, q.scores);
        assert!(winner.wape < q.scores[0].wape, "{:?}", q.scores);
        assert!(q.improvement_over_naive > 0.0);
    }
}

#[test]
fn prediction_intervals_cover_their_nominal_share_of_the_days_after_the_history() {
    let queues: Vec<(String, Truth)> = (0..6)
        .map(|i| {
            (
                format!("q{i}"),
                Truth {
                    base: 400.0 + 150.0 * i as f64,
                    growth: i as f64 * 0.5,
                },
            )
        })
        .collect();
    let named: Vec<(&str, Truth)> = queues.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let (text, future) = synthetic(&named, 84, 14, 23);
    let report = forecast(&read(&text), 14);
    // Each interval claims the probability its negative binomial gives
    // [low, high] (at least 80 %, more where whole calls round it up); the
    // count covered is a sum of independent Bernoulli trials around the sum
    // of the claims, so it may stray 3 of their standard deviations.
    let (mut covered, mut claimed, mut variance, mut n) = (0.0, 0.0, 0.0, 0.0);
    for (q, outcome) in report.queues.iter().enumerate() {
        let rows = report.intervals.iter().filter(|r| r.queue == outcome.queue);
        for (i, row) in rows.enumerate() {
            let actual = future[q][i / 16][i % 16] as f64;
            covered += f64::from(u8::from(row.low <= actual && actual <= row.high));
            let c = callsim::forecast::backtest::coverage_of(
                row.calls,
                outcome.interval_dispersion,
                (row.low, row.high),
            );
            claimed += c;
            variance += c * (1.0 - c);
            n += 1.0;
        }
    }
    assert_eq!(n, 6.0 * 14.0 * 16.0);
    let tolerance = 3.0 * variance.sqrt();
    assert!(
        (covered - claimed).abs() <= tolerance,
        "covered {covered} of {n}, claimed {claimed:.1} ± {tolerance:.1}"
    );
    // And the claims themselves are near the nominal 80 %.
    assert!(
        (0.8..0.86).contains(&(claimed / n)),
        "claimed {}",
        claimed / n
    );
}

#[test]
fn holt_winters_recovers_a_known_trend() {
    // Fitted on 16 independent histories, the trend's mean is within 3
    // standard errors (their spread / √16) of the truth.
    let growth = 3.0;
    let truth = Truth {
        base: 600.0,
        growth,
    };
    let specials = SpecialDays::new();
    let calendar = Calendar {
        first_date: first_date(),
        specials: &specials,
    };
    let estimates: Vec<f64> = (0..16)
        .map(|seed| {
            let (text, _) = synthetic(&[("q", truth)], 84, 0, 100 + seed);
            let history = read(&text);
            let p = predict(Model::HoltWinters, &history.queues[0], 84, &calendar, 84, 7);
            // The average day's calls rise by `growth` × the week's mean index.
            p.fit.unwrap().trend_per_day
        })
        .collect();
    let expected = growth * WEEKDAY.iter().sum::<f64>() / 7.0;
    let k = estimates.len() as f64;
    let mean = estimates.iter().sum::<f64>() / k;
    let sd = (estimates.iter().map(|e| (e - mean).powi(2)).sum::<f64>() / (k - 1.0)).sqrt();
    let standard_error = sd / k.sqrt();
    assert!(
        (mean - expected).abs() <= 3.0 * standard_error,
        "trend {mean:.3} ± {standard_error:.3} a day, truth {expected:.3}"
    );
    // The test can fail: no trend is not within reach.
    assert!(mean.abs() > 3.0 * standard_error, "{mean} {standard_error}");
}

fn callsim() -> Command {
    Command::cargo_bin("callsim").unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// The forecast CSV `callsim forecast` writes for the synthetic history.
fn forecast_file(dir: &Path, queues: &[(&str, Truth)], days: usize, extra: &[&str]) -> String {
    let (text, _) = synthetic(queues, 56, 0, 5);
    let history = write(dir, "history.csv", &text);
    let output = dir.join("forecast.csv");
    let mut args = vec![
        "forecast".to_string(),
        history,
        "--from".into(),
        "2026-03-02".into(),
        "--days".into(),
        days.to_string(),
        "--output".into(),
        output.to_str().unwrap().into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    callsim().args(&args).assert().success();
    output.to_str().unwrap().to_string()
}

fn day_totals(path: &str) -> Vec<f64> {
    let text = fs::read_to_string(path).unwrap();
    let mut totals = vec![0.0; 0];
    let mut last_date = String::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[0] != last_date {
            totals.push(0.0);
            last_date = cells[0].to_string();
        }
        *totals.last_mut().unwrap() += cells[3].parse::<f64>().unwrap();
    }
    totals
}

#[test]
fn special_days_scale_a_date_or_give_it_another_weekday() {
    let dir = tempfile::tempdir().unwrap();
    let queues = [(
        "support",
        Truth {
            base: 500.0,
            growth: 0.0,
        },
    )];
    let plain = day_totals(&forecast_file(dir.path(), &queues, 7, &[]));
    // 2026-03-02 is a Monday: ×1.5; Tuesday like Sunday.
    let specials = write(
        dir.path(),
        "special.csv",
        "date,factor\n2026-03-02,1.5\n2026-03-03,like Sunday\n",
    );
    let special = day_totals(&forecast_file(
        dir.path(),
        &queues,
        7,
        &["--special-days", &specials],
    ));
    assert_eq!(plain.len(), 7);
    // Totals of rounded intervals: within a cent per interval.
    assert!(
        (special[0] - 1.5 * plain[0]).abs() < 0.01 * 16.0 * 1.5,
        "{special:?} {plain:?}"
    );
    assert!(
        (special[1] - plain[6]).abs() < 0.01 * 16.0,
        "{special:?} {plain:?}"
    );
    for d in 2..7 {
        assert!((special[d] - plain[d]).abs() < 0.01 * 16.0);
    }
}

#[test]
fn erlang_simulate_and_staff_read_the_forecast_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let queues = [(
        "support",
        Truth {
            base: 900.0,
            growth: 0.0,
        },
    )];
    for lang in ["en", "pt"] {
        let file = forecast_file(dir.path(), &queues, 1, &["--lang", lang]);
        let text = fs::read_to_string(&file).unwrap();
        if lang == "pt" {
            assert!(text.starts_with("\u{feff}data;intervalo;fila;chamadas;tma_s;baixo;alto"));
            assert!(text.contains("02/03/2026;08:00;support;"), "{text}");
        } else {
            assert!(text.starts_with("date,interval,queue,calls,aht_s,low,high\n"));
        }
        callsim()
            .args(["erlang", "--intervals", &file, "--target", "80/20"])
            .assert()
            .success();
        let scenario = write(
            dir.path(),
            "day.toml",
            r#"
[simulation]
seed = 1
replications = 4
interval_min = 30
open = "08:00"
close = "16:00"

[[call_type]]
name = "support"
calls_per_interval = 1
handle = { dist = "lognormal", mean_s = 240, cv = 0.6 }
patience = { dist = "exponential", mean_s = 180 }

[[agent_group]]
name = "team"
agents = 30
skills = ["support"]

[targets]
service_level_pct = 80
answer_within_s = 20

[[shift]]
name = "day"
start = ["08:00", "10:00", "12:00"]
length_min = 240
cost = 1
"#,
        );
        let simulated = callsim()
            .args([
                "simulate",
                &scenario,
                "--forecast",
                &file,
                "--format",
                "json",
            ])
            .assert()
            .success();
        let json: serde_json::Value =
            serde_json::from_slice(&simulated.get_output().stdout).unwrap();
        assert!(json.to_string().contains("support"));
        callsim()
            .args([
                "staff",
                &scenario,
                "--forecast",
                &file,
                "--set",
                "simulation.replications=4",
            ])
            .assert()
            .success();
    }
}

/// `callsim forecast FILE` refused: its one-sentence message.
fn refusal(dir: &Path, name: &str, text: &str, extra: &[&str]) -> String {
    let path = write(dir, name, text);
    let mut args = vec!["forecast", path.as_str(), "--days", "7"];
    if !extra.contains(&"--from") {
        args.extend(["--from", "2027-06-01"]);
    }
    args.extend_from_slice(extra);
    let out = callsim().args(&args).assert().failure().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one sentence: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    stderr
}

/// `days` days of 30-minute intervals over `hours` hours from `start_hour`.
fn report(days: usize, start_hour: u32, hours: u32) -> String {
    let mut text = String::from("date,interval,queue,offered\n");
    for d in 0..days {
        let date = first_date() + chrono::Duration::days(d as i64);
        for half in 0..hours * 2 {
            let minutes = start_hour * 60 + half * 30;
            text.push_str(&format!(
                "{date},{:02}:{:02},q,10\n",
                minutes / 60,
                minutes % 60
            ));
        }
    }
    text
}

#[test]
fn every_bad_history_is_refused_in_one_sentence_naming_file_line_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let has = |message: &str, parts: &[&str]| {
        for part in parts {
            assert!(message.contains(part), "`{part}` missing in: {message}");
        }
    };
    has(&refusal(d, "empty.csv", "", &[]), &["empty.csv", "empty"]);
    has(
        &refusal(
            d,
            "columns.csv",
            "date,interval,queue,answered\n2026-01-05,08:00,q,3\n",
            &[],
        ),
        &["columns.csv:1", "offered", "--columns"],
    );
    let header = "date,interval,queue,offered,answered\n";
    has(
        &refusal(
            d,
            "date.csv",
            &format!("{header}2026-01-05,08:00,q,3,1\n2026-13-45,08:00,q,3,1\n"),
            &[],
        ),
        &["date.csv:3", "\"date\"", "2026-13-45"],
    );
    has(
        &refusal(
            d,
            "number.csv",
            &format!("{header}2026-01-05,08:00,q,abc,1\n"),
            &[],
        ),
        &["number.csv:2", "\"offered\"", "abc"],
    );
    has(
        &refusal(
            d,
            "negative.csv",
            &format!("{header}2026-01-05,08:00,q,-3,0\n"),
            &[],
        ),
        &["negative.csv:2", "\"offered\"", "-3", "negative"],
    );
    has(
        &refusal(
            d,
            "answered.csv",
            &format!("{header}2026-01-05,08:00,q,3,5\n"),
            &[],
        ),
        &[
            "answered.csv:2",
            "\"answered\"",
            "5",
            "more than the 3 offered",
        ],
    );
    has(
        &refusal(
            d,
            "duplicate.csv",
            &format!(
                "{header}2026-01-05,08:00,q,3,1\n2026-01-05,08:30,q,3,1\n2026-01-05,08:30,q,4,1\n"
            ),
            &[],
        ),
        &["duplicate.csv:4", "2026-01-05 08:30 twice", "lines 3 and 4"],
    );
    has(
        &refusal(
            d,
            "back.csv",
            &format!(
                "{header}2026-11-01,00:30,q,3,1\n2026-11-01,01:00,q,3,1\n2026-11-01,01:30,q,3,1\n2026-11-01,01:00,q,3,1\n"
            ),
            &[],
        ),
        &[
            "back.csv:5",
            "2026-11-01 01:00 comes again",
            "daylight saving time ended",
        ],
    );
    let mut forward = report(10, 0, 24);
    forward = forward
        .lines()
        .filter(|l| !(l.starts_with("2026-01-08,02:00") || l.starts_with("2026-01-08,02:30")))
        .map(|l| format!("{l}\n"))
        .collect();
    has(
        &refusal(d, "forward.csv", &forward, &[]),
        &[
            "forward.csv:",
            "2026-01-08 has no rows from 02:00 to 03:00",
            "daylight saving time began",
        ],
    );
    has(
        &refusal(
            d,
            "offset.csv",
            "start,queue,offered\n2026-10-31 23:30:00-03:00,q,3\n2026-11-01 00:00:00-02:00,q,3\n",
            &[],
        ),
        &["offset.csv:3", "\"start\"", "clock change"],
    );
    has(
        &refusal(d, "one_day.csv", &report(1, 8, 8), &[]),
        &["one_day.csv", "at least 14 days", "holds 1"],
    );
    // Ten days of half hours, then a day of quarter hours.
    let mut mixed = report(10, 8, 4);
    for q in 0..8 {
        let m = 8 * 60 + q * 15;
        mixed.push_str(&format!("2026-02-02,{:02}:{:02},q,10\n", m / 60, m % 60));
    }
    has(
        &refusal(d, "mixed.csv", &mixed, &[]),
        &["mixed.csv:", "08:15", "mixes interval lengths"],
    );
    has(
        &refusal(
            d,
            "special_days_bad.csv",
            &report(21, 8, 4),
            &[
                "--special-days",
                &write(d, "sd.csv", "date,factor\n2027-06-02,soon\n"),
            ],
        ),
        &["sd.csv:2", "\"factor\"", "soon"],
    );
    has(
        &refusal(d, "from.csv", &report(21, 8, 4), &["--from", "2026-01-10"]),
        &["--from 2026-01-10", "not after the history's last date"],
    );
}

#[test]
fn a_call_log_is_counted_into_intervals() {
    // Three weeks of calls: each day 08:00-08:30 has 3 answered calls and one
    // abandoned, 08:30-09:00 one answered call.
    let mut text = String::from(
        "replication,caller,attempt,repeat,arrival,entry,ivr_s,ivr,queue,outcome,wait_s,talk_s,acw_s,group\n",
    );
    for d in 0..21 {
        let date = first_date() + chrono::Duration::days(d);
        for (k, (time, outcome)) in [
            ("08:01:00.000", "answered"),
            ("08:10:00.000", "answered"),
            ("08:20:00.000", "answered"),
            ("08:25:00.000", "abandoned"),
            ("08:40:00.000", "answered"),
        ]
        .iter()
        .enumerate()
        {
            let talk = if *outcome == "answered" {
                "200.000"
            } else {
                ""
            };
            let acw = if *outcome == "answered" { "20.000" } else { "" };
            text.push_str(&format!(
                "1,{d}{k},1,first,{date} {time},,,,support,{outcome},5.000,{talk},{acw},team\n"
            ));
        }
        // Another replication repeats the dates: not counted.
        text.push_str(&format!(
            "2,x{d},1,first,{date} 08:05:00.000,,,,support,answered,0.000,100.000,0.000,team\n"
        ));
    }
    let history = read(&text);
    assert!(history.from_call_log);
    assert_eq!(history.interval_min, 30);
    let q = &history.queues[0];
    assert_eq!(q.day(0)[16], 4.0);
    assert_eq!(q.day(0)[17], 1.0);
    assert_eq!(q.handle_s[16] / q.handled[16], 220.0);
    let report = forecast(&history, 7);
    assert_eq!(report.intervals.len(), 7 * 2);
    assert!(report.intervals.iter().all(|r| r.aht_s == Some(220.0)));
}

/// The JSON record of `callsim forecast ARGS`.
fn json_of(args: &[&str]) -> serde_json::Value {
    let out = callsim()
        .args(args)
        .args(["--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn a_pt_br_export_with_its_own_headers_reads_as_the_same_history() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _) = synthetic(
        &[(
            "suporte",
            Truth {
                base: 400.0,
                growth: 1.0,
            },
        )],
        28,
        0,
        9,
    );
    let plain = write(dir.path(), "plain.csv", &text);
    // As a Brazilian Excel saves it: BOM, `;`, dd/mm/yyyy, TMA as hh:mm:ss, its own headers.
    let mut pt = String::from("\u{feff}Dia do Relatório;Início;Fila;Recebidas;Atendidas;TMA\r\n");
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        let date = NaiveDate::parse_from_str(c[0], "%Y-%m-%d").unwrap();
        let aht: u32 = c[5].parse().unwrap();
        pt.push_str(&format!(
            "{};{};{};{};{};00:{:02}:{:02}\r\n",
            date.format("%d/%m/%Y"),
            c[1],
            c[2],
            c[3],
            c[4],
            aht / 60,
            aht % 60
        ));
    }
    let exported = write(dir.path(), "export.csv", &pt);
    let profile = write(
        dir.path(),
        "acd.toml",
        "date_format = \"%d/%m/%Y\"\n[columns]\ndate = \"Dia do Relatório\"\ninterval = \"Início\"\n",
    );
    let from = ["--from", "2026-02-02", "--days", "7"];
    let expected = json_of(&[&["forecast", &plain][..], &from].concat());
    let by_flag = json_of(
        &[
            &[
                "forecast",
                &exported,
                "--columns",
                "date=Dia do Relatório,interval=Início",
            ][..],
            &from,
        ]
        .concat(),
    );
    let by_profile =
        json_of(&[&["forecast", &exported, "--columns", &profile][..], &from].concat());
    for read in [&by_flag, &by_profile] {
        assert_eq!(read["intervals"], expected["intervals"]);
        assert_eq!(read["day_factor_cv"], expected["day_factor_cv"]);
        assert_eq!(read["history"]["days"], 28);
        assert_eq!(read["history"]["interval_min"], 30);
    }
    assert!(expected["day_factor_cv"].as_f64().unwrap() >= 0.0);
    assert_eq!(expected["queues"][0]["queue"], "suporte");
}

#[test]
fn a_marked_holiday_is_left_out_of_the_fit() {
    // The history's last Monday (day 77) had a fifth of its calls; marked
    // as a 0.2 day, next Monday's forecast is an ordinary Monday's.
    let truth = Truth {
        base: 800.0,
        growth: 0.0,
    };
    let (text, _) = synthetic(&[("q", truth)], 84, 0, 31);
    let mut holiday = String::new();
    for line in text.lines() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if cells[0] == "2026-03-23" {
            let scaled = (cells[3].parse::<f64>().unwrap() * 0.2).round();
            cells[3] = scaled.to_string();
            cells[4] = scaled.to_string();
        }
        holiday.push_str(&cells.join(","));
        holiday.push('\n');
    }
    let history = read(&holiday);
    let mut marked = SpecialDays::new();
    marked.insert(
        NaiveDate::from_ymd_opt(2026, 3, 23).unwrap(),
        callsim::forecast::special::SpecialDay::Factor(0.2),
    );
    let unmarked = SpecialDays::new();
    let monday: f64 = (0..16).map(|s| truth.mean(84, s)).sum();
    // A Monday's total varies by √total (Poisson) in one week's copy; the
    // smoothing averages several, so 4 of those is a generous bound.
    let tolerance = 4.0 * monday.sqrt();
    for model in Model::ALL {
        let total = |specials: &SpecialDays| {
            let calendar = Calendar {
                first_date: first_date(),
                specials,
            };
            let p = predict(model, &history.queues[0], 84, &calendar, 84, 1);
            p.day(0).iter().sum::<f64>()
        };
        let (with, without) = (total(&marked), total(&unmarked));
        assert!(
            (with - monday).abs() < tolerance,
            "{model:?}: {with} vs {monday} ± {tolerance}"
        );
        assert!(without < with - tolerance, "{model:?}: {without} {with}");
    }
}

/// Half-hour rows stamped in UTC from `first` for `days` days, ten calls
/// each (none in the UTC hour `lost`), read on Berlin's clock.
fn read_berlin(first: &str, days: i64, lost: Option<&str>) -> Result<History, String> {
    let start = chrono::DateTime::parse_from_rfc3339(first).unwrap();
    let mut text = String::from("start,queue,offered\n");
    for k in 0..days * 48 {
        let t = start + chrono::Duration::minutes(30 * k);
        let stamp = t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        if lost.is_some_and(|hour| stamp.starts_with(hour)) {
            continue;
        }
        text.push_str(&format!("{stamp},q,10\n"));
    }
    let map = ColumnMap::default()
        .with_time_zone(Some("Europe/Berlin".into()))
        .unwrap();
    history::read(&Source::Bytes("utc.csv", text.as_bytes()), &map, 30).map_err(|e| e.to_string())
}

fn berlin_history(first: &str, days: i64) -> History {
    read_berlin(first, days, None).unwrap()
}

/// The day's total calls in `history`, by its local date.
fn total_on(history: &History, date: NaiveDate) -> f64 {
    let day = (0..history.days() as i64)
        .find(|&d| history.date(d) == date)
        .unwrap();
    history.queues[0].total(day as usize)
}

#[test]
fn offsets_read_on_the_centers_clock_keep_every_call_across_clock_changes() {
    // Autumn: 25 local hours on 2026-10-25, the hour from 02:00 twice; the
    // same-named interval holds both, and no call is lost or refused.
    let autumn = berlin_history("2026-10-11T22:00:00Z", 21);
    let date = |d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap();
    assert_eq!(total_on(&autumn, date(25)), 500.0);
    assert_eq!(total_on(&autumn, date(24)), 480.0);
    assert_eq!(total_on(&autumn, date(26)), 480.0);
    let slot = |h: usize| h * 2;
    let day = (0..autumn.days() as i64)
        .find(|&d| autumn.date(d) == date(25))
        .unwrap() as usize;
    assert_eq!(autumn.queues[0].day(day)[slot(2)], 20.0, "02:00 came twice");
    assert_eq!(autumn.queues[0].day(day)[slot(3)], 10.0);
    // Spring: 23 local hours on 2026-03-29, no rows from 02:00 to 03:00.
    let spring = berlin_history("2026-03-15T23:00:00Z", 21);
    let date = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
    assert_eq!(total_on(&spring, date(29)), 460.0);
    assert_eq!(total_on(&spring, date(28)), 480.0);
    // An hour lost from the export on a day the clock kept is still found
    // (six weeks, so that the hour is one nearly every day has).
    let lost = read_berlin("2026-03-15T23:00:00Z", 42, Some("2026-03-19T01")).unwrap_err();
    assert!(
        lost.contains("2026-03-19 has no rows from 02:00 to 03:00"),
        "{lost}"
    );
}
