//! The record of one `callsim simulate` run: every KPI with its confidence
//! half-width, per call type, per interval and per agent group.

use serde::Serialize;

use crate::kpi::{
    AnyKpi, CallKpi, CampaignKpi, EntryKpi, Feature, GroupKpi, Kpi, KpiMoments, Scope, TargetKpi,
};
use crate::run::replicate::SimulationRun;
use crate::scenario::{Channel, OwnTargets, Scenario, Targets};
use crate::stats::{Estimate, Estimator, Share};

pub use crate::record::SIMULATION_SCHEMA;

/// KPI name → estimate, in a fixed order; `null` in JSON where the KPI is
/// undefined (e.g. ASA when no call was answered).
#[derive(Debug, Clone, PartialEq)]
pub struct KpiMap(Vec<(&'static str, Option<Estimate>)>);

impl KpiMap {
    /// The estimate of `kpi`; `None` where undefined or not in this map.
    pub fn get(&self, kpi: impl Into<AnyKpi>) -> Option<Estimate> {
        let key = kpi.into().key();
        self.0.iter().find(|(k, _)| *k == key).and_then(|(_, e)| *e)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Option<Estimate>)> + '_ {
        self.0.iter().copied()
    }
}

/// Target KPI name → the share of days meeting its target, in the order of
/// [`TargetKpi::ALL`]; only the KPIs with a target.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TargetDays(Vec<(&'static str, Share)>);

impl TargetDays {
    pub fn get(&self, target: TargetKpi) -> Option<Share> {
        let key = target.key();
        self.0.iter().find(|(k, _)| *k == key).map(|(_, s)| *s)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The shares of `scope`'s days meeting each target.
    pub fn of(moments: &KpiMoments, scope: Scope, confidence: f64) -> Self {
        Self(
            TargetKpi::ALL
                .iter()
                .filter_map(|&t| Some((t.key(), moments.days_meeting(scope, t, confidence)?)))
                .collect(),
        )
    }
}

impl Serialize for TargetDays {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Serialize for KpiMap {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SimulationReport {
    pub schema: &'static str,
    pub callsim_version: &'static str,
    pub scenario: ScenarioEcho,
    pub seed: u64,
    pub replications: ReplicationRange,
    pub confidence: f64,
    /// How ratio KPIs are estimated across replications.
    pub estimator: Estimator,
    /// Length of each interval, minutes.
    pub interval_min: f64,
    /// The days the scenario covers (`simulation.days`; absent for one).
    #[serde(skip_serializing_if = "is_one")]
    pub days: usize,
    pub targets: Targets,
    pub run: RunFacts,
    pub warnings: Vec<String>,
    /// Whole day, per call type and for all.
    pub totals: Vec<NamedKpis>,
    pub intervals: Vec<IntervalKpis>,
    pub groups: Vec<GroupKpis>,
    /// The day's wait-time distribution of answered calls, per call type and for all.
    pub wait_distribution: Vec<WaitDistribution>,
    /// Which optional parts of the model the scenario uses.
    pub features: Features,
    /// Entry numbers and their IVR (empty without an IVR).
    pub entries: Vec<EntryKpis>,
    /// Callers starting each IVR node's prompt.
    pub ivr_nodes: Vec<NodeTraffic>,
    /// Outbound campaigns (empty without one).
    pub campaigns: Vec<CampaignKpis>,
    /// `--trace`: the first events of replication 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<crate::observe::TraceEvent>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioEcho {
    pub source: String,
    /// The scenario as simulated, overrides applied.
    pub content: toml::Value,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct ReplicationRange {
    pub first: u64,
    pub count: u64,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct RunFacts {
    pub threads: usize,
    pub wall_time_s: f64,
    pub calls_simulated: u64,
    pub calls_per_second: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedKpis {
    /// A call type's name, or "all".
    pub call_type: String,
    /// The call type's channel, where the scenario has chats or e-mails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// The call type's own service-level threshold, seconds, where it has
    /// one (in the totals only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_within_s: Option<f64>,
    /// The call type's own targets, where it sets any (in the totals only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own_targets: Option<OwnTargets>,
    pub kpis: KpiMap,
    /// Share of replications (days) meeting each target, with its Wilson
    /// interval; empty without targets.
    pub days_meeting_targets: TargetDays,
    /// With outbound campaigns (in the totals): the service level without
    /// them, on the same inbound calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sl_without_outbound: Option<Estimate>,
    /// The points of service level the campaigns cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sl_lost_to_outbound: Option<Estimate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IntervalKpis {
    pub index: usize,
    pub start: String,
    /// Per call type, then "all".
    pub call_types: Vec<NamedKpis>,
}

pub use crate::record::Features;

impl Features {
    pub fn of(scenario: &Scenario) -> Self {
        let types = &scenario.call_types;
        Self {
            ivr: !scenario.entries.is_empty(),
            trunks: scenario.trunks.is_some(),
            callbacks: types.iter().any(|c| c.callback.is_some()),
            retrials: types.iter().any(|c| c.retry.is_some())
                || scenario.entries.iter().any(|e| e.retry.is_some()),
            recontacts: types.iter().any(|c| c.recontact.is_some()),
            proactive: types.iter().any(|c| c.proactive.iter().any(|&p| p > 0.0)),
            balking: types.iter().any(|c| c.balk.is_some()),
            queue_capacity: types.iter().any(|c| c.max_waiting.is_some()),
            chats: types.iter().any(|c| c.channel == Channel::Chat),
            emails: types.iter().any(|c| c.channel == Channel::Email),
            outbound: !scenario.outbound.is_empty(),
            transfers: types.iter().any(|c| !c.transfers.is_empty()),
        }
    }

    /// The features either set uses.
    pub fn union(self, other: Features) -> Features {
        Features {
            ivr: self.ivr || other.ivr,
            trunks: self.trunks || other.trunks,
            callbacks: self.callbacks || other.callbacks,
            retrials: self.retrials || other.retrials,
            recontacts: self.recontacts || other.recontacts,
            proactive: self.proactive || other.proactive,
            balking: self.balking || other.balking,
            queue_capacity: self.queue_capacity || other.queue_capacity,
            chats: self.chats || other.chats,
            emails: self.emails || other.emails,
            outbound: self.outbound || other.outbound,
            transfers: self.transfers || other.transfers,
        }
    }

    /// Whether the scenario uses `feature`.
    pub fn uses(&self, feature: Feature) -> bool {
        match feature {
            Feature::Blocking => self.trunks || self.queue_capacity,
            Feature::Balking => self.balking,
            Feature::Proactive => self.proactive,
            Feature::Repeats => self.retrials || self.recontacts,
            // FCR counts transferred contacts as not solved.
            Feature::Recontacts => self.recontacts || self.transfers,
            Feature::Callbacks => self.callbacks,
            Feature::Ivr => self.ivr,
            Feature::Email => self.emails,
            Feature::Outbound => self.outbound,
            Feature::Transfers => self.transfers,
        }
    }

    /// Whether `kpi` says anything here: the KPIs of an optional part
    /// (lines or a queue capacity, balking, proactive contact, repeats,
    /// callbacks) only where it is used.
    pub fn shows(&self, kpi: impl Kpi) -> bool {
        kpi.def().feature.is_none_or(|f| self.uses(f))
    }

    pub fn any(&self) -> bool {
        self.ivr
            || self.trunks
            || self.callbacks
            || self.retrials
            || self.recontacts
            || self.proactive
            || self.balking
            || self.queue_capacity
            || self.chats
            || self.emails
            || self.outbound
            || self.transfers
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryKpis {
    pub entry: String,
    pub day: KpiMap,
    pub intervals: Vec<KpiMap>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CampaignKpis {
    pub campaign: String,
    pub groups: Vec<String>,
    pub dial_when_idle_agents_above: u32,
    /// The nuisance cap, a share of the persons reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_nuisance: Option<f64>,
    pub day: KpiMap,
    pub intervals: Vec<KpiMap>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeTraffic {
    pub node: String,
    pub day: Option<Estimate>,
    pub intervals: Vec<Option<Estimate>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WaitDistribution {
    /// A call type's name, or "all".
    pub call_type: String,
    pub points: Vec<WaitPoint>,
}

/// Share of answered calls that waited at most `wait_s`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct WaitPoint {
    pub wait_s: f64,
    pub share_answered: Option<Estimate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupKpis {
    pub group: String,
    /// Agents scheduled on the phones in each interval, from the scenario.
    pub staffed: Vec<u32>,
    /// The chats an agent may hold at once, where the group serves chats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_chats: Option<u16>,
    pub day: KpiMap,
    pub intervals: Vec<KpiMap>,
}

pub const ALL: &str = "all";

fn call_map(moments: &KpiMoments, scope: Scope, confidence: f64) -> KpiMap {
    KpiMap(
        CallKpi::ALL
            .iter()
            .map(|&k| (k.key(), moments.call(scope, k, confidence)))
            .collect(),
    )
}

impl SimulationReport {
    pub fn new(scenario: &Scenario, run: &SimulationRun) -> Self {
        let m = &run.moments;
        let confidence = scenario.simulation.confidence;
        let features = Features::of(scenario);
        let has_chats = features.chats || features.emails;
        let channel = |t: Option<usize>| {
            t.filter(|_| has_chats)
                .map(|t| scenario.call_types[t].channel)
        };
        let names: Vec<(Option<usize>, String)> = scenario
            .call_types
            .iter()
            .enumerate()
            .map(|(i, c)| (Some(i), c.name.clone()))
            .chain(std::iter::once((None, ALL.to_string())))
            .collect();
        // The day's only (the totals).
        let without_outbound = |t: Option<usize>, interval: Option<usize>| {
            if interval.is_some() {
                (None, None)
            } else {
                m.without_outbound(t, confidence)
            }
        };
        let per_type = |interval: Option<usize>| -> Vec<NamedKpis> {
            names
                .iter()
                .map(|(t, name)| {
                    let scope = Scope {
                        call_type: *t,
                        interval,
                    };
                    NamedKpis {
                        call_type: name.clone(),
                        channel: channel(*t),
                        answer_within_s: t
                            .filter(|_| interval.is_none())
                            .and_then(|t| scenario.call_types[t].answer_within_s),
                        own_targets: t
                            .filter(|_| interval.is_none())
                            .map(|t| scenario.call_types[t].own_targets)
                            .filter(|own| !own.is_empty()),
                        kpis: call_map(m, scope, confidence),
                        days_meeting_targets: TargetDays::of(m, scope, confidence),
                        sl_without_outbound: without_outbound(*t, interval).0,
                        sl_lost_to_outbound: without_outbound(*t, interval).1,
                    }
                })
                .collect()
        };
        let group_map = |g: usize, interval: Option<usize>| -> KpiMap {
            KpiMap(
                GroupKpi::ALL
                    .iter()
                    .map(|&k| (k.key(), m.group(g, interval, k, confidence)))
                    .collect(),
            )
        };
        let intervals = scenario.simulation.intervals;
        Self {
            schema: SIMULATION_SCHEMA,
            callsim_version: env!("CARGO_PKG_VERSION"),
            scenario: ScenarioEcho {
                source: scenario.source.clone(),
                content: scenario.echo.clone(),
            },
            seed: scenario.simulation.seed,
            replications: ReplicationRange {
                first: run.replications.start,
                count: run.replications.end - run.replications.start,
            },
            confidence,
            estimator: scenario.simulation.estimator,
            interval_min: scenario.simulation.interval_s / 60.0,
            days: scenario.simulation.days,
            targets: scenario.targets,
            run: RunFacts {
                threads: run.threads,
                wall_time_s: run.wall_s,
                calls_simulated: run.calls_simulated,
                calls_per_second: run.calls_per_second(),
            },
            warnings: scenario.warnings.iter().map(String::from).collect(),
            totals: per_type(None),
            intervals: (0..intervals)
                .map(|k| IntervalKpis {
                    index: k,
                    start: scenario.simulation.interval_label(k),
                    call_types: per_type(Some(k)),
                })
                .collect(),
            groups: scenario
                .agent_groups
                .iter()
                .enumerate()
                .map(|(g, group)| GroupKpis {
                    group: group.name.clone(),
                    staffed: group.agents.clone(),
                    max_chats: group
                        .skills
                        .iter()
                        .any(|&t| scenario.call_types[t].channel == Channel::Chat)
                        .then_some(group.max_chats),
                    day: group_map(g, None),
                    intervals: (0..intervals).map(|k| group_map(g, Some(k))).collect(),
                })
                .collect(),
            wait_distribution: names
                .iter()
                .map(|(t, name)| WaitDistribution {
                    call_type: name.clone(),
                    points: m
                        .wait_distribution(*t, confidence)
                        .into_iter()
                        .map(|(wait_s, share_answered)| WaitPoint {
                            wait_s,
                            share_answered,
                        })
                        .collect(),
                })
                .collect(),
            features: Features::of(scenario),
            entries: scenario
                .entries
                .iter()
                .enumerate()
                .map(|(e, entry)| {
                    let map = |interval: Option<usize>| {
                        KpiMap(
                            EntryKpi::ALL
                                .iter()
                                .map(|&k| (k.key(), m.entry(e, interval, k, confidence)))
                                .collect(),
                        )
                    };
                    EntryKpis {
                        entry: entry.name.clone(),
                        day: map(None),
                        intervals: (0..intervals).map(|k| map(Some(k))).collect(),
                    }
                })
                .collect(),
            ivr_nodes: scenario
                .ivr_nodes
                .iter()
                .enumerate()
                .map(|(n, node)| NodeTraffic {
                    node: node.name.clone(),
                    day: m.node_visits(n, None, confidence),
                    intervals: (0..intervals)
                        .map(|k| m.node_visits(n, Some(k), confidence))
                        .collect(),
                })
                .collect(),
            campaigns: scenario
                .outbound
                .iter()
                .enumerate()
                .map(|(o, campaign)| {
                    let map = |interval: Option<usize>| {
                        KpiMap(
                            CampaignKpi::ALL
                                .iter()
                                .map(|&k| (k.key(), m.campaign(o, interval, k, confidence)))
                                .collect(),
                        )
                    };
                    CampaignKpis {
                        campaign: campaign.name.clone(),
                        groups: campaign
                            .groups
                            .iter()
                            .map(|&g| scenario.agent_groups[g].name.clone())
                            .collect(),
                        dial_when_idle_agents_above: campaign.dial_when_idle_agents_above,
                        max_nuisance: campaign.max_nuisance,
                        day: map(None),
                        intervals: (0..intervals).map(|k| map(Some(k))).collect(),
                    }
                })
                .collect(),
            trace: run.trace.clone(),
        }
    }
}

/// One day: the JSON leaves `days` out.
fn is_one(days: &usize) -> bool {
    *days == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_optional_part_s_kpis_show_only_where_it_is_used() {
        let none = Features::default();
        assert!(none.shows(CallKpi::Asa) && none.shows(GroupKpi::Occupancy));
        assert!(!none.shows(CallKpi::Fcr) && !none.shows(CallKpi::CallbacksUnserved));
        let retrials = Features {
            retrials: true,
            ..Features::default()
        };
        assert!(retrials.shows(CallKpi::RepeatShare) && retrials.shows(CallKpi::UniqueCallers));
        assert!(!retrials.shows(CallKpi::Fcr), "FCR needs recontacts");
        let recontacts = Features {
            recontacts: true,
            ..Features::default()
        };
        assert!(recontacts.shows(CallKpi::Fcr) && recontacts.shows(CallKpi::RepeatCalls));
        assert!(!recontacts.shows(CallKpi::BlockRate));
        assert!(!recontacts.shows(CallKpi::BalkRate));
        let capacity = Features {
            queue_capacity: true,
            ..Features::default()
        };
        assert!(capacity.shows(CallKpi::Blocked) && capacity.shows(CallKpi::BlockRate));
        assert!(!capacity.shows(CallKpi::Balked));
        let balking = Features {
            balking: true,
            ..Features::default()
        };
        assert!(balking.shows(CallKpi::Balked) && balking.shows(CallKpi::BalkRate));
        assert!(!balking.shows(CallKpi::Blocked));
    }
}
