//! The in-place readers on parts written out in full: where each read in place ends,
//! and every shape that must be left to the tokenizer.

use super::{CellPiece, PropsRead, Scope, plain_cell, plain_run, subtree_end, whole_plain_run};

/// `subtree_end` on the content after `<w:tcPr>` (offset 8).
fn end(xml: &str, wanted: &[&str]) -> Option<usize> {
    subtree_end(xml.as_bytes(), 8, b"w:tcPr", wanted)
}

#[test]
fn subtree_ends_at_its_own_end_tag() {
    let xml = "<w:tcPr><w:tcW w:w=\"1\"/><w:shd a=\">\"></w:shd></w:tcPrX></w:tcPr\t></w:tc>";
    assert_eq!(end(xml, &[]), xml.find("</w:tcPr\t"));
    assert_eq!(end("<w:tcPr></w:tcPr>", &[]), Some(8));
}

#[test]
fn subtree_is_tokenized_when_a_jump_could_be_wrong() {
    for xml in [
        "<w:tcPr><!-- </w:tcPr> --></w:tcPr>",
        "<w:tcPr><![CDATA[</w:tcPr>]]></w:tcPr>",
        "<w:tcPr><?x </w:tcPr>?></w:tcPr>",
        "<w:tcPr><w:tcPr/></w:tcPr>",
        "<w:tcPr><w:tcPrChange><w:tcPr></w:tcPr></w:tcPrChange></w:tcPr>",
        "<w:tcPr><w:tcW/>",
        "<w:tcPr><w:tcW/></w:tcPr",
    ] {
        assert_eq!(end(xml, &[]), None, "{xml}");
    }
    let merged = "<w:tcPr><w:tcW/><x:vMerge/></w:tcPr>";
    assert_eq!(end(merged, &["gridSpan", "vMerge"]), None);
    assert_eq!(end(merged, &["gridSpan"]), merged.find("</w:tcPr>"));
    // Children of the subtree's own prefix: a wanted name only when it is whole.
    let own = "<w:tcPr><w:vMergeX/><w:gridSpa w:val=\"2\"/><w:vMerge\tw:val=\"x\"/></w:tcPr>";
    assert_eq!(end(own, &["gridSpan", "vMerge"]), None);
    let longer = "<w:tcPr><w:vMergeX/><w:gridSpa w:val=\"2\"/><w:vMerg/></w:tcPr>";
    assert_eq!(
        end(longer, &["gridSpan", "vMerge"]),
        longer.find("</w:tcPr>")
    );
    // A subtree of the default namespace: its children's local names still count.
    let default = b"<tcPr><tcW/><x:vMerge/></tcPr>";
    assert_eq!(subtree_end(default, 6, b"tcPr", &["vMerge"]), None);
    assert_eq!(subtree_end(default, 6, b"tcPr", &["tcW"]), None);
    assert_eq!(subtree_end(default, 6, b"tcPr", &["gridSpan"]), Some(23));
}

/// `plain_run` on a part holding one run (its content after `<w:r>`).
fn run(content: &str) -> Option<(String, usize)> {
    let part = format!("<w:r>{content}</w:r>");
    let scope = Scope::for_part(part.as_bytes());
    plain_run(part.as_bytes(), 5, b"w:", &["rStyle", "vanish"], &scope)
        .map(|(t, to)| (t.to_owned(), to))
}

#[test]
fn plain_runs_are_read_in_place() {
    let end = |c: &str| 5 + c.len();
    for (content, text) in [
        ("<w:t>5</w:t>", "5"),
        ("<w:t xml:space=\"preserve\"> 1 2 </w:t>", " 1 2 "),
        ("<w:t a='x>y' b=\"/>\">q</w:t >", "q"),
        (
            "<w:rPr><w:b/><w:sz w:val=\"24\"/></w:rPr><w:t>七</w:t>",
            "七",
        ),
        ("<w:rPr/><w:t></w:t>", ""),
        ("<w:rPr><w:b/></w:rPr ><w:t>1</w:t>", "1"),
    ] {
        assert_eq!(
            run(content),
            Some((text.to_owned(), end(content))),
            "{content}"
        );
    }
    let part = "<r><rPr/><t>9</t></r>";
    let scope = Scope::for_part(part.as_bytes());
    assert_eq!(
        plain_run(part.as_bytes(), 3, b"", &[], &scope),
        Some(("9", part.len() - 4)),
        "the default namespace"
    );
}

#[test]
fn other_runs_are_tokenized() {
    for content in [
        "<w:rPr><w:vanish/></w:rPr><w:t>x</w:t>",
        "<w:rPr><w:rStyle w:val=\"H\"/></w:rPr><w:t>x</w:t>",
        "<w:t>a&amp;b</w:t>",
        "<w:t>a\r\nb</w:t>",
        "<w:t/>",
        "<w:t>1</w:t><w:t>2</w:t>",
        "<w:t>1</w:t><w:tab/>",
        "<w:tab/><w:t>1</w:t>",
        "<w:t>1</w:t> ",
        " <w:t>1</w:t>",
        "<w:t xmlns:w=\"urn:x\">1</w:t>",
        "<w:t>1<!-- c --></w:t>",
        "<w:t>1</w:tx>",
        "<w:tx>1</w:tx>",
        "<w:t>1</w:t></w:rx>",
        "<w:t <w:t>1</w:t>",
        "<w:rPr><!-- --></w:rPr><w:t>1</w:t>",
        "<w:rPr><w:rPrChange><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>x</w:t>",
        "<w:instrText>SUM</w:instrText>",
    ] {
        assert_eq!(run(content), None, "{content}");
    }
    let bad = b"<w:r><w:t>\xff</w:t></w:r>";
    let scope = Scope::for_part(bad);
    assert_eq!(plain_run(bad, 5, b"w:", &[], &scope), None, "not UTF-8");
}

#[test]
fn whole_runs_with_their_tags() {
    let whole = |xml: &str| {
        let scope = Scope::for_part(xml.as_bytes());
        whole_plain_run(xml.as_bytes(), 0, b"w:", &["vanish"], &scope)
            .map(|(t, at)| (t.to_owned(), at))
    };
    let run = "<w:r w:rsidR=\"00A1\"><w:rPr><w:b/></w:rPr><w:t>12</w:t></w:r >";
    assert_eq!(
        whole(&format!("{run}<w:r>")),
        Some(("12".to_owned(), run.len()))
    );
    for xml in [
        "<w:r/><w:t>1</w:t></w:r>",
        "<w:r xmlns:w=\"urn:x\"><w:t>1</w:t></w:r>",
        "<w:r><w:t>1</w:t></w:rx>",
        "<w:r><w:t>1</w:t></w:r",
        "<w:rPr><w:t>1</w:t></w:rPr>",
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>1</w:t></w:r>",
        " <w:r><w:t>1</w:t></w:r>",
    ] {
        assert_eq!(whole(xml), None, "{xml}");
    }
}

#[test]
fn cells_of_plain_paragraphs_are_read_in_place() {
    fn cell(xml: &str) -> Option<(usize, Vec<CellPiece<'_>>)> {
        let read = PropsRead {
            cell: &["gridSpan", "vMerge", "hMerge"],
            para: &["pStyle"],
            run: &["rStyle", "vanish"],
        };
        let scope = Scope::for_part(xml.as_bytes());
        let mut out = Vec::new();
        plain_cell(xml.as_bytes(), 0, b"w:", read, &scope, &mut out).map(|at| (at, out))
    }
    let xml = "<w:tc><w:tcPr><w:tcW w:w=\"1\"/></w:tcPr><w:p w14:paraId=\"1\"><w:pPr><w:jc w:val=\"center\"/></w:pPr>\
               <w:r><w:t>1</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>2</w:t></w:r></w:p><w:p/><w:p></w:p></w:tc>";
    let p2 = xml.find("<w:p/>").expect("second paragraph");
    let p3 = xml.find("<w:p></w:p>").expect("third paragraph");
    assert_eq!(
        cell(&format!("{xml}<w:tc>")),
        Some((
            xml.len(),
            vec![
                CellPiece::Para(xml.find("<w:p ").expect("first paragraph")),
                CellPiece::Run("1"),
                CellPiece::Run("2"),
                CellPiece::ParaEnd,
                CellPiece::Para(p2),
                CellPiece::ParaEnd,
                CellPiece::Para(p3),
                CellPiece::ParaEnd,
            ]
        ))
    );
    for xml in [
        "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p/></w:tc>",
        "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>",
        "<w:tc><w:p><w:pPr><w:pStyle w:val=\"a\"/></w:pPr></w:p></w:tc>",
        "<w:tc><w:tbl/><w:p/></w:tc>",
        "<w:tc></w:tc>",
        "<w:tc/>",
        "<w:tc><w:p/> </w:tc>",
        "<w:tc><w:p><w:r><w:tab/></w:r></w:p></w:tc>",
        "<w:tc><w:p xmlns:v=\"urn:v\"/></w:tc>",
        "<w:tc><w:sdt><w:sdtContent><w:p/></w:sdtContent></w:sdt></w:tc>",
        "<w:tc><w:p/></w:tc",
    ] {
        assert_eq!(cell(xml), None, "{xml}");
    }
}
