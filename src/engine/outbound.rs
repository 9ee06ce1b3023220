//! Outbound campaigns dialled in the agents' idle time, with a threshold
//! policy: after every step of the open hours, a campaign keeps at least one
//! dial ringing per idle agent of its groups above
//! `dial_when_idle_agents_above` (dials are never cancelled, and the list,
//! when it has a size, runs out). A dial rings its drawn time; a person
//! answers with the campaign's reach probability, decided when it is dialled
//! (from the campaign's own stream, so every dial's fate is the same
//! whatever the inbound traffic does). A person who answers takes an idle
//! agent of the campaign's groups (tried in order) or is held up to
//! `connect_within_s` for one; with none free by then, the dialer drops it:
//! a nuisance call. A freed agent takes a held person before any waiting
//! inbound call (its wait is seconds; an inbound caller's is not yet lost).
//! When a day closes the dialer stops; a dial still ringing then is hung up.
//!
//! A list fed by leads (`leads_per_hour`) gains records as a Poisson
//! stream of its own, around the clock; the arrivals are counted lazily
//! when the dialer looks, and only a dialer that ran out of records while
//! agents are idle schedules the next lead's arrival to wake it.
//!
//! The agent's completion of an outbound call is an event of its own
//! (`OutboundDone`), so the phone path's completions are untouched.

use std::collections::VecDeque;

use rand::RngExt;

use super::events::EventKind;
use super::{Engine, Router};
use crate::model::{AgentId, GroupId, Model};
use crate::observe::{Observation, Observer, OutboundCall};
use crate::random::{Purpose, Stream, stream};

/// One campaign's dialer in a replication.
#[derive(Debug)]
struct Dialer {
    /// Dials ringing now.
    ringing: u32,
    /// Records dialled so far (against the list's size).
    dialled: u64,
    /// Ringing times and reach decisions, one pair per dial.
    dials: Stream,
    /// Talk and after-call work of the connected calls.
    handles: Stream,
    /// People who answered, held for an agent: (their number, answered at),
    /// the oldest first. Bounded by the dials ringing, so by the agents.
    held: VecDeque<(u32, f64)>,
    /// The next held person's number (wrapping: only the few held are compared).
    next_party: u32,
    /// Records on the list so far: the list's size, plus the leads arrived.
    records: Option<u64>,
    /// With leads: their stream and the next one's arrival time.
    leads: Option<Leads>,
    /// A `LeadArrives` event is pending for this dialer.
    waiting_for_lead: bool,
}

/// New records joining a campaign's list, a Poisson stream.
#[derive(Debug)]
struct Leads {
    mean_gap_s: f64,
    next_at: f64,
    stream: Stream,
}

impl Dialer {
    /// Counts the leads arrived by `t` onto the list.
    fn leads_by(&mut self, t: f64) {
        let (Some(leads), Some(records)) = (&mut self.leads, &mut self.records) else {
            return;
        };
        while leads.next_at <= t {
            *records += 1;
            leads.next_at += exponential(&mut leads.stream, leads.mean_gap_s);
        }
    }
}

/// An exponential draw of mean `mean`.
fn exponential(stream: &mut Stream, mean: f64) -> f64 {
    // 1 − U is in (0, 1]: its logarithm is finite.
    -mean * (1.0 - stream.random::<f64>()).ln()
}

/// The campaigns' dialers.
#[derive(Debug, Default)]
pub(super) struct Dialers {
    campaigns: Vec<Dialer>,
}

impl Dialers {
    pub(super) fn new(model: &Model, seed: u64, replication: u64) -> Self {
        Self {
            campaigns: model
                .campaigns
                .iter()
                .map(|c| {
                    let leads = c.leads_per_hour.map(|rate| {
                        let mut stream = stream(seed, replication, Purpose::Leads(c.stream_key));
                        let mean_gap_s = 3600.0 / rate;
                        let next_at = exponential(&mut stream, mean_gap_s);
                        Leads {
                            mean_gap_s,
                            next_at,
                            stream,
                        }
                    });
                    let records = match leads {
                        Some(_) => Some(c.list_size.unwrap_or(0)),
                        None => c.list_size,
                    };
                    Dialer {
                        ringing: 0,
                        dialled: 0,
                        dials: stream(seed, replication, Purpose::Dials(c.stream_key)),
                        handles: stream(seed, replication, Purpose::OutboundHandle(c.stream_key)),
                        held: VecDeque::new(),
                        next_party: 0,
                        records,
                        leads,
                        waiting_for_lead: false,
                    }
                })
                .collect(),
        }
    }

    /// Nobody who answered a dial is held for an agent.
    pub(super) fn none_held(&self) -> bool {
        self.campaigns.iter().all(|d| d.held.is_empty())
    }

    /// Whether person `party` of `campaign` is still held (its give-up is not stale).
    pub(super) fn holds(&self, campaign: usize, party: u32) -> bool {
        self.campaigns[campaign]
            .held
            .front()
            .is_some_and(|&(p, _)| p == party)
    }

    /// A dial of `campaign` stopped ringing.
    pub(super) fn ring_ended(&mut self, campaign: usize) {
        self.campaigns[campaign].ringing -= 1;
    }

    /// The lead `campaign`'s dialer waited for has arrived (counted at the
    /// next dial-up).
    pub(super) fn woken(&mut self, campaign: usize) {
        self.campaigns[campaign].waiting_for_lead = false;
    }
}

impl<R: Router> Engine<'_, R> {
    /// Each campaign tops its dials up to one ringing per idle agent of its
    /// groups above its threshold, while its list lasts.
    pub(super) fn dial_up<O: Observer>(&mut self, observer: &mut O) {
        let t = self.now;
        for (o, spec) in self.model.campaigns.iter().enumerate() {
            let idle: usize = spec.groups.iter().map(|&g| self.agents.idle_count(g)).sum();
            let wanted = idle.saturating_sub(spec.dial_when_idle_agents_above as usize);
            let dialer = &mut self.dialers.campaigns[o];
            if (dialer.ringing as usize) < wanted {
                dialer.leads_by(t);
            }
            while (dialer.ringing as usize) < wanted
                && dialer.records.is_none_or(|n| dialer.dialled < n)
            {
                dialer.ringing += 1;
                dialer.dialled += 1;
                let ring_s = spec.ring.sample(&mut dialer.dials);
                let reached = dialer.dials.random::<f64>() < spec.reach;
                self.events.schedule(
                    t + ring_s,
                    EventKind::DialEnd {
                        campaign: o as u32,
                        reached,
                    },
                );
                observer.observe(t, Observation::Dialed { campaign: o });
            }
            // Out of records with agents idle: wake at the next lead.
            if (dialer.ringing as usize) < wanted
                && !dialer.waiting_for_lead
                && let Some(leads) = &dialer.leads
            {
                dialer.waiting_for_lead = true;
                self.events
                    .schedule(leads.next_at, EventKind::LeadArrives { campaign: o as u32 });
            }
        }
    }

    /// A dial of `campaign` stops ringing: the person who answered (if
    /// `reached`) takes an idle agent, is held for one, or is dropped.
    pub(super) fn dial_ended<O: Observer>(
        &mut self,
        campaign: usize,
        reached: bool,
        observer: &mut O,
    ) {
        let t = self.now;
        self.dialers.ring_ended(campaign);
        observer.observe(t, Observation::DialEnded { campaign, reached });
        if !reached {
            return;
        }
        let spec = &self.model.campaigns[campaign];
        let idle = spec
            .groups
            .iter()
            .find_map(|&g| self.agents.pop_idle(g).map(|a| (g, a)));
        if let Some((group, agent)) = idle {
            self.connect(campaign, group, agent, 0.0, observer);
        } else if spec.connect_within_s > 0.0 {
            let dialer = &mut self.dialers.campaigns[campaign];
            let party = dialer.next_party;
            dialer.next_party = party.wrapping_add(1);
            dialer.held.push_back((party, t));
            self.events.schedule(
                t + spec.connect_within_s,
                EventKind::PartyGivesUp {
                    campaign: campaign as u32,
                    party,
                },
            );
        } else {
            observer.observe(
                t,
                Observation::Nuisance {
                    campaign,
                    waited_s: 0.0,
                },
            );
        }
    }

    /// The person `party` of `campaign`, held `connect_within_s`, is dropped
    /// (unless an agent took it meanwhile).
    pub(super) fn party_gives_up<O: Observer>(
        &mut self,
        campaign: usize,
        party: u32,
        observer: &mut O,
    ) {
        if !self.dialers.holds(campaign, party) {
            return;
        }
        let (_, answered_s) = self.dialers.campaigns[campaign]
            .held
            .pop_front()
            .expect("checked held");
        observer.observe(
            self.now,
            Observation::Nuisance {
                campaign,
                waited_s: self.now - answered_s,
            },
        );
    }

    /// A freed `agent` of `group` takes the person held longest by the
    /// first of its campaigns that holds one; `false` if none is held.
    pub(super) fn take_held_party<O: Observer>(
        &mut self,
        group: GroupId,
        agent: AgentId,
        observer: &mut O,
    ) -> bool {
        let campaigns = &self.model.campaigns_of_group[group.index()];
        let Some(&campaign) = campaigns
            .iter()
            .find(|&&o| !self.dialers.campaigns[o].held.is_empty())
        else {
            return false;
        };
        let (_, answered_s) = self.dialers.campaigns[campaign]
            .held
            .pop_front()
            .expect("found held");
        self.connect(campaign, group, agent, self.now - answered_s, observer);
        true
    }

    /// `agent` of `group` talks to the person of `campaign` who answered,
    /// after holding `waited_s`; busy until talk and after-call work are done.
    fn connect<O: Observer>(
        &mut self,
        campaign: usize,
        group: GroupId,
        agent: AgentId,
        waited_s: f64,
        observer: &mut O,
    ) {
        let t = self.now;
        let spec = &self.model.campaigns[campaign];
        let rng = &mut self.dialers.campaigns[campaign].handles;
        let talk_s = spec.handle.sample(rng);
        let after_call_work_s = spec.after_call_work.as_ref().map_or(0.0, |d| d.sample(rng));
        self.agents.start_contact(agent, false);
        self.events.schedule(
            t + talk_s + after_call_work_s,
            EventKind::OutboundDone {
                campaign: campaign as u32,
                agent: agent.index() as u32,
            },
        );
        observer.observe(
            t,
            Observation::OutboundConnected(&OutboundCall {
                campaign,
                group,
                agent,
                waited_s,
                talk_s,
                after_call_work_s,
            }),
        );
    }

    /// `agent` finished an outbound call of `campaign`: free as after any call.
    pub(super) fn outbound_done<O: Observer>(
        &mut self,
        campaign: usize,
        agent: AgentId,
        observer: &mut O,
    ) {
        let group = self.agents.group_of(agent);
        observer.observe(self.now, Observation::OutboundEnded { campaign, group });
        self.agent_finished(agent, observer);
    }
}
