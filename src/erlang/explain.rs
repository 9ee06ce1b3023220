//! A step-by-step account of one Erlang computation with the numbers
//! substituted, so a student can redo it by hand or against a textbook.
//!
//! The words are templates ([`ExplainText`]): English here, Portuguese in
//! `crate::lang`, which sits above this module.

use super::erlang_a::QueueTerm;
use super::erlang_b::erlang_b_recursion;
use super::kpis::{QueueModel, ServiceLevelBasis, ServiceLevelQuery, evaluate};
use super::staffing::Miss;
use super::{ErlangA, ErlangC, ErlangError, Kpis, Targets, Traffic};

/// Recursion steps shown in full up to this many agents; beyond, the first
/// and last few.
const RECURSION_SHOWN_IN_FULL: u32 = 12;
const RECURSION_ENDS_SHOWN: u32 = 4;

/// Erlang A's service-level terms: queue lengths holding less than this
/// share of the callers, together, are left out of the table (below half
/// the last of its 7 decimals), and said so with their exact sums.
const TERMS_LEFT_OUT: f64 = 5e-8;
/// Rows listed one by one at most; a longer table shows its first and last
/// half of these, the middle summed on one row.
const TERM_ROWS_SHOWN: usize = 60;

/// The words of an explanation, as templates whose `{name}`s are filled
/// with numbers. Numbers are written with a decimal point; a language with
/// a decimal comma has no other `.` in its templates (and separates lists
/// with `;`), so the whole line can be converted.
#[derive(Debug)]
pub struct ExplainText {
    pub decimal_comma: bool,
    pub header: &'static str,
    pub step_load: &'static str,
    pub arrival_rate: &'static str,
    pub offered_load: &'static str,
    pub step_erlang_b: &'static str,
    pub more_steps: &'static str,
    pub erlang_b: &'static str,
    pub c_step_wait: &'static str,
    pub c_wait: &'static str,
    pub c_step_asa: &'static str,
    pub c_asa: &'static str,
    pub step_service_level: &'static str,
    pub c_service_level: &'static str,
    pub c_step_occupancy: &'static str,
    pub c_occupancy: &'static str,
    pub c_queue: &'static str,
    pub a_step_chain: &'static str,
    pub a_rates: &'static str,
    pub a_states: &'static str,
    pub a_ratio: &'static str,
    pub a_step_normalise: &'static str,
    pub a_wait: &'static str,
    pub a_abandon: &'static str,
    pub a_mean_wait: &'static str,
    pub a_step_service_level: &'static str,
    pub a_offered_wait: &'static str,
    pub a_shape: &'static str,
    pub a_answered_by: &'static str,
    pub a_nb: &'static str,
    pub a_answered_wait: &'static str,
    /// The table's header; its columns are right-aligned to these widths.
    pub a_columns: [&'static str; 9],
    pub a_first_left_out: &'static str,
    pub a_rows_summed: &'static str,
    pub a_at_once: &'static str,
    pub a_after_wait: &'static str,
    pub a_left_out: &'static str,
    pub a_nothing_left_out: &'static str,
    pub a_nobody_waits: &'static str,
    pub a_sl_offered: &'static str,
    pub a_sl_answered: &'static str,
    pub a_abandoned_by: &'static str,
    pub a_sl_short_abandons: &'static str,
    pub a_step_asa: &'static str,
    pub a_answered: &'static str,
    pub a_asa: &'static str,
    pub a_none_answered: &'static str,
    pub a_step_occupancy: &'static str,
    pub a_occupancy: &'static str,
    pub result: &'static str,
    pub none_answered: &'static str,
    pub basis_offered: &'static str,
    pub basis_answered: &'static str,
    pub basis_short_abandons: &'static str,
    pub search_heading: &'static str,
    pub search_no_steady_state: &'static str,
    pub search_fewer: &'static str,
    pub search_required: &'static str,
    pub summary_sl: &'static str,
    pub summary_asa: &'static str,
    pub summary_abandon: &'static str,
    pub summary_occupancy: &'static str,
    pub lines_step_fewest: &'static str,
    pub lines_too_few: &'static str,
    pub lines_enough: &'static str,
}

/// The English words (the JSON record's).
pub static EXPLAIN_EN: ExplainText = ExplainText {
    decimal_comma: false,
    header: "{model} with n = {n} agents",
    step_load: "Step 1: offered load",
    arrival_rate: "  λ = {lambda} calls/s ({per_hour} calls per hour), AHT = {aht} s",
    offered_load: "  A = λ × AHT = {lambda} × {aht} = {load} Erlangs",
    step_erlang_b: "Step 2: Erlang B by the recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1))",
    more_steps: "  … ({steps} more steps) …",
    erlang_b: "  Erlang B = B({n}) = {b}: the share lost if there were no queue",
    c_step_wait: "Step 3: Erlang C, the probability of waiting",
    c_wait: "  C = n·B / (n − A·(1 − B)) = {n} × {b} / ({n} − {load} × (1 − {b})) = {c}",
    c_step_asa: "Step 4: average speed of answer",
    c_asa: "  ASA = C × AHT / (n − A) = {c} × {aht} / ({n} − {load}) = {asa} s",
    step_service_level: "Step 5: service level within t = {t} s",
    c_service_level: "  SL = 1 − C × e^(−(n − A)·t / AHT) = 1 − {c} × e^(−({n} − {load}) × {t} / {aht}) = {sl}",
    c_step_occupancy: "Step 6: occupancy and queue",
    c_occupancy: "  occupancy = A / n = {load} / {n} = {occupancy}",
    c_queue: "  Lq = C × A / (n − A) = {c} × {load} / {gap} = {lq} callers waiting on average",
    a_step_chain: "Step 3: the birth–death chain of callers in the system",
    a_rates: "  λ = {lambda}/s, μ = 1/AHT = {mu}/s, θ = 1/patience = 1/{patience} = {theta}/s",
    a_states: "  states k ≤ n: Σ π_k = π_n / B (Erlang B); states above: π_(n+j) = π_(n+j−1) × λ / (nμ + jθ)",
    a_ratio: "  π_(n+{j}) / π_(n+{previous}) = {lambda} / ({nmu} + {j} × {theta}) = {ratio}",
    a_step_normalise: "Step 4: normalise, then read the KPIs (PASTA and Little's law)",
    a_wait: "  P(wait) = Σ_(j≥0) π_(n+j) = {wait}",
    a_abandon: "  E[queue] = Σ j·π_(n+j) = {queue}; P(abandon) = θ·E[queue]/λ = {theta} × {queue} / {lambda} = {abandon}",
    a_mean_wait: "  mean wait of all callers = E[queue]/λ = {wait} s",
    a_step_service_level: "Step 5: service level within t = {t} s, term by term over the queue j a caller finds on arrival (PASTA)",
    a_offered_wait: "  with j waiting ahead a caller is answered after V = Σ_(i=0..j) Exp(nμ + iθ) if its patience lasts; with a = nμ/θ, e^(−θV) ~ Beta(a, j+1)",
    a_shape: "  a = nμ/θ = {nmu} / {theta} = {a}; x = e^(−θt) = e^(−{theta} × {t}) = {x}",
    a_answered_by: "  P(by t | j) = P(answered within t | j) = a/(a+j+1) × (1 − P(NB ≤ j)), NB = NB(a+1, x) failures before the (a+1)-th success",
    a_nb: "  P(NB = 0) = x^(a+1) = {x}^{r} = {first}; P(NB = j) = P(NB = j−1) × (a+j) × (1 − x) / j",
    a_answered_wait: "  E[V; ans | j] = a/(a+j+1) × Σ_(i=0..j) 1/(θ·(a+1+i)): the wait of those answered, per caller with j ahead (for the ASA)",
    a_columns: [
        "j",
        "π_(n+j)",
        "a/(a+j+1)",
        "P(NB = j)",
        "P(NB ≤ j)",
        "P(by t | j)",
        "π × P(by t | j)",
        "E[V; ans | j] s",
        "π × E[V; ans | j]",
    ],
    a_first_left_out: "  queue lengths j < {first} hold less than 10⁻¹⁸ of the callers: the chain starts at j = {first}",
    a_rows_summed: "  j = {from}..{to} ({terms} terms, added up here, not listed): Σ π = {probability}, Σ π × P(by t | j) = {answered_by}, Σ π × E[V; ans | j] = {wait}",
    a_at_once: "  answered at once (fewer than n agents busy): 1 − P(wait) = 1 − {wait} = {at_once}",
    a_after_wait: "  answered after waiting, within t: Σ π × P(by t | j) over j = {from}..{to} ({terms} terms) = {sum}",
    a_left_out: "  left out of the table: the {terms} other queue lengths the chain holds (outside j = {from}..{to}), with {probability} of the callers, adding {answered_by} to the service level and {wait} s to Σ π × E[V; ans | j]",
    a_nothing_left_out: "  left out of the table: nothing (the chain holds no other queue length)",
    a_nobody_waits: "  nobody waits: every caller is answered at once",
    a_sl_offered: "  SL = answered within t / offered = {at_once} + {shown} + {left_out} = {sl} = {pct} %",
    a_sl_answered: "  SL = answered within t / answered = ({at_once} + {shown} + {left_out}) / {answered} = {sl} = {pct} %",
    a_abandoned_by: "  hung up within t = P(wait) − answered after waiting within t − still waiting at t (x × Σ π × P(NB(a, x) ≤ j)) = {abandoned}",
    a_sl_short_abandons: "  SL = answered within t / (offered − hung up within t) = ({at_once} + {shown} + {left_out}) / (1 − {abandoned}) = {sl} = {pct} %",
    a_step_asa: "Step 6: average speed of answer",
    a_answered: "  P(answered) = 1 − P(abandon) = 1 − {abandon} = {answered}",
    a_asa: "  ASA = Σ π × E[V; ans | j] / P(answered) = ({shown} + {left_out}) / {answered} = {asa} s",
    a_none_answered: "  nobody is answered: no ASA",
    a_step_occupancy: "Step 7: occupancy",
    a_occupancy: "  occupancy = A·(1 − P(abandon)) / n = {load} × {kept} / {n} = {occupancy}",
    result: "Result: SL({t} s) = {sl} % ({basis}), ASA = {asa}, occupancy = {occupancy} %",
    none_answered: "none answered",
    basis_offered: "answered within T / offered",
    basis_answered: "answered within T / answered",
    basis_short_abandons: "answered within T / (offered − abandoned within T)",
    search_heading: "Last step: the fewest agents meeting every target",
    search_no_steady_state: "  n − 1 = {fewer} agents: Erlang C has no steady state with n ≤ A = {load} (the queue grows without end)",
    search_fewer: "  n − 1 = {fewer} agents: {summary}; misses {missed}",
    search_required: "  n = {required} agents: {summary}; meets every target",
    summary_sl: "SL {sl} % within {t} s",
    summary_asa: "ASA {asa} s",
    summary_abandon: "abandonment {abandon} %",
    summary_occupancy: "occupancy {occupancy} %",
    lines_step_fewest: "Step 3: the fewest lines with B(n) ≤ {max} (blocking ≤ {pct} %)",
    lines_too_few: "  B({fewer}) = {b} > {max}: {fewer} lines block too many calls",
    lines_enough: "  B({lines}) = {b} ≤ {max}: {lines} lines; {lost} calls per hour lost, {carried} Erlangs carried",
};

/// `template` filled with `values` in `text`'s language (for the other
/// explanations of this module's parent).
pub(super) fn filled(text: &ExplainText, template: &str, values: &[(&str, String)]) -> String {
    Writer {
        text,
        lines: Vec::new(),
    }
    .fill(template, values)
}

/// One explanation being written: its words and its lines.
struct Writer<'a> {
    text: &'a ExplainText,
    lines: Vec<String>,
}

impl Writer<'_> {
    /// `template` filled with `values`, in the language's decimal separator.
    fn fill(&self, template: &str, values: &[(&str, String)]) -> String {
        let shown: Vec<(&str, &dyn std::fmt::Display)> = values
            .iter()
            .map(|(name, value)| (*name, value as &dyn std::fmt::Display))
            .collect();
        let out = crate::template::fill(template, &shown);
        if self.text.decimal_comma {
            out.replace('.', ",")
        } else {
            out
        }
    }

    fn push(&mut self, template: &str, values: &[(&str, String)]) {
        let line = self.fill(template, values);
        self.lines.push(line);
    }
}

/// `value` with `decimals` decimals.
fn fixed(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}")
}

/// A probability with 7 decimals, or in scientific notation when that
/// would hide it.
fn probability(value: f64) -> String {
    if value == 0.0 || value >= 1e-4 {
        fixed(value, 7)
    } else {
        format!("{value:.4e}")
    }
}

/// A share too small for 7 decimals, in scientific notation.
fn tiny(value: f64) -> String {
    if value == 0.0 {
        "0".into()
    } else {
        format!("{value:.1e}")
    }
}

/// The Erlang B recursion up to B(`n`), a line per step added to `lines`:
/// every step up to `in_full` of them, else the first and last `ends`.
/// Returns B(`n`).
pub(super) fn recursion_steps_in(
    lines: &mut Vec<String>,
    n: u32,
    load: f64,
    in_full: u32,
    ends: u32,
    text: &ExplainText,
) -> f64 {
    let writer = Writer {
        text,
        lines: Vec::new(),
    };
    let mut previous = 1.0;
    for (k, b) in erlang_b_recursion(n, load).skip(1) {
        if n <= in_full || k <= ends || k > n - ends {
            let line = format!(
                "  B({k}) = {load:.4} × {previous:.6} / ({k} + {load:.4} × {previous:.6}) = {b:.6}"
            );
            lines.push(writer.fill(&line, &[]));
        } else if k == ends + 1 {
            lines.push(writer.fill(text.more_steps, &[("steps", (n - 2 * ends).to_string())]));
        }
        previous = b;
    }
    previous
}

/// The computation for `agents` agents, one line per step, in English.
pub fn explain(
    traffic: &Traffic,
    model: QueueModel,
    agents: u32,
    query: ServiceLevelQuery,
) -> Result<Vec<String>, ErlangError> {
    explain_in(traffic, model, agents, query, &EXPLAIN_EN)
}

/// The computation for `agents` agents, one line per step, in `text`'s words.
pub fn explain_in(
    traffic: &Traffic,
    model: QueueModel,
    agents: u32,
    query: ServiceLevelQuery,
    text: &ExplainText,
) -> Result<Vec<String>, ErlangError> {
    let mut w = Writer {
        text,
        lines: Vec::new(),
    };
    let lambda = traffic.arrival_rate_per_s();
    let aht = traffic.aht_s();
    let load = traffic.offered_load();
    let n = agents;
    let t = query.threshold_s;

    w.push(
        text.header,
        &[("model", model.name().into()), ("n", n.to_string())],
    );
    w.push(text.step_load, &[]);
    w.push(
        text.arrival_rate,
        &[
            ("lambda", fixed(lambda, 6)),
            ("per_hour", fixed(lambda * 3600.0, 2)),
            ("aht", aht.to_string()),
        ],
    );
    w.push(
        text.offered_load,
        &[
            ("lambda", fixed(lambda, 6)),
            ("aht", aht.to_string()),
            ("load", fixed(load, 4)),
        ],
    );
    w.push(text.step_erlang_b, &[]);
    let b = recursion_steps_in(
        &mut w.lines,
        n,
        load,
        RECURSION_SHOWN_IN_FULL,
        RECURSION_ENDS_SHOWN,
        text,
    );
    w.push(text.erlang_b, &[("n", n.to_string()), ("b", fixed(b, 6))]);

    let kpis = evaluate(traffic, model, agents, query)?;
    match model {
        QueueModel::ErlangC => explain_c(&mut w, traffic, n, b, t)?,
        QueueModel::ErlangA { patience_s } => {
            explain_a(&mut w, traffic, n, patience_s, query, &kpis)?
        }
    }
    let basis = match query.basis {
        ServiceLevelBasis::Offered => text.basis_offered,
        ServiceLevelBasis::Answered => text.basis_answered,
        ServiceLevelBasis::ExcludeShortAbandons => text.basis_short_abandons,
    };
    let asa = kpis
        .asa_answered_s
        .map_or(text.none_answered.to_string(), |s| format!("{s:.2} s"));
    w.push(
        text.result,
        &[
            ("t", t.to_string()),
            ("sl", fixed(kpis.service_level * 100.0, 2)),
            ("basis", basis.into()),
            ("asa", asa),
            ("occupancy", fixed(kpis.occupancy * 100.0, 2)),
        ],
    );
    Ok(w.lines)
}

fn explain_c(w: &mut Writer, traffic: &Traffic, n: u32, b: f64, t: f64) -> Result<(), ErlangError> {
    let text = w.text;
    let c = ErlangC::new(traffic, n)?;
    let load = fixed(traffic.offered_load(), 4);
    let aht = traffic.aht_s().to_string();
    let wait = fixed(c.prob_wait(), 6);
    let agents = n.to_string();
    w.push(text.c_step_wait, &[]);
    w.push(
        text.c_wait,
        &[
            ("n", agents.clone()),
            ("b", fixed(b, 6)),
            ("load", load.clone()),
            ("c", wait.clone()),
        ],
    );
    w.push(text.c_step_asa, &[]);
    w.push(
        text.c_asa,
        &[
            ("c", wait.clone()),
            ("aht", aht.clone()),
            ("n", agents.clone()),
            ("load", load.clone()),
            ("asa", fixed(c.asa_s(), 3)),
        ],
    );
    w.push(text.step_service_level, &[("t", t.to_string())]);
    w.push(
        text.c_service_level,
        &[
            ("c", wait.clone()),
            ("n", agents.clone()),
            ("load", load.clone()),
            ("t", t.to_string()),
            ("aht", aht),
            ("sl", fixed(c.service_level(t), 6)),
        ],
    );
    w.push(text.c_step_occupancy, &[]);
    w.push(
        text.c_occupancy,
        &[
            ("load", load.clone()),
            ("n", agents),
            ("occupancy", fixed(c.occupancy(), 6)),
        ],
    );
    w.push(
        text.c_queue,
        &[
            ("c", wait),
            ("load", load),
            ("gap", fixed(f64::from(n) - traffic.offered_load(), 4)),
            ("lq", fixed(c.mean_queue_length(), 4)),
        ],
    );
    Ok(())
}

/// The queue lengths listed in Erlang A's table: the narrowest run of the
/// chain's terms outside which, on both sides together, less than
/// [`TERMS_LEFT_OUT`] of the callers are.
fn shown_range(terms: &[QueueTerm]) -> std::ops::Range<usize> {
    let mut start = 0;
    let mut end = terms.len();
    let mut left_out = 0.0;
    // Drop the lighter end first, while the total dropped stays small.
    while start < end {
        let (head, tail) = (terms[start].probability, terms[end - 1].probability);
        let lighter = head.min(tail);
        if left_out + lighter >= TERMS_LEFT_OUT {
            break;
        }
        left_out += lighter;
        if head <= tail {
            start += 1;
        } else {
            end -= 1;
        }
    }
    start..end
}

fn explain_a(
    w: &mut Writer,
    traffic: &Traffic,
    n: u32,
    patience_s: f64,
    query: ServiceLevelQuery,
    kpis: &Kpis,
) -> Result<(), ErlangError> {
    let text = w.text;
    let a = ErlangA::new(traffic, n, patience_s)?;
    let lambda = traffic.arrival_rate_per_s();
    let mu = 1.0 / traffic.aht_s();
    let theta = 1.0 / patience_s;
    let nmu = f64::from(n) * mu;
    let t = query.threshold_s;
    w.push(text.a_step_chain, &[]);
    w.push(
        text.a_rates,
        &[
            ("lambda", fixed(lambda, 6)),
            ("mu", fixed(mu, 6)),
            ("patience", patience_s.to_string()),
            ("theta", fixed(theta, 6)),
        ],
    );
    w.push(text.a_states, &[]);
    for j in 1..=3u32 {
        w.push(
            text.a_ratio,
            &[
                ("j", j.to_string()),
                ("previous", (j - 1).to_string()),
                ("lambda", fixed(lambda, 6)),
                ("nmu", fixed(nmu, 6)),
                ("theta", fixed(theta, 6)),
                ("ratio", fixed(lambda / (nmu + f64::from(j) * theta), 6)),
            ],
        );
    }
    w.push(text.a_step_normalise, &[]);
    w.push(text.a_wait, &[("wait", fixed(a.prob_wait(), 6))]);
    w.push(
        text.a_abandon,
        &[
            ("queue", fixed(a.mean_queue_length(), 6)),
            ("theta", fixed(theta, 6)),
            ("lambda", fixed(lambda, 6)),
            ("abandon", fixed(a.prob_abandon(), 6)),
        ],
    );
    w.push(text.a_mean_wait, &[("wait", fixed(a.mean_wait_all_s(), 3))]);

    w.push(text.a_step_service_level, &[("t", t.to_string())]);
    let shape = a.beta_shape();
    let x = (-theta * t).exp();
    w.push(text.a_offered_wait, &[]);
    w.push(
        text.a_shape,
        &[
            ("nmu", fixed(nmu, 6)),
            ("theta", fixed(theta, 6)),
            ("a", fixed(shape, 4)),
            ("t", t.to_string()),
            ("x", fixed(x, 7)),
        ],
    );
    w.push(text.a_answered_by, &[]);
    let terms = a.queue_terms(t);
    w.push(
        text.a_nb,
        &[
            ("x", fixed(x, 7)),
            ("r", fixed(shape + 1.0, 4)),
            ("first", probability(x.powf(shape + 1.0))),
        ],
    );
    w.push(text.a_answered_wait, &[]);
    let wait = a.prob_wait();
    let at_once = 1.0 - wait;
    let range = shown_range(&terms);
    let shown = &terms[range.clone()];
    let (mut shown_by, mut shown_wait) = (0.0, 0.0);
    if shown.is_empty() {
        w.push(text.a_nobody_waits, &[]);
    } else {
        if a.first_queue_length() > 0 {
            w.push(
                text.a_first_left_out,
                &[("first", a.first_queue_length().to_string())],
            );
        }
        let last_j = shown[shown.len() - 1].ahead.to_string().len();
        let widths: Vec<usize> = text
            .a_columns
            .iter()
            .enumerate()
            .map(|(i, c)| c.chars().count().max(if i == 0 { last_j } else { 9 }))
            .collect();
        let row = |cells: [String; 9]| {
            let mut line = String::from(" ");
            for (cell, width) in cells.iter().zip(&widths) {
                line.push_str(&format!(" {cell:>width$}"));
            }
            line
        };
        w.push(&row(text.a_columns.map(String::from)), &[]);
        let listed = |w: &mut Writer, term: &QueueTerm| {
            let cells = [
                term.ahead.to_string(),
                fixed(term.probability, 7),
                fixed(term.answered, 7),
                fixed(term.nb_pmf, 7),
                fixed(term.nb_cdf, 7),
                fixed(term.answered_by, 7),
                fixed(term.probability * term.answered_by, 7),
                fixed(term.answered_wait_s, 3),
                fixed(term.probability * term.answered_wait_s, 6),
            ];
            w.push(&row(cells), &[]);
        };
        let half = TERM_ROWS_SHOWN / 2;
        let summed_from = if shown.len() > TERM_ROWS_SHOWN {
            half..shown.len() - half
        } else {
            0..0
        };
        for (i, term) in shown.iter().enumerate() {
            // The sums are of the printed numbers' full values, in the order listed.
            shown_by += term.probability * term.answered_by;
            shown_wait += term.probability * term.answered_wait_s;
            if !summed_from.contains(&i) {
                listed(w, term);
            } else if i == summed_from.start {
                let middle = &shown[summed_from.clone()];
                let sum = |f: fn(&QueueTerm) -> f64| middle.iter().map(f).sum::<f64>();
                w.push(
                    text.a_rows_summed,
                    &[
                        ("from", middle[0].ahead.to_string()),
                        ("to", middle[middle.len() - 1].ahead.to_string()),
                        ("terms", middle.len().to_string()),
                        ("probability", fixed(sum(|t| t.probability), 7)),
                        (
                            "answered_by",
                            fixed(sum(|t| t.probability * t.answered_by), 7),
                        ),
                        ("wait", fixed(sum(|t| t.probability * t.answered_wait_s), 6)),
                    ],
                );
            }
        }
    }
    let left: Vec<&QueueTerm> = terms[..range.start]
        .iter()
        .chain(&terms[range.end..])
        .collect();
    let left_by: f64 = left.iter().map(|t| t.probability * t.answered_by).sum();
    let left_wait: f64 = left.iter().map(|t| t.probability * t.answered_wait_s).sum();
    w.push(
        text.a_at_once,
        &[("wait", fixed(wait, 7)), ("at_once", fixed(at_once, 7))],
    );
    if !shown.is_empty() {
        w.push(
            text.a_after_wait,
            &[
                ("from", shown[0].ahead.to_string()),
                ("to", shown[shown.len() - 1].ahead.to_string()),
                ("terms", shown.len().to_string()),
                ("sum", fixed(shown_by, 7)),
            ],
        );
        if left.is_empty() {
            w.push(text.a_nothing_left_out, &[]);
        } else {
            w.push(
                text.a_left_out,
                &[
                    ("terms", left.len().to_string()),
                    ("from", shown[0].ahead.to_string()),
                    ("to", shown[shown.len() - 1].ahead.to_string()),
                    (
                        "probability",
                        tiny(left.iter().map(|t| t.probability).sum()),
                    ),
                    ("answered_by", tiny(left_by)),
                    ("wait", tiny(left_wait)),
                ],
            );
        }
    }
    let sl = [
        ("at_once", fixed(at_once, 7)),
        ("shown", fixed(shown_by, 7)),
        ("left_out", tiny(left_by)),
        ("sl", fixed(kpis.service_level, 7)),
        ("pct", fixed(kpis.service_level * 100.0, 2)),
    ];
    let answered = a.prob_answered();
    match query.basis {
        ServiceLevelBasis::Offered => w.push(text.a_sl_offered, &sl),
        ServiceLevelBasis::Answered => {
            let mut values = sl.to_vec();
            values.push(("answered", fixed(answered, 7)));
            w.push(text.a_sl_answered, &values);
        }
        ServiceLevelBasis::ExcludeShortAbandons => {
            let abandoned = a.outcomes_at(t).abandoned;
            w.push(text.a_abandoned_by, &[("abandoned", fixed(abandoned, 7))]);
            let mut values = sl.to_vec();
            values.push(("abandoned", fixed(abandoned, 7)));
            w.push(text.a_sl_short_abandons, &values);
        }
    }

    w.push(text.a_step_asa, &[]);
    w.push(
        text.a_answered,
        &[
            ("abandon", fixed(a.prob_abandon(), 7)),
            ("answered", fixed(answered, 7)),
        ],
    );
    match kpis.asa_answered_s {
        Some(asa) => w.push(
            text.a_asa,
            &[
                ("shown", fixed(shown_wait, 6)),
                ("left_out", tiny(left_wait)),
                ("answered", fixed(answered, 7)),
                ("asa", fixed(asa, 2)),
            ],
        ),
        None => w.push(text.a_none_answered, &[]),
    }
    w.push(text.a_step_occupancy, &[]);
    w.push(
        text.a_occupancy,
        &[
            ("load", fixed(traffic.offered_load(), 4)),
            ("kept", fixed(1.0 - a.prob_abandon(), 6)),
            ("n", n.to_string()),
            ("occupancy", fixed(a.occupancy(), 6)),
        ],
    );
    Ok(())
}

/// Why the staffing search stopped at `required`, in English.
pub fn explain_search(
    traffic: &Traffic,
    model: QueueModel,
    targets: &Targets,
    query: ServiceLevelQuery,
    required: u32,
) -> Result<Vec<String>, ErlangError> {
    explain_search_in(
        traffic,
        model,
        targets,
        query,
        required,
        &EXPLAIN_EN,
        &Miss::describe,
    )
}

/// Why the staffing search stopped at `required`: the KPIs of one agent
/// fewer and the targets they miss (each told by `describe_miss`), or why
/// Erlang C has no answer there, then `required`'s, which meet them all.
pub fn explain_search_in(
    traffic: &Traffic,
    model: QueueModel,
    targets: &Targets,
    query: ServiceLevelQuery,
    required: u32,
    text: &ExplainText,
    describe_miss: &dyn Fn(&Miss) -> String,
) -> Result<Vec<String>, ErlangError> {
    let load = traffic.offered_load();
    let mut w = Writer {
        text,
        lines: Vec::new(),
    };
    w.push(text.search_heading, &[]);
    let summary = |k: &Kpis| {
        let mut parts = vec![w.fill(
            text.summary_sl,
            &[
                ("sl", fixed(k.service_level * 100.0, 2)),
                ("t", query.threshold_s.to_string()),
            ],
        )];
        if let Some(asa) = k.asa_answered_s {
            parts.push(w.fill(text.summary_asa, &[("asa", fixed(asa, 2))]));
        }
        if let QueueModel::ErlangA { .. } = model {
            parts.push(w.fill(
                text.summary_abandon,
                &[("abandon", fixed(k.prob_abandon * 100.0, 2))],
            ));
        }
        parts.push(w.fill(
            text.summary_occupancy,
            &[("occupancy", fixed(k.occupancy * 100.0, 2))],
        ));
        parts.join(if text.decimal_comma { "; " } else { ", " })
    };
    let mut lines = Vec::new();
    if required > 0 {
        let fewer = required - 1;
        if model == QueueModel::ErlangC && f64::from(fewer) <= load {
            lines.push(w.fill(
                text.search_no_steady_state,
                &[("fewer", fewer.to_string()), ("load", fixed(load, 4))],
            ));
        } else {
            let k = evaluate(traffic, model, fewer, query)?;
            let missed: Vec<String> = targets.misses(&k).iter().map(describe_miss).collect();
            let separator = if text.decimal_comma { "; " } else { ", " };
            // The summary and the misses are already in the language's decimals.
            let line = text
                .search_fewer
                .replace("{fewer}", &fewer.to_string())
                .replace("{summary}", &summary(&k))
                .replace("{missed}", &missed.join(separator));
            lines.push(line);
        }
    }
    let k = evaluate(traffic, model, required, query)?;
    lines.push(
        text.search_required
            .replace("{required}", &required.to_string())
            .replace("{summary}", &summary(&k)),
    );
    w.lines.extend(lines);
    Ok(w.lines)
}
