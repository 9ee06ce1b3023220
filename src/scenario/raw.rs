//! The scenario file as written: serde structs mirroring the TOML, with
//! unknown keys rejected. Nothing here is checked beyond types; see `validate`.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// The parameters of a distribution as written (defined with the sampler).
pub use crate::distribution::{DistributionKind, RawDistribution};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub simulation: RawSimulation,
    #[serde(default)]
    pub arrivals: RawArrivals,
    #[serde(rename = "call_type", default)]
    pub call_types: Vec<RawCallType>,
    #[serde(rename = "agent_group", default)]
    pub agent_groups: Vec<RawAgentGroup>,
    #[serde(default)]
    pub targets: RawTargets,
    pub trunks: Option<RawTrunks>,
    #[serde(default)]
    pub routing: RawRouting,
    #[serde(rename = "entry", default)]
    pub entries: Vec<RawEntry>,
    #[serde(rename = "ivr_node", default)]
    pub ivr_nodes: Vec<RawIvrNode>,
    /// Outbound campaigns dialled in the agents' idle time.
    #[serde(rename = "outbound", default)]
    pub outbound: Vec<RawOutbound>,
    /// Allowed shift patterns, for `callsim staff`.
    #[serde(rename = "shift", default)]
    pub shifts: Vec<RawShift>,
    /// Paid time off the phones, for `callsim staff`.
    #[serde(default)]
    pub shrinkage: RawShrinkage,
}

/// A shift pattern: agents on it start at `start` (one time or a list) and
/// are paid for `length_min`, off the phones during `breaks`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawShift {
    pub name: String,
    /// "HH:MM", or a list of them (one pattern per start time).
    pub start: ShiftStarts,
    pub length_min: f64,
    #[serde(default)]
    pub breaks: Vec<RawBreak>,
    /// Cost of one agent on this shift; default: paid hours (length_min / 60).
    pub cost: Option<f64>,
    /// The agent group this pattern is for; default: every group.
    pub group: Option<String>,
    /// The fewest and the most agents the schedule may put on this table's
    /// shifts, all its start times (and days) together.
    pub min_agents: Option<f64>,
    pub max_agents: Option<f64>,
    /// Days off a week for each agent on this table's shifts (a week plan:
    /// `simulation.days` of 7 or more); the agent works the same start on
    /// the other days.
    pub days_off: Option<f64>,
    /// Whether the days off come together (the default) or may be apart.
    pub consecutive_days_off: Option<bool>,
    /// The most paid hours a week an agent on this table may work: sets the
    /// days off when `days_off` is not given, bounds them when it is.
    pub weekly_hours: Option<f64>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawBreak {
    /// Minutes after the shift's start (a fixed break).
    pub after_min: Option<f64>,
    /// Clock times ["HH:MM", "HH:MM"] the break falls within: the MIP
    /// places each agent's break there (instead of `after_min`).
    pub window: Option<Vec<String>>,
    pub length_min: f64,
}

/// Lines into the center: calls in the IVR, waiting or talking hold one.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrunks {
    pub lines: i64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawShrinkage {
    #[serde(default)]
    pub absenteeism_pct: f64,
    /// Breaks not written into the shift patterns (those are planned exactly).
    #[serde(default)]
    pub breaks_pct: f64,
    #[serde(default)]
    pub training_pct: f64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRouting {
    #[serde(default)]
    pub agent_selection: RawAgentSelection,
    /// Priority points a waiting call gains per minute of waiting.
    #[serde(default)]
    pub aging_per_min: f64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RawAgentSelection {
    #[default]
    LongestIdle,
    FewestCalls,
    LeastFlexible,
    RandomByIdle,
}

/// Callers who hang up or find every line busy call again.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRetry {
    pub prob_pct: f64,
    pub delay: RawDistribution,
    /// The call type the caller tries next time (default: the same): a
    /// caller who gave up on the phone writes an e-mail.
    pub to: Option<String>,
}

/// Answered callers whose problem was not solved call again.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecontact {
    pub fcr_pct: f64,
    pub delay: RawDistribution,
}

/// Virtual hold: offer a callback when the expected wait is long.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCallback {
    pub offer_when_wait_s: f64,
    pub accept_pct: f64,
    pub deadline_min: f64,
}

/// Balking: callers who find `when_waiting` or more callers of their type
/// waiting leave at once with probability `prob_pct`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawBalk {
    /// Read as a TOML integer so that 2.5 callers get a clear message.
    pub when_waiting: i64,
    pub prob_pct: f64,
}

/// An entry number: its own volume, answered by an IVR menu.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    pub name: String,
    #[serde(default, deserialize_with = "PerInterval::calls")]
    pub calls_per_interval: Option<PerInterval>,
    #[serde(default, deserialize_with = "PerInterval::calls_per_hour")]
    pub calls_per_hour: Option<PerInterval>,
    /// The first IVR node callers hear.
    pub ivr: String,
    pub retry: Option<RawRetry>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawIvrNode {
    pub name: String,
    /// Time the caller spends in this node before choosing.
    pub prompt: RawDistribution,
    pub options: Vec<RawIvrOption>,
}

/// One way out of an IVR node: exactly one of `next`, `queue`, `outcome`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawIvrOption {
    pub prob_pct: f64,
    pub next: Option<String>,
    pub queue: Option<String>,
    pub outcome: Option<RawIvrOutcome>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RawIvrOutcome {
    SelfService,
    HangUp,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    /// Read as a TOML integer so that a negative seed gets a clear message.
    pub seed: i64,
    #[serde(default = "default_replications")]
    pub replications: i64,
    #[serde(default = "default_interval_min")]
    pub interval_min: f64,
    pub intervals: Option<i64>,
    /// Clock time of the first interval's start, "HH:MM".
    pub open: Option<String>,
    /// Clock time of the last interval's end, "HH:MM" (sets the number of intervals).
    pub close: Option<String>,
    /// Days the scenario covers, each from `open` to `close` (the nights
    /// between closed); per-interval lists then give every day's values, or
    /// one day's for every day.
    pub days: Option<i64>,
    /// The weekday of the first interval ("Mon" … "Sun", or "seg" … "dom"):
    /// interval labels then name their day ("Tue 08:00", "ter 08:00").
    pub first_day: Option<String>,
    #[serde(default)]
    pub warmup_min: f64,
    #[serde(default = "default_confidence")]
    pub confidence_pct: f64,
    #[serde(default)]
    pub after_close: RawAfterClose,
    /// How ratio KPIs are estimated across replications.
    #[serde(default)]
    pub estimator: crate::stats::Estimator,
    /// Accept call types that no agent group serves (they wait or abandon), with a warning.
    #[serde(default)]
    pub allow_unserved: bool,
}

fn default_replications() -> i64 {
    30
}
fn default_interval_min() -> f64 {
    30.0
}
fn default_confidence() -> f64 {
    95.0
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RawAfterClose {
    /// Calls waiting at closing time are still served (and counted); no new calls arrive.
    #[default]
    Serve,
    /// Calls waiting at closing time are dropped and counted as such.
    Drop,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawArrivals {
    /// Coefficient of variation of a gamma "busyness" factor drawn once per
    /// replication and multiplying every call type's volume (0 = pure Poisson).
    #[serde(default)]
    pub day_factor_cv: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCallType {
    pub name: String,
    #[serde(default, deserialize_with = "PerInterval::calls")]
    pub calls_per_interval: Option<PerInterval>,
    #[serde(default, deserialize_with = "PerInterval::calls_per_hour")]
    pub calls_per_hour: Option<PerInterval>,
    /// A forecast CSV with this call type's volume (and AHT) per interval;
    /// read and replaced by `calls_per_interval` (and `aht_s`) before the
    /// table is read (see `scenario::forecast_input`), so always `None` here.
    pub volume_file: Option<String>,
    pub handle: RawDistribution,
    /// Mean handle time (talk + after-call work) per interval, seconds: the
    /// distributions keep their shape and are scaled to it.
    #[serde(default, deserialize_with = "PerInterval::seconds")]
    pub aht_s: Option<PerInterval>,
    /// Omitted: callers never hang up.
    pub patience: Option<RawDistribution>,
    pub after_call_work: Option<RawDistribution>,
    /// Higher is served first.
    #[serde(default)]
    pub priority: i64,
    /// Groups to try for a new call, in order (default: file order).
    pub groups: Option<Vec<String>>,
    pub retry: Option<RawRetry>,
    pub recontact: Option<RawRecontact>,
    pub callback: Option<RawCallback>,
    pub balk: Option<RawBalk>,
    /// The most callers of this type that may wait; one more gets a busy signal.
    pub max_waiting: Option<i64>,
    /// Share of the volume removed by proactive notifications.
    #[serde(default, deserialize_with = "PerInterval::percentages")]
    pub proactive_pct: Option<PerInterval>,
    /// How the contacts come: phone calls (the default) or chats.
    #[serde(default)]
    pub channel: RawChannel,
    /// Priority points this type's waiting calls gain per minute (in place
    /// of `[routing] aging_per_min`).
    pub aging_per_min: Option<f64>,
    /// Voice and chat: this type's service-level threshold, seconds (in
    /// place of `[targets] answer_within_s`).
    pub answer_within_s: Option<f64>,
    /// E-mail: the window, in hours, an e-mail should be opened within.
    pub answer_within_h: Option<f64>,
    /// E-mail: hours after which an unopened e-mail expires (default: never).
    pub expire_after_h: Option<f64>,
    /// E-mail: how many wait when the first day opens.
    pub backlog_start: Option<i64>,
    /// Share of the answered contacts transferred, at the end of the talk,
    /// to each call type named (the same caller, queued there).
    #[serde(default)]
    pub transfer_pct: std::collections::BTreeMap<String, f64>,
    /// This type's own targets, each in place of `[targets]`'.
    pub targets: Option<RawOwnTargets>,
}

/// A call type's `targets`: those of `[targets]` that a type may set for
/// itself (the threshold is the type's `answer_within_s` / `answer_within_h`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawOwnTargets {
    pub service_level_pct: Option<f64>,
    pub max_abandon_pct: Option<f64>,
    pub max_asa_s: Option<f64>,
}

/// An outbound campaign: dials while more than `dial_when_idle_agents_above`
/// agents of its groups are idle.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutbound {
    pub name: String,
    /// The groups whose agents take the reached parties, in the order tried.
    pub groups: Vec<String>,
    pub dial_when_idle_agents_above: i64,
    /// Ringing time of a dial until it is answered or given up.
    pub ring: RawDistribution,
    /// Share of dials a person answers.
    pub reach_pct: f64,
    /// Talk time of a connected call.
    pub handle: RawDistribution,
    pub after_call_work: Option<RawDistribution>,
    /// Records to dial over the whole scenario (default: as many as it
    /// takes); with `leads_per_hour`, the records on the list at the start.
    pub list_size: Option<i64>,
    /// New records joining the list per hour, around the clock (a Poisson
    /// stream of leads: web forms, expiring contracts).
    pub leads_per_hour: Option<f64>,
    /// How long a reached party waits for an agent before the dialer drops
    /// it as a nuisance call (default 0: at once).
    pub connect_within_s: Option<f64>,
    /// Target: nuisance calls at most this share of the reached parties.
    pub max_nuisance_pct: Option<f64>,
}

/// The channel of a call type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RawChannel {
    #[default]
    Voice,
    Chat,
    Email,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgentGroup {
    pub name: String,
    /// Read as numbers, so that 2.5 agents get a clear message.
    #[serde(deserialize_with = "PerInterval::agents")]
    pub agents: PerInterval,
    /// Call type names this group serves, in preference order.
    pub skills: Vec<String>,
    /// Proficiency: handle-time multiplier per skill (default 1).
    #[serde(default)]
    pub handle_factor: std::collections::BTreeMap<String, f64>,
    /// Delayed overflow: take calls of a skill only once they waited this long.
    #[serde(default)]
    pub answer_after_s: std::collections::BTreeMap<String, f64>,
    /// This group's own handle-time distribution per skill, in place of
    /// the call type's (voice and e-mail skills).
    #[serde(default)]
    pub handle: std::collections::BTreeMap<String, RawDistribution>,
    pub reserve: Option<RawReserve>,
    /// Chats an agent may hold at once (default 1). Read as a TOML integer
    /// so that 2.5 gets a clear message.
    pub max_chats: Option<i64>,
    /// Handle-time factor of a chat while its agent holds 1, 2, … chats.
    pub chat_handle_factor: Option<Vec<f64>>,
    /// What a free agent takes: the highest priority (default) or the first
    /// skill in its list with someone waiting.
    #[serde(default)]
    pub takes: RawTakes,
}

/// How a free agent of a group picks among its skills' waiting contacts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RawTakes {
    #[default]
    Priority,
    SkillOrder,
}

/// Keep `agents` idle agents for calls of the `for` types.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawReserve {
    pub agents: i64,
    #[serde(rename = "for")]
    pub for_types: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    pub service_level_pct: Option<f64>,
    /// The T of "X % answered within T seconds"; also the reported SL's threshold.
    pub answer_within_s: Option<f64>,
    pub max_abandon_pct: Option<f64>,
    pub max_asa_s: Option<f64>,
    /// Largest share of agents' time on calls, per group and interval (`callsim staff`).
    pub max_occupancy_pct: Option<f64>,
    #[serde(default)]
    pub service_level_basis: RawServiceLevelBasis,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawServiceLevelBasis {
    #[default]
    Offered,
    Answered,
    ExcludeShortAbandons,
}

/// A number for every interval, or a list with one number per interval
/// (volumes, agents, percentages). Their count is checked in validation,
/// against the day's intervals.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PerInterval {
    One(f64),
    List(Vec<f64>),
}

impl PerInterval {
    pub(crate) fn calls<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Self::read(d, "a number of calls").map(Some)
    }

    pub(crate) fn calls_per_hour<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Self>, D::Error> {
        Self::read(d, "a number of calls per hour").map(Some)
    }

    pub(crate) fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Self::read(d, "a number of seconds").map(Some)
    }

    pub(crate) fn percentages<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        Self::read(d, "a percentage").map(Some)
    }

    pub(crate) fn agents<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::read(d, "a whole number of agents")
    }

    /// `what` names one value in messages, e.g. "a number of calls".
    fn read<'de, D: Deserializer<'de>>(d: D, what: &'static str) -> Result<Self, D::Error> {
        one_or_list(d, Number { what })
    }
}

/// Shift start times: "HH:MM", or a list of them. A TOML time
/// (`start = 08:00`) reaches serde as its text ("08:00:00"); the clock times
/// are checked in validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ShiftStarts {
    One(String),
    List(Vec<String>),
}

impl<'de> Deserialize<'de> for ShiftStarts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_or_list(d, ClockTime)
    }
}

/// What one value of a one-or-list key must be.
trait Item: Copy {
    type Value;
    type Whole;
    /// e.g. "a number of calls": the item's type, for messages.
    fn expected(self) -> &'static str;
    /// The same for the key as a whole, which may be a list.
    fn expected_one_or_list(self) -> String;
    /// The value, when `found` has the item's type.
    fn take(self, found: Found) -> Result<Self::Value, Found>;
    fn one(value: Self::Value) -> Self::Whole;
    fn list(values: Vec<Self::Value>) -> Self::Whole;
}

#[derive(Clone, Copy)]
struct Number {
    what: &'static str,
}

impl Item for Number {
    type Value = f64;
    type Whole = PerInterval;
    fn expected(self) -> &'static str {
        self.what
    }
    fn expected_one_or_list(self) -> String {
        format!("{}, or a list of one per interval", self.what)
    }
    fn take(self, found: Found) -> Result<f64, Found> {
        match found {
            Found::Integer(i) => Ok(i as f64),
            Found::Float(f) => Ok(f),
            other => Err(other),
        }
    }
    fn one(value: f64) -> PerInterval {
        PerInterval::One(value)
    }
    fn list(values: Vec<f64>) -> PerInterval {
        PerInterval::List(values)
    }
}

#[derive(Clone, Copy)]
struct ClockTime;

impl Item for ClockTime {
    type Value = String;
    type Whole = ShiftStarts;
    fn expected(self) -> &'static str {
        "a time of day written HH:MM, e.g. \"08:00\""
    }
    fn expected_one_or_list(self) -> String {
        "a time of day written HH:MM (or a list of them)".into()
    }
    fn take(self, found: Found) -> Result<String, Found> {
        match found {
            Found::Text(text) => Ok(text),
            other => Err(other),
        }
    }
    fn one(value: String) -> ShiftStarts {
        ShiftStarts::One(value)
    }
    fn list(values: Vec<String>) -> ShiftStarts {
        ShiftStarts::List(values)
    }
}

/// One TOML value other than a list of items, as read.
enum Found {
    Integer(i64),
    Float(f64),
    Boolean(bool),
    /// Text, or a TOML date or time (which reaches serde as text).
    Text(String),
    Table,
    List,
}

impl Found {
    /// The value as a message names it: `the text "x"`, `7`, `a list`.
    fn words(&self) -> String {
        match self {
            Found::Integer(i) => i.to_string(),
            Found::Float(f) => f.to_string(),
            Found::Boolean(b) => b.to_string(),
            Found::Text(text) => format!("the text \"{text}\""),
            Found::Table => "a table".into(),
            Found::List => "a list".into(),
        }
    }
}

/// A one-or-list key, read.
enum OneOrList<T> {
    One(Found),
    List(Vec<T>),
}

/// Reads a one-or-list key (`list_of`: the item type) or, without
/// `list_of`, one item of its list.
struct Reader<I> {
    list_of: Option<I>,
}

impl<'de, I: Item> Visitor<'de> for Reader<I> {
    type Value = OneOrList<I::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or a list of values")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(OneOrList::One(Found::Boolean(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(OneOrList::One(Found::Integer(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(OneOrList::One(match i64::try_from(v) {
            Ok(v) => Found::Integer(v),
            Err(_) => Found::Float(v as f64),
        }))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(OneOrList::One(Found::Float(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(OneOrList::One(Found::Text(v.to_string())))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(OneOrList::One(Found::Table))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let Some(item) = self.list_of else {
            // A list inside a list: read to its end, then refused by the item.
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            return Ok(OneOrList::One(Found::List));
        };
        // The hint comes from the file: cap what is reserved before reading.
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(value) = seq.next_element_seed(InList(item))? {
            values.push(value);
        }
        Ok(OneOrList::List(values))
    }
}

/// One item of a one-or-list key's list; read as a seed, so that a bad
/// item's message names its index (`agents[2]`).
#[derive(Clone, Copy)]
struct InList<I>(I);

impl<'de, I: Item> DeserializeSeed<'de> for InList<I> {
    type Value = I::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<I::Value, D::Error> {
        let found = match d.deserialize_any(Reader::<I> { list_of: None })? {
            OneOrList::One(found) => found,
            OneOrList::List(_) => Found::List,
        };
        self.0.take(found).map_err(|found| {
            de::Error::custom(format!(
                "expected {}, got {}",
                self.0.expected(),
                found.words()
            ))
        })
    }
}

/// Reads a one-or-list key whose items are `I`.
fn one_or_list<'de, D: Deserializer<'de>, I: Item>(d: D, item: I) -> Result<I::Whole, D::Error> {
    match d.deserialize_any(Reader {
        list_of: Some(item),
    })? {
        OneOrList::List(values) => Ok(I::list(values)),
        OneOrList::One(found) => item.take(found).map(I::one).map_err(|found| {
            de::Error::custom(format!(
                "expected {}, got {}",
                item.expected_one_or_list(),
                found.words()
            ))
        }),
    }
}
