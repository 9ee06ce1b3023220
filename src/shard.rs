//! Shards: a block of a run's replications, run on its own machine and saved as
//! a partial result; [`merge`] folds the blocks in replication order into
//! exactly the single run's estimates (the same bits), whatever the number of
//! shards or the order the files are given in.
//!
//! A partial result keeps each replication's KPI values, each with its
//! replication index — the raw material of the ordered fold — with the
//! replication range, a fingerprint of the run (callsim version, scenario as
//! simulated, seed, replication count) and a checksum of its whole content.
//!
//! What [`merge`] checks, and what that protects against:
//! - the checksum (SHA-256 of the part as written): a part edited, truncated
//!   or corrupted after `callsim` wrote it;
//! - the fingerprint, recomputed from the part's own scenario and seed: a part
//!   of another run, scenario, seed or version, even with another part's
//!   fingerprint copied in;
//! - every replication's index, one by one, and no two replications alike: a
//!   replication missing, repeated or copied under another index;
//! - coverage: every replication of the run in exactly one part;
//! - re-simulation of each part's first replication (or, with `--verify-all`,
//!   of every replication), compared bit for bit: KPI values that are not what
//!   the scenario and seed give.
//!
//! The checksum is not a signature: someone who edits a part on purpose can
//! recompute it. Only re-simulation (`--verify-all`) proves every number of an
//! untrusted part; the default checks one replication per part.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::kpi::{KpiMoments, Layout, ReplicationKpis};
use crate::run::replicate::SimulationRun;
use crate::scenario::{Scenario, ScenarioError};
use crate::study::compare::Comparer;
use crate::study::compare::{ArmRun, CompareRunFacts};

pub const PARTIAL_SCHEMA: &str = "callsim.partial/2";

/// `i/N`: the i-th of N equal blocks of replications (1 ≤ i ≤ N).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    pub index: u64,
    pub count: u64,
}

impl FromStr for ShardSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad =
            || format!("`{text}` is not a shard like 2/8 (the 2nd of 8 blocks, counting from 1)");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count): (u64, u64) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if count == 0 || index == 0 || index > count {
            return Err(format!(
                "shard {text}: the index must be from 1 to the number of shards"
            ));
        }
        Ok(Self { index, count })
    }
}

impl ShardSpec {
    /// This shard's replications out of `total`: blocks differ by at most one.
    pub fn replications(&self, total: u64) -> Range<u64> {
        let start = (self.index - 1) * total / self.count;
        let end = self.index * total / self.count;
        start..end
    }
}

/// The scenario a result came from, as simulated (overrides applied).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScenarioSource {
    pub source: String,
    pub content: toml::Value,
}

/// One shard's output: what [`merge`] needs and nothing else.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartialResult {
    pub schema: String,
    pub callsim_version: String,
    /// Equal for every shard of the same run.
    pub fingerprint: String,
    pub scenario: ScenarioSource,
    pub seed: u64,
    pub replications_total: u64,
    pub first: u64,
    pub count: u64,
    pub calls_simulated: u64,
    pub wall_time_s: f64,
    pub threads: usize,
    /// Each replication's KPI values with its index, in replication order.
    pub replications: Vec<IndexedKpis>,
    /// SHA-256 of this part written with an empty checksum (see the module docs).
    #[serde(default)]
    pub checksum: String,
}

/// One replication's KPI values and its index in the run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IndexedKpis {
    pub replication: u64,
    pub kpis: ReplicationKpis,
}

/// `kpis[i]` as replication `first + i`.
fn indexed(first: u64, kpis: &[ReplicationKpis]) -> Vec<IndexedKpis> {
    kpis.iter()
        .zip(first..)
        .map(|(kpis, replication)| IndexedKpis {
            replication,
            kpis: kpis.clone(),
        })
        .collect()
}

/// Hex SHA-256 of `part` serialized with an empty checksum field.
fn content_checksum<T: Serialize + Clone>(part: &T, clear: impl Fn(&mut T)) -> String {
    let mut unsigned = part.clone();
    clear(&mut unsigned);
    let bytes = serde_json::to_vec(&unsigned).expect("partial results serialize");
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// FNV-1a over the run's identity: stable across machines and builds.
pub fn fingerprint(scenario: &Scenario) -> String {
    fnv1a(&format!(
        "{}\n{}\n{}\n{}",
        env!("CARGO_PKG_VERSION"),
        scenario.simulation.seed,
        scenario.simulation.replications,
        toml::to_string(&scenario.echo).unwrap_or_default()
    ))
}

/// FNV-1a over a compare run's identity: callsim version, then every
/// scenario's source, seed, replications and content, in order.
pub fn compare_fingerprint(scenarios: &[&Scenario]) -> String {
    let mut identity = format!("compare\n{}", env!("CARGO_PKG_VERSION"));
    for s in scenarios {
        identity.push_str(&format!(
            "\n{}\n{}\n{}\n{}",
            s.source,
            s.simulation.seed,
            s.simulation.replications,
            toml::to_string(&s.echo).unwrap_or_default()
        ));
    }
    fnv1a(&identity)
}

fn fnv1a(identity: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in identity.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

impl PartialResult {
    /// The partial result of a run made with `RunOptions::keep_replications`.
    pub fn new(scenario: &Scenario, run: &SimulationRun) -> Self {
        let mut part = Self {
            schema: PARTIAL_SCHEMA.to_string(),
            callsim_version: env!("CARGO_PKG_VERSION").to_string(),
            fingerprint: fingerprint(scenario),
            scenario: ScenarioSource {
                source: scenario.source.clone(),
                content: scenario.echo.clone(),
            },
            seed: scenario.simulation.seed,
            replications_total: u64::from(scenario.simulation.replications),
            first: run.replications.start,
            count: run.replications.end - run.replications.start,
            calls_simulated: run.calls_simulated,
            wall_time_s: run.wall_s,
            threads: run.threads,
            replications: indexed(
                run.replications.start,
                run.per_replication.as_deref().unwrap_or_default(),
            ),
            checksum: String::new(),
        };
        part.checksum = part.expected_checksum();
        part
    }

    fn expected_checksum(&self) -> String {
        content_checksum(self, |p| p.checksum.clear())
    }

    /// Recomputes the checksum after a deliberate change (for tools and for
    /// the tests that show what the other checks still catch).
    pub fn seal(&mut self) {
        self.checksum = self.expected_checksum();
    }
}

pub const COMPARE_PARTIAL_SCHEMA: &str = "callsim.compare-partial/2";

/// One shard of a `callsim compare` run: every scenario's KPI values for the
/// same block of replications.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComparePartial {
    pub schema: String,
    pub callsim_version: String,
    /// Equal for every shard of the same comparison.
    pub fingerprint: String,
    pub seed: u64,
    pub replications_total: u64,
    pub first: u64,
    pub count: u64,
    pub calls_simulated: u64,
    pub wall_time_s: f64,
    pub threads: usize,
    pub scenarios: Vec<ComparePartialArm>,
    /// SHA-256 of this part written with an empty checksum (see the module docs).
    #[serde(default)]
    pub checksum: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComparePartialArm {
    /// As simulated (the first scenario's seed and replications).
    pub scenario: ScenarioSource,
    pub seed_in_file: u64,
    pub replications_in_file: u64,
    /// Each replication's KPI values with its index, in replication order.
    pub replications: Vec<IndexedKpis>,
}

/// A partial result of either command.
#[derive(Debug, Clone)]
pub enum Partial {
    Simulate(PartialResult),
    Compare(ComparePartial),
}

impl PartialResult {
    fn block(&self) -> Block {
        Block {
            fingerprint: self.fingerprint.clone(),
            total: self.replications_total,
            first: self.first,
            count: self.count,
        }
    }
}

impl ComparePartial {
    fn block(&self) -> Block {
        Block {
            fingerprint: self.fingerprint.clone(),
            total: self.replications_total,
            first: self.first,
            count: self.count,
        }
    }
}

impl Partial {
    fn block(&self) -> Block {
        match self {
            Partial::Simulate(p) => p.block(),
            Partial::Compare(p) => p.block(),
        }
    }

    fn command(&self) -> &'static str {
        match self {
            Partial::Simulate(_) => "callsim simulate",
            Partial::Compare(_) => "callsim compare",
        }
    }
}

/// What the coverage check needs of a partial result.
struct Block {
    fingerprint: String,
    total: u64,
    first: u64,
    count: u64,
}

/// Sorts `parts` by replication and checks that they come from one run and
/// cover its replications exactly once.
fn sort_and_check<T>(
    parts: &mut [(PathBuf, T)],
    block: impl Fn(&T) -> Block,
) -> Result<(), MergeError> {
    let Some((first_path, first)) = parts.first() else {
        return Err(MergeError::Nothing);
    };
    let first = block(first);
    if let Some((other, _)) = parts
        .iter()
        .find(|(_, p)| block(p).fingerprint != first.fingerprint)
    {
        return Err(MergeError::Mismatch {
            first: first_path.clone(),
            other: other.clone(),
        });
    }
    parts.sort_by_key(|(_, p)| {
        let b = block(p);
        (b.first, b.count)
    });
    let mut next = 0;
    let mut previous_path = parts[0].0.clone();
    for (path, part) in parts.iter() {
        let part = block(part);
        if part.first > next {
            return Err(MergeError::Gap {
                from: next,
                to: part.first - 1,
            });
        }
        if part.first < next && part.count > 0 {
            return Err(MergeError::Overlap {
                first: previous_path.clone(),
                other: path.clone(),
                from: part.first,
                to: (next - 1).min(part.first + part.count - 1),
            });
        }
        next = part.first + part.count;
        previous_path = path.clone();
    }
    if next < first.total {
        return Err(MergeError::Gap {
            from: next,
            to: first.total - 1,
        });
    }
    Ok(())
}

#[derive(Debug, Error)]
pub enum MergeError {
    #[error(
        "give at least one partial result (made by `callsim simulate` or `callsim compare` with --shard i/N --output FILE)"
    )]
    Nothing,

    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{} is not a callsim partial result: {message}", path.display())]
    NotPartial { path: PathBuf, message: String },

    #[error(
        "{} and {} come from different runs (scenario, seed, replication count or callsim version differ), so they cannot be merged",
        first.display(), other.display()
    )]
    Mismatch { first: PathBuf, other: PathBuf },

    #[error(
        "{} is a partial result of `{first_command}` and {} of `{other_command}`: merge the shards of one run at a time",
        first.display(), other.display()
    )]
    Mixed {
        first: PathBuf,
        other: PathBuf,
        first_command: &'static str,
        other_command: &'static str,
    },

    #[error("replications {from} to {to} are missing: no partial result covers them")]
    Gap { from: u64, to: u64 },

    #[error("replications {from} to {to} are in both {} and {}", first.display(), other.display())]
    Overlap {
        first: PathBuf,
        other: PathBuf,
        from: u64,
        to: u64,
    },

    #[error("the scenario saved in {} no longer loads: {source}", path.display())]
    Scenario {
        path: PathBuf,
        source: ScenarioError,
    },

    #[error(
        "{} was changed after callsim wrote it: its checksum does not match its content",
        path.display()
    )]
    Checksum { path: PathBuf },

    #[error(
        "{}: its fingerprint is not that of the scenario, seed and callsim version it holds: it was copied from another run",
        path.display()
    )]
    Fingerprint { path: PathBuf },

    #[error(
        "{}: its replication number {position} is labelled {found}, expected {expected}",
        path.display()
    )]
    Index {
        path: PathBuf,
        position: usize,
        expected: u64,
        found: u64,
    },

    #[error(
        "{}: replications {first} and {second} hold exactly the same values: one was copied",
        path.display()
    )]
    Duplicate {
        path: PathBuf,
        first: u64,
        second: u64,
    },

    #[error(
        "{}: replication {replication} is not what its scenario and seed give when simulated again: the part's numbers were changed or come from another run",
        path.display()
    )]
    Verify { path: PathBuf, replication: u64 },

    #[error("{0}")]
    Run(#[from] crate::run::replicate::RunError),
}

/// Reads a partial result file of `callsim simulate`.
pub fn read_partial(path: &Path) -> Result<PartialResult, MergeError> {
    match read_any_partial(path)? {
        Partial::Simulate(p) => Ok(p),
        Partial::Compare(_) => Err(MergeError::NotPartial {
            path: path.to_path_buf(),
            message: format!("it is a {COMPARE_PARTIAL_SCHEMA}, expected {PARTIAL_SCHEMA}"),
        }),
    }
}

/// Reads a partial result file of `callsim simulate` or `callsim compare`.
pub fn read_any_partial(path: &Path) -> Result<Partial, MergeError> {
    let bytes = crate::scenario::file::read_bounded(path, crate::scenario::file::MAX_RESULT_BYTES)
        .map_err(|source| MergeError::Read {
            path: path.to_path_buf(),
            source,
        })?;
    let not_partial = |message: String| MergeError::NotPartial {
        path: path.to_path_buf(),
        message,
    };
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| not_partial(format!("not JSON ({e})")))?;
    let partial = match value.get("schema").and_then(|s| s.as_str()) {
        Some(PARTIAL_SCHEMA) => Partial::Simulate(
            serde_json::from_value(value).map_err(|e| not_partial(e.to_string()))?,
        ),
        Some(COMPARE_PARTIAL_SCHEMA) => {
            Partial::Compare(serde_json::from_value(value).map_err(|e| not_partial(e.to_string()))?)
        }
        Some(other) => {
            return Err(not_partial(format!(
                "its schema is {other}, expected {PARTIAL_SCHEMA} or {COMPARE_PARTIAL_SCHEMA}"
            )));
        }
        None => return Err(not_partial("it has no schema field".into())),
    };
    let checksum_ok = match &partial {
        Partial::Simulate(p) => p.checksum == p.expected_checksum(),
        Partial::Compare(p) => p.checksum == p.expected_checksum(),
    };
    if !checksum_ok {
        return Err(MergeError::Checksum {
            path: path.to_path_buf(),
        });
    }
    let held: Vec<&[IndexedKpis]> = match &partial {
        Partial::Simulate(p) => vec![&p.replications],
        Partial::Compare(p) => p.scenarios.iter().map(|s| &s.replications[..]).collect(),
    };
    let block = partial.block();
    for replications in held {
        check_indices(path, block.first, block.count, replications)?;
    }
    if let Partial::Compare(p) = &partial
        && p.scenarios.len() < 2
    {
        return Err(not_partial("it holds fewer than two scenarios".into()));
    }
    Ok(partial)
}

/// Checks that `replications` are `first`, `first + 1`, … (`count` of them),
/// one by one, and that no two hold the same values.
fn check_indices(
    path: &Path,
    first: u64,
    count: u64,
    replications: &[IndexedKpis],
) -> Result<(), MergeError> {
    if replications.len() as u64 != count {
        return Err(MergeError::NotPartial {
            path: path.to_path_buf(),
            message: format!(
                "it says {count} replications but holds {}",
                replications.len()
            ),
        });
    }
    let mut seen = std::collections::HashMap::with_capacity(replications.len());
    for (position, (r, expected)) in replications.iter().zip(first..).enumerate() {
        if r.replication != expected {
            return Err(MergeError::Index {
                path: path.to_path_buf(),
                position: position + 1,
                expected,
                found: r.replication,
            });
        }
        let digest = Sha256::digest(serde_json::to_vec(&r.kpis).expect("KPIs serialize"));
        if let Some(earlier) = seen.insert(digest, r.replication) {
            return Err(MergeError::Duplicate {
                path: path.to_path_buf(),
                first: earlier,
                second: r.replication,
            });
        }
    }
    Ok(())
}

/// How many replications of each part `merge` simulates again to check them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verify {
    /// The first replication of each part.
    #[default]
    First,
    /// Every replication (as costly as the run itself).
    All,
}

/// Simulates `scenario`'s replications of `stored` again (the first, or all)
/// and compares them bit for bit with what the part holds.
fn verify(
    path: &Path,
    scenario: &Scenario,
    stored: &[IndexedKpis],
    how: Verify,
) -> Result<(), MergeError> {
    let Some(first) = stored.first() else {
        return Ok(());
    };
    let end = match how {
        Verify::First => first.replication + 1,
        Verify::All => first.replication + stored.len() as u64,
    };
    let run = crate::run::replicate::simulate(
        scenario,
        &crate::run::replicate::RunOptions {
            replications: Some(first.replication..end),
            keep_replications: true,
            ..Default::default()
        },
    )?;
    let again = run.per_replication.unwrap_or_default();
    for (s, a) in stored.iter().zip(&again) {
        if &s.kpis != a {
            return Err(MergeError::Verify {
                path: path.to_path_buf(),
                replication: s.replication,
            });
        }
    }
    Ok(())
}

/// Partial results of one command, or [`MergeError::Mixed`].
pub enum Parts {
    Simulate(Vec<(PathBuf, PartialResult)>),
    Compare(Vec<(PathBuf, ComparePartial)>),
}

/// Sorts partial results by the command that made them; all must be alike.
pub fn split_parts(parts: Vec<(PathBuf, Partial)>) -> Result<Parts, MergeError> {
    let Some((first_path, first)) = parts.first() else {
        return Err(MergeError::Nothing);
    };
    if let Some((other, p)) = parts.iter().find(|(_, p)| p.command() != first.command()) {
        return Err(MergeError::Mixed {
            first: first_path.clone(),
            other: other.clone(),
            first_command: first.command(),
            other_command: p.command(),
        });
    }
    Ok(match first {
        Partial::Simulate(_) => Parts::Simulate(
            parts
                .into_iter()
                .filter_map(|(path, p)| match p {
                    Partial::Simulate(p) => Some((path, p)),
                    Partial::Compare(_) => None,
                })
                .collect(),
        ),
        Partial::Compare(_) => Parts::Compare(
            parts
                .into_iter()
                .filter_map(|(path, p)| match p {
                    Partial::Compare(p) => Some((path, p)),
                    Partial::Simulate(_) => None,
                })
                .collect(),
        ),
    })
}

/// Folds partial results into the single run's scenario and estimates.
pub fn merge(
    parts: Vec<(PathBuf, PartialResult)>,
    how: Verify,
) -> Result<(Scenario, SimulationRun), MergeError> {
    let mut parts = parts;
    sort_and_check(&mut parts, PartialResult::block)?;
    let (first_path, first) = parts[0].clone();
    let total = first.replications_total;
    let text = toml::to_string(&first.scenario.content).unwrap_or_default();
    let scenario = Scenario::from_toml(&text, &first.scenario.source, &[]).map_err(|source| {
        MergeError::Scenario {
            path: first_path.clone(),
            source,
        }
    })?;
    let layout = Layout::of(&scenario);
    for (path, part) in &parts {
        if part.fingerprint != fingerprint(&part_scenario(path, &part.scenario)?) {
            return Err(MergeError::Fingerprint { path: path.clone() });
        }
    }
    let mut moments = KpiMoments::new(
        layout,
        scenario.simulation.estimator,
        scenario.scope_targets(),
    );
    let mut calls_simulated = 0;
    let mut wall_s: f64 = 0.0;
    let mut threads = 0;
    for (path, part) in &parts {
        for IndexedKpis { kpis, .. } in &part.replications {
            if kpis.calls.len() != layout.call_scopes()
                || kpis.groups.len() != layout.group_scopes()
            {
                return Err(MergeError::NotPartial {
                    path: path.clone(),
                    message: "its KPI tables do not match its scenario".into(),
                });
            }
            moments.add(kpis);
        }
        calls_simulated += part.calls_simulated;
        wall_s += part.wall_time_s;
        threads = threads.max(part.threads);
    }
    for (path, part) in &parts {
        verify(path, &scenario, &part.replications, how)?;
    }
    let run = SimulationRun {
        moments,
        replications: 0..total,
        calls_simulated,
        wall_s,
        threads,
        trace: None,
        per_replication: None,
    };
    Ok((scenario, run))
}

impl ComparePartial {
    /// The partial result of a compare shard: `arms` ran over `replications`.
    /// `kept[i]` holds scenario i's KPI values of each replication.
    pub fn new(
        arms: &[ArmRun],
        kept: &[Vec<ReplicationKpis>],
        replications: Range<u64>,
        run: CompareRunFacts,
    ) -> Self {
        let scenarios: Vec<&Scenario> = arms.iter().map(|a| &a.scenario).collect();
        let first = &arms[0].scenario;
        let mut part = Self {
            schema: COMPARE_PARTIAL_SCHEMA.to_string(),
            callsim_version: env!("CARGO_PKG_VERSION").to_string(),
            fingerprint: compare_fingerprint(&scenarios),
            seed: first.simulation.seed,
            replications_total: u64::from(first.simulation.replications),
            first: replications.start,
            count: replications.end - replications.start,
            calls_simulated: run.calls_simulated,
            wall_time_s: run.wall_time_s,
            threads: run.threads,
            scenarios: arms
                .iter()
                .zip(kept)
                .map(|(a, kpis)| ComparePartialArm {
                    scenario: ScenarioSource {
                        source: a.scenario.source.clone(),
                        content: a.scenario.echo.clone(),
                    },
                    seed_in_file: a.seed_in_file,
                    replications_in_file: a.replications_in_file,
                    replications: indexed(replications.start, kpis),
                })
                .collect(),
            checksum: String::new(),
        };
        part.checksum = part.expected_checksum();
        part
    }

    fn expected_checksum(&self) -> String {
        content_checksum(self, |p| p.checksum.clear())
    }
}

/// The scenario a part holds, as simulated.
fn part_scenario(path: &Path, source: &ScenarioSource) -> Result<Scenario, MergeError> {
    let text = toml::to_string(&source.content).unwrap_or_default();
    Scenario::from_toml(&text, &source.source, &[]).map_err(|source| MergeError::Scenario {
        path: path.to_path_buf(),
        source,
    })
}

/// Folds compare shards, in replication order, into the single comparison.
pub fn merge_compare(
    parts: Vec<(PathBuf, ComparePartial)>,
    how: Verify,
) -> Result<(Vec<ArmRun>, Comparer, CompareRunFacts), MergeError> {
    let mut parts = parts;
    sort_and_check(&mut parts, ComparePartial::block)?;
    let (first_path, first) = &parts[0];
    let mut arms = Vec::with_capacity(first.scenarios.len());
    for (i, arm) in first.scenarios.iter().enumerate() {
        let text = toml::to_string(&arm.scenario.content).unwrap_or_default();
        let scenario = Scenario::from_toml(&text, &arm.scenario.source, &[]).map_err(|source| {
            MergeError::Scenario {
                path: first_path.clone(),
                source,
            }
        })?;
        let layout = Layout::of(&scenario);
        for (path, part) in &parts {
            if part.scenarios.len() != first.scenarios.len() {
                return Err(MergeError::NotPartial {
                    path: path.clone(),
                    message: "it holds another number of scenarios than its fingerprint says"
                        .into(),
                });
            }
            for IndexedKpis { kpis: k, .. } in &part.scenarios[i].replications {
                if k.calls.len() != layout.call_scopes() || k.groups.len() != layout.group_scopes()
                {
                    return Err(MergeError::NotPartial {
                        path: path.clone(),
                        message: "its KPI tables do not match its scenarios".into(),
                    });
                }
            }
        }
        arms.push(ArmRun {
            scenario,
            seed_in_file: arm.seed_in_file,
            replications_in_file: arm.replications_in_file,
        });
    }
    let scenarios: Vec<&Scenario> = arms.iter().map(|a| &a.scenario).collect();
    for (path, part) in &parts {
        let held: Vec<Scenario> = part
            .scenarios
            .iter()
            .map(|arm| part_scenario(path, &arm.scenario))
            .collect::<Result<_, _>>()?;
        let held: Vec<&Scenario> = held.iter().collect();
        if part.fingerprint != compare_fingerprint(&held) {
            return Err(MergeError::Fingerprint { path: path.clone() });
        }
    }
    let mut comparer = Comparer::new(&scenarios);
    for (_, part) in &parts {
        for r in 0..part.count as usize {
            let replication: Vec<&ReplicationKpis> = part
                .scenarios
                .iter()
                .map(|s| &s.replications[r].kpis)
                .collect();
            comparer.add(&replication);
        }
    }
    for (path, part) in &parts {
        for (arm, scenario) in part.scenarios.iter().zip(&scenarios) {
            verify(path, scenario, &arm.replications, how)?;
        }
    }
    let run = CompareRunFacts {
        threads: parts.iter().map(|(_, p)| p.threads).max().unwrap_or(0),
        wall_time_s: parts.iter().map(|(_, p)| p.wall_time_s).sum(),
        calls_simulated: parts.iter().map(|(_, p)| p.calls_simulated).sum(),
    };
    Ok((arms, comparer, run))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_replication_once() {
        for total in [0u64, 1, 7, 10, 100, 1001] {
            for count in 1..=9u64 {
                let mut next = 0;
                for index in 1..=count {
                    let r = ShardSpec { index, count }.replications(total);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
    }

    #[test]
    fn parses_shard_specs() {
        assert_eq!(
            "2/8".parse::<ShardSpec>(),
            Ok(ShardSpec { index: 2, count: 8 })
        );
        for bad in ["0/3", "4/3", "1/0", "x/3", "3", "1/2/3", ""] {
            assert!(bad.parse::<ShardSpec>().is_err(), "{bad}");
        }
    }
}
