//! An `[[agent_group]]` table: its agents per interval, the call types it
//! serves (skills), its proficiency and delayed overflow per skill, and the
//! agents it keeps in reserve.

use std::collections::{BTreeMap, HashSet};

use super::check::{
    Check, Errors, FieldPath, TableCheck, distribution, in_range, optional_table, per_interval,
    whole_in_range,
};
use super::limits::MAX_AGENTS;
use super::names::{NameIndex, reference};
use super::simulation::Day;
use crate::distribution::{Distribution, show};
use crate::scenario::raw::{RawAgentGroup, RawReserve, RawTakes};
use crate::scenario::{AgentGroup, Reserve};

/// The most chats an agent may hold at once.
pub const MAX_CHATS: i64 = 32;

/// An agent group (`path`: `agent_group[g]`); its name was checked with the
/// others' (see `names`). `call_types`: the call types by name;
/// `chat_types`: the names of those that come by chat.
pub(super) fn from_raw(
    raw: &RawAgentGroup,
    day: Option<&Day>,
    call_types: &NameIndex,
    chat_types: &HashSet<&str>,
    path: &FieldPath,
) -> TableCheck<AgentGroup> {
    let mut errors = Errors::default();
    let agents = errors.check(agents(raw, day, &path.key("agents")));
    let skills = errors.check(skills(raw, call_types, &path.key("skills")));
    let skill_names: Vec<&str> = raw.skills.iter().map(|k| k.trim()).collect();
    let handle_factor = errors.check(per_skill(
        &raw.handle_factor,
        &skill_names,
        1.0,
        (&path.key("handle_factor"), "> 0 and at most 100"),
        |v| v > 0.0 && v <= 100.0,
    ));
    let answer_after_s = errors.check(per_skill(
        &raw.answer_after_s,
        &skill_names,
        0.0,
        (&path.key("answer_after_s"), ">= 0 and at most 86400"),
        |v| (0.0..=86_400.0).contains(&v),
    ));
    let handle = errors.check(own_handles(raw, &skill_names, chat_types, path));
    let reserve = errors.table(optional_table(raw.reserve.as_ref(), |r| {
        reserve(r, call_types, skills.as_deref(), &path.key("reserve"))
    }));
    let serves_chats = skill_names.iter().any(|k| chat_types.contains(k));
    let chats = errors.check(chats(raw, serves_chats, path));
    let (
        Some(agents),
        Some(skills),
        Some(handle_factor),
        Some(answer_after_s),
        Some(handle),
        Some(reserve),
        Some((max_chats, chat_handle_factor)),
    ) = (
        agents,
        skills,
        handle_factor,
        answer_after_s,
        handle,
        reserve,
        chats,
    )
    else {
        return Err(errors.into_vec());
    };
    errors.finish(AgentGroup {
        name: raw.name.trim().to_string(),
        agents,
        skills,
        handle_factor,
        answer_after_s,
        handle,
        reserve,
        max_chats,
        chat_handle_factor,
        takes_in_skill_order: raw.takes == RawTakes::SkillOrder,
    })
}

/// `max_chats` and `chat_handle_factor`: how many chats an agent holds at
/// once, and how much longer each takes at every level (all 1 by default).
fn chats(raw: &RawAgentGroup, serves_chats: bool, path: &FieldPath) -> Check<(u16, Vec<f64>)> {
    let max_path = path.key("max_chats");
    let factor_path = path.key("chat_handle_factor");
    let Some(max) = raw.max_chats else {
        if raw.chat_handle_factor.is_some() {
            return Err(factor_path.error(
                "needs `max_chats`: give the chats an agent may hold, and one factor per concurrency level",
            ));
        }
        return Ok((1, vec![1.0]));
    };
    let max = whole_in_range(&max_path, max, 1, MAX_CHATS)?;
    if !serves_chats {
        return Err(max_path.error(
            "applies to chats, and this group serves no call type with `channel = \"chat\"`",
        ));
    }
    let Some(factors) = &raw.chat_handle_factor else {
        return Ok((max as u16, vec![1.0; max as usize]));
    };
    if factors.len() != max as usize {
        return Err(factor_path.error(format!(
            "gives {} factor{} but max_chats is {max}: give one per concurrency level (for 1 to {max} chats held)",
            factors.len(),
            if factors.len() == 1 { "" } else { "s" },
        )));
    }
    for (level, &f) in factors.iter().enumerate() {
        in_range(&factor_path.at(level), f, "> 0 and at most 100", |v| {
            v > 0.0 && v <= 100.0
        })?;
    }
    Ok((max as u16, factors.clone()))
}

fn agents(raw: &RawAgentGroup, day: Option<&Day>, path: &FieldPath) -> Check<Vec<u32>> {
    let agents = per_interval(path, &raw.agents, day, |path, v| {
        if v.fract() != 0.0 || v < 0.0 || v > MAX_AGENTS as f64 {
            Err(path.error(format!(
                "must be a whole number of agents from 0 to {MAX_AGENTS}, got {}",
                show(v)
            )))
        } else {
            Ok(v)
        }
    })?;
    Ok(agents.into_iter().map(|v| v as u32).collect())
}

/// The call types served, in preference order.
fn skills(raw: &RawAgentGroup, call_types: &NameIndex, path: &FieldPath) -> Check<Vec<usize>> {
    if raw.skills.is_empty() {
        return Err(path.error("must name at least one call type this group serves"));
    }
    let mut skills = Vec::with_capacity(raw.skills.len());
    for (k, skill) in raw.skills.iter().enumerate() {
        let path = path.at(k);
        let Some(t) = call_types.get(reference(&path, skill)?) else {
            return Err(path.error(format!(
                "\"{skill}\" is not a call type (known: {})",
                call_types.in_file_order()
            )));
        };
        if skills.contains(&t) {
            return Err(path.error(format!("\"{skill}\" is listed twice")));
        }
        skills.push(t);
    }
    Ok(skills)
}

/// A value for each skill, in the order of `skills`, from a table keyed by
/// skill (`default` for the skills it leaves out). `rule` says in words what
/// `ok` checks.
fn per_skill(
    map: &BTreeMap<String, f64>,
    skills: &[&str],
    default: f64,
    (path, rule): (&FieldPath, &str),
    ok: impl Fn(f64) -> bool,
) -> Check<Vec<f64>> {
    for (skill, &v) in map {
        let path = path.key(skill);
        if !skills.contains(&reference(&path, skill)?) {
            return Err(path.error(format!(
                "\"{skill}\" is not one of this group's skills ({})",
                skills.join(", ")
            )));
        }
        in_range(&path, v, rule, &ok)?;
    }
    Ok(skills
        .iter()
        .map(|k| map.get(*k).copied().unwrap_or(default))
        .collect())
}

/// `handle`: the group's own handle-time distribution for some of its
/// skills, in the order of `skills`. Not for a chat (its handle time is the
/// type's, stretched per level by `chat_handle_factor`), nor beside a
/// `handle_factor` for the same skill (which of the two would apply?).
fn own_handles(
    raw: &RawAgentGroup,
    skills: &[&str],
    chat_types: &HashSet<&str>,
    group: &FieldPath,
) -> Check<Vec<Option<Distribution>>> {
    let path = group.key("handle");
    let mut own = BTreeMap::new();
    for (skill, given) in &raw.handle {
        let path = path.key(skill);
        let name = reference(&path, skill)?;
        if !skills.contains(&name) {
            return Err(path.error(format!(
                "\"{skill}\" is not one of this group's skills ({})",
                skills.join(", ")
            )));
        }
        if chat_types.contains(name) {
            return Err(path.error(
                "a chat's handle time is its call type's, stretched per level by `chat_handle_factor`: leave the chat out of `handle`",
            ));
        }
        if raw.handle_factor.keys().any(|k| k.trim() == name) {
            return Err(path.error(format!(
                "\"{name}\" has a `handle_factor` too: give the group's own distribution or a factor on the type's, not both"
            )));
        }
        own.insert(name, distribution(&path, given)?);
    }
    Ok(skills.iter().map(|k| own.remove(k)).collect())
}

/// The reserve (`path`: `agent_group[g].reserve`). Whether it names the
/// group's skills is checked only when the skills are good (`skills`).
fn reserve(
    raw: &RawReserve,
    call_types: &NameIndex,
    skills: Option<&[usize]>,
    path: &FieldPath,
) -> TableCheck<Reserve> {
    let mut errors = Errors::default();
    let agents = errors.check(whole_in_range(
        &path.key("agents"),
        raw.agents,
        1,
        MAX_AGENTS as i64,
    ));
    let for_types = errors.check(reserved_for(raw, call_types, skills, &path.key("for")));
    let (Some(agents), Some(for_types)) = (agents, for_types) else {
        return Err(errors.into_vec());
    };
    errors.finish(Reserve {
        agents: agents as u32,
        for_types,
    })
}

fn reserved_for(
    raw: &RawReserve,
    call_types: &NameIndex,
    skills: Option<&[usize]>,
    path: &FieldPath,
) -> Check<Vec<usize>> {
    if raw.for_types.is_empty() {
        return Err(path.error("name the call types the reserved agents are kept for"));
    }
    let mut for_types = Vec::with_capacity(raw.for_types.len());
    for (k, t) in raw.for_types.iter().enumerate() {
        let path = path.at(k);
        let Some(index) = call_types.get(reference(&path, t)?) else {
            return Err(path.error(format!("\"{t}\" is not a call type")));
        };
        if skills.is_some_and(|skills| !skills.contains(&index)) {
            return Err(path.error(format!("\"{t}\" is not one of this group's skills")));
        }
        for_types.push(index);
    }
    if let Some(skills) = skills
        && skills.iter().all(|s| for_types.contains(s))
    {
        return Err(path.error(
            "names every skill of the group: reserving agents for all its calls changes nothing",
        ));
    }
    Ok(for_types)
}
