//! The documents of `callsim fit`: the terminal's summary per queue (the
//! families ranked by AIC with their KS distance, censored patience beside
//! the naive mean, repeats, arrivals per weekday) and one long CSV table of
//! every estimate with its standard error. In the text, `±` is a 95 %
//! confidence half-width (1.96 standard errors); CSV and JSON give the
//! standard errors themselves.

use super::{Column, Document, Estimate, Facts, Kind, Table, Value};
use crate::fit::{DurationFit, FitReport, QueueFit, WEEKDAYS, clock};
use crate::lang::Lang;
use crate::report::Report;

/// 95 % two-sided normal quantile: text shows ± 1.96 SE.
const Z95: f64 = 1.96;

/// The words of the fit's documents.
struct FitWords {
    title: &'static str,
    rows: &'static str,
    days: &'static str,
    intervals: &'static str,
    queue: &'static str,
    attempts: &'static str,
    handle: &'static str,
    acw: &'static str,
    patience: &'static str,
    family: &'static str,
    mean_s: &'static str,
    cv: &'static str,
    ks_p: &'static str,
    naive: &'static str,
    km_median: &'static str,
    censored: &'static str,
    retrials: &'static str,
    balked: &'static str,
    recontacts: &'static str,
    fcr: &'static str,
    arrivals: &'static str,
    interval: &'static str,
    containment: &'static str,
    entry: &'static str,
    plus_minus: &'static str,
    weekdays: [&'static str; 7],
    no_callers: &'static str,
    csv: [&'static str; 10],
}

const EN: FitWords = FitWords {
    title: "Fit of",
    rows: "call attempts",
    days: "days",
    intervals: "intervals",
    queue: "Queue",
    attempts: "attempts / answered / abandoned / blocked",
    handle: "Handle (talk time), maximum likelihood by AIC",
    acw: "After-call work, maximum likelihood by AIC",
    patience: "Patience from censored waits",
    family: "family",
    mean_s: "mean (s)",
    cv: "cv",
    ks_p: "KS p",
    naive: "naive (abandoned waits only)",
    km_median: "Kaplan–Meier median (s)",
    censored: "of the waits censored (answered or left otherwise)",
    retrials: "retrials after abandoning or a busy signal",
    balked: "left at once on seeing the queue (balked)",
    recontacts: "recontacts after an answered call",
    fcr: "FCR",
    arrivals: "First attempts per interval (mean over the weekday's days; the scenario's retry and recontact make the repeats)",
    interval: "interval",
    containment: "containment (self-service)",
    entry: "IVR entry",
    plus_minus: "± is a 95 % confidence half-width (1.96 standard errors).",
    weekdays: WEEKDAYS,
    no_callers: "the log names no callers: repeats not measured",
    csv: [
        "queue",
        "measure",
        "family",
        "weekday",
        "interval",
        "value",
        "standard_error",
        "aic",
        "ks_distance",
        "ks_p_value",
    ],
};

const PT: FitWords = FitWords {
    title: "Ajuste de",
    rows: "tentativas de chamada",
    days: "dias",
    intervals: "intervalos",
    queue: "Fila",
    attempts: "tentativas / atendidas / abandonos / bloqueios",
    handle: "TMA de conversação, máxima verossimilhança por AIC",
    acw: "Pós-atendimento (TPA), máxima verossimilhança por AIC",
    patience: "Paciência a partir de esperas censuradas",
    family: "família",
    mean_s: "média (s)",
    cv: "cv",
    ks_p: "KS p",
    naive: "ingênua (só as abandonadas)",
    km_median: "mediana de Kaplan–Meier (s)",
    censored: "das esperas censuradas (atendidas ou outra saída)",
    retrials: "rechamadas após abandono ou sinal de ocupado",
    balked: "desistiram ao ver a fila, sem esperar",
    recontacts: "recontatos após chamada atendida",
    fcr: "FCR (resolução no primeiro contato)",
    arrivals: "Primeiras tentativas por intervalo (média dos dias do dia da semana; retry e recontact do cenário fazem as repetições)",
    interval: "intervalo",
    containment: "retenção na URA (autoatendimento)",
    entry: "Entrada da URA",
    plus_minus: "± é a semiamplitude do intervalo de 95 % (1,96 erros-padrão).",
    weekdays: ["seg", "ter", "qua", "qui", "sex", "sáb", "dom"],
    no_callers: "o registro não identifica os chamadores: repetições não medidas",
    csv: [
        "fila",
        "medida",
        "familia",
        "dia_semana",
        "intervalo",
        "valor",
        "erro_padrao",
        "aic",
        "ks_distancia",
        "ks_p",
    ],
};

fn words(lang: Lang) -> &'static FitWords {
    match lang {
        Lang::En => &EN,
        Lang::Pt => &PT,
    }
}

impl Report for FitReport {
    fn table(&self, lang: Lang) -> Document {
        table(self, lang)
    }

    fn csv(&self, lang: Lang) -> Document {
        csv(self, lang)
    }
}

fn estimate(mean: f64, se: Option<f64>) -> Value {
    Value::Estimate(Some(Estimate {
        mean,
        half_width: se.map(|s| Z95 * s),
    }))
}

fn estimate_column(header: &str, decimals: usize) -> Column {
    Column::new(
        header,
        Kind::Estimate {
            scale: 1.0,
            decimals,
        },
    )
}

/// The terminal's summary.
pub fn table(r: &FitReport, lang: Lang) -> Document {
    let w = words(lang);
    let mut doc = Document::new(Some(format!("{} {}", w.title, r.file)), lang);
    let mut facts = Facts::new("fit");
    facts.add(w.rows, r.rows.to_string());
    let by_day: Vec<String> = (0..7)
        .filter(|&d| r.days_by_weekday[d] > 0)
        .map(|d| format!("{} {}", w.weekdays[d], r.days_by_weekday[d]))
        .collect();
    facts.add(w.days, format!("{} ({})", r.days, by_day.join(", ")));
    facts.add(
        w.intervals,
        format!(
            "{} min, {}–{}",
            r.interval_min,
            clock(r.open_interval, r.interval_min),
            clock(r.close_interval, r.interval_min)
        ),
    );
    doc.push(super::Block::Facts(facts));
    doc.line(w.plus_minus);
    for q in &r.queues {
        queue_section(&mut doc, r, q, w);
    }
    for e in &r.entries {
        doc.gap();
        doc.heading(format!("{} {}", w.entry, e.name));
        let mut facts = Facts::new(format!("entry-{}", e.name));
        facts.add(w.rows, e.calls.to_string());
        facts.add(
            w.containment,
            share_text(lang, e.containment, e.containment_se),
        );
        doc.push(super::Block::Facts(facts));
    }
    doc
}

/// "51,50 % ± 3,09" in the document's language: a share and its 95 % half-width.
fn share_text(lang: Lang, share: f64, se: f64) -> String {
    let words = lang.words();
    format!(
        "{} % ± {}",
        words.decimal(share * 100.0, 2),
        words.decimal(Z95 * se * 100.0, 2)
    )
}

fn queue_section(doc: &mut Document, r: &FitReport, q: &QueueFit, w: &FitWords) {
    let lang = doc.lang;
    doc.gap();
    doc.heading(format!("{} {}", w.queue, q.name));
    let mut facts = Facts::new(format!("queue-{}", q.name));
    facts.add(
        w.attempts,
        format!(
            "{} / {} / {} / {}",
            q.attempts, q.answered, q.abandoned, q.blocked
        ),
    );
    if q.balked > 0 {
        facts.add(w.balked, q.balked.to_string());
    }
    if !r.has_callers {
        facts.add(w.retrials, w.no_callers);
    }
    let share = |s: f64, se: f64| share_text(lang, s, se);
    if let Some(rt) = &q.retrial {
        facts.add(w.retrials, share(rt.share, rt.share_se));
    }
    if let Some(rc) = &q.recontact {
        facts.add(w.recontacts, share(rc.share, rc.share_se));
        facts.add(w.fcr, share(1.0 - rc.share, rc.share_se));
    }
    doc.push(super::Block::Facts(facts));
    if let Some(h) = &q.handle {
        doc.gap();
        doc.heading(w.handle);
        doc.table(families_table(&format!("handle-{}", q.name), h, w));
    }
    if let Some(a) = &q.after_call_work {
        doc.gap();
        doc.heading(w.acw);
        doc.table(families_table(&format!("acw-{}", q.name), a, w));
    }
    if let Some(p) = &q.patience {
        doc.gap();
        doc.heading(format!(
            "{}: {} % {}",
            w.patience,
            lang.words().decimal(p.censored_share * 100.0, 1),
            w.censored,
        ));
        let mut t = Table::new(
            format!("patience-{}", q.name),
            vec![
                Column::label(w.family),
                Column::number("AIC", 1),
                estimate_column(w.mean_s, 1),
            ],
        );
        for f in &p.fits {
            t.rows.push(vec![
                Value::text(f.family.name()),
                Value::number(f.aic),
                estimate(f.mean_s, f.mean_se_s),
            ]);
        }
        if let Some(naive) = p.naive_mean_s {
            t.rows.push(vec![
                Value::text(w.naive),
                Value::Number(None),
                estimate(naive, p.naive_mean_se_s),
            ]);
        }
        if let Some(median) = p.kaplan_meier.iter().find(|s| s.survival <= 0.5) {
            t.rows.push(vec![
                Value::text(w.km_median),
                Value::Number(None),
                estimate(median.time_s, None),
            ]);
        }
        doc.table(t);
    }
    doc.gap();
    doc.heading(w.arrivals);
    doc.table(arrivals_table(r, q, w));
}

fn families_table(id: &str, fit: &DurationFit, w: &FitWords) -> Table {
    let mut t = Table::new(
        id,
        vec![
            Column::label(w.family),
            Column::number("AIC", 1),
            Column::number("ΔAIC", 1),
            estimate_column(w.mean_s, 1),
            estimate_column(w.cv, 3),
            Column::number("KS D", 4),
            Column::number(w.ks_p, 3),
        ],
    );
    let best = fit.families.first().map_or(0.0, |f| f.aic);
    for f in &fit.families {
        t.rows.push(vec![
            Value::text(f.family.name()),
            Value::number(f.aic),
            Value::number(f.aic - best),
            estimate(f.mean_s, f.mean_se_s),
            estimate(f.cv, f.cv_se),
            Value::number(f.ks.ks_distance),
            Value::number(f.ks.ks_p_value),
        ]);
    }
    t
}

fn arrivals_table(r: &FitReport, q: &QueueFit, w: &FitWords) -> Table {
    let weekdays: Vec<usize> = (0..7).filter(|&d| r.days_by_weekday[d] > 0).collect();
    let mut columns = vec![Column::label(w.interval)];
    columns.extend(weekdays.iter().map(|&d| estimate_column(w.weekdays[d], 1)));
    let mut t = Table::new(format!("arrivals-{}", q.name), columns);
    for interval in r.open_interval..r.close_interval {
        let mut row = vec![Value::text(clock(interval, r.interval_min))];
        for &d in &weekdays {
            let rate = q
                .arrivals
                .iter()
                .find(|a| a.weekday == d && a.interval == interval);
            row.push(rate.map_or(Value::Estimate(None), |a| {
                estimate(a.fresh_calls, Some(a.fresh_calls_se))
            }));
        }
        t.rows.push(row);
    }
    t
}

/// One row of the long CSV table.
#[derive(Default)]
struct Line<'a> {
    queue: &'a str,
    measure: &'a str,
    family: &'a str,
    weekday: &'a str,
    interval: String,
    value: f64,
    se: Option<f64>,
    aic: Option<f64>,
    ks: Option<(f64, f64)>,
}

fn push(t: &mut Table, l: Line<'_>) {
    t.rows.push(vec![
        Value::text(l.queue),
        Value::text(l.measure),
        Value::text(l.family),
        Value::text(l.weekday),
        Value::Text(l.interval),
        Value::number(l.value),
        Value::Number(l.se),
        Value::Number(l.aic),
        Value::Number(l.ks.map(|k| k.0)),
        Value::Number(l.ks.map(|k| k.1)),
    ]);
}

/// Every estimate as one long table: queue, measure, family, weekday,
/// interval, value, standard error, AIC, KS distance and p-value.
pub fn csv(r: &FitReport, lang: Lang) -> Document {
    let c = words(lang).csv;
    let mut columns: Vec<Column> = c[..5].iter().map(|h| Column::text(*h)).collect();
    columns.extend(c[5..].iter().map(|h| Column::number(*h, 6)));
    let mut t = Table::new("fit", columns);
    for q in &r.queues {
        csv_arrivals(&mut t, r, q);
        csv_durations(&mut t, q);
        csv_patience(&mut t, q);
        let queue = q.name.as_str();
        if let Some(rt) = &q.retrial {
            let measure = "retrial_share";
            push(
                &mut t,
                Line {
                    queue,
                    measure,
                    value: rt.share,
                    se: Some(rt.share_se),
                    ..Line::default()
                },
            );
        }
        if let Some(rc) = &q.recontact {
            let (measure, value) = ("fcr", 1.0 - rc.share);
            push(
                &mut t,
                Line {
                    queue,
                    measure,
                    value,
                    se: Some(rc.share_se),
                    ..Line::default()
                },
            );
        }
    }
    for e in &r.entries {
        let (queue, measure) = (e.name.as_str(), "containment");
        let se = Some(e.containment_se);
        push(
            &mut t,
            Line {
                queue,
                measure,
                value: e.containment,
                se,
                ..Line::default()
            },
        );
    }
    let mut doc = Document::new(None, lang);
    doc.table(t);
    doc
}

fn csv_arrivals(t: &mut Table, r: &FitReport, q: &QueueFit) {
    let queue = q.name.as_str();
    for a in &q.arrivals {
        let (weekday, interval) = (WEEKDAYS[a.weekday], clock(a.interval, r.interval_min));
        let at = |measure, value, se| Line {
            queue,
            measure,
            weekday,
            interval: interval.clone(),
            value,
            se,
            ..Line::default()
        };
        push(t, at("calls", a.calls, Some(a.calls_se)));
        push(
            t,
            at("first_attempts", a.fresh_calls, Some(a.fresh_calls_se)),
        );
        push(t, at("busy_agents", a.busy_agents, None));
    }
}

fn csv_durations(t: &mut Table, q: &QueueFit) {
    let queue = q.name.as_str();
    for (what, fit) in [("talk", &q.handle), ("acw", &q.after_call_work)] {
        for f in fit.iter().flat_map(|d| &d.families) {
            let (mean, cv) = (format!("{what}_mean_s"), format!("{what}_cv"));
            let base = || Line {
                queue,
                family: f.family.name(),
                aic: Some(f.aic),
                ks: Some((f.ks.ks_distance, f.ks.ks_p_value)),
                ..Line::default()
            };
            push(
                t,
                Line {
                    measure: &mean,
                    value: f.mean_s,
                    se: f.mean_se_s,
                    ..base()
                },
            );
            push(
                t,
                Line {
                    measure: &cv,
                    value: f.cv,
                    se: f.cv_se,
                    ..base()
                },
            );
        }
    }
}

fn csv_patience(t: &mut Table, q: &QueueFit) {
    let Some(p) = &q.patience else {
        return;
    };
    let queue = q.name.as_str();
    for f in &p.fits {
        let (family, aic) = (f.family.name(), Some(f.aic));
        let measure = "patience_mean_s";
        push(
            t,
            Line {
                queue,
                measure,
                family,
                value: f.mean_s,
                se: f.mean_se_s,
                aic,
                ..Line::default()
            },
        );
    }
    if let Some(value) = p.naive_mean_s {
        let measure = "patience_naive_mean_s";
        push(
            t,
            Line {
                queue,
                measure,
                value,
                se: p.naive_mean_se_s,
                ..Line::default()
            },
        );
    }
    let measure = "patience_censored_share";
    push(
        t,
        Line {
            queue,
            measure,
            value: p.censored_share,
            ..Line::default()
        },
    );
    for s in &p.kaplan_meier {
        let (measure, interval) = ("kaplan_meier_survival", s.time_s.to_string());
        push(
            t,
            Line {
                queue,
                measure,
                interval,
                value: s.survival,
                se: Some(s.se),
                ..Line::default()
            },
        );
    }
}
