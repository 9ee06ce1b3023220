//! Sentences several commands' documents share, each written once.

use crate::kpi::TargetKpi;
use crate::lang::{Words, fill};
use crate::scenario::OwnTargets;
use crate::stats::Estimator;

/// "1 replication", "2 replications".
pub fn replications(n: u64, w: &Words) -> String {
    w.count(n, w.replication, w.replications)
}

/// The order staffing and Erlang list their targets in. `simulate` lists
/// them in the order of [`TargetKpi::ALL`], that of its days-meeting columns.
pub const PLANNING_ORDER: [TargetKpi; 3] = [
    TargetKpi::ServiceLevel,
    TargetKpi::Asa,
    TargetKpi::AbandonRate,
];

/// The targets in one sentence, each as `w` phrases it, in `order`, then
/// the occupancy cap (a target of staffing only): "80 % answered within
/// 20 s, ASA ≤ 15 s, abandonment ≤ 5 %, occupancy ≤ 85 %".
pub fn targets_sentence(
    order: &[TargetKpi],
    target: impl Fn(TargetKpi) -> Option<f64>,
    answer_within_s: f64,
    max_occupancy: Option<f64>,
    w: &Words,
) -> String {
    targets_sentence_with(order, target, answer_within_s, &[], max_occupancy, w)
}

/// The call types with a threshold of their own (`own`: name, seconds), as
/// a report lists them: "web chat 60 s, vip 10 s".
pub fn own_thresholds_list(own: &[(&str, f64)], w: &Words) -> String {
    let listed: Vec<String> = own
        .iter()
        .map(|(name, s)| format!("{name} {} {}", w.number(*s), w.seconds))
        .collect();
    listed.join(", ")
}

/// The call types with targets of their own (`own`: name, targets), as a
/// report lists them: "chat: SL ≥ 70 %, abandonment ≤ 10 %; e-mail: SL ≥ 90 %"
/// (each type's threshold is in its label).
pub fn own_targets_list(own: &[(&str, OwnTargets)], w: &Words) -> String {
    let listed: Vec<String> = own
        .iter()
        .map(|(name, t)| {
            let parts: Vec<String> = PLANNING_ORDER
                .iter()
                .filter_map(|&kpi| {
                    let value = kpi.own_target(t)?;
                    Some(match kpi {
                        // The threshold is in the type's label, not here.
                        TargetKpi::ServiceLevel => {
                            format!("{} ≥ {} %", w.sl_short, w.number(value * 100.0))
                        }
                        _ => w.target_phrase(kpi, value, 0.0),
                    })
                })
                .collect();
            format!("{name}: {}", parts.join(", "))
        })
        .collect();
    listed.join("; ")
}

/// As [`targets_sentence`], the service level followed by the call types
/// with a threshold of their own (`own`: name, seconds): "80 % answered
/// within 20 s (web chat 60 s)".
pub fn targets_sentence_with(
    order: &[TargetKpi],
    target: impl Fn(TargetKpi) -> Option<f64>,
    answer_within_s: f64,
    own: &[(&str, f64)],
    max_occupancy: Option<f64>,
    w: &Words,
) -> String {
    let mut parts: Vec<String> = order
        .iter()
        .filter_map(|&kpi| {
            let mut phrase = w.target_phrase(kpi, target(kpi)?, answer_within_s);
            if kpi == TargetKpi::ServiceLevel && !own.is_empty() {
                phrase.push_str(&format!(" ({})", own_thresholds_list(own, w)));
            }
            Some(phrase)
        })
        .collect();
    if let Some(occupancy) = max_occupancy {
        let pct = w.number(occupancy * 100.0);
        parts.push(fill(w.occupancy_at_most, &[("pct", &pct)]));
    }
    parts.join(", ")
}

/// The timing footer: "120000 calls simulated in 1.25 s on 4 threads".
pub fn timing(calls_simulated: u64, wall_time_s: f64, threads: Option<usize>, w: &Words) -> String {
    let seconds = w.decimal(wall_time_s, 2);
    let mut text = fill(
        w.timing,
        &[("calls", &calls_simulated), ("seconds", &seconds)],
    );
    if let Some(threads) = threads {
        let threads = w.count(threads as u64, w.thread, w.threads);
        text.push_str(&fill(w.on_threads, &[("threads", &threads)]));
    }
    text
}

/// What the ± intervals are around, by estimator.
pub fn estimates_phrase(estimator: Estimator, w: &Words) -> &'static str {
    match estimator {
        Estimator::RatioOfSums => w.ratios_and_means,
        Estimator::DailyMean => w.daily_mean,
    }
}

/// Rounds away binary noise (0.7000000000000001) for display.
pub fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{EN, PT};

    #[test]
    fn the_targets_sentence_follows_the_order_given() {
        let target = |kpi| match kpi {
            TargetKpi::ServiceLevel => Some(0.8),
            TargetKpi::AbandonRate => Some(0.05),
            TargetKpi::Asa => Some(15.0),
        };
        assert_eq!(
            targets_sentence(&TargetKpi::ALL, target, 20.0, None, &EN),
            "80 % answered within 20 s, abandonment ≤ 5 %, ASA ≤ 15 s"
        );
        assert_eq!(
            targets_sentence(&PLANNING_ORDER, target, 20.0, Some(0.85), &EN),
            "80 % answered within 20 s, ASA ≤ 15 s, abandonment ≤ 5 %, occupancy ≤ 85 %"
        );
        assert_eq!(
            targets_sentence(&PLANNING_ORDER, target, 12.5, Some(0.85), &PT),
            "80 % atendidas em até 12,5 s, TME ≤ 15 s, abandono ≤ 5 %, ocupação ≤ 85 %"
        );
        assert_eq!(
            targets_sentence(&PLANNING_ORDER, |_| None, 20.0, None, &EN),
            ""
        );
    }

    #[test]
    fn the_footer_names_threads_only_when_given() {
        assert_eq!(timing(10, 1.234, None, &EN), "10 calls simulated in 1.23 s");
        assert_eq!(
            timing(10, 1.0, Some(1), &EN),
            "10 calls simulated in 1.00 s on 1 thread"
        );
        assert_eq!(
            timing(10, 1.0, Some(4), &EN),
            "10 calls simulated in 1.00 s on 4 threads"
        );
        assert_eq!(
            timing(10, 1.0, Some(4), &PT),
            "10 chamadas simuladas em 1,00 s em 4 linhas de execução"
        );
    }
}
