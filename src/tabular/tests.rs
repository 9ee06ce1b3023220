use super::*;

const CALLS: &[Column] = &[
    Column {
        key: "arrival",
        aliases: &["start time", "inicio"],
        required: true,
    },
    Column {
        key: "wait_s",
        aliases: &["tempo de espera"],
        required: true,
    },
    Column {
        key: "queue",
        aliases: &["fila"],
        required: false,
    },
];

fn reader(text: &str, map: &ColumnMap) -> Result<TableReader, TabularError> {
    TableReader::from_bytes("calls.csv", text.as_bytes().to_vec(), CALLS, map)
}

#[test]
fn a_pt_br_excel_file_with_bom_accents_and_decimal_commas() {
    let text = "\u{feff}Início;Tempo de Espera;Fila\n07/12/2026 08:00:05;1.234,5;vendas\n;;\n07/12/2026 08:01;00:02:03;\n";
    let mut table = reader(text, &ColumnMap::default()).unwrap();
    assert_eq!(table.dialect(), Dialect::Semicolon);
    assert!(table.has("queue"));
    let row = table.next_row().unwrap().unwrap();
    assert_eq!(row.line(), 2);
    assert_eq!(row.number("wait_s").unwrap(), Some(1234.5));
    assert_eq!(row.text("queue"), Some("vendas"));
    let t = row.date_time("arrival").unwrap().unwrap();
    assert_eq!(t.to_string(), "2026-12-07 08:00:05");
    // The emptied `;;` row is skipped.
    let row = table.next_row().unwrap().unwrap();
    assert_eq!(row.line(), 4);
    assert_eq!(row.duration_s("wait_s").unwrap(), Some(123.0));
    assert_eq!(row.text("queue"), None);
    assert!(table.next_row().unwrap().is_none());
}

#[test]
fn a_mapping_names_the_users_headers() {
    let map = ColumnMap::parse("arrival=Call Start,wait_s=Hold").unwrap();
    let mut table = reader("Call Start,Hold\n2026-12-07T08:00:00.250,12.5\n", &map).unwrap();
    let row = table.next_row().unwrap().unwrap();
    assert_eq!(row.number("wait_s").unwrap(), Some(12.5));
    let t = row.date_time("arrival").unwrap().unwrap();
    assert_eq!(t.to_string(), "2026-12-07 08:00:00.250");
}

#[test]
fn missing_columns_and_bad_mappings_are_one_sentence() {
    let e = reader("start time,queue\n", &ColumnMap::default())
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.starts_with("calls.csv:1: no column for `wait_s` (looked for wait_s, tempo de espera)"),
        "{e}"
    );
    assert!(e.ends_with("--columns wait_s=HEADER"), "{e}");
    let map = ColumnMap::parse("wait_s=Hold").unwrap();
    let e = reader("start time,Wait\n", &map).err().unwrap().to_string();
    assert!(
        e.starts_with("calls.csv:1: no column \"Hold\" (named for wait_s by --columns)"),
        "{e}"
    );
    let map = ColumnMap::parse("talk=Talk").unwrap();
    let e = reader("start time,wait_s\n", &map)
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.starts_with("--columns: `talk` is not a column this command reads"),
        "{e}"
    );
    let e = reader("", &ColumnMap::default()).err().unwrap().to_string();
    assert_eq!(e, "calls.csv: the file is empty: it has no header line");
}

#[test]
fn a_column_read_twice_is_refused_not_guessed() {
    // The second "wait_s" was silently ignored.
    let e = reader(
        "arrival,wait_s,queue,Wait_S\n2026-12-07 08:00,5,q,7\n",
        &ColumnMap::default(),
    )
    .err()
    .unwrap()
    .to_string();
    assert_eq!(
        e,
        "calls.csv:1: the column \"wait_s\" appears twice (columns 2 and 4): keep one, or rename the other"
    );
    // A repeated column the command does not read is no matter.
    assert!(
        reader(
            "arrival,wait_s,note,note\n2026-12-07 08:00,5,a,b\n",
            &ColumnMap::default()
        )
        .is_ok()
    );
}

#[test]
fn bad_cells_name_line_column_and_value() {
    let mut table = reader(
        "arrival,wait_s,queue\n2026-12-07 08:00,abc,q\n",
        &ColumnMap::default(),
    )
    .unwrap();
    let row = table.next_row().unwrap().unwrap();
    assert_eq!(
        row.number("wait_s").unwrap_err().to_string(),
        "calls.csv:2: column \"wait_s\": `abc` is not a number"
    );
    assert_eq!(
        row.count("queue").unwrap_err().to_string(),
        "calls.csv:2: column \"queue\": `q` is not a number"
    );
    let mut table = reader(
        "arrival,wait_s\n31/02/2026 08:00,-4\n",
        &ColumnMap::default(),
    )
    .unwrap();
    let row = table.next_row().unwrap().unwrap();
    let e = row.date_time("arrival").unwrap_err().to_string();
    assert!(
        e.starts_with(
            "calls.csv:2: column \"arrival\" (\"31/02/2026 08:00\"): not a date and time"
        ),
        "{e}"
    );
    assert_eq!(
        row.duration_s("wait_s").unwrap_err().to_string(),
        "calls.csv:2: column \"wait_s\" (\"-4\"): a duration cannot be negative"
    );
    assert_eq!(
        row.count("wait_s").unwrap_err().to_string(),
        "calls.csv:2: column \"wait_s\" (\"-4\"): a count cannot be negative"
    );
    let mut table = reader("arrival,wait_s\n2026-12-07 08:00\n", &ColumnMap::default()).unwrap();
    let e = table.next_row().err().unwrap().to_string();
    assert_eq!(e, "calls.csv:2: expected 2 fields like the header, found 1");
}

#[test]
fn offsets_are_kept_or_converted_and_a_change_is_a_clock_change() {
    let text = "arrival,wait_s\n2026-03-01T08:00:00-03:00,1\n2026-03-01 09:00:00-03:00,1\n2026-03-02T08:00:00-02:00,1\n";
    let mut table = reader(text, &ColumnMap::default()).unwrap();
    let first = table
        .next_row()
        .unwrap()
        .unwrap()
        .date_time("arrival")
        .unwrap()
        .unwrap();
    assert_eq!(first.to_string(), "2026-03-01 08:00:00");
    let second = table
        .next_row()
        .unwrap()
        .unwrap()
        .date_time("arrival")
        .unwrap()
        .unwrap();
    assert_eq!(second.to_string(), "2026-03-01 09:00:00");
    let e = table
        .next_row()
        .unwrap()
        .unwrap()
        .date_time("arrival")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("the UTC offset changes from -03:00 (line 2) to -02:00: a clock change"),
        "{e}"
    );

    let map = ColumnMap::default()
        .with_time_zone(Some("-03:00".into()))
        .unwrap();
    let mut table = reader(text, &map).unwrap();
    table.next_row().unwrap();
    table.next_row().unwrap();
    let third = table
        .next_row()
        .unwrap()
        .unwrap()
        .date_time("arrival")
        .unwrap()
        .unwrap();
    assert_eq!(third.to_string(), "2026-03-02 07:00:00");
}

#[test]
fn a_date_format_reads_us_dates() {
    let map = ColumnMap::default().with_date_format(Some("%m/%d/%Y %I:%M %p".into()));
    let mut table = reader("arrival,wait_s\n12/07/2026 01:30 PM,0\n", &map).unwrap();
    let t = table
        .next_row()
        .unwrap()
        .unwrap()
        .date_time("arrival")
        .unwrap()
        .unwrap();
    assert_eq!(t.to_string(), "2026-12-07 13:30:00");
}

#[test]
fn times_of_day_in_report_spellings() {
    let cols = &[Column {
        key: "interval",
        aliases: &[],
        required: true,
    }];
    let text = "interval\n08:00\n8h30\n09:00 - 09:30\n10:15:00\nmorning\n";
    let mut table = TableReader::from_bytes(
        "h.csv",
        text.as_bytes().to_vec(),
        cols,
        &ColumnMap::default(),
    )
    .unwrap();
    let mut read = Vec::new();
    while let Some(row) = table.next_row().unwrap() {
        read.push(
            row.time_of_day("interval")
                .map(|t| t.unwrap().format("%H:%M").to_string()),
        );
    }
    assert_eq!(
        read[..4],
        [
            Ok("08:00".into()),
            Ok("08:30".into()),
            Ok("09:00".into()),
            Ok("10:15".into())
        ]
    );
    assert!(
        read[4]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("not a time of day")
    );
}

#[test]
fn utf16_and_invalid_utf8_and_endless_lines_are_refused() {
    let e = TableReader::from_bytes(
        "x.csv",
        vec![0xFF, 0xFE, b'a', 0],
        CALLS,
        &ColumnMap::default(),
    )
    .err()
    .unwrap()
    .to_string();
    assert!(e.contains("UTF-16"), "{e}");
    let mut bytes = b"arrival,wait_s\n2026-12-07 08:00,".to_vec();
    bytes.extend([0xC3, 0x28, b'\n']);
    let mut table = TableReader::from_bytes("x.csv", bytes, CALLS, &ColumnMap::default()).unwrap();
    let e = table.next_row().err().unwrap().to_string();
    assert!(e.starts_with("x.csv:2: not UTF-8 text"), "{e}");
    let mut bytes = b"arrival,wait_s\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'7', 3 << 20));
    let mut table = TableReader::from_bytes("x.csv", bytes, CALLS, &ColumnMap::default()).unwrap();
    let e = table.next_row().err().unwrap().to_string();
    assert!(e.contains("a line or a row longer than 1 MiB"), "{e}");
}

#[test]
fn a_named_zone_follows_its_clock_changes() {
    // Lisbon: UTC+0 in winter, UTC+1 from 29 March 2026 (01:00 UTC).
    let text = "arrival,wait_s\n2026-03-28T09:00:00Z,1\n2026-03-30T09:00:00Z,1\n";
    let map = ColumnMap::default()
        .with_time_zone(Some("Europe/Lisbon".into()))
        .unwrap();
    let mut table = reader(text, &map).unwrap();
    let winter = table
        .next_row()
        .unwrap()
        .unwrap()
        .date_time("arrival")
        .unwrap()
        .unwrap();
    assert_eq!(winter.to_string(), "2026-03-28 09:00:00");
    let summer = table
        .next_row()
        .unwrap()
        .unwrap()
        .date_time("arrival")
        .unwrap()
        .unwrap();
    assert_eq!(summer.to_string(), "2026-03-30 10:00:00");
    let e = ColumnMap::default()
        .with_time_zone(Some("Mars/Olympus".into()))
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("--time-zone: `Mars/Olympus` is not a time zone"),
        "{e}"
    );
}

#[test]
fn a_quoted_cell_spanning_many_lines_is_refused_before_it_fills_memory() {
    let mut bytes = b"arrival,wait_s\n2026-12-07 08:00,1\n2026-12-07 08:00,\"".to_vec();
    bytes.extend(std::iter::repeat_n(*b"7\n", 2 << 20).flatten());
    bytes.extend(b"\"\n");
    let mut table = TableReader::from_bytes("x.csv", bytes, CALLS, &ColumnMap::default()).unwrap();
    assert!(table.next_row().unwrap().is_some(), "the first row is read");
    let e = table.next_row().err().unwrap().to_string();
    assert!(e.contains("a line or a row longer than 1 MiB"), "{e}");
}

#[test]
fn a_date_format_given_is_the_only_one() {
    let map = ColumnMap::default().with_date_format(Some("%m/%d/%Y %H:%M".into()));
    let mut table = reader(
        "arrival,wait_s\n12/07/2026 08:00,0\n13/07/2026 08:00,0\n",
        &map,
    )
    .unwrap();
    let t = table
        .next_row()
        .unwrap()
        .unwrap()
        .date_time("arrival")
        .unwrap()
        .unwrap();
    assert_eq!(t.to_string(), "2026-12-07 08:00:00");
    let e = table
        .next_row()
        .unwrap()
        .unwrap()
        .date_time("arrival")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("does not match --date-format `%m/%d/%Y %H:%M`"),
        "{e}"
    );
}

#[test]
fn names_must_be_printable_and_short() {
    let long = "q".repeat(101);
    let text = format!(
        "arrival,wait_s,queue\n2026-12-07 08:00,0,a\u{1b}[31m\n2026-12-07 08:00,0,{long}\n"
    );
    let mut table = reader(&text, &ColumnMap::default()).unwrap();
    let e = table
        .next_row()
        .unwrap()
        .unwrap()
        .name("queue")
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "calls.csv:2: column \"queue\": a name cannot hold control characters (tabs, line breaks, escapes)"
    );
    let e = table
        .next_row()
        .unwrap()
        .unwrap()
        .name("queue")
        .unwrap_err()
        .to_string();
    assert!(e.contains("a name is at most 100 characters"), "{e}");
}
