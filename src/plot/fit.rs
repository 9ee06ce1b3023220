//! Charts of `callsim fit`, per queue: Q-Q plots of the talk and after-call
//! work against the family AIC chose (points on the diagonal: a good fit),
//! and the Kaplan–Meier patience curve with its 95 % band and the censored
//! fits' survival curves, the naive mean marked.

use super::chart::{Chart, Guide, Series, XAxis};
use crate::fit::{DurationFit, FitReport, Fitted, QueueFit};
use crate::lang::Lang;

struct ChartWords {
    qq_title: &'static str,
    empirical: &'static str,
    fitted: &'static str,
    diagonal: &'static str,
    talk: &'static str,
    acw: &'static str,
    km_title: &'static str,
    wait: &'static str,
    still_waiting: &'static str,
    naive: &'static str,
    band: &'static str,
}

const EN: ChartWords = ChartWords {
    qq_title: "Q-Q plot",
    empirical: "log quantile (s)",
    fitted: "fitted quantile (s)",
    diagonal: "perfect fit",
    talk: "talk time",
    acw: "after-call work",
    km_title: "Patience: Kaplan–Meier and censored fits",
    wait: "seconds waited",
    still_waiting: "share still willing to wait",
    naive: "naive mean",
    band: "95 % band",
};

const PT: ChartWords = ChartWords {
    qq_title: "Gráfico Q-Q",
    empirical: "quantil do registro (s)",
    fitted: "quantil ajustado (s)",
    diagonal: "ajuste perfeito",
    talk: "tempo de conversação",
    acw: "pós-atendimento",
    km_title: "Paciência: Kaplan–Meier e ajustes censurados",
    wait: "segundos de espera",
    still_waiting: "fração ainda disposta a esperar",
    naive: "média ingênua",
    band: "faixa de 95 %",
};

/// Every chart of a fit, queue by queue.
pub fn charts(r: &FitReport, lang: Lang) -> Vec<Chart> {
    let w = match lang {
        Lang::En => &EN,
        Lang::Pt => &PT,
    };
    let mut charts = Vec::new();
    for (i, q) in r.queues.iter().enumerate() {
        let suffix = if r.queues.len() == 1 {
            String::new()
        } else {
            format!("_{}", i + 1)
        };
        if let Some(h) = &q.handle {
            charts.extend(qq(h, &format!("fit_qq_talk{suffix}"), w.talk, &q.name, w));
        }
        if let Some(a) = &q.after_call_work {
            charts.extend(qq(a, &format!("fit_qq_acw{suffix}"), w.acw, &q.name, w));
        }
        charts.extend(patience(q, &format!("fit_patience{suffix}"), w));
    }
    charts
}

fn blank(name: &str, title: String, x_label: &str, y_label: &str, band: &str) -> Chart {
    Chart {
        name: name.to_string(),
        title,
        x_label: x_label.to_string(),
        y_label: y_label.to_string(),
        x_axis: XAxis::Numeric,
        y_range: None,
        series: Vec::new(),
        y_guides: Vec::new(),
        x_guides: Vec::new(),
        band_label: band.to_string(),
    }
}

fn qq(fit: &DurationFit, name: &str, what: &str, queue: &str, w: &ChartWords) -> Option<Chart> {
    let best = fit.best()?;
    if fit.qq.is_empty() {
        return None;
    }
    let title = format!("{} — {queue}, {what}: {}", w.qq_title, best.family.name());
    let mut chart = blank(name, title, w.empirical, w.fitted, "");
    let mut points = Series::new(best.family.name(), 0);
    points.whiskers = true;
    points.points = fit.qq.clone();
    let top = fit.qq.iter().map(|p| p.0.max(p.1)).fold(0.0, f64::max);
    let mut diagonal = Series::new(w.diagonal, 6);
    diagonal.points = vec![(0.0, 0.0), (top, top)];
    chart.series.push(diagonal);
    chart.series.push(points);
    Some(chart)
}

fn patience(q: &QueueFit, name: &str, w: &ChartWords) -> Option<Chart> {
    let p = q.patience.as_ref()?;
    if p.kaplan_meier.is_empty() {
        return None;
    }
    let title = format!("{} — {}", w.km_title, q.name);
    let mut chart = blank(name, title, w.wait, w.still_waiting, w.band);
    chart.y_range = Some((0.0, 1.0));
    // A survival curve holds its value until the next event: each step is
    // drawn as two points at the event's time (before and after).
    let mut km = Series::new("Kaplan–Meier", 0);
    let (mut survival, mut low, mut high) = (1.0, 1.0, 1.0);
    km.points.push((0.0, 1.0));
    km.band.push((0.0, 1.0, 1.0));
    for s in &p.kaplan_meier {
        km.points.push((s.time_s, survival));
        km.band.push((s.time_s, low, high));
        survival = s.survival;
        low = (s.survival - 1.96 * s.se).max(0.0);
        high = (s.survival + 1.96 * s.se).min(1.0);
        km.points.push((s.time_s, survival));
        km.band.push((s.time_s, low, high));
    }
    let end = p.kaplan_meier.last().map_or(1.0, |s| s.time_s);
    chart.series.push(km);
    for (i, f) in p.fits.iter().enumerate() {
        let Some(fitted) = Fitted::of(&f.distribution) else {
            continue;
        };
        let mut curve = Series::new(format!("{} (AIC {:.0})", f.family.name(), f.aic), i + 1);
        curve.points = (0..=100)
            .map(|k| {
                let t = end * f64::from(k) / 100.0;
                (t, 1.0 - fitted.cdf(t.max(1e-9)))
            })
            .collect();
        chart.series.push(curve);
    }
    if let Some(naive) = p.naive_mean_s {
        chart.x_guides.push(Guide {
            value: naive,
            label: format!("{} {naive:.0} s", w.naive),
        });
    }
    Some(chart)
}
