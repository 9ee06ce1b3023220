//! A step-by-step account of one Erlang computation with the numbers
//! substituted, so a student can redo it by hand or against a textbook.

use super::erlang_b::erlang_b_recursion;
use super::kpis::{QueueModel, ServiceLevelQuery, evaluate};
use super::{ErlangA, ErlangC, ErlangError, Kpis, Targets, Traffic};

/// Recursion steps shown in full up to this many agents; beyond, the first
/// and last few.
const RECURSION_SHOWN_IN_FULL: u32 = 12;
const RECURSION_ENDS_SHOWN: u32 = 4;

/// The Erlang B recursion up to B(`n`), a line per step added to `lines`:
/// every step up to `in_full` of them, else the first and last `ends`.
/// Returns B(`n`).
pub(super) fn recursion_steps(
    lines: &mut Vec<String>,
    n: u32,
    load: f64,
    in_full: u32,
    ends: u32,
) -> f64 {
    let mut previous = 1.0;
    for (k, b) in erlang_b_recursion(n, load).skip(1) {
        if n <= in_full || k <= ends || k > n - ends {
            lines.push(format!(
                "  B({k}) = {load:.4} × {previous:.6} / ({k} + {load:.4} × {previous:.6}) = {b:.6}"
            ));
        } else if k == ends + 1 {
            lines.push(format!("  … ({} more steps) …", n - 2 * ends));
        }
        previous = b;
    }
    previous
}

/// The computation for `agents` agents, one line per step.
pub fn explain(
    traffic: &Traffic,
    model: QueueModel,
    agents: u32,
    query: ServiceLevelQuery,
) -> Result<Vec<String>, ErlangError> {
    let mut lines = Vec::new();
    let lambda = traffic.arrival_rate_per_s();
    let aht = traffic.aht_s();
    let load = traffic.offered_load();
    let n = agents;
    let t = query.threshold_s;

    lines.push(format!("{} with n = {n} agents", model.name()));
    lines.push("Step 1: offered load".into());
    lines.push(format!(
        "  λ = {lambda:.6} calls/s ({:.2} calls per hour), AHT = {aht} s",
        lambda * 3600.0
    ));
    lines.push(format!(
        "  A = λ × AHT = {lambda:.6} × {aht} = {load:.4} Erlangs"
    ));

    lines.push(
        "Step 2: Erlang B by the recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1))".into(),
    );
    let b = recursion_steps(
        &mut lines,
        n,
        load,
        RECURSION_SHOWN_IN_FULL,
        RECURSION_ENDS_SHOWN,
    );
    lines.push(format!(
        "  Erlang B = B({n}) = {b:.6}: the share lost if there were no queue"
    ));

    match model {
        QueueModel::ErlangC => explain_c(&mut lines, traffic, n, b, t)?,
        QueueModel::ErlangA { patience_s } => explain_a(&mut lines, traffic, n, patience_s)?,
    }
    let kpis = evaluate(traffic, model, agents, query)?;
    lines.push(format!(
        "Result: SL({t} s) = {:.2} % ({}), ASA = {}, occupancy = {:.2} %",
        kpis.service_level * 100.0,
        query.basis.describe(),
        kpis.asa_answered_s
            .map_or("none answered".to_string(), |s| format!("{s:.2} s")),
        kpis.occupancy * 100.0
    ));
    Ok(lines)
}

fn explain_c(
    lines: &mut Vec<String>,
    traffic: &Traffic,
    n: u32,
    b: f64,
    t: f64,
) -> Result<(), ErlangError> {
    let c = ErlangC::new(traffic, n)?;
    let load = traffic.offered_load();
    let aht = traffic.aht_s();
    let nf = f64::from(n);
    lines.push("Step 3: Erlang C, the probability of waiting".into());
    lines.push(format!(
        "  C = n·B / (n − A·(1 − B)) = {n} × {b:.6} / ({n} − {load:.4} × (1 − {b:.6})) = {:.6}",
        c.prob_wait()
    ));
    lines.push("Step 4: average speed of answer".into());
    lines.push(format!(
        "  ASA = C × AHT / (n − A) = {:.6} × {aht} / ({n} − {load:.4}) = {:.3} s",
        c.prob_wait(),
        c.asa_s()
    ));
    lines.push(format!("Step 5: service level within t = {t} s"));
    lines.push(format!(
        "  SL = 1 − C × e^(−(n − A)·t / AHT) = 1 − {:.6} × e^(−({n} − {load:.4}) × {t} / {aht}) = {:.6}",
        c.prob_wait(),
        c.service_level(t)
    ));
    lines.push("Step 6: occupancy and queue".into());
    lines.push(format!(
        "  occupancy = A / n = {load:.4} / {n} = {:.6}",
        c.occupancy()
    ));
    lines.push(format!(
        "  Lq = C × A / (n − A) = {:.6} × {load:.4} / {:.4} = {:.4} callers waiting on average",
        c.prob_wait(),
        nf - load,
        c.mean_queue_length()
    ));
    Ok(())
}

fn explain_a(
    lines: &mut Vec<String>,
    traffic: &Traffic,
    n: u32,
    patience_s: f64,
) -> Result<(), ErlangError> {
    let a = ErlangA::new(traffic, n, patience_s)?;
    let lambda = traffic.arrival_rate_per_s();
    let mu = 1.0 / traffic.aht_s();
    let theta = 1.0 / patience_s;
    let nmu = f64::from(n) * mu;
    lines.push("Step 3: the birth–death chain of callers in the system".into());
    lines.push(format!(
        "  λ = {lambda:.6}/s, μ = 1/AHT = {mu:.6}/s, θ = 1/patience = 1/{patience_s} = {theta:.6}/s"
    ));
    lines.push(
        "  states k ≤ n: Σ π_k = π_n / B (Erlang B); states above: π_(n+j) = π_(n+j−1) × λ / (nμ + jθ)"
            .into(),
    );
    for j in 1..=3 {
        lines.push(format!(
            "  π_(n+{j}) / π_(n+{}) = {lambda:.6} / ({nmu:.6} + {j} × {theta:.6}) = {:.6}",
            j - 1,
            lambda / (nmu + f64::from(j) * theta)
        ));
    }
    lines.push("Step 4: normalise, then read the KPIs (PASTA and Little's law)".into());
    lines.push(format!(
        "  P(wait) = Σ_(j≥0) π_(n+j) = {:.6}",
        a.prob_wait()
    ));
    lines.push(format!(
        "  E[queue] = Σ j·π_(n+j) = {:.6}; P(abandon) = θ·E[queue]/λ = {theta:.6} × {:.6} / {lambda:.6} = {:.6}",
        a.mean_queue_length(),
        a.mean_queue_length(),
        a.prob_abandon()
    ));
    lines.push(format!(
        "  mean wait of all callers = E[queue]/λ = {:.3} s",
        a.mean_wait_all_s()
    ));
    lines.push(
        "Step 5: the wait of a caller with j ahead is V = Σ_(i=0..j) Exp(nμ + iθ); with a = nμ/θ, e^(−θV) ~ Beta(a, j+1):"
            .into(),
    );
    lines.push(format!(
        "  a = {:.4}; P(answered | j) = a/(a+j+1); P(answered by t | j) = a/(a+j+1)·(1 − P(NB(a+1, e^(−θt)) ≤ j))",
        nmu / theta
    ));
    lines.push(format!(
        "  occupancy = A·(1 − P(abandon)) / n = {:.4} × {:.6} / {n} = {:.6}",
        traffic.offered_load(),
        1.0 - a.prob_abandon(),
        a.occupancy()
    ));
    Ok(())
}

/// Why the staffing search stopped at `required`: the KPIs of one agent
/// fewer and the targets they miss (or why Erlang C has no answer there),
/// then `required`'s, which meet them all.
pub fn explain_search(
    traffic: &Traffic,
    model: QueueModel,
    targets: &Targets,
    query: ServiceLevelQuery,
    required: u32,
) -> Result<Vec<String>, ErlangError> {
    let load = traffic.offered_load();
    let mut lines = vec!["Last step: the fewest agents meeting every target".to_string()];
    let summary = |k: &Kpis| {
        let mut parts = vec![format!(
            "SL {:.2} % within {} s",
            k.service_level * 100.0,
            query.threshold_s
        )];
        if let Some(asa) = k.asa_answered_s {
            parts.push(format!("ASA {asa:.2} s"));
        }
        if let QueueModel::ErlangA { .. } = model {
            parts.push(format!("abandonment {:.2} %", k.prob_abandon * 100.0));
        }
        parts.push(format!("occupancy {:.2} %", k.occupancy * 100.0));
        parts.join(", ")
    };
    if required > 0 {
        let fewer = required - 1;
        if model == QueueModel::ErlangC && f64::from(fewer) <= load {
            lines.push(format!(
                "  n − 1 = {fewer} agents: Erlang C has no steady state with n ≤ A = {load:.4} (the queue grows without end)"
            ));
        } else {
            let k = evaluate(traffic, model, fewer, query)?;
            let missed: Vec<String> = targets.misses(&k).iter().map(|m| m.describe()).collect();
            lines.push(format!(
                "  n − 1 = {fewer} agents: {}; misses {}",
                summary(&k),
                missed.join(", ")
            ));
        }
    }
    let k = evaluate(traffic, model, required, query)?;
    lines.push(format!(
        "  n = {required} agents: {}; meets every target",
        summary(&k)
    ));
    Ok(lines)
}
