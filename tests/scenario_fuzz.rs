//! No input makes the scenario loader panic: random text, mutated copies of a
//! bundled scenario, and random `--set` overrides all give Ok or one clear
//! line of error naming the file.

use callsim::scenario::Scenario;
use proptest::prelude::*;

const HELPLINE: &str = include_str!("../scenarios/helpline.toml");
const TWO_SKILL: &str = include_str!("../scenarios/two_skill.toml");

fn config() -> ProptestConfig {
    // A fixed seed keeps CI reproducible; raise `cases` locally to explore more.
    ProptestConfig {
        cases: 500,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x05ce_4a10),
        ..ProptestConfig::default()
    }
}

fn load_never_panics(text: &str, overrides: &[String]) -> Result<(), TestCaseError> {
    let result =
        std::panic::catch_unwind(|| Scenario::from_toml(text, "fuzz.toml", overrides).map(|_| ()));
    let result = result
        .map_err(|_| TestCaseError::fail(format!("panicked on {text:?} with {overrides:?}")))?;
    if let Err(e) = result {
        let message = e.to_string();
        prop_assert_eq!(message.lines().count(), 1, "one line: {}", message);
        prop_assert!(
            message.starts_with("fuzz.toml") || message.starts_with("--set"),
            "{}",
            message
        );
    }
    Ok(())
}

/// Values that break naive code: signs, zero, huge, not-a-number, infinity, text.
fn nasty_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("-0.0".to_string()),
        Just("1e308".to_string()),
        Just("nan".to_string()),
        Just("inf".to_string()),
        Just("-inf".to_string()),
        Just("4294967296".to_string()),
        Just("9223372036854775807".to_string()),
        Just("\"text\"".to_string()),
        Just("[]".to_string()),
        Just("[1, 2]".to_string()),
        Just("{}".to_string()),
        Just("true".to_string()),
        (-1e6f64..1e6).prop_map(|v| v.to_string()),
        (0u32..100_000).prop_map(|v| v.to_string()),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    DeleteByte(usize),
    InsertChar(usize, char),
    DuplicateLine(usize),
    DeleteLine(usize),
    ReplaceNumber(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteByte),
        (
            any::<usize>(),
            prop_oneof![
                Just('['),
                Just(']'),
                Just('"'),
                Just('='),
                Just('\n'),
                Just('.'),
                Just('-'),
                any::<char>()
            ]
        )
            .prop_map(|(i, c)| Mutation::InsertChar(i, c)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::DeleteLine),
        (any::<usize>(), nasty_value()).prop_map(|(i, v)| Mutation::ReplaceNumber(i, v)),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match m {
        Mutation::DeleteByte(i) => {
            let mut s = text.to_string();
            if !s.is_empty() {
                let mut at = i % s.len();
                while !s.is_char_boundary(at) {
                    at -= 1;
                }
                s.remove(at);
            }
            s
        }
        Mutation::InsertChar(i, c) => {
            let mut s = text.to_string();
            let mut at = i % (s.len() + 1);
            while !s.is_char_boundary(at) {
                at -= 1;
            }
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
        Mutation::ReplaceNumber(i, value) => {
            // Replace the i-th run of digits in the text.
            let bytes = text.as_bytes();
            let runs: Vec<(usize, usize)> = {
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
            };
            if runs.is_empty() {
                return text.to_string();
            }
            let (start, end) = runs[i % runs.len()];
            format!("{}{}{}", &text[..start], value, &text[end..])
        }
    }
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
    fn mutated_scenarios_never_panic(mutations in prop::collection::vec(mutation(), 1..6), two_skill in any::<bool>()) {
        let mut text = if two_skill { TWO_SKILL } else { HELPLINE }.to_string();
        for m in &mutations {
            text = apply(&text, m);
        }
        load_never_panics(&text, &[])?;
    }

    #[test]
    fn random_overrides_never_panic(
        path in prop::collection::vec(prop_oneof![
            Just("simulation".to_string()),
            Just("call_type[0]".to_string()),
            Just("agent_group[0]".to_string()),
            Just("targets".to_string()),
            Just("arrivals".to_string()),
            Just("handle".to_string()),
            Just("patience".to_string()),
            Just("mean_s".to_string()),
            Just("agents".to_string()),
            Just("replications".to_string()),
            Just("calls_per_interval".to_string()),
            Just("skills[0]".to_string()),
            Just("dist".to_string()),
            (0usize..4).prop_map(|i| format!("call_type[{i}]")),
            "[a-z_\\[\\]0-9]{0,8}",
        ], 1..5),
        value in nasty_value(),
        two_skill in any::<bool>(),
    ) {
        let text = if two_skill { TWO_SKILL } else { HELPLINE };
        let override_text = format!("{}={}", path.join("."), value);
        load_never_panics(text, &[override_text])?;
    }
}
