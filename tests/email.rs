//! E-mails (`channel = "email"`): with dedicated agents and no expiry the
//! response time is the M/M/n wait (its distribution solved here); every
//! replication of a shared three-day center keeps its e-mails (arrived =
//! answered + expired + left in the backlog), carries the evening's backlog
//! to the next morning, opens no e-mail while a call waits or after
//! closing, and never interrupts one; Little's law holds on the backlog.

mod common;

use callsim::model::{Channel, Model};
use callsim::observe::{Observation, Observer};
use callsim::scenario::Scenario;
use common::{CONFIDENCE, check_covers, every_replication};
use statrs::distribution::{ContinuousCDF, Normal};

/// The M/M/n wait: P(W ≤ t) = 1 − C(n, a)·e^{−(nμ − λ)t}, with Erlang C
/// written out here (not the library's).
fn mmn_wait_cdf(n: u32, per_hour: f64, handle_h: f64, t_h: f64) -> f64 {
    let a = per_hour * handle_h;
    let mut term = 1.0;
    let mut below = 0.0;
    for k in 0..n {
        below += term;
        term *= a / f64::from(k + 1);
    }
    let queued = term * f64::from(n) / (f64::from(n) - a);
    let c = queued / (below + queued);
    1.0 - c * (-(f64::from(n) / handle_h - per_hour) * t_h).exp()
}

/// Mean and half-width (normal, at `CONFIDENCE`) of per-replication values.
fn interval_of(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let z = Normal::standard().inverse_cdf(1.0 - (1.0 - CONFIDENCE) / 2.0);
    (mean, z * (var / n).sqrt())
}

#[test]
fn dedicated_agents_answer_emails_as_the_mmn_queue_waits() {
    // 3 agents, 20-minute e-mails, 6 an hour: a = 2 Erlangs. A 23-hour day;
    // the arrivals of hours 12 to 19 are measured. The first 12 hours are a
    // warm-up: the queue forgets its empty start at the rate
    // nμ(1 − √ρ)² ≈ 0.3 an hour, so what is left of it is below e^−3.6 of
    // Erlang C. After hour 19 the close could cut a wait short (a wait
    // beyond 4 hours has probability C·e^−12).
    let text = r#"
[simulation]
seed = 5
replications = 300
interval_min = 60
open = "00:30"
close = "23:30"

[[call_type]]
name = "mail"
channel = "email"
calls_per_interval = 6
handle = { dist = "exponential", mean_s = 1200 }
answer_within_h = 0.5

[[agent_group]]
name = "office"
agents = 3
skills = ["mail"]
"#;
    let scenario = Scenario::from_toml(text, "mail.toml", &[]).unwrap();
    let stats = every_replication(&scenario);
    let measured = 12..19;
    let share_within = |within: &dyn Fn(&callsim::observe::CallCounters) -> u64| {
        stats
            .iter()
            .map(|s| {
                let (mut inside, mut answered) = (0, 0);
                for k in measured.clone() {
                    let c = &s.calls[k];
                    assert_eq!(c.answered, c.offered, "an e-mail of hour {k} left unopened");
                    inside += within(c);
                    answered += c.answered;
                }
                inside as f64 / answered as f64
            })
            .collect::<Vec<_>>()
    };
    let exact = mmn_wait_cdf(3, 6.0, 1.0 / 3.0, 0.5);
    let simulated = share_within(&|c| c.answered_within);
    check_covers("P(response ≤ 30 min)", exact, interval_of(&simulated));
    // The distribution: the histogram's share within 0, 15 min, 45 min and
    // 1 h (further out the tail is too rare in 300 days for a normal interval).
    for t_h in [0.0, 0.25, 0.75, 1.0] {
        let per_replication: Vec<f64> = stats
            .iter()
            .map(|s| {
                let (mut inside, mut answered) = (0.0, 0.0);
                for k in measured.clone() {
                    let h = &s.waits[k];
                    inside += h.counts_within(std::iter::once(t_h * 3600.0))[0];
                    answered += h.total() as f64;
                }
                inside / answered
            })
            .collect();
        let exact = mmn_wait_cdf(3, 6.0, 1.0 / 3.0, t_h);
        // The histogram interpolates inside bins 2 % wide: at most half a
        // bin's probability off, which the check allows beside the interval.
        let (mean, half) = interval_of(&per_replication);
        let density = (mmn_wait_cdf(3, 6.0, 1.0 / 3.0, t_h * 1.02) - exact).abs();
        check_covers(
            &format!("P(response ≤ {t_h} h)"),
            exact,
            (mean, half + density),
        );
    }
    // The p90 response time of the pooled histograms against the exact
    // quantile q: its interval is the share's at q over the density there
    // (the delta method), plus the 2 % width of a bin.
    let rate_per_s = (9.0 - 6.0) / 3600.0;
    let c = 1.0 - mmn_wait_cdf(3, 6.0, 1.0 / 3.0, 0.0);
    let q_s = (c / 0.1).ln() / rate_per_s;
    let mut pooled = callsim::stats::WaitHistogram::default();
    let shares_at_q: Vec<f64> = stats
        .iter()
        .map(|s| {
            let (mut inside, mut answered) = (0.0, 0.0);
            for k in measured.clone() {
                pooled.merge(&s.waits[k]);
                inside += s.waits[k].counts_within(std::iter::once(q_s))[0];
                answered += s.waits[k].total() as f64;
            }
            inside / answered
        })
        .collect();
    let (_, share_half) = interval_of(&shares_at_q);
    let density_at_q = 0.1 * rate_per_s;
    let p90 = pooled.quantile(0.9).unwrap();
    check_covers(
        "p90 response s",
        q_s,
        (p90, share_half / density_at_q + 0.02 * q_s),
    );
}

const SHARED: &str = r#"
[simulation]
seed = 9
replications = 80
interval_min = 60
open = "08:00"
close = "14:00"
days = 3

[[call_type]]
name = "phone"
calls_per_interval = [40, 60, 70, 60, 50, 40]
handle = { dist = "exponential", mean_s = 240 }
patience = { dist = "exponential", mean_s = 120 }

[[call_type]]
name = "mail"
channel = "email"
calls_per_interval = [30, 35, 30, 25, 25, 20]
handle = { dist = "lognormal", mean_s = 480, cv = 0.8 }
answer_within_h = 4
expire_after_h = 16
backlog_start = 25

[[agent_group]]
name = "blended"
agents = [6, 7, 8, 7, 6, 5]
skills = ["phone", "mail"]

[[agent_group]]
name = "office"
agents = [2, 2, 2, 1, 1, 0]
skills = ["mail", "phone"]
"#;

/// Follows one replication and checks the e-mail rules as it goes.
#[derive(Default)]
struct EmailRules {
    phones_waiting: i64,
    closed: bool,
    /// Per agent: when its e-mail (or call) ends.
    busy_until: Vec<Option<f64>>,
    arrived: u64,
    opened: u64,
    expired: u64,
    left: u64,
    /// E-mails expired since the last closing, and the backlog then.
    night_expired: u64,
    backlog: i64,
    backlog_at_close: Option<i64>,
    carried_checks: u32,
    /// Nights that began with e-mails waiting.
    nights_with_backlog: u32,
}

impl Observer for EmailRules {
    fn observe(&mut self, t: f64, what: Observation<'_>) {
        use Observation as O;
        let is_mail = |c: callsim::model::CallTypeId| c.index() == 1;
        match what {
            O::Closed => {
                self.closed = true;
                self.backlog_at_close = Some(self.backlog);
                self.night_expired = 0;
            }
            O::IntervalStarted { .. } => {
                if self.closed
                    && let Some(at_close) = self.backlog_at_close.take()
                {
                    // The night's backlog is carried into the morning, less
                    // what expired overnight.
                    assert_eq!(self.backlog, at_close - self.night_expired as i64);
                    self.carried_checks += 1;
                    self.nights_with_backlog += u32::from(at_close > 0);
                }
                self.closed = false;
            }
            O::Arrival { call_type, .. } if is_mail(call_type) => self.arrived += 1,
            O::Queued { call_type, .. } => {
                if is_mail(call_type) {
                    self.backlog += 1;
                } else {
                    self.phones_waiting += 1;
                }
            }
            O::Answered(a) => {
                let agent = a.agent.index();
                if self.busy_until.len() <= agent {
                    self.busy_until.resize(agent + 1, None);
                }
                assert!(
                    self.busy_until[agent].is_none(),
                    "agent {agent} took two contacts"
                );
                self.busy_until[agent] = Some(t + a.talk_s + a.after_call_work_s);
                if is_mail(a.call_type) {
                    assert_eq!(a.channel, Channel::Email);
                    assert_eq!(
                        self.phones_waiting, 0,
                        "an e-mail opened at {t} while a call waited"
                    );
                    assert!(!self.closed, "an e-mail opened at {t} after closing");
                    self.opened += 1;
                    if a.from_queue {
                        self.backlog -= 1;
                    }
                } else if a.from_queue {
                    self.phones_waiting -= 1;
                }
            }
            O::AgentFree { agent, .. } => {
                let until = self.busy_until[agent.index()].take().expect("was busy");
                // Not interrupted: it ends when its handle time says.
                assert!(
                    (t - until).abs() <= 1e-9 * until.max(1.0),
                    "freed at {t}, due {until}"
                );
            }
            O::Abandoned { call_type, .. } | O::Dropped { call_type, .. } => {
                if is_mail(call_type) {
                    assert!(
                        matches!(what, O::Abandoned { .. }),
                        "an e-mail was dropped at closing"
                    );
                    self.expired += 1;
                    self.night_expired += u64::from(self.closed);
                    self.backlog -= 1;
                } else {
                    self.phones_waiting -= 1;
                }
            }
            O::Unfinished { call_type, .. } if is_mail(call_type) => {
                self.left += 1;
                self.backlog -= 1;
            }
            _ => {}
        }
    }
}

#[test]
fn shared_agents_keep_every_email_over_three_days() {
    let scenario = Scenario::from_toml(SHARED, "shared.toml", &[]).unwrap();
    let model = Model::compile(&scenario);
    let router = callsim::engine::ModelRouter::new(&model);
    let (mut carried, mut backlog_overnight, mut expired) = (0, 0, 0);
    for r in 0..u64::from(scenario.simulation.replications) {
        let mut rules = EmailRules::default();
        router.run(&model, 9, r, &mut rules).unwrap();
        assert_eq!(
            rules.arrived,
            rules.opened + rules.expired + rules.left,
            "replication {r}: an e-mail was lost"
        );
        assert_eq!(rules.backlog, 0);
        carried += rules.carried_checks;
        expired += rules.expired;
        backlog_overnight += rules.nights_with_backlog;
    }
    // Two nights per replication were checked, and the rules were at work.
    assert_eq!(carried, 2 * scenario.simulation.replications);
    assert!(
        expired > 0 && backlog_overnight > 0,
        "{expired} {backlog_overnight}"
    );
}

#[test]
fn littles_law_holds_on_the_backlog() {
    // ∫ backlog dt over the horizon (nights included) equals the time every
    // e-mail spent waiting: opened, expired, or still waiting at the end.
    let scenario = Scenario::from_toml(SHARED, "shared.toml", &[]).unwrap();
    let model = Model::compile(&scenario);
    let router = callsim::engine::ModelRouter::new(&model);
    #[derive(Default)]
    struct Waits {
        waited_s: f64,
    }
    impl Observer for Waits {
        fn observe(&mut self, t: f64, what: Observation<'_>) {
            match what {
                Observation::Answered(a) if a.call_type.index() == 1 => self.waited_s += a.wait_s,
                Observation::Abandoned {
                    call_type,
                    arrival_s,
                    ..
                }
                | Observation::Unfinished {
                    call_type,
                    arrival_s,
                    ..
                } if call_type.index() == 1 => self.waited_s += t - arrival_s,
                _ => {}
            }
        }
    }
    let stats = every_replication(&scenario);
    for (r, s) in stats.iter().enumerate() {
        let mut waits = Waits::default();
        router.run(&model, 9, r as u64, &mut waits).unwrap();
        let buckets = s.buckets();
        let backlog_s: f64 = s.queue_s[buckets..2 * buckets].iter().sum();
        assert!(
            (backlog_s - waits.waited_s).abs() <= 1e-9 * waits.waited_s,
            "replication {r}: ∫ backlog {backlog_s} s, waits {} s",
            waits.waited_s
        );
        // The report's backlog at each day's close is the collector's count.
        let mail = s.intervals..2 * s.intervals;
        let closes: Vec<u32> = s.waiting_at_close[mail].iter().flatten().copied().collect();
        assert_eq!(closes.len(), 3);
        assert_eq!(
            s.waiting_at_start[s.intervals],
            Some(25),
            "the first morning's backlog"
        );
        assert!(
            s.waiting_at_start[..s.intervals]
                .iter()
                .all(Option::is_none)
        );
    }
}
