//! The chat chain against independent solutions: Erlang A and C at one
//! chat per agent, a hand-built birth–death chain at one agent, and a dense
//! linear solve of a small center built from the agents' own loads.

use super::*;
use crate::erlang::{ErlangC, Targets, Traffic};

fn traffic(chats_per_hour: f64, aht_s: f64) -> Traffic {
    Traffic::from_calls_per_hour(chats_per_hour, aht_s).unwrap()
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!(
        (a - b).abs() <= tol * b.abs().max(1.0),
        "{what}: {a} vs {b} (tolerance {tol})"
    );
}

#[test]
fn ranks_follow_the_walk() {
    for (agents, k) in [(0, 1), (1, 1), (3, 2), (5, 3), (4, 6), (2, 32)] {
        let binomials = Binomials::new(agents, k);
        let mut state = Composition::first(agents as u32, k);
        let mut index = 0;
        loop {
            assert_eq!(binomials.rank(&state.counts), index, "{:?}", state.counts);
            assert_eq!(state.counts.iter().sum::<u32>(), agents as u32);
            index += 1;
            if !state.advance() {
                break;
            }
        }
        assert_eq!(index as u64, binomials.get(agents, k), "C(N+k, k)");
        assert_eq!(index as u64, state_count(agents as u32, k as u32).unwrap());
    }
}

#[test]
fn one_chat_per_agent_is_erlang_a() {
    for (agents, per_hour, aht, patience) in [
        (1, 20.0, 180.0, 60.0),
        (5, 100.0, 180.0, 120.0),
        (12, 240.0, 200.0, 90.0),
        (30, 700.0, 150.0, 300.0),
        // Overloaded: a long queue.
        (4, 300.0, 180.0, 200.0),
    ] {
        let t = traffic(per_hour, aht);
        let a = ErlangA::new(&t, agents, patience).unwrap();
        let chat = ErlangChat::new(&t, agents, 1, &[], Some(patience)).unwrap();
        let what = |k: &str| format!("{k} at N={agents}, {per_hour}/h");
        close(chat.prob_wait(), a.prob_wait(), 1e-12, &what("P(wait)"));
        close(
            chat.prob_abandon(),
            a.prob_abandon(),
            1e-12,
            &what("P(abandon)"),
        );
        for t in [0.0, 10.0, 60.0] {
            close(
                chat.service_level(t),
                a.outcomes_at(t).answered,
                1e-12,
                &what("SL"),
            );
        }
        close(
            chat.asa_answered_s().unwrap(),
            a.asa_answered_s().unwrap(),
            1e-12,
            &what("ASA"),
        );
        close(
            chat.mean_queue_length(),
            a.mean_queue_length(),
            1e-12,
            &what("E[Q]"),
        );
        close(chat.occupancy(), a.occupancy(), 1e-12, &what("occupancy"));
        close(chat.blocking_no_queue(), a.blocking(), 1e-12, &what("B"));
    }
}

#[test]
fn one_chat_per_agent_without_patience_is_erlang_c() {
    for (agents, per_hour, aht) in [(1, 10.0, 180.0), (6, 100.0, 180.0), (25, 450.0, 180.0)] {
        let t = traffic(per_hour, aht);
        let c = ErlangC::new(&t, agents).unwrap();
        let chat = ErlangChat::new(&t, agents, 1, &[1.0], None).unwrap();
        close(chat.prob_wait(), c.prob_wait(), 1e-12, "P(wait)");
        close(chat.service_level(20.0), c.service_level(20.0), 1e-12, "SL");
        close(chat.asa_answered_s().unwrap(), c.asa_s(), 1e-12, "ASA");
        close(
            chat.mean_queue_length(),
            c.mean_queue_length(),
            1e-12,
            "E[Q]",
        );
        close(chat.occupancy(), c.occupancy(), 1e-12, "occupancy");
        assert_eq!(chat.prob_abandon(), 0.0);
    }
}

/// One agent: the chats in the system `s` are a birth–death chain, deaths
/// at `min(s,k)·μ_min(s,k) + (s−k)⁺·θ`, summed far into the tail.
fn one_agent_chain(lambda: f64, rates: &[f64], theta: f64) -> Vec<f64> {
    let k = rates.len();
    let death = |s: usize| {
        let busy = s.min(k);
        busy as f64 * rates[busy - 1] + s.saturating_sub(k) as f64 * theta
    };
    let mut w = vec![1.0f64];
    for s in 1..4000 {
        w.push(w[s - 1] * lambda / death(s));
    }
    let z: f64 = w.iter().sum();
    w.iter().map(|v| v / z).collect()
}

#[test]
fn one_agent_is_a_birth_death_chain() {
    for (k, factors, per_hour, patience) in [
        (3, vec![1.0, 1.25, 1.6], 15.0, Some(120.0)),
        (2, vec![1.0, 1.5], 6.0, None),
        (4, vec![1.0, 1.1, 1.3, 2.0], 30.0, Some(60.0)),
        (5, vec![1.0; 5], 12.0, None),
    ] {
        let aht = 600.0;
        let t = traffic(per_hour, aht);
        let chat = ErlangChat::new(&t, 1, k, &factors, patience).unwrap();
        let lambda = per_hour / 3600.0;
        let rates: Vec<f64> = factors.iter().map(|f| 1.0 / (aht * f)).collect();
        let theta = patience.map_or(0.0, |p| 1.0 / p);
        let pi = one_agent_chain(lambda, &rates, theta);
        let k = k as usize;
        let wait: f64 = pi[k..].iter().sum();
        let queue: f64 = pi
            .iter()
            .enumerate()
            .map(|(s, p)| s.saturating_sub(k) as f64 * p)
            .sum();
        let in_service: f64 = pi
            .iter()
            .enumerate()
            .map(|(s, p)| s.min(k) as f64 * p)
            .sum();
        close(chat.prob_wait(), wait, 1e-11, "P(wait)");
        close(chat.mean_queue_length(), queue, 1e-10, "E[Q]");
        close(
            chat.mean_chats_per_agent(),
            in_service,
            1e-11,
            "E[in service]",
        );
        close(
            chat.prob_abandon(),
            theta * queue / lambda,
            1e-10,
            "P(abandon)",
        );
        for (l, p) in pi.iter().enumerate().take(k) {
            close(chat.level_shares()[l], *p, 1e-11, "share at l");
        }
        close(chat.level_shares()[k], wait, 1e-11, "share at k");
    }
}

/// A small center built from the agents' loads, with its queue cut far out,
/// solved by dense Gaussian elimination: `(load of agent 1, load of agent 2,
/// queue)` with the loads sorted.
fn two_agents_dense(
    lambda: f64,
    rates: &[f64],
    theta: f64,
    queue_cut: usize,
) -> Vec<((usize, usize), usize, f64)> {
    let k = rates.len();
    let mut states = Vec::new();
    for a in 0..=k {
        for b in a..=k {
            states.push(((a, b), 0));
        }
    }
    for j in 1..=queue_cut {
        states.push(((k, k), j));
    }
    let index = |s: ((usize, usize), usize)| states.iter().position(|&x| x == s).unwrap();
    let n = states.len();
    let mut q = vec![vec![0.0; n]; n];
    let sorted = |a: usize, b: usize| (a.min(b), a.max(b));
    for (i, &((a, b), j)) in states.iter().enumerate() {
        let mut add = |to: ((usize, usize), usize), rate: f64| {
            let t = index(to);
            q[i][t] += rate;
            q[i][i] -= rate;
        };
        // Arrival: to the less loaded agent, else the queue.
        if a < k {
            add((sorted(a + 1, b), 0), lambda);
        } else if j < queue_cut {
            add(((k, k), j + 1), lambda);
        }
        // Completions at each agent; a waiting chat takes the freed place.
        for (load, other) in [(a, b), (b, a)] {
            if load == 0 {
                continue;
            }
            let rate = load as f64 * rates[load - 1];
            if j > 0 {
                add(((k, k), j - 1), rate);
            } else {
                add((sorted(load - 1, other), 0), rate);
            }
        }
        if j > 0 {
            add(((k, k), j - 1), j as f64 * theta);
        }
    }
    // π Q = 0 with Σ π = 1: solve Qᵀ π = 0, last equation replaced by the sum.
    let mut m: Vec<Vec<f64>> = (0..n).map(|r| (0..n).map(|c| q[c][r]).collect()).collect();
    let mut rhs = vec![0.0; n];
    m[n - 1] = vec![1.0; n];
    rhs[n - 1] = 1.0;
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&x, &y| m[x][col].abs().total_cmp(&m[y][col].abs()))
            .unwrap();
        m.swap(col, pivot);
        rhs.swap(col, pivot);
        for r in col + 1..n {
            let f = m[r][col] / m[col][col];
            if f != 0.0 {
                let pivot_row = m[col].clone();
                for (x, p) in m[r].iter_mut().zip(&pivot_row).skip(col) {
                    *x -= f * p;
                }
                rhs[r] -= f * rhs[col];
            }
        }
    }
    let mut pi = vec![0.0; n];
    for r in (0..n).rev() {
        let s: f64 = (r + 1..n).map(|c| m[r][c] * pi[c]).sum();
        pi[r] = (rhs[r] - s) / m[r][r];
    }
    states
        .iter()
        .zip(pi)
        .map(|(&(l, j), p)| (l, j, p))
        .collect()
}

#[test]
fn two_agents_match_a_dense_solve() {
    for (k, factors, per_hour, patience) in [
        (2, vec![1.0, 1.5], 14.0, Some(100.0)),
        (2, vec![1.0, 1.0], 10.0, Some(300.0)),
        (3, vec![0.8, 1.2, 2.0], 25.0, Some(60.0)),
        (2, vec![1.0, 1.3], 9.0, None),
    ] {
        let aht = 600.0;
        let t = traffic(per_hour, aht);
        let chat = ErlangChat::new(&t, 2, k, &factors, patience).unwrap();
        let lambda = per_hour / 3600.0;
        let rates: Vec<f64> = factors.iter().map(|f| 1.0 / (aht * f)).collect();
        let theta = patience.map_or(0.0, |p| 1.0 / p);
        let dense = two_agents_dense(lambda, &rates, theta, 400);
        let k = k as usize;
        let wait: f64 = dense
            .iter()
            .filter(|(l, _, _)| *l == (k, k))
            .map(|x| x.2)
            .sum();
        let queue: f64 = dense.iter().map(|(_, j, p)| *j as f64 * p).sum();
        let in_service: f64 = dense.iter().map(|((a, b), _, p)| (a + b) as f64 * p).sum();
        close(chat.prob_wait(), wait, 1e-11, "P(wait)");
        close(chat.mean_queue_length(), queue, 1e-10, "E[Q]");
        close(
            chat.occupancy(),
            in_service / (2 * k) as f64,
            1e-11,
            "occupancy",
        );
        for l in 0..=k {
            let agents_at: f64 = dense
                .iter()
                .map(|((a, b), _, p)| (usize::from(*a == l) + usize::from(*b == l)) as f64 * p)
                .sum();
            close(chat.level_shares()[l], agents_at / 2.0, 1e-11, "share at l");
        }
    }
}

#[test]
fn probabilities_add_up_and_throughput_balances() {
    for (agents, k, factors, per_hour, patience) in [
        (10, 3, vec![1.0, 1.25, 1.6], 150.0, Some(120.0)),
        (28, 3, vec![1.0, 1.25, 1.6], 300.0, None),
        (8, 4, vec![1.0, 1.1, 1.2, 1.4], 200.0, Some(45.0)),
        (3, 8, vec![1.0; 8], 90.0, Some(300.0)),
        // Far more chats than the agents hold: a long queue.
        (5, 2, vec![1.0, 1.5], 200.0, Some(90.0)),
    ] {
        let t = traffic(per_hour, 600.0);
        let chat = ErlangChat::new(&t, agents, k, &factors, patience).unwrap();
        assert!(chat.residual() <= CONVERGENCE_TOLERANCE);
        close(
            chat.level_shares().iter().sum::<f64>(),
            1.0,
            1e-12,
            "Σ shares",
        );
        let lambda = per_hour / 3600.0;
        close(
            chat.throughput_per_s(),
            lambda * (1.0 - chat.prob_abandon()),
            1e-10,
            "throughput",
        );
        let kpis = chat.kpis(60.0);
        assert!(kpis.kpis.service_level <= 1.0 - kpis.kpis.prob_abandon + 1e-12);
        close(
            chat.service_level(0.0),
            1.0 - chat.prob_wait(),
            1e-12,
            "SL(0)",
        );
        close(
            chat.service_level(1e7),
            1.0 - chat.prob_abandon(),
            1e-9,
            "SL(∞)",
        );
    }
}

#[test]
fn more_agents_serve_better() {
    let t = traffic(300.0, 600.0);
    let factors = [1.0, 1.25, 1.6];
    let mut last: Option<ErlangChat> = None;
    for agents in 12..30 {
        let chat = ErlangChat::new(&t, agents, 3, &factors, Some(120.0)).unwrap();
        if let Some(prev) = &last {
            assert!(chat.prob_wait() < prev.prob_wait());
            assert!(chat.service_level(60.0) > prev.service_level(60.0));
            assert!(chat.occupancy() < prev.occupancy());
        }
        last = Some(chat);
    }
}

#[test]
fn bad_inputs_are_refused() {
    let t = traffic(300.0, 600.0);
    let err = |r: Result<ErlangChat, ChatError>| r.unwrap_err();
    assert!(matches!(
        err(ErlangChat::new(&t, 5, 0, &[], None)),
        ChatError::MaxChats { .. }
    ));
    assert!(matches!(
        err(ErlangChat::new(&t, 5, 33, &[], None)),
        ChatError::MaxChats { .. }
    ));
    assert!(matches!(
        err(ErlangChat::new(&t, 5, 3, &[1.0, 1.2], None)),
        ChatError::FactorCount {
            given: 2,
            max_chats: 3
        }
    ));
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            err(ErlangChat::new(&t, 5, 2, &[1.0, bad], Some(60.0))),
            ChatError::Factor { level: 2, .. }
        ));
    }
    let too_many = err(ErlangChat::new(&t, 1000, 3, &[], Some(60.0)));
    assert!(
        too_many.to_string().contains("167668501 states"),
        "{too_many}"
    );
    assert!(matches!(
        err(ErlangChat::new(&t, 4_000_000, 32, &[], Some(60.0))),
        ChatError::TooManyStates { .. }
    ));
    // 50 Erlangs of chats at 3 per agent need 17 agents without patience.
    match err(ErlangChat::new(&t, 16, 3, &[], None)) {
        ChatError::Unstable { needed, .. } => assert_eq!(needed, 17),
        other => panic!("{other}"),
    }
    assert!(ErlangChat::new(&t, 17, 3, &[], None).is_ok());
}

#[test]
fn no_agents_or_no_chats() {
    let t = traffic(60.0, 600.0);
    let none = ErlangChat::new(&t, 0, 3, &[], Some(60.0)).unwrap();
    close(none.prob_abandon(), 1.0, 1e-12, "everyone gives up");
    assert_eq!(none.occupancy(), 0.0);
    let quiet = ErlangChat::new(&traffic(0.0, 600.0), 4, 3, &[], None).unwrap();
    assert_eq!(quiet.prob_wait(), 0.0);
    assert_eq!(quiet.service_level(20.0), 1.0);
    assert_eq!(quiet.level_shares()[0], 1.0);
}

#[test]
fn staffing_is_the_first_level_a_scan_finds_meeting_the_targets() {
    let t = traffic(300.0, 600.0);
    let factors = [1.0, 1.25, 1.6];
    let cases = [
        (Some(120.0), "80/60", None, None, None),
        (None, "80/60", None, None, None),
        (Some(120.0), "90/30", Some(20.0), Some(0.05), None),
        (Some(300.0), "50/600", None, None, Some(0.7)),
        (Some(60.0), "20/600", None, None, None),
    ];
    for (patience, sl, asa, abandon, occupancy) in cases {
        let center = ChatCenter {
            traffic: &t,
            max_chats: 3,
            factors: &factors,
            patience_s: patience,
        };
        let targets = Targets {
            service_level: Some(sl.parse().unwrap()),
            max_asa_s: asa,
            max_abandon: abandon,
            max_occupancy: occupancy,
        };
        let threshold = targets.service_level.unwrap().within_s;
        let (required, table) = required_chat_agents(center, &targets, threshold, 2).unwrap();
        let scan = (center.fewest_agents()..)
            .find(|&n| targets.met_by(&center.solve(n).unwrap().kpis(threshold).kpis))
            .unwrap();
        assert_eq!(required.kpis.agents, scan, "{sl} {patience:?}");
        let agents: Vec<u32> = table.iter().map(|k| k.kpis.agents).collect();
        let first = scan.saturating_sub(2).max(center.fewest_agents());
        assert_eq!(agents, (first..=scan + 2).collect::<Vec<_>>());
    }
}

/// With every factor 1 an agent's chats finish at `l·μ` whatever the mix,
/// so the chats in the system are exactly M/M/(N·k)(+M): Erlang C and A
/// with `N·k` servers, although the agents' own loads are not balanced.
#[test]
fn equal_factors_are_erlang_with_one_server_per_chat_slot() {
    for (agents, k, per_hour, patience) in [
        (17, 3, 300.0, None),
        (6, 4, 140.0, Some(90.0)),
        (30, 2, 330.0, Some(200.0)),
    ] {
        let t = traffic(per_hour, 600.0);
        let chat = ErlangChat::new(&t, agents, k, &[], patience).unwrap();
        let slots = agents * k;
        let (wait, sl, queue, occupancy) = match patience {
            Some(p) => {
                let a = ErlangA::new(&t, slots, p).unwrap();
                close(chat.prob_abandon(), a.prob_abandon(), 1e-11, "P(abandon)");
                (
                    a.prob_wait(),
                    a.outcomes_at(30.0).answered,
                    a.mean_queue_length(),
                    a.occupancy(),
                )
            }
            None => {
                let c = ErlangC::new(&t, slots).unwrap();
                (
                    c.prob_wait(),
                    c.service_level(30.0),
                    c.mean_queue_length(),
                    c.occupancy(),
                )
            }
        };
        close(chat.prob_wait(), wait, 1e-11, "P(wait)");
        close(chat.service_level(30.0), sl, 1e-11, "SL");
        close(chat.mean_queue_length(), queue, 1e-10, "E[Q]");
        close(chat.occupancy(), occupancy, 1e-11, "occupancy");
    }
}

#[test]
fn the_gallop_stops_at_the_largest_chain() {
    for k in [1, 2, 3, 10, 32] {
        let most = staffing::most_solvable_agents(k);
        assert!(state_count(most, k).is_ok(), "k={k}");
        assert!(state_count(most + 1, k).is_err(), "k={k}");
    }
    // C(229, 3) = 1 975 354 states, C(230, 3) = 2 001 460.
    assert_eq!(staffing::most_solvable_agents(3), 226);
}
