//! The documents of `callsim forecast`: the terminal's backtest, winner,
//! day totals and `day_factor_cv` line; the CSV is the forecast file itself
//! (date, interval, queue, calls, aht_s, low, high), which `erlang
//! --intervals`, `simulate --forecast` and `staff --forecast` read.

use super::{Column, Document, Kind, Table, Value};
use crate::forecast::forecaster::ForecastReport;
use crate::forecast::models::Model;
use crate::lang::Lang;
use crate::report::Report;

impl Report for ForecastReport {
    fn table(&self, lang: Lang) -> Document {
        table(self, lang)
    }

    fn csv(&self, lang: Lang) -> Document {
        csv(self, lang)
    }
}

/// The words a planner reads, in English and Portuguese.
struct Words {
    lang: Lang,
    history: &'static str,
    to: &'static str,
    call_log: &'static str,
    days: &'static str,
    interval_minutes: &'static str,
    queues: &'static str,
    backtest: &'static str,
    queue: &'static str,
    model: &'static str,
    vs_naive: &'static str,
    wins: &'static str,
    naive_wins: &'static str,
    trend: &'static str,
    day_totals: &'static str,
    date: &'static str,
    calls: &'static str,
    low: &'static str,
    high: &'static str,
    variation: &'static str,
    interval: &'static str,
    aht_s: &'static str,
    warning: &'static str,
}

const EN: Words = Words {
    lang: Lang::En,
    history: "History",
    to: "to",
    call_log: "a call log counted into intervals",
    days: "days",
    interval_minutes: "-minute intervals",
    queues: "queue(s)",
    backtest: "Backtest on the last {weeks} week(s) held out (WAPE per interval, MAPE of daily totals)",
    queue: "queue",
    model: "model",
    vs_naive: "vs naive",
    wins: "{queue}: {model} wins, WAPE {wape} against {naive} for seasonal naive ({better} % better)",
    naive_wins: "{queue}: seasonal naive wins, WAPE {wape} (Holt-Winters × profile: {other})",
    trend: "; trend {trend} % a week",
    day_totals: "Forecast from {from}, {days} day(s), daily totals with {level} % prediction intervals",
    date: "date",
    calls: "calls",
    low: "low",
    high: "high",
    variation: "Day-to-day variation of the daily totals (from the backtest errors), for a scenario:",
    interval: "interval",
    aht_s: "aht_s",
    warning: "warning",
};

const PT: Words = Words {
    lang: Lang::Pt,
    history: "Histórico",
    to: "a",
    call_log: "um registro de chamadas contado em intervalos",
    days: "dias",
    interval_minutes: " minutos por intervalo",
    queues: "fila(s)",
    backtest: "Backtest nas últimas {weeks} semana(s) reservadas (WAPE por intervalo, MAPE dos totais diários)",
    queue: "fila",
    model: "modelo",
    vs_naive: "vs ingênuo",
    wins: "{queue}: {model} vence, WAPE {wape} contra {naive} do ingênuo sazonal ({better} % melhor)",
    naive_wins: "{queue}: o ingênuo sazonal vence, WAPE {wape} (Holt-Winters × perfil: {other})",
    trend: "; tendência {trend} % por semana",
    day_totals: "Previsão a partir de {from}, {days} dia(s), totais diários com intervalos de previsão de {level} %",
    date: "data",
    calls: "chamadas",
    low: "baixo",
    high: "alto",
    variation: "Variação de um dia para outro dos totais diários (dos erros do backtest), para um cenário:",
    interval: "intervalo",
    aht_s: "tma_s",
    warning: "aviso",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Pt => &PT,
    }
}

fn model_name(model: Model, lang: Lang) -> &'static str {
    match (model, lang) {
        (Model::SeasonalNaive, Lang::Pt) => "ingênuo sazonal",
        (Model::HoltWinters, Lang::Pt) => "Holt-Winters × perfil",
        (model, Lang::En) => model.name(),
    }
}

fn fill(template: &str, values: &[(&str, String)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (key, value)| {
            text.replace(&format!("{{{key}}}"), value)
        })
}

/// A share as a percent with one decimal: "12.3 %".
fn percent(share: f64, lang: Lang) -> String {
    if share.is_finite() {
        format!("{} %", lang.decimals(format!("{:.1}", share * 100.0)))
    } else {
        "–".into()
    }
}

/// A date as the language writes it: ISO, or dd/mm/yyyy.
fn date(iso: &str, lang: Lang) -> String {
    match (lang, chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")) {
        (Lang::Pt, Ok(d)) => d.format("%d/%m/%Y").to_string(),
        _ => iso.to_string(),
    }
}

const PERCENT: Kind = Kind::Number {
    scale: 100.0,
    decimals: 1,
    suffix: " %",
};

/// The terminal's text: the history, the backtest and its winners, the day
/// totals with their intervals, and the `day_factor_cv` line.
pub fn table(r: &ForecastReport, lang: Lang) -> Document {
    let w = words(lang);
    let mut doc = Document::new(None, lang);
    let h = &r.history;
    let mut about = format!(
        "{}: {} ({} {}, {} {} {}), {}{}, {} {}",
        w.history,
        h.source,
        h.days,
        w.days,
        date(&h.first_date, lang),
        w.to,
        date(&h.last_date, lang),
        h.interval_min,
        w.interval_minutes,
        h.queues,
        w.queues
    );
    if h.from_call_log {
        about.push_str(&format!(" — {}", w.call_log));
    }
    doc.line(about);
    for warning in &r.warnings {
        doc.line(format!("{}: {warning}", w.warning));
    }
    doc.gap();
    backtest(&mut doc, r, w);
    doc.gap();
    day_totals(&mut doc, r, w);
    doc.gap();
    doc.line(w.variation);
    doc.line("  [arrivals]");
    doc.line(format!(
        "  day_factor_cv = {}",
        day_factor_cv_text(r.day_factor_cv)
    ));
    doc
}

/// `day_factor_cv` as the scenario line writes it: three decimals, a point.
pub fn day_factor_cv_text(cv: f64) -> String {
    format!("{cv:.3}")
}

fn weekday_short(date: chrono::NaiveDate, lang: Lang) -> &'static str {
    use chrono::Datelike;
    let i = date.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
        Lang::Pt => ["seg", "ter", "qua", "qui", "sex", "sáb", "dom"][i],
    }
}

/// The forecast file: one row per date, queue and interval.
pub fn csv(r: &ForecastReport, lang: Lang) -> Document {
    let w = words(lang);
    let mut doc = Document::new(None, lang);
    let mut rows = Table::new(
        "forecast",
        vec![
            Column::label(w.date),
            Column::label(w.interval),
            Column::label(w.queue),
            Column::number(w.calls, 2),
            Column::number(w.aht_s, 1),
            Column::number(w.low, 0),
            Column::number(w.high, 0),
        ],
    );
    for i in &r.intervals {
        rows.rows.push(vec![
            Value::text(date(&i.date, lang)),
            Value::text(i.interval.as_str()),
            Value::text(i.queue.as_str()),
            Value::number(i.calls),
            Value::Number(i.aht_s),
            Value::number(i.low),
            Value::number(i.high),
        ]);
    }
    doc.table(rows);
    debug_assert_eq!(w.lang, lang);
    doc
}

/// The backtest table and one line per queue on its winner.
fn backtest(doc: &mut Document, r: &ForecastReport, w: &Words) {
    let lang = w.lang;
    let weeks = r.queues.first().map_or(0, |q| q.holdout_weeks);
    doc.line(fill(w.backtest, &[("weeks", weeks.to_string())]));
    let mut scores = Table::new(
        "backtest",
        vec![
            Column::label(w.queue),
            Column::label(w.model),
            Column::new("WAPE", PERCENT),
            Column::new("MAPE", PERCENT),
            Column::new(w.vs_naive, PERCENT),
        ],
    );
    for q in &r.queues {
        let naive = q.scores[0].wape;
        for s in &q.scores {
            let change =
                (s.model != Model::SeasonalNaive && naive > 0.0).then(|| s.wape / naive - 1.0);
            scores.rows.push(vec![
                Value::text(q.queue.as_str()),
                Value::text(model_name(s.model, lang)),
                Value::Number(s.wape.is_finite().then_some(s.wape)),
                Value::Number(s.mape.is_finite().then_some(s.mape)),
                Value::Number(change.filter(|c| c.is_finite())),
            ]);
        }
    }
    doc.table(scores);
    for q in &r.queues {
        let winner = q.scores.iter().find(|s| s.model == q.winner);
        let naive = q.scores[0];
        let wape = winner.map_or(f64::NAN, |s| s.wape);
        let mut line = if q.winner == Model::SeasonalNaive {
            let other = q.scores.get(1).map_or(f64::NAN, |s| s.wape);
            fill(
                w.naive_wins,
                &[
                    ("queue", q.queue.clone()),
                    ("wape", percent(wape, lang)),
                    ("other", percent(other, lang)),
                ],
            )
        } else {
            fill(
                w.wins,
                &[
                    ("queue", q.queue.clone()),
                    ("model", model_name(q.winner, lang).to_string()),
                    ("wape", percent(wape, lang)),
                    ("naive", percent(naive.wape, lang)),
                    (
                        "better",
                        lang.decimals(format!("{:.0}", q.improvement_over_naive * 100.0)),
                    ),
                ],
            )
        };
        if let Some(trend) = q.trend_pct_per_week {
            line.push_str(&fill(
                w.trend,
                &[("trend", lang.decimals(format!("{trend:+.1}")))],
            ));
        }
        doc.line(line);
    }
}

/// The forecast's daily totals with their prediction intervals.
fn day_totals(doc: &mut Document, r: &ForecastReport, w: &Words) {
    let lang = w.lang;
    doc.line(fill(
        w.day_totals,
        &[
            ("from", date(&r.from, lang)),
            ("days", r.days.to_string()),
            ("level", lang.decimals(format!("{}", r.level * 100.0))),
        ],
    ));
    let mut totals = Table::new(
        "day_totals",
        vec![
            Column::label(w.date),
            Column::label(w.queue),
            Column::number(w.calls, 0),
            Column::number(w.low, 0),
            Column::number(w.high, 0),
        ],
    );
    for d in &r.day_totals {
        let weekday = chrono::NaiveDate::parse_from_str(&d.date, "%Y-%m-%d")
            .map(|x| weekday_short(x, lang))
            .unwrap_or_default();
        totals.rows.push(vec![
            Value::text(format!("{} {weekday}", date(&d.date, lang))),
            Value::text(d.queue.as_str()),
            Value::number(d.calls),
            Value::number(d.low),
            Value::number(d.high),
        ]);
    }
    doc.table(totals);
}
