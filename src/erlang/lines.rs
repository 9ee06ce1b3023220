//! Erlang B sizing: the fewest lines (trunks, or agents with no queue at
//! all) whose blocking is at most a target, the classic trunk table. A call
//! that finds every line busy is lost; B(n, A) falls as lines are added, so
//! the answer is the first n with B(n, A) ≤ the target, found by bisection
//! between a line count known too small and one known large enough.

use serde::{Deserialize, Serialize};

use super::erlang_b::blocking;
use super::error::ErlangError;
use super::explain::{EXPLAIN_EN, ExplainText, filled, recursion_steps_in};
use super::traffic::{MAX_AGENTS, Traffic};

/// What `lines` lines give a load: the share of calls blocked, the calls
/// lost per hour, the traffic the lines carry and how busy each line is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LineKpis {
    pub lines: u32,
    pub blocking: f64,
    pub lost_calls_per_hour: f64,
    pub carried_erlangs: f64,
    /// Carried Erlangs per line.
    pub occupancy: f64,
}

/// The KPIs of `lines` lines under `traffic`.
pub fn line_kpis(traffic: &Traffic, lines: u32) -> LineKpis {
    let load = traffic.offered_load();
    let b = blocking(lines, load);
    let carried = load * (1.0 - b);
    LineKpis {
        lines,
        blocking: b,
        lost_calls_per_hour: traffic.arrival_rate_per_s() * 3600.0 * b,
        carried_erlangs: carried,
        occupancy: if lines == 0 {
            0.0
        } else {
            carried / f64::from(lines)
        },
    }
}

/// A percentage as a reader gives it: the share × 100 without the binary
/// noise of the product (1e-9 → 0.0000001, not 0.00000009999999999999998).
pub fn share_as_pct(share: f64) -> f64 {
    format!("{:.12e}", share * 100.0)
        .parse()
        .unwrap_or(share * 100.0)
}

/// The fewest lines whose blocking is at most `max_blocking` (a share in
/// (0, 1)).
pub fn required_lines(traffic: &Traffic, max_blocking: f64) -> Result<u32, ErlangError> {
    let load = traffic.offered_load();
    let meets = |n: u32| blocking(n, load) <= max_blocking;
    // No traffic: no call to block, so no line is needed.
    if load == 0.0 || meets(0) {
        return Ok(0);
    }
    // From the load up, doubling until a count meets the target, then bisect.
    let (mut too_few, mut enough) = (0_u32, (load.ceil() as u32).max(1));
    while !meets(enough) {
        if enough >= MAX_AGENTS {
            return Err(ErlangError::LinesUnreachable {
                max_lines: MAX_AGENTS,
                max_blocking_pct: max_blocking * 100.0,
            });
        }
        too_few = enough;
        enough = enough.saturating_mul(2).min(MAX_AGENTS);
    }
    while enough - too_few > 1 {
        let middle = too_few + (enough - too_few) / 2;
        if meets(middle) {
            enough = middle;
        } else {
            too_few = middle;
        }
    }
    Ok(enough)
}

/// The KPIs of `around` line counts on each side of `required`.
pub fn lines_table(traffic: &Traffic, required: u32, around: u32) -> Vec<LineKpis> {
    let low = required.saturating_sub(around);
    let high = required.saturating_add(around).min(MAX_AGENTS);
    (low..=high).map(|n| line_kpis(traffic, n)).collect()
}

/// Recursion steps shown in full up to this many lines; beyond, the first
/// and last few.
const SHOWN_IN_FULL: u32 = 40;
const ENDS_SHOWN: u32 = 6;

/// The search step by step with the numbers substituted: the load, the
/// recursion up to the answer, and why one line fewer fails; in English.
pub fn explain_lines(traffic: &Traffic, lines: u32, max_blocking: f64) -> Vec<String> {
    explain_lines_in(traffic, lines, max_blocking, &EXPLAIN_EN)
}

/// [`explain_lines`] in `text`'s words.
pub fn explain_lines_in(
    traffic: &Traffic,
    lines: u32,
    max_blocking: f64,
    text: &ExplainText,
) -> Vec<String> {
    let load = traffic.offered_load();
    let lambda = traffic.arrival_rate_per_s();
    let aht = traffic.aht_s();
    let fill = |template: &str, values: &[(&str, String)]| filled(text, template, values);
    let max = format!("{max_blocking:.6}");
    let mut out = vec![
        fill(text.step_load, &[]),
        fill(
            text.arrival_rate,
            &[
                ("lambda", format!("{lambda:.6}")),
                ("per_hour", format!("{:.2}", lambda * 3600.0)),
                ("aht", aht.to_string()),
            ],
        ),
        fill(
            text.offered_load,
            &[
                ("lambda", format!("{lambda:.6}")),
                ("aht", aht.to_string()),
                ("load", format!("{load:.4}")),
            ],
        ),
        fill(text.step_erlang_b, &[]),
    ];
    let previous = recursion_steps_in(&mut out, lines, load, SHOWN_IN_FULL, ENDS_SHOWN, text);
    out.push(fill(
        text.lines_step_fewest,
        &[
            ("max", max.clone()),
            ("pct", share_as_pct(max_blocking).to_string()),
        ],
    ));
    if lines > 0 {
        let fewer = blocking(lines - 1, load);
        out.push(fill(
            text.lines_too_few,
            &[
                ("fewer", (lines - 1).to_string()),
                ("b", format!("{fewer:.6}")),
                ("max", max.clone()),
            ],
        ));
    }
    out.push(fill(
        text.lines_enough,
        &[
            ("lines", lines.to_string()),
            ("b", format!("{previous:.6}")),
            ("max", max),
            ("lost", format!("{:.2}", lambda * 3600.0 * previous)),
            ("carried", format!("{:.4}", load * (1.0 - previous))),
        ],
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// B(n, A) from its definition, Aⁿ/n! / Σ Aᵏ/k!, for small n.
    fn by_definition(n: u32, a: f64) -> f64 {
        let mut term = 1.0;
        let mut sum = 1.0;
        for k in 1..=n {
            term *= a / f64::from(k);
            sum += term;
        }
        term / sum
    }

    #[test]
    fn the_textbook_trunk_table() {
        // Erlang B tables: 10 Erlangs need 18 lines at 1 %, 15 at 5 %;
        // 2 Erlangs need 7 lines at 0.5 %.
        for (load, blocking_pct, lines) in [(10.0, 1.0, 18), (10.0, 5.0, 15), (2.0, 0.5, 7)] {
            let traffic = Traffic::from_erlangs(load, 180.0).unwrap();
            let n = required_lines(&traffic, blocking_pct / 100.0).unwrap();
            assert_eq!(n, lines, "{load} E at {blocking_pct} %");
            assert!(by_definition(n, load) <= blocking_pct / 100.0);
            assert!(by_definition(n - 1, load) > blocking_pct / 100.0);
        }
    }

    #[test]
    fn the_answer_is_the_first_count_meeting_the_target_at_any_size() {
        for load in [0.3, 7.0, 95.5, 1234.0, 40_000.0] {
            let traffic = Traffic::from_erlangs(load, 60.0).unwrap();
            for target in [0.2, 0.01, 0.001] {
                let n = required_lines(&traffic, target).unwrap();
                assert!(blocking(n, load) <= target, "{load} {target}");
                assert!(n == 0 || blocking(n - 1, load) > target, "{load} {target}");
            }
        }
        let idle = Traffic::from_erlangs(0.0, 180.0).unwrap();
        assert_eq!(required_lines(&idle, 0.01).unwrap(), 0);
        assert_eq!(share_as_pct(1e-9), 1e-7);
        let table = lines_table(&Traffic::from_erlangs(10.0, 180.0).unwrap(), 18, 3);
        assert_eq!(table.first().unwrap().lines, 15);
        assert_eq!(table.len(), 7);
        let k = table[3];
        assert!((k.carried_erlangs - 10.0 * (1.0 - k.blocking)).abs() < 1e-12);
        assert!((k.occupancy - k.carried_erlangs / 18.0).abs() < 1e-12);
        // 10 Erlangs over 180 s calls: 200 calls an hour.
        assert!((k.lost_calls_per_hour - 200.0 * k.blocking).abs() < 1e-9);
    }

    #[test]
    fn explain_shows_why_one_line_fewer_fails() {
        let traffic = Traffic::from_erlangs(10.0, 180.0).unwrap();
        let text = explain_lines(&traffic, 18, 0.01).join("\n");
        // Each step's value is the definition's, to the digits shown.
        for k in [1, 17, 18] {
            let step = format!("= {:.6}\n", by_definition(k, 10.0));
            assert!(
                text.lines()
                    .any(|l| l.starts_with(&format!("  B({k}) = 10.0000"))
                        && format!("{l}\n").ends_with(&step)),
                "B({k}): {text}"
            );
        }
        let fewer = format!(
            "B(17) = {:.6} > 0.010000: 17 lines block too many calls",
            by_definition(17, 10.0)
        );
        assert!(text.contains(&fewer), "{text}");
    }
}
