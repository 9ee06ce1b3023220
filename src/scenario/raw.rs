//! The scenario file as written: serde structs mirroring the TOML, with
//! unknown keys rejected. Nothing here is checked beyond types; see `validate`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub simulation: RawSimulation,
    #[serde(default)]
    pub arrivals: RawArrivals,
    #[serde(rename = "call_type", default)]
    pub call_types: Vec<RawCallType>,
    #[serde(rename = "agent_group", default)]
    pub agent_groups: Vec<RawAgentGroup>,
    #[serde(default)]
    pub targets: RawTargets,
    pub trunks: Option<RawTrunks>,
    #[serde(default)]
    pub routing: RawRouting,
    #[serde(rename = "entry", default)]
    pub entries: Vec<RawEntry>,
    #[serde(rename = "ivr_node", default)]
    pub ivr_nodes: Vec<RawIvrNode>,
    /// Allowed shift patterns, for `callsim staff`.
    #[serde(rename = "shift", default)]
    pub shifts: Vec<RawShift>,
    /// Paid time off the phones, for `callsim staff`.
    #[serde(default)]
    pub shrinkage: RawShrinkage,
}

/// A shift pattern: agents on it start at `start` (one time or a list) and
/// are paid for `length_min`, off the phones during `breaks`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawShift {
    pub name: String,
    /// "HH:MM", or a list of them (one pattern per start time).
    pub start: toml::Value,
    pub length_min: f64,
    #[serde(default)]
    pub breaks: Vec<RawBreak>,
    /// Cost of one agent on this shift; default: paid hours (length_min / 60).
    pub cost: Option<f64>,
    /// The agent group this pattern is for; default: every group.
    pub group: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawBreak {
    /// Minutes after the shift's start.
    pub after_min: f64,
    pub length_min: f64,
}

/// Lines into the center: calls in the IVR, waiting or talking hold one.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrunks {
    pub lines: i64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawShrinkage {
    #[serde(default)]
    pub absenteeism_pct: f64,
    /// Breaks not written into the shift patterns (those are planned exactly).
    #[serde(default)]
    pub breaks_pct: f64,
    #[serde(default)]
    pub training_pct: f64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRouting {
    #[serde(default)]
    pub agent_selection: RawAgentSelection,
    /// Priority points a waiting call gains per minute of waiting.
    #[serde(default)]
    pub aging_per_min: f64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RawAgentSelection {
    #[default]
    LongestIdle,
    FewestCalls,
    LeastFlexible,
}

/// Callers who hang up or find every line busy call again.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRetry {
    pub prob_pct: f64,
    pub delay: RawDistribution,
}

/// Answered callers whose problem was not solved call again.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecontact {
    pub fcr_pct: f64,
    pub delay: RawDistribution,
}

/// Virtual hold: offer a callback when the expected wait is long.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCallback {
    pub offer_when_wait_s: f64,
    pub accept_pct: f64,
    pub deadline_min: f64,
}

/// An entry number: its own volume, answered by an IVR menu.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    pub name: String,
    pub calls_per_interval: Option<toml::Value>,
    pub calls_per_hour: Option<toml::Value>,
    /// The first IVR node callers hear.
    pub ivr: String,
    pub retry: Option<RawRetry>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawIvrNode {
    pub name: String,
    /// Time the caller spends in this node before choosing.
    pub prompt: RawDistribution,
    pub options: Vec<RawIvrOption>,
}

/// One way out of an IVR node: exactly one of `next`, `queue`, `outcome`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawIvrOption {
    pub prob_pct: f64,
    pub next: Option<String>,
    pub queue: Option<String>,
    pub outcome: Option<RawIvrOutcome>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RawIvrOutcome {
    SelfService,
    HangUp,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    /// Read as a TOML integer so that a negative seed gets a clear message.
    pub seed: i64,
    #[serde(default = "default_replications")]
    pub replications: i64,
    #[serde(default = "default_interval_min")]
    pub interval_min: f64,
    pub intervals: Option<i64>,
    /// Clock time of the first interval's start, "HH:MM".
    pub open: Option<String>,
    /// Clock time of the last interval's end, "HH:MM" (sets the number of intervals).
    pub close: Option<String>,
    #[serde(default)]
    pub warmup_min: f64,
    #[serde(default = "default_confidence")]
    pub confidence_pct: f64,
    #[serde(default)]
    pub after_close: RawAfterClose,
    /// How ratio KPIs are estimated across replications.
    #[serde(default)]
    pub estimator: crate::stats::Estimator,
    /// Accept call types that no agent group serves (they wait or abandon), with a warning.
    #[serde(default)]
    pub allow_unserved: bool,
}

fn default_replications() -> i64 {
    30
}
fn default_interval_min() -> f64 {
    30.0
}
fn default_confidence() -> f64 {
    95.0
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RawAfterClose {
    /// Calls waiting at closing time are still served (and counted); no new calls arrive.
    #[default]
    Serve,
    /// Calls waiting at closing time are dropped and counted as such.
    Drop,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawArrivals {
    /// Coefficient of variation of a gamma "busyness" factor drawn once per
    /// replication and multiplying every call type's volume (0 = pure Poisson).
    #[serde(default)]
    pub day_factor_cv: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCallType {
    pub name: String,
    /// A number (every interval) or a list with one value per interval.
    pub calls_per_interval: Option<toml::Value>,
    /// A number (every interval) or a list with one value per interval.
    pub calls_per_hour: Option<toml::Value>,
    pub handle: RawDistribution,
    /// Omitted: callers never hang up.
    pub patience: Option<RawDistribution>,
    pub after_call_work: Option<RawDistribution>,
    /// Higher is served first.
    #[serde(default)]
    pub priority: i64,
    /// Groups to try for a new call, in order (default: file order).
    pub groups: Option<Vec<String>>,
    pub retry: Option<RawRetry>,
    pub recontact: Option<RawRecontact>,
    pub callback: Option<RawCallback>,
    /// Share of the volume removed by proactive notifications: one number or one per interval.
    pub proactive_pct: Option<toml::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgentGroup {
    pub name: String,
    /// A whole number (every interval) or a list with one value per interval.
    pub agents: toml::Value,
    /// Call type names this group serves, in preference order.
    pub skills: Vec<String>,
    /// Proficiency: handle-time multiplier per skill (default 1).
    #[serde(default)]
    pub handle_factor: std::collections::BTreeMap<String, f64>,
    /// Delayed overflow: take calls of a skill only once they waited this long.
    #[serde(default)]
    pub answer_after_s: std::collections::BTreeMap<String, f64>,
    pub reserve: Option<RawReserve>,
}

/// Keep `agents` idle agents for calls of the `for` types.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawReserve {
    pub agents: i64,
    #[serde(rename = "for")]
    pub for_types: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    pub service_level_pct: Option<f64>,
    /// The T of "X % answered within T seconds"; also the reported SL's threshold.
    pub answer_within_s: Option<f64>,
    pub max_abandon_pct: Option<f64>,
    pub max_asa_s: Option<f64>,
    /// Largest share of agents' time on calls, per group and interval (`callsim staff`).
    pub max_occupancy_pct: Option<f64>,
    #[serde(default)]
    pub service_level_basis: RawServiceLevelBasis,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawServiceLevelBasis {
    #[default]
    Offered,
    Answered,
    ExcludeShortAbandons,
}

/// A distribution of durations: `dist` names it, and the keys it takes are
/// checked by [`Distribution::new`](crate::distribution::Distribution::new).
/// A flat table (rather than a tagged enum) keeps every key's own field path
/// in error messages.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistribution {
    pub dist: DistributionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cv: Option<f64>,
    /// Erlang phases (a whole number, read as a number to check its range).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values_s: Option<Vec<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<f64>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DistributionKind {
    #[default]
    Exponential,
    Lognormal,
    Gamma,
    Erlang,
    Weibull,
    Uniform,
    Constant,
    /// Draws one of `values_s`, with `weights` (default: equally likely).
    Empirical,
}

impl DistributionKind {
    pub fn name(self) -> &'static str {
        match self {
            DistributionKind::Exponential => "exponential",
            DistributionKind::Lognormal => "lognormal",
            DistributionKind::Gamma => "gamma",
            DistributionKind::Erlang => "erlang",
            DistributionKind::Weibull => "weibull",
            DistributionKind::Uniform => "uniform",
            DistributionKind::Constant => "constant",
            DistributionKind::Empirical => "empirical",
        }
    }

    /// The keys this distribution takes (besides `dist`); optional ones last.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            DistributionKind::Exponential => &["mean_s"],
            DistributionKind::Lognormal | DistributionKind::Gamma => &["mean_s", "cv"],
            DistributionKind::Erlang => &["mean_s", "k"],
            DistributionKind::Weibull => &["shape", "scale_s"],
            DistributionKind::Uniform => &["min_s", "max_s"],
            DistributionKind::Constant => &["value_s"],
            DistributionKind::Empirical => &["values_s", "weights"],
        }
    }
}

impl RawDistribution {
    /// The keys given in the table (besides `dist`).
    pub fn given_keys(&self) -> Vec<&'static str> {
        let present = [
            ("mean_s", self.mean_s.is_some()),
            ("cv", self.cv.is_some()),
            ("k", self.k.is_some()),
            ("shape", self.shape.is_some()),
            ("scale_s", self.scale_s.is_some()),
            ("min_s", self.min_s.is_some()),
            ("max_s", self.max_s.is_some()),
            ("value_s", self.value_s.is_some()),
            ("values_s", self.values_s.is_some()),
            ("weights", self.weights.is_some()),
        ];
        present
            .iter()
            .filter(|(_, given)| *given)
            .map(|(k, _)| *k)
            .collect()
    }
}
