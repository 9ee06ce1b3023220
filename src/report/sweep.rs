//! The record of one `callsim sweep` run: the varied value's points and every
//! matched KPI at each, with paired differences from the first point.

use serde::Serialize;

use super::simulation::ScenarioEcho;
use crate::scenario::Scenario;
use crate::study::compare::CompareRunFacts;
use crate::study::compare::{Comparer, Comparison};
use crate::study::sweep::SweepSpec;

pub use crate::record::SWEEP_SCHEMA;

/// Sweep results: the KPI tables are those of `callsim compare`, with one
/// entry per point where a comparison has one per scenario (`scenarios[i]`
/// and `differences[i]` are point i's estimate and its paired difference
/// from point 0).
#[derive(Debug, Clone, Serialize)]
pub struct SweepReport {
    pub schema: &'static str,
    pub callsim_version: &'static str,
    /// The scenario swept, as given.
    pub scenario: ScenarioEcho,
    pub vary: VaryRecord,
    pub seed: u64,
    pub replications: u64,
    pub confidence: f64,
    pub answer_within_s: f64,
    pub points: Vec<SweepPoint>,
    pub run: CompareRunFacts,
    #[serde(flatten)]
    pub comparison: Comparison,
}

#[derive(Debug, Clone, Serialize)]
pub struct VaryRecord {
    /// As given to --vary.
    pub spec: String,
    /// volume_pct, aht_pct, agents_pct or a scenario path.
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SweepPoint {
    /// The value as applied.
    pub value: String,
    /// The value as a number, where it is one.
    pub number: Option<f64>,
}

impl SweepReport {
    /// The sweep of `base` by `spec`, its points folded into `comparer`.
    pub fn new(
        base: &Scenario,
        spec: &SweepSpec,
        comparer: &Comparer,
        run: CompareRunFacts,
    ) -> Self {
        let confidence = base.simulation.confidence;
        Self {
            schema: SWEEP_SCHEMA,
            callsim_version: env!("CARGO_PKG_VERSION"),
            scenario: ScenarioEcho {
                source: base.source.clone(),
                content: base.echo.clone(),
            },
            vary: VaryRecord {
                spec: spec.spec.clone(),
                name: spec.name.clone(),
            },
            seed: base.simulation.seed,
            replications: u64::from(base.simulation.replications),
            confidence,
            answer_within_s: base.targets.answer_within_s,
            points: spec
                .values
                .iter()
                .map(|v| SweepPoint {
                    value: v.text.clone(),
                    number: v.number,
                })
                .collect(),
            run,
            comparison: comparer.finish(confidence),
        }
    }
}
