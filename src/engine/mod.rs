//! The discrete-event engine: one replication of a [`Model`], reported to an
//! [`Observer`]. Nothing else lives here: no KPI, no I/O, no randomness policy
//! beyond drawing from the streams it is given.
//!
//! Events are ordered by (time, sequence number). Poisson arrivals wait in a
//! small queue of their own (one pending arrival per call type and entry)
//! merged with the event queue by the same key; contacts waiting for an agent
//! and callers in the IVR live in reusable arenas; agents are an arena too,
//! each with its group, its capacity and the contacts it holds, and the idle
//! ones of a group wait in a FIFO (longest idle first) or a heap (fewest calls
//! first). Nothing is allocated per event once the buffers have grown to the
//! number of agents and callers present.
//!
//! One file per concern: [`event_loop`](self) runs the replication,
//! `arrivals` draws the Poisson callers, `calls` offers, answers and loses
//! them, `ivr` walks callers through the menus, `repeats` brings callers back
//! (retrials, recontacts) and makes callbacks, `staffing` follows the
//! schedule and the closing, `agents` keeps the agents, `outbound` dials the
//! campaigns in the agents' idle time.

mod agents;
mod arrivals;
mod calls;
mod chats;
mod emails;
mod event_loop;
mod events;
mod idle;
mod ivr;
mod outbound;
mod queues;
mod repeats;
mod router;
mod staffing;

pub use router::{PlainRouter, PolicyRouter, PriorityRouter, Router, RoutingState};

use rand::RngExt;

use crate::model::{AgentSelection, CallTypeId, GroupId, Model};
use crate::observe::Observer;
use crate::random::{Purpose, Stream, stream};
use agents::Agents;
use arrivals::Sources;
use chats::ChatDesks;
use events::Agenda;
use ivr::Ivr;
use outbound::Dialers;
use queues::Queues;
use repeats::Returns;

/// A replication processed more events than its model's work limit: a loop
/// that takes no simulated time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "replication {replication} processed {events} events without finishing its day (the limit is a thousand per expected step), far more than its calls, repeats and transfers should take: something loops without taking time, such as a caller who calls again after 0 s every time"
)]
pub struct WorkLimitExceeded {
    pub replication: u64,
    pub events: u64,
}

/// What a replication did, apart from what the observers saw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplicationOutcome {
    /// Call attempts (first attempts and repeats, including blocked ones).
    pub calls: u64,
    /// Time of the last event, seconds.
    pub end_s: f64,
}

/// Runs replication `replication` of `model` with streams from `seed`.
pub fn run_replication<R: Router, O: Observer>(
    model: &Model,
    router: &R,
    seed: u64,
    replication: u64,
    observer: &mut O,
) -> Result<ReplicationOutcome, WorkLimitExceeded> {
    let mut engine = Engine::new(model, router, seed, replication);
    let outcome = engine.run(observer);
    if engine.events_done > model.work_limit {
        return Err(WorkLimitExceeded {
            replication,
            events: engine.events_done,
        });
    }
    Ok(outcome)
}

/// The router a model needs: static priorities unless it uses aging,
/// delayed overflow or reservation, and the plain engine where it uses no
/// optional part (each router is its own compiled engine).
#[derive(Debug, Clone)]
pub enum ModelRouter {
    Plain(PlainRouter),
    Priority(PriorityRouter),
    Policy(PolicyRouter),
}

impl ModelRouter {
    pub fn new(model: &Model) -> Self {
        if model.needs_policy_router() {
            ModelRouter::Policy(PolicyRouter::new(model))
        } else if let Some(plain) = PlainRouter::for_model(model) {
            ModelRouter::Plain(plain)
        } else {
            ModelRouter::Priority(PriorityRouter::new(model))
        }
    }

    /// Runs one replication with this router.
    pub fn run<O: Observer>(
        &self,
        model: &Model,
        seed: u64,
        replication: u64,
        observer: &mut O,
    ) -> Result<ReplicationOutcome, WorkLimitExceeded> {
        match self {
            ModelRouter::Plain(r) => run_replication(model, r, seed, replication, observer),
            ModelRouter::Priority(r) => run_replication(model, r, seed, replication, observer),
            ModelRouter::Policy(r) => run_replication(model, r, seed, replication, observer),
        }
    }
}

/// The optional parts a model uses, checked once per replication so that a
/// plain model's hot path does none of their work.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Uses {
    handle_factors: bool,
    recontacts: bool,
    callbacks: bool,
    overflow: bool,
    /// Some call type balks or has a queue capacity: a caller who must wait
    /// may leave or be refused at once.
    arrival_limits: bool,
    /// Some call type comes by chat.
    chats: bool,
    /// Some call type comes by e-mail.
    emails: bool,
    /// Some group has a `handle_factor` other than 1 or its own handle-time
    /// distribution for a skill.
    group_handling: bool,
    /// Some outbound campaign dials in the agents' idle time.
    outbound: bool,
    /// Some call type transfers answered contacts to another.
    transfers: bool,
}

impl Uses {
    /// A model that uses no optional part (every field named: a new part
    /// cannot be left out).
    const NONE: Self = Self {
        handle_factors: false,
        recontacts: false,
        callbacks: false,
        overflow: false,
        arrival_limits: false,
        chats: false,
        emails: false,
        group_handling: false,
        outbound: false,
        transfers: false,
    };

    fn of(model: &Model) -> Self {
        Self {
            handle_factors: model
                .groups
                .iter()
                .any(|g| g.handle_factor.iter().any(|&f| f != 1.0)),
            recontacts: model.call_types.iter().any(|c| c.recontact.is_some()),
            callbacks: model.call_types.iter().any(|c| c.callback.is_some()),
            overflow: model.overflow_delays.iter().any(|d| !d.is_empty()),
            arrival_limits: model
                .call_types
                .iter()
                .any(|c| c.balk.is_some() || c.max_waiting.is_some()),
            chats: model.has_chats(),
            emails: model.has_emails(),
            group_handling: model.has_group_handles()
                || model
                    .groups
                    .iter()
                    .any(|g| g.handle_factor.iter().any(|&f| f != 1.0)),
            outbound: model.has_campaigns(),
            transfers: model.call_types.iter().any(|c| !c.transfers.is_empty()),
        }
    }
}

/// One replication in progress.
struct Engine<'m, R> {
    model: &'m Model,
    router: &'m R,
    events: Agenda<'m>,
    /// The Poisson arrivals to come, and each source's random streams.
    sources: Sources,
    /// Contacts waiting for an agent, per call type.
    queues: Queues,
    /// Callback requests waiting for an agent, per call type, by request time.
    callbacks: Queues,
    ivr: Ivr,
    returns: Returns,
    agents: Agents,
    /// The chats agents hold, and the agents with room for more.
    chats: ChatDesks,
    /// The outbound campaigns' dialers.
    dialers: Dialers,
    /// The routing's draws, when it chooses groups at random.
    routing_draws: Option<Stream>,
    /// The streams of the groups' own handle times, `[group][call type]`
    /// (`None` where the type's applies; empty when no group has one).
    group_handles: Vec<Option<Stream>>,
    /// The draw for the routing decision at hand.
    route_u: f64,
    lines_busy: u32,
    /// First callers so far: the last one's number.
    callers: u32,
    /// Which optional parts the model uses: the plain path skips the rest.
    uses: Uses,
    attempts: u64,
    now: f64,
    /// A day has closed (the last, or one with a night after it): no new
    /// calls until the next opening, agents log off when done.
    closed: bool,
    /// The last day has closed.
    closed_for_good: bool,
    /// Events and arrivals processed, against the model's work limit.
    events_done: u64,
}

/// What the router may look at.
struct View<'a> {
    agents: &'a Agents,
    chats: &'a ChatDesks,
    queues: &'a Queues,
    now: f64,
    route_u: f64,
    closed: bool,
}

impl RoutingState for View<'_> {
    #[inline]
    fn idle_agents(&self, group: GroupId) -> usize {
        self.agents.idle_count(group)
    }

    #[inline]
    fn chat_room(&self, group: GroupId) -> usize {
        self.agents.idle_count(group) + self.chats.with_room(group)
    }

    #[inline]
    fn oldest_waiting(&self, call_type: CallTypeId) -> Option<f64> {
        self.queues.front_arrival(call_type)
    }

    #[inline]
    fn now(&self) -> f64 {
        self.now
    }

    #[inline]
    fn route_u(&self) -> f64 {
        self.route_u
    }

    #[inline]
    fn opens_emails(&self) -> bool {
        !self.closed
    }
}

impl<'m, R: Router> Engine<'m, R> {
    fn new(model: &'m Model, router: &'m R, seed: u64, replication: u64) -> Self {
        let types = model.call_types.len();
        let agents = Agents::new(model);
        Self {
            model,
            router,
            events: Agenda::new(&model.boundaries, agents.peak()),
            sources: Sources::new(model, seed, replication),
            queues: Queues::new(types),
            callbacks: Queues::new(types),
            ivr: Ivr::default(),
            returns: Returns::default(),
            chats: ChatDesks::new(model),
            dialers: Dialers::new(model, seed, replication),
            routing_draws: (model.agent_selection == AgentSelection::RandomByIdle)
                .then(|| stream(seed, replication, Purpose::Routing)),
            route_u: 0.0,
            group_handles: group_handle_streams(model, seed, replication),
            agents,
            lines_busy: 0,
            callers: 0,
            uses: {
                let uses = Uses::of(model);
                // Once per replication: a plain router run on another model
                // would skip its parts silently.
                assert!(
                    !R::PLAIN || uses == Uses::NONE,
                    "the plain engine runs a model that uses no optional part"
                );
                uses
            },
            attempts: 0,
            now: 0.0,
            closed: false,
            closed_for_good: false,
            events_done: 0,
        }
    }

    /// The optional parts the model uses; none, known at compile time, in
    /// the plain engine ([`Router::PLAIN`]).
    #[inline(always)]
    fn uses(&self) -> Uses {
        if R::PLAIN { Uses::NONE } else { self.uses }
    }

    /// The router's view of the center now.
    #[inline]
    fn view(&self) -> View<'_> {
        View {
            agents: &self.agents,
            chats: &self.chats,
            queues: &self.queues,
            now: self.now,
            route_u: self.route_u,
            closed: self.closed,
        }
    }

    /// Draws the uniform of the next routing decision, when routing chooses
    /// at random (one draw per decision, so the decisions follow the calls).
    #[inline(always)]
    fn draw_route(&mut self) {
        if let Some(rng) = &mut self.routing_draws {
            self.route_u = rng.random();
        }
    }
}

/// A stream per (group, call type) where the group has its own handle-time
/// distribution, keyed by both names: its draws, in the order the group
/// answers that type, do not shift any other stream.
fn group_handle_streams(model: &Model, seed: u64, replication: u64) -> Vec<Option<Stream>> {
    if !model.has_group_handles() {
        return Vec::new();
    }
    model
        .groups
        .iter()
        .flat_map(|g| {
            g.handle.iter().zip(&model.call_types).map(|(own, c)| {
                own.as_ref().map(|_| {
                    let key = g.stream_key ^ c.stream_key.rotate_left(17);
                    stream(seed, replication, Purpose::GroupHandle(key))
                })
            })
        })
        .collect()
}
