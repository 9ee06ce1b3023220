//! Chat: each agent holds up to `k` conversations at once, an exact
//! Markov chain (the analytic companion of the simulator's chat channel).
//!
//! `N` agents, chats arriving Poisson at rate λ. A chat held by an agent who
//! holds `l` chats (1 ≤ l ≤ k) finishes at rate `μ_l = 1/(h·f_l)`: `h` is
//! the mean handle time (exponential) and `f_l` the handle-time factor at `l`
//! chats (a busier agent is slower), so that agent finishes chats at `l·μ_l`.
//! A new chat goes to an agent holding the fewest chats, if that is fewer
//! than `k`; otherwise it waits in one first-come queue. When an agent
//! finishes a chat while chats wait, it takes the first at once: while anyone
//! waits every agent holds `k`. A waiting chat gives up after an exponential
//! patience of mean `1/θ` (none: θ = 0, which needs `λ < N·k·μ_k`).
//!
//! **The chain.** While nobody waits, the state is how many agents hold
//! 0, 1, …, k chats: `(n_0, …, n_k)` with `Σ n_l = N`, one of
//! `C(N+k, k)` states. From a state:
//!
//! ```text
//! arrival    rate λ            an agent at m = min{l : n_l > 0} < k goes to m+1
//! completion rate n_l·l·μ_l    an agent at l goes to l−1          (1 ≤ l ≤ k)
//! ```
//!
//! Completions at any agent unbalance the loads, so the chain has no product
//! form: it is solved numerically (below). When every agent holds `k`
//! (the *full* state `(0, …, 0, N)`) an arrival waits: the queue length `j`
//! then moves as a birth–death chain, and the only way back is through the
//! full state with nobody waiting:
//!
//! ```text
//! π(full, j+1) = π(full, j) · λ / (N·k·μ_k + (j+1)·θ)
//! ```
//!
//! That is Erlang A's queue behind `N` servers of rate `k·μ_k`, attached to
//! the full state exactly as Erlang A's queue is attached to "all n busy",
//! with Erlang B replaced by `B_chat = π(full) / π(nobody waits)`. So the
//! no-queue states are solved once with arrivals at the full state blocked
//! (the chain *censored* to them: an excursion into the queue leaves and
//! re-enters at the full state), and every queue KPI comes from Erlang A's
//! exact sums ([`super::ErlangA`]: P(wait), abandonment, the Beta and
//! negative-binomial sums of the wait) or, without patience, from the
//! geometric tail of Erlang C: `P(wait) = B_chat / (1 − ρ(1 − B_chat))`,
//! `P(W > t) = P(wait)·e^(−(N k μ_k − λ) t)` with `ρ = λ/(N k μ_k)`.
//!
//! **Solving the no-queue chain.** Gauss–Seidel sweeps of the balance
//! equations `π(x)·out(x) = Σ_y π(y)·q(y, x)` (states in order of chats in
//! service, forward then back), each cycle preceded by an aggregation step:
//! the chats in service `s` make a birth–death chain (every state below
//! full accepts arrivals at λ; deaths at the current conditional mean
//! completion rate of level `s`) whose masses are set exactly, which removes
//! the slow mode plain sweeps would spend thousands of cycles on. It stops
//! when the relative residual `Σ_x |Σ_y π(y)q(y,x) − π(x)out(x)| / Σ π·out`
//! is below [`CONVERGENCE_TOLERANCE`]; otherwise the answer is refused
//! ([`ChatError::NotConverged`]), never returned unconverged.
//!
//! **KPIs** (arrivals see time averages, PASTA): P(wait) = P(an arrival
//! finds every agent full); the service level counts answered within `t`
//! over all arrivals (an arrival with room is answered at once); the ASA is
//! over answered chats; occupancy is `E[chats in service] / (N·k)`, the
//! share of the chat capacity in use.
//!
//! ```
//! use callsim::erlang::{ErlangChat, Traffic};
//!
//! // 300 chats an hour of 600 s, 30 agents holding up to 3 chats, slower at 2 and 3.
//! let traffic = Traffic::from_calls_per_hour(300.0, 600.0).unwrap();
//! let chat = ErlangChat::new(&traffic, 30, 3, &[1.0, 1.25, 1.6], Some(120.0)).unwrap();
//! assert!(chat.prob_wait() < 0.1);
//! assert!((chat.level_shares().iter().sum::<f64>() - 1.0).abs() < 1e-12);
//! ```

use serde::Serialize;
use thiserror::Error;

use super::erlang_a::ErlangA;
use super::error::{ErlangError, check};
use super::kpis::{Kpis, check_agents};
use super::traffic::Traffic;

/// The most chats one agent may hold at once.
pub const MAX_CHATS: u32 = 32;
/// The most no-queue states solved (`C(N+k, k)`); about 100 to 300 MB at the limit.
pub const MAX_CHAT_STATES: u64 = 2_000_000;
/// The relative residual the solution must reach.
pub const CONVERGENCE_TOLERANCE: f64 = 1e-13;
/// Gauss–Seidel cycles (a forward and a backward sweep each) before giving up.
const MAX_CYCLES: usize = 5_000;

/// Why the chat chain cannot be solved with the given inputs.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ChatError {
    #[error(transparent)]
    Erlang(#[from] ErlangError),

    #[error(
        "max_chats (the most chats an agent holds at once) must be between 1 and {MAX_CHATS}, got {value}"
    )]
    MaxChats { value: u32 },

    #[error(
        "{given} handle-time factors were given but max_chats is {max_chats}: give one per concurrency level"
    )]
    FactorCount { given: usize, max_chats: u32 },

    #[error(
        "the handle-time factor at {level} chats must be a finite number > 0 and at most 1000, got {}",
        crate::distribution::show(*value)
    )]
    Factor { level: usize, value: f64 },

    #[error(
        "{agents} agents holding up to {max_chats} chats make {states} states, above the exact chat model's limit of {MAX_CHAT_STATES}: simulate a center this size with `callsim simulate`"
    )]
    TooManyStates {
        agents: u32,
        max_chats: u32,
        states: String,
    },

    #[error(
        "the chat queue is unstable: {agents} agents holding {max_chats} chats finish at most {capacity_per_hour:.1} chats per hour against {arrivals_per_hour:.1} arriving, so the queue grows without bound; at least {needed} agents are needed (or give a patience)"
    )]
    Unstable {
        agents: u32,
        max_chats: u32,
        capacity_per_hour: f64,
        arrivals_per_hour: f64,
        needed: u32,
    },

    #[error(
        "the chat chain of {states} states did not converge: after {cycles} cycles its relative residual is {residual:.1e}, above {CONVERGENCE_TOLERANCE:e}"
    )]
    NotConverged {
        states: usize,
        cycles: usize,
        residual: f64,
    },
}

/// The queue behind the full state.
#[derive(Debug, Clone)]
enum Tail {
    /// Waiting chats give up (Erlang A's queue).
    Abandoning(Box<ErlangA>),
    /// Nobody gives up: a geometric tail (Erlang C's), stable by construction.
    Patient {
        prob_wait: f64,
        /// `N·k·μ_k − λ`: the rate at which a waiting chat's wait ends.
        drain_rate: f64,
        mean_queue: f64,
        no_queue_share: f64,
    },
}

/// A chat center solved exactly: see the module docs (`erlang::chat`) for the chain.
#[derive(Debug, Clone)]
pub struct ErlangChat {
    agents: u32,
    max_chats: u32,
    arrival_rate: f64,
    aht_s: f64,
    factors: Vec<f64>,
    states: usize,
    cycles: usize,
    residual: f64,
    /// `B_chat`: the full state's share of the no-queue states.
    full_share: f64,
    tail: Tail,
    /// `E[n_l]/N`, l = 0..=k, over all time (queue states included).
    level_shares: Vec<f64>,
    mean_in_service: f64,
    /// Σ π·(completion rate): chats finished per second.
    throughput: f64,
}

/// The KPIs of one staffing level of the chat model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatKpis {
    /// The KPIs every Erlang model reports; `blocking_no_queue` is the share
    /// of chats that would be lost without a queue (`B_chat`), `occupancy`
    /// the share of the chat capacity `N·k` in use.
    #[serde(flatten)]
    pub kpis: Kpis,
    /// Mean chats an agent holds.
    pub mean_chats_per_agent: f64,
    /// Share of agents holding 0, 1, …, k chats (time averages).
    pub agent_level_shares: Vec<f64>,
    /// States of the no-queue chain solved.
    pub states: usize,
}

impl ErlangChat {
    /// Solves the chat center: `agents` agents holding up to `max_chats`
    /// chats each, `factors[l−1]` the handle-time factor at `l` chats (an
    /// empty slice: all 1), chats giving up after a mean `patience_s`
    /// (`None`: they never do). The traffic's AHT is `h`, the mean handle
    /// time at factor 1.
    pub fn new(
        traffic: &Traffic,
        agents: u32,
        max_chats: u32,
        factors: &[f64],
        patience_s: Option<f64>,
    ) -> Result<Self, ChatError> {
        check_agents(agents)?;
        let factors = checked_factors(max_chats, factors)?;
        let theta = match patience_s {
            Some(p) => {
                1.0 / check("patience_s", p, "> 0 and at most 1000000", |v| {
                    v > 0.0 && v <= 1e6
                })?
            }
            None => 0.0,
        };
        state_count(agents, max_chats)?;
        let lambda = traffic.arrival_rate_per_s();
        let rates: Vec<f64> = factors
            .iter()
            .map(|f| 1.0 / (traffic.aht_s() * f))
            .collect();
        let k = max_chats as usize;
        let full_rate = f64::from(agents) * k as f64 * rates[k - 1];
        if theta == 0.0 && lambda > 0.0 && lambda >= full_rate {
            return Err(ChatError::Unstable {
                agents,
                max_chats,
                capacity_per_hour: full_rate * 3600.0,
                arrivals_per_hour: lambda * 3600.0,
                needed: min_stable_chat_agents(traffic, max_chats, &factors),
            });
        }
        let chain = Chain::build(agents, k, lambda, &rates);
        let (pi, cycles, residual) = chain.solve()?;
        let full_share = pi[chain.slot_of(0)];
        let tail = if theta > 0.0 {
            Tail::Abandoning(Box::new(ErlangA::behind_anchor(
                lambda,
                agents,
                k as f64 * rates[k - 1],
                theta,
                full_share,
            )?))
        } else {
            patient_tail(lambda, full_rate, full_share)
        };
        let mut solved = Self {
            agents,
            max_chats,
            arrival_rate: lambda,
            aht_s: traffic.aht_s(),
            factors,
            states: chain.states,
            cycles,
            residual,
            full_share,
            tail,
            level_shares: Vec::new(),
            mean_in_service: 0.0,
            throughput: 0.0,
        };
        solved.absorb_levels(&chain, &pi, &rates);
        Ok(solved)
    }

    /// Agent-level shares, chats in service and throughput over all time:
    /// the no-queue states weighted by their share, the queue states (every
    /// agent at `k`) by theirs.
    fn absorb_levels(&mut self, chain: &Chain, pi: &[f64], rates: &[f64]) {
        let k = chain.max_chats;
        let no_queue = self.no_queue_share();
        let queued = 1.0 - no_queue;
        let mut counts = vec![0.0; k + 1];
        let mut in_service = 0.0;
        let mut throughput = 0.0;
        let mut state = Composition::first(chain.agents, k);
        for rank in 0..chain.states {
            let p = pi[chain.slot_of(rank)];
            for (l, &n) in state.counts.iter().enumerate() {
                let n = f64::from(n);
                counts[l] += p * n;
                in_service += p * n * l as f64;
                if l > 0 {
                    throughput += p * n * l as f64 * rates[l - 1];
                }
            }
            state.advance();
        }
        let n = f64::from(self.agents).max(1.0);
        let full = f64::from(self.agents) * k as f64;
        self.level_shares = counts.iter().map(|c| no_queue * c / n).collect();
        self.level_shares[k] += queued * f64::from(self.agents) / n;
        if self.agents == 0 {
            self.level_shares = vec![0.0; k + 1];
        }
        self.mean_in_service = no_queue * in_service + queued * full;
        self.throughput = no_queue * throughput + queued * full * rates[k - 1];
    }

    /// The share of time nobody waits.
    fn no_queue_share(&self) -> f64 {
        match &self.tail {
            Tail::Abandoning(a) => a.no_queue_share(),
            Tail::Patient { no_queue_share, .. } => *no_queue_share,
        }
    }

    pub fn agents(&self) -> u32 {
        self.agents
    }

    pub fn max_chats(&self) -> u32 {
        self.max_chats
    }

    /// The handle-time factors `f_1..f_k`.
    pub fn factors(&self) -> &[f64] {
        &self.factors
    }

    /// States of the no-queue chain (`C(N+k, k)`).
    pub fn states(&self) -> usize {
        self.states
    }

    /// Gauss–Seidel cycles the solution took.
    pub fn cycles(&self) -> usize {
        self.cycles
    }

    /// The relative residual reached (below [`CONVERGENCE_TOLERANCE`]).
    pub fn residual(&self) -> f64 {
        self.residual
    }

    /// `B_chat`: the share of chats lost if there were no queue, the full
    /// state's share of the no-queue states.
    pub fn blocking_no_queue(&self) -> f64 {
        self.full_share
    }

    /// Probability that a chat finds every agent full and waits.
    pub fn prob_wait(&self) -> f64 {
        match &self.tail {
            Tail::Abandoning(a) => a.prob_wait(),
            Tail::Patient { prob_wait, .. } => *prob_wait,
        }
    }

    /// Share of chats that give up before an agent takes them.
    pub fn prob_abandon(&self) -> f64 {
        match &self.tail {
            Tail::Abandoning(a) => a.prob_abandon(),
            Tail::Patient { .. } => 0.0,
        }
    }

    /// Share of all arriving chats taken by an agent within `threshold_s`
    /// seconds (the offered basis: those that gave up count against it).
    pub fn service_level(&self, threshold_s: f64) -> f64 {
        match &self.tail {
            Tail::Abandoning(a) => a.outcomes_at(threshold_s).answered,
            Tail::Patient {
                prob_wait,
                drain_rate,
                ..
            } => (1.0 - prob_wait * (-drain_rate * threshold_s).exp()).clamp(0.0, 1.0),
        }
    }

    /// Mean wait of the chats an agent took (ASA); `None` when none is taken.
    pub fn asa_answered_s(&self) -> Option<f64> {
        match &self.tail {
            Tail::Abandoning(a) => a.asa_answered_s(),
            Tail::Patient { .. } => Some(self.mean_wait_all_s()),
        }
    }

    /// Mean wait over all chats, answered or not.
    pub fn mean_wait_all_s(&self) -> f64 {
        if self.arrival_rate == 0.0 {
            return 0.0;
        }
        self.mean_queue_length() / self.arrival_rate
    }

    /// Mean number of chats waiting.
    pub fn mean_queue_length(&self) -> f64 {
        match &self.tail {
            Tail::Abandoning(a) => a.mean_queue_length(),
            Tail::Patient { mean_queue, .. } => *mean_queue,
        }
    }

    /// Mean chats in service, `E[Σ l·n_l]`.
    pub fn mean_in_service(&self) -> f64 {
        self.mean_in_service
    }

    /// Share of the chat capacity in use: `E[chats in service] / (N·k)`.
    pub fn occupancy(&self) -> f64 {
        if self.agents == 0 {
            return 0.0;
        }
        self.mean_in_service / (f64::from(self.agents) * f64::from(self.max_chats))
    }

    /// Mean chats an agent holds, `E[chats in service] / N`.
    pub fn mean_chats_per_agent(&self) -> f64 {
        if self.agents == 0 {
            return 0.0;
        }
        self.mean_in_service / f64::from(self.agents)
    }

    /// Share of agents holding 0, 1, …, k chats (index = chats).
    pub fn level_shares(&self) -> &[f64] {
        &self.level_shares
    }

    /// Chats finished per second, `Σ π·(completion rate)`: equals
    /// `λ·(1 − P(abandon))` in balance.
    pub fn throughput_per_s(&self) -> f64 {
        self.throughput
    }

    /// Every KPI at this staffing, the service level within `threshold_s`.
    pub fn kpis(&self, threshold_s: f64) -> ChatKpis {
        ChatKpis {
            kpis: Kpis {
                agents: self.agents,
                offered_load_erlangs: self.arrival_rate * self.aht_s,
                blocking_no_queue: self.full_share,
                prob_wait: self.prob_wait(),
                prob_abandon: self.prob_abandon(),
                service_level: self.service_level(threshold_s),
                service_level_threshold_s: threshold_s,
                asa_answered_s: self.asa_answered_s(),
                mean_wait_all_s: self.mean_wait_all_s(),
                occupancy: self.occupancy(),
                mean_queue_length: self.mean_queue_length(),
            },
            mean_chats_per_agent: self.mean_chats_per_agent(),
            agent_level_shares: self.level_shares.clone(),
            states: self.states,
        }
    }
}

/// The factors checked, all 1 when none are given.
fn checked_factors(max_chats: u32, factors: &[f64]) -> Result<Vec<f64>, ChatError> {
    if !(1..=MAX_CHATS).contains(&max_chats) {
        return Err(ChatError::MaxChats { value: max_chats });
    }
    if factors.is_empty() {
        return Ok(vec![1.0; max_chats as usize]);
    }
    if factors.len() != max_chats as usize {
        return Err(ChatError::FactorCount {
            given: factors.len(),
            max_chats,
        });
    }
    for (i, &f) in factors.iter().enumerate() {
        if !(f.is_finite() && f > 0.0 && f <= 1000.0) {
            return Err(ChatError::Factor {
                level: i + 1,
                value: f,
            });
        }
    }
    Ok(factors.to_vec())
}

/// `C(N+k, k)`, refused above [`MAX_CHAT_STATES`] before anything is allocated.
fn state_count(agents: u32, max_chats: u32) -> Result<u64, ChatError> {
    let mut count: u128 = 1;
    for i in 1..=u128::from(max_chats) {
        // C(N+i, i) = C(N+i−1, i−1)·(N+i)/i, exact at every step.
        count = count * (u128::from(agents) + i) / i;
        if count > u128::from(MAX_CHAT_STATES) {
            let states = if i == u128::from(max_chats) {
                count.to_string()
            } else {
                "more than 2000000".to_string()
            };
            return Err(ChatError::TooManyStates {
                agents,
                max_chats,
                states,
            });
        }
    }
    Ok(count as u64)
}

/// The fewest agents for which the chat queue without patience is stable:
/// the smallest N with `N·k/(h·f_k) > λ`. An empty `factors` means all 1.
pub fn min_stable_chat_agents(traffic: &Traffic, max_chats: u32, factors: &[f64]) -> u32 {
    let f_k = factors.last().copied().unwrap_or(1.0);
    let load = traffic.arrival_rate_per_s() * traffic.aht_s() * f_k / f64::from(max_chats.max(1));
    load.floor() as u32 + 1
}

/// Erlang C's geometric queue behind the full state: `π(full, j) =
/// π(full, 0)·ρ^j`, the no-queue states weighted 1 against `B_chat·ρ/(1−ρ)`.
fn patient_tail(lambda: f64, full_rate: f64, full_share: f64) -> Tail {
    if lambda == 0.0 {
        return Tail::Patient {
            prob_wait: 0.0,
            drain_rate: full_rate,
            mean_queue: 0.0,
            no_queue_share: 1.0,
        };
    }
    let rho = lambda / full_rate;
    let no_queue_share = 1.0 / (1.0 + full_share * rho / (1.0 - rho));
    let full_empty = full_share * no_queue_share;
    Tail::Patient {
        prob_wait: (full_empty / (1.0 - rho)).min(1.0),
        drain_rate: full_rate - lambda,
        mean_queue: full_empty * rho / ((1.0 - rho) * (1.0 - rho)),
        no_queue_share,
    }
}

/// A no-queue state: how many agents hold 0, 1, …, k chats, walked in
/// lexicographic order of `(n_0, …, n_k)` from `(0, …, 0, N)` (the full
/// state, index 0) to `(N, 0, …, 0)`.
struct Composition {
    counts: Vec<u32>,
}

impl Composition {
    fn first(agents: u32, max_chats: usize) -> Self {
        let mut counts = vec![0; max_chats + 1];
        counts[max_chats] = agents;
        Self { counts }
    }

    /// The next state in order: the last position that can grow takes one
    /// agent from the positions after it, which restart as `(0, …, 0, rest)`.
    /// Returns `false` past the last state.
    fn advance(&mut self) -> bool {
        let k = self.counts.len() - 1;
        let mut suffix = self.counts[k];
        for i in (0..k).rev() {
            if suffix > 0 {
                self.counts[i] += 1;
                self.counts[i + 1..].iter_mut().for_each(|c| *c = 0);
                self.counts[k] = suffix - 1;
                return true;
            }
            suffix += self.counts[i];
        }
        false
    }
}

/// `C(r + p, p)` for `r ≤ N`, `p ≤ k`, tabled for ranking states.
struct Binomials {
    agents: usize,
    table: Vec<u64>,
}

impl Binomials {
    fn new(agents: usize, max_chats: usize) -> Self {
        let width = agents + 1;
        let mut table = vec![1u64; width * (max_chats + 1)];
        for p in 1..=max_chats {
            for r in 1..=agents {
                // C(r+p, p) = C(r+p−1, p) + C(r+p−1, p−1)
                table[p * width + r] = table[p * width + r - 1] + table[(p - 1) * width + r];
            }
        }
        Self { agents, table }
    }

    fn get(&self, r: usize, p: usize) -> u64 {
        self.table[p * (self.agents + 1) + r]
    }

    /// The index of `counts` in the walk of [`Composition`]: for each
    /// position, the states with a smaller count there (a hockey-stick sum).
    fn rank(&self, counts: &[u32]) -> usize {
        let k = counts.len() - 1;
        let mut rest = self.agents;
        let mut rank = 0;
        for (i, &n) in counts[..k].iter().enumerate() {
            let (n, p) = (n as usize, k - i);
            rank += self.get(rest, p) - self.get(rest - n, p);
            rest -= n;
        }
        rank as usize
    }
}

/// The no-queue chain with arrivals at the full state blocked, as incoming
/// transitions per state (what Gauss–Seidel reads). States are stored in
/// *slots* sorted by chats in service, so that a sweep walks memory in
/// order and a state's neighbours (one level up or down) are near it.
struct Chain {
    agents: u32,
    max_chats: usize,
    states: usize,
    arrival_rate: f64,
    /// The slot of each state, by its rank in the walk of [`Composition`].
    slot: Vec<u32>,
    in_start: Vec<u32>,
    in_from: Vec<u32>,
    in_rate: Vec<f64>,
    out_rate: Vec<f64>,
    /// Where each level (chats in service) starts among the slots.
    level_start: Vec<usize>,
}

impl Chain {
    fn build(agents: u32, max_chats: usize, lambda: f64, rates: &[f64]) -> Self {
        let binomials = Binomials::new(agents as usize, max_chats);
        let states = binomials.get(agents as usize, max_chats) as usize;
        let (slot, level_start) = level_slots(agents, max_chats, states);
        let mut in_count = vec![0u32; states + 1];
        let mut out_rate = vec![0.0; states];
        let at = |rank: usize| slot[rank] as usize;
        for_each_transition(
            agents,
            max_chats,
            lambda,
            rates,
            &binomials,
            |from, to, rate| {
                in_count[at(to)] += 1;
                out_rate[at(from)] += rate;
            },
        );
        let mut in_start = vec![0u32; states + 1];
        for i in 0..states {
            in_start[i + 1] = in_start[i] + in_count[i];
        }
        let edges = in_start[states] as usize;
        let mut fill: Vec<u32> = in_start[..states].to_vec();
        let mut in_from = vec![0u32; edges];
        let mut in_rate = vec![0.0; edges];
        for_each_transition(
            agents,
            max_chats,
            lambda,
            rates,
            &binomials,
            |from, to, rate| {
                let edge = fill[at(to)] as usize;
                in_from[edge] = at(from) as u32;
                in_rate[edge] = rate;
                fill[at(to)] += 1;
            },
        );
        Self {
            agents,
            max_chats,
            states,
            arrival_rate: lambda,
            slot,
            in_start,
            in_from,
            in_rate,
            out_rate,
            level_start,
        }
    }

    /// The slot of the state of rank `rank`.
    fn slot_of(&self, rank: usize) -> usize {
        self.slot[rank] as usize
    }

    /// The stationary distribution, the cycles it took and its residual.
    fn solve(&self) -> Result<(Vec<f64>, usize, f64), ChatError> {
        let n = self.states;
        if n == 1 || self.arrival_rate == 0.0 {
            // One state (no agent), or no traffic: everyone idle, the last state.
            let mut pi = vec![0.0; n];
            pi[self.slot_of(n - 1)] = 1.0;
            return Ok((pi, 0, 0.0));
        }
        let mut pi = vec![1.0 / n as f64; n];
        let mut residual = f64::INFINITY;
        for cycle in 0..MAX_CYCLES {
            self.aggregate(&mut pi);
            self.sweep(&mut pi, false);
            self.sweep(&mut pi, true);
            normalise(&mut pi);
            residual = self.residual(&pi);
            if residual <= CONVERGENCE_TOLERANCE {
                return Ok((pi, cycle + 1, residual));
            }
        }
        Err(ChatError::NotConverged {
            states: n,
            cycles: MAX_CYCLES,
            residual,
        })
    }

    /// `Σ_y π(y)·q(y, x)`.
    fn inflow(&self, pi: &[f64], x: usize) -> f64 {
        let (a, b) = (self.in_start[x] as usize, self.in_start[x + 1] as usize);
        self.in_from[a..b]
            .iter()
            .zip(&self.in_rate[a..b])
            .map(|(&y, &r)| pi[y as usize] * r)
            .sum()
    }

    /// One Gauss–Seidel sweep in order of chats in service (descending when `back`).
    fn sweep(&self, pi: &mut [f64], back: bool) {
        let step = |x: usize| {
            let out = self.out_rate[x];
            if out > 0.0 {
                pi[x] = self.inflow(pi, x) / out;
            }
        };
        if back {
            (0..self.states).rev().for_each(step);
        } else {
            (0..self.states).for_each(step);
        }
    }

    /// Sets each level's mass (chats in service) to the exact solution of the
    /// birth–death chain of levels: births λ below full, deaths at the
    /// current mean completion rate of the level.
    fn aggregate(&self, pi: &mut [f64]) {
        let levels = self.level_start.len() - 1;
        let top = levels - 1;
        let mut mass = vec![0.0; levels];
        let mut log_weight = vec![0.0; levels];
        for s in 1..levels {
            let (mut m, mut d, mut d_flat) = (0.0, 0.0, 0.0);
            let members = self.level_start[s]..self.level_start[s + 1];
            for x in members.clone() {
                let death = self.out_rate[x] - self.arrival_rate * f64::from(s < top);
                m += pi[x];
                d += pi[x] * death;
                d_flat += death;
            }
            mass[s] = m;
            let death = if m > 0.0 {
                d / m
            } else {
                d_flat / members.len() as f64
            };
            log_weight[s] = log_weight[s - 1] + (self.arrival_rate / death).ln();
        }
        mass[0] = pi[self.level_start[0]..self.level_start[1]].iter().sum();
        let peak = log_weight.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let total: f64 = log_weight.iter().map(|w| (w - peak).exp()).sum();
        for s in 0..levels {
            let target = (log_weight[s] - peak).exp() / total;
            let members = &mut pi[self.level_start[s]..self.level_start[s + 1]];
            if mass[s] > 0.0 {
                let scale = target / mass[s];
                members.iter_mut().for_each(|p| *p *= scale);
            } else {
                let even = target / members.len() as f64;
                members.iter_mut().for_each(|p| *p = even);
            }
        }
    }

    /// `Σ_x |inflow(x) − π(x)·out(x)| / Σ_x π(x)·out(x)`.
    fn residual(&self, pi: &[f64]) -> f64 {
        let (mut error, mut flow) = (0.0, 0.0);
        for x in 0..self.states {
            let out = pi[x] * self.out_rate[x];
            error += (self.inflow(pi, x) - out).abs();
            flow += out;
        }
        if flow > 0.0 { error / flow } else { 0.0 }
    }
}

/// Each state's slot (states sorted by chats in service, in walk order
/// within a level) and where each level starts.
fn level_slots(agents: u32, max_chats: usize, states: usize) -> (Vec<u32>, Vec<usize>) {
    let mut level = vec![0u32; states];
    let mut state = Composition::first(agents, max_chats);
    for l in level.iter_mut() {
        *l = state
            .counts
            .iter()
            .enumerate()
            .map(|(c, &n)| c as u32 * n)
            .sum();
        state.advance();
    }
    let levels = agents as usize * max_chats + 1;
    let mut level_start = vec![0usize; levels + 1];
    for &l in &level {
        level_start[l as usize + 1] += 1;
    }
    for s in 0..levels {
        level_start[s + 1] += level_start[s];
    }
    let mut next = level_start.clone();
    let slot = level
        .iter()
        .map(|&l| {
            let at = next[l as usize];
            next[l as usize] += 1;
            at as u32
        })
        .collect();
    (slot, level_start)
}

fn normalise(pi: &mut [f64]) {
    let total: f64 = pi.iter().sum();
    pi.iter_mut().for_each(|p| *p /= total);
}

/// Calls `visit(from, to, rate)` for every transition of the no-queue chain,
/// arrivals at the full state left out (they enter the queue).
fn for_each_transition(
    agents: u32,
    max_chats: usize,
    lambda: f64,
    rates: &[f64],
    binomials: &Binomials,
    mut visit: impl FnMut(usize, usize, f64),
) {
    if agents == 0 {
        return;
    }
    let mut state = Composition::first(agents, max_chats);
    let mut from = 0;
    loop {
        let counts = &mut state.counts;
        let least = counts.iter().position(|&n| n > 0).unwrap_or(max_chats);
        if least < max_chats && lambda > 0.0 {
            counts[least] -= 1;
            counts[least + 1] += 1;
            visit(from, binomials.rank(counts), lambda);
            counts[least + 1] -= 1;
            counts[least] += 1;
        }
        for l in 1..=max_chats {
            let n = counts[l];
            if n == 0 {
                continue;
            }
            counts[l] -= 1;
            counts[l - 1] += 1;
            visit(
                from,
                binomials.rank(counts),
                f64::from(n) * l as f64 * rates[l - 1],
            );
            counts[l - 1] -= 1;
            counts[l] += 1;
        }
        from += 1;
        if !state.advance() {
            break;
        }
    }
}

mod staffing;

pub use staffing::{ChatCenter, required_chat_agents};

#[cfg(test)]
mod tests;
