//! Running a scenario: its replications in parallel, folded in replication
//! order into the estimates ([`replicate`]), and the calls log of the
//! replications asked for ([`calls_log`]). Blocks of replications run apart
//! and merged exactly live one floor up, in [`crate::shard`], because they
//! shard comparisons too.

pub mod calls_log;
pub mod replicate;
