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

use serde::Serialize;

use crate::erlang::ServiceLevelBasis;
use crate::observe::{CallCounters, ReplicationStats};
use crate::stats::{Estimate, Moments, WaitHistogram};

/// A KPI of calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CallKpi {
    Offered,
    Answered,
    Abandoned,
    AbandonRate,
    ServiceLevel,
    Asa,
    MeanWaitAbandoned,
    WaitP50,
    WaitP80,
    WaitP90,
    WaitP95,
    WaitP99,
    Aht,
    Occupancy,
    MaxQueue,
    MeanQueue,
    DroppedAtClose,
    StillWaiting,
}

impl CallKpi {
    pub const ALL: [CallKpi; 18] = [
        CallKpi::Offered,
        CallKpi::Answered,
        CallKpi::Abandoned,
        CallKpi::AbandonRate,
        CallKpi::ServiceLevel,
        CallKpi::Asa,
        CallKpi::MeanWaitAbandoned,
        CallKpi::WaitP50,
        CallKpi::WaitP80,
        CallKpi::WaitP90,
        CallKpi::WaitP95,
        CallKpi::WaitP99,
        CallKpi::Aht,
        CallKpi::Occupancy,
        CallKpi::MaxQueue,
        CallKpi::MeanQueue,
        CallKpi::DroppedAtClose,
        CallKpi::StillWaiting,
    ];

    /// Name in JSON and CSV, with its unit.
    pub fn key(self) -> &'static str {
        match self {
            CallKpi::Offered => "offered",
            CallKpi::Answered => "answered",
            CallKpi::Abandoned => "abandoned",
            CallKpi::AbandonRate => "abandon_rate",
            CallKpi::ServiceLevel => "service_level",
            CallKpi::Asa => "asa_s",
            CallKpi::MeanWaitAbandoned => "mean_wait_abandoned_s",
            CallKpi::WaitP50 => "wait_p50_s",
            CallKpi::WaitP80 => "wait_p80_s",
            CallKpi::WaitP90 => "wait_p90_s",
            CallKpi::WaitP95 => "wait_p95_s",
            CallKpi::WaitP99 => "wait_p99_s",
            CallKpi::Aht => "aht_s",
            CallKpi::Occupancy => "occupancy",
            CallKpi::MaxQueue => "max_queue",
            CallKpi::MeanQueue => "mean_queue",
            CallKpi::DroppedAtClose => "dropped_at_close",
            CallKpi::StillWaiting => "still_waiting",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A KPI of an agent group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum GroupKpi {
    Handled,
    Aht,
    Occupancy,
    AgentHours,
}

impl GroupKpi {
    pub const ALL: [GroupKpi; 4] = [
        GroupKpi::Handled,
        GroupKpi::Aht,
        GroupKpi::Occupancy,
        GroupKpi::AgentHours,
    ];

    pub fn key(self) -> &'static str {
        match self {
            GroupKpi::Handled => "handled",
            GroupKpi::Aht => "aht_s",
            GroupKpi::Occupancy => "occupancy",
            GroupKpi::AgentHours => "agent_hours",
        }
    }
}

pub type CallValues = [Option<f64>; CallKpi::ALL.len()];
pub type GroupValues = [Option<f64>; GroupKpi::ALL.len()];

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
    pub calls: Vec<CallValues>,
    pub groups: Vec<GroupValues>,
    /// Share of answered calls that waited at most each of
    /// [`wait_distribution_points_s`], over the day: per call type, then all.
    pub wait_distribution: Vec<Vec<Option<f64>>>,
}

/// `numerator / denominator`, or undefined (never NaN or infinity).
fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    let value = numerator / denominator;
    (denominator > 0.0 && value.is_finite()).then_some(value)
}

impl ReplicationKpis {
    /// Derives every KPI of every scope from one replication's statistics.
    pub fn from_stats(stats: &ReplicationStats, basis: ServiceLevelBasis) -> Self {
        let layout = Layout {
            call_types: stats.call_types,
            groups: stats.groups,
            intervals: stats.intervals,
        };
        let (types, intervals, buckets) = (stats.call_types, stats.intervals, stats.buckets());
        let mut calls = vec![[None; CallKpi::ALL.len()]; layout.call_scopes()];

        // Aggregate counters and histograms over types and intervals.
        let mut type_totals = vec![(CallCounters::default(), WaitHistogram::default()); types];
        let mut interval_totals =
            vec![(CallCounters::default(), WaitHistogram::default()); intervals];
        let mut day = (CallCounters::default(), WaitHistogram::default());
        for t in 0..types {
            for k in 0..intervals {
                let slot = t * intervals + k;
                let (c, h) = (&stats.calls[slot], &stats.waits[slot]);
                type_totals[t].0.add(c);
                type_totals[t].1.merge(h);
                interval_totals[k].0.add(c);
                interval_totals[k].1.merge(h);
                calls[layout.call_index(Scope {
                    call_type: Some(t),
                    interval: Some(k),
                })] = call_values(c, h, basis, &time_values(stats, Some(t), Some(k)));
            }
            day.0.add(&type_totals[t].0);
            day.1.merge(&type_totals[t].1);
        }
        for (t, (c, h)) in type_totals.iter().enumerate() {
            let mut values = call_values(c, h, basis, &time_values(stats, Some(t), None));
            values[CallKpi::StillWaiting.index()] = Some(stats.still_waiting[t] as f64);
            calls[layout.call_index(Scope {
                call_type: Some(t),
                interval: None,
            })] = values;
        }
        for (k, (c, h)) in interval_totals.iter().enumerate() {
            calls[layout.call_index(Scope {
                call_type: None,
                interval: Some(k),
            })] = call_values(c, h, basis, &time_values(stats, None, Some(k)));
        }
        let wait_distribution = type_totals
            .iter()
            .map(|(_, h)| h)
            .chain(std::iter::once(&day.1))
            .map(|h| {
                wait_distribution_points_s()
                    .map(|t| h.share_within(t))
                    .collect()
            })
            .collect();
        let mut values = call_values(&day.0, &day.1, basis, &time_values(stats, None, None));
        values[CallKpi::StillWaiting.index()] =
            Some(stats.still_waiting.iter().sum::<u64>() as f64);
        calls[layout.call_index(Scope {
            call_type: None,
            interval: None,
        })] = values;

        let mut groups = vec![[None; GroupKpi::ALL.len()]; layout.group_scopes()];
        for g in 0..stats.groups {
            let range = g * buckets..(g + 1) * buckets;
            let per_bucket = |b: usize| {
                let i = g * buckets + b;
                (
                    stats.handled[i],
                    stats.handled_s[i],
                    stats.busy_s[i],
                    stats.present_s[i],
                )
            };
            for k in 0..intervals {
                groups[layout.group_index(g, Some(k))] = group_values(per_bucket(k));
            }
            let day = (
                stats.handled[range.clone()].iter().sum(),
                stats.handled_s[range.clone()].iter().sum(),
                stats.busy_s[range.clone()].iter().sum(),
                stats.present_s[range].iter().sum(),
            );
            groups[layout.group_index(g, None)] = group_values(day);
        }
        Self {
            calls,
            groups,
            wait_distribution,
        }
    }
}

/// Time-based quantities of a scope: (∫ queue dt, observed time, max queue,
/// busy agent-time, present agent-time), the last two only for all types.
struct TimeValues {
    queue_s: f64,
    observed_s: f64,
    max_queue: u32,
    busy_present: Option<(f64, f64)>,
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
    TimeValues {
        queue_s,
        observed_s: bucket_range.map(|b| stats.observed_s[b]).sum(),
        max_queue,
        busy_present,
    }
}

fn call_values(
    c: &CallCounters,
    waits: &WaitHistogram,
    basis: ServiceLevelBasis,
    time: &TimeValues,
) -> CallValues {
    let mut v = [None; CallKpi::ALL.len()];
    let mut set = |kpi: CallKpi, value: Option<f64>| v[kpi.index()] = value;
    let offered = c.offered as f64;
    let answered = c.answered as f64;
    set(CallKpi::Offered, Some(offered));
    set(CallKpi::Answered, Some(answered));
    set(CallKpi::Abandoned, Some(c.abandoned as f64));
    set(CallKpi::DroppedAtClose, Some(c.dropped as f64));
    set(CallKpi::AbandonRate, ratio(c.abandoned as f64, offered));
    let denominator = match basis {
        ServiceLevelBasis::Offered => offered,
        ServiceLevelBasis::Answered => answered,
        ServiceLevelBasis::ExcludeShortAbandons => offered - c.abandoned_within as f64,
    };
    set(
        CallKpi::ServiceLevel,
        ratio(c.answered_within as f64, denominator),
    );
    set(CallKpi::Asa, ratio(c.wait_answered_s, answered));
    set(
        CallKpi::MeanWaitAbandoned,
        ratio(c.wait_abandoned_s, c.abandoned as f64),
    );
    set(CallKpi::Aht, ratio(c.handle_s, answered));
    for (kpi, q) in [
        (CallKpi::WaitP50, 0.50),
        (CallKpi::WaitP80, 0.80),
        (CallKpi::WaitP90, 0.90),
        (CallKpi::WaitP95, 0.95),
        (CallKpi::WaitP99, 0.99),
    ] {
        set(kpi, waits.quantile(q));
    }
    set(CallKpi::MeanQueue, ratio(time.queue_s, time.observed_s));
    set(
        CallKpi::MaxQueue,
        (time.observed_s > 0.0).then_some(f64::from(time.max_queue)),
    );
    set(
        CallKpi::Occupancy,
        time.busy_present
            .and_then(|(busy, present)| ratio(busy, present)),
    );
    v
}

fn group_values((handled, handled_s, busy_s, present_s): (u64, f64, f64, f64)) -> GroupValues {
    let mut v = [None; GroupKpi::ALL.len()];
    v[GroupKpi::Handled as usize] = Some(handled as f64);
    v[GroupKpi::Aht as usize] = ratio(handled_s, handled as f64);
    v[GroupKpi::Occupancy as usize] = ratio(busy_s, present_s);
    v[GroupKpi::AgentHours as usize] = Some(present_s / 3600.0);
    v
}

/// Running moments of every KPI over replications, fed in replication order.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiMoments {
    pub layout: Layout,
    pub calls: Vec<[Moments; CallKpi::ALL.len()]>,
    pub groups: Vec<[Moments; GroupKpi::ALL.len()]>,
    /// Per call type, then all: one per [`wait_distribution_points_s`].
    pub wait_distribution: Vec<Vec<Moments>>,
    pub replications: u64,
}

impl KpiMoments {
    pub fn new(layout: Layout) -> Self {
        Self {
            layout,
            calls: vec![[Moments::default(); CallKpi::ALL.len()]; layout.call_scopes()],
            groups: vec![[Moments::default(); GroupKpi::ALL.len()]; layout.group_scopes()],
            wait_distribution: vec![
                vec![Moments::default(); wait_distribution_points_s().count()];
                layout.call_types + 1
            ],
            replications: 0,
        }
    }

    pub fn add(&mut self, kpis: &ReplicationKpis) {
        for (moments, values) in self.calls.iter_mut().zip(&kpis.calls) {
            for (m, v) in moments.iter_mut().zip(values) {
                m.add_defined(*v);
            }
        }
        for (moments, values) in self.groups.iter_mut().zip(&kpis.groups) {
            for (m, v) in moments.iter_mut().zip(values) {
                m.add_defined(*v);
            }
        }
        for (moments, values) in self
            .wait_distribution
            .iter_mut()
            .zip(&kpis.wait_distribution)
        {
            for (m, v) in moments.iter_mut().zip(values) {
                m.add_defined(*v);
            }
        }
        self.replications += 1;
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
