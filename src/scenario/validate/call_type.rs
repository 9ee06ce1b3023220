//! A `[[call_type]]` table: its volume, durations, priority, repeats,
//! callbacks and proactive contact.

use std::collections::HashSet;

use super::check::{
    Check, Errors, FieldPath, TableCheck, distribution, every_interval, in_range, optional,
    optional_table, per_interval, percent, retry, volume, whole_in_range,
};
use super::limits::MAX_CALLS_PER_INTERVAL;
use super::simulation::Day;
use crate::distribution::Distribution;
use crate::scenario::raw::{
    RawBalk, RawCallType, RawCallback, RawChannel, RawDistribution, RawRecontact,
};
use crate::scenario::{Balk, CallType, Callback, Channel, Email, Recontact};

const MAX_PRIORITY: i64 = 1_000_000;
/// The longest queue a balking rule or a queue capacity may name: more
/// callers than an interval may bring.
const MAX_WAITING: i64 = MAX_CALLS_PER_INTERVAL as i64;

/// A call type (`path`: `call_type[i]`); its name was checked with the
/// others' (see `names`), its `groups` are read with the groups (see
/// `routing`). `fed_by_ivr`: the call types an IVR menu sends callers to.
pub(super) fn from_raw(
    raw: &RawCallType,
    day: Option<&Day>,
    fed_by_ivr: &HashSet<&str>,
    path: &FieldPath,
) -> TableCheck<CallType> {
    let mut errors = Errors::default();
    let name = raw.name.trim();
    let fed_by_ivr = fed_by_ivr.contains(name);
    let calls_per_interval = errors.check(own_volume(raw, day, fed_by_ivr, path));
    let handle = errors.check(handle(&raw.handle, &path.key("handle")));
    let aht_s = errors.check(optional(raw.aht_s.as_ref(), |v| {
        per_interval(&path.key("aht_s"), v, day, |p, v| {
            in_range(p, v, "more than 0 and at most 86400 (a day)", |v| {
                v > 0.0 && v <= 86_400.0
            })
        })
    }));
    let patience = errors.check(optional(raw.patience.as_ref(), |p| {
        distribution(&path.key("patience"), p)
    }));
    let after_call_work = errors.check(optional(raw.after_call_work.as_ref(), |p| {
        distribution(&path.key("after_call_work"), p)
    }));
    let priority = errors.check(whole_in_range(
        &path.key("priority"),
        raw.priority,
        -MAX_PRIORITY,
        MAX_PRIORITY,
    ));
    let retry = errors.table(optional_table(raw.retry.as_ref(), |r| {
        retry(&path.key("retry"), r)
    }));
    let recontact = errors.table(optional_table(raw.recontact.as_ref(), |r| {
        recontact(r, &path.key("recontact"))
    }));
    let callback = errors.table(optional_table(raw.callback.as_ref(), |c| {
        callback(c, &path.key("callback"))
    }));
    let balk = errors.table(optional_table(raw.balk.as_ref(), |b| {
        balk(b, &path.key("balk"))
    }));
    let max_waiting = errors.check(optional(raw.max_waiting.as_ref(), |&n| {
        whole_in_range(&path.key("max_waiting"), n, 0, MAX_WAITING).map(|n| n as u32)
    }));
    let proactive = errors.check(proactive(raw, day, fed_by_ivr, path));
    let channel = errors.check(channel(raw, fed_by_ivr, path));
    let aging_per_min = errors.check(optional(raw.aging_per_min.as_ref(), |&v| {
        in_range(
            &path.key("aging_per_min"),
            v,
            ">= 0 and at most 1000000",
            |v| (0.0..=1e6).contains(&v),
        )
    }));
    let email = errors.check(email(raw, path));
    let answer_within_s = errors.check(own_threshold(raw, path));
    let own_targets = errors.table(optional_table(raw.targets.as_ref(), |t| {
        super::targets::own(t, &path.key("targets"))
    }));
    let (
        Some(calls_per_interval),
        Some(aht_s),
        Some(handle),
        Some(patience),
        Some(after_call_work),
        Some(priority),
        Some(retry),
        Some(recontact),
        Some(callback),
        Some(balk),
        Some(max_waiting),
        Some(proactive),
        Some(channel),
        Some(aging_per_min),
        Some(email),
        Some(answer_within_s),
        Some(own_targets),
    ) = (
        calls_per_interval,
        aht_s,
        handle,
        patience,
        after_call_work,
        priority,
        retry,
        recontact,
        callback,
        balk,
        max_waiting,
        proactive,
        channel,
        aging_per_min,
        email,
        answer_within_s,
        own_targets,
    )
    else {
        return Err(errors.into_vec());
    };
    // An e-mail's expiry is its patience: it leaves the queue unopened.
    let patience = match email.and_then(|e| e.expire_after_s) {
        Some(expire_s) => Some(Distribution::constant(expire_s)),
        None => patience,
    };
    errors.finish(CallType {
        name: name.to_string(),
        calls_per_interval,
        handle,
        aht_s,
        patience,
        after_call_work,
        priority: priority as i32,
        preference: Vec::new(),
        transfers: Vec::new(),
        retry,
        recontact,
        callback,
        balk,
        max_waiting,
        proactive,
        fed_by_ivr,
        channel,
        aging_per_s: aging_per_min.map(|v| v / 60.0),
        email,
        answer_within_s,
        own_targets: own_targets.unwrap_or_default(),
    })
}

/// A voice or chat type's own service-level threshold, in seconds, as
/// `[targets] answer_within_s` is read; an e-mail's is its window in hours.
fn own_threshold(raw: &RawCallType, path: &FieldPath) -> Check<Option<f64>> {
    let Some(v) = raw.answer_within_s else {
        return Ok(None);
    };
    let key = path.key("answer_within_s");
    if raw.channel == RawChannel::Email {
        return Err(key.error(
            "an e-mail type's service level is counted within `answer_within_h`, its window in hours: leave out `answer_within_s`",
        ));
    }
    in_range(&key, v, ">= 0 and at most 86400", |v| {
        (0.0..=86_400.0).contains(&v)
    })
    .map(Some)
}

/// The most e-mails a backlog may start with: a million waiting contacts
/// take some 64 MB, and no back office holds more.
const MAX_BACKLOG_START: i64 = 1_000_000;

/// An e-mail type's rules, and those keys refused on other channels.
fn email(raw: &RawCallType, path: &FieldPath) -> Check<Option<Email>> {
    if raw.channel != RawChannel::Email {
        let given = [
            ("answer_within_h", raw.answer_within_h.is_some()),
            ("expire_after_h", raw.expire_after_h.is_some()),
            ("backlog_start", raw.backlog_start.is_some()),
        ];
        if let Some((key, _)) = given.iter().find(|(_, given)| *given) {
            return Err(path
                .key(key)
                .error("applies to e-mail types only: set `channel = \"email\"` or leave it out"));
        }
        return Ok(None);
    }
    let Some(within_h) = raw.answer_within_h else {
        return Err(path.error(
            "an e-mail type needs `answer_within_h`, the window in hours its e-mails should be opened within (e.g. 4 or 24)",
        ));
    };
    let hours = |key: &str, v: f64| {
        in_range(
            &path.key(key),
            v,
            "more than 0 and at most 8760 hours (a year)",
            |v| v > 0.0 && v <= 8760.0,
        )
        .map(|h| h * 3600.0)
    };
    let answer_within_s = hours("answer_within_h", within_h)?;
    let expire_after_s = optional(raw.expire_after_h.as_ref(), |&h| hours("expire_after_h", h))?;
    let backlog_start = optional(raw.backlog_start.as_ref(), |&n| {
        whole_in_range(&path.key("backlog_start"), n, 0, MAX_BACKLOG_START)
    })?
    .unwrap_or(0) as u32;
    Ok(Some(Email {
        answer_within_s,
        expire_after_s,
        backlog_start,
    }))
}

/// What an e-mail cannot have: a phone menu, a caller's patience (it has
/// an expiry), a busy signal, balking, a retry or a callback.
fn email_channel(raw: &RawCallType, fed_by_ivr: bool, path: &FieldPath) -> Check<Channel> {
    let refused = [
        (
            raw.patience.is_some(),
            "patience",
            "an e-mail does not hang up: give `expire_after_h` for e-mails that expire unopened",
        ),
        (
            raw.retry.is_some(),
            "retry",
            "an e-mail gets no busy signal and does not retry: leave out `retry`",
        ),
        (
            raw.callback.is_some(),
            "callback",
            "an e-mail cannot offer a callback: leave out `callback`",
        ),
        (
            raw.balk.is_some(),
            "balk",
            "an e-mail does not balk at a long queue: leave out `balk`",
        ),
        (
            raw.max_waiting.is_some(),
            "max_waiting",
            "an e-mail queue has no capacity limit (the backlog is carried over): leave out `max_waiting`",
        ),
    ];
    if fed_by_ivr {
        return Err(path.key("channel").error(
            "an e-mail cannot be reached through the IVR (its menus are phone prompts): give the e-mail type its own volume",
        ));
    }
    match refused.iter().find(|(given, _, _)| *given) {
        Some((_, key, why)) => Err(path.key(key).error(*why)),
        None => Ok(Channel::Email),
    }
}

/// The channel, and what a chat cannot have: a phone menu before it, or a
/// callback (nobody to call back on a chat).
fn channel(raw: &RawCallType, fed_by_ivr: bool, call_type: &FieldPath) -> Check<Channel> {
    let path = &call_type.key("channel");
    match raw.channel {
        RawChannel::Voice => Ok(Channel::Voice),
        RawChannel::Email => email_channel(raw, fed_by_ivr, call_type),
        RawChannel::Chat if fed_by_ivr => Err(path.error(
            "a chat cannot be reached through the IVR (its menus are phone prompts): give the chat type its own volume",
        )),
        RawChannel::Chat if raw.callback.is_some() => Err(path.error(
            "a chat cannot offer a callback: leave out `callback` or make the type \"voice\"",
        )),
        RawChannel::Chat => Ok(Channel::Chat),
    }
}

/// The call type's own volume; none (all zero) when an IVR feeds it.
fn own_volume(
    raw: &RawCallType,
    day: Option<&Day>,
    fed_by_ivr: bool,
    path: &FieldPath,
) -> Check<Vec<f64>> {
    match volume(
        path,
        raw.calls_per_interval.as_ref(),
        raw.calls_per_hour.as_ref(),
        day,
    )? {
        Some(v) => Ok(v),
        None if fed_by_ivr => Ok(every_interval(0.0, day)),
        None => Err(path.error(
            "give the volume: calls_per_interval (a number or one per interval) or calls_per_hour",
        )),
    }
}

fn handle(raw: &RawDistribution, path: &FieldPath) -> Check<Distribution> {
    let handle = distribution(path, raw)?;
    if handle.mean() <= 0.0 {
        return Err(path.error("the mean handle time must be > 0"));
    }
    Ok(handle)
}

fn recontact(raw: &RawRecontact, path: &FieldPath) -> TableCheck<Recontact> {
    let mut errors = Errors::default();
    let fcr = errors.check(first_contact_resolution(&path.key("fcr_pct"), raw.fcr_pct));
    let delay = errors.check(distribution(&path.key("delay"), &raw.delay));
    let (Some(fcr), Some(delay)) = (fcr, delay) else {
        return Err(errors.into_vec());
    };
    errors.finish(Recontact { fcr, delay })
}

fn first_contact_resolution(path: &FieldPath, fcr_pct: f64) -> Check<f64> {
    let fcr = percent(path, fcr_pct)?;
    if fcr <= 0.0 {
        return Err(path.error(
            "must be above 0: at 0 % no call ever solves the caller's problem, so every answered caller calls again without end",
        ));
    }
    Ok(fcr)
}

fn callback(raw: &RawCallback, path: &FieldPath) -> TableCheck<Callback> {
    let mut errors = Errors::default();
    let offer_when_wait_s = errors.check(in_range(
        &path.key("offer_when_wait_s"),
        raw.offer_when_wait_s,
        ">= 0 and at most 86400",
        |v| (0.0..=86_400.0).contains(&v),
    ));
    let accept = errors.check(percent(&path.key("accept_pct"), raw.accept_pct));
    let deadline_min = errors.check(in_range(
        &path.key("deadline_min"),
        raw.deadline_min,
        "> 0 and at most 10080 (a week)",
        |v| v > 0.0 && v <= 10_080.0,
    ));
    let (Some(offer_when_wait_s), Some(accept), Some(deadline_min)) =
        (offer_when_wait_s, accept, deadline_min)
    else {
        return Err(errors.into_vec());
    };
    errors.finish(Callback {
        offer_when_wait_s,
        accept,
        deadline_s: deadline_min * 60.0,
    })
}

/// A `balk` table: from how many callers waiting, and how likely a caller
/// who finds them leaves.
fn balk(raw: &RawBalk, path: &FieldPath) -> TableCheck<Balk> {
    let mut errors = Errors::default();
    let when_waiting = errors.check(whole_in_range(
        &path.key("when_waiting"),
        raw.when_waiting,
        0,
        MAX_WAITING,
    ));
    let prob = errors.check(balk_probability(&path.key("prob_pct"), raw.prob_pct));
    let (Some(when_waiting), Some(prob)) = (when_waiting, prob) else {
        return Err(errors.into_vec());
    };
    errors.finish(Balk {
        when_waiting: when_waiting as u32,
        prob,
    })
}

/// 0 % is refused: a rule that never makes a caller leave is a slip.
fn balk_probability(path: &FieldPath, prob_pct: f64) -> Check<f64> {
    let prob = percent(path, prob_pct)?;
    if prob <= 0.0 {
        return Err(
            path.error("must be above 0: at 0 % no caller ever balks (leave balk out for that)")
        );
    }
    Ok(prob)
}

/// The share of each interval's volume that proactive notifications remove.
fn proactive(
    raw: &RawCallType,
    day: Option<&Day>,
    fed_by_ivr: bool,
    path: &FieldPath,
) -> Check<Vec<f64>> {
    let path = path.key("proactive_pct");
    match &raw.proactive_pct {
        None => Ok(every_interval(0.0, day)),
        Some(_) if fed_by_ivr => Err(path.error(
            "applies to the call type's own volume: callers reaching it through an IVR have already called",
        )),
        Some(v) => Ok(per_interval(&path, v, day, |path, v| {
            in_range(path, v, "a percentage from 0 to 100", |v| {
                (0.0..=100.0).contains(&v)
            })
        })?
        .into_iter()
        .map(|p| p / 100.0)
        .collect()),
    }
}
