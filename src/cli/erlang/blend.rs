//! `callsim erlang --blend-above K`: the exact blending model of an inbound
//! queue beside an outbound dialer, at given agents, with the thresholds
//! around K for the trade-off between outbound connects and inbound service.

use super::{
    ErlangArgs, percent_to_share, refuse_single_model_options, service_level_query, targets,
    traffic,
};
use crate::cli::CliError;
use crate::erlang::{BlendError, Blending, Dialer, QueueModel, ServiceLevelBasis};
use crate::report::{self, BlendReport, TrafficSummary};

/// Validates the arguments and solves the chain for K and the thresholds
/// around it (`--around`, within 0 ≤ K < agents); writes nothing.
pub(super) fn report(args: &ErlangArgs) -> Result<BlendReport, CliError> {
    refuse_other_modes(args)?;
    let above = args.blend_above.unwrap_or(0);
    let Some(agents) = args.agents else {
        return Err(CliError::Arguments(
            "--blend-above evaluates a blended center of a given size: give --agents N (the agents who take inbound calls and the dialer's connects)".into(),
        ));
    };
    let traffic = traffic(args)?;
    let reach_prob = percent_to_share("reach_pct", args.reach_pct, "in [0, 100]", |v| {
        (0.0..=100.0).contains(&v)
    })?;
    let targets = targets(args)?;
    let model = QueueModel::with_patience(args.patience_s);
    targets.validate(model)?;
    let threshold_s = service_level_query(args, &targets, ServiceLevelBasis::Offered)?.threshold_s;
    let dialer = |k: u32| Dialer {
        dial_when_idle_agents_above: k,
        dial_s: args.dial_s,
        reach_prob,
        outbound_aht_s: args.outbound_aht_s.unwrap_or(traffic.aht_s()),
    };
    let solve = |k: u32| {
        Blending::new(&traffic, agents, args.patience_s, dialer(k))
            .map_err(blend_error)?
            .kpis(threshold_s)
            .map_err(CliError::Erlang)
    };
    let kpis = solve(above)?;
    let first = above.saturating_sub(args.around);
    let last = above
        .saturating_add(args.around)
        .min(agents.saturating_sub(1));
    let table = (first..=last)
        .map(|k| {
            if k == above {
                Ok(kpis.clone())
            } else {
                solve(k)
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut report = BlendReport {
        schema: report::erlang::BLEND_SCHEMA,
        callsim_version: env!("CARGO_PKG_VERSION"),
        traffic: TrafficSummary::from(&traffic),
        agents,
        patience_s: args.patience_s,
        dialer: dialer(above),
        service_level_threshold_s: threshold_s,
        meets_targets: None,
        shortfalls: Vec::new(),
        targets,
        kpis,
        table,
    };
    if !report.targets.is_empty() {
        report.shortfalls = report.targets.shortfalls(&report.inbound());
        report.meets_targets = Some(report.shortfalls.is_empty());
    }
    Ok(report)
}

/// The options of the other `erlang` modes, refused with the blending model,
/// and shrinkage (the center is evaluated, not staffed).
fn refuse_other_modes(args: &ErlangArgs) -> Result<(), CliError> {
    refuse_single_model_options(
        args,
        "--blend-above solves the blending model of one traffic and one center, its inbound service level of all calls offered",
        &[("--shrinkage-pct", args.shrinkage_pct != 0.0)],
    )
}

fn blend_error(e: BlendError) -> CliError {
    match e {
        BlendError::Erlang(e) => CliError::Erlang(e),
        BlendError::Threshold { agents, value } => CliError::Arguments(format!(
            "--blend-above must be below --agents ({agents}), got {value}: the dialer dials while more than K agents are idle, so K = {agents} or more would never dial"
        )),
        other => CliError::Arguments(other.to_string()),
    }
}
