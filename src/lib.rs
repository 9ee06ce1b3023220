//! # callsim — call-center simulator and capacity planner
//!
//! callsim answers the questions of workforce planners, contact-center
//! managers and queueing-theory students: how many agents a call volume needs,
//! what service level a staffing gives, and why.
//!
//! The data flows one way: a scenario file is parsed and validated into a
//! [`Scenario`](scenario::Scenario), compiled into a [`Model`](model::Model),
//! run replication by replication by the [`engine`], observed by the KPI
//! collector ([`observe`]), merged across replications ([`run::replicate`])
//! and written as its record (JSON) or as a [`report`] document rendered as
//! a table, CSV or HTML.
//!
//! ## Layers
//!
//! A module imports only from rows above its own (and from modules before it
//! in its row); the random streams are private to the crate:
//!
//! | layer | modules |
//! |---|---|
//! | numbers | [`inputs`] (the files this run has read), [`template`] (sentences with `{name}` placeholders), [`stats`], [`tabular`] (exported tables in any locale), [`distribution`], [`erlang`], [`forecast`] (the forecast file; history, models, backtest) |
//! | the center | [`model`] (typed ids, rules), [`observe`] (one `Observation` enum), [`engine`] (one file per concern) |
//! | input | [`scenario`] (parse, validate per table, compile into a model, budget), [`fit`] (a call log to a scenario: arrivals, durations, censored patience, repeats) |
//! | what is measured | [`kpi`] (definitions tables, estimators), [`lang`] (words, en and pt) |
//! | runs | [`run`] (replications), [`study`] (compare, sweep), [`shard`] (split and merge), [`staffing`] (search, shifts) |
//! | output | [`record`] (saved schemas), [`plot`] (charts), [`report`] (documents and their renderers) |
//! | front | [`cli`] (clap, one module per command) |
//!
//! ## Simulate a scenario
//!
//! ```
//! use callsim::kpi::{CallKpi, Scope};
//! use callsim::run::replicate::{simulate, RunOptions};
//! use callsim::scenario::Scenario;
//!
//! let scenario = Scenario::from_toml(r#"
//!     [simulation]
//!     seed = 1
//!     replications = 20
//!     intervals = 4                  # four half hours
//!
//!     [[call_type]]
//!     name = "support"
//!     calls_per_interval = 100
//!     handle = { dist = "lognormal", mean_s = 240, cv = 0.6 }
//!     patience = { dist = "exponential", mean_s = 120 }
//!
//!     [[agent_group]]
//!     name = "team"
//!     agents = 15
//!     skills = ["support"]
//! "#, "example.toml", &[])?;
//!
//! let run = simulate(&scenario, &RunOptions::default())?;
//! let day = Scope { call_type: None, interval: None };
//! let sl = run.moments.call(day, CallKpi::ServiceLevel, 0.95).unwrap();
//! println!("service level {:.1} % ± {:.1}", sl.mean * 100.0, sl.half_width.unwrap() * 100.0);
//! assert!(sl.mean > 0.5 && sl.mean < 1.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Ask Erlang
//!
//! [`erlang`] has Erlang B (blocking), Erlang C (waiting, M/M/n) and Erlang A
//! (waiting with abandonment, M/M/n+M), exact to double precision up to a
//! million Erlangs, with staffing searches.
//!
//! ```
//! use callsim::erlang::{evaluate, QueueModel, ServiceLevelBasis, ServiceLevelQuery, Traffic};
//!
//! // 300 calls in a half hour, 4 minutes each: 40 Erlangs.
//! let traffic = Traffic::from_calls_per_interval(300.0, 1800.0, 240.0)?;
//! let query = ServiceLevelQuery::new(20.0, ServiceLevelBasis::Offered)?;
//!
//! // Without abandonment (Erlang C), 44 agents give:
//! let c = evaluate(&traffic, QueueModel::ErlangC, 44, query)?;
//! // Callers who hang up after 2 minutes on average (Erlang A) shorten the queue:
//! let a = evaluate(&traffic, QueueModel::ErlangA { patience_s: 120.0 }, 44, query)?;
//! assert!(a.service_level > c.service_level);
//! assert!(a.prob_abandon > 0.0 && c.prob_abandon == 0.0);
//! # Ok::<(), callsim::erlang::ErlangError>(())
//! ```

pub mod cli;
pub mod distribution;
pub mod engine;
pub mod erlang;
pub mod fit;
pub mod forecast;
pub mod inputs;
pub mod kpi;
pub mod lang;
pub mod model;
pub mod observe;
pub mod plot;
pub(crate) mod random;
pub mod record;
pub mod report;
pub mod run;
pub mod scenario;
pub mod shard;
pub mod staffing;
pub mod stats;
pub mod study;
pub mod tabular;
pub mod template;
