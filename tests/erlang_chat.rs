//! `callsim erlang --max-chats`: the chat model end to end, against the
//! library and Erlang A, in every format, and every kind of bad input.

use assert_cmd::Command;
use callsim::erlang::{ErlangA, ErlangChat, Traffic};
use serde_json::Value;

fn callsim() -> Command {
    Command::cargo_bin("callsim").unwrap()
}

fn run(args: &[&str]) -> String {
    let output = callsim().arg("erlang").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&run(&all)).unwrap()
}

/// Runs `callsim erlang ARGS`, expects exit code 2 and one error line containing `message`.
fn fails_with(args: &[&str], message: &str) {
    let output = callsim().arg("erlang").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "args {args:?}: {stderr}");
    assert!(
        stderr.contains(message),
        "args {args:?}: expected `{message}` in `{stderr}`"
    );
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one sentence: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing on stdout after an error");
}

const CHATS: [&str; 8] = [
    "--calls-per-hour",
    "300",
    "--aht-s",
    "600",
    "--max-chats",
    "3",
    "--chat-factors",
    "1,1.25,1.6",
];

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    let mut args = CHATS.to_vec();
    args.extend(extra);
    args
}

#[test]
fn evaluate_reports_the_libraries_values() {
    let record = json(&with(&[
        "--agents",
        "22",
        "--patience-s",
        "120",
        "--target",
        "80/60",
    ]));
    assert_eq!(record["schema"], "callsim.erlang_chat/1");
    assert_eq!(record["result"]["mode"], "evaluate");
    assert_eq!(record["max_chats"], 3);
    let traffic = Traffic::from_calls_per_hour(300.0, 600.0).unwrap();
    let chat = ErlangChat::new(&traffic, 22, 3, &[1.0, 1.25, 1.6], Some(120.0)).unwrap();
    let kpis = &record["result"]["kpis"];
    let field = |name: &str| kpis[name].as_f64().unwrap();
    assert_eq!(field("prob_wait"), chat.prob_wait());
    assert_eq!(field("service_level"), chat.service_level(60.0));
    assert_eq!(field("prob_abandon"), chat.prob_abandon());
    assert_eq!(field("occupancy"), chat.occupancy());
    assert_eq!(field("mean_chats_per_agent"), chat.mean_chats_per_agent());
    let shares: f64 = kpis["agent_level_shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .sum();
    assert!((shares - 1.0).abs() < 1e-12);
    assert_eq!(record["result"]["meets_targets"], false);
}

/// One chat per agent is Erlang A: the same staffing and KPIs as `erlang --patience-s`.
#[test]
fn one_chat_per_agent_staffs_as_erlang_a() {
    let base = [
        "--calls-per-hour",
        "600",
        "--aht-s",
        "180",
        "--patience-s",
        "120",
        "--target",
        "80/20",
    ];
    let erlang = json(&base);
    let mut args = base.to_vec();
    args.extend(["--max-chats", "1"]);
    let chat = json(&args);
    let agents = erlang["result"]["required"]["agents"].as_u64().unwrap();
    assert_eq!(
        chat["result"]["required"]["agents"].as_u64().unwrap(),
        agents
    );
    let traffic = Traffic::from_calls_per_hour(600.0, 180.0).unwrap();
    let a = ErlangA::new(&traffic, agents as u32, 120.0).unwrap();
    let sl = chat["result"]["required"]["service_level"]
        .as_f64()
        .unwrap();
    assert!((sl - a.outcomes_at(20.0).answered).abs() < 1e-12);
}

#[test]
fn staffing_marks_the_fewest_agents_meeting_the_targets() {
    let record = json(&with(&[
        "--patience-s",
        "120",
        "--target",
        "80/60",
        "--max-abandon-pct",
        "10",
    ]));
    let result = &record["result"];
    assert_eq!(result["mode"], "staffing");
    let required = result["required"]["agents"].as_u64().unwrap();
    for row in result["table"].as_array().unwrap() {
        let agents = row["agents"].as_u64().unwrap();
        let meets = row["service_level"].as_f64().unwrap() >= 0.8
            && row["prob_abandon"].as_f64().unwrap() <= 0.1;
        assert_eq!(meets, agents >= required, "row {agents}");
    }
}

#[test]
fn table_and_csv_in_both_languages() {
    let args = with(&["--patience-s", "120", "--target", "80/60"]);
    let table = run(&args);
    assert!(
        table.contains("Chat model: up to 3 chats per agent"),
        "{table}"
    );
    assert!(table.contains("▶"), "{table}");
    let mut pt = args.clone();
    pt.extend(["--lang", "pt"]);
    let text = run(&pt);
    assert!(text.contains("Modelo de chat"), "{text}");
    assert!(text.contains(','), "decimal comma: {text}");
    let mut csv = pt.clone();
    csv.extend(["--format", "csv"]);
    let csv = run(&csv);
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("chats_por_agente;agentes_com_0"),
        "{header}"
    );
    let mut en = args.clone();
    en.extend(["--format", "csv"]);
    let en = run(&en);
    assert!(
        en.lines()
            .next()
            .unwrap()
            .contains("mean_chats_per_agent,agents_at_0")
    );
    assert_eq!(
        en.lines().count(),
        8,
        "a header and seven staffing levels: {en}"
    );
}

#[test]
fn bad_input_is_one_sentence() {
    let traffic = [
        "--calls-per-hour",
        "300",
        "--aht-s",
        "600",
        "--agents",
        "20",
    ];
    let with_traffic = |extra: &[&'static str]| {
        let mut args = traffic.to_vec();
        args.extend(extra);
        args
    };
    fails_with(&with_traffic(&["--max-chats", "0"]), "max_chats");
    fails_with(
        &with_traffic(&["--max-chats", "33"]),
        "between 1 and 32, got 33",
    );
    fails_with(
        &with_traffic(&["--max-chats", "3", "--chat-factors", "1,1.2,1.4,1.6"]),
        "--chat-factors gives 4 factors but --max-chats is 3: give one per concurrency level",
    );
    fails_with(
        &with_traffic(&["--max-chats", "2", "--chat-factors", ""]),
        "--chat-factors is empty",
    );
    fails_with(
        &with_traffic(&["--max-chats", "2", "--chat-factors", "1,abc"]),
        "factor 2 `abc` is not a number",
    );
    for bad in ["0", "-1", "NaN", "inf"] {
        let factors: &'static str = Box::leak(format!("1,{bad}").into_boxed_str());
        fails_with(
            &with_traffic(&[
                "--max-chats",
                "2",
                "--chat-factors",
                factors,
                "--patience-s",
                "60",
            ]),
            "the handle-time factor at 2 chats must be a finite number > 0",
        );
    }
    fails_with(
        &[
            "--calls-per-hour",
            "300",
            "--aht-s",
            "600",
            "--agents",
            "3000",
            "--max-chats",
            "3",
            "--patience-s",
            "60",
        ],
        "states, above the exact chat model's limit of 2000000: simulate a center this size with `callsim simulate`",
    );
    fails_with(
        &[
            "--calls-per-hour",
            "300",
            "--aht-s",
            "600",
            "--agents",
            "4000000",
            "--max-chats",
            "32",
            "--patience-s",
            "60",
        ],
        "more than 2000000 states",
    );
    fails_with(
        &[
            "--calls-per-hour",
            "300",
            "--aht-s",
            "600",
            "--agents",
            "16",
            "--max-chats",
            "3",
        ],
        "the chat queue is unstable: 16 agents holding 3 chats finish at most 288.0 chats per hour",
    );
    // Clap's own usage error: several lines, exit code 2.
    let output = callsim()
        .arg("erlang")
        .args(with_traffic(&["--chat-factors", "1"]))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--max-chats"));
    for (flag, extra) in [
        ("--explain", vec!["--explain"]),
        ("--compare-models", vec!["--compare-models"]),
        ("--max-blocking-pct", vec!["--max-blocking-pct", "1"]),
        ("--sl-basis", vec!["--sl-basis", "answered"]),
        ("--plot and --report", vec!["--report", "r.html"]),
    ] {
        let mut args = with_traffic(&["--max-chats", "3", "--patience-s", "60"]);
        args.extend(extra);
        fails_with(&args, &format!("{flag} does not apply"));
    }
    fails_with(
        &[
            "--calls-per-hour",
            "300",
            "--aht-s",
            "600",
            "--max-chats",
            "3",
            "--max-abandon-pct",
            "5",
        ],
        "needs a patience",
    );
}
