//! The plain engine (a model with none of the optional parts, compiled
//! without their checks) is a faster build of the same simulation: it is
//! chosen exactly for plain models, and its replications are the static
//! priority engine's, statistic for statistic.

use callsim::engine::{ModelRouter, PlainRouter, PriorityRouter, run_replication};
use callsim::model::Model;
use callsim::observe::{KpiCollector, ReplicationStats};
use callsim::scenario::Scenario;

fn load(path: &str) -> Scenario {
    Scenario::from_path(std::path::Path::new(&format!(
        "{}/{path}",
        env!("CARGO_MANIFEST_DIR")
    )))
    .unwrap()
}

fn stats_with(
    scenario: &Scenario,
    model: &Model,
    run: impl Fn(&mut KpiCollector) -> callsim::engine::ReplicationOutcome,
) -> (ReplicationStats, u64) {
    let mut collector = KpiCollector::new(model, scenario.targets.answer_within_s);
    let outcome = run(&mut collector);
    (collector.into_stats(), outcome.calls)
}

#[test]
fn a_plain_model_runs_the_plain_engine_with_the_same_results() {
    // A benchmark case, a day, a helpline, and centers with an IVR or trunk
    // lines (parts the plain engine still checks as it runs) where they use
    // nothing else.
    let mut plain_models = 0;
    for path in [
        "scenarios/bench/mmnm_a.toml",
        "scenarios/day.toml",
        "scenarios/helpline.toml",
        "scenarios/ivr.toml",
        "scenarios/trunks.toml",
    ] {
        let scenario = load(path);
        let model = Model::compile(&scenario);
        let Some(plain) = PlainRouter::for_model(&model) else {
            assert!(!path.contains("bench"), "{path} uses no optional part");
            continue;
        };
        plain_models += 1;
        assert!(
            matches!(ModelRouter::new(&model), ModelRouter::Plain(_)),
            "{path}"
        );
        let priority = PriorityRouter::new(&model);
        for replication in 0..3 {
            let fast = stats_with(&scenario, &model, |c| {
                run_replication(&model, &plain, 11, replication, c).unwrap()
            });
            let general = stats_with(&scenario, &model, |c| {
                run_replication(&model, &priority, 11, replication, c).unwrap()
            });
            assert!(fast.1 > 0, "{path}: calls were simulated");
            assert_eq!(fast, general, "{path}, replication {replication}");
        }
    }
    assert!(plain_models >= 3, "{plain_models} plain models checked");
}

#[test]
fn a_model_with_an_optional_part_keeps_the_general_engine() {
    for path in [
        "scenarios/chat.toml",
        "scenarios/email.toml",
        "scenarios/repeats.toml",
        "scenarios/omnichannel.toml",
        "scenarios/bench/multiskill_ivr.toml",
    ] {
        let model = Model::compile(&load(path));
        assert!(PlainRouter::for_model(&model).is_none(), "{path}");
        assert!(
            !matches!(ModelRouter::new(&model), ModelRouter::Plain(_)),
            "{path}"
        );
    }
}
