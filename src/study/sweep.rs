//! Sweeps: scenario values varied over ranges, every point run with the
//! same seed (common random numbers), so neighbouring points and each point
//! against the first are paired comparisons (see [`crate::study::compare`]).
//!
//! Each `--vary` is one axis; several make the grid of every combination of
//! their values (the first axis varies slowest). Within one `--vary`, parts
//! joined by `&` move together, value by value (`a=12:8:-1 & b=8:12:1` moves
//! agents from one group to the other), so they need as many values each.
//!
//! A part is given as `NAME=from:to:step` or `NAME=v1,v2,…`, where NAME is
//! - `volume_pct`: every call type's volume, in % of the scenario's;
//! - `aht_pct`: every call type's handle time and after-call work, in %
//!   (each distribution scaled, see [`Distribution::scaled`]);
//! - `agents_pct`: every group's agents in every interval, in %, rounded to
//!   the nearest whole agent (halves away from zero: 17 × 150 % = 25.5 → 26);
//! - any scenario path that `--set PATH=VALUE` accepts, e.g.
//!   `agent_group[0].agents` or `targets.answer_within_s`.

use std::path::Path;
use std::str::FromStr;

use thiserror::Error;

use crate::distribution::Distribution;
use crate::scenario::{MAX_AGENTS, MAX_CALLS_PER_INTERVAL, Scenario, ScenarioError};

/// The most points a sweep may have (for a grid: the product of its axes').
pub const MAX_POINTS: usize = 200;
/// The largest percentage accepted by the `_pct` sweeps.
pub const MAX_PCT: f64 = 1000.0;

/// What a sweep varies.
#[derive(Debug, Clone, PartialEq)]
pub enum Vary {
    VolumePct,
    AhtPct,
    AgentsPct,
    /// A scenario path, set through the `--set` machinery.
    Path(String),
}

/// One value of a sweep: as given (or computed from a range), and as a number
/// where it is one.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepValue {
    pub text: String,
    pub number: Option<f64>,
}

/// A parsed `--vary` specification.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSpec {
    /// As given on the command line.
    pub spec: String,
    /// The name before `=`.
    pub name: String,
    pub vary: Vary,
    pub values: Vec<SweepValue>,
}

#[derive(Debug, Error, PartialEq)]
pub enum SweepError {
    #[error("--vary {spec}: {message}")]
    Spec { spec: String, message: String },

    /// About the axes together (a value varied twice, too many points).
    #[error("{0}")]
    Grid(String),
}

/// A number as the shortest text that reads back as it (14, 0.5, 1e-7).
fn number_text(v: f64) -> String {
    crate::distribution::show(v)
}

impl FromStr for SweepSpec {
    type Err = SweepError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let bad = |message: String| SweepError::Spec {
            spec: spec.to_string(),
            message,
        };
        let (name, values) = spec.split_once('=').ok_or_else(|| {
            bad("give NAME=FROM:TO:STEP or NAME=V1,V2,… (e.g. agents_pct=90:110:5 or agent_group[0].agents=14:20:1)".into())
        })?;
        let name = name.trim();
        let vary = match name {
            "volume_pct" => Vary::VolumePct,
            "aht_pct" => Vary::AhtPct,
            "agents_pct" => Vary::AgentsPct,
            "" => return Err(bad("the name before = is missing".into())),
            other if other.ends_with("_pct") && !other.contains(['.', '[']) => {
                return Err(bad(format!(
                    "unknown sweep {other}: the percentages are volume_pct, aht_pct and agents_pct"
                )));
            }
            "simulation.seed" | "simulation.replications" | "simulation.confidence_pct" => {
                return Err(bad(format!(
                    "{name} cannot be swept: every point runs with the scenario's seed, replications and confidence so that points are paired"
                )));
            }
            path => Vary::Path(path.to_string()),
        };
        let values = values.trim();
        if values.is_empty() {
            return Err(bad(format!(
                "no values after {name}=; give FROM:TO:STEP or V1,V2,…"
            )));
        }
        let values: Vec<SweepValue> = if values.contains(':') {
            let parts: Vec<&str> = values.split(':').collect();
            let [from, to, step] = parts[..] else {
                return Err(bad(format!(
                    "the range {values} is not FROM:TO:STEP (e.g. 80:120:10)"
                )));
            };
            let number = |text: &str| {
                text.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| bad(format!("{} is not a number", text.trim())))
            };
            let (from, to, step) = (number(from)?, number(to)?, number(step)?);
            if step == 0.0 {
                return Err(bad("the step is 0; give a step such as 1 or -1".into()));
            }
            if (to - from) * step < 0.0 {
                return Err(bad(format!(
                    "a step of {} never goes from {} to {}; use {}",
                    number_text(step),
                    number_text(from),
                    number_text(to),
                    number_text(-step)
                )));
            }
            // A little slack so that 0.1 steps reach their end despite rounding.
            let steps = ((to - from) / step + 1e-9).floor();
            if steps + 1.0 > MAX_POINTS as f64 {
                return Err(bad(format!(
                    "{} points, more than the {MAX_POINTS} a sweep may have; use a larger step",
                    number_text(steps + 1.0)
                )));
            }
            (0..=steps as usize)
                .map(|i| {
                    let v = from + i as f64 * step;
                    // Round away binary noise (0.30000000000000004 → 0.3).
                    let v = (v * 1e9).round() / 1e9;
                    SweepValue {
                        text: number_text(v),
                        number: Some(v),
                    }
                })
                .collect()
        } else {
            values
                .split(',')
                .map(|text| {
                    let text = text.trim();
                    if text.is_empty() {
                        return Err(bad("a value in the list is empty".into()));
                    }
                    Ok(SweepValue {
                        text: text.to_string(),
                        number: text.parse::<f64>().ok().filter(|v| v.is_finite()),
                    })
                })
                .collect::<Result<_, _>>()?
        };
        if values.len() > MAX_POINTS {
            return Err(bad(format!(
                "{} points, more than the {MAX_POINTS} a sweep may have",
                values.len()
            )));
        }
        if vary != Vary::Path(name.to_string()) {
            for v in &values {
                let pct = v
                    .number
                    .ok_or_else(|| bad(format!("{} is not a percentage (a number)", v.text)))?;
                let positive_needed = vary == Vary::AhtPct;
                if pct < 0.0 || (positive_needed && pct == 0.0) || pct > MAX_PCT {
                    return Err(bad(format!(
                        "{name} {}: give a percentage {} {MAX_PCT}",
                        v.text,
                        if positive_needed {
                            "above 0 and at most"
                        } else {
                            "from 0 to"
                        }
                    )));
                }
            }
        }
        Ok(Self {
            spec: spec.to_string(),
            name: name.to_string(),
            vary,
            values,
        })
    }
}

/// Why a point of a sweep cannot be built.
#[derive(Debug, Error)]
pub enum PointError {
    #[error("{0}")]
    Scenario(#[from] ScenarioError),

    #[error("--vary {name}={value}: {message}")]
    Value {
        name: String,
        value: String,
        message: String,
    },

    /// Values each accepted alone that the scenario refuses together.
    #[error("--vary {at}: {message}")]
    Point { at: String, message: String },
}

impl SweepSpec {
    fn bad_value(&self, value: &SweepValue, message: String) -> PointError {
        PointError::Value {
            name: self.name.clone(),
            value: value.text.clone(),
            message,
        }
    }

    /// Applies a percentage (`volume_pct`, `aht_pct`, `agents_pct`) to
    /// `scenario`; a path is set by loading the file (see [`SweepGrid::point`]).
    fn scale(&self, scenario: &mut Scenario, value: &SweepValue) -> Result<(), PointError> {
        let pct = value.number.unwrap_or(f64::NAN) / 100.0;
        match &self.vary {
            Vary::Path(_) => {}
            Vary::VolumePct => {
                for c in &mut scenario.call_types {
                    c.calls_per_interval.iter_mut().for_each(|v| *v *= pct);
                }
                // The scaled volumes obey the scenario's own limit.
                let most = scenario
                    .call_types
                    .iter()
                    .flat_map(|c| &c.calls_per_interval)
                    .copied()
                    .fold(0.0, f64::max);
                if most > MAX_CALLS_PER_INTERVAL {
                    return Err(self.bad_value(
                        value,
                        format!(
                            "gives {} calls in an interval, more than the 100000000 a scenario may have",
                            crate::distribution::show(most)
                        ),
                    ));
                }
            }
            Vary::AgentsPct => {
                for g in &mut scenario.agent_groups {
                    // Halves away from zero (f64::round); agents are whole people.
                    g.agents
                        .iter_mut()
                        .for_each(|a| *a = (f64::from(*a) * pct).round() as u32);
                }
                let most = scenario
                    .agent_groups
                    .iter()
                    .flat_map(|g| &g.agents)
                    .copied()
                    .max()
                    .unwrap_or(0);
                if u64::from(most) > MAX_AGENTS {
                    return Err(self.bad_value(
                        value,
                        format!(
                            "gives {most} agents in a group, more than the {MAX_AGENTS} a group may have"
                        ),
                    ));
                }
            }
            Vary::AhtPct => {
                let scale = |d: &Distribution| {
                    d.scaled(pct).map_err(|(field, message)| PointError::Value {
                        name: self.name.clone(),
                        value: value.text.clone(),
                        message: format!("{field} {message}").trim().to_string(),
                    })
                };
                for c in &mut scenario.call_types {
                    c.handle = scale(&c.handle)?;
                    if let Some(aht) = &mut c.aht_s {
                        for a in aht.iter_mut() {
                            *a *= pct;
                        }
                    }
                    if let Some(acw) = &c.after_call_work {
                        c.after_call_work = Some(scale(acw)?);
                    }
                }
            }
        }
        Ok(())
    }
}

/// What the scenario says of a point's value `set` (`PATH=VALUE`), without
/// the `--set PATH=VALUE:` the sweep's own `--vary` prefix already says.
fn message_of(error: ScenarioError, set: &str) -> String {
    match error {
        ScenarioError::BadOverride { text, message } if text == set => message,
        other => other.to_string(),
    }
}

/// One axis of a sweep: one `--vary`, whose parts (joined by `&`) move
/// together, the k-th value of each at the axis's k-th point.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepAxis {
    /// As given to --vary.
    pub spec: String,
    pub parts: Vec<SweepSpec>,
}

impl FromStr for SweepAxis {
    type Err = SweepError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let bad = |message: String| SweepError::Spec {
            spec: spec.to_string(),
            message,
        };
        let parts = spec
            .split('&')
            .map(|part| {
                let part = part.trim();
                if part.is_empty() {
                    return Err(bad(
                        "a part joined by & is empty; give NAME=RANGE on each side".into(),
                    ));
                }
                part.parse::<SweepSpec>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let first = &parts[0];
        if let Some(other) = parts.iter().find(|p| p.values.len() != first.values.len()) {
            return Err(bad(format!(
                "values joined by & move together, so each needs as many: {} has {} and {} has {}",
                first.name,
                first.values.len(),
                other.name,
                other.values.len()
            )));
        }
        Ok(Self {
            spec: spec.trim().to_string(),
            parts,
        })
    }
}

impl SweepAxis {
    /// The axis's points.
    pub fn len(&self) -> usize {
        self.parts[0].values.len()
    }

    /// Never: every part has at least one value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The names varied, joined as given: `a & b`.
    pub fn name(&self) -> String {
        let names: Vec<&str> = self.parts.iter().map(|p| p.name.as_str()).collect();
        names.join(" & ")
    }
}

/// Every `--vary` of a sweep: the grid of their values.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepGrid {
    pub axes: Vec<SweepAxis>,
}

/// One varied value at a point.
#[derive(Debug, Clone, Copy)]
pub struct PointValue<'a> {
    pub part: &'a SweepSpec,
    pub value: &'a SweepValue,
}

impl SweepGrid {
    /// The grid of `specs`, each a `--vary`: every name varied once, at
    /// most [`MAX_POINTS`] points in all.
    pub fn new(specs: &[String]) -> Result<Self, SweepError> {
        let axes = specs
            .iter()
            .map(|s| s.parse::<SweepAxis>())
            .collect::<Result<Vec<_>, _>>()?;
        if axes.is_empty() {
            return Err(SweepError::Grid(
                "give what to vary with --vary NAME=RANGE".into(),
            ));
        }
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for axis in &axes {
            for part in &axis.parts {
                if let Some((_, first)) = seen.iter().find(|(name, _)| *name == part.name) {
                    let place = if *first == axis.spec {
                        format!("in --vary {first}")
                    } else {
                        format!("in --vary {first} and --vary {}", axis.spec)
                    };
                    return Err(SweepError::Grid(format!(
                        "{} is varied twice ({place}); vary each value once",
                        part.name
                    )));
                }
                seen.push((&part.name, &axis.spec));
            }
        }
        // The product, saturating: 200 values on each of 9 axes overflows nothing.
        let points = axes.iter().fold(1usize, |n, a| n.saturating_mul(a.len()));
        if points > MAX_POINTS {
            let counts: Vec<String> = axes.iter().map(|a| a.len().to_string()).collect();
            return Err(SweepError::Grid(format!(
                "the grid has {} = {points} points, more than the {MAX_POINTS} a sweep may have; vary fewer values or use larger steps",
                counts.join(" × ")
            )));
        }
        Ok(Self { axes })
    }

    /// Points in all: the product of the axes' lengths.
    pub fn len(&self) -> usize {
        self.axes.iter().map(SweepAxis::len).product()
    }

    /// Never: every axis has a value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One `--vary` of one name: the sweep as it was before grids.
    pub fn is_single(&self) -> bool {
        self.axes.len() == 1 && self.axes[0].parts.len() == 1
    }

    /// Every name varied, in axis order.
    pub fn parts(&self) -> impl Iterator<Item = &SweepSpec> {
        self.axes.iter().flat_map(|a| &a.parts)
    }

    /// The specs as given, joined: `a=1,2 × b=3,4`.
    pub fn spec(&self) -> String {
        let specs: Vec<&str> = self.axes.iter().map(|a| a.spec.as_str()).collect();
        specs.join(" × ")
    }

    /// The names varied: `a × b & c`.
    pub fn name(&self) -> String {
        let names: Vec<String> = self.axes.iter().map(SweepAxis::name).collect();
        names.join(" × ")
    }

    /// Point `i`'s index on each axis; the first axis varies slowest.
    pub fn at(&self, i: usize) -> Vec<usize> {
        let mut rest = i;
        let mut at = vec![0; self.axes.len()];
        for (k, axis) in self.axes.iter().enumerate().rev() {
            at[k] = rest % axis.len();
            rest /= axis.len();
        }
        at
    }

    /// Every value varied at point `i`, in axis order.
    pub fn values_at(&self, i: usize) -> Vec<PointValue<'_>> {
        self.axes
            .iter()
            .zip(self.at(i))
            .flat_map(|(axis, k)| {
                axis.parts.iter().map(move |part| PointValue {
                    part,
                    value: &part.values[k],
                })
            })
            .collect()
    }

    /// The scenario at point `i`: the file at `path` with `overrides` and
    /// the point's paths set (as `--set` would, after them), then its
    /// percentages applied to that (`base` is the file with `overrides`).
    pub fn point(
        &self,
        path: &Path,
        overrides: &[String],
        base: &Scenario,
        i: usize,
    ) -> Result<Scenario, PointError> {
        let values = self.values_at(i);
        let sets: Vec<(&SweepSpec, &SweepValue, String)> = values
            .iter()
            .filter_map(|v| match &v.part.vary {
                Vary::Path(p) => Some((v.part, v.value, format!("{p}={}", v.value.text))),
                _ => None,
            })
            .collect();
        let mut scenario = if sets.is_empty() {
            base.clone()
        } else {
            let mut with_values = overrides.to_vec();
            with_values.extend(sets.iter().map(|(_, _, set)| set.clone()));
            match Scenario::from_path_with_overrides(path, &with_values) {
                Ok(scenario) => scenario,
                Err(e) => return Err(self.blame(path, overrides, &sets, e)),
            }
        };
        for v in values
            .iter()
            .filter(|v| !matches!(v.part.vary, Vary::Path(_)))
        {
            v.part.scale(&mut scenario, v.value)?;
        }
        Ok(scenario)
    }

    /// The error of a point whose paths the scenario refuses: the value
    /// that is refused alone, as a one-value sweep says it, or else the
    /// point's values together.
    fn blame(
        &self,
        path: &Path,
        overrides: &[String],
        sets: &[(&SweepSpec, &SweepValue, String)],
        error: ScenarioError,
    ) -> PointError {
        if let [(part, value, set)] = sets {
            return part.bad_value(value, message_of(error, set));
        }
        for (part, value, set) in sets {
            let mut alone = overrides.to_vec();
            alone.push(set.clone());
            if let Err(e) = Scenario::from_path_with_overrides(path, &alone) {
                return part.bad_value(value, message_of(e, set));
            }
        }
        let at: Vec<&str> = sets.iter().map(|(_, _, set)| set.as_str()).collect();
        PointError::Point {
            at: at.join(", "),
            message: error.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(spec: &str) -> Vec<String> {
        let s: SweepSpec = spec.parse().unwrap();
        s.values.into_iter().map(|v| v.text).collect()
    }

    #[test]
    fn ranges_and_lists() {
        assert_eq!(
            texts("volume_pct=80:120:10"),
            ["80", "90", "100", "110", "120"]
        );
        assert_eq!(
            texts("agent_group[0].agents=20:17:-1"),
            ["20", "19", "18", "17"]
        );
        assert_eq!(texts("x.y=0.1:0.3:0.1"), ["0.1", "0.2", "0.3"]);
        assert_eq!(
            texts("targets.answer_within_s=10, 20,30"),
            ["10", "20", "30"]
        );
        assert_eq!(texts("aht_pct=100:100:5"), ["100"]);
        let s: SweepSpec = "agent_group[0].agents=14:20:1".parse().unwrap();
        assert_eq!(s.vary, Vary::Path("agent_group[0].agents".into()));
        assert_eq!(s.values.len(), 7);
    }

    #[test]
    fn points_scale_volume_handle_times_and_agents() {
        let path = Path::new("scenarios/helpline.toml");
        let base = Scenario::from_path(path).unwrap();
        let at = |spec: &str, i: usize| {
            let grid = SweepGrid::new(&[spec.to_string()]).unwrap();
            grid.point(path, &[], &base, i).unwrap()
        };
        // 17 agents: × 150 % = 25.5 → 26 (halves up), × 88 % = 14.96 → 15.
        assert!(
            at("agents_pct=150", 0).agent_groups[0]
                .agents
                .iter()
                .all(|&a| a == 26)
        );
        assert!(
            at("agents_pct=88", 0).agent_groups[0]
                .agents
                .iter()
                .all(|&a| a == 15)
        );
        let volume = at("volume_pct=80:120:10", 4);
        assert!(
            volume.call_types[0]
                .calls_per_interval
                .iter()
                .all(|&v| v == 120.0 * 1.2)
        );
        let aht = at("aht_pct=90", 0);
        assert!((aht.call_types[0].handle.mean() - 0.9 * 240.0).abs() < 1e-9);
        let path_point = at("agent_group[0].agents=19,20", 1);
        assert!(path_point.agent_groups[0].agents.iter().all(|&a| a == 20));
        // The 100 % points change nothing.
        let same = at("volume_pct=100", 0);
        assert_eq!(
            same.call_types[0].calls_per_interval,
            base.call_types[0].calls_per_interval
        );
        // Scaled values obey the scenario's limits (120 calls × 1000 % is
        // fine; 1e8 is not).
        let huge = Scenario::from_path_with_overrides(
            path,
            &["call_type[0].calls_per_interval=1e8".into()],
        )
        .unwrap();
        let grid = SweepGrid::new(&["volume_pct=1000".into()]).unwrap();
        let e = grid.point(path, &[], &huge, 0).unwrap_err().to_string();
        assert_eq!(
            e,
            "--vary volume_pct=1000: gives 1e9 calls in an interval, more than the 100000000 a scenario may have"
        );
        let many =
            Scenario::from_path_with_overrides(path, &["agent_group[0].agents=200000".into()])
                .unwrap();
        let grid = SweepGrid::new(&["agents_pct=600".into()]).unwrap();
        let e = grid.point(path, &[], &many, 0).unwrap_err().to_string();
        assert!(
            e.ends_with("gives 1200000 agents in a group, more than the 1000000 a group may have"),
            "{e}"
        );
        let bad = SweepGrid::new(&["agent_group[0].agents=-1".into()]).unwrap();
        let e = bad.point(path, &[], &base, 0).unwrap_err().to_string();
        assert!(e.starts_with("--vary agent_group[0].agents=-1: "), "{e}");
    }

    #[test]
    fn bad_specs_say_what_is_wrong() {
        for (spec, expected) in [
            ("volume_pct", "give NAME=FROM:TO:STEP"),
            ("staff_pct=1:2:1", "unknown sweep staff_pct"),
            ("volume_pct=80:120:0", "the step is 0"),
            (
                "volume_pct=120:80:10",
                "a step of 10 never goes from 120 to 80; use -10",
            ),
            ("volume_pct=1:1000:1", "1000 points, more than the 200"),
            ("volume_pct=80:120", "is not FROM:TO:STEP"),
            ("volume_pct=80:x:10", "x is not a number"),
            ("aht_pct=0,100", "aht_pct 0: give a percentage above 0"),
            (
                "agents_pct=-10,100",
                "agents_pct -10: give a percentage from 0",
            ),
            ("volume_pct=ten", "ten is not a percentage"),
            ("simulation.seed=1:5:1", "cannot be swept"),
            ("a.b=1,,2", "empty"),
            ("=1,2", "the name before = is missing"),
        ] {
            let e = spec.parse::<SweepSpec>().unwrap_err().to_string();
            assert!(e.starts_with(&format!("--vary {spec}: ")), "{e}");
            assert!(e.contains(expected), "{spec}: {e}");
        }
    }
}
