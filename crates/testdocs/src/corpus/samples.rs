//! The standalone corpus samples as reports: [`clean_2021`] (the balanced figures other
//! documents reuse) and its unbalanced, placeholder and decimal variants, the 2019-template
//! samples, and the overview text [`with_narrative`] adds. Their builders in
//! [`corpus`](super::corpus) publish them under each sample's own agency.

use super::published;
use crate::report::{Report, Template};

/// The overview paragraphs [`with_narrative`] adds: nine figures of [`clean_2021`] as a
/// report's text states them (received 15, carried_over 3, granted 9, partly 1,
/// results 15, carried_forward 3; review 2, litigation 1 + 0; normative_docs issued 3).
pub const NARRATIVE_2021: [&str; 3] = [
    "（一）依申请公开情况。2021年，本机关共收到政府信息公开申请15件，上年结转3件；予以公开9件，部分公开1件，办结15件，结转下年度继续办理3件，均在法定期限内答复。",
    "（二）行政复议、行政诉讼情况。全年发生政府信息公开行政复议2件，行政诉讼1件。",
    "（三）规范性文件。本年制发规范性文件3件，废止1件。",
];

/// `r` with [`NARRATIVE_2021`] after its overview paragraph (body paragraphs 4 to 6, the
/// title being 0).
pub fn with_narrative(mut r: Report) -> Report {
    r.intro.extend(NARRATIVE_2021.iter().map(|s| s.to_string()));
    r
}

/// Balanced applications figures of [`clean_2021`], by row, in column order
/// (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计).
pub const CLEAN_APPLICATIONS: [(&str, [&str; 7]); 7] = [
    ("received", ["10", "3", "1", "1", "0", "0", "15"]),
    ("carried_over", ["2", "1", "0", "0", "0", "0", "3"]),
    ("granted", ["5", "2", "1", "1", "0", "0", "9"]),
    ("partly_granted", ["1", "0", "0", "0", "0", "0", "1"]),
    ("denied_state_secret", ["1", "0", "0", "0", "0", "0", "1"]),
    ("unable_not_held", ["2", "1", "0", "0", "0", "0", "3"]),
    ("unprocessed_duplicate", ["1", "0", "0", "0", "0", "0", "1"]),
];

/// A 2021 report with non-zero figures where every 勾稽 rule holds. Besides
/// [`CLEAN_APPLICATIONS`]: results_total = received (10, 3, 1, 1, 0, 0, 15),
/// carried_forward = carried_over (2, 1, 0, 0, 0, 0, 3); table 二 rules 1/0/5,
/// normative_docs 3/1/12, licensing 235, penalty 18, coercion 2, fees 1.5; table 四
/// review (1, 0, 0, 1, 2), litigation_direct (0, 1, 0, 0, 1), litigation_after_review 0s.
pub fn clean_2021() -> Report {
    let mut r = Report::new_2021();
    for (row, cells) in CLEAN_APPLICATIONS {
        r.set_app_row(row, cells);
    }
    r.set_app_row("results_total", ["10", "3", "1", "1", "0", "0", "15"]);
    r.set_app_row("carried_forward", ["2", "1", "0", "0", "0", "0", "3"]);
    for (row, col, v) in [
        ("rules", "issued", "1"),
        ("rules", "in_force", "5"),
        ("normative_docs", "issued", "3"),
        ("normative_docs", "repealed", "1"),
        ("normative_docs", "in_force", "12"),
        ("licensing", "decisions", "235"),
        ("penalty", "decisions", "18"),
        ("coercion", "decisions", "2"),
        ("fees", "amount", "1.5"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for (row, col, v) in [
        ("review", "upheld", "1"),
        ("review", "pending", "1"),
        ("review", "total", "2"),
        ("litigation_direct", "corrected", "1"),
        ("litigation_direct", "total", "1"),
    ] {
        r.set("review_litigation", row, col, v);
    }
    r
}

/// [`clean_2021`] with three cells changed:
/// - `applications.received.total` 16 (was 15): `row_total` received fails
///   (expected 15, actual 16) and `column_balance` total fails (16 + 3 ≠ 15 + 3);
/// - `applications.granted.research` 2 (was 1): `row_total` granted fails (expected
///   10, actual 9) and `results_total` research fails (expected 2, actual 1);
///   `column_balance` research still holds (it reads the 总计 row, 1 + 0 = 1 + 0);
/// - `review_litigation.review.total` 3 (was 2): `row_total` review fails (expected
///   2, actual 3).
pub fn unbalanced_2021() -> Report {
    let mut r = clean_2021();
    r.set("applications", "received", "total", "16");
    r.set("applications", "granted", "research", "2");
    r.set("review_litigation", "review", "total", "3");
    r
}

/// An all-zero 2021 report with placeholders and text in number cells:
/// `—` licensing, `——` penalty, `/` coercion, `无` received.natural_person, `－`
/// carried_over.other_org, `见附件` fees.amount, `N/A` review.pending.
pub fn placeholders_2021() -> Report {
    let mut r = Report::new_2021();
    r.set("active_disclosure", "licensing", "decisions", "—");
    r.set("active_disclosure", "penalty", "decisions", "——");
    r.set("active_disclosure", "coercion", "decisions", "/");
    r.set("active_disclosure", "fees", "amount", "见附件");
    r.set("applications", "received", "natural_person", "无");
    r.set("applications", "carried_over", "other_org", "－");
    r.set("review_litigation", "review", "pending", "N/A");
    r
}

/// A 2019-template report of 静乐县人民政府办公室 for 2020 with balanced figures: table 二 rules 0/0/3,
/// normative_docs 4/4/20, licensing 12/-2/310, other_services 30/1/85, penalty 25/0/7,
/// coercion 5/0/1, fees 3/0, procurement 2/25.1; applications received (3, 1, 0, 0, 0,
/// 0, 4) all granted; table 四 zeros.
pub fn template_2019() -> Report {
    let mut r = Report::new_2019();
    for (row, col, v) in [
        ("rules", "total_published", "3"),
        ("normative_docs", "new_made", "4"),
        ("normative_docs", "new_published", "4"),
        ("normative_docs", "total_published", "20"),
        ("licensing", "prev_items", "12"),
        ("licensing", "change", "-2"),
        ("licensing", "decisions", "310"),
        ("other_services", "prev_items", "30"),
        ("other_services", "change", "1"),
        ("other_services", "decisions", "85"),
        ("penalty", "prev_items", "25"),
        ("penalty", "decisions", "7"),
        ("coercion", "prev_items", "5"),
        ("coercion", "decisions", "1"),
        ("fees", "prev_items", "3"),
        ("procurement", "purchases", "2"),
        ("procurement", "purchase_amount", "25.1"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for row in ["received", "granted", "results_total"] {
        r.set_app_row(row, ["3", "1", "0", "0", "0", "0", "4"]);
    }
    r
}

/// Every value cell of `r` still `"0"` left blank (an empty cell), as some authors
/// publish their zeros.
pub fn blank_zeros(r: &mut Report) {
    for k in crate::report::keys(r.template) {
        if r.get(k.table, k.row, k.col) == "0" {
            r.set(k.table, k.row, k.col, "");
        }
    }
}

/// `blanks-2019.docx`: a 2019-template report of 云河市人民政府办公厅 for 2019 whose
/// every zero is an empty cell, even the 总计 of result rows that are all zero (as
/// 上海市人民政府办公厅's 2019 report). With the blanks read as 0 every 勾稽 rule holds:
/// received (152, 9, 2, 0, 4, 1, 168) + carried_over (6, 0, 0, 0, 1, 0, 7) =
/// results_total (148, 8, 2, 0, 5, 1, 164) + carried_forward (10, 1, 0, 0, 0, 0, 11),
/// the fourteen non-zero result rows summing to results_total; review (2, 0, 0, 1, 3),
/// litigation_direct (1, 0, 0, 0, 1); table 二 normative_docs 8/8/46, licensing 21/0/312,
/// procurement 3/96.8. Blank: 128 of the 198 value cells.
pub fn blanks_2019() -> Report {
    let mut r = Report::new(
        Template::T2019,
        "云河市人民政府办公厅",
        2019,
        "2020年1月20日",
    );
    for (row, col, v) in [
        ("normative_docs", "new_made", "8"),
        ("normative_docs", "new_published", "8"),
        ("normative_docs", "total_published", "46"),
        ("licensing", "prev_items", "21"),
        ("licensing", "decisions", "312"),
        ("procurement", "purchases", "3"),
        ("procurement", "purchase_amount", "96.8"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for (row, cells) in [
        ("received", ["152", "9", "2", "0", "4", "1", "168"]),
        ("carried_over", ["6", "0", "0", "0", "1", "0", "7"]),
        ("granted", ["60", "3", "1", "0", "2", "0", "66"]),
        ("partly_granted", ["12", "1", "0", "0", "0", "0", "13"]),
        (
            "denied_safety_stability",
            ["1", "0", "0", "0", "0", "0", "1"],
        ),
        ("denied_third_party", ["3", "1", "0", "0", "0", "0", "4"]),
        (
            "denied_internal_affairs",
            ["2", "0", "0", "0", "0", "0", "2"],
        ),
        ("denied_process_info", ["5", "0", "0", "0", "1", "0", "6"]),
        ("denied_admin_query", ["4", "0", "0", "0", "0", "0", "4"]),
        ("unable_not_held", ["38", "2", "1", "0", "1", "1", "43"]),
        ("unable_needs_creation", ["6", "0", "0", "0", "0", "0", "6"]),
        ("unable_unclear", ["3", "0", "0", "0", "0", "0", "3"]),
        ("unprocessed_complaint", ["7", "1", "0", "0", "0", "0", "8"]),
        ("unprocessed_duplicate", ["4", "0", "0", "0", "1", "0", "5"]),
        ("unprocessed_excessive", ["2", "0", "0", "0", "0", "0", "2"]),
        ("other", ["1", "0", "0", "0", "0", "0", "1"]),
        ("results_total", ["148", "8", "2", "0", "5", "1", "164"]),
        ("carried_forward", ["10", "1", "0", "0", "0", "0", "11"]),
    ] {
        r.set_app_row(row, cells);
    }
    for (row, col, v) in [
        ("review", "upheld", "2"),
        ("review", "pending", "1"),
        ("review", "total", "3"),
        ("litigation_direct", "upheld", "1"),
        ("litigation_direct", "total", "1"),
    ] {
        r.set("review_litigation", row, col, v);
    }
    blank_zeros(&mut r);
    r
}

/// `procurement-unit-2019.docx`: a balanced 2019-template report of 云河市机关事务管理局
/// for 2019 whose 政府集中采购 reads 57 purchases for `73802895.90元` (the unit typed
/// in the cell); applications received (3, 1, 0, 0, 0, 0, 4): granted (2, 1, …, 3),
/// unable_not_held (1, 0, …, 1).
pub fn procurement_unit_2019() -> Report {
    let mut r = Report::new(
        Template::T2019,
        "云河市机关事务管理局",
        2019,
        "2020年1月21日",
    );
    for (row, col, v) in [
        ("normative_docs", "new_made", "2"),
        ("normative_docs", "new_published", "2"),
        ("normative_docs", "total_published", "9"),
        ("other_services", "prev_items", "6"),
        ("other_services", "change", "1"),
        ("other_services", "decisions", "140"),
        ("procurement", "purchases", "57"),
        ("procurement", "purchase_amount", "73802895.90元"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for (row, cells) in [
        ("received", ["3", "1", "0", "0", "0", "0", "4"]),
        ("granted", ["2", "1", "0", "0", "0", "0", "3"]),
        ("unable_not_held", ["1", "0", "0", "0", "0", "0", "1"]),
        ("results_total", ["3", "1", "0", "0", "0", "0", "4"]),
    ] {
        r.set_app_row(row, cells);
    }
    r
}

/// `fees-decimals-2021.docx`: [`clean_2021`]'s figures published by 云河市自然资源和规划局
/// with 本年收费金额 `24252.311082` (万元, to the yuan and below: six decimals).
pub fn fees_decimals_2021() -> Report {
    let mut r = published("fees-decimals-2021.docx", clean_2021());
    r.set("active_disclosure", "fees", "amount", "24252.311082");
    r
}
