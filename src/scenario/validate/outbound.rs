//! An `[[outbound]]` table: a campaign dialled in the idle time of its
//! groups' agents, with its ringing time, reach, talk time, list and the
//! nuisance rule.

use super::check::{
    Check, Errors, FieldPath, TableCheck, distribution, in_range, optional, percent, whole_in_range,
};
use super::limits::MAX_AGENTS;
use super::names::{NameIndex, reference};
use crate::distribution::{Distribution, show};
use crate::scenario::Outbound;
use crate::scenario::raw::RawOutbound;

/// The shortest mean ringing time: a dialer that rings for less would dial
/// thousands of times a second, a loop that takes no time rather than a campaign.
pub const MIN_RING_MEAN_S: f64 = 1.0;

/// The longest a reached party may be held for an agent before it is a nuisance.
pub const MAX_CONNECT_WITHIN_S: f64 = 600.0;

/// The most records a campaign's list may hold.
pub const MAX_LIST_SIZE: i64 = 1_000_000_000;

/// The most leads an hour a campaign's list may gain: more than a dialer
/// of the largest center can ring, each drawn as it arrives.
pub const MAX_LEADS_PER_HOUR: f64 = 100_000.0;

/// A campaign (`path`: `outbound[o]`); its name was checked with the
/// others' (see `names`). `groups`: the agent groups by name.
pub(super) fn from_raw(
    raw: &RawOutbound,
    groups: &NameIndex,
    path: &FieldPath,
) -> TableCheck<Outbound> {
    let mut errors = Errors::default();
    let group_list = errors.check(campaign_groups(raw, groups, &path.key("groups")));
    let threshold = errors.check(
        whole_in_range(
            &path.key("dial_when_idle_agents_above"),
            raw.dial_when_idle_agents_above,
            0,
            MAX_AGENTS as i64,
        )
        .map(|k| k as u32),
    );
    let ring = errors.check(ring(&path.key("ring"), raw));
    let reach = errors.check(percent(&path.key("reach_pct"), raw.reach_pct));
    let handle = errors.check(distribution(&path.key("handle"), &raw.handle));
    let after_call_work = errors.check(optional(raw.after_call_work.as_ref(), |d| {
        distribution(&path.key("after_call_work"), d)
    }));
    let list_size = errors.check(optional(raw.list_size.as_ref(), |&n| {
        whole_in_range(&path.key("list_size"), n, 1, MAX_LIST_SIZE).map(|n| n as u64)
    }));
    let leads_per_hour = errors.check(optional(raw.leads_per_hour.as_ref(), |&r| {
        in_range(
            &path.key("leads_per_hour"),
            r,
            &format!("more than 0 and at most {}", show(MAX_LEADS_PER_HOUR)),
            |r| r > 0.0 && r <= MAX_LEADS_PER_HOUR,
        )
    }));
    let connect_within_s = errors.check(optional(raw.connect_within_s.as_ref(), |&s| {
        in_range(
            &path.key("connect_within_s"),
            s,
            &format!("from 0 to {} seconds", show(MAX_CONNECT_WITHIN_S)),
            |s| (0.0..=MAX_CONNECT_WITHIN_S).contains(&s),
        )
    }));
    let max_nuisance = errors.check(optional(raw.max_nuisance_pct.as_ref(), |&p| {
        percent(&path.key("max_nuisance_pct"), p)
    }));
    let (
        Some(groups),
        Some(dial_when_idle_agents_above),
        Some(ring),
        Some(reach),
        Some(handle),
        Some(after_call_work),
        Some(list_size),
        Some(leads_per_hour),
        Some(connect_within_s),
        Some(max_nuisance),
    ) = (
        group_list,
        threshold,
        ring,
        reach,
        handle,
        after_call_work,
        list_size,
        leads_per_hour,
        connect_within_s,
        max_nuisance,
    )
    else {
        return Err(errors.into_vec());
    };
    errors.finish(Outbound {
        name: raw.name.trim().to_string(),
        groups,
        dial_when_idle_agents_above,
        ring,
        reach,
        handle,
        after_call_work,
        list_size,
        leads_per_hour,
        connect_within_s: connect_within_s.unwrap_or(0.0),
        max_nuisance,
    })
}

/// The groups that take the campaign's reached parties: at least one, each
/// an agent group, none twice.
fn campaign_groups(raw: &RawOutbound, groups: &NameIndex, path: &FieldPath) -> Check<Vec<usize>> {
    if raw.groups.is_empty() {
        return Err(path.error(
            "must name at least one agent group whose idle agents make the campaign's calls",
        ));
    }
    let mut list = Vec::with_capacity(raw.groups.len());
    for (k, name) in raw.groups.iter().enumerate() {
        let path = path.at(k);
        let Some(g) = groups.get(reference(&path, name)?) else {
            return Err(path.error(format!(
                "\"{name}\" is not an agent group (known: {})",
                groups.in_file_order()
            )));
        };
        if list.contains(&g) {
            return Err(path.error(format!("\"{name}\" is listed twice")));
        }
        list.push(g);
    }
    Ok(list)
}

/// The ringing time: a distribution whose mean is at least [`MIN_RING_MEAN_S`].
fn ring(path: &FieldPath, raw: &RawOutbound) -> Check<Distribution> {
    let ring = distribution(path, &raw.ring)?;
    if ring.mean() < MIN_RING_MEAN_S {
        return Err(path.error(format!(
            "has a mean of {} s: a dial rings for at least {} s on average (shorter rings would dial thousands of times a second)",
            show(ring.mean()),
            show(MIN_RING_MEAN_S)
        )));
    }
    Ok(ring)
}
