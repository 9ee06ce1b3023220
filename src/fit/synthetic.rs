//! A synthetic call log with known truth, in the calls-log schema: for the
//! tests (do the estimators recover what was drawn?), the benchmark and the
//! README's sample (`examples/calls_synthetic.csv`). It is not a queue
//! simulation: each call draws its patience and, independently, the wait
//! until an agent would answer it (exponential); the shorter decides
//! whether it is answered or abandoned — exactly the censoring `fit`
//! undoes. Abandoned and blocked callers retry, answered ones recontact,
//! with the given shares and exponential delays.

use std::io::{self, Write};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rand::RngExt;
use rand_distr::{Distribution as _, Exp, Poisson};
use rand_xoshiro::Xoshiro256PlusPlus;
use rand::SeedableRng;

use crate::distribution::{Distribution, RawDistribution};

/// The header of the calls-log schema.
pub const HEADER: &str =
    "replication,caller,attempt,repeat,arrival,entry,ivr_s,ivr,queue,outcome,wait_s,talk_s,acw_s,group";

/// What to draw.
#[derive(Debug, Clone)]
pub struct SyntheticLog {
    pub seed: u64,
    /// (replication, date) of each day.
    pub days: Vec<(u32, NaiveDate)>,
    /// Minutes after midnight of the first interval.
    pub open_min: u32,
    pub interval_min: u32,
    /// Mean fresh calls per interval, one day's; times `weekday_factor`.
    pub calls_per_interval: Vec<f64>,
    /// Monday first.
    pub weekday_factor: [f64; 7],
    pub queue: String,
    pub talk: RawDistribution,
    pub acw: Option<RawDistribution>,
    pub patience: RawDistribution,
    /// Mean of the exponential wait until an agent would answer.
    pub answer_wait_mean_s: f64,
    /// Share of calls getting a busy signal.
    pub blocked_pct: f64,
    pub retry_pct: f64,
    pub retry_delay_mean_s: f64,
    pub fcr_pct: f64,
    pub recontact_delay_mean_s: f64,
}

struct Row {
    replication: u32,
    caller: u64,
    attempt: u32,
    repeat: &'static str,
    arrival: NaiveDateTime,
    outcome: &'static str,
    wait_s: Option<f64>,
    talk_s: Option<f64>,
    acw_s: Option<f64>,
}

impl SyntheticLog {
    /// Writes the log to `out` in arrival order (`days` are to be in date
    /// order within each replication); returns the rows written.
    pub fn write(&self, out: &mut impl Write) -> io::Result<u64> {
        let invalid = |e: (&str, String)| io::Error::new(io::ErrorKind::InvalidInput, e.1);
        let talk = Distribution::new(&self.talk).map_err(invalid)?;
        let acw = self.acw.as_ref().map(Distribution::new).transpose().map_err(invalid)?;
        let patience = Distribution::new(&self.patience).map_err(invalid)?;
        let answer = Exp::new(1.0 / self.answer_wait_mean_s).map_err(|e| io::Error::other(e.to_string()))?;
        let retry_delay = Exp::new(1.0 / self.retry_delay_mean_s).map_err(|e| io::Error::other(e.to_string()))?;
        let recontact_delay =
            Exp::new(1.0 / self.recontact_delay_mean_s).map_err(|e| io::Error::other(e.to_string()))?;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(self.seed);
        writeln!(out, "{HEADER}")?;
        let mut written = 0;
        let mut next_caller = 1u64;
        let mut pending: Vec<Row> = Vec::new();
        for (day, &(replication, date)) in self.days.iter().enumerate() {
            let weekday = chrono::Datelike::weekday(&date).num_days_from_monday() as usize;
            let midnight = date.and_hms_opt(0, 0, 0).expect("midnight");
            let mut rows = Vec::new();
            for (i, &mean) in self.calls_per_interval.iter().enumerate() {
                let mean = mean * self.weekday_factor[weekday];
                let count = if mean > 0.0 {
                    Poisson::new(mean).map_err(|e| io::Error::other(e.to_string()))?.sample(&mut rng) as u64
                } else {
                    0
                };
                let start_s = f64::from(self.open_min * 60 + i as u32 * self.interval_min * 60);
                for _ in 0..count {
                    let at = start_s + rng.random::<f64>() * f64::from(self.interval_min * 60);
                    let caller = next_caller;
                    next_caller += 1;
                    let mut attempt = Attempt { at, number: 1, repeat: "first" };
                    // A caller's attempts, each from the last one's end.
                    loop {
                        let arrival = midnight + Duration::milliseconds((attempt.at * 1000.0).round() as i64);
                        let mut row = Row {
                            replication,
                            caller,
                            attempt: attempt.number,
                            repeat: attempt.repeat,
                            arrival,
                            outcome: "answered",
                            wait_s: None,
                            talk_s: None,
                            acw_s: None,
                        };
                        let (end, again, retry) = if rng.random::<f64>() * 100.0 < self.blocked_pct {
                            row.outcome = "blocked";
                            (attempt.at, rng.random::<f64>() * 100.0 < self.retry_pct, true)
                        } else {
                            let p = patience.sample(&mut rng);
                            let w = answer.sample(&mut rng);
                            if p < w {
                                row.outcome = "abandoned";
                                row.wait_s = Some(p);
                                (attempt.at + p, rng.random::<f64>() * 100.0 < self.retry_pct, true)
                            } else {
                                let t = talk.sample(&mut rng);
                                row.wait_s = Some(w);
                                row.talk_s = Some(t);
                                row.acw_s = Some(acw.as_ref().map_or(0.0, |a| a.sample(&mut rng)));
                                (attempt.at + w + t, rng.random::<f64>() * 100.0 >= self.fcr_pct, false)
                            }
                        };
                        rows.push(row);
                        if !again {
                            break;
                        }
                        let delay = if retry { retry_delay.sample(&mut rng) } else { recontact_delay.sample(&mut rng) };
                        attempt = Attempt {
                            at: end + delay,
                            number: attempt.number + 1,
                            repeat: if retry { "retrial" } else { "recontact" },
                        };
                    }
                }
            }
            // Repeats may fall on a later day: the log stays in arrival order.
            pending.append(&mut rows);
            pending.sort_by_key(|r| (r.replication, r.arrival));
            let next = self.days.get(day + 1);
            let keep = match next {
                Some(&(r, d)) if r == replication => {
                    let cutoff = d.and_hms_opt(0, 0, 0).expect("midnight");
                    pending.partition_point(|row| row.arrival < cutoff)
                }
                _ => pending.len(),
            };
            for r in pending.drain(..keep) {
                self.write_row(out, &r)?;
                written += 1;
            }
        }
        Ok(written)
    }

    fn write_row(&self, out: &mut impl Write, r: &Row) -> io::Result<()> {
        let seconds = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.3}"));
        writeln!(
            out,
            "{},{},{},{},{},,,,{},{},{},{},{},{}",
            r.replication,
            r.caller,
            r.attempt,
            r.repeat,
            r.arrival.format("%Y-%m-%d %H:%M:%S%.3f"),
            self.queue,
            r.outcome,
            seconds(r.wait_s),
            seconds(r.talk_s),
            seconds(r.acw_s),
            if r.talk_s.is_some() { "team" } else { "" },
        )
    }
}

struct Attempt {
    at: f64,
    number: u32,
    repeat: &'static str,
}
