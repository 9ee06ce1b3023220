//! What a planner's exports can do to `forecast`, `fit` and `simulate
//! --calls-log` besides bad cells: a pipe for a file, an output that is the
//! input, a forecast far past its history, durations in the wrong unit,
//! names no report could show. Each is one sentence and leaves every file
//! as it was.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn callsim() -> Command {
    Command::cargo_bin("callsim").unwrap()
}

/// Runs callsim with `args`; expects exit code 2 and one line containing `message`.
fn refused(args: &[&str], message: &str) {
    let out = callsim().args(args).assert().failure().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one sentence: {stderr}");
    assert!(stderr.contains(message), "expected `{message}` in {stderr}");
}

fn history(dir: &Path) -> String {
    let mut text = String::from("date,interval,queue,offered,aht\n");
    let first = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    for d in 0..21 {
        let date = first + chrono::Duration::days(d);
        for hour in 8..12 {
            text.push_str(&format!("{date},{hour:02}:00,q,{},300\n", 10 + d % 7));
        }
    }
    let path = dir.join("history.csv");
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().unwrap();
    let h = history(dir.path());
    let before = fs::read(&h).unwrap();
    refused(
        &["forecast", &h, "--from", "2026-01-26", "--output", &h],
        "is one of this run's inputs",
    );
    let log = dir.path().join("calls.csv");
    fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/fit/calls_synthetic.csv"
        ),
        &log,
    )
    .unwrap();
    let log = log.to_str().unwrap();
    refused(
        &["fit", log, "--write-scenario", log],
        "is one of this run's inputs",
    );
    let scenario = dir.path().join("s.toml");
    fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/helpline.toml"),
        &scenario,
    )
    .unwrap();
    let scenario = scenario.to_str().unwrap();
    let toml = fs::read(scenario).unwrap();
    refused(
        &["simulate", scenario, "--quiet", "--calls-log", scenario],
        "--calls-log",
    );
    assert_eq!(fs::read(&h).unwrap(), before);
    assert_eq!(fs::read(scenario).unwrap(), toml);
}

#[cfg(unix)]
#[test]
fn a_pipe_for_a_file_is_refused_at_once_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let fifo = fifo.to_str().unwrap();
    let h = history(dir.path());
    let message = "is not a regular file (a pipe or a device)";
    refused(&["fit", fifo], message);
    refused(&["forecast", fifo, "--from", "2026-01-26"], message);
    refused(
        &[
            "forecast",
            &h,
            "--from",
            "2026-01-26",
            "--special-days",
            fifo,
        ],
        message,
    );
    refused(
        &["forecast", &h, "--from", "2026-01-26", "--columns", fifo],
        message,
    );
}

#[test]
fn a_forecast_far_past_its_history_or_an_absurd_aht_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let h = history(dir.path());
    refused(
        &["forecast", &h, "--from", "9999-12-31"],
        "a forecast reaches at most 731 days past its history",
    );
    let text = fs::read_to_string(&h)
        .unwrap()
        .replacen(",300\n", ",1000000\n", 1);
    fs::write(&h, text).unwrap();
    refused(
        &["forecast", &h, "--from", "2026-01-26"],
        ":2: column \"aht\" (\"1000000\"): an average handle time of more than a day",
    );
}

#[test]
fn a_call_log_with_durations_in_milliseconds_or_escapes_in_names_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("ms.csv");
    fs::write(
        &log,
        "arrival,queue,outcome,wait_s,talk_s\n2026-01-05 08:00:00,q,answered,1500,245\n2026-01-05 08:01:00,q,answered,0,180000000\n",
    )
    .unwrap();
    refused(
        &["fit", log.to_str().unwrap()],
        ":3: column \"talk_s\" (\"180000000\"): a duration of more than a day",
    );
    fs::write(
        &log,
        "arrival,queue,outcome,wait_s,talk_s\n2026-01-05 08:00:00,\"q\u{1b}[31m\",answered,1,245\n",
    )
    .unwrap();
    refused(
        &["fit", log.to_str().unwrap()],
        ":2: column \"queue\": a name cannot hold control characters",
    );
}

#[test]
fn a_log_of_more_queues_than_a_scenario_holds_is_refused_where_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("arrival,queue,outcome,wait_s,talk_s\n");
    for q in 0..1001 {
        text.push_str(&format!("2026-01-05 08:00:00,q{q},answered,0,60\n"));
    }
    let log = dir.path().join("many.csv");
    fs::write(&log, text).unwrap();
    refused(
        &["fit", log.to_str().unwrap()],
        ":1002: column \"queue\" (\"q1000\"): the log names more than 1000 queues",
    );
}
