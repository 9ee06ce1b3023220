//! Scenario files: TOML → raw serde structs → validated [`Scenario`].
//!
//! Every error names the file, the line and the field path of the value at
//! fault, e.g. `scenarios/bank.toml:14: call_type[1].patience.mean_s: must be > 0 …`.

pub mod budget;
mod compile;
mod error;
pub mod file;
mod forecast_input;
mod ivr_shares;
pub mod raw;
mod spans;
mod validate;
mod warning;

use std::path::Path;

use serde::Serialize;

/// The rules the engine follows, stated by the scenario (defined with the model).
pub use crate::model::{
    AfterClose, AgentSelection, Balk, Callback, Channel, Email, Recontact, Retry,
};
pub use error::{FieldError, LISTED_ERRORS, LocatedError, Location, ScenarioError};
pub use ivr_shares::share_path;
pub use spans::LineIndex;
pub use validate::Transfer;
pub use validate::{MAX_AGENTS, MAX_CALLS_PER_INTERVAL, MAX_INTERVALS, MAX_NAME_CHARS, printable};
pub use warning::Warning;

use crate::distribution::Distribution;
use crate::erlang::ServiceLevelBasis;
use crate::model::Calendar;
use raw::RawScenario;

/// A validated scenario: units converted to seconds, names resolved to indices.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Where it came from (a file path), for messages and reports.
    pub source: String,
    pub simulation: Simulation,
    /// Coefficient of variation of the per-replication gamma volume factor.
    pub day_factor_cv: f64,
    pub call_types: Vec<CallType>,
    pub agent_groups: Vec<AgentGroup>,
    pub targets: Targets,
    /// Lines into the center (IVR + queue + talking); `None`: unlimited.
    pub trunks: Option<u32>,
    pub routing: Routing,
    /// Entry numbers answered by an IVR.
    pub entries: Vec<Entry>,
    pub ivr_nodes: Vec<IvrNode>,
    /// Outbound campaigns dialled in the agents' idle time.
    pub outbound: Vec<Outbound>,
    /// Allowed shift patterns, one per start time (`callsim staff`).
    pub shifts: Vec<ShiftPattern>,
    pub shrinkage: Shrinkage,
    /// Accepted oddities worth telling the user about.
    pub warnings: Vec<Warning>,
    /// The scenario as simulated (overrides applied), echoed in JSON output.
    pub echo: toml::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Simulation {
    pub seed: u64,
    pub replications: u32,
    pub interval_s: f64,
    /// Every interval of every day.
    pub intervals: usize,
    /// The days the scenario covers (`days`), each opening at `open_min`.
    pub days: usize,
    /// The intervals of one day.
    pub intervals_per_day: usize,
    /// Clock time of the first interval, minutes after midnight.
    pub open_min: u32,
    pub warmup_s: f64,
    /// Confidence level of the reported intervals, e.g. 0.95.
    pub confidence: f64,
    pub after_close: AfterClose,
    /// How ratio KPIs (service level, ASA, occupancy…) are estimated across replications.
    pub estimator: crate::stats::Estimator,
    /// The weekday of the first interval, when the scenario names it.
    pub first_day: Option<Weekday>,
    /// The first date of a forecast the volumes were read from, if any.
    #[serde(skip)]
    pub forecast_first_date: Option<chrono::NaiveDate>,
}

/// A day of the week, and the language its name was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Weekday {
    /// 0 for Monday … 6 for Sunday.
    pub index: u8,
    pub portuguese: bool,
}

impl Weekday {
    const EN: [&'static str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const PT: [&'static str; 7] = ["seg", "ter", "qua", "qui", "sex", "sáb", "dom"];
    const EN_LONG: [&'static str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    const PT_LONG: [&'static str; 7] = [
        "segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo",
    ];

    /// "Mon", "monday", "seg", "segunda-feira", "sab" …, in any case.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_lowercase();
        let t = t.strip_suffix("-feira").unwrap_or(&t);
        let t = t.replace("sab", "sáb");
        let find = |names: &[&str; 7]| names.iter().position(|n| n.to_lowercase() == t);
        let en = find(&Self::EN).or_else(|| find(&Self::EN_LONG));
        let pt = find(&Self::PT).or_else(|| find(&Self::PT_LONG));
        match (en, pt) {
            (Some(i), _) => Some(Self {
                index: i as u8,
                portuguese: false,
            }),
            (None, Some(i)) => Some(Self {
                index: i as u8,
                portuguese: true,
            }),
            (None, None) => None,
        }
    }

    /// The short name of the day `days` after this one.
    pub fn after(self, days: u64) -> &'static str {
        let i = ((u64::from(self.index) + days) % 7) as usize;
        if self.portuguese {
            Self::PT[i]
        } else {
            Self::EN[i]
        }
    }
}

impl Simulation {
    /// The date of day 1 (for the calls log): the forecast's first date, or
    /// else Monday 2026-01-05 moved on to `first_day`'s weekday.
    pub fn first_date(&self) -> chrono::NaiveDate {
        let monday = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).expect("a valid date");
        self.forecast_first_date.unwrap_or_else(|| {
            monday + chrono::Days::new(self.first_day.map_or(0, |d| u64::from(d.index)))
        })
    }

    /// Where the intervals fall in time.
    pub fn calendar(&self) -> Calendar {
        Calendar::new(self.interval_s, self.intervals_per_day, self.days)
    }

    /// The end of the last interval, seconds from the first one's start.
    pub fn horizon_s(&self) -> f64 {
        self.calendar().horizon_s()
    }

    /// Minutes from the first interval's start to interval `k`'s.
    pub fn interval_start_min(&self, k: usize) -> f64 {
        self.calendar().start_s(k) / 60.0
    }

    /// "HH:MM" of interval `k`'s start: from the second day on "d2+HH:MM",
    /// or, when the scenario names its first weekday, "Tue HH:MM" on every day.
    pub fn interval_label(&self, k: usize) -> String {
        let minutes = f64::from(self.open_min) + self.interval_start_min(k);
        self.clock_label(minutes.round() as u64)
    }

    /// The label of a clock time `minutes` after the first day's midnight.
    pub fn clock_label(&self, minutes: u64) -> String {
        let (days, in_day) = (minutes / 1440, minutes % 1440);
        let clock = format!("{:02}:{:02}", in_day / 60, in_day % 60);
        match self.first_day {
            Some(day) => format!("{} {clock}", day.after(days)),
            None if days == 0 => clock,
            None => format!("d{}+{clock}", days + 1),
        }
    }
}

impl CallType {
    /// The mean handle time (talk + after-call work) of the distributions, seconds.
    pub fn distribution_mean_handle_s(&self) -> f64 {
        self.handle.mean()
            + self
                .after_call_work
                .as_ref()
                .map_or(0.0, Distribution::mean)
    }

    /// The mean handle time in interval `k`, seconds: the scenario's AHT
    /// for that interval where it gives one, else the distributions' mean.
    pub fn mean_handle_s_at(&self, k: usize) -> f64 {
        match &self.aht_s {
            Some(aht) => aht[k],
            None => self.distribution_mean_handle_s(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct CallType {
    pub name: String,
    /// Expected calls in each interval.
    pub calls_per_interval: Vec<f64>,
    pub handle: Distribution,
    /// Mean handle time (talk + after-call work) per interval, seconds, where
    /// the scenario gives one (`aht_s`, or a forecast's AHT column): `handle`
    /// and `after_call_work` keep their shape and are scaled to it.
    pub aht_s: Option<Vec<f64>>,
    /// `None`: callers never hang up.
    pub patience: Option<Distribution>,
    pub after_call_work: Option<Distribution>,
    /// Higher is served first.
    pub priority: i32,
    /// Groups serving this type, in the order a new call tries them.
    pub preference: Vec<usize>,
    /// Answered contacts handed to other call types at the end of the talk.
    pub transfers: Vec<Transfer>,
    pub retry: Option<Retry>,
    pub recontact: Option<Recontact>,
    pub callback: Option<Callback>,
    /// Callers who find a long queue may leave at once (`balk`).
    pub balk: Option<Balk>,
    /// The most callers of this type that may wait (`max_waiting`); `None`: no limit.
    pub max_waiting: Option<u32>,
    /// Share of each interval's volume removed by proactive notifications.
    pub proactive: Vec<f64>,
    /// Callers reach this type through an IVR (it may have no volume of its own).
    pub fed_by_ivr: bool,
    /// Phone calls or chats.
    pub channel: Channel,
    /// Priority points per second of waiting for this type, in place of
    /// `[routing]`'s (`aging_per_min` on the call type).
    pub aging_per_s: Option<f64>,
    /// The e-mail rules (`answer_within_h`, `expire_after_h`, `backlog_start`)
    /// of an e-mail type.
    pub email: Option<Email>,
    /// This type's own service-level threshold, seconds (voice and chat), in
    /// place of `[targets] answer_within_s`.
    pub answer_within_s: Option<f64>,
    /// This type's own targets (`targets = { ... }` on the call type), each
    /// in place of `[targets]`' (see [`Scenario::targets_of`]).
    pub own_targets: OwnTargets,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Routing {
    pub agent_selection: AgentSelection,
    /// Priority points a waiting call gains per second (0: static priority).
    pub aging_per_s: f64,
}

/// Keep `agents` agents of a group idle for the `for_types` call types.
#[derive(Debug, Clone)]
pub struct Reserve {
    pub agents: u32,
    pub for_types: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub calls_per_interval: Vec<f64>,
    pub first_node: usize,
    pub retry: Option<Retry>,
}

/// An outbound campaign (`[[outbound]]`): while more than
/// `dial_when_idle_agents_above` agents of its groups are idle, the dialer
/// keeps one dial ringing per idle agent above that; a person who answers
/// is connected to an idle agent of the groups (tried in order), or, with
/// none idle within `connect_within_s`, dropped: a nuisance call.
#[derive(Debug, Clone)]
pub struct Outbound {
    pub name: String,
    /// Indices of the agent groups that take the reached parties, in order.
    pub groups: Vec<usize>,
    pub dial_when_idle_agents_above: u32,
    /// Ringing time of a dial.
    pub ring: Distribution,
    /// Share of dials a person answers, in [0, 1].
    pub reach: f64,
    /// Talk time of a connected call.
    pub handle: Distribution,
    pub after_call_work: Option<Distribution>,
    /// Records to dial over the scenario; `None`: as many as it takes.
    /// With `leads_per_hour`, the records on the list at the start.
    pub list_size: Option<u64>,
    /// New records joining the list per hour, around the clock.
    pub leads_per_hour: Option<f64>,
    /// How long a reached party is held for an agent (0: dropped at once).
    pub connect_within_s: f64,
    /// Target: nuisance calls at most this share of the reached parties.
    pub max_nuisance: Option<f64>,
}

impl Outbound {
    /// The most dials the campaign can make in one replication: one ringing
    /// per agent of its groups above its threshold, each for its mean
    /// ringing time, or its list (and the leads of `horizon_s`) if shorter
    /// (for the work limit and the run's cost).
    pub fn most_dials(&self, agent_groups: &[AgentGroup], interval_s: f64, horizon_s: f64) -> f64 {
        let intervals = agent_groups.first().map_or(0, |g| g.agents.len());
        let ringing: f64 = (0..intervals)
            .map(|k| {
                let agents: u32 = self.groups.iter().map(|&g| agent_groups[g].agents[k]).sum();
                f64::from(agents.saturating_sub(self.dial_when_idle_agents_above))
            })
            .sum();
        let dials = ringing * interval_s / self.ring.mean();
        let list = self.list_size.map(|n| n as f64);
        let records = match self.leads_per_hour {
            // Leads beyond their mean are rare: ten standard deviations.
            Some(rate) => {
                let leads = rate * horizon_s / 3600.0;
                Some(list.unwrap_or(0.0) + leads + 10.0 * leads.sqrt())
            }
            None => list,
        };
        records.map_or(dials, |n| dials.min(n))
    }
}

#[derive(Debug, Clone)]
pub struct IvrNode {
    pub name: String,
    pub prompt: Distribution,
    pub options: Vec<IvrOption>,
}

#[derive(Debug, Clone, Copy)]
pub struct IvrOption {
    pub prob: f64,
    pub target: IvrTarget,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IvrTarget {
    Node(usize),
    Queue(usize),
    SelfService,
    HangUp,
}

#[derive(Debug, Clone)]
pub struct AgentGroup {
    pub name: String,
    /// Agents on the phones in each interval.
    pub agents: Vec<u32>,
    /// Indices of the call types served, in preference order.
    pub skills: Vec<usize>,
    /// Handle-time multiplier for each skill (same order as `skills`).
    pub handle_factor: Vec<f64>,
    /// Wait a call of each skill must have before this group takes it.
    pub answer_after_s: Vec<f64>,
    /// The group's own handle-time distribution per skill (`None`: the
    /// call type's), in the order of `skills`.
    pub handle: Vec<Option<Distribution>>,
    pub reserve: Option<Reserve>,
    /// Chats an agent may hold at once (1 when not given).
    pub max_chats: u16,
    /// Handle-time factor of a chat while its agent holds 1, 2, … chats
    /// (`max_chats` of them; all 1 when not given).
    pub chat_handle_factor: Vec<f64>,
    /// A free agent takes the first of its skills (in `skills` order) with
    /// someone waiting, whatever the priorities (`takes = "skill_order"`).
    pub takes_in_skill_order: bool,
}

/// The targets a call type sets for itself; `None`: the `[targets]` one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct OwnTargets {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_level: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_abandon: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_asa_s: Option<f64>,
}

impl OwnTargets {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Targets {
    /// Share answered within `answer_within_s`.
    pub service_level: Option<f64>,
    pub answer_within_s: f64,
    pub max_abandon: Option<f64>,
    pub max_asa_s: Option<f64>,
    /// Largest occupancy of each group in each interval (used by `callsim staff`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_occupancy: Option<f64>,
    pub basis: ServiceLevelBasis,
}

/// One shift pattern with one start time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShiftPattern {
    /// The name given, with the start time when the table lists several.
    pub name: String,
    /// Clock time of the start, minutes after midnight.
    pub start_min: u32,
    pub length_min: f64,
    /// (minutes after the start, length in minutes), in order, not overlapping.
    pub breaks: Vec<(f64, f64)>,
    /// Breaks the shift MIP places inside a window, each agent's where it
    /// covers best; they overlap no fixed break nor each other.
    pub break_windows: Vec<BreakWindow>,
    pub cost: f64,
    /// `None`: the pattern is open to every agent group.
    pub group: Option<usize>,
    /// The `[[shift]]` table the pattern comes from: its limits hold for
    /// all the table's patterns together.
    pub table: usize,
    /// The fewest and the most agents on the table's shifts, in each group's schedule.
    pub min_agents: Option<u32>,
    pub max_agents: Option<u32>,
    /// Days off a week for each agent (0: the pattern is planned day by day).
    pub days_off: u32,
    /// The days off come together (Sunday and Monday count as together).
    pub consecutive_days_off: bool,
    /// Field path of the pattern's table, for messages.
    pub field: String,
    /// Line of `field` in the scenario file, for messages after validation.
    #[serde(skip)]
    pub line: Option<usize>,
}

/// A break placed by the shift MIP: it starts from `earliest_after_min` to
/// `latest_after_min` after the shift's start, every interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BreakWindow {
    pub earliest_after_min: f64,
    pub latest_after_min: f64,
    pub length_min: f64,
}

impl BreakWindow {
    /// The break's possible starts, minutes after the shift's start: every
    /// `step_min` from the earliest, and the latest.
    pub fn starts(&self, step_min: f64) -> Vec<f64> {
        let mut starts = Vec::new();
        let mut at = self.earliest_after_min;
        while at < self.latest_after_min - 1e-9 {
            starts.push(at);
            at += step_min;
        }
        starts.push(self.latest_after_min);
        starts
    }
}

/// Paid time off the phones, as shares of paid time (0.1 = 10 %).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Shrinkage {
    pub absenteeism: f64,
    pub breaks: f64,
    pub training: f64,
}

impl Shrinkage {
    /// The total share of paid time lost: the percentages add up.
    pub fn total(&self) -> f64 {
        self.absenteeism + self.breaks + self.training
    }
}

impl Scenario {
    /// Call type `c`'s service-level threshold, seconds: its own, an
    /// e-mail's window, else the targets'.
    pub fn answer_within_s(&self, c: usize) -> f64 {
        let call_type = &self.call_types[c];
        match call_type.email {
            Some(email) => email.answer_within_s,
            None => call_type
                .answer_within_s
                .unwrap_or(self.targets.answer_within_s),
        }
    }

    /// The targets call type `c` is judged on: its own where it sets them,
    /// else `[targets]`', with its own service-level threshold.
    pub fn targets_of(&self, c: usize) -> Targets {
        let own = self.call_types[c].own_targets;
        let t = self.targets;
        Targets {
            service_level: own.service_level.or(t.service_level),
            answer_within_s: self.answer_within_s(c),
            max_abandon: own.max_abandon.or(t.max_abandon),
            max_asa_s: own.max_asa_s.or(t.max_asa_s),
            ..t
        }
    }

    /// The targets of each call scope's call type, then `[targets]` for all
    /// call types together (as [`crate::kpi::KpiMoments`] judges the days).
    pub fn scope_targets(&self) -> Vec<Targets> {
        (0..self.call_types.len())
            .map(|c| self.targets_of(c))
            .chain(std::iter::once(self.targets))
            .collect()
    }

    /// Whether any call type sets targets of its own.
    pub fn has_own_targets(&self) -> bool {
        self.call_types.iter().any(|c| !c.own_targets.is_empty())
    }

    /// Loads and validates a scenario file.
    pub fn from_path(path: &Path) -> Result<Self, ScenarioError> {
        Self::from_path_with_overrides(path, &[])
    }

    /// Loads a scenario file, applies `PATH=VALUE` overrides, then validates.
    pub fn from_path_with_overrides(
        path: &Path,
        overrides: &[String],
    ) -> Result<Self, ScenarioError> {
        Self::from_path_with(path, overrides, None)
    }

    /// Loads a scenario file, applies `PATH=VALUE` overrides, takes the
    /// volumes (and AHTs) of the call types `forecast` names from it, then
    /// validates.
    pub fn from_path_with(
        path: &Path,
        overrides: &[String],
        forecast: Option<&Path>,
    ) -> Result<Self, ScenarioError> {
        let forecast = forecast
            .map(forecast_input::load)
            .transpose()
            .map_err(ScenarioError::invalid)?;
        let bytes = file::read_bounded(path, file::MAX_SCENARIO_BYTES).map_err(|source| {
            ScenarioError::Read {
                path: path.to_path_buf(),
                source,
            }
        })?;
        let source = path.display().to_string();
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            ScenarioError::invalid(LocatedError {
                location: Location {
                    file: source.clone(),
                    line: Some(valid.iter().filter(|&&b| b == b'\n').count() + 1),
                    field: String::new(),
                    from_override: false,
                },
                message: "the file is not UTF-8 text (save it as UTF-8)".into(),
            })
        })?;
        Self::from_toml_with(&text, &source, overrides, forecast.as_ref())
    }

    /// Parses and validates scenario text; `source` names it in messages,
    /// and a call type's `volume_file` is found from its folder.
    pub fn from_toml(
        text: &str,
        source: &str,
        overrides: &[String],
    ) -> Result<Self, ScenarioError> {
        Self::from_toml_with(text, source, overrides, None)
    }

    fn from_toml_with(
        text: &str,
        source: &str,
        overrides: &[String],
        forecast: Option<&forecast_input::Loaded>,
    ) -> Result<Self, ScenarioError> {
        // Before anything is built from the text: its line index alone
        // would take gigabytes for a file of millions of tables.
        if let Some(message) = validate::too_costly_to_parse(text) {
            return Err(ScenarioError::invalid(LocatedError {
                location: Location {
                    file: printable(source),
                    line: None,
                    field: String::new(),
                    from_override: false,
                },
                message,
            }));
        }
        let index = LineIndex::new(text);
        let at = |field: &str, line: Option<usize>, message: String, overridden: &[Override]| {
            let within = |inner: &str, outer: &str| {
                inner == outer
                    || inner.starts_with(&format!("{outer}."))
                    || inner.starts_with(&format!("{outer}["))
            };
            // `--set simulation.foo.bar=1` creates `simulation.foo`, which the
            // file does not have: an error there is the override's too, as is
            // one in the table a `--set …=none` took a key out of (`missing
            // field handle` at `call_type[0]`).
            let from_override = overridden.iter().any(|o| {
                within(field, &o.path)
                    || (!field.is_empty()
                        && within(&o.path, field)
                        && (o.removed || !index.has(field)))
            });
            // Keys and values echoed from the file may hold a newline or a
            // terminal escape: the message stays one printable line.
            LocatedError {
                location: Location {
                    file: printable(source),
                    line: if from_override {
                        None
                    } else {
                        line.or_else(|| index.line_of(field))
                    },
                    field: printable(field),
                    from_override,
                },
                message: printable(&message),
            }
        };
        if text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            return Err(ScenarioError::invalid(at(
                "",
                None,
                "the scenario is empty: it needs a [simulation] table, at least one [[call_type]] and one [[agent_group]]".into(),
                &[],
            )));
        }
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let (field, line, message) = toml_error(&e, text, &index);
            let message = if looks_like_csv(text) {
                format!(
                    "not valid TOML: {message}; this looks like a forecast CSV, not a scenario: give a scenario and this file with --forecast, or as a call type's volume_file"
                )
            } else {
                format!("not valid TOML: {message}")
            };
            ScenarioError::invalid(at(&field, line, message, &[]))
        })?;
        let mut document = toml::Value::Table(table);
        let mut overridden = Vec::with_capacity(overrides.len());
        for text in overrides {
            overridden.push(apply_override(&mut document, text)?);
        }
        let rescaled = ivr_shares::renormalise(&mut document, overrides, &overridden)?;
        let base = Path::new(source)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let expanded = forecast_input::expand(&mut document, base, forecast).map_err(|errors| {
            let errors: Vec<LocatedError> = errors
                .into_iter()
                .map(|e| match e {
                    forecast_input::ExpandError::InScenario { field, message } => {
                        at(&field, None, message, &overridden)
                    }
                    forecast_input::ExpandError::InForecast(located) => located,
                })
                .collect();
            ScenarioError::Invalid {
                count: errors.len(),
                errors,
            }
        })?;
        let raw: RawScenario = serde_path_to_error::deserialize(document.clone()).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            let message = one_line(&e.inner().to_string());
            // serde's "in `table`" suffix repeats the field path we print first.
            let message = match message.rfind("; in `") {
                Some(cut) => message[..cut].to_string(),
                None => message,
            };
            // A list where a table belongs (`handle = [1]`): serde reads the
            // list's first item as the table's first field and blames it.
            let listed_table = path
                .strip_suffix("[0]")
                .filter(|parent| {
                    message.ends_with("expected string only")
                        && TABLE_KEYS.contains(&parent.rsplit('.').next().unwrap_or(parent))
                })
                .map(str::to_string);
            let (path, message) = match listed_table {
                Some(parent) => {
                    let message = plain_serde_message(
                        &parent,
                        if DISTRIBUTION_KEYS.contains(&parent.rsplit('.').next().unwrap_or("")) {
                            "invalid type: sequence, expected struct RawDistribution"
                        } else {
                            "invalid type: sequence, expected struct RawTable"
                        },
                    );
                    (parent, message)
                }
                None => {
                    let message = plain_serde_message(&path, &message);
                    (path, message)
                }
            };
            ScenarioError::invalid(at(&path, None, message, &overridden))
        })?;
        let mut scenario = validate::validate(&raw, source, document).map_err(|errors| {
            let (kept, count) = errors.into_parts();
            let mut errors: Vec<LocatedError> = kept
                .into_iter()
                .map(|e| {
                    let message = match expanded.file_of(&e.field) {
                        Some(file) => format!("{} (values read from {file})", e.message),
                        None => e.message,
                    };
                    at(&e.field, None, message, &overridden)
                })
                .collect();
            // As a compiler lists them; an override's (no line) first.
            errors.sort_by_key(|e| e.location.line);
            ScenarioError::Invalid { errors, count }
        })?;
        for pattern in &mut scenario.shifts {
            pattern.line = index.line_of(&pattern.field);
        }
        scenario.simulation.forecast_first_date = expanded.first_date;
        scenario.warnings.extend(rescaled);
        Ok(scenario)
    }

    /// `file:line: shift[i]…`: where `pattern` is written.
    pub fn pattern_location(&self, pattern: &ShiftPattern) -> String {
        Location {
            file: self.source.clone(),
            line: pattern.line,
            field: pattern.field.clone(),
            from_override: false,
        }
        .to_string()
    }

    /// `file:line: shift[i].start`: where the first shift pattern open to
    /// agent group `group` is written, for messages about the group's shifts.
    pub fn shifts_location(&self, group: usize) -> String {
        let pattern = self
            .shifts
            .iter()
            .find(|p| p.group.is_none_or(|g| g == group))
            .or(self.shifts.first());
        match pattern {
            Some(p) => Location {
                file: self.source.clone(),
                line: p.line,
                field: p.field.clone(),
                from_override: false,
            }
            .to_string(),
            None => format!("{}: shift", self.source),
        }
    }
}

/// A first line like a CSV header (`interval;calls`): separators, no `=`
/// and no `[table]`.
fn looks_like_csv(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.contains([';', ',', '\t']) && !l.contains('=') && !l.starts_with('['))
}

/// Where a TOML syntax error is (field path, line) and what it says, in the
/// words a scenario's author reads.
fn toml_error(
    e: &toml::de::Error,
    text: &str,
    index: &LineIndex,
) -> (String, Option<usize>, String) {
    let line = e.span().map(|s| index.line_of_offset(s.start));
    let field = e
        .span()
        .and_then(|s| index.path_at(s.start))
        .unwrap_or_default();
    let mut message = one_line(e.message());
    let line = line.or_else(|| {
        (message == "recursion limit")
            .then(|| most_dotted_key_line(text))
            .flatten()
    });
    if message.contains("value was too large") || message.contains(" as i128, expected") {
        message = TOO_LARGE.into();
    } else if message == "recursion limit" {
        message = format!(
            "a key has more than {MAX_KEY_PARTS} dotted parts (a.b.c…): write nested tables"
        );
    } else if message.starts_with("cannot recurse further") {
        message = "lists or tables are nested too deeply inside each other".into();
    } else if message.starts_with("duplicate key")
        && let Some(key) = e
            .span()
            .and_then(|s| text.get(s))
            .filter(|k| !k.trim().is_empty())
    {
        message = format!("`{}` is given twice", key.trim());
    }
    (field, line, message)
}

/// Keys whose value is a distribution table.
const DISTRIBUTION_KEYS: [&str; 5] = ["handle", "patience", "after_call_work", "delay", "prompt"];
/// Keys whose value is a table (distributions included).
const TABLE_KEYS: [&str; 13] = [
    "handle",
    "patience",
    "after_call_work",
    "delay",
    "prompt",
    "reserve",
    "retry",
    "recontact",
    "callback",
    "simulation",
    "targets",
    "routing",
    "trunks",
];
/// The lists of tables, written `[[name]]`.
const TABLE_LISTS: [&str; 5] = ["call_type", "agent_group", "entry", "ivr_node", "shift"];

const TOO_LARGE: &str = "the number is too large: TOML integers go up to 9223372036854775807";

/// The most parts of a dotted key the TOML parser takes (its recursion limit).
const MAX_KEY_PARTS: usize = 80;

/// The line whose key (`a.b.c = …` or `[a.b.c]`) has the most dots outside
/// quotes: where the parser's recursion limit, reported without a place, was hit.
fn most_dotted_key_line(text: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let mut dots = 0;
            let mut quote = None;
            for c in line.chars() {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '.') => dots += 1,
                    (None, '=' | '#' | ']') => break,
                    _ => {}
                }
            }
            (dots, i + 1)
        })
        .filter(|&(dots, _)| dots + 1 >= MAX_KEY_PARTS)
        .max_by_key(|&(dots, line)| (dots, std::cmp::Reverse(line)))
        .map(|(_, line)| line)
}

/// The names an enumerated key takes, by the key's name.
fn names_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "dist" => {
            "\"exponential\", \"lognormal\", \"gamma\", \"erlang\", \"weibull\", \"uniform\", \"constant\", \"empirical\""
        }
        "after_close" => "\"serve\", \"drop\"",
        "agent_selection" => "\"longest_idle\", \"fewest_calls\", \"least_flexible\"",
        "service_level_basis" => "\"offered\", \"answered\", \"exclude-short-abandons\"",
        "outcome" => "\"self_service\", \"hang_up\"",
        _ => return None,
    })
}

/// serde's words for what it found, in the scenario's words.
fn plain_unexpected(found: &str) -> String {
    match found {
        "sequence" => "a list".into(),
        "map" => "a table".into(),
        _ => {
            // `integer `7``, `floating point `1.5``, `boolean `true``, `string "x"`.
            let value = found
                .split_once(' ')
                .filter(|(kind, _)| ["integer", "floating", "boolean"].contains(kind))
                .map(|(_, rest)| rest.trim_start_matches("point ").trim_matches('`'));
            match (value, found.strip_prefix("string ")) {
                (Some(v), _) => v.to_string(),
                (None, Some(text)) => format!("the text {text}"),
                _ => found.to_string(),
            }
        }
    }
}

/// serde speaks of Rust types; a planner needs the scenario's words.
fn plain_serde_message(path: &str, message: &str) -> String {
    if TABLE_LISTS.contains(&path) && message.starts_with("invalid type") {
        return if message.contains("invalid type: map, expected a sequence") {
            format!("write [[{path}]] (one table per entry), not [{path}]")
        } else {
            format!("expected [[{path}]] tables (one per entry)")
        };
    }
    let key = path.rsplit(['.', ']']).next().unwrap_or(path);
    if let Some(names) = names_of(key)
        && (message.starts_with("invalid type") || message.starts_with("wanted exactly 1 element"))
    {
        let what = if key == "dist" {
            "a distribution name"
        } else {
            "a name"
        };
        return format!("expected {what} in quotes: one of {names}");
    }
    if message.contains("as i128, expected any valid TOML value") {
        return TOO_LARGE.into();
    }
    // A list where a table belongs: serde counts the list's items.
    if message.starts_with("invalid length") && message.contains("expected struct RawDistribution")
    {
        return plain_serde_message(
            path,
            "invalid type: sequence, expected struct RawDistribution",
        );
    }
    if message.starts_with("invalid length") && message.contains("expected struct ") {
        return "expected a table, got a list".into();
    }
    // `invalid type: sequence, expected a string` → `expected …, got a list`:
    // serde's sequence and map are the scenario's lists and tables.
    if let Some((found, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|m| m.split_once(", expected "))
        && (found == "sequence" || found == "map")
    {
        let expected = plain_serde_message(path, &format!("invalid type: x, expected {expected}"));
        let expected = expected
            .strip_prefix("invalid type: x, ")
            .unwrap_or(&expected);
        return format!("{expected}, got {}", plain_unexpected(found));
    }
    let list_example = if ["skills", "groups", "for"].contains(&key) {
        "expected a list, e.g. [\"support\"]"
    } else {
        "expected a list"
    };
    let mut message = message
        .replace("expected u64", "expected a whole number >= 0")
        .replace("expected u32", "expected a whole number >= 0")
        .replace("expected i64", "expected a whole number")
        .replace("expected i32", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("expected a boolean", "expected true or false")
        .replace("expected a map", "expected a table")
        .replace("expected a sequence", list_example)
        .replace(
            "expected struct RawDistribution",
            "expected a distribution, e.g. { dist = \"exponential\", mean_s = 240 }",
        )
        .replace("expected variant identifier", "expected a name in quotes")
        .replace(
            "invalid type: unit variant, expected string only",
            "expected a name in quotes",
        )
        .replace("unknown variant", "unknown name");
    if let Some(at) = message.find("expected struct ") {
        message.replace_range(at.., "expected a table");
    }
    message
}

fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Applies `PATH=VALUE` (e.g. `call_type[0].patience.mean_s=90`) and returns PATH.
///
/// VALUE is read as a TOML value (`90`, `[1, 2]`, `"text"`); anything that is
/// not valid TOML is taken as a string, except a bare `none`, which removes
/// the setting (`"none"` in quotes is the text).
fn apply_override(document: &mut toml::Value, text: &str) -> Result<Override, ScenarioError> {
    let bad = |message: String| ScenarioError::BadOverride {
        text: printable(text),
        message: printable(&message),
    };
    let (path, value_text) = text
        .split_once('=')
        .ok_or_else(|| bad("expected PATH=VALUE, e.g. simulation.replications=100".into()))?;
    let path = path.trim();
    // A bare `none` removes the setting: no value to read.
    let value = match value_text.trim() {
        "none" => None,
        text => Some(
            match toml::from_str::<toml::Table>(&format!("value = {text}")) {
                Ok(mut parsed) => parsed.remove("value").expect("the key just written"),
                Err(_) if looks_like_integer(text) => return Err(bad(TOO_LARGE.into())),
                Err(_) => toml::Value::String(text.to_string()),
            },
        ),
    };
    let segments = parse_path(path).map_err(bad)?;
    let (last, parents) = segments
        .split_last()
        .ok_or_else(|| bad("the path is empty".into()))?;
    let Some(value) = value else {
        remove_setting(document, parents, last, path).map_err(bad)?;
        return Ok(Override {
            path: path.to_string(),
            removed: true,
        });
    };
    let mut current = document;
    let mut walked = String::new();
    for segment in parents {
        current = step(current, segment, &walked).map_err(&bad)?;
        walked.push_str(&segment.to_string_with_dot(walked.is_empty()));
    }
    match (last, current) {
        (Segment::Key(k), toml::Value::Table(t)) => {
            t.insert(k.clone(), value);
        }
        (Segment::Index(i), toml::Value::Array(items)) => {
            let len = items.len();
            *items.get_mut(*i).ok_or_else(|| {
                bad(format!(
                    "{walked} has {len} entries, so [{i}] does not exist"
                ))
            })? = value;
        }
        (segment, _) => {
            return Err(bad(format!(
                "{walked} is not a {}",
                if matches!(segment, Segment::Key(_)) {
                    "table"
                } else {
                    "list"
                }
            )));
        }
    }
    Ok(Override {
        path: path.to_string(),
        removed: false,
    })
}

/// An applied `--set`: its path, and whether it took the setting out.
struct Override {
    path: String,
    removed: bool,
}

/// `PATH=none`: takes the key (an optional table such as `trunks`, a
/// setting such as `call_type[0].patience`) or the list entry (`shift[2]`)
/// out of the scenario, as if the file never had it. Nothing is created on
/// the way, and a path that is not there is an error (a misspelt key would
/// otherwise remove nothing in silence).
fn remove_setting(
    document: &mut toml::Value,
    parents: &[Segment],
    last: &Segment,
    path: &str,
) -> Result<(), String> {
    let absent = || format!("{path} is not in the scenario, so there is nothing to remove");
    let mut current = document;
    for segment in parents {
        current = match (segment, current) {
            (Segment::Key(k), toml::Value::Table(t)) => t.get_mut(k).ok_or_else(absent)?,
            (Segment::Index(i), toml::Value::Array(items)) => {
                items.get_mut(*i).ok_or_else(absent)?
            }
            _ => return Err(absent()),
        };
    }
    match (last, current) {
        (Segment::Key(k), toml::Value::Table(t)) => t.remove(k).map(drop).ok_or_else(absent),
        (Segment::Index(i), toml::Value::Array(items)) if *i < items.len() => {
            items.remove(*i);
            Ok(())
        }
        _ => Err(absent()),
    }
}

/// `-123_456`: an integer TOML refuses only for its size.
fn looks_like_integer(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '_')
}

#[derive(Debug, Clone)]
enum Segment {
    Key(String),
    Index(usize),
}

impl Segment {
    fn to_string_with_dot(&self, first: bool) -> String {
        match self {
            Segment::Key(k) if first => k.clone(),
            Segment::Key(k) => format!(".{k}"),
            Segment::Index(i) => format!("[{i}]"),
        }
    }
}

fn parse_path(path: &str) -> Result<Vec<Segment>, String> {
    let mut segments = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(at) => (&part[..at], &part[at..]),
            None => (part, ""),
        };
        if key.is_empty() {
            return Err(format!(
                "`{path}` is not a field path like call_type[0].patience.mean_s"
            ));
        }
        segments.push(Segment::Key(key.to_string()));
        while !rest.is_empty() {
            let close = rest
                .find(']')
                .ok_or_else(|| format!("`{path}` has an unclosed ["))?;
            let index = rest[1..close]
                .parse()
                .map_err(|_| format!("`{}` is not a list index", &rest[1..close]))?;
            segments.push(Segment::Index(index));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(format!(
                    "`{path}` is not a field path like call_type[0].patience.mean_s"
                ));
            }
        }
    }
    Ok(segments)
}

/// One step down the path; a missing table on the way is created (the file
/// may omit an optional table such as `[targets]`).
fn step<'a>(
    current: &'a mut toml::Value,
    segment: &Segment,
    walked: &str,
) -> Result<&'a mut toml::Value, String> {
    match (segment, current) {
        (Segment::Key(k), toml::Value::Table(t)) => Ok(t
            .entry(k.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))),
        (Segment::Index(i), toml::Value::Array(items)) => {
            let len = items.len();
            items
                .get_mut(*i)
                .ok_or_else(|| format!("{walked} has {len} entries, so [{i}] does not exist"))
        }
        (Segment::Key(_), _) => Err(format!("{walked} is not a table")),
        (Segment::Index(_), _) => Err(format!("{walked} is not a list")),
    }
}
