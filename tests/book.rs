//! The user guide (the book under `docs/src`, and the README) shows real
//! output: every ```console block (`$ callsim ARGS`, then what it prints) is
//! run and compared line by line, timing figures aside. The examples of one
//! page run in order in a scratch folder of their own (with `scenarios/` in
//! reach), so a page may write a file and read it back in a later example
//! without touching the repository. The book's links are checked here too:
//! every relative link and image must name a file of the book and every
//! `#anchor` a heading of the page it points to, as mdbook names them.
//!
//! `CALLSIM_UPDATE_BOOK=1 cargo test --release --test book` rewrites every
//! block with what its command prints now (for a deliberate change of output;
//! review the diff).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use assert_cmd::Command;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn book_dir() -> PathBuf {
    crate_dir().join("docs/src")
}

/// Every Markdown page of the book, sorted, as paths relative to `docs/src`.
fn book_pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, root: &Path, pages: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, pages);
            } else if path.extension().is_some_and(|e| e == "md") {
                pages.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut pages = Vec::new();
    walk(&book_dir(), &book_dir(), &mut pages);
    pages.sort();
    pages
}

/// The README and every page of the book, as absolute paths.
fn guide_files() -> Vec<PathBuf> {
    let mut files = vec![crate_dir().join("README.md")];
    files.extend(book_pages().iter().map(|p| book_dir().join(p)));
    files
}

struct Example {
    command: String,
    expected: String,
}

fn examples(page: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut lines = page.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```console" {
            continue;
        }
        let command = lines.next().expect("a command after ```console");
        let mut expected = String::new();
        for out in lines.by_ref() {
            if out.trim() == "```" {
                break;
            }
            expected.push_str(out);
            expected.push('\n');
        }
        examples.push(Example {
            command: command.to_string(),
            expected,
        });
    }
    examples
}

/// The arguments of `$ callsim ARGS`, split as a shell would: on spaces,
/// with single or double quotes keeping a word together.
fn arguments(command: &str) -> Vec<String> {
    let args = command
        .strip_prefix("$ callsim ")
        .unwrap_or_else(|| panic!("console blocks start with `$ callsim`: {command}"));
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in args.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    assert!(quote.is_none(), "an unclosed quote in `{command}`");
    words.extend(word);
    words
}

/// A scratch folder in which a page's examples run: `scenarios/` links to
/// the bundled scenarios, and whatever an example writes stays here.
fn scratch_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(crate_dir().join("scenarios"), dir.path().join("scenarios"))
        .unwrap();
    dir
}

/// What `callsim ARGS` prints, run in `dir`.
fn run_example(command: &str, dir: &Path) -> Result<String, String> {
    let args = arguments(command);
    // Help is wrapped to the terminal's width, 100 columns where there is
    // none: what the book shows, whatever the shell running the tests says.
    let output = Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(dir)
        .env_remove("COLUMNS")
        .env_remove("LINES")
        .args(&args)
        .output()
        .unwrap();
    if !output.status.success() {
        return Err(format!(
            "`{command}` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8(output.stdout).unwrap())
}

/// Timing depends on the machine: a line is compared up to its figures (in
/// English and in Portuguese).
fn without_timings(text: &str) -> String {
    text.lines()
        .map(|l| {
            match [" calls simulated in ", " chamadas simuladas em "]
                .iter()
                .find_map(|timing| l.find(timing))
            {
                Some(cut) => &l[..cut],
                None => l.trim_end(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The page with every console block's output replaced by what it prints now.
fn updated_page(page: &str, dir: &Path) -> String {
    let mut updated = String::new();
    let mut lines = page.lines();
    while let Some(line) = lines.next() {
        updated.push_str(line);
        updated.push('\n');
        if line.trim() != "```console" {
            continue;
        }
        let command = lines.next().expect("a command after ```console");
        updated.push_str(command);
        updated.push('\n');
        let mut shown = String::new();
        for out in lines.by_ref() {
            if out.trim() == "```" {
                break;
            }
            shown.push_str(out);
            shown.push('\n');
        }
        let now = run_example(command, dir).unwrap_or_else(|e| panic!("{e}"));
        // Only timings changed: keep the page as it is, so the diff shows real changes.
        if without_timings(&now) == without_timings(&shown) {
            updated.push_str(&shown);
        } else {
            updated.push_str(&now);
        }
        updated.push_str("```\n");
    }
    updated
}

/// Runs one page's examples in order; the mismatches, each as one message.
fn check_page(file: &Path) -> Vec<String> {
    let page = fs::read_to_string(file).unwrap();
    let dir = scratch_folder();
    if std::env::var_os("CALLSIM_UPDATE_BOOK").is_some() {
        fs::write(file, updated_page(&page, dir.path())).unwrap();
        return Vec::new();
    }
    let mut failures = Vec::new();
    for example in examples(&page) {
        match run_example(&example.command, dir.path()) {
            Ok(actual) if without_timings(&actual) == without_timings(&example.expected) => {}
            Ok(actual) => failures.push(format!(
                "{}: `{}` is out of date; it prints now:\n{actual}",
                file.display(),
                example.command
            )),
            Err(e) => failures.push(format!("{}: {e}", file.display())),
        }
    }
    failures
}

#[test]
fn every_console_example_prints_what_the_guide_shows() {
    let files = guide_files();
    let total: usize = files
        .iter()
        .map(|f| examples(&fs::read_to_string(f).unwrap()).len())
        .sum();
    assert!(total >= 40, "the guide keeps its worked examples ({total})");
    // Pages run side by side; within a page, in order.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = files
            .iter()
            .map(|f| scope.spawn(move || check_page(f)))
            .collect();
        runs.into_iter().flat_map(|r| r.join().unwrap()).collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn readme_quick_start_runs_the_first_example_and_the_tests() {
    let readme = fs::read_to_string(crate_dir().join("README.md")).unwrap();
    let quick_start = readme
        .lines()
        .find_map(|l| l.strip_prefix("cargo run --release -- "))
        .expect("a `cargo run --release -- …` quick-start command");
    let first = &examples(&readme)[0];
    assert_eq!(
        quick_start.split_whitespace().collect::<Vec<_>>(),
        arguments(&first.command)
    );
    assert!(
        readme.contains("\ncargo test --release\n"),
        "the test command of the quick start"
    );
    assert!(
        readme.contains("\ncargo install --path .\n"),
        "the install command"
    );
}

fn markdown_options() -> Options {
    // The extensions mdbook turns on.
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The anchor mdbook gives a heading: its text in lower case, spaces as
/// `-`, other punctuation dropped; a repeated one gets `-1`, `-2`, ….
fn heading_anchors(markdown: &str) -> BTreeSet<String> {
    let mut anchors = BTreeSet::new();
    let mut heading: Option<(String, Option<String>)> = None;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((String::new(), id.map(|i| i.to_string())));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((words, _)) = heading.as_mut() {
                    words.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let (words, id) = heading.take().unwrap();
                let base = id.unwrap_or_else(|| {
                    words
                        .chars()
                        .filter_map(|c| match c {
                            c if c.is_alphanumeric() || c == '_' || c == '-' => {
                                Some(c.to_ascii_lowercase())
                            }
                            c if c.is_whitespace() => Some('-'),
                            _ => None,
                        })
                        .collect()
                });
                let mut anchor = base.clone();
                let mut n = 1;
                while anchors.contains(&anchor) {
                    anchor = format!("{base}-{n}");
                    n += 1;
                }
                anchors.insert(anchor);
            }
            _ => {}
        }
    }
    anchors
}

/// Every link and image a page holds, with the line it is on.
fn links(markdown: &str) -> Vec<(usize, String)> {
    Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let line = markdown[..range.start].lines().count().max(1);
                Some((line, dest_url.to_string()))
            }
            _ => None,
        })
        .collect()
}

/// `base/relative` without `.` and `..`, or None when it climbs out.
fn resolve(base: &Path, relative: &str) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for part in base.join(relative).components() {
        match part {
            Component::ParentDir => {
                if !path.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => path.push(other),
        }
    }
    Some(path)
}

/// The broken links of one file: `within` is the folder its links must stay in.
fn broken_links(file: &Path, within: &Path) -> Vec<String> {
    let markdown = fs::read_to_string(file).unwrap();
    let mut broken = Vec::new();
    for (line, url) in links(&markdown) {
        if url.contains("://") || url.starts_with("mailto:") {
            continue; // the web is not checked offline
        }
        let (target, anchor) = match url.split_once('#') {
            Some((target, anchor)) => (target, Some(anchor)),
            None => (url.as_str(), None),
        };
        let at = format!("{}:{line}: {url}", file.display());
        let target_file = if target.is_empty() {
            file.to_path_buf()
        } else {
            match resolve(file.parent().unwrap(), target) {
                Some(path) if path.starts_with(within) && path.is_file() => path,
                _ => {
                    broken.push(format!("{at}: no such file in {}", within.display()));
                    continue;
                }
            }
        };
        if let Some(anchor) = anchor {
            let anchors = heading_anchors(&fs::read_to_string(&target_file).unwrap());
            if !anchors.contains(anchor) {
                broken.push(format!("{at}: no heading with that anchor"));
            }
        }
    }
    broken
}

#[test]
fn every_link_of_the_guide_leads_somewhere() {
    let book = book_dir();
    let mut broken = Vec::new();
    for page in book_pages() {
        broken.extend(broken_links(&book.join(page), &book));
    }
    // The README links into the book.
    broken.extend(broken_links(&crate_dir().join("README.md"), &book));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_summary_lists_every_page_of_the_book() {
    let book = book_dir();
    let summary = fs::read_to_string(book.join("SUMMARY.md")).unwrap();
    let listed: BTreeSet<PathBuf> = links(&summary)
        .into_iter()
        .map(|(_, url)| PathBuf::from(url))
        .collect();
    for page in &listed {
        assert!(
            book.join(page).is_file(),
            "SUMMARY.md lists {page:?}, which is missing"
        );
    }
    for page in book_pages() {
        if page != Path::new("SUMMARY.md") {
            assert!(listed.contains(&page), "{page:?} is not in SUMMARY.md");
        }
    }
}

#[test]
fn the_anchor_rule_matches_mdbook() {
    // The ids mdbook 0.5 writes for these headings (read from its HTML).
    let anchors = heading_anchors(
        "# `callsim staff`: agents per interval\n## Erlang C and Erlang A side by side\n\
         ## Limits\n## Limits\n## `[[call_type]]` (one table per call type)\n",
    );
    for expected in [
        "callsim-staff-agents-per-interval",
        "erlang-c-and-erlang-a-side-by-side",
        "limits",
        "limits-1",
        "call_type-one-table-per-call-type",
    ] {
        assert!(anchors.contains(expected), "{expected} in {anchors:?}");
    }
}

/// The keys the JSON reference lists under each record's heading.
fn documented_keys(page: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut records: Vec<(String, BTreeSet<String>)> = Vec::new();
    for line in page.lines() {
        if let Some(schema) = line.strip_prefix("## `").and_then(|l| l.strip_suffix('`')) {
            records.push((schema.to_string(), BTreeSet::new()));
        } else if let (Some((_, keys)), Some(row)) = (records.last_mut(), line.strip_prefix("| `"))
        {
            keys.insert(row.split('`').next().unwrap().to_string());
        }
    }
    records
}

#[test]
fn the_json_reference_lists_every_key_of_every_record() {
    let page = fs::read_to_string(book_dir().join("reference/json.md")).unwrap();
    // `erlang` and `forecast` draw no progress bar, so they take no --quiet.
    let small = "--set simulation.replications=3 --quiet";
    let commands = [
        (
            "callsim.simulate/2",
            format!("simulate scenarios/helpline.toml {small}"),
        ),
        (
            "callsim.compare/2",
            format!("compare scenarios/helpline.toml scenarios/helpline_plus_one.toml {small}"),
        ),
        (
            "callsim.sweep/3",
            format!("sweep scenarios/helpline.toml --vary volume_pct=90,100 {small}"),
        ),
        (
            "callsim.erlang/1",
            "erlang --erlangs 10 --aht-s 180 --target 80/20".into(),
        ),
        (
            "callsim.erlang_lines/1",
            "erlang --erlangs 10 --aht-s 180 --max-blocking-pct 1".into(),
        ),
        (
            "callsim.erlang_models/1",
            // With a scenario, so that the optional `simulation` is written too.
            "erlang --compare-models --scenario scenarios/erlang_a_check.toml".into(),
        ),
        (
            "callsim.erlang_chat/1",
            "erlang --calls-per-hour 300 --aht-s 600 --max-chats 3 --patience-s 120 --target 80/60"
                .into(),
        ),
        (
            "callsim.staff/2",
            "staff scenarios/late_night.toml --quiet".into(),
        ),
        (
            "callsim.forecast/1",
            "forecast scenarios/history/support_history.csv --from 2026-03-16 --days 1".into(),
        ),
        (
            "callsim.fit/1",
            "fit scenarios/fit/calls_synthetic.csv".into(),
        ),
    ];
    let documented = documented_keys(&page);
    for (schema, args) in commands {
        let command = format!("$ callsim {args} --format json");
        let json = run_example(&command, crate_dir()).unwrap_or_else(|e| panic!("{e}"));
        let record: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            record["schema"], schema,
            "`{command}` writes another record"
        );
        let written: BTreeSet<String> = record.as_object().unwrap().keys().cloned().collect();
        let listed = documented
            .iter()
            .find(|(s, _)| s == schema)
            .map(|(_, keys)| keys.clone())
            .unwrap_or_else(|| panic!("reference/json.md has no section for {schema}"));
        assert_eq!(listed, written, "reference/json.md's keys of {schema}");
    }
}

/// `a_{x,y}.toml` written out: `a_x.toml`, `a_y.toml`.
fn expand_braces(text: &str) -> Vec<String> {
    match (text.find('{'), text.find('}')) {
        (Some(open), Some(close)) if open < close => text[open + 1..close]
            .split(',')
            .flat_map(|choice| {
                expand_braces(&format!("{}{choice}{}", &text[..open], &text[close + 1..]))
            })
            .collect(),
        _ => vec![text.to_string()],
    }
}

#[test]
fn the_scenario_reference_lists_every_bundled_scenario() {
    let page = fs::read_to_string(book_dir().join("reference/scenario.md")).unwrap();
    let listed: BTreeSet<String> = page
        .lines()
        .filter(|l| l.starts_with("| `scenarios/"))
        .flat_map(|l| l.split('|').nth(1).unwrap().split('`').map(str::to_string))
        .flat_map(|name| expand_braces(&name))
        .collect();
    let scenarios = crate_dir().join("scenarios");
    let mut bundled = Vec::new();
    for folder in [scenarios.clone()]
        .into_iter()
        .chain(fs::read_dir(&scenarios).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.is_dir() && !p.ends_with("invalid"))
    {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                bundled.push(
                    path.strip_prefix(crate_dir())
                        .unwrap()
                        .display()
                        .to_string(),
                );
            }
        }
    }
    assert!(bundled.len() >= 20, "{bundled:?}");
    for file in bundled {
        assert!(
            listed.contains(&file),
            "{file} is not in the bundled scenarios' table of reference/scenario.md"
        );
    }
}
