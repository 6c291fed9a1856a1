//! check::narrative: the report's own text against its tables (SPEC §7).
//!
//! Reads the body paragraphs (`Document::paragraphs()`, 0-based as `nianbao inspect`
//! numbers them), finds each figure a sentence states for a cell of SPEC §7's table
//! ([`RULES`]) and compares it with the cell's value. A difference is one
//! `narrative_mismatch` (warning); agreements are only counted ([`NarrativeCounts`]).
//!
//! **Precision before recall**: a false alarm costs an auditor's trust more than a
//! missed difference, so a figure is read only when nothing else could be meant:
//!
//! - A paragraph is cut into sentences at `。；;！？!?` and line breaks, a sentence into
//!   clauses at `，` and `,` (not between digits). Parenthesized asides `（…）` are not
//!   read (they qualify the figure before them: 含上年结转…, 其中…).
//! - In a clause, a statement is a phrase of [`RULES`] followed by its figure and a
//!   measure word, with only the phrase's own words between (政府信息公开申请, 共计, 为).
//!   What comes before the phrase in the clause must be words that name no other
//!   subject ([`SUBJECT`]: a year, 全年, 我局, 本机关, 共, the agency's own name …):
//!   `区政府办代表区政府受理…17件` names a sub-unit and is not compared — and neither is
//!   the rest of its sentence, whose clauses share that subject.
//! - Several statements in one clause are read only as a list, each phrase with its own
//!   figure (予以公开9件、部分公开1件). A phrase of another cell without its own figure
//!   (收到并办结申请5件, 上年结转和本年新收申请共12件) makes the clause name two cells:
//!   nothing in it is compared.
//! - Not read: clauses with a percentage, a rate or a change (同比, 较上年, 增加, 减少,
//!   `%`); figures with a range word (约, 近, 超过, 余, 多, 左右, 以上); ordinals (第二起);
//!   figures without a measure word (years, dates, a flattened table row); clauses about
//!   another year (an explicit year other than the report's, 去年, 上年同期 — which
//!   holds for the rest of the paragraph until the report's year or 本年/今年/全年 is
//!   named again); clauses under 其中 other than a result category directly after it
//!   (其中予以公开5件 is read; 其中区政府办受理17件 and 其中自然人申请5件 are not, nor is
//!   anything after them in the sentence).
//! - Tied to disclosure: an application figure only in a paragraph naming 公开 (or right
//!   after one: its heading), a 行政复议/行政诉讼 count only in a sentence naming it.
//! - Zero: `未发生`/`无`/`没有`/`未被` + 行政复议 and/or 行政诉讼 (…的情况), and
//!   `行政复议、行政诉讼均为0`, state 0 for each named.
//!
//! A cell that is `null` (blank, text) or absent from the template is not compared;
//! litigation is compared with `litigation_direct.total + litigation_after_review.total`
//! and needs both.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Document;
use crate::report::{Anomaly, AnomalyCode, CellRecord, Metadata, NarrativeCounts, Severity};
use crate::text::{Dec, is_blank_char};

/// The cell a statement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// One canonical cell `table.row.col`.
    Cell(&'static str, &'static str, &'static str),
    /// 行政诉讼: `litigation_direct.total + litigation_after_review.total`, reported as
    /// row `litigation`.
    Litigation,
}

impl Target {
    /// `(table, row, col)` as the anomaly names it.
    pub fn key(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Target::Cell(t, r, c) => (t, r, c),
            Target::Litigation => ("review_litigation", "litigation", "total"),
        }
    }
}

const RECEIVED: Target = Target::Cell("applications", "received", "total");
const CARRIED_OVER: Target = Target::Cell("applications", "carried_over", "total");
const GRANTED: Target = Target::Cell("applications", "granted", "total");
const PARTLY: Target = Target::Cell("applications", "partly_granted", "total");
const RESULTS: Target = Target::Cell("applications", "results_total", "total");
const CARRIED_FORWARD: Target = Target::Cell("applications", "carried_forward", "total");
const REVIEW: Target = Target::Cell("review_litigation", "review", "total");
const NORMATIVE: Target = Target::Cell("active_disclosure", "normative_docs", "issued");

/// What may stand between a phrase and its figure, and the measure words of the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
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
static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("同比|环比|较上|比上|较去年|比去年|较前|增加|减少|增长|下降|上升|提高|降低|持平|%|％|百分之|率|倍|占")
        .expect("static regex")
});

/// Years named in a clause: `2021年`, or in Chinese numerals `二〇二一年`.
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("((?:19|20)[0-9]{2}|[〇零一二][〇零一二三四五六七八九]{3})年").expect("static regex")
});

/// Another year without its number (`上年` itself is checked apart: 上年结转 is a phrase).
static OTHER_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("去年|前年|往年|历年|上年同期|近[一二三四五六七八九十两0-9]+年|累计|以前年度")
        .expect("static regex")
});

static LAST_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("上一?年度?").expect("static regex"));

/// The report's year named again (the other-year context ends).
static THIS_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("本年|今年|全年").expect("static regex"));

/// A figure with a measure word anywhere: a clause under 其中 with one that is not a
/// statement ends the sentence's comparisons.
static ANY_FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("{NUM}(?:件|份|宗|起|例|次|个|部|条|项|人)")).expect("static regex")
});

/// One compiled rule: the binding regex (`phrase object link NUM unit`).
struct Compiled {
    bind: Regex,
    kind: Kind,
    target: Target,
}

static COMPILED: LazyLock<Vec<Compiled>> = LazyLock::new(|| {
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
static BIND_SET: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    regex::RegexSet::new(COMPILED.iter().map(|c| c.bind.as_str())).expect("static regex")
});

/// Any phrase of any rule: a paragraph without one is not read further.
static ANY_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    let all: Vec<String> = RULES.iter().map(|(p, _, _)| format!("(?:{p})")).collect();
    Regex::new(&all.join("|")).expect("static regex")
});

static SUBJECT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{SUBJECT}*$")).expect("static regex"));

static CASE_SUBJECT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("^(?:{SUBJECT}|{CASE_SUBJECT})*$")).expect("static regex")
});

/// `未发生政府信息公开行政复议、行政诉讼案件` / `无行政诉讼` / `未被申请行政复议`.
static ZERO: LazyLock<Regex> = LazyLock::new(|| {
    let item = "(行政复议|行政诉讼)(?:案件|案)?";
    Regex::new(&format!(
        "^{SUBJECT}*(?:未发生|未出现|未收到|未接到|未有|没有发生|没有出现|没有收到|没有|无|未被|未){CASE_FILL}{item}(?:(?:、|和|及|与|或|以及|或者){CASE_FILL}{item})?(?:的|案件|事件|情况|情形|现象|案例|事项|等|发生|出现|纠纷)*$"
    ))
    .expect("static regex")
});

/// `行政复议、行政诉讼均为0` / `行政复议和行政诉讼案件均未发生`.
static BOTH: LazyLock<Regex> = LazyLock::new(|| {
    let item = "(?:政府信息公开)?(行政复议|行政诉讼)(?:案件|案)?";
    Regex::new(&format!(
        "^{SUBJECT}*{item}(?:、|和|及|与|以及){item}(?:数量|数)?(?:均|都)(?:(?:为|是)?{NUM}(?:件|起|宗|例|个)?|未发生|没有发生|无|为零)$"
    ))
    .expect("static regex")
});

/// One figure the text states for one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// 0-based body paragraph (as `nianbao inspect` numbers them).
    pub paragraph: usize,
    pub target: Target,
    pub figure: u64,
    /// The sentence as written (parenthesized asides and padding included).
    pub sentence: String,
}

/// Every statement in the body paragraphs, in document order. `year` and `agency` are
/// the report's (from metadata): a clause naming another year is not read, and the
/// agency's own name may be a clause's subject.
pub fn statements<'a>(
    paragraphs: impl IntoIterator<Item = &'a str>,
    year: Option<i32>,
    agency: Option<&str>,
) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut prev_disclosure = false;
    for (n, p) in paragraphs.into_iter().enumerate() {
        let disclosure = p.contains("公开");
        let about = Context {
            year,
            agency,
            // 申请 alone may be any application (行政许可…): read where the paragraph, or
            // the heading before it, is about disclosure (依申请公开情况).
            disclosure: disclosure || prev_disclosure,
        };
        prev_disclosure = disclosure;
        if !ANY_PHRASE.is_match(p) {
            continue;
        }
        let mut other_year = false;
        for (sentence, raw) in sentences(p) {
            for (target, figure) in read_sentence(&sentence, &about, &mut other_year) {
                out.push(Statement {
                    paragraph: n,
                    target,
                    figure,
                    sentence: raw.to_owned(),
                });
            }
        }
    }
    out
}

/// SPEC §7 on a read document: the statements compared with `cells` (the checked
/// canonical cells), each difference one `narrative_mismatch`, and the counts.
pub fn check(
    doc: &Document,
    cells: &[CellRecord],
    meta: &Metadata,
) -> (Vec<Anomaly>, NarrativeCounts) {
    let found = statements(doc.paragraphs(), meta.year, meta.agency.as_deref());
    compare(&found, cells)
}

/// Each statement against its cell.
pub fn compare(found: &[Statement], cells: &[CellRecord]) -> (Vec<Anomaly>, NarrativeCounts) {
    let value = |t: &str, r: &str, c: &str| {
        cells
            .iter()
            .find(|x| x.table == t && x.row == r && x.col == c)
            .and_then(|x| x.value.as_ref())
            .and_then(Dec::from_number)
    };
    let mut counts = NarrativeCounts {
        statements: found.len(),
        ..NarrativeCounts::default()
    };
    let mut out = Vec::new();
    for s in found {
        let actual = match s.target {
            Target::Cell(t, r, c) => value(t, r, c),
            Target::Litigation => {
                let direct = value("review_litigation", "litigation_direct", "total");
                let after = value("review_litigation", "litigation_after_review", "total");
                direct.zip(after).map(|(a, b)| a.plus(b))
            }
        };
        let Some(actual) = actual else { continue };
        counts.compared += 1;
        let stated = Dec {
            mant: i128::from(s.figure),
            scale: 0,
        };
        if stated.same_value(actual) {
            continue;
        }
        counts.differing += 1;
        let (table, row, col) = s.target.key();
        out.push(Anomaly {
            expected: Some(stated.to_number()),
            actual: Some(actual.to_number()),
            raw: Some(s.sentence.clone()),
            paragraph: Some(s.paragraph),
            ..Anomaly::new(
                AnomalyCode::NarrativeMismatch,
                Severity::Warning,
                format!(
                    "正文（段落 p{}）称 {}，表中为 {actual}",
                    s.paragraph, s.figure
                ),
            )
            .at(table, Some(row), Some(col))
        });
    }
    (out, counts)
}

/// A paragraph's sentences: each as matched (padding and invisible characters removed,
/// full-width digits folded, `（…）` asides dropped, `,` `;` as `，` `；`) and as written.
fn sentences(p: &str) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut prev: Option<char> = None;
    let mut chars = p.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        let next = chars.peek().map(|&(_, n)| n);
        let stop = match c {
            '\n' | '\r' => {
                depth = 0;
                true
            }
            '。' | '；' | ';' | '！' | '？' | '!' | '?' if depth == 0 => true,
            '（' | '(' => {
                depth += 1;
                false
            }
            '）' | ')' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ if depth > 0 || is_blank_char(c) => false,
            '０'..='９' => {
                let d = char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c);
                cur.push(d);
                false
            }
            // `1,234` keeps its comma; any other `,` ends a clause.
            ',' if !(prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit())) =>
            {
                cur.push('，');
                false
            }
            _ => {
                cur.push(c);
                false
            }
        };
        if !is_blank_char(c) {
            prev = Some(match c {
                '０'..='９' => '0',
                c => c,
            });
        }
        if stop {
            if !cur.is_empty() {
                out.push((
                    std::mem::take(&mut cur),
                    p[start..end].trim_matches(is_blank_char),
                ));
            }
            start = end;
        }
    }
    if !cur.is_empty() {
        out.push((cur, p[start..].trim_matches(is_blank_char)));
    }
    out
}

/// What a sentence is read against.
struct Context<'a> {
    /// The report's year.
    year: Option<i32>,
    /// The report's agency (its name may be a clause's subject).
    agency: Option<&'a str>,
    /// The paragraph or the one before it names 公开: applications are disclosure's.
    disclosure: bool,
}

/// The statements of one sentence. `other_year` is the paragraph's state: a clause
/// about another year sets it, naming the report's year clears it.
fn read_sentence(s: &str, about: &Context, other_year: &mut bool) -> Vec<(Target, u64)> {
    let (year, agency) = (about.year, about.agency);
    // A count of 行政复议 / 行政诉讼 is read only in a sentence that ties it to
    // disclosure (政府信息公开行政复议, 因政府信息公开被申请…): a 司法局's 共收到行政复议申请50件
    // counts every review it handled. A zero needs no tie: no review at all is no
    // disclosure review either.
    let cases = s.contains("公开");
    let mut out = Vec::new();
    // After 其中: only a result category directly after it is read.
    let mut under = false;
    for clause in s.split('，').filter(|c| !c.is_empty()) {
        if CHANGE.is_match(clause) {
            if under && ANY_FIGURE.is_match(clause) {
                break;
            }
            continue;
        }
        // Every year pattern holds 年 but 累计.
        if clause.contains('年') || clause.contains("累计") {
            update_year(clause, year, other_year);
        }
        if *other_year {
            continue;
        }
        let (clause, sub) = match clause.find("其中") {
            Some(at) if SUBJECT_RE.is_match(&clause[..at]) => (&clause[at + "其中".len()..], true),
            Some(_) => break,
            None => (clause, false),
        };
        under |= sub;
        let clause = match agency {
            Some(a) if !a.is_empty() && clause.contains(a) => {
                std::borrow::Cow::Owned(clause.replace(a, ""))
            }
            _ => std::borrow::Cow::Borrowed(clause),
        };
        // A label before a colon (行政复议、行政诉讼情况：) is a heading, not a subject.
        let clause = match clause.split_once(['：', ':']) {
            Some((label, rest)) if label.ends_with("情况") || label.ends_with("方面") => rest,
            _ => &clause,
        };
        if !has_figure(clause) && !clause.contains(ZERO_MARKS) {
            // Nothing to state (read_clause would find Nothing).
            continue;
        }
        match read_clause(clause, under, about.disclosure, cases) {
            Clause::Read(found) => out.extend(found),
            Clause::Nothing => {}
            // Later clauses share the subject (or the 其中 scope) this one left unclear.
            Clause::Unclear => break,
        }
    }
    out
}

/// A clause names another year: the context holds until the report's year is named.
fn update_year(clause: &str, year: Option<i32>, other_year: &mut bool) {
    let named = YEAR.captures_iter(clause).map(|y| {
        let y = &y[1];
        y.parse::<i32>()
            .ok()
            .or_else(|| i32::try_from(chinese(y)?).ok())
    });
    let (mut any, mut other) = (false, false);
    for n in named {
        any = true;
        other |= year.is_none() || n != year;
    }
    if any {
        *other_year = other;
    }
    let last_year = LAST_YEAR.find_iter(clause).any(|m| {
        let after = &clause[m.end()..];
        !after.starts_with("结转")
    });
    if OTHER_YEAR.is_match(clause) || last_year {
        *other_year = true;
    } else if !YEAR.is_match(clause) && THIS_YEAR.is_match(clause) {
        *other_year = false;
    }
}

enum Clause {
    Read(Vec<(Target, u64)>),
    /// No statement, and nothing that clouds the clauses after it.
    Nothing,
    /// A figure or phrase whose subject is not the report's: the rest of the sentence
    /// is not read either.
    Unclear,
}

fn read_clause(c: &str, under: bool, applications: bool, cases: bool) -> Clause {
    if c.contains(ZERO_MARKS)
        && let Some(found) = zero_or_both(c)
    {
        return if under {
            Clause::Unclear
        } else {
            Clause::Read(found)
        };
    }
    // Every binding, leftmost first; overlapping ones dropped.
    let mut binds: Vec<(usize, usize, &Compiled, u64)> = Vec::new();
    for i in BIND_SET.matches(c).iter() {
        let rule = &COMPILED[i];
        for m in rule.bind.captures_iter(c) {
            let (Some(whole), Some(num)) = (m.get(0), m.get(1)) else {
                continue;
            };
            let Some(figure) = figure(num.as_str()) else {
                continue;
            };
            binds.push((whole.start(), whole.end(), rule, figure));
        }
    }
    binds.sort_by_key(|b| (b.0, std::cmp::Reverse(b.1)));
    let mut kept: Vec<(usize, usize, &Compiled, u64)> = Vec::new();
    for b in binds {
        if kept.last().is_none_or(|k| b.0 >= k.1) {
            kept.push(b);
        }
    }
    if kept.is_empty() {
        return if under && ANY_FIGURE.is_match(c) {
            Clause::Unclear
        } else {
            Clause::Nothing
        };
    }
    let mut pos = 0;
    let mut found = Vec::new();
    for &(start, end, rule, figure) in &kept {
        let before = &c[pos..start];
        let subject_ok = if under {
            before.is_empty() || before == "、"
        } else if pos > 0 {
            matches!(before, "" | "、" | "和" | "及" | "以及")
        } else if rule.kind == Kind::Case {
            CASE_SUBJECT_RE.is_match(before)
        } else {
            SUBJECT_RE.is_match(before)
        };
        if !subject_ok {
            return Clause::Unclear;
        }
        if under && !CATEGORIES.contains(&rule.target) {
            return Clause::Unclear;
        }
        let tied = match rule.kind {
            Kind::Application => applications,
            Kind::Case => cases,
            Kind::Document => true,
        };
        if !tied {
            return Clause::Unclear;
        }
        let tail = &c[end..];
        if RANGE_AFTER.iter().any(|r| tail.starts_with(r))
            || NOT_A_COUNT_AFTER.iter().any(|r| tail.starts_with(r))
        {
            return Clause::Unclear;
        }
        found.push((rule.target, figure));
        pos = end;
    }
    // What follows the last statement names no other cell and states no other figure.
    let tail = &c[pos..];
    if ANY_PHRASE.is_match(tail) || ANY_FIGURE.is_match(tail) {
        return Clause::Unclear;
    }
    // The same cell twice with two figures: neither is read.
    for (i, a) in found.iter().enumerate() {
        if found[i + 1..].iter().any(|b| b.0 == a.0) {
            return Clause::Unclear;
        }
    }
    Clause::Read(found)
}

/// The cells a clause under 其中 may state: parts of the year's applications, not a
/// sub-unit's or an applicant type's.
const CATEGORIES: [Target; 4] = [GRANTED, PARTLY, CARRIED_OVER, CARRIED_FORWARD];

/// After a figure's measure word: a range (20件左右, 100件以上).
const RANGE_AFTER: &[&str] = &["左右", "以上", "以下", "之多", "上下", "有余", "余", "多"];

/// After a measure word, a word that makes it another measure (一个月, 3件次 is fine).
const NOT_A_COUNT_AFTER: &[&str] = &[
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
const ZERO_MARKS: [char; 5] = ['未', '无', '没', '均', '都'];

/// A figure with a measure word (a digit or Chinese numeral right before one of
/// [`ANY_FIGURE`]'s measure words): a clause without one, and without [`ZERO_MARKS`],
/// states nothing, and is only read for its year and its 其中.
fn has_figure(c: &str) -> bool {
    let mut prev = ' ';
    for ch in c.chars() {
        if matches!(
            ch,
            '件' | '份' | '宗' | '起' | '例' | '次' | '个' | '部' | '条' | '项' | '人'
        ) && (prev.is_ascii_digit() || "零〇一二两三四五六七八九十百千万".contains(prev))
        {
            return true;
        }
        prev = ch;
    }
    false
}

/// The zero and 均 forms: 未发生行政复议、行政诉讼 → both 0.
fn zero_or_both(c: &str) -> Option<Vec<(Target, u64)>> {
    let target = |s: &str| {
        if s == "行政复议" {
            REVIEW
        } else {
            Target::Litigation
        }
    };
    if let Some(m) = ZERO.captures(c) {
        let mut v = vec![(target(&m[1]), 0)];
        if let Some(second) = m.get(2) {
            let t = target(second.as_str());
            if t == v[0].0 {
                return None;
            }
            v.push((t, 0));
        }
        return Some(v);
    }
    let m = BOTH.captures(c)?;
    let (a, b) = (target(&m[1]), target(&m[2]));
    if a == b {
        return None;
    }
    let n = match m.get(3) {
        Some(n) => figure(n.as_str())?,
        None => 0,
    };
    Some(vec![(a, n), (b, n)])
}

/// A figure as written: ASCII digits (`1,234`) or Chinese numerals (十二, 一百零五, 两,
/// 一〇五). `None` for what is no well-formed number.
pub fn figure(s: &str) -> Option<u64> {
    if s.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return s.replace(',', "").parse().ok();
    }
    chinese(s)
}

fn digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Chinese numerals: positional (一百零五) or digit by digit (一〇五).
fn chinese(s: &str) -> Option<u64> {
    if !s.contains(['十', '百', '千', '万']) {
        // 一〇五: digits in a row; one digit alone (三) too.
        return s
            .chars()
            .try_fold(0u64, |acc, c| acc.checked_mul(10)?.checked_add(digit(c)?));
    }
    let (mut total, mut section, mut pending) = (0u64, 0u64, None::<u64>);
    let mut last_unit = u64::MAX;
    for c in s.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => {
                let n = section + pending.take().unwrap_or(0);
                if n == 0 || total > 0 {
                    return None;
                }
                total = n * 10_000;
                section = 0;
                last_unit = u64::MAX;
                continue;
            }
            // 一百零五: 零 marks a skipped place.
            '零' | '〇' if pending.is_none() => continue,
            _ => {
                if pending.is_some() {
                    return None;
                }
                pending = Some(digit(c)?);
                continue;
            }
        };
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        // 十二: a leading bare 十 is one ten; any other bare unit (百十) is no number.
        let d = match pending.take() {
            Some(d) => d,
            None if unit == 10 && section == 0 && total == 0 => 1,
            None => return None,
        };
        if d == 0 {
            return None;
        }
        section += d * unit;
    }
    // The last digit is the units (一百零五, 十二).
    Some(total + section + pending.unwrap_or(0))
}

#[cfg(test)]
mod tests;
