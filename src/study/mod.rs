//! Studies over several scenarios on common random numbers: comparing them
//! ([`compare`]) and varying one value over a range ([`sweep`]), and the
//! verdict that ranks them ([`verdict`]).

pub mod compare;
pub mod sweep;
pub mod verdict;
