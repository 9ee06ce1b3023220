//! `--lang pt` all the way: the terminal tables and the CSV of `staff`,
//! `simulate` and `erlang` hold no English word, write decimal commas and
//! separate CSV fields with `;`; English output and JSON stay as they were.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use callsim::kpi::{CallKpi, EntryKpi, GroupKpi, Kpi};
use callsim::lang::{EN, PT};

/// The letters-only words of `text`, lowercased.
fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The words of every label, header, sentence and CSV column of a language:
/// its `Words` (read through `Debug`, so that a new field is included
/// without touching this test, placeholders left out) and its KPIs' headers,
/// keys and names.
fn vocabulary(words: &callsim::lang::Words) -> BTreeSet<String> {
    let debug = format!("{words:?}");
    let mut text = String::new();
    for quoted in debug.split('"').skip(1).step_by(2) {
        let mut rest = quoted;
        // `{name}` is a template's placeholder, not a word shown.
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            text.push(' ');
            rest = rest[open..]
                .find('}')
                .map_or("", |close| &rest[open + close + 1..]);
        }
        text.push_str(rest);
        text.push(' ');
    }
    let mut kpis: Vec<(&str, &str, &str)> = Vec::new();
    let mut add = |header: &'static str, key: &'static str, name: &'static str| {
        kpis.push((header, key, name));
    };
    for k in CallKpi::ALL {
        add(words.kpi_header(k), words.kpi_key(k), words.kpi(k));
    }
    for k in GroupKpi::ALL {
        add(words.kpi_header(k), words.kpi_key(k), words.kpi(k));
    }
    for k in EntryKpi::ALL {
        add(words.kpi_header(k), words.kpi_key(k), words.kpi(k));
    }
    for (header, key, name) in kpis {
        text.push_str(&format!(" {header} {key} {name} "));
    }
    words_of(&text).collect()
}

/// Words of the English vocabulary that Portuguese writes the same: names
/// (Erlang, Welch, Student, Wilson), acronyms (FTE, FCR, MIP), units and
/// symbols, "callback" as Brazilian centers say it, and words both
/// languages have ("a", "no", "total"). Listed, not derived from the
/// Portuguese words, so that a label left in English is caught.
const SHARED: [&str; 27] = [
    "a",
    // The Portuguese article ("todas as chamadas") and an English word.
    "as",
    "b",
    "c",
    // "e-mail" is a Portuguese word too; "e" is Portuguese "and".
    "e",
    "mail",
    "backlog",
    "callback",
    "callbacks",
    "callsim",
    "erlang",
    "erlangs",
    "fcr",
    "fte",
    "h",
    "min",
    "mip",
    // The Portuguese "in the" ("no prazo") and an English word.
    "no",
    "p",
    "prob",
    "s",
    "student",
    "t",
    "total",
    "welch",
    "wilson",
    "σ",
];

/// English words the Portuguese output must not show.
fn english_only() -> BTreeSet<String> {
    let vocabulary = vocabulary(&EN);
    for word in SHARED {
        assert!(vocabulary.contains(word), "{word} is no English label's");
    }
    let english: BTreeSet<String> = vocabulary
        .into_iter()
        .filter(|w| !SHARED.contains(&w.as_str()))
        .collect();
    // The list is the test's strength: it must hold the common labels.
    for word in [
        "service",
        "level",
        "required",
        "heads",
        "occupancy",
        "day",
        "sl",
        "asa",
    ] {
        assert!(english.contains(word), "{word} missing from {english:?}");
    }
    english
}

fn callsim(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("callsim").unwrap();
    command.current_dir(dir);
    command
}

/// What `callsim ARGS` writes to standard output, run in `dir`.
fn output(dir: &Path, args: &[&str]) -> String {
    let out = callsim(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `staff_day.toml` with its names (call type, group, shifts) in Portuguese,
/// so that the names a planner chose cannot pass for labels, written as
/// `escala.toml` in a fresh folder.
fn portuguese_scenario() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = fs::read_to_string(root.join("scenarios/staff_day.toml")).unwrap();
    for (from, to) in [
        ("\"customer\"", "\"clientes\""),
        ("\"agents\"", "\"atendentes\""),
        ("\"night\"", "\"noturno\""),
        ("\"early\"", "\"madrugada\""),
        ("\"day\"", "\"diurno\""),
        ("\"part-time\"", "\"meio-turno\""),
    ] {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("escala.toml"), text).unwrap();
    dir
}

const FEW: [&str; 3] = ["--set", "simulation.replications=4", "--quiet"];

/// The English words in `text`, with the line each first appears on.
fn english_in(text: &str, english: &BTreeSet<String>) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        for word in words_of(line) {
            if english.contains(&word) && !found.iter().any(|(w, _)| *w == word) {
                found.push((word, line.to_string()));
            }
        }
    }
    found
}

/// Every Portuguese output of the commands planners use, by name.
fn portuguese_outputs(dir: &Path) -> Vec<(String, String)> {
    let mut outputs = Vec::new();
    for command in ["staff", "simulate"] {
        for format in ["table", "csv"] {
            let mut args = vec![command, "escala.toml", "--lang", "pt", "--format", format];
            args.extend(FEW);
            outputs.push((format!("{command} {format}"), output(dir, &args)));
        }
    }
    let roster = dir.join("roster.csv");
    let mut args = vec!["staff", "escala.toml", "--lang", "pt", "--roster"];
    args.push(roster.to_str().unwrap());
    args.extend(FEW);
    output(dir, &args);
    outputs.push(("roster".into(), fs::read_to_string(&roster).unwrap()));
    // KPIs of given agents missing every target, the staffing table, the
    // agents per interval.
    let erlang: [&[&str]; 3] = [
        &[
            "--calls",
            "300",
            "--aht-s",
            "240",
            "--agents",
            "40",
            "--patience-s",
            "120",
            "--target",
            "80/20",
            "--max-abandon-pct",
            "5",
            "--max-asa-s",
            "10",
            "--max-occupancy-pct",
            "85",
            "--shrinkage-pct",
            "30",
        ],
        &[
            "--calls",
            "300",
            "--aht-s",
            "240",
            "--target",
            "80/20",
            "--shrinkage-pct",
            "35",
        ],
        &[
            "--intervals",
            "scenarios/erlang/weekday.csv",
            "--aht-s",
            "240",
            "--target",
            "80/20",
            "--patience-s",
            "180",
            "--max-abandon-pct",
            "5",
            "--shrinkage-pct",
            "30",
        ],
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (i, given) in erlang.iter().enumerate() {
        for format in ["table", "csv"] {
            let mut args = vec!["erlang", "--lang", "pt", "--format", format];
            args.extend(given.iter());
            outputs.push((format!("erlang {i} {format}"), output(root, &args)));
        }
    }
    outputs
}

#[test]
fn portuguese_tables_and_csv_hold_no_english_label() {
    let english = english_only();
    let dir = portuguese_scenario();
    for (name, text) in portuguese_outputs(dir.path()) {
        let found = english_in(&text, &english);
        assert!(found.is_empty(), "{name}: English words {found:#?}");
    }
}

#[test]
fn portuguese_csv_is_semicolon_separated_with_decimal_commas() {
    let dir = portuguese_scenario();
    let mut args = vec!["staff", "escala.toml", "--lang", "pt", "--format", "csv"];
    args.extend(FEW);
    let text = output(dir.path(), &args);
    // Excel reads the accents as UTF-8 with the byte-order mark only.
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert!(header.len() > 10, "{header:?}");
    assert_eq!(&header[..4], ["intervalo", "inicio", "grupo", "erlang"]);
    assert!(header.iter().any(|h| h == "nivel_servico_necessarios"));
    assert!(header.iter().any(|h| h == "tme_s_escalados_margem_erro"));
    let sl = header
        .iter()
        .position(|h| h == "nivel_servico_necessarios")
        .unwrap();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        assert_eq!(record.len(), header.len());
        // Shares at full precision, with a decimal comma: 0,9333333333333333.
        let value = &record[sl];
        let number: f64 = value.replace(',', ".").parse().unwrap();
        assert!((0.0..=1.0).contains(&number), "{value}");
        for field in &record {
            let point = field.split_once('.');
            assert!(
                point.is_none_or(|(a, b)| a.parse::<u64>().is_err() || b.parse::<u64>().is_err()),
                "a decimal point in {field}"
            );
        }
        rows += 1;
    }
    assert_eq!(rows, 48);
    assert!(text.contains(";0,"), "no decimal comma in {text}");
}

#[test]
fn english_stays_the_default_and_json_the_same_in_every_language() {
    let dir = portuguese_scenario();
    let mut args = vec!["staff", "escala.toml", "--format", "csv"];
    args.extend(FEW);
    let default = output(dir.path(), &args);
    args.extend(["--lang", "en"]);
    assert_eq!(output(dir.path(), &args), default);
    assert!(default.starts_with("interval,start,group,erlang,required,heads_required,"));
    assert!(default.contains(",0."));

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let erlang = [
        "erlang", "--calls", "300", "--aht-s", "240", "--target", "80/20",
    ];
    let table = output(root, &erlang);
    assert!(table.starts_with("Erlang C (no abandonment), 600.00 calls/hour × AHT 240 s"));
    let json = |lang: &str| {
        let mut args = erlang.to_vec();
        args.extend(["--format", "json", "--lang", lang]);
        output(root, &args)
    };
    assert_eq!(json("pt"), json("en"));
}

#[test]
fn an_unknown_language_is_refused_with_the_ones_known() {
    let out = Command::cargo_bin("callsim")
        .unwrap()
        .args([
            "erlang",
            "--erlangs",
            "5",
            "--aht-s",
            "180",
            "--agents",
            "7",
        ])
        .args(["--lang", "xx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("invalid value 'xx' for '--lang <LANG>'"),
        "{stderr}"
    );
    assert!(stderr.contains("[possible values: en, pt]"), "{stderr}");
}

/// The Portuguese KPI headers are all shown words: none is left empty.
#[test]
fn every_kpi_has_a_portuguese_header_and_key() {
    for k in CallKpi::ALL {
        assert!(!PT.kpi_header(k).is_empty() && !PT.kpi_key(k).is_empty());
        assert!(PT.kpi_key(k).is_ascii(), "{}", PT.kpi_key(k));
        assert_eq!(EN.kpi_key(k), k.def().key);
    }
}
