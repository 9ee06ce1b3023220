//! `callsim erlang --explain` under Erlang A carried to the end: the service
//! level and the ASA recomputed from the printed terms alone equal the
//! Result line's, in English and in Portuguese.

use assert_cmd::Command;

fn explain(args: &[&str]) -> String {
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .arg("erlang")
        .args(args)
        .arg("--explain")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Where a language's explanation says what.
struct Markers {
    table_header: &'static str,
    rows_summed: &'static str,
    at_once: &'static str,
    left_out: &'static str,
    nothing_left_out: &'static str,
    answered: &'static str,
    result: &'static str,
    asa: &'static str,
}

const EN: Markers = Markers {
    table_header: "π × P(by t | j)",
    rows_summed: "terms, added up here",
    at_once: "answered at once",
    left_out: "left out of the table: the",
    nothing_left_out: "left out of the table: nothing",
    answered: "P(answered) = 1 − P(abandon)",
    result: "Result: SL(",
    asa: "ASA = ",
};

const PT: Markers = Markers {
    table_header: "π × P(até t | j)",
    rows_summed: "termos, somados aqui",
    at_once: "atendidos de imediato",
    left_out: "fora da tabela: os outros",
    nothing_left_out: "fora da tabela: nada",
    answered: "P(atendido) = 1 − P(abandono)",
    result: "Resultado: NS(",
    asa: "TME = ",
};

/// The numbers in `text` (decimal point or comma, scientific notation too),
/// in order; a `j = 3..9` range gives 3 and 9.
fn numbers(text: &str, decimal_comma: bool) -> Vec<f64> {
    let text = if decimal_comma {
        text.replace(',', ".")
    } else {
        text.to_string()
    };
    let mut found = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, found: &mut Vec<f64>| {
        let trimmed = current.trim_end_matches('.');
        if let Ok(v) = trimmed.parse::<f64>() {
            found.push(v);
        }
        current.clear();
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let exponent_sign = (c == '-' || c == '+') && current.ends_with('e');
        let exponent = c == 'e'
            && !current.is_empty()
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_digit() || *n == '-' || *n == '+');
        if c.is_ascii_digit() || (c == '.' && !current.is_empty()) || exponent || exponent_sign {
            if c == '.' && current.ends_with('.') {
                current.pop(); // `3..9`: a range, not a decimal
                flush(&mut current, &mut found);
                continue;
            }
            current.push(c);
        } else {
            flush(&mut current, &mut found);
        }
    }
    flush(&mut current, &mut found);
    found
}

/// What the explanation prints, read back.
#[derive(Debug)]
struct Printed {
    /// (j, π_(n+j), a/(a+j+1), P(NB = j), P(NB ≤ j), P(by t | j), π·P, E[V; ans | j], π·E).
    rows: Vec<[f64; 9]>,
    /// Σ π, Σ π·P and Σ π·E over the rows summed without being listed.
    summed: [f64; 3],
    at_once: f64,
    /// Σ π, Σ π·P, Σ π·E over the queue lengths left out.
    left_out: [f64; 3],
    answered: f64,
    result_sl_pct: f64,
    result_asa_s: f64,
}

fn read(text: &str, m: &Markers, decimal_comma: bool) -> Printed {
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.contains(m.table_header) && l.trim_start().starts_with('j'))
        .unwrap_or_else(|| panic!("no term table in\n{text}"));
    let mut rows = Vec::new();
    let mut summed = [0.0; 3];
    for line in &lines[header + 1..] {
        if line.contains(m.rows_summed) {
            let n = numbers(line, decimal_comma);
            // j from, j to, terms, then "(n+j)" is not in this line: Σ π, Σ π·P, Σ π·E.
            let sums = &n[n.len() - 3..];
            summed = [sums[0], sums[1], sums[2]];
            continue;
        }
        let n = numbers(line, decimal_comma);
        if n.len() != 9 || !line.starts_with("  ") || line.contains('=') {
            break;
        }
        rows.push([n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8]]);
    }
    let find = |marker: &str| {
        lines
            .iter()
            .find(|l| l.contains(marker))
            .unwrap_or_else(|| panic!("no `{marker}` in\n{text}"))
    };
    let at_once = *numbers(find(m.at_once), decimal_comma).last().unwrap();
    let left_out = if lines.iter().any(|l| l.contains(m.nothing_left_out)) {
        [0.0; 3]
    } else {
        let n = numbers(find(m.left_out), decimal_comma);
        // terms, j from, j to, then the three sums (the last of them in seconds).
        let k = n.len();
        [n[k - 3], n[k - 2], n[k - 1]]
    };
    let answered = *numbers(find(m.answered), decimal_comma).last().unwrap();
    let result = find(m.result);
    let result_numbers = numbers(result, decimal_comma);
    // SL(t s) = x %
    let result_sl_pct = result_numbers[1];
    let asa_at = result.find(m.asa).unwrap() + m.asa.len();
    let result_asa_s = numbers(&result[asa_at..], decimal_comma)[0];
    Printed {
        rows,
        summed,
        at_once,
        left_out,
        answered,
        result_sl_pct,
        result_asa_s,
    }
}

/// Recomputes the service level (offered basis) and the ASA from the
/// printed terms and checks them against the Result line to its 2 decimals,
/// allowing for the rounding of each printed term (half its last decimal).
fn recomputes(args: &[&str], m: &Markers, decimal_comma: bool) {
    let text = explain(args);
    let p = read(&text, m, decimal_comma);
    assert!(!p.rows.is_empty(), "{text}");
    for (i, r) in p.rows.iter().enumerate() {
        let [j, pi, ratio, pmf, nb_cdf, by_t, product, wait, wait_product] = *r;
        // Each column from the ones before it, as a student would.
        let previous = match i {
            0 if j == 0.0 => Some(0.0),
            0 => None,
            _ if p.rows[i - 1][0] == j - 1.0 => Some(p.rows[i - 1][4]),
            _ => None, // after the summed rows
        };
        if let Some(previous) = previous {
            assert!((nb_cdf - previous - pmf).abs() < 2e-7, "row {i}: {r:?}");
        }
        assert!(
            (by_t - ratio * (1.0 - nb_cdf)).abs() < 1e-6,
            "row {i}: {r:?}"
        );
        assert!((product - pi * by_t).abs() < 1e-7, "row {i}: {r:?}");
        assert!(
            // π carries 7 decimals, E[V] 3, their product 6.
            (wait_product - pi * wait).abs() <= 5e-8 * wait + 5e-4 * pi + 5e-7,
            "row {i}: {r:?}"
        );
    }
    let terms = p.rows.len() as f64;
    let sl = p.at_once + p.rows.iter().map(|r| r[6]).sum::<f64>() + p.summed[1] + p.left_out[1];
    // Each printed share is within 5e-8 of its value: 5e-6 in percent.
    let slack = 0.005 + (terms + 3.0) * 5e-6;
    assert!(
        (sl * 100.0 - p.result_sl_pct).abs() <= slack,
        "recomputed SL {} % vs the Result's {} % (args {args:?})\n{text}",
        sl * 100.0,
        p.result_sl_pct
    );
    let wait_sum = p.rows.iter().map(|r| r[8]).sum::<f64>() + p.summed[2] + p.left_out[2];
    let asa = wait_sum / p.answered;
    let asa_slack = 0.005 + (terms + 2.0) * 5e-7 / p.answered + asa * 1e-7;
    assert!(
        (asa - p.result_asa_s).abs() <= asa_slack,
        "recomputed ASA {asa} s vs the Result's {} s (args {args:?})\n{text}",
        p.result_asa_s
    );
    // Nothing of weight is left out: below the printed precision.
    assert!(p.left_out[0] <= 5e-8, "{:?}", p.left_out);
}

const SMALL: &[&str] = &[
    "--erlangs",
    "10",
    "--aht-s",
    "180",
    "--agents",
    "12",
    "--patience-s",
    "120",
    "--target",
    "80/20",
];
const MEDIUM: &[&str] = &[
    "--erlangs",
    "100",
    "--aht-s",
    "180",
    "--agents",
    "105",
    "--patience-s",
    "180",
    "--target",
    "80/20",
];
const SHORT_PATIENCE: &[&str] = &[
    "--erlangs",
    "10",
    "--aht-s",
    "180",
    "--agents",
    "10",
    "--patience-s",
    "10",
    "--target",
    "80/20",
];
/// 1 000 Erlangs: a table longer than is listed, its middle summed on one row.
const LONG: &[&str] = &[
    "--erlangs",
    "1000",
    "--aht-s",
    "180",
    "--agents",
    "1010",
    "--patience-s",
    "600",
    "--target",
    "80/20",
];
/// More callers than agents: the chain starts at a long queue.
const OVERLOADED: &[&str] = &[
    "--erlangs",
    "60",
    "--aht-s",
    "180",
    "--agents",
    "55",
    "--patience-s",
    "300",
    "--sl-threshold-s",
    "60",
];

#[test]
fn service_level_and_asa_recomputed_from_the_printed_terms() {
    for args in [SMALL, MEDIUM, SHORT_PATIENCE, LONG, OVERLOADED] {
        recomputes(args, &EN, false);
    }
}

#[test]
fn portuguese_terms_recompute_the_same_service_level() {
    for args in [SMALL, MEDIUM, SHORT_PATIENCE] {
        let mut pt = args.to_vec();
        pt.extend(["--lang", "pt"]);
        recomputes(&pt, &PT, true);
    }
}

#[test]
fn portuguese_explanation_is_translated() {
    let mut args = SMALL.to_vec();
    args.extend(["--lang", "pt"]);
    let text = explain(&args);
    let explanation: Vec<&str> = text.lines().take_while(|l| !l.is_empty()).collect();
    for english in [
        "Step ",
        "Result:",
        "answered",
        "calls per hour",
        "agents",
        "left out",
    ] {
        assert!(
            explanation.iter().all(|l| !l.contains(english)),
            "`{english}` in\n{text}"
        );
    }
    for portuguese in ["Passo 5", "Resultado: NS(20 s) = 82,56 %", "TME = 6,33 s"] {
        assert!(text.contains(portuguese), "`{portuguese}` in\n{text}");
    }
    // The decimal comma: no decimal point in a number of the explanation.
    for line in &explanation {
        let bytes = line.as_bytes();
        for i in 1..bytes.len().saturating_sub(1) {
            assert!(
                !(bytes[i] == b'.'
                    && bytes[i - 1].is_ascii_digit()
                    && bytes[i + 1].is_ascii_digit()),
                "a decimal point in `{line}`"
            );
        }
    }
}

#[test]
fn other_bases_divide_the_answered_share() {
    // Answered within T / answered: the offered-basis numerator over P(answered).
    let mut args = SMALL.to_vec();
    args.extend(["--sl-basis", "answered"]);
    let text = explain(&args);
    let p = read(&text, &EN, false);
    let within = p.at_once + p.rows.iter().map(|r| r[6]).sum::<f64>() + p.left_out[1];
    let sl = within / p.answered * 100.0;
    assert!(
        (sl - p.result_sl_pct).abs() < 0.006,
        "{sl} vs {}",
        p.result_sl_pct
    );
    args.pop();
    args.push("exclude-short-abandons");
    let text = explain(&args);
    assert!(text.contains("hung up within t = P(wait)"), "{text}");
}

#[test]
fn erlang_c_explanation_keeps_its_steps() {
    let text = explain(&["--erlangs", "5", "--aht-s", "180", "--agents", "7"]);
    assert!(text.contains("SL = 1 − C × e^"), "{text}");
    let pt = explain(&[
        "--erlangs",
        "5",
        "--aht-s",
        "180",
        "--agents",
        "7",
        "--lang",
        "pt",
    ]);
    assert!(pt.contains("NS = 1 − C × e^"), "{pt}");
    assert!(
        pt.contains("A = λ × TMA = 0,027778 × 180 = 5,0000 Erlangs"),
        "{pt}"
    );
}

#[test]
fn json_keeps_the_english_explanation() {
    let mut args = SMALL.to_vec();
    args.extend(["--lang", "pt", "--format", "json"]);
    let record: serde_json::Value = serde_json::from_str(&explain(&args)).unwrap();
    let steps = record["explanation"].as_array().unwrap();
    assert!(
        steps
            .iter()
            .any(|s| s.as_str().unwrap().starts_with("Step 5"))
    );
}

#[test]
fn erlang_b_lines_explanation_is_translated_too() {
    let args = [
        "--erlangs",
        "10",
        "--aht-s",
        "180",
        "--max-blocking-pct",
        "1",
    ];
    let en = explain(&args);
    assert!(
        en.contains("B(18) = 0.007142 ≤ 0.010000: 18 lines; 1.43 calls per hour lost, 9.9286 Erlangs carried"),
        "{en}"
    );
    let mut pt_args = args.to_vec();
    pt_args.extend(["--lang", "pt"]);
    let pt = explain(&pt_args);
    assert!(pt.contains("Passo 3: o menor número de linhas"), "{pt}");
    assert!(pt.contains("B(17) = 0,012949 > 0,010000"), "{pt}");
    assert!(!pt.contains("Step "), "{pt}");
}
