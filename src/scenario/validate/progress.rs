//! Loops that take no simulated time. The engine moves its clock only from
//! event to event: a caller who hangs up at once and calls again at once, or
//! who walks IVR menus that take 0 s, repeats at one instant, and a
//! replication that should take a second runs without end. Such loops are
//! refused here, where the file can still point at the value to change.
//!
//! A step "can take no time" when its duration can be exactly 0 s (see
//! [`Distribution::can_be_zero`]): a constant 0, an empirical 0 value.

use super::check::{Errors, FieldPath};
use crate::scenario::error::FieldError;
use crate::scenario::{CallType, Entry, IvrNode, IvrTarget};

/// Refuses every loop a caller can go round without the clock moving: one
/// zero-time menu cycle, and each call type's and entry's repeat loop.
pub(super) fn check(
    call_types: &[CallType],
    entries: &[Entry],
    nodes: &[IvrNode],
    trunks: Option<u32>,
) -> Vec<FieldError> {
    let mut errors = Errors::default();
    if let Some((n, cycle)) = zero_time_menu_cycle(nodes) {
        errors.push(FieldPath::top("ivr_node").at(n).key("prompt").error(format!(
            "can be exactly 0 s, and callers can come back to \"{}\" through menus that all take no time ({}), so they would go round without the clock moving: give one of these prompts a time > 0",
            nodes[n].name,
            cycle
                .iter()
                .map(|&m| nodes[m].name.as_str())
                .collect::<Vec<_>>()
                .join(" → ")
        )));
    }
    let types = FieldPath::top("call_type");
    for (t, call_type) in call_types.iter().enumerate() {
        if let Some(retry) = &call_type.retry
            && retry.delay.can_be_zero()
        {
            let instant_failure = if trunks.is_some() {
                Some("finds every trunk line busy")
            } else if call_type.patience.as_ref().is_some_and(|p| p.can_be_zero()) {
                Some("hangs up at once (its patience can be 0 s)")
            } else {
                None
            };
            if let Some(failure) = instant_failure {
                errors.push(zero_delay(
                    &types.at(t).key("retry").key("delay"),
                    &format!("a caller who {failure} would call again at the same instant"),
                ));
            }
        }
        if let Some(recontact) = &call_type.recontact
            && recontact.delay.can_be_zero()
            && call_type.handle.can_be_zero()
        {
            errors.push(zero_delay(
                &types.at(t).key("recontact").key("delay"),
                "the handle time can be 0 s too, so an answered caller would call again at the same instant",
            ));
        }
    }
    for (e, entry) in entries.iter().enumerate() {
        let Some(retry) = &entry.retry else { continue };
        if !retry.delay.can_be_zero() {
            continue;
        }
        let failure = if trunks.is_some() {
            Some("finds every trunk line busy".to_string())
        } else {
            queues_reached_at_once(nodes, entry.first_node)
                .into_iter()
                .find(|&t| call_types[t].patience.as_ref().is_some_and(|p| p.can_be_zero()))
                .map(|t| {
                    format!(
                        "reaches \"{}\" through menus that can take 0 s and hangs up at once (its patience can be 0 s)",
                        call_types[t].name
                    )
                })
        };
        if let Some(failure) = failure {
            errors.push(zero_delay(
                &FieldPath::top("entry").at(e).key("retry").key("delay"),
                &format!("a caller who {failure} would call again at the same instant"),
            ));
        }
    }
    errors.into_vec()
}

fn zero_delay(path: &FieldPath, why: &str) -> FieldError {
    path.error(format!(
        "can be exactly 0 s, and {why}: the loop takes no simulated time and may never end; give the delay a time > 0"
    ))
}

/// A menu that can lead back to itself through menus whose prompts can all
/// take 0 s, with the cycle (starting and ending at it).
fn zero_time_menu_cycle(nodes: &[IvrNode]) -> Option<(usize, Vec<usize>)> {
    let instant: Vec<bool> = nodes.iter().map(|n| n.prompt.can_be_zero()).collect();
    let next = |n: usize| -> Vec<usize> {
        nodes[n]
            .options
            .iter()
            .filter_map(|o| match o.target {
                IvrTarget::Node(m) if instant[m] => Some(m),
                _ => None,
            })
            .collect()
    };
    // Depth-first search for a back edge among the instant menus.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; nodes.len()];
    for start in (0..nodes.len()).filter(|&n| instant[n]) {
        if mark[start] != Mark::New {
            continue;
        }
        let mut path = vec![start];
        let mut pending: Vec<Vec<usize>> = vec![next(start)];
        mark[start] = Mark::OnPath;
        while let Some(todo) = pending.last_mut() {
            match todo.pop() {
                Some(m) if mark[m] == Mark::OnPath => {
                    let from = path.iter().position(|&p| p == m).expect("on the path");
                    let mut cycle = path[from..].to_vec();
                    cycle.push(m);
                    return Some((m, cycle));
                }
                Some(m) if mark[m] == Mark::New => {
                    mark[m] = Mark::OnPath;
                    path.push(m);
                    pending.push(next(m));
                }
                Some(_) => {}
                None => {
                    let done = path.pop().expect("a node per pending list");
                    mark[done] = Mark::Done;
                    pending.pop();
                }
            }
        }
    }
    None
}

/// Call types a caller entering at `first` can reach with no time passing:
/// through menus whose prompts can all take 0 s.
fn queues_reached_at_once(nodes: &[IvrNode], first: usize) -> Vec<usize> {
    let mut seen = vec![false; nodes.len()];
    let mut stack = vec![first];
    let mut queues = Vec::new();
    while let Some(n) = stack.pop() {
        if seen[n] || !nodes[n].prompt.can_be_zero() {
            continue;
        }
        seen[n] = true;
        for option in &nodes[n].options {
            match option.target {
                IvrTarget::Node(m) => stack.push(m),
                IvrTarget::Queue(t) => queues.push(t),
                IvrTarget::SelfService | IvrTarget::HangUp => {}
            }
        }
    }
    queues
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;

    /// A scenario with `menus`, an entry into menu "a" with `entry_extra`
    /// lines, and a call type whose callers hang up at once.
    fn scenario(menus: &str, entry_extra: &str, extra: &str) -> Result<Scenario, String> {
        let text = format!(
            r#"
[simulation]
seed = 1
intervals = 2
{extra}
[[entry]]
name = "main"
calls_per_interval = 10
ivr = "a"
{entry_extra}
{menus}
[[call_type]]
name = "support"
handle = {{ dist = "exponential", mean_s = 240 }}
patience = {{ dist = "constant", value_s = 0 }}

[[agent_group]]
name = "agents"
agents = 3
skills = ["support"]
"#
        );
        Scenario::from_toml(&text, "t.toml", &[]).map_err(|e| e.to_string())
    }

    const INSTANT: &str = r#"{ dist = "constant", value_s = 0 }"#;
    const TIMED: &str = r#"{ dist = "constant", value_s = 5 }"#;

    fn menu(name: &str, prompt: &str, next: &str) -> String {
        format!(
            "[[ivr_node]]\nname = \"{name}\"\nprompt = {prompt}\noptions = [{{ prob_pct = 50, next = \"{next}\" }}, {{ prob_pct = 50, queue = \"support\" }}]\n"
        )
    }

    fn last_menu(name: &str, prompt: &str) -> String {
        format!(
            "[[ivr_node]]\nname = \"{name}\"\nprompt = {prompt}\noptions = [{{ prob_pct = 100, queue = \"support\" }}]\n"
        )
    }

    #[test]
    fn a_menu_cycle_is_refused_only_when_every_prompt_can_take_no_time() {
        let cycle = |a: &str, b: &str, c: &str| {
            let menus = [menu("a", a, "b"), menu("b", b, "c"), menu("c", c, "a")].concat();
            scenario(&menus, "", "")
        };
        let e = cycle(INSTANT, INSTANT, INSTANT).unwrap_err();
        assert!(e.contains("(a → b → c → a)"), "{e}");
        assert!(cycle(INSTANT, TIMED, INSTANT).is_ok());
        // A chain of instant menus without a way back is fine.
        let chain = [menu("a", INSTANT, "b"), last_menu("b", INSTANT)].concat();
        assert!(scenario(&chain, "", "").is_ok());
    }

    #[test]
    fn an_instant_retry_is_refused_only_where_the_failure_is_instant_too() {
        let retry = "retry = { prob_pct = 50, delay = { dist = \"constant\", value_s = 0 } }";
        // Through a 0 s menu to a queue left at once: refused.
        let e = scenario(&last_menu("a", INSTANT), retry, "").unwrap_err();
        assert!(
            e.contains("entry[0].retry.delay: can be exactly 0 s"),
            "{e}"
        );
        // A menu that takes time breaks the loop.
        assert!(scenario(&last_menu("a", TIMED), retry, "").is_ok());
        // Busy lines fail at once whatever the menus take.
        let e = scenario(&last_menu("a", TIMED), retry, "[trunks]\nlines = 5").unwrap_err();
        assert!(e.contains("finds every trunk line busy"), "{e}");
        // A delay that takes time is fine everywhere.
        let timed_retry = retry.replace("value_s = 0", "value_s = 30");
        assert!(
            scenario(
                &last_menu("a", INSTANT),
                &timed_retry,
                "[trunks]\nlines = 5"
            )
            .is_ok()
        );
    }
}
