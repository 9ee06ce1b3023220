//! Common random numbers: every caller's IVR path, attributes and repeat
//! decisions come from that caller's own streams, so changing a menu or a
//! staffing changes nothing else about the callers; `compare` warns where a
//! difference between scenarios does break the pairing.

use std::collections::HashMap;

use callsim::engine::ModelRouter;
use callsim::kpi::{EntryKpi, Layout};
use callsim::model::Model;
use callsim::observe::{Observation, Observer, Repeat};
use callsim::report::CompareReport;
use callsim::scenario::Scenario;
use callsim::study::compare::{self, CompareOptions};
use callsim::study::compare::{ArmRun, CompareRunFacts};

fn inline(text: &str, name: &str) -> Scenario {
    Scenario::from_toml(text, name, &[]).unwrap()
}

/// An entry whose callers retry after hanging up, a cards queue and an
/// accounts queue behind the menus, each with its own team. B changes only
/// the accounts menu: a share moves from the queue to self-service and to
/// hearing the menu again (a longer path for some callers).
const IVR: &str = r#"
[simulation]
seed = 8
replications = 80
interval_min = 30
intervals = 6

[[entry]]
name = "main"
calls_per_interval = [150, 220, 260, 240, 200, 160]
ivr = "welcome"
retry = { prob_pct = 40, delay = { dist = "exponential", mean_s = 300 } }

[[ivr_node]]
name = "welcome"
prompt = { dist = "constant", value_s = 10 }
options = [
  { prob_pct = 45, next = "cards menu" },
  { prob_pct = 50, next = "accounts menu" },
  { prob_pct = 5, outcome = "hang_up" },
]

[[ivr_node]]
name = "cards menu"
prompt = { dist = "uniform", min_s = 8, max_s = 20 }
options = [
  { prob_pct = 70, queue = "cards" },
  { prob_pct = 25, outcome = "self_service" },
  { prob_pct = 5, outcome = "hang_up" },
]

[[ivr_node]]
name = "accounts menu"
prompt = { dist = "uniform", min_s = 10, max_s = 25 }
options = ACCOUNTS

[[call_type]]
name = "cards"
handle = { dist = "lognormal", mean_s = 240, cv = 0.6 }
patience = { dist = "exponential", mean_s = 150 }

[[call_type]]
name = "accounts"
handle = { dist = "lognormal", mean_s = 300, cv = 0.7 }
patience = { dist = "exponential", mean_s = 180 }

[[agent_group]]
name = "cards team"
agents = [9, 13, 15, 14, 12, 10]
skills = ["cards"]

[[agent_group]]
name = "accounts team"
agents = [8, 11, 12, 12, 10, 9]
skills = ["accounts"]

[targets]
service_level_pct = 80
answer_within_s = 20
"#;

const ACCOUNTS_A: &str = r#"[
  { prob_pct = 45, queue = "accounts" },
  { prob_pct = 50, outcome = "self_service" },
  { prob_pct = 5, outcome = "hang_up" },
]"#;

const ACCOUNTS_B: &str = r#"[
  { prob_pct = 30, queue = "accounts" },
  { prob_pct = 50, outcome = "self_service" },
  { prob_pct = 15, next = "accounts menu" },
  { prob_pct = 5, outcome = "hang_up" },
]"#;

fn arms() -> (Scenario, Scenario) {
    (
        inline(&IVR.replace("ACCOUNTS", ACCOUNTS_A), "a.toml"),
        inline(&IVR.replace("ACCOUNTS", ACCOUNTS_B), "b.toml"),
    )
}

fn report(a: Scenario, b: Scenario, run: &compare::CompareRun) -> CompareReport {
    let facts = CompareRunFacts {
        threads: run.threads,
        wall_time_s: run.wall_s,
        calls_simulated: run.calls_simulated,
    };
    let arms: Vec<ArmRun> = [a, b]
        .into_iter()
        .map(|scenario| ArmRun {
            seed_in_file: scenario.simulation.seed,
            replications_in_file: u64::from(scenario.simulation.replications),
            scenario,
        })
        .collect();
    CompareReport::new(&arms, &run.comparer, facts, Default::default())
}

#[test]
fn another_menu_keeps_the_callers_of_the_other_queues() {
    let (a, b) = arms();
    let run = compare::run(
        &[&a, &b],
        &CompareOptions {
            keep_replications: true,
            ..CompareOptions::default()
        },
    )
    .unwrap();
    let kept = run.per_replication.as_ref().unwrap();
    let layout = Layout::of(&a);
    let day = layout.entry_index(0, None);
    for (ra, rb) in kept[0].iter().zip(&kept[1]) {
        let first_calls = |r: &callsim::kpi::ReplicationKpis| {
            let e = &r.entries[day];
            e[EntryKpi::Calls as usize].get().unwrap()
                - e[EntryKpi::RepeatCalls as usize].get().unwrap()
        };
        assert_eq!(first_calls(ra), first_calls(rb), "first calls at the entry");
    }
    let comparison = run.comparer.finish(0.95);
    let cards = comparison.day.iter().find(|s| s.name == "cards").unwrap();
    let mut checked = 0;
    for kpi in &cards.kpis {
        let Some(d) = kpi.differences[1] else {
            continue;
        };
        let (Some(paired), Some(welch)) = (d.half_width, d.welch_half_width) else {
            continue;
        };
        assert!(
            paired <= welch,
            "cards {}: paired ± {paired} wider than Welch ± {welch}",
            kpi.kpi
        );
        if welch > 0.0 {
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} KPIs of cards compared");
    // The first callers reaching cards are exactly the same ones in both
    // (with one stream per entry caller in arrival order, retries of the
    // accounts callers used to shift every later caller's path).
    let unique = cards
        .kpis
        .iter()
        .find(|k| k.kpi == "unique_callers")
        .unwrap();
    let d = unique.differences[1].unwrap();
    assert_eq!((d.mean, d.half_width), (0.0, Some(0.0)));
    // A menu is not a reason to warn: the callers are the same ones.
    let notes = report(a, b, &run).notes;
    assert!(notes.iter().all(|n| !n.contains("not paired")), "{notes:?}");
}

#[test]
fn another_kind_of_distribution_is_named_in_a_warning() {
    let (a, _) = arms();
    let text = IVR.replace("ACCOUNTS", ACCOUNTS_A);
    let other_kind = inline(
        &text.replace(
            "handle = { dist = \"lognormal\", mean_s = 300, cv = 0.7 }",
            "handle = { dist = \"exponential\", mean_s = 300 }",
        ),
        "b.toml",
    );
    let scaled = inline(
        &text.replace(
            "handle = { dist = \"lognormal\", mean_s = 300, cv = 0.7 }",
            "handle = { dist = \"lognormal\", mean_s = 330, cv = 0.7 }",
        ),
        "c.toml",
    );
    let few = |s: &Scenario| {
        let text = toml::to_string(&s.echo).unwrap();
        Scenario::from_toml(&text, &s.source, &["simulation.replications=4".to_string()]).unwrap()
    };
    let (a, other_kind, scaled) = (few(&a), few(&other_kind), few(&scaled));
    let run = compare::run(&[&a, &other_kind], &CompareOptions::default()).unwrap();
    let notes = report(a.clone(), other_kind, &run).notes;
    assert!(
        notes
            .iter()
            .any(|n| n.contains("call type accounts") && n.contains("handle time")),
        "{notes:?}"
    );
    assert!(
        notes.iter().all(|n| !n.contains("call type cards")),
        "{notes:?}"
    );
    let run = compare::run(&[&a, &scaled], &CompareOptions::default()).unwrap();
    let notes = report(a, scaled, &run).notes;
    assert!(notes.iter().all(|n| !n.contains("not paired")), "{notes:?}");
}

/// Records, per first caller (by its arrival time, the same in both
/// scenarios), whether its answered call leads to a recontact.
#[derive(Default)]
struct Recontacts {
    first_arrivals: Vec<f64>,
    planned: HashMap<u64, bool>,
}

impl Observer for Recontacts {
    fn observe(&mut self, t: f64, what: Observation<'_>) {
        match what {
            Observation::Arrival {
                repeat: Repeat::First,
                ..
            } => self.first_arrivals.push(t),
            Observation::Answered(call) => {
                self.planned
                    .entry(call.arrival_s.to_bits())
                    .or_insert(false);
            }
            Observation::RecontactPlanned { arrival_s, .. } => {
                self.planned.insert(arrival_s.to_bits(), true);
            }
            _ => {}
        }
    }
}

#[test]
fn a_callers_recontact_does_not_depend_on_the_staffing() {
    let text = r#"
[simulation]
seed = 4
replications = 1
interval_min = 60
intervals = 8

[[call_type]]
name = "claims"
calls_per_hour = 120
handle = { dist = "exponential", mean_s = 300 }
patience = { dist = "exponential", mean_s = 200 }
retry = { prob_pct = 60, delay = { dist = "exponential", mean_s = 600 } }
recontact = { fcr_pct = 60, delay = { dist = "exponential", mean_s = 1800 } }

[[agent_group]]
name = "team"
agents = AGENTS
skills = ["claims"]
"#;
    let observe = |agents: &str| {
        let s = inline(&text.replace("AGENTS", agents), "x.toml");
        let model = Model::compile(&s);
        let mut seen = Recontacts::default();
        ModelRouter::new(&model)
            .run(&model, s.simulation.seed, 0, &mut seen)
            .unwrap();
        seen
    };
    let (few, many) = (observe("9"), observe("12"));
    assert_eq!(
        few.first_arrivals, many.first_arrivals,
        "the same first callers"
    );
    let mut both = 0;
    for t in &few.first_arrivals {
        let key = t.to_bits();
        if let (Some(x), Some(y)) = (few.planned.get(&key), many.planned.get(&key)) {
            assert_eq!(x, y, "the caller arriving at {t} s decides alike");
            both += 1;
        }
    }
    assert!(both > 300, "only {both} first callers answered in both");
}
