//! The fitted values as a scenario file, commented: what each value is, its
//! standard error, the goodness of fit, and what the log could not tell.
//! The text is checked by loading it as callsim would before it is returned.

use std::fmt::Write as _;

use super::{DurationFit, FitReport, IntervalRate, QueueFit, RepeatEstimate, WEEKDAYS, clock};
use crate::distribution::RawDistribution;

/// What the scenario needs beyond the fit.
#[derive(Debug, Clone)]
pub struct ScenarioOptions {
    /// Agents in every interval; `None`: estimated from the answered work.
    pub agents: Option<u32>,
    /// The occupancy the estimate divides the busy agents by, in %.
    pub occupancy_pct: f64,
    pub seed: u64,
    pub replications: u32,
}

impl Default for ScenarioOptions {
    fn default() -> Self {
        Self {
            agents: None,
            occupancy_pct: 85.0,
            seed: 1,
            replications: 30,
        }
    }
}

/// The written scenario failed to load: a fault of this module, reported
/// rather than written.
#[derive(Debug, thiserror::Error)]
#[error("the fitted scenario does not load ({0}); please report it")]
pub struct WriteError(String);

/// A number with at most `digits` significant digits, as TOML writes it.
fn num(v: f64, digits: usize) -> String {
    if v == 0.0 || !v.is_finite() {
        return "0".into();
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    let text = format!("{v:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text.contains('.') || text.contains('e') {
        text
    } else {
        format!("{text}.0")
    }
}

/// `{ dist = "lognormal", mean_s = 240.1, cv = 0.61 }`.
pub fn inline(raw: &RawDistribution) -> String {
    let mut parts = vec![format!("dist = \"{}\"", raw.dist.name())];
    let keys = [
        ("mean_s", raw.mean_s),
        ("cv", raw.cv),
        ("shape", raw.shape),
        ("scale_s", raw.scale_s),
    ];
    for (key, value) in keys {
        if let Some(v) = value {
            parts.push(format!("{key} = {}", num(v, 6)));
        }
    }
    if let Some(k) = raw.k {
        parts.push(format!("k = {k}"));
    }
    format!("{{ {} }}", parts.join(", "))
}

/// The weekdays the scenario's days run through: from the log's first
/// weekday to its last (Monday first); absent ones inside get no calls.
fn day_span(report: &FitReport) -> std::ops::RangeInclusive<usize> {
    let present: Vec<usize> = (0..7).filter(|&w| report.days_by_weekday[w] > 0).collect();
    let first = present.first().copied().unwrap_or(0);
    let last = present.last().copied().unwrap_or(0);
    first..=last
}

/// The scenario text for `report`, loaded once to check it.
pub fn scenario(report: &FitReport, options: &ScenarioOptions) -> Result<String, WriteError> {
    let mut out = String::new();
    header(&mut out, report, options);
    for entry in &report.entries {
        entry_tables(&mut out, report, entry);
    }
    for queue in &report.queues {
        call_type(&mut out, report, queue);
    }
    for queue in &report.queues {
        agent_group(&mut out, report, queue, options);
    }
    crate::scenario::Scenario::from_toml(&out, "the fitted scenario", &[])
        .map_err(|e| WriteError(e.to_string()))?;
    Ok(out)
}

fn header(out: &mut String, report: &FitReport, options: &ScenarioOptions) {
    let span = day_span(report);
    let _ = writeln!(
        out,
        "# Fitted by `callsim fit` from {} ({} call attempts over {} days).\n\
         # Every value below is an estimate: its standard error and goodness of fit\n\
         # are in the comment above it. Simulate it with `callsim simulate FILE`.",
        report.file, report.rows, report.days
    );
    let _ = writeln!(
        out,
        "\n[simulation]\nseed = {}\nreplications = {}\ninterval_min = {}\nopen = \"{}\"\nintervals = {}          # the intervals of the day with calls in the log",
        options.seed,
        options.replications,
        report.interval_min,
        clock(report.open_interval, report.interval_min),
        (report.close_interval - report.open_interval).max(1),
    );
    let days = span.end() - span.start() + 1;
    if days > 1 {
        let _ = writeln!(
            out,
            "days = {days}               # {} to {}: the weekdays of the log",
            WEEKDAYS[*span.start()],
            WEEKDAYS[*span.end()]
        );
    }
    let _ = writeln!(out, "first_day = \"{}\"", WEEKDAYS[*span.start()]);
}

/// `key = [` a list per weekday `]`, each weekday's values on its lines
/// and their standard errors in a comment below them.
fn per_interval_list(
    out: &mut String,
    report: &FitReport,
    key: &str,
    rates: &[IntervalRate],
    value: impl Fn(&IntervalRate) -> (f64, Option<f64>),
    digits: usize,
) {
    let _ = writeln!(out, "{key} = [");
    let intervals = (report.close_interval - report.open_interval).max(1);
    for weekday in day_span(report) {
        let days = report.days_by_weekday[weekday];
        let of_day: Vec<&IntervalRate> = rates.iter().filter(|r| r.weekday == weekday).collect();
        if of_day.is_empty() {
            let _ = writeln!(out, "    # {}: not in the log, no calls", WEEKDAYS[weekday]);
            let zeros = vec!["0"; intervals].join(", ");
            let _ = writeln!(out, "    {zeros},");
            continue;
        }
        let _ = writeln!(
            out,
            "    # {} (mean of {days} days; ± standard error below)",
            WEEKDAYS[weekday]
        );
        for chunk in of_day.chunks(12) {
            let values: Vec<String> = chunk.iter().map(|r| num(value(r).0, digits)).collect();
            let _ = writeln!(out, "    {},", values.join(", "));
        }
        if of_day.iter().any(|r| value(r).1.is_some()) {
            for chunk in of_day.chunks(12) {
                let errors: Vec<String> = chunk
                    .iter()
                    .map(|r| num(value(r).1.unwrap_or(0.0), 2))
                    .collect();
                let _ = writeln!(out, "    # ± {}", errors.join(", "));
            }
        }
    }
    let _ = writeln!(out, "]");
}

fn duration_comment(out: &mut String, what: &str, fit: &DurationFit) {
    let _ = writeln!(
        out,
        "# {what}: {} answered calls, sample mean {} s; maximum likelihood, by AIC (lowest first):",
        fit.calls,
        num(fit.sample_mean_s, 5)
    );
    for f in &fit.families {
        let se = |v: Option<f64>| v.map_or(String::new(), |v| format!(" ± {}", num(v, 2)));
        let _ = writeln!(
            out,
            "#   {:<11} AIC {:>12}  mean {}{} s, cv {}{}; KS D = {} (p = {}; 5 % critical {})",
            f.family.name(),
            format!("{:.1}", f.aic),
            num(f.mean_s, 5),
            se(f.mean_se_s),
            num(f.cv, 3),
            se(f.cv_se),
            num(f.ks.ks_distance, 3),
            p_value(f.ks.ks_p_value),
            num(f.ks.ks_critical_5pct, 2),
        );
    }
    if fit.zero_share > 0.0 {
        let _ = writeln!(
            out,
            "#   {:.1} % of them are 0 s (fitted as half a millisecond)",
            fit.zero_share * 100.0
        );
    }
}

/// A p-value as a reader compares it with 0.05: tiny ones as a bound, not 300 zeros.
fn p_value(p: f64) -> String {
    if p < 1e-4 {
        "< 0.0001".into()
    } else {
        num(p, 2)
    }
}

fn call_type(out: &mut String, report: &FitReport, q: &QueueFit) {
    let _ = writeln!(
        out,
        "\n[[call_type]]\nname = \"{}\"\n# {} attempts: {} answered, {} abandoned, {} blocked, {} balked; {} through the IVR",
        escape(&q.name),
        q.attempts,
        q.answered,
        q.abandoned,
        q.blocked,
        q.balked,
        q.via_ivr
    );
    if q.via_ivr < q.attempts {
        let _ = writeln!(
            out,
            "# Calls per interval offered directly, first attempts only: the retrials and\n# recontacts found in the log are left to `retry` and `recontact` below."
        );
        per_interval_list(
            out,
            report,
            "calls_per_interval",
            &q.arrivals,
            |r| (r.fresh_calls, Some(r.fresh_calls_se)),
            4,
        );
    }
    match q.handle.as_ref().and_then(|h| h.best().map(|b| (h, b))) {
        Some((fit, best)) => {
            duration_comment(out, "handle (talk time)", fit);
            let _ = writeln!(out, "handle = {}", inline(&best.distribution));
        }
        None => {
            let _ = writeln!(
                out,
                "# No answered calls to fit a handle time to: a placeholder of 300 s."
            );
            let _ = writeln!(out, "handle = {{ dist = \"exponential\", mean_s = 300.0 }}");
        }
    }
    if let Some((fit, best)) = q
        .after_call_work
        .as_ref()
        .and_then(|h| h.best().map(|b| (h, b)))
    {
        duration_comment(out, "after-call work", fit);
        let _ = writeln!(out, "after_call_work = {}", inline(&best.distribution));
    }
    patience(out, q);
    repeats(out, report, q);
    if q.blocked > 0 {
        let _ = writeln!(
            out,
            "# {} calls got a busy signal: the log does not tell the number of lines; set [trunks] lines to model it.",
            q.blocked
        );
    }
    if q.balked > 0 {
        let _ = writeln!(
            out,
            "# {} callers left at once on seeing the queue (balked; they are in the calls above and\n# their patience is unknown): the log does not tell the queue they saw; set\n# balk = {{ when_waiting = K, prob_pct = P }} to model them.",
            q.balked
        );
    }
}

fn patience(out: &mut String, q: &QueueFit) {
    let Some(p) = &q.patience else {
        return;
    };
    let Some(best) = p.fits.first() else {
        let _ = writeln!(
            out,
            "# Patience: {} waits, {} abandoned: too few to fit; callers never hang up here.",
            p.waits, p.abandoned
        );
        return;
    };
    let _ = writeln!(
        out,
        "# Patience: {} waits, {} abandoned ({:.1} % censored: an answered caller's wait is a lower\n# bound on their patience). Censored maximum likelihood, by AIC:",
        p.waits,
        p.abandoned,
        p.censored_share * 100.0
    );
    for f in &p.fits {
        let _ = writeln!(
            out,
            "#   {:<11} AIC {:>12}  mean {}{} s",
            f.family.name(),
            format!("{:.1}", f.aic),
            num(f.mean_s, 5),
            f.mean_se_s
                .map_or(String::new(), |v| format!(" ± {}", num(v, 2)))
        );
    }
    if let Some(naive) = p.naive_mean_s {
        let _ = writeln!(
            out,
            "# The mean of the abandoned waits alone, {}{} s, ignores censoring: biased low.",
            num(naive, 5),
            p.naive_mean_se_s
                .map_or(String::new(), |v| format!(" ± {}", num(v, 2)))
        );
    }
    let _ = writeln!(out, "patience = {}", inline(&best.distribution));
}

fn exponential_delay(mean: f64) -> String {
    format!(
        "{{ dist = \"exponential\", mean_s = {} }}",
        num(mean.max(1.0), 6)
    )
}

fn repeats(out: &mut String, report: &FitReport, q: &QueueFit) {
    if !report.has_callers {
        let _ = writeln!(
            out,
            "# The log names no callers: retrials and recontacts cannot be told from fresh calls."
        );
        return;
    }
    let share_line = |r: &RepeatEstimate| {
        format!(
            "{:.2} ± {:.2} % of {} ({} repeated), mean delay {} s",
            r.share * 100.0,
            r.share_se * 100.0,
            r.attempts,
            r.repeated,
            r.delay_mean_s.map_or("–".into(), |d| num(d, 5))
        )
    };
    if let Some(r) = q.retrial.as_ref().filter(|r| r.repeated > 0) {
        let _ = writeln!(
            out,
            "# Retrials within {} min of abandoning or a busy signal: {}.\n# Later ones count as fresh calls; the delay is exponential with the observed mean\n# (delays are cut at the window).",
            num(report.retrial_window_min, 4),
            share_line(r)
        );
        let _ = writeln!(
            out,
            "retry = {{ prob_pct = {}, delay = {} }}",
            num((r.share * 100.0).min(99.9), 5),
            exponential_delay(r.delay_mean_s.unwrap_or(1.0))
        );
    }
    if let Some(r) = q.recontact.as_ref().filter(|r| r.repeated > 0) {
        let _ = writeln!(
            out,
            "# Recontacts within {} h of an answered call: {}; FCR = {:.2} %.",
            num(report.recontact_window_h, 4),
            share_line(r),
            (1.0 - r.share) * 100.0
        );
        let _ = writeln!(
            out,
            "recontact = {{ fcr_pct = {}, delay = {} }}",
            num((1.0 - r.share) * 100.0, 5),
            exponential_delay(r.delay_mean_s.unwrap_or(1.0))
        );
    }
}

fn entry_tables(out: &mut String, report: &FitReport, e: &super::EntryFit) {
    let node = format!("{} menu", e.name);
    let _ = writeln!(
        out,
        "\n# IVR entry \"{}\": {} calls, containment (self-service) {:.2} ± {:.2} %.\n# The log gives where callers left the IVR, not its menus: one node stands for them all.",
        e.name,
        e.calls,
        e.containment * 100.0,
        e.containment_se * 100.0
    );
    let _ = writeln!(out, "[[entry]]\nname = \"{}\"", escape(&e.name));
    per_interval_list(
        out,
        report,
        "calls_per_interval",
        &e.arrivals,
        |r| (r.fresh_calls, Some(r.fresh_calls_se)),
        4,
    );
    let _ = writeln!(out, "ivr = \"{}\"", escape(&node));
    let _ = writeln!(
        out,
        "\n[[ivr_node]]\nname = \"{}\"\n# time in the IVR: exponential with the log's mean\nprompt = {}\noptions = [",
        escape(&node),
        exponential_delay(e.ivr_mean_s.unwrap_or(1.0))
    );
    let mut ways: Vec<(String, u64)> = e
        .to_queue
        .iter()
        .map(|(q, n)| (format!("queue = \"{}\"", escape(q)), *n))
        .collect();
    ways.push(("outcome = \"self_service\"".into(), e.self_service));
    ways.push(("outcome = \"hang_up\"".into(), e.hang_up));
    ways.retain(|w| w.1 > 0);
    // Thousandths of a percent, the last taking the rounding so they add up to 100.
    let total: u64 = ways.iter().map(|w| w.1).sum();
    let mut given = 0u64;
    for (i, (target, n)) in ways.iter().enumerate() {
        let units = if i + 1 == ways.len() {
            100_000 - given
        } else {
            (n * 100_000 / total.max(1)).max(1)
        };
        given += units;
        let _ = writeln!(
            out,
            "  {{ prob_pct = {}, {target} }},",
            num(units as f64 / 1000.0, 8)
        );
    }
    let _ = writeln!(out, "]");
}

fn agent_group(out: &mut String, report: &FitReport, q: &QueueFit, options: &ScenarioOptions) {
    let _ = writeln!(
        out,
        "\n[[agent_group]]\nname = \"{} agents\"",
        escape(&q.name)
    );
    match options.agents {
        Some(n) => {
            let _ = writeln!(
                out,
                "# --agents {n}: a call log has no agent counts.\nagents = {n}"
            );
        }
        None => {
            let _ = writeln!(
                out,
                "# A call log has no agent counts: agents per interval estimated as the answered\n# work (talk + after-call work over the interval) over an occupancy of {} %.\n# Give --agents N, or edit, for the real staffing.",
                num(options.occupancy_pct, 3)
            );
            let occupancy = options.occupancy_pct / 100.0;
            let rates = q.arrivals.clone();
            per_interval_list(
                out,
                report,
                "agents",
                &rates,
                |r| {
                    let needed = (r.busy_agents / occupancy).ceil();
                    (
                        if r.calls > 0.0 || r.busy_agents > 0.0 {
                            needed.max(1.0)
                        } else {
                            needed
                        },
                        None,
                    )
                },
                6,
            );
        }
    }
    let _ = writeln!(
        out,
        "# One group per queue: who answered what (the log's `group`) is not read.\nskills = [\"{}\"]",
        escape(&q.name)
    );
}

/// Text for a TOML basic string.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_toml_writes_them() {
        assert_eq!(num(240.123456, 6), "240.123");
        assert_eq!(num(3.0, 6), "3.0");
        assert_eq!(num(0.000123456, 3), "0.000123");
        assert_eq!(num(0.0, 3), "0");
    }
}
