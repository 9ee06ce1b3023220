//! `callsim erlang`: analytic KPIs and staffing.

use std::path::{Path, PathBuf};

use clap::Args;

use super::CliError;
use super::visuals::{VisualArgs, check_destinations, write_with_visuals};
use crate::erlang::{
    self, ErlangError, QueueModel, ServiceLevelBasis, ServiceLevelTarget, Targets, Traffic, check,
};
use crate::forecast::{self, ForecastError, ForecastRow};
use crate::lang::Lang;
use crate::report::{
    self, ErlangReport, ErlangResult, Format, IntervalStaffing, IntervalTotals, LinesReport,
    ModelsReport, TrafficSummary,
};
use crate::scenario::budget::{ArmsCost, worker_threads};
use crate::scenario::{MAX_INTERVALS, MAX_NAME_CHARS, Scenario, file, printable};
use crate::study;

mod blend;
mod chat;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BasisArg {
    /// Answered within T / offered (abandoned callers count against it).
    Offered,
    /// Answered within T / answered.
    Answered,
    /// Answered within T / (offered − abandoned within T).
    ExcludeShortAbandons,
}

impl From<BasisArg> for ServiceLevelBasis {
    fn from(b: BasisArg) -> Self {
        match b {
            BasisArg::Offered => ServiceLevelBasis::Offered,
            BasisArg::Answered => ServiceLevelBasis::Answered,
            BasisArg::ExcludeShortAbandons => ServiceLevelBasis::ExcludeShortAbandons,
        }
    }
}

/// Erlang B/C/A and chat: KPIs for a number of agents, or the fewest agents meeting targets.
///
/// Give the traffic (one of --calls, --calls-per-hour, --erlangs, or --intervals
/// FILE.csv) and the AHT, then either --agents N to see its KPIs or targets
/// (--target 80/20, --max-asa-s, --max-abandon-pct, --max-occupancy-pct) to get
/// the required agents. --patience-s switches from Erlang C to Erlang A;
/// --max-chats K to the chat model (K conversations per agent at once).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  callsim erlang --calls 300 --aht-s 240 --target 80/20\n  callsim erlang --calls-per-hour 600 --aht-s 180 --agents 33 --patience-s 120\n  callsim erlang --intervals scenarios/erlang/weekday.csv --aht-s 240 --target 80/20 --shrinkage-pct 30\n  callsim erlang --calls-per-hour 300 --aht-s 600 --max-chats 3 --chat-factors 1,1.25,1.6 --patience-s 120 --target 80/60"
)]
pub struct ErlangArgs {
    /// Calls per interval (see --interval-min).
    #[arg(long, value_name = "N", allow_negative_numbers = true,
          conflicts_with_all = ["calls_per_hour", "erlangs", "intervals"])]
    calls: Option<f64>,

    /// Interval length in minutes, for --calls and --intervals.
    #[arg(
        long,
        value_name = "MIN",
        default_value_t = 30.0,
        allow_negative_numbers = true
    )]
    interval_min: f64,

    /// Calls per hour.
    #[arg(long, value_name = "N", allow_negative_numbers = true,
          conflicts_with_all = ["erlangs", "intervals"])]
    calls_per_hour: Option<f64>,

    /// Offered load in Erlangs (λ × AHT), as textbooks give it.
    #[arg(
        long,
        value_name = "A",
        allow_negative_numbers = true,
        conflicts_with = "intervals"
    )]
    erlangs: Option<f64>,

    /// CSV forecast with a `calls` column (optional `interval` label and `aht_s`):
    /// required agents for every interval.
    #[arg(long, value_name = "FILE.csv", conflicts_with = "agents")]
    intervals: Option<PathBuf>,

    /// With --intervals: size this queue's rows of a forecast that holds several queues.
    #[arg(long, value_name = "NAME", requires = "intervals")]
    queue: Option<String>,

    /// Average handle time in seconds (talk + hold + after-call work).
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    aht_s: Option<f64>,

    /// Agents on the phones: report their KPIs instead of searching.
    #[arg(long, value_name = "N")]
    agents: Option<u32>,

    /// Service-level target PERCENT/SECONDS, e.g. 80/20.
    #[arg(long, value_name = "PCT/S")]
    target: Option<String>,

    /// Target: maximum average speed of answer, seconds.
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    max_asa_s: Option<f64>,

    /// Target: maximum abandonment, percent of callers (needs --patience-s).
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    max_abandon_pct: Option<f64>,

    /// Target: maximum occupancy, percent.
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    max_occupancy_pct: Option<f64>,

    /// Erlang B: the fewest lines (trunks, or agents with no queue) that block
    /// at most PCT percent of the calls, with the line counts around it.
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    max_blocking_pct: Option<f64>,

    /// Erlang C and Erlang A side by side (with --patience-s): over agents
    /// around --agents (or the Erlang C answer to --target), and over
    /// patience at that staffing.
    #[arg(long)]
    compare_models: bool,

    /// With --compare-models: simulate this scenario (one call type, one agent
    /// group, calls at a constant rate) at each agent count of the table,
    /// beside the formulas; its arrival rate, AHT and patience are the traffic.
    #[arg(long, value_name = "FILE.toml")]
    scenario: Option<PathBuf>,

    /// With --scenario: simulate even when the estimated cost of every agent
    /// count together is above 1 core-hour or 4 GiB
    #[arg(long)]
    force: bool,

    /// Chat: each agent holds up to K conversations at once (1 to 32), which
    /// switches to the exact chat model; --aht-s is then a chat's mean
    /// handle time at one chat, the traffic chats.
    #[arg(long, value_name = "K")]
    max_chats: Option<u32>,

    /// With --max-chats: the handle-time factor at 1, 2, …, K chats, one per
    /// level, comma-separated, e.g. 1,1.25,1.6 (default: all 1).
    #[arg(long, value_name = "F1,F2,…", requires = "max_chats")]
    chat_factors: Option<String>,

    /// Outbound blending: a dialer keeps dialling while more than K of the
    /// --agents agents are idle (0 ≤ K < agents), which switches to the exact
    /// blending model; the traffic is the inbound calls.
    #[arg(long, value_name = "K")]
    blend_above: Option<u32>,

    /// With --blend-above: mean ringing time of a dial, seconds.
    #[arg(
        long,
        value_name = "S",
        default_value_t = 20.0,
        requires = "blend_above",
        allow_negative_numbers = true
    )]
    dial_s: f64,

    /// With --blend-above: percent of dials answered by a person.
    #[arg(
        long,
        value_name = "PCT",
        default_value_t = 30.0,
        requires = "blend_above",
        allow_negative_numbers = true
    )]
    reach_pct: f64,

    /// With --blend-above: mean outbound talk time, seconds (default: --aht-s).
    #[arg(
        long,
        value_name = "S",
        requires = "blend_above",
        allow_negative_numbers = true
    )]
    outbound_aht_s: Option<f64>,

    /// Mean patience in seconds: callers hang up after an exponential patience (Erlang A).
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    patience_s: Option<f64>,

    /// Shrinkage percent (breaks, absence, training; 0 to 99) to turn agents into scheduled staff.
    #[arg(
        long,
        value_name = "PCT",
        default_value_t = 0.0,
        allow_negative_numbers = true
    )]
    shrinkage_pct: f64,

    /// What the service level is a share of.
    #[arg(long, value_enum, default_value = "offered")]
    sl_basis: BasisArg,

    /// Threshold for the reported service level when no --target names one.
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    sl_threshold_s: Option<f64>,

    /// Staffing levels shown on each side of the required one.
    #[arg(long, value_name = "K", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(0..=1000))]
    around: u32,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,

    /// Show the computation step by step with the numbers substituted.
    #[arg(long)]
    explain: bool,

    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,

    #[command(flatten)]
    visuals: VisualArgs,
}

pub fn run(args: &ErlangArgs) -> Result<(), CliError> {
    let inputs: Vec<&std::path::Path> = args
        .intervals
        .iter()
        .chain(&args.scenario)
        .map(PathBuf::as_path)
        .collect();
    check_destinations(args.output.as_deref(), &args.visuals, &[], &inputs)?;
    if args.max_chats.is_some() {
        return write_report(args, &chat::report(args)?);
    }
    if args.blend_above.is_some() {
        return write_report(args, &blend::report(args)?);
    }
    if args.scenario.is_some() && !args.compare_models {
        return Err(CliError::Arguments(
            "--scenario sets a simulation beside Erlang C and Erlang A: use it with --compare-models"
                .into(),
        ));
    }
    if args.force && args.scenario.is_none() {
        return Err(CliError::Arguments(
            "--force lets a costly simulation run: it goes with --compare-models --scenario".into(),
        ));
    }
    if args.compare_models {
        return write_report(args, &models_report(args)?);
    }
    if let Some(pct) = args.max_blocking_pct {
        return write_report(args, &lines_report(args, pct)?);
    }
    write_report(args, &build_report(args)?)
}

/// `report` in the asked format, to the output, with its charts and HTML.
fn write_report(args: &ErlangArgs, report: &impl report::Report) -> Result<(), CliError> {
    let bytes =
        report::render(report, args.format, args.visuals.lang()).map_err(CliError::Stdout)?;
    write_with_visuals(args.output.as_deref(), bytes, &args.visuals, report)
}

/// `--patience-s`, checked.
fn checked_patience(patience_s: f64) -> Result<f64, ErlangError> {
    check("patience_s", patience_s, "> 0 and at most 1000000", |v| {
        v > 0.0 && v <= 1e6
    })
}

/// The service level asked about: the target's threshold, or
/// `--sl-threshold-s` when no target names one (never both).
fn service_level_query(
    args: &ErlangArgs,
    targets: &Targets,
    basis: ServiceLevelBasis,
) -> Result<erlang::ServiceLevelQuery, CliError> {
    match args.sl_threshold_s {
        None => Ok(targets.service_level_query(basis)),
        Some(_) if targets.service_level.is_some() => Err(CliError::Arguments(
            "give the service-level threshold either in --target or in --sl-threshold-s, not both"
                .into(),
        )),
        Some(threshold) => Ok(erlang::ServiceLevelQuery::new(threshold, basis)?),
    }
}

/// Erlang C and Erlang A on the same traffic, around `--agents` or the
/// agents Erlang C gives for the targets.
fn models_report(args: &ErlangArgs) -> Result<ModelsReport, CliError> {
    let refused = [
        ("--intervals", args.intervals.is_some()),
        ("--max-blocking-pct", args.max_blocking_pct.is_some()),
        ("--shrinkage-pct", args.shrinkage_pct != 0.0),
        ("--explain", args.explain),
    ];
    if let Some((flag, _)) = refused.iter().find(|(_, given)| *given) {
        return Err(CliError::Arguments(format!(
            "--compare-models sets Erlang C beside Erlang A for one traffic: {flag} does not apply"
        )));
    }
    let scenario = match &args.scenario {
        Some(path) => Some(models_scenario(args, path)?),
        None => None,
    };
    let (traffic, patience_s) = match &scenario {
        Some((_, t)) => (
            Traffic::from_calls_per_hour(t.calls_per_hour, t.aht_s)?,
            checked_patience(t.patience_s)?,
        ),
        None => {
            let Some(patience_s) = args.patience_s else {
                return Err(CliError::Arguments(
                    "--compare-models needs --patience-s S: Erlang A's mean patience, set beside Erlang C's callers who never hang up".into(),
                ));
            };
            (traffic(args)?, checked_patience(patience_s)?)
        }
    };
    let basis = ServiceLevelBasis::from(args.sl_basis);
    let targets = targets(args)?;
    let mut query = service_level_query(args, &targets, basis)?;
    // The scenario's threshold where the command names none.
    if let Some((s, _)) = &scenario
        && targets.service_level.is_none()
        && args.sl_threshold_s.is_none()
    {
        query = erlang::ServiceLevelQuery::new(s.targets.answer_within_s, basis)?;
    }
    let agents = match args.agents {
        Some(agents) => agents,
        None if targets.is_empty() && scenario.is_some() => {
            scenario.as_ref().map_or(0, |(_, t)| t.agents)
        }
        None if targets.is_empty() => {
            return Err(CliError::Arguments(
                "--compare-models needs the staffing to compare at: --agents N, or a target (--target 80/20, …) whose Erlang C answer is used".into(),
            ));
        }
        None => {
            let model = if targets.max_abandon.is_some() {
                QueueModel::ErlangA { patience_s }
            } else {
                QueueModel::ErlangC
            };
            targets.validate(model)?;
            erlang::required_agents(&traffic, model, &targets, basis)?.agents
        }
    };
    if agents == 0 {
        return Err(CliError::Arguments(
            "--compare-models compares the models at one agent or more: give --agents N with N ≥ 1"
                .into(),
        ));
    }
    // The chart's curve (JSON and charts only) is a wider range of the
    // same rows: computed once, the table's rows taken from it.
    let wanted = args.format == Format::Json || args.visuals.wanted();
    let range = if wanted {
        args.around.max(15)
    } else {
        args.around
    };
    let mut comparison = erlang::compare_models(&traffic, patience_s, agents, range, query)?;
    let curve = if wanted {
        let curve = comparison.over_agents.clone();
        comparison
            .over_agents
            .retain(|r| r.agents.abs_diff(agents) <= args.around);
        curve
    } else {
        Vec::new()
    };
    let simulation = match &scenario {
        Some((s, _)) => {
            let agents: Vec<u32> = comparison.over_agents.iter().map(|r| r.agents).collect();
            admit_simulations(args, s, agents.len())?;
            Some(study::erlang_models::simulate_over_agents(
                s, &agents, query, None, None,
            )?)
        }
        None => None,
    };
    Ok(ModelsReport {
        schema: report::erlang::MODELS_SCHEMA,
        callsim_version: env!("CARGO_PKG_VERSION"),
        traffic: TrafficSummary::from(&traffic),
        service_level_threshold_s: query.threshold_s,
        comparison,
        curve,
        simulation,
    })
}

/// The scenario of `--scenario`, read and checked to be one stationary
/// queue, with its traffic; the traffic options it replaces are refused.
fn models_scenario(
    args: &ErlangArgs,
    path: &Path,
) -> Result<(Scenario, study::erlang_models::ScenarioTraffic), CliError> {
    let replaced = [
        ("--calls", args.calls.is_some()),
        ("--calls-per-hour", args.calls_per_hour.is_some()),
        ("--erlangs", args.erlangs.is_some()),
        ("--aht-s", args.aht_s.is_some()),
        ("--patience-s", args.patience_s.is_some()),
    ];
    if let Some((flag, _)) = replaced.iter().find(|(_, given)| *given) {
        return Err(CliError::Arguments(format!(
            "--scenario gives the traffic (its arrival rate, AHT and patience): leave out {flag}"
        )));
    }
    let scenario = Scenario::from_path(path)?;
    let traffic = study::erlang_models::scenario_traffic(&scenario)
        .map_err(|e| CliError::Arguments(e.to_string()))?;
    Ok((scenario, traffic))
}

/// The scenario simulated at `rows` agent counts, each on all its
/// replications: refused above the cost `simulate` starts without
/// `--force`. The agents change the queue, not the callers, so each row
/// costs about what the scenario itself does.
fn admit_simulations(args: &ErlangArgs, scenario: &Scenario, rows: usize) -> Result<(), CliError> {
    let mut cost = ArmsCost::new(
        worker_threads(None),
        u64::from(scenario.simulation.replications),
    );
    for _ in 0..rows {
        cost.add(scenario);
    }
    let warning = cost
        .cost()
        .admit(args.force)
        .map_err(|message| CliError::Input {
            path: args.scenario.clone().unwrap_or_default(),
            message: format!("--compare-models at {rows} agent counts: {message}"),
        })?;
    if let Some(warning) = warning {
        eprintln!("warning: {warning}");
    }
    Ok(())
}

/// Erlang B line sizing: the fewest lines blocking at most `pct` % of the
/// calls; the queueing options mean nothing here and are refused.
fn lines_report(args: &ErlangArgs, pct: f64) -> Result<LinesReport, CliError> {
    let queueing = [
        ("--agents", args.agents.is_some()),
        ("--target", args.target.is_some()),
        ("--max-asa-s", args.max_asa_s.is_some()),
        ("--max-abandon-pct", args.max_abandon_pct.is_some()),
        ("--max-occupancy-pct", args.max_occupancy_pct.is_some()),
        ("--patience-s", args.patience_s.is_some()),
        ("--sl-threshold-s", args.sl_threshold_s.is_some()),
        ("--shrinkage-pct", args.shrinkage_pct != 0.0),
        ("--intervals", args.intervals.is_some()),
    ];
    if let Some((flag, _)) = queueing.iter().find(|(_, given)| *given) {
        return Err(CliError::Arguments(format!(
            "--max-blocking-pct sizes lines under Erlang B, where no call waits: {flag} does not apply (give the traffic, --aht-s and --max-blocking-pct only)"
        )));
    }
    let max_blocking = percent_to_share("max_blocking_pct", pct, "> 0 and < 100", |v| {
        v > 0.0 && v < 100.0
    })?;
    let traffic = traffic(args)?;
    let lines = erlang::required_lines(&traffic, max_blocking)?;
    let explanation = if args.explain {
        if args.format == Format::Csv {
            return Err(CliError::Arguments(
                "--explain walks through one computation: use it with --format table or json"
                    .into(),
            ));
        }
        // The JSON record keeps the English words; the terminal speaks --lang.
        let lang = if args.format == Format::Json {
            Lang::En
        } else {
            args.visuals.lang()
        };
        erlang::explain_lines_in(&traffic, lines, max_blocking, lang.explain_text())
    } else {
        Vec::new()
    };
    let curve = if args.format == Format::Json || args.visuals.wanted() {
        erlang::lines_table(&traffic, lines, 20)
    } else {
        Vec::new()
    };
    Ok(LinesReport {
        schema: report::erlang::LINES_SCHEMA,
        callsim_version: env!("CARGO_PKG_VERSION"),
        traffic: TrafficSummary::from(&traffic),
        max_blocking,
        required: erlang::line_kpis(&traffic, lines),
        table: erlang::lines_table(&traffic, lines, args.around),
        curve,
        explanation,
    })
}

/// Validates the arguments and computes the report; writes nothing.
pub fn build_report(args: &ErlangArgs) -> Result<ErlangReport, CliError> {
    let model = match args.patience_s {
        None => QueueModel::ErlangC,
        Some(patience_s) => QueueModel::ErlangA {
            patience_s: checked_patience(patience_s)?,
        },
    };
    // At most 99 %: a hundred times the agents, so staff counts stay
    // counts (99.9999999 % would ask for billions of staff).
    let shrinkage = percent_to_share("shrinkage_pct", args.shrinkage_pct, "in [0, 99]", |v| {
        (0.0..=99.0).contains(&v)
    })?;
    let targets = targets(args)?;
    targets.validate(model)?;
    let basis = ServiceLevelBasis::from(args.sl_basis);
    let query = service_level_query(args, &targets, basis)?;
    if args.explain && (args.format == Format::Csv || args.intervals.is_some()) {
        return Err(CliError::Arguments(
            "--explain walks through one computation: use it without --intervals and with --format table or json"
                .into(),
        ));
    }
    let base = |result: ErlangResult, explanation: Vec<String>| ErlangReport {
        schema: report::erlang::ERLANG_SCHEMA,
        callsim_version: env!("CARGO_PKG_VERSION"),
        model,
        service_level_basis: basis,
        service_level_threshold_s: query.threshold_s,
        targets,
        shrinkage,
        result,
        curve: Vec::new(),
        explanation,
    };

    if let Some(path) = &args.intervals {
        if targets.is_empty() {
            return Err(ErlangError::NoTargets.into());
        }
        let interval_s = interval_seconds(args.interval_min)?;
        let forecast = read_forecast(path, interval_s, args.aht_s, args.queue.as_deref())?;
        let mut rows = Vec::with_capacity(forecast.len());
        for interval in forecast {
            let kpis = erlang::required_agents(&interval.traffic, model, &targets, basis).map_err(
                |e| CliError::InputAt {
                    path: path.clone(),
                    line: interval.line,
                    message: format!("interval {}: {e}", interval.label),
                },
            )?;
            rows.push(IntervalStaffing {
                interval: interval.label,
                calls: interval.calls,
                traffic: TrafficSummary::from(&interval.traffic),
                scheduled_staff: erlang::scheduled_staff(kpis.agents, shrinkage),
                kpis,
            });
        }
        let totals = IntervalTotals::of(&rows, args.interval_min);
        let result = ErlangResult::Intervals {
            interval_min: args.interval_min,
            rows,
            totals,
        };
        return Ok(base(result, Vec::new()));
    }

    let traffic = traffic(args)?;
    let (result, agents) = match args.agents {
        Some(agents) => {
            let kpis = erlang::evaluate(&traffic, model, agents, query)?;
            let shortfalls = targets.shortfalls(&kpis);
            let result = ErlangResult::Evaluate {
                traffic: TrafficSummary::from(&traffic),
                kpis,
                scheduled_staff: erlang::scheduled_staff(agents, shrinkage),
                meets_targets: (!targets.is_empty()).then_some(shortfalls.is_empty()),
                shortfalls,
            };
            (result, agents)
        }
        None => {
            if targets.is_empty() {
                return Err(CliError::Arguments(
                    "give --agents N to see the KPIs of N agents, or a target (--target 80/20, --max-asa-s, --max-abandon-pct, --max-occupancy-pct) to compute the agents needed"
                        .into(),
                ));
            }
            let (required, table) =
                erlang::required_with_table(&traffic, model, &targets, basis, args.around)?;
            let result = ErlangResult::Staffing {
                traffic: TrafficSummary::from(&traffic),
                required,
                scheduled_staff: erlang::scheduled_staff(required.agents, shrinkage),
                table,
            };
            (result, required.agents)
        }
    };
    let explanation = if args.explain {
        // The JSON record keeps the English words; the terminal speaks --lang.
        let lang = if args.format == Format::Json {
            Lang::En
        } else {
            args.visuals.lang()
        };
        let text = lang.explain_text();
        let mut steps = erlang::explain::explain_in(&traffic, model, agents, query, text)?;
        if args.agents.is_none() {
            let words = lang.words();
            steps.extend(erlang::explain::explain_search_in(
                &traffic,
                model,
                &targets,
                query,
                agents,
                text,
                &|miss| words.miss(miss),
            )?);
        }
        steps
    } else {
        Vec::new()
    };
    let mut report = base(result, explanation);
    // The charts' curve: for the JSON record and the charts only (60 more
    // levels, most of the work at 100 000 Erlangs).
    if args.format == Format::Json || args.visuals.wanted() {
        report.curve = kpi_curve(&traffic, model, agents, query)?;
    }
    Ok(report)
}

/// KPIs of about 60 staffing levels spread over agents ± (10 + 2√agents),
/// the stable ones under Erlang C: the curve the charts draw.
fn kpi_curve(
    traffic: &Traffic,
    model: QueueModel,
    agents: u32,
    query: erlang::ServiceLevelQuery,
) -> Result<Vec<erlang::Kpis>, ErlangError> {
    let half_width = 10 + (2.0 * f64::from(agents).sqrt()).ceil() as u32;
    let mut first = agents.saturating_sub(half_width);
    if model == QueueModel::ErlangC && traffic.offered_load() > 0.0 {
        first = first.max(erlang::min_stable_agents(traffic.offered_load()));
    }
    let last = agents
        .saturating_add(half_width)
        .min(erlang::MAX_AGENTS.max(agents))
        .max(first);
    let step = ((last - first) / 60).max(1);
    let mut levels: Vec<u32> = (first..=last).step_by(step as usize).collect();
    if !levels.contains(&agents) && agents >= first {
        levels.push(agents);
        levels.sort_unstable();
    }
    // A level too far below the load for Erlang A's chain to be summed is
    // left off the chart rather than failing the whole answer.
    levels
        .into_iter()
        .map(|n| erlang::evaluate(traffic, model, n, query))
        .filter(|kpis| !matches!(kpis, Err(ErlangError::QueueTooLong { .. })))
        .collect()
}

/// Refuses, naming the first given, the options of the other `erlang` modes
/// (and `also`) with a model that solves one traffic (`what` says which, and
/// that its service level is of all contacts offered).
fn refuse_single_model_options(
    args: &ErlangArgs,
    what: &str,
    also: &[(&str, bool)],
) -> Result<(), CliError> {
    let refused = [
        ("--intervals", args.intervals.is_some()),
        ("--compare-models", args.compare_models),
        ("--scenario", args.scenario.is_some()),
        ("--force", args.force),
        ("--explain", args.explain),
        ("--max-blocking-pct", args.max_blocking_pct.is_some()),
        (
            "--sl-basis",
            ServiceLevelBasis::from(args.sl_basis) != ServiceLevelBasis::Offered,
        ),
        ("--plot and --report", args.visuals.wanted()),
    ];
    match refused.iter().chain(also).find(|(_, given)| *given) {
        Some((flag, _)) => Err(CliError::Arguments(format!(
            "{what}: {flag} does not apply to it"
        ))),
        None => Ok(()),
    }
}

fn percent_to_share(
    name: &'static str,
    value: f64,
    rule: &'static str,
    ok: impl Fn(f64) -> bool,
) -> Result<f64, ErlangError> {
    check(name, value, rule, ok).map(|v| v / 100.0)
}

fn interval_seconds(interval_min: f64) -> Result<f64, ErlangError> {
    check(
        "interval_min",
        interval_min,
        "at least 1/60 (one second) and at most 1440 (one day)",
        |v| v * 60.0 >= erlang::MIN_INTERVAL_S && v <= 1440.0,
    )
    .map(|m| m * 60.0)
}

fn targets(args: &ErlangArgs) -> Result<Targets, ErlangError> {
    let service_level = args
        .target
        .as_deref()
        .map(str::parse::<ServiceLevelTarget>)
        .transpose()?;
    // Ranges are checked by `Targets::validate`, which names the percent options.
    let percent = |p: Option<f64>| p.map(|v| v / 100.0);
    let (max_abandon, max_occupancy) = (
        percent(args.max_abandon_pct),
        percent(args.max_occupancy_pct),
    );
    Ok(Targets {
        service_level,
        max_asa_s: args.max_asa_s,
        max_abandon,
        max_occupancy,
    })
}

fn require_aht(aht_s: Option<f64>) -> Result<f64, CliError> {
    aht_s.ok_or_else(|| {
        CliError::Arguments(
            "give the average handle time with --aht-s SECONDS (talk + hold + after-call work)"
                .into(),
        )
    })
}

fn traffic(args: &ErlangArgs) -> Result<Traffic, CliError> {
    let aht_s = require_aht(args.aht_s)?;
    let traffic = match (args.calls, args.calls_per_hour, args.erlangs) {
        (Some(calls), None, None) => {
            Traffic::from_calls_per_interval(calls, interval_seconds(args.interval_min)?, aht_s)?
        }
        (None, Some(per_hour), None) => Traffic::from_calls_per_hour(per_hour, aht_s)?,
        (None, None, Some(load)) => Traffic::from_erlangs(load, aht_s)?,
        _ => {
            return Err(CliError::Arguments(
                "give the traffic with one of --calls N (per interval), --calls-per-hour N, --erlangs A or --intervals FILE.csv"
                    .into(),
            ));
        }
    };
    Ok(traffic)
}

/// One interval of a forecast file.
struct ForecastInterval {
    line: u64,
    label: String,
    calls: f64,
    traffic: Traffic,
}

fn read_forecast(
    path: &Path,
    interval_s: f64,
    default_aht_s: Option<f64>,
    queue: Option<&str>,
) -> Result<Vec<ForecastInterval>, CliError> {
    let cannot_read = |reason: String| CliError::Input {
        path: path.to_path_buf(),
        message: format!("cannot read the forecast: {reason}"),
    };
    let bytes = file::read_bounded(path, file::MAX_FORECAST_BYTES)
        .map_err(|e| cannot_read(e.to_string()))?;
    let at = |line: u64, message: String| CliError::InputAt {
        path: path.to_path_buf(),
        line,
        message,
    };
    let located = |e: ForecastError| match e.line {
        Some(line) => at(line, e.message),
        None => CliError::Input {
            path: path.to_path_buf(),
            message: e.message,
        },
    };
    let table = forecast::file::decode(bytes)
        .and_then(|text| forecast::file::parse(&text))
        .map_err(located)?;
    if !table.has_aht && default_aht_s.is_none() {
        return Err(CliError::Arguments(
            "give the average handle time with --aht-s SECONDS or an `aht_s` column in the forecast"
                .into(),
        ));
    }
    let rows =
        one_queue(table.rows, table.has_queue, queue).map_err(|(line, message)| match line {
            Some(line) => at(line, message),
            None => CliError::Input {
                path: path.to_path_buf(),
                message,
            },
        })?;
    let mut intervals = Vec::with_capacity(rows.len());
    for (index, row) in rows.into_iter().enumerate() {
        let line = row.line;
        if index == MAX_INTERVALS {
            return Err(at(
                line,
                format!(
                    "the forecast has more than {MAX_INTERVALS} intervals (a year of 5-minute intervals): split it"
                ),
            ));
        }
        let aht_s = match (row.aht_s, default_aht_s) {
            (Some(aht), _) | (None, Some(aht)) => aht,
            (None, None) => {
                return Err(at(line, "aht_s is empty and no --aht-s was given".into()));
            }
        };
        let label = row.label.unwrap_or_else(|| clock_label(index, interval_s));
        // A forecast of several days repeats its clock labels: the date tells them apart.
        let label = match row.date {
            Some(date) => format!("{date} {label}"),
            None => label,
        };
        if label.chars().count() > MAX_NAME_CHARS || printable(&label) != label {
            return Err(at(
                line,
                format!(
                    "interval: the label \"{}\" must be at most {MAX_NAME_CHARS} characters, without control or invisible characters",
                    printable(&label.chars().take(MAX_NAME_CHARS).collect::<String>())
                ),
            ));
        }
        let traffic = Traffic::from_calls_per_interval(row.calls, interval_s, aht_s)
            .map_err(|e| at(line, e.to_string()))?;
        intervals.push(ForecastInterval {
            line,
            label,
            calls: row.calls,
            traffic,
        });
    }
    Ok(intervals)
}

/// `HH:MM` of the interval's start when the file gives no label.
fn clock_label(index: usize, interval_s: f64) -> String {
    let minutes = (index as f64 * interval_s / 60.0).round() as u64;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The rows of one queue: all of them when the forecast names no queue or
/// one; those of `queue` when given; else a refusal that names the queues.
fn one_queue(
    rows: Vec<ForecastRow>,
    has_queue: bool,
    queue: Option<&str>,
) -> Result<Vec<ForecastRow>, (Option<u64>, String)> {
    let mut queues: Vec<&str> = Vec::new();
    for name in rows.iter().filter_map(|r| r.queue.as_deref()) {
        if !queues.contains(&name) {
            queues.push(name);
        }
    }
    let listed = || {
        let shown: Vec<&str> = queues.iter().take(5).copied().collect();
        let more = if queues.len() > 5 { ", …" } else { "" };
        format!("{}{more}", shown.join(", "))
    };
    match queue {
        None if queues.len() > 1 => Err((
            rows.first().map(|r| r.line),
            format!(
                "the forecast holds several queues ({}): --intervals sizes one queue; choose it with --queue NAME",
                listed()
            ),
        )),
        None => Ok(rows),
        Some(name) if !has_queue => Err((
            None,
            format!("--queue {name}: the forecast has no queue column (it is one queue's)"),
        )),
        Some(name) if !queues.contains(&name) => Err((
            None,
            format!(
                "--queue {name}: the forecast has no rows for it (its queues: {})",
                listed()
            ),
        )),
        Some(name) => Ok(rows
            .into_iter()
            .filter(|r| r.queue.as_deref() == Some(name))
            .collect()),
    }
}
