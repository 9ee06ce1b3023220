//! `callsim fit`: the estimators recover what a seeded generator drew, within
//! tolerances set by their own standard errors, and bad logs are refused in
//! one sentence naming the file, line, column and value.
//!
//! Tolerance: K = 4 standard errors. For an unbiased, normal estimator a
//! two-sided miss beyond 4 SE has probability 6e-5, so the dozen checks here
//! fail by chance about once in a thousand seeds, while a bias of a few SE
//! (what a wrong likelihood or a censoring mistake gives) is caught.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use callsim::distribution::{Distribution, DistributionKind, RawDistribution};
use callsim::fit::patience::{self, Waits};
use callsim::fit::synthetic::SyntheticLog;
use callsim::fit::{Durations, ReadOptions, families, fit, log};
use chrono::NaiveDate;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

const K: f64 = 4.0;

fn raw(dist: DistributionKind) -> RawDistribution {
    RawDistribution {
        dist,
        ..RawDistribution::default()
    }
}

fn mean_cv(dist: DistributionKind, mean: f64, cv: f64) -> RawDistribution {
    RawDistribution {
        mean_s: Some(mean),
        cv: Some(cv),
        ..raw(dist)
    }
}

fn weibull(shape: f64, scale: f64) -> RawDistribution {
    RawDistribution {
        shape: Some(shape),
        scale_s: Some(scale),
        ..raw(DistributionKind::Weibull)
    }
}

fn exponential(mean: f64) -> RawDistribution {
    RawDistribution {
        mean_s: Some(mean),
        ..raw(DistributionKind::Exponential)
    }
}

fn draw(dist: &RawDistribution, n: usize, seed: u64) -> Vec<f64> {
    let d = Distribution::new(dist).unwrap();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..n).map(|_| d.sample(&mut rng)).collect()
}

/// The true mean and cv of a distribution (cv from a huge sample where no
/// closed form is at hand is not needed: every family here has one).
fn truth(dist: &RawDistribution) -> (f64, f64) {
    let fitted = callsim::fit::Fitted::of(dist).unwrap();
    families::moments(fitted)
}

fn within(what: &str, estimate: f64, se: f64, truth: f64) {
    assert!(
        (estimate - truth).abs() <= K * se,
        "{what}: {estimate} is {:.1} SE from the truth {truth} (SE {se})",
        (estimate - truth) / se
    );
}

#[test]
fn maximum_likelihood_recovers_each_family_within_its_standard_errors() {
    let cases = [
        mean_cv(DistributionKind::Lognormal, 240.0, 0.8),
        mean_cv(DistributionKind::Gamma, 300.0, 0.6),
        weibull(1.4, 200.0),
        exponential(120.0),
        RawDistribution {
            mean_s: Some(180.0),
            k: Some(3.0),
            ..raw(DistributionKind::Erlang)
        },
    ];
    for (i, dist) in cases.iter().enumerate() {
        let sample = Durations::new(draw(dist, 20_000, 100 + i as u64));
        let fits = families::fit_families(&sample);
        let own = fits.iter().find(|f| f.family == dist.dist).unwrap();
        let (mean, cv) = truth(dist);
        let name = dist.dist.name();
        within(
            &format!("{name} mean"),
            own.mean_s,
            own.mean_se_s.unwrap(),
            mean,
        );
        if let Some(cv_se) = own.cv_se {
            within(&format!("{name} cv"), own.cv, cv_se, cv);
        } else {
            assert!((own.cv - cv).abs() < 1e-9, "{name}: cv fixed by the family");
        }
        // The KS test does not reject the true family at 1 %.
        assert!(
            own.ks.ks_p_value > 0.01,
            "{name}: KS p = {}",
            own.ks.ks_p_value
        );
    }
}

/// The standard error is right, not just the estimate: over 200 samples of
/// 400 lognormal durations the estimates' spread matches the mean reported
/// SE within the spread's own sampling error (a standard deviation from 200
/// values is within ±4·SD/√(2·199) with overwhelming probability).
#[test]
fn reported_standard_errors_match_the_spread_of_the_estimates() {
    let dist = mean_cv(DistributionKind::Lognormal, 200.0, 0.7);
    let (mut estimates, mut errors) = (Vec::new(), Vec::new());
    for seed in 0..200 {
        let sample = Durations::new(draw(&dist, 400, 5000 + seed));
        let fit = families::fit_families(&sample)
            .into_iter()
            .find(|f| f.family == DistributionKind::Lognormal)
            .unwrap();
        estimates.push(fit.mean_s);
        errors.push(fit.mean_se_s.unwrap());
    }
    let n = estimates.len() as f64;
    let mean = estimates.iter().sum::<f64>() / n;
    let sd = (estimates.iter().map(|e| (e - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let reported = errors.iter().sum::<f64>() / n;
    let tolerance = K * sd / (2.0 * (n - 1.0)).sqrt();
    assert!(
        (sd - reported).abs() <= tolerance,
        "spread {sd}, reported SE {reported}"
    );
}

/// On 50 000 values the true family has the lowest AIC. Exponential truth is
/// left out: gamma and Weibull contain it with one more parameter, and AIC
/// then prefers the exponential only with probability P(χ²₁ < 2) ≈ 84 %.
/// Erlang truth too: gamma contains it with the same parameter count.
#[test]
fn aic_picks_the_true_family_on_a_large_sample() {
    let cases = [
        mean_cv(DistributionKind::Lognormal, 240.0, 0.8),
        mean_cv(DistributionKind::Gamma, 300.0, 0.6),
        weibull(1.4, 200.0),
    ];
    for (i, dist) in cases.iter().enumerate() {
        let sample = Durations::new(draw(dist, 50_000, 200 + i as u64));
        let fits = families::fit_families(&sample);
        assert_eq!(
            fits[0].family,
            dist.dist,
            "AIC order: {:?}",
            fits.iter().map(|f| (f.family, f.aic)).collect::<Vec<_>>()
        );
    }
}

/// Patience drawn from `dist`, each caller answered after an exponential
/// wait of mean `answer_mean_s` if still there: the answered are censored.
fn censored_waits(dist: &RawDistribution, answer_mean_s: f64, n: usize, seed: u64) -> Waits {
    let d = Distribution::new(dist).unwrap();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut waits = Waits::default();
    for _ in 0..n {
        let p = d.sample(&mut rng);
        let w = -answer_mean_s * (1.0 - rng.random::<f64>()).ln();
        if p < w {
            waits.add(p, true);
        } else {
            waits.add(w, false);
        }
    }
    waits
}

/// The guide's lesson (planner/fit.md): with a third or more of the waits censored, the
/// censored MLE recovers the mean patience within its confidence interval,
/// while the mean of the abandoned waits misses it by many standard errors.
#[test]
fn censored_patience_recovers_the_mean_and_the_naive_estimate_misses() {
    let cases = [
        exponential(150.0),
        weibull(0.8, 140.0),
        mean_cv(DistributionKind::Lognormal, 180.0, 1.2),
    ];
    for (i, dist) in cases.iter().enumerate() {
        let waits = censored_waits(dist, 90.0, 20_000, 300 + i as u64);
        let estimate = patience::estimate(&waits);
        let name = dist.dist.name();
        assert!(
            estimate.censored_share >= 0.3,
            "{name}: {} censored",
            estimate.censored_share
        );
        let own = estimate
            .fits
            .iter()
            .find(|f| f.family == dist.dist)
            .unwrap();
        let (mean, _) = truth(dist);
        within(
            &format!("{name} censored mean"),
            own.mean_s,
            own.mean_se_s.unwrap(),
            mean,
        );
        let naive = estimate.naive_mean_s.unwrap();
        let naive_se = estimate.naive_mean_se_s.unwrap();
        let miss = (mean - naive) / naive_se;
        assert!(
            miss > 20.0,
            "{name}: the naive mean {naive} is only {miss:.1} SE below {mean}"
        );
        // The Kaplan–Meier curve at the true median is 1/2 within its Greenwood SE.
        let median = callsim::fit::Fitted::of(dist).unwrap().quantile(0.5);
        let step = estimate
            .kaplan_meier
            .iter()
            .take_while(|s| s.time_s <= median)
            .last()
            .unwrap();
        within(
            &format!("{name} KM at the median"),
            step.survival,
            step.se,
            0.5,
        );
    }
}

/// AIC tells the patience families apart under censoring too.
#[test]
fn aic_picks_the_true_patience_family() {
    let cases = [
        weibull(0.6, 140.0),
        mean_cv(DistributionKind::Lognormal, 180.0, 1.5),
    ];
    for (i, dist) in cases.iter().enumerate() {
        let estimate = patience::estimate(&censored_waits(dist, 90.0, 50_000, 400 + i as u64));
        assert_eq!(estimate.fits[0].family, dist.dist);
    }
}

fn options() -> ReadOptions {
    ReadOptions::default()
}

/// A constructed log: repeats counted by hand.
///   A abandons at 08:00 after 30 s and calls again at 08:10 (retrial, 9.5 min later);
///   B abandons and calls again 2 h later (outside 60 min: a fresh call);
///   C gets a busy signal and retries 5 min later (retrial);
///   A's second call is answered and A calls again the next day (recontact within 72 h);
///   D is answered and never calls again.
/// Retrials: 2 of the 3 abandoned or blocked attempts that could repeat
/// (A's first, B's first, C's first; B's second is answered). Answered: A's
/// second, B's second, C's second, D's, A's third → 1 recontact of 5: FCR 4/5.
const CONSTRUCTED: &str = "\
caller,arrival,queue,outcome,wait_s,talk_s,acw_s
A,2026-01-05 08:00:00.000,q,abandoned,30,,
B,2026-01-05 08:01:00.000,q,ABANDON,20,,
C,2026-01-05 08:02:00.000,q,busy,,,
C,2026-01-05 08:07:00.000,q,answered,5,100,10
A,2026-01-05 08:10:00.000,q,answered,10,200,20
D,2026-01-05 08:20:00.000,q,atendida,3,150,0
B,2026-01-05 10:01:20.000,q,answered,1,50,5
A,2026-01-06 09:00:00.000,q,answered,2,60,6
";

#[test]
fn retrials_and_fcr_on_a_constructed_log() {
    let folded = log::read_bytes(
        "constructed.csv",
        CONSTRUCTED.as_bytes().to_vec(),
        &options(),
    )
    .unwrap();
    let report = fit(&folded);
    let q = &report.queues[0];
    let retrial = q.retrial.as_ref().unwrap();
    assert_eq!((retrial.attempts, retrial.repeated), (3, 2));
    // Delays from hanging up: A 08:00:30 → 08:10 (570 s), C 08:02 → 08:07 (300 s).
    assert_eq!(retrial.delay_mean_s, Some(435.0));
    let recontact = q.recontact.as_ref().unwrap();
    assert_eq!((recontact.attempts, recontact.repeated), (5, 1));
    // A's answered call ended at 08:10:00 + 10 s wait + 200 s talk = 08:13:30; next at 09:00 the day after.
    assert_eq!(recontact.delay_mean_s, Some(89_190.0));
    // Monday: 7 rows, 2 of them retrials. Tuesday has A's recontact only: a
    // day of repeats is no day of the log's (it would count a day without calls).
    assert_eq!(report.days, 1);
    let fresh: f64 = q.arrivals.iter().map(|a| a.fresh_calls).sum();
    let all: f64 = q.arrivals.iter().map(|a| a.calls).sum();
    assert_eq!((all, fresh), (7.0, 5.0));
}

fn day_log(seed: u64, days: usize) -> SyntheticLog {
    let monday = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    SyntheticLog {
        seed,
        days: (0..days)
            .map(|d| (1, monday + chrono::Duration::days(d as i64)))
            .collect(),
        open_min: 8 * 60,
        interval_min: 30,
        calls_per_interval: vec![40.0, 80.0, 120.0, 100.0, 60.0, 30.0],
        weekday_factor: [1.0, 0.9, 0.9, 0.9, 1.1, 0.5, 0.3],
        queue: "support".into(),
        talk: mean_cv(DistributionKind::Lognormal, 240.0, 0.7),
        acw: Some(mean_cv(DistributionKind::Gamma, 30.0, 0.5)),
        patience: exponential(120.0),
        answer_wait_mean_s: 40.0,
        blocked_pct: 2.0,
        retry_pct: 50.0,
        retry_delay_mean_s: 300.0,
        fcr_pct: 80.0,
        recontact_delay_mean_s: 7200.0,
    }
}

fn written(log: &SyntheticLog) -> Vec<u8> {
    let mut bytes = Vec::new();
    log.write(&mut bytes).unwrap();
    bytes
}

/// Four weeks of a synthetic log: the fitted arrival profile, retrial share
/// and FCR recover the generator's within K standard errors.
#[test]
fn arrivals_retrials_and_fcr_recover_the_generator() {
    let generator = day_log(7, 28);
    let bytes = written(&generator);
    let report = fit(&log::read_bytes("synthetic.csv", bytes, &options()).unwrap());
    assert_eq!(report.days_by_weekday, [4; 7]);
    let q = &report.queues[0];
    // A mean of 4 days' Poisson counts has SE √(λ/4). Each reported SE comes
    // from 4 days' spread (3 degrees of freedom, too noisy to bound one
    // interval's miss); pooled over the 42 intervals, SE²·4/λ averages 1
    // with SD √(2/3/42) ≈ 0.13.
    let mut pooled = Vec::new();
    for rate in &q.arrivals {
        let i = rate.interval - report.open_interval;
        let truth = generator.calls_per_interval[i] * generator.weekday_factor[rate.weekday];
        let what = format!(
            "first attempts, weekday {} interval {}",
            rate.weekday, rate.interval
        );
        within(&what, rate.fresh_calls, (truth / 4.0).sqrt(), truth);
        pooled.push(rate.fresh_calls_se.powi(2) * 4.0 / truth);
    }
    assert_eq!(pooled.len(), 42);
    let ratio = pooled.iter().sum::<f64>() / 42.0;
    within("pooled SE² ratio", ratio, (2.0f64 / 3.0 / 42.0).sqrt(), 1.0);
    // A retry comes within the 60-minute window with probability 1 − e^(−3600/300).
    let retrial = q.retrial.as_ref().unwrap();
    let expected = 0.5 * (1.0 - (-3600.0f64 / 300.0).exp());
    within("retrial share", retrial.share, retrial.share_se, expected);
    within(
        "retrial delay",
        retrial.delay_mean_s.unwrap(),
        retrial.delay_mean_se_s.unwrap(),
        300.0,
    );
    let recontact = q.recontact.as_ref().unwrap();
    let expected = 0.2 * (1.0 - (-72.0 * 3600.0f64 / 7200.0).exp());
    within(
        "recontact share",
        recontact.share,
        recontact.share_se,
        expected,
    );
    // The patience (exponential, heavily censored) is recovered too.
    let p = q.patience.as_ref().unwrap();
    let exp = p
        .fits
        .iter()
        .find(|f| f.family == DistributionKind::Exponential)
        .unwrap();
    within("patience", exp.mean_s, exp.mean_se_s.unwrap(), 120.0);
}

fn callsim() -> Command {
    Command::cargo_bin("callsim").unwrap()
}

/// The fitted scenario loads and simulates.
#[test]
fn the_written_scenario_simulates() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("calls.csv");
    fs::write(&log_path, written(&day_log(11, 7))).unwrap();
    let scenario = dir.path().join("fitted.toml");
    callsim()
        .args([
            "fit",
            log_path.to_str().unwrap(),
            "--write-scenario",
            scenario.to_str().unwrap(),
            "--plot",
        ])
        .arg(dir.path().join("charts"))
        .assert()
        .success();
    let text = fs::read_to_string(&scenario).unwrap();
    assert!(text.contains("patience = "), "{text}");
    assert!(text.contains("retry = "), "{text}");
    assert!(text.contains("recontact = "), "{text}");
    assert!(dir.path().join("charts/fit_patience.png").exists());
    assert!(dir.path().join("charts/fit_qq_talk.svg").exists());
    callsim()
        .args(["fit", log_path.to_str().unwrap(), "--chart"])
        .arg(dir.path().join("week.svg"))
        .assert()
        .success();
    assert!(dir.path().join("week_patience.svg").exists());
    assert!(dir.path().join("week_qq_acw.svg").exists());
    callsim()
        .args([
            "simulate",
            scenario.to_str().unwrap(),
            "--set",
            "simulation.replications=3",
            "--quiet",
        ])
        .assert()
        .success();
}

/// An occupancy near 0 would estimate billions of agents: refused as an
/// argument, in one sentence, before the log is read.
#[test]
fn an_occupancy_below_one_percent_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("calls.csv");
    fs::write(&log_path, written(&day_log(11, 1))).unwrap();
    let scenario = dir.path().join("fitted.toml");
    for bad in ["1e-9", "0.5", "0", "101", "NaN"] {
        let out = callsim()
            .arg("fit")
            .arg(&log_path)
            .arg("--write-scenario")
            .arg(&scenario)
            .arg(format!("--occupancy-pct={bad}"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert!(
            stderr.contains("give a percentage from 1 to 100"),
            "{bad}: {stderr}"
        );
        assert!(!scenario.exists(), "{bad}");
    }
    callsim()
        .arg("fit")
        .arg(&log_path)
        .arg("--write-scenario")
        .arg(&scenario)
        .arg("--occupancy-pct=1")
        .assert()
        .success();
    assert!(
        fs::read_to_string(&scenario)
            .unwrap()
            .contains("occupancy of 1.0 %")
    );
}

/// The refusal of `log` (written to a file named calls.csv): one line,
/// naming the file and what is wrong.
fn refusal(log: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.csv");
    fs::write(&path, log).unwrap();
    let out = callsim()
        .args(["fit", path.to_str().unwrap()])
        .assert()
        .failure()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("calls.csv"), "{stderr}");
    assert!(out.stdout.is_empty());
    stderr
}

const HEADER: &str = "caller,arrival,queue,outcome,wait_s,talk_s,acw_s\n";

#[test]
fn bad_logs_are_refused_in_one_sentence() {
    assert!(refusal("").contains("empty"));
    assert!(refusal(HEADER).contains("no calls"));
    let missing =
        refusal("caller,arrival,queue,outcome,talk_s\nA,2026-01-05 08:00:00,q,answered,10\n");
    assert!(missing.contains("wait_s"), "{missing}");
    let date = refusal(&format!(
        "{HEADER}A,2026-13-05 08:00:00,q,answered,1,10,0\n"
    ));
    assert!(
        date.contains("calls.csv:2") && date.contains("2026-13-05"),
        "{date}"
    );
    let number = refusal(&format!(
        "{HEADER}A,2026-01-05 08:00:00,q,answered,1,ten,0\n"
    ));
    assert!(
        number.contains("calls.csv:2") && number.contains("ten"),
        "{number}"
    );
    let negative = refusal(&format!(
        "{HEADER}A,2026-01-05 08:00:00,q,answered,-3,10,0\n"
    ));
    assert!(
        negative.contains("negative") && negative.contains("-3"),
        "{negative}"
    );
    // A mistyped year among the 2026 rows would be a day of its own.
    let year = refusal(&format!(
        "{HEADER}A,2026-01-05 08:00:00,q,answered,1,10,0\nB,0026-01-06 08:00:00,q,answered,1,10,0\n"
    ));
    assert!(
        year.contains("calls.csv:3") && year.contains("mistyped year"),
        "{year}"
    );
    let outcome = refusal(&format!("{HEADER}A,2026-01-05 08:00:00,q,maybe,3,10,0\n"));
    assert!(
        outcome.contains("\"maybe\"") && outcome.contains("answered, abandoned, blocked"),
        "{outcome}"
    );
    let order = refusal(&format!(
        "{HEADER}A,2026-01-05 08:10:00,q,abandoned,3,,\nA,2026-01-05 08:00:00,q,answered,3,10,0\n"
    ));
    assert!(
        order.contains("calls.csv:3") && order.contains("line 2"),
        "{order}"
    );
    let talk = refusal(&format!("{HEADER}A,2026-01-05 08:00:00,q,answered,3,,0\n"));
    assert!(talk.contains("talk"), "{talk}");
}

/// An ACD export in pt-BR: `;`, decimal comma, its own headers mapped with
/// --columns, dates day first, Portuguese outcomes.
#[test]
fn an_acd_export_is_read_with_columns_and_a_date_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    fs::write(
        &path,
        "Início;Fila;Resultado;Espera;Conversa;TPA\n\
         05/01/2026 08:00:10;vendas;atendida;12,5;200,25;10\n\
         05/01/2026 08:01:00;vendas;abandonada;40;;\n\
         05/01/2026 08:02:00;vendas;atendida;3;150;0\n",
    )
    .unwrap();
    let out = callsim()
        .args([
            "fit",
            path.to_str().unwrap(),
            "--columns",
            "arrival=Início,queue=Fila,outcome=Resultado,wait_s=Espera,talk_s=Conversa,acw_s=TPA",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let q = &json["queues"][0];
    assert_eq!(q["name"], "vendas");
    assert_eq!(
        (q["answered"].as_u64(), q["abandoned"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(q["handle"]["sample_mean_s"].as_f64(), Some(175.125));
}

/// The bundled sample log is what the generator writes (refresh with
/// CALLSIM_UPDATE_README=1).
#[test]
fn the_bundled_sample_is_the_generators() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/fit/calls_synthetic.csv");
    let bytes = written(&sample_log());
    if std::env::var_os("CALLSIM_UPDATE_README").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &bytes).unwrap();
    }
    assert!(
        fs::read(&path).unwrap() == bytes,
        "scenarios/fit/calls_synthetic.csv is stale: CALLSIM_UPDATE_README=1 cargo test --release --test fit"
    );
}

/// The guide's sample: two weeks, one queue, heavy censoring (answered
/// after 40 s on average, patience 150 s on average).
fn sample_log() -> SyntheticLog {
    let mut log = day_log(2026, 14);
    log.calls_per_interval = vec![20.0, 40.0, 60.0, 50.0, 30.0, 20.0];
    log.patience = weibull(0.8, 130.0);
    log
}

/// In Portuguese: the planner's words, decimal commas, a `;` CSV.
#[test]
fn portuguese_words_and_numbers() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/fit/calls_synthetic.csv");
    let table = callsim()
        .arg("fit")
        .arg(&sample)
        .args(["--lang", "pt"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(table).unwrap();
    assert!(
        table.contains("Paciência a partir de esperas censuradas"),
        "{table}"
    );
    assert!(table.contains("ingênua (só as abandonadas)"));
    assert!(table.contains("FCR (resolução no primeiro contato)  "));
    let csv = callsim()
        .arg("fit")
        .arg(&sample)
        .args(["--lang", "pt", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "\u{feff}fila;medida;familia;dia_semana;intervalo;valor;erro_padrao;aic;ks_distancia;ks_p"
        )
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("support;calls;;Mon;08:00;") && row.contains(','),
        "{row}"
    );
}

/// An IVR in the log (calls-log columns): containment and where callers
/// went, written as an entry and one IVR node that callsim loads.
#[test]
fn ivr_outcomes_become_an_entry_and_a_node() {
    let log = "\
replication,caller,attempt,repeat,arrival,entry,ivr_s,ivr,queue,outcome,wait_s,talk_s,acw_s,group
1,1,1,first,2026-01-05 08:00:00.000,main,10.000,queue,cards,answered,5.000,100.000,0.000,t
1,2,1,first,2026-01-05 08:01:00.000,main,12.000,self_service,,contained,,,,
1,3,1,first,2026-01-05 08:02:00.000,main,8.000,hang_up,,ivr_hang_up,,,,
1,4,1,first,2026-01-05 08:03:00.000,main,10.000,queue,cards,abandoned,30.000,,,
1,5,1,first,2026-01-05 08:04:00.000,main,20.000,self_service,,contained,,,,
1,6,1,first,2026-01-05 08:05:00.000,,,,cards,answered,2.000,200.000,0.000,t
";
    let report = fit(&log::read_bytes("ivr.csv", log.as_bytes().to_vec(), &options()).unwrap());
    let entry = &report.entries[0];
    assert_eq!((entry.calls, entry.self_service, entry.hang_up), (5, 2, 1));
    assert_eq!(entry.to_queue, vec![("cards".to_string(), 2)]);
    assert_eq!(entry.containment, 0.4);
    assert_eq!(entry.ivr_mean_s, Some(12.0));
    let q = &report.queues[0];
    assert_eq!((q.attempts, q.via_ivr), (3, 2));
    let text = callsim::fit::write::scenario(&report, &Default::default()).unwrap();
    assert!(
        text.contains("{ prob_pct = 40.0, queue = \"cards\" }"),
        "{text}"
    );
    assert!(
        text.contains("{ prob_pct = 40.0, outcome = \"self_service\" }"),
        "{text}"
    );
    assert!(
        text.contains("{ prob_pct = 20.0, outcome = \"hang_up\" }"),
        "{text}"
    );
}

/// Callers are forgotten once their windows have passed (memory follows the
/// last days' callers); a row stepping back further than a day after that
/// could have been a repeat of a forgotten caller: refused.
#[test]
fn a_log_out_of_time_order_by_days_is_refused_once_callers_are_forgotten() {
    let mut log = String::from(HEADER);
    // 70 000 callers over 8 days, one a 10 s apart.
    let start = NaiveDate::from_ymd_opt(2026, 1, 5)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    for i in 0..70_000i64 {
        let t = start + chrono::Duration::seconds(10 * i);
        log.push_str(&format!(
            "c{i},{},q,answered,1,10,0\n",
            t.format("%Y-%m-%d %H:%M:%S")
        ));
    }
    log.push_str("late,2026-01-05 00:00:00,q,answered,1,10,0\n");
    let refused = log::read_bytes("late.csv", log.into_bytes(), &options())
        .unwrap_err()
        .to_string();
    assert!(refused.starts_with("late.csv:70002: "), "{refused}");
    assert!(refused.contains("arrival order"), "{refused}");
}

/// A calls log of a center whose callers balk is read back: the balked
/// callers are counted as such (they are offered; their patience unseen),
/// and the written scenario says how to model them.
#[test]
fn a_log_with_balked_callers_is_fitted() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("calls.csv");
    let out = callsim()
        .args([
            "simulate",
            "scenarios/balking.toml",
            "--set",
            "simulation.replications=1",
            "--quiet",
            "--format",
            "json",
            "--calls-log",
        ])
        .arg(&log_path)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let simulated_balked = record["totals"][0]["kpis"]["balked"]["mean"]
        .as_f64()
        .unwrap();
    assert!(simulated_balked > 0.0, "the scenario's callers balk");
    let scenario = dir.path().join("fitted.toml");
    let fit = callsim()
        .args(["fit", log_path.to_str().unwrap(), "--format", "json"])
        .args(["--write-scenario", scenario.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        fit.status.success(),
        "{}",
        String::from_utf8_lossy(&fit.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&fit.stdout).unwrap();
    assert_eq!(
        report["queues"][0]["balked"].as_f64().unwrap(),
        simulated_balked,
        "every balked attempt of the log is counted"
    );
    let text = fs::read_to_string(&scenario).unwrap();
    assert!(
        text.contains("balked; they are in the calls above"),
        "{text}"
    );
}

/// The first object under key `key`, anywhere in `value`.
fn find<'a>(value: &'a serde_json::Value, key: &str) -> Option<&'a serde_json::Value> {
    match value {
        serde_json::Value::Object(map) => map
            .get(key)
            .or_else(|| map.values().find_map(|v| find(v, key))),
        serde_json::Value::Array(items) => items.iter().find_map(|v| find(v, key)),
        _ => None,
    }
}

/// Across the hour the clock goes back, a caller's later attempt has an
/// earlier local time: with offsets read on the center's clock the gap
/// between the attempts is the instants', and the log is accepted.
#[test]
fn attempts_across_a_clock_change_are_timed_by_their_instants() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("dst.csv");
    let header = "replication,caller,attempt,repeat,arrival,entry,ivr_s,ivr,queue,outcome,wait_s,talk_s,acw_s,group\n";
    fs::write(
        &log,
        format!(
            "{header}1,1,1,first,2026-10-25T00:50:00Z,,,,q,abandoned,5,,,\n1,1,2,retrial,2026-10-25T01:10:00Z,,,,q,answered,3,100,5,g\n1,2,1,first,2026-10-25T01:20:00Z,,,,q,answered,3,100,5,g\n"
        ),
    )
    .unwrap();
    let out = callsim()
        .arg("fit")
        .arg(&log)
        .args(["--time-zone", "Europe/Berlin", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let retrial = find(&json, "retrial").unwrap();
    assert_eq!(retrial["repeated"], 1, "{retrial}");
    // 20 minutes between the arrivals, less the first attempt's 5 s wait.
    assert_eq!(retrial["delay_mean_s"], 1195.0, "{retrial}");
    // Times with and without offsets in one log cannot be told apart.
    fs::write(
        &log,
        format!(
            "{header}1,1,1,first,2026-10-25T00:50:00Z,,,,q,abandoned,5,,,\n1,1,2,retrial,2026-10-25 03:10:00,,,,q,answered,3,100,5,g\n"
        ),
    )
    .unwrap();
    let out = callsim()
        .arg("fit")
        .arg(&log)
        .args(["--time-zone", "Europe/Berlin"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("dst.csv:3") && stderr.contains("mixes times with a UTC offset"),
        "{stderr}"
    );
}
