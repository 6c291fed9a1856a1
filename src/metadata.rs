//! metadata: who published a report, for which year, and when (SPEC §5 `report`).
//!
//! Where each field comes from, first hit wins:
//!
//! * **year**: the title (a body paragraph, a text-box paragraph, a cell of a small
//!   title or layout table, in document order among the first lines), then
//!   docProps/core.xml `dc:title`, then the 统计期限 / 统计时限 / 统计时间 sentence
//!   (`统计期限自2021年1月1日起至2021年12月31日止`, the ends joined by 至, 到 or a dash). Years may be written in
//!   full-width digits or Chinese numerals (`二〇二一年`).
//! * **published**: the last date line of the document (a line that is a date, or an
//!   agency name followed by a date), in any of its forms — `2022年1月20日`, full-width
//!   digits, `二〇二二年一月二十日`, `2022-01-20`, `2022.1.20`, `2022/1/20` — as
//!   `YYYY-MM-DD`; a pasted page header's date may be followed by its other fields
//!   (`点击数:`, `浏览次数:`, `【打印】`). A sentence ending with the second end of a
//!   period (`…从2021年1月1日至2021年12月31日。`) is not a date line.
//! * **agency**, in its full form:
//!   1. the title's agency `T` (the text before the year, or between the year and
//!      政府信息公开…, or before 政府信息公开… when the year ends the title
//!      `（2021年度）`; a title broken over two lines takes the line before, a title
//!      broken mid-phrase or with its year on a line of its own is read joined; `…人民`
//!      left by `人民政府信息公开` is `…人民政府`) and the
//!      closing signature `S` (the agency-looking line just before the date line, or the
//!      text before the date on the same line);
//!   2. the base name: whichever of `T`, `S` contains the other (the longer one); when
//!      `T` ends with the core of `S` (`S` without 人民政府/政府), `T` + the rest of `S`
//!      (`静乐县康家会镇` + `康家会镇人民政府` → `静乐县康家会镇人民政府`); when they
//!      are unrelated, `T`; when one is absent, the other; then core.xml's title;
//!      a title without a year (`云河县林业局信息公开工作年度报告`) still gives `T`;
//!      when `T` came from core.xml rather than the text, `S` is preferred to it
//!      (`combine(S, T)`: a file started from another body's report keeps its title);
//!      when the text gives neither, the opening sentence's `本报告由<agency>根据…`
//!      (its name only, never `由我局`), then core.xml;
//!   3. qualified: if the text names the core preceded by administrative divisions
//!      (`，静乐县康家会镇认真贯彻…`: …省/市/州/盟/县/区/旗 right after a non-Han
//!      character), those divisions are put in front — the longest such form found.
//!
//! The title is looked for among the first 60 lines with text: the lines of small
//! tables are read at any depth of nesting, and each level of a layout table adds an
//! empty line.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Block, Document, Table};
use crate::report::Metadata;
use crate::text::is_blank_char;

mod agency;
use agency::{combine, compiled_by, core, looks_like_agency, qualify, trim_agency};

/// The report's agency, year and publication date, from its text and (when the text
/// lacks the title's agency or year) the core properties part's `dc:title`.
pub fn metadata(doc: &Document, core_props: Option<&[u8]>) -> Metadata {
    let given = || Ok::<_, std::convert::Infallible>(core_props.map(<[u8]>::to_vec));
    match metadata_with(doc, given) {
        Ok(m) => m,
        Err(never) => match never {},
    }
}

/// As [`metadata`], with the core properties part read by `core_props` only when the
/// text does not give the title's agency and year (most reports do: the part then
/// stays unread); its error is returned as is.
pub fn metadata_with<E>(
    doc: &Document,
    core_props: impl FnOnce() -> Result<Option<Vec<u8>>, E>,
) -> Result<Metadata, E> {
    let lines = lines(doc);
    // the first lines with text: a layout table's levels each add an empty line
    let first = |n: usize| {
        lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_empty())
            .take(n)
    };
    let title = first(60).find_map(|(i, l)| title_at(&lines, i, l));

    let mut title_agency = title.as_ref().and_then(|(i, t)| {
        t.agency.clone().or_else(|| {
            // the agency on the line before a title broken in two
            lines[..*i]
                .iter()
                .rev()
                .find(|l| !l.is_empty())
                .filter(|l| looks_like_agency(l))
                .cloned()
        })
    });
    let core_parsed = if title.is_none() || title_agency.is_none() {
        let core_title = core_props()?
            .as_deref()
            .and_then(core_title)
            .map(|t| clean(&t));
        core_title.as_deref().and_then(parse_title)
    } else {
        None
    };
    // the title's agency from the properties part only: the signature is preferred
    // to it (a report started from another body's file keeps that body's dc:title)
    let core_agency = core_parsed.as_ref().and_then(|t| t.agency.clone());
    let from_core = title_agency.is_none() && core_agency.is_some();
    if title_agency.is_none() {
        title_agency = core_agency;
    }
    if title_agency.is_none() && title.is_none() {
        // 会同县林业局 2020: `…局信息公开工作年度报告`, a title without a year
        title_agency = first(60).find_map(|(_, l)| yearless_title_agency(l));
    }
    let year = title
        .as_ref()
        .map(|(_, t)| t.year)
        .or(core_parsed.as_ref().map(|t| t.year))
        .or_else(|| lines.iter().find_map(|l| period_year(l)));

    let date_line = lines
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, l)| date_line(l).map(|d| (i, d)));
    let published = date_line.as_ref().map(|(_, (d, _))| d.clone());
    let signature = date_line.as_ref().and_then(|(i, (_, before))| {
        if looks_like_agency(before) {
            return Some(before.clone());
        }
        lines[..*i]
            .iter()
            .rev()
            .filter(|l| !l.is_empty())
            .take(2)
            .find(|l| looks_like_agency(l))
            .cloned()
    });

    // Neither a title's agency nor a signature in the text (the district reports end
    // with their last section, unsigned): the body the opening sentence names,
    // `本报告由云河市清源区林业局根据…编制` without the sentence around it — the text
    // before the properties part.
    let sentence = || first(80).find_map(|(_, l)| compiled_by(l));
    let base = match (title_agency, signature) {
        (Some(t), Some(s)) if from_core => Some(combine(&s, &t)),
        (Some(t), Some(s)) => Some(combine(&t, &s)),
        (Some(t), None) if from_core => sentence().or(Some(t)),
        (t, s) => t.or(s).or_else(sentence),
    };
    let agency = base.map(|b| qualify(&b, &lines));
    Ok(Metadata {
        agency,
        year,
        published,
    })
}

/// Every line of text in document order: body paragraphs (text boxes included) and the
/// cells of small tables (a title table, a pasted page's header table, a one-cell layout
/// table and what it nests).
/// The report tables themselves (many rows of figures) are left out.
fn lines(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    // each table read once, whichever block or cell names it
    let mut seen = vec![false; doc.tables.len()];
    for b in &doc.blocks {
        match b {
            Block::Paragraph(p) => out.extend(p.split('\n').map(clean)),
            Block::Table(i) => {
                if let Some(t) = doc.tables.get(*i) {
                    table_lines(doc, t, &mut out, &mut seen);
                }
            }
        }
    }
    out
}

/// The lines of a small table and of every table nested in it, at any depth (issue 15:
/// a report inside ten nested layout tables lost its title), in document order: a
/// cell's own text, then the tables it holds, then the next cell.
///
/// An explicit stack rather than recursion, and each table visited once: the work is
/// linear in the cells whatever the depth (the reader already refuses XML nested
/// deeper than [`crate::read::MAX_DEPTH`] elements, so depth is bounded before here).
fn table_lines(doc: &Document, t: &Table, out: &mut Vec<String>, seen: &mut [bool]) {
    enum Item<'d> {
        Text(&'d str),
        Table(&'d Table),
    }
    let mut stack = vec![Item::Table(t)];
    while let Some(item) = stack.pop() {
        let t = match item {
            Item::Text(s) => {
                out.extend(s.split('\n').map(clean));
                continue;
            }
            Item::Table(t) => t,
        };
        // a pasted page's header table (索引号 / 发布机构 / 名称 / 发文日期 …, 木岗镇
        // 2019, 六枝特区) holds the title; tables of figures are longer
        if t.rows.len() > 8 || seen.get(t.index).copied().unwrap_or(false) {
            continue;
        }
        if let Some(s) = seen.get_mut(t.index) {
            *s = true;
        }
        // pushed in reverse, so that they pop in document order
        for c in t.rows.iter().rev().flat_map(|r| r.cells.iter().rev()) {
            for n in c.nested.iter().rev() {
                if let Some(nt) = doc.tables.get(*n) {
                    stack.push(Item::Table(nt));
                }
            }
            stack.push(Item::Text(&c.text));
        }
    }
}

/// Whitespace removed, full-width digits and letters folded to ASCII.
fn clean(s: &str) -> String {
    // Never longer than `s` (blanks dropped, full-width forms narrowed): one
    // allocation, where collecting grew each of a document's lines from empty.
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().filter(|c| !is_blank_char(*c)).map(|c| match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '\u{FF0E}' => '.',
        '\u{FF0D}' => '-',
        '\u{FF0F}' => '/',
        _ => c,
    }));
    out
}

/// Chinese-numeral digits of a year (`二〇二二`) or a small number (`二十`).
fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' | 'О' | 'O' | '0' => 0,
        '一' | '1' => 1,
        '二' | '2' => 2,
        '三' | '3' => 3,
        '四' | '4' => 4,
        '五' | '5' => 5,
        '六' | '6' => 6,
        '七' | '7' => 7,
        '八' | '8' => 8,
        '九' | '9' => 9,
        _ => return None,
    })
}

/// `二〇二二` → 2022 (digit by digit); `二十` / `十二` / `三十一` → 20 / 12 / 31.
fn cn_number(s: &str, positional: bool) -> Option<u32> {
    if positional || !s.contains('十') {
        return s
            .chars()
            .try_fold(0u32, |acc, c| Some(acc * 10 + cn_digit(c)?));
    }
    let (tens, ones) = s.split_once('十')?;
    let tens = if tens.is_empty() {
        1
    } else {
        cn_number(tens, true)?
    };
    let ones = if ones.is_empty() {
        0
    } else {
        cn_number(ones, true)?
    };
    Some(tens * 10 + ones)
}

static CN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([〇零○ОO一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?")
        .expect("regex")
});

/// Chinese-numeral dates rewritten in digits.
fn digits_dates(s: &str) -> String {
    CN_DATE
        .replace_all(s, |c: &regex::Captures| {
            let y = cn_number(&c[1], true);
            let m = cn_number(&c[2], false);
            let d = c.get(3).map(|d| cn_number(d.as_str(), false));
            match (y, m, d) {
                (Some(y), Some(m), Some(Some(d))) => format!("{y}年{m}月{d}日"),
                (Some(y), Some(m), None) => format!("{y}年{m}月"),
                _ => c[0].to_owned(),
            }
        })
        .into_owned()
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    // a time may follow the date (`发布时间：2022-01-20 10:00`, pasted web pages), and
    // then the page header's next fields (`点击数:`, `浏览次数:`, `【打印】`)
    Regex::new(r"^(.{0,40}?)[（(]?((?:19|20)\d{2})(?:年(\d{1,2})月(\d{1,2})日?|[-./](\d{1,2})[-./](\d{1,2}))(?:\d{1,2}:\d{2}(?::\d{2})?)?[)）]?[。.]?(?:(?:作者|来源|信息来源|点击|浏览|被阅览|阅览|阅读|访问|字号|字体|【|\[).*)?$")
        .expect("regex")
});

/// The end of a period (`…从2021年1月1日至`): what comes before a date that is a
/// range's second end.
static RANGE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?:19|20)\d{2}年\d{1,2}月|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d)|(?:至|到|—|-|～|~)$",
    )
    .expect("regex")
});

/// A date line: `(text before, YYYY-MM-DD)`.
fn date_line(line: &str) -> Option<(String, String)> {
    let line = digits_dates(line);
    let c = DATE.captures(&line)?;
    let before = c[1].to_owned();
    // 泉州市统计局 2021: `本报告所列数据的期限从2021年1月1日至2021年12月31日。`
    // ends with a date but is the statistics period, not a date line
    if before.contains(['。', '，', '；', ',', ';']) || RANGE_START.is_match(&before) {
        return None;
    }
    let y: u32 = c[2].parse().ok()?;
    let m: u32 = c.get(3).or(c.get(5))?.as_str().parse().ok()?;
    let d: u32 = c.get(4).or(c.get(6))?.as_str().parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((format!("{y:04}-{m:02}-{d:02}"), before))
}

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    // 统计期限 / 统计时限 / 统计时间 / 统计期; the two ends joined by 至, 到 or a dash
    // (木场乡 2023, 镇康县: `2023年1月1日——2023年12月31日`)
    Regex::new(r"统计(?:期限|时限|时间|期|区间|时段).{0,8}?((?:19|20)\d{2})年|((?:19|20)\d{2})年1月1日(?:起)?(?:至|到|—+|-+|～|~)(?:(?:19|20)\d{2}年)?12月31日")
        .expect("regex")
});

/// The year of a 统计期限 sentence.
fn period_year(line: &str) -> Option<i32> {
    let line = digits_dates(line);
    let c = PERIOD.captures(&line)?;
    c.get(1).or(c.get(2))?.as_str().parse().ok()
}

struct Title {
    year: i32,
    agency: Option<String>,
}

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)((?:19|20)\d{2})年度?(.*?)(?:政府信息公开|政务公开|信息公开).*(?:年度报告|年报|工作报告|报告)").expect("regex")
});

static TITLE_YEAR_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)(?:政府信息公开|政务公开|信息公开).*?(?:年度报告|年报|工作报告)[（(]?((?:19|20)\d{2})年?度?[)）]?$")
        .expect("regex")
});

static TITLE_YEAR_INSIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)(?:政府信息公开|政务公开|信息公开).{0,6}?((?:19|20)\d{2})年度?(?:工作)?(?:报告|年报)$")
        .expect("regex")
});

static CN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([〇零○ОO一二三四五六七八九]{4})年").expect("regex"));

/// A report title: its year and the agency written with it.
fn parse_title(line: &str) -> Option<Title> {
    if line.chars().count() > 80 || line.contains(['。', '，']) {
        return None;
    }
    let line = CN_YEAR
        .replace_all(line, |c: &regex::Captures| match cn_number(&c[1], true) {
            Some(y) => format!("{y}年"),
            None => c[0].to_owned(),
        })
        .into_owned();
    let (year, pre, mid) = match TITLE.captures(&line) {
        Some(c) => (c[2].parse().ok()?, trim_agency(&c[1]), trim_agency(&c[3])),
        None => {
            // 静乐县教育局政府信息公开工作年度报告（2021年度）; 重庆市大足区人民政府外事
            // 办公室 2022: 政府信息公开工作2022年度报告
            let c = TITLE_YEAR_AFTER
                .captures(&line)
                .or_else(|| TITLE_YEAR_INSIDE.captures(&line))?;
            (c[2].parse().ok()?, trim_agency(&c[1]), String::new())
        }
    };
    let agency = [pre, mid]
        .into_iter()
        .find(|a| a.chars().count() >= 2)
        .map(|a| {
            // `2021年云河县人民政府信息公开工作年度报告`: 政府信息公开 matched inside
            // 人民政府信息公开, leaving `…人民` — the agency is `…人民政府`
            if a.ends_with("人民") {
                a + "政府"
            } else {
                a
            }
        });
    Some(Title { year, agency })
}

/// The title at line `i`: the line alone, or joined with the next non-empty line when
/// the title is broken mid-phrase (`…2021年政府信息公开` / `工作年度报告`, or a line
/// holding only the year `2021年度` / `政府信息公开工作年度报告`; 高平市人民政府办公室
/// 2023 and 宜良工业园区管委会 2022 break their titles over lines).
fn title_at(lines: &[String], i: usize, l: &str) -> Option<(usize, Title)> {
    if let Some(t) = parse_title(l) {
        return Some((i, t));
    }
    // a date or a web header's field (`发布日期：2022年1月20日`) is not half a title
    if !YEAR_ANY.is_match(l) || l.chars().count() > 40 || l.contains(['月', ':', '：']) {
        return None;
    }
    // a breadcrumb (`首页/…/2021年/正文`) is no half title, nor is the line before a
    // whole one
    if l.contains(['/', '>', '＞', '|']) {
        return None;
    }
    let next = lines[i + 1..].iter().take(2).find(|n| !n.is_empty())?;
    if parse_title(next).is_some_and(|t| t.agency.is_some()) {
        return None;
    }
    parse_title(&format!("{l}{next}")).map(|t| (i, t))
}

static YEAR_ANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:19|20)\d{2}|[〇零○ОO一二三四五六七八九]{4})年").expect("regex")
});

static TITLE_NO_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.+?)(?:政府信息公开|政务公开|信息公开).{0,8}(?:年度报告|年报)$").expect("regex")
});

/// The agency of a title that names no year (`云河县林业局信息公开工作年度报告`), when
/// what precedes 信息公开 reads as an organisation.
fn yearless_title_agency(line: &str) -> Option<String> {
    if line.chars().count() > 60 || line.contains(['。', '，']) {
        return None;
    }
    let c = TITLE_NO_YEAR.captures(line)?;
    let a = trim_agency(&c[1]);
    // `政府信息公开工作年度报告` alone is no agency's title (`政府` + `信息公开…`)
    (looks_like_agency(&a) && !core(&a).is_empty()).then_some(a)
}

/// `dc:title` of docProps/core.xml.
fn core_title(xml: &[u8]) -> Option<String> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"<(?:\w+:)?title(?:\s[^>]*)?>([^<]*)</(?:\w+:)?title>").expect("regex")
    });
    let text = String::from_utf8_lossy(xml);
    let raw = RE.captures(&text)?.get(1)?.as_str().to_owned();
    let t = unescape(&raw);
    (!t.trim().is_empty()).then_some(t)
}

fn unescape(s: &str) -> String {
    static ENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);").expect("regex")
    });
    ENT.replace_all(s, |c: &regex::Captures| {
        let e = &c[1];
        let ch = match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            _ => e[1..].parse().ok().and_then(char::from_u32),
        };
        ch.map(String::from).unwrap_or_else(|| c[0].to_owned())
    })
    .into_owned()
}

#[cfg(test)]
mod shape_tests;
#[cfg(test)]
mod tests;
