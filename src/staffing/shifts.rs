//! Shift scheduling: how many agents work each allowed shift so that the
//! heads needed in every interval are on shift, at the least cost.
//!
//! The MIP: one integer variable `x_i ≥ 0` per shift instance (a pattern at
//! one start time, on one day; or, for a week plan, at one start on every
//! day but a set of days off), and `y_io ≥ 0` per break window and place
//! `o` of its break,
//!
//! ```text
//! minimise   Σ_i cost_i · x_i
//! subject to Σ_i a_ik · x_i − Σ_io b_iok · y_io ≥ need_k    for every interval k
//!            Σ_o y_io = x_i                               for every window of i
//! ```
//!
//! where `a_ik` is the share of interval `k` that an agent on shift `i`
//! works (1 for a whole interval, less where the shift starts, ends or
//! breaks inside it, 0 outside) and `b_iok` the share a break placed at `o`
//! takes. Agents count in an interval only for the time they work there, so
//! the floor of the left side is the whole agents on shift. A `[[shift]]`
//! table's `min_agents` and `max_agents` bound Σ x_i over its instances
//! (every start time and day of the table).
//!
//! Instances that share no interval (days closed at night) and no table's
//! limits form independent blocks, solved one by one. Each block's linear
//! relaxation bounds its cost from below; without windows or limits a dive
//! through it gives a schedule, taken when within the gap of that bound.

use std::time::Instant;

use good_lp::{
    Expression, Solution, SolutionStatus, SolverModel, Variable, VariableDefinition,
    WithInitialSolution, WithMipGap, WithTimeLimit, constraint, microlp, variable, variables,
};
use serde::Serialize;

use good_lp::solvers::microlp::MicroLpProblem;

use super::StaffingError;
use crate::scenario::Scenario;

/// One shift pattern at one start, on one day of the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftInstance {
    /// Index into `Scenario::shifts`.
    pub pattern: usize,
    /// Minutes from the scenario's start (the first interval) to the shift's start.
    pub start_offset_min: f64,
    pub cost: f64,
    pub paid_min: f64,
    /// Share of each interval worked, `[interval]`, fixed breaks taken out.
    pub coverage: Vec<f64>,
    /// For each break window of the pattern (on each day worked), where the
    /// break may start: the MIP places each agent's.
    pub break_options: Vec<Vec<BreakOption>>,
    /// The scenario's days (0 for the first) this instance works: one, or
    /// those of a week plan's agents, who are off the others.
    pub days: Vec<usize>,
    /// A week plan's days off, as days of the week (0 for the scenario's
    /// first day's weekday); empty for a day's shift.
    pub days_off: Vec<usize>,
}

impl ShiftInstance {
    /// The share of interval `k` an agent on this instance works wherever
    /// its window breaks fall: a break that every placing puts there is
    /// taken off.
    pub fn surely_worked(&self, k: usize) -> f64 {
        let on_break: f64 = self
            .break_options
            .iter()
            .map(|options| {
                options
                    .iter()
                    .map(|o| o.takes.iter().find(|t| t.0 == k).map_or(0.0, |t| t.1))
                    .fold(f64::INFINITY, f64::min)
            })
            .filter(|m| m.is_finite())
            .sum();
        self.coverage[k] - on_break
    }
}

/// One place for a window's break on one shift instance.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakOption {
    /// Minutes after the shift's start.
    pub after_min: f64,
    pub length_min: f64,
    /// (interval, share of it) the break takes off the phones.
    pub takes: Vec<(usize, f64)>,
}

/// The shift instances group `group` may use: each pattern open to it, at
/// its start time on every day of the scenario that the start falls in.
pub fn shift_instances(scenario: &Scenario, group: usize) -> Vec<ShiftInstance> {
    let sim = &scenario.simulation;
    let interval_min = sim.interval_s / 60.0;
    let calendar = sim.calendar();
    let horizon_min = calendar.horizon_s() / 60.0;
    // Each interval's start, minutes from the scenario's start: the days of
    // a week that closes at night are 24 hours apart.
    let starts_min: Vec<f64> = (0..sim.intervals)
        .map(|k| calendar.start_s(k) / 60.0)
        .collect();
    let mut instances = Vec::new();
    for (p, pattern) in scenario.shifts.iter().enumerate() {
        if pattern.group.is_some_and(|g| g != group) {
            continue;
        }
        let first = f64::from((pattern.start_min + 1440 - sim.open_min) % 1440);
        let mut start = first;
        let mut daily = Vec::new();
        while start < horizon_min {
            // Working spans, minutes from the scenario's start.
            let mut spans = Vec::with_capacity(pattern.breaks.len() + 1);
            let mut from = start;
            for &(after, length) in &pattern.breaks {
                spans.push((from, start + after));
                from = start + after + length;
            }
            spans.push((from, start + pattern.length_min));
            let share = |a: f64, b: f64, lo: f64| {
                (b.min(lo + interval_min) - a.max(lo)).max(0.0) / interval_min
            };
            let coverage = starts_min
                .iter()
                .map(|&lo| spans.iter().map(|&(a, b)| share(a, b, lo)).sum())
                .collect();
            let break_options = pattern
                .break_windows
                .iter()
                .map(|window| {
                    window
                        .starts(interval_min)
                        .into_iter()
                        .map(|after_min| {
                            let (a, b) = (start + after_min, start + after_min + window.length_min);
                            let takes = starts_min
                                .iter()
                                .enumerate()
                                .map(|(k, &lo)| (k, share(a, b, lo)))
                                .filter(|&(_, taken)| taken > 0.0)
                                .collect();
                            BreakOption {
                                after_min,
                                length_min: window.length_min,
                                takes,
                            }
                        })
                        .collect()
                })
                .collect();
            daily.push(ShiftInstance {
                pattern: p,
                start_offset_min: start,
                cost: pattern.cost,
                paid_min: pattern.length_min,
                coverage,
                break_options,
                days: vec![daily.len()],
                days_off: Vec::new(),
            });
            start += 1440.0;
        }
        if pattern.days_off == 0 {
            instances.extend(daily);
        } else {
            instances.extend(week_plans(
                &daily,
                pattern.days_off,
                pattern.consecutive_days_off,
            ));
        }
    }
    instances
}

/// The week plans of one start's `daily` instances: for each set of
/// `days_off` weekdays (together, Sunday to Monday counting as together, or
/// any), one instance that works the start on every other day, its coverage,
/// cost and breaks those days' summed.
fn week_plans(daily: &[ShiftInstance], days_off: u32, together: bool) -> Vec<ShiftInstance> {
    let off = days_off as usize;
    let sets: Vec<Vec<usize>> = if together {
        (0..7)
            .map(|first| (0..off).map(|i| (first + i) % 7).collect())
            .collect()
    } else {
        // Every subset of `off` weekdays, as bit masks.
        (0u32..128)
            .filter(|mask| mask.count_ones() as usize == off)
            .map(|mask| (0..7).filter(|d| mask & (1 << d) != 0).collect())
            .collect()
    };
    sets.into_iter()
        .filter_map(|set| {
            let worked: Vec<&ShiftInstance> = daily
                .iter()
                .filter(|i| !set.contains(&(i.days[0] % 7)))
                .collect();
            let first = worked.first()?;
            let mut coverage = vec![0.0; first.coverage.len()];
            for i in &worked {
                for (c, a) in coverage.iter_mut().zip(&i.coverage) {
                    *c += a;
                }
            }
            Some(ShiftInstance {
                pattern: first.pattern,
                start_offset_min: first.start_offset_min,
                cost: worked.iter().map(|i| i.cost).sum(),
                paid_min: worked.iter().map(|i| i.paid_min).sum(),
                coverage,
                break_options: worked
                    .iter()
                    .flat_map(|i| i.break_options.iter().cloned())
                    .collect(),
                days: worked.iter().map(|i| i.days[0]).collect(),
                days_off: set,
            })
        })
        .collect()
}

/// Agents on one shift instance in a schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsedShift {
    pub shift: String,
    /// "HH:MM", with "dN+" from the second day on.
    pub start: String,
    /// The scenario's day the shift starts on, 1 for the first.
    pub day: u32,
    /// That day's name ("Mon", "seg"), when the scenario names its first day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekday: Option<String>,
    /// Clock time the shift starts ("HH:MM"), without its day.
    pub start_clock: String,
    /// Clock time the shift ends ("HH:MM"; past midnight it is the next day's).
    pub end: String,
    /// Its breaks, as clock times: "12:00-12:30"; for a week plan, those
    /// of every day it works.
    pub breaks: Vec<String>,
    /// A week plan whose window breaks differ from day to day (each day's
    /// are in `days_worked`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub breaks_vary_by_day: bool,
    pub length_min: f64,
    pub agents: u32,
    /// For a week plan, the whole week's.
    pub cost_each: f64,
    /// A week plan's days off ("sáb", "dom"; "d6" without `first_day`):
    /// empty for a day's shift.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days_off: Vec<String>,
    /// A week plan's days worked, each with its breaks: empty for a day's shift.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days_worked: Vec<WorkedDay>,
}

/// One day of a week plan's agents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkedDay {
    /// The scenario's day, 1 for the first.
    pub day: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekday: Option<String>,
    /// The shift's start that day, as the intervals are labelled.
    pub start: String,
    pub breaks: Vec<String>,
}

/// How far the solver got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MipStatus {
    /// Proven optimal.
    Optimal,
    /// Within the requested relative gap of the optimum.
    WithinGap,
    /// The time limit ran out: the best schedule found by then.
    TimeLimit,
}

impl MipStatus {
    pub fn describe(self) -> &'static str {
        match self {
            MipStatus::Optimal => "optimal",
            MipStatus::WithinGap => "within the MIP gap of the optimum",
            MipStatus::TimeLimit => "best found within the time limit",
        }
    }
}

/// How long and how exactly to solve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MipOptions {
    /// Relative optimality gap at which the solver may stop (0 = proven optimum).
    pub gap: f64,
    /// Seconds after which the best schedule found is taken.
    pub time_limit_s: f64,
}

/// A solved shift schedule for one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// Agents per instance, in the order of the instances given.
    pub counts: Vec<u32>,
    /// Per instance, per break window, agents taking their break at each option.
    pub break_counts: Vec<Vec<Vec<u32>>>,
    /// The instances with at least one agent.
    pub used: Vec<UsedShift>,
    /// Agents on shift in each interval, counting part-intervals by the time worked.
    pub coverage: Vec<f64>,
    /// Whole agents on shift in each interval: ⌊coverage⌋.
    pub on_shift: Vec<u32>,
    pub cost: f64,
    /// Paid agent-hours.
    pub paid_hours: f64,
    pub solve_s: f64,
    pub status: MipStatus,
    /// No schedule costs less: the optimum of the MIP's linear relaxation.
    pub cost_bound: f64,
}

/// A feasible schedule to start the solver from (so that a time limit always
/// leaves a schedule): interval by interval, the shortfall is filled with the
/// instance that works most of the interval, the cheaper on a tie.
fn greedy(instances: &[&ShiftInstance], need: &[u32]) -> Vec<u32> {
    let mut counts = vec![0u32; instances.len()];
    let mut covered = vec![0.0f64; need.len()];
    for (k, &heads) in need.iter().enumerate() {
        let short = f64::from(heads) - covered[k];
        if short <= 1e-9 {
            continue;
        }
        let best = instances
            .iter()
            .enumerate()
            .filter(|(_, inst)| inst.coverage[k] > 0.0)
            .max_by(|(_, a), (_, b)| {
                a.coverage[k]
                    .total_cmp(&b.coverage[k])
                    .then(b.cost.total_cmp(&a.cost))
            });
        let Some((i, inst)) = best else { continue };
        let add = (short / inst.coverage[k] - 1e-9).ceil().max(1.0) as u32;
        counts[i] += add;
        for (c, a) in covered.iter_mut().zip(&inst.coverage) {
            *c += a * f64::from(add);
        }
    }
    counts
}

/// Solves the covering MIP: the cheapest shift counts with at least
/// `need[k]` agents on shift in every interval.
pub fn schedule_shifts(
    scenario: &Scenario,
    group: usize,
    instances: &[ShiftInstance],
    need: &[u32],
    options: &MipOptions,
) -> Result<Schedule, StaffingError> {
    let started = Instant::now();
    let group_name = || scenario.agent_groups[group].name.clone();
    for (k, &heads) in need.iter().enumerate() {
        if heads > 0 && instances.iter().all(|i| i.surely_worked(k) <= 0.0) {
            return Err(StaffingError::Uncovered {
                location: scenario.shifts_location(group),
                interval: scenario.simulation.interval_label(k),
                group: group_name(),
                heads,
            });
        }
    }
    let limited = limited_tables(scenario, instances);
    check_limits(scenario, group, instances, need, &limited)?;
    // Days that close at night share no interval: each block of instances
    // that share intervals (or a table's limits) is a MIP of its own, much
    // smaller than the week's.
    let deadline_s = options.time_limit_s;
    let mut counts = vec![0u32; instances.len()];
    let mut break_counts: Vec<Vec<Vec<u32>>> = instances
        .iter()
        .map(|i| i.break_options.iter().map(|o| vec![0; o.len()]).collect())
        .collect();
    let mut status = MipStatus::Optimal;
    let mut cost_bound = 0.0;
    for block in independent_blocks(instances, need, &limited) {
        let left_s = (deadline_s - started.elapsed().as_secs_f64()).max(deadline_s * 0.05);
        let solved = solve_block(
            scenario,
            group,
            instances,
            &block,
            need,
            &limited,
            &MipOptions {
                gap: options.gap,
                time_limit_s: left_s,
            },
        )?;
        for ((&i, n), placed) in block.iter().zip(solved.counts).zip(solved.placed) {
            counts[i] = n;
            break_counts[i] = placed;
        }
        status = status.max(solved.status);
        cost_bound += solved.bound;
    }
    let coverage = covered_by(instances, &counts, &break_counts, need.len());
    let on_shift: Vec<u32> = coverage
        .iter()
        .map(|&c| (c + 1e-6).floor() as u32)
        .collect();
    if let Some(k) = (0..need.len()).find(|&k| on_shift[k] < need[k]) {
        return Err(StaffingError::Solver {
            group: group_name(),
            message: format!(
                "the solver's answer leaves interval {} short ({} of {} agents)",
                scenario.simulation.interval_label(k),
                on_shift[k],
                need[k]
            ),
        });
    }
    let used = used_shifts(scenario, instances, &counts, &break_counts);
    Ok(Schedule {
        break_counts,
        cost: instances
            .iter()
            .zip(&counts)
            .map(|(i, &n)| i.cost * f64::from(n))
            .sum(),
        paid_hours: instances
            .iter()
            .zip(&counts)
            .map(|(i, &n)| i.paid_min / 60.0 * f64::from(n))
            .sum(),
        counts,
        used,
        coverage,
        on_shift,
        solve_s: started.elapsed().as_secs_f64(),
        status,
        cost_bound,
    })
}

/// Agents on shift in each interval: the time each instance's agents work
/// there, less the breaks the schedule places there.
fn covered_by(
    instances: &[ShiftInstance],
    counts: &[u32],
    break_counts: &[Vec<Vec<u32>>],
    intervals: usize,
) -> Vec<f64> {
    let mut coverage: Vec<f64> = (0..intervals)
        .map(|k| {
            instances
                .iter()
                .zip(counts)
                .map(|(i, &n)| i.coverage[k] * f64::from(n))
                .sum()
        })
        .collect();
    for (inst, placed) in instances.iter().zip(break_counts) {
        for (options, agents) in inst.break_options.iter().zip(placed) {
            for (option, &n) in options.iter().zip(agents) {
                for &(k, taken) in &option.takes {
                    coverage[k] -= taken * f64::from(n);
                }
            }
        }
    }
    coverage
}

/// The instances in blocks that no interval's need and no table's limits
/// join: each block can be solved alone. Instances that work no interval
/// with a need are left out (they get no agents, unless a table's minimum
/// holds them, which joins them to its table's block).
fn independent_blocks(
    instances: &[ShiftInstance],
    need: &[u32],
    limited: &std::collections::BTreeMap<usize, Vec<usize>>,
) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..instances.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    fn join(parent: &mut [usize], a: usize, b: usize) {
        let (ra, rb) = (root(parent, a), root(parent, b));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let mut wanted = vec![false; instances.len()];
    for (k, &heads) in need.iter().enumerate() {
        if heads == 0 {
            continue;
        }
        let mut first = None;
        for (i, inst) in instances.iter().enumerate() {
            if inst.coverage[k] > 0.0 {
                wanted[i] = true;
                match first {
                    None => first = Some(i),
                    Some(f) => join(&mut parent, f, i),
                }
            }
        }
    }
    for members in limited.values() {
        for &i in members {
            wanted[i] = true;
            join(&mut parent, members[0], i);
        }
    }
    let mut blocks: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (i, _) in wanted.iter().enumerate().filter(|(_, w)| **w) {
        let r = root(&mut parent, i);
        blocks.entry(r).or_default().push(i);
    }
    blocks.into_values().collect()
}

/// A block's answer.
struct BlockSolution {
    /// Agents per instance of the block.
    counts: Vec<u32>,
    /// Their window breaks, per instance, window and option.
    placed: Vec<Vec<Vec<u32>>>,
    status: MipStatus,
    /// The relaxation's optimum: no schedule of the block costs less.
    bound: f64,
}

/// One block's part of the covering problem.
#[derive(Clone, Copy)]
struct BlockInput<'a> {
    scenario: &'a Scenario,
    /// The block's instances, in the block's order.
    members: &'a [&'a ShiftInstance],
    /// Their indices among all the group's `instances`.
    block: &'a [usize],
    instances: &'a [ShiftInstance],
    need: &'a [u32],
    limited: &'a std::collections::BTreeMap<usize, Vec<usize>>,
}

/// The covering problem of the instances in `block`: the shift counts `x`,
/// each window's break placings `y`, and whether a table's limits hold in
/// it; with `integer` false, its linear relaxation (whose optimum bounds the
/// schedule's cost from below).
fn covering_problem(
    input: &BlockInput<'_>,
    integer: bool,
    lower: &[f64],
) -> (MicroLpProblem, Vec<Variable>, Vec<Vec<Vec<Variable>>>, bool) {
    let BlockInput {
        scenario,
        members,
        block,
        instances,
        need,
        limited,
    } = *input;
    let whole = |v: VariableDefinition| if integer { v.integer() } else { v };
    let mut vars = variables!();
    // No instance needs more agents than it takes to cover every need alone.
    let x: Vec<Variable> = members
        .iter()
        .zip(lower)
        .map(|(inst, &lowest)| {
            let most = need
                .iter()
                .zip(&inst.coverage)
                .filter(|(_, a)| **a > 0.0)
                .map(|(&n, &a)| (f64::from(n) / a).ceil())
                .fold(0.0, f64::max);
            // Agents on a break are off the phones: with break windows
            // an instance may need more than its busiest interval's need.
            let most = if inst.break_options.is_empty() {
                most
            } else {
                f64::INFINITY
            };
            let most = scenario.shifts[inst.pattern]
                .max_agents
                .map_or(most, |max| most.min(f64::from(max)));
            let least = scenario.shifts[inst.pattern]
                .min_agents
                .map_or(0.0, f64::from);
            let most = most.max(least).max(lowest);
            vars.add(whole(variable().min(lowest).max(most)))
        })
        .collect();
    // Agents of each member taking each window's break at each option.
    let y: Vec<Vec<Vec<Variable>>> = members
        .iter()
        .zip(&x)
        .map(|(inst, _)| {
            inst.break_options
                .iter()
                .map(|options| {
                    options
                        .iter()
                        .map(|_| vars.add(whole(variable().min(0))))
                        .collect()
                })
                .collect()
        })
        .collect();
    let objective: Expression = members.iter().zip(&x).map(|(i, &v)| i.cost * v).sum();
    let mut model = vars.minimise(objective).using(microlp);
    // Every agent takes each window's break once.
    for (windows, &xi) in y.iter().zip(&x) {
        for options in windows {
            let taken: Expression = options.iter().copied().sum();
            model = model.with(constraint!(taken == xi));
        }
    }
    let mut breaks_in: Vec<Vec<(f64, Variable)>> = vec![Vec::new(); need.len()];
    for (inst, windows) in members.iter().zip(&y) {
        for (options, vars) in inst.break_options.iter().zip(windows) {
            for (option, &v) in options.iter().zip(vars) {
                for &(k, taken) in &option.takes {
                    breaks_in[k].push((taken, v));
                }
            }
        }
    }
    for (k, &heads) in need.iter().enumerate() {
        if heads == 0 || members.iter().all(|i| i.coverage[k] <= 0.0) {
            continue;
        }
        let worked: Expression = members
            .iter()
            .zip(&x)
            .filter(|(i, _)| i.coverage[k] > 0.0)
            .map(|(i, &v)| i.coverage[k] * v)
            .sum();
        let on_break: Expression = breaks_in[k].iter().map(|&(taken, v)| taken * v).sum();
        model = model.with(constraint!(worked - on_break >= f64::from(heads)));
    }
    let mut block_limited = false;
    for table in limited.values().filter(|m| block.contains(&m[0])) {
        block_limited = true;
        let pattern = &scenario.shifts[instances[table[0]].pattern];
        let total: Expression = table
            .iter()
            .map(|i| x[block.binary_search(i).expect("a table is in one block")])
            .sum();
        if let Some(max) = pattern.max_agents {
            model = model.with(constraint!(total.clone() <= f64::from(max)));
        }
        if let Some(min) = pattern.min_agents {
            model = model.with(constraint!(total >= f64::from(min)));
        }
    }
    (model, x, y, block_limited)
}

/// The cheapest counts of the instances in `block` that cover the needs of
/// the intervals they work, within their tables' limits. Without limits or
/// break windows, a [`dive`] through the relaxation is taken when within the
/// MIP gap of the relaxation's bound (a week plan's branch and bound would
/// take minutes to prove what the bound proves at once); else it starts the
/// branch and bound.
fn solve_block(
    scenario: &Scenario,
    group: usize,
    instances: &[ShiftInstance],
    block: &[usize],
    need: &[u32],
    limited: &std::collections::BTreeMap<usize, Vec<usize>>,
    options: &MipOptions,
) -> Result<BlockSolution, StaffingError> {
    let group_name = || scenario.agent_groups[group].name.clone();
    let solver_error = |e: good_lp::ResolutionError, limited: bool| {
        StaffingError::Solver {
        group: group_name(),
        message: match e {
            good_lp::ResolutionError::Infeasible if limited => {
                "the [[shift]] tables' min_agents and max_agents leave no schedule that covers every interval".into()
            }
            e => e.to_string(),
        },
    }
    };
    let members: Vec<&ShiftInstance> = block.iter().map(|&i| &instances[i]).collect();
    let input = BlockInput {
        scenario,
        members: &members,
        block,
        instances,
        need,
        limited,
    };
    let plain = members.iter().all(|m| m.break_options.is_empty())
        && !limited.values().any(|t| block.contains(&t[0]));
    let mut start = None;
    if plain {
        let (counts, bound) = dive(&input).map_err(|e| solver_error(e, false))?;
        let cost: f64 = members
            .iter()
            .zip(&counts)
            .map(|(m, &n)| m.cost * f64::from(n))
            .sum();
        if cost - bound <= options.gap * cost + 1e-9 {
            let status = if cost - bound <= 1e-9 {
                MipStatus::Optimal
            } else {
                MipStatus::WithinGap
            };
            let placed = vec![Vec::new(); members.len()];
            return Ok(BlockSolution {
                counts,
                placed,
                status,
                bound,
            });
        }
        start = Some((counts, bound));
    }
    let none = vec![0.0; members.len()];
    let bound = match &start {
        Some((_, bound)) => *bound,
        None => {
            let (relaxed, x, _, limits) = covering_problem(&input, false, &none);
            let solution = relaxed.solve().map_err(|e| solver_error(e, limits))?;
            members
                .iter()
                .zip(&x)
                .map(|(m, &v)| m.cost * solution.value(v))
                .sum()
        }
    };
    let (mut model, x, y, block_limited) = covering_problem(&input, true, &none);
    if let Some((start, _)) = start {
        model = model.with_initial_solution(x.iter().zip(&start).map(|(&v, &n)| (v, f64::from(n))));
    }
    model = model.with_time_limit(options.time_limit_s);
    if options.gap > 0.0 {
        model = model
            .with_mip_gap(options.gap as f32)
            .map_err(|e| StaffingError::Solver {
                group: group_name(),
                message: e.to_string(),
            })?;
    }
    let solution = model.solve().map_err(|e| solver_error(e, block_limited))?;
    let status = match solution.status() {
        SolutionStatus::Optimal => MipStatus::Optimal,
        SolutionStatus::GapLimit => MipStatus::WithinGap,
        SolutionStatus::TimeLimit => MipStatus::TimeLimit,
    };
    let whole = |v: Variable| solution.value(v).round().max(0.0) as u32;
    let counts = x.iter().map(|&v| whole(v)).collect();
    let placed = y
        .iter()
        .map(|windows| {
            windows
                .iter()
                .map(|options| options.iter().map(|&v| whole(v)).collect())
                .collect()
        })
        .collect();
    Ok(BlockSolution {
        counts,
        placed,
        status,
        bound,
    })
}

/// Most relaxations a dive solves before it rounds what it has.
const MAX_DIVE_STEPS: usize = 400;

/// A schedule by diving through the relaxation: solve it, raise the lower
/// bound of the count closest to its next whole number, again, until the
/// answer is whole (or [`MAX_DIVE_STEPS`], then rounded down and filled).
/// Returns it with the first relaxation's optimum, a bound on every
/// schedule's cost.
fn dive(input: &BlockInput<'_>) -> Result<(Vec<u32>, f64), good_lp::ResolutionError> {
    let (members, need) = (input.members, input.need);
    let mut lower = vec![0.0; members.len()];
    let mut bound = None;
    let mut values = Vec::new();
    for _ in 0..MAX_DIVE_STEPS {
        let (relaxed, x, _, _) = covering_problem(input, false, &lower);
        let solution = relaxed.solve()?;
        values = x.iter().map(|&v| solution.value(v)).collect();
        bound.get_or_insert_with(|| {
            members
                .iter()
                .zip(&values)
                .map(|(m, &v)| m.cost * v)
                .sum::<f64>()
        });
        let fractional = values
            .iter()
            .enumerate()
            .map(|(i, &v)| (i, v - v.floor()))
            .filter(|&(_, f)| f > 1e-6 && f < 1.0 - 1e-6)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let Some((i, _)) = fractional else {
            let counts = values.iter().map(|&v| v.round().max(0.0) as u32).collect();
            return Ok((counts, bound.unwrap_or(0.0)));
        };
        // Counts already whole stay at least what they are: the dive only goes up.
        for (l, &v) in lower.iter_mut().zip(&values) {
            if (v - v.round()).abs() <= 1e-6 {
                *l = v.round();
            }
        }
        lower[i] = values[i].ceil();
    }
    Ok((
        rounded_and_filled(members, &values, need),
        bound.unwrap_or(0.0),
    ))
}

/// The relaxation's counts `relaxed` rounded down, then the intervals left
/// short filled by [`greedy`]: a schedule that covers every need.
fn rounded_and_filled(members: &[&ShiftInstance], relaxed: &[f64], need: &[u32]) -> Vec<u32> {
    let mut counts: Vec<u32> = relaxed.iter().map(|&v| (v + 1e-9).floor() as u32).collect();
    let short: Vec<u32> = need
        .iter()
        .enumerate()
        .map(|(k, &heads)| {
            let on: f64 = members
                .iter()
                .zip(&counts)
                .map(|(m, &n)| m.coverage[k] * f64::from(n))
                .sum();
            (f64::from(heads) - on - 1e-9).ceil().max(0.0) as u32
        })
        .collect();
    for (c, more) in counts.iter_mut().zip(greedy(members, &short)) {
        *c += more;
    }
    counts
}

/// The instances of each `[[shift]]` table that has limits, by table.
fn limited_tables(
    scenario: &Scenario,
    instances: &[ShiftInstance],
) -> std::collections::BTreeMap<usize, Vec<usize>> {
    let mut limited: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (i, inst) in instances.iter().enumerate() {
        let p = &scenario.shifts[inst.pattern];
        if p.min_agents.is_some() || p.max_agents.is_some() {
            limited.entry(p.table).or_default().push(i);
        }
    }
    limited
}

/// Refuses, naming the interval, a need that the tables' `max_agents`
/// cannot cover: in each interval, the most agents at work are each limited
/// table's max on its instance that works most of the interval (an
/// unlimited instance has no bound).
fn check_limits(
    scenario: &Scenario,
    group: usize,
    instances: &[ShiftInstance],
    need: &[u32],
    limited: &std::collections::BTreeMap<usize, Vec<usize>>,
) -> Result<(), StaffingError> {
    if limited.is_empty() {
        return Ok(());
    }
    for (k, &heads) in need.iter().enumerate() {
        if heads == 0 {
            continue;
        }
        let mut bounded = true;
        let mut tables = std::collections::BTreeMap::<usize, f64>::new();
        for inst in instances {
            let share = inst.coverage[k];
            if share <= 0.0 {
                continue;
            }
            let pattern = &scenario.shifts[inst.pattern];
            match pattern.max_agents {
                None => bounded = false,
                Some(max) => {
                    let best = tables.entry(pattern.table).or_default();
                    *best = best.max(share * f64::from(max));
                }
            }
        }
        let most: f64 = tables.values().sum();
        if bounded && most + 1e-9 < f64::from(heads) {
            let table = *tables
                .keys()
                .next()
                .expect("a bounded interval has a table");
            let pattern = scenario
                .shifts
                .iter()
                .find(|p| p.table == table)
                .expect("a table has patterns");
            return Err(StaffingError::ShiftLimits {
                location: scenario.pattern_location(pattern),
                interval: scenario.simulation.interval_label(k),
                group: scenario.agent_groups[group].name.clone(),
                heads,
                most: (most + 1e-9).floor() as u32,
            });
        }
    }
    Ok(())
}

/// The schedule's shifts with agents, as a planner reads them: one row per
/// instance and placing of its window breaks.
fn used_shifts(
    scenario: &Scenario,
    instances: &[ShiftInstance],
    counts: &[u32],
    break_counts: &[Vec<Vec<u32>>],
) -> Vec<UsedShift> {
    let sim = &scenario.simulation;
    let mut used = Vec::new();
    for ((i, &n), placed) in instances.iter().zip(counts).zip(break_counts) {
        if n == 0 {
            continue;
        }
        let pattern = &scenario.shifts[i.pattern];
        let day = ((f64::from(sim.open_min) + i.start_offset_min) / 1440.0).floor() as u32;
        let clock_at = |after_start_min: f64| {
            let minutes = (f64::from(pattern.start_min) + after_start_min).round() as u64 % 1440;
            format!("{:02}:{:02}", minutes / 60, minutes % 60)
        };
        let day_of = |d: usize| day + (d - i.days[0]) as u32;
        let weekday_of = |calendar_day: u32| {
            sim.first_day
                .map(|f| f.after(u64::from(calendar_day)).to_string())
        };
        for (agents, chosen) in break_placings(n, placed) {
            // Each day's breaks: the fixed ones, and that day's windows' placings.
            let breaks_of = |nth: usize| {
                let mut breaks: Vec<(f64, f64)> = pattern.breaks.clone();
                let from = nth * pattern.break_windows.len();
                breaks.extend(
                    chosen
                        .iter()
                        .zip(&i.break_options)
                        .skip(from)
                        .take(pattern.break_windows.len())
                        .map(|(&o, options)| (options[o].after_min, options[o].length_min)),
                );
                breaks.sort_by(|a, b| a.0.total_cmp(&b.0));
                breaks
                    .iter()
                    .map(|&(after, length)| {
                        format!("{}-{}", clock_at(after), clock_at(after + length))
                    })
                    .collect::<Vec<String>>()
            };
            let week_plan = !i.days_off.is_empty();
            let days_worked: Vec<WorkedDay> = if week_plan {
                i.days
                    .iter()
                    .enumerate()
                    .map(|(nth, &d)| {
                        let calendar_day = day_of(d);
                        WorkedDay {
                            day: calendar_day + 1,
                            weekday: weekday_of(calendar_day),
                            start: sim.clock_label(
                                u64::from(calendar_day) * 1440 + u64::from(pattern.start_min),
                            ),
                            breaks: breaks_of(nth),
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            // A week plan's breaks: those of every day it works (the others,
            // placed in windows day by day, are in `days_worked`).
            let mut breaks = breaks_of(0);
            breaks.retain(|b| days_worked.iter().all(|d| d.breaks.contains(b)));
            let breaks_vary_by_day = days_worked.iter().any(|d| d.breaks != breaks);
            used.push(UsedShift {
                shift: pattern.name.clone(),
                start: if week_plan {
                    clock_at(0.0)
                } else {
                    sim.clock_label(u64::from(day) * 1440 + u64::from(pattern.start_min))
                },
                day: day + 1,
                weekday: weekday_of(day),
                start_clock: clock_at(0.0),
                end: clock_at(pattern.length_min),
                breaks,
                breaks_vary_by_day,
                length_min: pattern.length_min,
                agents,
                cost_each: i.cost,
                days_off: i
                    .days_off
                    .iter()
                    .map(|&slot| match sim.first_day {
                        Some(first) => first.after(slot as u64).to_string(),
                        None => format!("d{}", slot + 1),
                    })
                    .collect(),
                days_worked,
            });
        }
    }
    used
}

/// The `agents` of one instance in groups that take their window breaks at
/// the same options: agent j takes, in each window, the option whose share
/// of the window's agents (in option order) holds j. Any pairing across
/// windows covers the same, as coverage adds up agent by agent.
fn break_placings(agents: u32, placed: &[Vec<u32>]) -> Vec<(u32, Vec<usize>)> {
    let mut groups: Vec<(u32, Vec<usize>)> = Vec::new();
    // Per window: (option, agents at it still to hand out).
    let mut next: Vec<(usize, u32)> = placed
        .iter()
        .map(|options| (0, options.first().copied().unwrap_or(0)))
        .collect();
    let mut left = agents;
    while left > 0 {
        for (w, options) in placed.iter().enumerate() {
            while next[w].1 == 0 && next[w].0 + 1 < options.len() {
                next[w].0 += 1;
                next[w].1 = options[next[w].0];
            }
        }
        let run = next
            .iter()
            .map(|&(_, n)| n)
            .filter(|&n| n > 0)
            .min()
            .unwrap_or(left)
            .min(left);
        groups.push((run, next.iter().map(|&(o, _)| o).collect()));
        for slot in &mut next {
            slot.1 = slot.1.saturating_sub(run);
        }
        left -= run;
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(coverage: &[f64], cost: f64) -> ShiftInstance {
        ShiftInstance {
            pattern: 0,
            start_offset_min: 0.0,
            cost,
            paid_min: 60.0,
            coverage: coverage.to_vec(),
            break_options: Vec::new(),
            days: vec![0],
            days_off: Vec::new(),
        }
    }

    #[test]
    fn the_greedy_start_covers_every_need() {
        let instances = [
            instance(&[1.0, 1.0, 0.0, 0.0], 2.0),
            instance(&[0.0, 0.5, 1.0, 0.25], 2.0),
            instance(&[0.0, 0.0, 0.75, 1.0], 1.5),
        ];
        let instances: Vec<&ShiftInstance> = instances.iter().collect();
        for need in [[0u32, 0, 0, 0], [3, 1, 4, 1], [0, 7, 0, 2], [1, 1, 1, 9]] {
            let counts = greedy(&instances, &need);
            for (k, &heads) in need.iter().enumerate() {
                let covered: f64 = instances
                    .iter()
                    .zip(&counts)
                    .map(|(i, &n)| i.coverage[k] * f64::from(n))
                    .sum();
                assert!(covered + 1e-9 >= f64::from(heads), "{need:?}: interval {k}");
            }
        }
        assert_eq!(greedy(&instances, &[0, 0, 0, 0]), vec![0, 0, 0]);
    }
}
