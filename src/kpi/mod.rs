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

use serde::Serialize;

use crate::erlang::ServiceLevelBasis;
use crate::observe::{CallCounters, EntryCounters, ReplicationStats};
use crate::scenario::Targets;
use crate::stats::{
    DaysMet, Estimate, Estimator, KpiKind, RatioMoments, Sample, Share, WaitHistogram,
};

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
    Blocked,
    BlockRate,
    ProactiveAvoided,
    RepeatCalls,
    RepeatShare,
    UniqueCallers,
    Fcr,
    CallbacksOffered,
    CallbacksAccepted,
    CallbackDelay,
    CallbacksInDeadline,
    CallbacksUnserved,
}

impl CallKpi {
    pub const ALL: [CallKpi; 30] = [
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
        CallKpi::Blocked,
        CallKpi::BlockRate,
        CallKpi::ProactiveAvoided,
        CallKpi::RepeatCalls,
        CallKpi::RepeatShare,
        CallKpi::UniqueCallers,
        CallKpi::Fcr,
        CallKpi::CallbacksOffered,
        CallKpi::CallbacksAccepted,
        CallKpi::CallbackDelay,
        CallKpi::CallbacksInDeadline,
        CallKpi::CallbacksUnserved,
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
            CallKpi::Blocked => "blocked",
            CallKpi::BlockRate => "block_rate",
            CallKpi::ProactiveAvoided => "proactive_avoided",
            CallKpi::RepeatCalls => "repeat_calls",
            CallKpi::RepeatShare => "repeat_share",
            CallKpi::UniqueCallers => "unique_callers",
            CallKpi::Fcr => "fcr",
            CallKpi::CallbacksOffered => "callbacks_offered",
            CallKpi::CallbacksAccepted => "callbacks_accepted",
            CallKpi::CallbackDelay => "callback_delay_s",
            CallKpi::CallbacksInDeadline => "callbacks_in_deadline",
            CallKpi::CallbacksUnserved => "callbacks_unserved",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// A ratio of two sums, or a plain value.
    pub fn kind(self) -> KpiKind {
        match self {
            CallKpi::AbandonRate
            | CallKpi::ServiceLevel
            | CallKpi::Asa
            | CallKpi::MeanWaitAbandoned
            | CallKpi::Aht
            | CallKpi::Occupancy
            | CallKpi::MeanQueue
            | CallKpi::BlockRate
            | CallKpi::RepeatShare
            | CallKpi::Fcr
            | CallKpi::CallbackDelay
            | CallKpi::CallbacksInDeadline => KpiKind::Ratio,
            _ => KpiKind::Value,
        }
    }
}

/// A KPI of an agent group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum GroupKpi {
    Handled,
    Aht,
    Occupancy,
    AgentHours,
    /// Agent-hours after closing, serving the callers still there.
    AfterCloseHours,
}

impl GroupKpi {
    pub const ALL: [GroupKpi; 5] = [
        GroupKpi::Handled,
        GroupKpi::Aht,
        GroupKpi::Occupancy,
        GroupKpi::AgentHours,
        GroupKpi::AfterCloseHours,
    ];

    pub fn key(self) -> &'static str {
        match self {
            GroupKpi::Handled => "handled",
            GroupKpi::Aht => "aht_s",
            GroupKpi::Occupancy => "occupancy",
            GroupKpi::AgentHours => "agent_hours",
            GroupKpi::AfterCloseHours => "after_close_hours",
        }
    }

    pub fn kind(self) -> KpiKind {
        match self {
            GroupKpi::Aht | GroupKpi::Occupancy => KpiKind::Ratio,
            _ => KpiKind::Value,
        }
    }
}

/// A KPI of an entry number and its IVR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EntryKpi {
    Calls,
    Blocked,
    BlockRate,
    Contained,
    ContainmentRate,
    IvrAbandoned,
    IvrAbandonRate,
    ToQueue,
    MeanIvrTime,
    RepeatCalls,
}

impl EntryKpi {
    pub const ALL: [EntryKpi; 10] = [
        EntryKpi::Calls,
        EntryKpi::Blocked,
        EntryKpi::BlockRate,
        EntryKpi::Contained,
        EntryKpi::ContainmentRate,
        EntryKpi::IvrAbandoned,
        EntryKpi::IvrAbandonRate,
        EntryKpi::ToQueue,
        EntryKpi::MeanIvrTime,
        EntryKpi::RepeatCalls,
    ];

    pub fn key(self) -> &'static str {
        match self {
            EntryKpi::Calls => "calls",
            EntryKpi::Blocked => "blocked",
            EntryKpi::BlockRate => "block_rate",
            EntryKpi::Contained => "contained",
            EntryKpi::ContainmentRate => "containment_rate",
            EntryKpi::IvrAbandoned => "ivr_abandoned",
            EntryKpi::IvrAbandonRate => "ivr_abandon_rate",
            EntryKpi::ToQueue => "to_queue",
            EntryKpi::MeanIvrTime => "mean_ivr_time_s",
            EntryKpi::RepeatCalls => "repeat_calls",
        }
    }

    pub fn kind(self) -> KpiKind {
        match self {
            EntryKpi::BlockRate
            | EntryKpi::ContainmentRate
            | EntryKpi::IvrAbandonRate
            | EntryKpi::MeanIvrTime => KpiKind::Ratio,
            _ => KpiKind::Value,
        }
    }
}

/// The KPIs a target can be set on, whose share of days meeting it is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TargetKpi {
    ServiceLevel,
    AbandonRate,
    Asa,
}

impl TargetKpi {
    pub const ALL: [TargetKpi; 3] = [
        TargetKpi::ServiceLevel,
        TargetKpi::AbandonRate,
        TargetKpi::Asa,
    ];

    pub fn call_kpi(self) -> CallKpi {
        match self {
            TargetKpi::ServiceLevel => CallKpi::ServiceLevel,
            TargetKpi::AbandonRate => CallKpi::AbandonRate,
            TargetKpi::Asa => CallKpi::Asa,
        }
    }

    pub fn key(self) -> &'static str {
        self.call_kpi().key()
    }

    /// Whether `value` meets this KPI's target in `targets` (`None`: no target).
    pub fn meets(self, targets: &Targets, value: f64) -> Option<bool> {
        match self {
            TargetKpi::ServiceLevel => targets.service_level.map(|t| value >= t),
            TargetKpi::AbandonRate => targets.max_abandon.map(|t| value <= t),
            TargetKpi::Asa => targets.max_asa_s.map(|t| value <= t),
        }
    }
}

pub type EntryValues = [Sample; EntryKpi::ALL.len()];

pub type CallValues = [Sample; CallKpi::ALL.len()];
pub type GroupValues = [Sample; GroupKpi::ALL.len()];

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
        };
        let (types, intervals, buckets) = (stats.call_types, stats.intervals, stats.buckets());
        let mut calls = vec![[Sample::UNDEFINED; CallKpi::ALL.len()]; layout.call_scopes()];

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
            values[CallKpi::StillWaiting.index()] = value(stats.still_waiting[t] as f64);
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
                let total = h.total() as f64;
                h.counts_within(wait_distribution_points_s())
                    .into_iter()
                    .map(|within| ratio(within, total))
                    .collect()
            })
            .collect();
        let mut values = call_values(&day.0, &day.1, basis, &time_values(stats, None, None));
        values[CallKpi::StillWaiting.index()] =
            value(stats.still_waiting.iter().sum::<u64>() as f64);
        calls[layout.call_index(Scope {
            call_type: None,
            interval: None,
        })] = values;

        let mut groups = vec![[Sample::UNDEFINED; GroupKpi::ALL.len()]; layout.group_scopes()];
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
                groups[layout.group_index(g, Some(k))] = group_values(per_bucket(k), None);
            }
            let day = (
                stats.handled[range.clone()].iter().sum(),
                stats.handled_s[range.clone()].iter().sum(),
                stats.busy_s[range.clone()].iter().sum(),
                stats.present_s[range].iter().sum(),
            );
            let after_close_s = stats.present_s[g * buckets + intervals];
            groups[layout.group_index(g, None)] = group_values(day, Some(after_close_s));
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
        Self {
            calls,
            groups,
            wait_distribution,
            entries,
            node_visits,
        }
    }
}

fn entry_values(c: &EntryCounters) -> EntryValues {
    let mut v = [Sample::UNDEFINED; EntryKpi::ALL.len()];
    let mut set = |kpi: EntryKpi, sample: Sample| v[kpi as usize] = sample;
    let entered = (c.attempts - c.blocked) as f64;
    let left = (c.contained + c.ivr_hang_ups + c.to_queue) as f64;
    set(EntryKpi::Calls, value(c.attempts as f64));
    set(EntryKpi::Blocked, value(c.blocked as f64));
    set(
        EntryKpi::BlockRate,
        ratio(c.blocked as f64, c.attempts as f64),
    );
    set(EntryKpi::Contained, value(c.contained as f64));
    set(
        EntryKpi::ContainmentRate,
        ratio(c.contained as f64, entered),
    );
    set(EntryKpi::IvrAbandoned, value(c.ivr_hang_ups as f64));
    set(
        EntryKpi::IvrAbandonRate,
        ratio(c.ivr_hang_ups as f64, entered),
    );
    set(EntryKpi::ToQueue, value(c.to_queue as f64));
    set(EntryKpi::MeanIvrTime, ratio(c.ivr_time_s, left));
    set(EntryKpi::RepeatCalls, value(c.repeats as f64));
    v
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
    let mut v = [Sample::UNDEFINED; CallKpi::ALL.len()];
    let mut set = |kpi: CallKpi, sample: Sample| v[kpi.index()] = sample;
    let offered = c.offered as f64;
    let answered = c.answered as f64;
    set(CallKpi::Offered, value(offered));
    set(CallKpi::Answered, value(answered));
    set(CallKpi::Abandoned, value(c.abandoned as f64));
    set(CallKpi::DroppedAtClose, value(c.dropped as f64));
    set(CallKpi::AbandonRate, ratio(c.abandoned as f64, offered));
    // Callers who accepted a callback left the inbound queue: the callback
    // KPIs count them, the service level does not.
    let inbound = offered - c.callbacks_accepted as f64;
    let denominator = match basis {
        ServiceLevelBasis::Offered => inbound,
        ServiceLevelBasis::Answered => answered,
        ServiceLevelBasis::ExcludeShortAbandons => inbound - c.abandoned_within as f64,
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
    let blocked = c.blocked as f64;
    set(CallKpi::Blocked, value(blocked));
    set(CallKpi::BlockRate, ratio(blocked, blocked + offered));
    set(CallKpi::ProactiveAvoided, value(c.proactive_avoided as f64));
    set(CallKpi::RepeatCalls, value(c.repeats as f64));
    set(CallKpi::RepeatShare, ratio(c.repeats as f64, offered));
    set(
        CallKpi::UniqueCallers,
        value((c.offered - c.repeats) as f64),
    );
    set(
        CallKpi::Fcr,
        ratio(answered - c.recontacts_planned as f64, answered),
    );
    set(CallKpi::CallbacksOffered, value(c.callbacks_offered as f64));
    set(
        CallKpi::CallbacksAccepted,
        value(c.callbacks_accepted as f64),
    );
    set(
        CallKpi::CallbackDelay,
        ratio(c.callback_delay_s, c.callbacks_served as f64),
    );
    set(
        CallKpi::CallbacksInDeadline,
        ratio(c.callbacks_in_deadline as f64, c.callbacks_accepted as f64),
    );
    set(
        CallKpi::CallbacksUnserved,
        value(c.callbacks_unserved as f64),
    );
    for (kpi, q) in [
        (CallKpi::WaitP50, 0.50),
        (CallKpi::WaitP80, 0.80),
        (CallKpi::WaitP90, 0.90),
        (CallKpi::WaitP95, 0.95),
        (CallKpi::WaitP99, 0.99),
    ] {
        set(kpi, Sample::of(waits.quantile(q)));
    }
    set(CallKpi::MeanQueue, ratio(time.queue_s, time.observed_s));
    set(
        CallKpi::MaxQueue,
        Sample::of((time.observed_s > 0.0).then_some(f64::from(time.max_queue))),
    );
    set(
        CallKpi::Occupancy,
        time.busy_present
            .map_or(Sample::UNDEFINED, |(busy, present)| ratio(busy, present)),
    );
    v
}

/// A group's KPIs in a bucket or the day; `after_close_s` (agent-seconds
/// after closing) only for the day.
fn group_values(
    (handled, handled_s, busy_s, present_s): (u64, f64, f64, f64),
    after_close_s: Option<f64>,
) -> GroupValues {
    let mut v = [Sample::UNDEFINED; GroupKpi::ALL.len()];
    v[GroupKpi::Handled as usize] = value(handled as f64);
    v[GroupKpi::Aht as usize] = ratio(handled_s, handled as f64);
    v[GroupKpi::Occupancy as usize] = ratio(busy_s, present_s);
    v[GroupKpi::AgentHours as usize] = value(present_s / 3600.0);
    v[GroupKpi::AfterCloseHours as usize] = Sample::of(after_close_s.map(|s| s / 3600.0));
    v
}

/// Running moments of every KPI over replications, fed in replication order,
/// and the days meeting each target.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiMoments {
    pub layout: Layout,
    pub estimator: Estimator,
    targets: Targets,
    pub calls: Vec<[RatioMoments; CallKpi::ALL.len()]>,
    pub groups: Vec<[RatioMoments; GroupKpi::ALL.len()]>,
    /// Per call type, then all: one per [`wait_distribution_points_s`].
    pub wait_distribution: Vec<Vec<RatioMoments>>,
    pub entries: Vec<[RatioMoments; EntryKpi::ALL.len()]>,
    pub node_visits: Vec<RatioMoments>,
    /// Per call scope, per [`TargetKpi`]: the replications meeting the target.
    days_meeting: Vec<[DaysMet; TargetKpi::ALL.len()]>,
    pub replications: u64,
}

impl KpiMoments {
    /// Moments of `layout`'s KPIs, ratios estimated by `estimator`, days
    /// judged against `targets`.
    pub fn new(layout: Layout, estimator: Estimator, targets: Targets) -> Self {
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
            days_meeting: vec![[DaysMet::default(); TargetKpi::ALL.len()]; layout.call_scopes()],
            replications: 0,
        }
    }

    pub fn add(&mut self, kpis: &ReplicationKpis) {
        let estimator = self.estimator;
        for ((moments, values), days) in self
            .calls
            .iter_mut()
            .zip(&kpis.calls)
            .zip(&mut self.days_meeting)
        {
            for ((m, v), &kpi) in moments.iter_mut().zip(values).zip(&CallKpi::ALL) {
                m.add_kpi(*v, kpi.kind(), estimator);
            }
            for (d, target) in days.iter_mut().zip(TargetKpi::ALL) {
                let sample = values[target.call_kpi().index()];
                if let Some(met) = sample.get().and_then(|v| target.meets(&self.targets, v)) {
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
