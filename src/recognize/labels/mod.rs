//! Label → canonical key, on the comparison form of [`crate::text::label_key`].
//!
//! Each rule matches the distinctive words of a template label, so relabelled
//! (`属于国家秘密的` / `国家秘密`), reordered and line-broken labels still map. Sub-row
//! labels of table 三 are matched in the context of their group (（三）…（六）): the
//! group decides ambiguous ones (`3.其他` only means `other_other` under （六）).

mod variants;

pub use variants::{close_item, edit_distance, item_label};

/// Whether `k` holds `word`: `str::contains`, without setting up its searcher for every
/// word tried (a label is a few dozen bytes and is tried against dozens of words). A
/// match of a word's bytes is a match of its characters: UTF-8 never starts a character
/// inside another.
///
/// The places where the word's second byte occurs are found with `memchr` (the first
/// byte of a Chinese word, a lead byte, is one of a handful and occurs every few bytes;
/// its second byte is one of 64), and only there is the word compared: a byte at a time
/// was most of this function's instructions, which was 2% of a batch's.
pub fn has(k: &str, word: &str) -> bool {
    let (h, w) = (k.as_bytes(), word.as_bytes());
    let [_, b, ..] = *w else {
        return k.contains(word);
    };
    if w.len() > h.len() {
        return false;
    }
    // `seconds[i]` is the second byte of the window starting at `i`, for every window
    // that fits.
    let seconds = &h[1..=h.len() - w.len() + 1];
    memchr::memchr_iter(b, seconds).any(|i| h[i..].starts_with(w))
}

/// The groups of table 三's result rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// （三）不予公开
    Denied,
    /// （四）无法提供
    Unable,
    /// （五）不予处理
    Unprocessed,
    /// （六）其他处理
    Other,
}

/// A group heading in a label cell.
pub fn app_group(k: &str) -> Option<Group> {
    if k.is_ascii() {
        // every label word is Chinese: a figure (or other ASCII text) names nothing
        return None;
    }
    if has(k, "不予公开") {
        Some(Group::Denied)
    } else if has(k, "无法提供") {
        Some(Group::Unable)
    } else if has(k, "不予处理") {
        Some(Group::Unprocessed)
    } else if has(k, "其他处理") {
        Some(Group::Other)
    } else {
        None
    }
}

/// Table 三's rows outside the groups; they end any group.
pub fn app_top(k: &str) -> Option<&'static str> {
    if k.is_ascii() {
        // every label word is Chinese: a figure (or other ASCII text) names nothing
        return None;
    }
    // 本年收到…申请数量 for 本年新收…: the year's applications received, not the
    // caption 收到和处理政府信息公开申请情况
    if has(k, "新收") || (has(k, "收到") && has(k, "申请") && !has(k, "处理")) {
        Some("received")
    } else if has(k, "上年结转") || (has(k, "结转") && has(k, "上年")) {
        Some("carried_over")
    } else if has(k, "结转下年") || has(k, "继续办理") {
        Some("carried_forward")
    } else if has(k, "予以公开") {
        Some("granted")
    } else if has(k, "部分公开") {
        Some("partly_granted")
    } else if has(k, "总计") || k == "合计" {
        Some("results_total")
    } else {
        None
    }
}

fn denied(k: &str) -> Option<&'static str> {
    Some(if has(k, "国家秘密") {
        "denied_state_secret"
    } else if has(k, "禁止公开") || has(k, "法律行政法规") {
        "denied_law_prohibited"
    } else if has(k, "三安全一稳定") || has(k, "危及") {
        "denied_safety_stability"
    } else if has(k, "第三方") {
        "denied_third_party"
    } else if has(k, "内部事务") {
        "denied_internal_affairs"
    } else if has(k, "过程性") {
        "denied_process_info"
    } else if has(k, "执法案卷") || has(k, "执法卷宗") {
        "denied_enforcement_file"
    } else if has(k, "查询") {
        "denied_admin_query"
    } else {
        return None;
    })
}

fn unable(k: &str) -> Option<&'static str> {
    Some(if has(k, "不掌握") {
        "unable_not_held"
    } else if has(k, "另行制作") || has(k, "没有现成") {
        "unable_needs_creation"
    } else if has(k, "不明确") || has(k, "补正后") {
        "unable_unclear"
    } else {
        return None;
    })
}

fn unprocessed(k: &str) -> Option<&'static str> {
    Some(if has(k, "信访") || has(k, "举报") || has(k, "投诉") {
        "unprocessed_complaint"
    } else if has(k, "重复") {
        "unprocessed_duplicate"
    } else if has(k, "出版物") {
        "unprocessed_publication"
    } else if has(k, "大量反复") || has(k, "反复申请") {
        "unprocessed_excessive"
    } else if has(k, "确认") || has(k, "重新出具") {
        "unprocessed_confirmation"
    } else {
        return None;
    })
}

fn other(k: &str, in_group: bool) -> Option<&'static str> {
    Some(if has(k, "不补正") || has(k, "逾期不补") {
        "other_overdue_correction"
    } else if has(k, "缴纳费用") || has(k, "收费通知") {
        "other_overdue_fee"
    } else if in_group && k.starts_with("其他") && !has(k, "其他处理") {
        "other_other"
    } else {
        return None;
    })
}

/// A sub-row label: first within its group, then (for relabelled or ungrouped rows)
/// by its distinctive words alone.
pub fn app_sub(k: &str, group: Option<Group>) -> Option<&'static str> {
    if k.is_ascii() {
        // every label word is Chinese: a figure (or other ASCII text) names nothing
        return None;
    }
    let in_group = match group {
        Some(Group::Denied) => denied(k),
        Some(Group::Unable) => unable(k),
        Some(Group::Unprocessed) => unprocessed(k),
        Some(Group::Other) => other(k, true),
        None => None,
    };
    in_group
        .or_else(|| denied(k))
        .or_else(|| unable(k))
        .or_else(|| other(k, false))
        .or_else(|| unprocessed(k))
}

/// What a label of table 三 names: a row outside the groups, a sub-row, or a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppLabel {
    Top(&'static str),
    Sub(&'static str),
    Group(Group),
}

/// A table 三 row label read as [`app_top`], else [`app_sub`] in `group`, else
/// [`app_group`]: in that order, each label's words tested once.
pub fn app_label(k: &str, group: Option<Group>) -> Option<AppLabel> {
    if let Some(top) = app_top(k) {
        return Some(AppLabel::Top(top));
    }
    if let Some(sub) = app_sub(k, group) {
        return Some(AppLabel::Sub(sub));
    }
    app_group(k).map(AppLabel::Group)
}

/// A column header of table 三 (the lowest header cell over the column).
pub fn app_col(k: &str) -> Option<&'static str> {
    if k.is_ascii() {
        // every label word is Chinese: a figure (or other ASCII text) names nothing
        return None;
    }
    // The distinctive word of each kind, so that shortened headers still map:
    // 企业 (商业企业), 科研 (科研机构), 公益 (社会公益组织 / 公益组织).
    Some(if has(k, "自然人") {
        "natural_person"
    } else if has(k, "企业") {
        "commercial"
    } else if has(k, "科研") {
        "research"
    } else if has(k, "公益") {
        "social_welfare"
    } else if has(k, "法律服务") {
        "legal_service"
    } else if has(k, "总计") || k == "合计" {
        "total"
    } else if k.starts_with("其他") {
        "other_org"
    } else {
        return None;
    })
}

/// Words only table 三's header rows hold.
pub const APP_HEADER: [&str; 7] = [
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "公益组织",
    "法律服务",
];

/// Whether a label holds one of [`APP_HEADER`]'s words.
pub fn is_app_header(k: &str) -> bool {
    APP_HEADER.iter().any(|w| k.contains(w))
}

/// A row of table 二.
pub fn active_row(k: &str) -> Option<&'static str> {
    if k.is_ascii() {
        // every label word is Chinese: a figure (or other ASCII text) names nothing
        return None;
    }
    Some(if has(k, "规范性文件") {
        "normative_docs"
    } else if has(k, "规章") {
        "rules"
    } else if has(k, "行政许可") {
        "licensing"
    } else if has(k, "对外管理服务") || has(k, "其他对外") {
        "other_services"
    } else if has(k, "行政处罚") {
        "penalty"
    } else if has(k, "行政强制") {
        "coercion"
    } else if has(k, "收费") && !has(k, "金额") {
        "fees"
    } else if has(k, "集中采购") || k == "采购" {
        "procurement"
    } else {
        return None;
    })
}

/// A column header of table 二.
pub fn active_col(k: &str) -> Option<&'static str> {
    if k.is_ascii() {
        // every label word is Chinese: a figure (or other ASCII text) names nothing
        return None;
    }
    Some(if has(k, "制发") {
        "issued"
    } else if has(k, "废止") {
        "repealed"
    } else if has(k, "现行有效") {
        "in_force"
    } else if has(k, "处理决定") {
        "decisions"
    } else if has(k, "收费金额") {
        "amount"
    } else if has(k, "新制作") {
        "new_made"
    } else if has(k, "新公开") {
        "new_published"
    } else if has(k, "公开总数") {
        "total_published"
    } else if has(k, "上一年项目") || has(k, "上年项目") {
        "prev_items"
    } else if has(k, "增减") {
        "change"
    } else if has(k, "采购项目") {
        "purchases"
    } else if has(k, "采购总金额") || (has(k, "采购") && has(k, "金额")) {
        "purchase_amount"
    } else {
        return None;
    })
}

/// Rows of table 二 that are neither data nor a header: the article it reports on,
/// `第二十条第（一）项`, `第十九条`, `第二十一条` — any `第…条` opening.
pub fn is_active_section(k: &str) -> bool {
    let Some(rest) = k.strip_prefix('第') else {
        return false;
    };
    let numerals = rest
        .chars()
        .take_while(|c| "一二三四五六七八九十百零〇0123456789".contains(*c))
        .count();
    numerals > 0 && rest.chars().nth(numerals) == Some('条')
}

/// Table 四's row from the header path over a column (top to bottom).
pub fn review_row(path: &str) -> Option<&'static str> {
    if has(path, "复议后") {
        Some("litigation_after_review")
    } else if has(path, "未经复议") || has(path, "直接起诉") {
        Some("litigation_direct")
    } else if has(path, "行政复议") {
        Some("review")
    } else {
        None
    }
}

/// Table 四's column from the lowest header over it.
pub fn review_col(k: &str) -> Option<&'static str> {
    if k.is_ascii() {
        // every label word is Chinese: a figure (or other ASCII text) names nothing
        return None;
    }
    Some(if has(k, "维持") {
        "upheld"
    } else if has(k, "纠正") {
        "corrected"
    } else if has(k, "其他") {
        "other"
    } else if has(k, "审结") {
        "pending"
    } else if has(k, "总计") || has(k, "合计") {
        "total"
    } else {
        return None;
    })
}

/// Words only table 四's header rows hold.
pub const REVIEW_HEADER: [&str; 9] = [
    "行政复议",
    "行政诉讼",
    "维持",
    "纠正",
    "其他结果",
    "审结",
    "总计",
    "合计",
    "起诉",
];

/// Whether a label holds one of [`REVIEW_HEADER`]'s words.
pub fn is_review_header(k: &str) -> bool {
    REVIEW_HEADER.iter().any(|w| k.contains(w))
}

/// Which template table a part is, from all its labels (`|`-joined comparison forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Active,
    Applications,
    Review,
}

pub fn classify(all: &str) -> Option<Kind> {
    let has = |w: &str| all.contains(w);
    if has("行政复议") && (has("行政诉讼") || has("维持") || has("审结")) && !has("新收")
    {
        return Some(Kind::Review);
    }
    let app = [
        "新收",
        "上年结转",
        "予以公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
        "结转下年",
        "申请人情况",
        "国家秘密",
        "重复申请",
        "三安全一稳定",
    ];
    if app.iter().filter(|w| has(w)).count() >= 2 {
        return Some(Kind::Applications);
    }
    let active = [
        "信息内容",
        "制发件数",
        "废止件数",
        "现行有效",
        "处理决定数量",
        "收费金额",
        "新制作数量",
        "新公开数量",
        "上一年项目数量",
        "采购项目数量",
        "第二十条",
    ];
    if active.iter().any(|w| has(w)) {
        return Some(Kind::Active);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `has` is `str::contains`: at the start, the end, overlapping, across characters,
    /// one byte short, ASCII and empty words.
    #[test]
    fn has_is_contains() {
        let keys = [
            "",
            "国家秘密",
            "属于国家秘密的",
            "国家秘",
            "家秘密国家秘密",
            "a国b",
            "ab",
            "aab",
            "本年收到政府信息公开申请数量",
            "属于国家秘密的属于国家秘密",
            "（三）不予公开1.属于国家秘密",
            "xxxxxxx国家秘密",
            "xxxxxxxx国家秘密",
            "xxxxxxxxx国家秘密y",
        ];
        let words = [
            "国家秘密",
            "秘密",
            "国",
            "密的",
            "家秘密国",
            "ab",
            "a",
            "",
            "国家秘密的x",
            "申请数量",
            "本年收到",
            "属于国家秘密",
            "y",
        ];
        for k in keys {
            for w in words {
                assert_eq!(has(k, w), k.contains(w), "{k:?} {w:?}");
            }
        }
    }
}
