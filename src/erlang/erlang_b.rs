//! Erlang B: the share of calls blocked when `n` agents serve a load of `A`
//! Erlangs and there is no queue (blocked calls are lost).
//!
//! ```text
//! B(n, A) = (Aⁿ / n!) / Σₖ₌₀ⁿ (Aᵏ / k!)
//! ```
//!
//! The factorials overflow long before a real center's size, so B is computed
//! by the recursion
//!
//! ```text
//! B(0) = 1,   B(k) = A·B(k−1) / (k + A·B(k−1))
//! ```
//!
//! whose values stay in [0, 1] and whose rounding errors shrink at every step.

use super::error::{ErlangError, check};
use super::traffic::MAX_LOAD_ERLANGS;

/// Erlang B blocking probability for `agents` servers and `load` Erlangs.
///
/// ```
/// let b = callsim::erlang::erlang_b(10, 5.0).unwrap();
/// assert!((b - 0.018385).abs() < 5e-7);
/// ```
pub fn erlang_b(agents: u32, load: f64) -> Result<f64, ErlangError> {
    check("erlangs", load, ">= 0 and at most 1000000", |v| {
        (0.0..=MAX_LOAD_ERLANGS).contains(&v)
    })?;
    Ok(blocking(agents, load))
}

/// Erlang B without input checks, for callers that validated `load` already.
///
/// For large loads the recursion starts at `k₀ = A − 12√A − 20` (or, for
/// `n` below that, a few dozen steps before `n`) from the
/// approximation `B(k₀) ≈ 1 − k₀/A` instead of at 0. Each step multiplies an
/// error in B by about `k/A`, so by the time k reaches A the starting error has
/// shrunk by `e^(−(A−k₀)²/2A) < e^(−72)`, far below double precision: the
/// result is the full recursion's, at O(√A) instead of O(A) cost (tested).
pub(crate) fn blocking(agents: u32, load: f64) -> f64 {
    if load == 0.0 {
        return if agents == 0 { 1.0 } else { 0.0 };
    }
    let start = warm_start(agents, load);
    let mut b = if start == 0 {
        1.0
    } else {
        1.0 - f64::from(start) / load
    };
    for k in start + 1..=agents {
        b = recursion_step(k, load, b);
    }
    b
}

/// Full recursion from B(0) = 1: the textbook algorithm, kept for `--explain`
/// and as the reference the warm start is tested against.
pub fn erlang_b_recursion(agents: u32, load: f64) -> impl Iterator<Item = (u32, f64)> {
    let mut b = 1.0;
    (0..=agents).map(move |k| {
        if k > 0 {
            b = recursion_step(k, load, b);
        }
        (k, b)
    })
}

#[inline]
fn recursion_step(k: u32, load: f64, previous: f64) -> f64 {
    let ab = load * previous;
    ab / (f64::from(k) + ab)
}

/// Where the recursion may start for B(agents, load) without losing precision.
fn warm_start(agents: u32, load: f64) -> u32 {
    let margin = 12.0 * load.sqrt() + 20.0;
    if load <= margin {
        return 0;
    }
    let below_load = (load - margin).floor() as u32;
    if agents >= below_load {
        return below_load;
    }
    // Far below A every step shrinks the error by k/A ≤ n/A: enough steps
    // for (n/A)^steps < e^(−80).
    let steps = (80.0 / (load / f64::from(agents)).ln()).ceil() as u32;
    agents.saturating_sub(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// B by direct summation of Aᵏ/k!: independent of the recursion, exact for small n.
    fn direct_sum(agents: u32, load: f64) -> f64 {
        let mut term = 1.0;
        let mut sum = 1.0;
        for k in 1..=agents {
            term *= load / f64::from(k);
            sum += term;
        }
        term / sum
    }

    #[test]
    fn published_value_ten_agents_five_erlangs() {
        let b = erlang_b(10, 5.0).unwrap();
        assert!((b - 0.018385).abs() < 5e-7, "B = {b}");
    }

    #[test]
    fn matches_direct_summation_for_small_systems() {
        for agents in 0..=60 {
            for load in [0.1, 0.5, 1.0, 2.5, 7.0, 13.3, 30.0, 55.5] {
                let expected = direct_sum(agents, load);
                let got = blocking(agents, load);
                assert!(
                    (got - expected).abs() <= 1e-13 * expected.max(1e-300),
                    "n={agents} A={load}: {got} vs {expected}"
                );
            }
        }
    }

    #[test]
    fn warm_start_equals_full_recursion() {
        for load in [150.0, 999.5, 1000.0, 4321.0, 10_000.0, 100_000.0, 777_777.0] {
            let base = load as u32;
            for agents in [
                base.saturating_sub(500),
                base,
                base + 7,
                base + 40,
                base + 900,
            ] {
                let full = erlang_b_recursion(agents, load).last().unwrap().1;
                let fast = blocking(agents, load);
                assert!(
                    (full - fast).abs() <= 1e-12 * full,
                    "n={agents} A={load}: warm {fast} vs full {full}"
                );
            }
        }
    }

    #[test]
    fn zero_load_and_zero_agents() {
        assert_eq!(blocking(0, 0.0), 1.0);
        assert_eq!(blocking(3, 0.0), 0.0);
        assert_eq!(blocking(0, 4.0), 1.0);
    }

    #[test]
    fn rejects_bad_load() {
        assert!(erlang_b(3, f64::NAN).is_err());
        assert!(erlang_b(3, -1.0).is_err());
        assert!(erlang_b(3, f64::INFINITY).is_err());
        assert!(erlang_b(3, 2e6).is_err());
    }
}
