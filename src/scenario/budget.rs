//! What a run will cost, estimated before it starts: the call attempts it
//! simulates (repeats included), the processor time that takes and the peak
//! memory. A run that cannot fit in the machine's memory is refused; one
//! above [`WARN_CORE_SECONDS`] or [`WARN_MEMORY_BYTES`] starts only with
//! `--force`. The guide's "Limits" section (docs/src/reference/
//! limits-and-errors.md) gives the same numbers.
//!
//! The estimates are bounds rather than forecasts where the scenario leaves
//! the outcome open: every caller who may call again is counted as doing so
//! as often as the probabilities allow (1 / (1 − p) attempts per caller),
//! and callers who never hang up queue up for as long as the agents fall
//! behind the offered work. The rates and sizes below were measured on the
//! engine as it is; they hold to within a factor of about two.

use super::{Channel, IvrNode, IvrTarget, Scenario};

/// Call attempts (and IVR menu visits) one core simulates per second.
const ATTEMPTS_PER_CORE_S: f64 = 5e6;
/// KPI cells (a call type, group, entry or menu in an interval) one core
/// fills, merges and reports per second, per replication.
const CELL_REPLICATIONS_PER_CORE_S: f64 = 1.5e5;
/// Memory of one caller present in a replication: the queue slot, its
/// events, and room for the buffers to grow.
const BYTES_PER_CALLER: f64 = 128.0;
/// Memory of one agent in a replication.
const BYTES_PER_AGENT: f64 = 64.0;
/// Memory of one chat place of an agent (each agent has as many as the most
/// chats any agent may hold, when the scenario has chats).
const BYTES_PER_CHAT_PLACE: f64 = 128.0;
/// Memory of one pending event (a delayed overflow of a waiting caller).
const BYTES_PER_EVENT: f64 = 32.0;
/// Memory of a call type's KPI cell (wait histograms, moments, the report,
/// JSON output) for the run.
const BYTES_PER_CALL_CELL: f64 = 12.0 * 1024.0;
/// Memory of another KPI cell (a group, entry or menu) for the run.
const BYTES_PER_OTHER_CELL: f64 = 2.0 * 1024.0;
/// Memory of a KPI cell in each further worker thread's running replication.
const BYTES_PER_CELL_PER_WORKER: f64 = 3.0 * 1024.0;
/// Memory of a KPI cell in a finished replication kept for merging, for a
/// shard's partial result or for a comparison's pairing.
const BYTES_PER_CELL_KEPT: f64 = 512.0;

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// Above this much processor time (one core-hour) a run starts only with `--force`.
pub const WARN_CORE_SECONDS: f64 = 3600.0;
/// Above this much memory (4 GiB) a run starts only with `--force`.
pub const WARN_MEMORY_BYTES: f64 = 4.0 * GIB;

/// What one replication of a scenario holds and does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    /// Call attempts, first attempts and repeats (bound), expected.
    pub attempts: f64,
    /// IVR menu visits, expected.
    pub ivr_visits: f64,
    /// Other steps the engine takes: agents joining and leaving at interval
    /// boundaries, and delayed-overflow checks of waiting callers (bound).
    pub other_steps: f64,
    /// Callers present at once at the peak: waiting, talking, in the IVR or
    /// about to call again (an estimate that is high rather than low).
    pub peak_callers: f64,
    /// Agents present at once at the peak.
    pub peak_agents: f64,
    /// Chat places kept per agent: the most chats an agent may hold (0
    /// without chats).
    pub chat_places: f64,
    /// Delayed-overflow events a waiting caller may have pending at once.
    pub events_per_caller: f64,
    /// KPI cells of call types (with the "all" row), per interval and the day.
    pub call_cells: f64,
    /// KPI cells of groups, entries and menus.
    pub other_cells: f64,
}

/// The cost of a whole run (every replication, every scenario compared).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// Call attempts in all, repeats included.
    pub attempts: f64,
    /// IVR menu visits, agents joining and leaving, overflow checks, in all.
    pub other_steps: f64,
    pub replications: f64,
    pub core_seconds: f64,
    pub memory_bytes: f64,
    /// The largest per-replication peak of callers present.
    pub peak_callers: f64,
    /// Replications run at once.
    pub workers: f64,
}

/// The cost of a comparison, summed arm by arm (a sweep checks it as it
/// builds its points, before holding them all).
#[derive(Debug, Clone)]
pub struct ArmsCost {
    total: Cost,
    threads: usize,
    replications: u64,
    /// Memory of the largest arm's running replication.
    largest_replication: f64,
}

impl ArmsCost {
    pub fn new(threads: usize, replications: u64) -> Self {
        Self {
            total: Cost {
                attempts: 0.0,
                other_steps: 0.0,
                replications: replications as f64,
                core_seconds: 0.0,
                memory_bytes: 0.0,
                peak_callers: 0.0,
                workers: (threads as f64).min(replications as f64).max(1.0),
            },
            threads,
            replications,
            largest_replication: 0.0,
        }
    }

    /// Adds one arm run on the same replications.
    pub fn add(&mut self, arm: &Scenario) {
        let one = Cost::simulate(arm, self.threads, self.replications, false);
        let load = Load::of(arm);
        let total = &mut self.total;
        total.attempts += one.attempts;
        total.other_steps += one.other_steps;
        total.core_seconds += one.core_seconds;
        total.peak_callers = total.peak_callers.max(one.peak_callers);
        total.memory_bytes += load.table_bytes(one.workers, 64.0f64.min(one.replications) + 8.0);
        self.largest_replication = self.largest_replication.max(load.replication_bytes());
    }

    /// The whole comparison: every arm's tables, and the largest arm's
    /// callers in each replication run at once.
    pub fn cost(&self) -> Cost {
        Cost {
            memory_bytes: self.total.memory_bytes + self.total.workers * self.largest_replication,
            ..self.total
        }
    }
}

/// An IVR's flows from one first menu: expected visits of each menu per caller.
fn menu_visits(nodes: &[IvrNode], first: usize) -> Vec<f64> {
    let moves = nodes.iter().enumerate().flat_map(|(from, node)| {
        node.options
            .iter()
            .filter_map(move |option| match option.target {
                IvrTarget::Node(to) => Some((from, to, option.prob)),
                _ => None,
            })
    });
    let mut sources = vec![0.0; nodes.len()];
    sources[first] = 1.0;
    expected_visits(&sources, moves)
}

/// Expected visits of each of `sources.len()` places when `sources[i]`
/// start at place `i` and each visit of `from` moves on to `to` with
/// probability `p` (`moves`), through every loop: v = s + Pᵀ v, solved as
/// (I − Pᵀ) v = s by Gaussian elimination with partial pivoting.
/// Validation guarantees every loop can be left, so it is regular.
fn expected_visits(
    sources: &[f64],
    moves: impl IntoIterator<Item = (usize, usize, f64)>,
) -> Vec<f64> {
    let n = sources.len();
    let mut a = vec![vec![0.0; n + 1]; n];
    for (i, row) in a.iter_mut().enumerate() {
        row[i] = 1.0;
        row[n] = sources[i];
    }
    for (from, to, p) in moves {
        a[to][from] -= p;
    }
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        let p = a[col][col];
        if p == 0.0 {
            continue;
        }
        let (top, below) = a.split_at_mut(col + 1);
        let pivot_row = &top[col];
        for row in below {
            let factor = row[col] / p;
            if factor != 0.0 {
                for (x, y) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                    *x -= factor * y;
                }
            }
        }
    }
    let mut v = vec![0.0; n];
    for row in (0..n).rev() {
        let rest: f64 = (row + 1..n).map(|c| a[row][c] * v[c]).sum();
        v[row] = if a[row][row] == 0.0 {
            0.0
        } else {
            ((a[row][n] - rest) / a[row][row]).max(0.0)
        };
    }
    v
}

/// Contacts transferred in a replication, through every chain and loop of
/// `transfer_pct` (a cycle of transfers each at 99.9999 % hands a contact on
/// a million times), with `offered[t]` contacts offered at type `t` before
/// any transfer. Only the types that transfer or take transfers are solved.
fn transfers_through_cycles(scenario: &Scenario, offered: &[f64]) -> f64 {
    let types = &scenario.call_types;
    let mut place: Vec<Option<usize>> = vec![None; types.len()];
    let mut involved = Vec::new();
    for (t, c) in types.iter().enumerate() {
        for to in std::iter::once(t).chain(c.transfers.iter().map(|x| x.to)) {
            if !c.transfers.is_empty() && place[to].is_none() {
                place[to] = Some(involved.len());
                involved.push(to);
            }
        }
    }
    if involved.is_empty() {
        return 0.0;
    }
    let sources: Vec<f64> = involved.iter().map(|&t| offered[t]).collect();
    let moves = involved.iter().enumerate().flat_map(|(i, &t)| {
        let place = &place;
        types[t]
            .transfers
            .iter()
            .filter_map(move |x| place[x.to].map(|to| (i, to, x.prob)))
    });
    let visits = expected_visits(&sources, moves);
    visits.iter().sum::<f64>() - sources.iter().sum::<f64>()
}

/// 1 / (1 − p): attempts per first attempt when each one may repeat with
/// probability at most `p` (validation keeps `p` below 1).
fn repeats(p: f64) -> f64 {
    1.0 / (1.0 - p.clamp(0.0, 1.0 - 1e-12))
}

/// The most likely repeat of a call of type `t`: a retry or a recontact.
fn repeat_chance(scenario: &Scenario, t: usize) -> f64 {
    let c = &scenario.call_types[t];
    let retry = c.retry.as_ref().map_or(0.0, |r| r.prob);
    let recontact = c.recontact.as_ref().map_or(0.0, |r| 1.0 - r.fcr);
    retry.max(recontact)
}

/// Adds the entries' callers to `arrivals` (at the queues the menus lead
/// to) and to `attempts`; returns the menu visits and the callers in the
/// IVR at the busiest time.
fn add_entries(scenario: &Scenario, arrivals: &mut [Vec<f64>], attempts: &mut f64) -> (f64, f64) {
    let types = scenario.call_types.len();
    let mut ivr_visits = 0.0;
    let mut in_ivr = 0.0;
    let mut first_menus: Vec<(usize, Vec<f64>)> = Vec::new();
    for entry in &scenario.entries {
        let visits = match first_menus.iter().find(|(f, _)| *f == entry.first_node) {
            Some((_, v)) => v.clone(),
            None => {
                let v = menu_visits(&scenario.ivr_nodes, entry.first_node);
                first_menus.push((entry.first_node, v.clone()));
                v
            }
        };
        let mut to_queue = vec![0.0; types];
        let mut time_in_ivr = 0.0;
        for (node, &v) in scenario.ivr_nodes.iter().zip(&visits) {
            time_in_ivr += v * node.prompt.mean();
            for option in &node.options {
                if let IvrTarget::Queue(t) = option.target {
                    to_queue[t] += v * option.prob;
                }
            }
        }
        // A caller who reaches a queue may come back through the entry.
        let retry = entry.retry.as_ref().map_or(0.0, |r| r.prob);
        let recontact = (0..types)
            .filter(|&t| to_queue[t] > 0.0)
            .filter_map(|t| scenario.call_types[t].recontact.as_ref())
            .map(|r| 1.0 - r.fcr)
            .fold(0.0, f64::max);
        let m = repeats(retry.max(recontact));
        let calls: f64 = entry.calls_per_interval.iter().sum::<f64>() * m;
        *attempts += calls;
        ivr_visits += calls * visits.iter().sum::<f64>();
        let busiest = entry.calls_per_interval.iter().copied().fold(0.0, f64::max) * m;
        in_ivr += busiest / scenario.simulation.interval_s * time_in_ivr;
        for (t, share) in to_queue.iter().enumerate() {
            if *share > 0.0 {
                for (k, calls) in entry.calls_per_interval.iter().enumerate() {
                    arrivals[t][k] += calls * m * share;
                }
            }
        }
    }
    (ivr_visits, in_ivr)
}

/// Agents join and leave one by one when the staffing changes.
fn agent_changes(scenario: &Scenario) -> f64 {
    scenario
        .agent_groups
        .iter()
        .map(|g| {
            let mut before = 0u32;
            g.agents
                .iter()
                .map(|&now| {
                    let change = f64::from(now.abs_diff(before));
                    before = now;
                    change
                })
                .sum::<f64>()
        })
        .sum()
}

/// For each call type, the events a waiting caller gets: one per distinct
/// delay of overflow.
fn overflow_delays(scenario: &Scenario) -> Vec<f64> {
    (0..scenario.call_types.len())
        .map(|t| {
            let mut delays: Vec<f64> = scenario
                .agent_groups
                .iter()
                .filter_map(|g| {
                    let k = g.skills.iter().position(|&s| s == t)?;
                    Some(g.answer_after_s[k]).filter(|&d| d > 0.0)
                })
                .collect();
            delays.sort_by(f64::total_cmp);
            delays.dedup();
            delays.len() as f64
        })
        .collect()
}

/// Callers waiting at the peak. Callers who hang up wait at most about their
/// patience (Little's law with no agent at all); callers who never hang up
/// (or take a callback) stay until served: they pile up while the agents
/// fall behind the offered work (a fluid backlog), or for ever where no
/// group serves them.
fn waiting(scenario: &Scenario, arrivals: &[Vec<f64>], agents: &[f64]) -> f64 {
    let sim = &scenario.simulation;
    let (intervals, types) = (sim.intervals, scenario.call_types.len());
    let served: Vec<bool> = (0..types)
        .map(|t| scenario.agent_groups.iter().any(|g| g.skills.contains(&t)))
        .collect();
    let work_per_call = |t: usize| {
        let c = &scenario.call_types[t];
        match &c.aht_s {
            // The longest: the estimate errs towards more work.
            Some(aht) => aht.iter().copied().fold(0.0, f64::max),
            None => c.distribution_mean_handle_s(),
        }
    };
    let waits_for_ever = |t: usize| {
        scenario.call_types[t].patience.is_none() || scenario.call_types[t].callback.is_some()
    };
    let mut waiting = 0.0;
    let mut impatient_work = vec![0.0; intervals];
    for t in (0..types).filter(|&t| !waits_for_ever(t)) {
        let patience = scenario.call_types[t]
            .patience
            .as_ref()
            .map_or(0.0, |p| p.mean());
        let busiest = arrivals[t].iter().copied().fold(0.0, f64::max);
        let total: f64 = arrivals[t].iter().sum();
        waiting += (busiest / sim.interval_s * patience).min(total);
        for (k, a) in arrivals[t].iter().enumerate() {
            impatient_work[k] += a * work_per_call(t);
        }
    }
    let (mut backlog, mut peak_backlog, mut patient_calls, mut patient_work) =
        (0.0f64, 0.0f64, 0.0, 0.0);
    for t in (0..types).filter(|&t| waits_for_ever(t)) {
        let total: f64 = arrivals[t].iter().sum();
        if served[t] {
            patient_calls += total;
            patient_work += total * work_per_call(t);
        } else {
            waiting += total;
        }
    }
    if patient_calls > 0.0 {
        for k in 0..intervals {
            let offered: f64 = (0..types)
                .filter(|&t| waits_for_ever(t) && served[t])
                .map(|t| arrivals[t][k] * work_per_call(t))
                .sum();
            let capacity = (agents[k] * sim.interval_s - impatient_work[k]).max(0.0);
            backlog = (backlog + offered - capacity).max(0.0);
            peak_backlog = peak_backlog.max(backlog);
        }
        waiting += (peak_backlog / (patient_work / patient_calls)).min(patient_calls);
    }
    waiting
}

impl Load {
    /// The load of one replication of `scenario`.
    pub fn of(scenario: &Scenario) -> Self {
        let sim = &scenario.simulation;
        let intervals = sim.intervals;
        let types = scenario.call_types.len();
        // Arrivals at each queue per interval, repeats included.
        let mut arrivals: Vec<Vec<f64>> = scenario
            .call_types
            .iter()
            .enumerate()
            .map(|(t, c)| {
                let m = repeats(repeat_chance(scenario, t));
                c.calls_per_interval
                    .iter()
                    .zip(&c.proactive)
                    .map(|(calls, avoided)| calls * (1.0 - avoided) * m)
                    .collect()
            })
            .collect();
        let mut attempts: f64 = arrivals.iter().flatten().sum();
        let (ivr_visits, in_ivr) = add_entries(scenario, &mut arrivals, &mut attempts);
        // A transferred contact is offered again at its new type, and may be
        // transferred on from there.
        let offered: Vec<f64> = arrivals.iter().map(|a| a.iter().sum()).collect();
        attempts += transfers_through_cycles(scenario, &offered);

        // Agents present, and the agent-seconds they offer, per interval.
        let agents: Vec<f64> = (0..intervals)
            .map(|k| {
                scenario
                    .agent_groups
                    .iter()
                    .map(|g| f64::from(g.agents[k]))
                    .sum()
            })
            .collect();
        let peak_agents = agents.iter().copied().fold(0.0, f64::max);
        let overflow_delays = overflow_delays(scenario);
        let overflow_checks: f64 = arrivals
            .iter()
            .zip(&overflow_delays)
            .map(|(a, d)| a.iter().sum::<f64>() * d)
            .sum();
        let waiting = waiting(scenario, &arrivals, &agents);
        // Callers between an attempt and their next one.
        let about_to_call: f64 = scenario
            .call_types
            .iter()
            .enumerate()
            .map(|(t, c)| {
                let delay = c
                    .retry
                    .as_ref()
                    .map_or(0.0, |r| r.delay.mean())
                    .max(c.recontact.as_ref().map_or(0.0, |r| r.delay.mean()));
                let busiest = arrivals[t].iter().copied().fold(0.0, f64::max);
                (busiest / sim.interval_s * repeat_chance(scenario, t) * delay)
                    .min(arrivals[t].iter().sum())
            })
            .sum();
        let on_lines = waiting + in_ivr + peak_agents;
        let on_lines = scenario
            .trunks
            .map_or(on_lines, |lines| on_lines.min(f64::from(lines)));
        let peak_callers = (on_lines + about_to_call).min(attempts + peak_agents);

        // Each dial is two steps (dialled, ended); with campaigns every
        // replication runs twice (the second without them).
        let dials: f64 = scenario
            .outbound
            .iter()
            .map(|o| {
                let sim = &scenario.simulation;
                o.most_dials(&scenario.agent_groups, sim.interval_s, sim.horizon_s())
            })
            .sum();
        let twice = if scenario.outbound.is_empty() {
            1.0
        } else {
            2.0
        };
        let slots = (intervals + 1) as f64;
        Self {
            attempts: attempts * twice,
            ivr_visits,
            other_steps: (agent_changes(scenario) + overflow_checks) * twice + 2.0 * dials,
            peak_callers,
            peak_agents,
            chat_places: if scenario
                .call_types
                .iter()
                .any(|c| c.channel == Channel::Chat)
            {
                scenario
                    .agent_groups
                    .iter()
                    .map(|g| f64::from(g.max_chats))
                    .fold(1.0, f64::max)
            } else {
                0.0
            },
            events_per_caller: overflow_delays.iter().copied().fold(0.0, f64::max),
            call_cells: (types + 1) as f64 * slots,
            other_cells: (scenario.agent_groups.len()
                + scenario.entries.len()
                + scenario.ivr_nodes.len()) as f64
                * slots,
        }
    }

    fn cells(&self) -> f64 {
        self.call_cells + self.other_cells
    }

    fn core_seconds(&self, replications: f64) -> f64 {
        replications
            * ((self.attempts + self.ivr_visits + self.other_steps) / ATTEMPTS_PER_CORE_S
                + self.cells() / CELL_REPLICATIONS_PER_CORE_S)
    }

    /// Memory of the run's KPI tables: the merged ones, and those of each
    /// further worker's running replication and of the finished ones kept.
    fn table_bytes(&self, workers: f64, kept: f64) -> f64 {
        self.call_cells * BYTES_PER_CALL_CELL
            + self.other_cells * BYTES_PER_OTHER_CELL
            + self.cells()
                * ((workers - 1.0).max(0.0) * BYTES_PER_CELL_PER_WORKER
                    + kept * BYTES_PER_CELL_KEPT)
    }

    /// Memory of one running replication: its callers and agents.
    fn replication_bytes(&self) -> f64 {
        self.peak_callers * (BYTES_PER_CALLER + self.events_per_caller * BYTES_PER_EVENT)
            + self.peak_agents * (BYTES_PER_AGENT + self.chat_places * BYTES_PER_CHAT_PLACE)
    }
}

/// Worker threads: those asked for, else every core.
pub fn worker_threads(threads: Option<usize>) -> usize {
    threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

impl Cost {
    /// `simulate`: `replications` of `scenario` on `threads` workers; with
    /// `keep_all` (a shard) every finished replication's KPIs are kept.
    pub fn simulate(
        scenario: &Scenario,
        threads: usize,
        replications: u64,
        keep_all: bool,
    ) -> Self {
        let load = Load::of(scenario);
        let replications = replications as f64;
        let workers = (threads as f64).min(replications).max(1.0);
        // Finished replications wait in chunks of 4 per thread (at least 8).
        let kept = if keep_all {
            replications
        } else {
            (threads as f64 * 4.0).max(8.0).min(replications)
        };
        Self {
            attempts: load.attempts * replications,
            other_steps: (load.ivr_visits + load.other_steps) * replications,
            replications,
            core_seconds: load.core_seconds(replications),
            memory_bytes: load.table_bytes(workers, kept) + workers * load.replication_bytes(),
            peak_callers: load.peak_callers,
            workers,
        }
    }

    /// `compare` and `sweep`: every scenario (arm) on the same replications;
    /// blocks of 64 replications of every arm are kept for the pairing.
    pub fn compare(arms: &[&Scenario], threads: usize, replications: u64) -> Self {
        let mut total = ArmsCost::new(threads, replications);
        for arm in arms {
            total.add(arm);
        }
        total.cost()
    }

    /// `staff`: a search of whole-day simulations (at least
    /// 10 + 2 × groups × intervals of them), then the shift MIP of every
    /// group (each up to `mip_time_limit_s`) over the shift instances of the
    /// horizon.
    pub fn staff(scenario: &Scenario, threads: usize, mip_time_limit_s: f64) -> Self {
        let sim = &scenario.simulation;
        let one = Self::simulate(scenario, threads, u64::from(sim.replications), false);
        let simulations = 10.0 + 2.0 * (scenario.agent_groups.len() * sim.intervals) as f64;
        let days = (sim.horizon_s() / 86_400.0).ceil().max(1.0);
        // Each group's MIP: one coverage row per shift instance.
        let instances = scenario.shifts.len() as f64 * days;
        let mip_bytes = instances * sim.intervals as f64 * 8.0 * 4.0;
        let mip_seconds = if scenario.shifts.is_empty() {
            0.0
        } else {
            scenario.agent_groups.len() as f64 * mip_time_limit_s
        };
        Self {
            attempts: one.attempts * simulations,
            other_steps: one.other_steps * simulations,
            replications: one.replications * simulations,
            core_seconds: one.core_seconds * simulations + mip_seconds,
            // The search keeps the best run next to the one it tries.
            memory_bytes: 2.0 * one.memory_bytes + mip_bytes,
            peak_callers: one.peak_callers,
            workers: one.workers,
        }
    }

    /// Refuses what cannot fit in `machine_bytes` of memory; above the
    /// thresholds refuses without `force`, and with it returns a warning.
    pub fn check(
        &self,
        force: bool,
        machine_bytes: Option<f64>,
    ) -> Result<Option<super::Warning>, String> {
        let other_steps = if self.other_steps >= self.attempts {
            format!(
                " and {} IVR menu visits, agents joining or leaving, overflow checks and outbound dials",
                count(self.other_steps)
            )
        } else {
            String::new()
        };
        let estimate = format!(
            "about {} call attempts in {} (repeats counted as often as they may happen){other_steps}, {} of processor time and {} of memory ({} callers present at once per replication, {} at a time, and the KPI tables)",
            count(self.attempts),
            replications(self.replications),
            duration(self.core_seconds),
            bytes(self.memory_bytes),
            count(self.peak_callers),
            replications(self.workers),
        );
        let memory_hint = "give fewer replications run together (--threads), fewer intervals or call types, or the callers a patience or enough agents so that fewer wait";
        if let Some(machine) = machine_bytes
            && self.memory_bytes > machine
        {
            return Err(format!(
                "this run needs {estimate}, more than the {} of memory this machine has; {memory_hint}",
                bytes(machine)
            ));
        }
        let too_long = self.core_seconds > WARN_CORE_SECONDS;
        let too_big = self.memory_bytes > WARN_MEMORY_BYTES;
        if !too_long && !too_big {
            return Ok(None);
        }
        let limits = "1 core-hour of processor time or 4 GiB of memory";
        if force {
            return Ok(Some(super::Warning::Costly {
                estimate,
                limits: limits.to_string(),
            }));
        }
        let hint = match (too_long, too_big) {
            (true, false) => "give fewer replications, calls or intervals".to_string(),
            (false, _) => memory_hint.to_string(),
            (true, true) => format!("{memory_hint}, and fewer replications, calls or intervals"),
        };
        Err(format!(
            "this run needs {estimate}, more than the {limits} callsim starts without --force; give --force to run it anyway, or {}",
            hint.strip_prefix("give ").unwrap_or(&hint)
        ))
    }
}

/// `1 replication`, `30 replications`, `1.0e6 replications`.
fn replications(n: f64) -> String {
    if n == 1.0 {
        "1 replication".into()
    } else {
        format!("{} replications", count(n))
    }
}

impl Cost {
    /// [`Cost::check`] against this machine's memory.
    pub fn admit(&self, force: bool) -> Result<Option<super::Warning>, String> {
        self.check(force, machine_memory_bytes())
    }
}

/// `12345678` → `1.2e7`; small counts as they are.
fn count(v: f64) -> String {
    if v < 1e6 {
        format!("{}", v.round())
    } else {
        format!("{v:.1e}")
    }
}

fn duration(core_seconds: f64) -> String {
    if core_seconds < 120.0 {
        format!("{core_seconds:.0} core-seconds")
    } else if core_seconds < 7200.0 {
        format!("{:.0} core-minutes", core_seconds / 60.0)
    } else if core_seconds < 1e6 * 3600.0 {
        format!("{:.0} core-hours", core_seconds / 3600.0)
    } else {
        format!("{:.1e} core-hours", core_seconds / 3600.0)
    }
}

fn bytes(v: f64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if v < GIB {
        format!("{:.0} MiB", (v / MIB).max(1.0))
    } else if v < 1e6 * GIB {
        format!("{:.1} GiB", v / GIB)
    } else {
        format!("{:.1e} GiB", v / GIB)
    }
}

/// The memory this process may use: the machine's (Linux `/proc/meminfo`),
/// or its control group's limit when lower; `None` where neither is known.
pub fn machine_memory_bytes() -> Option<f64> {
    let total = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|rest| rest.trim().strip_suffix("kB"))
                .and_then(|kb| kb.trim().parse::<f64>().ok())
                .map(|kb| kb * 1024.0)
        })?;
    let limit = [
        "/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]
    .iter()
    .filter_map(|path| std::fs::read_to_string(path).ok())
    .filter_map(|text| text.trim().parse::<f64>().ok())
    .fold(total, f64::min);
    Some(limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(extra_simulation: &str, call_type: &str, agents: &str) -> Scenario {
        let text = format!(
            r#"
[simulation]
seed = 1
replications = 10
interval_min = 30
intervals = 4
{extra_simulation}

[[call_type]]
name = "support"
handle = {{ dist = "exponential", mean_s = 240 }}
{call_type}

[[agent_group]]
name = "agents"
agents = {agents}
skills = ["support"]
"#
        );
        Scenario::from_toml(&text, "t.toml", &[]).unwrap()
    }

    #[test]
    fn attempts_are_the_volume_times_the_repeats_bound() {
        let plain = Load::of(&scenario("", "calls_per_interval = 100", "10"));
        assert_eq!(plain.attempts, 400.0);
        // Retry 50 %: at most 2 attempts per caller.
        let retry = Load::of(&scenario(
            "",
            "calls_per_interval = 100\npatience = { dist = \"exponential\", mean_s = 60 }\nretry = { prob_pct = 50, delay = { dist = \"exponential\", mean_s = 600 } }",
            "10",
        ));
        assert!((retry.attempts - 800.0).abs() < 1e-9, "{}", retry.attempts);
        // FCR 80 %: 1.25 contacts per caller; retry 10 % does not raise it.
        let both = Load::of(&scenario(
            "",
            "calls_per_interval = 100\nrecontact = { fcr_pct = 80, delay = { dist = \"exponential\", mean_s = 600 } }\nretry = { prob_pct = 10, delay = { dist = \"exponential\", mean_s = 600 } }",
            "10",
        ));
        assert!((both.attempts - 500.0).abs() < 1e-9, "{}", both.attempts);
        // Proactive notifications remove calls.
        let proactive = Load::of(&scenario(
            "",
            "calls_per_interval = 100\nproactive_pct = 25",
            "10",
        ));
        assert!((proactive.attempts - 300.0).abs() < 1e-9);
    }

    /// Call types `a` (25 calls per interval, four intervals), `b` and `c`
    /// (none of their own) with the transfers `transfers` (TOML lines
    /// `transfer_pct = …` of a, b and c).
    fn transferring(transfers: [&str; 3]) -> Load {
        let [a, b, c] = transfers;
        let text = format!(
            r#"
[simulation]
seed = 1
replications = 10
interval_min = 30
intervals = 4

[[call_type]]
name = "a"
calls_per_interval = 25
handle = {{ dist = "exponential", mean_s = 240 }}
{a}

[[call_type]]
name = "b"
calls_per_interval = 0
handle = {{ dist = "exponential", mean_s = 240 }}
{b}

[[call_type]]
name = "c"
calls_per_interval = 0
handle = {{ dist = "exponential", mean_s = 240 }}
{c}

[[agent_group]]
name = "agents"
agents = 10
skills = ["a", "b", "c"]
"#
        );
        Load::of(&Scenario::from_toml(&text, "t.toml", &[]).unwrap())
    }

    #[test]
    fn transfers_are_counted_through_chains_and_cycles() {
        let none = transferring(["", "", ""]);
        assert!((none.attempts - 100.0).abs() < 1e-9, "{}", none.attempts);
        // A chain: half of a's 100 go on to b, half of those on to c.
        let chain = transferring(["transfer_pct = { b = 50 }", "transfer_pct = { c = 50 }", ""]);
        assert!((chain.attempts - 175.0).abs() < 1e-9, "{}", chain.attempts);
        // A cycle a ⇄ b at 90 % each way: every offer is followed by another
        // with probability 0.9, so 100 / (1 − 0.9) offers in all.
        let cycle = transferring(["transfer_pct = { b = 90 }", "transfer_pct = { a = 90 }", ""]);
        assert!((cycle.attempts - 1000.0).abs() < 1e-6, "{}", cycle.attempts);
        // At 99.9999 % each way: a million offers per caller.
        let tight = transferring([
            "transfer_pct = { b = 99.9999 }",
            "transfer_pct = { a = 99.9999 }",
            "",
        ]);
        let expected = 100.0 / (1.0 - 0.999_999);
        assert!(
            (tight.attempts / expected - 1.0).abs() < 1e-6,
            "{} against {expected}",
            tight.attempts
        );
        // A three-way cycle with a way out at c.
        let three = transferring([
            "transfer_pct = { b = 80 }",
            "transfer_pct = { c = 50 }",
            "transfer_pct = { a = 50 }",
        ]);
        // v_a = 100 + 0.5 v_c, v_b = 0.8 v_a, v_c = 0.5 v_b: v_a = 100 / 0.8.
        let v_a = 100.0 / (1.0 - 0.8 * 0.5 * 0.5);
        let expected = v_a * (1.0 + 0.8 + 0.4);
        assert!(
            (three.attempts - expected).abs() < 1e-9,
            "{} against {expected}",
            three.attempts
        );
    }

    #[test]
    fn callers_who_never_hang_up_pile_up_when_agents_fall_behind() {
        // 100 calls of 240 s per half hour is 13.3 Erlangs.
        let enough = Load::of(&scenario("", "calls_per_interval = 100", "20"));
        assert!(enough.peak_callers < 50.0, "{}", enough.peak_callers);
        let none = Load::of(&scenario("", "calls_per_interval = 100", "0"));
        assert_eq!(none.peak_callers, 400.0, "every caller of the day waits");
        // 5 agents serve 5 × 1800 / 240 = 37.5 calls per interval: 62.5 more
        // pile up in each of the four intervals.
        let few = Load::of(&scenario("", "calls_per_interval = 100", "5"));
        assert!(
            (few.peak_callers - (4.0 * 62.5 + 5.0)).abs() < 1e-6,
            "{}",
            few.peak_callers
        );
        // With a patience of 60 s: about 100 / 1800 × 60 wait at most.
        let patient = Load::of(&scenario(
            "",
            "calls_per_interval = 100\npatience = { dist = \"exponential\", mean_s = 60 }",
            "0",
        ));
        assert!((patient.peak_callers - 100.0 / 1800.0 * 60.0).abs() < 1e-9);
        // Trunk lines cap the callers on the lines.
        let trunks = Load::of(&scenario(
            "[trunks]\nlines = 7",
            "calls_per_interval = 100",
            "0",
        ));
        assert_eq!(trunks.peak_callers, 7.0);
    }

    #[test]
    fn agents_joining_and_leaving_are_work_too() {
        // A million agents on and off every other interval: 4 changes of a
        // million, one by one in the engine.
        let load = Load::of(&scenario(
            "",
            "calls_per_interval = 1",
            "[1000000, 0, 1000000, 0]",
        ));
        assert_eq!(load.other_steps, 4e6);
        assert_eq!(load.peak_agents, 1e6);
    }

    #[test]
    fn ivr_visits_follow_the_menus_loops() {
        let text = r#"
[simulation]
seed = 1
intervals = 2

[[entry]]
name = "main"
calls_per_interval = 100
ivr = "menu"

[[ivr_node]]
name = "menu"
prompt = { dist = "constant", value_s = 10 }
options = [
  { prob_pct = 75, next = "menu" },
  { prob_pct = 25, queue = "support" },
]

[[call_type]]
name = "support"
handle = { dist = "exponential", mean_s = 240 }
patience = { dist = "exponential", mean_s = 60 }

[[agent_group]]
name = "agents"
agents = 10
skills = ["support"]
"#;
        let load = Load::of(&Scenario::from_toml(text, "t.toml", &[]).unwrap());
        // A caller hears the menu 1 / 0.25 = 4 times.
        assert!(
            (load.ivr_visits - 800.0).abs() < 1e-9,
            "{}",
            load.ivr_visits
        );
        assert_eq!(load.attempts, 200.0);
    }

    #[test]
    fn thresholds_refuse_without_force_and_warn_with_it() {
        let small = Cost::simulate(
            &scenario("", "calls_per_interval = 100", "20"),
            4,
            10,
            false,
        );
        assert_eq!(small.check(false, Some(8.0 * GIB)), Ok(None));
        // A day of 1e8 calls per interval, a million times.
        let huge = scenario("", "calls_per_interval = 100000000", "100000");
        let huge = Cost::simulate(&huge, 4, 1_000_000, false);
        let refused = huge.check(false, None).unwrap_err();
        assert!(refused.contains("about 4.0e14 call attempts"), "{refused}");
        assert!(
            refused.contains("give --force to run it anyway"),
            "{refused}"
        );
        let warned = huge.check(true, None).unwrap().unwrap().to_string();
        assert!(
            warned.ends_with("running it because of --force"),
            "{warned}"
        );
        // What cannot fit is refused even with --force.
        let piled = Cost::simulate(
            &scenario("", "calls_per_interval = 100000000", "0"),
            4,
            10,
            false,
        );
        let e = piled.check(true, Some(8.0 * GIB)).unwrap_err();
        assert!(
            e.contains("more than the 8.0 GiB of memory this machine has"),
            "{e}"
        );
    }

    #[test]
    fn memory_grows_with_the_replications_run_together_and_kept() {
        let s = scenario("", "calls_per_interval = 100000000", "0");
        let one = Cost::simulate(&s, 1, 10, false);
        let four = Cost::simulate(&s, 4, 10, false);
        assert!(four.memory_bytes > 3.9 * one.memory_bytes);
        // More threads than replications run no more at once.
        assert_eq!(Cost::simulate(&s, 64, 2, false).workers, 2.0);
        let small = scenario("", "calls_per_interval = 10", "5");
        let shard = Cost::simulate(&small, 1, 100_000, true);
        let whole = Cost::simulate(&small, 1, 100_000, false);
        assert!(shard.memory_bytes > whole.memory_bytes * 10.0);
    }

    #[test]
    fn menu_visits_solve_the_flow_equations() {
        let s =
            Scenario::from_toml(include_str!("../../scenarios/ivr.toml"), "ivr.toml", &[]).unwrap();
        let v = menu_visits(&s.ivr_nodes, s.entries[0].first_node);
        // welcome → cards (45 %) → back to welcome (5 %): welcome is heard
        // 1 / (1 − 0.45 × 0.05) times.
        let welcome = 1.0 / (1.0 - 0.45 * 0.05);
        assert!((v[0] - welcome).abs() < 1e-12, "{v:?}");
        assert!((v[1] - 0.45 * welcome).abs() < 1e-12, "{v:?}");
        assert!((v[2] - 0.50 * welcome).abs() < 1e-12, "{v:?}");
    }
}
