//! Charts and HTML reports end to end: every chart exists as a valid PNG and
//! SVG, draws the same without any system font, reads the same from a saved
//! result, speaks Portuguese on request; the HTML report is self-contained
//! and renders in a real headless browser; bad input writes nothing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

const SCENARIO: &str = "scenarios/two_skill.toml";
const FEW: &str = "simulation.replications=12";

const SIMULATION_CHARTS: [&str; 6] = [
    "service_level",
    "asa",
    "abandonment",
    "volumes",
    "agents",
    "wait_distribution",
];

fn callsim() -> Command {
    let mut c = Command::cargo_bin("callsim").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run_ok(args: &[&str]) -> Output {
    let out = callsim().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn run_err(args: &[&str]) -> String {
    let out = callsim().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?} should fail with 2");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn files_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect()
}

/// Decodes a PNG and returns its size and the number of distinct colours.
fn check_png(path: &Path) -> (u32, u32, usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let colours: BTreeSet<&[u8]> = pixels[..info.buffer_size()]
        .chunks(info.color_type.samples())
        .collect();
    (info.width, info.height, colours.len())
}

/// Parses an SVG as XML and checks it needs no font: text is drawn as paths.
fn check_svg(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("{}: invalid XML: {e}", path.display()));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(
        !doc.descendants().any(|n| n.has_tag_name("text")),
        "{}: has <text> elements, which depend on the viewer's fonts",
        path.display()
    );
    let paths = doc.descendants().filter(|n| n.has_tag_name("path")).count();
    assert!(paths > 10, "{}: only {paths} paths", path.display());
    // The labels, as the titles of their glyph paths.
    doc.descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn simulate_draws_every_chart_as_valid_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("charts");
    run_ok(&[
        "simulate",
        SCENARIO,
        "--set",
        FEW,
        "--quiet",
        "--plot",
        s(&charts),
    ]);
    let expected: BTreeSet<String> = SIMULATION_CHARTS
        .iter()
        .flat_map(|n| [format!("{n}.png"), format!("{n}.svg")])
        .collect();
    assert_eq!(files_in(&charts), expected);
    for name in SIMULATION_CHARTS {
        let (w, h, colours) = check_png(&charts.join(format!("{name}.png")));
        assert_eq!((w, h), (1000, 560));
        assert!(colours > 20, "{name}.png looks blank ({colours} colours)");
        check_svg(&charts.join(format!("{name}.svg")));
    }
    let labels = check_svg(&charts.join("service_level.svg"));
    for label in [
        "Service level per interval (answered within 30 s)",
        "interval start",
        "target 80 %",
        "billing",
        "technical",
    ] {
        assert!(labels.contains(label), "no {label:?} in:\n{labels}");
    }
    let labels = check_svg(&charts.join("wait_distribution.svg"));
    assert!(labels.contains("T = 30 s"), "{labels}");
}

#[test]
fn charts_do_not_depend_on_system_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let (normal, bare) = (dir.path().join("normal"), dir.path().join("bare"));
    run_ok(&[
        "erlang",
        "--calls",
        "300",
        "--aht-s",
        "240",
        "--target",
        "80/20",
        "--plot",
        s(&normal),
    ]);
    // No fontconfig configuration, no font folders, no home: a bare machine.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = callsim()
        .args([
            "erlang",
            "--calls",
            "300",
            "--aht-s",
            "240",
            "--target",
            "80/20",
            "--plot",
            s(&bare),
        ])
        .env("FONTCONFIG_FILE", empty.join("none.conf"))
        .env("FONTCONFIG_PATH", &empty)
        .env("XDG_DATA_DIRS", &empty)
        .env("XDG_DATA_HOME", &empty)
        .env("HOME", &empty)
        .output()
        .unwrap();
    assert!(out.status.success());
    for file in files_in(&normal) {
        assert_eq!(
            std::fs::read(normal.join(&file)).unwrap(),
            std::fs::read(bare.join(&file)).unwrap(),
            "{file} differs without system fonts"
        );
    }
    assert_eq!(files_in(&normal), files_in(&bare));
}

#[test]
fn plot_of_a_saved_result_draws_the_same_charts() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("result.json");
    let (live, saved) = (dir.path().join("live"), dir.path().join("saved"));
    run_ok(&[
        "simulate",
        SCENARIO,
        "--set",
        FEW,
        "--quiet",
        "--format",
        "json",
        "--output",
        s(&json),
        "--plot",
        s(&live),
    ]);
    run_ok(&["plot", s(&json), "--plot", s(&saved)]);
    assert_eq!(files_in(&live), files_in(&saved));
    for file in files_in(&live) {
        assert_eq!(
            std::fs::read(live.join(&file)).unwrap(),
            std::fs::read(saved.join(&file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn merged_shards_draw_the_single_runs_charts() {
    let dir = tempfile::tempdir().unwrap();
    let mut parts = Vec::new();
    for i in 1..=2 {
        let part = dir.path().join(format!("part{i}.json"));
        run_ok(&[
            "simulate",
            SCENARIO,
            "--set",
            FEW,
            "--quiet",
            "--shard",
            &format!("{i}/2"),
            "--output",
            s(&part),
        ]);
        parts.push(part);
    }
    let (merged, single) = (dir.path().join("merged"), dir.path().join("single"));
    run_ok(&[
        "merge",
        s(&parts[1]),
        s(&parts[0]),
        "--plot",
        s(&merged),
        "--output",
        "/dev/null",
    ]);
    run_ok(&[
        "simulate",
        SCENARIO,
        "--set",
        FEW,
        "--quiet",
        "--plot",
        s(&single),
        "--output",
        "/dev/null",
    ]);
    for file in files_in(&single) {
        assert_eq!(
            std::fs::read(merged.join(&file)).unwrap(),
            std::fs::read(single.join(&file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn portuguese_labels_use_the_brazilian_industry_terms() {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("pt");
    let html = dir.path().join("relatorio.html");
    run_ok(&[
        "simulate",
        SCENARIO,
        "--set",
        FEW,
        "--quiet",
        "--lang",
        "pt",
        "--plot",
        s(&charts),
        "--report",
        s(&html),
        "--output",
        "/dev/null",
    ]);
    let labels = check_svg(&charts.join("service_level.svg"));
    assert!(
        labels.contains("Nível de serviço por intervalo"),
        "{labels}"
    );
    assert!(labels.contains("meta 80 %"), "{labels}");
    assert!(check_svg(&charts.join("asa.svg")).contains("TME por intervalo"));
    assert!(check_svg(&charts.join("abandonment.svg")).contains("Taxa de abandono"));
    let html = std::fs::read_to_string(html).unwrap();
    for term in [
        "lang=\"pt-BR\"",
        "Totais do dia",
        "TMA",
        "TME",
        "taxa de abandono",
        "ocupação",
    ] {
        assert!(html.contains(term), "no {term:?} in the Portuguese report");
    }
    assert!(!html.contains("Day totals"));
}

#[test]
fn erlang_charts_for_staffing_evaluation_and_intervals() {
    let dir = tempfile::tempdir().unwrap();
    let staffing = dir.path().join("staffing");
    run_ok(&[
        "erlang",
        "--calls",
        "300",
        "--aht-s",
        "240",
        "--target",
        "80/20",
        "--patience-s",
        "120",
        "--max-abandon-pct",
        "5",
        "--plot",
        s(&staffing),
        "--format",
        "json",
    ]);
    let names: Vec<String> = files_in(&staffing).into_iter().collect();
    assert_eq!(
        names,
        [
            "erlang_abandonment.png",
            "erlang_abandonment.svg",
            "erlang_asa.png",
            "erlang_asa.svg",
            "erlang_service_level.png",
            "erlang_service_level.svg"
        ]
    );
    let labels = check_svg(&staffing.join("erlang_service_level.svg"));
    assert!(labels.contains("required: "), "{labels}");

    let evaluation = dir.path().join("evaluation");
    let out = run_ok(&[
        "erlang",
        "--calls-per-hour",
        "600",
        "--aht-s",
        "180",
        "--agents",
        "33",
        "--plot",
        s(&evaluation),
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let curve = report["curve"].as_array().unwrap();
    assert!(curve.len() >= 20, "{} points", curve.len());
    assert!(curve.iter().any(|k| k["agents"] == 33));
    assert!(check_svg(&evaluation.join("erlang_asa.svg")).contains("agents: 33"));

    let intervals = dir.path().join("intervals");
    run_ok(&[
        "erlang",
        "--intervals",
        "scenarios/erlang/weekday.csv",
        "--aht-s",
        "240",
        "--target",
        "80/20",
        "--shrinkage-pct",
        "30",
        "--plot",
        s(&intervals),
        "--output",
        "/dev/null",
    ]);
    let labels = check_svg(&intervals.join("erlang_agents.svg"));
    assert!(
        labels.contains("required") && labels.contains("scheduled staff"),
        "{labels}"
    );
}

/// The report of a short run, and the charts it should hold.
fn html_report(dir: &Path, extra: &[&str]) -> (PathBuf, String) {
    let path = dir.join("report.html");
    let mut args = vec![
        "simulate",
        SCENARIO,
        "--set",
        FEW,
        "--quiet",
        "--output",
        "/dev/null",
    ];
    args.extend_from_slice(&["--report", s(&path)]);
    args.extend_from_slice(extra);
    run_ok(&args);
    let html = std::fs::read_to_string(&path).unwrap();
    (path, html)
}

#[test]
fn html_report_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = html_report(dir.path(), &[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for id in ["summary", "totals", "intervals", "groups", "scenario"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no #{id}");
    }
    assert_eq!(html.matches("<svg").count(), SIMULATION_CHARTS.len());
    for name in SIMULATION_CHARTS {
        assert!(html.contains(&format!("id=\"chart-{name}\"")));
    }
    // Nothing to fetch: no script, stylesheet link, image source or font URL.
    for outside in [
        "<script", "<link", "src=", "url(", "http://", "https://", "@import",
    ] {
        let allowed = outside == "http://"
            && html.matches(outside).count()
                == html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
                    + html
                        .matches("xmlns:xlink=\"http://www.w3.org/1999/xlink\"")
                        .count();
        assert!(
            !html.contains(outside) || allowed,
            "the report refers to {outside}"
        );
    }
    // The scenario is echoed.
    assert!(
        html.contains("[[call_type]]") || html.contains("call_type"),
        "no scenario echo"
    );
    assert!(html.contains("two_skill.toml"));
}

/// Debian's chromium where installed (`.ci/run` installs it and sets
/// CALLSIM_REQUIRE_CHROMIUM=1 so CI cannot skip this).
fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CALLSIM_REQUIRE_CHROMIUM").is_none(),
            "CALLSIM_REQUIRE_CHROMIUM is set but chromium is not installed"
        );
        eprintln!("skipped: no chromium (apt-get install chromium)");
    }
    found
}

fn headless(chromium: &Path, profile: &Path, args: &[&str]) -> Output {
    std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = html_report(dir.path(), &[]);
    let url = format!("file://{}", path.display());
    let profile = dir.path().join("profile");

    // The DOM the browser built: every chart parsed as SVG with its glyph paths.
    let out = headless(&chromium, &profile, &["--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains("<h1>"),
        "chromium rendered nothing: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in SIMULATION_CHARTS {
        assert!(
            dom.contains(&format!("id=\"chart-{name}\"")),
            "no chart {name} in the DOM"
        );
    }
    assert!(dom.matches("<path").count() > 100);
    assert!(dom.contains("id=\"totals\""));

    // A screenshot of the page: not blank, the charts' colours present.
    let shot = dir.path().join("shot.png");
    let out = headless(
        &chromium,
        &profile,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,2400",
            &url,
        ],
    );
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (w, h, colours) = check_png(&shot);
    assert_eq!((w, h), (1200, 2400));
    assert!(
        colours > 50,
        "the screenshot looks blank ({colours} colours)"
    );
}

#[test]
fn erlang_report_lists_the_curve() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("erlang.html");
    run_ok(&[
        "erlang",
        "--calls",
        "300",
        "--aht-s",
        "240",
        "--target",
        "80/20",
        "--report",
        s(&path),
        "--output",
        "/dev/null",
    ]);
    let html = std::fs::read_to_string(path).unwrap();
    assert!(html.contains("id=\"kpis\""));
    assert_eq!(html.matches("<svg").count(), 2);
    // Erlang C's answer for 40 Erlangs at 80/20 is in the summary.
    let required = callsim::erlang::required_agents(
        &callsim::erlang::Traffic::from_calls_per_interval(300.0, 1800.0, 240.0).unwrap(),
        callsim::erlang::QueueModel::ErlangC,
        &callsim::erlang::Targets {
            service_level: Some(callsim::erlang::ServiceLevelTarget::new(0.8, 20.0).unwrap()),
            ..Default::default()
        },
        callsim::erlang::ServiceLevelBasis::Offered,
    )
    .unwrap();
    assert!(html.contains(&format!("<td>Required</td><td>{}</td>", required.agents)));
}

#[test]
fn bad_input_is_refused_in_one_sentence_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("charts");

    let not_json = dir.path().join("notes.json");
    std::fs::write(&not_json, "hello").unwrap();
    let e = run_err(&["plot", s(&not_json), "--plot", s(&charts)]);
    assert!(
        e.contains("notes.json: not a callsim result: invalid JSON"),
        "{e}"
    );

    let no_schema = dir.path().join("other.json");
    std::fs::write(&no_schema, r#"{"a": 1}"#).unwrap();
    let e = run_err(&["plot", s(&no_schema), "--plot", s(&charts)]);
    assert!(e.contains("has no \"schema\" field"), "{e}");

    let partial = dir.path().join("part.json");
    run_ok(&[
        "simulate",
        SCENARIO,
        "--set",
        FEW,
        "--quiet",
        "--shard",
        "1/2",
        "--output",
        s(&partial),
    ]);
    let e = run_err(&["plot", s(&partial), "--plot", s(&charts)]);
    assert!(
        e.contains("part.json: not a callsim result: its schema is"),
        "{e}"
    );

    let truncated = dir.path().join("truncated.json");
    std::fs::write(&truncated, r#"{"schema": "callsim.simulate/1", "seed": 1}"#).unwrap();
    let e = run_err(&["plot", s(&truncated), "--plot", s(&charts)]);
    assert!(e.contains("truncated.json: not a callsim result:"), "{e}");

    let e = run_err(&["plot", s(&no_schema)]);
    assert!(e.contains("give --plot DIR"), "{e}");

    let missing = dir.path().join("missing.json");
    let out = callsim()
        .args(["plot", s(&missing), "--plot", s(&charts)])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));

    let a_file = dir.path().join("file.txt");
    std::fs::write(&a_file, "x").unwrap();
    let e = run_err(&["simulate", SCENARIO, "--set", FEW, "--plot", s(&a_file)]);
    assert!(e.contains("is a file; give a folder"), "{e}");
    let e = run_err(&[
        "simulate",
        SCENARIO,
        "--set",
        FEW,
        "--report",
        s(&dir.path().join("no/such/r.html")),
    ]);
    assert!(e.contains("does not exist"), "{e}");
    let e = run_err(&[
        "simulate",
        SCENARIO,
        "--set",
        FEW,
        "--shard",
        "1/2",
        "--plot",
        s(&charts),
    ]);
    assert!(e.contains("give --plot and --report to the merge"), "{e}");
    let out = callsim()
        .args([
            "simulate",
            SCENARIO,
            "--set",
            FEW,
            "--plot",
            s(&charts),
            "--lang",
            "fr",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("invalid value 'fr' for '--lang <LANG>'"), "{e}");

    // An invalid scenario: no chart folder, no report, no output.
    let report = dir.path().join("r.html");
    let output = dir.path().join("out.txt");
    let e = run_err(&[
        "simulate",
        SCENARIO,
        "--set",
        "simulation.replications=0",
        "--plot",
        s(&charts),
        "--report",
        s(&report),
        "--output",
        s(&output),
    ]);
    assert!(e.contains("replications"), "{e}");
    assert!(!charts.exists() && !report.exists() && !output.exists());
}

#[test]
fn readme_charts_are_current() {
    let dir = tempfile::tempdir().unwrap();
    run_ok(&[
        "simulate",
        "scenarios/day.toml",
        "--quiet",
        "--output",
        "/dev/null",
        "--plot",
        s(dir.path()),
    ]);
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/src/planner/report.md"),
    )
    .unwrap();
    for name in ["service_level.png", "wait_distribution.png"] {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs/src/images")
            .join(name);
        assert!(
            page.contains(&format!("(../images/{name})")),
            "the guide shows {name}"
        );
        assert!(
            std::fs::read(&committed).unwrap() == std::fs::read(dir.path().join(name)).unwrap(),
            "docs/src/images/{name} is out of date: callsim simulate scenarios/day.toml --plot docs/src/images"
        );
    }
}

#[test]
fn html_report_shows_the_ivr_and_callbacks_only_where_used() {
    let dir = tempfile::tempdir().unwrap();
    let with_ivr = dir.path().join("ivr.html");
    run_ok(&[
        "simulate",
        "scenarios/ivr.toml",
        "--set",
        FEW,
        "--quiet",
        "--output",
        "/dev/null",
        "--report",
        s(&with_ivr),
    ]);
    let html = std::fs::read_to_string(&with_ivr).unwrap();
    assert!(html.contains("id=\"entries\"") && html.contains("id=\"ivr-nodes\""));
    assert!(html.contains("<td>welcome</td>"));
    assert!(
        !html.contains("id=\"features\""),
        "no lines, repeats or callbacks in ivr.toml"
    );
    let with_callbacks = dir.path().join("callbacks.html");
    run_ok(&[
        "simulate",
        "scenarios/callbacks.toml",
        "--set",
        FEW,
        "--quiet",
        "--output",
        "/dev/null",
        "--report",
        s(&with_callbacks),
    ]);
    let html = std::fs::read_to_string(&with_callbacks).unwrap();
    assert!(html.contains("id=\"features\"") && html.contains("callbacks offered"));
    assert!(!html.contains("id=\"entries\""));
}

#[test]
fn staff_draws_agents_service_level_and_abandonment_and_reads_back_from_json() {
    let dir = tempfile::tempdir().unwrap();
    let (live, saved) = (dir.path().join("live"), dir.path().join("saved"));
    let json = dir.path().join("plan.json");
    let report = dir.path().join("plan.html");
    run_ok(&[
        "staff",
        "scenarios/two_skill.toml",
        "--set",
        FEW,
        "--quiet",
        "--format",
        "json",
        "--output",
        s(&json),
        "--plot",
        s(&live),
        "--report",
        s(&report),
    ]);
    let names: Vec<String> = files_in(&live).into_iter().collect();
    assert_eq!(
        names,
        [
            "staff_abandonment.png",
            "staff_abandonment.svg",
            "staff_agents_1.png",
            "staff_agents_1.svg",
            "staff_agents_2.png",
            "staff_agents_2.svg",
            "staff_agents_3.png",
            "staff_agents_3.svg",
            "staff_service_level.png",
            "staff_service_level.svg"
        ]
    );
    let labels = check_svg(&live.join("staff_agents_2.svg"));
    assert!(
        labels.contains("technical specialists")
            && labels.contains("required")
            && labels.contains("Erlang"),
        "{labels}"
    );
    run_ok(&["plot", s(&json), "--plot", s(&saved)]);
    for file in files_in(&live) {
        assert_eq!(
            std::fs::read(live.join(&file)).unwrap(),
            std::fs::read(saved.join(&file)).unwrap(),
            "{file}"
        );
    }
    let html = std::fs::read_to_string(report).unwrap();
    assert!(html.contains("id=\"plan\"") && html.contains("id=\"chart-staff_service_level\""));
    assert!(html.contains("id=\"chart-staff_abandonment\""));
    assert_eq!(html.matches("<svg").count(), 5);
}

#[test]
fn compare_and_erlang_reports_render_in_headless_chromium() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let compare = dir.path().join("compare.html");
    run_ok(&[
        "compare",
        "scenarios/helpline.toml",
        "scenarios/helpline_plus_one.toml",
        "--quiet",
        "--output",
        "/dev/null",
        "--report",
        s(&compare),
    ]);
    let erlang = dir.path().join("erlang.html");
    run_ok(&[
        "erlang",
        "--calls",
        "300",
        "--aht-s",
        "240",
        "--target",
        "80/20",
        "--output",
        "/dev/null",
        "--report",
        s(&erlang),
    ]);
    for (path, charts) in [
        (
            &compare,
            &[
                "compare_service_level",
                "compare_asa_s",
                "compare_abandon_rate",
                "compare_occupancy",
            ][..],
        ),
        (&erlang, &["erlang_service_level", "erlang_asa"][..]),
    ] {
        let out = headless(
            &chromium,
            &profile,
            &["--dump-dom", &format!("file://{}", path.display())],
        );
        let dom = String::from_utf8_lossy(&out.stdout);
        for name in charts {
            assert!(
                dom.contains(&format!("id=\"chart-{name}\"")),
                "{}: no chart {name}",
                path.display()
            );
        }
        assert!(dom.matches("<path").count() > 30, "{}", path.display());
    }
}
