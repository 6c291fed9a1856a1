//! cli tests: the writers' bytes — one report's JSON and CSV rows pinned, formula-like
//! text made safe, and the writers against the serde/csv code they replaced (`reference`).

use super::*;
use pretty_assertions::assert_eq;

mod reference;

/// A report with every shape the writers meet: text to escape in JSON and to quote in
/// CSV (quote, comma, CR, LF, tab, control, backslash, U+2028, non-BMP), decimals kept
/// as written, nulls, an empty table and row, anomalies with and without every field,
/// a note, digest cells; and beside it a report of a file that could not be read.
fn tricky_reports() -> [nianbao::report::Report; 2] {
    use nianbao::report::*;
    let num = |s: &str| s.parse::<serde_json::Number>().unwrap();
    let loc = |table, row, cell| {
        Some(Location {
            table,
            row,
            cell,
            line: None,
        })
    };
    let cell_in = |table: &'static str,
                   row: &'static str,
                   col: &'static str,
                   value: Option<&str>,
                   raw: Option<&str>,
                   location| CellRecord {
        table,
        row,
        col,
        value: value.map(num),
        raw: raw.map(Into::into),
        location,
    };
    let cell =
        |row, col, value, raw, location| cell_in("applications", row, col, value, raw, location);
    let active = |row, col, value: &str| {
        cell_in(
            "active_disclosure",
            row,
            col,
            Some(value),
            Some(value),
            loc(1, 1, 1),
        )
    };
    let ok = Report {
        source: Source {
            format: Some(nianbao::open::Format::Doc),
            converted: Some(nianbao::report::Converted {
                from: nianbao::open::Format::Doc,
                with: "LibreOffice 7.4.7.2".into(),
            }),
            ..Source::new(
                "2021/静乐 \"县\",a.docx".into(),
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
                12345,
            )
        },
        status: Status::Ok,
        error: None,
        template: Some(Template::T2021),
        report: Metadata {
            agency: Some("静乐县康家会镇人民政府".into()),
            year: Some(2021),
            published: Some("2022-01-25".into()),
        },
        cells: vec![
            active("rules", "issued", "2"),
            active("rules", "repealed", "0"),
            active("rules", "in_force", "4.50"),
            active("fees", "amount", "73802895.90"),
            cell(
                "received",
                "natural_person",
                Some("1"),
                Some("\u{a0}1 "),
                loc(2, 3, 1),
            ),
            cell(
                "received",
                "commercial",
                None,
                Some("a,\"b\"\r\nc\td\u{1}\\e\u{2028}😀"),
                loc(2, 3, 2),
            ),
            cell("received", "total", Some("-3"), None, None),
            cell(
                "carried_over",
                "total",
                Some("12"),
                Some(""),
                loc(10, 0, 11),
            ),
            cell("carried_over", "natural_person", None, None, None),
        ],
        anomalies: vec![
            Anomaly {
                rule: Some("row_total".into()),
                expected: Some(num("73802895.90")),
                actual: Some(num("-3")),
                raw: Some("\"—\"".into()),
                // as a page gives it: with the line of the cell's tag
                location: loc(2, 3, 8).map(|l| Location { line: Some(7), ..l }),
                ..Anomaly::new(
                    AnomalyCode::SumMismatch,
                    Severity::Error,
                    "总计 ≠ 各项之和, \"line\"\nnext",
                )
                .at("applications", Some("received"), Some("total"))
            },
            Anomaly::new(AnomalyCode::MissingTable, Severity::Warning, "no table").at(
                "review_litigation",
                None,
                None,
            ),
            Anomaly::new(AnomalyCode::UnrecognizedRow, Severity::Info, ""),
            Anomaly {
                expected: Some(num("15")),
                actual: Some(num("-3")),
                raw: Some("共收到申请15件，\"其中\"…".into()),
                paragraph: Some(4),
                ..Anomaly::new(AnomalyCode::NarrativeMismatch, Severity::Warning, "正文").at(
                    "applications",
                    Some("received"),
                    Some("total"),
                )
            },
        ],
        notes: vec![Anomaly::new(
            AnomalyCode::BlanksConsistentAsZero,
            Severity::Info,
            "blanks read as 0",
        )],
        narrative: NarrativeCounts {
            statements: 2,
            compared: 1,
            differing: 1,
        },
    };
    let failed = Report::failed(
        Source::new("bad.docx".into(), String::new(), 0),
        ErrorRecord {
            code: ErrorCode::MalformedXml,
            message: "expected `</w:tbl>`, found \"EOF\"\tat end".into(),
            part: Some("word/document.xml".into()),
            offset: Some(18446744073709551615),
        },
    );
    [ok, failed]
}

/// The exact bytes of a report's JSON and of its rows in each batch CSV, pinned before
/// the writers were made cheaper: they must keep them byte for byte. The wide row is
/// spelled through `wide_cell_columns`, so a template column added elsewhere does not
/// move it.
#[test]
fn one_reports_output_bytes_are_pinned() {
    let [ok, failed] = tricky_reports();
    let lines = |l: &[&str]| l.iter().map(|l| format!("{l}\n")).collect::<String>();
    let wide = |meta: &str, cells: &[(&str, &str)]| {
        let mut row = meta.to_owned();
        for col in nianbao::write::wide_columns(nianbao::report::Template::T2021) {
            row.push(',');
            if let Some((_, v)) = cells.iter().find(|(c, _)| c == col) {
                row.push_str(v);
            }
        }
        row + "\n"
    };
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();

    assert_eq!(text(nianbao::write::report_json(&ok)), lines(OK_JSON));
    let rows = nianbao::write::batch_rows(&ok);
    assert_eq!(text(rows.reports), lines(OK_REPORTS));
    assert_eq!(text(rows.cells), lines(OK_CELLS));
    assert_eq!(
        text(rows.wide),
        wide(
            "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2022-01-25",
            &[
                ("active_disclosure.rules.issued", "2"),
                ("active_disclosure.rules.repealed", "0"),
                ("active_disclosure.rules.in_force", "4.50"),
                ("active_disclosure.fees.amount", "73802895.90"),
                ("applications.received.natural_person", "1"),
                ("applications.received.total", "-3"),
                ("applications.carried_over.total", "12"),
            ]
        )
    );
    assert_eq!(text(rows.anomalies), lines(OK_ANOMALIES));

    assert_eq!(
        text(nianbao::write::report_json(&failed)),
        lines(FAILED_JSON)
    );
    let rows = nianbao::write::batch_rows(&failed);
    assert_eq!(text(rows.reports), lines(FAILED_REPORTS));
    assert!(rows.wide.is_empty() && rows.template.is_none());
    assert!(rows.cells.is_empty() && rows.anomalies.is_empty());

    let digest = nianbao::batch::ReportDigest::of(&ok);
    let values: Vec<String> = nianbao::batch::DIGEST_CELLS
        .iter()
        .map(|k| digest.value(k).map(|n| n.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(values.join(","), ",,,,,,12,,,,,,,,2,0,4.50,,,");
}

/// Text a spreadsheet would run as a formula gets a leading `'` in every CSV; numbers,
/// negative ones included, do not; the JSON keeps the text verbatim.
#[test]
fn formula_like_text_is_made_safe_for_spreadsheets() {
    let [mut r, _] = tricky_reports();
    r.source.path = "=HYPERLINK(\"http://x\",\"y\").docx".into();
    r.report.agency = Some("@SUM(A1)".into());
    r.cells[0].raw = Some("-".into());
    r.cells[1].raw = Some("+1".into());
    r.cells[4].raw = Some("\t=1".into());
    r.anomalies[0].message = "-3 ≠ 2".into();
    let rows = nianbao::write::batch_rows(&r);
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
    let cells = text(&rows.cells);
    let joined = "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\").docx\",'@SUM(A1),2021,2021,";
    let first: Vec<&str> = cells.lines().take(2).collect();
    assert_eq!(
        first,
        [
            format!("{joined}active_disclosure,rules,issued,2,'-,1,1,1,"),
            format!("{joined}active_disclosure,rules,repealed,0,'+1,1,1,1,"),
        ]
    );
    assert!(cells.contains(",1,'\t=1,2,3,1,\n"), "{cells}");
    // received.total is -3: a number, written as it is.
    assert!(
        cells.contains("applications,received,total,-3,,"),
        "{cells}"
    );
    let anomalies = text(&rows.anomalies);
    assert!(
        anomalies.starts_with(&format!(
            "{joined}sum_mismatch,error,applications,row_total,received,total,73802895.90,-3,"
        )),
        "{anomalies}"
    );
    assert!(anomalies.contains(",'-3 ≠ 2,2,3,8,7,\n"), "{anomalies}");
    assert!(text(&rows.reports).starts_with("\"'=HYPERLINK("));
    assert!(text(&rows.wide).starts_with("\"'=HYPERLINK("));
    // JSON: verbatim.
    let json = text(&nianbao::write::report_json(&r));
    assert!(json.contains("\"raw\": \"-\""), "{json}");
    assert!(json.contains("\"agency\": \"@SUM(A1)\""), "{json}");
}

/// The writers against the code they replaced — serde_json with a line formatter, the
/// csv crate fed one `String` per field — over the pinned reports, every checked-in
/// corpus document, generated reports and unreadable files: the same bytes.
#[test]
fn writers_match_the_serde_and_csv_reference() {
    let mut reports: Vec<nianbao::report::Report> = tricky_reports().into();
    // Texts to escape in every field, and other shapes.
    let mut odd = reports[0].clone();
    odd.cells[0].raw = Some("\u{7f}\u{1f}\u{8}\u{c}\u{0}/".into());
    odd.cells[1].raw = Some("carriage\rreturn".into());
    odd.anomalies[1].message = "quote\"d".into();
    odd.error = reports[1].error.clone();
    odd.template = Some(nianbao::report::Template::T2019);
    odd.report.year = Some(-7);
    odd.source.duplicate_of = Some("2021/a \"b\",c.docx".into());
    reports.push(odd);
    // Texts a spreadsheet would run (OWASP's CSV-injection starts), numbers that are not.
    let mut formulas = reports[0].clone();
    formulas.source.path = "=HYPERLINK(\"http://x\",\"y\").docx".into();
    formulas.report.agency = Some("+cmd|' /C calc'!A0".into());
    formulas.report.published = Some("@SUM(1)".into());
    formulas.cells[0].raw = Some("-".into());
    formulas.cells[1].raw = Some("\t=1+1".into());
    formulas.cells[2].raw = Some("\r0".into());
    formulas.anomalies[0].message = "-2+3".into();
    formulas.anomalies[0].raw = Some("=A1".into());
    reports.push(formulas);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let inputs = nianbao::batch::collect_inputs(&[corpus]).unwrap();
    assert!(inputs.len() >= 6, "{inputs:?}");
    let mut blank_as_zero = nianbao::extract::Options::default();
    blank_as_zero.check.blank_as_zero = true;
    for (i, input) in inputs.iter().enumerate() {
        let bytes = fs::read(&input.path).unwrap();
        for opts in [&nianbao::extract::Options::default(), &blank_as_zero] {
            reports.push(nianbao::extract::extract_bytes(
                &input.rel,
                bytes.clone(),
                opts,
            ));
        }
        let mut cut = bytes.clone();
        cut.truncate(bytes.len() * (i + 1) / (inputs.len() + 2));
        reports.push(nianbao::extract::extract_bytes(
            &input.rel,
            cut,
            opts_default(),
        ));
    }
    for i in 0..8 {
        let bytes = testdocs::corpus::varied(i);
        reports.push(nianbao::extract::extract_bytes(
            &format!("v/{i}.docx"),
            bytes,
            opts_default(),
        ));
    }
    for bad in [&b""[..], b"not a zip", b"PK\x03\x04 truncated"] {
        reports.push(nianbao::extract::extract_bytes(
            "bad,\"1\".docx",
            bad.to_vec(),
            opts_default(),
        ));
    }
    assert!(
        reports
            .iter()
            .any(|r| !r.anomalies.is_empty() && r.status == nianbao::report::Status::Ok)
    );
    for r in &reports {
        let path = &r.source.path;
        let want = reference::batch_rows(r);
        let got = nianbao::write::batch_rows(r);
        assert_eq!(
            String::from_utf8(nianbao::write::report_json(r)).unwrap(),
            String::from_utf8(reference::report_json(r)).unwrap(),
            "{path}"
        );
        for (name, got, want) in [
            ("reports", got.reports, want[0].clone()),
            ("cells", got.cells, want[1].clone()),
            ("wide", got.wide, want[2].clone()),
            ("anomalies", got.anomalies, want[3].clone()),
        ] {
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap(),
                "{path}: {name}.csv"
            );
        }
        if let Some(values) = reference::digest(r) {
            let d = nianbao::batch::ReportDigest::of(r);
            assert_eq!(d.path.as_ref(), path.as_str());
            let got: Vec<Option<serde_json::Number>> = nianbao::batch::DIGEST_CELLS
                .iter()
                .map(|k| d.value(k))
                .collect();
            assert_eq!(got, values, "{path}: digest");
        }
    }
}

/// `batch_anomalies.csv` rows and a CSV header against the csv crate.
#[test]
fn batch_anomaly_rows_match_the_csv_reference() {
    use nianbao::report::{AnomalyCode, Severity};
    let b = nianbao::crossyear::BatchAnomaly {
        code: AnomalyCode::CarryOverMismatch,
        severity: Severity::Warning,
        agency: "静乐县, \"康家会\"镇".into(),
        agency_key: "康家会镇".into(),
        table: "applications".into(),
        row: "carried_over".into(),
        col: "total".into(),
        prev_year: -1,
        prev_source: "a\r\nb.docx".into(),
        year: 2022,
        source: "2022.docx".into(),
        expected: "3.50".parse().unwrap(),
        actual: "-4".parse().unwrap(),
        message: "2021 结转 3.50, 2022 上年结转 -4".into(),
    };
    let mut got = Vec::new();
    nianbao::write::batch_anomaly_row(&mut got, &b);
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record([
        b.source.clone(),
        b.year.to_string(),
        b.prev_source.clone(),
        b.prev_year.to_string(),
        b.agency.clone(),
        b.agency_key.clone(),
        b.code.as_str().to_owned(),
        b.severity.as_str().to_owned(),
        b.table.clone(),
        b.row.clone(),
        b.col.clone(),
        b.expected.to_string(),
        b.actual.to_string(),
        b.message.clone(),
    ])
    .unwrap();
    assert_eq!(
        String::from_utf8(got).unwrap(),
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    );

    let dir = scratch("header");
    let path = dir.join("h.csv");
    let file = nianbao::write::CsvFile::create(&path, nianbao::write::ANOMALIES_COLUMNS).unwrap();
    file.commit().unwrap();
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(nianbao::write::ANOMALIES_COLUMNS).unwrap();
    assert_eq!(fs::read(&path).unwrap(), w.into_inner().unwrap());
}

fn opts_default() -> &'static nianbao::extract::Options {
    static OPTS: std::sync::OnceLock<nianbao::extract::Options> = std::sync::OnceLock::new();
    OPTS.get_or_init(Default::default)
}

const OK_JSON: &[&str] = &[
    "{",
    "  \"source\": {",
    "    \"path\": \"2021/静乐 \\\"县\\\",a.docx\",",
    "    \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\",",
    "    \"bytes\": 12345,",
    "    \"format\": \"doc\",",
    "    \"converted\": {",
    "      \"from\": \"doc\",",
    "      \"with\": \"LibreOffice 7.4.7.2\"",
    "    }",
    "  },",
    "  \"status\": \"ok\",",
    "  \"error\": null,",
    "  \"template\": \"2021\",",
    "  \"report\": {",
    "    \"agency\": \"静乐县康家会镇人民政府\",",
    "    \"year\": 2021,",
    "    \"published\": \"2022-01-25\"",
    "  },",
    "  \"tables\": {",
    "    \"active_disclosure\": {",
    "      \"rules\": {\"issued\": 2, \"repealed\": 0, \"in_force\": 4.50},",
    "      \"fees\": {\"amount\": 73802895.90}",
    "    },",
    "    \"applications\": {",
    "      \"received\": {\"natural_person\": 1, \"commercial\": null, \"total\": -3},",
    "      \"carried_over\": {\"total\": 12, \"natural_person\": null}",
    "    }",
    "  },",
    "  \"cells\": [",
    "    {\"table\": \"active_disclosure\", \"row\": \"rules\", \"col\": \"issued\", \"value\": 2, \"raw\": \"2\", \"location\": {\"table\": 1, \"row\": 1, \"cell\": 1}},",
    "    {\"table\": \"active_disclosure\", \"row\": \"rules\", \"col\": \"repealed\", \"value\": 0, \"raw\": \"0\", \"location\": {\"table\": 1, \"row\": 1, \"cell\": 1}},",
    "    {\"table\": \"active_disclosure\", \"row\": \"rules\", \"col\": \"in_force\", \"value\": 4.50, \"raw\": \"4.50\", \"location\": {\"table\": 1, \"row\": 1, \"cell\": 1}},",
    "    {\"table\": \"active_disclosure\", \"row\": \"fees\", \"col\": \"amount\", \"value\": 73802895.90, \"raw\": \"73802895.90\", \"location\": {\"table\": 1, \"row\": 1, \"cell\": 1}},",
    "    {\"table\": \"applications\", \"row\": \"received\", \"col\": \"natural_person\", \"value\": 1, \"raw\": \"\u{a0}1 \", \"location\": {\"table\": 2, \"row\": 3, \"cell\": 1}},",
    "    {\"table\": \"applications\", \"row\": \"received\", \"col\": \"commercial\", \"value\": null, \"raw\": \"a,\\\"b\\\"\\r\\nc\\td\\u0001\\\\e\u{2028}😀\", \"location\": {\"table\": 2, \"row\": 3, \"cell\": 2}},",
    "    {\"table\": \"applications\", \"row\": \"received\", \"col\": \"total\", \"value\": -3, \"raw\": null, \"location\": null},",
    "    {\"table\": \"applications\", \"row\": \"carried_over\", \"col\": \"total\", \"value\": 12, \"raw\": \"\", \"location\": {\"table\": 10, \"row\": 0, \"cell\": 11}},",
    "    {\"table\": \"applications\", \"row\": \"carried_over\", \"col\": \"natural_person\", \"value\": null, \"raw\": null, \"location\": null}",
    "  ],",
    "  \"anomalies\": [",
    "    {\"code\": \"sum_mismatch\", \"severity\": \"error\", \"table\": \"applications\", \"rule\": \"row_total\", \"row\": \"received\", \"col\": \"total\", \"expected\": 73802895.90, \"actual\": -3, \"raw\": \"\\\"—\\\"\", \"message\": \"总计 ≠ 各项之和, \\\"line\\\"\\nnext\", \"location\": {\"table\": 2, \"row\": 3, \"cell\": 8, \"line\": 7}},",
    "    {\"code\": \"missing_table\", \"severity\": \"warning\", \"table\": \"review_litigation\", \"message\": \"no table\"},",
    "    {\"code\": \"unrecognized_row\", \"severity\": \"info\", \"message\": \"\"},",
    "    {\"code\": \"narrative_mismatch\", \"severity\": \"warning\", \"table\": \"applications\", \"row\": \"received\", \"col\": \"total\", \"expected\": 15, \"actual\": -3, \"raw\": \"共收到申请15件，\\\"其中\\\"…\", \"message\": \"正文\", \"location\": {\"paragraph\": 4}}",
    "  ],",
    "  \"notes\": [",
    "    {\"code\": \"blanks_consistent_as_zero\", \"severity\": \"info\", \"message\": \"blanks read as 0\"}",
    "  ]",
    "}",
];

const OK_REPORTS: &[&str] = &[
    "\"2021/静乐 \"\"县\"\",a.docx\",9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08,12345,ok,,,,,2021,静乐县康家会镇人民政府,2021,2022-01-25,9,2,1,2,1,blanks_consistent_as_zero,doc,",
];

const OK_CELLS: &[&str] = &[
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,active_disclosure,rules,issued,2,2,1,1,1,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,active_disclosure,rules,repealed,0,0,1,1,1,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,active_disclosure,rules,in_force,4.50,4.50,1,1,1,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,active_disclosure,fees,amount,73802895.90,73802895.90,1,1,1,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,applications,received,natural_person,1,\u{a0}1 ,2,3,1,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,applications,received,commercial,,\"a,\"\"b\"\"\r",
    "c\td\u{1}\\e\u{2028}😀\",2,3,2,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,applications,received,total,-3,,,,,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,applications,carried_over,total,12,,10,0,11,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,applications,carried_over,natural_person,,,,,,",
];

const OK_ANOMALIES: &[&str] = &[
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,sum_mismatch,error,applications,row_total,received,total,73802895.90,-3,\"\"\"—\"\"\",\"总计 ≠ 各项之和, \"\"line\"\"",
    "next\",2,3,8,7,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,missing_table,warning,review_litigation,,,,,,,no table,,,,,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,unrecognized_row,info,,,,,,,,,,,,,",
    "\"2021/静乐 \"\"县\"\",a.docx\",静乐县康家会镇人民政府,2021,2021,narrative_mismatch,warning,applications,,received,total,15,-3,\"共收到申请15件，\"\"其中\"\"…\",正文,,,,,4",
];

const FAILED_JSON: &[&str] = &[
    "{",
    "  \"source\": {",
    "    \"path\": \"bad.docx\",",
    "    \"sha256\": \"\",",
    "    \"bytes\": 0,",
    "    \"format\": null",
    "  },",
    "  \"status\": \"error\",",
    "  \"error\": {",
    "    \"code\": \"malformed_xml\",",
    "    \"message\": \"expected `</w:tbl>`, found \\\"EOF\\\"\\tat end\",",
    "    \"part\": \"word/document.xml\",",
    "    \"offset\": 18446744073709551615",
    "  },",
    "  \"template\": null,",
    "  \"report\": {",
    "    \"agency\": null,",
    "    \"year\": null,",
    "    \"published\": null",
    "  },",
    "  \"tables\": {},",
    "  \"cells\": [],",
    "  \"anomalies\": [],",
    "  \"notes\": []",
    "}",
];

const FAILED_REPORTS: &[&str] = &[
    "bad.docx,,0,error,malformed_xml,\"expected `</w:tbl>`, found \"\"EOF\"\"\tat end\",word/document.xml,18446744073709551615,,,,,0,0,0,0,0,,,",
];
