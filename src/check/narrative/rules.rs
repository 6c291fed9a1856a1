//! SPEC §7's table as data: the phrases a report writes for each cell ([`RULES`]), the
//! words allowed around them, and the regexes built from them once. A new phrase is one
//! line of [`RULES`]; what a sentence may say around it is [`SUBJECT`], [`LINK`] and its
//! [`Kind`]'s. The reading that applies them is `sentence`'s.

use std::sync::LazyLock;

use regex::Regex;

use super::Target;

pub(super) const RECEIVED: Target = Target::Cell("applications", "received", "total");
pub(super) const CARRIED_OVER: Target = Target::Cell("applications", "carried_over", "total");
pub(super) const GRANTED: Target = Target::Cell("applications", "granted", "total");
pub(super) const PARTLY: Target = Target::Cell("applications", "partly_granted", "total");
pub(super) const RESULTS: Target = Target::Cell("applications", "results_total", "total");
pub(super) const CARRIED_FORWARD: Target = Target::Cell("applications", "carried_forward", "total");
pub(super) const REVIEW: Target = Target::Cell("review_litigation", "review", "total");
pub(super) const NORMATIVE: Target = Target::Cell("active_disclosure", "normative_docs", "issued");

/// What may stand between a phrase and its figure, and the measure words of the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Applications: `政府信息公开申请`, `申请数量`, … then `件` / `份` / `宗`.
    Application,
    /// 行政复议 / 行政诉讼: `案件`, … then `件` / `起` / `宗` / `例` / `次` / `个`.
    Case,
    /// 规范性文件: `件` / `个` / `份` / `部`.
    Document,
}

impl Kind {
    fn object(self) -> &'static str {
        match self {
            Kind::Application => {
                "(?:了|的)?(?:政府信息公开|信息公开|依申请公开|公开)?(?:申请件|申请)?"
            }
            Kind::Case => "(?:案件|申请|案)?",
            Kind::Document => "(?:了|的)?",
        }
    }

    fn units(self) -> &'static str {
        match self {
            Kind::Application => "件|份|宗",
            Kind::Case => "件|起|宗|例|次|个",
            Kind::Document => "件|个|份|部",
        }
    }
}

/// SPEC §7's table: phrase (a regex alternation, as reports write it) → cell. A new
/// phrase is one line; the words allowed between a phrase and its figure are its
/// [`Kind`]'s.
const RULES: &[(&str, Kind, Target)] = &[
    // 共收到政府信息公开申请21件 / 本年新收政府信息公开申请17件 / 全市共受理政府信息公开申请3119件
    (
        "新收到|收到|新收|新受理|受理|接收|接到",
        Kind::Application,
        RECEIVED,
    ),
    // 上年结转2件 / 上年度结转政府信息公开申请3件 / 上一年度结转申请1件
    ("上一?年度?结转", Kind::Application, CARRIED_OVER),
    // 予以公开9件 / 其中予以公开的50件
    ("予以公开", Kind::Application, GRANTED),
    // 部分公开1件 / 予以部分公开9件
    ("(?:予以)?部分公开", Kind::Application, PARTLY),
    // 办结15件 / 已办理20件 / 答复3050件
    ("已?办结|已办理|已?答复", Kind::Application, RESULTS),
    // 结转下年度继续办理3件 / 结转下年度（继续）办理103件 / 转入下一年度办理2件
    (
        "(?:结转|转入|顺延)(?:至|到)?下一?年度?(?:继续)?(?:办理|答复)?",
        Kind::Application,
        CARRIED_FORWARD,
    ),
    // 政府信息公开行政复议351件 / 被申请行政复议2起 / 发生行政复议案件1件
    ("行政复议", Kind::Case, REVIEW),
    // 政府信息公开行政诉讼46件 / 被提起行政诉讼1起（未经复议直接起诉 + 复议后起诉）
    ("行政诉讼", Kind::Case, Target::Litigation),
    // 本年制发规范性文件3件 / 新制发行政规范性文件2件（2021 template）
    (
        "新?制发(?:了)?(?:行政)?规范性文件",
        Kind::Document,
        NORMATIVE,
    ),
];

/// A figure: Arabic digits (full-width folded before), `1,234`, or Chinese numerals.
const NUM: &str = "([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+|[零〇一二两三四五六七八九十百千万]+)";

/// Words between a phrase's object and its figure: 共计, 为, 达, `：`.
const LINK: &str = "(?:数量|总数|数)?(?:共计|共|合计|总计|计)?(?:为|是|达|有)?[:：]?";

/// Words that may stand before a phrase in its clause without naming another subject:
/// the report's year, the whole year, the agency itself (我局, 本机关; its own name is
/// removed before), 共, 已, 政府信息公开, list marks (一是, 1.).
const SUBJECT: &str = "(?:(?:19|20)[0-9]{2}年度?(?:以来)?|[〇零一二][〇零一二三四五六七八九]{3}年度?\
|(?:截至|截止到|截止|至)(?:(?:19|20)[0-9]{2}年)?12月31日(?:止|前)?\
|(?:19|20)[0-9]{2}年1月1日(?:至|到|-|—|～|~)(?:(?:19|20)[0-9]{2}年)?12月31日(?:期间|止)?\
|本年度?内?|全年度?|今年(?:以来)?|年内|当年|年度内|本?报告期内\
|我(?:区|市|县|镇|乡|局|委|办|厅|街道|单位|部门|机关|中心|院|会|所|处|署|室|站|馆|校|司)?\
|本(?:机关|单位|部门|局|委|办|厅|级|镇|乡|区|县|市|街道|中心|院|所|处|署|馆|站|校)\
|全(?:区|市|县|镇|乡|省|局|委|厅|街道)\
|共计|共|合计|总计|一共|总共|依法|已|均|另外|此外|同时|并且|并|且|还|新|在|方面\
|政府信息公开|信息公开|依申请公开|政府信息|政务公开|工作\
|[一二三四五六七八九十]+是|[0-9]+[.．、]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+\
|、|：|:|“|”)";

/// Before 行政复议 / 行政诉讼 also: how a case arises (被申请, 提起, 发生, 因…引起的).
const CASE_SUBJECT: &str =
    "(?:发生|收到|接到|被申请|申请|被提起|提起|被诉|涉及|因|由于|引起|引发|产生|的|被)";

/// Between a negation and 行政复议 / 行政诉讼: how the case would have arisen.
const CASE_FILL: &str = "(?:因|由于|涉及|关于|有关|政府信息公开|信息公开|依申请公开|政府信息|工作|引起|引发|产生|导致|而|的|被|申请|提起|提出|针对|本机关|发生|出现)*";

/// A clause with these is a rate, a share or a change, not a count.
pub(super) static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("同比|环比|较上|比上|较去年|比去年|较前|增加|减少|增长|下降|上升|提高|降低|持平|%|％|百分之|率|倍|占")
        .expect("static regex")
});

/// Years named in a clause: `2021年`, or in Chinese numerals `二〇二一年`.
pub(super) static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("((?:19|20)[0-9]{2}|[〇零一二][〇零一二三四五六七八九]{3})年").expect("static regex")
});

/// Another year without its number (`上年` itself is checked apart: 上年结转 is a phrase).
pub(super) static OTHER_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("去年|前年|往年|历年|上年同期|近[一二三四五六七八九十两0-9]+年|累计|以前年度")
        .expect("static regex")
});

pub(super) static LAST_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("上一?年度?").expect("static regex"));

/// The report's year named again (the other-year context ends).
pub(super) static THIS_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("本年|今年|全年").expect("static regex"));

/// A figure with a measure word anywhere: a clause under 其中 with one that is not a
/// statement ends the sentence's comparisons.
pub(super) static ANY_FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("{NUM}(?:件|份|宗|起|例|次|个|部|条|项|人)")).expect("static regex")
});

/// One compiled rule: the binding regex (`phrase object link NUM unit`).
pub(super) struct Compiled {
    pub(super) bind: Regex,
    pub(super) kind: Kind,
    pub(super) target: Target,
}

pub(super) static COMPILED: LazyLock<Vec<Compiled>> = LazyLock::new(|| {
    RULES
        .iter()
        .map(|&(phrase, kind, target)| Compiled {
            bind: Regex::new(&format!(
                "(?:{phrase}){}{LINK}{NUM}(?:{})",
                kind.object(),
                kind.units()
            ))
            .expect("static regex"),
            kind,
            target,
        })
        .collect()
});

/// Every rule's binding regex in one set: which rules bind in a clause, in one pass.
pub(super) static BIND_SET: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    regex::RegexSet::new(COMPILED.iter().map(|c| c.bind.as_str())).expect("static regex")
});

/// Any phrase of any rule: a paragraph without one is not read further.
pub(super) static ANY_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    let all: Vec<String> = RULES.iter().map(|(p, _, _)| format!("(?:{p})")).collect();
    Regex::new(&all.join("|")).expect("static regex")
});

pub(super) static SUBJECT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{SUBJECT}*$")).expect("static regex"));

pub(super) static CASE_SUBJECT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("^(?:{SUBJECT}|{CASE_SUBJECT})*$")).expect("static regex")
});

/// `未发生政府信息公开行政复议、行政诉讼案件` / `无行政诉讼` / `未被申请行政复议`.
pub(super) static ZERO: LazyLock<Regex> = LazyLock::new(|| {
    let item = "(行政复议|行政诉讼)(?:案件|案)?";
    Regex::new(&format!(
        "^{SUBJECT}*(?:未发生|未出现|未收到|未接到|未有|没有发生|没有出现|没有收到|没有|无|未被|未){CASE_FILL}{item}(?:(?:、|和|及|与|或|以及|或者){CASE_FILL}{item})?(?:的|案件|事件|情况|情形|现象|案例|事项|等|发生|出现|纠纷)*$"
    ))
    .expect("static regex")
});

/// `行政复议、行政诉讼均为0` / `行政复议和行政诉讼案件均未发生`.
pub(super) static BOTH: LazyLock<Regex> = LazyLock::new(|| {
    let item = "(?:政府信息公开)?(行政复议|行政诉讼)(?:案件|案)?";
    Regex::new(&format!(
        "^{SUBJECT}*{item}(?:、|和|及|与|以及){item}(?:数量|数)?(?:均|都)(?:(?:为|是)?{NUM}(?:件|起|宗|例|个)?|未发生|没有发生|无|为零)$"
    ))
    .expect("static regex")
});

/// The cells a clause under 其中 may state: parts of the year's applications, not a
/// sub-unit's or an applicant type's.
pub(super) const CATEGORIES: [Target; 4] = [GRANTED, PARTLY, CARRIED_OVER, CARRIED_FORWARD];

/// After a figure's measure word: a range (20件左右, 100件以上).
pub(super) const RANGE_AFTER: &[&str] =
    &["左右", "以上", "以下", "之多", "上下", "有余", "余", "多"];

/// After a measure word, a word that makes it another measure (一个月, 3件次 is fine).
pub(super) const NOT_A_COUNT_AFTER: &[&str] = &[
    "月",
    "工作日",
    "日",
    "天",
    "小时",
    "人",
    "批",
    "项",
    "类",
    "种",
];

/// What every zero or 均 form holds (未…, 无…, 没有…, …均为0, …都…).
pub(super) const ZERO_MARKS: [char; 5] = ['未', '无', '没', '均', '都'];
