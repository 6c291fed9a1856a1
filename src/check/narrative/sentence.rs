//! Reading the text: each body paragraph cut into sentences and clauses, each clause
//! read for the statements it makes of the phrases of `rules::RULES`, under the rules of
//! precision `check::narrative` lists: a subject that names no other unit, no other
//! year, no change or range, a list only when each phrase has its own figure.

use crate::text::is_blank_char;

use super::numerals::{chinese, figure};
use super::rules::{
    ANY_FIGURE, ANY_PHRASE, BIND_SET, BOTH, CASE_SUBJECT_RE, CATEGORIES, CHANGE, COMPILED,
    Compiled, Kind, LAST_YEAR, NOT_A_COUNT_AFTER, OTHER_YEAR, RANGE_AFTER, REVIEW, SUBJECT_RE,
    THIS_YEAR, YEAR, ZERO, ZERO_MARKS,
};
use super::{Statement, Target};

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
