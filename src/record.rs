//! What charts and HTML reports read of a result: the parts of the JSON
//! records (`callsim.simulate/2`, `callsim.erlang/1`, `callsim.staff/2`,
//! `callsim.compare/2`, `callsim.sweep/3`) they draw from. Records of the
//! first versions (means of daily ratios) are read too: what charts draw from
//! them kept its shape.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::kpi::{AnyKpi, CallKpi, TargetKpi};
use crate::lang::{Words, fill};
use crate::staffing::MissedTarget;
use thiserror::Error;

/// Versions of the JSON layouts; bumped when a field changes meaning or goes away.
/// `simulate/2`: ratio KPIs are ratios of sums by default (`estimator`), days
/// meeting targets; `staff/2`, `compare/2` and `sweep/2` carry those estimates.
pub const SIMULATION_SCHEMA: &str = "callsim.simulate/2";
pub const ERLANG_SCHEMA: &str = "callsim.erlang/1";
/// `callsim erlang --max-blocking-pct`: lines under Erlang B.
pub const LINES_SCHEMA: &str = "callsim.erlang_lines/1";
/// `callsim erlang --compare-models`: Erlang C and Erlang A side by side.
pub const MODELS_SCHEMA: &str = "callsim.erlang_models/1";
pub const STAFF_SCHEMA: &str = "callsim.staff/2";
pub const COMPARE_SCHEMA: &str = "callsim.compare/2";
/// `sweep/3`: several `--vary` (a grid): `axes`, and each point's `at`,
/// `values`, `agents` and `ivr_shares`; `vary` and `points[].value` join a
/// grid's names and values.
pub const SWEEP_SCHEMA: &str = "callsim.sweep/3";

/// A file that is not a result charts can be drawn from.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("{path}: not a callsim result: {message}", path = path.display())]
    NotAResult { path: PathBuf, message: String },

    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A saved or fresh result of a command that has charts.
#[derive(Debug, Clone)]
pub enum Record {
    Simulation(Box<SimulationRecord>),
    Erlang(Box<ErlangRecord>),
    Lines(Box<LinesRecord>),
    Models(Box<ModelsRecord>),
    Staff(Box<StaffRecord>),
    Compare(Box<CompareRecord>),
    Sweep(Box<SweepRecord>),
}

impl Record {
    /// Reads a result from its JSON value; the message says what is wrong.
    pub fn from_json(value: serde_json::Value) -> Result<Self, String> {
        fn parse<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
            serde_path_to_error::deserialize(value).map_err(|e| {
                let path = e.path().to_string();
                format!("{path}: {}", e.into_inner())
            })
        }
        let schema = value.get("schema").and_then(|s| s.as_str());
        match schema {
            Some(SIMULATION_SCHEMA | "callsim.simulate/1") => {
                parse(value).map(|r| Record::Simulation(Box::new(r)))
            }
            Some(ERLANG_SCHEMA) => parse(value).map(|r| Record::Erlang(Box::new(r))),
            Some(LINES_SCHEMA) => parse(value).map(|r| Record::Lines(Box::new(r))),
            Some(MODELS_SCHEMA) => parse(value).map(|r| Record::Models(Box::new(r))),
            Some(STAFF_SCHEMA | "callsim.staff/1") => {
                parse(value).map(|r| Record::Staff(Box::new(r)))
            }
            Some(COMPARE_SCHEMA | "callsim.compare/1") => {
                parse(value).map(|r| Record::Compare(Box::new(r)))
            }
            Some(SWEEP_SCHEMA | "callsim.sweep/2" | "callsim.sweep/1") => {
                parse(value).map(|r| Record::Sweep(Box::new(r)))
            }
            Some(other) => Err(format!(
                "its schema is {other:?}; charts are drawn from {SIMULATION_SCHEMA}, {ERLANG_SCHEMA}, {STAFF_SCHEMA}, {COMPARE_SCHEMA} and {SWEEP_SCHEMA} results (--format json)"
            )),
            None => Err("it has no \"schema\" field; save results with --format json".to_string()),
        }
    }

    /// Reads a result saved with `--format json`.
    pub fn read(path: &Path) -> Result<Self, ReadError> {
        let bytes =
            crate::scenario::file::read_bounded(path, crate::scenario::file::MAX_RESULT_BYTES)
                .map_err(|source| ReadError::Read {
                    path: path.to_path_buf(),
                    source,
                })?;
        let not_a_result = |message: String| ReadError::NotAResult {
            path: path.to_path_buf(),
            message,
        };
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| not_a_result(format!("invalid JSON ({e})")))?;
        Self::from_json(value).map_err(not_a_result)
    }

    /// The record of a report just computed.
    pub fn of<T: serde::Serialize>(report: &T) -> Self {
        let value = serde_json::to_value(report).expect("reports serialize to JSON");
        Self::from_json(value).expect("a report reads back as its own record")
    }
}

/// Mean and confidence half-width of a KPI.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Estimate {
    pub mean: f64,
    pub half_width: Option<f64>,
}

/// KPI key → estimate, as saved; read by KPI ([`crate::kpi`] has the keys).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct KpiMap(BTreeMap<String, Option<Estimate>>);

impl KpiMap {
    /// The estimate of `kpi`; `None` where undefined or not saved.
    pub fn get(&self, kpi: impl Into<AnyKpi>) -> Option<Estimate> {
        self.0.get(kpi.into().key()).copied().flatten()
    }
}

/// A share of days meeting a target, with its interval.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Share {
    pub share: f64,
    pub low: f64,
    pub high: f64,
}

/// Target KPI key → the share of days meeting it, as saved.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct TargetDays(BTreeMap<String, Share>);

impl TargetDays {
    pub fn get(&self, target: TargetKpi) -> Option<Share> {
        self.0.get(target.key()).copied()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct SimulationRecord {
    pub scenario: ScenarioEcho,
    pub seed: u64,
    pub replications: Replications,
    pub confidence: f64,
    #[serde(default)]
    pub estimator: crate::stats::Estimator,
    pub interval_min: f64,
    /// Absent for one day, and from records written before scenarios had several.
    #[serde(default = "one_day")]
    pub days: usize,
    pub targets: SimulationTargets,
    pub warnings: Vec<String>,
    pub totals: Vec<NamedKpis>,
    pub intervals: Vec<IntervalKpis>,
    pub groups: Vec<GroupKpis>,
    pub wait_distribution: Vec<WaitDistribution>,
    #[serde(default)]
    pub features: Features,
    #[serde(default)]
    pub entries: Vec<EntryKpis>,
    #[serde(default)]
    pub ivr_nodes: Vec<NodeTraffic>,
    #[serde(default)]
    pub campaigns: Vec<CampaignKpis>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CampaignKpis {
    pub campaign: String,
    #[serde(default)]
    pub max_nuisance: Option<f64>,
    pub day: KpiMap,
}

/// The optional parts of the model the scenario uses.
/// The optional parts of the model a scenario uses; reports show their KPIs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct Features {
    pub ivr: bool,
    pub trunks: bool,
    pub callbacks: bool,
    pub retrials: bool,
    pub recontacts: bool,
    pub proactive: bool,
    /// Some call type balks (absent from records written before balking).
    #[serde(default)]
    pub balking: bool,
    /// Some call type has a queue capacity (`max_waiting`).
    #[serde(default)]
    pub queue_capacity: bool,
    /// Some call type comes by chat.
    #[serde(default)]
    pub chats: bool,
    /// Some call type comes by e-mail.
    #[serde(default)]
    pub emails: bool,
    /// Some outbound campaign dials in the agents' idle time.
    #[serde(default)]
    pub outbound: bool,
    /// Some call type transfers answered contacts to another.
    #[serde(default)]
    pub transfers: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EntryKpis {
    pub entry: String,
    pub day: KpiMap,
}

#[derive(Debug, Clone, Deserialize)]
pub struct NodeTraffic {
    pub node: String,
    pub day: Option<Estimate>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ScenarioEcho {
    pub source: String,
    pub content: serde_json::Value,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Replications {
    pub first: u64,
    pub count: u64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct SimulationTargets {
    pub service_level: Option<f64>,
    pub answer_within_s: f64,
    pub max_abandon: Option<f64>,
    pub max_asa_s: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct NamedKpis {
    pub call_type: String,
    /// The call type's channel, where the scenario has chats or e-mails.
    #[serde(default)]
    pub channel: Option<crate::model::Channel>,
    /// The call type's own service-level threshold, seconds (absent: the
    /// targets').
    #[serde(default)]
    pub answer_within_s: Option<f64>,
    /// The call type's own targets, where it sets any.
    #[serde(default)]
    pub own_targets: Option<crate::scenario::OwnTargets>,
    pub kpis: KpiMap,
    #[serde(default)]
    pub days_meeting_targets: TargetDays,
    /// With outbound campaigns: the service level without them.
    #[serde(default)]
    pub sl_without_outbound: Option<Estimate>,
    /// The points of service level the campaigns cost.
    #[serde(default)]
    pub sl_lost_to_outbound: Option<Estimate>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IntervalKpis {
    pub start: String,
    pub call_types: Vec<NamedKpis>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GroupKpis {
    pub group: String,
    pub staffed: Vec<u32>,
    pub day: KpiMap,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WaitDistribution {
    pub call_type: String,
    pub points: Vec<WaitPoint>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct WaitPoint {
    pub wait_s: f64,
    pub share_answered: Option<Estimate>,
}

impl SimulationRecord {
    /// The estimate of `kpi` for `call_type` ("all" for every type) in each interval.
    pub fn per_interval(&self, call_type: &str, kpi: CallKpi) -> Vec<Option<Estimate>> {
        self.intervals
            .iter()
            .map(|interval| {
                interval
                    .call_types
                    .iter()
                    .find(|n| n.call_type == call_type)
                    .and_then(|n| n.kpis.get(kpi))
            })
            .collect()
    }

    /// Call-type names, "all" last.
    pub fn call_types(&self) -> impl Iterator<Item = &str> {
        self.totals.iter().map(|n| n.call_type.as_str())
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ErlangRecord {
    pub model: ModelRecord,
    pub service_level_threshold_s: f64,
    pub targets: ErlangTargets,
    pub shrinkage: f64,
    pub result: ErlangResult,
    /// KPIs against agents around the answer, for charts.
    #[serde(default)]
    pub curve: Vec<ErlangKpis>,
}

/// What charts and the HTML report read of Erlang C and A side by side.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelsRecord {
    pub traffic: TrafficSummary,
    pub service_level_threshold_s: f64,
    #[serde(flatten)]
    pub comparison: crate::erlang::ModelComparison,
    /// Both models over a wider range of agents, for charts.
    #[serde(default)]
    pub curve: Vec<crate::erlang::AgentsRow>,
    /// The scenario simulated at each agent count (`--scenario`).
    #[serde(default)]
    pub simulation: Option<crate::study::erlang_models::SimulatedModels>,
}

/// What charts and the HTML report read of an Erlang B line sizing.
#[derive(Debug, Clone, Deserialize)]
pub struct LinesRecord {
    pub traffic: TrafficSummary,
    pub max_blocking: f64,
    pub required: crate::erlang::LineKpis,
    pub table: Vec<crate::erlang::LineKpis>,
    /// The blocking against lines around the answer, for charts.
    #[serde(default)]
    pub curve: Vec<crate::erlang::LineKpis>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ModelRecord {
    pub model: String,
    pub patience_s: Option<f64>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct ErlangTargets {
    pub service_level: Option<ServiceLevelTarget>,
    pub max_asa_s: Option<f64>,
    pub max_abandon: Option<f64>,
    pub max_occupancy: Option<f64>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct ServiceLevelTarget {
    pub share: f64,
    pub within_s: f64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct ErlangKpis {
    pub agents: u32,
    pub offered_load_erlangs: f64,
    pub prob_wait: f64,
    pub prob_abandon: f64,
    pub service_level: f64,
    pub asa_answered_s: Option<f64>,
    pub occupancy: f64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct TrafficSummary {
    pub calls_per_hour: f64,
    pub aht_s: f64,
    pub offered_load_erlangs: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum ErlangResult {
    Evaluate {
        traffic: TrafficSummary,
        kpis: ErlangKpis,
        scheduled_staff: u32,
        meets_targets: Option<bool>,
    },
    Staffing {
        traffic: TrafficSummary,
        required: ErlangKpis,
        scheduled_staff: u32,
        table: Vec<ErlangKpis>,
    },
    Intervals {
        interval_min: f64,
        rows: Vec<IntervalStaffing>,
    },
}

#[derive(Debug, Clone, Deserialize)]
pub struct IntervalStaffing {
    pub interval: String,
    pub calls: f64,
    pub scheduled_staff: u32,
    pub kpis: ErlangKpis,
}

/// What charts read of a `callsim staff` result.
#[derive(Debug, Clone, Deserialize)]
pub struct StaffRecord {
    pub scenario: ScenarioEcho,
    pub confidence: f64,
    pub criterion: String,
    pub targets: SimulationTargets,
    /// Absent from records written before call types had targets of their own.
    #[serde(default)]
    pub call_types: Vec<StaffCallType>,
    pub shrinkage: StaffShrinkage,
    pub groups: Vec<StaffGroup>,
    pub intervals: Vec<StaffInterval>,
    pub day: StaffAchieved,
    /// Absent from records written before schedules were repaired.
    #[serde(default)]
    pub repairs: Vec<StaffRepair>,
    #[serde(default)]
    pub unrepaired: Option<String>,
    /// Absent from records written before misses were kept for any language.
    #[serde(default)]
    pub unrepaired_miss: Option<UnrepairedRecord>,
}

/// A target still missed when the repairs ran out.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct UnrepairedRecord {
    pub start: String,
    pub rounds: u32,
    pub missed: MissedTarget,
}

impl UnrepairedRecord {
    pub fn text(&self, w: &Words) -> String {
        fill(
            w.still_missing,
            &[
                ("rounds", &self.rounds),
                ("start", &self.start),
                ("missed", &self.missed.text(w)),
            ],
        )
    }
}

/// One repair of the schedule (see `report::staffing::RepairRecord`).
#[derive(Debug, Clone, Deserialize)]
pub struct StaffRepair {
    pub start: String,
    pub group: String,
    pub from_agents: u32,
    pub to_agents: u32,
    pub missed: String,
    #[serde(default)]
    pub miss: Option<MissedTarget>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct StaffShrinkage {
    pub total: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StaffGroup {
    pub group: String,
    pub required_agent_hours: f64,
    pub fte_required: f64,
    pub fte_scheduled: Option<f64>,
    pub shift_cost: Option<f64>,
    /// The schedule's shifts (absent from records before they held clock times).
    #[serde(default)]
    pub shifts: Vec<StaffShift>,
}

/// One start of a shift pattern in the schedule, with its agents.
#[derive(Debug, Clone, Deserialize)]
pub struct StaffShift {
    pub shift: String,
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub breaks: Vec<String>,
    pub agents: u32,
    pub cost_each: f64,
    /// A week plan's days off (absent for a day's shift).
    #[serde(default)]
    pub days_off: Vec<String>,
    #[serde(default)]
    pub breaks_vary_by_day: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StaffInterval {
    pub start: String,
    pub groups: Vec<StaffGroupInterval>,
    pub kpis: StaffAchieved,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StaffGroupInterval {
    pub erlang: u32,
    pub required: u32,
    pub heads_required: u32,
    pub scheduled: Option<u32>,
    pub over: Option<u32>,
    pub under: Option<u32>,
}

/// One call type's whole period under the plan, and its targets.
#[derive(Debug, Clone, Deserialize)]
pub struct StaffCallType {
    pub call_type: String,
    pub targets: SimulationTargets,
    pub required: KpiMap,
    pub scheduled: Option<KpiMap>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StaffAchieved {
    pub required: KpiMap,
    pub scheduled: Option<KpiMap>,
    /// The targets the schedule misses here.
    #[serde(default)]
    pub scheduled_misses: Vec<String>,
    #[serde(default)]
    pub scheduled_missed: Vec<MissedTarget>,
}

/// A KPI compared across scenarios (or sweep points).
#[derive(Debug, Clone, Deserialize)]
pub struct KpiComparison {
    pub kpi: String,
    pub scenarios: Vec<Option<Estimate>>,
    pub differences: Vec<Option<Difference>>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Difference {
    pub mean: f64,
    pub half_width: Option<f64>,
    pub welch_half_width: Option<f64>,
    pub significant: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct KpiSet {
    pub name: String,
    pub kpis: Vec<KpiComparison>,
}

impl KpiSet {
    pub fn kpi(&self, kpi: impl Into<AnyKpi>) -> Option<&KpiComparison> {
        let key = kpi.into().key();
        self.kpis.iter().find(|k| k.kpi == key)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ComparedScenario {
    pub label: String,
    pub source: String,
    pub seed_in_file: u64,
    pub replications_in_file: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CompareRecord {
    pub seed: u64,
    pub replications: u64,
    pub confidence: f64,
    pub answer_within_s: f64,
    pub scenarios: Vec<ComparedScenario>,
    pub notes: Vec<String>,
    /// Absent from files written before compare had a verdict.
    #[serde(default)]
    pub verdict: Option<crate::study::verdict::Verdict>,
    pub day: Vec<KpiSet>,
    pub groups: Vec<KpiSet>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct VaryRecord {
    pub spec: String,
    pub name: String,
}

/// One `--vary` of a sweep (absent before `sweep/3`: one axis, `vary`).
#[derive(Debug, Clone, Deserialize)]
pub struct SweepAxis {
    pub spec: String,
    pub names: Vec<String>,
    pub points: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SweepPoint {
    pub value: String,
    pub number: Option<f64>,
    /// Index on each axis (absent before `sweep/3`).
    #[serde(default)]
    pub at: Vec<usize>,
    /// Every value varied here (absent before `sweep/3`).
    #[serde(default)]
    pub values: Vec<SweepPointValue>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SweepPointValue {
    pub name: String,
    pub value: String,
    pub number: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SweepRecord {
    pub scenario: ScenarioEcho,
    pub vary: VaryRecord,
    #[serde(default)]
    pub axes: Vec<SweepAxis>,
    pub seed: u64,
    pub replications: u64,
    pub confidence: f64,
    pub answer_within_s: f64,
    pub points: Vec<SweepPoint>,
    pub day: Vec<KpiSet>,
    pub groups: Vec<KpiSet>,
}

impl SweepRecord {
    /// The axes, for records before `sweep/3` too (their one `vary`).
    pub fn axes(&self) -> Vec<SweepAxis> {
        if self.axes.is_empty() {
            vec![SweepAxis {
                spec: self.vary.spec.clone(),
                names: vec![self.vary.name.clone()],
                points: self.points.len(),
            }]
        } else {
            self.axes.clone()
        }
    }

    /// Point `i`'s values, for records before `sweep/3` too.
    pub fn values(&self, i: usize) -> Vec<SweepPointValue> {
        let p = &self.points[i];
        if p.values.is_empty() {
            vec![SweepPointValue {
                name: self.vary.name.clone(),
                value: p.value.clone(),
                number: p.number,
            }]
        } else {
            p.values.clone()
        }
    }

    /// Point `i`'s index on each axis, for records before `sweep/3` too.
    pub fn at(&self, i: usize) -> Vec<usize> {
        let p = &self.points[i];
        if p.at.is_empty() {
            vec![i]
        } else {
            p.at.clone()
        }
    }
}

fn one_day() -> usize {
    1
}
