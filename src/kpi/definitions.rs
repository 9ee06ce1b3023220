//! The KPI families (calls, agent groups, entries, targets) and how one
//! replication's counters become each KPI's value.

use serde::Serialize;

use super::{ratio, value};
use crate::erlang::ServiceLevelBasis;
use crate::observe::{CallCounters, EntryCounters};
use crate::scenario::Targets;
use crate::stats::{KpiKind, Sample, WaitHistogram};

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

    pub(super) fn index(self) -> usize {
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

pub(super) fn entry_values(c: &EntryCounters) -> EntryValues {
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
pub(super) struct TimeValues {
    pub(super) queue_s: f64,
    pub(super) observed_s: f64,
    pub(super) max_queue: u32,
    pub(super) busy_present: Option<(f64, f64)>,
}

pub(super) fn call_values(
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
pub(super) fn group_values(
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
