//! The KPI families (calls, agent groups, entries, targets), each defined in
//! one table: per KPI its JSON and CSV key (with its unit), its kind, how it
//! is shown (scale, decimals, the terminal's short header, its name in each
//! report language), the optional part of the model it belongs to, and its
//! formula from one replication's counters.
//!
//! A new KPI is one variant and one row here; the collector's counters it
//! reads live in [`crate::observe`]. Reports, charts and the comparison read
//! every KPI through these tables, never by its key as a string.

use serde::Serialize;

use super::{ratio, value};
use crate::erlang::ServiceLevelBasis;
use crate::observe::{CallCounters, CampaignCounters, EntryCounters};
use crate::scenario::{OwnTargets, Targets};
use crate::stats::{KpiKind, Sample, WaitHistogram};

/// What a KPI's number counts or measures; it decides how the number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Calls, callers or callbacks in a day or an interval (a mean over days).
    Calls,
    /// A share in [0, 1], shown in percent.
    Share,
    Seconds,
    /// Callers waiting at the same time.
    Queue,
    /// Agent-hours.
    Hours,
}

impl Unit {
    /// The factor from the stored value to the shown one: 100 for shares.
    pub fn scale(self) -> f64 {
        match self {
            Unit::Share => 100.0,
            _ => 1.0,
        }
    }

    /// The symbol written after a shown value: "%", "s", or "" for counts.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Share => "%",
            Unit::Seconds => "s",
            Unit::Hours => "h",
            Unit::Calls | Unit::Queue => "",
        }
    }
}

/// An optional part of the model: its KPIs are shown only where a scenario uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature {
    /// Busy signals: trunk lines (calls blocked when all are busy) or a
    /// queue capacity (`max_waiting`: calls blocked when the queue is full).
    Blocking,
    /// Callers who leave at once when they find a long queue.
    Balking,
    /// Proactive notifications that avoid calls.
    Proactive,
    /// Callers who call again: retrials or recontacts.
    Repeats,
    /// Callers not solved at the first contact.
    Recontacts,
    /// Callbacks offered to waiting callers.
    Callbacks,
    /// Entry numbers and their IVR menus.
    Ivr,
    /// E-mails (or tickets), answered within hours, the backlog carried over.
    Email,
    /// Outbound campaigns dialled in the agents' idle time.
    Outbound,
    /// Contacts transferred from one call type to another.
    Transfers,
}

/// A KPI's name in each report language (charts and HTML reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Names {
    pub en: &'static str,
    pub pt: &'static str,
}

/// One KPI, everything about it in one place. `F` is the family's formula:
/// a function of one scope's counters in one replication.
pub struct KpiDef<K, F> {
    pub kpi: K,
    /// Name in JSON and CSV, with its unit (`asa_s`).
    pub key: &'static str,
    /// A ratio of two sums, or a plain value.
    pub kind: KpiKind,
    pub unit: Unit,
    /// Decimals shown in tables (after scaling), unless a table says otherwise.
    pub decimals: usize,
    /// The terminal table's column header, with its unit (`ASA s`).
    pub header: &'static str,
    /// The header in Portuguese (`TME s`).
    pub pt_header: &'static str,
    /// The CSV column in Portuguese (`tme_s`), ASCII like `key`.
    pub pt_key: &'static str,
    /// Its name in reports and charts, without unit (`ASA` / `TME`).
    pub name: Names,
    /// The optional part of the model it reports on; `None`: always shown.
    pub feature: Option<Feature>,
    pub formula: F,
}

/// What every KPI family offers: its definition, whatever its formula reads.
pub trait Kpi: Copy + Eq + 'static {
    type Formula: 'static;

    fn def(self) -> &'static KpiDef<Self, Self::Formula>;

    /// Shown values are stored values times this: 100 for shares.
    fn scale(self) -> f64 {
        self.def().unit.scale()
    }

    fn is_share(self) -> bool {
        self.def().unit == Unit::Share
    }
}

/// Any KPI of any family, as a column of a report names the KPI it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnyKpi {
    Call(CallKpi),
    Group(GroupKpi),
    Entry(EntryKpi),
    Campaign(CampaignKpi),
}

impl AnyKpi {
    pub fn key(self) -> &'static str {
        match self {
            AnyKpi::Call(k) => k.def().key,
            AnyKpi::Group(k) => k.def().key,
            AnyKpi::Entry(k) => k.def().key,
            AnyKpi::Campaign(k) => k.def().key,
        }
    }
}

impl From<CallKpi> for AnyKpi {
    fn from(kpi: CallKpi) -> Self {
        AnyKpi::Call(kpi)
    }
}

impl From<GroupKpi> for AnyKpi {
    fn from(kpi: GroupKpi) -> Self {
        AnyKpi::Group(kpi)
    }
}

impl From<EntryKpi> for AnyKpi {
    fn from(kpi: EntryKpi) -> Self {
        AnyKpi::Entry(kpi)
    }
}

impl From<CampaignKpi> for AnyKpi {
    fn from(kpi: CampaignKpi) -> Self {
        AnyKpi::Campaign(kpi)
    }
}

/// The KPIs of a family in table order, checked at compile time to be in
/// the order of the enum (a variant's number is its row).
macro_rules! family_order {
    ($table:ident) => {{
        let mut all = [$table[0].kpi; $table.len()];
        let mut i = 0;
        while i < $table.len() {
            assert!($table[i].kpi as usize == i, "KPI table out of enum order");
            all[i] = $table[i].kpi;
            i += 1;
        }
        all
    }};
}

/// The key's row of a family, for readers of saved JSON.
fn by_key<K: Kpi>(all: &[K], key: &str) -> Option<K> {
    all.iter().copied().find(|k| k.def().key == key)
}

// ---------------------------------------------------------------- calls

/// A KPI of calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CallKpi {
    Offered,
    Answered,
    Abandoned,
    AbandonRate,
    ServiceLevel,
    Asa,
    MeanWaitAbandoned,
    WaitP50,
    WaitP80,
    WaitP90,
    WaitP95,
    WaitP99,
    Aht,
    Occupancy,
    MaxQueue,
    MeanQueue,
    DroppedAtClose,
    StillWaiting,
    Blocked,
    BlockRate,
    ProactiveAvoided,
    RepeatCalls,
    RepeatShare,
    UniqueCallers,
    Fcr,
    CallbacksOffered,
    CallbacksAccepted,
    CallbackDelay,
    CallbacksInDeadline,
    CallbacksUnserved,
    Balked,
    BalkRate,
    AnsweredInWindow,
    ResponseMean,
    ResponseP90,
    BacklogAtStart,
    BacklogAtClose,
    Transferred,
    TransferRate,
    TransfersIn,
    EndToEnd,
}

/// Time-based quantities of a scope: ∫ queue dt, observed time, the
/// largest queue, and (for all call types only) busy and present agent-time.
pub struct TimeValues {
    pub queue_s: f64,
    pub observed_s: f64,
    pub max_queue: u32,
    pub busy_present: Option<(f64, f64)>,
    /// Waiting as the interval (the day: the first) starts.
    pub waiting_at_start: Option<f64>,
    /// Waiting as the day closes: at an interval that ends a day, and for
    /// the day at the last close; `None` elsewhere.
    pub waiting_at_close: Option<f64>,
}

/// What a call KPI is computed from: one scope of one replication.
pub struct CallInputs<'a> {
    pub counters: &'a CallCounters,
    pub waits: &'a WaitHistogram,
    pub basis: ServiceLevelBasis,
    pub time: &'a TimeValues,
    /// Callers still waiting at the end: known for whole-day scopes only.
    pub still_waiting: Option<u64>,
}

impl CallInputs<'_> {
    fn offered(&self) -> f64 {
        self.counters.offered as f64
    }

    fn answered(&self) -> f64 {
        self.counters.answered as f64
    }

    /// The service level's denominator. Callers who accepted a callback left
    /// the inbound queue: the callback KPIs count them, the service level
    /// does not. Balked callers stay in it (offered, never answered within
    /// T, and not abandons, so `exclude-short-abandons` keeps them too);
    /// blocked callers were never offered.
    fn service_level_basis(&self) -> f64 {
        let c = self.counters;
        let inbound = self.offered() - c.callbacks_accepted as f64;
        match self.basis {
            ServiceLevelBasis::Offered => inbound,
            ServiceLevelBasis::Answered => self.answered(),
            ServiceLevelBasis::ExcludeShortAbandons => inbound - c.abandoned_within as f64,
        }
    }
}

type CallFormula = for<'a, 'b> fn(&'a CallInputs<'b>) -> Sample;

const fn names(en: &'static str, pt: &'static str) -> Names {
    Names { en, pt }
}

const CALLS: &[KpiDef<CallKpi, CallFormula>] = &[
    KpiDef {
        kpi: CallKpi::Offered,
        key: "offered",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "offered",
        pt_header: "recebidas",
        pt_key: "recebidas",
        name: names("offered", "recebidas"),
        feature: None,
        formula: |x| value(x.offered()),
    },
    KpiDef {
        kpi: CallKpi::Answered,
        key: "answered",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "answered",
        pt_header: "atendidas",
        pt_key: "atendidas",
        name: names("answered", "atendidas"),
        feature: None,
        formula: |x| value(x.answered()),
    },
    KpiDef {
        kpi: CallKpi::Abandoned,
        key: "abandoned",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "abandoned",
        pt_header: "abandonadas",
        pt_key: "abandonadas",
        name: names("abandoned", "abandonadas"),
        feature: None,
        formula: |x| value(x.counters.abandoned as f64),
    },
    KpiDef {
        kpi: CallKpi::AbandonRate,
        key: "abandon_rate",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 2,
        header: "abandon %",
        pt_header: "abandono %",
        pt_key: "taxa_abandono",
        name: names("abandonment rate", "taxa de abandono"),
        feature: None,
        formula: |x| ratio(x.counters.abandoned as f64, x.offered()),
    },
    KpiDef {
        kpi: CallKpi::ServiceLevel,
        key: "service_level",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 1,
        header: "SL %",
        pt_header: "NS %",
        pt_key: "nivel_servico",
        name: names("service level", "nível de serviço"),
        feature: None,
        formula: |x| ratio(x.counters.answered_within as f64, x.service_level_basis()),
    },
    KpiDef {
        kpi: CallKpi::Asa,
        key: "asa_s",
        kind: KpiKind::Ratio,
        unit: Unit::Seconds,
        decimals: 1,
        header: "ASA s",
        pt_header: "TME s",
        pt_key: "tme_s",
        name: names("ASA", "TME"),
        feature: None,
        formula: |x| ratio(x.counters.wait_answered_s, x.answered()),
    },
    KpiDef {
        kpi: CallKpi::MeanWaitAbandoned,
        key: "mean_wait_abandoned_s",
        kind: KpiKind::Ratio,
        unit: Unit::Seconds,
        decimals: 1,
        header: "abandoned wait s",
        pt_header: "espera abandonos s",
        pt_key: "espera_media_abandonos_s",
        name: names(
            "mean wait of abandoned callers",
            "espera média dos abandonos",
        ),
        feature: None,
        formula: |x| ratio(x.counters.wait_abandoned_s, x.counters.abandoned as f64),
    },
    KpiDef {
        kpi: CallKpi::WaitP50,
        key: "wait_p50_s",
        kind: KpiKind::Value,
        unit: Unit::Seconds,
        decimals: 1,
        header: "p50 wait s",
        pt_header: "espera p50 s",
        pt_key: "espera_p50_s",
        name: names("p50 wait", "espera p50"),
        feature: None,
        formula: |x| Sample::of(x.waits.quantile(0.50)),
    },
    KpiDef {
        kpi: CallKpi::WaitP80,
        key: "wait_p80_s",
        kind: KpiKind::Value,
        unit: Unit::Seconds,
        decimals: 1,
        header: "p80 wait s",
        pt_header: "espera p80 s",
        pt_key: "espera_p80_s",
        name: names("p80 wait", "espera p80"),
        feature: None,
        formula: |x| Sample::of(x.waits.quantile(0.80)),
    },
    KpiDef {
        kpi: CallKpi::WaitP90,
        key: "wait_p90_s",
        kind: KpiKind::Value,
        unit: Unit::Seconds,
        decimals: 1,
        header: "p90 wait s",
        pt_header: "espera p90 s",
        pt_key: "espera_p90_s",
        name: names("p90 wait", "espera p90"),
        feature: None,
        formula: |x| Sample::of(x.waits.quantile(0.90)),
    },
    KpiDef {
        kpi: CallKpi::WaitP95,
        key: "wait_p95_s",
        kind: KpiKind::Value,
        unit: Unit::Seconds,
        decimals: 1,
        header: "p95 wait s",
        pt_header: "espera p95 s",
        pt_key: "espera_p95_s",
        name: names("p95 wait", "espera p95"),
        feature: None,
        formula: |x| Sample::of(x.waits.quantile(0.95)),
    },
    KpiDef {
        kpi: CallKpi::WaitP99,
        key: "wait_p99_s",
        kind: KpiKind::Value,
        unit: Unit::Seconds,
        decimals: 1,
        header: "p99 wait s",
        pt_header: "espera p99 s",
        pt_key: "espera_p99_s",
        name: names("p99 wait", "espera p99"),
        feature: None,
        formula: |x| Sample::of(x.waits.quantile(0.99)),
    },
    KpiDef {
        kpi: CallKpi::Aht,
        key: "aht_s",
        kind: KpiKind::Ratio,
        unit: Unit::Seconds,
        decimals: 1,
        header: "AHT s",
        pt_header: "TMA s",
        pt_key: "tma_s",
        name: names("AHT", "TMA"),
        feature: None,
        formula: |x| ratio(x.counters.handle_s, x.answered()),
    },
    KpiDef {
        kpi: CallKpi::Occupancy,
        key: "occupancy",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 1,
        header: "occupancy %",
        pt_header: "ocupação %",
        pt_key: "ocupacao",
        name: names("occupancy", "ocupação"),
        feature: None,
        formula: |x| {
            x.time
                .busy_present
                .map_or(Sample::UNDEFINED, |(busy, present)| ratio(busy, present))
        },
    },
    KpiDef {
        kpi: CallKpi::MaxQueue,
        key: "max_queue",
        kind: KpiKind::Value,
        unit: Unit::Queue,
        decimals: 1,
        header: "max queue",
        pt_header: "fila máx",
        pt_key: "fila_maxima",
        name: names("max queue", "fila máxima"),
        feature: None,
        formula: |x| {
            let observed = x.time.observed_s > 0.0;
            Sample::of(observed.then_some(f64::from(x.time.max_queue)))
        },
    },
    KpiDef {
        kpi: CallKpi::MeanQueue,
        key: "mean_queue",
        kind: KpiKind::Ratio,
        unit: Unit::Queue,
        decimals: 2,
        header: "mean queue",
        pt_header: "fila média",
        pt_key: "fila_media",
        name: names("mean queue", "fila média"),
        feature: None,
        formula: |x| ratio(x.time.queue_s, x.time.observed_s),
    },
    KpiDef {
        kpi: CallKpi::DroppedAtClose,
        key: "dropped_at_close",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "dropped at close",
        pt_header: "descartadas no fechamento",
        pt_key: "descartadas_fechamento",
        name: names("dropped at closing", "descartadas no fechamento"),
        feature: None,
        formula: |x| value(x.counters.dropped as f64),
    },
    KpiDef {
        kpi: CallKpi::StillWaiting,
        key: "still_waiting",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "still waiting",
        pt_header: "ainda em espera",
        pt_key: "ainda_em_espera",
        name: names("still waiting at the end", "ainda em espera no fim"),
        feature: None,
        formula: |x| Sample::of(x.still_waiting.map(|n| n as f64)),
    },
    KpiDef {
        kpi: CallKpi::Blocked,
        key: "blocked",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "blocked",
        pt_header: "bloqueadas",
        pt_key: "bloqueadas",
        name: names("blocked", "bloqueadas"),
        feature: Some(Feature::Blocking),
        formula: |x| value(x.counters.blocked as f64),
    },
    KpiDef {
        kpi: CallKpi::BlockRate,
        key: "block_rate",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 2,
        header: "blocked %",
        pt_header: "bloqueio %",
        pt_key: "taxa_bloqueio",
        name: names("blocked", "bloqueadas"),
        feature: Some(Feature::Blocking),
        formula: |x| {
            let blocked = x.counters.blocked as f64;
            ratio(blocked, blocked + x.offered())
        },
    },
    KpiDef {
        kpi: CallKpi::ProactiveAvoided,
        key: "proactive_avoided",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "avoided (proactive)",
        pt_header: "evitadas (proativo)",
        pt_key: "evitadas_proativo",
        name: names("avoided (proactive)", "evitadas (proativo)"),
        feature: Some(Feature::Proactive),
        formula: |x| value(x.counters.proactive_avoided as f64),
    },
    KpiDef {
        kpi: CallKpi::RepeatCalls,
        key: "repeat_calls",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "repeat calls",
        pt_header: "rechamadas",
        pt_key: "rechamadas",
        name: names("repeat calls", "rechamadas"),
        feature: Some(Feature::Repeats),
        formula: |x| value(x.counters.repeats as f64),
    },
    KpiDef {
        kpi: CallKpi::RepeatShare,
        key: "repeat_share",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 1,
        header: "repeat %",
        pt_header: "rechamadas %",
        pt_key: "taxa_rechamadas",
        name: names("repeat calls", "rechamadas"),
        feature: Some(Feature::Repeats),
        formula: |x| ratio(x.counters.repeats as f64, x.offered()),
    },
    KpiDef {
        kpi: CallKpi::UniqueCallers,
        key: "unique_callers",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "unique callers",
        pt_header: "clientes únicos",
        pt_key: "clientes_unicos",
        name: names("unique callers", "clientes únicos"),
        feature: Some(Feature::Repeats),
        formula: |x| {
            value((x.counters.offered - x.counters.repeats - x.counters.transfers_in) as f64)
        },
    },
    KpiDef {
        kpi: CallKpi::Fcr,
        key: "fcr",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 1,
        header: "FCR %",
        pt_header: "FCR %",
        pt_key: "fcr",
        name: names("FCR", "FCR"),
        feature: Some(Feature::Recontacts),
        formula: |x| {
            // Across transfers: a transferred contact did not solve it either.
            let solved =
                x.answered() - x.counters.recontacts_planned as f64 - x.counters.transferred as f64;
            ratio(solved, x.answered())
        },
    },
    KpiDef {
        kpi: CallKpi::CallbacksOffered,
        key: "callbacks_offered",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "callbacks offered",
        pt_header: "callbacks oferecidos",
        pt_key: "callbacks_oferecidos",
        name: names("callbacks offered", "callbacks oferecidos"),
        feature: Some(Feature::Callbacks),
        formula: |x| value(x.counters.callbacks_offered as f64),
    },
    KpiDef {
        kpi: CallKpi::CallbacksAccepted,
        key: "callbacks_accepted",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "accepted",
        pt_header: "aceitos",
        pt_key: "callbacks_aceitos",
        name: names("callbacks accepted", "callbacks aceitos"),
        feature: Some(Feature::Callbacks),
        formula: |x| value(x.counters.callbacks_accepted as f64),
    },
    KpiDef {
        kpi: CallKpi::CallbackDelay,
        key: "callback_delay_s",
        kind: KpiKind::Ratio,
        unit: Unit::Seconds,
        decimals: 0,
        header: "delay s",
        pt_header: "espera callback s",
        pt_key: "espera_callback_s",
        name: names("callback delay", "espera do callback"),
        feature: Some(Feature::Callbacks),
        formula: |x| {
            let c = x.counters;
            ratio(c.callback_delay_s, c.callbacks_served as f64)
        },
    },
    KpiDef {
        kpi: CallKpi::CallbacksInDeadline,
        key: "callbacks_in_deadline",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 1,
        header: "in deadline %",
        pt_header: "no prazo %",
        pt_key: "callbacks_no_prazo",
        name: names("callbacks in deadline", "callbacks no prazo"),
        feature: Some(Feature::Callbacks),
        formula: |x| {
            let c = x.counters;
            ratio(c.callbacks_in_deadline as f64, c.callbacks_accepted as f64)
        },
    },
    KpiDef {
        kpi: CallKpi::CallbacksUnserved,
        key: "callbacks_unserved",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "unserved",
        pt_header: "não atendidos",
        pt_key: "callbacks_nao_atendidos",
        name: names("callbacks unserved", "callbacks não atendidos"),
        feature: Some(Feature::Callbacks),
        formula: |x| value(x.counters.callbacks_unserved as f64),
    },
    KpiDef {
        kpi: CallKpi::Balked,
        key: "balked",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "balked",
        pt_header: "desistências",
        pt_key: "desistencias",
        name: names("balked", "desistências na chegada"),
        feature: Some(Feature::Balking),
        formula: |x| value(x.counters.balked as f64),
    },
    KpiDef {
        kpi: CallKpi::BalkRate,
        key: "balk_rate",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 2,
        header: "balked %",
        pt_header: "desistência %",
        pt_key: "taxa_desistencia",
        name: names("balking rate", "taxa de desistência na chegada"),
        feature: Some(Feature::Balking),
        // Of offered: balked callers are offered (they reached the queue).
        formula: |x| ratio(x.counters.balked as f64, x.offered()),
    },
    KpiDef {
        kpi: CallKpi::AnsweredInWindow,
        key: "answered_in_window",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 1,
        header: "in window %",
        pt_header: "no prazo %",
        pt_key: "respondidas_no_prazo",
        name: names("answered within the window", "respondidas no prazo"),
        feature: Some(Feature::Email),
        // Of the e-mails opened: those still waiting have no response time yet.
        formula: |x| ratio(x.counters.answered_within as f64, x.answered()),
    },
    KpiDef {
        kpi: CallKpi::ResponseMean,
        key: "response_mean_h",
        kind: KpiKind::Ratio,
        unit: Unit::Hours,
        decimals: 2,
        header: "response h",
        pt_header: "resposta h",
        pt_key: "resposta_media_h",
        name: names("mean response time", "tempo médio de resposta"),
        feature: Some(Feature::Email),
        formula: |x| ratio(x.counters.wait_answered_s / 3600.0, x.answered()),
    },
    KpiDef {
        kpi: CallKpi::ResponseP90,
        key: "response_p90_h",
        kind: KpiKind::Value,
        unit: Unit::Hours,
        decimals: 2,
        header: "p90 response h",
        pt_header: "resposta p90 h",
        pt_key: "resposta_p90_h",
        name: names("p90 response time", "tempo de resposta p90"),
        feature: Some(Feature::Email),
        formula: |x| Sample::of(x.waits.quantile(0.90).map(|s| s / 3600.0)),
    },
    KpiDef {
        kpi: CallKpi::BacklogAtStart,
        key: "backlog_at_start",
        kind: KpiKind::Value,
        unit: Unit::Queue,
        decimals: 1,
        header: "backlog start",
        pt_header: "backlog início",
        pt_key: "backlog_inicio",
        name: names("backlog at the start", "backlog no início"),
        feature: Some(Feature::Email),
        formula: |x| Sample::of(x.time.waiting_at_start),
    },
    KpiDef {
        kpi: CallKpi::BacklogAtClose,
        key: "backlog_at_close",
        kind: KpiKind::Value,
        unit: Unit::Queue,
        decimals: 1,
        header: "backlog close",
        pt_header: "backlog fechamento",
        pt_key: "backlog_fechamento",
        name: names("backlog at closing", "backlog no fechamento"),
        feature: Some(Feature::Email),
        formula: |x| Sample::of(x.time.waiting_at_close),
    },
    KpiDef {
        kpi: CallKpi::Transferred,
        key: "transferred",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "transferred",
        pt_header: "transferidas",
        pt_key: "transferidas",
        name: names("transferred", "transferidas"),
        feature: Some(Feature::Transfers),
        formula: |x| value(x.counters.transferred as f64),
    },
    KpiDef {
        kpi: CallKpi::TransferRate,
        key: "transfer_rate",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 1,
        header: "transfer %",
        pt_header: "transferência %",
        pt_key: "taxa_transferencia",
        name: names("transfer rate", "taxa de transferência"),
        feature: Some(Feature::Transfers),
        formula: |x| ratio(x.counters.transferred as f64, x.answered()),
    },
    KpiDef {
        kpi: CallKpi::TransfersIn,
        key: "transfers_in",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "transfers in",
        pt_header: "recebidas por transferência",
        pt_key: "recebidas_transferencia",
        name: names("transfers in", "recebidas por transferência"),
        feature: Some(Feature::Transfers),
        formula: |x| value(x.counters.transfers_in as f64),
    },
    KpiDef {
        kpi: CallKpi::EndToEnd,
        key: "end_to_end_s",
        kind: KpiKind::Ratio,
        unit: Unit::Seconds,
        decimals: 1,
        header: "end to end s",
        pt_header: "ponta a ponta s",
        pt_key: "ponta_a_ponta_s",
        name: names("end-to-end time", "tempo ponta a ponta"),
        feature: Some(Feature::Transfers),
        formula: |x| ratio(x.counters.end_to_end_s, x.counters.resolved as f64),
    },
];

impl Kpi for CallKpi {
    type Formula = CallFormula;

    fn def(self) -> &'static KpiDef<Self, CallFormula> {
        &CALLS[self as usize]
    }
}

impl CallKpi {
    pub const ALL: [CallKpi; CALLS.len()] = family_order!(CALLS);

    /// The KPIs a comparison leads with: charted against the reference or
    /// the varied value, their differences tabled in a sweep.
    pub const HEADLINE: [CallKpi; 4] = [
        CallKpi::ServiceLevel,
        CallKpi::Asa,
        CallKpi::AbandonRate,
        CallKpi::Occupancy,
    ];

    /// Name in JSON and CSV, with its unit.
    pub fn key(self) -> &'static str {
        self.def().key
    }

    /// A ratio of two sums, or a plain value.
    pub fn kind(self) -> KpiKind {
        self.def().kind
    }

    /// The KPI saved under `key` in a JSON result.
    pub fn from_key(key: &str) -> Option<Self> {
        by_key(&Self::ALL, key)
    }

    /// The terminal header with the service-level threshold where it has
    /// one ("SL 20s %"); every other KPI's header as it is.
    pub fn header_within(self, answer_within_s: f64) -> String {
        match self {
            CallKpi::ServiceLevel => format!("SL {answer_within_s}s %"),
            _ => self.def().header.to_string(),
        }
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// Every call KPI of one scope of one replication.
pub(super) fn call_values(inputs: &CallInputs<'_>) -> CallValues {
    CallKpi::ALL.map(|kpi| (kpi.def().formula)(inputs))
}

// ---------------------------------------------------------------- groups

/// A KPI of an agent group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum GroupKpi {
    Handled,
    Aht,
    Occupancy,
    AgentHours,
    /// Agent-hours after closing, serving the callers still there.
    AfterCloseHours,
    /// Share of the agents' time on inbound contacts.
    InboundOccupancy,
    /// Share of the agents' time on outbound campaigns' calls.
    OutboundOccupancy,
}

/// What a group KPI is computed from: one group in a bucket or the day.
pub struct GroupInputs {
    pub handled: u64,
    /// Handle time of the calls handled.
    pub handled_s: f64,
    pub busy_s: f64,
    /// The part of `busy_s` on outbound calls.
    pub outbound_busy_s: f64,
    pub present_s: f64,
    /// Agent-seconds after closing: known for the whole day only.
    pub after_close_s: Option<f64>,
}

type GroupFormula = fn(&GroupInputs) -> Sample;

const GROUPS: &[KpiDef<GroupKpi, GroupFormula>] = &[
    KpiDef {
        kpi: GroupKpi::Handled,
        key: "handled",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "handled",
        pt_header: "atendidas",
        pt_key: "atendidas",
        name: names("handled", "atendidas"),
        feature: None,
        formula: |g| value(g.handled as f64),
    },
    KpiDef {
        kpi: GroupKpi::Aht,
        key: "aht_s",
        kind: KpiKind::Ratio,
        unit: Unit::Seconds,
        decimals: 1,
        header: "AHT s",
        pt_header: "TMA s",
        pt_key: "tma_s",
        name: names("AHT", "TMA"),
        feature: None,
        formula: |g| ratio(g.handled_s, g.handled as f64),
    },
    KpiDef {
        kpi: GroupKpi::Occupancy,
        key: "occupancy",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 1,
        header: "occupancy %",
        pt_header: "ocupação %",
        pt_key: "ocupacao",
        name: names("occupancy", "ocupação"),
        feature: None,
        formula: |g| ratio(g.busy_s, g.present_s),
    },
    KpiDef {
        kpi: GroupKpi::AgentHours,
        key: "agent_hours",
        kind: KpiKind::Value,
        unit: Unit::Hours,
        decimals: 1,
        header: "agent-hours",
        pt_header: "horas-agente",
        pt_key: "horas_agente",
        name: names("agent-hours", "horas-agente"),
        feature: None,
        formula: |g| value(g.present_s / 3600.0),
    },
    KpiDef {
        kpi: GroupKpi::AfterCloseHours,
        key: "after_close_hours",
        kind: KpiKind::Value,
        unit: Unit::Hours,
        decimals: 1,
        header: "after close h",
        pt_header: "após fechamento h",
        pt_key: "horas_apos_fechamento",
        name: names(
            "agent-hours after closing",
            "horas-agente após o fechamento",
        ),
        feature: None,
        formula: |g| Sample::of(g.after_close_s.map(|s| s / 3600.0)),
    },
    KpiDef {
        kpi: GroupKpi::InboundOccupancy,
        key: "inbound_occupancy",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 1,
        header: "inbound occ %",
        pt_header: "ocupação receptivo %",
        pt_key: "ocupacao_receptivo",
        name: names("occupancy on inbound", "ocupação no receptivo"),
        feature: Some(Feature::Outbound),
        formula: |g| ratio(g.busy_s - g.outbound_busy_s, g.present_s),
    },
    KpiDef {
        kpi: GroupKpi::OutboundOccupancy,
        key: "outbound_occupancy",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 1,
        header: "outbound occ %",
        pt_header: "ocupação ativo %",
        pt_key: "ocupacao_ativo",
        name: names("occupancy on outbound", "ocupação no ativo"),
        feature: Some(Feature::Outbound),
        formula: |g| ratio(g.outbound_busy_s, g.present_s),
    },
];

impl Kpi for GroupKpi {
    type Formula = GroupFormula;

    fn def(self) -> &'static KpiDef<Self, GroupFormula> {
        &GROUPS[self as usize]
    }
}

impl GroupKpi {
    pub const ALL: [GroupKpi; GROUPS.len()] = family_order!(GROUPS);

    pub fn key(self) -> &'static str {
        self.def().key
    }

    pub fn kind(self) -> KpiKind {
        self.def().kind
    }

    pub fn from_key(key: &str) -> Option<Self> {
        by_key(&Self::ALL, key)
    }
}

/// Every KPI of one group in a bucket or the day.
pub(super) fn group_values(inputs: &GroupInputs) -> GroupValues {
    GroupKpi::ALL.map(|kpi| (kpi.def().formula)(inputs))
}

// ---------------------------------------------------------------- entries

/// A KPI of an entry number and its IVR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EntryKpi {
    Calls,
    Blocked,
    BlockRate,
    Contained,
    ContainmentRate,
    IvrAbandoned,
    IvrAbandonRate,
    ToQueue,
    MeanIvrTime,
    RepeatCalls,
}

type EntryFormula = fn(&EntryCounters) -> Sample;

/// Callers past the lines, into the menus.
fn entered(c: &EntryCounters) -> f64 {
    (c.attempts - c.blocked) as f64
}

const ENTRIES: &[KpiDef<EntryKpi, EntryFormula>] = &[
    KpiDef {
        kpi: EntryKpi::Calls,
        key: "calls",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "calls",
        pt_header: "chamadas",
        pt_key: "chamadas",
        name: names("calls", "chamadas"),
        feature: Some(Feature::Ivr),
        formula: |c| value(c.attempts as f64),
    },
    KpiDef {
        kpi: EntryKpi::Blocked,
        key: "blocked",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "blocked",
        pt_header: "bloqueadas",
        pt_key: "bloqueadas",
        name: names("blocked", "bloqueadas"),
        feature: Some(Feature::Ivr),
        formula: |c| value(c.blocked as f64),
    },
    KpiDef {
        kpi: EntryKpi::BlockRate,
        key: "block_rate",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 2,
        header: "blocked %",
        pt_header: "bloqueio %",
        pt_key: "taxa_bloqueio",
        name: names("blocked", "bloqueadas"),
        feature: Some(Feature::Ivr),
        formula: |c| ratio(c.blocked as f64, c.attempts as f64),
    },
    KpiDef {
        kpi: EntryKpi::Contained,
        key: "contained",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "contained",
        pt_header: "retidas na URA",
        pt_key: "retidas_ura",
        name: names("contained in the IVR", "retidas na URA"),
        feature: Some(Feature::Ivr),
        formula: |c| value(c.contained as f64),
    },
    KpiDef {
        kpi: EntryKpi::ContainmentRate,
        key: "containment_rate",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 1,
        header: "contained %",
        pt_header: "retenção URA %",
        pt_key: "taxa_retencao_ura",
        name: names("containment", "retenção na URA"),
        feature: Some(Feature::Ivr),
        formula: |c| ratio(c.contained as f64, entered(c)),
    },
    KpiDef {
        kpi: EntryKpi::IvrAbandoned,
        key: "ivr_abandoned",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "IVR abandoned",
        pt_header: "abandonos URA",
        pt_key: "abandonos_ura",
        name: names("hung up in the IVR", "abandonos na URA"),
        feature: Some(Feature::Ivr),
        formula: |c| value(c.ivr_hang_ups as f64),
    },
    KpiDef {
        kpi: EntryKpi::IvrAbandonRate,
        key: "ivr_abandon_rate",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 1,
        header: "IVR abandon %",
        pt_header: "abandono URA %",
        pt_key: "taxa_abandono_ura",
        name: names("IVR abandonment", "abandono na URA"),
        feature: Some(Feature::Ivr),
        formula: |c| ratio(c.ivr_hang_ups as f64, entered(c)),
    },
    KpiDef {
        kpi: EntryKpi::ToQueue,
        key: "to_queue",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "to queue",
        pt_header: "para a fila",
        pt_key: "para_fila",
        name: names("to queue", "para a fila"),
        feature: Some(Feature::Ivr),
        formula: |c| value(c.to_queue as f64),
    },
    KpiDef {
        kpi: EntryKpi::MeanIvrTime,
        key: "mean_ivr_time_s",
        kind: KpiKind::Ratio,
        unit: Unit::Seconds,
        decimals: 1,
        header: "time in IVR s",
        pt_header: "tempo na URA s",
        pt_key: "tempo_medio_ura_s",
        name: names("time in IVR", "tempo na URA"),
        feature: Some(Feature::Ivr),
        formula: |c| {
            let left = (c.contained + c.ivr_hang_ups + c.to_queue) as f64;
            ratio(c.ivr_time_s, left)
        },
    },
    KpiDef {
        kpi: EntryKpi::RepeatCalls,
        key: "repeat_calls",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "repeat calls",
        pt_header: "rechamadas",
        pt_key: "rechamadas",
        name: names("repeat calls", "rechamadas"),
        feature: Some(Feature::Ivr),
        formula: |c| value(c.repeats as f64),
    },
];

impl Kpi for EntryKpi {
    type Formula = EntryFormula;

    fn def(self) -> &'static KpiDef<Self, EntryFormula> {
        &ENTRIES[self as usize]
    }
}

impl EntryKpi {
    pub const ALL: [EntryKpi; ENTRIES.len()] = family_order!(ENTRIES);

    pub fn key(self) -> &'static str {
        self.def().key
    }

    pub fn kind(self) -> KpiKind {
        self.def().kind
    }

    pub fn from_key(key: &str) -> Option<Self> {
        by_key(&Self::ALL, key)
    }
}

/// Every KPI of one entry in an interval or the day.
pub(super) fn entry_values(c: &EntryCounters) -> EntryValues {
    EntryKpi::ALL.map(|kpi| (kpi.def().formula)(c))
}

// ---------------------------------------------------------------- campaigns

/// A KPI of an outbound campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CampaignKpi {
    Dials,
    Reached,
    ReachRate,
    Connects,
    ConnectsPerHour,
    Nuisances,
    NuisanceRate,
    Aht,
    MeanHeld,
}

type CampaignFormula = fn(&CampaignCounters) -> Sample;

const CAMPAIGNS: &[KpiDef<CampaignKpi, CampaignFormula>] = &[
    KpiDef {
        kpi: CampaignKpi::Dials,
        key: "dials",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "dials",
        pt_header: "discagens",
        pt_key: "discagens",
        name: names("dials", "discagens"),
        feature: Some(Feature::Outbound),
        formula: |c| value(c.dials as f64),
    },
    KpiDef {
        kpi: CampaignKpi::Reached,
        key: "reached",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "reached",
        pt_header: "atendidas pelo cliente",
        pt_key: "atendidas_cliente",
        name: names("parties reached", "clientes que atenderam"),
        feature: Some(Feature::Outbound),
        formula: |c| value(c.reached as f64),
    },
    KpiDef {
        kpi: CampaignKpi::ReachRate,
        key: "reach_rate",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 1,
        header: "reached %",
        pt_header: "contato %",
        pt_key: "taxa_contato",
        name: names("reach rate", "taxa de contato"),
        feature: Some(Feature::Outbound),
        formula: |c| ratio(c.reached as f64, c.dials as f64),
    },
    KpiDef {
        kpi: CampaignKpi::Connects,
        key: "connects",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "connects",
        pt_header: "conectadas",
        pt_key: "conectadas",
        name: names("connects", "conectadas"),
        feature: Some(Feature::Outbound),
        formula: |c| value(c.connects as f64),
    },
    KpiDef {
        kpi: CampaignKpi::ConnectsPerHour,
        key: "connects_per_hour",
        kind: KpiKind::Ratio,
        unit: Unit::Calls,
        decimals: 1,
        header: "connects/h",
        pt_header: "conectadas/h",
        pt_key: "conectadas_por_hora",
        name: names("connects per hour", "conectadas por hora"),
        feature: Some(Feature::Outbound),
        formula: |c| ratio(c.connects as f64, c.observed_s / 3600.0),
    },
    KpiDef {
        kpi: CampaignKpi::Nuisances,
        key: "nuisance_calls",
        kind: KpiKind::Value,
        unit: Unit::Calls,
        decimals: 1,
        header: "nuisance",
        pt_header: "abandonadas pelo discador",
        pt_key: "abandonadas_discador",
        name: names("nuisance calls", "chamadas abandonadas pelo discador"),
        feature: Some(Feature::Outbound),
        formula: |c| value(c.nuisances as f64),
    },
    KpiDef {
        kpi: CampaignKpi::NuisanceRate,
        key: "nuisance_rate",
        kind: KpiKind::Ratio,
        unit: Unit::Share,
        decimals: 2,
        header: "nuisance %",
        pt_header: "abandono discador %",
        pt_key: "taxa_abandono_discador",
        name: names("nuisance rate", "taxa de abandono do discador"),
        feature: Some(Feature::Outbound),
        formula: |c| ratio(c.nuisances as f64, c.reached as f64),
    },
    KpiDef {
        kpi: CampaignKpi::Aht,
        key: "aht_s",
        kind: KpiKind::Ratio,
        unit: Unit::Seconds,
        decimals: 1,
        header: "AHT s",
        pt_header: "TMA s",
        pt_key: "tma_s",
        name: names("AHT", "TMA"),
        feature: Some(Feature::Outbound),
        formula: |c| ratio(c.handle_s, c.connects as f64),
    },
    KpiDef {
        kpi: CampaignKpi::MeanHeld,
        key: "mean_held_s",
        kind: KpiKind::Ratio,
        unit: Unit::Seconds,
        decimals: 2,
        header: "held s",
        pt_header: "espera do cliente s",
        pt_key: "espera_cliente_s",
        name: names("time held for an agent", "espera do cliente por um agente"),
        feature: Some(Feature::Outbound),
        formula: |c| ratio(c.held_s, c.connects as f64),
    },
];

impl Kpi for CampaignKpi {
    type Formula = CampaignFormula;

    fn def(self) -> &'static KpiDef<Self, CampaignFormula> {
        &CAMPAIGNS[self as usize]
    }
}

impl CampaignKpi {
    pub const ALL: [CampaignKpi; CAMPAIGNS.len()] = family_order!(CAMPAIGNS);

    pub fn key(self) -> &'static str {
        self.def().key
    }

    pub fn kind(self) -> KpiKind {
        self.def().kind
    }

    pub fn from_key(key: &str) -> Option<Self> {
        by_key(&Self::ALL, key)
    }
}

/// Every KPI of one campaign in an interval or the day.
pub(super) fn campaign_values(c: &CampaignCounters) -> CampaignValues {
    CampaignKpi::ALL.map(|kpi| (kpi.def().formula)(c))
}

// ---------------------------------------------------------------- targets

/// The KPIs a target can be set on, whose share of days meeting it is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TargetKpi {
    ServiceLevel,
    AbandonRate,
    Asa,
}

/// Which side of its target a KPI must stay on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    AtLeast,
    AtMost,
}

/// One target KPI: the call KPI it judges, how, and how it is written.
pub struct TargetDef {
    pub target: TargetKpi,
    pub kpi: CallKpi,
    pub bound: Bound,
    /// The target a scenario's `[targets]` sets, if any.
    pub value: fn(&Targets) -> Option<f64>,
    /// The target a call type's own `targets` sets, if any.
    pub own: fn(&OwnTargets) -> Option<f64>,
    /// The target in the terminal's targets sentence, from its value and
    /// the service-level threshold: "ASA ≤ 20 s".
    pub phrase: fn(f64, f64) -> String,
    /// The terminal's header of its column of days meeting it: "abandon ≤ 5 %".
    pub days_header: fn(f64, f64) -> String,
}

const TARGETS: &[TargetDef] = &[
    TargetDef {
        target: TargetKpi::ServiceLevel,
        kpi: CallKpi::ServiceLevel,
        bound: Bound::AtLeast,
        value: |t| t.service_level,
        own: |t| t.service_level,
        phrase: |share, within| format!("{} % answered within {within} s", share * 100.0),
        days_header: |share, within| format!("SL {} % in {within} s", share * 100.0),
    },
    TargetDef {
        target: TargetKpi::AbandonRate,
        kpi: CallKpi::AbandonRate,
        bound: Bound::AtMost,
        value: |t| t.max_abandon,
        own: |t| t.max_abandon,
        phrase: |share, _| format!("abandonment ≤ {} %", share * 100.0),
        days_header: |share, _| format!("abandon ≤ {} %", share * 100.0),
    },
    TargetDef {
        target: TargetKpi::Asa,
        kpi: CallKpi::Asa,
        bound: Bound::AtMost,
        value: |t| t.max_asa_s,
        own: |t| t.max_asa_s,
        phrase: |asa, _| format!("ASA ≤ {asa} s"),
        days_header: |asa, _| format!("ASA ≤ {asa} s"),
    },
];

impl TargetKpi {
    pub const ALL: [TargetKpi; TARGETS.len()] = {
        let mut all = [TARGETS[0].target; TARGETS.len()];
        let mut i = 0;
        while i < TARGETS.len() {
            assert!(
                TARGETS[i].target as usize == i,
                "target table out of enum order"
            );
            all[i] = TARGETS[i].target;
            i += 1;
        }
        all
    };

    pub fn def(self) -> &'static TargetDef {
        &TARGETS[self as usize]
    }

    pub fn call_kpi(self) -> CallKpi {
        self.def().kpi
    }

    pub fn key(self) -> &'static str {
        self.call_kpi().key()
    }

    /// The target `targets` sets on this KPI.
    pub fn target(self, targets: &Targets) -> Option<f64> {
        (self.def().value)(targets)
    }

    /// The target a call type's own `targets` set on this KPI.
    pub fn own_target(self, own: &OwnTargets) -> Option<f64> {
        (self.def().own)(own)
    }

    /// Whether `value` meets this KPI's target in `targets` (`None`: no target).
    pub fn meets(self, targets: &Targets, value: f64) -> Option<bool> {
        self.target(targets).map(|t| self.meets_value(t, value))
    }

    /// Whether `value` is on the right side of `target`.
    pub fn meets_value(self, target: f64, value: f64) -> bool {
        match self.def().bound {
            Bound::AtLeast => value >= target,
            Bound::AtMost => value <= target,
        }
    }
}

pub type EntryValues = [Sample; EntryKpi::ALL.len()];
pub type CampaignValues = [Sample; CampaignKpi::ALL.len()];
pub type CallValues = [Sample; CallKpi::ALL.len()];
pub type GroupValues = [Sample; GroupKpi::ALL.len()];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_within_each_family() {
        fn unique(keys: Vec<&str>) {
            let mut sorted = keys.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), keys.len(), "{keys:?}");
        }
        unique(CallKpi::ALL.iter().map(|k| k.key()).collect());
        unique(GroupKpi::ALL.iter().map(|k| k.key()).collect());
        unique(EntryKpi::ALL.iter().map(|k| k.key()).collect());
        unique(CampaignKpi::ALL.iter().map(|k| k.key()).collect());
    }

    #[test]
    fn a_key_reads_back_as_its_kpi() {
        for kpi in CallKpi::ALL {
            assert_eq!(CallKpi::from_key(kpi.key()), Some(kpi));
        }
        for kpi in GroupKpi::ALL {
            assert_eq!(GroupKpi::from_key(kpi.key()), Some(kpi));
        }
        for kpi in EntryKpi::ALL {
            assert_eq!(EntryKpi::from_key(kpi.key()), Some(kpi));
        }
        for kpi in CampaignKpi::ALL {
            assert_eq!(CampaignKpi::from_key(kpi.key()), Some(kpi));
        }
        assert_eq!(CallKpi::from_key("asa"), None);
    }

    #[test]
    fn seconds_have_an_s_key_and_shares_are_ratios_in_percent() {
        fn check<K: Kpi + std::fmt::Debug>(kpi: K) {
            let d = kpi.def();
            assert_eq!(d.key.ends_with("_s"), d.unit == Unit::Seconds, "{kpi:?}");
            if d.unit == Unit::Share {
                assert_eq!(d.kind, KpiKind::Ratio, "{kpi:?}");
                assert!(d.header.ends_with(" %"), "{kpi:?}");
                assert_eq!(kpi.scale(), 100.0);
            }
            assert!(!d.name.en.is_empty() && !d.name.pt.is_empty(), "{kpi:?}");
        }
        CallKpi::ALL.into_iter().for_each(check);
        GroupKpi::ALL.into_iter().for_each(check);
        EntryKpi::ALL.into_iter().for_each(check);
        CampaignKpi::ALL.into_iter().for_each(check);
    }

    #[test]
    fn a_target_is_met_on_its_side_only() {
        assert!(TargetKpi::ServiceLevel.meets_value(0.8, 0.8));
        assert!(!TargetKpi::ServiceLevel.meets_value(0.8, 0.79));
        assert!(TargetKpi::Asa.meets_value(20.0, 20.0));
        assert!(!TargetKpi::Asa.meets_value(20.0, 20.5));
        for t in TargetKpi::ALL {
            assert_eq!(t.def().target, t);
        }
    }
}
