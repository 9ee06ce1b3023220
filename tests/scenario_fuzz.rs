//! No input makes the scenario loader panic: random text, mutated copies of
//! the bundled scenarios, and random `--set` overrides all give Ok or clear
//! lines of error, each naming the file (or, for a malformed override, the
//! `--set` text), at most ten and then `… and N more`. A mutated scenario that loads is then simulated (two
//! replications, when small): no panic, no hang (the engine's work limit), and
//! every replication conserves its calls.
//!
//! CI runs a fixed seed. To explore more, e.g.:
//! `CALLSIM_FUZZ_CASES=100000 CALLSIM_FUZZ_SEED=7 cargo test --release --test scenario_fuzz`

use callsim::scenario::Scenario;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

const HELPLINE: &str = include_str!("../scenarios/helpline.toml");
const TWO_SKILL: &str = include_str!("../scenarios/two_skill.toml");
const DAY: &str = include_str!("../scenarios/day.toml");
const STAFF_DAY: &str = include_str!("../scenarios/staff_day.toml");
const IVR: &str = include_str!("../scenarios/ivr.toml");
const CALLBACKS: &str = include_str!("../scenarios/callbacks.toml");
const OVERFLOW: &str = include_str!("../scenarios/overflow.toml");
const REPEATS: &str = include_str!("../scenarios/repeats.toml");
const TRUNKS: &str = include_str!("../scenarios/trunks.toml");
const PROACTIVE: &str = include_str!("../scenarios/proactive.toml");

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: env_u64("CALLSIM_FUZZ_CASES").map_or(500, |n| n as u32),
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(env_u64("CALLSIM_FUZZ_SEED").unwrap_or(0x05ce_4a10)),
        ..ProptestConfig::default()
    }
}

/// Loads `text` with `overrides`: no panic, and an error is one line or
/// more, each starting with the file name (or with `--set` when overrides
/// were given), but a last `… and N more` after ten.
fn load_never_panics(text: &str, overrides: &[String]) -> Result<(), TestCaseError> {
    let result =
        std::panic::catch_unwind(|| Scenario::from_toml(text, "fuzz.toml", overrides).map(|_| ()));
    let result = result
        .map_err(|_| TestCaseError::fail(format!("panicked on {text:?} with {overrides:?}")))?;
    if let Err(e) = result {
        let message = e.to_string();
        prop_assert!(
            !message.is_empty() && !message.ends_with('\n'),
            "no empty message, no trailing newline: {:?}",
            message
        );
        let lines: Vec<&str> = message.lines().collect();
        let errors = match lines.split_last() {
            Some((last, errors)) if is_more_line(last) => {
                prop_assert_eq!(errors.len(), 10, "ten lines before {:?}", last);
                errors
            }
            _ => &lines[..],
        };
        prop_assert!(errors.len() <= 10, "at most ten errors: {}", message);
        for line in errors {
            let named = line.starts_with("fuzz.toml")
                || (!overrides.is_empty() && line.starts_with("--set "));
            prop_assert!(
                named,
                "each line names the file: {} (input {:?}, overrides {:?})",
                line,
                text,
                overrides
            );
        }
    }
    Ok(())
}

/// The line that counts the errors after the first ten.
fn is_more_line(line: &str) -> bool {
    line.strip_prefix("… and ")
        .and_then(|rest| rest.strip_suffix(" more"))
        .is_some_and(|n| n.parse::<usize>().is_ok_and(|n| n > 0))
}

fn base_text() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(HELPLINE),
        Just(TWO_SKILL),
        Just(DAY),
        Just(STAFF_DAY),
        Just(IVR),
        Just(CALLBACKS),
        Just(OVERFLOW),
        Just(REPEATS),
        Just(TRUNKS),
        Just(PROACTIVE),
    ]
}

/// Calls a day of `scenario` expects, first attempts only.
fn expected_calls(scenario: &Scenario) -> f64 {
    scenario
        .call_types
        .iter()
        .map(|c| c.calls_per_interval.iter().sum::<f64>())
        .chain(
            scenario
                .entries
                .iter()
                .map(|e| e.calls_per_interval.iter().sum()),
        )
        .sum()
}

/// Simulates two replications of a scenario that loaded: no panic, and
/// each replication conserves its calls (offered = answered + abandoned +
/// balked + dropped + still waiting + callbacks accepted). Days of more
/// than 100 000 expected calls are left to the run budget
/// (tests/input_bounds.rs).
fn simulation_never_panics(text: &str) -> Result<(), TestCaseError> {
    let Ok(mut scenario) = Scenario::from_toml(text, "fuzz.toml", &[]) else {
        return Ok(());
    };
    if expected_calls(&scenario) > 1e5 {
        return Ok(());
    }
    scenario.simulation.replications = scenario.simulation.replications.min(2);
    let model = callsim::model::Model::compile(&scenario);
    for r in 0..u64::from(scenario.simulation.replications) {
        let result = std::panic::catch_unwind(|| {
            callsim::run::replicate::replication_stats(&scenario, &model, r)
        })
        .map_err(|_| TestCaseError::fail(format!("simulation panicked on {text:?}")))?;
        // A loop without progress is stopped with an error: fine, if rare.
        let Ok((stats, _)) = result else { continue };
        for (t, c) in stats.calls.chunks(stats.intervals).enumerate() {
            let sum = |f: fn(&callsim::observe::CallCounters) -> u64| c.iter().map(f).sum::<u64>();
            let offered = sum(|c| c.offered);
            let left = sum(|c| c.answered)
                + sum(|c| c.abandoned)
                + sum(|c| c.balked)
                + sum(|c| c.dropped)
                + sum(|c| c.callbacks_accepted)
                + stats.still_waiting[t];
            prop_assert_eq!(offered, left, "call type {} of {:?}", t, text);
        }
    }
    Ok(())
}

/// Values that break naive code: signs, zero, huge, not-a-number, infinity,
/// integer overflow, and values of the wrong type.
fn nasty_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("-0.0".to_string()),
        Just("-1".to_string()),
        Just("1e308".to_string()),
        Just("-1e308".to_string()),
        Just("5e-324".to_string()),
        Just("nan".to_string()),
        Just("-nan".to_string()),
        Just("inf".to_string()),
        Just("-inf".to_string()),
        Just("4294967295".to_string()),
        Just("4294967296".to_string()),
        Just("9223372036854775807".to_string()),
        Just("-9223372036854775808".to_string()),
        Just("\"text\"".to_string()),
        Just("\"\"".to_string()),
        Just("\"24:00\"".to_string()),
        Just("\"23:59\"".to_string()),
        Just("08:00:00".to_string()),
        Just("[]".to_string()),
        Just("[1, 2]".to_string()),
        Just("[[1]]".to_string()),
        Just("{}".to_string()),
        Just("{ dist = \"constant\", value_s = 0 }".to_string()),
        Just("true".to_string()),
        (-1e6f64..1e6).prop_map(|v| v.to_string()),
        (0.0f64..1.0).prop_map(|v| v.to_string()),
        (0u32..100_000).prop_map(|v| v.to_string()),
        any::<i64>().prop_map(|v| v.to_string()),
        any::<f64>().prop_map(|v| format!("{v:e}")),
    ]
}

/// Numbers a scenario may well accept, at the edges: zero agents or
/// patience, tiny and huge durations, probabilities near 100 %.
fn extreme_number() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("0.001".to_string()),
        Just("1".to_string()),
        Just("2".to_string()),
        Just("99.9999".to_string()),
        Just("100".to_string()),
        Just("1000".to_string()),
        Just("100000".to_string()),
        (0.0f64..500.0).prop_map(|v| format!("{v:.3}")),
        (0u32..60).prop_map(|v| v.to_string()),
    ]
}

/// Lines that are valid TOML on their own, to splice into a scenario.
fn known_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[simulation]".to_string()),
        Just("[[call_type]]".to_string()),
        Just("[[agent_group]]".to_string()),
        Just("[targets]".to_string()),
        Just("[arrivals]".to_string()),
        Just("[shrinkage]".to_string()),
        Just("[[shift]]".to_string()),
        Just("start = [\"08:00\", \"23:30\"]".to_string()),
        Just("breaks = [{ after_min = 60, length_min = 15 }]".to_string()),
        Just("[call_type.handle]".to_string()),
        Just("name = \"support\"".to_string()),
        Just("skills = [\"support\", \"billing\"]".to_string()),
        Just("allow_unserved = true".to_string()),
        Just("after_close = \"drop\"".to_string()),
        Just("service_level_basis = \"exclude-short-abandons\"".to_string()),
        (
            prop_oneof![
                Just("seed"),
                Just("replications"),
                Just("interval_min"),
                Just("intervals"),
                Just("open"),
                Just("close"),
                Just("warmup_min"),
                Just("confidence_pct"),
                Just("day_factor_cv"),
                Just("calls_per_interval"),
                Just("calls_per_hour"),
                Just("handle"),
                Just("patience"),
                Just("after_call_work"),
                Just("priority"),
                Just("agents"),
                Just("service_level_pct"),
                Just("answer_within_s"),
                Just("max_abandon_pct"),
                Just("max_asa_s"),
                Just("max_occupancy_pct"),
                Just("length_min"),
                Just("after_min"),
                Just("cost"),
                Just("absenteeism_pct"),
                Just("training_pct"),
                Just("dist"),
                Just("mean_s"),
                Just("cv"),
                Just("k"),
                Just("shape"),
                Just("scale_s"),
                Just("min_s"),
                Just("max_s"),
                Just("mode_s"),
                Just("value_s"),
                Just("values_s"),
                Just("weights"),
            ],
            nasty_value()
        )
            .prop_map(|(k, v)| format!("{k} = {v}")),
        (
            prop_oneof![
                Just("exponential"),
                Just("lognormal"),
                Just("gamma"),
                Just("erlang"),
                Just("weibull"),
                Just("uniform"),
                Just("triangular"),
                Just("constant"),
                Just("empirical"),
            ],
            nasty_value(),
            nasty_value()
        )
            .prop_map(|(d, a, b)| format!(
                "handle = {{ dist = \"{d}\", mean_s = {a}, cv = {b}, k = {b}, shape = {a}, scale_s = {b}, min_s = {a}, mode_s = {a}, max_s = {b}, value_s = {a}, values_s = [{a}, {b}], weights = [{b}, {a}] }}"
            )),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    DeleteByte(usize),
    InsertChar(usize, char),
    DuplicateLine(usize),
    DeleteLine(usize),
    SwapLines(usize, usize),
    InsertLine(usize, String),
    ReplaceNumber(usize, String),
    ReplaceValue(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteByte),
        (
            any::<usize>(),
            prop_oneof![
                Just('['),
                Just(']'),
                Just('{'),
                Just('}'),
                Just('"'),
                Just('\''),
                Just('='),
                Just(','),
                Just('\n'),
                Just('\r'),
                Just('\t'),
                Just('#'),
                Just('.'),
                Just('-'),
                Just('\\'),
                Just('\u{feff}'),
                Just('\u{0}'),
                any::<char>()
            ]
        )
            .prop_map(|(i, c)| Mutation::InsertChar(i, c)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::DeleteLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), known_line()).prop_map(|(i, l)| Mutation::InsertLine(i, l)),
        (any::<usize>(), nasty_value()).prop_map(|(i, v)| Mutation::ReplaceNumber(i, v)),
        (any::<usize>(), nasty_value()).prop_map(|(i, v)| Mutation::ReplaceValue(i, v)),
    ]
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Byte ranges of the runs of digits (with their decimal points) in `text`.
fn number_runs(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k].is_ascii_digit() {
            let start = k;
            while k < bytes.len() && (bytes[k].is_ascii_digit() || bytes[k] == b'.') {
                k += 1;
            }
            runs.push((start, k));
        } else {
            k += 1;
        }
    }
    runs
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match m {
        Mutation::DeleteByte(i) => {
            let mut s = text.to_string();
            if !s.is_empty() {
                let at = floor_char_boundary(&s, i % s.len());
                s.remove(at);
            }
            s
        }
        Mutation::InsertChar(i, c) => {
            let mut s = text.to_string();
            let at = floor_char_boundary(&s, i % (s.len() + 1));
            s.insert(at, *c);
            s
        }
        Mutation::DuplicateLine(i) => {
            if !lines.is_empty() {
                let at = i % lines.len();
                lines.insert(at, lines[at].clone());
            }
            lines.join("\n")
        }
        Mutation::DeleteLine(i) => {
            if !lines.is_empty() {
                lines.remove(i % lines.len());
            }
            lines.join("\n")
        }
        Mutation::SwapLines(a, b) => {
            if !lines.is_empty() {
                let n = lines.len();
                lines.swap(a % n, b % n);
            }
            lines.join("\n")
        }
        Mutation::InsertLine(i, line) => {
            let at = i % (lines.len() + 1);
            lines.insert(at, line.clone());
            lines.join("\n")
        }
        Mutation::ReplaceNumber(i, value) => {
            let runs = number_runs(text);
            if runs.is_empty() {
                return text.to_string();
            }
            let (start, end) = runs[i % runs.len()];
            format!("{}{}{}", &text[..start], value, &text[end..])
        }
        Mutation::ReplaceValue(i, value) => {
            // Replace everything after the `=` of the i-th `key = value` line.
            let assignments: Vec<usize> = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.trim_start().starts_with('#') && l.contains('='))
                .map(|(k, _)| k)
                .collect();
            if assignments.is_empty() {
                return text.to_string();
            }
            let k = assignments[i % assignments.len()];
            let key = lines[k].split_once('=').map(|(key, _)| key.to_string());
            if let Some(key) = key {
                lines[k] = format!("{key}= {value}");
            }
            lines.join("\n")
        }
    }
}

/// A field path for `--set`, built from known keys, indices and noise.
fn override_path() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("simulation".to_string()),
            Just("arrivals".to_string()),
            Just("targets".to_string()),
            Just("call_type".to_string()),
            Just("agent_group".to_string()),
            (0usize..4).prop_map(|i| format!("call_type[{i}]")),
            (0usize..4).prop_map(|i| format!("agent_group[{i}]")),
            Just("handle".to_string()),
            Just("patience".to_string()),
            Just("after_call_work".to_string()),
            Just("mean_s".to_string()),
            Just("cv".to_string()),
            Just("dist".to_string()),
            Just("values_s".to_string()),
            (0usize..3).prop_map(|i| format!("values_s[{i}]")),
            Just("agents".to_string()),
            (0usize..20).prop_map(|i| format!("agents[{i}]")),
            Just("skills".to_string()),
            (0usize..3).prop_map(|i| format!("skills[{i}]")),
            Just("name".to_string()),
            Just("calls_per_interval".to_string()),
            (0usize..20).prop_map(|i| format!("calls_per_interval[{i}]")),
            Just("calls_per_hour".to_string()),
            Just("seed".to_string()),
            Just("replications".to_string()),
            Just("interval_min".to_string()),
            Just("intervals".to_string()),
            Just("open".to_string()),
            Just("close".to_string()),
            Just("warmup_min".to_string()),
            Just("confidence_pct".to_string()),
            Just("service_level_pct".to_string()),
            any::<usize>().prop_map(|i| format!("call_type[{i}]")),
            "[a-z_\\[\\]0-9 .=]{0,8}",
        ],
        1..5,
    )
    .prop_map(|parts| parts.join("."))
}

fn override_text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (override_path(), nasty_value()).prop_map(|(p, v)| format!("{p}={v}")),
        1 => (override_path(), "\\PC{0,20}").prop_map(|(p, v)| format!("{p}={v}")),
        1 => "\\PC{0,30}",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        load_never_panics(&text, &[])?;
    }

    #[test]
    fn random_toml_like_text_never_panics(text in "(\\[\\[?[a-z_]{1,12}\\]\\]?\n|[a-z_]{1,12} = (-?[0-9.]{1,6}|\"[a-z]{0,5}\"|\\[[0-9, ]{0,10}\\]|\\{ dist = \"[a-z]{3,11}\", [a-z_]{2,7} = -?[0-9]{1,4} \\})\n){0,25}") {
        load_never_panics(&text, &[])?;
    }

    #[test]
    fn mutated_scenarios_never_panic(base in base_text(), mutations in prop::collection::vec(mutation(), 1..6)) {
        let mut text = base.to_string();
        for m in &mutations {
            text = apply(&text, m);
        }
        load_never_panics(&text, &[])?;
        simulation_never_panics(&text)?;
    }

    /// Numbers changed to extreme ones keep more scenarios valid: they reach
    /// the engine with zero agents, huge patience, tiny intervals, …
    #[test]
    fn scenarios_with_extreme_numbers_simulate_cleanly(
        base in base_text(),
        changes in prop::collection::vec((any::<usize>(), extreme_number()), 1..4),
    ) {
        let mut text = base.to_string();
        for (i, value) in changes {
            text = apply(&text, &Mutation::ReplaceNumber(i, value));
        }
        load_never_panics(&text, &[])?;
        simulation_never_panics(&text)?;
    }

    #[test]
    fn random_overrides_never_panic(base in base_text(), overrides in prop::collection::vec(override_text(), 1..4)) {
        load_never_panics(base, &overrides)?;
    }

    #[test]
    fn one_random_override_of_helpline_never_panics(path in override_path(), value in nasty_value()) {
        load_never_panics(HELPLINE, &[format!("{path}={value}")])?;
    }
}

#[test]
fn the_bundled_scenarios_load() {
    for (name, text) in [
        ("helpline", HELPLINE),
        ("two_skill", TWO_SKILL),
        ("day", DAY),
        ("staff_day", STAFF_DAY),
    ] {
        if let Err(e) = Scenario::from_toml(text, "fuzz.toml", &[]) {
            panic!("{name}: {e}");
        }
    }
}

/// Every input that once crashed, hung or exhausted the memory (the crash
/// corpus, `tests/fuzz_corpus/`) now loads or is refused in lines naming
/// the file, simulates cleanly when it loads, and `callsim simulate` ends on
/// it within seconds with a result or its errors, one sentence a line (exit
/// 0 or 2).
#[test]
fn the_crash_corpus_ends_cleanly() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 12, "the corpus keeps its inputs");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        load_never_panics(&text, &[]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        simulation_never_panics(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let out = assert_cmd::Command::cargo_bin("callsim")
            .unwrap()
            .args(["simulate", "--quiet", "--output", "/dev/null"])
            .arg(&path)
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(0 | 2)),
            "{}: {:?} {stderr}",
            path.display(),
            out.status
        );
        assert!(
            !stderr.contains("panicked")
                && stderr.lines().all(|l| l.starts_with("error: ")
                    && (l.contains(&format!("{}", path.display()))
                        || is_more_line(&l["error: ".len()..]))),
            "{}: {stderr}",
            path.display()
        );
    }
}
