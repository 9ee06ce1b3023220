//! Replications in parallel with rayon: each replication seeded from (seed,
//! replication, purpose), results merged in replication order. The output is
//! the same bits on 1 or N threads, and memory does not grow with the number
//! of replications (they are run and folded in bounded chunks).

use std::ops::Range;
use std::time::Instant;

use rayon::prelude::*;
use thiserror::Error;

use super::calls_log::CallsLogOptions;
use crate::engine::{ModelRouter, WorkLimitExceeded};
use crate::kpi::{KpiMoments, Layout, ReplicationKpis};
use crate::model::Model;
use crate::observe::{CallsLog, KpiCollector, ReplicationStats, TraceEvent, Tracer};
use crate::scenario::Scenario;

#[derive(Debug, Error)]
pub enum RunError {
    #[error("cannot start {threads} worker threads: {message}")]
    ThreadPool { threads: usize, message: String },
    #[error("{scenario}: {source}")]
    WorkLimit {
        scenario: String,
        source: crate::engine::WorkLimitExceeded,
    },
    #[error("cannot write the calls log: {0}")]
    CallsLog(#[source] std::io::Error),
}

/// Why one replication failed.
enum Failure {
    WorkLimit(WorkLimitExceeded),
    CallsLog(std::io::Error),
}

impl Failure {
    fn in_run_of(self, scenario: &Scenario) -> RunError {
        match self {
            Failure::WorkLimit(source) => RunError::WorkLimit {
                scenario: scenario.source.clone(),
                source,
            },
            Failure::CallsLog(e) => RunError::CallsLog(e),
        }
    }
}

impl From<WorkLimitExceeded> for Failure {
    fn from(e: WorkLimitExceeded) -> Self {
        Failure::WorkLimit(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::CallsLog(e)
    }
}

/// How to run a scenario's replications.
#[derive(Default)]
pub struct RunOptions<'a> {
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    /// Replications to run; `None` runs all of the scenario's.
    pub replications: Option<Range<u64>>,
    /// Trace the first N events of replication 0.
    pub trace: Option<usize>,
    /// Called after each replication completes (from worker threads).
    pub on_replication_done: Option<&'a (dyn Fn() + Sync)>,
    /// Keep each replication's KPI values (for a shard's partial result).
    pub keep_replications: bool,
    /// Write one row per call attempt of these replications.
    pub calls_log: Option<CallsLogOptions<'a>>,
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct SimulationRun {
    pub moments: KpiMoments,
    pub replications: Range<u64>,
    pub calls_simulated: u64,
    pub wall_s: f64,
    pub threads: usize,
    pub trace: Option<Vec<TraceEvent>>,
    /// Each replication's KPI values, in order, when asked for.
    pub per_replication: Option<Vec<ReplicationKpis>>,
}

impl SimulationRun {
    pub fn calls_per_second(&self) -> f64 {
        if self.wall_s > 0.0 {
            self.calls_simulated as f64 / self.wall_s
        } else {
            0.0
        }
    }
}

/// Runs one replication and returns its raw statistics and call attempts
/// (for tests and tools).
pub fn replication_stats(
    scenario: &Scenario,
    model: &Model,
    replication: u64,
) -> Result<(ReplicationStats, u64), WorkLimitExceeded> {
    let router = ModelRouter::new(model);
    let mut collector = KpiCollector::new(model, scenario.targets.answer_within_s);
    let outcome = router.run(model, scenario.simulation.seed, replication, &mut collector)?;
    Ok((collector.into_stats(), outcome.calls))
}

/// Runs the scenario's replications and gathers every KPI's mean and interval.
pub fn simulate(scenario: &Scenario, options: &RunOptions<'_>) -> Result<SimulationRun, RunError> {
    let started = Instant::now();
    let model = Model::compile(scenario);
    let router = ModelRouter::new(&model);
    let threads = options
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| RunError::ThreadPool {
            threads,
            message: e.to_string(),
        })?;
    let replications = options
        .replications
        .clone()
        .unwrap_or(0..u64::from(scenario.simulation.replications));
    let layout = Layout::of(scenario);
    // With campaigns, each replication runs again without them: the inbound
    // service level they cost, on the same inbound draws.
    let twin = model.has_campaigns().then(|| {
        let twin = model.without_campaigns();
        let router = ModelRouter::new(&twin);
        (twin, router)
    });
    let seed = scenario.simulation.seed;
    let threshold_s = scenario.targets.answer_within_s;
    let basis = scenario.targets.basis;
    let log = options.calls_log;
    // The replication's KPIs and attempts, its trace, and the scratch file of its calls log.
    type Done = (
        ReplicationKpis,
        u64,
        Option<Vec<TraceEvent>>,
        Option<std::fs::File>,
    );
    let run_one = |r: u64, chunk_start: u64| -> Result<Done, Failure> {
        let mut collector = KpiCollector::new(&model, threshold_s);
        let tracer = options
            .trace
            .filter(|_| r == 0)
            .map(|limit| tracer_of(scenario, limit));
        let logged = log.filter(|l| l.logs(r));
        let (calls, trace, scratch) = if tracer.is_none() && logged.is_none() {
            (
                router.run(&model, seed, r, &mut collector)?.calls,
                None,
                None,
            )
        } else {
            let scratch = match logged {
                Some(l) => l.scratch_for(r, chunk_start)?,
                None => None,
            };
            let calls_log =
                logged.map(|l| CallsLog::new(l.labels, r + 1, scratch.as_ref().unwrap_or(l.file)));
            let (calls, trace) =
                run_observed(&router, &model, seed, r, &mut collector, tracer, calls_log)?;
            (calls, trace, scratch)
        };
        let mut kpis = ReplicationKpis::from_stats(&collector.into_stats(), basis);
        let mut calls = calls;
        if let Some((twin, twin_router)) = &twin {
            let mut collector = KpiCollector::new(twin, threshold_s);
            // Its calls are simulated too: the throughput counts them.
            calls += twin_router.run(twin, seed, r, &mut collector)?.calls;
            let without = ReplicationKpis::from_stats(&collector.into_stats(), basis);
            kpis.add_without_outbound(&without, &layout);
        }
        if let Some(done) = options.on_replication_done {
            done();
        }
        Ok((kpis, calls, trace, scratch))
    };
    if let Some(log) = log {
        log.write_header().map_err(RunError::CallsLog)?;
    }

    let mut moments = KpiMoments::new(
        layout,
        scenario.simulation.estimator,
        scenario.scope_targets(),
    );
    let mut calls_simulated = 0;
    let mut trace = None;
    let mut per_replication = options.keep_replications.then(Vec::new);
    // Chunks bound memory; folding each chunk in order keeps the bits fixed.
    let chunk = (threads as u64 * 4).max(8);
    let mut start = replications.start;
    while start < replications.end {
        let end = (start + chunk).min(replications.end);
        let results: Vec<_> = pool.install(|| {
            (start..end)
                .into_par_iter()
                .map(|r| run_one(r, start))
                .collect()
        });
        for result in results {
            // The first failing replication in order: the same whatever the threads.
            let (kpis, calls, replication_trace, scratch) =
                result.map_err(|f| f.in_run_of(scenario))?;
            if let (Some(log), Some(scratch)) = (log, scratch) {
                log.append(scratch).map_err(RunError::CallsLog)?;
            }
            moments.add(&kpis);
            if let Some(kept) = per_replication.as_mut() {
                kept.push(kpis);
            }
            calls_simulated += calls;
            if replication_trace.is_some() {
                trace = replication_trace;
            }
        }
        start = end;
    }
    Ok(SimulationRun {
        moments,
        replications,
        calls_simulated,
        wall_s: started.elapsed().as_secs_f64(),
        threads,
        trace,
        per_replication,
    })
}

/// Runs replication `r` told to the collector and to a tracer or calls log
/// (or both): its call attempts and its trace.
fn run_observed<W: std::io::Write>(
    router: &ModelRouter,
    model: &Model,
    seed: u64,
    r: u64,
    collector: &mut KpiCollector,
    tracer: Option<Tracer>,
    calls_log: Option<CallsLog<'_, W>>,
) -> Result<(u64, Option<Vec<TraceEvent>>), Failure> {
    let mut extras = (tracer, calls_log);
    let calls = router
        .run(model, seed, r, &mut (collector, &mut extras))?
        .calls;
    let (tracer, calls_log) = extras;
    if let Some(calls_log) = calls_log {
        calls_log.finish()?;
    }
    Ok((calls, tracer.map(Tracer::into_events)))
}

/// The tracer of the first `limit` events, with the scenario's names.
fn tracer_of(scenario: &Scenario, limit: usize) -> Tracer {
    Tracer::new(
        limit,
        scenario.call_types.iter().map(|c| c.name.clone()).collect(),
        scenario
            .agent_groups
            .iter()
            .map(|g| g.name.clone())
            .collect(),
    )
    .with_ivr(
        scenario.entries.iter().map(|e| e.name.clone()).collect(),
        scenario.ivr_nodes.iter().map(|n| n.name.clone()).collect(),
    )
    .with_campaigns(scenario.outbound.iter().map(|o| o.name.clone()).collect())
    .with_clock(clock_of(&scenario.simulation))
}

/// The clock time of a simulated time: "08:00:06.499" (its day as the
/// scenario's interval labels name it, "d2+08:00:06.499" or "Tue …").
fn clock_of(simulation: &crate::scenario::Simulation) -> crate::observe::Clock {
    let simulation = simulation.clone();
    Box::new(move |t| {
        let seconds = f64::from(simulation.open_min) * 60.0 + t;
        let minutes = (seconds / 60.0).floor();
        let within = seconds - minutes * 60.0;
        format!("{}:{within:06.3}", simulation.clock_label(minutes as u64))
    })
}
