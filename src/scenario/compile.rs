//! Scenario → model: rates per second, typed indices, per-type tables of the
//! groups, routing orders and overflow delays, cumulative IVR choices.

use super::{AgentGroup, AgentSelection, CallType, Entry, IvrNode, IvrTarget, Outbound, Scenario};
use crate::model::{
    CallTypeId, CallTypeModel, CampaignModel, EntryModel, GroupId, GroupModel, IvrNodeModel,
    MenuChoice, Model, NodeId,
};

impl Model {
    pub fn compile(scenario: &Scenario) -> Self {
        let sim = &scenario.simulation;
        let call_types: Vec<CallTypeModel> = scenario
            .call_types
            .iter()
            .map(|c| call_type_model(c, sim.interval_s, scenario.routing.aging_per_s))
            .collect();
        let types = call_types.len();
        let groups: Vec<GroupModel> = scenario
            .agent_groups
            .iter()
            .map(|g| group_model(g, types))
            .collect();
        let agent_selection = scenario.routing.agent_selection;
        let groups_for_type: Vec<Vec<GroupId>> = scenario
            .call_types
            .iter()
            .map(|c| routing_order(c, &groups, agent_selection))
            .collect();
        let overflow_delays = (0..types)
            .map(|t| overflow_delays(t, &groups_for_type[t], &groups))
            .collect();
        let expected_first_calls: f64 = scenario
            .call_types
            .iter()
            .map(|c| c.calls_per_interval.iter().sum::<f64>())
            .chain(
                scenario
                    .entries
                    .iter()
                    .map(|e| e.calls_per_interval.iter().sum()),
            )
            .sum::<f64>()
            + scenario
                .outbound
                .iter()
                .map(|o| o.most_dials(&scenario.agent_groups, sim.interval_s, sim.horizon_s()))
                .sum::<f64>();
        let campaigns: Vec<CampaignModel> = scenario.outbound.iter().map(campaign_model).collect();
        let campaigns_of_group = (0..groups.len())
            .map(|g| {
                (0..campaigns.len())
                    .filter(|&o| campaigns[o].groups.contains(&GroupId::new(g)))
                    .collect()
            })
            .collect();
        let cv = scenario.day_factor_cv;
        let calendar = sim.calendar();
        Self {
            interval_s: sim.interval_s,
            intervals: sim.intervals,
            calendar,
            boundaries: calendar.boundaries(),
            warmup_s: sim.warmup_s,
            after_close: sim.after_close,
            call_types,
            groups,
            groups_for_type,
            day_factor_shape: (cv > 0.0).then(|| 1.0 / (cv * cv)),
            trunks: scenario.trunks,
            entries: scenario
                .entries
                .iter()
                .map(|e| entry_model(e, sim.interval_s))
                .collect(),
            ivr_nodes: scenario.ivr_nodes.iter().map(ivr_node_model).collect(),
            agent_selection,
            overflow_delays,
            campaigns,
            campaigns_of_group,
            work_limit: Self::work_limit(
                expected_first_calls.max(expected_steps(scenario)),
                sim.intervals,
            ),
            callers_return: scenario
                .call_types
                .iter()
                .any(|c| c.retry.is_some() || c.recontact.is_some() || !c.transfers.is_empty())
                || scenario.entries.iter().any(|e| e.retry.is_some()),
        }
    }
}

/// The steps a replication is expected to take, repeats through every loop
/// included (retrials, recontacts, transfer cycles, IVR menus, agents
/// joining and leaving): the work limit grows with them, so a scenario whose
/// loops are long but finite, run with `--force` past its estimate, is not
/// stopped as if it looped without taking time.
fn expected_steps(scenario: &Scenario) -> f64 {
    let load = super::budget::Load::of(scenario);
    load.attempts + load.ivr_visits + load.other_steps
}

fn call_type_model(c: &CallType, interval_s: f64, routing_aging_per_s: f64) -> CallTypeModel {
    CallTypeModel {
        stream_key: crate::random::name_key(&c.name),
        rate_per_s: c
            .calls_per_interval
            .iter()
            .map(|v| v / interval_s)
            .collect(),
        handle: c.handle.clone(),
        patience: c.patience.clone(),
        after_call_work: c.after_call_work.clone(),
        priority: c.priority,
        retry: c.retry.clone(),
        recontact: c.recontact.clone(),
        callback: c.callback,
        balk: c.balk,
        max_waiting: c.max_waiting,
        proactive: c.proactive.clone(),
        any_proactive: c.proactive.iter().any(|&p| p > 0.0),
        mean_handle_s: c.distribution_mean_handle_s(),
        handle_scale: c.aht_s.as_ref().map_or_else(Vec::new, |aht| {
            let mean = c.distribution_mean_handle_s();
            aht.iter().map(|a| a / mean).collect()
        }),
        channel: c.channel,
        aging_per_s: c.aging_per_s.unwrap_or(routing_aging_per_s),
        email: c.email,
        answer_within_s: c.answer_within_s,
        transfers: c
            .transfers
            .iter()
            .scan(0.0, |cumulative, t| {
                *cumulative += t.prob;
                Some((*cumulative, CallTypeId::new(t.to)))
            })
            .collect(),
    }
}

/// A group's tables over every call type (1 and 0 where it has no such skill).
fn group_model(g: &AgentGroup, types: usize) -> GroupModel {
    let mut handle_factor = vec![1.0; types];
    let mut answer_after_s = vec![0.0; types];
    let mut handle = vec![None; types];
    for (k, &t) in g.skills.iter().enumerate() {
        handle_factor[t] = g.handle_factor[k];
        answer_after_s[t] = g.answer_after_s[k];
        handle[t] = g.handle[k].clone();
    }
    GroupModel {
        staffing: g.agents.clone(),
        skills: g.skills.iter().map(|&t| CallTypeId::new(t)).collect(),
        handle_factor,
        answer_after_s,
        handle,
        stream_key: crate::random::name_key(&g.name),
        reserve: g.reserve.as_ref().map(|r| {
            let mut reserved = vec![false; types];
            for &t in &r.for_types {
                reserved[t] = true;
            }
            (r.agents, reserved)
        }),
        max_chats: g.max_chats,
        chat_factor: g.chat_handle_factor.clone(),
        takes_in_skill_order: g.takes_in_skill_order,
    }
}

/// The groups a new call of `c` tries, in order.
fn routing_order(c: &CallType, groups: &[GroupModel], selection: AgentSelection) -> Vec<GroupId> {
    let mut order: Vec<GroupId> = c.preference.iter().map(|&g| GroupId::new(g)).collect();
    if selection == AgentSelection::LeastFlexible {
        // Stable: equally flexible groups keep the preference order.
        order.sort_by_key(|&g| groups[g.index()].skills.len());
    }
    order
}

/// The distinct positive waits after which more of `order`'s groups take
/// call type `t`, ascending.
fn overflow_delays(t: usize, order: &[GroupId], groups: &[GroupModel]) -> Vec<f64> {
    let mut delays: Vec<f64> = order
        .iter()
        .map(|&g| groups[g.index()].answer_after_s[t])
        .filter(|&d| d > 0.0)
        .collect();
    delays.sort_by(f64::total_cmp);
    delays.dedup();
    delays
}

fn campaign_model(o: &Outbound) -> CampaignModel {
    CampaignModel {
        stream_key: crate::random::name_key(&o.name),
        groups: o.groups.iter().map(|&g| GroupId::new(g)).collect(),
        dial_when_idle_agents_above: o.dial_when_idle_agents_above,
        ring: o.ring.clone(),
        reach: o.reach,
        handle: o.handle.clone(),
        after_call_work: o.after_call_work.clone(),
        list_size: o.list_size,
        leads_per_hour: o.leads_per_hour,
        connect_within_s: o.connect_within_s,
    }
}

fn entry_model(e: &Entry, interval_s: f64) -> EntryModel {
    EntryModel {
        stream_key: crate::random::name_key(&e.name),
        rate_per_s: e
            .calls_per_interval
            .iter()
            .map(|v| v / interval_s)
            .collect(),
        first_node: NodeId::new(e.first_node),
        retry: e.retry.clone(),
    }
}

/// A menu with its options' cumulative probabilities, the last exactly 1.
fn ivr_node_model(n: &IvrNode) -> IvrNodeModel {
    let mut cumulative = 0.0;
    let mut options: Vec<(f64, MenuChoice)> = n
        .options
        .iter()
        .map(|o| {
            cumulative += o.prob;
            let choice = match o.target {
                IvrTarget::Node(n) => MenuChoice::Node(NodeId::new(n)),
                IvrTarget::Queue(c) => MenuChoice::Queue(CallTypeId::new(c)),
                IvrTarget::SelfService => MenuChoice::SelfService,
                IvrTarget::HangUp => MenuChoice::HangUp,
            };
            (cumulative, choice)
        })
        .collect();
    if let Some(last) = options.last_mut() {
        last.0 = 1.0;
    }
    IvrNodeModel {
        prompt: n.prompt.clone(),
        options,
    }
}
