//! `callsim erlang --max-chats K`: the exact chat model, at given agents or
//! the fewest agents meeting the targets.

use super::{
    ErlangArgs, percent_to_share, refuse_single_model_options, service_level_query, targets,
    traffic,
};
use crate::cli::CliError;
use crate::erlang::{
    self, ChatCenter, ChatError, QueueModel, ServiceLevelBasis, required_chat_agents,
};
use crate::report::{self, ChatReport, ChatResult, TrafficSummary};

/// Validates the arguments and solves the chat model; writes nothing.
pub(super) fn report(args: &ErlangArgs) -> Result<ChatReport, CliError> {
    refuse_other_modes(args)?;
    let max_chats = args.max_chats.unwrap_or(1);
    let given = match &args.chat_factors {
        Some(text) => parse_factors(text, max_chats)?,
        None => Vec::new(),
    };
    let traffic = traffic(args)?;
    let patience_s = args.patience_s;
    let shrinkage = percent_to_share("shrinkage_pct", args.shrinkage_pct, "in [0, 100)", |v| {
        (0.0..100.0).contains(&v)
    })?;
    let targets = targets(args)?;
    let model = QueueModel::with_patience(patience_s);
    targets.validate(model)?;
    let threshold_s = service_level_query(args, &targets, ServiceLevelBasis::Offered)?.threshold_s;
    let center = ChatCenter {
        traffic: &traffic,
        max_chats,
        factors: &given,
        patience_s,
    };
    let (result, factors) = match args.agents {
        Some(agents) => {
            let chat = center.solve(agents).map_err(chat_error)?;
            let kpis = chat.kpis(threshold_s);
            let shortfalls = targets.shortfalls(&kpis.kpis);
            let result = ChatResult::Evaluate {
                scheduled_staff: erlang::scheduled_staff(agents, shrinkage),
                meets_targets: (!targets.is_empty()).then_some(shortfalls.is_empty()),
                shortfalls,
                kpis,
            };
            (result, chat.factors().to_vec())
        }
        None => {
            if targets.is_empty() {
                return Err(CliError::Arguments(
                    "give --agents N to see the KPIs of N chat agents, or a target (--target 80/60, --max-asa-s, --max-abandon-pct, --max-occupancy-pct) to compute the agents needed"
                        .into(),
                ));
            }
            let (required, table) =
                required_chat_agents(center, &targets, threshold_s, args.around)
                    .map_err(chat_error)?;
            let factors = if given.is_empty() {
                vec![1.0; max_chats as usize]
            } else {
                given.clone()
            };
            let result = ChatResult::Staffing {
                scheduled_staff: erlang::scheduled_staff(required.kpis.agents, shrinkage),
                required,
                table,
            };
            (result, factors)
        }
    };
    Ok(ChatReport {
        schema: report::erlang::CHAT_SCHEMA,
        callsim_version: env!("CARGO_PKG_VERSION"),
        traffic: TrafficSummary::from(&traffic),
        max_chats,
        handle_time_factors: factors,
        patience_s,
        service_level_basis: ServiceLevelBasis::Offered,
        service_level_threshold_s: threshold_s,
        targets,
        shrinkage,
        result,
    })
}

/// The options of the other `erlang` modes, refused with the chat model.
fn refuse_other_modes(args: &ErlangArgs) -> Result<(), CliError> {
    refuse_single_model_options(
        args,
        "--max-chats solves the chat model for one traffic, its service level of all chats offered",
        &[],
    )
}

/// `--chat-factors`: one positive number per concurrency level.
fn parse_factors(text: &str, max_chats: u32) -> Result<Vec<f64>, CliError> {
    if text.trim().is_empty() {
        return Err(CliError::Arguments(
            "--chat-factors is empty: give one handle-time factor per concurrency level, e.g. 1,1.25,1.6".into(),
        ));
    }
    let mut factors = Vec::new();
    for (i, part) in text.split(',').enumerate() {
        let part = part.trim();
        let value: f64 = part.parse().map_err(|_| {
            CliError::Arguments(format!(
                "--chat-factors: factor {} `{}` is not a number (give one handle-time factor per concurrency level, e.g. 1,1.25,1.6)",
                i + 1,
                crate::scenario::printable(&part.chars().take(40).collect::<String>())
            ))
        })?;
        factors.push(value);
    }
    if factors.len() != max_chats as usize {
        let given = match factors.len() {
            1 => "1 factor".to_string(),
            n => format!("{n} factors"),
        };
        return Err(CliError::Arguments(format!(
            "--chat-factors gives {given} but --max-chats is {max_chats}: give one per concurrency level"
        )));
    }
    Ok(factors)
}

fn chat_error(e: ChatError) -> CliError {
    match e {
        ChatError::Erlang(e) => CliError::Erlang(e),
        e @ ChatError::Factor { .. } => CliError::Arguments(format!("--chat-factors: {e}")),
        other => CliError::Arguments(other.to_string()),
    }
}
