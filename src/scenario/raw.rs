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
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    pub seed: u64,
    #[serde(default = "default_replications")]
    pub replications: u32,
    #[serde(default = "default_interval_min")]
    pub interval_min: f64,
    pub intervals: Option<u32>,
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
    /// Accept call types that no agent group serves (they wait or abandon), with a warning.
    #[serde(default)]
    pub allow_unserved: bool,
}

fn default_replications() -> u32 {
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
    pub priority: i32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgentGroup {
    pub name: String,
    /// A whole number (every interval) or a list with one value per interval.
    pub agents: toml::Value,
    /// Call type names this group serves, in preference order.
    pub skills: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    pub service_level_pct: Option<f64>,
    /// The T of "X % answered within T seconds"; also the reported SL's threshold.
    pub answer_within_s: Option<f64>,
    pub max_abandon_pct: Option<f64>,
    pub max_asa_s: Option<f64>,
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

/// A distribution of durations, tagged by `dist`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(tag = "dist", rename_all = "lowercase", deny_unknown_fields)]
pub enum RawDistribution {
    Exponential {
        mean_s: f64,
    },
    Lognormal {
        mean_s: f64,
        cv: f64,
    },
    Gamma {
        mean_s: f64,
        cv: f64,
    },
    Erlang {
        mean_s: f64,
        k: u32,
    },
    Weibull {
        shape: f64,
        scale_s: f64,
    },
    Uniform {
        min_s: f64,
        max_s: f64,
    },
    Constant {
        value_s: f64,
    },
    /// Draws one of `values_s`, with `weights` (default: equally likely).
    Empirical {
        values_s: Vec<f64>,
        weights: Option<Vec<f64>>,
    },
}
