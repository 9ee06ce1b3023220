//! Entry numbers and their IVR menus: names resolved, probabilities summing
//! to 100 %, and every menu able to reach an exit (no caller loops forever).

use std::collections::HashMap;

use super::{Check, checked_name, distribution, reference, retry, volume};
use crate::distribution::show;
use crate::scenario::error::FieldError;
use crate::scenario::raw::{RawIvrOutcome, RawScenario};
use crate::scenario::{Entry, IvrNode, IvrOption, IvrTarget};

/// Option probabilities are read to this many decimals of a percent and
/// must then add up to exactly 100: a tolerance on the sum would let an exit
/// of 1e-7 % vanish (100 % back to the same menu, 1e-7 % out: callers loop
/// for ever).
const PERCENT_DECIMALS: i32 = 6;

/// `prob_pct` in units of 10^-PERCENT_DECIMALS percent.
fn percent_units(prob_pct: f64) -> i64 {
    (prob_pct * 10f64.powi(PERCENT_DECIMALS)).round() as i64
}

pub(super) fn entries_and_nodes(
    raw: &RawScenario,
    type_index: &HashMap<&str, usize>,
    intervals: usize,
    interval_s: f64,
) -> Check<(Vec<Entry>, Vec<IvrNode>)> {
    let mut node_index: HashMap<&str, usize> = HashMap::new();
    for (n, node) in raw.ivr_nodes.iter().enumerate() {
        let name = checked_name(&format!("ivr_node[{n}].name"), &node.name)?;
        if let Some(first) = node_index.insert(name, n) {
            return Err(FieldError::new(
                format!("ivr_node[{n}].name"),
                format!("\"{name}\" is already the name of ivr_node[{first}]"),
            ));
        }
    }
    let known_nodes = || {
        let mut names: Vec<&str> = raw.ivr_nodes.iter().map(|n| n.name.trim()).collect();
        names.sort_unstable();
        names.join(", ")
    };

    let mut nodes = Vec::with_capacity(raw.ivr_nodes.len());
    for (n, node) in raw.ivr_nodes.iter().enumerate() {
        let at = |f: &str| format!("ivr_node[{n}].{f}");
        let prompt = distribution(&at("prompt"), &node.prompt)?;
        if node.options.is_empty() {
            return Err(FieldError::new(
                at("options"),
                "a node needs at least one option: next node, queue, or outcome",
            ));
        }
        let mut options = Vec::with_capacity(node.options.len());
        let mut total = 0;
        for (o, option) in node.options.iter().enumerate() {
            let at = |f: &str| format!("ivr_node[{n}].options[{o}].{f}");
            let prob_pct = super::in_range(
                &at("prob_pct"),
                option.prob_pct,
                "a percentage above 0 and at most 100",
                |v| v > 0.0 && v <= 100.0,
            )?;
            if percent_units(prob_pct) == 0 {
                return Err(FieldError::new(
                    at("prob_pct"),
                    format!(
                        "must be at least 0.000001 (percentages are read to {PERCENT_DECIMALS} decimals), got {}",
                        show(prob_pct)
                    ),
                ));
            }
            total += percent_units(prob_pct);
            let target = match (&option.next, &option.queue, option.outcome) {
                (Some(next), None, None) => {
                    let Some(&to) = node_index.get(reference(&at("next"), next)?) else {
                        return Err(FieldError::new(
                            at("next"),
                            format!("\"{next}\" is not an IVR node (known: {})", known_nodes()),
                        ));
                    };
                    IvrTarget::Node(to)
                }
                (None, Some(queue), None) => {
                    let Some(&t) = type_index.get(reference(&at("queue"), queue)?) else {
                        let mut known: Vec<&str> = type_index.keys().copied().collect();
                        known.sort_unstable();
                        return Err(FieldError::new(
                            at("queue"),
                            format!(
                                "\"{queue}\" is not a call type (known: {})",
                                known.join(", ")
                            ),
                        ));
                    };
                    IvrTarget::Queue(t)
                }
                (None, None, Some(RawIvrOutcome::SelfService)) => IvrTarget::SelfService,
                (None, None, Some(RawIvrOutcome::HangUp)) => IvrTarget::HangUp,
                _ => {
                    return Err(FieldError::new(
                        format!("ivr_node[{n}].options[{o}]"),
                        "give exactly one of next = \"node\", queue = \"call type\", or outcome = \"self_service\" / \"hang_up\"",
                    ));
                }
            };
            options.push(IvrOption {
                prob: prob_pct / 100.0,
                target,
            });
        }
        if total != percent_units(100.0) {
            return Err(FieldError::new(
                at("options"),
                format!(
                    "the options' prob_pct add up to {} %, not 100 % (read to {PERCENT_DECIMALS} decimals, they must add up to 100 exactly)",
                    show(total as f64 / 10f64.powi(PERCENT_DECIMALS))
                ),
            ));
        }
        nodes.push(IvrNode {
            name: node.name.trim().to_string(),
            prompt,
            options,
        });
    }
    if let Some(n) = trapped_node(&nodes) {
        return Err(FieldError::new(
            format!("ivr_node[{n}]"),
            format!(
                "callers in \"{}\" can never leave the IVR: its options only lead to other menus in a cycle; give the cycle an exit (a queue, self_service or hang_up)",
                nodes[n].name
            ),
        ));
    }

    let mut entries = Vec::with_capacity(raw.entries.len());
    let mut entry_names: HashMap<&str, usize> = HashMap::new();
    for (e, entry) in raw.entries.iter().enumerate() {
        let at = |f: &str| format!("entry[{e}].{f}");
        let name = checked_name(&at("name"), &entry.name)?;
        if let Some(first) = entry_names.insert(name, e) {
            return Err(FieldError::new(
                at("name"),
                format!("\"{name}\" is already the name of entry[{first}]"),
            ));
        }
        let calls_per_interval = volume(
            &format!("entry[{e}]"),
            entry.calls_per_interval.as_ref(),
            entry.calls_per_hour.as_ref(),
            intervals,
            interval_s,
        )?
        .ok_or_else(|| {
            FieldError::new(
                format!("entry[{e}]"),
                "give the volume: calls_per_interval (a number or one per interval) or calls_per_hour",
            )
        })?;
        let Some(&first_node) = node_index.get(reference(&at("ivr"), &entry.ivr)?) else {
            return Err(FieldError::new(
                at("ivr"),
                if nodes.is_empty() {
                    format!(
                        "\"{}\" is not an IVR node: add [[ivr_node]] tables",
                        entry.ivr
                    )
                } else {
                    format!(
                        "\"{}\" is not an IVR node (known: {})",
                        entry.ivr,
                        known_nodes()
                    )
                },
            ));
        };
        entries.push(Entry {
            name: name.to_string(),
            calls_per_interval,
            first_node,
            retry: entry
                .retry
                .as_ref()
                .map(|r| retry(&at("retry"), r))
                .transpose()?,
        });
    }
    if entries.is_empty() && !nodes.is_empty() {
        return Err(FieldError::new(
            "ivr_node",
            "no [[entry]] leads callers into the IVR: add an entry with `ivr = \"first node\"`",
        ));
    }
    Ok((entries, nodes))
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
