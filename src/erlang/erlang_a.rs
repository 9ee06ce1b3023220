//! Erlang A (M/M/n+M): Erlang C's queue, but each caller hangs up after an
//! exponential patience with mean `1/θ` if not answered by then.
//!
//! The number of callers in the system is a birth–death chain with birth rate
//! λ and death rate `kμ` for `k ≤ n`, `nμ + (k − n)θ` above. Its stationary
//! distribution, relative to the state `n` (all agents busy, nobody waiting):
//!
//! ```text
//! π_k / π_n      = n!/(k!·A^(n−k))                   k ≤ n   (Σ = 1/B, Erlang B)
//! π_(n+j) / π_n  = Π_(i=1..j) λ / (nμ + iθ)          j ≥ 1
//! ```
//!
//! With abandonment the queue is stable for any n, so `n ≤ A` is allowed.
//! From the distribution (PASTA: arrivals see time averages, Little's law):
//!
//! ```text
//! P(wait)    = Σ_(j≥0) π_(n+j)
//! E[queue]   = Σ_(j≥0) j·π_(n+j)
//! P(abandon) = θ·E[queue] / λ
//! mean wait of all callers = E[queue] / λ
//! ```
//!
//! A caller who finds `j` callers waiting ahead reaches an agent after
//! `V = Σ_(i=0..j) Exp(nμ + iθ)`, if its patience lasts that long. Writing
//! `a = nμ/θ`, `e^(−θV)` has the Beta(a, j+1) distribution, which gives exact
//! sums for the service level and the answered callers' wait:
//!
//! ```text
//! P(answered | j)          = a / (a + j + 1)
//! E[V; answered | j]       = a / (a + j + 1) · Σ_(i=0..j) 1 / (θ(a + 1 + i))
//! P(V > t | j)             = P(NB(a, x) ≤ j)           x = e^(−θt)
//! P(answered by t | j)     = a / (a + j + 1) · (1 − P(NB(a + 1, x) ≤ j))
//! P(still waiting at t | j) = x · P(NB(a, x) ≤ j)
//! ```
//!
//! where `NB(r, x)` is the negative binomial count of failures before the r-th
//! success with success probability x. The chain is summed outward from its
//! most likely queue length until the remaining terms, bounded by a geometric
//! series, are below 10⁻¹⁸ of the total: exact to double precision.

use super::erlang_b::blocking;
use super::error::ErlangError;
use super::traffic::Traffic;

/// The most queue states summed before giving up (40 MB per vector).
pub const MAX_QUEUE_STATES: usize = 5_000_000;
const NEGLIGIBLE: f64 = 1e-18;

/// An M/M/n+M queue solved exactly from its birth–death chain.
#[derive(Debug, Clone, PartialEq)]
pub struct ErlangA {
    agents: u32,
    arrival_rate: f64,
    service_rate: f64,
    abandon_rate: f64,
    blocking: f64,
    /// Queue lengths below `first` are negligible (with many more callers than
    /// agents the queue is long): the tails start there, constant below.
    first: usize,
    /// `Σ_(i≥j) π_(n+i)`: probability of finding at least `j` callers waiting
    /// (at `tail_prob[j − first]`).
    tail_prob: Vec<f64>,
    /// `Σ_(i≥j) π_(n+i)·a/(a+i+1)`: arriving behind at least `j` and answered.
    tail_answered: Vec<f64>,
    mean_queue: f64,
    /// `Σ_j π_(n+j)·E[V; answered | j]`: total wait of answered callers per arrival.
    answered_wait: f64,
    /// Share of time with nobody waiting.
    no_queue_share: f64,
}

/// What became of the callers `t` seconds after they arrived (shares of all callers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutcomesAt {
    /// Answered within `t` (including those answered at once).
    pub answered: f64,
    /// Hung up within `t`.
    pub abandoned: f64,
    /// Still waiting at `t`.
    pub waiting: f64,
}

impl ErlangA {
    /// Solves the queue for `agents` agents and callers with mean patience `patience_s`.
    pub fn new(traffic: &Traffic, agents: u32, patience_s: f64) -> Result<Self, ErlangError> {
        super::error::check("patience_s", patience_s, "> 0 and at most 1000000", |v| {
            v > 0.0 && v <= 1e6
        })?;
        let blocking = blocking(agents, traffic.offered_load());
        Self::behind_anchor(
            traffic.arrival_rate_per_s(),
            agents,
            1.0 / traffic.aht_s(),
            1.0 / patience_s,
            blocking,
        )
    }

    /// The queue attached to an *anchor* state in which `agents` servers are
    /// all busy, each finishing at `service_rate`: `anchor` is the anchor's
    /// share of the states where nobody waits (Erlang B for M/M/n+M; the
    /// all-agents-full share for the chat chain of [`super::ErlangChat`],
    /// where a server is an agent at its most chats). Every KPI of the queue
    /// (P(wait), abandonment, the conditional waits) depends on those states
    /// only through that share.
    pub(crate) fn behind_anchor(
        lambda: f64,
        agents: u32,
        service_rate: f64,
        theta: f64,
        anchor: f64,
    ) -> Result<Self, ErlangError> {
        let mut solved = Self {
            agents,
            arrival_rate: lambda,
            service_rate,
            abandon_rate: theta,
            blocking: anchor,
            first: 0,
            tail_prob: Vec::new(),
            tail_answered: Vec::new(),
            mean_queue: 0.0,
            answered_wait: 0.0,
            no_queue_share: 1.0,
        };
        if lambda == 0.0 {
            return Ok(solved);
        }
        let (first, weights) =
            queue_weights(lambda, solved.service_capacity(), theta, solved.blocking).ok_or(
                ErlangError::QueueTooLong {
                    agents,
                    limit: MAX_QUEUE_STATES,
                },
            )?;
        solved.absorb(first, &weights);
        Ok(solved)
    }

    /// The share of time nobody waits (the states below and at the anchor).
    pub(crate) fn no_queue_share(&self) -> f64 {
        self.no_queue_share
    }

    /// nμ: the rate at which busy agents finish calls.
    fn service_capacity(&self) -> f64 {
        f64::from(self.agents) * self.service_rate
    }

    /// `a = nμ/θ`, the Beta shape of the offered wait.
    fn shape(&self) -> f64 {
        self.service_capacity() / self.abandon_rate
    }

    /// Normalises the queue weights (`weights[i]` of queue length
    /// `first + i`) against the Erlang B block and keeps the tail sums every
    /// KPI is read from.
    fn absorb(&mut self, first: usize, weights: &[f64]) {
        // π_n (nobody waiting) is weights[0] when the queue can be empty, else negligible.
        let (empty, waiting) = if first == 0 {
            (weights[0], &weights[1..])
        } else {
            (0.0, weights)
        };
        let beyond_first: f64 = waiting.iter().sum();
        let scale = self.blocking / (empty + self.blocking * beyond_first);
        self.no_queue_share = if empty == 0.0 {
            0.0
        } else {
            empty / (empty + self.blocking * beyond_first)
        };
        let a = self.shape();
        let theta = self.abandon_rate;
        let len = weights.len();
        self.first = first;
        self.tail_prob = vec![0.0; len + 1];
        self.tail_answered = vec![0.0; len + 1];
        // Σ_(i=0..j) 1/(a+1+i), over the negligible lengths too.
        let mut harmonic: f64 = (0..first).map(|i| 1.0 / (a + 1.0 + i as f64)).sum();
        for (i, &w) in weights.iter().enumerate() {
            let p = w * scale;
            let jf = (first + i) as f64;
            let answered = a / (a + jf + 1.0);
            harmonic += 1.0 / (a + 1.0 + jf);
            self.mean_queue += jf * p;
            self.answered_wait += p * answered * harmonic / theta;
        }
        for i in (0..len).rev() {
            let p = weights[i] * scale;
            let answered = a / (a + (first + i) as f64 + 1.0);
            self.tail_prob[i] = self.tail_prob[i + 1] + p;
            self.tail_answered[i] = self.tail_answered[i + 1] + p * answered;
        }
    }

    pub fn agents(&self) -> u32 {
        self.agents
    }

    /// Erlang B for the same agents and load.
    pub fn blocking(&self) -> f64 {
        self.blocking
    }

    /// Probability that a caller finds every agent busy and has to wait.
    pub fn prob_wait(&self) -> f64 {
        self.tail_prob.first().map_or(0.0, |p| p.min(1.0))
    }

    /// Share of callers who hang up before being answered.
    pub fn prob_abandon(&self) -> f64 {
        if self.arrival_rate == 0.0 {
            return 0.0;
        }
        (self.abandon_rate * self.mean_queue / self.arrival_rate).min(1.0)
    }

    /// Share of callers answered (at once or after waiting).
    pub fn prob_answered(&self) -> f64 {
        1.0 - self.prob_wait() + self.tail_answered.first().copied().unwrap_or(0.0)
    }

    /// Mean wait of answered callers (ASA), or `None` when nobody is answered.
    pub fn asa_answered_s(&self) -> Option<f64> {
        let answered = self.prob_answered();
        (answered > 0.0).then(|| self.answered_wait / answered)
    }

    /// Mean time in queue over all callers, answered or not (Little's law).
    pub fn mean_wait_all_s(&self) -> f64 {
        if self.arrival_rate == 0.0 {
            0.0
        } else {
            self.mean_queue / self.arrival_rate
        }
    }

    /// Mean number of callers waiting.
    pub fn mean_queue_length(&self) -> f64 {
        self.mean_queue
    }

    /// Share of agents' time on calls: answered load over agents.
    pub fn occupancy(&self) -> f64 {
        if self.agents == 0 {
            return 0.0;
        }
        let answered_load = self.arrival_rate * (1.0 - self.prob_abandon()) / self.service_rate;
        (answered_load / f64::from(self.agents)).min(1.0)
    }

    /// Where callers stand `threshold_s` seconds after arriving.
    pub fn outcomes_at(&self, threshold_s: f64) -> OutcomesAt {
        let waited = self.prob_wait();
        if waited == 0.0 {
            return OutcomesAt {
                answered: 1.0,
                abandoned: 0.0,
                waiting: 0.0,
            };
        }
        let x = (-self.abandon_rate * threshold_s).exp();
        let a = self.shape();
        let all_answered_after_wait = self.tail_answered[0];
        let answered_late = weighted_nb_cdf(a + 1.0, x, self.first, &self.tail_answered);
        let answered_after_wait = (all_answered_after_wait - answered_late).max(0.0);
        let waiting = x * weighted_nb_cdf(a, x, self.first, &self.tail_prob);
        OutcomesAt {
            answered: (1.0 - waited + answered_after_wait).clamp(0.0, 1.0),
            abandoned: (waited - answered_after_wait - waiting).max(0.0),
            waiting: waiting.min(waited),
        }
    }
}

/// One queue length `j` found on arrival, with its share of the service
/// level and of the answered callers' wait: the terms `--explain` prints.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueTerm {
    /// Callers already waiting when this one arrives.
    pub ahead: usize,
    /// `π_(n+j)`: the share of callers who find `j` waiting (PASTA).
    pub probability: f64,
    /// `a/(a+j+1)`: answered at all.
    pub answered: f64,
    /// `P(NB(a+1, x) = j)` with `x = e^(−θt)`.
    pub nb_pmf: f64,
    /// `P(NB(a+1, x) ≤ j)`.
    pub nb_cdf: f64,
    /// `a/(a+j+1)·(1 − P(NB(a+1, x) ≤ j))`: answered within `t`.
    pub answered_by: f64,
    /// `E[V; answered | j] = a/(a+j+1) · Σ_(i=0..j) 1/(θ(a+1+i))`, seconds.
    pub answered_wait_s: f64,
}

impl ErlangA {
    /// `a = nμ/θ`, the Beta shape of a waiting caller's offered wait.
    pub fn beta_shape(&self) -> f64 {
        self.shape()
    }

    /// Queue lengths shorter than this hold less than 10⁻¹⁸ of the callers
    /// and were left out of the chain.
    pub fn first_queue_length(&self) -> usize {
        self.first
    }

    /// The terms of the service level within `threshold_s` and of the
    /// answered wait, one per queue length the chain kept (from
    /// [`Self::first_queue_length`] up), so that
    /// `SL = 1 − P(wait) + Σ probability·answered_by` and
    /// `ASA = Σ probability·answered_wait_s / P(answered)`.
    pub fn queue_terms(&self, threshold_s: f64) -> Vec<QueueTerm> {
        let len = self.tail_prob.len().saturating_sub(1);
        if len == 0 {
            return Vec::new();
        }
        let a = self.shape();
        let theta = self.abandon_rate;
        let x = (-theta * threshold_s).exp();
        let last = self.first + len;
        // P(NB = k) from k = 0; at t = 0 (x = 1) all the mass is at 0.
        let mut pmfs: Box<dyn Iterator<Item = f64>> = if x >= 1.0 {
            Box::new(std::iter::once(1.0).chain(std::iter::repeat(0.0)))
        } else {
            Box::new(NegativeBinomialPmf::new(a + 1.0, x).chain(std::iter::repeat(0.0)))
        };
        let mut cdf = 0.0;
        let mut harmonic = 0.0;
        let mut terms = Vec::with_capacity(len);
        for j in 0..last {
            let pmf = pmfs.next().unwrap_or(0.0);
            cdf += pmf;
            harmonic += 1.0 / (a + 1.0 + j as f64);
            if j < self.first {
                continue;
            }
            let i = j - self.first;
            let answered = a / (a + j as f64 + 1.0);
            terms.push(QueueTerm {
                ahead: j,
                probability: self.tail_prob[i] - self.tail_prob[i + 1],
                answered,
                nb_pmf: pmf,
                nb_cdf: cdf.min(1.0),
                answered_by: answered * (1.0 - cdf.min(1.0)),
                answered_wait_s: answered * harmonic / theta,
            });
        }
        terms
    }
}

/// Queue-state weights `w_j ∝ π_(n+j)`, scaled so the largest is 1, from the
/// first length that is not negligible: `(first, w_first, w_first+1, …)`;
/// `None` past [`MAX_QUEUE_STATES`].
///
/// With more callers than agents the likeliest queue is long, and the weights
/// fall off fast on both sides of it: below, each step multiplies by
/// `(nμ + (j+1)θ)/λ < 1`, falling with `j`, so once a weight and the bound
/// on all the weights below it, `w·r/(1 − r)`, are under 10⁻¹⁸ of the
/// total (times B, against which the empty queue is weighed) the rest is
/// left out.
fn queue_weights(
    lambda: f64,
    capacity: f64,
    theta: f64,
    blocking: f64,
) -> Option<(usize, Vec<f64>)> {
    let peak = if lambda > capacity {
        ((lambda - capacity) / theta).floor()
    } else {
        0.0
    };
    if peak >= MAX_QUEUE_STATES as f64 {
        return None;
    }
    let peak = peak as usize;
    // Below the peak, from it downward, then reversed.
    let mut below = vec![1.0];
    let mut total = 1.0;
    let mut j = peak;
    while j > 0 {
        let ratio = (capacity + j as f64 * theta) / lambda;
        let next = below[below.len() - 1] * ratio;
        below.push(next);
        total += next;
        j -= 1;
        // Near the peak the ratio is about 1 (and may round above it): no bound yet.
        if ratio < 1.0 && next * ratio / (1.0 - ratio) <= NEGLIGIBLE * total * blocking {
            break;
        }
    }
    let first = j;
    below.reverse();
    let mut weights = below;
    let mut j = peak;
    loop {
        let ratio = lambda / (capacity + (j + 1) as f64 * theta);
        let next = weights[weights.len() - 1] * ratio;
        // Ratios only fall from here, so the rest is below next/(1 − ratio).
        if next <= NEGLIGIBLE * total * (1.0 - ratio) {
            break;
        }
        if weights.len() >= MAX_QUEUE_STATES {
            return None;
        }
        weights.push(next);
        total += next;
        j += 1;
    }
    Some((first, weights))
}

/// `Σ_j v_j · P(NB(r, x) ≤ j)` for `v_j = tail[j] − tail[j+1]`, computed as
/// `Σ_k P(NB = k) · tail[k]` in one pass; `tail` starts at length `first`
/// and is constant below it.
fn weighted_nb_cdf(r: f64, x: f64, first: usize, tail: &[f64]) -> f64 {
    let last = (first + tail.len()).saturating_sub(1);
    let tail_at = |k: usize| tail[k.saturating_sub(first)];
    if x >= 1.0 {
        return tail[0]; // t = 0: nobody has been served yet
    }
    if x <= 0.0 || last == 0 {
        return 0.0;
    }
    let mut sum = 0.0;
    for (k, pmf) in NegativeBinomialPmf::new(r, x).take(last).enumerate() {
        sum += pmf * tail_at(k);
    }
    sum
}

/// `P(NB(r, x) = k)` for k = 0, 1, 2, …, by
/// `P(NB = k) = P(NB = k−1) · (r + k − 1)(1 − x) / k` from `P(NB = 0) = x^r`;
/// for `0 < x < 1`.
///
/// With many agents `x^r` is far below the smallest double (at 100 000
/// Erlangs, 0.85^66 667): the product is then carried as a mantissa and a
/// power of two until it is large enough to count, with one multiplication
/// per term and no logarithm. Terms below 2^-1000 are yielded as 0; the
/// iterator ends past the mode if they are all still negligible.
struct NegativeBinomialPmf {
    r: f64,
    fail: f64,
    k: usize,
    /// The pmf is `mantissa · 2^(500·blocks)` while too small for a double.
    mantissa: f64,
    blocks: f64,
    counting: bool,
}

impl NegativeBinomialPmf {
    /// A block of 2^500.
    const BLOCK: f64 = 3.273_390_607_896_142e150;

    fn new(r: f64, x: f64) -> Self {
        let log2_start = r * x.log2();
        let mut blocks = (log2_start / 500.0).floor().max(-2.0e6);
        let mut mantissa = (log2_start - 500.0 * blocks).exp2();
        // Below 2^-1000 a term adds nothing to a sum; from there on it is a double.
        let counting = blocks >= -2.0;
        if counting {
            mantissa *= (500.0 * blocks).exp2();
            blocks = 0.0;
        }
        Self {
            r,
            fail: 1.0 - x,
            k: 0,
            mantissa,
            blocks,
            counting,
        }
    }
}

impl Iterator for NegativeBinomialPmf {
    type Item = f64;

    fn next(&mut self) -> Option<f64> {
        let k = self.k;
        self.k += 1;
        if k > 0 {
            let kf = k as f64;
            self.mantissa *= (self.r + kf - 1.0) / kf * self.fail;
            if !self.counting {
                if self.mantissa == 0.0 {
                    return None; // past the mode and still negligible: so is the rest
                }
                if self.mantissa >= Self::BLOCK {
                    self.mantissa /= Self::BLOCK;
                    self.blocks += 1.0;
                    if self.blocks >= -2.0 {
                        self.mantissa *= (500.0 * self.blocks).exp2();
                        self.counting = true;
                    }
                }
            }
        }
        Some(if self.counting { self.mantissa } else { 0.0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erlang::ErlangC;

    fn traffic(load: f64, aht_s: f64) -> Traffic {
        Traffic::from_erlangs(load, aht_s).unwrap()
    }

    /// The birth–death chain solved on its own: unnormalised weights built
    /// state by state from 0, truncated far out, then summed.
    fn chain(agents: u32, lambda: f64, mu: f64, theta: f64) -> Vec<f64> {
        let peak = ((lambda - f64::from(agents) * mu) / theta).max(0.0) as usize;
        let states = agents as usize + 2 * peak + 400;
        let mut w = vec![1.0f64];
        for k in 1..states {
            let death = if k <= agents as usize {
                k as f64 * mu
            } else {
                f64::from(agents) * mu + (k - agents as usize) as f64 * theta
            };
            let next = w[k - 1] * lambda / death;
            w.push(next);
            // Rescaled as it grows (a long queue is many orders above state 0).
            if next > 1e250 {
                w.iter_mut().for_each(|v| *v *= 1e-250);
            }
        }
        let z: f64 = w.iter().sum();
        w.iter().map(|v| v / z).collect()
    }

    #[test]
    fn matches_the_birth_death_chain() {
        for (agents, load, aht, patience) in [
            (1, 0.5, 60.0, 30.0),
            (3, 2.0, 180.0, 120.0),
            (5, 6.0, 180.0, 300.0),
            (10, 8.0, 240.0, 60.0),
            (20, 25.0, 300.0, 200.0),
            // Regression: at the likeliest queue the ratio rounded above 1
            // and the chain was cut there (one agent for 10 Erlangs).
            (1, 10.0, 180.0, 120.0),
            // A queue so long that lengths far below the likeliest are left out.
            (5, 50.0, 50.0, 1000.0),
        ] {
            let t = traffic(load, aht);
            let a = ErlangA::new(&t, agents, patience).unwrap();
            let (lambda, mu, theta) = (load / aht, 1.0 / aht, 1.0 / patience);
            let pi = chain(agents, lambda, mu, theta);
            let n = agents as usize;
            let wait: f64 = pi[n..].iter().sum();
            let queue: f64 = pi[n..].iter().enumerate().map(|(j, p)| j as f64 * p).sum();
            let busy: f64 = pi
                .iter()
                .enumerate()
                .map(|(k, p)| k.min(n) as f64 * p)
                .sum();
            assert!((a.prob_wait() - wait).abs() < 1e-12, "P(wait) n={agents}");
            assert!(
                (a.mean_queue_length() - queue).abs() < 1e-10,
                "E[Q] n={agents}"
            );
            assert!(
                (a.prob_abandon() - theta * queue / lambda).abs() < 1e-12,
                "P(ab) n={agents}"
            );
            assert!(
                (a.occupancy() - busy / f64::from(agents)).abs() < 1e-10,
                "occ n={agents}"
            );
        }
    }

    /// Uniformisation of the tagged caller's own chain: state j = callers
    /// still ahead of it; absorbed when answered or when it hangs up.
    fn tagged_outcomes(
        a: &ErlangA,
        agents: u32,
        lambda: f64,
        mu: f64,
        theta: f64,
        t: f64,
    ) -> OutcomesAt {
        let pi = chain(agents, lambda, mu, theta);
        let n = agents as usize;
        let start: Vec<f64> = pi[n..].to_vec();
        let states = start.len();
        let cap = f64::from(agents) * mu;
        let rate = cap + states as f64 * theta + theta;
        let mut p = start;
        let mut answered = 0.0;
        let mut abandoned = 0.0;
        let mut poisson = (-rate * t).exp();
        let mut k = 0u32;
        let (mut answered_acc, mut abandoned_acc) = (0.0, 0.0);
        let mut cumulative = 0.0;
        while cumulative < 1.0 - 1e-15 && k < 100_000 {
            cumulative += poisson;
            answered += poisson * answered_acc;
            abandoned += poisson * abandoned_acc;
            let mut next = vec![0.0; states];
            for j in 0..states {
                let out_ahead = cap + j as f64 * theta;
                if j == 0 {
                    answered_acc += p[0] * cap / rate;
                } else {
                    next[j - 1] += p[j] * out_ahead / rate;
                }
                abandoned_acc += p[j] * theta / rate;
                next[j] += p[j] * (1.0 - (out_ahead + theta) / rate);
            }
            p = next;
            k += 1;
            poisson *= rate * t / f64::from(k);
        }
        let waited = a.prob_wait();
        OutcomesAt {
            answered: 1.0 - waited + answered,
            abandoned,
            waiting: waited - answered - abandoned,
        }
    }

    #[test]
    fn service_level_matches_uniformisation() {
        for (agents, load, aht, patience, t) in [
            (2, 1.5, 60.0, 45.0, 10.0),
            (4, 4.5, 120.0, 90.0, 20.0),
            (8, 7.0, 180.0, 60.0, 30.0),
        ] {
            let tr = traffic(load, aht);
            let a = ErlangA::new(&tr, agents, patience).unwrap();
            let exact = a.outcomes_at(t);
            let check = tagged_outcomes(&a, agents, load / aht, 1.0 / aht, 1.0 / patience, t);
            assert!(
                (exact.answered - check.answered).abs() < 1e-9,
                "{exact:?} vs {check:?}"
            );
            assert!(
                (exact.abandoned - check.abandoned).abs() < 1e-9,
                "{exact:?} vs {check:?}"
            );
            assert!(
                (exact.waiting - check.waiting).abs() < 1e-9,
                "{exact:?} vs {check:?}"
            );
        }
    }

    #[test]
    fn answered_share_is_consistent_with_littles_law() {
        for agents in [1, 5, 9, 30] {
            let a = ErlangA::new(&traffic(10.0, 180.0), agents, 150.0).unwrap();
            assert!((a.prob_answered() + a.prob_abandon() - 1.0).abs() < 1e-12);
            let late = a.outcomes_at(1e7);
            assert!((late.answered - a.prob_answered()).abs() < 1e-9);
        }
    }

    #[test]
    fn tends_to_erlang_c_as_patience_grows() {
        let t = traffic(20.0, 180.0);
        let c = ErlangC::new(&t, 24).unwrap();
        let a = ErlangA::new(&t, 24, 1e6).unwrap();
        assert!((a.prob_wait() - c.prob_wait()).abs() < 1e-3);
        assert!((a.asa_answered_s().unwrap() - c.asa_s()).abs() / c.asa_s() < 1e-3);
        assert!((a.outcomes_at(20.0).answered - c.service_level(20.0)).abs() < 1e-3);
    }

    /// The terms `--explain` prints add up to the service level and the ASA.
    #[test]
    fn queue_terms_add_up_to_the_service_level_and_the_asa() {
        for (agents, load, aht, patience, t) in [
            (12, 10.0, 180.0, 120.0, 20.0),
            (105, 100.0, 180.0, 180.0, 20.0),
            (10, 10.0, 180.0, 10.0, 20.0),
            // Overloaded: the chain starts at a long queue.
            (150, 200.0, 60.0, 600.0, 20.0),
            (3, 2.0, 180.0, 120.0, 0.0),
        ] {
            let a = ErlangA::new(&traffic(load, aht), agents, patience).unwrap();
            let terms = a.queue_terms(t);
            let answered_by: f64 = terms.iter().map(|q| q.probability * q.answered_by).sum();
            let wait: f64 = terms
                .iter()
                .map(|q| q.probability * q.answered_wait_s)
                .sum();
            let sl = 1.0 - a.prob_wait() + answered_by;
            assert!((sl - a.outcomes_at(t).answered).abs() < 1e-12, "n={agents}");
            let asa = wait / a.prob_answered();
            assert!(
                (asa - a.asa_answered_s().unwrap()).abs() < 1e-9 * asa.max(1.0),
                "n={agents}"
            );
            let total: f64 = terms.iter().map(|q| q.probability).sum();
            assert!((total - a.prob_wait()).abs() < 1e-12);
        }
    }

    #[test]
    fn zero_agents_everyone_abandons() {
        let a = ErlangA::new(&traffic(3.0, 180.0), 0, 60.0).unwrap();
        assert!((a.prob_abandon() - 1.0).abs() < 1e-12);
        assert_eq!(a.asa_answered_s(), None);
        assert_eq!(a.occupancy(), 0.0);
        let at = a.outcomes_at(60.0);
        assert!((at.abandoned - (1.0 - (-1.0f64).exp())).abs() < 1e-12);
    }

    #[test]
    fn heavy_overload_stays_finite() {
        let a = ErlangA::new(&traffic(100_000.0, 180.0), 60_000, 300.0).unwrap();
        assert!(a.prob_abandon() > 0.39 && a.prob_abandon() < 0.41);
        let sl = a.outcomes_at(20.0);
        assert!(sl.answered.is_finite() && sl.abandoned.is_finite());
    }
}
