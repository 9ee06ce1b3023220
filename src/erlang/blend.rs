//! Outbound blending with a threshold policy: an exact Markov chain (the
//! analytic companion of the simulator's outbound campaign, built to this
//! same model).
//!
//! `N` agents serve inbound and outbound. Inbound calls arrive Poisson at
//! rate λ, are handled in an exponential time of mean `h_in` and wait, when
//! every agent is busy, in one first-come queue, giving up after an
//! exponential patience of mean `1/θ` (none: θ = 0, which needs
//! `λ·h_in < N`). A dialer with an unlimited list keeps, after every event,
//! at least `idle − K` dials in progress (`K` =
//! `dial_when_idle_agents_above`, `0 ≤ K < N`); dials are never cancelled.
//! A dial rings an exponential time of mean `dial_s`, then is answered with
//! probability `r`: a reached party goes at once to an idle agent (outbound
//! talk exponential, mean `h_out`) or, with none idle, is a *nuisance call*
//! (dropped at once). A freed agent takes a waiting inbound call first.
//!
//! **The chain.** State `(i, o, d, q)`: inbound and outbound calls in
//! talk, dials ringing, inbound waiting; `q > 0` only when `i + o = N`, and
//! `max(0, N − i − o − K) ≤ d ≤ N − K`. From a state (idle `= N − i − o`),
//! each target then topped up to `d = max(d, idle − K)`:
//!
//! ```text
//! arrival        λ                 idle > 0: i+1; else q+1
//! inbound end    i/h_in            q > 0: q−1 (the agent takes the head); else i−1
//! outbound end   o/h_out           q > 0: i+1, o−1, q−1; else o−1
//! dial end       d/dial_s          reached and idle > 0 (prob r): o+1, d−1; else d−1
//! abandonment    q·θ               q−1
//! ```
//!
//! **Truncation.** The queue is cut at `Q`: while anyone waits the agents
//! finish at least `N·min(1/h_in, 1/h_out)` per second, so the level masses
//! fall at least as fast as `Π λ/(N·μ_min + jθ)` once that ratio is below
//! one; with no patience the outbound agents drain into inbound ones and the
//! tail ratio tends to `λ·h_in/N`. `Q` is chosen where that product falls
//! below 1e-18, and after solving the mass at `q = Q` is checked to be below
//! [`TAIL_TOLERANCE`]: otherwise the answer is refused
//! ([`BlendError::NotConverged`]) rather than returned truncated.
//!
//! **Solving.** Gauss–Seidel sweeps of the balance equations, each cycle
//! preceded by an exact aggregation step: the calls in the system
//! `n = i + o + q` move by ±1 only, so their levels make a birth–death chain
//! whose masses are set exactly from the current conditional rates (the slow
//! mode plain sweeps would crawl through). It stops when the relative
//! residual is below [`CONVERGENCE_TOLERANCE`](super::CONVERGENCE_TOLERANCE).
//!
//! **The inbound wait** (PASTA: an arrival sees the time-average state). An
//! arrival finding an idle agent is answered at once. One finding
//! `(N − o, o, d, q)` waits behind `m = q` callers: only `(o, m)` matters to
//! it (dials cannot take an agent while anyone waits, and callers behind it
//! never pass it). From `(o, m)`, at total rate
//! `R = (N − o)/h_in + o/h_out + (m + 1)·θ`: an agent frees (an outbound one
//! at `o/h_out`: `o−1`) and takes the head, `m−1` — or the caller itself
//! when `m = 0`, answered; one ahead gives up at `m·θ`, `m−1`; it gives up
//! at θ. That phase-type absorption (acyclic: `o` and `m` only fall) gives
//! P(answered), E[wait; answered] by a recursion in `m`, and P(answered
//! within T) by uniformisation.

use serde::Serialize;
use thiserror::Error;

use super::chat::CONVERGENCE_TOLERANCE;
use super::erlang_a::ErlangA;
use super::erlang_c::ErlangC;
use super::error::{ErlangError, check};
use super::kpis::check_agents;
use super::traffic::Traffic;

/// The most states solved; a center above it is for `callsim simulate`.
pub const MAX_BLEND_STATES: usize = 2_000_000;
/// The most mass the truncated queue level may hold.
pub const TAIL_TOLERANCE: f64 = 1e-15;
const MAX_CYCLES: usize = 20_000;

/// Why the blending chain cannot be solved.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum BlendError {
    #[error(transparent)]
    Erlang(#[from] ErlangError),

    #[error(
        "dial_when_idle_agents_above (K) must be below the agents ({agents}), got {value}: the dialer dials while more than K agents are idle"
    )]
    Threshold { agents: u32, value: u32 },

    #[error(
        "{agents} agents blending inbound and outbound make about {states} states, above the exact blending model's limit of {MAX_BLEND_STATES}: simulate a center this size with `callsim simulate`"
    )]
    TooManyStates { agents: u32, states: usize },

    #[error(
        "the inbound queue is unstable: {agents} agents cannot keep up with {load:.2} Erlangs of inbound even without outbound, so the queue grows without bound; at least {needed} agents are needed (or give a patience)"
    )]
    Unstable { agents: u32, load: f64, needed: u32 },

    #[error(
        "the blending chain of {states} states did not converge: after {cycles} cycles its relative residual is {residual:.1e} and its truncated queue level holds {tail:.1e} (limits {CONVERGENCE_TOLERANCE:e} and {TAIL_TOLERANCE:e})"
    )]
    NotConverged {
        states: usize,
        cycles: usize,
        residual: f64,
        tail: f64,
    },
}

/// The outbound side of a blended center.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Dialer {
    /// `K`: dial while more than K agents are idle.
    pub dial_when_idle_agents_above: u32,
    /// Mean ringing time of a dial, seconds.
    pub dial_s: f64,
    /// Probability that a dial is answered, in [0, 1].
    pub reach_prob: f64,
    /// Mean outbound talk time, seconds.
    pub outbound_aht_s: f64,
}

/// Every KPI of a blended center, the service level within `service_level_threshold_s`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlendKpis {
    pub agents: u32,
    pub dial_when_idle_agents_above: u32,
    /// Inbound callers answered within the threshold, over all arrivals.
    pub service_level: f64,
    pub service_level_threshold_s: f64,
    /// Inbound callers who find every agent busy.
    pub prob_wait: f64,
    /// Mean wait of the answered inbound calls.
    pub asa_answered_s: Option<f64>,
    pub prob_abandon: f64,
    pub mean_queue_length: f64,
    pub dials_per_hour: f64,
    pub reaches_per_hour: f64,
    pub connects_per_hour: f64,
    pub nuisance_per_hour: f64,
    /// Nuisance calls over reached parties.
    pub nuisance_rate: f64,
    pub inbound_occupancy: f64,
    pub outbound_occupancy: f64,
    /// The same inbound KPIs with no outbound (Erlang A, or C without patience).
    pub without_outbound: InboundKpis,
    /// `without_outbound.service_level − service_level`.
    pub service_level_lost: f64,
    pub states: usize,
}

/// The inbound KPIs of the center with no outbound.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InboundKpis {
    pub service_level: f64,
    pub prob_wait: f64,
    pub asa_answered_s: Option<f64>,
    pub prob_abandon: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct State {
    inbound: u32,
    outbound: u32,
    dials: u32,
    queue: u32,
}

/// The chain's transitions, stored by target for Gauss–Seidel.
struct Chain {
    states: Vec<State>,
    /// Incoming `(source, rate)` of each state, CSR.
    in_start: Vec<usize>,
    in_from: Vec<u32>,
    in_rate: Vec<f64>,
    out_rate: Vec<f64>,
    /// Rates to the level above and below (`n = i + o + q`).
    up: Vec<f64>,
    down: Vec<f64>,
    level: Vec<u32>,
    levels: usize,
}

struct Rates {
    agents: u32,
    above: u32,
    lambda: f64,
    end_in: f64,
    end_out: f64,
    dial_end: f64,
    reach: f64,
    theta: f64,
    max_queue: u32,
}

impl Rates {
    /// The state after the dialer tops its dials up.
    fn topped(&self, mut s: State) -> State {
        let idle = self.agents - s.inbound - s.outbound;
        s.dials = s.dials.max(idle.saturating_sub(self.above));
        s
    }

    /// Every transition out of `s`: `(target, rate, level step)`.
    fn each(&self, s: State, mut visit: impl FnMut(State, f64, i32)) {
        let idle = self.agents - s.inbound - s.outbound;
        let f = |i: u32, o: u32, d: u32, q: u32| State {
            inbound: i,
            outbound: o,
            dials: d,
            queue: q,
        };
        let (i, o, d, q) = (s.inbound, s.outbound, s.dials, s.queue);
        if idle > 0 {
            visit(self.topped(f(i + 1, o, d, 0)), self.lambda, 1);
        } else if q < self.max_queue {
            visit(f(i, o, d, q + 1), self.lambda, 1);
        }
        if i > 0 {
            let to = if q > 0 {
                f(i, o, d, q - 1)
            } else {
                self.topped(f(i - 1, o, d, 0))
            };
            visit(to, f64::from(i) * self.end_in, -1);
        }
        if o > 0 {
            let to = if q > 0 {
                f(i + 1, o - 1, d, q - 1)
            } else {
                self.topped(f(i, o - 1, d, 0))
            };
            visit(to, f64::from(o) * self.end_out, -1);
        }
        if d > 0 {
            let rate = f64::from(d) * self.dial_end;
            let connect = if idle > 0 { self.reach } else { 0.0 };
            if connect > 0.0 {
                visit(self.topped(f(i, o + 1, d - 1, q)), rate * connect, 1);
            }
            if connect < 1.0 {
                visit(self.topped(f(i, o, d - 1, q)), rate * (1.0 - connect), 0);
            }
        }
        if q > 0 && self.theta > 0.0 {
            visit(f(i, o, d, q - 1), f64::from(q) * self.theta, -1);
        }
    }

    /// Every valid state, in order of calls in the system.
    fn enumerate(&self) -> Vec<State> {
        let (n, k) = (self.agents, self.above);
        let mut states = Vec::new();
        for busy in 0..=n {
            for i in 0..=busy {
                let o = busy - i;
                let low = (n - busy).saturating_sub(k);
                for d in low..=(n - k) {
                    states.push(State {
                        inbound: i,
                        outbound: o,
                        dials: d,
                        queue: 0,
                    });
                }
            }
        }
        for q in 1..=self.max_queue {
            for i in 0..=n {
                for d in 0..=(n - k) {
                    states.push(State {
                        inbound: i,
                        outbound: n - i,
                        dials: d,
                        queue: q,
                    });
                }
            }
        }
        states
    }
}

impl Chain {
    fn build(rates: &Rates) -> Self {
        let states = rates.enumerate();
        let index: std::collections::HashMap<State, u32> = states
            .iter()
            .enumerate()
            .map(|(x, &s)| (s, x as u32))
            .collect();
        let count = states.len();
        let mut edges: Vec<(u32, u32, f64)> = Vec::with_capacity(count * 6);
        let (mut out_rate, mut up, mut down) =
            (vec![0.0; count], vec![0.0; count], vec![0.0; count]);
        for (x, &s) in states.iter().enumerate() {
            rates.each(s, |to, rate, step| {
                let y = index[&to];
                if y as usize == x {
                    return;
                }
                edges.push((y, x as u32, rate));
                out_rate[x] += rate;
                match step {
                    1 => up[x] += rate,
                    -1 => down[x] += rate,
                    _ => {}
                }
            });
        }
        edges.sort_unstable_by_key(|e| e.0);
        let mut in_start = vec![0; count + 1];
        for e in &edges {
            in_start[e.0 as usize + 1] += 1;
        }
        for x in 0..count {
            in_start[x + 1] += in_start[x];
        }
        let level: Vec<u32> = states
            .iter()
            .map(|s| s.inbound + s.outbound + s.queue)
            .collect();
        let levels = (rates.agents + rates.max_queue + 1) as usize;
        Self {
            in_from: edges.iter().map(|e| e.1).collect(),
            in_rate: edges.iter().map(|e| e.2).collect(),
            states,
            in_start,
            out_rate,
            up,
            down,
            level,
            levels,
        }
    }

    fn inflow(&self, pi: &[f64], x: usize) -> f64 {
        (self.in_start[x]..self.in_start[x + 1])
            .map(|e| pi[self.in_from[e] as usize] * self.in_rate[e])
            .sum()
    }

    fn sweep(&self, pi: &mut [f64], back: bool) {
        let count = pi.len();
        for step in 0..count {
            let x = if back { count - 1 - step } else { step };
            if self.out_rate[x] > 0.0 {
                pi[x] = self.inflow(pi, x) / self.out_rate[x];
            }
        }
    }

    /// Sets the level masses exactly from the current conditional rates.
    #[allow(clippy::needless_range_loop)] // pi and the per-state rates share the index
    fn aggregate(&self, pi: &mut [f64]) {
        let mut mass = vec![0.0; self.levels];
        let mut up = vec![0.0; self.levels];
        let mut down = vec![0.0; self.levels];
        for x in 0..pi.len() {
            let l = self.level[x] as usize;
            mass[l] += pi[x];
            up[l] += pi[x] * self.up[x];
            down[l] += pi[x] * self.down[x];
        }
        let mut target = vec![0.0; self.levels];
        target[0] = 1.0;
        for l in 1..self.levels {
            target[l] = if down[l] > 0.0 && mass[l - 1] > 0.0 {
                target[l - 1] * (up[l - 1] / mass[l - 1]) / (down[l] / mass[l])
            } else {
                0.0
            };
        }
        for x in 0..pi.len() {
            let l = self.level[x] as usize;
            if mass[l] > 0.0 {
                pi[x] *= target[l] / mass[l];
            }
        }
        normalise(pi);
    }

    fn residual(&self, pi: &[f64]) -> f64 {
        let mut gap = 0.0;
        let mut flow = 0.0;
        for (x, &p) in pi.iter().enumerate() {
            gap += (self.inflow(pi, x) - p * self.out_rate[x]).abs();
            flow += p * self.out_rate[x];
        }
        if flow > 0.0 { gap / flow } else { 0.0 }
    }

    fn solve(&self) -> (Vec<f64>, usize, f64) {
        let mut pi = vec![1.0 / self.states.len() as f64; self.states.len()];
        let mut residual = f64::INFINITY;
        for cycle in 1..=MAX_CYCLES {
            self.aggregate(&mut pi);
            self.sweep(&mut pi, false);
            self.sweep(&mut pi, true);
            normalise(&mut pi);
            if cycle % 4 == 0 || cycle < 4 {
                residual = self.residual(&pi);
                if residual < CONVERGENCE_TOLERANCE {
                    return (pi, cycle, residual);
                }
            }
        }
        (pi, MAX_CYCLES, residual)
    }
}

fn normalise(pi: &mut [f64]) {
    let total: f64 = pi.iter().sum();
    if total > 0.0 {
        pi.iter_mut().for_each(|p| *p /= total);
    }
}

/// A blended center solved exactly: see the module docs (`erlang::blend`).
#[derive(Debug, Clone)]
pub struct Blending {
    agents: u32,
    dialer: Dialer,
    traffic: Traffic,
    patience_s: Option<f64>,
    states: usize,
    cycles: usize,
    residual: f64,
    /// `π` of "every agent busy, `o` outbound, `q` waiting", by `[o][q]`.
    busy_mass: Vec<Vec<f64>>,
    end_in: f64,
    end_out: f64,
    theta: f64,
    prob_wait: f64,
    mean_queue: f64,
    dial_rate: f64,
    connect_rate: f64,
    mean_inbound: f64,
    mean_outbound: f64,
}

impl Blending {
    /// Solves the blended center: `agents` agents, inbound `traffic`
    /// (its AHT is the inbound handle time), inbound patience `patience_s`
    /// (`None`: nobody hangs up), the outbound `dialer`.
    pub fn new(
        traffic: &Traffic,
        agents: u32,
        patience_s: Option<f64>,
        dialer: Dialer,
    ) -> Result<Self, BlendError> {
        let rates = checked_rates(traffic, agents, patience_s, &dialer)?;
        let chain = Chain::build(&rates);
        let (pi, cycles, residual) = chain.solve();
        let tail: f64 = chain
            .states
            .iter()
            .zip(&pi)
            .filter(|(s, _)| s.queue == rates.max_queue && s.queue > 0)
            .map(|(_, p)| p)
            .sum();
        if residual.is_nan() || residual >= CONVERGENCE_TOLERANCE || tail > TAIL_TOLERANCE {
            return Err(BlendError::NotConverged {
                states: chain.states.len(),
                cycles,
                residual,
                tail,
            });
        }
        let mut solved = Self {
            agents,
            dialer,
            traffic: *traffic,
            patience_s,
            states: chain.states.len(),
            cycles,
            residual,
            busy_mass: vec![vec![0.0; rates.max_queue as usize + 1]; agents as usize + 1],
            end_in: rates.end_in,
            end_out: rates.end_out,
            theta: rates.theta,
            prob_wait: 0.0,
            mean_queue: 0.0,
            dial_rate: 0.0,
            connect_rate: 0.0,
            mean_inbound: 0.0,
            mean_outbound: 0.0,
        };
        solved.absorb(&chain.states, &pi, &rates);
        Ok(solved)
    }

    /// The time averages the KPIs need.
    fn absorb(&mut self, states: &[State], pi: &[f64], rates: &Rates) {
        for (s, &p) in states.iter().zip(pi) {
            let busy = s.inbound + s.outbound == self.agents;
            if busy {
                self.busy_mass[s.outbound as usize][s.queue as usize] += p;
                self.prob_wait += p;
            }
            self.mean_queue += p * f64::from(s.queue);
            let dials = p * f64::from(s.dials) * rates.dial_end;
            self.dial_rate += dials;
            if !busy {
                self.connect_rate += dials * rates.reach;
            }
            self.mean_inbound += p * f64::from(s.inbound);
            self.mean_outbound += p * f64::from(s.outbound);
        }
    }

    pub fn agents(&self) -> u32 {
        self.agents
    }

    pub fn dialer(&self) -> Dialer {
        self.dialer
    }

    /// States of the truncated chain solved.
    pub fn states(&self) -> usize {
        self.states
    }

    /// Gauss–Seidel cycles the solution took.
    pub fn cycles(&self) -> usize {
        self.cycles
    }

    /// The relative residual reached.
    pub fn residual(&self) -> f64 {
        self.residual
    }

    /// Inbound callers who find every agent busy.
    pub fn prob_wait(&self) -> f64 {
        self.prob_wait
    }

    pub fn mean_queue_length(&self) -> f64 {
        self.mean_queue
    }

    /// Inbound callers who give up: `θ·E[q]/λ`.
    pub fn prob_abandon(&self) -> f64 {
        let lambda = self.traffic.arrival_rate_per_s();
        if lambda == 0.0 {
            return 0.0;
        }
        self.theta * self.mean_queue / lambda
    }

    /// Dials started (= ended) per second.
    pub fn dials_per_s(&self) -> f64 {
        self.dial_rate
    }

    /// Reached parties per second.
    pub fn reaches_per_s(&self) -> f64 {
        self.dial_rate * self.dialer.reach_prob
    }

    /// Reached parties who got an agent, per second.
    pub fn connects_per_s(&self) -> f64 {
        self.connect_rate
    }

    /// Reached parties with no agent free, dropped, per second.
    pub fn nuisance_per_s(&self) -> f64 {
        (self.reaches_per_s() - self.connect_rate).max(0.0)
    }

    /// Share of agent time on inbound, `E[i]/N`.
    pub fn inbound_occupancy(&self) -> f64 {
        self.mean_inbound / f64::from(self.agents)
    }

    /// Share of agent time on outbound, `E[o]/N`.
    pub fn outbound_occupancy(&self) -> f64 {
        self.mean_outbound / f64::from(self.agents)
    }

    /// Inbound calls answered per second, `Σ π·i/h_in` (in balance `λ − abandons`).
    pub fn inbound_throughput_per_s(&self) -> f64 {
        self.mean_inbound * self.end_in
    }

    /// Outbound talks ended per second, `E[o]/h_out` (in balance the connects).
    pub fn outbound_throughput_per_s(&self) -> f64 {
        self.mean_outbound * self.end_out
    }

    /// The tagged caller's exit rates from `(o, m)`: (agent frees, its own
    /// abandonment, total).
    fn exits(&self, o: usize, m: usize) -> (f64, f64, f64, f64) {
        let i = self.agents as usize - o;
        let free_in = i as f64 * self.end_in;
        let free_out = o as f64 * self.end_out;
        let total = free_in + free_out + (m as f64 + 1.0) * self.theta;
        (free_in, free_out, m as f64 * self.theta, total)
    }

    /// For each `(o, m)`: P(answered), E[wait; answered]: a recursion in `m`
    /// (the chain only moves to `m − 1`, or to `o − 1` at `m − 1`).
    fn answered_moments(&self) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let depth = self.busy_mass[0].len();
        let n = self.agents as usize + 1;
        let mut answered = vec![vec![0.0; depth]; n];
        let mut wait = vec![vec![0.0; depth]; n];
        for m in 0..depth {
            for o in 0..n {
                let (free_in, free_out, ahead, total) = self.exits(o, m);
                if total == 0.0 {
                    continue;
                }
                let (a, t) = if m == 0 {
                    ((free_in + free_out) / total, 0.0)
                } else {
                    let same = free_in + ahead;
                    let mut a = same * answered[o][m - 1];
                    let mut t = same * wait[o][m - 1];
                    if o > 0 {
                        a += free_out * answered[o - 1][m - 1];
                        t += free_out * wait[o - 1][m - 1];
                    }
                    (a / total, t / total)
                };
                answered[o][m] = a;
                wait[o][m] = a / total + t;
            }
        }
        (answered, wait)
    }

    /// Inbound callers answered, over all arrivals.
    pub fn prob_answered(&self) -> f64 {
        let (answered, _) = self.answered_moments();
        1.0 - self.prob_wait + self.weighted(&answered)
    }

    /// Mean wait of the answered inbound calls; `None` when none is answered.
    pub fn asa_answered_s(&self) -> Option<f64> {
        let (answered, wait) = self.answered_moments();
        let share = 1.0 - self.prob_wait + self.weighted(&answered);
        (share > 0.0).then(|| self.weighted(&wait) / share)
    }

    fn weighted(&self, by_phase: &[Vec<f64>]) -> f64 {
        self.busy_mass
            .iter()
            .zip(by_phase)
            .map(|(row, v)| row.iter().zip(v).map(|(p, x)| p * x).sum::<f64>())
            .sum()
    }

    /// Inbound callers answered within `threshold_s`, over all arrivals:
    /// the tagged caller's phase distribution carried forward by
    /// uniformisation, the answered mass accumulated.
    pub fn service_level(&self, threshold_s: f64) -> f64 {
        self.service_level_and_jumps(threshold_s).0
    }

    /// [`Self::service_level`], and the uniformised jumps it took.
    fn service_level_and_jumps(&self, threshold_s: f64) -> (f64, usize) {
        let immediate = 1.0 - self.prob_wait;
        if self.prob_wait == 0.0 || threshold_s <= 0.0 {
            return (immediate.clamp(0.0, 1.0), 0);
        }
        let depth = self.busy_mass[0].len();
        let n = self.agents as usize + 1;
        let uniform = (0..n)
            .map(|o| self.exits(o, depth - 1).3)
            .fold(0.0, f64::max);
        let mut phase = self.busy_mass.clone();
        let mut next = vec![vec![0.0; depth]; n];
        let mean = uniform * threshold_s;
        // The Poisson weights in logs: e^(−mean) underflows past ~700.
        let mut log_weight = -mean;
        let mut remaining = 1.0;
        let mut answered_by_step = 0.0;
        let mut answered = 0.0;
        let mut step = 0usize;
        loop {
            let weight = log_weight.exp();
            remaining -= weight;
            // P(answered within the step-th jump) weighs with P(N(T) ≥ step).
            answered += weight * answered_by_step;
            // Past the mean the weights fall at least geometrically, by
            // mean / (step + 1) each, so this bounds the rest of the tail.
            // (`remaining`, a difference of sums, cannot: its rounding is
            // about 1e-16, and waiting for it to fall below 1e-17 ran to the
            // ten-millionth jump.)
            let ratio = mean / (step as f64 + 1.0);
            let tail_bound = weight * ratio / (1.0 - ratio);
            if (ratio < 1.0 && tail_bound < 1e-17) || step > 10_000_000 {
                answered += remaining.max(0.0) * answered_by_step;
                break;
            }
            answered_by_step += self.jump(&phase, &mut next, uniform);
            std::mem::swap(&mut phase, &mut next);
            step += 1;
            log_weight += mean.ln() - (step as f64).ln();
        }
        ((immediate + answered).clamp(0.0, 1.0), step)
    }

    /// One uniformised jump of the tagged caller's phases; returns the mass answered.
    fn jump(&self, phase: &[Vec<f64>], next: &mut [Vec<f64>], uniform: f64) -> f64 {
        next.iter_mut().for_each(|row| row.fill(0.0));
        let mut answered = 0.0;
        for (o, row) in phase.iter().enumerate() {
            for (m, &p) in row.iter().enumerate() {
                if p == 0.0 {
                    continue;
                }
                let (free_in, free_out, ahead, total) = self.exits(o, m);
                next[o][m] += p * (1.0 - total / uniform);
                if m == 0 {
                    answered += p * (free_in + free_out) / uniform;
                } else {
                    next[o][m - 1] += p * (free_in + ahead) / uniform;
                    if o > 0 {
                        next[o - 1][m - 1] += p * free_out / uniform;
                    }
                }
            }
        }
        answered
    }

    /// The inbound KPIs with no outbound at all.
    pub fn without_outbound(&self, threshold_s: f64) -> Result<InboundKpis, ErlangError> {
        Ok(match self.patience_s {
            Some(p) => {
                let a = ErlangA::new(&self.traffic, self.agents, p)?;
                InboundKpis {
                    service_level: a.outcomes_at(threshold_s).answered,
                    prob_wait: a.prob_wait(),
                    asa_answered_s: a.asa_answered_s(),
                    prob_abandon: a.prob_abandon(),
                }
            }
            None => {
                let c = ErlangC::new(&self.traffic, self.agents)?;
                InboundKpis {
                    service_level: c.service_level(threshold_s),
                    prob_wait: c.prob_wait(),
                    asa_answered_s: Some(c.asa_s()),
                    prob_abandon: 0.0,
                }
            }
        })
    }

    /// Every KPI, the service level within `threshold_s`.
    pub fn kpis(&self, threshold_s: f64) -> Result<BlendKpis, ErlangError> {
        let without = self.without_outbound(threshold_s)?;
        let service_level = self.service_level(threshold_s);
        let reaches = self.reaches_per_s();
        Ok(BlendKpis {
            agents: self.agents,
            dial_when_idle_agents_above: self.dialer.dial_when_idle_agents_above,
            service_level,
            service_level_threshold_s: threshold_s,
            prob_wait: self.prob_wait,
            asa_answered_s: self.asa_answered_s(),
            prob_abandon: self.prob_abandon(),
            mean_queue_length: self.mean_queue,
            dials_per_hour: self.dial_rate * 3600.0,
            reaches_per_hour: reaches * 3600.0,
            connects_per_hour: self.connect_rate * 3600.0,
            nuisance_per_hour: self.nuisance_per_s() * 3600.0,
            nuisance_rate: if reaches > 0.0 {
                self.nuisance_per_s() / reaches
            } else {
                0.0
            },
            inbound_occupancy: self.inbound_occupancy(),
            outbound_occupancy: self.outbound_occupancy(),
            service_level_lost: without.service_level - service_level,
            without_outbound: without,
            states: self.states,
        })
    }
}

/// The inputs checked and turned into rates, the queue's cut chosen.
fn checked_rates(
    traffic: &Traffic,
    agents: u32,
    patience_s: Option<f64>,
    dialer: &Dialer,
) -> Result<Rates, BlendError> {
    check_agents(agents)?;
    if agents == 0 || dialer.dial_when_idle_agents_above >= agents {
        return Err(BlendError::Threshold {
            agents,
            value: dialer.dial_when_idle_agents_above,
        });
    }
    let theta = match patience_s {
        Some(p) => {
            1.0 / check("patience_s", p, "> 0 and at most 1000000", |v| {
                v > 0.0 && v <= 1e6
            })?
        }
        None => 0.0,
    };
    let dial_s = check("dial_s", dialer.dial_s, "> 0 and at most 1000000", |v| {
        v > 0.0 && v <= 1e6
    })?;
    let reach = check("reach_prob", dialer.reach_prob, "in [0, 1]", |v| {
        (0.0..=1.0).contains(&v)
    })?;
    let h_out = check(
        "outbound_aht_s",
        dialer.outbound_aht_s,
        "> 0 and at most 1000000",
        |v| v > 0.0 && v <= 1e6,
    )?;
    let lambda = traffic.arrival_rate_per_s();
    let load = traffic.offered_load();
    let n = f64::from(agents);
    if theta == 0.0 && load >= n {
        return Err(BlendError::Unstable {
            agents,
            load,
            needed: super::erlang_c::min_stable_agents(load),
        });
    }
    let (end_in, end_out) = (1.0 / traffic.aht_s(), 1.0 / h_out);
    let max_queue = queue_cut(lambda, n, end_in, end_out, theta);
    let above = dialer.dial_when_idle_agents_above;
    let per_level = u64::from(agents + 1) * u64::from(agents - above + 1);
    let states = per_level * (u64::from(agents) + 2) / 2 + per_level * u64::from(max_queue);
    if states > MAX_BLEND_STATES as u64 || max_queue == u32::MAX {
        return Err(BlendError::TooManyStates {
            agents,
            states: states.min(usize::MAX as u64) as usize,
        });
    }
    Ok(Rates {
        agents,
        above,
        lambda,
        end_in,
        end_out,
        dial_end: 1.0 / dial_s,
        reach,
        theta,
        max_queue,
    })
}

/// Where to cut the queue: the level where `Π λ/(N·μ + jθ)` falls below
/// 1e-18, `μ` the slower handle rate (with patience) or the inbound one
/// (without: outbound agents drain into inbound ones while anyone waits),
/// plus `N` levels for the outbound agents to drain. `u32::MAX`: too long.
fn queue_cut(lambda: f64, n: f64, end_in: f64, end_out: f64, theta: f64) -> u32 {
    if lambda == 0.0 {
        return 0;
    }
    let service = if theta > 0.0 {
        n * end_in.min(end_out)
    } else {
        n * end_in
    };
    let mut log_mass = 0.0;
    let mut j = 0u32;
    while log_mass > (1e-18f64).ln() {
        j += 1;
        if j > 5_000_000 {
            return u32::MAX;
        }
        let ratio = lambda / (service + f64::from(j) * theta);
        if ratio < 1.0 {
            log_mass += ratio.ln();
        }
    }
    j + n as u32
}

#[cfg(test)]
mod tests;
