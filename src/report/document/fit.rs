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
    attempts: "attempts: answered / abandoned / blocked",
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
    recontacts: "recontacts after an answered call",
    fcr: "FCR",
    arrivals: "Calls per interval (mean over the weekday's days)",
    interval: "interval",
    containment: "containment (self-service)",
    entry: "IVR entry",
    plus_minus: "± is a 95 % confidence half-width (1.96 standard errors).",
    weekdays: WEEKDAYS,
    no_callers: "the log names no callers: repeats not measured",
    csv: ["queue", "measure", "family", "weekday", "interval", "value", "standard_error", "aic", "ks_distance", "ks_p_value"],
};

const PT: FitWords = FitWords {
    title: "Ajuste de",
    rows: "tentativas de chamada",
    days: "dias",
    intervals: "intervalos",
    queue: "Fila",
    attempts: "tentativas: atendidas / abandonadas / bloqueadas",
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
    recontacts: "recontatos após chamada atendida",
    fcr: "FCR (resolução no primeiro contato)",
    arrivals: "Chamadas por intervalo (média dos dias do dia da semana)",
    interval: "intervalo",
    containment: "retenção na URA (autoatendimento)",
    entry: "Entrada da URA",
    plus_minus: "± é a semiamplitude do intervalo de 95 % (1,96 erros-padrão).",
    weekdays: ["seg", "ter", "qua", "qui", "sex", "sáb", "dom"],
    no_callers: "o registro não identifica os chamadores: repetições não medidas",
    csv: ["fila", "medida", "familia", "dia_semana", "intervalo", "valor", "erro_padrao", "aic", "ks_distancia", "ks_p"],
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
    Column::new(header, Kind::Estimate { scale: 1.0, decimals })
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
            format!("{:.2} % ± {:.2}", e.containment * 100.0, Z95 * e.containment_se * 100.0),
        );
        doc.push(super::Block::Facts(facts));
    }
    doc
}

fn queue_section(doc: &mut Document, r: &FitReport, q: &QueueFit, w: &FitWords) {
    doc.gap();
    doc.heading(format!("{} {}", w.queue, q.name));
    let mut facts = Facts::new(format!("queue-{}", q.name));
    facts.add(
        w.attempts,
        format!("{} / {} / {} / {}", q.attempts, q.answered, q.abandoned, q.blocked),
    );
    if !r.has_callers {
        facts.add(w.retrials, w.no_callers);
    }
    let share = |s: f64, se: f64| format!("{:.2} % ± {:.2}", s * 100.0, Z95 * se * 100.0);
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
            "{}: {:.1} % {}",
            w.patience,
            p.censored_share * 100.0,
            w.censored,
        ));
        let mut t = Table::new(
            format!("patience-{}", q.name),
            vec![Column::label(w.family), Column::number("AIC", 1), estimate_column(w.mean_s, 1)],
        );
        for f in &p.fits {
            t.rows.push(vec![
                Value::text(f.family.name()),
                Value::number(f.aic),
                estimate(f.mean_s, f.mean_se_s),
            ]);
        }
        if let Some(naive) = p.naive_mean_s {
            t.rows.push(vec![Value::text(w.naive), Value::Number(None), estimate(naive, p.naive_mean_se_s)]);
        }
        if let Some(median) = p.kaplan_meier.iter().find(|s| s.survival <= 0.5) {
            t.rows.push(vec![Value::text(w.km_median), Value::Number(None), estimate(median.time_s, None)]);
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
            let rate = q.arrivals.iter().find(|a| a.weekday == d && a.interval == interval);
            row.push(rate.map_or(Value::Estimate(None), |a| estimate(a.calls, Some(a.calls_se))));
        }
        t.rows.push(row);
    }
    t
}

/// Every estimate as one long table: queue, measure, family, weekday,
/// interval, value, standard error, AIC, KS distance and p-value.
pub fn csv(r: &FitReport, lang: Lang) -> Document {
    let w = words(lang);
    let c = w.csv;
    let mut t = Table::new(
        "fit",
        vec![
            Column::text(c[0]),
            Column::text(c[1]),
            Column::text(c[2]),
            Column::text(c[3]),
            Column::text(c[4]),
            Column::number(c[5], 6),
            Column::number(c[6], 6),
            Column::number(c[7], 6),
            Column::number(c[8], 6),
            Column::number(c[9], 6),
        ],
    );
    let mut push = |queue: &str, measure: &str, family: &str, weekday: &str, interval: String, value: f64, se: Option<f64>, aic: Option<f64>, ks: Option<(f64, f64)>| {
        t.rows.push(vec![
            Value::text(queue),
            Value::text(measure),
            Value::text(family),
            Value::text(weekday),
            Value::Text(interval),
            Value::number(value),
            Value::Number(se),
            Value::Number(aic),
            Value::Number(ks.map(|k| k.0)),
            Value::Number(ks.map(|k| k.1)),
        ]);
    };
    for q in &r.queues {
        let name = q.name.as_str();
        for a in &q.arrivals {
            let (day, at) = (WEEKDAYS[a.weekday], clock(a.interval, r.interval_min));
            push(name, "calls", "", day, at.clone(), a.calls, Some(a.calls_se), None, None);
            push(name, "first_attempts", "", day, at.clone(), a.fresh_calls, Some(a.fresh_calls_se), None, None);
            push(name, "busy_agents", "", day, at, a.busy_agents, None, None, None);
        }
        for (measure, fit) in [("talk", &q.handle), ("acw", &q.after_call_work)] {
            for f in fit.iter().flat_map(|d| &d.families) {
                let ks = Some((f.ks.ks_distance, f.ks.ks_p_value));
                push(name, &format!("{measure}_mean_s"), f.family.name(), "", String::new(), f.mean_s, f.mean_se_s, Some(f.aic), ks);
                push(name, &format!("{measure}_cv"), f.family.name(), "", String::new(), f.cv, f.cv_se, Some(f.aic), ks);
            }
        }
        if let Some(p) = &q.patience {
            for f in &p.fits {
                push(name, "patience_mean_s", f.family.name(), "", String::new(), f.mean_s, f.mean_se_s, Some(f.aic), None);
            }
            if let Some(naive) = p.naive_mean_s {
                push(name, "patience_naive_mean_s", "", "", String::new(), naive, p.naive_mean_se_s, None, None);
            }
            push(name, "patience_censored_share", "", "", String::new(), p.censored_share, None, None, None);
            for s in &p.kaplan_meier {
                push(name, "kaplan_meier_survival", "", "", format!("{}", s.time_s), s.survival, Some(s.se), None, None);
            }
        }
        if let Some(rt) = &q.retrial {
            push(name, "retrial_share", "", "", String::new(), rt.share, Some(rt.share_se), None, None);
        }
        if let Some(rc) = &q.recontact {
            push(name, "fcr", "", "", String::new(), 1.0 - rc.share, Some(rc.share_se), None, None);
        }
    }
    for e in &r.entries {
        push(&e.name, "containment", "", "", String::new(), e.containment, Some(e.containment_se), None, None);
    }
    let mut doc = Document::new(None, lang);
    doc.table(t);
    doc
}
