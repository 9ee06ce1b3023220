//! The record of one `callsim sweep` run: the varied values' points (a grid
//! for several `--vary`) and every matched KPI at each, with paired
//! differences from the first point.

use serde::Serialize;

use super::simulation::ScenarioEcho;
use crate::scenario::Scenario;
use crate::scenario::share_path;
use crate::study::compare::CompareRunFacts;
use crate::study::compare::{Comparer, Comparison};
use crate::study::sweep::SweepGrid;

pub use crate::record::SWEEP_SCHEMA;

/// Sweep results: the KPI tables are those of `callsim compare`, with one
/// entry per point where a comparison has one per scenario (`scenarios[i]`
/// and `differences[i]` are point i's estimate and its paired difference
/// from point 0). A grid's points come in the order of its axes, the first
/// varying slowest.
#[derive(Debug, Clone, Serialize)]
pub struct SweepReport {
    pub schema: &'static str,
    pub callsim_version: &'static str,
    /// The scenario swept, as given.
    pub scenario: ScenarioEcho,
    /// Every axis at once (a grid's specs joined by ` × `).
    pub vary: VaryRecord,
    /// One per `--vary`.
    pub axes: Vec<AxisRecord>,
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
    /// As given to --vary (several joined by ` × `).
    pub spec: String,
    /// volume_pct, aht_pct, agents_pct or a scenario path (several joined
    /// by ` × `, those moving together by ` & `).
    pub name: String,
}

/// One `--vary`: the names it varies together and its number of points.
#[derive(Debug, Clone, Serialize)]
pub struct AxisRecord {
    pub spec: String,
    pub names: Vec<String>,
    pub points: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SweepPoint {
    /// The value as applied (a grid's values joined by `, `).
    pub value: String,
    /// The value as a number, where it is one (never for a grid).
    pub number: Option<f64>,
    /// The point's index on each axis.
    pub at: Vec<usize>,
    /// Every value varied here, in axis order.
    pub values: Vec<PointValueRecord>,
    /// Agents on the phones, all groups together: the fewest and the most
    /// over the intervals.
    pub agents: AgentsRecord,
    /// The shares of each IVR menu whose option share is varied, as
    /// simulated (the options not varied scaled to make up 100 %).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ivr_shares: Vec<IvrSharesRecord>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PointValueRecord {
    pub name: String,
    pub value: String,
    pub number: Option<f64>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct AgentsRecord {
    pub min: u64,
    pub max: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct IvrSharesRecord {
    /// `ivr_node[n]`.
    pub node: String,
    pub name: String,
    /// Each option's share, in %, in the file's order.
    pub prob_pct: Vec<f64>,
}

impl SweepReport {
    /// The sweep of `base` by `grid`, whose points (`points[i]`, the
    /// scenario simulated at point i) were folded into `comparer`.
    pub fn new(
        base: &Scenario,
        grid: &SweepGrid,
        points: &[Scenario],
        comparer: &Comparer,
        run: CompareRunFacts,
    ) -> Self {
        let confidence = base.simulation.confidence;
        let single = grid.is_single();
        Self {
            schema: SWEEP_SCHEMA,
            callsim_version: env!("CARGO_PKG_VERSION"),
            scenario: ScenarioEcho {
                source: base.source.clone(),
                content: base.echo.clone(),
            },
            vary: VaryRecord {
                spec: grid.spec(),
                name: grid.name(),
            },
            axes: grid
                .axes
                .iter()
                .map(|a| AxisRecord {
                    spec: a.spec.clone(),
                    names: a.parts.iter().map(|p| p.name.clone()).collect(),
                    points: a.len(),
                })
                .collect(),
            seed: base.simulation.seed,
            replications: u64::from(base.simulation.replications),
            confidence,
            answer_within_s: base.targets.answer_within_s,
            points: points
                .iter()
                .enumerate()
                .map(|(i, scenario)| {
                    let values = grid.values_at(i);
                    let texts: Vec<&str> = values.iter().map(|v| v.value.text.as_str()).collect();
                    SweepPoint {
                        value: texts.join(", "),
                        number: if single { values[0].value.number } else { None },
                        at: grid.at(i),
                        values: values
                            .iter()
                            .map(|v| PointValueRecord {
                                name: v.part.name.clone(),
                                value: v.value.text.clone(),
                                number: v.value.number,
                            })
                            .collect(),
                        agents: agents(scenario),
                        ivr_shares: ivr_shares(grid, scenario),
                    }
                })
                .collect(),
            run,
            comparison: comparer.finish(confidence),
        }
    }
}

/// All groups' agents together, fewest and most over the intervals.
fn agents(scenario: &Scenario) -> AgentsRecord {
    let intervals = scenario
        .agent_groups
        .iter()
        .map(|g| g.agents.len())
        .max()
        .unwrap_or(0);
    let totals = (0..intervals).map(|k| {
        scenario
            .agent_groups
            .iter()
            .map(|g| u64::from(g.agents.get(k).copied().unwrap_or(0)))
            .sum::<u64>()
    });
    let (min, max) = totals.fold((u64::MAX, 0), |(lo, hi), t| (lo.min(t), hi.max(t)));
    AgentsRecord {
        min: if intervals == 0 { 0 } else { min },
        max,
    }
}

/// The shares of the IVR menus whose option share `grid` varies, as
/// `scenario` has them (read from its echo: the values as written there).
fn ivr_shares(grid: &SweepGrid, scenario: &Scenario) -> Vec<IvrSharesRecord> {
    let mut nodes: Vec<usize> = grid
        .parts()
        .filter_map(|p| share_path(&p.name).map(|(node, _)| node))
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    nodes
        .into_iter()
        .filter_map(|n| {
            let node = scenario.echo.get("ivr_node")?.get(n)?;
            let prob_pct = node
                .get("options")?
                .as_array()?
                .iter()
                .map(|o| match o.get("prob_pct") {
                    Some(toml::Value::Integer(i)) => Some(*i as f64),
                    Some(toml::Value::Float(f)) => Some(*f),
                    _ => None,
                })
                .collect::<Option<Vec<f64>>>()?;
            Some(IvrSharesRecord {
                node: format!("ivr_node[{n}]"),
                name: node.get("name")?.as_str()?.to_string(),
                prob_pct,
            })
        })
        .collect()
}
