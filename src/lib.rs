//! # callsim — call-center simulator and capacity planner
//!
//! callsim answers the questions of workforce planners, contact-center
//! managers and queueing-theory students: how many agents a call volume needs,
//! what service level a staffing gives, and why.
//!
//! This release ships the analytic core, [`erlang`]: Erlang B (blocking),
//! Erlang C (waiting, M/M/n) and Erlang A (waiting with abandonment, M/M/n+M),
//! exact to double precision up to a million Erlangs, with staffing searches.
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
pub mod kpi;
pub mod model;
pub mod observe;
pub mod random;
pub mod replicate;
pub mod report;
pub mod scenario;
pub mod stats;
