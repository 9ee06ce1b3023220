//! Running a scenario: its replications in parallel, folded in replication
//! order into the estimates ([`replicate`]), and blocks of replications run
//! apart and merged exactly ([`shard`]).

pub mod replicate;
pub mod shard;
