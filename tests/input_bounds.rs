//! Inputs that once exhausted the memory or ran without end: every one is
//! refused with one sentence and exit code 2, quickly, before any work.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `callsim ARGS` in the repository root, expecting a refusal within
/// a few seconds: exit 2, one line on stderr naming `message`, no stdout.
fn refused(args: &[&str], message: &str) -> String {
    let started = Instant::now();
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(root())
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{args:?}: wrote to stdout");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr:?}");
    assert!(
        stderr.contains(message),
        "{args:?}: expected `{message}` in `{stderr}`"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{args:?}: took {:?}",
        started.elapsed()
    );
    stderr
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_as_a_scenario_and_as_a_forecast() {
    // Both read 4 GB before failing.
    refused(
        &["simulate", "/dev/zero"],
        "cannot read scenario /dev/zero: it is not a regular file (a device, a pipe or a socket)",
    );
    refused(
        &[
            "erlang",
            "--intervals",
            "/dev/zero",
            "--aht-s",
            "180",
            "--target",
            "80/20",
        ],
        "/dev/zero: cannot read the forecast: it is not a regular file",
    );
    // Results and partial results too.
    refused(
        &["merge", "/dev/zero"],
        "cannot read /dev/zero: it is not a regular file",
    );
    refused(
        &["plot", "/dev/zero", "--plot", "/tmp"],
        "cannot read /dev/zero: it is not a regular file",
    );
}

#[test]
fn files_over_the_size_limit_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    // A comment of 17 MB: valid TOML, past the 16 MiB limit.
    let mut text = String::from("# ");
    text.push_str(&"x".repeat(17_000_000));
    fs::write(&path, &text).unwrap();
    let path = path.to_str().unwrap();
    refused(
        &["simulate", path],
        "the file holds 16.2 MiB (17000002 bytes), over the limit of 16 MiB for an input file",
    );
    refused(
        &[
            "erlang",
            "--intervals",
            path,
            "--aht-s",
            "180",
            "--target",
            "80/20",
        ],
        "over the limit of 16 MiB",
    );
}

#[test]
fn files_within_the_size_limit_that_would_take_gigabytes_to_parse_are_refused() {
    // Each under 16 MiB; parsed, they took 1.3 to 2 GB (millions of empty
    // tables, of table headers, of one-digit list items).
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "tables.toml",
            format!("call_type = [{}]\n", vec!["{}"; 4_000_000].join(",")),
            "the file opens 4000001 tables and lists",
        ),
        (
            "headers.toml",
            "[[a]]\n".repeat(2_000_000),
            "more than the 250000 a scenario may hold",
        ),
        (
            "items.toml",
            format!("x = [{}]\n", vec!["1"; 5_000_000].join(",")),
            "the file holds 4999999 commas (list items), more than the 4000000",
        ),
    ];
    for (name, text, message) in cases {
        assert!(text.len() < 16 * 1024 * 1024, "{name}");
        let path = dir.path().join(name);
        fs::write(&path, &text).unwrap();
        let stderr = refused(&["simulate", path.to_str().unwrap()], message);
        assert!(stderr.contains(name), "{stderr}");
    }
    // Just under the bounds: parsed (and refused for what it says).
    let path = dir.path().join("under.toml");
    fs::write(&path, format!("x = [{}]\n", vec!["1"; 100_000].join(","))).unwrap();
    refused(&["simulate", path.to_str().unwrap()], "unknown field `x`");
}

#[test]
fn a_folder_is_not_a_scenario() {
    refused(
        &["simulate", "scenarios"],
        "cannot read scenario scenarios: it is a folder, not a file",
    );
}

#[test]
fn forecast_labels_with_control_characters_or_too_long_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (label, shown) in [
        ("\u{1b}[2Jcleared", "\\u{1b}[2Jcleared"),
        (&"x".repeat(101), &"x".repeat(100)),
    ] {
        let path = dir.path().join("forecast.csv");
        fs::write(&path, format!("interval,calls\n08:00,10\n{label},12\n")).unwrap();
        refused(
            &[
                "erlang",
                "--intervals",
                path.to_str().unwrap(),
                "--aht-s",
                "180",
                "--target",
                "80/20",
            ],
            &format!(
                ":3: interval: the label \"{shown}\" must be at most 100 characters, without control or invisible characters"
            ),
        );
    }
}

#[test]
fn a_forecast_longer_than_a_year_of_five_minute_intervals_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forecast.csv");
    let mut text = String::from("calls\n");
    for _ in 0..105_121 {
        text.push_str("1\n");
    }
    fs::write(&path, text).unwrap();
    refused(
        &[
            "erlang",
            "--intervals",
            path.to_str().unwrap(),
            "--aht-s",
            "180",
            "--target",
            "80/20",
        ],
        ":105122: the forecast has more than 105120 intervals",
    );
}

/// A scenario of one call type and one group, written to a temporary folder.
fn scenario_file(
    dir: &tempfile::TempDir,
    name: &str,
    simulation: &str,
    call_type: &str,
    agents: &str,
) -> String {
    let path = dir.path().join(name);
    fs::write(
        &path,
        format!(
            "[simulation]\nseed = 1\n{simulation}\n\n[[call_type]]\nname = \"support\"\nhandle = {{ dist = \"exponential\", mean_s = 240 }}\n{call_type}\n\n[[agent_group]]\nname = \"agents\"\nagents = {agents}\nskills = [\"support\"]\n"
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn callers_who_never_hang_up_with_no_agent_are_refused_before_they_fill_the_memory() {
    // Aborted at 7 GB: every one of the 1e8 callers waited for ever.
    let dir = tempfile::tempdir().unwrap();
    let path = scenario_file(
        &dir,
        "queue.toml",
        "replications = 1\nintervals = 1",
        "calls_per_interval = 1e8",
        "0",
    );
    let stderr = refused(
        &["simulate", &path],
        "this run needs about 1.0e8 call attempts in 1 replication (repeats counted as often as they may happen)",
    );
    assert!(
        stderr.contains("1.0e8 callers present at once per replication"),
        "{stderr}"
    );
    assert!(
        stderr.contains("or the callers a patience or enough agents so that fewer wait"),
        "{stderr}"
    );
}

#[test]
fn a_day_of_astronomical_work_is_refused_without_force() {
    // 1e8 calls in each of 48 half hours, a million times: it started
    // without a word.
    let dir = tempfile::tempdir().unwrap();
    let path = scenario_file(
        &dir,
        "day.toml",
        "replications = 1000000\nintervals = 48",
        "calls_per_interval = 1e8\npatience = { dist = \"exponential\", mean_s = 60 }",
        "1000000",
    );
    let stderr = refused(
        &["simulate", &path, "--threads", "1"],
        "this run needs about 4.8e15 call attempts in 1.0e6 replications",
    );
    assert!(
        stderr.contains("more than the 1 core-hour of processor time or 4 GiB of memory callsim starts without --force; give --force to run it anyway, or fewer replications, calls or intervals"),
        "{stderr}"
    );
}

#[test]
fn force_runs_a_heavy_estimate_with_a_warning() {
    // Retries of 99.99 % a day later are bounded by 1e4 attempts per caller,
    // though none happens before closing: the estimate is far above the
    // run, which --force lets through with a warning on stderr.
    let dir = tempfile::tempdir().unwrap();
    let path = scenario_file(
        &dir,
        "retries.toml",
        "replications = 5000\nintervals = 2",
        "calls_per_interval = 200\npatience = { dist = \"exponential\", mean_s = 30 }\nretry = { prob_pct = 99.99, delay = { dist = \"constant\", value_s = 86400 } }",
        "1",
    );
    refused(
        &["simulate", &path],
        "this run needs about 2.0e10 call attempts in 5000 replications",
    );
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .args(["simulate", &path, "--force", "--format", "csv"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!output.stdout.is_empty());
    assert!(
        stderr.starts_with("warning: this run needs about 2.0e10 call attempts")
            && stderr.trim_end().ends_with("running it because of --force"),
        "{stderr}"
    );
    // --quiet silences the warning, not the check.
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .args(["simulate", &path, "--force", "--quiet", "--format", "csv"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stderr.is_empty());
}

#[test]
fn compare_sweep_and_staff_check_the_budget_too() {
    let dir = tempfile::tempdir().unwrap();
    let heavy = scenario_file(
        &dir,
        "heavy.toml",
        "replications = 1000000\nintervals = 48",
        "calls_per_interval = 1e8\npatience = { dist = \"exponential\", mean_s = 60 }",
        "1000000",
    );
    let light = root().join("scenarios/helpline.toml");
    let light = light.to_str().unwrap();
    refused(
        &["compare", &heavy, light, "--threads", "1"],
        &format!("error: {heavy}: this run needs about "),
    );
    refused(
        &[
            "sweep",
            &heavy,
            "--vary",
            "volume_pct=50,100",
            "--threads",
            "1",
        ],
        &format!(
            "error: {heavy}: --vary volume_pct=50,100: this run needs about 7.2e15 call attempts"
        ),
    );
    let staffed = scenario_file(
        &dir,
        "staff.toml",
        "replications = 1000000\nintervals = 48\n[targets]\nservice_level_pct = 80",
        "calls_per_interval = 1e8\npatience = { dist = \"exponential\", mean_s = 60 }",
        "1000000",
    );
    refused(
        &["staff", &staffed, "--threads", "1"],
        &format!("error: {staffed}: this run needs about "),
    );
}

#[test]
fn a_shard_keeps_every_replication_and_is_budgeted_for_it() {
    // Each kept replication's KPIs stay in memory until the partial result
    // is written: a million of them do not fit.
    let stderr = refused(
        &[
            "simulate",
            "scenarios/helpline.toml",
            "--set",
            "simulation.replications=1000000",
            "--shard",
            "1/1",
            "--threads",
            "1",
        ],
        "this run needs about 2.2e9 call attempts in 1.0e6 replications",
    );
    assert!(stderr.contains("GiB of memory"), "{stderr}");
}

#[test]
fn intervals_shorter_than_a_second_are_refused_even_through_a_sweep() {
    // 1e-309 minutes made the arrival rate infinite and aborted at 6 GB.
    refused(
        &[
            "simulate",
            "scenarios/helpline.toml",
            "--set",
            "simulation.interval_min=1e-309",
            "--set",
            "simulation.close=08:30",
        ],
        "simulation.interval_min): must be at least 1/60 (one second) and at most 1440 (one day), got 1e-309",
    );
    refused(
        &[
            "sweep",
            "scenarios/helpline.toml",
            "--vary",
            "simulation.interval_min=30,1e-303",
        ],
        "--vary simulation.interval_min=1e-303: ",
    );
}

#[test]
fn too_many_tables_are_refused_with_the_first_one_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("types.toml");
    let mut text = String::from("[simulation]\nseed = 1\nintervals = 1\n");
    for t in 0..1001 {
        text.push_str(&format!(
            "\n[[call_type]]\nname = \"t{t}\"\ncalls_per_interval = 1\nhandle = {{ dist = \"exponential\", mean_s = 60 }}\n"
        ));
    }
    text.push_str("\n[[agent_group]]\nname = \"g\"\nagents = 1\nskills = [\"t0\"]\n");
    fs::write(&path, &text).unwrap();
    let line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "[[call_type]]")
        .nth(1000)
        .unwrap()
        .0;
    refused(
        &["simulate", path.to_str().unwrap()],
        &format!(
            ":{}: call_type[1000]: the scenario has 1001 [[call_type]] tables, more than the 1000 it may have",
            line + 1
        ),
    );
}

#[test]
fn empirical_weights_of_1e308_draw_both_values() {
    // 1e308 + 1e308 overflowed: every share was 0 and only the last value
    // (200 s) was drawn, an AHT of 200 s instead of 150.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empirical.toml");
    fs::write(
        &path,
        "[simulation]\nseed = 3\nreplications = 20\nintervals = 4\n\n[[call_type]]\nname = \"support\"\ncalls_per_interval = 100\nhandle = { dist = \"empirical\", values_s = [100, 200], weights = [1e308, 1e308] }\n\n[[agent_group]]\nname = \"agents\"\nagents = 20\nskills = [\"support\"]\n",
    )
    .unwrap();
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .args(["simulate", path.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let aht = report["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["call_type"] == "support")
        .map(|row| row["kpis"]["aht_s"]["mean"].as_f64().unwrap())
        .unwrap();
    // 8000 calls: the standard error of the AHT is about 50 / √8000 ≈ 0.6 s.
    assert!((aht - 150.0).abs() < 3.0, "AHT {aht}");
}

#[test]
fn a_menu_callers_leave_once_in_a_hundred_million_visits_is_refused_without_force() {
    // Exact to 6 decimals, so valid, but 1e8 visits per caller.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loop.toml");
    fs::write(
        &path,
        "[simulation]\nseed = 1\nreplications = 30\nintervals = 2\n\n[[entry]]\nname = \"main\"\ncalls_per_interval = 100\nivr = \"menu\"\n\n[[ivr_node]]\nname = \"menu\"\nprompt = { dist = \"constant\", value_s = 1 }\noptions = [{ prob_pct = 99.999999, next = \"menu\" }, { prob_pct = 0.000001, queue = \"support\" }]\n\n[[call_type]]\nname = \"support\"\nhandle = { dist = \"exponential\", mean_s = 240 }\n\n[[agent_group]]\nname = \"agents\"\nagents = 1\nskills = [\"support\"]\n",
    )
    .unwrap();
    refused(
        &["simulate", path.to_str().unwrap()],
        "this run needs about 6000 call attempts in 30 replications (repeats counted as often as they may happen) and 6.0e11 IVR menu visits, agents joining or leaving, overflow checks and outbound dials",
    );
}

#[test]
fn a_trace_is_bounded() {
    // The trace is held in memory: --trace 18446744073709551615 kept every event.
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(root())
        .args([
            "simulate",
            "scenarios/helpline.toml",
            "--trace",
            "99999999999",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("give a number of events from 0 to 1000000")
    );
}
