//! Opening hours that run past midnight: `close` before `open` is the next
//! day's, and the day is the same as the equivalent count of intervals.

use callsim::run::replicate::{RunOptions, simulate};
use callsim::scenario::Scenario;

fn center(hours: &str) -> String {
    format!(
        r#"
[simulation]
seed = 3
replications = 8
interval_min = 30
{hours}

[[call_type]]
name = "night"
calls_per_interval = 60
handle = {{ dist = "exponential", mean_s = 240 }}
patience = {{ dist = "exponential", mean_s = 180 }}

[[agent_group]]
name = "team"
agents = 8
skills = ["night"]
"#
    )
}

#[test]
fn a_day_closing_after_midnight_is_the_same_day_as_its_intervals() {
    let by_clock = Scenario::from_toml(
        &center("open = \"20:00\"\nclose = \"01:00\""),
        "clock.toml",
        &[],
    )
    .unwrap();
    let by_count = Scenario::from_toml(
        &center("open = \"20:00\"\nintervals = 10"),
        "count.toml",
        &[],
    )
    .unwrap();
    assert_eq!(
        by_clock.simulation.intervals, 10,
        "20:00 to 01:00 is five hours"
    );
    let options = RunOptions::default();
    let a = simulate(&by_clock, &options).unwrap();
    let b = simulate(&by_count, &options).unwrap();
    assert_eq!(a.moments, b.moments);
    assert_eq!(a.calls_simulated, b.calls_simulated);
    let labels: Vec<String> = (0..10)
        .map(|k| by_clock.simulation.interval_label(k))
        .collect();
    assert_eq!(labels[0], "20:00");
    assert_eq!(labels[7], "23:30");
    assert!(
        labels[8].ends_with("00:00") && labels[9].ends_with("00:30"),
        "{labels:?}"
    );
}

#[test]
fn a_bank_open_08_to_01_has_34_half_hours_and_takes_a_shift_at_midnight() {
    let text = format!(
        "{}\n[[shift]]\nname = \"late\"\nstart = [\"17:00\", \"00:00\"]\nlength_min = 60\n",
        center("open = \"08:00\"\nclose = \"01:00\"")
    );
    let scenario = Scenario::from_toml(&text, "bank.toml", &[]).unwrap();
    assert_eq!(scenario.simulation.intervals, 34);
}

#[test]
fn closing_at_the_opening_time_is_refused_with_the_way_out() {
    let err = Scenario::from_toml(
        &center("open = \"08:00\"\nclose = \"08:00\""),
        "same.toml",
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("simulation.close") && err.contains("simulation.intervals"),
        "{err}"
    );
}

#[test]
fn a_week_names_its_days_in_the_language_the_scenario_names_the_first() {
    for (first, expected) in [
        ("Mon", ["Mon 20:00", "Mon 23:30", "Tue 00:00", "Tue 00:30"]),
        (
            "segunda-feira",
            ["seg 20:00", "seg 23:30", "ter 00:00", "ter 00:30"],
        ),
        ("SAB", ["sáb 20:00", "sáb 23:30", "dom 00:00", "dom 00:30"]),
        (
            "sunday",
            ["Sun 20:00", "Sun 23:30", "Mon 00:00", "Mon 00:30"],
        ),
    ] {
        let text = center(&format!(
            "open = \"20:00\"\nclose = \"01:00\"\nfirst_day = \"{first}\""
        ));
        let scenario = Scenario::from_toml(&text, "week.toml", &[]).unwrap();
        let labels: Vec<String> = [0, 7, 8, 9]
            .iter()
            .map(|&k| scenario.simulation.interval_label(k))
            .collect();
        assert_eq!(labels, expected, "first_day = {first}");
    }
    let err = Scenario::from_toml(
        &center("intervals = 4\nfirst_day = \"Funday\""),
        "week.toml",
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("simulation.first_day: must be a weekday"),
        "{err}"
    );
}
