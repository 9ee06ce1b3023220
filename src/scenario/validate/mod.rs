//! Raw scenario → typed [`Scenario`]: units converted, every rule checked,
//! and every problem reported with the field path of the value at fault.
//!
//! Each top-level table has its validator, `from_raw(raw, what it needs of
//! the other tables, path) -> Result<T, Vec<FieldError>>`, in a file of its
//! own; this module runs them in order and assembles the scenario.
//!
//! Errors are collected as a compiler does: a table with a bad value has its
//! other values checked all the same, and the other tables too. What depends
//! on a bad table is skipped rather than reported again for the same
//! mistake: the tables that name a list with a bad or repeated name, the
//! checks across tables (unserved call types, preference orders, zero-time
//! loops) when a table they read is bad, and the number of per-interval
//! values when `[simulation]` gives no valid day. A list of plain values
//! (per-interval values, skills, start times) reports its first bad value.

mod agent_group;
mod arrivals;
mod call_type;
mod check;
mod entry;
mod ivr_node;
mod limits;
mod names;
mod outbound;
mod progress;
mod routing;
mod shift;
mod shrinkage;
mod simulation;
mod targets;
mod transfer;
mod trunks;

use std::collections::HashSet;

pub(super) use check::Errors;
use check::{FieldPath, TableCheck, optional_table};
pub use limits::{MAX_AGENTS, MAX_CALLS_PER_INTERVAL, MAX_INTERVALS, too_costly_to_parse};
pub use names::{MAX_NAME_CHARS, printable};
use names::{NameIndex, Names};
use simulation::Day;
pub use transfer::Transfer;

use super::Scenario;
use super::raw::{RawChannel, RawScenario};

/// Checks every table of `raw`; `source` names the file, `echo` is the
/// document as read (overrides applied), kept for the JSON output.
pub(super) fn validate(
    raw: &RawScenario,
    source: &str,
    echo: toml::Value,
) -> Result<Scenario, Errors> {
    let mut errors = Errors::default();
    let simulation_path = FieldPath::top("simulation");
    // The day that per-interval values must fit; its errors come with the table's.
    let day = simulation::day(&raw.simulation, &simulation_path).ok();
    let simulation = errors.table(simulation::from_raw(&raw.simulation, &simulation_path));
    let day_factor_cv = errors.table(arrivals::from_raw(
        &raw.arrivals,
        &FieldPath::top("arrivals"),
    ));
    let too_large = limits::exceeded(raw, day.as_ref());
    if !too_large.is_empty() {
        // Reading on could take the memory that a run this large is refused.
        errors.extend(too_large);
        return Err(errors);
    }
    let day = day.as_ref();
    let names = names(raw, &mut errors);
    let (call_types, agent_groups, preferences, warnings) =
        calls_and_agents(raw, day, &names, &mut errors);
    let (entries, ivr_nodes) = entries_and_menus(raw, day, &names, &mut errors);
    let routing = errors.table(routing::from_raw(&raw.routing, &FieldPath::top("routing")));
    let trunks = errors.table(optional_table(raw.trunks.as_ref(), |t| {
        trunks::from_raw(t, &FieldPath::top("trunks"))
    }));
    if let (Some(call_types), Some(entries), Some(nodes), Some(trunks)) =
        (&call_types, &entries, &ivr_nodes, trunks)
    {
        errors.extend(progress::check(call_types, entries, nodes, trunks));
    }
    let targets = errors.table(targets::from_raw(&raw.targets, &FieldPath::top("targets")));
    let next_types = next_types(raw, &names, &mut errors);
    let outbound = names.agent_groups.as_ref().and_then(|groups| {
        each(&raw.outbound, "outbound", &mut errors, |_, o, path| {
            outbound::from_raw(o, groups, path)
        })
    });
    let shifts = names.agent_groups.as_ref().and_then(|groups| {
        each(&raw.shifts, "shift", &mut errors, |i, s, path| {
            shift::from_raw(s, i, day, groups, path)
        })
    });
    let shrinkage = errors.table(shrinkage::from_raw(
        &raw.shrinkage,
        &FieldPath::top("shrinkage"),
    ));
    let (
        Some(simulation),
        Some(day_factor_cv),
        Some(mut call_types),
        Some(agent_groups),
        Some(preferences),
        Some(warnings),
        Some(entries),
        Some(ivr_nodes),
        Some(routing),
        Some(trunks),
        Some(targets),
        Some(shifts),
        Some(shrinkage),
        Some(outbound),
        Some(next_types),
    ) = (
        simulation,
        day_factor_cv,
        call_types,
        agent_groups,
        preferences,
        warnings,
        entries,
        ivr_nodes,
        routing,
        trunks,
        targets,
        shifts,
        shrinkage,
        outbound,
        next_types,
    )
    else {
        debug_assert!(!errors.is_empty(), "a table was skipped without an error");
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    for (call_type, preference) in call_types.iter_mut().zip(preferences) {
        call_type.preference = preference;
    }
    let mut entries = entries;
    for (call_type, (transfers, retry_to)) in call_types.iter_mut().zip(next_types.types) {
        call_type.transfers = transfers;
        if let Some(retry) = &mut call_type.retry {
            retry.to = retry_to;
        }
    }
    for (entry, retry_to) in entries.iter_mut().zip(next_types.entries) {
        if let Some(retry) = &mut entry.retry {
            retry.to = retry_to;
        }
    }
    Ok(Scenario {
        source: source.to_string(),
        simulation,
        day_factor_cv,
        call_types,
        agent_groups,
        targets,
        trunks,
        routing,
        entries,
        ivr_nodes,
        outbound,
        shifts: shifts.into_iter().flatten().collect(),
        shrinkage,
        warnings,
        echo,
    })
}

/// The name indices, each list's names checked (those of entries and shifts
/// too, which nothing refers to).
fn names<'a>(raw: &'a RawScenario, errors: &mut Errors) -> Names<'a> {
    let mut index = |list: &str, names: Vec<&'a str>| {
        errors.table(NameIndex::of(&FieldPath::top(list), names.into_iter()))
    };
    let call_types = index(
        "call_type",
        raw.call_types.iter().map(|c| c.name.as_str()).collect(),
    );
    let agent_groups = index(
        "agent_group",
        raw.agent_groups.iter().map(|g| g.name.as_str()).collect(),
    );
    let ivr_nodes = index(
        "ivr_node",
        raw.ivr_nodes.iter().map(|n| n.name.as_str()).collect(),
    );
    index(
        "entry",
        raw.entries.iter().map(|e| e.name.as_str()).collect(),
    );
    index(
        "outbound",
        raw.outbound.iter().map(|o| o.name.as_str()).collect(),
    );
    index(
        "shift",
        raw.shifts.iter().map(|s| s.name.as_str()).collect(),
    );
    // An empty list: what names one of its tables is not checked either.
    let needed = |list: &str, index: Option<NameIndex<'a>>, errors: &mut Errors| {
        let index = index?;
        if index.is_empty() {
            errors.push(
                FieldPath::top(list).error(format!("the scenario needs at least one [[{list}]]")),
            );
            return None;
        }
        Some(index)
    };
    Names {
        call_types: needed("call_type", call_types, errors),
        agent_groups: needed("agent_group", agent_groups, errors),
        ivr_nodes,
    }
}

/// Call types and agent groups, with what is read across them: each call
/// type's preference order, and the warnings for call types no group serves.
type CallsAndAgents = (
    Option<Vec<super::CallType>>,
    Option<Vec<super::AgentGroup>>,
    Option<Vec<Vec<usize>>>,
    Option<Vec<super::Warning>>,
);

fn calls_and_agents(
    raw: &RawScenario,
    day: Option<&Day>,
    names: &Names,
    errors: &mut Errors,
) -> CallsAndAgents {
    // Call types an IVR menu sends callers to may have no volume of their own.
    let fed_by_ivr: HashSet<&str> = raw
        .ivr_nodes
        .iter()
        .flat_map(|n| n.options.iter().filter_map(|o| o.queue.as_deref()))
        .map(str::trim)
        .collect();
    let call_types = each(&raw.call_types, "call_type", errors, |_, c, path| {
        call_type::from_raw(c, day, &fed_by_ivr, path)
    });
    let chat_types: HashSet<&str> = raw
        .call_types
        .iter()
        .filter(|c| c.channel == RawChannel::Chat)
        .map(|c| c.name.trim())
        .collect();
    let agent_groups = names.call_types.as_ref().and_then(|types| {
        each(&raw.agent_groups, "agent_group", errors, |_, g, path| {
            agent_group::from_raw(g, day, types, &chat_types, path)
        })
    });
    let (Some(groups), Some(group_index)) = (&agent_groups, &names.agent_groups) else {
        return (call_types, agent_groups, None, None);
    };
    let warnings = errors.table(routing::unserved(
        &raw.call_types,
        groups,
        raw.simulation.allow_unserved,
        &FieldPath::top("call_type"),
    ));
    let preferences = each(&raw.call_types, "call_type", errors, |t, c, path| {
        routing::preference(c, t, groups, group_index, path).map_err(|e| vec![e])
    });
    (call_types, agent_groups, preferences, warnings)
}

/// Where callers go next, per call type (its transfers, its retry's call
/// type) and per entry (its retry's call type).
struct NextTypes {
    types: Vec<(Vec<Transfer>, Option<usize>)>,
    entries: Vec<Option<usize>>,
}

fn next_types(raw: &RawScenario, names: &Names, errors: &mut Errors) -> Option<NextTypes> {
    let call_types = names.call_types.as_ref()?;
    let types = each(&raw.call_types, "call_type", errors, |t, c, path| {
        let mut e = Errors::default();
        let transfers = e.check(transfer::transfers(c, t, call_types, path));
        let retry_to = e.check(transfer::retry_to(c.retry.as_ref(), call_types, path));
        match (transfers, retry_to) {
            (Some(transfers), Some(retry_to)) => e.finish((transfers, retry_to)),
            _ => Err(e.into_vec()),
        }
    })?;
    let entries = each(&raw.entries, "entry", errors, |_, en, path| {
        transfer::retry_to(en.retry.as_ref(), call_types, path).map_err(|e| vec![e])
    })?;
    let all: Vec<Vec<Transfer>> = types.iter().map(|(t, _)| t.clone()).collect();
    let type_names: Vec<&str> = raw.call_types.iter().map(|c| c.name.trim()).collect();
    errors.check(transfer::certain_cycle(
        &all,
        &type_names,
        &FieldPath::top("call_type"),
    ))?;
    Some(NextTypes { types, entries })
}

/// Entry numbers and IVR menus, and the menus' exits.
fn entries_and_menus(
    raw: &RawScenario,
    day: Option<&Day>,
    names: &Names,
    errors: &mut Errors,
) -> (Option<Vec<super::Entry>>, Option<Vec<super::IvrNode>>) {
    let list = FieldPath::top("ivr_node");
    let nodes = match (&names.call_types, &names.ivr_nodes) {
        (Some(call_types), Some(nodes)) => {
            let targets = ivr_node::Targets { call_types, nodes };
            each(&raw.ivr_nodes, "ivr_node", errors, |_, n, path| {
                ivr_node::from_raw(n, &targets, path)
            })
        }
        _ => None,
    };
    if let Some(nodes) = &nodes {
        errors.check(ivr_node::exits(nodes, &list));
    }
    let entries = names.ivr_nodes.as_ref().and_then(|nodes| {
        each(&raw.entries, "entry", errors, |_, e, path| {
            entry::from_raw(e, day, nodes, path)
        })
    });
    if raw.entries.is_empty() && !raw.ivr_nodes.is_empty() {
        errors.push(list.error(
            "no [[entry]] leads callers into the IVR: add an entry with `ivr = \"first node\"`",
        ));
    }
    (entries, nodes)
}

/// Checks each table of a list (`list`: e.g. `call_type`) with `from_raw`
/// (given the table's position, the table and its path): all of them, or
/// `None` with every table's errors kept.
fn each<R, T>(
    raw: &[R],
    list: &str,
    errors: &mut Errors,
    from_raw: impl Fn(usize, &R, &FieldPath) -> TableCheck<T>,
) -> Option<Vec<T>> {
    let list = FieldPath::top(list);
    let checked: Vec<Option<T>> = raw
        .iter()
        .enumerate()
        .map(|(i, r)| errors.table(from_raw(i, r, &list.at(i))))
        .collect();
    checked.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use crate::scenario::{Scenario, ScenarioError};

    const GROUP: &str = "[[agent_group]]\nname = \"agents\"\nagents = 5\nskills = [\"support\"]\n";

    fn call_type(name: &str, extra: &str) -> String {
        format!(
            "[[call_type]]\nname = \"{name}\"\ncalls_per_interval = 10\nhandle = {{ dist = \"exponential\", mean_s = 240 }}\n{extra}\n"
        )
    }

    /// The errors of `text` as (line, field, message).
    fn errors(text: &str) -> (Vec<(Option<usize>, String, String)>, usize) {
        match Scenario::from_toml(text, "t.toml", &[]) {
            Err(ScenarioError::Invalid { errors, count }) => (
                errors
                    .into_iter()
                    .map(|e| (e.location.line, e.location.field, e.message))
                    .collect(),
                count,
            ),
            other => panic!("expected a list of errors, got {other:?}"),
        }
    }

    fn fields(text: &str) -> Vec<String> {
        errors(text).0.into_iter().map(|(_, f, _)| f).collect()
    }

    #[test]
    fn a_bad_day_does_not_hide_the_other_tables_mistakes() {
        // Without a valid day the volume list cannot be counted, but its
        // values and the other tables are still checked.
        let text = format!(
            "[simulation]\nseed = 1\nintervals = 2\ninterval_min = 0\n{}{GROUP}",
            call_type(
                "support",
                "patience = { dist = \"exponential\", mean_s = -1 }"
            )
            .replace("calls_per_interval = 10", "calls_per_interval = [1, 2, -3]")
        );
        assert_eq!(
            fields(&text),
            [
                "simulation.interval_min",
                "call_type[0].calls_per_interval[2]",
                "call_type[0].patience.mean_s"
            ]
        );
    }

    #[test]
    fn references_to_a_list_with_a_bad_name_are_not_reported_again() {
        // The group's skill names the call type whose name is repeated; the
        // unserved second call type would be a consequence too.
        let text = format!(
            "[simulation]\nseed = 1\nintervals = 2\n{}{}{GROUP}",
            call_type("support", ""),
            call_type("support", "priority = 1.0e9")
                .replace("priority = 1.0e9", "priority = 9999999")
        );
        assert_eq!(
            fields(&text),
            ["call_type[1].name", "call_type[1].priority"]
        );
    }

    #[test]
    fn errors_come_sorted_by_line_with_the_overrides_first() {
        let text = format!(
            "[targets]\nmax_asa_s = 0\n[simulation]\nseed = 1\nintervals = 2\n{}{GROUP}",
            call_type("support", "priority = 9999999")
        );
        let bad_seed = ["simulation.seed=-1".to_string()];
        let Err(ScenarioError::Invalid { errors, count }) =
            Scenario::from_toml(&text, "t.toml", &bad_seed)
        else {
            panic!("three errors expected");
        };
        let lines: Vec<Option<usize>> = errors.iter().map(|e| e.location.line).collect();
        assert_eq!((lines, count), (vec![None, Some(2), Some(10)], 3));
        assert!(errors[0].location.from_override, "{errors:?}");
    }

    #[test]
    fn a_file_full_of_mistakes_keeps_a_thousand_and_counts_them_all() {
        // Each of the 1000 call types has two mistakes.
        let types: String = (0..1000)
            .map(|i| {
                call_type(
                    &format!("t{i}"),
                    "priority = 9999999\npatience = { dist = \"exponential\", mean_s = -1 }",
                )
            })
            .collect();
        let group = GROUP.replace("\"support\"", "\"t0\"");
        let text =
            format!("[simulation]\nseed = 1\nintervals = 2\nallow_unserved = true\n{types}{group}");
        let (kept, count) = errors(&text);
        assert_eq!((kept.len(), count), (1000, 2000));
        let message = Scenario::from_toml(&text, "t.toml", &[])
            .unwrap_err()
            .to_string();
        let lines: Vec<&str> = message.lines().collect();
        assert_eq!(lines.len(), 11, "{message}");
        assert_eq!(lines[10], "… and 1990 more");
        assert!(
            lines[0].starts_with("t.toml:9: call_type[0].priority"),
            "{message}"
        );
    }
}
