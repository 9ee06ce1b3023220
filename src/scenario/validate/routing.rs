//! Routing: the `[routing]` policy table, each call type's group preference
//! order (its `groups` key), and the call types no group serves.

use super::check::{Check, Errors, FieldPath, TableCheck, in_range};
use super::names::{NameIndex, reference};
use crate::scenario::Warning;
use crate::scenario::raw::{RawAgentSelection, RawCallType, RawRouting};
use crate::scenario::{AgentGroup, AgentSelection, Routing};

/// `path`: `routing`.
pub(super) fn from_raw(raw: &RawRouting, path: &FieldPath) -> TableCheck<Routing> {
    let aging_per_min = in_range(
        &path.key("aging_per_min"),
        raw.aging_per_min,
        ">= 0 and at most 1000000",
        |v| (0.0..=1e6).contains(&v),
    )
    .map_err(|e| vec![e])?;
    Ok(Routing {
        agent_selection: match raw.agent_selection {
            RawAgentSelection::LongestIdle => AgentSelection::LongestIdle,
            RawAgentSelection::FewestCalls => AgentSelection::FewestCalls,
            RawAgentSelection::LeastFlexible => AgentSelection::LeastFlexible,
            RawAgentSelection::RandomByIdle => AgentSelection::RandomByIdle,
        },
        aging_per_s: aging_per_min / 60.0,
    })
}

/// The groups call type `t` (`path`: `call_type[t]`) tries, in order: those
/// its `groups` key lists first, then the other groups serving it in file
/// order.
pub(super) fn preference(
    raw: &RawCallType,
    t: usize,
    groups: &[AgentGroup],
    group_index: &NameIndex,
    path: &FieldPath,
) -> Check<Vec<usize>> {
    let serving: Vec<usize> = (0..groups.len())
        .filter(|&g| groups[g].skills.contains(&t))
        .collect();
    let mut order = Vec::with_capacity(serving.len());
    let listed = path.key("groups");
    for (k, name) in raw.groups.iter().flatten().enumerate() {
        let path = listed.at(k);
        let Some(g) = group_index.get(reference(&path, name)?) else {
            return Err(path.error(format!(
                "\"{name}\" is not an agent group (known: {})",
                group_index.in_file_order()
            )));
        };
        if !serving.contains(&g) {
            return Err(path.error(format!(
                "group \"{name}\" does not serve \"{}\": add it to the group's skills",
                raw.name.trim()
            )));
        }
        if order.contains(&g) {
            return Err(path.error(format!("\"{name}\" is listed twice")));
        }
        order.push(g);
    }
    let rest: Vec<usize> = serving.into_iter().filter(|g| !order.contains(g)).collect();
    order.extend(rest);
    Ok(order)
}

/// The warnings for call types no group serves, when the scenario allows
/// them (`allow_unserved`); each is an error otherwise. `list`: `call_type`.
pub(super) fn unserved(
    call_types: &[RawCallType],
    groups: &[AgentGroup],
    allow_unserved: bool,
    list: &FieldPath,
) -> TableCheck<Vec<Warning>> {
    let mut errors = Errors::default();
    let mut warnings = Vec::new();
    let mut served = vec![false; call_types.len()];
    for &t in groups.iter().flat_map(|g| &g.skills) {
        served[t] = true;
    }
    for (t, call_type) in call_types.iter().enumerate() {
        if served[t] {
            let staffed = groups
                .iter()
                .filter(|g| g.skills.contains(&t))
                .any(|g| g.agents.iter().any(|&n| n > 0));
            if !staffed {
                warnings.push(Warning::NeverStaffed {
                    name: call_type.name.trim().to_string(),
                });
            }
            continue;
        }
        let warning = Warning::UnservedCallType {
            name: call_type.name.trim().to_string(),
        };
        if allow_unserved {
            warnings.push(warning);
        } else {
            errors.push(
                list.at(t)
                    .error(format!("{} ({})", warning.message(), warning.advice())),
            );
        }
    }
    errors.finish(warnings)
}
