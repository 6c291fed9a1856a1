//! corpus tests: the web forms (`corpus/web/`), each read as its .docx twin.

use super::*;
use pretty_assertions::assert_eq;

/// A report as compared across forms: everything but `source` and `location`, raw text
/// as a page shows it.
fn across_forms(rep: &Report) -> Value {
    common::across_forms(serde_json::to_value(rep).unwrap(), true)
}

/// Each web form in `corpus/web/` (a page with site chrome, an MHT, an altChunk .docx)
/// reads as its `.docx` twin: every value and raw text, every anomaly and note, the
/// metadata and the narrative — all but `source` and `location`; and it is read as the
/// form it is (`source.format`), with the figures its twin's description has.
#[test]
fn web_forms_read_as_their_docx_twins() {
    let forms = corpus_web::web_forms();
    let formats: Vec<&str> = forms
        .iter()
        .map(|f| {
            let rep = extract(f.name);
            let twin = extract(f.twin);
            assert_eq!(rep.status, nianbao::report::Status::Ok, "{}", f.name);
            assert_eq!(
                across_forms(&rep),
                across_forms(&twin),
                "{} against {}",
                f.name,
                f.twin
            );
            assert_eq!(values_out(&rep), values_out(&twin), "{}", f.name);
            assert!(
                rep.report.agency.is_some() && rep.report.year.is_some(),
                "{}",
                f.name
            );
            rep.source.format.map_or("none", |f| f.as_str())
        })
        .collect();
    assert_eq!(formats, ["html", "mht", "docx"]);

    // What each form holds, so none is a .docx in disguise.
    let page = checked_in("web/clean-2021.html");
    assert!(std::str::from_utf8(&page).is_err(), "GBK, not UTF-8");
    let (text, _, bad) = encoding_rs::GBK.decode(&page);
    assert!(!bad);
    assert!(text.contains("<meta charset=\"gb2312\">") && text.contains("发布机构"));
    assert!(text.contains("rowspan=\"") && text.contains("display: none"));
    let mht = checked_in("web/unbalanced-2021.mht");
    assert!(mht.starts_with(b"MIME-Version: 1.0\r\n"));
    assert!(String::from_utf8_lossy(&mht).contains("Content-Transfer-Encoding: quoted-printable"));
    let alt = checked_in("web/template-2019-altchunk.docx");
    let main = testdocs::part_text(&alt, "word/document.xml").expect("main part");
    assert!(main.contains("<w:altChunk r:id=\"htmlChunk1\"/>"));
    assert_eq!(
        main.matches("<w:tbl>").count(),
        1,
        "only table 二 outside the chunk"
    );
    let chunk = testdocs::part_text(&alt, "word/afchunk.htm").expect("the chunk");
    assert_eq!(
        chunk.matches("<table").count(),
        2,
        "tables 三 and 四 in the chunk"
    );

    // The twins' own findings come through: unbalanced's five failing rules and two
    // narrative mismatches, template-2019's negative change.
    let mht = extract("web/unbalanced-2021.mht");
    let codes = |r: &Report| {
        let mut v: Vec<&str> = r.anomalies.iter().map(|a| a.code.as_str()).collect();
        v.sort();
        v
    };
    assert_eq!(
        codes(&mht),
        [
            "narrative_mismatch",
            "narrative_mismatch",
            "sum_mismatch",
            "sum_mismatch",
            "sum_mismatch",
            "sum_mismatch",
            "sum_mismatch"
        ]
    );
    let page = extract("web/clean-2021.html");
    assert_eq!(codes(&page), Vec::<&str>::new());
    assert_eq!(
        metadata(&page),
        (
            Some("云河市清源区人民政府办公室"),
            Some(2021),
            Some("2022-01-25")
        )
    );
    // every cell located on the page's line, as SPEC §6 adds for pages
    assert!(
        page.cells
            .iter()
            .all(|c| c.location.is_none_or(|l| l.line.is_some()))
    );
}
