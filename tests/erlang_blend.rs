//! `erlang::Blending` against a chain built here by hand: one agent, the
//! dialer dialing whenever it is idle (K = 0), the queue cut far out.

#![allow(clippy::needless_range_loop)] // dense Gaussian elimination reads best indexed

use callsim::erlang::{Blending, Dialer, Traffic};

/// Dense solve of `π Q = 0, Σ π = 1` by Gaussian elimination.
fn stationary(q: &[Vec<f64>]) -> Vec<f64> {
    let n = q.len();
    // Rows: the transposed generator, the last equation replaced by Σ π = 1.
    let mut a: Vec<Vec<f64>> = (0..n).map(|r| (0..n).map(|c| q[c][r]).collect()).collect();
    let mut b = vec![0.0; n];
    a[n - 1] = vec![1.0; n];
    b[n - 1] = 1.0;
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap();
        a.swap(col, pivot);
        b.swap(col, pivot);
        for r in 0..n {
            if r != col {
                let f = a[r][col] / a[col][col];
                for c in col..n {
                    a[r][c] -= f * a[col][c];
                }
                b[r] -= f * b[col];
            }
        }
    }
    (0..n).map(|r| b[r] / a[r][r]).collect()
}

#[test]
fn one_agent_matches_a_hand_built_chain() {
    let (lambda, h_in, h_out, dial_s, r, patience) = (1.0 / 300.0, 180.0, 240.0, 20.0, 0.3, 90.0);
    let depth = 60usize;
    // States: 0 = idle with one dial; then (busy kind, dials, queue) for
    // kind in {inbound, outbound}, dials in {0, 1}, queue 0..depth.
    let busy = |kind: usize, d: usize, q: usize| 1 + (kind * 2 + d) * (depth + 1) + q;
    let n = 1 + 4 * (depth + 1);
    let mut g = vec![vec![0.0; n]; n];
    let mut add = |x: usize, y: usize, rate: f64| g[x][y] += rate;
    // Idle: an inbound call takes the agent (the dial goes on); the dial ends.
    add(0, busy(0, 1, 0), lambda);
    add(0, busy(1, 0, 0), r / dial_s); // reached: talk; unreached: a new dial, same state
    for kind in 0..2 {
        let end = if kind == 0 { 1.0 / h_in } else { 1.0 / h_out };
        for d in 0..2 {
            for q in 0..=depth {
                let x = busy(kind, d, q);
                if q < depth {
                    add(x, busy(kind, d, q + 1), lambda);
                }
                if q == 0 {
                    // The agent frees: idle, the dialer tops up to one dial.
                    add(x, 0, end);
                } else {
                    add(x, busy(0, d, q - 1), end); // takes the head
                    add(x, busy(kind, d, q - 1), q as f64 / patience);
                }
                if d == 1 {
                    add(x, busy(kind, 0, q), 1.0 / dial_s); // nuisance or not reached
                }
            }
        }
    }
    for x in 0..n {
        let out: f64 = g[x].iter().sum();
        g[x][x] = -out;
    }
    let pi = stationary(&g);
    let prob_wait: f64 = 1.0 - pi[0];
    let mean_queue: f64 = (0..2)
        .flat_map(|k| (0..2).flat_map(move |d| (0..=depth).map(move |q| (k, d, q))))
        .map(|(k, d, q)| pi[busy(k, d, q)] * q as f64)
        .sum();
    let connects = pi[0] * r / dial_s;
    let dials: f64 = pi[0] / dial_s
        + (0..2)
            .flat_map(|k| (0..=depth).map(move |q| busy(k, 1, q)))
            .map(|x| pi[x] / dial_s)
            .sum::<f64>();

    let traffic = Traffic::new(lambda, h_in).unwrap();
    let dialer = Dialer {
        dial_when_idle_agents_above: 0,
        dial_s,
        reach_prob: r,
        outbound_aht_s: h_out,
    };
    let b = Blending::new(&traffic, 1, Some(patience), dialer).unwrap();
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-11 * y.abs().max(1e-300);
    assert!(
        close(b.prob_wait(), prob_wait),
        "{} {prob_wait}",
        b.prob_wait()
    );
    assert!(close(b.mean_queue_length(), mean_queue));
    assert!(close(b.connects_per_s(), connects));
    assert!(close(b.dials_per_s(), dials));
    // One agent, nobody ahead: a waiting caller is answered within T when
    // the agent frees before both T and its patience: the busy talk's end
    // (rate 1/h of its kind) races its patience.
    let t = 30.0;
    let waits_alone: Vec<(usize, f64)> = vec![(0, 1.0 / h_in), (1, 1.0 / h_out)];
    let mut answered_within = pi[0];
    for (kind, end) in waits_alone {
        for d in 0..2 {
            let p = pi[busy(kind, d, 0)];
            let total = end + 1.0 / patience;
            answered_within += p * end / total * (1.0 - (-total * t).exp());
        }
    }
    // Callers finding someone ahead add more; bound: SL ≥ the alone part.
    let sl = b.service_level(t);
    assert!(sl >= answered_within - 1e-12 && sl <= 1.0);
}

#[test]
fn fifty_agents_with_patience_solve_quickly() {
    let traffic = Traffic::from_calls_per_hour(800.0, 180.0).unwrap();
    let dialer = Dialer {
        dial_when_idle_agents_above: 3,
        dial_s: 20.0,
        reach_prob: 0.3,
        outbound_aht_s: 240.0,
    };
    let start = std::time::Instant::now();
    let b = Blending::new(&traffic, 50, Some(120.0), dialer).unwrap();
    let k = b.kpis(20.0).unwrap();
    eprintln!(
        "N=50: {} states, {} cycles, {:?}: {k:?}",
        b.states(),
        b.cycles(),
        start.elapsed()
    );
}
