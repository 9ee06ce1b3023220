//! Output safety: outputs are written all together or not at all, never
//! through a symbolic link, never over a read-only file, checked before the
//! work starts, cleaned up on SIGINT/SIGTERM; tables survive any name and
//! CSV text cannot smuggle in a spreadsheet formula. Each test is named
//! after the defect it guards against.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;

const HELPLINE: &str = "scenarios/helpline.toml";
const PLUS_ONE: &str = "scenarios/helpline_plus_one.toml";
/// About a minute of simulation: long enough that only an up-front check
/// can make the command end at once.
const HOURS_OF_WORK: &str = "simulation.replications=200000";

fn callsim() -> Command {
    let mut c = Command::cargo_bin("callsim").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn spawn(args: &[&str]) -> Child {
    Process::new(env!("CARGO_BIN_EXE_callsim"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits at most `limit` for `child`; kills it (and fails) past that.
fn wait_within(child: &mut Child, limit: Duration) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("callsim still ran after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn stderr_of(args: &[&str]) -> (Option<i32>, String, Vec<u8>) {
    let out = callsim().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stderr).unwrap(),
        out.stdout,
    )
}

// ---- 1. the temporary file and the target ----

#[test]
fn a_symlink_planted_at_the_old_predictable_temporary_name_is_not_followed() {
    // The old writer created `.NAME.PID.tmp` with a plain create: a link
    // planted there had its target overwritten. This process's PID is the
    // one the library would have used.
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let target = dir.path().join("x.json");
    let planted = dir
        .path()
        .join(format!(".x.json.{}.tmp", std::process::id()));
    symlink(&victim, &planted).unwrap();

    callsim::report::write_atomically(&target, b"new contents").unwrap();

    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(fs::read_to_string(&target).unwrap(), "new contents");
    assert_eq!(
        fs::read_link(&planted).unwrap(),
        victim,
        "the link is left alone"
    );
    let mut expected = vec![
        planted.file_name().unwrap().to_str().unwrap().to_string(),
        "victim.txt".to_string(),
        "x.json".to_string(),
    ];
    expected.sort();
    assert_eq!(names_in(dir.path()), expected, "no temporary is left");
}

#[test]
fn a_symlink_at_the_target_is_refused_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let link = dir.path().join("x.json");
    symlink(&victim, &link).unwrap();
    let (code, stderr, stdout) = stderr_of(&[
        "simulate",
        HELPLINE,
        "--format",
        "json",
        "--output",
        s(&link),
    ]);
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        format!(
            "error: --output {}: is a symbolic link (to {}); callsim does not write through links: give the file itself\n",
            link.display(),
            victim.display()
        )
    );
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(names_in(dir.path()), ["victim.txt", "x.json"]);
}

#[test]
fn a_read_only_target_stays_read_only_even_for_root() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("x.json");
    fs::write(&target, "old").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o444)).unwrap();
    for flag in ["--output", "--report"] {
        let (code, stderr, _) = stderr_of(&["simulate", HELPLINE, flag, s(&target)]);
        assert_eq!(code, Some(2), "{stderr}");
        assert_eq!(
            stderr,
            format!(
                "error: {flag} {}: is read-only; make it writable (chmod u+w) or give another file\n",
                target.display()
            )
        );
    }
    assert_eq!(fs::read_to_string(&target).unwrap(), "old");
    let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
    assert_eq!(names_in(dir.path()), ["x.json"]);
}

#[test]
fn a_replaced_file_keeps_its_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("x.json");
    fs::write(&target, "old").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    callsim()
        .args([
            "erlang",
            "--erlangs",
            "10",
            "--aht-s",
            "180",
            "--agents",
            "14",
        ])
        .args(["--format", "json", "--output"])
        .arg(&target)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&target)
            .unwrap()
            .contains("callsim.erlang/1")
    );
    let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn devices_are_still_written_in_place() {
    for device in ["/dev/null", "/dev/stdout"] {
        let out = callsim()
            .args([
                "erlang",
                "--erlangs",
                "10",
                "--aht-s",
                "180",
                "--agents",
                "14",
            ])
            .args(["--output", device, "--report", "/dev/null"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{device}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // /dev/stdout is a link to this test's own standard output, which may
        // be a file (`cargo test > log`): what must hold is that the link
        // itself was not replaced.
        let still_there = if device == "/dev/stdout" {
            fs::symlink_metadata(device)
                .unwrap()
                .file_type()
                .is_symlink()
        } else {
            !fs::metadata(device).unwrap().is_file()
        };
        assert!(still_there, "{device} is still a device");
        if device == "/dev/stdout" {
            assert!(String::from_utf8_lossy(&out.stdout).contains("Erlang C"));
        }
    }
}

#[test]
fn dev_stdout_redirected_to_a_file_is_written_there_not_renamed_over() {
    // The old writer saw a regular file behind /dev/stdout and renamed a
    // temporary over the link in /dev.
    let dir = tempfile::tempdir().unwrap();
    let captured = dir.path().join("captured.txt");
    fs::write(&captured, "first line\n").unwrap();
    let append = fs::OpenOptions::new().append(true).open(&captured).unwrap();
    let status = Process::new(env!("CARGO_BIN_EXE_callsim"))
        .args([
            "erlang",
            "--erlangs",
            "10",
            "--aht-s",
            "180",
            "--agents",
            "14",
        ])
        .args(["--output", "/dev/stdout"])
        .stdout(append)
        .status()
        .unwrap();
    assert!(status.success());
    let text = fs::read_to_string(&captured).unwrap();
    assert!(text.starts_with("first line\nErlang C"), "appended: {text}");
    assert!(
        fs::symlink_metadata("/dev/stdout")
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

// ---- 2. all outputs of a run, or none ----

#[test]
fn a_full_report_device_leaves_no_output_file() {
    // Once `--output x.json` stayed behind when `--report` failed.
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("x.json");
    let charts = dir.path().join("charts/day");
    let (code, stderr, stdout) = stderr_of(&[
        "simulate",
        HELPLINE,
        "--format",
        "json",
        "--output",
        s(&output),
        "--plot",
        s(&charts),
        "--report",
        "/dev/full",
    ]);
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        "error: --report /dev/full: cannot write: No space left on device (os error 28)\n"
    );
    assert_eq!(
        names_in(dir.path()),
        Vec::<String>::new(),
        "nothing is left"
    );
}

#[test]
fn a_full_output_device_leaves_no_charts_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("charts");
    fs::create_dir(&charts).unwrap();
    let report = dir.path().join("r.html");
    let (code, stderr, stdout) = stderr_of(&[
        "compare",
        HELPLINE,
        PLUS_ONE,
        "--quiet",
        "--output",
        "/dev/full",
        "--plot",
        s(&charts),
        "--report",
        s(&report),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.starts_with("error: --output /dev/full: cannot write: "),
        "{stderr}"
    );
    assert_eq!(
        names_in(dir.path()),
        ["charts"],
        "the existing folder stays"
    );
    assert_eq!(names_in(&charts), Vec::<String>::new());
}

#[test]
fn staff_writes_its_scenario_only_with_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    let (code, stderr, _) = stderr_of(&[
        "staff",
        "scenarios/staff_day.toml",
        "--set",
        "simulation.replications=4",
        "--quiet",
        "--write-scenario",
        s(&plan),
        "--report",
        "/dev/full",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: --report /dev/full: cannot write:"),
        "{stderr}"
    );
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
}

#[test]
fn two_outputs_naming_one_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("same.html");
    let dotted = dir.path().join(".").join("same.html");
    let (code, stderr, _) = stderr_of(&[
        "simulate",
        HELPLINE,
        "--output",
        s(&file),
        "--report",
        s(&dotted),
    ]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        format!(
            "error: --report {}: is also the destination of --output: give each output its own file\n",
            dotted.display()
        )
    );
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
}

// ---- 3. destinations checked before the work ----

/// Runs `args` on a scenario that would simulate for about a minute and
/// returns the error, asserting it came at once.
fn refused_at_once(args: &[&str]) -> String {
    let start = Instant::now();
    let mut child = spawn(args);
    let status = wait_within(&mut child, Duration::from_secs(20));
    let elapsed = start.elapsed();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(2), "{args:?}: {stderr}");
    assert!(
        elapsed < Duration::from_secs(2),
        "{args:?} took {elapsed:?}: the destination must be checked before simulating"
    );
    stderr
}

#[test]
fn a_missing_folder_is_refused_before_the_simulation_starts() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope/x.json");
    let stderr = refused_at_once(&[
        "simulate",
        HELPLINE,
        "--set",
        HOURS_OF_WORK,
        "--output",
        s(&missing),
    ]);
    assert_eq!(
        stderr,
        format!(
            "error: --output {}: the folder {} does not exist\n",
            missing.display(),
            dir.path().join("nope").display()
        )
    );
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
}

#[test]
fn every_command_checks_every_destination_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file.txt");
    fs::write(&file, "x").unwrap();
    let folder = dir.path().join("folder");
    fs::create_dir(&folder).unwrap();
    let under_file = file.join("x.json");
    let link = dir.path().join("link.html");
    symlink(&file, &link).unwrap();
    let (no_plan, no_report) = (
        dir.path().join("no/plan.toml"),
        dir.path().join("no/r.html"),
    );

    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec![
                "simulate",
                HELPLINE,
                "--set",
                HOURS_OF_WORK,
                "--report",
                s(&folder),
            ],
            format!(
                "--report {}: is a folder; give a file name",
                folder.display()
            ),
        ),
        (
            vec![
                "simulate",
                HELPLINE,
                "--set",
                HOURS_OF_WORK,
                "--plot",
                s(&file),
            ],
            format!("--plot {}: is a file; give a folder", file.display()),
        ),
        (
            vec![
                "simulate",
                HELPLINE,
                "--set",
                HOURS_OF_WORK,
                "--output",
                s(&under_file),
            ],
            format!(
                "--output {}: {} is not a folder",
                under_file.display(),
                file.display()
            ),
        ),
        (
            vec!["compare", HELPLINE, PLUS_ONE, "--report", s(&link)],
            format!(
                "--report {}: is a symbolic link (to {}); callsim does not write through links: give the file itself",
                link.display(),
                file.display()
            ),
        ),
        (
            vec![
                "sweep",
                HELPLINE,
                "--vary",
                "volume_pct=10:200:1",
                "--output",
                s(&folder),
            ],
            format!(
                "--output {}: is a folder; give a file name",
                folder.display()
            ),
        ),
        (
            vec![
                "staff",
                "scenarios/staff_day.toml",
                "--write-scenario",
                s(&no_plan),
            ],
            format!(
                "--write-scenario {}: the folder {} does not exist",
                dir.path().join("no/plan.toml").display(),
                dir.path().join("no").display()
            ),
        ),
        (
            vec!["merge", "no-such-part.json", "--plot", s(&under_file)],
            format!(
                "--plot {}: {} is not a folder",
                under_file.display(),
                file.display()
            ),
        ),
        (
            vec![
                "erlang",
                "--erlangs",
                "10",
                "--aht-s",
                "180",
                "--agents",
                "14",
                "--output",
                s(&folder),
            ],
            format!(
                "--output {}: is a folder; give a file name",
                folder.display()
            ),
        ),
        (
            vec!["plot", "no-such-result.json", "--report", s(&no_report)],
            format!(
                "--report {}: the folder {} does not exist",
                dir.path().join("no/r.html").display(),
                dir.path().join("no").display()
            ),
        ),
    ];
    for (args, expected) in cases {
        let stderr = refused_at_once(&args);
        assert_eq!(stderr, format!("error: {expected}\n"), "{args:?}");
    }
    assert_eq!(names_in(dir.path()), ["file.txt", "folder", "link.html"]);
    assert_eq!(fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn a_folder_that_takes_no_files_is_found_by_trying_even_as_root() {
    // sysfs refuses new files to everyone, root included: the check creates
    // and removes a file rather than trusting permission bits.
    if !Path::new("/sys/kernel").is_dir() {
        return;
    }
    let stderr = refused_at_once(&[
        "simulate",
        HELPLINE,
        "--set",
        HOURS_OF_WORK,
        "--output",
        "/sys/x.json",
    ]);
    assert!(
        stderr.starts_with("error: --output /sys/x.json: cannot create files in the folder /sys: "),
        "{stderr}"
    );
    assert!(!stderr.contains("callsim-probe"), "{stderr}");
}

// ---- signals ----

/// Starts `simulate` writing a large JSON file and a report into a FIFO
/// nobody reads: it stages the JSON in its temporary file, then blocks
/// opening the FIFO, so the signal is sure to arrive mid-write.
fn interrupted_while_writing(signal: &str) -> (ExitStatus, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.fifo");
    assert!(
        Process::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let big = dir.path().join("big.json");
    let mut child = spawn(&[
        "simulate",
        HELPLINE,
        "--format",
        "json",
        "--output",
        s(&big),
        "--report",
        s(&fifo),
    ]);
    let start = Instant::now();
    let staged = loop {
        let names = names_in(dir.path());
        if let Some(name) = names
            .iter()
            .find(|n| n.starts_with(".big.json.") && n.ends_with(".tmp"))
        {
            break name.clone();
        }
        if start.elapsed() > Duration::from_secs(60) || child.try_wait().unwrap().is_some() {
            let _ = child.kill();
            panic!("callsim never staged big.json: {names:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    // The temporary's name is unpredictable: not the old `.big.json.PID.tmp`.
    assert_ne!(staged, format!(".big.json.{}.tmp", child.id()));
    let pid = child.id().to_string();
    assert!(
        Process::new("kill")
            .args([signal, &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = wait_within(&mut child, Duration::from_secs(10));
    (status, names_in(dir.path()))
}

#[test]
fn sigterm_while_writing_leaves_no_temporary_file() {
    // A 178 MB `.big.json.PID.tmp` was once left behind.
    let (status, left) = interrupted_while_writing("-TERM");
    assert!(
        status.signal() == Some(15) || status.code() == Some(143),
        "ended as by SIGTERM: {status:?}"
    );
    assert_eq!(left, ["report.fifo"], "no temporary and no big.json");
}

#[test]
fn sigint_while_writing_leaves_no_temporary_file() {
    let (status, left) = interrupted_while_writing("-INT");
    assert!(
        status.signal() == Some(2) || status.code() == Some(130),
        "ended as by SIGINT: {status:?}"
    );
    assert_eq!(left, ["report.fifo"]);
}

// ---- 4. tables and any name ----

fn scenario_with_call_types(dir: &Path, names: &[&str]) -> PathBuf {
    let mut text = String::from(
        "[simulation]\nseed = 7\nreplications = 3\ninterval_min = 30\nopen = \"08:00\"\nclose = \"09:00\"\n",
    );
    for name in names {
        text.push_str(&format!(
            "\n[[call_type]]\nname = {}\ncalls_per_interval = 10\nhandle = {{ dist = \"exponential\", mean_s = 240 }}\n",
            toml_string(name)
        ));
    }
    let skills: Vec<String> = names.iter().map(|n| toml_string(n)).collect();
    text.push_str(&format!(
        "\n[[agent_group]]\nname = \"agents\"\nagents = 4\nskills = [{}]\n",
        skills.join(", ")
    ));
    let path = dir.join("scenario.toml");
    fs::write(&path, text).unwrap();
    path
}

fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Regression: a 65 536-character call-type name panicked in the table's
/// formatting width. Names are now at most 100 characters (a clear refusal),
/// and the table shortens the longest valid one instead of widening every
/// line (the renderer itself is tested with 65 536 characters in report::render::text).
#[test]
fn a_call_type_name_of_65536_characters_does_not_panic_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "n".repeat(65_536);
    let scenario = scenario_with_call_types(dir.path(), &[&huge]);
    let out = callsim().arg("simulate").arg(&scenario).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("call_type[0].name") && stderr.lines().count() == 1,
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));

    let longest = "n".repeat(100);
    let scenario = scenario_with_call_types(dir.path(), &[&longest]);
    let out = callsim().arg("simulate").arg(&scenario).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    let row = table
        .lines()
        .find(|l| l.starts_with('n'))
        .expect("the call type's row");
    assert!(row.contains("n…"), "the name is shortened: {row}");
    assert!(
        table.lines().all(|l| l.chars().count() < 400),
        "every line stays readable"
    );
}

// ---- 5. CSV formula injection ----

#[test]
fn csv_text_that_looks_like_a_formula_is_quoted_and_numbers_stay_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["=HYPERLINK(\"x\")", "-1+2"];
    let a = scenario_with_call_types(dir.path(), &names);
    let b = dir.path().join("b.toml");
    fs::write(
        &b,
        fs::read_to_string(&a)
            .unwrap()
            .replace("agents = 4", "agents = 5"),
    )
    .unwrap();

    let out = callsim()
        .args(["simulate", s(&a), "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header = reader.headers().unwrap().clone();
    let call_type = header.iter().position(|h| h == "call_type").unwrap();
    let mut seen: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[call_type].to_string())
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen, ["'-1+2", "'=HYPERLINK(\"x\")", "all"]);

    let out = callsim()
        .args(["compare", s(&a), s(&b), "--quiet", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (name, difference) = (column("name"), column("difference"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().any(|r| &r[name] == "'=HYPERLINK(\"x\")"));
    assert!(rows.iter().any(|r| &r[name] == "'-1+2"));
    assert!(
        rows.iter()
            .all(|r| !r[name].starts_with(['=', '+', '-', '@']))
    );
    let negative: Vec<&str> = rows
        .iter()
        .map(|r| &r[difference])
        .filter(|d| d.starts_with('-'))
        .collect();
    assert!(!negative.is_empty(), "more agents shorten the waits");
    assert!(
        negative.iter().all(|d| d.parse::<f64>().is_ok()),
        "{negative:?}"
    );
}

// ---- 6. headers with one replication ----

/// Whether some cell shows a half-width, `± ` then a number.
fn has_half_width(table: &str) -> bool {
    table
        .match_indices("± ")
        .any(|(i, m)| table[i + m.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

#[test]
fn one_replication_tables_do_not_promise_confidence_half_widths() {
    let out = callsim()
        .args([
            "simulate",
            HELPLINE,
            "--set",
            "simulation.replications=1",
            "--set",
            "simulation.seed=7",
        ])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        table.lines().next().unwrap(),
        "scenarios/helpline.toml: 1 replication (seed 7): no confidence half-widths with one replication"
    );
    assert!(!has_half_width(&table), "{table}");

    let dir = tempfile::tempdir().unwrap();
    let one = |name: &str, agents: u32| {
        let path = dir.path().join(name);
        let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(HELPLINE))
            .unwrap()
            .replace("replications = 200", "replications = 1")
            .replace("agents = 17", &format!("agents = {agents}"));
        fs::write(&path, text).unwrap();
        path
    };
    let (a, b) = (one("a.toml", 17), one("b.toml", 18));
    let out = callsim().args(["compare", s(&a), s(&b)]).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.starts_with("Comparing 2 scenarios with common random numbers: seed 2026, 1 replication each (the first scenario's): no confidence intervals with one replication\n"),
        "{table}"
    );
    assert!(!has_half_width(&table) && !table.contains('*'), "{table}");

    let out = callsim()
        .args(["sweep", s(&a), "--vary", "agent_group[0].agents=16:18:1"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        table.lines().nth(1).unwrap(),
        "Common random numbers: seed 2026, 1 replication at every point: no confidence half-widths with one replication"
    );
    assert!(!has_half_width(&table) && !table.contains('*'), "{table}");
}
