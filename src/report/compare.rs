//! The record of one `callsim compare` run: the scenarios, the common seed
//! and replications, and every matched KPI with its paired differences.

use serde::Serialize;

use crate::distribution::Distribution;
use crate::scenario::Scenario;
use crate::study::compare::{ArmRun, CompareRunFacts, Comparer, Comparison};
use crate::study::verdict::{RankBy, Verdict};

pub use crate::record::COMPARE_SCHEMA;

#[derive(Debug, Clone, Serialize)]
pub struct CompareReport {
    pub schema: &'static str,
    pub callsim_version: &'static str,
    /// The first scenario's seed, used for every scenario.
    pub seed: u64,
    /// The first scenario's replication count, used for every scenario.
    pub replications: u64,
    /// The first scenario's confidence level.
    pub confidence: f64,
    /// The first scenario's service-level threshold, seconds.
    pub answer_within_s: f64,
    pub scenarios: Vec<ComparedScenario>,
    /// The optional parts any compared scenario uses (their KPIs are shown).
    pub features: super::simulation::Features,
    /// Facts the reader needs (settings overridden, intervals not compared).
    pub notes: Vec<String>,
    pub run: CompareRunFacts,
    /// The scenarios ranked by one KPI, with the targets each meets.
    pub verdict: Verdict,
    #[serde(flatten)]
    pub comparison: Comparison,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComparedScenario {
    /// "A", "B", … in the order given.
    pub label: String,
    pub source: String,
    /// Seed and replications as written in the file (the run uses the first's).
    pub seed_in_file: u64,
    pub replications_in_file: u64,
    pub warnings: Vec<String>,
    /// The scenario as simulated (seed and replications of the first).
    pub content: toml::Value,
}

/// What makes `other` (labelled `label`) meet other callers than `first`.
/// Each caller's streams follow its call type's (or entry's) name, and each
/// attribute has a stream of its own, so another menu, staffing, routing,
/// volume or scale of a distribution keeps the callers paired. Another kind
/// of distribution (or gamma shape) turns the same draws into unrelated
/// values, and another day-to-day variation draws every day's volume anew.
fn pairing_notes(first: &Scenario, other: &Scenario, label: &str) -> Vec<String> {
    let mut notes = Vec::new();
    if first.simulation.estimator != other.simulation.estimator {
        notes.push(format!(
            "{label} sets estimator = \"{}\"; every scenario is estimated as A is (\"{}\")",
            other.simulation.estimator.key(),
            first.simulation.estimator.key()
        ));
    }
    for (c, theirs) in other.call_types.iter().enumerate() {
        let Some(mine) = first.call_types.iter().position(|m| m.name == theirs.name) else {
            continue;
        };
        let (a_s, b_s) = (first.answer_within_s(mine), other.answer_within_s(c));
        if a_s != b_s {
            notes.push(format!(
                "call type {}: {label} counts its service level within {b_s} s, A within {a_s} s, so their service levels measure different things",
                theirs.name
            ));
        }
    }
    if first.day_factor_cv != other.day_factor_cv {
        notes.push(format!(
            "{label}'s day_factor_cv differs from A's: every day's volume is drawn anew, so no call type is paired with A and paired intervals are no tighter than independent ones"
        ));
        return notes;
    }
    let unlike = |a: Option<&Distribution>, b: Option<&Distribution>| match (a, b) {
        (Some(a), Some(b)) => !a.draws_like(b),
        _ => false,
    };
    for theirs in &other.call_types {
        let Some(mine) = first.call_types.iter().find(|c| c.name == theirs.name) else {
            continue;
        };
        let mut differ = Vec::new();
        if unlike(Some(&mine.handle), Some(&theirs.handle)) {
            differ.push("handle time");
        }
        if unlike(mine.patience.as_ref(), theirs.patience.as_ref()) {
            differ.push("patience");
        }
        if unlike(
            mine.after_call_work.as_ref(),
            theirs.after_call_work.as_ref(),
        ) {
            differ.push("after-call work");
        }
        if !differ.is_empty() {
            notes.push(format!(
                "call type {}: {label} draws its {} from another kind of distribution than A, so its callers are not paired with A's: its paired intervals are no tighter than independent ones",
                theirs.name,
                differ.join(", "),
            ));
        }
    }
    notes
}

/// The letter of the i-th scenario: A, B, …, Z, then S27, S28, …
pub fn label(i: usize) -> String {
    if i < 26 {
        char::from(b'A' + i as u8).to_string()
    } else {
        format!("S{}", i + 1)
    }
}

impl CompareReport {
    /// The comparison of `arms` (the first is the reference), folded into
    /// `comparer`, at the first scenario's confidence level.
    pub fn new(
        arms: &[ArmRun],
        comparer: &Comparer,
        run: CompareRunFacts,
        rank_by: RankBy,
    ) -> Self {
        let first = &arms[0].scenario;
        let confidence = first.simulation.confidence;
        let comparison = comparer.finish(confidence);
        let labels: Vec<String> = (0..arms.len()).map(label).collect();
        let targets: Vec<&crate::scenario::Targets> =
            arms.iter().map(|a| &a.scenario.targets).collect();
        let verdict = Verdict::new(&comparison, &labels, &targets, rank_by);
        let seed = first.simulation.seed;
        let replications = u64::from(first.simulation.replications);
        let mut notes = vec![format!(
            "every scenario runs with the first one's seed ({seed}) and {replications} replications: common random numbers, so replication r meets the same callers in each"
        )];
        for (i, a) in arms.iter().enumerate().skip(1) {
            if a.seed_in_file != seed || a.replications_in_file != replications {
                notes.push(format!(
                    "{} ({}) gives seed {} and {} replications; the first scenario's are used",
                    label(i),
                    a.scenario.source,
                    a.seed_in_file,
                    a.replications_in_file
                ));
            }
        }
        // Names that do not match are not compared: say which.
        let names = |s: &Scenario| -> (Vec<String>, Vec<String>) {
            (
                s.call_types.iter().map(|c| c.name.clone()).collect(),
                s.agent_groups.iter().map(|g| g.name.clone()).collect(),
            )
        };
        let (first_types, first_groups) = names(first);
        for (i, a) in arms.iter().enumerate().skip(1) {
            let (types, groups) = names(&a.scenario);
            for (kind, mine, theirs) in [
                ("call type", &types, &first_types),
                ("agent group", &groups, &first_groups),
            ] {
                let extra: Vec<&str> = mine
                    .iter()
                    .filter(|n| !theirs.contains(n))
                    .map(String::as_str)
                    .collect();
                if !extra.is_empty() {
                    notes.push(format!(
                        "{} has {kind}s that A lacks, not compared by name: {}",
                        label(i),
                        extra.join(", ")
                    ));
                }
                let missing: Vec<&str> = theirs
                    .iter()
                    .filter(|n| !mine.contains(n))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    notes.push(format!(
                        "{} lacks A's {kind}s {}: their KPIs are empty for {}",
                        label(i),
                        missing.join(", "),
                        label(i)
                    ));
                }
            }
        }
        for (i, a) in arms.iter().enumerate().skip(1) {
            notes.extend(pairing_notes(first, &a.scenario, &label(i)));
        }
        if !comparison.intervals_match {
            notes.push(
                "the scenarios' intervals differ, so only whole-day KPIs are compared".to_string(),
            );
        }
        Self {
            schema: COMPARE_SCHEMA,
            callsim_version: env!("CARGO_PKG_VERSION"),
            seed,
            replications,
            confidence,
            answer_within_s: first.targets.answer_within_s,
            scenarios: arms
                .iter()
                .enumerate()
                .map(|(i, a)| ComparedScenario {
                    label: label(i),
                    source: a.scenario.source.clone(),
                    seed_in_file: a.seed_in_file,
                    replications_in_file: a.replications_in_file,
                    warnings: a.scenario.warnings.iter().map(String::from).collect(),
                    content: a.scenario.echo.clone(),
                })
                .collect(),
            notes,
            run,
            features: arms
                .iter()
                .map(|a| super::simulation::Features::of(&a.scenario))
                .fold(super::simulation::Features::default(), |all, f| {
                    all.union(f)
                }),
            verdict,
            comparison,
        }
    }
}
