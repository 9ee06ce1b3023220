//! Studies over several scenarios on common random numbers: comparing them
//! ([`compare`]) and varying one value over a range ([`sweep`]).

pub mod compare;
pub mod sweep;
