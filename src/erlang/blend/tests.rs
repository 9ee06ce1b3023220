use super::*;

fn traffic() -> Traffic {
    Traffic::from_calls_per_hour(100.0, 180.0).unwrap()
}

fn dialer(above: u32, reach: f64) -> Dialer {
    Dialer {
        dial_when_idle_agents_above: above,
        dial_s: 20.0,
        reach_prob: reach,
        outbound_aht_s: 240.0,
    }
}

#[test]
fn with_no_reaches_the_inbound_side_is_erlang_a_and_c() {
    for patience in [Some(120.0), None] {
        let b = Blending::new(&traffic(), 7, patience, dialer(1, 0.0)).unwrap();
        let k = b.kpis(20.0).unwrap();
        let w = &k.without_outbound;
        assert!((k.prob_wait - w.prob_wait).abs() < 1e-12, "{k:?}");
        assert!((k.service_level - w.service_level).abs() < 1e-12, "{k:?}");
        assert!((k.prob_abandon - w.prob_abandon).abs() < 1e-12, "{k:?}");
        let asa = k.asa_answered_s.unwrap() - w.asa_answered_s.unwrap();
        assert!(asa.abs() < 1e-10, "{k:?}");
        assert_eq!(k.connects_per_hour, 0.0);
    }
}

#[test]
fn flows_balance() {
    let lambda = traffic().arrival_rate_per_s();
    for patience in [Some(120.0), None] {
        let b = Blending::new(&traffic(), 8, patience, dialer(2, 0.3)).unwrap();
        let reached = b.dials_per_s() * 0.3;
        assert!((reached - b.connects_per_s() - b.nuisance_per_s()).abs() < 1e-15);
        // Talks ended = connects, answered + abandoned = λ, both from the chain.
        let rel = (b.outbound_throughput_per_s() - b.connects_per_s()) / b.connects_per_s();
        assert!(rel.abs() < 1e-10, "{rel}");
        let answered = b.inbound_throughput_per_s() / lambda;
        assert!((answered + b.prob_abandon() - 1.0).abs() < 1e-10);
        assert!((b.prob_answered() - answered).abs() < 1e-10);
    }
}

#[test]
fn the_service_level_takes_the_jumps_its_poisson_tail_needs() {
    // Without patience the tail of jumps was judged by a difference of sums
    // whose rounding never fell below its bound: ten million jumps for a
    // 20 s threshold. The jumps needed are about the mean number in the
    // threshold, plus a few of its standard deviations.
    for patience in [None, Some(120.0)] {
        let b = Blending::new(&traffic(), 7, patience, dialer(2, 0.3)).unwrap();
        for threshold in [20.0, 600.0] {
            let (sl, jumps) = b.service_level_and_jumps(threshold);
            let depth = b.busy_mass[0].len();
            let uniform = (0..=7).map(|o| b.exits(o, depth - 1).3).fold(0.0, f64::max);
            let mean = uniform * threshold;
            let enough = mean + 20.0 * mean.sqrt() + 60.0;
            assert!(
                jumps as f64 <= enough,
                "{patience:?} {threshold}: {jumps} jumps, mean {mean}"
            );
            assert!(sl > 0.0 && sl <= b.prob_answered() + 1e-12, "{sl}");
        }
    }
}

#[test]
fn service_level_runs_from_no_wait_to_the_answered_share() {
    let b = Blending::new(&traffic(), 6, Some(90.0), dialer(1, 0.4)).unwrap();
    assert!((b.service_level(0.0) - (1.0 - b.prob_wait())).abs() < 1e-15);
    assert!((b.service_level(3000.0) - b.prob_answered()).abs() < 1e-10);
    let mut last = 0.0;
    for t in [0.0, 5.0, 20.0, 60.0, 300.0] {
        let sl = b.service_level(t);
        assert!(sl >= last - 1e-15);
        last = sl;
    }
}

#[test]
fn refuses_what_it_cannot_answer() {
    assert!(matches!(
        Blending::new(&traffic(), 5, None, dialer(5, 0.3)),
        Err(BlendError::Threshold { .. })
    ));
    assert!(matches!(
        Blending::new(&traffic(), 5, None, dialer(1, 0.3)),
        Err(BlendError::Unstable { .. })
    ));
    assert!(matches!(
        Blending::new(&traffic(), 400, Some(60.0), dialer(0, 0.3)),
        Err(BlendError::TooManyStates { .. })
    ));
}
