//! The words every output but JSON uses (the terminal's tables, the CSV,
//! charts and HTML reports), in English or in the terms of Brazilian
//! contact centers (nível de serviço, TME, TMA, URA, …).

use std::fmt::Display;

use crate::erlang::explain::{EXPLAIN_EN, ExplainText};
use crate::erlang::{Miss, ServiceLevelBasis};
use crate::kpi::{CallKpi, Kpi, Names, TargetKpi, Unit};

/// Language of the tables, CSV, charts and reports.
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
    /// The words of `erlang --explain`.
    pub fn explain_text(self) -> &'static ExplainText {
        match self {
            Lang::En => &EXPLAIN_EN,
            Lang::Pt => &EXPLAIN_PT,
        }
    }

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

impl Words {
    /// `n` and the word for one or for many: "1 replication", "2 replications".
    pub fn count(&self, n: u64, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// `value` as Rust writes it at its shortest (0.83, 8), in the
    /// language's decimal separator.
    pub fn number(&self, value: f64) -> String {
        self.lang.decimals(value.to_string())
    }

    /// The terminal's short header of `kpi`, with its unit: "SL %", "NS %".
    pub fn kpi_header<K: Kpi>(&self, kpi: K) -> &'static str {
        match self.lang {
            Lang::En => kpi.def().header,
            Lang::Pt => kpi.def().pt_header,
        }
    }

    /// `kpi`'s CSV column: its JSON key in English ("asa_s"), its
    /// Portuguese counterpart otherwise ("tme_s").
    pub fn kpi_key<K: Kpi>(&self, kpi: K) -> &'static str {
        match self.lang {
            Lang::En => kpi.def().key,
            Lang::Pt => kpi.def().pt_key,
        }
    }

    /// The terminal header with the service-level threshold where it has
    /// one ("SL 20s %"); every other KPI's header as it is.
    pub fn header_within(&self, kpi: CallKpi, answer_within_s: f64) -> String {
        match kpi {
            CallKpi::ServiceLevel => fill(
                self.sl_within_header,
                &[("within", &self.number(answer_within_s))],
            ),
            _ => self.kpi_header(kpi).to_string(),
        }
    }

    /// A target in the targets sentence, from its value and the
    /// service-level threshold: "80 % answered within 20 s", "ASA ≤ 20 s".
    pub fn target_phrase(&self, target: TargetKpi, value: f64, answer_within_s: f64) -> String {
        let within = self.number(answer_within_s);
        match target {
            TargetKpi::ServiceLevel => fill(
                self.sl_target_phrase,
                &[("pct", &self.number(value * 100.0)), ("within", &within)],
            ),
            TargetKpi::AbandonRate => fill(
                self.abandon_target_phrase,
                &[("pct", &self.number(value * 100.0))],
            ),
            TargetKpi::Asa => fill(self.asa_target_phrase, &[("asa", &self.number(value))]),
        }
    }

    /// The header of a column of days meeting a target: "abandon ≤ 5 %".
    pub fn target_days_header(
        &self,
        target: TargetKpi,
        value: f64,
        answer_within_s: f64,
    ) -> String {
        let within = self.number(answer_within_s);
        match target {
            TargetKpi::ServiceLevel => fill(
                self.sl_days_header,
                &[("pct", &self.number(value * 100.0)), ("within", &within)],
            ),
            TargetKpi::AbandonRate => fill(
                self.abandon_days_header,
                &[("pct", &self.number(value * 100.0))],
            ),
            TargetKpi::Asa => fill(self.asa_target_phrase, &[("asa", &self.number(value))]),
        }
    }

    /// What the service level divides, `T` standing for its threshold.
    pub fn basis(&self, basis: ServiceLevelBasis) -> &'static str {
        match basis {
            ServiceLevelBasis::Offered => self.basis_offered,
            ServiceLevelBasis::Answered => self.basis_answered,
            ServiceLevelBasis::ExcludeShortAbandons => self.basis_short_abandons,
        }
    }

    /// A target Erlang's KPIs miss: "abandonment 5.08 % > 5.00 %".
    pub fn miss(&self, miss: &Miss) -> String {
        let pct = |share: f64, decimals| self.decimal(share * 100.0, decimals);
        match *miss {
            Miss::ServiceLevel {
                value,
                target,
                within_s,
            } => fill(
                self.miss_service_level,
                &[
                    ("value", &pct(value, 1)),
                    ("target", &pct(target, 1)),
                    ("within", &self.number(within_s)),
                ],
            ),
            Miss::Asa { value, max } => fill(
                self.miss_asa,
                &[
                    ("value", &self.decimal(value, 1)),
                    ("max", &self.number(max)),
                ],
            ),
            Miss::NoneAnswered => self.miss_none_answered.to_string(),
            Miss::Abandonment { value, max } => fill(
                self.miss_abandonment,
                &[("value", &pct(value, 2)), ("max", &pct(max, 2))],
            ),
            Miss::Occupancy { value, max } => fill(
                self.miss_occupancy,
                &[("value", &pct(value, 1)), ("max", &pct(max, 1))],
            ),
            Miss::NoAgent => self.miss_no_agent.to_string(),
        }
    }

    /// A flag's word: "true" / "sim".
    pub fn flag(&self, value: bool) -> &'static str {
        if value { self.yes } else { self.no }
    }
}

/// `template` with each `{name}` replaced by its value in `values`, in one
/// pass: a value holding braces stays as it is. Sentences are templates so
/// that each language orders its words as it needs.
pub fn fill(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let value = values.iter().find(|(n, _)| *n == name)?;
            Some((value.1, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(&value.to_string());
                rest = &after[close + 1..];
            }
            None => {
                debug_assert!(false, "no value for a placeholder in {template:?}");
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every label, one field per term; KPIs' names and headers are in their
/// definitions ([`crate::kpi`]), read through [`Words::kpi`] and [`Words::kpi_header`].
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
    /// The totals' heading of a scenario of several days.
    pub days_totals: &'static str,
    /// The agent groups' heading of a scenario of several days.
    pub groups_all_days: &'static str,
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
    /// After a week plan's breaks when its window breaks differ by day.
    pub breaks_by_day: &'static str,
    pub days_off: &'static str,
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
    // The terminal's and the CSV's words; sentences are templates for [`fill`].
    pub replication: &'static str,
    pub thread: &'static str,
    pub threads: &'static str,
    pub one_replication: &'static str,
    pub occupancy_at_most: &'static str,
    pub timing: &'static str,
    pub on_threads: &'static str,
    pub ratios_and_means: &'static str,
    pub targets_line: &'static str,
    pub warning_line: &'static str,
    pub note_line: &'static str,
    pub day: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub kpi_label: &'static str,
    pub basis_offered: &'static str,
    pub basis_answered: &'static str,
    pub basis_short_abandons: &'static str,
    pub sl_target_phrase: &'static str,
    pub sl_days_header: &'static str,
    pub abandon_target_phrase: &'static str,
    pub abandon_days_header: &'static str,
    pub asa_target_phrase: &'static str,
    pub sl_within_header: &'static str,
    pub staffing_line: &'static str,
    pub targets_judged: &'static str,
    pub judged_mean: &'static str,
    pub judged_mean_one: &'static str,
    pub judged_bound: &'static str,
    pub shrinkage_line: &'static str,
    pub erlang_column: &'static str,
    pub heads: &'static str,
    pub on_shift: &'static str,
    pub over: &'static str,
    pub under: &'static str,
    pub scheduled: &'static str,
    pub achieved_one: &'static str,
    pub achieved_many: &'static str,
    pub scheduled_header: &'static str,
    pub totals_line: &'static str,
    pub shifts_line: &'static str,
    /// After the MIP's status: how far the cost may be above the optimum.
    pub mip_bound: &'static str,
    pub mip_optimal: &'static str,
    pub mip_within_gap: &'static str,
    pub mip_time_limit: &'static str,
    pub length_min: &'static str,
    pub repair_round: &'static str,
    pub not_repaired: &'static str,
    pub still_missing: &'static str,
    pub search_line: &'static str,
    pub trace_heading: &'static str,
    pub simulated_one: &'static str,
    pub simulated_many: &'static str,
    pub sl_definition: &'static str,
    pub days_meeting_line: &'static str,
    pub day_totals_features: &'static str,
    pub entries_whole_day: &'static str,
    pub per_interval_all: &'static str,
    pub groups_whole_day: &'static str,
    pub throughput: &'static str,
    pub model_c: &'static str,
    pub model_a: &'static str,
    pub traffic_line: &'static str,
    pub prob_waiting: &'static str,
    pub sl_within_label: &'static str,
    pub asa_answered_label: &'static str,
    pub abandonment: &'static str,
    pub mean_wait_all_label: &'static str,
    pub occupancy: &'static str,
    pub mean_queue_length: &'static str,
    pub erlang_b_label: &'static str,
    pub scheduled_staff_label: &'static str,
    pub targets_met_line: &'static str,
    pub targets_not_met_line: &'static str,
    pub required_line: &'static str,
    pub after_shrinkage: &'static str,
    pub sl_short: &'static str,
    pub asa_column: &'static str,
    pub abandon_column: &'static str,
    pub queue: &'static str,
    pub interval_minutes: &'static str,
    pub staff: &'static str,
    pub erlang_total_line: &'static str,
    pub comparing_one: &'static str,
    pub comparing_many: &'static str,
    pub differences_one: &'static str,
    pub differences_many: &'static str,
    pub day_all_types: &'static str,
    pub day_call_type: &'static str,
    pub day_group: &'static str,
    /// The verdict of a comparison: heading, columns and conclusions.
    /// Erlang C and A side by side (`erlang --compare-models`).
    pub models_heading: &'static str,
    pub models_title: &'static str,
    pub over_agents: &'static str,
    pub over_patience: &'static str,
    pub patience_s_header: &'static str,
    pub no_patience_limit: &'static str,
    pub unstable: &'static str,
    pub models_contrast: &'static str,
    pub sl_against_patience: &'static str,
    /// `erlang --compare-models --scenario`: how the simulation beside the formulas ran.
    pub models_simulated: &'static str,
    pub models_counted_warmup: &'static str,
    pub models_counted_all: &'static str,
    pub models_not_exponential: &'static str,
    /// The simulation's columns, before the KPI's header (as "C:" and "A:").
    pub simulated_prefix: &'static str,
    pub simulation_series: &'static str,
    pub simulation_word: &'static str,
    /// Erlang B line sizing (`erlang --max-blocking-pct`).
    pub lines_model: &'static str,
    pub lines_target: &'static str,
    pub lines_required: &'static str,
    pub lines_title: &'static str,
    pub lines: &'static str,
    pub blocking: &'static str,
    pub lost_per_hour: &'static str,
    pub carried_erlangs: &'static str,
    pub line_occupancy: &'static str,
    pub blocking_against_lines: &'static str,
    pub verdict_heading: &'static str,
    pub higher_is_better: &'static str,
    pub lower_is_better: &'static str,
    pub verdict_rank: &'static str,
    pub verdict_day_sl: &'static str,
    pub verdict_worst_interval: &'static str,
    pub verdict_agent_hours: &'static str,
    pub verdict_targets: &'static str,
    pub verdict_legend: &'static str,
    pub verdict_reference_first: &'static str,
    pub verdict_first_significant: &'static str,
    pub verdict_first_within_noise: &'static str,
    pub verdict_first_untested: &'static str,
    pub verdict_all_met: &'static str,
    pub verdict_none_met: &'static str,
    pub verdict_own_targets: &'static str,
    pub sweep_one: &'static str,
    pub sweep_many: &'static str,
    pub sweep_paired_one: &'static str,
    pub sweep_paired_many: &'static str,
    pub difference_line: &'static str,
    /// A grid's count of points: "3 × 2 = 6 points".
    pub sweep_points: &'static str,
    /// A grid's differences, from its first point.
    pub sweep_difference_first: &'static str,
    /// Above a table of an IVR menu's shares at each point.
    pub sweep_ivr_shares: &'static str,
    pub erlang_estimate: &'static str,
    pub miss_service_level: &'static str,
    pub miss_asa: &'static str,
    pub miss_none_answered: &'static str,
    pub miss_abandonment: &'static str,
    pub miss_occupancy: &'static str,
    pub miss_no_agent: &'static str,
    /// After a miss judged on the confidence bound.
    pub miss_on_bound: &'static str,
    /// The CSV's column names and suffixes.
    pub csv: CsvWords,
}

/// CSV column names: identifiers in snake case and ASCII, as the English
/// keys are, so that formulas and scripts can name them.
#[derive(Debug)]
pub struct CsvWords {
    pub interval: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub group: &'static str,
    pub call_type: &'static str,
    pub erlang: &'static str,
    pub required: &'static str,
    pub heads_required: &'static str,
    pub scheduled_heads: &'static str,
    pub over: &'static str,
    pub under: &'static str,
    pub scheduled: &'static str,
    pub days_meeting: &'static str,
    pub agent: &'static str,
    pub shift: &'static str,
    pub day: &'static str,
    pub weekday: &'static str,
    pub breaks: &'static str,
    pub paid_hours: &'static str,
    pub cost: &'static str,
    pub half_width: &'static str,
    pub low: &'static str,
    pub high: &'static str,
    pub significant_suffix: &'static str,
    pub agents: &'static str,
    pub offered_load_erlangs: &'static str,
    pub blocking_no_queue: &'static str,
    pub prob_wait: &'static str,
    pub prob_abandon: &'static str,
    pub service_level: &'static str,
    pub service_level_threshold_s: &'static str,
    pub asa_answered_s: &'static str,
    pub mean_wait_all_s: &'static str,
    pub occupancy: &'static str,
    pub mean_queue_length: &'static str,
    pub scheduled_staff: &'static str,
    pub calls: &'static str,
    pub aht_s: &'static str,
    pub section: &'static str,
    pub name: &'static str,
    pub kpi: &'static str,
    pub scenario: &'static str,
    pub source: &'static str,
    pub vary: &'static str,
    pub value: &'static str,
    pub mean: &'static str,
    pub difference: &'static str,
    pub difference_half_width: &'static str,
    pub welch_half_width: &'static str,
    pub significant: &'static str,
    pub pairs: &'static str,
    pub group_section: &'static str,
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
    days_totals: "Totals of the {days} days",
    groups_all_days: "Agent groups, all {days} days",
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
    days_off: "days off",
    breaks_by_day: "+ by day (roster)",
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
    replication: "replication",
    thread: "thread",
    threads: "threads",
    one_replication: "no confidence half-widths with one replication",
    occupancy_at_most: "occupancy ≤ {pct} %",
    timing: "{calls} calls simulated in {seconds} s",
    on_threads: " on {threads}",
    ratios_and_means: "ratios over all days (Σ/Σ) and means",
    targets_line: "targets: {targets}",
    warning_line: "warning: {warning}",
    note_line: "note: {note}",
    day: "day",
    yes: "true",
    no: "false",
    kpi_label: "KPI",
    basis_offered: "answered within T / offered",
    basis_answered: "answered within T / answered",
    basis_short_abandons: "answered within T / (offered − abandoned within T)",
    sl_target_phrase: "{pct} % answered within {within} s",
    sl_days_header: "SL {pct} % in {within} s",
    abandon_target_phrase: "abandonment ≤ {pct} %",
    abandon_days_header: "abandon ≤ {pct} %",
    asa_target_phrase: "ASA ≤ {asa} s",
    sl_within_header: "SL {within}s %",
    staffing_line: "Staffing {source} ({intervals} intervals, {replications}, seed {seed})",
    targets_judged: "targets in every interval: {targets}; judged on {judged}",
    judged_mean: "the mean",
    judged_mean_one: "the mean (a confidence bound needs two replications or more)",
    judged_bound: "the {pct} % confidence bound",
    shrinkage_line: "shrinkage {total} % (absenteeism {absenteeism} %, breaks {breaks} %, training {training} %): heads = ⌈required / {factor}⌉",
    erlang_column: "erlang",
    heads: "heads",
    on_shift: "on shift",
    over: "over",
    under: "under",
    scheduled: "scheduled",
    achieved_one: "KPIs achieved, all calls (means: {one_replication})",
    achieved_many: "KPIs achieved, all calls (mean ± half-width)",
    scheduled_header: "{header} sched",
    totals_line: "Totals{name}: {hours} agent-hours on the phones required; the heads to schedule make {fte} FTE of {fte_hours} h",
    shifts_line: "Shifts{name}: cost {cost} ({status}), {paid} paid hours = {fte} FTE",
    mip_bound: "; at most {gap} % above the optimum, which costs at least {bound}",
    mip_optimal: "optimal",
    mip_within_gap: "within the MIP gap of the optimum",
    mip_time_limit: "best found within the time limit",
    length_min: "length min",
    repair_round: "round {round}: {start} {group}: {from} → {to} agents on the phones ({missed})",
    not_repaired: "not repaired: {why}",
    still_missing: "after {rounds} rounds of repair, {start} still misses: {missed}",
    search_line: "search: Erlang seeds, then {simulations} whole-day simulations with common random numbers; {timing}",
    trace_heading: "First events of replication 0:",
    simulated_one: "{source}: 1 replication (seed {seed}): {one_replication}",
    simulated_many: "{source}: {replications} replications (seed {seed}), {estimates} ± {pct} % confidence half-widths",
    sl_definition: "service level = {basis}",
    days_meeting_line: "Days meeting each target (share of replications, {pct} % Wilson interval)",
    day_totals_features: "Day totals: lines, repeats and callbacks",
    entries_whole_day: "Entries and IVR, whole day",
    per_interval_all: "Per interval, all call types",
    groups_whole_day: "Agent groups, whole day",
    throughput: "{timing} ({rate} million calls/s)",
    model_c: "Erlang C (no abandonment)",
    model_a: "Erlang A (mean patience {patience} s)",
    traffic_line: "{calls} calls/hour × AHT {aht} s = {load} Erlangs",
    prob_waiting: "probability of waiting",
    sl_within_label: "service level ({within} s)",
    asa_answered_label: "ASA (answered callers)",
    abandonment: "abandonment",
    mean_wait_all_label: "mean wait (all callers)",
    occupancy: "occupancy",
    mean_queue_length: "mean queue length",
    erlang_b_label: "Erlang B (no queue)",
    scheduled_staff_label: "scheduled staff ({pct} % shrinkage)",
    targets_met_line: "targets ({targets}): met",
    targets_not_met_line: "targets ({targets}): NOT met: {shortfalls}",
    required_line: "required: {agents} agents",
    after_shrinkage: ", {staff} scheduled staff after {pct} % shrinkage",
    sl_short: "SL",
    asa_column: "ASA s",
    abandon_column: "abandon",
    queue: "queue",
    interval_minutes: "{model}, {minutes} min intervals",
    staff: "staff",
    erlang_total_line: "total: {calls} calls, {agent_hours} agent-hours on the phones, {staff_hours} paid staff-hours; peak {peak} agents ({peak_staff} staff)",
    comparing_one: "Comparing {n} scenarios with common random numbers: seed {seed}, 1 replication each (the first scenario's): no confidence intervals with one replication",
    comparing_many: "Comparing {n} scenarios with common random numbers: seed {seed}, {replications} each (the first scenario's), {pct} % confidence",
    differences_one: "Differences from A are on the same callers; a significance test needs two replications or more.",
    differences_many: "Differences from A are paired over replications (Student t); * = significant (the interval excludes 0); Welch ± = the unpaired half-width.",
    day_all_types: "Day, all call types",
    day_call_type: "Day, call type {name}",
    day_group: "Day, agent group {name}",
    models_heading: "Erlang C (nobody hangs up) and Erlang A (callers hang up after an exponential patience of mean {patience} s), {traffic}, service level within {within} s",
    models_title: "Erlang C and Erlang A side by side",
    over_agents: "Over agents",
    over_patience: "Over patience, at {agents} agents",
    patience_s_header: "patience s",
    no_patience_limit: "∞ (Erlang C)",
    unstable: "∞ queue",
    models_contrast: "At {agents} agents Erlang C says {c} % answered within {within} s, Erlang A {a} % with {abandon} % hanging up: C ignores the callers who leave, which shortens the queue for the others.",
    sl_against_patience: "Service level against mean patience",
    models_simulated: "Simulated ({prefix}): {scenario}, {replications} replications (seed {seed}) at each agent count, the same callers in every row; {counted}; ± = {pct} % confidence half-width.",
    models_counted_warmup: "days of {hours} h starting empty, calls of the first {warmup} min not counted (warm-up), so the queue counted is near its steady state, as the formulas'",
    models_counted_all: "days of {hours} h starting empty and every call counted (no warm-up): the first calls find a short queue, so the simulation may look a little better than the formulas' steady state",
    models_not_exponential: "Handle time {handle}, patience {patience}: Erlang A assumes both exponential, so the simulation may differ from it by more than the noise.",
    simulated_prefix: "S",
    simulation_series: "simulation ({pct} % interval)",
    simulation_word: "simulation",
    lines_model: "Erlang B (no queue: a call that finds every line busy is lost)",
    lines_target: "target: blocking ≤ {pct} %",
    lines_required: "lines needed: {lines}",
    lines_title: "Lines for a blocking target (Erlang B)",
    lines: "lines",
    blocking: "blocking",
    lost_per_hour: "lost calls/h",
    carried_erlangs: "carried Erlangs",
    line_occupancy: "line occupancy",
    blocking_against_lines: "Blocking against lines",
    verdict_heading: "Verdict, ranked by {kpi} ({better})",
    higher_is_better: "higher is better",
    lower_is_better: "lower is better",
    verdict_rank: "#",
    verdict_day_sl: "day SL %",
    verdict_worst_interval: "worst SL %",
    verdict_agent_hours: "agent h",
    verdict_targets: "targets",
    verdict_legend: "worst SL: the interval with the lowest service level; ✓ target met, ✗ missed;\ntargets: ✓ when every one is met over the day and in the worst interval.",
    verdict_reference_first: "{best} (the reference) ranks first by {kpi}.",
    verdict_first_significant: "{best} ranks first by {kpi}: {difference} from A, a significant difference.",
    verdict_first_within_noise: "{best} ranks first by {kpi}, but its {difference} from A is within the noise: more replications would tell them apart, or not.",
    verdict_first_untested: "{best} ranks first by {kpi}: {difference} from A (no test of significance here).",
    verdict_all_met: "Every target met over the day and in the worst interval: {list}.",
    verdict_none_met: "No scenario meets every target over the day and in its worst interval.",
    verdict_own_targets: "Each scenario is judged by its own targets (they differ).",
    sweep_one: "Common random numbers: seed {seed}, 1 replication at every point: {one_replication}",
    sweep_many: "Common random numbers: seed {seed}, {replications} at every point; means ± {pct} % confidence half-widths",
    sweep_paired_one: "on the same callers; a significance test needs two replications or more",
    sweep_paired_many: "paired over replications; * = significant",
    difference_line: "Difference from {name} = {value} ({paired})",
    sweep_points: "{count} points",
    sweep_difference_first: "Difference from the first point ({paired})",
    sweep_ivr_shares: "{node} \"{name}\": each option's share, % (the others scaled in proportion to sum to 100)",
    erlang_estimate: "Erlang",
    miss_service_level: "service level {value} % < {target} % within {within} s",
    miss_asa: "ASA {value} s > {max} s",
    miss_none_answered: "no caller is answered",
    miss_abandonment: "abandonment {value} % > {max} %",
    miss_occupancy: "occupancy {value} % > {max} %",
    miss_no_agent: "no agent for its calls",
    miss_on_bound: " (confidence bound)",
    csv: CsvWords {
        interval: "interval",
        start: "start",
        end: "end",
        group: "group",
        call_type: "call_type",
        erlang: "erlang",
        required: "required",
        heads_required: "heads_required",
        scheduled_heads: "scheduled_heads",
        over: "over",
        under: "under",
        scheduled: "scheduled",
        days_meeting: "days_meeting_{key}",
        agent: "agent",
        shift: "shift",
        day: "day",
        weekday: "weekday",
        breaks: "breaks",
        paid_hours: "paid_hours",
        cost: "cost",
        half_width: "_half_width",
        low: "_low",
        high: "_high",
        significant_suffix: "_significant",
        agents: "agents",
        offered_load_erlangs: "offered_load_erlangs",
        blocking_no_queue: "blocking_no_queue",
        prob_wait: "prob_wait",
        prob_abandon: "prob_abandon",
        service_level: "service_level",
        service_level_threshold_s: "service_level_threshold_s",
        asa_answered_s: "asa_answered_s",
        mean_wait_all_s: "mean_wait_all_s",
        occupancy: "occupancy",
        mean_queue_length: "mean_queue_length",
        scheduled_staff: "scheduled_staff",
        calls: "calls",
        aht_s: "aht_s",
        section: "section",
        name: "name",
        kpi: "kpi",
        scenario: "scenario",
        source: "source",
        vary: "vary",
        value: "value",
        mean: "mean",
        difference: "difference",
        difference_half_width: "difference_half_width",
        welch_half_width: "welch_half_width",
        significant: "significant",
        pairs: "pairs",
        group_section: "group",
    },
};

pub static PT: Words = Words {
    lang: Lang::Pt,
    calls: "chamadas",
    agents: "agentes",
    staffed: "escalados",
    required: "necessários",
    scheduled_staff: "quadro escalado",
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
    days_totals: "Totais dos {days} dias",
    groups_all_days: "Grupos de agentes, todos os {days} dias",
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
    shrinkage: "indisponibilidade",
    fte: "FTE",
    shift_cost: "custo dos turnos",
    schedule_repairs: "Ajustes da escala",
    schedule: "Escala",
    criterion_mean: "a média das replicações",
    criterion_bound: "o limite pessimista do intervalo de confiança",
    missed: "metas não atingidas",
    shift: "turno",
    start: "início",
    end: "fim",
    breaks: "pausas",
    days_off: "folgas",
    breaks_by_day: "+ por dia (escala individual)",
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
    replication: "replicação",
    thread: "linha de execução",
    threads: "linhas de execução",
    one_replication: "sem margens de erro com uma replicação",
    occupancy_at_most: "ocupação ≤ {pct} %",
    timing: "{calls} chamadas simuladas em {seconds} s",
    on_threads: " em {threads}",
    ratios_and_means: "razões sobre todos os dias (Σ/Σ) e médias",
    targets_line: "metas: {targets}",
    warning_line: "aviso: {warning}",
    note_line: "nota: {note}",
    day: "dia",
    yes: "sim",
    no: "não",
    kpi_label: "indicador",
    basis_offered: "atendidas em até T / recebidas",
    basis_answered: "atendidas em até T / atendidas",
    basis_short_abandons: "atendidas em até T / (recebidas − abandonos em até T)",
    sl_target_phrase: "{pct} % atendidas em até {within} s",
    sl_days_header: "NS {pct} % em {within} s",
    abandon_target_phrase: "abandono ≤ {pct} %",
    abandon_days_header: "abandono ≤ {pct} %",
    asa_target_phrase: "TME ≤ {asa} s",
    sl_within_header: "NS {within}s %",
    staffing_line: "Dimensionamento de {source} ({intervals} intervalos, {replications}, semente {seed})",
    targets_judged: "metas em todos os intervalos: {targets}; critério: {judged}",
    judged_mean: "a média",
    judged_mean_one: "a média (um limite de confiança requer duas replicações ou mais)",
    judged_bound: "o limite de confiança de {pct} %",
    shrinkage_line: "indisponibilidade {total} % (absenteísmo {absenteeism} %, pausas {breaks} %, treinamento {training} %): pessoas = ⌈necessários / {factor}⌉",
    erlang_column: "Erlang",
    heads: "pessoas",
    on_shift: "no turno",
    over: "sobra",
    under: "falta",
    scheduled: "escalados",
    achieved_one: "Indicadores obtidos, todas as chamadas (médias: {one_replication})",
    achieved_many: "Indicadores obtidos, todas as chamadas (média ± margem de erro)",
    scheduled_header: "{header} escala",
    totals_line: "Totais{name}: {hours} horas-agente de atendimento necessárias; as pessoas a escalar somam {fte} FTE de {fte_hours} h",
    shifts_line: "Turnos{name}: custo {cost} ({status}), {paid} horas pagas = {fte} FTE",
    mip_bound: "; no máximo {gap} % acima do ótimo, que custa pelo menos {bound}",
    mip_optimal: "ótimo",
    mip_within_gap: "dentro da tolerância do MIP em relação ao ótimo",
    mip_time_limit: "o melhor encontrado no tempo limite",
    length_min: "duração min",
    repair_round: "rodada {round}: {start} {group}: {from} → {to} agentes atendendo ({missed})",
    not_repaired: "não ajustada: {why}",
    still_missing: "após {rounds} rodadas de ajuste, {start} ainda não atinge: {missed}",
    search_line: "busca: pontos de partida de Erlang, depois {simulations} simulações do dia inteiro com números aleatórios comuns; {timing}",
    trace_heading: "Primeiros eventos da replicação 0:",
    simulated_one: "{source}: 1 replicação (semente {seed}): {one_replication}",
    simulated_many: "{source}: {replications} replicações (semente {seed}), {estimates} ± margens de erro com {pct} % de confiança",
    sl_definition: "nível de serviço = {basis}",
    days_meeting_line: "Dias que atingem cada meta (fração das replicações, intervalo de Wilson de {pct} %)",
    day_totals_features: "Totais do dia: linhas, rechamadas e callbacks",
    entries_whole_day: "Entradas e URA, dia inteiro",
    per_interval_all: "Por intervalo, todos os tipos de chamada",
    groups_whole_day: "Grupos de agentes, dia inteiro",
    throughput: "{timing} ({rate} milhões de chamadas/s)",
    model_c: "Erlang C (sem abandono)",
    model_a: "Erlang A (paciência média {patience} s)",
    traffic_line: "{calls} chamadas/hora × TMA {aht} s = {load} Erlangs",
    prob_waiting: "probabilidade de espera",
    sl_within_label: "nível de serviço ({within} s)",
    asa_answered_label: "TME (chamadas atendidas)",
    abandonment: "abandono",
    mean_wait_all_label: "espera média (todas as chamadas)",
    occupancy: "ocupação",
    mean_queue_length: "tamanho médio da fila",
    erlang_b_label: "Erlang B (sem fila)",
    scheduled_staff_label: "quadro escalado ({pct} % de indisponibilidade)",
    targets_met_line: "metas ({targets}): atingidas",
    targets_not_met_line: "metas ({targets}): NÃO atingidas: {shortfalls}",
    required_line: "necessários: {agents} agentes",
    after_shrinkage: ", {staff} no quadro após {pct} % de indisponibilidade",
    sl_short: "NS",
    asa_column: "TME s",
    abandon_column: "abandono",
    queue: "fila",
    interval_minutes: "{model}, intervalos de {minutes} min",
    staff: "quadro",
    erlang_total_line: "total: {calls} chamadas, {agent_hours} horas-agente de atendimento, {staff_hours} horas pagas do quadro; pico de {peak} agentes ({peak_staff} no quadro)",
    comparing_one: "Comparando {n} cenários com números aleatórios comuns: semente {seed}, 1 replicação cada (a do primeiro cenário): sem intervalos de confiança com uma replicação",
    comparing_many: "Comparando {n} cenários com números aleatórios comuns: semente {seed}, {replications} cada (as do primeiro cenário), confiança de {pct} %",
    differences_one: "As diferenças em relação a A são sobre os mesmos clientes; um teste de significância requer duas replicações ou mais.",
    differences_many: "As diferenças em relação a A são pareadas por replicação (t de Student); * = significativa (o intervalo exclui o 0); Welch ± = a margem de erro não pareada.",
    day_all_types: "Dia, todos os tipos de chamada",
    day_call_type: "Dia, tipo de chamada {name}",
    day_group: "Dia, grupo de agentes {name}",
    models_heading: "Erlang C (ninguém desiste) e Erlang A (clientes desistem após uma paciência exponencial de média {patience} s), {traffic}, nível de serviço em até {within} s",
    models_title: "Erlang C e Erlang A lado a lado",
    over_agents: "Por número de agentes",
    over_patience: "Por paciência, com {agents} agentes",
    patience_s_header: "paciência s",
    no_patience_limit: "∞ (Erlang C)",
    unstable: "fila ∞",
    models_contrast: "Com {agents} agentes o Erlang C prevê {c} % atendidas em até {within} s, o Erlang A {a} % com {abandon} % de abandono: o C ignora quem desiste, o que encurta a fila dos demais.",
    sl_against_patience: "Nível de serviço por paciência média",
    models_simulated: "Simulação ({prefix}): {scenario}, {replications} replicações (semente {seed}) em cada número de agentes, os mesmos clientes em todas as linhas; {counted}; ± = meia-amplitude do intervalo de confiança de {pct} %.",
    models_counted_warmup: "dias de {hours} h que começam vazios, sem contar as chamadas dos primeiros {warmup} min (aquecimento), de modo que a fila contada está perto do regime estacionário, como a das fórmulas",
    models_counted_all: "dias de {hours} h que começam vazios, todas as chamadas contadas (sem aquecimento): as primeiras encontram a fila curta, e a simulação pode parecer um pouco melhor que o regime estacionário das fórmulas",
    models_not_exponential: "Tempo de atendimento {handle}, paciência {patience}: o Erlang A supõe ambos exponenciais, e a simulação pode diferir dele mais do que o ruído.",
    simulated_prefix: "S",
    simulation_series: "simulação (intervalo de {pct} %)",
    simulation_word: "simulação",
    lines_model: "Erlang B (sem fila: a chamada que encontra todas as linhas ocupadas é perdida)",
    lines_target: "meta: bloqueio ≤ {pct} %",
    lines_required: "linhas necessárias: {lines}",
    lines_title: "Linhas para uma meta de bloqueio (Erlang B)",
    lines: "linhas",
    blocking: "bloqueio",
    lost_per_hour: "perdidas/h",
    carried_erlangs: "Erlangs cursados",
    line_occupancy: "ocupação das linhas",
    blocking_against_lines: "Bloqueio por número de linhas",
    verdict_heading: "Veredito, por {kpi} ({better})",
    higher_is_better: "maior é melhor",
    lower_is_better: "menor é melhor",
    verdict_rank: "#",
    verdict_day_sl: "NS dia %",
    verdict_worst_interval: "pior NS %",
    verdict_agent_hours: "h-agente",
    verdict_targets: "metas",
    verdict_legend: "pior NS: o intervalo de menor nível de serviço; ✓ meta cumprida, ✗ não cumprida;\nmetas: ✓ quando todas são cumpridas no dia e no pior intervalo.",
    verdict_reference_first: "{best} (a referência) fica em primeiro por {kpi}.",
    verdict_first_significant: "{best} fica em primeiro por {kpi}: {difference} em relação a A, uma diferença significativa.",
    verdict_first_within_noise: "{best} fica em primeiro por {kpi}, mas a diferença de {difference} em relação a A está dentro do ruído: mais replicações diriam se há diferença.",
    verdict_first_untested: "{best} fica em primeiro por {kpi}: {difference} em relação a A (sem teste de significância aqui).",
    verdict_all_met: "Todas as metas cumpridas no dia e no pior intervalo: {list}.",
    verdict_none_met: "Nenhum cenário cumpre todas as metas no dia e no pior intervalo.",
    verdict_own_targets: "Cada cenário é julgado pelas próprias metas (elas diferem).",
    sweep_one: "Números aleatórios comuns: semente {seed}, 1 replicação em cada ponto: {one_replication}",
    sweep_many: "Números aleatórios comuns: semente {seed}, {replications} em cada ponto; médias ± margens de erro com {pct} % de confiança",
    sweep_paired_one: "sobre os mesmos clientes; um teste de significância requer duas replicações ou mais",
    sweep_paired_many: "pareadas por replicação; * = significativa",
    difference_line: "Diferença em relação a {name} = {value} ({paired})",
    sweep_points: "{count} pontos",
    sweep_difference_first: "Diferença em relação ao primeiro ponto ({paired})",
    sweep_ivr_shares: "{node} \"{name}\": participação de cada opção, % (demais opções em proporção, somando 100)",
    erlang_estimate: "estimativa Erlang",
    miss_service_level: "nível de serviço {value} % < {target} % em até {within} s",
    miss_asa: "TME {value} s > {max} s",
    miss_none_answered: "nenhuma chamada é atendida",
    miss_abandonment: "abandono {value} % > {max} %",
    miss_occupancy: "ocupação {value} % > {max} %",
    miss_no_agent: "nenhum agente para as suas chamadas",
    miss_on_bound: " (limite de confiança)",
    csv: CsvWords {
        interval: "intervalo",
        start: "inicio",
        end: "fim",
        group: "grupo",
        call_type: "tipo_chamada",
        erlang: "erlang",
        required: "necessarios",
        heads_required: "pessoas_necessarias",
        scheduled_heads: "pessoas_no_turno",
        over: "sobra",
        under: "falta",
        scheduled: "escalados",
        days_meeting: "dias_atingindo_{key}",
        agent: "agente",
        shift: "turno",
        day: "dia",
        weekday: "dia_semana",
        breaks: "pausas",
        paid_hours: "horas_pagas",
        cost: "custo",
        half_width: "_margem_erro",
        low: "_inferior",
        high: "_superior",
        significant_suffix: "_significativa",
        agents: "agentes",
        offered_load_erlangs: "trafego_erlangs",
        blocking_no_queue: "bloqueio_sem_fila",
        prob_wait: "prob_espera",
        prob_abandon: "prob_abandono",
        service_level: "nivel_servico",
        service_level_threshold_s: "tempo_nivel_servico_s",
        asa_answered_s: "tme_atendidas_s",
        mean_wait_all_s: "espera_media_todas_s",
        occupancy: "ocupacao",
        mean_queue_length: "fila_media",
        scheduled_staff: "quadro_escalado",
        calls: "chamadas",
        aht_s: "tma_s",
        section: "secao",
        name: "nome",
        kpi: "indicador",
        scenario: "cenario",
        source: "arquivo",
        vary: "variavel",
        value: "valor",
        mean: "media",
        difference: "diferenca",
        difference_half_width: "diferenca_margem_erro",
        welch_half_width: "welch_margem_erro",
        significant: "significativa",
        pairs: "pares",
        group_section: "grupo",
    },
};

/// `erlang --explain` in Portuguese: no `.` but the decimals (written as
/// commas), lists separated by `;`.
pub static EXPLAIN_PT: ExplainText = ExplainText {
    decimal_comma: true,
    header: "{model} com n = {n} agentes",
    step_load: "Passo 1: carga oferecida",
    arrival_rate: "  λ = {lambda} chamadas/s ({per_hour} chamadas por hora); TMA = {aht} s",
    offered_load: "  A = λ × TMA = {lambda} × {aht} = {load} Erlangs",
    step_erlang_b: "Passo 2: Erlang B pela recorrência B(0) = 1; B(k) = A·B(k−1) / (k + A·B(k−1))",
    more_steps: "  … (mais {steps} passos) …",
    erlang_b: "  Erlang B = B({n}) = {b}: a fração perdida se não houvesse fila",
    c_step_wait: "Passo 3: Erlang C, a probabilidade de espera",
    c_wait: "  C = n·B / (n − A·(1 − B)) = {n} × {b} / ({n} − {load} × (1 − {b})) = {c}",
    c_step_asa: "Passo 4: tempo médio de espera (TME)",
    c_asa: "  TME = C × TMA / (n − A) = {c} × {aht} / ({n} − {load}) = {asa} s",
    step_service_level: "Passo 5: nível de serviço em até t = {t} s",
    c_service_level: "  NS = 1 − C × e^(−(n − A)·t / TMA) = 1 − {c} × e^(−({n} − {load}) × {t} / {aht}) = {sl}",
    c_step_occupancy: "Passo 6: ocupação e fila",
    c_occupancy: "  ocupação = A / n = {load} / {n} = {occupancy}",
    c_queue: "  Lq = C × A / (n − A) = {c} × {load} / {gap} = {lq} clientes esperando em média",
    a_step_chain: "Passo 3: a cadeia de nascimento e morte dos clientes no sistema",
    a_rates: "  λ = {lambda}/s; μ = 1/TMA = {mu}/s; θ = 1/paciência = 1/{patience} = {theta}/s",
    a_states: "  estados k ≤ n: Σ π_k = π_n / B (Erlang B); estados acima: π_(n+j) = π_(n+j−1) × λ / (nμ + jθ)",
    a_ratio: "  π_(n+{j}) / π_(n+{previous}) = {lambda} / ({nmu} + {j} × {theta}) = {ratio}",
    a_step_normalise: "Passo 4: normalizar e ler os indicadores (PASTA e lei de Little)",
    a_wait: "  P(espera) = Σ_(j≥0) π_(n+j) = {wait}",
    a_abandon: "  E[fila] = Σ j·π_(n+j) = {queue}; P(abandono) = θ·E[fila]/λ = {theta} × {queue} / {lambda} = {abandon}",
    a_mean_wait: "  espera média de todos os clientes = E[fila]/λ = {wait} s",
    a_step_service_level: "Passo 5: nível de serviço em até t = {t} s, termo a termo sobre a fila j que o cliente encontra ao chegar (PASTA)",
    a_offered_wait: "  com j clientes à frente, o cliente é atendido após V = Σ_(i=0…j) Exp(nμ + iθ) se a paciência durar; com a = nμ/θ, e^(−θV) ~ Beta(a; j+1)",
    a_shape: "  a = nμ/θ = {nmu} / {theta} = {a}; x = e^(−θt) = e^(−{theta} × {t}) = {x}",
    a_answered_by: "  P(até t | j) = P(atendido em até t | j) = a/(a+j+1) × (1 − P(NB ≤ j)); NB = NB(a+1; x) fracassos antes do (a+1)-ésimo sucesso",
    a_nb: "  P(NB = 0) = x^(a+1) = {x}^{r} = {first}; P(NB = j) = P(NB = j−1) × (a+j) × (1 − x) / j",
    a_answered_wait: "  E[V; at | j] = a/(a+j+1) × Σ_(i=0…j) 1/(θ·(a+1+i)): a espera dos atendidos, por cliente com j à frente (para o TME)",
    a_columns: [
        "j",
        "π_(n+j)",
        "a/(a+j+1)",
        "P(NB = j)",
        "P(NB ≤ j)",
        "P(até t | j)",
        "π × P(até t | j)",
        "E[V; at | j] s",
        "π × E[V; at | j]",
    ],
    a_first_left_out: "  filas j < {first} somam menos de 10⁻¹⁸ dos clientes: a cadeia começa em j = {first}",
    a_rows_summed: "  j = {from} a {to} ({terms} termos, somados aqui, não listados): Σ π = {probability}; Σ π × P(até t | j) = {answered_by}; Σ π × E[V; at | j] = {wait}",
    a_at_once: "  atendidos de imediato (menos de n agentes ocupados): 1 − P(espera) = 1 − {wait} = {at_once}",
    a_after_wait: "  atendidos após esperar, em até t: Σ π × P(até t | j) sobre j = {from} a {to} ({terms} termos) = {sum}",
    a_left_out: "  fora da tabela: os outros {terms} tamanhos de fila da cadeia (fora de j = {from} a {to}), com {probability} dos clientes, somando {answered_by} ao nível de serviço e {wait} s a Σ π × E[V; at | j]",
    a_nothing_left_out: "  fora da tabela: nada (a cadeia não tem outro tamanho de fila)",
    a_nobody_waits: "  ninguém espera: todos os clientes são atendidos de imediato",
    a_sl_offered: "  NS = atendidas em até t / recebidas = {at_once} + {shown} + {left_out} = {sl} = {pct} %",
    a_sl_answered: "  NS = atendidas em até t / atendidas = ({at_once} + {shown} + {left_out}) / {answered} = {sl} = {pct} %",
    a_abandoned_by: "  desistiram em até t = P(espera) − atendidos após esperar em até t − ainda esperando em t (x × Σ π × P(NB(a; x) ≤ j)) = {abandoned}",
    a_sl_short_abandons: "  NS = atendidas em até t / (recebidas − abandonos em até t) = ({at_once} + {shown} + {left_out}) / (1 − {abandoned}) = {sl} = {pct} %",
    a_step_asa: "Passo 6: tempo médio de espera (TME)",
    a_answered: "  P(atendido) = 1 − P(abandono) = 1 − {abandon} = {answered}",
    a_asa: "  TME = Σ π × E[V; at | j] / P(atendido) = ({shown} + {left_out}) / {answered} = {asa} s",
    a_none_answered: "  ninguém é atendido: sem TME",
    a_step_occupancy: "Passo 7: ocupação",
    a_occupancy: "  ocupação = A·(1 − P(abandono)) / n = {load} × {kept} / {n} = {occupancy}",
    result: "Resultado: NS({t} s) = {sl} % ({basis}); TME = {asa}; ocupação = {occupancy} %",
    none_answered: "ninguém atendido",
    basis_offered: "atendidas em até T / recebidas",
    basis_answered: "atendidas em até T / atendidas",
    basis_short_abandons: "atendidas em até T / (recebidas − abandonos em até T)",
    search_heading: "Último passo: o menor número de agentes que atinge todas as metas",
    search_no_steady_state: "  n − 1 = {fewer} agentes: o Erlang C não tem regime estacionário com n ≤ A = {load} (a fila cresce sem fim)",
    search_fewer: "  n − 1 = {fewer} agentes: {summary}; não atinge {missed}",
    search_required: "  n = {required} agentes: {summary}; atinge todas as metas",
    summary_sl: "NS {sl} % em até {t} s",
    summary_asa: "TME {asa} s",
    summary_abandon: "abandono {abandon} %",
    summary_occupancy: "ocupação {occupancy} %",
    lines_step_fewest: "Passo 3: o menor número de linhas com B(n) ≤ {max} (bloqueio ≤ {pct} %)",
    lines_too_few: "  B({fewer}) = {b} > {max}: {fewer} linhas bloqueiam chamadas demais",
    lines_enough: "  B({lines}) = {b} ≤ {max}: {lines} linhas; {lost} chamadas perdidas por hora; {carried} Erlangs escoados",
};

/// `text` with its first letter in capitals (a label that starts a sentence or a title).
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The terminal's English phrase of a miss is the JSON record's.
    #[test]
    fn english_misses_read_as_the_record_keeps_them() {
        let misses = [
            Miss::ServiceLevel {
                value: 0.7512,
                target: 0.8,
                within_s: 20.0,
            },
            Miss::Asa {
                value: 31.25,
                max: 15.0,
            },
            Miss::NoneAnswered,
            Miss::Abandonment {
                value: 0.0508,
                max: 0.05,
            },
            Miss::Occupancy {
                value: 0.912,
                max: 0.85,
            },
        ];
        for miss in misses {
            assert_eq!(EN.miss(&miss), miss.describe());
        }
        assert_eq!(PT.miss(&misses[3]), "abandono 5,08 % > 5,00 %");
    }

    #[test]
    fn fill_replaces_each_placeholder_once_and_keeps_braces_in_values() {
        let braces = "{b}";
        assert_eq!(
            fill("{a} and {b}", &[("a", &braces), ("b", &2)]),
            "{b} and 2"
        );
        assert_eq!(fill("no placeholder", &[]), "no placeholder");
    }
}
