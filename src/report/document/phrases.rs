//! Sentences several commands' documents share, each written once.

use crate::kpi::TargetKpi;
use crate::stats::Estimator;

/// The words where a half-width would be: a half-width needs two replications.
pub const ONE_REPLICATION: &str = "no confidence half-widths with one replication";

/// "1 replication", "2 replications".
pub fn plural(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The order staffing and Erlang list their targets in. `simulate` lists
/// them in the order of [`TargetKpi::ALL`], that of its days-meeting columns.
pub const PLANNING_ORDER: [TargetKpi; 3] = [
    TargetKpi::ServiceLevel,
    TargetKpi::Asa,
    TargetKpi::AbandonRate,
];

/// The targets in one sentence, each as its definition phrases it, in
/// `order`, then the occupancy cap (a target of staffing only): "80 %
/// answered within 20 s, ASA ≤ 15 s, abandonment ≤ 5 %, occupancy ≤ 85 %".
pub fn targets_sentence(
    order: &[TargetKpi],
    target: impl Fn(TargetKpi) -> Option<f64>,
    answer_within_s: f64,
    max_occupancy: Option<f64>,
) -> String {
    let mut parts: Vec<String> = order
        .iter()
        .filter_map(|&kpi| target(kpi).map(|v| (kpi.def().phrase)(v, answer_within_s)))
        .collect();
    if let Some(occupancy) = max_occupancy {
        parts.push(format!("occupancy ≤ {} %", occupancy * 100.0));
    }
    parts.join(", ")
}

/// The timing footer: "120000 calls simulated in 1.25 s on 4 threads".
pub fn timing(calls_simulated: u64, wall_time_s: f64, threads: Option<usize>) -> String {
    let mut text = format!("{calls_simulated} calls simulated in {wall_time_s:.2} s");
    if let Some(threads) = threads {
        text.push_str(&format!(" on {}", plural(threads as u64, "thread")));
    }
    text
}

/// What the ± intervals are around, by estimator.
pub fn estimates_phrase(estimator: Estimator) -> &'static str {
    match estimator {
        Estimator::RatioOfSums => "ratios over all days (Σ/Σ) and means",
        Estimator::DailyMean => "means of the daily values",
    }
}

/// Rounds away binary noise (0.7000000000000001) for display.
pub fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_targets_sentence_follows_the_order_given() {
        let target = |kpi| match kpi {
            TargetKpi::ServiceLevel => Some(0.8),
            TargetKpi::AbandonRate => Some(0.05),
            TargetKpi::Asa => Some(15.0),
        };
        assert_eq!(
            targets_sentence(&TargetKpi::ALL, target, 20.0, None),
            "80 % answered within 20 s, abandonment ≤ 5 %, ASA ≤ 15 s"
        );
        assert_eq!(
            targets_sentence(&PLANNING_ORDER, target, 20.0, Some(0.85)),
            "80 % answered within 20 s, ASA ≤ 15 s, abandonment ≤ 5 %, occupancy ≤ 85 %"
        );
        assert_eq!(targets_sentence(&PLANNING_ORDER, |_| None, 20.0, None), "");
    }

    #[test]
    fn the_footer_names_threads_only_when_given() {
        assert_eq!(timing(10, 1.234, None), "10 calls simulated in 1.23 s");
        assert_eq!(
            timing(10, 1.0, Some(1)),
            "10 calls simulated in 1.00 s on 1 thread"
        );
        assert_eq!(
            timing(10, 1.0, Some(4)),
            "10 calls simulated in 1.00 s on 4 threads"
        );
    }
}
