//! An `[[ivr_node]]` table, an IVR menu: its prompt and its options, whose
//! probabilities sum to 100 %; and the check that every menu can reach an
//! exit (no caller loops forever).

use super::check::{Check, Errors, FieldPath, TableCheck, distribution, in_range};
use super::names::{NameIndex, reference};
use crate::distribution::show;
use crate::scenario::raw::{RawIvrNode, RawIvrOption, RawIvrOutcome};
use crate::scenario::{IvrNode, IvrOption, IvrTarget};

/// Option probabilities are read to this many decimals of a percent and
/// must then add up to exactly 100: a tolerance on the sum would let an exit
/// of 1e-7 % vanish (100 % back to the same menu, 1e-7 % out: callers loop
/// for ever).
const PERCENT_DECIMALS: i32 = 6;

/// `prob_pct` in units of 10^-PERCENT_DECIMALS percent.
fn percent_units(prob_pct: f64) -> i64 {
    (prob_pct * 10f64.powi(PERCENT_DECIMALS)).round() as i64
}

/// The call types and IVR menus options lead to, by name.
pub(super) struct Targets<'a, 'n> {
    pub(super) call_types: &'a NameIndex<'n>,
    pub(super) nodes: &'a NameIndex<'n>,
}

/// An IVR menu (`path`: `ivr_node[n]`); its name was checked with the
/// others' (see `names`).
pub(super) fn from_raw(
    raw: &RawIvrNode,
    targets: &Targets,
    path: &FieldPath,
) -> TableCheck<IvrNode> {
    let mut errors = Errors::default();
    let prompt = errors.check(distribution(&path.key("prompt"), &raw.prompt));
    let list = path.key("options");
    if raw.options.is_empty() {
        errors.push(list.error("a node needs at least one option: next node, queue, or outcome"));
    }
    // Each option with its probability in units of 10^-PERCENT_DECIMALS %.
    let options: Vec<Option<(IvrOption, i64)>> = raw
        .options
        .iter()
        .enumerate()
        .map(|(o, option)| errors.table(self::option(option, targets, &list.at(o))))
        .collect();
    let (Some(prompt), Some(options)) = (prompt, options.into_iter().collect::<Option<Vec<_>>>())
    else {
        return Err(errors.into_vec());
    };
    let total: i64 = options.iter().map(|(_, units)| units).sum();
    if !options.is_empty() && total != percent_units(100.0) {
        errors.push(list.error(format!(
            "the options' prob_pct add up to {} %, not 100 % (read to {PERCENT_DECIMALS} decimals, they must add up to 100 exactly)",
            show(total as f64 / 10f64.powi(PERCENT_DECIMALS))
        )));
    }
    errors.finish(IvrNode {
        name: raw.name.trim().to_string(),
        prompt,
        options: options.into_iter().map(|(option, _)| option).collect(),
    })
}

/// One way out of a menu (`path`: `ivr_node[n].options[o]`), with its
/// probability in units of 10^-PERCENT_DECIMALS %.
fn option(raw: &RawIvrOption, targets: &Targets, path: &FieldPath) -> TableCheck<(IvrOption, i64)> {
    let mut errors = Errors::default();
    let prob_pct = errors.check(probability(&path.key("prob_pct"), raw.prob_pct));
    let target = errors.check(target(raw, targets, path));
    let (Some(prob_pct), Some(target)) = (prob_pct, target) else {
        return Err(errors.into_vec());
    };
    let option = IvrOption {
        prob: prob_pct / 100.0,
        target,
    };
    errors.finish((option, percent_units(prob_pct)))
}

fn probability(path: &FieldPath, prob_pct: f64) -> Check<f64> {
    let prob_pct = in_range(
        path,
        prob_pct,
        "a percentage above 0 and at most 100",
        |v| v > 0.0 && v <= 100.0,
    )?;
    if percent_units(prob_pct) == 0 {
        return Err(path.error(format!(
            "must be at least 0.000001 (percentages are read to {PERCENT_DECIMALS} decimals), got {}",
            show(prob_pct)
        )));
    }
    Ok(prob_pct)
}

/// Where the option leads: exactly one of `next`, `queue`, `outcome`.
fn target(raw: &RawIvrOption, targets: &Targets, path: &FieldPath) -> Check<IvrTarget> {
    match (&raw.next, &raw.queue, raw.outcome) {
        (Some(next), None, None) => {
            let path = path.key("next");
            match targets.nodes.get(reference(&path, next)?) {
                Some(to) => Ok(IvrTarget::Node(to)),
                None => Err(path.error(format!(
                    "\"{next}\" is not an IVR node (known: {})",
                    targets.nodes.sorted()
                ))),
            }
        }
        (None, Some(queue), None) => {
            let path = path.key("queue");
            match targets.call_types.get(reference(&path, queue)?) {
                Some(t) => Ok(IvrTarget::Queue(t)),
                None => Err(path.error(format!(
                    "\"{queue}\" is not a call type (known: {})",
                    targets.call_types.sorted()
                ))),
            }
        }
        (None, None, Some(RawIvrOutcome::SelfService)) => Ok(IvrTarget::SelfService),
        (None, None, Some(RawIvrOutcome::HangUp)) => Ok(IvrTarget::HangUp),
        _ => Err(path.error(
            "give exactly one of next = \"node\", queue = \"call type\", or outcome = \"self_service\" / \"hang_up\"",
        )),
    }
}

/// Refuses a menu from which no exit (queue, self-service, hang-up) can be
/// reached (`list`: `ivr_node`).
pub(super) fn exits(nodes: &[IvrNode], list: &FieldPath) -> Check<()> {
    match trapped_node(nodes) {
        Some(n) => Err(list.at(n).error(format!(
            "callers in \"{}\" can never leave the IVR: its options only lead to other menus in a cycle; give the cycle an exit (a queue, self_service or hang_up)",
            nodes[n].name
        ))),
        None => Ok(()),
    }
}

/// A node from which no exit (queue, self-service, hang-up) can be reached.
fn trapped_node(nodes: &[IvrNode]) -> Option<usize> {
    // Nodes that can exit, found backwards from the nodes with a direct exit.
    let mut can_exit: Vec<bool> = nodes
        .iter()
        .map(|n| {
            n.options
                .iter()
                .any(|o| !matches!(o.target, IvrTarget::Node(_)))
        })
        .collect();
    loop {
        let mut changed = false;
        for (n, node) in nodes.iter().enumerate() {
            if !can_exit[n]
                && node
                    .options
                    .iter()
                    .any(|o| matches!(o.target, IvrTarget::Node(to) if can_exit[to]))
            {
                can_exit[n] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    can_exit.iter().position(|ok| !ok)
}
