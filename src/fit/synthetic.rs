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
use rand::SeedableRng;
use rand_distr::{Distribution as _, Exp, Poisson};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::distribution::{Distribution, RawDistribution};

/// The header of the calls-log schema.
pub const HEADER: &str = "replication,caller,attempt,repeat,arrival,entry,ivr_s,ivr,queue,outcome,wait_s,talk_s,acw_s,group";

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

/// The distributions a log is drawn from.
struct Samplers {
    talk: Distribution,
    acw: Option<Distribution>,
    patience: Distribution,
    answer: Exp<f64>,
    retry_delay: Exp<f64>,
    recontact_delay: Exp<f64>,
}

fn exp(mean: f64) -> io::Result<Exp<f64>> {
    Exp::new(1.0 / mean).map_err(|e| io::Error::other(e.to_string()))
}

impl SyntheticLog {
    fn samplers(&self) -> io::Result<Samplers> {
        let invalid = |e: (&str, String)| io::Error::new(io::ErrorKind::InvalidInput, e.1);
        Ok(Samplers {
            talk: Distribution::new(&self.talk).map_err(invalid)?,
            acw: self
                .acw
                .as_ref()
                .map(Distribution::new)
                .transpose()
                .map_err(invalid)?,
            patience: Distribution::new(&self.patience).map_err(invalid)?,
            answer: exp(self.answer_wait_mean_s)?,
            retry_delay: exp(self.retry_delay_mean_s)?,
            recontact_delay: exp(self.recontact_delay_mean_s)?,
        })
    }

    /// Writes the log to `out` in arrival order (`days` are to be in date
    /// order within each replication); returns the rows written.
    pub fn write(&self, out: &mut impl Write) -> io::Result<u64> {
        let samplers = self.samplers()?;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(self.seed);
        writeln!(out, "{HEADER}")?;
        let mut written = 0;
        let mut next_caller = 1u64;
        let mut pending: Vec<Row> = Vec::new();
        for (day, &(replication, date)) in self.days.iter().enumerate() {
            let mut rows =
                self.day_rows(&samplers, &mut rng, replication, date, &mut next_caller)?;
            // Repeats may fall on a later day: the log stays in arrival order.
            pending.append(&mut rows);
            pending.sort_by_key(|r| (r.replication, r.arrival));
            let keep = match self.days.get(day + 1) {
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

    /// One day's callers and all their attempts.
    fn day_rows(
        &self,
        s: &Samplers,
        rng: &mut Xoshiro256PlusPlus,
        replication: u32,
        date: NaiveDate,
        next_caller: &mut u64,
    ) -> io::Result<Vec<Row>> {
        let weekday = chrono::Datelike::weekday(&date).num_days_from_monday() as usize;
        let midnight = date.and_hms_opt(0, 0, 0).expect("midnight");
        let mut rows = Vec::new();
        for (i, &mean) in self.calls_per_interval.iter().enumerate() {
            let mean = mean * self.weekday_factor[weekday];
            let count = if mean > 0.0 {
                Poisson::new(mean)
                    .map_err(|e| io::Error::other(e.to_string()))?
                    .sample(rng) as u64
            } else {
                0
            };
            let start_s = f64::from(self.open_min * 60 + i as u32 * self.interval_min * 60);
            for _ in 0..count {
                let at = start_s + rng.random::<f64>() * f64::from(self.interval_min * 60);
                let caller = *next_caller;
                *next_caller += 1;
                self.caller_rows(s, rng, (replication, caller), midnight, at, &mut rows);
            }
        }
        Ok(rows)
    }

    /// A caller's attempts, the first at `at` seconds after `midnight`, each
    /// later one a delay after the last one's end.
    fn caller_rows(
        &self,
        s: &Samplers,
        rng: &mut Xoshiro256PlusPlus,
        (replication, caller): (u32, u64),
        midnight: NaiveDateTime,
        at: f64,
        rows: &mut Vec<Row>,
    ) {
        let mut attempt = Attempt {
            at,
            number: 1,
            repeat: "first",
        };
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
            let chance = |rng: &mut Xoshiro256PlusPlus| rng.random::<f64>() * 100.0;
            let (end, again, retry) = if chance(rng) < self.blocked_pct {
                row.outcome = "blocked";
                (attempt.at, chance(rng) < self.retry_pct, true)
            } else {
                let p = s.patience.sample(rng);
                let w = s.answer.sample(rng);
                if p < w {
                    row.outcome = "abandoned";
                    row.wait_s = Some(p);
                    (attempt.at + p, chance(rng) < self.retry_pct, true)
                } else {
                    let t = s.talk.sample(rng);
                    row.wait_s = Some(w);
                    row.talk_s = Some(t);
                    row.acw_s = Some(s.acw.as_ref().map_or(0.0, |a| a.sample(rng)));
                    (attempt.at + w + t, chance(rng) >= self.fcr_pct, false)
                }
            };
            rows.push(row);
            if !again {
                return;
            }
            let delay = if retry {
                s.retry_delay.sample(rng)
            } else {
                s.recontact_delay.sample(rng)
            };
            attempt = Attempt {
                at: end + delay,
                number: attempt.number + 1,
                repeat: if retry { "retrial" } else { "recontact" },
            };
        }
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
