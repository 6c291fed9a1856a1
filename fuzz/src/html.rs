//! The HTML side of the fuzzer (SPEC §6): web pages and single-file pages (MHT) as seeds,
//! and mutations at the levels where a page reader breaks —
//!
//! - **markup**: tags from an HTML dictionary (tables, spans, Word's `<o:p>` and
//!   conditional comments, raw-text elements `<script>`/`<style>`/`<xmp>`/`<plaintext>`,
//!   foreign content `<svg>`/`<math>`, `<template>`, `display:none`) inserted, spans
//!   deleted, duplicated and moved, as the OOXML markup mutations do;
//! - **tables**: `rowspan`/`colspan` values replaced by edge values (0, -1, 65535, a
//!   20-digit number, `2x`), rows repeated hundreds of times, spans wrapped in hundreds of
//!   nested `<table><tr><td>` or `<div>` (the depth and cell caps of `src/read/html`);
//! - **encoding**: the declared charset swapped (`gb2312`, `utf-16`, `x-user-defined`,
//!   `iso-2022-jp`, a bogus label), byte-order marks put in front, invalid bytes (lone
//!   GBK lead bytes, `0xFF`, a cut UTF-8 sequence) put inside text;
//! - **MHT**: the MIME bytes mutated, or a (mutated) page wrapped again in a multipart
//!   message with varied transfer encodings (quoted-printable with soft breaks, base64,
//!   8bit, a bogus one), part charsets and boundaries.
//!
//! A `.docx` seed's `w:altChunk` part (`afchunk.htm`, `afchunk.mht`) is mutated with the
//! same functions by `mutate_part` in `main.rs`.

use crate::{Kind, Rng, mutate_bytes, mutate_markup};

/// HTML fragments the page reader has opinions about.
#[rustfmt::skip]
pub const DICTIONARY: &[&[u8]] = &[
    b"<table>", b"</table>", b"<tr>", b"</tr>", b"<td>", b"</td>", b"<th>", b"</th>",
    b"<td rowspan=\"0\">", b"<td rowspan=\"3\">", b"<td colspan=\"1000\">", b"<td colspan=0>",
    b"<td rowspan=65535 colspan=65535>", b"<td rowspan=\"-1\">", b"<thead>", b"</thead>",
    b"<tbody>", b"</tbody>", b"<tfoot>", b"<caption>", b"</caption>", b"<colgroup><col span=9>",
    b"<br>", b"<br/>", b"</br>", b"<p>", b"</p>", b"<div>", b"</div>", b"<span>", b"</span>",
    b"<o:p></o:p>", b"<o:p>", b"<![if !supportLists]>", b"<![endif]>", b"<!--[if gte mso 9]>",
    b"<![endif]-->", b"<!--", b"-->", b"<!---->", b"<script>", b"</script>", b"<style>",
    b"</style>", b"<template>", b"</template>", b"<noscript>", b"<xmp>", b"<plaintext>",
    b"<textarea>", b"<title>", b"<iframe>", b"<noembed>", b"<select><option>", b"<svg>",
    b"</svg>", b"<math><mi>", b"<foreignObject>", b"<table><tr><td>", b"</td></tr></table>",
    b"<div style=\"display:none\">", b"<span style='DISPLAY: none !important'>",
    b"<div hidden>", b"<span class=hide>", b"<meta charset=\"gb2312\">",
    b"<meta charset=utf-16>", b"<meta charset=x-user-defined>",
    b"<meta http-equiv=Content-Type content=\"text/html; charset=big5\">",
    b"<?xml version=\"1.0\" encoding=\"gb2312\"?>", b"<!DOCTYPE html>", b"<html>", b"</html>",
    b"<body>", b"</body>", b"<head>", b"<frameset>", b"<base href=x>", b"<![CDATA[12]]>",
    b"&nbsp;", b"&amp;", b"&lt;", b"&#0;", b"&#x110000;", b"&#xD800;", b"&#12345678901;",
    b"&notit;", b"&nbsp", b"&#x3000;", b"\r", b"\r\n", b"\0", b"\xc2\xa0", b"\xe3\x80\x80",
    b"\xef\xbb\xbf", b"\xef\xbc\x91\xef\xbc\x92", b"\xe2\x80\x94", b"\x81", b"\xff",
    b"\xe4\xb8", b"1,234", b"-5", b"0.5", b"99999999999999999999999",
    "规章".as_bytes(), "本年制发件数".as_bytes(), "信息内容".as_bytes(), "（七）总计".as_bytes(),
    "一、本年新收政府信息公开申请数量".as_bytes(), "自然人".as_bytes(), "行政复议".as_bytes(),
    "（六）其他处理".as_bytes(), "2021年".as_bytes(), "2022年1月20日".as_bytes(),
    "政府信息公开工作年度报告".as_bytes(), "发布机构：".as_bytes(), "索引号：".as_bytes(),
];

/// MIME fragments the MHT reader has opinions about.
#[rustfmt::skip]
const MIME: &[&[u8]] = &[
    b"Content-Type: multipart/related; boundary=\"b\"\r\n",
    b"Content-Type: text/html; charset=\"gb2312\"\r\n", b"Content-Type: text/html\r\n",
    b"Content-Type: message/rfc822\r\n", b"Content-Transfer-Encoding: base64\r\n",
    b"Content-Transfer-Encoding: quoted-printable\r\n", b"Content-Location: file:///C:/a.htm\r\n",
    b"MIME-Version: 1.0\r\n", b"\r\n\r\n", b"\r\n--b\r\n", b"\r\n--b--\r\n", b"=\r\n", b"=3D",
    b"=E4=B8", b"=ZZ", b"=", b"==", b"charset=utf-16", b"charset=\"\"", b"boundary=",
    b"\r\n\t", b"\n",
];

/// Charset labels a page or a part may declare.
#[rustfmt::skip]
const CHARSETS: &[&str] = &[
    "utf-8", "gb2312", "GBK", "gb18030", "utf-16", "utf-16le", "big5", "x-user-defined",
    "iso-2022-jp", "windows-1252", "bogus-charset", "",
];

/// Built-in seeds: a page as a CMS writes it (table 二, a table 三 with its merged
/// header, table 四, a decoy table in a script and a hidden block, Word's `<o:p>` and
/// list conditionals), and the same page as an MHT in quoted-printable and base64.
pub fn builtin_seeds() -> Vec<(Kind, Vec<u8>)> {
    let page = builtin_page();
    vec![
        (Kind::Html, page.clone().into_bytes()),
        (
            Kind::Mht,
            mht(
                page.as_bytes(),
                "utf-8",
                Transfer::QuotedPrintable,
                "----=_Part_1",
            ),
        ),
        (Kind::Mht, mht(page.as_bytes(), "", Transfer::Base64, "b")),
    ]
}

fn builtin_page() -> String {
    let cols = super::APPLICANT_COLUMNS;
    let labels = [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "1.属于国家秘密",
        "1.本机关不掌握相关政府信息",
        "（七）总计",
        "四、结转下年度继续办理",
    ];
    let mut t3 = String::from(
        "<table border=1>\n<tr><td colspan=3 rowspan=2>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=7>申请人情况</td></tr>\n<tr>",
    );
    for c in cols {
        t3.push_str(&format!("<td>{c}</td>"));
    }
    t3.push_str("</tr>\n");
    for (k, l) in labels.iter().enumerate() {
        t3.push_str(&format!("<tr><td colspan=3>{l}</td>"));
        for c in 0..cols.len() {
            let text = match c {
                1 => "&nbsp;0".to_owned(),
                2 => "\u{3000}".to_owned(),
                3 => "１２<o:p></o:p>".to_owned(),
                _ => (k * 7 % 5).to_string(),
            };
            t3.push_str(&format!("<td><p class=MsoNormal>{text}</p></td>"));
        }
        t3.push_str("</tr>\n");
    }
    t3.push_str("</table>\n");
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>某某县人民政府2021年政府信息公开工作年度报告</title>\
         <style>.hide {{ display: none }}</style>\
         <script>document.write('<table><tr><td>9</td></tr></table>');</script></head><body>\n\
         <table class=xxgk><tr><td>索引号：</td><td>000/2022-1</td></tr><tr><td>发布机构：</td><td>某某县人民政府办公室</td></tr></table>\n\
         <h1>某某县人民政府2021年政府信息公开工作年度报告</h1>\n\
         <p><![if !supportLists]>一、<![endif]>总体情况</p>\n\
         <table border=1><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>\n\
         <tr><td>规章</td><td>1</td><td>—</td><td>3</td></tr>\n\
         <tr><td>行政规范性文件</td><td>2<br>件</td><td>见附件</td><td><span style='display:none'>9</span>7</td></tr>\n\
         <tr><td>行政事业性收费</td><td colspan=3>1,234.5</td></tr></table>\n\
         <div class=hide><table><tr><td>信息内容</td><td>本年制发件数</td></tr></table></div>\n\
         <p>三、收到和处理政府信息公开申请情况</p>\n{t3}\
         <table border=1><thead><tr><td colspan=5>行政复议</td><td colspan=5>行政诉讼</td></tr></thead>\n\
         <tbody><tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>\n\
         <tr><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td></tr></tbody></table>\n\
         <!-- <table><tr><td>8</td></tr></table> -->\n\
         <p align=right>某某县人民政府办公室</p><p align=right>2022年1月20日</p>\n</body></html>\n"
    )
}

/// Mutate a page in place, 1 to 3 times.
pub fn mutate_html(b: &mut Vec<u8>, rng: &mut Rng) {
    for _ in 0..1 + rng.below(3) {
        // Past 2 MiB no more growth (nesting, repeated rows): kept inputs would otherwise
        // snowball into pages every execution of which is slow, not new.
        let ops = if b.len() > 2 << 20 { 8 } else { 10 };
        match rng.below(ops) {
            0 | 1 => mutate_bytes(b, rng, DICTIONARY),
            2..=4 => mutate_markup(b, rng, DICTIONARY),
            5 => span_attribute(b, rng),
            6 => charset(b, rng),
            7 => invalid_bytes(b, rng),
            8 => nest(b, rng),
            9 => repeat_rows(b, rng),
            _ => invalid_bytes(b, rng),
        }
    }
}

/// A `rowspan`/`colspan` value replaced by an edge value.
fn span_attribute(b: &mut Vec<u8>, rng: &mut Rng) {
    let name: &[u8] = if rng.chance(2) {
        b"rowspan="
    } else {
        b"colspan="
    };
    let hits: Vec<usize> = memchr_all(b, name);
    let Some(&at) = hits.get(rng.below(hits.len().max(1))) else {
        // none: add one to a cell
        let cells = memchr_all(b, b"<td");
        if let Some(&at) = cells.get(rng.below(cells.len().max(1))) {
            let attr = format!(" {}\"{}\"", String::from_utf8_lossy(name), edge(rng));
            b.splice(at + 3..at + 3, attr.into_bytes());
        }
        return;
    };
    let start = at + name.len();
    let end = start
        + b[start..]
            .iter()
            .position(|&c| c == b' ' || c == b'>')
            .unwrap_or(b.len() - start);
    let value = format!("\"{}\"", edge(rng));
    b.splice(start..end, value.into_bytes());
}

fn edge(rng: &mut Rng) -> &'static str {
    const EDGES: &[&str] = &[
        "0",
        "1",
        "2",
        "-1",
        "65534",
        "65535",
        "65536",
        "1000",
        "99999999999999999999",
        "2x",
        "",
        " 3",
        "+2",
        "0x10",
        "1e3",
        "２",
    ];
    EDGES[rng.below(EDGES.len())]
}

/// The declared charset swapped, a `<meta>` or an XML declaration added, or a BOM put
/// in front.
fn charset(b: &mut Vec<u8>, rng: &mut Rng) {
    let label = CHARSETS[rng.below(CHARSETS.len())];
    match rng.below(4) {
        0 => {
            let hits = memchr_all(b, b"charset=");
            if let Some(&at) = hits.get(rng.below(hits.len().max(1))) {
                let start = at + b"charset=".len();
                let end = start
                    + b[start..]
                        .iter()
                        .position(|&c| matches!(c, b'"' | b'\'' | b'>' | b' ' | b';'))
                        .unwrap_or(b.len() - start);
                // keep a quote that opens the value
                let start = if b.get(start) == Some(&b'"') {
                    start + 1
                } else {
                    start
                };
                b.splice(start..end.max(start), label.bytes());
            }
        }
        1 => {
            let meta = format!("<meta charset=\"{label}\">");
            let at = rng.below(b.len().min(2048) + 1);
            b.splice(at..at, meta.into_bytes());
        }
        2 => {
            let decl = format!("<?xml version=\"1.0\" encoding=\"{label}\"?>\n");
            b.splice(0..0, decl.into_bytes());
        }
        _ => {
            const BOMS: &[&[u8]] = &[b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb"];
            let bom = BOMS[rng.below(BOMS.len())];
            b.splice(0..0, bom.iter().copied());
        }
    }
}

/// Bytes invalid in UTF-8 and in GBK put after a `>` (into text).
fn invalid_bytes(b: &mut Vec<u8>, rng: &mut Rng) {
    const BAD: &[&[u8]] = &[
        b"\x81",
        b"\xff",
        b"\xe4\xb8",
        b"\x80\x80",
        b"\x81\x30",
        b"\xfe\xfe\xfe",
    ];
    let gts = memchr_all(b, b">");
    if let Some(&at) = gts.get(rng.below(gts.len().max(1))) {
        let bad = BAD[rng.below(BAD.len())];
        b.splice(at + 1..at + 1, bad.iter().copied());
    }
}

/// A span between two tags wrapped in up to 400 nested elements (tables or blocks).
fn nest(b: &mut Vec<u8>, rng: &mut Rng) {
    let tags = memchr_all(b, b"<");
    if tags.len() < 2 {
        return;
    }
    let i = rng.below(tags.len() - 1);
    let (from, to) = (
        tags[i],
        tags[i + 1 + rng.below((tags.len() - i - 1).min(20))],
    );
    let depth = 1 + rng.below(400);
    let (open, close): (&[u8], &[u8]) = match rng.below(3) {
        0 => (b"<table><tr><td>", b"</td></tr></table>"),
        1 => (b"<div>", b"</div>"),
        _ => (b"<td>", b""),
    };
    let span = b[from..to].to_vec();
    let mut wrapped = open.repeat(depth);
    wrapped.extend_from_slice(&span);
    if rng.chance(3) {
        wrapped.extend_from_slice(&close.repeat(depth));
    }
    b.splice(from..to, wrapped);
}

/// A `<tr>…</tr>` repeated up to 2,000 times (cell caps, rowspans over many rows).
fn repeat_rows(b: &mut Vec<u8>, rng: &mut Rng) {
    let rows = memchr_all(b, b"<tr");
    let Some(&start) = rows.get(rng.below(rows.len().max(1))) else {
        return;
    };
    let Some(len) = b[start..]
        .windows(5)
        .position(|w| w == b"</tr>")
        .map(|p| p + 5)
    else {
        return;
    };
    let row = b[start..start + len].to_vec();
    let n = 1 + rng.below(2000);
    b.splice(start..start, row.repeat(n));
}

/// Mutate an MHT: as MIME bytes, or its page rebuilt (mutated) in a new message.
pub fn mutate_mht(base: &[u8], pages: &[&[u8]], rng: &mut Rng) -> Vec<u8> {
    if rng.chance(2) || pages.is_empty() {
        let mut b = base.to_vec();
        for _ in 0..1 + rng.below(3) {
            if rng.chance(2) {
                mutate_bytes(&mut b, rng, MIME);
            } else {
                mutate_markup(&mut b, rng, DICTIONARY);
            }
        }
        return b;
    }
    let mut page = pages[rng.below(pages.len())].to_vec();
    if rng.chance(4) {
        mutate_html(&mut page, rng);
    }
    let transfer = match rng.below(5) {
        0 | 1 => Transfer::QuotedPrintable,
        2 | 3 => Transfer::Base64,
        _ => Transfer::Other(["8bit", "binary", "7bit", "x-uuencode", ""][rng.below(5)]),
    };
    let boundary = ["b", "----=_NextPart_01DA.5C3B", "", "\"q\"", "--"][rng.below(5)];
    let mut out = mht(
        &page,
        CHARSETS[rng.below(CHARSETS.len())],
        transfer,
        boundary,
    );
    if rng.chance(3) {
        mutate_bytes(&mut out, rng, MIME);
    }
    out
}

/// How an MHT's page part is transfer-encoded.
#[derive(Clone, Copy)]
pub enum Transfer {
    QuotedPrintable,
    Base64,
    /// Written as is under this name.
    Other(&'static str),
}

/// A multipart/related message holding `page` (as Word's single file web page is
/// written), then an image part.
pub fn mht(page: &[u8], charset: &str, transfer: Transfer, boundary: &str) -> Vec<u8> {
    let mut out = format!(
        "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"{boundary}\"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n--{boundary}\r\nContent-Location: file:///C:/a/report.htm\r\n"
    )
    .into_bytes();
    let (name, body) = match transfer {
        Transfer::QuotedPrintable => ("quoted-printable", quoted_printable(page)),
        Transfer::Base64 => ("base64", base64(page)),
        Transfer::Other(name) => (name, page.to_vec()),
    };
    out.extend_from_slice(format!("Content-Transfer-Encoding: {name}\r\n").as_bytes());
    if charset.is_empty() {
        out.extend_from_slice(b"Content-Type: text/html\r\n\r\n");
    } else {
        out.extend_from_slice(
            format!("Content-Type: text/html; charset=\"{charset}\"\r\n\r\n").as_bytes(),
        );
    }
    out.extend_from_slice(&body);
    out.extend_from_slice(
        format!("\r\n\r\n--{boundary}\r\nContent-Location: file:///C:/a/image001.png\r\nContent-Transfer-Encoding: base64\r\nContent-Type: image/png\r\n\r\niVBORw0KGgo=\r\n\r\n--{boundary}--\r\n").as_bytes(),
    );
    out
}

/// RFC 2045 quoted-printable: CRLF kept, other bytes outside printable ASCII and `=`
/// as `=XX`, soft breaks at 76.
fn quoted_printable(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    let mut col = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\r\n") {
            out.extend_from_slice(b"\r\n");
            col = 0;
            i += 2;
            continue;
        }
        let c = bytes[i];
        let enc = if (33..=126).contains(&c) && c != b'=' || c == b' ' {
            vec![c]
        } else {
            format!("={c:02X}").into_bytes()
        };
        if col + enc.len() > 75 {
            out.extend_from_slice(b"=\r\n");
            col = 0;
        }
        col += enc.len();
        out.extend_from_slice(&enc);
        i += 1;
    }
    out
}

/// Base64 in lines of 76.
fn base64(bytes: &[u8]) -> Vec<u8> {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(bytes.len() * 4 / 3 + bytes.len() / 57 * 2 + 4);
    for (k, chunk) in bytes.chunks(3).enumerate() {
        if k > 0 && k % 19 == 0 {
            out.extend_from_slice(b"\r\n");
        }
        let n = chunk.iter().fold(0u32, |n, &c| n << 8 | c as u32) << (8 * (3 - chunk.len()));
        for j in 0..4 {
            if j <= chunk.len() {
                out.push(A[(n >> (18 - 6 * j) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}

/// Every start of `needle` in `hay`.
fn memchr_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return Vec::new();
    }
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| w.eq_ignore_ascii_case(needle))
        .map(|(i, _)| i)
        .collect()
}

/// Whether a package part is a page (an altChunk's HTML or MHT).
pub fn is_page_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".htm", ".html", ".mht", ".mhtml", ".xhtml"]
        .iter()
        .any(|e| lower.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_quoted_printable_are_standard() {
        assert_eq!(base64(b"Man"), b"TWFu");
        assert_eq!(base64(b"Ma"), b"TWE=");
        assert_eq!(base64(b"M"), b"TQ==");
        assert_eq!(quoted_printable("a=é\r\n".as_bytes()), b"a=3D=C3=A9\r\n");
    }
}
