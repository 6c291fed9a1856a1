//! The titles class of the real shapes (issue 11 item 5): titles over two or three
//! paragraphs, in a text box as Word, WPS and VML store it, in a layout table's cell;
//! the agency only in the opening `本报告由…根据…` sentence or only in the signature.
//! [`title_cases`] builds each with the metadata nianbao must find in it;
//! [`titles_corpus`] is `corpus/shape-titles-2021.docx`.

use crate::corpus::clean_2021;
use crate::model::{Block, Cell, Row, Table};
use crate::report::Report;

/// One report of the titles class: a shape of title or closing, the document written
/// with it, and the metadata nianbao must find in it.
pub struct TitleCase {
    /// Short name of the shape, for test messages.
    pub name: &'static str,
    /// The report laid out (figures [`clean_2021`]'s, every 勾稽 rule holding).
    pub report: Report,
    /// The document as written.
    pub bytes: Vec<u8>,
    pub agency: &'static str,
    pub year: i32,
    pub published: Option<&'static str>,
}

/// An opening sentence that names neither the agency nor the year, so that a case's
/// title is the only place they are written.
const NEUTRAL_OPENING: &str = "本报告根据《中华人民共和国政府信息公开条例》和上级有关要求编制。";

/// [`clean_2021`] with the given title paragraphs, opening sentence, the agency as the
/// overview's first sentence names it, and closing lines.
fn titled(title: &[&str], opening: &str, body_agency: &str, closing: &[&str]) -> Report {
    let mut r = clean_2021();
    r.title = title.iter().map(|s| s.to_string()).collect();
    r.intro = vec![
        opening.to_owned(),
        "一、总体情况".to_owned(),
        format!("2021年，{body_agency}认真贯彻落实政府信息公开各项工作要求。"),
    ];
    r.closing = closing.iter().map(|s| s.to_string()).collect();
    r
}

/// How a text box is stored (see [`text_box`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxWriter {
    /// Word 2010 and later: `mc:AlternateContent`, a floating DrawingML shape
    /// (`wp:anchor` … `wps:wsp`/`wps:txbx`) in `mc:Choice`, the same box as VML
    /// (`v:shapetype`, `v:shape`/`v:textbox`) in `mc:Fallback`.
    Word,
    /// WPS Office: the same two branches, the shape with its `wps:style` and the VML
    /// shape with WPS's `v:path`/`v:fill`/`v:stroke`/`v:imagedata`/`o:lock` children.
    Wps,
    /// VML alone (`w:pict`/`v:shape`/`v:textbox`), as Word 2003's format and converters
    /// from .doc write it.
    Vml,
}

/// A title paragraph as a title is typed: centred, 小标宋 二号, the year in a run of
/// its own with its language (WPS and Word split the runs where the script changes).
fn title_para_xml(text: &str) -> String {
    let rpr = r#"<w:rPr><w:rFonts w:hint="eastAsia" w:ascii="方正小标宋简体" w:hAnsi="方正小标宋简体" w:eastAsia="方正小标宋简体" w:cs="方正小标宋简体"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr>"#;
    let mut runs = String::new();
    let mut rest = text;
    // `2021年…`: the digits in a run with w:lang, the rest after it
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        runs.push_str(&format!(
            r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia" w:ascii="方正小标宋简体" w:hAnsi="方正小标宋简体" w:eastAsia="方正小标宋简体" w:cs="方正小标宋简体"/><w:sz w:val="44"/><w:szCs w:val="44"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr><w:t>{digits}</w:t></w:r>"#
        ));
        rest = &rest[digits.len()..];
    }
    runs.push_str(&format!(
        "<w:r>{rpr}<w:t>{}</w:t></w:r>",
        crate::raw::esc(rest)
    ));
    format!(
        r#"<w:p><w:pPr><w:jc w:val="center"/><w:rPr><w:rFonts w:hint="eastAsia" w:ascii="方正小标宋简体" w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr></w:pPr>{runs}</w:p>"#
    )
}

/// A body paragraph holding a floating text box with `lines` as its paragraphs, as
/// `writer` stores it.
pub fn text_box(lines: &[&str], writer: BoxWriter) -> String {
    let inner: String = lines.iter().map(|l| title_para_xml(l)).collect();
    const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
    const WP14: &str = "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing";
    const W10: &str = "urn:schemas-microsoft-com:office:word";
    let shapetype = r#"<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>"#;
    let run = match writer {
        BoxWriter::Word => format!(
            concat!(
                r#"<w:r><w:rPr><w:noProof/></w:rPr><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>"#,
                r#"<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">"#,
                r#"<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>"#,
                r#"<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>"#,
                r#"<wp:extent cx="5274310" cy="1005840"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>"#,
                r#"<wp:docPr id="1" name="文本框 2"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A}"/></wp:cNvGraphicFramePr>"#,
                r#"<a:graphic xmlns:a="{A}"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">"#,
                r#"<wps:wsp><wps:cNvSpPr txBox="1"><a:spLocks noChangeArrowheads="1"/></wps:cNvSpPr>"#,
                r#"<wps:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/><a:ext cx="5274310" cy="1005840"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln w="9525"><a:noFill/><a:miter lim="800000"/><a:headEnd/><a:tailEnd/></a:ln></wps:spPr>"#,
                r#"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"#,
                r#"<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t" anchorCtr="0"><a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>"#,
                r#"<wp14:sizeRelH xmlns:wp14="{WP14}" relativeFrom="margin"><wp14:pctWidth>0</wp14:pctWidth></wp14:sizeRelH>"#,
                r#"<wp14:sizeRelV xmlns:wp14="{WP14}" relativeFrom="margin"><wp14:pctHeight>0</wp14:pctHeight></wp14:sizeRelV>"#,
                r#"</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>{shapetype}"#,
                r##"<v:shape id="文本框 2" o:spid="_x0000_s1026" type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;width:415.3pt;height:79.2pt;z-index:251659264;visibility:visible;mso-wrap-style:square;mso-height-percent:200;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:absolute;mso-position-vertical-relative:text;mso-width-relative:margin;mso-height-relative:margin;v-text-anchor:top" filled="f" stroked="f">"##,
                r#"<v:textbox style="mso-fit-shape-to-text:t"><w:txbxContent>{inner}</w:txbxContent></v:textbox>"#,
                r#"<w10:wrap xmlns:w10="{W10}" type="topAndBottom"/></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#
            ),
            A = A,
            WP14 = WP14,
            W10 = W10,
            inner = inner,
            shapetype = shapetype
        ),
        BoxWriter::Wps => format!(
            concat!(
                r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:sz w:val="32"/></w:rPr><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>"#,
                r#"<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">"#,
                r#"<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>228600</wp:posOffset></wp:positionH>"#,
                r#"<wp:positionV relativeFrom="paragraph"><wp:posOffset>99060</wp:posOffset></wp:positionV>"#,
                r#"<wp:extent cx="4800600" cy="1188720"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>"#,
                r#"<wp:docPr id="1" name="文本框 1"/><wp:cNvGraphicFramePr/>"#,
                r#"<a:graphic xmlns:a="{A}"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">"#,
                r#"<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="1371600" y="1089660"/><a:ext cx="4800600" cy="1188720"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln w="6350"><a:noFill/></a:ln><a:effectLst/></wps:spPr>"#,
                r#"<wps:style><a:lnRef idx="0"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="0"><a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="0"><a:schemeClr val="accent1"/></a:effectRef><a:fontRef idx="minor"><a:schemeClr val="dk1"/></a:fontRef></wps:style>"#,
                r#"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"#,
                r#"<wps:bodyPr rot="0" spcFirstLastPara="0" vertOverflow="overflow" horzOverflow="overflow" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" numCol="1" spcCol="0" rtlCol="0" fromWordArt="0" anchor="t" anchorCtr="0" forceAA="0" compatLnSpc="1"><a:noAutofit/></wps:bodyPr>"#,
                r#"</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"#,
                r##"<v:shape id="_x0000_s1026" o:spid="_x0000_s1026" o:spt="202" type="#_x0000_t202" style="position:absolute;left:0pt;margin-left:18pt;margin-top:7.8pt;height:93.6pt;width:378pt;z-index:251659264;mso-width-relative:page;mso-height-relative:page;" filled="f" stroked="f" coordsize="21600,21600">"##,
                r#"<v:path/><v:fill on="f" focussize="0,0"/><v:stroke on="f" weight="0.5pt"/><v:imagedata o:title=""/><o:lock v:ext="edit" aspectratio="f"/>"#,
                r#"<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#
            ),
            A = A,
            inner = inner
        ),
        BoxWriter::Vml => format!(
            concat!(
                r#"<w:r><w:pict>{shapetype}"#,
                r##"<v:shape id="_x0000_s1026" type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;width:415.3pt;height:79.2pt;z-index:251659264" stroked="f">"##,
                r#"<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"#
            ),
            shapetype = shapetype,
            inner = inner
        ),
    };
    format!("<w:p>{run}</w:p>")
}

/// `r` written by the raw writer with its title paragraphs replaced by one paragraph
/// holding a text box of them, stored as `writer` does.
fn with_title_box(r: &Report, writer: BoxWriter) -> Vec<u8> {
    let mut doc = r.doc();
    let lines: Vec<&str> = r.title.iter().map(String::as_str).collect();
    doc.body
        .splice(0..lines.len(), [Block::Raw(text_box(&lines, writer))]);
    crate::raw::write(&doc, &crate::raw::Package::default())
}

/// `r` with its title paragraphs moved into the right-hand cell of a one-row layout
/// table (the left cell left for the emblem), one paragraph each.
fn with_title_table(r: &Report) -> Vec<u8> {
    let mut doc = r.doc();
    let n = r.title.len();
    let title = Table {
        grid: vec![1800, 7200],
        rows: vec![Row {
            cells: vec![Cell::text(""), Cell::text(&r.title.join("\n"))],
            ..Row::default()
        }],
    };
    doc.body.splice(0..n, [Block::Table(title)]);
    crate::raw::write(&doc, &crate::raw::Package::default())
}

/// The title/agency class (issue 11 item 5): each way real reports write their title
/// and closing, with the agency, year and date nianbao must find. None of these names
/// the agency twice in the same form, so each case tests its own source:
///
/// | case | title | elsewhere |
/// |---|---|---|
/// | `two_paragraphs` | `清源区人民政府` / `2021 年…年度报告` (洪泽区 2023's shape) | opening `本报告由云河市清源区人民政府办公室根据…`, unsigned, no date |
/// | `three_paragraphs` | `云河市清源区教育局` / `2021年政府信息公开` / `工作年度报告` | signed `清源区教育局` |
/// | `year_line` | `云河市清源区卫生健康委员会` / `2021年度` / `政府信息公开工作年度报告` | signed |
/// | `text_box_word`, `text_box_wps`, `text_box_vml` | agency / year line in a text box ([`BoxWriter`]) | neither in the text, a date alone |
/// | `table_cell` | agency / year line in a layout table's cell | neither in the text |
/// | `sentence` | `2021年政府信息公开工作年度报告` | `本报告由云河市清源区林业局根据…`, a date alone |
/// | `signature` | `2021年政府信息公开工作年度报告` | signed `云河市清源区科学技术局`; opening names its 办公室; core.xml's dc:title another body's |
/// | `signature_one_line` | `2021年政府信息公开工作年度报告` | `云河市清源区城市管理局　　2022年1月27日` on one line |
/// | `corpus` | [`titles_corpus`] | |
pub fn title_cases() -> Vec<TitleCase> {
    let raw = |r: &Report| crate::raw::write(&r.doc(), &crate::raw::Package::default());
    let year_title = "2021年政府信息公开工作年度报告";
    let mut cases = Vec::new();
    let r = titled(
        &["清源区人民政府", "2021 年政府信息公开工作年度报告"],
        "本报告由云河市清源区人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第711号）（以下简称《条例》）要求编制此报告。报告中所列数据统计期限自2021年1月1日起至2021年12月31日止。",
        "清源区人民政府",
        &[],
    );
    cases.push(TitleCase {
        name: "two_paragraphs",
        bytes: raw(&r),
        report: r,
        agency: "云河市清源区人民政府",
        year: 2021,
        published: None,
    });
    let r = titled(
        &["云河市清源区教育局", "2021年政府信息公开", "工作年度报告"],
        NEUTRAL_OPENING,
        "我局",
        &["清源区教育局", "2022年1月18日"],
    );
    cases.push(TitleCase {
        name: "three_paragraphs",
        bytes: raw(&r),
        report: r,
        agency: "云河市清源区教育局",
        year: 2021,
        published: Some("2022-01-18"),
    });
    let r = titled(
        &[
            "云河市清源区卫生健康委员会",
            "2021年度",
            "政府信息公开工作年度报告",
        ],
        NEUTRAL_OPENING,
        "我委",
        &["云河市清源区卫生健康委员会", "2022年1月21日"],
    );
    cases.push(TitleCase {
        name: "year_line",
        bytes: raw(&r),
        report: r,
        agency: "云河市清源区卫生健康委员会",
        year: 2021,
        published: Some("2022-01-21"),
    });
    for (name, agency, writer, date, iso) in [
        (
            "text_box_word",
            "云河市清源区审计局",
            BoxWriter::Word,
            "2022年1月19日",
            "2022-01-19",
        ),
        (
            "text_box_wps",
            "云河市清源区民族宗教事务局",
            BoxWriter::Wps,
            "2022年1月20日",
            "2022-01-20",
        ),
        (
            "text_box_vml",
            "云河市清源区退役军人事务局",
            BoxWriter::Vml,
            "2022年1月24日",
            "2022-01-24",
        ),
    ] {
        let r = titled(&[agency, year_title], NEUTRAL_OPENING, "我局", &[date]);
        cases.push(TitleCase {
            name,
            bytes: with_title_box(&r, writer),
            report: r,
            agency,
            year: 2021,
            published: Some(iso),
        });
    }
    let r = titled(
        &["云河市清源区统计局", year_title],
        NEUTRAL_OPENING,
        "我局",
        &["2022年1月26日"],
    );
    cases.push(TitleCase {
        name: "table_cell",
        bytes: with_title_table(&r),
        report: r,
        agency: "云河市清源区统计局",
        year: 2021,
        published: Some("2022-01-26"),
    });
    let r = titled(
        &[year_title],
        "本报告由云河市清源区林业局根据《中华人民共和国政府信息公开条例》要求编制。",
        "我局",
        &["2022年1月15日"],
    );
    cases.push(TitleCase {
        name: "sentence",
        bytes: raw(&r),
        report: r,
        agency: "云河市清源区林业局",
        year: 2021,
        published: Some("2022-01-15"),
    });
    let r = titled(
        &[year_title],
        "本报告由云河市清源区科学技术局办公室根据《中华人民共和国政府信息公开条例》要求编制。",
        "我局",
        &["云河市清源区科学技术局", "2022年1月12日"],
    );
    let pkg = crate::raw::Package {
        core: Some(crate::raw::core_props(
            "静乐县人民政府办公室2020年政府信息公开工作年度报告",
        )),
        ..crate::raw::Package::default()
    };
    cases.push(TitleCase {
        name: "signature",
        bytes: crate::raw::write(&r.doc(), &pkg),
        report: r,
        agency: "云河市清源区科学技术局",
        year: 2021,
        published: Some("2022-01-12"),
    });
    // the signature and date on one line, spaced apart with U+3000 as typed
    let r = titled(
        &[year_title],
        NEUTRAL_OPENING,
        "我局",
        &["云河市清源区城市管理局\u{3000}\u{3000}2022年1月27日"],
    );
    cases.push(TitleCase {
        name: "signature_one_line",
        bytes: raw(&r),
        report: r,
        agency: "云河市清源区城市管理局",
        year: 2021,
        published: Some("2022-01-27"),
    });
    cases.push(TitleCase {
        name: "corpus",
        bytes: titles_corpus(),
        report: titles_corpus_report(),
        agency: TITLES_CORPUS_AGENCY,
        year: 2021,
        published: Some("2022-01-11"),
    });
    cases
}

/// The agency of `corpus/shape-titles-2021.docx` (its own: no other corpus agency ends
/// with it or is ended by it).
pub const TITLES_CORPUS_AGENCY: &str = "云河市清源区文化和旅游局";

fn titles_corpus_report() -> Report {
    titled(
        &["清源区文化和旅游局", "2021年政府信息公开工作年度报告"],
        "本报告由云河市清源区文化和旅游局根据《中华人民共和国政府信息公开条例》要求编制。报告中所列数据统计期限自2021年1月1日起至2021年12月31日止。",
        "我局",
        &["2022年1月11日"],
    )
}

/// `corpus/shape-titles-2021.docx`: a title over two paragraphs (`清源区文化和旅游局` /
/// `2021年…年度报告`) in a Word text box, the agency qualified by the opening
/// `本报告由云河市清源区文化和旅游局根据…` sentence, unsigned, a date alone at the end.
pub fn titles_corpus() -> Vec<u8> {
    with_title_box(&titles_corpus_report(), BoxWriter::Word)
}
