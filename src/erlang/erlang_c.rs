//! Erlang C (M/M/n): Poisson arrivals, exponential handle times, `n` agents,
//! an unlimited queue, and callers who never hang up.
//!
//! With offered load `A = λ·AHT` and `n > A` agents (otherwise the queue
//! grows without bound):
//!
//! ```text
//! C     = P(wait > 0) = n·B / (n − A·(1 − B))          B = Erlang B(n, A)
//! ASA   = C · AHT / (n − A)                            mean wait, all callers
//! SL(t) = P(wait ≤ t) = 1 − C · e^(−(n − A)·t / AHT)
//! Lq    = C · A / (n − A)                              mean callers waiting
//! occupancy = A / n
//! ```

use super::erlang_b::blocking;
use super::error::ErlangError;
use super::traffic::Traffic;

/// An M/M/n queue solved by Erlang C.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangC {
    agents: u32,
    load: f64,
    aht_s: f64,
    blocking: f64,
    prob_wait: f64,
}

impl ErlangC {
    /// Solves the queue, or says how many agents a stable queue needs.
    pub fn new(traffic: &Traffic, agents: u32) -> Result<Self, ErlangError> {
        let load = traffic.offered_load();
        let blocking = blocking(agents, load);
        if load == 0.0 {
            return Ok(Self {
                agents,
                load,
                aht_s: traffic.aht_s(),
                blocking,
                prob_wait: 0.0,
            });
        }
        if f64::from(agents) <= load {
            return Err(ErlangError::Unstable {
                agents,
                load,
                needed: min_stable_agents(load),
            });
        }
        let n = f64::from(agents);
        let prob_wait = n * blocking / (n - load * (1.0 - blocking));
        Ok(Self {
            agents,
            load,
            aht_s: traffic.aht_s(),
            blocking,
            prob_wait,
        })
    }

    pub fn agents(&self) -> u32 {
        self.agents
    }

    /// Erlang B for the same agents and load: the share lost if there were no queue.
    pub fn blocking(&self) -> f64 {
        self.blocking
    }

    /// Probability that a caller waits at all (Erlang C).
    pub fn prob_wait(&self) -> f64 {
        self.prob_wait
    }

    /// Mean spare capacity in agents, `n − A` (0 when there is no traffic and no agent).
    fn spare_agents(&self) -> f64 {
        f64::from(self.agents) - self.load
    }

    /// Average speed of answer in seconds, over all callers (all are answered).
    pub fn asa_s(&self) -> f64 {
        if self.prob_wait == 0.0 {
            return 0.0;
        }
        self.prob_wait * self.aht_s / self.spare_agents()
    }

    /// Share of callers answered within `threshold_s` seconds.
    pub fn service_level(&self, threshold_s: f64) -> f64 {
        if self.prob_wait == 0.0 {
            return 1.0;
        }
        1.0 - self.prob_wait * (-self.spare_agents() * threshold_s / self.aht_s).exp()
    }

    /// Share of agents' time spent on calls, `A / n`.
    pub fn occupancy(&self) -> f64 {
        if self.agents == 0 {
            0.0
        } else {
            self.load / f64::from(self.agents)
        }
    }

    /// Mean number of callers waiting, `C·A/(n − A)`.
    pub fn mean_queue_length(&self) -> f64 {
        if self.prob_wait == 0.0 {
            return 0.0;
        }
        self.prob_wait * self.load / self.spare_agents()
    }
}

/// The fewest agents for which an Erlang C queue is stable: the smallest n > A.
pub fn min_stable_agents(load: f64) -> u32 {
    load.floor() as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traffic(load: f64, aht_s: f64) -> Traffic {
        Traffic::from_erlangs(load, aht_s).unwrap()
    }

    /// P(wait) by direct summation of the M/M/n stationary distribution.
    fn direct_prob_wait(agents: u32, load: f64) -> f64 {
        let n = f64::from(agents);
        let mut term = 1.0;
        let mut below = 1.0;
        for k in 1..agents {
            term *= load / f64::from(k);
            below += term;
        }
        let at_n = term * load / n;
        let queue = at_n * n / (n - load);
        queue / (below + queue)
    }

    #[test]
    fn matches_direct_summation() {
        for agents in 1..40 {
            for load in [0.3, 1.0, 4.5, 9.9, 20.0, 35.0] {
                if f64::from(agents) <= load {
                    continue;
                }
                let c = ErlangC::new(&traffic(load, 180.0), agents).unwrap();
                let expected = direct_prob_wait(agents, load);
                assert!(
                    (c.prob_wait() - expected).abs() < 1e-12,
                    "n={agents} A={load}: {} vs {expected}",
                    c.prob_wait()
                );
            }
        }
    }

    #[test]
    fn textbook_example() {
        // A = 10 Erlangs, 12 agents, AHT 180 s (Koole, Call Center Mathematics).
        let c = ErlangC::new(&traffic(10.0, 180.0), 12).unwrap();
        assert!((c.prob_wait() - 0.4494).abs() < 1e-4);
        assert!((c.asa_s() - 0.4494 * 180.0 / 2.0).abs() < 0.01);
    }

    #[test]
    fn unstable_queue_names_needed_agents() {
        let err = ErlangC::new(&traffic(6.0, 180.0), 6).unwrap_err();
        assert_eq!(
            err,
            ErlangError::Unstable {
                agents: 6,
                load: 6.0,
                needed: 7
            }
        );
        assert!(err.to_string().contains("at least 7 agents"));
    }

    #[test]
    fn no_traffic_means_no_wait() {
        let c = ErlangC::new(&traffic(0.0, 180.0), 0).unwrap();
        assert_eq!(c.prob_wait(), 0.0);
        assert_eq!(c.asa_s(), 0.0);
        assert_eq!(c.service_level(20.0), 1.0);
        assert_eq!(c.occupancy(), 0.0);
    }

    #[test]
    fn service_level_at_zero_is_one_minus_c() {
        let c = ErlangC::new(&traffic(8.0, 240.0), 10).unwrap();
        assert!((c.service_level(0.0) - (1.0 - c.prob_wait())).abs() < 1e-15);
    }
}
