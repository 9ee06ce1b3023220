//! Routing settings: each call type's group preference order and the
//! `[routing]` policy table.

use std::collections::HashMap;

use super::{Check, in_range, reference};
use crate::scenario::error::FieldError;
use crate::scenario::raw::{RawAgentSelection, RawRouting, RawScenario};
use crate::scenario::{AgentGroup, AgentSelection, CallType, Routing};

/// Fills each call type's `preference`: the groups listed in its `groups`
/// key first, then the other groups serving it in file order.
pub(super) fn preferences(
    raw: &RawScenario,
    call_types: &mut [CallType],
    groups: &[AgentGroup],
    group_index: &HashMap<&str, usize>,
) -> Check<()> {
    for (t, call_type) in call_types.iter_mut().enumerate() {
        let serving: Vec<usize> = (0..groups.len())
            .filter(|&g| groups[g].skills.contains(&t))
            .collect();
        let mut order = Vec::with_capacity(serving.len());
        for (k, name) in raw.call_types[t].groups.iter().flatten().enumerate() {
            let field = format!("call_type[{t}].groups[{k}]");
            let Some(&g) = group_index.get(reference(&field, name)?) else {
                let known: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
                return Err(FieldError::new(
                    field,
                    format!(
                        "\"{name}\" is not an agent group (known: {})",
                        known.join(", ")
                    ),
                ));
            };
            if !serving.contains(&g) {
                return Err(FieldError::new(
                    field,
                    format!(
                        "group \"{name}\" does not serve \"{}\": add it to the group's skills",
                        call_type.name
                    ),
                ));
            }
            if order.contains(&g) {
                return Err(FieldError::new(
                    field,
                    format!("\"{name}\" is listed twice"),
                ));
            }
            order.push(g);
        }
        let rest: Vec<usize> = serving.into_iter().filter(|g| !order.contains(g)).collect();
        order.extend(rest);
        call_type.preference = order;
    }
    Ok(())
}

pub(super) fn routing(raw: &RawRouting) -> Check<Routing> {
    let aging_per_min = in_range(
        "routing.aging_per_min",
        raw.aging_per_min,
        ">= 0 and at most 1000000",
        |v| (0.0..=1e6).contains(&v),
    )?;
    Ok(Routing {
        agent_selection: match raw.agent_selection {
            RawAgentSelection::LongestIdle => AgentSelection::LongestIdle,
            RawAgentSelection::FewestCalls => AgentSelection::FewestCalls,
            RawAgentSelection::LeastFlexible => AgentSelection::LeastFlexible,
        },
        aging_per_s: aging_per_min / 60.0,
    })
}
