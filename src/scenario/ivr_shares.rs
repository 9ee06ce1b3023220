//! `--set ivr_node[n].options[o].prob_pct=V` (and `--vary` of the same): the
//! shares set are kept and the node's other options are scaled, in their
//! proportions, to the rest of 100 %, so the menu still sums to 100 % as
//! validation requires (otherwise one share could never be changed alone).
//!
//! Shares are scaled in the units validation reads them in (10⁻⁶ %), the
//! rounding handed out by largest remainder, so the sum is exactly 100.

use std::collections::BTreeMap;

use super::warning::Warning;
use super::{Override, ScenarioError, Segment, parse_path, printable};
use crate::distribution::show;

/// Units of a percent in which shares are scaled: validation's precision.
const UNITS_PER_PCT: f64 = 1e6;
const ALL_UNITS: i64 = 100_000_000;

/// `(n, o)` when `path` is `ivr_node[n].options[o].prob_pct`.
pub fn share_path(path: &str) -> Option<(usize, usize)> {
    let segments = parse_path(path.trim()).ok()?;
    match segments.as_slice() {
        [
            Segment::Key(list),
            Segment::Index(n),
            Segment::Key(options),
            Segment::Index(o),
            Segment::Key(share),
        ] if list == "ivr_node" && options == "options" && share == "prob_pct" => Some((*n, *o)),
        _ => None,
    }
}

/// Scales the options of every node a share was set in (`texts` and
/// `overridden` are the `--set`s in order); a note for each node changed.
/// A node whose options are all set is left as it is (it must add up to
/// 100 % itself); a value that is not a number is left to validation.
pub(super) fn renormalise(
    document: &mut toml::Value,
    texts: &[String],
    overridden: &[Override],
) -> Result<Vec<Warning>, ScenarioError> {
    // Node → its options set, with the last `--set` that set one (blamed).
    let mut nodes: BTreeMap<usize, (Vec<usize>, &str)> = BTreeMap::new();
    for (text, o) in texts.iter().zip(overridden) {
        if let (false, Some((node, option))) = (o.removed, share_path(&o.path)) {
            let entry = nodes.entry(node).or_insert((Vec::new(), text));
            if !entry.0.contains(&option) {
                entry.0.push(option);
            }
            entry.1 = text;
        }
    }
    let mut notes = Vec::new();
    for (node, (set, text)) in nodes {
        let bad = |message: String| ScenarioError::BadOverride {
            text: printable(text),
            message,
        };
        let Some(table) = document
            .get_mut("ivr_node")
            .and_then(|l| l.get_mut(node))
            .and_then(|n| n.as_table_mut())
        else {
            continue;
        };
        let name = table
            .get("name")
            .and_then(|n| n.as_str())
            .unwrap_or("")
            .to_string();
        let Some(options) = table.get_mut("options").and_then(|o| o.as_array_mut()) else {
            continue;
        };
        let shares: Option<Vec<f64>> = options
            .iter()
            .map(|o| match o.get("prob_pct") {
                Some(toml::Value::Integer(i)) => Some(*i as f64),
                Some(toml::Value::Float(f)) => Some(*f),
                _ => None,
            })
            .collect();
        let Some(shares) = shares.filter(|s| s.iter().all(|v| v.is_finite())) else {
            continue;
        };
        let mut fixed = 0i64;
        for &o in &set {
            let Some(&share) = shares.get(o) else {
                continue;
            };
            if !(0.0..=100.0).contains(&share) {
                return Err(bad(format!(
                    "a share is a percentage from 0 to 100 (the node's other options are scaled to make up the rest), got {}",
                    show(share)
                )));
            }
            fixed += units(share);
        }
        let others: Vec<usize> = (0..options.len()).filter(|o| !set.contains(o)).collect();
        if others.is_empty() {
            continue;
        }
        let rest = ALL_UNITS - fixed;
        let place = format!("ivr_node[{node}]");
        if rest < 0 {
            return Err(bad(format!(
                "the shares set in {place} add up to {} %, more than 100 %",
                show(fixed as f64 / UNITS_PER_PCT)
            )));
        }
        let listed: Vec<String> = others.iter().map(|o| format!("options[{o}]")).collect();
        let listed = listed.join(", ");
        let weights: Vec<i64> = others.iter().map(|&o| units(shares[o]).max(0)).collect();
        let total: i64 = weights.iter().sum();
        if total == 0 {
            return Err(bad(format!(
                "the other options of {place} ({listed}) have no share to scale, so nothing can make up the rest of 100 %"
            )));
        }
        if rest == 0 {
            return Err(bad(format!(
                "leaves 0 % for the other options of {place} ({listed}), and every option needs a share above 0; give less than 100, or take an option out with --set {place}.options[N]=none"
            )));
        }
        let scaled = largest_remainder(&weights, rest);
        if let Some(k) = scaled.iter().position(|&u| u == 0) {
            return Err(bad(format!(
                "scales options[{}] of {place} below 0.000001 %, the smallest share; leave more to the other options",
                others[k]
            )));
        }
        let mut changed = false;
        let mut now = shares.clone();
        for (&o, &u) in others.iter().zip(&scaled) {
            let share = u as f64 / UNITS_PER_PCT;
            if units(shares[o]) != u {
                changed = true;
                options[o]
                    .as_table_mut()
                    .expect("an option with a prob_pct is a table")
                    .insert("prob_pct".into(), toml::Value::Float(share));
            }
            now[o] = share;
        }
        if changed {
            notes.push(Warning::IvrSharesScaled {
                node: place,
                name,
                shares: now,
            });
        }
    }
    Ok(notes)
}

/// A share in units of 10⁻⁶ %, as validation reads it.
fn units(share: f64) -> i64 {
    (share * UNITS_PER_PCT).round() as i64
}

/// `total` shared out in proportion to `weights` (not all 0), each share
/// rounded down and the units left given to the largest remainders (the
/// first on a tie): the shares add up to `total` exactly.
fn largest_remainder(weights: &[i64], total: i64) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|&w| i128::from(w)).sum();
    let exact: Vec<(i64, i128)> = weights
        .iter()
        .map(|&w| {
            let product = i128::from(w) * i128::from(total);
            ((product / sum) as i64, product % sum)
        })
        .collect();
    let mut shares: Vec<i64> = exact.iter().map(|(q, _)| *q).collect();
    let left = total - shares.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| exact[b].1.cmp(&exact[a].1).then(a.cmp(&b)));
    for &k in order.iter().take(left as usize) {
        shares[k] += 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_paths_are_recognised_exactly() {
        assert_eq!(share_path("ivr_node[1].options[2].prob_pct"), Some((1, 2)));
        assert_eq!(
            share_path(" ivr_node[0].options[0].prob_pct "),
            Some((0, 0))
        );
        assert_eq!(share_path("ivr_node[1].options[2]"), None);
        assert_eq!(share_path("call_type[0].retry.prob_pct"), None);
    }

    #[test]
    fn the_rest_is_shared_in_proportion_and_adds_up() {
        // 60 : 5 : 5 scaled to 70 % is 60 : 5 : 5 × 70/70; to 50 %: 42.857142…
        let shares = largest_remainder(&[60_000_000, 5_000_000, 5_000_000], 50_000_000);
        assert_eq!(shares.iter().sum::<i64>(), 50_000_000);
        assert_eq!(shares, [42_857_143, 3_571_429, 3_571_428]);
        assert_eq!(largest_remainder(&[1, 1, 1], 2), [1, 1, 0]);
    }
}
