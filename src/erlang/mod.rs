//! Erlang B, C and A: exact queueing formulas for instant estimates and staffing.
//!
//! | model | assumes | answers |
//! |---|---|---|
//! | [`erlang_b`] | no queue: a caller who finds every agent busy is lost | blocking |
//! | [`ErlangC`] | unlimited queue, nobody hangs up (M/M/n) | P(wait), ASA, SL, occupancy |
//! | [`ErlangA`] | callers hang up after an exponential patience (M/M/n+M) | the above plus abandonment |
//! | [`Blending`] | inbound beside an outbound dialer that dials while more than K agents idle | inbound KPIs, dials, connects, nuisance |
//! | [`ErlangChat`] | chat: each agent holds up to k conversations, slower when busier | the above, plus chats per agent |
//!
//! ```
//! use callsim::erlang::{required_agents, QueueModel, ServiceLevelBasis, Targets, Traffic};
//!
//! // 100 Erlangs (2 000 calls per hour of 180 s): how many agents for 80 % in 20 s?
//! let traffic = Traffic::from_calls_per_hour(2000.0, 180.0).unwrap();
//! let targets = Targets { service_level: Some("80/20".parse().unwrap()), ..Targets::default() };
//! let kpis = required_agents(&traffic, QueueModel::ErlangC, &targets, ServiceLevelBasis::Offered).unwrap();
//! assert_eq!(kpis.agents, 107);
//! ```

mod blend;
mod chat;
mod erlang_a;
mod erlang_b;
mod erlang_c;
mod error;
pub mod explain;
mod kpis;
mod lines;
mod models;
mod staffing;
mod traffic;

pub use blend::{
    BlendError, BlendKpis, Blending, Dialer, InboundKpis, MAX_BLEND_STATES, TAIL_TOLERANCE,
};
pub use chat::{
    CONVERGENCE_TOLERANCE, ChatCenter, ChatError, ChatKpis, ErlangChat, MAX_CHAT_STATES, MAX_CHATS,
    min_stable_chat_agents, required_chat_agents,
};
pub use erlang_a::{ErlangA, MAX_QUEUE_STATES, OutcomesAt};
pub use erlang_b::{erlang_b, erlang_b_recursion};
pub use erlang_c::{ErlangC, min_stable_agents};
pub use error::ErlangError;
pub(crate) use error::check;
pub use kpis::{Kpis, QueueModel, ServiceLevelBasis, ServiceLevelQuery, evaluate};
pub use lines::{
    LineKpis, explain_lines, explain_lines_in, line_kpis, lines_table, required_lines, share_as_pct,
};
pub use models::{AgentsRow, ModelComparison, ModelPoint, PatienceRow, compare_models};
pub use staffing::{
    DEFAULT_SERVICE_LEVEL_THRESHOLD_S, Miss, ServiceLevelTarget, Targets, kpi_table,
    required_agents, required_with_table, scheduled_staff,
};
pub use traffic::{
    MAX_AGENTS, MAX_AHT_S, MAX_INTERVAL_S, MAX_LOAD_ERLANGS, MIN_INTERVAL_S, Traffic,
};
