//! Studies over several scenarios on common random numbers: comparing them
//! ([`compare`]) and varying one value over a range ([`sweep`]), and the
//! verdict that ranks them ([`verdict`]); the simulation beside Erlang C and
//! Erlang A ([`erlang_models`]).

pub mod compare;
pub mod erlang_models;
pub mod sweep;
pub mod verdict;
