//! The benchmark's realistic mix (issue 16): documents as Word, WPS and LibreOffice save
//! them, web pages and pages saved as .docx, every one distinct, for `make bench`'s
//! end-to-end run against the floor.
//!
//! Two sources, taken in turn by [`document`]:
//!
//! - **files real applications wrote** (`seeds`: the LibreOffice saves under
//!   `tests/data`, the WPS template in `../shared/fixtures`, a web page), each copy
//!   rewritten in its main part or its page by [`vary_xml`] / [`vary_page`]: whole-cell
//!   integers scaled by one factor (sums stay sums), the generator's place names swapped,
//!   one run of text split in two (as editing leaves it), line breaks between rows in
//!   some copies, and a contact line carrying the copy's number — so no two files share
//!   bytes while the markup stays the application's own;
//! - **the generator's reports** ([`crate::corpus`], [`crate::realshapes`]) published by
//!   one of [`PLACES`]' agencies with scaled figures, written as Word-like (docx-rs),
//!   raw, the Word quirks, the converter quirks (Strict, `ns0:`), a web page as Word and
//!   as a hand-written site page, and a .docx whose body is a page in a `w:altChunk`.
//!
//! Deterministic: document `i` is the same bytes every run.

use crate::corpus::{self, clean_2021, with_narrative};
use crate::html::{self, Chunk, Page, Style};
use crate::raw::{self, Package};
use crate::realshapes;
use crate::report::Report;

/// Places the agencies of the mix sit in (the generator's own names are swapped for these).
pub const PLACES: &[&str] = &[
    "静乐县",
    "岢岚县",
    "五寨县",
    "神池县",
    "宁武县",
    "代县",
    "繁峙县",
    "定襄县",
    "原平市",
    "忻府区",
    "保德县",
    "偏关县",
    "河曲县",
    "五台县",
    "清源区",
    "云河市",
    "兴县",
    "临县",
    "岚县",
    "方山县",
    "中阳县",
    "交口县",
    "石楼县",
    "柳林县",
];

const UNITS: &[&str] = &[
    "人民政府办公室",
    "发展和改革局",
    "教育局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "卫生健康局",
    "应急管理局",
    "市场监督管理局",
];

/// Mix document `i`: a file name (its extension says the form) and its bytes. `seeds`
/// are files real applications wrote (.docx or a page, by name); with none, every slot
/// is the generator's.
pub fn document(i: u64, seeds: &[(String, Vec<u8>)]) -> (String, Vec<u8>) {
    let k = 1 + i % 7;
    // Three in ten from the applications' files, seven from the generator.
    let slot = i % 10;
    if slot < 3 && !seeds.is_empty() {
        let (name, bytes) = &seeds[((i / 10) * 3 + slot) as usize % seeds.len()];
        let stem = name.rsplit('/').next().unwrap_or(name);
        let out = if is_page(name) {
            vary_page(&String::from_utf8_lossy(bytes), i, k).into_bytes()
        } else {
            vary_docx(bytes, i, k)
        };
        return (format!("{i:05}-{stem}"), out);
    }
    let r = report(i, k);
    let (kind, ext, bytes) = match slot {
        0..=2 | 9 => ("word", "docx", crate::docxrs::write(&r.doc())),
        3 => ("page-word", "html", page(&r, Style::Word, i)),
        4 => ("page-site", "html", page(&r, Style::Hand, i)),
        5 => {
            let doc = r.doc();
            let n = doc.body.len();
            let chunk = html::alt_chunk_docx(&doc, 1..n, Chunk::Html);
            ("altchunk", "docx", chunk)
        }
        6 => ("quirks-word", "docx", corpus::quirks_word(r)),
        7 => ("quirks-converted", "docx", corpus::quirks_converted(r)),
        _ => ("raw", "docx", raw::write(&r.doc(), &Package::default())),
    };
    (format!("{i:05}-{kind}.{ext}"), bytes)
}

fn is_page(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".html") || n.ends_with(".htm")
}

/// The generator's report for document `i`: one of the corpus and real-shape reports,
/// published by the mix's agency `i` for its year, figures times `k`, a contact line
/// carrying `i`.
fn report(i: u64, k: u64) -> Report {
    let place = PLACES[(i as usize / 7) % PLACES.len()];
    let unit = UNITS[(i as usize / 3) % UNITS.len()];
    let agency = format!("{place}{unit}");
    let mut r = match (i / 10) % 9 {
        0 => clean_2021(),
        1 => corpus::series_2020(),
        2 => corpus::series_2022(),
        3 => corpus::template_2019(),
        4 => realshapes::annotated_figures(),
        5 => realshapes::mixed_forms(),
        6 => realshapes::label_variants(),
        7 => realshapes::split_libreoffice(),
        _ => corpus::fees_decimals_2021(),
    };
    let year = match r.template {
        crate::report::Template::T2019 => 2019 + (i % 2) as i32,
        _ => 2021 + (i % 3) as i32,
    };
    r = r.published_by(
        &agency,
        year,
        &format!("{}年1月{}日", year + 1, 10 + i % 20),
    );
    if i.is_multiple_of(3) {
        r = with_narrative(r);
    }
    for v in r.values.values_mut() {
        if let Ok(n) = v.parse::<u64>() {
            *v = (n * k).to_string();
        }
    }
    r.outro
        .push(format!("联系电话：0{}-{:07}", 350 + i % 50, 1_000_000 + i));
    r
}

fn page(r: &Report, style: Style, i: u64) -> Vec<u8> {
    let p = Page {
        charset: Some("utf-8".into()),
        before: format!(
            "<div class=\"header\"><a href=\"/\">首页</a> &gt; <a href=\"/xxgk/\">政府信息公开</a></div>\n<div class=\"content\" id=\"c{i}\">\n"
        ),
        after: "</div>\n<div class=\"footer\">主办单位：人民政府办公室</div>\n".to_owned(),
        head: format!("<title>年度报告 {i}</title>"),
    };
    html::write(&r.doc(), style, &p).into_bytes()
}

/// A .docx of a real application, its main part rewritten by [`vary_xml`]; every other
/// part as it was (deflated afresh, in the same order).
pub fn vary_docx(docx: &[u8], i: u64, k: u64) -> Vec<u8> {
    use std::io::Read;
    let main = crate::main_part_of(docx).unwrap_or_else(|| "word/document.xml".to_owned());
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(docx)) else {
        return docx.to_vec();
    };
    let mut entries = Vec::new();
    for n in 0..zip.len() {
        let Ok(mut e) = zip.by_index(n) else { continue };
        if e.is_dir() {
            continue;
        }
        let Ok(name) = e.name().map(|n| n.into_owned()) else {
            continue;
        };
        let mut bytes = Vec::new();
        if e.read_to_end(&mut bytes).is_err() {
            continue;
        }
        if name == main {
            bytes = vary_xml(&String::from_utf8_lossy(&bytes), i, k).into_bytes();
        }
        entries.push((name, bytes));
    }
    let refs: Vec<(String, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.clone(), b.as_slice()))
        .collect();
    raw::zip_entries(&refs)
}

/// A WordprocessingML main part varied for copy `i` (see the module doc); the markup
/// around what changes is the writer's own.
pub fn vary_xml(xml: &str, i: u64, k: u64) -> String {
    let mut s = scale_cells(xml, "<w:t", "</w:t>", k);
    s = swap_places(&s, i);
    s = split_run(&s, i);
    if i % 3 == 1 {
        // Line breaks between rows and cells, as a pretty-printing tool leaves them.
        s = s
            .replace("</w:tr>", "</w:tr>\r\n")
            .replace("</w:tc>", "</w:tc>\n");
    }
    let contact = format!(
        "<w:p><w:r><w:t>联系电话：0{}-{:07}</w:t></w:r></w:p>",
        350 + i % 50,
        1_000_000 + i
    );
    if let Some(at) = s.rfind("<w:sectPr") {
        s.insert_str(at, &contact);
    } else if let Some(at) = s.rfind("</w:body>") {
        s.insert_str(at, &contact);
    }
    s
}

/// A real page varied for copy `i`: cell integers scaled, places swapped, a contact line.
pub fn vary_page(page: &str, i: u64, k: u64) -> String {
    let mut s = scale_cells(page, "<td", "</td>", k);
    s = swap_places(&s, i);
    if i % 3 == 1 {
        s = s.replace("</tr>", "</tr>\n");
    }
    let contact = format!("<p>联系电话：0{}-{:07}</p>", 350 + i % 50, 1_000_000 + i);
    match s.rfind("</body>") {
        Some(at) => s.insert_str(at, &contact),
        None => s.push_str(&contact),
    }
    s
}

/// Every element `open…>TEXT close` whose TEXT is an integer (not a year) gets TEXT × k.
fn scale_cells(xml: &str, open: &str, close: &str, k: u64) -> String {
    let mut out = String::with_capacity(xml.len() + 64);
    let mut rest = xml;
    while let Some(at) = rest.find(open) {
        let after = &rest[at + open.len()..];
        // `<w:t` must be the element itself, not `<w:tbl`, `<w:tc`…
        let is_elem = after.starts_with('>') || after.starts_with(' ');
        let Some(gt) = after.find('>') else { break };
        let body_start = at + open.len() + gt + 1;
        out.push_str(&rest[..body_start]);
        rest = &rest[body_start..];
        if !is_elem || after[..gt].ends_with('/') {
            continue;
        }
        let Some(end) = rest.find(close) else {
            continue;
        };
        let text = &rest[..end];
        if let Ok(n) = text.parse::<u64>()
            && (text == "0" || !text.starts_with('0') && !(1900..=2100).contains(&n))
        {
            out.push_str(&(n * k).to_string());
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// The generator's place names (静乐县, 云河市) replaced by the mix's place for `i`.
fn swap_places(s: &str, i: u64) -> String {
    let place = PLACES[(i as usize / 7) % PLACES.len()];
    s.replace("静乐县", place).replace("云河市", place)
}

/// The `n`th run holding CJK text of two characters or more (`n` from `i`), written as
/// two runs with the same properties, the text cut after its first character.
fn split_run(xml: &str, i: u64) -> String {
    let mut candidates = Vec::new();
    let mut from = 0;
    while let Some(at) = xml[from..].find("<w:t") {
        let t = from + at;
        from = t + 4;
        let Some(gt) = xml[t..].find('>') else { break };
        let text_start = t + gt + 1;
        if !(xml[t + 4..].starts_with('>') || xml[t + 4..].starts_with(' ')) {
            continue;
        }
        let Some(end) = xml[text_start..].find("</w:t>") else {
            break;
        };
        let text = &xml[text_start..text_start + end];
        if text.chars().count() < 2 || text.chars().next().is_none_or(|c| c <= '\u{2e80}') {
            continue;
        }
        // The run around it: `<w:r>` or `<w:r …>`, holding this text element alone.
        let Some(r) = [xml[..t].rfind("<w:r>"), xml[..t].rfind("<w:r ")]
            .into_iter()
            .flatten()
            .max()
        else {
            continue;
        };
        let te = text_start + end;
        let prefix = &xml[r..text_start];
        if prefix.matches("<w:t").count() == 1
            && !prefix.contains("</w:r>")
            && !prefix.contains("w:fldChar")
            && xml[te..].starts_with("</w:t></w:r>")
        {
            candidates.push((r, text_start, te, te + "</w:t></w:r>".len()));
        }
    }
    if candidates.is_empty() {
        return xml.to_owned();
    }
    let (r, ts, te, re) = candidates[(i as usize * 7) % candidates.len()];
    let text = &xml[ts..te];
    let cut = text.char_indices().nth(1).map_or(text.len(), |(c, _)| c);
    let (prefix, suffix) = (&xml[r..ts], &xml[te..re]);
    let mut out = String::with_capacity(xml.len() + prefix.len() + suffix.len());
    out.push_str(&xml[..r]);
    out.push_str(prefix);
    out.push_str(&text[..cut]);
    out.push_str(suffix);
    out.push_str(prefix);
    out.push_str(&text[cut..]);
    out.push_str(suffix);
    out.push_str(&xml[re..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_scaled_years_kept() {
        let x = "<w:tc><w:p><w:r><w:t>12</w:t></w:r><w:r><w:t xml:space=\"preserve\">2021</w:t></w:r><w:r><w:t>0</w:t></w:r><w:r><w:t>07</w:t></w:r></w:p></w:tc>";
        let s = scale_cells(x, "<w:t", "</w:t>", 3);
        assert!(s.contains("<w:t>36</w:t>"), "{s}");
        assert!(s.contains(">2021</w:t>"), "{s}");
        assert!(s.contains("<w:t>0</w:t>"), "{s}");
        assert!(s.contains("<w:t>07</w:t>"), "{s}");
        assert!(s.starts_with("<w:tc>"), "{s}");
    }

    #[test]
    fn a_run_split_keeps_its_text_and_properties() {
        let x = "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>总体情况</w:t></w:r></w:p>";
        let s = split_run(x, 0);
        assert_eq!(
            s,
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>总</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>体情况</w:t></w:r></w:p>"
        );
    }

    #[test]
    fn no_two_documents_share_bytes() {
        let seeds = vec![("seed.docx".to_owned(), corpus::quirks_word_2021())];
        let docs: Vec<Vec<u8>> = (0..40).map(|i| document(i, &seeds).1).collect();
        for (a, da) in docs.iter().enumerate() {
            for db in &docs[a + 1..] {
                assert_ne!(da, db, "document {a} repeated");
            }
        }
    }
}
