//! The words charts and HTML reports use, in English or in the terms of
//! Brazilian contact centers (nível de serviço, TME, TMA, URA, …).

use crate::kpi::{Kpi, Names, Unit};

/// Language of chart and report labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Brazilian Portuguese, with the industry's usual terms.
    Pt,
}

impl Lang {
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Pt => &PT,
        }
    }

    /// Numbers formatted with a decimal point, in this language's decimal
    /// separator (Portuguese writes 94,5). `formatted` holds numbers and
    /// signs only, no other dot.
    pub fn decimals(self, formatted: String) -> String {
        match self {
            Lang::Pt => formatted.replace('.', ","),
            Lang::En => formatted,
        }
    }

    /// The HTML `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pt => "pt-BR",
        }
    }
}

impl Lang {
    /// `names` in this language.
    pub fn pick(self, names: &Names) -> &'static str {
        match self {
            Lang::En => names.en,
            Lang::Pt => names.pt,
        }
    }
}

impl Words {
    /// The KPI's name in this language.
    pub fn kpi<K: Kpi>(&self, kpi: K) -> &'static str {
        self.lang.pick(&kpi.def().name)
    }

    /// The KPI's name with its unit on an axis: "service level (%)", "ASA (s)".
    pub fn kpi_axis<K: Kpi>(&self, kpi: K) -> String {
        let name = self.kpi(kpi);
        match kpi.def().unit {
            Unit::Share => format!("{name} (%)"),
            Unit::Seconds => format!("{name} ({})", self.seconds),
            Unit::Calls | Unit::Queue | Unit::Hours => name.to_string(),
        }
    }

    /// `value` with `decimals` decimals, in the language's decimal separator
    /// (Portuguese writes 94,5).
    pub fn decimal(&self, value: f64, decimals: usize) -> String {
        self.lang.decimals(format!("{value:.decimals$}"))
    }

    /// What `staff --criterion` judged on, from its JSON spelling.
    pub fn criterion_named(&self, criterion: &str) -> &'static str {
        match criterion {
            "bound" => self.criterion_bound,
            _ => self.criterion_mean,
        }
    }
}

/// Every label, one field per term; KPIs' names are in their definitions
/// ([`crate::kpi`]), read through [`Words::kpi`].
#[derive(Debug)]
pub struct Words {
    pub lang: Lang,
    pub calls: &'static str,
    pub agents: &'static str,
    pub staffed: &'static str,
    pub required: &'static str,
    pub scheduled_staff: &'static str,
    pub interval_start: &'static str,
    pub wait_s: &'static str,
    pub seconds: &'static str,
    pub target: &'static str,
    pub all: &'static str,
    pub mean: &'static str,
    pub confidence_band: &'static str,
    pub per_interval: &'static str,
    pub wait_distribution: &'static str,
    pub answered_within: &'static str,
    pub calls_per_interval: &'static str,
    pub agents_per_interval: &'static str,
    pub required_estimate: &'static str,
    pub against_agents: &'static str,
    pub call_type: &'static str,
    pub group: &'static str,
    pub report_title: &'static str,
    pub erlang_title: &'static str,
    pub summary: &'static str,
    pub scenario: &'static str,
    pub seed: &'static str,
    pub replications: &'static str,
    pub confidence: &'static str,
    pub targets: &'static str,
    pub met: &'static str,
    pub not_met: &'static str,
    pub day_totals: &'static str,
    pub agent_groups: &'static str,
    pub charts: &'static str,
    pub model: &'static str,
    pub load: &'static str,
    pub prob_wait: &'static str,
    pub staffing_table: &'static str,
    pub interval: &'static str,
    pub none: &'static str,
    pub generated_by: &'static str,
    pub patience: &'static str,
    pub scheduled_staff_on_phones: &'static str,
    pub staff_title: &'static str,
    pub criterion: &'static str,
    pub shrinkage: &'static str,
    pub fte: &'static str,
    pub shift_cost: &'static str,
    pub schedule_repairs: &'static str,
    pub schedule: &'static str,
    pub criterion_mean: &'static str,
    pub criterion_bound: &'static str,
    pub missed: &'static str,
    pub shift: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub breaks: &'static str,
    pub cost_each: &'static str,
    pub cost: &'static str,
    pub repair_line: &'static str,
    pub lines_repeats_callbacks: &'static str,
    pub entries_and_ivr: &'static str,
    pub entry: &'static str,
    pub ivr_node: &'static str,
    pub callers: &'static str,
    pub difference_from: &'static str,
    pub paired_interval: &'static str,
    pub unpaired_interval: &'static str,
    pub no_difference: &'static str,
    pub significant: &'static str,
    pub outside_interval: &'static str,
    pub percentage_points: &'static str,
    pub compare_title: &'static str,
    pub sweep_title: &'static str,
    /// "met on" 53 % "of days": the share of days meeting a target.
    pub met_on: &'static str,
    pub of_days: &'static str,
    pub days_target_met: &'static str,
    pub estimates: &'static str,
    pub ratio_of_sums: &'static str,
    pub daily_mean: &'static str,
}

pub static EN: Words = Words {
    lang: Lang::En,
    calls: "calls",
    agents: "agents",
    staffed: "staffed",
    required: "required",
    scheduled_staff: "scheduled staff",
    interval_start: "interval start",
    wait_s: "wait (s)",
    seconds: "s",
    target: "target",
    all: "all",
    mean: "mean",
    confidence_band: "confidence interval",
    per_interval: "per interval",
    wait_distribution: "wait-time distribution of answered calls",
    answered_within: "answered within (%)",
    calls_per_interval: "calls per interval",
    agents_per_interval: "agents per interval",
    required_estimate: "required (Erlang C)",
    against_agents: "against agents",
    call_type: "call type",
    group: "group",
    report_title: "callsim simulation report",
    erlang_title: "callsim Erlang report",
    summary: "Summary",
    scenario: "scenario",
    seed: "seed",
    replications: "replications",
    confidence: "confidence",
    targets: "targets",
    met: "met",
    not_met: "not met",
    day_totals: "Day totals",
    agent_groups: "Agent groups",
    charts: "Charts",
    model: "model",
    load: "offered load (Erlangs)",
    prob_wait: "P(wait)",
    staffing_table: "Agents and KPIs",
    interval: "interval",
    none: "none",
    generated_by: "generated by callsim",
    patience: "patience",
    scheduled_staff_on_phones: "scheduled (on the phones)",
    staff_title: "callsim staffing plan",
    criterion: "criterion",
    shrinkage: "shrinkage",
    fte: "FTE",
    shift_cost: "shift cost",
    schedule_repairs: "Schedule repairs",
    schedule: "Schedule",
    criterion_mean: "the mean over replications",
    criterion_bound: "the pessimistic confidence bound",
    missed: "missed",
    shift: "shift",
    start: "start",
    end: "end",
    breaks: "breaks",
    cost_each: "cost each",
    cost: "cost",
    repair_line: "agents on the phones",
    lines_repeats_callbacks: "Lines, repeats and callbacks",
    entries_and_ivr: "Entries and IVR",
    entry: "entry",
    ivr_node: "IVR node",
    callers: "callers",
    difference_from: "difference from",
    paired_interval: "paired interval (same callers)",
    unpaired_interval: "unpaired interval (Welch)",
    no_difference: "no difference",
    significant: "significant",
    outside_interval: "outside the interval",
    percentage_points: "percentage points",
    compare_title: "callsim comparison report",
    sweep_title: "callsim sweep report",
    met_on: "met on",
    of_days: "of days",
    days_target_met: "days SL met",
    estimates: "estimates",
    ratio_of_sums: "ratios over all days (Σ/Σ); counts are means per day",
    daily_mean: "means of the daily values",
};

pub static PT: Words = Words {
    lang: Lang::Pt,
    calls: "chamadas",
    agents: "agentes",
    staffed: "escalados",
    required: "necessários",
    scheduled_staff: "escala com shrinkage",
    interval_start: "início do intervalo",
    wait_s: "espera (s)",
    seconds: "s",
    target: "meta",
    all: "todas",
    mean: "média",
    confidence_band: "intervalo de confiança",
    per_interval: "por intervalo",
    wait_distribution: "distribuição do tempo de espera das atendidas",
    answered_within: "atendidas em até (%)",
    calls_per_interval: "chamadas por intervalo",
    agents_per_interval: "agentes por intervalo",
    required_estimate: "necessários (Erlang C)",
    against_agents: "por número de agentes",
    call_type: "tipo de chamada",
    group: "grupo",
    report_title: "callsim: relatório de simulação",
    erlang_title: "callsim: relatório Erlang",
    summary: "Resumo",
    scenario: "cenário",
    seed: "semente",
    replications: "replicações",
    confidence: "confiança",
    targets: "metas",
    met: "atingida",
    not_met: "não atingida",
    day_totals: "Totais do dia",
    agent_groups: "Grupos de agentes",
    charts: "Gráficos",
    model: "modelo",
    load: "tráfego oferecido (Erlangs)",
    prob_wait: "P(espera)",
    staffing_table: "Agentes e indicadores",
    interval: "intervalo",
    none: "nenhuma",
    generated_by: "gerado pelo callsim",
    patience: "paciência",
    scheduled_staff_on_phones: "escalados (logados)",
    staff_title: "callsim: dimensionamento",
    criterion: "critério",
    shrinkage: "shrinkage",
    fte: "FTE",
    shift_cost: "custo das escalas",
    schedule_repairs: "Ajustes da escala",
    schedule: "Escala",
    criterion_mean: "a média das replicações",
    criterion_bound: "o limite pessimista do intervalo de confiança",
    missed: "metas não atingidas",
    shift: "turno",
    start: "início",
    end: "fim",
    breaks: "pausas",
    cost_each: "custo unitário",
    cost: "custo",
    repair_line: "agentes atendendo",
    lines_repeats_callbacks: "Linhas, rechamadas e callbacks",
    entries_and_ivr: "Entradas e URA",
    entry: "entrada",
    ivr_node: "nó da URA",
    callers: "clientes",
    difference_from: "diferença em relação a",
    paired_interval: "intervalo pareado (mesmos clientes)",
    unpaired_interval: "intervalo não pareado (Welch)",
    no_difference: "sem diferença",
    significant: "significativa",
    outside_interval: "fora do intervalo",
    percentage_points: "pontos percentuais",
    compare_title: "callsim: relatório de comparação",
    sweep_title: "callsim: relatório de variação",
    met_on: "atingida em",
    of_days: "dos dias",
    days_target_met: "dias com NS atingido",
    estimates: "estimativas",
    ratio_of_sums: "razões sobre todos os dias (Σ/Σ); contagens são médias por dia",
    daily_mean: "médias dos valores diários",
};

/// `text` with its first letter in capitals (a label that starts a sentence or a title).
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
