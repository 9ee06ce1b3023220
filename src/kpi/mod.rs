//! KPI definitions: how one replication's counts and sums become the
//! industry's numbers, per call type (or all), per interval (or the day), and
//! per agent group.
//!
//! - service level: answered within T / the basis (offered by default; see
//!   [`ServiceLevelBasis`]);
//! - ASA: mean wait of answered calls (zero waits included);
//! - abandonment rate: abandoned / offered;
//! - AHT: talk plus after-call work of answered calls;
//! - wait percentiles: of answered calls, from the histogram;
//! - occupancy: busy agent-time / present agent-time;
//! - mean queue: time-average number waiting; max queue: the largest.
//!
//! Calls count in the interval they arrived in; time-based KPIs in the
//! interval the time falls in ("day" includes overtime after closing).
//!
//! Each replication gives every KPI as a [`Sample`] (numerator over
//! denominator); across replications a ratio KPI is the ratio of sums by
//! default, or the mean of daily ratios (see [`crate::stats`]).

mod definitions;

use serde::Serialize;

use crate::erlang::ServiceLevelBasis;
use crate::observe::{CallCounters, CampaignCounters, EntryCounters, ReplicationStats};
use crate::scenario::Targets;
use crate::stats::{
    DaysMet, Estimate, Estimator, KpiKind, RatioMoments, Sample, Share, WaitHistogram,
};
pub use definitions::{
    AnyKpi, Bound, CallKpi, CallValues, CampaignKpi, CampaignValues, EntryKpi, EntryValues,
    Feature, GroupKpi, GroupValues, Kpi, KpiDef, Names, TargetDef, TargetKpi, Unit,
};
use definitions::{
    CallInputs, GroupInputs, TimeValues, call_values, campaign_values, entry_values, group_values,
};

/// Which calls a KPI is about: one call type or all, one interval or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub call_type: Option<usize>,
    pub interval: Option<usize>,
}

/// The shape of a run's KPI tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub call_types: usize,
    pub groups: usize,
    pub intervals: usize,
    pub entries: usize,
    pub ivr_nodes: usize,
    pub campaigns: usize,
}

impl Layout {
    pub fn call_scopes(&self) -> usize {
        (self.call_types + 1) * (self.intervals + 1)
    }

    pub fn group_scopes(&self) -> usize {
        self.groups * (self.intervals + 1)
    }

    pub fn call_index(&self, scope: Scope) -> usize {
        let t = scope.call_type.unwrap_or(self.call_types);
        let k = scope.interval.unwrap_or(self.intervals);
        t * (self.intervals + 1) + k
    }

    pub fn group_index(&self, group: usize, interval: Option<usize>) -> usize {
        group * (self.intervals + 1) + interval.unwrap_or(self.intervals)
    }

    /// Scope of an entry (or IVR node) in an interval or the day.
    pub fn entry_index(&self, entry: usize, interval: Option<usize>) -> usize {
        entry * (self.intervals + 1) + interval.unwrap_or(self.intervals)
    }

    /// The scopes of `scenario`'s KPIs.
    pub fn of(scenario: &crate::scenario::Scenario) -> Self {
        Self {
            call_types: scenario.call_types.len(),
            groups: scenario.agent_groups.len(),
            intervals: scenario.simulation.intervals,
            entries: scenario.entries.len(),
            ivr_nodes: scenario.ivr_nodes.len(),
            campaigns: scenario.outbound.len(),
        }
    }
}

/// Waits at which the day's wait-time distribution is reported: every 5 s to
/// a minute, every 15 s to 5 minutes, then every minute to half an hour.
pub fn wait_distribution_points_s() -> impl Iterator<Item = f64> {
    let fine = (0..=12).map(|i| f64::from(i) * 5.0);
    let medium = (1..=16).map(|i| 60.0 + f64::from(i) * 15.0);
    let coarse = (1..=25).map(|i| 300.0 + f64::from(i) * 60.0);
    fine.chain(medium).chain(coarse)
}

/// The KPI values of one replication.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ReplicationKpis {
    #[serde(with = "call_values_serde")]
    pub calls: Vec<CallValues>,
    pub groups: Vec<GroupValues>,
    /// Share of answered calls that waited at most each of
    /// [`wait_distribution_points_s`], over the day: per call type, then all.
    pub wait_distribution: Vec<Vec<Sample>>,
    /// Per entry × (intervals, then the day).
    #[serde(default)]
    pub entries: Vec<EntryValues>,
    /// Callers starting each IVR node's prompt, per node × (intervals, then the day).
    #[serde(default)]
    pub node_visits: Vec<f64>,
    /// Per outbound campaign × (intervals, then the day).
    #[serde(default)]
    pub campaigns: Vec<CampaignValues>,
    /// Where the scenario has outbound campaigns, per call type then all:
    /// the day's service level in the same replication without them (every
    /// inbound draw the same: the campaigns draw from streams of their own),
    /// and the points the campaigns cost it (without − with).
    #[serde(default)]
    pub without_outbound: Vec<[Sample; 2]>,
}

/// Every call KPI of a scope as a list: serde's arrays stop at 32 values.
mod call_values_serde {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{CallValues, Sample};

    pub fn serialize<S: Serializer>(values: &[CallValues], s: S) -> Result<S::Ok, S::Error> {
        let lists: Vec<&[Sample]> = values.iter().map(|v| v.as_slice()).collect();
        lists.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<CallValues>, D::Error> {
        Vec::<Vec<Sample>>::deserialize(d)?
            .into_iter()
            .map(|list| {
                let given = list.len();
                CallValues::try_from(list).map_err(|_| {
                    D::Error::custom(format!(
                        "a scope holds {given} call KPIs where this callsim has {}: the file was written by another version",
                        super::CallKpi::ALL.len()
                    ))
                })
            })
            .collect()
    }
}

/// `numerator / denominator`, or undefined (never NaN or infinity).
fn ratio(numerator: f64, denominator: f64) -> Sample {
    Sample::ratio(numerator, denominator)
}

fn value(v: f64) -> Sample {
    Sample::value(v)
}

impl ReplicationKpis {
    /// Derives every KPI of every scope from one replication's statistics.
    pub fn from_stats(stats: &ReplicationStats, basis: ServiceLevelBasis) -> Self {
        let layout = Layout {
            call_types: stats.call_types,
            groups: stats.groups,
            intervals: stats.intervals,
            entries: stats.entries,
            ivr_nodes: stats.ivr_nodes,
            campaigns: stats.campaigns,
        };
        let (types, intervals, buckets) = (stats.call_types, stats.intervals, stats.buckets());
        let mut calls = vec![[Sample::UNDEFINED; CallKpi::ALL.len()]; layout.call_scopes()];
        let mut set = |call_type, interval, c, h, still_waiting| {
            let time = time_values(stats, call_type, interval);
            let inputs = CallInputs {
                counters: c,
                waits: h,
                basis,
                time: &time,
                still_waiting,
            };
            calls[layout.call_index(Scope {
                call_type,
                interval,
            })] = call_values(&inputs);
        };

        // Aggregate counters and histograms over types and intervals.
        let mut type_totals = vec![(CallCounters::default(), WaitHistogram::default()); types];
        let mut interval_totals =
            vec![(CallCounters::default(), WaitHistogram::default()); intervals];
        let mut day = (CallCounters::default(), WaitHistogram::default());
        for (t, type_total) in type_totals.iter_mut().enumerate() {
            for (k, interval_total) in interval_totals.iter_mut().enumerate() {
                let slot = t * intervals + k;
                let (c, h) = (&stats.calls[slot], &stats.waits[slot]);
                type_total.0.add(c);
                type_total.1.merge(h);
                interval_total.0.add(c);
                interval_total.1.merge(h);
                set(Some(t), Some(k), c, h, None);
            }
            day.0.add(&type_total.0);
            day.1.merge(&type_total.1);
        }
        for (t, (c, h)) in type_totals.iter().enumerate() {
            set(Some(t), None, c, h, Some(stats.still_waiting[t]));
        }
        for (k, (c, h)) in interval_totals.iter().enumerate() {
            set(None, Some(k), c, h, None);
        }
        let still_waiting = stats.still_waiting.iter().sum::<u64>();
        set(None, None, &day.0, &day.1, Some(still_waiting));
        let wait_distribution = type_totals
            .iter()
            .map(|(_, h)| h)
            .chain(std::iter::once(&day.1))
            .map(|h| {
                let total = h.total() as f64;
                h.counts_within(wait_distribution_points_s())
                    .into_iter()
                    .map(|within| ratio(within, total))
                    .collect()
            })
            .collect();

        let mut groups = vec![[Sample::UNDEFINED; GroupKpi::ALL.len()]; layout.group_scopes()];
        for g in 0..stats.groups {
            let range = g * buckets..(g + 1) * buckets;
            for k in 0..intervals {
                let i = g * buckets + k;
                groups[layout.group_index(g, Some(k))] = group_values(&GroupInputs {
                    handled: stats.handled[i],
                    handled_s: stats.handled_s[i],
                    busy_s: stats.busy_s[i],
                    outbound_busy_s: stats.outbound_busy_s[i],
                    present_s: stats.present_s[i],
                    after_close_s: None,
                });
            }
            groups[layout.group_index(g, None)] = group_values(&GroupInputs {
                handled: stats.handled[range.clone()].iter().sum(),
                handled_s: stats.handled_s[range.clone()].iter().sum(),
                busy_s: stats.busy_s[range.clone()].iter().sum(),
                outbound_busy_s: stats.outbound_busy_s[range.clone()].iter().sum(),
                present_s: stats.present_s[range].iter().sum(),
                after_close_s: Some(stats.present_s[g * buckets + intervals]),
            });
        }
        let mut entries =
            vec![[Sample::UNDEFINED; EntryKpi::ALL.len()]; stats.entries * (intervals + 1)];
        for e in 0..stats.entries {
            let rows = &stats.entry_calls[e * intervals..(e + 1) * intervals];
            let mut day = EntryCounters::default();
            for (k, c) in rows.iter().enumerate() {
                entries[layout.entry_index(e, Some(k))] = entry_values(c);
                day.add(c);
            }
            entries[layout.entry_index(e, None)] = entry_values(&day);
        }
        let mut node_visits = vec![0.0; stats.ivr_nodes * (intervals + 1)];
        for n in 0..stats.ivr_nodes {
            let rows = &stats.node_visits[n * intervals..(n + 1) * intervals];
            for (k, &v) in rows.iter().enumerate() {
                node_visits[layout.entry_index(n, Some(k))] = v as f64;
            }
            node_visits[layout.entry_index(n, None)] = rows.iter().sum::<u64>() as f64;
        }
        let mut campaigns =
            vec![[Sample::UNDEFINED; CampaignKpi::ALL.len()]; stats.campaigns * (intervals + 1)];
        for o in 0..stats.campaigns {
            let rows = &stats.campaign_calls[o * intervals..(o + 1) * intervals];
            let mut day = CampaignCounters::default();
            for (k, c) in rows.iter().enumerate() {
                let c = CampaignCounters {
                    observed_s: stats.observed_s[k],
                    ..*c
                };
                campaigns[layout.entry_index(o, Some(k))] = campaign_values(&c);
                day.add(&c);
            }
            campaigns[layout.entry_index(o, None)] = campaign_values(&day);
        }
        Self {
            calls,
            groups,
            wait_distribution,
            entries,
            node_visits,
            campaigns,
            without_outbound: Vec::new(),
        }
    }

    /// Notes, beside this replication's, the service levels of `twin`: the
    /// same replication without the outbound campaigns.
    pub fn add_without_outbound(&mut self, twin: &ReplicationKpis, layout: &Layout) {
        let sl = CallKpi::ServiceLevel.index();
        self.without_outbound = (0..=layout.call_types)
            .map(|t| {
                let i = layout.call_index(Scope {
                    call_type: (t < layout.call_types).then_some(t),
                    interval: None,
                });
                let (with, without) = (self.calls[i][sl], twin.calls[i][sl]);
                let lost = match (with.get(), without.get()) {
                    (Some(a), Some(b)) => Sample::value(b - a),
                    _ => Sample::UNDEFINED,
                };
                [without, lost]
            })
            .collect();
    }
}

fn time_values(
    stats: &ReplicationStats,
    call_type: Option<usize>,
    interval: Option<usize>,
) -> TimeValues {
    let buckets = stats.buckets();
    let bucket_range = match interval {
        Some(k) => k..k + 1,
        None => 0..buckets,
    };
    let types = match call_type {
        Some(t) => t..t + 1,
        None => 0..stats.call_types,
    };
    let mut queue_s = 0.0;
    let mut max_queue = 0;
    for t in types {
        for b in bucket_range.clone() {
            queue_s += stats.queue_s[t * buckets + b];
            if call_type.is_some() {
                max_queue = max_queue.max(stats.max_queue[t * buckets + b]);
            }
        }
    }
    if call_type.is_none() {
        max_queue = bucket_range
            .clone()
            .map(|b| stats.max_queue_all[b])
            .max()
            .unwrap_or(0);
    }
    let busy_present = call_type.is_none().then(|| {
        let mut busy = 0.0;
        let mut present = 0.0;
        for g in 0..stats.groups {
            for b in bucket_range.clone() {
                busy += stats.busy_s[g * buckets + b];
                present += stats.present_s[g * buckets + b];
            }
        }
        (busy, present)
    });
    // The day's: at the first interval's start and the last day's close.
    let intervals = stats.intervals;
    let (start_k, close_k) = interval.map_or((0, intervals.saturating_sub(1)), |k| (k, k));
    let types = || call_type.map_or(0..stats.call_types, |t| t..t + 1);
    // Summed over the scope's e-mail types; `None` without one.
    let backlog = |at: &[Option<u32>], k: usize| {
        if intervals == 0 {
            return None;
        }
        types()
            .filter_map(|t| at[t * intervals + k].map(f64::from))
            .reduce(|a, b| a + b)
    };
    let waiting_at_start = backlog(&stats.waiting_at_start, start_k);
    let waiting_at_close = backlog(&stats.waiting_at_close, close_k);
    TimeValues {
        queue_s,
        observed_s: bucket_range.map(|b| stats.observed_s[b]).sum(),
        max_queue,
        busy_present,
        waiting_at_start,
        waiting_at_close,
    }
}

/// Running moments of every KPI over replications, fed in replication order,
/// and the days meeting each target.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiMoments {
    pub layout: Layout,
    pub estimator: Estimator,
    /// Per call type, then all: the targets its days are judged against.
    targets: Vec<Targets>,
    pub calls: Vec<[RatioMoments; CallKpi::ALL.len()]>,
    pub groups: Vec<[RatioMoments; GroupKpi::ALL.len()]>,
    /// Per call type, then all: one per [`wait_distribution_points_s`].
    pub wait_distribution: Vec<Vec<RatioMoments>>,
    pub entries: Vec<[RatioMoments; EntryKpi::ALL.len()]>,
    pub node_visits: Vec<RatioMoments>,
    pub campaigns: Vec<[RatioMoments; CampaignKpi::ALL.len()]>,
    /// With campaigns, per call type then all: the day's service level
    /// without them, and the points they cost (see [`ReplicationKpis`]).
    pub without_outbound: Vec<[RatioMoments; 2]>,
    /// Per call scope, per [`TargetKpi`]: the replications meeting the target.
    days_meeting: Vec<[DaysMet; TargetKpi::ALL.len()]>,
    pub replications: u64,
}

impl KpiMoments {
    /// Moments of `layout`'s KPIs, ratios estimated by `estimator`, days
    /// judged against `targets` (per call type, then all call types:
    /// [`crate::scenario::Scenario::scope_targets`]).
    pub fn new(layout: Layout, estimator: Estimator, targets: Vec<Targets>) -> Self {
        assert_eq!(
            targets.len(),
            layout.call_types + 1,
            "targets per call scope"
        );
        Self {
            layout,
            estimator,
            targets,
            calls: vec![[RatioMoments::default(); CallKpi::ALL.len()]; layout.call_scopes()],
            groups: vec![[RatioMoments::default(); GroupKpi::ALL.len()]; layout.group_scopes()],
            wait_distribution: vec![
                vec![
                    RatioMoments::default();
                    wait_distribution_points_s().count()
                ];
                layout.call_types + 1
            ],
            entries: vec![
                [RatioMoments::default(); EntryKpi::ALL.len()];
                layout.entries * (layout.intervals + 1)
            ],
            node_visits: vec![RatioMoments::default(); layout.ivr_nodes * (layout.intervals + 1)],
            campaigns: vec![
                [RatioMoments::default(); CampaignKpi::ALL.len()];
                layout.campaigns * (layout.intervals + 1)
            ],
            without_outbound: if layout.campaigns > 0 {
                vec![[RatioMoments::default(); 2]; layout.call_types + 1]
            } else {
                Vec::new()
            },
            days_meeting: vec![[DaysMet::default(); TargetKpi::ALL.len()]; layout.call_scopes()],
            replications: 0,
        }
    }

    pub fn add(&mut self, kpis: &ReplicationKpis) {
        let estimator = self.estimator;
        let scopes_per_type = self.layout.intervals + 1;
        for (i, ((moments, values), days)) in self
            .calls
            .iter_mut()
            .zip(&kpis.calls)
            .zip(&mut self.days_meeting)
            .enumerate()
        {
            for ((m, v), &kpi) in moments.iter_mut().zip(values).zip(&CallKpi::ALL) {
                m.add_kpi(*v, kpi.kind(), estimator);
            }
            let targets = &self.targets[i / scopes_per_type];
            for (d, target) in days.iter_mut().zip(TargetKpi::ALL) {
                let sample = values[target.call_kpi().index()];
                if let Some(met) = sample.get().and_then(|v| target.meets(targets, v)) {
                    d.add(met);
                }
            }
        }
        for (moments, values) in self.groups.iter_mut().zip(&kpis.groups) {
            for ((m, v), &kpi) in moments.iter_mut().zip(values).zip(&GroupKpi::ALL) {
                m.add_kpi(*v, kpi.kind(), estimator);
            }
        }
        for (moments, values) in self
            .wait_distribution
            .iter_mut()
            .zip(&kpis.wait_distribution)
        {
            for (m, v) in moments.iter_mut().zip(values) {
                m.add_kpi(*v, KpiKind::Ratio, estimator);
            }
        }
        for (moments, values) in self.entries.iter_mut().zip(&kpis.entries) {
            for ((m, v), &kpi) in moments.iter_mut().zip(values).zip(&EntryKpi::ALL) {
                m.add_kpi(*v, kpi.kind(), estimator);
            }
        }
        for (m, v) in self.node_visits.iter_mut().zip(&kpis.node_visits) {
            m.add(Sample::value(*v));
        }
        for (moments, values) in self.campaigns.iter_mut().zip(&kpis.campaigns) {
            for ((m, v), &kpi) in moments.iter_mut().zip(values).zip(&CampaignKpi::ALL) {
                m.add_kpi(*v, kpi.kind(), estimator);
            }
        }
        for (moments, values) in self.without_outbound.iter_mut().zip(&kpis.without_outbound) {
            moments[0].add_kpi(values[0], CallKpi::ServiceLevel.kind(), estimator);
            moments[1].add_kpi(values[1], KpiKind::Value, estimator);
        }
        self.replications += 1;
    }

    /// The share of replications (days) in which `scope` met `target`'s
    /// target, with its Wilson interval; `None` without that target or
    /// without a day where the KPI is defined.
    pub fn days_meeting(&self, scope: Scope, target: TargetKpi, confidence: f64) -> Option<Share> {
        self.days_meeting[self.layout.call_index(scope)][target as usize].share(confidence)
    }

    pub fn entry(
        &self,
        entry: usize,
        interval: Option<usize>,
        kpi: EntryKpi,
        confidence: f64,
    ) -> Option<Estimate> {
        self.entries[self.layout.entry_index(entry, interval)][kpi as usize].estimate(confidence)
    }

    pub fn campaign(
        &self,
        campaign: usize,
        interval: Option<usize>,
        kpi: CampaignKpi,
        confidence: f64,
    ) -> Option<Estimate> {
        self.campaigns[self.layout.entry_index(campaign, interval)][kpi as usize]
            .estimate(confidence)
    }

    /// With campaigns: `call_type`'s (or all's) day service level without
    /// them, and the points they cost it.
    pub fn without_outbound(
        &self,
        call_type: Option<usize>,
        confidence: f64,
    ) -> (Option<Estimate>, Option<Estimate>) {
        let row = call_type.unwrap_or(self.layout.call_types);
        match self.without_outbound.get(row) {
            Some([without, lost]) => (without.estimate(confidence), lost.estimate(confidence)),
            None => (None, None),
        }
    }

    /// Callers starting IVR node `node`'s prompt.
    pub fn node_visits(
        &self,
        node: usize,
        interval: Option<usize>,
        confidence: f64,
    ) -> Option<Estimate> {
        self.node_visits[self.layout.entry_index(node, interval)].estimate(confidence)
    }

    /// The day's wait-time distribution of `call_type` (or all): the share of
    /// answered calls that waited at most each point, with its wait in seconds.
    pub fn wait_distribution(
        &self,
        call_type: Option<usize>,
        confidence: f64,
    ) -> Vec<(f64, Option<Estimate>)> {
        let row = call_type.unwrap_or(self.layout.call_types);
        wait_distribution_points_s()
            .zip(&self.wait_distribution[row])
            .map(|(t, m)| (t, m.estimate(confidence)))
            .collect()
    }

    pub fn call(&self, scope: Scope, kpi: CallKpi, confidence: f64) -> Option<Estimate> {
        self.calls[self.layout.call_index(scope)][kpi.index()].estimate(confidence)
    }

    pub fn group(
        &self,
        group: usize,
        interval: Option<usize>,
        kpi: GroupKpi,
        confidence: f64,
    ) -> Option<Estimate> {
        self.groups[self.layout.group_index(group, interval)][kpi as usize].estimate(confidence)
    }
}
