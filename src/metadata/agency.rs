//! The agency's name: the organisation a line names (its endings), how the title's and
//! the signature's forms combine, the administrative divisions the text puts before
//! it, and the `本报告由…根据…` sentence's subject (see the parent module's doc for the
//! order of the sources).

use std::sync::LazyLock;

use regex::Regex;

static COMPILED_BY: LazyLock<Regex> = LazyLock::new(|| {
    // 本报告由…根据《条例》…编制 (洪泽区 2023, 淮安市 2024), 本年度报告由…编制,
    // 此报告是由…负责编制; the name ends where the sentence's verb or its 根据 begins
    Regex::new(r"(?:本|此|该)(?:年度)?(?:报告|年报)(?:是)?由(.{2,40}?)(?:根据|依据|按照|遵照|依照|对照|负责|编制|编写|撰写|制作|汇总|起草)")
        .expect("static regex")
});

/// The agency of an opening sentence `本报告由<agency>根据…`, when it reads as one.
pub(super) fn compiled_by(line: &str) -> Option<String> {
    let c = COMPILED_BY.captures(line)?;
    let a = trim_agency(&c[1]);
    // `本报告由我局…`, `由本机关…`: the body refers to itself, naming nothing
    (looks_like_agency(&a) && !a.starts_with(['我', '本', '该'])).then_some(a)
}

/// Strips what surrounds an agency name in a title (`关于`, quotes, brackets, `的`).
pub(super) fn trim_agency(s: &str) -> String {
    // `名称：云河镇人民政府` (a header table's field): the name follows the colon
    let s = s.rsplit([':', '：']).next().unwrap_or(s);
    let s = s.trim_matches(|c: char| "《》“”\"'‘’「」【】[]()（）:：、,，.".contains(c));
    let s = s.strip_prefix("关于").unwrap_or(s);
    // 静乐县人民政府办公室关于印发… : the agency is what comes before 关于
    let s = s.split_once("关于").map_or(s, |(before, _)| before);
    let s = s.strip_suffix("的").unwrap_or(s);
    s.trim_matches(|c: char| "《》“”\"'‘’「」【】[]()（）".contains(c))
        .to_owned()
}

/// Endings of an organisation's name. Development and special zones name themselves
/// without an organ's suffix (杭州钱江经济开发区 2022, 西宁经济技术开发区 2022): …区,
/// and a place's own report is signed with the place (…县, …市, …旗).
const ORG_SUFFIXES: [&str; 36] = [
    "区",
    "县",
    "市",
    "旗",
    "州",
    "政府",
    "办公室",
    "办公厅",
    "委员会",
    "局",
    "厅",
    "委",
    "办",
    "中心",
    "院",
    "所",
    "部",
    "处",
    "署",
    "镇",
    "乡",
    "街道办事处",
    "街道",
    "管委会",
    "公司",
    "站",
    "队",
    "会",
    "馆",
    "台",
    "社",
    "室",
    "司",
    "集团",
    "监狱",
    "学校",
];

/// A short line naming an organisation, not a sentence.
pub(super) fn looks_like_agency(l: &str) -> bool {
    let n = l.chars().count();
    (2..=40).contains(&n)
        // a pasted page's breadcrumb (`首页 > 信息公开 > 云河区`) names no agency
        && !l.contains(['。', '，', '；', '：', ',', ';', ':', '！', '？', '>', '＞', '|'])
        && !l.chars().any(|c| c.is_ascii_digit())
        && ORG_SUFFIXES.iter().any(|s| l.ends_with(s))
}

/// The agency without a generic 人民政府 / 政府 ending.
pub(super) fn core(s: &str) -> &str {
    s.strip_suffix("人民政府")
        .or_else(|| s.strip_suffix("政府"))
        .unwrap_or(s)
}

/// The base name from the title's agency `t` and the signature `s` (see module doc).
pub(super) fn combine(t: &str, s: &str) -> String {
    if t.contains(s) {
        return t.to_owned();
    }
    if s.contains(t) {
        return s.to_owned();
    }
    let c = core(s);
    if c.chars().count() >= 2 && t.ends_with(c) {
        return format!("{}{s}", &t[..t.len() - c.len()]);
    }
    t.to_owned()
}

const LEAD_WORDS: [&str; 12] = [
    "根据", "按照", "现将", "关于", "对于", "由", "在", "为", "对", "经", "全", "本",
];

/// Words of a sentence that end right before a place name inside a run of Han characters
/// (本报告由…, 根据…, 按照…): never part of the agency's divisions.
const SENTENCE_WORDS: [&str; 6] = ["由", "根据", "按照", "依据", "报告", "关于"];

/// Puts the administrative divisions the text writes before the agency's core in front.
pub(super) fn qualify(base: &str, lines: &[String]) -> String {
    let c = core(base);
    if c.chars().count() < 2 {
        return base.to_owned();
    }
    let mut best = String::new();
    // One searcher for the core name over every line (`match_indices` built one a line).
    let finder = memchr::memmem::Finder::new(c);
    for l in lines {
        // Each place the core name is written, and the run of divisions just before it
        // (one static regex anchored at the occurrence: compiling a regex per document
        // for the core name cost a tenth of the whole extraction).
        for at in finder.find_iter(l.as_bytes()) {
            let Some(cap) = DIVISIONS_BEFORE.captures(&l[..at]) else {
                continue;
            };
            let mut p = &cap[1];
            while let Some(w) = LEAD_WORDS.iter().find(|w| p.starts_with(**w)) {
                p = &p[w.len()..];
            }
            // The run may hold the sentence's own words before the divisions
            // (`本报告由淮安市洪泽区…`, the first line of many reports): only what follows
            // the last of them is a place.
            if let Some(cut) = SENTENCE_WORDS
                .iter()
                .filter_map(|w| p.rfind(*w).map(|i| i + w.len()))
                .max()
            {
                p = &p[cut..];
            }
            if p.chars().count() >= 2 && p.chars().count() > best.chars().count() {
                best = p.to_owned();
            }
        }
    }
    if best.is_empty() || base.starts_with(&best) {
        base.to_owned()
    } else {
        format!("{best}{base}")
    }
}

/// Administrative divisions (省, 自治区, 市, 州, 盟, 地区, 县, 区, 旗) ending right where a
/// name follows, after a non-Han character or the start of the line: `，静乐县` in
/// `，静乐县康家会镇认真贯彻…`.
static DIVISIONS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{Han}])((?:\p{Han}{1,6}?(?:省|自治区|市|州|盟|地区|县|区|旗))+)$")
        .expect("static regex")
});
