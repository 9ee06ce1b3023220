//! Running a scenario: its replications in parallel, folded in replication
//! order into the estimates ([`replicate`]). Blocks of replications run apart
//! and merged exactly live one floor up, in [`crate::shard`], because they
//! shard comparisons too.

pub mod replicate;
