//! The KPI collector: counts and sums per call type × interval, time
//! integrals per group and per queue, and wait-time histograms. Calls are
//! counted in the interval they arrived in; time-weighted quantities in the
//! interval the time falls in, with an extra bucket for overtime after closing.

use super::{Answered, IvrExit, Observation, Observer, OutboundCall, Repeat};
use crate::model::{Calendar, CallTypeId, EntryId, GroupId, Model, NodeId, SourceId};
use crate::stats::WaitHistogram;

/// Counts and sums of the calls that arrived in one interval, of one type.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CallCounters {
    pub offered: u64,
    pub answered: u64,
    pub abandoned: u64,
    pub dropped: u64,
    /// Answered with a wait ≤ the service-level threshold.
    pub answered_within: u64,
    /// Hung up with a wait ≤ the service-level threshold.
    pub abandoned_within: u64,
    /// Had to queue (even for zero seconds).
    pub queued: u64,
    pub wait_answered_s: f64,
    pub wait_abandoned_s: f64,
    /// Talk plus after-call work of answered calls.
    pub handle_s: f64,
    /// Calls that got a busy signal (by attempt time): direct calls that
    /// found every trunk line busy, and callers who found the type's queue
    /// full (`max_waiting`). Not offered.
    pub blocked: u64,
    /// Offered callers who found a long queue and left at once (balking).
    pub balked: u64,
    /// Calls avoided by proactive notifications.
    pub proactive_avoided: u64,
    /// Offered calls that were retrials or recontacts.
    pub repeats: u64,
    /// Answered calls whose caller will call again (not solved at first contact).
    pub recontacts_planned: u64,
    pub callbacks_offered: u64,
    pub callbacks_accepted: u64,
    pub callbacks_served: u64,
    /// Served within the callback deadline of the request.
    pub callbacks_in_deadline: u64,
    /// From request to the agent's call, over served callbacks.
    pub callback_delay_s: f64,
    pub callbacks_unserved: u64,
    /// Offered calls that came by transfer from another call type.
    pub transfers_in: u64,
    /// Answered contacts the agent transferred to another call type.
    pub transferred: u64,
    /// Answered contacts not transferred: the caller's last contact.
    pub resolved: u64,
    /// From each resolved caller's first arrival (before any transfer) to
    /// the end of its last talk, summed.
    pub end_to_end_s: f64,
}

impl CallCounters {
    pub fn add(&mut self, other: &CallCounters) {
        self.offered += other.offered;
        self.answered += other.answered;
        self.abandoned += other.abandoned;
        self.dropped += other.dropped;
        self.answered_within += other.answered_within;
        self.abandoned_within += other.abandoned_within;
        self.queued += other.queued;
        self.wait_answered_s += other.wait_answered_s;
        self.wait_abandoned_s += other.wait_abandoned_s;
        self.handle_s += other.handle_s;
        self.blocked += other.blocked;
        self.balked += other.balked;
        self.proactive_avoided += other.proactive_avoided;
        self.repeats += other.repeats;
        self.recontacts_planned += other.recontacts_planned;
        self.callbacks_offered += other.callbacks_offered;
        self.callbacks_accepted += other.callbacks_accepted;
        self.callbacks_served += other.callbacks_served;
        self.callbacks_in_deadline += other.callbacks_in_deadline;
        self.callback_delay_s += other.callback_delay_s;
        self.callbacks_unserved += other.callbacks_unserved;
        self.transfers_in += other.transfers_in;
        self.transferred += other.transferred;
        self.resolved += other.resolved;
        self.end_to_end_s += other.end_to_end_s;
    }
}

/// Counts of the calls at one entry number in one interval (by attempt time).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EntryCounters {
    pub attempts: u64,
    pub repeats: u64,
    pub blocked: u64,
    /// Resolved in self-service.
    pub contained: u64,
    /// Hung up in the menus.
    pub ivr_hang_ups: u64,
    /// Left the IVR for a queue.
    pub to_queue: u64,
    /// Time from entering to leaving the IVR, summed over callers who left it.
    pub ivr_time_s: f64,
}

impl EntryCounters {
    pub fn add(&mut self, other: &EntryCounters) {
        self.attempts += other.attempts;
        self.repeats += other.repeats;
        self.blocked += other.blocked;
        self.contained += other.contained;
        self.ivr_hang_ups += other.ivr_hang_ups;
        self.to_queue += other.to_queue;
        self.ivr_time_s += other.ivr_time_s;
    }
}

/// Counts of one outbound campaign's dials in one interval (by the time
/// each thing happened).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CampaignCounters {
    pub dials: u64,
    /// Dials a person answered.
    pub reached: u64,
    /// Reached people connected to an agent.
    pub connects: u64,
    /// Reached people the dialer dropped with no agent free.
    pub nuisances: u64,
    /// Talk plus after-call work of the connected calls.
    pub handle_s: f64,
    /// How long the connected people were held for an agent, summed.
    pub held_s: f64,
    /// Observed time of the scope, seconds (set when the KPIs are computed:
    /// the rates per hour divide by it).
    pub observed_s: f64,
}

impl CampaignCounters {
    pub fn add(&mut self, other: &CampaignCounters) {
        self.dials += other.dials;
        self.reached += other.reached;
        self.connects += other.connects;
        self.nuisances += other.nuisances;
        self.handle_s += other.handle_s;
        self.held_s += other.held_s;
        self.observed_s += other.observed_s;
    }
}

/// Everything one replication measured. Indexed `[type][interval]` for calls
/// and `[type or group][bucket]` for time, with `buckets = intervals + 1`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationStats {
    pub intervals: usize,
    pub call_types: usize,
    pub groups: usize,
    pub calls: Vec<CallCounters>,
    /// Waits of answered calls.
    pub waits: Vec<WaitHistogram>,
    /// ∫ callers waiting dt, seconds.
    pub queue_s: Vec<f64>,
    pub max_queue: Vec<u32>,
    /// Largest number waiting over all types, per bucket.
    pub max_queue_all: Vec<u32>,
    /// ∫ busy agents dt (talk and after-call work); a chat counts as the
    /// share `1 / max_chats` of its agent.
    pub busy_s: Vec<f64>,
    /// ∫ agents on outbound calls dt (talk and after-call work): part of `busy_s`.
    pub outbound_busy_s: Vec<f64>,
    /// ∫ agents present dt.
    pub present_s: Vec<f64>,
    /// Calls answered by each group, by the bucket of the answer.
    pub handled: Vec<u64>,
    pub handled_s: Vec<f64>,
    /// Length of each bucket after the warm-up, seconds.
    pub observed_s: Vec<f64>,
    /// Callers still waiting at the end, per type (counted only if they arrived after warm-up).
    pub still_waiting: Vec<u64>,
    /// When the last event happened.
    pub end_s: f64,
    pub entries: usize,
    pub ivr_nodes: usize,
    /// `[entry][interval]`.
    pub entry_calls: Vec<EntryCounters>,
    /// Callers starting each IVR node's prompt, `[node][interval]`.
    pub node_visits: Vec<u64>,
    /// E-mails of each e-mail type waiting as each interval starts (the
    /// backlog), `[type][interval]`; `None` for the other types.
    pub waiting_at_start: Vec<Option<u32>>,
    /// E-mails of each e-mail type waiting as each day closes, at the day's
    /// last interval (`None` at the others and for the other types),
    /// `[type][interval]`.
    pub waiting_at_close: Vec<Option<u32>>,
    pub campaigns: usize,
    /// Each outbound campaign's dials, `[campaign][interval]`.
    pub campaign_calls: Vec<CampaignCounters>,
}

impl ReplicationStats {
    pub fn buckets(&self) -> usize {
        self.intervals + 1
    }

    /// The counters of the `call_type`-th call type in interval `interval`.
    pub fn counters(&self, call_type: usize, interval: usize) -> &CallCounters {
        &self.calls[call_type * self.intervals + interval]
    }
}

/// Collects [`ReplicationStats`] from the engine's events.
pub struct KpiCollector {
    stats: ReplicationStats,
    /// Callback deadline of each call type (infinite without callbacks).
    callback_deadline_s: Vec<f64>,
    calendar: Calendar,
    warmup_s: f64,
    /// Per call type: the service-level threshold (an e-mail's window).
    threshold_s: Vec<f64>,
    /// The e-mail types, whose backlog is noted at each interval's start and each closing.
    email_types: Vec<usize>,
    bucket: usize,
    bucket_start: f64,
    /// A night's center is empty: its hours until the opening are not observed.
    dark: bool,
    waiting: Vec<u32>,
    waiting_since: Vec<f64>,
    waiting_all: u32,
    busy: Vec<u32>,
    busy_since: Vec<f64>,
    /// Agents on outbound calls, per group.
    outbound_busy: Vec<u32>,
    outbound_since: Vec<f64>,
    /// Chats held per group, each the share `chat_share` of an agent.
    chats: Vec<u32>,
    chats_since: Vec<f64>,
    chat_share: Vec<f64>,
    present: Vec<u32>,
    present_since: Vec<f64>,
}

#[inline]
fn integrate(acc: &mut f64, count: u32, since: &mut f64, t: f64, warmup: f64) {
    let from = since.max(warmup);
    if t > from && count > 0 {
        *acc += f64::from(count) * (t - from);
    }
    *since = t;
}

/// As [`integrate`], each of the `count` counting as `share`.
#[inline]
fn integrate_share(acc: &mut f64, count: u32, share: f64, since: &mut f64, t: f64, warmup: f64) {
    let from = since.max(warmup);
    if t > from && count > 0 {
        *acc += f64::from(count) * share * (t - from);
    }
    *since = t;
}

impl KpiCollector {
    /// A collector for `model`, counting waits ≤ `threshold_s` as within
    /// service level (a type with its own threshold: that one; an e-mail
    /// type's: its `answer_within_h`).
    pub fn new(model: &Model, threshold_s: f64) -> Self {
        let (types, groups, intervals) =
            (model.call_types.len(), model.groups.len(), model.intervals);
        let buckets = intervals + 1;
        Self {
            stats: ReplicationStats {
                intervals,
                call_types: types,
                groups,
                calls: vec![CallCounters::default(); types * intervals],
                waits: vec![WaitHistogram::default(); types * intervals],
                queue_s: vec![0.0; types * buckets],
                max_queue: vec![0; types * buckets],
                max_queue_all: vec![0; buckets],
                busy_s: vec![0.0; groups * buckets],
                outbound_busy_s: vec![0.0; groups * buckets],
                present_s: vec![0.0; groups * buckets],
                handled: vec![0; groups * buckets],
                handled_s: vec![0.0; groups * buckets],
                observed_s: vec![0.0; buckets],
                still_waiting: vec![0; types],
                end_s: 0.0,
                entries: model.entries.len(),
                ivr_nodes: model.ivr_nodes.len(),
                entry_calls: vec![EntryCounters::default(); model.entries.len() * intervals],
                node_visits: vec![0; model.ivr_nodes.len() * intervals],
                waiting_at_start: vec![None; types * intervals],
                waiting_at_close: vec![None; types * intervals],
                campaigns: model.campaigns.len(),
                campaign_calls: vec![
                    CampaignCounters::default();
                    model.campaigns.len() * intervals
                ],
            },
            callback_deadline_s: model
                .call_types
                .iter()
                .map(|c| c.callback.map_or(f64::INFINITY, |cb| cb.deadline_s))
                .collect(),
            calendar: model.calendar,
            warmup_s: model.warmup_s,
            threshold_s: model
                .call_types
                .iter()
                .map(|c| match c.email {
                    Some(e) => e.answer_within_s,
                    None => c.answer_within_s.unwrap_or(threshold_s),
                })
                .collect(),
            email_types: (0..types)
                .filter(|&c| model.call_types[c].email.is_some())
                .collect(),
            bucket: 0,
            bucket_start: 0.0,
            dark: false,
            waiting: vec![0; types],
            waiting_since: vec![0.0; types],
            waiting_all: 0,
            busy: vec![0; groups],
            busy_since: vec![0.0; groups],
            outbound_busy: vec![0; groups],
            outbound_since: vec![0.0; groups],
            chats: vec![0; groups],
            chats_since: vec![0.0; groups],
            chat_share: model
                .groups
                .iter()
                .map(|g| 1.0 / f64::from(g.max_chats.max(1)))
                .collect(),
            present: vec![0; groups],
            present_since: vec![0.0; groups],
        }
    }

    pub fn into_stats(self) -> ReplicationStats {
        self.stats
    }

    /// Index of the arrival interval, or `None` for calls that arrived in the warm-up.
    #[inline]
    fn counted_interval(&self, arrival_s: f64) -> Option<usize> {
        (arrival_s >= self.warmup_s).then(|| self.calendar.interval_at(arrival_s))
    }

    /// [`counted_interval`](Self::counted_interval) of something happening
    /// now (every observation comes at the engine's clock `t`): while the
    /// center is open, the interval the calendar's boundaries have put the
    /// collector in. The division it saves was on every call's path (case a
    /// 10 %, b and c 3-5 % of the time); the two differ only where the
    /// division would round a time a hair before a boundary into the next
    /// interval, and there the boundary's side is the right one.
    #[inline]
    fn counted_now(&self, t: f64) -> Option<usize> {
        if self.bucket < self.stats.intervals {
            (t >= self.warmup_s).then_some(self.bucket)
        } else {
            self.counted_interval(t)
        }
    }

    #[inline]
    fn change_waiting(&mut self, t: f64, call_type: CallTypeId, up: bool) {
        let call_type = call_type.index();
        let b = self.bucket;
        let buckets = self.stats.buckets();
        integrate(
            &mut self.stats.queue_s[call_type * buckets + b],
            self.waiting[call_type],
            &mut self.waiting_since[call_type],
            t,
            self.warmup_s,
        );
        if up {
            self.waiting[call_type] += 1;
            self.waiting_all += 1;
            if t >= self.warmup_s {
                let slot = &mut self.stats.max_queue[call_type * buckets + b];
                *slot = (*slot).max(self.waiting[call_type]);
                let all = &mut self.stats.max_queue_all[b];
                *all = (*all).max(self.waiting_all);
            }
        } else {
            self.waiting[call_type] -= 1;
            self.waiting_all -= 1;
        }
    }

    #[inline]
    fn change_busy(&mut self, t: f64, group: GroupId, up: bool) {
        let group = group.index();
        let slot = group * self.stats.buckets() + self.bucket;
        integrate(
            &mut self.stats.busy_s[slot],
            self.busy[group],
            &mut self.busy_since[group],
            t,
            self.warmup_s,
        );
        if up {
            self.busy[group] += 1;
        } else {
            self.busy[group] -= 1;
        }
    }

    /// A group's agents on outbound calls go up or down by one.
    fn change_outbound(&mut self, t: f64, group: GroupId, up: bool) {
        let group = group.index();
        let slot = group * self.stats.buckets() + self.bucket;
        integrate(
            &mut self.stats.outbound_busy_s[slot],
            self.outbound_busy[group],
            &mut self.outbound_since[group],
            t,
            self.warmup_s,
        );
        if up {
            self.outbound_busy[group] += 1;
        } else {
            self.outbound_busy[group] -= 1;
        }
    }

    /// The counters of `campaign` in the interval `t` falls in, after the warm-up.
    fn campaign_counters(&mut self, t: f64, campaign: usize) -> Option<&mut CampaignCounters> {
        let k = self.counted_now(t)?;
        Some(&mut self.stats.campaign_calls[campaign * self.stats.intervals + k])
    }

    fn outbound_connected(&mut self, t: f64, call: &OutboundCall) {
        self.change_busy(t, call.group, true);
        self.change_outbound(t, call.group, true);
        if let Some(c) = self.campaign_counters(t, call.campaign) {
            c.connects += 1;
            c.handle_s += call.talk_s + call.after_call_work_s;
            c.held_s += call.waited_s;
        }
    }

    /// A group's chats held go up or down by one.
    #[inline]
    fn change_chats(&mut self, t: f64, group: GroupId, up: bool) {
        let group = group.index();
        let slot = group * self.stats.buckets() + self.bucket;
        integrate_share(
            &mut self.stats.busy_s[slot],
            self.chats[group],
            self.chat_share[group],
            &mut self.chats_since[group],
            t,
            self.warmup_s,
        );
        if up {
            self.chats[group] += 1;
        } else {
            self.chats[group] -= 1;
        }
    }

    fn flush(&mut self, t: f64) {
        let b = self.bucket;
        let buckets = self.stats.buckets();
        for c in 0..self.stats.call_types {
            integrate(
                &mut self.stats.queue_s[c * buckets + b],
                self.waiting[c],
                &mut self.waiting_since[c],
                t,
                self.warmup_s,
            );
        }
        for g in 0..self.stats.groups {
            integrate(
                &mut self.stats.busy_s[g * buckets + b],
                self.busy[g],
                &mut self.busy_since[g],
                t,
                self.warmup_s,
            );
            integrate(
                &mut self.stats.outbound_busy_s[g * buckets + b],
                self.outbound_busy[g],
                &mut self.outbound_since[g],
                t,
                self.warmup_s,
            );
            integrate_share(
                &mut self.stats.busy_s[g * buckets + b],
                self.chats[g],
                self.chat_share[g],
                &mut self.chats_since[g],
                t,
                self.warmup_s,
            );
            integrate(
                &mut self.stats.present_s[g * buckets + b],
                self.present[g],
                &mut self.present_since[g],
                t,
                self.warmup_s,
            );
        }
        let from = self.bucket_start.max(self.warmup_s);
        if t > from && !self.dark {
            self.stats.observed_s[b] += t - from;
        }
        self.bucket_start = t;
    }

    fn enter_bucket(&mut self, t: f64, bucket: usize) {
        self.flush(t);
        self.bucket = bucket;
    }
}

impl Observer for KpiCollector {
    #[inline(always)]
    fn observe(&mut self, t: f64, what: Observation<'_>) {
        match what {
            Observation::IntervalStarted { interval } => self.interval_started(t, interval),
            Observation::Closed => self.closed(t),
            Observation::Emptied => self.emptied(t),
            Observation::Attempt { source, repeat, .. } => self.attempt(t, source, repeat),
            Observation::Blocked { source, .. } => self.blocked(t, source),
            Observation::ProactiveAvoided { call_type } => self.proactive_avoided(t, call_type),
            Observation::IvrVisit { entry, node, .. } => self.ivr_visit(t, entry, node),
            Observation::IvrExit {
                entry,
                entered_s,
                exit,
                ..
            } => self.ivr_exit(t, entry, entered_s, exit),
            Observation::Arrival {
                call_type, repeat, ..
            } => self.arrival(t, call_type, repeat),
            Observation::Queued { call_type, .. } => self.queued(t, call_type),
            Observation::Balked { call_type, .. } => self.balked(t, call_type),
            Observation::QueueFull { call_type, .. } => self.queue_full(t, call_type),
            Observation::Answered(call) => self.answered(t, call),
            Observation::ChatAnswered(chat) => self.chat_answered(t, chat),
            Observation::ChatEnded { chat, planned_s } => self.chat_ended(t, chat, planned_s),
            Observation::Abandoned {
                call_type,
                arrival_s,
                ..
            } => self.abandoned(t, call_type, arrival_s),
            Observation::Dropped {
                call_type,
                arrival_s,
                ..
            } => self.dropped(t, call_type, arrival_s),
            Observation::CallbackOffered { call_type } => self.callback_offered(t, call_type),
            Observation::CallbackAccepted {
                call_type,
                arrival_s,
                ..
            } => self.callback_accepted(call_type, arrival_s),
            Observation::CallbackServed(call) => self.callback_served(t, call),
            Observation::CallbackUnserved {
                call_type,
                requested_s,
                ..
            } => self.callback_unserved(call_type, requested_s),
            Observation::RecontactPlanned {
                call_type,
                arrival_s,
            } => self.recontact_planned(call_type, arrival_s),
            Observation::AgentFree { group, .. } => self.change_busy(t, group, false),
            Observation::Dialed { campaign } => {
                if let Some(c) = self.campaign_counters(t, campaign) {
                    c.dials += 1;
                }
            }
            Observation::DialEnded { campaign, reached } => {
                if let Some(c) = self.campaign_counters(t, campaign)
                    && reached
                {
                    c.reached += 1;
                }
            }
            Observation::OutboundConnected(call) => self.outbound_connected(t, call),
            Observation::Nuisance { campaign, .. } => {
                if let Some(c) = self.campaign_counters(t, campaign) {
                    c.nuisances += 1;
                }
            }
            Observation::OutboundEnded { group, .. } => self.change_outbound(t, group, false),
            Observation::AgentsChanged { group, present } => self.agents_changed(t, group, present),
            Observation::Unfinished {
                call_type,
                arrival_s,
                ..
            } => self.unfinished(call_type, arrival_s),
            Observation::Finished => self.finished(t),
        }
    }
}

/// One handler per observation the collector counts.
impl KpiCollector {
    fn interval_started(&mut self, t: f64, interval: usize) {
        if interval > 0 {
            let per_day = self.calendar.per_day;
            if !self.calendar.has_nights() && interval % per_day == 0 {
                // Days back to back: one closes as the next opens.
                self.note_waiting_at_close(interval - 1);
            }
            self.enter_bucket(t, interval);
        }
        self.dark = false;
        let intervals = self.stats.intervals;
        for &c in &self.email_types {
            self.stats.waiting_at_start[c * intervals + interval] = Some(self.waiting[c]);
        }
    }

    fn note_waiting_at_close(&mut self, interval: usize) {
        let intervals = self.stats.intervals;
        for &c in &self.email_types {
            self.stats.waiting_at_close[c * intervals + interval] = Some(self.waiting[c]);
        }
    }

    /// The rest of the night is not the after-close time of anyone.
    fn emptied(&mut self, t: f64) {
        self.flush(t);
        self.dark = true;
    }

    fn closed(&mut self, t: f64) {
        if self.bucket < self.stats.intervals {
            self.note_waiting_at_close(self.bucket);
        }
        self.enter_bucket(t, self.stats.intervals);
    }

    #[inline]
    fn arrival(&mut self, t: f64, call_type: CallTypeId, repeat: Repeat) {
        if let Some(k) = self.counted_now(t) {
            let counters = &mut self.stats.calls[call_type.index() * self.stats.intervals + k];
            counters.offered += 1;
            match repeat {
                Repeat::First => {}
                Repeat::Transfer => counters.transfers_in += 1,
                Repeat::Retrial | Repeat::Recontact => counters.repeats += 1,
            }
        }
    }

    #[inline]
    fn attempt(&mut self, t: f64, source: SourceId, repeat: Repeat) {
        // Direct calls are counted when offered (or blocked): nothing to do here.
        let SourceId::Entry(e) = source else {
            return;
        };
        if let Some(k) = self.counted_now(t) {
            let counters = &mut self.stats.entry_calls[e.index() * self.stats.intervals + k];
            counters.attempts += 1;
            if repeat != Repeat::First {
                counters.repeats += 1;
            }
        }
    }

    fn blocked(&mut self, t: f64, source: SourceId) {
        let Some(k) = self.counted_now(t) else {
            return;
        };
        let intervals = self.stats.intervals;
        match source {
            SourceId::CallType(c) => self.stats.calls[c.index() * intervals + k].blocked += 1,
            SourceId::Entry(e) => self.stats.entry_calls[e.index() * intervals + k].blocked += 1,
        }
    }

    fn balked(&mut self, t: f64, call_type: CallTypeId) {
        if let Some(k) = self.counted_now(t) {
            self.stats.calls[call_type.index() * self.stats.intervals + k].balked += 1;
        }
    }

    /// A busy signal at the queue counts with the trunks' busy signals.
    fn queue_full(&mut self, t: f64, call_type: CallTypeId) {
        if let Some(k) = self.counted_now(t) {
            self.stats.calls[call_type.index() * self.stats.intervals + k].blocked += 1;
        }
    }

    fn proactive_avoided(&mut self, t: f64, call_type: CallTypeId) {
        if let Some(k) = self.counted_now(t) {
            self.stats.calls[call_type.index() * self.stats.intervals + k].proactive_avoided += 1;
        }
    }

    fn ivr_visit(&mut self, t: f64, _entry: EntryId, node: NodeId) {
        if let Some(k) = self.counted_now(t) {
            self.stats.node_visits[node.index() * self.stats.intervals + k] += 1;
        }
    }

    fn ivr_exit(&mut self, t: f64, entry: EntryId, entered_s: f64, exit: IvrExit) {
        let Some(k) = self.counted_interval(entered_s) else {
            return;
        };
        let counters = &mut self.stats.entry_calls[entry.index() * self.stats.intervals + k];
        counters.ivr_time_s += t - entered_s;
        match exit {
            IvrExit::Queue(_) => counters.to_queue += 1,
            IvrExit::SelfService => counters.contained += 1,
            IvrExit::HangUp => counters.ivr_hang_ups += 1,
        }
    }

    fn callback_offered(&mut self, t: f64, call_type: CallTypeId) {
        if let Some(k) = self.counted_now(t) {
            self.stats.calls[call_type.index() * self.stats.intervals + k].callbacks_offered += 1;
        }
    }

    fn callback_accepted(&mut self, call_type: CallTypeId, arrival_s: f64) {
        if let Some(k) = self.counted_interval(arrival_s) {
            self.stats.calls[call_type.index() * self.stats.intervals + k].callbacks_accepted += 1;
        }
    }

    fn callback_served(&mut self, t: f64, call: &Answered) {
        let buckets = self.stats.buckets();
        let g = call.group.index();
        integrate(
            &mut self.stats.busy_s[g * buckets + self.bucket],
            self.busy[g],
            &mut self.busy_since[g],
            t,
            self.warmup_s,
        );
        self.busy[g] += 1;
        let handle = call.talk_s + call.after_call_work_s;
        if t >= self.warmup_s {
            self.stats.handled[g * buckets + self.bucket] += 1;
            self.stats.handled_s[g * buckets + self.bucket] += handle;
        }
        if let Some(k) = self.counted_interval(call.arrival_s) {
            let counters = &mut self.stats.calls[call.call_type.index() * self.stats.intervals + k];
            counters.callbacks_served += 1;
            counters.callback_delay_s += call.wait_s;
            if call.wait_s <= self.callback_deadline_s[call.call_type.index()] {
                counters.callbacks_in_deadline += 1;
            }
        }
    }

    fn callback_unserved(&mut self, call_type: CallTypeId, requested_s: f64) {
        if let Some(k) = self.counted_interval(requested_s) {
            self.stats.calls[call_type.index() * self.stats.intervals + k].callbacks_unserved += 1;
        }
    }

    fn recontact_planned(&mut self, call_type: CallTypeId, arrival_s: f64) {
        if let Some(k) = self.counted_interval(arrival_s) {
            self.stats.calls[call_type.index() * self.stats.intervals + k].recontacts_planned += 1;
        }
    }

    #[inline]
    fn queued(&mut self, t: f64, call_type: CallTypeId) {
        self.change_waiting(t, call_type, true);
        if let Some(k) = self.counted_now(t) {
            self.stats.calls[call_type.index() * self.stats.intervals + k].queued += 1;
        }
    }

    #[inline]
    fn answered(&mut self, t: f64, call: &Answered) {
        if call.from_queue {
            self.change_waiting(t, call.call_type, false);
        }
        let buckets = self.stats.buckets();
        let g = call.group.index();
        integrate(
            &mut self.stats.busy_s[g * buckets + self.bucket],
            self.busy[g],
            &mut self.busy_since[g],
            t,
            self.warmup_s,
        );
        self.busy[g] += 1;
        self.count_answered(t, call);
    }

    /// A chat taken: its agent's share is busy; counted as a call is.
    fn chat_answered(&mut self, t: f64, chat: &Answered) {
        self.change_waiting_if_queued(t, chat);
        self.change_chats(t, chat.group, true);
        self.count_answered(t, chat);
    }

    #[inline]
    fn change_waiting_if_queued(&mut self, t: f64, call: &Answered) {
        if call.from_queue {
            self.change_waiting(t, call.call_type, false);
        }
    }

    /// An answered call's counts, sums and wait, by its arrival interval.
    #[inline(always)]
    fn count_answered(&mut self, t: f64, call: &Answered) {
        let buckets = self.stats.buckets();
        let g = call.group.index();
        let arrived = if call.arrival_s == t {
            self.counted_now(t)
        } else {
            self.counted_interval(call.arrival_s)
        };
        let Some(k) = arrived else {
            return;
        };
        let handle = call.talk_s + call.after_call_work_s;
        let slot = call.call_type.index() * self.stats.intervals + k;
        let counters = &mut self.stats.calls[slot];
        counters.answered += 1;
        counters.wait_answered_s += call.wait_s;
        counters.handle_s += handle;
        if call.transferred_to.is_some() {
            counters.transferred += 1;
        } else {
            counters.resolved += 1;
            counters.end_to_end_s += t + call.talk_s - call.first_arrival_s;
        }
        if call.wait_s <= self.threshold_s[call.call_type.index()] {
            counters.answered_within += 1;
        }
        self.stats.waits[slot].record(call.wait_s);
        if t >= self.warmup_s {
            self.stats.handled[g * buckets + self.bucket] += 1;
            self.stats.handled_s[g * buckets + self.bucket] += handle;
        }
    }

    /// A chat ended: its agent's share is free. It was counted when taken
    /// with the handle time `planned_s` of its first level; what its
    /// agent's later levels added (or took away) is added now.
    fn chat_ended(&mut self, t: f64, chat: &Answered, planned_s: f64) {
        self.change_chats(t, chat.group, false);
        let extra_s = chat.talk_s + chat.after_call_work_s - planned_s;
        if extra_s == 0.0 {
            return;
        }
        let buckets = self.stats.buckets();
        let g = chat.group.index();
        if chat.arrival_s + chat.wait_s >= self.warmup_s {
            self.stats.handled_s[g * buckets + self.bucket] += extra_s;
        }
        if let Some(k) = self.counted_interval(chat.arrival_s) {
            self.stats.calls[chat.call_type.index() * self.stats.intervals + k].handle_s += extra_s;
        }
    }

    #[inline]
    fn abandoned(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {
        self.change_waiting(t, call_type, false);
        if let Some(k) = self.counted_interval(arrival_s) {
            let wait = t - arrival_s;
            let counters = &mut self.stats.calls[call_type.index() * self.stats.intervals + k];
            counters.abandoned += 1;
            counters.wait_abandoned_s += wait;
            if wait <= self.threshold_s[call_type.index()] {
                counters.abandoned_within += 1;
            }
        }
    }

    fn dropped(&mut self, t: f64, call_type: CallTypeId, arrival_s: f64) {
        self.change_waiting(t, call_type, false);
        if let Some(k) = self.counted_interval(arrival_s) {
            self.stats.calls[call_type.index() * self.stats.intervals + k].dropped += 1;
        }
    }

    fn agents_changed(&mut self, t: f64, group: GroupId, present: u32) {
        let group = group.index();
        let buckets = self.stats.buckets();
        integrate(
            &mut self.stats.present_s[group * buckets + self.bucket],
            self.present[group],
            &mut self.present_since[group],
            t,
            self.warmup_s,
        );
        self.present[group] = present;
    }

    fn unfinished(&mut self, call_type: CallTypeId, arrival_s: f64) {
        if self.counted_interval(arrival_s).is_some() {
            self.stats.still_waiting[call_type.index()] += 1;
        }
    }

    fn finished(&mut self, t: f64) {
        self.flush(t);
        self.stats.end_s = t;
    }
}
